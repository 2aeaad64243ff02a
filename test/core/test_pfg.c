/*
 * test_pfg.c -- the profiled flow graph: defaults (uniform probabilities,
 * zero counts, provenance none), derived edge counts E_ij = N_i e_ij, the
 * Kirchhoff residual, rejection of bad values, and out-of-memory handling.
 */
#include "core_test_util.h"

#include <math.h>

static pgo_cfg *diamond(void) {
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
  return BUILD(g, 4, E);
}

START_TEST(defaults) {
  pgo_cfg *g;
  pgo_pfg *p = (pgo_pfg *)1;
  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(g, 0, 1, NULL), PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &p), PGO_ERR_STATE);
  ck_assert_ptr_null(p);
  ck_assert_int_eq(pgo_pfg_new(NULL, NULL, &p), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_new(NULL, g, NULL), PGO_ERR_INVALID);
  pgo_cfg_free(g);

  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {0, 3}, {1, 3}, {2, 3}};
  g = BUILD(g, 4, E);
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &p), PGO_OK);
  ck_assert_ptr_eq(pgo_pfg_cfg(p), g);
  for (uint32_t e = 0; e < 3; e++) {
    ck_assert(fabs(pgo_pfg_edge_prob(p, e) - 1.0 / 3.0) < 1e-15);
    ck_assert_int_eq(pgo_pfg_edge_prov(p, e), PGO_PROV_NONE);
  }
  ck_assert(pgo_pfg_edge_prob(p, 3) == 1.0);
  for (uint32_t b = 0; b < 4; b++) {
    ck_assert(pgo_pfg_block_count(p, b) == 0.0);
    ck_assert_int_eq(pgo_pfg_block_prov(p, b), PGO_PROV_NONE);
  }
  uint32_t worst = 7;
  ck_assert(pgo_pfg_max_residual(p, &worst) == 0.0);
  ck_assert_uint_eq(worst, PGO_NONE);
  pgo_pfg_free(p);
  pgo_pfg_free(NULL);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(counts_and_kirchhoff) {
  pgo_cfg *g = diamond();
  pgo_pfg *p;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &p), PGO_OK);
  pgo_pfg_set_block_count(p, 0, 100, PGO_PROV_INSTRUMENTED);
  pgo_pfg_set_block_count(p, 1, 30, PGO_PROV_INSTRUMENTED);
  pgo_pfg_set_block_count(p, 2, 70, PGO_PROV_REPAIRED);
  pgo_pfg_set_block_count(p, 3, 100, PGO_PROV_INSTRUMENTED);
  pgo_pfg_set_edge_prob(p, 0, 0.3, PGO_PROV_SYNTHESIZED);
  pgo_pfg_set_edge_prob(p, 1, 0.7, PGO_PROV_SYNTHESIZED);
  ck_assert(pgo_pfg_entry_count(p) == 100.0);
  ck_assert(fabs(pgo_pfg_edge_count(p, 0) - 30.0) < 1e-12);
  ck_assert(fabs(pgo_pfg_edge_count(p, 1) - 70.0) < 1e-12);
  ck_assert(fabs(pgo_pfg_edge_count(p, 3) - 70.0) < 1e-12);
  ck_assert_int_eq(pgo_pfg_block_prov(p, 2), PGO_PROV_REPAIRED);
  ck_assert_int_eq(pgo_pfg_edge_prov(p, 1), PGO_PROV_SYNTHESIZED);
  uint32_t worst;
  ck_assert(pgo_pfg_max_residual(p, &worst) < 1e-12);
  /* Break block 3: inflow 100, count 90 -> residual 10/90. */
  pgo_pfg_set_block_count(p, 3, 90, PGO_PROV_SAMPLED);
  double r = pgo_pfg_max_residual(p, &worst);
  ck_assert(fabs(r - 10.0 / 90.0) < 1e-12);
  ck_assert_uint_eq(worst, 3);
  /* Small counts are measured absolutely (max(N, 1)). */
  pgo_pfg_set_block_count(p, 3, 100, PGO_PROV_SAMPLED);
  pgo_pfg_set_block_count(p, 1, 30.5, PGO_PROV_SAMPLED);
  r = pgo_pfg_max_residual(p, &worst);
  ck_assert(fabs(r - 0.5 / 30.5) < 1e-12);
  ck_assert_uint_eq(worst, 1);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(bad_values_ignored) {
  pgo_cfg *g = diamond();
  pgo_pfg *p;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &p), PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 1, 5, PGO_PROV_ANNOTATED),
                   PGO_OK);
  /* Every bad value is a status, with a message, and changes nothing. */
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 1, NAN, PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(pgo_pfg_errmsg(p), "block 1"));
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 1, -1, PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 1, INFINITY, PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 1, 3, (pgo_provenance)99),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 99, 3, PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_block_count(NULL, 0, 3, PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert(pgo_pfg_block_count(p, 1) == 5.0);
  ck_assert_int_eq(pgo_pfg_block_prov(p, 1), PGO_PROV_ANNOTATED);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 0, 1.5, PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 0, -0.1, PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 0, NAN, PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 50, 0.5, PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 0, 0.5, (pgo_provenance)-1),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_edge_prov(p, 0), PGO_PROV_NONE);
  ck_assert(pgo_pfg_edge_prob(p, 0) == 0.5);
  ck_assert(pgo_pfg_block_count(p, 99) == 0.0);
  ck_assert(pgo_pfg_edge_prob(p, 99) == 0.0);
  ck_assert(pgo_pfg_edge_count(p, 99) == 0.0);
  ck_assert_int_eq(pgo_pfg_edge_prov(p, 99), PGO_PROV_NONE);
  ck_assert(pgo_pfg_block_count(NULL, 0) == 0.0);
  ck_assert(pgo_pfg_max_residual(NULL, NULL) == 0.0);
  ck_assert_ptr_null(pgo_pfg_cfg(NULL));
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(out_of_memory) {
  pgo_cfg *g = diamond();
  long n = 0;
  for (;; n++) {
    test_alloc ta;
    pgo_allocator a = test_allocator(&ta);
    ta.fail_at = n;
    pgo_pfg *p = (pgo_pfg *)1;
    pgo_status s = pgo_pfg_new(&a, g, &p);
    if (s == PGO_OK) {
      ck_assert(!ta.failed);
      pgo_pfg_free(p);
      ck_assert_int_eq(ta.live_blocks, 0);
      break;
    }
    ck_assert_int_eq(s, PGO_ERR_NOMEM);
    ck_assert_ptr_null(p);
    ck_assert_int_eq(ta.live_blocks, 0);
    ck_assert_int_eq(ta.size_errors, 0);
  }
  ck_assert_int_eq(n, 10); /* the handle and nine arrays */
  pgo_cfg_free(g);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("core_pfg");
  TCase *tc = tcase_create("pfg");
  tcase_add_test(tc, defaults);
  tcase_add_test(tc, counts_and_kirchhoff);
  tcase_add_test(tc, bad_values_ignored);
  tcase_add_test(tc, out_of_memory);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite())
