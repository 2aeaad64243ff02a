/*
 * test_random.c -- the property test of probe plans: on 1,200 seeded random
 * graphs (1..60 blocks; self loops, parallel edges, unreachable blocks,
 * exit-less loops, irreducible cycles, a non-zero entry, invokes with
 * shared and private landing pads, noreturn and unreachable-terminated
 * blocks, exits that still have successors) and on every shape of
 * bench/common/shapes.c at several sizes and seeds:
 *   - random walks from the entry give the true block, edge and leave
 *     counts; only the plan's counters are kept; reconstruction must give
 *     back exactly the truth, unflagged;
 *   - the plan's structure: ncounters = plan edges - reachable blocks;
 *     every placement is legal (source: one successor; destination: one
 *     reachable predecessor, not the entry; split: critical); stop edges
 *     are tree edges; the same graph gives the same plan;
 *   - arbitrary counter values never fail: the output conserves flow
 *     exactly when unflagged, and each block count is max(inflow, outflow)
 *     of the output when flagged.
 * Feature counters make the suite fail if a case was not exercised enough
 * (so it cannot pass vacuously).
 */
#include "ingest_test_util.h"

#include "shapes.h"

#include <stdio.h>

__extension__ typedef __int128 i128;

#define MAXN 64
#define MAXE 400

typedef struct feats {
  uint32_t graphs, irreducible, stuck, entry_counter, critical, dest,
      unwind_forced, unwind_counted, unwind_split, indirect_forced,
      indirect_split, noreturn, unreachable, exit_with_succ,
      repaired, unflagged_random, parallel;
} feats;

static feats F;

/* A random graph (as test/core/test_random.c builds them) with random
 * terminators and flags. */
static pgo_cfg *gen(int i) {
  uint32_t n = 1 + (i < 400 ? tg_rnd(10) : i < 800 ? tg_rnd(30) : tg_rnd(60));
  uint32_t style = tg_rnd(4), maxdeg = 1 + tg_rnd(4);
  static uint32_t E[MAXE][2];
  uint32_t m = 0;
  for (uint32_t b = 0; b < n; b++) {
    uint32_t k = tg_rnd(maxdeg + 1);
    if (style == 0 && b + 1 < n && k == 0)
      k = 1;
    for (uint32_t j = 0; j < k && m < MAXE; j++) {
      uint32_t t = (style <= 1 && tg_rnd(4) != 0) ? b + 1 + tg_rnd(3)
                                                  : tg_rnd(n);
      if (t >= n)
        t = tg_rnd(n);
      E[m][0] = b;
      E[m][1] = t;
      m++;
    }
  }
  /* terminators and flags from the successor counts */
  static pgo_term term[MAXN];
  static unsigned flags[MAXN];
  uint32_t ns[MAXN] = {0};
  for (uint32_t k = 0; k < m; k++)
    ns[E[k][0]]++;
  for (uint32_t b = 0; b < n; b++) {
    flags[b] = 0;
    term[b] = PGO_TERM_NONE; /* derived by tg_build */
    if (ns[b] == 0) {
      uint32_t r = tg_rnd(6);
      term[b] = r == 0 ? PGO_TERM_UNREACHABLE
                       : r == 1 ? PGO_TERM_THROW : PGO_TERM_RETURN;
      if (r == 0 && tg_rnd(2))
        flags[b] |= PGO_BLOCK_NORETURN;
    } else if (ns[b] == 2 && tg_rnd(4) == 0) {
      term[b] = PGO_TERM_INVOKE;
      flags[b] |= PGO_BLOCK_CALLS;
    } else if (ns[b] >= 2 && tg_rnd(6) == 0) {
      term[b] = PGO_TERM_INDIRECT; /* indirectbr: unsplittable edges */
    } else if (tg_rnd(25) == 0) {
      term[b] = PGO_TERM_THROW; /* an exit that still has successors */
    }
    if (ns[b] > 0 && tg_rnd(15) == 0)
      flags[b] |= PGO_BLOCK_NORETURN | PGO_BLOCK_CALLS;
  }
  uint32_t entry = tg_rnd(5) == 0 ? tg_rnd(n) : 0;
  return tg_build(NULL, n, (const uint32_t(*)[2])E, m, term, flags, entry);
}

/* Random caller weights (zeros and ties included). */
static pgo_pfg *random_weights(pgo_cfg *g) {
  pgo_pfg *w = NULL;
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &w), PGO_OK);
  for (uint32_t b = 0; b < pgo_cfg_nblocks(g); b++) {
    pgo_pfg_set_block_count(w, b, (double)tg_rnd(4), PGO_PROV_SYNTHESIZED);
    uint32_t e0 = pgo_cfg_succ_begin(g, b), ns = pgo_cfg_nsucc(g, b);
    for (uint32_t k = 0; k < ns; k++)
      pgo_pfg_set_edge_prob(w, e0 + k, 1.0 / ns, PGO_PROV_SYNTHESIZED);
  }
  return w;
}

static uint32_t reachable_preds(const pgo_cfg *g, uint32_t b,
                                const uint64_t *reach) {
  uint32_t n = b == pgo_cfg_entry(g);
  const uint32_t *pr = pgo_cfg_preds(g, b);
  for (uint32_t k = 0; k < pgo_cfg_npred(g, b); k++)
    n += reach[pgo_cfg_edge_src(g, pr[k])] != 0;
  return n;
}

static bool unsplittable(const pgo_cfg *g, uint32_t e) {
  pgo_term t = pgo_cfg_term(g, pgo_cfg_edge_src(g, e));
  return (t == PGO_TERM_INVOKE && pgo_cfg_edge_index(g, e) == 1) ||
         t == PGO_TERM_INDIRECT;
}

static uint32_t ufind(uint32_t *par, uint32_t x) {
  while (par[x] != x)
    x = par[x] = par[par[x]];
  return x;
}

/* Do the forced edges of classes 1-2 other than `skip` connect a and b?
 * (An unsplittable edge may be counted only then.) */
static bool forced_connect(const pgo_cfg *g, const uint64_t *reach,
                           const uint32_t *dist, uint32_t skip, uint32_t a,
                           uint32_t b) {
  uint32_t nb = pgo_cfg_nblocks(g), X = nb;
  uint32_t *par = malloc((nb + 1) * sizeof *par);
  for (uint32_t v = 0; v <= nb; v++)
    par[v] = v;
  for (uint32_t v = 0; v < nb; v++) {
    if (!reach[v])
      continue;
    bool noret = (pgo_cfg_flags(g, v) & PGO_BLOCK_NORETURN) &&
                 pgo_cfg_term(g, v) != PGO_TERM_INVOKE;
    bool exit = pgo_cfg_is_exit(g, v);
    if (noret || dist[v] == UINT32_MAX ||
        (exit && (pgo_cfg_term(g, v) == PGO_TERM_UNREACHABLE ||
                  pgo_cfg_nsucc(g, v) > 0)))
      par[ufind(par, v)] = ufind(par, X);
  }
  for (uint32_t e = 0; e < pgo_cfg_nedges(g); e++) {
    uint32_t s = pgo_cfg_edge_src(g, e), d = pgo_cfg_edge_dst(g, e);
    if (e == skip || !reach[s] || !unsplittable(g, e) ||
        reachable_preds(g, d, reach) < 2)
      continue;
    par[ufind(par, s)] = ufind(par, d);
  }
  bool r = ufind(par, a) == ufind(par, b);
  free(par);
  return r;
}

/* Structure of the plan (reach[b] != 0 iff b is reachable). */
static void check_structure(pgo_cfg *g, pgo_plan *p, const uint64_t *reach,
                            const uint32_t *dist) {
  uint32_t nb = pgo_cfg_nblocks(g), ne = pgo_cfg_nedges(g);
  uint32_t nreach = 0, npe = 1, ntree = 0;
  for (uint32_t b = 0; b < nb; b++) {
    if (!reach[b])
      continue;
    nreach++;
    npe += pgo_cfg_nsucc(g, b);
    bool noret = (pgo_cfg_flags(g, b) & PGO_BLOCK_NORETURN) &&
                 pgo_cfg_term(g, b) != PGO_TERM_INVOKE;
    bool stuck = dist[b] == UINT32_MAX;
    if (pgo_cfg_is_exit(g, b) || noret || stuck) {
      npe++;
      /* stop edges are tree edges */
      if (noret || stuck || pgo_cfg_term(g, b) == PGO_TERM_UNREACHABLE ||
          pgo_cfg_nsucc(g, b) > 0)
        ck_assert(pgo_plan_in_tree(p, ne + b));
      else
        ck_assert(pgo_plan_in_tree(p, ne + b) ||
                  pgo_plan_exit_counter(p, b) != PGO_NONE);
      if (stuck)
        F.stuck++;
      if (noret)
        F.noreturn++;
      if (pgo_cfg_term(g, b) == PGO_TERM_UNREACHABLE)
        F.unreachable++;
      if (pgo_cfg_is_exit(g, b) && pgo_cfg_nsucc(g, b) > 0)
        F.exit_with_succ++;
    } else {
      ck_assert(!pgo_plan_in_tree(p, ne + b));
      ck_assert_uint_eq(pgo_plan_exit_counter(p, b), PGO_NONE);
    }
  }
  for (uint32_t pe = 0; pe < ne + nb + 1; pe++)
    ntree += pgo_plan_in_tree(p, pe);
  ck_assert_uint_eq(ntree, nreach);
  ck_assert_uint_eq(pgo_plan_ncounters(p), npe - nreach);
  pgo_plan_stats s;
  pgo_plan_get_stats(p, &s);
  ck_assert_uint_eq(s.blocks, nreach);
  ck_assert_uint_eq(s.counters, npe - nreach);
  uint32_t prev = 0;
  for (uint32_t c = 0; c < pgo_plan_ncounters(p); c++) {
    pgo_plan_counter i;
    ck_assert_int_eq(pgo_plan_counter_info(p, c, &i), PGO_OK);
    ck_assert(c == 0 || i.plan_edge > prev); /* ascending */
    prev = i.plan_edge;
    ck_assert(!pgo_plan_in_tree(p, i.plan_edge));
    if (i.kind == PGO_PLAN_EDGE_ENTRY) {
      F.entry_counter++;
      ck_assert_int_eq(i.place, PGO_PLAN_PLACE_ENTRY);
      continue;
    }
    ck_assert(reach[i.src]);
    if (i.kind == PGO_PLAN_EDGE_EXIT) {
      ck_assert_int_eq(i.place, PGO_PLAN_PLACE_SOURCE);
      ck_assert_uint_eq(pgo_cfg_nsucc(g, i.src), 0);
      continue;
    }
    ck_assert_uint_eq(pgo_plan_edge_counter(p, i.edge), c);
    uint32_t ns = pgo_cfg_nsucc(g, i.src);
    uint32_t np = reachable_preds(g, i.dst, reach);
    switch (i.place) {
    case PGO_PLAN_PLACE_SOURCE:
      ck_assert_uint_eq(ns, 1);
      ck_assert(!pgo_cfg_is_exit(g, i.src));
      ck_assert_uint_eq(i.host, i.src);
      break;
    case PGO_PLAN_PLACE_DEST:
      ck_assert(ns > 1 || pgo_cfg_is_exit(g, i.src)); /* plan out-degree */
      ck_assert_uint_eq(np, 1);
      ck_assert_uint_ne(i.dst, pgo_cfg_entry(g));
      ck_assert_uint_eq(i.host, i.dst);
      F.dest++;
      break;
    case PGO_PLAN_PLACE_SPLIT:
      ck_assert(ns > 1 || pgo_cfg_is_exit(g, i.src));
      ck_assert_uint_gt(np, 1);
      ck_assert(i.critical);
      F.critical++;
      break;
    default:
      ck_abort_msg("bad placement %d", (int)i.place);
    }
    if (unsplittable(g, i.edge) && np > 1) {
      /* kept in the tree unless forced edges alone closed a cycle */
      ck_assert(i.critical);
      ck_assert(forced_connect(g, reach, dist, i.edge, i.src, i.dst));
      if (i.unwind)
        F.unwind_split++;
      else
        F.indirect_split++;
    } else if (i.unwind) {
      F.unwind_counted++;
    }
  }
  for (uint32_t e = 0; e < ne; e++) {
    uint32_t s = pgo_cfg_edge_src(g, e), d = pgo_cfg_edge_dst(g, e);
    if (reach[s] && pgo_cfg_term(g, s) == PGO_TERM_INVOKE &&
        pgo_cfg_edge_index(g, e) == 1 && reachable_preds(g, d, reach) > 1 &&
        pgo_plan_in_tree(p, e))
      F.unwind_forced++;
    if (reach[s] && pgo_cfg_term(g, s) == PGO_TERM_INDIRECT &&
        reachable_preds(g, d, reach) > 1 && pgo_plan_in_tree(p, e))
      F.indirect_forced++;
    if (reach[s] && e > 0 && pgo_cfg_edge_src(g, e - 1) == s &&
        pgo_cfg_edge_dst(g, e - 1) == d)
      F.parallel++;
  }
}

/* Arbitrary counter values: never a failure, conservation when not
 * flagged, max(in, out) when flagged. */
static void check_random_values(pgo_cfg *g, pgo_plan *p) {
  uint32_t nb = pgo_cfg_nblocks(g), ne = pgo_cfg_nedges(g);
  uint32_t nc = pgo_plan_ncounters(p);
  uint64_t *v = malloc(nc * sizeof *v);
  for (uint32_t c = 0; c < nc; c++)
    v[c] = tg_rnd(8) == 0 ? UINT64_MAX - tg_rnd(3) : tg_rnd(20);
  uint64_t *bc = malloc(nb * sizeof *bc), *xc = malloc(nb * sizeof *xc);
  uint64_t *ec = malloc((ne ? ne : 1) * sizeof *ec);
  pgo_plan_result r;
  ck_assert_int_eq(pgo_plan_reconstruct(p, v, nc, bc, ec, xc, &r), PGO_OK);
  if (r.repaired) {
    F.repaired++;
    ck_assert_uint_gt(r.clamped_edges, 0);
  } else {
    F.unflagged_random++;
    ck_assert_uint_eq(r.clamped + r.clamped_edges + r.imbalance, 0);
  }
  /* per block: inflow and outflow of the output, in 128 bits */
  for (uint32_t b = 0; b < nb; b++) {
    i128 in = 0, out = xc[b];
    const uint32_t *pr = pgo_cfg_preds(g, b);
    for (uint32_t k = 0; k < pgo_cfg_npred(g, b); k++)
      in += ec[pr[k]];
    uint32_t e0 = pgo_cfg_succ_begin(g, b);
    for (uint32_t k = 0; k < pgo_cfg_nsucc(g, b); k++)
      out += ec[e0 + k];
    if (b == pgo_cfg_entry(g)) {
      if (r.repaired) /* the entry count may have been raised */
        continue;
      in += r.entry;
    }
    i128 mx = in > out ? in : out;
    if (mx > (i128)UINT64_MAX)
      mx = UINT64_MAX;
    ck_assert_msg((i128)bc[b] == mx, "block %u count vs max(in, out)",
                  b);
    if (!r.repaired)
      ck_assert_msg(in == out, "block %u does not conserve", b);
  }
  free(v);
  free(bc);
  free(ec);
  free(xc);
}

static void check_graph(pgo_cfg *g, bool caller_weights, uint32_t nwalks,
                        uint32_t budget) {
  pgo_pfg *w = caller_weights ? random_weights(g) : NULL;
  pgo_plan *p = NULL;
  ck_assert_int_eq(pgo_plan_new(NULL, g, w, &p), PGO_OK);
  truth t;
  truth_init(&t, g);
  /* reachability: one walk that visits nothing would not tell; use a
   * plain search */
  uint32_t nb = pgo_cfg_nblocks(g);
  uint64_t *reach = calloc(nb, sizeof *reach);
  uint32_t *st = malloc(nb * sizeof *st), sp = 0;
  reach[pgo_cfg_entry(g)] = 1;
  st[sp++] = pgo_cfg_entry(g);
  while (sp) {
    uint32_t b = st[--sp];
    uint32_t e0 = pgo_cfg_succ_begin(g, b);
    for (uint32_t k = 0; k < pgo_cfg_nsucc(g, b); k++) {
      uint32_t d = pgo_cfg_edge_dst(g, e0 + k);
      if (!reach[d]) {
        reach[d] = 1;
        st[sp++] = d;
      }
    }
  }
  check_structure(g, p, reach, t.dist);
  truth_check(&t, p); /* no runs: all zero */
  sim sm;
  sim_init(&sm, g, p);
  for (uint32_t i = 0; i < nwalks; i++)
    truth_walk_sim(&t, g, budget, &sm);
  sim_check(&sm, &t, p); /* the increments where the plan put them */
  truth_check(&t, p);
  sim_free(&sm);
  check_random_values(g, p);

  /* the same graph and weights give the same plan */
  pgo_plan *q = NULL;
  ck_assert_int_eq(pgo_plan_new(NULL, g, w, &q), PGO_OK);
  ck_assert_uint_eq(pgo_plan_ncounters(q), pgo_plan_ncounters(p));
  for (uint32_t c = 0; c < pgo_plan_ncounters(p); c++) {
    pgo_plan_counter a, b;
    pgo_plan_counter_info(p, c, &a);
    pgo_plan_counter_info(q, c, &b);
    ck_assert_uint_eq(a.plan_edge, b.plan_edge);
    ck_assert_int_eq(a.place, b.place);
  }
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL), PGO_OK);
  if (pgo_cfg_nirreducible(g) > 0)
    F.irreducible++;
  F.graphs++;
  pgo_plan_free(q);
  free(reach);
  free(st);
  truth_free(&t);
  pgo_plan_free(p);
  pgo_pfg_free(w);
}

START_TEST(random_graphs_reconstruct_exactly) {
  memset(&F, 0, sizeof F);
  tg_rng = 0x9e3779b97f4a7c15ull;
  for (int i = 0; i < 1200; i++) {
    pgo_cfg *g = gen(i);
    check_graph(g, i % 2 == 1, 1 + tg_rnd(40), 1 + tg_rnd(100));
    pgo_cfg_free(g);
  }
  fprintf(stderr,
          "random: %u graphs, %u irreducible, %u stuck blocks, %u entry "
          "counters, %u critical, %u dest, %u unwind forced, %u unwind "
          "counted, %u unwind split, %u indirect forced, %u indirect split, "
          "%u noreturn, %u unreachable, %u exits with successors, "
          "%u parallel, random values: %u repaired, %u unflagged\n",
          F.graphs, F.irreducible, F.stuck, F.entry_counter, F.critical,
          F.dest, F.unwind_forced, F.unwind_counted, F.unwind_split, F.indirect_forced, F.indirect_split,
          F.noreturn,
          F.unreachable, F.exit_with_succ, F.parallel, F.repaired,
          F.unflagged_random);
  ck_assert_uint_eq(F.graphs, 1200);
  ck_assert_uint_ge(F.irreducible, 50);
  ck_assert_uint_ge(F.stuck, 50);
  ck_assert_uint_ge(F.entry_counter, 20);
  ck_assert_uint_ge(F.critical, 100);
  ck_assert_uint_ge(F.dest, 100);
  ck_assert_uint_ge(F.unwind_forced, 20);
  ck_assert_uint_ge(F.unwind_counted, 20);
  ck_assert_uint_ge(F.indirect_forced, 50);
  ck_assert_uint_ge(F.noreturn, 50);
  ck_assert_uint_ge(F.unreachable, 50);
  ck_assert_uint_ge(F.exit_with_succ, 20);
  ck_assert_uint_ge(F.parallel, 50);
  ck_assert_uint_ge(F.repaired, 50);
  ck_assert_uint_ge(F.unflagged_random, 50);
}
END_TEST

START_TEST(bench_shapes_reconstruct_exactly) {
  memset(&F, 0, sizeof F);
  tg_rng = 0x243f6a8885a308d3ull;
  static const uint32_t sizes[] = {8, 13, 40, 100, 400, 2000};
  uint32_t n = 0;
  for (int s = 0; s < BENCH_SHAPE_COUNT; s++)
    for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++)
      for (uint64_t seed = 1; seed <= 4; seed++) {
        pgo_cfg *g = NULL;
        ck_assert_int_eq(bench_shape_build((enum bench_shape)s, sizes[z],
                                           seed, &g),
                         PGO_OK);
        ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
        uint32_t walks = sizes[z] >= 400 ? 5 : 30;
        check_graph(g, seed == 4, walks, 4 * sizes[z]);
        pgo_cfg_free(g);
        n++;
      }
  fprintf(stderr, "shapes: %u graphs, %u irreducible, %u critical\n", n,
          F.irreducible, F.critical);
  ck_assert_uint_eq(n, BENCH_SHAPE_COUNT * 6 * 4);
  ck_assert_uint_ge(F.irreducible, 20);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("ingest_random");
  TCase *tc = tcase_create("random");
  tcase_set_timeout(tc, 240);
  tcase_add_test(tc, random_graphs_reconstruct_exactly);
  tcase_add_test(tc, bench_shapes_reconstruct_exactly);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite())
