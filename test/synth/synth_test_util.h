/* synth_test_util.h -- helpers shared by the synth suites: build graphs
 * from edge lists, a dense reference solver, a failing allocator. */
#ifndef SYNTH_TEST_UTIL_H
#define SYNTH_TEST_UTIL_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pgo/core.h"
#include "pgo/synth.h"

/* Builds a finished graph with n blocks (entry 0, IL offset = 10 * index)
 * and the given edges in successor-index order per source.  Terminators
 * follow the successor count: 0 return, 1 jump, 2 branch, more switch. */
static inline pgo_cfg *tu_graph(uint32_t n, const uint32_t (*e)[2],
                                uint32_t ne) {
  pgo_cfg *cfg = NULL;
  if (pgo_cfg_new(NULL, &cfg) != PGO_OK)
    return NULL;
  pgo_cfg_set_key(cfg, "tu", 1, 10 * n);
  uint32_t *ns = calloc(n, sizeof *ns);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t b;
    pgo_cfg_add_block(cfg, 10 * i, 1, &b);
  }
  for (uint32_t i = 0; i < ne; i++) {
    pgo_cfg_add_edge(cfg, e[i][0], e[i][1]);
    ns[e[i][0]]++;
  }
  for (uint32_t i = 0; i < n; i++)
    pgo_cfg_set_term(cfg, i,
                     ns[i] == 0   ? PGO_TERM_RETURN
                     : ns[i] == 1 ? PGO_TERM_JUMP
                     : ns[i] == 2 ? PGO_TERM_BRANCH
                                  : PGO_TERM_SWITCH);
  free(ns);
  return cfg;
}

static inline pgo_status tu_finish(pgo_cfg *cfg) {
  pgo_status st = pgo_cfg_finish(cfg);
  if (st == PGO_OK)
    st = pgo_cfg_analyze(cfg, PGO_ANALYSIS_ALL);
  return st;
}

/* Edge id of (src, successor index k). */
static inline uint32_t tu_edge(const pgo_cfg *cfg, uint32_t src, uint32_t k) {
  return pgo_cfg_succ_begin(cfg, src) + k;
}

/* Dense reference: solves (I - E^T) N = IN over the reachable blocks by
 * Gaussian elimination with partial pivoting.  out[b] = 0 for unreachable
 * blocks.  Returns 0 on success, -1 if singular. */
static inline int tu_dense_solve(const pgo_pfg *p, double *out) {
  const pgo_cfg *cfg = pgo_pfg_cfg(p);
  uint32_t n = pgo_cfg_nblocks(cfg), k = 0;
  uint32_t *idx = malloc(n * sizeof *idx);
  for (uint32_t b = 0; b < n; b++)
    idx[b] = pgo_cfg_reachable(cfg, b) ? k++ : UINT32_MAX;
  double *a = calloc((size_t)k * (k + 1), sizeof *a);
#define A(i, j) a[(size_t)(i) * (k + 1) + (j)]
  for (uint32_t b = 0; b < n; b++) {
    if (idx[b] == UINT32_MAX)
      continue;
    A(idx[b], idx[b]) += 1.0;
    if (b == pgo_cfg_entry(cfg))
      A(idx[b], k) = 1.0;
    uint32_t np = pgo_cfg_npred(cfg, b);
    const uint32_t *pe = pgo_cfg_preds(cfg, b);
    for (uint32_t j = 0; j < np; j++) {
      uint32_t s = pgo_cfg_edge_src(cfg, pe[j]);
      if (idx[s] != UINT32_MAX)
        A(idx[b], idx[s]) -= pgo_pfg_edge_prob(p, pe[j]);
    }
  }
  int rc = 0;
  for (uint32_t c = 0; c < k && rc == 0; c++) {
    uint32_t piv = c;
    for (uint32_t r = c + 1; r < k; r++)
      if (fabs(A(r, c)) > fabs(A(piv, c)))
        piv = r;
    if (fabs(A(piv, c)) < 1e-14) {
      rc = -1;
      break;
    }
    for (uint32_t j = 0; j <= k; j++) {
      double t = A(c, j);
      A(c, j) = A(piv, j);
      A(piv, j) = t;
    }
    for (uint32_t r = 0; r < k; r++) {
      if (r == c || A(r, c) == 0)
        continue;
      double f = A(r, c) / A(c, c);
      for (uint32_t j = c; j <= k; j++)
        A(r, j) -= f * A(c, j);
    }
  }
  for (uint32_t b = 0; b < n; b++)
    out[b] =
        (idx[b] == UINT32_MAX || rc) ? 0 : A(idx[b], k) / A(idx[b], idx[b]);
#undef A
  free(a);
  free(idx);
  return rc;
}

/* An allocator that fails the Nth allocation (counting from 1); 0 never. */
typedef struct tu_failing {
  long fail_at;
  long count;
} tu_failing;

static inline void *tu_failing_realloc(void *ud, void *ptr, size_t old_size,
                                       size_t new_size) {
  tu_failing *f = ud;
  (void)old_size;
  if (new_size == 0) {
    free(ptr);
    return NULL;
  }
  if (++f->count == f->fail_at)
    return NULL;
  return realloc(ptr, new_size);
}

#endif
