/* proto: a switch-driven protocol state machine with error paths.
 *
 * A stream of generated frames in a small binary protocol is decoded by a
 * `switch` over the decoder state, one byte at a time: SYNC (0x7e), a
 * type byte, a length byte, that many payload bytes with 0x7d escaping,
 * and a one-byte additive checksum.  Frame types: PING, DATA (payload
 * summed), SET (key/value pairs applied to a 64-entry register file),
 * ADD (register arithmetic), RESET.  Bad lengths, bad checksums, unknown
 * types and bytes outside a frame are counted and resynchronise.
 * INPUT: 0 mostly DATA frames; 1 SET/ADD heavy with escapes;
 *        2 a noisy line (1 byte in 200 flipped: checksum failures).
 * Usage: proto SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { SYNC = 0x7e, ESC = 0x7d };
enum { T_PING = 1, T_DATA, T_SET, T_ADD, T_RESET };
enum { ST_HUNT, ST_TYPE, ST_LEN, ST_BODY, ST_BODY_ESC, ST_SUM };

static uint64_t seed;
static uint32_t rnd(uint32_t n) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 33) % n;
}

static size_t put(unsigned char *o, size_t i, unsigned char b, unsigned *sum) {
  *sum += b;
  if (b == SYNC || b == ESC) {
    o[i++] = ESC;
    o[i++] = (unsigned char)(b ^ 0x20);
  } else {
    o[i++] = b;
  }
  return i;
}

static size_t gen(unsigned char *o, size_t n, int input) {
  size_t i = 0;
  unsigned char body[64];
  while (i + 200 < n) {
    unsigned r = rnd(100), type, len = 0, sum = 0;
    if (input == 1)
      type = r < 45   ? T_SET
             : r < 90 ? T_ADD
             : r < 97 ? T_DATA
             : r < 99 ? T_PING
                      : T_RESET;
    else
      type = r < 80   ? T_DATA
             : r < 88 ? T_SET
             : r < 95 ? T_ADD
             : r < 99 ? T_PING
                      : T_RESET;
    if (rnd(500) == 0)
      type = 9; /* unknown */
    switch (type) {
    case T_DATA:
      len = 1 + rnd(60);
      for (unsigned k = 0; k < len; k++)
        body[k] =
            (unsigned char)(input == 1 ? (rnd(4) ? 0x7e : rnd(256)) : rnd(120));
      break;
    case T_SET:
    case T_ADD:
      len = 2 * (1 + rnd(8));
      for (unsigned k = 0; k < len; k += 2) {
        body[k] = (unsigned char)rnd(64);
        body[k + 1] = (unsigned char)rnd(256);
      }
      break;
    default:
      break;
    }
    if (rnd(300) == 0)
      o[i++] = (unsigned char)rnd(256); /* junk between frames */
    o[i++] = SYNC;
    i = put(o, i, (unsigned char)type, &sum);
    i = put(o, i, (unsigned char)len, &sum);
    for (unsigned k = 0; k < len; k++)
      i = put(o, i, body[k], &sum);
    sum &= 0xff;
    unsigned dummy = 0;
    i = put(o, i, (unsigned char)((0x100 - sum) & 0xff), &dummy);
  }
  if (input == 2)
    for (size_t k = 0; k < i / 200; k++) {
      size_t at = rnd((uint32_t)i);
      o[at] ^= (unsigned char)(1u << rnd(8));
    }
  return i;
}

typedef struct stats {
  unsigned long frames, bad_sum, bad_type, bad_len, junk, resets;
} stats;

static uint64_t regs[64];

static uint64_t apply(unsigned type, const unsigned char *p, unsigned len,
                      stats *st) {
  uint64_t h = 0;
  switch (type) {
  case T_PING:
    return 1;
  case T_DATA:
    for (unsigned k = 0; k < len; k++)
      h = h * 31 + p[k];
    return h;
  case T_SET:
  case T_ADD:
    if (len & 1) {
      st->bad_len++;
      return 0;
    }
    for (unsigned k = 0; k < len; k += 2) {
      unsigned r = p[k];
      if (r >= 64) {
        st->bad_len++;
        return 0;
      }
      if (type == T_SET)
        regs[r] = p[k + 1];
      else
        regs[r] = regs[r] * 3 + p[k + 1] + regs[(r + 1) & 63];
    }
    return regs[p[0] & 63];
  case T_RESET:
    for (int r = 0; r < 64; r++)
      regs[r] = (uint64_t)r;
    st->resets++;
    return 2;
  default:
    st->bad_type++;
    return 0;
  }
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  long v;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (end == argv[1] || *end || *size < 1024 || *size > 1000000000L)
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
    fprintf(stderr, "usage: proto SIZE(>=1024) [INPUT 0-2]\n");
    return 2;
  }
  unsigned char *buf = malloc((size_t)size);
  if (!buf) {
    fprintf(stderr, "proto: out of memory\n");
    return 1;
  }
  seed = 0x9707ull * (uint64_t)(input + 3);
  size_t n = gen(buf, (size_t)size, input);
  stats st = {0, 0, 0, 0, 0, 0};
  unsigned char body[256];
  unsigned state = ST_HUNT, type = 0, len = 0, got = 0, sum = 0;
  uint64_t check = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned b = buf[i];
    if (b == SYNC) {
      if (state != ST_HUNT)
        st.bad_len++; /* frame cut short */
      state = ST_TYPE;
      sum = 0;
      continue;
    }
    switch (state) {
    case ST_HUNT:
      st.junk++;
      break;
    case ST_TYPE:
    case ST_LEN:
    case ST_BODY:
    case ST_SUM:
      if (b == ESC) {
        state = state * 16 + ST_BODY_ESC; /* remember where the escape was */
        break;
      }
      goto byte;
    default: {
      unsigned back = state / 16;
      b ^= 0x20;
      state = back;
    }
    byte:
      switch (state) {
      case ST_TYPE:
        type = b;
        sum += b;
        state = ST_LEN;
        break;
      case ST_LEN:
        len = b;
        sum += b;
        got = 0;
        if (len > 200) {
          st.bad_len++;
          state = ST_HUNT;
        } else {
          state = len ? ST_BODY : ST_SUM;
        }
        break;
      case ST_BODY:
        body[got++] = (unsigned char)b;
        sum += b;
        if (got == len)
          state = ST_SUM;
        break;
      case ST_SUM:
        if (((sum + b) & 0xff) != 0) {
          st.bad_sum++;
        } else {
          st.frames++;
          check =
              (check ^ apply(type, body, len, &st)) * 0x100000001b3ull + type;
        }
        state = ST_HUNT;
        break;
      default:
        state = ST_HUNT;
        break;
      }
      break;
    }
  }
  for (int r = 0; r < 64; r++)
    check = check * 7 + regs[r];
  printf("checksum %016" PRIx64 "\n", check);
  printf("bytes %zu frames %lu bad-sum %lu bad-type %lu bad-len %lu junk %lu "
         "resets %lu\n",
         n, st.frames, st.bad_sum, st.bad_type, st.bad_len, st.junk, st.resets);
  free(buf);
  return 0;
}
