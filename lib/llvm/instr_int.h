/* instr_int.h -- private to lib/llvm: the instrumentation handle shared by
 * instrument.c (planning and probing the IR) and instr_rt.c (the run-time
 * side: the value-probe function, reading the slab, the profile). */
#ifndef PGO_LLVM_INSTR_INT_H
#define PGO_LLVM_INSTR_INT_H

#include "pgo/ingest.h"
#include "llvm_int.h"

/* One instrumented method: the descriptor the runtime reads. */
typedef struct pgo_llvm__instr_method {
  uint32_t fn;         /* index in the module (pgo_llvm_function_ref) */
  pgo_method_key key;  /* of the IR before probing; name borrowed from cfg */
  pgo_cfg *cfg;        /* owned; the graph the plan was made on */
  pgo_plan *plan;      /* owned */
  uint32_t base;       /* first counter word in the slab */
  uint32_t ncounters;
  uint32_t vbase;      /* first word of its first value table */
  uint32_t nsites;     /* value tables, in plan slot order */
} pgo_llvm__instr_method;

typedef struct pgo_llvm__fn_name {
  uint64_t addr;
  const char *name; /* into names */
} pgo_llvm__fn_name;

struct pgo_llvm_instr {
  pgo_allocator allocator;
  const pgo_allocator *alloc; /* &allocator */
  pgo_llvm_instr_options opt;
  pgo_llvm_instr_stats stats;
  char name[512];
  char msg[1200];

  LLVMModuleRef mod; /* the caller's, borrowed (valid while instrumenting) */
  pgo_llvm__instr_method *methods;
  uint32_t nmethods, capmethods;
  uint32_t capacity; /* K of every value table */
  uint32_t vwords;   /* i64 words per value table */
  uint64_t nwords;   /* slab size */
  LLVMTypeRef slab_type;
  LLVMValueRef slab, value_fn;
  LLVMValueRef tbaa; /* counter access tag (instrument.c) */
  char slab_name[64], value_name[64], fns_name[64];

  /* functions whose address the program may call: names in table order */
  char **fnames;
  uint32_t nfnames, capfnames;
  pgo_llvm__fn_name *byaddr; /* sorted by addr, built at the first collect */
  uint32_t nbyaddr;
};

pgo_status pgo_llvm__instr_fail(pgo_llvm_instr *in, pgo_status st,
                                const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Add the address table global (instr_rt.c). */
pgo_status pgo_llvm__instr_names(pgo_llvm_instr *in, LLVMModuleRef mod);
void pgo_llvm__instr_names_free(pgo_llvm_instr *in);

#endif
