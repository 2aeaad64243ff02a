/* store_test_util.h -- helpers for the lib/store suites: a deterministic
 * PRNG, a random-profile generator covering every record kind, temporary
 * paths, and a counting/failing allocator for fault injection. */
#ifndef STORE_TEST_UTIL_H
#define STORE_TEST_UTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pgo/store.h"

static inline uint64_t tu_rand(uint64_t *s) { /* splitmix64 */
  uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static inline uint64_t tu_below(uint64_t *s, uint64_t n) {
  return n ? tu_rand(s) % n : 0;
}

/* A random method with every kind of record.  Arrays are owned by the
 * returned struct's scratch (tu_method_free).  nvalues: distinct histogram
 * values drawn per site (names v0..v{nvalues-1}). */
typedef struct tu_method {
  pgo_method_profile m;
  char name[32];
  pgo_count_rec blocks[16], samples[8];
  pgo_edge_rec edges[16];
  pgo_annot_rec annots[4];
  pgo_value_site sites[3];
  pgo_value_pair pairs[3][8];
  char vals[3][8][8];
} tu_method;

static inline void tu_method_fill(tu_method *t, uint64_t *rs, int which,
                                  uint32_t capacity, uint32_t nvalues,
                                  uint64_t maxcount) {
  memset(t, 0, sizeof *t);
  snprintf(t->name, sizeof t->name, "fn%d", which);
  t->m.key.name = t->name;
  t->m.key.hash = 0x1000u + (uint64_t)(which % 3);
  t->m.key.il_size = 100;
  t->m.has_entry = tu_below(rs, 4) != 0;
  t->m.entry = tu_below(rs, maxcount);
  uint32_t off = (uint32_t)tu_below(rs, 3);
  for (uint32_t i = 0; i < 16 && off < 100; i++) {
    t->blocks[i] = (pgo_count_rec){off, tu_below(rs, maxcount)};
    t->edges[i] = (pgo_edge_rec){off, (uint32_t)tu_below(rs, 2),
                                 tu_below(rs, maxcount)};
    t->m.nblocks = t->m.nedges = i + 1;
    off += 1 + (uint32_t)tu_below(rs, 6);
  }
  /* edges may repeat (offset, succ): writers' duplicates are added up */
  t->m.nsamples = (uint32_t)tu_below(rs, 8);
  for (uint32_t i = 0; i < t->m.nsamples; i++)
    t->samples[i] = (pgo_count_rec){(uint32_t)(i * 11 + tu_below(rs, 10)),
                                    tu_below(rs, maxcount)};
  t->m.nannots = (uint32_t)tu_below(rs, 4);
  for (uint32_t i = 0; i < t->m.nannots; i++)
    t->annots[i] = (pgo_annot_rec){(uint32_t)(i * 20 + 3), 0,
                                   (double)tu_below(rs, 1001) / 1000.0,
                                   1 + tu_below(rs, 3)};
  t->m.nsites = (uint32_t)tu_below(rs, 4);
  for (uint32_t i = 0; i < t->m.nsites; i++) {
    pgo_value_site *s = &t->sites[i];
    s->offset = 30 * i + 7;
    s->capacity = capacity;
    s->tail = tu_below(rs, 3) ? 0 : tu_below(rs, maxcount);
    uint32_t np = (uint32_t)tu_below(rs, capacity + 1);
    if (np > 8)
      np = 8;
    uint32_t used = 0, ids[8];
    for (uint32_t k = 0; k < np; k++) {
      uint32_t v = (uint32_t)tu_below(rs, nvalues);
      bool dup = false;
      for (uint32_t q = 0; q < used; q++)
        dup |= ids[q] == v;
      if (dup)
        continue;
      ids[used] = v;
      snprintf(t->vals[i][used], sizeof t->vals[i][used], "v%u", v);
      t->pairs[i][used] =
          (pgo_value_pair){t->vals[i][used], 1 + tu_below(rs, maxcount)};
      used++;
    }
    s->npairs = used;
    s->pairs = t->pairs[i];
  }
  t->m.blocks = t->blocks;
  t->m.edges = t->edges;
  t->m.samples = t->samples;
  t->m.annots = t->annots;
  t->m.sites = t->sites;
}

/* A random profile of n methods (names fn0..), with one run. */
static inline pgo_profile *tu_profile(uint64_t seed, int n, uint32_t capacity,
                                      uint32_t nvalues, uint64_t maxcount) {
  pgo_profile *p;
  ck_assert_int_eq(pgo_profile_new(NULL, &p), PGO_OK);
  uint64_t rs = seed;
  pgo_run r = {PGO_SOURCE_INSTRUMENTED, 1, (int64_t)seed, "prog", "test"};
  ck_assert_int_eq(pgo_profile_add_run(p, &r, 1), PGO_OK);
  tu_method t;
  for (int i = 0; i < n; i++) {
    tu_method_fill(&t, &rs, (int)tu_below(&rs, (uint64_t)n * 2), capacity,
                   nvalues, maxcount);
    ck_assert_msg(pgo_profile_add(p, &t.m, 1) == PGO_OK, "%s",
                  pgo_profile_errmsg(p));
  }
  ck_assert_int_eq(pgo_profile_finish(p), PGO_OK);
  return p;
}

/* A fresh temporary path (file not created). */
static inline void tu_tmppath(char *buf, size_t n, const char *suffix) {
  static int counter;
  const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  snprintf(buf, n, "%s/pgo-store-test-%d-%d%s", dir, (int)getpid(),
           counter++, suffix);
  unlink(buf);
}

static inline void tu_unlink_db(const char *path) {
  char b[4200];
  unlink(path);
  snprintf(b, sizeof b, "%s-wal", path);
  unlink(b);
  snprintf(b, sizeof b, "%s-shm", path);
  unlink(b);
  snprintf(b, sizeof b, "%s-journal", path);
  unlink(b);
}

static inline void tu_write_file(const char *path, const void *data,
                                 size_t n) {
  FILE *f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  ck_assert_uint_eq(fwrite(data, 1, n, f), n);
  fclose(f);
}

/* Fault injection: fail the Nth allocation (counting from 1), or never
 * when fail_at == 0. */
typedef struct tu_failing {
  pgo_allocator a;
  long count, fail_at;
  long live; /* outstanding blocks */
} tu_failing;

static inline void *tu_failing_realloc(void *ud, void *p, size_t old,
                                       size_t n) {
  tu_failing *f = ud;
  (void)old;
  if (n == 0) {
    if (p)
      f->live--;
    free(p);
    return NULL;
  }
  if (++f->count == f->fail_at)
    return NULL;
  void *r = realloc(p, n);
  if (r && !p)
    f->live++;
  return r;
}

static inline void tu_failing_init(tu_failing *f, long fail_at) {
  f->a.realloc = tu_failing_realloc;
  f->a.ud = f;
  f->count = 0;
  f->fail_at = fail_at;
  f->live = 0;
}

#endif
