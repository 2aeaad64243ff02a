/*
 * test_values.c -- value probes: the plan's value sites (sorted,
 * deduplicated slots, the block holding each site, bad offsets and
 * capacities keep the old sites) and the run-time top-K table: exact below
 * capacity, the Misra-Gries invariants against exact counts on random
 * streams (sum + tail = total, lower bounds, error <= total / (K + 1),
 * heavy hitters kept, order), bad headers ignored, saturation; the flush
 * (names, unknown addresses to the tail, one pair per name, the store's
 * order) accepted by pgo_profile_add.
 */
#include "ingest_test_util.h"

#include <stdio.h>

START_TEST(value_sites) {
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
  pgo_cfg *g = TG(4, E); /* blocks at 0, 10, 20, 30; il_size 40 */
  pgo_plan *p = NULL;
  ck_assert_int_eq(pgo_plan_new(NULL, g, NULL, &p), PGO_OK);
  ck_assert_uint_eq(pgo_plan_nvalue_sites(p), 0);
  ck_assert_uint_eq(pgo_plan_value_capacity(p), PGO_PLAN_VALUE_CAPACITY);
  const uint32_t sites[] = {25, 3, 25, 39, 11};
  ck_assert_int_eq(pgo_plan_set_value_sites(p, sites, 5, 0), PGO_OK);
  ck_assert_uint_eq(pgo_plan_nvalue_sites(p), 4);
  ck_assert_uint_eq(pgo_plan_value_capacity(p), PGO_PLAN_VALUE_CAPACITY);
  const uint32_t want[] = {3, 11, 25, 39}, blk[] = {0, 1, 2, 3};
  for (uint32_t i = 0; i < 4; i++) {
    ck_assert_uint_eq(pgo_plan_value_site_offset(p, i), want[i]);
    ck_assert_uint_eq(pgo_plan_value_site_block(p, i), blk[i]);
    ck_assert_uint_eq(pgo_plan_value_slot(p, want[i]), i);
  }
  ck_assert_uint_eq(pgo_plan_value_slot(p, 4), PGO_NONE);
  ck_assert_uint_eq(pgo_plan_value_slot(p, 40), PGO_NONE);
  ck_assert_uint_eq(pgo_plan_value_site_offset(p, 4), PGO_NONE);
  ck_assert_uint_eq(pgo_plan_value_site_block(p, 4), PGO_NONE);
  pgo_plan_stats s;
  pgo_plan_get_stats(p, &s);
  ck_assert_uint_eq(s.value_sites, 4);

  /* bad input keeps the old sites */
  const uint32_t bad[] = {5, 40};
  ck_assert_int_eq(pgo_plan_set_value_sites(p, bad, 2, 3), PGO_ERR_INVALID);
  ck_assert_str_ne(pgo_plan_errmsg(p), "");
  ck_assert_int_eq(pgo_plan_set_value_sites(p, sites, 2,
                                            PGO_STORE_MAX_CAPACITY + 1),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_plan_set_value_sites(p, NULL, 2, 3), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_plan_set_value_sites(NULL, sites, 2, 3),
                   PGO_ERR_INVALID);
  ck_assert_uint_eq(pgo_plan_nvalue_sites(p), 4);
  ck_assert_uint_eq(pgo_plan_value_capacity(p), PGO_PLAN_VALUE_CAPACITY);
  /* replace, with a capacity; then clear */
  ck_assert_int_eq(pgo_plan_set_value_sites(p, bad, 1, 3), PGO_OK);
  ck_assert_uint_eq(pgo_plan_nvalue_sites(p), 1);
  ck_assert_uint_eq(pgo_plan_value_capacity(p), 3);
  ck_assert_int_eq(pgo_plan_set_value_sites(p, NULL, 0, 1), PGO_OK);
  ck_assert_uint_eq(pgo_plan_nvalue_sites(p), 0);
  ck_assert_uint_eq(pgo_plan_nvalue_sites(NULL), 0);
  ck_assert_uint_eq(pgo_plan_value_slot(NULL, 0), PGO_NONE);
  pgo_plan_free(p);
  pgo_cfg_free(g);

  /* blocks without an IL offset, and a gap: offsets no block holds */
  pgo_cfg *h = NULL;
  uint32_t b;
  ck_assert_int_eq(pgo_cfg_new(NULL, &h), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(h, 0, 4, &b), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(h, PGO_NONE, 0, &b), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(h, 10, 4, &b), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(h, 0, 1), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(h, 1, 2), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(h, 2, PGO_TERM_RETURN), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(h), PGO_OK);
  ck_assert_int_eq(pgo_plan_new(NULL, h, NULL, &p), PGO_OK);
  const uint32_t s2[] = {2, 6, 12};
  ck_assert_int_eq(pgo_plan_set_value_sites(p, s2, 3, 2), PGO_OK); /* no
                                                     il_size: any offset */
  ck_assert_uint_eq(pgo_plan_value_site_block(p, 0), 0);
  ck_assert_uint_eq(pgo_plan_value_site_block(p, 1), PGO_NONE);
  ck_assert_uint_eq(pgo_plan_value_site_block(p, 2), 2);
  const uint32_t none = PGO_NONE;
  ck_assert_int_eq(pgo_plan_set_value_sites(p, &none, 1, 2), PGO_ERR_INVALID);
  pgo_plan_free(p);
  pgo_cfg_free(h);
}
END_TEST

/* A top-K table on the stack. */
typedef struct table {
  pgo_topk h;
  pgo_topk_slot s[PGO_STORE_MAX_CAPACITY];
} table;

static void check_sorted(const pgo_topk *t) {
  const pgo_topk_slot *s = pgo_topk_cslots(t);
  for (uint32_t i = 0; i < t->used; i++) {
    ck_assert_uint_gt(s[i].count, 0);
    if (i)
      ck_assert_uint_ge(s[i - 1].count, s[i].count);
  }
}

START_TEST(topk_exact_below_capacity) {
  table t;
  ck_assert_uint_eq(PGO_TOPK_BYTES(3), 16 + 3 * 16);
  ck_assert_int_eq(pgo_topk_init(&t.h, 3), PGO_OK);
  ck_assert_uint_eq(t.h.capacity, 3);
  ck_assert_uint_eq(t.h.used, 0);
  ck_assert_uint_eq(pgo_topk_total(&t.h), 0);
  /* 3 distinct values, 100 records */
  const uint64_t vals[] = {0x1000, 0x2000, 0x3000};
  uint64_t want[3] = {0};
  for (int i = 0; i < 100; i++) {
    int k = i % 7 == 0 ? 2 : i % 3 == 0 ? 1 : 0;
    pgo_topk_record(&t.h, vals[k]);
    want[k]++;
    check_sorted(&t.h);
  }
  ck_assert_uint_eq(t.h.used, 3);
  ck_assert_uint_eq(t.h.tail, 0);
  ck_assert_uint_eq(pgo_topk_total(&t.h), 100);
  for (uint32_t i = 0; i < 3; i++)
    for (int k = 0; k < 3; k++)
      if (t.s[i].value == vals[k])
        ck_assert_uint_eq(t.s[i].count, want[k]);
  ck_assert_uint_eq(t.s[0].value, 0x1000);

  /* bad input */
  ck_assert_int_eq(pgo_topk_init(&t.h, 0), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_topk_init(&t.h, PGO_STORE_MAX_CAPACITY + 1),
                   PGO_ERR_INVALID);
  ck_assert_uint_eq(t.h.capacity, 3); /* untouched */
  ck_assert_int_eq(pgo_topk_init(NULL, 3), PGO_ERR_INVALID);
  pgo_topk_record(NULL, 1);
  t.h.used = 4; /* corrupt header: ignored, nothing written */
  pgo_topk_record(&t.h, 0x1000);
  ck_assert_uint_eq(t.s[0].count, want[0]);
  ck_assert_uint_eq(pgo_topk_total(&t.h), 0);
  t.h.used = 3;
  /* saturation */
  t.s[0].count = UINT64_MAX;
  pgo_topk_record(&t.h, 0x1000);
  ck_assert_uint_eq(t.s[0].count, UINT64_MAX);
  ck_assert_uint_eq(pgo_topk_total(&t.h), UINT64_MAX);
}
END_TEST

START_TEST(topk_misra_gries_invariants) {
  static uint64_t truthc[64];
  static table t;
  tg_rng = 12345;
  uint32_t evictions = 0;
  for (int round = 0; round < 300; round++) {
    uint32_t k = 1 + tg_rnd(round < 100 ? 4 : 16);
    uint32_t nvals = 1 + tg_rnd(40);
    uint32_t n = tg_rnd(3000);
    memset(truthc, 0, sizeof truthc);
    ck_assert_int_eq(pgo_topk_init(&t.h, k), PGO_OK);
    for (uint32_t i = 0; i < n; i++) {
      /* skewed: a few hot values */
      uint32_t v = tg_rnd(3) ? tg_rnd(1 + nvals / 8) : tg_rnd(nvals);
      truthc[v]++;
      pgo_topk_record(&t.h, 1000 + v);
    }
    check_sorted(&t.h);
    ck_assert_uint_eq(pgo_topk_total(&t.h), n);
    uint64_t bound = n / (k + 1);
    for (uint32_t v = 0; v < nvals; v++) {
      uint64_t got = 0;
      for (uint32_t i = 0; i < t.h.used; i++)
        if (t.s[i].value == 1000 + v)
          got = t.s[i].count;
      ck_assert_uint_le(got, truthc[v]);
      ck_assert_uint_le(truthc[v] - got, bound);
      if (truthc[v] > bound)
        ck_assert_uint_gt(got, 0); /* heavy hitters are kept */
    }
    if (t.h.tail > 0)
      evictions++;
  }
  ck_assert_uint_gt(evictions, 50);
}
END_TEST

/* Resolver: values 1..9 are functions "f1".."f9", 5 and 6 are aliases of
 * one function, 7 has an empty name, anything else is unknown. */
static const char *resolve(void *ud, uint64_t v) {
  static const char *names[] = {NULL, "f1", "f2", "f3", "f4", "f56",
                                "f56", "", "f8", "f9"};
  (*(int *)ud)++;
  return v < 10 ? names[v] : NULL;
}

START_TEST(topk_flush) {
  table t;
  ck_assert_int_eq(pgo_topk_init(&t.h, 8), PGO_OK);
  const struct {
    uint64_t v, n;
  } rec[] = {{1, 5}, {2, 9}, {5, 3}, {6, 4}, {7, 2}, {0xdead, 6}, {8, 9}};
  uint64_t total = 0;
  for (size_t i = 0; i < sizeof rec / sizeof *rec; i++)
    for (uint64_t j = 0; j < rec[i].n; j++) {
      pgo_topk_record(&t.h, rec[i].v);
      total++;
    }
  pgo_value_pair pairs[8];
  pgo_value_site site;
  int calls = 0;
  ck_assert_int_eq(pgo_topk_flush(&t.h, 17, resolve, &calls, pairs, 8, &site),
                   PGO_OK);
  ck_assert_int_eq(calls, 7);
  ck_assert_uint_eq(site.offset, 17);
  ck_assert_uint_eq(site.capacity, 8);
  ck_assert_uint_eq(site.npairs, 4);
  ck_assert_ptr_eq(site.pairs, pairs);
  /* f2 9, f8 9, f56 7, f1 5; tail = unknown 6 + empty name 2 */
  ck_assert_str_eq(site.pairs[0].value, "f2");
  ck_assert_uint_eq(site.pairs[0].count, 9);
  ck_assert_str_eq(site.pairs[1].value, "f8");
  ck_assert_str_eq(site.pairs[2].value, "f56");
  ck_assert_uint_eq(site.pairs[2].count, 7);
  ck_assert_str_eq(site.pairs[3].value, "f1");
  ck_assert_uint_eq(site.tail, 8);
  uint64_t sum = site.tail;
  for (uint32_t i = 0; i < site.npairs; i++)
    sum += site.pairs[i].count;
  ck_assert_uint_eq(sum, total);

  /* the store takes it */
  pgo_profile *prof = NULL;
  ck_assert_int_eq(pgo_profile_new(NULL, &prof), PGO_OK);
  pgo_method_profile m;
  memset(&m, 0, sizeof m);
  m.key.name = "caller";
  m.key.hash = 7;
  m.key.il_size = 40;
  m.nsites = 1;
  m.sites = &site;
  ck_assert_int_eq(pgo_profile_add(prof, &m, 1), PGO_OK);
  ck_assert_int_eq(pgo_profile_finish(prof), PGO_OK);
  const pgo_method_profile *got = pgo_profile_find(prof, "caller", 7, 40);
  ck_assert_ptr_nonnull(got);
  ck_assert_uint_eq(got->nsites, 1);
  ck_assert_uint_eq(got->sites[0].npairs, 4);
  ck_assert_uint_eq(got->sites[0].tail, 8);
  pgo_profile_free(prof);

  /* no resolver: everything is tail */
  ck_assert_int_eq(pgo_topk_flush(&t.h, 17, NULL, NULL, pairs, 8, &site),
                   PGO_OK);
  ck_assert_uint_eq(site.npairs, 0);
  ck_assert_ptr_null(site.pairs);
  ck_assert_uint_eq(site.tail, total);
  /* bad input */
  ck_assert_int_eq(pgo_topk_flush(&t.h, 17, resolve, &calls, pairs, 5, &site),
                   PGO_ERR_INVALID);
  ck_assert_uint_eq(site.npairs, 0);
  ck_assert_int_eq(pgo_topk_flush(&t.h, 17, resolve, &calls, NULL, 8, &site),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_topk_flush(&t.h, 17, resolve, &calls, pairs, 8, NULL),
                   PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_topk_flush(NULL, 17, resolve, &calls, pairs, 8, &site),
                   PGO_ERR_INVALID);
  /* an empty table needs no room */
  ck_assert_int_eq(pgo_topk_init(&t.h, 2), PGO_OK);
  ck_assert_int_eq(pgo_topk_flush(&t.h, 3, resolve, &calls, NULL, 0, &site),
                   PGO_OK);
  ck_assert_uint_eq(site.npairs + site.tail, 0);
}
END_TEST

static const char *resolve_len(void *ud, uint64_t v) {
  const char *s = ud;
  return v == 1 ? s : s + 1;
}

START_TEST(topk_name_length_limit) {
  static char name[PGO_STORE_MAX_VALUE_LEN + 2];
  memset(name, 'x', sizeof name - 1); /* 4097 chars; name + 1 has 4096 */
  table t;
  ck_assert_int_eq(pgo_topk_init(&t.h, 2), PGO_OK);
  pgo_topk_record(&t.h, 1);
  pgo_topk_record(&t.h, 2);
  pgo_topk_record(&t.h, 2);
  pgo_value_pair pairs[2];
  pgo_value_site site;
  ck_assert_int_eq(pgo_topk_flush(&t.h, 0, resolve_len, name, pairs, 2, &site),
                   PGO_OK);
  ck_assert_uint_eq(site.npairs, 1);
  ck_assert_uint_eq(strlen(site.pairs[0].value), PGO_STORE_MAX_VALUE_LEN);
  ck_assert_uint_eq(site.tail, 1);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("ingest_values");
  TCase *tc = tcase_create("values");
  tcase_add_test(tc, value_sites);
  tcase_add_test(tc, topk_exact_below_capacity);
  tcase_add_test(tc, topk_misra_gries_invariants);
  tcase_add_test(tc, topk_flush);
  tcase_add_test(tc, topk_name_length_limit);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite())
