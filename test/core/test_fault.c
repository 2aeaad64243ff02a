/*
 * test_fault.c -- out-of-memory fault injection: an allocator that refuses
 * the Nth allocation, for every N until a run completes without a refusal,
 * over building, finishing and analysing a moderate graph (loops, nesting,
 * irreducible regions, labels, annotations), making a profiled graph, then
 * editing and re-analysing.  Every refusal must come back as PGO_ERR_NOMEM
 * with a message, and
 *   - "abandon" mode: freeing everything right away leaks nothing;
 *   - "retry" mode: retrying the failed step with memory available succeeds
 *     and the final analyses equal those of a run without failures (so a
 *     failed call leaves the graph as it was).
 * The counting allocator also checks every size the library hands back.
 */
#include "core_test_util.h"

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
 * labels, key, edges, annotation, finish, analyses, pfg, edit, re-finish,
 * re-analyse. */
enum { S_NEW = 0, S_BLOCKS = 1 };
static uint32_t nsteps(void) { return 1 + NB + 3 + nedges + 1 + 1 + 4 + 1 + 3; }

static uint32_t pfg_step(void) { return 1 + NB + 3 + nedges + 2 + 4; }

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
  k -= 1;
  if (k == 0) {
    /* Editing invalidates: drop the profiled graph first (it borrows). */
    pgo_pfg_free(c->p);
    c->p = NULL;
    return pgo_cfg_add_edge(c->g, NB - 1, NB / 2);
  }
  if (k == 1)
    return pgo_cfg_finish(c->g);
  return pgo_cfg_analyze(c->g, PGO_ANALYSIS_ALL);
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
  return pgo_hasher_final(&h);
}

static void cleanup(ctx *c) {
  pgo_pfg_free(c->p);
  pgo_cfg_free(c->g);
  c->p = NULL;
  c->g = NULL;
}

/* One run with the allocation numbered fail_at refused.  Returns whether a
 * refusal happened. */
static int run(long fail_at, int retry, uint64_t want_digest,
               uint64_t *got_digest) {
  test_alloc ta;
  ctx c = {&ta, test_allocator(&ta), NULL, NULL};
  ta.fail_at = fail_at;
  uint32_t total = nsteps();
  for (uint32_t k = 0; k < total; k++) {
    pgo_status s = step(&c, k);
    if (s == PGO_OK)
      continue;
    ck_assert_msg(s == PGO_ERR_NOMEM, "step %u: status %s (%s)", k,
                  pgo_status_name(s), c.g ? pgo_cfg_errmsg(c.g) : "");
    ck_assert(ta.failed);
    /* pgo_pfg_new has no handle to carry a message; every other step
     * records one on the graph. */
    if (c.g != NULL && k != S_NEW && k != pfg_step())
      ck_assert_msg(strstr(pgo_cfg_errmsg(c.g), "out of memory") != NULL,
                    "step %u: message '%s'", k, pgo_cfg_errmsg(c.g));
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
  *got_digest = digest(c.g);
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
  uint64_t want = reference_digest(), got = 0;
  long n = 0;
  while (run(n, retry, want, &got))
    n++;
  ck_assert_int_ge(n, 30); /* there really were that many allocations */
  ck_assert_uint_eq(got, want);
  printf("fault injection (%s): %ld allocation points, each refused once\n",
         retry ? "retry" : "abandon", n);
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
