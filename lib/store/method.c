/*
 * method.c -- merge semantics of one method's records (docs/store.md).
 *
 * Computes dst += w * src record by record:
 *   counts (entry, blocks, edges, samples): sorted merge of two arrays keyed
 *     by offset (or (offset, successor)); c = c_dst + w * c_src, saturating
 *     at 2^64-1 -- each saturation is counted so tools can warn -- never
 *     wrapping;
 *   histograms: per site, value by value (c = c_dst + w * c_src), tail
 *     likewise; capacity = max of both; then, unless folding is deferred,
 *     the pairs beyond capacity (smallest counts, ties by value name) are
 *     folded into the tail.  This is the usual top-K summary: the total
 *     sum(pairs) + tail is exact, and a kept value's count can be short by
 *     at most the tail (each value's error is bounded by what was folded);
 *     order-independent when every site's distinct values fit its capacity;
 *   annotations: weighted mean p = (p1 w1 + p2 w2) / (w1 + w2), weights add.
 *     Commutative; associative up to floating-point rounding.
 * Also validation of writers' methods and canonicalization (sort, add up
 * duplicate keys).  Fallback: on out-of-memory a merge reports
 * PGO_ERR_NOMEM and callers discard the partial destination.
 */
#include <math.h>
#include <stdlib.h>

#include "store_internal.h"

/* ---------------------------------------------------------------- alloc */

void pgo__st_sort(void *base, size_t n, size_t size,
             int (*cmp)(const void *, const void *)) {
  if (n > 1)
    qsort(base, n, size, cmp);
}

void *pgo__st_alloc(const pgo_allocator *a, size_t n) {
  if (n == 0)
    n = 1;
  return a->realloc(a->ud, NULL, 0, n);
}

void *pgo__st_realloc(const pgo_allocator *a, void *p, size_t old_n, size_t new_n) {
  if (new_n == 0)
    new_n = 1;
  if (!p)
    old_n = 0;
  else if (old_n == 0)
    old_n = 1;
  return a->realloc(a->ud, p, old_n, new_n);
}

void pgo__st_free(const pgo_allocator *a, void *p, size_t n) {
  if (p)
    a->realloc(a->ud, p, n ? n : 1, 0);
}

char *pgo__st_strndup(const pgo_allocator *a, const char *s, size_t n) {
  char *r = pgo__st_alloc(a, n + 1);
  if (r) {
    memcpy(r, s, n);
    r[n] = 0;
  }
  return r;
}

void pgo__st_strfree(const pgo_allocator *a, char *s) {
  if (s)
    pgo__st_free(a, s, strlen(s) + 1);
}

bool pgo__st_grow(const pgo_allocator *a, void **arr, uint32_t *cap, size_t elt,
             size_t need) {
  if (need <= *cap)
    return true;
  if (need > UINT32_MAX / 2)
    return false;
  size_t nc = *cap ? *cap : 4;
  while (nc < need)
    nc *= 2;
  void *p = pgo__st_realloc(a, *arr, (size_t)*cap * elt, nc * elt);
  if (!p)
    return false;
  *arr = p;
  *cap = (uint32_t)nc;
  return true;
}

/* ------------------------------------------------------------- compare */

int pgo__st_key_cmp(const pgo_method_key *x, const pgo_method_key *y) {
  int c = strcmp(x->name, y->name);
  if (c)
    return c;
  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  if (x->il_size != y->il_size)
    return x->il_size < y->il_size ? -1 : 1;
  return 0;
}

int pgo__st_pair_cmp(const void *x, const void *y) {
  const pgo_value_pair *a = x, *b = y;
  if (a->count != b->count)
    return a->count > b->count ? -1 : 1;
  return strcmp(a->value, b->value);
}

static int str_ptr_cmp(const void *x, const void *y) {
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Sorts a copy of the names on the stack: n log n comparisons, no
 * allocation (so no failure point). */
bool pgo__st_pairs_unique(const pgo_value_pair *pairs, uint32_t n) {
  const char *names[PGO_STORE_MAX_CAPACITY];
  if (n > PGO_STORE_MAX_CAPACITY)
    return false;
  for (uint32_t k = 0; k < n; k++)
    names[k] = pairs[k].value;
  pgo__st_sort(names, n, sizeof *names, str_ptr_cmp);
  for (uint32_t k = 1; k < n; k++)
    if (!strcmp(names[k - 1], names[k]))
      return false;
  return true;
}

static int pair_name_cmp(const void *x, const void *y) {
  const pgo_value_pair *a = x, *b = y;
  return strcmp(a->value, b->value);
}

static int count_cmp(const void *x, const void *y) {
  const pgo_count_rec *a = x, *b = y;
  return a->offset < b->offset ? -1 : a->offset > b->offset;
}

static int edge_cmp(const void *x, const void *y) {
  const pgo_edge_rec *a = x, *b = y;
  if (a->offset != b->offset)
    return a->offset < b->offset ? -1 : 1;
  return a->succ < b->succ ? -1 : a->succ > b->succ;
}

static int annot_cmp(const void *x, const void *y) {
  const pgo_annot_rec *a = x, *b = y;
  if (a->offset != b->offset)
    return a->offset < b->offset ? -1 : 1;
  return a->succ < b->succ ? -1 : a->succ > b->succ;
}

static int site_cmp(const void *x, const void *y) {
  const pgo_value_site *a = x, *b = y;
  return a->offset < b->offset ? -1 : a->offset > b->offset;
}

/* ---------------------------------------------------------------- clear */

static void site_pairs_free(const pgo_allocator *a, pgo_value_site *s) {
  pgo_value_pair *pp = (pgo_value_pair *)s->pairs;
  for (uint32_t k = 0; k < s->npairs; k++)
    pgo__st_strfree(a, (char *)pp[k].value);
  pgo__st_free(a, pp, (size_t)s->npairs * sizeof *pp);
  s->pairs = NULL;
  s->npairs = 0;
}

void pgo__st_method_clear(const pgo_allocator *a, st_method *m) {
  pgo_value_site *sites = (pgo_value_site *)m->v.sites;
  for (uint32_t i = 0; i < m->v.nsites; i++)
    site_pairs_free(a, &sites[i]);
  pgo__st_free(a, (void *)m->v.blocks, m->cblocks * sizeof *m->v.blocks);
  pgo__st_free(a, (void *)m->v.edges, m->cedges * sizeof *m->v.edges);
  pgo__st_free(a, sites, m->csites * sizeof *sites);
  pgo__st_free(a, (void *)m->v.annots, m->cannots * sizeof *m->v.annots);
  pgo__st_free(a, (void *)m->v.samples, m->csamples * sizeof *m->v.samples);
  pgo__st_strfree(a, (char *)m->v.key.name);
  memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------ counts (sorted) */

/* Merge sorted count arrays: *arr (n, cap) += w * src. */
static bool merge_counts(const pgo_allocator *a, pgo_count_rec **arr,
                         uint32_t *n, uint32_t *cap, const pgo_count_rec *src,
                         uint32_t ns, uint64_t w, uint64_t *sat) {
  if (ns == 0)
    return true;
  pgo_count_rec *d = *arr;
  uint32_t nd = *n;
  /* Fast path: same offsets (the common case for runs of one program);
   * branch-free compare, and no multiply for weight 1. */
  if (nd == ns) {
    uint32_t diff = 0;
    for (uint32_t i = 0; i < nd; i++)
      diff |= d[i].offset ^ src[i].offset;
    if (!diff) {
      if (w == 1) {
        uint64_t over = 0;
        for (uint32_t i = 0; i < nd; i++) {
          uint64_t r = d[i].count + src[i].count;
          uint64_t o = r < d[i].count;
          over += o;
          d[i].count = o ? UINT64_MAX : r;
        }
        *sat += over;
      } else {
        for (uint32_t i = 0; i < nd; i++)
          d[i].count = st_sat_add(d[i].count,
                                  st_sat_mul(src[i].count, w, sat), sat);
      }
      return true;
    }
  }
  size_t need = (size_t)nd + ns;
  pgo_count_rec *out = pgo__st_alloc(a, need * sizeof *out);
  if (!out)
    return false;
  uint32_t i = 0, j = 0, k = 0;
  while (i < nd || j < ns) {
    if (j == ns || (i < nd && d[i].offset < src[j].offset)) {
      out[k++] = d[i++];
    } else if (i == nd || src[j].offset < d[i].offset) {
      out[k].offset = src[j].offset;
      out[k++].count = st_sat_mul(src[j++].count, w, sat);
    } else {
      out[k].offset = d[i].offset;
      out[k++].count = st_sat_add(d[i++].count,
                                  st_sat_mul(src[j++].count, w, sat), sat);
    }
  }
  pgo__st_free(a, d, (size_t)*cap * sizeof *d);
  *arr = out;
  *n = k;
  *cap = (uint32_t)need;
  return true;
}

static bool merge_edges(const pgo_allocator *a, pgo_edge_rec **arr,
                        uint32_t *n, uint32_t *cap, const pgo_edge_rec *src,
                        uint32_t ns, uint64_t w, uint64_t *sat) {
  if (ns == 0)
    return true;
  pgo_edge_rec *d = *arr;
  uint32_t nd = *n;
  if (nd == ns) {
    uint32_t diff = 0;
    for (uint32_t i = 0; i < nd; i++)
      diff |= (d[i].offset ^ src[i].offset) | (d[i].succ ^ src[i].succ);
    if (!diff) {
      if (w == 1) {
        uint64_t over = 0;
        for (uint32_t i = 0; i < nd; i++) {
          uint64_t r = d[i].count + src[i].count;
          uint64_t o = r < d[i].count;
          over += o;
          d[i].count = o ? UINT64_MAX : r;
        }
        *sat += over;
      } else {
        for (uint32_t i = 0; i < nd; i++)
          d[i].count = st_sat_add(d[i].count,
                                  st_sat_mul(src[i].count, w, sat), sat);
      }
      return true;
    }
  }
  size_t need = (size_t)nd + ns;
  pgo_edge_rec *out = pgo__st_alloc(a, need * sizeof *out);
  if (!out)
    return false;
  uint32_t i = 0, j = 0, k = 0;
  while (i < nd || j < ns) {
    int c = j == ns ? -1 : i == nd ? 1 : edge_cmp(&d[i], &src[j]);
    if (c < 0) {
      out[k++] = d[i++];
    } else if (c > 0) {
      out[k] = src[j++];
      out[k].count = st_sat_mul(out[k].count, w, sat);
      k++;
    } else {
      out[k] = d[i++];
      out[k].count = st_sat_add(out[k].count,
                                st_sat_mul(src[j++].count, w, sat), sat);
      k++;
    }
  }
  pgo__st_free(a, d, (size_t)*cap * sizeof *d);
  *arr = out;
  *n = k;
  *cap = (uint32_t)need;
  return true;
}

static pgo_annot_rec annot_combine(pgo_annot_rec x, const pgo_annot_rec *y,
                                   uint64_t w, uint64_t *sat) {
  uint64_t wy = st_sat_mul(y->weight, w, sat);
  uint64_t wt = st_sat_add(x.weight, wy, sat);
  /* The mean in long double: symmetric in its two operands. */
  long double p = ((long double)x.prob * x.weight + (long double)y->prob * wy) /
                  ((long double)x.weight + (long double)wy);
  x.prob = (double)p;
  if (x.prob > 1)
    x.prob = 1;
  if (x.prob < 0)
    x.prob = 0;
  x.weight = wt;
  return x;
}

static bool merge_annots(const pgo_allocator *a, st_method *m,
                         const pgo_annot_rec *src, uint32_t ns, uint64_t w,
                         uint64_t *sat) {
  if (ns == 0)
    return true;
  pgo_annot_rec *d = (pgo_annot_rec *)m->v.annots;
  uint32_t nd = m->v.nannots;
  size_t need = (size_t)nd + ns;
  pgo_annot_rec *out = pgo__st_alloc(a, need * sizeof *out);
  if (!out)
    return false;
  uint32_t i = 0, j = 0, k = 0;
  while (i < nd || j < ns) {
    int c = j == ns ? -1 : i == nd ? 1 : annot_cmp(&d[i], &src[j]);
    if (c < 0) {
      out[k++] = d[i++];
    } else if (c > 0) {
      out[k] = src[j++];
      out[k].weight = st_sat_mul(out[k].weight, w, sat);
      k++;
    } else {
      out[k++] = annot_combine(d[i++], &src[j++], w, sat);
    }
  }
  pgo__st_free(a, d, (size_t)m->cannots * sizeof *d);
  m->v.annots = out;
  m->v.nannots = k;
  m->cannots = (uint32_t)need;
  return true;
}

/* ----------------------------------------------------------- histograms */

/* Fold s's pairs to its capacity: sort by count desc (ties by value), move
 * the rest into the tail.  The new block is allocated before anything is
 * changed, so NOMEM leaves s intact. */
static pgo_status site_fold(const pgo_allocator *a, pgo_value_site *s,
                            uint64_t *sat) {
  pgo_value_pair *pp = (pgo_value_pair *)s->pairs;
  pgo__st_sort(pp, s->npairs, sizeof *pp, pgo__st_pair_cmp);
  if (s->npairs <= s->capacity)
    return PGO_OK;
  pgo_value_pair *np = pgo__st_alloc(a, (size_t)s->capacity * sizeof *np);
  if (!np)
    return PGO_ERR_NOMEM;
  memcpy(np, pp, (size_t)s->capacity * sizeof *np);
  for (uint32_t k = s->capacity; k < s->npairs; k++) {
    s->tail = st_sat_add(s->tail, pp[k].count, sat);
    pgo__st_strfree(a, (char *)pp[k].value);
  }
  pgo__st_free(a, pp, (size_t)s->npairs * sizeof *pp);
  s->pairs = np;
  s->npairs = s->capacity;
  return PGO_OK;
}

/* By-name merge of d's pairs (x, sorted by name, unique) with the source's
 * (y, sorted by name, may repeat a name from a writer): fills out (room for
 * nx + ny), borrowing the names; from_y marks entries whose name is y's. */
static uint32_t pairs_merge(const pgo_value_pair *x, uint32_t nx,
                            const pgo_value_pair *y, uint32_t ny, uint64_t w,
                            pgo_value_pair *out, bool *from_y, uint64_t *sat) {
  uint32_t i = 0, j = 0, k = 0;
  while (i < nx || j < ny) {
    int c = j == ny ? -1 : i == nx ? 1 : strcmp(x[i].value, y[j].value);
    if (c < 0) {
      out[k] = x[i++];
      from_y[k++] = false;
    } else if (c == 0) {
      out[k] = x[i++];
      out[k].count =
          st_sat_add(out[k].count, st_sat_mul(y[j++].count, w, sat), sat);
      from_y[k++] = false;
    } else if (k > 0 && !strcmp(out[k - 1].value, y[j].value)) {
      out[k - 1].count = st_sat_add(out[k - 1].count,
                                    st_sat_mul(y[j++].count, w, sat), sat);
    } else {
      out[k] = y[j++];
      out[k].count = st_sat_mul(out[k].count, w, sat);
      from_y[k++] = true;
    }
  }
  return k;
}

/* d += w * src for one site.  Every allocation happens before d changes. */
static pgo_status site_merge(const pgo_allocator *a, pgo_value_site *d,
                             const pgo_value_site *src, uint64_t w, bool fold,
                             uint64_t *sat) {
  uint32_t nd = d->npairs, ns = src->npairs;
  size_t nmax = (size_t)nd + ns;
  pgo_status st = PGO_ERR_NOMEM;
  pgo_value_pair *x = pgo__st_alloc(a, (size_t)nd * sizeof *x);
  pgo_value_pair *y = pgo__st_alloc(a, (size_t)ns * sizeof *y);
  pgo_value_pair *tmp = pgo__st_alloc(a, nmax * sizeof *tmp);
  bool *from_y = pgo__st_alloc(a, nmax * sizeof *from_y);
  pgo_value_pair *out = NULL;
  uint32_t k = 0;
  if (!x || !y || !tmp || !from_y)
    goto done;
  st_copy(x, d->pairs, (size_t)nd * sizeof *x);
  st_copy(y, src->pairs, (size_t)ns * sizeof *y);
  pgo__st_sort(x, nd, sizeof *x, pair_name_cmp);
  pgo__st_sort(y, ns, sizeof *y, pair_name_cmp);
  uint64_t lsat = 0;
  k = pairs_merge(x, nd, y, ns, w, tmp, from_y, &lsat);
  out = pgo__st_alloc(a, (size_t)k * sizeof *out);
  if (!out)
    goto done;
  st_copy(out, tmp, (size_t)k * sizeof *out);
  for (uint32_t q = 0; q < k; q++) {
    if (!from_y[q])
      continue;
    char *v = pgo__st_strndup(a, out[q].value, strlen(out[q].value));
    if (!v) {
      for (uint32_t r = 0; r < q; r++)
        if (from_y[r])
          pgo__st_strfree(a, (char *)out[r].value);
      goto done;
    }
    out[q].value = v;
  }
  *sat += lsat;
  pgo__st_free(a, (void *)d->pairs, (size_t)nd * sizeof *out);
  d->pairs = out;
  d->npairs = k;
  out = NULL;
  d->tail = st_sat_add(d->tail, st_sat_mul(src->tail, w, sat), sat);
  if (src->capacity > d->capacity)
    d->capacity = src->capacity;
  pgo__st_sort((pgo_value_pair *)d->pairs, k, sizeof *d->pairs, pgo__st_pair_cmp);
  st = fold ? site_fold(a, d, sat) : PGO_OK;
done:
  pgo__st_free(a, x, (size_t)nd * sizeof *x);
  pgo__st_free(a, y, (size_t)ns * sizeof *y);
  pgo__st_free(a, tmp, nmax * sizeof *tmp);
  pgo__st_free(a, from_y, nmax * sizeof *from_y);
  pgo__st_free(a, out, (size_t)k * sizeof *out);
  return st;
}

static pgo_status merge_sites(const pgo_allocator *a, st_method *m,
                              const pgo_value_site *src, uint32_t ns,
                              uint64_t w, bool fold, uint64_t *sat) {
  if (ns == 0)
    return PGO_OK;
  /* Insert missing sites (empty), keeping offset order, then merge each. */
  uint32_t missing = 0;
  {
    uint32_t i = 0;
    for (uint32_t j = 0; j < ns; j++) {
      while (i < m->v.nsites && m->v.sites[i].offset < src[j].offset)
        i++;
      if (i == m->v.nsites || m->v.sites[i].offset != src[j].offset)
        missing++;
    }
  }
  if (missing) {
    size_t total = (size_t)m->v.nsites + missing;
    void *arr = (void *)m->v.sites;
    if (!pgo__st_grow(a, &arr, &m->csites, sizeof(pgo_value_site), total))
      return PGO_ERR_NOMEM;
    pgo_value_site *s = arr;
    uint32_t n = m->v.nsites, i = 0;
    for (uint32_t j = 0; j < ns; j++) {
      while (i < n && s[i].offset < src[j].offset)
        i++;
      if (i < n && s[i].offset == src[j].offset)
        continue;
      s[n++] = (pgo_value_site){.offset = src[j].offset,
                                .capacity = src[j].capacity};
    }
    pgo__st_sort(s, n, sizeof *s, site_cmp);
    m->v.sites = s;
    m->v.nsites = n;
  }
  pgo_value_site *s = (pgo_value_site *)m->v.sites;
  uint32_t i = 0;
  for (uint32_t j = 0; j < ns; j++) {
    while (s[i].offset < src[j].offset)
      i++;
    pgo_status st = site_merge(a, &s[i], &src[j], w, fold, sat);
    if (st)
      return st;
  }
  return PGO_OK;
}

pgo_status pgo__st_method_fold(const pgo_allocator *a, st_method *m) {
  uint64_t sat = 0;
  pgo_value_site *s = (pgo_value_site *)m->v.sites;
  for (uint32_t i = 0; i < m->v.nsites; i++) {
    pgo_status st = site_fold(a, &s[i], &sat);
    if (st)
      return st;
  }
  return PGO_OK;
}

pgo_status pgo__st_method_merge(const pgo_allocator *a, st_method *dst,
                           const pgo_method_profile *src, uint64_t w,
                           bool fold, uint64_t *sat) {
  if (src->has_entry) {
    dst->v.entry = st_sat_add(dst->v.entry, st_sat_mul(src->entry, w, sat),
                              sat);
    dst->v.has_entry = true;
  }
  if (!merge_counts(a, (pgo_count_rec **)&dst->v.blocks, &dst->v.nblocks,
                    &dst->cblocks, src->blocks, src->nblocks, w, sat))
    return PGO_ERR_NOMEM;
  if (!merge_edges(a, (pgo_edge_rec **)&dst->v.edges, &dst->v.nedges,
                   &dst->cedges, src->edges, src->nedges, w, sat))
    return PGO_ERR_NOMEM;
  if (!merge_counts(a, (pgo_count_rec **)&dst->v.samples, &dst->v.nsamples,
                    &dst->csamples, src->samples, src->nsamples, w, sat))
    return PGO_ERR_NOMEM;
  if (!merge_annots(a, dst, src->annots, src->nannots, w, sat))
    return PGO_ERR_NOMEM;
  return merge_sites(a, dst, src->sites, src->nsites, w, fold, sat);
}

/* ------------------------------------------------------------- sparsify */

bool pgo__st_method_sparsify(const pgo_allocator *a, st_method *m) {
  if (m->v.has_entry && m->v.entry == 0)
    m->v.has_entry = false;
  uint32_t k = 0;
  pgo_count_rec *b = (pgo_count_rec *)m->v.blocks;
  for (uint32_t i = 0; i < m->v.nblocks; i++)
    if (b[i].count)
      b[k++] = b[i];
  m->v.nblocks = k;
  b = (pgo_count_rec *)m->v.samples;
  k = 0;
  for (uint32_t i = 0; i < m->v.nsamples; i++)
    if (b[i].count)
      b[k++] = b[i];
  m->v.nsamples = k;
  pgo_edge_rec *e = (pgo_edge_rec *)m->v.edges;
  k = 0;
  for (uint32_t i = 0; i < m->v.nedges; i++)
    if (e[i].count)
      e[k++] = e[i];
  m->v.nedges = k;
  pgo_value_site *s = (pgo_value_site *)m->v.sites;
  k = 0;
  for (uint32_t i = 0; i < m->v.nsites; i++) {
    /* Zero-count pairs sort last; drop them, keeping the block size exact
     * by freeing only their names (npairs shrinks below the allocation, so
     * copy the kept pairs into an exact block when one can be had). */
    pgo_value_pair *pp = (pgo_value_pair *)s[i].pairs;
    uint32_t keep = 0;
    while (keep < s[i].npairs && pp[keep].count)
      keep++;
    if (keep < s[i].npairs) {
      pgo_value_pair *np = keep ? pgo__st_alloc(a, (size_t)keep * sizeof *np) : NULL;
      if (keep == 0 || np) {
        for (uint32_t q = keep; q < s[i].npairs; q++)
          pgo__st_strfree(a, (char *)pp[q].value);
        if (np)
          st_copy(np, pp, (size_t)keep * sizeof *np);
        pgo__st_free(a, pp, (size_t)s[i].npairs * sizeof *pp);
        s[i].pairs = np;
        s[i].npairs = keep;
      }
    }
    if (s[i].npairs == 0 && s[i].tail == 0) {
      site_pairs_free(a, &s[i]);
      continue;
    }
    s[k++] = s[i];
  }
  m->v.nsites = k;
  return !m->v.has_entry && !m->v.nblocks && !m->v.nedges && !m->v.nsites &&
         !m->v.nannots && !m->v.nsamples;
}

/* ---------------------------------------------------------------- equal */

bool pgo__st_method_equal(const pgo_method_profile *x, const pgo_method_profile *y) {
  if (pgo__st_key_cmp(&x->key, &y->key) || x->has_entry != y->has_entry ||
      x->entry != y->entry || x->nblocks != y->nblocks ||
      x->nedges != y->nedges || x->nsites != y->nsites ||
      x->nannots != y->nannots || x->nsamples != y->nsamples)
    return false;
  for (uint32_t i = 0; i < x->nblocks; i++)
    if (x->blocks[i].offset != y->blocks[i].offset ||
        x->blocks[i].count != y->blocks[i].count)
      return false;
  for (uint32_t i = 0; i < x->nsamples; i++)
    if (x->samples[i].offset != y->samples[i].offset ||
        x->samples[i].count != y->samples[i].count)
      return false;
  for (uint32_t i = 0; i < x->nedges; i++)
    if (edge_cmp(&x->edges[i], &y->edges[i]) ||
        x->edges[i].count != y->edges[i].count)
      return false;
  for (uint32_t i = 0; i < x->nannots; i++)
    if (annot_cmp(&x->annots[i], &y->annots[i]) ||
        x->annots[i].weight != y->annots[i].weight ||
        memcmp(&x->annots[i].prob, &y->annots[i].prob, sizeof(double)))
      return false;
  for (uint32_t i = 0; i < x->nsites; i++) {
    const pgo_value_site *a = &x->sites[i], *b = &y->sites[i];
    if (a->offset != b->offset || a->capacity != b->capacity ||
        a->tail != b->tail || a->npairs != b->npairs)
      return false;
    for (uint32_t k = 0; k < a->npairs; k++)
      if (a->pairs[k].count != b->pairs[k].count ||
          strcmp(a->pairs[k].value, b->pairs[k].value))
        return false;
  }
  return true;
}

/* ---------------------------------------------------- writers' methods */

pgo_status pgo__st_method_check(const pgo_method_profile *m, char *msg,
                           size_t msglen) {
  const char *name = m->key.name;
  if (!name || !*name) {
    snprintf(msg, msglen, "method with an empty name");
    return PGO_ERR_INVALID;
  }
  size_t nl = strlen(name);
  if (nl > PGO_STORE_MAX_NAME_LEN) {
    snprintf(msg, msglen, "method name longer than %u bytes",
             PGO_STORE_MAX_NAME_LEN);
    return PGO_ERR_RANGE;
  }
  uint32_t il = m->key.il_size;
#define ST_BAD(...)                                                           \
  do {                                                                        \
    int n_ = snprintf(msg, msglen, "method %s: ", name);                      \
    if (n_ > 0 && (size_t)n_ < msglen)                                        \
      snprintf(msg + n_, msglen - (size_t)n_, __VA_ARGS__);                   \
    return PGO_ERR_RANGE;                                                     \
  } while (0)
  for (uint32_t i = 0; i < m->nblocks; i++)
    if (m->blocks[i].offset >= il)
      ST_BAD("block offset %u out of range (il_size %u)", m->blocks[i].offset,
             il);
  for (uint32_t i = 0; i < m->nsamples; i++)
    if (m->samples[i].offset >= il)
      ST_BAD("sample offset %u out of range (il_size %u)",
             m->samples[i].offset, il);
  for (uint32_t i = 0; i < m->nedges; i++) {
    if (m->edges[i].offset >= il)
      ST_BAD("edge source offset %u out of range (il_size %u)",
             m->edges[i].offset, il);
    if (m->edges[i].succ >= PGO_STORE_MAX_SUCC)
      ST_BAD("successor index %u out of range (< %u)", m->edges[i].succ,
             PGO_STORE_MAX_SUCC);
  }
  for (uint32_t i = 0; i < m->nannots; i++) {
    const pgo_annot_rec *r = &m->annots[i];
    if (r->offset >= il)
      ST_BAD("annotation offset %u out of range (il_size %u)", r->offset, il);
    if (r->succ >= PGO_STORE_MAX_SUCC)
      ST_BAD("successor index %u out of range (< %u)", r->succ,
             PGO_STORE_MAX_SUCC);
    if (!(r->prob >= 0 && r->prob <= 1))
      ST_BAD("annotation probability %g not in [0, 1]", r->prob);
    if (r->weight == 0)
      ST_BAD("annotation weight 0 (must be >= 1)");
  }
  for (uint32_t i = 0; i < m->nsites; i++) {
    const pgo_value_site *s = &m->sites[i];
    if (s->offset >= il)
      ST_BAD("value site offset %u out of range (il_size %u)", s->offset, il);
    if (s->capacity < 1 || s->capacity > PGO_STORE_MAX_CAPACITY)
      ST_BAD("value site %u: capacity %u not in 1..%u", s->offset,
             s->capacity, PGO_STORE_MAX_CAPACITY);
    for (uint32_t k = 0; k < s->npairs; k++) {
      const char *v = s->pairs[k].value;
      size_t vl = v ? strlen(v) : 0;
      if (vl == 0 || vl > PGO_STORE_MAX_VALUE_LEN)
        ST_BAD("value site %u: value length %zu not in 1..%u", s->offset, vl,
               PGO_STORE_MAX_VALUE_LEN);
    }
  }
#undef ST_BAD
  return PGO_OK;
}

bool pgo__st_method_is_canonical(const pgo_method_profile *m) {
  for (uint32_t i = 1; i < m->nblocks; i++)
    if (m->blocks[i - 1].offset >= m->blocks[i].offset)
      return false;
  for (uint32_t i = 1; i < m->nsamples; i++)
    if (m->samples[i - 1].offset >= m->samples[i].offset)
      return false;
  for (uint32_t i = 1; i < m->nedges; i++)
    if (edge_cmp(&m->edges[i - 1], &m->edges[i]) >= 0)
      return false;
  for (uint32_t i = 1; i < m->nannots; i++)
    if (annot_cmp(&m->annots[i - 1], &m->annots[i]) >= 0)
      return false;
  for (uint32_t i = 0; i < m->nsites; i++) {
    const pgo_value_site *s = &m->sites[i];
    if (i && m->sites[i - 1].offset >= s->offset)
      return false;
    if (s->npairs > s->capacity)
      return false;
    for (uint32_t k = 1; k < s->npairs; k++)
      if (pgo__st_pair_cmp(&s->pairs[k - 1], &s->pairs[k]) >= 0)
        return false;
    /* equal names would compare by count; check uniqueness directly */
    if (!pgo__st_pairs_unique(s->pairs, s->npairs))
      return false;
  }
  return true;
}

/* Canonical copy: sort each array and add up duplicates, by merging the
 * entries one kind at a time into an empty st_method. */
pgo_status pgo__st_method_canonical(const pgo_allocator *a,
                               const pgo_method_profile *m, st_method *out,
                               uint64_t *sat) {
  memset(out, 0, sizeof *out);
  pgo_status st = PGO_ERR_NOMEM;
  pgo_count_rec *b = NULL, *sm = NULL;
  pgo_edge_rec *e = NULL;
  pgo_annot_rec *an = NULL;
  pgo_value_site *si = NULL;
  b = pgo__st_alloc(a, (size_t)m->nblocks * sizeof *b);
  sm = pgo__st_alloc(a, (size_t)m->nsamples * sizeof *sm);
  e = pgo__st_alloc(a, (size_t)m->nedges * sizeof *e);
  an = pgo__st_alloc(a, (size_t)m->nannots * sizeof *an);
  si = pgo__st_alloc(a, (size_t)m->nsites * sizeof *si);
  if (!b || !sm || !e || !an || !si)
    goto done;
  st_copy(b, m->blocks, (size_t)m->nblocks * sizeof *b);
  st_copy(sm, m->samples, (size_t)m->nsamples * sizeof *sm);
  st_copy(e, m->edges, (size_t)m->nedges * sizeof *e);
  st_copy(an, m->annots, (size_t)m->nannots * sizeof *an);
  st_copy(si, m->sites, (size_t)m->nsites * sizeof *si);
  pgo__st_sort(b, m->nblocks, sizeof *b, count_cmp);
  pgo__st_sort(sm, m->nsamples, sizeof *sm, count_cmp);
  pgo__st_sort(e, m->nedges, sizeof *e, edge_cmp);
  pgo__st_sort(an, m->nannots, sizeof *an, annot_cmp);
  pgo__st_sort(si, m->nsites, sizeof *si, site_cmp);
  /* Collapse duplicates in place. */
  uint32_t nb = 0, ns = 0, ne = 0, na = 0;
  for (uint32_t i = 0; i < m->nblocks; i++) {
    if (nb && b[nb - 1].offset == b[i].offset)
      b[nb - 1].count = st_sat_add(b[nb - 1].count, b[i].count, sat);
    else
      b[nb++] = b[i];
  }
  for (uint32_t i = 0; i < m->nsamples; i++) {
    if (ns && sm[ns - 1].offset == sm[i].offset)
      sm[ns - 1].count = st_sat_add(sm[ns - 1].count, sm[i].count, sat);
    else
      sm[ns++] = sm[i];
  }
  for (uint32_t i = 0; i < m->nedges; i++) {
    if (ne && !edge_cmp(&e[ne - 1], &e[i]))
      e[ne - 1].count = st_sat_add(e[ne - 1].count, e[i].count, sat);
    else
      e[ne++] = e[i];
  }
  for (uint32_t i = 0; i < m->nannots; i++) {
    if (na && !annot_cmp(&an[na - 1], &an[i]))
      an[na - 1] = annot_combine(an[na - 1], &an[i], 1, sat);
    else
      an[na++] = an[i];
  }
  out->v.key = m->key;
  out->v.key.name = pgo__st_strndup(a, m->key.name, strlen(m->key.name));
  if (!out->v.key.name)
    goto done;
  out->v.has_entry = m->has_entry;
  out->v.entry = m->entry;
  pgo_method_profile tmp = {.blocks = b, .nblocks = nb, .samples = sm,
                            .nsamples = ns, .edges = e, .nedges = ne,
                            .annots = an, .nannots = na};
  st = pgo__st_method_merge(a, out, &tmp, 1, true, sat);
  /* Sites one at a time (merge_sites needs unique offsets per call). */
  for (uint32_t i = 0; i < m->nsites && !st; i++)
    st = merge_sites(a, out, &si[i], 1, 1, true, sat);
done:
  pgo__st_free(a, b, (size_t)m->nblocks * sizeof *b);
  pgo__st_free(a, sm, (size_t)m->nsamples * sizeof *sm);
  pgo__st_free(a, e, (size_t)m->nedges * sizeof *e);
  pgo__st_free(a, an, (size_t)m->nannots * sizeof *an);
  pgo__st_free(a, si, (size_t)m->nsites * sizeof *si);
  if (st)
    pgo__st_method_clear(a, out);
  return st;
}
