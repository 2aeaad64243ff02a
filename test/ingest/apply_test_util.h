/* apply_test_util.h -- helpers of the records -> pfg suites (test_apply.c,
 * test_blend.c): graphs from edge lists, method records, a counting and
 * failing allocator. */
#ifndef APPLY_TEST_UTIL_H
#define APPLY_TEST_UTIL_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pgo/ingest.h"

/* n blocks, block i at IL offset 10 * i with 1 instruction, edges in
 * successor order per source; terminators from the successor counts; key
 * ("m", hash, 10 * n). */
static inline pgo_cfg *at_graph(uint32_t n, const uint32_t (*e)[2],
                                uint32_t ne, uint64_t hash) {
  pgo_cfg *cfg = NULL;
  if (pgo_cfg_new(NULL, &cfg))
    return NULL;
  pgo_cfg_set_key(cfg, "m", hash, 10 * n);
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
  if (pgo_cfg_finish(cfg)) {
    pgo_cfg_free(cfg);
    return NULL;
  }
  return cfg;
}

/* A method record over caller arrays. */
static inline pgo_method_profile at_method(uint64_t hash, uint32_t il_size,
                                           uint64_t entry,
                                           const pgo_count_rec *b,
                                           uint32_t nb, const pgo_edge_rec *e,
                                           uint32_t ne) {
  pgo_method_profile m;
  memset(&m, 0, sizeof m);
  m.key.name = "m";
  m.key.hash = hash;
  m.key.il_size = il_size;
  m.has_entry = true;
  m.entry = entry;
  m.blocks = b;
  m.nblocks = nb;
  m.edges = e;
  m.nedges = ne;
  return m;
}

/* Counting allocator that refuses allocation number fail_at (0-based;
 * -1: never) and counts live blocks. */
typedef struct at_alloc {
  long fail_at, calls, live;
} at_alloc;

static inline void *at_realloc(void *ud, void *p, size_t old, size_t n) {
  at_alloc *a = ud;
  (void)old;
  if (n == 0) {
    if (p)
      a->live--;
    free(p);
    return NULL;
  }
  if (a->fail_at >= 0 && a->calls++ == a->fail_at)
    return NULL;
  void *q = realloc(p, n);
  if (q && !p)
    a->live++;
  return q;
}

#endif
