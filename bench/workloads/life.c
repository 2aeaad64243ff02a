/* life: a cellular automaton with a branchy rule and border handling.
 *
 * Conway's Game of Life on a torus-free W x H grid (cells outside count
 * as dead, so border cells take the guarded path), a neighbour count with
 * explicit bounds checks, the birth/survival rule as nested conditionals,
 * a generation-to-generation change detector that stops a run early when
 * the grid is static or repeats with period 2, and a population census
 * with per-row early exits for empty rows.
 * INPUT: 0 random soup (30% alive); 1 sparse soup with gliders (mostly
 *        empty rows); 2 dense soup (60%: fast die-off, early stop).
 * Usage: life SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 96
#define H 64

static uint64_t seed;
static uint32_t rnd(uint32_t n) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 33) % n;
}

static unsigned char g[3][H][W];

static int neighbours(unsigned char (*c)[W], int y, int x) {
  int n = 0;
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++) {
      if (dy == 0 && dx == 0)
        continue;
      int yy = y + dy, xx = x + dx;
      if (yy < 0 || yy >= H || xx < 0 || xx >= W)
        continue;
      n += c[yy][xx];
    }
  return n;
}

static void seed_grid(unsigned char (*c)[W], int input) {
  memset(c, 0, sizeof g[0]);
  unsigned pct = input == 1 ? 3 : input == 2 ? 60 : 30;
  for (int y = 0; y < H; y++) {
    if (input == 1 && y % 4 != 0)
      continue;
    for (int x = 0; x < W; x++)
      c[y][x] = rnd(100) < pct;
  }
  if (input == 1)
    for (int k = 0; k < 6; k++) {
      int y = 1 + (int)rnd(H - 4), x = 1 + (int)rnd(W - 4);
      c[y][x + 1] = c[y + 1][x + 2] = c[y + 2][x] = c[y + 2][x + 1] =
          c[y + 2][x + 2] = 1;
    }
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
    fprintf(stderr, "usage: life SIZE(>=1) [INPUT 0-2]\n");
    return 2;
  }
  seed = 0x11f3ull + (uint64_t)input * 19;
  uint64_t sum = 0;
  unsigned long gens = 0, static_stops = 0, blink_stops = 0, empty_rows = 0;
  long budget = size;
  while (budget > 0) {
    seed_grid(g[0], input);
    int cur = 0, prev = 2;
    memset(g[2], 0, sizeof g[2]);
    for (int gen = 0; gen < 200 && budget > 0; gen++, budget--) {
      int nxt = (cur + 1) % 3;
      if (nxt == prev)
        nxt = (nxt + 1) % 3;
      int changed = 0;
      for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
          int n = neighbours(g[cur], y, x);
          unsigned char alive = g[cur][y][x], v;
          if (alive) {
            if (n < 2)
              v = 0;
            else if (n > 3)
              v = 0;
            else
              v = 1;
          } else {
            v = n == 3;
          }
          g[nxt][y][x] = v;
          changed |= v != alive;
        }
      gens++;
      if (!changed) {
        static_stops++;
        break;
      }
      if (memcmp(g[nxt], g[prev], sizeof g[0]) == 0) {
        blink_stops++;
        break;
      }
      prev = cur;
      cur = nxt;
    }
    unsigned long pop = 0;
    for (int y = 0; y < H; y++) {
      int x = 0;
      while (x < W && !g[cur][y][x])
        x++;
      if (x == W) {
        empty_rows++;
        continue;
      }
      for (; x < W; x++)
        pop += g[cur][y][x];
    }
    sum = sum * 31 + pop;
  }
  printf("checksum %016" PRIx64 "\n", sum);
  printf("generations %lu static %lu period-2 %lu empty-rows %lu\n", gens,
         static_stops, blink_stops, empty_rows);
  return 0;
}
