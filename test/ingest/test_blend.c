#define _POSIX_C_SOURCE 200809L
/* test_blend.c -- blending and repair (lib/ingest/blend.c, repair.c): the
 * limits of the rule (N = 0 gives synthesis, N huge gives the measured
 * split, never 0 or 1, provenance by prior weight), held blocks kept,
 * repair alone (balances, REPAIRED only where a count moved, state kept on
 * failure), and the property test: random graphs, counts from random
 * walks -> apply -> blend -> repair. */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "apply_test_util.h"

/* A pfg over cfg with synthesized probabilities. */
static pgo_pfg *prior_of(pgo_cfg *cfg) {
  pgo_synth *s;
  pgo_pfg *p;
  ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &p), PGO_OK);
  ck_assert_int_eq(pgo_synth_probabilities(s, cfg, NULL, p), PGO_OK);
  pgo_synth_free(s);
  return p;
}

/* Branch 0 -> {1, 2}; measured n0, n1 on its edges. */
static void branch_blend(double n0, double n1, const pgo_ingest_options *o,
                         double *p0, double *p1, double *s0,
                         pgo_provenance *prov) {
  static const uint32_t e[][2] = {{0, 1}, {0, 2}};
  pgo_cfg *cfg = at_graph(3, e, 2, 1);
  pgo_pfg *prior = prior_of(cfg), *pfg;
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &pfg), PGO_OK);
  if (n0 >= 0) {
    pgo_pfg_set_edge_measured(pfg, 0, n0, PGO_PROV_INSTRUMENTED);
    pgo_pfg_set_edge_measured(pfg, 1, n1, PGO_PROV_INSTRUMENTED);
  }
  pgo_ingest *ig;
  ck_assert_int_eq(pgo_ingest_new(NULL, &ig), PGO_OK);
  pgo_ingest_result r;
  pgo_ingest_result_init(&r);
  ck_assert_int_eq(pgo_ingest_blend(ig, prior, o, pfg, &r), PGO_OK);
  ck_assert_int_eq(pgo_pfg_verify(pfg), PGO_OK);
  *p0 = pgo_pfg_edge_prob(pfg, 0);
  *p1 = pgo_pfg_edge_prob(pfg, 1);
  *s0 = pgo_pfg_edge_prob(prior, 0);
  *prov = pgo_pfg_edge_prov(pfg, 0);
  ck_assert_uint_eq(r.edges_measured + r.edges_blended + r.edges_synthesized,
                    2);
  pgo_ingest_free(ig);
  pgo_pfg_free(pfg);
  pgo_pfg_free(prior);
  pgo_cfg_free(cfg);
}

START_TEST(blend_limits) {
  double p0, p1, s0;
  pgo_provenance pv;
  /* no measurement at all, and measured zeros: synthesis */
  branch_blend(-1, -1, NULL, &p0, &p1, &s0, &pv);
  ck_assert_double_eq_tol(p0, s0, 3e-9);
  ck_assert_int_eq(pv, PGO_PROV_SYNTHESIZED);
  branch_blend(0, 0, NULL, &p0, &p1, &s0, &pv);
  ck_assert_double_eq_tol(p0, s0, 3e-9);
  ck_assert_int_eq(pv, PGO_PROV_SYNTHESIZED);
  /* huge N: the measured split, measured provenance */
  branch_blend(3e12, 1e12, NULL, &p0, &p1, &s0, &pv);
  ck_assert_double_eq_tol(p0, 0.75, 1e-8);
  ck_assert_int_eq(pv, PGO_PROV_INSTRUMENTED);
  /* never 0 or 1, even when measured says so, at any N */
  double ns[] = {1, 3, 100, 1e6, 1e15, 1e300};
  for (unsigned i = 0; i < sizeof ns / sizeof ns[0]; i++) {
    branch_blend(ns[i], 0, NULL, &p0, &p1, &s0, &pv);
    ck_assert_msg(p0 < 1 && p1 > 0, "N %g: %g %g", ns[i], p0, p1);
    ck_assert_double_eq_tol(p0 + p1, 1, 1e-15);
  }
  branch_blend(1e300, 0, NULL, &p0, &p1, &s0, &pv);
  ck_assert(p1 >= 1e-9 * 0.999 && p1 < 3e-9);
  /* the weight: w = 1 / (1 + x (1 + x)^2), x = N / k */
  for (double n = 1; n <= 1e4; n *= 3) {
    branch_blend(n, 0, NULL, &p0, &p1, &s0, &pv);
    double x = n / 4, w = 1 / (1 + x * (1 + x) * (1 + x));
    double want = 1e-9 + (1 - 2e-9) * ((1 - w) + w * s0);
    ck_assert_msg(fabs(p0 - want) < 1e-12, "N %g: %.17g want %.17g", n, p0,
                  want);
    ck_assert_int_eq(pv, w <= 1e-6 ? PGO_PROV_INSTRUMENTED : PGO_PROV_BLENDED);
  }
  /* N = k: the prior has weight 1/5 */
  branch_blend(4, 0, NULL, &p0, &p1, &s0, &pv);
  ck_assert_double_eq_tol(p0, 0.8 + 0.2 * s0, 1e-8);
  /* a stronger prior leans more on synthesis */
  pgo_ingest_options o;
  pgo_ingest_options_init(&o);
  o.prior_strength = 40;
  double q0;
  branch_blend(4, 0, &o, &q0, &p1, &s0, &pv);
  ck_assert(fabs(q0 - s0) < fabs(p0 - s0));
  /* measured provenance threshold */
  o.prior_strength = 4;
  o.measured_weight = 0.5;
  branch_blend(4, 0, &o, &q0, &p1, &s0, &pv);
  ck_assert_int_eq(pv, PGO_PROV_INSTRUMENTED);
  o.measured_weight = 0;
  branch_blend(1e12, 0, &o, &q0, &p1, &s0, &pv);
  ck_assert_int_eq(pv, PGO_PROV_BLENDED);
  ck_assert_double_eq_tol(q0, 1, 2e-9);
}
END_TEST

/* A block whose edges are held without a measured count keeps them. */
START_TEST(blend_keeps_held) {
  static const uint32_t e[][2] = {{0, 1}, {0, 2}, {1, 2}};
  pgo_cfg *cfg = at_graph(3, e, 3, 1);
  pgo_pfg *prior = prior_of(cfg), *pfg;
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &pfg), PGO_OK);
  pgo_pfg_set_edge_prob(pfg, 0, 0.3, PGO_PROV_ANNOTATED);
  pgo_pfg_set_edge_prob(pfg, 1, 0.7, PGO_PROV_ANNOTATED);
  pgo_pfg_set_edge_held(pfg, 0, true);
  pgo_ingest *ig;
  ck_assert_int_eq(pgo_ingest_new(NULL, &ig), PGO_OK);
  ck_assert_int_eq(pgo_ingest_blend(ig, prior, NULL, pfg, NULL), PGO_OK);
  ck_assert_double_eq(pgo_pfg_edge_prob(pfg, 0), 0.3);
  ck_assert_int_eq(pgo_pfg_edge_prov(pfg, 1), PGO_PROV_ANNOTATED);
  ck_assert_double_eq(pgo_pfg_edge_prob(pfg, 2), 1);
  /* a prior over another graph */
  pgo_cfg *other = at_graph(3, e, 3, 1);
  pgo_pfg *op = prior_of(other);
  ck_assert_int_eq(pgo_ingest_blend(ig, op, NULL, pfg, NULL), PGO_ERR_INVALID);
  pgo_pfg_free(op);
  pgo_cfg_free(other);
  pgo_ingest_free(ig);
  pgo_pfg_free(pfg);
  pgo_pfg_free(prior);
  pgo_cfg_free(cfg);
}
END_TEST

/* Repair alone: balanced counts keep their provenance, off-balance ones
 * become REPAIRED, unset ones SYNTHESIZED; a refused allocation leaves the
 * pfg unchanged. */
START_TEST(repair_alone) {
  static const uint32_t e[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
  pgo_cfg *cfg = at_graph(4, e, 4, 1);
  pgo_pfg *pfg;
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &pfg), PGO_OK);
  pgo_pfg_set_edge_prob(pfg, 0, 0.75, PGO_PROV_INSTRUMENTED);
  pgo_pfg_set_edge_prob(pfg, 1, 0.25, PGO_PROV_INSTRUMENTED);
  pgo_pfg_set_block_count(pfg, 0, 8, PGO_PROV_INSTRUMENTED);
  pgo_pfg_set_block_count(pfg, 1, 6, PGO_PROV_INSTRUMENTED);
  pgo_pfg_set_block_count(pfg, 2, 5, PGO_PROV_INSTRUMENTED);
  pgo_ingest *ig;
  ck_assert_int_eq(pgo_ingest_new(NULL, &ig), PGO_OK);
  pgo_ingest_result r;
  pgo_ingest_result_init(&r);
  ck_assert_int_eq(pgo_ingest_repair(ig, cfg, 8, NULL, pfg, &r), PGO_OK);
  ck_assert(r.residual_before > 0.5 && r.residual_after < 1e-15);
  ck_assert_double_eq(pgo_pfg_block_count(pfg, 2), 2);
  ck_assert_int_eq(pgo_pfg_block_prov(pfg, 0), PGO_PROV_INSTRUMENTED);
  ck_assert_int_eq(pgo_pfg_block_prov(pfg, 1), PGO_PROV_INSTRUMENTED);
  ck_assert_int_eq(pgo_pfg_block_prov(pfg, 2), PGO_PROV_REPAIRED);
  ck_assert_int_eq(pgo_pfg_block_prov(pfg, 3), PGO_PROV_SYNTHESIZED);
  ck_assert_uint_eq(r.blocks_repaired, 1);
  ck_assert_int_eq(pgo_ingest_repair(ig, cfg, -1, NULL, pfg, &r),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_ingest_repair(ig, cfg, NAN, NULL, pfg, &r),
                   PGO_ERR_INVALID);
  pgo_ingest_free(ig);
  /* allocation failures: pfg unchanged */
  pgo_pfg_set_block_count(pfg, 2, 5, PGO_PROV_INSTRUMENTED);
  int failures = 0;
  for (long n = 0;; n++) {
    at_alloc a = {-1, 0, 0};
    pgo_allocator al = {at_realloc, &a};
    ck_assert_int_eq(pgo_ingest_new(&al, &ig), PGO_OK);
    a.calls = 0;
    a.fail_at = n;
    pgo_status st = pgo_ingest_repair(ig, cfg, 8, NULL, pfg, NULL);
    bool done = a.calls <= n;
    if (!done) {
      failures++;
      ck_assert_int_eq(st, PGO_ERR_NOMEM);
      ck_assert_double_eq(pgo_pfg_block_count(pfg, 2), 5);
      ck_assert_int_eq(pgo_pfg_block_prov(pfg, 2), PGO_PROV_INSTRUMENTED);
      ck_assert_int_eq(pgo_pfg_block_prov(pfg, 3), PGO_PROV_SYNTHESIZED);
    } else {
      ck_assert_int_eq(st, PGO_OK);
    }
    pgo_ingest_free(ig);
    ck_assert_int_eq(a.live, 0);
    if (done)
      break;
  }
  ck_assert_int_gt(failures, 1);
  pgo_pfg_free(pfg);
  pgo_cfg_free(cfg);
}
END_TEST

/* --- property test ------------------------------------------------------ */

static uint64_t rng_state;
static uint64_t rnd(void) {
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}
static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }

/* Random graph of n blocks: block i < n-1 falls through to i+1 (so every
 * block reaches the exit n-1), plus up to 3 random extra successors
 * (forward or backward: loops, irreducible regions).  The entry has no
 * predecessors.  Walk probabilities: the fall-through at least 0.35. */
typedef struct rgraph {
  uint32_t n, ne;
  uint32_t (*e)[2];
  double *w; /* per edge (in successor order per source) */
} rgraph;

static void rgraph_make(rgraph *g, uint32_t n) {
  g->n = n;
  g->ne = 0;
  g->e = malloc(sizeof *g->e * n * 4);
  g->w = malloc(sizeof *g->w * n * 4);
  for (uint32_t i = 0; i + 1 < n; i++) {
    uint32_t first = g->ne;
    g->e[g->ne][0] = i;
    g->e[g->ne++][1] = i + 1;
    uint32_t extra = (uint32_t)(rnd() % 4);
    for (uint32_t k = 0; k < extra; k++) {
      uint32_t d = 1 + (uint32_t)(rnd() % (n - 1)); /* never the entry */
      g->e[g->ne][0] = i;
      g->e[g->ne++][1] = d;
    }
    double rest = 0.65;
    g->w[first] = 0.35;
    for (uint32_t k = first + 1; k < g->ne; k++) {
      double x = k + 1 == g->ne ? rest : rest * unif();
      g->w[k] = x;
      rest -= x;
    }
    g->w[first] += rest;
  }
}

START_TEST(property_random_graphs) {
  rng_state = 12345;
  pgo_ingest *ig;
  ck_assert_int_eq(pgo_ingest_new(NULL, &ig), PGO_OK);
  uint32_t checked = 0, big = 0;
  double worst_resid = 0, worst_split = 0;
  for (int iter = 0; iter < 60; iter++) {
    rgraph g;
    uint32_t n = 2 + (uint32_t)(rnd() % 40);
    rgraph_make(&g, n);
    pgo_cfg *cfg = at_graph(n, (const uint32_t(*)[2])g.e, g.ne, 1);
    ck_assert_ptr_nonnull(cfg);
    uint32_t ne = pgo_cfg_nedges(cfg);
    ck_assert_uint_eq(ne, g.ne);
    uint64_t *bc = calloc(n, sizeof *bc), *ec = calloc(ne, sizeof *ec);
    /* random walks: entry count W; edge ids equal list order (CSR by
     * source, successor order kept) */
    uint64_t walks = 1 + rnd() % 3000, steps = 0;
    for (uint64_t w = 0; w < walks && steps < 3000000; w++) {
      uint32_t b = 0;
      for (;;) {
        bc[b]++;
        steps++;
        uint32_t ns = pgo_cfg_nsucc(cfg, b), e0 = pgo_cfg_succ_begin(cfg, b);
        if (!ns)
          break;
        double u = unif(), acc = 0;
        uint32_t k = 0;
        for (; k + 1 < ns; k++) {
          acc += g.w[e0 + k];
          if (u < acc)
            break;
        }
        ec[e0 + k]++;
        b = pgo_cfg_edge_dst(cfg, e0 + k);
      }
    }
    /* finish unfinished walks is not needed: every walk ended at the exit
     * (steps cap only stops starting new ones) */
    uint64_t entry = bc[0];
    pgo_count_rec *br = malloc(sizeof *br * n);
    pgo_edge_rec *er = malloc(sizeof *er * (ne ? ne : 1));
    for (uint32_t b = 0; b < n; b++)
      br[b] = (pgo_count_rec){10 * b, bc[b]};
    for (uint32_t e = 0; e < ne; e++) {
      uint32_t s = pgo_cfg_edge_src(cfg, e);
      er[e] = (pgo_edge_rec){10 * s, pgo_cfg_edge_index(cfg, e), ec[e]};
    }
    pgo_method_profile m = at_method(1, 10 * n, entry, br, n, er, ne);
    pgo_pfg *pfg;
    ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &pfg), PGO_OK);
    pgo_ingest_result r;
    pgo_ingest_result_init(&r);
    pgo_status st = pgo_ingest_method(ig, cfg, &m, NULL, pfg, &r);
    ck_assert_msg(st == PGO_OK, "iter %d: %s", iter, pgo_ingest_errmsg(ig));
    ck_assert_int_eq(r.match, PGO_INGEST_MATCHED);
    ck_assert_msg(r.residual == 0, "iter %d: walk counts off balance %g", iter,
                  r.residual);
    ck_assert_msg(r.residual_after < 1e-9, "iter %d: residual %g", iter,
                  r.residual_after);
    if (r.residual_after > worst_resid)
      worst_resid = r.residual_after;
    ck_assert_int_eq(pgo_pfg_verify(pfg), PGO_OK);
    for (uint32_t b = 0; b < n; b++) {
      double c = pgo_pfg_block_count(pfg, b);
      ck_assert_msg(isfinite(c) && c >= 0, "iter %d block %u: %g", iter, b, c);
      uint32_t ns = pgo_cfg_nsucc(cfg, b), e0 = pgo_cfg_succ_begin(cfg, b);
      uint64_t out = 0;
      for (uint32_t k = 0; k < ns; k++)
        out += ec[e0 + k];
      for (uint32_t k = 0; k < ns; k++) {
        double p = pgo_pfg_edge_prob(pfg, e0 + k);
        ck_assert(isfinite(p));
        if (ns >= 2)
          ck_assert_msg(p > 0 && p < 1, "iter %d edge %u: %g", iter, e0 + k, p);
        if (out >= 1000) {
          double want = (double)ec[e0 + k] / (double)out;
          ck_assert_msg(fabs(p - want) < 1e-6, "iter %d edge %u: %.12g vs "
                        "%.12g (N %" PRIu64 ")", iter, e0 + k, p, want, out);
          if (fabs(p - want) > worst_split)
            worst_split = fabs(p - want);
          big++;
        }
      }
      /* hot blocks keep their measured count closely */
      if (bc[b] >= 1000 && out >= 1000)
        ck_assert_msg(fabs(c - (double)bc[b]) < 0.01 * (double)bc[b],
                      "iter %d block %u: %g vs %" PRIu64, iter, b, c, bc[b]);
      checked++;
    }
    pgo_pfg_free(pfg);
    free(br);
    free(er);
    free(bc);
    free(ec);
    free(g.e);
    free(g.w);
    pgo_cfg_free(cfg);
  }
  ck_assert_uint_gt(checked, 200);
  ck_assert_uint_gt(big, 100);
  printf("property: %u blocks, %u edges with N >= 1000; worst residual "
         "after repair %.3g, worst |p - measured split| (N >= 1000) %.3g\n",
         checked, big, worst_resid, worst_split);
  pgo_ingest_free(ig);
}
END_TEST

/* Scale: a 200,000-block chain of 50,000 diamonds through the whole
 * pipeline in well under the limit (prints the time). */
START_TEST(scale_pipeline) {
  const uint32_t k = 50000; /* 4 blocks each */
  uint32_t n = 4 * k + 1, ne = 0;
  uint32_t (*e)[2] = malloc(sizeof *e * 5 * k);
  for (uint32_t i = 0; i < k; i++) {
    uint32_t b = 4 * i;
    e[ne][0] = b, e[ne++][1] = b + 1;     /* branch */
    e[ne][0] = b, e[ne++][1] = b + 2;
    e[ne][0] = b + 1, e[ne++][1] = b + 3;
    e[ne][0] = b + 2, e[ne++][1] = b + 3;
    e[ne][0] = b + 3, e[ne++][1] = b + 4; /* on */
  }
  pgo_cfg *cfg = at_graph(n, (const uint32_t(*)[2])e, ne, 1);
  ck_assert_ptr_nonnull(cfg);
  pgo_count_rec *br = malloc(sizeof *br * n);
  pgo_edge_rec *er = malloc(sizeof *er * ne);
  for (uint32_t b = 0; b < n; b++)
    br[b] = (pgo_count_rec){10 * b, (b % 4 == 1) ? 700 : (b % 4 == 2) ? 300
                                                                      : 1000};
  for (uint32_t i = 0; i < ne; i++) {
    static const uint64_t c[5] = {700, 300, 700, 300, 1000};
    uint32_t succ = (i % 5 == 1) ? 1 : 0;
    er[i] = (pgo_edge_rec){10 * e[i][0], succ, c[i % 5]};
  }
  pgo_method_profile m = at_method(1, 10 * n, 1000, br, n, er, ne);
  pgo_pfg *pfg;
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &pfg), PGO_OK);
  pgo_ingest *ig;
  ck_assert_int_eq(pgo_ingest_new(NULL, &ig), PGO_OK);
  pgo_ingest_result r;
  pgo_ingest_result_init(&r);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  ck_assert_int_eq(pgo_ingest_method(ig, cfg, &m, NULL, pfg, &r), PGO_OK);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
  printf("scale: %u blocks, %u edges: pgo_ingest_method %.1f ms\n", n, ne,
         ms);
  ck_assert(r.residual == 0 && r.residual_after < 1e-9);
  ck_assert_double_eq_tol(pgo_pfg_block_count(pfg, n - 1), 1000, 1e-6);
  ck_assert(ms < 20000);
  pgo_ingest_free(ig);
  pgo_pfg_free(pfg);
  pgo_cfg_free(cfg);
  free(br);
  free(er);
  free(e);
}
END_TEST

int main(void) {
  Suite *s = suite_create("ingest_blend");
  TCase *t = tcase_create("blend");
  tcase_set_timeout(t, 120);
  tcase_add_test(t, blend_limits);
  tcase_add_test(t, blend_keeps_held);
  tcase_add_test(t, repair_alone);
  tcase_add_test(t, property_random_graphs);
  tcase_add_test(t, scale_pipeline);
  suite_add_tcase(s, t);
  SRunner *r = srunner_create(s);
  srunner_run_all(r, CK_NORMAL);
  int nf = srunner_ntests_failed(r);
  srunner_free(r);
  return nf ? 1 : 0;
}
