/*
 * synth_hints.c -- what lib/synth needs to know about a function that its
 * pgo_cfg does not carry, read from the LLVM IR (include/pgo/llvm.h,
 * pgo_llvm_synth_hints; docs/synth.md).
 *
 *   - PGO_SYNTH_HINT_USES_OPERAND per edge: the successor uses an operand
 *     of the branch's comparison before redefining it (Ball-Larus guard
 *     heuristic).  In unoptimised IR locals live in allocas, so "uses the
 *     register" also covers "loads the same address before storing to it".
 *   - PGO_SYNTH_BHINT_LOCAL_CALLS_ONLY per block: every call is a direct
 *     call to a function with a body in this module; synthesis runs before
 *     inlining, so such calls say little about the path (docs/synth.md
 *     "Calls in pre-inlining IR").
 *   - continues_to per block (pgo_synth_options.continues_to: "block p
 *     certainly continues to t"), for clang's cleanup dispatch.  In the IR
 *     pgo synthesises (clang before any LLVM pass) a `return` or `break`
 *     inside a loop whose body has a variable in scope does not leave the
 *     loop directly: it stores a destination number to a private alloca
 *     (cleanup.dest.slot) and jumps to the scope's shared `cleanup` block,
 *     which switches on it -- continue the loop (0) or go to the function's
 *     return (1).  Structurally every path stays in the loop until that
 *     switch, so `if (error) return 0;` in a `for (;;)` is not the loop exit
 *     it is; SROA and jump threading remove the switch in optimised code,
 *     the code Ball-Larus defined their heuristics on.  For a block that
 *     stores a constant to an alloca used only by loads and stores and
 *     jumps to a block switching on a load of it, the block where control
 *     certainly arrives -- following nested scopes' switches on the same
 *     slot, stopping at a switch block that itself stores to the slot --
 *     is its continuation (docs/llvm.md "Hints for synthesis").  PGO_NONE
 *     where nothing is known.
 *
 *   - edge_continues_to per edge (pgo_llvm_synth_edge_hints, for
 *     pgo_synth_options.edge_continues_to), for clang's short-circuit
 *     merges.  `while (j > lo && cmp(a[j - 1], x) > 0)` is, before any
 *     pass, `cond: br (j > lo), rhs, end; rhs: ... call ...; br end;
 *     end: %v = phi i1 [false, cond], [%c, rhs]; br %v, body, exit`:
 *     the edge cond -> end carries the constant false, so control taking
 *     it certainly arrives at exit -- the loop's exit, which the graph
 *     alone hides behind the merge (both of cond's successors are in the
 *     loop).  For an edge p -> m where m holds only phis and a
 *     conditional branch on one of them, and that phi's value for p is a
 *     constant, the edge continues to the successor the constant selects.
 *
 * Nothing here changes the IR.  Fallback: a block the analysis cannot
 * follow gets no hint, which only leaves the heuristics as published.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "llvm_int.h"
#include "pgo/synth.h"

/* v is an operand worth tracking: an instruction or argument. */
static bool trackable(LLVMValueRef v) {
  return v && (LLVMIsAInstruction(v) || LLVMIsAArgument(v));
}

/* succ uses x (or, x being a load, loads x's address) before a store to
 * that address.  Phis are skipped: their uses belong to the edges. */
static bool uses_before_def(LLVMBasicBlockRef succ, LLVMValueRef x) {
  LLVMValueRef addr = NULL;
  if (LLVMIsALoadInst(x))
    addr = LLVMGetOperand(x, 0);
  for (LLVMValueRef i = LLVMGetFirstInstruction(succ); i;
       i = LLVMGetNextInstruction(i)) {
    if (LLVMIsAPHINode(i))
      continue;
    if (addr && LLVMIsAStoreInst(i) && LLVMGetOperand(i, 1) == addr)
      return false;
    if (addr && LLVMIsALoadInst(i) && LLVMGetOperand(i, 0) == addr)
      return true;
    int n = LLVMGetNumOperands(i);
    for (int k = 0; k < n; k++)
      if (LLVMGetOperand(i, k) == x)
        return true;
  }
  return false;
}

/* PGO_SYNTH_BHINT_LOCAL_CALLS_ONLY: the block calls something, and every
 * call (not an intrinsic) is a direct call to a function with a body in
 * this module. */
static unsigned call_hint(LLVMBasicBlockRef bb) {
  bool calls = false, opaque = false;
  for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i;
       i = LLVMGetNextInstruction(i)) {
    if (!LLVMIsACallInst(i) && !LLVMIsAInvokeInst(i))
      continue;
    LLVMValueRef callee = LLVMGetCalledValue(i);
    LLVMValueRef f = callee ? LLVMIsAFunction(callee) : NULL;
    if (f && LLVMGetIntrinsicID(f) != 0)
      continue;
    calls = true;
    if (!f || LLVMIsDeclaration(f))
      opaque = true;
  }
  return calls && !opaque ? PGO_SYNTH_BHINT_LOCAL_CALLS_ONLY : 0;
}

/* --- clang's cleanup dispatch (pgo_synth_options.continues_to) ------ */

/* x is a local slot: an alloca used only as the address of loads and
 * stores, so no call or other pointer can change it behind our back. */
static bool is_private_slot(LLVMValueRef x) {
  if (!x || !LLVMIsAAllocaInst(x))
    return false;
  for (LLVMUseRef u = LLVMGetFirstUse(x); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef user = LLVMGetUser(u);
    if (LLVMIsALoadInst(user))
      continue;
    if (LLVMIsAStoreInst(user) && LLVMGetOperand(user, 1) == x &&
        LLVMGetOperand(user, 0) != x)
      continue;
    return false;
  }
  return true;
}

/* bb ends in `switch (load slot)` with no store to slot before the load in
 * bb: returns the switch and sets *slot; NULL otherwise. */
static LLVMValueRef dispatch_of(LLVMBasicBlockRef bb, LLVMValueRef *slot) {
  LLVMValueRef t = LLVMGetBasicBlockTerminator(bb);
  if (!t || !LLVMIsASwitchInst(t))
    return NULL;
  LLVMValueRef ld = LLVMGetOperand(t, 0); /* the switch's condition */
  if (!ld || !LLVMIsALoadInst(ld) || LLVMGetInstructionParent(ld) != bb)
    return NULL;
  LLVMValueRef a = LLVMGetOperand(ld, 0);
  if (!is_private_slot(a))
    return NULL;
  for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i && i != ld;
       i = LLVMGetNextInstruction(i))
    if (LLVMIsAStoreInst(i) && LLVMGetOperand(i, 1) == a)
      return NULL;
  *slot = a;
  return t;
}

/* The constant the last store to slot in bb writes; false when bb does not
 * store to slot last with a constant. */
static bool last_const_store(LLVMBasicBlockRef bb, LLVMValueRef slot,
                             unsigned long long *v) {
  bool known = false;
  for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i;
       i = LLVMGetNextInstruction(i)) {
    if (!LLVMIsAStoreInst(i) || LLVMGetOperand(i, 1) != slot)
      continue;
    LLVMValueRef val = LLVMGetOperand(i, 0);
    known = LLVMIsAConstantInt(val) != NULL;
    if (known)
      *v = LLVMConstIntGetZExtValue(val);
  }
  return known;
}

static LLVMBasicBlockRef switch_target(LLVMValueRef sw, unsigned long long v) {
  /* operands: cond, default dest, then (case value, dest) pairs */
  unsigned nops = (unsigned)LLVMGetNumOperands(sw);
  for (unsigned k = 2; k + 1 < nops; k += 2) {
    LLVMValueRef c = LLVMGetOperand(sw, k);
    if (LLVMIsAConstantInt(c) && LLVMConstIntGetZExtValue(c) == v)
      return LLVMValueAsBasicBlock(LLVMGetOperand(sw, k + 1));
  }
  return LLVMValueAsBasicBlock(LLVMGetOperand(sw, 1));
}

typedef struct bb_index {
  LLVMBasicBlockRef bb;
  uint32_t id;
} bb_index;

static int bb_cmp(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)((const bb_index *)a)->bb;
  uintptr_t y = (uintptr_t)((const bb_index *)b)->bb;
  return x < y ? -1 : x > y;
}

/* next[p] for every block p that ends in an unconditional jump after
 * storing a constant to a private slot, when the jump lands on a chain of
 * switches on that slot (clang's `cleanup` blocks: a `return` or `break`
 * stores its destination number to cleanup.dest.slot and jumps to the
 * scope's cleanup, which switches on it): the block the chain certainly
 * ends at.  Follows at most nb switches; a switch block that also stores
 * to the slot ends the chain at its target. */
static int dispatch_next(const pgo_allocator *a, LLVMBasicBlockRef *bbs,
                         uint32_t nb, uint32_t *next) {
  bb_index *idx = pgo_llvm__alloc(a, (nb ? nb : 1) * sizeof *idx);
  if (!idx)
    return -1;
  for (uint32_t b = 0; b < nb; b++) {
    idx[b].bb = bbs[b];
    idx[b].id = b;
    next[b] = PGO_NONE;
  }
  qsort(idx, nb, sizeof *idx, bb_cmp);
  for (uint32_t p = 0; p < nb; p++) {
    LLVMValueRef t = LLVMGetBasicBlockTerminator(bbs[p]);
    if (!t || !LLVMIsABranchInst(t) || LLVMIsConditional(t))
      continue;
    LLVMBasicBlockRef d = LLVMValueAsBasicBlock(LLVMGetOperand(t, 0));
    LLVMValueRef slot = NULL, sw = dispatch_of(d, &slot);
    unsigned long long v;
    if (!sw || !last_const_store(bbs[p], slot, &v))
      continue;
    LLVMBasicBlockRef end = d;
    for (uint32_t step = 0; step < nb && sw; step++) {
      end = switch_target(sw, v);
      unsigned long long w;
      if (last_const_store(d, slot, &w))
        break; /* the switch block rewrites the slot: stop at its target */
      LLVMValueRef slot2 = NULL;
      d = end;
      sw = dispatch_of(d, &slot2);
      if (slot2 != slot)
        sw = NULL;
    }
    bb_index key = {end, 0};
    const bb_index *hit = bsearch(&key, idx, nb, sizeof *idx, bb_cmp);
    if (hit)
      next[p] = hit->id;
  }
  pgo_llvm__free(a, idx, (nb ? nb : 1) * sizeof *idx);
  return 0;
}

pgo_status pgo_llvm_synth_hints(pgo_llvm_module *mod, uint32_t fn,
                                const pgo_cfg *g, unsigned *hints,
                                unsigned *bhints, uint32_t *next) {
  if (!mod || !g || !hints || !bhints || !next)
    return PGO_ERR_INVALID;
  if (!pgo_cfg_is_finished(g))
    return pgo_llvm__fail(mod, PGO_ERR_STATE, "synth hints: graph not finished");
  const pgo_allocator *a = &mod->alloc;
  uint32_t nb = pgo_cfg_nblocks(g), got = 0;
  size_t bytes = (nb ? nb : 1) * sizeof(LLVMBasicBlockRef);
  LLVMBasicBlockRef *bbs = pgo_llvm__alloc(a, bytes);
  if (!bbs)
    return pgo_llvm__fail(mod, PGO_ERR_NOMEM, "synth hints: out of memory");
  memset(bbs, 0, bytes);
  if (pgo_llvm_function_blocks(mod, fn, bbs, nb, &got) != PGO_OK ||
      got != nb) {
    pgo_llvm__free(a, bbs, bytes);
    return pgo_llvm__fail(mod, PGO_ERR_INVALID,
                          "synth hints: graph does not match function %u",
                          (unsigned)fn);
  }
  if (dispatch_next(a, bbs, nb, next) != 0) {
    pgo_llvm__free(a, bbs, bytes);
    return pgo_llvm__fail(mod, PGO_ERR_NOMEM, "synth hints: out of memory");
  }
  for (uint32_t e = 0; e < pgo_cfg_nedges(g); e++)
    hints[e] = 0;
  for (uint32_t b = 0; b < nb; b++) {
    bhints[b] = call_hint(bbs[b]);
    LLVMValueRef t = LLVMGetBasicBlockTerminator(bbs[b]);
    if (!t || !LLVMIsABranchInst(t) || !LLVMIsConditional(t) ||
        pgo_cfg_nsucc(g, b) != 2)
      continue;
    LLVMValueRef c = LLVMGetCondition(t);
    if (!c || !(LLVMIsAICmpInst(c) || LLVMIsAFCmpInst(c)))
      continue;
    for (uint32_t k = 0; k < 2; k++) {
      LLVMBasicBlockRef s = LLVMValueAsBasicBlock(LLVMGetOperand(t, 2 - k));
      /* operand order of br: cond, false dest, true dest */
      for (int op = 0; op < 2; op++) {
        LLVMValueRef x = LLVMGetOperand(c, op);
        if (trackable(x) && uses_before_def(s, x))
          hints[pgo_cfg_succ_begin(g, b) + k] |= PGO_SYNTH_HINT_USES_OPERAND;
      }
    }
  }
  pgo_llvm__free(a, bbs, bytes);
  return PGO_OK;
}

/* The successor (0 = true, 1 = false) a constant-on-this-edge merge picks:
 * m holds only phis and a conditional branch on one of them, whose value
 * coming from pred is an integer constant.  -1 when not such a merge. */
static int merge_pick(LLVMBasicBlockRef m, LLVMBasicBlockRef pred) {
  LLVMValueRef t = LLVMGetBasicBlockTerminator(m);
  if (!t || !LLVMIsABranchInst(t) || !LLVMIsConditional(t))
    return -1;
  LLVMValueRef c = LLVMGetCondition(t);
  if (!c || !LLVMIsAPHINode(c) || LLVMGetInstructionParent(c) != m)
    return -1;
  for (LLVMValueRef i = LLVMGetFirstInstruction(m); i && i != t;
       i = LLVMGetNextInstruction(i))
    if (!LLVMIsAPHINode(i))
      return -1;
  unsigned n = LLVMCountIncoming(c);
  for (unsigned k = 0; k < n; k++) {
    if (LLVMGetIncomingBlock(c, k) != pred)
      continue;
    LLVMValueRef v = LLVMGetIncomingValue(c, k);
    if (!v || !LLVMIsAConstantInt(v))
      return -1;
    return LLVMConstIntGetZExtValue(v) ? 0 : 1;
  }
  return -1;
}

pgo_status pgo_llvm_synth_edge_hints(pgo_llvm_module *mod, uint32_t fn,
                                     const pgo_cfg *g,
                                     uint32_t *edge_continues_to) {
  if (!mod || !g || !edge_continues_to)
    return PGO_ERR_INVALID;
  if (!pgo_cfg_is_finished(g))
    return pgo_llvm__fail(mod, PGO_ERR_STATE,
                          "synth edge hints: graph not finished");
  const pgo_allocator *a = &mod->alloc;
  uint32_t nb = pgo_cfg_nblocks(g), ne = pgo_cfg_nedges(g), got = 0;
  size_t bytes = (nb ? nb : 1) * sizeof(LLVMBasicBlockRef);
  LLVMBasicBlockRef *bbs = pgo_llvm__alloc(a, bytes);
  if (!bbs)
    return pgo_llvm__fail(mod, PGO_ERR_NOMEM,
                          "synth edge hints: out of memory");
  memset(bbs, 0, bytes);
  if (pgo_llvm_function_blocks(mod, fn, bbs, nb, &got) != PGO_OK ||
      got != nb) {
    pgo_llvm__free(a, bbs, bytes);
    return pgo_llvm__fail(mod, PGO_ERR_INVALID,
                          "synth edge hints: graph does not match function %u",
                          (unsigned)fn);
  }
  for (uint32_t e = 0; e < ne; e++)
    edge_continues_to[e] = PGO_NONE;
  for (uint32_t b = 0; b < nb; b++) {
    uint32_t e0 = pgo_cfg_succ_begin(g, b), ns = pgo_cfg_nsucc(g, b);
    for (uint32_t k = 0; k < ns; k++) {
      uint32_t m = pgo_cfg_edge_dst(g, e0 + k);
      if (m == b || pgo_cfg_nsucc(g, m) != 2)
        continue;
      int pick = merge_pick(bbs[m], bbs[b]);
      if (pick >= 0)
        edge_continues_to[e0 + k] =
            pgo_cfg_edge_dst(g, pgo_cfg_succ_begin(g, m) + (uint32_t)pick);
    }
  }
  pgo_llvm__free(a, bbs, bytes);
  return PGO_OK;
}
