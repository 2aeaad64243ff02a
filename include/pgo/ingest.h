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


/* --- records -> pfg (lib/ingest/apply*.c, blend.c, repair.c) ----------
 * A method's store records laid onto a pgo_pfg of the current graph, then
 * blended with synthesis and repaired so that every block balances
 * (docs/ingest.md, "Records -> pfg, blending, repair").
 *
 * Mapping (pgo_ingest_apply), by the keys of docs/keys.md:
 *   - block record (offset, count): the block whose first instruction is at
 *     offset (pgo_cfg_block_at; lowest id on ties).  Every block that is
 *     the block_at of its own IL offset gets a count -- its record, or 0
 *     when it has none (a missing record means zero, docs/store.md) -- with
 *     provenance o->prov (INSTRUMENTED by default) and the held flag;
 *   - edge record (source offset, successor index, count): the edge
 *     pgo_cfg_edge_at(block_at(offset), succ), as its measured count
 *     (pgo_pfg_set_edge_measured, o->prov, held).  Edges without a record
 *     keep no measured count (the pfg shows which counts the store held)
 *     but count as 0 everywhere below.  Where a block's outflow
 *     O_i = sum_j n_ij is > 0 its probabilities are n_ij / O_i (o->prov,
 *     held); elsewhere they are left as they were;
 *   - value site (offset, pairs, tail): the histogram of the call at
 *     offset (pgo_pfg_set_histogram, o->prov) when a block contains the
 *     offset (pgo_cfg_block_containing);
 *   - a block made by graph edits (no IL offset) with one predecessor edge
 *     of known count and one successor (a split edge's block) gets that
 *     count, and its out-edge that measured count, as conservation forces
 *     (not counted as applied records);
 *   - the entry record: the method's measured entry count (result field
 *     entry_count; without an entry record, the entry block's count);
 *   - annotation and sample records are not applied (counted in the
 *     result): annotations reach synthesis through the graph
 *     (pgo_cfg_set_annotation), samples need a sample-to-block model this
 *     component does not have yet.
 * Records that do not fit the graph -- a block record at an offset that
 * starts no block, an edge record whose offset starts no block or whose
 * successor index the block does not have, a value site no block contains
 * -- are counted and the first of each kind named in the result; they are
 * never applied, and the rest is still applied.
 *
 * Keys: the record's key must equal pgo_cfg_key(cfg) (name, hash and
 * il_size).  The same name with another hash or il_size is a key mismatch
 * (the code changed since the profile was taken): nothing is applied, both
 * keys are in the result and its message, and the method falls back to
 * synthesis -- unless the options carry a stale matcher (below), which may
 * lay the stale records onto the graph itself.
 *
 * Consistency: the measured counts are checked for flow conservation as
 * `pgo-show check --ir` reports it: for each block b with count N_b,
 *   out_b = sum of its successors' edge counts (blocks with successors),
 *   in_b  = sum of its predecessors' edge counts (+ the entry record at
 *           the entry; the entry's inflow is not checked without one),
 *   r_b   = max(|in_b - N_b|, |out_b - N_b|) / max(N_b, 1);
 * the result holds max_b r_b, the first block reaching it, and how many
 * blocks exceed o->tolerance; the method is `inconsistent` when the
 * maximum does.
 *
 * Blending (pgo_ingest_blend): the measured split m_ij = n_ij / N_i of a
 * block with measured outflow N_i, and the synthesized prior s_ij of the
 * same edge (pgo_synth_probabilities), give
 *     p_ij = (n_ij + k_i s_ij) / (N_i + k_i),   k_i = k / (1 + N_i / k)^2
 * -- the posterior mean of a Dirichlet prior centred on synthesis whose
 * strength k_i is k pseudo-counts (o->prior_strength, default 4) when the
 * block never ran and fades as evidence accumulates.  Equivalently
 * p_ij = (1 - w_i) m_ij + w_i s_ij with the prior's weight
 *     w_i = k_i / (N_i + k_i) = 1 / (1 + x (1 + x)^2),   x = N_i / k:
 * w = 1 at N = 0 (synthesis alone), 1/5 at N = k, 0.0074 at N = 5k, and
 * about (k / N)^3 for large N (6e-8 at N = 1000 with k = 4), so a block that
 * ran often gets its measured split and one that ran a few times leans on
 * synthesis.  Then, for a block with n >= 2 successors and
 * eps = min(o->min_prob, 0.5 / n) (default min_prob 1e-9), each
 * probability becomes eps + (1 - n eps) p_ij: the sum stays 1, no value
 * moves by more than n eps, and none is exactly 0 or 1.
 * Why not a fixed mix (.NET blends 0.95 measured / 0.05 synthesized): it
 * ignores how much evidence there is -- 3 runs and 3 million runs get the
 * same trust -- trusting a block that ran 3 times 95 % and polluting one
 * that ran 3 million times with 5 % guesswork on every edge; on a loop
 * whose exit was taken once per 1000 trips a 5 % share of a 0.12 guess
 * makes the exit 0.007, so repair shrinks the loop from 1000 to 144
 * iterations.  Why the fading strength rather than a fixed k (a plain
 * Dirichlet): a fixed k biases every measured split by up to k / (N + k),
 * and trip counts amplify it (1 / (1 - p)): the same loop with k = 4 would
 * come out at 680 iterations; with the fade it stays at 1000.
 * Provenance: o->prov (INSTRUMENTED) where w_i <= o->measured_weight
 * (default 1e-6: the prior moved nothing that matters), the prior's own
 * (SYNTHESIZED, or ANNOTATED where an annotation decided) where N_i = 0,
 * BLENDED otherwise.  Blocks with one successor keep probability 1 with
 * the same rule for the provenance.
 *
 * Repair (pgo_ingest_repair): block counts re-solved from the (blended)
 * probabilities by the synthesis solver (pgo_synth_frequencies: one pass
 * for acyclic code, Wu-Larus for loops, elimination / Gauss-Seidel for
 * irreducible regions) with the measured entry count as entry_count and a
 * cyclic-probability cap of o->repair_cp_cap (default 1 - 1e-9, so a
 * measured loop of up to 10^9 iterations per entry is not capped), so
 * every block balances: pgo_pfg_max_residual ~ 0 (1e-12 relative on
 * reducible graphs).  A count that moved by more than o->repair_tolerance
 * relative (default 1e-3 x max(old, 1)) gets provenance REPAIRED; the
 * others keep theirs (a consistent measured profile stays INSTRUMENTED);
 * counts that had none become SYNTHESIZED.  The residuals before and after
 * are in the result.
 *
 * Threads: a pgo_ingest handle is used by one thread at a time (it holds a
 * synth handle, scratch space and the message); distinct handles are
 * independent.  The cfg and pfg follow the rules of core.h and synth.h
 * (analysed and written here: exclusive access during a call).  Profiles
 * and method records are only read.
 *
 * Errors: PGO_ERR_INVALID (NULL arguments, a pfg over another graph, an
 * unfinished graph, bad options, a struct_size too small), PGO_ERR_NOMEM,
 * PGO_ERR_NOT_CONVERGED (repair: some irreducible region missed the
 * tolerance; counts written anyway, finite and non-negative); the message
 * is in pgo_ingest_errmsg.  A key mismatch, an absent method or records
 * that do not fit are not errors: they are results.  On PGO_ERR_NOMEM a
 * call leaves the pfg as it was, except pgo_ingest_method, which may have
 * completed some of its steps (each step is all-or-nothing).
 */

/* What the profile said about the method. */
#define PGO_INGEST_MATCH_LIST(X)                                              \
  /* the exact key, with a measured entry count > 0 */                        \
  X(PGO_INGEST_MATCHED, 0, "matched")                                         \
  /* no version of the name: cold by evidence (never ran while profiled) */   \
  X(PGO_INGEST_ABSENT, 1, "absent")                                           \
  /* the exact key with entry count 0: cold by evidence */                    \
  X(PGO_INGEST_ZERO, 2, "zero")                                               \
  /* only another hash or il_size of the name: counts not used */             \
  X(PGO_INGEST_MISMATCH, 3, "mismatch")                                       \
  /* a mismatch that the stale matcher of the options laid onto the graph */  \
  X(PGO_INGEST_STALE_MATCHED, 4, "stale-matched")

typedef enum pgo_ingest_match {
#define PGO_X_(name, value, text) name = value,
  PGO_INGEST_MATCH_LIST(PGO_X_)
#undef PGO_X_
} pgo_ingest_match;

/* "matched", ...; "?" when out of range. */
PGO_API const char *pgo_ingest_match_name(pgo_ingest_match m);

/* Stale matcher (a hook for a later issue; unused by default).  Called by
 * pgo_ingest_apply on a key mismatch with the graph, the stale records and
 * the pfg; it may write the pfg (counts, measured edge counts,
 * probabilities, held flags, with any provenance) by whatever matching it
 * implements and set *entry_count to the entry count it inferred.  It
 * returns PGO_OK and sets *used = true when it applied something (the
 * result then says PGO_INGEST_STALE_MATCHED and blend / repair treat the
 * values it set as measured), *used = false to fall back to synthesis, or
 * an error status, which the call returns. */
typedef pgo_status (*pgo_ingest_stale_fn)(void *ud, const pgo_cfg *cfg,
                                          const pgo_method_profile *stale,
                                          pgo_pfg *pfg, double *entry_count,
                                          bool *used);

/* Options.  Grow as pgo_synth_options does: struct_size first, set by the
 * init macro to the caller's sizeof; fields are only ever appended; the
 * library reads a field only when struct_size covers it and uses the
 * default otherwise; a struct_size below PGO_INGEST_OPTIONS_SIZE_V1 is
 * PGO_ERR_INVALID, one above this header's sizeof is accepted when every
 * byte beyond is zero.
 *   pgo_ingest_options o;
 *   pgo_ingest_options_init(&o);   always first
 *   o.prior_strength = 8;          then what you need
 * Version history: V1 (0.1): struct_size .. stale_ud. */
typedef struct pgo_ingest_options {
  size_t struct_size;
  /* Provenance of the measured values (default PGO_PROV_INSTRUMENTED; a
   * profile from sampled runs: PGO_PROV_SAMPLED).  Must be INSTRUMENTED,
   * SAMPLED or ANNOTATED. */
  pgo_provenance prov;
  /* Residual above which a block is counted as off balance and the method
   * inconsistent (default 0.01, as `pgo-show check`); >= 0. */
  double tolerance;
  /* k: pseudo-counts the synthesized prior is worth where a block never
   * ran (default 4); > 0 and finite. */
  double prior_strength;
  /* eps of the blend's squash eps + (1 - n eps) p: the smallest
   * probability of a successor of a block with n >= 2 successors (default
   * 1e-9); in (0, 0.25]; a block with n > 0.5 / min_prob uses 0.5 / n. */
  double min_prob;
  /* Prior weight at or below which a blended probability is labelled with
   * the measured provenance (default 1e-6); in [0, 1). */
  double measured_weight;
  /* Relative change above which a repaired count becomes REPAIRED
   * (default 1e-3: the prior's share moves a measured count by less, so a
   * consistent profile stays measured); >= 0. */
  double repair_tolerance;
  /* Cyclic-probability cap of the repair solver (default 1 - 1e-9); in
   * (0, 1). */
  double repair_cp_cap;
  /* Options of synthesis (the prior) and of the repair solver (whose
   * entry_count, cp_cap and count_prov are set here); borrowed for the
   * call; NULL: defaults.  When the method has no usable measured entry
   * count (absent, mismatch) the counts are synthesized with
   * synth->entry_count (default 1: frequencies per invocation). */
  const pgo_synth_options *synth;
  /* Stale matcher and its first argument; NULL: none (default). */
  pgo_ingest_stale_fn stale;
  void *stale_ud;
} pgo_ingest_options;

#define PGO_INGEST_OPTIONS_SIZE_V1                                            \
  (offsetof(pgo_ingest_options, stale_ud) + sizeof(void *))

/* Sets o->struct_size = struct_size and every field it covers to its
 * default; writes nothing beyond.  Use the macro.  No-op for NULL or
 * struct_size < sizeof(size_t). */
PGO_API void pgo_ingest_options_init_sized(pgo_ingest_options *o,
                                           size_t struct_size);
#define pgo_ingest_options_init(o)                                            \
  pgo_ingest_options_init_sized((o), sizeof *(o))

/* What happened to one method.  Grows like the options: struct_size first
 * (set by pgo_ingest_result_init); the library writes only the fields
 * struct_size covers. */
typedef struct pgo_ingest_result {
  size_t struct_size;
  pgo_ingest_match match;
  /* Keys: the graph's, and the profile's record used (MATCHED, ZERO) or
   * the other version found (MISMATCH; the lowest hash, then il_size, of
   * the name); 0 when absent.  versions: how many versions of the name
   * the profile holds (0 when absent; 1 from pgo_ingest_apply /
   * pgo_ingest_method, which see one record, and from a store lookup that
   * found the exact key, which does not look further). */
  uint64_t graph_hash, profile_hash;
  uint32_t graph_il_size, profile_il_size;
  uint32_t versions;
  /* Measured entry count (the entry record, or without one the entry
   * block's count); has_entry: the profile held an entry record. */
  bool has_entry;
  uint64_t entry_count;
  /* Applied: blocks given a count, edges given a measured count, sites
   * given a histogram. */
  uint32_t blocks_applied, edges_applied, sites_applied;
  /* Records that do not fit the graph (never applied), each with the
   * first one's key (PGO_NONE when there is none). */
  uint32_t bad_blocks;         /* offset starts no block */
  uint32_t bad_block_offset;
  uint32_t bad_edges;          /* offset starts no block, or succ >= nsucc */
  uint32_t bad_edge_offset, bad_edge_succ;
  uint32_t bad_sites;          /* offset in no block */
  uint32_t bad_site_offset;
  /* Records not applied by design (see above). */
  uint32_t ignored_annotations, ignored_samples;
  /* Consistency of the measured counts (see above): residual -1 when not
   * checked (nothing applied); worst_block the first block reaching it,
   * PGO_NONE when every block balances exactly. */
  double residual;
  uint32_t worst_block;
  uint32_t blocks_over;
  bool inconsistent;
  /* Blend: probabilities (edges) by the provenance given. */
  uint32_t edges_measured, edges_blended, edges_synthesized;
  /* Repair: pgo_pfg_max_residual before and after, counts that moved
   * beyond repair_tolerance, the solver's status (PGO_OK or
   * PGO_ERR_NOT_CONVERGED). */
  double residual_before, residual_after;
  uint32_t blocks_repaired;
  pgo_status solver_status;
  /* One line saying what happened, naming the method (and on a mismatch
   * both hashes and il_sizes); "" when nothing is worth saying. */
  char message[320];
} pgo_ingest_result;

#define PGO_INGEST_RESULT_SIZE_V1                                             \
  (offsetof(pgo_ingest_result, message) + 320)

/* Zeroes r (as far as struct_size) and sets struct_size; residual fields
 * -1, key offsets PGO_NONE.  Use the macro. */
PGO_API void pgo_ingest_result_init_sized(pgo_ingest_result *r,
                                          size_t struct_size);
#define pgo_ingest_result_init(r)                                             \
  pgo_ingest_result_init_sized((r), sizeof *(r))

/* The handle: a synth handle, scratch space and the last message. */
typedef struct pgo_ingest pgo_ingest;

/* alloc may be NULL (libc). */
PGO_API pgo_status pgo_ingest_new(const pgo_allocator *alloc,
                                  pgo_ingest **out);
PGO_API void pgo_ingest_free(pgo_ingest *ig);
/* Last error message ("" if none); valid until the next call. */
PGO_API const char *pgo_ingest_errmsg(const pgo_ingest *ig);
/* The synth handle the pipeline uses (borrowed): its fired masks and
 * solver report describe the last prior / repair. */
PGO_API pgo_synth *pgo_ingest_synth(pgo_ingest *ig);

/* The record of key in a finished profile p (pgo_profile_finish): the
 * exact key, else the first other version of the name (lowest hash, then
 * il_size), else NULL.  *nversions (may be NULL) gets the number of
 * versions of the name.  PGO_ERR_INVALID for NULL p, key, key->name or
 * out. */
PGO_API pgo_status pgo_ingest_lookup(const pgo_profile *p,
                                     const pgo_method_key *key,
                                     const pgo_method_profile **out,
                                     uint32_t *nversions);

/* Lays m onto pfg (mapping above).  m: the profile's record of the method
 * (any version of the name, as pgo_ingest_lookup gives it), NULL when the
 * profile has none (ABSENT: nothing written).  cfg: pfg's finished graph
 * with its key set.  o may be NULL (defaults).  res (may be NULL; if not,
 * initialised by pgo_ingest_result_init) gets match, keys, counts of
 * applied and unfit records and the consistency check.  Writes only the
 * values the mapping names; all-or-nothing on PGO_ERR_NOMEM. */
PGO_API pgo_status pgo_ingest_apply(pgo_ingest *ig, const pgo_cfg *cfg,
                                    const pgo_method_profile *m,
                                    const pgo_ingest_options *o,
                                    pgo_pfg *pfg, pgo_ingest_result *res);

/* Blends: every edge probability of pfg from its measured edge counts
 * (where its block has some) and prior's probability of the same edge
 * (rule above).  prior: a pfg over the same graph holding synthesized
 * probabilities (pgo_synth_probabilities).  A block none of whose edges
 * has a measured count but some of which are held keeps its
 * probabilities.  res (may be NULL) gets edges_measured / _blended /
 * _synthesized. */
PGO_API pgo_status pgo_ingest_blend(pgo_ingest *ig, const pgo_pfg *prior,
                                    const pgo_ingest_options *o,
                                    pgo_pfg *pfg, pgo_ingest_result *res);

/* Repairs: every block count re-solved from pfg's probabilities with
 * entry_count (finite, >= 0) invocations (rule above).  res (may be NULL)
 * gets residual_before / _after, blocks_repaired, solver_status.
 * PGO_ERR_NOT_CONVERGED: counts written anyway (see synth.h). */
PGO_API pgo_status pgo_ingest_repair(pgo_ingest *ig, pgo_cfg *cfg,
                                     double entry_count,
                                     const pgo_ingest_options *o,
                                     pgo_pfg *pfg, pgo_ingest_result *res);

/* The whole pipeline for one method: apply m (as pgo_ingest_apply) ->
 * synthesize the prior (pgo_synth_probabilities on a scratch pfg) ->
 * blend -> repair with the measured entry count (MATCHED, ZERO,
 * STALE_MATCHED) or o->synth's entry_count (ABSENT, MISMATCH: pure
 * synthesis).  Afterwards every probability and every block count of pfg
 * is written, pgo_pfg_verify holds and every block balances. */
PGO_API pgo_status pgo_ingest_method(pgo_ingest *ig, pgo_cfg *cfg,
                                     const pgo_method_profile *m,
                                     const pgo_ingest_options *o,
                                     pgo_pfg *pfg, pgo_ingest_result *res);
/* The same after pgo_ingest_lookup(p, key of cfg). */
PGO_API pgo_status pgo_ingest_method_profile(pgo_ingest *ig, pgo_cfg *cfg,
                                             const pgo_profile *p,
                                             const pgo_ingest_options *o,
                                             pgo_pfg *pfg,
                                             pgo_ingest_result *res);
/* The same after pgo_store_lookup by cfg's key (on PGO_ERR_NOT_FOUND, the
 * first other version of the name by pgo_store_iter); a store error
 * (PGO_ERR_CORRUPT, PGO_ERR_IO, ...) is returned with the store's message
 * and pfg untouched. */
PGO_API pgo_status pgo_ingest_method_store(pgo_ingest *ig, pgo_cfg *cfg,
                                           pgo_store *s,
                                           const pgo_ingest_options *o,
                                           pgo_pfg *pfg,
                                           pgo_ingest_result *res);

#ifdef __cplusplus
}
#endif
#endif /* PGO_INGEST_H */
