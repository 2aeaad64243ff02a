/*
 * finish.c -- the finished form of a pgo_cfg: compressed sparse rows built
 * from the builder form, by pgo_cfg_finish and by every edit (edit.c).
 *
 * The builder's live edges (insertion order, tombstones skipped) become
 * CSR by a counting sort by source block, stable, so that the edges of
 * block b are succ_begin(b) .. succ_begin(b)+nsucc(b)-1 in successor-index
 * order (successor index = rank among b's live edges in insertion order,
 * which is the terminator operand order of docs/keys.md); edge_stable maps
 * each CSR id back to its builder (stable) id.  Predecessor lists are a
 * second counting sort by destination, so each is in ascending edge id.
 * Live blocks with an IL offset are indexed by offset with a stable LSD
 * radix sort (skipped when the offsets are already ascending, the common
 * case of layout order).  All O(n + m).
 *
 * Every array is allocated first (pgo__csr_alloc), so that filling and
 * installing them (pgo__csr_install) cannot fail: an edit allocates the new
 * form before it changes anything.  Allocation failure returns
 * PGO_ERR_NOMEM with nothing allocated and the graph unchanged (a failed
 * finish leaves it unfinished).
 */
#include "cfg_impl.h"

#include <string.h>

/* Stable LSD radix sort of block ids by il_offset, four 8-bit digits (a
 * 1 KiB count table: library code may run on small thread stacks). */
static void sort_by_offset(const pgo_cfg *cfg, uint32_t *ids, uint32_t *tmp,
                           uint32_t n) {
  uint32_t count[256 + 1];
  for (unsigned sh = 0; sh < 32; sh += 8) {
    memset(count, 0, sizeof count);
    for (uint32_t i = 0; i < n; i++)
      count[((cfg->blocks[ids[i]].il_offset >> sh) & 0xffu) + 1]++;
    for (uint32_t d = 0; d < 256; d++)
      count[d + 1] += count[d];
    for (uint32_t i = 0; i < n; i++)
      tmp[count[(cfg->blocks[ids[i]].il_offset >> sh) & 0xffu]++] = ids[i];
    memcpy(ids, tmp, (size_t)n * sizeof(uint32_t));
  }
}

uint32_t pgo__cfg_count_keyed(const pgo_cfg *cfg) {
  uint32_t nkeyed = 0;
  for (uint32_t b = 0; b < cfg->nblocks; b++)
    nkeyed += cfg->blocks[b].il_offset != PGO_NONE && !cfg->blocks[b].removed;
  return nkeyed;
}

static void csr_discard(pgo_cfg *cfg, cfg_csr *c) {
  size_t nb1 = (size_t)c->nb + 1;
  CORE_FREE(cfg, c->succ_off, nb1);
  CORE_FREE(cfg, c->pred_off, nb1);
  CORE_FREE(cfg, c->edge_src, c->ne);
  CORE_FREE(cfg, c->edge_dst, c->ne);
  CORE_FREE(cfg, c->edge_idx, c->ne);
  CORE_FREE(cfg, c->pred_edge, c->ne);
  CORE_FREE(cfg, c->pred_src, c->ne);
  CORE_FREE(cfg, c->edge_stable, c->ne);
  CORE_FREE(cfg, c->by_offset, c->nkeyed);
  CORE_FREE(cfg, c->cursor, nb1);
  CORE_FREE(cfg, c->tmp, c->nkeyed);
}

pgo_status pgo__csr_alloc(pgo_cfg *cfg, uint32_t nb, uint32_t ne,
                          uint32_t nkeyed, cfg_csr *c) {
  memset(c, 0, sizeof *c);
  c->nb = nb;
  c->ne = ne;
  c->nkeyed = nkeyed;
  size_t nb1 = (size_t)nb + 1;
  c->succ_off = CORE_ALLOC(cfg, nb1, uint32_t);
  c->pred_off = CORE_ALLOC(cfg, nb1, uint32_t);
  c->edge_src = CORE_ALLOC(cfg, ne, uint32_t);
  c->edge_dst = CORE_ALLOC(cfg, ne, uint32_t);
  c->edge_idx = CORE_ALLOC(cfg, ne, uint32_t);
  c->pred_edge = CORE_ALLOC(cfg, ne, uint32_t);
  c->pred_src = CORE_ALLOC(cfg, ne, uint32_t);
  c->edge_stable = CORE_ALLOC(cfg, ne, uint32_t);
  c->by_offset = CORE_ALLOC(cfg, nkeyed, uint32_t);
  c->cursor = CORE_ALLOC(cfg, nb1, uint32_t);
  c->tmp = CORE_ALLOC(cfg, nkeyed, uint32_t);
  if (!c->succ_off || !c->pred_off || !c->edge_src || !c->edge_dst ||
      !c->edge_idx || !c->pred_edge || !c->pred_src || !c->edge_stable ||
      !c->by_offset || !c->cursor || !c->tmp) {
    csr_discard(cfg, c);
    return pgo__core_nomem(cfg, "building the successor tables");
  }
  return PGO_OK;
}

void pgo__csr_install(pgo_cfg *cfg, cfg_csr *c) {
  uint32_t nb = c->nb, ne = c->ne;
  PGO_ASSERT(!cfg->finished && nb == cfg->nblocks && ne == cfg->nedges);
  uint32_t *cursor = c->cursor;

  /* Successors: counting sort by source over the live builder edges,
   * stable in insertion order. */
  c->succ_off[0] = 0;
  for (uint32_t b = 0; b < nb; b++)
    c->succ_off[b + 1] = c->succ_off[b] + cfg->blocks[b].nsucc;
  PGO_ASSERT(c->succ_off[nb] == ne);
  memcpy(cursor, c->succ_off, ((size_t)nb + 1) * sizeof(uint32_t));
  for (uint32_t i = 0; i < cfg->nbedges; i++) {
    if (cfg->bedges[i].removed)
      continue;
    uint32_t s = cfg->bedges[i].src;
    uint32_t e = cursor[s]++;
    c->edge_src[e] = s;
    c->edge_dst[e] = cfg->bedges[i].dst;
    c->edge_idx[e] = e - c->succ_off[s];
    c->edge_stable[e] = i;
  }

  /* Predecessors: counting sort by destination over ascending edge ids. */
  memset(c->pred_off, 0, ((size_t)nb + 1) * sizeof(uint32_t));
  for (uint32_t e = 0; e < ne; e++)
    c->pred_off[c->edge_dst[e] + 1]++;
  for (uint32_t b = 0; b < nb; b++)
    c->pred_off[b + 1] += c->pred_off[b];
  memcpy(cursor, c->pred_off, ((size_t)nb + 1) * sizeof(uint32_t));
  for (uint32_t e = 0; e < ne; e++) {
    uint32_t p = cursor[c->edge_dst[e]]++;
    c->pred_edge[p] = e;
    c->pred_src[p] = c->edge_src[e];
  }

  /* IL offset index. */
  uint32_t k = 0;
  bool sorted = true;
  for (uint32_t b = 0; b < nb; b++) {
    uint32_t off = cfg->blocks[b].il_offset;
    if (off == PGO_NONE || cfg->blocks[b].removed)
      continue;
    if (k > 0 && cfg->blocks[c->by_offset[k - 1]].il_offset > off)
      sorted = false;
    c->by_offset[k++] = b;
  }
  PGO_ASSERT(k == c->nkeyed);
  if (!sorted)
    sort_by_offset(cfg, c->by_offset, c->tmp, c->nkeyed);

  size_t nb1 = (size_t)nb + 1;
  CORE_FREE(cfg, c->cursor, nb1);
  CORE_FREE(cfg, c->tmp, c->nkeyed);
  cfg->succ_off = c->succ_off;
  cfg->pred_off = c->pred_off;
  cfg->edge_src = c->edge_src;
  cfg->edge_dst = c->edge_dst;
  cfg->edge_idx = c->edge_idx;
  cfg->pred_edge = c->pred_edge;
  cfg->pred_src = c->pred_src;
  cfg->edge_stable = c->edge_stable;
  cfg->by_offset = c->by_offset;
  cfg->nkeyed = c->nkeyed;
  memset(c, 0, sizeof *c);
  cfg->finished = true;
  cfg->valid = 0;
}

PGO_API pgo_status pgo_cfg_finish(pgo_cfg *cfg) {
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  if (cfg->finished)
    return PGO_OK;
  uint32_t nb = cfg->nblocks;
  if (nb == 0)
    return pgo__core_seterr(cfg, PGO_ERR_INVALID,
                       "pgo_cfg_finish: the graph has no blocks");
  for (uint32_t b = 0; b < nb; b++)
    if (cfg->blocks[b].nannot != 0 && cfg->blocks[b].nannot != cfg->blocks[b].nsucc)
      return pgo__core_seterr(cfg, PGO_ERR_INVALID,
                         "pgo_cfg_finish: block %u has %u successors but its "
                         "annotation has %u probabilities",
                         b, cfg->blocks[b].nsucc, cfg->blocks[b].nannot);
  cfg_csr c;
  pgo_status s = pgo__csr_alloc(cfg, nb, cfg->nedges,
                                pgo__cfg_count_keyed(cfg), &c);
  if (s != PGO_OK)
    return s;
  pgo__csr_install(cfg, &c);
  return PGO_OK;
}

PGO_API bool pgo_cfg_is_finished(const pgo_cfg *cfg) {
  return cfg != NULL && cfg->finished;
}

