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
