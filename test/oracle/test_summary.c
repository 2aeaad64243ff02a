/*
 * test_summary.c -- the program summary: a known set of counts whose
 * cutoffs, thresholds and percentiles were worked out by hand, the worked
 * diamond against a summary, methods absent from the summary, all-zero and
 * empty summaries, state errors, and properties on random count sets: the
 * entries equal a literal re-implementation of LLVM's
 * ProfileSummaryBuilder::computeDetailedSummary walk, the percentile is
 * non-increasing, and "hot at cutoff C" agrees with the percentile.
 */
#include "oracle_test_util.h"

#include <stdio.h>
#include <stdlib.h>

static const uint32_t cutoffs[16] = {10000,  100000, 200000, 300000,
                                     400000, 500000, 600000, 700000,
                                     800000, 900000, 950000, 990000,
                                     999000, 999900, 999990, 999999};

/* Function A: entry 1000, blocks 500 250 125 100 20 4 1 0; function B:
 * entry 0, block 0.  T = 2000.  Sorted: 1000 500 250 125 100 20 4 1 0 0 0,
 * running sums 1000 1500 1750 1875 1975 1995 1999 2000 2000. */
static pgo_oracle_summary *known_summary(void) {
  pgo_oracle_summary *s;
  ck_assert_int_eq(pgo_oracle_summary_new(NULL, &s), PGO_OK);
  const double a[] = {500, 250, 125, 100, 20, 4, 1, 0};
  const double b[] = {0};
  ck_assert_int_eq(pgo_oracle_summary_add_counts(s, 1000, a, 8), PGO_OK);
  ck_assert_int_eq(pgo_oracle_summary_add_counts(s, 0, b, 1), PGO_OK);
  ck_assert_int_eq(pgo_oracle_summary_finish(s), PGO_OK);
  return s;
}

START_TEST(known_counts_by_hand) {
  pgo_oracle_summary *s = known_summary();
  pgo_oracle_summary_totals t;
  ck_assert_int_eq(pgo_oracle_summary_totals_of(s, &t), PGO_OK);
  ck_assert_uint_eq(t.total_count, 2000);
  ck_assert_uint_eq(t.max_count, 1000);
  ck_assert_uint_eq(t.max_function_count, 1000);
  ck_assert_uint_eq(t.max_internal_count, 500);
  ck_assert_uint_eq(t.num_counts, 11);
  ck_assert_uint_eq(t.num_functions, 2);
  ck_assert_uint_eq(t.num_skipped, 0);
  /* D = floor(2000 C / 10^6): 20 200 400 600 800 1000 1200 1400 1600 1800
   * 1900 1980 1998 1999 1999 1999 */
  static const uint64_t min[16] = {1000, 1000, 1000, 1000, 1000, 1000,
                                   500,  500,  250,  125,  100,  20,
                                   4,    4,    4,    4};
  static const uint64_t num[16] = {1, 1, 1, 1, 1, 1, 2, 2,
                                   3, 4, 5, 6, 7, 7, 7, 7};
  uint32_t n;
  const pgo_oracle_summary_entry *e = pgo_oracle_summary_entries(s, &n);
  ck_assert_ptr_nonnull(e);
  ck_assert_uint_eq(n, 16);
  for (uint32_t i = 0; i < 16; i++) {
    ck_assert_uint_eq(e[i].cutoff, cutoffs[i]);
    ck_assert_msg(e[i].min_count == min[i] && e[i].num_counts == num[i],
                  "cutoff %u: {%llu, %llu}", cutoffs[i],
                  (unsigned long long)e[i].min_count,
                  (unsigned long long)e[i].num_counts);
  }
  ck_assert_uint_eq(pgo_oracle_summary_hot_threshold(s), 20);
  ck_assert_uint_eq(pgo_oracle_summary_cold_threshold(s), 4);
  ck_assert_int_eq(pgo_oracle_summary_count_class(s, 1000), PGO_ORACLE_HOT);
  ck_assert_int_eq(pgo_oracle_summary_count_class(s, 20), PGO_ORACLE_HOT);
  ck_assert_int_eq(pgo_oracle_summary_count_class(s, 19.6), PGO_ORACLE_HOT);
  ck_assert_int_eq(pgo_oracle_summary_count_class(s, 19), PGO_ORACLE_NEUTRAL);
  ck_assert_int_eq(pgo_oracle_summary_count_class(s, 5), PGO_ORACLE_NEUTRAL);
  ck_assert_int_eq(pgo_oracle_summary_count_class(s, 4), PGO_ORACLE_COLD);
  ck_assert_int_eq(pgo_oracle_summary_count_class(s, 0), PGO_ORACLE_COLD);
  ck_assert_int_eq(pgo_oracle_summary_count_class(s, 1e30), PGO_ORACLE_HOT);
  /* percentile = share of the total above the count */
  ck_assert_double_eq(pgo_oracle_summary_percentile(s, 1000), 0.0);
  ck_assert_double_eq(pgo_oracle_summary_percentile(s, 5000), 0.0);
  ck_assert_double_eq_tol(pgo_oracle_summary_percentile(s, 999), 0.5, 1e-15);
  ck_assert_double_eq_tol(pgo_oracle_summary_percentile(s, 100), 0.9375, 1e-15);
  ck_assert_double_eq_tol(pgo_oracle_summary_percentile(s, 20), 0.9875, 1e-15);
  ck_assert_double_eq_tol(pgo_oracle_summary_percentile(s, 0), 1.0, 1e-15);
  ck_assert_double_eq_tol(pgo_oracle_summary_percentile(s, 0.4), 1.0, 1e-15);
  /* arbitrary cutoffs */
  pgo_oracle_summary_entry x;
  ck_assert_int_eq(pgo_oracle_summary_entry_at(s, 987500, &x), PGO_OK);
  ck_assert_uint_eq(x.min_count, 100); /* D = 1975 */
  ck_assert_uint_eq(x.num_counts, 5);
  ck_assert_int_eq(pgo_oracle_summary_entry_at(s, 987999, &x), PGO_OK);
  ck_assert_uint_eq(x.min_count, 100); /* D = floor(1975.998) = 1975 */
  ck_assert_int_eq(pgo_oracle_summary_entry_at(s, 988000, &x), PGO_OK);
  ck_assert_uint_eq(x.min_count, 20); /* D = 1976 */
  ck_assert_uint_eq(x.num_counts, 6);
  ck_assert(pgo_oracle_summary_is_hot_at(s, 100, 987500));
  ck_assert(!pgo_oracle_summary_is_hot_at(s, 99, 987500));
  ck_assert(pgo_oracle_summary_is_hot_at(s, 20, 990000));
  ck_assert(!pgo_oracle_summary_is_hot_at(s, 0, 999999));
  ck_assert(!pgo_oracle_summary_is_hot_at(s, 20, 0));
  ck_assert_int_eq(pgo_oracle_summary_entry_at(s, 0, &x), PGO_ERR_RANGE);
  ck_assert_int_eq(pgo_oracle_summary_entry_at(s, 1000000, &x),
                   PGO_ERR_RANGE);
  ck_assert_int_eq(pgo_oracle_summary_entry_at(s, 5000, NULL),
                   PGO_ERR_INVALID);
  pgo_oracle_summary_free(s);
}
END_TEST

/* The diamond (100/90/10/100) as the whole program: T = 300, every cutoff
 * from 990000 up has min count 10, so hot and cold thresholds coincide and
 * hot wins; then a bigger program in which the diamond is cold. */
START_TEST(diamond_against_summary) {
  pgo_cfg *g;
  pgo_pfg *p = diamond_pfg(&g, PGO_PROV_INSTRUMENTED);
  pgo_oracle *o = oracle_of(p, NULL);
  pgo_oracle_summary *s;
  ck_assert_int_eq(pgo_oracle_summary_new(NULL, &s), PGO_OK);
  bool added = false;
  ck_assert_int_eq(pgo_oracle_summary_add(s, o, &added), PGO_OK);
  ck_assert(added);
  ck_assert_int_eq(pgo_oracle_summary_finish(s), PGO_OK);
  pgo_oracle_summary_totals t;
  ck_assert_int_eq(pgo_oracle_summary_totals_of(s, &t), PGO_OK);
  ck_assert_uint_eq(t.total_count, 300);
  ck_assert_uint_eq(t.num_counts, 4);
  ck_assert_uint_eq(t.max_internal_count, 100);
  ck_assert_uint_eq(t.max_function_count, 100);
  ck_assert_uint_eq(pgo_oracle_summary_hot_threshold(s), 10);
  ck_assert_uint_eq(pgo_oracle_summary_cold_threshold(s), 10);
  uint32_t n;
  const pgo_oracle_summary_entry *e = pgo_oracle_summary_entries(s, &n);
  ck_assert_uint_eq(e[5].min_count, 100); /* 500000: D = 150 */
  ck_assert_uint_eq(e[5].num_counts, 2);
  ck_assert_uint_eq(e[6].min_count, 100); /* 600000: D = 180 */
  ck_assert_uint_eq(e[7].min_count, 90);  /* 700000: D = 210 */
  ck_assert_uint_eq(e[7].num_counts, 3);
  for (uint32_t b = 0; b < 4; b++) {
    pgo_oracle_basis basis;
    ck_assert_int_eq(pgo_oracle_block_class(o, s, b, &basis), PGO_ORACLE_HOT);
    ck_assert_int_eq(basis, PGO_ORACLE_BASIS_SUMMARY);
  }
  pgo_oracle_basis mb;
  ck_assert_int_eq(pgo_oracle_method_class(o, s, &mb), PGO_ORACLE_HOT);
  ck_assert_int_eq(mb, PGO_ORACLE_BASIS_SUMMARY);
  pgo_oracle_summary_free(s);

  /* a hot loop elsewhere: 10^6 per block over 100 blocks */
  ck_assert_int_eq(pgo_oracle_summary_new(NULL, &s), PGO_OK);
  double hot[100];
  for (int i = 0; i < 100; i++)
    hot[i] = 1e6;
  ck_assert_int_eq(pgo_oracle_summary_add_counts(s, 1e6, hot, 100), PGO_OK);
  ck_assert_int_eq(pgo_oracle_summary_add(s, o, &added), PGO_OK);
  ck_assert_int_eq(pgo_oracle_summary_finish(s), PGO_OK);
  ck_assert_uint_eq(pgo_oracle_summary_hot_threshold(s), 1000000);
  /* T = 101e6 + 300; D(999999) = 101000300 - 101.0003 -> 101000198: the
   * walk needs 101e6 + 100 + 100 (the diamond's 100s) -> min count 100 */
  ck_assert_uint_eq(pgo_oracle_summary_cold_threshold(s), 100);
  pgo_oracle_basis b;
  ck_assert_int_eq(pgo_oracle_block_class(o, s, 0, &b), PGO_ORACLE_COLD);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_SUMMARY);
  ck_assert_int_eq(pgo_oracle_block_class(o, s, 2, &b), PGO_ORACLE_COLD);
  ck_assert_int_eq(pgo_oracle_method_class(o, s, &b), PGO_ORACLE_COLD);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_SUMMARY);
  /* without the summary the same oracle answers relatively */
  ck_assert_int_eq(pgo_oracle_block_class(o, NULL, 0, &b), PGO_ORACLE_HOT);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_RELATIVE);
  pgo_oracle_summary_free(s);
  pgo_oracle_free(o);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

/* A measured method never added to the summary is still classified by its
 * absolute counts against the program thresholds. */
START_TEST(method_absent_from_summary) {
  pgo_oracle_summary *s = known_summary(); /* hot >= 20, cold <= 4 */
  pgo_cfg *g;
  pgo_pfg *p = diamond_pfg(&g, PGO_PROV_INSTRUMENTED);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 2, 3.0, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 1, 12.0, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  pgo_oracle *o = oracle_of(p, NULL);
  pgo_oracle_basis b;
  ck_assert_int_eq(pgo_oracle_block_class(o, s, 0, &b), PGO_ORACLE_HOT);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_SUMMARY);
  ck_assert_int_eq(pgo_oracle_block_class(o, s, 1, &b), PGO_ORACLE_NEUTRAL);
  ck_assert_int_eq(pgo_oracle_block_class(o, s, 2, &b), PGO_ORACLE_COLD);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_SUMMARY);
  ck_assert_int_eq(pgo_oracle_method_class(o, s, &b), PGO_ORACLE_HOT);
  /* an unfinished summary is no summary */
  pgo_oracle_summary *u;
  ck_assert_int_eq(pgo_oracle_summary_new(NULL, &u), PGO_OK);
  ck_assert_int_eq(pgo_oracle_block_class(o, u, 2, &b), PGO_ORACLE_NEUTRAL);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_RELATIVE);
  ck_assert_int_eq(pgo_oracle_method_class(o, u, &b), PGO_ORACLE_NEUTRAL);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_NONE);
  pgo_oracle_summary_free(u);
  pgo_oracle_summary_free(s);
  pgo_oracle_free(o);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(empty_and_all_zero) {
  pgo_oracle_summary *s;
  ck_assert_int_eq(pgo_oracle_summary_new(NULL, &s), PGO_OK);
  ck_assert_int_eq(pgo_oracle_summary_finish(s), PGO_OK);
  uint32_t n;
  const pgo_oracle_summary_entry *e = pgo_oracle_summary_entries(s, &n);
  ck_assert_uint_eq(n, 16);
  for (uint32_t i = 0; i < n; i++) {
    ck_assert_uint_eq(e[i].min_count, 0);
    ck_assert_uint_eq(e[i].num_counts, 0);
  }
  ck_assert_double_eq(pgo_oracle_summary_percentile(s, 5), 0.0);
  ck_assert_int_eq(pgo_oracle_summary_count_class(s, 5), PGO_ORACLE_NEUTRAL);
  pgo_oracle_summary_free(s);

  /* all-zero profile: a never-ran method adds zeros; nothing is hot */
  pgo_cfg *g;
  pgo_pfg *p = diamond_pfg(&g, PGO_PROV_INSTRUMENTED);
  for (uint32_t b = 0; b < 4; b++)
    ck_assert_int_eq(pgo_pfg_set_block_count(p, b, 0, PGO_PROV_INSTRUMENTED),
                     PGO_OK);
  pgo_oracle *o = oracle_of(p, NULL);
  ck_assert_int_eq(pgo_oracle_summary_new(NULL, &s), PGO_OK);
  bool added = false;
  ck_assert_int_eq(pgo_oracle_summary_add(s, o, &added), PGO_OK);
  ck_assert(added);
  ck_assert_int_eq(pgo_oracle_summary_finish(s), PGO_OK);
  pgo_oracle_summary_totals t;
  ck_assert_int_eq(pgo_oracle_summary_totals_of(s, &t), PGO_OK);
  ck_assert_uint_eq(t.num_counts, 4);
  ck_assert_uint_eq(t.total_count, 0);
  ck_assert_uint_eq(t.num_functions, 1);
  ck_assert_uint_eq(pgo_oracle_summary_hot_threshold(s), 0);
  ck_assert_int_eq(pgo_oracle_summary_count_class(s, 0), PGO_ORACLE_COLD);
  ck_assert_int_eq(pgo_oracle_summary_count_class(s, 7), PGO_ORACLE_NEUTRAL);
  ck_assert(!pgo_oracle_summary_is_hot_at(s, 0, 990000));
  pgo_oracle_basis b;
  ck_assert_int_eq(pgo_oracle_block_class(o, s, 1, &b), PGO_ORACLE_COLD);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_EVIDENCE);
  ck_assert_int_eq(pgo_oracle_method_class(o, s, &b), PGO_ORACLE_COLD);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_EVIDENCE);
  pgo_oracle_summary_free(s);
  pgo_oracle_free(o);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(states_and_bad_input) {
  pgo_oracle_summary *s;
  ck_assert_int_eq(pgo_oracle_summary_new(NULL, NULL), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_oracle_summary_new(NULL, &s), PGO_OK);
  /* queries before finish */
  pgo_oracle_summary_totals t;
  ck_assert_int_eq(pgo_oracle_summary_totals_of(s, &t), PGO_ERR_STATE);
  uint32_t n = 5;
  ck_assert_ptr_null(pgo_oracle_summary_entries(s, &n));
  ck_assert_uint_eq(n, 0);
  pgo_oracle_summary_entry x;
  ck_assert_int_eq(pgo_oracle_summary_entry_at(s, 5000, &x), PGO_ERR_STATE);
  ck_assert_uint_eq(pgo_oracle_summary_hot_threshold(s), 0);
  ck_assert_double_eq(pgo_oracle_summary_percentile(s, 3), 0.0);
  ck_assert(!pgo_oracle_summary_is_finished(s));
  /* bad counts leave nothing behind */
  const double bad[] = {1, NAN};
  ck_assert_int_eq(pgo_oracle_summary_add_counts(s, 5, bad, 2),
                   PGO_ERR_INVALID);
  ck_assert_str_ne(pgo_oracle_summary_errmsg(s), "");
  ck_assert_int_eq(pgo_oracle_summary_add_counts(s, -1, NULL, 0),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_oracle_summary_add_counts(s, 1, NULL, 3),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_oracle_summary_add(s, NULL, NULL), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_oracle_summary_set_cutoffs(s, 0, 10), PGO_ERR_RANGE);
  ck_assert_int_eq(pgo_oracle_summary_set_cutoffs(s, 20, 10), PGO_ERR_RANGE);
  ck_assert_int_eq(pgo_oracle_summary_set_cutoffs(s, 10, 1000000),
                   PGO_ERR_RANGE);
  const double ok[] = {10, 30};
  ck_assert_int_eq(pgo_oracle_summary_add_counts(s, 60, ok, 2), PGO_OK);
  ck_assert_str_eq(pgo_oracle_summary_errmsg(s), "");
  ck_assert_int_eq(pgo_oracle_summary_set_cutoffs(s, 500000, 900000), PGO_OK);
  ck_assert_int_eq(pgo_oracle_summary_finish(s), PGO_OK);
  ck_assert_int_eq(pgo_oracle_summary_totals_of(s, &t), PGO_OK);
  ck_assert_uint_eq(t.num_counts, 3); /* the refused adds left nothing */
  ck_assert_uint_eq(t.total_count, 100);
  /* custom cutoffs: D(500000) = 50 -> 60; D(900000) = 90 -> 30 */
  ck_assert_uint_eq(pgo_oracle_summary_hot_threshold(s), 60);
  ck_assert_uint_eq(pgo_oracle_summary_cold_threshold(s), 30);
  /* after finish: building calls refuse */
  ck_assert_int_eq(pgo_oracle_summary_add_counts(s, 1, NULL, 0),
                   PGO_ERR_STATE);
  ck_assert_int_eq(pgo_oracle_summary_finish(s), PGO_ERR_STATE);
  ck_assert_int_eq(pgo_oracle_summary_set_cutoffs(s, 1, 2), PGO_ERR_STATE);
  ck_assert_int_eq(pgo_oracle_summary_totals_of(NULL, &t), PGO_ERR_INVALID);
  ck_assert_str_eq(pgo_oracle_summary_errmsg(NULL), "");
  ck_assert(!pgo_oracle_summary_is_finished(NULL));
  pgo_oracle_summary_free(s);
  pgo_oracle_summary_free(NULL);
}
END_TEST

/* Saturation: TotalCount stops at UINT64_MAX instead of wrapping. */
START_TEST(saturation) {
  pgo_oracle_summary *s;
  ck_assert_int_eq(pgo_oracle_summary_new(NULL, &s), PGO_OK);
  const double big[] = {1.5e19, 1.5e19, 1e30};
  ck_assert_int_eq(pgo_oracle_summary_add_counts(s, 1e19, big, 3), PGO_OK);
  ck_assert_int_eq(pgo_oracle_summary_finish(s), PGO_OK);
  pgo_oracle_summary_totals t;
  ck_assert_int_eq(pgo_oracle_summary_totals_of(s, &t), PGO_OK);
  ck_assert_uint_eq(t.total_count, UINT64_MAX);
  ck_assert_uint_eq(t.max_count, UINT64_MAX);
  ck_assert_uint_eq(t.max_function_count, 10000000000000000000ull);
  ck_assert_int_eq(pgo_oracle_summary_count_class(s, 1e30), PGO_ORACLE_HOT);
  pgo_oracle_summary_free(s);
}
END_TEST

/* --- properties on random count sets ---------------------------------- */

static int cmp_desc(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x > y ? -1 : x < y;
}

/* LLVM's computeDetailedSummary, transcribed: a sequential walk over the
 * distinct counts descending (std::map<uint64_t, uint32_t, greater>). */
static void llvm_walk(const uint64_t *sorted, size_t n, uint64_t total,
                      pgo_oracle_summary_entry *out) {
  size_t it = 0;
  uint64_t seen = 0, sum = 0, count = 0;
  for (int c = 0; c < 16; c++) {
    /* DesiredCount = TotalCount * Cutoff / Scale in 128 bits */
    long double dd = (long double)total * cutoffs[c] / 1000000.0L;
    uint64_t desired = (uint64_t)dd;
    while (sum < desired && it < n) {
      count = sorted[it];
      uint64_t freq = 0;
      while (it < n && sorted[it] == count) {
        freq++;
        it++;
      }
      sum += count * freq;
      seen += freq;
    }
    out[c].cutoff = cutoffs[c];
    out[c].min_count = count;
    out[c].num_counts = seen;
  }
}

START_TEST(random_against_llvm_walk) {
  uint64_t st = 88172645463325252ull;
  for (int round = 0; round < 200; round++) {
    size_t n = 1 + rnd_next(&st) % 300;
    uint64_t *v = malloc(n * sizeof *v);
    double *d = malloc(n * sizeof *d);
    uint64_t total = 0;
    uint64_t range = (round % 3 == 0) ? 10 : (round % 3 == 1) ? 1000 : 1000000;
    for (size_t i = 0; i < n; i++) {
      v[i] = rnd_next(&st) % 5 == 0 ? 0 : rnd_next(&st) % range;
      d[i] = (double)v[i];
      total += v[i];
    }
    pgo_oracle_summary *s;
    ck_assert_int_eq(pgo_oracle_summary_new(NULL, &s), PGO_OK);
    /* split into functions of up to 7 counts */
    for (size_t i = 0; i < n; i += 7) {
      size_t m = n - i < 7 ? n - i : 7;
      ck_assert_int_eq(pgo_oracle_summary_add_counts(s, d[i], d + i + 1,
                                                     (uint32_t)(m - 1)),
                       PGO_OK);
    }
    ck_assert_int_eq(pgo_oracle_summary_finish(s), PGO_OK);
    qsort(v, n, sizeof *v, cmp_desc);
    pgo_oracle_summary_entry ref[16];
    llvm_walk(v, n, total, ref);
    uint32_t ne;
    const pgo_oracle_summary_entry *e = pgo_oracle_summary_entries(s, &ne);
    for (int c = 0; c < 16; c++)
      ck_assert_msg(e[c].min_count == ref[c].min_count &&
                        e[c].num_counts == ref[c].num_counts,
                    "round %d cutoff %u: {%llu,%llu} vs LLVM {%llu,%llu}",
                    round, cutoffs[c], (unsigned long long)e[c].min_count,
                    (unsigned long long)e[c].num_counts,
                    (unsigned long long)ref[c].min_count,
                    (unsigned long long)ref[c].num_counts);
    /* percentile: non-increasing; agrees with hot-at for D >= 1 */
    double prev = 2.0;
    for (uint64_t x = 0; x <= range + 1; x += 1 + range / 97) {
      double q = pgo_oracle_summary_percentile(s, (double)x);
      ck_assert(q >= 0.0 && q <= 1.0);
      ck_assert_msg(q <= prev, "percentile rose at %llu",
                    (unsigned long long)x);
      prev = q;
      uint64_t g = 0;
      for (size_t i = 0; i < n; i++)
        if (v[i] > x)
          g += v[i];
      ck_assert_double_eq_tol(q, total ? (double)g / (double)total : 0.0,
                              1e-12);
      for (int c = 0; c < 16; c++) {
        uint64_t dsr = (uint64_t)((long double)total * cutoffs[c] / 1e6L);
        if (dsr == 0 || x == 0)
          continue;
        ck_assert_int_eq(pgo_oracle_summary_is_hot_at(s, (double)x,
                                                      cutoffs[c]),
                         g < dsr);
      }
    }
    /* thresholds are the entries at 990000 and 999999 */
    ck_assert_uint_eq(pgo_oracle_summary_hot_threshold(s), e[11].min_count);
    ck_assert_uint_eq(pgo_oracle_summary_cold_threshold(s), e[15].min_count);
    ck_assert_uint_le(pgo_oracle_summary_cold_threshold(s),
                      pgo_oracle_summary_hot_threshold(s));
    pgo_oracle_summary_free(s);
    free(v);
    free(d);
  }
}
END_TEST

/* On random measured methods against a summary of them: a larger count is
 * never classified less hot (cold < neutral < hot), within and across
 * methods, and method hotness agrees with its blocks. */
static int rank(pgo_oracle_hotness h) {
  return h == PGO_ORACLE_COLD ? 0 : h == PGO_ORACLE_NEUTRAL ? 1 : 2;
}

START_TEST(random_class_monotone) {
  enum { NM = 12 };
  pgo_cfg *g[NM];
  pgo_pfg *p[NM];
  pgo_oracle *o[NM];
  pgo_oracle_summary *s;
  ck_assert_int_eq(pgo_oracle_summary_new(NULL, &s), PGO_OK);
  for (int i = 0; i < NM; i++) {
    p[i] = random_pfg(&g[i], 20 + 13 * (uint32_t)i, 500 + (uint64_t)i);
    o[i] = oracle_of(p[i], NULL);
    ck_assert_int_eq(pgo_oracle_summary_add(s, o[i], NULL), PGO_OK);
  }
  ck_assert_int_eq(pgo_oracle_summary_finish(s), PGO_OK);
  /* (count, class) of every reachable block */
  double cnt[4000];
  int cls[4000];
  int n = 0;
  for (int i = 0; i < NM; i++) {
    bool any_hot = false, all_cold = true;
    for (uint32_t b = 0; b < pgo_oracle_nblocks(o[i]); b++) {
      pgo_oracle_basis basis;
      pgo_oracle_hotness h = pgo_oracle_block_class(o[i], s, b, &basis);
      if (!pgo_oracle_reachable(o[i], b)) {
        ck_assert_int_eq(basis, PGO_ORACLE_BASIS_STRUCTURE);
        continue;
      }
      any_hot |= h == PGO_ORACLE_HOT;
      all_cold &= pgo_oracle_summary_count_class(
                      s, pgo_oracle_block_count(o[i], b)) == PGO_ORACLE_COLD;
      ck_assert_int_lt(n, 4000);
      cnt[n] = pgo_oracle_block_count(o[i], b);
      cls[n++] = rank(h);
    }
    pgo_oracle_hotness mh = pgo_oracle_method_class(o[i], s, NULL);
    if (any_hot)
      ck_assert_int_eq(mh, PGO_ORACLE_HOT);
    if (mh == PGO_ORACLE_COLD)
      ck_assert(all_cold && !any_hot);
  }
  for (int a = 0; a < n; a++)
    for (int b = 0; b < n; b++)
      if (floor(cnt[a] + 0.5) < floor(cnt[b] + 0.5))
        ck_assert_msg(cls[a] <= cls[b], "count %g class %d > count %g class %d",
                      cnt[a], cls[a], cnt[b], cls[b]);
  pgo_oracle_summary_free(s);
  for (int i = 0; i < NM; i++) {
    pgo_oracle_free(o[i]);
    pgo_pfg_free(p[i]);
    pgo_cfg_free(g[i]);
  }
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("oracle_summary");
  TCase *tc = tcase_create("summary");
  tcase_add_test(tc, known_counts_by_hand);
  tcase_add_test(tc, diamond_against_summary);
  tcase_add_test(tc, method_absent_from_summary);
  tcase_add_test(tc, empty_and_all_zero);
  tcase_add_test(tc, states_and_bad_input);
  tcase_add_test(tc, saturation);
  tcase_add_test(tc, random_against_llvm_walk);
  tcase_add_test(tc, random_class_monotone);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite())
