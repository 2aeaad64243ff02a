/* strmatch: exact string matching with three algorithms over generated text.
 *
 * A text of SIZE bytes is generated, then a set of patterns (substrings cut
 * from the text, so they occur, plus random strings that mostly do not) is
 * searched with the naive algorithm, Knuth-Morris-Pratt (failure function)
 * and Boyer-Moore-Horspool (bad-character shift table).  All occurrences are
 * counted, overlapping ones included; the three counts must agree, otherwise
 * the program reports the pattern and exits 1.
 * INPUT: 0 DNA-like text over {A,C,G,T}; 1 English-like words;
 *        2 a two-letter text ("aaaa...b") where naive matching and short
 *          Horspool shifts are at their worst.
 * Usage: strmatch SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t rng_next(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545f4914f6cdd1dull;
}

static unsigned rng_below(unsigned n) { return (unsigned)((rng_next() >> 32) % n); }

static void gen_text(unsigned char *t, size_t n, int input) {
  static const char *const syll[] = {"th", "e", "an", "re", "on", "at", "en", "nd", "ti", "es",
                                     "or", "te", "of", "ed", "is", "it", "al", "ar", "st", "to"};
  size_t i = 0;
  switch (input) {
  case 0:
    while (i < n) {
      /* Mildly repetitive DNA: sometimes copy a recent stretch. */
      if (i > 1000 && rng_below(50) == 0) {
        size_t src = i - 1 - rng_below(1000), len = 10 + rng_below(40);
        while (len-- && i < n)
          t[i++] = t[src++];
      } else {
        t[i++] = (unsigned char)"ACGT"[rng_below(4)];
      }
    }
    break;
  case 1:
    while (i < n) {
      unsigned w = 1 + rng_below(4);
      while (w-- && i < n) {
        const char *s = syll[rng_below(20)];
        while (*s && i < n)
          t[i++] = (unsigned char)*s++;
      }
      if (i < n)
        t[i++] = ' ';
    }
    break;
  default:
    while (i < n)
      t[i++] = rng_below(64) == 0 ? 'b' : 'a';
    break;
  }
}

static uint64_t naive(const unsigned char *t, size_t n, const unsigned char *p, size_t m) {
  uint64_t count = 0;
  if (m > n)
    return 0;
  for (size_t i = 0; i + m <= n; i++) {
    size_t j = 0;
    while (j < m && t[i + j] == p[j])
      j++;
    if (j == m)
      count++;
  }
  return count;
}

static uint64_t kmp(const unsigned char *t, size_t n, const unsigned char *p, size_t m, size_t *fail) {
  uint64_t count = 0;
  size_t k = 0;
  fail[0] = 0;
  for (size_t i = 1; i < m; i++) {
    while (k > 0 && p[i] != p[k])
      k = fail[k - 1];
    if (p[i] == p[k])
      k++;
    fail[i] = k;
  }
  k = 0;
  for (size_t i = 0; i < n; i++) {
    while (k > 0 && t[i] != p[k])
      k = fail[k - 1];
    if (t[i] == p[k])
      k++;
    if (k == m) {
      count++;
      k = fail[k - 1];
    }
  }
  return count;
}

static uint64_t horspool(const unsigned char *t, size_t n, const unsigned char *p, size_t m) {
  size_t shift[256];
  uint64_t count = 0;
  size_t i = 0;
  if (m > n)
    return 0;
  for (int c = 0; c < 256; c++)
    shift[c] = m;
  for (size_t j = 0; j + 1 < m; j++)
    shift[p[j]] = m - 1 - j;
  while (i + m <= n) {
    unsigned char last = t[i + m - 1];
    if (last == p[m - 1]) {
      size_t j = m - 1;
      while (j > 0 && t[i + j - 1] == p[j - 1])
        j--;
      if (j == 0)
        count++;
    }
    i += shift[last];
  }
  return count;
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (*end || *size < 64 || *size > 1000000000)
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

#define NPAT 24
#define MAXPAT 48

int main(int argc, char **argv) {
  long size;
  int input;
  unsigned char *text, pat[MAXPAT];
  size_t fail[MAXPAT];
  uint64_t total = 0, sum = 0, absent = 0;
  if (!parse_args(argc, argv, &size, &input)) {
    fprintf(stderr, "usage: strmatch SIZE(>=64) [INPUT 0-2]\n");
    return 2;
  }
  text = malloc((size_t)size);
  if (!text) {
    fprintf(stderr, "strmatch: out of memory\n");
    return 1;
  }
  rng_state = 0x57a7ull * 0x9e3779b97f4a7c15ull + (uint64_t)input + 1;
  gen_text(text, (size_t)size, input);
  for (int k = 0; k < NPAT; k++) {
    size_t m = 2 + rng_below(k < NPAT / 2 ? 10 : MAXPAT - 2);
    uint64_t a, b, c;
    if (k % 3 != 2) {
      size_t at = rng_below((unsigned)((size_t)size - m));
      memcpy(pat, text + at, m);
    } else {
      gen_text(pat, m, input);
      if (input == 2)
        pat[m - 1] = 'b'; /* "aaa...ab": the classic naive worst case */
    }
    a = naive(text, (size_t)size, pat, m);
    b = kmp(text, (size_t)size, pat, m, fail);
    c = horspool(text, (size_t)size, pat, m);
    if (a != b || a != c) {
      fprintf(stderr, "strmatch: pattern %d: naive %" PRIu64 " kmp %" PRIu64 " horspool %" PRIu64 "\n",
              k, a, b, c);
      return 1;
    }
    if (a == 0)
      absent++;
    total += a;
    sum = (sum ^ a) * 0x100000001b3ull + m;
  }
  printf("checksum %016" PRIx64 "\n", sum);
  printf("patterns %d matches %" PRIu64 " absent %" PRIu64 "\n", NPAT, total, absent);
  free(text);
  return 0;
}
