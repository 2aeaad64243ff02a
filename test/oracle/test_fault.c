/*
 * test_fault.c -- out-of-memory fault injection: an allocator that refuses
 * the Nth allocation, for every N until a run completes without a refusal.
 *   - pgo_oracle_new on a random profiled graph with call-site histograms:
 *     every refusal is PGO_ERR_NOMEM with a message, *out NULL, and nothing
 *     leaked; the run without a refusal
 *     answers exactly as an oracle built with libc's allocator;
 *   - the summary: adds and finish under refusals; a refused call leaves
 *     the summary as it was ("retry" mode: the same call retried with memory
 *     succeeds and the final summary equals the reference), and "abandon"
 *     mode (free at once) leaks nothing.
 * The counting allocator also checks every size handed back.
 */
#include "oracle_test_util.h"

#include <stdio.h>

static void add_histograms(pgo_pfg *p) {
  const char *t[] = {"f", "g", "h"};
  const double c[] = {3, 9, 1};
  for (uint32_t off = 0; off < 40; off += 8)
    ck_assert_int_eq(pgo_pfg_set_histogram(p, off + 1, t, c, 3, 2.0,
                                           PGO_PROV_INSTRUMENTED), PGO_OK);
}

static void same_answers(const pgo_oracle *a, const pgo_oracle *b) {
  ck_assert_uint_eq(pgo_oracle_nblocks(a), pgo_oracle_nblocks(b));
  ck_assert_uint_eq(pgo_oracle_nedges(a), pgo_oracle_nedges(b));
  ck_assert_int_eq(pgo_oracle_evidence_of(a), pgo_oracle_evidence_of(b));
  ck_assert_str_eq(pgo_oracle_key(a).name, pgo_oracle_key(b).name);
  for (uint32_t x = 0; x < pgo_oracle_nblocks(a); x++) {
    ck_assert(pgo_oracle_block_count(a, x) == pgo_oracle_block_count(b, x));
    ck_assert(pgo_oracle_reachable(a, x) == pgo_oracle_reachable(b, x));
    ck_assert_int_eq(pgo_oracle_block_class(a, NULL, x, NULL),
                     pgo_oracle_block_class(b, NULL, x, NULL));
  }
  for (uint32_t e = 0; e < pgo_oracle_nedges(a); e++)
    ck_assert(pgo_oracle_edge_prob(a, e) == pgo_oracle_edge_prob(b, e));
  ck_assert_uint_eq(pgo_oracle_nsites(a), pgo_oracle_nsites(b));
  for (uint32_t i = 0; i < pgo_oracle_nsites(a); i++) {
    pgo_oracle_target ta[4], tb[4];
    uint32_t na, nb;
    uint32_t off = pgo_oracle_site_offset(a, i);
    ck_assert_int_eq(pgo_oracle_call_targets(a, off, 4, ta, &na, NULL), PGO_OK);
    ck_assert_int_eq(pgo_oracle_call_targets(b, off, 4, tb, &nb, NULL), PGO_OK);
    ck_assert_uint_eq(na, nb);
    for (uint32_t k = 0; k < na; k++)
      ck_assert_str_eq(ta[k].name, tb[k].name);
  }
}

START_TEST(oracle_new_oom) {
  pgo_cfg *g;
  pgo_pfg *p = random_pfg(&g, 60, 7);
  ck_assert_int_eq(pgo_cfg_set_key(g, "faulty", 9, 480), PGO_OK);
  add_histograms(p);
  pgo_oracle *ref = oracle_of(p, NULL);
  long refusals = 0;
  for (long n = 0;; n++) {
    test_alloc ta;
    pgo_allocator a = test_allocator(&ta);
    ta.fail_at = n;
    pgo_oracle *o = (pgo_oracle *)&ta;
    char err[128] = "";
    pgo_status st = pgo_oracle_new(&a, p, NULL, &o, err, sizeof err);
    if (ta.failed) {
      refusals++;
      ck_assert_int_eq(st, PGO_ERR_NOMEM);
      ck_assert_ptr_null(o);
      ck_assert_str_ne(err, "");
      ck_assert_int_eq(ta.live_blocks, 0);
      ck_assert_int_eq(ta.size_errors, 0);
      continue;
    }
    ck_assert_int_eq(st, PGO_OK);
    same_answers(o, ref);
    pgo_oracle_free(o);
    ck_assert_int_eq(ta.live_blocks, 0);
    ck_assert_int_eq(ta.live_bytes, 0);
    ck_assert_int_eq(ta.size_errors, 0);
    break;
  }
  ck_assert_int_ge(refusals, 12); /* handle, name, 7 arrays, 3 for sites */
  pgo_oracle_free(ref);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

/* The summary sequence: 30 methods (oracles and raw counts), then finish. */
enum { NMETH = 30 };

static pgo_status sum_step(pgo_oracle_summary *s, int k, pgo_oracle **os) {
  if (k < NMETH) {
    if (k % 2 == 0)
      return pgo_oracle_summary_add(s, os[k / 2], NULL);
    double c[50];
    for (int i = 0; i < 50; i++)
      c[i] = (double)((k * 37 + i * 11) % 500);
    return pgo_oracle_summary_add_counts(s, (double)k, c, 50);
  }
  return pgo_oracle_summary_finish(s);
}

static void same_summary(const pgo_oracle_summary *a,
                         const pgo_oracle_summary *b) {
  pgo_oracle_summary_totals ta, tb;
  ck_assert_int_eq(pgo_oracle_summary_totals_of(a, &ta), PGO_OK);
  ck_assert_int_eq(pgo_oracle_summary_totals_of(b, &tb), PGO_OK);
  ck_assert(memcmp(&ta, &tb, sizeof ta) == 0);
  uint32_t na, nb;
  const pgo_oracle_summary_entry *ea = pgo_oracle_summary_entries(a, &na);
  const pgo_oracle_summary_entry *eb = pgo_oracle_summary_entries(b, &nb);
  ck_assert_uint_eq(na, nb);
  for (uint32_t i = 0; i < na; i++) /* field by field: structs have padding */
    ck_assert(ea[i].cutoff == eb[i].cutoff &&
              ea[i].min_count == eb[i].min_count &&
              ea[i].num_counts == eb[i].num_counts);
  ck_assert_uint_eq(pgo_oracle_summary_hot_threshold(a),
                    pgo_oracle_summary_hot_threshold(b));
}

START_TEST(summary_oom) {
  pgo_oracle *os[NMETH / 2];
  pgo_cfg *gs[NMETH / 2];
  pgo_pfg *ps[NMETH / 2];
  for (int i = 0; i < NMETH / 2; i++) {
    ps[i] = random_pfg(&gs[i], 10 + (uint32_t)i * 5, (uint64_t)i + 100);
    os[i] = oracle_of(ps[i], NULL);
  }
  pgo_oracle_summary *ref;
  ck_assert_int_eq(pgo_oracle_summary_new(NULL, &ref), PGO_OK);
  for (int k = 0; k <= NMETH; k++)
    ck_assert_int_eq(sum_step(ref, k, os), PGO_OK);
  long refusals = 0;
  for (int mode = 0; mode < 2; mode++) { /* 0 retry, 1 abandon */
    for (long n = 0;; n++) {
      test_alloc ta;
      pgo_allocator a = test_allocator(&ta);
      ta.fail_at = n;
      pgo_oracle_summary *s = NULL;
      pgo_status st = pgo_oracle_summary_new(&a, &s);
      bool failed = false;
      if (st != PGO_OK) {
        ck_assert_int_eq(st, PGO_ERR_NOMEM);
        ck_assert_ptr_null(s);
        ck_assert_int_eq(ta.live_blocks, 0);
        refusals++;
        continue;
      }
      for (int k = 0; k <= NMETH; k++) {
        st = sum_step(s, k, os);
        if (st == PGO_OK)
          continue;
        ck_assert_int_eq(st, PGO_ERR_NOMEM);
        ck_assert_str_ne(pgo_oracle_summary_errmsg(s), "");
        failed = true;
        refusals++;
        if (mode == 1)
          break;
        ck_assert_int_eq(sum_step(s, k, os), PGO_OK); /* retry succeeds */
      }
      if (mode == 0 || !failed)
        same_summary(s, ref);
      pgo_oracle_summary_free(s);
      ck_assert_int_eq(ta.live_blocks, 0);
      ck_assert_int_eq(ta.size_errors, 0);
      if (!failed && !ta.failed)
        break;
    }
  }
  ck_assert_int_ge(refusals, 6);
  pgo_oracle_summary_free(ref);
  for (int i = 0; i < NMETH / 2; i++) {
    pgo_oracle_free(os[i]);
    pgo_pfg_free(ps[i]);
    pgo_cfg_free(gs[i]);
  }
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("oracle_fault");
  TCase *tc = tcase_create("fault");
  tcase_add_test(tc, oracle_new_oom);
  tcase_add_test(tc, summary_oom);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite())
