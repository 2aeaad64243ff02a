/*
 * maint.c -- the pgo_maint handle, its options, messages and the small
 * helpers every operation shares (argument checks, count and probability
 * setters, the duplicate-and-move engine that splits counts by the incoming
 * edges), and the hot/cold marks.
 *
 * Duplicate-and-move (docs/maint.md "Duplication"): a copy d of block b
 * takes the in-edges E; its count is the flow they carry, F = sum N_src e,
 * and b keeps N_b - F.  Both copies have b's probabilities, so each
 * successor still receives (N_b - F) e + F e = N_b e: the split is exact
 * whenever N_b was its inflow and no moved edge leaves b itself (a moved
 * self loop changes b's own inflow; then counts_exact is false).
 */
#include "maint_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

pgo_status pgo__maint_seterr(pgo_maint *m, pgo_status s, const char *fmt, ...) {
  if (m == NULL)
    return s;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(m->errmsg, sizeof m->errmsg, fmt, ap);
  va_end(ap);
  return s;
}

pgo_status pgo__maint_from_cfg(pgo_maint *m, pgo_status s, const pgo_cfg *cfg,
                               const char *what) {
  return pgo__maint_seterr(m, s, "%s: %s", what, pgo_cfg_errmsg(cfg));
}

pgo_status pgo__maint_from_pfg(pgo_maint *m, pgo_status s, const pgo_pfg *p,
                               const char *what) {
  return pgo__maint_seterr(m, s, "%s: %s", what, pgo_pfg_errmsg(p));
}

PGO_API pgo_status pgo_maint_new(const pgo_allocator *alloc, pgo_maint **out) {
  if (out == NULL)
    return PGO_ERR_INVALID;
  *out = NULL;
  const pgo_allocator *a = alloc ? alloc : pgo_default_allocator();
  if (a->realloc == NULL)
    return PGO_ERR_INVALID;
  pgo_maint *m = a->realloc(a->ud, NULL, 0, sizeof *m);
  if (m == NULL)
    return PGO_ERR_NOMEM;
  memset(m, 0, sizeof *m);
  m->alloc = *a;
  pgo_status s = pgo_synth_new(&m->alloc, &m->synth);
  if (s != PGO_OK) {
    a->realloc(a->ud, m, sizeof *m, 0);
    return s;
  }
  *out = m;
  return PGO_OK;
}

PGO_API void pgo_maint_free(pgo_maint *m) {
  if (m == NULL)
    return;
  pgo_synth_free(m->synth);
  maint_free(m, m->checks, m->nchecks, sizeof *m->checks);
  pgo_allocator a = m->alloc;
  a.realloc(a.ud, m, sizeof *m, 0);
}

PGO_API const char *pgo_maint_errmsg(const pgo_maint *m) {
  return m ? m->errmsg : "null maint handle";
}

/* --- options ------------------------------------------------------------ */

static void defaults(pgo_maint_options *d) {
  memset(d, 0, sizeof *d);
  d->struct_size = sizeof *d;
  d->eps = 1e-9;
  d->prob_eps = 1e-9;
  d->cp_cap = 0.9999;
  d->rec_cap = 0.9999;
  d->invocations = -1;
}

PGO_API void pgo_maint_options_init_sized(pgo_maint_options *o,
                                          size_t struct_size) {
  if (o == NULL || struct_size < sizeof(size_t))
    return;
  pgo_maint_options d;
  defaults(&d);
  size_t n = struct_size < sizeof d ? struct_size : sizeof d;
  memcpy(o, &d, n);
  o->struct_size = struct_size;
}

void pgo__maint_opts(const pgo_maint_options *o, pgo_maint_options *eff) {
  defaults(eff);
  if (o == NULL || o->struct_size < sizeof(size_t))
    return;
  size_t n = o->struct_size < sizeof *eff ? o->struct_size : sizeof *eff;
  memcpy(eff, o, n);
  eff->struct_size = sizeof *eff;
  if (!(eff->eps >= 0))
    eff->eps = 1e-9;
  if (!(eff->prob_eps >= 0))
    eff->prob_eps = 1e-9;
  if (!(eff->cp_cap > 0 && eff->cp_cap < 1))
    eff->cp_cap = 0.9999;
  if (!(eff->rec_cap > 0 && eff->rec_cap <= 1))
    eff->rec_cap = 0.9999;
  if (!(eff->invocations >= 0) || !isfinite(eff->invocations))
    eff->invocations = -1;
  if (eff->recursive_sites == NULL)
    eff->nrecursive = 0;
}

void pgo__maint_result(pgo_maint_result *out, uint32_t first, uint32_t nnew,
                       bool exact) {
  if (out) {
    out->first_new = first;
    out->nnew = nnew;
    out->counts_exact = exact;
  }
}

/* --- argument checks ---------------------------------------------------- */

pgo_status pgo__maint_args(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                           uint32_t block, const char *op) {
  if (m == NULL)
    return PGO_ERR_INVALID;
  m->errmsg[0] = '\0';
  if (cfg == NULL || pfg == NULL)
    return pgo__maint_seterr(m, PGO_ERR_INVALID, "%s: NULL graph or profile",
                             op);
  if (pgo_pfg_cfg(pfg) != cfg)
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "%s: the profile is not over this graph", op);
  if (!pgo_cfg_is_finished(cfg))
    return pgo__maint_seterr(m, PGO_ERR_STATE, "%s: graph not finished", op);
  pgo_status s = pgo_pfg_sync(pfg);
  if (s != PGO_OK)
    return pgo__maint_from_pfg(m, s, pfg, op);
  if (block != PGO_NONE &&
      (block >= pgo_cfg_nblocks(cfg) || pgo_cfg_block_removed(cfg, block)))
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "%s: block %u is not a live block", op, block);
  return PGO_OK;
}

/* --- setters ------------------------------------------------------------ */

pgo_status pgo__maint_set_count(pgo_maint *m, pgo_pfg *pfg, uint32_t b,
                                double v, pgo_provenance prov) {
  if (!isfinite(v))
    return pgo__maint_seterr(m, PGO_ERR_RANGE,
                             "block %u: computed count is not finite", b);
  if (v < 0)
    v = 0;
  if (v > 1e300)
    v = 1e300;
  pgo_status s = pgo_pfg_set_block_count(pfg, b, v, prov);
  return s == PGO_OK ? s : pgo__maint_from_pfg(m, s, pfg, "set count");
}

pgo_status pgo__maint_set_prob(pgo_maint *m, pgo_pfg *pfg, uint32_t e, double v,
                               pgo_provenance prov) {
  if (!isfinite(v))
    v = 0;
  if (v < 0)
    v = 0;
  if (v > 1)
    v = 1;
  pgo_status s = pgo_pfg_set_edge_prob(pfg, e, v, prov);
  return s == PGO_OK ? s : pgo__maint_from_pfg(m, s, pfg, "set probability");
}

double pgo__maint_inflow(const pgo_cfg *cfg, const pgo_pfg *pfg,
                         uint32_t block) {
  const uint32_t *pr = pgo_cfg_preds(cfg, block);
  uint32_t np = pgo_cfg_npred(cfg, block);
  double in = 0;
  for (uint32_t i = 0; i < np; i++)
    in += pgo_pfg_edge_count(pfg, pr[i]);
  return in;
}

pgo_status pgo__maint_copy_probs(pgo_maint *m, pgo_pfg *pfg, uint32_t src,
                                 uint32_t dst) {
  const pgo_cfg *cfg = pgo_pfg_cfg(pfg);
  uint32_t n = pgo_cfg_nsucc(cfg, src);
  if (pgo_cfg_nsucc(cfg, dst) != n)
    return pgo__maint_seterr(m, PGO_ERR_STATE,
                             "blocks %u and %u differ in successors", src, dst);
  uint32_t a = pgo_cfg_succ_begin(cfg, src), b = pgo_cfg_succ_begin(cfg, dst);
  for (uint32_t i = 0; i < n; i++) {
    pgo_status s =
        pgo__maint_set_prob(m, pfg, b + i, pgo_pfg_edge_prob(pfg, a + i),
                            pgo_pfg_edge_prov(pfg, a + i));
    if (s != PGO_OK)
      return s;
  }
  return PGO_OK;
}

pgo_status pgo__maint_split_measured(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                                     uint32_t block, uint32_t d, double f) {
  uint32_t n = pgo_cfg_nsucc(cfg, block);
  if (pgo_cfg_nsucc(cfg, d) != n)
    return PGO_OK;
  uint32_t a = pgo_cfg_succ_begin(cfg, block), b = pgo_cfg_succ_begin(cfg, d);
  for (uint32_t i = 0; i < n; i++) {
    if (pgo_pfg_edge_measured_prov(pfg, a + i) == PGO_PROV_NONE)
      continue;
    double mc = pgo_pfg_edge_measured(pfg, a + i);
    pgo_status s =
        pgo_pfg_set_edge_measured(pfg, b + i, mc * f, PGO_PROV_REPAIRED);
    if (s == PGO_OK)
      s = pgo_pfg_set_edge_measured(pfg, a + i, mc * (1 - f),
                                    PGO_PROV_REPAIRED);
    if (s != PGO_OK)
      return pgo__maint_from_pfg(m, s, pfg, "split measured counts");
  }
  return PGO_OK;
}

pgo_status pgo__maint_dup_move(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                               uint32_t block, const uint32_t *edges,
                               uint32_t n, uint32_t *out_dup, bool *exact) {
  double flow = 0;
  for (uint32_t i = 0; i < n; i++) {
    flow += pgo_pfg_edge_count(pfg, edges[i]);
    if (pgo_cfg_edge_src(cfg, edges[i]) == block)
      *exact = false;
  }
  double nb = pgo_pfg_block_count(pfg, block);
  pgo_provenance bp = pgo_pfg_block_prov(pfg, block);
  if (fabs(nb - pgo__maint_inflow(cfg, pfg, block)) >
          1e-9 * (nb > 1 ? nb : 1) &&
      block != pgo_cfg_entry(cfg))
    *exact = false; /* the split is of an unbalanced count */
  uint32_t d;
  pgo_status s = pgo_cfg_duplicate_block(cfg, block, &d);
  if (s != PGO_OK)
    return pgo__maint_from_cfg(m, s, cfg, "duplicate block");
  *out_dup = d;
  /* Redirect keeps every edge id, so edges[] stays valid. */
  for (uint32_t i = 0; i < n; i++) {
    s = pgo_cfg_redirect_edge(cfg, edges[i], d);
    if (s != PGO_OK)
      return pgo__maint_from_cfg(m, s, cfg, "redirect to the copy");
  }
  if ((s = pgo_pfg_sync(pfg)) != PGO_OK)
    return pgo__maint_from_pfg(m, s, pfg, "sync");
  double keep = nb - flow;
  if (keep < 0) {
    keep = 0;
    *exact = false;
  }
  if (flow > nb && nb > 0)
    flow = nb;
  if ((s = pgo__maint_set_count(m, pfg, d, flow, bp)) != PGO_OK ||
      (s = pgo__maint_set_count(m, pfg, block, keep, bp)) != PGO_OK)
    return s;
  return pgo__maint_split_measured(m, cfg, pfg, block, d,
                                   nb > 0 ? flow / nb : 0);
}

/* --- hot/cold marks ----------------------------------------------------- */

PGO_API pgo_status pgo_maint_hot_cold(pgo_maint *m, const pgo_pfg *pfg,
                                      double cold, double hot,
                                      unsigned char *marks, uint32_t nblocks,
                                      uint32_t *ncold) {
  if (m == NULL)
    return PGO_ERR_INVALID;
  m->errmsg[0] = '\0';
  if (pfg == NULL || marks == NULL)
    return pgo__maint_seterr(m, PGO_ERR_INVALID, "hot_cold: NULL argument");
  const pgo_cfg *cfg = pgo_pfg_cfg(pfg);
  if (nblocks != pgo_cfg_nblocks(cfg))
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "hot_cold: %u marks for %u blocks", nblocks,
                             pgo_cfg_nblocks(cfg));
  if (!(cold >= 0) || !(hot >= cold) || !isfinite(hot))
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "hot_cold: need 0 <= cold <= hot, finite");
  double base = pgo_pfg_entry_count(pfg);
  if (!isfinite(base))
    return pgo__maint_from_pfg(m, PGO_ERR_STATE, pfg, "hot_cold");
  uint32_t nc = 0;
  for (uint32_t b = 0; b < nblocks; b++) {
    if (pgo_cfg_block_removed(cfg, b)) {
      marks[b] = PGO_MAINT_NONE;
      continue;
    }
    double c = pgo_pfg_block_count(pfg, b);
    double r = base > 0 ? c / base : (c > 0 ? INFINITY : 0);
    marks[b] = r <= cold  ? PGO_MAINT_COLD
               : r >= hot ? PGO_MAINT_HOT
                          : PGO_MAINT_WARM;
    nc += marks[b] == PGO_MAINT_COLD;
  }
  if (ncold)
    *ncold = nc;
  return PGO_OK;
}
