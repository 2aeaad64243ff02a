/* jit_int.h -- private to lib/llvm: the JIT handle shared by jit.c (create,
 * symbols, compile) and jit_exit.c (running the program: ctors, main, the
 * exit sequence and the exit/atexit interposition). */
#ifndef PGO_LLVM_JIT_INT_H
#define PGO_LLVM_JIT_INT_H

#include <setjmp.h>
#include <stdarg.h>

#include <pthread.h>

#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>

#include "llvm_int.h"

/* One atexit / __cxa_atexit registration. */
typedef struct pgo_llvm__jit_handler {
  void (*fn)(void *); /* atexit: a void(void) called without argument */
  void *arg;
  bool has_arg;
} pgo_llvm__jit_handler;

struct pgo_llvm_jit {
  pgo_allocator alloc;
  pgo_llvm_jit_options opt;
  char name[512];  /* module name (the path) for messages */
  char msg[1200];  /* last error, one line; "" when none */
  char session_error[600]; /* first LLVM session error; under lock */
  pthread_mutex_t lock;    /* session_error, handlers, exit state */

  LLVMOrcLLJITRef jit;
  LLVMOrcThreadSafeContextRef tsc;
  LLVMOrcJITDylibRef jd;
  char main_name[64], ctors_name[64], dtors_name[64];
  uint64_t main_addr, ctors_addr, dtors_addr;
  struct {
    char name[80];
    void *addr;
  } interposed[8];  /* renamed declarations -> pgo's functions */
  size_t ninterposed;
  bool compiled;
  double ir_seconds, compile_seconds;

  /* exit hook */
  pgo_llvm_jit_exit_fn hook;
  void *hook_ud;

  /* running (jit_exit.c) */
  pgo_llvm__jit_handler *handlers;
  size_t nhandlers, caphandlers;
  bool ctors_done, main_done, dtors_done, hook_done;
  bool exiting;            /* the exit sequence has started */
  bool exited;             /* it has finished */
  pthread_t exit_thread;   /* the thread running it */
  int exit_status;
  bool in_handler;         /* exit_thread is inside a handler or a dtor */
  jmp_buf handler_jmp;     /* back into the exit sequence */
  bool run_armed;          /* run_thread is inside ctors/main */
  pthread_t run_thread;
  jmp_buf run_jmp;         /* back into pgo_llvm_jit_run_* */
};

pgo_status pgo_llvm__jit_fail(pgo_llvm_jit *j, pgo_status st, const char *fmt,
                              ...) __attribute__((format(printf, 3, 4)));

typedef struct pgo_llvm__jit_symbol {
  const char *name;
  void *addr;
} pgo_llvm__jit_symbol;

/* The absolute symbols the exit interposition defines, NULL-terminated. */
const pgo_llvm__jit_symbol *pgo_llvm__jit_exit_symbols(void);
/* Release the handler list (and this JIT's claim on the process). */
void pgo_llvm__jit_exit_free(pgo_llvm_jit *j);

#endif
