/* editdist: dynamic programming with min-of-three and banded early exit.
 *
 * Levenshtein distance between generated strings by the full two-row DP
 * (three-way minimum per cell) and by a banded DP that gives up (returns
 * "more than K") as soon as a whole row exceeds K; the two must agree
 * whenever the distance is at most K.  Longest common subsequence by DP
 * with a max-of-two, and a Hamming distance with an early exit at the
 * first mismatch beyond a budget.
 * INPUT: 0 similar strings (few edits); 1 unrelated strings (early exits);
 *        2 strings over a 2-letter alphabet (many ties in the minima).
 * Usage: editdist SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXL 200

static uint64_t seed;
static uint32_t rnd(uint32_t n) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 33) % n;
}

static int min3(int a, int b, int c) {
  int m = a < b ? a : b;
  return m < c ? m : c;
}

static int lev(const char *a, int n, const char *b, int m) {
  static int prev[MAXL + 1], cur[MAXL + 1];
  for (int j = 0; j <= m; j++)
    prev[j] = j;
  for (int i = 1; i <= n; i++) {
    cur[0] = i;
    for (int j = 1; j <= m; j++)
      cur[j] = min3(prev[j] + 1, cur[j - 1] + 1,
                    prev[j - 1] + (a[i - 1] != b[j - 1]));
    memcpy(prev, cur, sizeof(int) * (size_t)(m + 1));
  }
  return prev[m];
}

/* Distance if <= k, else k + 1. */
static int lev_band(const char *a, int n, const char *b, int m, int k) {
  static int prev[MAXL + 1], cur[MAXL + 1];
  const int big = k + 1;
  if (n - m > k || m - n > k)
    return big;
  for (int j = 0; j <= m; j++)
    prev[j] = j <= k ? j : big;
  for (int i = 1; i <= n; i++) {
    int lo = i - k > 1 ? i - k : 1, hi = i + k < m ? i + k : m, best = big;
    cur[0] = i <= k ? i : big;
    for (int j = 1; j < lo; j++)
      cur[j] = big;
    for (int j = lo; j <= hi; j++) {
      int v = min3(prev[j] + 1, cur[j - 1] + 1,
                   prev[j - 1] + (a[i - 1] != b[j - 1]));
      cur[j] = v > big ? big : v;
      if (cur[j] < best)
        best = cur[j];
    }
    for (int j = hi + 1; j <= m; j++)
      cur[j] = big;
    if (best > k && cur[0] > k)
      return big;
    memcpy(prev, cur, sizeof(int) * (size_t)(m + 1));
  }
  return prev[m] > k ? big : prev[m];
}

static int lcs(const char *a, int n, const char *b, int m) {
  static int prev[MAXL + 1], cur[MAXL + 1];
  memset(prev, 0, sizeof prev);
  for (int i = 1; i <= n; i++) {
    cur[0] = 0;
    for (int j = 1; j <= m; j++) {
      if (a[i - 1] == b[j - 1])
        cur[j] = prev[j - 1] + 1;
      else
        cur[j] = prev[j] > cur[j - 1] ? prev[j] : cur[j - 1];
    }
    memcpy(prev, cur, sizeof(int) * (size_t)(m + 1));
  }
  return prev[m];
}

static int hamming_budget(const char *a, const char *b, int n, int budget) {
  int d = 0;
  for (int i = 0; i < n; i++)
    if (a[i] != b[i] && ++d > budget)
      return -1;
  return d;
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
    fprintf(stderr, "usage: editdist SIZE(>=1) [INPUT 0-2]\n");
    return 2;
  }
  seed = 0xed17ull + (uint64_t)input * 17;
  static char a[MAXL], b[MAXL];
  uint64_t sum = 0;
  unsigned long within = 0, ham = 0;
  int alpha = input == 2 ? 2 : 20;
  for (long r = 0; r < size; r++) {
    int n = 20 + (int)rnd(MAXL - 40), m;
    for (int i = 0; i < n; i++)
      a[i] = (char)('a' + rnd((uint32_t)alpha));
    if (input == 1) {
      m = 20 + (int)rnd(MAXL - 40);
      for (int i = 0; i < m; i++)
        b[i] = (char)('a' + rnd((uint32_t)alpha));
    } else {
      m = 0;
      for (int i = 0; i < n && m < MAXL; i++) {
        unsigned e = rnd(100);
        if (e < 3)
          continue; /* delete */
        if (e < 6 && m < MAXL - 1)
          b[m++] = (char)('a' + rnd((uint32_t)alpha)); /* insert */
        b[m++] = e < 9 ? (char)('a' + rnd((uint32_t)alpha)) : a[i];
      }
    }
    int k = 12, full = lev(a, n, b, m), band = lev_band(a, n, b, m, k);
    if ((full <= k && band != full) || (full > k && band != k + 1)) {
      fprintf(stderr, "editdist: banded %d vs full %d\n", band, full);
      return 1;
    }
    within += full <= k;
    int l = lcs(a, n, b, m);
    int h = hamming_budget(a, b, n < m ? n : m, 10);
    ham += h >= 0;
    sum = sum * 31 + (uint64_t)(full * 1000 + l) + (uint64_t)(h + 1);
  }
  printf("checksum %016" PRIx64 "\n", sum);
  printf("pairs %ld within-12 %lu hamming-ok %lu\n", size, within, ham);
  return 0;
}
