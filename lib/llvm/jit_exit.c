/*
 * jit_exit.c -- running a JITed program's start-up, main and exit the way
 * a native process does, without letting the program end ours.
 *
 * The sequence of a native C program (glibc): constructors, main, then
 * exit(status) -- the value main returns or the one passed to exit() from
 * any depth -- which runs the atexit/__cxa_atexit handlers last-registered
 * first (a handler registered while they run is run too), then the
 * destructors (.fini_array), then flushes stdio and ends the process.
 *
 * Here the program's `atexit` and `__cxa_atexit` register into this JIT's
 * own list (so nothing of the program is left in the host's), and its
 * `exit` runs that sequence: handlers, destructors (once), fflush(NULL),
 * then the caller's exit hook (once; where counters are flushed), and then
 *   - on the thread that is inside pgo_llvm_jit_run_ctors/_main/run: a
 *     longjmp back there, which returns the status (no unwinding is needed:
 *     the frames left are C frames of the program);
 *   - on any other thread (a program thread calling exit): libc's exit with
 *     that status, which ends the process as natively;
 *   - exit() called again from inside a handler or destructor of the
 *     sequence (glibc allows it): the new status replaces the old one and
 *     the sequence goes on with the next handler;
 *   - exit() from a second thread while the sequence runs: that thread
 *     waits forever (the process ends when the first one finishes).
 * `_exit`, `_Exit`, `abort` and fatal signals are not interposed: the
 * process ends at once, without handlers or the hook, as natively.
 *
 * The interposed symbols are plain C functions, so they find the running
 * JIT through one process-wide pointer: one JIT at a time may run a
 * program in a process, from its first run call until it is freed
 * (PGO_ERR_BUSY otherwise).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jit_int.h"

static _Atomic(pgo_llvm_jit *) current;

/* --- the interposed functions ----------------------------------------- */

static int push_handler(void (*fn)(void *), void *arg, bool has_arg) {
  pgo_llvm_jit *j = atomic_load(&current);
  if (!j || !fn)
    return -1;
  int rc = 0;
  pthread_mutex_lock(&j->lock);
  if (j->nhandlers == j->caphandlers) {
    size_t cap = j->caphandlers ? 2 * j->caphandlers : 32;
    void *p = j->alloc.realloc(j->alloc.ud, j->handlers,
                               j->caphandlers * sizeof *j->handlers,
                               cap * sizeof *j->handlers);
    if (p) {
      j->handlers = p;
      j->caphandlers = cap;
    } else {
      rc = -1;
    }
  }
  if (rc == 0) {
    j->handlers[j->nhandlers].fn = fn;
    j->handlers[j->nhandlers].arg = arg;
    j->handlers[j->nhandlers].has_arg = has_arg;
    j->nhandlers++;
  }
  pthread_mutex_unlock(&j->lock);
  return rc;
}

static int rt_atexit(void (*fn)(void)) {
  /* Stored as void(*)(void *) and called back with its own type. */
  void (*f)(void *);
  memcpy(&f, &fn, sizeof f);
  return push_handler(f, NULL, false);
}

static int rt_cxa_atexit(void (*fn)(void *), void *arg, void *dso) {
  (void)dso;
  return push_handler(fn, arg, true);
}

/* Handlers last first, until none is left; nested exit() lands back here
 * through handler_jmp.  Runs on j->exit_thread only. */
static void run_handlers(pgo_llvm_jit *j) {
  for (;;) {
    pthread_mutex_lock(&j->lock);
    if (!j->nhandlers) {
      pthread_mutex_unlock(&j->lock);
      return;
    }
    pgo_llvm__jit_handler h = j->handlers[--j->nhandlers];
    pthread_mutex_unlock(&j->lock);
    if (!setjmp(j->handler_jmp)) {
      j->in_handler = true;
      if (h.has_arg) {
        h.fn(h.arg);
      } else {
        void (*f)(void);
        memcpy(&f, &h.fn, sizeof f);
        f();
      }
    }
    j->in_handler = false;
  }
}

static void exit_sequence(pgo_llvm_jit *j) {
  run_handlers(j);
  if (!j->dtors_done && j->dtors_addr) {
    j->dtors_done = true;
    void (*d)(void) = (void (*)(void))(uintptr_t)j->dtors_addr;
    if (!setjmp(j->handler_jmp)) {
      j->in_handler = true;
      d();
    }
    j->in_handler = false;
    run_handlers(j); /* registered by a destructor */
  }
  fflush(NULL);
  if (j->hook && !j->hook_done) {
    j->hook_done = true;
    j->hook(j->hook_ud, j, j->exit_status);
  }
  j->exited = true;
}

_Noreturn static void rt_exit(int status) {
  pgo_llvm_jit *j = atomic_load(&current);
  if (!j)
    exit(status);
  pthread_t self = pthread_self();
  pthread_mutex_lock(&j->lock);
  if (j->exiting) {
    bool mine = pthread_equal(j->exit_thread, self);
    if (mine && j->in_handler) {
      j->exit_status = status;
      pthread_mutex_unlock(&j->lock);
      longjmp(j->handler_jmp, 1);
    }
    pthread_mutex_unlock(&j->lock);
    if (mine || j->exited)
      exit(j->exited ? status : j->exit_status);
    for (;;)
      pause();
  }
  j->exiting = true;
  j->exit_thread = self;
  j->exit_status = status;
  pthread_mutex_unlock(&j->lock);
  exit_sequence(j);
  if (j->run_armed && pthread_equal(j->run_thread, self))
    longjmp(j->run_jmp, 1);
  exit(j->exit_status);
}

const pgo_llvm__jit_symbol *pgo_llvm__jit_exit_symbols(void) {
  static pgo_llvm__jit_symbol syms[4];
  /* Function pointers to object pointers: the C API takes addresses. */
  void *p;
  int (*a)(void (*)(void)) = rt_atexit;
  memcpy(&p, &a, sizeof p);
  syms[0].name = "atexit"; /* the program's name; jit.c renames it */
  syms[0].addr = p;
  int (*c)(void (*)(void *), void *, void *) = rt_cxa_atexit;
  memcpy(&p, &c, sizeof p);
  syms[1].name = "__cxa_atexit";
  syms[1].addr = p;
  void (*e)(int) = rt_exit;
  memcpy(&p, &e, sizeof p);
  syms[2].name = "exit";
  syms[2].addr = p;
  syms[3].name = NULL;
  syms[3].addr = NULL;
  return syms;
}

void pgo_llvm__jit_exit_free(pgo_llvm_jit *j) {
  pgo_llvm_jit *expect = j;
  atomic_compare_exchange_strong(&current, &expect, NULL);
  if (j->handlers)
    j->alloc.realloc(j->alloc.ud, j->handlers,
                     j->caphandlers * sizeof *j->handlers, 0);
  j->handlers = NULL;
  j->nhandlers = j->caphandlers = 0;
}

/* --- the public run calls ---------------------------------------------- */

void pgo_llvm_jit_set_exit_hook(pgo_llvm_jit *j, pgo_llvm_jit_exit_fn fn,
                                void *ud) {
  if (!j)
    return;
  j->hook = fn;
  j->hook_ud = ud;
}

/* Compile if needed and make j the process's running JIT. */
static pgo_status claim(pgo_llvm_jit *j) {
  pgo_status st = pgo_llvm_jit_compile(j);
  if (st != PGO_OK)
    return st;
  pgo_llvm_jit *expect = NULL;
  if (!atomic_compare_exchange_strong(&current, &expect, j) && expect != j)
    return pgo_llvm__jit_fail(j, PGO_ERR_BUSY,
                              "another JIT is running a program in this "
                              "process");
  return PGO_OK;
}

bool pgo_llvm_jit_exited(const pgo_llvm_jit *j) { return j && j->exited; }

int pgo_llvm_jit_exit_status(const pgo_llvm_jit *j) {
  return j ? j->exit_status : 0;
}

/* Call the constructors (which == 0) or main (which == 1) so that an exit()
 * inside comes back here. */
static pgo_status guarded(pgo_llvm_jit *j, int which, int argc, char **argv,
                          char **envp, int *ret) {
  pgo_status st = claim(j);
  if (st != PGO_OK)
    return st;
  if (j->exiting)
    return pgo_llvm__jit_fail(j, PGO_ERR_STATE, "the program has exited");
  if (j->run_armed)
    return pgo_llvm__jit_fail(j, PGO_ERR_STATE, "the program is running");
  j->run_thread = pthread_self();
  volatile int r = 0;
  if (!setjmp(j->run_jmp)) {
    j->run_armed = true;
    if (which == 0) {
      ((void (*)(void))(uintptr_t)j->ctors_addr)();
    } else {
      int (*m)(int, char **, char **) =
          (int (*)(int, char **, char **))(uintptr_t)j->main_addr;
      r = m(argc, argv, envp);
    }
    j->run_armed = false;
  } else {
    j->run_armed = false;
    r = j->exit_status;
  }
  if (ret)
    *ret = r;
  return PGO_OK;
}

pgo_status pgo_llvm_jit_run_ctors(pgo_llvm_jit *j) {
  if (!j)
    return PGO_ERR_INVALID;
  if (j->ctors_done)
    return pgo_llvm__jit_fail(j, PGO_ERR_STATE, "constructors already run");
  j->ctors_done = true;
  return guarded(j, 0, 0, NULL, NULL, NULL);
}

pgo_status pgo_llvm_jit_run_main(pgo_llvm_jit *j, int argc, char **argv,
                                 char **envp, int *status) {
  if (!j || argc < 0 || (argc > 0 && !argv))
    return j ? pgo_llvm__jit_fail(j, PGO_ERR_INVALID, "bad arguments")
             : PGO_ERR_INVALID;
  int r = 0;
  pgo_status st = guarded(j, 1, argc, argv, envp, &r);
  if (st == PGO_OK && status)
    *status = r;
  return st;
}

pgo_status pgo_llvm_jit_run_exit(pgo_llvm_jit *j, int status, int *final) {
  if (!j)
    return PGO_ERR_INVALID;
  pgo_status st = claim(j);
  if (st != PGO_OK)
    return st;
  pthread_mutex_lock(&j->lock);
  bool start = !j->exiting;
  if (start) {
    j->exiting = true;
    j->exit_thread = pthread_self();
    j->exit_status = status;
  }
  pthread_mutex_unlock(&j->lock);
  if (start) {
    /* exit() from a handler lands in the sequence, which then returns
     * here: the caller's thread is the exit thread. */
    exit_sequence(j);
  }
  if (final)
    *final = j->exit_status;
  return PGO_OK;
}

pgo_status pgo_llvm_jit_run(pgo_llvm_jit *j, int argc, char **argv,
                            char **envp, int *status) {
  if (!j)
    return PGO_ERR_INVALID;
  pgo_status st = PGO_OK;
  int r = 0;
  if (!j->ctors_done)
    st = pgo_llvm_jit_run_ctors(j);
  if (st == PGO_OK && !j->exiting)
    st = pgo_llvm_jit_run_main(j, argc, argv, envp, &r);
  if (st == PGO_OK)
    st = pgo_llvm_jit_run_exit(j, r, &r);
  if (st == PGO_OK && status)
    *status = r;
  return st;
}
