/*
 * test_random.c -- 1,000 seeded random graphs (1..60 blocks, sparse to
 * dense, with self loops, duplicate edges, unreachable blocks, infinite
 * loops, exit blocks that still have successors, a non-zero entry) whose
 * analyses are cross-checked against brute-force references taken straight
 * from the definitions:
 *   - RPO: a recursive DFS in successor-index order;
 *   - a dom b  iff b is unreachable from the entry once a is removed;
 *   - a pdom b iff b cannot reach an exit once a is removed (virtual exit);
 *     idom / ipdom: the strict (post-)dominator that all others
 *     (post-)dominate;
 *   - back edge t->h iff h dom t; b is in the loop of header h iff h dom b
 *     and b reaches a latch t without passing h; nesting = strict inclusion
 *     of bodies; exits = edges leaving the body;
 *   - irreducible: b is in a region iff b lies on a cycle of the reachable
 *     graph minus back edges; two blocks share a region iff they reach each
 *     other there.
 * The suite also counts how many graphs exercised each feature and fails
 * if any feature was not exercised enough (so it cannot pass vacuously).
 */
#include "core_test_util.h"

#include <stdio.h>
#include <stdlib.h>

#include "random_graph.h"

/* --- reference ------------------------------------------------------------ */

typedef struct ref {
  uint32_t n;
  uint32_t succ[MAXN][MAXE], nsucc[MAXN]; /* successor blocks, index order */
  uint32_t pred[MAXN][MAXE], npred[MAXN];
  bool exit[MAXN];
  bool reach[MAXN];
  bool dom[MAXN][MAXN];  /* dom[a][b] */
  bool pdom[MAXN][MAXN]; /* pdom[a][b] */
  bool canexit[MAXN];
} ref;

static ref R;

/* Forward search from `from` (if != avoid) not entering avoid. */
static void fwd(uint32_t from, uint32_t avoid, bool *seen) {
  uint32_t stack[MAXN], sp = 0;
  memset(seen, 0, MAXN);
  if (from == avoid)
    return;
  seen[from] = true;
  stack[sp++] = from;
  while (sp) {
    uint32_t v = stack[--sp];
    for (uint32_t k = 0; k < R.nsucc[v]; k++) {
      uint32_t w = R.succ[v][k];
      if (w != avoid && !seen[w]) {
        seen[w] = true;
        stack[sp++] = w;
      }
    }
  }
}

/* Blocks that can reach an exit block other than avoid without entering
 * avoid (backward search from the exits). */
static void to_exit(uint32_t avoid, bool *seen) {
  uint32_t stack[MAXN], sp = 0;
  memset(seen, 0, MAXN);
  for (uint32_t x = 0; x < R.n; x++)
    if (R.exit[x] && x != avoid) {
      seen[x] = true;
      stack[sp++] = x;
    }
  while (sp) {
    uint32_t v = stack[--sp];
    for (uint32_t k = 0; k < R.npred[v]; k++) {
      uint32_t w = R.pred[v][k];
      if (w != avoid && !seen[w]) {
        seen[w] = true;
        stack[sp++] = w;
      }
    }
  }
}

static uint32_t post[MAXN], npost;
static bool visited[MAXN];
static void rec_dfs(uint32_t v) {
  visited[v] = true;
  for (uint32_t k = 0; k < R.nsucc[v]; k++)
    if (!visited[R.succ[v][k]])
      rec_dfs(R.succ[v][k]);
  post[npost++] = v;
}

typedef struct stats {
  int loops, nested, irreducible, unreachable, infinite, multi_back,
      irr_in_loop;
} stats;

static void check_graph(const rgraph *r, stats *st) {
  test_alloc ta;
  pgo_allocator a = test_allocator(&ta);
  pgo_cfg *g;
  ck_assert_int_eq(pgo_cfg_new(&a, &g), PGO_OK);
  for (uint32_t b = 0; b < r->n; b++)
    ck_assert_int_eq(pgo_cfg_add_block(g, 3 * b, 3, NULL), PGO_OK);
  for (uint32_t k = 0; k < r->m; k++)
    ck_assert_int_eq(pgo_cfg_add_edge(g, r->src[k], r->dst[k]), PGO_OK);
  bool throw_with_succ = false;
  for (uint32_t b = 0; b < r->n; b++) {
    if (pgo_cfg_nsucc(g, b) == 0)
      ck_assert_int_eq(pgo_cfg_set_term(g, b, PGO_TERM_RETURN), PGO_OK);
    else if (r->throw_mark[b]) {
      ck_assert_int_eq(pgo_cfg_set_term(g, b, PGO_TERM_THROW), PGO_OK);
      throw_with_succ = true;
    }
  }
  ck_assert_int_eq(pgo_cfg_set_entry(g, r->entry), PGO_OK);
  ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_verify(g),
                   throw_with_succ ? PGO_ERR_CORRUPT : PGO_OK);
  /* Vary the order the analyses are requested in. */
  if (r->n % 2) {
    ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_PDOM), PGO_OK);
    ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_LOOPS), PGO_OK);
  } else {
    ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL), PGO_OK);
  }
  const uint32_t n = r->n, entry = r->entry;

  /* Reference graph, in the finished edge order. */
  memset(&R, 0, sizeof R);
  R.n = n;
  for (uint32_t k = 0; k < r->m; k++) {
    uint32_t u = r->src[k], v = r->dst[k];
    R.succ[u][R.nsucc[u]++] = v;
    R.pred[v][R.npred[v]++] = u;
  }
  for (uint32_t b = 0; b < n; b++)
    R.exit[b] = R.nsucc[b] == 0 || r->throw_mark[b];
  fwd(entry, PGO_NONE, R.reach);

  /* RPO. */
  memset(visited, 0, sizeof visited);
  npost = 0;
  rec_dfs(entry);
  uint32_t nrpo;
  const uint32_t *rpo = pgo_cfg_rpo(g, &nrpo);
  ck_assert_uint_eq(nrpo, npost);
  for (uint32_t i = 0; i < nrpo; i++) {
    ck_assert_uint_eq(rpo[i], post[npost - 1 - i]);
    ck_assert_uint_eq(pgo_cfg_rpo_index(g, rpo[i]), i);
  }
  for (uint32_t b = 0; b < n; b++) {
    ck_assert(pgo_cfg_reachable(g, b) == R.reach[b]);
    if (!R.reach[b])
      st->unreachable++;
  }

  /* Dominators. */
  for (uint32_t x = 0; x < n; x++) {
    bool without[MAXN];
    fwd(entry, x, without);
    for (uint32_t b = 0; b < n; b++)
      R.dom[x][b] = R.reach[x] && R.reach[b] && (x == b || !without[b]);
  }
  for (uint32_t x = 0; x < n; x++)
    for (uint32_t b = 0; b < n; b++)
      ck_assert_msg(pgo_cfg_dominates(g, x, b) == R.dom[x][b],
                    "dominates(%u,%u)", x, b);
  for (uint32_t b = 0; b < n; b++) {
    uint32_t id = pgo_cfg_idom(g, b);
    if (!R.reach[b] || b == entry) {
      ck_assert_uint_eq(id, PGO_NONE);
      continue;
    }
    ck_assert(id < n && id != b && R.dom[id][b]);
    for (uint32_t d = 0; d < n; d++)
      if (d != b && R.dom[d][b])
        ck_assert(R.dom[d][id]);
  }

  /* Post-dominators. */
  to_exit(PGO_NONE, R.canexit);
  for (uint32_t x = 0; x < n; x++) {
    bool without[MAXN];
    to_exit(x, without);
    for (uint32_t b = 0; b < n; b++)
      R.pdom[x][b] = R.canexit[x] && R.canexit[b] && (x == b || !without[b]);
  }
  for (uint32_t b = 0; b < n; b++)
    if (!R.canexit[b])
      st->infinite++;
  for (uint32_t x = 0; x < n; x++)
    for (uint32_t b = 0; b < n; b++)
      ck_assert_msg(pgo_cfg_postdominates(g, x, b) == R.pdom[x][b],
                    "postdominates(%u,%u)", x, b);
  for (uint32_t b = 0; b < n; b++) {
    uint32_t ip = pgo_cfg_ipdom(g, b);
    uint32_t nstrict = 0;
    for (uint32_t d = 0; d < n; d++)
      nstrict += d != b && R.pdom[d][b];
    if (nstrict == 0) {
      ck_assert_uint_eq(ip, PGO_NONE);
      continue;
    }
    ck_assert(ip < n && ip != b && R.pdom[ip][b]);
    for (uint32_t d = 0; d < n; d++)
      if (d != b && R.pdom[d][b])
        ck_assert(R.pdom[d][ip]);
  }

  /* Back edges and loop bodies. */
  uint32_t ne = pgo_cfg_nedges(g);
  bool isback[MAXE];
  static bool body[MAXN][MAXN]; /* body[h][b] */
  bool header[MAXN] = {false};
  uint32_t nbackto[MAXN] = {0};
  memset(body, 0, sizeof body);
  for (uint32_t e = 0; e < ne; e++) {
    uint32_t u = pgo_cfg_edge_src(g, e), v = pgo_cfg_edge_dst(g, e);
    isback[e] = R.reach[u] && R.dom[v][u];
    ck_assert(pgo_cfg_is_back_edge(g, e) == isback[e]);
    if (!isback[e])
      continue;
    header[v] = true;
    nbackto[v]++;
    body[v][v] = true;
    /* Backward from the latch, not entering the header. */
    uint32_t stack[MAXN], sp = 0;
    if (!body[v][u]) {
      body[v][u] = true;
      stack[sp++] = u;
    }
    while (sp) {
      uint32_t w = stack[--sp];
      for (uint32_t k = 0; k < R.npred[w]; k++) {
        uint32_t p = R.pred[w][k];
        if (R.reach[p] && !body[v][p]) {
          body[v][p] = true;
          stack[sp++] = p;
        }
      }
    }
  }
  uint32_t nheaders = 0;
  for (uint32_t h = 0; h < n; h++) {
    nheaders += header[h];
    if (nbackto[h] > 1)
      st->multi_back++;
    if (header[h])
      for (uint32_t b = 0; b < n; b++)
        if (body[h][b])
          ck_assert(R.dom[h][b]); /* natural loops are dominated */
  }
  uint32_t nl = pgo_cfg_nloops(g);
  ck_assert_uint_eq(nl, nheaders);
  if (nl)
    st->loops++;
  uint32_t bodysize[MAXN];
  for (uint32_t l = 0; l < nl; l++) {
    uint32_t h = pgo_cfg_loop_header(g, l);
    ck_assert(h < n && header[h]);
    bodysize[l] = 0;
    for (uint32_t b = 0; b < n; b++) {
      ck_assert_msg(pgo_cfg_loop_contains(g, l, b) == body[h][b],
                    "loop %u (header %u) contains %u", l, h, b);
      bodysize[l] += body[h][b];
    }
  }
  /* Nesting: bodies are laminar; parent = smallest strict superset. */
  for (uint32_t l = 0; l < nl; l++) {
    uint32_t h = pgo_cfg_loop_header(g, l);
    uint32_t best = PGO_NONE;
    for (uint32_t o = 0; o < nl; o++) {
      if (o == l)
        continue;
      uint32_t ho = pgo_cfg_loop_header(g, o);
      bool inter = false, sub = true;
      for (uint32_t b = 0; b < n; b++) {
        inter |= body[h][b] && body[ho][b];
        sub &= !body[h][b] || body[ho][b];
      }
      bool super = true;
      for (uint32_t b = 0; b < n; b++)
        super &= !body[ho][b] || body[h][b];
      ck_assert(!inter || sub || super); /* nested or disjoint */
      if (sub && (best == PGO_NONE || bodysize[o] < bodysize[best]))
        best = o;
    }
    ck_assert_uint_eq(pgo_cfg_loop_parent(g, l), best);
    if (best != PGO_NONE) {
      ck_assert(best < l); /* pre-order numbering */
      ck_assert_uint_eq(pgo_cfg_loop_depth(g, l),
                        pgo_cfg_loop_depth(g, best) + 1);
      st->nested++;
    } else {
      ck_assert_uint_eq(pgo_cfg_loop_depth(g, l), 1);
    }
    /* Children: exactly the loops whose parent is l, ascending. */
    uint32_t nk;
    const uint32_t *kids = pgo_cfg_loop_children(g, l, &nk);
    uint32_t want = 0;
    for (uint32_t o = 0; o < nl; o++)
      if (pgo_cfg_loop_parent(g, o) == l) {
        ck_assert(want < nk && kids[want] == o);
        want++;
      }
    ck_assert_uint_eq(nk, want);
    /* Back edges: exactly those into h, ascending. */
    uint32_t nb;
    const uint32_t *be = pgo_cfg_loop_back_edges(g, l, &nb);
    want = 0;
    for (uint32_t e = 0; e < ne; e++)
      if (isback[e] && pgo_cfg_edge_dst(g, e) == h) {
        ck_assert(want < nb && be[want] == e);
        want++;
      }
    ck_assert_uint_eq(nb, want);
    /* Exits: edges leaving the body, ascending. */
    uint32_t nx;
    const uint32_t *ex = pgo_cfg_loop_exits(g, l, &nx);
    want = 0;
    for (uint32_t e = 0; e < ne; e++)
      if (body[h][pgo_cfg_edge_src(g, e)] && !body[h][pgo_cfg_edge_dst(g, e)]) {
        ck_assert(want < nx && ex[want] == e);
        want++;
      }
    ck_assert_uint_eq(nx, want);
  }
  /* Innermost loop, depth and own-block lists of each block. */
  uint32_t owncount[MAXN] = {0};
  for (uint32_t b = 0; b < n; b++) {
    uint32_t inner = PGO_NONE, depth = 0;
    for (uint32_t l = 0; l < nl; l++)
      if (body[pgo_cfg_loop_header(g, l)][b]) {
        depth++;
        if (inner == PGO_NONE || bodysize[l] < bodysize[inner])
          inner = l;
      }
    ck_assert_uint_eq(pgo_cfg_block_loop(g, b), inner);
    ck_assert_uint_eq(pgo_cfg_block_depth(g, b), depth);
    if (inner != PGO_NONE)
      owncount[inner]++;
  }
  for (uint32_t l = 0; l < nl; l++) {
    uint32_t no;
    const uint32_t *own = pgo_cfg_loop_blocks(g, l, &no);
    ck_assert_uint_eq(no, owncount[l]);
    ck_assert_uint_eq(own[0], pgo_cfg_loop_header(g, l));
    for (uint32_t i = 0; i < no; i++)
      ck_assert_uint_eq(pgo_cfg_block_loop(g, own[i]), l);
  }

  /* Irreducible regions: closure of the reachable graph minus back edges. */
  static bool r2[MAXN][MAXN]; /* r2[a][b]: path of >= 1 edge from a to b */
  memset(r2, 0, sizeof r2);
  for (uint32_t s = 0; s < n; s++) {
    if (!R.reach[s])
      continue;
    uint32_t stack[MAXN], sp = 0;
    stack[sp++] = s;
    while (sp) {
      uint32_t v = stack[--sp];
      for (uint32_t e = pgo_cfg_succ_begin(g, v);
           e < pgo_cfg_succ_begin(g, v) + pgo_cfg_nsucc(g, v); e++) {
        uint32_t w = pgo_cfg_edge_dst(g, e);
        if (!isback[e] && !r2[s][w]) {
          r2[s][w] = true;
          stack[sp++] = w;
        }
      }
    }
  }
  uint32_t nirr = pgo_cfg_nirreducible(g);
  bool any_cyclic = false;
  for (uint32_t b = 0; b < n; b++) {
    bool cyc = R.reach[b] && r2[b][b];
    any_cyclic |= cyc;
    uint32_t rb = pgo_cfg_block_irreducible(g, b);
    ck_assert_msg((rb != PGO_NONE) == cyc, "block %u irreducible", b);
    if (cyc && pgo_cfg_block_loop(g, b) != PGO_NONE)
      st->irr_in_loop++;
    for (uint32_t c = 0; c < n && cyc; c++) {
      uint32_t rc = pgo_cfg_block_irreducible(g, c);
      bool same = R.reach[c] && r2[c][c] && r2[b][c] && r2[c][b];
      ck_assert((rc == rb) == same);
    }
  }
  ck_assert((nirr > 0) == any_cyclic);
  if (nirr)
    st->irreducible++;
  uint32_t prev_first = 0;
  for (uint32_t reg = 0; reg < nirr; reg++) {
    uint32_t nbk, nen;
    const uint32_t *blk = pgo_cfg_irreducible_blocks(g, reg, &nbk);
    const uint32_t *ent = pgo_cfg_irreducible_entries(g, reg, &nen);
    ck_assert(nbk >= 2);
    if (reg > 0)
      ck_assert(pgo_cfg_rpo_index(g, blk[0]) > prev_first);
    prev_first = pgo_cfg_rpo_index(g, blk[0]);
    uint32_t want_entries = 0;
    for (uint32_t i = 0; i < nbk; i++) {
      uint32_t b = blk[i];
      ck_assert_uint_eq(pgo_cfg_block_irreducible(g, b), reg);
      if (i > 0)
        ck_assert(pgo_cfg_rpo_index(g, b) > pgo_cfg_rpo_index(g, blk[i - 1]));
      bool is_entry = b == entry;
      for (uint32_t k = 0; k < R.npred[b]; k++) {
        uint32_t p = R.pred[b][k];
        if (R.reach[p] && pgo_cfg_block_irreducible(g, p) != reg)
          is_entry = true;
      }
      if (is_entry) {
        ck_assert(in_list(ent, nen, b));
        want_entries++;
      }
    }
    ck_assert_uint_eq(nen, want_entries);
    ck_assert(nen >= 2 || (nen == 1 && in_list(blk, nbk, entry)));
  }
  uint32_t total = 0;
  for (uint32_t b = 0; b < n; b++)
    total += pgo_cfg_block_irreducible(g, b) != PGO_NONE;
  uint32_t listed = 0;
  for (uint32_t reg = 0; reg < nirr; reg++) {
    uint32_t k;
    pgo_cfg_irreducible_blocks(g, reg, &k);
    listed += k;
  }
  ck_assert_uint_eq(total, listed);

  pgo_cfg_free(g);
  ck_assert_int_eq(ta.live_blocks, 0);
  ck_assert_int_eq(ta.size_errors, 0);
}

START_TEST(random_graphs_against_brute_force) {
  stats st = {0};
  rng_state = UINT64_C(0x9E3779B97F4A7C15);
  for (int i = 0; i < 1000; i++) {
    static rgraph r;
    gen(&r, i);
    check_graph(&r, &st);
  }
  printf("1000 graphs: %d with loops, %d nested loops, %d with irreducible "
         "regions, %d irreducible blocks inside loops, %d headers with "
         "several back edges, %d unreachable blocks, %d blocks that reach no "
         "exit\n",
         st.loops, st.nested, st.irreducible, st.irr_in_loop, st.multi_back,
         st.unreachable, st.infinite);
  /* Coverage: each feature must have been exercised. */
  ck_assert_int_ge(st.loops, 200);
  ck_assert_int_ge(st.nested, 100);
  ck_assert_int_ge(st.irreducible, 100);
  ck_assert_int_ge(st.irr_in_loop, 20);
  ck_assert_int_ge(st.multi_back, 50);
  ck_assert_int_ge(st.unreachable, 100);
  ck_assert_int_ge(st.infinite, 100);
}
END_TEST


/* --- large graphs against Cooper-Harvey-Kennedy -------------------------
 * K. D. Cooper, T. J. Harvey, K. Kennedy, "A Simple, Fast Dominance
 * Algorithm", 2001: an iterative data-flow algorithm sharing no code or
 * idea with Lengauer-Tarjan, so agreement on big graphs (where path
 * compression really compresses) is strong evidence. */

typedef struct big {
  uint32_t n;
  uint32_t *off, *adj;   /* successors (CSR) */
  uint32_t *poff, *padj; /* predecessors (CSR) */
} big;

/* Post-order numbers by iterative DFS from root; PGO_NONE if unreached. */
static void big_postorder(const big *g, uint32_t root, uint32_t *po,
                          uint32_t *order, uint32_t *nout) {
  uint32_t *stk = malloc(g->n * sizeof *stk), *cur = malloc(g->n * sizeof *cur);
  bool *seen = calloc(g->n, 1);
  ck_assert(stk && cur && seen);
  uint32_t sp = 0, k = 0;
  for (uint32_t v = 0; v < g->n; v++)
    po[v] = PGO_NONE;
  stk[sp] = root;
  cur[sp++] = g->off[root];
  seen[root] = true;
  while (sp) {
    uint32_t v = stk[sp - 1];
    if (cur[sp - 1] < g->off[v + 1]) {
      uint32_t w = g->adj[cur[sp - 1]++];
      if (!seen[w]) {
        seen[w] = true;
        stk[sp] = w;
        cur[sp++] = g->off[w];
      }
    } else {
      po[v] = k;
      order[k++] = v;
      sp--;
    }
  }
  *nout = k;
  free(stk);
  free(cur);
  free(seen);
}

/* CHK immediate dominators; idom[root] = root, PGO_NONE if unreached. */
static void chk_idom(const big *g, uint32_t root, uint32_t *idom) {
  uint32_t *po = malloc(g->n * sizeof *po), *order = malloc(g->n * sizeof *order);
  ck_assert(po && order);
  uint32_t nr;
  big_postorder(g, root, po, order, &nr);
  for (uint32_t v = 0; v < g->n; v++)
    idom[v] = PGO_NONE;
  idom[root] = root;
  bool changed = true;
  while (changed) {
    changed = false;
    for (uint32_t i = nr - 1; i-- > 0;) { /* reverse post-order, root skipped */
      uint32_t b = order[i], nd = PGO_NONE;
      for (uint32_t k = g->poff[b]; k < g->poff[b + 1]; k++) {
        uint32_t p = g->padj[k];
        if (po[p] == PGO_NONE || idom[p] == PGO_NONE)
          continue;
        if (nd == PGO_NONE) {
          nd = p;
          continue;
        }
        uint32_t x = p, y = nd;
        while (x != y) {
          while (po[x] < po[y])
            x = idom[x];
          while (po[y] < po[x])
            y = idom[y];
        }
        nd = x;
      }
      if (idom[b] != nd) {
        idom[b] = nd;
        changed = true;
      }
    }
  }
  free(po);
  free(order);
}

START_TEST(large_random_graphs_against_chk) {
  rng_state = UINT64_C(0xC0FFEE1234567);
  for (int round = 0; round < 40; round++) {
    uint32_t n = 500 + rnd(4000);
    uint32_t maxdeg = 1 + rnd(3);
    pgo_cfg *g;
    ck_assert_int_eq(pgo_cfg_new(NULL, &g), PGO_OK);
    for (uint32_t b = 0; b < n; b++)
      ck_assert_int_eq(pgo_cfg_add_block(g, b, 1, NULL), PGO_OK);
    for (uint32_t b = 0; b < n; b++) {
      uint32_t k = rnd(maxdeg + 2);
      for (uint32_t j = 0; j < k; j++) {
        uint32_t t = rnd(3) ? b + 1 + rnd(8) : rnd(n); /* mostly local */
        if (t >= n)
          t = rnd(n);
        ck_assert_int_eq(pgo_cfg_add_edge(g, b, t), PGO_OK);
      }
    }
    ck_assert_int_eq(pgo_cfg_finish(g), PGO_OK);
    ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL), PGO_OK);
    uint32_t m = pgo_cfg_nedges(g);

    /* Forward graph and reversed graph with the virtual exit n. */
    big fw = {n, malloc((n + 1) * sizeof(uint32_t)), malloc((m + 1) * sizeof(uint32_t)),
              malloc((n + 1) * sizeof(uint32_t)), malloc((m + 1) * sizeof(uint32_t))};
    big rv = {n + 1, malloc((n + 2) * sizeof(uint32_t)), malloc((m + n + 1) * sizeof(uint32_t)),
              malloc((n + 2) * sizeof(uint32_t)), malloc((m + n + 1) * sizeof(uint32_t))};
    ck_assert(fw.off && fw.adj && fw.poff && fw.padj && rv.off && rv.adj &&
              rv.poff && rv.padj);
    for (uint32_t b = 0; b <= n; b++) {
      fw.off[b] = b < n ? pgo_cfg_succ_begin(g, b) : m;
    }
    for (uint32_t e = 0; e < m; e++)
      fw.adj[e] = pgo_cfg_edge_dst(g, e);
    uint32_t k = 0;
    for (uint32_t b = 0; b < n; b++) {
      fw.poff[b] = k;
      const uint32_t *p = pgo_cfg_preds(g, b);
      for (uint32_t i = 0; i < pgo_cfg_npred(g, b); i++)
        fw.padj[k++] = pgo_cfg_edge_src(g, p[i]);
    }
    fw.poff[n] = k;
    /* reversed: succ(b) = preds(b); succ(vx) = exits; pred(b) = succs(b)
     * (+ vx when b is an exit) */
    k = 0;
    for (uint32_t b = 0; b < n; b++) {
      rv.off[b] = k;
      for (uint32_t i = fw.poff[b]; i < fw.poff[b + 1]; i++)
        rv.adj[k++] = fw.padj[i];
    }
    rv.off[n] = k;
    for (uint32_t b = 0; b < n; b++)
      if (pgo_cfg_is_exit(g, b))
        rv.adj[k++] = b;
    rv.off[n + 1] = k;
    k = 0;
    for (uint32_t b = 0; b < n; b++) {
      rv.poff[b] = k;
      for (uint32_t i = fw.off[b]; i < fw.off[b + 1]; i++)
        rv.padj[k++] = fw.adj[i];
      if (pgo_cfg_is_exit(g, b))
        rv.padj[k++] = n;
    }
    rv.poff[n] = rv.poff[n + 1] = k;

    uint32_t *id = malloc((n + 1) * sizeof *id);
    ck_assert_ptr_nonnull(id);
    chk_idom(&fw, 0, id);
    for (uint32_t b = 0; b < n; b++) {
      uint32_t want = b == 0 || id[b] == PGO_NONE ? PGO_NONE : id[b];
      ck_assert_msg(pgo_cfg_idom(g, b) == want, "graph %d block %u idom", round,
                    b);
    }
    chk_idom(&rv, n, id);
    for (uint32_t b = 0; b < n; b++) {
      uint32_t want = id[b] == n ? PGO_NONE : id[b];
      ck_assert_msg(pgo_cfg_ipdom(g, b) == want, "graph %d block %u ipdom",
                    round, b);
    }
    /* dominates() agrees with walking the idom chain. */
    for (int t = 0; t < 2000; t++) {
      uint32_t a = rnd(n), b = rnd(n);
      bool want = false;
      if (pgo_cfg_reachable(g, a) && pgo_cfg_reachable(g, b))
        for (uint32_t x = b; x != PGO_NONE; x = pgo_cfg_idom(g, x))
          if (x == a)
            want = true;
      ck_assert(pgo_cfg_dominates(g, a, b) == want);
    }
    /* Loop invariants: headers dominate their blocks; a block's innermost
     * loop contains it, its parent loops too; own lists partition. */
    uint32_t owned = 0;
    for (uint32_t l = 0; l < pgo_cfg_nloops(g); l++) {
      uint32_t no, h = pgo_cfg_loop_header(g, l);
      const uint32_t *own = pgo_cfg_loop_blocks(g, l, &no);
      owned += no;
      for (uint32_t i = 0; i < no; i++) {
        ck_assert(pgo_cfg_dominates(g, h, own[i]));
        for (uint32_t p = l; p != PGO_NONE; p = pgo_cfg_loop_parent(g, p))
          ck_assert(pgo_cfg_loop_contains(g, p, own[i]));
      }
      uint32_t nx;
      const uint32_t *ex = pgo_cfg_loop_exits(g, l, &nx);
      for (uint32_t i = 0; i < nx; i++) {
        ck_assert(pgo_cfg_loop_contains(g, l, pgo_cfg_edge_src(g, ex[i])));
        ck_assert(!pgo_cfg_loop_contains(g, l, pgo_cfg_edge_dst(g, ex[i])));
      }
    }
    uint32_t inloops = 0;
    for (uint32_t b = 0; b < n; b++)
      inloops += pgo_cfg_block_loop(g, b) != PGO_NONE;
    ck_assert_uint_eq(owned, inloops);
    free(id);
    free(fw.off); free(fw.adj); free(fw.poff); free(fw.padj);
    free(rv.off); free(rv.adj); free(rv.poff); free(rv.padj);
    pgo_cfg_free(g);
  }
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("core_random");
  TCase *tc = tcase_create("random");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, random_graphs_against_brute_force);
  tcase_add_test(tc, large_random_graphs_against_chk);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite())
