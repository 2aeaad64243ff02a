/*
 * test_oracle.c -- the per-method oracle: the worked diamond (counts
 * 100/90/10/100), independence from the pfg and cfg it was built from, every
 * query's bad ids, zero-entry, never-ran, unreachable and all-zero methods,
 * evidence and its override, probability validation and renormalisation,
 * branch weights in each regime, and the call-target query.
 */
#include "oracle_test_util.h"

#include <stdio.h>

#define EPS 1e-12

START_TEST(diamond_worked_example) {
  pgo_cfg *g;
  pgo_pfg *p = diamond_pfg(&g, PGO_PROV_INSTRUMENTED);
  pgo_oracle *o = oracle_of(p, NULL);
  ck_assert_uint_eq(pgo_oracle_nblocks(o), 4);
  ck_assert_uint_eq(pgo_oracle_nedges(o), 4);
  ck_assert_uint_eq(pgo_oracle_entry(o), 0);
  ck_assert_uint_eq(pgo_oracle_nsucc(o, 0), 2);
  ck_assert_uint_eq(pgo_oracle_nsucc(o, 3), 0);
  /* probabilities, by edge id and by successor index */
  uint32_t e01 = pgo_oracle_succ_edge(o, 0, 0), e02 = pgo_oracle_succ_edge(o, 0, 1);
  ck_assert_uint_eq(e01, succ_edge(g, 0, 0));
  ck_assert_uint_eq(e02, succ_edge(g, 0, 1));
  ck_assert_double_eq_tol(pgo_oracle_edge_prob(o, e01), 0.9, EPS);
  ck_assert_double_eq_tol(pgo_oracle_edge_prob(o, e02), 0.1, EPS);
  ck_assert_double_eq_tol(pgo_oracle_succ_prob(o, 0, 0), 0.9, EPS);
  ck_assert_double_eq_tol(pgo_oracle_succ_prob(o, 0, 1), 0.1, EPS);
  ck_assert_double_eq_tol(pgo_oracle_succ_prob(o, 1, 0), 1.0, EPS);
  ck_assert_uint_eq(pgo_oracle_edge_src(o, e02), 0);
  /* counts and frequencies */
  ck_assert_double_eq_tol(pgo_oracle_edge_count(o, e01), 90.0, 1e-9);
  ck_assert_double_eq_tol(pgo_oracle_edge_count(o, e02), 10.0, 1e-9);
  ck_assert_double_eq(pgo_oracle_entry_count(o), 100.0);
  ck_assert_double_eq(pgo_oracle_max_count(o), 100.0);
  const double f[4] = {1.0, 0.9, 0.1, 1.0};
  for (uint32_t b = 0; b < 4; b++) {
    ck_assert_double_eq_tol(pgo_oracle_block_freq(o, b), f[b], EPS);
    ck_assert_double_eq_tol(pgo_oracle_block_count(o, b), 100.0 * f[b], 1e-9);
    ck_assert_int_eq(pgo_oracle_block_prov(o, b), PGO_PROV_INSTRUMENTED);
    ck_assert(pgo_oracle_reachable(o, b));
  }
  ck_assert_int_eq(pgo_oracle_edge_prov(o, e01), PGO_PROV_INSTRUMENTED);
  ck_assert_int_eq(pgo_oracle_entry_prov(o), PGO_PROV_INSTRUMENTED);
  ck_assert_int_eq(pgo_oracle_evidence_of(o), PGO_ORACLE_EVIDENCE_MEASURED);
  /* relative rule without a summary: entry and join run once per call
   * (hot), the arms are neutral */
  const pgo_oracle_hotness want[4] = {PGO_ORACLE_HOT, PGO_ORACLE_NEUTRAL,
                                      PGO_ORACLE_NEUTRAL, PGO_ORACLE_HOT};
  for (uint32_t b = 0; b < 4; b++) {
    pgo_oracle_basis basis = PGO_ORACLE_BASIS_NONE;
    ck_assert_int_eq(pgo_oracle_block_class(o, NULL, b, &basis), want[b]);
    ck_assert_int_eq(basis, PGO_ORACLE_BASIS_RELATIVE);
  }
  pgo_oracle_basis mb;
  ck_assert_int_eq(pgo_oracle_method_class(o, NULL, &mb), PGO_ORACLE_NEUTRAL);
  ck_assert_int_eq(mb, PGO_ORACLE_BASIS_NONE);
  pgo_method_key k = pgo_oracle_key(o);
  ck_assert_str_eq(k.name, "diamond");
  ck_assert_uint_eq(k.hash, 0x1234);
  ck_assert_uint_eq(k.il_size, 40);
  pgo_oracle_free(o);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

/* The oracle is a copy: later pfg edits do not reach it, and it outlives
 * both the pfg and the cfg. */
START_TEST(independent_of_pfg_and_cfg) {
  pgo_cfg *g;
  pgo_pfg *p = diamond_pfg(&g, PGO_PROV_INSTRUMENTED);
  pgo_oracle *o = oracle_of(p, NULL);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 2, 55.0, PGO_PROV_REPAIRED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, succ_edge(g, 0, 0), 0.5,
                                         PGO_PROV_BLENDED), PGO_OK);
  ck_assert_double_eq(pgo_oracle_block_count(o, 2), 10.0);
  ck_assert_int_eq(pgo_oracle_block_prov(o, 2), PGO_PROV_INSTRUMENTED);
  ck_assert_double_eq_tol(pgo_oracle_succ_prob(o, 0, 0), 0.9, EPS);
  pgo_pfg_free(p);
  ck_assert_int_eq(pgo_cfg_set_key(g, "renamed", 1, 1), PGO_OK);
  pgo_cfg_free(g);
  ck_assert_str_eq(pgo_oracle_key(o).name, "diamond");
  ck_assert_double_eq_tol(pgo_oracle_edge_count(o, 1), 10.0, 1e-9);
  ck_assert_double_eq_tol(pgo_oracle_block_freq(o, 1), 0.9, EPS);
  pgo_oracle_free(o);
}
END_TEST

START_TEST(bad_ids_and_null) {
  pgo_cfg *g;
  pgo_pfg *p = diamond_pfg(&g, PGO_PROV_INSTRUMENTED);
  pgo_oracle *o = oracle_of(p, NULL);
  const uint32_t bad[] = {4, 1000, PGO_NONE, PGO_INVALID};
  for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    uint32_t x = bad[i];
    ck_assert_double_eq(pgo_oracle_block_count(o, x), 0.0);
    ck_assert_double_eq(pgo_oracle_block_freq(o, x), 0.0);
    ck_assert_int_eq(pgo_oracle_block_prov(o, x), PGO_PROV_NONE);
    ck_assert_double_eq(pgo_oracle_edge_prob(o, x), 0.0);
    ck_assert_double_eq(pgo_oracle_edge_count(o, x), 0.0);
    ck_assert_int_eq(pgo_oracle_edge_prov(o, x), PGO_PROV_NONE);
    ck_assert_uint_eq(pgo_oracle_edge_src(o, x), PGO_NONE);
    ck_assert_uint_eq(pgo_oracle_nsucc(o, x), 0);
    ck_assert_uint_eq(pgo_oracle_succ_edge(o, x, 0), PGO_NONE);
    ck_assert_double_eq(pgo_oracle_succ_prob(o, x, 0), 0.0);
    ck_assert(!pgo_oracle_reachable(o, x));
    pgo_oracle_basis b = PGO_ORACLE_BASIS_SUMMARY;
    ck_assert_int_eq(pgo_oracle_block_class(o, NULL, x, &b),
                     PGO_ORACLE_NEUTRAL);
    ck_assert_int_eq(b, PGO_ORACLE_BASIS_NONE);
    uint32_t w[4], nw = 7;
    ck_assert_int_eq(pgo_oracle_branch_weights(o, x, w, 4, &nw),
                     PGO_ERR_INVALID);
    ck_assert_uint_eq(nw, 0);
  }
  /* successor index out of range on a good block */
  ck_assert_uint_eq(pgo_oracle_succ_edge(o, 0, 2), PGO_NONE);
  ck_assert_double_eq(pgo_oracle_succ_prob(o, 0, 2), 0.0);
  ck_assert_uint_eq(pgo_oracle_succ_edge(o, 3, 0), PGO_NONE);
  /* NULL oracle */
  ck_assert_uint_eq(pgo_oracle_nblocks(NULL), 0);
  ck_assert_uint_eq(pgo_oracle_nedges(NULL), 0);
  ck_assert_uint_eq(pgo_oracle_entry(NULL), PGO_NONE);
  ck_assert_double_eq(pgo_oracle_entry_count(NULL), 0.0);
  ck_assert_double_eq(pgo_oracle_max_count(NULL), 0.0);
  ck_assert_int_eq(pgo_oracle_entry_prov(NULL), PGO_PROV_NONE);
  ck_assert_int_eq(pgo_oracle_evidence_of(NULL), PGO_ORACLE_EVIDENCE_ESTIMATED);
  ck_assert_str_eq(pgo_oracle_key(NULL).name, "");
  ck_assert_double_eq(pgo_oracle_block_count(NULL, 0), 0.0);
  ck_assert_double_eq(pgo_oracle_edge_prob(NULL, 0), 0.0);
  ck_assert_int_eq(pgo_oracle_block_class(NULL, NULL, 0, NULL),
                   PGO_ORACLE_NEUTRAL);
  ck_assert_int_eq(pgo_oracle_method_class(NULL, NULL, NULL),
                   PGO_ORACLE_NEUTRAL);
  ck_assert_uint_eq(pgo_oracle_nsites(NULL), 0);
  ck_assert_uint_eq(pgo_oracle_site_offset(o, 0), PGO_NONE);
  uint32_t n = 9;
  ck_assert_int_eq(pgo_oracle_call_targets(NULL, 0, 0, NULL, &n, NULL),
                   PGO_ERR_INVALID);
  ck_assert_uint_eq(n, 0);
  ck_assert_int_eq(pgo_oracle_call_targets(o, 0, 0, NULL, NULL, NULL),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_oracle_call_targets(o, 0, 3, NULL, &n, NULL),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_oracle_call_targets(o, 12, 0, NULL, &n, NULL),
                   PGO_ERR_NOT_FOUND);
  pgo_oracle_free(NULL);
  pgo_oracle_free(o);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(construction_errors) {
  pgo_cfg *g;
  pgo_pfg *p = diamond_pfg(&g, PGO_PROV_INSTRUMENTED);
  pgo_oracle *o = (pgo_oracle *)&o;
  char err[128];
  ck_assert_int_eq(pgo_oracle_new(NULL, NULL, NULL, &o, err, sizeof err),
                   PGO_ERR_INVALID);
  ck_assert_ptr_null(o);
  ck_assert(err[0] != '\0');
  ck_assert_int_eq(pgo_oracle_new(NULL, p, NULL, NULL, NULL, 0),
                   PGO_ERR_INVALID);
  pgo_oracle_options opt;
  pgo_oracle_options_init(&opt);
  ck_assert_double_eq(opt.cold_freq, PGO_ORACLE_DEFAULT_COLD_FREQ);
  ck_assert_double_eq(opt.hot_freq, PGO_ORACLE_DEFAULT_HOT_FREQ);
  ck_assert_int_eq(opt.evidence, PGO_ORACLE_EVIDENCE_AUTO);
  opt.hot_freq = opt.cold_freq; /* must be strictly above */
  ck_assert_int_eq(pgo_oracle_new(NULL, p, &opt, &o, err, sizeof err),
                   PGO_ERR_INVALID);
  ck_assert_ptr_null(o);
  ck_assert_ptr_nonnull(strstr(err, "hot_freq"));
  pgo_oracle_options_init(&opt);
  opt.cold_freq = NAN;
  ck_assert_int_eq(pgo_oracle_new(NULL, p, &opt, &o, NULL, 0), PGO_ERR_INVALID);
  pgo_oracle_options_init(&opt);
  opt.evidence = (pgo_oracle_evidence)42;
  ck_assert_int_eq(pgo_oracle_new(NULL, p, &opt, &o, err, 1), PGO_ERR_INVALID);
  ck_assert_str_eq(err, ""); /* a 1-byte buffer holds only the NUL */
  pgo_allocator noalloc = {NULL, NULL};
  ck_assert_int_eq(pgo_oracle_new(&noalloc, p, NULL, &o, NULL, 0),
                   PGO_ERR_INVALID);
  /* success clears the buffer */
  strcpy(err, "stale");
  ck_assert_int_eq(pgo_oracle_new(NULL, p, NULL, &o, err, sizeof err), PGO_OK);
  ck_assert_str_eq(err, "");
  pgo_oracle_free(o);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

/* Options grow by struct_size: too small is refused, a newer caller's
 * larger struct is served while its unknown fields are zero. */
START_TEST(options_struct_size) {
  pgo_cfg *g;
  pgo_pfg *p = diamond_pfg(&g, PGO_PROV_INSTRUMENTED);
  pgo_oracle *o = NULL;
  char err[256];
  pgo_oracle_options opt;
  pgo_oracle_options_init(&opt);
  ck_assert_uint_eq(opt.struct_size, sizeof opt);
  opt.struct_size = PGO_ORACLE_OPTIONS_SIZE_V1 - 1;
  ck_assert_int_eq(pgo_oracle_new(NULL, p, &opt, &o, err, sizeof err),
                   PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(err, "struct_size"));
  struct {
    pgo_oracle_options o;
    unsigned char newer[32];
  } big;
  memset(&big, 0xa5, sizeof big);
  pgo_oracle_options_init_sized(&big.o, sizeof big);
  for (size_t i = 0; i < sizeof big.newer; i++)
    ck_assert_uint_eq(big.newer[i], 0);
  ck_assert_int_eq(pgo_oracle_new(NULL, p, &big.o, &o, err, sizeof err),
                   PGO_OK);
  pgo_oracle_free(o);
  big.newer[5] = 1;
  ck_assert_int_eq(pgo_oracle_new(NULL, p, &big.o, &o, err, sizeof err),
                   PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(err, "newer header"));
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

/* Probabilities that do not sum to 1 are refused with the block named;
 * nearly 1 is renormalised exactly. */
START_TEST(probability_sums) {
  pgo_cfg *g;
  pgo_pfg *p = diamond_pfg(&g, PGO_PROV_BLENDED);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, succ_edge(g, 0, 1), 0.3,
                                         PGO_PROV_BLENDED), PGO_OK);
  pgo_oracle *o = NULL;
  char err[256];
  ck_assert_int_eq(pgo_oracle_new(NULL, p, NULL, &o, err, sizeof err),
                   PGO_ERR_CORRUPT);
  ck_assert_ptr_null(o);
  ck_assert_ptr_nonnull(strstr(err, "block 0"));
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, succ_edge(g, 0, 1), 0.1 + 4e-7,
                                         PGO_PROV_BLENDED), PGO_OK);
  o = oracle_of(p, NULL);
  double s = pgo_oracle_succ_prob(o, 0, 0) + pgo_oracle_succ_prob(o, 0, 1);
  ck_assert_double_eq_tol(s, 1.0, 1e-15);
  ck_assert_double_eq_tol(pgo_oracle_edge_count(o, 0) +
                              pgo_oracle_edge_count(o, 1),
                          100.0, 1e-12);
  pgo_oracle_free(o);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

/* Measured, entry count 0, every count 0: never ran, cold by evidence. */
START_TEST(zero_entry_never_ran) {
  pgo_cfg *g;
  pgo_pfg *p = diamond_pfg(&g, PGO_PROV_INSTRUMENTED);
  for (uint32_t b = 0; b < 4; b++)
    ck_assert_int_eq(pgo_pfg_set_block_count(p, b, 0.0, PGO_PROV_INSTRUMENTED),
                     PGO_OK);
  pgo_oracle *o = oracle_of(p, NULL);
  ck_assert_int_eq(pgo_oracle_evidence_of(o), PGO_ORACLE_EVIDENCE_NEVER_RAN);
  ck_assert_double_eq(pgo_oracle_entry_count(o), 0.0);
  for (uint32_t b = 0; b < 4; b++) {
    ck_assert_double_eq(pgo_oracle_block_freq(o, b), 0.0);
    pgo_oracle_basis basis;
    ck_assert_int_eq(pgo_oracle_block_class(o, NULL, b, &basis),
                     PGO_ORACLE_COLD);
    ck_assert_int_eq(basis, PGO_ORACLE_BASIS_EVIDENCE);
  }
  /* probabilities are still answered (they are what the pfg said) */
  ck_assert_double_eq_tol(pgo_oracle_succ_prob(o, 0, 0), 0.9, EPS);
  ck_assert_double_eq(pgo_oracle_edge_count(o, 0), 0.0);
  pgo_oracle_basis mb;
  ck_assert_int_eq(pgo_oracle_method_class(o, NULL, &mb), PGO_ORACLE_COLD);
  ck_assert_int_eq(mb, PGO_ORACLE_BASIS_EVIDENCE);
  /* branch weights of a block that never ran follow the probabilities */
  uint32_t w[2], nw;
  ck_assert_int_eq(pgo_oracle_branch_weights(o, 0, w, 2, &nw), PGO_OK);
  ck_assert_uint_eq(nw, 2);
  ck_assert_uint_eq(w[0], 1048576);
  ck_assert_uint_eq(w[1], 116508); /* round(0.1 / 0.9 * 2^20) */
  pgo_oracle_free(o);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

/* Entry count 0 but a block ran (e.g. a sampled loop): measured, freq 0,
 * the zero blocks cold by evidence, the others neutral. */
START_TEST(zero_entry_body_ran) {
  pgo_cfg *g;
  pgo_pfg *p = diamond_pfg(&g, PGO_PROV_SAMPLED);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 0, 0.0, PGO_PROV_SAMPLED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 2, 0.0, PGO_PROV_SAMPLED),
                   PGO_OK);
  pgo_oracle *o = oracle_of(p, NULL);
  ck_assert_int_eq(pgo_oracle_evidence_of(o), PGO_ORACLE_EVIDENCE_MEASURED);
  ck_assert_double_eq(pgo_oracle_block_freq(o, 1), 0.0);
  pgo_oracle_basis b;
  ck_assert_int_eq(pgo_oracle_block_class(o, NULL, 0, &b), PGO_ORACLE_COLD);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_EVIDENCE);
  ck_assert_int_eq(pgo_oracle_block_class(o, NULL, 1, &b),
                   PGO_ORACLE_NEUTRAL);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_RELATIVE);
  ck_assert_int_eq(pgo_oracle_block_class(o, NULL, 2, &b), PGO_ORACLE_COLD);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_EVIDENCE);
  pgo_oracle_free(o);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

/* A block no path from the entry reaches is cold by structure even with a
 * count. */
START_TEST(unreachable_block) {
  static const uint32_t E[][2] = {{0, 1}, {2, 1}};
  pgo_cfg *g = BUILD(g, 3, E);
  pgo_pfg *p;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &p), PGO_OK);
  for (uint32_t b = 0; b < 3; b++)
    ck_assert_int_eq(pgo_pfg_set_block_count(p, b, 7.0, PGO_PROV_INSTRUMENTED),
                     PGO_OK);
  pgo_oracle *o = oracle_of(p, NULL);
  ck_assert(pgo_oracle_reachable(o, 0));
  ck_assert(pgo_oracle_reachable(o, 1));
  ck_assert(!pgo_oracle_reachable(o, 2));
  pgo_oracle_basis b;
  ck_assert_int_eq(pgo_oracle_block_class(o, NULL, 2, &b), PGO_ORACLE_COLD);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_STRUCTURE);
  ck_assert_int_eq(pgo_oracle_block_class(o, NULL, 1, &b), PGO_ORACLE_HOT);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_RELATIVE);
  ck_assert_double_eq(pgo_oracle_block_freq(o, 2), 1.0);
  pgo_oracle_free(o);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

/* A fresh pfg (all zero, provenance NONE) and a synthesized one: estimated,
 * never cold by evidence, never classified against a summary. */
START_TEST(estimated_profiles) {
  pgo_cfg *g;
  pgo_pfg *p = diamond_pfg(&g, PGO_PROV_SYNTHESIZED);
  pgo_pfg *z;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &z), PGO_OK);
  pgo_oracle *oz = oracle_of(z, NULL);
  ck_assert_int_eq(pgo_oracle_evidence_of(oz), PGO_ORACLE_EVIDENCE_ESTIMATED);
  ck_assert_double_eq_tol(pgo_oracle_succ_prob(oz, 0, 1), 0.5, EPS);
  pgo_oracle_basis b;
  for (uint32_t k = 0; k < 4; k++) {
    pgo_oracle_hotness h = pgo_oracle_block_class(oz, NULL, k, &b);
    ck_assert_int_eq(h, PGO_ORACLE_COLD);
    ck_assert_int_eq(b, PGO_ORACLE_BASIS_RELATIVE);
  }
  /* synthesized: block 2 at f = 0.0005 is cold by estimate only */
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 0, 1.0, PGO_PROV_SYNTHESIZED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 1, 0.9995, PGO_PROV_SYNTHESIZED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 2, 0.0005, PGO_PROV_SYNTHESIZED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 3, 1.0, PGO_PROV_SYNTHESIZED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 0, 0.9995, PGO_PROV_SYNTHESIZED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 1, 0.0005, PGO_PROV_SYNTHESIZED),
                   PGO_OK);
  pgo_oracle *o = oracle_of(p, NULL);
  ck_assert_int_eq(pgo_oracle_evidence_of(o), PGO_ORACLE_EVIDENCE_ESTIMATED);
  ck_assert_int_eq(pgo_oracle_block_class(o, NULL, 2, &b), PGO_ORACLE_COLD);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_RELATIVE);
  ck_assert_int_eq(pgo_oracle_block_class(o, NULL, 1, &b),
                   PGO_ORACLE_NEUTRAL);
  /* a summary does not apply to relative counts */
  pgo_oracle_summary *s;
  ck_assert_int_eq(pgo_oracle_summary_new(NULL, &s), PGO_OK);
  bool added = true;
  ck_assert_int_eq(pgo_oracle_summary_add(s, o, &added), PGO_OK);
  ck_assert(!added);
  const double c[] = {1000, 5};
  ck_assert_int_eq(pgo_oracle_summary_add_counts(s, 1000, c, 2), PGO_OK);
  ck_assert_int_eq(pgo_oracle_summary_finish(s), PGO_OK);
  ck_assert_int_eq(pgo_oracle_block_class(o, s, 2, &b), PGO_ORACLE_COLD);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_RELATIVE);
  ck_assert_int_eq(pgo_oracle_block_class(o, s, 0, &b), PGO_ORACLE_HOT);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_RELATIVE);
  ck_assert_int_eq(pgo_oracle_method_class(o, s, &b), PGO_ORACLE_NEUTRAL);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_NONE);
  pgo_oracle_summary_totals t;
  ck_assert_int_eq(pgo_oracle_summary_totals_of(s, &t), PGO_OK);
  ck_assert_uint_eq(t.num_skipped, 1);
  ck_assert_uint_eq(t.num_functions, 1);
  pgo_oracle_summary_free(s);
  pgo_oracle_free(o);
  pgo_oracle_free(oz);
  pgo_pfg_free(z);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

/* The caller's word on evidence wins over provenance. */
START_TEST(evidence_override) {
  pgo_cfg *g;
  pgo_pfg *p = diamond_pfg(&g, PGO_PROV_SYNTHESIZED);
  pgo_oracle_options opt;
  pgo_oracle_options_init(&opt);
  opt.evidence = PGO_ORACLE_EVIDENCE_NEVER_RAN; /* absent from the profile */
  pgo_oracle *o = oracle_of(p, &opt);
  ck_assert_int_eq(pgo_oracle_evidence_of(o), PGO_ORACLE_EVIDENCE_NEVER_RAN);
  pgo_oracle_basis b;
  ck_assert_int_eq(pgo_oracle_block_class(o, NULL, 0, &b), PGO_ORACLE_COLD);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_EVIDENCE);
  ck_assert_int_eq(pgo_oracle_method_class(o, NULL, &b), PGO_ORACLE_COLD);
  pgo_oracle_free(o);
  /* custom relative thresholds */
  pgo_oracle_options_init(&opt);
  opt.cold_freq = 0.2;
  opt.hot_freq = 0.5;
  o = oracle_of(p, &opt);
  ck_assert_int_eq(pgo_oracle_block_class(o, NULL, 1, &b), PGO_ORACLE_HOT);
  ck_assert_int_eq(pgo_oracle_block_class(o, NULL, 2, &b), PGO_ORACLE_COLD);
  pgo_oracle_free(o);
  /* BLENDED counts are measured; REPAIRED alone is not */
  for (uint32_t k = 0; k < 4; k++)
    ck_assert_int_eq(pgo_pfg_set_block_count(p, k, pgo_pfg_block_count(p, k),
                                             PGO_PROV_REPAIRED), PGO_OK);
  o = oracle_of(p, NULL);
  ck_assert_int_eq(pgo_oracle_evidence_of(o), PGO_ORACLE_EVIDENCE_ESTIMATED);
  pgo_oracle_free(o);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 3, 100.0, PGO_PROV_BLENDED),
                   PGO_OK);
  o = oracle_of(p, NULL);
  ck_assert_int_eq(pgo_oracle_evidence_of(o), PGO_ORACLE_EVIDENCE_MEASURED);
  pgo_oracle_free(o);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

/* After a graph edit the oracle is rebuilt from the (lazily synced) pfg:
 * a removed block is a tombstone, cold by structure and left out of the
 * summary; a split edge's new block carries the edge's count. */
START_TEST(rebuilt_after_graph_edits) {
  pgo_cfg *g;
  pgo_pfg *p = diamond_pfg(&g, PGO_PROV_INSTRUMENTED);
  pgo_oracle *before = oracle_of(p, NULL);
  uint32_t nb;
  ck_assert_int_eq(pgo_cfg_split_edge(g, succ_edge(g, 0, 0), &nb, NULL, NULL),
                   PGO_OK);
  ck_assert_uint_eq(nb, 4);
  /* Synced between the edits, the split block gets N_0 e_01 = 90.  (Left to
   * one lazy sync after both edits, lib/core gives it 100, the count after
   * block 0's probabilities were rescaled: the answer depends on when the
   * pfg syncs; reported to lib/core.) */
  ck_assert_int_eq(pgo_pfg_sync(p), PGO_OK);
  ck_assert_int_eq(pgo_cfg_remove_block(g, 2), PGO_OK);
  pgo_oracle *o = oracle_of(p, NULL); /* the pfg syncs inside */
  /* the old oracle is untouched by the edits */
  ck_assert_uint_eq(pgo_oracle_nblocks(before), 4);
  ck_assert_double_eq_tol(pgo_oracle_succ_prob(before, 0, 1), 0.1, EPS);
  ck_assert(pgo_oracle_reachable(before, 2));
  pgo_oracle_free(before);
  ck_assert_uint_eq(pgo_oracle_nblocks(o), 5);
  ck_assert_uint_eq(pgo_oracle_nsucc(o, 0), 1); /* 0 -> 4 only */
  ck_assert_double_eq_tol(pgo_oracle_succ_prob(o, 0, 0), 1.0, EPS);
  ck_assert_uint_eq(pgo_oracle_nsucc(o, 2), 0);
  ck_assert(!pgo_oracle_reachable(o, 2));
  ck_assert(pgo_oracle_reachable(o, 4));
  ck_assert_double_eq_tol(pgo_oracle_block_count(o, 4), 90.0, 1e-9);
  ck_assert_double_eq_tol(pgo_oracle_block_freq(o, 4), 0.9, EPS);
  pgo_oracle_basis b;
  ck_assert_int_eq(pgo_oracle_block_class(o, NULL, 2, &b), PGO_ORACLE_COLD);
  ck_assert_int_eq(b, PGO_ORACLE_BASIS_STRUCTURE);
  pgo_oracle_summary *s;
  ck_assert_int_eq(pgo_oracle_summary_new(NULL, &s), PGO_OK);
  ck_assert_int_eq(pgo_oracle_summary_add(s, o, NULL), PGO_OK);
  ck_assert_int_eq(pgo_oracle_summary_finish(s), PGO_OK);
  pgo_oracle_summary_totals t;
  ck_assert_int_eq(pgo_oracle_summary_totals_of(s, &t), PGO_OK);
  ck_assert_uint_eq(t.num_counts, 4); /* 5 blocks, one a tombstone */
  pgo_oracle_summary_free(s);
  pgo_oracle_free(o);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

/* Held counts and measured edge counts are evidence of a run too. */
START_TEST(evidence_from_held_and_measured_edges) {
  pgo_cfg *g;
  pgo_pfg *p = diamond_pfg(&g, PGO_PROV_SYNTHESIZED);
  pgo_oracle *o = oracle_of(p, NULL);
  ck_assert_int_eq(pgo_oracle_evidence_of(o), PGO_ORACLE_EVIDENCE_ESTIMATED);
  pgo_oracle_free(o);
  ck_assert_int_eq(pgo_pfg_set_block_held(p, 3, true), PGO_OK);
  o = oracle_of(p, NULL);
  ck_assert_int_eq(pgo_oracle_evidence_of(o), PGO_ORACLE_EVIDENCE_MEASURED);
  pgo_oracle_free(o);
  ck_assert_int_eq(pgo_pfg_set_block_held(p, 3, false), PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_measured(p, 1, 10.0,
                                             PGO_PROV_INSTRUMENTED), PGO_OK);
  o = oracle_of(p, NULL);
  ck_assert_int_eq(pgo_oracle_evidence_of(o), PGO_ORACLE_EVIDENCE_MEASURED);
  pgo_oracle_free(o);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(branch_weights_regimes) {
  pgo_cfg *g;
  pgo_pfg *p = diamond_pfg(&g, PGO_PROV_INSTRUMENTED);
  uint32_t w[3], nw;
  /* small counts: probabilities at 2^20 */
  pgo_oracle *o = oracle_of(p, NULL);
  ck_assert_int_eq(pgo_oracle_branch_weights(o, 0, w, 3, &nw), PGO_OK);
  ck_assert_uint_eq(nw, 2);
  ck_assert_uint_eq(w[0], 1048576);
  ck_assert_uint_eq(w[1], 116508);
  ck_assert_int_eq(pgo_oracle_branch_weights(o, 0, w, 1, &nw), PGO_ERR_RANGE);
  ck_assert_int_eq(pgo_oracle_branch_weights(o, 0, NULL, 2, &nw),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_oracle_branch_weights(o, 0, w, 2, NULL),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_oracle_branch_weights(o, 3, w, 0, &nw), PGO_OK);
  ck_assert_uint_eq(nw, 0);
  ck_assert_int_eq(pgo_oracle_branch_weights(o, 1, w, 1, &nw), PGO_OK);
  ck_assert_uint_eq(w[0], 1048576);
  pgo_oracle_free(o);
  /* large counts: the edge counts themselves */
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 0, 1e6, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  o = oracle_of(p, NULL);
  ck_assert_int_eq(pgo_oracle_branch_weights(o, 0, w, 2, &nw), PGO_OK);
  ck_assert_uint_eq(w[0], 900000);
  ck_assert_uint_eq(w[1], 100000);
  pgo_oracle_free(o);
  /* huge counts: scaled so the largest is UINT32_MAX */
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 0, 1e12, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  o = oracle_of(p, NULL);
  ck_assert_int_eq(pgo_oracle_branch_weights(o, 0, w, 2, &nw), PGO_OK);
  ck_assert_uint_eq(w[0], UINT32_MAX);
  ck_assert_uint_eq(w[1], 477218588); /* round(UINT32_MAX / 9) */
  pgo_oracle_free(o);
  /* a zero probability stays 0, a tiny one becomes 1 */
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 0, 1.0, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 1, 0.0, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  o = oracle_of(p, NULL);
  ck_assert_int_eq(pgo_oracle_branch_weights(o, 0, w, 2, &nw), PGO_OK);
  ck_assert_uint_eq(w[0], UINT32_MAX);
  ck_assert_uint_eq(w[1], 0);
  pgo_oracle_free(o);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 0, 1.0 - 1e-12,
                                         PGO_PROV_INSTRUMENTED), PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, 1, 1e-12, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 0, 5.0, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  o = oracle_of(p, NULL);
  ck_assert_int_eq(pgo_oracle_branch_weights(o, 0, w, 2, &nw), PGO_OK);
  ck_assert_uint_eq(w[0], 1048576);
  ck_assert_uint_eq(w[1], 1);
  pgo_oracle_free(o);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
}
END_TEST

/* --- call targets ------------------------------------------------------ */

static void set_hist(pgo_pfg *p, uint32_t off, const char *const *t,
                     const double *c, uint32_t n, double other) {
  ck_assert_int_eq(
      pgo_pfg_set_histogram(p, off, t, c, n, other, PGO_PROV_INSTRUMENTED),
      PGO_OK);
}

START_TEST(call_targets) {
  pgo_cfg *g;
  pgo_pfg *p = diamond_pfg(&g, PGO_PROV_INSTRUMENTED);
  const char *t1[] = {"zeta", "alpha", "beta", "gamma"};
  const double c1[] = {30, 50, 30, 10};
  const char *t2[] = {"only"};
  const double c2[] = {0};
  set_hist(p, 17, t1, c1, 4, 80);
  set_hist(p, 5, t2, c2, 1, 0);
  pgo_oracle *o = oracle_of(p, NULL);
  pgo_pfg_free(p); /* names must survive: they are copied */
  ck_assert_uint_eq(pgo_oracle_nsites(o), 2);
  ck_assert_uint_eq(pgo_oracle_site_offset(o, 0), 5);
  ck_assert_uint_eq(pgo_oracle_site_offset(o, 1), 17);
  ck_assert_uint_eq(pgo_oracle_site_offset(o, 2), PGO_NONE);
  pgo_oracle_target out[8];
  pgo_oracle_site site;
  uint32_t n;
  ck_assert_int_eq(pgo_oracle_call_targets(o, 17, 8, out, &n, &site), PGO_OK);
  ck_assert_uint_eq(n, 4);
  /* count descending, then name ascending: alpha 50, beta 30, zeta 30,
   * gamma 10; total 200 */
  ck_assert_str_eq(out[0].name, "alpha");
  ck_assert_str_eq(out[1].name, "beta");
  ck_assert_str_eq(out[2].name, "zeta");
  ck_assert_str_eq(out[3].name, "gamma");
  ck_assert_double_eq(site.total, 200.0);
  ck_assert_double_eq(site.tail, 80.0);
  ck_assert_uint_eq(site.ntargets, 4);
  ck_assert_uint_eq(site.il_offset, 17);
  ck_assert_int_eq(site.prov, PGO_PROV_INSTRUMENTED);
  ck_assert_double_eq_tol(out[0].share, 0.25, EPS);
  ck_assert_double_eq_tol(out[3].share, 0.05, EPS);
  ck_assert_double_eq_tol(site.rest_share, 0.4, EPS);
  /* top 2 */
  ck_assert_int_eq(pgo_oracle_call_targets(o, 17, 2, out, &n, &site), PGO_OK);
  ck_assert_uint_eq(n, 2);
  ck_assert_double_eq_tol(site.rest_share, 0.6, EPS);
  /* top 0: only the site */
  ck_assert_int_eq(pgo_oracle_call_targets(o, 17, 0, NULL, &n, &site), PGO_OK);
  ck_assert_uint_eq(n, 0);
  ck_assert_double_eq_tol(site.rest_share, 1.0, EPS);
  /* a site that never ran */
  ck_assert_int_eq(pgo_oracle_call_targets(o, 5, 4, out, &n, &site), PGO_OK);
  ck_assert_uint_eq(n, 1);
  ck_assert_str_eq(out[0].name, "only");
  ck_assert_double_eq(out[0].share, 0.0);
  ck_assert_double_eq(site.rest_share, 0.0);
  ck_assert_int_eq(pgo_oracle_call_targets(o, 6, 4, out, &n, &site),
                   PGO_ERR_NOT_FOUND);
  ck_assert_uint_eq(n, 0);
  ck_assert_uint_eq(site.ntargets, 0);
  pgo_oracle_free(o);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(texts) {
  ck_assert_str_eq(pgo_oracle_hotness_text(PGO_ORACLE_HOT), "hot");
  ck_assert_str_eq(pgo_oracle_hotness_text(PGO_ORACLE_COLD), "cold");
  ck_assert_str_eq(pgo_oracle_hotness_text(PGO_ORACLE_NEUTRAL), "neutral");
  ck_assert_str_eq(pgo_oracle_hotness_text((pgo_oracle_hotness)9), "?");
  ck_assert_str_eq(pgo_oracle_basis_text(PGO_ORACLE_BASIS_SUMMARY), "summary");
  ck_assert_str_eq(pgo_oracle_basis_text(PGO_ORACLE_BASIS_EVIDENCE),
                   "evidence");
  ck_assert_str_eq(pgo_oracle_basis_text((pgo_oracle_basis)9), "?");
  ck_assert_str_eq(pgo_oracle_evidence_text(PGO_ORACLE_EVIDENCE_NEVER_RAN),
                   "never-ran");
  ck_assert_str_eq(pgo_oracle_evidence_text((pgo_oracle_evidence)9), "?");
}
END_TEST

/* Random graphs: every block's probabilities sum to 1, edge counts sum to
 * the block count, frequencies are count / entry. */
START_TEST(random_invariants) {
  for (uint64_t seed = 1; seed <= 40; seed++) {
    pgo_cfg *g;
    uint32_t n = 2 + (uint32_t)(seed * 7 % 60);
    pgo_pfg *p = random_pfg(&g, n, seed);
    pgo_oracle *o = oracle_of(p, NULL);
    double n0 = pgo_oracle_entry_count(o);
    for (uint32_t b = 0; b < n; b++) {
      uint32_t ns = pgo_oracle_nsucc(o, b);
      ck_assert_uint_eq(ns, pgo_cfg_nsucc(g, b));
      double ps = 0.0, es = 0.0;
      for (uint32_t k = 0; k < ns; k++) {
        uint32_t e = pgo_oracle_succ_edge(o, b, k);
        ck_assert_uint_eq(pgo_oracle_edge_src(o, e), b);
        ps += pgo_oracle_edge_prob(o, e);
        es += pgo_oracle_edge_count(o, e);
      }
      if (ns > 0) {
        ck_assert_double_eq_tol(ps, 1.0, 1e-12);
        ck_assert_double_eq_tol(es, pgo_oracle_block_count(o, b),
                                1e-9 * (1 + es));
      }
      double f = pgo_oracle_block_freq(o, b);
      ck_assert_double_eq(f, n0 > 0 ? pgo_oracle_block_count(o, b) / n0 : 0.0);
      /* a reachable block with a measured count always has an answer */
      pgo_oracle_basis basis;
      (void)pgo_oracle_block_class(o, NULL, b, &basis);
      ck_assert_int_ne(basis, PGO_ORACLE_BASIS_NONE);
    }
    pgo_oracle_free(o);
    pgo_pfg_free(p);
    pgo_cfg_free(g);
  }
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("oracle");
  TCase *tc = tcase_create("oracle");
  tcase_add_test(tc, diamond_worked_example);
  tcase_add_test(tc, independent_of_pfg_and_cfg);
  tcase_add_test(tc, bad_ids_and_null);
  tcase_add_test(tc, construction_errors);
  tcase_add_test(tc, options_struct_size);
  tcase_add_test(tc, probability_sums);
  tcase_add_test(tc, zero_entry_never_ran);
  tcase_add_test(tc, zero_entry_body_ran);
  tcase_add_test(tc, unreachable_block);
  tcase_add_test(tc, estimated_profiles);
  tcase_add_test(tc, evidence_override);
  tcase_add_test(tc, rebuilt_after_graph_edits);
  tcase_add_test(tc, evidence_from_held_and_measured_edges);
  tcase_add_test(tc, branch_weights_regimes);
  tcase_add_test(tc, call_targets);
  tcase_add_test(tc, texts);
  tcase_add_test(tc, random_invariants);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite())
