/*
 * irreducible.c -- irreducible regions.
 *
 * Definition: remove every back edge (edge whose target dominates its
 * source, loops.c) from the graph of blocks reachable from the entry.  What
 * remains is acyclic iff the graph is reducible (Hecht & Ullman, "Flow graph
 * reducibility", SIAM J. Comput. 1(2), 1972: a graph is reducible iff its
 * forward edges form a DAG and every retreating edge is a back edge).  Each
 * strongly connected component of the remainder that contains a cycle
 * (more than one block, or a self loop that is not a back edge -- which
 * cannot happen for a reachable block, but the test costs nothing) is an
 * irreducible region: a cycle with more than one entry, which no natural
 * loop describes.  Its entries are the blocks with a predecessor outside
 * the region (or the method entry).  Regions nest inside natural loops but
 * never contain a loop header's back edges.
 *
 * Algorithm: Tarjan's SCC algorithm (Tarjan, "Depth-first search and linear
 * graph algorithms", SIAM J. Comput. 1(2), 1972), iterative with an explicit
 * call stack holding an edge cursor per node: O(n + m), no recursion.
 * Regions are numbered in RPO order of their first block; blocks and
 * entries of a region are listed in RPO order.
 *
 * Needs RPO, DOM and the back-edge marks of the loop pass.  Allocation
 * failure returns PGO_ERR_NOMEM and leaves the analysis invalid.
 */
#include "cfg_impl.h"

#include <string.h>

void pgo__irr_free(pgo_cfg *cfg) {
  size_t n1 = (size_t)cfg->nirr + 1;
  CORE_FREE(cfg, cfg->irr_off, n1);
  CORE_FREE(cfg, cfg->irr_blocks, cfg->nirrblocks);
  CORE_FREE(cfg, cfg->irr_eoff, n1);
  CORE_FREE(cfg, cfg->irr_entries, cfg->nirrentries);
  CORE_FREE(cfg, cfg->block_irr, cfg->nblocks);
  cfg->nirr = cfg->nirrblocks = cfg->nirrentries = 0;
  cfg->valid &= ~(unsigned)CFG_ANALYSIS_IRR;
}

enum { I_INDEX, I_LOW, I_COMP, I_TSTACK, I_CSNODE, I_CSCUR, I_SIZE, I_REGID,
       I_COUNT };

pgo_status pgo__irr_compute(pgo_cfg *cfg) {
  uint32_t nb = cfg->nblocks, nr = cfg->nrpo;
  size_t nbz = nb;
  uint32_t *work = CORE_ALLOC(cfg, nbz * I_COUNT, uint32_t);
  cfg->block_irr = CORE_ALLOC(cfg, nb, uint32_t);
  pgo_status s = PGO_OK;
  if (!work || !cfg->block_irr)
    goto nomem;
  uint32_t *index = work + nbz * I_INDEX, *low = work + nbz * I_LOW;
  uint32_t *comp = work + nbz * I_COMP, *tstack = work + nbz * I_TSTACK;
  uint32_t *csnode = work + nbz * I_CSNODE, *cscur = work + nbz * I_CSCUR;
  uint32_t *csize = work + nbz * I_SIZE, *regid = work + nbz * I_REGID;
  const uint32_t *soff = cfg->succ_off, *dst = cfg->edge_dst;
  const uint8_t *back = cfg->is_back;

  for (uint32_t b = 0; b < nb; b++) {
    index[b] = PGO_NONE;
    comp[b] = PGO_NONE;
  }
  /* comp == PGO_NONE && index != PGO_NONE  <=>  on the Tarjan stack. */
  uint32_t idx = 0, tsp = 0, ncomp = 0;
  for (uint32_t i = 0; i < nr; i++) {
    uint32_t r = cfg->rpo[i];
    if (index[r] != PGO_NONE)
      continue;
    uint32_t csp = 0;
    index[r] = low[r] = idx++;
    tstack[tsp++] = r;
    csnode[csp] = r;
    cscur[csp] = soff[r];
    csp++;
    while (csp > 0) {
      uint32_t v = csnode[csp - 1];
      if (cscur[csp - 1] < soff[v + 1]) {
        uint32_t e = cscur[csp - 1]++;
        if (back[e])
          continue;
        uint32_t w = dst[e];
        if (index[w] == PGO_NONE) {
          index[w] = low[w] = idx++;
          tstack[tsp++] = w;
          csnode[csp] = w;
          cscur[csp] = soff[w];
          csp++;
        } else if (comp[w] == PGO_NONE && index[w] < low[v]) {
          low[v] = index[w];
        }
        continue;
      }
      csp--;
      if (csp > 0) {
        uint32_t u = csnode[csp - 1];
        if (low[v] < low[u])
          low[u] = low[v];
      }
      if (low[v] == index[v]) {
        uint32_t c = ncomp++, size = 0, w;
        do {
          w = tstack[--tsp];
          comp[w] = c;
          size++;
        } while (w != v);
        csize[c] = size;
      }
    }
  }

  /* Which components are regions; ids in RPO order of the first block. */
  for (uint32_t c = 0; c < ncomp; c++)
    regid[c] = PGO_NONE;
  for (uint32_t b = 0; b < nb; b++)
    cfg->block_irr[b] = PGO_NONE;
  uint32_t nirr = 0;
  for (uint32_t i = 0; i < nr; i++) {
    uint32_t b = cfg->rpo[i], c = comp[b];
    bool cyclic = csize[c] > 1;
    if (!cyclic)
      for (uint32_t e = soff[b]; e < soff[b + 1]; e++)
        if (dst[e] == b && !back[e])
          cyclic = true;
    if (!cyclic)
      continue;
    if (regid[c] == PGO_NONE)
      regid[c] = nirr++;
    cfg->block_irr[b] = regid[c];
  }

  cfg->nirr = nirr;
  size_t n1 = (size_t)nirr + 1;
  cfg->irr_off = CORE_ALLOC(cfg, n1, uint32_t);
  cfg->irr_eoff = CORE_ALLOC(cfg, n1, uint32_t);
  if (!cfg->irr_off || !cfg->irr_eoff)
    goto nomem;
  memset(cfg->irr_off, 0, n1 * sizeof(uint32_t));
  memset(cfg->irr_eoff, 0, n1 * sizeof(uint32_t));
  /* csize is reused as "is an entry" per block. */
  uint32_t *is_entry = csize;
  for (uint32_t i = 0; i < nr; i++) {
    uint32_t b = cfg->rpo[i], r = cfg->block_irr[b];
    is_entry[b] = 0;
    if (r == PGO_NONE)
      continue;
    cfg->irr_off[r + 1]++;
    bool ent = b == cfg->entry;
    for (uint32_t k = cfg->pred_off[b]; k < cfg->pred_off[b + 1] && !ent; k++) {
      uint32_t p = cfg->pred_src[k];
      ent = cfg->rpo_index[p] != PGO_NONE && cfg->block_irr[p] != r;
    }
    if (ent) {
      is_entry[b] = 1;
      cfg->irr_eoff[r + 1]++;
    }
  }
  for (uint32_t r = 0; r < nirr; r++) {
    cfg->irr_off[r + 1] += cfg->irr_off[r];
    cfg->irr_eoff[r + 1] += cfg->irr_eoff[r];
  }
  cfg->nirrblocks = cfg->irr_off[nirr];
  cfg->nirrentries = cfg->irr_eoff[nirr];
  cfg->irr_blocks = CORE_ALLOC(cfg, cfg->nirrblocks, uint32_t);
  cfg->irr_entries = CORE_ALLOC(cfg, cfg->nirrentries, uint32_t);
  if (!cfg->irr_blocks || !cfg->irr_entries)
    goto nomem;
  /* Fill in RPO order with running cursors (index/low are free now). */
  uint32_t *bcur = index, *ecur = low;
  for (uint32_t r = 0; r < nirr; r++) {
    bcur[r] = cfg->irr_off[r];
    ecur[r] = cfg->irr_eoff[r];
  }
  for (uint32_t i = 0; i < nr; i++) {
    uint32_t b = cfg->rpo[i], r = cfg->block_irr[b];
    if (r == PGO_NONE)
      continue;
    cfg->irr_blocks[bcur[r]++] = b;
    if (is_entry[b])
      cfg->irr_entries[ecur[r]++] = b;
  }
  cfg->valid |= CFG_ANALYSIS_IRR;
  goto done;

nomem:
  s = pgo__core_nomem(cfg, "finding irreducible regions");
  pgo__irr_free(cfg);
done:
  CORE_FREE(cfg, work, nbz * I_COUNT);
  return s;
}

/* --- queries -------------------------------------------------------------- */

/* Regions are part of the LOOPS analysis: made valid on demand. */
#define IRR_OK(cfg) pgo__cfg_ensure((cfg), PGO_ANALYSIS_LOOPS)

PGO_API uint32_t pgo_cfg_nirreducible(const pgo_cfg *cfg) {
  return IRR_OK(cfg) ? cfg->nirr : 0;
}

PGO_API const uint32_t *pgo_cfg_irreducible_blocks(const pgo_cfg *cfg,
                                                   uint32_t region,
                                                   uint32_t *n) {
  if (!IRR_OK(cfg) || region >= cfg->nirr) {
    if (n)
      *n = 0;
    return NULL;
  }
  if (n)
    *n = cfg->irr_off[region + 1] - cfg->irr_off[region];
  return cfg->irr_blocks + cfg->irr_off[region];
}

PGO_API const uint32_t *pgo_cfg_irreducible_entries(const pgo_cfg *cfg,
                                                    uint32_t region,
                                                    uint32_t *n) {
  if (!IRR_OK(cfg) || region >= cfg->nirr) {
    if (n)
      *n = 0;
    return NULL;
  }
  if (n)
    *n = cfg->irr_eoff[region + 1] - cfg->irr_eoff[region];
  return cfg->irr_entries + cfg->irr_eoff[region];
}

PGO_API uint32_t pgo_cfg_block_irreducible(const pgo_cfg *cfg,
                                           uint32_t block) {
  if (cfg == NULL || block >= cfg->nblocks)
    return PGO_NONE;
  return IRR_OK(cfg) ? cfg->block_irr[block] : PGO_INVALID;
}
