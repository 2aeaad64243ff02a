/*
 * blob.c -- the packed record arrays stored in records.data, one blob per
 * (method, kind).  Format (docs/formats.md, "Record blobs"): a sequence of
 * unsigned LEB128 varints (7 bits per byte, low group first, at most 10
 * bytes, no value above 2^64-1), offsets delta-coded against the previous
 * entry so that a typical (offset, count) pair takes 3-6 bytes:
 *
 *   entry        count
 *   blocks       n, n x (doff, count)          doff = off - prev - 1
 *   samples      n, n x (doff, count)          (first: doff = off)
 *   edges        n, n x (doff, succ, count)    doff = off - prev (>= 0);
 *                                              (off, succ) strictly rising
 *   values       n, n x (doff, capacity, tail, npairs,
 *                        npairs x (len, len bytes, count))
 *   annotations  n, n x (doff, succ, weight, 8 bytes IEEE-754 LE prob)
 *
 * Decoding checks every bound (offset < il_size, successor < 2^20, capacity
 * 1..1024, npairs <= capacity, pairs in canonical order and unique, value
 * lengths, probability in [0,1], weight >= 1, no bytes left over, counts
 * that cannot fit the blob) and fails with PGO_ERR_CORRUPT rather than
 * guessing.
 */
#include <math.h>

#include "store_internal.h"

bool st_buf_reserve(const pgo_allocator *a, st_buf *b, size_t extra) {
  if (b->n + extra <= b->cap)
    return true;
  size_t nc = b->cap ? b->cap : 256;
  while (nc < b->n + extra)
    nc *= 2;
  unsigned char *p = st_realloc(a, b->p, b->cap, nc);
  if (!p)
    return false;
  b->p = p;
  b->cap = nc;
  return true;
}

void st_buf_free(const pgo_allocator *a, st_buf *b) {
  st_free(a, b->p, b->cap);
  memset(b, 0, sizeof *b);
}

/* Caller reserved room (10 bytes per varint). */
static inline void put_uv(st_buf *b, uint64_t v) {
  while (v >= 0x80) {
    b->p[b->n++] = (unsigned char)(v | 0x80);
    v >>= 7;
  }
  b->p[b->n++] = (unsigned char)v;
}

pgo_status st_encode(const pgo_allocator *a, int kind,
                     const pgo_method_profile *m, st_buf *b, bool *present) {
  b->n = 0;
  *present = false;
  switch (kind) {
  case PGO_REC_ENTRY:
    if (!m->has_entry)
      return PGO_OK;
    if (!st_buf_reserve(a, b, 10))
      return PGO_ERR_NOMEM;
    put_uv(b, m->entry);
    break;
  case PGO_REC_BLOCKS:
  case PGO_REC_SAMPLES: {
    const pgo_count_rec *r = kind == PGO_REC_BLOCKS ? m->blocks : m->samples;
    uint32_t n = kind == PGO_REC_BLOCKS ? m->nblocks : m->nsamples;
    if (!n)
      return PGO_OK;
    if (!st_buf_reserve(a, b, 10 + (size_t)n * 15))
      return PGO_ERR_NOMEM;
    put_uv(b, n);
    uint64_t prev = 0;
    for (uint32_t i = 0; i < n; i++) {
      put_uv(b, i ? r[i].offset - prev - 1 : r[i].offset);
      put_uv(b, r[i].count);
      prev = r[i].offset;
    }
    break;
  }
  case PGO_REC_EDGES: {
    if (!m->nedges)
      return PGO_OK;
    if (!st_buf_reserve(a, b, 10 + (size_t)m->nedges * 20))
      return PGO_ERR_NOMEM;
    put_uv(b, m->nedges);
    uint32_t prev = 0;
    for (uint32_t i = 0; i < m->nedges; i++) {
      put_uv(b, m->edges[i].offset - prev);
      put_uv(b, m->edges[i].succ);
      put_uv(b, m->edges[i].count);
      prev = m->edges[i].offset;
    }
    break;
  }
  case PGO_REC_ANNOTATIONS: {
    if (!m->nannots)
      return PGO_OK;
    if (!st_buf_reserve(a, b, 10 + (size_t)m->nannots * 33))
      return PGO_ERR_NOMEM;
    put_uv(b, m->nannots);
    uint32_t prev = 0;
    for (uint32_t i = 0; i < m->nannots; i++) {
      const pgo_annot_rec *r = &m->annots[i];
      put_uv(b, r->offset - prev);
      put_uv(b, r->succ);
      put_uv(b, r->weight);
      uint64_t bits;
      memcpy(&bits, &r->prob, 8);
      for (int k = 0; k < 8; k++)
        b->p[b->n++] = (unsigned char)(bits >> (8 * k));
      prev = r->offset;
    }
    break;
  }
  case PGO_REC_VALUES: {
    if (!m->nsites)
      return PGO_OK;
    if (!st_buf_reserve(a, b, 10))
      return PGO_ERR_NOMEM;
    put_uv(b, m->nsites);
    uint64_t prev = 0;
    for (uint32_t i = 0; i < m->nsites; i++) {
      const pgo_value_site *s = &m->sites[i];
      if (!st_buf_reserve(a, b, 40))
        return PGO_ERR_NOMEM;
      put_uv(b, i ? s->offset - prev - 1 : s->offset);
      put_uv(b, s->capacity);
      put_uv(b, s->tail);
      put_uv(b, s->npairs);
      prev = s->offset;
      for (uint32_t k = 0; k < s->npairs; k++) {
        size_t len = strlen(s->pairs[k].value);
        if (!st_buf_reserve(a, b, 20 + len))
          return PGO_ERR_NOMEM;
        put_uv(b, len);
        memcpy(b->p + b->n, s->pairs[k].value, len);
        b->n += len;
        put_uv(b, s->pairs[k].count);
      }
    }
    break;
  }
  default:
    return PGO_ERR_INVALID;
  }
  *present = true;
  return PGO_OK;
}

/* ---------------------------------------------------------------- decode */

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

/* A count of entries each taking at least min_bytes. */
static bool get_n(reader *r, uint32_t *n, size_t min_bytes) {
  uint64_t v;
  if (!get_uv(r, &v))
    return false;
  if (v == 0 || v > (uint64_t)(r->end - r->p) / min_bytes) {
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

#define GROW(arr, cap, need)                                                  \
  do {                                                                        \
    void *p_ = s->arr;                                                        \
    if (!st_grow(a, &p_, &s->cap, sizeof *s->arr, (need)))                    \
      return PGO_ERR_NOMEM;                                                   \
    s->arr = p_;                                                              \
  } while (0)

pgo_status st_decode(const pgo_allocator *a, int kind, const void *data,
                     size_t len, st_scratch *s, pgo_method_profile *v,
                     char *msg, size_t msglen) {
  reader r = {data, (const unsigned char *)data + len, msg, msglen};
  uint32_t il = v->key.il_size;
  uint32_t n = 0;
  switch (kind) {
  case PGO_REC_ENTRY:
    if (!get_uv(&r, &v->entry))
      return PGO_ERR_CORRUPT;
    v->has_entry = true;
    break;
  case PGO_REC_BLOCKS:
  case PGO_REC_SAMPLES: {
    if (!get_n(&r, &n, 2))
      return PGO_ERR_CORRUPT;
    pgo_count_rec *out;
    if (kind == PGO_REC_BLOCKS) {
      GROW(blocks, cblocks, n);
      out = s->blocks;
    } else {
      GROW(samples, csamples, n);
      out = s->samples;
    }
    uint64_t off = 0;
    for (uint32_t i = 0; i < n; i++) {
      if (!get_off(&r, i ? off + 1 : 0, &off, il,
                   kind == PGO_REC_BLOCKS ? "block" : "sample"))
        return PGO_ERR_CORRUPT;
      out[i].offset = (uint32_t)off;
      if (!get_uv(&r, &out[i].count))
        return PGO_ERR_CORRUPT;
    }
    if (kind == PGO_REC_BLOCKS) {
      v->blocks = out;
      v->nblocks = n;
    } else {
      v->samples = out;
      v->nsamples = n;
    }
    break;
  }
  case PGO_REC_EDGES: {
    if (!get_n(&r, &n, 3))
      return PGO_ERR_CORRUPT;
    GROW(edges, cedges, n);
    uint64_t off = 0, succ;
    for (uint32_t i = 0; i < n; i++) {
      uint64_t prev = off;
      if (!get_off(&r, off, &off, il, "edge source") || !get_uv(&r, &succ))
        return PGO_ERR_CORRUPT;
      if (succ >= PGO_STORE_MAX_SUCC) {
        snprintf(msg, msglen, "successor index %llu out of range (< %u)",
                 (unsigned long long)succ, PGO_STORE_MAX_SUCC);
        return PGO_ERR_CORRUPT;
      }
      if (i && off == prev && succ <= s->edges[i - 1].succ) {
        snprintf(msg, msglen, "edges not in (offset, successor) order");
        return PGO_ERR_CORRUPT;
      }
      s->edges[i].offset = (uint32_t)off;
      s->edges[i].succ = (uint32_t)succ;
      if (!get_uv(&r, &s->edges[i].count))
        return PGO_ERR_CORRUPT;
    }
    v->edges = s->edges;
    v->nedges = n;
    break;
  }
  case PGO_REC_ANNOTATIONS: {
    if (!get_n(&r, &n, 11))
      return PGO_ERR_CORRUPT;
    GROW(annots, cannots, n);
    uint64_t off = 0, succ, w;
    for (uint32_t i = 0; i < n; i++) {
      uint64_t prev = off;
      if (!get_off(&r, off, &off, il, "annotation") || !get_uv(&r, &succ) ||
          !get_uv(&r, &w))
        return PGO_ERR_CORRUPT;
      if (succ >= PGO_STORE_MAX_SUCC) {
        snprintf(msg, msglen, "successor index %llu out of range (< %u)",
                 (unsigned long long)succ, PGO_STORE_MAX_SUCC);
        return PGO_ERR_CORRUPT;
      }
      if (i && off == prev && succ <= s->annots[i - 1].succ) {
        snprintf(msg, msglen, "annotations not in (offset, successor) order");
        return PGO_ERR_CORRUPT;
      }
      if (w == 0) {
        snprintf(msg, msglen, "annotation weight 0");
        return PGO_ERR_CORRUPT;
      }
      if (r.end - r.p < 8) {
        snprintf(msg, msglen, "truncated annotation probability");
        return PGO_ERR_CORRUPT;
      }
      uint64_t bits = 0;
      for (int k = 0; k < 8; k++)
        bits |= (uint64_t)r.p[k] << (8 * k);
      r.p += 8;
      double p;
      memcpy(&p, &bits, 8);
      if (!(p >= 0 && p <= 1)) {
        snprintf(msg, msglen, "annotation probability %g not in [0, 1]", p);
        return PGO_ERR_CORRUPT;
      }
      s->annots[i] = (pgo_annot_rec){(uint32_t)off, (uint32_t)succ, p, w};
    }
    v->annots = s->annots;
    v->nannots = n;
    break;
  }
  case PGO_REC_VALUES: {
    if (!get_n(&r, &n, 4))
      return PGO_ERR_CORRUPT;
    GROW(sites, csites, n);
    uint32_t np = 0, ns = 0; /* pairs and string bytes used */
    uint64_t off = 0;
    for (uint32_t i = 0; i < n; i++) {
      uint64_t cap, tail, npairs;
      if (!get_off(&r, i ? off + 1 : 0, &off, il, "value site") ||
          !get_uv(&r, &cap) || !get_uv(&r, &tail) || !get_uv(&r, &npairs))
        return PGO_ERR_CORRUPT;
      if (cap < 1 || cap > PGO_STORE_MAX_CAPACITY || npairs > cap) {
        snprintf(msg, msglen,
                 "value site %llu: capacity %llu / %llu pairs out of range",
                 (unsigned long long)off, (unsigned long long)cap,
                 (unsigned long long)npairs);
        return PGO_ERR_CORRUPT;
      }
      pgo_value_site *site = &s->sites[i];
      site->offset = (uint32_t)off;
      site->capacity = (uint32_t)cap;
      site->tail = tail;
      site->npairs = (uint32_t)npairs;
      site->pairs = (const pgo_value_pair *)(uintptr_t)np; /* fixed below */
      GROW(pairs, cpairs, (size_t)np + npairs);
      for (uint64_t k = 0; k < npairs; k++) {
        uint64_t l;
        if (!get_uv(&r, &l))
          return PGO_ERR_CORRUPT;
        if (l < 1 || l > PGO_STORE_MAX_VALUE_LEN ||
            l > (uint64_t)(r.end - r.p)) {
          snprintf(msg, msglen, "value site %llu: bad value length %llu",
                   (unsigned long long)off, (unsigned long long)l);
          return PGO_ERR_CORRUPT;
        }
        if (memchr(r.p, 0, l)) {
          snprintf(msg, msglen, "value site %llu: NUL in a value",
                   (unsigned long long)off);
          return PGO_ERR_CORRUPT;
        }
        GROW(strs, cstrs, (size_t)ns + l + 1);
        memcpy(s->strs + ns, r.p, l);
        s->strs[ns + l] = 0;
        r.p += l;
        s->pairs[np].value = (const char *)(uintptr_t)ns; /* fixed below */
        ns += (uint32_t)l + 1;
        if (!get_uv(&r, &s->pairs[np].count))
          return PGO_ERR_CORRUPT;
        np++;
      }
    }
    for (uint32_t k = 0; k < np; k++)
      s->pairs[k].value = s->strs + (uintptr_t)s->pairs[k].value;
    for (uint32_t i = 0; i < n; i++) {
      pgo_value_site *site = &s->sites[i];
      site->pairs = s->pairs + (uintptr_t)site->pairs;
      for (uint32_t k = 0; k < site->npairs; k++)
        for (uint32_t q = k + 1; q < site->npairs; q++)
          if (st_pair_cmp(&site->pairs[k], &site->pairs[q]) >= 0 ||
              !strcmp(site->pairs[k].value, site->pairs[q].value)) {
            snprintf(msg, msglen,
                     "value site %u: values not in canonical order",
                     site->offset);
            return PGO_ERR_CORRUPT;
          }
    }
    v->sites = s->sites;
    v->nsites = n;
    break;
  }
  default:
    snprintf(msg, msglen, "unknown record kind %d", kind);
    return PGO_ERR_CORRUPT;
  }
  if (r.p != r.end) {
    snprintf(msg, msglen, "%zu bytes left over in a %s record",
             (size_t)(r.end - r.p), pgo_record_kind_name(kind));
    return PGO_ERR_CORRUPT;
  }
  return PGO_OK;
}

void st_scratch_free(const pgo_allocator *a, st_scratch *s) {
  st_free(a, s->blocks, (size_t)s->cblocks * sizeof *s->blocks);
  st_free(a, s->samples, (size_t)s->csamples * sizeof *s->samples);
  st_free(a, s->edges, (size_t)s->cedges * sizeof *s->edges);
  st_free(a, s->sites, (size_t)s->csites * sizeof *s->sites);
  st_free(a, s->pairs, (size_t)s->cpairs * sizeof *s->pairs);
  st_free(a, s->annots, (size_t)s->cannots * sizeof *s->annots);
  st_free(a, s->strs, s->cstrs);
  st_free(a, s->name, s->cname);
  memset(s, 0, sizeof *s);
}
