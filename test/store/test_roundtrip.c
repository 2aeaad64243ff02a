#define _POSIX_C_SOURCE 200809L
/* test_roundtrip.c -- store <-> YAML exactness, look-up, iteration, put
 * versus add, run metadata, and every record kind through both formats. */
#include "store_test_util.h"

static pgo_profile *store_to_profile(const char *path) {
  pgo_store *s;
  pgo_status st = pgo_store_open(path, PGO_STORE_READONLY, NULL, &s);
  ck_assert_msg(st == PGO_OK, "%s", pgo_store_errmsg(s));
  pgo_profile *p;
  ck_assert_int_eq(pgo_profile_new(NULL, &p), PGO_OK);
  st = pgo_store_read(s, p, 1);
  ck_assert_msg(st == PGO_OK, "%s", pgo_store_errmsg(s));
  pgo_store_close(s);
  ck_assert_int_eq(pgo_profile_finish(p), PGO_OK);
  return p;
}

static void profile_to_store(pgo_profile *p, const char *path,
                             unsigned flags) {
  pgo_store *s;
  pgo_status st = pgo_store_open(path, PGO_STORE_CREATE | flags, NULL, &s);
  ck_assert_msg(st == PGO_OK, "%s", pgo_store_errmsg(s));
  st = pgo_store_write(s, p, 1);
  ck_assert_msg(st == PGO_OK, "%s", pgo_store_errmsg(s));
  ck_assert_int_eq(pgo_store_close(s), PGO_OK);
}

static char *to_yaml(pgo_profile *p, size_t *len) {
  char *buf = NULL;
  FILE *f = open_memstream(&buf, len);
  ck_assert_ptr_nonnull(f);
  ck_assert_msg(pgo_yaml_write(p, f) == PGO_OK, "%s", pgo_profile_errmsg(p));
  fclose(f);
  return buf;
}

static pgo_profile *from_yaml(const char *text, size_t len) {
  pgo_profile *p;
  ck_assert_int_eq(pgo_profile_new(NULL, &p), PGO_OK);
  pgo_status st = pgo_yaml_read_mem(p, text, len, "mem.yaml", 1);
  ck_assert_msg(st == PGO_OK, "%s", pgo_profile_errmsg(p));
  ck_assert_int_eq(pgo_profile_finish(p), PGO_OK);
  return p;
}

/* store -> YAML -> store -> YAML: identical profiles and identical text,
 * for random profiles covering every kind, with huge counts too. */
START_TEST(random_round_trip) {
  for (int seed = 1; seed <= 12; seed++) {
    uint64_t maxc = seed % 3 == 0 ? UINT64_MAX : 1000;
    pgo_profile *p = tu_profile((uint64_t)seed, 40, 4, 6, maxc);
    char db1[256], db2[256];
    tu_tmppath(db1, sizeof db1, ".db");
    tu_tmppath(db2, sizeof db2, ".db");
    profile_to_store(p, db1, seed & 1 ? PGO_STORE_SCRATCH : 0);
    pgo_profile *q = store_to_profile(db1);
    ck_assert_msg(pgo_profile_equal(p, q), "seed %d: store changed data",
                  seed);
    size_t l1, l2;
    char *y1 = to_yaml(q, &l1);
    pgo_profile *r = from_yaml(y1, l1);
    ck_assert_msg(pgo_profile_equal(q, r), "seed %d: YAML changed data", seed);
    profile_to_store(r, db2, 0);
    pgo_profile *t = store_to_profile(db2);
    ck_assert(pgo_profile_equal(q, t));
    char *y2 = to_yaml(t, &l2);
    ck_assert_uint_eq(l1, l2);
    ck_assert(memcmp(y1, y2, l1) == 0);
    free(y1);
    free(y2);
    pgo_profile_free(p);
    pgo_profile_free(q);
    pgo_profile_free(r);
    pgo_profile_free(t);
    tu_unlink_db(db1);
    tu_unlink_db(db2);
  }
}
END_TEST

static const char every_kind[] =
    "pgo-profile: 1\n"
    "runs:\n"
    "- {source: sampled, weight: 2, time: -5, program: p, tool: t}\n"
    "methods:\n"
    "- name: \"a\\u00e9 \\\"q\\\"\"\n"
    "  hash: 0xffffffffffffffff\n"
    "  il_size: 4294967295\n"
    "  entry: 18446744073709551615\n"
    "  blocks: [[0, 1], [4294967294, 2]]\n"
    "  edges: [[0, 0, 3], [0, 1048575, 4]]\n"
    "  values:\n"
    "  - {offset: 9, capacity: 1024, tail: 5, targets: [[\"null\", 3], "
    "[\"1e3\", 2]]}\n"
    "  annotations: [[9, 1, 0.1, 7], [9, 2, 1, 1], [10, 0, 0, 1]]\n"
    "  samples: [[3, 0]]\n";

START_TEST(every_kind_exact) {
  pgo_profile *p = from_yaml(every_kind, sizeof every_kind - 1);
  ck_assert_uint_eq(pgo_profile_nmethods(p), 1);
  const pgo_method_profile *m = pgo_profile_method(p, 0);
  ck_assert_str_eq(m->key.name, "a\xc3\xa9 \"q\"");
  ck_assert(m->key.hash == UINT64_MAX);
  ck_assert_uint_eq(m->key.il_size, UINT32_MAX);
  ck_assert(m->entry == UINT64_MAX);
  ck_assert_uint_eq(m->nedges, 2);
  ck_assert_uint_eq(m->edges[1].succ, PGO_STORE_MAX_SUCC - 1);
  ck_assert_uint_eq(m->sites[0].capacity, 1024);
  ck_assert_str_eq(m->sites[0].pairs[0].value, "null");
  ck_assert(m->annots[0].prob == 0.1);
  ck_assert_int_eq(pgo_profile_run(p, 0)->time, -5);
  char db[256];
  tu_tmppath(db, sizeof db, ".db");
  profile_to_store(p, db, 0);
  pgo_profile *q = store_to_profile(db);
  ck_assert(pgo_profile_equal(p, q));
  size_t l;
  char *y = to_yaml(q, &l);
  pgo_profile *r = from_yaml(y, l);
  ck_assert(pgo_profile_equal(p, r));
  free(y);
  pgo_profile_free(p);
  pgo_profile_free(q);
  pgo_profile_free(r);
  tu_unlink_db(db);
}
END_TEST

START_TEST(lookup_and_iterate) {
  pgo_profile *p = tu_profile(77, 60, 4, 6, 1000);
  char db[256];
  tu_tmppath(db, sizeof db, ".db");
  profile_to_store(p, db, 0);
  pgo_store *s;
  ck_assert_int_eq(pgo_store_open(db, PGO_STORE_READONLY, NULL, &s), PGO_OK);
  uint64_t nm, nr;
  ck_assert_int_eq(pgo_store_count(s, &nm, &nr), PGO_OK);
  ck_assert_uint_eq(nm, pgo_profile_nmethods(p));
  ck_assert_uint_eq(nr, 1);
  for (size_t i = 0; i < pgo_profile_nmethods(p); i++) {
    const pgo_method_profile *want = pgo_profile_method(p, i), *got;
    ck_assert_int_eq(pgo_store_lookup(s, want->key.name, want->key.hash,
                                      want->key.il_size, &got),
                     PGO_OK);
    ck_assert_uint_eq(got->nblocks, want->nblocks);
    ck_assert_uint_eq(got->nsites, want->nsites);
    for (uint32_t k = 0; k < got->nblocks; k++)
      ck_assert(got->blocks[k].count == want->blocks[k].count);
  }
  const pgo_method_profile *got;
  ck_assert_int_eq(pgo_store_lookup(s, "nope", 1, 1, &got),
                   PGO_ERR_NOT_FOUND);
  ck_assert_ptr_nonnull(strstr(pgo_store_errmsg(s), "nope"));
  /* Iteration in key order, and by name (all hash versions). */
  pgo_store_iter *it;
  ck_assert_int_eq(pgo_store_iter_new(s, NULL, &it), PGO_OK);
  size_t n = 0;
  const pgo_method_profile *m;
  while (pgo_store_iter_next(it, &m) == PGO_OK && m) {
    const pgo_method_profile *want = pgo_profile_method(p, n);
    ck_assert_str_eq(m->key.name, want->key.name);
    ck_assert(m->key.hash == want->key.hash);
    n++;
  }
  ck_assert_uint_eq(n, pgo_profile_nmethods(p));
  pgo_store_iter_free(it);
  const char *name = pgo_profile_method(p, 0)->key.name;
  ck_assert_int_eq(pgo_store_iter_new(s, name, &it), PGO_OK);
  n = 0;
  while (pgo_store_iter_next(it, &m) == PGO_OK && m) {
    ck_assert_str_eq(m->key.name, name);
    n++;
  }
  ck_assert_uint_ge(n, 1);
  pgo_store_iter_free(it);
  pgo_store_close(s);
  pgo_profile_free(p);
  tu_unlink_db(db);
}
END_TEST

START_TEST(put_replaces_add_adds) {
  char db[256];
  tu_tmppath(db, sizeof db, ".db");
  pgo_store *s;
  ck_assert_int_eq(pgo_store_open(db, PGO_STORE_CREATE, NULL, &s), PGO_OK);
  pgo_count_rec b1[] = {{4, 10}, {0, 5}, {4, 1}}; /* unsorted, duplicate */
  pgo_method_profile m = {.key = {"f", 9, 8}, .blocks = b1, .nblocks = 3};
  ck_assert_int_eq(pgo_store_put(s, &m), PGO_OK);
  const pgo_method_profile *got;
  ck_assert_int_eq(pgo_store_lookup(s, "f", 9, 8, &got), PGO_OK);
  ck_assert_uint_eq(got->nblocks, 2);
  ck_assert_uint_eq(got->blocks[0].offset, 0);
  ck_assert_uint_eq(got->blocks[1].count, 11);
  ck_assert_int_eq(pgo_store_add(s, &m, 3), PGO_OK);
  ck_assert_int_eq(pgo_store_lookup(s, "f", 9, 8, &got), PGO_OK);
  ck_assert_uint_eq(got->blocks[0].count, 20);
  ck_assert_uint_eq(got->blocks[1].count, 44);
  ck_assert_int_eq(pgo_store_put(s, &m), PGO_OK);
  ck_assert_int_eq(pgo_store_lookup(s, "f", 9, 8, &got), PGO_OK);
  ck_assert_uint_eq(got->blocks[1].count, 11);
  /* explicit transaction rolled back: nothing changes */
  ck_assert_int_eq(pgo_store_begin(s), PGO_OK);
  ck_assert_int_eq(pgo_store_add(s, &m, 1), PGO_OK);
  ck_assert_int_eq(pgo_store_rollback(s), PGO_OK);
  ck_assert_int_eq(pgo_store_lookup(s, "f", 9, 8, &got), PGO_OK);
  ck_assert_uint_eq(got->blocks[1].count, 11);
  /* a run */
  pgo_run r = {PGO_SOURCE_ANNOTATED, 2, 1, "x", "y"};
  ck_assert_int_eq(pgo_store_add_run(s, &r), PGO_OK);
  uint64_t nm, nr;
  ck_assert_int_eq(pgo_store_count(s, &nm, &nr), PGO_OK);
  ck_assert_uint_eq(nm, 1);
  ck_assert_uint_eq(nr, 1);
  /* a read-only handle refuses writes */
  pgo_store *ro;
  ck_assert_int_eq(pgo_store_open(db, PGO_STORE_READONLY, NULL, &ro), PGO_OK);
  ck_assert_int_eq(pgo_store_put(ro, &m), PGO_ERR_STATE);
  pgo_store_close(ro);
  pgo_store_close(s);
  tu_unlink_db(db);
}
END_TEST

/* A store written with the fresh-store fast path equals one built by
 * adding method by method into an existing store. */
START_TEST(write_into_existing) {
  pgo_profile *a = tu_profile(5, 30, 4, 4, 1000);
  pgo_profile *b = tu_profile(6, 30, 4, 4, 1000);
  char db[256];
  tu_tmppath(db, sizeof db, ".db");
  profile_to_store(a, db, 0);
  pgo_store *s;
  ck_assert_int_eq(pgo_store_open(db, 0, NULL, &s), PGO_OK);
  ck_assert_int_eq(pgo_store_write(s, b, 2), PGO_OK);
  pgo_store_close(s);
  pgo_profile *got = store_to_profile(db);
  pgo_profile *want;
  ck_assert_int_eq(pgo_profile_new(NULL, &want), PGO_OK);
  ck_assert_int_eq(pgo_profile_merge(want, a, 1), PGO_OK);
  ck_assert_int_eq(pgo_profile_merge(want, b, 2), PGO_OK);
  ck_assert_int_eq(pgo_profile_finish(want), PGO_OK);
  ck_assert(pgo_profile_equal(got, want));
  pgo_profile_free(a);
  pgo_profile_free(b);
  pgo_profile_free(got);
  pgo_profile_free(want);
  tu_unlink_db(db);
}
END_TEST

/* pgo_store_read into one accumulator (the fused path when a blob's keys
 * equal the accumulator's, the long way otherwise) equals
 * pgo_profile_merge, with weights, other layouts and saturation. */
START_TEST(store_read_accumulates) {
  pgo_profile *a = tu_profile(11, 40, 4, 6, 1000);
  pgo_profile *b = tu_profile(12, 40, 4, 6, 1000);
  pgo_profile *big = tu_profile(13, 40, 4, 6, UINT64_MAX);
  pgo_profile *a3; /* same layout as a, other counts */
  ck_assert_int_eq(pgo_profile_new(NULL, &a3), PGO_OK);
  ck_assert_int_eq(pgo_profile_merge(a3, a, 3), PGO_OK);
  ck_assert_int_eq(pgo_profile_finish(a3), PGO_OK);
  pgo_profile *in[] = {a, a3, b, a, big, big, a3};
  uint64_t w[] = {1, 2, 5, 1, 1, 3, 1};
  pgo_profile *acc, *want;
  ck_assert_int_eq(pgo_profile_new(NULL, &acc), PGO_OK);
  ck_assert_int_eq(pgo_profile_new(NULL, &want), PGO_OK);
  for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
    char db[256];
    tu_tmppath(db, sizeof db, ".db");
    profile_to_store(in[i], db, 0);
    pgo_store *s;
    ck_assert_int_eq(pgo_store_open(db, PGO_STORE_READONLY, NULL, &s), PGO_OK);
    ck_assert_msg(pgo_store_read(s, acc, w[i]) == PGO_OK, "%s",
                  pgo_store_errmsg(s));
    pgo_store_close(s);
    tu_unlink_db(db);
    ck_assert_int_eq(pgo_profile_merge(want, in[i], w[i]), PGO_OK);
  }
  ck_assert_uint_gt(pgo_profile_saturations(acc), 0);
  ck_assert_int_eq(pgo_profile_finish(acc), PGO_OK);
  ck_assert_int_eq(pgo_profile_finish(want), PGO_OK);
  ck_assert(pgo_profile_equal(acc, want));
  pgo_profile *fs[] = {a, b, big, a3, acc, want};
  for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
    pgo_profile_free(fs[i]);
}
END_TEST

START_TEST(sparse_drops_zeros) {
  pgo_count_rec b[] = {{0, 0}, {1, 5}};
  pgo_method_profile m1 = {.key = {"z", 1, 4}, .has_entry = true, .entry = 0,
                           .blocks = b, .nblocks = 2};
  pgo_method_profile m2 = {.key = {"empty", 1, 4}, .has_entry = true};
  pgo_profile *p;
  ck_assert_int_eq(pgo_profile_new(NULL, &p), PGO_OK);
  ck_assert_int_eq(pgo_profile_add(p, &m1, 1), PGO_OK);
  ck_assert_int_eq(pgo_profile_add(p, &m2, 1), PGO_OK);
  pgo_profile_sparsify(p);
  ck_assert_uint_eq(pgo_profile_nmethods(p), 1);
  const pgo_method_profile *m = pgo_profile_find(p, "z", 1, 4);
  ck_assert_ptr_nonnull(m);
  ck_assert(!m->has_entry);
  ck_assert_uint_eq(m->nblocks, 1);
  ck_assert_ptr_null(pgo_profile_find(p, "empty", 1, 4));
  pgo_profile_free(p);
}
END_TEST

int main(void) {
  Suite *s = suite_create("store_roundtrip");
  TCase *tc = tcase_create("roundtrip");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, random_round_trip);
  tcase_add_test(tc, every_kind_exact);
  tcase_add_test(tc, lookup_and_iterate);
  tcase_add_test(tc, put_replaces_add_adds);
  tcase_add_test(tc, write_into_existing);
  tcase_add_test(tc, store_read_accumulates);
  tcase_add_test(tc, sparse_drops_zeros);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
