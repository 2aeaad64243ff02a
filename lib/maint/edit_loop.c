/*
 * edit_loop.c -- the operations on loops and recursion: loop rotation
 * (for -> guarded do-while), unrolling by k, tail recursion -> loop.
 *
 * Rotation: the guard is a copy of the header that takes the loop's entry
 * edges (duplicate-and-move, maint.c), so N_guard = entry flow F and the
 * header keeps the back-edge flow; under the Markov model (the guard's
 * probabilities are the header's) that is exact.  With a given zero-trip
 * probability z the guard exits with z, the loop is entered with F (1 - z)
 * instead of F p_stay, and every block of the loop -- linear in its entry
 * flow -- is scaled by (1 - z) / p_stay; the exit block still receives F
 * when the header's is the only exit edge (exact), else counts_exact is
 * false.
 *
 * Unrolling (docs/maint.md "Unrolling"): with cp = back-edge flow /
 * N_header, pass t of the loop happens with probability cp^t; copy j runs
 * passes t = j mod k, so it gets N_b cp^j (1 - cp) / (1 - cp^k).
 *
 * Tail recursion: absolute counts are unchanged (each block runs as often
 * as before); only the entry changes from all invocations to the external
 * ones, N_pre = I - N_site with I = N_entry minus what the entry's
 * predecessors bring (the invocations), hence the renormalisation of every
 * normalised count by I / N_pre.
 */
#include "maint_impl.h"

#include <math.h>

static pgo_status loop_of_header(pgo_maint *m, pgo_cfg *cfg, uint32_t header,
                                 const char *op, uint32_t *loop) {
  pgo_status s = pgo_cfg_analyze(cfg, PGO_ANALYSIS_ALL);
  if (s != PGO_OK)
    return pgo__maint_from_cfg(m, s, cfg, op);
  uint32_t l = pgo_cfg_block_loop(cfg, header);
  if (l == PGO_NONE || l == PGO_INVALID ||
      pgo_cfg_loop_header(cfg, l) != header)
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "%s: block %u is not a loop header", op, header);
  *loop = l;
  return PGO_OK;
}

/* --- rotation ----------------------------------------------------------- */

PGO_API pgo_status pgo_maint_rotate_loop(pgo_maint *m, pgo_cfg *cfg,
                                         pgo_pfg *pfg, uint32_t header,
                                         double zero_trip,
                                         pgo_maint_result *out) {
  const char *op = "rotate_loop";
  pgo_status s = pgo__maint_args(m, cfg, pfg, header, op);
  uint32_t l = PGO_NONE; /* set by loop_of_header on success (-O2 cannot see it) */
  if (s != PGO_OK || (s = loop_of_header(m, cfg, header, op, &l)) != PGO_OK)
    return s;
  if (!(zero_trip < 0 || zero_trip <= 1) || isnan(zero_trip))
    return pgo__maint_seterr(m, PGO_ERR_INVALID, "%s: zero-trip probability %g",
                             op, zero_trip);
  if (header == pgo_cfg_entry(cfg))
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "%s: header %u is the method entry (give the "
                             "loop a preheader first)",
                             op, header);
  if (pgo_cfg_term(cfg, header) != PGO_TERM_BRANCH ||
      pgo_cfg_nsucc(cfg, header) != 2)
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "%s: header %u is not a two-way branch", op,
                             header);
  uint32_t e0 = pgo_cfg_succ_begin(cfg, header);
  bool in0 = pgo_cfg_loop_contains(cfg, l, pgo_cfg_edge_dst(cfg, e0));
  bool in1 = pgo_cfg_loop_contains(cfg, l, pgo_cfg_edge_dst(cfg, e0 + 1));
  if (in0 == in1)
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "%s: header %u does not test the loop's exit", op,
                             header);
  uint32_t stay = in0 ? 0 : 1;
  uint32_t nb = pgo_cfg_nblocks(cfg), np = pgo_cfg_npred(cfg, header);
  uint32_t nexits;
  (void)pgo_cfg_loop_exits(cfg, l, &nexits);
  uint32_t *entries = maint_alloc(m, np, sizeof *entries);
  uint8_t *member = maint_alloc(m, nb, 1);
  if (!entries || !member) {
    maint_free(m, entries, np, sizeof *entries);
    maint_free(m, member, nb, 1);
    return pgo__maint_seterr(m, PGO_ERR_NOMEM, "%s: out of memory", op);
  }
  uint32_t nent = 0;
  const uint32_t *pr = pgo_cfg_preds(cfg, header);
  for (uint32_t i = 0; i < np; i++)
    if (!pgo_cfg_is_back_edge(cfg, pr[i]))
      entries[nent++] = pr[i];
  for (uint32_t b = 0; b < nb; b++)
    member[b] =
        !pgo_cfg_block_removed(cfg, b) && pgo_cfg_loop_contains(cfg, l, b);
  double p_stay = pgo_pfg_edge_prob(pfg, e0 + stay);
  uint32_t first = nb, g = PGO_NONE;
  bool exact = true;
  if (nent == 0)
    s = pgo__maint_seterr(m, PGO_ERR_INVALID, "%s: loop has no entry edge", op);
  else
    s = pgo__maint_dup_move(m, cfg, pfg, header, entries, nent, &g, &exact);
  if (s == PGO_OK && zero_trip >= 0) {
    uint32_t g0 = pgo_cfg_succ_begin(cfg, g);
    pgo_provenance pp = pgo_pfg_edge_prov(pfg, g0 + stay);
    if ((s = pgo__maint_set_prob(m, pfg, g0 + stay, 1 - zero_trip, pp)) ==
        PGO_OK)
      s = pgo__maint_set_prob(m, pfg, g0 + (1 - stay), zero_trip, pp);
    if (p_stay > 0) {
      double f = (1 - zero_trip) / p_stay;
      for (uint32_t b = 0; b < nb && s == PGO_OK; b++)
        if (member[b])
          s = pgo__maint_set_count(m, pfg, b, pgo_pfg_block_count(pfg, b) * f,
                                   pgo_pfg_block_prov(pfg, b));
    } else if (zero_trip < 1) {
      exact = false;
    }
    if (nexits > 1)
      exact = false;
  }
  maint_free(m, entries, np, sizeof *entries);
  maint_free(m, member, nb, 1);
  if (s == PGO_OK)
    pgo__maint_result(out, first, 1, exact);
  return s;
}

/* --- unrolling ---------------------------------------------------------- */

PGO_API pgo_status pgo_maint_unroll(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                                    uint32_t header, uint32_t k,
                                    pgo_maint_result *out) {
  const char *op = "unroll";
  pgo_status s = pgo__maint_args(m, cfg, pfg, header, op);
  uint32_t l = PGO_NONE; /* set by loop_of_header on success (-O2 cannot see it) */
  if (s != PGO_OK || (s = loop_of_header(m, cfg, header, op, &l)) != PGO_OK)
    return s;
  if (k < 2 || k > 1024)
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "%s: factor %u not in [2, 1024]", op, k);
  uint32_t nb = pgo_cfg_nblocks(cfg), nl = 0;
  for (uint32_t b = 0; b < nb; b++)
    nl += !pgo_cfg_block_removed(cfg, b) && pgo_cfg_loop_contains(cfg, l, b);
  size_t ncopy = (size_t)nl * k;
  uint32_t *blocks = maint_alloc(m, nl, sizeof *blocks);
  uint32_t *idx = maint_alloc(m, nb, sizeof *idx);
  uint32_t *copy = maint_alloc(m, ncopy, sizeof *copy); /* [j * nl + i] */
  double *cnt = maint_alloc(m, nl, sizeof *cnt);
  double *w = maint_alloc(m, k, sizeof *w);
  if (!blocks || !idx || !copy || !cnt || !w) {
    s = pgo__maint_seterr(m, PGO_ERR_NOMEM, "%s: out of memory", op);
    goto done;
  }
  uint32_t n = 0, hidx = 0;
  for (uint32_t b = 0; b < nb; b++) {
    idx[b] = PGO_NONE;
    if (pgo_cfg_block_removed(cfg, b) || !pgo_cfg_loop_contains(cfg, l, b))
      continue;
    if (b == header)
      hidx = n;
    idx[b] = n;
    blocks[n] = b;
    copy[n] = b;
    cnt[n] = pgo_pfg_block_count(pfg, b);
    n++;
  }
  /* cp from the counts */
  uint32_t nbe;
  const uint32_t *be = pgo_cfg_loop_back_edges(cfg, l, &nbe);
  double back = 0, nh = pgo_pfg_block_count(pfg, header);
  for (uint32_t i = 0; i < nbe; i++)
    back += pgo_pfg_edge_count(pfg, be[i]);
  double cp = nh > 0 ? back / nh : 0;
  bool exact = true;
  if (!(cp < 1)) {
    exact = false;
    for (uint32_t j = 0; j < k; j++)
      w[j] = 1.0 / (double)k;
  } else {
    double den = 1 - pow(cp, (double)k);
    for (uint32_t j = 0; j < k; j++)
      w[j] = den > 0 ? pow(cp, (double)j) * (1 - cp) / den : (j == 0);
  }
  uint32_t first = nb;
  for (uint32_t j = 1; j < k && s == PGO_OK; j++)
    for (uint32_t i = 0; i < nl && s == PGO_OK; i++) {
      s = pgo_cfg_duplicate_block(cfg, blocks[i], &copy[j * nl + i]);
      if (s != PGO_OK)
        pgo__maint_from_cfg(m, s, cfg, "unroll: duplicate");
    }
  /* Rewire: copies' edges into the loop go to the same copy, edges to the
   * header (all back edges: the header dominates the loop) to the next. */
  for (uint32_t j = 0; j < k && s == PGO_OK; j++)
    for (uint32_t i = 0; i < nl && s == PGO_OK; i++) {
      uint32_t c = copy[j * nl + i];
      uint32_t ns = pgo_cfg_nsucc(cfg, c), e0 = pgo_cfg_succ_begin(cfg, c);
      for (uint32_t q = 0; q < ns && s == PGO_OK; q++) {
        uint32_t d = pgo_cfg_edge_dst(cfg, e0 + q);
        uint32_t di = d < nb ? idx[d] : PGO_NONE;
        if (di == PGO_NONE)
          continue;
        uint32_t t =
            di == hidx ? copy[((j + 1) % k) * nl + hidx] : copy[j * nl + di];
        if (t != d && (s = pgo_cfg_redirect_edge(cfg, e0 + q, t)) != PGO_OK)
          pgo__maint_from_cfg(m, s, cfg, "unroll: redirect");
      }
    }
  if (s == PGO_OK && (s = pgo_pfg_sync(pfg)) != PGO_OK)
    pgo__maint_from_pfg(m, s, pfg, "unroll: sync");
  for (uint32_t j = k; j-- > 0 && s == PGO_OK;)
    for (uint32_t i = 0; i < nl && s == PGO_OK; i++) {
      uint32_t c = copy[j * nl + i];
      s = pgo__maint_set_count(m, pfg, c, cnt[i] * w[j],
                               pgo_pfg_block_prov(pfg, blocks[i]));
    }
  /* measured counts: the original keeps w_0 of each, copy j gets w_j */
  for (uint32_t i = 0; i < nl && s == PGO_OK; i++) {
    uint32_t b = blocks[i], ns = pgo_cfg_nsucc(cfg, b);
    uint32_t e0 = pgo_cfg_succ_begin(cfg, b);
    for (uint32_t q = 0; q < ns && s == PGO_OK; q++) {
      if (pgo_pfg_edge_measured_prov(pfg, e0 + q) == PGO_PROV_NONE)
        continue;
      double mc = pgo_pfg_edge_measured(pfg, e0 + q);
      for (uint32_t j = 0; j < k && s == PGO_OK; j++) {
        uint32_t c = copy[j * nl + i];
        s = pgo_pfg_set_edge_measured(pfg, pgo_cfg_succ_begin(cfg, c) + q,
                                      mc * w[j], PGO_PROV_REPAIRED);
      }
      if (s != PGO_OK)
        pgo__maint_from_pfg(m, s, pfg, "unroll: measured");
    }
  }
  if (s == PGO_OK)
    pgo__maint_result(out, first, (k - 1) * nl, exact);
done:
  maint_free(m, blocks, nl, sizeof *blocks);
  maint_free(m, idx, nb, sizeof *idx);
  maint_free(m, copy, ncopy, sizeof *copy);
  maint_free(m, cnt, nl, sizeof *cnt);
  maint_free(m, w, k, sizeof *w);
  return s;
}

/* --- tail recursion ----------------------------------------------------- */

PGO_API pgo_status pgo_maint_tail_recursion(pgo_maint *m, pgo_cfg *cfg,
                                            pgo_pfg *pfg, uint32_t site,
                                            pgo_maint_result *out) {
  const char *op = "tail_recursion";
  pgo_status s = pgo__maint_args(m, cfg, pfg, site, op);
  if (s != PGO_OK)
    return s;
  if (pgo_cfg_term(cfg, site) != PGO_TERM_RETURN ||
      pgo_cfg_nsucc(cfg, site) != 0)
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "%s: block %u does not end in a return", op, site);
  uint32_t entry = pgo_cfg_entry(cfg);
  /* invocations: the entry's count minus what its predecessors bring */
  double ne =
      pgo_pfg_block_count(pfg, entry) - pgo__maint_inflow(cfg, pfg, entry);
  double ns = pgo_pfg_block_count(pfg, site);
  if (ne < 0)
    ne = 0;
  if (ns > ne || (ns == ne && ne > 0))
    return pgo__maint_seterr(m, PGO_ERR_RANGE,
                             "%s: site count %g >= entry count %g (runaway "
                             "recursion: repair first)",
                             op, ns, ne);
  pgo_provenance ep = pgo_pfg_block_prov(pfg, entry);
  pgo_provenance sp = pgo_pfg_block_prov(pfg, site);
  if (sp == PGO_PROV_NONE)
    sp = PGO_PROV_SYNTHESIZED;
  uint32_t first = pgo_cfg_nblocks(cfg), p;
  if ((s = pgo_cfg_add_block(cfg, PGO_NONE, 0, &p)) != PGO_OK)
    return pgo__maint_from_cfg(m, s, cfg, op);
  if ((s = pgo_cfg_add_edge(cfg, p, entry)) != PGO_OK ||
      (s = pgo_cfg_add_edge(cfg, site, entry)) != PGO_OK ||
      (s = pgo_cfg_set_term(cfg, p, PGO_TERM_JUMP)) != PGO_OK ||
      (s = pgo_cfg_set_term(cfg, site, PGO_TERM_JUMP)) != PGO_OK) {
    pgo__maint_from_cfg(m, s, cfg, op);
    (void)pgo_cfg_finish(cfg);
    return s;
  }
  if ((s = pgo_cfg_finish(cfg)) != PGO_OK ||
      (s = pgo_cfg_set_entry(cfg, p)) != PGO_OK)
    return pgo__maint_from_cfg(m, s, cfg, op);
  if ((s = pgo_pfg_sync(pfg)) != PGO_OK)
    return pgo__maint_from_pfg(m, s, pfg, op);
  if ((s = pgo__maint_set_prob(m, pfg, pgo_cfg_succ_begin(cfg, p), 1, sp)) !=
          PGO_OK ||
      (s = pgo__maint_set_prob(m, pfg, pgo_cfg_succ_begin(cfg, site), 1, sp)) !=
          PGO_OK ||
      (s = pgo__maint_set_count(m, pfg, p, ne - ns, ep)) != PGO_OK)
    return s;
  pgo__maint_result(out, first, 1, true);
  return PGO_OK;
}
