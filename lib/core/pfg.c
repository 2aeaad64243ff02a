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
 * block / edge id, so they follow the graph's edits.  pgo_pfg_sync, called
 * by every getter and setter when the graph's generation moved, grows the
 * arrays to the new blocks and edges and gives them values from their
 * origin (split: probability 1 and the split edge's measured count, block
 * count from the split edge; copy: the original edge's probability;
 * otherwise 0 / NONE), clears removed ones, and rescales the probabilities
 * of each block whose successor set changed so they sum to 1 again (values
 * not held first; a rescaled value becomes PGO_PROV_REPAIRED).  O(n + m)
 * per sync, O(1) when nothing changed.  A failed sync (PGO_ERR_NOMEM)
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

/* The per-block and per-edge arrays of one size. */
typedef struct pfg_arrays {
  uint32_t nb, ne;
  double *count;
  uint8_t *bprov, *bheld;
  double *prob, *mcount;
  uint8_t *eprov, *eheld, *mprov, *elive;
} pfg_arrays;

static void arrays_free(const pgo_allocator *a, pfg_arrays *x) {
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

static bool arrays_alloc(const pgo_allocator *a, pfg_arrays *x, uint32_t nb,
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
    arrays_free(a, x);
    return false;
  }
  return true;
}

static void take_arrays(pgo_pfg *p, pfg_arrays *x) {
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

static pfg_arrays own_arrays(const pgo_pfg *p) {
  pfg_arrays x = {p->nblocks, p->nedges, p->count,  p->bprov, p->bheld,
                  p->prob,    p->mcount, p->eprov,  p->eheld, p->mprov,
                  p->elive};
  return x;
}

static void clear_block(pgo_pfg *p, uint32_t b) {
  p->count[b] = 0.0;
  p->bprov[b] = PGO_PROV_NONE;
  p->bheld[b] = 0;
}

static void clear_edge(pgo_pfg *p, uint32_t s) {
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
  if (!arrays_alloc(alloc, &x, cfg->nblocks, cfg->nbedges)) {
    pgo__core_mem_free(alloc, p, 1, sizeof *p);
    return PGO_ERR_NOMEM;
  }
  take_arrays(p, &x);
  for (uint32_t b = 0; b < p->nblocks; b++)
    clear_block(p, b);
  for (uint32_t s = 0; s < p->nedges; s++) {
    clear_edge(p, s);
    const cfg_edge *ed = &cfg->bedges[s];
    if (!ed->removed) {
      p->prob[s] = 1.0 / (double)cfg->blocks[ed->src].nsucc;
      p->elive[s] = 1;
    }
  }
  p->generation = cfg->generation;
  *out = p;
  return PGO_OK;
}

PGO_API void pgo_pfg_free(pgo_pfg *p) {
  if (p == NULL)
    return;
  pfg_arrays x = own_arrays(p);
  arrays_free(&p->alloc, &x);
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

/* --- sync ------------------------------------------------------------------- */

/* Values of a new stable edge s from its origin. */
static void init_edge(pgo_pfg *p, uint32_t s) {
  const cfg_edge *ed = &p->cfg->bedges[s];
  clear_edge(p, s);
  if (ed->removed)
    return;
  p->elive[s] = 1;
  uint32_t o = ed->origin;
  if (ed->origin_kind == CFG_ORIGIN_SPLIT) {
    p->prob[s] = 1.0; /* the split block's only successor */
    p->eprov[s] = p->eprov[o];
    p->mcount[s] = p->mcount[o]; /* the same flow passes both halves */
    p->mprov[s] = p->mprov[o];
  } else if (ed->origin_kind == CFG_ORIGIN_COPY) {
    p->prob[s] = p->prob[o];
    p->eprov[s] = p->eprov[o];
  }
}

/* Values of a new block b from its origin (edges are up to date). */
static void init_block(pgo_pfg *p, uint32_t b) {
  const cfg_block *blk = &p->cfg->blocks[b];
  clear_block(p, b);
  if (blk->removed || blk->origin_kind != CFG_ORIGIN_SPLIT)
    return;
  uint32_t o = blk->origin, src = p->cfg->bedges[o].src;
  if (p->mprov[o] != PGO_PROV_NONE) {
    p->count[b] = p->mcount[o];
    p->bprov[b] = p->mprov[o];
  } else if (p->bprov[src] != PGO_PROV_NONE &&
             p->eprov[o] != PGO_PROV_NONE) {
    p->count[b] = p->count[src] * p->prob[o];
    p->bprov[b] = p->bprov[src];
  }
}

/* Rescales the probabilities of the blocks marked in `changed` (1) so they
 * sum to 1.  fsum/hsum/k are nb-entry work arrays. */
enum { RS_KEEP = 1, RS_FREE, RS_ALL, RS_UNIFORM };

static void rescale(pgo_pfg *p, uint8_t *changed, double *fsum, double *hsum,
                    uint32_t *k) {
  const pgo_cfg *cfg = p->cfg;
  uint32_t nb = cfg->nblocks, ne = cfg->nbedges;
  memset(fsum, 0, (size_t)nb * sizeof(double));
  memset(hsum, 0, (size_t)nb * sizeof(double));
  memset(k, 0, (size_t)nb * sizeof(uint32_t));
  for (uint32_t s = 0; s < ne; s++) {
    const cfg_edge *ed = &cfg->bedges[s];
    if (ed->removed || !changed[ed->src])
      continue;
    k[ed->src]++;
    if (p->eheld[s])
      hsum[ed->src] += p->prob[s];
    else
      fsum[ed->src] += p->prob[s];
  }
  for (uint32_t b = 0; b < nb; b++) {
    if (!changed[b])
      continue;
    double total = fsum[b] + hsum[b];
    if (k[b] == 0 || fabs(total - 1.0) <= PROB_EPS) {
      changed[b] = RS_KEEP;
    } else if (fsum[b] > 0.0 && hsum[b] <= 1.0) {
      changed[b] = RS_FREE;
      fsum[b] = (1.0 - hsum[b]) / fsum[b]; /* factor for values not held */
    } else if (total > 0.0) {
      changed[b] = RS_ALL;
      fsum[b] = 1.0 / total;
    } else {
      changed[b] = RS_UNIFORM;
      fsum[b] = 1.0 / (double)k[b];
    }
  }
  for (uint32_t s = 0; s < ne; s++) {
    const cfg_edge *ed = &cfg->bedges[s];
    if (ed->removed)
      continue;
    uint8_t mode = changed[ed->src];
    if (mode < RS_FREE || (mode == RS_FREE && p->eheld[s]))
      continue;
    if (mode == RS_UNIFORM) {
      p->prob[s] = fsum[ed->src];
      p->eprov[s] = PGO_PROV_NONE;
      p->eheld[s] = 0;
      continue;
    }
    double v = p->prob[s] * fsum[ed->src];
    if (v > 1.0)
      v = 1.0;
    if (v != p->prob[s]) {
      p->prob[s] = v;
      if (p->eprov[s] != PGO_PROV_NONE)
        p->eprov[s] = PGO_PROV_REPAIRED;
      p->eheld[s] = 0; /* no longer the measured value */
    }
  }
}

PGO_API pgo_status pgo_pfg_sync(pgo_pfg *p) {
  if (p == NULL)
    return PGO_ERR_INVALID;
  const pgo_cfg *cfg = p->cfg;
  if (p->generation == cfg->generation)
    return PGO_OK;
  uint32_t nb = cfg->nblocks, ne = cfg->nbedges;
  uint32_t ob = p->nblocks, oe = p->nedges;
  PGO_ASSERT(nb >= ob && ne >= oe); /* ids are never reused */

  /* Everything is allocated before anything changes. */
  pfg_arrays x = own_arrays(p), grown;
  bool grow = nb > ob || ne > oe;
  if (grow && !arrays_alloc(&p->alloc, &grown, nb, ne))
    return pgo__pfg_seterr(p, PGO_ERR_NOMEM,
                           "out of memory growing the profile to %u blocks",
                           nb);
  uint8_t *changed = pgo__core_mem_alloc(&p->alloc, nb, 1);
  double *fsum = pgo__core_mem_alloc(&p->alloc, nb, sizeof(double));
  double *hsum = pgo__core_mem_alloc(&p->alloc, nb, sizeof(double));
  uint32_t *k = pgo__core_mem_alloc(&p->alloc, nb, sizeof(uint32_t));
  if (!changed || !fsum || !hsum || !k) {
    if (grow)
      arrays_free(&p->alloc, &grown);
    pgo__core_mem_free(&p->alloc, changed, nb, 1);
    pgo__core_mem_free(&p->alloc, fsum, nb, sizeof(double));
    pgo__core_mem_free(&p->alloc, hsum, nb, sizeof(double));
    pgo__core_mem_free(&p->alloc, k, nb, sizeof(uint32_t));
    return pgo__pfg_seterr(p, PGO_ERR_NOMEM,
                           "out of memory bringing the profile up to date");
  }
  if (grow) {
    memcpy(grown.count, p->count, (size_t)ob * sizeof(double));
    memcpy(grown.bprov, p->bprov, ob);
    memcpy(grown.bheld, p->bheld, ob);
    memcpy(grown.prob, p->prob, (size_t)oe * sizeof(double));
    memcpy(grown.mcount, p->mcount, (size_t)oe * sizeof(double));
    memcpy(grown.eprov, p->eprov, oe);
    memcpy(grown.eheld, p->eheld, oe);
    memcpy(grown.mprov, p->mprov, oe);
    memcpy(grown.elive, p->elive, oe);
    arrays_free(&p->alloc, &x);
    take_arrays(p, &grown);
  }
  memset(changed, 0, nb);

  /* Removed since the last sync: their sources lose a successor. */
  for (uint32_t s = 0; s < oe; s++)
    if (p->elive[s] && cfg->bedges[s].removed) {
      changed[cfg->bedges[s].src] = 1;
      clear_edge(p, s);
    }
  for (uint32_t b = 0; b < ob; b++)
    if (cfg->blocks[b].removed)
      clear_block(p, b);
  /* New edges, in id order (an origin is always older). */
  for (uint32_t s = oe; s < ne; s++) {
    init_edge(p, s);
    if (p->elive[s])
      changed[cfg->bedges[s].src] = 1;
  }
  for (uint32_t b = 0; b < nb; b++)
    if (cfg->blocks[b].removed)
      changed[b] = 0;
  rescale(p, changed, fsum, hsum, k);
  /* New blocks, in id order (a split's source is always older). */
  for (uint32_t b = ob; b < nb; b++)
    init_block(p, b);

  pgo__core_mem_free(&p->alloc, changed, nb, 1);
  pgo__core_mem_free(&p->alloc, fsum, nb, sizeof(double));
  pgo__core_mem_free(&p->alloc, hsum, nb, sizeof(double));
  pgo__core_mem_free(&p->alloc, k, nb, sizeof(uint32_t));
  p->generation = cfg->generation;
  return PGO_OK;
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
