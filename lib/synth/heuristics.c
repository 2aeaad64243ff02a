/*
 * heuristics.c -- branch probabilities from program structure.
 *
 * For every block with two or more successors, decides which of the
 * Ball-Larus heuristics fire (Ball & Larus, "Branch Prediction for Free",
 * PLDI 1993, section 3; probabilities and the "apply them all" policy of
 * Wu & Larus, MICRO 1994, Table 1 and section 3.2) and combines them with
 * Dempster-Shafer (dempster_shafer.c).  Each firing heuristic is a set S of
 * successors it predicts and its table probability (PGO_SYNTH_HEURISTIC_LIST
 * in pgo/synth.h, where each value's source is written):
 *
 *   loop-branch  a successor reached by a back edge (S = back edges); or,
 *                in a loop header, the successors staying in the loop
 *                (a top-tested loop: the test is the loop branch);
 *   loop-exit    otherwise, in a loop, the successors that stay in the
 *                innermost loop, unless a successor is a loop header
 *                (Wu-Larus Table 1: "in which no successor is a loop
 *                head"; entering an inner loop is loop-header's case);
 *                (both judge a successor by where it certainly continues,
 *                when the front end says: pgo_synth_options.continues_to)
 *   loop-header  successors that are loop headers or pre-headers (a block
 *                jumping straight to a header) and do not post-dominate;
 *   pointer      eq/ne with a pointer or null operand: S = the not-equal side;
 *   opcode       integer x<0, x<=0, x==c fail (and their negations hold);
 *                fp == fails, fp != holds, isnan (uno) fails;
 *   guard        successors with PGO_SYNTH_HINT_USES_OPERAND that do not
 *                post-dominate (the front end supplies the use facts);
 *   call/store   S = successors *without* a call (store), when some
 *                successor with one does not post-dominate the branch; for
 *                calls "with one" also covers an unconditional jump to a
 *                block with a call that the successor dominates
 *                (Ball-Larus's definition);
 *   return       S = successors that neither return nor jump to a return
 *                (directly or where it certainly continues);
 *   cold-path    S = successors from which some path avoids unreachable,
 *                noreturn calls, throws and landing pads; an invoke's
 *                unwind successor is always cold.
 *
 * Multi-way branches (switch, indirect, invoke) start uniform -- every
 * successor index, so a target reached by k cases gets k shares -- and take
 * the same set-valued evidence (opcode and pointer are two-way only).
 *
 * Annotations dominate: a block with pgo_cfg_annotation takes the annotated
 * probabilities verbatim (floored), provenance ANNOTATED; the heuristics
 * that fired are still recorded so pgo-show can show what was overridden.
 *
 * Floor: after combination no successor of a branch gets less than
 * min(floor, 1/(2n)) (default 1e-4): a heuristic is evidence, not proof,
 * and a zero would be absorbing for later blending.  Exact 0 appears only
 * as the frequency of blocks unreachable from the entry, exact 1 only for
 * single-successor blocks.
 *
 * Fallbacks: a branch whose successors all reach the same block is uniform;
 * a heuristic whose set is empty or all successors is ignored.
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "synth_int.h"

/* Facts about the graph that several heuristics share. */
typedef struct hctx {
  pgo_cfg *cfg;
  const pgo_synth_options *o;
  unsigned char *cold; /* per block: every path ends cold */
  uint32_t *sig;       /* per successor of the current branch: signature */
  uint32_t *scratch;   /* SYNTH_NSIGNATURES zeros for pgo__synth_ds_finish */
} hctx;

static bool is_header(const pgo_cfg *cfg, uint32_t b) {
  uint32_t l = pgo_cfg_block_loop(cfg, b);
  return l != PGO_NONE && pgo_cfg_loop_header(cfg, l) == b;
}

static bool is_cold_term(const pgo_cfg *cfg, uint32_t b) {
  pgo_term t = pgo_cfg_term(cfg, b);
  unsigned f = pgo_cfg_flags(cfg, b);
  return t == PGO_TERM_UNREACHABLE || t == PGO_TERM_THROW ||
         (f & (PGO_BLOCK_NORETURN | PGO_BLOCK_EH)) != 0;
}

/* cold(b): b ends cold, or it has successors and all of them are cold.
 * Post-order (reverse RPO) visits successors first except along back
 * edges, whose targets then count as not cold: a loop is never cold by
 * this rule unless it ends cold itself, which errs on the side of "hot".
 * Blocks unreachable from the entry are done after, in reverse layout. */
static void compute_cold(hctx *h) {
  const pgo_cfg *cfg = h->cfg;
  uint32_t n = pgo_cfg_nblocks(cfg), nrpo = 0;
  const uint32_t *rpo = pgo_cfg_rpo(cfg, &nrpo);
  unsigned char *seen = h->cold + n; /* second half of the buffer */
  memset(h->cold, 0, 2 * (size_t)n);
  for (uint32_t pass = 0; pass < 2; pass++) {
    uint32_t count = pass == 0 ? nrpo : n;
    for (uint32_t i = count; i-- > 0;) {
      uint32_t b = pass == 0 ? rpo[i] : i;
      if (seen[b])
        continue;
      seen[b] = 1;
      if (is_cold_term(cfg, b)) {
        h->cold[b] = 1;
        continue;
      }
      uint32_t ns = pgo_cfg_nsucc(cfg, b), e0 = pgo_cfg_succ_begin(cfg, b);
      if (ns == 0)
        continue;
      bool all = true;
      for (uint32_t k = 0; k < ns && all; k++) {
        uint32_t d = pgo_cfg_edge_dst(cfg, e0 + k);
        if (!seen[d] || !h->cold[d])
          all = false;
      }
      h->cold[b] = all ? 1 : 0;
    }
  }
}

static bool returns_soon(const pgo_cfg *cfg, uint32_t d) {
  if (pgo_cfg_term(cfg, d) == PGO_TERM_RETURN)
    return true;
  if (pgo_cfg_nsucc(cfg, d) == 1 && pgo_cfg_term(cfg, d) == PGO_TERM_JUMP) {
    uint32_t t = pgo_cfg_edge_dst(cfg, pgo_cfg_succ_begin(cfg, d));
    return pgo_cfg_term(cfg, t) == PGO_TERM_RETURN;
  }
  return false;
}

/* The block control taking edge e to d certainly continues to: the edge's
 * own continuation (pgo_synth_options.edge_continues_to) when known, else
 * d's (continues_to), else d. */
static uint32_t continuation(const hctx *h, uint32_t e, uint32_t d) {
  const uint32_t *ex = h->o->edge_continues_to;
  if (ex && ex[e] != PGO_NONE)
    return ex[e];
  const uint32_t *nx = h->o->continues_to;
  return nx && nx[d] != PGO_NONE ? nx[d] : d;
}

static bool has_flag(const pgo_cfg *cfg, uint32_t b, unsigned flag) {
  return (pgo_cfg_flags(cfg, b) & flag) != 0;
}

/* A call the call heuristic counts: not in a block whose calls all go to
 * functions of the module (PGO_SYNTH_BHINT_LOCAL_CALLS_ONLY). */
static bool counted_call(const hctx *h, uint32_t b) {
  const unsigned *bh = h->o->block_hints;
  return has_flag(h->cfg, b, PGO_BLOCK_CALLS) &&
         !(bh && (bh[b] & PGO_SYNTH_BHINT_LOCAL_CALLS_ONLY));
}

/* Ball-Larus's call property: the successor d contains a call, or
 * unconditionally passes control to a block with a call that d
 * dominates. */
static bool leads_to_call(const hctx *h, uint32_t d) {
  const pgo_cfg *cfg = h->cfg;
  if (counted_call(h, d))
    return true;
  if (pgo_cfg_nsucc(cfg, d) != 1 || pgo_cfg_term(cfg, d) != PGO_TERM_JUMP)
    return false;
  uint32_t t = pgo_cfg_edge_dst(cfg, pgo_cfg_succ_begin(cfg, d));
  return t != d && pgo_cfg_dominates(cfg, d, t) && counted_call(h, t);
}

static bool is_preheader(const pgo_cfg *cfg, uint32_t d) {
  if (pgo_cfg_nsucc(cfg, d) != 1)
    return false;
  uint32_t e = pgo_cfg_succ_begin(cfg, d);
  return !pgo_cfg_is_back_edge(cfg, e) &&
         is_header(cfg, pgo_cfg_edge_dst(cfg, e));
}

static bool is_const_kind(pgo_operand k) {
  return k == PGO_OPND_ZERO || k == PGO_OPND_NEGATIVE || k == PGO_OPND_CONST;
}

static bool is_ptr_kind(pgo_operand k) {
  return k == PGO_OPND_POINTER || k == PGO_OPND_NULL;
}

static pgo_cmp swap_cmp(pgo_cmp c) {
  switch (c) {
  case PGO_CMP_SLT:
    return PGO_CMP_SGT;
  case PGO_CMP_SGT:
    return PGO_CMP_SLT;
  case PGO_CMP_SLE:
    return PGO_CMP_SGE;
  case PGO_CMP_SGE:
    return PGO_CMP_SLE;
  case PGO_CMP_ULT:
    return PGO_CMP_UGT;
  case PGO_CMP_UGT:
    return PGO_CMP_ULT;
  case PGO_CMP_ULE:
    return PGO_CMP_UGE;
  case PGO_CMP_UGE:
    return PGO_CMP_ULE;
  default:
    return c;
  }
}

/* Opcode heuristic: returns 1 when it fires; *taken = the comparison is
 * predicted true (successor 0). */
static int opcode_predict(pgo_branch_features f, bool *taken) {
  pgo_cmp c = f.cmp;
  pgo_operand l = f.lhs, r = f.rhs;
  switch (c) {
  case PGO_CMP_FEQ:
  case PGO_CMP_FUEQ:
  case PGO_CMP_FUNO:
    *taken = false;
    return 1;
  case PGO_CMP_FNE:
  case PGO_CMP_FUNE:
  case PGO_CMP_FORD:
    *taken = true;
    return 1;
  default:
    break;
  }
  if (is_ptr_kind(l) || is_ptr_kind(r) || l == PGO_OPND_FLOAT ||
      r == PGO_OPND_FLOAT)
    return 0;
  if (is_const_kind(l) && !is_const_kind(r)) {
    pgo_operand t = l;
    l = r;
    r = t;
    c = swap_cmp(c);
  }
  (void)l;
  switch (c) {
  case PGO_CMP_EQ:
    if (!is_const_kind(r))
      return 0;
    *taken = false;
    return 1;
  case PGO_CMP_NE:
    if (!is_const_kind(r))
      return 0;
    *taken = true;
    return 1;
  case PGO_CMP_SLT:
  case PGO_CMP_SLE:
    if (r != PGO_OPND_ZERO && r != PGO_OPND_NEGATIVE)
      return 0;
    *taken = false;
    return 1;
  case PGO_CMP_SGT:
  case PGO_CMP_SGE:
    if (r != PGO_OPND_ZERO && r != PGO_OPND_NEGATIVE)
      return 0;
    *taken = true;
    return 1;
  default:
    return 0;
  }
}

/* Records and applies one piece of evidence. */
static void evidence(pgo_synth *s, hctx *hc, double *m,
                     const unsigned char *inset, uint32_t n, uint32_t e0,
                     pgo_synth_heuristic h, bool apply) {
  const pgo_synth_options *o = hc->o;
  uint32_t in = 0;
  for (uint32_t k = 0; k < n; k++)
    in += inset[k] ? 1u : 0u;
  if (in == 0 || in == n || (o->disabled & (1u << h)))
    return;
  for (uint32_t k = 0; k < n; k++) {
    if (inset[k])
      s->for_mask[e0 + k] |= 1u << h;
    else
      s->against_mask[e0 + k] |= 1u << h;
  }
  if (apply)
    pgo__synth_ds_combine(m, hc->sig, n, inset,
                          o->heuristic_probs ? o->heuristic_probs[h]
                                             : pgo_synth_heuristic_prob(h),
                          1u << h);
}

static void branch_probs(pgo_synth *s, hctx *h, uint32_t b, double *m,
                         unsigned char *inset, bool apply) {
  pgo_cfg *cfg = h->cfg;
  const pgo_synth_options *o = h->o;
  uint32_t n = pgo_cfg_nsucc(cfg, b), e0 = pgo_cfg_succ_begin(cfg, b);
  uint32_t loop = pgo_cfg_block_loop(cfg, b);
  pgo_term term = pgo_cfg_term(cfg, b);
  pgo__synth_ds_uniform(m, h->sig, n);

  bool same = true;
  for (uint32_t k = 1; k < n; k++)
    if (pgo_cfg_edge_dst(cfg, e0 + k) != pgo_cfg_edge_dst(cfg, e0))
      same = false;
  if (same)
    return;

  /* loop-branch / loop-exit */
  uint32_t nback = 0;
  for (uint32_t k = 0; k < n; k++) {
    inset[k] = pgo_cfg_is_back_edge(cfg, e0 + k) ? 1 : 0;
    nback += inset[k];
  }
  if (nback > 0 && nback < n) {
    evidence(s, h, m, inset, n, e0, PGO_SYNTH_H_LOOP_BRANCH, apply);
  } else if (loop != PGO_NONE) {
    uint32_t nstay = 0;
    for (uint32_t k = 0; k < n; k++) {
      uint32_t d = continuation(h, e0 + k, pgo_cfg_edge_dst(cfg, e0 + k));
      inset[k] = pgo_cfg_loop_contains(cfg, loop, d) ? 1 : 0;
      nstay += inset[k];
    }
    if (nstay > 0 && nstay < n) {
      if (pgo_cfg_loop_header(cfg, loop) == b) {
        evidence(s, h, m, inset, n, e0, PGO_SYNTH_H_LOOP_BRANCH, apply);
      } else {
        bool head = false;
        for (uint32_t k = 0; k < n; k++)
          head |= is_header(cfg, pgo_cfg_edge_dst(cfg, e0 + k));
        if (!head)
          evidence(s, h, m, inset, n, e0, PGO_SYNTH_H_LOOP_EXIT, apply);
      }
    }
  }

  /* loop-header */
  for (uint32_t k = 0; k < n; k++) {
    uint32_t e = e0 + k, d = pgo_cfg_edge_dst(cfg, e);
    inset[k] = ((is_header(cfg, d) && !pgo_cfg_is_back_edge(cfg, e)) ||
                is_preheader(cfg, d)) &&
               !pgo_cfg_postdominates(cfg, d, b);
  }
  evidence(s, h, m, inset, n, e0, PGO_SYNTH_H_LOOP_HEADER, apply);

  /* pointer and opcode: two-way compares only */
  if (term == PGO_TERM_BRANCH && n == 2) {
    pgo_branch_features f = pgo_cfg_branch(cfg, b);
    if ((f.cmp == PGO_CMP_EQ || f.cmp == PGO_CMP_NE) &&
        (is_ptr_kind(f.lhs) || is_ptr_kind(f.rhs))) {
      inset[0] = f.cmp == PGO_CMP_NE;
      inset[1] = f.cmp == PGO_CMP_EQ;
      evidence(s, h, m, inset, n, e0, PGO_SYNTH_H_POINTER, apply);
    }
    bool taken;
    if (opcode_predict(f, &taken)) {
      inset[0] = taken;
      inset[1] = !taken;
      evidence(s, h, m, inset, n, e0, PGO_SYNTH_H_OPCODE, apply);
    }
  }

  /* guard */
  if (o->edge_hints) {
    for (uint32_t k = 0; k < n; k++) {
      uint32_t d = pgo_cfg_edge_dst(cfg, e0 + k);
      inset[k] = (o->edge_hints[e0 + k] & PGO_SYNTH_HINT_USES_OPERAND) &&
                 !pgo_cfg_postdominates(cfg, d, b);
    }
    evidence(s, h, m, inset, n, e0, PGO_SYNTH_H_GUARD, apply);
  }

  /* call, store: evidence for the successors without one */
  for (int a = 0; a < 2; a++) {
    pgo_synth_heuristic hh = a == 0 ? PGO_SYNTH_H_CALL : PGO_SYNTH_H_STORE;
    bool any = false;
    for (uint32_t k = 0; k < n; k++) {
      uint32_t d = pgo_cfg_edge_dst(cfg, e0 + k);
      bool has =
          (a == 0 ? leads_to_call(h, d) : has_flag(cfg, d, PGO_BLOCK_STORES)) &&
          !pgo_cfg_postdominates(cfg, d, b);
      inset[k] = !has;
      any |= has;
    }
    if (any)
      evidence(s, h, m, inset, n, e0, hh, apply);
  }

  /* return */
  for (uint32_t k = 0; k < n; k++) {
    uint32_t d = pgo_cfg_edge_dst(cfg, e0 + k);
    inset[k] = !returns_soon(cfg, d) &&
               !returns_soon(cfg, continuation(h, e0 + k, d));
  }
  evidence(s, h, m, inset, n, e0, PGO_SYNTH_H_RETURN, apply);

  /* cold paths */
  for (uint32_t k = 0; k < n; k++) {
    uint32_t d = pgo_cfg_edge_dst(cfg, e0 + k);
    bool cold = h->cold[d] || (term == PGO_TERM_INVOKE && k == 1);
    inset[k] = !cold;
  }
  evidence(s, h, m, inset, n, e0, PGO_SYNTH_H_COLD, apply);
  if (apply)
    pgo__synth_ds_finish(m, h->sig, n, h->scratch);
}

/* Writes the probabilities m[0..ns) of block b's successors (edges e0..)
 * with provenance prov.  With fill_unheld_only, held edges keep theirs and
 * the others share 1 - (sum of the held), at least 0, in proportion to m
 * (evenly when m gives them nothing).  A setter's refusal is the status,
 * with the pfg's message. */
static pgo_status write_branch(pgo_synth *s, const pgo_synth_options *o,
                               pgo_pfg *pfg, uint32_t b, uint32_t e0,
                               uint32_t ns, double *m, pgo_provenance prov) {
  bool keep = o->fill_unheld_only;
  if (keep) {
    double held = 0, share = 0;
    uint32_t nheld = 0;
    for (uint32_t k = 0; k < ns; k++) {
      if (pgo_pfg_edge_held(pfg, e0 + k)) {
        held += pgo_pfg_edge_prob(pfg, e0 + k);
        nheld++;
      } else {
        share += m[k];
      }
    }
    if (nheld == ns)
      return PGO_OK;
    if (nheld > 0) {
      double rest = held < 1 ? 1 - held : 0;
      for (uint32_t k = 0; k < ns; k++) {
        double v = share > 0 ? rest * m[k] / share : rest / (ns - nheld);
        m[k] = v < 1 ? v : 1;
      }
    }
  }
  for (uint32_t k = 0; k < ns; k++) {
    if (keep && pgo_pfg_edge_held(pfg, e0 + k))
      continue;
    pgo_status st = pgo_pfg_set_edge_prob(pfg, e0 + k, m[k], prov);
    if (st != PGO_OK)
      return pgo__synth_fail(s, st, "synth: block %" PRIu32 " successor %" PRIu32
                             ": %s", b, k, pgo_pfg_errmsg(pfg));
  }
  return PGO_OK;
}

pgo_status pgo_synth_probabilities(pgo_synth *s, pgo_cfg *cfg,
                                   const pgo_synth_options *opts,
                                   pgo_pfg *pfg) {
  if (!s)
    return PGO_ERR_INVALID;
  pgo_synth_options o;
  pgo_status st = pgo__synth_begin(s, cfg, opts, pfg, &o);
  if (st != PGO_OK)
    return st;

  uint32_t n = pgo_cfg_nblocks(cfg), ne = pgo_cfg_nedges(cfg);
  if (o.continues_to)
    for (uint32_t b = 0; b < n; b++)
      if (o.continues_to[b] != PGO_NONE && o.continues_to[b] >= n)
        return pgo__synth_fail(s, PGO_ERR_INVALID,
                          "synth: continues_to[%" PRIu32 "] = %" PRIu32
                          " is not a block",
                          b, o.continues_to[b]);
  if (o.edge_continues_to)
    for (uint32_t e = 0; e < ne; e++)
      if (o.edge_continues_to[e] != PGO_NONE && o.edge_continues_to[e] >= n)
        return pgo__synth_fail(s, PGO_ERR_INVALID,
                          "synth: edge_continues_to[%" PRIu32 "] = %" PRIu32
                          " is not a block",
                          e, o.edge_continues_to[e]);
  uint32_t maxs = 1;
  for (uint32_t b = 0; b < n; b++)
    if (pgo_cfg_nsucc(cfg, b) > maxs)
      maxs = pgo_cfg_nsucc(cfg, b);

  pgo__synth_free_masks(s);
  s->for_mask = pgo__synth_calloc(s, ne, sizeof *s->for_mask);
  s->against_mask = pgo__synth_calloc(s, ne, sizeof *s->against_mask);
  hctx h = {cfg, &o, pgo__synth_alloc(s, 2 * (size_t)n, 1),
            pgo__synth_alloc(s, maxs, sizeof(uint32_t)),
            pgo__synth_calloc(s, SYNTH_NSIGNATURES, sizeof(uint32_t))};
  double *m = pgo__synth_alloc(s, maxs, sizeof *m);
  unsigned char *inset = pgo__synth_alloc(s, maxs, 1);
  if (!s->for_mask || !s->against_mask || !h.cold || !h.sig || !h.scratch ||
      !m || !inset) {
    pgo__synth_dealloc(s, h.sig, maxs, sizeof(uint32_t));
    pgo__synth_dealloc(s, h.scratch, SYNTH_NSIGNATURES, sizeof(uint32_t));
    pgo__synth_dealloc(s, s->for_mask, ne, sizeof *s->for_mask);
    pgo__synth_dealloc(s, s->against_mask, ne, sizeof *s->against_mask);
    s->for_mask = s->against_mask = NULL;
    pgo__synth_dealloc(s, h.cold, 2 * (size_t)n, 1);
    pgo__synth_dealloc(s, m, maxs, sizeof *m);
    pgo__synth_dealloc(s, inset, maxs, 1);
    return pgo__synth_fail(s, PGO_ERR_NOMEM, "synth: out of memory");
  }
  s->nmask = ne;
  compute_cold(&h);

  for (uint32_t b = 0; b < n && st == PGO_OK; b++) {
    uint32_t ns = pgo_cfg_nsucc(cfg, b), e0 = pgo_cfg_succ_begin(cfg, b);
    if (ns == 0)
      continue;
    if (ns == 1) {
      m[0] = 1.0;
      st = write_branch(s, &o, pfg, b, e0, 1, m, PGO_PROV_SYNTHESIZED);
      continue;
    }
    const double *ann = pgo_cfg_annotation(cfg, b);
    branch_probs(s, &h, b, m, inset, ann == NULL);
    pgo_provenance prov = PGO_PROV_SYNTHESIZED;
    if (ann) {
      bool ok = true;
      double sum = 0;
      for (uint32_t k = 0; k < ns; k++) {
        if (!(ann[k] >= 0) || !isfinite(ann[k]))
          ok = false;
        else
          sum += ann[k];
      }
      if (ok && sum > 0) {
        for (uint32_t k = 0; k < ns; k++) {
          m[k] = ann[k] / sum;
          s->for_mask[e0 + k] |= PGO_SYNTH_ANNOTATION_BIT;
        }
        prov = PGO_PROV_ANNOTATED;
      } else {
        /* An unusable annotation is ignored, not trusted: heuristics. */
        branch_probs(s, &h, b, m, inset, true);
      }
    }
    pgo__synth_ds_floor(m, ns, o.floor);
    st = write_branch(s, &o, pfg, b, e0, ns, m, prov);
  }

  pgo__synth_dealloc(s, h.cold, 2 * (size_t)n, 1);
  pgo__synth_dealloc(s, h.sig, maxs, sizeof(uint32_t));
  pgo__synth_dealloc(s, h.scratch, SYNTH_NSIGNATURES, sizeof(uint32_t));
  pgo__synth_dealloc(s, m, maxs, sizeof *m);
  pgo__synth_dealloc(s, inset, maxs, 1);
  return st;
}
