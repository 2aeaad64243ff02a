/*
 * pgo-bench-synth-scale -- how synthesis scales, against LLVM's BFI.
 *
 * For each shape of bench/common/shapes.h (chain of diamonds, deep loop
 * nest, huge switch, irreducible ladder, random mix) and each size from
 * --min to --max blocks (powers of ten, default 10^3 .. 10^6):
 *
 *   pgo   build the graph, finish it, then time pgo_cfg_analyze (RPO,
 *         dominators, post-dominators, loops, irreducible regions) plus
 *         pgo_synth_run (heuristics + Dempster-Shafer + Wu-Larus /
 *         Gauss-Seidel frequencies): best of --repeat runs.
 *   LLVM  write the same graph as one IR function (one block per block,
 *         same successors in the same order; branch conditions are
 *         `icmp slt %x, k`, switches on %x) -- below 10^5 blocks as
 *         10^5 / n copies of it in one module, the time divided by the
 *         copy count, so that opt's start-up does not swamp it -- then time
 *             opt-19 -passes='require<block-freq>' -disable-output F.ll
 *         minus the parse-and-verify baseline
 *             opt-19 -passes=verify -disable-output F.ll
 *         (best of --repeat each).  require<> computes DominatorTree,
 *         LoopInfo, BranchProbabilityInfo and BlockFrequencyInfo like
 *         print<block-freq> without formatting a million output lines.
 *
 * Output is checked before it is timed: pgo's counts must be finite and
 * non-negative with entry 1 and the Kirchhoff residual reported; opt must
 * exit 0 on the IR (which it verifies).  If the entry block has
 * predecessors, the IR gets one extra entry block jumping to it (IR entry
 * blocks cannot have predecessors).  The table gives the ratio
 * LLVM / pgo per row, the growth of each from the smallest size, and the
 * geometric mean of the ratios.
 *
 * Usage: pgo-bench-synth-scale [--min N] [--max N] [--repeat R]
 *                              [--opt PATH] [--tmp DIR] [--shape NAME]...
 *                              [--keep]   (leave the IR files in --tmp)
 *                              [--opt-mem-mb M]  (opt's memory limit, 6144)
 */
#define _DEFAULT_SOURCE
#include "shapes.h"

#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pgo/synth.h"

static int keep_ir; /* --keep: leave the .ll files in --tmp */

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Writes g as `copies` identical LLVM IR functions @f0(i32 %x) ...
 * Returns 0 or -1. */
static int write_ir(const pgo_cfg *g, const char *path, uint32_t copies) {
  FILE *f = fopen(path, "w");
  if (!f)
    return -1;
  for (uint32_t c = 0; c < copies; c++) {
    uint32_t n = pgo_cfg_nblocks(g), entry = pgo_cfg_entry(g);
    fprintf(f, "define void @f%u(i32 %%x) {\n", c);
    if (pgo_cfg_npred(g, entry) > 0)
      fprintf(f, "start:\n  br label %%b%u\n", entry);
    for (uint32_t i = 0; i < n; i++) {
      /* entry first: the IR entry block is the first in layout */
      uint32_t b = i == 0 ? entry : (i <= entry ? i - 1 : i);
      if (entry == 0)
        b = i;
      uint32_t ns = pgo_cfg_nsucc(g, b), e0 = pgo_cfg_succ_begin(g, b);
      fprintf(f, "b%u:\n", b);
      if (ns == 0) {
        fputs("  ret void\n", f);
      } else if (ns == 1) {
        fprintf(f, "  br label %%b%u\n", pgo_cfg_edge_dst(g, e0));
      } else if (ns == 2) {
        fprintf(f, "  %%c%u = icmp slt i32 %%x, %u\n", b, b);
        fprintf(f, "  br i1 %%c%u, label %%b%u, label %%b%u\n", b,
                pgo_cfg_edge_dst(g, e0), pgo_cfg_edge_dst(g, e0 + 1));
      } else {
        fprintf(f, "  switch i32 %%x, label %%b%u [", pgo_cfg_edge_dst(g, e0));
        for (uint32_t k = 1; k < ns; k++)
          fprintf(f, "\n    i32 %u, label %%b%u", k,
                  pgo_cfg_edge_dst(g, e0 + k));
        fputs(" ]\n", f);
      }
    }
    fputs("}\n", f);
  }
  return fclose(f) == 0 ? 0 : -1;
}

/* Runs opt with the given passes on path, its address space limited to
 * opt_mem_mb (so that a blow-up fails opt instead of waking the kernel's
 * OOM killer on a shared machine); wall ms, or -1 on failure with *why set
 * to the exit status or signal. */
static long opt_mem_mb = 6144;
static double run_opt(const char *opt, const char *passes, const char *path,
                      int *why) {
  char arg[128];
  snprintf(arg, sizeof arg, "-passes=%s", passes);
  double t0 = now_ms();
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    struct rlimit rl;
    rl.rlim_cur = rl.rlim_max = (rlim_t)opt_mem_mb << 20;
    setrlimit(RLIMIT_AS, &rl);
    int fd = open("/dev/null", O_WRONLY);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    execlp(opt, opt, arg, "-disable-output", path, (char *)NULL);
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  double t = now_ms() - t0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    *why = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return -1;
  }
  return t;
}

typedef struct row {
  const char *shape;
  uint32_t blocks;
  double analyze, synth, pgo, opt_bfi, opt_parse, llvm;
  uint32_t loops, regions, capped;
  int opt_fail;    /* opt's exit status (128 + signal) when it failed */
  uint32_t copies; /* functions in the IR module (time is per copy) */
  double residual;
  int ok;
} row;

static int measure(enum bench_shape sh, uint32_t nb, int repeat,
                   const char *opt, const char *tmp, row *r) {
  memset(r, 0, sizeof *r);
  r->shape = bench_shape_name(sh);
  r->blocks = nb;
  r->analyze = r->synth = r->opt_bfi = r->opt_parse = INFINITY;
  pgo_synth *s = NULL;
  if (pgo_synth_new(NULL, &s) != PGO_OK)
    return -1;
  for (int rep = 0; rep < repeat; rep++) {
    pgo_cfg *g = NULL;
    pgo_pfg *p = NULL;
    if (bench_shape_build(sh, nb, 42, &g) != PGO_OK ||
        pgo_cfg_finish(g) != PGO_OK) {
      pgo_cfg_free(g);
      pgo_synth_free(s);
      return -1;
    }
    double t0 = now_ms();
    pgo_status st = pgo_cfg_analyze(g, PGO_ANALYSIS_ALL);
    double t1 = now_ms();
    if (st == PGO_OK)
      st = pgo_pfg_new(NULL, g, &p);
    double t2 = now_ms();
    if (st == PGO_OK)
      st = pgo_synth_run(s, g, NULL, p);
    double t3 = now_ms();
    if (st != PGO_OK && st != PGO_ERR_NOT_CONVERGED) {
      fprintf(stderr, "synth_scale: %s %u: %s\n", r->shape, nb,
              pgo_synth_errmsg(s));
      pgo_pfg_free(p);
      pgo_cfg_free(g);
      pgo_synth_free(s);
      return -1;
    }
    if (t1 - t0 < r->analyze)
      r->analyze = t1 - t0;
    if (t3 - t2 < r->synth)
      r->synth = t3 - t2;
    if (rep == 0) {
      /* check before trusting the timing */
      int ok = fabs(pgo_pfg_block_count(p, pgo_cfg_entry(g)) - 1.0) < 1e-9 ||
               pgo_cfg_npred(g, pgo_cfg_entry(g)) > 0;
      for (uint32_t b = 0; b < nb; b++) {
        double c = pgo_pfg_block_count(p, b);
        if (!isfinite(c) || c < 0)
          ok = 0;
      }
      const pgo_synth_report *rep0 = pgo_synth_last_report(s);
      r->loops = rep0->loops;
      r->regions = rep0->regions;
      r->capped = rep0->capped_loops;
      r->residual = pgo_pfg_max_residual(p, NULL);
      r->ok = ok && st == PGO_OK;
      char path[4096];
      snprintf(path, sizeof path, "%s/synth_scale_%s_%u.ll", tmp, r->shape, nb);
      /* Small graphs: opt's start-up noise (milliseconds) would swamp the
       * figure, so the module holds enough copies of the function for
       * 10^5 blocks and the time is divided by the copy count. */
      uint32_t copies = nb < 100000 ? 100000 / nb : 1;
      r->copies = copies;
      if (opt && write_ir(g, path, copies) == 0) {
        for (int k = 0; k < repeat; k++) {
          int why = 0;
          double v = run_opt(opt, "verify", path, &why);
          double a =
              v < 0 ? -1 : run_opt(opt, "require<block-freq>", path, &why);
          if (a < 0 || v < 0) {
            fprintf(stderr,
                    "synth_scale: opt failed on %s (status %d, "
                    "memory limit %ld MiB)\n",
                    path, why, opt_mem_mb);
            r->opt_fail = why;
            r->opt_bfi = r->opt_parse = NAN;
            break;
          }
          if (a < r->opt_bfi)
            r->opt_bfi = a;
          if (v < r->opt_parse)
            r->opt_parse = v;
        }
        if (!keep_ir)
          remove(path);
      }
    }
    pgo_pfg_free(p);
    pgo_cfg_free(g);
  }
  pgo_synth_free(s);
  r->pgo = r->analyze + r->synth;
  r->llvm = (r->opt_bfi - r->opt_parse) / (r->copies ? r->copies : 1);
  return 0;
}

int main(int argc, char **argv) {
  static const struct option longopts[] = {
      {"min", required_argument, NULL, 'a'},
      {"max", required_argument, NULL, 'b'},
      {"repeat", required_argument, NULL, 'r'},
      {"opt", required_argument, NULL, 'o'},
      {"tmp", required_argument, NULL, 't'},
      {"shape", required_argument, NULL, 's'},
      {"keep", no_argument, NULL, 'k'},
      {"opt-mem-mb", required_argument, NULL, 'M'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  uint32_t lo = 1000, hi = 1000000;
  int repeat = 3, nshapes = 0;
  const char *opt = "opt-19", *tmp = "/tmp";
  enum bench_shape shapes[BENCH_SHAPE_COUNT];
  int c;
  while ((c = getopt_long(argc, argv, "a:b:r:o:t:s:kM:h", longopts, NULL)) !=
         -1) {
    switch (c) {
    case 'k':
      keep_ir = 1;
      break;
    case 'M':
      opt_mem_mb = atol(optarg);
      break;
    case 'a':
      lo = (uint32_t)strtoul(optarg, NULL, 10);
      break;
    case 'b':
      hi = (uint32_t)strtoul(optarg, NULL, 10);
      break;
    case 'r':
      repeat = atoi(optarg);
      break;
    case 'o':
      opt = *optarg ? optarg : NULL;
      break;
    case 't':
      tmp = optarg;
      break;
    case 's': {
      int s = bench_shape_from_name(optarg);
      if (s < 0 || nshapes == BENCH_SHAPE_COUNT) {
        fprintf(stderr, "synth_scale: unknown shape '%s'\n", optarg);
        return 2;
      }
      shapes[nshapes++] = (enum bench_shape)s;
      break;
    }
    case 'h':
      puts("usage: pgo-bench-synth-scale [--min N] [--max N] [--repeat R] "
           "[--opt PATH|''] [--tmp DIR] [--shape NAME]...");
      return 0;
    default:
      return 2;
    }
  }
  if (repeat < 1 || lo < 8 || hi < lo)
    return 2;
  if (nshapes == 0)
    for (int s = 0; s < BENCH_SHAPE_COUNT; s++)
      shapes[nshapes++] = (enum bench_shape)s;

  printf("| shape | blocks | loops | irreducible groups | capped loops | pgo "
         "analyses ms "
         "| pgo synth ms | pgo total ms | LLVM BFI ms (net of parse) | "
         "LLVM / pgo | pgo growth | LLVM growth |\n");
  printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  double logsum = 0;
  int nratio = 0, bad = 0;
  for (int i = 0; i < nshapes; i++) {
    double base_pgo = 0, base_llvm = 0;
    uint32_t base_n = 0;
    for (uint64_t nb = lo; nb <= hi; nb *= 10) {
      row r;
      if (measure(shapes[i], (uint32_t)nb, nb >= 1000000 ? 1 : repeat, opt, tmp,
                  &r) != 0) {
        bad = 1;
        continue;
      }
      if (!r.ok)
        bad = 1;
      if (base_n == 0) {
        base_n = r.blocks;
        base_pgo = r.pgo;
        base_llvm = r.llvm;
      }
      double ratio = r.llvm / r.pgo;
      char rs[32] = "-", gp[32], gl[32] = "-", lm[48];
      if (!opt)
        snprintf(lm, sizeof lm, "-");
      else if (r.opt_fail)
        snprintf(lm, sizeof lm, "failed (status %d)", r.opt_fail);
      else
        snprintf(lm, sizeof lm, "%.1f", r.llvm);
      if (opt && isfinite(ratio) && ratio > 0) {
        snprintf(rs, sizeof rs, "%.1f", ratio);
        logsum += log(ratio);
        nratio++;
      }
      /* growth per 10x of size, normalised so that linear = 10 */
      snprintf(gp, sizeof gp, "%.0fx", r.pgo / base_pgo);
      if (opt && base_llvm > 0 && !r.opt_fail)
        snprintf(gl, sizeof gl, "%.0fx", r.llvm / base_llvm);
      printf("| %s | %u | %u | %u | %u | %.2f | %.2f | %.2f | %s | %s | %s "
             "| %s |%s\n",
             r.shape, r.blocks, r.loops, r.regions, r.capped, r.analyze,
             r.synth, r.pgo, lm, rs, gp, gl, r.ok ? "" : " CHECK FAILED");
      fflush(stdout);
    }
  }
  if (nratio)
    printf("\ngeometric mean of LLVM / pgo: %.1f over %d rows\n",
           exp(logsum / nratio), nratio);
  return bad;
}
