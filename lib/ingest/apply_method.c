/*
 * apply_method.c -- finding a method's record by key, and the whole
 * records -> pfg pipeline for one method: lookup -> apply -> synthesized
 * prior -> blend -> repair (include/pgo/ingest.h; docs/ingest.md).
 *
 * Lookup: the exact key by the profile's hash index (pgo_profile_find);
 * otherwise the versions of the name, found by binary search over the
 * finished profile's methods (sorted by name, hash, il_size): the first of
 * them is the "other version" a key mismatch reports.  In a store:
 * pgo_store_lookup, then pgo_store_iter over the name.
 *
 * The pipeline's entry count: the measured one (MATCHED, ZERO,
 * STALE_MATCHED); for ABSENT and MISMATCH there is none, and the counts
 * are synthesis' per-invocation frequencies (synth options' entry_count).
 * Each step is all-or-nothing on PGO_ERR_NOMEM; the pipeline stops at the
 * first failing step.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "apply_int.h"

/* Index of the first method named `name` in finished p, or n if none. */
static size_t first_of_name(const pgo_profile *p, const char *name) {
  size_t lo = 0, hi = pgo_profile_nmethods(p);
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(pgo_profile_method(p, mid)->key.name, name) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

pgo_status pgo_ingest_lookup(const pgo_profile *p, const pgo_method_key *key,
                             const pgo_method_profile **out,
                             uint32_t *nversions) {
  if (out)
    *out = NULL;
  if (nversions)
    *nversions = 0;
  if (!p || !key || !key->name || !out)
    return PGO_ERR_INVALID;
  const pgo_method_profile *exact =
      pgo_profile_find(p, key->name, key->hash, key->il_size);
  size_t n = pgo_profile_nmethods(p), i = first_of_name(p, key->name);
  uint32_t versions = 0;
  const pgo_method_profile *first = NULL;
  for (; i < n && !strcmp(pgo_profile_method(p, i)->key.name, key->name);
       i++) {
    if (!first)
      first = pgo_profile_method(p, i);
    versions++;
  }
  if (exact && !versions)
    versions = 1; /* an unfinished profile: the search cannot see it */
  *out = exact ? exact : first;
  if (nversions)
    *nversions = versions;
  return PGO_OK;
}

/* Everything after the lookup. */
pgo_status pgo_ingest_method(pgo_ingest *ig, pgo_cfg *cfg,
                             const pgo_method_profile *m,
                             const pgo_ingest_options *o, pgo_pfg *pfg,
                             pgo_ingest_result *res) {
  if (!ig)
    return PGO_ERR_INVALID;
  pgo_ingest_result r;
  pgo__ingest_res_load(res, &r);
  pgo_status st = pgo_ingest_apply(ig, cfg, m, o, pfg, &r);
  if (st)
    return st;
  pgo_ingest_options opt;
  pgo__ingest_opts(ig, o, &opt); /* validated by apply */
  pgo_pfg *prior = NULL;
  if ((st = pgo_pfg_new(&ig->alloc, cfg, &prior)))
    return pgo__ingest_fail(ig, st, "ingest: method %s: prior: %s",
                            pgo_cfg_key(cfg).name, pgo_status_text(st));
  st = pgo_synth_probabilities(ig->synth, cfg, opt.synth, prior);
  if (st) {
    pgo__ingest_fail(ig, st, "ingest: method %s: synthesis: %s",
                     pgo_cfg_key(cfg).name, pgo_synth_errmsg(ig->synth));
    goto out;
  }
  if ((st = pgo_ingest_blend(ig, prior, o, pfg, &r)))
    goto out;
  double entry;
  if (r.match == PGO_INGEST_MATCHED || r.match == PGO_INGEST_ZERO ||
      r.match == PGO_INGEST_STALE_MATCHED)
    entry = (double)r.entry_count;
  else
    entry = opt.synth ? opt.synth->entry_count : 1;
  st = pgo_ingest_repair(ig, cfg, entry, o, pfg, &r);
  if (st == PGO_OK || st == PGO_ERR_NOT_CONVERGED)
    pgo__ingest_res_store(&r, res);
out:
  pgo_pfg_free(prior);
  return st;
}

pgo_status pgo_ingest_method_profile(pgo_ingest *ig, pgo_cfg *cfg,
                                     const pgo_profile *p,
                                     const pgo_ingest_options *o,
                                     pgo_pfg *pfg, pgo_ingest_result *res) {
  if (!ig)
    return PGO_ERR_INVALID;
  ig->msg[0] = '\0';
  if (!cfg || !p)
    return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                            "pgo_ingest_method_profile: NULL %s",
                            !cfg ? "graph" : "profile");
  pgo_method_key key = pgo_cfg_key(cfg);
  if (!key.name)
    return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                            "pgo_ingest_method_profile: the graph has no "
                            "key (pgo_cfg_set_key)");
  const pgo_method_profile *m;
  uint32_t versions;
  pgo_ingest_lookup(p, &key, &m, &versions);
  pgo_ingest_result r;
  pgo__ingest_res_load(res, &r);
  pgo_status st = pgo_ingest_method(ig, cfg, m, o, pfg, &r);
  r.versions = versions;
  if (st == PGO_OK || st == PGO_ERR_NOT_CONVERGED)
    pgo__ingest_res_store(&r, res);
  return st;
}

pgo_status pgo_ingest_method_store(pgo_ingest *ig, pgo_cfg *cfg, pgo_store *s,
                                   const pgo_ingest_options *o, pgo_pfg *pfg,
                                   pgo_ingest_result *res) {
  if (!ig)
    return PGO_ERR_INVALID;
  ig->msg[0] = '\0';
  if (!cfg || !s)
    return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                            "pgo_ingest_method_store: NULL %s",
                            !cfg ? "graph" : "store");
  pgo_method_key key = pgo_cfg_key(cfg);
  if (!key.name)
    return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                            "pgo_ingest_method_store: the graph has no key "
                            "(pgo_cfg_set_key)");
  pgo_ingest_result r;
  pgo__ingest_res_load(res, &r);
  const pgo_method_profile *m = NULL;
  pgo_status st = pgo_store_lookup(s, key.name, key.hash, key.il_size, &m);
  if (st == PGO_OK) {
    st = pgo_ingest_method(ig, cfg, m, o, pfg, &r);
  } else if (st == PGO_ERR_NOT_FOUND) {
    pgo_store_iter *it = NULL;
    if ((st = pgo_store_iter_new(s, key.name, &it)))
      return pgo__ingest_fail(ig, st, "ingest: store %s: %s",
                              pgo_store_path(s), pgo_store_errmsg(s));
    const pgo_method_profile *v, *first = NULL;
    uint32_t versions = 0;
    /* count the versions; the first is used while an iterator holds it */
    while (!(st = pgo_store_iter_next(it, &v)) && v)
      if (!versions++)
        first = v;
    if (st) {
      pgo__ingest_fail(ig, st, "ingest: store %s: %s", pgo_store_path(s),
                       pgo_store_errmsg(s));
      pgo_store_iter_free(it);
      return st;
    }
    if (versions >= 1) {
      /* the scan went past the first record: read it again */
      pgo_store_iter_free(it);
      it = NULL;
      if ((st = pgo_store_iter_new(s, key.name, &it)) ||
          (st = pgo_store_iter_next(it, &first))) {
        pgo__ingest_fail(ig, st, "ingest: store %s: %s", pgo_store_path(s),
                         pgo_store_errmsg(s));
        pgo_store_iter_free(it);
        return st;
      }
    }
    st = pgo_ingest_method(ig, cfg, first, o, pfg, &r);
    r.versions = versions;
    pgo_store_iter_free(it);
  } else {
    return pgo__ingest_fail(ig, st, "ingest: store %s: %s",
                            pgo_store_path(s), pgo_store_errmsg(s));
  }
  if (st == PGO_OK || st == PGO_ERR_NOT_CONVERGED)
    pgo__ingest_res_store(&r, res);
  return st;
}
