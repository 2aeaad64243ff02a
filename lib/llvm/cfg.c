/*
 * cfg.c -- an LLVM function as a pgo_cfg: blocks, successors, terminator
 * kinds, block flags, branch features, annotations and the method key.
 *
 * Blocks are numbered in layout order; block 0 (LLVM's entry) is the entry.
 * Successors are appended in LLVMGetSuccessor order, so successor index k
 * is the terminator's k-th successor operand: for br, 0 = true, 1 = false;
 * for switch, 0 = default then the cases in order; for invoke, 0 = normal,
 * 1 = unwind.  Two successors reaching one block stay two edges.
 *
 * Flags (what the Ball-Larus call/store heuristics look at):
 *   CALLS          a call, invoke or callbr of real code: intrinsics
 *                  (llvm.lifetime, llvm.expect, llvm.dbg, llvm.memcpy ...)
 *                  are not calls; inline asm is;
 *   STORES         store, atomicrmw, cmpxchg, or a call of a memory-writing
 *                  intrinsic (llvm.memcpy/memmove/memset*);
 *   NORETURN       a call site or callee marked noreturn;
 *   INDIRECT_CALL  a call whose callee is not a function or an alias of one
 *                  (inline asm is not indirect);
 *   EH             landingpad, catchpad, cleanuppad or catchswitch.
 *
 * Branch features (conditional br only): the compare that decides the
 * branch, found by looking through exact rewrites only -- `xor i1 %c, true`
 * and `icmp eq|ne X, 0` negate or keep X, zext/sext keep whether a value is
 * non-zero, and llvm.expect.* returns its first argument (clang's
 * __builtin_expect(a < b, 0) is icmp ne (expect (sext (zext (icmp slt)))),
 * 0).  Successor 0 stays the "true" side of the
 * branch's own condition, so a negation is reported as the compare with
 * the inverse predicate, never by swapping successors.  When the chain
 * ends in something other than a compare the branch keeps PGO_CMP_NONE.
 *
 * Terminator kinds: ret RETURN; br JUMP/BRANCH; switch SWITCH; indirectbr
 * and callbr INDIRECT; invoke INVOKE; resume and a cleanupret that unwinds
 * to the caller THROW; catchret and cleanupret with a destination JUMP;
 * catchswitch SWITCH; unreachable UNREACHABLE.
 */
#include <stdlib.h>
#include <string.h>

#include "llvm_int.h"

/* --- branch features ------------------------------------------------ */

static pgo_cmp icmp_of(LLVMIntPredicate p) {
  switch (p) {
  case LLVMIntEQ: return PGO_CMP_EQ;
  case LLVMIntNE: return PGO_CMP_NE;
  case LLVMIntUGT: return PGO_CMP_UGT;
  case LLVMIntUGE: return PGO_CMP_UGE;
  case LLVMIntULT: return PGO_CMP_ULT;
  case LLVMIntULE: return PGO_CMP_ULE;
  case LLVMIntSGT: return PGO_CMP_SGT;
  case LLVMIntSGE: return PGO_CMP_SGE;
  case LLVMIntSLT: return PGO_CMP_SLT;
  case LLVMIntSLE: return PGO_CMP_SLE;
  }
  return PGO_CMP_NONE;
}

static pgo_cmp fcmp_of(LLVMRealPredicate p) {
  switch (p) {
  case LLVMRealPredicateFalse: return PGO_CMP_FFALSE;
  case LLVMRealOEQ: return PGO_CMP_FEQ;
  case LLVMRealOGT: return PGO_CMP_FGT;
  case LLVMRealOGE: return PGO_CMP_FGE;
  case LLVMRealOLT: return PGO_CMP_FLT;
  case LLVMRealOLE: return PGO_CMP_FLE;
  case LLVMRealONE: return PGO_CMP_FNE;
  case LLVMRealORD: return PGO_CMP_FORD;
  case LLVMRealUNO: return PGO_CMP_FUNO;
  case LLVMRealUEQ: return PGO_CMP_FUEQ;
  case LLVMRealUGT: return PGO_CMP_FUGT;
  case LLVMRealUGE: return PGO_CMP_FUGE;
  case LLVMRealULT: return PGO_CMP_FULT;
  case LLVMRealULE: return PGO_CMP_FULE;
  case LLVMRealUNE: return PGO_CMP_FUNE;
  case LLVMRealPredicateTrue: return PGO_CMP_FTRUE;
  }
  return PGO_CMP_NONE;
}

/* !(a P b) == (a P' b): integer predicates swap eq/ne and strictness;
 * an ordered float predicate becomes the unordered complement. */
static pgo_cmp inverse(pgo_cmp c) {
  switch (c) {
  case PGO_CMP_EQ: return PGO_CMP_NE;
  case PGO_CMP_NE: return PGO_CMP_EQ;
  case PGO_CMP_SLT: return PGO_CMP_SGE;
  case PGO_CMP_SGE: return PGO_CMP_SLT;
  case PGO_CMP_SLE: return PGO_CMP_SGT;
  case PGO_CMP_SGT: return PGO_CMP_SLE;
  case PGO_CMP_ULT: return PGO_CMP_UGE;
  case PGO_CMP_UGE: return PGO_CMP_ULT;
  case PGO_CMP_ULE: return PGO_CMP_UGT;
  case PGO_CMP_UGT: return PGO_CMP_ULE;
  case PGO_CMP_FEQ: return PGO_CMP_FUNE;
  case PGO_CMP_FUNE: return PGO_CMP_FEQ;
  case PGO_CMP_FNE: return PGO_CMP_FUEQ;
  case PGO_CMP_FUEQ: return PGO_CMP_FNE;
  case PGO_CMP_FLT: return PGO_CMP_FUGE;
  case PGO_CMP_FUGE: return PGO_CMP_FLT;
  case PGO_CMP_FLE: return PGO_CMP_FUGT;
  case PGO_CMP_FUGT: return PGO_CMP_FLE;
  case PGO_CMP_FGT: return PGO_CMP_FULE;
  case PGO_CMP_FULE: return PGO_CMP_FGT;
  case PGO_CMP_FGE: return PGO_CMP_FULT;
  case PGO_CMP_FULT: return PGO_CMP_FGE;
  case PGO_CMP_FORD: return PGO_CMP_FUNO;
  case PGO_CMP_FUNO: return PGO_CMP_FORD;
  case PGO_CMP_FTRUE: return PGO_CMP_FFALSE;
  case PGO_CMP_FFALSE: return PGO_CMP_FTRUE;
  case PGO_CMP_NONE: break;
  }
  return PGO_CMP_NONE;
}

static bool is_int_type(LLVMValueRef v, unsigned *width) {
  LLVMTypeRef t = LLVMTypeOf(v);
  if (LLVMGetTypeKind(t) != LLVMIntegerTypeKind)
    return false;
  *width = LLVMGetIntTypeWidth(t);
  return true;
}

static pgo_operand operand_kind(LLVMValueRef v) {
  LLVMTypeRef t = LLVMTypeOf(v);
  switch (LLVMGetTypeKind(t)) {
  case LLVMPointerTypeKind:
    return LLVMIsAConstantPointerNull(v) ? PGO_OPND_NULL : PGO_OPND_POINTER;
  case LLVMHalfTypeKind:
  case LLVMBFloatTypeKind:
  case LLVMFloatTypeKind:
  case LLVMDoubleTypeKind:
  case LLVMX86_FP80TypeKind:
  case LLVMFP128TypeKind:
  case LLVMPPC_FP128TypeKind:
    return PGO_OPND_FLOAT;
  case LLVMIntegerTypeKind:
    if (LLVMIsAConstantInt(v)) {
      unsigned w = LLVMGetIntTypeWidth(t);
      if (LLVMIsNull(v))
        return PGO_OPND_ZERO;
      /* i1 true is 1, not -1. */
      if (w > 1 && w <= 64 && LLVMConstIntGetSExtValue(v) < 0)
        return PGO_OPND_NEGATIVE;
      return PGO_OPND_CONST;
    }
    return PGO_OPND_OTHER;
  default:
    return PGO_OPND_OTHER;
  }
}

static bool is_zero_const(LLVMValueRef v) {
  return LLVMIsAConstantInt(v) && LLVMIsNull(v);
}

/* The compare deciding "v is non-zero", looking only through rewrites that
 * keep or negate the truth value exactly; *neg toggles on negation.
 * NULL when the chain ends in anything but a compare. */
static LLVMValueRef deciding_compare(LLVMValueRef v, bool *neg, int depth) {
  if (depth > 16 || !LLVMIsAInstruction(v))
    return NULL;
  unsigned w = 0;
  switch (LLVMGetInstructionOpcode(v)) {
  case LLVMICmp: {
    LLVMIntPredicate p = LLVMGetICmpPredicate(v);
    if (p == LLVMIntEQ || p == LLVMIntNE) {
      LLVMValueRef a = LLVMGetOperand(v, 0), b = LLVMGetOperand(v, 1);
      LLVMValueRef x = is_zero_const(b) ? a : is_zero_const(a) ? b : NULL;
      bool n2 = false;
      LLVMValueRef in = x ? deciding_compare(x, &n2, depth + 1) : NULL;
      if (in) {
        *neg ^= n2 ^ (p == LLVMIntEQ);
        return in;
      }
    }
    return v;
  }
  case LLVMFCmp:
    return v;
  case LLVMXor: {
    if (!is_int_type(v, &w) || w != 1)
      return NULL;
    for (unsigned k = 0; k < 2; k++) {
      LLVMValueRef c = LLVMGetOperand(v, k);
      if (LLVMIsAConstantInt(c) && !LLVMIsNull(c)) {
        bool n2 = false;
        LLVMValueRef in = deciding_compare(LLVMGetOperand(v, 1 - k), &n2,
                                           depth + 1);
        if (in)
          *neg ^= !n2;
        return in;
      }
    }
    return NULL;
  }
  case LLVMZExt:
  case LLVMSExt: {
    /* Widening keeps "is non-zero" for any integer width. */
    LLVMValueRef src = LLVMGetOperand(v, 0);
    if (!is_int_type(src, &w))
      return NULL;
    return deciding_compare(src, neg, depth + 1);
  }
  case LLVMCall:
    if (pgo_llvm__calls_prefixed(v, "llvm.expect."))
      return deciding_compare(LLVMGetOperand(v, 0), neg, depth + 1);
    return NULL;
  default:
    return NULL;
  }
}

static pgo_branch_features branch_features(LLVMValueRef br) {
  pgo_branch_features f = {PGO_CMP_NONE, PGO_OPND_NONE, PGO_OPND_NONE};
  bool neg = false;
  LLVMValueRef c = deciding_compare(LLVMGetCondition(br), &neg, 0);
  if (!c)
    return f;
  if (LLVMGetInstructionOpcode(c) == LLVMICmp)
    f.cmp = icmp_of(LLVMGetICmpPredicate(c));
  else
    f.cmp = fcmp_of(LLVMGetFCmpPredicate(c));
  if (neg)
    f.cmp = inverse(f.cmp);
  f.lhs = operand_kind(LLVMGetOperand(c, 0));
  f.rhs = operand_kind(LLVMGetOperand(c, 1));
  return f;
}

/* --- flags and terminators ------------------------------------------ */

static bool has_noreturn(LLVMValueRef call, LLVMValueRef callee) {
  static const char kw[] = "noreturn";
  unsigned kind = LLVMGetEnumAttributeKindForName(kw, sizeof kw - 1);
  if (!kind)
    return false;
  if (LLVMGetCallSiteEnumAttribute(call, LLVMAttributeFunctionIndex, kind))
    return true;
  return callee &&
         LLVMGetEnumAttributeAtIndex(callee, LLVMAttributeFunctionIndex, kind);
}

static unsigned call_flags(LLVMValueRef in) {
  LLVMValueRef callee = pgo_llvm__direct_callee(in);
  unsigned flags = 0;
  if (callee && LLVMGetIntrinsicID(callee)) {
    if (pgo_llvm__calls_prefixed(in, "llvm.memcpy") ||
        pgo_llvm__calls_prefixed(in, "llvm.memmove") ||
        pgo_llvm__calls_prefixed(in, "llvm.memset"))
      flags |= PGO_BLOCK_STORES;
    /* llvm.trap and friends are noreturn intrinsics. */
    if (has_noreturn(in, callee))
      flags |= PGO_BLOCK_NORETURN;
    return flags;
  }
  flags |= PGO_BLOCK_CALLS;
  if (!callee) {
    LLVMValueRef c = LLVMGetCalledValue(in);
    if (!c || !LLVMIsAInlineAsm(c))
      flags |= PGO_BLOCK_INDIRECT_CALL;
  }
  if (has_noreturn(in, callee))
    flags |= PGO_BLOCK_NORETURN;
  return flags;
}

static unsigned block_flags(LLVMBasicBlockRef bb) {
  unsigned flags = 0;
  for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in;
       in = LLVMGetNextInstruction(in)) {
    switch (LLVMGetInstructionOpcode(in)) {
    case LLVMCall:
    case LLVMInvoke:
    case LLVMCallBr:
      flags |= call_flags(in);
      break;
    case LLVMStore:
    case LLVMAtomicRMW:
    case LLVMAtomicCmpXchg:
      flags |= PGO_BLOCK_STORES;
      break;
    case LLVMLandingPad:
    case LLVMCatchPad:
    case LLVMCleanupPad:
    case LLVMCatchSwitch:
      flags |= PGO_BLOCK_EH;
      break;
    default:
      break;
    }
  }
  return flags;
}

static pgo_term term_kind(LLVMValueRef t, unsigned nsucc) {
  if (!t)
    return PGO_TERM_NONE;
  switch (LLVMGetInstructionOpcode(t)) {
  case LLVMRet: return PGO_TERM_RETURN;
  case LLVMBr: return LLVMIsConditional(t) ? PGO_TERM_BRANCH : PGO_TERM_JUMP;
  case LLVMSwitch: return PGO_TERM_SWITCH;
  case LLVMIndirectBr: return PGO_TERM_INDIRECT;
  case LLVMCallBr: return PGO_TERM_INDIRECT;
  case LLVMInvoke: return PGO_TERM_INVOKE;
  case LLVMResume: return PGO_TERM_THROW;
  case LLVMUnreachable: return PGO_TERM_UNREACHABLE;
  case LLVMCatchSwitch: return PGO_TERM_SWITCH;
  case LLVMCatchRet: return PGO_TERM_JUMP;
  case LLVMCleanupRet: return nsucc ? PGO_TERM_JUMP : PGO_TERM_THROW;
  default: return PGO_TERM_NONE;
  }
}

/* --- the graph ------------------------------------------------------ */

static pgo_status fill(pgo_llvm_module *m, const pgo_llvm_blocks *b,
                       const pgo_allocator *a, pgo_cfg *g) {
  pgo_status st = PGO_OK;
  for (uint32_t i = 0; i < b->n && st == PGO_OK; i++) {
    uint32_t id;
    st = pgo_cfg_add_block(g, b->il[i], b->ninstr[i], &id);
    if (st == PGO_OK && id != i)
      st = PGO_ERR_STATE;
    const char *name = LLVMGetBasicBlockName(b->bb[i]);
    if (st == PGO_OK && name && *name)
      st = pgo_cfg_set_label(g, i, name);
  }
  for (uint32_t i = 0; i < b->n && st == PGO_OK; i++) {
    LLVMValueRef t = LLVMGetBasicBlockTerminator(b->bb[i]);
    unsigned ns = t ? LLVMGetNumSuccessors(t) : 0;
    for (unsigned k = 0; k < ns && st == PGO_OK; k++) {
      uint32_t d = pgo_llvm__blocks_index(b, LLVMGetSuccessor(t, k));
      st = d == PGO_NONE ? PGO_ERR_CORRUPT : pgo_cfg_add_edge(g, i, d);
    }
    if (st != PGO_OK)
      break;
    st = pgo_cfg_set_term(g, i, term_kind(t, ns));
    unsigned flags = block_flags(b->bb[i]) | (i == 0 ? PGO_BLOCK_ENTRY : 0);
    if (st == PGO_OK)
      st = pgo_cfg_set_flags(g, i, flags);
    if (st == PGO_OK && t && LLVMGetInstructionOpcode(t) == LLVMBr &&
        LLVMIsConditional(t)) {
      pgo_branch_features f = branch_features(t);
      st = pgo_cfg_set_branch(g, i, &f);
    }
    if (st == PGO_OK && ns >= 2) {
      double *probs = pgo_llvm__alloc(a, ns * sizeof *probs);
      int got = probs ? pgo_llvm__annotation(t, m->prof_kind, a, ns, probs)
                      : -1;
      if (got < 0)
        st = PGO_ERR_NOMEM;
      else if (got)
        st = pgo_cfg_set_annotation(g, i, probs, ns);
      pgo_llvm__free(a, probs, ns * sizeof *probs);
    }
  }
  return st;
}

static pgo_status check_fn(pgo_llvm_module *m, uint32_t fn) {
  if (!m)
    return PGO_ERR_INVALID;
  if (!m->mod)
    return pgo_llvm__fail(m, PGO_ERR_STATE, "module did not load");
  if (fn >= m->nfns)
    return pgo_llvm__fail(m, PGO_ERR_RANGE, "no function #%u (%u defined)",
                          fn, m->nfns);
  return PGO_OK;
}

pgo_status pgo_llvm_module_key(pgo_llvm_module *m, uint32_t fn,
                               pgo_method_key *out) {
  pgo_status st = check_fn(m, fn);
  if (st != PGO_OK)
    return st;
  if (!out)
    return pgo_llvm__fail(m, PGO_ERR_INVALID, "pgo_llvm_module_key: no output");
  pgo_llvm_blocks b;
  st = pgo_llvm__blocks_init(&b, &m->alloc, m->fns[fn]);
  if (st != PGO_OK)
    return pgo_llvm__fail(m, st, "%s: %s", pgo_llvm_function_name(m, fn),
                          pgo_status_text(st));
  out->name = pgo_llvm_function_name(m, fn);
  out->hash = pgo_llvm__hash(m->fns[fn], &b);
  out->il_size = b.il_size;
  pgo_llvm__blocks_fini(&b);
  return PGO_OK;
}

pgo_status pgo_llvm_module_cfg(pgo_llvm_module *m, uint32_t fn,
                               const pgo_allocator *alloc, pgo_cfg **out) {
  if (out)
    *out = NULL;
  pgo_status st = check_fn(m, fn);
  if (st != PGO_OK || !out)
    return st != PGO_OK ? st : PGO_ERR_INVALID;
  const pgo_allocator *a = alloc ? alloc : &m->alloc;
  const char *fname = pgo_llvm_function_name(m, fn);
  pgo_llvm_blocks b;
  st = pgo_llvm__blocks_init(&b, a, m->fns[fn]);
  if (st != PGO_OK)
    return pgo_llvm__fail(m, st, "%s: %s", fname, pgo_status_text(st));
  pgo_cfg *g = NULL;
  st = pgo_cfg_new(a, &g);
  if (st == PGO_OK)
    st = pgo_cfg_set_key(g, fname, pgo_llvm__hash(m->fns[fn], &b), b.il_size);
  if (st == PGO_OK)
    st = fill(m, &b, a, g);
  if (st == PGO_OK)
    st = pgo_cfg_finish(g);
  if (st == PGO_OK)
    st = pgo_cfg_verify(g);
  pgo_llvm__blocks_fini(&b);
  if (st != PGO_OK) {
    const char *why = g && *pgo_cfg_errmsg(g) ? pgo_cfg_errmsg(g)
                                              : pgo_status_text(st);
    pgo_llvm__fail(m, st, "%s: %s", fname, why);
    pgo_cfg_free(g);
    return st;
  }
  *out = g;
  return PGO_OK;
}

pgo_status pgo_llvm_module_cfg_by_name(pgo_llvm_module *m, const char *name,
                                       const pgo_allocator *alloc,
                                       pgo_cfg **out) {
  if (out)
    *out = NULL;
  if (!m || !name)
    return PGO_ERR_INVALID;
  uint32_t fn = pgo_llvm_module_find(m, name);
  if (fn == PGO_NONE)
    return pgo_llvm__fail(m, PGO_ERR_NOT_FOUND, "no defined function '%s'",
                          name);
  return pgo_llvm_module_cfg(m, fn, alloc, out);
}
