/* fptr: indirect calls -- dispatch tables, vtables, callbacks, trampolines.
 *
 * Four kernels, all driven through function pointers:
 *   events     a table of 16 handlers indexed by event type;
 *   shapes     objects carrying a pointer to an ops table (area, perimeter,
 *              scale) -- the C form of virtual calls;
 *   callbacks  a generic mergesort taking a comparator, and map/fold over an
 *              array with a chain of element callbacks;
 *   trampoline a state machine in which every state is a function returning
 *              the next state (a run-length / checksum scanner).
 * The distribution of call targets is what INPUT changes:
 *   0 skewed: one target takes ~80% of the calls (guarded devirtualization
 *     pays), 1 uniform over all targets, 2 phased: the hot target changes
 *     every 4096 calls.
 * Usage: fptr SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t rng_next(void) {
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/* Picks one of n targets according to the INPUT distribution. */
static unsigned pick_target(int input, unsigned n, long i) {
  uint64_t r = rng_next();
  switch (input) {
  case 0:
    return (r % 100) < 80 ? 0 : (unsigned)((r >> 8) % n);
  case 1:
    return (unsigned)(r % n);
  default: {
    unsigned hot = (unsigned)((i >> 12) % n);
    return (r % 100) < 85 ? hot : (unsigned)((r >> 8) % n);
  }
  }
}

/* ---- events -------------------------------------------------------------- */

typedef struct {
  uint64_t acc;
  uint64_t counts[16];
  uint32_t queue[64];
  unsigned qlen;
  uint64_t dropped;
} ev_state;

typedef void (*ev_handler)(ev_state *, uint32_t);

static void ev_add(ev_state *s, uint32_t p) { s->acc += p; }
static void ev_xor(ev_state *s, uint32_t p) { s->acc ^= (uint64_t)p << (p & 31); }
static void ev_mul(ev_state *s, uint32_t p) { s->acc = s->acc * 0x100000001b3ull + p; }
static void ev_rot(ev_state *s, uint32_t p) {
  unsigned r = p & 63;
  s->acc = r ? (s->acc << r | s->acc >> (64 - r)) : s->acc;
}
static void ev_push(ev_state *s, uint32_t p) {
  if (s->qlen < 64)
    s->queue[s->qlen++] = p;
  else
    s->dropped++; /* rare: queue full */
}
static void ev_pop(ev_state *s, uint32_t p) {
  if (s->qlen)
    s->acc += s->queue[--s->qlen] ^ p;
}
static void ev_drain(ev_state *s, uint32_t p) {
  while (s->qlen)
    s->acc = s->acc * 31 + s->queue[--s->qlen] + p;
}
static void ev_count(ev_state *s, uint32_t p) {
  uint32_t c = 0;
  while (p) {
    p &= p - 1;
    c++;
  }
  s->acc += c;
}
static void ev_max(ev_state *s, uint32_t p) {
  if (p > (uint32_t)s->acc)
    s->acc = (s->acc & ~0xffffffffull) | p;
}
static void ev_min(ev_state *s, uint32_t p) {
  if (p < (uint32_t)s->acc)
    s->acc = (s->acc & ~0xffffffffull) | p;
}
static void ev_digits(ev_state *s, uint32_t p) {
  do {
    s->acc += p % 10;
    p /= 10;
  } while (p);
}
static void ev_gcd(ev_state *s, uint32_t p) {
  uint64_t a = s->acc | 1, b = p | 1;
  while (b) {
    uint64_t t = a % b;
    a = b;
    b = t;
  }
  s->acc += a;
}
static void ev_sqrt(ev_state *s, uint32_t p) {
  uint32_t x = 0, bit = 1u << 30;
  while (bit > p)
    bit >>= 2;
  while (bit) {
    if (p >= x + bit) {
      p -= x + bit;
      x = (x >> 1) + bit;
    } else {
      x >>= 1;
    }
    bit >>= 2;
  }
  s->acc += x;
}
static void ev_neg(ev_state *s, uint32_t p) { s->acc = ~s->acc + p; }
static void ev_shift(ev_state *s, uint32_t p) { s->acc >>= (p & 7); }
static void ev_noop(ev_state *s, uint32_t p) {
  (void)p;
  s->acc++;
}

static const ev_handler handlers[16] = {ev_add,    ev_xor, ev_mul, ev_rot,  ev_push, ev_pop,
                                        ev_drain,  ev_count, ev_max, ev_min, ev_digits, ev_gcd,
                                        ev_sqrt,   ev_neg, ev_shift, ev_noop};

static uint64_t run_events(long n, int input) {
  ev_state s;
  memset(&s, 0, sizeof s);
  for (long i = 0; i < n; i++) {
    unsigned t = pick_target(input, 16, i);
    s.counts[t]++;
    handlers[t](&s, (uint32_t)rng_next());
  }
  for (int k = 0; k < 16; k++)
    s.acc = s.acc * 31 + s.counts[k];
  return s.acc ^ s.dropped;
}

/* ---- shapes -------------------------------------------------------------- */

struct shape;
typedef struct {
  uint64_t (*area)(const struct shape *);
  uint64_t (*perimeter)(const struct shape *);
  void (*scale)(struct shape *, uint32_t num, uint32_t den);
} shape_ops;

typedef struct shape {
  const shape_ops *ops;
  uint32_t a, b, c;
} shape;

static uint64_t rect_area(const shape *s) { return (uint64_t)s->a * s->b; }
static uint64_t rect_perim(const shape *s) { return 2 * ((uint64_t)s->a + s->b); }
static uint64_t sq_area(const shape *s) { return (uint64_t)s->a * s->a; }
static uint64_t sq_perim(const shape *s) { return 4 * (uint64_t)s->a; }
static uint64_t circ_area(const shape *s) { return (uint64_t)s->a * s->a * 355 / 113; }
static uint64_t circ_perim(const shape *s) { return (uint64_t)s->a * 710 / 113; }
static uint64_t tri_area(const shape *s) {
  /* Heron, in integers: 16 A^2 = (a+b+c)(-a+b+c)(a-b+c)(a+b-c); sides form a
   * triangle by construction. */
  uint64_t a = s->a, b = s->b, c = s->c;
  uint64_t q = (a + b + c) * (b + c - a) * (a + c - b) * (a + b - c), r = 0, bit = 1ull << 62;
  while (bit > q)
    bit >>= 2;
  while (bit) {
    if (q >= r + bit) {
      q -= r + bit;
      r = (r >> 1) + bit;
    } else {
      r >>= 1;
    }
    bit >>= 2;
  }
  return r / 4;
}
static uint64_t tri_perim(const shape *s) { return (uint64_t)s->a + s->b + s->c; }
static void scale3(shape *s, uint32_t num, uint32_t den) {
  s->a = s->a * num / den + 1;
  s->b = s->b * num / den + 1;
  s->c = s->c * num / den + 1;
  if (s->c >= s->a + s->b) /* keep triangles valid after rounding */
    s->c = s->a + s->b - 1;
  if (s->a >= s->b + s->c)
    s->a = s->b + s->c - 1;
  if (s->b >= s->a + s->c)
    s->b = s->a + s->c - 1;
}

static const shape_ops rect_ops = {rect_area, rect_perim, scale3};
static const shape_ops square_ops = {sq_area, sq_perim, scale3};
static const shape_ops circle_ops = {circ_area, circ_perim, scale3};
static const shape_ops tri_ops = {tri_area, tri_perim, scale3};
static const shape_ops *const all_ops[4] = {&square_ops, &rect_ops, &circle_ops, &tri_ops};

static uint64_t run_shapes(long n, int input) {
  long m = 4096;
  shape *v = malloc((size_t)m * sizeof *v);
  uint64_t sum = 0;
  if (!v) {
    fprintf(stderr, "fptr: out of memory\n");
    exit(1);
  }
  for (long i = 0; i < m; i++) {
    v[i].ops = all_ops[pick_target(input, 4, i * 16)];
    v[i].a = 10 + (uint32_t)(rng_next() % 100);
    v[i].b = 10 + (uint32_t)(rng_next() % 100);
    v[i].c = (v[i].a > v[i].b ? v[i].a - v[i].b : v[i].b - v[i].a) + 1 +
             (uint32_t)(rng_next() % (v[i].a < v[i].b ? v[i].a : v[i].b));
  }
  for (long r = 0; r < n / m + 1; r++)
    for (long i = 0; i < m; i++) {
      shape *s = &v[i];
      sum += s->ops->area(s) ^ s->ops->perimeter(s);
      if ((i & 63) == 0)
        s->ops->scale(s, (r & 1) ? 9 : 11, 10);
    }
  free(v);
  return sum;
}

/* ---- callbacks ----------------------------------------------------------- */

typedef int (*cmp_fn)(const void *, const void *);

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}
static int cmp_u32_desc(const void *a, const void *b) { return cmp_u32(b, a); }
static int cmp_low_byte(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a & 0xff, y = *(const uint32_t *)b & 0xff;
  if (x != y)
    return (x > y) - (x < y);
  return cmp_u32(a, b);
}
static int cmp_popcount(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  int cx = 0, cy = 0;
  for (uint32_t t = x; t; t &= t - 1)
    cx++;
  for (uint32_t t = y; t; t &= t - 1)
    cy++;
  if (cx != cy)
    return cx - cy;
  return cmp_u32(a, b);
}

/* Generic stable mergesort on 4-byte elements through a comparator. */
static void gsort(uint32_t *a, uint32_t *tmp, size_t n, cmp_fn cmp) {
  size_t h, i, j, k;
  if (n < 2)
    return;
  h = n / 2;
  gsort(a, tmp, h, cmp);
  gsort(a + h, tmp, n - h, cmp);
  memcpy(tmp, a, h * sizeof *a);
  for (i = 0, j = h, k = 0; i < h && j < n;)
    a[k++] = cmp(&a[j], &tmp[i]) < 0 ? a[j++] : tmp[i++];
  while (i < h)
    a[k++] = tmp[i++];
}

typedef uint32_t (*map_fn)(uint32_t);
static uint32_t m_inc(uint32_t x) { return x + 1; }
static uint32_t m_dbl(uint32_t x) { return x * 2; }
static uint32_t m_sq(uint32_t x) { return x * x; }
static uint32_t m_rev(uint32_t x) { return x >> 16 | x << 16; }
static uint32_t m_hash(uint32_t x) { return (x ^ 61) ^ (x >> 16); }
static const map_fn maps[5] = {m_inc, m_dbl, m_sq, m_rev, m_hash};

typedef uint64_t (*fold_fn)(uint64_t, uint32_t);
static uint64_t f_sum(uint64_t acc, uint32_t x) { return acc + x; }
static uint64_t f_xor(uint64_t acc, uint32_t x) { return acc ^ ((uint64_t)x << 7); }
static uint64_t f_max(uint64_t acc, uint32_t x) { return x > acc ? x : acc; }

static uint64_t map_fold(const uint32_t *a, size_t n, const map_fn *chain, int len, fold_fn f) {
  uint64_t acc = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t x = a[i];
    for (int k = 0; k < len; k++)
      x = chain[k](x);
    acc = f(acc, x);
  }
  return acc;
}

static uint64_t run_callbacks(long n, int input) {
  static const cmp_fn cmps[4] = {cmp_u32, cmp_u32_desc, cmp_low_byte, cmp_popcount};
  static const fold_fn folds[3] = {f_sum, f_xor, f_max};
  size_t m = 2048;
  uint32_t *a = malloc(m * sizeof *a), *tmp = malloc(m * sizeof *tmp);
  uint64_t sum = 0;
  if (!a || !tmp) {
    fprintf(stderr, "fptr: out of memory\n");
    exit(1);
  }
  for (long r = 0; r < n / (long)m + 1; r++) {
    map_fn chain[4];
    int len = 1 + (int)(rng_next() % 4);
    for (size_t i = 0; i < m; i++)
      a[i] = (uint32_t)rng_next();
    gsort(a, tmp, m, cmps[pick_target(input, 4, r * 64)]);
    for (int k = 0; k < len; k++)
      chain[k] = maps[pick_target(input, 5, r * 64 + k)];
    sum = sum * 31 + map_fold(a, m, chain, len, folds[pick_target(input, 3, r * 64)]);
    sum += a[0] ^ a[m - 1];
  }
  free(a);
  free(tmp);
  return sum;
}

/* ---- trampoline state machine -------------------------------------------- */

struct tstate;
typedef struct tnext {
  struct tnext (*fn)(struct tstate *);
} tnext;

typedef struct tstate {
  const unsigned char *in;
  size_t pos, n;
  uint64_t runs, digits, words, other, acc;
} tstate;

static tnext st_start(tstate *s);
static tnext st_run(tstate *s);
static tnext st_digit(tstate *s);
static tnext st_word(tstate *s);
static tnext st_end(tstate *s) {
  (void)s;
  return (tnext){NULL};
}

static tnext st_start(tstate *s) {
  unsigned char c;
  if (s->pos >= s->n)
    return (tnext){st_end};
  c = s->in[s->pos];
  if (c >= '0' && c <= '9')
    return (tnext){st_digit};
  if (c >= 'a' && c <= 'z')
    return (tnext){st_word};
  if (s->pos + 1 < s->n && s->in[s->pos + 1] == c)
    return (tnext){st_run};
  s->other++;
  s->pos++;
  return (tnext){st_start};
}

static tnext st_run(tstate *s) {
  unsigned char c = s->in[s->pos];
  size_t len = 0;
  while (s->pos < s->n && s->in[s->pos] == c) {
    s->pos++;
    len++;
  }
  s->runs++;
  s->acc = s->acc * 31 + len;
  return (tnext){st_start};
}

static tnext st_digit(tstate *s) {
  uint64_t v = 0;
  while (s->pos < s->n && s->in[s->pos] >= '0' && s->in[s->pos] <= '9')
    v = v * 10 + (uint64_t)(s->in[s->pos++] - '0');
  s->digits++;
  s->acc ^= v;
  return (tnext){st_start};
}

static tnext st_word(tstate *s) {
  uint64_t h = 0;
  while (s->pos < s->n && s->in[s->pos] >= 'a' && s->in[s->pos] <= 'z')
    h = h * 33 + s->in[s->pos++];
  s->words++;
  s->acc += h;
  return (tnext){st_start};
}

static uint64_t run_trampoline(long n, int input) {
  size_t len = (size_t)n;
  unsigned char *buf = malloc(len);
  tstate s;
  tnext next = {st_start};
  if (!buf) {
    fprintf(stderr, "fptr: out of memory\n");
    exit(1);
  }
  for (size_t i = 0; i < len; i++) {
    unsigned k = pick_target(input, 4, (long)i);
    buf[i] = k == 0   ? (unsigned char)('a' + rng_next() % 26)
             : k == 1 ? (unsigned char)('0' + rng_next() % 10)
             : k == 2 ? (unsigned char)'='
                      : (unsigned char)" ,;"[rng_next() % 3];
  }
  memset(&s, 0, sizeof s);
  s.in = buf;
  s.n = len;
  while (next.fn)
    next = next.fn(&s);
  free(buf);
  return s.acc ^ (s.runs << 48) ^ (s.digits << 32) ^ (s.words << 16) ^ s.other;
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (*end || *size < 1 || *size > 1000000000)
    return 0;
  *input = 0;
  if (argc == 3) {
    long v = strtol(argv[2], &end, 10);
    if (*end || v < 0 || v > 2)
      return 0;
    *input = (int)v;
  }
  return 1;
}

int main(int argc, char **argv) {
  long n;
  int input;
  uint64_t e, sh, cb, tr;
  if (!parse_args(argc, argv, &n, &input)) {
    fprintf(stderr, "usage: fptr SIZE [INPUT 0-2]\n");
    return 2;
  }
  rng_state = 0xf00dull + (uint64_t)input * 0x1234567ull;
  e = run_events(n, input);
  sh = run_shapes(n, input);
  cb = run_callbacks(n / 8, input);
  tr = run_trampoline(n, input);
  printf("checksum %016" PRIx64 "\n", e ^ sh * 3 ^ cb * 5 ^ tr * 7);
  printf("events %016" PRIx64 " shapes %016" PRIx64 " callbacks %016" PRIx64
         " trampoline %016" PRIx64 "\n",
         e, sh, cb, tr);
  return 0;
}
