/*
 * oracle_scale.c -- how long building and querying an oracle and a summary
 * take on a large method: a chain of diamonds of N blocks (default 10^6)
 * with measured counts and 1 call site per 100 blocks (4 targets each).
 * Prints, in ms (median of 3): pgo_oracle_new; one pass of every block and
 * edge query (count, freq, prov, class against the summary, probability,
 * edge count, branch weights); summary add + finish; one call-target query
 * per site.  Not a test: run `build/test/oracle/oracle_scale [N]`.
 */
#define _POSIX_C_SOURCE 200809L
#include <pgo/oracle.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmpd(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

#define CHECK(x)                                                              \
  do {                                                                        \
    if ((x) != PGO_OK) {                                                      \
      fprintf(stderr, "%s failed\n", #x);                                     \
      exit(1);                                                                \
    }                                                                         \
  } while (0)

int main(int argc, char **argv) {
  uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1000000u;
  n = n / 3 * 3 + 1;
  pgo_cfg *g;
  CHECK(pgo_cfg_new(NULL, &g));
  for (uint32_t i = 0; i < n; i++)
    CHECK(pgo_cfg_add_block(g, 4 * i, 4, NULL));
  for (uint32_t b = 0; b + 3 < n; b += 3) { /* b -> b+1, b+2 -> b+3 */
    CHECK(pgo_cfg_add_edge(g, b, b + 1));
    CHECK(pgo_cfg_add_edge(g, b, b + 2));
    CHECK(pgo_cfg_add_edge(g, b + 1, b + 3));
    CHECK(pgo_cfg_add_edge(g, b + 2, b + 3));
  }
  CHECK(pgo_cfg_set_term(g, n - 1, PGO_TERM_RETURN));
  CHECK(pgo_cfg_finish(g));
  pgo_pfg *p;
  CHECK(pgo_pfg_new(NULL, g, &p));
  for (uint32_t b = 0; b + 3 < n; b += 3) {
    double c = 1e6 + b;
    CHECK(pgo_pfg_set_block_count(p, b, c, PGO_PROV_INSTRUMENTED));
    CHECK(pgo_pfg_set_block_count(p, b + 1, c * 0.7, PGO_PROV_INSTRUMENTED));
    CHECK(pgo_pfg_set_block_count(p, b + 2, c * 0.3, PGO_PROV_INSTRUMENTED));
    uint32_t e = pgo_cfg_succ_begin(g, b);
    CHECK(pgo_pfg_set_edge_prob(p, e, 0.7, PGO_PROV_INSTRUMENTED));
    CHECK(pgo_pfg_set_edge_prob(p, e + 1, 0.3, PGO_PROV_INSTRUMENTED));
  }
  const char *t[] = {"f", "g", "h", "k"};
  const double tc[] = {10, 40, 30, 20};
  for (uint32_t b = 0; b < n; b += 100)
    CHECK(pgo_pfg_set_histogram(p, 4 * b + 1, t, tc, 4, 5,
                                PGO_PROV_INSTRUMENTED));
  double tb[3], tq[3], ts[3], tt[3];
  double sink = 0;
  for (int r = 0; r < 3; r++) {
    double t0 = now_ms();
    pgo_oracle *o;
    CHECK(pgo_oracle_new(NULL, p, NULL, &o, NULL, 0));
    double t1 = now_ms();
    pgo_oracle_summary *s;
    CHECK(pgo_oracle_summary_new(NULL, &s));
    CHECK(pgo_oracle_summary_add(s, o, NULL));
    CHECK(pgo_oracle_summary_finish(s));
    double t2 = now_ms();
    uint32_t w[4], nw;
    for (uint32_t b = 0; b < n; b++) {
      sink += pgo_oracle_block_count(o, b) + pgo_oracle_block_freq(o, b) +
              pgo_oracle_block_prov(o, b) +
              pgo_oracle_block_class(o, s, b, NULL);
      CHECK(pgo_oracle_branch_weights(o, b, w, 4, &nw));
      sink += nw ? w[0] : 0;
    }
    for (uint32_t e = 0; e < pgo_oracle_nedges(o); e++)
      sink += pgo_oracle_edge_prob(o, e) + pgo_oracle_edge_count(o, e);
    double t3 = now_ms();
    pgo_oracle_target out[2];
    pgo_oracle_site site;
    uint32_t k;
    for (uint32_t i = 0; i < pgo_oracle_nsites(o); i++) {
      CHECK(pgo_oracle_call_targets(o, pgo_oracle_site_offset(o, i), 2, out,
                                    &k, &site));
      sink += out[0].share + site.rest_share;
    }
    double t4 = now_ms();
    tb[r] = t1 - t0;
    ts[r] = t2 - t1;
    tq[r] = t3 - t2;
    tt[r] = t4 - t3;
    pgo_oracle_summary_free(s);
    pgo_oracle_free(o);
  }
  qsort(tb, 3, sizeof *tb, cmpd);
  qsort(ts, 3, sizeof *ts, cmpd);
  qsort(tq, 3, sizeof *tq, cmpd);
  qsort(tt, 3, sizeof *tt, cmpd);
  printf("blocks %u edges %u sites %u: oracle_new %.1f ms, summary add+finish "
         "%.1f ms, all block+edge queries %.1f ms, call targets %.1f ms "
         "(checksum %g)\n",
         n, pgo_cfg_nedges(g), (n + 99) / 100, tb[1], ts[1], tq[1], tt[1],
         sink);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  return 0;
}
