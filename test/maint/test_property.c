/*
 * test_property.c -- property test: long random sequences of maintenance
 * edits on random graphs (test/core/random_graph.h's generator, with every
 * block given a way to an exit), a repair after every few edits.
 *
 * Asserted:
 *   - after every edit the graph and profile verify (pgo_cfg_verify,
 *     pgo_pfg_verify: probabilities sum to 1, values finite, >= 0);
 *   - when every edit since the last repair said counts_exact, the checker
 *     finds the profile consistent (the exactness claims hold);
 *   - after every repair that returns PGO_OK the worst relative residual is
 *     below 1e-9, no loop is runaway, counts are finite and non-negative;
 *     a repair may return PGO_ERR_NOT_CONVERGED only when a reachable
 *     block cannot reach an exit (a loop without exit, made by removing
 *     edges), which is the documented untamable case.
 * Printed: the drift before repair (checker's worst relative residual)
 * min / median / max over the repairs that followed an inexact edit, and
 * per-operation counts (docs/maint.md "Property test").
 */
#include "maint_test_util.h"

#include "../core/random_graph.h"

#include <stdlib.h>

enum { OPS = 13, GRAPHS = 300, EDITS = 40, REPAIR_EVERY = 5 };
static const char *const op_names[OPS] = {
    "invert",     "remove_edge", "duplicate", "tail_dup", "rotate",
    "unroll",     "inline",      "tail_rec",  "hammock",  "expand",
    "guard_call", "perturb",     "devirt"};
static long op_ok[OPS], op_tried[OPS];

static double urand(void) { return (double)rnd(1u << 30) / (double)(1u << 30); }

/* Random graph with an exit reachable from every block. */
static pgo_cfg *random_graph(int i) {
  rgraph r;
  gen(&r, i);
  uint32_t n = r.n + 1, ret = r.n; /* one extra return block */
  uint32_t src[MAXE + MAXN], dst[MAXE + MAXN], m = r.m;
  memcpy(src, r.src, r.m * sizeof *src);
  memcpy(dst, r.dst, r.m * sizeof *dst);
  for (;;) {
    uint8_t reach[MAXN + 1] = {0};
    bool changed = true;
    for (uint32_t b = 0; b < n; b++) {
      bool has = false;
      for (uint32_t k = 0; k < m; k++)
        has |= src[k] == b;
      reach[b] = !has;
    }
    while (changed) {
      changed = false;
      for (uint32_t k = 0; k < m; k++)
        if (reach[dst[k]] && !reach[src[k]])
          reach[src[k]] = 1, changed = true;
    }
    uint32_t b = 0;
    while (b < n && reach[b])
      b++;
    if (b == n)
      break;
    src[m] = b;
    dst[m] = ret;
    m++;
  }
  uint32_t(*e)[2] = malloc((m ? m : 1) * sizeof *e);
  for (uint32_t k = 0; k < m; k++)
    e[k][0] = src[k], e[k][1] = dst[k];
  pgo_cfg *g = mk_graph(NULL, n, (const uint32_t(*)[2])e, m);
  free(e);
  if (r.entry != 0)
    ck_assert_int_eq(pgo_cfg_set_entry(g, r.entry), PGO_OK);
  return g;
}

static void random_probs(pgo_cfg *g, pgo_pfg *p) {
  uint32_t nb = pgo_cfg_nblocks(g);
  for (uint32_t b = 0; b < nb; b++) {
    uint32_t ns = pgo_cfg_nsucc(g, b), e0 = pgo_cfg_succ_begin(g, b);
    double w[64], sum = 0;
    for (uint32_t k = 0; k < ns; k++)
      sum += w[k] = rnd(5) == 0 ? 0.0 : urand() + 1e-3;
    for (uint32_t k = 0; k < ns; k++)
      ck_assert_int_eq(pgo_pfg_set_edge_prob(p, e0 + k,
                                             sum > 0 ? w[k] / sum : 1.0 / ns,
                                             PGO_PROV_INSTRUMENTED),
                       PGO_OK);
  }
}

static uint32_t live_block(pgo_cfg *g) {
  uint32_t nb = pgo_cfg_nblocks(g);
  for (int t = 0; t < 50; t++) {
    uint32_t b = rnd(nb);
    if (!pgo_cfg_block_removed(g, b))
      return b;
  }
  return pgo_cfg_entry(g);
}

/* Some reachable block cannot reach an exit. */
static bool has_trap(pgo_cfg *g) {
  uint32_t nb = pgo_cfg_nblocks(g);
  uint8_t *ok = calloc(nb, 1);
  bool changed = true;
  for (uint32_t b = 0; b < nb; b++)
    ok[b] = !pgo_cfg_block_removed(g, b) && pgo_cfg_nsucc(g, b) == 0;
  while (changed) {
    changed = false;
    for (uint32_t b = 0; b < nb; b++) {
      if (ok[b] || pgo_cfg_block_removed(g, b))
        continue;
      uint32_t ns = pgo_cfg_nsucc(g, b), e0 = pgo_cfg_succ_begin(g, b);
      for (uint32_t k = 0; k < ns; k++)
        if (ok[pgo_cfg_edge_dst(g, e0 + k)]) {
          ok[b] = 1;
          changed = true;
          break;
        }
    }
  }
  bool trap = false;
  for (uint32_t b = 0; b < nb; b++)
    trap |= !ok[b] && !pgo_cfg_block_removed(g, b) && pgo_cfg_reachable(g, b);
  free(ok);
  return trap;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* One random edit; returns the op's status, *exact its claim. */
static pgo_status edit(pgo_maint *m, pgo_cfg *g, pgo_pfg *p, pgo_cfg *callee,
                       pgo_pfg *callee_p, int op, bool *exact) {
  pgo_maint_result r = {0, 0, true};
  pgo_status s = PGO_ERR_INVALID;
  uint32_t b = live_block(g);
  switch (op) {
  case 0:
    s = pgo_maint_invert_branch(m, g, p, b, &r);
    break;
  case 1:
    if (pgo_cfg_nedges(g))
      s = pgo_maint_remove_edge(m, g, p, rnd(pgo_cfg_nedges(g)), &r);
    break;
  case 2: {
    uint32_t np = pgo_cfg_npred(g, b), mv[64], n = 0;
    const uint32_t *pr = pgo_cfg_preds(g, b);
    for (uint32_t k = 0; k < np && n < 64; k++)
      if (rnd(2))
        mv[n++] = pr[k];
    if (n)
      s = pgo_maint_duplicate_block(m, g, p, b, mv, n, &r);
    break;
  }
  case 3:
    if (pgo_cfg_npred(g, b) <= 8)
      s = pgo_maint_tail_duplicate(m, g, p, b, &r);
    break;
  case 4:
    s = pgo_maint_rotate_loop(m, g, p, b, rnd(3) ? -1 : urand(), &r);
    break;
  case 5:
    if (pgo_cfg_nblocks(g) < 200)
      s = pgo_maint_unroll(m, g, p, b, 2 + rnd(2), &r);
    break;
  case 6:
    s = pgo_maint_inline(m, g, p, b, callee, callee_p, NULL, &r);
    break;
  case 7:
    s = pgo_maint_tail_recursion(m, g, p, b, &r);
    break;
  case 8:
    s = pgo_maint_collapse_hammock(m, g, p, b, &r);
    break;
  case 9:
    s = pgo_maint_expand(m, g, p, b, urand(), PGO_PROV_SAMPLED, NULL, &r);
    break;
  case 10:
    ck_assert_int_eq(
        pgo_cfg_set_flags(g, b, PGO_BLOCK_CALLS | PGO_BLOCK_INDIRECT_CALL),
        PGO_OK);
    s = pgo_maint_guard_call(m, g, p, b, urand(), PGO_PROV_INSTRUMENTED, NULL);
    break;
  case 12: {
    uint32_t il = pgo_cfg_il_offset(g, b);
    if (il == PGO_NONE)
      break;
    const char *names[3] = {"f", "g", "h"};
    double c[3] = {rnd(100), rnd(100), rnd(10)};
    ck_assert_int_eq(pgo_pfg_set_histogram(p, il, names, c, 3, rnd(5),
                                           PGO_PROV_INSTRUMENTED),
                     PGO_OK);
    ck_assert_int_eq(
        pgo_cfg_set_flags(g, b, PGO_BLOCK_CALLS | PGO_BLOCK_INDIRECT_CALL),
        PGO_OK);
    pgo_maint_devirt d;
    s = pgo_maint_devirtualize(m, g, p, b, il, 0.05, 2, &d);
    if (s == PGO_OK && d.n == 0)
      s = PGO_ERR_INVALID; /* nothing to guard: not applied */
    break;
  }
  case 11:
    s = pgo_pfg_set_block_count(
        p, b, pgo_pfg_block_count(p, b) * (0.5 + urand()) + urand(),
        PGO_PROV_SAMPLED);
    r.counts_exact = false;
    break;
  }
  *exact = r.counts_exact;
  return s;
}

START_TEST(random_edit_sequences) {
  pgo_maint *m;
  ck_assert_int_eq(pgo_maint_new(NULL, &m), PGO_OK);
  rng_state = 0x9e3779b97f4a7c15ull;
  /* the callee every inline uses: a loop with a branch, consistent */
  static const uint32_t CE[][2] = {{0, 1}, {1, 2}, {1, 3}, {2, 1},
                                   {3, 4}, {3, 5}, {4, 5}};
  pgo_cfg *callee = MK(6, CE);
  pgo_pfg *callee_p = mk_pfg(callee);
  random_probs(callee, callee_p);
  solve(callee, callee_p, 1);

  double *drift = malloc(GRAPHS * (EDITS / REPAIR_EVERY + 1) * sizeof *drift);
  size_t ndrift = 0, nrepairs = 0, nuntamed = 0, nexact_checks = 0;
  double worst_after = 0;
  for (int gi = 0; gi < GRAPHS; gi++) {
    pgo_cfg *g = random_graph(gi * 4);
    pgo_pfg *p = mk_pfg(g);
    random_probs(g, p);
    pgo_maint_repair_report rr;
    pgo_status s0 = pgo_maint_repair(m, g, p, NULL, &rr); /* consistent start */
    ck_assert(s0 == PGO_OK || s0 == PGO_ERR_NOT_CONVERGED);
    bool all_exact = s0 == PGO_OK;
    char hist[256] = "";
    for (int ei = 1; ei <= EDITS; ei++) {
      int op = (int)rnd(OPS);
      bool exact;
      op_tried[op]++;
      pgo_status s = edit(m, g, p, callee, callee_p, op, &exact);
      ck_assert_msg(s == PGO_OK || s == PGO_ERR_INVALID || s == PGO_ERR_RANGE,
                    "graph %d edit %d (%s): %s: %s", gi, ei, op_names[op],
                    pgo_status_name(s), pgo_maint_errmsg(m));
      if (!pgo_cfg_is_finished(g))
        ck_abort_msg("graph left unfinished by %s", op_names[op]);
      ck_assert_msg(pgo_cfg_verify(g) == PGO_OK, "%s after %s",
                    pgo_cfg_errmsg(g), op_names[op]);
      ck_assert_msg(pgo_pfg_verify(p) == PGO_OK, "%s after %s (%s)",
                    pgo_pfg_errmsg(p), op_names[op], pgo_status_name(s));
      if (s == PGO_OK) {
        size_t hl = strlen(hist);
        snprintf(hist + hl, sizeof hist - hl, " %s%s", op_names[op],
                 exact ? "" : "~");
        op_ok[op]++;
        all_exact &= exact;
      }
      if (ei % REPAIR_EVERY)
        continue;
      pgo_maint_verdict v = verdict(m, g, p);
      if (all_exact) {
        nexact_checks++;
        ck_assert_msg(v.max_rel <= 1e-9,
                      "graph %d edit %d: exact edits (%s) left residual %g "
                      "at %u",
                      gi, ei, hist, v.max_rel, v.worst_block);
      } else {
        drift[ndrift++] = v.max_rel;
      }
      s = pgo_maint_repair(m, g, p, NULL, &rr);
      nrepairs++;
      if (s == PGO_ERR_NOT_CONVERGED) {
        ck_assert_msg(has_trap(g), "graph %d: untamed without a trap: %s", gi,
                      pgo_maint_errmsg(m));
        nuntamed++;
        all_exact = false;
        hist[0] = '\0';
        continue;
      }
      ck_assert_msg(s == PGO_OK, "%s", pgo_maint_errmsg(m));
      hist[0] = '\0';
      v = verdict(m, g, p);
      ck_assert_msg(v.max_rel < 1e-9, "graph %d edit %d: residual %g at %u", gi,
                    ei, v.max_rel, v.worst_block);
      ck_assert_uint_eq(v.runaway_loops, 0);
      ck_assert(!(v.problems & (PGO_MAINT_P_NEGATIVE | PGO_MAINT_P_NONFINITE)));
      if (v.max_rel > worst_after)
        worst_after = v.max_rel;
      for (uint32_t b = 0; b < pgo_cfg_nblocks(g); b++) {
        double c = N(p, b);
        ck_assert(isfinite(c) && c >= 0);
      }
      all_exact = true;
    }
    pgo_pfg_free(p);
    pgo_cfg_free(g);
  }
  qsort(drift, ndrift, sizeof *drift, cmp_double);
  printf("maint property: %d graphs x %d edits, repair every %d: %zu repairs "
         "(%zu untamed: a loop without exit), %zu checks after exact-only "
         "edits all consistent\n",
         GRAPHS, EDITS, REPAIR_EVERY, nrepairs, nuntamed, nexact_checks);
  if (ndrift)
    printf("maint property: drift before repair (worst relative residual, "
           "%zu repairs after an inexact edit): min %.3g median %.3g max "
           "%.3g; worst after repair %.3g\n",
           ndrift, drift[0], drift[ndrift / 2], drift[ndrift - 1], worst_after);
  for (int i = 0; i < OPS; i++)
    printf("maint property: %-12s %6ld applied of %6ld tried\n", op_names[i],
           op_ok[i], op_tried[i]);
  for (int i = 0; i < OPS; i++)
    ck_assert_msg(op_ok[i] > 0, "operation %s never applied", op_names[i]);
  free(drift);
  pgo_pfg_free(callee_p);
  pgo_cfg_free(callee);
  pgo_maint_free(m);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("maint_property");
  TCase *t = tcase_create("property");
  tcase_set_timeout(t, 600);
  tcase_add_test(t, random_edit_sequences);
  suite_add_tcase(s, t);
  return s;
}

RUN_SUITE(suite())
