/*
 * core_test_util.h -- helpers shared by the lib/core test suites: a
 * counting allocator that checks the sizes the library hands back (and can
 * fail the Nth allocation), and a builder from an edge list.
 */
#ifndef PGO_CORE_TEST_UTIL_H
#define PGO_CORE_TEST_UTIL_H

#include <check.h>
#include <pgo/core.h>
#include <stdlib.h>
#include <string.h>

/* Counting allocator.  Each block carries a 16-byte header with its size so
 * that the old_size the library passes on realloc/free can be checked. */
typedef struct test_alloc {
  long live_blocks;
  long long live_bytes;
  long nallocs;     /* successful allocations + reallocations so far */
  long fail_at;     /* fail the allocation with this ordinal (-1: never) */
  long size_errors; /* old_size disagreed with the recorded size */
  int failed;       /* an allocation was refused */
} test_alloc;

static void *test_realloc(void *ud, void *ptr, size_t old_size,
                          size_t new_size) {
  test_alloc *t = ud;
  unsigned char *base = ptr ? (unsigned char *)ptr - 16 : NULL;
  if (base) {
    size_t rec;
    memcpy(&rec, base, sizeof rec);
    if (rec != old_size)
      t->size_errors++;
  }
  if (new_size == 0) {
    if (base) {
      t->live_blocks--;
      t->live_bytes -= (long long)old_size;
      free(base);
    }
    return NULL;
  }
  if (t->fail_at >= 0 && t->nallocs == t->fail_at) {
    t->failed = 1;
    t->fail_at = -2; /* one failure per run */
    return NULL;
  }
  t->nallocs++;
  unsigned char *nb = realloc(base, new_size + 16);
  if (nb == NULL)
    return NULL;
  memcpy(nb, &new_size, sizeof new_size);
  if (base) {
    t->live_bytes += (long long)new_size - (long long)old_size;
  } else {
    t->live_blocks++;
    t->live_bytes += (long long)new_size;
  }
  return nb + 16;
}

static inline pgo_allocator test_allocator(test_alloc *t) {
  memset(t, 0, sizeof *t);
  t->fail_at = -1;
  pgo_allocator a = {test_realloc, t};
  return a;
}

/* Builds a graph of n blocks (IL offset 10*i, 10 instructions) with the
 * given edges, finishes it and runs every analysis.  Blocks without
 * successors are marked as returns. */
static inline pgo_cfg *build_graph(const pgo_allocator *a, uint32_t n,
                                   const uint32_t (*edges)[2], uint32_t m) {
  pgo_cfg *g = NULL;
  ck_assert_int_eq(pgo_cfg_new(a, &g), PGO_OK);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t b;
    ck_assert_int_eq(pgo_cfg_add_block(g, 10 * i, 10, &b), PGO_OK);
    ck_assert_uint_eq(b, i);
  }
  for (uint32_t k = 0; k < m; k++)
    ck_assert_int_eq(pgo_cfg_add_edge(g, edges[k][0], edges[k][1]), PGO_OK);
  for (uint32_t i = 0; i < n; i++)
    if (pgo_cfg_nsucc(g, i) == 0)
      ck_assert_int_eq(pgo_cfg_set_term(g, i, PGO_TERM_RETURN), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL), PGO_OK);
  return g;
}

#define BUILD(g, n, E) build_graph(NULL, (n), (E), sizeof(E) / sizeof((E)[0]))

/* Edge id of the k-th successor of b. */
static inline uint32_t succ_edge(const pgo_cfg *g, uint32_t b, uint32_t k) {
  return pgo_cfg_succ_begin(g, b) + k;
}

/* Is x in arr[0..n)? */
static inline int in_list(const uint32_t *arr, uint32_t n, uint32_t x) {
  for (uint32_t i = 0; i < n; i++)
    if (arr[i] == x)
      return 1;
  return 0;
}

#define RUN_SUITE(s)                                                          \
  int main(void) {                                                            \
    SRunner *sr = srunner_create(s);                                          \
    srunner_run_all(sr, CK_NORMAL);                                           \
    int nf = srunner_ntests_failed(sr);                                       \
    srunner_free(sr);                                                         \
    return nf == 0 ? 0 : 1;                                                   \
  }

#endif
