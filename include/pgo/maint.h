/*
 * pgo/maint.h -- layer 2: keeping a profile true across graph edits, the
 * consistency checker and repair.  No LLVM: works on pgo_cfg / pgo_pfg
 * alone, so a JIT with its own IR makes its edits through it.
 *
 * Model (docs/design.md "Profile representation"): the successor
 * probabilities e_ij (each block's sum to 1) are the source of truth; block
 * counts N_i and derived edge counts E_ij = N_i * e_ij follow.  Every
 * operation below leaves every live block's probabilities summing to 1 and
 * sets the counts the edit determines; where it cannot determine them
 * exactly it says so in pgo_maint_result.counts_exact and the caller runs
 * pgo_maint_repair (docs/maint.md lists, per operation, what is exact).
 *
 * Every operation takes the graph (non-const: it is edited) and a pfg made
 * over it (pgo_pfg_cfg(pfg) == cfg, else PGO_ERR_INVALID).  New blocks have
 * IL offset PGO_NONE; their ids are consecutive from
 * pgo_maint_result.first_new (core's stable ids).  Arguments are validated
 * before anything changes: PGO_ERR_INVALID / PGO_ERR_STATE leave graph and
 * profile untouched.  An operation is a sequence of core edits, each all or
 * nothing; on PGO_ERR_NOMEM part of it may be done: the graph and profile
 * then still verify (pgo_cfg_verify, pgo_pfg_verify; call pgo_cfg_finish
 * first if pgo_cfg_is_finished says false), and the message says which
 * step failed.  Nothing leaks.
 *
 * Ownership: pgo_maint_new / pgo_maint_free (NULL is a no-op).  The handle
 * owns its message, the per-block results of the last check, and a synth
 * handle used by the checker and repair; one thread at a time per handle.
 * Allocation goes through the allocator given to pgo_maint_new.
 */
#ifndef PGO_MAINT_H
#define PGO_MAINT_H

#include <stddef.h>

#include "pgo/core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pgo_maint pgo_maint;

PGO_API pgo_status pgo_maint_new(const pgo_allocator *alloc, pgo_maint **out);
PGO_API void pgo_maint_free(pgo_maint *m);
/* Last error message ("" if none); valid until the next call. */
PGO_API const char *pgo_maint_errmsg(const pgo_maint *m);

/* ------------------------------------------------------------------ */
/* Options of the checker and repair (struct_size growth rule as
 * pgo_synth_options, see synth.h: always pgo_maint_options_init first). */
typedef struct pgo_maint_options {
  size_t struct_size;
  /* A block is consistent when its relative inflow and outflow residuals
   * are at most eps (default 1e-9). */
  double eps;
  /* Successor probabilities must sum to 1 within prob_eps (default 1e-9). */
  double prob_eps;
  /* Cyclic-probability cap: the checker flags a loop whose cyclic
   * probability is >= cp_cap as runaway, repair lowers it below and the
   * solver runs with it (default 0.9999: 10^4 iterations per entry). */
  double cp_cap;
  /* Optional, borrowed: blocks that contain a recursive call of the
   * method itself (a front end knows; the graph does not).  Their
   * normalised counts N_s / N_entry are the expected recursive calls per
   * invocation; a sum >= rec_cap is runaway recursion. */
  const uint32_t *recursive_sites;
  uint32_t nrecursive;
  /* default 0.9999 */
  double rec_cap;
  /* Checker: every edge flows its measured count (pgo_pfg_edge_measured),
   * 0 when it has none -- "a missing record means zero" (docs/design.md)
   * -- instead of N_src * e (default false: the checker compares counts
   * with probabilities; true compares them with what edge counters saw,
   * as pgo-show check does for store records).  Repair never changes
   * measured counts, so its post-condition is for use_measured false. */
  bool use_measured;
  /* Checker: the method's invocation count when the caller knows it (a
   * store records an entry count apart from the entry block's): the
   * entry's inflow is then its predecessors' flow plus this, checked like
   * any block's.  Negative (default -1): unknown, the entry's count minus
   * its predecessors' flow is taken as the invocations. */
  double invocations;
} pgo_maint_options;

PGO_API void pgo_maint_options_init_sized(pgo_maint_options *o,
                                          size_t struct_size);
#define pgo_maint_options_init(o) pgo_maint_options_init_sized((o), sizeof *(o))

/* ------------------------------------------------------------------ */
/* Checker.  Per live block b (docs/maint.md "Checker"):
 *   inflow  in_b  = sum over in-edges of E (N_src * e, or with
 *                   use_measured the measured edge count, 0 when the edge
 *                   has none), plus, for the entry,
 *                   the invocations (N_entry - inflow from predecessors,
 *                   which must not be negative);
 *   outflow out_b = sum over out-edges of E (blocks with successors);
 *   residuals |in_b - N_b|, |out_b - N_b|, relative to
 *   max(N_b, in_b, N_entry) (0 when all are 0).
 * Method verdict: consistent when nothing is flagged. */
enum {
  PGO_MAINT_P_NONFINITE = 1u << 0,  /* NaN or infinite count or flow */
  PGO_MAINT_P_NEGATIVE = 1u << 1,   /* negative count or flow */
  PGO_MAINT_P_PROB_SUM = 1u << 2,   /* probabilities do not sum to 1 */
  PGO_MAINT_P_INFLOW = 1u << 3,     /* inflow residual above eps */
  PGO_MAINT_P_OUTFLOW = 1u << 4,    /* outflow residual above eps */
  PGO_MAINT_P_LOOP = 1u << 5,       /* header of a loop with cp >= cp_cap */
  PGO_MAINT_P_RECURSION = 1u << 6,  /* a recursive site, the sites' sum
                                       reaching rec_cap */
  PGO_MAINT_P_INVOCATIONS = 1u << 7 /* entry: predecessors bring more than
                                       its count */
};

typedef struct pgo_maint_block_check {
  double count, inflow, outflow;
  double in_abs, out_abs; /* absolute residuals */
  double in_rel, out_rel; /* relative residuals */
  double prob_sum;        /* 1 for blocks without successors */
  unsigned problems;      /* PGO_MAINT_P_* */
} pgo_maint_block_check;

typedef struct pgo_maint_verdict {
  bool consistent;
  unsigned problems;      /* union over blocks */
  uint32_t nflagged;      /* blocks with a problem */
  double max_rel;         /* worst relative residual (in or out) */
  double max_abs;         /* worst absolute residual */
  uint32_t worst_block;   /* block of max_rel, PGO_NONE if all are 0 */
  double max_prob_err;    /* worst |sum of probabilities - 1| */
  double max_cp;          /* largest cyclic probability of a loop (0: none) */
  uint32_t worst_loop;    /* its loop id, PGO_NONE if no loop */
  uint32_t runaway_loops; /* loops with cp >= cp_cap */
  double recursion;       /* sum of N_s / N_entry over recursive sites */
  uint32_t irreducible_capped; /* irreducible groups the solver had to cap */
} pgo_maint_verdict;

/* Checks pfg (o may be NULL: defaults).  Returns PGO_OK when the check
 * ran, whatever its verdict (see out->consistent).  The per-block results
 * are kept until the next check (pgo_maint_check_block). */
PGO_API pgo_status pgo_maint_check(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                                   const pgo_maint_options *o,
                                   pgo_maint_verdict *out);
/* Per-block result of the last check; NULL out of range or before one. */
PGO_API const pgo_maint_block_check *pgo_maint_check_block(const pgo_maint *m,
                                                           uint32_t block);
/* Names of the problem bits, comma separated, into buf (snprintf rules);
 * returns buf. */
PGO_API const char *pgo_maint_problem_text(unsigned problems, char *buf,
                                           size_t size);

/* ------------------------------------------------------------------ */
/* Repair: re-solve N = IN + E^T N from the probabilities with
 * pgo_synth_frequencies (entry count kept as the base: the current entry
 * count, 1 if it is 0), every count written with provenance REPAIRED
 * (held counts too: repair makes counts agree with probabilities).
 * Before the solve, runaway cycles are tamed (docs/maint.md "Repair"):
 *   loop with cp >= cp_cap (inner loops first): the probabilities of the
 *     loop's exiting blocks are mixed toward their exit edges,
 *     e' = (1 - l) e + l x (x: the exit edges' share, uniform over them),
 *     with the smallest l (bisection, 40 steps) giving cp < cp_cap;
 *   irreducible groups the solver caps: the same mix on the exiting blocks
 *     of every irreducible region, one l for all;
 *   recursion sum >= rec_cap: the in-edges of each recursive site from a
 *     block with other successors are scaled by 0.99 * rec_cap / sum (the
 *     rest shared in proportion), re-solved, up to 64 rounds.
 * Changed probabilities get provenance REPAIRED and lose their held flag.
 * PGO_ERR_NOT_CONVERGED when a cycle cannot be tamed (a loop without exit
 * edges, a recursive site every path reaches): counts are still written,
 * finite and non-negative, and the report says which. */
typedef struct pgo_maint_repair_report {
  uint32_t loops_adjusted;
  uint32_t regions_adjusted; /* 1 when the irreducible mix was applied */
  uint32_t sites_rounds;     /* recursion rounds */
  uint32_t untamed;          /* cycles left runaway */
  double max_rel_before;     /* checker's worst relative residual */
  double max_rel_after;
} pgo_maint_repair_report;

PGO_API pgo_status pgo_maint_repair(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                                    const pgo_maint_options *o,
                                    pgo_maint_repair_report *out);

/* ------------------------------------------------------------------ */
/* Operations.  out may be NULL. */
typedef struct pgo_maint_result {
  uint32_t first_new; /* first new block id (pgo_cfg_nblocks before) */
  uint32_t nnew;      /* new blocks: first_new .. first_new + nnew - 1 */
  bool counts_exact;  /* false: run pgo_maint_repair before trusting them */
} pgo_maint_result;

/* Branch inversion: a two-successor PGO_TERM_BRANCH block's successors
 * swap (slot 0 <-> 1), with their probabilities, measured counts, held
 * flags and provenances, the annotation swapped and the compare predicate
 * negated (EQ <-> NE, SLT <-> SGE, ordered FLT <-> unordered FUGE, ...).
 * Counts unchanged: exact. */
PGO_API pgo_status pgo_maint_invert_branch(pgo_maint *m, pgo_cfg *cfg,
                                           pgo_pfg *pfg, uint32_t block,
                                           pgo_maint_result *out);

/* Edge removal.  The edge's flow F = N_src * e is handed to the source's
 * other successors in proportion to their probabilities (core's rescale:
 * held values kept); N_src is unchanged.  dst loses F and the other
 * successors gain it, so counts below are exact only when F == 0;
 * otherwise counts_exact is false.  A last out-edge leaves the source an
 * exit (unreachable terminator). */
PGO_API pgo_status pgo_maint_remove_edge(pgo_maint *m, pgo_cfg *cfg,
                                         pgo_pfg *pfg, uint32_t edge,
                                         pgo_maint_result *out);

/* Block duplication: a copy d of block gets the in-edges edges[0..n)
 * (each must end at block).  N_d = sum of their flows, N_block minus that
 * (clamped at 0); d's out-edges copy block's probabilities; measured
 * out-edge counts are split in the same ratio (provenance REPAIRED).
 * Exact when the counts were consistent and no moved edge comes from block
 * itself. */
PGO_API pgo_status pgo_maint_duplicate_block(pgo_maint *m, pgo_cfg *cfg,
                                             pgo_pfg *pfg, uint32_t block,
                                             const uint32_t *edges, uint32_t n,
                                             pgo_maint_result *out);

/* Tail duplication of a join: every in-edge but the first gets its own
 * copy of block (npred - 1 copies, in in-edge order); counts split by the
 * incoming flows as above. */
PGO_API pgo_status pgo_maint_tail_duplicate(pgo_maint *m, pgo_cfg *cfg,
                                            pgo_pfg *pfg, uint32_t block,
                                            pgo_maint_result *out);

/* Loop rotation, for -> guarded do-while.  header: a loop header ending in
 * a two-way branch with one successor inside the loop and one outside.  A
 * copy g of the header (the guard) takes the loop's entry edges; the
 * header stays as the bottom test reached only by the back edges.
 * zero_trip < 0: the guard keeps the header's probabilities (the Markov
 * model: the zero-trip probability is the header's exit probability) and
 * the counts follow from the split exactly (N_g = entry flow).  zero_trip
 * in [0,1]: the guard's exit probability is zero_trip (e.g. measured) and
 * the loop's blocks are rescaled by (1 - zero_trip) / p_stay; exact when
 * the header's is the loop's only exit edge. */
PGO_API pgo_status pgo_maint_rotate_loop(pgo_maint *m, pgo_cfg *cfg,
                                         pgo_pfg *pfg, uint32_t header,
                                         double zero_trip,
                                         pgo_maint_result *out);

/* Unrolling by k >= 2: k - 1 copies of the loop's blocks (nested loops
 * included), chained: the back edges of copy j go to copy j+1's header,
 * the last copy's to the original header; exits unchanged.  With
 * cp = back-edge flow / N_header, copy j (0 = the original) gets
 * N_b * cp^j (1 - cp) / (1 - cp^k): exact under the design's model when
 * the counts were consistent (cp from counts, not probabilities). */
PGO_API pgo_status pgo_maint_unroll(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                                    uint32_t header, uint32_t k,
                                    pgo_maint_result *out);

/* Inlining.  call_block (in cfg) calls the method of callee_cfg.  Its
 * successors move to a new continuation block k (a copy of call_block);
 * call_block jumps to a copy of the callee's entry; every callee return
 * jumps to k.  Counts: S = N_call_block; each copied block gets
 * S * n_b / n_entry from callee_pfg (its normalised profile), or, when
 * site_pfg is given (a profile over callee_cfg measured at this call
 * site), site_pfg's counts unscaled.  Probabilities come from the same
 * profile.  N_k = the returns' flow: exact when the callee profile was
 * consistent and never throws (and site_pfg's entry equals S).
 * callee_cfg may be cfg itself (it is read before the edit).  Copied
 * blocks: IL offset PGO_NONE, no histograms, nothing held. */
PGO_API pgo_status pgo_maint_inline(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                                    uint32_t call_block,
                                    const pgo_cfg *callee_cfg,
                                    const pgo_pfg *callee_pfg,
                                    const pgo_pfg *site_pfg,
                                    pgo_maint_result *out);

/* Tail recursion -> loop.  site: a block ending in PGO_TERM_RETURN with no
 * successors whose last act is the recursive call.  A new entry block p
 * (the preheader) jumps to the old entry; site jumps to the old entry.
 * Absolute counts of the old blocks do not change (each still runs as
 * often); with I the invocations (the old entry's count minus what its
 * predecessors bring), N_p = I - N_site, the external ones, so normalised
 * counts are renormalised by I / N_p: a method called 100 times whose site
 * is hit 80 times has N_p = 20 and the site's normalised count is
 * 80 / 20 = 4.  PGO_ERR_RANGE (no change) when N_site >= I > 0 (runaway
 * recursion: repair first). */
PGO_API pgo_status pgo_maint_tail_recursion(pgo_maint *m, pgo_cfg *cfg,
                                            pgo_pfg *pfg, uint32_t site,
                                            pgo_maint_result *out);

/* Hammock collapse (if-conversion): head ends in a two-way branch whose
 * arms are either the join j itself or a block with head as only
 * predecessor and j as only successor.  The arms are removed
 * (tombstones), head jumps to j.  Counts unchanged on head and j: exact.
 * The front end owns the instruction counts (core has no setter). */
PGO_API pgo_status pgo_maint_collapse_hammock(pgo_maint *m, pgo_cfg *cfg,
                                              pgo_pfg *pfg, uint32_t head,
                                              pgo_maint_result *out);

/* Computation -> flow expansion (select -> branch): block's successors and
 * terminator move to a join j (a copy); block branches to two new arm
 * blocks t (probability p_true) and f, both jumping to j.  N_t = N p_true,
 * N_f = N (1 - p_true), N_j = N: exact.  prob_prov is the provenance of
 * p_true (e.g. the value profile's); features may be NULL (no compare
 * features).  New blocks: j = first_new, t = first_new + 1, f = +2. */
PGO_API pgo_status pgo_maint_expand(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                                    uint32_t block, double p_true,
                                    pgo_provenance prob_prov,
                                    const pgo_branch_features *features,
                                    pgo_maint_result *out);

/* Guarded devirtualization, for a front end (pgo-jit): the indirect-call
 * block (PGO_BLOCK_INDIRECT_CALL, else PGO_ERR_INVALID) becomes guard
 * (block itself, `fp == hot`) + direct call + fallback indirect call + join
 * (expand with p_true = share, compare EQ of two pointers).  The front end
 * moves the instructions: the guard keeps what precedes the call, the join
 * what follows it.  Flags: guard and join lose PGO_BLOCK_INDIRECT_CALL; direct
 * gets CALLS, fallback CALLS | INDIRECT_CALL.  Labels "devirt.direct",
 * "devirt.fallback", "devirt.join" mark the edit's blocks (the provenance
 * of the edit); probabilities of the guard carry prob_prov (the
 * histogram's).  A second target: guard the fallback again with share2 /
 * (1 - share1). */
typedef struct pgo_maint_guard {
  uint32_t guard, direct, fallback, join;
} pgo_maint_guard;

PGO_API pgo_status pgo_maint_guard_call(pgo_maint *m, pgo_cfg *cfg,
                                        pgo_pfg *pfg, uint32_t block,
                                        double share, pgo_provenance prob_prov,
                                        pgo_maint_guard *out);

/* Guarded devirtualization from the call site's value histogram
 * (pgo_pfg_histogram_get(pfg, call_il_offset)): the site's live targets
 * are its named targets with a count > 0, plus the tail when it is > 0.
 * With two or more live targets, the named ones whose share of the total
 * (named counts + tail) is >= min_share, most frequent first (ties by
 * name), at most max_targets (1 or 2), are guarded: the first on block
 * with its share, the second on the first's fallback with its share of
 * what the first leaves (share2 / (1 - share1)).  out->n = 0 and no change
 * when the site has fewer than two live targets or none reaches
 * min_share.  PGO_ERR_NOT_FOUND (no change) when the site has no
 * histogram; otherwise as pgo_maint_guard_call.  out->targets[i] are
 * borrowed from the histogram (valid until it is set or removed). */
typedef struct pgo_maint_devirt {
  uint32_t n;                /* guards made (0..2) */
  pgo_maint_guard guards[2]; /* guards[1].guard == guards[0].fallback */
  const char *targets[2];    /* the target each direct call calls */
  double shares[2];          /* their shares of all calls of the site */
} pgo_maint_devirt;

PGO_API pgo_status pgo_maint_devirtualize(pgo_maint *m, pgo_cfg *cfg,
                                          pgo_pfg *pfg, uint32_t block,
                                          uint32_t call_il_offset,
                                          double min_share,
                                          uint32_t max_targets,
                                          pgo_maint_devirt *out);

/* Hot/cold split marks.  marks[b] (nblocks entries, caller's) gets
 * PGO_MAINT_COLD when N_b / N_entry <= cold (live, reachable or not),
 * PGO_MAINT_HOT when >= hot, else PGO_MAINT_WARM; tombstones 0.
 * A layout or split pass reads them (docs/maint.md). */
enum {
  PGO_MAINT_NONE = 0,
  PGO_MAINT_COLD = 1,
  PGO_MAINT_WARM = 2,
  PGO_MAINT_HOT = 3
};
PGO_API pgo_status pgo_maint_hot_cold(pgo_maint *m, const pgo_pfg *pfg,
                                      double cold, double hot,
                                      unsigned char *marks, uint32_t nblocks,
                                      uint32_t *ncold);

#ifdef __cplusplus
}
#endif
#endif /* PGO_MAINT_H */
