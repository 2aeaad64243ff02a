/* llvm_int.h -- private to lib/llvm: the module handle, the block map and
 * the instruction classification shared by the graph builder, the hasher
 * and the annotation reader. */
#ifndef PGO_LLVM_INT_H
#define PGO_LLVM_INT_H

#include <stdarg.h>

#include "pgo/llvm.h"

struct pgo_llvm_module {
  pgo_allocator alloc;  /* pgo's own memory; LLVM allocates its own */
  char *name;           /* path or buffer name given at open; owned */
  LLVMContextRef ctx;   /* owned; NULL until created */
  LLVMModuleRef mod;    /* owned by ctx's lifetime; NULL when open failed */
  LLVMValueRef *fns;    /* defined functions in module order; owned */
  uint32_t nfns;
  unsigned prof_kind;   /* metadata kind id of "prof" in ctx */
  char *diag;           /* first error diagnostic LLVM reported; owned */
  char *msg;            /* last error message; owned, "" when NULL */
};

/* --- memory through the module's allocator (module.c) --------------- */
void *pgo_llvm__alloc(const pgo_allocator *a, size_t n);
void pgo_llvm__free(const pgo_allocator *a, void *p, size_t n);
char *pgo_llvm__strdup(const pgo_allocator *a, const char *s);
void pgo_llvm__strfree(const pgo_allocator *a, char *s);

/* Set the handle's message "NAME: text" and return st. */
/* options.c: the growth rule of the public option structs.  _init copies
 * defaults (dsize bytes) into the caller's struct_size bytes; _read lays the
 * caller's options over the defaults into out (dsize bytes) and returns NULL,
 * or the reason they are refused. */
void pgo_llvm__opts_init(void *o, size_t struct_size, const void *defaults,
                         size_t dsize);
const char *pgo_llvm__opts_read(const void *in, void *out,
                                const void *defaults, size_t dsize,
                                size_t v1size);

pgo_status pgo_llvm__fail(pgo_llvm_module *m, pgo_status st, const char *fmt,
                          ...) __attribute__((format(printf, 3, 4)));

/* --- block map and walk (walk.c) ------------------------------------ */

/* Basic blocks of one function in layout order, with an open-addressing
 * map from LLVMBasicBlockRef to layout index and the IL offsets. */
typedef struct pgo_llvm_blocks {
  const pgo_allocator *alloc;
  LLVMBasicBlockRef *bb; /* [n] layout order */
  uint32_t *il;          /* [n] IL offset of the first counted instruction */
  uint32_t *ninstr;      /* [n] counted instructions */
  uint32_t n;
  uint32_t il_size;      /* counted instructions in the function */
  LLVMBasicBlockRef *slot_key; /* [cap] map keys, NULL = empty */
  uint32_t *slot_val;    /* [cap] layout index */
  uint32_t cap;          /* power of two >= 2n */
} pgo_llvm_blocks;

pgo_status pgo_llvm__blocks_init(pgo_llvm_blocks *b, const pgo_allocator *a,
                                 LLVMValueRef fn);
void pgo_llvm__blocks_fini(pgo_llvm_blocks *b);
/* Layout index of bb, PGO_NONE if bb is not in the function. */
uint32_t pgo_llvm__blocks_index(const pgo_llvm_blocks *b, LLVMBasicBlockRef bb);

/* Called function of a call/invoke/callbr (a Function, or an alias's
 * function), NULL for indirect calls, inline asm and non-calls. */
LLVMValueRef pgo_llvm__direct_callee(LLVMValueRef inst);
/* The callee of a call site as written (function, alias, asm or value). */
bool pgo_llvm__is_call_site(LLVMValueRef inst);
/* The callee's name starts with prefix (e.g. "llvm.expect."). */
bool pgo_llvm__calls_prefixed(LLVMValueRef inst, const char *prefix);
/* Symbol name of a global value (borrowed from LLVM). */
const char *pgo_llvm__value_name(LLVMValueRef v, size_t *len);

/* --- debug info (debuginfo.c) --------------------------------------- */
/* llvm::UpgradeDebugInfo minus the abort, plus a cycle check of debug
 * scopes (LLVM's verifier loops forever on cyclic ones): strips the debug
 * info when its version is not current or a scope chain is cyclic.
 * Returns true when it stripped.  Call before LLVMVerifyModule. */
bool pgo_llvm__upgrade_debug_info(LLVMContextRef ctx, LLVMModuleRef mod);

/* --- per-function analyses ------------------------------------------ */
/* Structural hash (hash.c); docs/keys.md lists the fields in order. */
uint64_t pgo_llvm__hash(LLVMValueRef fn, const pgo_llvm_blocks *b);

/* Successor probabilities the IR states for terminator term (annotate.c):
 * llvm.expect.* on the condition first, else !prof branch_weights.  Fills
 * probs[0..nsucc-1] (summing to 1) and returns 1, returns 0 when the IR
 * states nothing usable, -1 when out of memory. */
int pgo_llvm__annotation(LLVMValueRef term, unsigned prof_kind,
                         const pgo_allocator *a, uint32_t nsucc,
                         double *probs);

/* --- compilation (pipeline.c, pipeline_compile.c) ------------------- */
#include <llvm-c/TargetMachine.h>
#include "pgo/store.h"
#include "pgo/synth.h"
/* Target machine for triple (pipeline.c's rules); sets the module's triple
 * when it has none.  *out is the caller's (LLVMDisposeTargetMachine). */
pgo_status pgo_llvm__target_machine(pgo_llvm_module *m, const char *triple,
                                    int opt_level, LLVMTargetMachineRef *out);
/* VP metadata on fn's indirect calls from o's call targets
 * (profile_md_vp.c); *nsites gets how many were written. */
pgo_status pgo_llvm__annotate_vp(pgo_llvm_module *m, uint32_t fn,
                                 const pgo_oracle *o, uint32_t *nsites);
/* MD5 of s[0..n), low 64 bits little-endian (LLVM's MD5Hash). */
uint64_t pgo_llvm__md5_low64(const char *s, size_t n);
#endif
