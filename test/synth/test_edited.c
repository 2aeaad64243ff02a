/*
 * test_edited.c -- synthesis on an edited graph: a loop with a diamond,
 * edited while a profile lives (critical edges split, a block removed, a
 * block duplicated and an edge redirected to the copy, so the graph has
 * tombstones, split blocks and a copy).  pgo_synth_run must succeed and
 * give a profile that passes pgo_pfg_verify, with the tombstones at
 * 0 / NONE and the new blocks synthesized (reachable ones with a positive
 * count) and Kirchhoff's law holding.
 */
#include <check.h>
#include <pgo/core.h>
#include <pgo/synth.h>

#include <math.h>
#include <stdlib.h>

START_TEST(synth_on_edited_graph) {
  /* 0 -> 1; 1 -> 2 | 3; 2 -> 4; 3 -> 4 | 5; 4 -> 1 (back) | 6; 5 -> 6;
   * 6 returns. */
  static const uint32_t e[][2] = {{0, 1}, {1, 2}, {1, 3}, {2, 4}, {3, 4},
                                  {3, 5}, {4, 1}, {4, 6}, {5, 6}};
  pgo_cfg *g;
  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  for (uint32_t b = 0; b < 7; b++)
    ck_assert_int_eq(pgo_cfg_add_block(g, 4 * b, 4, NULL), PGO_OK);
  for (uint32_t k = 0; k < sizeof e / sizeof e[0]; k++)
    ck_assert_int_eq(pgo_cfg_add_edge(g, e[k][0], e[k][1]), PGO_OK);
  static const pgo_term t[] = {PGO_TERM_JUMP,   PGO_TERM_BRANCH, PGO_TERM_JUMP,
                               PGO_TERM_BRANCH, PGO_TERM_BRANCH, PGO_TERM_JUMP,
                               PGO_TERM_RETURN};
  for (uint32_t b = 0; b < 7; b++)
    ck_assert_int_eq(pgo_cfg_set_term(g, b, t[b]), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  pgo_pfg *p;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &p), PGO_OK);

  /* split the critical edges 3 -> 4 and 4 -> 1 */
  uint32_t crit[2] = {pgo_cfg_edge_at(g, 3, 0), pgo_cfg_edge_at(g, 4, 0)};
  uint32_t split[2];
  ck_assert_int_eq(pgo_cfg_split_edges(g, crit, 2, split), PGO_OK);
  /* remove 5: 3 narrows to a jump into its split block */
  ck_assert_int_eq(pgo_cfg_remove_block(g, 5), PGO_OK);
  /* duplicate 2 and send 1's first successor to the copy */
  uint32_t d;
  ck_assert_int_eq(pgo_cfg_duplicate_block(g, 2, &d), PGO_OK);
  ck_assert_int_eq(pgo_cfg_redirect_edge(g, pgo_cfg_edge_at(g, 1, 0), d),
                   PGO_OK);
  ck_assert_int_eq(pgo_cfg_verify(g), PGO_OK);
  ck_assert(pgo_cfg_block_removed(g, 5));

  pgo_synth *s;
  ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
  pgo_status st = pgo_synth_run(s, g, NULL, p);
  ck_assert_msg(st == PGO_OK, "%s", pgo_synth_errmsg(s));
  ck_assert_msg(pgo_pfg_verify(p) == PGO_OK, "%s", pgo_pfg_errmsg(p));
  ck_assert(pgo_pfg_block_count(p, 5) == 0.0);
  ck_assert_int_eq(pgo_pfg_block_prov(p, 5), PGO_PROV_NONE);
  uint32_t newb[3] = {split[0], split[1], d};
  for (int i = 0; i < 3; i++) {
    ck_assert_uint_eq(pgo_cfg_il_offset(g, newb[i]), PGO_NONE);
    ck_assert_int_eq(pgo_pfg_block_prov(p, newb[i]), PGO_PROV_SYNTHESIZED);
    ck_assert_msg(pgo_pfg_block_count(p, newb[i]) > 0.0, "block %u",
                  newb[i]);
  }
  /* block 2 is unreachable now: exactly 0 */
  ck_assert(pgo_pfg_block_count(p, 2) == 0.0);
  uint32_t worst;
  double r = pgo_pfg_max_residual(p, &worst);
  ck_assert_msg(r < 1e-6, "residual %g at block %u", r, worst);
  pgo_synth_free(s);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

int main(void) {
  Suite *su = suite_create("synth_edited");
  TCase *tc = tcase_create("edited");
  tcase_add_test(tc, synth_on_edited_graph);
  suite_add_tcase(su, tc);
  SRunner *sr = srunner_create(su);
  srunner_run_all(sr, CK_NORMAL);
  int nf = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nf == 0 ? 0 : 1;
}
