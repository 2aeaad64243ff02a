/*
 * edit_test_util.h -- helpers of the suites that edit graphs: a rebuild of
 * a graph from its public view (the "from scratch" reference an edited
 * graph's analyses must equal), a digest of every analysis result, and
 * snapshots of a graph and of a profile that read without changing
 * anything (to assert that a failed call left the state exactly as it
 * was).
 */
#ifndef PGO_EDIT_TEST_UTIL_H
#define PGO_EDIT_TEST_UTIL_H

#include "core_test_util.h"

#include <math.h>

/* A new graph with the same blocks (ids, offsets, sizes, terminators,
 * flags; a tombstone becomes an isolated block without offset), the same
 * edges in the same successor order (so the same edge ids) and entry. */
static inline pgo_cfg *rebuild(const pgo_cfg *g) {
  pgo_cfg *r = NULL;
  ck_assert_int_eq(pgo_cfg_new(NULL, &r), PGO_OK);
  uint32_t n = pgo_cfg_nblocks(g);
  for (uint32_t b = 0; b < n; b++) {
    ck_assert_int_eq(
        pgo_cfg_add_block(r, pgo_cfg_il_offset(g, b), pgo_cfg_ninstr(g, b),
                          NULL),
        PGO_OK);
    ck_assert_int_eq(pgo_cfg_set_term(r, b, pgo_cfg_term(g, b)), PGO_OK);
  }
  for (uint32_t b = 0; b < n; b++)
    for (uint32_t k = 0; k < pgo_cfg_nsucc(g, b); k++)
      ck_assert_int_eq(
          pgo_cfg_add_edge(r, b, pgo_cfg_edge_dst(g, pgo_cfg_edge_at(g, b, k))),
          PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_entry(r, pgo_cfg_entry(g)), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(r), PGO_OK);
  return r;
}

static inline void hash_list(pgo_hasher *h, const uint32_t *x, uint32_t k) {
  pgo_hasher_u32(h, k);
  for (uint32_t i = 0; i < k; i++)
    pgo_hasher_u32(h, x[i]);
}

/* Every analysis result (queries recompute on demand).  Tombstones of the
 * edited graph and the isolated blocks of its rebuild agree on every
 * hashed query. */
static inline uint64_t analysis_digest(const pgo_cfg *g) {
  pgo_hasher h;
  pgo_hasher_init(&h);
  uint32_t n = pgo_cfg_nblocks(g), k;
  pgo_hasher_u32(&h, n);
  pgo_hasher_u32(&h, pgo_cfg_nedges(g));
  const uint32_t *x = pgo_cfg_rpo(g, &k);
  hash_list(&h, x, k);
  for (uint32_t b = 0; b < n; b++) {
    pgo_hasher_u32(&h, pgo_cfg_idom(g, b));
    pgo_hasher_u32(&h, pgo_cfg_ipdom(g, b));
    pgo_hasher_u32(&h, pgo_cfg_block_loop(g, b));
    pgo_hasher_u32(&h, pgo_cfg_block_depth(g, b));
    pgo_hasher_u32(&h, pgo_cfg_block_irreducible(g, b));
    pgo_hasher_u32(&h, pgo_cfg_rpo_index(g, b));
  }
  pgo_hasher_u32(&h, pgo_cfg_nloops(g));
  for (uint32_t l = 0; l < pgo_cfg_nloops(g); l++) {
    pgo_hasher_u32(&h, pgo_cfg_loop_header(g, l));
    pgo_hasher_u32(&h, pgo_cfg_loop_parent(g, l));
    x = pgo_cfg_loop_blocks(g, l, &k);
    hash_list(&h, x, k);
    x = pgo_cfg_loop_exits(g, l, &k);
    hash_list(&h, x, k);
    x = pgo_cfg_loop_back_edges(g, l, &k);
    hash_list(&h, x, k);
  }
  pgo_hasher_u32(&h, pgo_cfg_nirreducible(g));
  for (uint32_t r = 0; r < pgo_cfg_nirreducible(g); r++) {
    x = pgo_cfg_irreducible_blocks(g, r, &k);
    hash_list(&h, x, k);
    x = pgo_cfg_irreducible_entries(g, r, &k);
    hash_list(&h, x, k);
  }
  return pgo_hasher_final(&h);
}

/* The structure and attributes of a graph, its generation, which of the
 * analyses in mask are valid and (only for those) their results: reads
 * nothing that would recompute. */
static inline uint64_t graph_snapshot_masked(const pgo_cfg *g,
                                             unsigned mask) {
  pgo_hasher h;
  pgo_hasher_init(&h);
  uint32_t n = pgo_cfg_nblocks(g), k;
  pgo_hasher_u32(&h, n);
  pgo_hasher_u32(&h, pgo_cfg_nedges(g));
  pgo_hasher_u32(&h, pgo_cfg_entry(g));
  pgo_hasher_u64(&h, pgo_cfg_generation(g));
  pgo_hasher_u32(&h, pgo_cfg_is_finished(g));
  unsigned valid = pgo_cfg_valid_analyses(g) & mask;
  pgo_hasher_u32(&h, valid);
  pgo_method_key key = pgo_cfg_key(g);
  pgo_hasher_str(&h, key.name);
  pgo_hasher_u64(&h, key.hash);
  pgo_hasher_u32(&h, key.il_size);
  for (uint32_t b = 0; b < n; b++) {
    pgo_hasher_u32(&h, pgo_cfg_il_offset(g, b));
    pgo_hasher_u32(&h, pgo_cfg_ninstr(g, b));
    pgo_hasher_u32(&h, pgo_cfg_term(g, b));
    pgo_hasher_u32(&h, pgo_cfg_flags(g, b));
    pgo_hasher_u32(&h, pgo_cfg_block_removed(g, b));
    pgo_hasher_str(&h, pgo_cfg_label(g, b));
    pgo_branch_features f = pgo_cfg_branch(g, b);
    pgo_hasher_u32(&h, (uint32_t)f.cmp * 64 + f.lhs * 8 + f.rhs);
    uint32_t ns = pgo_cfg_nsucc(g, b);
    pgo_hasher_u32(&h, ns);
    const double *an = pgo_cfg_annotation(g, b);
    for (uint32_t i = 0; an && i < ns; i++)
      pgo_hasher_u64(&h, (uint64_t)llround(an[i] * 1e12));
    if (pgo_cfg_is_finished(g)) {
      for (uint32_t i = 0; i < ns; i++)
        pgo_hasher_u32(&h, pgo_cfg_edge_dst(g, pgo_cfg_edge_at(g, b, i)));
      hash_list(&h, pgo_cfg_preds(g, b), pgo_cfg_npred(g, b));
    }
    if (valid & PGO_ANALYSIS_RPO)
      pgo_hasher_u32(&h, pgo_cfg_rpo_index(g, b));
    if (valid & PGO_ANALYSIS_DOM)
      pgo_hasher_u32(&h, pgo_cfg_idom(g, b));
    if (valid & PGO_ANALYSIS_PDOM)
      pgo_hasher_u32(&h, pgo_cfg_ipdom(g, b));
    if (valid & PGO_ANALYSIS_LOOPS) {
      pgo_hasher_u32(&h, pgo_cfg_block_loop(g, b));
      pgo_hasher_u32(&h, pgo_cfg_block_irreducible(g, b));
    }
  }
  if (valid & PGO_ANALYSIS_LOOPS) {
    pgo_hasher_u32(&h, pgo_cfg_nloops(g));
    for (uint32_t l = 0; l < pgo_cfg_nloops(g); l++) {
      const uint32_t *x = pgo_cfg_loop_exits(g, l, &k);
      hash_list(&h, x, k);
    }
  }
  return pgo_hasher_final(&h);
}

static inline uint64_t graph_snapshot(const pgo_cfg *g) {
  return graph_snapshot_masked(g, PGO_ANALYSIS_ALL);
}

static inline void hash_double(pgo_hasher *h, double v) {
  uint64_t u;
  memcpy(&u, &v, sizeof u);
  if (isnan(v))
    u = 1; /* every NaN alike */
  pgo_hasher_u64(h, u);
}

/* Every value of a profile that is in sync with its graph (reads without
 * syncing when it is). */
static inline uint64_t pfg_snapshot(const pgo_pfg *p) {
  pgo_hasher h;
  pgo_hasher_init(&h);
  const pgo_cfg *g = pgo_pfg_cfg(p);
  pgo_hasher_u64(&h, pgo_pfg_generation(p));
  uint32_t n = pgo_cfg_nblocks(g);
  for (uint32_t b = 0; b < n; b++) {
    hash_double(&h, pgo_pfg_block_count(p, b));
    pgo_hasher_u32(&h, pgo_pfg_block_prov(p, b));
    pgo_hasher_u32(&h, pgo_pfg_block_held(p, b));
  }
  for (uint32_t e = 0; e < pgo_cfg_nedges(g); e++) {
    hash_double(&h, pgo_pfg_edge_prob(p, e));
    pgo_hasher_u32(&h, pgo_pfg_edge_prov(p, e));
    pgo_hasher_u32(&h, pgo_pfg_edge_held(p, e));
    hash_double(&h, pgo_pfg_edge_measured(p, e));
    pgo_hasher_u32(&h, pgo_pfg_edge_measured_prov(p, e));
  }
  pgo_hasher_u32(&h, pgo_pfg_nhistograms(p));
  for (uint32_t i = 0; i < pgo_pfg_nhistograms(p); i++) {
    pgo_pfg_histogram v;
    ck_assert_int_eq(pgo_pfg_histogram_at(p, i, &v), PGO_OK);
    pgo_hasher_u32(&h, v.il_offset);
    pgo_hasher_u32(&h, v.n);
    for (uint32_t k = 0; k < v.n; k++) {
      pgo_hasher_str(&h, v.targets[k]);
      hash_double(&h, v.counts[k]);
    }
    hash_double(&h, v.other);
    pgo_hasher_u32(&h, v.prov);
  }
  return pgo_hasher_final(&h);
}

#endif
