/*
 * debuginfo.c -- llvm::UpgradeDebugInfo done by pgo, without its abort and
 * without the verifier's endless loops on cyclic debug scopes.
 *
 * LLVM's readers end with UpgradeDebugInfo, which, for a module carrying
 * the current "Debug Info Version" (3), runs the verifier, prints on stderr
 * and calls report_fatal_error -- abort() -- when the module is broken.
 * module.c turns that off (-disable-auto-upgrade-debug-info) and calls
 * pgo_llvm__upgrade_debug_info before verifying; load() then verifies, and
 * when that fails strips the debug info and verifies again, as LLVM does
 * for "invalid debug info".
 *
 * Cyclic scopes: LLVM 19's verifier follows scope chains
 * (DILocalScope::getSubprogram) with no cycle check, so a DILexicalBlock
 * that is its own scope, directly or through others, makes it -- and
 * opt-19 -- loop forever (found by fuzzing: `!85 = distinct
 * !DILexicalBlock(scope: !85, ...)`).  Before the verifier runs, every
 * scope chain pgo can reach through the C API is walked with Floyd's cycle
 * finding: from each instruction's !dbg location (its scope, and the
 * inlinedAt chain of locations with their scopes) and from the variable
 * or label operands of llvm.dbg.* calls (LLVM 19's debug records are
 * converted to those calls for the walk and back afterwards: the C API
 * cannot read records).  A cycle means broken debug info: it is stripped,
 * as LLVM strips invalid debug info.  Chains are followed through
 * DILexicalBlock and DILexicalBlockFile (their scope is operand 1) and stop
 * at anything else (a DISubprogram ends every well-formed chain).
 *
 * Not covered: scope cycles reachable only from metadata the C API does
 * not expose (e.g. retained nodes of a subprogram); see docs/llvm.md.
 */
#include <llvm-c/DebugInfo.h>

#include "llvm_int.h"

/* The debug metadata version LLVM 19 writes (llvm::DEBUG_METADATA_VERSION,
 * not exported through the C API). */
#define PGO_LLVM_DEBUG_METADATA_VERSION 3

/* Operand i of the MDNode md (whose kind the caller has checked), or NULL. */
static LLVMMetadataRef operand(LLVMContextRef ctx, LLVMMetadataRef md,
                               unsigned i) {
  LLVMValueRef v = LLVMMetadataAsValue(ctx, md);
  unsigned n = LLVMGetMDNodeNumOperands(v);
  LLVMValueRef ops[16];
  if (i >= n || n > 16)
    return NULL;
  LLVMGetMDNodeOperands(v, ops);
  return ops[i] && LLVMGetValueKind(ops[i]) == LLVMMetadataAsValueValueKind
             ? LLVMValueAsMetadata(ops[i])
             : NULL;
}

/* Next scope up from a lexical block; NULL at anything else. */
static LLVMMetadataRef scope_up(LLVMContextRef ctx, LLVMMetadataRef md) {
  if (!md)
    return NULL;
  switch (LLVMGetMetadataKind(md)) {
  case LLVMDILexicalBlockMetadataKind:
  case LLVMDILexicalBlockFileMetadataKind:
    return operand(ctx, md, 1);
  default:
    return NULL;
  }
}

/* Next location of an inlinedAt chain; NULL at the end. */
static LLVMMetadataRef inlined_at(LLVMContextRef ctx, LLVMMetadataRef md) {
  if (!md || LLVMGetMetadataKind(md) != LLVMDILocationMetadataKind)
    return NULL;
  return operand(ctx, md, 1);
}

typedef LLVMMetadataRef (*step_fn)(LLVMContextRef, LLVMMetadataRef);

/* Floyd: does the chain from md under step run into a cycle? */
static bool cycles(LLVMContextRef ctx, LLVMMetadataRef md, step_fn step) {
  LLVMMetadataRef slow = md, fast = md;
  while (fast) {
    fast = step(ctx, fast);
    if (!fast)
      return false;
    fast = step(ctx, fast);
    slow = step(ctx, slow);
    if (fast && fast == slow)
      return true;
  }
  return false;
}

/* A location whose scope chain, or inlinedAt chain, or any scope chain of
 * the inlinedAt locations, is cyclic. */
static bool location_cycles(LLVMContextRef ctx, LLVMMetadataRef loc) {
  if (!loc || LLVMGetMetadataKind(loc) != LLVMDILocationMetadataKind)
    return false;
  if (cycles(ctx, loc, inlined_at))
    return true;
  for (LLVMMetadataRef l = loc; l; l = inlined_at(ctx, l))
    if (cycles(ctx, operand(ctx, l, 0), scope_up))
      return true;
  return false;
}

static bool instruction_cycles(LLVMContextRef ctx, LLVMValueRef in) {
  if (location_cycles(ctx, LLVMInstructionGetDebugLoc(in)))
    return true;
  if (LLVMGetInstructionOpcode(in) != LLVMCall ||
      !pgo_llvm__calls_prefixed(in, "llvm.dbg."))
    return false;
  /* A variable's or label's scope is operand 0. */
  int n = LLVMGetNumArgOperands(in);
  for (int k = 0; k < n; k++) {
    LLVMValueRef a = LLVMGetOperand(in, (unsigned)k);
    if (!a || LLVMGetValueKind(a) != LLVMMetadataAsValueValueKind)
      continue;
    LLVMMetadataRef md = LLVMValueAsMetadata(a);
    LLVMMetadataKind kind = md ? LLVMGetMetadataKind(md) : 0;
    if ((kind == LLVMDILocalVariableMetadataKind ||
         kind == LLVMDILabelMetadataKind) &&
        cycles(ctx, operand(ctx, md, 0), scope_up))
      return true;
  }
  return false;
}

static bool scopes_cyclic(LLVMContextRef ctx, LLVMModuleRef mod) {
  for (LLVMValueRef f = LLVMGetFirstFunction(mod); f;
       f = LLVMGetNextFunction(f))
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb;
         bb = LLVMGetNextBasicBlock(bb))
      for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in;
           in = LLVMGetNextInstruction(in))
        if (instruction_cycles(ctx, in))
          return true;
  return false;
}

bool pgo_llvm__upgrade_debug_info(LLVMContextRef ctx, LLVMModuleRef mod) {
  if (LLVMGetModuleDebugMetadataVersion(mod) != PGO_LLVM_DEBUG_METADATA_VERSION)
    return LLVMStripModuleDebugInfo(mod);
  bool records = LLVMIsNewDbgInfoFormat(mod);
  if (records)
    LLVMSetIsNewDbgInfoFormat(mod, 0);
  bool cyclic = scopes_cyclic(ctx, mod);
  if (cyclic)
    LLVMStripModuleDebugInfo(mod);
  if (records)
    LLVMSetIsNewDbgInfoFormat(mod, 1);
  return cyclic;
}
