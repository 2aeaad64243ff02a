/* graph: breadth-first search, Dijkstra, union-find and DAG longest paths.
 *
 * A graph with SIZE vertices is generated and stored as compressed sparse
 * rows (undirected edges appear in both lists).  Then:
 *   BFS from 8 sources (queue, visited test per edge),
 *   Dijkstra from 4 sources with a binary heap and lazy deletion (stale
 *     heap entries are skipped, a data-dependent branch),
 *   union-find with path halving and union by size over the edge list,
 *   longest path in the DAG obtained by orienting every edge from the lower
 *     to the higher vertex number (one pass in vertex order).
 * INPUT: 0 sparse random graph (average degree ~6, several components),
 *        1 grid with 30% of the cells blocked (long BFS frontiers, walls),
 *        2 scale-free graph by preferential attachment (hubs).
 * Usage: graph SIZE [INPUT]
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

typedef struct {
  uint32_t u, v, w;
} edge;

typedef struct {
  uint32_t n;
  uint32_t *start; /* n + 1 offsets into adj */
  uint32_t *adj;
  uint32_t *wt;
} csr;

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    fprintf(stderr, "graph: out of memory\n");
    exit(1);
  }
  return p;
}

static size_t gen_edges(uint32_t n, int input, edge **out) {
  size_t cap = (size_t)n * 4 + 16, m = 0;
  edge *e = xmalloc(cap * sizeof *e);
  if (input == 0) {
    for (size_t k = 0; k < (size_t)n * 3 && m < cap; k++) {
      uint32_t u = (uint32_t)(rng_next() % n), v = (uint32_t)(rng_next() % n);
      if (u != v)
        e[m++] = (edge){u, v, 1 + (uint32_t)(rng_next() % 100)};
    }
  } else if (input == 1) {
    uint32_t side = 1;
    unsigned char *blocked = xmalloc(n);
    while ((side + 1) * (side + 1) <= n)
      side++;
    for (uint32_t i = 0; i < n; i++)
      blocked[i] = (rng_next() % 10) < 3;
    for (uint32_t y = 0; y < side; y++)
      for (uint32_t x = 0; x < side; x++) {
        uint32_t id = y * side + x;
        if (blocked[id])
          continue;
        if (x + 1 < side && !blocked[id + 1])
          e[m++] = (edge){id, id + 1, 1 + (uint32_t)(rng_next() % 9)};
        if (y + 1 < side && !blocked[id + side])
          e[m++] = (edge){id, id + side, 1 + (uint32_t)(rng_next() % 9)};
      }
    free(blocked);
  } else {
    /* Preferential attachment: pick an endpoint of a random earlier edge. */
    for (uint32_t v = 1; v < n && m + 2 < cap; v++) {
      for (int k = 0; k < 2; k++) {
        uint32_t u;
        if (m == 0 || rng_next() % 4 == 0)
          u = (uint32_t)(rng_next() % v);
        else {
          const edge *pick = &e[rng_next() % m];
          u = (rng_next() & 1) ? pick->u : pick->v;
        }
        if (u != v)
          e[m++] = (edge){u, v, 1 + (uint32_t)(rng_next() % 50)};
      }
    }
  }
  *out = e;
  return m;
}

static void build_csr(csr *g, uint32_t n, const edge *e, size_t m) {
  uint32_t *fill;
  g->n = n;
  g->start = xmalloc(((size_t)n + 1) * sizeof *g->start);
  g->adj = xmalloc(2 * m * sizeof *g->adj);
  g->wt = xmalloc(2 * m * sizeof *g->wt);
  fill = xmalloc(((size_t)n + 1) * sizeof *fill);
  memset(g->start, 0, ((size_t)n + 1) * sizeof *g->start);
  for (size_t k = 0; k < m; k++) {
    g->start[e[k].u + 1]++;
    g->start[e[k].v + 1]++;
  }
  for (uint32_t i = 0; i < n; i++)
    g->start[i + 1] += g->start[i];
  memcpy(fill, g->start, ((size_t)n + 1) * sizeof *fill);
  for (size_t k = 0; k < m; k++) {
    g->adj[fill[e[k].u]] = e[k].v;
    g->wt[fill[e[k].u]++] = e[k].w;
    g->adj[fill[e[k].v]] = e[k].u;
    g->wt[fill[e[k].v]++] = e[k].w;
  }
  free(fill);
}

static uint64_t bfs(const csr *g, uint32_t src, uint32_t *dist, uint32_t *queue) {
  uint32_t head = 0, tail = 0;
  uint64_t sum = 0;
  for (uint32_t i = 0; i < g->n; i++)
    dist[i] = UINT32_MAX;
  dist[src] = 0;
  queue[tail++] = src;
  while (head < tail) {
    uint32_t u = queue[head++];
    sum += dist[u];
    for (uint32_t k = g->start[u]; k < g->start[u + 1]; k++) {
      uint32_t v = g->adj[k];
      if (dist[v] == UINT32_MAX) {
        dist[v] = dist[u] + 1;
        queue[tail++] = v;
      }
    }
  }
  return sum ^ ((uint64_t)tail << 40);
}

typedef struct {
  uint64_t key; /* distance << 32 | vertex: ties broken by vertex number */
} hitem;

typedef struct {
  hitem *a;
  size_t n, cap;
} heap;

static void heap_push(heap *h, uint64_t key) {
  size_t i;
  if (h->n == h->cap) {
    h->cap = h->cap * 2 + 16;
    h->a = realloc(h->a, h->cap * sizeof *h->a);
    if (!h->a) {
      fprintf(stderr, "graph: out of memory\n");
      exit(1);
    }
  }
  i = h->n++;
  while (i > 0 && h->a[(i - 1) / 2].key > key) {
    h->a[i] = h->a[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  h->a[i].key = key;
}

static uint64_t heap_pop(heap *h) {
  uint64_t top = h->a[0].key, last = h->a[--h->n].key;
  size_t i = 0;
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= h->n)
      break;
    if (c + 1 < h->n && h->a[c + 1].key < h->a[c].key)
      c++;
    if (h->a[c].key >= last)
      break;
    h->a[i] = h->a[c];
    i = c;
  }
  h->a[i].key = last;
  return top;
}

static uint64_t dijkstra(const csr *g, uint32_t src, uint32_t *dist, heap *h, uint64_t *stale) {
  uint64_t sum = 0, reached = 0;
  for (uint32_t i = 0; i < g->n; i++)
    dist[i] = UINT32_MAX;
  dist[src] = 0;
  h->n = 0;
  heap_push(h, (uint64_t)src);
  while (h->n) {
    uint64_t key = heap_pop(h);
    uint32_t u = (uint32_t)key, d = (uint32_t)(key >> 32);
    if (d != dist[u]) {
      (*stale)++; /* superseded entry */
      continue;
    }
    reached++;
    sum += d;
    for (uint32_t k = g->start[u]; k < g->start[u + 1]; k++) {
      uint32_t v = g->adj[k], nd = d + g->wt[k];
      if (nd < dist[v]) {
        dist[v] = nd;
        heap_push(h, (uint64_t)nd << 32 | v);
      }
    }
  }
  return sum ^ (reached << 40);
}

static uint32_t find(uint32_t *parent, uint32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

static uint32_t components(uint32_t n, const edge *e, size_t m, uint32_t *largest) {
  uint32_t *parent = xmalloc((size_t)n * sizeof *parent), *size = xmalloc((size_t)n * sizeof *size);
  uint32_t count = n, big = 1;
  for (uint32_t i = 0; i < n; i++) {
    parent[i] = i;
    size[i] = 1;
  }
  for (size_t k = 0; k < m; k++) {
    uint32_t a = find(parent, e[k].u), b = find(parent, e[k].v);
    if (a == b)
      continue;
    if (size[a] < size[b]) {
      uint32_t t = a;
      a = b;
      b = t;
    }
    parent[b] = a;
    size[a] += size[b];
    if (size[a] > big)
      big = size[a];
    count--;
  }
  *largest = big;
  free(parent);
  free(size);
  return count;
}

static uint64_t dag_longest(const csr *g, uint32_t *best) {
  uint64_t longest = 0;
  memset(best, 0, (size_t)g->n * sizeof *best);
  for (uint32_t u = 0; u < g->n; u++)
    for (uint32_t k = g->start[u]; k < g->start[u + 1]; k++) {
      uint32_t v = g->adj[k];
      if (v > u && best[u] + g->wt[k] > best[v]) {
        best[v] = best[u] + g->wt[k];
        if (best[v] > longest)
          longest = best[v];
      }
    }
  return longest;
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (*end || *size < 16 || *size > 10000000)
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
  long size;
  int input;
  uint32_t n, *dist, *queue, ncomp, largest;
  edge *e;
  size_t m;
  csr g;
  heap h = {NULL, 0, 0};
  uint64_t sum = 0, stale = 0, longest;
  if (!parse_args(argc, argv, &size, &input)) {
    fprintf(stderr, "usage: graph SIZE(>=16) [INPUT 0-2]\n");
    return 2;
  }
  n = (uint32_t)size;
  rng_state = 0x6a4full + (uint64_t)input * 0x51ed27ull;
  m = gen_edges(n, input, &e);
  build_csr(&g, n, e, m);
  dist = xmalloc((size_t)n * sizeof *dist);
  queue = xmalloc((size_t)n * sizeof *queue);
  for (int s = 0; s < 8; s++)
    sum = sum * 0x100000001b3ull ^ bfs(&g, (uint32_t)(rng_next() % n), dist, queue);
  for (int s = 0; s < 4; s++)
    sum = sum * 0x100000001b3ull ^ dijkstra(&g, (uint32_t)(rng_next() % n), dist, &h, &stale);
  ncomp = components(n, e, m, &largest);
  longest = dag_longest(&g, dist);
  sum = sum * 31 + ncomp;
  sum = sum * 31 + largest;
  sum = sum * 31 + longest;
  printf("checksum %016" PRIx64 "\n", sum);
  printf("edges %zu components %u largest %u longest %" PRIu64 " stale %" PRIu64 "\n", m, ncomp,
         largest, longest, stale);
  free(e);
  free(g.start);
  free(g.adj);
  free(g.wt);
  free(dist);
  free(queue);
  free(h.a);
  return 0;
}
