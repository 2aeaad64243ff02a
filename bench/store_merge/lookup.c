/*
 * lookup.c -- pgo-bench-store-lookup DB NMETH NLOOKUPS SEED
 *
 * Look-up latency of one method by (name, hash, il_size) in a store of
 * NMETH methods (built first if DB does not exist: each method 10 block
 * and 10 edge counts).  Times, on one read-only handle, NLOOKUPS look-ups
 * of uniformly random methods (warm: after the first) and prints mean,
 * median, p99 and max in microseconds, plus the time of the first look-up
 * right after opening (cold handle, file in the page cache).  Every
 * look-up is checked: found, and with the expected number of records.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "pgo/store.h"

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec * 1e-3;
}

static int dcmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static uint64_t mhash(uint64_t i) { return i * 0x9e3779b97f4a7c15ull ^ 0x5a5a; }

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s DB NMETH NLOOKUPS SEED\n", argv[0]);
    return 2;
  }
  const char *db = argv[1];
  long nm = atol(argv[2]), nl = atol(argv[3]);
  uint64_t seed = strtoull(argv[4], NULL, 0);
  struct stat sb;
  if (stat(db, &sb)) {
    double t0 = now_us();
    pgo_store *s;
    if (pgo_store_open(db, PGO_STORE_CREATE | PGO_STORE_SCRATCH, NULL, &s)) {
      fprintf(stderr, "%s\n", pgo_store_errmsg(s));
      return 2;
    }
    /* in chunks of 100,000 methods, to bound memory */
    pgo_profile *p = NULL;
    pgo_count_rec b[10];
    pgo_edge_rec e[10];
    for (long i = 0; i < nm; i++) {
      if (!p)
        pgo_profile_new(NULL, &p);
      char name[32];
      snprintf(name, sizeof name, "method_%08ld", i);
      for (int k = 0; k < 10; k++) {
        b[k] = (pgo_count_rec){(uint32_t)k * 3, (uint64_t)(i + k)};
        e[k] = (pgo_edge_rec){(uint32_t)(k / 2) * 3, (uint32_t)k % 2,
                              (uint64_t)(i * k)};
      }
      pgo_method_profile m = {.key = {name, mhash((uint64_t)i), 40},
                              .blocks = b, .nblocks = 10,
                              .edges = e, .nedges = 10};
      if (pgo_profile_add(p, &m, 1))
        return 2;
      if ((i + 1) % 100000 == 0 || i + 1 == nm) {
        if (pgo_store_write(s, p, 1)) {
          fprintf(stderr, "%s\n", pgo_store_errmsg(s));
          return 2;
        }
        pgo_profile_free(p);
        p = NULL;
      }
    }
    if (pgo_store_close(s))
      return 2;
    fprintf(stderr, "built %ld-method store in %.1f s\n", nm,
            (now_us() - t0) * 1e-6);
  }
  uint64_t rs = seed;
  double t0 = now_us();
  pgo_store *s;
  if (pgo_store_open(db, PGO_STORE_READONLY, NULL, &s)) {
    fprintf(stderr, "%s\n", pgo_store_errmsg(s));
    return 2;
  }
  double *lat = malloc((size_t)nl * sizeof *lat);
  double cold = 0;
  for (long q = 0; q <= nl; q++) {
    rs = rs * 6364136223846793005ull + 1442695040888963407ull;
    long i = (long)((rs >> 17) % (uint64_t)nm);
    char name[32];
    snprintf(name, sizeof name, "method_%08ld", i);
    double a = now_us();
    const pgo_method_profile *m;
    if (pgo_store_lookup(s, name, mhash((uint64_t)i), 40, &m) ||
        m->nblocks != 10 || m->nedges != 10) {
      fprintf(stderr, "look-up of %s failed: %s\n", name,
              pgo_store_errmsg(s));
      return 1;
    }
    double d = now_us() - a;
    if (q == 0)
      cold = now_us() - t0;
    else
      lat[q - 1] = d;
  }
  pgo_store_close(s);
  qsort(lat, (size_t)nl, sizeof *lat, dcmp);
  double sum = 0;
  for (long q = 0; q < nl; q++)
    sum += lat[q];
  printf("methods %ld lookups %ld mean_us %.2f p50_us %.2f p99_us %.2f "
         "max_us %.2f open_plus_first_us %.1f\n",
         nm, nl, sum / (double)nl, lat[nl / 2], lat[(nl * 99) / 100],
         lat[nl - 1], cold);
  free(lat);
  return 0;
}
