/*
 * gen.c -- pgo-bench-store-gen DIR NPROF NMETH SEED
 *
 * Writes the merge benchmark's inputs (bench/store_merge.sh): NPROF
 * profiles of the same NMETH methods, each method with 40..60 counters
 * (about half block counts at rising IL offsets, half edge counts with
 * successor index 0/1), counts uniform in 0..2^20 from a splitmix64 stream
 * seeded with SEED, as
 *   DIR/pNNN.db        pgo stores (written through lib/store),
 *   DIR/pNNN.proftext  the same counters in llvm-profdata's text format
 *                      (IR-level; function = method name, hash = method
 *                      hash, counters = blocks then edges in key order),
 * and prints the grand total of all counters, so both merged outputs can be
 * checked against it.  Method layouts depend on SEED only, counts on
 * (SEED, profile).
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgo/store.h"

static uint64_t next(uint64_t *s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

typedef struct layout {
  char name[24];
  uint64_t hash;
  uint32_t il_size, nb, ne;
  uint32_t boff[32];
  uint32_t eoff[32], esucc[32];
} layout;

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s DIR NPROF NMETH SEED\n", argv[0]);
    return 2;
  }
  const char *dir = argv[1];
  int nprof = atoi(argv[2]), nmeth = atoi(argv[3]);
  uint64_t seed = strtoull(argv[4], NULL, 0);
  layout *L = calloc((size_t)nmeth, sizeof *L);
  if (!L)
    return 2;
  uint64_t rs = seed;
  for (int m = 0; m < nmeth; m++) {
    layout *l = &L[m];
    snprintf(l->name, sizeof l->name, "m%06d", m);
    l->hash = next(&rs) >> 4; /* fits llvm-profdata's text parser */
    uint32_t n = 40 + (uint32_t)(next(&rs) % 21);
    l->nb = n / 2;
    l->ne = n - l->nb;
    uint32_t off = 0;
    for (uint32_t i = 0; i < l->nb; i++) {
      l->boff[i] = off;
      off += 1 + (uint32_t)(next(&rs) % 8);
    }
    /* edges from the first ne/2 blocks, both successors */
    for (uint32_t i = 0; i < l->ne; i++) {
      l->eoff[i] = l->boff[i / 2];
      l->esucc[i] = i % 2;
    }
    l->il_size = off + 1;
  }
  long double grand = 0;
  pgo_count_rec *b = calloc(32, sizeof *b);
  pgo_edge_rec *e = calloc(32, sizeof *e);
  char path[4096];
  for (int p = 0; p < nprof; p++) {
    uint64_t cs = seed * 1000003u + (uint64_t)p + 1;
    pgo_profile *prof;
    if (pgo_profile_new(NULL, &prof))
      return 2;
    snprintf(path, sizeof path, "%s/p%03d.proftext", dir, p);
    FILE *t = fopen(path, "w");
    if (!t) {
      perror(path);
      return 2;
    }
    static char tbuf[1 << 20];
    setvbuf(t, tbuf, _IOFBF, sizeof tbuf);
    fputs("# IR level Instrumentation Flag\n:ir\n", t);
    pgo_run run = {PGO_SOURCE_INSTRUMENTED, 1, 1763769600 + p, "bench",
                   "pgo-bench-store-gen"};
    pgo_profile_add_run(prof, &run, 1);
    for (int m = 0; m < nmeth; m++) {
      layout *l = &L[m];
      fprintf(t, "%s\n# Func Hash:\n%" PRIu64 "\n# Num Counters:\n%" PRIu32
                 "\n# Counter Values:\n",
              l->name, l->hash, l->nb + l->ne);
      for (uint32_t i = 0; i < l->nb; i++) {
        b[i] = (pgo_count_rec){l->boff[i], next(&cs) & 0xfffff};
        fprintf(t, "%" PRIu64 "\n", b[i].count);
        grand += (long double)b[i].count;
      }
      for (uint32_t i = 0; i < l->ne; i++) {
        e[i] = (pgo_edge_rec){l->eoff[i], l->esucc[i], next(&cs) & 0xfffff};
        fprintf(t, "%" PRIu64 "\n", e[i].count);
        grand += (long double)e[i].count;
      }
      fputc('\n', t);
      pgo_method_profile mp = {.key = {l->name, l->hash, l->il_size},
                               .blocks = b, .nblocks = l->nb,
                               .edges = e, .nedges = l->ne};
      if (pgo_profile_add(prof, &mp, 1)) {
        fprintf(stderr, "%s\n", pgo_profile_errmsg(prof));
        return 2;
      }
    }
    if (fclose(t)) {
      perror(path);
      return 2;
    }
    snprintf(path, sizeof path, "%s/p%03d.db", dir, p);
    remove(path);
    pgo_store *s;
    if (pgo_store_open(path, PGO_STORE_CREATE | PGO_STORE_SCRATCH, NULL, &s) ||
        pgo_store_write(s, prof, 1)) {
      fprintf(stderr, "%s\n", pgo_store_errmsg(s));
      return 2;
    }
    if (pgo_store_close(s))
      return 2;
    pgo_profile_free(prof);
  }
  printf("%.0Lf\n", grand);
  free(L);
  free(b);
  free(e);
  return 0;
}
