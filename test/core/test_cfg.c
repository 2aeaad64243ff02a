/*
 * test_cfg.c -- the flow-graph builder, finish (CSR), verify, structural
 * queries, status text, and bad input (which must give a status, never a
 * crash).
 */
#include "core_test_util.h"

#include <math.h>
#include <stdio.h>

START_TEST(version_and_status_text) {
  ck_assert_str_eq(pgo_version(), PGO_VERSION_STRING);
  ck_assert_str_eq(pgo_status_text(PGO_OK), "ok");
  ck_assert_str_eq(pgo_status_text(PGO_ERR_NOMEM), "out of memory");
  ck_assert_str_eq(pgo_status_name(PGO_ERR_STALE), "PGO_ERR_STALE");
  ck_assert_str_eq(pgo_status_name(PGO_ERR_CORRUPT), "PGO_ERR_CORRUPT");
  ck_assert_ptr_nonnull(pgo_status_text((pgo_status)999));
  ck_assert_ptr_nonnull(pgo_status_name((pgo_status)-1));
  ck_assert_str_eq(pgo_provenance_text(PGO_PROV_REPAIRED), "repaired");
  ck_assert_str_eq(pgo_provenance_text(PGO_PROV_SAMPLED), "sampled");
  ck_assert_ptr_nonnull(pgo_provenance_text((pgo_provenance)77));
  ck_assert_ptr_nonnull(pgo_default_allocator());
  ck_assert_ptr_nonnull(pgo_default_allocator()->realloc);
}
END_TEST

START_TEST(edges_renumbered_by_source_and_index) {
  /* Edges added out of source order: finish groups them by source, keeping
   * each block's insertion order as the successor index. */
  pgo_cfg *g;
  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  for (uint32_t i = 0; i < 4; i++)
    ck_assert_int_eq(pgo_cfg_add_block(g, 100 + i, 1, NULL), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 2, 3), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 0, 2), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 1, 3), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 0, 1), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 0, 1), PGO_OK); /* duplicate successor */
  ck_assert_uint_eq(pgo_cfg_nedges(g), 5);
  ck_assert_uint_eq(pgo_cfg_nsucc(g, 0), 3);
  ck_assert(!pgo_cfg_is_finished(g));
  ck_assert_uint_eq(pgo_cfg_succ_begin(g, 0), PGO_NONE);
  ck_assert_uint_eq(pgo_cfg_edge_src(g, 0), PGO_NONE);
  ck_assert_ptr_null(pgo_cfg_preds(g, 3));
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert(pgo_cfg_is_finished(g));

  const uint32_t want[5][3] = {{0, 2, 0}, {0, 1, 1}, {0, 1, 2}, {1, 3, 0},
                               {2, 3, 0}};
  for (uint32_t e = 0; e < 5; e++) {
    ck_assert_uint_eq(pgo_cfg_edge_src(g, e), want[e][0]);
    ck_assert_uint_eq(pgo_cfg_edge_dst(g, e), want[e][1]);
    ck_assert_uint_eq(pgo_cfg_edge_index(g, e), want[e][2]);
  }
  ck_assert_uint_eq(pgo_cfg_succ_begin(g, 0), 0);
  ck_assert_uint_eq(pgo_cfg_succ_begin(g, 1), 3);
  ck_assert_uint_eq(pgo_cfg_succ_begin(g, 2), 4);
  ck_assert_uint_eq(pgo_cfg_succ_begin(g, 3), 5);
  ck_assert_uint_eq(pgo_cfg_npred(g, 1), 2);
  const uint32_t *p = pgo_cfg_preds(g, 1);
  ck_assert_uint_eq(p[0], 1);
  ck_assert_uint_eq(p[1], 2);
  ck_assert_uint_eq(pgo_cfg_npred(g, 3), 2);
  p = pgo_cfg_preds(g, 3);
  ck_assert_uint_eq(p[0], 3);
  ck_assert_uint_eq(p[1], 4);
  ck_assert_uint_eq(pgo_cfg_npred(g, 0), 0);
  ck_assert_uint_eq(pgo_cfg_edge_src(g, 5), PGO_NONE);
  ck_assert(pgo_cfg_is_exit(g, 3));
  ck_assert(!pgo_cfg_is_exit(g, 0));
  pgo_cfg_free(g);
}
END_TEST

START_TEST(block_attributes) {
  test_alloc ta;
  pgo_allocator a = test_allocator(&ta);
  pgo_cfg *g;
  ck_assert_int_eq(pgo_cfg_new(&a, &g), PGO_OK);
  ck_assert_str_eq(pgo_cfg_errmsg(g), "");
  ck_assert_int_eq(pgo_cfg_set_key(g, "main", 0x1234, 40), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_key(g, "main2", 0x99, 41), PGO_OK);
  pgo_method_key k = pgo_cfg_key(g);
  ck_assert_str_eq(k.name, "main2");
  ck_assert_uint_eq(k.hash, 0x99);
  ck_assert_uint_eq(k.il_size, 41);
  uint32_t b0, b1, b2;
  ck_assert_int_eq(pgo_cfg_add_block(g, 0, 5, &b0), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(g, 5, 6, &b1), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(g, PGO_NONE, 2, &b2), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_entry(g), b0);
  ck_assert_int_eq(pgo_cfg_set_label(g, b1, "loop.body"), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_label(g, b1, "then"), PGO_OK);
  ck_assert_str_eq(pgo_cfg_label(g, b1), "then");
  ck_assert_ptr_null(pgo_cfg_label(g, b0));
  ck_assert_int_eq(pgo_cfg_set_label(g, b1, NULL), PGO_OK);
  ck_assert_ptr_null(pgo_cfg_label(g, b1));
  ck_assert_int_eq(pgo_cfg_set_label(g, b1, "then"), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, b0, PGO_TERM_BRANCH), PGO_OK);
  ck_assert_int_eq(pgo_cfg_term(g, b0), PGO_TERM_BRANCH);
  ck_assert_int_eq(pgo_cfg_set_flags(g, b1, PGO_BLOCK_CALLS | PGO_BLOCK_STORES),
                   PGO_OK);
  ck_assert_uint_eq(pgo_cfg_flags(g, b1), PGO_BLOCK_CALLS | PGO_BLOCK_STORES);
  ck_assert_uint_eq(pgo_cfg_flags(g, b0), PGO_BLOCK_ENTRY);
  pgo_branch_features f = {PGO_CMP_SLT, PGO_OPND_OTHER, PGO_OPND_ZERO};
  ck_assert_int_eq(pgo_cfg_set_branch(g, b0, &f), PGO_OK);
  pgo_branch_features f2 = pgo_cfg_branch(g, b0);
  ck_assert_int_eq(f2.cmp, PGO_CMP_SLT);
  ck_assert_int_eq(f2.lhs, PGO_OPND_OTHER);
  ck_assert_int_eq(f2.rhs, PGO_OPND_ZERO);
  ck_assert_int_eq(pgo_cfg_branch(g, b1).cmp, PGO_CMP_NONE);
  ck_assert_uint_eq(pgo_cfg_il_offset(g, b2), PGO_NONE);
  ck_assert_uint_eq(pgo_cfg_ninstr(g, b1), 6);

  ck_assert_int_eq(pgo_cfg_add_edge(g, b0, b1), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, b0, b2), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, b2, b1), PGO_OK);
  const double pr[2] = {0.25, 0.75};
  ck_assert_int_eq(pgo_cfg_set_annotation(g, b0, pr, 2), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, b1, PGO_TERM_RETURN), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, b2, PGO_TERM_JUMP), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_verify(g), PGO_OK);
  const double *an = pgo_cfg_annotation(g, b0);
  ck_assert_ptr_nonnull(an);
  ck_assert(an[0] == 0.25 && an[1] == 0.75);
  ck_assert_ptr_null(pgo_cfg_annotation(g, b1));

  /* The ENTRY flag moves the entry. */
  ck_assert_int_eq(pgo_cfg_set_flags(g, b2, PGO_BLOCK_ENTRY), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_entry(g), b2);
  ck_assert_uint_eq(pgo_cfg_flags(g, b0), 0);
  /* A new entry drops the analyses, not the finished form. */
  ck_assert(pgo_cfg_is_finished(g));
  ck_assert_uint_eq(pgo_cfg_valid_analyses(g), 0);
  pgo_cfg_free(g);
  ck_assert_int_eq(ta.live_blocks, 0);
  ck_assert_int_eq(ta.live_bytes, 0);
  ck_assert_int_eq(ta.size_errors, 0);
}
END_TEST

START_TEST(block_at_by_il_offset) {
  pgo_cfg *g;
  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  /* Offsets out of layout order and above 65535 (both radix digits). */
  const uint32_t offs[] = {70000, 3, PGO_NONE, 65536, 0, 131074, 12};
  const uint32_t n = sizeof offs / sizeof offs[0];
  for (uint32_t i = 0; i < n; i++)
    ck_assert_int_eq(pgo_cfg_add_block(g, offs[i], 1, NULL), PGO_OK);
  /* Before finish: linear scan. */
  ck_assert_uint_eq(pgo_cfg_block_at(g, 65536), 3);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  for (uint32_t i = 0; i < n; i++)
    if (offs[i] != PGO_NONE)
      ck_assert_uint_eq(pgo_cfg_block_at(g, offs[i]), i);
  ck_assert_uint_eq(pgo_cfg_block_at(g, 1), PGO_NONE);
  ck_assert_uint_eq(pgo_cfg_block_at(g, 200000), PGO_NONE);
  ck_assert_uint_eq(pgo_cfg_block_at(g, PGO_NONE), PGO_NONE);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(block_at_permuted_offsets) {
  /* 20,000 distinct offsets in scrambled order (an odd multiplier is a
   * bijection mod 2^32), some PGO_NONE; every one found, absent ones not. */
  pgo_cfg *g;
  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  const uint32_t n = 20000;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t off = i % 97 == 5 ? PGO_NONE : (i * 2654435761u) >> 1;
    ck_assert_int_eq(pgo_cfg_add_block(g, off, 1, NULL), PGO_OK);
  }
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_verify(g), PGO_OK); /* offsets unique */
  for (uint32_t i = 0; i < n; i++) {
    if (i % 97 == 5)
      continue;
    uint32_t off = (i * 2654435761u) >> 1;
    ck_assert_uint_eq(pgo_cfg_block_at(g, off), i);
    ck_assert_uint_eq(pgo_cfg_block_at(g, off + 1) == PGO_NONE ||
                          pgo_cfg_il_offset(g, pgo_cfg_block_at(g, off + 1)) ==
                              off + 1,
                      1);
  }
  pgo_cfg_free(g);
}
END_TEST

START_TEST(bad_input_gives_status) {
  pgo_cfg *g;
  ck_assert_int_eq(pgo_cfg_new(NULL, NULL), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  /* Empty graph. */
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(pgo_cfg_errmsg(g), "no blocks"));
  ck_assert_int_eq(pgo_cfg_verify(g), PGO_ERR_CORRUPT);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 0, 0), PGO_ERR_INVALID);
  ck_assert_uint_eq(pgo_cfg_entry(g), PGO_NONE);

  ck_assert_int_eq(pgo_cfg_add_block(g, 0, 2, NULL), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(g, 2, 2, NULL), PGO_OK);
  /* Edge to a nonexistent block. */
  ck_assert_int_eq(pgo_cfg_add_edge(g, 0, 7), PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(pgo_cfg_errmsg(g), "block 7 does not exist"));
  ck_assert_int_eq(pgo_cfg_add_edge(g, 9, 0), PGO_ERR_INVALID);
  ck_assert_uint_eq(pgo_cfg_nedges(g), 0);
  ck_assert_int_eq(pgo_cfg_set_entry(g, 5), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_set_label(g, 5, "x"), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_set_term(g, 5, PGO_TERM_JUMP), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_set_term(g, 0, (pgo_term)42), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_set_flags(g, 0, 1u << 20), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_set_branch(g, 0, NULL), PGO_ERR_INVALID);
  pgo_branch_features bf = {(pgo_cmp)99, PGO_OPND_NONE, PGO_OPND_NONE};
  ck_assert_int_eq(pgo_cfg_set_branch(g, 0, &bf), PGO_ERR_INVALID);
  const double bad[2] = {0.5, NAN};
  ck_assert_int_eq(pgo_cfg_set_annotation(g, 0, bad, 2), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_set_annotation(g, 9, bad, 1), PGO_ERR_INVALID);

  /* Queries and analyses before finish. */
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL), PGO_ERR_STATE);
  ck_assert_ptr_nonnull(strstr(pgo_cfg_errmsg(g), "not finished"));
  uint32_t n = 77;
  ck_assert_ptr_null(pgo_cfg_rpo(g, &n));
  ck_assert_uint_eq(n, 0);
  /* "Cannot tell", not "no dominator". */
  ck_assert_uint_eq(pgo_cfg_idom(g, 1), PGO_INVALID);
  ck_assert_uint_eq(pgo_cfg_ipdom(g, 1), PGO_INVALID);
  ck_assert_uint_eq(pgo_cfg_rpo_index(g, 1), PGO_INVALID);
  ck_assert(!pgo_cfg_reachable(g, 0));
  ck_assert_uint_eq(pgo_cfg_idom(g, 99), PGO_NONE); /* no such block */
  ck_assert(!pgo_cfg_dominates(g, 0, 1));
  ck_assert(!pgo_cfg_postdominates(g, 1, 0));
  ck_assert_uint_eq(pgo_cfg_nloops(g), 0);
  ck_assert_ptr_null(pgo_cfg_loop_blocks(g, 0, &n));
  ck_assert_uint_eq(pgo_cfg_nirreducible(g), 0);
  ck_assert_uint_eq(pgo_cfg_block_loop(g, 0), PGO_INVALID);
  ck_assert_uint_eq(pgo_cfg_block_depth(g, 0), PGO_INVALID);
  ck_assert_uint_eq(pgo_cfg_block_irreducible(g, 0), PGO_INVALID);
  ck_assert_uint_eq(pgo_cfg_valid_analyses(g), 0);

  /* Annotation size mismatch is caught at finish. */
  ck_assert_int_eq(pgo_cfg_add_edge(g, 0, 1), PGO_OK);
  const double two[2] = {0.5, 0.5};
  ck_assert_int_eq(pgo_cfg_set_annotation(g, 0, two, 2), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(pgo_cfg_errmsg(g), "annotation"));
  ck_assert(!pgo_cfg_is_finished(g));
  ck_assert_int_eq(pgo_cfg_verify(g), PGO_ERR_CORRUPT);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 0, 0), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  /* After finish the size is checked at once. */
  const double three[3] = {0.2, 0.3, 0.5};
  ck_assert_int_eq(pgo_cfg_set_annotation(g, 0, three, 3), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_analyze(g, 1u << 7), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_RPO), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_valid_analyses(g), PGO_ANALYSIS_RPO);
  /* DOM not asked for: the query computes it on demand. */
  ck_assert_uint_ne(pgo_cfg_idom(g, 1), PGO_INVALID);
  ck_assert(pgo_cfg_valid_analyses(g) & PGO_ANALYSIS_DOM);
  /* Out-of-range queries. */
  ck_assert_uint_eq(pgo_cfg_rpo_index(g, 100), PGO_NONE);
  ck_assert_uint_eq(pgo_cfg_nsucc(g, 100), 0);
  ck_assert_uint_eq(pgo_cfg_npred(g, 100), 0);
  ck_assert_uint_eq(pgo_cfg_il_offset(g, 100), PGO_NONE);
  ck_assert_ptr_null(pgo_cfg_label(g, 100));
  ck_assert_uint_eq(pgo_cfg_flags(g, 100), 0);
  ck_assert(!pgo_cfg_is_exit(g, 100));
  ck_assert_uint_eq(pgo_cfg_edge_dst(g, 100), PGO_NONE);
  pgo_cfg_free(g);

  /* NULL handles. */
  pgo_cfg_free(NULL);
  ck_assert_uint_eq(pgo_cfg_nblocks(NULL), 0);
  ck_assert_int_eq(pgo_cfg_finish(NULL), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_cfg_analyze(NULL, PGO_ANALYSIS_ALL), PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(pgo_cfg_errmsg(NULL));
  ck_assert_str_eq(pgo_cfg_key(NULL).name, "");
  pgo_allocator noalloc = {NULL, NULL};
  ck_assert_int_eq(pgo_cfg_new(&noalloc, &g), PGO_ERR_INVALID);
  ck_assert_ptr_null(g);
}
END_TEST

/* Builds a 2-block graph where block 0 ends in `term` with `nsucc`
 * successors to block 1, then verifies. */
static pgo_status verify_term(pgo_term term, uint32_t nsucc, char *msg,
                              size_t msglen) {
  pgo_cfg *g;
  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(g, 0, 1, NULL), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(g, 1, 1, NULL), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_label(g, 0, "head"), PGO_OK);
  for (uint32_t k = 0; k < nsucc; k++)
    ck_assert_int_eq(pgo_cfg_add_edge(g, 0, 1), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, 0, term), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_term(g, 1, PGO_TERM_RETURN), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  pgo_status s = pgo_cfg_verify(g);
  snprintf(msg, msglen, "%s", pgo_cfg_errmsg(g));
  pgo_cfg_free(g);
  return s;
}

START_TEST(verify_terminators) {
  char msg[256];
  ck_assert_int_eq(verify_term(PGO_TERM_JUMP, 1, msg, sizeof msg), PGO_OK);
  ck_assert_int_eq(verify_term(PGO_TERM_JUMP, 2, msg, sizeof msg),
                   PGO_ERR_CORRUPT);
  ck_assert_ptr_nonnull(strstr(msg, "block 0 (head)"));
  ck_assert_ptr_nonnull(strstr(msg, "jump"));
  ck_assert_int_eq(verify_term(PGO_TERM_BRANCH, 2, msg, sizeof msg), PGO_OK);
  ck_assert_int_eq(verify_term(PGO_TERM_BRANCH, 1, msg, sizeof msg),
                   PGO_ERR_CORRUPT);
  ck_assert_int_eq(verify_term(PGO_TERM_INVOKE, 2, msg, sizeof msg), PGO_OK);
  ck_assert_int_eq(verify_term(PGO_TERM_SWITCH, 5, msg, sizeof msg), PGO_OK);
  ck_assert_int_eq(verify_term(PGO_TERM_SWITCH, 0, msg, sizeof msg),
                   PGO_ERR_CORRUPT);
  ck_assert_int_eq(verify_term(PGO_TERM_RETURN, 1, msg, sizeof msg),
                   PGO_ERR_CORRUPT);
  ck_assert_int_eq(verify_term(PGO_TERM_UNREACHABLE, 0, msg, sizeof msg),
                   PGO_OK);
  ck_assert_int_eq(verify_term(PGO_TERM_INDIRECT, 3, msg, sizeof msg), PGO_OK);
}
END_TEST

START_TEST(verify_offsets_and_annotations) {
  pgo_cfg *g;
  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(g, 0, 4, NULL), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(g, 4, 4, NULL), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(g, 4, 4, NULL), PGO_OK); /* duplicate */
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_verify(g), PGO_ERR_CORRUPT);
  ck_assert_ptr_nonnull(strstr(pgo_cfg_errmsg(g), "IL offset 4"));
  pgo_cfg_free(g);

  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_key(g, "f", 1, 6), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(g, 0, 4, NULL), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(g, 4, 4, NULL), PGO_OK); /* past il_size */
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_verify(g), PGO_ERR_CORRUPT);
  ck_assert_ptr_nonnull(strstr(pgo_cfg_errmsg(g), "IL size"));
  ck_assert_int_eq(pgo_cfg_set_key(g, "f", 1, 8), PGO_OK);
  ck_assert_int_eq(pgo_cfg_verify(g), PGO_OK);
  pgo_cfg_free(g);

  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(g, 0, 1, NULL), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(g, 1, 1, NULL), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 0, 1), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 0, 1), PGO_OK);
  const double p[2] = {0.5, 0.4}; /* sums to 0.9 */
  ck_assert_int_eq(pgo_cfg_set_annotation(g, 0, p, 2), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_verify(g), PGO_ERR_CORRUPT);
  ck_assert_ptr_nonnull(strstr(pgo_cfg_errmsg(g), "sum"));
  ck_assert_int_eq(pgo_cfg_set_annotation(g, 0, NULL, 0), PGO_OK); /* clear */
  ck_assert_int_eq(pgo_cfg_verify(g), PGO_OK);
  ck_assert_str_eq(pgo_cfg_errmsg(g), "");
  pgo_cfg_free(g);
}
END_TEST

START_TEST(editing_invalidates) {
  pgo_cfg *g;
  ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(g, 0, 1, NULL), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_block(g, 1, 1, NULL), PGO_OK);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 0, 1), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_valid_analyses(g), PGO_ANALYSIS_ALL);
  ck_assert_uint_eq(pgo_cfg_nloops(g), 0);
  ck_assert_int_eq(pgo_cfg_add_edge(g, 1, 0), PGO_OK);
  ck_assert(!pgo_cfg_is_finished(g));
  ck_assert_uint_eq(pgo_cfg_valid_analyses(g), 0);
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_LOOPS), PGO_ERR_STATE);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK); /* idempotent */
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_LOOPS), PGO_OK);
  /* LOOPS pulls in DOM and RPO, not PDOM. */
  ck_assert_uint_eq(pgo_cfg_valid_analyses(g),
                    PGO_ANALYSIS_RPO | PGO_ANALYSIS_DOM | PGO_ANALYSIS_LOOPS);
  ck_assert_uint_eq(pgo_cfg_nloops(g), 1);
  ck_assert_int_eq(pgo_cfg_add_block(g, 2, 1, NULL), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_nloops(g), 0); /* unfinished: cannot tell */
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_entry(g, 0), PGO_OK); /* same entry: kept */
  ck_assert(pgo_cfg_is_finished(g));
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL), PGO_OK);
  uint64_t gen = pgo_cfg_generation(g);
  ck_assert_int_eq(pgo_cfg_set_entry(g, 2), PGO_OK);
  ck_assert(pgo_cfg_is_finished(g));
  ck_assert_uint_eq(pgo_cfg_valid_analyses(g), 0);
  ck_assert_uint_gt(pgo_cfg_generation(g), gen);
  /* Queries recompute on demand: block 2 is now the entry. */
  ck_assert_uint_eq(pgo_cfg_rpo_index(g, 2), 0);
  ck_assert_uint_eq(pgo_cfg_rpo_index(g, 0), PGO_NONE); /* unreachable */
  ck_assert_uint_eq(pgo_cfg_idom(g, 0), PGO_NONE);
  pgo_cfg_free(g);
}
END_TEST

START_TEST(many_blocks_grow) {
  /* Growth of the builder arrays through many reallocations, with the
   * counting allocator checking every size handed back. */
  test_alloc ta;
  pgo_allocator a = test_allocator(&ta);
  pgo_cfg *g;
  ck_assert_int_eq(pgo_cfg_new(&a, &g), PGO_OK);
  const uint32_t n = 5000;
  for (uint32_t i = 0; i < n; i++)
    ck_assert_int_eq(pgo_cfg_add_block(g, i, 1, NULL), PGO_OK);
  for (uint32_t i = 0; i + 1 < n; i++) {
    ck_assert_int_eq(pgo_cfg_add_edge(g, i, i + 1), PGO_OK);
    if (i % 7 == 0)
      ck_assert_int_eq(pgo_cfg_add_edge(g, i + 1, i / 2), PGO_OK);
  }
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_nblocks(g), n);
  ck_assert_uint_eq(pgo_cfg_block_at(g, 4321), 4321);
  pgo_cfg_free(g);
  ck_assert_int_eq(ta.live_blocks, 0);
  ck_assert_int_eq(ta.size_errors, 0);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("core_cfg");
  TCase *tc = tcase_create("cfg");
  tcase_add_test(tc, version_and_status_text);
  tcase_add_test(tc, edges_renumbered_by_source_and_index);
  tcase_add_test(tc, block_attributes);
  tcase_add_test(tc, block_at_by_il_offset);
  tcase_add_test(tc, block_at_permuted_offsets);
  tcase_add_test(tc, bad_input_gives_status);
  tcase_add_test(tc, verify_terminators);
  tcase_add_test(tc, verify_offsets_and_annotations);
  tcase_add_test(tc, editing_invalidates);
  tcase_add_test(tc, many_blocks_grow);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite())
