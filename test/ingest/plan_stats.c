/*
 * plan_stats.c -- how many counters probe plans need: per bench shape
 * (bench/common/shapes.c) and size, and over seeded random graphs, the
 * plan's counters against the graph's edges (cfg edges between reachable
 * blocks) and against "one counter per edge" (what naive edge profiling
 * would use), with the counters that need a split block.  Prints the table
 * quoted in docs/ingest.md.
 *
 *   ingest_plan_stats            print the table
 *   ingest_plan_stats --time N   per shape at N blocks: ms to synthesize
 *                                the weights, build the plan from them, and
 *                                reconstruct (warm: second call; median of 3)
 *   ingest_plan_stats --check    also fail (exit 1) unless every plan has
 *                                exactly as many counters as the cycle rank
 *                                of its plan graph (the minimum)
 */
#define _POSIX_C_SOURCE 200809L
#include <pgo/ingest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shapes.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(uint32_t bound) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)((rng >> 16) % bound);
}

typedef struct tot {
  uint64_t graphs, blocks, edges, exits, counters, cfg_counters, critical;
} tot;

static int bad;

static void add(tot *t, pgo_cfg *g) {
  pgo_plan *p = NULL;
  pgo_status st = pgo_plan_new(NULL, g, NULL, &p);
  if (st != PGO_OK) {
    fprintf(stderr, "plan: %s\n", pgo_status_text(st));
    exit(2);
  }
  pgo_plan_stats s;
  pgo_plan_get_stats(p, &s);
  /* the fewest counters that determine every edge: the cycle rank of the
   * plan graph, E - V + 1 with E = edges + exits + 1, V = blocks + 1 */
  if (s.counters != s.edges + s.exits + 1 - s.blocks)
    bad = 1;
  t->graphs++;
  t->blocks += s.blocks;
  t->edges += s.edges;
  t->exits += s.exits;
  t->counters += s.counters;
  t->cfg_counters += s.cfg_counters;
  t->critical += s.critical;
  pgo_plan_free(p);
}

static void row(const char *name, uint32_t n, const tot *t) {
  char size[16];
  if (n)
    snprintf(size, sizeof size, "%u", n);
  else
    snprintf(size, sizeof size, "-");
  double e = (double)t->edges, ex = (double)(t->edges + t->exits);
  printf("| %-18s | %7s | %6llu | %8llu | %8llu | %8llu | %6.3f | %6.3f | "
         "%8llu |\n",
         name, size, (unsigned long long)t->graphs,
         (unsigned long long)t->edges, (unsigned long long)t->exits,
         (unsigned long long)t->counters, t->counters / (e > 0 ? e : 1),
         t->counters / (ex > 0 ? ex : 1), (unsigned long long)t->critical);
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int dcmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static int timing(uint32_t n) {
  printf("| shape              | blocks  | edges   | counters | synth ms | "
         "plan ms | reconstruct ms |\n");
  printf("|--------------------|---------|---------|----------|----------|"
         "---------|----------------|\n");
  for (int sh = 0; sh < BENCH_SHAPE_COUNT; sh++) {
    double ts[3], tp[3], tr[3];
    pgo_plan_stats st;
    for (int rep = 0; rep < 3; rep++) {
      pgo_cfg *g = NULL;
      pgo_synth *sy = NULL;
      pgo_pfg *w = NULL;
      pgo_plan *p = NULL;
      if (bench_shape_build((enum bench_shape)sh, n, 1, &g) != PGO_OK ||
          pgo_cfg_finish(g) != PGO_OK || pgo_synth_new(NULL, &sy) != PGO_OK ||
          pgo_pfg_new(NULL, g, &w) != PGO_OK)
        return 2;
      double t0 = now_ms();
      pgo_status rs = pgo_synth_run(sy, g, NULL, w);
      if (rs != PGO_OK && rs != PGO_ERR_NOT_CONVERGED)
        return 2;
      double t1 = now_ms();
      if (pgo_plan_new(NULL, g, w, &p) != PGO_OK)
        return 2;
      double t2 = now_ms();
      pgo_plan_get_stats(p, &st);
      uint64_t *v = calloc(st.counters, sizeof *v);
      uint64_t *bc = malloc(pgo_cfg_nblocks(g) * sizeof *bc);
      uint64_t *ec = malloc(pgo_cfg_nedges(g) * sizeof *ec);
      for (uint32_t c = 0; c < st.counters; c++)
        v[c] = rnd(1000);
      /* once to touch the scratch and output pages, then timed */
      pgo_plan_reconstruct(p, v, st.counters, bc, ec, NULL, NULL);
      double t3 = now_ms();
      pgo_plan_reconstruct(p, v, st.counters, bc, ec, NULL, NULL);
      double t4 = now_ms();
      ts[rep] = t1 - t0;
      tp[rep] = t2 - t1;
      tr[rep] = t4 - t3;
      free(v);
      free(bc);
      free(ec);
      pgo_plan_free(p);
      pgo_pfg_free(w);
      pgo_synth_free(sy);
      pgo_cfg_free(g);
    }
    qsort(ts, 3, sizeof *ts, dcmp);
    qsort(tp, 3, sizeof *tp, dcmp);
    qsort(tr, 3, sizeof *tr, dcmp);
    printf("| %-18s | %7u | %7u | %8u | %8.0f | %7.0f | %14.1f |\n",
           bench_shape_name((enum bench_shape)sh), n, st.edges, st.counters,
           ts[1], tp[1], tr[1]);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "--time") == 0)
    return timing((uint32_t)strtoul(argv[2], NULL, 10));
  int check = argc > 1 && strcmp(argv[1], "--check") == 0;
  printf("| graph              | blocks  | graphs | edges    | exits    | "
         "counters | c/edge | c/(e+x)| critical |\n");
  printf("|--------------------|---------|--------|----------|----------|"
         "----------|--------|--------|----------|\n");
  static const uint32_t sizes[] = {100, 10000};
  for (int sh = 0; sh < BENCH_SHAPE_COUNT; sh++)
    for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
      tot t;
      memset(&t, 0, sizeof t);
      for (uint64_t seed = 1; seed <= 5; seed++) {
        pgo_cfg *g = NULL;
        if (bench_shape_build((enum bench_shape)sh, sizes[z], seed, &g) !=
                PGO_OK ||
            pgo_cfg_finish(g) != PGO_OK)
          return 2;
        add(&t, g);
        pgo_cfg_free(g);
      }
      row(bench_shape_name((enum bench_shape)sh), sizes[z], &t);
    }
  /* random graphs as test_random.c makes them (forward-biased, 2..60
   * blocks, up to 4 successors) */
  tot t;
  memset(&t, 0, sizeof t);
  for (int i = 0; i < 1000; i++) {
    uint32_t n = 2 + rnd(59), maxdeg = 1 + rnd(4);
    pgo_cfg *g = NULL;
    if (pgo_cfg_new(NULL, &g) != PGO_OK)
      return 2;
    for (uint32_t b = 0; b < n; b++) {
      uint32_t id;
      pgo_cfg_add_block(g, 10 * b, 10, &id);
    }
    for (uint32_t b = 0; b < n; b++) {
      uint32_t k = rnd(maxdeg + 1);
      if (b + 1 < n && k == 0)
        k = 1;
      for (uint32_t j = 0; j < k; j++) {
        uint32_t d = rnd(4) ? b + 1 + rnd(3) : rnd(n);
        pgo_cfg_add_edge(g, b, d < n ? d : rnd(n));
      }
    }
    for (uint32_t b = 0; b < n; b++) {
      uint32_t ns = pgo_cfg_nsucc(g, b);
      pgo_cfg_set_term(g, b,
                       ns == 0   ? PGO_TERM_RETURN
                       : ns == 1 ? PGO_TERM_JUMP
                       : ns == 2 ? PGO_TERM_BRANCH
                                 : PGO_TERM_SWITCH);
    }
    if (pgo_cfg_finish(g) != PGO_OK)
      return 2;
    add(&t, g);
    pgo_cfg_free(g);
  }
  row("random (2..60)", 0, &t);
  if (check && bad) {
    fprintf(stderr, "ingest_plan_stats: a plan's counters are not the cycle "
                    "rank of its graph\n");
    return 1;
  }
  return 0;
}
