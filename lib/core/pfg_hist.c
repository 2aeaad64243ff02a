/*
 * pfg_hist.c -- value histograms of a pgo_pfg, one per call site, keyed by
 * the IL offset of the call: the named targets (indirect-call targets, ...)
 * with their counts, and the tail ("other": values a bounded histogram did
 * not name), as a measured profile carries them (docs/store.md, "values"
 * records).  Keyed by IL offset, not by block, so graph edits never touch
 * them.
 *
 * Storage: an array sorted by IL offset (binary search, O(log h) lookups,
 * O(h) insertion); each histogram owns copies of its target names.
 * Setting a histogram checks everything (names present and distinct --
 * sorted copy of the pointers, O(n log n) -- counts finite and >= 0, a real
 * provenance) and builds the new histogram completely before it replaces
 * the old one: PGO_ERR_INVALID / PGO_ERR_NOMEM leave the pfg unchanged.
 */
#include "pfg_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void hist_release(pgo_pfg *p, pfg_hist *h) {
  for (uint32_t i = 0; i < h->n; i++)
    pgo__core_mem_strfree(&p->alloc, h->targets ? h->targets[i] : NULL);
  pgo__core_mem_free(&p->alloc, h->targets, h->n, sizeof(char *));
  pgo__core_mem_free(&p->alloc, h->counts, h->n, sizeof(double));
  memset(h, 0, sizeof *h);
}

void pgo__pfg_hist_free_all(pgo_pfg *p) {
  for (uint32_t i = 0; i < p->nhist; i++)
    hist_release(p, &p->hist[i]);
  pgo__core_mem_free(&p->alloc, p->hist, p->cap_hist, sizeof(pfg_hist));
  p->hist = NULL;
  p->nhist = p->cap_hist = 0;
}

/* First index whose offset is >= off. */
static uint32_t lower_bound(const pgo_pfg *p, uint32_t off) {
  uint32_t lo = 0, hi = p->nhist;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (p->hist[mid].il_offset < off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

PGO_API pgo_status pgo_pfg_set_histogram(pgo_pfg *p, uint32_t il_offset,
                                         const char *const *targets,
                                         const double *counts, uint32_t n,
                                         double other, pgo_provenance prov) {
  static const char fn[] = "pgo_pfg_set_histogram";
  if (p == NULL)
    return PGO_ERR_INVALID;
  if (il_offset == PGO_NONE)
    return pgo__pfg_seterr(p, PGO_ERR_INVALID, "%s: no IL offset", fn);
  if (!pfg_prov_ok((int)prov) || prov == PGO_PROV_NONE)
    return pgo__pfg_seterr(p, PGO_ERR_INVALID,
                           "%s: site %u: provenance %d is not a source of "
                           "data",
                           fn, il_offset, (int)prov);
  if (n > 0 && (targets == NULL || counts == NULL))
    return pgo__pfg_seterr(p, PGO_ERR_INVALID, "%s: site %u: NULL arrays", fn,
                           il_offset);
  if (!isfinite(other) || other < 0.0)
    return pgo__pfg_seterr(p, PGO_ERR_INVALID,
                           "%s: site %u: tail count %g is not valid", fn,
                           il_offset, other);
  for (uint32_t i = 0; i < n; i++) {
    if (targets[i] == NULL)
      return pgo__pfg_seterr(p, PGO_ERR_INVALID,
                             "%s: site %u: target %u has no name", fn,
                             il_offset, i);
    if (!isfinite(counts[i]) || counts[i] < 0.0)
      return pgo__pfg_seterr(p, PGO_ERR_INVALID,
                             "%s: site %u: count %g of target %u is not "
                             "valid",
                             fn, il_offset, counts[i], i);
  }

  /* Build the new histogram; its name array doubles as the sorted copy
   * used to find repeated names. */
  pfg_hist h;
  memset(&h, 0, sizeof h);
  h.il_offset = il_offset;
  h.other = other;
  h.prov = (uint8_t)prov;
  uint32_t pos = lower_bound(p, il_offset);
  bool exists = pos < p->nhist && p->hist[pos].il_offset == il_offset;
  if (!exists && p->nhist == p->cap_hist) {
    if (p->cap_hist >= PGO_INVALID / 2)
      return pgo__pfg_seterr(p, PGO_ERR_RANGE, "%s: too many histograms", fn);
    uint32_t cap = p->cap_hist ? p->cap_hist * 2 : 8;
    pfg_hist *nh = pgo__core_mem_realloc(&p->alloc, p->hist, p->cap_hist, cap,
                                         sizeof(pfg_hist));
    if (nh == NULL)
      return pgo__pfg_seterr(p, PGO_ERR_NOMEM,
                             "%s: out of memory adding site %u", fn,
                             il_offset);
    p->hist = nh;
    p->cap_hist = cap;
  }
  if (n > 0) {
    const char **sorted = pgo__core_mem_alloc(&p->alloc, n, sizeof(char *));
    if (sorted == NULL)
      return pgo__pfg_seterr(p, PGO_ERR_NOMEM, "%s: out of memory", fn);
    memcpy(sorted, targets, (size_t)n * sizeof(char *));
    qsort(sorted, n, sizeof(char *), cmp_str);
    const char *dup = NULL;
    for (uint32_t i = 1; i < n && dup == NULL; i++)
      if (strcmp(sorted[i - 1], sorted[i]) == 0)
        dup = sorted[i];
    pgo_status s = PGO_OK;
    if (dup != NULL)
      s = pgo__pfg_seterr(p, PGO_ERR_INVALID,
                          "%s: site %u: target \"%.80s\" is named twice", fn,
                          il_offset, dup);
    pgo__core_mem_free(&p->alloc, sorted, n, sizeof(char *));
    if (s != PGO_OK)
      return s;
    h.targets = pgo__core_mem_alloc(&p->alloc, n, sizeof(char *));
    h.counts = pgo__core_mem_alloc(&p->alloc, n, sizeof(double));
    if (h.targets == NULL || h.counts == NULL) {
      pgo__core_mem_free(&p->alloc, h.targets, n, sizeof(char *));
      pgo__core_mem_free(&p->alloc, h.counts, n, sizeof(double));
      return pgo__pfg_seterr(p, PGO_ERR_NOMEM, "%s: out of memory", fn);
    }
    memset(h.targets, 0, (size_t)n * sizeof(char *));
    h.n = n;
    for (uint32_t i = 0; i < n; i++) {
      h.counts[i] = counts[i];
      if ((h.targets[i] = pgo__core_mem_strdup(&p->alloc, targets[i])) ==
          NULL) {
        hist_release(p, &h);
        return pgo__pfg_seterr(p, PGO_ERR_NOMEM,
                               "%s: out of memory copying target names", fn);
      }
    }
  }
  if (exists) {
    hist_release(p, &p->hist[pos]);
  } else {
    memmove(&p->hist[pos + 1], &p->hist[pos],
            (size_t)(p->nhist - pos) * sizeof(pfg_hist));
    p->nhist++;
  }
  p->hist[pos] = h;
  return PGO_OK;
}

PGO_API pgo_status pgo_pfg_remove_histogram(pgo_pfg *p, uint32_t il_offset) {
  if (p == NULL)
    return PGO_ERR_INVALID;
  uint32_t pos = lower_bound(p, il_offset);
  if (pos >= p->nhist || p->hist[pos].il_offset != il_offset)
    return pgo__pfg_seterr(p, PGO_ERR_NOT_FOUND,
                           "pgo_pfg_remove_histogram: site %u has none",
                           il_offset);
  hist_release(p, &p->hist[pos]);
  memmove(&p->hist[pos], &p->hist[pos + 1],
          (size_t)(p->nhist - pos - 1) * sizeof(pfg_hist));
  p->nhist--;
  return PGO_OK;
}

PGO_API uint32_t pgo_pfg_nhistograms(const pgo_pfg *p) {
  return p ? p->nhist : 0;
}

static void view(const pfg_hist *h, pgo_pfg_histogram *out) {
  out->il_offset = h->il_offset;
  out->n = h->n;
  out->targets = (const char *const *)h->targets;
  out->counts = h->counts;
  out->other = h->other;
  out->prov = (pgo_provenance)h->prov;
}

static void zero_view(pgo_pfg_histogram *out) {
  out->il_offset = PGO_NONE;
  out->n = 0;
  out->targets = NULL;
  out->counts = NULL;
  out->other = 0.0;
  out->prov = PGO_PROV_NONE;
}

PGO_API pgo_status pgo_pfg_histogram_at(const pgo_pfg *p, uint32_t i,
                                        pgo_pfg_histogram *out) {
  if (p == NULL || out == NULL)
    return PGO_ERR_INVALID;
  zero_view(out);
  if (i >= p->nhist)
    return PGO_ERR_RANGE;
  view(&p->hist[i], out);
  return PGO_OK;
}

PGO_API pgo_status pgo_pfg_histogram_get(const pgo_pfg *p, uint32_t il_offset,
                                         pgo_pfg_histogram *out) {
  if (p == NULL || out == NULL)
    return PGO_ERR_INVALID;
  zero_view(out);
  uint32_t pos = lower_bound(p, il_offset);
  if (pos >= p->nhist || p->hist[pos].il_offset != il_offset)
    return PGO_ERR_NOT_FOUND;
  view(&p->hist[pos], out);
  return PGO_OK;
}

pgo_status pgo__pfg_hist_verify(pgo_pfg *p) {
  for (uint32_t i = 0; i < p->nhist; i++) {
    const pfg_hist *h = &p->hist[i];
    bool bad = h->il_offset == PGO_NONE ||
               (i > 0 && p->hist[i - 1].il_offset >= h->il_offset) ||
               !pfg_prov_ok(h->prov) || h->prov == PGO_PROV_NONE ||
               !isfinite(h->other) || h->other < 0.0;
    for (uint32_t k = 0; k < h->n && !bad; k++)
      bad = h->targets[k] == NULL || !isfinite(h->counts[k]) ||
            h->counts[k] < 0.0;
    if (bad)
      return pgo__pfg_seterr(p, PGO_ERR_CORRUPT,
                             "verify: histogram of site %u is inconsistent",
                             h->il_offset);
  }
  return PGO_OK;
}
