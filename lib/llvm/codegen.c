/*
 * codegen.c -- writing the compiled module: assembly or an object file for
 * the target (pipeline.c's target machine: generic CPU, PIC), or the IR
 * itself as text or bitcode (include/pgo/llvm.h "Pipeline").
 *
 * The output is written under PATH.tmp and renamed over PATH only when
 * LLVM reported success, so a failed emission never leaves a partial file
 * behind.  Errors: PGO_ERR_IO when the file cannot be written,
 * PGO_ERR_LLVM with LLVM's message when code generation fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/BitWriter.h>
#include <llvm-c/TargetMachine.h>

#include "llvm_int.h"

pgo_status pgo_llvm_emit(pgo_llvm_module *m, const char *triple,
                         int opt_level, pgo_llvm_emit_kind kind,
                         const char *path) {
  if (!m || !m->mod || !path || !*path || opt_level < 0 || opt_level > 3)
    return PGO_ERR_INVALID;
  size_t plen = strlen(path);
  char *tmp = pgo_llvm__alloc(&m->alloc, plen + 5);
  if (!tmp)
    return pgo_llvm__fail(m, PGO_ERR_NOMEM, "out of memory");
  memcpy(tmp, path, plen);
  memcpy(tmp + plen, ".tmp", 5);
  pgo_status st = PGO_OK;
  char *err = NULL;
  switch (kind) {
  case PGO_LLVM_EMIT_IR_TEXT:
    if (LLVMPrintModuleToFile(m->mod, tmp, &err))
      st = pgo_llvm__fail(m, PGO_ERR_IO, "%s: %s", path, err ? err : "cannot write");
    break;
  case PGO_LLVM_EMIT_BITCODE:
    if (LLVMWriteBitcodeToFile(m->mod, tmp))
      st = pgo_llvm__fail(m, PGO_ERR_IO, "%s: cannot write", path);
    break;
  case PGO_LLVM_EMIT_ASM:
  case PGO_LLVM_EMIT_OBJECT: {
    LLVMTargetMachineRef tm = NULL;
    st = pgo_llvm__target_machine(m, triple, opt_level, &tm);
    if (st != PGO_OK)
      break;
    if (LLVMTargetMachineEmitToFile(
            tm, m->mod, tmp,
            kind == PGO_LLVM_EMIT_ASM ? LLVMAssemblyFile : LLVMObjectFile,
            &err))
      st = pgo_llvm__fail(m, PGO_ERR_LLVM, "%s: %s", path,
                          err ? err : "code generation failed");
    LLVMDisposeTargetMachine(tm);
    break;
  }
  default:
    st = pgo_llvm__fail(m, PGO_ERR_INVALID, "unknown output kind %d",
                        (int)kind);
  }
  LLVMDisposeMessage(err);
  if (st == PGO_OK && rename(tmp, path) != 0)
    st = pgo_llvm__fail(m, PGO_ERR_IO, "%s: cannot rename %s", path, tmp);
  if (st != PGO_OK)
    remove(tmp);
  pgo_llvm__free(&m->alloc, tmp, plen + 5);
  return st;
}
