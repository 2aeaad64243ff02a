/* intervals: interval merging and sweep queries with comparator callbacks.
 *
 * Generated closed intervals are sorted by start with a generic
 * insertion-merge sort that takes a comparator (`while (j > 0 && cmp(&v[j -
 * 1], &x) > 0)` inner loop for short runs, bottom-up merges above), merged
 * where they overlap or touch (`while (i < n && (v[i].lo <= hi + 1 ||
 * v[i].hi <= hi))`), and queried: point stabbing by binary search over
 * the merged set, and a sweep counting the maximum depth of the original
 * set.  Merged results are cross-checked against a bitmap.
 * INPUT: 0 short random intervals; 1 long overlapping intervals (few merged
 *        runs); 2 many duplicates and touching neighbours.
 * Usage: intervals SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct iv {
  int32_t lo, hi;
} iv;

typedef int (*cmp_fn)(const iv *, const iv *);

static uint64_t seed;
static uint32_t rnd(uint32_t n) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 33) % n;
}

static unsigned long ncmp;
static int by_lo(const iv *a, const iv *b) {
  ncmp++;
  if (a->lo != b->lo)
    return a->lo < b->lo ? -1 : 1;
  return (a->hi > b->hi) - (a->hi < b->hi);
}
static int by_hi(const iv *a, const iv *b) {
  ncmp++;
  return (a->hi > b->hi) - (a->hi < b->hi);
}

static void run_sort(iv *v, size_t n, cmp_fn cmp) {
  for (size_t i = 1; i < n; i++) {
    iv x = v[i];
    size_t j = i;
    while (j > 0 && cmp(&v[j - 1], &x) > 0) {
      v[j] = v[j - 1];
      j--;
    }
    v[j] = x;
  }
}

static void sort_iv(iv *v, iv *tmp, size_t n, cmp_fn cmp) {
  const size_t run = 16;
  for (size_t s = 0; s < n; s += run)
    run_sort(v + s, n - s < run ? n - s : run, cmp);
  for (size_t w = run; w < n; w *= 2) {
    for (size_t s = 0; s < n; s += 2 * w) {
      size_t m = s + w < n ? s + w : n, e = s + 2 * w < n ? s + 2 * w : n,
             a = s, b = m, k = s;
      if (m >= e || cmp(&v[m - 1], &v[m]) <= 0) {
        memcpy(tmp + s, v + s, (e - s) * sizeof *v);
        continue;
      }
      while (a < m && b < e)
        tmp[k++] = cmp(&v[b], &v[a]) < 0 ? v[b++] : v[a++];
      while (a < m)
        tmp[k++] = v[a++];
      while (b < e)
        tmp[k++] = v[b++];
    }
    memcpy(v, tmp, n * sizeof *v);
  }
}

static size_t merge(const iv *v, size_t n, iv *out) {
  size_t i = 0, m = 0;
  while (i < n) {
    int32_t lo = v[i].lo, hi = v[i].hi;
    i++;
    while (i < n && (v[i].lo <= hi + 1 || v[i].hi <= hi)) {
      if (v[i].hi > hi)
        hi = v[i].hi;
      i++;
    }
    out[m].lo = lo;
    out[m].hi = hi;
    m++;
  }
  return m;
}

static int stab(const iv *m, size_t n, int32_t x) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (m[mid].hi < x)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && m[lo].lo <= x;
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  long v;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (end == argv[1] || *end || *size < 16 || *size > 20000000L)
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

#define SPACE (1 << 22)

int main(int argc, char **argv) {
  long size;
  int input;
  if (!parse_args(argc, argv, &size, &input)) {
    fprintf(stderr, "usage: intervals SIZE(>=16) [INPUT 0-2]\n");
    return 2;
  }
  size_t n = (size_t)size;
  iv *v = malloc(n * sizeof *v), *tmp = malloc(n * sizeof *v),
     *m = malloc(n * sizeof *v), *e = malloc(n * sizeof *v);
  unsigned char *bits = calloc(SPACE / 8 + 1, 1);
  if (!v || !tmp || !m || !e || !bits) {
    fprintf(stderr, "intervals: out of memory\n");
    return 1;
  }
  seed = 0x1e7ull + (uint64_t)input * 29;
  for (size_t i = 0; i < n; i++) {
    int32_t lo = (int32_t)rnd(SPACE - 5000), len;
    if (input == 1)
      len = (int32_t)rnd(4000);
    else if (input == 2) {
      lo = (int32_t)(rnd((uint32_t)(n / 4 + 1)) * 8);
      len = 7;
    } else
      len = (int32_t)rnd(40);
    v[i].lo = lo;
    v[i].hi = lo + len;
    for (int32_t x = lo; x <= lo + len && input != 1; x++)
      bits[x >> 3] |= (unsigned char)(1u << (x & 7));
  }
  memcpy(e, v, n * sizeof *v);
  sort_iv(v, tmp, n, by_lo);
  size_t k = merge(v, n, m);
  uint64_t sum = k, covered = 0;
  for (size_t i = 0; i < k; i++) {
    covered += (uint64_t)(m[i].hi - m[i].lo + 1);
    if (i > 0 && m[i].lo <= m[i - 1].hi + 1) {
      fprintf(stderr, "intervals: merged set not disjoint\n");
      return 1;
    }
  }
  unsigned long hits = 0;
  for (long q = 0; q < size; q++) {
    int32_t x = (int32_t)rnd(SPACE);
    int a = stab(m, k, x);
    if (input != 1 && a != ((bits[x >> 3] >> (x & 7)) & 1)) {
      fprintf(stderr,
              "intervals: stabbing query disagrees with the bitmap at %ld\n",
              (long)x);
      return 1;
    }
    hits += (unsigned long)a;
  }
  /* maximum depth: starts sorted by lo (v), ends sorted by hi (e) */
  sort_iv(e, tmp, n, by_hi);
  size_t i = 0, j = 0;
  long depth = 0, best = 0;
  while (i < n && j < n) {
    if (v[i].lo <= e[j].hi) {
      depth++;
      if (depth > best)
        best = depth;
      i++;
    } else {
      depth--;
      j++;
    }
  }
  sum = sum * 1000003u + covered * 31 + hits + (uint64_t)best;
  printf("checksum %016" PRIx64 "\n", sum);
  printf("intervals %zu merged %zu covered %" PRIu64
         " hits %lu depth %ld comparisons %lu\n",
         n, k, covered, hits, best, ncmp);
  free(v);
  free(tmp);
  free(m);
  free(e);
  free(bits);
  return 0;
}
