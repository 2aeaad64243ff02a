/* bignum: arbitrary-precision unsigned integers on 32-bit limbs.
 *
 * Addition and subtraction with carry chains, schoolbook multiplication,
 * Karatsuba multiplication above 24 limbs (recursive, scratch-space based),
 * multiplication and division by a single limb, and decimal conversion by
 * repeated division by 10^9.  Three jobs, each verified:
 *   INPUT 0  N! by single-limb products; verified by dividing back by
 *            N, N-1, ..., 2 and requiring zero remainders and 1 at the end;
 *   INPUT 1  Fibonacci F(N) by fast doubling (Karatsuba squares); verified
 *            with Cassini's identity F(N-1)F(N+1) - F(N)^2 = (-1)^N and one
 *            product recomputed with the schoolbook method;
 *   INPUT 2  3^N by square-and-multiply; verified by dividing by 3 until 1.
 * Each result is converted to decimal; the checksum covers the digits.
 * SIZE is N.  Usage: bignum SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  uint32_t *d; /* little-endian limbs */
  size_t n;    /* used limbs; no leading zero limbs (n = 0 means zero) */
  size_t cap;
} big;

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    fprintf(stderr, "bignum: out of memory\n");
    exit(1);
  }
  return p;
}

static void big_reserve(big *x, size_t cap) {
  if (cap <= x->cap)
    return;
  x->d = realloc(x->d, cap * sizeof *x->d);
  if (!x->d) {
    fprintf(stderr, "bignum: out of memory\n");
    exit(1);
  }
  x->cap = cap;
}

static void big_trim(big *x) {
  while (x->n > 0 && x->d[x->n - 1] == 0)
    x->n--;
}

static void big_set_small(big *x, uint32_t v) {
  big_reserve(x, 1);
  x->d[0] = v;
  x->n = v != 0;
}

static void big_copy(big *dst, const big *src) {
  big_reserve(dst, src->n + 1);
  if (src->n)
    memcpy(dst->d, src->d, src->n * sizeof *src->d);
  dst->n = src->n;
}

static int big_cmp(const big *a, const big *b) {
  if (a->n != b->n)
    return a->n < b->n ? -1 : 1;
  for (size_t i = a->n; i-- > 0;)
    if (a->d[i] != b->d[i])
      return a->d[i] < b->d[i] ? -1 : 1;
  return 0;
}

/* r = a + b (r may alias a or b). */
static void big_add(big *r, const big *a, const big *b) {
  size_t n = a->n > b->n ? a->n : b->n;
  uint64_t carry = 0;
  big_reserve(r, n + 1);
  for (size_t i = 0; i < n; i++) {
    uint64_t s = carry + (i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0);
    r->d[i] = (uint32_t)s;
    carry = s >> 32;
  }
  r->d[n] = (uint32_t)carry;
  r->n = n + 1;
  big_trim(r);
}

/* r = a - b, requires a >= b (r may alias a). */
static void big_sub(big *r, const big *a, const big *b) {
  uint64_t borrow = 0;
  big_reserve(r, a->n + 1);
  for (size_t i = 0; i < a->n; i++) {
    uint64_t bi = (i < b->n ? b->d[i] : 0) + borrow;
    uint64_t ai = a->d[i];
    borrow = ai < bi;
    r->d[i] = (uint32_t)(ai - bi);
  }
  r->n = a->n;
  big_trim(r);
}

static void big_mul_small(big *x, uint32_t m) {
  uint64_t carry = 0;
  big_reserve(x, x->n + 1);
  for (size_t i = 0; i < x->n; i++) {
    uint64_t p = (uint64_t)x->d[i] * m + carry;
    x->d[i] = (uint32_t)p;
    carry = p >> 32;
  }
  if (carry)
    x->d[x->n++] = (uint32_t)carry;
}

/* x /= m, returns the remainder. */
static uint32_t big_div_small(big *x, uint32_t m) {
  uint64_t rem = 0;
  for (size_t i = x->n; i-- > 0;) {
    uint64_t cur = rem << 32 | x->d[i];
    x->d[i] = (uint32_t)(cur / m);
    rem = cur % m;
  }
  big_trim(x);
  return (uint32_t)rem;
}

/* out[0 .. na+nb) = a * b, schoolbook. */
static void mul_school(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, uint32_t *out) {
  memset(out, 0, (na + nb) * sizeof *out);
  for (size_t i = 0; i < na; i++) {
    uint64_t carry = 0, ai = a[i];
    if (ai == 0)
      continue;
    for (size_t j = 0; j < nb; j++) {
      uint64_t t = ai * b[j] + out[i + j] + carry;
      out[i + j] = (uint32_t)t;
      carry = t >> 32;
    }
    out[i + nb] = (uint32_t)carry;
  }
}

#define KARA_MIN 24

/* In-place helpers on limb ranges: r[0..n) += x[0..nx), carry propagated to
 * the end of r; r[0..n) -= x[0..nx), borrow propagated. */
static void limbs_add(uint32_t *r, size_t n, const uint32_t *x, size_t nx) {
  uint64_t carry = 0;
  for (size_t i = 0; i < n && (i < nx || carry); i++) {
    uint64_t s = (uint64_t)r[i] + (i < nx ? x[i] : 0) + carry;
    r[i] = (uint32_t)s;
    carry = s >> 32;
  }
}

static void limbs_sub(uint32_t *r, size_t n, const uint32_t *x, size_t nx) {
  uint64_t borrow = 0;
  for (size_t i = 0; i < n && (i < nx || borrow); i++) {
    uint64_t xi = (i < nx ? x[i] : 0) + borrow;
    borrow = r[i] < xi;
    r[i] = (uint32_t)((uint64_t)r[i] - xi);
  }
}

/* out[0 .. 2n) = a * b for n-limb a and b; scratch holds 8n + 64 limbs. */
static void kara(const uint32_t *a, const uint32_t *b, size_t n, uint32_t *out, uint32_t *scratch) {
  size_t m, h;
  uint32_t *sa, *sb, *z1, *rest;
  if (n < KARA_MIN) {
    mul_school(a, n, b, n, out);
    return;
  }
  m = n / 2;
  h = n - m;
  sa = scratch;
  sb = sa + h + 1;
  z1 = sb + h + 1;
  rest = z1 + 2 * (h + 1);
  kara(a, b, m, out, rest);                   /* z0 in out[0 .. 2m) */
  kara(a + m, b + m, h, out + 2 * m, rest);   /* z2 in out[2m .. 2n) */
  for (size_t i = 0; i < h; i++) {
    sa[i] = a[m + i];
    sb[i] = b[m + i];
  }
  sa[h] = sb[h] = 0;
  limbs_add(sa, h + 1, a, m);
  limbs_add(sb, h + 1, b, m);
  kara(sa, sb, h + 1, z1, rest);
  limbs_sub(z1, 2 * (h + 1), out, 2 * m);
  limbs_sub(z1, 2 * (h + 1), out + 2 * m, 2 * h);
  limbs_add(out + m, 2 * n - m, z1, 2 * (h + 1));
}

static uint64_t kara_calls, school_calls;

/* r = a * b (r must not alias a or b). */
static void big_mul(big *r, const big *a, const big *b) {
  size_t na = a->n, nb = b->n;
  if (na == 0 || nb == 0) {
    r->n = 0;
    return;
  }
  big_reserve(r, na + nb + 1);
  if (na < KARA_MIN || nb < KARA_MIN || na > 2 * nb || nb > 2 * na) {
    school_calls++;
    mul_school(a->d, na, b->d, nb, r->d);
  } else {
    size_t n = na > nb ? na : nb;
    uint32_t *pa = xmalloc(n * sizeof *pa), *pb = xmalloc(n * sizeof *pb);
    uint32_t *out = xmalloc(2 * n * sizeof *out), *scratch = xmalloc((8 * n + 64) * sizeof *scratch);
    kara_calls++;
    memset(pa, 0, n * sizeof *pa);
    memset(pb, 0, n * sizeof *pb);
    memcpy(pa, a->d, na * sizeof *pa);
    memcpy(pb, b->d, nb * sizeof *pb);
    kara(pa, pb, n, out, scratch);
    memcpy(r->d, out, (na + nb) * sizeof *out);
    free(pa);
    free(pb);
    free(out);
    free(scratch);
  }
  r->n = na + nb;
  big_trim(r);
}

/* Decimal digits of x (x is consumed); returns the digit count and folds
 * the digits into *hash and *hist. */
static size_t big_decimal(big *x, uint64_t *hash, uint64_t *hist) {
  size_t chunks = 0, ndig = 0;
  uint32_t *parts = xmalloc((x->n * 10 / 9 + 2) * sizeof *parts);
  while (x->n)
    parts[chunks++] = big_div_small(x, 1000000000u);
  /* Most significant chunk first, without leading zeros. */
  for (size_t i = chunks; i-- > 0;) {
    char buf[10];
    uint32_t v = parts[i];
    int k;
    for (k = 8; k >= 0; k--) {
      buf[k] = (char)('0' + v % 10);
      v /= 10;
    }
    k = 0;
    if (i == chunks - 1)
      while (k < 8 && buf[k] == '0')
        k++;
    for (; k < 9; k++) {
      *hash = (*hash ^ (unsigned char)buf[k]) * 0x100000001b3ull;
      hist[buf[k] - '0']++;
      ndig++;
    }
  }
  if (chunks == 0) {
    *hash = (*hash ^ '0') * 0x100000001b3ull;
    hist[0]++;
    ndig = 1;
  }
  free(parts);
  return ndig;
}

static int job_factorial(uint32_t n, big *out) {
  big t = {NULL, 0, 0};
  big_set_small(out, 1);
  for (uint32_t k = 2; k <= n; k++)
    big_mul_small(out, k);
  big_copy(&t, out);
  for (uint32_t k = n; k >= 2; k--)
    if (big_div_small(&t, k) != 0) {
      free(t.d);
      return 0;
    }
  if (!(t.n == 1 && t.d[0] == 1)) {
    free(t.d);
    return 0;
  }
  free(t.d);
  return 1;
}

/* F(n) and F(n+1) by fast doubling:
 *   F(2k) = F(k) (2F(k+1) - F(k)),  F(2k+1) = F(k)^2 + F(k+1)^2. */
static void fib_pair(uint32_t n, big *f0, big *f1) {
  big a = {NULL, 0, 0}, b = {NULL, 0, 0}, t = {NULL, 0, 0}, u = {NULL, 0, 0};
  int bit = 31;
  big_set_small(f0, 0);
  big_set_small(f1, 1);
  while (bit >= 0 && !((n >> bit) & 1))
    bit--;
  for (; bit >= 0; bit--) {
    big_add(&t, f1, f1);
    big_sub(&t, &t, f0);
    big_mul(&a, f0, &t); /* F(2k) */
    big_mul(&t, f0, f0);
    big_mul(&u, f1, f1);
    big_add(&b, &t, &u); /* F(2k+1) */
    if ((n >> bit) & 1) {
      big_copy(f0, &b);
      big_add(f1, &a, &b);
    } else {
      big_copy(f0, &a);
      big_copy(f1, &b);
    }
  }
  free(a.d);
  free(b.d);
  free(t.d);
  free(u.d);
}

static int job_fibonacci(uint32_t n, big *out) {
  big f1 = {NULL, 0, 0}, fm1 = {NULL, 0, 0}, p = {NULL, 0, 0}, q = {NULL, 0, 0}, one = {NULL, 0, 0};
  int ok;
  fib_pair(n, out, &f1);
  big_sub(&fm1, &f1, out); /* F(n-1) */
  big_mul(&p, &fm1, &f1);
  big_mul(&q, out, out);
  big_set_small(&one, 1);
  /* Cassini: p - q = (-1)^n. */
  if (n & 1) {
    big_add(&p, &p, &one);
    ok = big_cmp(&p, &q) == 0;
  } else {
    big_add(&q, &q, &one);
    ok = big_cmp(&p, &q) == 0;
  }
  if (ok && out->n >= 2) {
    /* Cross-check Karatsuba against the schoolbook product. */
    uint32_t *s = xmalloc(2 * out->n * sizeof *s);
    big r = {NULL, 0, 0};
    mul_school(out->d, out->n, out->d, out->n, s);
    big_mul(&r, out, out);
    for (size_t i = 0; i < r.n && ok; i++)
      ok = s[i] == r.d[i];
    free(s);
    free(r.d);
  }
  free(f1.d);
  free(fm1.d);
  free(p.d);
  free(q.d);
  free(one.d);
  return ok;
}

static int job_power(uint32_t n, big *out) {
  big base = {NULL, 0, 0}, t = {NULL, 0, 0};
  int bit = 31;
  big_set_small(out, 1);
  big_set_small(&base, 3);
  while (bit >= 0 && !((n >> bit) & 1))
    bit--;
  for (; bit >= 0; bit--) {
    big_mul(&t, out, out);
    big_copy(out, &t);
    if ((n >> bit) & 1)
      big_mul_small(out, 3);
  }
  /* Divide back by 3^19 (the largest power of 3 in a limb), then by 3. */
  big_copy(&t, out);
  for (uint32_t k = 0; k < n / 19; k++)
    if (big_div_small(&t, 1162261467u) != 0)
      break;
  for (uint32_t k = 0; k < n % 19; k++)
    if (big_div_small(&t, 3) != 0)
      break;
  {
    int ok = t.n == 1 && t.d[0] == 1;
    free(base.d);
    free(t.d);
    return ok;
  }
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
    if (*end || v < 0 || v > 2)
      return 0;
    *input = (int)v;
  }
  return 1;
}

int main(int argc, char **argv) {
  long size;
  int input, ok;
  big r = {NULL, 0, 0};
  uint64_t hash = 0xcbf29ce484222325ull, hist[10] = {0};
  size_t limbs, digits;
  if (!parse_args(argc, argv, &size, &input)) {
    fprintf(stderr, "usage: bignum SIZE(>=2) [INPUT 0-2]\n");
    return 2;
  }
  if (input == 0)
    ok = job_factorial((uint32_t)size, &r);
  else if (input == 1)
    ok = job_fibonacci((uint32_t)size, &r);
  else
    ok = job_power((uint32_t)size, &r);
  if (!ok) {
    fprintf(stderr, "bignum: verification failed\n");
    return 1;
  }
  limbs = r.n;
  digits = big_decimal(&r, &hash, hist);
  for (int k = 0; k < 10; k++)
    hash = hash * 31 + hist[k];
  printf("checksum %016" PRIx64 "\n", hash);
  printf("limbs %zu digits %zu karatsuba %" PRIu64 " schoolbook %" PRIu64 "\n", limbs, digits,
         kara_calls, school_calls);
  free(r.d);
  return 0;
}
