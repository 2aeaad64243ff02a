/* probe: hash tables with probing -- quadratic, double hashing, Robin Hood.
 *
 * Three open-addressing tables of 64-bit keys share a workload of inserts,
 * lookups (hits and misses) and deletions: quadratic probing with
 * tombstones, double hashing with tombstones, and Robin Hood hashing with
 * backward-shift deletion.  Each table grows at 3/4 load and the three
 * must answer every lookup the same way.  Probe lengths are counted.
 * INPUT: 0 random keys, lookups half hits; 1 sequential keys times a
 *        stride (clustering), mostly misses; 2 a small hot set (hits,
 *        heavy delete/reinsert churn).
 * Usage: probe SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define EMPTY 0ull
#define TOMB 1ull

typedef struct table {
  uint64_t *k;
  uint32_t *dist; /* Robin Hood only */
  size_t cap, used, live;
} table;

static unsigned long probes;

static uint64_t mix(uint64_t x) {
  x ^= x >> 31;
  x *= 0x7fb5d329728ea185ull;
  x ^= x >> 27;
  return x;
}

static int tinit(table *t, size_t cap, int rh) {
  t->k = calloc(cap, sizeof *t->k);
  t->dist = rh ? calloc(cap, sizeof *t->dist) : NULL;
  t->cap = cap;
  t->used = t->live = 0;
  return t->k && (!rh || t->dist);
}

/* ---- quadratic (triangular) probing ---- */
static long q_find(const table *t, uint64_t key) {
  size_t m = t->cap - 1, i = mix(key) & m;
  for (size_t step = 1;; step++) {
    probes++;
    if (t->k[i] == key)
      return (long)i;
    if (t->k[i] == EMPTY)
      return -1;
    i = (i + step) & m;
  }
}
static int q_insert(table *t, uint64_t key);
static int q_grow(table *t) {
  table n;
  if (!tinit(&n, t->cap * 2, 0))
    return 0;
  for (size_t i = 0; i < t->cap; i++)
    if (t->k[i] > TOMB)
      q_insert(&n, t->k[i]);
  free(t->k);
  *t = n;
  return 1;
}
static int q_insert(table *t, uint64_t key) {
  if ((t->used + 1) * 4 > t->cap * 3 && !q_grow(t))
    return 0;
  size_t m = t->cap - 1, i = mix(key) & m;
  long tomb = -1;
  for (size_t step = 1;; step++) {
    probes++;
    if (t->k[i] == key)
      return 1;
    if (t->k[i] == TOMB && tomb < 0)
      tomb = (long)i;
    if (t->k[i] == EMPTY)
      break;
    i = (i + step) & m;
  }
  if (tomb >= 0)
    i = (size_t)tomb;
  else
    t->used++;
  t->k[i] = key;
  t->live++;
  return 1;
}
static int q_delete(table *t, uint64_t key) {
  long i = q_find(t, key);
  if (i < 0)
    return 0;
  t->k[i] = TOMB;
  t->live--;
  return 1;
}

/* ---- double hashing ---- */
static long d_find(const table *t, uint64_t key) {
  uint64_t h = mix(key);
  size_t m = t->cap - 1, i = h & m, step = ((h >> 32) | 1) & m;
  for (size_t n = 0; n < t->cap; n++) {
    probes++;
    if (t->k[i] == key)
      return (long)i;
    if (t->k[i] == EMPTY)
      return -1;
    i = (i + step) & m;
  }
  return -1;
}
static int d_insert(table *t, uint64_t key);
static int d_grow(table *t) {
  table n;
  if (!tinit(&n, t->cap * 2, 0))
    return 0;
  for (size_t i = 0; i < t->cap; i++)
    if (t->k[i] > TOMB)
      d_insert(&n, t->k[i]);
  free(t->k);
  *t = n;
  return 1;
}
static int d_insert(table *t, uint64_t key) {
  if (d_find(t, key) >= 0)
    return 1;
  if ((t->used + 1) * 4 > t->cap * 3 && !d_grow(t))
    return 0;
  uint64_t h = mix(key);
  size_t m = t->cap - 1, i = h & m, step = ((h >> 32) | 1) & m;
  while (t->k[i] > TOMB) {
    probes++;
    i = (i + step) & m;
  }
  if (t->k[i] == EMPTY)
    t->used++;
  t->k[i] = key;
  t->live++;
  return 1;
}
static int d_delete(table *t, uint64_t key) {
  long i = d_find(t, key);
  if (i < 0)
    return 0;
  t->k[i] = TOMB;
  t->live--;
  return 1;
}

/* ---- Robin Hood with backward shift ---- */
static long r_find(const table *t, uint64_t key) {
  size_t m = t->cap - 1, i = mix(key) & m;
  for (uint32_t d = 0;; d++) {
    probes++;
    if (t->k[i] == EMPTY || t->dist[i] < d)
      return -1;
    if (t->k[i] == key)
      return (long)i;
    i = (i + 1) & m;
  }
}
static int r_insert(table *t, uint64_t key);
static int r_grow(table *t) {
  table n;
  if (!tinit(&n, t->cap * 2, 1))
    return 0;
  for (size_t i = 0; i < t->cap; i++)
    if (t->k[i] != EMPTY)
      r_insert(&n, t->k[i]);
  free(t->k);
  free(t->dist);
  *t = n;
  return 1;
}
static int r_insert(table *t, uint64_t key) {
  if (r_find(t, key) >= 0)
    return 1;
  if ((t->live + 1) * 4 > t->cap * 3 && !r_grow(t))
    return 0;
  size_t m = t->cap - 1, i = mix(key) & m;
  uint32_t d = 0;
  for (;;) {
    probes++;
    if (t->k[i] == EMPTY) {
      t->k[i] = key;
      t->dist[i] = d;
      t->live++;
      return 1;
    }
    if (t->dist[i] < d) {
      uint64_t tk = t->k[i];
      uint32_t td = t->dist[i];
      t->k[i] = key;
      t->dist[i] = d;
      key = tk;
      d = td;
    }
    i = (i + 1) & m;
    d++;
  }
}
static int r_delete(table *t, uint64_t key) {
  long f = r_find(t, key);
  if (f < 0)
    return 0;
  size_t m = t->cap - 1, i = (size_t)f, j = (i + 1) & m;
  while (t->k[j] != EMPTY && t->dist[j] > 0) {
    t->k[i] = t->k[j];
    t->dist[i] = t->dist[j] - 1;
    i = j;
    j = (j + 1) & m;
  }
  t->k[i] = EMPTY;
  t->dist[i] = 0;
  t->live--;
  return 1;
}

static uint64_t seed;
static uint64_t rnd(void) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return seed >> 20;
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  long v;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (end == argv[1] || *end || *size < 16 || *size > 100000000L)
    return 0;
  *input = 0;
  if (argc == 3) {
    v = strtol(argv[2], &end, 10);
    if (end == argv[2] || *end || v < 0 || v > 2)
      return 0;
    *input = (int)v;
  }
  return 1;
}

int main(int argc, char **argv) {
  long size;
  int input;
  if (!parse_args(argc, argv, &size, &input)) {
    fprintf(stderr, "usage: probe SIZE(>=16) [INPUT 0-2]\n");
    return 2;
  }
  table q, d, r;
  if (!tinit(&q, 16, 0) || !tinit(&d, 16, 0) || !tinit(&r, 16, 1)) {
    fprintf(stderr, "probe: out of memory\n");
    return 1;
  }
  seed = 0x9b0beull + (uint64_t)input;
  uint64_t sum = 0, next = 2;
  unsigned long hits = 0, dels = 0;
  for (long op = 0; op < size; op++) {
    unsigned kind = (unsigned)(rnd() % 100);
    uint64_t key;
    if (input == 1)
      key = kind < 40 ? (next++) * 64 + 2 : (rnd() % (next + 1000)) * 64 + 2;
    else if (input == 2)
      key = 2 + rnd() % 4096;
    else
      key = 2 + rnd() % ((uint64_t)size * 2);
    if (kind < 40) {
      if (!q_insert(&q, key) || !d_insert(&d, key) || !r_insert(&r, key)) {
        fprintf(stderr, "probe: out of memory\n");
        return 1;
      }
    } else if (kind < (input == 2 ? 70u : 90u)) {
      long a = q_find(&q, key), b = d_find(&d, key), c = r_find(&r, key);
      if ((a >= 0) != (b >= 0) || (a >= 0) != (c >= 0)) {
        fprintf(stderr, "probe: tables disagree on key %" PRIu64 "\n", key);
        return 1;
      }
      hits += a >= 0;
      sum = sum * 31 + (uint64_t)(a >= 0);
    } else {
      int a = q_delete(&q, key), b = d_delete(&d, key), c = r_delete(&r, key);
      if (a != b || a != c) {
        fprintf(stderr, "probe: deletes disagree on key %" PRIu64 "\n", key);
        return 1;
      }
      dels += (unsigned long)a;
    }
  }
  if (q.live != d.live || q.live != r.live) {
    fprintf(stderr, "probe: sizes disagree\n");
    return 1;
  }
  sum += q.live * 1000003u + hits;
  printf("checksum %016" PRIx64 "\n", sum);
  printf("ops %ld live %zu hits %lu deleted %lu probes %lu\n", size, q.live,
         hits, dels, probes);
  free(q.k);
  free(d.k);
  free(r.k);
  free(r.dist);
  return 0;
}
