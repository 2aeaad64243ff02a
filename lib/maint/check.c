/*
 * check.c -- the consistency checker: the one definition of "consistent"
 * in the tree (docs/maint.md "Checker"; pgo-show check is meant to use it).
 *
 * Per live block b, with E_e = N_src(e) * e_e (or, with use_measured, the
 * measured count of e, 0 when it has none):
 *   in_b  = sum of E over the in-edges; for the entry, plus the
 *           invocations when the caller gives them (options.invocations),
 *           else in_b = N_b when the predecessors bring at most N_b (the
 *           rest is the invocations), otherwise the entry is flagged
 *           INVOCATIONS and in_b is what they bring;
 *   out_b = sum of E over the out-edges (blocks with successors only);
 *   residual = |in_b - N_b| (and |out_b - N_b|), relative to
 *           max(N_b, in_b, N_entry): a cold block is judged against the
 *           method's scale, a hot one against its own count.
 * Flags: non-finite or negative values, probability sums off 1 by more than
 * prob_eps, residuals above eps, loop headers whose cyclic probability is
 * >= cp_cap, recursive sites whose normalised counts sum to >= rec_cap.
 *
 * Cyclic probabilities come from the synthesis solver run on a scratch
 * profile holding a copy of the probabilities (pgo_synth_loop_cp: Wu-Larus,
 * inner loops first), so the check never writes the caller's profile; the
 * same run says whether an irreducible group had to be capped.  Cost:
 * O(n + m) plus one solve.  When the scratch profile cannot be allocated
 * the check fails with PGO_ERR_NOMEM and the previous per-block results
 * are kept.
 */
#include "maint_impl.h"

#include <math.h>
#include <stdio.h>

static double edge_flow(const pgo_pfg *pfg, uint32_t e, bool measured) {
  if (measured) /* a missing record means zero */
    return pgo_pfg_edge_measured_prov(pfg, e) != PGO_PROV_NONE
               ? pgo_pfg_edge_measured(pfg, e)
               : 0.0;
  return pgo_pfg_edge_count(pfg, e);
}

/* Loop cyclic probabilities and irreducible caps from a scratch solve. */
static pgo_status cyclic(pgo_maint *m, pgo_cfg *cfg, const pgo_pfg *pfg,
                         double cap, pgo_maint_verdict *v,
                         pgo_maint_block_check *checks) {
  pgo_pfg *tmp = NULL;
  pgo_status s = pgo_pfg_new(&m->alloc, cfg, &tmp);
  if (s != PGO_OK)
    return pgo__maint_seterr(m, s, "check: scratch profile: %s",
                             pgo_status_text(s));
  uint32_t ne = pgo_cfg_nedges(cfg);
  for (uint32_t e = 0; e < ne && s == PGO_OK; e++) {
    double p = pgo_pfg_edge_prob(pfg, e);
    if (!(p >= 0 && p <= 1))
      p = 0;
    s = pgo_pfg_set_edge_prob(tmp, e, p, PGO_PROV_SYNTHESIZED);
  }
  if (s != PGO_OK) {
    pgo__maint_from_pfg(m, s, tmp, "check: scratch profile");
    pgo_pfg_free(tmp);
    return s;
  }
  pgo_synth_options so;
  pgo_synth_options_init(&so);
  so.cp_cap = cap;
  s = pgo_synth_frequencies(m->synth, cfg, &so, tmp);
  pgo_pfg_free(tmp);
  if (s != PGO_OK && s != PGO_ERR_NOT_CONVERGED)
    return pgo__maint_seterr(m, s, "check: solve: %s",
                             pgo_synth_errmsg(m->synth));
  const pgo_synth_report *r = pgo_synth_last_report(m->synth);
  v->irreducible_capped = r->regions_capped + r->unconverged;
  uint32_t nl = pgo_cfg_nloops(cfg);
  for (uint32_t l = 0; l < nl; l++) {
    double cp = pgo_synth_loop_cp(m->synth, l);
    if (!(cp <= v->max_cp) || v->worst_loop == PGO_NONE) {
      v->max_cp = cp;
      v->worst_loop = l;
    }
    if (!(cp < cap)) {
      v->runaway_loops++;
      checks[pgo_cfg_loop_header(cfg, l)].problems |= PGO_MAINT_P_LOOP;
    }
  }
  return PGO_OK;
}

PGO_API pgo_status pgo_maint_check(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                                   const pgo_maint_options *o,
                                   pgo_maint_verdict *out) {
  pgo_status s = pgo__maint_args(m, cfg, pfg, PGO_NONE, "check");
  if (s != PGO_OK)
    return s;
  if (out == NULL)
    return pgo__maint_seterr(m, PGO_ERR_INVALID, "check: NULL verdict");
  memset(out, 0, sizeof *out);
  out->worst_block = out->worst_loop = PGO_NONE;
  pgo_maint_options eo;
  pgo__maint_opts(o, &eo);
  uint32_t nb = pgo_cfg_nblocks(cfg);
  for (uint32_t i = 0; i < eo.nrecursive; i++) {
    uint32_t b = eo.recursive_sites[i];
    if (b >= nb || pgo_cfg_block_removed(cfg, b))
      return pgo__maint_seterr(m, PGO_ERR_INVALID,
                               "check: recursive site %u is not a live block",
                               b);
  }
  if ((s = pgo_cfg_analyze(cfg, PGO_ANALYSIS_ALL)) != PGO_OK)
    return pgo__maint_from_cfg(m, s, cfg, "check: analyses");

  pgo_maint_block_check *ck = maint_alloc(m, nb, sizeof *ck);
  if (ck == NULL)
    return pgo__maint_seterr(m, PGO_ERR_NOMEM,
                             "check: out of memory for %u block results", nb);
  pgo_maint_verdict v = *out;
  if ((s = cyclic(m, cfg, pfg, eo.cp_cap, &v, ck)) != PGO_OK) {
    maint_free(m, ck, nb, sizeof *ck);
    return s;
  }

  uint32_t entry = pgo_cfg_entry(cfg);
  double base = pgo_pfg_block_count(pfg, entry);
  for (uint32_t b = 0; b < nb; b++) {
    pgo_maint_block_check *c = &ck[b];
    if (pgo_cfg_block_removed(cfg, b)) {
      c->prob_sum = 1;
      continue;
    }
    double n = pgo_pfg_block_count(pfg, b);
    c->count = n;
    double in = 0;
    const uint32_t *pr = pgo_cfg_preds(cfg, b);
    uint32_t np = pgo_cfg_npred(cfg, b);
    for (uint32_t i = 0; i < np; i++)
      in += edge_flow(pfg, pr[i], eo.use_measured);
    uint32_t ns = pgo_cfg_nsucc(cfg, b), e0 = pgo_cfg_succ_begin(cfg, b);
    double out_f = 0, psum = ns ? 0 : 1;
    bool neg = n < 0 || in < 0;
    for (uint32_t i = 0; i < ns; i++) {
      double f = edge_flow(pfg, e0 + i, eo.use_measured);
      double p = pgo_pfg_edge_prob(pfg, e0 + i);
      neg |= f < 0 || p < 0;
      out_f += f;
      psum += p;
    }
    if (b == entry && eo.invocations >= 0) {
      in += eo.invocations;
    } else if (b == entry) {
      double scale = n > in ? n : in;
      if (in - n > eo.eps * (scale > 0 ? scale : 1))
        c->problems |= PGO_MAINT_P_INVOCATIONS;
      else
        in = n;
    }
    c->inflow = in;
    c->outflow = ns ? out_f : n;
    c->prob_sum = psum;
    if (!isfinite(n) || !isfinite(in) || !isfinite(out_f) || !isfinite(psum))
      c->problems |= PGO_MAINT_P_NONFINITE;
    if (neg)
      c->problems |= PGO_MAINT_P_NEGATIVE;
    double perr = fabs(psum - 1);
    if (!(perr <= eo.prob_eps))
      c->problems |= PGO_MAINT_P_PROB_SUM;
    if (ns && perr > v.max_prob_err)
      v.max_prob_err = perr;
    double d = n;
    if (in > d)
      d = in;
    if (base > d)
      d = base;
    c->in_abs = fabs(in - n);
    c->out_abs = fabs(c->outflow - n);
    c->in_rel = d > 0 ? c->in_abs / d : c->in_abs;
    c->out_rel = d > 0 ? c->out_abs / d : c->out_abs;
    if (!(c->in_rel <= eo.eps))
      c->problems |= PGO_MAINT_P_INFLOW;
    if (!(c->out_rel <= eo.eps))
      c->problems |= PGO_MAINT_P_OUTFLOW;
    double rel = c->in_rel > c->out_rel ? c->in_rel : c->out_rel;
    double ab = c->in_abs > c->out_abs ? c->in_abs : c->out_abs;
    if (!isfinite(rel))
      rel = INFINITY;
    if (rel > v.max_rel) {
      v.max_rel = rel;
      v.worst_block = b;
    }
    if (!(ab <= v.max_abs))
      v.max_abs = ab;
  }
  double rec = 0;
  for (uint32_t i = 0; i < eo.nrecursive; i++) {
    double c = pgo_pfg_block_count(pfg, eo.recursive_sites[i]);
    rec += base > 0 ? c / base : (c > 0 ? INFINITY : 0);
  }
  v.recursion = rec;
  if (eo.nrecursive && !(rec < eo.rec_cap))
    for (uint32_t i = 0; i < eo.nrecursive; i++)
      ck[eo.recursive_sites[i]].problems |= PGO_MAINT_P_RECURSION;
  for (uint32_t b = 0; b < nb; b++) {
    v.problems |= ck[b].problems;
    v.nflagged += ck[b].problems != 0;
  }
  v.consistent = v.problems == 0 && v.irreducible_capped == 0;
  maint_free(m, m->checks, m->nchecks, sizeof *m->checks);
  m->checks = ck;
  m->nchecks = nb;
  *out = v;
  return PGO_OK;
}

PGO_API const pgo_maint_block_check *pgo_maint_check_block(const pgo_maint *m,
                                                           uint32_t block) {
  if (m == NULL || block >= m->nchecks)
    return NULL;
  return &m->checks[block];
}

PGO_API const char *pgo_maint_problem_text(unsigned problems, char *buf,
                                           size_t size) {
  static const char *const names[] = {
      "non-finite", "negative",     "prob-sum",          "inflow",
      "outflow",    "runaway-loop", "runaway-recursion", "invocations"};
  if (buf == NULL || size == 0)
    return buf;
  buf[0] = '\0';
  size_t len = 0;
  for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (!(problems & (1u << i)))
      continue;
    int w = snprintf(buf + len, size - len, "%s%s", len ? "," : "", names[i]);
    if (w < 0 || (size_t)w >= size - len)
      break;
    len += (size_t)w;
  }
  return buf;
}
