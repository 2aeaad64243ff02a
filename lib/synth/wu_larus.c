/*
 * wu_larus.c -- block frequencies from edge probabilities.
 *
 * Solves N = IN + E^T N (N_b = [b = entry] + sum_p N_p e_pb) for the block
 * counts of one invocation, following Wu & Larus, "Static Branch Frequency
 * and Program Profile Analysis" (MICRO 27, 1994, section 4, algorithm
 * propagate_freq), with loops collapsed so that the work is linear:
 *
 *   - Loops are solved inner to outer (loop ids high to low: core numbers
 *     them in pre-order).  A loop is seen as a "level": its own blocks plus
 *     its child loops as single nodes.  With the header's frequency set to
 *     1, one pass in reverse post-order (back edges removed) gives every
 *     node its frequency relative to the header, the cyclic probability
 *         cp = sum of the flow on the loop's back edges,
 *     and the flow on every exit edge relative to the header (exitrel).
 *   - A child loop C met as a node with inflow x has header frequency
 *     x / (1 - cp_C), and pushes x / (1 - cp_C) * exitrel_e on each exit e.
 *   - The method (root level) is the same pass with the entry inflow set
 *     to 1.  Absolute counts follow top-down: H_root = entry_count,
 *     H_L = fh_L * H_parent(L), N_b = rel_b * H_level(b).
 *
 * Every block is visited once per level it is a node of (twice for a
 * header), every edge once, every loop exit once per loop it leaves:
 * O(V + E + sum of exits), no recursion.
 *
 * Cap: cp is limited to cp_cap (default 0.999, as .NET's
 * cappedLikelihood), so a loop with no modelled exit -- or an exit the
 * heuristics call nearly impossible -- gets at most 1 / (1 - cap) = 1000
 * iterations per entry instead of an infinite or absurd count.  A capped
 * loop's header breaks Kirchhoff's law (N_h = in / (1 - cap) while the
 * probabilities say in / (1 - cp)); every other block still conserves flow.
 * The report counts capped loops.
 *
 * Irreducible regions (pgo_cfg_irreducible_*): the nodes of a level that
 * belong to one region form a group solved by Gauss-Seidel
 * (gauss_seidel.c) when the pass reaches the group's first node in RPO --
 * by then every inflow from outside the group is known, because a node
 * between the group's first and last in RPO that feeds the group lies on
 * a cycle with it and so belongs to the same region.  Should that ever be
 * false, the report's late_inflow counts the flow that arrived too late.
 *
 * Saturation: nesting multiplies loop scales (up to 1000 per capped
 * level), so a deep nest -- 177 levels in the 10^6-block random graph of
 * the scaling benchmark -- would overflow a double.  Header and block
 * counts are clamped at PGO_SYNTH_MAX_COUNT (1e30;
 * LLVM's BFI saturates its 64-bit scaled frequencies likewise); the
 * report counts saturated blocks, where Kirchhoff's law no longer holds.
 *
 * Results are checked finite and non-negative before anything is written.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "synth_int.h"

uint32_t pgo__synth_node_at(const solver *v, uint32_t d, uint32_t lv) {
  const pgo_cfg *cfg = v->cfg;
  uint32_t l = pgo_cfg_block_loop(cfg, d);
  if (l == lv)
    return d;
  while (l != PGO_NONE) {
    uint32_t p = pgo_cfg_loop_parent(cfg, l);
    if (p == lv)
      return v->n + l;
    l = p;
  }
  return PGO_NONE;
}

static void route(solver *v, uint32_t lv, uint32_t e, double flow) {
  const pgo_cfg *cfg = v->cfg;
  uint32_t d = pgo_cfg_edge_dst(cfg, e);
  if (lv != PGO_NONE) {
    if (d == pgo_cfg_loop_header(cfg, lv)) {
      v->cur_cp += flow;
      return;
    }
    if (!pgo_cfg_loop_contains(cfg, lv, d)) {
      v->exitrel[e] = flow;
      return;
    }
  }
  uint32_t node = pgo__synth_node_at(v, d, lv);
  if (node == PGO_NONE) {
    v->s->report.late_inflow++;
    return;
  }
  if (v->memb[node] >= 0)
    return; /* inside the group being solved: Gauss-Seidel has it */
  if (v->done[node] && flow > 0)
    v->s->report.late_inflow++;
  if (node < v->n)
    v->in[node] += flow;
  else
    v->inl[node - v->n] += flow;
}

void pgo__synth_emit(solver *v, uint32_t lv, uint32_t node, double x) {
  const pgo_cfg *cfg = v->cfg;
  v->done[node] = 1;
  if (node < v->n) {
    v->rel[node] = x;
    uint32_t ns = pgo_cfg_nsucc(cfg, node), e0 = pgo_cfg_succ_begin(cfg, node);
    for (uint32_t k = 0; k < ns; k++)
      route(v, lv, e0 + k, x * pgo_pfg_edge_prob(v->pfg, e0 + k));
    return;
  }
  uint32_t c = node - v->n, nx = 0;
  v->fh[c] = x / (1.0 - v->cp[c]);
  const uint32_t *ex = pgo_cfg_loop_exits(cfg, c, &nx);
  for (uint32_t i = 0; i < nx; i++)
    route(v, lv, ex[i], v->fh[c] * v->exitrel[ex[i]]);
}

static pgo_status level_pass(solver *v, uint32_t lv) {
  const pgo_cfg *cfg = v->cfg;
  uint32_t li = lv == PGO_NONE ? 0 : lv + 1;
  v->cur_cp = 0;
  if (lv != PGO_NONE) {
    v->in[pgo_cfg_loop_header(cfg, lv)] = 1.0;
  } else {
    uint32_t node = pgo__synth_node_at(v, pgo_cfg_entry(cfg), PGO_NONE);
    if (node < v->n)
      v->in[node] = 1.0;
    else if (node != PGO_NONE)
      v->inl[node - v->n] = 1.0;
  }
  for (uint32_t pos = v->lvl_start[li]; pos < v->lvl_start[li + 1]; pos++) {
    uint32_t node = v->lvl_node[pos];
    if (v->done[node])
      continue;
    uint32_t g = v->lvl_group ? v->lvl_group[pos] : PGO_NONE;
    if (g != PGO_NONE) {
      pgo_status st = pgo__synth_solve_group(v, lv, g);
      if (st != PGO_OK)
        return st;
      continue;
    }
    pgo__synth_emit(v, lv, node, node < v->n ? v->in[node] : v->inl[node - v->n]);
  }
  if (lv != PGO_NONE) {
    double cp = v->cur_cp;
    v->cpraw[lv] = cp;
    if (cp > v->s->report.max_cp)
      v->s->report.max_cp = cp;
    if (!(cp <= v->o->cp_cap)) { /* also catches NaN */
      v->s->report.capped_loops++;
      cp = v->o->cp_cap;
    }
    v->cp[lv] = cp;
    /* Guard: per unit of inflow the loop node sends out
     * sum(exitrel) / (1 - cp), which is at most 1 in exact arithmetic.
     * Rounding in a nearly closed cycle can push it a hair above 1, and
     * nesting multiplies such excesses level after level; hold it at 1 so
     * that a level never creates flow. */
    uint32_t nx = 0;
    const uint32_t *ex = pgo_cfg_loop_exits(cfg, lv, &nx);
    double out = 0;
    for (uint32_t i = 0; i < nx; i++)
      out += v->exitrel[ex[i]];
    if (out > 1.0 - cp && out > 0) {
      double f = (1.0 - cp) / out;
      for (uint32_t i = 0; i < nx; i++)
        v->exitrel[ex[i]] *= f;
    }
  }
  return PGO_OK;
}

/* --- building the levels and the Gauss-Seidel groups ---------------- */

typedef struct gkey {
  uint32_t li, region, pos;
} gkey;

static int gkey_cmp(const void *a, const void *b) {
  const gkey *x = a, *y = b;
  if (x->li != y->li)
    return x->li < y->li ? -1 : 1;
  if (x->region != y->region)
    return x->region < y->region ? -1 : 1;
  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static bool is_own_header(const pgo_cfg *cfg, uint32_t b) {
  uint32_t l = pgo_cfg_block_loop(cfg, b);
  return l != PGO_NONE && pgo_cfg_loop_header(cfg, l) == b;
}

static pgo_status build_levels(solver *v) {
  pgo_synth *s = v->s;
  const pgo_cfg *cfg = v->cfg;
  uint32_t nrpo = 0, nl = v->nl;
  const uint32_t *rpo = pgo_cfg_rpo(cfg, &nrpo);
  uint32_t *cur = pgo__synth_calloc(s, (size_t)nl + 2, sizeof *cur);
  if (!cur)
    return PGO_ERR_NOMEM;
  uint32_t *cnt = v->lvl_start; /* nl + 2, zeroed */
  for (uint32_t i = 0; i < nrpo; i++) {
    uint32_t b = rpo[i], l = pgo_cfg_block_loop(cfg, b);
    if (is_own_header(cfg, b)) {
      uint32_t p = pgo_cfg_loop_parent(cfg, l);
      cnt[l + 2]++;
      cnt[(p == PGO_NONE ? 0 : p + 1) + 1]++;
    } else {
      cnt[(l == PGO_NONE ? 0 : l + 1) + 1]++;
    }
  }
  for (uint32_t li = 0; li <= nl; li++)
    cnt[li + 1] += cnt[li];
  v->nentries = cnt[nl + 1];
  for (uint32_t li = 0; li <= nl; li++)
    cur[li] = cnt[li];
  v->lvl_node = pgo__synth_alloc(s, v->nentries, sizeof *v->lvl_node);
  if (!v->lvl_node) {
    pgo__synth_dealloc(s, cur, (size_t)nl + 2, sizeof *cur);
    return PGO_ERR_NOMEM;
  }
  for (uint32_t i = 0; i < nrpo; i++) {
    uint32_t b = rpo[i], l = pgo_cfg_block_loop(cfg, b);
    if (is_own_header(cfg, b)) {
      uint32_t p = pgo_cfg_loop_parent(cfg, l);
      v->lvl_node[cur[l + 1]++] = b;
      v->lvl_node[cur[p == PGO_NONE ? 0 : p + 1]++] = v->n + l;
    } else {
      v->lvl_node[cur[l == PGO_NONE ? 0 : l + 1]++] = b;
    }
  }
  pgo__synth_dealloc(s, cur, (size_t)nl + 2, sizeof *cur);

  if (pgo_cfg_nirreducible(cfg) == 0)
    return PGO_OK;

  /* Group the level nodes by (level, irreducible region). */
  uint32_t nk = 0;
  for (uint32_t li = 0; li <= nl; li++)
    for (uint32_t pos = v->lvl_start[li]; pos < v->lvl_start[li + 1]; pos++) {
      uint32_t node = v->lvl_node[pos];
      uint32_t blk = node < v->n ? node : pgo_cfg_loop_header(cfg, node - v->n);
      if (node < v->n && is_own_header(cfg, node))
        continue;
      if (pgo_cfg_block_irreducible(cfg, blk) != PGO_NONE)
        nk++;
    }
  v->lvl_group = pgo__synth_alloc(s, v->nentries, sizeof *v->lvl_group);
  gkey *keys = pgo__synth_alloc(s, nk, sizeof *keys);
  if (!v->lvl_group || !keys) {
    pgo__synth_dealloc(s, keys, nk, sizeof *keys);
    return PGO_ERR_NOMEM;
  }
  nk = 0;
  for (uint32_t li = 0; li <= nl; li++)
    for (uint32_t pos = v->lvl_start[li]; pos < v->lvl_start[li + 1]; pos++) {
      uint32_t node = v->lvl_node[pos];
      v->lvl_group[pos] = PGO_NONE;
      uint32_t blk = node < v->n ? node : pgo_cfg_loop_header(cfg, node - v->n);
      if (node < v->n && is_own_header(cfg, node))
        continue;
      uint32_t r = pgo_cfg_block_irreducible(cfg, blk);
      if (r != PGO_NONE)
        keys[nk++] = (gkey){li, r, pos};
    }
  qsort(keys, nk, sizeof *keys, gkey_cmp);
  uint32_t ng = 0;
  for (uint32_t i = 0; i < nk; i++)
    if (i == 0 || keys[i].li != keys[i - 1].li ||
        keys[i].region != keys[i - 1].region)
      ng++;
  v->ngroups = ng;
  v->grp_start = pgo__synth_calloc(s, (size_t)ng + 1, sizeof *v->grp_start);
  v->grp_entry = pgo__synth_alloc(s, nk, sizeof *v->grp_entry);
  if (!v->grp_start || !v->grp_entry) {
    pgo__synth_dealloc(s, keys, nk, sizeof *keys);
    return PGO_ERR_NOMEM;
  }
  uint32_t g = 0, maxk = 1, ie_max = 1, ie_cur = 0;
  for (uint32_t i = 0; i < nk; i++) {
    if (i == 0 || keys[i].li != keys[i - 1].li ||
        keys[i].region != keys[i - 1].region) {
      v->grp_start[g++] = i;
      ie_cur = 0;
    }
    v->grp_entry[i] = keys[i].pos;
    v->lvl_group[keys[i].pos] = g - 1;
    uint32_t node = v->lvl_node[keys[i].pos];
    uint32_t blk = node < v->n ? node : pgo_cfg_loop_header(cfg, node - v->n);
    ie_cur += pgo_cfg_npred(cfg, blk);
    if (ie_cur > ie_max)
      ie_max = ie_cur;
    if (i + 1 - v->grp_start[g - 1] > maxk)
      maxk = i + 1 - v->grp_start[g - 1];
  }
  v->grp_start[ng] = nk;
  pgo__synth_dealloc(s, keys, nk, sizeof *keys);

  v->x = pgo__synth_alloc(s, maxk, sizeof *v->x);
  v->ext = pgo__synth_alloc(s, maxk, sizeof *v->ext);
  v->d = pgo__synth_alloc(s, maxk, sizeof *v->d);
  v->queue = pgo__synth_alloc(s, maxk, sizeof *v->queue);
  v->inq = pgo__synth_alloc(s, maxk, 1);
  v->oe_start = pgo__synth_alloc(s, (size_t)maxk + 1, sizeof *v->oe_start);
  v->oe_dst = pgo__synth_alloc(s, ie_max, sizeof *v->oe_dst);
  v->oe_w = pgo__synth_alloc(s, ie_max, sizeof *v->oe_w);
  v->ie_start = pgo__synth_alloc(s, (size_t)maxk + 1, sizeof *v->ie_start);
  v->ie_src = pgo__synth_alloc(s, ie_max, sizeof *v->ie_src);
  v->ie_w = pgo__synth_alloc(s, ie_max, sizeof *v->ie_w);
  v->ie_cap = ie_max;
  if (!v->x || !v->ext || !v->d || !v->queue || !v->inq || !v->oe_start ||
      !v->oe_dst || !v->oe_w || !v->ie_start || !v->ie_src || !v->ie_w)
    return PGO_ERR_NOMEM;
  return PGO_OK;
}

/* --- the entry point -------------------------------------------------- */

static void solver_free(solver *v) {
  pgo_synth *s = v->s;
  size_t n = v->n, ne = v->ne, nl = v->nl;
  pgo__synth_dealloc(s, v->rel, n, sizeof(double));
  pgo__synth_dealloc(s, v->in, n, sizeof(double));
  pgo__synth_dealloc(s, v->inl, nl, sizeof(double));
  pgo__synth_dealloc(s, v->cp, nl, sizeof(double));
  pgo__synth_dealloc(s, v->cpraw, nl, sizeof(double));
  pgo__synth_dealloc(s, v->fh, nl, sizeof(double));
  pgo__synth_dealloc(s, v->exitrel, ne, sizeof(double));
  pgo__synth_dealloc(s, v->done, n + nl, 1);
  pgo__synth_dealloc(s, v->memb, n + nl, sizeof(int32_t));
  pgo__synth_dealloc(s, v->lvl_start, nl + 2, sizeof(uint32_t));
  pgo__synth_dealloc(s, v->lvl_node, v->nentries, sizeof(uint32_t));
  pgo__synth_dealloc(s, v->lvl_group, v->nentries, sizeof(uint32_t));
  /* x/ext/ie_start are sized by the largest group (as build_levels). */
  size_t maxk = 1, nk = v->grp_start ? v->grp_start[v->ngroups] : 0;
  for (uint32_t g = 0; v->grp_start && g < v->ngroups; g++)
    if (v->grp_start[g + 1] - v->grp_start[g] > maxk)
      maxk = v->grp_start[g + 1] - v->grp_start[g];
  pgo__synth_dealloc(s, v->grp_start, (size_t)v->ngroups + 1, sizeof(uint32_t));
  pgo__synth_dealloc(s, v->grp_entry, nk, sizeof(uint32_t));
  pgo__synth_dealloc(s, v->x, maxk, sizeof(double));
  pgo__synth_dealloc(s, v->ext, maxk, sizeof(double));
  pgo__synth_dealloc(s, v->d, maxk, sizeof(double));
  pgo__synth_dealloc(s, v->queue, maxk, sizeof(uint32_t));
  pgo__synth_dealloc(s, v->inq, maxk, 1);
  pgo__synth_dealloc(s, v->oe_start, maxk + 1, sizeof(uint32_t));
  pgo__synth_dealloc(s, v->oe_dst, v->ie_cap, sizeof(uint32_t));
  pgo__synth_dealloc(s, v->oe_w, v->ie_cap, sizeof(double));
  pgo__synth_dealloc(s, v->ie_start, maxk + 1, sizeof(uint32_t));
  pgo__synth_dealloc(s, v->ie_src, v->ie_cap, sizeof(uint32_t));
  pgo__synth_dealloc(s, v->ie_w, v->ie_cap, sizeof(double));
}

pgo_status pgo_synth_frequencies(pgo_synth *s, pgo_cfg *cfg,
                                 const pgo_synth_options *opts, pgo_pfg *pfg) {
  if (!s)
    return PGO_ERR_INVALID;
  pgo_synth_options o;
  pgo_status st = pgo__synth_begin(s, cfg, opts, pfg, &o);
  if (st != PGO_OK)
    return st;

  uint32_t n = pgo_cfg_nblocks(cfg), ne = pgo_cfg_nedges(cfg);
  uint32_t nl = pgo_cfg_nloops(cfg);
  const char *mname = pgo_cfg_key(cfg).name ? pgo_cfg_key(cfg).name : "?";
  for (uint32_t e = 0; e < ne; e++) {
    double p = pgo_pfg_edge_prob(pfg, e);
    if (!(p >= 0 && p <= 1)) {
      uint32_t b = pgo_cfg_edge_src(cfg, e);
      const char *lab = pgo_cfg_label(cfg, b);
      return pgo__synth_fail(s, PGO_ERR_INVALID,
                        "synth: %s: block %u (%s) successor %u has "
                        "probability %g, not in [0, 1]",
                        mname, b, lab ? lab : "-", pgo_cfg_edge_index(cfg, e),
                        p);
    }
  }

  memset(&s->report, 0, sizeof s->report);
  s->report.status = PGO_OK;
  s->report.loops = nl;

  solver v;
  memset(&v, 0, sizeof v);
  v.s = s;
  v.cfg = cfg;
  v.pfg = pfg;
  v.o = &o;
  v.n = n;
  v.ne = ne;
  v.nl = nl;
  v.rel = pgo__synth_calloc(s, n, sizeof(double));
  v.in = pgo__synth_calloc(s, n, sizeof(double));
  v.inl = pgo__synth_calloc(s, nl, sizeof(double));
  v.cp = pgo__synth_calloc(s, nl, sizeof(double));
  v.cpraw = pgo__synth_calloc(s, nl, sizeof(double));
  v.fh = pgo__synth_calloc(s, nl, sizeof(double));
  v.exitrel = pgo__synth_calloc(s, ne, sizeof(double));
  v.done = pgo__synth_calloc(s, (size_t)n + nl, 1);
  v.memb = pgo__synth_alloc(s, (size_t)n + nl, sizeof(int32_t));
  v.lvl_start = pgo__synth_calloc(s, (size_t)nl + 2, sizeof(uint32_t));
  double *abs_ = NULL;
  if (!v.rel || !v.in || !v.inl || !v.cp || !v.cpraw || !v.fh || !v.exitrel ||
      !v.done || !v.memb || !v.lvl_start) {
    st = PGO_ERR_NOMEM;
    goto out;
  }
  memset(v.memb, 0xff, ((size_t)n + nl) * sizeof(int32_t));
  st = build_levels(&v);
  if (st != PGO_OK)
    goto out;

  for (uint32_t l = nl; l-- > 0;) {
    st = level_pass(&v, l);
    if (st != PGO_OK)
      goto out;
  }
  st = level_pass(&v, PGO_NONE);
  if (st != PGO_OK)
    goto out;

  /* The base: one invocation's entry_count, or the entry's held count. */
  double base = o.entry_count;
  uint32_t entry = pgo_cfg_entry(cfg);
  if (o.fill_unheld_only && pgo_pfg_block_held(pfg, entry))
    base = pgo_pfg_block_count(pfg, entry);
  /* Absolute counts, top-down (parents have smaller loop ids). */
  abs_ = v.fh; /* reuse: fh[l] becomes H[l] */
  for (uint32_t l = 0; l < nl; l++) {
    uint32_t p = pgo_cfg_loop_parent(cfg, l);
    abs_[l] = v.fh[l] * (p == PGO_NONE ? base : abs_[p]);
    if (abs_[l] > PGO_SYNTH_MAX_COUNT)
      abs_[l] = PGO_SYNTH_MAX_COUNT;
  }
  for (uint32_t b = 0; b < n; b++) {
    uint32_t l = pgo_cfg_block_loop(cfg, b);
    double c = v.rel[b] * (l == PGO_NONE ? base : abs_[l]);
    if (!pgo_cfg_reachable(cfg, b))
      c = 0;
    if (c >= PGO_SYNTH_MAX_COUNT) {
      c = PGO_SYNTH_MAX_COUNT;
      s->report.saturated++;
    }
    if (!isfinite(c) || c < 0) {
      const char *lab = pgo_cfg_label(cfg, b);
      st = pgo__synth_fail(s, PGO_ERR_RANGE,
                      "synth: %s: block %u (%s) got a non-finite or "
                      "negative frequency %g",
                      mname, b, lab ? lab : "-", c);
      goto out;
    }
    v.rel[b] = c;
  }
  for (uint32_t b = 0; b < n; b++) {
    if (pgo_cfg_block_removed(cfg, b) ||
        (o.fill_unheld_only && pgo_pfg_block_held(pfg, b)))
      continue;
    st = pgo_pfg_set_block_count(pfg, b, v.rel[b], o.count_prov);
    if (st != PGO_OK) {
      st = pgo__synth_fail(s, st, "synth: %s: block %u: %s", mname, b,
                           pgo_pfg_errmsg(pfg));
      goto out;
    }
  }

  pgo__synth_dealloc(s, s->loop_cp, s->nloop_cp, sizeof *s->loop_cp);
  s->loop_cp = v.cpraw;
  s->nloop_cp = nl;
  v.cpraw = NULL;
  st = s->report.status;
  if (st != PGO_OK)
    pgo__synth_fail(s, st,
               "synth: %s: %u irreducible region(s) did not converge "
               "(residual %g)",
               mname, s->report.unconverged, s->report.max_residual);
out:
  if (st == PGO_ERR_NOMEM)
    pgo__synth_fail(s, st, "synth: out of memory");
  solver_free(&v);
  return st;
}
