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
 * exitrel_e / (1 - cp_u)).  No matrix is formed: the solver works on
 * per-node edge lists.
 *
 * First choice (PGO_SYNTH_SOLVER_AUTO): exact sparse elimination
 * (eliminate.c, capped like loops).  When it declines -- too much fill --
 * or when
 * the caller asks for PGO_SYNTH_SOLVER_GAUSS_SEIDEL, the group is solved
 * iteratively as follows.
 *
 * Method: Gauss-Seidel in its residual ("push", Gauss-Southwell) form.
 * Each node holds x_v (flow accounted for) and r_v (flow arrived but not
 * yet passed on); initially x = 0, r = IN.  Relaxing v moves r_v into x_v
 * and adds w_vu r_v to each successor's residual; nodes whose residual
 * exceeds tolerance * (total inflow of the group) wait in a FIFO queue,
 * seeded in RPO.  This is Gauss-Seidel with the order chosen by where flow
 * is, rather than fixed sweeps: a plain RPO sweep moves flow along a
 * retreating edge only one step per sweep, so a long irreducible ladder
 * needs as many sweeps as it has rungs (quadratic time); the queue moves
 * it at once.  The invariant x + r = IN + W x holds after every step, so
 * the final residual |IN + W x - x| is exactly what is left in r, absorbed
 * into x at the end (x += r) and reported relative to the largest value.
 *
 * Cap: the work is capped at max_iter relaxations per node (max_iter
 * "sweeps").  The iteration matrix is substochastic (each node sends out
 * at most 1), so the residual mass leaves the group whenever some flow can
 * leave; a region with no modelled exit keeps its mass forever and hits
 * the cap.  Then, as for loops, the group is re-solved with every in-group
 * weight damped by cp_cap, which bounds the values by IN / (1 - cp_cap)
 * and makes the residual decay at least like cp_cap per relaxation round.
 * The group counts as capped; if even that misses the tolerance it counts
 * as unconverged and pgo_synth_frequencies returns PGO_ERR_NOT_CONVERGED
 * (values still finite and non-negative: every step only adds
 * non-negative amounts, and a non-finite value falls back to IN).
 */
#include <math.h>

#include "synth_int.h"

/* IN_i + damp * sum of in-group inflow, from the in-edge lists. */
static double inflow(const solver *v, uint32_t i, double damp) {
  double sum = v->ext[i];
  for (uint32_t j = v->ie_start[i]; j < v->ie_start[i + 1]; j++)
    sum += damp * v->ie_w[j] * v->x[v->ie_src[j]];
  return sum;
}

/* Push relaxation; returns true when every residual is under thr.
 * *work counts relaxations. */
static bool push_solve(solver *v, uint32_t k, double damp, double thr,
                       uint64_t cap, uint64_t *work) {
  double *r = v->d;
  uint32_t head = 0, tail = 0, qn = 0;
  for (uint32_t i = 0; i < k; i++) {
    v->x[i] = 0;
    r[i] = v->ext[i];
    v->inq[i] = 0;
  }
  for (uint32_t i = 0; i < k; i++)
    if (r[i] > thr) {
      v->queue[tail] = i;
      tail = tail + 1 == k ? 0 : tail + 1;
      qn++;
      v->inq[i] = 1;
    }
  while (qn > 0) {
    if (*work >= cap)
      return false;
    uint32_t i = v->queue[head];
    head = head + 1 == k ? 0 : head + 1;
    qn--;
    v->inq[i] = 0;
    double m = r[i];
    r[i] = 0;
    v->x[i] += m;
    (*work)++;
    for (uint32_t j = v->oe_start[i]; j < v->oe_start[i + 1]; j++) {
      uint32_t t = v->oe_dst[j];
      r[t] += damp * v->oe_w[j] * m;
      if (r[t] > thr && !v->inq[t]) {
        v->queue[tail] = t;
        tail = tail + 1 == k ? 0 : tail + 1;
        qn++;
        v->inq[t] = 1;
      }
    }
    if (!isfinite(v->x[i]))
      return false;
  }
  for (uint32_t i = 0; i < k; i++)
    v->x[i] += r[i];
  return true;
}

pgo_status pgo__synth_solve_group(solver *v, uint32_t lv, uint32_t g) {
  const pgo_cfg *cfg = v->cfg;
  pgo_synth_report *rep = &v->s->report;
  uint32_t start = v->grp_start[g], k = v->grp_start[g + 1] - start;

  double total = 0;
  for (uint32_t i = 0; i < k; i++) {
    uint32_t node = v->lvl_node[v->grp_entry[start + i]];
    v->memb[node] = (int32_t)i;
    v->ext[i] = node < v->n ? v->in[node] : v->inl[node - v->n];
    total += v->ext[i];
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
      uint32_t u = pgo__synth_node_at(v, pgo_cfg_edge_src(cfg, e), lv);
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
  /* Out-edge lists: the transpose (counting sort by source). */
  for (uint32_t i = 0; i <= k; i++)
    v->oe_start[i] = 0;
  for (uint32_t j = 0; j < cnt; j++)
    v->oe_start[v->ie_src[j] + 1]++;
  for (uint32_t i = 0; i < k; i++)
    v->oe_start[i + 1] += v->oe_start[i];
  for (uint32_t i = 0; i < k; i++)
    for (uint32_t j = v->ie_start[i]; j < v->ie_start[i + 1]; j++) {
      uint32_t at = v->oe_start[v->ie_src[j]]++;
      v->oe_dst[at] = i;
      v->oe_w[at] = v->ie_w[j];
    }
  for (uint32_t i = k; i > 0; i--)
    v->oe_start[i] = v->oe_start[i - 1];
  v->oe_start[0] = 0;

  double thr = v->o->tolerance * (total > 0 ? total : 1.0);
  uint64_t cap = (uint64_t)v->o->max_iter * k, work = 0;
  double damp = 1.0;
  bool converged = false, eliminated = false;
  if (v->o->solver == PGO_SYNTH_SOLVER_AUTO) {
    bool nomem = false, capped = false;
    eliminated = pgo__synth_eliminate_group(v, k, &nomem, &capped);
    if (nomem)
      return PGO_ERR_NOMEM;
    converged = eliminated;
    if (eliminated)
      rep->regions_eliminated++;
    if (eliminated && capped)
      rep->regions_capped++;
  }
  if (!eliminated)
    converged = push_solve(v, k, damp, thr, cap, &work);
  if (!converged) {
    damp = v->o->cp_cap;
    rep->regions_capped++;
    converged = push_solve(v, k, damp, thr, 2 * cap, &work);
  }

  /* Final residual of the system solved, relative to the largest value. */
  double res = 0, maxx = 0;
  for (uint32_t i = 0; i < k; i++) {
    if (!isfinite(v->x[i]) || v->x[i] < 0) {
      v->x[i] = v->ext[i];
      converged = false;
    }
    if (v->x[i] > maxx)
      maxx = v->x[i];
  }
  for (uint32_t i = 0; i < k; i++) {
    double rr = fabs(inflow(v, i, damp) - v->x[i]);
    if (rr > res)
      res = rr;
  }
  res = maxx > 0 ? res / maxx : 0;
  uint32_t sweeps = (uint32_t)((work + k - 1) / (k ? k : 1));
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
    pgo__synth_emit(v, lv, node, v->x[i]);
  }
  for (uint32_t i = 0; i < k; i++)
    v->memb[v->lvl_node[v->grp_entry[start + i]]] = -1;
  return PGO_OK;
}
