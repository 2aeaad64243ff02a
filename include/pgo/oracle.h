/*
 * pgo/oracle.h -- layer 3: the one door through which optimizations see
 * profile data (docs/oracle.md).
 *
 * Two handles, both read-only once built, so any number of threads may
 * query one concurrently (no query writes to a handle, not even its message):
 *
 *   pgo_oracle          one method: built from a finished pgo_cfg's pgo_pfg
 *                       (pgo/core.h) by COPYING what it needs, so it owns its
 *                       data and neither the pfg nor its cfg has to outlive
 *                       it; after a graph edit the oracle is rebuilt, never
 *                       patched (docs/design.md).  Answers: edge probability
 *                       (by edge id or (block, successor index)), edge count,
 *                       block count and frequency normalised to the entry,
 *                       entry count, the provenance of each answer, the
 *                       method's evidence (measured, never ran, estimated),
 *                       hot/cold blocks and method, branch weights, and the
 *                       likely targets of an indirect call by IL offset.
 *   pgo_oracle_summary  the program: every measured method's counts, with
 *                       LLVM's ProfileSummary fields (total, max, detailed
 *                       cutoffs), the hot and cold count thresholds of LLVM's
 *                       ProfileSummaryInfo, and the hotness percentile of a
 *                       count.  Built by adding methods, then finishing.
 *
 * IR-neutral (no LLVM): a JIT with its own IR describes a graph through the
 * pgo_cfg builder, gets a pgo_pfg from lib/ingest (or lib/synth), and builds
 * an oracle from that alone.  Block and edge ids are those of the pfg's cfg.
 *
 * Hot/cold rule (docs/oracle.md, "Hot and cold"), for a block of count N,
 * entry count N0 and normalised frequency f = N / N0:
 *   1. a block not reachable from the entry is COLD (basis STRUCTURE);
 *   2. a method whose evidence is NEVER_RAN has every block COLD (basis
 *      EVIDENCE); in a MEASURED method a block with N == 0 is COLD (EVIDENCE);
 *   3. with a finished summary and a MEASURED method, absolute counts against
 *      the summary thresholds, as LLVM's ProfileSummaryInfo: HOT when
 *      N >= hot threshold (and N >= 1), else COLD when N <= cold threshold,
 *      else NEUTRAL (basis SUMMARY; hot wins when the thresholds coincide,
 *      which small profiles allow);
 *   4. otherwise (no summary, or an ESTIMATED method whose counts are only
 *      relative) relative to the entry: COLD when f < cold_freq (default
 *      0.001), HOT when f >= hot_freq (default 1.0), else NEUTRAL (basis
 *      RELATIVE).  When N0 == 0, f is 0 and rule 4 says NEUTRAL for N > 0.
 * An ESTIMATED (synthesized-only) method is never "cold by evidence": its
 * classifications always carry basis RELATIVE or STRUCTURE.
 *
 * Errors: constructors return a status (PGO_OK = 0) and write a message to
 * the optional caller buffer (oracle) or the handle (summary); queries never
 * fail loudly: a bad id gives the documented neutral answer (0, PGO_NONE,
 * PGO_PROV_NONE, PGO_ORACLE_NEUTRAL) or a status.
 *
 * Ownership: _new / _free; _free(NULL) is a no-op; strings returned by an
 * oracle (method name, call-target names) are borrowed and valid until it is
 * freed.
 */
#ifndef PGO_ORACLE_H
#define PGO_ORACLE_H

#include <stddef.h>

#include "pgo/core.h"
#include "pgo/ingest.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Classification.                                                     */

typedef enum pgo_oracle_hotness {
  PGO_ORACLE_NEUTRAL = 0, /* neither hot nor cold, or unknown / bad id */
  PGO_ORACLE_HOT = 1,
  PGO_ORACLE_COLD = 2
} pgo_oracle_hotness;

/* What a classification rests on. */
typedef enum pgo_oracle_basis {
  PGO_ORACLE_BASIS_NONE = 0,  /* no answer (bad id, or nothing to compare) */
  PGO_ORACLE_BASIS_STRUCTURE, /* unreachable from the entry */
  PGO_ORACLE_BASIS_EVIDENCE,  /* measured to be zero: cold by evidence */
  PGO_ORACLE_BASIS_SUMMARY,   /* absolute count against program thresholds */
  PGO_ORACLE_BASIS_RELATIVE   /* frequency relative to the method entry */
} pgo_oracle_basis;

/* What the method's profile is. */
typedef enum pgo_oracle_evidence {
  /* In options only: derive from the pfg's provenance (see below). */
  PGO_ORACLE_EVIDENCE_AUTO = 0,
  /* Counts from a run (some block INSTRUMENTED, SAMPLED, BLENDED or
   * REPAIRED) and some count > 0: absolute counts, summary applies. */
  PGO_ORACLE_EVIDENCE_MEASURED,
  /* Measured and every count 0, or (set by the caller, e.g. lib/ingest) the
   * method is absent from a profile that covers the program: cold by
   * evidence, summary counts of 0. */
  PGO_ORACLE_EVIDENCE_NEVER_RAN,
  /* Only synthesized / annotated / unset values: frequencies are estimates
   * relative to the entry; never cold by evidence, not added to summaries. */
  PGO_ORACLE_EVIDENCE_ESTIMATED
} pgo_oracle_evidence;

PGO_API const char *pgo_oracle_hotness_text(pgo_oracle_hotness h);  /* "hot" */
PGO_API const char *pgo_oracle_basis_text(pgo_oracle_basis b);      /* "summary" */
PGO_API const char *pgo_oracle_evidence_text(pgo_oracle_evidence e); /* "measured" */

/* ------------------------------------------------------------------ */
/* The per-method oracle.                                              */

typedef struct pgo_oracle pgo_oracle;

/* Defaults of the relative rule (rule 4). */
#define PGO_ORACLE_DEFAULT_COLD_FREQ 0.001
#define PGO_ORACLE_DEFAULT_HOT_FREQ 1.0

/* Growth rule (as pgo_synth_options, synth.h): struct_size first, set by
 * pgo_oracle_options_init to the caller's sizeof; the library reads only
 * the fields it covers (defaults for the rest), refuses one below the first
 * version's and a larger one whose unknown fields are not zero. */
typedef struct pgo_oracle_options {
  size_t struct_size;           /* set by pgo_oracle_options_init */
  double cold_freq;             /* rule 4: cold when f < this; >= 0 */
  double hot_freq;              /* rule 4: hot when f >= this; > cold_freq */
  pgo_oracle_evidence evidence; /* AUTO, or the caller's knowledge */
} pgo_oracle_options;

/* Size of the first version (through evidence). */
#define PGO_ORACLE_OPTIONS_SIZE_V1                                            \
  (offsetof(pgo_oracle_options, evidence) + sizeof(pgo_oracle_evidence))

/* Fills the defaults (cold_freq 0.001, hot_freq 1.0, evidence AUTO) in the
 * caller's struct_size bytes. */
PGO_API void pgo_oracle_options_init_sized(pgo_oracle_options *opts,
                                           size_t struct_size);
#define pgo_oracle_options_init(o)                                            \
  pgo_oracle_options_init_sized((o), sizeof *(o))

/* Builds an oracle from pfg (whose cfg is finished), used only during this
 * call: the pfg is read through its getters, which first bring it up to date
 * with its graph's edits (core.h, lazy sync), so the pfg must not be in use
 * by another thread unless it is settled.  opts may be NULL (defaults);
 * alloc may be NULL (libc).  Copied: block counts and provenance, successor probabilities and
 * provenance, the CSR shape (successors per block, edge sources), structural
 * reachability from the entry, the method key, and the value histograms.
 * Successor probabilities whose sum is within 1e-6 of 1 are renormalised
 * to sum to exactly 1; a block with successors whose probabilities sum
 * further from 1 gives PGO_ERR_CORRUPT naming the block.  Errors:
 * PGO_ERR_INVALID (NULL pfg/out, bad options or allocator), PGO_ERR_STATE
 * (graph not finished), PGO_ERR_CORRUPT (bad sums, counts or histograms),
 * PGO_ERR_RANGE (more than 2^32-1 call targets), PGO_ERR_NOMEM (also when
 * the pfg's lazy sync fails); *out is NULL on failure.  errbuf (may be NULL) receives a
 * NUL-terminated message of at most errlen bytes on failure, "" on success. */
PGO_API pgo_status pgo_oracle_new(const pgo_allocator *alloc,
                                  const pgo_pfg *pfg,
                                  const pgo_oracle_options *opts,
                                  pgo_oracle **out, char *errbuf,
                                  size_t errlen);
PGO_API void pgo_oracle_free(pgo_oracle *o);

/* --- shape (copied from the cfg) ------------------------------------- */
/* Method key; name borrowed from the oracle ("" when the cfg had none). */
PGO_API pgo_method_key pgo_oracle_key(const pgo_oracle *o);
PGO_API uint32_t pgo_oracle_nblocks(const pgo_oracle *o);
PGO_API uint32_t pgo_oracle_nedges(const pgo_oracle *o);
PGO_API uint32_t pgo_oracle_entry(const pgo_oracle *o); /* PGO_NONE if NULL */
PGO_API uint32_t pgo_oracle_nsucc(const pgo_oracle *o, uint32_t block); /* 0 bad id */
/* Edge id of block's successor k, PGO_NONE when out of range. */
PGO_API uint32_t pgo_oracle_succ_edge(const pgo_oracle *o, uint32_t block,
                                      uint32_t k);
PGO_API uint32_t pgo_oracle_edge_src(const pgo_oracle *o, uint32_t edge); /* PGO_NONE bad id */
/* Reachable from the entry in the graph's structure (not by counts). */
PGO_API bool pgo_oracle_reachable(const pgo_oracle *o, uint32_t block);

/* --- method ---------------------------------------------------------- */
PGO_API pgo_oracle_evidence pgo_oracle_evidence_of(const pgo_oracle *o); /* ESTIMATED if NULL */
/* Count of the entry block (absolute for MEASURED, 1 for synthesis). */
PGO_API double pgo_oracle_entry_count(const pgo_oracle *o);
PGO_API pgo_provenance pgo_oracle_entry_prov(const pgo_oracle *o);
/* Largest block count of the method (0 when empty). */
PGO_API double pgo_oracle_max_count(const pgo_oracle *o);
/* Method hotness.  NEVER_RAN: COLD / EVIDENCE.  MEASURED with a finished
 * summary: HOT when the entry count or the largest block count is hot,
 * COLD when every block count (hence the largest) is cold, else NEUTRAL
 * (basis SUMMARY; LLVM's isFunctionHotInCallGraph / ColdInCallGraph).
 * MEASURED without a summary, or ESTIMATED: NEUTRAL / NONE (no program-wide
 * reference).  summary may be NULL or unfinished (treated as NULL). */
typedef struct pgo_oracle_summary pgo_oracle_summary;
PGO_API pgo_oracle_hotness pgo_oracle_method_class(const pgo_oracle *o,
                                                   const pgo_oracle_summary *s,
                                                   pgo_oracle_basis *basis);

/* --- blocks ---------------------------------------------------------- */
/* Absolute count N (0 for bad ids). */
PGO_API double pgo_oracle_block_count(const pgo_oracle *o, uint32_t block);
/* N / N0 (entry = 1); 0 when N0 == 0 or for bad ids. */
PGO_API double pgo_oracle_block_freq(const pgo_oracle *o, uint32_t block);
PGO_API pgo_provenance pgo_oracle_block_prov(const pgo_oracle *o,
                                             uint32_t block);
/* The rule in the header comment; basis may be NULL.  Bad id: NEUTRAL/NONE. */
PGO_API pgo_oracle_hotness pgo_oracle_block_class(const pgo_oracle *o,
                                                  const pgo_oracle_summary *s,
                                                  uint32_t block,
                                                  pgo_oracle_basis *basis);

/* --- edges ----------------------------------------------------------- */
/* Successor probability e_ij in [0, 1] (each block's sum to 1); 0 for bad
 * ids. */
PGO_API double pgo_oracle_edge_prob(const pgo_oracle *o, uint32_t edge);
/* The same by (block, successor index); 0 when out of range. */
PGO_API double pgo_oracle_succ_prob(const pgo_oracle *o, uint32_t block,
                                    uint32_t k);
/* E_ij = N_i * e_ij (0 for bad ids).  Its provenance is that of the source
 * block's count and the edge's probability together. */
PGO_API double pgo_oracle_edge_count(const pgo_oracle *o, uint32_t edge);
PGO_API pgo_provenance pgo_oracle_edge_prov(const pgo_oracle *o,
                                            uint32_t edge);
/* Integer branch weights for block's nsucc successors, for !prof
 * branch_weights: the edge counts E_k (rounded) when the block ran enough
 * for them to carry the ratio (N_i * max_k e_k >= 2^16), else the
 * probabilities scaled so the largest is 2^20; scaled down uniformly so the
 * largest fits in UINT32_MAX; a weight is 0 only when its probability is 0.  n must be >= nsucc (PGO_ERR_RANGE otherwise); *nout = nsucc.
 * PGO_ERR_INVALID for a bad block or NULL pointers. */
PGO_API pgo_status pgo_oracle_branch_weights(const pgo_oracle *o,
                                             uint32_t block, uint32_t *weights,
                                             uint32_t n, uint32_t *nout);

/* --- indirect-call targets (value histograms from the pfg) ----------- */
typedef struct pgo_oracle_target {
  const char *name; /* target function name; borrowed from the oracle */
  double count;     /* calls to it */
  double share;     /* count / site total, in [0, 1] */
} pgo_oracle_target;

typedef struct pgo_oracle_site {
  uint32_t il_offset;  /* IL offset of the call instruction */
  double total;        /* every call counted at the site (named + tail) */
  double tail;         /* calls to targets the histogram does not name */
  uint32_t ntargets;   /* named targets in the histogram */
  double rest_share;   /* share of total NOT among the targets returned
                          (the histogram tail plus targets cut by max) */
  pgo_provenance prov; /* provenance of the histogram */
} pgo_oracle_site;

/* Number of value-profiled call sites, and the IL offset of the i-th in
 * ascending offset order (PGO_NONE when out of range). */
PGO_API uint32_t pgo_oracle_nsites(const pgo_oracle *o);
PGO_API uint32_t pgo_oracle_site_offset(const pgo_oracle *o, uint32_t i);
/* Likely targets of the call at il_offset: the first min(max, ntargets)
 * named targets by count descending, then name ascending, into out[] (may be
 * NULL when max == 0); *nout gets how many; site (may be NULL) the site's
 * totals with rest_share for that cut.  A site whose total is 0 returns its
 * targets with share 0 and rest_share 0.  PGO_ERR_NOT_FOUND when no
 * histogram is at il_offset; PGO_ERR_INVALID for NULL o / nout. */
PGO_API pgo_status pgo_oracle_call_targets(const pgo_oracle *o,
                                           uint32_t il_offset, uint32_t max,
                                           pgo_oracle_target *out,
                                           uint32_t *nout,
                                           pgo_oracle_site *site);

/* ------------------------------------------------------------------ */
/* The program-wide summary (LLVM's ProfileSummary / ProfileSummaryInfo). */

/* LLVM's default detailed-summary cutoffs, per million (ProfileCommon.h). */
#define PGO_ORACLE_SUMMARY_NCUTOFFS 16
/* LLVM ProfileSummaryInfo defaults: -profile-summary-cutoff-hot=990000,
 * -profile-summary-cutoff-cold=999999. */
#define PGO_ORACLE_CUTOFF_HOT 990000u
#define PGO_ORACLE_CUTOFF_COLD 999999u
#define PGO_ORACLE_CUTOFF_SCALE 1000000u

/* One detailed-summary entry: counts sorted descending, the smallest count
 * min_count whose running sum first reaches floor(total * cutoff / 10^6),
 * and num_counts, how many counts that running sum took (LLVM's
 * ProfileSummaryEntry {Cutoff, MinCount, NumCounts}). */
typedef struct pgo_oracle_summary_entry {
  uint32_t cutoff;     /* per million, 1..999999 */
  uint64_t min_count;
  uint64_t num_counts;
} pgo_oracle_summary_entry;

/* The ProfileSummary scalars (LLVM names).  Counts are the block counts of
 * every added method rounded to integers; the entry block's count is the
 * method's function count, every other block's an internal count. */
typedef struct pgo_oracle_summary_totals {
  uint64_t total_count;        /* TotalCount (saturates at UINT64_MAX) */
  uint64_t max_count;          /* MaxCount */
  uint64_t max_internal_count; /* MaxInternalCount: non-entry blocks */
  uint64_t max_function_count; /* MaxFunctionCount: entry counts */
  uint64_t num_counts;         /* NumCounts (LLVM stores 32 bits) */
  uint32_t num_functions;      /* NumFunctions */
  uint32_t num_skipped;        /* ESTIMATED methods offered and left out */
} pgo_oracle_summary_totals;

PGO_API pgo_status pgo_oracle_summary_new(const pgo_allocator *alloc,
                                          pgo_oracle_summary **out);
PGO_API void pgo_oracle_summary_free(pgo_oracle_summary *s);
/* Last error message on this handle ("" if none).  Only the building calls
 * (_add*, _set_cutoffs, _finish) write it. */
PGO_API const char *pgo_oracle_summary_errmsg(const pgo_oracle_summary *s);

/* Hot and cold cutoffs (per million, 1..999999, hot <= cold) used for the
 * thresholds; before finish.  Defaults 990000 and 999999. */
PGO_API pgo_status pgo_oracle_summary_set_cutoffs(pgo_oracle_summary *s,
                                                  uint32_t hot, uint32_t cold);
/* Adds one method's counts: MEASURED and NEVER_RAN methods are added (a
 * NEVER_RAN method adds its blocks as zeros); ESTIMATED ones are skipped
 * (counted in num_skipped) since their counts are not absolute.  *added (may
 * be NULL) says which.  PGO_ERR_STATE after finish. */
PGO_API pgo_status pgo_oracle_summary_add(pgo_oracle_summary *s,
                                          const pgo_oracle *o, bool *added);
/* Adds raw counts of one function: its entry count and n other block
 * counts (non-negative, finite; rounded to integers). */
PGO_API pgo_status pgo_oracle_summary_add_counts(pgo_oracle_summary *s,
                                                 double entry,
                                                 const double *counts,
                                                 uint32_t n);
/* Sorts the counts and computes the detailed summary and thresholds; the
 * handle is read-only afterwards (queries before finish give 0 / NEUTRAL /
 * PGO_ERR_STATE).  Finishing an empty summary is allowed (all zero). */
PGO_API pgo_status pgo_oracle_summary_finish(pgo_oracle_summary *s);
PGO_API bool pgo_oracle_summary_is_finished(const pgo_oracle_summary *s);

PGO_API pgo_status pgo_oracle_summary_totals_of(const pgo_oracle_summary *s,
                                                pgo_oracle_summary_totals *out);
/* The detailed summary at LLVM's 16 default cutoffs, ascending (10000,
 * 100000, 200000, ..., 900000, 950000, 990000, 999000, 999900, 999990,
 * 999999); NULL with *n = 0 before finish. */
PGO_API const pgo_oracle_summary_entry *
pgo_oracle_summary_entries(const pgo_oracle_summary *s, uint32_t *n);
/* The entry for any cutoff (1..999999), computed by the same rule;
 * PGO_ERR_RANGE for other cutoffs, PGO_ERR_STATE before finish. */
PGO_API pgo_status pgo_oracle_summary_entry_at(const pgo_oracle_summary *s,
                                               uint32_t cutoff,
                                               pgo_oracle_summary_entry *out);
/* Thresholds: min_count at the hot cutoff and at the cold cutoff (LLVM's
 * HotCountThreshold, ColdCountThreshold); 0 before finish. */
PGO_API uint64_t pgo_oracle_summary_hot_threshold(const pgo_oracle_summary *s);
PGO_API uint64_t pgo_oracle_summary_cold_threshold(const pgo_oracle_summary *s);
/* A count (rounded) against the thresholds: HOT when >= hot threshold and
 * >= 1, else COLD when <= cold threshold, else NEUTRAL.  (LLVM calls every
 * count hot when the hot threshold is 0, i.e. an all-zero or empty profile;
 * pgo calls nothing hot when the total count is 0.)  NEUTRAL before
 * finish. */
PGO_API pgo_oracle_hotness pgo_oracle_summary_count_class(
    const pgo_oracle_summary *s, double count);
/* LLVM's isHotCountNthPercentile: count >= min_count at cutoff (and >= 1,
 * total > 0); false for cutoffs outside 1..999999 or before finish. */
PGO_API bool pgo_oracle_summary_is_hot_at(const pgo_oracle_summary *s,
                                          double count, uint32_t cutoff);
/* Hotness percentile of a count: the share, in [0, 1], of the total count
 * carried by counts strictly greater than it (0 = the hottest count).  A
 * count >= 1 is hot at cutoff C exactly when share * total <
 * floor(total * C / 10^6), for every C where that floor is >= 1.
 * Non-increasing in count; 0 before finish or when the total is 0. */
PGO_API double pgo_oracle_summary_percentile(const pgo_oracle_summary *s,
                                             double count);

#ifdef __cplusplus
}
#endif
#endif /* PGO_ORACLE_H */
