/*
 * reconstruct.c -- every block and edge count of a method from the values
 * of its plan's counters, by flow conservation (Kirchhoff's first law at
 * every node of the plan graph: inflow = outflow, with the virtual exit X
 * and the edge X -> entry closing every run into a circulation).
 *
 * The spanning tree's edges are the unknowns; plan.c fixed an order in
 * which to peel them (leaves first): at node v, every incident edge but the
 * tree edge to its parent is known, so that edge is -bal(v) if it enters v
 * and bal(v) if it leaves it, bal(v) = known inflow - known outflow (Ball &
 * Larus, TOPLAS 1994, section 3.2; Knuth vol. 1, 2.3.4.1).  O(V + E), no
 * allocation (scratch lives in the plan), arithmetic in 128 bits so no sum
 * of 64-bit counters overflows.
 *
 * When the values do not balance -- the unique solution has a negative
 * edge or one beyond 2^64-1 -- the repair rule of pgo/ingest.h applies:
 * clamp, then each node's count = max(inflow, outflow); the result says how
 * much was clamped and how far the repaired flow is from conserving.  It
 * never fails on values.
 *
 * Also: the counts written into a pgo_pfg (INSTRUMENTED) and into store
 * records keyed by IL offset (docs/keys.md).
 */
#include <string.h>

#include "ingest_int.h"

#define U64_MAX_I128 ((pgo__i128)UINT64_MAX)

static uint64_t sat_u64(pgo__i128 x) {
  if (x <= 0)
    return 0;
  return x > U64_MAX_I128 ? UINT64_MAX : (uint64_t)x;
}

static uint64_t sat_add(uint64_t a, uint64_t b) {
  return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

pgo_status pgo_plan_reconstruct(pgo_plan *p, const uint64_t *counters,
                                uint32_t ncounters, uint64_t *block_counts,
                                uint64_t *edge_counts, uint64_t *exit_counts,
                                pgo_plan_result *res) {
  if (res)
    memset(res, 0, sizeof *res);
  if (!p)
    return PGO_ERR_INVALID;
  p->msg[0] = '\0';
  if (!counters || ncounters != p->ncounters)
    return pgo__plan_fail(p, PGO_ERR_INVALID,
                          "plan: %u counter values given, the plan has %u",
                          counters ? ncounters : 0, p->ncounters);
  uint32_t nn = p->nblocks + 1;
  pgo__i128 *val = p->val, *in = p->in, *out = p->out;
  pgo__i128 *bal = in; /* in[] doubles as the balance during peeling */

  /* known edges: the counters */
  memset(bal, 0, (size_t)nn * sizeof *bal);
  for (uint32_t pe = 0; pe < p->npe; pe++)
    val[pe] = 0;
  for (uint32_t c = 0; c < p->ncounters; c++) {
    uint32_t pe = p->counter_pe[c];
    pgo__i128 v = (pgo__i128)counters[c];
    val[pe] = v;
    bal[pgo__plan_dst(p, pe)] += v;
    bal[pgo__plan_src(p, pe)] -= v;
  }
  /* peel the tree, leaves first */
  for (uint32_t k = 0; k < p->ntree; k++) {
    uint32_t pe = p->peel_edge[k], v = p->peel_node[k];
    uint32_t s = pgo__plan_src(p, pe), d = pgo__plan_dst(p, pe);
    pgo__i128 x;
    if (d == v) { /* enters v: inflow must rise by -bal(v) */
      x = -bal[v];
      bal[s] -= x;
    } else { /* leaves v */
      x = bal[v];
      bal[d] += x;
    }
    bal[v] = 0;
    val[pe] = x;
  }
  /* clamp (repair step 1) */
  uint32_t nclamped = 0;
  uint64_t clamped = 0;
  for (uint32_t k = 0; k < p->ntree; k++) {
    uint32_t pe = p->peel_edge[k];
    pgo__i128 x = val[pe];
    if (x < 0) {
      nclamped++;
      clamped = sat_add(clamped, sat_u64(-x));
      val[pe] = 0;
    } else if (x > U64_MAX_I128) {
      nclamped++;
      clamped = sat_add(clamped, sat_u64(x - U64_MAX_I128));
      val[pe] = U64_MAX_I128;
    }
  }
  /* node flows (repair steps 2 and 3; exact conservation when balanced) */
  memset(in, 0, (size_t)nn * sizeof *in);
  memset(out, 0, (size_t)nn * sizeof *out);
  for (uint32_t pe = 0; pe < p->npe; pe++)
    if (p->state[pe] != PLAN_ABSENT) {
      in[pgo__plan_dst(p, pe)] += val[pe];
      out[pgo__plan_src(p, pe)] += val[pe];
    }
  uint64_t imbalance = 0;
  for (uint32_t v = 0; v < nn; v++) {
    pgo__i128 d = in[v] - out[v];
    imbalance = sat_add(imbalance, sat_u64(d < 0 ? -d : d));
  }
  uint32_t X = p->nblocks;
  if (block_counts)
    for (uint32_t b = 0; b < p->nblocks; b++)
      block_counts[b] =
          p->reach[b] ? sat_u64(in[b] > out[b] ? in[b] : out[b]) : 0;
  if (edge_counts)
    for (uint32_t e = 0; e < p->nedges; e++)
      edge_counts[e] = p->state[e] != PLAN_ABSENT ? sat_u64(val[e]) : 0;
  if (exit_counts)
    for (uint32_t b = 0; b < p->nblocks; b++)
      exit_counts[b] = p->state[p->nedges + b] != PLAN_ABSENT
                           ? sat_u64(val[p->nedges + b])
                           : 0;
  if (res) {
    /* entry count: the larger of X's inflow and outflow, and of what the
     * entry block executed beyond its cfg inflow (repair step 2) */
    pgo__i128 e = in[X] > out[X] ? in[X] : out[X];
    uint32_t E = p->entry;
    pgo__i128 nE = in[E] > out[E] ? in[E] : out[E];
    pgo__i128 cfg_in = in[E] - val[p->nedges + p->nblocks];
    if (nE - cfg_in > e)
      e = nE - cfg_in;
    res->entry = sat_u64(e);
    res->repaired = nclamped > 0;
    res->clamped_edges = nclamped;
    res->clamped = clamped;
    res->imbalance = imbalance;
  }
  return PGO_OK;
}

pgo_status pgo_plan_to_pfg(pgo_plan *p, const uint64_t *block_counts,
                           const uint64_t *edge_counts, pgo_pfg *pfg) {
  if (!p)
    return PGO_ERR_INVALID;
  p->msg[0] = '\0';
  if (!block_counts || !edge_counts || !pfg)
    return pgo__plan_fail(p, PGO_ERR_INVALID, "plan: NULL argument");
  if (pgo_pfg_cfg(pfg) != p->cfg)
    return pgo__plan_fail(p, PGO_ERR_INVALID,
                          "plan: the pfg is over another graph");
  const pgo_cfg *g = p->cfg;
  pgo_status st = pgo_pfg_sync(pfg);
  for (uint32_t b = 0; st == PGO_OK && b < p->nblocks; b++) {
    if (pgo_cfg_block_removed(g, b))
      continue;
    st = pgo_pfg_set_block_count(pfg, b, (double)block_counts[b],
                                 PGO_PROV_INSTRUMENTED);
    uint32_t e0 = pgo_cfg_succ_begin(g, b), ns = pgo_cfg_nsucc(g, b);
    double sum = 0;
    for (uint32_t k = 0; st == PGO_OK && k < ns; k++) {
      sum += (double)edge_counts[e0 + k];
      st = pgo_pfg_set_edge_measured(pfg, e0 + k, (double)edge_counts[e0 + k],
                                     PGO_PROV_INSTRUMENTED);
    }
    if (!(sum > 0))
      continue;
    for (uint32_t k = 0; st == PGO_OK && k < ns; k++)
      st = pgo_pfg_set_edge_prob(pfg, e0 + k,
                                 (double)edge_counts[e0 + k] / sum,
                                 PGO_PROV_INSTRUMENTED);
  }
  if (st != PGO_OK)
    return pgo__plan_fail(p, st, "plan: writing the pfg: %s",
                          pgo_pfg_errmsg(pfg));
  return PGO_OK;
}

pgo_status pgo_plan_records(pgo_plan *p, const uint64_t *block_counts,
                            const uint64_t *edge_counts, pgo_count_rec *blocks,
                            uint32_t *nb, pgo_edge_rec *edges, uint32_t *ne) {
  if (nb)
    *nb = 0;
  if (ne)
    *ne = 0;
  if (!p)
    return PGO_ERR_INVALID;
  p->msg[0] = '\0';
  if (!block_counts || !edge_counts || !blocks || !nb || !edges || !ne)
    return pgo__plan_fail(p, PGO_ERR_INVALID, "plan: NULL argument");
  const pgo_cfg *g = p->cfg;
  uint32_t kb = 0, ke = 0;
  for (uint32_t b = 0; b < p->nblocks; b++) {
    uint32_t off = pgo_cfg_il_offset(g, b);
    if (off == PGO_NONE)
      continue;
    blocks[kb].offset = off;
    blocks[kb].count = block_counts[b];
    kb++;
    uint32_t e0 = pgo_cfg_succ_begin(g, b), ns = pgo_cfg_nsucc(g, b);
    for (uint32_t k = 0; k < ns; k++) {
      edges[ke].offset = off;
      edges[ke].succ = pgo_cfg_edge_index(g, e0 + k);
      edges[ke].count = edge_counts[e0 + k];
      ke++;
    }
  }
  *nb = kb;
  *ne = ke;
  return PGO_OK;
}
