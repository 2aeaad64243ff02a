/* test_directions.c -- which successor each heuristic predicts, with the
 * branch's successors in both orders (successor 0 = "condition true" for
 * the compare heuristics); every opcode rule; Dempster-Shafer on multi-way
 * branches against hand-computed values; certain continuations
 * (pgo_synth_options.continues_to). */
#include <check.h>
#include <stdio.h>

#include "synth_test_util.h"

#define BIT(h) (1u << (h))

typedef struct fx {
  pgo_cfg *cfg;
  pgo_pfg *pfg;
  pgo_synth *s;
} fx;

/* cfg must be finished already when o carries per-edge data */
static fx run(pgo_cfg *cfg, const pgo_synth_options *o) {
  fx f = {cfg, NULL, NULL};
  if (!pgo_cfg_is_finished(cfg))
    ck_assert_int_eq(tu_finish(cfg), PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &f.pfg), PGO_OK);
  ck_assert_int_eq(pgo_synth_new(NULL, &f.s), PGO_OK);
  pgo_status st = pgo_synth_run(f.s, cfg, o, f.pfg);
  ck_assert_msg(st == PGO_OK, "%s", pgo_synth_errmsg(f.s));
  return f;
}

static void fx_free(fx *f) {
  pgo_synth_free(f->s);
  pgo_pfg_free(f->pfg);
  pgo_cfg_free(f->cfg);
}

static double prob(const fx *f, uint32_t b, uint32_t k) {
  return pgo_pfg_edge_prob(f->pfg, tu_edge(f->cfg, b, k));
}

static uint32_t fired_for(const fx *f, uint32_t b, uint32_t k) {
  uint32_t m = 0;
  pgo_synth_fired(f->s, tu_edge(f->cfg, b, k), &m, NULL);
  return m;
}

/* The edge list with the successors of block b in reverse order. */
static uint32_t (*swapped(const uint32_t (*e)[2], uint32_t ne, uint32_t b))[2] {
  uint32_t(*out)[2] = malloc(ne * sizeof *out);
  uint32_t first = ne, last = 0;
  for (uint32_t i = 0; i < ne; i++) {
    out[i][0] = e[i][0];
    out[i][1] = e[i][1];
    if (e[i][0] == b) {
      if (first == ne)
        first = i;
      last = i;
    }
  }
  for (uint32_t i = first, j = last; i < j; i++, j--) {
    uint32_t t = out[i][1];
    out[i][1] = out[j][1];
    out[j][1] = t;
  }
  return out;
}

typedef void (*setup_fn)(pgo_cfg *cfg);

static void set_call1(pgo_cfg *cfg) {
  pgo_cfg_set_flags(cfg, 1, PGO_BLOCK_CALLS);
}
static void set_call3(pgo_cfg *cfg) {
  pgo_cfg_set_flags(cfg, 3, PGO_BLOCK_CALLS);
}
static void set_store1(pgo_cfg *cfg) {
  pgo_cfg_set_flags(cfg, 1, PGO_BLOCK_STORES);
}

static const struct dcase {
  const char *what;
  uint32_t n, ne;
  uint32_t e[10][2];
  uint32_t branch;  /* the branch block */
  uint32_t predict; /* the target block predicted (the more likely) */
  pgo_synth_heuristic h;
  setup_fn setup;
} dcases[] = {
    // clang-format off
    /* a rotated loop's latch 2: back to 1 */
    {"loop-branch latch", 6, 6,
     {{0, 1}, {1, 2}, {2, 1}, {2, 3}, {3, 4}, {4, 5}},
     2, 1, PGO_SYNTH_H_LOOP_BRANCH, NULL},
    /* a top-tested loop's header 1: stay (2) */
    {"loop-branch header", 6, 6,
     {{0, 1}, {1, 2}, {1, 3}, {2, 1}, {3, 4}, {4, 5}},
     1, 2, PGO_SYNTH_H_LOOP_BRANCH, NULL},
    /* 2 in the loop body: stay (3) rather than exit (4) */
    {"loop-exit", 7, 7,
     {{0, 1}, {1, 2}, {2, 3}, {2, 4}, {3, 1}, {4, 5}, {5, 6}},
     2, 3, PGO_SYNTH_H_LOOP_EXIT, NULL},
    /* 0: the pre-header 1 of loop 2 rather than skipping it (4) */
    {"loop-header", 7, 8,
     {{0, 1}, {0, 4}, {1, 2}, {2, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}},
     0, 1, PGO_SYNTH_H_LOOP_HEADER, NULL},
    /* 0: not the successor that returns (1) */
    {"return", 5, 4, {{0, 1}, {0, 2}, {2, 3}, {3, 4}},
     0, 2, PGO_SYNTH_H_RETURN, NULL},
    /* diamonds: not the successor with a call / store (1) */
    {"call", 4, 4, {{0, 1}, {0, 2}, {1, 3}, {2, 3}},
     0, 2, PGO_SYNTH_H_CALL, set_call1},
    /* 1 jumps to 3, which it dominates and which calls (Ball-Larus) */
    {"call via jump", 6, 6, {{0, 1}, {0, 2}, {1, 3}, {3, 4}, {2, 4}, {4, 5}},
     0, 2, PGO_SYNTH_H_CALL, set_call3},
    {"store", 4, 4, {{0, 1}, {0, 2}, {1, 3}, {2, 3}},
     0, 2, PGO_SYNTH_H_STORE, set_store1},
    // clang-format on
};

/* Each structural heuristic alone, successors in the listed order and
 * reversed: the predicted *target* stays the same, its index moves. */
START_TEST(structural_both_orders) {
  const struct dcase *c = &dcases[_i];
  for (int order = 0; order < 2; order++) {
    uint32_t(*e)[2] = order ? swapped(c->e, c->ne, c->branch) : NULL;
    pgo_cfg *cfg =
        tu_graph(c->n, order ? (const uint32_t(*)[2])e : c->e, c->ne);
    free(e);
    ck_assert_ptr_nonnull(cfg);
    if (c->setup)
      c->setup(cfg);
    fx f = run(cfg, NULL);
    uint32_t k =
        pgo_cfg_edge_dst(f.cfg, tu_edge(f.cfg, c->branch, 0)) == c->predict ? 0
                                                                            : 1;
    ck_assert_uint_eq(pgo_cfg_edge_dst(f.cfg, tu_edge(f.cfg, c->branch, k)),
                      c->predict);
    ck_assert_msg(fired_for(&f, c->branch, k) == BIT(c->h),
                  "%s order %d: fired 0x%x", c->what, order,
                  fired_for(&f, c->branch, k));
    ck_assert_msg(
        fabs(prob(&f, c->branch, k) - pgo_synth_heuristic_prob(c->h)) < 1e-12,
        "%s order %d: p %g", c->what, order, prob(&f, c->branch, k));
    fx_free(&f);
  }
}
END_TEST

/* Loop-exit stays silent when a successor is a loop head (Wu-Larus Table
 * 1): 2, in loop 1, goes to the inner loop's header 3 or leaves (6);
 * only loop-header speaks, for 3. */
START_TEST(loop_exit_not_at_inner_header) {
  static const uint32_t e[][2] = {{0, 1}, {1, 2}, {2, 3}, {2, 6}, {3, 3},
                                  {3, 4}, {4, 1}, {6, 7}, {7, 8}};
  fx f = run(tu_graph(9, e, 9), NULL);
  ck_assert_uint_eq(fired_for(&f, 2, 0), BIT(PGO_SYNTH_H_LOOP_HEADER));
  ck_assert_uint_eq(fired_for(&f, 2, 1), 0);
  ck_assert_double_eq_tol(prob(&f, 2, 0), 0.75, 1e-12);
  fx_free(&f);
}
END_TEST

/* A call in a block the successor jumps to but does not dominate says
 * nothing: 1 jumps to 3, which is also reached through 2 -> 4. */
START_TEST(call_not_dominated) {
  static const uint32_t e[][2] = {{0, 1}, {0, 2}, {1, 3},
                                  {2, 4}, {4, 3}, {3, 5}};
  pgo_cfg *cfg = tu_graph(6, e, 6);
  pgo_cfg_set_flags(cfg, 3, PGO_BLOCK_CALLS);
  fx f = run(cfg, NULL);
  ck_assert_uint_eq(fired_for(&f, 0, 0) | fired_for(&f, 0, 1), 0);
  ck_assert_double_eq(prob(&f, 0, 0), 0.5);
  fx_free(&f);
}
END_TEST

/* The guard hint follows its edge in both orders. */
START_TEST(guard_both_orders) {
  static const uint32_t e[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
  for (uint32_t k = 0; k < 2; k++) {
    pgo_cfg *cfg = tu_graph(4, e, 4);
    pgo_branch_features bf = {PGO_CMP_SLT, PGO_OPND_OTHER, PGO_OPND_OTHER};
    pgo_cfg_set_branch(cfg, 0, &bf);
    ck_assert_int_eq(tu_finish(cfg), PGO_OK);
    unsigned hints[4] = {0};
    hints[tu_edge(cfg, 0, k)] = PGO_SYNTH_HINT_USES_OPERAND;
    pgo_synth_options o;
    pgo_synth_options_init(&o);
    o.edge_hints = hints;
    fx f = run(cfg, &o);
    ck_assert_uint_eq(fired_for(&f, 0, k), BIT(PGO_SYNTH_H_GUARD));
    ck_assert_double_eq_tol(prob(&f, 0, k), 0.62, 1e-12);
    fx_free(&f);
  }
}
END_TEST

/* Every opcode / pointer rule on a diamond: 1 = successor 0 ("true")
 * predicted, 0 = successor 1 predicted, -1 = the heuristic is silent. */
static const struct ocase {
  pgo_cmp cmp;
  pgo_operand l, r;
  int taken;
  pgo_synth_heuristic h;
} ocases[] = {
    {PGO_CMP_SLT, PGO_OPND_OTHER, PGO_OPND_ZERO, 0, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_SLE, PGO_OPND_OTHER, PGO_OPND_ZERO, 0, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_SLT, PGO_OPND_OTHER, PGO_OPND_NEGATIVE, 0, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_SGT, PGO_OPND_OTHER, PGO_OPND_ZERO, 1, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_SGE, PGO_OPND_OTHER, PGO_OPND_ZERO, 1, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_SGT, PGO_OPND_OTHER, PGO_OPND_NEGATIVE, 1, PGO_SYNTH_H_OPCODE},
    /* constant on the left: 0 > x is x < 0 */
    {PGO_CMP_SGT, PGO_OPND_ZERO, PGO_OPND_OTHER, 0, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_SLE, PGO_OPND_ZERO, PGO_OPND_OTHER, 1, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_EQ, PGO_OPND_OTHER, PGO_OPND_CONST, 0, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_EQ, PGO_OPND_OTHER, PGO_OPND_ZERO, 0, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_EQ, PGO_OPND_CONST, PGO_OPND_OTHER, 0, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_NE, PGO_OPND_OTHER, PGO_OPND_CONST, 1, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_FEQ, PGO_OPND_FLOAT, PGO_OPND_FLOAT, 0, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_FUEQ, PGO_OPND_FLOAT, PGO_OPND_FLOAT, 0, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_FUNO, PGO_OPND_FLOAT, PGO_OPND_FLOAT, 0, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_FNE, PGO_OPND_FLOAT, PGO_OPND_FLOAT, 1, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_FUNE, PGO_OPND_FLOAT, PGO_OPND_FLOAT, 1, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_FORD, PGO_OPND_FLOAT, PGO_OPND_FLOAT, 1, PGO_SYNTH_H_OPCODE},
    /* silent: unsigned against zero, x < y, x < 5, fp < */
    {PGO_CMP_ULT, PGO_OPND_OTHER, PGO_OPND_ZERO, -1, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_SLT, PGO_OPND_OTHER, PGO_OPND_OTHER, -1, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_SLT, PGO_OPND_OTHER, PGO_OPND_CONST, -1, PGO_SYNTH_H_OPCODE},
    {PGO_CMP_FLT, PGO_OPND_FLOAT, PGO_OPND_FLOAT, -1, PGO_SYNTH_H_OPCODE},
    /* pointers: == fails, != holds, whichever side the null is on */
    {PGO_CMP_EQ, PGO_OPND_POINTER, PGO_OPND_NULL, 0, PGO_SYNTH_H_POINTER},
    {PGO_CMP_EQ, PGO_OPND_NULL, PGO_OPND_POINTER, 0, PGO_SYNTH_H_POINTER},
    {PGO_CMP_NE, PGO_OPND_POINTER, PGO_OPND_POINTER, 1, PGO_SYNTH_H_POINTER},
    {PGO_CMP_NE, PGO_OPND_NULL, PGO_OPND_POINTER, 1, PGO_SYNTH_H_POINTER},
};

START_TEST(opcode_rules) {
  const struct ocase *c = &ocases[_i];
  static const uint32_t e[][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
  pgo_cfg *cfg = tu_graph(4, e, 4);
  pgo_branch_features bf = {c->cmp, c->l, c->r};
  pgo_cfg_set_branch(cfg, 0, &bf);
  fx f = run(cfg, NULL);
  if (c->taken < 0) {
    ck_assert_uint_eq(fired_for(&f, 0, 0) | fired_for(&f, 0, 1), 0);
    ck_assert_double_eq(prob(&f, 0, 0), 0.5);
  } else {
    uint32_t k = c->taken ? 0 : 1;
    ck_assert_msg(fired_for(&f, 0, k) == BIT(c->h), "case %d: fired 0x%x", _i,
                  fired_for(&f, 0, k));
    ck_assert_double_eq_tol(prob(&f, 0, k), pgo_synth_heuristic_prob(c->h),
                            1e-12);
  }
  fx_free(&f);
}
END_TEST

static double ds2(double a, double b) {
  return a * b / (a * b + (1 - a) * (1 - b));
}

/* A 9-way switch in a loop body, one case (0) leaving the loop straight
 * to a return: loop-exit and return both say "one of the 8 other cases".
 * Dempster-Shafer on the set keeps "stay" at the two-way value; the 8
 * cases share it equally. */
START_TEST(multiway_same_set) {
  /* 0 -> 1 (header); 1 -> 2; 2 switch -> 3 (exit, returns) and 4..11;
   * 4..11 -> 12 (latch) -> 1 */
  uint32_t e[32][2], ne = 0;
#define E(a, b) (e[ne][0] = (a), e[ne][1] = (b), ne++)
  E(0, 1);
  E(1, 2);
  E(2, 3);
  for (uint32_t k = 4; k <= 11; k++)
    E(2, k);
  for (uint32_t k = 4; k <= 11; k++)
    E(k, 12);
  E(12, 1);
#undef E
  fx f = run(tu_graph(13, (const uint32_t(*)[2])e, ne), NULL);
  double stay = ds2(0.80, 0.72);
  ck_assert_double_eq_tol(prob(&f, 2, 0), 1 - stay, 1e-12);
  for (uint32_t k = 1; k <= 8; k++)
    ck_assert_double_eq_tol(prob(&f, 2, k), stay / 8, 1e-12);
  ck_assert_uint_eq(fired_for(&f, 2, 1),
                    BIT(PGO_SYNTH_H_LOOP_EXIT) | BIT(PGO_SYNTH_H_RETURN));
  /* the exit is the least likely case, as on a two-way branch */
  ck_assert_double_lt(prob(&f, 2, 0), prob(&f, 2, 1));
  fx_free(&f);
}
END_TEST

/* A 3-way switch with evidence on different sets: case 0 leaves the loop
 * and returns, case 1 stores.  Every successor has its own signature, so
 * m(k) = prod_h (k in S_h ? p_h : 1 - p_h) normalised. */
START_TEST(multiway_mixed_sets) {
  static const uint32_t e[][2] = {{0, 1}, {1, 2}, {2, 3}, {2, 4},
                                  {2, 5}, {4, 6}, {5, 6}, {6, 1}};
  pgo_cfg *cfg = tu_graph(7, e, 8);
  pgo_cfg_set_flags(cfg, 4, PGO_BLOCK_STORES);
  fx f = run(cfg, NULL);
  double m0 = 0.20 * 0.28 * 0.55, m1 = 0.80 * 0.72 * 0.45,
         m2 = 0.80 * 0.72 * 0.55, z = m0 + m1 + m2;
  ck_assert_double_eq_tol(prob(&f, 2, 0), m0 / z, 1e-12);
  ck_assert_double_eq_tol(prob(&f, 2, 1), m1 / z, 1e-12);
  ck_assert_double_eq_tol(prob(&f, 2, 2), m2 / z, 1e-12);
  fx_free(&f);
}
END_TEST

/* A dispatch the graph does not resolve (as clang's cleanup switch): 1
 * (loop header) -> 2 (fixes a value that means "return") / 3 ("go on");
 * both jump to 4, which branches on that value: 5 (the return block) /
 * 6 -> 1.  Structurally 2 stays in the loop; with continues_to[2] = 5 the
 * header test is seen to leave the loop and return, in either successor
 * order. */
START_TEST(continues_to) {
  static const uint32_t e[][2] = {{0, 1}, {1, 2}, {1, 3}, {2, 4},
                                  {3, 4}, {4, 5}, {4, 6}, {6, 1}};
  for (int order = 0; order < 2; order++) {
    for (int hint = 0; hint < 2; hint++) {
      uint32_t(*se)[2] = order ? swapped(e, 8, 1) : NULL;
      pgo_cfg *cfg = tu_graph(7, order ? (const uint32_t(*)[2])se : e, 8);
      free(se);
      ck_assert_int_eq(tu_finish(cfg), PGO_OK);
      uint32_t next[7];
      for (uint32_t b = 0; b < 7; b++)
        next[b] = PGO_NONE;
      next[2] = 5;
      next[3] = 6;
      pgo_synth_options o;
      pgo_synth_options_init(&o);
      o.continues_to = hint ? next : NULL;
      fx f = run(cfg, &o);
      uint32_t k = pgo_cfg_edge_dst(f.cfg, tu_edge(f.cfg, 1, 0)) == 2 ? 0 : 1;
      if (hint) {
        ck_assert_double_eq_tol(prob(&f, 1, k), 1 - ds2(0.88, 0.72), 1e-12);
        ck_assert_uint_eq(fired_for(&f, 1, 1 - k),
                          BIT(PGO_SYNTH_H_LOOP_BRANCH) |
                              BIT(PGO_SYNTH_H_RETURN));
      } else {
        ck_assert_double_eq(prob(&f, 1, k), 0.5);
      }
      fx_free(&f);
    }
  }
  /* an entry that is not a block is bad input */
  pgo_cfg *cfg = tu_graph(7, e, 8);
  ck_assert_int_eq(tu_finish(cfg), PGO_OK);
  uint32_t bad[7] = {PGO_NONE, PGO_NONE, 7,       PGO_NONE,
                     PGO_NONE, PGO_NONE, PGO_NONE};
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  o.continues_to = bad;
  pgo_pfg *p = NULL;
  pgo_synth *s = NULL;
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &p), PGO_OK);
  ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
  ck_assert_int_eq(pgo_synth_run(s, cfg, &o, p), PGO_ERR_INVALID);
  ck_assert(strstr(pgo_synth_errmsg(s), "continues_to") != NULL);
  pgo_synth_free(s);
  pgo_pfg_free(p);
  pgo_cfg_free(cfg);
}
END_TEST

/* clang's `while (a && f())` before any pass: 1 (loop header, tests a)
 * -> 2 (calls f) / 3 (the merge); 2 -> 3; 3 -> 4 (body) / 5 (exit,
 * returns); 4 -> 1.  Both successors of 1 are in the loop and only 2
 * calls, so the call heuristic alone decides: 3 taken.  The edge 1 -> 3
 * carries the merge's constant false, so with edge_continues_to[1 -> 3] =
 * 5 the header's test is seen to leave the loop and return: loop-branch
 * and return for 2, call against. */
START_TEST(edge_continues_to) {
  static const uint32_t e[][2] = {{0, 1}, {1, 2}, {1, 3}, {2, 3},
                                  {3, 4}, {3, 5}, {4, 1}};
  for (int hint = 0; hint < 2; hint++) {
    pgo_cfg *cfg = tu_graph(6, e, 7);
    pgo_cfg_set_flags(cfg, 2, PGO_BLOCK_CALLS);
    ck_assert_int_eq(tu_finish(cfg), PGO_OK);
    uint32_t next[7];
    for (uint32_t k = 0; k < 7; k++)
      next[k] = PGO_NONE;
    next[tu_edge(cfg, 1, 1)] = 5;
    pgo_synth_options o;
    pgo_synth_options_init(&o);
    o.edge_continues_to = hint ? next : NULL;
    fx f = run(cfg, &o);
    if (hint) {
      double a = 0.88 * 0.72 * 0.22, b = 0.12 * 0.28 * 0.78;
      ck_assert_double_eq_tol(prob(&f, 1, 0), a / (a + b), 1e-12);
      ck_assert_uint_eq(fired_for(&f, 1, 0), BIT(PGO_SYNTH_H_LOOP_BRANCH) |
                                                 BIT(PGO_SYNTH_H_RETURN));
    } else {
      ck_assert_double_eq_tol(prob(&f, 1, 0), 0.22, 1e-12);
      ck_assert_uint_eq(fired_for(&f, 1, 0), 0);
    }
    fx_free(&f);
  }
  /* an entry that is not a block is bad input */
  pgo_cfg *cfg = tu_graph(6, e, 7);
  ck_assert_int_eq(tu_finish(cfg), PGO_OK);
  uint32_t bad[7] = {PGO_NONE, PGO_NONE, 6,        PGO_NONE,
                     PGO_NONE, PGO_NONE, PGO_NONE};
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  o.edge_continues_to = bad;
  pgo_pfg *p = NULL;
  pgo_synth *s = NULL;
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &p), PGO_OK);
  ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
  ck_assert_int_eq(pgo_synth_run(s, cfg, &o, p), PGO_ERR_INVALID);
  ck_assert(strstr(pgo_synth_errmsg(s), "edge_continues_to") != NULL);
  pgo_synth_free(s);
  pgo_pfg_free(p);
  pgo_cfg_free(cfg);
}
END_TEST

/* heuristic_probs replaces the table for the call: the same graph without
 * hints, call = 0.6 gives 1 -> 2 0.4; NULL gives the table's 0.22; a value
 * outside (0, 1) is bad input naming the heuristic. */
START_TEST(heuristic_probs) {
  static const uint32_t e[][2] = {{0, 1}, {1, 2}, {1, 3}, {2, 3},
                                  {3, 4}, {3, 5}, {4, 1}};
  double table[PGO_SYNTH_NHEURISTICS];
  for (int h = 0; h < PGO_SYNTH_NHEURISTICS; h++)
    table[h] = pgo_synth_heuristic_prob((pgo_synth_heuristic)h);
  table[PGO_SYNTH_H_CALL] = 0.6;
  pgo_cfg *cfg = tu_graph(6, e, 7);
  pgo_cfg_set_flags(cfg, 2, PGO_BLOCK_CALLS);
  ck_assert_int_eq(tu_finish(cfg), PGO_OK);
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  ck_assert_ptr_null(o.heuristic_probs);
  o.heuristic_probs = table;
  fx f = run(cfg, &o);
  ck_assert_double_eq_tol(prob(&f, 1, 0), 0.4, 1e-12);
  fx_free(&f);
  static const double badv[] = {0.0, 1.0, -0.5, 2.0};
  for (unsigned i = 0; i < sizeof badv / sizeof badv[0]; i++) {
    cfg = tu_graph(6, e, 7);
    ck_assert_int_eq(tu_finish(cfg), PGO_OK);
    table[PGO_SYNTH_H_STORE] = badv[i];
    pgo_pfg *p = NULL;
    pgo_synth *s = NULL;
    ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &p), PGO_OK);
    ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
    ck_assert_int_eq(pgo_synth_run(s, cfg, &o, p), PGO_ERR_INVALID);
    ck_assert(strstr(pgo_synth_errmsg(s), "heuristic_probs") != NULL);
    ck_assert(strstr(pgo_synth_errmsg(s), "store") != NULL);
    pgo_synth_free(s);
    pgo_pfg_free(p);
    pgo_cfg_free(cfg);
  }
}
END_TEST

int main(void) {
  Suite *su = suite_create("synth_directions");
  TCase *tc = tcase_create("directions");
  tcase_add_loop_test(tc, structural_both_orders, 0,
                      (int)(sizeof dcases / sizeof dcases[0]));
  tcase_add_test(tc, guard_both_orders);
  tcase_add_test(tc, loop_exit_not_at_inner_header);
  tcase_add_test(tc, call_not_dominated);
  tcase_add_loop_test(tc, opcode_rules, 0,
                      (int)(sizeof ocases / sizeof ocases[0]));
  tcase_add_test(tc, multiway_same_set);
  tcase_add_test(tc, multiway_mixed_sets);
  tcase_add_test(tc, continues_to);
  tcase_add_test(tc, edge_continues_to);
  tcase_add_test(tc, heuristic_probs);
  suite_add_tcase(su, tc);
  SRunner *sr = srunner_create(su);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
