#define _POSIX_C_SOURCE 200809L
/* test_fault.c -- fault injection: the allocator fails the Nth allocation,
 * for every N until the operation no longer allocates that many times.
 * Each run must return PGO_OK or PGO_ERR_NOMEM (never crash), leave no
 * block allocated after the frees, and -- for the YAML reader and the store
 * reader -- leave the destination as it was. */
#include "store_test_util.h"

static const char text[] =
    "pgo-profile: 1\n"
    "runs:\n"
    "- {source: instrumented, weight: 2, time: 1, program: a, tool: b}\n"
    "methods:\n"
    "- name: f\n"
    "  hash: 0x12\n"
    "  il_size: 40\n"
    "  entry: 5\n"
    "  blocks: [[0, 5], [7, 3], [9, 1]]\n"
    "  edges: [[0, 0, 3], [0, 1, 2]]\n"
    "  values:\n"
    "  - {offset: 3, capacity: 2, tail: 1, targets: [[x, 4], [y, 2]]}\n"
    "  - {offset: 5, capacity: 3, tail: 0, targets: [[z, 1]]}\n"
    "  annotations: [[7, 1, 0.25, 2]]\n"
    "  samples: [[1, 9]]\n"
    "- {name: g, hash: 1, il_size: 2, blocks: [[1, 1]]}\n";

START_TEST(yaml_read_and_merge_under_oom) {
  bool finished = false;
  for (long n = 1; n < 5000 && !finished; n++) {
    tu_failing f;
    tu_failing_init(&f, 0);
    pgo_profile *p;
    ck_assert_int_eq(pgo_profile_new(&f.a, &p), PGO_OK);
    pgo_count_rec b[] = {{0, 1}};
    pgo_method_profile keep = {.key = {"keep", 1, 2}, .blocks = b,
                               .nblocks = 1};
    ck_assert_int_eq(pgo_profile_add(p, &keep, 1), PGO_OK);
    f.fail_at = f.count + n;
    pgo_status st = pgo_yaml_read_mem(p, text, sizeof text - 1, "t.yaml", 2);
    ck_assert_msg(st == PGO_OK || st == PGO_ERR_NOMEM, "n=%ld: %s", n,
                  pgo_status_name(st));
    if (st == PGO_OK) {
      finished = f.count < f.fail_at;
      ck_assert_uint_eq(pgo_profile_nmethods(p), 3);
    } else if (f.count < f.fail_at) {
      /* can't happen: NOMEM without a failed allocation */
      ck_abort_msg("n=%ld: NOMEM without a failure", n);
    }
    /* merging into a second profile under the same failing allocator */
    pgo_profile *q = NULL;
    f.fail_at = f.count + n;
    if (pgo_profile_new(&f.a, &q) == PGO_OK) {
      pgo_status mst = pgo_profile_merge(q, p, 3);
      ck_assert(mst == PGO_OK || mst == PGO_ERR_NOMEM);
      mst = pgo_profile_finish(q);
      ck_assert(mst == PGO_OK || mst == PGO_ERR_NOMEM);
      pgo_profile_free(q);
    }
    pgo_profile_free(p);
    ck_assert_int_eq(f.live, 0);
  }
  ck_assert(finished);
}
END_TEST

START_TEST(store_read_under_oom) {
  char path[256];
  tu_tmppath(path, sizeof path, ".db");
  {
    pgo_profile *p;
    ck_assert_int_eq(pgo_profile_new(NULL, &p), PGO_OK);
    ck_assert_int_eq(pgo_yaml_read_mem(p, text, sizeof text - 1, "t", 1),
                     PGO_OK);
    pgo_store *s;
    ck_assert_int_eq(pgo_store_open(path, PGO_STORE_CREATE, NULL, &s),
                     PGO_OK);
    ck_assert_int_eq(pgo_store_write(s, p, 1), PGO_OK);
    pgo_store_close(s);
    pgo_profile_free(p);
  }
  bool finished = false;
  for (long n = 1; n < 5000 && !finished; n++) {
    tu_failing f;
    tu_failing_init(&f, n);
    pgo_store *s = NULL;
    pgo_status st = pgo_store_open(path, PGO_STORE_READONLY, &f.a, &s);
    pgo_profile *p = NULL;
    if (!st)
      st = pgo_profile_new(&f.a, &p);
    if (!st)
      st = pgo_store_read(s, p, 1);
    if (!st) {
      const pgo_method_profile *m;
      st = pgo_store_lookup(s, "f", 0x12, 40, &m);
    }
    ck_assert_msg(st == PGO_OK || st == PGO_ERR_NOMEM, "n=%ld: %s %s", n,
                  pgo_status_name(st), s ? pgo_store_errmsg(s) : "");
    finished = st == PGO_OK && f.count < f.fail_at;
    pgo_profile_free(p);
    pgo_store_close(s);
    ck_assert_int_eq(f.live, 0);
  }
  ck_assert(finished);
  tu_unlink_db(path);
}
END_TEST

START_TEST(store_write_under_oom) {
  bool finished = false;
  for (long n = 1; n < 5000 && !finished; n++) {
    char path[256];
    tu_tmppath(path, sizeof path, ".db");
    tu_failing f;
    tu_failing_init(&f, 0);
    pgo_profile *p;
    ck_assert_int_eq(pgo_profile_new(&f.a, &p), PGO_OK);
    ck_assert_int_eq(pgo_yaml_read_mem(p, text, sizeof text - 1, "t", 1),
                     PGO_OK);
    f.fail_at = f.count + n;
    pgo_store *s = NULL;
    pgo_status st = pgo_store_open(path, PGO_STORE_CREATE, &f.a, &s);
    if (!st)
      st = pgo_store_write(s, p, 1);
    if (!st)
      st = pgo_store_write(s, p, 2); /* read-modify-write path */
    ck_assert_msg(st == PGO_OK || st == PGO_ERR_NOMEM, "n=%ld: %s", n,
                  pgo_status_name(st));
    finished = st == PGO_OK && f.count < f.fail_at;
    pgo_store_close(s);
    pgo_profile_free(p);
    ck_assert_int_eq(f.live, 0);
    if (st == PGO_ERR_NOMEM) { /* nothing half-written */
      pgo_store *r;
      if (pgo_store_open(path, PGO_STORE_READONLY, NULL, &r) == PGO_OK) {
        uint64_t nm, nr;
        ck_assert_int_eq(pgo_store_count(r, &nm, &nr), PGO_OK);
        ck_assert(nm == 0 || nm == 2);
      }
      pgo_store_close(r);
    }
    tu_unlink_db(path);
  }
  ck_assert(finished);
}
END_TEST

int main(void) {
  Suite *s = suite_create("store_fault");
  TCase *tc = tcase_create("fault");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, yaml_read_and_merge_under_oom);
  tcase_add_test(tc, store_read_under_oom);
  tcase_add_test(tc, store_write_under_oom);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
