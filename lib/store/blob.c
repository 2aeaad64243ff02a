/*
 * blob.c -- the packed record arrays stored in the methods table, one BLOB
 * per (method, record kind).  Format (docs/formats.md, "Record blobs"):
 *
 *   varint  = unsigned LEB128 (7 bits per byte, low group first, at most 10
 *             bytes, value <= 2^64-1);
 *   column  = n little-endian unsigned integers of w bytes each (w = 0..8;
 *             w = 0 means every value is 0), w chosen by the writer as the
 *             bytes of the column's largest value.
 *
 *   entry        varint count
 *   blocks,      varint n; byte wo; byte wc;
 *   samples        column offset deltas (wo <= 4): first = offset,
 *                    then offset - previous - 1 (offsets strictly rise);
 *                  column counts (wc <= 8)
 *   edges        varint n; byte wo; byte ws; byte wc;
 *                  column offset deltas (wo <= 4): offset - previous >= 0;
 *                  column successor indices (ws <= 3);
 *                  column counts (wc <= 8);  (offset, successor) strictly
 *                  rise
 *   values       varint n, n x (varint doff, capacity, tail, npairs,
 *                  npairs x (varint len, len bytes, varint count))
 *   annotations  varint n, n x (varint doff, succ, weight,
 *                  8 bytes IEEE-754 LE probability)
 *
 * The bulk kinds (blocks, edges, samples) are column-wise fixed width so
 * that reading 50 M counters is a few loads per counter (docs/store.md:
 * varints cost ~2x the instructions); the rare kinds stay varint-coded.
 * Decoding checks every bound (offset < il_size, successor < 2^20, n <=
 * il_size for blocks, widths, exact blob size, capacity 1..1024, npairs <=
 * capacity, pairs in canonical order and unique, value lengths, probability
 * in [0,1], weight >= 1, no bytes left over) and fails with PGO_ERR_CORRUPT
 * rather than guessing.
 */
#include <math.h>

#include "store_internal.h"

bool pgo__st_buf_reserve(const pgo_allocator *a, st_buf *b, size_t extra) {
  if (b->n + extra <= b->cap)
    return true;
  size_t nc = b->cap ? b->cap : 256;
  while (nc < b->n + extra)
    nc *= 2;
  unsigned char *p = pgo__st_realloc(a, b->p, b->cap, nc);
  if (!p)
    return false;
  b->p = p;
  b->cap = nc;
  return true;
}

void pgo__st_buf_free(const pgo_allocator *a, st_buf *b) {
  pgo__st_free(a, b->p, b->cap);
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

/* Bytes needed for v (0 for v == 0). */
static unsigned width(uint64_t v) {
  unsigned w = 0;
  while (v) {
    w++;
    v >>= 8;
  }
  return w;
}

static inline void put_fixed(st_buf *b, uint64_t v, unsigned w) {
  for (unsigned k = 0; k < w; k++)
    b->p[b->n++] = (unsigned char)(v >> (8 * k));
}

pgo_status pgo__st_encode(const pgo_allocator *a, int kind,
                     const pgo_method_profile *m, st_buf *b, bool *present) {
  b->n = 0;
  *present = false;
  switch (kind) {
  case PGO_REC_ENTRY:
    if (!m->has_entry)
      return PGO_OK;
    if (!pgo__st_buf_reserve(a, b, 10))
      return PGO_ERR_NOMEM;
    put_uv(b, m->entry);
    break;
  case PGO_REC_BLOCKS:
  case PGO_REC_SAMPLES: {
    const pgo_count_rec *r = kind == PGO_REC_BLOCKS ? m->blocks : m->samples;
    uint32_t n = kind == PGO_REC_BLOCKS ? m->nblocks : m->nsamples;
    if (!n)
      return PGO_OK;
    uint64_t maxd = 0, maxc = 0;
    for (uint32_t i = 0; i < n; i++) {
      uint64_t d = i ? r[i].offset - r[i - 1].offset - 1 : r[i].offset;
      maxd = d > maxd ? d : maxd;
      maxc = r[i].count > maxc ? r[i].count : maxc;
    }
    unsigned wo = width(maxd), wc = width(maxc);
    if (!pgo__st_buf_reserve(a, b, 12 + (size_t)n * (wo + wc)))
      return PGO_ERR_NOMEM;
    put_uv(b, n);
    b->p[b->n++] = (unsigned char)wo;
    b->p[b->n++] = (unsigned char)wc;
    for (uint32_t i = 0; i < n; i++)
      put_fixed(b, i ? r[i].offset - r[i - 1].offset - 1 : r[i].offset, wo);
    for (uint32_t i = 0; i < n; i++)
      put_fixed(b, r[i].count, wc);
    break;
  }
  case PGO_REC_EDGES: {
    const pgo_edge_rec *e = m->edges;
    uint32_t n = m->nedges;
    if (!n)
      return PGO_OK;
    uint64_t maxd = 0, maxs = 0, maxc = 0;
    for (uint32_t i = 0; i < n; i++) {
      uint64_t d = i ? e[i].offset - e[i - 1].offset : e[i].offset;
      maxd = d > maxd ? d : maxd;
      maxs = e[i].succ > maxs ? e[i].succ : maxs;
      maxc = e[i].count > maxc ? e[i].count : maxc;
    }
    unsigned wo = width(maxd), ws = width(maxs), wc = width(maxc);
    if (!pgo__st_buf_reserve(a, b, 13 + (size_t)n * (wo + ws + wc)))
      return PGO_ERR_NOMEM;
    put_uv(b, n);
    b->p[b->n++] = (unsigned char)wo;
    b->p[b->n++] = (unsigned char)ws;
    b->p[b->n++] = (unsigned char)wc;
    for (uint32_t i = 0; i < n; i++)
      put_fixed(b, i ? e[i].offset - e[i - 1].offset : e[i].offset, wo);
    for (uint32_t i = 0; i < n; i++)
      put_fixed(b, e[i].succ, ws);
    for (uint32_t i = 0; i < n; i++)
      put_fixed(b, e[i].count, wc);
    break;
  }
  case PGO_REC_ANNOTATIONS: {
    if (!m->nannots)
      return PGO_OK;
    if (!pgo__st_buf_reserve(a, b, 10 + (size_t)m->nannots * 33))
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
    if (!pgo__st_buf_reserve(a, b, 10))
      return PGO_ERR_NOMEM;
    put_uv(b, m->nsites);
    uint64_t prev = 0;
    for (uint32_t i = 0; i < m->nsites; i++) {
      const pgo_value_site *s = &m->sites[i];
      if (!pgo__st_buf_reserve(a, b, 40))
        return PGO_ERR_NOMEM;
      put_uv(b, i ? s->offset - prev - 1 : s->offset);
      put_uv(b, s->capacity);
      put_uv(b, s->tail);
      put_uv(b, s->npairs);
      prev = s->offset;
      for (uint32_t k = 0; k < s->npairs; k++) {
        size_t len = strlen(s->pairs[k].value);
        if (!pgo__st_buf_reserve(a, b, 20 + len))
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
