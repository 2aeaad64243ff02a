/*
 * classify.c -- hot and cold, for blocks and methods (docs/oracle.md, "Hot
 * and cold"; the rule is also in include/pgo/oracle.h).
 *
 * Two references, because a count means something only against another:
 *
 *   - the program (a finished pgo_oracle_summary): absolute counts against
 *     the hot and cold thresholds of LLVM's ProfileSummaryInfo (the minimum
 *     count of the 99% and 99.9999% cutoffs), used for MEASURED methods.
 *     This is what LLVM's inliner, block placement and section prefixes use,
 *     so pgo's own decisions and LLVM's agree on the same profile;
 *   - the method (no summary, or an ESTIMATED method whose counts are only
 *     relative to one invocation): frequency f = N / N_entry against two
 *     documented constants, cold below 1/1000 of the entries (a throw or
 *     error path; an ordinary 20% branch stays neutral) and hot from one run
 *     per entry up (the main path and loop bodies).
 *
 * Evidence comes first: a structurally unreachable block is cold whatever
 * the counts say, and a measured zero is cold by evidence.  A synthesized
 * profile never yields "cold by evidence": its zeros are estimates.
 *
 * Method hotness follows LLVM's isFunctionHotInCallGraph (entry count or any
 * block hot) and isFunctionColdInCallGraph (entry and every block cold,
 * i.e. the largest block count cold), without a summary it is unknown.
 */
#include "oracle_impl.h"

PGO_API const char *pgo_oracle_hotness_text(pgo_oracle_hotness h) {
  switch (h) {
  case PGO_ORACLE_HOT:
    return "hot";
  case PGO_ORACLE_COLD:
    return "cold";
  case PGO_ORACLE_NEUTRAL:
    return "neutral";
  }
  return "?";
}

PGO_API const char *pgo_oracle_basis_text(pgo_oracle_basis b) {
  switch (b) {
  case PGO_ORACLE_BASIS_NONE:
    return "none";
  case PGO_ORACLE_BASIS_STRUCTURE:
    return "structure";
  case PGO_ORACLE_BASIS_EVIDENCE:
    return "evidence";
  case PGO_ORACLE_BASIS_SUMMARY:
    return "summary";
  case PGO_ORACLE_BASIS_RELATIVE:
    return "relative";
  }
  return "?";
}

PGO_API const char *pgo_oracle_evidence_text(pgo_oracle_evidence e) {
  switch (e) {
  case PGO_ORACLE_EVIDENCE_AUTO:
    return "auto";
  case PGO_ORACLE_EVIDENCE_MEASURED:
    return "measured";
  case PGO_ORACLE_EVIDENCE_NEVER_RAN:
    return "never-ran";
  case PGO_ORACLE_EVIDENCE_ESTIMATED:
    return "estimated";
  }
  return "?";
}

static pgo_oracle_hotness answer(pgo_oracle_hotness h, pgo_oracle_basis b,
                                 pgo_oracle_basis *basis) {
  if (basis != NULL)
    *basis = b;
  return h;
}

PGO_API pgo_oracle_hotness pgo_oracle_block_class(const pgo_oracle *o,
                                                  const pgo_oracle_summary *s,
                                                  uint32_t block,
                                                  pgo_oracle_basis *basis) {
  if (o == NULL || block >= o->nblocks)
    return answer(PGO_ORACLE_NEUTRAL, PGO_ORACLE_BASIS_NONE, basis);
  /* rule 1 */
  if (!(o->bflags[block] & ORACLE_B_REACH))
    return answer(PGO_ORACLE_COLD, PGO_ORACLE_BASIS_STRUCTURE, basis);
  double n = o->count[block];
  /* rule 2 */
  if (o->evidence == PGO_ORACLE_EVIDENCE_NEVER_RAN ||
      (o->evidence == PGO_ORACLE_EVIDENCE_MEASURED && n == 0.0))
    return answer(PGO_ORACLE_COLD, PGO_ORACLE_BASIS_EVIDENCE, basis);
  /* rule 3 */
  if (o->evidence == PGO_ORACLE_EVIDENCE_MEASURED && s != NULL &&
      pgo_oracle_summary_is_finished(s))
    return answer(pgo_oracle_summary_count_class(s, n),
                  PGO_ORACLE_BASIS_SUMMARY, basis);
  /* rule 4 */
  if (!(o->entry_count > 0.0))
    return n == 0.0 ? answer(PGO_ORACLE_COLD, PGO_ORACLE_BASIS_RELATIVE, basis)
                    : answer(PGO_ORACLE_NEUTRAL, PGO_ORACLE_BASIS_RELATIVE,
                             basis);
  double f = n / o->entry_count;
  if (f < o->cold_freq)
    return answer(PGO_ORACLE_COLD, PGO_ORACLE_BASIS_RELATIVE, basis);
  if (f >= o->hot_freq)
    return answer(PGO_ORACLE_HOT, PGO_ORACLE_BASIS_RELATIVE, basis);
  return answer(PGO_ORACLE_NEUTRAL, PGO_ORACLE_BASIS_RELATIVE, basis);
}

PGO_API pgo_oracle_hotness pgo_oracle_method_class(const pgo_oracle *o,
                                                   const pgo_oracle_summary *s,
                                                   pgo_oracle_basis *basis) {
  if (o == NULL)
    return answer(PGO_ORACLE_NEUTRAL, PGO_ORACLE_BASIS_NONE, basis);
  if (o->evidence == PGO_ORACLE_EVIDENCE_NEVER_RAN)
    return answer(PGO_ORACLE_COLD, PGO_ORACLE_BASIS_EVIDENCE, basis);
  if (o->evidence != PGO_ORACLE_EVIDENCE_MEASURED || s == NULL ||
      !pgo_oracle_summary_is_finished(s))
    return answer(PGO_ORACLE_NEUTRAL, PGO_ORACLE_BASIS_NONE, basis);
  if (pgo_oracle_summary_count_class(s, o->entry_count) == PGO_ORACLE_HOT ||
      pgo_oracle_summary_count_class(s, o->max_count) == PGO_ORACLE_HOT)
    return answer(PGO_ORACLE_HOT, PGO_ORACLE_BASIS_SUMMARY, basis);
  if (pgo_oracle_summary_count_class(s, o->max_count) == PGO_ORACLE_COLD)
    return answer(PGO_ORACLE_COLD, PGO_ORACLE_BASIS_SUMMARY, basis);
  return answer(PGO_ORACLE_NEUTRAL, PGO_ORACLE_BASIS_SUMMARY, basis);
}
