/* test_options.c -- the contracts of pgo/synth.h that are not about the
 * numbers: pgo_synth_options grows without breaking callers built against
 * an older (or newer) header (struct_size), and the thread rules (several
 * handles on one analysed graph, each with its own pfg, concurrently). */
#include <check.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#include "synth_test_util.h"

/* A loop with a two-way body: 0 -> 1 (header) -> 2 / 3 -> 4 -> 1, 1 -> 5. */
static const uint32_t loop_edges[][2] = {{0, 1}, {1, 2}, {1, 5}, {2, 3},
                                         {2, 4}, {3, 4}, {4, 1}};
enum { LOOP_N = 6, LOOP_NE = 7 };

static pgo_cfg *loop_graph(void) {
  pgo_cfg *cfg = tu_graph(LOOP_N, loop_edges, LOOP_NE);
  ck_assert_ptr_nonnull(cfg);
  ck_assert_int_eq(tu_finish(cfg), PGO_OK);
  return cfg;
}

/* Runs synthesis with options o (may be NULL); returns the status and
 * copies the block counts to counts[LOOP_N] when it succeeded. */
static pgo_status run_opts(pgo_cfg *cfg, const pgo_synth_options *o,
                           double *counts, char *msg, size_t msgsz) {
  pgo_pfg *p = NULL;
  pgo_synth *s = NULL;
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &p), PGO_OK);
  ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
  pgo_status st = pgo_synth_run(s, cfg, o, p);
  if (st == PGO_OK && counts)
    for (uint32_t b = 0; b < LOOP_N; b++)
      counts[b] = pgo_pfg_block_count(p, b);
  if (msg)
    snprintf(msg, msgsz, "%s", pgo_synth_errmsg(s));
  pgo_synth_free(s);
  pgo_pfg_free(p);
  return st;
}

START_TEST(init_sets_size_and_defaults) {
  pgo_synth_options o;
  memset(&o, 0xa5, sizeof o);
  pgo_synth_options_init(&o);
  ck_assert_uint_eq(o.struct_size, sizeof o);
  ck_assert_double_eq(o.tolerance, 1e-13);
  ck_assert_uint_eq(o.max_iter, 20000);
  ck_assert_double_eq(o.cp_cap, 0.999);
  ck_assert_double_eq(o.floor, 1e-4);
  ck_assert_double_eq(o.entry_count, 1.0);
  ck_assert_uint_eq(o.disabled, 0);
  ck_assert_ptr_null(o.edge_hints);
  ck_assert_ptr_null(o.block_hints);
  ck_assert_ptr_null(o.continues_to);
  ck_assert_int_eq(o.solver, PGO_SYNTH_SOLVER_AUTO);
  ck_assert_int_eq(o.count_prov, PGO_PROV_SYNTHESIZED);
  /* NULL and a size too small to hold struct_size are no-ops */
  pgo_synth_options_init_sized(NULL, sizeof o);
  unsigned char tiny[sizeof(size_t)];
  memset(tiny, 0x5a, sizeof tiny);
  pgo_synth_options_init_sized((pgo_synth_options *)(void *)tiny,
                               sizeof(size_t) - 1);
  for (size_t i = 0; i < sizeof tiny; i++)
    ck_assert_uint_eq(tiny[i], 0x5a);
}
END_TEST

/* Default options through NULL, through init, and through an explicit
 * struct give the same counts. */
START_TEST(null_equals_init) {
  pgo_cfg *cfg = loop_graph();
  double a[LOOP_N], b[LOOP_N];
  ck_assert_int_eq(run_opts(cfg, NULL, a, NULL, 0), PGO_OK);
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  ck_assert_int_eq(run_opts(cfg, &o, b, NULL, 0), PGO_OK);
  for (uint32_t i = 0; i < LOOP_N; i++)
    ck_assert_double_eq(a[i], b[i]);
  pgo_cfg_free(cfg);
}
END_TEST

/* Never initialised (struct_size 0) or smaller than the first version:
 * PGO_ERR_INVALID with a message naming struct_size, pfg untouched. */
START_TEST(size_too_small) {
  pgo_cfg *cfg = loop_graph();
  size_t sizes[] = {0, sizeof(size_t), PGO_SYNTH_OPTIONS_SIZE_V1 - 1};
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    pgo_synth_options o;
    pgo_synth_options_init(&o);
    o.struct_size = sizes[i];
    char msg[256];
    pgo_pfg *p = NULL;
    pgo_synth *s = NULL;
    ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &p), PGO_OK);
    ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
    ck_assert_int_eq(pgo_synth_run(s, cfg, &o, p), PGO_ERR_INVALID);
    snprintf(msg, sizeof msg, "%s", pgo_synth_errmsg(s));
    ck_assert_msg(strstr(msg, "struct_size") != NULL, "%s", msg);
    ck_assert_msg(strstr(msg, "pgo_synth_options_init") != NULL, "%s", msg);
    for (uint32_t b = 0; b < LOOP_N; b++)
      ck_assert_int_eq(pgo_pfg_block_prov(p, b), PGO_PROV_NONE);
    /* each entry point checks on its own */
    ck_assert_int_eq(pgo_synth_probabilities(s, cfg, &o, p), PGO_ERR_INVALID);
    ck_assert_int_eq(pgo_synth_frequencies(s, cfg, &o, p), PGO_ERR_INVALID);
    pgo_synth_free(s);
    pgo_pfg_free(p);
  }
  pgo_cfg_free(cfg);
}
END_TEST

/* A caller built against a newer header: its struct is bigger.  The bytes
 * beyond this library's sizeof are fields it does not know: zero (their
 * defaults, as the newer init would leave them when unset) is accepted
 * and gives the same results; anything else is refused rather than
 * ignored. */
typedef struct newer_options {
  pgo_synth_options cur;
  uint64_t future_a;
  uint32_t future_b;
} newer_options;

START_TEST(newer_header) {
  pgo_cfg *cfg = loop_graph();
  double want[LOOP_N], got[LOOP_N];
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  o.cp_cap = 0.9;
  ck_assert_int_eq(run_opts(cfg, &o, want, NULL, 0), PGO_OK);

  newer_options n;
  memset(&n, 0xa5, sizeof n);
  pgo_synth_options_init_sized(&n.cur, sizeof n);
  ck_assert_uint_eq(n.cur.struct_size, sizeof n);
  /* init cleared the tail it does not know (no stale 0xa5) */
  ck_assert_uint_eq(n.future_a, 0);
  ck_assert_uint_eq(n.future_b, 0);
  n.cur.cp_cap = 0.9;
  ck_assert_int_eq(run_opts(cfg, &n.cur, got, NULL, 0), PGO_OK);
  for (uint32_t i = 0; i < LOOP_N; i++)
    ck_assert_double_eq(want[i], got[i]);

  n.future_b = 1;
  char msg[256];
  ck_assert_int_eq(run_opts(cfg, &n.cur, NULL, msg, sizeof msg),
                   PGO_ERR_INVALID);
  ck_assert_msg(strstr(msg, "newer") != NULL, "%s", msg);
  pgo_cfg_free(cfg);
}
END_TEST

/* init writes nothing beyond the size it is given: a struct from an older
 * header (a prefix of the current one) placed before guard bytes. */
START_TEST(init_stays_in_caller_struct) {
  unsigned char buf[sizeof(pgo_synth_options) + 16];
  size_t sizes[] = {sizeof(size_t), PGO_SYNTH_OPTIONS_SIZE_V1,
                    sizeof(pgo_synth_options)};
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    memset(buf, 0x5a, sizeof buf);
    pgo_synth_options_init_sized((pgo_synth_options *)(void *)buf, sizes[i]);
    size_t got;
    memcpy(&got, buf, sizeof got);
    ck_assert_uint_eq(got, sizes[i]);
    for (size_t k = sizes[i]; k < sizeof buf; k++)
      ck_assert_uint_eq(buf[k], 0x5a);
  }
}
END_TEST

/* --- threads: one analysed cfg, one handle and one pfg per thread ------- */
enum { NTHREADS = 4, NROUNDS = 200 };

typedef struct job {
  pgo_cfg *cfg;
  double counts[LOOP_N];
  pgo_status st;
} job;

static void *worker(void *arg) {
  job *j = arg;
  pgo_synth *s = NULL;
  pgo_pfg *p = NULL;
  j->st = pgo_synth_new(NULL, &s);
  if (j->st == PGO_OK)
    j->st = pgo_pfg_new(NULL, j->cfg, &p);
  for (int r = 0; r < NROUNDS && j->st == PGO_OK; r++)
    j->st = pgo_synth_run(s, j->cfg, NULL, p);
  if (j->st == PGO_OK)
    for (uint32_t b = 0; b < LOOP_N; b++)
      j->counts[b] = pgo_pfg_block_count(p, b);
  pgo_pfg_free(p);
  pgo_synth_free(s);
  return NULL;
}

START_TEST(shared_analysed_cfg) {
  pgo_cfg *cfg = loop_graph(); /* tu_finish ran every analysis */
  ck_assert_uint_eq(pgo_cfg_valid_analyses(cfg), PGO_ANALYSIS_ALL);
  double want[LOOP_N];
  ck_assert_int_eq(run_opts(cfg, NULL, want, NULL, 0), PGO_OK);
  job jobs[NTHREADS];
  pthread_t th[NTHREADS];
  for (int i = 0; i < NTHREADS; i++) {
    jobs[i].cfg = cfg;
    ck_assert_int_eq(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
  }
  for (int i = 0; i < NTHREADS; i++) {
    ck_assert_int_eq(pthread_join(th[i], NULL), 0);
    ck_assert_int_eq(jobs[i].st, PGO_OK);
    for (uint32_t b = 0; b < LOOP_N; b++)
      ck_assert_double_eq(jobs[i].counts[b], want[b]);
  }
  ck_assert_uint_eq(pgo_cfg_valid_analyses(cfg), PGO_ANALYSIS_ALL);
  pgo_cfg_free(cfg);
}
END_TEST

/* Why the rule asks for an analysed cfg: on a finished graph without its
 * analyses a run computes them, i.e. writes the graph. */
START_TEST(unanalysed_cfg_is_written) {
  pgo_cfg *cfg = tu_graph(LOOP_N, loop_edges, LOOP_NE);
  ck_assert_int_eq(pgo_cfg_finish(cfg), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_valid_analyses(cfg) & PGO_ANALYSIS_LOOPS, 0);
  ck_assert_int_eq(run_opts(cfg, NULL, NULL, NULL, 0), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_valid_analyses(cfg), PGO_ANALYSIS_ALL);
  pgo_cfg_free(cfg);
}
END_TEST

int main(void) {
  Suite *su = suite_create("synth_options");
  TCase *tc = tcase_create("options");
  tcase_add_test(tc, init_sets_size_and_defaults);
  tcase_add_test(tc, null_equals_init);
  tcase_add_test(tc, size_too_small);
  tcase_add_test(tc, newer_header);
  tcase_add_test(tc, init_stays_in_caller_struct);
  suite_add_tcase(su, tc);
  TCase *tt = tcase_create("threads");
  tcase_add_test(tt, shared_analysed_cfg);
  tcase_add_test(tt, unanalysed_cfg_is_written);
  suite_add_tcase(su, tt);
  SRunner *sr = srunner_create(su);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
