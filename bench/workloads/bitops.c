/* bitops: bit manipulation kernels.
 *
 * Popcount three ways (loop clearing the lowest bit, nibble table, SWAR)
 * that must agree; bit reversal by loop and by masks; Gray code and back;
 * a bitwise CRC-32 (reflected, one branch per bit) checked against a
 * table-driven one; count of trailing zeros by loop; next permutation of
 * bits (Gosper's hack) enumerating k-subsets; a bitset sieve of primes.
 * INPUT: 0 uniform random words; 1 sparse words (few bits set);
 *        2 dense words (few bits clear).
 * Usage: bitops SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t seed;
static uint64_t rnd64(void) {
  seed ^= seed << 13;
  seed ^= seed >> 7;
  seed ^= seed << 17;
  return seed;
}

static unsigned pop_loop(uint64_t x) {
  unsigned n = 0;
  while (x) {
    x &= x - 1;
    n++;
  }
  return n;
}
static unsigned pop_table(uint64_t x) {
  static const unsigned char nib[16] = {0, 1, 1, 2, 1, 2, 2, 3,
                                        1, 2, 2, 3, 2, 3, 3, 4};
  unsigned n = 0;
  for (int i = 0; i < 16; i++, x >>= 4)
    n += nib[x & 15];
  return n;
}
static unsigned pop_swar(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
  return (unsigned)((x * 0x0101010101010101ull) >> 56);
}
static uint32_t rev_loop(uint32_t x) {
  uint32_t r = 0;
  for (int i = 0; i < 32; i++) {
    r = (r << 1) | (x & 1);
    x >>= 1;
  }
  return r;
}
static uint32_t rev_mask(uint32_t x) {
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
  x = ((x >> 8) & 0x00ff00ffu) | ((x & 0x00ff00ffu) << 8);
  return (x >> 16) | (x << 16);
}
static uint32_t gray_back(uint32_t g) {
  uint32_t b = 0;
  for (; g; g >>= 1)
    b ^= g;
  return b;
}
static uint32_t crc_table[256];
static void crc_init(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++)
      c = (c >> 1) ^ ((c & 1) ? 0xedb88320u : 0);
    crc_table[i] = c;
  }
}
static uint32_t crc_bits(const unsigned char *p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) {
      if (c & 1)
        c = (c >> 1) ^ 0xedb88320u;
      else
        c >>= 1;
    }
  }
  return ~c;
}
static uint32_t crc_tab(const unsigned char *p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++)
    c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
  return ~c;
}
static unsigned ctz_loop(uint64_t x) {
  unsigned n = 0;
  if (x == 0)
    return 64;
  while (!(x & 1)) {
    x >>= 1;
    n++;
  }
  return n;
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  long v;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (end == argv[1] || *end || *size < 64 || *size > 1000000000L)
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
    fprintf(stderr, "usage: bitops SIZE(>=64) [INPUT 0-2]\n");
    return 2;
  }
  seed = 0xb1750ull + (uint64_t)input * 0x9e37ull;
  crc_init();
  uint64_t sum = 0, pops = 0;
  unsigned char buf[256];
  for (long i = 0; i < size; i++) {
    uint64_t x = rnd64();
    if (input == 1)
      x &= rnd64() & rnd64() & rnd64();
    else if (input == 2)
      x |= rnd64() | rnd64() | rnd64();
    unsigned a = pop_loop(x), b = pop_table(x), c = pop_swar(x);
    if (a != b || a != c) {
      fprintf(stderr, "bitops: popcounts disagree on %016" PRIx64 "\n", x);
      return 1;
    }
    pops += a;
    uint32_t lo = (uint32_t)x;
    if (rev_loop(lo) != rev_mask(lo)) {
      fprintf(stderr, "bitops: reversals disagree\n");
      return 1;
    }
    uint32_t g = lo ^ (lo >> 1);
    if (gray_back(g) != lo) {
      fprintf(stderr, "bitops: gray code round trip failed\n");
      return 1;
    }
    sum = sum * 31 + rev_mask(lo) + ctz_loop(x);
    buf[i & 255] = (unsigned char)x;
    if ((i & 255) == 255) {
      uint32_t c1 = crc_bits(buf, 256), c2 = crc_tab(buf, 256);
      if (c1 != c2) {
        fprintf(stderr, "bitops: CRCs disagree\n");
        return 1;
      }
      sum ^= c1;
    }
  }
  /* k-subsets of 20 bits (Gosper), weighted */
  unsigned long subsets = 0;
  for (unsigned k = 1 + (unsigned)input; k <= 4u + (unsigned)input; k++) {
    uint32_t v = (1u << k) - 1;
    while (v < (1u << 20)) {
      subsets++;
      sum += v % 1009;
      uint32_t t = v | (v - 1);
      v = (t + 1) | (((~t & -~t) - 1) >> (ctz_loop(v) + 1));
    }
  }
  /* bitset sieve */
  size_t lim = (size_t)size < 4000000 ? (size_t)size : 4000000;
  uint64_t *bits = calloc(lim / 64 + 1, 8);
  if (!bits) {
    fprintf(stderr, "bitops: out of memory\n");
    return 1;
  }
  unsigned long primes = 0;
  for (size_t p = 2; p < lim; p++) {
    if (bits[p >> 6] & (1ull << (p & 63)))
      continue;
    primes++;
    for (size_t q = p * p; q < lim; q += p)
      bits[q >> 6] |= 1ull << (q & 63);
  }
  free(bits);
  sum += primes;
  printf("checksum %016" PRIx64 "\n", sum);
  printf("words %ld bits %" PRIu64 " subsets %lu primes %lu\n", size, pops,
         subsets, primes);
  return 0;
}
