/*
 * hash.c -- the structural method hash of an LLVM function
 * (PGO_HASH_VERSION 1; the fields and their order are in docs/keys.md,
 * the hasher itself in docs/hash.md).
 *
 * The hash identifies a function's shape so that a profile recorded on one
 * build is recognised on another: it covers what the profile's keys depend
 * on (block layout, instruction ordinals, successor indices) and what makes
 * two bodies different programs (opcodes, compare predicates, direct
 * callees, operand counts).  It does not cover value or block names,
 * constants, types, attributes, metadata or debug records, so renaming
 * values, retuning constants or rebuilding with -g leaves it unchanged.
 *
 * Fed in this order, every integer as pgo_hasher_u32:
 *   nblocks;
 *   per block in layout order:
 *     ninstr (counted instructions, as for IL offsets);
 *     per counted instruction:
 *       opcode (LLVMOpcode value), number of operands;
 *       icmp: LLVMIntPredicate; fcmp: LLVMRealPredicate;
 *       call/invoke/callbr: callee kind (0 indirect, 1 direct, 2 inline
 *         asm), then for a direct callee its name (pgo_hasher_str);
 *     nsucc, then the layout index of each successor in successor order.
 */
#include "llvm_int.h"

enum { CALLEE_INDIRECT = 0, CALLEE_DIRECT = 1, CALLEE_ASM = 2 };

static void hash_instruction(pgo_hasher *h, LLVMValueRef in) {
  LLVMOpcode op = LLVMGetInstructionOpcode(in);
  pgo_hasher_u32(h, (uint32_t)op);
  int nops = LLVMGetNumOperands(in);
  pgo_hasher_u32(h, nops < 0 ? 0u : (uint32_t)nops);
  if (op == LLVMICmp)
    pgo_hasher_u32(h, (uint32_t)LLVMGetICmpPredicate(in));
  else if (op == LLVMFCmp)
    pgo_hasher_u32(h, (uint32_t)LLVMGetFCmpPredicate(in));
  else if (pgo_llvm__is_call_site(in)) {
    LLVMValueRef f = pgo_llvm__direct_callee(in);
    if (f) {
      pgo_hasher_u32(h, CALLEE_DIRECT);
      pgo_hasher_str(h, pgo_llvm__value_name(f, NULL));
    } else {
      LLVMValueRef c = LLVMGetCalledValue(in);
      pgo_hasher_u32(h, c && LLVMIsAInlineAsm(c) ? CALLEE_ASM
                                                 : CALLEE_INDIRECT);
    }
  }
}

uint64_t pgo_llvm__hash(LLVMValueRef fn, const pgo_llvm_blocks *b) {
  (void)fn;
  pgo_hasher h;
  pgo_hasher_init(&h);
  pgo_hasher_u32(&h, b->n);
  for (uint32_t i = 0; i < b->n; i++) {
    LLVMBasicBlockRef bb = b->bb[i];
    pgo_hasher_u32(&h, b->ninstr[i]);
    for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in;
         in = LLVMGetNextInstruction(in))
      if (pgo_llvm_counts_as_il(in))
        hash_instruction(&h, in);
    LLVMValueRef term = LLVMGetBasicBlockTerminator(bb);
    unsigned ns = term ? LLVMGetNumSuccessors(term) : 0;
    pgo_hasher_u32(&h, ns);
    for (unsigned k = 0; k < ns; k++)
      pgo_hasher_u32(&h,
                     pgo_llvm__blocks_index(b, LLVMGetSuccessor(term, k)));
  }
  return pgo_hasher_final(&h);
}
