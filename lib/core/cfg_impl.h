/*
 * cfg_impl.h -- private layout of pgo_cfg and helpers shared by the files of
 * lib/core.  Never installed.
 *
 * A graph lives in two forms:
 *   - the builder form: an array of blocks plus the edges in insertion order
 *     (bedges); always kept, so that editing after finish is possible;
 *   - the finished form (CSR), derived by pgo_cfg_finish: edges renumbered in
 *     (source block, successor index) order, and predecessor lists.
 * Analyses hang off the finished form; each has a bit in `valid`, and any
 * edit drops the finished form and every analysis (pgo__cfg_invalidate).
 *
 * Memory: every allocation goes through the handle's pgo_allocator via the
 * core_mem_* helpers, which take element counts so that the exact byte size
 * can be handed back on free (the Lua-style allocator is told old sizes).
 */
#ifndef PGO_CORE_CFG_IMPL_H
#define PGO_CORE_CFG_IMPL_H

#include <pgo/core.h>

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
  char *label;        /* owned, NUL-terminated; NULL = none */
  double *annot;      /* owned, nannot entries; NULL = none */
} cfg_block;

/* One edge as the builder records it (insertion order). */
typedef struct cfg_edge {
  uint32_t src, dst;
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
  cfg_edge *bedges; /* edges in insertion order; nedges of cap_edges */
  uint32_t nedges, cap_edges;
  uint32_t entry; /* PGO_NONE while there are no blocks */

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

/* --- messages (status.c) ------------------------------------------------ */

/* Records a message on the handle and returns s. */
pgo_status pgo__core_seterr(pgo_cfg *cfg, pgo_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
pgo_status pgo__core_nomem(pgo_cfg *cfg, const char *what);

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

/* Is block b an exit (return/throw/unreachable or no successors)? */
bool pgo__cfg_block_is_exit(const pgo_cfg *cfg, uint32_t b);

/* O(1) tree-interval test used by dominates() and by the loop pass. */
static inline bool core_dom_fast(const pgo_cfg *cfg, uint32_t a, uint32_t b) {
  return cfg->dom_pre[a] != PGO_NONE && cfg->dom_pre[b] != PGO_NONE &&
         cfg->dom_pre[a] <= cfg->dom_pre[b] &&
         cfg->dom_post[b] <= cfg->dom_post[a];
}

#endif /* PGO_CORE_CFG_IMPL_H */
