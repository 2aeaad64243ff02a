/*
 * blob_decode.c -- reading the packed record arrays of the methods table
 * back into records, with every bound checked.  The format is described in
 * blob.c (and docs/formats.md, "Record blobs"); the writer is there too.
 * Decoding checks every bound (offset < il_size, successor < 2^20, n <=
 * il_size for blocks, widths, exact blob size, capacity 1..1024, npairs <=
 * capacity, pairs in canonical order and unique -- n log n, docs/store.md --,
 * value lengths, probability in [0,1], weight >= 1, no bytes left over) and
 * fails with PGO_ERR_CORRUPT rather than guessing.
 */
#include <math.h>
#include <string.h>

#include "store_internal.h"


typedef struct reader {
  const unsigned char *p, *end;
  char *msg;
  size_t msglen;
} reader;

static __attribute__((noinline)) bool get_uv_slow(reader *r,
                                                 uint64_t *out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (r->p == r->end) {
      snprintf(r->msg, r->msglen, "truncated varint");
      return false;
    }
    unsigned c = *r->p++;
    if (shift == 63 && c > 1) {
      snprintf(r->msg, r->msglen, "varint larger than 2^64-1");
      return false;
    }
    v |= (uint64_t)(c & 0x7f) << shift;
    if (!(c & 0x80)) {
      *out = v;
      return true;
    }
  }
  snprintf(r->msg, r->msglen, "varint longer than 10 bytes");
  return false;
}

/* The hot path of every read: with 10 bytes in reach no per-byte bounds
 * check is needed, and counts below 2^21 take at most 3 bytes. */
static inline bool get_uv(reader *r, uint64_t *out) {
  const unsigned char *p = r->p;
  if (r->end - p < 10)
    return get_uv_slow(r, out);
  uint64_t v = p[0];
  if (v < 0x80) {
    r->p = p + 1;
    *out = v;
    return true;
  }
  v &= 0x7f;
  for (int i = 1; i < 9; i++) {
    uint64_t c = p[i];
    v |= (c & 0x7f) << (7 * i);
    if (c < 0x80) {
      r->p = p + i + 1;
      *out = v;
      return true;
    }
  }
  return get_uv_slow(r, out); /* 10-byte values: checked slowly */
}

/* Unchecked decode of a varint of at most 9 bytes from p (the caller
 * guarantees 10 readable bytes); NULL for a 10-byte one, which the checked
 * path then handles. */
static inline const unsigned char *uv_fast(const unsigned char *p,
                                           uint64_t *out) {
  uint64_t c = *p++;
  if (c < 0x80) {
    *out = c;
    return p;
  }
  uint64_t v = c & 0x7f;
  for (int sh = 7; sh < 63; sh += 7) {
    c = *p++;
    v |= (c & 0x7f) << sh;
    if (c < 0x80) {
      *out = v;
      return p;
    }
  }
  return NULL;
}

/* A count of entries each taking at least min_bytes. */
static bool get_n(reader *r, uint32_t *n, size_t min_bytes) {
  uint64_t v;
  if (!get_uv(r, &v))
    return false;
  if (v == 0 || v > UINT32_MAX / 2 ||
      (min_bytes && v > (uint64_t)(r->end - r->p) / min_bytes)) {
    snprintf(r->msg, r->msglen, "entry count %llu does not fit the blob",
             (unsigned long long)v);
    return false;
  }
  *n = (uint32_t)v;
  return true;
}

static __attribute__((cold, noinline)) bool
off_error(reader *r, uint64_t base, uint64_t d, uint32_t il, const char *what) {
  snprintf(r->msg, r->msglen, "%s offset %llu out of range (il_size %u)",
           what, (unsigned long long)(d > il ? d : base + d), il);
  return false;
}

static inline bool get_off(reader *r, uint64_t base, uint64_t *off,
                           uint32_t il, const char *what) {
  uint64_t d;
  if (!get_uv(r, &d))
    return false;
  if (__builtin_expect(d >= il || base + d >= il, 0))
    return off_error(r, base, d, il, what);
  *off = base + d;
  return true;
}

/* Column j of a fixed-width array: n values of w bytes (0..8) each,
 * little-endian.  With 8 readable bytes past an element a masked 64-bit
 * load replaces the byte loop. */
static inline uint64_t ld_fixed(const unsigned char *p, unsigned w,
                                const unsigned char *end) {
  if (end - p >= 8) {
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return w == 8 ? v : v & ((1ull << (8 * w)) - 1);
  }
  uint64_t v = 0;
  for (unsigned k = 0; k < w; k++)
    v |= (uint64_t)p[k] << (8 * k);
  return v;
}

/* Little-endian w-byte load, assembled in registers: w is a constant
 * wherever it matters (see COLUMN), and gcc/clang merge the byte loads into
 * one or two wide loads.  (memcpy into a uint64_t would go through the
 * stack, and a 3-byte store then 8-byte load stalls store forwarding.) */
static inline uint64_t ldw(const unsigned char *p, unsigned w) {
  uint64_t v = 0;
  for (unsigned k = 0; k < w; k++)
    v |= (uint64_t)p[k] << (8 * k);
  return v;
}

/* out[i].field = column value i, for n values of w bytes at p: one loop
 * per common width so the loads are constant-size. */
#define COLUMN(out, field, p, n, w)                                           \
  do {                                                                        \
    const unsigned char *p_ = (p);                                            \
    switch (w) {                                                              \
    case 0:                                                                   \
      for (uint32_t i_ = 0; i_ < (n); i_++)                                   \
        (out)[i_].field = 0;                                                  \
      break;                                                                  \
    case 1:                                                                   \
      for (uint32_t i_ = 0; i_ < (n); i_++)                                   \
        (out)[i_].field = p_[i_];                                             \
      break;                                                                  \
    case 2:                                                                   \
      for (uint32_t i_ = 0; i_ < (n); i_++)                                   \
        (out)[i_].field = ldw(p_ + 2 * (size_t)i_, 2);                        \
      break;                                                                  \
    case 3:                                                                   \
      for (uint32_t i_ = 0; i_ < (n); i_++)                                   \
        (out)[i_].field = ldw(p_ + 3 * (size_t)i_, 3);                        \
      break;                                                                  \
    case 4:                                                                   \
      for (uint32_t i_ = 0; i_ < (n); i_++)                                   \
        (out)[i_].field = ldw(p_ + 4 * (size_t)i_, 4);                        \
      break;                                                                  \
    case 8:                                                                   \
      for (uint32_t i_ = 0; i_ < (n); i_++)                                   \
        (out)[i_].field = ldw(p_ + 8 * (size_t)i_, 8);                        \
      break;                                                                  \
    default:                                                                  \
      for (uint32_t i_ = 0; i_ < (n); i_++)                                   \
        (out)[i_].field = ldw(p_ + (w) * (size_t)i_, (w));                    \
    }                                                                         \
  } while (0)

/* Header of a fixed-width blob: widths, then the exact size check. */
static bool fixed_header(reader *r, uint32_t n, unsigned nw, unsigned *w,
                         const unsigned *maxw) {
  if ((size_t)(r->end - r->p) < nw) {
    snprintf(r->msg, r->msglen, "truncated header");
    return false;
  }
  size_t per = 0;
  for (unsigned k = 0; k < nw; k++) {
    w[k] = *r->p++;
    if (w[k] > maxw[k]) {
      snprintf(r->msg, r->msglen, "field width %u bytes (max %u)", w[k],
               maxw[k]);
      return false;
    }
    per += w[k];
  }
  if ((size_t)(r->end - r->p) != per * n) {
    snprintf(r->msg, r->msglen, "blob holds %zu bytes, %u entries need %zu",
             (size_t)(r->end - r->p), n, per * n);
    return false;
  }
  return true;
}

/* Blocks and samples: offsets strictly rise below il_size, so n <= il. */
static bool counts_header(reader *r, uint32_t n, uint32_t il, unsigned *w) {
  static const unsigned maxw[2] = {4, 8};
  if (n > il) {
    snprintf(r->msg, r->msglen, "%u entries exceed il_size %u", n, il);
    return false;
  }
  return fixed_header(r, n, 2, w, maxw);
}

/* Edges: entries are distinct, so zero-width offsets and successors allow
 * only one. */
static bool edges_header(reader *r, uint32_t n, unsigned *w) {
  static const unsigned maxw[3] = {4, 3, 8};
  if (!fixed_header(r, n, 3, w, maxw))
    return false;
  if (n > 1 && w[0] + w[1] == 0) {
    snprintf(r->msg, r->msglen, "edges not in (offset, successor) order");
    return false;
  }
  return true;
}

static bool decode_counts(reader *r, uint32_t n, uint32_t il,
                          pgo_count_rec *out, const char *what,
                          const unsigned *w) {
  const unsigned char *po = r->p, *pc = po + (size_t)n * w[0], *end = r->end;
  uint64_t off = 0;
  for (uint32_t i = 0; i < n; i++, po += w[0]) {
    uint64_t d = ld_fixed(po, w[0], end);
    off = i ? off + 1 + d : d;
    if (__builtin_expect(off >= il, 0)) {
      snprintf(r->msg, r->msglen, "%s offset %llu out of range (il_size %u)",
               what, (unsigned long long)off, il);
      return false;
    }
    out[i].offset = (uint32_t)off;
  }
  COLUMN(out, count, pc, n, w[1]);
  r->p = end;
  return true;
}

static bool decode_edges(reader *r, uint32_t n, uint32_t il,
                         pgo_edge_rec *out, const unsigned *w) {
  const unsigned char *po = r->p, *ps = po + (size_t)n * w[0],
                      *pc = ps + (size_t)n * w[1], *end = r->end;
  uint64_t off = 0;
  for (uint32_t i = 0; i < n; i++, po += w[0], ps += w[1]) {
    uint64_t prev = off;
    off += ld_fixed(po, w[0], end);
    uint64_t succ = ld_fixed(ps, w[1], end);
    if (__builtin_expect(off >= il, 0)) {
      snprintf(r->msg, r->msglen,
               "edge source offset %llu out of range (il_size %u)",
               (unsigned long long)off, il);
      return false;
    }
    if (__builtin_expect(succ >= PGO_STORE_MAX_SUCC, 0)) {
      snprintf(r->msg, r->msglen, "successor index %llu out of range (< %u)",
               (unsigned long long)succ, PGO_STORE_MAX_SUCC);
      return false;
    }
    if (i && off == prev && succ <= out[i - 1].succ) {
      snprintf(r->msg, r->msglen, "edges not in (offset, successor) order");
      return false;
    }
    out[i].offset = (uint32_t)off;
    out[i].succ = (uint32_t)succ;
  }
  COLUMN(out, count, pc, n, w[2]);
  r->p = end;
  return true;
}

/* dst[i].count += w * column value i, saturating (the fused path). */
#define ADD_COLUMN(dst, p, n, wc, w, sat)                                     \
  do {                                                                        \
    const unsigned char *q_ = (p);                                            \
    for (uint32_t i_ = 0; i_ < (n); i_++, q_ += (wc)) {                       \
      uint64_t c_ = ldw(q_, (wc));                                            \
      if ((w) != 1)                                                           \
        c_ = st_sat_mul(c_, (w), (sat));                                      \
      (dst)[i_].count = st_sat_add((dst)[i_].count, c_, (sat));               \
    }                                                                         \
  } while (0)

static void add_column(pgo_count_rec *d, const unsigned char *p, uint32_t n,
                       unsigned wc, uint64_t w, uint64_t *sat) {
  switch (wc) {
  case 1: ADD_COLUMN(d, p, n, 1, w, sat); break;
  case 2: ADD_COLUMN(d, p, n, 2, w, sat); break;
  case 3: ADD_COLUMN(d, p, n, 3, w, sat); break;
  case 4: ADD_COLUMN(d, p, n, 4, w, sat); break;
  default: ADD_COLUMN(d, p, n, wc, w, sat);
  }
}

static void add_edge_column(pgo_edge_rec *d, const unsigned char *p,
                            uint32_t n, unsigned wc, uint64_t w,
                            uint64_t *sat) {
  switch (wc) {
  case 1: ADD_COLUMN(d, p, n, 1, w, sat); break;
  case 2: ADD_COLUMN(d, p, n, 2, w, sat); break;
  case 3: ADD_COLUMN(d, p, n, 3, w, sat); break;
  case 4: ADD_COLUMN(d, p, n, 4, w, sat); break;
  default: ADD_COLUMN(d, p, n, wc, w, sat);
  }
}

int pgo__st_decode_add(int kind, const void *data, size_t len, void *dst,
                  uint32_t dst_n, uint64_t w, uint64_t *sat) {
  char msg[8];
  reader r = {data, (const unsigned char *)data + len, msg, sizeof msg};
  uint64_t n64;
  if (dst_n == 0 || !get_uv(&r, &n64) || n64 != dst_n)
    return 0;
  uint32_t n = dst_n;
  if (kind == PGO_REC_BLOCKS || kind == PGO_REC_SAMPLES) {
    static const unsigned maxw[2] = {4, 8};
    unsigned wd[2];
    pgo_count_rec *d = dst;
    if (!fixed_header(&r, n, 2, wd, maxw))
      return 0;
    /* keys first, without touching dst: equal keys or no change */
    const unsigned char *po = r.p, *end = r.end;
    uint64_t off = 0;
    for (uint32_t i = 0; i < n; i++, po += wd[0]) {
      uint64_t dd = ld_fixed(po, wd[0], end);
      off = i ? off + 1 + dd : dd;
      if (off != d[i].offset)
        return 0;
    }
    add_column(d, r.p + (size_t)n * wd[0], n, wd[1], w, sat);
    return 1;
  }
  if (kind == PGO_REC_EDGES) {
    static const unsigned maxw[3] = {4, 3, 8};
    unsigned wd[3];
    pgo_edge_rec *d = dst;
    if (!fixed_header(&r, n, 3, wd, maxw))
      return 0;
    const unsigned char *po = r.p, *ps = po + (size_t)n * wd[0],
                        *end = r.end;
    uint64_t off = 0;
    for (uint32_t i = 0; i < n; i++, po += wd[0], ps += wd[1]) {
      off += ld_fixed(po, wd[0], end);
      if (off != d[i].offset || ld_fixed(ps, wd[1], end) != d[i].succ)
        return 0;
    }
    add_edge_column(d, ps, n, wd[2], w, sat);
    return 1;
  }
  return 0;
}

/* Grow the scratch array s->arr to need entries, or return PGO_ERR_NOMEM
 * from the enclosing function (which has a and s in scope). */
#define GROW(arr, cap, need)                                                  \
  do {                                                                        \
    void *p_ = s->arr;                                                        \
    if (!pgo__st_grow(a, &p_, &s->cap, sizeof *s->arr, (need)))               \
      return PGO_ERR_NOMEM;                                                   \
    s->arr = p_;                                                              \
  } while (0)

static pgo_status decode_entry(reader *r, pgo_method_profile *v) {
  if (!get_uv(r, &v->entry))
    return PGO_ERR_CORRUPT;
  v->has_entry = true;
  return PGO_OK;
}

/* Blocks or samples (same layout). */
static pgo_status decode_count_kind(const pgo_allocator *a, reader *r,
                                    int kind, st_scratch *s,
                                    pgo_method_profile *v) {
  uint32_t il = v->key.il_size, n = 0;
  unsigned w[2];
  bool blocks = kind == PGO_REC_BLOCKS;
  if (!get_n(r, &n, 0) || !counts_header(r, n, il, w))
    return PGO_ERR_CORRUPT;
  if (blocks)
    GROW(blocks, cblocks, n);
  else
    GROW(samples, csamples, n);
  pgo_count_rec *out = blocks ? s->blocks : s->samples;
  if (!decode_counts(r, n, il, out, blocks ? "block" : "sample", w))
    return PGO_ERR_CORRUPT;
  if (blocks) {
    v->blocks = out;
    v->nblocks = n;
  } else {
    v->samples = out;
    v->nsamples = n;
  }
  return PGO_OK;
}

static pgo_status decode_edge_kind(const pgo_allocator *a, reader *r,
                                   st_scratch *s, pgo_method_profile *v) {
  uint32_t n = 0;
  unsigned w[3];
  if (!get_n(r, &n, 0) || !edges_header(r, n, w))
    return PGO_ERR_CORRUPT;
  GROW(edges, cedges, n);
  if (!decode_edges(r, n, v->key.il_size, s->edges, w))
    return PGO_ERR_CORRUPT;
  v->edges = s->edges;
  v->nedges = n;
  return PGO_OK;
}

/* 8 bytes little-endian IEEE-754, in [0, 1]. */
static bool get_prob(reader *r, double *out) {
  if (r->end - r->p < 8) {
    snprintf(r->msg, r->msglen, "truncated annotation probability");
    return false;
  }
  uint64_t bits = 0;
  for (int k = 0; k < 8; k++)
    bits |= (uint64_t)r->p[k] << (8 * k);
  r->p += 8;
  double p;
  memcpy(&p, &bits, 8);
  if (!(p >= 0 && p <= 1)) {
    snprintf(r->msg, r->msglen, "annotation probability %g not in [0, 1]",
             p);
    return false;
  }
  *out = p;
  return true;
}

/* One annotation, whose (offset, successor) must follow prev's (NULL for
 * the first): keys strictly rise, so they are unique in one linear pass. */
static bool get_annot(reader *r, uint32_t il, const pgo_annot_rec *prev,
                      pgo_annot_rec *out) {
  uint64_t off = 0, succ = 0, w = 0;
  double p;
  if (!get_off(r, prev ? prev->offset : 0, &off, il, "annotation") ||
      !get_uv(r, &succ) || !get_uv(r, &w))
    return false;
  if (succ >= PGO_STORE_MAX_SUCC) {
    snprintf(r->msg, r->msglen, "successor index %llu out of range (< %u)",
             (unsigned long long)succ, PGO_STORE_MAX_SUCC);
    return false;
  }
  if (prev && off == prev->offset && succ <= prev->succ) {
    snprintf(r->msg, r->msglen, "annotations not in (offset, successor) order");
    return false;
  }
  if (w == 0) {
    snprintf(r->msg, r->msglen, "annotation weight 0");
    return false;
  }
  if (!get_prob(r, &p))
    return false;
  *out = (pgo_annot_rec){(uint32_t)off, (uint32_t)succ, p, w};
  return true;
}

static pgo_status decode_annots(const pgo_allocator *a, reader *r,
                                st_scratch *s, pgo_method_profile *v) {
  uint32_t n = 0;
  if (!get_n(r, &n, 11))
    return PGO_ERR_CORRUPT;
  GROW(annots, cannots, n);
  for (uint32_t i = 0; i < n; i++)
    if (!get_annot(r, v->key.il_size, i ? &s->annots[i - 1] : NULL,
                   &s->annots[i]))
      return PGO_ERR_CORRUPT;
  v->annots = s->annots;
  v->nannots = n;
  return PGO_OK;
}

/* A value site's header: offset (strictly after prev's; NULL for the
 * first), capacity 1..PGO_STORE_MAX_CAPACITY, tail, npairs <= capacity. */
static bool get_site_header(reader *r, uint32_t il,
                            const pgo_value_site *prev, pgo_value_site *out) {
  uint64_t off = 0, cap = 0, tail = 0, npairs = 0;
  if (!get_off(r, prev ? (uint64_t)prev->offset + 1 : 0, &off, il,
               "value site") ||
      !get_uv(r, &cap) || !get_uv(r, &tail) || !get_uv(r, &npairs))
    return false;
  if (cap < 1 || cap > PGO_STORE_MAX_CAPACITY || npairs > cap) {
    snprintf(r->msg, r->msglen,
             "value site %llu: capacity %llu / %llu pairs out of range",
             (unsigned long long)off, (unsigned long long)cap,
             (unsigned long long)npairs);
    return false;
  }
  out->offset = (uint32_t)off;
  out->capacity = (uint32_t)cap;
  out->tail = tail;
  out->npairs = (uint32_t)npairs;
  return true;
}

/* Pair np of site: its value is copied into s->strs at *ns.  While the
 * scratch arrays may still move, pair values hold offsets into s->strs
 * (fixed up by resolve_pairs). */
static pgo_status get_pair(const pgo_allocator *a, reader *r, st_scratch *s,
                           uint32_t site, uint32_t np, uint32_t *ns) {
  uint64_t l;
  if (!get_uv(r, &l))
    return PGO_ERR_CORRUPT;
  if (l < 1 || l > PGO_STORE_MAX_VALUE_LEN || l > (uint64_t)(r->end - r->p)) {
    snprintf(r->msg, r->msglen, "value site %u: bad value length %llu", site,
             (unsigned long long)l);
    return PGO_ERR_CORRUPT;
  }
  if (memchr(r->p, 0, l)) {
    snprintf(r->msg, r->msglen, "value site %u: NUL in a value", site);
    return PGO_ERR_CORRUPT;
  }
  GROW(strs, cstrs, (size_t)*ns + l + 1);
  memcpy(s->strs + *ns, r->p, l);
  s->strs[*ns + l] = 0;
  r->p += l;
  s->pairs[np].value = (const char *)(uintptr_t)*ns;
  *ns += (uint32_t)l + 1;
  return get_uv(r, &s->pairs[np].count) ? PGO_OK : PGO_ERR_CORRUPT;
}

/* Turn the offsets left by get_pair (strings) and decode_values (each
 * site's first pair) into pointers, once the arrays no longer move. */
static void resolve_pairs(st_scratch *s, uint32_t nsites, uint32_t npairs) {
  for (uint32_t k = 0; k < npairs; k++)
    s->pairs[k].value = s->strs + (uintptr_t)s->pairs[k].value;
  for (uint32_t i = 0; i < nsites; i++)
    s->sites[i].pairs = s->pairs + (uintptr_t)s->sites[i].pairs;
}

/* Canonical order: pairs strictly rise by (count desc, value) -- one
 * adjacent comparison each, order being transitive -- and values are
 * distinct, which adjacency cannot show (("a", 5), ("b", 4), ("a", 3) is
 * in order): pgo__st_pairs_unique sorts a copy of the names, n log n. */
static bool site_canonical(reader *r, const pgo_value_site *site) {
  bool ok = true;
  for (uint32_t k = 1; k < site->npairs && ok; k++)
    ok = pgo__st_pair_cmp(&site->pairs[k - 1], &site->pairs[k]) < 0;
  if (ok)
    ok = pgo__st_pairs_unique(site->pairs, site->npairs);
  if (!ok)
    snprintf(r->msg, r->msglen, "value site %u: values not in canonical order",
             site->offset);
  return ok;
}

static pgo_status decode_values(const pgo_allocator *a, reader *r,
                                st_scratch *s, pgo_method_profile *v) {
  uint32_t n = 0, np = 0, ns = 0; /* sites, pairs, string bytes used */
  if (!get_n(r, &n, 4))
    return PGO_ERR_CORRUPT;
  GROW(sites, csites, n);
  for (uint32_t i = 0; i < n; i++) {
    pgo_value_site *site = &s->sites[i];
    if (!get_site_header(r, v->key.il_size, i ? site - 1 : NULL, site))
      return PGO_ERR_CORRUPT;
    site->pairs = (const pgo_value_pair *)(uintptr_t)np; /* resolved below */
    GROW(pairs, cpairs, (size_t)np + site->npairs);
    for (uint32_t k = 0; k < site->npairs; k++, np++) {
      pgo_status st = get_pair(a, r, s, site->offset, np, &ns);
      if (st)
        return st;
    }
  }
  resolve_pairs(s, n, np);
  for (uint32_t i = 0; i < n; i++)
    if (!site_canonical(r, &s->sites[i]))
      return PGO_ERR_CORRUPT;
  v->sites = s->sites;
  v->nsites = n;
  return PGO_OK;
}

pgo_status pgo__st_decode(const pgo_allocator *a, int kind, const void *data,
                          size_t len, st_scratch *s, pgo_method_profile *v,
                          char *msg, size_t msglen) {
  reader r = {data, (const unsigned char *)data + len, msg, msglen};
  pgo_status st;
  switch (kind) {
  case PGO_REC_ENTRY:
    st = decode_entry(&r, v);
    break;
  case PGO_REC_BLOCKS:
  case PGO_REC_SAMPLES:
    st = decode_count_kind(a, &r, kind, s, v);
    break;
  case PGO_REC_EDGES:
    st = decode_edge_kind(a, &r, s, v);
    break;
  case PGO_REC_ANNOTATIONS:
    st = decode_annots(a, &r, s, v);
    break;
  case PGO_REC_VALUES:
    st = decode_values(a, &r, s, v);
    break;
  default:
    snprintf(msg, msglen, "unknown record kind %d", kind);
    return PGO_ERR_CORRUPT;
  }
  if (st)
    return st;
  if (r.p != r.end) {
    snprintf(msg, msglen, "%zu bytes left over in a %s record",
             (size_t)(r.end - r.p), pgo_record_kind_name(kind));
    return PGO_ERR_CORRUPT;
  }
  return PGO_OK;
}

void pgo__st_scratch_free(const pgo_allocator *a, st_scratch *s) {
  pgo__st_free(a, s->blocks, (size_t)s->cblocks * sizeof *s->blocks);
  pgo__st_free(a, s->samples, (size_t)s->csamples * sizeof *s->samples);
  pgo__st_free(a, s->edges, (size_t)s->cedges * sizeof *s->edges);
  pgo__st_free(a, s->sites, (size_t)s->csites * sizeof *s->sites);
  pgo__st_free(a, s->pairs, (size_t)s->cpairs * sizeof *s->pairs);
  pgo__st_free(a, s->annots, (size_t)s->cannots * sizeof *s->annots);
  pgo__st_free(a, s->strs, s->cstrs);
  pgo__st_free(a, s->name, s->cname);
  memset(s, 0, sizeof *s);
}
