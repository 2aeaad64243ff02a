/*
 * jit.c -- running an IR program in process under ORC's LLJIT.
 *
 * What native start-up and exit do, done by hand through LLVM 19's C API
 * (which has no LLJIT::initialize):
 *
 *   create   the caller's module is copied into a fresh ThreadSafeContext
 *            by a bitcode round trip (the caller keeps its own module);
 *            the copy gets three external entry points generated in IR:
 *              __pgo_jit_main(i32, ptr, ptr) -> i32   calls @main with the
 *                  arity it has (0, 2 or 3 parameters; void main gives 0),
 *              __pgo_jit_ctors()  calls every @llvm.global_ctors entry,
 *                  ascending priority, array order within a priority,
 *              __pgo_jit_dtors()  the @llvm.global_dtors entries, in the
 *                  reverse of that order (descending priority: what
 *                  glibc's fini_array walk does);
 *            the two arrays are then deleted.  The default<On> pipeline
 *            runs when opt_level > 0, the module goes into LLJIT's main
 *            JITDylib, and process symbols (libc, libm, libpthread, the
 *            libraries already loaded) resolve what the module does not
 *            define;
 *   exit     the module's declarations of `exit`, `atexit` and
 *            `__cxa_atexit` are renamed __pgo_jit.NAME, defined as
 *            absolute symbols pointing into this library (jit_exit.c), so
 *            the program's handlers are kept here rather than in the host
 *            process, and `exit` from any depth runs the exit sequence
 *            instead of ending the process.
 *
 * Symbols are resolved and code generated at the first lookup
 * (pgo_llvm_jit_compile), which is what compile time measures.  LLVM's
 * session errors (an unresolvable symbol) are captured into the handle's
 * message, never printed.  When a step fails the handle says why, one
 * line "NAME: text", and stays safe to free.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pthread.h>

#include <llvm-c/BitReader.h>
#include <llvm-c/BitWriter.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "jit_int.h"

/* --- messages ------------------------------------------------------- */

pgo_status pgo_llvm__jit_fail(pgo_llvm_jit *j, pgo_status st, const char *fmt,
                              ...) {
  char text[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  /* One line: newlines of LLVM's messages become "; ". */
  char flat[600];
  size_t o = 0;
  for (const char *p = text; *p && o + 3 < sizeof flat; p++) {
    if (*p == '\n') {
      while (p[1] == '\n' || p[1] == ' ')
        p++;
      if (p[1] && o) {
        flat[o++] = ';';
        flat[o++] = ' ';
      }
    } else {
      flat[o++] = *p;
    }
  }
  flat[o] = 0;
  snprintf(j->msg, sizeof j->msg, "%s: %s", j->name, flat);
  return st;
}

/* Consume err into the handle's message. */
static pgo_status fail_llvm(pgo_llvm_jit *j, LLVMErrorRef err,
                            const char *what) {
  char *m = LLVMGetErrorMessage(err);
  pgo_status st = pgo_llvm__jit_fail(j, PGO_ERR_LLVM, "%s: %s", what,
                                     m ? m : "unknown error");
  LLVMDisposeErrorMessage(m);
  return st;
}

const char *pgo_llvm_jit_errmsg(const pgo_llvm_jit *j) {
  if (!j)
    return "out of memory";
  return j->msg;
}

/* The first session error (materialization failures, unresolved symbols)
 * that LLVM would otherwise print to stderr. */
static void on_session_error(void *ctx, LLVMErrorRef err) {
  pgo_llvm_jit *j = ctx;
  char *m = LLVMGetErrorMessage(err);
  pthread_mutex_lock(&j->lock);
  if (!j->session_error[0])
    snprintf(j->session_error, sizeof j->session_error, "%s",
             m ? m : "JIT session error");
  pthread_mutex_unlock(&j->lock);
  LLVMDisposeErrorMessage(m);
}

/* --- options -------------------------------------------------------- */

static const pgo_llvm_jit_options jit_defaults = {
    .struct_size = sizeof(pgo_llvm_jit_options), .opt_level = 2};

void pgo_llvm_jit_options_init_sized(pgo_llvm_jit_options *o,
                                     size_t struct_size) {
  pgo_llvm__opts_init(o, struct_size, &jit_defaults, sizeof jit_defaults);
}

static pthread_once_t target_once = PTHREAD_ONCE_INIT;
static int target_ok;

static void init_target(void) {
  target_ok = !LLVMInitializeNativeTarget() && !LLVMInitializeNativeAsmPrinter();
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* --- IR entry points ------------------------------------------------ */

/* A name not used in mod, from base: base, base.1, base.2 ... */
static void unique_name(LLVMModuleRef mod, const char *base, char *out,
                        size_t cap) {
  snprintf(out, cap, "%s", base);
  for (unsigned k = 1; LLVMGetNamedGlobal(mod, out) ||
                       LLVMGetNamedFunction(mod, out) ||
                       LLVMGetNamedGlobalAlias(mod, out, strlen(out));
       k++)
    snprintf(out, cap, "%s.%u", base, k);
}

typedef struct structor {
  uint64_t prio;
  uint32_t order;
  LLVMValueRef fn;
} structor;

static int structor_cmp(const void *a, const void *b) {
  const structor *x = a, *y = b;
  if (x->prio != y->prio)
    return x->prio < y->prio ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* Define void NAME() calling the entries of the appending array gvname
 * (ascending priority, or the reverse when reverse), then delete the
 * array.  An absent array gives an empty function. */
static pgo_status build_structors(pgo_llvm_jit *j, LLVMModuleRef mod,
                                  const char *gvname, bool reverse,
                                  char *name_out, size_t cap) {
  LLVMContextRef ctx = LLVMGetModuleContext(mod);
  LLVMTypeRef voidt = LLVMVoidTypeInContext(ctx);
  LLVMTypeRef fnty = LLVMFunctionType(voidt, NULL, 0, 0);
  unique_name(mod, reverse ? "__pgo_jit_dtors" : "__pgo_jit_ctors", name_out,
              cap);
  LLVMValueRef f = LLVMAddFunction(mod, name_out, fnty);
  LLVMBasicBlockRef bb = LLVMAppendBasicBlockInContext(ctx, f, "entry");
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  LLVMPositionBuilderAtEnd(b, bb);

  LLVMValueRef gv = LLVMGetNamedGlobal(mod, gvname);
  LLVMValueRef init = gv ? LLVMGetInitializer(gv) : NULL;
  unsigned n = init && !LLVMIsAConstantAggregateZero(init)
                   ? (unsigned)LLVMGetNumOperands(init)
                   : 0;
  structor *list = NULL;
  pgo_status st = PGO_OK;
  if (n) {
    list = pgo_llvm__alloc(&j->alloc, n * sizeof *list);
    if (!list)
      st = pgo_llvm__jit_fail(j, PGO_ERR_NOMEM, "out of memory");
  }
  unsigned k = 0;
  for (unsigned i = 0; st == PGO_OK && i < n; i++) {
    LLVMValueRef e = LLVMGetOperand(init, i);
    if (!e || LLVMGetNumOperands(e) < 2)
      continue;
    LLVMValueRef prio = LLVMGetOperand(e, 0);
    LLVMValueRef fn = LLVMGetOperand(e, 1);
    if (!fn || LLVMIsNull(fn) || !LLVMIsAConstantInt(prio))
      continue;
    list[k].prio = LLVMConstIntGetZExtValue(prio);
    list[k].order = i;
    list[k].fn = fn;
    k++;
  }
  if (st == PGO_OK) {
    if (k)
      qsort(list, k, sizeof *list, structor_cmp);
    for (unsigned i = 0; i < k; i++) {
      LLVMValueRef fn = list[reverse ? k - 1 - i : i].fn;
      LLVMBuildCall2(b, fnty, fn, NULL, 0, "");
    }
    LLVMBuildRetVoid(b);
    if (gv)
      LLVMDeleteGlobal(gv);
  }
  pgo_llvm__free(&j->alloc, list, n * sizeof *list);
  LLVMDisposeBuilder(b);
  return st;
}

/* i32 __pgo_jit_main(i32 argc, ptr argv, ptr envp): @main with its arity. */
static pgo_status build_main(pgo_llvm_jit *j, LLVMModuleRef mod,
                             char *name_out, size_t cap) {
  LLVMValueRef m = LLVMGetNamedFunction(mod, "main");
  if (!m || LLVMIsDeclaration(m))
    return pgo_llvm__jit_fail(j, PGO_ERR_NOT_FOUND, "no function main");
  LLVMTypeRef mt = LLVMGlobalGetValueType(m);
  LLVMContextRef ctx = LLVMGetModuleContext(mod);
  LLVMTypeRef i32 = LLVMInt32TypeInContext(ctx);
  LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0);
  unsigned np = LLVMCountParamTypes(mt);
  LLVMTypeRef ret = LLVMGetReturnType(mt);
  LLVMTypeRef pt[3] = {NULL, NULL, NULL};
  if (np <= 3)
    LLVMGetParamTypes(mt, pt);
  bool ok = (np == 0 || np == 2 || np == 3) && !LLVMIsFunctionVarArg(mt) &&
            (LLVMGetTypeKind(ret) == LLVMVoidTypeKind ||
             (LLVMGetTypeKind(ret) == LLVMIntegerTypeKind &&
              LLVMGetIntTypeWidth(ret) == 32));
  for (unsigned i = 0; ok && i < np; i++)
    ok = i == 0 ? LLVMGetTypeKind(pt[0]) == LLVMIntegerTypeKind &&
                      LLVMGetIntTypeWidth(pt[0]) == 32
                : LLVMGetTypeKind(pt[i]) == LLVMPointerTypeKind;
  if (!ok)
    return pgo_llvm__jit_fail(j, PGO_ERR_INVALID,
                              "main has an unsupported signature (want "
                              "int main(void), (int, char **) or "
                              "(int, char **, char **))");
  LLVMTypeRef params[3] = {i32, ptr, ptr};
  LLVMTypeRef tt = LLVMFunctionType(i32, params, 3, 0);
  unique_name(mod, "__pgo_jit_main", name_out, cap);
  LLVMValueRef t = LLVMAddFunction(mod, name_out, tt);
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(ctx, t, "entry"));
  LLVMValueRef args[3] = {LLVMGetParam(t, 0), LLVMGetParam(t, 1),
                          LLVMGetParam(t, 2)};
  LLVMValueRef r = LLVMBuildCall2(b, mt, m, args, np, "");
  if (LLVMGetTypeKind(ret) == LLVMVoidTypeKind)
    r = LLVMConstInt(i32, 0, 0);
  LLVMBuildRet(b, r);
  LLVMDisposeBuilder(b);
  return PGO_OK;
}

/* --- create --------------------------------------------------------- */

static LLVMTargetMachineRef make_tm(pgo_llvm_jit *j, const char *triple) {
  LLVMTargetRef target = NULL;
  char *err = NULL;
  if (LLVMGetTargetFromTriple(triple, &target, &err)) {
    pgo_llvm__jit_fail(j, PGO_ERR_LLVM, "target %s: %s", triple,
                       err ? err : "unknown");
    LLVMDisposeMessage(err);
    return NULL;
  }
  char *cpu = LLVMGetHostCPUName();
  char *feat = LLVMGetHostCPUFeatures();
  static const LLVMCodeGenOptLevel levels[] = {
      LLVMCodeGenLevelNone, LLVMCodeGenLevelLess, LLVMCodeGenLevelDefault,
      LLVMCodeGenLevelAggressive};
  LLVMTargetMachineRef tm = LLVMCreateTargetMachine(
      target, triple, cpu, feat, levels[j->opt.opt_level], LLVMRelocDefault,
      LLVMCodeModelJITDefault);
  LLVMDisposeMessage(cpu);
  LLVMDisposeMessage(feat);
  if (!tm)
    pgo_llvm__jit_fail(j, PGO_ERR_LLVM, "no target machine for %s", triple);
  return tm;
}

/* Copy src into the JIT's own context (bitcode round trip). */
static pgo_status copy_module(pgo_llvm_jit *j, LLVMModuleRef src,
                              LLVMModuleRef *out) {
  *out = NULL;
  LLVMMemoryBufferRef buf = LLVMWriteBitcodeToMemoryBuffer(src);
  if (!buf)
    return pgo_llvm__jit_fail(j, PGO_ERR_LLVM, "cannot write bitcode");
  LLVMContextRef ctx = LLVMOrcThreadSafeContextGetContext(j->tsc);
  LLVMBool bad = LLVMParseBitcodeInContext2(ctx, buf, out);
  LLVMDisposeMemoryBuffer(buf);
  if (bad) {
    *out = NULL;
    return pgo_llvm__jit_fail(j, PGO_ERR_LLVM, "cannot read back bitcode");
  }
  return PGO_OK;
}

/* The program's declarations of exit, atexit and __cxa_atexit are renamed
 * __pgo_jit.NAME, and those names defined as pgo's functions.  (Renamed
 * rather than defined under their own names: LLJIT's generic platform
 * already defines atexit and __cxa_atexit in the main JITDylib, into a
 * list only LLJIT::deinitialize would run, which the C API lacks.)  A
 * module that defines one of them itself keeps its own. */
static pgo_status interpose(pgo_llvm_jit *j, LLVMModuleRef mod) {
  const pgo_llvm__jit_symbol *rt = pgo_llvm__jit_exit_symbols();
  for (size_t i = 0; rt[i].name; i++) {
    LLVMValueRef f = LLVMGetNamedFunction(mod, rt[i].name);
    if (!f || !LLVMIsDeclaration(f))
      continue;
    char name[64];
    snprintf(name, sizeof name, "__pgo_jit.%s", rt[i].name);
    char u[80];
    unique_name(mod, name, u, sizeof u);
    LLVMSetValueName2(f, u, strlen(u));
    if (j->ninterposed < sizeof j->interposed / sizeof j->interposed[0]) {
      snprintf(j->interposed[j->ninterposed].name,
               sizeof j->interposed[0].name, "%s", u);
      j->interposed[j->ninterposed].addr = rt[i].addr;
      j->ninterposed++;
    }
  }
  return PGO_OK;
}

static pgo_status define_runtime(pgo_llvm_jit *j) {
  pgo_status st = PGO_OK;
  for (size_t i = 0; st == PGO_OK && i < j->ninterposed; i++)
    st = pgo_llvm_jit_define(j, j->interposed[i].name, j->interposed[i].addr);
  return st;
}

pgo_status pgo_llvm_jit_create(const pgo_llvm_module *m,
                               const pgo_llvm_jit_options *opt,
                               const pgo_allocator *alloc,
                               pgo_llvm_jit **out) {
  if (!out)
    return PGO_ERR_INVALID;
  *out = NULL;
  if (!alloc)
    alloc = pgo_default_allocator();
  pgo_llvm_jit *j = alloc->realloc(alloc->ud, NULL, 0, sizeof *j);
  if (!j)
    return PGO_ERR_NOMEM;
  memset(j, 0, sizeof *j);
  j->alloc = *alloc;
  pthread_mutex_init(&j->lock, NULL);
  *out = j;
  const char *name = m ? pgo_llvm_module_name(m) : "<module>";
  snprintf(j->name, sizeof j->name, "%s", name);
  const char *bad = pgo_llvm__opts_read(opt, &j->opt, &jit_defaults,
                                        sizeof jit_defaults,
                                        PGO_LLVM_JIT_OPTIONS_SIZE_V1);
  if (bad)
    return pgo_llvm__jit_fail(j, PGO_ERR_INVALID, "%s", bad);
  if (!m || !pgo_llvm_module_ref(m))
    return pgo_llvm__jit_fail(j, PGO_ERR_INVALID, "no module");
  if (j->opt.opt_level < 0 || j->opt.opt_level > 3)
    return pgo_llvm__jit_fail(j, PGO_ERR_RANGE, "optimization level %d not "
                              "in 0..3", j->opt.opt_level);
  pthread_once(&target_once, init_target);
  if (!target_ok)
    return pgo_llvm__jit_fail(j, PGO_ERR_LLVM, "no native target in LLVM");

  double t0 = now_seconds();
  LLVMModuleRef src = pgo_llvm_module_ref(m);
  const char *mt = LLVMGetTarget(src);
  char *host = LLVMGetDefaultTargetTriple();
  char triple[256];
  snprintf(triple, sizeof triple, "%s", mt && *mt ? mt : host);
  LLVMDisposeMessage(host);

  LLVMTargetMachineRef tm = make_tm(j, triple);
  if (!tm)
    return PGO_ERR_LLVM;
  LLVMOrcJITTargetMachineBuilderRef jtmb =
      LLVMOrcJITTargetMachineBuilderCreateFromTargetMachine(tm);
  LLVMOrcLLJITBuilderRef builder = LLVMOrcCreateLLJITBuilder();
  LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(builder, jtmb);
  LLVMErrorRef err = LLVMOrcCreateLLJIT(&j->jit, builder);
  if (err) {
    j->jit = NULL;
    return fail_llvm(j, err, "cannot create the JIT");
  }
  LLVMOrcExecutionSessionSetErrorReporter(
      LLVMOrcLLJITGetExecutionSession(j->jit), on_session_error, j);
  j->jd = LLVMOrcLLJITGetMainJITDylib(j->jit);

  j->tsc = LLVMOrcCreateNewThreadSafeContext();
  LLVMModuleRef mod = NULL;
  pgo_status st = copy_module(j, src, &mod);
  if (st != PGO_OK)
    return st;
  if (!mt || !*mt)
    LLVMSetTarget(mod, triple);
  const char *dl = LLVMGetDataLayoutStr(mod);
  if (!dl || !*dl)
    LLVMSetDataLayout(mod, LLVMOrcLLJITGetDataLayoutStr(j->jit));

  st = build_main(j, mod, j->main_name, sizeof j->main_name);
  if (st == PGO_OK)
    st = build_structors(j, mod, "llvm.global_ctors", false, j->ctors_name,
                         sizeof j->ctors_name);
  if (st == PGO_OK)
    st = build_structors(j, mod, "llvm.global_dtors", true, j->dtors_name,
                         sizeof j->dtors_name);
  if (st == PGO_OK)
    st = interpose(j, mod);
  if (st == PGO_OK && j->opt.opt_level > 0) {
    char passes[32];
    snprintf(passes, sizeof passes, "default<O%d>", j->opt.opt_level);
    LLVMTargetMachineRef ptm = make_tm(j, triple);
    if (!ptm) {
      st = PGO_ERR_LLVM;
    } else {
      LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
      /* What clang -O2 turns on. */
      LLVMPassBuilderOptionsSetLoopVectorization(po, j->opt.opt_level >= 2);
      LLVMPassBuilderOptionsSetSLPVectorization(po, j->opt.opt_level >= 2);
      LLVMPassBuilderOptionsSetLoopInterleaving(po, j->opt.opt_level >= 2);
      LLVMPassBuilderOptionsSetLoopUnrolling(po, j->opt.opt_level >= 2);
      err = LLVMRunPasses(mod, passes, ptm, po);
      LLVMDisposePassBuilderOptions(po);
      LLVMDisposeTargetMachine(ptm);
      if (err)
        st = fail_llvm(j, err, "optimization failed");
    }
  }
  if (st != PGO_OK) {
    LLVMDisposeModule(mod);
    return st;
  }
  j->ir_seconds = now_seconds() - t0;

  LLVMOrcThreadSafeModuleRef tsm = LLVMOrcCreateNewThreadSafeModule(mod, j->tsc);
  err = LLVMOrcLLJITAddLLVMIRModule(j->jit, j->jd, tsm);
  if (err) {
    LLVMOrcDisposeThreadSafeModule(tsm);
    return fail_llvm(j, err, "cannot add the module");
  }

  LLVMOrcDefinitionGeneratorRef gen = NULL;
  err = LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(
      &gen, LLVMOrcLLJITGetGlobalPrefix(j->jit), NULL, NULL);
  if (err)
    return fail_llvm(j, err, "cannot search the process's symbols");
  LLVMOrcJITDylibAddGenerator(j->jd, gen);
  return define_runtime(j);
}

pgo_status pgo_llvm_jit_create_file(const char *path,
                                    const pgo_llvm_jit_options *opt,
                                    const pgo_allocator *alloc,
                                    pgo_llvm_jit **out) {
  pgo_llvm_module *m = NULL;
  pgo_status st = pgo_llvm_module_open(path, alloc, &m);
  if (st != PGO_OK) {
    if (out) {
      *out = NULL;
      pgo_llvm_jit_options o;
      pgo_llvm_jit_options_init(&o);
      /* A handle that carries the module's message. */
      pgo_status s2 = pgo_llvm_jit_create(NULL, &o, alloc, out);
      (void)s2;
      if (*out)
        snprintf((*out)->msg, sizeof (*out)->msg, "%s",
                 m ? pgo_llvm_errmsg(m) : "out of memory");
    }
    pgo_llvm_module_free(m);
    return st;
  }
  st = pgo_llvm_jit_create(m, opt, alloc, out);
  pgo_llvm_module_free(m);
  return st;
}

void pgo_llvm_jit_free(pgo_llvm_jit *j) {
  if (!j)
    return;
  pgo_allocator a = j->alloc;
  if (j->jit) {
    LLVMErrorRef err = LLVMOrcDisposeLLJIT(j->jit);
    if (err)
      LLVMConsumeError(err);
  }
  if (j->tsc)
    LLVMOrcDisposeThreadSafeContext(j->tsc);
  pgo_llvm__jit_exit_free(j);
  pthread_mutex_destroy(&j->lock);
  a.realloc(a.ud, j, sizeof *j, 0);
}

/* --- symbols -------------------------------------------------------- */

pgo_status pgo_llvm_jit_define(pgo_llvm_jit *j, const char *name, void *addr) {
  if (!j || !name || !j->jit)
    return j ? pgo_llvm__jit_fail(j, PGO_ERR_INVALID, "no JIT") : PGO_ERR_INVALID;
  if (j->compiled)
    return pgo_llvm__jit_fail(j, PGO_ERR_STATE,
                              "cannot define %s after compilation", name);
  LLVMOrcCSymbolMapPair pair;
  pair.Name = LLVMOrcLLJITMangleAndIntern(j->jit, name);
  pair.Sym.Address = (LLVMOrcJITTargetAddress)(uintptr_t)addr;
  pair.Sym.Flags.GenericFlags =
      LLVMJITSymbolGenericFlagsExported | LLVMJITSymbolGenericFlagsCallable;
  pair.Sym.Flags.TargetFlags = 0;
  LLVMOrcMaterializationUnitRef mu = LLVMOrcAbsoluteSymbols(&pair, 1);
  LLVMErrorRef err = LLVMOrcJITDylibDefine(j->jd, mu);
  if (err) {
    LLVMOrcDisposeMaterializationUnit(mu);
    char what[200];
    snprintf(what, sizeof what, "cannot define %s", name);
    return fail_llvm(j, err, what);
  }
  return PGO_OK;
}

pgo_status pgo_llvm_jit_lookup(pgo_llvm_jit *j, const char *name,
                               uint64_t *addr) {
  if (!j || !name || !addr)
    return PGO_ERR_INVALID;
  *addr = 0;
  if (!j->jit)
    return pgo_llvm__jit_fail(j, PGO_ERR_STATE, "no JIT");
  double t0 = now_seconds();
  LLVMOrcExecutorAddress a = 0;
  LLVMErrorRef err = LLVMOrcLLJITLookup(j->jit, &a, name);
  if (!j->compiled) {
    j->compile_seconds += now_seconds() - t0;
  }
  if (err) {
    pthread_mutex_lock(&j->lock);
    char se[sizeof j->session_error];
    memcpy(se, j->session_error, sizeof se);
    pthread_mutex_unlock(&j->lock);
    char *m = LLVMGetErrorMessage(err);
    /* The session error says which symbol; the lookup's own error is
     * often only "Failed to materialize symbols". */
    pgo_status st = pgo_llvm__jit_fail(
        j, PGO_ERR_NOT_FOUND, "%s", se[0] ? se : m ? m : "lookup failed");
    LLVMDisposeErrorMessage(m);
    return st;
  }
  *addr = a;
  return PGO_OK;
}

pgo_status pgo_llvm_jit_compile(pgo_llvm_jit *j) {
  if (!j)
    return PGO_ERR_INVALID;
  if (j->compiled)
    return PGO_OK;
  uint64_t a;
  pgo_status st = pgo_llvm_jit_lookup(j, j->main_name, &a);
  if (st != PGO_OK)
    return st;
  j->main_addr = a;
  if ((st = pgo_llvm_jit_lookup(j, j->ctors_name, &a)) != PGO_OK)
    return st;
  j->ctors_addr = a;
  if ((st = pgo_llvm_jit_lookup(j, j->dtors_name, &a)) != PGO_OK)
    return st;
  j->dtors_addr = a;
  j->compiled = true;
  return PGO_OK;
}

double pgo_llvm_jit_compile_seconds(const pgo_llvm_jit *j) {
  return j ? j->ir_seconds + j->compile_seconds : 0;
}
