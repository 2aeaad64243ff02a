/* modmat: numeric kernels with guards, in exact integer arithmetic.
 *
 * Gaussian elimination modulo the prime 2^31-1 with pivot search (a zero
 * pivot column means singular), the determinant and the solution of A x = b
 * checked by multiplying back; modular inverse by extended Euclid (guarded
 * gcd != 1), fast modular exponentiation checked against Fermat; integer
 * square root by Newton with a guard for perfect squares; rational
 * averages with zero-denominator guards; a checked-overflow accumulator
 * that falls back to a slow path.
 * INPUT: 0 random dense matrices; 1 sparse matrices (many zero pivots,
 *        frequent singular systems); 2 matrices with huge entries
 *        (overflow fall-backs).
 * Usage: modmat SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define P 2147483647ull
#define MAXD 24

static uint64_t seed;
static uint64_t rnd(uint64_t n) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (seed >> 17) % n;
}

static uint64_t mulmod(uint64_t a, uint64_t b) { return a * b % P; }

static uint64_t powmod(uint64_t b, uint64_t e) {
  uint64_t r = 1;
  b %= P;
  while (e) {
    if (e & 1)
      r = mulmod(r, b);
    b = mulmod(b, b);
    e >>= 1;
  }
  return r;
}

/* Inverse of a mod P by extended Euclid; 0 when none. */
static uint64_t inverse(uint64_t a) {
  int64_t t = 0, nt = 1, r = (int64_t)P, nr = (int64_t)(a % P);
  while (nr != 0) {
    int64_t q = r / nr, tmp;
    tmp = t - q * nt;
    t = nt;
    nt = tmp;
    tmp = r - q * nr;
    r = nr;
    nr = tmp;
  }
  if (r != 1)
    return 0;
  return (uint64_t)(t < 0 ? t + (int64_t)P : t);
}

static uint64_t isqrt(uint64_t n) {
  if (n < 2)
    return n;
  uint64_t x = n / 2 + 1, y = (x + n / x) / 2;
  while (y < x) {
    x = y;
    y = (x + n / x) / 2;
  }
  return x;
}

/* Solves A x = b mod P in place; returns the determinant (0: singular). */
static uint64_t solve(uint64_t a[MAXD][MAXD + 1], int n, unsigned long *swaps) {
  uint64_t det = 1;
  for (int c = 0; c < n; c++) {
    int piv = -1;
    for (int r = c; r < n; r++)
      if (a[r][c] != 0) {
        piv = r;
        break;
      }
    if (piv < 0)
      return 0;
    if (piv != c) {
      for (int k = 0; k <= n; k++) {
        uint64_t t = a[c][k];
        a[c][k] = a[piv][k];
        a[piv][k] = t;
      }
      det = (P - det) % P;
      (*swaps)++;
    }
    det = mulmod(det, a[c][c]);
    uint64_t inv = inverse(a[c][c]);
    for (int k = c; k <= n; k++)
      a[c][k] = mulmod(a[c][k], inv);
    for (int r = 0; r < n; r++) {
      if (r == c || a[r][c] == 0)
        continue;
      uint64_t f = a[r][c];
      for (int k = c; k <= n; k++)
        a[r][k] = (a[r][k] + P - mulmod(f, a[c][k])) % P;
    }
  }
  return det;
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
    fprintf(stderr, "usage: modmat SIZE(>=1) [INPUT 0-2]\n");
    return 2;
  }
  seed = 0x30d3a7ull + (uint64_t)input * 3;
  static uint64_t a[MAXD][MAXD + 1], orig[MAXD][MAXD + 1];
  uint64_t sum = 0;
  unsigned long singular = 0, swaps = 0, squares = 0, overflows = 0,
                nodenom = 0;
  for (long round = 0; round < size; round++) {
    int n = 4 + (int)rnd(MAXD - 4);
    for (int r = 0; r < n; r++)
      for (int c = 0; c <= n; c++) {
        uint64_t v;
        if (input == 1)
          v = rnd(100) < 75 ? 0 : 1 + rnd(9);
        else if (input == 2)
          v = P - 1 - rnd(1000);
        else
          v = rnd(P);
        a[r][c] = orig[r][c] = v;
      }
    uint64_t det = solve(a, n, &swaps);
    if (det == 0) {
      singular++;
    } else {
      for (int r = 0; r < n; r++) {
        uint64_t s = 0;
        for (int c = 0; c < n; c++)
          s = (s + mulmod(orig[r][c], a[c][n])) % P;
        if (s != orig[r][n]) {
          fprintf(stderr, "modmat: solution check failed in round %ld\n",
                  round);
          return 1;
        }
      }
      if (powmod(det, P - 1) != 1) {
        fprintf(stderr, "modmat: Fermat check failed\n");
        return 1;
      }
      sum = sum * 31 + det + a[0][n];
    }
    /* guarded scalar kernels */
    for (int k = 0; k < 64; k++) {
      uint64_t x = input == 2 ? UINT64_MAX - rnd(1u << 20) : rnd(1ull << 40);
      if (rnd(8) == 0) {
        uint64_t s = rnd(1u << 20);
        x = s * s;
      }
      uint64_t q = isqrt(x);
      if (q * q == x)
        squares++;
      sum += q;
      int64_t num = (int64_t)rnd(1000) - 500,
              den = (int64_t)rnd(input == 1 ? 3 : 50) - 1;
      if (den == 0)
        nodenom++;
      else
        sum += (uint64_t)(num / den);
      uint64_t acc;
      if (__builtin_add_overflow(x, x >> 1, &acc)) {
        overflows++;
        acc = (x >> 1) + (x >> 2);
      }
      sum ^= acc;
    }
  }
  printf("checksum %016" PRIx64 "\n", sum);
  printf("systems %ld singular %lu swaps %lu squares %lu overflows %lu "
         "zero-denominators %lu\n",
         size, singular, swaps, squares, overflows, nodenom);
  return 0;
}
