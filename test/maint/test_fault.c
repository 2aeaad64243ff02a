/*
 * test_fault.c -- out-of-memory injection: every lib/maint entry point run
 * with the Nth allocation refused, for every N until it succeeds.  Asserted
 * what maint.h claims: the status is PGO_ERR_NOMEM with a message; the
 * graph and profile verify (after pgo_cfg_finish when the failing step was
 * the builder's); nothing leaks (every block of the counting allocator is
 * returned, with the sizes handed back right); a failed check keeps the
 * previous per-block results; the run that no longer fails gives the same
 * result as an unfaulted one.
 */
#include "maint_test_util.h"

typedef struct scen {
  pgo_cfg *g, *c;
  pgo_pfg *p, *cp;
  pgo_maint *m;
} scen;

/* 0 -> 1; loop 1 -> 2 (stay), 6 (exit); hammock 2 -> 3, 4 -> 5; latch
 * 5 -> 1; after the loop 6 -> 7, 8 (returns). */
static const uint32_t SHAPE[][2] = {{0, 1}, {1, 2}, {1, 6}, {2, 3}, {2, 4},
                                    {3, 5}, {4, 5}, {5, 1}, {6, 7}, {6, 8}};
enum { NB = 9 };

static void setup(scen *s, const pgo_allocator *a) {
  s->g = mk_graph(a, NB, SHAPE, sizeof SHAPE / sizeof SHAPE[0]);
  ck_assert_int_eq(
      pgo_cfg_set_flags(s->g, 3, PGO_BLOCK_CALLS | PGO_BLOCK_INDIRECT_CALL),
      PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(a, s->g, &s->p), PGO_OK);
  set_p(s->p, 1, 0, 0.8);
  set_p(s->p, 1, 1, 0.2);
  set_p(s->p, 2, 0, 0.3);
  set_p(s->p, 2, 1, 0.7);
  solve(s->g, s->p, 10);
  const char *tg[] = {"a", "b"};
  double tc[] = {3, 1};
  ck_assert_int_eq(
      pgo_pfg_set_histogram(s->p, 31, tg, tc, 2, 0, PGO_PROV_INSTRUMENTED),
      PGO_OK);
  s->c = mk_graph(a, NB, SHAPE, sizeof SHAPE / sizeof SHAPE[0]);
  ck_assert_int_eq(pgo_pfg_new(a, s->c, &s->cp), PGO_OK);
  solve(s->c, s->cp, 1);
  ck_assert_int_eq(pgo_maint_new(a, &s->m), PGO_OK);
}

static void teardown(scen *s) {
  pgo_maint_free(s->m);
  pgo_pfg_free(s->p);
  pgo_pfg_free(s->cp);
  pgo_cfg_free(s->g);
  pgo_cfg_free(s->c);
}

static pgo_status run(int op, scen *s) {
  pgo_maint_result r;
  pgo_maint_verdict v;
  pgo_maint_repair_report rr;
  uint32_t e51 = pgo_cfg_edge_at(s->g, 5, 0);
  switch (op) {
  case 0:
    return pgo_maint_invert_branch(s->m, s->g, s->p, 2, &r);
  case 1:
    return pgo_maint_remove_edge(s->m, s->g, s->p, 3, &r);
  case 2:
    return pgo_maint_duplicate_block(s->m, s->g, s->p, 1, &e51, 1, &r);
  case 3:
    return pgo_maint_tail_duplicate(s->m, s->g, s->p, 5, &r);
  case 4:
    return pgo_maint_rotate_loop(s->m, s->g, s->p, 1, 0.25, &r);
  case 5:
    return pgo_maint_unroll(s->m, s->g, s->p, 1, 3, &r);
  case 6:
    return pgo_maint_inline(s->m, s->g, s->p, 3, s->c, s->cp, NULL, &r);
  case 7:
    return pgo_maint_tail_recursion(s->m, s->g, s->p, 7, &r);
  case 8:
    return pgo_maint_collapse_hammock(s->m, s->g, s->p, 2, &r);
  case 9:
    return pgo_maint_expand(s->m, s->g, s->p, 4, 0.5, PGO_PROV_SAMPLED, NULL,
                            &r);
  case 10:
    return pgo_maint_guard_call(s->m, s->g, s->p, 3, 0.75,
                                PGO_PROV_INSTRUMENTED, NULL);
  case 13: {
    pgo_maint_devirt d;
    return pgo_maint_devirtualize(s->m, s->g, s->p, 3, 31, 0.1, 2, &d);
  }
  case 11:
    return pgo_maint_check(s->m, s->g, s->p, NULL, &v);
  case 12:
    set_p(s->p, 1, 0, 0.99999);
    set_p(s->p, 1, 1, 0.00001);
    return pgo_maint_repair(s->m, s->g, s->p, NULL, &rr);
  }
  return PGO_ERR_INVALID;
}

START_TEST(nomem_everywhere) {
  int op = _i;
  /* reference run */
  scen ref;
  setup(&ref, NULL);
  pgo_status rs = run(op, &ref);
  ck_assert_msg(rs == PGO_OK, "reference run of op %d: %s: %s", op,
                pgo_status_name(rs), pgo_maint_errmsg(ref.m));
  uint32_t ref_blocks = pgo_cfg_nblocks(ref.g);
  double ref_exit = N(ref.p, 6);
  pgo_maint_verdict rv = verdict(ref.m, ref.g, ref.p);
  long failures = 0;
  for (long k = 0;; k++) {
    test_alloc ta;
    pgo_allocator a = test_allocator(&ta);
    scen s;
    setup(&s, &a);
    if (op == 11) { /* a previous check whose results must survive */
      pgo_maint_verdict v0;
      ck_assert_int_eq(pgo_maint_check(s.m, s.g, s.p, NULL, &v0), PGO_OK);
    }
    ta.fail_at = ta.nallocs + k;
    pgo_status st = run(op, &s);
    ta.fail_at = -1;
    if (!ta.failed) {
      ck_assert_int_eq(st, PGO_OK);
      ck_assert_uint_eq(pgo_cfg_nblocks(s.g), ref_blocks);
      NEAR(N(s.p, 6), ref_exit);
      pgo_maint_verdict v = verdict(s.m, s.g, s.p);
      ck_assert_int_eq(v.consistent, rv.consistent);
      teardown(&s);
      ck_assert_int_eq(ta.live_blocks, 0);
      ck_assert_int_eq(ta.size_errors, 0);
      break;
    }
    failures++;
    ck_assert_msg(st == PGO_ERR_NOMEM, "op %d fail at %ld: %s", op, k,
                  pgo_status_name(st));
    ck_assert_str_ne(pgo_maint_errmsg(s.m), "");
    if (!pgo_cfg_is_finished(s.g))
      ck_assert_int_eq(pgo_cfg_finish(s.g), PGO_OK);
    assert_sound(s.g, s.p);
    if (op == 11)
      ck_assert_ptr_nonnull(pgo_maint_check_block(s.m, 0));
    teardown(&s);
    ck_assert_int_eq(ta.live_blocks, 0);
    ck_assert_int_eq(ta.size_errors, 0);
  }
  ck_assert_int_gt(failures, 0);
  teardown(&ref);
}
END_TEST

START_TEST(nomem_new) {
  for (long k = 0;; k++) {
    test_alloc ta;
    pgo_allocator a = test_allocator(&ta);
    ta.fail_at = k;
    pgo_maint *m = NULL;
    pgo_status st = pgo_maint_new(&a, &m);
    if (!ta.failed) {
      ck_assert_int_eq(st, PGO_OK);
      pgo_maint_free(m);
      ck_assert_int_eq(ta.live_blocks, 0);
      break;
    }
    ck_assert_int_eq(st, PGO_ERR_NOMEM);
    ck_assert_ptr_null(m);
    ck_assert_int_eq(ta.live_blocks, 0);
  }
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("maint_fault");
  TCase *t = tcase_create("fault");
  tcase_set_timeout(t, 300);
  tcase_add_loop_test(t, nomem_everywhere, 0, 14);
  tcase_add_test(t, nomem_new);
  suite_add_tcase(s, t);
  return s;
}

RUN_SUITE(suite())
