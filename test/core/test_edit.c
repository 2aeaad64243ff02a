/*
 * test_edit.c -- edits on a finished graph (split, batch split, redirect,
 * remove edge, remove block, duplicate) on hand-built graphs: a diamond, a
 * loop, a switch with two cases to one block.  Checks the ids each edit
 * promises (stable block ids, tombstones, which edge ids move), successor
 * order, terminator narrowing and annotation rescaling, that the graph
 * verifies, that the analyses equal those of a graph built from scratch
 * with the same shape, that bad arguments change nothing (same snapshot,
 * same generation), the generation counter, invalidation by set_term (the
 * stale-ipdom bug), pgo_cfg_edge_at and pgo_cfg_block_containing.
 */
#include "edit_test_util.h"

/* Analyses of g equal those of its rebuild from scratch; g verifies. */
static void same_as_rebuilt(pgo_cfg *g) {
  ck_assert_msg(pgo_cfg_verify(g) == PGO_OK, "verify: %s", pgo_cfg_errmsg(g));
  pgo_cfg *r = rebuild(g);
  ck_assert_uint_eq(analysis_digest(g), analysis_digest(r));
  pgo_cfg_free(r);
}

static pgo_cfg *diamond(void) {
  /* 0 -> {1, 2} -> 3 */
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
  pgo_cfg *g = BUILD(g, 4, E);
  return g;
}

START_TEST(split_diamond) {
  pgo_cfg *g = diamond();
  ck_assert_int_eq(pgo_cfg_set_term(g, 0, PGO_TERM_BRANCH), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, 1, PGO_TERM_JUMP), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, 2, PGO_TERM_JUMP), PGO_OK);
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL), PGO_OK);
  uint64_t gen = pgo_cfg_generation(g);
  uint32_t nb = 7, in = 7, out = 7;
  ck_assert_int_eq(pgo_cfg_split_edge(g, 1, &nb, &in, &out), PGO_OK);
  ck_assert_uint_eq(nb, 4);
  ck_assert_uint_eq(in, 1); /* the edge keeps its id and slot */
  ck_assert_uint_eq(out, 4); /* the new block's edge comes last */
  ck_assert(pgo_cfg_is_finished(g));
  ck_assert_uint_gt(pgo_cfg_generation(g), gen);
  ck_assert_uint_eq(pgo_cfg_valid_analyses(g), 0);
  ck_assert_uint_eq(pgo_cfg_nblocks(g), 5);
  ck_assert_uint_eq(pgo_cfg_nedges(g), 5);
  ck_assert_uint_eq(pgo_cfg_il_offset(g, 4), PGO_NONE);
  ck_assert_uint_eq(pgo_cfg_ninstr(g, 4), 0);
  ck_assert_int_eq(pgo_cfg_term(g, 4), PGO_TERM_JUMP);
  ck_assert_uint_eq(pgo_cfg_edge_src(g, 1), 0);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, 1), 4);
  ck_assert_uint_eq(pgo_cfg_edge_index(g, 1), 1);
  ck_assert_uint_eq(pgo_cfg_edge_src(g, 4), 4);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, 4), 2);
  /* Untouched edges keep their ids. */
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, 0), 1);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, 2), 3);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, 3), 3);
  /* Analyses recompute on demand and see the new block. */
  ck_assert_uint_eq(pgo_cfg_idom(g, 4), 0);
  ck_assert_uint_eq(pgo_cfg_idom(g, 2), 4);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 4), 2);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 0), 3);
  same_as_rebuilt(g);

  /* A hand-built 5-block graph of the same shape has the same analyses. */
  static const uint32_t F[][2] = {{0, 1}, {0, 4}, {1, 3}, {2, 3}, {4, 2}};
  pgo_cfg *h = BUILD(h, 5, F);
  ck_assert_uint_eq(analysis_digest(g), analysis_digest(h));
  pgo_cfg_free(h);

  /* Bad arguments change nothing. */
  uint64_t snap = graph_snapshot(g);
  ck_assert_int_eq(pgo_cfg_split_edge(g, 5, NULL, NULL, NULL),
                   PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(pgo_cfg_errmsg(g), "edge 5"));
  ck_assert_int_eq(pgo_cfg_split_edge(NULL, 0, NULL, NULL, NULL),
                   PGO_ERR_INVALID);
  ck_assert_uint_eq(graph_snapshot(g), snap);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(split_edges_batch_on_loop) {
  /* 0 -> 1 -> 2, 2 -> 1 (back), 2 -> 3 (exit). */
  static const uint32_t E[][2] = {{0, 1}, {1, 2}, {2, 1}, {2, 3}};
  pgo_cfg *g = BUILD(g, 4, E);
  ck_assert_int_eq(pgo_cfg_set_term(g, 2, PGO_TERM_BRANCH), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_nloops(g), 1);

  uint64_t snap = graph_snapshot(g);
  const uint32_t twice[2] = {2, 2}, bad[2] = {2, 9};
  uint32_t out[2] = {7, 7};
  ck_assert_int_eq(pgo_cfg_split_edges(g, twice, 2, out), PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(pgo_cfg_errmsg(g), "twice"));
  ck_assert_int_eq(pgo_cfg_split_edges(g, bad, 2, out), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_split_edges(g, NULL, 2, out), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_split_edges(g, bad, 0, out), PGO_OK); /* no-op */
  ck_assert_uint_eq(out[0], 7);
  ck_assert_uint_eq(graph_snapshot(g), snap);

  const uint32_t both[2] = {3, 2}; /* exit edge, then back edge */
  ck_assert_int_eq(pgo_cfg_split_edges(g, both, 2, out), PGO_OK);
  ck_assert_uint_eq(out[0], 4);
  ck_assert_uint_eq(out[1], 5);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, 3), 4);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, 2), 5);
  uint32_t e4 = pgo_cfg_edge_at(g, 4, 0), e5 = pgo_cfg_edge_at(g, 5, 0);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, e4), 3);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, e5), 1);
  ck_assert_uint_eq(pgo_cfg_edge_at(g, 4, 1), PGO_NONE);
  /* The latch is now block 5; the exit edge still leaves from 2. */
  ck_assert_uint_eq(pgo_cfg_nloops(g), 1);
  ck_assert_uint_eq(pgo_cfg_loop_header(g, 0), 1);
  uint32_t k;
  const uint32_t *be = pgo_cfg_loop_back_edges(g, 0, &k);
  ck_assert_uint_eq(k, 1);
  ck_assert_uint_eq(be[0], e5);
  const uint32_t *ex = pgo_cfg_loop_exits(g, 0, &k);
  ck_assert_uint_eq(k, 1);
  ck_assert_uint_eq(ex[0], 3);
  ck_assert(pgo_cfg_loop_contains(g, 0, 5));
  ck_assert(!pgo_cfg_loop_contains(g, 0, 4));
  ck_assert_uint_eq(pgo_cfg_block_depth(g, 5), 1);
  same_as_rebuilt(g);

  /* Edits need a finished graph. */
  ck_assert_int_eq(pgo_cfg_add_block(g, 100, 1, NULL), PGO_OK);
  ck_assert_int_eq(pgo_cfg_split_edges(g, both, 1, out), PGO_ERR_STATE);
  ck_assert_int_eq(pgo_cfg_redirect_edge(g, 0, 1), PGO_ERR_STATE);
  ck_assert_int_eq(pgo_cfg_remove_edge(g, 0), PGO_ERR_STATE);
  ck_assert_int_eq(pgo_cfg_remove_block(g, 3), PGO_ERR_STATE);
  ck_assert_int_eq(pgo_cfg_duplicate_block(g, 3, NULL), PGO_ERR_STATE);
  ck_assert_ptr_nonnull(strstr(pgo_cfg_errmsg(g), "not finished"));
  pgo_cfg_free(g);
}
END_TEST

/* 0: switch, default -> 1, cases -> 2, 2; 1 -> 3; 2 -> 3. */
static pgo_cfg *switch_graph(void) {
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {0, 2}, {1, 3}, {2, 3}};
  pgo_cfg *g = NULL;
  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  for (uint32_t b = 0; b < 4; b++)
    ck_assert_int_eq(pgo_cfg_add_block(g, 10 * b, 10, NULL), PGO_OK);
  for (uint32_t k = 0; k < 5; k++)
    ck_assert_int_eq(pgo_cfg_add_edge(g, E[k][0], E[k][1]), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, 0, PGO_TERM_SWITCH), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, 1, PGO_TERM_JUMP), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, 2, PGO_TERM_JUMP), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, 3, PGO_TERM_RETURN), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_label(g, 2, "case"), PGO_OK);
  const double an[3] = {0.5, 0.25, 0.25};
  ck_assert_int_eq(pgo_cfg_set_annotation(g, 0, an, 3), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_verify(g), PGO_OK);
  return g;
}

START_TEST(switch_remove_redirect_remove_block) {
  pgo_cfg *g = switch_graph();
  ck_assert_uint_eq(pgo_cfg_npred(g, 2), 2);
  /* Remove the second case: later ids shift down, the annotation loses
   * its entry and is rescaled. */
  ck_assert_int_eq(pgo_cfg_remove_edge(g, 2), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_nedges(g), 4);
  ck_assert_uint_eq(pgo_cfg_nsucc(g, 0), 2);
  ck_assert_int_eq(pgo_cfg_term(g, 0), PGO_TERM_SWITCH);
  const double *an = pgo_cfg_annotation(g, 0);
  ck_assert_ptr_nonnull(an);
  ck_assert(fabs(an[0] - 2.0 / 3.0) < 1e-12 && fabs(an[1] - 1.0 / 3.0) < 1e-12);
  ck_assert_uint_eq(pgo_cfg_edge_src(g, 2), 1); /* was edge 3 */
  ck_assert_uint_eq(pgo_cfg_edge_src(g, 3), 2); /* was edge 4 */
  ck_assert_uint_eq(pgo_cfg_npred(g, 2), 1);
  same_as_rebuilt(g);

  /* Redirect the remaining case to the default: two edges 0 -> 1, block 2
   * unreachable; slot and id kept. */
  ck_assert_int_eq(pgo_cfg_redirect_edge(g, 1, 1), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, 1), 1);
  ck_assert_uint_eq(pgo_cfg_edge_index(g, 1), 1);
  ck_assert(!pgo_cfg_reachable(g, 2));
  ck_assert_uint_eq(pgo_cfg_npred(g, 1), 2);
  same_as_rebuilt(g);
  ck_assert_int_eq(pgo_cfg_redirect_edge(g, 1, 9), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_redirect_edge(g, 9, 1), PGO_ERR_INVALID);

  /* Remove block 2: a tombstone. */
  uint64_t gen = pgo_cfg_generation(g);
  ck_assert_int_eq(pgo_cfg_remove_block(g, 2), PGO_OK);
  ck_assert_uint_gt(pgo_cfg_generation(g), gen);
  ck_assert(pgo_cfg_block_removed(g, 2));
  ck_assert(!pgo_cfg_block_removed(g, 1));
  ck_assert(!pgo_cfg_block_removed(g, 99));
  ck_assert_uint_eq(pgo_cfg_nblocks(g), 4);
  ck_assert_uint_eq(pgo_cfg_nedges(g), 3);
  ck_assert_uint_eq(pgo_cfg_nsucc(g, 2), 0);
  ck_assert_uint_eq(pgo_cfg_npred(g, 2), 0);
  ck_assert_uint_eq(pgo_cfg_il_offset(g, 2), PGO_NONE);
  ck_assert_ptr_null(pgo_cfg_label(g, 2));
  ck_assert_uint_eq(pgo_cfg_block_at(g, 20), PGO_NONE);
  ck_assert_uint_eq(pgo_cfg_block_containing(g, 25), PGO_NONE);
  ck_assert(!pgo_cfg_is_exit(g, 2));
  ck_assert(!pgo_cfg_reachable(g, 2));
  ck_assert_uint_eq(pgo_cfg_idom(g, 2), PGO_NONE);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 2), PGO_NONE);
  ck_assert_uint_eq(pgo_cfg_idom(g, 3), 1);
  same_as_rebuilt(g);

  /* A tombstone cannot be used again; the entry cannot be removed. */
  uint64_t snap = graph_snapshot(g);
  ck_assert_int_eq(pgo_cfg_remove_block(g, 2), PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(pgo_cfg_errmsg(g), "removed"));
  ck_assert_int_eq(pgo_cfg_remove_block(g, 0), PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(pgo_cfg_errmsg(g), "entry"));
  ck_assert_int_eq(pgo_cfg_redirect_edge(g, 0, 2), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_duplicate_block(g, 2, NULL), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_set_term(g, 2, PGO_TERM_JUMP), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_set_label(g, 2, "x"), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_set_entry(g, 2), PGO_ERR_INVALID);
  ck_assert_uint_eq(graph_snapshot(g), snap);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 2, 1), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 1, 2), PGO_ERR_INVALID);
  ck_assert(pgo_cfg_is_finished(g)); /* failed adds did not unfinish */
  ck_assert_uint_eq(graph_snapshot(g), snap);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(remove_block_with_multi_edges_from_one_pred) {
  /* Removing the target of both switch cases removes two slots of 0. */
  pgo_cfg *g = switch_graph();
  ck_assert_int_eq(pgo_cfg_remove_block(g, 2), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_nsucc(g, 0), 1);
  ck_assert_int_eq(pgo_cfg_term(g, 0), PGO_TERM_SWITCH); /* >= 1 is fine */
  const double *an = pgo_cfg_annotation(g, 0);
  ck_assert_ptr_nonnull(an);
  ck_assert(an[0] == 1.0);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, 0), 1);
  same_as_rebuilt(g);
  /* A block that heads a self loop and is removed loses both ends. */
  static const uint32_t E[][2] = {{0, 1}, {1, 1}, {1, 2}};
  pgo_cfg *h = BUILD(h, 3, E);
  ck_assert_int_eq(pgo_cfg_remove_block(h, 1), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_nedges(h), 0);
  ck_assert_uint_eq(pgo_cfg_nloops(h), 0);
  same_as_rebuilt(h);
  pgo_cfg_free(h);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(removal_narrows_terminators) {
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 2}};
  pgo_cfg *g = BUILD(g, 3, E);
  ck_assert_int_eq(pgo_cfg_set_term(g, 0, PGO_TERM_BRANCH), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, 1, PGO_TERM_JUMP), PGO_OK);
  pgo_branch_features f = {PGO_CMP_SLT, PGO_OPND_OTHER, PGO_OPND_ZERO};
  ck_assert_int_eq(pgo_cfg_set_branch(g, 0, &f), PGO_OK);
  const double an[2] = {0.3, 0.7};
  ck_assert_int_eq(pgo_cfg_set_annotation(g, 0, an, 2), PGO_OK);
  ck_assert_int_eq(pgo_cfg_verify(g), PGO_OK);
  /* Branch loses its true edge: a jump, features cleared, annotation 1. */
  ck_assert_int_eq(pgo_cfg_remove_edge(g, 0), PGO_OK);
  ck_assert_int_eq(pgo_cfg_term(g, 0), PGO_TERM_JUMP);
  ck_assert_int_eq(pgo_cfg_branch(g, 0).cmp, PGO_CMP_NONE);
  ck_assert_int_eq(pgo_cfg_branch(g, 0).lhs, PGO_OPND_NONE);
  ck_assert(pgo_cfg_annotation(g, 0)[0] == 1.0);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, 0), 2);
  ck_assert_int_eq(pgo_cfg_verify(g), PGO_OK);
  /* Jump loses its only edge: unreachable, no annotation; block 1 alone. */
  ck_assert_int_eq(pgo_cfg_remove_edge(g, 0), PGO_OK);
  ck_assert_int_eq(pgo_cfg_term(g, 0), PGO_TERM_UNREACHABLE);
  ck_assert_ptr_null(pgo_cfg_annotation(g, 0));
  ck_assert(pgo_cfg_is_exit(g, 0));
  same_as_rebuilt(g);
  /* An annotation of zeros for the kept entries is dropped. */
  static const uint32_t F[][2] = {{0, 1}, {0, 2}, {0, 3}};
  pgo_cfg *h = BUILD(h, 4, F);
  ck_assert_int_eq(pgo_cfg_set_term(h, 0, PGO_TERM_SWITCH), PGO_OK);
  const double z[3] = {1.0, 0.0, 0.0};
  ck_assert_int_eq(pgo_cfg_set_annotation(h, 0, z, 3), PGO_OK);
  ck_assert_int_eq(pgo_cfg_remove_edge(h, 0), PGO_OK);
  ck_assert_ptr_null(pgo_cfg_annotation(h, 0));
  ck_assert_int_eq(pgo_cfg_verify(h), PGO_OK);
  /* Invoke losing its unwind edge becomes a jump. */
  static const uint32_t I[][2] = {{0, 1}, {0, 2}};
  pgo_cfg *k = BUILD(k, 3, I);
  ck_assert_int_eq(pgo_cfg_set_term(k, 0, PGO_TERM_INVOKE), PGO_OK);
  ck_assert_int_eq(pgo_cfg_remove_block(k, 2), PGO_OK);
  ck_assert_int_eq(pgo_cfg_term(k, 0), PGO_TERM_JUMP);
  ck_assert_int_eq(pgo_cfg_verify(k), PGO_OK);
  pgo_cfg_free(k);
  pgo_cfg_free(h);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(duplicate_block) {
  pgo_cfg *g = diamond();
  ck_assert_int_eq(pgo_cfg_set_term(g, 0, PGO_TERM_BRANCH), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, 1, PGO_TERM_JUMP), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, 2, PGO_TERM_JUMP), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_flags(g, 1, PGO_BLOCK_CALLS), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_label(g, 1, "then"), PGO_OK);
  uint32_t d = 9;
  ck_assert_int_eq(pgo_cfg_duplicate_block(g, 1, &d), PGO_OK);
  ck_assert_uint_eq(d, 4);
  ck_assert_uint_eq(pgo_cfg_il_offset(g, d), PGO_NONE);
  ck_assert_uint_eq(pgo_cfg_ninstr(g, d), pgo_cfg_ninstr(g, 1));
  ck_assert_int_eq(pgo_cfg_term(g, d), PGO_TERM_JUMP);
  ck_assert_uint_eq(pgo_cfg_flags(g, d), PGO_BLOCK_CALLS);
  ck_assert_ptr_null(pgo_cfg_label(g, d));
  ck_assert_uint_eq(pgo_cfg_npred(g, d), 0);
  ck_assert_uint_eq(pgo_cfg_nsucc(g, d), 1);
  ck_assert_uint_eq(pgo_cfg_edge_at(g, d, 0), 4);
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, 4), 3);
  for (uint32_t e = 0; e < 4; e++) /* existing ids unchanged */
    ck_assert_uint_eq(pgo_cfg_edge_src(g, e), e < 2 ? 0 : e - 1);
  ck_assert(!pgo_cfg_reachable(g, d));
  same_as_rebuilt(g);
  /* Tail duplication: send the then-edge to the copy. */
  ck_assert_int_eq(pgo_cfg_redirect_edge(g, 0, d), PGO_OK);
  ck_assert(!pgo_cfg_reachable(g, 1));
  ck_assert_uint_eq(pgo_cfg_idom(g, d), 0);
  same_as_rebuilt(g);
  /* Duplicating the entry does not copy the entry flag; a self loop is
   * copied as an edge back to the original. */
  ck_assert_int_eq(pgo_cfg_duplicate_block(g, 0, &d), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_entry(g), 0);
  ck_assert_uint_eq(pgo_cfg_flags(g, d) & PGO_BLOCK_ENTRY, 0);
  static const uint32_t E[][2] = {{0, 1}, {1, 1}, {1, 2}};
  pgo_cfg *h = BUILD(h, 3, E);
  ck_assert_int_eq(pgo_cfg_duplicate_block(h, 1, &d), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_edge_dst(h, pgo_cfg_edge_at(h, d, 0)), 1);
  ck_assert_uint_eq(pgo_cfg_edge_dst(h, pgo_cfg_edge_at(h, d, 1)), 2);
  same_as_rebuilt(h);
  pgo_cfg_free(h);
  ck_assert_int_eq(pgo_cfg_duplicate_block(g, 99, &d), PGO_ERR_INVALID);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(set_term_drops_postdominators) {
  /* 0 -> {1, 2}, 1 -> 2, 2 returns: ipdom(1) = 2.  Making 1 a return
   * makes it an exit: ipdom(1) becomes the virtual exit (PGO_NONE), and so
   * does ipdom(0).  Before issue 8 the cached ipdom(1) = 2 stayed. */
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 2}};
  pgo_cfg *g = BUILD(g, 3, E);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 1), 2);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 0), 2);
  ck_assert_uint_eq(pgo_cfg_valid_analyses(g), PGO_ANALYSIS_ALL);
  uint64_t gen = pgo_cfg_generation(g);
  ck_assert_int_eq(pgo_cfg_set_term(g, 1, PGO_TERM_RETURN), PGO_OK);
  ck_assert_uint_gt(pgo_cfg_generation(g), gen);
  /* Only PDOM depends on terminators. */
  ck_assert_uint_eq(pgo_cfg_valid_analyses(g),
                    PGO_ANALYSIS_ALL & ~(unsigned)PGO_ANALYSIS_PDOM);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 1), PGO_NONE);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 0), PGO_NONE);
  ck_assert(!pgo_cfg_postdominates(g, 2, 0));
  ck_assert(pgo_cfg_valid_analyses(g) & PGO_ANALYSIS_PDOM);
  /* Features, annotations and flags drop nothing but bump the
   * generation; labels do neither. */
  gen = pgo_cfg_generation(g);
  pgo_branch_features f = {PGO_CMP_EQ, PGO_OPND_OTHER, PGO_OPND_ZERO};
  ck_assert_int_eq(pgo_cfg_set_branch(g, 0, &f), PGO_OK);
  const double an[2] = {0.5, 0.5};
  ck_assert_int_eq(pgo_cfg_set_annotation(g, 0, an, 2), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_flags(g, 0, PGO_BLOCK_CALLS), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_generation(g), gen + 3);
  ck_assert_int_eq(pgo_cfg_set_label(g, 0, "x"), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_key(g, "f", 1, 30), PGO_OK);
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_generation(g), gen + 3);
  ck_assert_uint_eq(pgo_cfg_valid_analyses(g), PGO_ANALYSIS_ALL);
  /* Failed calls do not bump it. */
  ck_assert_int_eq(pgo_cfg_set_term(g, 0, (pgo_term)77), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_remove_edge(g, 99), PGO_ERR_INVALID);
  ck_assert_uint_eq(pgo_cfg_generation(g), gen + 3);
  ck_assert_uint_eq(pgo_cfg_generation(NULL), 0);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(edge_at_and_block_containing) {
  pgo_cfg *g;
  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  /* Ids not in offset order; a gap at 8..9; an empty block. */
  ck_assert_int_eq(pgo_cfg_add_block(g, 10, 2, NULL), PGO_OK); /* 0 */
  ck_assert_int_eq(pgo_cfg_add_block(g, 0, 4, NULL), PGO_OK);  /* 1 */
  ck_assert_int_eq(pgo_cfg_add_block(g, 4, 4, NULL), PGO_OK);  /* 2 */
  ck_assert_int_eq(pgo_cfg_add_block(g, 12, 0, NULL), PGO_OK); /* 3 */
  ck_assert_int_eq(pgo_cfg_add_block(g, PGO_NONE, 3, NULL), PGO_OK); /* 4 */
  ck_assert_int_eq(pgo_cfg_add_edge(g, 0, 1), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 0, 2), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 1, 3), PGO_OK);
  static const uint32_t want[16] = {1, 1, 1, 1, 2, 2, 2, 2, PGO_NONE,
                                    PGO_NONE, 0, 0, PGO_NONE, PGO_NONE,
                                    PGO_NONE, PGO_NONE};
  for (int pass = 0; pass < 2; pass++) { /* before, after finish */
    for (uint32_t off = 0; off < 16; off++)
      ck_assert_msg(pgo_cfg_block_containing(g, off) == want[off],
                    "pass %d offset %u: %u", pass, off,
                    pgo_cfg_block_containing(g, off));
    ck_assert_uint_eq(pgo_cfg_block_containing(g, PGO_NONE), PGO_NONE);
    ck_assert_uint_eq(pgo_cfg_block_containing(NULL, 0), PGO_NONE);
    if (pass == 0) {
      ck_assert_uint_eq(pgo_cfg_edge_at(g, 0, 0), PGO_NONE); /* unfinished */
      ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
    }
  }
  ck_assert_uint_eq(pgo_cfg_edge_at(g, 0, 0), 0);
  ck_assert_uint_eq(pgo_cfg_edge_at(g, 0, 1), 1);
  ck_assert_uint_eq(pgo_cfg_edge_at(g, 0, 2), PGO_NONE);
  ck_assert_uint_eq(pgo_cfg_edge_at(g, 1, 0), 2);
  ck_assert_uint_eq(pgo_cfg_edge_at(g, 3, 0), PGO_NONE);
  ck_assert_uint_eq(pgo_cfg_edge_at(g, 99, 0), PGO_NONE);
  ck_assert_uint_eq(pgo_cfg_edge_at(NULL, 0, 0), PGO_NONE);
  /* A removed block's range holds nothing any more. */
  ck_assert_int_eq(pgo_cfg_remove_block(g, 2), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_block_containing(g, 5), PGO_NONE);
  ck_assert_uint_eq(pgo_cfg_block_containing(g, 3), 1);
  ck_assert_uint_eq(pgo_cfg_block_containing(g, 11), 0);
  ck_assert_uint_eq(pgo_cfg_edge_at(g, 0, 1), PGO_NONE);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(edits_keep_allocator_sizes) {
  /* Every edit through the counting allocator: sizes handed back match and
   * nothing leaks. */
  test_alloc ta;
  pgo_allocator a = test_allocator(&ta);
  static const uint32_t E[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {3, 1}};
  pgo_cfg *g = build_graph(&a, 4, E, 5);
  const double an[2] = {0.25, 0.75};
  ck_assert_int_eq(pgo_cfg_set_annotation(g, 0, an, 2), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_label(g, 2, "two"), PGO_OK);
  for (int round = 0; round < 20; round++) {
    uint32_t nb, e = (uint32_t)round % pgo_cfg_nedges(g);
    ck_assert_int_eq(pgo_cfg_split_edge(g, e, &nb, NULL, NULL), PGO_OK);
    ck_assert_int_eq(pgo_cfg_duplicate_block(g, nb, NULL), PGO_OK);
    ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL), PGO_OK);
    ck_assert_int_eq(pgo_cfg_redirect_edge(g, 0, nb), PGO_OK);
    ck_assert_int_eq(pgo_cfg_verify(g), PGO_OK);
  }
  ck_assert_int_eq(pgo_cfg_remove_block(g, 2), PGO_OK);
  ck_assert_int_eq(pgo_cfg_remove_edge(g, 0), PGO_OK);
  same_as_rebuilt(g);
  pgo_cfg_free(g);
  ck_assert_int_eq(ta.live_blocks, 0);
  ck_assert_int_eq(ta.live_bytes, 0);
  ck_assert_int_eq(ta.size_errors, 0);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("core_edit");
  TCase *tc = tcase_create("edit");
  tcase_add_test(tc, split_diamond);
  tcase_add_test(tc, split_edges_batch_on_loop);
  tcase_add_test(tc, switch_remove_redirect_remove_block);
  tcase_add_test(tc, remove_block_with_multi_edges_from_one_pred);
  tcase_add_test(tc, removal_narrows_terminators);
  tcase_add_test(tc, duplicate_block);
  tcase_add_test(tc, set_term_drops_postdominators);
  tcase_add_test(tc, edge_at_and_block_containing);
  tcase_add_test(tc, edits_keep_allocator_sizes);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite())
