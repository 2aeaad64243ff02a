/* test_freq.c -- the frequency solvers: closed forms (diamond, loop with a
 * known trip count, nested loops, a loop with no exit, irreducible graph
 * against a dense solve) and random graphs (flow conservation to 1e-9
 * relative, finite non-negative counts, agreement with a dense solve). */
#include <check.h>
#include <stdio.h>

#include "synth_test_util.h"

typedef struct fx {
  pgo_cfg *cfg;
  pgo_pfg *pfg;
  pgo_synth *s;
} fx;

static fx fx_make(uint32_t n, const uint32_t (*e)[2], uint32_t ne) {
  fx f = {tu_graph(n, e, ne), NULL, NULL};
  ck_assert_ptr_nonnull(f.cfg);
  ck_assert_int_eq(tu_finish(f.cfg), PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(NULL, f.cfg, &f.pfg), PGO_OK);
  ck_assert_int_eq(pgo_synth_new(NULL, &f.s), PGO_OK);
  return f;
}

static void fx_free(fx *f) {
  pgo_synth_free(f->s);
  pgo_pfg_free(f->pfg);
  pgo_cfg_free(f->cfg);
}

static void set2(fx *f, uint32_t b, double p0) {
  pgo_pfg_set_edge_prob(f->pfg, tu_edge(f->cfg, b, 0), p0,
                        PGO_PROV_SYNTHESIZED);
  pgo_pfg_set_edge_prob(f->pfg, tu_edge(f->cfg, b, 1), 1 - p0,
                        PGO_PROV_SYNTHESIZED);
}

static void set1(fx *f, uint32_t b) {
  pgo_pfg_set_edge_prob(f->pfg, tu_edge(f->cfg, b, 0), 1.0,
                        PGO_PROV_SYNTHESIZED);
}

#define N(f, b) pgo_pfg_block_count((f).pfg, (b))
#define EPS 1e-12

START_TEST(diamond) {
  static const uint32_t e[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
  fx f = fx_make(4, e, 4);
  set2(&f, 0, 0.3);
  set1(&f, 1);
  set1(&f, 2);
  ck_assert_int_eq(pgo_synth_frequencies(f.s, f.cfg, NULL, f.pfg), PGO_OK);
  ck_assert_double_eq_tol(N(f, 0), 1.0, EPS);
  ck_assert_double_eq_tol(N(f, 1), 0.3, EPS);
  ck_assert_double_eq_tol(N(f, 2), 0.7, EPS);
  ck_assert_double_eq_tol(N(f, 3), 1.0, EPS);
  ck_assert_int_eq(pgo_pfg_block_prov(f.pfg, 3), PGO_PROV_SYNTHESIZED);
  ck_assert_double_eq_tol(pgo_pfg_edge_count(f.pfg, tu_edge(f.cfg, 0, 1)), 0.7,
                          EPS);
  fx_free(&f);
}
END_TEST

/* while (i < n): header 1 -> body 2 (p) / exit 3; body -> header.
 * N_h = 1 / (1 - p): a trip count of p / (1 - p) body iterations. */
START_TEST(loop_trip_count) {
  static const uint32_t e[][2] = {{0, 1}, {1, 2}, {1, 3}, {2, 1}};
  fx f = fx_make(4, e, 4);
  set1(&f, 0);
  set2(&f, 1, 0.9);
  set1(&f, 2);
  ck_assert_int_eq(pgo_synth_frequencies(f.s, f.cfg, NULL, f.pfg), PGO_OK);
  ck_assert_double_eq_tol(N(f, 1), 10.0, 1e-10);
  ck_assert_double_eq_tol(N(f, 2), 9.0, 1e-10);
  ck_assert_double_eq_tol(N(f, 3), 1.0, 1e-12);
  ck_assert_double_eq_tol(pgo_synth_loop_cp(f.s, 0), 0.9, 1e-12);
  ck_assert_uint_eq(pgo_synth_last_report(f.s)->capped_loops, 0);
  /* The profile is consistent: Kirchhoff holds everywhere. */
  ck_assert_double_le(pgo_pfg_max_residual(f.pfg, NULL), 1e-12);
  fx_free(&f);
}
END_TEST

/* Rotated (do-while) loop with two exits: 0 -> 1; 1 -> 2 (0.8) / 4;
 * 2 -> 1 (0.75) / 3; 3 -> 4.  cp = 0.8 * 0.75 = 0.6, N_1 = 2.5. */
START_TEST(loop_two_exits) {
  static const uint32_t e[][2] = {{0, 1}, {1, 2}, {1, 4},
                                  {2, 1}, {2, 3}, {3, 4}};
  fx f = fx_make(5, e, 6);
  set1(&f, 0);
  set2(&f, 1, 0.8);
  set2(&f, 2, 0.75);
  set1(&f, 3);
  ck_assert_int_eq(pgo_synth_frequencies(f.s, f.cfg, NULL, f.pfg), PGO_OK);
  ck_assert_double_eq_tol(N(f, 1), 2.5, 1e-12);
  ck_assert_double_eq_tol(N(f, 2), 2.0, 1e-12);
  ck_assert_double_eq_tol(N(f, 3), 0.5, 1e-12);
  ck_assert_double_eq_tol(N(f, 4), 1.0, 1e-12);
  fx_free(&f);
}
END_TEST

/* Nested: 0 -> h1(1); h1 -> h2(2) p1 / exit(5); h2 -> b(3) p2 / latch(4);
 * b -> h2; latch -> h1.  N_h1 = 1/(1-p1), N_h2 = N_h1 p1 / (1-p2). */
START_TEST(nested_loops) {
  static const uint32_t e[][2] = {{0, 1}, {1, 2}, {1, 5}, {2, 3},
                                  {2, 4}, {3, 2}, {4, 1}};
  fx f = fx_make(6, e, 7);
  double p1 = 0.75, p2 = 0.95;
  set1(&f, 0);
  set2(&f, 1, p1);
  set2(&f, 2, p2);
  set1(&f, 3);
  set1(&f, 4);
  ck_assert_int_eq(pgo_synth_frequencies(f.s, f.cfg, NULL, f.pfg), PGO_OK);
  double h1 = 1 / (1 - p1), h2 = h1 * p1 / (1 - p2);
  ck_assert_double_eq_tol(N(f, 1), h1, 1e-12);
  ck_assert_double_eq_tol(N(f, 2), h2, 1e-10);
  ck_assert_double_eq_tol(N(f, 3), h2 * p2, 1e-10);
  ck_assert_double_eq_tol(N(f, 4), h1 * p1, 1e-12);
  ck_assert_double_eq_tol(N(f, 5), 1.0, 1e-12);
  ck_assert_uint_eq(pgo_cfg_nloops(f.cfg), 2);
  ck_assert_double_le(pgo_pfg_max_residual(f.pfg, NULL), 1e-12);
  fx_free(&f);
}
END_TEST

/* for(;;) {}: no exit.  cp = 1 is capped at 0.999: header = 1000. */
START_TEST(loop_no_exit_capped) {
  static const uint32_t e[][2] = {{0, 1}, {1, 2}, {2, 1}};
  fx f = fx_make(3, e, 3);
  set1(&f, 0);
  set1(&f, 1);
  set1(&f, 2);
  ck_assert_int_eq(pgo_synth_frequencies(f.s, f.cfg, NULL, f.pfg), PGO_OK);
  ck_assert_double_eq_tol(N(f, 1), 1000.0, 1e-8);
  ck_assert_double_eq_tol(N(f, 2), 1000.0, 1e-8);
  const pgo_synth_report *r = pgo_synth_last_report(f.s);
  ck_assert_uint_eq(r->capped_loops, 1);
  ck_assert_double_eq_tol(r->max_cp, 1.0, 1e-12);
  /* A different cap gives 1 / (1 - cap). */
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  o.cp_cap = 0.99;
  ck_assert_int_eq(pgo_synth_frequencies(f.s, f.cfg, &o, f.pfg), PGO_OK);
  ck_assert_double_eq_tol(N(f, 1), 100.0, 1e-9);
  fx_free(&f);
}
END_TEST

/* Irreducible: 0 -> 1 / 2; 1 -> 2 / 3; 2 -> 1 / 3; 3 -> 4 / 0?  no: 3 ret.
 * Region {1, 2} has two entries.  Compared with a dense solve. */
START_TEST(irreducible_dense) {
  static const uint32_t e[][2] = {{0, 1}, {0, 2}, {1, 2},
                                  {1, 3}, {2, 1}, {2, 3}};
  fx f = fx_make(4, e, 6);
  ck_assert_uint_eq(pgo_cfg_nirreducible(f.cfg), 1);
  set2(&f, 0, 0.4);
  set2(&f, 1, 0.7);
  set2(&f, 2, 0.8);
  double ref[4];
  ck_assert_int_eq(tu_dense_solve(f.pfg, ref), 0);
  /* Gauss-Seidel alone */
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  o.solver = PGO_SYNTH_SOLVER_GAUSS_SEIDEL;
  ck_assert_int_eq(pgo_synth_frequencies(f.s, f.cfg, &o, f.pfg), PGO_OK);
  for (uint32_t b = 0; b < 4; b++)
    ck_assert_double_eq_tol(N(f, b), ref[b], 1e-11 * (1 + ref[b]));
  ck_assert_uint_eq(pgo_synth_last_report(f.s)->regions_eliminated, 0);
  ck_assert_uint_gt(pgo_synth_last_report(f.s)->max_sweeps, 1);
  /* default: sparse elimination */
  ck_assert_int_eq(pgo_synth_frequencies(f.s, f.cfg, NULL, f.pfg), PGO_OK);
  ck_assert_uint_eq(pgo_synth_last_report(f.s)->regions_eliminated, 1);
  for (uint32_t b = 0; b < 4; b++)
    ck_assert_double_eq_tol(N(f, b), ref[b], 1e-13 * (1 + ref[b]));
  /* by hand: x1 = .4 + .8 x2, x2 = .6 + .7 x1 -> x1 = .88/.44 = 2 */
  ck_assert_double_eq_tol(N(f, 1), 2.0, 1e-11);
  ck_assert_double_eq_tol(N(f, 2), 2.0, 1e-11);
  const pgo_synth_report *r = pgo_synth_last_report(f.s);
  ck_assert_uint_eq(r->regions, 1);
  ck_assert_uint_eq(r->unconverged, 0);
  ck_assert_double_le(r->max_residual, 1e-12);
  fx_free(&f);
}
END_TEST

/* An irreducible region inside a natural loop, with a child loop in the
 * region: 0 -> 1(h); 1 -> 2 / 3; 2 -> 3 / 5; 3 -> 4(h2); 4 -> 4 / 2 / 5;
 * 5 -> 1 / 6. */
START_TEST(irreducible_in_loop_dense) {
  static const uint32_t e[][2] = {{0, 1}, {1, 2}, {1, 3}, {2, 3},
                                  {2, 5}, {3, 4}, {4, 4}, {4, 2},
                                  {4, 5}, {5, 1}, {5, 6}};
  fx f = fx_make(7, e, 11);
  set1(&f, 0);
  set2(&f, 1, 0.5);
  set2(&f, 2, 0.6);
  set1(&f, 3);
  pgo_pfg_set_edge_prob(f.pfg, tu_edge(f.cfg, 4, 0), 0.5, PGO_PROV_SYNTHESIZED);
  pgo_pfg_set_edge_prob(f.pfg, tu_edge(f.cfg, 4, 1), 0.3, PGO_PROV_SYNTHESIZED);
  pgo_pfg_set_edge_prob(f.pfg, tu_edge(f.cfg, 4, 2), 0.2, PGO_PROV_SYNTHESIZED);
  set2(&f, 5, 0.7);
  double ref[7];
  ck_assert_int_eq(tu_dense_solve(f.pfg, ref), 0);
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  for (int solver = 0; solver < 2; solver++) {
    o.solver = (pgo_synth_solver)solver;
    ck_assert_int_eq(pgo_synth_frequencies(f.s, f.cfg, &o, f.pfg), PGO_OK);
    for (uint32_t b = 0; b < 7; b++)
      ck_assert_double_eq_tol(N(f, b), ref[b], 1e-10 * (1 + ref[b]));
    ck_assert_uint_eq(pgo_synth_last_report(f.s)->late_inflow, 0);
  }
  fx_free(&f);
}
END_TEST

/* 200 nested loops, each header going on with 0.998 (500 iterations):
 * 500^200 overflows a double; counts saturate at PGO_SYNTH_MAX_COUNT,
 * finite, reported. */
START_TEST(deep_nest_saturates) {
  enum { D = 200, NB = 2 * D + 2 };
  /* 0 -> h1; h_i -> h_{i+1} (0) / latch_i (1); h_D -> latch_D only via
   * its branch to itself; latch_i -> h_i; latch_1 ... exit via h1 */
  uint32_t e[4 * D + 4][2], ne = 0;
  /* blocks: 0 entry, 1..D headers, D+1..2D latches, 2D+1 exit */
  e[ne][0] = 0, e[ne][1] = 1, ne++;
  for (uint32_t i = 1; i <= D; i++) {
    e[ne][0] = i, e[ne][1] = i < D ? i + 1 : D + i, ne++;
    e[ne][0] = i, e[ne][1] = i == 1 ? NB - 1 : D + i - 1, ne++;
  }
  for (uint32_t i = 1; i <= D; i++)
    e[ne][0] = D + i, e[ne][1] = i, ne++;
  fx f = fx_make(NB, (const uint32_t(*)[2])e, ne);
  ck_assert_uint_eq(pgo_cfg_nloops(f.cfg), D);
  set1(&f, 0);
  for (uint32_t i = 1; i <= D; i++) {
    set2(&f, i, 0.998);
    set1(&f, D + i);
  }
  ck_assert_int_eq(pgo_synth_frequencies(f.s, f.cfg, NULL, f.pfg), PGO_OK);
  const pgo_synth_report *r = pgo_synth_last_report(f.s);
  ck_assert_uint_gt(r->saturated, 0);
  for (uint32_t b = 0; b < NB; b++) {
    ck_assert(isfinite(N(f, b)) && N(f, b) >= 0);
    ck_assert_double_le(N(f, b), PGO_SYNTH_MAX_COUNT);
  }
  ck_assert_double_eq_tol(N(f, NB - 1), 1.0, 1e-9);
  fx_free(&f);
}
END_TEST

/* An irreducible ladder (a_i -> a_i+1, a_i -> b_i, b_i -> b_i+1,
 * b_i -> a_i-1) of 150 rungs with uneven probabilities: elimination and
 * Gauss-Seidel both match the dense solve. */
START_TEST(irreducible_ladder_dense) {
  enum { K = 150, NB = 2 * K + 2 };
  uint32_t e[4 * K + 2][2], ne = 0;
  e[ne][0] = 0, e[ne][1] = 1, ne++;
  e[ne][0] = 0, e[ne][1] = 2, ne++;
  for (uint32_t i = 0; i < K; i++) {
    uint32_t a = 1 + 2 * i, b = a + 1, last = i + 1 == K;
    e[ne][0] = a, e[ne][1] = last ? NB - 1 : a + 2, ne++;
    e[ne][0] = a, e[ne][1] = b, ne++;
    e[ne][0] = b, e[ne][1] = last ? NB - 1 : b + 2, ne++;
    if (i > 0)
      e[ne][0] = b, e[ne][1] = a - 2, ne++;
  }
  fx f = fx_make(NB, (const uint32_t(*)[2])e, ne);
  ck_assert_uint_eq(pgo_cfg_nirreducible(f.cfg), 1);
  set2(&f, 0, 0.5);
  for (uint32_t i = 0; i < K; i++) {
    uint32_t a = 1 + 2 * i, b = a + 1;
    set2(&f, a, 0.3 + 0.4 * (i % 3) / 2.0);
    if (i > 0)
      set2(&f, b, 0.25 + 0.1 * (i % 4));
    else
      set1(&f, b);
  }
  double *ref = malloc(NB * sizeof *ref);
  ck_assert_int_eq(tu_dense_solve(f.pfg, ref), 0);
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  for (int solver = 0; solver < 2; solver++) {
    o.solver = (pgo_synth_solver)solver;
    ck_assert_int_eq(pgo_synth_frequencies(f.s, f.cfg, &o, f.pfg), PGO_OK);
    const pgo_synth_report *r = pgo_synth_last_report(f.s);
    ck_assert_uint_eq(r->regions_eliminated, solver == 0 ? 1 : 0);
    for (uint32_t b = 0; b < NB; b++)
      ck_assert_msg(fabs(N(f, b) - ref[b]) <= 1e-10 * fmax(1, ref[b]),
                    "solver %d block %u: %.17g vs %.17g", solver, b, N(f, b),
                    ref[b]);
    ck_assert_double_le(pgo_pfg_max_residual(f.pfg, NULL), 1e-9);
  }
  free(ref);
  fx_free(&f);
}
END_TEST

/* An irreducible cycle with no exit: Gauss-Seidel diverges, the damped
 * re-solve bounds it; the result is finite and reported. */
START_TEST(irreducible_no_exit) {
  static const uint32_t e[][2] = {{0, 1}, {0, 2}, {1, 2}, {2, 1}};
  fx f = fx_make(3, e, 4);
  set2(&f, 0, 0.5);
  set1(&f, 1);
  set1(&f, 2);
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  /* default: elimination holds the cycle's cyclic probability at the cap:
   * the later block gets 1 / (1 - 0.999) times the group's inflow */
  ck_assert_int_eq(pgo_synth_frequencies(f.s, f.cfg, &o, f.pfg), PGO_OK);
  ck_assert_uint_eq(pgo_synth_last_report(f.s)->regions_capped, 1);
  ck_assert_uint_eq(pgo_synth_last_report(f.s)->regions_eliminated, 1);
  ck_assert_double_eq_tol(N(f, 2), 1000.0, 1e-9);
  ck_assert_double_eq_tol(N(f, 1), 1000.5, 1e-9);
  /* Gauss-Seidel: diverges, is damped, and reports */
  o.solver = PGO_SYNTH_SOLVER_GAUSS_SEIDEL;
  o.max_iter = 200;
  pgo_status st = pgo_synth_frequencies(f.s, f.cfg, &o, f.pfg);
  const pgo_synth_report *r = pgo_synth_last_report(f.s);
  ck_assert_uint_eq(r->regions_capped, 1);
  /* 200 sweeps at radius 0.999 cannot reach 1e-13: reported, still finite */
  ck_assert_int_eq(st, PGO_ERR_NOT_CONVERGED);
  ck_assert_uint_eq(r->unconverged, 1);
  ck_assert(strlen(pgo_synth_errmsg(f.s)) > 0);
  for (uint32_t b = 0; b < 3; b++)
    ck_assert(isfinite(N(f, b)) && N(f, b) >= 0);
  o.max_iter = 100000;
  ck_assert_int_eq(pgo_synth_frequencies(f.s, f.cfg, &o, f.pfg), PGO_OK);
  /* damped: x = 1/(1-0.999) split over the two blocks */
  ck_assert_double_eq_tol(N(f, 1) + N(f, 2), 1000.0, 1e-6);
  fx_free(&f);
}
END_TEST

/* --- random graphs ------------------------------------------------- */

static uint64_t rng_state;
static uint32_t rnd(uint32_t n) {
  rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (uint32_t)((rng_state >> 33) % n);
}

static pgo_cfg *random_graph(uint32_t n) {
  pgo_cfg *cfg = NULL;
  pgo_cfg_new(NULL, &cfg);
  pgo_cfg_set_key(cfg, "rand", 7, n);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t b;
    pgo_cfg_add_block(cfg, i * 3, 3, &b);
  }
  for (uint32_t i = 0; i < n; i++) {
    uint32_t r = rnd(100), ns = r < 15   ? 0
                                : r < 45 ? 1
                                : r < 90 ? 2
                                         : 3 + rnd(3);
    if (i == 0 && ns == 0)
      ns = 2;
    for (uint32_t k = 0; k < ns; k++) {
      /* mostly forward, some backward (loops), some anywhere */
      uint32_t t = rnd(10) < 7 && i + 1 < n ? i + 1 + rnd(n - i - 1) : rnd(n);
      if (t == 0)
        t = 1 % n;
      pgo_cfg_add_edge(cfg, i, t);
    }
    pgo_term term = ns == 0
                        ? (rnd(8) == 0 ? PGO_TERM_UNREACHABLE : PGO_TERM_RETURN)
                    : ns == 1 ? PGO_TERM_JUMP
                    : ns == 2 ? PGO_TERM_BRANCH
                              : PGO_TERM_SWITCH;
    pgo_cfg_set_term(cfg, i, term);
    unsigned fl = 0;
    if (rnd(3) == 0)
      fl |= PGO_BLOCK_CALLS;
    if (rnd(3) == 0)
      fl |= PGO_BLOCK_STORES;
    pgo_cfg_set_flags(cfg, i, fl);
    if (ns == 2) {
      pgo_branch_features bf = {(pgo_cmp)(1 + rnd(12)), (pgo_operand)rnd(8),
                                (pgo_operand)rnd(8)};
      pgo_cfg_set_branch(cfg, i, &bf);
      if (rnd(10) == 0) {
        double p = rnd(1000) / 1000.0, a[2] = {p, 1 - p};
        pgo_cfg_set_annotation(cfg, i, a, 2);
      }
    }
  }
  return cfg;
}

START_TEST(random_conservation) {
  rng_state = 12345 + (uint64_t)_i * 7919;
  uint32_t checked = 0, dense_checked = 0, graphs = 0;
  for (int rep = 0; rep < 60; rep++) {
    uint32_t n = 2 + rnd(_i == 0 ? 12 : 70);
    pgo_cfg *cfg = random_graph(n);
    ck_assert_int_eq(tu_finish(cfg), PGO_OK);
    pgo_pfg *p = NULL;
    pgo_synth *s = NULL;
    ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &p), PGO_OK);
    ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
    /* even loops: the default (elimination); odd: Gauss-Seidel only */
    pgo_synth_options o;
    pgo_synth_options_init(&o);
    o.solver = (_i & 1) ? PGO_SYNTH_SOLVER_GAUSS_SEIDEL : PGO_SYNTH_SOLVER_AUTO;
    double cons_tol = 1e-9;
    pgo_status st = pgo_synth_run(s, cfg, &o, p);
    ck_assert_msg(st == PGO_OK || st == PGO_ERR_NOT_CONVERGED, "%s",
                  pgo_synth_errmsg(s));
    graphs++;
    const pgo_synth_report *r = pgo_synth_last_report(s);
    ck_assert_uint_eq(r->late_inflow, 0);
    /* probabilities: each block's sum to 1, none 0 or 1 on a branch */
    for (uint32_t b = 0; b < n; b++) {
      uint32_t ns = pgo_cfg_nsucc(cfg, b), e0 = pgo_cfg_succ_begin(cfg, b);
      double sum = 0;
      for (uint32_t k = 0; k < ns; k++) {
        double q = pgo_pfg_edge_prob(p, e0 + k);
        ck_assert(q >= 0 && q <= 1);
        if (ns > 1)
          ck_assert(q > 0 && q < 1);
        sum += q;
      }
      if (ns)
        ck_assert_double_eq_tol(sum, 1.0, 1e-12);
    }
    /* frequencies: finite, non-negative, 0 exactly when unreachable */
    for (uint32_t b = 0; b < n; b++) {
      double c = pgo_pfg_block_count(p, b);
      ck_assert(isfinite(c) && c >= 0);
      if (!pgo_cfg_reachable(cfg, b))
        ck_assert(c == 0);
      else
        ck_assert(c > 0);
    }
    ck_assert_double_eq_tol(pgo_pfg_block_count(p, 0), 1.0, 1e-12);
    /* conservation at every reachable block except capped loop headers
     * and damped irreducible groups */
    double maxc = 0;
    for (uint32_t b = 0; b < n; b++)
      maxc = fmax(maxc, pgo_pfg_block_count(p, b));
    if (r->regions_capped == 0) {
      for (uint32_t b = 1; b < n; b++) {
        if (!pgo_cfg_reachable(cfg, b))
          continue;
        uint32_t l = pgo_cfg_block_loop(cfg, b);
        if (l != PGO_NONE && pgo_cfg_loop_header(cfg, l) == b &&
            pgo_synth_loop_cp(s, l) > 0.999)
          continue;
        double in = 0, c = pgo_pfg_block_count(p, b);
        uint32_t np = pgo_cfg_npred(cfg, b);
        const uint32_t *pe = pgo_cfg_preds(cfg, b);
        for (uint32_t j = 0; j < np; j++)
          in += pgo_pfg_edge_count(p, pe[j]);
        /* Gauss-Seidel's tolerance is relative to the group's inflow,
         * so for it the bound is relative to the largest count */
        double scale = (_i & 1) ? fmax(maxc, 1.0) : fmax(c, in);
        ck_assert_msg(fabs(in - c) <= cons_tol * scale,
                      "graph %d block %u: in %.17g count %.17g", rep, b, in, c);
        checked++;
      }
    }
    /* against the dense solve when nothing was capped */
    if (r->capped_loops == 0 && r->regions_capped == 0 && st == PGO_OK) {
      double *ref = malloc(n * sizeof *ref);
      if (tu_dense_solve(p, ref) == 0) {
        for (uint32_t b = 0; b < n; b++)
          ck_assert_msg(fabs(pgo_pfg_block_count(p, b) - ref[b]) <=
                            1e-8 * fmax(1, ref[b]),
                        "graph %d block %u: %.17g vs dense %.17g", rep, b,
                        pgo_pfg_block_count(p, b), ref[b]);
        dense_checked++;
      }
      free(ref);
    }
    pgo_synth_free(s);
    pgo_pfg_free(p);
    pgo_cfg_free(cfg);
  }
  ck_assert_uint_gt(checked, 100);
  ck_assert_uint_gt(dense_checked, 10);
}
END_TEST

/* Garbage in (the pfg refuses values outside [0, 1], but a block's
 * probabilities may sum above 1): counts stay finite, the loop is capped. */
START_TEST(bad_probability) {
  static const uint32_t e[][2] = {{0, 1}, {1, 2}, {1, 3}, {2, 1}};
  fx f = fx_make(4, e, 4);
  set1(&f, 0);
  pgo_pfg_set_edge_prob(f.pfg, tu_edge(f.cfg, 1, 0), 1.0, PGO_PROV_SYNTHESIZED);
  pgo_pfg_set_edge_prob(f.pfg, tu_edge(f.cfg, 1, 1), 1.0, PGO_PROV_SYNTHESIZED);
  set1(&f, 2);
  ck_assert_int_eq(pgo_synth_frequencies(f.s, f.cfg, NULL, f.pfg), PGO_OK);
  ck_assert_uint_eq(pgo_synth_last_report(f.s)->capped_loops, 1);
  for (uint32_t b = 0; b < 4; b++)
    ck_assert(isfinite(N(f, b)) && N(f, b) >= 0);
  ck_assert_double_eq_tol(N(f, 1), 1000, 1e-8);
  fx_free(&f);
}
END_TEST

/* The frequency solver is usable for repair: other provenance, entry
 * count scale. */
START_TEST(repair_options) {
  static const uint32_t e[][2] = {{0, 1}, {1, 2}, {1, 3}, {2, 1}};
  fx f = fx_make(4, e, 4);
  set1(&f, 0);
  set2(&f, 1, 0.5);
  set1(&f, 2);
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  o.entry_count = 1000;
  o.count_prov = PGO_PROV_REPAIRED;
  ck_assert_int_eq(pgo_synth_frequencies(f.s, f.cfg, &o, f.pfg), PGO_OK);
  ck_assert_double_eq_tol(N(f, 1), 2000, 1e-9);
  ck_assert_int_eq(pgo_pfg_block_prov(f.pfg, 1), PGO_PROV_REPAIRED);
  fx_free(&f);
}
END_TEST

/* Out of memory at every allocation: PGO_ERR_NOMEM, no leak (ASan). */
START_TEST(fault_injection) {
  static const uint32_t e[][2] = {{0, 1}, {0, 2}, {1, 2}, {1, 3},
                                  {2, 1}, {2, 4}, {4, 4}, {4, 3}};
  pgo_cfg *cfg = tu_graph(5, e, 8);
  ck_assert_int_eq(tu_finish(cfg), PGO_OK);
  pgo_pfg *p = NULL;
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &p), PGO_OK);
  int ok = 0;
  for (long k = 1; k < 200 && !ok; k++) {
    tu_failing fa = {k, 0};
    pgo_allocator a = {tu_failing_realloc, &fa};
    pgo_synth *s = NULL;
    pgo_status st = pgo_synth_new(&a, &s);
    if (st == PGO_OK)
      st = pgo_synth_run(s, cfg, NULL, p);
    if (st == PGO_OK)
      ok = 1;
    else
      ck_assert_int_eq(st, PGO_ERR_NOMEM);
    pgo_synth_free(s);
  }
  ck_assert(ok);
  pgo_pfg_free(p);
  pgo_cfg_free(cfg);
}
END_TEST

int main(void) {
  Suite *su = suite_create("synth_freq");
  TCase *tc = tcase_create("closed_forms");
  tcase_add_test(tc, diamond);
  tcase_add_test(tc, loop_trip_count);
  tcase_add_test(tc, loop_two_exits);
  tcase_add_test(tc, nested_loops);
  tcase_add_test(tc, loop_no_exit_capped);
  tcase_add_test(tc, irreducible_dense);
  tcase_add_test(tc, irreducible_in_loop_dense);
  tcase_add_test(tc, deep_nest_saturates);
  tcase_add_test(tc, irreducible_ladder_dense);
  tcase_add_test(tc, irreducible_no_exit);
  tcase_add_test(tc, bad_probability);
  tcase_add_test(tc, repair_options);
  tcase_add_test(tc, fault_injection);
  suite_add_tcase(su, tc);
  TCase *tr = tcase_create("random");
  tcase_add_loop_test(tr, random_conservation, 0, 6);
  suite_add_tcase(su, tr);
  SRunner *sr = srunner_create(su);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
