/*
 * hash.c -- the streaming 64-bit structural hasher, PGO_HASH_VERSION 1.
 *
 * Exact definition (docs/hash.md has it in full, with test vectors): the
 * input is a sequence of 64-bit words.  Word number k (0-based) is absorbed
 * into lane k mod 4 with the xxHash64 round
 *     lane = rotl64(lane + w * P2, 31) * P1
 * Lanes start as xxHash64's with seed 0.  Integers are fed as one word each
 * (u32 zero-extended), so the result does not depend on host endianness.
 * A byte string is fed as its length (one word) then its bytes packed
 * little-endian into words, the last one zero-padded.  The final value is
 * xxHash64's lane convergence, plus the number of bytes absorbed (8 per
 * word), followed by xxHash64's avalanche.
 *
 * The state has no partial-word buffer (pgo_hasher is four lanes and a
 * length), which is why every feed is whole words; the design is xxHash64's
 * (Y. Collet, https://github.com/Cyan4973/xxHash, BSD-2) applied word-wise,
 * so it does NOT equal XXH64 of the same bytes.  Changing any of this bumps
 * PGO_HASH_VERSION.  There are no failure modes.
 */
#include "cfg_impl.h"

#include <string.h>

#define P1 UINT64_C(0x9E3779B185EBCA87)
#define P2 UINT64_C(0xC2B2AE3D27D4EB4F)
#define P3 UINT64_C(0x165667B19E3779F9)
#define P4 UINT64_C(0x85EBCA77C2B2AE63)

static inline uint64_t rotl64(uint64_t x, unsigned r) {
  return (x << r) | (x >> (64 - r));
}

static inline uint64_t hround(uint64_t acc, uint64_t w) {
  acc += w * P2;
  acc = rotl64(acc, 31);
  return acc * P1;
}

static inline void absorb(pgo_hasher *h, uint64_t w) {
  unsigned lane = (unsigned)((h->length >> 3) & 3u);
  h->state[lane] = hround(h->state[lane], w);
  h->length += 8;
}

PGO_API void pgo_hasher_init(pgo_hasher *h) {
  h->state[0] = P1 + P2;
  h->state[1] = P2;
  h->state[2] = 0;
  h->state[3] = (uint64_t)0 - P1;
  h->length = 0;
}

PGO_API void pgo_hasher_u32(pgo_hasher *h, uint32_t v) {
  absorb(h, (uint64_t)v);
}

PGO_API void pgo_hasher_u64(pgo_hasher *h, uint64_t v) { absorb(h, v); }

PGO_API void pgo_hasher_bytes(pgo_hasher *h, const void *p, size_t n) {
  const unsigned char *s = p;
  absorb(h, (uint64_t)n);
  while (n > 0) {
    size_t k = n < 8 ? n : 8;
    uint64_t w = 0;
    /* Explicit little-endian packing: identical on every host. */
    for (size_t i = 0; i < k; i++)
      w |= (uint64_t)s[i] << (8 * i);
    absorb(h, w);
    s += k;
    n -= k;
  }
}

PGO_API void pgo_hasher_str(pgo_hasher *h, const char *s) {
  if (s == NULL)
    s = "";
  pgo_hasher_bytes(h, s, strlen(s));
}

static inline uint64_t merge(uint64_t acc, uint64_t lane) {
  acc ^= hround(0, lane);
  return acc * P1 + P4;
}

PGO_API uint64_t pgo_hasher_final(const pgo_hasher *h) {
  const uint64_t *v = h->state;
  uint64_t x = rotl64(v[0], 1) + rotl64(v[1], 7) + rotl64(v[2], 12) +
               rotl64(v[3], 18);
  x = merge(x, v[0]);
  x = merge(x, v[1]);
  x = merge(x, v[2]);
  x = merge(x, v[3]);
  x += h->length;
  x ^= x >> 33;
  x *= P2;
  x ^= x >> 29;
  x *= P3;
  x ^= x >> 32;
  return x;
}
