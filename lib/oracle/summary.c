/*
 * summary.c -- the program-wide profile summary, LLVM's ProfileSummary
 * (llvm/IR/ProfileSummary.h, built by ProfileSummaryBuilder in
 * ProfileData/ProfileSummaryBuilder.cpp) and the thresholds of its
 * ProfileSummaryInfo (Analysis/ProfileSummaryInfo.cpp), in C over pgo's
 * block counts, so lib/llvm can emit the module flag from it and pgo's own
 * decisions use the same notion of hot as LLVM's passes.
 *
 * Counts: every block count of every added method, rounded to the nearest
 * integer (LLVM's counts are integers).  The entry block's count is the
 * method's function count (MaxFunctionCount, NumFunctions), the others are
 * internal counts (MaxInternalCount); TotalCount, MaxCount and NumCounts
 * cover both, zeros included (as InstrProfSummaryBuilder::addRecord does).
 * TotalCount and the running sums saturate at UINT64_MAX.
 *
 * Detailed summary: sort the counts descending, T = TotalCount; for cutoff C
 * (per million) let D = floor(T * C / 10^6); walk the distinct values v_1 >
 * v_2 > ... adding v_i * freq(v_i) to a running sum until it is >= D; the
 * entry is {C, MinCount = the last v_i added, NumCounts = how many counts
 * were added}.  When D == 0 nothing is added and the entry is {C, 0, 0},
 * exactly as ProfileSummaryBuilder::computeDetailedSummary behaves.  Here the
 * running sums are kept per distinct value, so any cutoff is a binary search
 * (O(log n)) rather than a walk; the 16 default cutoffs are precomputed.
 * floor(T*C/10^6) is computed without 128-bit arithmetic as
 * (T / 10^6) * C + ((T % 10^6) * C) / 10^6, exact since both terms fit.
 *
 * Thresholds (ProfileSummaryInfo::computeThresholds): hot = MinCount at the
 * hot cutoff (default 990000), cold = MinCount at the cold cutoff (default
 * 999999); a count c is hot when c >= hot, cold when c <= cold.  One
 * deliberate difference: LLVM calls every count hot when the hot threshold
 * is 0 (an all-zero or empty profile); pgo requires c >= 1 and a total
 * above 0 for hot, so a program that never ran has nothing hot.
 *
 * Percentile of a count c: G(c) / T, where G(c) = sum of the counts > c.
 * Proof of the header's claim: MinCount(C) = v_i for the smallest i with
 * S_i >= D (S_i the running sum through v_i); c >= v_i iff every value
 * above c has index < i iff G(c) = S_{j-1} < D with j the first index whose
 * value is <= c (S_0 = 0).
 */
#include "oracle_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static const uint32_t default_cutoffs[PGO_ORACLE_SUMMARY_NCUTOFFS] = {
    10000,  100000, 200000, 300000, 400000, 500000, 600000, 700000,
    800000, 900000, 950000, 990000, 999000, 999900, 999990, 999999};

static pgo_status sum_err(pgo_oracle_summary *s, pgo_status st,
                          const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static pgo_status sum_err(pgo_oracle_summary *s, pgo_status st,
                          const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
  va_end(ap);
  return st;
}

uint64_t pgo__oracle_round_count(double c) {
  if (!(c >= 0.0) || !isfinite(c))
    return 0;
  double r = floor(c + 0.5);
  if (r >= 18446744073709551615.0) /* 2^64 as a double */
    return UINT64_MAX;
  return (uint64_t)r;
}

static uint64_t sat_add(uint64_t a, uint64_t b) {
  return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

PGO_API pgo_status pgo_oracle_summary_new(const pgo_allocator *alloc,
                                          pgo_oracle_summary **out) {
  if (out == NULL)
    return PGO_ERR_INVALID;
  *out = NULL;
  if (alloc == NULL)
    alloc = pgo_default_allocator();
  if (alloc->realloc == NULL)
    return PGO_ERR_INVALID;
  pgo_oracle_summary *s = oracle_alloc(alloc, 1, sizeof *s);
  if (s == NULL)
    return PGO_ERR_NOMEM;
  memset(s, 0, sizeof *s);
  s->alloc = *alloc;
  s->hot_cutoff = PGO_ORACLE_CUTOFF_HOT;
  s->cold_cutoff = PGO_ORACLE_CUTOFF_COLD;
  *out = s;
  return PGO_OK;
}

PGO_API void pgo_oracle_summary_free(pgo_oracle_summary *s) {
  if (s == NULL)
    return;
  const pgo_allocator *a = &s->alloc;
  oracle_free(a, s->raw, s->capraw, sizeof(uint64_t));
  oracle_free(a, s->vals, s->nvals, sizeof(uint64_t));
  oracle_free(a, s->cumn, s->nvals, sizeof(uint64_t));
  oracle_free(a, s->cumsum, s->nvals, sizeof(uint64_t));
  pgo_allocator copy = s->alloc;
  oracle_free(&copy, s, 1, sizeof *s);
}

PGO_API const char *pgo_oracle_summary_errmsg(const pgo_oracle_summary *s) {
  return s ? s->errmsg : "";
}

PGO_API pgo_status pgo_oracle_summary_set_cutoffs(pgo_oracle_summary *s,
                                                  uint32_t hot,
                                                  uint32_t cold) {
  if (s == NULL)
    return PGO_ERR_INVALID;
  if (s->finished)
    return sum_err(s, PGO_ERR_STATE, "summary already finished");
  if (hot < 1 || cold >= PGO_ORACLE_CUTOFF_SCALE || hot > cold)
    return sum_err(s, PGO_ERR_RANGE, "cutoffs need 1 <= hot (%u) <= cold "
                   "(%u) <= 999999", hot, cold);
  s->hot_cutoff = hot;
  s->cold_cutoff = cold;
  s->errmsg[0] = '\0';
  return PGO_OK;
}

/* Room for n more raw counts; on failure nothing changes. */
static pgo_status reserve(pgo_oracle_summary *s, size_t n) {
  if (n <= s->capraw - s->nraw)
    return PGO_OK;
  if (n > SIZE_MAX / 2 - s->nraw)
    return sum_err(s, PGO_ERR_NOMEM, "too many counts");
  size_t want = s->nraw + n, cap = s->capraw ? s->capraw : 64;
  while (cap < want)
    cap *= 2;
  uint64_t *p = oracle_realloc(&s->alloc, s->raw, s->capraw, cap,
                               sizeof(uint64_t));
  if (p == NULL)
    return sum_err(s, PGO_ERR_NOMEM, "out of memory for %zu counts", want);
  s->raw = p;
  s->capraw = cap;
  return PGO_OK;
}

static void add_entry_count(pgo_oracle_summary *s, uint64_t c) {
  s->raw[s->nraw++] = c;
  pgo_oracle_summary_totals *t = &s->totals;
  t->total_count = sat_add(t->total_count, c);
  if (c > t->max_count)
    t->max_count = c;
  if (c > t->max_function_count)
    t->max_function_count = c;
  t->num_counts++;
  if (t->num_functions < UINT32_MAX)
    t->num_functions++;
}

static void add_internal_count(pgo_oracle_summary *s, uint64_t c) {
  s->raw[s->nraw++] = c;
  pgo_oracle_summary_totals *t = &s->totals;
  t->total_count = sat_add(t->total_count, c);
  if (c > t->max_count)
    t->max_count = c;
  if (c > t->max_internal_count)
    t->max_internal_count = c;
  t->num_counts++;
}

PGO_API pgo_status pgo_oracle_summary_add_counts(pgo_oracle_summary *s,
                                                 double entry,
                                                 const double *counts,
                                                 uint32_t n) {
  if (s == NULL)
    return PGO_ERR_INVALID;
  if (s->finished)
    return sum_err(s, PGO_ERR_STATE, "summary already finished");
  if (n > 0 && counts == NULL)
    return sum_err(s, PGO_ERR_INVALID, "NULL counts");
  if (!isfinite(entry) || entry < 0.0)
    return sum_err(s, PGO_ERR_INVALID, "entry count %g", entry);
  for (uint32_t i = 0; i < n; i++)
    if (!isfinite(counts[i]) || counts[i] < 0.0)
      return sum_err(s, PGO_ERR_INVALID, "count %u is %g", i, counts[i]);
  pgo_status st = reserve(s, (size_t)n + 1);
  if (st != PGO_OK)
    return st;
  add_entry_count(s, pgo__oracle_round_count(entry));
  for (uint32_t i = 0; i < n; i++)
    add_internal_count(s, pgo__oracle_round_count(counts[i]));
  s->errmsg[0] = '\0';
  return PGO_OK;
}

PGO_API pgo_status pgo_oracle_summary_add(pgo_oracle_summary *s,
                                          const pgo_oracle *o, bool *added) {
  if (added != NULL)
    *added = false;
  if (s == NULL)
    return PGO_ERR_INVALID;
  if (s->finished)
    return sum_err(s, PGO_ERR_STATE, "summary already finished");
  if (o == NULL)
    return sum_err(s, PGO_ERR_INVALID, "NULL oracle");
  if (o->evidence == PGO_ORACLE_EVIDENCE_ESTIMATED || o->nblocks == 0) {
    if (s->totals.num_skipped < UINT32_MAX)
      s->totals.num_skipped++;
    s->errmsg[0] = '\0';
    return PGO_OK;
  }
  pgo_status st = reserve(s, o->nblocks);
  if (st != PGO_OK)
    return st;
  bool zero = o->evidence == PGO_ORACLE_EVIDENCE_NEVER_RAN;
  add_entry_count(s, zero ? 0 : pgo__oracle_round_count(o->entry_count));
  for (uint32_t b = 0; b < o->nblocks; b++)
    if (b != o->entry && !(o->bflags[b] & ORACLE_B_REMOVED))
      add_internal_count(s, zero ? 0 : pgo__oracle_round_count(o->count[b]));
  if (added != NULL)
    *added = true;
  s->errmsg[0] = '\0';
  return PGO_OK;
}

static int desc_cmp(const void *pa, const void *pb) {
  uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
  return a > b ? -1 : a < b ? 1 : 0;
}

/* floor(t * c / 10^6) exactly, for c <= 10^6. */
static uint64_t desired(uint64_t t, uint32_t c) {
  const uint64_t m = PGO_ORACLE_CUTOFF_SCALE;
  return (t / m) * c + ((t % m) * c) / m;
}

static pgo_oracle_summary_entry entry_for(const pgo_oracle_summary *s,
                                          uint32_t cutoff) {
  pgo_oracle_summary_entry e = {cutoff, 0, 0};
  uint64_t d = desired(s->totals.total_count, cutoff);
  if (d == 0 || s->nvals == 0)
    return e;
  /* smallest i with cumsum[i] >= d; cumsum[nvals-1] = T >= d */
  size_t lo = 0, hi = s->nvals - 1;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (s->cumsum[mid] >= d)
      hi = mid;
    else
      lo = mid + 1;
  }
  e.min_count = s->vals[lo];
  e.num_counts = s->cumn[lo];
  return e;
}

PGO_API pgo_status pgo_oracle_summary_finish(pgo_oracle_summary *s) {
  if (s == NULL)
    return PGO_ERR_INVALID;
  if (s->finished)
    return sum_err(s, PGO_ERR_STATE, "summary already finished");
  if (s->nraw > 1)
    qsort(s->raw, s->nraw, sizeof(uint64_t), desc_cmp);
  size_t nv = 0;
  for (size_t i = 0; i < s->nraw; i++)
    if (i == 0 || s->raw[i] != s->raw[i - 1])
      nv++;
  uint64_t *vals = oracle_alloc(&s->alloc, nv, sizeof(uint64_t));
  uint64_t *cumn = oracle_alloc(&s->alloc, nv, sizeof(uint64_t));
  uint64_t *cumsum = oracle_alloc(&s->alloc, nv, sizeof(uint64_t));
  if (!vals || !cumn || !cumsum) {
    oracle_free(&s->alloc, vals, nv, sizeof(uint64_t));
    oracle_free(&s->alloc, cumn, nv, sizeof(uint64_t));
    oracle_free(&s->alloc, cumsum, nv, sizeof(uint64_t));
    /* the raw counts stay (sorted, which is harmless): finish may retry */
    return sum_err(s, PGO_ERR_NOMEM, "out of memory for %zu distinct counts",
                   nv);
  }
  size_t j = 0;
  uint64_t n = 0, sum = 0;
  for (size_t i = 0; i < s->nraw; i++) {
    uint64_t v = s->raw[i];
    if (i > 0 && v != s->raw[i - 1])
      j++;
    n++;
    sum = sat_add(sum, v);
    vals[j] = v;
    cumn[j] = n;
    cumsum[j] = sum;
  }
  s->vals = vals;
  s->cumn = cumn;
  s->cumsum = cumsum;
  s->nvals = nv;
  oracle_free(&s->alloc, s->raw, s->capraw, sizeof(uint64_t));
  s->raw = NULL;
  s->nraw = s->capraw = 0;
  for (uint32_t i = 0; i < PGO_ORACLE_SUMMARY_NCUTOFFS; i++)
    s->entries[i] = entry_for(s, default_cutoffs[i]);
  s->hot_threshold = entry_for(s, s->hot_cutoff).min_count;
  s->cold_threshold = entry_for(s, s->cold_cutoff).min_count;
  s->finished = true;
  s->errmsg[0] = '\0';
  return PGO_OK;
}

PGO_API bool pgo_oracle_summary_is_finished(const pgo_oracle_summary *s) {
  return s != NULL && s->finished;
}

PGO_API pgo_status pgo_oracle_summary_totals_of(const pgo_oracle_summary *s,
                                                pgo_oracle_summary_totals *out) {
  if (out != NULL)
    memset(out, 0, sizeof *out);
  if (s == NULL || out == NULL)
    return PGO_ERR_INVALID;
  if (!s->finished)
    return PGO_ERR_STATE;
  *out = s->totals;
  return PGO_OK;
}

PGO_API const pgo_oracle_summary_entry *
pgo_oracle_summary_entries(const pgo_oracle_summary *s, uint32_t *n) {
  if (n != NULL)
    *n = 0;
  if (s == NULL || !s->finished)
    return NULL;
  if (n != NULL)
    *n = PGO_ORACLE_SUMMARY_NCUTOFFS;
  return s->entries;
}

PGO_API pgo_status pgo_oracle_summary_entry_at(const pgo_oracle_summary *s,
                                               uint32_t cutoff,
                                               pgo_oracle_summary_entry *out) {
  if (out != NULL)
    memset(out, 0, sizeof *out);
  if (s == NULL || out == NULL)
    return PGO_ERR_INVALID;
  if (cutoff < 1 || cutoff >= PGO_ORACLE_CUTOFF_SCALE)
    return PGO_ERR_RANGE;
  if (!s->finished)
    return PGO_ERR_STATE;
  *out = entry_for(s, cutoff);
  return PGO_OK;
}

PGO_API uint64_t pgo_oracle_summary_hot_threshold(const pgo_oracle_summary *s) {
  return s && s->finished ? s->hot_threshold : 0;
}

PGO_API uint64_t
pgo_oracle_summary_cold_threshold(const pgo_oracle_summary *s) {
  return s && s->finished ? s->cold_threshold : 0;
}

PGO_API pgo_oracle_hotness
pgo_oracle_summary_count_class(const pgo_oracle_summary *s, double count) {
  if (s == NULL || !s->finished)
    return PGO_ORACLE_NEUTRAL;
  uint64_t c = pgo__oracle_round_count(count);
  if (s->totals.total_count > 0 && c >= 1 && c >= s->hot_threshold)
    return PGO_ORACLE_HOT;
  if (c <= s->cold_threshold)
    return PGO_ORACLE_COLD;
  return PGO_ORACLE_NEUTRAL;
}

PGO_API bool pgo_oracle_summary_is_hot_at(const pgo_oracle_summary *s,
                                          double count, uint32_t cutoff) {
  if (s == NULL || !s->finished || cutoff < 1 ||
      cutoff >= PGO_ORACLE_CUTOFF_SCALE)
    return false;
  uint64_t c = pgo__oracle_round_count(count);
  return s->totals.total_count > 0 && c >= 1 &&
         c >= entry_for(s, cutoff).min_count;
}

PGO_API double pgo_oracle_summary_percentile(const pgo_oracle_summary *s,
                                             double count) {
  if (s == NULL || !s->finished || s->totals.total_count == 0)
    return 0.0;
  uint64_t c = pgo__oracle_round_count(count);
  /* j = number of distinct values > c (vals descending) */
  size_t lo = 0, hi = s->nvals;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (s->vals[mid] > c)
      lo = mid + 1;
    else
      hi = mid;
  }
  uint64_t g = lo == 0 ? 0 : s->cumsum[lo - 1];
  double share = (double)g / (double)s->totals.total_count;
  return share > 1.0 ? 1.0 : share;
}
