/* compress: LZ77 + canonical Huffman, compress, decompress and verify.
 *
 * The input (SIZE bytes) is generated, cut into 64 KiB blocks, and each block
 * goes through:
 *   LZ77 with hash chains (32 KiB window, lengths 3..258) -> token bytes
 *     (a flag byte per 8 tokens; literal = 1 byte, match = length + 2-byte
 *     distance),
 *   canonical Huffman coding of the token bytes (code lengths capped at 24
 *     by halving the frequencies and rebuilding, the usual fallback),
 * then Huffman decoding (bit by bit with the canonical first-code table) and
 * LZ77 decoding; both stages are compared with their inputs.
 * INPUT: 0 English-like words with Zipf frequencies, 1 skewed random bytes,
 *        2 highly repetitive data (long runs and copied segments).
 * Usage: compress SIZE [INPUT]
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

static unsigned rng_below(unsigned n) { return (unsigned)(rng_next() % n); }

/* ---- input generation ---------------------------------------------------- */

static const char *const words[] = {
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was",
    "with", "be", "by", "on", "not", "he", "this", "are", "or", "his", "from",
    "at", "which", "but", "have", "an", "had", "they", "you", "were", "their",
    "one", "all", "we", "can", "her", "has", "there", "been", "if", "more",
    "when", "will", "would", "who", "so", "no", "compiler", "profile", "branch",
    "frequency", "probability", "instrumentation", "block", "edge", "loop"};
#define NWORDS (sizeof words / sizeof words[0])

static void gen_input(unsigned char *d, size_t n, int input) {
  size_t i = 0;
  if (input == 0) {
    while (i < n) {
      /* Zipf-ish: the minimum of two uniforms favours small ranks. */
      unsigned a = rng_below(NWORDS), b = rng_below(NWORDS);
      const char *w = words[a < b ? a : b];
      while (*w && i < n)
        d[i++] = (unsigned char)*w++;
      if (i < n)
        d[i++] = rng_below(12) == 0 ? (unsigned char)'\n' : (unsigned char)' ';
    }
  } else if (input == 1) {
    while (i < n) {
      /* Geometric over 64 symbols: a few dominate. */
      unsigned s = 0;
      while (s < 63 && rng_below(3) != 0)
        s++;
      d[i++] = (unsigned char)(s * 4 + 1);
    }
  } else {
    while (i < n) {
      unsigned kind = rng_below(4);
      size_t len = 4 + rng_below(kind == 0 ? 300 : 60);
      if (kind == 0 || i < 64) {
        unsigned char c = (unsigned char)rng_below(256);
        while (len-- && i < n)
          d[i++] = c;
      } else {
        size_t dist = 1 + rng_below((unsigned)(i < 20000 ? i : 20000));
        while (len-- && i < n) {
          d[i] = d[i - dist];
          if (rng_below(64) == 0)
            d[i] ^= 0x20;
          i++;
        }
      }
    }
  }
}

/* ---- LZ77 ---------------------------------------------------------------- */

#define WINDOW 32768
#define HASH_BITS 14
#define MIN_MATCH 3
#define MAX_MATCH 258
#define MAX_CHAIN 48

typedef struct {
  int32_t head[1 << HASH_BITS];
  int32_t prev[WINDOW];
} lz_state;

static unsigned hash3(const unsigned char *p) {
  return ((unsigned)p[0] << 10 ^ (unsigned)p[1] << 5 ^ p[2]) & ((1u << HASH_BITS) - 1);
}

/* Returns the token stream length; out must hold n + n/8 + 16 bytes. */
static size_t lz_compress(lz_state *st, const unsigned char *in, size_t n, unsigned char *out,
                          uint64_t *nmatch) {
  size_t i = 0, o = 0, flag_pos = 0;
  int nbits = 8;
  for (size_t k = 0; k < (1u << HASH_BITS); k++)
    st->head[k] = -1;
  while (i < n) {
    size_t best_len = 0, best_dist = 0;
    if (nbits == 8) {
      flag_pos = o++;
      out[flag_pos] = 0;
      nbits = 0;
    }
    if (i + MIN_MATCH <= n) {
      unsigned h = hash3(in + i);
      int32_t cand = st->head[h];
      int chain = MAX_CHAIN;
      size_t maxlen = n - i < MAX_MATCH ? n - i : MAX_MATCH;
      while (cand >= 0 && i - (size_t)cand <= WINDOW - 1 && chain-- > 0) {
        const unsigned char *p = in + cand, *q = in + i;
        if (p[best_len] == q[best_len]) {
          size_t len = 0;
          while (len < maxlen && p[len] == q[len])
            len++;
          if (len > best_len) {
            best_len = len;
            best_dist = i - (size_t)cand;
            if (len == maxlen)
              break;
          }
        }
        cand = st->prev[cand & (WINDOW - 1)];
      }
      st->prev[i & (WINDOW - 1)] = st->head[h];
      st->head[h] = (int32_t)i;
    }
    if (best_len >= MIN_MATCH) {
      out[flag_pos] |= (unsigned char)(1u << nbits);
      out[o++] = (unsigned char)(best_len - MIN_MATCH);
      out[o++] = (unsigned char)(best_dist & 0xff);
      out[o++] = (unsigned char)(best_dist >> 8);
      (*nmatch)++;
      /* Insert the skipped positions so later matches can find them. */
      for (size_t k = i + 1; k < i + best_len && k + MIN_MATCH <= n; k++) {
        unsigned h = hash3(in + k);
        st->prev[k & (WINDOW - 1)] = st->head[h];
        st->head[h] = (int32_t)k;
      }
      i += best_len;
    } else {
      out[o++] = in[i++];
    }
    nbits++;
  }
  return o;
}

/* Returns the decoded length, or (size_t)-1 on a malformed stream. */
static size_t lz_decompress(const unsigned char *in, size_t n, unsigned char *out, size_t cap) {
  size_t i = 0, o = 0;
  while (i < n) {
    unsigned flags = in[i++];
    for (int b = 0; b < 8 && i < n; b++) {
      if (flags & (1u << b)) {
        size_t len, dist;
        if (i + 3 > n)
          return (size_t)-1;
        len = (size_t)in[i] + MIN_MATCH;
        dist = (size_t)in[i + 1] | (size_t)in[i + 2] << 8;
        i += 3;
        if (dist == 0 || dist > o || o + len > cap)
          return (size_t)-1;
        for (size_t k = 0; k < len; k++, o++)
          out[o] = out[o - dist];
      } else {
        if (o >= cap)
          return (size_t)-1;
        out[o++] = in[i++];
      }
    }
  }
  return o;
}

/* ---- Huffman ------------------------------------------------------------- */

#define MAX_BITS 24

typedef struct {
  uint8_t len[256];
  uint32_t code[256];
  /* decoding tables, canonical order */
  uint32_t first[MAX_BITS + 2]; /* first code of each length */
  uint32_t count[MAX_BITS + 2];
  uint32_t index[MAX_BITS + 2]; /* position in sorted[] of that first code */
  uint8_t sorted[256];
} huff;

/* Code lengths by the textbook two-smallest merge on an array heap. */
static int build_lengths(const uint64_t *freq_in, uint8_t *len) {
  uint64_t freq[256];
  uint64_t w[512];
  int parent[512], heap[512], hn = 0, nodes = 256, nsym = 0, maxlen = 0;
  memcpy(freq, freq_in, sizeof freq);
  for (;;) {
    hn = 0;
    nodes = 256;
    for (int s = 0; s < 256; s++) {
      w[s] = freq[s];
      parent[s] = -1;
      len[s] = 0;
      if (freq[s]) {
        int k = hn++;
        while (k > 0 && w[heap[(k - 1) / 2]] > w[s]) {
          heap[k] = heap[(k - 1) / 2];
          k = (k - 1) / 2;
        }
        heap[k] = s;
      }
    }
    nsym = hn;
    if (nsym == 0)
      return 0;
    if (nsym == 1) {
      len[heap[0]] = 1;
      return 1;
    }
    while (hn > 1) {
      int two[2];
      for (int t = 0; t < 2; t++) {
        int last, k = 0;
        two[t] = heap[0];
        last = heap[--hn];
        for (;;) {
          int c = 2 * k + 1;
          if (c >= hn)
            break;
          if (c + 1 < hn && w[heap[c + 1]] < w[heap[c]])
            c++;
          if (w[heap[c]] >= w[last])
            break;
          heap[k] = heap[c];
          k = c;
        }
        heap[k] = last;
      }
      w[nodes] = w[two[0]] + w[two[1]];
      parent[nodes] = -1;
      parent[two[0]] = parent[two[1]] = nodes;
      {
        int k = hn++;
        while (k > 0 && w[heap[(k - 1) / 2]] > w[nodes]) {
          heap[k] = heap[(k - 1) / 2];
          k = (k - 1) / 2;
        }
        heap[k] = nodes;
      }
      nodes++;
    }
    maxlen = 0;
    for (int s = 0; s < 256; s++) {
      int d = 0;
      if (!freq[s])
        continue;
      for (int p = parent[s]; p >= 0; p = parent[p])
        d++;
      len[s] = (uint8_t)(d > 255 ? 255 : d);
      if (d > maxlen)
        maxlen = d;
    }
    if (maxlen <= MAX_BITS)
      return nsym;
    /* Too deep: flatten the distribution and retry (rarely taken). */
    for (int s = 0; s < 256; s++)
      if (freq[s])
        freq[s] = (freq[s] >> 1) | 1;
  }
}

static void build_codes(huff *h) {
  uint32_t code = 0;
  int pos = 0;
  memset(h->count, 0, sizeof h->count);
  for (int s = 0; s < 256; s++)
    h->count[h->len[s]]++;
  h->count[0] = 0;
  for (int l = 1; l <= MAX_BITS; l++) {
    code = (code + h->count[l - 1]) << 1;
    h->first[l] = code;
    h->index[l] = (uint32_t)pos;
    for (int s = 0; s < 256; s++)
      if (h->len[s] == l) {
        h->code[s] = code + ((uint32_t)pos - h->index[l]);
        h->sorted[pos++] = (uint8_t)s;
      }
  }
}

typedef struct {
  unsigned char *buf;
  size_t pos; /* bytes written or read */
  uint64_t acc;
  int nacc;
} bitio;

static void put_bits(bitio *b, uint32_t code, int n) {
  /* MSB-first, as canonical decoding reads it. */
  b->acc = b->acc << n | code;
  b->nacc += n;
  while (b->nacc >= 8) {
    b->nacc -= 8;
    b->buf[b->pos++] = (unsigned char)(b->acc >> b->nacc);
  }
}

static void flush_bits(bitio *b) {
  if (b->nacc > 0)
    b->buf[b->pos++] = (unsigned char)(b->acc << (8 - b->nacc));
  b->nacc = 0;
}

static int get_bit(bitio *b, size_t limit) {
  if (b->nacc == 0) {
    if (b->pos >= limit)
      return -1;
    b->acc = b->buf[b->pos++];
    b->nacc = 8;
  }
  b->nacc--;
  return (int)(b->acc >> b->nacc) & 1;
}

static size_t huff_encode(const huff *h, const unsigned char *in, size_t n, unsigned char *out) {
  bitio b = {out, 0, 0, 0};
  for (size_t i = 0; i < n; i++)
    put_bits(&b, h->code[in[i]], h->len[in[i]]);
  flush_bits(&b);
  return b.pos;
}

/* Decodes exactly n symbols; returns 0 on success, -1 on a bad stream. */
static int huff_decode(const huff *h, unsigned char *in, size_t nin, unsigned char *out, size_t n) {
  bitio b = {in, 0, 0, 0};
  for (size_t i = 0; i < n; i++) {
    uint32_t code = 0;
    int l;
    for (l = 1; l <= MAX_BITS; l++) {
      int bit = get_bit(&b, nin);
      if (bit < 0)
        return -1;
      code = code << 1 | (uint32_t)bit;
      if (h->count[l] && code - h->first[l] < h->count[l])
        break;
    }
    if (l > MAX_BITS)
      return -1;
    out[i] = h->sorted[h->index[l] + (code - h->first[l])];
  }
  return 0;
}

/* ---- driver -------------------------------------------------------------- */

#define BLOCK 65536

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
  static lz_state lz;
  static huff h;
  static unsigned char tok[BLOCK + BLOCK / 8 + 16], tok2[BLOCK + BLOCK / 8 + 16];
  static unsigned char bits[(BLOCK + BLOCK / 8 + 16) * 4], back[BLOCK];
  long size;
  int input;
  unsigned char *data;
  uint64_t sum = 0xcbf29ce484222325ull, lz_total = 0, huff_total = 0, nmatch = 0;
  if (!parse_args(argc, argv, &size, &input)) {
    fprintf(stderr, "usage: compress SIZE [INPUT 0-2]\n");
    return 2;
  }
  data = malloc((size_t)size);
  if (!data) {
    fprintf(stderr, "compress: out of memory\n");
    return 1;
  }
  rng_state = 0xc0ffeeull + (uint64_t)input * 1000003u;
  gen_input(data, (size_t)size, input);
  for (size_t off = 0; off < (size_t)size; off += BLOCK) {
    size_t n = (size_t)size - off < BLOCK ? (size_t)size - off : BLOCK;
    uint64_t freq[256] = {0};
    size_t ntok = lz_compress(&lz, data + off, n, tok, &nmatch), nbits, nback;
    for (size_t i = 0; i < ntok; i++)
      freq[tok[i]]++;
    build_lengths(freq, h.len);
    build_codes(&h);
    nbits = huff_encode(&h, tok, ntok, bits);
    if (huff_decode(&h, bits, nbits, tok2, ntok) != 0 || memcmp(tok, tok2, ntok) != 0) {
      fprintf(stderr, "compress: Huffman round trip failed at block %zu\n", off / BLOCK);
      return 1;
    }
    nback = lz_decompress(tok2, ntok, back, BLOCK);
    if (nback != n || memcmp(back, data + off, n) != 0) {
      fprintf(stderr, "compress: LZ77 round trip failed at block %zu\n", off / BLOCK);
      return 1;
    }
    lz_total += ntok;
    huff_total += nbits;
    for (size_t i = 0; i < nbits; i++)
      sum = (sum ^ bits[i]) * 0x100000001b3ull;
  }
  printf("checksum %016" PRIx64 "\n", sum);
  printf("input %ld lz %" PRIu64 " huffman %" PRIu64 " matches %" PRIu64 "\n", size, lz_total,
         huff_total, nmatch);
  free(data);
  return 0;
}
