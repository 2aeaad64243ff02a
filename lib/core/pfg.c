/*
 * pfg.c -- the profiled flow graph: a pgo_cfg (borrowed) plus a count,
 * provenance and "held" flag per block, and per edge a successor
 * probability e_ij, a measured count, their provenances and a held flag.
 * Derived edge counts are E_ij = N_i * e_ij, so counts and probabilities
 * cannot disagree; measured edge counts are kept apart.
 *
 * Kirchhoff residual: for every live block j other than the entry,
 *     r_j = | sum_{i->j} N_i e_ij  -  N_j | / max(N_j, 1)
 * (inflow against count; outflow equals count by construction when each
 * block's probabilities sum to 1).  pgo_pfg_max_residual returns max_j r_j.
 *
 * Edits of the graph (pfg_impl.h, core.h): values are kept per stable
 * block / edge id, so they follow the graph's edits.  pgo_pfg_sync
 * (pfg_sync.c), called by every getter and setter when the graph's
 * generation moved, replays the graph's edit journal (journal.c) so that
 * the values do not depend on when the sync happens.  pgo_pfg_new
 * registers the pfg with its graph (which journals edits while a pfg
 * lives), pgo_pfg_free unregisters it.  A failed sync (PGO_ERR_NOMEM)
 * leaves the pfg as it was; a getter then answers NaN / NONE / false.
 *
 * Setters reject NULL handles, bad or removed ids, out-of-range provenances
 * and non-finite or negative values with PGO_ERR_INVALID and change
 * nothing; edge setters need a finished graph (PGO_ERR_STATE).
 */
#include "pfg_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define PROB_EPS 1e-6

pgo_status pgo__pfg_seterr(pgo_pfg *p, pgo_status s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(p->errmsg, sizeof p->errmsg, fmt, ap);
  va_end(ap);
  return s;
}

/* --- storage ---------------------------------------------------------------- */

void pgo__pfg_arrays_free(const pgo_allocator *a, pfg_arrays *x) {
  pgo__core_mem_free(a, x->count, x->nb, sizeof(double));
  pgo__core_mem_free(a, x->bprov, x->nb, 1);
  pgo__core_mem_free(a, x->bheld, x->nb, 1);
  pgo__core_mem_free(a, x->prob, x->ne, sizeof(double));
  pgo__core_mem_free(a, x->mcount, x->ne, sizeof(double));
  pgo__core_mem_free(a, x->eprov, x->ne, 1);
  pgo__core_mem_free(a, x->eheld, x->ne, 1);
  pgo__core_mem_free(a, x->mprov, x->ne, 1);
  pgo__core_mem_free(a, x->elive, x->ne, 1);
  memset(x, 0, sizeof *x);
}

bool pgo__pfg_arrays_alloc(const pgo_allocator *a, pfg_arrays *x, uint32_t nb,
                         uint32_t ne) {
  memset(x, 0, sizeof *x);
  x->nb = nb;
  x->ne = ne;
  x->count = pgo__core_mem_alloc(a, nb, sizeof(double));
  x->bprov = pgo__core_mem_alloc(a, nb, 1);
  x->bheld = pgo__core_mem_alloc(a, nb, 1);
  x->prob = pgo__core_mem_alloc(a, ne, sizeof(double));
  x->mcount = pgo__core_mem_alloc(a, ne, sizeof(double));
  x->eprov = pgo__core_mem_alloc(a, ne, 1);
  x->eheld = pgo__core_mem_alloc(a, ne, 1);
  x->mprov = pgo__core_mem_alloc(a, ne, 1);
  x->elive = pgo__core_mem_alloc(a, ne, 1);
  if (!x->count || !x->bprov || !x->bheld || !x->prob || !x->mcount ||
      !x->eprov || !x->eheld || !x->mprov || !x->elive) {
    pgo__pfg_arrays_free(a, x);
    return false;
  }
  return true;
}

void pgo__pfg_take_arrays(pgo_pfg *p, pfg_arrays *x) {
  p->nblocks = x->nb;
  p->count = x->count;
  p->bprov = x->bprov;
  p->bheld = x->bheld;
  p->nedges = x->ne;
  p->prob = x->prob;
  p->mcount = x->mcount;
  p->eprov = x->eprov;
  p->eheld = x->eheld;
  p->mprov = x->mprov;
  p->elive = x->elive;
}

pfg_arrays pgo__pfg_own_arrays(const pgo_pfg *p) {
  pfg_arrays x = {p->nblocks, p->nedges, p->count,  p->bprov, p->bheld,
                  p->prob,    p->mcount, p->eprov,  p->eheld, p->mprov,
                  p->elive};
  return x;
}

void pgo__pfg_clear_block(pgo_pfg *p, uint32_t b) {
  p->count[b] = 0.0;
  p->bprov[b] = PGO_PROV_NONE;
  p->bheld[b] = 0;
}

void pgo__pfg_clear_edge(pgo_pfg *p, uint32_t s) {
  p->prob[s] = 0.0;
  p->eprov[s] = PGO_PROV_NONE;
  p->eheld[s] = 0;
  p->mcount[s] = NAN;
  p->mprov[s] = PGO_PROV_NONE;
  p->elive[s] = 0;
}

PGO_API pgo_status pgo_pfg_new(const pgo_allocator *alloc, const pgo_cfg *cfg,
                               pgo_pfg **out) {
  if (out == NULL)
    return PGO_ERR_INVALID;
  *out = NULL;
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  if (!cfg->finished)
    return PGO_ERR_STATE;
  if (alloc == NULL)
    alloc = pgo_default_allocator();
  if (alloc->realloc == NULL)
    return PGO_ERR_INVALID;
  pgo_pfg *p = pgo__core_mem_alloc(alloc, 1, sizeof *p);
  if (p == NULL)
    return PGO_ERR_NOMEM;
  memset(p, 0, sizeof *p);
  p->alloc = *alloc;
  p->cfg = cfg;
  pfg_arrays x;
  if (!pgo__pfg_arrays_alloc(alloc, &x, cfg->nblocks, cfg->nbedges)) {
    pgo__core_mem_free(alloc, p, 1, sizeof *p);
    return PGO_ERR_NOMEM;
  }
  pgo__pfg_take_arrays(p, &x);
  for (uint32_t b = 0; b < p->nblocks; b++)
    pgo__pfg_clear_block(p, b);
  for (uint32_t s = 0; s < p->nedges; s++) {
    pgo__pfg_clear_edge(p, s);
    const cfg_edge *ed = &cfg->bedges[s];
    if (!ed->removed) {
      p->prob[s] = 1.0 / (double)cfg->blocks[ed->src].nsucc;
      p->elive[s] = 1;
    }
  }
  p->generation = cfg->generation;
  /* The registry is the graph's mutable part (thread rules in core.h):
   * the graph journals its edits for as long as this pfg lives. */
  pgo__journal_register((pgo_cfg *)cfg, p);
  *out = p;
  return PGO_OK;
}

PGO_API void pgo_pfg_free(pgo_pfg *p) {
  if (p == NULL)
    return;
  pgo__journal_unregister(p);
  pfg_arrays x = pgo__pfg_own_arrays(p);
  pgo__pfg_arrays_free(&p->alloc, &x);
  pgo__pfg_hist_free_all(p);
  pgo_allocator a = p->alloc;
  pgo__core_mem_free(&a, p, 1, sizeof *p);
}

PGO_API const pgo_cfg *pgo_pfg_cfg(const pgo_pfg *p) {
  return p ? p->cfg : NULL;
}
PGO_API const char *pgo_pfg_errmsg(const pgo_pfg *p) {
  return p ? p->errmsg : "no profile (NULL handle)";
}
PGO_API uint64_t pgo_pfg_generation(const pgo_pfg *p) {
  return p ? p->generation : 0;
}

/* A getter's sync: writes through const (see the thread rules in core.h).
 * Getters answer 0 / NONE / false for a NULL handle, NaN / NONE / false
 * when the sync fails. */
static bool ready(const pgo_pfg *p) {
  if (p == NULL)
    return false;
  if (p->generation == p->cfg->generation)
    return true;
  return pgo_pfg_sync((pgo_pfg *)p) == PGO_OK;
}

/* Stable id of public edge e, PGO_NONE if there is no such edge. */
static uint32_t stable_of(const pgo_pfg *p, uint32_t e) {
  const pgo_cfg *cfg = p->cfg;
  if (!cfg->finished || e >= cfg->nedges)
    return PGO_NONE;
  return cfg->edge_stable[e];
}

static bool block_live(const pgo_pfg *p, uint32_t b) {
  return b < p->nblocks && !p->cfg->blocks[b].removed;
}

/* --- getters ---------------------------------------------------------------- */

PGO_API double pgo_pfg_block_count(const pgo_pfg *p, uint32_t block) {
  if (!ready(p))
    return p ? NAN : 0.0;
  return block_live(p, block) ? p->count[block] : 0.0;
}
PGO_API pgo_provenance pgo_pfg_block_prov(const pgo_pfg *p, uint32_t block) {
  return ready(p) && block_live(p, block) ? (pgo_provenance)p->bprov[block]
                                          : PGO_PROV_NONE;
}
PGO_API bool pgo_pfg_block_held(const pgo_pfg *p, uint32_t block) {
  return ready(p) && block_live(p, block) && p->bheld[block];
}
PGO_API double pgo_pfg_edge_prob(const pgo_pfg *p, uint32_t edge) {
  if (!ready(p))
    return p ? NAN : 0.0;
  uint32_t s = stable_of(p, edge);
  return s == PGO_NONE ? 0.0 : p->prob[s];
}
PGO_API pgo_provenance pgo_pfg_edge_prov(const pgo_pfg *p, uint32_t edge) {
  if (!ready(p))
    return PGO_PROV_NONE;
  uint32_t s = stable_of(p, edge);
  return s == PGO_NONE ? PGO_PROV_NONE : (pgo_provenance)p->eprov[s];
}
PGO_API bool pgo_pfg_edge_held(const pgo_pfg *p, uint32_t edge) {
  if (!ready(p))
    return false;
  uint32_t s = stable_of(p, edge);
  return s != PGO_NONE && p->eheld[s];
}
PGO_API double pgo_pfg_edge_measured(const pgo_pfg *p, uint32_t edge) {
  if (!ready(p))
    return p ? NAN : 0.0;
  uint32_t s = stable_of(p, edge);
  return s == PGO_NONE || p->mprov[s] == PGO_PROV_NONE ? NAN : p->mcount[s];
}
PGO_API pgo_provenance pgo_pfg_edge_measured_prov(const pgo_pfg *p,
                                                  uint32_t edge) {
  if (!ready(p))
    return PGO_PROV_NONE;
  uint32_t s = stable_of(p, edge);
  return s == PGO_NONE ? PGO_PROV_NONE : (pgo_provenance)p->mprov[s];
}
PGO_API double pgo_pfg_edge_count(const pgo_pfg *p, uint32_t edge) {
  if (!ready(p))
    return p ? NAN : 0.0;
  uint32_t s = stable_of(p, edge);
  if (s == PGO_NONE)
    return 0.0;
  return p->count[p->cfg->edge_src[edge]] * p->prob[s];
}
PGO_API double pgo_pfg_entry_count(const pgo_pfg *p) {
  if (!ready(p))
    return p ? NAN : 0.0;
  return p->cfg->entry < p->nblocks ? p->count[p->cfg->entry] : 0.0;
}

PGO_API double pgo_pfg_max_residual(const pgo_pfg *p, uint32_t *worst) {
  if (worst)
    *worst = PGO_NONE;
  if (p == NULL)
    return 0.0;
  if (!ready(p) || !p->cfg->finished)
    return NAN;
  const pgo_cfg *cfg = p->cfg;
  double best = 0.0;
  uint32_t at = PGO_NONE;
  for (uint32_t b = 0; b < p->nblocks; b++) {
    if (b == cfg->entry || cfg->blocks[b].removed)
      continue;
    double in = 0.0;
    for (uint32_t k = cfg->pred_off[b]; k < cfg->pred_off[b + 1]; k++) {
      uint32_t e = cfg->pred_edge[k];
      in += p->count[cfg->edge_src[e]] * p->prob[cfg->edge_stable[e]];
    }
    double n = p->count[b];
    double r = fabs(in - n) / (n > 1.0 ? n : 1.0);
    if (r > best) {
      best = r;
      at = b;
    }
  }
  if (worst)
    *worst = at;
  return best;
}

/* --- setters ---------------------------------------------------------------- */

/* Sync, then check the handle and the provenance. */
static pgo_status setter_prologue(pgo_pfg *p, const char *fn,
                                  pgo_provenance prov) {
  if (p == NULL)
    return PGO_ERR_INVALID;
  pgo_status s = pgo_pfg_sync(p);
  if (s != PGO_OK)
    return s;
  if (!pfg_prov_ok((int)prov))
    return pgo__pfg_seterr(p, PGO_ERR_INVALID, "%s: provenance %d out of range",
                           fn, (int)prov);
  return PGO_OK;
}

static pgo_status check_block(pgo_pfg *p, const char *fn, uint32_t b) {
  if (b >= p->nblocks)
    return pgo__pfg_seterr(p, PGO_ERR_INVALID,
                           "%s: block %u does not exist (graph has %u blocks)",
                           fn, b, p->nblocks);
  if (p->cfg->blocks[b].removed)
    return pgo__pfg_seterr(p, PGO_ERR_INVALID, "%s: block %u was removed", fn,
                           b);
  return PGO_OK;
}

/* Stable id of edge into *st, or an error. */
static pgo_status check_edge(pgo_pfg *p, const char *fn, uint32_t e,
                             uint32_t *st) {
  if (!p->cfg->finished)
    return pgo__pfg_seterr(p, PGO_ERR_STATE,
                           "%s: the graph is not finished (no edge ids)", fn);
  if (e >= p->cfg->nedges)
    return pgo__pfg_seterr(p, PGO_ERR_INVALID,
                           "%s: edge %u does not exist (graph has %u edges)",
                           fn, e, p->cfg->nedges);
  *st = p->cfg->edge_stable[e];
  return PGO_OK;
}

static pgo_status bad_value(pgo_pfg *p, const char *fn, const char *what,
                            uint32_t id, double v) {
  return pgo__pfg_seterr(p, PGO_ERR_INVALID, "%s: %s %u: %g is not a valid "
                         "value", fn, what, id, v);
}

PGO_API pgo_status pgo_pfg_set_block_count(pgo_pfg *p, uint32_t block,
                                           double count, pgo_provenance prov) {
  static const char fn[] = "pgo_pfg_set_block_count";
  pgo_status s = setter_prologue(p, fn, prov);
  if (s == PGO_OK)
    s = check_block(p, fn, block);
  if (s != PGO_OK)
    return s;
  if (!isfinite(count) || count < 0.0)
    return bad_value(p, fn, "block", block, count);
  p->count[block] = count;
  p->bprov[block] = (uint8_t)prov;
  return PGO_OK;
}

PGO_API pgo_status pgo_pfg_set_edge_prob(pgo_pfg *p, uint32_t edge,
                                         double prob, pgo_provenance prov) {
  static const char fn[] = "pgo_pfg_set_edge_prob";
  uint32_t st = PGO_NONE;
  pgo_status s = setter_prologue(p, fn, prov);
  if (s == PGO_OK)
    s = check_edge(p, fn, edge, &st);
  if (s != PGO_OK)
    return s;
  if (!isfinite(prob) || prob < 0.0 || prob > 1.0)
    return bad_value(p, fn, "edge", edge, prob);
  p->prob[st] = prob;
  p->eprov[st] = (uint8_t)prov;
  return PGO_OK;
}

PGO_API pgo_status pgo_pfg_set_edge_measured(pgo_pfg *p, uint32_t edge,
                                             double count,
                                             pgo_provenance prov) {
  static const char fn[] = "pgo_pfg_set_edge_measured";
  uint32_t st = PGO_NONE;
  pgo_status s = setter_prologue(p, fn, prov);
  if (s == PGO_OK)
    s = check_edge(p, fn, edge, &st);
  if (s != PGO_OK)
    return s;
  if (prov == PGO_PROV_NONE) {
    p->mcount[st] = NAN;
    p->mprov[st] = PGO_PROV_NONE;
    return PGO_OK;
  }
  if (!isfinite(count) || count < 0.0)
    return bad_value(p, fn, "edge", edge, count);
  p->mcount[st] = count;
  p->mprov[st] = (uint8_t)prov;
  return PGO_OK;
}

PGO_API pgo_status pgo_pfg_set_block_held(pgo_pfg *p, uint32_t block,
                                          bool held) {
  static const char fn[] = "pgo_pfg_set_block_held";
  pgo_status s = setter_prologue(p, fn, PGO_PROV_NONE);
  if (s == PGO_OK)
    s = check_block(p, fn, block);
  if (s != PGO_OK)
    return s;
  p->bheld[block] = held ? 1 : 0;
  return PGO_OK;
}

PGO_API pgo_status pgo_pfg_set_edge_held(pgo_pfg *p, uint32_t edge,
                                         bool held) {
  static const char fn[] = "pgo_pfg_set_edge_held";
  uint32_t st = PGO_NONE;
  pgo_status s = setter_prologue(p, fn, PGO_PROV_NONE);
  if (s == PGO_OK)
    s = check_edge(p, fn, edge, &st);
  if (s != PGO_OK)
    return s;
  p->eheld[st] = held ? 1 : 0;
  return PGO_OK;
}

/* --- verify ----------------------------------------------------------------- */

PGO_API pgo_status pgo_pfg_verify(pgo_pfg *p) {
  if (p == NULL)
    return PGO_ERR_INVALID;
  pgo_status s = pgo_pfg_sync(p);
  if (s != PGO_OK)
    return s;
  const pgo_cfg *cfg = p->cfg;
  if (p->generation != cfg->generation || p->nblocks != cfg->nblocks ||
      p->nedges != cfg->nbedges)
    return pgo__pfg_seterr(p, PGO_ERR_CORRUPT,
                           "verify: profile of generation %llu has %u blocks "
                           "and %u edges, the graph (generation %llu) %u and "
                           "%u",
                           (unsigned long long)p->generation, p->nblocks,
                           p->nedges, (unsigned long long)cfg->generation,
                           cfg->nblocks, cfg->nbedges);
  for (uint32_t b = 0; b < p->nblocks; b++) {
    bool dead = cfg->blocks[b].removed;
    if (!isfinite(p->count[b]) || p->count[b] < 0.0 ||
        !pfg_prov_ok(p->bprov[b]) ||
        (dead && (p->count[b] != 0.0 || p->bprov[b] || p->bheld[b])))
      return pgo__pfg_seterr(p, PGO_ERR_CORRUPT,
                             "verify: block %u: count %g, provenance %u%s", b,
                             p->count[b], p->bprov[b],
                             dead ? " on a removed block" : "");
  }
  double *sum = pgo__core_mem_alloc(&p->alloc, p->nblocks, sizeof(double));
  if (sum == NULL)
    return pgo__pfg_seterr(p, PGO_ERR_NOMEM, "out of memory in verify");
  memset(sum, 0, (size_t)p->nblocks * sizeof(double));
  s = PGO_OK;
  for (uint32_t e = 0; e < p->nedges && s == PGO_OK; e++) {
    const cfg_edge *ed = &cfg->bedges[e];
    double v = p->prob[e];
    bool bad = !isfinite(v) || v < 0.0 || v > 1.0 ||
               !pfg_prov_ok(p->eprov[e]) || !pfg_prov_ok(p->mprov[e]) ||
               (p->mprov[e] != PGO_PROV_NONE &&
                (!isfinite(p->mcount[e]) || p->mcount[e] < 0.0)) ||
               p->elive[e] == ed->removed;
    if (ed->removed)
      bad = bad || v != 0.0 || p->eprov[e] || p->eheld[e] || p->mprov[e];
    else
      sum[ed->src] += v;
    if (bad)
      s = pgo__pfg_seterr(p, PGO_ERR_CORRUPT,
                          "verify: edge %u (%u -> %u, stable id): probability "
                          "%g, measured %g%s",
                          e, ed->src, ed->dst, v, p->mcount[e],
                          ed->removed ? " on a removed edge" : "");
  }
  for (uint32_t b = 0; b < p->nblocks && s == PGO_OK; b++)
    if (cfg->blocks[b].nsucc > 0 && !(fabs(sum[b] - 1.0) <= PROB_EPS))
      s = pgo__pfg_seterr(p, PGO_ERR_CORRUPT,
                          "verify: block %u: successor probabilities sum to "
                          "%.9g, not 1",
                          b, sum[b]);
  pgo__core_mem_free(&p->alloc, sum, p->nblocks, sizeof(double));
  if (s == PGO_OK)
    s = pgo__pfg_hist_verify(p);
  if (s == PGO_OK)
    p->errmsg[0] = '\0';
  return s;
}
