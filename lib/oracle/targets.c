/*
 * targets.c -- likely indirect-call targets: the value histograms of a pfg
 * (pgo_pfg_histogram, include/pgo/core.h), copied into the oracle at
 * construction and queried by the call's IL offset.
 *
 * Per site, with named counts c_1..c_n and tail t (calls to targets the
 * histogram does not name, e.g. folded by the store's capacity):
 *     total = t + sum_k c_k,   share_k = c_k / total,
 * targets sorted by count descending, then name ascending (strcmp), so ties
 * are deterministic whatever order the pfg kept.  A query for the top m
 * reports rest_share = 1 - sum_{k<=m} share_k (the tail plus the targets cut),
 * computed as (total - sum_{k<=m} c_k) / total and clamped at 0 against
 * rounding.  A site with total 0 answers shares of 0 and rest_share 0: there
 * is nothing to predict from, and no division by zero.
 *
 * The histograms come from the pfg only (the oracle is the one door, the pfg
 * the one source).  Names are copied into one string pool per oracle.
 * Failures: out of memory (PGO_ERR_NOMEM) or a histogram that breaks the
 * pfg's own contract (non-finite or negative counts, a NULL name, two
 * histograms at one offset: PGO_ERR_CORRUPT).
 */
#include "oracle_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

void pgo__oracle_free_sites(pgo_oracle *o) {
  oracle_free(&o->alloc, o->sites, o->nsites, sizeof(oracle_site));
  oracle_free(&o->alloc, o->targets, o->ntargets, sizeof(oracle_target));
  oracle_free(&o->alloc, o->names, o->names_len, 1);
  o->sites = NULL;
  o->targets = NULL;
  o->names = NULL;
  o->nsites = o->ntargets = 0;
  o->names_len = 0;
}

static int target_cmp(const void *pa, const void *pb) {
  const oracle_target *a = pa, *b = pb;
  if (a->count != b->count)
    return a->count > b->count ? -1 : 1;
  return strcmp(a->name, b->name);
}

static bool finite_nonneg(double x) { return isfinite(x) && x >= 0.0; }

pgo_status pgo__oracle_copy_sites(pgo_oracle *o, const pgo_pfg *pfg,
                                  char *err, size_t errlen) {
  uint32_t ns = pgo_pfg_nhistograms(pfg);
  if (ns == 0)
    return PGO_OK;
  /* Pass 1: sizes and validation. */
  size_t ntargets = 0, names_len = 0;
  uint32_t prev = 0;
  for (uint32_t i = 0; i < ns; i++) {
    pgo_pfg_histogram h;
    if (pgo_pfg_histogram_at(pfg, i, &h) != PGO_OK) {
      if (err && errlen)
        snprintf(err, errlen, "histogram %u of %u unreadable: %s", i, ns,
                 pgo_pfg_errmsg(pfg));
      return PGO_ERR_CORRUPT;
    }
    if ((i > 0 && h.il_offset <= prev) || !finite_nonneg(h.other) ||
        (h.n > 0 && (h.targets == NULL || h.counts == NULL))) {
      if (err && errlen)
        snprintf(err, errlen, "histogram at IL offset %u: out of order or "
                 "bad tail", h.il_offset);
      return PGO_ERR_CORRUPT;
    }
    prev = h.il_offset;
    for (uint32_t k = 0; k < h.n; k++) {
      if (h.targets[k] == NULL || !finite_nonneg(h.counts[k])) {
        if (err && errlen)
          snprintf(err, errlen, "histogram at IL offset %u: target %u has "
                   "no name or a bad count", h.il_offset, k);
        return PGO_ERR_CORRUPT;
      }
      names_len += strlen(h.targets[k]) + 1;
    }
    ntargets += h.n;
  }
  if (ntargets > UINT32_MAX) {
    if (err && errlen)
      snprintf(err, errlen, "too many call targets (%zu)", ntargets);
    return PGO_ERR_RANGE;
  }
  o->sites = oracle_alloc(&o->alloc, ns, sizeof(oracle_site));
  o->targets = oracle_alloc(&o->alloc, ntargets, sizeof(oracle_target));
  o->names = oracle_alloc(&o->alloc, names_len, 1);
  o->nsites = ns;
  o->ntargets = (uint32_t)ntargets;
  o->names_len = names_len;
  if (!o->sites || !o->targets || !o->names) {
    pgo__oracle_free_sites(o);
    if (err && errlen)
      snprintf(err, errlen, "out of memory copying %u call sites", ns);
    return PGO_ERR_NOMEM;
  }
  /* Pass 2: copy, sort each site's targets. */
  uint32_t t = 0;
  size_t at = 0;
  for (uint32_t i = 0; i < ns; i++) {
    pgo_pfg_histogram h;
    (void)pgo_pfg_histogram_at(pfg, i, &h);
    oracle_site *s = &o->sites[i];
    s->il_offset = h.il_offset;
    s->first = t;
    s->n = h.n;
    s->prov = (uint8_t)h.prov;
    s->tail = h.other;
    double total = h.other;
    for (uint32_t k = 0; k < h.n; k++) {
      size_t len = strlen(h.targets[k]) + 1;
      memcpy(o->names + at, h.targets[k], len);
      o->targets[t + k].name = o->names + at;
      o->targets[t + k].count = h.counts[k];
      total += h.counts[k];
      at += len;
    }
    s->total = total;
    if (h.n > 1)
      qsort(o->targets + t, h.n, sizeof(oracle_target), target_cmp);
    t += h.n;
  }
  return PGO_OK;
}

PGO_API uint32_t pgo_oracle_nsites(const pgo_oracle *o) {
  return o ? o->nsites : 0;
}

PGO_API uint32_t pgo_oracle_site_offset(const pgo_oracle *o, uint32_t i) {
  return o && i < o->nsites ? o->sites[i].il_offset : PGO_NONE;
}

static const oracle_site *find_site(const pgo_oracle *o, uint32_t off) {
  uint32_t lo = 0, hi = o->nsites;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (o->sites[mid].il_offset < off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < o->nsites && o->sites[lo].il_offset == off ? &o->sites[lo]
                                                         : NULL;
}

PGO_API pgo_status pgo_oracle_call_targets(const pgo_oracle *o,
                                           uint32_t il_offset, uint32_t max,
                                           pgo_oracle_target *out,
                                           uint32_t *nout,
                                           pgo_oracle_site *site) {
  if (nout != NULL)
    *nout = 0;
  if (site != NULL)
    memset(site, 0, sizeof *site);
  if (o == NULL || nout == NULL || (max > 0 && out == NULL))
    return PGO_ERR_INVALID;
  const oracle_site *s = find_site(o, il_offset);
  if (s == NULL)
    return PGO_ERR_NOT_FOUND;
  uint32_t m = max < s->n ? max : s->n;
  double taken = 0.0;
  for (uint32_t k = 0; k < m; k++) {
    const oracle_target *t = &o->targets[s->first + k];
    out[k].name = t->name;
    out[k].count = t->count;
    out[k].share = s->total > 0.0 ? t->count / s->total : 0.0;
    taken += t->count;
  }
  *nout = m;
  if (site != NULL) {
    site->il_offset = s->il_offset;
    site->total = s->total;
    site->tail = s->tail;
    site->ntargets = s->n;
    site->prov = (pgo_provenance)s->prov;
    double rest = s->total > 0.0 ? (s->total - taken) / s->total : 0.0;
    site->rest_share = rest > 0.0 ? rest : 0.0;
  }
  return PGO_OK;
}
