/*
 * random_graph.h -- the seeded random-graph generator shared by
 * test_random.c (analyses against brute force) and test_edit_random.c
 * (random edit sequences): 1..60 blocks, sparse to dense, forward-biased or
 * arbitrary edges, self loops, duplicate edges, unreachable blocks, a
 * non-zero entry now and then.
 */
#ifndef PGO_RANDOM_GRAPH_H
#define PGO_RANDOM_GRAPH_H

#include <stdint.h>
#include <string.h>

#define MAXN 64
#define MAXE 400

typedef struct rgraph {
  uint32_t n, m, entry;
  uint32_t src[MAXE], dst[MAXE]; /* insertion order */
  uint8_t throw_mark[MAXN];      /* THROW terminator although it has succs */
} rgraph;

static uint64_t rng_state;
static uint32_t rnd(uint32_t bound) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)((rng_state >> 16) % bound);
}

static void gen(rgraph *r, int i) {
  memset(r, 0, sizeof *r);
  r->n = 1 + (i < 400 ? rnd(10) : i < 800 ? rnd(30) : rnd(60));
  uint32_t style = rnd(4);
  uint32_t maxdeg = 1 + rnd(4);
  for (uint32_t b = 0; b < r->n; b++) {
    uint32_t k = rnd(maxdeg + 1);
    if (style == 0 && b + 1 < r->n && k == 0)
      k = 1; /* mostly connected */
    for (uint32_t j = 0; j < k && r->m < MAXE; j++) {
      uint32_t t;
      if (style <= 1 && rnd(4) != 0)
        t = b + 1 + rnd(3); /* forward-biased: structured-looking code */
      else
        t = rnd(r->n);
      if (t >= r->n)
        t = rnd(r->n);
      r->src[r->m] = b;
      r->dst[r->m] = t;
      r->m++;
    }
    r->throw_mark[b] = rnd(25) == 0;
  }
  r->entry = rnd(10) == 0 ? rnd(r->n) : 0;
}

#endif
