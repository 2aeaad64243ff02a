#define _POSIX_C_SOURCE 200809L
/* test_apply.c -- records -> pfg (lib/ingest/apply*.c): the mapping by
 * key, misfit records, match states (matched, absent, zero entry, key
 * mismatch with both hashes, stale matcher), lookups in profiles and
 * stores, the whole pipeline on worked examples, options and results that
 * grow by struct_size, and allocation failures (state unchanged, nothing
 * leaked). */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include "apply_test_util.h"

/* Diamond 0 -> {1, 2} -> 3, measured 100 / 90 / 10 / 100. */
static const uint32_t diamond[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
static const pgo_count_rec dia_b[] = {{0, 100}, {10, 90}, {20, 10}, {30, 100}};
static const pgo_edge_rec dia_e[] = {
    {0, 0, 90}, {0, 1, 10}, {10, 0, 90}, {20, 0, 10}};

typedef struct fixture {
  pgo_ingest *ig;
  pgo_cfg *cfg;
  pgo_pfg *pfg;
  pgo_ingest_result r;
} fixture;

static void fx_open(fixture *f, uint32_t n, const uint32_t (*e)[2],
                    uint32_t ne) {
  ck_assert_int_eq(pgo_ingest_new(NULL, &f->ig), PGO_OK);
  f->cfg = at_graph(n, e, ne, 1);
  ck_assert_ptr_nonnull(f->cfg);
  ck_assert_int_eq(pgo_pfg_new(NULL, f->cfg, &f->pfg), PGO_OK);
  pgo_ingest_result_init(&f->r);
}

static void fx_close(fixture *f) {
  pgo_pfg_free(f->pfg);
  pgo_cfg_free(f->cfg);
  pgo_ingest_free(f->ig);
}

START_TEST(apply_diamond) {
  fixture f;
  fx_open(&f, 4, diamond, 4);
  pgo_method_profile m = at_method(1, 40, 100, dia_b, 4, dia_e, 4);
  ck_assert_int_eq(pgo_ingest_apply(f.ig, f.cfg, &m, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert_int_eq(f.r.match, PGO_INGEST_MATCHED);
  ck_assert_uint_eq(f.r.entry_count, 100);
  ck_assert_uint_eq(f.r.blocks_applied, 4);
  ck_assert_uint_eq(f.r.edges_applied, 4);
  ck_assert_uint_eq(f.r.bad_blocks + f.r.bad_edges + f.r.bad_sites, 0);
  ck_assert(f.r.residual == 0 && !f.r.inconsistent);
  ck_assert_str_eq(f.r.message, "");
  for (uint32_t b = 0; b < 4; b++) {
    ck_assert_double_eq(pgo_pfg_block_count(f.pfg, b), dia_b[b].count);
    ck_assert_int_eq(pgo_pfg_block_prov(f.pfg, b), PGO_PROV_INSTRUMENTED);
    ck_assert(pgo_pfg_block_held(f.pfg, b));
  }
  ck_assert_double_eq_tol(pgo_pfg_edge_prob(f.pfg, 0), 0.9, 1e-15);
  ck_assert_double_eq_tol(pgo_pfg_edge_prob(f.pfg, 1), 0.1, 1e-15);
  ck_assert_int_eq(pgo_pfg_edge_prov(f.pfg, 0), PGO_PROV_INSTRUMENTED);
  ck_assert(pgo_pfg_edge_held(f.pfg, 0));
  ck_assert_double_eq(pgo_pfg_edge_measured(f.pfg, 1), 10);
  ck_assert_int_eq(pgo_pfg_verify(f.pfg), PGO_OK);
  /* sampled provenance by option */
  pgo_ingest_options o;
  pgo_ingest_options_init(&o);
  o.prov = PGO_PROV_SAMPLED;
  ck_assert_int_eq(pgo_ingest_apply(f.ig, f.cfg, &m, &o, f.pfg, NULL),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_block_prov(f.pfg, 2), PGO_PROV_SAMPLED);
  ck_assert_int_eq(pgo_pfg_edge_measured_prov(f.pfg, 2), PGO_PROV_SAMPLED);
  fx_close(&f);
}
END_TEST

START_TEST(pipeline_diamond) {
  fixture f;
  fx_open(&f, 4, diamond, 4);
  pgo_method_profile m = at_method(1, 40, 100, dia_b, 4, dia_e, 4);
  ck_assert_int_eq(pgo_ingest_method(f.ig, f.cfg, &m, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert_int_eq(f.r.match, PGO_INGEST_MATCHED);
  ck_assert(f.r.residual_after >= 0 && f.r.residual_after < 1e-12);
  ck_assert(pgo_pfg_max_residual(f.pfg, NULL) < 1e-12);
  ck_assert_int_eq(pgo_pfg_verify(f.pfg), PGO_OK);
  /* N = 100, k = 4: prior weight 1 / (1 + 25 * 26^2) */
  double w = 1.0 / (1 + 25.0 * 26 * 26);
  double p0 = pgo_pfg_edge_prob(f.pfg, 0);
  ck_assert(fabs(p0 - 0.9) <= w + 1e-8);
  ck_assert(p0 != 0.9);
  ck_assert_int_eq(pgo_pfg_edge_prov(f.pfg, 0), PGO_PROV_BLENDED);
  ck_assert_uint_eq(f.r.edges_blended, 2);
  ck_assert_uint_eq(f.r.edges_measured, 2); /* 1 -> 3 and 2 -> 3 */
  ck_assert_double_eq_tol(pgo_pfg_block_count(f.pfg, 0), 100, 1e-9);
  ck_assert_double_eq_tol(pgo_pfg_block_count(f.pfg, 1), 90, 0.01);
  ck_assert_double_eq_tol(pgo_pfg_block_count(f.pfg, 3), 100, 1e-9);
  ck_assert_int_eq(pgo_pfg_block_prov(f.pfg, 0), PGO_PROV_INSTRUMENTED);
  /* moved by the prior's 6e-5 share only: still measured */
  ck_assert_int_eq(pgo_pfg_block_prov(f.pfg, 1), PGO_PROV_INSTRUMENTED);
  ck_assert_uint_eq(f.r.blocks_repaired, 0);
  /* a tighter repair tolerance calls that move a repair */
  pgo_ingest_options o;
  pgo_ingest_options_init(&o);
  o.repair_tolerance = 1e-6;
  ck_assert_int_eq(pgo_ingest_method(f.ig, f.cfg, &m, &o, f.pfg, &f.r),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_block_prov(f.pfg, 1), PGO_PROV_REPAIRED);
  ck_assert_uint_eq(f.r.blocks_repaired, 2);
  fx_close(&f);
}
END_TEST

/* Loop 0 -> 1 (header) -> {2 (body), 3 (exit)}, 2 -> 1: entered once,
 * 1000 trips.  A fixed-strength Dirichlet (k = 4) would shrink the loop to
 * ~680 trips; the fading prior keeps it. */
START_TEST(pipeline_loop) {
  static const uint32_t loop[][2] = {{0, 1}, {1, 2}, {1, 3}, {2, 1}};
  static const pgo_count_rec b[] = {{0, 1}, {10, 1000}, {20, 999}, {30, 1}};
  static const pgo_edge_rec e[] = {
      {0, 0, 1}, {10, 0, 999}, {10, 1, 1}, {20, 0, 999}};
  fixture f;
  fx_open(&f, 4, loop, 4);
  pgo_method_profile m = at_method(1, 40, 1, b, 4, e, 4);
  ck_assert_int_eq(pgo_ingest_method(f.ig, f.cfg, &m, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert(f.r.residual == 0);
  ck_assert(f.r.residual_after < 1e-12);
  double h = pgo_pfg_block_count(f.pfg, 1);
  ck_assert_msg(fabs(h - 1000) < 1e-3 * 1000, "header %g", h);
  ck_assert_double_eq_tol(pgo_pfg_block_count(f.pfg, 3), 1, 1e-9);
  ck_assert_int_eq(pgo_pfg_block_prov(f.pfg, 1), PGO_PROV_INSTRUMENTED);
  /* the exit is never exactly 0 even with every exit edge unmeasured */
  static const pgo_edge_rec e2[] = {{0, 0, 1}, {10, 0, 999}, {20, 0, 999}};
  m = at_method(1, 40, 1, b, 4, e2, 3);
  ck_assert_int_eq(pgo_ingest_method(f.ig, f.cfg, &m, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert(f.r.inconsistent);
  ck_assert(pgo_pfg_edge_prob(f.pfg, 2) > 0 && pgo_pfg_edge_prob(f.pfg, 1) < 1);
  ck_assert(f.r.residual_after < 1e-9);
  fx_close(&f);
}
END_TEST

START_TEST(absent_and_zero) {
  fixture f;
  fx_open(&f, 4, diamond, 4);
  ck_assert_int_eq(pgo_ingest_apply(f.ig, f.cfg, NULL, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert_int_eq(f.r.match, PGO_INGEST_ABSENT);
  ck_assert_ptr_nonnull(strstr(f.r.message, "absent"));
  ck_assert_int_eq(pgo_pfg_block_prov(f.pfg, 0), PGO_PROV_NONE);
  ck_assert_int_eq(pgo_ingest_method(f.ig, f.cfg, NULL, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert_int_eq(f.r.match, PGO_INGEST_ABSENT);
  ck_assert_double_eq_tol(pgo_pfg_block_count(f.pfg, 0), 1, 1e-12);
  ck_assert_int_eq(pgo_pfg_block_prov(f.pfg, 3), PGO_PROV_SYNTHESIZED);
  ck_assert_int_eq(pgo_pfg_edge_prov(f.pfg, 0), PGO_PROV_SYNTHESIZED);
  ck_assert_uint_eq(f.r.edges_synthesized, 4);
  /* zero entry count, zero records: cold by evidence, measured zeros */
  pgo_pfg_free(f.pfg);
  ck_assert_int_eq(pgo_pfg_new(NULL, f.cfg, &f.pfg), PGO_OK);
  static const pgo_count_rec z[] = {{0, 0}, {10, 0}};
  pgo_method_profile m = at_method(1, 40, 0, z, 2, NULL, 0);
  ck_assert_int_eq(pgo_ingest_method(f.ig, f.cfg, &m, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert_int_eq(f.r.match, PGO_INGEST_ZERO);
  ck_assert_ptr_nonnull(strstr(f.r.message, "entry count 0"));
  for (uint32_t b = 0; b < 4; b++) {
    ck_assert_double_eq(pgo_pfg_block_count(f.pfg, b), 0);
    ck_assert_int_eq(pgo_pfg_block_prov(f.pfg, b), PGO_PROV_INSTRUMENTED);
  }
  ck_assert_int_eq(pgo_pfg_edge_prov(f.pfg, 0), PGO_PROV_SYNTHESIZED);
  ck_assert_int_eq(pgo_pfg_verify(f.pfg), PGO_OK);
  /* no entry record: the entry block's count is the entry count */
  m = at_method(1, 40, 0, dia_b, 4, dia_e, 4);
  m.has_entry = false;
  ck_assert_int_eq(pgo_ingest_apply(f.ig, f.cfg, &m, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert_int_eq(f.r.match, PGO_INGEST_MATCHED);
  ck_assert(!f.r.has_entry && f.r.entry_count == 100);
  fx_close(&f);
}
END_TEST

START_TEST(key_mismatch) {
  fixture f;
  fx_open(&f, 4, diamond, 4);
  pgo_method_profile m = at_method(2, 40, 100, dia_b, 4, dia_e, 4);
  ck_assert_int_eq(pgo_ingest_apply(f.ig, f.cfg, &m, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert_int_eq(f.r.match, PGO_INGEST_MISMATCH);
  ck_assert_uint_eq(f.r.profile_hash, 2);
  ck_assert_uint_eq(f.r.graph_hash, 1);
  ck_assert_ptr_nonnull(strstr(f.r.message, "0x0000000000000002"));
  ck_assert_ptr_nonnull(strstr(f.r.message, "0x0000000000000001"));
  ck_assert_ptr_nonnull(strstr(f.r.message, "method m"));
  ck_assert_uint_eq(f.r.blocks_applied, 0);
  ck_assert_int_eq(pgo_pfg_block_prov(f.pfg, 1), PGO_PROV_NONE);
  ck_assert(isnan(pgo_pfg_edge_measured(f.pfg, 0)));
  /* il_size differs too */
  m = at_method(1, 41, 100, dia_b, 4, dia_e, 4);
  ck_assert_int_eq(pgo_ingest_method(f.ig, f.cfg, &m, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert_int_eq(f.r.match, PGO_INGEST_MISMATCH);
  ck_assert_uint_eq(f.r.profile_il_size, 41);
  /* synthesis, never the counts */
  ck_assert_double_eq_tol(pgo_pfg_block_count(f.pfg, 0), 1, 1e-12);
  ck_assert_int_eq(pgo_pfg_block_prov(f.pfg, 1), PGO_PROV_SYNTHESIZED);
  ck_assert_int_eq(pgo_pfg_edge_prov(f.pfg, 0), PGO_PROV_SYNTHESIZED);
  /* a record of another name is a caller error */
  m.key.name = "other";
  ck_assert_int_eq(pgo_ingest_apply(f.ig, f.cfg, &m, NULL, f.pfg, &f.r),
                   PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(pgo_ingest_errmsg(f.ig), "other"));
  fx_close(&f);
}
END_TEST

static int stale_calls;
static pgo_status stale_hook(void *ud, const pgo_cfg *cfg,
                             const pgo_method_profile *stale, pgo_pfg *pfg,
                             double *entry, bool *used) {
  (void)cfg;
  stale_calls++;
  ck_assert_ptr_eq(ud, &stale_calls);
  ck_assert_uint_eq(stale->key.hash, 2);
  /* "match" the entry block only */
  pgo_pfg_set_block_count(pfg, 0, 50, PGO_PROV_INSTRUMENTED);
  *entry = 50;
  *used = true;
  return PGO_OK;
}

START_TEST(stale_matcher_hook) {
  fixture f;
  fx_open(&f, 4, diamond, 4);
  pgo_method_profile m = at_method(2, 40, 100, dia_b, 4, dia_e, 4);
  pgo_ingest_options o;
  pgo_ingest_options_init(&o);
  o.stale = stale_hook;
  o.stale_ud = &stale_calls;
  ck_assert_int_eq(pgo_ingest_method(f.ig, f.cfg, &m, &o, f.pfg, &f.r),
                   PGO_OK);
  ck_assert_int_eq(stale_calls, 1);
  ck_assert_int_eq(f.r.match, PGO_INGEST_STALE_MATCHED);
  ck_assert_uint_eq(f.r.entry_count, 50);
  ck_assert_double_eq_tol(pgo_pfg_block_count(f.pfg, 0), 50, 1e-9);
  ck_assert_double_eq_tol(pgo_pfg_block_count(f.pfg, 3), 50, 1e-9);
  /* not called on an exact key */
  m = at_method(1, 40, 100, dia_b, 4, dia_e, 4);
  ck_assert_int_eq(pgo_ingest_apply(f.ig, f.cfg, &m, &o, f.pfg, &f.r),
                   PGO_OK);
  ck_assert_int_eq(stale_calls, 1);
  fx_close(&f);
}
END_TEST

START_TEST(misfit_records) {
  fixture f;
  fx_open(&f, 4, diamond, 4);
  /* 15 starts no block; (0, 5): block 0 has 2 successors; (15, 0) no
   * block; a site at 35 lies in no block (blocks are [10i, 10i + 1)) */
  static const pgo_count_rec b[] = {{0, 100}, {15, 7}, {10, 90}, {20, 10},
                                    {30, 100}};
  static const pgo_edge_rec e[] = {{0, 0, 90}, {0, 5, 3},  {15, 0, 4},
                                   {0, 1, 10}, {10, 0, 90}, {20, 0, 10}};
  static const pgo_value_pair pairs[] = {{"f", 60}, {"g", 30}};
  pgo_value_site sites[] = {{10, 4, 10, 2, pairs}, {35, 4, 0, 1, pairs}};
  pgo_method_profile m = at_method(1, 40, 100, b, 5, e, 6);
  m.sites = sites;
  m.nsites = 2;
  ck_assert_int_eq(pgo_ingest_apply(f.ig, f.cfg, &m, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert_uint_eq(f.r.bad_blocks, 1);
  ck_assert_uint_eq(f.r.bad_block_offset, 15);
  ck_assert_uint_eq(f.r.bad_edges, 2);
  ck_assert_uint_eq(f.r.bad_edge_offset, 0);
  ck_assert_uint_eq(f.r.bad_edge_succ, 5);
  ck_assert_uint_eq(f.r.bad_sites, 1);
  ck_assert_uint_eq(f.r.bad_site_offset, 35);
  ck_assert_uint_eq(f.r.blocks_applied, 4);
  ck_assert_uint_eq(f.r.edges_applied, 4);
  ck_assert_uint_eq(f.r.sites_applied, 1);
  /* the rest applied and consistent; the misfits changed nothing */
  ck_assert(f.r.residual == 0 && !f.r.inconsistent);
  ck_assert_double_eq(pgo_pfg_block_count(f.pfg, 1), 90);
  ck_assert_double_eq_tol(pgo_pfg_edge_prob(f.pfg, 0), 0.9, 1e-15);
  ck_assert_ptr_nonnull(strstr(f.r.message, "1 block records off the graph"));
  ck_assert_ptr_nonnull(strstr(f.r.message, "first (0, 5)"));
  ck_assert_uint_eq(pgo_pfg_nhistograms(f.pfg), 1);
  pgo_pfg_histogram h;
  ck_assert_int_eq(pgo_pfg_histogram_get(f.pfg, 10, &h), PGO_OK);
  ck_assert_uint_eq(h.n, 2);
  ck_assert_str_eq(h.targets[0], "f");
  ck_assert_double_eq(h.counts[1], 30);
  ck_assert_double_eq(h.other, 10);
  ck_assert_int_eq(h.prov, PGO_PROV_INSTRUMENTED);
  ck_assert_int_eq(pgo_pfg_histogram_get(f.pfg, 35, &h), PGO_ERR_NOT_FOUND);
  fx_close(&f);
}
END_TEST

/* Unsorted records with duplicate keys add up; the residual is cmd_check's. */
START_TEST(duplicates_and_residual) {
  fixture f;
  fx_open(&f, 4, diamond, 4);
  static const pgo_count_rec b[] = {{30, 100}, {10, 50}, {0, 100}, {10, 40},
                                    {20, 10}};
  static const pgo_edge_rec e[] = {{20, 0, 10}, {0, 1, 10}, {0, 0, 90},
                                   {10, 0, 60}};
  pgo_method_profile m = at_method(1, 40, 100, b, 5, e, 4);
  ck_assert_int_eq(pgo_ingest_apply(f.ig, f.cfg, &m, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert_double_eq(pgo_pfg_block_count(f.pfg, 1), 90);
  /* block 1: in 90, out 60 -> 30/90; block 3: in 70 vs 100 -> 0.3 */
  ck_assert_double_eq_tol(f.r.residual, 1.0 / 3, 1e-15);
  ck_assert_uint_eq(f.r.worst_block, 1);
  ck_assert_uint_eq(f.r.blocks_over, 2);
  ck_assert(f.r.inconsistent);
  ck_assert_ptr_nonnull(strstr(f.r.message, "inconsistent"));
  /* repair balances it */
  ck_assert_int_eq(pgo_ingest_method(f.ig, f.cfg, &m, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert(f.r.residual > 0.3);
  /* the derived flow (blended probabilities x counts) nearly balances
   * here (off by the prior's share only); the measured block 1 (90 in,
   * 60 out) does not */
  ck_assert(f.r.residual_before >= 0 && f.r.residual_before < 1e-3);
  ck_assert(f.r.residual_after < 1e-12);
  ck_assert_int_eq(pgo_pfg_block_prov(f.pfg, 3), PGO_PROV_INSTRUMENTED);
  ck_assert_int_eq(pgo_pfg_verify(f.pfg), PGO_OK);
  fx_close(&f);
}
END_TEST

/* An edited graph: a split block (no IL offset) and a removed block
 * (tombstone) -- the records land where their keys say, the split block
 * passes its inflow on (its count and out-edge are forced by
 * conservation), the tombstone's record is off the graph, and the pipeline
 * balances every live block. */
START_TEST(edited_graph) {
  static const uint32_t e[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {0, 4}};
  fixture f;
  fx_open(&f, 5, e, 5);
  uint32_t nb;
  ck_assert_int_eq(pgo_cfg_split_edge(f.cfg, 0, &nb, NULL, NULL), PGO_OK);
  ck_assert_int_eq(pgo_cfg_remove_edge(f.cfg, 2), PGO_OK); /* 0 -> 4 */
  ck_assert_int_eq(pgo_cfg_remove_block(f.cfg, 4), PGO_OK);
  ck_assert(pgo_cfg_block_removed(f.cfg, 4));
  static const pgo_count_rec b[] = {{0, 100}, {10, 90}, {20, 10}, {30, 100},
                                    {40, 5}};
  pgo_method_profile m = at_method(1, 50, 100, b, 5, dia_e, 4);
  ck_assert_int_eq(pgo_ingest_apply(f.ig, f.cfg, &m, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert_uint_eq(f.r.bad_blocks, 1); /* 40: the removed block */
  ck_assert_uint_eq(f.r.blocks_applied, 4);
  ck_assert_uint_eq(f.r.edges_applied, 4);
  ck_assert_double_eq(pgo_pfg_block_count(f.pfg, nb), 90);
  ck_assert_int_eq(pgo_pfg_block_prov(f.pfg, nb), PGO_PROV_INSTRUMENTED);
  ck_assert_double_eq(
      pgo_pfg_edge_measured(f.pfg, pgo_cfg_edge_at(f.cfg, nb, 0)), 90);
  ck_assert(f.r.residual == 0 && !f.r.inconsistent);
  ck_assert_int_eq(pgo_ingest_method(f.ig, f.cfg, &m, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert(f.r.residual_after < 1e-12);
  ck_assert_int_eq(pgo_pfg_verify(f.pfg), PGO_OK);
  ck_assert_int_eq(pgo_pfg_block_prov(f.pfg, nb), PGO_PROV_INSTRUMENTED);
  ck_assert_double_eq_tol(pgo_pfg_block_count(f.pfg, nb),
                          pgo_pfg_block_count(f.pfg, 1), 1e-9);
  ck_assert_double_eq_tol(pgo_pfg_block_count(f.pfg, 3), 100, 1e-6);
  fx_close(&f);
}
END_TEST

static pgo_profile *two_versions(void) {
  pgo_profile *p;
  ck_assert_int_eq(pgo_profile_new(NULL, &p), PGO_OK);
  pgo_method_profile m = at_method(2, 40, 100, dia_b, 4, dia_e, 4);
  ck_assert_int_eq(pgo_profile_add(p, &m, 1), PGO_OK);
  m = at_method(7, 40, 100, dia_b, 4, dia_e, 4);
  ck_assert_int_eq(pgo_profile_add(p, &m, 1), PGO_OK);
  m = at_method(1, 40, 5, dia_b, 4, dia_e, 4);
  m.key.name = "a";
  ck_assert_int_eq(pgo_profile_add(p, &m, 1), PGO_OK);
  m.key.name = "z";
  ck_assert_int_eq(pgo_profile_add(p, &m, 1), PGO_OK);
  ck_assert_int_eq(pgo_profile_finish(p), PGO_OK);
  return p;
}

START_TEST(lookup_profile) {
  pgo_profile *p = two_versions();
  const pgo_method_profile *m;
  uint32_t nv;
  pgo_method_key k = {"m", 1, 40};
  ck_assert_int_eq(pgo_ingest_lookup(p, &k, &m, &nv), PGO_OK);
  ck_assert_ptr_nonnull(m);
  ck_assert_uint_eq(m->key.hash, 2); /* the first other version */
  ck_assert_uint_eq(nv, 2);
  k.hash = 7;
  ck_assert_int_eq(pgo_ingest_lookup(p, &k, &m, &nv), PGO_OK);
  ck_assert_uint_eq(m->key.hash, 7);
  k.name = "n";
  ck_assert_int_eq(pgo_ingest_lookup(p, &k, &m, &nv), PGO_OK);
  ck_assert_ptr_null(m);
  ck_assert_uint_eq(nv, 0);
  ck_assert_int_eq(pgo_ingest_lookup(p, NULL, &m, &nv), PGO_ERR_INVALID);
  /* the pipeline through the profile */
  fixture f;
  fx_open(&f, 4, diamond, 4);
  ck_assert_int_eq(pgo_ingest_method_profile(f.ig, f.cfg, p, NULL, f.pfg,
                                             &f.r), PGO_OK);
  ck_assert_int_eq(f.r.match, PGO_INGEST_MISMATCH);
  ck_assert_uint_eq(f.r.versions, 2);
  ck_assert_uint_eq(f.r.profile_hash, 2);
  fx_close(&f);
  pgo_profile_free(p);
}
END_TEST

START_TEST(lookup_store) {
  char path[] = "/tmp/pgo_test_apply_XXXXXX";
  int fd = mkstemp(path);
  ck_assert(fd >= 0);
  close(fd);
  unlink(path);
  pgo_store *s = NULL;
  ck_assert_int_eq(pgo_store_open(path, PGO_STORE_CREATE, NULL, &s), PGO_OK);
  pgo_profile *p = two_versions();
  ck_assert_int_eq(pgo_store_write(s, p, 1), PGO_OK);
  pgo_profile_free(p);
  fixture f;
  fx_open(&f, 4, diamond, 4);
  ck_assert_int_eq(pgo_ingest_method_store(f.ig, f.cfg, s, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert_int_eq(f.r.match, PGO_INGEST_MISMATCH);
  ck_assert_uint_eq(f.r.versions, 2);
  ck_assert_uint_eq(f.r.profile_hash, 2);
  pgo_method_profile m = at_method(1, 40, 100, dia_b, 4, dia_e, 4);
  ck_assert_int_eq(pgo_store_put(s, &m), PGO_OK);
  ck_assert_int_eq(pgo_ingest_method_store(f.ig, f.cfg, s, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert_int_eq(f.r.match, PGO_INGEST_MATCHED);
  ck_assert_uint_eq(f.r.versions, 1);
  ck_assert_double_eq_tol(pgo_pfg_block_count(f.pfg, 3), 100, 1e-9);
  pgo_cfg_set_key(f.cfg, "absent", 1, 40);
  ck_assert_int_eq(pgo_ingest_method_store(f.ig, f.cfg, s, NULL, f.pfg, &f.r),
                   PGO_OK);
  ck_assert_int_eq(f.r.match, PGO_INGEST_ABSENT);
  fx_close(&f);
  pgo_store_close(s);
  unlink(path);
  char wal[64];
  snprintf(wal, sizeof wal, "%s-wal", path);
  unlink(wal);
  snprintf(wal, sizeof wal, "%s-shm", path);
  unlink(wal);
}
END_TEST

START_TEST(bad_arguments) {
  fixture f;
  fx_open(&f, 4, diamond, 4);
  pgo_method_profile m = at_method(1, 40, 100, dia_b, 4, dia_e, 4);
  ck_assert_int_eq(pgo_ingest_apply(NULL, f.cfg, &m, NULL, f.pfg, NULL),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_ingest_apply(f.ig, NULL, &m, NULL, f.pfg, NULL),
                   PGO_ERR_INVALID);
  pgo_cfg *other = at_graph(4, diamond, 4, 1);
  ck_assert_int_eq(pgo_ingest_apply(f.ig, other, &m, NULL, f.pfg, NULL),
                   PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(pgo_ingest_errmsg(f.ig), "another graph"));
  pgo_cfg_free(other);
  pgo_ingest_options o;
  memset(&o, 0, sizeof o); /* never initialised */
  ck_assert_int_eq(pgo_ingest_apply(f.ig, f.cfg, &m, &o, f.pfg, NULL),
                   PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(pgo_ingest_errmsg(f.ig), "struct_size"));
  pgo_ingest_options_init(&o);
  o.prior_strength = 0;
  ck_assert_int_eq(pgo_ingest_method(f.ig, f.cfg, &m, &o, f.pfg, NULL),
                   PGO_ERR_INVALID);
  pgo_ingest_options_init(&o);
  o.prov = PGO_PROV_BLENDED;
  ck_assert_int_eq(pgo_ingest_apply(f.ig, f.cfg, &m, &o, f.pfg, NULL),
                   PGO_ERR_INVALID);
  /* a newer caller's struct: accepted when the unknown tail is zero */
  struct {
    pgo_ingest_options o;
    double future;
  } big;
  pgo_ingest_options_init_sized(&big.o, sizeof big);
  ck_assert_uint_eq(big.o.struct_size, sizeof big);
  ck_assert_double_eq(big.future, 0);
  ck_assert_int_eq(pgo_ingest_apply(f.ig, f.cfg, &m, &big.o, f.pfg, NULL),
                   PGO_OK);
  big.future = 1;
  ck_assert_int_eq(pgo_ingest_apply(f.ig, f.cfg, &m, &big.o, f.pfg, NULL),
                   PGO_ERR_INVALID);
  /* an older caller's result: only its part is written */
  struct {
    pgo_ingest_result r;
    char guard[8];
  } small;
  memset(&small, 0x5a, sizeof small);
  size_t cut = offsetof(pgo_ingest_result, residual);
  pgo_ingest_result_init_sized(&small.r, cut);
  ck_assert_int_eq(pgo_ingest_apply(f.ig, f.cfg, &m, NULL, f.pfg, &small.r),
                   PGO_OK);
  ck_assert_int_eq(small.r.match, PGO_INGEST_MATCHED);
  unsigned char *tail = (unsigned char *)&small.r + cut;
  for (size_t i = 0; i < sizeof small - cut; i++)
    ck_assert_uint_eq(tail[i], 0x5a);
  pgo_ingest_free(NULL);
  ck_assert_str_eq(pgo_ingest_match_name(PGO_INGEST_ZERO), "zero");
  ck_assert_str_eq(pgo_ingest_match_name((pgo_ingest_match)99), "?");
  fx_close(&f);
}
END_TEST

/* Every allocation of the handle refused in turn: the call fails with
 * PGO_ERR_NOMEM and the pfg is as before (apply), nothing leaks, and the
 * next unhindered call gives the reference result. */
START_TEST(oom_apply_and_pipeline) {
  static const pgo_value_pair pairs[] = {{"f", 60}, {"g", 30}};
  pgo_value_site sites[] = {{10, 4, 10, 2, pairs}, {20, 4, 0, 1, pairs}};
  pgo_method_profile m = at_method(1, 40, 100, dia_b, 4, dia_e, 4);
  m.sites = sites;
  m.nsites = 2;
  pgo_cfg *cfg = at_graph(4, diamond, 4, 1);
  pgo_pfg *ref;
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &ref), PGO_OK);
  pgo_ingest *ig0;
  ck_assert_int_eq(pgo_ingest_new(NULL, &ig0), PGO_OK);
  ck_assert_int_eq(pgo_ingest_method(ig0, cfg, &m, NULL, ref, NULL), PGO_OK);
  pgo_ingest_free(ig0);
  for (int pipeline = 0; pipeline < 2; pipeline++) {
    int failures = 0;
    for (long n = 0;; n++) {
      at_alloc a = {n, 0, 0};
      pgo_allocator al = {at_realloc, &a};
      pgo_ingest *ig = NULL;
      pgo_status st = pgo_ingest_new(&al, &ig);
      if (st) {
        ck_assert_int_eq(st, PGO_ERR_NOMEM);
        ck_assert_ptr_null(ig);
        ck_assert_int_eq(a.live, 0);
        failures++;
        continue;
      }
      pgo_pfg *pfg;
      ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &pfg), PGO_OK);
      st = pipeline ? pgo_ingest_method(ig, cfg, &m, NULL, pfg, NULL)
                    : pgo_ingest_apply(ig, cfg, &m, NULL, pfg, NULL);
      bool done = a.calls <= n; /* nothing was refused */
      if (!done) {
        ck_assert_int_eq(st, PGO_ERR_NOMEM);
        ck_assert_ptr_nonnull(strstr(pgo_ingest_errmsg(ig), "memory") ? "x"
                                                                     : NULL);
        failures++;
        if (!pipeline) { /* unchanged */
          for (uint32_t b = 0; b < 4; b++)
            ck_assert_int_eq(pgo_pfg_block_prov(pfg, b), PGO_PROV_NONE);
          ck_assert_uint_eq(pgo_pfg_nhistograms(pfg), 0);
          ck_assert_int_eq(pgo_pfg_edge_measured_prov(pfg, 0), PGO_PROV_NONE);
        }
      } else {
        ck_assert_int_eq(st, PGO_OK);
      }
      /* the retry on the same handle succeeds with the reference result */
      a.fail_at = -1;
      ck_assert_int_eq(pipeline ? pgo_ingest_method(ig, cfg, &m, NULL, pfg,
                                                    NULL)
                                : PGO_OK,
                       PGO_OK);
      if (pipeline)
        for (uint32_t b = 0; b < 4; b++)
          ck_assert_double_eq(pgo_pfg_block_count(pfg, b),
                              pgo_pfg_block_count(ref, b));
      pgo_pfg_free(pfg);
      pgo_ingest_free(ig);
      ck_assert_msg(a.live == 0, "fail_at %ld: %ld blocks leaked", n, a.live);
      if (done)
        break;
    }
    ck_assert_int_gt(failures, 2);
  }
  pgo_pfg_free(ref);
  pgo_cfg_free(cfg);
}
END_TEST

/* The pfg's own allocator refusing a histogram: the ones set are removed. */
START_TEST(oom_histograms) {
  static const pgo_value_pair pairs[] = {{"f", 60}, {"g", 30}};
  pgo_value_site sites[] = {{10, 4, 10, 2, pairs}, {20, 4, 0, 1, pairs}};
  pgo_method_profile m = at_method(1, 40, 100, dia_b, 4, dia_e, 4);
  m.sites = sites;
  m.nsites = 2;
  pgo_cfg *cfg = at_graph(4, diamond, 4, 1);
  pgo_ingest *ig;
  ck_assert_int_eq(pgo_ingest_new(NULL, &ig), PGO_OK);
  int failures = 0;
  for (long n = 0;; n++) {
    at_alloc a = {-1, 0, 0};
    pgo_allocator al = {at_realloc, &a};
    pgo_pfg *pfg;
    ck_assert_int_eq(pgo_pfg_new(&al, cfg, &pfg), PGO_OK);
    a.calls = 0;
    a.fail_at = n;
    pgo_status st = pgo_ingest_apply(ig, cfg, &m, NULL, pfg, NULL);
    bool done = a.calls <= n;
    if (!done) {
      ck_assert_int_eq(st, PGO_ERR_NOMEM);
      ck_assert_uint_eq(pgo_pfg_nhistograms(pfg), 0);
      ck_assert_int_eq(pgo_pfg_block_prov(pfg, 0), PGO_PROV_NONE);
      failures++;
    } else {
      ck_assert_int_eq(st, PGO_OK);
      ck_assert_uint_eq(pgo_pfg_nhistograms(pfg), 2);
    }
    pgo_pfg_free(pfg);
    ck_assert_int_eq(a.live, 0);
    if (done)
      break;
  }
  ck_assert_int_gt(failures, 0);
  pgo_ingest_free(ig);
  pgo_cfg_free(cfg);
}
END_TEST

int main(void) {
  Suite *s = suite_create("ingest_apply");
  TCase *t = tcase_create("apply");
  tcase_add_test(t, apply_diamond);
  tcase_add_test(t, pipeline_diamond);
  tcase_add_test(t, pipeline_loop);
  tcase_add_test(t, absent_and_zero);
  tcase_add_test(t, key_mismatch);
  tcase_add_test(t, stale_matcher_hook);
  tcase_add_test(t, misfit_records);
  tcase_add_test(t, duplicates_and_residual);
  tcase_add_test(t, edited_graph);
  tcase_add_test(t, lookup_profile);
  tcase_add_test(t, lookup_store);
  tcase_add_test(t, bad_arguments);
  tcase_add_test(t, oom_apply_and_pipeline);
  tcase_add_test(t, oom_histograms);
  suite_add_tcase(s, t);
  SRunner *r = srunner_create(s);
  srunner_run_all(r, CK_NORMAL);
  int nf = srunner_ntests_failed(r);
  srunner_free(r);
  return nf ? 1 : 0;
}
