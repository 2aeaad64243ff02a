/*
 * apply.c -- a method's store records laid onto a pgo_pfg of the current
 * graph (include/pgo/ingest.h, "records -> pfg"; docs/ingest.md).
 *
 * Keys (docs/keys.md): block record -> pgo_cfg_block_at(offset); edge
 * record -> pgo_cfg_edge_at(block_at(offset), succ); value site ->
 * pgo_cfg_block_containing(offset).  A record whose key names nothing in
 * the graph is counted, the first of its kind named, and never applied.
 * The record arrays may be in any order and hold duplicate keys (a
 * writer's pgo_method_profile): duplicates add up, as the store's writers
 * do.
 *
 * Consistency (Kirchhoff, as `pgo-show check --ir` reports it): for each
 * live block b with measured count N_b,
 *   out_b = sum_j n_bj over b's successors (when it has any),
 *   in_b  = sum of its predecessors' n_ib (+ the entry record at the
 *           entry; the entry's inflow is unchecked without one),
 *   r_b   = max(|in_b - N_b|, |out_b - N_b|) / max(N_b, 1),
 * summed in long double from the 64-bit records (exact below 2^64).
 *
 * Writes happen only after everything that can fail has been allocated:
 * on PGO_ERR_NOMEM the pfg is as it was (histograms are set first and
 * removed again if a later one fails).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "apply_int.h"

/* Scratch of one apply: measured counts per block and edge. */
typedef struct apply_scratch {
  uint32_t nb, ne;
  long double *bc; /* nb: block counts (records added up) */
  long double *ec; /* ne: edge counts */
  uint8_t *bhave;  /* nb: 1 the block is the block_at of its own offset,
                      2 its count is derived (map_keyless) */
  uint8_t *ehave;  /* ne: 1 an edge record landed here, 2 derived */
} apply_scratch;

static void scratch_free(pgo_ingest *ig, apply_scratch *s) {
  pgo__ingest_dealloc(ig, s->bc, s->nb, sizeof *s->bc);
  pgo__ingest_dealloc(ig, s->ec, s->ne, sizeof *s->ec);
  pgo__ingest_dealloc(ig, s->bhave, s->nb, 1);
  pgo__ingest_dealloc(ig, s->ehave, s->ne, 1);
}

static bool scratch_alloc(pgo_ingest *ig, apply_scratch *s, uint32_t nb,
                          uint32_t ne) {
  memset(s, 0, sizeof *s);
  s->nb = nb;
  s->ne = ne;
  s->bc = pgo__ingest_calloc(ig, nb, sizeof *s->bc);
  s->ec = pgo__ingest_calloc(ig, ne, sizeof *s->ec);
  s->bhave = pgo__ingest_calloc(ig, nb, 1);
  s->ehave = pgo__ingest_calloc(ig, ne, 1);
  if (s->bc && s->ec && s->bhave && s->ehave)
    return true;
  scratch_free(ig, s);
  return false;
}

/* --- mapping --------------------------------------------------------- */

static void map_blocks(const pgo_cfg *g, const pgo_method_profile *m,
                       apply_scratch *s, pgo_ingest_result *r) {
  for (uint32_t b = 0; b < s->nb; b++) {
    uint32_t off = pgo_cfg_il_offset(g, b);
    s->bhave[b] = off != PGO_NONE && !pgo_cfg_block_removed(g, b) &&
                  pgo_cfg_block_at(g, off) == b;
  }
  for (uint32_t i = 0; i < m->nblocks; i++) {
    uint32_t b = pgo_cfg_block_at(g, m->blocks[i].offset);
    if (b == PGO_NONE || b >= s->nb || !s->bhave[b]) {
      if (!r->bad_blocks++)
        r->bad_block_offset = m->blocks[i].offset;
      continue;
    }
    s->bc[b] += (long double)m->blocks[i].count;
  }
}

static void map_edges(const pgo_cfg *g, const pgo_method_profile *m,
                      apply_scratch *s, pgo_ingest_result *r) {
  for (uint32_t i = 0; i < m->nedges; i++) {
    uint32_t b = pgo_cfg_block_at(g, m->edges[i].offset);
    uint32_t e = b == PGO_NONE || b >= s->nb || !s->bhave[b]
                     ? PGO_NONE
                     : pgo_cfg_edge_at(g, b, m->edges[i].succ);
    if (e == PGO_NONE || e >= s->ne) {
      if (!r->bad_edges++) {
        r->bad_edge_offset = m->edges[i].offset;
        r->bad_edge_succ = m->edges[i].succ;
      }
      continue;
    }
    s->ec[e] += (long double)m->edges[i].count;
    s->ehave[e] = 1;
  }
}

/* Blocks made by graph edits have no IL offset, so no record names them.
 * One with a single predecessor edge of known count and a single successor
 * (a split edge's block) passes that count on: flow conservation forces
 * its count and its out-edge's, as pgo_pfg does when it splits an edge
 * after the counts are in.  Marked 2 in bhave / ehave (derived, not
 * records).  Chains resolve in at most one pass per link. */
static void map_keyless(const pgo_cfg *g, apply_scratch *s) {
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t b = 0; b < s->nb; b++) {
      if (s->bhave[b] || pgo_cfg_il_offset(g, b) != PGO_NONE ||
          pgo_cfg_block_removed(g, b) || pgo_cfg_npred(g, b) != 1 ||
          pgo_cfg_nsucc(g, b) != 1 || b == pgo_cfg_entry(g))
        continue;
      uint32_t in = pgo_cfg_preds(g, b)[0], out = pgo_cfg_succ_begin(g, b);
      if (!s->ehave[in])
        continue; /* no record of the inflow (a missing record is 0) */
      long double c = s->ec[in];
      s->bc[b] = c;
      s->bhave[b] = 2;
      if (!s->ehave[out]) {
        s->ec[out] = c;
        s->ehave[out] = 2;
      }
      changed = true;
    }
  }
}

/* The residual check of the measured counts (header comment). */
static double resid(long double flow, long double n) {
  return (double)(fabsl(flow - n) / (n > 1 ? n : 1));
}

static void check_flow(const pgo_cfg *g, const pgo_method_profile *m,
                       const apply_scratch *s, double tol,
                       pgo_ingest_result *r) {
  uint32_t entry = pgo_cfg_entry(g);
  r->residual = 0;
  r->worst_block = PGO_NONE;
  r->blocks_over = 0;
  for (uint32_t b = 0; b < s->nb; b++) {
    if (pgo_cfg_block_removed(g, b))
      continue;
    long double n = s->bc[b];
    double rb = 0;
    uint32_t ns = pgo_cfg_nsucc(g, b), e0 = pgo_cfg_succ_begin(g, b);
    if (ns > 0) {
      long double out = 0;
      for (uint32_t k = 0; k < ns; k++)
        out += s->ec[e0 + k];
      rb = resid(out, n);
    }
    if (b != entry || m->has_entry) {
      long double in = b == entry ? (long double)m->entry : 0;
      const uint32_t *pe = pgo_cfg_preds(g, b);
      for (uint32_t k = 0; k < pgo_cfg_npred(g, b); k++)
        in += s->ec[pe[k]];
      double ri = resid(in, n);
      if (ri > rb)
        rb = ri;
    }
    if (rb > tol)
      r->blocks_over++;
    if (rb > r->residual) {
      r->residual = rb;
      r->worst_block = b;
    }
  }
  r->inconsistent = r->residual > tol;
}

/* --- writing --------------------------------------------------------- */

/* Histograms of the sites that fit; on failure the ones set here are
 * removed again.  Scratch for names and counts sized to the largest site. */
static pgo_status write_sites(pgo_ingest *ig, const pgo_cfg *g,
                              const pgo_method_profile *m, pgo_provenance prov,
                              pgo_pfg *pfg, pgo_ingest_result *r) {
  uint32_t most = 0;
  for (uint32_t i = 0; i < m->nsites; i++)
    if (m->sites[i].npairs > most)
      most = m->sites[i].npairs;
  const char **names = pgo__ingest_alloc(ig, most, sizeof *names);
  double *counts = pgo__ingest_alloc(ig, most, sizeof *counts);
  uint32_t *done = pgo__ingest_alloc(ig, m->nsites, sizeof *done);
  pgo_status st = PGO_OK;
  uint32_t ndone = 0;
  if (!names || !counts || !done) {
    st = pgo__ingest_fail(ig, PGO_ERR_NOMEM, "ingest: out of memory");
    goto out;
  }
  for (uint32_t i = 0; i < m->nsites; i++) {
    const pgo_value_site *v = &m->sites[i];
    if (pgo_cfg_block_containing(g, v->offset) == PGO_NONE) {
      if (!r->bad_sites++)
        r->bad_site_offset = v->offset;
      continue;
    }
    for (uint32_t k = 0; k < v->npairs; k++) {
      names[k] = v->pairs[k].value;
      counts[k] = (double)v->pairs[k].count;
    }
    st = pgo_pfg_set_histogram(pfg, v->offset, names, counts, v->npairs,
                               (double)v->tail, prov);
    if (st) {
      pgo__ingest_fail(ig, st, "ingest: value site at IL offset %" PRIu32
                       ": %s", v->offset, pgo_pfg_errmsg(pfg));
      for (uint32_t k = 0; k < ndone; k++)
        pgo_pfg_remove_histogram(pfg, done[k]);
      goto out;
    }
    done[ndone++] = v->offset;
    r->sites_applied++;
  }
out:
  pgo__ingest_dealloc(ig, names, most, sizeof *names);
  pgo__ingest_dealloc(ig, counts, most, sizeof *counts);
  pgo__ingest_dealloc(ig, done, m->nsites, sizeof *done);
  return st;
}

/* Block counts, measured edge counts and the measured splits.  The values
 * are valid (finite, >= 0, probabilities in [0, 1]) and the pfg is synced,
 * so no setter fails here. */
static void write_counts(const pgo_cfg *g, const apply_scratch *s,
                         pgo_provenance prov, pgo_pfg *pfg,
                         pgo_ingest_result *r) {
  for (uint32_t b = 0; b < s->nb; b++) {
    if (!s->bhave[b])
      continue;
    pgo_pfg_set_block_count(pfg, b, (double)s->bc[b], prov);
    pgo_pfg_set_block_held(pfg, b, true);
    r->blocks_applied += s->bhave[b] == 1;
    uint32_t ns = pgo_cfg_nsucc(g, b), e0 = pgo_cfg_succ_begin(g, b);
    long double out = 0;
    for (uint32_t k = 0; k < ns; k++) {
      uint32_t e = e0 + k;
      out += s->ec[e];
      if (s->ehave[e]) {
        pgo_pfg_set_edge_measured(pfg, e, (double)s->ec[e], prov);
        r->edges_applied += s->ehave[e] == 1;
      }
    }
    if (out > 0)
      for (uint32_t k = 0; k < ns; k++) {
        double p = (double)(s->ec[e0 + k] / out);
        pgo_pfg_set_edge_prob(pfg, e0 + k, p > 1 ? 1 : p, prov);
        pgo_pfg_set_edge_held(pfg, e0 + k, true);
      }
  }
}

/* --- the entry point ------------------------------------------------- */

static void key_message(pgo_ingest_result *r, const char *name,
                        const char *what) {
  snprintf(r->message, sizeof r->message,
           "method %s: %s: profile hash 0x%016" PRIx64 " il_size %" PRIu32
           ", graph hash 0x%016" PRIx64 " il_size %" PRIu32, name, what,
           r->profile_hash, r->profile_il_size, r->graph_hash,
           r->graph_il_size);
}

/* The key mismatch: report, then the stale matcher if any. */
static pgo_status apply_mismatch(pgo_ingest *ig, const pgo_cfg *cfg,
                                 const pgo_method_profile *m,
                                 const pgo_ingest_options *o, pgo_pfg *pfg,
                                 pgo_ingest_result *r) {
  r->match = PGO_INGEST_MISMATCH;
  key_message(r, m->key.name, "key mismatch (counts not used; synthesis)");
  if (!o->stale)
    return PGO_OK;
  double entry = 0;
  bool used = false;
  pgo_status st = o->stale(o->stale_ud, cfg, m, pfg, &entry, &used);
  if (st)
    return pgo__ingest_fail(ig, st, "ingest: method %s: stale matcher "
                            "failed (%s)", m->key.name, pgo_status_name(st));
  if (used) {
    r->match = PGO_INGEST_STALE_MATCHED;
    r->entry_count = entry >= 0 && entry < 1.8e19 ? (uint64_t)(entry + 0.5)
                                                  : 0;
    key_message(r, m->key.name, "key mismatch, matched by the stale matcher");
  }
  return PGO_OK;
}

static pgo_status apply_exact(pgo_ingest *ig, const pgo_cfg *cfg,
                              const pgo_method_profile *m,
                              const pgo_ingest_options *o, pgo_pfg *pfg,
                              pgo_ingest_result *r) {
  apply_scratch s;
  if (!scratch_alloc(ig, &s, pgo_cfg_nblocks(cfg), pgo_cfg_nedges(cfg)))
    return pgo__ingest_fail(ig, PGO_ERR_NOMEM, "ingest: out of memory");
  map_blocks(cfg, m, &s, r);
  map_edges(cfg, m, &s, r);
  map_keyless(cfg, &s);
  r->ignored_annotations = m->nannots;
  r->ignored_samples = m->nsamples;
  uint32_t entry = pgo_cfg_entry(cfg);
  r->has_entry = m->has_entry;
  if (m->has_entry)
    r->entry_count = m->entry;
  else if (entry < s.nb && s.bc[entry] < 1.8446744073709551615e19L)
    r->entry_count = (uint64_t)s.bc[entry];
  else
    r->entry_count = UINT64_MAX;
  r->match = r->entry_count ? PGO_INGEST_MATCHED : PGO_INGEST_ZERO;
  check_flow(cfg, m, &s, o->tolerance, r);
  pgo_status st = write_sites(ig, cfg, m, o->prov, pfg, r);
  if (!st)
    write_counts(cfg, &s, o->prov, pfg, r);
  scratch_free(ig, &s);
  if (st)
    return st;
  /* one line for what deserves one */
  char *msg = r->message;
  size_t len = sizeof r->message;
  int n = snprintf(msg, len, "method %s:", m->key.name);
  size_t at = n > 0 && (size_t)n < len ? (size_t)n : 0, start = at;
#define MSG(...)                                                              \
  do {                                                                        \
    if (at < len) {                                                           \
      int k_ = snprintf(msg + at, len - at, __VA_ARGS__);                     \
      at = k_ > 0 ? at + (size_t)k_ : at;                                     \
    }                                                                         \
  } while (0)
  if (r->match == PGO_INGEST_ZERO)
    MSG(" entry count 0 (cold by evidence);");
  if (r->bad_blocks)
    MSG(" %" PRIu32 " block records off the graph (first at IL offset %"
        PRIu32 ");", r->bad_blocks, r->bad_block_offset);
  if (r->bad_edges)
    MSG(" %" PRIu32 " edge records off the graph (first (%" PRIu32 ", %"
        PRIu32 "));", r->bad_edges, r->bad_edge_offset, r->bad_edge_succ);
  if (r->bad_sites)
    MSG(" %" PRIu32 " value sites off the graph (first at IL offset %"
        PRIu32 ");", r->bad_sites, r->bad_site_offset);
  if (r->inconsistent)
    MSG(" inconsistent: residual %.6g at block %" PRIu32 ";", r->residual,
        r->worst_block);
#undef MSG
  if (at == start)
    msg[0] = '\0';
  else if (at < len && at > 0 && msg[at - 1] == ';')
    msg[at - 1] = '\0';
  return PGO_OK;
}

pgo_status pgo_ingest_apply(pgo_ingest *ig, const pgo_cfg *cfg,
                            const pgo_method_profile *m,
                            const pgo_ingest_options *o, pgo_pfg *pfg,
                            pgo_ingest_result *res) {
  if (!ig)
    return PGO_ERR_INVALID;
  ig->msg[0] = '\0';
  pgo_status st = pgo__ingest_check_graph(ig, "pgo_ingest_apply", cfg, pfg);
  if (st)
    return st;
  pgo_ingest_options opt;
  if ((st = pgo__ingest_opts(ig, o, &opt)))
    return st;
  pgo_method_key key = pgo_cfg_key(cfg);
  if (!key.name)
    return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                            "pgo_ingest_apply: the graph has no key "
                            "(pgo_cfg_set_key)");
  if (m && (!m->key.name || strcmp(m->key.name, key.name)))
    return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                            "pgo_ingest_apply: the record is of method %s, "
                            "the graph of %s",
                            m->key.name ? m->key.name : "(null)", key.name);
  if ((st = pgo_pfg_sync(pfg)))
    return pgo__ingest_fail(ig, st, "ingest: %s", pgo_pfg_errmsg(pfg));
  pgo_ingest_result r;
  pgo__ingest_res_load(res, &r);
  /* a fresh report of the mapping; blend / repair fields are kept */
  pgo_ingest_result fresh;
  pgo_ingest_result_init(&fresh);
  memcpy(&r, &fresh, offsetof(pgo_ingest_result, edges_measured));
  memcpy(r.message, fresh.message, sizeof r.message);
  r.graph_hash = key.hash;
  r.graph_il_size = key.il_size;
  if (!m) {
    r.match = PGO_INGEST_ABSENT;
    snprintf(r.message, sizeof r.message,
             "method %s: absent from the profile (cold by evidence)",
             key.name);
  } else {
    r.profile_hash = m->key.hash;
    r.profile_il_size = m->key.il_size;
    r.versions = 1; /* the lookups that saw more say so afterwards */
    if (m->key.hash != key.hash || m->key.il_size != key.il_size)
      st = apply_mismatch(ig, cfg, m, &opt, pfg, &r);
    else
      st = apply_exact(ig, cfg, m, &opt, pfg, &r);
  }
  if (!st)
    pgo__ingest_res_store(&r, res);
  return st;
}
