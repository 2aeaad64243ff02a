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
 * proportional to the output.  Every list (a loop's own blocks, children,
 * back edges, exits, and the discovery-time child lists) is a CSR array
 * made by one stable counting sort, csr_build, from a function that lists
 * the (loop, item) pairs in the order the items keep.
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

/* --- CSR lists by counting sort ---------------------------------------------
 * Every list this pass publishes (a loop's own blocks, children, back edges,
 * exit edges; the discovery-time child lists) is a CSR array: off[k] ..
 * off[k+1] are key k's items in arr.  A keys function enumerates the
 * (key, item) pairs in the order the items must keep inside each list; the
 * builder runs it twice, counting then placing -- a stable counting sort. */
typedef struct csr_sink {
  uint32_t *off; /* nk + 1: counts, then offsets */
  uint32_t *cur; /* nk + 1: fill positions; NULL while counting */
  uint32_t *arr; /* off[nk] items; NULL while counting */
  uint64_t n;    /* items counted so far */
  bool full;     /* n reached CSR_MAX: a keys function may stop early */
} csr_sink;

/* Offsets are 32-bit. */
#define CSR_MAX ((uint64_t)UINT32_MAX - 1)

static inline void csr_emit(csr_sink *s, uint32_t key, uint32_t item) {
  if (s->arr) {
    s->arr[s->cur[key]++] = item;
  } else if (++s->n > CSR_MAX) {
    s->full = true;
  } else {
    s->off[key + 1]++;
  }
}

typedef void (*csr_keys_fn)(const pgo_cfg *cfg, const void *ctx, csr_sink *s);

/* Fills off[0..nk] and the items of every key.  *arr: when NULL on entry it
 * is allocated with exactly off[nk] entries (*narr gets the count; the
 * caller frees it with that size, also after a failure); otherwise it must
 * hold every item.  cur is nk + 1 words of scratch.  PGO_ERR_NOMEM from the
 * allocation, PGO_ERR_RANGE when the items would not fit 32-bit offsets
 * (nothing allocated, *narr untouched); the caller sets the message.
 * A single key's count cannot wrap: no keys function emits an item twice
 * for one key, and items are block, loop or edge ids (< 2^32). */
static pgo_status csr_build(pgo_cfg *cfg, uint32_t nk, csr_keys_fn keys,
                            const void *ctx, uint32_t *off, uint32_t *cur,
                            uint32_t **arr, uint32_t *narr) {
  csr_sink s = {off, NULL, NULL, 0, false};
  memset(off, 0, ((size_t)nk + 1) * sizeof(uint32_t));
  keys(cfg, ctx, &s);
  /* The exit lists hold each edge once per loop it leaves: O(m * depth),
   * which can pass 2^32 entries on a deep nest (found with a random graph
   * of 10^6 blocks; the 32-bit offsets wrapped and the fill overran). */
  if (s.full)
    return PGO_ERR_RANGE;
  for (uint32_t k = 0; k < nk; k++)
    off[k + 1] += off[k];
  if (narr)
    *narr = off[nk];
  if (!*arr && !(*arr = CORE_ALLOC(cfg, off[nk], uint32_t)))
    return PGO_ERR_NOMEM;
  memcpy(cur, off, ((size_t)nk + 1) * sizeof(uint32_t));
  s.cur = cur;
  s.arr = *arr;
  keys(cfg, ctx, &s);
  return PGO_OK;
}

/* --- the pass's scratch ---------------------------------------------------- */
typedef struct loop_work {
  uint32_t *dhead;   /* per discovered loop: header */
  uint32_t *dparent; /* per discovered loop: parent's discovery id */
  uint32_t *up;      /* union-find links to the outermost known ancestor */
  uint32_t *wl;      /* worklist of the backward walks, wl_cap entries */
  size_t wl_cap;
  uint32_t *order;   /* dominator-tree post-order, then loops by header RPO */
  uint32_t nby;      /* loops in order after discovery */
  uint32_t *newid;   /* discovery id -> pre-order id */
  uint32_t *stk;     /* DFS stack of the renumbering */
  uint32_t *cur;     /* nb + 1: CSR fill positions, DFS child cursors */
  uint32_t *dcoff;   /* nb + 1: child lists by discovery id */
  uint32_t *dkids;
} loop_work;

/* Discovery, inner loops first: headers in dominator-tree post-order; each
 * header's latches start a backward walk claiming unclaimed blocks and
 * linking already found loops as children.  Sets is_back, block_loop
 * (discovery ids), dhead, dparent; returns the number of loops. */
static uint32_t discover(pgo_cfg *cfg, loop_work *w) {
  uint32_t nr = cfg->nrpo, nl = 0;
  for (uint32_t i = 0; i < nr; i++) {
    uint32_t b = cfg->rpo[i];
    w->order[cfg->dom_post[b]] = b;
  }
  for (uint32_t i = 0; i < nr; i++) {
    uint32_t h = w->order[i];
    size_t sp = 0;
    for (uint32_t k = cfg->pred_off[h]; k < cfg->pred_off[h + 1]; k++) {
      uint32_t t = cfg->pred_src[k];
      if (cfg->rpo_index[t] != PGO_NONE && core_dom_fast(cfg, h, t)) {
        cfg->is_back[cfg->pred_edge[k]] = 1;
        w->wl[sp++] = t;
      }
    }
    if (sp == 0)
      continue;
    uint32_t l = nl++;
    w->dhead[l] = h;
    w->dparent[l] = PGO_NONE;
    w->up[l] = PGO_NONE;
    cfg->block_loop[h] = l;
    while (sp > 0) {
      uint32_t b = w->wl[--sp];
      uint32_t from; /* block whose predecessors continue the walk */
      if (cfg->block_loop[b] == PGO_NONE) {
        cfg->block_loop[b] = l;
        from = b;
      } else {
        uint32_t sub = find_root(w->up, cfg->block_loop[b]);
        if (sub == l)
          continue;
        w->up[sub] = l;
        w->dparent[sub] = l;
        from = w->dhead[sub];
      }
      for (uint32_t k = cfg->pred_off[from]; k < cfg->pred_off[from + 1]; k++) {
        uint32_t p = cfg->pred_src[k];
        if (cfg->rpo_index[p] != PGO_NONE)
          w->wl[sp++] = p;
      }
    }
  }
  return nl;
}

/* Discovery-time child lists, children in RPO order of their headers. */
static void dkids_keys(const pgo_cfg *cfg, const void *ctx, csr_sink *s) {
  (void)cfg;
  const loop_work *w = ctx;
  for (uint32_t j = 0; j < w->nby; j++) {
    uint32_t l = w->order[j];
    if (w->dparent[l] != PGO_NONE)
      csr_emit(s, w->dparent[l], l);
  }
}

/* Renumbers loops in pre-order of the nesting forest, roots and siblings in
 * RPO order of their headers, and fills loop_header, loop_parent,
 * loop_depth, loop_size and block_loop with the new ids (the per-loop
 * arrays are allocated by the caller). */
static void renumber(pgo_cfg *cfg, loop_work *w, uint32_t nl) {
  uint32_t nr = cfg->nrpo;
  w->nby = 0; /* order now lists the loops in RPO order of their header */
  for (uint32_t i = 0; i < nr; i++) {
    uint32_t b = cfg->rpo[i];
    uint32_t l = cfg->block_loop[b];
    if (l != PGO_NONE && w->dhead[l] == b)
      w->order[w->nby++] = l;
  }
  /* dkids is preallocated (nb >= nl entries), so this cannot fail. */
  (void)csr_build(cfg, nl, dkids_keys, w, w->dcoff, w->cur, &w->dkids, NULL);

  uint32_t next = 0;
  for (uint32_t j = 0; j < w->nby; j++) {
    uint32_t root = w->order[j];
    if (w->dparent[root] != PGO_NONE)
      continue;
    size_t sp = 0;
    w->newid[root] = next++;
    w->stk[sp] = root;
    w->cur[sp] = w->dcoff[root];
    sp++;
    while (sp > 0) {
      uint32_t l = w->stk[sp - 1];
      if (w->cur[sp - 1] < w->dcoff[l + 1]) {
        uint32_t c = w->dkids[w->cur[sp - 1]++];
        w->newid[c] = next++;
        w->stk[sp] = c;
        w->cur[sp] = w->dcoff[c];
        sp++;
      } else {
        cfg->loop_size[w->newid[l]] = next - w->newid[l];
        sp--;
      }
    }
  }
  for (uint32_t l = 0; l < nl; l++) {
    uint32_t id = w->newid[l];
    cfg->loop_header[id] = w->dhead[l];
    cfg->loop_parent[id] =
        w->dparent[l] == PGO_NONE ? PGO_NONE : w->newid[w->dparent[l]];
  }
  /* Pre-order: a parent's depth is known before its children's. */
  for (uint32_t id = 0; id < nl; id++)
    cfg->loop_depth[id] = cfg->loop_parent[id] == PGO_NONE
                              ? 1
                              : cfg->loop_depth[cfg->loop_parent[id]] + 1;
  for (uint32_t b = 0; b < cfg->nblocks; b++)
    if (cfg->block_loop[b] != PGO_NONE)
      cfg->block_loop[b] = w->newid[cfg->block_loop[b]];
}

/* Own blocks in RPO order (the header dominates its loop's blocks, so it
 * comes first). */
static void own_keys(const pgo_cfg *cfg, const void *ctx, csr_sink *s) {
  (void)ctx;
  for (uint32_t i = 0; i < cfg->nrpo; i++) {
    uint32_t b = cfg->rpo[i];
    if (cfg->block_loop[b] != PGO_NONE)
      csr_emit(s, cfg->block_loop[b], b);
  }
}

/* Children in id order (= RPO of headers, by construction). */
static void child_keys(const pgo_cfg *cfg, const void *ctx, csr_sink *s) {
  (void)ctx;
  for (uint32_t id = 0; id < cfg->nloops; id++)
    if (cfg->loop_parent[id] != PGO_NONE)
      csr_emit(s, cfg->loop_parent[id], id);
}

/* Back edges, ascending edge id per loop (a back edge's target is its
 * loop's header, whose innermost loop is that loop). */
static void back_keys(const pgo_cfg *cfg, const void *ctx, csr_sink *s) {
  (void)ctx;
  for (uint32_t e = 0; e < cfg->nedges; e++)
    if (cfg->is_back[e])
      csr_emit(s, cfg->block_loop[cfg->edge_dst[e]], e);
}

/* Exit edges, ascending edge id per loop: climbing from the source's
 * innermost loop while the loop does not contain the target. */
static void exit_keys(const pgo_cfg *cfg, const void *ctx, csr_sink *s) {
  (void)ctx;
  for (uint32_t e = 0; e < cfg->nedges; e++) {
    uint32_t u = cfg->edge_src[e], v = cfg->edge_dst[e];
    if (cfg->rpo_index[u] == PGO_NONE)
      continue;
    if (s->full)
      return; /* too many: csr_build fails, no use counting on */
    for (uint32_t l = cfg->block_loop[u]; l != PGO_NONE && !contains(cfg, l, v);
         l = cfg->loop_parent[l])
      csr_emit(s, l, e);
  }
}

static void work_free(pgo_cfg *cfg, loop_work *w, uint32_t nb) {
  CORE_FREE(cfg, w->dhead, nb);
  CORE_FREE(cfg, w->dparent, nb);
  CORE_FREE(cfg, w->up, nb);
  CORE_FREE(cfg, w->wl, w->wl_cap);
  CORE_FREE(cfg, w->order, nb);
  CORE_FREE(cfg, w->newid, nb);
  CORE_FREE(cfg, w->stk, nb);
  CORE_FREE(cfg, w->cur, (size_t)nb + 1);
  CORE_FREE(cfg, w->dcoff, (size_t)nb + 1);
  CORE_FREE(cfg, w->dkids, nb);
}

static bool work_alloc(pgo_cfg *cfg, loop_work *w, uint32_t nb) {
  /* Worklist bound: over the whole pass each back edge is pushed once, and
   * each block's predecessor list is pushed once -- when the block is
   * claimed, or (for a header) when its loop is linked to a parent -- so
   * at most 2m entries are ever pushed, let alone live at once. */
  memset(w, 0, sizeof *w);
  w->wl_cap = 2 * (size_t)cfg->nedges + 1;
  w->dhead = CORE_ALLOC(cfg, nb, uint32_t);
  w->dparent = CORE_ALLOC(cfg, nb, uint32_t);
  w->up = CORE_ALLOC(cfg, nb, uint32_t);
  w->wl = CORE_ALLOC(cfg, w->wl_cap, uint32_t);
  w->order = CORE_ALLOC(cfg, nb, uint32_t);
  w->newid = CORE_ALLOC(cfg, nb, uint32_t);
  w->stk = CORE_ALLOC(cfg, nb, uint32_t);
  w->cur = CORE_ALLOC(cfg, (size_t)nb + 1, uint32_t);
  w->dcoff = CORE_ALLOC(cfg, (size_t)nb + 1, uint32_t);
  w->dkids = CORE_ALLOC(cfg, nb, uint32_t);
  return w->dhead && w->dparent && w->up && w->wl && w->order && w->newid &&
         w->stk && w->cur && w->dcoff && w->dkids;
}

pgo_status pgo__loops_compute(pgo_cfg *cfg) {
  uint32_t nb = cfg->nblocks, ne = cfg->nedges, nl = 0;
  loop_work w;
  bool ok = work_alloc(cfg, &w, nb);
  cfg->block_loop = CORE_ALLOC(cfg, nb, uint32_t);
  cfg->is_back = CORE_ALLOC(cfg, ne, uint8_t);
  if (!ok || !cfg->block_loop || !cfg->is_back)
    goto nomem;
  memset(cfg->is_back, 0, ne);
  for (uint32_t b = 0; b < nb; b++)
    cfg->block_loop[b] = PGO_NONE;

  nl = discover(cfg, &w);
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
  renumber(cfg, &w, nl);

  pgo_status s;
  if ((s = csr_build(cfg, nl, own_keys, NULL, cfg->own_off, w.cur,
                     &cfg->own_blocks, &cfg->nown)) != PGO_OK ||
      (s = csr_build(cfg, nl, child_keys, NULL, cfg->child_off, w.cur,
                     &cfg->children, &cfg->nchildren)) != PGO_OK ||
      (s = csr_build(cfg, nl, back_keys, NULL, cfg->back_off, w.cur,
                     &cfg->back_edges, &cfg->nback)) != PGO_OK ||
      (s = csr_build(cfg, nl, exit_keys, NULL, cfg->exit_off, w.cur,
                     &cfg->exit_edges, &cfg->nexits)) != PGO_OK)
    goto fail;
  cfg->valid |= PGO_ANALYSIS_LOOPS;
  work_free(cfg, &w, nb);
  return PGO_OK;

nomem:
  s = PGO_ERR_NOMEM;
fail:
  if (s == PGO_ERR_RANGE)
    s = pgo__core_seterr(cfg, PGO_ERR_RANGE,
                         "computing natural loops: the loop exit lists "
                         "would hold 2^32 entries or more (an edge is "
                         "listed once per loop it leaves)");
  else
    s = pgo__core_nomem(cfg, "computing natural loops");
  cfg->nloops = nl; /* sizes of whatever was allocated */
  pgo__loops_free(cfg);
  work_free(cfg, &w, nb);
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
