/*
 * pipeline.c -- target machines and the optimization pipeline of
 * profile-guided compilation (include/pgo/llvm.h "Pipeline"; docs/llvm.md
 * "Annotation").
 *
 * Targets: x86_64-*-linux-* and aarch64-*-linux-*, each with the CPU
 * clang-19 uses when no -mcpu/-march is given (x86-64 and generic), no
 * extra features and the PIC relocation model, so that objects link into
 * the system's default (PIE) executables and no host CPU feature leaks
 * into the code (the IR's own target-cpu/target-features attributes, which
 * clang wrote for its target, still apply per function).  Both back ends
 * are registered once per process (pthread_once); libLLVM-19 as Debian
 * ships it has both.
 *
 * Passes: LLVM's `default<On>` through LLVMRunPasses with loop and SLP
 * vectorization, loop interleaving and unrolling on at -O2 and -O3 (what
 * clang -O2 sets in its PipelineTuningOptions), off below; -O0 runs
 * `default<O0>` (always-inline and the like only).
 *
 * Fails (PGO_ERR_INVALID) on a triple of another architecture or OS, or
 * when the module was built for another architecture than the one asked
 * (IR built for x86-64 carries that ABI: va_arg lowering, x86_fp80); LLVM's
 * own refusals are PGO_ERR_LLVM with its message.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "llvm_int.h"

static pthread_once_t targets_once = PTHREAD_ONCE_INIT;

static void init_targets(void) {
  LLVMInitializeX86TargetInfo();
  LLVMInitializeX86Target();
  LLVMInitializeX86TargetMC();
  LLVMInitializeX86AsmPrinter();
  LLVMInitializeX86AsmParser();
  LLVMInitializeAArch64TargetInfo();
  LLVMInitializeAArch64Target();
  LLVMInitializeAArch64TargetMC();
  LLVMInitializeAArch64AsmPrinter();
  LLVMInitializeAArch64AsmParser();
}

/* "x86_64" / "aarch64" from a triple, or NULL. */
static const char *arch_of(const char *triple) {
  if (!triple)
    return NULL;
  if (!strncmp(triple, "x86_64-", 7))
    return "x86_64";
  if (!strncmp(triple, "aarch64-", 8) || !strncmp(triple, "arm64-", 6))
    return "aarch64";
  return NULL;
}

pgo_status pgo_llvm__target_machine(pgo_llvm_module *m, const char *triple,
                                    int opt_level, LLVMTargetMachineRef *out) {
  *out = NULL;
  pthread_once(&targets_once, init_targets);
  const char *arch = arch_of(triple);
  if (!arch || !strstr(triple, "linux"))
    return pgo_llvm__fail(m, PGO_ERR_INVALID,
                          "target '%s': want x86_64-linux-gnu or "
                          "aarch64-linux-gnu",
                          triple ? triple : "");
  const char *mt = LLVMGetTarget(m->mod);
  const char *march = arch_of(mt);
  if (mt && *mt && (!march || strcmp(march, arch)))
    return pgo_llvm__fail(m, PGO_ERR_INVALID,
                          "the IR is built for %s, not %s: build it for the "
                          "target (clang --target=%s)",
                          mt, triple, triple);
  char *norm = LLVMNormalizeTargetTriple(triple);
  LLVMTargetRef target = NULL;
  char *err = NULL;
  if (LLVMGetTargetFromTriple(norm, &target, &err)) {
    pgo_status st = pgo_llvm__fail(m, PGO_ERR_LLVM, "target %s: %s", norm,
                                   err ? err : "unknown");
    LLVMDisposeMessage(err);
    LLVMDisposeMessage(norm);
    return st;
  }
  static const LLVMCodeGenOptLevel levels[] = {
      LLVMCodeGenLevelNone, LLVMCodeGenLevelLess, LLVMCodeGenLevelDefault,
      LLVMCodeGenLevelAggressive};
  if (opt_level < 0)
    opt_level = 0;
  if (opt_level > 3)
    opt_level = 3;
  const char *cpu = !strcmp(arch, "x86_64") ? "x86-64" : "generic";
  LLVMTargetMachineRef tm =
      LLVMCreateTargetMachine(target, norm, cpu, "", levels[opt_level],
                              LLVMRelocPIC, LLVMCodeModelDefault);
  if (!tm) {
    pgo_status st =
        pgo_llvm__fail(m, PGO_ERR_LLVM, "no target machine for %s", norm);
    LLVMDisposeMessage(norm);
    return st;
  }
  if (!mt || !*mt)
    LLVMSetTarget(m->mod, norm);
  LLVMDisposeMessage(norm);
  *out = tm;
  return PGO_OK;
}

pgo_status pgo_llvm_optimize(pgo_llvm_module *m, const char *triple,
                             int opt_level) {
  if (!m || !m->mod || opt_level < 0 || opt_level > 3)
    return PGO_ERR_INVALID;
  LLVMTargetMachineRef tm = NULL;
  pgo_status st = pgo_llvm__target_machine(m, triple, opt_level, &tm);
  if (st != PGO_OK)
    return st;
  /* The data layout the back end will use (clang writes the same). */
  LLVMTargetDataRef td = LLVMCreateTargetDataLayout(tm);
  char *dl = LLVMCopyStringRepOfTargetData(td);
  LLVMSetDataLayout(m->mod, dl);
  LLVMDisposeMessage(dl);
  LLVMDisposeTargetData(td);
  char passes[32];
  snprintf(passes, sizeof passes, "default<O%d>", opt_level);
  LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
  bool full = opt_level >= 2;
  LLVMPassBuilderOptionsSetLoopVectorization(po, full);
  LLVMPassBuilderOptionsSetSLPVectorization(po, full);
  LLVMPassBuilderOptionsSetLoopInterleaving(po, full);
  LLVMPassBuilderOptionsSetLoopUnrolling(po, full);
  LLVMErrorRef err = LLVMRunPasses(m->mod, passes, tm, po);
  LLVMDisposePassBuilderOptions(po);
  LLVMDisposeTargetMachine(tm);
  if (err) {
    char *msg = LLVMGetErrorMessage(err);
    st = pgo_llvm__fail(m, PGO_ERR_LLVM, "%s: %s", passes, msg);
    LLVMDisposeErrorMessage(msg);
  }
  return st;
}
