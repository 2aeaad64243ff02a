/*
 * annotate.c -- successor probabilities the IR itself states: user
 * annotations (__builtin_expect, __builtin_expect_with_probability, which
 * clang lowers to llvm.expect.* calls) and existing !prof branch_weights.
 * They become pgo_cfg annotations, one more evidence source for synthesis,
 * never measured counts (DESIGN.md: measured > annotated > heuristic).
 *
 * llvm.expect follows LLVM's LowerExpectIntrinsic (lib/Transforms/Scalar/
 * LowerExpectIntrinsic.cpp, LLVM 19), so the numbers match what
 * `opt -passes=lower-expect` would write:
 *   - br on `call i1 @llvm.expect.i1(%c, C)`: successor 0 is likely iff
 *     C == 1;
 *   - br on `icmp eq|ne (call @llvm.expect.iN(%x, C)), K` (either operand
 *     order): successor 0 is likely iff (C == K) == (predicate is eq);
 *   - a `xor i1 %cond, true` in front of either swaps the two;
 *   - switch on `call @llvm.expect.iN(%x, C)`: the case whose value is C is
 *     likely, or the default when no case matches.
 * Weights: llvm.expect gives the likely successor 2000 and every other one
 * 1 (LLVM's -likely-branch-weight / -unlikely-branch-weight defaults), so
 * a branch is 2000/2001 : 1/2001.  llvm.expect.with.probability(%x, C, p)
 * gives the likely successor p and shares 1 - p equally among the others.
 * LLVM's phi-of-constants form (handlePhiDef) is not read.
 *
 * !prof: !{!"branch_weights", [!"expected",] i32 w0, i32 w1, ...} with one
 * weight per successor, normalised.  Malformed nodes (wrong count, non
 * integer weights, all zero) are ignored rather than guessed at.  When a
 * terminator has both, llvm.expect wins, as lower-expect overwrites !prof.
 */
#include <math.h>
#include <string.h>

#include "llvm_int.h"

#define LIKELY_WEIGHT 2000.0
#define UNLIKELY_WEIGHT 1.0

/* The expect call behind v, or NULL.  *prob gets the with.probability
 * value, or a negative number for plain llvm.expect. */
static LLVMValueRef expect_call(LLVMValueRef v, double *prob) {
  if (!v || !LLVMIsACallInst(v))
    return NULL;
  if (pgo_llvm__calls_prefixed(v, "llvm.expect.with.probability.")) {
    if (LLVMGetNumArgOperands(v) < 3)
      return NULL;
    LLVMValueRef p = LLVMGetOperand(v, 2);
    if (!LLVMIsAConstantFP(p))
      return NULL;
    LLVMBool loses = 0;
    double d = LLVMConstRealGetDouble(p, &loses);
    if (!(d >= 0.0 && d <= 1.0))
      return NULL;
    *prob = d;
  } else if (pgo_llvm__calls_prefixed(v, "llvm.expect.")) {
    if (LLVMGetNumArgOperands(v) < 2)
      return NULL;
    *prob = -1.0;
  } else {
    return NULL;
  }
  return LLVMIsAConstantInt(LLVMGetOperand(v, 1)) ? v : NULL;
}

static bool int_const_u64(LLVMValueRef c, uint64_t *out) {
  if (!c || !LLVMIsAConstantInt(c))
    return false;
  LLVMTypeRef t = LLVMTypeOf(c);
  if (LLVMGetIntTypeWidth(t) > 64)
    return false;
  *out = LLVMConstIntGetZExtValue(c);
  return true;
}

/* Probabilities for "successor `likely` of nsucc is the expected one". */
static void expect_probs(uint32_t nsucc, uint32_t likely, double prob,
                         double *probs) {
  if (prob < 0) {
    double total = LIKELY_WEIGHT + UNLIKELY_WEIGHT * (nsucc - 1);
    for (uint32_t k = 0; k < nsucc; k++)
      probs[k] = (k == likely ? LIKELY_WEIGHT : UNLIKELY_WEIGHT) / total;
  } else {
    for (uint32_t k = 0; k < nsucc; k++)
      probs[k] = k == likely ? prob : (1.0 - prob) / (nsucc - 1);
  }
}

static bool is_not_of(LLVMValueRef v, LLVMValueRef *inner) {
  if (!v || !LLVMIsAInstruction(v) || LLVMGetInstructionOpcode(v) != LLVMXor)
    return false;
  LLVMTypeRef t = LLVMTypeOf(v);
  if (LLVMGetTypeKind(t) != LLVMIntegerTypeKind || LLVMGetIntTypeWidth(t) != 1)
    return false;
  for (int k = 0; k < 2; k++) {
    uint64_t c;
    if (int_const_u64(LLVMGetOperand(v, (unsigned)k), &c) && c == 1) {
      *inner = LLVMGetOperand(v, (unsigned)(1 - k));
      return true;
    }
  }
  return false;
}

static bool branch_expect(LLVMValueRef br, double *probs) {
  if (!LLVMIsConditional(br))
    return false;
  LLVMValueRef cond = LLVMGetCondition(br), inner;
  bool swap = false;
  while (is_not_of(cond, &inner)) {
    cond = inner;
    swap = !swap;
  }
  double p;
  uint64_t expected, k;
  bool likely_true;
  LLVMValueRef call = expect_call(cond, &p);
  if (call) {
    if (!int_const_u64(LLVMGetOperand(call, 1), &expected))
      return false;
    likely_true = expected == 1;
  } else if (LLVMIsAICmpInst(cond)) {
    LLVMIntPredicate pr = LLVMGetICmpPredicate(cond);
    if (pr != LLVMIntEQ && pr != LLVMIntNE)
      return false;
    LLVMValueRef a = LLVMGetOperand(cond, 0), b = LLVMGetOperand(cond, 1);
    call = expect_call(a, &p);
    if (!call || !int_const_u64(b, &k)) {
      call = expect_call(b, &p);
      if (!call || !int_const_u64(a, &k))
        return false;
    }
    if (!int_const_u64(LLVMGetOperand(call, 1), &expected))
      return false;
    likely_true = (expected == k) == (pr == LLVMIntEQ);
  } else {
    return false;
  }
  if (swap)
    likely_true = !likely_true;
  expect_probs(2, likely_true ? 0 : 1, p, probs);
  return true;
}

static bool switch_expect(LLVMValueRef sw, uint32_t nsucc, double *probs) {
  double p;
  LLVMValueRef call = expect_call(LLVMGetOperand(sw, 0), &p);
  uint64_t expected;
  if (!call || nsucc < 2 ||
      !int_const_u64(LLVMGetOperand(call, 1), &expected))
    return false;
  uint32_t likely = 0;
  /* Case k's value is operand 2 + 2k; its successor index is k + 1. */
  for (uint32_t c = 0; c + 1 < nsucc; c++) {
    uint64_t v;
    if (int_const_u64(LLVMGetOperand(sw, 2 + 2 * c), &v) && v == expected) {
      likely = c + 1;
      break;
    }
  }
  expect_probs(nsucc, likely, p, probs);
  return true;
}

static bool weights_of(LLVMValueRef *ops, unsigned nops, uint32_t nsucc,
                       double *probs);

static int branch_weights(LLVMValueRef term, unsigned prof_kind,
                          const pgo_allocator *a, uint32_t nsucc,
                          double *probs) {
  LLVMValueRef md = LLVMGetMetadata(term, prof_kind);
  if (!md)
    return 0;
  unsigned nops = LLVMGetMDNodeNumOperands(md);
  if (nops < 2 || nops > 1u + 1u + nsucc)
    return 0;
  LLVMValueRef *ops = pgo_llvm__alloc(a, nops * sizeof *ops);
  if (!ops)
    return -1;
  LLVMGetMDNodeOperands(md, ops);
  bool ok = weights_of(ops, nops, nsucc, probs);
  pgo_llvm__free(a, ops, nops * sizeof *ops);
  return ok;
}

static bool weights_of(LLVMValueRef *ops, unsigned nops, uint32_t nsucc,
                       double *probs) {
  unsigned len = 0;
  const char *tag = ops[0] ? LLVMGetMDString(ops[0], &len) : NULL;
  if (!tag || len != 14 || memcmp(tag, "branch_weights", 14))
    return false;
  unsigned first = 1;
  const char *s = ops[1] ? LLVMGetMDString(ops[1], &len) : NULL;
  if (s)
    first = 2; /* !"expected" (LLVM 19 marks weights made from expect) */
  if (nops - first != nsucc)
    return false;
  double total = 0;
  for (uint32_t k = 0; k < nsucc; k++) {
    uint64_t w;
    if (!int_const_u64(ops[first + k], &w))
      return false;
    probs[k] = (double)w;
    total += probs[k];
  }
  if (!(total > 0) || !isfinite(total))
    return false;
  for (uint32_t k = 0; k < nsucc; k++)
    probs[k] /= total;
  return true;
}

int pgo_llvm__annotation(LLVMValueRef term, unsigned prof_kind,
                         const pgo_allocator *a, uint32_t nsucc,
                         double *probs) {
  if (!term || nsucc < 2)
    return 0;
  LLVMOpcode op = LLVMGetInstructionOpcode(term);
  if (op == LLVMBr && nsucc == 2 && branch_expect(term, probs))
    return 1;
  if (op == LLVMSwitch && switch_expect(term, nsucc, probs))
    return 1;
  return branch_weights(term, prof_kind, a, nsucc, probs);
}
