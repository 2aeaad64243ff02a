/*
 * gauss_seidel.c -- frequencies inside an irreducible region.
 *
 * A group is the set of nodes of one level (wu_larus.c) that lie in one
 * irreducible region: no single header dominates the cycle, so Wu-Larus
 * cyclic probabilities do not apply.  The group's equations are
 *
 *     x_v = IN_v + sum_{u in group, u -> v} w_uv x_u
 *
 * where IN_v is the flow already delivered from outside the group and w_uv
 * is the edge probability (or, for a collapsed child loop u,
 * exitrel_e / (1 - cp_u)).  They are solved by Gauss-Seidel sweeps in RPO
 * over per-node in-edge lists -- sparse, no matrix is ever formed -- until
 * the largest change of a sweep is at most tolerance * the largest value,
 * or max_iter sweeps.  The iteration matrix is substochastic (each node
 * sends out at most 1), so it converges whenever some flow leaves the
 * group; the rate is the group's spectral radius.
 *
 * Fallback (the cap, as for loops): if max_iter sweeps do not reach the
 * tolerance -- a region with no modelled exit diverges linearly -- the
 * group is re-solved with every in-group weight damped by cp_cap, which
 * bounds the spectral radius by cp_cap and so the values by
 * IN / (1 - cp_cap).  The group counts as capped; if even that misses the
 * tolerance it counts as unconverged and pgo_synth_frequencies returns
 * PGO_ERR_NOT_CONVERGED (values still finite: a non-finite value falls
 * back to its outside inflow).  The final relative residual of the system
 * actually solved is reported.
 */
#include <float.h>
#include <math.h>

#include "synth_int.h"

static double sweep_value(const solver *v, uint32_t i, double damp) {
  double sum = v->ext[i];
  for (uint32_t j = v->ie_start[i]; j < v->ie_start[i + 1]; j++)
    sum += damp * v->ie_w[j] * v->x[v->ie_src[j]];
  return sum;
}

pgo_status synth_solve_group(solver *v, uint32_t lv, uint32_t g) {
  const pgo_cfg *cfg = v->cfg;
  pgo_synth_report *rep = &v->s->report;
  uint32_t start = v->grp_start[g], k = v->grp_start[g + 1] - start;

  for (uint32_t i = 0; i < k; i++) {
    uint32_t node = v->lvl_node[v->grp_entry[start + i]];
    v->memb[node] = (int32_t)i;
    v->ext[i] = node < v->n ? v->in[node] : v->inl[node - v->n];
  }
  /* In-edge lists: only edges between members; outside inflow is in ext. */
  uint32_t cnt = 0;
  for (uint32_t i = 0; i < k; i++) {
    uint32_t node = v->lvl_node[v->grp_entry[start + i]];
    uint32_t blk = node < v->n ? node : pgo_cfg_loop_header(cfg, node - v->n);
    uint32_t np = pgo_cfg_npred(cfg, blk);
    const uint32_t *pe = pgo_cfg_preds(cfg, blk);
    v->ie_start[i] = cnt;
    for (uint32_t j = 0; j < np; j++) {
      uint32_t e = pe[j];
      if (node >= v->n && pgo_cfg_is_back_edge(cfg, e))
        continue; /* the child loop's own back edges: inside its cp */
      uint32_t u = synth_node_at(v, pgo_cfg_edge_src(cfg, e), lv);
      if (u == PGO_NONE || v->memb[u] < 0 || cnt >= v->ie_cap)
        continue;
      double w = u < v->n ? pgo_pfg_edge_prob(v->pfg, e)
                          : v->exitrel[e] / (1.0 - v->cp[u - v->n]);
      v->ie_src[cnt] = (uint32_t)v->memb[u];
      v->ie_w[cnt] = w;
      cnt++;
    }
  }
  v->ie_start[k] = cnt;

  double damp = 1.0, maxx = 0;
  bool converged = false;
  uint32_t sweeps = 0;
  for (int attempt = 0; attempt < 2 && !converged; attempt++) {
    if (attempt == 1) {
      damp = v->o->cp_cap;
      rep->regions_capped++;
    }
    for (uint32_t i = 0; i < k; i++)
      v->x[i] = v->ext[i];
    for (uint32_t it = 0; it < v->o->max_iter; it++) {
      double maxd = 0;
      maxx = 0;
      for (uint32_t i = 0; i < k; i++) {
        double nv = sweep_value(v, i, damp);
        double d = fabs(nv - v->x[i]);
        v->x[i] = nv;
        if (d > maxd)
          maxd = d;
        if (nv > maxx)
          maxx = nv;
      }
      sweeps++;
      if (!isfinite(maxx) || !isfinite(maxd))
        break;
      if (maxd <= v->o->tolerance * maxx) {
        converged = true;
        break;
      }
    }
  }

  /* Residual of the system solved, relative to the largest value. */
  double res = 0;
  maxx = 0;
  for (uint32_t i = 0; i < k; i++) {
    if (!isfinite(v->x[i]) || v->x[i] < 0) {
      v->x[i] = v->ext[i];
      converged = false;
    }
    if (v->x[i] > maxx)
      maxx = v->x[i];
  }
  for (uint32_t i = 0; i < k; i++) {
    double r = fabs(sweep_value(v, i, damp) - v->x[i]);
    if (r > res)
      res = r;
  }
  res = maxx > 0 ? res / maxx : 0;
  rep->regions++;
  if (sweeps > rep->max_sweeps)
    rep->max_sweeps = sweeps;
  if (res > rep->max_residual)
    rep->max_residual = res;
  if (!converged) {
    rep->unconverged++;
    rep->status = PGO_ERR_NOT_CONVERGED;
  }

  for (uint32_t i = 0; i < k; i++) {
    uint32_t node = v->lvl_node[v->grp_entry[start + i]];
    synth_emit(v, lv, node, v->x[i]);
  }
  for (uint32_t i = 0; i < k; i++)
    v->memb[v->lvl_node[v->grp_entry[start + i]]] = -1;
  (void)DBL_MIN;
  return PGO_OK;
}
