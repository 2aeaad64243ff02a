/* utf8: decoders with error paths -- UTF-8, base64 and LEB128 varints.
 *
 * Generated code points are encoded to UTF-8, optionally damaged, and
 * decoded by a validating decoder (overlong forms, surrogates, values
 * above U+10FFFF, truncated and stray continuation bytes are errors that
 * emit U+FFFD and resynchronise); the result is base64-encoded and decoded
 * back (padding and invalid characters checked); integers are written as
 * unsigned LEB128 and read back with a length limit.  Round trips are
 * verified where no damage was done.
 * INPUT: 0 mostly ASCII; 1 mostly 2- and 3-byte sequences (CJK-like);
 *        2 damaged streams (2% of bytes replaced: error paths).
 * Usage: utf8 SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t seed;
static uint32_t rnd(uint32_t n) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 33) % n;
}

static size_t enc(uint32_t c, unsigned char *o) {
  if (c < 0x80) {
    o[0] = (unsigned char)c;
    return 1;
  }
  if (c < 0x800) {
    o[0] = (unsigned char)(0xc0 | (c >> 6));
    o[1] = (unsigned char)(0x80 | (c & 0x3f));
    return 2;
  }
  if (c < 0x10000) {
    o[0] = (unsigned char)(0xe0 | (c >> 12));
    o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
    o[2] = (unsigned char)(0x80 | (c & 0x3f));
    return 3;
  }
  o[0] = (unsigned char)(0xf0 | (c >> 18));
  o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
  o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
  o[3] = (unsigned char)(0x80 | (c & 0x3f));
  return 4;
}

/* Decodes one code point at p (n bytes left); *len gets the bytes used;
 * returns 0xfffd on any error (consuming 1 byte). */
static uint32_t dec(const unsigned char *p, size_t n, size_t *len,
                    unsigned long *errs) {
  unsigned b = p[0];
  uint32_t c, min;
  size_t need;
  *len = 1;
  if (b < 0x80)
    return b;
  if (b < 0xc2)
    goto bad; /* stray continuation or overlong 2-byte lead */
  if (b < 0xe0) {
    need = 1;
    c = b & 0x1f;
    min = 0x80;
  } else if (b < 0xf0) {
    need = 2;
    c = b & 0x0f;
    min = 0x800;
  } else if (b < 0xf5) {
    need = 3;
    c = b & 0x07;
    min = 0x10000;
  } else {
    goto bad;
  }
  if (need >= n)
    goto bad;
  for (size_t k = 1; k <= need; k++) {
    if ((p[k] & 0xc0) != 0x80)
      goto bad;
    c = (c << 6) | (p[k] & 0x3f);
  }
  if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
    goto bad;
  *len = need + 1;
  return c;
bad:
  (*errs)++;
  return 0xfffd;
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t b64_enc(const unsigned char *p, size_t n, char *o) {
  size_t j = 0, i = 0;
  for (; i + 2 < n; i += 3) {
    uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
    o[j++] = b64[v >> 18];
    o[j++] = b64[(v >> 12) & 63];
    o[j++] = b64[(v >> 6) & 63];
    o[j++] = b64[v & 63];
  }
  if (i < n) {
    uint32_t v =
        (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);
    o[j++] = b64[v >> 18];
    o[j++] = b64[(v >> 12) & 63];
    o[j++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
    o[j++] = '=';
  }
  return j;
}

static int b64_val(int c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

/* Returns the decoded length, or -1 on a malformed input. */
static long b64_dec(const char *s, size_t n, unsigned char *o) {
  size_t j = 0;
  if (n % 4)
    return -1;
  for (size_t i = 0; i < n; i += 4) {
    int a = b64_val(s[i]), b = b64_val(s[i + 1]), c, d;
    if (a < 0 || b < 0)
      return -1;
    if (s[i + 2] == '=') {
      if (s[i + 3] != '=' || i + 4 != n)
        return -1;
      o[j++] = (unsigned char)(a << 2 | b >> 4);
      break;
    }
    c = b64_val(s[i + 2]);
    if (c < 0)
      return -1;
    if (s[i + 3] == '=') {
      if (i + 4 != n)
        return -1;
      o[j++] = (unsigned char)(a << 2 | b >> 4);
      o[j++] = (unsigned char)((b & 15) << 4 | c >> 2);
      break;
    }
    d = b64_val(s[i + 3]);
    if (d < 0)
      return -1;
    o[j++] = (unsigned char)(a << 2 | b >> 4);
    o[j++] = (unsigned char)((b & 15) << 4 | c >> 2);
    o[j++] = (unsigned char)((c & 3) << 6 | d);
  }
  return (long)j;
}

static size_t leb_put(uint64_t v, unsigned char *o) {
  size_t i = 0;
  do {
    unsigned char b = v & 0x7f;
    v >>= 7;
    if (v)
      b |= 0x80;
    o[i++] = b;
  } while (v);
  return i;
}

static int leb_get(const unsigned char *p, size_t n, uint64_t *v, size_t *len) {
  uint64_t r = 0;
  for (size_t i = 0; i < n && i < 10; i++) {
    r |= (uint64_t)(p[i] & 0x7f) << (7 * i);
    if (!(p[i] & 0x80)) {
      *v = r;
      *len = i + 1;
      return 1;
    }
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

#define CP 256

int main(int argc, char **argv) {
  long size;
  int input;
  if (!parse_args(argc, argv, &size, &input)) {
    fprintf(stderr, "usage: utf8 SIZE(>=1) [INPUT 0-2]\n");
    return 2;
  }
  seed = 0x0f8ull + (uint64_t)input * 101;
  static uint32_t cps[CP], back[CP * 4];
  static unsigned char u[CP * 4 + 4], raw[CP * 4 + 4], leb[CP * 10];
  static char text[CP * 6 + 8];
  uint64_t sum = 0;
  unsigned long errs = 0, b64bad = 0, lebs = 0;
  for (long r = 0; r < size; r++) {
    size_t n = 0, m = 0;
    for (int k = 0; k < CP; k++) {
      unsigned t = rnd(100);
      uint32_t c;
      if (input == 1)
        c = t < 20   ? 0x20 + rnd(95)
            : t < 50 ? 0x80 + rnd(0x780)
                     : 0x4e00 + rnd(0x5000);
      else
        c = t < 90   ? 0x20 + rnd(95)
            : t < 98 ? 0x80 + rnd(0x780)
                     : 0x10000 + rnd(0x10000);
      cps[k] = c;
      n += enc(c, u + n);
    }
    if (input == 2)
      for (size_t k = 0; k < n / 50; k++) {
        size_t at = rnd((uint32_t)n);
        u[at] = (unsigned char)rnd(256);
      }
    for (size_t i = 0; i < n;) {
      size_t len;
      uint32_t c = dec(u + i, n - i, &len, &errs);
      back[m++] = c;
      i += len;
      sum = sum * 31 + c;
    }
    if (input != 2) {
      if (m != CP || memcmp(back, cps, sizeof cps) != 0) {
        fprintf(stderr, "utf8: round trip failed in round %ld\n", r);
        return 1;
      }
    }
    size_t tl = b64_enc(u, n, text);
    if (input == 2 && rnd(3) == 0) {
      size_t at = rnd((uint32_t)tl);
      text[at] = "!*=-"[rnd(4)];
    }
    long rl = b64_dec(text, tl, raw);
    if (rl < 0)
      b64bad++;
    else if ((size_t)rl != n || memcmp(raw, u, n) != 0) {
      if (input != 2) {
        fprintf(stderr, "utf8: base64 round trip failed\n");
        return 1;
      }
      b64bad++;
    } else {
      sum += (uint64_t)rl;
    }
    size_t ll = 0;
    for (size_t k = 0; k < m; k++)
      ll += leb_put((uint64_t)back[k] * (k + 1) * (k & 7 ? 1 : 0x100000001ull),
                    leb + ll);
    for (size_t i = 0; i < ll;) {
      uint64_t v;
      size_t len;
      if (!leb_get(leb + i, ll - i, &v, &len)) {
        fprintf(stderr, "utf8: bad LEB128\n");
        return 1;
      }
      sum ^= v;
      lebs++;
      i += len;
    }
  }
  printf("checksum %016" PRIx64 "\n", sum);
  printf("rounds %ld utf8-errors %lu base64-rejected %lu varints %lu\n", size,
         errs, b64bad, lebs);
  return 0;
}
