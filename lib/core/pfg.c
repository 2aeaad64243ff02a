/*
 * pfg.c -- the profiled flow graph: a finished pgo_cfg (borrowed) plus a
 * count and provenance per block and a successor probability e_ij and
 * provenance per edge.  Edge counts are derived, E_ij = N_i * e_ij, so
 * counts and probabilities cannot disagree.
 *
 * Kirchhoff residual: for every block j other than the entry,
 *     r_j = | sum_{i->j} N_i e_ij  -  N_j | / max(N_j, 1)
 * (inflow against count; outflow equals count by construction when each
 * block's probabilities sum to 1).  pgo_pfg_max_residual returns max_j r_j.
 *
 * Setters ignore out-of-range ids and non-finite or negative values (a
 * library never aborts); getters return 0 / PGO_PROV_NONE for bad ids.
 */
#include "cfg_impl.h"

#include <math.h>
#include <string.h>

struct pgo_pfg {
  pgo_allocator alloc;
  const pgo_cfg *cfg;      /* borrowed, finished, not edited while we live */
  uint32_t nblocks, nedges;
  double *count;           /* nblocks: N_i */
  double *prob;            /* nedges: e_ij, indexed by edge id */
  uint8_t *bprov;          /* nblocks: pgo_provenance */
  uint8_t *eprov;          /* nedges */
};

static void pfg_release(pgo_pfg *p) {
  pgo__core_mem_free(&p->alloc, p->count, p->nblocks, sizeof(double));
  pgo__core_mem_free(&p->alloc, p->prob, p->nedges, sizeof(double));
  pgo__core_mem_free(&p->alloc, p->bprov, p->nblocks, 1);
  pgo__core_mem_free(&p->alloc, p->eprov, p->nedges, 1);
  pgo_allocator a = p->alloc;
  pgo__core_mem_free(&a, p, 1, sizeof *p);
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
  p->nblocks = cfg->nblocks;
  p->nedges = cfg->nedges;
  p->count = pgo__core_mem_alloc(alloc, p->nblocks, sizeof(double));
  p->prob = pgo__core_mem_alloc(alloc, p->nedges, sizeof(double));
  p->bprov = pgo__core_mem_alloc(alloc, p->nblocks, 1);
  p->eprov = pgo__core_mem_alloc(alloc, p->nedges, 1);
  if (!p->count || !p->prob || !p->bprov || !p->eprov) {
    pfg_release(p);
    return PGO_ERR_NOMEM;
  }
  for (uint32_t b = 0; b < p->nblocks; b++) {
    p->count[b] = 0.0;
    p->bprov[b] = PGO_PROV_NONE;
    uint32_t n = cfg->succ_off[b + 1] - cfg->succ_off[b];
    for (uint32_t e = cfg->succ_off[b]; e < cfg->succ_off[b + 1]; e++) {
      p->prob[e] = 1.0 / (double)n;
      p->eprov[e] = PGO_PROV_NONE;
    }
  }
  *out = p;
  return PGO_OK;
}

PGO_API void pgo_pfg_free(pgo_pfg *p) {
  if (p != NULL)
    pfg_release(p);
}

PGO_API const pgo_cfg *pgo_pfg_cfg(const pgo_pfg *p) {
  return p ? p->cfg : NULL;
}

static bool prov_ok(pgo_provenance prov) {
  return (unsigned)prov <= (unsigned)PGO_PROV_REPAIRED;
}

PGO_API double pgo_pfg_block_count(const pgo_pfg *p, uint32_t block) {
  return p && block < p->nblocks ? p->count[block] : 0.0;
}
PGO_API pgo_provenance pgo_pfg_block_prov(const pgo_pfg *p, uint32_t block) {
  return p && block < p->nblocks ? (pgo_provenance)p->bprov[block]
                                 : PGO_PROV_NONE;
}
PGO_API pgo_status pgo_pfg_set_block_count(pgo_pfg *p, uint32_t block,
                                           double count, pgo_provenance prov) {
  if (p && block < p->nblocks && isfinite(count) && count >= 0.0 &&
      prov_ok(prov)) {
    p->count[block] = count;
    p->bprov[block] = (uint8_t)prov;
    return PGO_OK;
  }
  return PGO_ERR_INVALID;
}
PGO_API double pgo_pfg_edge_prob(const pgo_pfg *p, uint32_t edge) {
  return p && edge < p->nedges ? p->prob[edge] : 0.0;
}
PGO_API pgo_provenance pgo_pfg_edge_prov(const pgo_pfg *p, uint32_t edge) {
  return p && edge < p->nedges ? (pgo_provenance)p->eprov[edge]
                               : PGO_PROV_NONE;
}
PGO_API pgo_status pgo_pfg_set_edge_prob(pgo_pfg *p, uint32_t edge,
                                         double prob, pgo_provenance prov) {
  if (p && edge < p->nedges && isfinite(prob) && prob >= 0.0 && prob <= 1.0 &&
      prov_ok(prov)) {
    p->prob[edge] = prob;
    p->eprov[edge] = (uint8_t)prov;
    return PGO_OK;
  }
  return PGO_ERR_INVALID;
}
PGO_API double pgo_pfg_edge_count(const pgo_pfg *p, uint32_t edge) {
  if (!p || edge >= p->nedges)
    return 0.0;
  return p->count[p->cfg->edge_src[edge]] * p->prob[edge];
}
PGO_API double pgo_pfg_entry_count(const pgo_pfg *p) {
  return p ? p->count[p->cfg->entry] : 0.0;
}

PGO_API double pgo_pfg_max_residual(const pgo_pfg *p, uint32_t *worst) {
  if (worst)
    *worst = PGO_NONE;
  if (!p)
    return 0.0;
  const pgo_cfg *cfg = p->cfg;
  double best = 0.0;
  uint32_t at = PGO_NONE;
  for (uint32_t b = 0; b < p->nblocks; b++) {
    if (b == cfg->entry)
      continue;
    double in = 0.0;
    for (uint32_t k = cfg->pred_off[b]; k < cfg->pred_off[b + 1]; k++) {
      uint32_t e = cfg->pred_edge[k];
      in += p->count[cfg->edge_src[e]] * p->prob[e];
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
