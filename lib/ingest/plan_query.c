/*
 * plan_query.c -- what a probe plan says: per counter the plan edge it
 * measures, its stable key (source block IL offset, successor index),
 * where its increment goes, and the reverse maps edge -> counter.  Pure
 * reads of the plan built by plan.c; every query is O(1) and answers
 * PGO_NONE / false / 0 (or PGO_ERR_RANGE) for an index out of range.
 */
#include <string.h>

#include "ingest_int.h"

uint32_t pgo_plan_ncounters(const pgo_plan *plan) {
  return plan ? plan->ncounters : 0;
}

static bool valid_counter(const pgo_plan *p, uint32_t c) {
  return p && c < p->ncounters;
}

pgo_status pgo_plan_counter_info(const pgo_plan *p, uint32_t c,
                                 pgo_plan_counter *out) {
  if (!out)
    return PGO_ERR_INVALID;
  memset(out, 0, sizeof *out);
  if (!p)
    return PGO_ERR_INVALID;
  if (c >= p->ncounters)
    return PGO_ERR_RANGE;
  uint32_t pe = p->counter_pe[c];
  out->plan_edge = pe;
  out->place = (pgo_plan_place)p->counter_place[c];
  out->critical = out->place == PGO_PLAN_PLACE_SPLIT;
  out->edge = PGO_NONE;
  out->succ = PGO_NONE;
  out->src = out->dst = out->src_offset = out->host = PGO_NONE;
  if (pe < p->nedges) {
    out->kind = PGO_PLAN_EDGE_CFG;
    out->edge = pe;
    out->src = pgo_cfg_edge_src(p->cfg, pe);
    out->dst = pgo_cfg_edge_dst(p->cfg, pe);
    out->succ = pgo_cfg_edge_index(p->cfg, pe);
    out->unwind = pgo_cfg_term(p->cfg, out->src) == PGO_TERM_INVOKE &&
                  out->succ == 1;
  } else if (pe < p->nedges + p->nblocks) {
    out->kind = PGO_PLAN_EDGE_EXIT;
    out->src = pe - p->nedges;
  } else {
    out->kind = PGO_PLAN_EDGE_ENTRY;
    out->dst = p->entry;
  }
  if (out->src != PGO_NONE)
    out->src_offset = pgo_cfg_il_offset(p->cfg, out->src);
  switch (out->place) {
  case PGO_PLAN_PLACE_SOURCE:
    out->host = out->src;
    break;
  case PGO_PLAN_PLACE_DEST:
  case PGO_PLAN_PLACE_ENTRY:
    out->host = out->dst;
    break;
  default:
    break;
  }
  return PGO_OK;
}

uint32_t pgo_plan_counter_edge(const pgo_plan *p, uint32_t c) {
  if (!valid_counter(p, c) || p->counter_pe[c] >= p->nedges)
    return PGO_NONE;
  return p->counter_pe[c];
}

pgo_plan_edge_kind pgo_plan_counter_kind(const pgo_plan *p, uint32_t c) {
  if (!valid_counter(p, c) || p->counter_pe[c] < p->nedges)
    return PGO_PLAN_EDGE_CFG;
  return p->counter_pe[c] < p->nedges + p->nblocks ? PGO_PLAN_EDGE_EXIT
                                                   : PGO_PLAN_EDGE_ENTRY;
}

bool pgo_plan_counter_is_critical(const pgo_plan *p, uint32_t c) {
  return valid_counter(p, c) && p->counter_place[c] == PGO_PLAN_PLACE_SPLIT;
}

pgo_plan_place pgo_plan_counter_place(const pgo_plan *p, uint32_t c) {
  return valid_counter(p, c) ? (pgo_plan_place)p->counter_place[c]
                             : (pgo_plan_place)0;
}

uint32_t pgo_plan_counter_host(const pgo_plan *p, uint32_t c) {
  pgo_plan_counter info;
  if (pgo_plan_counter_info(p, c, &info) != PGO_OK)
    return PGO_NONE;
  return info.host;
}

uint32_t pgo_plan_edge_counter(const pgo_plan *p, uint32_t edge) {
  if (!p || edge >= p->nedges)
    return PGO_NONE;
  return p->pe_counter[edge];
}

uint32_t pgo_plan_exit_counter(const pgo_plan *p, uint32_t block) {
  if (!p || block >= p->nblocks)
    return PGO_NONE;
  return p->pe_counter[p->nedges + block];
}

uint32_t pgo_plan_entry_counter(const pgo_plan *p) {
  if (!p)
    return PGO_NONE;
  return p->pe_counter[p->nedges + p->nblocks];
}

bool pgo_plan_in_tree(const pgo_plan *p, uint32_t plan_edge) {
  return p && plan_edge < p->npe && p->state[plan_edge] == PLAN_TREE;
}

void pgo_plan_get_stats(const pgo_plan *p, pgo_plan_stats *out) {
  if (!out)
    return;
  memset(out, 0, sizeof *out);
  if (!p)
    return;
  *out = p->stats;
  out->value_sites = p->nsites;
}
