/*
 * oracle_test_util.h -- helpers shared by the lib/oracle suites: the counting
 * allocator and graph builder of the core suites, a profiled diamond, and a
 * random profiled graph generator.
 */
#ifndef PGO_ORACLE_TEST_UTIL_H
#define PGO_ORACLE_TEST_UTIL_H

#include "../core/core_test_util.h"

#include <math.h>
#include <pgo/oracle.h>

/* The diamond 0 -> {1, 2} -> 3 with counts 100 / 90 / 10 / 100 and
 * probabilities 0.9 / 0.1, all with provenance prov. */
static inline pgo_pfg *diamond_pfg(pgo_cfg **gout, pgo_provenance prov) {
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
  pgo_cfg *g = BUILD(g, 4, E);
  ck_assert_int_eq(pgo_cfg_set_key(g, "diamond", 0x1234, 40), PGO_OK);
  pgo_pfg *p = NULL;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &p), PGO_OK);
  const double n[4] = {100, 90, 10, 100};
  for (uint32_t b = 0; b < 4; b++)
    ck_assert_int_eq(pgo_pfg_set_block_count(p, b, n[b], prov), PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, succ_edge(g, 0, 0), 0.9, prov),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, succ_edge(g, 0, 1), 0.1, prov),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, succ_edge(g, 1, 0), 1.0, prov),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, succ_edge(g, 2, 0), 1.0, prov),
                   PGO_OK);
  *gout = g;
  return p;
}

static inline pgo_oracle *oracle_of(const pgo_pfg *p,
                                    const pgo_oracle_options *opts) {
  pgo_oracle *o = NULL;
  char err[256];
  pgo_status st = pgo_oracle_new(NULL, p, opts, &o, err, sizeof err);
  ck_assert_msg(st == PGO_OK, "pgo_oracle_new: %s (%s)", pgo_status_name(st),
                err);
  return o;
}

/* Deterministic xorshift. */
static inline uint64_t rnd_next(uint64_t *s) {
  uint64_t x = *s;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return *s = x;
}

/* A random graph of n blocks: a chain with random forward and backward
 * edges (block b gets 1..3 successors), random probabilities summing to 1
 * and random counts (some zero), provenance INSTRUMENTED.  Blocks n-1 and,
 * when n > 4, n-2 (no predecessors) end the method. */
static inline pgo_pfg *random_pfg(pgo_cfg **gout, uint32_t n, uint64_t seed) {
  uint64_t s = seed * 2654435761u + 1;
  pgo_cfg *g = NULL;
  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  for (uint32_t i = 0; i < n; i++)
    ck_assert_int_eq(pgo_cfg_add_block(g, 8 * i, 8, NULL), PGO_OK);
  for (uint32_t b = 0; b + 2 < n; b++) {
    ck_assert_int_eq(pgo_cfg_add_edge(g, b, b + 1), PGO_OK);
    uint32_t extra = (uint32_t)(rnd_next(&s) % 3);
    for (uint32_t k = 0; k < extra; k++)
      ck_assert_int_eq(
          pgo_cfg_add_edge(g, b, (uint32_t)(rnd_next(&s) % (n - 2))), PGO_OK);
  }
  if (n >= 3)
    ck_assert_int_eq(pgo_cfg_add_edge(g, n - 3, n - 1), PGO_OK);
  else if (n == 2)
    ck_assert_int_eq(pgo_cfg_add_edge(g, 0, 1), PGO_OK);
  for (uint32_t i = 0; i < n; i++)
    if (pgo_cfg_nsucc(g, i) == 0)
      ck_assert_int_eq(pgo_cfg_set_term(g, i, PGO_TERM_RETURN), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  pgo_pfg *p = NULL;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &p), PGO_OK);
  for (uint32_t b = 0; b < n; b++) {
    double c = (rnd_next(&s) % 4 == 0) ? 0.0
                                       : (double)(rnd_next(&s) % 100000) / 7.0;
    ck_assert_int_eq(
        pgo_pfg_set_block_count(p, b, c, PGO_PROV_INSTRUMENTED), PGO_OK);
    uint32_t ns = pgo_cfg_nsucc(g, b), e0 = pgo_cfg_succ_begin(g, b);
    double w[8], sum = 0.0;
    for (uint32_t k = 0; k < ns; k++)
      sum += (w[k] = (double)(rnd_next(&s) % 1000 + 1));
    for (uint32_t k = 0; k < ns; k++)
      ck_assert_int_eq(pgo_pfg_set_edge_prob(p, e0 + k, w[k] / sum,
                                             PGO_PROV_INSTRUMENTED),
                       PGO_OK);
  }
  *gout = g;
  return p;
}

#endif
