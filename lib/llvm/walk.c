/*
 * walk.c -- one function's blocks in layout order, their IL offsets, and
 * the classification of call sites.
 *
 * IL offsets (docs/keys.md, docs/design.md "Identity and keys"): the
 * ordinal of an instruction in layout order -- blocks as laid out in the
 * function, then instructions in block order -- counting every instruction
 * including phis and terminators, except calls to llvm.dbg.* intrinsics.
 * LLVM 19's debug records (#dbg_value ...) are attached to instructions and
 * never appear in the instruction list, so they cannot count.
 *
 * The block map is open addressing with linear probing on the pointer
 * value (Fibonacci hashing), sized to a power of two at least twice the
 * block count, so lookups stay O(1) for the 100,000-way switches the
 * benchmarks build.
 */
#include <string.h>

#include "llvm_int.h"

const char *pgo_llvm__value_name(LLVMValueRef v, size_t *len) {
  size_t l = 0;
  const char *s = LLVMGetValueName2(v, &l);
  if (len)
    *len = l;
  return s ? s : "";
}

bool pgo_llvm__is_call_site(LLVMValueRef inst) {
  switch (LLVMGetInstructionOpcode(inst)) {
  case LLVMCall:
  case LLVMInvoke:
  case LLVMCallBr:
    return true;
  default:
    return false;
  }
}

LLVMValueRef pgo_llvm__direct_callee(LLVMValueRef inst) {
  if (!LLVMIsAInstruction(inst) || !pgo_llvm__is_call_site(inst))
    return NULL;
  LLVMValueRef c = LLVMGetCalledValue(inst);
  if (!c)
    return NULL;
  if (LLVMIsAFunction(c))
    return c;
  /* An alias of a function is still a direct call of that code. */
  if (LLVMIsAGlobalAlias(c)) {
    LLVMValueRef a = LLVMAliasGetAliasee(c);
    if (a && LLVMIsAFunction(a))
      return a;
  }
  return NULL;
}

bool pgo_llvm__calls_prefixed(LLVMValueRef inst, const char *prefix) {
  LLVMValueRef f = pgo_llvm__direct_callee(inst);
  if (!f)
    return false;
  size_t len, pl = strlen(prefix);
  const char *n = pgo_llvm__value_name(f, &len);
  return len >= pl && !memcmp(n, prefix, pl);
}

bool pgo_llvm_counts_as_il(LLVMValueRef inst) {
  if (!inst || !LLVMIsAInstruction(inst))
    return false;
  if (LLVMGetInstructionOpcode(inst) != LLVMCall)
    return true;
  return !pgo_llvm__calls_prefixed(inst, "llvm.dbg.");
}

/* --- the block map -------------------------------------------------- */

static uint32_t slot_of(const pgo_llvm_blocks *b, LLVMBasicBlockRef bb) {
  uint64_t h = (uint64_t)(uintptr_t)bb * 0x9E3779B97F4A7C15ull;
  return (uint32_t)(h >> 32) & (b->cap - 1);
}

uint32_t pgo_llvm__blocks_index(const pgo_llvm_blocks *b,
                                LLVMBasicBlockRef bb) {
  if (!bb || !b->cap)
    return PGO_NONE;
  for (uint32_t s = slot_of(b, bb);; s = (s + 1) & (b->cap - 1)) {
    if (b->slot_key[s] == bb)
      return b->slot_val[s];
    if (!b->slot_key[s])
      return PGO_NONE;
  }
}

void pgo_llvm__blocks_fini(pgo_llvm_blocks *b) {
  if (!b->alloc)
    return;
  pgo_llvm__free(b->alloc, b->bb, b->n * sizeof *b->bb);
  pgo_llvm__free(b->alloc, b->il, b->n * sizeof *b->il);
  pgo_llvm__free(b->alloc, b->ninstr, b->n * sizeof *b->ninstr);
  pgo_llvm__free(b->alloc, b->slot_key, b->cap * sizeof *b->slot_key);
  pgo_llvm__free(b->alloc, b->slot_val, b->cap * sizeof *b->slot_val);
  memset(b, 0, sizeof *b);
}

pgo_status pgo_llvm__blocks_init(pgo_llvm_blocks *b, const pgo_allocator *a,
                                 LLVMValueRef fn) {
  memset(b, 0, sizeof *b);
  b->alloc = a;
  uint32_t n = LLVMCountBasicBlocks(fn);
  if (n > (UINT32_MAX >> 2))
    return PGO_ERR_RANGE;
  uint32_t cap = 16;
  while (cap < 2 * n)
    cap <<= 1;
  b->n = n;
  b->cap = cap;
  b->bb = pgo_llvm__alloc(a, n * sizeof *b->bb);
  b->il = pgo_llvm__alloc(a, n * sizeof *b->il);
  b->ninstr = pgo_llvm__alloc(a, n * sizeof *b->ninstr);
  b->slot_key = pgo_llvm__alloc(a, cap * sizeof *b->slot_key);
  b->slot_val = pgo_llvm__alloc(a, cap * sizeof *b->slot_val);
  if (!b->bb || !b->il || !b->ninstr || !b->slot_key || !b->slot_val) {
    pgo_llvm__blocks_fini(b);
    return PGO_ERR_NOMEM;
  }
  memset(b->slot_key, 0, cap * sizeof *b->slot_key);
  uint32_t i = 0, il = 0;
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb && i < n;
       bb = LLVMGetNextBasicBlock(bb), i++) {
    b->bb[i] = bb;
    b->il[i] = il;
    uint32_t k = 0;
    for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in;
         in = LLVMGetNextInstruction(in))
      if (pgo_llvm_counts_as_il(in))
        k++;
    b->ninstr[i] = k;
    il += k;
    uint32_t s = slot_of(b, bb);
    while (b->slot_key[s])
      s = (s + 1) & (cap - 1);
    b->slot_key[s] = bb;
    b->slot_val[s] = i;
  }
  b->il_size = il;
  return PGO_OK;
}
