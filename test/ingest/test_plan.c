/*
 * test_plan.c -- probe plans and reconstruction worked by hand: the
 * diamond, a loop, a switch with two cases to one block, a single-block
 * method, unreachable blocks, infinite loops, invoke / landing pads, an
 * indirect-branch dispatch,
 * noreturn and unreachable blocks; imbalanced and overflowing counter
 * values (flagged, clamped, never a failure); the pfg and store-record
 * writers; the API's bad input.
 */
#include "ingest_test_util.h"

#include <math.h>

/* A pfg whose weights are ew[] per cfg edge and xw[] per block exit
 * (N_b = sum of its edge weights + xw[b]). */
static pgo_pfg *weights_pfg(pgo_cfg *g, const double *ew, const double *xw) {
  pgo_pfg *w = NULL;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &w), PGO_OK);
  for (uint32_t b = 0; b < pgo_cfg_nblocks(g); b++) {
    uint32_t e0 = pgo_cfg_succ_begin(g, b), ns = pgo_cfg_nsucc(g, b);
    double n = xw ? xw[b] : 0;
    for (uint32_t k = 0; k < ns; k++)
      n += ew[e0 + k];
    pgo_pfg_set_block_count(w, b, n, PGO_PROV_SYNTHESIZED);
    for (uint32_t k = 0; k < ns; k++)
      pgo_pfg_set_edge_prob(w, e0 + k, n > 0 ? ew[e0 + k] / n : 1.0 / ns,
                            PGO_PROV_SYNTHESIZED);
  }
  return w;
}

static pgo_plan *plan_of(pgo_cfg *g, const pgo_pfg *w) {
  pgo_plan *p = NULL;
  ck_assert_int_eq(pgo_plan_new(NULL, g, w, &p), PGO_OK);
  ck_assert_ptr_nonnull(p);
  return p;
}

static void walks(pgo_cfg *g, pgo_plan *p, uint32_t n, uint32_t budget) {
  truth t;
  sim sm;
  truth_init(&t, g);
  sim_init(&sm, g, p);
  for (uint32_t i = 0; i < n; i++)
    truth_walk_sim(&t, g, budget, &sm);
  sim_check(&sm, &t, p);
  truth_check(&t, p);
  sim_free(&sm);
  truth_free(&t);
}

/* ------------------------------------------------------------------ */

START_TEST(diamond) {
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
  pgo_cfg *g = TG(4, E);
  /* weights: the left path hot */
  const double ew[] = {9, 1, 9, 1}, xw[] = {0, 0, 0, 10};
  pgo_pfg *w = weights_pfg(g, ew, xw);
  pgo_plan *p = plan_of(g, w);
  /* tree: X->0 (forced), 3->X (10), 0->1 (9); 1->3 (9) closes the cycle
   * X-0-1-3; 0->2 (1) joins 2; 2->3 closes. */
  ck_assert_uint_eq(pgo_plan_ncounters(p), 2);
  ck_assert_uint_eq(pgo_plan_counter_edge(p, 0), 2);
  ck_assert_uint_eq(pgo_plan_counter_edge(p, 1), 3);
  pgo_plan_counter c;
  ck_assert_int_eq(pgo_plan_counter_info(p, 0, &c), PGO_OK);
  ck_assert_int_eq(c.kind, PGO_PLAN_EDGE_CFG);
  ck_assert_uint_eq(c.src, 1);
  ck_assert_uint_eq(c.dst, 3);
  ck_assert_uint_eq(c.src_offset, 10);
  ck_assert_uint_eq(c.succ, 0);
  ck_assert_int_eq(c.place, PGO_PLAN_PLACE_SOURCE);
  ck_assert_uint_eq(c.host, 1);
  ck_assert(!c.critical && !c.unwind);
  ck_assert_uint_eq(pgo_plan_edge_counter(p, 2), 0);
  ck_assert_uint_eq(pgo_plan_edge_counter(p, 0), PGO_NONE);
  ck_assert(pgo_plan_in_tree(p, 0) && pgo_plan_in_tree(p, 1));
  ck_assert(pgo_plan_in_tree(p, 4 + 3));     /* 3 -> X */
  ck_assert(pgo_plan_in_tree(p, 4 + 4));     /* X -> entry */
  ck_assert_uint_eq(pgo_plan_entry_counter(p), PGO_NONE);
  ck_assert_uint_eq(pgo_plan_exit_counter(p, 3), PGO_NONE);

  const uint64_t v[] = {7, 3};
  uint64_t bc[4], ec[4], xc[4];
  pgo_plan_result r;
  ck_assert_int_eq(pgo_plan_reconstruct(p, v, 2, bc, ec, xc, &r), PGO_OK);
  ck_assert(!r.repaired);
  ck_assert_uint_eq(r.entry, 10);
  const uint64_t wb[] = {10, 7, 3, 10}, we[] = {7, 3, 7, 3};
  for (int i = 0; i < 4; i++) {
    ck_assert_uint_eq(bc[i], wb[i]);
    ck_assert_uint_eq(ec[i], we[i]);
  }
  ck_assert_uint_eq(xc[3], 10);
  ck_assert_uint_eq(xc[0] + xc[1] + xc[2], 0);
  pgo_plan_stats s;
  pgo_plan_get_stats(p, &s);
  ck_assert_uint_eq(s.blocks, 4);
  ck_assert_uint_eq(s.edges, 4);
  ck_assert_uint_eq(s.exits, 1);
  ck_assert_uint_eq(s.counters, 2);
  ck_assert_uint_eq(s.cfg_counters, 2);
  ck_assert_uint_eq(s.critical, 0);
  pgo_plan_free(p);
  pgo_pfg_free(w);

  /* default (synthesized) weights: still 2 counters, exact on walks */
  p = plan_of(g, NULL);
  ck_assert_uint_eq(pgo_plan_ncounters(p), 2);
  walks(g, p, 100, 50);
  pgo_plan_free(p);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(loop) {
  /* 0 -> 1; 1: branch body (2) / exit (3); 2 -> 1; 3 returns */
  static const uint32_t E[][2] = {{0, 1}, {1, 2}, {1, 3}, {2, 1}};
  pgo_cfg *g = TG(4, E);
  pgo_plan *p = plan_of(g, NULL);
  ck_assert_uint_eq(pgo_plan_ncounters(p), 2);
  /* one counter on the cycle 1-2, one on the path X-0-1-3-X */
  uint32_t e12 = pgo_cfg_succ_begin(g, 1), e21 = pgo_cfg_succ_begin(g, 2);
  uint32_t e01 = 0, e13 = e12 + 1;
  int cyc = (pgo_plan_edge_counter(p, e12) != PGO_NONE) +
            (pgo_plan_edge_counter(p, e21) != PGO_NONE);
  int path = (pgo_plan_edge_counter(p, e01) != PGO_NONE) +
             (pgo_plan_edge_counter(p, e13) != PGO_NONE) +
             (pgo_plan_exit_counter(p, 3) != PGO_NONE);
  ck_assert_int_eq(cyc, 1);
  ck_assert_int_eq(path, 1);
  walks(g, p, 200, 100);

  /* by hand: 3 invocations, 5 iterations each */
  truth t;
  truth_init(&t, g);
  t.entry = 3;
  t.block[0] = 3;
  t.block[1] = 18;
  t.block[2] = 15;
  t.block[3] = 3;
  t.edge[e01] = 3;
  t.edge[e12] = 15;
  t.edge[e21] = 15;
  t.edge[e13] = 3;
  t.leave[3] = 3;
  truth_check(&t, p);
  truth_free(&t);
  pgo_plan_free(p);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(switch_two_cases_one_block) {
  /* 0: switch default -> 1, case 1 -> 2, case 2 -> 2; 1, 2 -> 3 */
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {0, 2}, {1, 3}, {2, 3}};
  pgo_cfg *g = TG(4, E);
  ck_assert_int_eq(pgo_cfg_term(g, 0), PGO_TERM_SWITCH);
  pgo_plan *p = plan_of(g, NULL);
  ck_assert_uint_eq(pgo_plan_ncounters(p), 3);
  /* the two parallel edges cannot both be tree edges; the counted one is
   * critical (0 has 3 successors, 2 has 2 predecessors) */
  uint32_t c1 = pgo_plan_edge_counter(p, 1), c2 = pgo_plan_edge_counter(p, 2);
  ck_assert(c1 != PGO_NONE || c2 != PGO_NONE);
  uint32_t c = c1 != PGO_NONE ? c1 : c2;
  ck_assert(pgo_plan_counter_is_critical(p, c));
  ck_assert_int_eq(pgo_plan_counter_place(p, c), PGO_PLAN_PLACE_SPLIT);
  ck_assert_uint_eq(pgo_plan_counter_host(p, c), PGO_NONE);
  walks(g, p, 300, 20);
  /* every run through case 2: case 1 must come back 0 */
  truth t;
  truth_init(&t, g);
  t.entry = t.block[0] = t.block[2] = t.block[3] = t.leave[3] = 11;
  t.edge[2] = t.edge[4] = 11;
  truth_check(&t, p);
  uint64_t *v = truth_counters(&t, p), ec[5];
  ck_assert_int_eq(pgo_plan_reconstruct(p, v, 3, NULL, ec, NULL, NULL),
                   PGO_OK);
  ck_assert_uint_eq(ec[1], 0);
  ck_assert_uint_eq(ec[2], 11);
  free(v);
  truth_free(&t);
  pgo_plan_free(p);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(single_block) {
  pgo_cfg *g = tg_build(NULL, 1, NULL, 0, NULL, NULL, 0);
  pgo_plan *p = plan_of(g, NULL);
  ck_assert_uint_eq(pgo_plan_ncounters(p), 1);
  pgo_plan_counter c;
  ck_assert_int_eq(pgo_plan_counter_info(p, 0, &c), PGO_OK);
  ck_assert_int_eq(c.kind, PGO_PLAN_EDGE_EXIT);
  ck_assert_uint_eq(c.edge, PGO_NONE);
  ck_assert_uint_eq(c.src, 0);
  ck_assert_uint_eq(c.dst, PGO_NONE);
  ck_assert_uint_eq(c.succ, PGO_NONE);
  ck_assert_int_eq(c.place, PGO_PLAN_PLACE_SOURCE);
  ck_assert_uint_eq(c.host, 0);
  ck_assert_uint_eq(pgo_plan_exit_counter(p, 0), 0);
  uint64_t v = 42, bc;
  pgo_plan_result r;
  ck_assert_int_eq(pgo_plan_reconstruct(p, &v, 1, &bc, NULL, NULL, &r),
                   PGO_OK);
  ck_assert_uint_eq(bc, 42);
  ck_assert_uint_eq(r.entry, 42);
  ck_assert(!r.repaired);
  pgo_plan_free(p);
  pgo_cfg_free(g);

  /* `call abort; unreachable`: the exit edge cannot hold an increment, so
   * the entry count is counted */
  const pgo_term t[] = {PGO_TERM_UNREACHABLE};
  const unsigned f[] = {PGO_BLOCK_NORETURN | PGO_BLOCK_CALLS};
  for (int k = 0; k < 2; k++) {
    g = tg_build(NULL, 1, NULL, 0, t, k ? f : NULL, 0);
    p = plan_of(g, NULL);
    ck_assert_uint_eq(pgo_plan_ncounters(p), 1);
    ck_assert_int_eq(pgo_plan_counter_info(p, 0, &c), PGO_OK);
    ck_assert_int_eq(c.kind, PGO_PLAN_EDGE_ENTRY);
    ck_assert_int_eq(c.place, PGO_PLAN_PLACE_ENTRY);
    ck_assert_uint_eq(c.host, 0);
    ck_assert_uint_eq(c.dst, 0);
    ck_assert_uint_eq(pgo_plan_entry_counter(p), 0);
    ck_assert(pgo_plan_in_tree(p, 0)); /* 0 -> X, forced */
    v = 5;
    uint64_t xc;
    ck_assert_int_eq(pgo_plan_reconstruct(p, &v, 1, &bc, NULL, &xc, &r),
                     PGO_OK);
    ck_assert_uint_eq(bc, 5);
    ck_assert_uint_eq(xc, 5);
    ck_assert_uint_eq(r.entry, 5);
    pgo_plan_free(p);
    pgo_cfg_free(g);
  }
}
END_TEST

START_TEST(unreachable_blocks) {
  /* 2 and 3 are unreachable; 3 -> 1 enters live code */
  static const uint32_t E[][2] = {{0, 1}, {2, 3}, {3, 1}};
  pgo_cfg *g = TG(4, E);
  pgo_plan *p = plan_of(g, NULL);
  ck_assert_uint_eq(pgo_plan_ncounters(p), 1);
  pgo_plan_stats s;
  pgo_plan_get_stats(p, &s);
  ck_assert_uint_eq(s.blocks, 2);
  ck_assert_uint_eq(s.edges, 1);
  for (uint32_t e = 1; e < 3; e++) {
    ck_assert_uint_eq(pgo_plan_edge_counter(p, e), PGO_NONE);
    ck_assert(!pgo_plan_in_tree(p, e));
  }
  /* 0 -> 1 is a single-successor edge: counted in the source if counted;
   * 1's only *reachable* predecessor is 0 */
  uint64_t v = 9, bc[4], ec[3];
  ck_assert_int_eq(pgo_plan_reconstruct(p, &v, 1, bc, ec, NULL, NULL),
                   PGO_OK);
  ck_assert_uint_eq(bc[0], 9);
  ck_assert_uint_eq(bc[1], 9);
  ck_assert_uint_eq(bc[2], 0);
  ck_assert_uint_eq(bc[3], 0);
  ck_assert_uint_eq(ec[0], 9);
  ck_assert_uint_eq(ec[1], 0);
  ck_assert_uint_eq(ec[2], 0);
  pgo_plan_free(p);
  pgo_cfg_free(g);

  /* DEST placement counts reachable predecessors only: 0 branches to 1
   * and 2; 1's other predecessor (3) is dead */
  static const uint32_t E2[][2] = {{0, 1}, {0, 2}, {3, 1}};
  const double ew[] = {0, 5, 0}, xw[] = {0, 5, 5, 0};
  g = TG(4, E2);
  pgo_pfg *w = weights_pfg(g, ew, xw);
  p = plan_of(g, w);
  uint32_t c = pgo_plan_edge_counter(p, 0);
  ck_assert_uint_ne(c, PGO_NONE);
  ck_assert_int_eq(pgo_plan_counter_place(p, c), PGO_PLAN_PLACE_DEST);
  ck_assert_uint_eq(pgo_plan_counter_host(p, c), 1);
  walks(g, p, 50, 10);
  pgo_plan_free(p);
  pgo_pfg_free(w);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(infinite_loop) {
  /* 0 -> 1 -> 1: no exit anywhere; runs end when the program is killed */
  static const uint32_t E[][2] = {{0, 1}, {1, 1}};
  pgo_cfg *g = TG(2, E);
  pgo_plan *p = plan_of(g, NULL);
  ck_assert_uint_eq(pgo_plan_ncounters(p), 3);
  ck_assert_uint_ne(pgo_plan_entry_counter(p), PGO_NONE);
  ck_assert_uint_ne(pgo_plan_edge_counter(p, 0), PGO_NONE);
  ck_assert_uint_ne(pgo_plan_edge_counter(p, 1), PGO_NONE);
  ck_assert(pgo_plan_in_tree(p, 2 + 0) && pgo_plan_in_tree(p, 2 + 1));
  /* one invocation killed after 41 turns of the loop */
  uint64_t v[3];
  v[pgo_plan_entry_counter(p)] = 1;
  v[pgo_plan_edge_counter(p, 0)] = 1;
  v[pgo_plan_edge_counter(p, 1)] = 41;
  uint64_t bc[2], xc[2];
  pgo_plan_result r;
  ck_assert_int_eq(pgo_plan_reconstruct(p, v, 3, bc, NULL, xc, &r), PGO_OK);
  ck_assert(!r.repaired);
  ck_assert_uint_eq(bc[0], 1);
  ck_assert_uint_eq(bc[1], 42);
  ck_assert_uint_eq(xc[0], 0);
  ck_assert_uint_eq(xc[1], 1);
  ck_assert_uint_eq(r.entry, 1);
  walks(g, p, 100, 60);
  pgo_plan_free(p);
  pgo_cfg_free(g);

  /* an exit-less loop beside a return: the entry count stays derived */
  static const uint32_t E2[][2] = {{0, 1}, {0, 2}, {2, 3}, {3, 2}};
  g = TG(4, E2);
  p = plan_of(g, NULL);
  ck_assert_uint_eq(pgo_plan_entry_counter(p), PGO_NONE);
  walks(g, p, 200, 40);
  pgo_plan_free(p);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(invoke_and_landing_pads) {
  /* 0, 1 invoke (normal -> next, unwind -> pad 3); 2 returns; 3 resumes */
  static const uint32_t E[][2] = {{0, 1}, {0, 3}, {1, 2}, {1, 3}};
  const pgo_term t[] = {PGO_TERM_INVOKE, PGO_TERM_INVOKE, PGO_TERM_RETURN,
                        PGO_TERM_THROW};
  const unsigned f[] = {PGO_BLOCK_CALLS, PGO_BLOCK_CALLS, 0, PGO_BLOCK_EH};
  pgo_cfg *g = tg_build(NULL, 4, E, 4, t, f, 0);
  /* weights that would otherwise count the unwind edges */
  const double ew[] = {10, 0, 10, 0}, xw[] = {0, 0, 10, 0};
  pgo_pfg *w = weights_pfg(g, ew, xw);
  pgo_plan *p = plan_of(g, w);
  ck_assert(pgo_plan_in_tree(p, 1)); /* unwind edges into a shared pad */
  ck_assert(pgo_plan_in_tree(p, 3));
  pgo_plan_stats s;
  pgo_plan_get_stats(p, &s);
  ck_assert_uint_ge(s.forced, 3); /* X->entry and both unwind edges */
  walks(g, p, 200, 10);
  pgo_plan_free(p);
  pgo_pfg_free(w);
  pgo_cfg_free(g);

  /* a pad with one predecessor: its unwind edge may be counted, at the
   * top of the pad */
  static const uint32_t E2[][2] = {{0, 1}, {0, 2}};
  const pgo_term t2[] = {PGO_TERM_INVOKE, PGO_TERM_RETURN, PGO_TERM_THROW};
  const unsigned f2[] = {PGO_BLOCK_CALLS, 0, PGO_BLOCK_EH};
  g = tg_build(NULL, 3, E2, 2, t2, f2, 0);
  const double ew2[] = {10, 0}, xw2[] = {0, 10, 1};
  w = weights_pfg(g, ew2, xw2);
  p = plan_of(g, w);
  uint32_t c = pgo_plan_edge_counter(p, 1);
  ck_assert_uint_ne(c, PGO_NONE);
  pgo_plan_counter info;
  ck_assert_int_eq(pgo_plan_counter_info(p, c, &info), PGO_OK);
  ck_assert(info.unwind);
  ck_assert(!info.critical);
  ck_assert_int_eq(info.place, PGO_PLAN_PLACE_DEST);
  ck_assert_uint_eq(info.host, 2);
  walks(g, p, 200, 10);
  pgo_plan_free(p);
  pgo_pfg_free(w);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(indirect_branch_dispatch) {
  /* 0 -> 1; 1: indirectbr to 2, 3, 4; 2, 3 -> 1; 0 also branches to 3;
   * 4 returns.  1 -> 3 (into a block with two predecessors) cannot be
   * split, so it stays in the tree even when the weights say otherwise. */
  static const uint32_t E[][2] = {{0, 1}, {0, 3}, {1, 2}, {1, 3},
                                  {1, 4}, {2, 1}, {3, 1}};
  const pgo_term t[] = {PGO_TERM_BRANCH, PGO_TERM_INDIRECT, PGO_TERM_JUMP,
                        PGO_TERM_JUMP, PGO_TERM_RETURN};
  pgo_cfg *g = tg_build(NULL, 5, E, 7, t, NULL, 0);
  const double ew[] = {10, 10, 10, 0, 10, 10, 10}, xw[] = {0, 0, 0, 0, 10};
  pgo_pfg *w = weights_pfg(g, ew, xw);
  pgo_plan *p = plan_of(g, w);
  ck_assert(pgo_plan_in_tree(p, 3));
  for (uint32_t c = 0; c < pgo_plan_ncounters(p); c++) {
    uint32_t e = pgo_plan_counter_edge(p, c);
    if (e != PGO_NONE && pgo_cfg_edge_src(g, e) == 1)
      ck_assert(!pgo_plan_counter_is_critical(p, c)); /* none to split */
  }
  walks(g, p, 200, 30);
  pgo_plan_free(p);
  pgo_pfg_free(w);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(noreturn_blocks) {
  /* 0 branches to 1 (`call exit; unreachable`) and 2 (return) */
  static const uint32_t E[][2] = {{0, 1}, {0, 2}};
  const pgo_term t[] = {PGO_TERM_BRANCH, PGO_TERM_UNREACHABLE,
                        PGO_TERM_RETURN};
  const unsigned f[] = {0, PGO_BLOCK_NORETURN | PGO_BLOCK_CALLS, 0};
  pgo_cfg *g = tg_build(NULL, 3, E, 2, t, f, 0);
  pgo_plan *p = plan_of(g, NULL);
  ck_assert(pgo_plan_in_tree(p, 2 + 1)); /* 1 -> X forced */
  ck_assert_uint_eq(pgo_plan_exit_counter(p, 1), PGO_NONE);
  walks(g, p, 200, 10);
  pgo_plan_free(p);
  pgo_cfg_free(g);

  /* a noreturn call in a block that falls through (the front end did not
   * mark the end unreachable): runs may stop there or go on */
  static const uint32_t E2[][2] = {{0, 1}, {0, 2}, {1, 2}};
  const pgo_term t2[] = {PGO_TERM_BRANCH, PGO_TERM_JUMP, PGO_TERM_RETURN};
  g = tg_build(NULL, 3, E2, 3, t2, f, 0);
  p = plan_of(g, NULL);
  ck_assert(pgo_plan_in_tree(p, 3 + 1));
  walks(g, p, 300, 10);
  pgo_plan_free(p);
  pgo_cfg_free(g);

  /* an edge into an unreachable-terminated block without the flag */
  const pgo_term t3[] = {PGO_TERM_BRANCH, PGO_TERM_UNREACHABLE,
                         PGO_TERM_RETURN};
  g = tg_build(NULL, 3, E, 2, t3, NULL, 0);
  p = plan_of(g, NULL);
  ck_assert(pgo_plan_in_tree(p, 2 + 1));
  walks(g, p, 200, 10);
  pgo_plan_free(p);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(entry_with_predecessors) {
  /* the entry is a loop header (not LLVM, but legal here): no counter may
   * be placed at its top */
  static const uint32_t E[][2] = {{0, 1}, {1, 0}, {1, 2}};
  pgo_cfg *g = TG(3, E);
  const double ew[] = {10, 0, 10}, xw[] = {0, 0, 10};
  pgo_pfg *w = weights_pfg(g, ew, xw);
  pgo_plan *p = plan_of(g, w);
  uint32_t c = pgo_plan_edge_counter(p, 1);
  ck_assert_uint_ne(c, PGO_NONE);
  ck_assert_int_eq(pgo_plan_counter_place(p, c), PGO_PLAN_PLACE_SPLIT);
  walks(g, p, 100, 30);
  pgo_plan_free(p);
  pgo_pfg_free(w);
  pgo_cfg_free(g);

  /* a non-zero entry block */
  static const uint32_t E2[][2] = {{2, 0}, {2, 1}, {0, 1}};
  g = tg_build(NULL, 3, E2, 3, NULL, NULL, 2);
  p = plan_of(g, NULL);
  walks(g, p, 100, 30);
  pgo_plan_free(p);
  pgo_cfg_free(g);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Values that do not balance. */

START_TEST(imbalanced_values_are_repaired) {
  /* if-then 0 -> 1 -> 2, 0 -> 2; weights put 0->2 and 1->2 in the tree,
   * so 0->2 = (returns) - (0->1): a run that died inside 1 (exit() in a
   * call) makes it negative */
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 2}};
  pgo_cfg *g = TG(3, E);
  const double ew[] = {0, 10, 10}, xw[] = {0, 0, 0};
  pgo_pfg *w = weights_pfg(g, ew, xw);
  pgo_plan *p = plan_of(g, w);
  ck_assert_uint_eq(pgo_plan_ncounters(p), 2);
  ck_assert_uint_eq(pgo_plan_edge_counter(p, 0), 0);
  ck_assert_uint_eq(pgo_plan_exit_counter(p, 2), 1);
  const uint64_t v[] = {1, 0}; /* 0->1 once, never returned */
  uint64_t bc[3], ec[3], xc[3];
  pgo_plan_result r;
  ck_assert_int_eq(pgo_plan_reconstruct(p, v, 2, bc, ec, xc, &r), PGO_OK);
  ck_assert(r.repaired);
  ck_assert_uint_eq(r.clamped_edges, 1);
  ck_assert_uint_eq(r.clamped, 1);
  ck_assert_uint_eq(r.imbalance, 2);
  ck_assert_uint_eq(r.entry, 1);
  ck_assert_uint_eq(ec[0], 1);
  ck_assert_uint_eq(ec[1], 0);
  ck_assert_uint_eq(ec[2], 1);
  ck_assert_uint_eq(bc[0], 1);
  ck_assert_uint_eq(bc[1], 1);
  ck_assert_uint_eq(bc[2], 1);
  ck_assert_uint_eq(xc[2], 0);
  /* balanced values on the same plan are not flagged */
  const uint64_t ok[] = {3, 5};
  ck_assert_int_eq(pgo_plan_reconstruct(p, ok, 2, bc, ec, xc, &r), PGO_OK);
  ck_assert(!r.repaired);
  ck_assert_uint_eq(r.clamped_edges + r.clamped + r.imbalance, 0);
  ck_assert_uint_eq(ec[1], 2);
  pgo_plan_free(p);
  pgo_pfg_free(w);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(overflowing_values_are_held) {
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
  pgo_cfg *g = TG(4, E);
  const double ew[] = {9, 1, 9, 1}, xw[] = {0, 0, 0, 10};
  pgo_pfg *w = weights_pfg(g, ew, xw);
  pgo_plan *p = plan_of(g, w);
  const uint64_t v[] = {UINT64_MAX, UINT64_MAX}; /* 3 -> X = 2^65 - 2 */
  uint64_t bc[4], ec[4], xc[4];
  pgo_plan_result r;
  ck_assert_int_eq(pgo_plan_reconstruct(p, v, 2, bc, ec, xc, &r), PGO_OK);
  ck_assert(r.repaired);
  ck_assert_uint_eq(r.clamped_edges, 2); /* 3 -> X and X -> 0 */
  ck_assert_uint_eq(xc[3], UINT64_MAX);
  ck_assert_uint_eq(bc[3], UINT64_MAX);
  ck_assert_uint_eq(bc[0], UINT64_MAX);
  ck_assert_uint_eq(r.entry, UINT64_MAX);
  pgo_plan_free(p);
  pgo_pfg_free(w);
  pgo_cfg_free(g);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Writers. */

START_TEST(to_pfg_and_records) {
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {4, 3}};
  pgo_cfg *g = TG(5, E); /* 4 is unreachable */
  pgo_plan *p = plan_of(g, NULL);
  truth t;
  truth_init(&t, g);
  for (int i = 0; i < 40; i++)
    truth_walk(&t, g, 10);
  uint64_t *v = truth_counters(&t, p), bc[5], ec[5];
  ck_assert_int_eq(pgo_plan_reconstruct(p, v, pgo_plan_ncounters(p), bc, ec,
                                        NULL, NULL),
                   PGO_OK);
  pgo_pfg *pfg = NULL;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &pfg), PGO_OK);
  pgo_pfg_set_edge_prob(pfg, 4, 1.0, PGO_PROV_SYNTHESIZED);
  ck_assert_int_eq(pgo_plan_to_pfg(p, bc, ec, pfg), PGO_OK);
  for (uint32_t b = 0; b < 5; b++) {
    ck_assert(pgo_pfg_block_count(pfg, b) == (double)t.block[b]);
    ck_assert_int_eq(pgo_pfg_block_prov(pfg, b), PGO_PROV_INSTRUMENTED);
  }
  ck_assert(fabs(pgo_pfg_edge_prob(pfg, 0) -
                 (double)t.edge[0] / (double)t.block[0]) < 1e-15);
  ck_assert_int_eq(pgo_pfg_edge_prov(pfg, 0), PGO_PROV_INSTRUMENTED);
  ck_assert(pgo_pfg_edge_prob(pfg, 2) == 1.0);
  for (uint32_t e = 0; e < 5; e++) {
    ck_assert(pgo_pfg_edge_measured(pfg, e) == (double)t.edge[e]);
    ck_assert_int_eq(pgo_pfg_edge_measured_prov(pfg, e),
                     PGO_PROV_INSTRUMENTED);
  }
  ck_assert_int_eq(pgo_pfg_verify(pfg), PGO_OK);
  /* the dead block's edge keeps what it had */
  ck_assert(pgo_pfg_edge_prob(pfg, 4) == 1.0);
  ck_assert_int_eq(pgo_pfg_edge_prov(pfg, 4), PGO_PROV_SYNTHESIZED);
  ck_assert(pgo_pfg_max_residual(pfg, NULL) < 1e-12);

  pgo_count_rec br[5];
  pgo_edge_rec er[5];
  uint32_t nb = 99, ne = 99;
  ck_assert_int_eq(pgo_plan_records(p, bc, ec, br, &nb, er, &ne), PGO_OK);
  ck_assert_uint_eq(nb, 5);
  ck_assert_uint_eq(ne, 5);
  ck_assert_uint_eq(br[3].offset, 30);
  ck_assert_uint_eq(br[3].count, t.block[3]);
  ck_assert_uint_eq(er[1].offset, 0);
  ck_assert_uint_eq(er[1].succ, 1);
  ck_assert_uint_eq(er[1].count, t.edge[1]);
  /* the store takes them as they are */
  pgo_profile *prof = NULL;
  ck_assert_int_eq(pgo_profile_new(NULL, &prof), PGO_OK);
  pgo_method_profile m;
  memset(&m, 0, sizeof m);
  m.key = pgo_cfg_key(g);
  m.has_entry = true;
  m.entry = t.entry;
  m.nblocks = nb;
  m.blocks = br;
  m.nedges = ne;
  m.edges = er;
  ck_assert_int_eq(pgo_profile_add(prof, &m, 1), PGO_OK);
  pgo_profile_free(prof);

  /* bad input */
  pgo_cfg *g2 = TG(5, E);
  pgo_pfg *other = NULL;
  ck_assert_int_eq(pgo_pfg_new(NULL, g2, &other), PGO_OK);
  ck_assert_int_eq(pgo_plan_to_pfg(p, bc, ec, other), PGO_ERR_INVALID);
  ck_assert_str_ne(pgo_plan_errmsg(p), "");
  ck_assert_int_eq(pgo_plan_to_pfg(p, NULL, ec, pfg), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_plan_to_pfg(NULL, bc, ec, pfg), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_plan_records(p, bc, ec, br, &nb, NULL, &ne),
                   PGO_ERR_INVALID);
  ck_assert_uint_eq(nb, 0);
  ck_assert_int_eq(pgo_plan_records(NULL, bc, ec, br, &nb, er, &ne),
                   PGO_ERR_INVALID);
  pgo_pfg_free(other);
  pgo_cfg_free(g2);
  pgo_pfg_free(pfg);
  free(v);
  truth_free(&t);
  pgo_plan_free(p);
  pgo_cfg_free(g);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The API's bad input. */

START_TEST(bad_input) {
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
  pgo_cfg *g = TG(4, E);
  pgo_plan *p = (pgo_plan *)1;
  ck_assert_int_eq(pgo_plan_new(NULL, g, NULL, NULL), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_plan_new(NULL, NULL, NULL, &p), PGO_ERR_INVALID);
  ck_assert_ptr_null(p);
  /* unfinished graph */
  pgo_cfg *u = NULL;
  ck_assert_int_eq(pgo_cfg_new(NULL, &u), PGO_OK);
  uint32_t b;
  ck_assert_int_eq(pgo_cfg_add_block(u, 0, 1, &b), PGO_OK);
  p = (pgo_plan *)1;
  ck_assert_int_eq(pgo_plan_new(NULL, u, NULL, &p), PGO_ERR_INVALID);
  ck_assert_ptr_null(p);
  pgo_cfg_free(u);
  /* weights over another graph, and bad weights */
  pgo_cfg *g2 = TG(4, E);
  pgo_pfg *w2 = NULL;
  ck_assert_int_eq(pgo_pfg_new(NULL, g2, &w2), PGO_OK);
  ck_assert_int_eq(pgo_plan_new(NULL, g, w2, &p), PGO_ERR_INVALID);
  pgo_pfg *w = NULL;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &w), PGO_OK);
  pgo_pfg_set_block_count(w, 1, NAN, PGO_PROV_SYNTHESIZED);
  if (isnan(pgo_pfg_block_count(w, 1))) /* the pfg took it */
    ck_assert_int_eq(pgo_plan_new(NULL, g, w, &p), PGO_ERR_INVALID);
  pgo_pfg_free(w);
  pgo_pfg_free(w2);
  pgo_cfg_free(g2);

  /* queries out of range and on NULL */
  p = plan_of(g, NULL);
  uint32_t nc = pgo_plan_ncounters(p);
  pgo_plan_counter c;
  ck_assert_int_eq(pgo_plan_counter_info(p, nc, &c), PGO_ERR_RANGE);
  ck_assert_uint_eq(c.src, 0); /* zeroed */
  ck_assert_int_eq(pgo_plan_counter_info(NULL, 0, &c), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_plan_counter_info(p, 0, NULL), PGO_ERR_INVALID);
  ck_assert_uint_eq(pgo_plan_counter_edge(p, nc), PGO_NONE);
  ck_assert(!pgo_plan_counter_is_critical(p, nc));
  ck_assert_int_eq(pgo_plan_counter_place(p, nc), 0);
  ck_assert_uint_eq(pgo_plan_counter_host(p, nc), PGO_NONE);
  ck_assert_uint_eq(pgo_plan_edge_counter(p, 4), PGO_NONE);
  ck_assert_uint_eq(pgo_plan_exit_counter(p, 4), PGO_NONE);
  ck_assert(!pgo_plan_in_tree(p, 4 + 4 + 1));
  ck_assert_uint_eq(pgo_plan_ncounters(NULL), 0);
  ck_assert_uint_eq(pgo_plan_entry_counter(NULL), PGO_NONE);
  ck_assert_ptr_eq(pgo_plan_cfg(p), g);
  ck_assert_ptr_null(pgo_plan_cfg(NULL));
  ck_assert_str_ne(pgo_plan_errmsg(NULL), "");
  pgo_plan_get_stats(NULL, NULL);
  pgo_plan_stats s;
  pgo_plan_get_stats(NULL, &s);
  ck_assert_uint_eq(s.counters, 0);
  /* reconstruct: wrong count, NULL values; outputs optional */
  uint64_t v[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  pgo_plan_result r;
  r.entry = 77;
  ck_assert_int_eq(pgo_plan_reconstruct(p, v, nc + 1, NULL, NULL, NULL, &r),
                   PGO_ERR_INVALID);
  ck_assert_uint_eq(r.entry, 0);
  ck_assert_str_ne(pgo_plan_errmsg(p), "");
  ck_assert_int_eq(pgo_plan_reconstruct(p, NULL, nc, NULL, NULL, NULL, &r),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_plan_reconstruct(NULL, v, nc, NULL, NULL, NULL, &r),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_plan_reconstruct(p, v, nc, NULL, NULL, NULL, NULL),
                   PGO_OK);
  ck_assert_str_eq(pgo_plan_errmsg(p), "");
  pgo_plan_free(p);
  pgo_plan_free(NULL);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(deterministic) {
  /* the same graph built twice gives the same plan */
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {3, 1},
                                  {3, 4}, {4, 0}, {2, 4}};
  pgo_cfg *g1 = TG(5, E), *g2 = TG(5, E);
  pgo_plan *p1 = plan_of(g1, NULL), *p2 = plan_of(g2, NULL);
  ck_assert_uint_eq(pgo_plan_ncounters(p1), pgo_plan_ncounters(p2));
  for (uint32_t c = 0; c < pgo_plan_ncounters(p1); c++) {
    pgo_plan_counter a, b;
    pgo_plan_counter_info(p1, c, &a);
    pgo_plan_counter_info(p2, c, &b);
    ck_assert_uint_eq(a.plan_edge, b.plan_edge);
    ck_assert_int_eq(a.place, b.place);
    ck_assert_uint_eq(a.host, b.host);
  }
  walks(g1, p1, 100, 30);
  pgo_plan_free(p1);
  pgo_plan_free(p2);
  pgo_cfg_free(g1);
  pgo_cfg_free(g2);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("ingest_plan");
  TCase *tc = tcase_create("plan");
  tcase_add_test(tc, diamond);
  tcase_add_test(tc, loop);
  tcase_add_test(tc, switch_two_cases_one_block);
  tcase_add_test(tc, single_block);
  tcase_add_test(tc, unreachable_blocks);
  tcase_add_test(tc, infinite_loop);
  tcase_add_test(tc, invoke_and_landing_pads);
  tcase_add_test(tc, indirect_branch_dispatch);
  tcase_add_test(tc, noreturn_blocks);
  tcase_add_test(tc, entry_with_predecessors);
  tcase_add_test(tc, imbalanced_values_are_repaired);
  tcase_add_test(tc, overflowing_values_are_held);
  tcase_add_test(tc, to_pfg_and_records);
  tcase_add_test(tc, bad_input);
  tcase_add_test(tc, deterministic);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite())
