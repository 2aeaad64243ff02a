/*
 * test_ops.c -- every lib/maint operation on small graphs whose counts are
 * worked out by hand: the diamond (branch inversion, hammock collapse, edge
 * removal, duplication, tail duplication, expansion, guarded
 * devirtualization), a for loop (rotation with and without a zero-trip
 * probability, unrolling by 2), an inlined callee (scaled and site
 * counts, a throwing callee), the 100-calls / 80-recursive method, and
 * hot/cold marks.  Each checks the counts, that probabilities sum to 1,
 * the checker's verdict, and argument errors leaving everything unchanged.
 */
#include "maint_test_util.h"

/* The diamond: 0 -> 1 (0.3), 2 (0.7); 1 -> 3; 2 -> 3; entry count 100. */
static const uint32_t DIAMOND[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};

static void diamond(pgo_cfg **g, pgo_pfg **p) {
  *g = MK(4, DIAMOND);
  pgo_branch_features f = {PGO_CMP_SLT, PGO_OPND_OTHER, PGO_OPND_ZERO};
  ck_assert_int_eq(pgo_cfg_set_branch(*g, 0, &f), PGO_OK);
  *p = mk_pfg(*g);
  set_p(*p, 0, 0, 0.3);
  set_p(*p, 0, 1, 0.7);
  solve(*g, *p, 100);
  NEAR(N(*p, 1), 30);
  NEAR(N(*p, 2), 70);
  NEAR(N(*p, 3), 100);
}

START_TEST(invert_branch) {
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  pgo_cfg *g;
  pgo_pfg *p;
  diamond(&g, &p);
  pgo_maint_result r;
  ck_assert_int_eq(pgo_maint_invert_branch(m, g, p, 0, &r), PGO_OK);
  ck_assert(r.counts_exact);
  ck_assert_uint_eq(r.nnew, 0);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, pgo_cfg_edge_at(g, 0, 0)), 2);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, pgo_cfg_edge_at(g, 0, 1)), 1);
  NEAR(get_p(p, 0, 0), 0.7);
  NEAR(get_p(p, 0, 1), 0.3);
  ck_assert_int_eq(pgo_cfg_branch(g, 0).cmp, PGO_CMP_SGE);
  NEAR(N(p, 1), 30);
  NEAR(N(p, 2), 70);
  ck_assert(verdict(m, g, p).consistent);
  assert_sound(g, p);
  /* not a branch: nothing changes */
  uint64_t gen = pgo_cfg_generation(g);
  ck_assert_int_eq(pgo_maint_invert_branch(m, g, p, 1, NULL), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_maint_invert_branch(m, g, p, 99, NULL), PGO_ERR_INVALID);
  ck_assert_uint_eq(pgo_cfg_generation(g), gen);
  ck_assert_str_ne(pgo_maint_errmsg(m), "");
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_maint_free(m);
}
END_TEST

START_TEST(collapse_hammock) {
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  pgo_cfg *g;
  pgo_pfg *p;
  diamond(&g, &p);
  pgo_maint_result r;
  ck_assert_int_eq(pgo_maint_collapse_hammock(m, g, p, 0, &r), PGO_OK);
  ck_assert(r.counts_exact);
  ck_assert(pgo_cfg_block_removed(g, 1));
  ck_assert(pgo_cfg_block_removed(g, 2));
  ck_assert_uint_eq(pgo_cfg_nsucc(g, 0), 1);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, pgo_cfg_edge_at(g, 0, 0)), 3);
  ck_assert_int_eq(pgo_cfg_term(g, 0), PGO_TERM_JUMP);
  NEAR(get_p(p, 0, 0), 1);
  NEAR(N(p, 0), 100);
  NEAR(N(p, 3), 100);
  ck_assert(verdict(m, g, p).consistent);
  assert_sound(g, p);
  /* not a hammock any more */
  ck_assert_int_eq(pgo_maint_collapse_hammock(m, g, p, 0, NULL),
                   PGO_ERR_INVALID);
  pgo_pfg_free(p);
  pgo_cfg_free(g);

  /* triangle: 0 -> 1 (0.4), 2 (0.6); 1 -> 2 */
  static const uint32_t TRI[][2] = {{0, 1}, {0, 2}, {1, 2}};
  g = MK(3, TRI);
  p = mk_pfg(g);
  set_p(p, 0, 0, 0.4);
  set_p(p, 0, 1, 0.6);
  solve(g, p, 10);
  NEAR(N(p, 1), 4);
  ck_assert_int_eq(pgo_maint_collapse_hammock(m, g, p, 0, &r), PGO_OK);
  ck_assert(pgo_cfg_block_removed(g, 1));
  NEAR(N(p, 2), 10);
  NEAR(get_p(p, 0, 0), 1);
  ck_assert(verdict(m, g, p).consistent);
  assert_sound(g, p);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_maint_free(m);
}
END_TEST

START_TEST(remove_edge_with_flow) {
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  pgo_cfg *g;
  pgo_pfg *p;
  diamond(&g, &p);
  pgo_maint_result r;
  /* 0 -> 1 carries 30: it goes to 2 (the only other successor) */
  ck_assert_int_eq(pgo_maint_remove_edge(m, g, p, pgo_cfg_edge_at(g, 0, 0), &r),
                   PGO_OK);
  ck_assert(!r.counts_exact);
  NEAR(get_p(p, 0, 0), 1);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, pgo_cfg_edge_at(g, 0, 0)), 2);
  pgo_maint_verdict v = verdict(m, g, p);
  ck_assert(!v.consistent);
  ck_assert(v.problems & PGO_MAINT_P_INFLOW);
  /* block 2 gets 100 but counts 70: residual 30 / 100 */
  NEAR(pgo_maint_check_block(m, 2)->in_abs, 30);
  NEAR(pgo_maint_check_block(m, 2)->in_rel, 0.3);
  NEAR(v.max_rel, 0.3);
  pgo_maint_repair_report rr;
  ck_assert_int_eq(pgo_maint_repair(m, g, p, NULL, &rr), PGO_OK);
  NEAR(rr.max_rel_before, 0.3);
  ck_assert(rr.max_rel_after <= 1e-12);
  NEAR(N(p, 0), 100);
  NEAR(N(p, 1), 0);
  NEAR(N(p, 2), 100);
  NEAR(N(p, 3), 100);
  ck_assert_int_eq(pgo_pfg_block_prov(p, 2), PGO_PROV_REPAIRED);
  ck_assert(verdict(m, g, p).consistent);
  assert_sound(g, p);
  /* an edge without flow: exact */
  set_p(p, 2, 0, 1);
  ck_assert_int_eq(pgo_maint_remove_edge(m, g, p, pgo_cfg_edge_at(g, 1, 0), &r),
                   PGO_OK);
  ck_assert(r.counts_exact);
  ck_assert_int_eq(pgo_maint_remove_edge(m, g, p, 999, &r), PGO_ERR_INVALID);
  assert_sound(g, p);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_maint_free(m);
}
END_TEST

START_TEST(duplicate_and_tail_duplicate) {
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  pgo_cfg *g;
  pgo_pfg *p;
  diamond(&g, &p);
  pgo_maint_result r;
  uint32_t e23 = pgo_cfg_edge_at(g, 2, 0);
  ck_assert_int_eq(pgo_maint_duplicate_block(m, g, p, 3, &e23, 1, &r), PGO_OK);
  ck_assert(r.counts_exact);
  ck_assert_uint_eq(r.first_new, 4);
  ck_assert_uint_eq(r.nnew, 1);
  NEAR(N(p, 4), 70);
  NEAR(N(p, 3), 30);
  ck_assert_uint_eq(pgo_cfg_il_offset(g, 4), PGO_NONE);
  ck_assert(verdict(m, g, p).consistent);
  assert_sound(g, p);
  /* bad lists change nothing */
  uint32_t bad[2] = {e23, e23};
  uint64_t gen = pgo_cfg_generation(g);
  ck_assert_int_eq(pgo_maint_duplicate_block(m, g, p, 4, bad, 2, NULL),
                   PGO_ERR_INVALID);
  uint32_t wrong = pgo_cfg_edge_at(g, 0, 0);
  ck_assert_int_eq(pgo_maint_duplicate_block(m, g, p, 3, &wrong, 1, NULL),
                   PGO_ERR_INVALID);
  ck_assert_uint_eq(pgo_cfg_generation(g), gen);
  pgo_pfg_free(p);
  pgo_cfg_free(g);

  diamond(&g, &p);
  ck_assert_int_eq(pgo_maint_tail_duplicate(m, g, p, 3, &r), PGO_OK);
  ck_assert(r.counts_exact);
  ck_assert_uint_eq(r.nnew, 1);
  /* preds in edge-id order: 1 -> 3 keeps 3 (30), 2 -> 3 gets the copy (70) */
  NEAR(N(p, 3), 30);
  NEAR(N(p, 4), 70);
  ck_assert(verdict(m, g, p).consistent);
  ck_assert_int_eq(pgo_maint_tail_duplicate(m, g, p, 1, &r), PGO_ERR_INVALID);
  assert_sound(g, p);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_maint_free(m);
}
END_TEST

START_TEST(expand_and_guard) {
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  pgo_cfg *g;
  pgo_pfg *p;
  diamond(&g, &p);
  pgo_maint_result r;
  ck_assert_int_eq(
      pgo_maint_expand(m, g, p, 1, 0.25, PGO_PROV_SAMPLED, NULL, &r), PGO_OK);
  ck_assert(r.counts_exact);
  ck_assert_uint_eq(r.nnew, 3);
  uint32_t j = r.first_new, t = j + 1, f = j + 2;
  NEAR(N(p, t), 7.5);
  NEAR(N(p, f), 22.5);
  NEAR(N(p, j), 30);
  ck_assert_int_eq(pgo_cfg_term(g, 1), PGO_TERM_BRANCH);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, pgo_cfg_edge_at(g, j, 0)), 3);
  ck_assert_int_eq(pgo_pfg_edge_prov(p, pgo_cfg_edge_at(g, 1, 0)),
                   PGO_PROV_SAMPLED);
  ck_assert(verdict(m, g, p).consistent);
  assert_sound(g, p);
  ck_assert_int_eq(
      pgo_maint_expand(m, g, p, 1, 1.5, PGO_PROV_SAMPLED, NULL, &r),
      PGO_ERR_INVALID);

  /* guarded devirtualization of block 2 (70 calls, 90% to the hot target),
   * then the second target at 5% of all: 0.05 / 0.1 of the fallback */
  ck_assert_int_eq(
      pgo_maint_guard_call(m, g, p, 2, 0.9, PGO_PROV_INSTRUMENTED, NULL),
      PGO_ERR_INVALID); /* no icall */
  ck_assert_int_eq(
      pgo_cfg_set_flags(g, 2, PGO_BLOCK_CALLS | PGO_BLOCK_INDIRECT_CALL),
      PGO_OK);
  pgo_maint_guard gd;
  ck_assert_int_eq(
      pgo_maint_guard_call(m, g, p, 2, 0.9, PGO_PROV_INSTRUMENTED, &gd),
      PGO_OK);
  ck_assert_uint_eq(gd.guard, 2);
  NEAR(N(p, gd.direct), 63);
  NEAR(N(p, gd.fallback), 7);
  NEAR(N(p, gd.join), 70);
  ck_assert_uint_eq(pgo_cfg_il_offset(g, gd.direct), PGO_NONE);
  ck_assert_str_eq(pgo_cfg_label(g, gd.direct), "devirt.direct");
  ck_assert_uint_eq(pgo_cfg_flags(g, gd.fallback),
                    PGO_BLOCK_CALLS | PGO_BLOCK_INDIRECT_CALL);
  ck_assert_uint_eq(pgo_cfg_flags(g, gd.guard) & PGO_BLOCK_INDIRECT_CALL, 0);
  ck_assert_int_eq(pgo_cfg_branch(g, gd.guard).cmp, PGO_CMP_EQ);
  pgo_maint_guard g2;
  ck_assert_int_eq(pgo_maint_guard_call(m, g, p, gd.fallback, 0.5,
                                        PGO_PROV_INSTRUMENTED, &g2),
                   PGO_OK);
  NEAR(N(p, g2.direct), 3.5);
  NEAR(N(p, g2.fallback), 3.5);
  ck_assert(verdict(m, g, p).consistent);
  assert_sound(g, p);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_maint_free(m);
}
END_TEST

/* Devirtualization from the histogram of the diamond's block 2 (70 calls
 * at IL offset 21): a 60, b 7, c 2, tail 1.  Guards a (6/7: direct 60,
 * fallback 10) then b (0.1 / (1/7) = 0.7 of the fallback: direct 7,
 * fallback 3 = c + tail). */
START_TEST(devirtualize) {
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  pgo_cfg *g;
  pgo_pfg *p;
  diamond(&g, &p);
  pgo_maint_devirt d;
  ck_assert_int_eq(pgo_maint_devirtualize(m, g, p, 2, 21, 0.05, 2, &d),
                   PGO_ERR_INVALID); /* no indirect call flag */
  ck_assert_int_eq(
      pgo_cfg_set_flags(g, 2, PGO_BLOCK_CALLS | PGO_BLOCK_INDIRECT_CALL),
      PGO_OK);
  ck_assert_int_eq(pgo_maint_devirtualize(m, g, p, 2, 21, 0.05, 2, &d),
                   PGO_ERR_NOT_FOUND);
  /* one live target: nothing to guard, nothing changes */
  const char *one[] = {"a"};
  double c1[] = {10};
  ck_assert_int_eq(
      pgo_pfg_set_histogram(p, 21, one, c1, 1, 0, PGO_PROV_INSTRUMENTED),
      PGO_OK);
  uint64_t gen = pgo_cfg_generation(g);
  ck_assert_int_eq(pgo_maint_devirtualize(m, g, p, 2, 21, 0.05, 2, &d), PGO_OK);
  ck_assert_uint_eq(d.n, 0);
  ck_assert_uint_eq(pgo_cfg_generation(g), gen);
  const char *t[] = {"c", "b", "a"};
  double c[] = {2, 7, 60};
  ck_assert_int_eq(
      pgo_pfg_set_histogram(p, 21, t, c, 3, 1, PGO_PROV_INSTRUMENTED), PGO_OK);
  ck_assert_int_eq(pgo_maint_devirtualize(m, g, p, 2, 21, 0.05, 2, &d), PGO_OK);
  ck_assert_uint_eq(d.n, 2);
  ck_assert_str_eq(d.targets[0], "a");
  ck_assert_str_eq(d.targets[1], "b");
  NEAR(d.shares[0], 6.0 / 7);
  NEAR(d.shares[1], 0.1);
  ck_assert_uint_eq(d.guards[0].guard, 2);
  ck_assert_uint_eq(d.guards[1].guard, d.guards[0].fallback);
  NEAR(N(p, d.guards[0].direct), 60);
  NEAR(N(p, d.guards[1].direct), 7);
  NEAR(N(p, d.guards[1].fallback), 3);
  NEAR(N(p, d.guards[0].join), 70);
  ck_assert_int_eq(
      pgo_pfg_edge_prov(p, pgo_cfg_edge_at(g, d.guards[1].guard, 0)),
      PGO_PROV_INSTRUMENTED);
  ck_assert(verdict(m, g, p).consistent);
  assert_sound(g, p);
  pgo_pfg_free(p);
  pgo_cfg_free(g);

  /* min_share 0.5: only a is guarded */
  diamond(&g, &p);
  ck_assert_int_eq(
      pgo_cfg_set_flags(g, 2, PGO_BLOCK_CALLS | PGO_BLOCK_INDIRECT_CALL),
      PGO_OK);
  ck_assert_int_eq(
      pgo_pfg_set_histogram(p, 21, t, c, 3, 1, PGO_PROV_INSTRUMENTED), PGO_OK);
  ck_assert_int_eq(pgo_maint_devirtualize(m, g, p, 2, 21, 0.5, 2, &d), PGO_OK);
  ck_assert_uint_eq(d.n, 1);
  NEAR(N(p, d.guards[0].direct), 60);
  NEAR(N(p, d.guards[0].fallback), 10);
  pgo_pfg_free(p);
  pgo_cfg_free(g);

  /* two targets at 0.5 each: both reach min_share 0.5, the tie is broken
   * by name, and the second guard takes all that is left */
  diamond(&g, &p);
  ck_assert_int_eq(
      pgo_cfg_set_flags(g, 2, PGO_BLOCK_CALLS | PGO_BLOCK_INDIRECT_CALL),
      PGO_OK);
  const char *tie[] = {"z", "y"};
  double ct[] = {5, 5};
  ck_assert_int_eq(
      pgo_pfg_set_histogram(p, 21, tie, ct, 2, 0, PGO_PROV_SAMPLED), PGO_OK);
  ck_assert_int_eq(pgo_maint_devirtualize(m, g, p, 2, 21, 0.5, 2, &d), PGO_OK);
  ck_assert_uint_eq(d.n, 2);
  ck_assert_str_eq(d.targets[0], "y");
  NEAR(N(p, d.guards[0].direct), 35);
  NEAR(N(p, d.guards[1].direct), 35);
  NEAR(N(p, d.guards[1].fallback), 0);
  ck_assert_int_eq(pgo_maint_devirtualize(m, g, p, 2, 21, 0.5, 3, &d),
                   PGO_ERR_INVALID);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_maint_free(m);
}
END_TEST

/* for loop: 0 -> 1; 1 -> 2 (0.9, body), 3 (0.1, exit); 2 -> 1; entry 10.
 * N = 10, 100, 90, 10. */
static const uint32_t LOOP[][2] = {{0, 1}, {1, 2}, {1, 3}, {2, 1}};

static void loop(pgo_cfg **g, pgo_pfg **p) {
  *g = MK(4, LOOP);
  *p = mk_pfg(*g);
  set_p(*p, 1, 0, 0.9);
  set_p(*p, 1, 1, 0.1);
  solve(*g, *p, 10);
  NEAR(N(*p, 1), 100);
  NEAR(N(*p, 2), 90);
}

START_TEST(rotate_loop) {
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  pgo_cfg *g;
  pgo_pfg *p;
  loop(&g, &p);
  pgo_maint_result r;
  ck_assert_int_eq(pgo_maint_rotate_loop(m, g, p, 1, -1, &r), PGO_OK);
  ck_assert(r.counts_exact);
  uint32_t gu = r.first_new;
  /* guard: the entry flow, 10; bottom test: the back-edge flow, 90 */
  NEAR(N(p, gu), 10);
  NEAR(N(p, 1), 90);
  NEAR(N(p, 2), 90);
  NEAR(N(p, 3), 10);
  NEAR(get_p(p, gu, 1), 0.1); /* zero-trip probability kept */
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, pgo_cfg_edge_at(g, 0, 0)), gu);
  ck_assert(verdict(m, g, p).consistent);
  assert_sound(g, p);
  /* the body is the loop header now */
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_loop_header(g, pgo_cfg_block_loop(g, 1)), 2);
  pgo_pfg_free(p);
  pgo_cfg_free(g);

  /* measured zero-trip probability 0.5: the loop is entered 5 times, its
   * blocks scale by 0.5 / 0.9: N_body = 50, N_test = 50, exit still 10 */
  loop(&g, &p);
  ck_assert_int_eq(pgo_maint_rotate_loop(m, g, p, 1, 0.5, &r), PGO_OK);
  ck_assert(r.counts_exact);
  NEAR(N(p, r.first_new), 10);
  NEAR(N(p, 2), 50);
  NEAR(N(p, 1), 50);
  NEAR(N(p, 3), 10);
  ck_assert(verdict(m, g, p).consistent);
  ck_assert_int_eq(pgo_maint_rotate_loop(m, g, p, 0, -1, &r), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_maint_rotate_loop(m, g, p, 2, 2.0, &r), PGO_ERR_INVALID);
  assert_sound(g, p);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_maint_free(m);
}
END_TEST

START_TEST(unroll_by_2) {
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  pgo_cfg *g;
  pgo_pfg *p;
  loop(&g, &p);
  pgo_maint_result r;
  ck_assert_int_eq(pgo_maint_unroll(m, g, p, 1, 2, &r), PGO_OK);
  ck_assert(r.counts_exact);
  ck_assert_uint_eq(r.nnew, 2);
  /* cp = 90 / 100; w0 = 0.1 / 0.19, w1 = 0.09 / 0.19 */
  double w0 = 0.1 / 0.19, w1 = 0.09 / 0.19;
  uint32_t h1 = r.first_new, b1 = r.first_new + 1;
  NEAR(N(p, 1), 100 * w0);
  NEAR(N(p, 2), 90 * w0);
  NEAR(N(p, h1), 100 * w1);
  NEAR(N(p, b1), 90 * w1);
  NEAR(N(p, 3), 10);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, pgo_cfg_edge_at(g, 2, 0)), h1);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, pgo_cfg_edge_at(g, b1, 0)), 1);
  ck_assert(verdict(m, g, p).consistent);
  ck_assert_int_eq(pgo_maint_unroll(m, g, p, 1, 1, &r), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_maint_unroll(m, g, p, 3, 2, &r), PGO_ERR_INVALID);
  assert_sound(g, p);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_maint_free(m);
}
END_TEST

/* Unrolling an outer loop with an inner self loop: 0 -> 1 (header);
 * 1 -> 2 (0.8), 4 (0.2, exit); 2 -> 2 (0.5), 3 (0.5); 3 -> 1.  Entry 1:
 * N1 = 5, N2 = 8, N3 = 4; cp = 4 / 5 = 0.8, w0 = 0.2 / 0.36,
 * w1 = 0.16 / 0.36; the inner loop is copied whole. */
START_TEST(unroll_nested) {
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  static const uint32_t NL[][2] = {{0, 1}, {1, 2}, {1, 4},
                                   {2, 2}, {2, 3}, {3, 1}};
  pgo_cfg *g = MK(5, NL);
  pgo_pfg *p = mk_pfg(g);
  set_p(p, 1, 0, 0.8);
  set_p(p, 1, 1, 0.2);
  set_p(p, 2, 0, 0.5);
  set_p(p, 2, 1, 0.5);
  solve(g, p, 1);
  NEAR(N(p, 1), 5);
  NEAR(N(p, 2), 8);
  pgo_maint_result r;
  ck_assert_int_eq(pgo_maint_unroll(m, g, p, 1, 2, &r), PGO_OK);
  ck_assert(r.counts_exact);
  ck_assert_uint_eq(r.nnew, 3);
  double w0 = 0.2 / 0.36, w1 = 0.16 / 0.36;
  uint32_t h1 = r.first_new, i1 = h1 + 1, l1 = h1 + 2; /* copies of 1, 2, 3 */
  NEAR(N(p, 1), 5 * w0);
  NEAR(N(p, h1), 5 * w1);
  NEAR(N(p, 2), 8 * w0);
  NEAR(N(p, i1), 8 * w1);
  NEAR(N(p, l1), 4 * w1);
  NEAR(N(p, 4), 1);
  /* the inner copy loops on itself, the latches chain the copies */
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, pgo_cfg_edge_at(g, i1, 0)), i1);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, pgo_cfg_edge_at(g, 3, 0)), h1);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, pgo_cfg_edge_at(g, l1, 0)), 1);
  ck_assert(verdict(m, g, p).consistent);
  assert_sound(g, p);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_maint_free(m);
}
END_TEST

/* caller: 0 -> 1 (call) -> 2; 50 calls.  callee: 0 -> 1 (0.2), 2 (0.8);
 * 1 -> 3; 2 -> 3; normalised counts 1, 0.2, 0.8, 1. */
static const uint32_t CALLER[][2] = {{0, 1}, {1, 2}};

START_TEST(inline_callee) {
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  pgo_cfg *g = MK(3, CALLER), *c = MK(4, DIAMOND);
  pgo_pfg *p = mk_pfg(g), *cp = mk_pfg(c);
  solve(g, p, 50);
  set_p(cp, 0, 0, 0.2);
  set_p(cp, 0, 1, 0.8);
  solve(c, cp, 1);
  pgo_maint_result r;
  ck_assert_int_eq(pgo_maint_inline(m, g, p, 1, c, cp, NULL, &r), PGO_OK);
  ck_assert(r.counts_exact);
  ck_assert_uint_eq(r.nnew, 5);
  uint32_t k = r.first_new, ce = k + 1;
  NEAR(N(p, k), 50);
  NEAR(N(p, ce), 50);
  NEAR(N(p, ce + 1), 10);
  NEAR(N(p, ce + 2), 40);
  NEAR(N(p, ce + 3), 50);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, pgo_cfg_edge_at(g, 1, 0)), ce);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, pgo_cfg_edge_at(g, ce + 3, 0)), k);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, pgo_cfg_edge_at(g, k, 0)), 2);
  NEAR(get_p(p, ce, 0), 0.2);
  ck_assert(verdict(m, g, p).consistent);
  assert_sound(g, p);
  pgo_pfg_free(p);
  pgo_cfg_free(g);

  /* call-site-specific counts: at this site the callee went 45 / 5 */
  g = MK(3, CALLER);
  p = mk_pfg(g);
  solve(g, p, 50);
  pgo_pfg *site = mk_pfg(c);
  set_p(site, 0, 0, 0.9);
  set_p(site, 0, 1, 0.1);
  solve(c, site, 50);
  ck_assert_int_eq(pgo_maint_inline(m, g, p, 1, c, cp, site, &r), PGO_OK);
  ck_assert(r.counts_exact);
  ce = r.first_new + 1;
  NEAR(N(p, ce + 1), 45);
  NEAR(N(p, ce + 2), 5);
  ck_assert(verdict(m, g, p).consistent);
  /* mismatched profile */
  ck_assert_int_eq(pgo_maint_inline(m, g, p, 1, c, p, NULL, &r),
                   PGO_ERR_INVALID);
  pgo_pfg_free(p);
  pgo_pfg_free(site);
  pgo_cfg_free(g);

  /* a callee that throws 10% of the time: the continuation gets 45 */
  static const uint32_t THROWS[][2] = {{0, 1}, {0, 2}};
  pgo_cfg *t = MK(3, THROWS);
  ck_assert_int_eq(pgo_cfg_set_term(t, 2, PGO_TERM_THROW), PGO_OK);
  pgo_pfg *tp = mk_pfg(t);
  set_p(tp, 0, 0, 0.9);
  set_p(tp, 0, 1, 0.1);
  solve(t, tp, 1);
  g = MK(3, CALLER);
  p = mk_pfg(g);
  solve(g, p, 50);
  ck_assert_int_eq(pgo_maint_inline(m, g, p, 1, t, tp, NULL, &r), PGO_OK);
  ck_assert(!r.counts_exact);
  NEAR(N(p, r.first_new), 45);
  assert_sound(g, p);
  /* self-inlining reads the callee before editing */
  ck_assert_int_eq(pgo_maint_inline(m, g, p, 1, g, p, NULL, &r), PGO_OK);
  assert_sound(g, p);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_pfg_free(tp);
  pgo_cfg_free(t);
  pgo_pfg_free(cp);
  pgo_cfg_free(c);
  pgo_maint_free(m);
}
END_TEST

/* The method called 100 times whose tail-recursive site is hit 80 times:
 * 0 -> 1 (base case, 0.2), 2 (recursive tail call, 0.8). */
START_TEST(tail_recursion_100_80) {
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  static const uint32_t REC[][2] = {{0, 1}, {0, 2}};
  pgo_cfg *g = MK(3, REC);
  pgo_pfg *p = mk_pfg(g);
  set_p(p, 0, 0, 0.2);
  set_p(p, 0, 1, 0.8);
  solve(g, p, 100);
  NEAR(N(p, 2), 80);
  /* as a recursive site its normalised count is 0.8 < 1: fine */
  pgo_maint_options o;
  pgo_maint_options_init(&o);
  uint32_t site = 2;
  o.recursive_sites = &site;
  o.nrecursive = 1;
  pgo_maint_verdict v;
  ck_assert_int_eq(pgo_maint_check(m, g, p, &o, &v), PGO_OK);
  ck_assert(v.consistent);
  NEAR(v.recursion, 0.8);
  pgo_maint_result r;
  ck_assert_int_eq(pgo_maint_tail_recursion(m, g, p, 2, &r), PGO_OK);
  ck_assert(r.counts_exact);
  uint32_t pre = r.first_new;
  ck_assert_uint_eq(pgo_cfg_entry(g), pre);
  NEAR(pgo_pfg_entry_count(p), 20);
  /* the loop block's normalised count is 80 / 20 = 4 (the header's 5) */
  ck_assert_double_eq_tol(N(p, 2) / pgo_pfg_entry_count(p), 4.0, 1e-12);
  ck_assert_double_eq_tol(N(p, 0) / pgo_pfg_entry_count(p), 5.0, 1e-12);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, pgo_cfg_edge_at(g, 2, 0)), 0);
  ck_assert(verdict(m, g, p).consistent);
  assert_sound(g, p);
  /* a re-solve from the probabilities gives the same profile */
  pgo_maint_repair_report rr;
  ck_assert_int_eq(pgo_maint_repair(m, g, p, NULL, &rr), PGO_OK);
  ck_assert_double_eq_tol(N(p, 2) / pgo_pfg_entry_count(p), 4.0, 1e-9);
  /* not a return block */
  ck_assert_int_eq(pgo_maint_tail_recursion(m, g, p, 0, &r), PGO_ERR_INVALID);
  pgo_pfg_free(p);
  pgo_cfg_free(g);

  /* runaway: the site as often as the entry */
  g = MK(3, REC);
  p = mk_pfg(g);
  set_n(p, 0, 10);
  set_n(p, 2, 10);
  uint64_t gen = pgo_cfg_generation(g);
  ck_assert_int_eq(pgo_maint_tail_recursion(m, g, p, 2, &r), PGO_ERR_RANGE);
  ck_assert_uint_eq(pgo_cfg_generation(g), gen);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_maint_free(m);
}
END_TEST

START_TEST(hot_cold) {
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  pgo_cfg *g;
  pgo_pfg *p;
  diamond(&g, &p);
  set_p(p, 0, 0, 0.001);
  set_p(p, 0, 1, 0.999);
  solve(g, p, 100);
  unsigned char marks[4];
  uint32_t nc;
  ck_assert_int_eq(pgo_maint_hot_cold(m, p, 0.01, 0.5, marks, 4, &nc), PGO_OK);
  ck_assert_uint_eq(nc, 1);
  ck_assert_int_eq(marks[1], PGO_MAINT_COLD);
  ck_assert_int_eq(marks[2], PGO_MAINT_HOT);
  ck_assert_int_eq(marks[0], PGO_MAINT_HOT);
  ck_assert_int_eq(pgo_maint_hot_cold(m, p, 0.01, 2, marks, 4, &nc), PGO_OK);
  ck_assert_int_eq(marks[2], PGO_MAINT_WARM);
  ck_assert_int_eq(pgo_maint_hot_cold(m, p, 0.5, 0.1, marks, 4, &nc),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_maint_hot_cold(m, p, 0.01, 0.5, marks, 3, &nc),
                   PGO_ERR_INVALID);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_maint_free(m);
}
END_TEST

START_TEST(handle_edges) {
  pgo_maint_free(NULL);
  ck_assert_int_eq(pgo_maint_new(NULL, NULL), PGO_ERR_INVALID);
  ck_assert_str_ne(pgo_maint_errmsg(NULL), "");
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  ck_assert_str_eq(pgo_maint_errmsg(m), "");
  ck_assert_ptr_null(pgo_maint_check_block(m, 0));
  pgo_cfg *g, *h;
  pgo_pfg *p, *q;
  diamond(&g, &p);
  diamond(&h, &q);
  /* a profile over another graph */
  ck_assert_int_eq(pgo_maint_invert_branch(m, g, q, 0, NULL), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_maint_check(m, g, q, NULL, &(pgo_maint_verdict){0}),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_maint_check(m, g, p, NULL, NULL), PGO_ERR_INVALID);
  char buf[64];
  ck_assert_str_eq(pgo_maint_problem_text(PGO_MAINT_P_INFLOW | PGO_MAINT_P_LOOP,
                                          buf, sizeof buf),
                   "inflow,runaway-loop");
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_pfg_free(q);
  pgo_cfg_free(h);
  pgo_maint_free(m);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("maint_ops");
  TCase *t = tcase_create("ops");
  tcase_add_test(t, invert_branch);
  tcase_add_test(t, collapse_hammock);
  tcase_add_test(t, remove_edge_with_flow);
  tcase_add_test(t, duplicate_and_tail_duplicate);
  tcase_add_test(t, expand_and_guard);
  tcase_add_test(t, devirtualize);
  tcase_add_test(t, rotate_loop);
  tcase_add_test(t, unroll_by_2);
  tcase_add_test(t, unroll_nested);
  tcase_add_test(t, inline_callee);
  tcase_add_test(t, tail_recursion_100_80);
  tcase_add_test(t, hot_cold);
  tcase_add_test(t, handle_edges);
  suite_add_tcase(s, t);
  return s;
}

RUN_SUITE(suite())
