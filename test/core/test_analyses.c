/*
 * test_analyses.c -- RPO, dominators, post-dominators, natural loops and
 * irreducible regions on hand-built graphs whose answers are worked out in
 * the comments, plus deep graphs that would overflow a recursive
 * implementation.
 */
#include "core_test_util.h"

#define N PGO_NONE

static void expect_list(const uint32_t *got, uint32_t n, const uint32_t *want,
                        uint32_t nwant) {
  ck_assert_uint_eq(n, nwant);
  for (uint32_t i = 0; i < n; i++)
    ck_assert_uint_eq(got[i], want[i]);
}

START_TEST(diamond) {
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
  pgo_cfg *g = BUILD(g, 4, E);
  uint32_t n;
  const uint32_t *rpo = pgo_cfg_rpo(g, &n);
  /* DFS visits 0,1,3 then 2: post-order 3,1,2,0. */
  const uint32_t want_rpo[] = {0, 2, 1, 3};
  expect_list(rpo, n, want_rpo, 4);
  ck_assert_uint_eq(pgo_cfg_rpo_index(g, 1), 2);
  ck_assert_uint_eq(pgo_cfg_idom(g, 0), N);
  ck_assert_uint_eq(pgo_cfg_idom(g, 1), 0);
  ck_assert_uint_eq(pgo_cfg_idom(g, 2), 0);
  ck_assert_uint_eq(pgo_cfg_idom(g, 3), 0);
  ck_assert(pgo_cfg_dominates(g, 0, 3));
  ck_assert(pgo_cfg_dominates(g, 3, 3));
  ck_assert(!pgo_cfg_dominates(g, 1, 3));
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 0), 3);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 1), 3);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 3), N);
  ck_assert(pgo_cfg_postdominates(g, 3, 0));
  ck_assert(!pgo_cfg_postdominates(g, 1, 0));
  ck_assert_uint_eq(pgo_cfg_nloops(g), 0);
  ck_assert_uint_eq(pgo_cfg_nirreducible(g), 0);
  ck_assert_uint_eq(pgo_cfg_block_depth(g, 3), 0);
  for (uint32_t e = 0; e < 4; e++)
    ck_assert(!pgo_cfg_is_back_edge(g, e));
  pgo_cfg_free(g);
}
END_TEST

START_TEST(nested_loops) {
  /* 0 -> 1 (outer header) -> 2 (inner header) -> 3 -> {2, 4}; 4 -> 1;
   * 1 -> 5 (exit). */
  static const uint32_t E[][2] = {{0, 1}, {1, 2}, {1, 5}, {2, 3},
                                  {3, 2}, {3, 4}, {4, 1}};
  pgo_cfg *g = BUILD(g, 6, E);
  ck_assert_uint_eq(pgo_cfg_nloops(g), 2);
  /* Pre-order ids: outer 0, inner 1. */
  ck_assert_uint_eq(pgo_cfg_loop_header(g, 0), 1);
  ck_assert_uint_eq(pgo_cfg_loop_header(g, 1), 2);
  ck_assert_uint_eq(pgo_cfg_loop_parent(g, 0), N);
  ck_assert_uint_eq(pgo_cfg_loop_parent(g, 1), 0);
  ck_assert_uint_eq(pgo_cfg_loop_depth(g, 0), 1);
  ck_assert_uint_eq(pgo_cfg_loop_depth(g, 1), 2);
  ck_assert_uint_eq(pgo_cfg_block_loop(g, 0), N);
  ck_assert_uint_eq(pgo_cfg_block_loop(g, 1), 0);
  ck_assert_uint_eq(pgo_cfg_block_loop(g, 3), 1);
  ck_assert_uint_eq(pgo_cfg_block_loop(g, 4), 0);
  ck_assert_uint_eq(pgo_cfg_block_depth(g, 3), 2);
  ck_assert_uint_eq(pgo_cfg_block_depth(g, 5), 0);
  ck_assert(pgo_cfg_loop_contains(g, 0, 3));
  ck_assert(!pgo_cfg_loop_contains(g, 1, 4));
  ck_assert(!pgo_cfg_loop_contains(g, 0, 5));
  uint32_t n;
  const uint32_t own0[] = {1, 4}, own1[] = {2, 3}, kids0[] = {1};
  { const uint32_t *got_ = pgo_cfg_loop_blocks(g, 0, &n); expect_list(got_, n, own0, 2); }
  { const uint32_t *got_ = pgo_cfg_loop_blocks(g, 1, &n); expect_list(got_, n, own1, 2); }
  { const uint32_t *got_ = pgo_cfg_loop_children(g, 0, &n); expect_list(got_, n, kids0, 1); }
  pgo_cfg_loop_children(g, 1, &n);
  ck_assert_uint_eq(n, 0);
  const uint32_t *be = pgo_cfg_loop_back_edges(g, 0, &n);
  ck_assert_uint_eq(n, 1);
  ck_assert_uint_eq(pgo_cfg_edge_src(g, be[0]), 4);
  be = pgo_cfg_loop_back_edges(g, 1, &n);
  ck_assert_uint_eq(n, 1);
  ck_assert_uint_eq(pgo_cfg_edge_src(g, be[0]), 3);
  ck_assert(pgo_cfg_is_back_edge(g, be[0]));
  const uint32_t *ex = pgo_cfg_loop_exits(g, 1, &n);
  ck_assert_uint_eq(n, 1);
  ck_assert_uint_eq(ex[0], succ_edge(g, 3, 1)); /* 3 -> 4 */
  ex = pgo_cfg_loop_exits(g, 0, &n);
  ck_assert_uint_eq(n, 1);
  ck_assert_uint_eq(ex[0], succ_edge(g, 1, 1)); /* 1 -> 5 */
  ck_assert_uint_eq(pgo_cfg_nirreducible(g), 0);
  /* Post-dominators: 5 post-dominates everything. */
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 1), 5);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 4), 1);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 3), 4);
  ck_assert(pgo_cfg_postdominates(g, 1, 3));
  pgo_cfg_free(g);
}
END_TEST

START_TEST(self_loop) {
  static const uint32_t E[][2] = {{0, 1}, {1, 1}, {1, 2}};
  pgo_cfg *g = BUILD(g, 3, E);
  ck_assert_uint_eq(pgo_cfg_nloops(g), 1);
  ck_assert_uint_eq(pgo_cfg_loop_header(g, 0), 1);
  uint32_t n;
  const uint32_t own[] = {1};
  { const uint32_t *got_ = pgo_cfg_loop_blocks(g, 0, &n); expect_list(got_, n, own, 1); }
  const uint32_t *be = pgo_cfg_loop_back_edges(g, 0, &n);
  ck_assert_uint_eq(n, 1);
  ck_assert_uint_eq(be[0], succ_edge(g, 1, 0));
  const uint32_t *ex = pgo_cfg_loop_exits(g, 0, &n);
  ck_assert_uint_eq(n, 1);
  ck_assert_uint_eq(ex[0], succ_edge(g, 1, 1));
  ck_assert_uint_eq(pgo_cfg_nirreducible(g), 0);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 1), 2);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(multiple_back_edges_one_header) {
  /* Header 1 with latches 2 and 3: one loop, two back edges. */
  static const uint32_t E[][2] = {{0, 1}, {1, 2}, {1, 3}, {2, 1},
                                  {3, 1}, {3, 4}};
  pgo_cfg *g = BUILD(g, 5, E);
  ck_assert_uint_eq(pgo_cfg_nloops(g), 1);
  uint32_t n;
  const uint32_t *blocks = pgo_cfg_loop_blocks(g, 0, &n);
  ck_assert_uint_eq(n, 3);
  ck_assert_uint_eq(blocks[0], 1);
  ck_assert(in_list(blocks, n, 2) && in_list(blocks, n, 3));
  const uint32_t *be = pgo_cfg_loop_back_edges(g, 0, &n);
  ck_assert_uint_eq(n, 2);
  ck_assert_uint_eq(be[0], succ_edge(g, 2, 0));
  ck_assert_uint_eq(be[1], succ_edge(g, 3, 0));
  ck_assert(be[0] < be[1]);
  const uint32_t *ex = pgo_cfg_loop_exits(g, 0, &n);
  ck_assert_uint_eq(n, 1);
  ck_assert_uint_eq(ex[0], succ_edge(g, 3, 1));
  pgo_cfg_free(g);
}
END_TEST

START_TEST(switch_with_duplicate_successors) {
  /* 0: switch default->1, case->1, case->2, case->1. */
  static const uint32_t E[][2] = {{0, 1}, {0, 1}, {0, 2}, {0, 1},
                                  {1, 3}, {2, 3}};
  pgo_cfg *g = BUILD(g, 4, E);
  ck_assert_uint_eq(pgo_cfg_nsucc(g, 0), 4);
  ck_assert_uint_eq(pgo_cfg_npred(g, 1), 3);
  const uint32_t *p = pgo_cfg_preds(g, 1);
  ck_assert_uint_eq(p[0], 0);
  ck_assert_uint_eq(p[1], 1);
  ck_assert_uint_eq(p[2], 3);
  ck_assert_uint_eq(pgo_cfg_edge_index(g, 3), 3);
  ck_assert_uint_eq(pgo_cfg_idom(g, 1), 0);
  ck_assert_uint_eq(pgo_cfg_idom(g, 3), 0);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 0), 3);
  ck_assert_uint_eq(pgo_cfg_nloops(g), 0);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(unreachable_blocks) {
  /* 2 and 3 are unreachable; 3 has a self loop; 2 -> 1. */
  static const uint32_t E[][2] = {{0, 1}, {2, 1}, {3, 3}, {3, 2}};
  pgo_cfg *g = BUILD(g, 4, E);
  uint32_t n;
  pgo_cfg_rpo(g, &n);
  ck_assert_uint_eq(n, 2);
  ck_assert(!pgo_cfg_reachable(g, 2));
  ck_assert(!pgo_cfg_reachable(g, 3));
  ck_assert_uint_eq(pgo_cfg_rpo_index(g, 3), N);
  ck_assert_uint_eq(pgo_cfg_idom(g, 2), N);
  ck_assert(!pgo_cfg_dominates(g, 2, 2));
  ck_assert(!pgo_cfg_dominates(g, 0, 2));
  ck_assert_uint_eq(pgo_cfg_idom(g, 1), 0);
  /* The unreachable self loop is not a loop; its edge is not a back edge. */
  ck_assert_uint_eq(pgo_cfg_nloops(g), 0);
  ck_assert(!pgo_cfg_is_back_edge(g, succ_edge(g, 3, 0)));
  ck_assert_uint_eq(pgo_cfg_block_loop(g, 3), N);
  ck_assert_uint_eq(pgo_cfg_nirreducible(g), 0);
  /* Post-dominance is about reaching an exit, not about the entry. */
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 2), 1);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 3), 2);
  ck_assert(pgo_cfg_postdominates(g, 1, 3));
  pgo_cfg_free(g);
}
END_TEST

START_TEST(infinite_loop_postdom) {
  /* 0 -> {1, 2}; 1 -> 1 forever; 2 returns. */
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 1}};
  pgo_cfg *g = BUILD(g, 3, E);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 1), N);
  ck_assert(!pgo_cfg_postdominates(g, 1, 1));
  ck_assert(!pgo_cfg_postdominates(g, 2, 1));
  /* Every path from 0 that reaches an exit passes 2. */
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 0), 2);
  ck_assert(pgo_cfg_postdominates(g, 2, 0));
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 2), N);
  ck_assert_uint_eq(pgo_cfg_nloops(g), 1);
  uint32_t n;
  pgo_cfg_loop_exits(g, 0, &n);
  ck_assert_uint_eq(n, 0);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(multiple_exit_blocks) {
  /* 0 -> {1, 2}, both return: only the virtual exit post-dominates 0.
   * Loop {1', 2'} with two exits. */
  static const uint32_t E[][2] = {{0, 1}, {0, 2}};
  pgo_cfg *g = BUILD(g, 3, E);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 0), N);
  ck_assert(!pgo_cfg_postdominates(g, 1, 0));
  ck_assert(pgo_cfg_postdominates(g, 0, 0));
  pgo_cfg_free(g);

  static const uint32_t F[][2] = {{0, 1}, {1, 2}, {1, 3}, {2, 1}, {2, 4}};
  g = BUILD(g, 5, F);
  ck_assert_uint_eq(pgo_cfg_nloops(g), 1);
  uint32_t n;
  const uint32_t *ex = pgo_cfg_loop_exits(g, 0, &n);
  ck_assert_uint_eq(n, 2);
  ck_assert_uint_eq(ex[0], succ_edge(g, 1, 1));
  ck_assert_uint_eq(ex[1], succ_edge(g, 2, 1));
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 1), N);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(irreducible_two_entries) {
  /* 0 -> {1, 2}; 1 <-> 2; 2 -> 3. */
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 2}, {2, 1}, {2, 3}};
  pgo_cfg *g = BUILD(g, 4, E);
  ck_assert_uint_eq(pgo_cfg_nloops(g), 0);
  ck_assert_uint_eq(pgo_cfg_nirreducible(g), 1);
  uint32_t n;
  const uint32_t *b = pgo_cfg_irreducible_blocks(g, 0, &n);
  ck_assert_uint_eq(n, 2);
  ck_assert(in_list(b, n, 1) && in_list(b, n, 2));
  ck_assert(pgo_cfg_rpo_index(g, b[0]) < pgo_cfg_rpo_index(g, b[1]));
  const uint32_t *en = pgo_cfg_irreducible_entries(g, 0, &n);
  ck_assert_uint_eq(n, 2);
  ck_assert(in_list(en, n, 1) && in_list(en, n, 2));
  ck_assert_uint_eq(pgo_cfg_block_irreducible(g, 1), 0);
  ck_assert_uint_eq(pgo_cfg_block_irreducible(g, 0), N);
  ck_assert_uint_eq(pgo_cfg_block_irreducible(g, 3), N);
  ck_assert_ptr_null(pgo_cfg_irreducible_blocks(g, 1, &n));
  pgo_cfg_free(g);
}
END_TEST

START_TEST(irreducible_inside_loop) {
  /* Loop headed by 1 (latch 4) containing the irreducible cycle 2 <-> 3
   * entered from 1 at both blocks. */
  static const uint32_t E[][2] = {{0, 1}, {1, 2}, {1, 3}, {2, 3}, {3, 2},
                                  {3, 4}, {4, 1}, {4, 5}};
  pgo_cfg *g = BUILD(g, 6, E);
  ck_assert_uint_eq(pgo_cfg_nloops(g), 1);
  ck_assert_uint_eq(pgo_cfg_loop_header(g, 0), 1);
  for (uint32_t b = 1; b <= 4; b++)
    ck_assert(pgo_cfg_loop_contains(g, 0, b));
  ck_assert_uint_eq(pgo_cfg_nirreducible(g), 1);
  uint32_t n;
  pgo_cfg_irreducible_blocks(g, 0, &n);
  ck_assert_uint_eq(n, 2);
  const uint32_t *en = pgo_cfg_irreducible_entries(g, 0, &n);
  ck_assert_uint_eq(n, 2);
  ck_assert_uint_eq(pgo_cfg_block_irreducible(g, 1), N);
  ck_assert_uint_eq(pgo_cfg_block_irreducible(g, 4), N);
  (void)en;
  pgo_cfg_free(g);
}
END_TEST

START_TEST(irreducible_three_entries_with_inner_loop) {
  /* Cycle 1 -> 2 -> 3 -> 1 entered from 0 at all three; 2 has a self loop
   * (a natural loop inside the region). */
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {0, 3}, {1, 2}, {2, 2},
                                  {2, 3}, {3, 1}, {3, 4}};
  pgo_cfg *g = BUILD(g, 5, E);
  ck_assert_uint_eq(pgo_cfg_nloops(g), 1);
  ck_assert_uint_eq(pgo_cfg_loop_header(g, 0), 2);
  ck_assert_uint_eq(pgo_cfg_nirreducible(g), 1);
  uint32_t n;
  const uint32_t *b = pgo_cfg_irreducible_blocks(g, 0, &n);
  ck_assert_uint_eq(n, 3);
  for (uint32_t k = 1; k <= 3; k++)
    ck_assert(in_list(b, n, k));
  pgo_cfg_irreducible_entries(g, 0, &n);
  ck_assert_uint_eq(n, 3);
  /* Every block's idom is the entry: no cycle block dominates another. */
  for (uint32_t k = 1; k <= 4; k++)
    ck_assert_uint_eq(pgo_cfg_idom(g, k), k == 4 ? 3 : 0);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(two_irreducible_regions_in_rpo_order) {
  /* Region A = {1, 2} entered from 0; then 3; region B = {4, 5} entered
   * from 3; 5 -> 6 exit. */
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 2}, {2, 1}, {2, 3},
                                  {3, 4}, {3, 5}, {4, 5}, {5, 4}, {5, 6}};
  pgo_cfg *g = BUILD(g, 7, E);
  ck_assert_uint_eq(pgo_cfg_nirreducible(g), 2);
  ck_assert_uint_eq(pgo_cfg_block_irreducible(g, 1), 0);
  ck_assert_uint_eq(pgo_cfg_block_irreducible(g, 2), 0);
  ck_assert_uint_eq(pgo_cfg_block_irreducible(g, 4), 1);
  ck_assert_uint_eq(pgo_cfg_block_irreducible(g, 5), 1);
  uint32_t n;
  const uint32_t *en = pgo_cfg_irreducible_entries(g, 1, &n);
  ck_assert_uint_eq(n, 2);
  ck_assert(in_list(en, n, 4) && in_list(en, n, 5));
  pgo_cfg_free(g);
}
END_TEST

START_TEST(entry_is_loop_header_and_not_block0) {
  /* Block 2 is the entry; 2 -> 0 -> 2 loop; 0 -> 1 exit. */
  static const uint32_t E[][2] = {{2, 0}, {0, 2}, {0, 1}};
  pgo_cfg *g;
  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  for (uint32_t i = 0; i < 3; i++)
    ck_assert_int_eq(pgo_cfg_add_block(g, i, 1, NULL), PGO_OK);
  for (uint32_t k = 0; k < 3; k++)
    ck_assert_int_eq(pgo_cfg_add_edge(g, E[k][0], E[k][1]), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_entry(g, 2), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_idom(g, 2), N);
  ck_assert_uint_eq(pgo_cfg_idom(g, 0), 2);
  ck_assert_uint_eq(pgo_cfg_nloops(g), 1);
  ck_assert_uint_eq(pgo_cfg_loop_header(g, 0), 2);
  ck_assert_uint_eq(pgo_cfg_nirreducible(g), 0);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(exit_terminators_with_successors) {
  /* A block marked THROW counts as an exit even with successors (an
   * exceptional edge modelled explicitly). */
  pgo_cfg *g;
  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  for (uint32_t i = 0; i < 3; i++)
    ck_assert_int_eq(pgo_cfg_add_block(g, i, 1, NULL), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 0, 1), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 1, 1), PGO_OK); /* would never end */
  ck_assert_int_eq(pgo_cfg_add_edge(g, 0, 2), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 2, 2), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, 1, PGO_TERM_THROW), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_PDOM), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_valid_analyses(g), PGO_ANALYSIS_PDOM);
  ck_assert(pgo_cfg_is_exit(g, 1));
  ck_assert(!pgo_cfg_is_exit(g, 2));
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 0), 1);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 2), N);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(deep_chain_no_recursion) {
  /* 1,000,000-block chain: a recursive DFS would overflow the stack. */
  const uint32_t n = 1000000;
  pgo_cfg *g;
  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  for (uint32_t i = 0; i < n; i++)
    ck_assert_int_eq(pgo_cfg_add_block(g, i, 1, NULL), PGO_OK);
  for (uint32_t i = 0; i + 1 < n; i++)
    ck_assert_int_eq(pgo_cfg_add_edge(g, i, i + 1), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, n - 1, 0), PGO_OK); /* one big loop */
  ck_assert_int_eq(pgo_cfg_add_edge(g, n / 2, n - 1), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_idom(g, n - 2), n - 3);
  ck_assert_uint_eq(pgo_cfg_idom(g, n - 1), n / 2);
  ck_assert(pgo_cfg_dominates(g, 0, n - 1));
  ck_assert(pgo_cfg_dominates(g, n / 2, n - 2));
  ck_assert_uint_eq(pgo_cfg_nloops(g), 1);
  /* No exit at all: nothing has a post-dominator. */
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 5), N);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(deep_loop_nest) {
  /* d nested loops: headers h_0..h_{d-1} (blocks 1..d), latches
   * l_{d-1}..l_0 (blocks d+1..2d); l_i -> h_i (back) and l_i -> l_{i-1}
   * (or the exit). */
  const uint32_t d = 100000, nb = 2 * d + 2;
  pgo_cfg *g;
  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  for (uint32_t i = 0; i < nb; i++)
    ck_assert_int_eq(pgo_cfg_add_block(g, i, 1, NULL), PGO_OK);
  const uint32_t exitb = nb - 1;
#define H(i) (1 + (i))
#define L(i) (2 * d - (i))
  ck_assert_int_eq(pgo_cfg_add_edge(g, 0, H(0)), PGO_OK);
  for (uint32_t i = 0; i + 1 < d; i++)
    ck_assert_int_eq(pgo_cfg_add_edge(g, H(i), H(i + 1)), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, H(d - 1), L(d - 1)), PGO_OK);
  for (uint32_t i = 0; i < d; i++) {
    ck_assert_int_eq(pgo_cfg_add_edge(g, L(i), H(i)), PGO_OK);
    ck_assert_int_eq(pgo_cfg_add_edge(g, L(i), i ? L(i - 1) : exitb), PGO_OK);
  }
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_nloops(g), d);
  for (uint32_t i = 0; i < d; i += 997) {
    ck_assert_uint_eq(pgo_cfg_loop_header(g, i), H(i));
    ck_assert_uint_eq(pgo_cfg_loop_depth(g, i), i + 1);
    ck_assert_uint_eq(pgo_cfg_loop_parent(g, i), i ? i - 1 : N);
    ck_assert_uint_eq(pgo_cfg_block_loop(g, L(i)), i);
    uint32_t n;
    pgo_cfg_loop_exits(g, i, &n);
    ck_assert_uint_eq(n, 1);
  }
  ck_assert(pgo_cfg_loop_contains(g, 0, L(d - 1)));
  ck_assert(!pgo_cfg_loop_contains(g, d - 1, L(d - 2)));
  ck_assert_uint_eq(pgo_cfg_ipdom(g, H(0)), H(1));
  ck_assert_uint_eq(pgo_cfg_ipdom(g, L(0)), exitb);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, L(5)), L(4));
  ck_assert_uint_eq(pgo_cfg_nirreducible(g), 0);
#undef H
#undef L
  pgo_cfg_free(g);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("core_analyses");
  TCase *tc = tcase_create("hand_built");
  tcase_add_test(tc, diamond);
  tcase_add_test(tc, nested_loops);
  tcase_add_test(tc, self_loop);
  tcase_add_test(tc, multiple_back_edges_one_header);
  tcase_add_test(tc, switch_with_duplicate_successors);
  tcase_add_test(tc, unreachable_blocks);
  tcase_add_test(tc, infinite_loop_postdom);
  tcase_add_test(tc, multiple_exit_blocks);
  tcase_add_test(tc, irreducible_two_entries);
  tcase_add_test(tc, irreducible_inside_loop);
  tcase_add_test(tc, irreducible_three_entries_with_inner_loop);
  tcase_add_test(tc, two_irreducible_regions_in_rpo_order);
  tcase_add_test(tc, entry_is_loop_header_and_not_block0);
  tcase_add_test(tc, exit_terminators_with_successors);
  suite_add_tcase(s, tc);
  TCase *deep = tcase_create("deep");
  tcase_set_timeout(deep, 120);
  tcase_add_test(deep, deep_chain_no_recursion);
  tcase_add_test(deep, deep_loop_nest);
  suite_add_tcase(s, deep);
  return s;
}

RUN_SUITE(suite())
