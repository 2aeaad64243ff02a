/*
 * profile_md.c -- writing profile metadata into LLVM IR from oracle answers
 * only (include/pgo/llvm.h "Annotation"; docs/llvm.md "Annotation").
 *
 * What LLVM's passes read, in the exact shapes `opt -passes=pgo-instr-use`
 * writes them (LLVM 19, checked against its output):
 *   - !prof !{!"branch_weights", i32 w0, ..., i32 wn-1} on every conditional
 *     br and switch, weights in successor order (switch: default first),
 *     from pgo_oracle_branch_weights; any !prof already there is replaced;
 *   - !prof !{!"function_entry_count", i64 N} on a function whose profile is
 *     measured (MEASURED or NEVER_RAN evidence); removed from a function
 *     whose profile is only an estimate, so that LLVM's ProfileSummaryInfo
 *     never takes a synthesized count for an absolute one;
 *   - !prof !{!"VP", i32 0, i64 total, i64 hash, i64 count, ...} on
 *     indirect calls with a histogram (profile_md_vp.c);
 *   - the "ProfileSummary" module flag (behaviour Error, as clang):
 *     !{!{!"ProfileFormat", !"InstrProf"}, !{!"TotalCount", i64}, MaxCount,
 *     MaxInternalCount, MaxFunctionCount, NumCounts, NumFunctions,
 *     !{!"IsPartialProfile", i64 0}, !{!"PartialProfileRatio", double 0.0},
 *     !{!"DetailedSummary", !{!{i32 cutoff, i64 min_count, i32 num_counts},
 *     ...}}} from pgo_oracle_summary.  LLVM ignores a malformed summary
 *     silently, so test/llvm/test_compile checks it through
 *     `opt-19 -passes=print-profile-summary`.
 * llvm.expect.* calls, already read as annotations when the graph was built
 * (annotate.c), are removed by pgo_llvm_strip_expect: each call is replaced
 * by its first argument, as LLVM's LowerExpectIntrinsic does.
 *
 * The LLVM C API cannot remove a module flag, so a module that already has
 * a ProfileSummary keeps it (pgo_llvm_annotate_summary says so with
 * PGO_ERR_STATE and changes nothing).
 */
#include <llvm-c/Analysis.h>
#include <math.h>
#include <string.h>

#include "llvm_int.h"

static LLVMMetadataRef md_str(LLVMContextRef c, const char *s) {
  return LLVMMDStringInContext2(c, s, strlen(s));
}

static LLVMMetadataRef md_int(LLVMContextRef c, unsigned bits, uint64_t v) {
  return LLVMValueAsMetadata(
      LLVMConstInt(LLVMIntTypeInContext(c, bits), v, 0));
}

static LLVMMetadataRef md_pair(LLVMContextRef c, const char *key,
                               LLVMMetadataRef v) {
  LLVMMetadataRef ops[2] = {md_str(c, key), v};
  return LLVMMDNodeInContext2(c, ops, 2);
}

static uint64_t round_count(double x) {
  if (!(x > 0))
    return 0;
  if (x >= 18446744073709551615.0)
    return UINT64_MAX;
  return (uint64_t)llround(x);
}

pgo_status pgo_llvm_annotate_function(pgo_llvm_module *m, uint32_t fn,
                                      const pgo_oracle *o,
                                      pgo_llvm_annotate_stats *stats) {
  if (!m || !o)
    return PGO_ERR_INVALID;
  if (fn >= m->nfns)
    return pgo_llvm__fail(m, PGO_ERR_RANGE, "function %u out of range",
                          (unsigned)fn);
  LLVMValueRef f = m->fns[fn];
  uint32_t nb = 0;
  pgo_status st = pgo_llvm_function_blocks(m, fn, NULL, 0, &nb);
  if (st != PGO_OK)
    return st;
  const char *name = pgo_llvm_function_name(m, fn);
  if (nb != pgo_oracle_nblocks(o))
    return pgo_llvm__fail(m, PGO_ERR_INVALID,
                          "%s: oracle has %u blocks, function %u", name,
                          (unsigned)pgo_oracle_nblocks(o), (unsigned)nb);
  LLVMBasicBlockRef *bbs = pgo_llvm__alloc(&m->alloc, (nb ? nb : 1) * sizeof *bbs);
  if (!bbs)
    return pgo_llvm__fail(m, PGO_ERR_NOMEM, "out of memory");
  st = pgo_llvm_function_blocks(m, fn, bbs, nb, &nb);
  uint32_t cap = 0;
  for (uint32_t b = 0; st == PGO_OK && b < nb; b++)
    if (pgo_oracle_nsucc(o, b) > cap)
      cap = pgo_oracle_nsucc(o, b);
  uint32_t *w = pgo_llvm__alloc(&m->alloc, (cap + 1) * sizeof *w);
  LLVMMetadataRef *ops =
      pgo_llvm__alloc(&m->alloc, (cap + 1) * sizeof *ops);
  if (st == PGO_OK && (!w || !ops))
    st = pgo_llvm__fail(m, PGO_ERR_NOMEM, "out of memory");
  LLVMContextRef c = m->ctx;
  pgo_llvm_annotate_stats s = {0, 0, false, 0};
  for (uint32_t b = 0; st == PGO_OK && b < nb; b++) {
    LLVMValueRef t = LLVMGetBasicBlockTerminator(bbs[b]);
    if (!t)
      continue;
    LLVMOpcode op = LLVMGetInstructionOpcode(t);
    bool want = (op == LLVMBr && LLVMIsConditional(t)) || op == LLVMSwitch;
    if (!want)
      continue;
    uint32_t ns = pgo_oracle_nsucc(o, b), nw = 0;
    if (ns != LLVMGetNumSuccessors(t) || ns < 2) {
      st = pgo_llvm__fail(m, PGO_ERR_INVALID,
                          "%s: block %u: oracle has %u successors, IR %u",
                          name, (unsigned)b, (unsigned)ns,
                          LLVMGetNumSuccessors(t));
      break;
    }
    if (pgo_oracle_branch_weights(o, b, w, cap, &nw) != PGO_OK || nw != ns) {
      st = pgo_llvm__fail(m, PGO_ERR_INVALID, "%s: block %u: no weights",
                          name, (unsigned)b);
      break;
    }
    ops[0] = md_str(c, "branch_weights");
    for (uint32_t k = 0; k < ns; k++)
      ops[k + 1] = md_int(c, 32, w[k]);
    if (LLVMGetMetadata(t, m->prof_kind))
      s.replaced++;
    LLVMSetMetadata(t, m->prof_kind,
                    LLVMMetadataAsValue(c, LLVMMDNodeInContext2(c, ops, ns + 1)));
    s.branches++;
  }
  if (st == PGO_OK)
    st = pgo_llvm__annotate_vp(m, fn, o, &s.vp_sites);
  if (st == PGO_OK) {
    pgo_oracle_evidence ev = pgo_oracle_evidence_of(o);
    if (ev == PGO_ORACLE_EVIDENCE_MEASURED ||
        ev == PGO_ORACLE_EVIDENCE_NEVER_RAN) {
      LLVMMetadataRef n = md_pair(
          c, "function_entry_count",
          md_int(c, 64, round_count(pgo_oracle_entry_count(o))));
      LLVMGlobalSetMetadata(f, m->prof_kind, n);
      s.entry_count = true;
    } else {
      LLVMGlobalEraseMetadata(f, m->prof_kind);
    }
  }
  pgo_llvm__free(&m->alloc, ops, (cap + 1) * sizeof *ops);
  pgo_llvm__free(&m->alloc, w, (cap + 1) * sizeof *w);
  pgo_llvm__free(&m->alloc, bbs, (nb ? nb : 1) * sizeof *bbs);
  if (st == PGO_OK && stats)
    *stats = s;
  return st;
}

pgo_status pgo_llvm_annotate_summary(pgo_llvm_module *m,
                                     const pgo_oracle_summary *s) {
  if (!m || !s)
    return PGO_ERR_INVALID;
  pgo_oracle_summary_totals t;
  if (pgo_oracle_summary_totals_of(s, &t) != PGO_OK)
    return pgo_llvm__fail(m, PGO_ERR_STATE, "summary not finished");
  if (LLVMGetModuleFlag(m->mod, "ProfileSummary", 14))
    return pgo_llvm__fail(m, PGO_ERR_STATE,
                          "the module already has a ProfileSummary (kept)");
  uint32_t ne = 0;
  const pgo_oracle_summary_entry *e = pgo_oracle_summary_entries(s, &ne);
  LLVMContextRef c = m->ctx;
  LLVMMetadataRef *det =
      pgo_llvm__alloc(&m->alloc, (ne ? ne : 1) * sizeof *det);
  if (!det)
    return pgo_llvm__fail(m, PGO_ERR_NOMEM, "out of memory");
  for (uint32_t i = 0; i < ne; i++) {
    uint64_t nc = e[i].num_counts > UINT32_MAX ? UINT32_MAX : e[i].num_counts;
    LLVMMetadataRef ent[3] = {md_int(c, 32, e[i].cutoff),
                              md_int(c, 64, e[i].min_count), md_int(c, 32, nc)};
    det[i] = LLVMMDNodeInContext2(c, ent, 3);
  }
  LLVMMetadataRef f[10];
  f[0] = md_pair(c, "ProfileFormat", md_str(c, "InstrProf"));
  f[1] = md_pair(c, "TotalCount", md_int(c, 64, t.total_count));
  f[2] = md_pair(c, "MaxCount", md_int(c, 64, t.max_count));
  f[3] = md_pair(c, "MaxInternalCount", md_int(c, 64, t.max_internal_count));
  f[4] = md_pair(c, "MaxFunctionCount", md_int(c, 64, t.max_function_count));
  f[5] = md_pair(c, "NumCounts",
                 md_int(c, 64, t.num_counts > UINT32_MAX ? UINT32_MAX
                                                         : t.num_counts));
  f[6] = md_pair(c, "NumFunctions", md_int(c, 64, t.num_functions));
  f[7] = md_pair(c, "IsPartialProfile", md_int(c, 64, 0));
  f[8] = md_pair(c, "PartialProfileRatio",
                 LLVMValueAsMetadata(
                     LLVMConstReal(LLVMDoubleTypeInContext(c), 0.0)));
  f[9] = md_pair(c, "DetailedSummary", LLVMMDNodeInContext2(c, det, ne));
  pgo_llvm__free(&m->alloc, det, (ne ? ne : 1) * sizeof *det);
  LLVMAddModuleFlag(m->mod, LLVMModuleFlagBehaviorError, "ProfileSummary", 14,
                    LLVMMDNodeInContext2(c, f, 10));
  return PGO_OK;
}

pgo_status pgo_llvm_strip_expect(pgo_llvm_module *m, uint32_t *nremoved) {
  if (!m)
    return PGO_ERR_INVALID;
  uint32_t n = 0;
  for (uint32_t fn = 0; fn < m->nfns; fn++) {
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(m->fns[fn]); bb;
         bb = LLVMGetNextBasicBlock(bb)) {
      LLVMValueRef i = LLVMGetFirstInstruction(bb);
      while (i) {
        LLVMValueRef next = LLVMGetNextInstruction(i);
        if (LLVMIsACallInst(i) && pgo_llvm__calls_prefixed(i, "llvm.expect.") &&
            LLVMGetNumArgOperands(i) >= 1) {
          LLVMReplaceAllUsesWith(i, LLVMGetOperand(i, 0));
          LLVMInstructionEraseFromParent(i);
          n++;
        }
        i = next;
      }
    }
  }
  if (nremoved)
    *nremoved = n;
  return PGO_OK;
}

pgo_status pgo_llvm_verify(pgo_llvm_module *m) {
  if (!m)
    return PGO_ERR_INVALID;
  char *msg = NULL;
  if (LLVMVerifyModule(m->mod, LLVMReturnStatusAction, &msg)) {
    size_t len = msg ? strcspn(msg, "\n") : 0;
    pgo_status st = pgo_llvm__fail(m, PGO_ERR_LLVM, "invalid module: %.*s",
                                   (int)len, msg ? msg : "");
    LLVMDisposeMessage(msg);
    return st;
  }
  LLVMDisposeMessage(msg);
  return PGO_OK;
}
