/*
 * pgo-bench-cfg-scale -- linear scaling of lib/core.
 *
 * For each shape (bench/common/shapes.h) at --blocks blocks (default
 * 1,000,000): build the graph through the builder API, finish it (CSR), and
 * run the analyses one at a time -- RPO, dominators, post-dominators,
 * natural loops + irreducible regions -- timing each step.  Each shape is
 * run --repeat times (default 3) and the median of every column is shown.
 * Before any figure is printed the results of the first run are checked
 * (pgo_cfg_verify, every block reachable, and the loop / region counts the
 * shape implies); a failed check makes the exit status 1.
 *
 * Usage: pgo-bench-cfg-scale [--blocks N] [--repeat R] [--seed S]
 *                            [--shape NAME]...
 */
#define _POSIX_C_SOURCE 200809L
#include "shapes.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#ifndef PGO_BUILD_TYPE
#define PGO_BUILD_TYPE "unknown"
#endif

enum { T_BUILD, T_FINISH, T_RPO, T_DOM, T_PDOM, T_LOOPS, T_TOTAL, T_N };
static const char *const tnames[T_N] = {"build", "finish", "rpo", "dom",
                                        "pdom", "loops+irr", "total"};

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void cpu_model(char *buf, size_t n) {
  snprintf(buf, n, "unknown");
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (!f)
    return;
  char line[512];
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "model name", 10) == 0) {
      char *p = strchr(line, ':');
      if (p) {
        p++;
        while (*p == ' ')
          p++;
        p[strcspn(p, "\n")] = 0;
        snprintf(buf, n, "%s", p);
      }
      break;
    }
  }
  fclose(f);
}

/* Shape-specific checks of the analyses; returns a short verdict. */
static const char *check(enum bench_shape s, pgo_cfg *g, uint32_t nblocks,
                         char *why, size_t whylen) {
  if (pgo_cfg_verify(g) != PGO_OK) {
    snprintf(why, whylen, "verify: %s", pgo_cfg_errmsg(g));
    return NULL;
  }
  uint32_t nrpo;
  pgo_cfg_rpo(g, &nrpo);
  if (nrpo != nblocks) {
    snprintf(why, whylen, "%u of %u blocks reachable", nrpo, nblocks);
    return NULL;
  }
  uint32_t nl = pgo_cfg_nloops(g), nirr = pgo_cfg_nirreducible(g);
  uint32_t maxdepth = 0;
  for (uint32_t l = 0; l < nl; l++)
    if (pgo_cfg_loop_depth(g, l) > maxdepth)
      maxdepth = pgo_cfg_loop_depth(g, l);
  uint32_t exitb = nblocks - 1;
  switch (s) {
  case BENCH_SHAPE_DIAMONDS:
    if (nl != 0 || nirr != 0 || pgo_cfg_ipdom(g, 0) != 1 ||
        !pgo_cfg_postdominates(g, exitb, 0) || pgo_cfg_idom(g, exitb) == PGO_NONE)
      break;
    return "ok";
  case BENCH_SHAPE_LOOP_NEST: {
    uint32_t depth = nblocks / 100 ? nblocks / 100 : 1; /* as shapes.c */
    if (nl != depth || maxdepth != depth || nirr != 0 ||
        pgo_cfg_block_depth(g, exitb) != 0)
      break;
    return "ok";
  }
  case BENCH_SHAPE_SWITCH: {
    uint32_t nown;
    pgo_cfg_loop_blocks(g, 0, &nown);
    if (nl != 1 || nirr != 0 || nown != nblocks - 2 ||
        pgo_cfg_nsucc(g, 1) < nblocks / 10)
      break;
    return "ok";
  }
  case BENCH_SHAPE_IRREDUCIBLE: {
    uint32_t nb = 0, ne = 0;
    pgo_cfg_irreducible_blocks(g, 0, &nb);
    pgo_cfg_irreducible_entries(g, 0, &ne);
    if (nl != 0 || nirr != 1 || nb != ((nblocks - 2) & ~1u) || ne != 2)
      break;
    return "ok";
  }
  case BENCH_SHAPE_RANDOM:
  case BENCH_SHAPE_COUNT:
    /* Small random mixes may have no loop at all. */
    if (nl == 0 && nblocks >= 1000)
      break;
    return "ok";
  }
  snprintf(why, whylen, "unexpected analysis results: %u loops (max depth %u), "
           "%u irreducible regions", nl, maxdepth, nirr);
  return NULL;
}

static void usage(FILE *f) {
  fprintf(f, "usage: pgo-bench-cfg-scale [--blocks N] [--repeat R] [--seed S] "
             "[--shape NAME]...\nshapes:");
  for (int i = 0; i < BENCH_SHAPE_COUNT; i++)
    fprintf(f, " %s", bench_shape_name((enum bench_shape)i));
  fprintf(f, "\n");
}

int main(int argc, char **argv) {
  uint32_t nblocks = 1000000, repeat = 3;
  uint64_t seed = 1;
  int shapes[BENCH_SHAPE_COUNT], nshapes = 0;
  static const struct option opts[] = {{"blocks", required_argument, 0, 'n'},
                                       {"repeat", required_argument, 0, 'r'},
                                       {"seed", required_argument, 0, 's'},
                                       {"shape", required_argument, 0, 'S'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  int c;
  while ((c = getopt_long(argc, argv, "n:r:s:S:h", opts, NULL)) != -1) {
    switch (c) {
    case 'n':
      nblocks = (uint32_t)strtoul(optarg, NULL, 10);
      break;
    case 'r':
      repeat = (uint32_t)strtoul(optarg, NULL, 10);
      break;
    case 's':
      seed = strtoull(optarg, NULL, 10);
      break;
    case 'S': {
      int s = bench_shape_from_name(optarg);
      if (s < 0 || nshapes == BENCH_SHAPE_COUNT) {
        fprintf(stderr, "pgo-bench-cfg-scale: unknown shape '%s'\n", optarg);
        usage(stderr);
        return 2;
      }
      shapes[nshapes++] = s;
      break;
    }
    case 'h':
      usage(stdout);
      return 0;
    default:
      usage(stderr);
      return 2;
    }
  }
  if (nblocks < 8 || repeat < 1 || optind != argc) {
    usage(stderr);
    return 2;
  }
  if (nshapes == 0)
    for (int i = 0; i < BENCH_SHAPE_COUNT; i++)
      shapes[nshapes++] = i;

  char cpu[256];
  cpu_model(cpu, sizeof cpu);
  printf("pgo-bench-cfg-scale: lib/core %s, %ld CPUs (%s), gcc %s, %s build; "
         "median of %u runs, milliseconds\n",
         pgo_version(), sysconf(_SC_NPROCESSORS_ONLN), cpu, __VERSION__,
         PGO_BUILD_TYPE, repeat);
  printf("%-19s %8s %8s", "shape", "blocks", "edges");
  for (int t = 0; t < T_N; t++)
    printf(" %9s", tnames[t]);
  printf("  %6s %6s  %s\n", "loops", "irr", "check");

  int failed = 0;
  double *samples = malloc((size_t)repeat * T_N * sizeof(double));
  if (!samples)
    return 1;
  for (int si = 0; si < nshapes; si++) {
    enum bench_shape s = (enum bench_shape)shapes[si];
    uint32_t nedges = 0, nl = 0, nirr = 0;
    const char *verdict = NULL;
    char why[512] = "";
    for (uint32_t r = 0; r < repeat; r++) {
      double t[T_N + 1];
      pgo_cfg *g = NULL;
      pgo_status st;
      t[0] = now_ms();
      st = bench_shape_build(s, nblocks, seed, &g);
      t[1] = now_ms();
      if (st == PGO_OK)
        st = pgo_cfg_finish(g);
      t[2] = now_ms();
      if (st == PGO_OK)
        st = pgo_cfg_analyze(g, PGO_ANALYSIS_RPO);
      t[3] = now_ms();
      if (st == PGO_OK)
        st = pgo_cfg_analyze(g, PGO_ANALYSIS_DOM);
      t[4] = now_ms();
      if (st == PGO_OK)
        st = pgo_cfg_analyze(g, PGO_ANALYSIS_PDOM);
      t[5] = now_ms();
      if (st == PGO_OK)
        st = pgo_cfg_analyze(g, PGO_ANALYSIS_LOOPS);
      t[6] = now_ms();
      if (st != PGO_OK) {
        fprintf(stderr, "pgo-bench-cfg-scale: %s: %s (%s)\n",
                bench_shape_name(s), pgo_status_text(st),
                g ? pgo_cfg_errmsg(g) : "building");
        pgo_cfg_free(g);
        free(samples);
        return 1;
      }
      for (int k = 0; k < T_TOTAL; k++)
        samples[(size_t)k * repeat + r] = t[k + 1] - t[k];
      samples[(size_t)T_TOTAL * repeat + r] = t[6] - t[0];
      if (r == 0) {
        nedges = pgo_cfg_nedges(g);
        nl = pgo_cfg_nloops(g);
        nirr = pgo_cfg_nirreducible(g);
        verdict = check(s, g, nblocks, why, sizeof why);
      }
      pgo_cfg_free(g);
    }
    printf("%-19s %8u %8u", bench_shape_name(s), nblocks, nedges);
    for (int k = 0; k < T_N; k++) {
      double *col = samples + (size_t)k * repeat;
      qsort(col, repeat, sizeof *col, cmp_double);
      printf(" %9.1f", col[repeat / 2]);
    }
    printf("  %6u %6u  %s\n", nl, nirr, verdict ? verdict : "FAILED");
    if (!verdict) {
      fprintf(stderr, "pgo-bench-cfg-scale: %s: check failed: %s\n",
              bench_shape_name(s), why);
      failed = 1;
    }
  }
  free(samples);
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) == 0)
    printf("peak RSS %.0f MiB\n", (double)ru.ru_maxrss / 1024.0);
  return failed;
}
