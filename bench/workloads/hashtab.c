/* hashtab: open-addressing hash tables and binary search.
 *
 * Three parts, each run over SIZE operations:
 *   1. integer table: linear probing, tombstone deletion, growth at 70% load
 *      (counting tombstones); a mixed stream of insert / lookup / delete;
 *   2. string table: identifiers in a pool, FNV-1a hashing, quadratic
 *      (triangular) probing, lookups of present and absent names;
 *   3. binary search (lower bound) of queries in a sorted key array.
 * INPUT: 0 uniform random keys and a well-mixed hash;
 *        1 strided keys with an identity hash, so probe sequences cluster;
 *        2 Zipf-skewed keys: mostly hits, frequent updates of hot keys.
 * Usage: hashtab SIZE [INPUT]
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

/* ---- integer table ------------------------------------------------------- */

enum { SLOT_EMPTY = 0, SLOT_FULL = 1, SLOT_DEAD = 2 };

typedef struct {
  uint64_t *keys;
  uint64_t *vals;
  uint8_t *state;
  size_t cap; /* power of two */
  size_t used; /* full + dead */
  size_t live;
  int identity_hash;
  uint64_t probes;
} itable;

static size_t ihash(const itable *t, uint64_t k) {
  if (t->identity_hash)
    return (size_t)k & (t->cap - 1);
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  return (size_t)k & (t->cap - 1);
}

static int it_init(itable *t, size_t cap, int identity) {
  t->cap = cap;
  t->used = t->live = 0;
  t->identity_hash = identity;
  t->probes = 0;
  t->keys = calloc(cap, sizeof *t->keys);
  t->vals = calloc(cap, sizeof *t->vals);
  t->state = calloc(cap, 1);
  return t->keys && t->vals && t->state;
}

static void it_free(itable *t) {
  free(t->keys);
  free(t->vals);
  free(t->state);
}

/* Slot holding k, or (size_t)-1. */
static size_t it_find(itable *t, uint64_t k) {
  size_t i = ihash(t, k);
  for (;;) {
    t->probes++;
    if (t->state[i] == SLOT_EMPTY)
      return (size_t)-1;
    if (t->state[i] == SLOT_FULL && t->keys[i] == k)
      return i;
    i = (i + 1) & (t->cap - 1);
  }
}

static int it_put(itable *t, uint64_t k, uint64_t v);

static int it_grow(itable *t) {
  itable n;
  /* Rehash into a table twice as large (or same size if mostly tombstones). */
  size_t cap = t->live * 2 >= t->cap / 2 ? t->cap * 2 : t->cap;
  if (!it_init(&n, cap, t->identity_hash))
    return 0;
  n.probes = t->probes;
  for (size_t i = 0; i < t->cap; i++)
    if (t->state[i] == SLOT_FULL)
      it_put(&n, t->keys[i], t->vals[i]);
  it_free(t);
  *t = n;
  return 1;
}

/* Returns 1 if inserted, 0 if updated, -1 when out of memory. */
static int it_put(itable *t, uint64_t k, uint64_t v) {
  size_t i, tomb = (size_t)-1;
  if ((t->used + 1) * 10 > t->cap * 7 && !it_grow(t))
    return -1;
  i = ihash(t, k);
  for (;;) {
    t->probes++;
    if (t->state[i] == SLOT_EMPTY)
      break;
    if (t->state[i] == SLOT_DEAD) {
      if (tomb == (size_t)-1)
        tomb = i;
    } else if (t->keys[i] == k) {
      t->vals[i] = v;
      return 0;
    }
    i = (i + 1) & (t->cap - 1);
  }
  if (tomb != (size_t)-1)
    i = tomb;
  else
    t->used++;
  t->state[i] = SLOT_FULL;
  t->keys[i] = k;
  t->vals[i] = v;
  t->live++;
  return 1;
}

static int it_del(itable *t, uint64_t k) {
  size_t i = it_find(t, k);
  if (i == (size_t)-1)
    return 0;
  t->state[i] = SLOT_DEAD;
  t->live--;
  return 1;
}

static uint64_t gen_key(int input, uint64_t universe) {
  uint64_t r = rng_next();
  switch (input) {
  case 0:
    return r % universe;
  case 1:
    return (r % universe) * 64 + (r >> 60);
  default: {
    /* Skewed: product of two uniforms concentrates mass near 0. */
    uint64_t a = (r & 0xffffffff) % universe, b = (r >> 32) % universe;
    return a * b / universe;
  }
  }
}

static uint64_t run_int_table(long n, int input, uint64_t *stats) {
  itable t;
  uint64_t sum = 0, hits = 0, inserted = 0, deleted = 0;
  uint64_t universe = (uint64_t)n;
  if (!it_init(&t, 16, input == 1)) {
    fprintf(stderr, "hashtab: out of memory\n");
    exit(1);
  }
  for (long i = 0; i < n; i++) {
    uint64_t op = rng_next() % 100, k = gen_key(input, universe);
    if (op < 45) {
      int r = it_put(&t, k, (uint64_t)i);
      if (r < 0) {
        fprintf(stderr, "hashtab: out of memory\n");
        exit(1);
      }
      inserted += (uint64_t)r;
    } else if (op < 90) {
      size_t s = it_find(&t, k);
      if (s != (size_t)-1) {
        hits++;
        sum += t.vals[s] ^ k;
      }
    } else {
      deleted += (uint64_t)it_del(&t, k);
    }
  }
  stats[0] = hits;
  stats[1] = inserted;
  stats[2] = deleted;
  stats[3] = t.probes;
  it_free(&t);
  return sum;
}

/* ---- string table -------------------------------------------------------- */

typedef struct {
  char *pool;
  size_t pool_len, pool_cap;
  uint32_t *slots; /* offset+1 into pool, 0 = empty */
  uint32_t *counts;
  size_t cap, live;
} stable;

static uint32_t fnv1a(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

static size_t make_name(char *buf, uint64_t id, int input) {
  static const char *const prefix[] = {"tmp", "var_", "loop_idx", "x", "node", "block_count"};
  const char *p = prefix[id % (input == 1 ? 2 : 6)];
  size_t n = strlen(p);
  memcpy(buf, p, n);
  do {
    buf[n++] = (char)('a' + id % 26);
    id /= 26;
  } while (id);
  return n;
}

/* Returns the count after increment, inserting with count 1 if absent. */
static uint32_t st_bump(stable *t, const char *s, size_t n, int insert) {
  uint32_t h = fnv1a(s, n);
  size_t i = h & (t->cap - 1), step = 0;
  for (;;) {
    uint32_t off = t->slots[i];
    if (off == 0)
      break;
    const char *q = t->pool + off - 1;
    size_t j = 0;
    /* Stops at q's terminator at the latest: s holds no NUL. */
    while (j < n && q[j] == s[j])
      j++;
    if (j == n && q[n] == '\0')
      return ++t->counts[i];
    step++;
    i = (i + step) & (t->cap - 1); /* triangular numbers visit every slot */
  }
  if (!insert || t->live * 2 >= t->cap || t->pool_len + n + 1 > t->pool_cap)
    return 0; /* absent, or table full: a lookup miss */
  memcpy(t->pool + t->pool_len, s, n);
  t->pool[t->pool_len + n] = '\0';
  t->slots[i] = (uint32_t)t->pool_len + 1;
  t->counts[i] = 1;
  t->pool_len += n + 1;
  t->live++;
  return 1;
}

static uint64_t run_string_table(long n, int input, uint64_t *stats) {
  stable t;
  char name[64];
  uint64_t sum = 0, misses = 0;
  t.cap = 1;
  while (t.cap < (size_t)n)
    t.cap <<= 1;
  t.cap <<= 1;
  t.pool_cap = (size_t)n * 24 + 64;
  t.pool = malloc(t.pool_cap);
  t.slots = calloc(t.cap, sizeof *t.slots);
  t.counts = calloc(t.cap, sizeof *t.counts);
  t.pool_len = t.live = 0;
  if (!t.pool || !t.slots || !t.counts) {
    fprintf(stderr, "hashtab: out of memory\n");
    exit(1);
  }
  for (long i = 0; i < n; i++) {
    uint64_t id = gen_key(input == 1 ? 0 : input, (uint64_t)n / 2 + 1);
    int insert = (rng_next() & 3) != 0;
    size_t len = make_name(name, id, input);
    uint32_t c = st_bump(&t, name, len, insert);
    if (c == 0)
      misses++;
    sum = sum * 31 + c;
  }
  stats[4] = t.live;
  stats[5] = misses;
  free(t.pool);
  free(t.slots);
  free(t.counts);
  return sum;
}

/* ---- binary search ------------------------------------------------------- */

static size_t lower_bound(const uint64_t *a, size_t n, uint64_t k) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (a[mid] < k)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static uint64_t run_bsearch(long n, int input, uint64_t *stats) {
  size_t m = (size_t)n / 4 + 1;
  uint64_t *a = malloc(m * sizeof *a), sum = 0, found = 0, x = 0;
  if (!a) {
    fprintf(stderr, "hashtab: out of memory\n");
    exit(1);
  }
  for (size_t i = 0; i < m; i++) {
    x += 1 + (input == 1 ? 0 : rng_next() % 5); /* strictly increasing */
    a[i] = x;
  }
  for (long i = 0; i < n; i++) {
    uint64_t k = input == 2 ? a[gen_key(2, m)] : rng_next() % (x + 2);
    size_t p = lower_bound(a, m, k);
    if (p < m && a[p] == k)
      found++;
    sum += p;
  }
  stats[6] = found;
  free(a);
  return sum;
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (*end || *size < 1 || *size > 50000000)
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
  uint64_t stats[7] = {0}, sum;
  if (!parse_args(argc, argv, &n, &input)) {
    fprintf(stderr, "usage: hashtab SIZE [INPUT 0-2]\n");
    return 2;
  }
  rng_state = 0x4a54ull << 20 | (uint64_t)input;
  sum = run_int_table(n, input, stats);
  sum = sum * 0x100000001b3ull ^ run_string_table(n, input, stats);
  sum = sum * 0x100000001b3ull ^ run_bsearch(n, input, stats);
  printf("checksum %016" PRIx64 "\n", sum);
  printf("hits %" PRIu64 " inserted %" PRIu64 " deleted %" PRIu64 " probes %" PRIu64
         " names %" PRIu64 " misses %" PRIu64 " found %" PRIu64 "\n",
         stats[0], stats[1], stats[2], stats[3], stats[4], stats[5], stats[6]);
  return 0;
}
