/*
 * loops.c -- natural loops, their nesting, back edges and exit edges.
 *
 * Definitions: an edge t->h between reachable blocks is a back edge iff h
 * dominates t.  The natural loop of t->h is h plus every block that reaches
 * t without passing through h; a loop is the union of the natural loops of
 * all back edges sharing the header h.  Loop A nests in loop B iff A's
 * blocks are a subset of B's.
 *
 * Algorithm (Havlak, "Nesting of reducible and irreducible loops", TOPLAS
 * 19(4), 1997, in the form of LLVM's LoopInfoBase::analyze): headers are
 * visited in post-order of the dominator tree, so inner loops are discovered
 * before the loops containing them.  For each header, a backward walk from
 * its latches claims every unclaimed block for the new loop; when it meets
 * a block already claimed by an earlier (hence inner) loop it jumps to that
 * loop's outermost known ancestor -- found with path compression -- makes it
 * a child of the new loop and continues from that sub-loop header's
 * predecessors.  Each block's predecessor list is walked once overall, so
 * the pass is O(m alpha(n)).  (Every block the walk reaches is dominated by
 * h: otherwise a path from the entry avoiding h would reach the latch.)
 *
 * Loops are then renumbered in pre-order of the nesting forest, roots and
 * siblings in RPO order of their headers; with subtree sizes this gives
 * O(1) loop_contains.  Exit edges are found per edge by climbing from the
 * innermost loop of the source until a loop containing the target: cost
 * proportional to the output.
 *
 * Irreducible cycles are not loops here (irreducible.c reports them).
 * Needs RPO and DOM; allocation failure returns PGO_ERR_NOMEM with the
 * loop analysis left invalid.
 */
#include "cfg_impl.h"

#include <string.h>

void pgo__loops_free(pgo_cfg *cfg) {
  size_t nl = cfg->nloops, nl1 = (size_t)cfg->nloops + 1;
  CORE_FREE(cfg, cfg->loop_header, nl);
  CORE_FREE(cfg, cfg->loop_parent, nl);
  CORE_FREE(cfg, cfg->loop_depth, nl);
  CORE_FREE(cfg, cfg->loop_size, nl);
  CORE_FREE(cfg, cfg->block_loop, cfg->nblocks);
  CORE_FREE(cfg, cfg->own_off, nl1);
  CORE_FREE(cfg, cfg->own_blocks, cfg->nown);
  CORE_FREE(cfg, cfg->child_off, nl1);
  CORE_FREE(cfg, cfg->children, cfg->nchildren);
  CORE_FREE(cfg, cfg->back_off, nl1);
  CORE_FREE(cfg, cfg->back_edges, cfg->nback);
  CORE_FREE(cfg, cfg->exit_off, nl1);
  CORE_FREE(cfg, cfg->exit_edges, cfg->nexits);
  CORE_FREE(cfg, cfg->is_back, cfg->nedges);
  cfg->nloops = cfg->nown = cfg->nchildren = cfg->nback = cfg->nexits = 0;
  cfg->valid &= ~(unsigned)PGO_ANALYSIS_LOOPS;
}

/* Outermost known ancestor of loop l, compressing the path. */
static uint32_t find_root(uint32_t *up, uint32_t l) {
  uint32_t r = l;
  while (up[r] != PGO_NONE)
    r = up[r];
  while (up[l] != PGO_NONE && up[l] != r) {
    uint32_t next = up[l];
    up[l] = r;
    l = next;
  }
  return r;
}

static inline bool contains(const pgo_cfg *cfg, uint32_t l, uint32_t b) {
  uint32_t bl = cfg->block_loop[b];
  return bl != PGO_NONE && bl >= l && bl - l < cfg->loop_size[l];
}

pgo_status pgo__loops_compute(pgo_cfg *cfg) {
  uint32_t nb = cfg->nblocks, ne = cfg->nedges, nr = cfg->nrpo;
  /* Work: header of each discovered loop, parent in the nesting (discovery
   * ids), union-find links, the worklist, the dominator-tree post-order,
   * and renumbering tables. */
  /* Worklist bound: over the whole pass each back edge is pushed once, and
   * each block's predecessor list is pushed once -- when the block is
   * claimed, or (for a header) when its loop is linked to a parent -- so
   * at most 2m entries are ever pushed, let alone live at once. */
  size_t wl_cap = 2 * (size_t)ne + 1;
  uint32_t *dhead = CORE_ALLOC(cfg, nb, uint32_t);
  uint32_t *dparent = CORE_ALLOC(cfg, nb, uint32_t);
  uint32_t *up = CORE_ALLOC(cfg, nb, uint32_t);
  uint32_t *wl = CORE_ALLOC(cfg, wl_cap, uint32_t);
  uint32_t *order = CORE_ALLOC(cfg, nb, uint32_t);
  uint32_t *newid = CORE_ALLOC(cfg, nb, uint32_t);
  uint32_t *stk = CORE_ALLOC(cfg, nb, uint32_t);
  uint32_t *cur = CORE_ALLOC(cfg, (size_t)nb + 1, uint32_t);
  uint32_t *dcoff = CORE_ALLOC(cfg, (size_t)nb + 1, uint32_t);
  uint32_t *dkids = CORE_ALLOC(cfg, nb, uint32_t);
  cfg->block_loop = CORE_ALLOC(cfg, nb, uint32_t);
  cfg->is_back = CORE_ALLOC(cfg, ne, uint8_t);
  pgo_status s = PGO_OK;
  uint32_t nl = 0;
  if (!dhead || !dparent || !up || !wl || !order || !newid || !stk || !cur ||
      !dcoff || !dkids || !cfg->block_loop || !cfg->is_back)
    goto nomem;

  memset(cfg->is_back, 0, ne);
  for (uint32_t b = 0; b < nb; b++)
    cfg->block_loop[b] = PGO_NONE;

  /* Dominator-tree post-order = blocks sorted by dom_post. */
  for (uint32_t i = 0; i < nr; i++) {
    uint32_t b = cfg->rpo[i];
    order[cfg->dom_post[b]] = b;
  }

  /* Discovery, inner loops first. */
  for (uint32_t i = 0; i < nr; i++) {
    uint32_t h = order[i];
    size_t sp = 0;
    for (uint32_t k = cfg->pred_off[h]; k < cfg->pred_off[h + 1]; k++) {
      uint32_t t = cfg->pred_src[k];
      if (cfg->rpo_index[t] != PGO_NONE && core_dom_fast(cfg, h, t)) {
        cfg->is_back[cfg->pred_edge[k]] = 1;
        wl[sp++] = t;
      }
    }
    if (sp == 0)
      continue;
    uint32_t l = nl++;
    dhead[l] = h;
    dparent[l] = PGO_NONE;
    up[l] = PGO_NONE;
    cfg->block_loop[h] = l;
    while (sp > 0) {
      uint32_t b = wl[--sp];
      uint32_t from; /* block whose predecessors continue the walk */
      if (cfg->block_loop[b] == PGO_NONE) {
        cfg->block_loop[b] = l;
        from = b;
      } else {
        uint32_t sub = find_root(up, cfg->block_loop[b]);
        if (sub == l)
          continue;
        up[sub] = l;
        dparent[sub] = l;
        from = dhead[sub];
      }
      for (uint32_t k = cfg->pred_off[from]; k < cfg->pred_off[from + 1]; k++) {
        uint32_t p = cfg->pred_src[k];
        if (cfg->rpo_index[p] != PGO_NONE)
          wl[sp++] = p;
      }
    }
  }

  /* Renumber in pre-order of the forest; roots and siblings in RPO order of
   * their headers.  Children lists (discovery ids) by counting sort. */
  uint32_t *byrpo = order; /* reuse: loops in RPO order of header */
  uint32_t nby = 0;
  for (uint32_t i = 0; i < nr; i++) {
    uint32_t b = cfg->rpo[i];
    uint32_t l = cfg->block_loop[b];
    if (l != PGO_NONE && dhead[l] == b)
      byrpo[nby++] = l;
  }
  memset(dcoff, 0, ((size_t)nl + 1) * sizeof(uint32_t));
  for (uint32_t l = 0; l < nl; l++)
    if (dparent[l] != PGO_NONE)
      dcoff[dparent[l] + 1]++;
  for (uint32_t l = 0; l < nl; l++)
    dcoff[l + 1] += dcoff[l];
  memcpy(cur, dcoff, ((size_t)nl + 1) * sizeof(uint32_t));
  for (uint32_t j = 0; j < nby; j++) {
    uint32_t l = byrpo[j];
    if (dparent[l] != PGO_NONE)
      dkids[cur[dparent[l]]++] = l;
  }

  cfg->nloops = nl;
  size_t nl1 = (size_t)nl + 1;
  cfg->loop_header = CORE_ALLOC(cfg, nl, uint32_t);
  cfg->loop_parent = CORE_ALLOC(cfg, nl, uint32_t);
  cfg->loop_depth = CORE_ALLOC(cfg, nl, uint32_t);
  cfg->loop_size = CORE_ALLOC(cfg, nl, uint32_t);
  cfg->own_off = CORE_ALLOC(cfg, nl1, uint32_t);
  cfg->child_off = CORE_ALLOC(cfg, nl1, uint32_t);
  cfg->back_off = CORE_ALLOC(cfg, nl1, uint32_t);
  cfg->exit_off = CORE_ALLOC(cfg, nl1, uint32_t);
  if (!cfg->loop_header || !cfg->loop_parent || !cfg->loop_depth ||
      !cfg->loop_size || !cfg->own_off || !cfg->child_off || !cfg->back_off ||
      !cfg->exit_off)
    goto nomem;

  uint32_t next = 0;
  for (uint32_t j = 0; j < nby; j++) {
    uint32_t root = byrpo[j];
    if (dparent[root] != PGO_NONE)
      continue;
    size_t sp = 0;
    newid[root] = next++;
    stk[sp] = root;
    cur[sp] = dcoff[root];
    sp++;
    while (sp > 0) {
      uint32_t l = stk[sp - 1];
      if (cur[sp - 1] < dcoff[l + 1]) {
        uint32_t c = dkids[cur[sp - 1]++];
        newid[c] = next++;
        stk[sp] = c;
        cur[sp] = dcoff[c];
        sp++;
      } else {
        cfg->loop_size[newid[l]] = next - newid[l];
        sp--;
      }
    }
  }
  for (uint32_t l = 0; l < nl; l++) {
    uint32_t id = newid[l];
    cfg->loop_header[id] = dhead[l];
    cfg->loop_parent[id] =
        dparent[l] == PGO_NONE ? PGO_NONE : newid[dparent[l]];
  }
  /* Pre-order: a parent's depth is known before its children's. */
  for (uint32_t id = 0; id < nl; id++)
    cfg->loop_depth[id] = cfg->loop_parent[id] == PGO_NONE
                              ? 1
                              : cfg->loop_depth[cfg->loop_parent[id]] + 1;
  for (uint32_t b = 0; b < nb; b++)
    if (cfg->block_loop[b] != PGO_NONE)
      cfg->block_loop[b] = newid[cfg->block_loop[b]];

  /* Own blocks in RPO order (the header dominates its loop's blocks, so it
   * comes first). */
  memset(cfg->own_off, 0, nl1 * sizeof(uint32_t));
  for (uint32_t b = 0; b < nb; b++)
    if (cfg->block_loop[b] != PGO_NONE)
      cfg->own_off[cfg->block_loop[b] + 1]++;
  for (uint32_t l = 0; l < nl; l++)
    cfg->own_off[l + 1] += cfg->own_off[l];
  cfg->nown = cfg->own_off[nl];
  cfg->own_blocks = CORE_ALLOC(cfg, cfg->nown, uint32_t);
  if (!cfg->own_blocks)
    goto nomem;
  memcpy(cur, cfg->own_off, nl1 * sizeof(uint32_t));
  for (uint32_t i = 0; i < nr; i++) {
    uint32_t b = cfg->rpo[i];
    if (cfg->block_loop[b] != PGO_NONE)
      cfg->own_blocks[cur[cfg->block_loop[b]]++] = b;
  }

  /* Children, in id order (= RPO of headers, by construction). */
  memset(cfg->child_off, 0, nl1 * sizeof(uint32_t));
  for (uint32_t id = 0; id < nl; id++)
    if (cfg->loop_parent[id] != PGO_NONE)
      cfg->child_off[cfg->loop_parent[id] + 1]++;
  for (uint32_t l = 0; l < nl; l++)
    cfg->child_off[l + 1] += cfg->child_off[l];
  cfg->nchildren = cfg->child_off[nl];
  cfg->children = CORE_ALLOC(cfg, cfg->nchildren, uint32_t);
  if (!cfg->children)
    goto nomem;
  memcpy(cur, cfg->child_off, nl1 * sizeof(uint32_t));
  for (uint32_t id = 0; id < nl; id++)
    if (cfg->loop_parent[id] != PGO_NONE)
      cfg->children[cur[cfg->loop_parent[id]]++] = id;

  /* Back edges, ascending edge id per loop. */
  memset(cfg->back_off, 0, nl1 * sizeof(uint32_t));
  for (uint32_t e = 0; e < ne; e++)
    if (cfg->is_back[e])
      cfg->back_off[cfg->block_loop[cfg->edge_dst[e]] + 1]++;
  for (uint32_t l = 0; l < nl; l++)
    cfg->back_off[l + 1] += cfg->back_off[l];
  cfg->nback = cfg->back_off[nl];
  cfg->back_edges = CORE_ALLOC(cfg, cfg->nback, uint32_t);
  if (!cfg->back_edges)
    goto nomem;
  memcpy(cur, cfg->back_off, nl1 * sizeof(uint32_t));
  for (uint32_t e = 0; e < ne; e++)
    if (cfg->is_back[e])
      cfg->back_edges[cur[cfg->block_loop[cfg->edge_dst[e]]]++] = e;

  /* Exit edges: count, then fill, climbing from the source's innermost
   * loop while the loop does not contain the target. */
  memset(cfg->exit_off, 0, nl1 * sizeof(uint32_t));
  for (uint32_t e = 0; e < ne; e++) {
    uint32_t u = cfg->edge_src[e], v = cfg->edge_dst[e];
    if (cfg->rpo_index[u] == PGO_NONE)
      continue;
    for (uint32_t l = cfg->block_loop[u]; l != PGO_NONE && !contains(cfg, l, v);
         l = cfg->loop_parent[l])
      cfg->exit_off[l + 1]++;
  }
  for (uint32_t l = 0; l < nl; l++)
    cfg->exit_off[l + 1] += cfg->exit_off[l];
  cfg->nexits = cfg->exit_off[nl];
  cfg->exit_edges = CORE_ALLOC(cfg, cfg->nexits, uint32_t);
  if (!cfg->exit_edges)
    goto nomem;
  memcpy(cur, cfg->exit_off, nl1 * sizeof(uint32_t));
  for (uint32_t e = 0; e < ne; e++) {
    uint32_t u = cfg->edge_src[e], v = cfg->edge_dst[e];
    if (cfg->rpo_index[u] == PGO_NONE)
      continue;
    for (uint32_t l = cfg->block_loop[u]; l != PGO_NONE && !contains(cfg, l, v);
         l = cfg->loop_parent[l])
      cfg->exit_edges[cur[l]++] = e;
  }
  cfg->valid |= PGO_ANALYSIS_LOOPS;
  goto done;

nomem:
  s = pgo__core_nomem(cfg, "computing natural loops");
  cfg->nloops = nl; /* sizes of whatever was allocated */
  pgo__loops_free(cfg);
done:
  CORE_FREE(cfg, dhead, nb);
  CORE_FREE(cfg, dparent, nb);
  CORE_FREE(cfg, up, nb);
  CORE_FREE(cfg, wl, wl_cap);
  CORE_FREE(cfg, order, nb);
  CORE_FREE(cfg, newid, nb);
  CORE_FREE(cfg, stk, nb);
  CORE_FREE(cfg, cur, (size_t)nb + 1);
  CORE_FREE(cfg, dcoff, (size_t)nb + 1);
  CORE_FREE(cfg, dkids, nb);
  return s;
}

/* --- queries -------------------------------------------------------------- */

/* Made valid on demand (analyze.c): never a stale answer. */
#define LOOPS_OK(cfg) pgo__cfg_ensure((cfg), PGO_ANALYSIS_LOOPS)

static const uint32_t *slice(const uint32_t *off, const uint32_t *arr,
                             uint32_t i, uint32_t *n) {
  if (n)
    *n = off[i + 1] - off[i];
  return arr + off[i];
}

PGO_API uint32_t pgo_cfg_nloops(const pgo_cfg *cfg) {
  return LOOPS_OK(cfg) ? cfg->nloops : 0;
}
PGO_API uint32_t pgo_cfg_loop_header(const pgo_cfg *cfg, uint32_t loop) {
  return LOOPS_OK(cfg) && loop < cfg->nloops ? cfg->loop_header[loop]
                                             : PGO_NONE;
}
PGO_API uint32_t pgo_cfg_loop_parent(const pgo_cfg *cfg, uint32_t loop) {
  return LOOPS_OK(cfg) && loop < cfg->nloops ? cfg->loop_parent[loop]
                                             : PGO_NONE;
}
PGO_API uint32_t pgo_cfg_loop_depth(const pgo_cfg *cfg, uint32_t loop) {
  return LOOPS_OK(cfg) && loop < cfg->nloops ? cfg->loop_depth[loop] : 0;
}
PGO_API uint32_t pgo_cfg_block_loop(const pgo_cfg *cfg, uint32_t block) {
  if (cfg == NULL || block >= cfg->nblocks)
    return PGO_NONE;
  return LOOPS_OK(cfg) ? cfg->block_loop[block] : PGO_INVALID;
}
PGO_API uint32_t pgo_cfg_block_depth(const pgo_cfg *cfg, uint32_t block) {
  uint32_t l = pgo_cfg_block_loop(cfg, block);
  return l == PGO_NONE ? 0 : l == PGO_INVALID ? PGO_INVALID
                                              : cfg->loop_depth[l];
}
PGO_API bool pgo_cfg_loop_contains(const pgo_cfg *cfg, uint32_t loop,
                                   uint32_t block) {
  return LOOPS_OK(cfg) && loop < cfg->nloops && block < cfg->nblocks &&
         contains(cfg, loop, block);
}

#define LOOP_SLICE(off, arr)                                                  \
  do {                                                                        \
    if (!LOOPS_OK(cfg) || loop >= cfg->nloops) {                              \
      if (n)                                                                  \
        *n = 0;                                                               \
      return NULL;                                                            \
    }                                                                         \
    return slice(cfg->off, cfg->arr, loop, n);                                \
  } while (0)

PGO_API const uint32_t *pgo_cfg_loop_blocks(const pgo_cfg *cfg, uint32_t loop,
                                            uint32_t *n) {
  LOOP_SLICE(own_off, own_blocks);
}
PGO_API const uint32_t *pgo_cfg_loop_children(const pgo_cfg *cfg,
                                              uint32_t loop, uint32_t *n) {
  LOOP_SLICE(child_off, children);
}
PGO_API const uint32_t *pgo_cfg_loop_back_edges(const pgo_cfg *cfg,
                                                uint32_t loop, uint32_t *n) {
  LOOP_SLICE(back_off, back_edges);
}
PGO_API const uint32_t *pgo_cfg_loop_exits(const pgo_cfg *cfg, uint32_t loop,
                                           uint32_t *n) {
  LOOP_SLICE(exit_off, exit_edges);
}
PGO_API bool pgo_cfg_is_back_edge(const pgo_cfg *cfg, uint32_t edge) {
  return LOOPS_OK(cfg) && edge < cfg->nedges && cfg->is_back[edge];
}
