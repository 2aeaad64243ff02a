/*
 * test_threads.c -- one oracle and one summary queried by several threads at
 * once: every thread recomputes every answer (block counts, frequencies,
 * provenance, classes with and without the summary, edge probabilities and
 * counts, branch weights, call targets, summary entries, percentiles and
 * count classes) many times and compares it with the answers computed on
 * one thread before the threads started.  Run it under the sanitizer build
 * (and ThreadSanitizer when available): a query that wrote its handle would
 * show up as a race or a mismatch.
 */
#include "oracle_test_util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { NTHREADS = 8, ROUNDS = 20, NB = 3000 };

typedef struct shared {
  const pgo_oracle *o;
  const pgo_oracle_summary *s;
  size_t n;          /* answers per pass */
  const double *ref; /* the single-threaded answers */
} shared;

/* All answers of one pass, as doubles, into out (NULL: just count). */
static size_t answers(const pgo_oracle *o, const pgo_oracle_summary *s,
                      double *out) {
  size_t k = 0;
#define PUT(x)                                                                \
  do {                                                                        \
    double v_ = (double)(x);                                                  \
    if (out)                                                                  \
      out[k] = v_;                                                            \
    k++;                                                                      \
  } while (0)
  uint32_t nb = pgo_oracle_nblocks(o), ne = pgo_oracle_nedges(o);
  for (uint32_t b = 0; b < nb; b++) {
    pgo_oracle_basis basis;
    PUT(pgo_oracle_block_count(o, b));
    PUT(pgo_oracle_block_freq(o, b));
    PUT(pgo_oracle_block_prov(o, b));
    PUT(pgo_oracle_block_class(o, s, b, &basis));
    PUT(basis);
    PUT(pgo_oracle_block_class(o, NULL, b, &basis));
    PUT(basis);
    PUT(pgo_oracle_reachable(o, b));
    uint32_t w[8], nw = 0;
    PUT(pgo_oracle_branch_weights(o, b, w, 8, &nw));
    for (uint32_t i = 0; i < nw; i++)
      PUT(w[i]);
    PUT(pgo_oracle_succ_prob(o, b, 0));
  }
  for (uint32_t e = 0; e < ne; e++) {
    PUT(pgo_oracle_edge_prob(o, e));
    PUT(pgo_oracle_edge_count(o, e));
    PUT(pgo_oracle_edge_src(o, e));
  }
  for (uint32_t i = 0; i < pgo_oracle_nsites(o); i++) {
    pgo_oracle_target t[4];
    pgo_oracle_site site;
    uint32_t n = 0;
    PUT(pgo_oracle_call_targets(o, pgo_oracle_site_offset(o, i), 4, t, &n,
                                &site));
    for (uint32_t j = 0; j < n; j++) {
      PUT(t[j].count);
      PUT(t[j].share);
      PUT(t[j].name[0]);
    }
    PUT(site.rest_share);
  }
  pgo_oracle_basis mb;
  PUT(pgo_oracle_method_class(o, s, &mb));
  PUT(mb);
  uint32_t nent;
  const pgo_oracle_summary_entry *ent = pgo_oracle_summary_entries(s, &nent);
  for (uint32_t i = 0; i < nent; i++) {
    PUT(ent[i].min_count);
    PUT(ent[i].num_counts);
  }
  for (double c = 0; c < 20000; c += 37.5) {
    PUT(pgo_oracle_summary_percentile(s, c));
    PUT(pgo_oracle_summary_count_class(s, c));
    PUT(pgo_oracle_summary_is_hot_at(s, c, 950000));
    pgo_oracle_summary_entry x;
    PUT(pgo_oracle_summary_entry_at(s, 1 + (uint32_t)c * 41, &x));
    PUT(x.min_count);
  }
  return k;
#undef PUT
}

static void *worker(void *arg) {
  const shared *sh = arg;
  double *mine = malloc(sh->n * sizeof *mine);
  long bad = 0;
  for (int r = 0; r < ROUNDS && mine; r++) {
    size_t n = answers(sh->o, sh->s, mine);
    if (n != sh->n || memcmp(mine, sh->ref, n * sizeof *mine) != 0)
      bad++;
  }
  free(mine);
  return (void *)(intptr_t)(mine ? bad : -1);
}

START_TEST(concurrent_queries) {
  pgo_cfg *g;
  pgo_pfg *p = random_pfg(&g, NB, 4242);
  const char *t[] = {"a", "b", "c", "d", "e"};
  const double c[] = {5, 50, 500, 50, 1};
  for (uint32_t off = 3; off < 8 * NB; off += 97)
    ck_assert_int_eq(pgo_pfg_set_histogram(p, off, t, c, 5, 7.0,
                                           PGO_PROV_INSTRUMENTED), PGO_OK);
  pgo_oracle *o = oracle_of(p, NULL);
  ck_assert_uint_eq(pgo_oracle_nsites(o), (8 * NB - 3 + 96) / 97);
  pgo_oracle_summary *s;
  ck_assert_int_eq(pgo_oracle_summary_new(NULL, &s), PGO_OK);
  ck_assert_int_eq(pgo_oracle_summary_add(s, o, NULL), PGO_OK);
  pgo_cfg *g2;
  pgo_pfg *p2 = random_pfg(&g2, 500, 99);
  pgo_oracle *o2 = oracle_of(p2, NULL);
  ck_assert_int_eq(pgo_oracle_summary_add(s, o2, NULL), PGO_OK);
  ck_assert_int_eq(pgo_oracle_summary_finish(s), PGO_OK);
  /* the pfgs are gone before the threads start: the oracle owns its data */
  pgo_pfg_free(p);
  pgo_pfg_free(p2);

  shared sh = {o, s, 0, NULL};
  sh.n = answers(o, s, NULL);
  double *ref = malloc(sh.n * sizeof *ref);
  ck_assert_ptr_nonnull(ref);
  ck_assert_uint_eq(answers(o, s, ref), sh.n);
  sh.ref = ref;
  pthread_t th[NTHREADS];
  for (int i = 0; i < NTHREADS; i++)
    ck_assert_int_eq(pthread_create(&th[i], NULL, worker, &sh), 0);
  for (int i = 0; i < NTHREADS; i++) {
    void *rv;
    ck_assert_int_eq(pthread_join(th[i], &rv), 0);
    ck_assert_msg((intptr_t)rv == 0, "thread %d: %ld passes differed", i,
                  (long)(intptr_t)rv);
  }
  free(ref);
  pgo_oracle_summary_free(s);
  pgo_oracle_free(o2);
  pgo_oracle_free(o);
  pgo_cfg_free(g2);
  pgo_cfg_free(g);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("oracle_threads");
  TCase *tc = tcase_create("threads");
  tcase_set_timeout(tc, 300);
  tcase_add_test(tc, concurrent_queries);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite())
