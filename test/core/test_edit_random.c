/*
 * test_edit_random.c -- property test of the graph edits: 400 seeded
 * random graphs (the generator of test_random.c) with a random measured
 * profile (counts, probabilities, measured edge counts, held flags,
 * histograms), each put through a random sequence of 12 edits (split, batch
 * split, redirect, remove edge, remove block, duplicate, set_term,
 * set_entry).  After every edit:
 *   - pgo_cfg_verify and pgo_pfg_verify pass (the profile synced either
 *     explicitly or lazily by its first query);
 *   - every analysis equals that of the same graph rebuilt from scratch
 *     (either after pgo_cfg_analyze or through on-demand recomputation);
 *   - every block that existed before keeps its count, or reads 0 / NONE
 *     when it was removed; split and duplicate make the values core.h
 *     promises.
 * The counting allocator checks sizes and leaks.  The suite counts each
 * kind of edit and fails if one was not exercised enough.
 *
 * sync_time_does_not_matter: three profiles on one graph, synced after
 * every edit, once at the end, and at random points, end bit-for-bit equal
 * (the edit journal, docs/core.md).
 */
#include "edit_test_util.h"
#include "random_graph.h"

#include <stdio.h>

enum { OP_SPLIT, OP_BATCH, OP_REDIRECT, OP_REMOVE_EDGE, OP_REMOVE_BLOCK,
       OP_DUPLICATE, OP_SET_TERM, OP_SET_ENTRY, OP_COUNT };
static const char *const op_name[OP_COUNT] = {
    "split", "batch split", "redirect", "remove edge", "remove block",
    "duplicate", "set_term", "set_entry"};

static pgo_term term_for(uint32_t nsucc) {
  return nsucc == 0 ? PGO_TERM_RETURN
         : nsucc == 1 ? PGO_TERM_JUMP
         : nsucc == 2 ? (rnd(4) == 0 ? PGO_TERM_INVOKE : PGO_TERM_BRANCH)
                      : PGO_TERM_SWITCH;
}

/* A terminator valid for nsucc successors, chosen at random. */
static pgo_term random_term(uint32_t nsucc) {
  static const pgo_term t0[] = {PGO_TERM_RETURN, PGO_TERM_THROW,
                                PGO_TERM_UNREACHABLE, PGO_TERM_NONE};
  static const pgo_term t1[] = {PGO_TERM_JUMP, PGO_TERM_SWITCH, PGO_TERM_NONE,
                                PGO_TERM_INDIRECT};
  static const pgo_term t2[] = {PGO_TERM_BRANCH, PGO_TERM_INVOKE,
                                PGO_TERM_SWITCH, PGO_TERM_NONE,
                                PGO_TERM_INDIRECT};
  static const pgo_term tn[] = {PGO_TERM_SWITCH, PGO_TERM_NONE,
                                PGO_TERM_INDIRECT};
  if (nsucc == 0)
    return t0[rnd(4)];
  if (nsucc == 1)
    return t1[rnd(4)];
  if (nsucc == 2)
    return t2[rnd(5)];
  return tn[rnd(3)];
}

static pgo_cfg *build(const rgraph *r, const pgo_allocator *a) {
  pgo_cfg *g;
  ck_assert_int_eq(pgo_cfg_new(a, &g), PGO_OK);
  for (uint32_t b = 0; b < r->n; b++)
    ck_assert_int_eq(pgo_cfg_add_block(g, 3 * b, 3, NULL), PGO_OK);
  for (uint32_t k = 0; k < r->m; k++)
    ck_assert_int_eq(pgo_cfg_add_edge(g, r->src[k], r->dst[k]), PGO_OK);
  for (uint32_t b = 0; b < r->n; b++) {
    uint32_t ns = pgo_cfg_nsucc(g, b);
    ck_assert_int_eq(pgo_cfg_set_term(g, b, term_for(ns)), PGO_OK);
    if (ns >= 2 && rnd(3) == 0) {
      double an[MAXE];
      double sum = 0;
      for (uint32_t i = 0; i < ns; i++)
        sum += (an[i] = (double)rnd(5));
      if (sum == 0)
        an[0] = sum = 1;
      for (uint32_t i = 0; i < ns; i++)
        an[i] /= sum;
      ck_assert_int_eq(pgo_cfg_set_annotation(g, b, an, ns), PGO_OK);
    }
  }
  ck_assert_int_eq(pgo_cfg_set_entry(g, r->entry), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_msg(pgo_cfg_verify(g) == PGO_OK, "%s", pgo_cfg_errmsg(g));
  return g;
}

static void random_profile(pgo_pfg *p, const pgo_cfg *g) {
  uint32_t n = pgo_cfg_nblocks(g);
  for (uint32_t b = 0; b < n; b++) {
    if (rnd(5) != 0)
      ck_assert_int_eq(pgo_pfg_set_block_count(p, b, (double)rnd(1000),
                                               PGO_PROV_INSTRUMENTED),
                       PGO_OK);
    if (rnd(5) == 0)
      ck_assert_int_eq(pgo_pfg_set_block_held(p, b, true), PGO_OK);
    uint32_t ns = pgo_cfg_nsucc(g, b);
    double w[MAXE], sum = 0;
    for (uint32_t k = 0; k < ns; k++)
      sum += (w[k] = (double)(1 + rnd(10)));
    for (uint32_t k = 0; k < ns; k++) {
      uint32_t e = pgo_cfg_edge_at(g, b, k);
      ck_assert_int_eq(pgo_pfg_set_edge_prob(p, e, w[k] / sum,
                                             PGO_PROV_SAMPLED),
                       PGO_OK);
      if (rnd(3) == 0)
        ck_assert_int_eq(pgo_pfg_set_edge_measured(p, e, (double)rnd(500),
                                                   PGO_PROV_INSTRUMENTED),
                         PGO_OK);
      if (rnd(4) == 0)
        ck_assert_int_eq(pgo_pfg_set_edge_held(p, e, true), PGO_OK);
    }
  }
  const char *names[2] = {"f", "g"};
  const double c[2] = {3, 4};
  ck_assert_int_eq(pgo_pfg_set_histogram(p, 3 * rnd(n), names, c, 2, 1,
                                         PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  ck_assert_msg(pgo_pfg_verify(p) == PGO_OK, "%s", pgo_pfg_errmsg(p));
}

static uint32_t random_live_block(const pgo_cfg *g) {
  uint32_t n = pgo_cfg_nblocks(g);
  for (;;) {
    uint32_t b = rnd(n);
    if (!pgo_cfg_block_removed(g, b))
      return b;
  }
}

/* Applies one random edit; returns the op done. */
static int random_edit(pgo_cfg *g, const pgo_pfg *p) {
  uint32_t ne = pgo_cfg_nedges(g), nb = pgo_cfg_nblocks(g);
  int op = (int)rnd(OP_COUNT);
  if (ne == 0 && op <= OP_REMOVE_EDGE)
    op = OP_DUPLICATE;
  if (op == OP_REMOVE_BLOCK) {
    uint32_t others = 0;
    for (uint32_t b = 0; b < nb; b++)
      others += !pgo_cfg_block_removed(g, b) && b != pgo_cfg_entry(g);
    if (others == 0)
      op = OP_DUPLICATE;
  }
  pgo_status s = PGO_OK;
  switch (op) {
  case OP_SPLIT: {
    uint32_t e = rnd(ne), b, in, out;
    uint32_t src = pgo_cfg_edge_src(g, e), dst = pgo_cfg_edge_dst(g, e);
    double pr = pgo_pfg_edge_prob(p, e);
    double m = pgo_pfg_edge_measured(p, e);
    double expect = !isnan(m) ? m
                    : pgo_pfg_block_prov(p, src) != PGO_PROV_NONE &&
                              pgo_pfg_edge_prov(p, e) != PGO_PROV_NONE
                        ? pgo_pfg_block_count(p, src) * pr
                        : 0.0;
    s = pgo_cfg_split_edge(g, e, &b, &in, &out);
    ck_assert_int_eq(s, PGO_OK);
    ck_assert_uint_eq(in, e);
    ck_assert_uint_eq(pgo_cfg_edge_dst(g, in), b);
    ck_assert_uint_eq(pgo_cfg_edge_dst(g, out), dst);
    ck_assert(pgo_pfg_edge_prob(p, in) == pr);
    ck_assert(pgo_pfg_edge_prob(p, out) == 1.0);
    ck_assert(pgo_pfg_block_count(p, b) == expect);
    break;
  }
  case OP_BATCH: {
    uint32_t e[4], k = 0, want = 1 + rnd(4), out[4];
    for (uint32_t tries = 0; tries < 16 && k < want; tries++) {
      uint32_t c = rnd(ne);
      bool dup = false;
      for (uint32_t i = 0; i < k; i++)
        dup = dup || e[i] == c;
      if (!dup)
        e[k++] = c;
    }
    s = pgo_cfg_split_edges(g, e, k, out);
    ck_assert_int_eq(s, PGO_OK);
    for (uint32_t i = 0; i < k; i++) {
      ck_assert_uint_eq(out[i], nb + i);
      ck_assert_uint_eq(pgo_cfg_edge_dst(g, e[i]), out[i]);
    }
    break;
  }
  case OP_REDIRECT: {
    uint32_t e = rnd(ne), t = random_live_block(g);
    double pr = pgo_pfg_edge_prob(p, e);
    s = pgo_cfg_redirect_edge(g, e, t);
    ck_assert_int_eq(s, PGO_OK);
    ck_assert_uint_eq(pgo_cfg_edge_dst(g, e), t);
    ck_assert(pgo_pfg_edge_prob(p, e) == pr);
    break;
  }
  case OP_REMOVE_EDGE:
    s = pgo_cfg_remove_edge(g, rnd(ne));
    break;
  case OP_REMOVE_BLOCK: {
    uint32_t b;
    do
      b = random_live_block(g);
    while (b == pgo_cfg_entry(g));
    s = pgo_cfg_remove_block(g, b);
    ck_assert(pgo_cfg_block_removed(g, b));
    break;
  }
  case OP_DUPLICATE: {
    uint32_t b = random_live_block(g), d;
    s = pgo_cfg_duplicate_block(g, b, &d);
    ck_assert_int_eq(s, PGO_OK);
    ck_assert_uint_eq(pgo_cfg_nsucc(g, d), pgo_cfg_nsucc(g, b));
    for (uint32_t k = 0; k < pgo_cfg_nsucc(g, b); k++)
      ck_assert(pgo_pfg_edge_prob(p, pgo_cfg_edge_at(g, d, k)) ==
                pgo_pfg_edge_prob(p, pgo_cfg_edge_at(g, b, k)));
    break;
  }
  case OP_SET_TERM: {
    uint32_t b = random_live_block(g);
    s = pgo_cfg_set_term(g, b, random_term(pgo_cfg_nsucc(g, b)));
    break;
  }
  default: {
    uint32_t b = random_live_block(g);
    if (b == pgo_cfg_entry(g)) { /* no change, no new generation */
      op = OP_DUPLICATE;
      s = pgo_cfg_duplicate_block(g, b, NULL);
    } else {
      s = pgo_cfg_set_entry(g, b);
    }
    break;
  }
  }
  ck_assert_msg(s == PGO_OK, "%s: %s", op_name[op], pgo_cfg_errmsg(g));
  return op;
}

START_TEST(random_edit_sequences) {
  int done[OP_COUNT] = {0};
  long edits = 0, tombstones = 0;
  rng_state = UINT64_C(0x2545F4914F6CDD1D);
  static double before[4096];
  for (int i = 0; i < 400; i++) {
    static rgraph r;
    gen(&r, i * 2 + 1);
    test_alloc ta;
    pgo_allocator a = test_allocator(&ta);
    pgo_cfg *g = build(&r, &a);
    pgo_pfg *p;
    ck_assert_int_eq(pgo_pfg_new(&a, g, &p), PGO_OK);
    random_profile(p, g);
    for (int step = 0; step < 12; step++) {
      uint32_t nb0 = pgo_cfg_nblocks(g);
      ck_assert_uint_le(nb0, 4096);
      for (uint32_t b = 0; b < nb0; b++)
        before[b] = pgo_pfg_block_count(p, b);
      uint64_t gen0 = pgo_cfg_generation(g);
      int op = random_edit(g, p);
      done[op]++;
      edits++;
      ck_assert_uint_gt(pgo_cfg_generation(g), gen0);
      ck_assert_msg(pgo_cfg_verify(g) == PGO_OK, "graph %d step %d (%s): %s",
                    i, step, op_name[op], pgo_cfg_errmsg(g));
      if (rnd(2))
        ck_assert_int_eq(pgo_pfg_sync(p), PGO_OK);
      for (uint32_t b = 0; b < nb0; b++)
        if (pgo_cfg_block_removed(g, b))
          ck_assert(pgo_pfg_block_count(p, b) == 0.0 &&
                    pgo_pfg_block_prov(p, b) == PGO_PROV_NONE);
        else
          ck_assert(pgo_pfg_block_count(p, b) == before[b]);
      ck_assert_msg(pgo_pfg_verify(p) == PGO_OK, "graph %d step %d (%s): %s",
                    i, step, op_name[op], pgo_pfg_errmsg(p));
      ck_assert_uint_eq(pgo_pfg_generation(p), pgo_cfg_generation(g));
      if (rnd(2))
        ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL), PGO_OK);
      pgo_cfg *ref = rebuild(g);
      ck_assert_msg(analysis_digest(g) == analysis_digest(ref),
                    "graph %d step %d (%s): analyses differ from a rebuild",
                    i, step, op_name[op]);
      pgo_cfg_free(ref);
    }
    for (uint32_t b = 0; b < pgo_cfg_nblocks(g); b++)
      tombstones += pgo_cfg_block_removed(g, b);
    pgo_pfg_free(p);
    pgo_cfg_free(g);
    ck_assert_int_eq(ta.live_blocks, 0);
    ck_assert_int_eq(ta.size_errors, 0);
  }
  printf("%ld random edits:", edits);
  for (int op = 0; op < OP_COUNT; op++)
    printf(" %d %s%s", done[op], op_name[op], op + 1 < OP_COUNT ? "," : "");
  printf("; %ld tombstones at the end\n", tombstones);
  for (int op = 0; op < OP_COUNT; op++)
    ck_assert_int_ge(done[op], 300);
  ck_assert_int_ge(tombstones, 300);
}
END_TEST

/* Every value of a and b, bit for bit (both synced by the getters). */
static void same_values(const pgo_pfg *a, const pgo_pfg *b, const char *what,
                        int graph) {
  const pgo_cfg *g = pgo_pfg_cfg(a);
  ck_assert_uint_eq(pgo_pfg_generation(a), pgo_cfg_generation(g));
  ck_assert_uint_eq(pgo_pfg_generation(b), pgo_cfg_generation(g));
  for (uint32_t k = 0; k < pgo_cfg_nblocks(g); k++) {
    double x = pgo_pfg_block_count(a, k), y = pgo_pfg_block_count(b, k);
    ck_assert_msg(memcmp(&x, &y, sizeof x) == 0 &&
                      pgo_pfg_block_prov(a, k) == pgo_pfg_block_prov(b, k) &&
                      pgo_pfg_block_held(a, k) == pgo_pfg_block_held(b, k),
                  "graph %d, %s: block %u: %.17g (%d) vs %.17g (%d)", graph,
                  what, k, x, pgo_pfg_block_prov(a, k), y,
                  pgo_pfg_block_prov(b, k));
  }
  for (uint32_t e = 0; e < pgo_cfg_nedges(g); e++) {
    double x = pgo_pfg_edge_prob(a, e), y = pgo_pfg_edge_prob(b, e);
    double mx = pgo_pfg_edge_measured(a, e), my = pgo_pfg_edge_measured(b, e);
    ck_assert_msg(memcmp(&x, &y, sizeof x) == 0 &&
                      memcmp(&mx, &my, sizeof mx) == 0 &&
                      pgo_pfg_edge_prov(a, e) == pgo_pfg_edge_prov(b, e) &&
                      pgo_pfg_edge_held(a, e) == pgo_pfg_edge_held(b, e) &&
                      pgo_pfg_edge_measured_prov(a, e) ==
                          pgo_pfg_edge_measured_prov(b, e),
                  "graph %d, %s: edge %u: %.17g (%d) vs %.17g (%d)", graph,
                  what, e, x, pgo_pfg_edge_prov(a, e), y,
                  pgo_pfg_edge_prov(b, e));
  }
  ck_assert_uint_eq(pgo_pfg_nhistograms(a), pgo_pfg_nhistograms(b));
  for (uint32_t i = 0; i < pgo_pfg_nhistograms(a); i++) {
    pgo_pfg_histogram u, v;
    ck_assert_int_eq(pgo_pfg_histogram_at(a, i, &u), PGO_OK);
    ck_assert_int_eq(pgo_pfg_histogram_at(b, i, &v), PGO_OK);
    ck_assert(u.il_offset == v.il_offset && u.n == v.n && u.prov == v.prov &&
              memcmp(&u.other, &v.other, sizeof u.other) == 0);
    for (uint32_t k = 0; k < u.n; k++) {
      ck_assert_str_eq(u.targets[k], v.targets[k]);
      ck_assert(memcmp(&u.counts[k], &v.counts[k], sizeof(double)) == 0);
    }
  }
}

/* Builder growth on a finished graph (add_block, add_edge, finish): a new
 * block with edges to and from live blocks.  Terminators are made to fit
 * the new successor counts. */
static void grow_graph(pgo_cfg *g) {
  uint32_t from = random_live_block(g), to = random_live_block(g), b;
  ck_assert_int_eq(pgo_cfg_add_block(g, PGO_NONE, 1, &b), PGO_OK);
  uint32_t k = 1 + rnd(2);
  for (uint32_t i = 0; i < k; i++)
    ck_assert_int_eq(pgo_cfg_add_edge(g, b, i ? random_live_block(g) : to),
                     PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, from, b), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, b, term_for(k)), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, from, term_for(pgo_cfg_nsucc(g, from))),
                   PGO_OK);
  if (pgo_cfg_annotation(g, from) != NULL) /* its length no longer fits */
    ck_assert_int_eq(pgo_cfg_set_annotation(g, from, NULL, 0), PGO_OK);
  ck_assert_msg(pgo_cfg_finish(g) == PGO_OK, "%s", pgo_cfg_errmsg(g));
}

/* Sync-time independence: three pfgs with the same profile on one graph,
 * one synced after every edit, one only at the end, one at random points
 * (explicitly or lazily through a getter), must end with identical values,
 * provenances, held flags and histograms, bit for bit.  The edits include
 * builder growth (add_block / add_edge + finish), whose rescaling is
 * order-sensitive too.  After the three are synced the journal is empty. */
START_TEST(sync_time_does_not_matter) {
  long edits = 0, entries_max = 0, lagged = 0;
  rng_state = UINT64_C(0x9E3779B97F4A7C15);
  for (int i = 0; i < 400; i++) {
    static rgraph r;
    gen(&r, i * 2 + 1);
    test_alloc ta;
    pgo_allocator a = test_allocator(&ta);
    pgo_cfg *g = build(&r, &a);
    pgo_pfg *each, *end, *some;
    ck_assert_int_eq(pgo_pfg_new(&a, g, &each), PGO_OK);
    ck_assert_int_eq(pgo_pfg_new(&a, g, &end), PGO_OK);
    ck_assert_int_eq(pgo_pfg_new(&a, g, &some), PGO_OK);
    uint64_t s0 = rng_state;
    random_profile(each, g);
    uint64_t s1 = rng_state;
    rng_state = s0;
    random_profile(end, g);
    rng_state = s0;
    random_profile(some, g);
    ck_assert(rng_state == s1);
    int nsteps = 4 + (int)rnd(20);
    for (int step = 0; step < nsteps; step++) {
      if (rnd(6) == 0)
        grow_graph(g);
      else
        (void)random_edit(g, each);
      edits++;
      ck_assert_int_eq(pgo_pfg_sync(each), PGO_OK);
      uint32_t c = rnd(4);
      if (c == 0)
        ck_assert_int_eq(pgo_pfg_sync(some), PGO_OK);
      else if (c == 1)
        (void)pgo_pfg_block_count(some, 0); /* lazy sync */
      else
        lagged++;
      if ((long)pgo_cfg_journal_entries(g) > entries_max)
        entries_max = pgo_cfg_journal_entries(g);
    }
    ck_assert_msg(pgo_pfg_verify(end) == PGO_OK, "%s", pgo_pfg_errmsg(end));
    ck_assert_msg(pgo_pfg_verify(some) == PGO_OK, "%s", pgo_pfg_errmsg(some));
    same_values(each, end, "after every edit vs once at the end", i);
    same_values(each, some, "after every edit vs at random points", i);
    ck_assert_uint_eq(pgo_cfg_journal_entries(g), 0);
    pgo_pfg_free(end);
    pgo_pfg_free(some);
    pgo_pfg_free(each);
    pgo_cfg_free(g);
    ck_assert_int_eq(ta.live_blocks, 0);
    ck_assert_int_eq(ta.size_errors, 0);
  }
  printf("%ld edits on 400 graphs with 3 profiles each (%ld lagging syncs); "
         "at most %ld journal entries kept\n",
         edits, lagged, entries_max);
  ck_assert_int_ge(entries_max, 10);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("core_edit_random");
  TCase *tc = tcase_create("edit_random");
  tcase_set_timeout(tc, 300);
  tcase_add_test(tc, random_edit_sequences);
  tcase_add_test(tc, sync_time_does_not_matter);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite())
