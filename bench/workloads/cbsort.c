/* cbsort: sorting through comparator callbacks, qsort style.
 *
 * Records (key, tag) are sorted with three generic routines that take a
 * comparator function pointer and an element size, as qsort does:
 * insertion sort (the inner loop `j > lo && cmp(a[j-1], x) > 0`), binary
 * insertion sort, and a quicksort with an insertion cut-off that calls the
 * insertion sort on small ranges.  Three comparators (by key, by tag then
 * key, by key descending) are used; every result is verified sorted, and
 * the stable routines are checked against each other.
 * INPUT: 0 random keys; 1 nearly sorted (a few swaps); 2 few distinct keys.
 * Usage: cbsort SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rec {
  int32_t key;
  uint32_t tag;
} rec;

typedef int (*cmp_fn)(const void *, const void *);

static uint64_t seed;
static uint32_t next_rand(void) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 33);
}

static unsigned long ncmp;

static int by_key(const void *a, const void *b) {
  const rec *x = a, *y = b;
  ncmp++;
  return (x->key > y->key) - (x->key < y->key);
}
static int by_tag(const void *a, const void *b) {
  const rec *x = a, *y = b;
  ncmp++;
  if (x->tag != y->tag)
    return x->tag < y->tag ? -1 : 1;
  return (x->key > y->key) - (x->key < y->key);
}
static int by_key_desc(const void *a, const void *b) { return by_key(b, a); }

/* Insertion sort of a[lo..hi) (element size sz), stable. */
static void isort(char *a, size_t lo, size_t hi, size_t sz, cmp_fn cmp,
                  char *tmp) {
  for (size_t i = lo + 1; i < hi; i++) {
    size_t j = i;
    memcpy(tmp, a + i * sz, sz);
    while (j > lo && cmp(a + (j - 1) * sz, tmp) > 0) {
      memcpy(a + j * sz, a + (j - 1) * sz, sz);
      j--;
    }
    if (j != i)
      memcpy(a + j * sz, tmp, sz);
  }
}

/* Binary insertion sort, stable: insert after equal elements. */
static void bisort(char *a, size_t n, size_t sz, cmp_fn cmp, char *tmp) {
  for (size_t i = 1; i < n; i++) {
    size_t lo = 0, hi = i;
    if (cmp(a + (i - 1) * sz, a + i * sz) <= 0)
      continue;
    memcpy(tmp, a + i * sz, sz);
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (cmp(a + mid * sz, tmp) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }
    memmove(a + (lo + 1) * sz, a + lo * sz, (i - lo) * sz);
    memcpy(a + lo * sz, tmp, sz);
  }
}

static void swap_el(char *a, char *b, size_t sz) {
  char t[64];
  memcpy(t, a, sz);
  memcpy(a, b, sz);
  memcpy(b, t, sz);
}

static void qsort_cb(char *a, size_t lo, size_t hi, size_t sz, cmp_fn cmp,
                     char *tmp) {
  while (hi - lo > 12) {
    size_t mid = lo + (hi - lo) / 2, i = lo, j = hi - 1;
    if (cmp(a + mid * sz, a + lo * sz) < 0)
      swap_el(a + mid * sz, a + lo * sz, sz);
    if (cmp(a + j * sz, a + mid * sz) < 0) {
      swap_el(a + j * sz, a + mid * sz, sz);
      if (cmp(a + mid * sz, a + lo * sz) < 0)
        swap_el(a + mid * sz, a + lo * sz, sz);
    }
    memcpy(tmp, a + mid * sz, sz);
    for (;;) {
      while (cmp(a + i * sz, tmp) < 0)
        i++;
      while (cmp(tmp, a + j * sz) < 0)
        j--;
      if (i >= j)
        break;
      swap_el(a + i * sz, a + j * sz, sz);
      i++;
      j--;
    }
    if (j + 1 - lo < hi - j - 1) {
      qsort_cb(a, lo, j + 1, sz, cmp, tmp);
      lo = j + 1;
    } else {
      qsort_cb(a, j + 1, hi, sz, cmp, tmp);
      hi = j + 1;
    }
  }
  isort(a, lo, hi, sz, cmp, tmp);
}

static int sorted(const rec *r, size_t n, cmp_fn cmp) {
  for (size_t i = 1; i < n; i++)
    if (cmp(&r[i - 1], &r[i]) > 0)
      return 0;
  return 1;
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

static void fill(rec *r, size_t n, int input) {
  for (size_t i = 0; i < n; i++) {
    if (input == 1)
      r[i].key = (int32_t)i;
    else if (input == 2)
      r[i].key = (int32_t)(next_rand() % 7);
    else
      r[i].key = (int32_t)(next_rand() % 1000000) - 500000;
    r[i].tag = next_rand() % 16;
  }
  if (input == 1)
    for (size_t k = 0; k < n / 50 + 1; k++) {
      size_t i = next_rand() % n, j = next_rand() % n;
      rec t = r[i];
      r[i] = r[j];
      r[j] = t;
    }
}

int main(int argc, char **argv) {
  long size;
  int input;
  uint64_t sum = 0;
  rec tmp;
  if (!parse_args(argc, argv, &size, &input)) {
    fprintf(stderr, "usage: cbsort SIZE(>=16) [INPUT 0-2]\n");
    return 2;
  }
  size_t n = (size_t)size, chunk = 256;
  rec *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
  if (!a || !b) {
    fprintf(stderr, "cbsort: out of memory\n");
    return 1;
  }
  seed = 0xcb5047ull + (uint64_t)input * 977;
  fill(a, n, input);
  /* Chunks of 256 through the quadratic sorts, the whole by quicksort. */
  for (size_t off = 0; off < n; off += chunk) {
    size_t m = n - off < chunk ? n - off : chunk;
    memcpy(b + off, a + off, m * sizeof *a);
    isort((char *)a, off, off + m, sizeof *a, by_tag, (char *)&tmp);
    bisort((char *)(b + off), m, sizeof *b, by_tag, (char *)&tmp);
    if (memcmp(a + off, b + off, m * sizeof *a) != 0) {
      fprintf(stderr,
              "cbsort: insertion and binary insertion disagree at %zu\n", off);
      return 1;
    }
  }
  for (size_t i = 0; i < n; i += 97)
    sum = sum * 31 + a[i].tag * 1000003u + (uint32_t)a[i].key;
  qsort_cb((char *)a, 0, n, sizeof *a, by_key, (char *)&tmp);
  if (!sorted(a, n, by_key)) {
    fprintf(stderr, "cbsort: quicksort by key not sorted\n");
    return 1;
  }
  for (size_t i = 0; i < n; i += 89)
    sum = sum * 31 + (uint32_t)a[i].key;
  qsort_cb((char *)a, 0, n, sizeof *a, by_key_desc, (char *)&tmp);
  if (!sorted(a, n, by_key_desc)) {
    fprintf(stderr, "cbsort: quicksort descending not sorted\n");
    return 1;
  }
  for (size_t i = 0; i < n; i += 83)
    sum = sum * 31 + (uint32_t)a[i].key;
  printf("checksum %016" PRIx64 "\n", sum);
  printf("records %zu comparisons %lu\n", n, ncmp);
  free(a);
  free(b);
  return 0;
}
