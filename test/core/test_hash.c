/*
 * test_hash.c -- the structural hasher (PGO_HASH_VERSION 1): fixed test
 * vectors (the same as docs/hash.md), agreement with an independent
 * re-implementation written from the documentation, framing of strings,
 * order sensitivity and avalanche.
 */
#include "core_test_util.h"

#include <stdio.h>

/* --- reference implementation, from docs/hash.md -------------------------
 * Collects the whole word stream first, then hashes it; shares no code with
 * lib/core/hash.c. */
typedef struct ref_stream {
  uint64_t w[512];
  size_t n;
} ref_stream;

static void ref_word(ref_stream *s, uint64_t w) { s->w[s->n++] = w; }
static void ref_bytes(ref_stream *s, const char *p, size_t n) {
  ref_word(s, n);
  for (size_t i = 0; i < n; i += 8) {
    uint64_t w = 0;
    for (size_t j = 0; j < 8 && i + j < n; j++)
      w += (uint64_t)(unsigned char)p[i + j] << (8 * j);
    ref_word(s, w);
  }
}
static uint64_t rl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static uint64_t ref_final(const ref_stream *s) {
  const uint64_t P1 = 11400714785074694791ULL, P2 = 14029467366897019727ULL,
                 P3 = 1609587929392839161ULL, P4 = 9650029242287828579ULL;
  uint64_t lane[4] = {P1 + P2, P2, 0, -P1};
  for (size_t k = 0; k < s->n; k++)
    lane[k % 4] = rl(lane[k % 4] + s->w[k] * P2, 31) * P1;
  uint64_t h = rl(lane[0], 1) + rl(lane[1], 7) + rl(lane[2], 12) +
               rl(lane[3], 18);
  for (int i = 0; i < 4; i++) {
    h ^= rl(lane[i] * P2, 31) * P1;
    h = h * P1 + P4;
  }
  h += 8 * (uint64_t)s->n;
  h ^= h >> 33;
  h *= P2;
  h ^= h >> 29;
  h *= P3;
  h ^= h >> 32;
  return h;
}

/* --- vectors ------------------------------------------------------------- */

static uint64_t h_empty(void) {
  pgo_hasher h;
  pgo_hasher_init(&h);
  return pgo_hasher_final(&h);
}
static uint64_t h_u64(uint64_t v) {
  pgo_hasher h;
  pgo_hasher_init(&h);
  pgo_hasher_u64(&h, v);
  return pgo_hasher_final(&h);
}
static uint64_t h_u32(uint32_t v) {
  pgo_hasher h;
  pgo_hasher_init(&h);
  pgo_hasher_u32(&h, v);
  return pgo_hasher_final(&h);
}
static uint64_t h_str(const char *s) {
  pgo_hasher h;
  pgo_hasher_init(&h);
  pgo_hasher_str(&h, s);
  return pgo_hasher_final(&h);
}
static uint64_t h_seq10(void) {
  pgo_hasher h;
  pgo_hasher_init(&h);
  for (uint32_t i = 0; i < 10; i++)
    pgo_hasher_u32(&h, i);
  return pgo_hasher_final(&h);
}
static uint64_t h_method(void) {
  /* A typical structural stream: name, then per block opcode words. */
  pgo_hasher h;
  pgo_hasher_init(&h);
  pgo_hasher_str(&h, "main");
  pgo_hasher_u32(&h, 3);
  pgo_hasher_u64(&h, UINT64_C(0x0123456789abcdef));
  pgo_hasher_bytes(&h, "\x00\xff", 2);
  return pgo_hasher_final(&h);
}

START_TEST(test_vectors) {
  struct {
    const char *what;
    uint64_t got, want;
  } v[] = {
      {"empty", h_empty(), UINT64_C(0x3fdf455f9dcf1e62)},
      {"u64 0", h_u64(0), UINT64_C(0xbe72d008b5d492ad)},
      {"u32 1", h_u32(1), UINT64_C(0x74a333b4aba4c4a3)},
      {"str \"\"", h_str(""), UINT64_C(0xbe72d008b5d492ad)},
      {"str main", h_str("main"), UINT64_C(0x3c9c8cc482ccd3b5)},
      {"str a..z", h_str("abcdefghijklmnopqrstuvwxyz"), UINT64_C(0x8fb9ec7d00c8f190)},
      {"u32 0..9", h_seq10(), UINT64_C(0xacf613832abd343c)},
      {"method", h_method(), UINT64_C(0x0496bc98041c5d48)},
  };
  int bad = 0;
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
    if (v[i].got != v[i].want) {
      printf("vector %-10s got 0x%016llx want 0x%016llx\n", v[i].what,
             (unsigned long long)v[i].got, (unsigned long long)v[i].want);
      bad++;
    }
  ck_assert_int_eq(bad, 0);
}
END_TEST

START_TEST(matches_reference) {
  /* Random streams of u32, u64, strings and byte strings. */
  uint64_t seed = 12345;
  for (int round = 0; round < 2000; round++) {
    pgo_hasher h;
    ref_stream r = {.n = 0};
    pgo_hasher_init(&h);
    int nitems = round % 23;
    for (int i = 0; i < nitems; i++) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      uint64_t x = seed >> 11;
      switch (x % 4) {
      case 0:
        pgo_hasher_u32(&h, (uint32_t)(x >> 7));
        ref_word(&r, (uint32_t)(x >> 7));
        break;
      case 1:
        pgo_hasher_u64(&h, seed);
        ref_word(&r, seed);
        break;
      default: {
        char buf[40];
        size_t n = (x >> 5) % sizeof buf;
        for (size_t j = 0; j < n; j++)
          buf[j] = (char)(x >> (j % 40));
        if (x % 4 == 2 && memchr(buf, 0, n) == NULL) {
          char z[41];
          memcpy(z, buf, n);
          z[n] = 0;
          pgo_hasher_str(&h, z);
        } else {
          pgo_hasher_bytes(&h, buf, n);
        }
        ref_bytes(&r, buf, n);
      }
      }
    }
    ck_assert_uint_eq(h.length, 8 * r.n);
    ck_assert_uint_eq(pgo_hasher_final(&h), ref_final(&r));
  }
}
END_TEST

START_TEST(framing_and_order) {
  pgo_hasher a, b;
  pgo_hasher_init(&a);
  pgo_hasher_init(&b);
  pgo_hasher_str(&a, "ab");
  pgo_hasher_str(&a, "c");
  pgo_hasher_str(&b, "a");
  pgo_hasher_str(&b, "bc");
  ck_assert_uint_ne(pgo_hasher_final(&a), pgo_hasher_final(&b));
  /* NULL string is the empty string. */
  ck_assert_uint_eq(h_str(NULL), h_str(""));
  ck_assert_uint_ne(h_str(""), h_empty());
  /* u32 is zero-extended: same word as u64 of the same value (documented). */
  ck_assert_uint_eq(h_u32(77), h_u64(77));
  /* Order matters, including words that land in the same lane (0 and 4). */
  for (int gap = 1; gap <= 8; gap++) {
    pgo_hasher x, y;
    pgo_hasher_init(&x);
    pgo_hasher_init(&y);
    for (int i = 0; i <= gap; i++) {
      pgo_hasher_u32(&x, i == 0 ? 5u : i == gap ? 9u : 1u);
      pgo_hasher_u32(&y, i == 0 ? 9u : i == gap ? 5u : 1u);
    }
    ck_assert_uint_ne(pgo_hasher_final(&x), pgo_hasher_final(&y));
  }
  /* Final does not consume: calling it twice gives the same value. */
  pgo_hasher_u32(&a, 1);
  ck_assert_uint_eq(pgo_hasher_final(&a), pgo_hasher_final(&a));
  /* Trailing zero words are not ignored. */
  pgo_hasher z;
  pgo_hasher_init(&z);
  pgo_hasher_u64(&z, 0);
  pgo_hasher_u64(&z, 0);
  ck_assert_uint_ne(pgo_hasher_final(&z), h_u64(0));
}
END_TEST

static int popcount64(uint64_t x) {
  int n = 0;
  while (x) {
    x &= x - 1;
    n++;
  }
  return n;
}

START_TEST(avalanche) {
  /* Flipping any single input bit, in any of 6 word positions, changes the
   * hash and flips about half of the output bits on average. */
  uint64_t base[6] = {1, 2, 3, 0xdeadbeef, 0, UINT64_MAX};
  long total = 0, count = 0;
  int minflip = 64;
  for (int pos = 0; pos < 6; pos++)
    for (int bit = 0; bit < 64; bit++) {
      pgo_hasher a, b;
      pgo_hasher_init(&a);
      pgo_hasher_init(&b);
      for (int k = 0; k < 6; k++) {
        pgo_hasher_u64(&a, base[k]);
        pgo_hasher_u64(&b, k == pos ? base[k] ^ (UINT64_C(1) << bit) : base[k]);
      }
      int d = popcount64(pgo_hasher_final(&a) ^ pgo_hasher_final(&b));
      total += d;
      count++;
      if (d < minflip)
        minflip = d;
    }
  double mean = (double)total / (double)count;
  ck_assert_msg(mean > 30.0 && mean < 34.0, "mean flipped bits %.2f", mean);
  ck_assert_msg(minflip >= 12, "a single-bit flip changed only %d bits",
                minflip);
}
END_TEST

START_TEST(no_collisions_small_ints) {
  /* Hashes of u32 0..99999 are pairwise distinct (a weak but real check of
   * the mixing; a 64-bit hash should have no collision at this size). */
  enum { N = 100000 };
  uint64_t *v = malloc(N * sizeof *v);
  ck_assert_ptr_nonnull(v);
  for (uint32_t i = 0; i < N; i++)
    v[i] = h_u32(i);
  /* Sort and look for neighbours (simple shell sort, no qsort callback). */
  for (size_t gap = N / 2; gap > 0; gap /= 2)
    for (size_t i = gap; i < N; i++)
      for (size_t j = i; j >= gap && v[j - gap] > v[j]; j -= gap) {
        uint64_t t = v[j];
        v[j] = v[j - gap];
        v[j - gap] = t;
      }
  for (size_t i = 1; i < N; i++)
    ck_assert_uint_ne(v[i - 1], v[i]);
  free(v);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("core_hash");
  TCase *tc = tcase_create("hash");
  tcase_add_test(tc, test_vectors);
  tcase_add_test(tc, matches_reference);
  tcase_add_test(tc, framing_and_order);
  tcase_add_test(tc, avalanche);
  tcase_add_test(tc, no_collisions_small_ints);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite())
