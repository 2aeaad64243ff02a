/*
 * plan.c -- probe plans: which edges of a method get a tier-0 counter.
 *
 * Computes a maximum-weight spanning tree of the plan graph (the reachable
 * blocks, a virtual exit X, the cfg edges, one virtual edge b -> X per
 * block where the method leaves or may stop, and X -> entry), by Kruskal
 * with union-find, forced edges first; every plan edge not in the tree gets
 * one 64-bit counter (Knuth, "The Art of Computer Programming" vol. 1,
 * 2.3.4.1 ex. 9-11; Ball & Larus, "Optimally Profiling and Tracing
 * Programs", TOPLAS 16(4) 1994, section 3: the edges of a spanning tree of
 * the graph plus exit -> entry are implied by flow conservation, and
 * putting the heaviest edges in the tree minimises the counted flow).
 * The rules (which edges are forced, where each increment goes, the
 * ordering that makes the plan deterministic) are in pgo/ingest.h and
 * docs/ingest.md.
 *
 * Also computes, once, the order in which reconstruct.c peels the tree
 * (leaves first: a node whose only unknown incident edge is its tree edge
 * to its parent determines it), so reconstruction is a linear pass with
 * no allocation.
 *
 * Costs: O(V + E log E) time (the sort), O(V + E) memory.  When it cannot:
 * PGO_ERR_INVALID for bad arguments or weights, PGO_ERR_NOMEM (nothing
 * leaks, *out = NULL), synthesis' own error when the default weights
 * cannot be computed.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_int.h"

/* --- allocation and messages -------------------------------------------- */

void *pgo__plan_alloc(const pgo_allocator *a, size_t n, size_t size) {
  if (n == 0)
    n = 1;
  if (size && n > SIZE_MAX / size)
    return NULL;
  return a->realloc(a->ud, NULL, 0, n * size);
}

void *pgo__plan_calloc(const pgo_allocator *a, size_t n, size_t size) {
  void *p = pgo__plan_alloc(a, n, size);
  if (p)
    memset(p, 0, (n ? n : 1) * size);
  return p;
}

void pgo__plan_dealloc(const pgo_allocator *a, void *p, size_t n,
                       size_t size) {
  if (!p)
    return;
  if (n == 0)
    n = 1;
  a->realloc(a->ud, p, n * size, 0);
}

pgo_status pgo__plan_fail(pgo_plan *p, pgo_status st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(p->msg, sizeof p->msg, fmt, ap);
  va_end(ap);
  return st;
}

const char *pgo_plan_errmsg(const pgo_plan *plan) {
  return plan ? plan->msg : "plan: NULL handle";
}

const pgo_cfg *pgo_plan_cfg(const pgo_plan *plan) {
  return plan ? plan->cfg : NULL;
}

void pgo_plan_free(pgo_plan *p) {
  if (!p)
    return;
  const pgo_allocator *a = &p->alloc;
  uint32_t nn = p->nblocks + 1;
  pgo__plan_dealloc(a, p->pe_src, p->npe, sizeof *p->pe_src);
  pgo__plan_dealloc(a, p->pe_dst, p->npe, sizeof *p->pe_dst);
  pgo__plan_dealloc(a, p->state, p->npe, sizeof *p->state);
  pgo__plan_dealloc(a, p->pe_counter, p->npe, sizeof *p->pe_counter);
  pgo__plan_dealloc(a, p->counter_pe, p->ncounters, sizeof *p->counter_pe);
  pgo__plan_dealloc(a, p->counter_place, p->ncounters,
                    sizeof *p->counter_place);
  pgo__plan_dealloc(a, p->peel_edge, p->ntree, sizeof *p->peel_edge);
  pgo__plan_dealloc(a, p->peel_node, p->ntree, sizeof *p->peel_node);
  pgo__plan_dealloc(a, p->val, p->npe, sizeof *p->val);
  pgo__plan_dealloc(a, p->in, nn, sizeof *p->in);
  pgo__plan_dealloc(a, p->out, nn, sizeof *p->out);
  pgo__plan_dealloc(a, p->reach, p->nblocks, sizeof *p->reach);
  pgo__plan_free_sites(p);
  pgo_allocator copy = p->alloc;
  copy.realloc(copy.ud, p, sizeof *p, 0);
}

/* --- building blocks ------------------------------------------------------ */

/* Union-find with path halving and union by size (Tarjan 1975). */
static uint32_t uf_find(uint32_t *parent, uint32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

/* Joins the sets of a and b; false when they were one set already. */
static bool uf_union(uint32_t *parent, uint32_t *size, uint32_t a,
                     uint32_t b) {
  a = uf_find(parent, a);
  b = uf_find(parent, b);
  if (a == b)
    return false;
  if (size[a] < size[b]) {
    uint32_t t = a;
    a = b;
    b = t;
  }
  parent[b] = a;
  size[a] += size[b];
  return true;
}

typedef struct cand {
  double w;
  uint32_t pe;
} cand;

/* Heaviest first, ties by plan-edge id: a total order, so qsort's lack of
 * stability cannot change the plan. */
static int cand_cmp(const void *x, const void *y) {
  const cand *a = x, *b = y;
  if (a->w > b->w)
    return -1;
  if (a->w < b->w)
    return 1;
  return a->pe < b->pe ? -1 : a->pe > b->pe;
}

/* Marks the blocks reachable from the entry (iterative DFS). */
static pgo_status mark_reachable(pgo_plan *p, uint32_t *stack) {
  const pgo_cfg *g = p->cfg;
  uint32_t sp = 0;
  p->reach[p->entry] = 1;
  stack[sp++] = p->entry;
  while (sp) {
    uint32_t b = stack[--sp];
    uint32_t e0 = pgo_cfg_succ_begin(g, b), ns = pgo_cfg_nsucc(g, b);
    for (uint32_t k = 0; k < ns; k++) {
      uint32_t d = pgo_cfg_edge_dst(g, e0 + k);
      if (!p->reach[d]) {
        p->reach[d] = 1;
        stack[sp++] = d;
      }
    }
  }
  return PGO_OK;
}

/* reaches[b] = 1 when an exit block is reachable from b (backward search
 * from the exits over predecessor lists). */
static void mark_reaches_exit(const pgo_plan *p, uint8_t *reaches,
                              uint32_t *stack) {
  const pgo_cfg *g = p->cfg;
  uint32_t sp = 0;
  for (uint32_t b = 0; b < p->nblocks; b++)
    if (p->reach[b] && pgo_cfg_is_exit(g, b)) {
      reaches[b] = 1;
      stack[sp++] = b;
    }
  while (sp) {
    uint32_t b = stack[--sp];
    const uint32_t *pr = pgo_cfg_preds(g, b);
    uint32_t np = pgo_cfg_npred(g, b);
    for (uint32_t k = 0; k < np; k++) {
      uint32_t s = pgo_cfg_edge_src(g, pr[k]);
      if (p->reach[s] && !reaches[s]) {
        reaches[s] = 1;
        stack[sp++] = s;
      }
    }
  }
}

/* Per plan edge weight, from a pfg (synthesized or the caller's).  A cfg
 * edge weighs N_src * e_ij, b -> X weighs N_b minus b's cfg outflow. */
static pgo_status read_weights(pgo_plan *p, const pgo_pfg *pfg, bool check,
                               double *w) {
  const pgo_cfg *g = p->cfg;
  for (uint32_t e = 0; e < p->nedges; e++) {
    double x = pgo_pfg_edge_count(pfg, e);
    if (check && (!(x >= 0) || isinf(x)))
      return pgo__plan_fail(p, PGO_ERR_INVALID,
                            "plan: weight of edge %u is %g (must be finite "
                            "and >= 0)",
                            e, x);
    w[e] = (x >= 0 && !isinf(x)) ? x : 0;
  }
  for (uint32_t b = 0; b < p->nblocks; b++) {
    double n = pgo_pfg_block_count(pfg, b);
    if (check && (!(n >= 0) || isinf(n)))
      return pgo__plan_fail(p, PGO_ERR_INVALID,
                            "plan: weight of block %u is %g (must be finite "
                            "and >= 0)",
                            b, n);
    if (!(n >= 0) || isinf(n))
      n = 0;
    uint32_t e0 = pgo_cfg_succ_begin(g, b), ns = pgo_cfg_nsucc(g, b);
    for (uint32_t k = 0; k < ns; k++)
      n -= w[e0 + k];
    w[p->nedges + b] = n > 0 ? n : 0;
  }
  w[p->nedges + p->nblocks] = 0; /* X -> entry is forced */
  return PGO_OK;
}

static pgo_status default_weights(pgo_plan *p, double *w) {
  pgo_synth *s = NULL;
  pgo_pfg *pfg = NULL;
  pgo_status st = pgo_synth_new(&p->alloc, &s);
  if (st == PGO_OK)
    st = pgo_pfg_new(&p->alloc, p->cfg, &pfg);
  if (st == PGO_OK) {
    st = pgo_synth_run(s, p->cfg, NULL, pfg);
    if (st == PGO_ERR_NOT_CONVERGED) /* counts written, finite: use them */
      st = PGO_OK;
    if (st != PGO_OK)
      pgo__plan_fail(p, st, "plan: synthesizing weights: %s",
                     pgo_synth_errmsg(s));
  } else {
    pgo__plan_fail(p, st, "plan: out of memory synthesizing weights");
  }
  if (st == PGO_OK)
    st = read_weights(p, pfg, false, w);
  pgo_pfg_free(pfg);
  pgo_synth_free(s);
  return st;
}

/* Where a counter on plan edge pe goes (rpred: reachable predecessors per
 * block, the entry's invocations included). */
static pgo_plan_place place_of(const pgo_plan *p, uint32_t pe,
                               const uint32_t *rpred) {
  if (pe == p->nedges + p->nblocks)
    return PGO_PLAN_PLACE_ENTRY;
  if (pe >= p->nedges)
    return PGO_PLAN_PLACE_SOURCE; /* b -> X: just before the return */
  uint32_t s = pgo_cfg_edge_src(p->cfg, pe), d = pgo_cfg_edge_dst(p->cfg, pe);
  /* the end of an exit block also runs when it leaves the method */
  if (pgo_cfg_nsucc(p->cfg, s) == 1 && !pgo_cfg_is_exit(p->cfg, s))
    return PGO_PLAN_PLACE_SOURCE;
  if (rpred[d] == 1)
    return PGO_PLAN_PLACE_DEST;
  return PGO_PLAN_PLACE_SPLIT;
}

/* Edges a materialiser cannot split like others: an invoke's unwind edge
 * (the landing pad would need a copy) and the edges of an indirect branch
 * (indirectbr / callbr: the targets are block addresses). */
static bool unsplittable(const pgo_cfg *g, uint32_t e) {
  pgo_term t = pgo_cfg_term(g, pgo_cfg_edge_src(g, e));
  return (t == PGO_TERM_INVOKE && pgo_cfg_edge_index(g, e) == 1) ||
         t == PGO_TERM_INDIRECT;
}

/* The tree's peeling order: BFS from X over tree edges, reversed. */
static pgo_status peel_order(pgo_plan *p, uint32_t *tmp_a, uint32_t *tmp_b,
                             uint32_t *tmp_c, uint32_t *tmp_d) {
  uint32_t nn = p->nblocks + 1, X = p->nblocks;
  uint32_t *off = tmp_a;    /* nn + 1 */
  uint32_t *adj = tmp_b;    /* 2 * ntree */
  uint32_t *order = tmp_c;  /* nn */
  uint32_t *parent = tmp_d; /* nn: tree edge to the parent */
  memset(off, 0, (size_t)(nn + 1) * sizeof *off);
  for (uint32_t pe = 0; pe < p->npe; pe++)
    if (p->state[pe] == PLAN_TREE) {
      off[pgo__plan_src(p, pe) + 1]++;
      off[pgo__plan_dst(p, pe) + 1]++;
    }
  for (uint32_t v = 0; v < nn; v++)
    off[v + 1] += off[v];
  for (uint32_t pe = 0; pe < p->npe; pe++)
    if (p->state[pe] == PLAN_TREE) {
      adj[off[pgo__plan_src(p, pe)]++] = pe;
      adj[off[pgo__plan_dst(p, pe)]++] = pe;
    }
  for (uint32_t v = nn; v > 0; v--) /* shift back: off[v] = start of v */
    off[v] = off[v - 1];
  off[0] = 0;
  for (uint32_t v = 0; v < nn; v++)
    parent[v] = PGO_NONE;
  uint32_t head = 0, tail = 0;
  order[tail++] = X;
  parent[X] = p->npe; /* visited; matches no plan edge */
  while (head < tail) {
    uint32_t u = order[head++];
    for (uint32_t k = off[u]; k < off[u + 1]; k++) {
      uint32_t pe = adj[k];
      if (pe == parent[u])
        continue;
      uint32_t s = pgo__plan_src(p, pe), d = pgo__plan_dst(p, pe);
      uint32_t v = s == u ? d : s;
      if (parent[v] != PGO_NONE) /* cannot happen in a tree */
        return pgo__plan_fail(p, PGO_ERR_CORRUPT,
                              "plan: internal error: tree has a cycle");
      parent[v] = pe;
      order[tail++] = v;
    }
  }
  if (tail != p->ntree + 1)
    return pgo__plan_fail(p, PGO_ERR_CORRUPT,
                          "plan: internal error: tree spans %u of %u nodes",
                          tail, p->ntree + 1);
  uint32_t k = 0;
  for (uint32_t i = tail; i-- > 1;) {
    p->peel_edge[k] = parent[order[i]];
    p->peel_node[k] = order[i];
    k++;
  }
  return PGO_OK;
}

/* --- pgo_plan_new ------------------------------------------------------- */

pgo_status pgo_plan_new(const pgo_allocator *alloc, pgo_cfg *cfg,
                        const pgo_pfg *weights, pgo_plan **out) {
  if (!out)
    return PGO_ERR_INVALID;
  *out = NULL;
  if (!cfg || !pgo_cfg_is_finished(cfg))
    return PGO_ERR_INVALID;
  if (weights && pgo_pfg_cfg(weights) != cfg)
    return PGO_ERR_INVALID;
  if (!alloc)
    alloc = pgo_default_allocator();
  uint32_t nb = pgo_cfg_nblocks(cfg), ne = pgo_cfg_nedges(cfg);
  if (nb == 0 || pgo_cfg_entry(cfg) >= nb)
    return PGO_ERR_INVALID;
  if ((uint64_t)ne + nb + 1 >= PGO_NONE - 1)
    return PGO_ERR_RANGE;

  pgo_plan *p = alloc->realloc(alloc->ud, NULL, 0, sizeof *p);
  if (!p)
    return PGO_ERR_NOMEM;
  memset(p, 0, sizeof *p);
  p->alloc = *alloc;
  p->cfg = cfg;
  p->nblocks = nb;
  p->nedges = ne;
  p->entry = pgo_cfg_entry(cfg);
  p->npe = ne + nb + 1;
  p->capacity = PGO_PLAN_VALUE_CAPACITY;
  const pgo_allocator *a = &p->alloc;
  uint32_t nn = nb + 1, npe = p->npe;

  /* temporaries */
  double *w = NULL;
  cand *cands = NULL;
  uint32_t *ufp = NULL, *ufs = NULL, *rpred = NULL, *stack = NULL;
  uint32_t *t_off = NULL, *t_adj = NULL;
  uint8_t *reaches = NULL, *forced = NULL;
  pgo_status st = PGO_ERR_NOMEM;

  p->pe_src = pgo__plan_alloc(a, npe, sizeof *p->pe_src);
  p->pe_dst = pgo__plan_alloc(a, npe, sizeof *p->pe_dst);
  p->state = pgo__plan_calloc(a, npe, sizeof *p->state);
  p->pe_counter = pgo__plan_alloc(a, npe, sizeof *p->pe_counter);
  p->reach = pgo__plan_calloc(a, nb, sizeof *p->reach);
  p->val = pgo__plan_alloc(a, npe, sizeof *p->val);
  p->in = pgo__plan_alloc(a, nn, sizeof *p->in);
  p->out = pgo__plan_alloc(a, nn, sizeof *p->out);
  w = pgo__plan_alloc(a, npe, sizeof *w);
  stack = pgo__plan_alloc(a, nn, sizeof *stack);
  reaches = pgo__plan_calloc(a, nb, sizeof *reaches);
  forced = pgo__plan_calloc(a, npe, sizeof *forced);
  rpred = pgo__plan_calloc(a, nb, sizeof *rpred);
  if (!p->pe_src || !p->pe_dst || !p->state || !p->pe_counter || !p->reach || !p->val || !p->in ||
      !p->out || !w || !stack || !reaches || !forced || !rpred) {
    pgo__plan_fail(p, st, "plan: out of memory");
    goto done;
  }

  for (uint32_t e = 0; e < ne; e++) {
    p->pe_src[e] = pgo_cfg_edge_src(cfg, e);
    p->pe_dst[e] = pgo_cfg_edge_dst(cfg, e);
  }
  for (uint32_t b = 0; b < nb; b++) {
    p->pe_src[ne + b] = b;
    p->pe_dst[ne + b] = nb; /* X */
  }
  p->pe_src[ne + nb] = nb;
  p->pe_dst[ne + nb] = p->entry;

  /* weights */
  if (weights)
    st = read_weights(p, weights, true, w);
  else
    st = default_weights(p, w);
  if (st != PGO_OK)
    goto done;
  st = PGO_ERR_NOMEM;

  /* the plan graph: which plan edges exist, which are forced (class 1:
   * stop edges; class 2: unsplittable edges into blocks with several
   * predecessors) */
  mark_reachable(p, stack);
  mark_reaches_exit(p, reaches, stack);
  for (uint32_t e = 0; e < ne; e++)
    if (p->reach[pgo_cfg_edge_src(cfg, e)]) {
      p->state[e] = PLAN_COUNTER; /* "exists"; the tree pass decides */
      rpred[pgo_cfg_edge_dst(cfg, e)]++;
    }
  rpred[p->entry]++; /* the invocations */
  for (uint32_t b = 0; b < nb; b++) {
    if (!p->reach[b])
      continue;
    bool exit = pgo_cfg_is_exit(cfg, b);
    /* an invoke of a noreturn function leaves through its unwind edge */
    bool noret = (pgo_cfg_flags(cfg, b) & PGO_BLOCK_NORETURN) != 0 &&
                 pgo_cfg_term(cfg, b) != PGO_TERM_INVOKE;
    bool stuck = !reaches[b];
    if (!exit && !noret && !stuck)
      continue;
    uint32_t pe = ne + b;
    p->state[pe] = PLAN_COUNTER;
    if (noret || stuck || pgo_cfg_term(cfg, b) == PGO_TERM_UNREACHABLE ||
        pgo_cfg_nsucc(cfg, b) > 0)
      forced[pe] = 1;
    p->stats.exits++;
  }
  for (uint32_t e = 0; e < ne; e++)
    if (p->state[e] && unsplittable(cfg, e) &&
        rpred[pgo_cfg_edge_dst(cfg, e)] > 1)
      forced[e] = 2;
  p->state[ne + nb] = PLAN_COUNTER;
  forced[ne + nb] = 3;

  /* Kruskal: forced classes in order, then by weight */
  ufp = pgo__plan_alloc(a, nn, sizeof *ufp);
  ufs = pgo__plan_alloc(a, nn, sizeof *ufs);
  cands = pgo__plan_alloc(a, npe, sizeof *cands);
  if (!ufp || !ufs || !cands) {
    pgo__plan_fail(p, st, "plan: out of memory");
    goto done;
  }
  for (uint32_t v = 0; v < nn; v++) {
    ufp[v] = v;
    ufs[v] = 1;
  }
  for (uint8_t cls = 1; cls <= 3; cls++)
    for (uint32_t pe = 0; pe < npe; pe++)
      if (forced[pe] == cls &&
          uf_union(ufp, ufs, pgo__plan_src(p, pe), pgo__plan_dst(p, pe))) {
        p->state[pe] = PLAN_TREE;
        p->ntree++;
        p->stats.forced++;
      }
  uint32_t nc = 0;
  for (uint32_t pe = 0; pe < npe; pe++)
    if (p->state[pe] == PLAN_COUNTER && !forced[pe]) {
      cands[nc].w = w[pe];
      cands[nc].pe = pe;
      nc++;
    }
  qsort(cands, nc, sizeof *cands, cand_cmp);
  for (uint32_t i = 0; i < nc; i++) {
    uint32_t pe = cands[i].pe;
    if (pgo__plan_src(p, pe) == pgo__plan_dst(p, pe))
      continue; /* a self loop is never a tree edge */
    if (uf_union(ufp, ufs, pgo__plan_src(p, pe), pgo__plan_dst(p, pe))) {
      p->state[pe] = PLAN_TREE;
      p->ntree++;
    }
  }

  /* counters, ascending plan-edge id */
  for (uint32_t pe = 0; pe < npe; pe++) {
    p->pe_counter[pe] = PGO_NONE;
    if (p->state[pe] == PLAN_COUNTER)
      p->ncounters++;
  }
  p->counter_pe = pgo__plan_alloc(a, p->ncounters, sizeof *p->counter_pe);
  p->counter_place =
      pgo__plan_alloc(a, p->ncounters, sizeof *p->counter_place);
  p->peel_edge = pgo__plan_alloc(a, p->ntree, sizeof *p->peel_edge);
  p->peel_node = pgo__plan_alloc(a, p->ntree, sizeof *p->peel_node);
  t_off = pgo__plan_alloc(a, nn + 1, sizeof *t_off);
  t_adj = pgo__plan_alloc(a, 2 * (size_t)p->ntree, sizeof *t_adj);
  if (!p->counter_pe || !p->counter_place || !p->peel_edge ||
      !p->peel_node || !t_off || !t_adj) {
    pgo__plan_fail(p, st, "plan: out of memory");
    goto done;
  }
  uint32_t c = 0;
  for (uint32_t pe = 0; pe < npe; pe++)
    if (p->state[pe] == PLAN_COUNTER) {
      pgo_plan_place pl = place_of(p, pe, rpred);
      p->pe_counter[pe] = c;
      p->counter_pe[c] = pe;
      p->counter_place[c] = (uint8_t)pl;
      if (pe < ne)
        p->stats.cfg_counters++;
      if (pl == PGO_PLAN_PLACE_SPLIT)
        p->stats.critical++;
      c++;
    }

  /* tree peeling order (ufp, ufs reused as scratch) */
  st = peel_order(p, t_off, t_adj, stack, ufp);
  if (st != PGO_OK)
    goto done;

  for (uint32_t b = 0; b < nb; b++)
    if (p->reach[b]) {
      p->stats.blocks++;
      p->stats.edges += pgo_cfg_nsucc(cfg, b);
    }
  p->stats.counters = p->ncounters;
  st = PGO_OK;

done:
  pgo__plan_dealloc(a, w, npe, sizeof *w);
  pgo__plan_dealloc(a, cands, npe, sizeof *cands);
  pgo__plan_dealloc(a, ufp, nn, sizeof *ufp);
  pgo__plan_dealloc(a, ufs, nn, sizeof *ufs);
  pgo__plan_dealloc(a, rpred, nb, sizeof *rpred);
  pgo__plan_dealloc(a, stack, nn, sizeof *stack);
  pgo__plan_dealloc(a, reaches, nb, sizeof *reaches);
  pgo__plan_dealloc(a, forced, npe, sizeof *forced);
  pgo__plan_dealloc(a, t_off, nn + 1, sizeof *t_off);
  pgo__plan_dealloc(a, t_adj, 2 * (size_t)p->ntree, sizeof *t_adj);
  if (st != PGO_OK) {
    pgo_plan_free(p);
    return st;
  }
  *out = p;
  return PGO_OK;
}
