/*
 * test_fault.c -- out-of-memory fault injection: an allocator that refuses
 * the Nth allocation, for every N until a run completes without a refusal,
 * over building, finishing and analysing a moderate graph (loops, nesting,
 * irreducible regions, labels, annotations), making a profiled graph, then
 * editing it (add_edge + finish, and every edit of edit.c: split, batch
 * split, redirect, remove edge, remove block, duplicate, set_term) while
 * the profile lives, syncing and verifying the profile, setting a
 * histogram, and re-analysing.  Every refusal must come back as
 * PGO_ERR_NOMEM with a message (on the graph, or on the profile for
 * profile calls), and
 *   - the failed call left the state exactly as it was: the snapshot of
 *     the graph (structure, attributes, generation, valid analyses and
 *     their results) and of the profile (every value, when it is in sync;
 *     its generation otherwise) taken before the call equals the one after
 *     it, and a finished graph still verifies (builder form and tables
 *     agree) -- asserted at every allocation point;
 *   - "abandon" mode: freeing everything right away leaks nothing;
 *   - "retry" mode: retrying the failed step with memory available succeeds
 *     and the final analyses and profile equal those of a run without
 *     failures.
 * The counting allocator also checks every size the library hands back.
 */
#include "edit_test_util.h"

#include <stdio.h>

#define NB 150

typedef struct ctx {
  test_alloc *ta;
  pgo_allocator a;
  pgo_cfg *g;
  pgo_pfg *p;
} ctx;

/* The moderate graph: a chain with nested back edges, forward skips and a
 * few two-entry cycles. */
static uint32_t edges[4 * NB][2];
static uint32_t nedges;
static void make_edges(void) {
  nedges = 0;
  for (uint32_t b = 0; b + 1 < NB; b++) {
    edges[nedges][0] = b;
    edges[nedges][1] = b + 1;
    nedges++;
    if (b % 5 == 4) { /* back edge (loop) */
      edges[nedges][0] = b;
      edges[nedges][1] = b - 3;
      nedges++;
    }
    if (b % 25 == 24) { /* outer loop */
      edges[nedges][0] = b;
      edges[nedges][1] = b - 20;
      nedges++;
    }
    if (b % 13 == 0 && b + 2 < NB) { /* skip into the middle of a cycle */
      edges[nedges][0] = b;
      edges[nedges][1] = b + 2;
      nedges++;
      edges[nedges][0] = b + 2;
      edges[nedges][1] = b + 1;
      nedges++;
    }
  }
}

/* Runs step k; returns its status.  Steps: 0 new, 1..NB blocks, then
 * labels, key, edges, annotation, finish, analyses, pfg, then the tail
 * below (edits while the profile lives). */
enum { S_NEW = 0, S_BLOCKS = 1 };
enum {
  T_ADD_EDGE, T_FINISH, T_ANALYZE, T_SYNC, T_HIST, T_MEASURED, T_SPLIT,
  T_SPLIT_BATCH, T_REDIRECT, T_REMOVE_EDGE, T_REMOVE_BLOCK, T_DUPLICATE,
  T_SET_TERM, T_SYNC2, T_VERIFY, T_REANALYZE, T_COUNT
};
static uint32_t pfg_step(void) { return 1 + NB + 3 + nedges + 2 + 4; }
static uint32_t nsteps(void) { return pfg_step() + 1 + T_COUNT; }

/* Which handle carries the message of step k: 0 the graph, 1 the
 * profile, 2 none (pgo_cfg_new, pgo_pfg_new). */
static int msg_handle(uint32_t k) {
  if (k == S_NEW || k == pfg_step())
    return 2;
  if (k > pfg_step()) {
    uint32_t t = k - pfg_step() - 1;
    if (t == T_SYNC || t == T_HIST || t == T_MEASURED || t == T_SYNC2 ||
        t == T_VERIFY)
      return 1;
  }
  return 0;
}

static pgo_status tail_step(ctx *c, uint32_t t) {
  pgo_cfg *g = c->g;
  switch (t) {
  case T_ADD_EDGE: /* the profile lives through every edit below */
    return pgo_cfg_add_edge(g, NB - 1, NB / 2);
  case T_FINISH:
    return pgo_cfg_finish(g);
  case T_ANALYZE:
    return pgo_cfg_analyze(g, PGO_ANALYSIS_ALL);
  case T_SYNC:
    return pgo_pfg_sync(c->p);
  case T_HIST: {
    const char *names[3] = {"callee_a", "callee_b", "a much longer callee name"};
    const double counts[3] = {5, 3, 1};
    return pgo_pfg_set_histogram(c->p, 8, names, counts, 3, 2,
                                 PGO_PROV_INSTRUMENTED);
  }
  case T_MEASURED:
    return pgo_pfg_set_edge_measured(c->p, pgo_cfg_edge_at(g, 3, 0), 40,
                                     PGO_PROV_INSTRUMENTED);
  case T_SPLIT:
    return pgo_cfg_split_edge(g, pgo_cfg_edge_at(g, 3, 0), NULL, NULL, NULL);
  case T_SPLIT_BATCH: {
    uint32_t e[3] = {pgo_cfg_edge_at(g, 10, 0), pgo_cfg_edge_at(g, 20, 0),
                     pgo_cfg_edge_at(g, 30, 0)};
    uint32_t out[3];
    return pgo_cfg_split_edges(g, e, 3, out);
  }
  case T_REDIRECT:
    return pgo_cfg_redirect_edge(g, pgo_cfg_edge_at(g, 40, 0), 45);
  case T_REMOVE_EDGE: /* block 4: annotated back edge, rescaled */
    return pgo_cfg_remove_edge(g, pgo_cfg_edge_at(g, 4, 1));
  case T_REMOVE_BLOCK:
    return pgo_cfg_remove_block(g, 60);
  case T_DUPLICATE:
    return pgo_cfg_duplicate_block(g, 70, NULL);
  case T_SET_TERM:
    return pgo_cfg_set_term(g, 80, PGO_TERM_INDIRECT);
  case T_SYNC2:
    return pgo_pfg_sync(c->p);
  case T_VERIFY:
    return pgo_pfg_verify(c->p);
  default:
    return pgo_cfg_analyze(g, PGO_ANALYSIS_ALL);
  }
}

/* Everything a failed step must leave as it was; reads without allocating
 * (the profile's values only when it is in sync, else its generation).
 * mask: the analyses valid before the step -- they must still be valid
 * with the same results (a failed pgo_cfg_analyze may leave some of the
 * prerequisites it computed valid: that is allowed and documented). */
static uint64_t state_snapshot(const ctx *c, unsigned mask) {
  pgo_hasher h;
  pgo_hasher_init(&h);
  if (c->g != NULL)
    pgo_hasher_u64(&h, graph_snapshot_masked(c->g, mask));
  if (c->p != NULL) {
    pgo_hasher_u64(&h, pgo_pfg_generation(c->p));
    if (pgo_pfg_generation(c->p) == pgo_cfg_generation(c->g))
      pgo_hasher_u64(&h, pfg_snapshot(c->p));
  }
  return pgo_hasher_final(&h);
}

static pgo_status step(ctx *c, uint32_t k) {
  if (k == S_NEW)
    return pgo_cfg_new(&c->a, &c->g);
  k -= 1;
  if (k < NB)
    return pgo_cfg_add_block(c->g, 4 * k, 4, NULL);
  k -= NB;
  if (k == 0)
    return pgo_cfg_set_label(c->g, 0, "entry");
  if (k == 1)
    return pgo_cfg_set_label(c->g, 7, "a label long enough to be real");
  if (k == 2)
    return pgo_cfg_set_key(c->g, "moderate_function", 42, 4 * NB);
  k -= 3;
  if (k < nedges)
    return pgo_cfg_add_edge(c->g, edges[k][0], edges[k][1]);
  k -= nedges;
  if (k == 0) {
    const double pr[2] = {0.9, 0.1};
    return pgo_cfg_set_annotation(c->g, 4, pr, 2);
  }
  if (k == 1)
    return pgo_cfg_finish(c->g);
  k -= 2;
  static const unsigned order[4] = {PGO_ANALYSIS_RPO, PGO_ANALYSIS_PDOM,
                                    PGO_ANALYSIS_DOM, PGO_ANALYSIS_LOOPS};
  if (k < 4)
    return pgo_cfg_analyze(c->g, order[k]);
  k -= 4;
  if (k == 0)
    return pgo_pfg_new(&c->a, c->g, &c->p);
  return tail_step(c, k - 1);
}

/* A digest of every analysis result. */
static uint64_t digest(const pgo_cfg *g) {
  pgo_hasher h;
  pgo_hasher_init(&h);
  uint32_t n = pgo_cfg_nblocks(g), k;
  pgo_hasher_u32(&h, n);
  pgo_hasher_u32(&h, pgo_cfg_nedges(g));
  pgo_hasher_u32(&h, pgo_cfg_valid_analyses(g));
  const uint32_t *rpo = pgo_cfg_rpo(g, &k);
  for (uint32_t i = 0; i < k; i++)
    pgo_hasher_u32(&h, rpo[i]);
  for (uint32_t b = 0; b < n; b++) {
    pgo_hasher_u32(&h, pgo_cfg_idom(g, b));
    pgo_hasher_u32(&h, pgo_cfg_ipdom(g, b));
    pgo_hasher_u32(&h, pgo_cfg_block_loop(g, b));
    pgo_hasher_u32(&h, pgo_cfg_block_irreducible(g, b));
    pgo_hasher_u32(&h, pgo_cfg_il_offset(g, b));
    pgo_hasher_str(&h, pgo_cfg_label(g, b));
  }
  for (uint32_t l = 0; l < pgo_cfg_nloops(g); l++) {
    pgo_hasher_u32(&h, pgo_cfg_loop_header(g, l));
    pgo_hasher_u32(&h, pgo_cfg_loop_parent(g, l));
    const uint32_t *x = pgo_cfg_loop_exits(g, l, &k);
    for (uint32_t i = 0; i < k; i++)
      pgo_hasher_u32(&h, x[i]);
    x = pgo_cfg_loop_back_edges(g, l, &k);
    for (uint32_t i = 0; i < k; i++)
      pgo_hasher_u32(&h, x[i]);
  }
  for (uint32_t r = 0; r < pgo_cfg_nirreducible(g); r++) {
    const uint32_t *x = pgo_cfg_irreducible_entries(g, r, &k);
    for (uint32_t i = 0; i < k; i++)
      pgo_hasher_u32(&h, x[i]);
  }
  const double *an = pgo_cfg_annotation(g, 4);
  pgo_hasher_u64(&h, an ? (uint64_t)(an[0] * 1e6) : 0);
  pgo_hasher_str(&h, pgo_cfg_key(g).name);
  pgo_hasher_u64(&h, graph_snapshot(g));
  return pgo_hasher_final(&h);
}

static void cleanup(ctx *c) {
  pgo_pfg_free(c->p);
  pgo_cfg_free(c->g);
  c->p = NULL;
  c->g = NULL;
}

static long checked_points; /* failures whose state was compared */

/* One run with the allocation numbered fail_at refused.  Returns whether a
 * refusal happened. */
static int run(long fail_at, int retry, uint64_t want_digest,
               uint64_t *got_digest) {
  test_alloc ta;
  ctx c = {&ta, test_allocator(&ta), NULL, NULL};
  ta.fail_at = fail_at;
  uint32_t total = nsteps();
  for (uint32_t k = 0; k < total; k++) {
    unsigned mask = c.g ? pgo_cfg_valid_analyses(c.g) : 0;
    uint64_t before = ta.failed ? 0 : state_snapshot(&c, mask);
    pgo_status s = step(&c, k);
    if (s == PGO_OK)
      continue;
    ck_assert_msg(s == PGO_ERR_NOMEM, "step %u: status %s (%s)", k,
                  pgo_status_name(s), c.g ? pgo_cfg_errmsg(c.g) : "");
    ck_assert(ta.failed);
    /* pgo_cfg_new and pgo_pfg_new have no handle to carry a message; the
     * other steps record one on the graph or on the profile. */
    int mh = msg_handle(k);
    const char *msg = mh == 0 ? pgo_cfg_errmsg(c.g)
                      : mh == 1 ? pgo_pfg_errmsg(c.p) : "out of memory";
    ck_assert_msg(strstr(msg, "out of memory") != NULL,
                  "step %u: message '%s'", k, msg);
    /* The failed call changed nothing. */
    if (k == pfg_step())
      ck_assert_ptr_null(c.p);
    ck_assert_msg(state_snapshot(&c, mask) == before,
                  "fail_at %ld, step %u: state changed by a failed call",
                  fail_at, k);
    /* ... and the graph still verifies (which also checks that its
     * builder form and its tables agree). */
    if (c.g != NULL && pgo_cfg_is_finished(c.g))
      ck_assert_msg(pgo_cfg_verify(c.g) == PGO_OK,
                    "fail_at %ld, step %u: verify after a failed call: %s",
                    fail_at, k, pgo_cfg_errmsg(c.g));
    checked_points++;
    if (!retry) {
      cleanup(&c);
      ck_assert_msg(ta.live_blocks == 0, "fail_at %ld: %ld blocks leaked",
                    fail_at, ta.live_blocks);
      ck_assert_int_eq(ta.size_errors, 0);
      return 1;
    }
    ta.fail_at = -1;
    s = step(&c, k);
    ck_assert_msg(s == PGO_OK, "step %u retry: %s (%s)", k, pgo_status_name(s),
                  c.g ? pgo_cfg_errmsg(c.g) : "");
  }
  pgo_hasher dh;
  pgo_hasher_init(&dh);
  pgo_hasher_u64(&dh, digest(c.g));
  pgo_hasher_u64(&dh, pfg_snapshot(c.p));
  *got_digest = pgo_hasher_final(&dh);
  if (retry && want_digest != 0)
    ck_assert_msg(*got_digest == want_digest,
                  "fail_at %ld: results differ after a retried failure",
                  fail_at);
  cleanup(&c);
  ck_assert_msg(ta.live_blocks == 0, "fail_at %ld: %ld blocks leaked", fail_at,
                ta.live_blocks);
  ck_assert_int_eq(ta.live_bytes, 0);
  ck_assert_int_eq(ta.size_errors, 0);
  return ta.failed;
}

static uint64_t reference_digest(void) {
  uint64_t d = 0;
  make_edges();
  ck_assert_int_eq(run(-1, 0, 0, &d), 0);
  return d;
}

START_TEST(reference_graph_is_interesting) {
  make_edges();
  pgo_cfg *g = build_graph(NULL, NB, (const uint32_t(*)[2])edges, nedges);
  ck_assert_uint_ge(pgo_cfg_nloops(g), 10);
  ck_assert_uint_ge(pgo_cfg_nirreducible(g), 3);
  uint32_t maxdepth = 0;
  for (uint32_t l = 0; l < pgo_cfg_nloops(g); l++)
    if (pgo_cfg_loop_depth(g, l) > maxdepth)
      maxdepth = pgo_cfg_loop_depth(g, l);
  ck_assert_uint_ge(maxdepth, 2);
  pgo_cfg_free(g);
}
END_TEST

static void every_n(int retry) {
  checked_points = 0;
  uint64_t want = reference_digest(), got = 0;
  long n = 0;
  while (run(n, retry, want, &got))
    n++;
  ck_assert_int_ge(n, 30); /* there really were that many allocations */
  ck_assert_uint_eq(got, want);
  printf("fault injection (%s): %ld allocation points, each refused once; "
         "state unchanged after each of %ld failures\n",
         retry ? "retry" : "abandon", n, checked_points);
  ck_assert_int_eq(checked_points, n);
}

START_TEST(fail_every_allocation_abandon) { every_n(0); }
END_TEST

START_TEST(fail_every_allocation_retry) { every_n(1); }
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("core_fault");
  TCase *tc = tcase_create("fault");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, reference_graph_is_interesting);
  tcase_add_test(tc, fail_every_allocation_abandon);
  tcase_add_test(tc, fail_every_allocation_retry);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite())
