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
 * returned by getters are borrowed and stay valid until the graph is edited
 * (pgo_cfg_add_*) or freed.
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
 * Editing (add block / add edge / set_entry) invalidates every analysis;
 * pgo_cfg_finish must be called again before queries. */

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

/* Structural checks (entry set, edges in range, annotation sizes, flags vs
 * terminator successor counts).  On failure returns PGO_ERR_CORRUPT with a
 * message naming the block. */
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

PGO_API uint32_t pgo_cfg_nsucc(const pgo_cfg *cfg, uint32_t block);
PGO_API uint32_t pgo_cfg_succ_begin(const pgo_cfg *cfg, uint32_t block); /* first edge id */
PGO_API uint32_t pgo_cfg_npred(const pgo_cfg *cfg, uint32_t block);
/* Edge ids entering block, in ascending edge-id order. */
PGO_API const uint32_t *pgo_cfg_preds(const pgo_cfg *cfg, uint32_t block);
PGO_API uint32_t pgo_cfg_edge_src(const pgo_cfg *cfg, uint32_t edge);
PGO_API uint32_t pgo_cfg_edge_dst(const pgo_cfg *cfg, uint32_t edge);
PGO_API uint32_t pgo_cfg_edge_index(const pgo_cfg *cfg, uint32_t edge); /* successor index */
/* Exit blocks: return/throw/unreachable terminators or no successors. */
PGO_API bool pgo_cfg_is_exit(const pgo_cfg *cfg, uint32_t block);

/* --- analyses --------------------------------------------------------
 * Computed on demand by pgo_cfg_analyze and cached until the next edit.
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
/* The profiled flow graph: a finished pgo_cfg (borrowed; must outlive the
 * pfg and not be edited while it lives) plus, per block, a count and its
 * provenance, and per edge a successor probability e_ij and its provenance.
 * Edge counts are derived: E_ij = N_i * e_ij.  Counts are doubles in the
 * compiler (64-bit integers only at run time).                         */

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
 * NONE. */
PGO_API pgo_status pgo_pfg_new(const pgo_allocator *alloc, const pgo_cfg *cfg,
                               pgo_pfg **out);
PGO_API void pgo_pfg_free(pgo_pfg *p);
PGO_API const pgo_cfg *pgo_pfg_cfg(const pgo_pfg *p);

PGO_API double pgo_pfg_block_count(const pgo_pfg *p, uint32_t block);
PGO_API pgo_provenance pgo_pfg_block_prov(const pgo_pfg *p, uint32_t block);
PGO_API void pgo_pfg_set_block_count(pgo_pfg *p, uint32_t block, double count,
                                     pgo_provenance prov);
PGO_API double pgo_pfg_edge_prob(const pgo_pfg *p, uint32_t edge);
PGO_API pgo_provenance pgo_pfg_edge_prov(const pgo_pfg *p, uint32_t edge);
PGO_API void pgo_pfg_set_edge_prob(pgo_pfg *p, uint32_t edge, double prob,
                                   pgo_provenance prov);
/* N_src * e_ij */
PGO_API double pgo_pfg_edge_count(const pgo_pfg *p, uint32_t edge);
/* Count of the method entry block (the normalisation base). */
PGO_API double pgo_pfg_entry_count(const pgo_pfg *p);
/* Largest |inflow - count| / max(count, 1) over blocks other than the entry
 * (Kirchhoff residual); *worst gets the block (PGO_NONE if none). */
PGO_API double pgo_pfg_max_residual(const pgo_pfg *p, uint32_t *worst);

#ifdef __cplusplus
}
#endif
#endif /* PGO_CORE_H */
