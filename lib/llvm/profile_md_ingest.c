/*
 * profile_md_ingest.c -- the minimal glue from a method's stored records
 * to its pgo_pfg for pgo_llvm_compile, written against public APIs only
 * (pgo/store.h, pgo/core.h, pgo/synth.h) until lib/ingest's pgo_ingest_*
 * lands and replaces it (docs/pgo-jit.md "compile").
 *
 * Input: a method whose key (name, hash, il_size) equals the graph's, and
 * a pfg that synthesis has filled.  Then:
 *   1. block counts: each block's record by IL offset (docs/keys.md: a
 *      block's key is the offset of its first instruction); a block without
 *      a record counts 0 (sparse profiles drop zeros); provenance
 *      INSTRUMENTED.  The entry record, when present, is the entry count.
 *   2. edge probabilities of a block with measured outflow T = sum_k E_k
 *      > 0: a Dirichlet blend with synthesis as the prior,
 *          p_k = (E_k + A s_k) / (T + A),    A = 2 pseudo-executions,
 *      where s_k is the synthesized probability: a block that ran a million
 *      times keeps its measured ratios to within 2e-6, one that ran once
 *      gets a third from measurement, and no probability is exactly 0 or
 *      1 (s_k > 0 by synthesis's floor), unlike a fixed 0.95/0.05 mix,
 *      which ignores how much evidence there is.  Provenance BLENDED.
 *      Blocks that never left along an edge keep synthesis.
 *   3. the measured edge counts are kept as measured (pgo_pfg_set_edge_measured);
 *   4. value histograms by call offset (INSTRUMENTED);
 *   5. repair: when the counts do not balance (Kirchhoff residual above
 *      1e-6 of a block's count, e.g. a profile merged from other versions),
 *      block counts are recomputed from the blended probabilities with the
 *      synthesis solver scaled to the measured entry count (provenance
 *      REPAIRED).
 * A record whose offset names no block is ignored (the key matched, so it
 * cannot happen with pgo's own records).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "llvm_int.h"

#define BLEND_PRIOR 2.0

static uint32_t block_at(const pgo_cfg *g, uint32_t off) {
  uint32_t lo = 0, hi = pgo_cfg_nblocks(g);
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2, o = pgo_cfg_il_offset(g, mid);
    if (o == off)
      return mid;
    if (o < off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return PGO_NONE;
}

static void *zalloc(const pgo_allocator *a, size_t n, size_t size) {
  void *p = pgo_llvm__alloc(a, n * size);
  if (p)
    memset(p, 0, n * size > 0 ? n * size : 1);
  return p;
}

pgo_status pgo_llvm__profile_to_pfg(const pgo_allocator *a,
                                    const pgo_method_profile *mp, pgo_cfg *g,
                                    pgo_pfg *pfg, pgo_synth *s,
                                    const pgo_synth_options *so) {
  uint32_t nb = pgo_cfg_nblocks(g), ne = pgo_cfg_nedges(g);
  size_t nec = ne ? ne : 1, nbc = nb ? nb : 1;
  double *ec = zalloc(a, nec, sizeof *ec);
  double *bc = zalloc(a, nbc, sizeof *bc);
  if (!ec || !bc) {
    pgo_llvm__free(a, ec, nec * sizeof *ec);
    pgo_llvm__free(a, bc, nbc * sizeof *bc);
    return PGO_ERR_NOMEM;
  }
  pgo_status st = PGO_OK;
  for (uint32_t i = 0; i < mp->nblocks; i++) {
    uint32_t b = block_at(g, mp->blocks[i].offset);
    if (b != PGO_NONE)
      bc[b] = (double)mp->blocks[i].count;
  }
  uint32_t entry = pgo_cfg_entry(g);
  if (mp->has_entry && entry != PGO_NONE)
    bc[entry] = (double)mp->entry;
  for (uint32_t i = 0; i < mp->nedges; i++) {
    uint32_t b = block_at(g, mp->edges[i].offset);
    if (b == PGO_NONE || mp->edges[i].succ >= pgo_cfg_nsucc(g, b))
      continue;
    ec[pgo_cfg_succ_begin(g, b) + mp->edges[i].succ] +=
        (double)mp->edges[i].count;
  }
  /* A single-successor block without an edge record passes its count on
   * (writers may leave such derived edges out). */
  for (uint32_t b = 0; b < nb; b++) {
    uint32_t e0 = pgo_cfg_succ_begin(g, b);
    if (pgo_cfg_nsucc(g, b) == 1 && ec[e0] == 0) {
      bool rec = false;
      for (uint32_t i = 0; i < mp->nedges && !rec; i++)
        rec = mp->edges[i].offset == pgo_cfg_il_offset(g, b);
      if (!rec)
        ec[e0] = bc[b];
    }
  }
  /* Kirchhoff residual of the measured values (before blending). */
  double worst = 0;
  for (uint32_t b = 0; b < nb; b++) {
    if (b == entry)
      continue;
    double in = 0;
    const uint32_t *pe = pgo_cfg_preds(g, b);
    for (uint32_t k = 0; pe && k < pgo_cfg_npred(g, b); k++)
      in += ec[pe[k]];
    double r = fabs(in - bc[b]) / (bc[b] > 1 ? bc[b] : 1);
    if (r > worst)
      worst = r;
  }
  for (uint32_t b = 0; st == PGO_OK && b < nb; b++) {
    st = pgo_pfg_set_block_count(pfg, b, bc[b], PGO_PROV_INSTRUMENTED);
    uint32_t n = pgo_cfg_nsucc(g, b), e0 = pgo_cfg_succ_begin(g, b);
    double t = 0;
    for (uint32_t k = 0; k < n; k++)
      t += ec[e0 + k];
    if (!(t > 0))
      continue;
    double sum = 0;
    for (uint32_t k = 0; k < n; k++)
      sum += pgo_pfg_edge_prob(pfg, e0 + k);
    for (uint32_t k = 0; st == PGO_OK && k < n; k++) {
      double sk = sum > 0 ? pgo_pfg_edge_prob(pfg, e0 + k) / sum : 1.0 / n;
      double p = (ec[e0 + k] + BLEND_PRIOR * sk) / (t + BLEND_PRIOR);
      st = pgo_pfg_set_edge_prob(pfg, e0 + k, p > 1 ? 1 : p,
                                 n == 1 ? PGO_PROV_INSTRUMENTED
                                        : PGO_PROV_BLENDED);
      if (st == PGO_OK)
        st = pgo_pfg_set_edge_measured(pfg, e0 + k, ec[e0 + k],
                                       PGO_PROV_INSTRUMENTED);
    }
  }
  for (uint32_t i = 0; st == PGO_OK && i < mp->nsites; i++) {
    const pgo_value_site *vs = &mp->sites[i];
    size_t np = vs->npairs ? vs->npairs : 1;
    const char **names = zalloc(a, np, sizeof *names);
    double *cnt = zalloc(a, np, sizeof *cnt);
    if (!names || !cnt) {
      st = PGO_ERR_NOMEM;
    } else {
      for (uint32_t k = 0; k < vs->npairs; k++) {
        names[k] = vs->pairs[k].value;
        cnt[k] = (double)vs->pairs[k].count;
      }
      st = pgo_pfg_set_histogram(pfg, vs->offset,
                                 (const char *const *)names, cnt, vs->npairs,
                                 (double)vs->tail, PGO_PROV_INSTRUMENTED);
    }
    pgo_llvm__free(a, (void *)names, np * sizeof *names);
    pgo_llvm__free(a, cnt, np * sizeof *cnt);
  }
  pgo_llvm__free(a, ec, nec * sizeof *ec);
  pgo_llvm__free(a, bc, nbc * sizeof *bc);
  if (st != PGO_OK)
    return st;
  if (worst > 1e-6 && entry != PGO_NONE) {
    pgo_synth_options ro = *so;
    ro.cp_cap = 1.0 - 1e-9; /* measured loops may iterate far more than
                               synthesis's default cap assumes */
    ro.entry_count = pgo_pfg_block_count(pfg, entry);
    ro.count_prov = PGO_PROV_REPAIRED;
    st = pgo_synth_frequencies(s, g, &ro, pfg);
    if (st == PGO_ERR_NOT_CONVERGED)
      st = PGO_OK; /* counts written, finite; the solver's report says */
  }
  return st;
}
