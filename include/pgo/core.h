/*
 * pgo/core.h -- layer 0: the IR-neutral flow graph and the types every
 * other component shares.
 *
 *   - status codes and per-handle messages (a library never prints or exits);
 *   - an optional allocator hook (for out-of-memory tests);
 *   - pgo_cfg: a flow graph built through a builder API, then "finished"
 *     into an immutable CSR form on which analyses run: reverse post-order,
 *     dominators, post-dominators, natural loops with nesting, back edges and
 *     exits, irreducible regions;
 *   - the method key (name, hash, il_size) and the structural hasher;
 *   - pgo_pfg: the profiled flow graph (graph + counts + probabilities +
 *     provenance) that synth, ingest, maint and oracle share.
 *
 * Identity and keys follow docs/keys.md (from docs/design.md, "Identity and keys"):
 *   block key = IL offset of its first instruction;
 *   edge key  = (source block IL offset, successor index);
 *   successor index = the terminator's operand order (switch: 0 = default,
 *   then the cases in order); two successors reaching the same block are
 *   still two edges.
 *
 * Ownership: every _new has a _free; _free(NULL) is a no-op.  Pointers
 * returned by getters are borrowed and stay valid until the graph is
 * changed (any pgo_cfg_add_* / set_entry / edit / set_term, or a query that
 * recomputes an analysis, see "Thread rules") or freed.
 *
 * Thread rules (for every function in this header):
 *   - distinct handles (pgo_cfg, pgo_pfg) may be used from distinct threads
 *     at once; handles share no global state (the allocator's ud is the
 *     caller's business);
 *   - a handle may be read by several threads at once (the const queries)
 *     only while nobody changes it, and only once it is "settled": a pgo_cfg
 *     whose needed analyses pgo_cfg_analyze made valid after its last
 *     change, a pgo_pfg that pgo_pfg_sync brought to its graph's current
 *     generation.  On an unsettled handle a const query recomputes what it
 *     needs (it writes the handle), so it must not race with anything;
 *   - every non-const function needs exclusive access to its handle, and a
 *     change to a pgo_cfg also needs exclusive access to every pgo_pfg
 *     built on it (their next query brings them up to date).
 */
#ifndef PGO_CORE_H
#define PGO_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(PGO_BUILDING_SHARED)
#define PGO_API __attribute__((visibility("default")))
#else
#define PGO_API
#endif

/* Library version (semantic). pgo_version() returns the one linked in, so a
 * program can check header against library (see MIR's version check). */
#define PGO_VERSION_MAJOR 0
#define PGO_VERSION_MINOR 1
#define PGO_VERSION_PATCH 0
#define PGO_VERSION_STRING "0.1.0"
PGO_API const char *pgo_version(void);

/* ------------------------------------------------------------------ */
/* Status codes: one X-macro list so names and values cannot drift.    */

#define PGO_STATUS_LIST(X)                                                   \
  X(PGO_OK, 0, "ok")                                                         \
  X(PGO_ERR_NOMEM, 1, "out of memory")                                       \
  X(PGO_ERR_INVALID, 2, "invalid argument")                                  \
  X(PGO_ERR_IO, 3, "I/O error")                                              \
  X(PGO_ERR_PARSE, 4, "parse error")                                         \
  X(PGO_ERR_CORRUPT, 5, "corrupt data")                                      \
  X(PGO_ERR_SCHEMA, 6, "unsupported schema or version")                      \
  X(PGO_ERR_NOT_FOUND, 7, "not found")                                       \
  X(PGO_ERR_BUSY, 8, "resource busy")                                        \
  X(PGO_ERR_RANGE, 9, "value out of range")                                  \
  X(PGO_ERR_NOT_CONVERGED, 10, "solver did not converge")                    \
  X(PGO_ERR_STATE, 11, "operation not valid in this state")                  \
  X(PGO_ERR_LLVM, 12, "LLVM error")                                          \
  X(PGO_ERR_STALE, 13, "stale profile")

typedef enum pgo_status {
#define PGO_X_(name, value, text) name = value,
  PGO_STATUS_LIST(PGO_X_)
#undef PGO_X_
} pgo_status;

/* Static text for a status ("out of memory"); never NULL. */
PGO_API const char *pgo_status_text(pgo_status s);
/* The enumerator's name ("PGO_ERR_NOMEM"); never NULL. */
PGO_API const char *pgo_status_name(pgo_status s);

/* ------------------------------------------------------------------ */
/* Allocator hook (Lua style): one function does malloc, realloc, free. */

/* realloc(ud, ptr, old_size, new_size): new_size == 0 frees ptr and returns
 * NULL; ptr == NULL allocates.  Returning NULL for new_size > 0 means out of
 * memory, which every library call turns into PGO_ERR_NOMEM. */
typedef struct pgo_allocator {
  void *(*realloc)(void *ud, void *ptr, size_t old_size, size_t new_size);
  void *ud;
} pgo_allocator;

/* The default allocator (libc). */
PGO_API const pgo_allocator *pgo_default_allocator(void);

/* "No such index": no IL offset, no dominator, no loop, ... */
#define PGO_NONE UINT32_MAX
/* "Cannot tell": an analysis query could not make its analysis valid (the
 * graph is not finished, or recomputing it ran out of memory; the graph's
 * pgo_cfg_errmsg says which).  Never a valid id, and distinct from PGO_NONE
 * so that a failure never reads as "no dominator" or "not in a loop". */
#define PGO_INVALID (UINT32_MAX - 1u)

/* ------------------------------------------------------------------ */
/* Structural hasher and method key.                                   */

/* Version of the method-hash algorithm (docs/keys.md).  A change of the
 * algorithm or of the fields it covers bumps this. */
#define PGO_HASH_VERSION 1

/* A streaming 64-bit hasher; deterministic across runs, hosts and
 * endianness (values are fed as little-endian integers). */
typedef struct pgo_hasher {
  uint64_t state[4]; /* internal; do not touch */
  uint64_t length;   /* bytes fed so far */
} pgo_hasher;

PGO_API void pgo_hasher_init(pgo_hasher *h);
PGO_API void pgo_hasher_u32(pgo_hasher *h, uint32_t v);
PGO_API void pgo_hasher_u64(pgo_hasher *h, uint64_t v);
/* Feeds the length first, then the bytes, so ("ab","c") != ("a","bc"). */
PGO_API void pgo_hasher_bytes(pgo_hasher *h, const void *p, size_t n);
PGO_API void pgo_hasher_str(pgo_hasher *h, const char *s); /* NULL = "" */
PGO_API uint64_t pgo_hasher_final(const pgo_hasher *h);

/* Method identity, like .NET's (token, hash, IL size). */
typedef struct pgo_method_key {
  const char *name; /* symbol name; borrowed */
  uint64_t hash;    /* structural hash, PGO_HASH_VERSION */
  uint32_t il_size; /* instruction count */
} pgo_method_key;

/* ------------------------------------------------------------------ */
/* The flow graph.                                                     */

typedef struct pgo_cfg pgo_cfg;

/* How a block ends. */
typedef enum pgo_term {
  PGO_TERM_NONE = 0,     /* not set / falls off (builder default) */
  PGO_TERM_JUMP,         /* one unconditional successor */
  PGO_TERM_BRANCH,       /* two-way conditional: succ 0 when true */
  PGO_TERM_SWITCH,       /* multi-way: succ 0 = default, then cases */
  PGO_TERM_INDIRECT,     /* indirect branch */
  PGO_TERM_RETURN,       /* returns from the method */
  PGO_TERM_THROW,        /* leaves by exception (resume, throw) */
  PGO_TERM_UNREACHABLE,  /* `unreachable` */
  PGO_TERM_INVOKE        /* call with normal (0) and unwind (1) successors */
} pgo_term;

/* Block flags (bit set). */
enum {
  PGO_BLOCK_ENTRY = 1u << 0,       /* the method entry (exactly one) */
  PGO_BLOCK_CALLS = 1u << 1,       /* contains a call (not an intrinsic) */
  PGO_BLOCK_STORES = 1u << 2,      /* contains a store to memory */
  PGO_BLOCK_NORETURN = 1u << 3,    /* calls a noreturn function */
  PGO_BLOCK_INDIRECT_CALL = 1u << 4, /* contains an indirect call */
  PGO_BLOCK_EH = 1u << 5           /* exception landing pad */
};

/* Compare predicate of a conditional branch's condition (succ 0 is taken
 * when the comparison is true). */
typedef enum pgo_cmp {
  PGO_CMP_NONE = 0, /* condition is not a comparison */
  PGO_CMP_EQ, PGO_CMP_NE,
  PGO_CMP_SLT, PGO_CMP_SLE, PGO_CMP_SGT, PGO_CMP_SGE,
  PGO_CMP_ULT, PGO_CMP_ULE, PGO_CMP_UGT, PGO_CMP_UGE,
  /* floating point; ordered unless _U */
  PGO_CMP_FEQ, PGO_CMP_FNE, PGO_CMP_FLT, PGO_CMP_FLE, PGO_CMP_FGT,
  PGO_CMP_FGE, PGO_CMP_FUEQ, PGO_CMP_FUNE, PGO_CMP_FULT, PGO_CMP_FULE,
  PGO_CMP_FUGT, PGO_CMP_FUGE, PGO_CMP_FORD, PGO_CMP_FUNO,
  PGO_CMP_FTRUE, PGO_CMP_FFALSE
} pgo_cmp;

/* Kind of a compare operand. */
typedef enum pgo_operand {
  PGO_OPND_NONE = 0, /* no operand / unknown */
  PGO_OPND_POINTER,  /* a pointer value (not null) */
  PGO_OPND_NULL,     /* the null pointer constant */
  PGO_OPND_ZERO,     /* integer constant 0 */
  PGO_OPND_NEGATIVE, /* negative integer constant */
  PGO_OPND_CONST,    /* other integer constant */
  PGO_OPND_FLOAT,    /* floating-point value or constant */
  PGO_OPND_OTHER     /* any other integer value */
} pgo_operand;

/* Branch features of a block's terminator, for the heuristics. */
typedef struct pgo_branch_features {
  pgo_cmp cmp;      /* predicate; PGO_CMP_NONE if not a compare */
  pgo_operand lhs;  /* left operand kind */
  pgo_operand rhs;  /* right operand kind */
} pgo_branch_features;

/* Create an empty graph.  alloc may be NULL (libc). */
PGO_API pgo_status pgo_cfg_new(const pgo_allocator *alloc, pgo_cfg **out);
PGO_API void pgo_cfg_free(pgo_cfg *cfg);
/* Last error message on this handle ("" if none); valid until next call. */
PGO_API const char *pgo_cfg_errmsg(const pgo_cfg *cfg);

/* Method key.  name is copied. */
PGO_API pgo_status pgo_cfg_set_key(pgo_cfg *cfg, const char *name,
                                   uint64_t hash, uint32_t il_size);
PGO_API pgo_method_key pgo_cfg_key(const pgo_cfg *cfg);

/* --- builder --------------------------------------------------------
 * Blocks are numbered 0.. in creation order (layout order).  The first
 * block added is the entry unless pgo_cfg_set_entry says otherwise.
 * Adding a block or an edge drops the finished form and every analysis;
 * pgo_cfg_finish must be called again before edge queries.  set_entry
 * drops every analysis (a finished graph stays finished).  On a finished
 * graph set_term drops the post-dominators (exits change); set_branch,
 * set_annotation and set_flags drop no analysis.  Every one of these, and
 * every edit below, bumps the generation (pgo_cfg_generation). */

/* il_offset: IL offset of the block's first instruction, or PGO_NONE for
 * blocks made by graph edits; ninstr: its instruction count. */
PGO_API pgo_status pgo_cfg_add_block(pgo_cfg *cfg, uint32_t il_offset,
                                     uint32_t ninstr, uint32_t *out_block);
/* Append a successor to src: its successor index is the number of
 * successors src already had. */
PGO_API pgo_status pgo_cfg_add_edge(pgo_cfg *cfg, uint32_t src, uint32_t dst);
PGO_API pgo_status pgo_cfg_set_entry(pgo_cfg *cfg, uint32_t block);
/* label: copied; NULL clears (shown as bb<index>). */
PGO_API pgo_status pgo_cfg_set_label(pgo_cfg *cfg, uint32_t block,
                                     const char *label);
PGO_API pgo_status pgo_cfg_set_term(pgo_cfg *cfg, uint32_t block,
                                    pgo_term term);
PGO_API pgo_status pgo_cfg_set_flags(pgo_cfg *cfg, uint32_t block,
                                     unsigned flags);
PGO_API pgo_status pgo_cfg_set_branch(pgo_cfg *cfg, uint32_t block,
                                      const pgo_branch_features *f);
/* User annotation on a block's terminator: probs[k] is the annotated
 * probability of successor k (they sum to 1); nsucc must equal the block's
 * successor count at pgo_cfg_finish time.  Copied. */
PGO_API pgo_status pgo_cfg_set_annotation(pgo_cfg *cfg, uint32_t block,
                                          const double *probs, uint32_t nsucc);

/* Seal the graph: build successor/predecessor arrays (CSR).  Edge ids are
 * renumbered so that the successors of block b are the edges
 * succ_begin(b) .. succ_begin(b)+nsucc(b)-1 in successor-index order. */
PGO_API pgo_status pgo_cfg_finish(pgo_cfg *cfg);
PGO_API bool pgo_cfg_is_finished(const pgo_cfg *cfg);

/* --- edits on a finished graph ----------------------------------------
 * Each edit takes the edge ids (CSR ids) of the current generation, changes
 * the graph, re-finishes it (O(n + m)) and returns the ids of the new
 * generation: the graph is finished again when the edit returns.  Every
 * analysis is dropped (queries recompute on demand) and the generation is
 * bumped.  On any failure (bad id: PGO_ERR_INVALID; unfinished graph:
 * PGO_ERR_STATE; PGO_ERR_NOMEM) the graph is exactly as before: same
 * generation, blocks, edges, ids, attributes and valid analyses.
 *
 * Ids: block ids are stable.  A removed block stays as a tombstone: no
 * edges, no IL offset, unreachable, pgo_cfg_block_removed() is true,
 * pgo_cfg_verify accepts it, and its id is never reused.  New blocks get
 * the next ids (pgo_cfg_nblocks() - 1 after one new block).  Edge ids stay
 * the CSR numbering (successors of block b are succ_begin(b)..): splitting
 * and duplicating keep every existing edge id (new edges belong to new
 * blocks, numbered last); redirecting keeps every id; removing an edge or a
 * block shifts the ids of the later edges down.
 *
 * Successor order of a block = order in which its live edges were added:
 * redirect keeps the slot, split keeps the slot (src -> new block), and a
 * removal shifts the later successor indices of that block down by one.
 * When a removal leaves a terminator with fewer successors than its kind
 * needs it is narrowed so the graph still verifies: branch or invoke with
 * one successor left -> jump (branch features cleared), jump or switch with
 * none left -> unreachable.  An annotation loses the removed entry and the
 * rest is rescaled to sum to 1 (dropped when nothing, or only zeros, is
 * left). */

/* Splits edge src->dst into src->n->dst.  The new block n has IL offset
 * PGO_NONE, 0 instructions, terminator jump, no flags.  The edge keeps its
 * id and slot (it now ends at n); n's only successor is the new edge.  Out
 * parameters (each may be NULL): n, the id of src->n (= edge), the id of
 * n->dst. */
PGO_API pgo_status pgo_cfg_split_edge(pgo_cfg *cfg, uint32_t edge,
                                      uint32_t *out_block,
                                      uint32_t *out_in_edge,
                                      uint32_t *out_out_edge);
/* Splits the n distinct edges edges[0..n) with ONE re-finish: O(n + m) in
 * all.  out_blocks[i] (may be NULL) gets the block made for edges[i]
 * (consecutive ids, in the order given).  Each edge keeps its id; the new
 * block's edge is pgo_cfg_edge_at(cfg, out_blocks[i], 0).  A repeated or bad
 * id fails with PGO_ERR_INVALID and no change.  n == 0 is a no-op. */
PGO_API pgo_status pgo_cfg_split_edges(pgo_cfg *cfg, const uint32_t *edges,
                                       uint32_t n, uint32_t *out_blocks);
/* Makes edge end at new_dst (a live block), keeping its source, slot and
 * id. */
PGO_API pgo_status pgo_cfg_redirect_edge(pgo_cfg *cfg, uint32_t edge,
                                         uint32_t new_dst);
/* Removes the edge (see the narrowing rule above). */
PGO_API pgo_status pgo_cfg_remove_edge(pgo_cfg *cfg, uint32_t edge);
/* Removes the block and every edge entering or leaving it; the block
 * becomes a tombstone.  The entry cannot be removed (PGO_ERR_INVALID). */
PGO_API pgo_status pgo_cfg_remove_block(pgo_cfg *cfg, uint32_t block);
/* Adds a copy of block: same instruction count, terminator, flags (never
 * the entry flag), branch features and annotation, and a copy of each
 * out-edge in successor order; IL offset PGO_NONE (keys stay unique), no
 * label, no predecessors (redirect edges to it). */
PGO_API pgo_status pgo_cfg_duplicate_block(pgo_cfg *cfg, uint32_t block,
                                           uint32_t *out_block);
/* True for a removed block (tombstone).  False for bad ids. */
PGO_API bool pgo_cfg_block_removed(const pgo_cfg *cfg, uint32_t block);
/* Counter bumped by every change of the graph (add_*, set_entry, set_term,
 * set_flags, set_branch, set_annotation, every edit); not by set_label or
 * set_key, nor by finish or analyze.  0 for NULL. */
PGO_API uint64_t pgo_cfg_generation(const pgo_cfg *cfg);

/* Structural checks (entry set and live, edges in range and between live
 * blocks, tombstones empty, annotation sizes, flags vs terminator successor
 * counts).  On failure returns PGO_ERR_CORRUPT with a message naming the
 * block. */
PGO_API pgo_status pgo_cfg_verify(pgo_cfg *cfg);

/* --- queries (any time; edge queries need a finished graph) ---------- */
PGO_API uint32_t pgo_cfg_nblocks(const pgo_cfg *cfg);
PGO_API uint32_t pgo_cfg_nedges(const pgo_cfg *cfg);
PGO_API uint32_t pgo_cfg_entry(const pgo_cfg *cfg);
PGO_API uint32_t pgo_cfg_il_offset(const pgo_cfg *cfg, uint32_t block);
PGO_API uint32_t pgo_cfg_ninstr(const pgo_cfg *cfg, uint32_t block);
PGO_API const char *pgo_cfg_label(const pgo_cfg *cfg, uint32_t block); /* NULL if none */
PGO_API pgo_term pgo_cfg_term(const pgo_cfg *cfg, uint32_t block);
PGO_API unsigned pgo_cfg_flags(const pgo_cfg *cfg, uint32_t block);
PGO_API pgo_branch_features pgo_cfg_branch(const pgo_cfg *cfg, uint32_t block);
/* Annotated successor probabilities, or NULL when the block has none. */
PGO_API const double *pgo_cfg_annotation(const pgo_cfg *cfg, uint32_t block);
/* Block by IL offset (binary search; PGO_NONE if no block starts there). */
PGO_API uint32_t pgo_cfg_block_at(const pgo_cfg *cfg, uint32_t il_offset);
/* The block whose range [il_offset, il_offset + ninstr) holds il_offset
 * (binary search over the blocks with an IL offset; ranges are assumed
 * disjoint, as the blocks of one method's IL are); PGO_NONE if none.
 * O(log n) on a finished graph, a linear scan before finish. */
PGO_API uint32_t pgo_cfg_block_containing(const pgo_cfg *cfg,
                                          uint32_t il_offset);

PGO_API uint32_t pgo_cfg_nsucc(const pgo_cfg *cfg, uint32_t block);
PGO_API uint32_t pgo_cfg_succ_begin(const pgo_cfg *cfg, uint32_t block); /* first edge id */
PGO_API uint32_t pgo_cfg_npred(const pgo_cfg *cfg, uint32_t block);
/* Edge ids entering block, in ascending edge-id order. */
PGO_API const uint32_t *pgo_cfg_preds(const pgo_cfg *cfg, uint32_t block);
PGO_API uint32_t pgo_cfg_edge_src(const pgo_cfg *cfg, uint32_t edge);
PGO_API uint32_t pgo_cfg_edge_dst(const pgo_cfg *cfg, uint32_t edge);
PGO_API uint32_t pgo_cfg_edge_index(const pgo_cfg *cfg, uint32_t edge); /* successor index */
/* Edge id of block's successor succ_index; PGO_NONE if out of range or
 * the graph is not finished. */
PGO_API uint32_t pgo_cfg_edge_at(const pgo_cfg *cfg, uint32_t block,
                                 uint32_t succ_index);
/* Exit blocks: return/throw/unreachable terminators or no successors. */
PGO_API bool pgo_cfg_is_exit(const pgo_cfg *cfg, uint32_t block);

/* --- analyses --------------------------------------------------------
 * Computed by pgo_cfg_analyze and cached until a change drops them (see
 * the builder and edit comments for which change drops what).  A query on
 * an analysis that is not valid recomputes it (and its prerequisites) on
 * demand: a query never returns a stale answer.  When it cannot (graph not
 * finished, out of memory) an id query returns PGO_INVALID, a bool query
 * false, a list query NULL with *n = 0, a count query 0, and
 * pgo_cfg_errmsg says why; call pgo_cfg_analyze to get the status.
 * Recomputing writes the handle: see the thread rules at the top.
 * Every algorithm is iterative (no recursion) and near-linear, so a
 * 1,000,000-block graph of any shape is analysed in well under a second. */
enum {
  PGO_ANALYSIS_RPO = 1u << 0,
  PGO_ANALYSIS_DOM = 1u << 1,   /* dominators (Lengauer-Tarjan) */
  PGO_ANALYSIS_PDOM = 1u << 2,  /* post-dominators (virtual exit) */
  PGO_ANALYSIS_LOOPS = 1u << 3, /* natural loops, nesting, irreducible */
  PGO_ANALYSIS_ALL = 0xfu
};
/* Computes what is asked and what it depends on (LOOPS needs DOM needs RPO).
 * The graph must be finished. */
PGO_API pgo_status pgo_cfg_analyze(pgo_cfg *cfg, unsigned what);
PGO_API unsigned pgo_cfg_valid_analyses(const pgo_cfg *cfg);

/* RPO of the blocks reachable from the entry (depth-first, successors in
 * successor-index order). */
PGO_API const uint32_t *pgo_cfg_rpo(const pgo_cfg *cfg, uint32_t *n);
/* Position of block in the RPO, PGO_NONE if unreachable from the entry. */
PGO_API uint32_t pgo_cfg_rpo_index(const pgo_cfg *cfg, uint32_t block);
PGO_API bool pgo_cfg_reachable(const pgo_cfg *cfg, uint32_t block);

/* Immediate dominator; PGO_NONE for the entry and unreachable blocks. */
PGO_API uint32_t pgo_cfg_idom(const pgo_cfg *cfg, uint32_t block);
/* a dominates b (reflexive); false if either is unreachable.  O(1). */
PGO_API bool pgo_cfg_dominates(const pgo_cfg *cfg, uint32_t a, uint32_t b);
/* Immediate post-dominator with respect to a virtual exit that every exit
 * block (pgo_cfg_is_exit) flows to: PGO_NONE when it is the virtual exit
 * or when the block cannot reach any exit (infinite loop). */
PGO_API uint32_t pgo_cfg_ipdom(const pgo_cfg *cfg, uint32_t block);
/* a post-dominates b (reflexive); false if either cannot reach an exit. */
PGO_API bool pgo_cfg_postdominates(const pgo_cfg *cfg, uint32_t a, uint32_t b);

/* Natural loops.  A back edge is an edge whose target dominates its source;
 * a loop is the union of the natural loops of the back edges sharing a
 * header.  Loop ids are numbered in pre-order of the loop-nesting forest:
 * a parent's id is smaller than its children's, so iterating ids from high
 * to low visits inner loops before outer ones (Wu-Larus order). */
PGO_API uint32_t pgo_cfg_nloops(const pgo_cfg *cfg);
PGO_API uint32_t pgo_cfg_loop_header(const pgo_cfg *cfg, uint32_t loop);
PGO_API uint32_t pgo_cfg_loop_parent(const pgo_cfg *cfg, uint32_t loop); /* PGO_NONE for top */
PGO_API uint32_t pgo_cfg_loop_depth(const pgo_cfg *cfg, uint32_t loop); /* outermost = 1 */
/* Innermost loop containing block, PGO_NONE if none. */
PGO_API uint32_t pgo_cfg_block_loop(const pgo_cfg *cfg, uint32_t block);
/* Loop nesting depth of a block (0 outside loops). */
PGO_API uint32_t pgo_cfg_block_depth(const pgo_cfg *cfg, uint32_t block);
/* loop contains block (including through nested loops).  O(1). */
PGO_API bool pgo_cfg_loop_contains(const pgo_cfg *cfg, uint32_t loop,
                                   uint32_t block);
/* Blocks whose innermost loop is `loop` (header first), children loops. */
PGO_API const uint32_t *pgo_cfg_loop_blocks(const pgo_cfg *cfg, uint32_t loop,
                                            uint32_t *n);
PGO_API const uint32_t *pgo_cfg_loop_children(const pgo_cfg *cfg,
                                              uint32_t loop, uint32_t *n);
/* Back edges (edge ids) to the header, and exit edges: edges from a block
 * the loop contains to a block it does not. */
PGO_API const uint32_t *pgo_cfg_loop_back_edges(const pgo_cfg *cfg,
                                                uint32_t loop, uint32_t *n);
PGO_API const uint32_t *pgo_cfg_loop_exits(const pgo_cfg *cfg, uint32_t loop,
                                           uint32_t *n);
PGO_API bool pgo_cfg_is_back_edge(const pgo_cfg *cfg, uint32_t edge);

/* Irreducible regions: the strongly connected components with a cycle of
 * the reachable graph with all back edges removed.  Such a cycle has more
 * than one entry block, so no natural loop describes it.  Region ids are in
 * RPO order of their first block. */
PGO_API uint32_t pgo_cfg_nirreducible(const pgo_cfg *cfg);
PGO_API const uint32_t *pgo_cfg_irreducible_blocks(const pgo_cfg *cfg,
                                                   uint32_t region, uint32_t *n);
/* Entry blocks of the region (blocks with a predecessor outside it, or the
 * method entry). */
PGO_API const uint32_t *pgo_cfg_irreducible_entries(const pgo_cfg *cfg,
                                                    uint32_t region, uint32_t *n);
/* Region of block, PGO_NONE if none. */
PGO_API uint32_t pgo_cfg_block_irreducible(const pgo_cfg *cfg, uint32_t block);

/* ------------------------------------------------------------------ */
/* The profiled flow graph: a pgo_cfg (borrowed; must outlive the pfg) plus,
 * per block, a count and its provenance, and per edge a successor
 * probability e_ij and its provenance.  Derived edge counts are
 * E_ij = N_i * e_ij; measured edge counts (what an edge counter saw) are
 * kept apart with their own provenance.  Per call site (keyed by the call's
 * IL offset) a value histogram: target names, counts and the tail.  Blocks
 * and edges carry a "measured and held fixed" flag for passes that must
 * fill only the rest.  Counts are doubles in the compiler (64-bit integers
 * only at run time).
 *
 * The graph may be edited while a pfg lives.  The pfg remembers the graph
 * generation it matches; pgo_pfg_sync (or the next call on the pfg, lazily)
 * brings it up to date.  Values follow blocks and edges across edits (they
 * are kept by stable identity, not by edge id).  New blocks and edges get
 * provenance PGO_PROV_NONE and value 0, except where the edit supplies
 * them: a split edge keeps its probability and measured count; the new edge
 * out of the split block gets probability 1 and the split edge's measured
 * count and provenances; the split block's count is the split edge's
 * measured count if it has one, else N_src * e_ij with the source count's
 * provenance (0 / NONE if either is NONE); a duplicated block's edges copy
 * the originals' probabilities and provenances (count 0 / NONE, no measured
 * counts).  A block whose successor set changed (edge added or removed)
 * has its probabilities rescaled to sum to 1: the values not held are
 * scaled (marked PGO_PROV_REPAIRED when a value really changed), all of
 * them when the held ones alone reach 1 or nothing else is left; an
 * all-zero block becomes uniform with provenance NONE.  Removed blocks and
 * edges read as 0 / NONE / not held and cannot be set.  Edge queries need
 * a finished graph (edge ids exist only then): before finish they return
 * 0 / NONE and setters PGO_ERR_STATE; block queries work at any time.  */

#define PGO_PROVENANCE_LIST(X)                                                \
  X(PGO_PROV_NONE, 0, "none")                                                 \
  X(PGO_PROV_INSTRUMENTED, 1, "instrumented")                                 \
  X(PGO_PROV_SAMPLED, 2, "sampled")                                           \
  X(PGO_PROV_ANNOTATED, 3, "annotated")                                       \
  X(PGO_PROV_SYNTHESIZED, 4, "synthesized")                                   \
  X(PGO_PROV_BLENDED, 5, "blended")                                           \
  X(PGO_PROV_REPAIRED, 6, "repaired")

typedef enum pgo_provenance {
#define PGO_X_(name, value, text) name = value,
  PGO_PROVENANCE_LIST(PGO_X_)
#undef PGO_X_
} pgo_provenance;

PGO_API const char *pgo_provenance_text(pgo_provenance p);

typedef struct pgo_pfg pgo_pfg;

/* cfg must be finished.  All counts 0, probabilities uniform, provenance
 * NONE, nothing held, no measured edge counts, no histograms. */
PGO_API pgo_status pgo_pfg_new(const pgo_allocator *alloc, const pgo_cfg *cfg,
                               pgo_pfg **out);
PGO_API void pgo_pfg_free(pgo_pfg *p);
PGO_API const pgo_cfg *pgo_pfg_cfg(const pgo_pfg *p);
/* Last error message on this handle ("" if none). */
PGO_API const char *pgo_pfg_errmsg(const pgo_pfg *p);
/* Graph generation the pfg matches (pgo_cfg_generation at the last sync). */
PGO_API uint64_t pgo_pfg_generation(const pgo_pfg *p);
/* Brings the pfg up to the graph's current generation (rules above);
 * O(n + m) when the graph changed, O(1) otherwise.  PGO_ERR_NOMEM leaves
 * the pfg as it was.  Every getter and setter syncs first; a getter whose
 * sync fails returns NaN / PGO_PROV_NONE / false with the message set. */
PGO_API pgo_status pgo_pfg_sync(pgo_pfg *p);

/* Setters: PGO_ERR_INVALID for a NULL handle, a bad or removed id, a
 * provenance out of range, or a value that is NaN, infinite or negative (a
 * probability above 1); PGO_ERR_STATE for edge setters before finish.  On
 * any error nothing changes and pgo_pfg_errmsg says why. */
PGO_API double pgo_pfg_block_count(const pgo_pfg *p, uint32_t block);
PGO_API pgo_provenance pgo_pfg_block_prov(const pgo_pfg *p, uint32_t block);
PGO_API pgo_status pgo_pfg_set_block_count(pgo_pfg *p, uint32_t block,
                                           double count, pgo_provenance prov);
PGO_API double pgo_pfg_edge_prob(const pgo_pfg *p, uint32_t edge);
PGO_API pgo_provenance pgo_pfg_edge_prov(const pgo_pfg *p, uint32_t edge);
PGO_API pgo_status pgo_pfg_set_edge_prob(pgo_pfg *p, uint32_t edge,
                                         double prob, pgo_provenance prov);
/* Derived edge count N_src * e_ij. */
PGO_API double pgo_pfg_edge_count(const pgo_pfg *p, uint32_t edge);
/* Measured edge count: what an edge counter (or a sample) saw, separate
 * from the derived count.  NaN when the edge has none (provenance NONE). */
PGO_API double pgo_pfg_edge_measured(const pgo_pfg *p, uint32_t edge);
PGO_API pgo_provenance pgo_pfg_edge_measured_prov(const pgo_pfg *p,
                                                  uint32_t edge);
/* prov PGO_PROV_NONE clears the measured count (count is then ignored). */
PGO_API pgo_status pgo_pfg_set_edge_measured(pgo_pfg *p, uint32_t edge,
                                             double count,
                                             pgo_provenance prov);
/* "Measured and held fixed": a pass that fills a profile (synthesis,
 * blending, repair) leaves held values alone.  Block: its count; edge: its
 * probability and measured count. */
PGO_API bool pgo_pfg_block_held(const pgo_pfg *p, uint32_t block);
PGO_API pgo_status pgo_pfg_set_block_held(pgo_pfg *p, uint32_t block,
                                          bool held);
PGO_API bool pgo_pfg_edge_held(const pgo_pfg *p, uint32_t edge);
PGO_API pgo_status pgo_pfg_set_edge_held(pgo_pfg *p, uint32_t edge,
                                         bool held);
/* Count of the method entry block (the normalisation base). */
PGO_API double pgo_pfg_entry_count(const pgo_pfg *p);
/* Largest |inflow - count| / max(count, 1) over live blocks other than the
 * entry (Kirchhoff residual); *worst gets the block (PGO_NONE if none).
 * NaN (and PGO_NONE) when the graph is not finished or the sync failed. */
PGO_API double pgo_pfg_max_residual(const pgo_pfg *p, uint32_t *worst);

/* Value histogram of one call site (indirect call targets, ...), keyed by
 * the IL offset of the call.  A view: pointers are borrowed from the pfg
 * and stay valid until the site's histogram is set or removed, or the pfg
 * freed.  Histograms are keyed by IL offset, not by block, so graph edits
 * do not touch them. */
typedef struct pgo_pfg_histogram {
  uint32_t il_offset;          /* the call site */
  uint32_t n;                  /* named targets */
  const char *const *targets;  /* n names, distinct, in the order set */
  const double *counts;        /* n counts */
  double other;                /* count of the values not named (tail) */
  pgo_provenance prov;
} pgo_pfg_histogram;

/* Sets (replaces) the histogram of the site: targets[0..n) (copied, non-NULL
 * and distinct), counts[0..n) and other finite and >= 0, prov a real
 * provenance (not NONE), il_offset not PGO_NONE.  n == 0 is allowed (only a
 * tail).  PGO_ERR_INVALID / PGO_ERR_NOMEM leave the old histogram. */
PGO_API pgo_status pgo_pfg_set_histogram(pgo_pfg *p, uint32_t il_offset,
                                         const char *const *targets,
                                         const double *counts, uint32_t n,
                                         double other, pgo_provenance prov);
/* PGO_ERR_NOT_FOUND when the site has none. */
PGO_API pgo_status pgo_pfg_remove_histogram(pgo_pfg *p, uint32_t il_offset);
PGO_API uint32_t pgo_pfg_nhistograms(const pgo_pfg *p);
/* The i-th histogram in ascending IL offset order (PGO_ERR_RANGE past the
 * end), or the one of a site (PGO_ERR_NOT_FOUND).  *out is zeroed on
 * error. */
PGO_API pgo_status pgo_pfg_histogram_at(const pgo_pfg *p, uint32_t i,
                                        pgo_pfg_histogram *out);
PGO_API pgo_status pgo_pfg_histogram_get(const pgo_pfg *p, uint32_t il_offset,
                                         pgo_pfg_histogram *out);

/* Internal consistency (syncs first): generation equal to the graph's,
 * every count and measured count finite and >= 0, every probability in
 * [0, 1], the probabilities of each live block with successors summing to
 * 1 within 1e-6, provenances in range, removed blocks and edges holding
 * nothing, histograms sorted with finite non-negative counts.
 * PGO_ERR_CORRUPT with a message naming the block or edge. */
PGO_API pgo_status pgo_pfg_verify(pgo_pfg *p);

#ifdef __cplusplus
}
#endif
#endif /* PGO_CORE_H */
