/* sort: several sorting algorithms over generated key distributions.
 *
 * Each round fills an array of SIZE 32-bit keys from the selected
 * distribution and sorts copies with: quicksort (median of three, insertion
 * sort below a cut-off, recursion on the smaller side), top-down mergesort,
 * heapsort, shellsort (Ciura gaps) and insertion sort on 128-key chunks.
 * Every result is verified against the first; a mismatch is reported and
 * the program exits 1.
 * INPUT: 0 uniform random, 1 nearly sorted (1% of keys displaced),
 *        2 few distinct values (16), 3 organ pipe (ascending then descending).
 * The branch behaviour of the comparisons and the insertion-sort trip counts
 * differ strongly between these.
 * Usage: sort SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint32_t rng_next(void) {
  /* PCG-like LCG with output mixing; 32-bit results. */
  uint64_t x = rng_state;
  rng_state = x * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(((x >> 18) ^ x) >> 27) ^ (uint32_t)(x >> 59 << 27);
}

typedef struct {
  uint64_t compares;
  uint64_t moves;
} counters;

static counters cnt;

static int less(uint32_t a, uint32_t b) {
  cnt.compares++;
  return a < b;
}

static void insertion_sort(uint32_t *a, long n) {
  for (long i = 1; i < n; i++) {
    uint32_t v = a[i];
    long j = i;
    while (j > 0 && less(v, a[j - 1])) {
      a[j] = a[j - 1];
      j--;
      cnt.moves++;
    }
    a[j] = v;
  }
}

static void swap(uint32_t *a, long i, long j) {
  uint32_t t = a[i];
  a[i] = a[j];
  a[j] = t;
  cnt.moves++;
}

static void quicksort(uint32_t *a, long lo, long hi) {
  /* Sorts a[lo..hi] inclusive.  Loops on the larger side so the stack depth
   * stays logarithmic even for adversarial inputs. */
  while (hi - lo >= 16) {
    long mid = lo + (hi - lo) / 2, i = lo, j = hi;
    uint32_t pivot;
    if (less(a[mid], a[lo]))
      swap(a, mid, lo);
    if (less(a[hi], a[lo]))
      swap(a, hi, lo);
    if (less(a[hi], a[mid]))
      swap(a, hi, mid);
    pivot = a[mid];
    while (i <= j) {
      while (less(a[i], pivot))
        i++;
      while (less(pivot, a[j]))
        j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (j - lo < hi - i) {
      quicksort(a, lo, j);
      lo = i;
    } else {
      quicksort(a, i, hi);
      hi = j;
    }
  }
  insertion_sort(a + lo, hi - lo + 1);
}

static void merge_sort_rec(uint32_t *a, uint32_t *tmp, long n) {
  long h, i, j, k;
  if (n < 24) {
    insertion_sort(a, n);
    return;
  }
  h = n / 2;
  merge_sort_rec(a, tmp, h);
  merge_sort_rec(a + h, tmp, n - h);
  if (!less(a[h], a[h - 1]))
    return; /* already in order: common for nearly sorted input */
  memcpy(tmp, a, (size_t)h * sizeof *a);
  i = 0;
  j = h;
  k = 0;
  while (i < h && j < n) {
    if (less(a[j], tmp[i]))
      a[k++] = a[j++];
    else
      a[k++] = tmp[i++];
    cnt.moves++;
  }
  while (i < h)
    a[k++] = tmp[i++];
}

static void sift_down(uint32_t *a, long root, long n) {
  for (;;) {
    long child = 2 * root + 1;
    if (child >= n)
      return;
    if (child + 1 < n && less(a[child], a[child + 1]))
      child++;
    if (!less(a[root], a[child]))
      return;
    swap(a, root, child);
    root = child;
  }
}

static void heap_sort(uint32_t *a, long n) {
  for (long i = n / 2 - 1; i >= 0; i--)
    sift_down(a, i, n);
  for (long end = n - 1; end > 0; end--) {
    swap(a, 0, end);
    sift_down(a, 0, end);
  }
}

static void shell_sort(uint32_t *a, long n) {
  static const long gaps[] = {1750, 701, 301, 132, 57, 23, 10, 4, 1};
  for (size_t g = 0; g < sizeof gaps / sizeof gaps[0]; g++) {
    long gap = gaps[g];
    for (long i = gap; i < n; i++) {
      uint32_t v = a[i];
      long j = i;
      while (j >= gap && less(v, a[j - gap])) {
        a[j] = a[j - gap];
        j -= gap;
        cnt.moves++;
      }
      a[j] = v;
    }
  }
}

static void fill(uint32_t *a, long n, int input) {
  switch (input) {
  case 0:
    for (long i = 0; i < n; i++)
      a[i] = rng_next();
    break;
  case 1:
    for (long i = 0; i < n; i++)
      a[i] = (uint32_t)i * 3u;
    for (long k = 0; k < n / 100 + 1; k++) {
      long i = (long)(rng_next() % (uint32_t)n), j = (long)(rng_next() % (uint32_t)n);
      uint32_t t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    break;
  case 2:
    for (long i = 0; i < n; i++)
      a[i] = (rng_next() & 15u) * 1000u;
    break;
  default:
    for (long i = 0; i < n; i++)
      a[i] = (uint32_t)(i < n / 2 ? i : n - i) * 7u + (rng_next() & 3u);
    break;
  }
}

static uint64_t hash_array(const uint32_t *a, long n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (long i = 0; i < n; i++)
    h = (h ^ a[i]) * 0x100000001b3ull;
  return h;
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (*end || *size < 2 || *size > 100000000)
    return 0;
  *input = 0;
  if (argc == 3) {
    long v = strtol(argv[2], &end, 10);
    if (*end || v < 0 || v > 3)
      return 0;
    *input = (int)v;
  }
  return 1;
}

int main(int argc, char **argv) {
  long n;
  int input;
  uint32_t *orig, *a, *ref, *tmp;
  uint64_t sum = 0;
  if (!parse_args(argc, argv, &n, &input)) {
    fprintf(stderr, "usage: sort SIZE(>=2) [INPUT 0-3]\n");
    return 2;
  }
  orig = malloc((size_t)n * sizeof *orig);
  a = malloc((size_t)n * sizeof *a);
  ref = malloc((size_t)n * sizeof *ref);
  tmp = malloc((size_t)n * sizeof *tmp);
  if (!orig || !a || !ref || !tmp) {
    fprintf(stderr, "sort: out of memory\n");
    return 1;
  }
  rng_state = 0x50a7ull * 2654435761u + (uint64_t)input;
  for (int round = 0; round < 4; round++) {
    fill(orig, n, input);
    memcpy(ref, orig, (size_t)n * sizeof *a);
    quicksort(ref, 0, n - 1);
    for (long i = 1; i < n; i++) {
      if (ref[i] < ref[i - 1]) {
        fprintf(stderr, "sort: quicksort result unordered at %ld\n", i);
        return 1;
      }
    }
    for (int alg = 0; alg < 4; alg++) {
      memcpy(a, orig, (size_t)n * sizeof *a);
      switch (alg) {
      case 0:
        merge_sort_rec(a, tmp, n);
        break;
      case 1:
        heap_sort(a, n);
        break;
      case 2:
        shell_sort(a, n);
        break;
      default:
        /* Chunked insertion sort, then verify chunks only. */
        for (long s = 0; s < n; s += 128)
          insertion_sort(a + s, n - s < 128 ? n - s : 128);
        for (long s = 0; s < n; s += 128)
          for (long i = s + 1; i < n && i < s + 128; i++)
            if (a[i] < a[i - 1]) {
              fprintf(stderr, "sort: insertion sort chunk unordered at %ld\n", i);
              return 1;
            }
        sum = (sum ^ hash_array(a, n)) * 31;
        continue;
      }
      if (memcmp(a, ref, (size_t)n * sizeof *a) != 0) {
        fprintf(stderr, "sort: algorithm %d disagrees with quicksort\n", alg);
        return 1;
      }
    }
    sum = (sum ^ hash_array(ref, n)) * 31 + ref[n / 2];
  }
  printf("checksum %016" PRIx64 "\n", sum);
  printf("compares %" PRIu64 " moves %" PRIu64 "\n", cnt.compares, cnt.moves);
  free(orig);
  free(a);
  free(ref);
  free(tmp);
  return 0;
}
