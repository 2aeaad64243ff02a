/*
 * maint_test_util.h -- helpers of the lib/maint suites: a graph builder
 * that sets terminators from the successor count (0 return, 1 jump, 2
 * branch, more switch), probability and count setters, a consistent solve,
 * and the counting allocator of the core suites.
 */
#ifndef PGO_MAINT_TEST_UTIL_H
#define PGO_MAINT_TEST_UTIL_H

#include "../core/core_test_util.h"

#include <math.h>
#include <pgo/maint.h>
#include <pgo/synth.h>
#include <stdio.h>

static inline pgo_cfg *mk_graph(const pgo_allocator *a, uint32_t n,
                                const uint32_t (*edges)[2], uint32_t m) {
  pgo_cfg *g = NULL;
  ck_assert_int_eq(pgo_cfg_new(a, &g), PGO_OK);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t b;
    ck_assert_int_eq(pgo_cfg_add_block(g, 10 * i, 10, &b), PGO_OK);
  }
  for (uint32_t k = 0; k < m; k++)
    ck_assert_int_eq(pgo_cfg_add_edge(g, edges[k][0], edges[k][1]), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t ns = pgo_cfg_nsucc(g, i);
    pgo_term t = ns == 0   ? PGO_TERM_RETURN
                 : ns == 1 ? PGO_TERM_JUMP
                 : ns == 2 ? PGO_TERM_BRANCH
                           : PGO_TERM_SWITCH;
    ck_assert_int_eq(pgo_cfg_set_term(g, i, t), PGO_OK);
  }
  return g;
}
#define MK(n, E) mk_graph(NULL, (n), (E), sizeof(E) / sizeof((E)[0]))

static inline pgo_pfg *mk_pfg(pgo_cfg *g) {
  pgo_pfg *p = NULL;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &p), PGO_OK);
  return p;
}

/* Probability of b's successor k. */
static inline void set_p(pgo_pfg *p, uint32_t b, uint32_t k, double v) {
  const pgo_cfg *g = pgo_pfg_cfg(p);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, pgo_cfg_succ_begin(g, b) + k, v,
                                         PGO_PROV_INSTRUMENTED),
                   PGO_OK);
}
static inline double get_p(pgo_pfg *p, uint32_t b, uint32_t k) {
  const pgo_cfg *g = pgo_pfg_cfg(p);
  return pgo_pfg_edge_prob(p, pgo_cfg_succ_begin(g, b) + k);
}
static inline void set_n(pgo_pfg *p, uint32_t b, double v) {
  ck_assert_int_eq(pgo_pfg_set_block_count(p, b, v, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
}
static inline double N(pgo_pfg *p, uint32_t b) {
  return pgo_pfg_block_count(p, b);
}

/* Counts from the probabilities (entry = entry). */
static inline void solve(pgo_cfg *g, pgo_pfg *p, double entry) {
  pgo_synth *s = NULL;
  ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  o.entry_count = entry;
  o.count_prov = PGO_PROV_INSTRUMENTED;
  ck_assert_int_eq(pgo_synth_frequencies(s, g, &o, p), PGO_OK);
  pgo_synth_free(s);
}

#define NEAR(a, b)                                                             \
  ck_assert_double_eq_tol((a), (double)(b), 1e-9 * (1 + fabs((double)(b))))

/* The checker's verdict with default options. */
static inline pgo_maint_verdict verdict(pgo_maint *m, pgo_cfg *g, pgo_pfg *p) {
  pgo_maint_verdict v;
  ck_assert_int_eq(pgo_maint_check(m, g, p, NULL, &v), PGO_OK);
  return v;
}

static inline void assert_sound(pgo_cfg *g, pgo_pfg *p) {
  ck_assert_msg(pgo_cfg_verify(g) == PGO_OK, "%s", pgo_cfg_errmsg(g));
  ck_assert_msg(pgo_pfg_verify(p) == PGO_OK, "%s", pgo_pfg_errmsg(p));
}

#endif
