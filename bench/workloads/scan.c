/* scan: loops whose conditions are && / || chains.
 *
 * Over a generated text of identifiers, numbers, blanks and punctuation:
 * words are scanned with `while (i < n && (isalpha-ish || digit || '_'))`,
 * runs of equal bytes with `while (j < n && t[j] == t[i] && j - i < 255)`,
 * a "balanced brackets within a window" check with an || exit, a two-array
 * common prefix with a three-way && condition, and a skip-blanks loop with
 * `t[i] == ' ' || t[i] == '\t'`.  Results are folded into a checksum.
 * INPUT: 0 identifier-heavy text; 1 long runs (RLE-friendly);
 *        2 punctuation-heavy with short tokens.
 * Usage: scan SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t seed;
static uint32_t rnd(uint32_t n) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 33) % n;
}

static void gen(unsigned char *t, size_t n, int input) {
  static const char punct[] = "(){}[];,.+-*/=<>!&|";
  size_t i = 0;
  while (i < n) {
    unsigned r = rnd(100), len;
    if (input == 1 && r < 50) {
      unsigned char c = (unsigned char)("ab \t0x"[rnd(6)]);
      for (len = 1 + rnd(300); len > 0 && i < n; len--)
        t[i++] = c;
    } else if (r < (input == 2 ? 20u : 60u)) {
      t[i++] = (unsigned char)('a' + rnd(26));
      for (len = rnd(12); len > 0 && i < n; len--)
        t[i++] = (unsigned char)(rnd(5)   ? 'a' + rnd(26)
                                 : rnd(2) ? '_'
                                          : '0' + rnd(10));
    } else if (r < 70) {
      for (len = 1 + rnd(8); len > 0 && i < n; len--)
        t[i++] = (unsigned char)('0' + rnd(10));
    } else if (r < 85) {
      t[i++] = (unsigned char)punct[rnd(sizeof punct - 1)];
    } else {
      for (len = 1 + rnd(3); len > 0 && i < n; len--)
        t[i++] = rnd(4) ? ' ' : '\t';
    }
  }
}

static int is_word(unsigned c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  long v;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (end == argv[1] || *end || *size < 256 || *size > 1000000000L)
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
    fprintf(stderr, "usage: scan SIZE(>=256) [INPUT 0-2]\n");
    return 2;
  }
  size_t n = (size_t)size;
  unsigned char *t = malloc(n);
  if (!t) {
    fprintf(stderr, "scan: out of memory\n");
    return 1;
  }
  seed = 0x5ca9ull + (uint64_t)input * 31;
  gen(t, n, input);
  uint64_t sum = 0;
  unsigned long words = 0, numbers = 0, runs = 0, blanks = 0, other = 0;
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    if (is_word(t[i])) {
      uint64_t h = 0;
      while (j < n && (is_word(t[j]) || (t[j] >= '0' && t[j] <= '9')))
        h = h * 33 + t[j++];
      sum += h ^ (j - i);
      words++;
    } else if (t[i] >= '0' && t[i] <= '9') {
      uint64_t v = 0;
      while (j < n && t[j] >= '0' && t[j] <= '9' && v < 100000000000ull)
        v = v * 10 + (uint64_t)(t[j++] - '0');
      sum += v;
      numbers++;
    } else if (t[i] == ' ' || t[i] == '\t') {
      while (j < n && (t[j] == ' ' || t[j] == '\t'))
        j++;
      blanks++;
    } else {
      j = i + 1;
      other++;
    }
    /* runs of one byte, capped */
    size_t k = i + 1;
    while (k < n && t[k] == t[i] && k - i < 255)
      k++;
    if (k - i > 3) {
      runs++;
      sum += (k - i) * t[i];
    }
    i = j;
  }
  /* bracket balance in 64-byte windows: stop at the first imbalance */
  unsigned long balanced = 0;
  for (size_t w = 0; w + 64 <= n; w += 64) {
    int depth = 0;
    size_t p = w;
    while (p < w + 64 && depth >= 0 &&
           !(t[p] == ';' && depth == 0 && p > w + 32)) {
      if (t[p] == '(' || t[p] == '[' || t[p] == '{')
        depth++;
      else if (t[p] == ')' || t[p] == ']' || t[p] == '}')
        depth--;
      p++;
    }
    if (depth == 0)
      balanced++;
    sum = sum * 3 + (p - w);
  }
  /* common prefixes of text positions a and b */
  unsigned long prefix = 0;
  for (size_t r = 0; r < n / 16; r++) {
    size_t a = rnd((uint32_t)n), b = rnd((uint32_t)n), m = 0;
    while (a + m < n && b + m < n && t[a + m] == t[b + m] && m < 64)
      m++;
    prefix += m;
  }
  sum += prefix;
  printf("checksum %016" PRIx64 "\n", sum);
  printf("words %lu numbers %lu blanks %lu other %lu runs %lu balanced %lu "
         "prefix %lu\n",
         words, numbers, blanks, other, runs, balanced, prefix);
  free(t);
  return 0;
}
