/*
 * pgo/ingest.h -- layer 2: from measured data to a profiled flow graph.
 *
 * IR-neutral (no LLVM): a JIT with its own IR describes its graphs through
 * the pgo_cfg builder (pgo/core.h) and uses everything here unchanged.
 *
 * Sections (one concept per source file in lib/ingest/):
 *   - probe plans: where tier-0 counters go (maximum-weight spanning tree,
 *     Knuth; Ball & Larus "Optimally Profiling and Tracing Programs") and the
 *     reconstruction of every block and edge count from the counter values;
 *   - records -> pfg: a method's store records laid onto a pgo_pfg of the
 *     current graph by IL offset.
 */
#ifndef PGO_INGEST_H
#define PGO_INGEST_H

#include "pgo/core.h"
#include "pgo/store.h"
#include "pgo/synth.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- probe plans (lib/ingest/plan.c, reconstruct.c) ------------------- */
/*
 * A probe plan says where a method's tier-0 counters go, and turns the
 * counter values back into every block and edge count.  docs/ingest.md
 * explains the rules below with examples.
 *
 * The plan graph.  Nodes: the blocks reachable from the entry, plus a
 * virtual exit X.  Edges ("plan edges"):
 *   - every cfg edge between reachable blocks;
 *   - one virtual edge b -> X for each reachable block b that is an exit
 *     (pgo_cfg_is_exit: control leaves the method there), that is flagged
 *     PGO_BLOCK_NORETURN (unless it ends in an invoke: an invoke of a
 *     noreturn function leaves through its unwind edge, a measured edge),
 *     or from which no exit is reachable (an infinite loop): the flow that
 *     leaves the method at b, by returning, throwing, or by the run
 *     stopping in b (a noreturn call, a kill while looping);
 *   - the virtual edge X -> entry: the method's invocations.
 * Every run of the method that enters at the entry and leaves through one
 * of the b -> X edges satisfies flow conservation (Kirchhoff) at every
 * node, so a spanning tree's edges follow from the others (Knuth; Ball &
 * Larus, "Optimally Profiling and Tracing Programs", TOPLAS 16(4) 1994).
 *
 * The tree.  A maximum-weight spanning tree by Kruskal with union-find
 * (O(E log E)): first the forced edges, each kept unless it closes a cycle,
 * in this order:
 *   1. the b -> X edges of blocks whose end may never run: terminator
 *      PGO_TERM_UNREACHABLE, flag PGO_BLOCK_NORETURN (not an invoke), or no
 *      exit reachable (an increment there would miss the runs that stop in
 *      b; as a tree edge its count is b's inflow minus its other outflow,
 *      so a run that dies in b counts as a run that left the method at b);
 *      also b -> X of an exit block that still has successors (its end
 *      runs whichever way it leaves);
 *   2. unsplittable edges into a block with more than one predecessor:
 *      invoke unwind edges (successor 1 of PGO_TERM_INVOKE; a counter
 *      there would need a landing pad split) and the edges of
 *      PGO_TERM_INDIRECT (indirectbr / callbr: block-address targets).
 *      Only when such edges and the stop edges of 1 close a cycle
 *      (invokes in an exit-less loop sharing a pad that leads back into
 *      it; threaded code, whose handlers all branch indirectly to each
 *      other) does one get a counter anyway: critical (unwind = true for
 *      an unwind edge); the materialiser must split it (LLVM:
 *      SplitLandingPadPredecessors) or leave the method unprobed.  Kruskal
 *      on these edges first keeps the largest possible number of them in
 *      the tree (a spanning forest of a graphic matroid);
 *   3. X -> entry.  It is always in the tree unless steps 1-2 already join
 *      the entry to X (the entry block itself stops the run, e.g. a method
 *      that is one `call abort; unreachable` block, or has no reachable
 *      exit); then the entry count is counted directly (PGO_PLAN_PLACE_ENTRY).
 * then every other plan edge by weight, heaviest first, ties by plan-edge
 * id.  Each plan edge not in the tree gets one 64-bit counter.  Unwind
 * edges and edges into unreachable-terminated blocks are otherwise ordinary:
 * an increment placed on them runs when the edge is taken, before any call
 * of the destination block.
 *
 * Plan-edge ids: cfg edge ids 0..nedges-1; then nedges + b for the b -> X
 * edge of block b; then nedges + nblocks for X -> entry.  Counters are
 * numbered in ascending plan-edge id, so the same graph and weights always
 * give the same plan.  Unreachable blocks and their edges get no counter and
 * reconstruct to 0.
 *
 * Weights.  NULL: the synthesized frequencies of lib/synth (pgo_synth_run
 * on a pfg of cfg, one invocation): a cfg edge weighs N_src * e_ij, an
 * edge b -> X weighs N_b minus b's cfg outflow (>= 0).  Otherwise the
 * caller's pgo_pfg over the same cfg, read the same way (block counts and
 * edge probabilities, e.g. the counts of an earlier run).
 *
 * Threads: a plan is used by one thread at a time (reconstruction writes
 * scratch space kept in the plan); distinct plans are independent.  The
 * cfg is borrowed: finished, analysed here, it must outlive the plan and
 * must not be edited while the plan lives.
 */

typedef struct pgo_plan pgo_plan;

/* What a plan edge is. */
typedef enum pgo_plan_edge_kind {
  PGO_PLAN_EDGE_CFG = 0, /* a cfg edge: edge id, key (src offset, succ) */
  PGO_PLAN_EDGE_EXIT,    /* b -> X: the method leaves (or stops) at b */
  PGO_PLAN_EDGE_ENTRY    /* X -> entry: the method's invocations */
} pgo_plan_edge_kind;

/* Where a counter's increment goes. */
typedef enum pgo_plan_place {
  /* At the end of the source block, just before its terminator: the
   * source has one successor and is not an exit (cfg edge), or the edge
   * is an exit edge b -> X (just before the return / throw). */
  PGO_PLAN_PLACE_SOURCE = 1,
  /* At the start of the destination block (after its phis / landing pad
   * instruction): its only predecessor among reachable blocks is this edge
   * and it is not the entry. */
  PGO_PLAN_PLACE_DEST = 2,
  /* Critical edge (source > 1 successors, destination > 1 predecessors):
   * the increment needs a new block on the edge. */
  PGO_PLAN_PLACE_SPLIT = 3,
  /* Once per invocation, before the entry block runs (a prologue; the top
   * of the entry block when it has no predecessors, always so in LLVM). */
  PGO_PLAN_PLACE_ENTRY = 4
} pgo_plan_place;

/* Everything about one counter. */
typedef struct pgo_plan_counter {
  pgo_plan_edge_kind kind; /* what it measures */
  uint32_t plan_edge;      /* plan-edge id (see above) */
  uint32_t edge;           /* cfg edge id (CFG), else PGO_NONE */
  uint32_t src;            /* source block (CFG, EXIT); PGO_NONE for ENTRY */
  uint32_t dst;            /* destination (CFG; ENTRY: the entry block);
                              PGO_NONE for EXIT */
  uint32_t src_offset;     /* IL offset of src (stable key with succ);
                              PGO_NONE when src has none or for ENTRY */
  uint32_t succ;           /* successor index (CFG), else PGO_NONE */
  pgo_plan_place place;    /* where the increment goes */
  uint32_t host;           /* block that holds the increment: src (SOURCE),
                              dst (DEST), the entry (ENTRY); PGO_NONE for
                              SPLIT */
  bool critical;           /* place == PGO_PLAN_PLACE_SPLIT */
  bool unwind;             /* an invoke's unwind edge */
} pgo_plan_counter;

/* Sizes of a plan (for reports: pgo-show probes, docs/ingest.md). */
typedef struct pgo_plan_stats {
  uint32_t blocks;      /* reachable blocks */
  uint32_t edges;       /* cfg edges between reachable blocks */
  uint32_t exits;       /* virtual b -> X edges */
  uint32_t counters;    /* plan edges - blocks (tree: blocks + 1 nodes) */
  uint32_t cfg_counters;/* counters on cfg edges */
  uint32_t critical;    /* counters needing a split block */
  uint32_t forced;      /* forced edges kept in the tree */
  uint32_t value_sites; /* value-probe slots */
} pgo_plan_stats;

/* Builds the plan.  alloc may be NULL (libc); cfg finished (it is analysed
 * here); weights NULL (synthesized) or a pfg made over cfg.  Errors:
 * PGO_ERR_INVALID (NULL cfg/out, cfg not finished, weights over another
 * graph, a weight NaN or negative), PGO_ERR_NOMEM, or synthesis' status;
 * *out is NULL then and nothing leaks. */
PGO_API pgo_status pgo_plan_new(const pgo_allocator *alloc, pgo_cfg *cfg,
                                const pgo_pfg *weights, pgo_plan **out);
PGO_API void pgo_plan_free(pgo_plan *plan);
/* Last error message ("" if none); valid until the next call. */
PGO_API const char *pgo_plan_errmsg(const pgo_plan *plan);
PGO_API const pgo_cfg *pgo_plan_cfg(const pgo_plan *plan);

PGO_API uint32_t pgo_plan_ncounters(const pgo_plan *plan);
/* PGO_ERR_RANGE for c >= ncounters (*out zeroed). */
PGO_API pgo_status pgo_plan_counter_info(const pgo_plan *plan, uint32_t c,
                                         pgo_plan_counter *out);
/* Shorthands of counter_info; PGO_NONE / false / 0 when out of range. */
PGO_API uint32_t pgo_plan_counter_edge(const pgo_plan *plan, uint32_t c);
PGO_API pgo_plan_edge_kind pgo_plan_counter_kind(const pgo_plan *plan,
                                                 uint32_t c);
PGO_API bool pgo_plan_counter_is_critical(const pgo_plan *plan, uint32_t c);
PGO_API pgo_plan_place pgo_plan_counter_place(const pgo_plan *plan,
                                              uint32_t c);
PGO_API uint32_t pgo_plan_counter_host(const pgo_plan *plan, uint32_t c);
/* The counter measuring cfg edge `edge`, the exit edge of block `block`,
 * or the entry count; PGO_NONE when that edge is a tree edge (or
 * unreachable, or does not exist). */
PGO_API uint32_t pgo_plan_edge_counter(const pgo_plan *plan, uint32_t edge);
PGO_API uint32_t pgo_plan_exit_counter(const pgo_plan *plan, uint32_t block);
PGO_API uint32_t pgo_plan_entry_counter(const pgo_plan *plan);
/* Is the plan edge in the spanning tree?  false when out of range. */
PGO_API bool pgo_plan_in_tree(const pgo_plan *plan, uint32_t plan_edge);
PGO_API void pgo_plan_get_stats(const pgo_plan *plan, pgo_plan_stats *out);

/* --- reconstruction (lib/ingest/reconstruct.c) -----------------------
 * The counter values determine exactly one flow on the plan graph (the
 * tree edges, peeled from the leaves of the tree towards X: a node whose
 * only unknown incident edge is its tree edge determines it), in O(V + E)
 * with no allocation.  The values "balance" when that flow is
 * non-negative and fits in 64 bits; the counts are then exact for every
 * run that left the method through an exit, a noreturn call or a stop in
 * an exit-less loop.
 *
 * Repair rule, when they do not balance (a run left through exit() or
 * longjmp inside a call, a call unwound out of the method, threads were
 * still running, a counter wrapped or was corrupted):
 *   1. every derived edge count that is negative is set to 0, one that
 *      exceeds 2^64-1 is held there (result.clamped_edges counts them,
 *      result.clamped the magnitude removed);
 *   2. every block's count is the larger of its inflow and its outflow
 *      (the entry block's inflow includes the invocations); the method's
 *      entry count is the largest of X's inflow, X's outflow and the entry
 *      block's count minus its cfg inflow;
 *   3. result.imbalance = sum over nodes of |inflow - outflow| after step 1.
 * result.repaired says whether the rule was used.  Nothing fails on bad
 * values.  A leak that leaves the flow non-negative (a run that stopped
 * inside a call, then is routed along the tree as if it had gone on) is
 * undetectable: it is not flagged.  */

typedef struct pgo_plan_result {
  uint64_t entry;        /* the method's entry count (invocations) */
  bool repaired;         /* the values did not balance; rule applied */
  uint32_t clamped_edges;/* derived edge counts clamped (step 1) */
  uint64_t clamped;      /* total magnitude clamped (saturating) */
  uint64_t imbalance;    /* step 3 (saturating); 0 when not repaired */
} pgo_plan_result;

/* counters: ncounters values (ncounters must equal pgo_plan_ncounters).
 * Outputs (each may be NULL): block_counts[nblocks], edge_counts[nedges]
 * by cfg ids (0 for unreachable blocks and their edges), exit_counts[nblocks]
 * (the count of b -> X: returns from b plus runs that stopped in b; 0 for
 * blocks without one), *res.  PGO_ERR_INVALID only for NULL plan,
 * counters NULL or a wrong ncounters; never for the values. */
PGO_API pgo_status pgo_plan_reconstruct(pgo_plan *plan,
                                        const uint64_t *counters,
                                        uint32_t ncounters,
                                        uint64_t *block_counts,
                                        uint64_t *edge_counts,
                                        uint64_t *exit_counts,
                                        pgo_plan_result *res);

/* Writes reconstructed counts into pfg (made over the plan's cfg): every
 * block count and every edge's measured count (pgo_pfg_set_edge_measured)
 * with PGO_PROV_INSTRUMENTED; for every block whose cfg outflow
 * sum_k E_k is > 0 its edge probabilities E_k / sum_k E_k (INSTRUMENTED).
 * The probabilities of blocks never left along a cfg edge (count 0, or
 * only left through X) are left as they were.  PGO_ERR_INVALID for NULL
 * arguments or a pfg over another graph; a pfg setter's error (the pfg may
 * then be partly written; its message is quoted). */
PGO_API pgo_status pgo_plan_to_pfg(pgo_plan *plan,
                                   const uint64_t *block_counts,
                                   const uint64_t *edge_counts, pgo_pfg *pfg);

/* Store records of the reconstructed counts, keyed as docs/keys.md says:
 * blocks[] gets (IL offset, count) for every block with an IL offset
 * (room for nblocks), edges[] (source offset, successor index, count) for
 * every cfg edge whose source has an IL offset (room for nedges), in
 * block / edge id order; *nb, *ne the numbers written.  Zero counts are
 * written too (pgo_profile_sparsify drops them). */
PGO_API pgo_status pgo_plan_records(pgo_plan *plan,
                                    const uint64_t *block_counts,
                                    const uint64_t *edge_counts,
                                    pgo_count_rec *blocks, uint32_t *nb,
                                    pgo_edge_rec *edges, uint32_t *ne);

/* --- value probes (lib/ingest/plan_values.c) -------------------------
 * One value probe per indirect call site.  The graph knows which blocks
 * hold an indirect call (PGO_BLOCK_INDIRECT_CALL) but not the call's IL
 * offset, the site's key in the store; so the caller lists the sites.
 * Sites are deduplicated and numbered ("slots") in ascending IL offset;
 * each slot is one top-K table at run time, K = the capacity stored with
 * the site's histogram (docs/formats.md, record `values`). */

/* Default K: .NET's class-profile table has 8 entries; LLVM's indirect
 * call promotion looks at 3 targets. */
#define PGO_PLAN_VALUE_CAPACITY 8u

/* Replaces the plan's value sites by il_offsets[0..n) (n may be 0).
 * capacity 1..PGO_STORE_MAX_CAPACITY, 0 = PGO_PLAN_VALUE_CAPACITY.
 * PGO_ERR_INVALID for an offset >= the method's il_size (when set, > 0),
 * a bad capacity or NULL with n > 0; PGO_ERR_NOMEM; the old sites are kept
 * on error. */
PGO_API pgo_status pgo_plan_set_value_sites(pgo_plan *plan,
                                            const uint32_t *il_offsets,
                                            uint32_t n, uint32_t capacity);
PGO_API uint32_t pgo_plan_nvalue_sites(const pgo_plan *plan);
PGO_API uint32_t pgo_plan_value_capacity(const pgo_plan *plan);
/* IL offset of slot i; PGO_NONE when out of range. */
PGO_API uint32_t pgo_plan_value_site_offset(const pgo_plan *plan, uint32_t i);
/* The block whose [il_offset, il_offset + ninstr) holds slot i's offset;
 * PGO_NONE when none does or out of range. */
PGO_API uint32_t pgo_plan_value_site_block(const pgo_plan *plan, uint32_t i);
/* Slot of a site by IL offset; PGO_NONE if not a site. */
PGO_API uint32_t pgo_plan_value_slot(const pgo_plan *plan, uint32_t il_offset);

/* --- the run-time top-K table (lib/ingest/plan_topk.c) --------------------
 * A fixed-size table a runtime (or JIT-ed code) records values into, no
 * allocation, O(position) per hit.  Layout, fixed for materialisers:
 * a pgo_topk header (16 bytes) directly followed by `capacity`
 * pgo_topk_slot (16 bytes each); PGO_TOPK_BYTES(k) bytes in all, 8-byte
 * aligned; all zero except `capacity` after pgo_topk_init.
 *
 * Replacement policy: Misra-Gries ("Finding repeated elements", 1982).
 * A value in the table gets +1; a new value takes a free slot with count
 * 1; when the table is full, every slot loses 1 and so does the new value
 * (capacity + 1 units go to the tail) and slots reaching 0 are freed.  So
 * sum(counts) + tail = number of values recorded, every count is a lower
 * bound of its value's true count, off by at most total / (capacity + 1),
 * and a stream of at most `capacity` distinct values is counted exactly.
 * Slots are kept sorted by count descending (one swap per hit), so hot
 * targets are found first.  Not thread-safe: concurrent records may lose
 * counts but never write outside the table.  Counts saturate at 2^64-1. */

typedef struct pgo_topk {
  uint32_t capacity; /* K, 1..PGO_STORE_MAX_CAPACITY */
  uint32_t used;     /* slots in use, <= capacity */
  uint64_t tail;     /* values recorded but not in a slot */
} pgo_topk;

typedef struct pgo_topk_slot {
  uint64_t value; /* e.g. a call target's address */
  uint64_t count;
} pgo_topk_slot;

#define PGO_TOPK_BYTES(k)                                                    \
  (sizeof(pgo_topk) + (size_t)(k) * sizeof(pgo_topk_slot))

/* The slots following the header. */
static inline pgo_topk_slot *pgo_topk_slots(pgo_topk *t) {
  return (pgo_topk_slot *)(void *)(t + 1);
}
static inline const pgo_topk_slot *pgo_topk_cslots(const pgo_topk *t) {
  return (const pgo_topk_slot *)(const void *)(t + 1);
}

/* Clears a table of PGO_TOPK_BYTES(capacity) bytes.  PGO_ERR_INVALID for
 * NULL or capacity outside 1..PGO_STORE_MAX_CAPACITY (t untouched). */
PGO_API pgo_status pgo_topk_init(pgo_topk *t, uint32_t capacity);
/* Records one value.  NULL t, or a header that does not hold (capacity
 * out of range, used > capacity), is ignored. */
PGO_API void pgo_topk_record(pgo_topk *t, uint64_t value);
/* Values recorded: sum of slot counts + tail (saturating). */
PGO_API uint64_t pgo_topk_total(const pgo_topk *t);

/* Name of a recorded value (a call target's function name), or NULL when
 * unknown.  The string must stay valid until the flushed site is added to
 * a profile. */
typedef const char *(*pgo_topk_resolve_fn)(void *ud, uint64_t value);

/* Turns a table into the store's histogram of the site at il_offset:
 * each slot's value resolved to a name; NULL, "" or a name longer than
 * PGO_STORE_MAX_VALUE_LEN go to the tail, as does everything the table
 * already holds there; slots resolving to the same name are added up;
 * pairs sorted by count descending, then name (the store's order); zero
 * counts dropped.  out->pairs = pairs (caller's room for room >= t's used
 * entries), out->capacity = t's capacity.  PGO_ERR_INVALID for NULL
 * arguments, a bad header or too little room. */
PGO_API pgo_status pgo_topk_flush(const pgo_topk *t, uint32_t il_offset,
                                  pgo_topk_resolve_fn resolve, void *ud,
                                  pgo_value_pair *pairs, uint32_t room,
                                  pgo_value_site *out);


/* --- records -> pfg (lib/ingest/apply.c) ------------------------------ */

#ifdef __cplusplus
}
#endif
#endif /* PGO_INGEST_H */
