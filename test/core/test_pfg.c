/*
 * test_pfg.c -- the profiled flow graph: defaults (uniform probabilities,
 * zero counts, provenance none), derived edge counts E_ij = N_i e_ij, the
 * Kirchhoff residual, rejection of bad values (statuses, nothing changed),
 * out-of-memory handling; and the issue-8 additions: a profile that lives
 * through graph edits (values follow stable ids, new values carry
 * provenance NONE or the edit's, rescaling of changed blocks, lazy sync,
 * the block-added-after-the-profile crash), measured edge counts, held
 * flags, call-site histograms and pgo_pfg_verify.
 */
#include "edit_test_util.h"

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


START_TEST(block_added_after_profile) {
  /* Before issue 8 this dereferenced NULL: the graph is unfinished after
   * add_block, and the residual and edge counts read its CSR arrays. */
  pgo_cfg *g = diamond();
  pgo_pfg *p;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &p), PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 0, 10, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  uint32_t nb;
  ck_assert_int_eq(pgo_cfg_add_block(g, 40, 1, &nb), PGO_OK);
  ck_assert(!pgo_cfg_is_finished(g));
  uint32_t worst = 0;
  ck_assert(isnan(pgo_pfg_max_residual(p, &worst)));
  ck_assert_uint_eq(worst, PGO_NONE);
  ck_assert(pgo_pfg_edge_count(p, 0) == 0.0); /* no edge ids before finish */
  ck_assert(pgo_pfg_edge_prob(p, 0) == 0.0);
  ck_assert_int_eq(pgo_pfg_edge_prov(p, 0), PGO_PROV_NONE);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 0, 0.5, PGO_PROV_SAMPLED),
                   PGO_ERR_STATE);
  ck_assert_ptr_nonnull(strstr(pgo_pfg_errmsg(p), "not finished"));
  /* Block values work at any time; the new block reads 0 / NONE. */
  ck_assert(pgo_pfg_block_count(p, nb) == 0.0);
  ck_assert_int_eq(pgo_pfg_block_prov(p, nb), PGO_PROV_NONE);
  ck_assert(pgo_pfg_block_count(p, 0) == 10.0);
  ck_assert_uint_eq(pgo_pfg_generation(p), pgo_cfg_generation(g));
  ck_assert_int_eq(pgo_pfg_set_block_count(p, nb, 3, PGO_PROV_SAMPLED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_verify(p), PGO_OK);
  /* A new edge from the new block: probability 1 (uniform, NONE); a new
   * edge from block 3 next to nothing: same. */
  ck_assert_int_eq(pgo_cfg_add_edge(g, nb, 3), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 1, nb), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  uint32_t e = pgo_cfg_edge_at(g, nb, 0);
  ck_assert(pgo_pfg_edge_prob(p, e) == 1.0);
  ck_assert_int_eq(pgo_pfg_edge_prov(p, e), PGO_PROV_NONE);
  /* Block 1 had one edge (prob 1) and got a second with 0: sums to 1. */
  ck_assert(pgo_pfg_edge_prob(p, pgo_cfg_edge_at(g, 1, 0)) == 1.0);
  ck_assert(pgo_pfg_edge_prob(p, pgo_cfg_edge_at(g, 1, 1)) == 0.0);
  ck_assert(!isnan(pgo_pfg_max_residual(p, NULL)));
  ck_assert_int_eq(pgo_pfg_verify(p), PGO_OK);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

/* The diamond with a consistent instrumented profile: 100 -> 30 / 70. */
static pgo_pfg *diamond_profile(pgo_cfg *g) {
  pgo_pfg *p;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &p), PGO_OK);
  const double n[4] = {100, 30, 70, 100};
  for (uint32_t b = 0; b < 4; b++)
    ck_assert_int_eq(pgo_pfg_set_block_count(p, b, n[b], PGO_PROV_INSTRUMENTED),
                     PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 0, 0.3, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 1, 0.7, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 2, 1.0, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 3, 1.0, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_verify(p), PGO_OK);
  return p;
}

START_TEST(values_follow_split_and_redirect) {
  pgo_cfg *g = diamond();
  pgo_pfg *p = diamond_profile(g);
  ck_assert_int_eq(pgo_pfg_set_edge_measured(p, 1, 70, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  uint64_t gen0 = pgo_pfg_generation(p);
  /* Split the measured edge: the block's count is the measured count. */
  uint32_t a, in, out;
  ck_assert_int_eq(pgo_cfg_split_edge(g, 1, &a, &in, &out), PGO_OK);
  ck_assert_uint_eq(pgo_pfg_generation(p), gen0); /* not synced yet */
  ck_assert_int_eq(pgo_pfg_sync(p), PGO_OK);
  ck_assert_uint_eq(pgo_pfg_generation(p), pgo_cfg_generation(g));
  ck_assert(pgo_pfg_edge_prob(p, in) == 0.7);
  ck_assert_int_eq(pgo_pfg_edge_prov(p, in), PGO_PROV_INSTRUMENTED);
  ck_assert(pgo_pfg_edge_measured(p, in) == 70.0);
  ck_assert(pgo_pfg_edge_prob(p, out) == 1.0);
  ck_assert_int_eq(pgo_pfg_edge_prov(p, out), PGO_PROV_INSTRUMENTED);
  ck_assert(pgo_pfg_edge_measured(p, out) == 70.0);
  ck_assert(pgo_pfg_block_count(p, a) == 70.0);
  ck_assert_int_eq(pgo_pfg_block_prov(p, a), PGO_PROV_INSTRUMENTED);
  ck_assert(pgo_pfg_max_residual(p, NULL) < 1e-12);
  /* Split the other edge (no measured count): N_src * e = 30. */
  uint32_t b2;
  ck_assert_int_eq(pgo_cfg_split_edge(g, 0, &b2, NULL, NULL), PGO_OK);
  /* Lazily: the getter syncs. */
  ck_assert(fabs(pgo_pfg_block_count(p, b2) - 30.0) < 1e-12);
  ck_assert_uint_eq(pgo_pfg_generation(p), pgo_cfg_generation(g));
  ck_assert(isnan(pgo_pfg_edge_measured(p, pgo_cfg_edge_at(g, b2, 0))));
  ck_assert_int_eq(pgo_pfg_edge_measured_prov(p, pgo_cfg_edge_at(g, b2, 0)),
                   PGO_PROV_NONE);
  ck_assert(pgo_pfg_max_residual(p, NULL) < 1e-12);
  ck_assert_int_eq(pgo_pfg_verify(p), PGO_OK);
  /* Redirect keeps the edge's values. */
  ck_assert_int_eq(pgo_cfg_redirect_edge(g, 0, 3), PGO_OK);
  ck_assert(pgo_pfg_edge_prob(p, 0) == 0.3);
  ck_assert_int_eq(pgo_pfg_edge_prov(p, 0), PGO_PROV_INSTRUMENTED);
  ck_assert(pgo_pfg_block_count(p, 1) == 30.0); /* blocks keep theirs */
  ck_assert_int_eq(pgo_pfg_verify(p), PGO_OK);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(removal_rescales_and_clears) {
  /* 0 -> {1, 2, 3}: 0.2 (held), 0.3, 0.5. */
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {0, 3}, {1, 3}, {2, 3}};
  pgo_cfg *g = BUILD(g, 4, E);
  pgo_pfg *p;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &p), PGO_OK);
  const double pr[3] = {0.2, 0.3, 0.5};
  for (uint32_t e = 0; e < 3; e++)
    ck_assert_int_eq(pgo_pfg_set_edge_prob(p, e, pr[e], PGO_PROV_SAMPLED),
                     PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_held(p, 0, true), PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 2, 5, PGO_PROV_SAMPLED), PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_block_held(p, 2, true), PGO_OK);
  ck_assert(pgo_pfg_block_held(p, 2));
  /* Remove 0 -> 3: the values not held are rescaled to fill 1 - 0.2. */
  ck_assert_int_eq(pgo_cfg_remove_edge(g, 2), PGO_OK);
  ck_assert(pgo_pfg_edge_prob(p, 0) == 0.2);
  ck_assert(pgo_pfg_edge_held(p, 0));
  ck_assert_int_eq(pgo_pfg_edge_prov(p, 0), PGO_PROV_SAMPLED);
  ck_assert(fabs(pgo_pfg_edge_prob(p, 1) - 0.8) < 1e-12);
  ck_assert_int_eq(pgo_pfg_edge_prov(p, 1), PGO_PROV_REPAIRED);
  ck_assert_int_eq(pgo_pfg_verify(p), PGO_OK);
  /* Remove block 2: its values are gone and cannot be set; 0 keeps one
   * successor, the held one, which alone must now carry 1. */
  ck_assert_int_eq(pgo_cfg_remove_block(g, 2), PGO_OK);
  ck_assert(pgo_pfg_block_count(p, 2) == 0.0);
  ck_assert_int_eq(pgo_pfg_block_prov(p, 2), PGO_PROV_NONE);
  ck_assert(!pgo_pfg_block_held(p, 2));
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 2, 1, PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(pgo_pfg_errmsg(p), "removed"));
  ck_assert_int_eq(pgo_pfg_set_block_held(p, 2, true), PGO_ERR_INVALID);
  ck_assert(pgo_pfg_edge_prob(p, 0) == 1.0);
  ck_assert_int_eq(pgo_pfg_edge_prov(p, 0), PGO_PROV_REPAIRED);
  ck_assert(!pgo_pfg_edge_held(p, 0)); /* no longer the measured value */
  ck_assert_int_eq(pgo_pfg_verify(p), PGO_OK);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(duplicate_copies_probabilities) {
  pgo_cfg *g = diamond();
  pgo_pfg *p = diamond_profile(g);
  uint32_t d;
  ck_assert_int_eq(pgo_cfg_duplicate_block(g, 0, &d), PGO_OK);
  ck_assert(pgo_pfg_edge_prob(p, pgo_cfg_edge_at(g, d, 0)) == 0.3);
  ck_assert(pgo_pfg_edge_prob(p, pgo_cfg_edge_at(g, d, 1)) == 0.7);
  ck_assert_int_eq(pgo_pfg_edge_prov(p, pgo_cfg_edge_at(g, d, 1)),
                   PGO_PROV_INSTRUMENTED);
  ck_assert(pgo_pfg_block_count(p, d) == 0.0); /* unknown share */
  ck_assert_int_eq(pgo_pfg_block_prov(p, d), PGO_PROV_NONE);
  ck_assert(pgo_pfg_block_count(p, 0) == 100.0);
  ck_assert_int_eq(pgo_pfg_verify(p), PGO_OK);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(measured_counts_and_held_flags) {
  pgo_cfg *g = diamond();
  pgo_pfg *p;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &p), PGO_OK);
  ck_assert(isnan(pgo_pfg_edge_measured(p, 0)));
  ck_assert_int_eq(pgo_pfg_edge_measured_prov(p, 0), PGO_PROV_NONE);
  ck_assert_int_eq(pgo_pfg_set_edge_measured(p, 0, 12, PGO_PROV_SAMPLED),
                   PGO_OK);
  ck_assert(pgo_pfg_edge_measured(p, 0) == 12.0);
  ck_assert_int_eq(pgo_pfg_edge_measured_prov(p, 0), PGO_PROV_SAMPLED);
  /* The derived count is separate. */
  ck_assert(pgo_pfg_edge_count(p, 0) == 0.0);
  ck_assert_int_eq(pgo_pfg_set_edge_measured(p, 0, NAN, PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_edge_measured(p, 0, -1, PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_edge_measured(p, 9, 1, PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_edge_measured(p, 0, 1, (pgo_provenance)42),
                   PGO_ERR_INVALID);
  ck_assert(pgo_pfg_edge_measured(p, 0) == 12.0);
  ck_assert_int_eq(pgo_pfg_set_edge_measured(p, 0, NAN, PGO_PROV_NONE),
                   PGO_OK); /* clears; the count is ignored */
  ck_assert(isnan(pgo_pfg_edge_measured(p, 0)));
  ck_assert(!pgo_pfg_edge_held(p, 1));
  ck_assert_int_eq(pgo_pfg_set_edge_held(p, 1, true), PGO_OK);
  ck_assert(pgo_pfg_edge_held(p, 1));
  ck_assert_int_eq(pgo_pfg_set_edge_held(p, 1, false), PGO_OK);
  ck_assert(!pgo_pfg_edge_held(p, 1));
  ck_assert_int_eq(pgo_pfg_set_edge_held(p, 4, true), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_block_held(p, 4, true), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_block_held(NULL, 0, true), PGO_ERR_INVALID);
  ck_assert(!pgo_pfg_block_held(NULL, 0));
  ck_assert(!pgo_pfg_edge_held(p, 99));
  ck_assert_int_eq(pgo_pfg_verify(p), PGO_OK);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(histograms) {
  pgo_cfg *g = diamond();
  test_alloc ta;
  pgo_allocator a = test_allocator(&ta);
  pgo_pfg *p;
  ck_assert_int_eq(pgo_pfg_new(&a, g, &p), PGO_OK);
  ck_assert_uint_eq(pgo_pfg_nhistograms(p), 0);
  char name[16] = "foo";
  const char *t[3] = {name, "bar", "baz"};
  const double c[3] = {50, 30, 5};
  ck_assert_int_eq(pgo_pfg_set_histogram(p, 20, t, c, 3, 7, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  strcpy(name, "changed"); /* names are copied */
  ck_assert_int_eq(pgo_pfg_set_histogram(p, 4, t + 1, c + 1, 1, 0,
                                         PGO_PROV_SAMPLED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_histogram(p, 12, NULL, NULL, 0, 9,
                                         PGO_PROV_SAMPLED),
                   PGO_OK); /* only a tail */
  ck_assert_uint_eq(pgo_pfg_nhistograms(p), 3);
  pgo_pfg_histogram v;
  const uint32_t order[3] = {4, 12, 20};
  for (uint32_t i = 0; i < 3; i++) {
    ck_assert_int_eq(pgo_pfg_histogram_at(p, i, &v), PGO_OK);
    ck_assert_uint_eq(v.il_offset, order[i]);
  }
  ck_assert_int_eq(pgo_pfg_histogram_at(p, 3, &v), PGO_ERR_RANGE);
  ck_assert_uint_eq(v.n, 0);
  ck_assert_ptr_null(v.targets);
  ck_assert_int_eq(pgo_pfg_histogram_get(p, 20, &v), PGO_OK);
  ck_assert_uint_eq(v.n, 3);
  ck_assert_str_eq(v.targets[0], "foo");
  ck_assert_str_eq(v.targets[2], "baz");
  ck_assert(v.counts[1] == 30 && v.other == 7);
  ck_assert_int_eq(v.prov, PGO_PROV_INSTRUMENTED);
  ck_assert_int_eq(pgo_pfg_histogram_get(p, 21, &v), PGO_ERR_NOT_FOUND);
  /* Bad input: a status and nothing changed. */
  const char *dup[2] = {"x", "x"}, *null_name[2] = {"x", NULL};
  const double two[2] = {1, 1}, bad[2] = {1, NAN};
  ck_assert_int_eq(pgo_pfg_set_histogram(p, 20, dup, two, 2, 0, PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(pgo_pfg_errmsg(p), "twice"));
  ck_assert_int_eq(pgo_pfg_set_histogram(p, 20, null_name, two, 2, 0,
                                         PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_histogram(p, 20, t, bad, 2, 0, PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_histogram(p, 20, t, c, 2, -1, PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_histogram(p, 20, t, c, 2, 0, PGO_PROV_NONE),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_histogram(p, PGO_NONE, t, c, 2, 0,
                                         PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_set_histogram(p, 20, NULL, c, 2, 0,
                                         PGO_PROV_SAMPLED),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_histogram_get(p, 20, &v), PGO_OK);
  ck_assert_uint_eq(v.n, 3);
  ck_assert_str_eq(v.targets[0], "foo");
  /* Replace, remove. */
  ck_assert_int_eq(pgo_pfg_set_histogram(p, 20, dup, two, 1, 2,
                                         PGO_PROV_SAMPLED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_histogram_get(p, 20, &v), PGO_OK);
  ck_assert_uint_eq(v.n, 1);
  ck_assert_str_eq(v.targets[0], "x");
  ck_assert_uint_eq(pgo_pfg_nhistograms(p), 3);
  ck_assert_int_eq(pgo_pfg_remove_histogram(p, 12), PGO_OK);
  ck_assert_int_eq(pgo_pfg_remove_histogram(p, 12), PGO_ERR_NOT_FOUND);
  ck_assert_uint_eq(pgo_pfg_nhistograms(p), 2);
  ck_assert_int_eq(pgo_pfg_histogram_at(p, 1, &v), PGO_OK);
  ck_assert_uint_eq(v.il_offset, 20);
  /* Histograms survive graph edits (keyed by IL offset). */
  ck_assert_int_eq(pgo_cfg_split_edge(g, 0, NULL, NULL, NULL), PGO_OK);
  ck_assert_int_eq(pgo_pfg_verify(p), PGO_OK);
  ck_assert_uint_eq(pgo_pfg_nhistograms(p), 2);
  ck_assert_int_eq(pgo_pfg_histogram_at(NULL, 0, &v), PGO_ERR_INVALID);
  ck_assert_uint_eq(pgo_pfg_nhistograms(NULL), 0);
  pgo_pfg_free(p);
  ck_assert_int_eq(ta.live_blocks, 0);
  ck_assert_int_eq(ta.size_errors, 0);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(verify_finds_inconsistency) {
  pgo_cfg *g = diamond();
  pgo_pfg *p;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &p), PGO_OK);
  ck_assert_int_eq(pgo_pfg_verify(p), PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 0, 0.9, PGO_PROV_SAMPLED), PGO_OK);
  ck_assert_int_eq(pgo_pfg_verify(p), PGO_ERR_CORRUPT);
  ck_assert_ptr_nonnull(strstr(pgo_pfg_errmsg(p), "block 0"));
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 1, 0.1, PGO_PROV_SAMPLED), PGO_OK);
  ck_assert_int_eq(pgo_pfg_verify(p), PGO_OK);
  ck_assert_str_eq(pgo_pfg_errmsg(p), "");
  ck_assert_int_eq(pgo_pfg_verify(NULL), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_pfg_sync(NULL), PGO_ERR_INVALID);
  pgo_pfg_free(p);
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
  tcase_add_test(tc, block_added_after_profile);
  tcase_add_test(tc, values_follow_split_and_redirect);
  tcase_add_test(tc, removal_rescales_and_clears);
  tcase_add_test(tc, duplicate_copies_probabilities);
  tcase_add_test(tc, measured_counts_and_held_flags);
  tcase_add_test(tc, histograms);
  tcase_add_test(tc, verify_finds_inconsistency);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite())
