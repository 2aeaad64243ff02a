/* test_heuristics.c -- every Ball-Larus heuristic fires on a minimal graph
 * in the predicted direction; Dempster-Shafer combination; annotations
 * dominate; floors; multi-way branches; options and bad input. */
#include <check.h>
#include <stdio.h>

#include "synth_test_util.h"

typedef struct fx {
  pgo_cfg *cfg;
  pgo_pfg *pfg;
  pgo_synth *s;
} fx;

static pgo_cfg *graph(uint32_t n, const uint32_t (*e)[2], uint32_t ne) {
  pgo_cfg *cfg = tu_graph(n, e, ne);
  ck_assert_ptr_nonnull(cfg);
  return cfg;
}

/* finish, synthesize with options o (NULL: defaults) */
static fx run(pgo_cfg *cfg, const pgo_synth_options *o) {
  fx f = {cfg, NULL, NULL};
  ck_assert_int_eq(tu_finish(cfg), PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &f.pfg), PGO_OK);
  ck_assert_int_eq(pgo_synth_new(NULL, &f.s), PGO_OK);
  pgo_status st = pgo_synth_run(f.s, cfg, o, f.pfg);
  ck_assert_msg(st == PGO_OK, "%s", pgo_synth_errmsg(f.s));
  return f;
}

static void fx_free(fx *f) {
  pgo_synth_free(f->s);
  pgo_pfg_free(f->pfg);
  pgo_cfg_free(f->cfg);
}

static uint32_t for_of(const fx *f, uint32_t b, uint32_t k) {
  uint32_t m = 0;
  pgo_synth_fired(f->s, tu_edge(f->cfg, b, k), &m, NULL);
  return m;
}

static uint32_t against_of(const fx *f, uint32_t b, uint32_t k) {
  uint32_t m = 0;
  pgo_synth_fired(f->s, tu_edge(f->cfg, b, k), NULL, &m);
  return m;
}

static double prob(const fx *f, uint32_t b, uint32_t k) {
  return pgo_pfg_edge_prob(f->pfg, tu_edge(f->cfg, b, k));
}

#define BIT(h) (1u << (h))

/* Only heuristic h fired on block b, predicting successor k (2-way). */
static void only(const fx *f, uint32_t b, uint32_t k, pgo_synth_heuristic h) {
  ck_assert_uint_eq(for_of(f, b, k), BIT(h));
  ck_assert_uint_eq(against_of(f, b, 1 - k), BIT(h));
  ck_assert_uint_eq(for_of(f, b, 1 - k), 0);
  ck_assert_double_eq_tol(prob(f, b, k), pgo_synth_heuristic_prob(h), 1e-12);
}

START_TEST(table) {
  ck_assert_str_eq(pgo_synth_heuristic_name(PGO_SYNTH_H_LOOP_BRANCH),
                   "loop-branch");
  ck_assert_double_eq(pgo_synth_heuristic_prob(PGO_SYNTH_H_OPCODE), 0.84);
  ck_assert_str_eq(pgo_synth_heuristic_name(PGO_SYNTH_NHEURISTICS), "?");
  for (int h = 0; h < PGO_SYNTH_NHEURISTICS; h++) {
    double p = pgo_synth_heuristic_prob((pgo_synth_heuristic)h);
    ck_assert(p > 0.5 && p < 1);
  }
}
END_TEST

/* Exits lead through two jumps to the return (3 -> 4 -> 5) so that the
 * return heuristic stays silent. */

/* 0 -> 1; 1 -> 2; 2 -> 1 (back) / 3.  Block 2: a rotated loop's latch. */
START_TEST(loop_branch_back_edge) {
  static const uint32_t e[][2] = {{0, 1}, {1, 2}, {2, 1},
                                  {2, 3}, {3, 4}, {4, 5}};
  fx f = run(graph(6, e, 6), NULL);
  only(&f, 2, 0, PGO_SYNTH_H_LOOP_BRANCH);
  fx_free(&f);
}
END_TEST

/* 0 -> 1; 1 (header) -> 2 / 3; 2 -> 1.  A top-tested loop's test. */
START_TEST(loop_branch_header_test) {
  static const uint32_t e[][2] = {{0, 1}, {1, 2}, {1, 3},
                                  {2, 1}, {3, 4}, {4, 5}};
  fx f = run(graph(6, e, 6), NULL);
  only(&f, 1, 0, PGO_SYNTH_H_LOOP_BRANCH);
  /* the synthesized loop runs 1 / (1 - 0.88) times */
  ck_assert_double_eq_tol(pgo_pfg_block_count(f.pfg, 1), 1 / 0.12, 1e-9);
  fx_free(&f);
}
END_TEST

/* 0 -> 1(h); 1 -> 2; 2 -> 3 / 4 (exit); 3 -> 1. */
START_TEST(loop_exit) {
  static const uint32_t e[][2] = {{0, 1}, {1, 2}, {2, 3}, {2, 4},
                                  {3, 1}, {4, 5}, {5, 6}};
  fx f = run(graph(7, e, 7), NULL);
  only(&f, 2, 0, PGO_SYNTH_H_LOOP_EXIT);
  fx_free(&f);
}
END_TEST

/* 0 -> 1 (pre-header) / 4; 1 -> 2; 2 -> 2 / 3; 3 -> 4. */
START_TEST(loop_header) {
  static const uint32_t e[][2] = {{0, 1}, {0, 4}, {1, 2}, {2, 2},
                                  {2, 3}, {3, 4}, {4, 5}, {5, 6}};
  fx f = run(graph(7, e, 8), NULL);
  only(&f, 0, 0, PGO_SYNTH_H_LOOP_HEADER);
  fx_free(&f);
}
END_TEST

/* 0 -> 1 / 2; 1 -> 3; 2 -> 3: a plain diamond, features set per test */
static pgo_cfg *diamond(pgo_branch_features bf) {
  static const uint32_t e[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
  pgo_cfg *cfg = graph(4, e, 4);
  pgo_cfg_set_branch(cfg, 0, &bf);
  return cfg;
}

START_TEST(pointer) {
  pgo_branch_features bf = {PGO_CMP_EQ, PGO_OPND_POINTER, PGO_OPND_NULL};
  fx f = run(diamond(bf), NULL);
  only(&f, 0, 1, PGO_SYNTH_H_POINTER);
  fx_free(&f);
  bf.cmp = PGO_CMP_NE;
  bf.rhs = PGO_OPND_POINTER;
  f = run(diamond(bf), NULL);
  only(&f, 0, 0, PGO_SYNTH_H_POINTER);
  fx_free(&f);
}
END_TEST

START_TEST(opcode) {
  /* x < 0 fails */
  pgo_branch_features bf = {PGO_CMP_SLT, PGO_OPND_OTHER, PGO_OPND_ZERO};
  fx f = run(diamond(bf), NULL);
  only(&f, 0, 1, PGO_SYNTH_H_OPCODE);
  fx_free(&f);
  /* 0 < x, i.e. x > 0, holds */
  bf = (pgo_branch_features){PGO_CMP_SLT, PGO_OPND_ZERO, PGO_OPND_OTHER};
  f = run(diamond(bf), NULL);
  only(&f, 0, 0, PGO_SYNTH_H_OPCODE);
  fx_free(&f);
  /* x == 7 fails */
  bf = (pgo_branch_features){PGO_CMP_EQ, PGO_OPND_OTHER, PGO_OPND_CONST};
  f = run(diamond(bf), NULL);
  only(&f, 0, 1, PGO_SYNTH_H_OPCODE);
  fx_free(&f);
  /* fp == fails */
  bf = (pgo_branch_features){PGO_CMP_FEQ, PGO_OPND_FLOAT, PGO_OPND_FLOAT};
  f = run(diamond(bf), NULL);
  only(&f, 0, 1, PGO_SYNTH_H_OPCODE);
  fx_free(&f);
  /* x < y: nothing */
  bf = (pgo_branch_features){PGO_CMP_SLT, PGO_OPND_OTHER, PGO_OPND_OTHER};
  f = run(diamond(bf), NULL);
  ck_assert_uint_eq(for_of(&f, 0, 0) | for_of(&f, 0, 1), 0);
  ck_assert_double_eq(prob(&f, 0, 0), 0.5);
  fx_free(&f);
}
END_TEST

START_TEST(guard) {
  pgo_branch_features bf = {PGO_CMP_SLT, PGO_OPND_OTHER, PGO_OPND_OTHER};
  pgo_cfg *cfg = diamond(bf);
  ck_assert_int_eq(tu_finish(cfg), PGO_OK);
  unsigned hints[4] = {0};
  hints[tu_edge(cfg, 0, 1)] = PGO_SYNTH_HINT_USES_OPERAND;
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  o.edge_hints = hints;
  fx f = run(cfg, &o);
  only(&f, 0, 1, PGO_SYNTH_H_GUARD);
  fx_free(&f);
}
END_TEST

START_TEST(call_store) {
  static const pgo_synth_heuristic hs[2] = {PGO_SYNTH_H_CALL,
                                            PGO_SYNTH_H_STORE};
  static const unsigned fl[2] = {PGO_BLOCK_CALLS, PGO_BLOCK_STORES};
  for (int i = 0; i < 2; i++) {
    pgo_cfg *cfg = diamond((pgo_branch_features){0, 0, 0});
    pgo_cfg_set_flags(cfg, 1, fl[i]);
    fx f = run(cfg, NULL);
    only(&f, 0, 1, hs[i]);
    fx_free(&f);
  }
  /* both on the same successor: Dempster-Shafer */
  pgo_cfg *cfg = diamond((pgo_branch_features){0, 0, 0});
  pgo_cfg_set_flags(cfg, 1, PGO_BLOCK_CALLS | PGO_BLOCK_STORES);
  fx f = run(cfg, NULL);
  double b1 = 0.78, b2 = 0.55, ds = b1 * b2 / (b1 * b2 + (1 - b1) * (1 - b2));
  ck_assert_double_eq_tol(prob(&f, 0, 1), ds, 1e-12);
  ck_assert_uint_eq(for_of(&f, 0, 1),
                    BIT(PGO_SYNTH_H_CALL) | BIT(PGO_SYNTH_H_STORE));
  fx_free(&f);
  /* calls only to functions of the same module: no call evidence */
  cfg = diamond((pgo_branch_features){0, 0, 0});
  pgo_cfg_set_flags(cfg, 1, PGO_BLOCK_CALLS);
  ck_assert_int_eq(tu_finish(cfg), PGO_OK);
  unsigned bh[4] = {0, PGO_SYNTH_BHINT_LOCAL_CALLS_ONLY, 0, 0};
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  o.block_hints = bh;
  f = run(cfg, &o);
  ck_assert_uint_eq(for_of(&f, 0, 0) | for_of(&f, 0, 1), 0);
  ck_assert_double_eq(prob(&f, 0, 0), 0.5);
  fx_free(&f);
  /* a post-dominating successor's call says nothing */
  static const uint32_t e[][2] = {{0, 1}, {0, 2}, {1, 2}};
  cfg = graph(3, e, 3);
  pgo_cfg_set_flags(cfg, 2, PGO_BLOCK_CALLS);
  f = run(cfg, NULL);
  ck_assert_uint_eq(for_of(&f, 0, 0) | for_of(&f, 0, 1), 0);
  fx_free(&f);
}
END_TEST

/* 0 -> 1 (returns) / 2; 2 -> 3; 3 -> 4; 4 returns. */
START_TEST(return_h) {
  static const uint32_t e[][2] = {{0, 1}, {0, 2}, {2, 3}, {3, 4}};
  fx f = run(graph(5, e, 4), NULL);
  only(&f, 0, 1, PGO_SYNTH_H_RETURN);
  fx_free(&f);
}
END_TEST

/* 0 -> 1 / 2; 1 -> 3 (unreachable); 2 -> 4; 4 -> 5 returns */
START_TEST(cold_path) {
  static const uint32_t e[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 4}, {4, 5}};
  pgo_cfg *cfg = graph(6, e, 5);
  pgo_cfg_set_term(cfg, 3, PGO_TERM_UNREACHABLE);
  fx f = run(cfg, NULL);
  only(&f, 0, 1, PGO_SYNTH_H_COLD);
  ck_assert_double_le(prob(&f, 0, 0), 1.0001e-4);
  ck_assert_double_ge(prob(&f, 0, 0), 1e-4);
  fx_free(&f);
  /* noreturn call */
  cfg = graph(6, e, 5);
  pgo_cfg_set_term(cfg, 3, PGO_TERM_UNREACHABLE);
  pgo_cfg_set_flags(cfg, 1, PGO_BLOCK_NORETURN | PGO_BLOCK_CALLS);
  f = run(cfg, NULL);
  ck_assert(against_of(&f, 0, 0) & BIT(PGO_SYNTH_H_COLD));
  ck_assert_double_ge(prob(&f, 0, 0), 1e-4);
  ck_assert_double_le(prob(&f, 0, 0), 2e-4);
  fx_free(&f);
  /* disabled: no evidence */
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  o.disabled = BIT(PGO_SYNTH_H_COLD);
  cfg = graph(6, e, 5);
  pgo_cfg_set_term(cfg, 3, PGO_TERM_UNREACHABLE);
  f = run(cfg, &o);
  ck_assert_double_eq(prob(&f, 0, 0), 0.5);
  fx_free(&f);
}
END_TEST

/* invoke: normal (0) / unwind (1) */
START_TEST(invoke_unwind) {
  static const uint32_t e[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
  pgo_cfg *cfg = graph(4, e, 4);
  pgo_cfg_set_term(cfg, 0, PGO_TERM_INVOKE);
  fx f = run(cfg, NULL);
  ck_assert(against_of(&f, 0, 1) & BIT(PGO_SYNTH_H_COLD));
  ck_assert_double_le(prob(&f, 0, 1), 1.0001e-4);
  fx_free(&f);
}
END_TEST

/* Annotations dominate: a loop branch annotated 0.3 / 0.7 gets exactly
 * that, provenance ANNOTATED; the overridden heuristic is still shown. */
START_TEST(annotation_dominates) {
  static const uint32_t e[][2] = {{0, 1}, {1, 2}, {1, 3}, {2, 1}};
  pgo_cfg *cfg = graph(4, e, 4);
  double a[2] = {0.3, 0.7};
  pgo_cfg_set_annotation(cfg, 1, a, 2);
  fx f = run(cfg, NULL);
  ck_assert_double_eq_tol(prob(&f, 1, 0), 0.3, 1e-15);
  ck_assert_int_eq(pgo_pfg_edge_prov(f.pfg, tu_edge(f.cfg, 1, 0)),
                   PGO_PROV_ANNOTATED);
  ck_assert(for_of(&f, 1, 0) & PGO_SYNTH_ANNOTATION_BIT);
  ck_assert(for_of(&f, 1, 0) & BIT(PGO_SYNTH_H_LOOP_BRANCH));
  ck_assert_double_eq_tol(pgo_pfg_block_count(f.pfg, 1), 1 / 0.7, 1e-12);
  ck_assert_int_eq(pgo_pfg_edge_prov(f.pfg, tu_edge(f.cfg, 0, 0)),
                   PGO_PROV_SYNTHESIZED);
  fx_free(&f);
  /* an annotation of exactly 0 / 1 is floored, not trusted blindly */
  cfg = graph(4, e, 4);
  double hard[2] = {1.0, 0.0};
  pgo_cfg_set_annotation(cfg, 1, hard, 2);
  f = run(cfg, NULL);
  ck_assert_double_eq_tol(prob(&f, 1, 1), 1e-4, 1e-15);
  ck_assert_double_le(pgo_pfg_block_count(f.pfg, 1), 1e4 + 1e-6);
  fx_free(&f);
}
END_TEST

/* Switch: uniform over successor indices, cold cases floored, duplicates
 * count twice, sum 1. */
START_TEST(switch_multiway) {
  static const uint32_t e[][2] = {{0, 1}, {0, 2}, {0, 3}, {0, 3},
                                  {1, 5}, {2, 5}, {3, 5}, {4, 4}};
  pgo_cfg *cfg = graph(6, e, 8);
  pgo_cfg_set_term(cfg, 0, PGO_TERM_SWITCH);
  pgo_cfg_set_term(cfg, 2, PGO_TERM_UNREACHABLE);
  /* block 2 now has a successor but an unreachable terminator: give it
   * none instead */
  pgo_cfg_free(cfg);
  static const uint32_t e2[][2] = {{0, 1}, {0, 2}, {0, 3}, {0, 3},
                                   {1, 4}, {3, 4}, {4, 5}, {5, 6}};
  cfg = graph(7, e2, 8);
  pgo_cfg_set_term(cfg, 2, PGO_TERM_UNREACHABLE);
  fx f = run(cfg, NULL);
  double sum = 0;
  for (uint32_t k = 0; k < 4; k++)
    sum += prob(&f, 0, k);
  ck_assert_double_eq_tol(sum, 1.0, 1e-15);
  ck_assert_double_eq_tol(prob(&f, 0, 1), 1e-4, 1e-12);
  ck_assert_double_eq_tol(prob(&f, 0, 0), prob(&f, 0, 2), 1e-15);
  ck_assert_double_eq_tol(prob(&f, 0, 2), prob(&f, 0, 3), 1e-15);
  ck_assert_double_eq_tol(pgo_pfg_block_count(f.pfg, 3), 2 * prob(&f, 0, 2),
                          1e-15);
  fx_free(&f);
}
END_TEST

/* A very wide switch: the floor shrinks to 1/(2n), probabilities sum 1. */
START_TEST(wide_switch_floor) {
  uint32_t n = 20001, ne = n - 1;
  uint32_t(*e)[2] = malloc(ne * sizeof *e);
  for (uint32_t k = 0; k < ne; k++) {
    e[k][0] = 0;
    e[k][1] = 1 + k;
  }
  pgo_cfg *cfg = graph(n, (const uint32_t(*)[2])e, ne);
  free(e);
  pgo_cfg_set_term(cfg, 1, PGO_TERM_UNREACHABLE);
  fx f = run(cfg, NULL);
  double sum = 0, mn = 1;
  for (uint32_t k = 0; k < ne; k++) {
    sum += prob(&f, 0, k);
    mn = fmin(mn, prob(&f, 0, k));
  }
  ck_assert_double_eq_tol(sum, 1.0, 1e-9);
  ck_assert_double_ge(mn, 0.5 / ne * (1 - 1e-12));
  fx_free(&f);
}
END_TEST

START_TEST(bad_input) {
  pgo_synth *s = NULL;
  ck_assert_int_eq(pgo_synth_new(NULL, NULL), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
  pgo_synth_free(NULL);
  static const uint32_t e[][2] = {{0, 1}, {0, 2}};
  pgo_cfg *a = graph(3, e, 2), *b = graph(3, e, 2);
  pgo_pfg *p = NULL;
  ck_assert_int_eq(tu_finish(a), PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(NULL, a, &p), PGO_OK);
  /* profile over another graph */
  ck_assert_int_eq(tu_finish(b), PGO_OK);
  ck_assert_int_eq(pgo_synth_run(s, b, NULL, p), PGO_ERR_INVALID);
  ck_assert(strlen(pgo_synth_errmsg(s)) > 0);
  ck_assert_int_eq(pgo_synth_run(s, NULL, NULL, p), PGO_ERR_INVALID);
  /* options out of range */
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  o.cp_cap = 1.0;
  ck_assert_int_eq(pgo_synth_run(s, a, &o, p), PGO_ERR_INVALID);
  pgo_synth_options_init(&o);
  o.tolerance = 0;
  ck_assert_int_eq(pgo_synth_run(s, a, &o, p), PGO_ERR_INVALID);
  pgo_synth_options_init(&o);
  o.floor = 0.7;
  ck_assert_int_eq(pgo_synth_run(s, a, &o, p), PGO_ERR_INVALID);
  pgo_synth_options_init(&o);
  o.max_iter = 0;
  ck_assert_int_eq(pgo_synth_run(s, a, &o, p), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_synth_run(s, a, NULL, p), PGO_OK);
  ck_assert_str_eq(pgo_synth_errmsg(s), "");
  uint32_t fm = 7, am = 7;
  pgo_synth_fired(s, 999, &fm, &am);
  ck_assert_uint_eq(fm | am, 0);
  ck_assert_double_eq(pgo_synth_loop_cp(s, 0), -1);
  pgo_pfg_free(p);
  pgo_cfg_free(a);
  pgo_cfg_free(b);
  pgo_synth_free(s);
}
END_TEST

int main(void) {
  Suite *su = suite_create("synth_heuristics");
  TCase *tc = tcase_create("heuristics");
  tcase_add_test(tc, table);
  tcase_add_test(tc, loop_branch_back_edge);
  tcase_add_test(tc, loop_branch_header_test);
  tcase_add_test(tc, loop_exit);
  tcase_add_test(tc, loop_header);
  tcase_add_test(tc, pointer);
  tcase_add_test(tc, opcode);
  tcase_add_test(tc, guard);
  tcase_add_test(tc, call_store);
  tcase_add_test(tc, return_h);
  tcase_add_test(tc, cold_path);
  tcase_add_test(tc, invoke_unwind);
  tcase_add_test(tc, annotation_dominates);
  tcase_add_test(tc, switch_multiway);
  tcase_add_test(tc, wide_switch_floor);
  tcase_add_test(tc, bad_input);
  suite_add_tcase(su, tc);
  SRunner *sr = srunner_create(su);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
