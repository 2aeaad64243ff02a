/*
 * ingest_test_util.h -- helpers shared by the probe-plan suites: a builder
 * from an edge list with terminators and flags, and the "truth" machine:
 * random walks from the entry that record every block visit, edge
 * traversal and where each run left the method (an exit, a noreturn
 * block, or a stop inside an exit-less loop), and the plan's counters as
 * the instrumented program would have left them.
 */
#ifndef PGO_INGEST_TEST_UTIL_H
#define PGO_INGEST_TEST_UTIL_H

#include "../core/core_test_util.h"

#include <pgo/ingest.h>

/* Builds n blocks (IL offset 10*i, 10 instructions, key "t"/il_size
 * 10*n), edges in the given order; term[i] / flags[i] when the arrays are
 * given (0 = derive: return when no successors, jump / branch / switch
 * by successor count). */
static inline pgo_cfg *tg_build(const pgo_allocator *a, uint32_t n,
                                const uint32_t (*edges)[2], uint32_t m,
                                const pgo_term *term, const unsigned *flags,
                                uint32_t entry) {
  pgo_cfg *g = NULL;
  ck_assert_int_eq(pgo_cfg_new(a, &g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_key(g, "t", 1, 10 * n), PGO_OK);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t b;
    ck_assert_int_eq(pgo_cfg_add_block(g, 10 * i, 10, &b), PGO_OK);
  }
  for (uint32_t k = 0; k < m; k++)
    ck_assert_int_eq(pgo_cfg_add_edge(g, edges[k][0], edges[k][1]), PGO_OK);
  ck_assert_int_eq(pgo_cfg_set_entry(g, entry), PGO_OK);
  for (uint32_t i = 0; i < n; i++) {
    pgo_term t = term ? term[i] : PGO_TERM_NONE;
    if (t == PGO_TERM_NONE) {
      uint32_t ns = pgo_cfg_nsucc(g, i);
      t = ns == 0 ? PGO_TERM_RETURN
                  : ns == 1 ? PGO_TERM_JUMP
                            : ns == 2 ? PGO_TERM_BRANCH : PGO_TERM_SWITCH;
    }
    ck_assert_int_eq(pgo_cfg_set_term(g, i, t), PGO_OK);
    if (flags && flags[i])
      ck_assert_int_eq(pgo_cfg_set_flags(g, i, flags[i]), PGO_OK);
  }
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  return g;
}

#define TG(n, E) tg_build(NULL, (n), (E), sizeof(E) / sizeof((E)[0]), NULL, NULL, 0)

static uint64_t tg_rng = 88172645463325252ull;
static inline uint32_t tg_rnd(uint32_t bound) {
  tg_rng ^= tg_rng << 13;
  tg_rng ^= tg_rng >> 7;
  tg_rng ^= tg_rng << 17;
  return (uint32_t)((tg_rng >> 16) % bound);
}

/* True counts of a set of runs. */
typedef struct truth {
  uint32_t nb, ne;
  uint64_t *block, *edge, *leave; /* leave[b]: runs that left at b */
  uint64_t entry;
  uint32_t *dist; /* shortest distance to an exit, UINT32_MAX if none */
} truth;

static inline void truth_init(truth *t, const pgo_cfg *g) {
  t->nb = pgo_cfg_nblocks(g);
  t->ne = pgo_cfg_nedges(g);
  t->block = calloc(t->nb, sizeof *t->block);
  t->edge = calloc(t->ne ? t->ne : 1, sizeof *t->edge);
  t->leave = calloc(t->nb, sizeof *t->leave);
  t->dist = malloc(t->nb * sizeof *t->dist);
  t->entry = 0;
  uint32_t *q = malloc(t->nb * sizeof *q), h = 0, tl = 0;
  for (uint32_t b = 0; b < t->nb; b++) {
    t->dist[b] = UINT32_MAX;
    if (pgo_cfg_is_exit(g, b)) {
      t->dist[b] = 0;
      q[tl++] = b;
    }
  }
  while (h < tl) {
    uint32_t b = q[h++];
    const uint32_t *pr = pgo_cfg_preds(g, b);
    for (uint32_t k = 0; k < pgo_cfg_npred(g, b); k++) {
      uint32_t s = pgo_cfg_edge_src(g, pr[k]);
      if (t->dist[s] == UINT32_MAX) {
        t->dist[s] = t->dist[b] + 1;
        q[tl++] = s;
      }
    }
  }
  free(q);
}

static inline void truth_free(truth *t) {
  free(t->block);
  free(t->edge);
  free(t->leave);
  free(t->dist);
}

static inline uint64_t *truth_counters(const truth *t, const pgo_plan *p);

/* The instrumented program: each counter incremented where the plan put
 * it (not where the truth says the edge is), so placements are checked by
 * execution.  Per block at most one SOURCE counter (its single successor,
 * or its return) and one DEST counter (its single predecessor); per edge
 * at most one SPLIT counter. */
typedef struct sim {
  uint32_t nc;
  uint64_t *c;
  uint32_t *src_c, *dst_c, *split_c, entry_c;
} sim;

static inline void sim_init(sim *s, const pgo_cfg *g, const pgo_plan *p) {
  uint32_t nb = pgo_cfg_nblocks(g), ne = pgo_cfg_nedges(g);
  s->nc = pgo_plan_ncounters(p);
  s->c = calloc(s->nc ? s->nc : 1, sizeof *s->c);
  s->src_c = malloc(nb * sizeof *s->src_c);
  s->dst_c = malloc(nb * sizeof *s->dst_c);
  s->split_c = malloc((ne ? ne : 1) * sizeof *s->split_c);
  s->entry_c = PGO_NONE;
  for (uint32_t b = 0; b < nb; b++)
    s->src_c[b] = s->dst_c[b] = PGO_NONE;
  for (uint32_t e = 0; e < ne; e++)
    s->split_c[e] = PGO_NONE;
  for (uint32_t i = 0; i < s->nc; i++) {
    pgo_plan_counter c;
    ck_assert_int_eq(pgo_plan_counter_info(p, i, &c), PGO_OK);
    switch (c.place) {
    case PGO_PLAN_PLACE_SOURCE:
      ck_assert_uint_eq(s->src_c[c.host], PGO_NONE);
      s->src_c[c.host] = i;
      break;
    case PGO_PLAN_PLACE_DEST:
      ck_assert_uint_eq(s->dst_c[c.host], PGO_NONE);
      s->dst_c[c.host] = i;
      break;
    case PGO_PLAN_PLACE_SPLIT:
      ck_assert_uint_eq(c.kind, PGO_PLAN_EDGE_CFG);
      s->split_c[c.edge] = i;
      break;
    case PGO_PLAN_PLACE_ENTRY:
      s->entry_c = i;
      break;
    default:
      ck_abort_msg("counter %u: bad placement", i);
    }
  }
}

static inline void sim_free(sim *s) {
  free(s->c);
  free(s->src_c);
  free(s->dst_c);
  free(s->split_c);
}

/* Does leaving the method at b run b's end (a return or throw), or does
 * the run stop inside b (a noreturn call, `unreachable`, a kill)? */
static inline bool tg_stops_in(const truth *t, const pgo_cfg *g, uint32_t b) {
  bool noret = (pgo_cfg_flags(g, b) & PGO_BLOCK_NORETURN) != 0 &&
               pgo_cfg_term(g, b) != PGO_TERM_INVOKE;
  return noret || t->dist[b] == UINT32_MAX ||
         pgo_cfg_term(g, b) == PGO_TERM_UNREACHABLE;
}

/* One run from the entry.  A run may leave at an exit (always when the
 * block has no successor), stop at a PGO_BLOCK_NORETURN block, or stop
 * anywhere no exit is reachable from; after `budget` steps it heads for
 * the nearest exit (or stops, when none is reachable). */
static inline void truth_walk_sim(truth *t, const pgo_cfg *g, uint32_t budget,
                                  sim *sm) {
  uint32_t b = pgo_cfg_entry(g);
  t->entry++;
  if (sm && sm->entry_c != PGO_NONE)
    sm->c[sm->entry_c]++;
  for (uint32_t step = 0;; step++) {
    t->block[b]++;
    uint32_t ns = pgo_cfg_nsucc(g, b);
    bool exit = pgo_cfg_is_exit(g, b);
    bool noret = (pgo_cfg_flags(g, b) & PGO_BLOCK_NORETURN) != 0 &&
                 pgo_cfg_term(g, b) != PGO_TERM_INVOKE;
    bool stuck = t->dist[b] == UINT32_MAX;
    bool may_leave = exit || noret || stuck;
    bool leave;
    if (ns == 0)
      leave = true;
    else if (step >= budget)
      leave = may_leave;
    else
      leave = (exit && tg_rnd(3) == 0) || (noret && tg_rnd(4) == 0) ||
              (stuck && tg_rnd(20) == 0);
    if (leave) {
      t->leave[b]++;
      if (sm && sm->src_c[b] != PGO_NONE && !tg_stops_in(t, g, b))
        sm->c[sm->src_c[b]]++;
      return;
    }
    uint32_t e0 = pgo_cfg_succ_begin(g, b), k;
    if (step >= budget) { /* head for an exit */
      for (k = 0; k < ns; k++)
        if (t->dist[pgo_cfg_edge_dst(g, e0 + k)] + 1 == t->dist[b])
          break;
      ck_assert_uint_lt(k, ns);
    } else {
      k = tg_rnd(ns);
    }
    t->edge[e0 + k]++;
    uint32_t from = b;
    b = pgo_cfg_edge_dst(g, e0 + k);
    if (sm) { /* the end of `from`, the edge, the top of b */
      if (sm->src_c[from] != PGO_NONE)
        sm->c[sm->src_c[from]]++;
      if (sm->split_c[e0 + k] != PGO_NONE)
        sm->c[sm->split_c[e0 + k]]++;
      if (sm->dst_c[b] != PGO_NONE)
        sm->c[sm->dst_c[b]]++;
    }
  }
}

static inline void truth_walk(truth *t, const pgo_cfg *g, uint32_t budget) {
  truth_walk_sim(t, g, budget, NULL);
}

/* The simulated counters equal the ones the truth implies. */
static inline void sim_check(const sim *sm, const truth *t,
                             const pgo_plan *p) {
  uint64_t *want = NULL;
  want = truth_counters(t, p);
  for (uint32_t i = 0; i < sm->nc; i++)
    ck_assert_msg(sm->c[i] == want[i],
                  "counter %u as placed: %llu, on its edge: %llu", i,
                  (unsigned long long)sm->c[i], (unsigned long long)want[i]);
  free(want);
}

/* The counters as the instrumented runs left them. */
static inline uint64_t *truth_counters(const truth *t, const pgo_plan *p) {
  uint32_t nc = pgo_plan_ncounters(p);
  uint64_t *c = malloc((nc ? nc : 1) * sizeof *c);
  for (uint32_t i = 0; i < nc; i++) {
    pgo_plan_counter info;
    ck_assert_int_eq(pgo_plan_counter_info(p, i, &info), PGO_OK);
    switch (info.kind) {
    case PGO_PLAN_EDGE_CFG:
      c[i] = t->edge[info.edge];
      break;
    case PGO_PLAN_EDGE_EXIT:
      c[i] = t->leave[info.src];
      break;
    default:
      c[i] = t->entry;
      break;
    }
  }
  return c;
}

/* Reconstructs from the plan's counters and asserts every count equals the
 * truth, with no repair.  Returns the number of counters. */
static inline uint32_t truth_check(const truth *t, pgo_plan *p) {
  uint64_t *c = truth_counters(t, p);
  uint64_t *bc = malloc(t->nb * sizeof *bc);
  uint64_t *ec = malloc((t->ne ? t->ne : 1) * sizeof *ec);
  uint64_t *xc = malloc(t->nb * sizeof *xc);
  pgo_plan_result r;
  uint32_t nc = pgo_plan_ncounters(p);
  ck_assert_int_eq(pgo_plan_reconstruct(p, c, nc, bc, ec, xc, &r), PGO_OK);
  ck_assert_msg(!r.repaired, "repaired a balanced run (clamped %u)",
                r.clamped_edges);
  ck_assert_uint_eq(r.imbalance, 0);
  ck_assert_uint_eq(r.entry, t->entry);
  for (uint32_t b = 0; b < t->nb; b++) {
    ck_assert_msg(bc[b] == t->block[b], "block %u: %llu, truth %llu", b,
                  (unsigned long long)bc[b], (unsigned long long)t->block[b]);
    ck_assert_msg(xc[b] == t->leave[b], "leave %u: %llu, truth %llu", b,
                  (unsigned long long)xc[b], (unsigned long long)t->leave[b]);
  }
  for (uint32_t e = 0; e < t->ne; e++)
    ck_assert_msg(ec[e] == t->edge[e], "edge %u: %llu, truth %llu", e,
                  (unsigned long long)ec[e], (unsigned long long)t->edge[e]);
  free(c);
  free(bc);
  free(ec);
  free(xc);
  return nc;
}

#endif
