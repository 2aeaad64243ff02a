/*
 * test_check.c -- the checker's findings and repair's rules on graphs made
 * to trip each one: probabilities off 1, an unbalanced block (absolute and
 * relative residuals), the entry brought more than its count, a runaway
 * self loop (cp >= cap) and its taming, a loop whose header is two steps
 * from the exit (the BFS rule), a loop without exit (not tamable), runaway
 * recursion and its taming, measured edge counts (use_measured), and the
 * options' size rule.
 */
#include "maint_test_util.h"

START_TEST(prob_sum_and_residuals) {
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  static const uint32_t D[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
  pgo_cfg *g = MK(4, D);
  pgo_pfg *p = mk_pfg(g);
  set_p(p, 0, 0, 0.5);
  set_p(p, 0, 1, 0.5);
  solve(g, p, 8);
  pgo_maint_verdict v = verdict(m, g, p);
  ck_assert(v.consistent);
  ck_assert_uint_eq(v.worst_block, PGO_NONE);
  set_p(p, 0, 1, 0.6); /* sums to 1.1 */
  v = verdict(m, g, p);
  ck_assert(!v.consistent);
  ck_assert(pgo_maint_check_block(m, 0)->problems & PGO_MAINT_P_PROB_SUM);
  ck_assert(pgo_maint_check_block(m, 0)->problems & PGO_MAINT_P_OUTFLOW);
  NEAR(pgo_maint_check_block(m, 0)->prob_sum, 1.1);
  NEAR(v.max_prob_err, 0.1);
  NEAR(pgo_maint_check_block(m, 0)->out_abs, 0.8);
  /* 2 gets 4.8 but counts 4 */
  NEAR(pgo_maint_check_block(m, 2)->in_abs, 0.8);
  NEAR(pgo_maint_check_block(m, 2)->in_rel, 0.1); /* relative to N_entry 8 */
  pgo_maint_repair_report rr;
  ck_assert_int_eq(pgo_maint_repair(m, g, p, NULL, &rr), PGO_OK);
  NEAR(get_p(p, 0, 0), 0.5 / 1.1);
  ck_assert_int_eq(pgo_pfg_edge_prov(p, succ_edge(g, 0, 0)), PGO_PROV_REPAIRED);
  ck_assert(verdict(m, g, p).consistent);
  NEAR(N(p, 0), 8);
  /* the entry brought more than its count by a back edge */
  static const uint32_t E[][2] = {{0, 1}, {1, 0}, {1, 2}};
  pgo_cfg *h = MK(3, E);
  pgo_pfg *q = mk_pfg(h);
  set_p(q, 1, 0, 0.5);
  set_p(q, 1, 1, 0.5);
  set_n(q, 0, 1);
  set_n(q, 1, 4);
  set_n(q, 2, 2);
  v = verdict(m, h, q);
  ck_assert(pgo_maint_check_block(m, 0)->problems & PGO_MAINT_P_INVOCATIONS);
  ck_assert_int_eq(pgo_maint_repair(m, h, q, NULL, &rr), PGO_OK);
  ck_assert(verdict(m, h, q).consistent);
  pgo_pfg_free(q);
  pgo_cfg_free(h);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_maint_free(m);
}
END_TEST

START_TEST(runaway_loop) {
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  /* 0 -> 1; 1 -> 1 (0.99999), 2 (0.00001): cp 0.99999 >= 0.9999 */
  static const uint32_t L[][2] = {{0, 1}, {1, 1}, {1, 2}};
  pgo_cfg *g = MK(3, L);
  pgo_pfg *p = mk_pfg(g);
  set_p(p, 1, 0, 0.99999);
  set_p(p, 1, 1, 0.00001);
  pgo_maint_verdict v = verdict(m, g, p);
  ck_assert(v.problems & PGO_MAINT_P_LOOP);
  ck_assert_uint_eq(v.runaway_loops, 1);
  NEAR(v.max_cp, 0.99999);
  ck_assert(pgo_maint_check_block(m, 1)->problems & PGO_MAINT_P_LOOP);
  pgo_maint_repair_report rr;
  ck_assert_int_eq(pgo_maint_repair(m, g, p, NULL, &rr), PGO_OK);
  ck_assert_uint_eq(rr.loops_adjusted, 1);
  ck_assert_uint_eq(rr.untamed, 0);
  /* tamed just below the cap: exit probability just above 1e-4 */
  double exitp = get_p(p, 1, 1);
  ck_assert(exitp > 1e-4 && exitp < 1.001e-4);
  v = verdict(m, g, p);
  ck_assert(v.consistent);
  ck_assert(v.max_rel < 1e-9);
  ck_assert(N(p, 1) > 9990 && N(p, 1) < 10000);
  pgo_pfg_free(p);
  pgo_cfg_free(g);

  /* header two steps from the exit: 0 -> 1; 1 -> 2 only; 2 -> 1 (0.999999),
   * 3 (1e-6): the latch has the exit; the mix is on 2 */
  static const uint32_t L2[][2] = {{0, 1}, {1, 2}, {2, 1}, {2, 3}};
  g = MK(4, L2);
  p = mk_pfg(g);
  set_p(p, 2, 0, 0.999999);
  set_p(p, 2, 1, 0.000001);
  ck_assert_int_eq(pgo_maint_repair(m, g, p, NULL, &rr), PGO_OK);
  ck_assert(verdict(m, g, p).consistent);
  /* 1 -> 2 (0.99999) -> 1 and 1 -> 3 (1e-5) where 3 -> 2: header 1 is
   * not exiting; its route to the exit is through 3 */
  static const uint32_t L3[][2] = {{0, 1}, {1, 2}, {1, 3},
                                   {2, 1}, {3, 4}, {3, 1}};
  pgo_cfg *h = MK(5, L3);
  pgo_pfg *q = mk_pfg(h);
  set_p(q, 1, 0, 0.99999);
  set_p(q, 1, 1, 0.00001);
  set_p(q, 3, 0, 0.5);
  set_p(q, 3, 1, 0.5);
  ck_assert(!verdict(m, h, q).consistent);
  ck_assert_int_eq(pgo_maint_repair(m, h, q, NULL, &rr), PGO_OK);
  ck_assert(verdict(m, h, q).consistent);
  ck_assert(get_p(q, 1, 1) > 0.00001);
  pgo_pfg_free(q);
  pgo_cfg_free(h);
  pgo_pfg_free(p);
  pgo_cfg_free(g);

  /* no exit at all: cannot be tamed */
  static const uint32_t L4[][2] = {{0, 1}, {1, 1}};
  g = MK(2, L4);
  p = mk_pfg(g);
  ck_assert_int_eq(pgo_maint_repair(m, g, p, NULL, &rr), PGO_ERR_NOT_CONVERGED);
  ck_assert_uint_eq(rr.untamed, 1);
  ck_assert(isfinite(N(p, 1)) && N(p, 1) >= 0);
  ck_assert(!verdict(m, g, p).consistent);
  assert_sound(g, p);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_maint_free(m);
}
END_TEST

START_TEST(runaway_recursion) {
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  /* 0 -> 1 (base), 2 (calls itself) with 2 reached 1.0 per invocation */
  static const uint32_t R[][2] = {{0, 1}, {0, 2}};
  pgo_cfg *g = MK(3, R);
  pgo_pfg *p = mk_pfg(g);
  set_p(p, 0, 0, 0);
  set_p(p, 0, 1, 1);
  solve(g, p, 1);
  pgo_maint_options o;
  pgo_maint_options_init(&o);
  uint32_t site = 2;
  o.recursive_sites = &site;
  o.nrecursive = 1;
  pgo_maint_verdict v;
  ck_assert_int_eq(pgo_maint_check(m, g, p, &o, &v), PGO_OK);
  ck_assert(!v.consistent);
  ck_assert(v.problems & PGO_MAINT_P_RECURSION);
  NEAR(v.recursion, 1);
  pgo_maint_repair_report rr;
  ck_assert_int_eq(pgo_maint_repair(m, g, p, &o, &rr), PGO_OK);
  ck_assert_uint_ge(rr.sites_rounds, 1);
  ck_assert_int_eq(pgo_maint_check(m, g, p, &o, &v), PGO_OK);
  ck_assert(v.consistent);
  ck_assert(v.recursion < 0.9999);
  NEAR(get_p(p, 0, 1), 0.99 * 0.9999);
  /* a site that is the entry itself cannot be lowered */
  site = 0;
  ck_assert_int_eq(pgo_maint_repair(m, g, p, &o, &rr), PGO_ERR_NOT_CONVERGED);
  /* bad site id */
  site = 77;
  ck_assert_int_eq(pgo_maint_check(m, g, p, &o, &v), PGO_ERR_INVALID);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_maint_free(m);
}
END_TEST

START_TEST(measured_edges) {
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  static const uint32_t D[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
  pgo_cfg *g = MK(4, D);
  pgo_pfg *p = mk_pfg(g);
  set_p(p, 0, 0, 0.5);
  set_p(p, 0, 1, 0.5);
  solve(g, p, 10);
  ck_assert_int_eq(pgo_pfg_set_edge_measured(p, succ_edge(g, 0, 0), 7,
                                             PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  ck_assert(verdict(m, g, p).consistent); /* derived flows balance */
  pgo_maint_options o;
  pgo_maint_options_init(&o);
  o.use_measured = true;
  pgo_maint_verdict v;
  ck_assert_int_eq(pgo_maint_check(m, g, p, &o, &v), PGO_OK);
  ck_assert(!v.consistent);
  NEAR(pgo_maint_check_block(m, 1)->in_abs, 2);
  /* 0's other edge has no record: it flows 0, so 0 sends 7 of 10 */
  NEAR(pgo_maint_check_block(m, 0)->out_abs, 3);
  NEAR(pgo_maint_check_block(m, 2)->in_abs, 5);
  /* every edge recorded and balanced: consistent again */
  uint32_t rec[][2] = {{0, 5}, {1, 5}, {2, 5}, {3, 5}};
  for (int i = 0; i < 4; i++)
    ck_assert_int_eq(pgo_pfg_set_edge_measured(p, rec[i][0], rec[i][1],
                                               PGO_PROV_INSTRUMENTED),
                     PGO_OK);
  ck_assert_int_eq(pgo_maint_check(m, g, p, &o, &v), PGO_OK);
  ck_assert(v.consistent);
  /* a recorded invocation count that disagrees with the entry block */
  o.invocations = 4;
  ck_assert_int_eq(pgo_maint_check(m, g, p, &o, &v), PGO_OK);
  ck_assert(!v.consistent);
  ck_assert_uint_eq(v.worst_block, 0);
  NEAR(pgo_maint_check_block(m, 0)->in_abs, 6);
  NEAR(v.max_rel, 0.6);
  o.invocations = 10;
  ck_assert_int_eq(pgo_maint_check(m, g, p, &o, &v), PGO_OK);
  ck_assert(v.consistent);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_maint_free(m);
}
END_TEST

START_TEST(options_size) {
  pgo_maint_options o;
  memset(&o, 0xff, sizeof o);
  pgo_maint_options_init_sized(&o, offsetof(pgo_maint_options, prob_eps));
  ck_assert_double_eq(o.eps, 1e-9);
  /* fields beyond struct_size untouched */
  unsigned char *b =
      (unsigned char *)&o + offsetof(pgo_maint_options, prob_eps);
  ck_assert_uint_eq(b[0], 0xff);
  pgo_maint_options_init(&o);
  ck_assert_double_eq(o.cp_cap, 0.9999);
  ck_assert(!o.use_measured);
  ck_assert_double_eq(o.invocations, -1);
  pgo_maint_options_init(NULL);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("maint_check");
  TCase *t = tcase_create("check");
  tcase_add_test(t, prob_sum_and_residuals);
  tcase_add_test(t, runaway_loop);
  tcase_add_test(t, runaway_recursion);
  tcase_add_test(t, measured_edges);
  tcase_add_test(t, options_size);
  suite_add_tcase(s, t);
  return s;
}

RUN_SUITE(suite())
