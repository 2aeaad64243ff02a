/*
 * blend.c -- measured successor probabilities blended with synthesis
 * (include/pgo/ingest.h, "Blending"; docs/ingest.md).
 *
 * For a block i with measured outflow N_i = sum_j n_ij (its edges'
 * measured counts; an edge without one counts 0) and the prior s_ij
 * (pgo_synth_probabilities), with k = prior_strength:
 *     x   = N_i / k,
 *     w_i = 1 / (1 + x (1 + x)^2)            (prior weight),
 *     p_ij = (1 - w_i) n_ij / N_i + w_i s_ij,
 * which is the posterior mean (n_ij + k_i s_ij) / (N_i + k_i) of a
 * Dirichlet prior centred on s with strength k_i = k / (1 + x)^2: k
 * pseudo-counts where the block never ran, fading as 1/N^2 so that the
 * measured split's bias is O((k/N)^3) instead of a fixed Dirichlet's
 * O(k/N) (loop trip counts 1/(1 - p) amplify it).  Then, for blocks with
 * n >= 2 successors, eps = min(min_prob, 0.5/n) and
 *     p'_ij = eps + (1 - n eps) p_ij,
 * an affine squash that keeps the sum 1, moves no value by more than
 * n eps, and leaves none at exactly 0 or 1.
 *
 * Provenance: the options' measured provenance where w_i <= measured_weight,
 * the prior's own where N_i = 0, BLENDED otherwise.  Nothing is allocated;
 * the pfg is synced first (the only step that can fail), so a failure
 * leaves it as it was.
 */
#include <math.h>
#include <string.h>

#include "apply_int.h"

/* The prior's weight at measured outflow N (header comment). */
static double prior_weight(double n, double k) {
  if (!(n > 0))
    return 1;
  double x = n / k;
  if (x > 1e100)
    return 0;
  return 1 / (1 + x * (1 + x) * (1 + x));
}

/* Counts one written probability into the result's tallies. */
static void tally(pgo_ingest_result *r, pgo_provenance p) {
  if (pgo__ingest_is_measured(p))
    r->edges_measured++;
  else if (p == PGO_PROV_BLENDED)
    r->edges_blended++;
  else
    r->edges_synthesized++;
}

/* One block.  Returns false when it kept its probabilities (held, no
 * measurement). */
static void blend_block(const pgo_cfg *g, uint32_t b, const pgo_pfg *prior,
                        const pgo_ingest_options *o, pgo_pfg *pfg,
                        pgo_ingest_result *r) {
  uint32_t ns = pgo_cfg_nsucc(g, b), e0 = pgo_cfg_succ_begin(g, b);
  if (ns == 0)
    return;
  double n_tot = 0;
  bool any_measured = false, any_held = false;
  for (uint32_t k = 0; k < ns; k++) {
    uint32_t e = e0 + k;
    if (pgo_pfg_edge_measured_prov(pfg, e) != PGO_PROV_NONE) {
      any_measured = true;
      double c = pgo_pfg_edge_measured(pfg, e);
      if (c > 0)
        n_tot += c;
    }
    if (pgo_pfg_edge_held(pfg, e))
      any_held = true;
  }
  if (!any_measured && any_held) {
    for (uint32_t k = 0; k < ns; k++)
      tally(r, pgo_pfg_edge_prov(pfg, e0 + k));
    return;
  }
  double w = prior_weight(n_tot, o->prior_strength);
  if (isinf(n_tot))
    w = 0; /* saturated sums: the split is still n_ij / N_i below */
  pgo_provenance prov = w <= o->measured_weight ? o->prov : PGO_PROV_BLENDED;
  if (ns == 1) {
    pgo_provenance p1 = n_tot > 0 ? o->prov : pgo_pfg_edge_prov(prior, e0);
    if (p1 == PGO_PROV_NONE)
      p1 = PGO_PROV_SYNTHESIZED;
    pgo_pfg_set_edge_prob(pfg, e0, 1, p1);
    tally(r, p1);
    return;
  }
  double eps = o->min_prob;
  if (eps > 0.5 / ns)
    eps = 0.5 / ns;
  double scale = 1 - ns * eps;
  for (uint32_t k = 0; k < ns; k++) {
    uint32_t e = e0 + k;
    double s = pgo_pfg_edge_prob(prior, e);
    if (!(s >= 0))
      s = 1.0 / ns;
    if (s > 1)
      s = 1;
    double p;
    pgo_provenance pk;
    if (n_tot > 0) {
      double c = pgo_pfg_edge_measured(pfg, e);
      double mfrac = c > 0 ? (isinf(n_tot) ? (isinf(c) ? 1 : 0) : c / n_tot)
                           : 0;
      p = (1 - w) * mfrac + w * s;
      pk = prov;
    } else {
      p = s;
      pk = pgo_pfg_edge_prov(prior, e);
      if (pk == PGO_PROV_NONE)
        pk = PGO_PROV_SYNTHESIZED;
    }
    p = eps + scale * p;
    if (p > 1)
      p = 1 - eps;
    pgo_pfg_set_edge_prob(pfg, e, p, pk);
    tally(r, pk);
  }
}

pgo_status pgo_ingest_blend(pgo_ingest *ig, const pgo_pfg *prior,
                            const pgo_ingest_options *o, pgo_pfg *pfg,
                            pgo_ingest_result *res) {
  if (!ig)
    return PGO_ERR_INVALID;
  ig->msg[0] = '\0';
  if (!prior || !pfg)
    return pgo__ingest_fail(ig, PGO_ERR_INVALID, "pgo_ingest_blend: NULL %s",
                            !prior ? "prior" : "pfg");
  const pgo_cfg *g = pgo_pfg_cfg(pfg);
  pgo_status st = pgo__ingest_check_graph(ig, "pgo_ingest_blend", g, prior);
  if (st)
    return st;
  pgo_ingest_options opt;
  if ((st = pgo__ingest_opts(ig, o, &opt)))
    return st;
  if ((st = pgo_pfg_sync(pfg)))
    return pgo__ingest_fail(ig, st, "ingest: %s", pgo_pfg_errmsg(pfg));
  /* prior is const: it must already be at the graph's generation */
  if (pgo_pfg_generation(prior) != pgo_cfg_generation(g))
    return pgo__ingest_fail(ig, PGO_ERR_STATE,
                            "pgo_ingest_blend: the prior is out of date "
                            "(pgo_pfg_sync it after editing the graph)");
  pgo_ingest_result r;
  pgo__ingest_res_load(res, &r);
  r.edges_measured = r.edges_blended = r.edges_synthesized = 0;
  uint32_t nb = pgo_cfg_nblocks(g);
  for (uint32_t b = 0; b < nb; b++)
    if (!pgo_cfg_block_removed(g, b))
      blend_block(g, b, prior, &opt, pfg, &r);
  pgo__ingest_res_store(&r, res);
  return PGO_OK;
}
