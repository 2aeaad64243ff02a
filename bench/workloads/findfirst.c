/* findfirst: early-exit searches.
 *
 * Over generated integer arrays and a grid: linear search for a key
 * (found or not), the first index whose prefix sum exceeds a bound, the
 * first duplicate within a sliding window (inner loop returning early),
 * a 2-D search for a sub-square whose corners match a pattern (nested
 * loops left with goto), "all elements satisfy" and "any element
 * satisfies" predicates, and a sentinel search.  Each result feeds the
 * checksum; the sentinel and plain searches must agree.
 * INPUT: 0 keys mostly present early; 1 keys mostly absent (full scans);
 *        2 sorted data (duplicates adjacent, predicates fail late).
 * Usage: findfirst SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N 4096
#define G 96

static uint64_t seed;
static uint32_t rnd(uint32_t n) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 33) % n;
}

static int32_t arr[N + 1];
static unsigned char grid[G][G];

static long find(const int32_t *a, long n, int32_t key) {
  for (long i = 0; i < n; i++)
    if (a[i] == key)
      return i;
  return -1;
}

static long find_sentinel(int32_t *a, long n, int32_t key) {
  int32_t saved = a[n];
  long i = 0;
  a[n] = key;
  while (a[i] != key)
    i++;
  a[n] = saved;
  return i == n ? -1 : i;
}

static long prefix_exceeds(const int32_t *a, long n, int64_t bound) {
  int64_t s = 0;
  for (long i = 0; i < n; i++) {
    s += a[i];
    if (s > bound)
      return i;
  }
  return -1;
}

static long first_dup(const int32_t *a, long n, long window) {
  for (long i = 1; i < n; i++) {
    long lo = i > window ? i - window : 0;
    for (long j = i - 1; j >= lo; j--)
      if (a[j] == a[i])
        return i;
  }
  return -1;
}

static int all_below(const int32_t *a, long n, int32_t lim) {
  for (long i = 0; i < n; i++)
    if (a[i] >= lim)
      return 0;
  return 1;
}

static int any_negative_even(const int32_t *a, long n) {
  for (long i = 0; i < n; i++)
    if (a[i] < 0 && (a[i] & 1) == 0)
      return 1;
  return 0;
}

static long grid_find(unsigned char c, int k) {
  for (int y = 0; y + k < G; y++)
    for (int x = 0; x + k < G; x++)
      if (grid[y][x] == c && grid[y][x + k] == c && grid[y + k][x] == c &&
          grid[y + k][x + k] == c) {
        long r = (long)y * G + x;
        return r;
      }
  return -1;
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  long v;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (end == argv[1] || *end || *size < 1 || *size > 100000000L)
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
    fprintf(stderr, "usage: findfirst SIZE(>=1) [INPUT 0-2]\n");
    return 2;
  }
  seed = 0xf1f5ull ^ (uint64_t)input << 20;
  uint64_t sum = 0;
  unsigned long found = 0, dups = 0, grids = 0;
  for (long round = 0; round < size; round++) {
    long n = 512 + rnd(N - 512);
    for (long i = 0; i < n; i++)
      arr[i] = (int32_t)rnd(input == 1 ? 1000000 : 20000) - 1000;
    if (input == 2)
      for (long i = 1; i < n; i++)
        arr[i] = arr[i - 1] + (int32_t)rnd(3);
    for (int q = 0; q < 16; q++) {
      int32_t key =
          input == 0 && q < 12
              ? arr[rnd((uint32_t)(n < 64 ? n : 64 + rnd((uint32_t)n - 64)))]
              : (int32_t)rnd(2000000);
      long a = find(arr, n, key), b = find_sentinel(arr, n, key);
      if (a != b) {
        fprintf(stderr, "findfirst: searches disagree (%ld vs %ld)\n", a, b);
        return 1;
      }
      found += a >= 0;
      sum = sum * 31 + (uint64_t)(a + 1);
    }
    sum += (uint64_t)(prefix_exceeds(
                          arr, n, (int64_t)n * (input == 1 ? 400000 : 6000)) +
                      1);
    long d = first_dup(arr, n, 48);
    dups += d >= 0;
    sum = sum * 7 + (uint64_t)(d + 1);
    sum += (uint64_t)all_below(arr, n, input == 2 ? 30000 : 19000) * 5 +
           (uint64_t)any_negative_even(arr, n);
    if ((round & 15) == 0) {
      for (int y = 0; y < G; y++)
        for (int x = 0; x < G; x++)
          grid[y][x] = (unsigned char)rnd(input == 1 ? 64 : 6);
      unsigned char want = (unsigned char)rnd(6);
      long g = grid_find(want, 1 + (int)rnd(8));
      grids += g >= 0;
      sum = sum * 13 + (uint64_t)(g + 1);
    }
  }
  printf("checksum %016" PRIx64 "\n", sum);
  printf("rounds %ld found %lu dups %lu grids %lu\n", size, found, dups, grids);
  return 0;
}
