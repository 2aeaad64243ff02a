/*
 * inline.c -- inlining one call site: the callee's blocks are added to the
 * caller's graph through the public builder and edit API (core has no
 * "merge graphs"), and the callee's normalised profile is scaled by the
 * call-site count (docs/maint.md "Inlining").
 *
 *   S      = N_call_block (the call runs once per execution of its block);
 *   N_b'   = S * n_b / n_entry for each callee block b (callee_pfg), or the
 *            call-site-specific count of b unscaled when site_pfg is given;
 *   e'     = the callee's (or the site profile's) probabilities;
 *   N_k    = sum of the returns' counts (the continuation gets what
 *            returns), = S when the callee profile was consistent and the
 *            callee never leaves by a throw.
 *
 * The callee is read into a snapshot first, so a method may inline itself.
 * Steps: continuation k = copy of the call block (it takes the call block's
 * successors, probabilities and measured counts); callee blocks and edges
 * added, returns jump to k; finish; the call block's first edge goes to
 * the copied entry, its other edges are removed.  Blocks that return are
 * callee blocks with a return (or unset) terminator and no successors.
 */
#include "maint_impl.h"

#include <math.h>

typedef struct snap_block {
  uint32_t orig, ninstr, nsucc, first; /* first: index into succ arrays */
  pgo_term term;
  unsigned flags;
  pgo_branch_features br;
  bool has_ann, ret;
  double count;
  pgo_provenance prov;
} snap_block;

typedef struct snap {
  snap_block *b;
  uint32_t nb, ne, cap_b, cap_e;
  uint32_t *dst; /* callee block id of each successor */
  double *prob, *ann;
  pgo_provenance *eprov;
  uint32_t *map; /* callee block id -> caller id (cap: callee nblocks) */
  uint32_t nmap;
} snap;

static void snap_free(pgo_maint *m, snap *x) {
  maint_free(m, x->b, x->cap_b, sizeof *x->b);
  maint_free(m, x->dst, x->cap_e, sizeof *x->dst);
  maint_free(m, x->prob, x->cap_e, sizeof *x->prob);
  maint_free(m, x->ann, x->cap_e, sizeof *x->ann);
  maint_free(m, x->eprov, x->cap_e, sizeof *x->eprov);
  maint_free(m, x->map, x->nmap, sizeof *x->map);
}

static pgo_status take_snapshot(pgo_maint *m, const pgo_cfg *cc,
                                const pgo_pfg *prof, snap *x) {
  memset(x, 0, sizeof *x);
  uint32_t nb = pgo_cfg_nblocks(cc), ne = pgo_cfg_nedges(cc);
  x->cap_b = nb;
  x->cap_e = ne;
  x->nmap = nb;
  x->b = maint_alloc(m, nb, sizeof *x->b);
  x->dst = maint_alloc(m, ne, sizeof *x->dst);
  x->prob = maint_alloc(m, ne, sizeof *x->prob);
  x->ann = maint_alloc(m, ne, sizeof *x->ann);
  x->eprov = maint_alloc(m, ne, sizeof *x->eprov);
  x->map = maint_alloc(m, nb, sizeof *x->map);
  if (!x->b || !x->dst || !x->prob || !x->ann || !x->eprov || !x->map) {
    snap_free(m, x);
    return pgo__maint_seterr(m, PGO_ERR_NOMEM, "inline: out of memory");
  }
  for (uint32_t b = 0; b < nb; b++) {
    x->map[b] = PGO_NONE;
    if (pgo_cfg_block_removed(cc, b))
      continue;
    snap_block *s = &x->b[x->nb++];
    s->orig = b;
    s->ninstr = pgo_cfg_ninstr(cc, b);
    s->nsucc = pgo_cfg_nsucc(cc, b);
    s->first = x->ne;
    s->term = pgo_cfg_term(cc, b);
    s->flags = pgo_cfg_flags(cc, b) & ~(unsigned)PGO_BLOCK_ENTRY;
    s->br = pgo_cfg_branch(cc, b);
    s->ret = s->nsucc == 0 &&
             (s->term == PGO_TERM_RETURN || s->term == PGO_TERM_NONE);
    s->count = pgo_pfg_block_count(prof, b);
    s->prov = pgo_pfg_block_prov(prof, b);
    const double *ann = pgo_cfg_annotation(cc, b);
    s->has_ann = ann != NULL;
    uint32_t e0 = pgo_cfg_succ_begin(cc, b);
    for (uint32_t i = 0; i < s->nsucc; i++) {
      x->dst[x->ne] = pgo_cfg_edge_dst(cc, e0 + i);
      x->prob[x->ne] = pgo_pfg_edge_prob(prof, e0 + i);
      x->eprov[x->ne] = pgo_pfg_edge_prov(prof, e0 + i);
      x->ann[x->ne] = ann ? ann[i] : 0;
      x->ne++;
    }
  }
  return PGO_OK;
}

PGO_API pgo_status pgo_maint_inline(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                                    uint32_t call_block,
                                    const pgo_cfg *callee_cfg,
                                    const pgo_pfg *callee_pfg,
                                    const pgo_pfg *site_pfg,
                                    pgo_maint_result *out) {
  const char *op = "inline";
  pgo_status s = pgo__maint_args(m, cfg, pfg, call_block, op);
  if (s != PGO_OK)
    return s;
  const pgo_pfg *prof = site_pfg ? site_pfg : callee_pfg;
  if (callee_cfg == NULL || prof == NULL || pgo_pfg_cfg(prof) != callee_cfg ||
      (callee_pfg && pgo_pfg_cfg(callee_pfg) != callee_cfg))
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "%s: callee graph and profile do not match", op);
  if (!pgo_cfg_is_finished(callee_cfg))
    return pgo__maint_seterr(m, PGO_ERR_STATE, "%s: callee not finished", op);
  double S = pgo_pfg_block_count(pfg, call_block);
  pgo_provenance cprov = pgo_pfg_block_prov(pfg, call_block);
  uint32_t centry = pgo_cfg_entry(callee_cfg);
  double n_entry = pgo_pfg_block_count(prof, centry);
  if (!isfinite(S) || !isfinite(n_entry))
    return pgo__maint_from_pfg(m, PGO_ERR_STATE, prof, op);
  bool exact = true;
  double scale = 1;
  if (!site_pfg) {
    scale = n_entry > 0 ? S / n_entry : 0;
    if (!(n_entry > 0) && S > 0)
      exact = false;
  } else if (fabs(n_entry - S) > 1e-9 * (S > 1 ? S : 1)) {
    exact = false;
  }
  snap x;
  if ((s = take_snapshot(m, callee_cfg, prof, &x)) != PGO_OK)
    return s;
  uint32_t first = pgo_cfg_nblocks(cfg), k = PGO_NONE;
  uint32_t call_ns = pgo_cfg_nsucc(cfg, call_block);
  /* 1. the continuation */
  if ((s = pgo_cfg_duplicate_block(cfg, call_block, &k)) != PGO_OK) {
    pgo__maint_from_cfg(m, s, cfg, "inline: continuation");
    goto done;
  }
  if ((s = pgo_pfg_sync(pfg)) != PGO_OK) { /* before any getter */
    pgo__maint_from_pfg(m, s, pfg, "inline: sync");
    goto done;
  }
  if ((s = pgo__maint_split_measured(m, cfg, pfg, call_block, k, 1.0)) !=
      PGO_OK)
    goto done;
  /* 2. the callee's blocks and edges.  A terminator is set only once its
   * block has its edges, so a failure midway leaves a graph that verifies
   * (blocks without a terminator kind accept any successor count). */
  for (uint32_t i = 0; i < x.nb && s == PGO_OK; i++) {
    snap_block *b = &x.b[i];
    uint32_t id;
    if ((s = pgo_cfg_add_block(cfg, PGO_NONE, b->ninstr, &id)) == PGO_OK)
      x.map[b->orig] = id;
    if (s == PGO_OK)
      s = pgo_cfg_set_flags(cfg, id, b->flags);
    if (s == PGO_OK)
      s = pgo_cfg_set_branch(cfg, id, &b->br);
  }
  for (uint32_t i = 0; i < x.nb && s == PGO_OK; i++) {
    snap_block *b = &x.b[i];
    uint32_t id = x.map[b->orig];
    for (uint32_t q = 0; q < b->nsucc && s == PGO_OK; q++)
      s = pgo_cfg_add_edge(cfg, id, x.map[x.dst[b->first + q]]);
    if (s == PGO_OK && b->ret)
      s = pgo_cfg_add_edge(cfg, id, k);
    if (s == PGO_OK)
      s = pgo_cfg_set_term(cfg, id, b->ret ? PGO_TERM_JUMP : b->term);
    if (s == PGO_OK && b->has_ann && b->nsucc)
      s = pgo_cfg_set_annotation(cfg, id, &x.ann[b->first], b->nsucc);
  }
  if (s == PGO_OK && call_ns == 0 &&
      (s = pgo_cfg_set_term(cfg, call_block, PGO_TERM_NONE)) == PGO_OK)
    s = pgo_cfg_add_edge(cfg, call_block, x.map[centry]);
  if (s != PGO_OK) {
    pgo__maint_from_cfg(m, s, cfg, "inline: add callee blocks");
    (void)pgo_cfg_finish(cfg);
    goto done;
  }
  if ((s = pgo_cfg_finish(cfg)) != PGO_OK) {
    pgo__maint_from_cfg(m, s, cfg, "inline: finish");
    goto done;
  }
  /* 3. the call block now jumps to the inlined entry */
  if (call_ns > 0) {
    uint32_t e0 = pgo_cfg_succ_begin(cfg, call_block);
    s = pgo_cfg_redirect_edge(cfg, e0, x.map[centry]);
    while (s == PGO_OK && pgo_cfg_nsucc(cfg, call_block) > 1)
      s = pgo_cfg_remove_edge(cfg, pgo_cfg_succ_begin(cfg, call_block) + 1);
  }
  pgo_branch_features none = {PGO_CMP_NONE, PGO_OPND_NONE, PGO_OPND_NONE};
  if (s == PGO_OK)
    s = pgo_cfg_set_term(cfg, call_block, PGO_TERM_JUMP);
  if (s == PGO_OK)
    s = pgo_cfg_set_branch(cfg, call_block, &none);
  if (s != PGO_OK) {
    pgo__maint_from_cfg(m, s, cfg, "inline: rewire the call");
    goto done;
  }
  if ((s = pgo_pfg_sync(pfg)) != PGO_OK) {
    pgo__maint_from_pfg(m, s, pfg, "inline: sync");
    goto done;
  }
  /* 4. the profile */
  pgo_provenance jp = cprov == PGO_PROV_NONE ? PGO_PROV_SYNTHESIZED : cprov;
  s = pgo__maint_set_prob(m, pfg, pgo_cfg_succ_begin(cfg, call_block), 1, jp);
  double kin = 0;
  for (uint32_t i = 0; i < x.nb && s == PGO_OK; i++) {
    snap_block *b = &x.b[i];
    uint32_t id = x.map[b->orig], e0 = pgo_cfg_succ_begin(cfg, id);
    double c = b->count * scale;
    s = pgo__maint_set_count(m, pfg, id, c, b->prov);
    for (uint32_t q = 0; q < b->nsucc && s == PGO_OK; q++)
      s = pgo__maint_set_prob(m, pfg, e0 + q, x.prob[b->first + q],
                              x.eprov[b->first + q]);
    if (s == PGO_OK && b->ret) {
      s = pgo__maint_set_prob(m, pfg, e0, 1, jp);
      kin += c;
    }
  }
  if (s == PGO_OK)
    s = pgo__maint_set_count(m, pfg, k, kin, cprov);
  if (s == PGO_OK && fabs(kin - S) > 1e-9 * (S > 1 ? S : 1))
    exact = false;
  if (s == PGO_OK)
    pgo__maint_result(out, first, 1 + x.nb, exact);
done:
  snap_free(m, &x);
  return s;
}
