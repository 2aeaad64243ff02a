/*
 * cfg_impl.h -- private layout of pgo_cfg and helpers shared by the files of
 * lib/core.  Never installed.
 *
 * A graph lives in two forms:
 *   - the builder form: an array of blocks plus the edges in insertion order
 *     (bedges); always kept, so that editing after finish is possible;
 *   - the finished form (CSR), derived by pgo_cfg_finish: edges renumbered in
 *     (source block, successor index) order, and predecessor lists.
 * Analyses hang off the finished form; each has a bit in `valid`.  Adding a
 * block or an edge drops the finished form and every analysis
 * (pgo__cfg_invalidate); the edits of edit.c re-finish at once.
 *
 * Identity across edits: block ids are stable (a removed block is a
 * tombstone, `removed`); every builder edge keeps its index in bedges as
 * its stable id (a removed edge is a tombstone too).  nbedges counts the
 * builder entries, tombstones included; nedges counts the live edges, which
 * are the CSR edges 0..nedges-1 (the analyses size their arrays with it).
 * edge_stable maps a CSR id to its stable id.  `origin` records where a
 * block or edge made by an edit came from, so that a pgo_pfg built before
 * the edit can give it values (pfg.c).
 *
 * Memory: every allocation goes through the handle's pgo_allocator via the
 * core_mem_* helpers, which take element counts so that the exact byte size
 * can be handed back on free (the Lua-style allocator is told old sizes).
 */
#ifndef PGO_CORE_CFG_IMPL_H
#define PGO_CORE_CFG_IMPL_H

#include <pgo/core.h>

#include "core_assert.h"

#include <stdarg.h>

/* One block as the builder records it. */
typedef struct cfg_block {
  uint32_t il_offset; /* IL offset of the first instruction, or PGO_NONE */
  uint32_t ninstr;    /* instruction count */
  uint32_t nsucc;     /* successors added so far (= next successor index) */
  uint32_t nannot;    /* length of annot; 0 when there is no annotation */
  unsigned flags;     /* PGO_BLOCK_* without PGO_BLOCK_ENTRY (derived) */
  uint8_t term;       /* pgo_term */
  uint8_t cmp;        /* pgo_cmp */
  uint8_t lhs, rhs;   /* pgo_operand */
  uint8_t removed;    /* tombstone: no edges, no offset, never reused */
  uint8_t origin_kind; /* CFG_ORIGIN_* */
  uint32_t origin;    /* SPLIT: stable edge split; COPY: block copied */
  char *label;        /* owned, NUL-terminated; NULL = none */
  double *annot;      /* owned, nannot entries; NULL = none */
} cfg_block;

/* Where a block or edge came from. */
enum {
  CFG_ORIGIN_ADDED = 0, /* pgo_cfg_add_block / add_edge */
  CFG_ORIGIN_SPLIT,     /* block: made by splitting stable edge `origin`;
                           edge: the new block's edge (split of `origin`) */
  CFG_ORIGIN_COPY       /* block: copy of block `origin`; edge: copy of
                           stable edge `origin` */
};

/* One edge as the builder records it (insertion order = stable id). */
typedef struct cfg_edge {
  uint32_t src, dst;
  uint32_t origin;    /* see CFG_ORIGIN_* */
  uint8_t origin_kind;
  uint8_t removed;    /* tombstone (src, dst kept for the pfg) */
} cfg_edge;

/* Internal analysis bits beyond the public ones. */
#define CFG_ANALYSIS_IRR (1u << 8) /* irreducible regions (with LOOPS) */

struct pgo_cfg {
  pgo_allocator alloc; /* copied from pgo_cfg_new (default if NULL) */
  char errmsg[256];    /* last error; "" if none */

  /* method key */
  char *name; /* owned; NULL until set */
  uint64_t hash;
  uint32_t il_size;

  /* builder form */
  cfg_block *blocks; /* nblocks used of cap_blocks */
  uint32_t nblocks, cap_blocks;
  cfg_edge *bedges; /* edges in insertion order; nbedges of cap_edges */
  uint32_t nbedges, cap_edges;
  uint32_t nedges;  /* live edges (= CSR edges once finished) */
  uint32_t nremoved; /* tombstone blocks */
  uint32_t entry; /* PGO_NONE while there are no blocks */
  uint64_t generation; /* bumped by every change (pgo_cfg_generation) */

  /* finished form (valid iff finished) */
  bool finished;
  uint32_t *succ_off;  /* nblocks+1: successors of b are edges [off[b], off[b+1]) */
  uint32_t *edge_src;  /* nedges */
  uint32_t *edge_dst;  /* nedges */
  uint32_t *edge_idx;  /* nedges: successor index */
  uint32_t *pred_off;  /* nblocks+1 */
  uint32_t *pred_edge; /* nedges: edge ids by destination, ascending id */
  uint32_t *pred_src;  /* nedges: edge_src[pred_edge[i]] (for the analyses) */
  uint32_t *by_offset; /* nkeyed block ids sorted by (il_offset, id) */
  uint32_t nkeyed;
  uint32_t *edge_stable; /* nedges: CSR id -> stable id (bedges index) */

  unsigned valid; /* PGO_ANALYSIS_* bits plus CFG_ANALYSIS_IRR */

  /* RPO */
  uint32_t *rpo;       /* nrpo blocks */
  uint32_t nrpo;
  uint32_t *rpo_index; /* nblocks; PGO_NONE if unreachable */

  /* dominators: tree pre/post numbers give O(1) dominates() */
  uint32_t *idom, *dom_pre, *dom_post; /* nblocks each */
  /* post-dominators (virtual exit = node nblocks, not stored) */
  uint32_t *ipdom, *pdom_pre, *pdom_post; /* nblocks each */

  /* loops: ids in pre-order of the nesting forest */
  uint32_t nloops;
  uint32_t *loop_header, *loop_parent, *loop_depth, *loop_size; /* nloops;
                                         size = loops in subtree, self included */
  uint32_t *block_loop;  /* nblocks: innermost loop or PGO_NONE */
  uint32_t *own_off;     /* nloops+1 */
  uint32_t *own_blocks;  /* nown */
  uint32_t nown;
  uint32_t *child_off;   /* nloops+1 */
  uint32_t *children;    /* nchildren */
  uint32_t nchildren;
  uint32_t *back_off;    /* nloops+1 */
  uint32_t *back_edges;  /* nback */
  uint32_t nback;
  uint32_t *exit_off;    /* nloops+1 */
  uint32_t *exit_edges;  /* nexits */
  uint32_t nexits;
  uint8_t *is_back;      /* nedges */

  /* irreducible regions */
  uint32_t nirr;
  uint32_t *irr_off;      /* nirr+1 */
  uint32_t *irr_blocks;   /* nirrblocks */
  uint32_t nirrblocks;
  uint32_t *irr_eoff;     /* nirr+1 */
  uint32_t *irr_entries;  /* nirrentries */
  uint32_t nirrentries;
  uint32_t *block_irr;    /* nblocks */
};

/* --- memory (status.c) -------------------------------------------------- */

/* count*size bytes (at least 1), or NULL on overflow or failure. */
void *pgo__core_mem_alloc(const pgo_allocator *a, size_t count, size_t size);
/* Grows/shrinks an array; NULL on failure (old block untouched). */
void *pgo__core_mem_realloc(const pgo_allocator *a, void *p, size_t oldcount,
                       size_t newcount, size_t size);
/* Frees an array allocated with the same count and size; NULL is a no-op. */
void pgo__core_mem_free(const pgo_allocator *a, void *p, size_t count, size_t size);
/* A copy of s, or NULL on failure; free with pgo__core_mem_free(a, p, strlen+1, 1). */
char *pgo__core_mem_strdup(const pgo_allocator *a, const char *s);
void pgo__core_mem_strfree(const pgo_allocator *a, char *s);

#define CORE_ALLOC(cfg, n, T) ((T *)pgo__core_mem_alloc(&(cfg)->alloc, (n), sizeof(T)))
#define CORE_FREE(cfg, p, n)                                                  \
  do {                                                                        \
    pgo__core_mem_free(&(cfg)->alloc, (p), (n), sizeof(*(p)));                     \
    (p) = NULL;                                                               \
  } while (0)

/* Next capacity of a builder array: doubling from 16, never reaching
 * PGO_INVALID (ids stay below the sentinels).  The one growth rule of the
 * builder arrays (cfg.c, edit.c). */
static inline uint32_t core_grown_cap(uint32_t old) {
  if (old == 0)
    return 16;
  return old > (PGO_INVALID - 1) / 2 ? PGO_INVALID - 1 : old * 2;
}

/* --- messages (status.c) ------------------------------------------------ */

/* Records a message on the handle and returns s. */
pgo_status pgo__core_seterr(pgo_cfg *cfg, pgo_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
pgo_status pgo__core_nomem(pgo_cfg *cfg, const char *what);

/* --- the finished form (cfg.c) ------------------------------------------ */

/* A CSR form being built: every array allocated up front (csr_alloc) so
 * that filling it (csr_install) cannot fail -- an edit allocates it before
 * it changes anything, which makes it all-or-nothing. */
typedef struct cfg_csr {
  uint32_t nb, ne, nkeyed;
  uint32_t *succ_off, *pred_off, *edge_src, *edge_dst, *edge_idx, *pred_edge,
      *pred_src, *by_offset, *edge_stable;
  uint32_t *cursor, *tmp; /* work arrays: nb+1, nkeyed */
} cfg_csr;

/* Allocates a CSR form for nb blocks, ne live edges, nkeyed keyed blocks;
 * PGO_ERR_NOMEM (message set) with nothing allocated on failure. */
pgo_status pgo__csr_alloc(pgo_cfg *cfg, uint32_t nb, uint32_t ne,
                          uint32_t nkeyed, cfg_csr *c);
void pgo__csr_discard(pgo_cfg *cfg, cfg_csr *c);
/* Fills c from the builder form (whose counts must be c's) and installs it
 * as the finished form; the graph must be unfinished.  Cannot fail. */
void pgo__csr_install(pgo_cfg *cfg, cfg_csr *c);
/* Keyed (IL offset, not removed) blocks of the builder form. */
uint32_t pgo__cfg_count_keyed(const pgo_cfg *cfg);

/* Makes the analyses in `bits` valid if they are not, for a const query
 * (which therefore may write the handle; see the thread rules in core.h).
 * False when that is impossible (unfinished graph, out of memory): the
 * message is on the handle. */
bool pgo__cfg_ensure(const pgo_cfg *cfg, unsigned bits);

/* --- internal passes ---------------------------------------------------- */

/* Drops the finished form and every analysis (cfg.c). */
void pgo__cfg_invalidate(pgo_cfg *cfg);
/* Frees the results of individual analyses (dom.c, loops.c, irreducible.c). */
void pgo__dom_free_rpo(pgo_cfg *cfg);
void pgo__dom_free_dom(pgo_cfg *cfg);
void pgo__dom_free_pdom(pgo_cfg *cfg);
void pgo__loops_free(pgo_cfg *cfg);
void pgo__irr_free(pgo_cfg *cfg);
/* Compute one analysis; prerequisites must already be valid. */
pgo_status pgo__dom_compute_rpo(pgo_cfg *cfg);
pgo_status pgo__dom_compute_dom(pgo_cfg *cfg);
pgo_status pgo__dom_compute_pdom(pgo_cfg *cfg);
pgo_status pgo__loops_compute(pgo_cfg *cfg);
pgo_status pgo__irr_compute(pgo_cfg *cfg);

/* Is block b an exit (return/throw/unreachable or no successors, and not
 * removed)? */
bool pgo__cfg_block_is_exit(const pgo_cfg *cfg, uint32_t b);

/* O(1) tree-interval test used by dominates() and by the loop pass. */
static inline bool core_dom_fast(const pgo_cfg *cfg, uint32_t a, uint32_t b) {
  return cfg->dom_pre[a] != PGO_NONE && cfg->dom_pre[b] != PGO_NONE &&
         cfg->dom_pre[a] <= cfg->dom_pre[b] &&
         cfg->dom_post[b] <= cfg->dom_post[a];
}

#endif /* PGO_CORE_CFG_IMPL_H */
