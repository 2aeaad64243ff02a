/* queens: backtracking search with bit masks and recursion.
 *
 * Counts N-queens solutions with bitmask recursion (columns and both
 * diagonals as words, lowest-set-bit iteration), solves generated exact
 * cover-ish "subset sum" instances by recursive branch and bound with
 * pruning on the remaining sum, and fills Latin squares by backtracking
 * with per-row and per-column used-masks, stopping at the first solution.
 * INPUT: 0 mixed; 1 subset sums with no solution (full search);
 *        2 tight Latin-square prefixes (deep backtracking).
 * Usage: queens SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t seed;
static uint32_t rnd(uint32_t n) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 33) % n;
}

static unsigned long nodes;

static uint64_t nq(uint32_t all, uint32_t cols, uint32_t d1, uint32_t d2) {
  nodes++;
  if (cols == all)
    return 1;
  uint64_t count = 0;
  uint32_t free_ = all & ~(cols | d1 | d2);
  while (free_) {
    uint32_t bit = free_ & (0u - free_);
    free_ ^= bit;
    count += nq(all, cols | bit, (d1 | bit) << 1 & all, (d2 | bit) >> 1);
  }
  return count;
}

static int subset(const int *v, int n, int i, long target, long rest) {
  nodes++;
  if (target == 0)
    return 1;
  if (i == n || target < 0 || rest < target)
    return 0;
  if (v[i] <= target && subset(v, n, i + 1, target - v[i], rest - v[i]))
    return 1;
  return subset(v, n, i + 1, target, rest - v[i]);
}

#define L 7
static int sq[L][L];
static unsigned rowm[L], colm[L];

static int latin(int cell) {
  nodes++;
  if (cell == L * L)
    return 1;
  int r = cell / L, c = cell % L;
  if (sq[r][c] >= 0)
    return latin(cell + 1);
  for (int v = 0; v < L; v++) {
    unsigned b = 1u << v;
    if ((rowm[r] & b) || (colm[c] & b))
      continue;
    sq[r][c] = v;
    rowm[r] |= b;
    colm[c] |= b;
    if (latin(cell + 1))
      return 1;
    rowm[r] &= ~b;
    colm[c] &= ~b;
    sq[r][c] = -1;
  }
  return 0;
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
    fprintf(stderr, "usage: queens SIZE(>=1) [INPUT 0-2]\n");
    return 2;
  }
  static const uint64_t known[13] = {1,  1,  0,   0,   2,    10,   4,
                                     40, 92, 352, 724, 2680, 14200};
  seed = 0x9ee45ull + (uint64_t)input;
  uint64_t sum = 0;
  unsigned long found = 0, squares = 0;
  for (long round = 0; round < size; round++) {
    int n = 4 + (int)(round % (input == 0 ? 7 : 5));
    uint64_t c = nq((1u << n) - 1, 0, 0, 0);
    if (c != known[n]) {
      fprintf(stderr, "queens: %d-queens gave %" PRIu64 "\n", n, c);
      return 1;
    }
    sum = sum * 31 + c;
    int v[24], m = 14 + (int)rnd(8);
    long total = 0;
    for (int k = 0; k < m; k++) {
      v[k] = input == 1 ? 2 * (int)(1 + rnd(500)) : (int)(1 + rnd(1000));
      total += v[k];
    }
    long target = input == 1 ? total / 2 + 1 - (total / 2) % 2
                             : (long)rnd((uint32_t)total);
    if (input == 1 && target % 2 == 0)
      target++;
    int ok = subset(v, m, 0, target, total);
    found += (unsigned long)ok;
    sum = sum * 3 + (uint64_t)ok;
    for (int r = 0; r < L; r++) {
      rowm[r] = colm[r] = 0;
      for (int cc = 0; cc < L; cc++)
        sq[r][cc] = -1;
    }
    int pre = input == 2 ? 12 : 5;
    for (int k = 0; k < pre; k++) {
      int r = (int)rnd(L), cc = (int)rnd(L), val = (int)rnd(L);
      unsigned b = 1u << val;
      if (sq[r][cc] < 0 && !(rowm[r] & b) && !(colm[cc] & b)) {
        sq[r][cc] = val;
        rowm[r] |= b;
        colm[cc] |= b;
      }
    }
    if (latin(0)) {
      squares++;
      for (int r = 0; r < L; r++)
        sum = sum * 7 + (uint64_t)sq[r][(r * 3) % L];
    }
  }
  printf("checksum %016" PRIx64 "\n", sum);
  printf("rounds %ld subsets-found %lu squares %lu nodes %lu\n", size, found,
         squares, nodes);
  return 0;
}
