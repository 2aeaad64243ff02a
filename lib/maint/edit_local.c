/*
 * edit_local.c -- the operations that change one block and its neighbours:
 * branch inversion, edge removal, block and tail duplication, hammock
 * collapse (if-conversion), computation -> flow expansion, and guarded
 * devirtualization built on the expansion.
 *
 * Each keeps every block's successor probabilities summing to 1 and sets
 * the counts the edit determines (docs/maint.md "Operations" has the table
 * of what is exact): inversion, duplication (flows split by the moved
 * in-edges), collapse and expansion determine them exactly; removing an
 * edge that carries flow moves that flow to the source's other successors
 * (in proportion to their probabilities, core's rescale), which changes the
 * counts below them: those are left for pgo_maint_repair and the result
 * says counts_exact = false.  When a core edit fails midway (only
 * PGO_ERR_NOMEM can, arguments are checked first) the graph and profile
 * verify but the operation is incomplete (maint.h).
 */
#include "maint_impl.h"

#include <math.h>

static bool close_to(double a, double b) {
  double s = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
  return fabs(a - b) <= 1e-9 * (s > 1 ? s : 1);
}

/* --- branch inversion --------------------------------------------------- */

static pgo_cmp negate(pgo_cmp c) {
  switch (c) {
  case PGO_CMP_EQ:
    return PGO_CMP_NE;
  case PGO_CMP_NE:
    return PGO_CMP_EQ;
  case PGO_CMP_SLT:
    return PGO_CMP_SGE;
  case PGO_CMP_SGE:
    return PGO_CMP_SLT;
  case PGO_CMP_SLE:
    return PGO_CMP_SGT;
  case PGO_CMP_SGT:
    return PGO_CMP_SLE;
  case PGO_CMP_ULT:
    return PGO_CMP_UGE;
  case PGO_CMP_UGE:
    return PGO_CMP_ULT;
  case PGO_CMP_ULE:
    return PGO_CMP_UGT;
  case PGO_CMP_UGT:
    return PGO_CMP_ULE;
  case PGO_CMP_FEQ:
    return PGO_CMP_FUNE;
  case PGO_CMP_FUNE:
    return PGO_CMP_FEQ;
  case PGO_CMP_FNE:
    return PGO_CMP_FUEQ;
  case PGO_CMP_FUEQ:
    return PGO_CMP_FNE;
  case PGO_CMP_FLT:
    return PGO_CMP_FUGE;
  case PGO_CMP_FUGE:
    return PGO_CMP_FLT;
  case PGO_CMP_FLE:
    return PGO_CMP_FUGT;
  case PGO_CMP_FUGT:
    return PGO_CMP_FLE;
  case PGO_CMP_FGT:
    return PGO_CMP_FULE;
  case PGO_CMP_FULE:
    return PGO_CMP_FGT;
  case PGO_CMP_FGE:
    return PGO_CMP_FULT;
  case PGO_CMP_FULT:
    return PGO_CMP_FGE;
  case PGO_CMP_FORD:
    return PGO_CMP_FUNO;
  case PGO_CMP_FUNO:
    return PGO_CMP_FORD;
  case PGO_CMP_FTRUE:
    return PGO_CMP_FFALSE;
  case PGO_CMP_FFALSE:
    return PGO_CMP_FTRUE;
  default:
    return c;
  }
}

typedef struct edge_vals {
  double prob, measured;
  pgo_provenance prov, mprov;
  bool held;
} edge_vals;

static edge_vals read_edge(const pgo_pfg *pfg, uint32_t e) {
  edge_vals v = {pgo_pfg_edge_prob(pfg, e), pgo_pfg_edge_measured(pfg, e),
                 pgo_pfg_edge_prov(pfg, e), pgo_pfg_edge_measured_prov(pfg, e),
                 pgo_pfg_edge_held(pfg, e)};
  return v;
}

static pgo_status write_edge(pgo_maint *m, pgo_pfg *pfg, uint32_t e,
                             const edge_vals *v) {
  pgo_status s = pgo__maint_set_prob(m, pfg, e, v->prob, v->prov);
  if (s == PGO_OK)
    s = pgo_pfg_set_edge_measured(
        pfg, e, v->mprov == PGO_PROV_NONE ? 0 : v->measured, v->mprov);
  if (s == PGO_OK)
    s = pgo_pfg_set_edge_held(pfg, e, v->held);
  return s == PGO_OK ? s : pgo__maint_from_pfg(m, s, pfg, "edge values");
}

PGO_API pgo_status pgo_maint_invert_branch(pgo_maint *m, pgo_cfg *cfg,
                                           pgo_pfg *pfg, uint32_t block,
                                           pgo_maint_result *out) {
  pgo_status s = pgo__maint_args(m, cfg, pfg, block, "invert_branch");
  if (s != PGO_OK)
    return s;
  if (pgo_cfg_term(cfg, block) != PGO_TERM_BRANCH ||
      pgo_cfg_nsucc(cfg, block) != 2)
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "invert_branch: block %u is not a two-way branch",
                             block);
  uint32_t e0 = pgo_cfg_succ_begin(cfg, block), e1 = e0 + 1;
  uint32_t d0 = pgo_cfg_edge_dst(cfg, e0), d1 = pgo_cfg_edge_dst(cfg, e1);
  edge_vals v0 = read_edge(pfg, e0), v1 = read_edge(pfg, e1);
  pgo_branch_features f = pgo_cfg_branch(cfg, block);
  const double *ann = pgo_cfg_annotation(cfg, block);
  double swapped[2] = {0, 0};
  if (ann) {
    swapped[0] = ann[1];
    swapped[1] = ann[0];
  }
  uint32_t first = pgo_cfg_nblocks(cfg);
  if (d0 != d1) {
    if ((s = pgo_cfg_redirect_edge(cfg, e0, d1)) != PGO_OK ||
        (s = pgo_cfg_redirect_edge(cfg, e1, d0)) != PGO_OK)
      return pgo__maint_from_cfg(m, s, cfg, "invert_branch: redirect");
  }
  f.cmp = negate(f.cmp);
  if ((s = pgo_cfg_set_branch(cfg, block, &f)) != PGO_OK ||
      (ann && (s = pgo_cfg_set_annotation(cfg, block, swapped, 2)) != PGO_OK))
    return pgo__maint_from_cfg(m, s, cfg, "invert_branch");
  if ((s = write_edge(m, pfg, e0, &v1)) != PGO_OK ||
      (s = write_edge(m, pfg, e1, &v0)) != PGO_OK)
    return s;
  pgo__maint_result(out, first, 0, true);
  return PGO_OK;
}

/* --- edge removal ------------------------------------------------------- */

PGO_API pgo_status pgo_maint_remove_edge(pgo_maint *m, pgo_cfg *cfg,
                                         pgo_pfg *pfg, uint32_t edge,
                                         pgo_maint_result *out) {
  pgo_status s = pgo__maint_args(m, cfg, pfg, PGO_NONE, "remove_edge");
  if (s != PGO_OK)
    return s;
  if (edge >= pgo_cfg_nedges(cfg))
    return pgo__maint_seterr(m, PGO_ERR_INVALID, "remove_edge: no edge %u",
                             edge);
  double flow = pgo_pfg_edge_count(pfg, edge);
  uint32_t first = pgo_cfg_nblocks(cfg);
  if ((s = pgo_cfg_remove_edge(cfg, edge)) != PGO_OK)
    return pgo__maint_from_cfg(m, s, cfg, "remove_edge");
  /* core's sync rescales the source's remaining probabilities: the flow
   * goes to the other successors in proportion (held values kept). */
  if ((s = pgo_pfg_sync(pfg)) != PGO_OK)
    return pgo__maint_from_pfg(m, s, pfg, "remove_edge: sync");
  pgo__maint_result(out, first, 0, !(flow > 0));
  return PGO_OK;
}

/* --- duplication -------------------------------------------------------- */

PGO_API pgo_status pgo_maint_duplicate_block(pgo_maint *m, pgo_cfg *cfg,
                                             pgo_pfg *pfg, uint32_t block,
                                             const uint32_t *edges, uint32_t n,
                                             pgo_maint_result *out) {
  pgo_status s = pgo__maint_args(m, cfg, pfg, block, "duplicate_block");
  if (s != PGO_OK)
    return s;
  if (n > 0 && edges == NULL)
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "duplicate_block: NULL edge list");
  uint32_t ne = pgo_cfg_nedges(cfg);
  for (uint32_t i = 0; i < n; i++) {
    if (edges[i] >= ne || pgo_cfg_edge_dst(cfg, edges[i]) != block)
      return pgo__maint_seterr(m, PGO_ERR_INVALID,
                               "duplicate_block: edge %u does not enter "
                               "block %u",
                               edges[i], block);
    for (uint32_t j = 0; j < i; j++)
      if (edges[j] == edges[i])
        return pgo__maint_seterr(m, PGO_ERR_INVALID,
                                 "duplicate_block: edge %u given twice",
                                 edges[i]);
  }
  uint32_t first = pgo_cfg_nblocks(cfg), d;
  bool exact = true;
  if ((s = pgo__maint_dup_move(m, cfg, pfg, block, edges, n, &d, &exact)) !=
      PGO_OK)
    return s;
  pgo__maint_result(out, first, 1, exact);
  return PGO_OK;
}

PGO_API pgo_status pgo_maint_tail_duplicate(pgo_maint *m, pgo_cfg *cfg,
                                            pgo_pfg *pfg, uint32_t block,
                                            pgo_maint_result *out) {
  pgo_status s = pgo__maint_args(m, cfg, pfg, block, "tail_duplicate");
  if (s != PGO_OK)
    return s;
  uint32_t np = pgo_cfg_npred(cfg, block);
  if (np < 2)
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "tail_duplicate: block %u is not a join", block);
  uint32_t *pr = maint_alloc(m, np, sizeof *pr);
  if (pr == NULL)
    return pgo__maint_seterr(m, PGO_ERR_NOMEM, "tail_duplicate: out of memory");
  memcpy(pr, pgo_cfg_preds(cfg, block), np * sizeof *pr);
  uint32_t first = pgo_cfg_nblocks(cfg), done = 0;
  bool exact = true;
  /* Ids of existing edges survive duplication and redirection. */
  for (uint32_t i = 1; i < np && s == PGO_OK; i++) {
    uint32_t d;
    s = pgo__maint_dup_move(m, cfg, pfg, block, &pr[i], 1, &d, &exact);
    done += s == PGO_OK;
  }
  maint_free(m, pr, np, sizeof *pr);
  pgo__maint_result(out, first, done, exact);
  return s;
}

/* --- hammock collapse --------------------------------------------------- */

/* The join an arm leads to: the arm's successor when the arm is a block
 * with head as only predecessor and one successor, else the arm itself. */
static uint32_t arm_join(const pgo_cfg *cfg, uint32_t head, uint32_t a,
                         bool *is_arm) {
  *is_arm = a != head && pgo_cfg_npred(cfg, a) == 1 &&
            pgo_cfg_nsucc(cfg, a) == 1 && a != pgo_cfg_entry(cfg);
  if (!*is_arm)
    return a;
  uint32_t j = pgo_cfg_edge_dst(cfg, pgo_cfg_succ_begin(cfg, a));
  if (j == a || j == head) {
    *is_arm = false;
    return a;
  }
  return j;
}

PGO_API pgo_status pgo_maint_collapse_hammock(pgo_maint *m, pgo_cfg *cfg,
                                              pgo_pfg *pfg, uint32_t head,
                                              pgo_maint_result *out) {
  pgo_status s = pgo__maint_args(m, cfg, pfg, head, "collapse_hammock");
  if (s != PGO_OK)
    return s;
  if (pgo_cfg_term(cfg, head) != PGO_TERM_BRANCH ||
      pgo_cfg_nsucc(cfg, head) != 2)
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "collapse_hammock: block %u is not a two-way "
                             "branch",
                             head);
  uint32_t e0 = pgo_cfg_succ_begin(cfg, head), e1 = e0 + 1;
  uint32_t a0 = pgo_cfg_edge_dst(cfg, e0), a1 = pgo_cfg_edge_dst(cfg, e1);
  bool arm0, arm1;
  uint32_t j0 = arm_join(cfg, head, a0, &arm0);
  uint32_t j1 = arm_join(cfg, head, a1, &arm1);
  if (a0 == a1)
    arm0 = arm1 = false, j0 = j1 = a0;
  if (j0 != j1 || j0 == head)
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "collapse_hammock: block %u does not head a "
                             "hammock (arms lead to %u and %u)",
                             head, j0, j1);
  uint32_t j = j0;
  bool exact = true;
  if (arm0 &&
      !close_to(pgo_pfg_block_count(pfg, a0), pgo_pfg_edge_count(pfg, e0)))
    exact = false;
  if (arm1 &&
      !close_to(pgo_pfg_block_count(pfg, a1), pgo_pfg_edge_count(pfg, e1)))
    exact = false;
  pgo_provenance prov = pgo_pfg_edge_prov(pfg, e0);
  uint32_t first = pgo_cfg_nblocks(cfg);
  if ((s = pgo_cfg_remove_edge(cfg, e1)) != PGO_OK ||
      (arm0 && (s = pgo_cfg_redirect_edge(cfg, e0, j)) != PGO_OK) ||
      (arm0 && (s = pgo_cfg_remove_block(cfg, a0)) != PGO_OK) ||
      (arm1 && (s = pgo_cfg_remove_block(cfg, a1)) != PGO_OK))
    return pgo__maint_from_cfg(m, s, cfg, "collapse_hammock");
  if ((s = pgo_pfg_sync(pfg)) != PGO_OK)
    return pgo__maint_from_pfg(m, s, pfg, "collapse_hammock: sync");
  /* removing the arms shifted later edge ids: ask again */
  if ((s = pgo__maint_set_prob(m, pfg, pgo_cfg_succ_begin(cfg, head), 1.0,
                               prov == PGO_PROV_NONE ? PGO_PROV_SYNTHESIZED
                                                     : prov)) != PGO_OK)
    return s;
  pgo__maint_result(out, first, 0, exact);
  return PGO_OK;
}

/* --- expansion and guarded devirtualization ----------------------------- */

static pgo_status expand(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                         uint32_t block, double p, pgo_provenance pprov,
                         const pgo_branch_features *features, uint32_t ids[3]) {
  double n = pgo_pfg_block_count(pfg, block);
  pgo_provenance bp = pgo_pfg_block_prov(pfg, block);
  uint32_t j, t, f;
  pgo_status s = pgo_cfg_duplicate_block(cfg, block, &j);
  if (s != PGO_OK)
    return pgo__maint_from_cfg(m, s, cfg, "expand: duplicate");
  ids[0] = j;
  if ((s = pgo_pfg_sync(pfg)) != PGO_OK) /* before any getter */
    return pgo__maint_from_pfg(m, s, pfg, "expand: sync");
  /* the join takes the successors' measured counts and held flags */
  if ((s = pgo__maint_split_measured(m, cfg, pfg, block, j, 1.0)) != PGO_OK)
    return s;
  uint32_t ns = pgo_cfg_nsucc(cfg, block);
  for (uint32_t i = 0; i < ns; i++) {
    uint32_t a = pgo_cfg_succ_begin(cfg, block) + i;
    if (pgo_pfg_edge_held(pfg, a) &&
        (s = pgo_pfg_set_edge_held(pfg, pgo_cfg_succ_begin(cfg, j) + i,
                                   true)) != PGO_OK)
      return pgo__maint_from_pfg(m, s, pfg, "expand: held");
  }
  while (pgo_cfg_nsucc(cfg, block) > 0)
    if ((s = pgo_cfg_remove_edge(cfg, pgo_cfg_succ_begin(cfg, block))) !=
        PGO_OK)
      return pgo__maint_from_cfg(m, s, cfg, "expand: remove");
  /* Terminators are set once the edges are in, so a failure midway leaves
   * a graph that verifies (a block without a terminator kind accepts any
   * successor count). */
  pgo_branch_features none = {PGO_CMP_NONE, PGO_OPND_NONE, PGO_OPND_NONE};
  if ((s = pgo_cfg_set_term(cfg, block, PGO_TERM_NONE)) != PGO_OK ||
      (s = pgo_cfg_add_block(cfg, PGO_NONE, 0, &t)) != PGO_OK ||
      (s = pgo_cfg_add_block(cfg, PGO_NONE, 0, &f)) != PGO_OK ||
      (s = pgo_cfg_add_edge(cfg, block, t)) != PGO_OK ||
      (s = pgo_cfg_add_edge(cfg, block, f)) != PGO_OK ||
      (s = pgo_cfg_add_edge(cfg, t, j)) != PGO_OK ||
      (s = pgo_cfg_add_edge(cfg, f, j)) != PGO_OK ||
      (s = pgo_cfg_set_term(cfg, t, PGO_TERM_JUMP)) != PGO_OK ||
      (s = pgo_cfg_set_term(cfg, f, PGO_TERM_JUMP)) != PGO_OK ||
      (s = pgo_cfg_set_term(cfg, block, PGO_TERM_BRANCH)) != PGO_OK ||
      (s = pgo_cfg_set_branch(cfg, block, features ? features : &none)) !=
          PGO_OK) {
    pgo__maint_from_cfg(m, s, cfg, "expand: build");
    (void)pgo_cfg_finish(cfg);
    return s;
  }
  if ((s = pgo_cfg_finish(cfg)) != PGO_OK)
    return pgo__maint_from_cfg(m, s, cfg, "expand: finish");
  ids[1] = t;
  ids[2] = f;
  if ((s = pgo_pfg_sync(pfg)) != PGO_OK)
    return pgo__maint_from_pfg(m, s, pfg, "expand: sync");
  uint32_t b0 = pgo_cfg_succ_begin(cfg, block);
  if ((s = pgo__maint_set_prob(m, pfg, b0, p, pprov)) != PGO_OK ||
      (s = pgo__maint_set_prob(m, pfg, b0 + 1, 1 - p, pprov)) != PGO_OK ||
      (s = pgo__maint_set_prob(m, pfg, pgo_cfg_succ_begin(cfg, t), 1, pprov)) !=
          PGO_OK ||
      (s = pgo__maint_set_prob(m, pfg, pgo_cfg_succ_begin(cfg, f), 1, pprov)) !=
          PGO_OK ||
      (s = pgo__maint_set_count(m, pfg, t, n * p, bp)) != PGO_OK ||
      (s = pgo__maint_set_count(m, pfg, f, n * (1 - p), bp)) != PGO_OK ||
      (s = pgo__maint_set_count(m, pfg, j, n, bp)) != PGO_OK)
    return s;
  return PGO_OK;
}

static pgo_status expand_args(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                              uint32_t block, double p, pgo_provenance prov,
                              const char *op) {
  pgo_status s = pgo__maint_args(m, cfg, pfg, block, op);
  if (s != PGO_OK)
    return s;
  if (!(p >= 0 && p <= 1))
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "%s: probability %g not in [0, 1]", op, p);
  if ((unsigned)prov > PGO_PROV_REPAIRED)
    return pgo__maint_seterr(m, PGO_ERR_INVALID, "%s: bad provenance", op);
  return PGO_OK;
}

PGO_API pgo_status pgo_maint_expand(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                                    uint32_t block, double p_true,
                                    pgo_provenance prob_prov,
                                    const pgo_branch_features *features,
                                    pgo_maint_result *out) {
  pgo_status s = expand_args(m, cfg, pfg, block, p_true, prob_prov, "expand");
  if (s != PGO_OK)
    return s;
  uint32_t first = pgo_cfg_nblocks(cfg), ids[3];
  if ((s = expand(m, cfg, pfg, block, p_true, prob_prov, features, ids)) !=
      PGO_OK)
    return s;
  pgo__maint_result(out, first, 3, true);
  return PGO_OK;
}

PGO_API pgo_status pgo_maint_guard_call(pgo_maint *m, pgo_cfg *cfg,
                                        pgo_pfg *pfg, uint32_t block,
                                        double share, pgo_provenance prob_prov,
                                        pgo_maint_guard *out) {
  pgo_status s =
      expand_args(m, cfg, pfg, block, share, prob_prov, "guard_call");
  if (s != PGO_OK)
    return s;
  unsigned fl = pgo_cfg_flags(cfg, block);
  if (!(fl & PGO_BLOCK_INDIRECT_CALL))
    return pgo__maint_seterr(
        m, PGO_ERR_INVALID, "guard_call: block %u has no indirect call", block);
  pgo_branch_features eq = {PGO_CMP_EQ, PGO_OPND_POINTER, PGO_OPND_POINTER};
  uint32_t ids[3];
  if ((s = expand(m, cfg, pfg, block, share, prob_prov, &eq, ids)) != PGO_OK)
    return s;
  unsigned keep = fl & ~(unsigned)(PGO_BLOCK_INDIRECT_CALL | PGO_BLOCK_ENTRY);
  if ((s = pgo_cfg_set_flags(cfg, block, keep)) != PGO_OK ||
      (s = pgo_cfg_set_flags(cfg, ids[0], keep)) != PGO_OK ||
      (s = pgo_cfg_set_flags(cfg, ids[1], PGO_BLOCK_CALLS)) != PGO_OK ||
      (s = pgo_cfg_set_flags(
           cfg, ids[2], PGO_BLOCK_CALLS | PGO_BLOCK_INDIRECT_CALL)) != PGO_OK ||
      (s = pgo_cfg_set_label(cfg, ids[1], "devirt.direct")) != PGO_OK ||
      (s = pgo_cfg_set_label(cfg, ids[2], "devirt.fallback")) != PGO_OK ||
      (s = pgo_cfg_set_label(cfg, ids[0], "devirt.join")) != PGO_OK)
    return pgo__maint_from_cfg(m, s, cfg, "guard_call: flags");
  if (out) {
    out->guard = block;
    out->join = ids[0];
    out->direct = ids[1];
    out->fallback = ids[2];
  }
  return PGO_OK;
}
