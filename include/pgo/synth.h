/*
 * pgo/synth.h -- layer 1: profile synthesis.
 *
 * Gives every method a plausible profile before any data exists, and is the
 * prior that measured data is blended into (lib/ingest) and the solver that
 * repair re-runs (lib/maint).  Two steps, usable apart:
 *
 *   1. branch probabilities from structure: the Ball-Larus heuristics
 *      (PLDI 93) combined with Dempster-Shafer as in Wu & Larus (MICRO 94),
 *      user annotations dominating (docs/synth.md lists every heuristic);
 *   2. block frequencies from probabilities: one pass in reverse post-order
 *      for acyclic code, Wu-Larus cyclic probabilities for reducible loops
 *      (inner to outer, header = inflow / (1 - cp), cp capped), sparse
 *      Gauss-Seidel for irreducible regions.
 *
 * Results are written into a caller's pgo_pfg (core.h): edge probabilities
 * with provenance SYNTHESIZED (ANNOTATED where an annotation decided) and
 * block counts normalised to one method invocation (entry = 1 when the entry
 * block has no predecessors, which is always so for LLVM IR).  With
 * pgo_synth_options.fill_unheld_only the values the pfg holds fixed
 * (measured and held) are left alone and the rest is filled around them.
 * A pfg behind its graph's edits is synced first (pgo_pfg_sync); removed
 * blocks (tombstones) are skipped.
 *
 * Ownership: pgo_synth_new / pgo_synth_free; _free(NULL) is a no-op.  The
 * synth handle keeps per-edge "which heuristics fired" and the solver report
 * of its last run, valid until the next run or free.
 *
 * Threads (docs/synth.md "Threads"):
 *   - A pgo_synth handle is used by one thread at a time: every call
 *     writes its message, masks or report, and the const accessors read
 *     them.  Distinct handles are independent and may run concurrently.
 *   - A run writes the pgo_pfg it is given (its edge probabilities and
 *     block counts, and a sync): one run per pfg at a time, and nobody else reads or
 *     writes that pfg meanwhile.  Distinct pfgs, distinct handles: fine.
 *   - The pgo_cfg is only read during a run, except that each entry point
 *     first calls pgo_cfg_analyze(cfg, PGO_ANALYSIS_ALL), which computes
 *     (writes) whatever analysis is not valid and writes nothing when all
 *     are (core.h's const queries recompute the same way on an unsettled
 *     graph).  So several handles may run concurrently on one finished cfg
 *     (each with its own pfg over it) only if pgo_cfg_analyze(cfg,
 *     PGO_ANALYSIS_ALL) returned PGO_OK before they start and nobody edits
 *     the cfg while they run; otherwise one thread at a time per cfg.
 *   - The hint arrays of pgo_synth_options are only read: they may be
 *     shared by concurrent runs.  The allocator given to pgo_synth_new is
 *     called from whichever thread runs the handle; handles that share one
 *     must share a thread-safe one (the default, libc, is).
 *   - pgo_synth_heuristic_name / _prob are pure; pgo_synth_options_init
 *     writes only the struct it is given.
 */
#ifndef PGO_SYNTH_H
#define PGO_SYNTH_H

#include <stddef.h>

#include "pgo/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* The heuristics: X(ENUM, "name", probability).  The probability is the
 * belief that the branch goes the way the heuristic predicts.  Sources and
 * exact firing rules: lib/synth/heuristics.c and docs/synth.md. */
#define PGO_SYNTH_HEURISTIC_LIST(X)                                            \
  /* Ball & Larus PLDI 93 / Wu & Larus MICRO 94 Table 1: back edge taken,      \
   * a loop test's exit not taken */                                           \
  X(PGO_SYNTH_H_LOOP_BRANCH, "loop-branch", 0.88)                              \
  /* Wu-Larus Table 1: a non-loop-branch comparison in a loop does not         \
   * exit it */                                                                \
  X(PGO_SYNTH_H_LOOP_EXIT, "loop-exit", 0.80)                                  \
  /* Wu-Larus Table 1: a successor that is a loop header or pre-header         \
   * (and does not post-dominate) is taken */                                  \
  X(PGO_SYNTH_H_LOOP_HEADER, "loop-header", 0.75)                              \
  /* Wu-Larus Table 1: pointer == null / ptr == ptr fails */                   \
  X(PGO_SYNTH_H_POINTER, "pointer", 0.60)                                      \
  /* Wu-Larus Table 1: int < 0, <= 0, == constant fail; fp == fails */         \
  X(PGO_SYNTH_H_OPCODE, "opcode", 0.84)                                        \
  /* Wu-Larus Table 1: the successor using a compare operand (and not          \
   * post-dominating) is taken; needs PGO_SYNTH_HINT_USES_OPERAND */           \
  X(PGO_SYNTH_H_GUARD, "guard", 0.62)                                          \
  /* Wu-Larus Table 1: a successor with a call, not post-dominating, is        \
   * not taken */                                                              \
  X(PGO_SYNTH_H_CALL, "call", 0.78)                                            \
  /* Wu-Larus Table 1: a successor with a store, not post-dominating, is       \
   * not taken */                                                              \
  X(PGO_SYNTH_H_STORE, "store", 0.55)                                          \
  /* Wu-Larus Table 1: a successor that returns (or jumps to a return,         \
   * or certainly continues to one: continues_to) is not taken */            \
  X(PGO_SYNTH_H_RETURN, "return", 0.72)                                        \
  /* pgo (after LLVM BPI's unreachable/noreturn/unwind weights and .NET's      \
   * throw likelihood): every path from the successor ends in unreachable,     \
   * a noreturn call, a throw or an unwind edge; 1 - floor */                  \
  X(PGO_SYNTH_H_COLD, "cold-path", 0.9999)

typedef enum pgo_synth_heuristic {
#define PGO_X_(name, text, prob) name,
  PGO_SYNTH_HEURISTIC_LIST(PGO_X_)
#undef PGO_X_
      PGO_SYNTH_NHEURISTICS
} pgo_synth_heuristic;

/* Pseudo-heuristic bit: the block's annotation decided the probabilities
 * (the heuristics that also fired are still reported). */
#define PGO_SYNTH_ANNOTATION_BIT (1u << 31)

/* "loop-branch"; "?" when out of range. */
PGO_API const char *pgo_synth_heuristic_name(pgo_synth_heuristic h);
/* The table probability; 0 when out of range. */
PGO_API double pgo_synth_heuristic_prob(pgo_synth_heuristic h);

/* Per-edge hints a front end may supply for heuristics that need facts a
 * pgo_cfg does not carry (bit set per edge id). */
enum {
  /* The successor uses an operand of the branch's comparison before
   * defining it (Ball-Larus guard heuristic). */
  PGO_SYNTH_HINT_USES_OPERAND = 1u << 0
};

/* Per-block hints (bit set per block id). */
enum {
  /* Every call in the block is to a function defined in the same module:
   * before inlining such a call is ordinary code of the program (a helper
   * the inliner will usually remove), not the rare work -- I/O, error
   * reporting, allocation -- the call heuristic is about.  The call
   * heuristic ignores the block's PGO_BLOCK_CALLS. */
  PGO_SYNTH_BHINT_LOCAL_CALLS_ONLY = 1u << 0
};

/* How irreducible groups are solved (docs/synth.md "Irreducible"). */
typedef enum pgo_synth_solver {
  /* Sparse Gaussian elimination in RPO (exact, linear for banded groups);
   * Gauss-Seidel when the group has no exit or fills in too much. */
  PGO_SYNTH_SOLVER_AUTO = 0,
  /* Gauss-Seidel only (residual/push form, tolerance, cap, damping). */
  PGO_SYNTH_SOLVER_GAUSS_SEIDEL = 1
} pgo_synth_solver;

/* Block counts saturate here (a 177-deep loop nest at 1000 iterations a
 * level would overflow a double); pgo_synth_report.saturated counts the
 * blocks that hit it. */
#define PGO_SYNTH_MAX_COUNT 1e30

/* ------------------------------------------------------------------ */
/* Options.
 *
 * Growing without breaking callers: the struct starts with struct_size,
 * which pgo_synth_options_init sets to sizeof the caller's struct -- the
 * size in the header the caller was compiled against, because the macro
 * takes sizeof at the call site -- and fills every field that size covers
 * with its default.  The library reads a field only when struct_size covers
 * it whole; the fields beyond (added after the caller was built) take
 * their defaults.  New fields are only ever appended, after the previous
 * version's sizeof.  So:
 *
 *   pgo_synth_options o;
 *   pgo_synth_options_init(&o);     always first
 *   o.cp_cap = 0.99;                then set what you need
 *
 * A struct_size below PGO_SYNTH_OPTIONS_SIZE_V1 (0: never initialised) is
 * PGO_ERR_INVALID with a message.  A struct_size above this header's
 * sizeof (a caller built against a newer header, running on an older
 * library) is accepted when every byte beyond is zero, i.e. the caller left
 * the fields this library does not know at their zero-valued defaults;
 * otherwise PGO_ERR_INVALID, since an option would be silently ignored.
 *
 * Version history (sizes on LP64):
 *   V1 (88 bytes): struct_size .. count_prov.
 *   V2 (96 bytes): + fill_unheld_only.
 *   V3 (112 bytes): + heuristic_probs, edge_continues_to.
 */
typedef struct pgo_synth_options {
  /* sizeof the struct the caller was compiled with; set by
   * pgo_synth_options_init, never by hand. */
  size_t struct_size;
  /* Gauss-Seidel: stop when the largest change of a sweep is at most
   * tolerance * the largest value (default 1e-13). */
  double tolerance;
  /* Gauss-Seidel sweep cap per irreducible region (default 20000). */
  uint32_t max_iter;
  /* Cyclic-probability cap, in (0, 1): a loop whose cp exceeds it is
   * treated as if cp = cap, bounding its header at inflow / (1 - cap)
   * (default 0.999, as .NET's cappedLikelihood: at most 1000 iterations
   * per entry are predicted for a loop with no modelled exit). */
  double cp_cap;
  /* Smallest probability given to a successor of a conditional or
   * multi-way branch (default 1e-4); for an n-way branch with n * floor
   * > 1/2 the floor is 1/(2n). */
  double floor;
  /* Count of the entry (one invocation); default 1.  Ingest passes the
   * measured entry count to scale a synthesized profile. */
  double entry_count;
  /* Bit set of heuristics (1u << pgo_synth_heuristic) not to apply. */
  uint32_t disabled;
  /* Optional, borrowed for the call: nedges hint words (PGO_SYNTH_HINT_*)
   * indexed by edge id; NULL when none. */
  const unsigned *edge_hints;
  /* Optional, borrowed for the call: nblocks hint words
   * (PGO_SYNTH_BHINT_*) indexed by block id; NULL when none. */
  const unsigned *block_hints;
  /* Optional, borrowed for the call: nblocks block ids indexed by block
   * id, PGO_NONE where nothing is known; NULL when none.
   * continues_to[p] = t states "block p certainly continues to t": control
   * that enters p arrives at t, whatever the graph's shape between them
   * suggests -- the blocks in between only route control on a value p
   * fixed, so p's outcome is t's.  The heuristics that ask where a
   * successor leads also judge a successor p by t: loop-exit and
   * loop-branch test whether t (not p) stays in the loop, and return fires
   * when p or t returns (docs/synth.md "Certain continuations").  A front
   * end supplies it where its IR knows a certainty the graph does not
   * show (lib/llvm: pgo_llvm_synth_hints).  An entry that is not a block
   * id is PGO_ERR_INVALID. */
  const uint32_t *continues_to;
  /* Irreducible-group solver (default PGO_SYNTH_SOLVER_AUTO). */
  pgo_synth_solver solver;
  /* Provenance written on block counts by pgo_synth_frequencies (default
   * PGO_PROV_SYNTHESIZED; repair passes PGO_PROV_REPAIRED). */
  pgo_provenance count_prov;
  /* ---- V2 ---- */
  /* Fill only what the pfg does not hold fixed (pgo_pfg_edge_held,
   * pgo_pfg_block_held: measured and held), for blending (default false:
   * every value is written).  Probabilities: a held edge keeps its
   * probability; the other successors of its block share what the held
   * ones leave (1 - their sum, 0 if they reach 1) in proportion to the
   * synthesized probabilities (evenly if those are all 0), so a block whose
   * held edges sum to s gets unheld values summing to 1 - s; a block whose
   * every edge is held is not touched.  Frequencies: solved from the pfg's
   * probabilities, held or not, as always; a held block count is not
   * written, and a held entry count is the base instead of entry_count.
   * Other held counts are not constraints of the solve: the counts around
   * them are what the probabilities give (pgo_pfg_max_residual shows any
   * disagreement). */
  bool fill_unheld_only;
  /* ---- V3 ---- */
  /* Optional, borrowed for the call: PGO_SYNTH_NHEURISTICS probabilities
   * indexed by pgo_synth_heuristic, used instead of the table's
   * (pgo_synth_heuristic_prob) -- e.g. a table fitted on a training corpus
   * (bench/synth_accuracy/fit.py).  Each must be in (0, 1), else
   * PGO_ERR_INVALID; NULL (default): the table. */
  const double *heuristic_probs;
  /* Optional, borrowed for the call: nedges block ids indexed by edge id,
   * PGO_NONE where nothing is known; NULL when none.
   * edge_continues_to[e] = t states "control taking edge e certainly
   * arrives at t" (the edge's own form of continues_to, for a destination
   * whose outcome depends on which edge entered it: clang's short-circuit
   * merge, pgo_llvm_synth_edge_hints).  Where set it takes the place of
   * continues_to[dst(e)] for that edge in loop-exit, loop-branch and
   * return.  An entry that is not a block id is PGO_ERR_INVALID. */
  const uint32_t *edge_continues_to;
} pgo_synth_options;

/* The size of the first version of pgo_synth_options: the smallest
 * struct_size accepted. */
#define PGO_SYNTH_OPTIONS_SIZE_V1                                              \
  (offsetof(pgo_synth_options, count_prov) + sizeof(pgo_provenance))

/* Sets o->struct_size = struct_size and every field it covers to its
 * default; writes nothing beyond struct_size bytes.  Call it through the
 * macro, which passes the caller's sizeof.  No-op when o is NULL or
 * struct_size < sizeof(size_t). */
PGO_API void pgo_synth_options_init_sized(pgo_synth_options *o,
                                          size_t struct_size);
#define pgo_synth_options_init(o)                                              \
  pgo_synth_options_init_sized((o), sizeof *(o))

/* ------------------------------------------------------------------ */
/* The handle. */
typedef struct pgo_synth pgo_synth;

/* alloc may be NULL (libc). */
PGO_API pgo_status pgo_synth_new(const pgo_allocator *alloc, pgo_synth **out);
PGO_API void pgo_synth_free(pgo_synth *s);
/* Last error message ("" if none); valid until the next call. */
PGO_API const char *pgo_synth_errmsg(const pgo_synth *s);

/* Step 1: edge probabilities of every block of pfg's graph.  cfg must be
 * the finished graph pfg was made over (it is analysed here, hence not
 * const).  Writes every edge probability of pfg (with fill_unheld_only,
 * every one not held); provenance ANNOTATED for blocks whose annotation
 * decided, SYNTHESIZED otherwise.  o may be NULL (defaults). */
PGO_API pgo_status pgo_synth_probabilities(pgo_synth *s, pgo_cfg *cfg,
                                           const pgo_synth_options *o,
                                           pgo_pfg *pfg);

/* Step 2: block counts from pfg's current edge probabilities (whatever
 * their provenance: this is also the repair solver, N = IN + E^T N).
 * Writes every block count (with fill_unheld_only, every one not held;
 * tombstones skipped) with provenance o->count_prov; blocks unreachable
 * from the entry get exactly 0.  Returns PGO_OK, or
 * PGO_ERR_NOT_CONVERGED when some irreducible region did not reach the
 * tolerance within max_iter sweeps -- the counts are written in both cases
 * and are finite and non-negative; see pgo_synth_report. */
PGO_API pgo_status pgo_synth_frequencies(pgo_synth *s, pgo_cfg *cfg,
                                         const pgo_synth_options *o,
                                         pgo_pfg *pfg);

/* Both steps. */
PGO_API pgo_status pgo_synth_run(pgo_synth *s, pgo_cfg *cfg,
                                 const pgo_synth_options *o, pgo_pfg *pfg);

/* Heuristics that fired on the branch owning edge, from the last
 * pgo_synth_probabilities: *for_mask gets the heuristics that predicted
 * this successor taken, *against_mask those that predicted it not taken
 * (bits 1u << pgo_synth_heuristic, plus PGO_SYNTH_ANNOTATION_BIT in
 * for_mask when an annotation decided).  Zero masks when out of range. */
PGO_API void pgo_synth_fired(const pgo_synth *s, uint32_t edge,
                             uint32_t *for_mask, uint32_t *against_mask);

/* What the frequency solver did in the last pgo_synth_frequencies. */
typedef struct pgo_synth_report {
  pgo_status status;           /* PGO_OK or PGO_ERR_NOT_CONVERGED */
  uint32_t loops;              /* natural loops solved with Wu-Larus */
  uint32_t capped_loops;       /* loops whose cp exceeded cp_cap */
  uint32_t regions;            /* irreducible node groups solved */
  uint32_t regions_eliminated; /* of which by sparse elimination */
  uint32_t regions_capped;     /* groups whose cycles hit cp_cap (an
                                  elimination pivot, or GS damping) */
  uint32_t unconverged;        /* groups that missed the tolerance */
  uint32_t max_sweeps;         /* largest work of any group, in relaxations
                                  per node ("sweeps") */
  double max_residual;         /* largest final relative GS residual */
  double max_cp;               /* largest uncapped cyclic probability */
  uint32_t saturated;          /* blocks whose count hit PGO_SYNTH_MAX_COUNT */
  uint32_t late_inflow;        /* flow arriving at a solved node (0 unless the
                                  graph breaks an RPO assumption; a bug report) */
} pgo_synth_report;

PGO_API const pgo_synth_report *pgo_synth_last_report(const pgo_synth *s);

/* Cyclic probability (uncapped) and whether it was capped, per loop id,
 * from the last pgo_synth_frequencies; -1 when out of range. */
PGO_API double pgo_synth_loop_cp(const pgo_synth *s, uint32_t loop);

#ifdef __cplusplus
}
#endif
#endif /* PGO_SYNTH_H */
