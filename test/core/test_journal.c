/*
 * test_journal.c -- the edit journal (lib/core/journal.c) and its replay
 * by pgo_pfg_sync (lib/core/pfg_sync.c):
 *   - the reviewed defect: split an edge, then remove a block; the split
 *     block's count is the same (90) whether the profile synced in between
 *     or once at the end;
 *   - builder growth (add_block, add_edge twice) is order-sensitive too:
 *     same values either way;
 *   - bookkeeping: nothing is journaled without a profile; one entry per
 *     change that moves values (none for redirect / set_term); trimmed to
 *     the oldest live profile, empty once every profile synced or was
 *     freed; a profile freed after its graph does not touch the graph;
 *   - out of memory, every N: each allocation of a fixed edit sequence run
 *     with two live profiles (journal appends in the edits, a replay of
 *     one entry after each, a replay of all of them at the end) is refused
 *     in turn.  A refused edit leaves graph, journal and in-sync profile
 *     exactly as they were; a refused sync leaves the profile's generation;
 *     "abandon" frees at once and leaks nothing; "retry" retries and ends
 *     with the values of a run without failures, both profiles equal.
 */
#include "edit_test_util.h"

#include <stdio.h>

/* A(0) -> B(1) | C(2); B, C -> D(3). */
static const uint32_t diamond[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};

static void diamond_profile(pgo_pfg *p, const pgo_cfg *g) {
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 0, 100, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, succ_edge(g, 0, 0), 0.9,
                                         PGO_PROV_SAMPLED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_prob(p, succ_edge(g, 0, 1), 0.1,
                                         PGO_PROV_SAMPLED),
                   PGO_OK);
}

START_TEST(split_then_remove_same_either_way) {
  pgo_cfg *g = BUILD(g, 4, diamond);
  pgo_pfg *each, *end;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &each), PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &end), PGO_OK);
  diamond_profile(each, g);
  diamond_profile(end, g);
  uint32_t n;
  ck_assert_int_eq(pgo_cfg_split_edge(g, succ_edge(g, 0, 0), &n, NULL, NULL),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_sync(each), PGO_OK);
  ck_assert(pgo_pfg_block_count(each, n) == 90.0);
  /* docs/keys.md: an edit's block has no IL offset and no key */
  ck_assert_uint_eq(pgo_cfg_il_offset(g, n), PGO_NONE);
  ck_assert_uint_eq(pgo_cfg_block_at(g, PGO_NONE), PGO_NONE);
  ck_assert_int_eq(pgo_cfg_remove_block(g, 2), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_journal_entries(g), 2); /* `end` lags */
  ck_assert_int_eq(pgo_pfg_sync(each), PGO_OK);
  ck_assert_int_eq(pgo_pfg_sync(end), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_journal_entries(g), 0);
  for (int k = 0; k < 2; k++) {
    pgo_pfg *p = k ? end : each;
    /* the count of A -> B at split time, not N_A * e after the removal */
    ck_assert(pgo_pfg_block_count(p, n) == 90.0);
    ck_assert_int_eq(pgo_pfg_block_prov(p, n), PGO_PROV_INSTRUMENTED);
    /* A's only successor is rescaled to 1, marked repaired */
    uint32_t e = succ_edge(g, 0, 0);
    ck_assert_uint_eq(pgo_cfg_edge_dst(g, e), n);
    ck_assert(pgo_pfg_edge_prob(p, e) == 1.0);
    ck_assert_int_eq(pgo_pfg_edge_prov(p, e), PGO_PROV_REPAIRED);
    ck_assert_int_eq(pgo_pfg_verify(p), PGO_OK);
  }
  pgo_pfg_free(each);
  pgo_pfg_free(end);
  pgo_cfg_free(g);
}
END_TEST

/* A new block gets two edges one at a time: a profile that looks after the
 * first sees it alone (uniform 1), the second comes with 0.  Synced once at
 * the end the result must be the same, not uniform over both. */
START_TEST(added_edges_same_either_way) {
  static const uint32_t e[][2] = {{0, 1}};
  pgo_cfg *g = BUILD(g, 2, e);
  pgo_pfg *each, *end;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &each), PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &end), PGO_OK);
  uint32_t x;
  ck_assert_int_eq(pgo_cfg_add_block(g, PGO_NONE, 1, &x), PGO_OK);
  ck_assert_int_eq(pgo_pfg_sync(each), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, x, 1), PGO_OK);
  ck_assert_int_eq(pgo_pfg_sync(each), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, x, 1), PGO_OK);
  ck_assert_int_eq(pgo_pfg_sync(each), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 0, x), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, x, PGO_TERM_BRANCH), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, 0, PGO_TERM_BRANCH), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_journal_entries(g), 4);
  for (int k = 0; k < 2; k++) {
    pgo_pfg *p = k ? end : each;
    ck_assert(pgo_pfg_edge_prob(p, pgo_cfg_edge_at(g, x, 0)) == 1.0);
    ck_assert(pgo_pfg_edge_prob(p, pgo_cfg_edge_at(g, x, 1)) == 0.0);
    ck_assert(pgo_pfg_edge_prob(p, pgo_cfg_edge_at(g, 0, 0)) == 1.0);
    ck_assert(pgo_pfg_edge_prob(p, pgo_cfg_edge_at(g, 0, 1)) == 0.0);
    ck_assert_int_eq(pgo_pfg_verify(p), PGO_OK);
  }
  ck_assert_uint_eq(pgo_cfg_journal_entries(g), 0);
  pgo_pfg_free(each);
  pgo_pfg_free(end);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(journal_bookkeeping) {
  test_alloc ta;
  pgo_allocator a = test_allocator(&ta);
  pgo_cfg *g = build_graph(&a, 4, diamond, 4);
  ck_assert_uint_eq(pgo_cfg_journal_entries(NULL), 0);
  /* no profile: nothing recorded */
  ck_assert_int_eq(pgo_cfg_split_edge(g, 0, NULL, NULL, NULL), PGO_OK);
  ck_assert_int_eq(pgo_cfg_duplicate_block(g, 1, NULL), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_journal_entries(g), 0);
  pgo_pfg *p, *q;
  ck_assert_int_eq(pgo_pfg_new(&a, g, &p), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_journal_entries(g), 0);
  ck_assert_int_eq(pgo_cfg_split_edge(g, 0, NULL, NULL, NULL), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_journal_entries(g), 1);
  /* redirect and set_term move no value: new generation, no entry */
  uint64_t gen = pgo_cfg_generation(g);
  ck_assert_int_eq(pgo_cfg_redirect_edge(g, 1, 3), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, 3, PGO_TERM_THROW), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_generation(g), gen + 2);
  ck_assert_uint_eq(pgo_cfg_journal_entries(g), 1);
  ck_assert_int_eq(pgo_cfg_remove_edge(g, 1), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_journal_entries(g), 2);
  (void)pgo_pfg_entry_count(p); /* a lazy sync trims too */
  ck_assert_uint_eq(pgo_cfg_journal_entries(g), 0);
  /* two profiles: kept back to the older one */
  ck_assert_int_eq(pgo_pfg_new(&a, g, &q), PGO_OK);
  for (int i = 0; i < 50; i++) {
    uint32_t b;
    ck_assert_int_eq(pgo_cfg_split_edge(g, 0, &b, NULL, NULL), PGO_OK);
    if (i % 10 == 0)
      ck_assert_int_eq(pgo_pfg_sync(p), PGO_OK);
    ck_assert_int_eq(pgo_cfg_remove_edge(g, pgo_cfg_nedges(g) - 1), PGO_OK);
    ck_assert_uint_eq(pgo_cfg_journal_entries(g), 2 * (uint32_t)i + 2);
  }
  ck_assert_int_eq(pgo_pfg_sync(p), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_journal_entries(g), 100); /* q lags */
  pgo_pfg_free(q);
  ck_assert_uint_eq(pgo_cfg_journal_entries(g), 0);
  ck_assert_int_eq(pgo_pfg_verify(p), PGO_OK);
  /* a failed edit journals nothing */
  ck_assert_int_eq(pgo_cfg_remove_edge(g, 9999), PGO_ERR_INVALID);
  ck_assert_uint_eq(pgo_cfg_journal_entries(g), 0);
  /* the graph freed first: the profile is detached, its free touches
   * nothing of the graph (ASan would see it) */
  pgo_cfg_free(g);
  pgo_pfg_free(p);
  ck_assert_int_eq(ta.live_blocks, 0);
  ck_assert_int_eq(ta.size_errors, 0);
}
END_TEST

/* --- out of memory, every N --------------------------------------------- */

typedef struct fctx {
  test_alloc ta;
  pgo_allocator a;
  pgo_cfg *g;
  pgo_pfg *each, *lag;
} fctx;

/* Graph: chain 0..9 with back edges and skips; profile on both pfgs. */
static void fsetup(fctx *c) {
  static uint32_t e[32][2];
  uint32_t m = 0;
  for (uint32_t b = 0; b + 1 < 10; b++) {
    e[m][0] = b, e[m][1] = b + 1, m++;
    if (b % 3 == 2)
      e[m][0] = b, e[m][1] = b - 2, m++;
    if (b % 4 == 0 && b + 3 < 10)
      e[m][0] = b, e[m][1] = b + 3, m++;
  }
  c->a = test_allocator(&c->ta);
  c->g = build_graph(&c->a, 10, (const uint32_t(*)[2])e, m);
  ck_assert_int_eq(pgo_pfg_new(&c->a, c->g, &c->each), PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(&c->a, c->g, &c->lag), PGO_OK);
  for (int k = 0; k < 2; k++) {
    pgo_pfg *p = k ? c->lag : c->each;
    for (uint32_t b = 0; b < 10; b++) {
      ck_assert_int_eq(pgo_pfg_set_block_count(p, b, 10.0 * (b + 1),
                                               PGO_PROV_INSTRUMENTED),
                       PGO_OK);
      uint32_t ns = pgo_cfg_nsucc(c->g, b);
      for (uint32_t i = 0; i < ns; i++) {
        uint32_t ed = pgo_cfg_edge_at(c->g, b, i);
        double pr = ns == 1 ? 1.0 : i == 0 ? 0.75 : 0.25 / (ns - 1);
        ck_assert_int_eq(pgo_pfg_set_edge_prob(p, ed, pr, PGO_PROV_SAMPLED),
                         PGO_OK);
        if ((b + i) % 3 == 0)
          ck_assert_int_eq(pgo_pfg_set_edge_measured(p, ed, 7.0 * b,
                                                     PGO_PROV_INSTRUMENTED),
                           PGO_OK);
        if ((b + i) % 4 == 1)
          ck_assert_int_eq(pgo_pfg_set_edge_held(p, ed, true), PGO_OK);
      }
    }
  }
}

enum { F_NOPS = 13 };

/* Edit k of the fixed sequence. */
static pgo_status fop(fctx *c, int k) {
  pgo_cfg *g = c->g;
  uint32_t b, es[2];
  switch (k) {
  case 0:
    return pgo_cfg_split_edge(g, pgo_cfg_edge_at(g, 2, 0), NULL, NULL, NULL);
  case 1:
    es[0] = pgo_cfg_edge_at(g, 0, 1);
    es[1] = pgo_cfg_edge_at(g, 5, 0);
    return pgo_cfg_split_edges(g, es, 2, NULL);
  case 2:
    return pgo_cfg_duplicate_block(g, 4, NULL);
  case 3:
    return pgo_cfg_remove_edge(g, pgo_cfg_edge_at(g, 4, 1));
  case 4:
    return pgo_cfg_remove_block(g, 3);
  case 5:
    return pgo_cfg_redirect_edge(g, pgo_cfg_edge_at(g, 13, 0), 6);
  case 6:
    return pgo_cfg_add_block(g, PGO_NONE, 2, &b);
  case 7:
    return pgo_cfg_add_edge(g, pgo_cfg_nblocks(g) - 1, 7);
  case 8:
    return pgo_cfg_add_edge(g, pgo_cfg_nblocks(g) - 1, 8);
  case 9:
    return pgo_cfg_set_term(g, pgo_cfg_nblocks(g) - 1, PGO_TERM_BRANCH);
  case 10:
    return pgo_cfg_finish(g);
  case 11:
    return pgo_cfg_remove_block(g, 8);
  default:
    return pgo_cfg_split_edge(g, pgo_cfg_edge_at(g, 0, 0), NULL, NULL, NULL);
  }
}

static void ffree(fctx *c) {
  pgo_pfg_free(c->each);
  pgo_pfg_free(c->lag);
  pgo_cfg_free(c->g);
  ck_assert_int_eq(c->ta.live_blocks, 0);
  ck_assert_int_eq(c->ta.size_errors, 0);
}

static long fchecked;

/* Runs the sequence refusing allocation number fail_at of the edit phase
 * (-1: none).  Returns 1 when a refusal happened.  *digest gets the final
 * values (retry mode). */
static int frun(long fail_at, int retry, uint64_t *digest) {
  fctx c;
  fsetup(&c);
  if (fail_at >= 0)
    c.ta.fail_at = c.ta.nallocs + fail_at;
  for (int k = 0; k < F_NOPS; k++) {
    uint64_t gs = graph_snapshot(c.g), ps = pfg_snapshot(c.each);
    uint32_t nj = pgo_cfg_journal_entries(c.g);
    uint64_t lg = pgo_pfg_generation(c.lag);
    pgo_status s = fop(&c, k);
    if (s == PGO_ERR_NOMEM) {
      ck_assert(c.ta.failed);
      ck_assert_str_ne(pgo_cfg_errmsg(c.g), "");
      ck_assert_msg(graph_snapshot(c.g) == gs, "op %d changed the graph", k);
      ck_assert_uint_eq(pgo_cfg_journal_entries(c.g), nj);
      ck_assert_uint_eq(pgo_pfg_generation(c.lag), lg);
      ck_assert(pfg_snapshot(c.each) == ps);
      fchecked++;
      if (!retry) {
        ffree(&c);
        return 1;
      }
      s = fop(&c, k);
    }
    ck_assert_msg(s == PGO_OK, "op %d: %s", k, pgo_cfg_errmsg(c.g));
    uint64_t eg = pgo_pfg_generation(c.each);
    s = pgo_pfg_sync(c.each);
    if (s == PGO_ERR_NOMEM) {
      ck_assert_uint_eq(pgo_pfg_generation(c.each), eg);
      ck_assert_str_ne(pgo_pfg_errmsg(c.each), "");
      fchecked++;
      if (!retry) {
        ffree(&c);
        return 1;
      }
      s = pgo_pfg_sync(c.each);
    }
    ck_assert_int_eq(s, PGO_OK);
  }
  uint64_t lg = pgo_pfg_generation(c.lag);
  pgo_status s = pgo_pfg_sync(c.lag); /* replays the whole sequence */
  if (s == PGO_ERR_NOMEM) {
    ck_assert_uint_eq(pgo_pfg_generation(c.lag), lg);
    ck_assert_uint_gt(pgo_cfg_journal_entries(c.g), 5);
    fchecked++;
    if (!retry) {
      ffree(&c);
      return 1;
    }
    s = pgo_pfg_sync(c.lag);
  }
  ck_assert_int_eq(s, PGO_OK);
  c.ta.fail_at = -1; /* the checks below are not under test */
  ck_assert_int_eq(pgo_pfg_verify(c.each), PGO_OK);
  ck_assert_int_eq(pgo_pfg_verify(c.lag), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_journal_entries(c.g), 0);
  uint64_t d = pfg_snapshot(c.each);
  ck_assert_msg(pfg_snapshot(c.lag) == d, "profiles differ");
  if (digest)
    *digest = d;
  int failed = c.ta.failed;
  ffree(&c);
  return failed;
}

static void fevery(int retry) {
  uint64_t want, got;
  ck_assert_int_eq(frun(-1, 1, &want), 0);
  fchecked = 0;
  long n = 0;
  while (frun(n, retry, &got)) {
    if (retry)
      ck_assert_msg(got == want, "refusal %ld: final values differ", n);
    n++;
    ck_assert_int_lt(n, 100000);
  }
  printf("journal fault (%s): %ld allocations refused, %ld checked\n",
         retry ? "retry" : "abandon", n, fchecked);
  ck_assert_int_ge(n, 30);
  ck_assert_int_eq(fchecked, n);
}

START_TEST(fault_every_allocation_abandon) { fevery(0); }
END_TEST
START_TEST(fault_every_allocation_retry) { fevery(1); }
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("core_journal");
  TCase *tc = tcase_create("journal");
  tcase_add_test(tc, split_then_remove_same_either_way);
  tcase_add_test(tc, added_edges_same_either_way);
  tcase_add_test(tc, journal_bookkeeping);
  tcase_add_test(tc, fault_every_allocation_abandon);
  tcase_add_test(tc, fault_every_allocation_retry);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite())
