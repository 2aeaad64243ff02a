/* treap: a randomised balanced search tree with rotations, recursive.
 *
 * Keys are inserted (recursive descent, rotation when the child's
 * priority beats the parent's), looked up (iterative, early exit on a
 * hit), deleted (rotate the node down until it is a leaf), and counted in
 * a range by a recursive walk that prunes subtrees outside the range; an
 * in-order traversal checks the order and the heap property after each
 * phase.  Nodes come from a free list of a fixed pool.
 * INPUT: 0 random keys; 1 ascending keys (every insert rotates along the
 *        right spine); 2 small key space (many duplicate inserts, hits).
 * Usage: treap SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct node {
  uint32_t key, prio;
  int l, r;
} node;

static node *pool;
static int free_head = -1, used_nodes;
static unsigned long rotations;

static uint64_t seed;
static uint32_t rnd(void) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 32);
}

static int alloc_node(uint32_t key) {
  int n = free_head;
  if (n >= 0)
    free_head = pool[n].l;
  else
    n = used_nodes++;
  pool[n].key = key;
  pool[n].prio = rnd();
  pool[n].l = pool[n].r = -1;
  return n;
}

static int rot_right(int t) {
  int l = pool[t].l;
  pool[t].l = pool[l].r;
  pool[l].r = t;
  rotations++;
  return l;
}
static int rot_left(int t) {
  int r = pool[t].r;
  pool[t].r = pool[r].l;
  pool[r].l = t;
  rotations++;
  return r;
}

static int insert(int t, uint32_t key, int *added) {
  if (t < 0) {
    *added = 1;
    return alloc_node(key);
  }
  if (key == pool[t].key)
    return t;
  if (key < pool[t].key) {
    pool[t].l = insert(pool[t].l, key, added);
    if (pool[pool[t].l].prio > pool[t].prio)
      t = rot_right(t);
  } else {
    pool[t].r = insert(pool[t].r, key, added);
    if (pool[pool[t].r].prio > pool[t].prio)
      t = rot_left(t);
  }
  return t;
}

static int erase(int t, uint32_t key, int *gone) {
  if (t < 0)
    return t;
  if (key < pool[t].key) {
    pool[t].l = erase(pool[t].l, key, gone);
    return t;
  }
  if (key > pool[t].key) {
    pool[t].r = erase(pool[t].r, key, gone);
    return t;
  }
  if (pool[t].l < 0 || pool[t].r < 0) {
    int c = pool[t].l < 0 ? pool[t].r : pool[t].l;
    pool[t].l = free_head;
    free_head = t;
    *gone = 1;
    return c;
  }
  if (pool[pool[t].l].prio > pool[pool[t].r].prio) {
    t = rot_right(t);
    pool[t].r = erase(pool[t].r, key, gone);
  } else {
    t = rot_left(t);
    pool[t].l = erase(pool[t].l, key, gone);
  }
  return t;
}

static int find(int t, uint32_t key) {
  while (t >= 0) {
    if (key == pool[t].key)
      return 1;
    t = key < pool[t].key ? pool[t].l : pool[t].r;
  }
  return 0;
}

static unsigned long range_count(int t, uint32_t lo, uint32_t hi) {
  if (t < 0)
    return 0;
  if (pool[t].key < lo)
    return range_count(pool[t].r, lo, hi);
  if (pool[t].key > hi)
    return range_count(pool[t].l, lo, hi);
  return 1 + range_count(pool[t].l, lo, hi) + range_count(pool[t].r, lo, hi);
}

/* In-order check; returns the node count or -1 on a broken invariant. */
static long check(int t, int64_t lo, int64_t hi, uint32_t maxprio) {
  if (t < 0)
    return 0;
  if ((int64_t)pool[t].key <= lo || (int64_t)pool[t].key >= hi ||
      pool[t].prio > maxprio)
    return -1;
  long a = check(pool[t].l, lo, pool[t].key, pool[t].prio);
  long b = check(pool[t].r, pool[t].key, hi, pool[t].prio);
  return a < 0 || b < 0 ? -1 : a + b + 1;
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  long v;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (end == argv[1] || *end || *size < 16 || *size > 50000000L)
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
    fprintf(stderr, "usage: treap SIZE(>=16) [INPUT 0-2]\n");
    return 2;
  }
  pool = malloc((size_t)size * sizeof *pool);
  uint32_t *keys = malloc((size_t)size * sizeof *keys);
  if (!pool || !keys) {
    fprintf(stderr, "treap: out of memory\n");
    return 1;
  }
  seed = 0x7ea9ull + (uint64_t)input * 23;
  int root = -1;
  long live = 0;
  unsigned long hits = 0, inrange = 0;
  uint64_t sum = 0;
  for (long i = 0; i < size; i++) {
    uint32_t key = input == 1   ? (uint32_t)i * 3
                   : input == 2 ? rnd() % 4096
                                : rnd();
    int added = 0;
    keys[i] = key;
    root = insert(root, key, &added);
    live += added;
  }
  if (check(root, -1, (int64_t)1 << 33, UINT32_MAX) != live) {
    fprintf(stderr, "treap: invariant broken after inserts\n");
    return 1;
  }
  for (long i = 0; i < size; i++) {
    uint32_t key = input == 1   ? (uint32_t)(rnd() % (uint32_t)size) * 3
                   : input == 2 ? rnd() % 4096
                                : rnd();
    if (input == 0 && (key & 1))
      key = keys[key % (uint32_t)size];
    if (find(root, key))
      hits++;
    if ((i & 7) == 0) {
      int gone = 0;
      root = erase(root, key, &gone);
      live -= gone;
    }
    if ((i & 255) == 0) {
      uint32_t lo = rnd(), span = input == 2 ? 512 : 1u << 24;
      uint32_t hi = lo > UINT32_MAX - span ? UINT32_MAX : lo + span;
      if (input == 2) {
        lo %= 4096;
        hi = lo + span;
      } else if (input == 1) {
        lo %= (uint32_t)size * 3;
        hi = lo + 3000;
      }
      inrange += range_count(root, lo, hi);
    }
  }
  if (check(root, -1, (int64_t)1 << 33, UINT32_MAX) != live) {
    fprintf(stderr, "treap: invariant broken after deletes\n");
    return 1;
  }
  sum = (uint64_t)live * 1000003u + hits * 31 + inrange;
  printf("checksum %016" PRIx64 "\n", sum);
  printf("keys %ld live %ld hits %lu in-range %lu rotations %lu\n", size, live,
         hits, inrange, rotations);
  free(pool);
  free(keys);
  return 0;
}
