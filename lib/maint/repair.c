/*
 * repair.c -- repair: make the counts agree with the local probabilities
 * again (docs/maint.md "Repair"; docs/design.md: repair re-solves
 * N = IN + E^T N from the e_ij).
 *
 * Steps:
 *   1. probabilities of every live block with successors are brought to sum
 *      1 (scaled, uniform when all are 0), provenance REPAIRED;
 *   2. runaway loops (cyclic probability >= cp_cap), inner loops first:
 *      every block of the loop that can leave it gets
 *      e' = (1 - l) e + l x, where x spreads 1 evenly over its "toward the
 *      exit" edges: its exit edges if it has any, else its successors one
 *      BFS step closer to an exit edge within the loop.  At l = 1 control
 *      walks strictly toward an exit and cp = 0; at l = 0 cp >= cp_cap; a
 *      boundary l with cp < cp_cap is found by bisection (40 solves);
 *   3. irreducible groups the solver had to cap: the same mix, one l for the
 *      blocks of every irreducible region (exit = an edge leaving its
 *      region), until no group is capped;
 *   4. runaway recursion (sum over recursive sites of N_s / N_entry >=
 *      rec_cap): each in-edge of a site whose source has other successors
 *      is scaled by 0.99 rec_cap / sum, the other successors sharing the
 *      freed mass in proportion (evenly if they had none); re-solved and
 *      repeated up to 64 rounds;
 *   5. the final solve (pgo_synth_frequencies, cp_cap as above, counts with
 *      provenance REPAIRED) from the invocation count: N_entry minus what
 *      the entry's predecessors bring (N_entry itself when it has none; 1
 *      when that is 0 or not finite).
 * A loop or region without exit edges, or a recursion no in-edge can
 * lower, cannot be tamed: the solver's cap keeps its counts finite, the
 * residual stays at its header, and the call returns PGO_ERR_NOT_CONVERGED
 * with report.untamed > 0.  Cost: one solve per bisection step per runaway
 * loop, O(n + m) each.
 */
#include "maint_impl.h"

#include <math.h>

typedef struct rep {
  pgo_maint *m;
  pgo_cfg *cfg;
  pgo_pfg *pfg;
  pgo_synth_options so;
  pgo_maint_options eo;
} rep;

static pgo_status solve(rep *r) {
  pgo_status s = pgo_synth_frequencies(r->m->synth, r->cfg, &r->so, r->pfg);
  if (s != PGO_OK && s != PGO_ERR_NOT_CONVERGED)
    return pgo__maint_seterr(r->m, s, "repair: solve: %s",
                             pgo_synth_errmsg(r->m->synth));
  return PGO_OK;
}

static pgo_status set_prob(rep *r, uint32_t e, double v) {
  if (pgo_pfg_edge_prob(r->pfg, e) == v)
    return PGO_OK;
  pgo_status s = pgo__maint_set_prob(r->m, r->pfg, e, v, PGO_PROV_REPAIRED);
  if (s == PGO_OK && pgo_pfg_edge_held(r->pfg, e))
    s = pgo_pfg_set_edge_held(r->pfg, e, false);
  return s;
}

/* Step 1. */
static pgo_status normalise(rep *r) {
  uint32_t nb = pgo_cfg_nblocks(r->cfg);
  for (uint32_t b = 0; b < nb; b++) {
    uint32_t ns = pgo_cfg_nsucc(r->cfg, b), e0 = pgo_cfg_succ_begin(r->cfg, b);
    if (ns == 0 || pgo_cfg_block_removed(r->cfg, b))
      continue;
    double sum = 0;
    for (uint32_t i = 0; i < ns; i++)
      sum += pgo_pfg_edge_prob(r->pfg, e0 + i);
    if (fabs(sum - 1) <= r->eo.prob_eps * 0.5)
      continue;
    for (uint32_t i = 0; i < ns; i++) {
      double p =
          sum > 0 ? pgo_pfg_edge_prob(r->pfg, e0 + i) / sum : 1.0 / (double)ns;
      pgo_status s = set_prob(r, e0 + i, p);
      if (s != PGO_OK)
        return s;
    }
  }
  return PGO_OK;
}

/* The blocks of a group that can leave it (loop: group = loop id,
 * irreducible: group = PGO_NONE meaning every region), their saved
 * probabilities and, per edge, whether it is a target of the mix. */
typedef struct mixset {
  uint32_t *blocks, nblocks;
  double *saved; /* per out-edge of each block, in block order */
  uint32_t nsaved;
  uint8_t *is_exit;
} mixset;

static bool outside(rep *r, uint32_t loop, uint32_t from, uint32_t to) {
  if (loop != PGO_NONE)
    return !pgo_cfg_loop_contains(r->cfg, loop, to);
  return pgo_cfg_block_irreducible(r->cfg, to) !=
         pgo_cfg_block_irreducible(r->cfg, from);
}

static bool inside(rep *r, uint32_t loop, uint32_t b) {
  if (loop != PGO_NONE)
    return pgo_cfg_loop_contains(r->cfg, loop, b);
  return pgo_cfg_block_irreducible(r->cfg, b) != PGO_NONE;
}

static void mix_free(rep *r, mixset *x) {
  maint_free(r->m, x->blocks, pgo_cfg_nblocks(r->cfg), sizeof *x->blocks);
  maint_free(r->m, x->saved, pgo_cfg_nedges(r->cfg), sizeof *x->saved);
  maint_free(r->m, x->is_exit, pgo_cfg_nedges(r->cfg), 1);
}

/* Every block of the group that can leave it gets a target: its exit
 * edges if it has any, else its successors one step closer (BFS distance
 * to an exit edge, within the group).  With l = 1 control walks strictly
 * closer to an exit at every step, never returning to the header: cp = 0,
 * so the bisection always has a bracket when the header can leave. */
static pgo_status mix_collect(rep *r, uint32_t loop, mixset *x) {
  uint32_t nb = pgo_cfg_nblocks(r->cfg), ne = pgo_cfg_nedges(r->cfg);
  memset(x, 0, sizeof *x);
  x->blocks = maint_alloc(r->m, nb, sizeof *x->blocks);
  x->saved = maint_alloc(r->m, ne, sizeof *x->saved);
  x->is_exit = maint_alloc(r->m, ne, 1);
  uint32_t *dist = maint_alloc(r->m, nb, sizeof *dist);
  uint32_t *queue = maint_alloc(r->m, nb, sizeof *queue);
  if (!x->blocks || !x->saved || !x->is_exit || !dist || !queue) {
    mix_free(r, x);
    maint_free(r->m, dist, nb, sizeof *dist);
    maint_free(r->m, queue, nb, sizeof *queue);
    return pgo__maint_seterr(r->m, PGO_ERR_NOMEM, "repair: out of memory");
  }
  uint32_t qh = 0, qt = 0;
  for (uint32_t b = 0; b < nb; b++) {
    dist[b] = UINT32_MAX;
    if (pgo_cfg_block_removed(r->cfg, b) || !pgo_cfg_reachable(r->cfg, b) ||
        !inside(r, loop, b))
      continue;
    uint32_t ns = pgo_cfg_nsucc(r->cfg, b), e0 = pgo_cfg_succ_begin(r->cfg, b);
    for (uint32_t i = 0; i < ns; i++)
      if (outside(r, loop, b, pgo_cfg_edge_dst(r->cfg, e0 + i))) {
        x->is_exit[e0 + i] = 1;
        dist[b] = 1;
      }
    if (dist[b] == 1)
      queue[qt++] = b;
  }
  while (qh < qt) {
    uint32_t b = queue[qh++];
    const uint32_t *pr = pgo_cfg_preds(r->cfg, b);
    uint32_t np = pgo_cfg_npred(r->cfg, b);
    for (uint32_t i = 0; i < np; i++) {
      uint32_t p = pgo_cfg_edge_src(r->cfg, pr[i]);
      if (dist[p] != UINT32_MAX || !pgo_cfg_reachable(r->cfg, p) ||
          !inside(r, loop, p) || outside(r, loop, p, b))
        continue;
      dist[p] = dist[b] + 1;
      queue[qt++] = p;
    }
  }
  for (uint32_t k = 0; k < qt; k++) {
    uint32_t b = queue[k];
    uint32_t ns = pgo_cfg_nsucc(r->cfg, b), e0 = pgo_cfg_succ_begin(r->cfg, b);
    if (dist[b] > 1)
      for (uint32_t i = 0; i < ns; i++) {
        uint32_t d = pgo_cfg_edge_dst(r->cfg, e0 + i);
        x->is_exit[e0 + i] = inside(r, loop, d) && !outside(r, loop, b, d) &&
                             dist[d] == dist[b] - 1;
      }
    x->blocks[x->nblocks++] = b;
    for (uint32_t i = 0; i < ns; i++)
      x->saved[e0 + i] = pgo_pfg_edge_prob(r->pfg, e0 + i);
  }
  maint_free(r->m, dist, nb, sizeof *dist);
  maint_free(r->m, queue, nb, sizeof *queue);
  return PGO_OK;
}

static pgo_status mix_apply(rep *r, const mixset *x, double l) {
  for (uint32_t k = 0; k < x->nblocks; k++) {
    uint32_t b = x->blocks[k];
    uint32_t ns = pgo_cfg_nsucc(r->cfg, b), e0 = pgo_cfg_succ_begin(r->cfg, b);
    uint32_t nx = 0;
    for (uint32_t i = 0; i < ns; i++)
      nx += x->is_exit[e0 + i];
    for (uint32_t i = 0; i < ns; i++) {
      double t = x->is_exit[e0 + i] ? 1.0 / (double)nx : 0.0;
      double v = l == 0 ? x->saved[e0 + i] : (1 - l) * x->saved[e0 + i] + l * t;
      pgo_status s = set_prob(r, e0 + i, v);
      if (s != PGO_OK)
        return s;
    }
  }
  return PGO_OK;
}

/* Is the group still runaway after a solve? */
static bool runaway(rep *r, uint32_t loop) {
  if (loop != PGO_NONE)
    return !(pgo_synth_loop_cp(r->m->synth, loop) < r->eo.cp_cap);
  const pgo_synth_report *rp = pgo_synth_last_report(r->m->synth);
  return rp->regions_capped + rp->unconverged > 0;
}

/* Steps 2 and 3 for one group; *tamed false when even l = 1 fails. */
static pgo_status tame(rep *r, uint32_t loop, bool *tamed) {
  mixset x;
  pgo_status s = mix_collect(r, loop, &x);
  if (s != PGO_OK)
    return s;
  *tamed = false;
  if (x.nblocks == 0)
    goto done;
  if ((s = mix_apply(r, &x, 1.0)) != PGO_OK || (s = solve(r)) != PGO_OK)
    goto done;
  if (runaway(r, loop))
    goto done; /* best effort: the exits as likely as they can be */
  *tamed = true;
  double lo = 0, hi = 1;
  for (int it = 0; it < 40; it++) {
    double mid = 0.5 * (lo + hi);
    if ((s = mix_apply(r, &x, mid)) != PGO_OK || (s = solve(r)) != PGO_OK)
      goto done;
    if (runaway(r, loop))
      lo = mid;
    else
      hi = mid;
  }
  if ((s = mix_apply(r, &x, hi)) == PGO_OK)
    s = solve(r);
done:
  mix_free(r, &x);
  return s;
}

static double recursion_sum(rep *r) {
  double base = pgo_pfg_entry_count(r->pfg), rec = 0;
  for (uint32_t i = 0; i < r->eo.nrecursive; i++) {
    double c = pgo_pfg_block_count(r->pfg, r->eo.recursive_sites[i]);
    rec += base > 0 ? c / base : (c > 0 ? INFINITY : 0);
  }
  return rec;
}

/* Step 4: one round; *moved false when no in-edge could be lowered. */
static pgo_status lower_sites(rep *r, double f, bool *moved) {
  *moved = false;
  for (uint32_t i = 0; i < r->eo.nrecursive; i++) {
    uint32_t site = r->eo.recursive_sites[i];
    const uint32_t *pr = pgo_cfg_preds(r->cfg, site);
    uint32_t np = pgo_cfg_npred(r->cfg, site);
    for (uint32_t k = 0; k < np; k++) {
      uint32_t e = pr[k], src = pgo_cfg_edge_src(r->cfg, e);
      uint32_t ns = pgo_cfg_nsucc(r->cfg, src),
               e0 = pgo_cfg_succ_begin(r->cfg, src);
      if (ns < 2)
        continue;
      double pe = pgo_pfg_edge_prob(r->pfg, e), rest = 1 - pe;
      if (pe <= 0)
        continue;
      double freed = pe * (1 - f);
      for (uint32_t j = 0; j < ns; j++) {
        double p = pgo_pfg_edge_prob(r->pfg, e0 + j);
        double v = e0 + j == e ? pe * f
                   : rest > 0  ? p + freed * p / rest
                               : freed / (double)(ns - 1);
        pgo_status s = set_prob(r, e0 + j, v);
        if (s != PGO_OK)
          return s;
      }
      *moved = true;
    }
  }
  return PGO_OK;
}

PGO_API pgo_status pgo_maint_repair(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                                    const pgo_maint_options *o,
                                    pgo_maint_repair_report *out) {
  pgo_maint_repair_report rr;
  memset(&rr, 0, sizeof rr);
  if (out)
    *out = rr;
  pgo_status s = pgo__maint_args(m, cfg, pfg, PGO_NONE, "repair");
  if (s != PGO_OK)
    return s;
  rep r = {.m = m, .cfg = cfg, .pfg = pfg};
  pgo__maint_opts(o, &r.eo);
  pgo_maint_verdict v;
  if ((s = pgo_maint_check(m, cfg, pfg, o, &v)) != PGO_OK)
    return s;
  rr.max_rel_before = v.max_rel;

  uint32_t entry = pgo_cfg_entry(cfg);
  double ne = pgo_pfg_block_count(pfg, entry);
  double base = ne - pgo__maint_inflow(cfg, pfg, entry);
  if (!(base > 0) || !isfinite(base))
    base = ne;
  if (!(base > 0) || !isfinite(base))
    base = 1;
  pgo_synth_options_init(&r.so);
  r.so.cp_cap = r.eo.cp_cap;
  r.so.entry_count = base;
  r.so.count_prov = PGO_PROV_REPAIRED;

  if ((s = normalise(&r)) != PGO_OK || (s = solve(&r)) != PGO_OK)
    return s;
  uint32_t nl = pgo_cfg_nloops(cfg);
  for (uint32_t l = nl; l-- > 0;) {
    if (!runaway(&r, l))
      continue;
    bool tamed;
    if ((s = tame(&r, l, &tamed)) != PGO_OK)
      return s;
    rr.loops_adjusted++;
    rr.untamed += !tamed;
    if ((s = solve(&r)) != PGO_OK)
      return s;
  }
  if (runaway(&r, PGO_NONE)) {
    bool tamed;
    if ((s = tame(&r, PGO_NONE, &tamed)) != PGO_OK)
      return s;
    rr.regions_adjusted = 1;
    rr.untamed += !tamed;
  }
  if ((s = solve(&r)) != PGO_OK)
    return s;
  for (; r.eo.nrecursive && rr.sites_rounds < 64; rr.sites_rounds++) {
    double rho = recursion_sum(&r);
    if (rho < r.eo.rec_cap)
      break;
    bool moved;
    double f = isfinite(rho) ? 0.99 * r.eo.rec_cap / rho : 0.5;
    if ((s = lower_sites(&r, f, &moved)) != PGO_OK)
      return s;
    if ((s = solve(&r)) != PGO_OK)
      return s;
    if (!moved)
      break;
  }
  if (r.eo.nrecursive && !(recursion_sum(&r) < r.eo.rec_cap))
    rr.untamed++;
  if ((s = pgo_maint_check(m, cfg, pfg, o, &v)) != PGO_OK)
    return s;
  rr.max_rel_after = v.max_rel;
  if (out)
    *out = rr;
  if (rr.untamed)
    return pgo__maint_seterr(m, PGO_ERR_NOT_CONVERGED,
                             "repair: %u runaway cycle(s) could not be tamed "
                             "(no exit edge or no lowerable in-edge)",
                             rr.untamed);
  return PGO_OK;
}
