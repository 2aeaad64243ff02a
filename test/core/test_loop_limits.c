/* test_loop_limits.c -- the loop analysis on a graph whose exit lists are
 * too big for 32-bit offsets.  An exit edge is listed once per loop it
 * leaves (pgo_cfg_loop_exits), so D nested loops with K edges leaving all
 * of them need K * D entries; with K = D = 65536 that is 2^32.  Before the
 * check the offsets wrapped and the fill wrote past the array (a heap
 * overflow, found with a random 10^6-block graph); now the analysis fails
 * with PGO_ERR_RANGE and a message, the loop analysis stays invalid and
 * the graph is otherwise usable.  (Just below the limit the lists would
 * take 16 GiB, so that side is not run here; test_core_analyses and
 * test_core_random check the lists themselves.) */
#include <check.h>
#include <string.h>

#include "pgo/core.h"

enum { D = 65536, K = 65536 };

/* h_0 .. h_{D-1} nested headers, the body e_1 .. e_K in the innermost
 * loop, each e_j also jumping to the exit x; latches l_i -> h_i (back
 * edge) and l_i -> l_{i-1} (leave loop i). */
static pgo_cfg *deep_nest(void) {
  pgo_cfg *g = NULL;
  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  uint32_t n = 2 * D + K + 1, b;
  for (uint32_t i = 0; i < n; i++)
    ck_assert_int_eq(pgo_cfg_add_block(g, i, 1, &b), PGO_OK);
  uint32_t h0 = 0, e1 = D, l0 = D + K, x = 2 * D + K;
  for (uint32_t i = 0; i + 1 < D; i++)
    pgo_cfg_add_edge(g, h0 + i, h0 + i + 1);
  pgo_cfg_add_edge(g, h0 + D - 1, e1);
  for (uint32_t j = 0; j < K; j++) {
    pgo_cfg_add_edge(g, e1 + j, j + 1 < K ? e1 + j + 1 : l0 + D - 1);
    pgo_cfg_add_edge(g, e1 + j, x);
  }
  for (uint32_t i = 0; i < D; i++) {
    pgo_cfg_add_edge(g, l0 + i, h0 + i);
    pgo_cfg_add_edge(g, l0 + i, i > 0 ? l0 + i - 1 : x);
  }
  for (uint32_t i = 0; i < n; i++)
    pgo_cfg_set_term(g, i,
                     pgo_cfg_nsucc(g, i) == 0   ? PGO_TERM_RETURN
                     : pgo_cfg_nsucc(g, i) == 1 ? PGO_TERM_JUMP
                                                : PGO_TERM_BRANCH);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  return g;
}

START_TEST(exit_lists_too_big) {
  pgo_cfg *g = deep_nest();
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_DOM | PGO_ANALYSIS_PDOM),
                   PGO_OK);
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_LOOPS), PGO_ERR_RANGE);
  ck_assert_msg(strstr(pgo_cfg_errmsg(g), "exit lists") != NULL, "%s",
                pgo_cfg_errmsg(g));
  ck_assert_uint_eq(pgo_cfg_valid_analyses(g) & PGO_ANALYSIS_LOOPS, 0);
  /* the analyses that were valid stay valid and answer */
  ck_assert_uint_eq(pgo_cfg_valid_analyses(g) & PGO_ANALYSIS_DOM,
                    PGO_ANALYSIS_DOM);
  ck_assert_uint_eq(pgo_cfg_idom(g, 1), 0);
  pgo_cfg_free(g);
}
END_TEST

int main(void) {
  Suite *s = suite_create("core_loop_limits");
  TCase *tc = tcase_create("limits");
  tcase_set_timeout(tc, 600);
  tcase_add_test(tc, exit_lists_too_big);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
