/*
 * pgo-jit -- run an LLVM IR program under pgo's JIT.
 *
 *   pgo-jit run FILE.ll|FILE.bc [OPTIONS] [--] [ARGS...]
 *
 * The program runs in this process (lib/llvm: pgo_llvm_jit_*) with argv =
 * FILE ARGS...; its stdin, stdout, stderr and exit status are its own.
 * Unless --no-instrument, it runs instrumented (pgo_llvm_instrument) and
 * at its exit every method's block, edge and call-target counts are added,
 * with a run record, to the store (--store DB, else $PGO_PROFILE, else
 * default.pgodb) in one transaction.  A store that cannot be opened or
 * written never changes the program's status and never loses its counts:
 * they go to a new store beside it (DB.PID.pgodb), and a warning names it.
 * SIGTERM and SIGINT, while the program keeps their default disposition,
 * first flush the counts (on a helper thread, at most 10 s), then kill
 * the program as they would have.
 * pgo-jit's options are read before FILE and after it, up to `--` or the
 * first argument that is not one of them; the rest goes to the program.
 * pgo-jit's own failures (unreadable or corrupt IR, no main, a symbol
 * nobody defines, bad options) print one line "pgo-jit: ..." naming the
 * file and exit with status 125 before the program starts; nothing of
 * pgo-jit's ever goes to stdout.  docs/pgo-jit.md.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "pgo/core.h"
#include "pgo/llvm.h"
#include "pgo/store.h"
#include "ir_open.h"

/* pgo-jit run's own failures: 125, a status programs rarely use, so a
 * caller can tell pgo-jit's failure from the program's own exit status
 * (the convention of env(1), git bisect run). */
#define PGO_JIT_BAD 125

int pgo_jit_cmd_compile(int argc, char **argv); /* cmd_compile.c */

extern char **environ;

/* Kept reachable until the process ends: the program's threads may still
 * run its code while exit() runs, so the JIT is never freed here. */
static pgo_llvm_jit *the_jit;

static void usage(FILE *out) {
  fputs("usage: pgo-jit run FILE.ll|FILE.bc [--store DB] [--no-instrument]\n"
        "                    [--atomic-counters] [-O0|-O1|-O2|-O3] [-q|-v]\n"
        "                    [--] [ARGS...]\n"
        "\n"
        "Run the IR program FILE under pgo's JIT (LLVM ORC) with ARGS;\n"
        "argv[0] is FILE.  Its output and exit status are its own.  Its\n"
        "block, edge and call-target counts are added to the store.\n"
        "\n"
        "  --store DB, --profile DB\n"
        "                the store to add the counts to (default\n"
        "                $PGO_PROFILE, else default.pgodb)\n"
        "  --no-instrument  run the program as it is, count nothing\n"
        "  --atomic-counters  atomic increments (default: when the program\n"
        "                calls pthread_create, thrd_create or clone)\n"
        "  -O0..-O3      optimize the IR with default<On> first (default -O2;\n"
        "                -O0: none) and generate code at that level; the\n"
        "                counts are the same at every level\n"
        "  -q, --quiet   no warnings\n"
        "  -v, --verbose a report on stderr (probes, compile time, counts)\n"
        "  -h, --help    this help\n"
        "  --version     the version\n"
        "\n"
        "Exit status: the program's; 2 when pgo-jit itself fails (one line\n"
        "on stderr naming the file).\n",
        out);
}

typedef struct opts {
  const char *file;
  const char *store;
  bool instrument, atomic;
  int opt_level;
  int verbose; /* -1 quiet, 0, 1 */
  int prog_argc;
  char **prog_argv; /* into argv, after FILE */
} opts;

/* 1: consumed one argument, 2: two, 0: not an option of ours, -1: bad. */
static int parse_opt(opts *o, const char *a, const char *next) {
  if (!strcmp(a, "--store") || !strcmp(a, "--profile")) {
    if (!next) {
      fprintf(stderr, "pgo-jit run: %s needs an argument\n", a);
      return -1;
    }
    o->store = next;
    return 2;
  }
  if (!strncmp(a, "--store=", 8) || !strncmp(a, "--profile=", 10)) {
    o->store = strchr(a, '=') + 1;
    return 1;
  }
  if (!strcmp(a, "--no-instrument")) {
    o->instrument = false;
    return 1;
  }
  if (!strcmp(a, "--atomic-counters")) {
    o->atomic = true;
    return 1;
  }
  if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
    o->verbose = -1;
    return 1;
  }
  if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
    o->verbose = 1;
    return 1;
  }
  if (a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '3' && !a[3]) {
    o->opt_level = a[2] - '0';
    return 1;
  }
  return 0;
}

/* --- the exit hook: counts into the store ------------------------------ */

typedef struct flush_ctx {
  const opts *o;
  pgo_llvm_instr *in;
} flush_ctx;

static void warn(const opts *o, const char *fmt, const char *a,
                 const char *b) {
  if (o->verbose >= 0)
    fprintf(stderr, fmt, a, b);
}

/* Write p into path in one transaction; PGO_OK or a status with msg. */
static pgo_status write_store(const char *path, pgo_profile *p, char *msg,
                              size_t cap) {
  pgo_store *s = NULL;
  pgo_status st = pgo_store_open(path, PGO_STORE_CREATE, NULL, &s);
  if (st == PGO_OK)
    st = pgo_store_write(s, p, 1);
  if (st != PGO_OK)
    snprintf(msg, cap, "%s", s ? pgo_store_errmsg(s) : "out of memory");
  pgo_status cs = pgo_store_close(s);
  if (st == PGO_OK && cs != PGO_OK) {
    st = cs;
    snprintf(msg, cap, "%s: cannot close the store", path);
  }
  return st;
}

/* Claimed by whichever flush comes first: the exit hook or a signal. */
static atomic_int flushed;

static void on_exit_hook(void *ud, pgo_llvm_jit *j, int status) {
  flush_ctx *fc = ud;
  const opts *o = fc->o;
  (void)status;
  if (atomic_exchange(&flushed, 1))
    return;
  pgo_profile *p = NULL;
  if (pgo_profile_new(NULL, &p) != PGO_OK) {
    warn(o, "pgo-jit: %s: out of memory: counts lost%s\n", o->file, "");
    return;
  }
  pgo_llvm_instr_result res;
  pgo_status st = pgo_llvm_instr_collect(fc->in, j, p, &res);
  if (st != PGO_OK) {
    warn(o, "pgo-jit: %s (counts lost)%s\n", pgo_llvm_instr_errmsg(fc->in),
         "");
    pgo_profile_free(p);
    return;
  }
  char tool[64];
  snprintf(tool, sizeof tool, "pgo-jit %s", pgo_version());
  pgo_run run;
  memset(&run, 0, sizeof run);
  run.source = PGO_SOURCE_INSTRUMENTED;
  run.weight = 1;
  run.time = (int64_t)time(NULL);
  run.program = o->file;
  run.tool = tool;
  st = pgo_profile_add_run(p, &run, 1);
  char msg[1024];
  if (st == PGO_OK)
    st = write_store(o->store, p, msg, sizeof msg);
  else
    snprintf(msg, sizeof msg, "%s", pgo_profile_errmsg(p));
  if (st != PGO_OK) {
    /* Never lose the counts: a new store beside the one that failed. */
    char alt[4096];
    snprintf(alt, sizeof alt, "%s.%ld.pgodb", o->store, (long)getpid());
    char msg2[1024];
    if (write_store(alt, p, msg2, sizeof msg2) == PGO_OK) {
      if (o->verbose >= 0)
        fprintf(stderr, "pgo-jit: %s; counts written to %s instead\n", msg,
                alt);
    } else if (o->verbose >= 0) {
      fprintf(stderr, "pgo-jit: %s; %s: counts lost\n", msg, msg2);
    }
  } else if (o->verbose > 0) {
    fprintf(stderr,
            "pgo-jit: %s: %u methods ran (%u repaired), counts added to %s\n",
            o->file, res.methods, res.repaired, o->store);
  }
  pgo_profile_free(p);
}

/* --- SIGTERM / SIGINT: flush, then the default action ------------------- *
 * The handler (async-signal-safe calls only) wakes a helper thread through
 * a pipe and waits for it; the helper collects and writes the store while
 * the interrupted thread is parked; then the signal is raised again with
 * its default action.  If the flush cannot finish in 10 s (the program was
 * interrupted holding a lock the flush needs), the signal acts anyway. */
static int sig_pipe[2] = {-1, -1};
static sem_t sig_done;
static flush_ctx *sig_fc;

static void on_signal(int sig) {
  signal(sig, SIG_DFL);
  char c = (char)sig;
  if (write(sig_pipe[1], &c, 1) == 1) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += 10;
    while (sem_timedwait(&sig_done, &ts) < 0 && errno == EINTR) {
    }
  }
  raise(sig);
}

static void *sig_thread(void *ud) {
  (void)ud;
  char c;
  while (read(sig_pipe[0], &c, 1) != 1) {
  }
  on_exit_hook(sig_fc, the_jit, 128 + c);
  sem_post(&sig_done);
  return NULL;
}

static void flush_on_signals(flush_ctx *fc) {
  if (pipe(sig_pipe) != 0 || sem_init(&sig_done, 0, 0) != 0)
    return;
  sig_fc = fc;
  pthread_t t;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  int rc = pthread_create(&t, &attr, sig_thread, NULL);
  pthread_attr_destroy(&attr);
  if (rc != 0)
    return;
  static const int sigs[] = {SIGTERM, SIGINT};
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    struct sigaction old;
    if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL) {
      struct sigaction sa;
      memset(&sa, 0, sizeof sa);
      sa.sa_handler = on_signal;
      sigemptyset(&sa.sa_mask);
      sigaction(sigs[i], &sa, NULL);
    }
  }
}

static int cmd_run(int argc, char **argv) {
  opts o;
  memset(&o, 0, sizeof o);
  o.instrument = true;
  o.opt_level = 2;
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--")) {
      i++;
      break;
    }
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      return 0;
    }
    int r = parse_opt(&o, a, i + 1 < argc ? argv[i + 1] : NULL);
    if (r < 0)
      return PGO_JIT_BAD;
    if (r == 2)
      i++;
    if (r > 0)
      continue;
    if (!o.file && a[0] == '-' && a[1]) {
      fprintf(stderr, "pgo-jit run: unknown option '%s'\n", a);
      return PGO_JIT_BAD;
    }
    if (!o.file) {
      o.file = a;
      continue;
    }
    break; /* the program's first argument */
  }
  if (!o.file && i < argc) {
    o.file = argv[i++];
  }
  if (!o.file) {
    fprintf(stderr, "pgo-jit run: no IR file given\n");
    return PGO_JIT_BAD;
  }
  o.prog_argc = argc - i;
  o.prog_argv = argv + i;

  if (!o.store) {
    const char *env = getenv("PGO_PROFILE");
    o.store = env && *env ? env : "default.pgodb";
  }

  char msg[1024];
  pgo_llvm_module *m = NULL;
  if (tool_ir_open(o.file, &m, msg, sizeof msg) != PGO_OK) {
    fprintf(stderr, "pgo-jit: %s\n", msg);
    return PGO_JIT_BAD;
  }
  static pgo_llvm_instr *in;
  static flush_ctx fc;
  pgo_llvm_instr_stats is;
  memset(&is, 0, sizeof is);
  if (o.instrument) {
    pgo_llvm_instr_options io;
    pgo_llvm_instr_options_init(&io);
    if (o.atomic)
      io.atomic = 1;
    if (pgo_llvm_instrument(m, &io, &in) != PGO_OK) {
      fprintf(stderr, "pgo-jit: %s\n", pgo_llvm_instr_errmsg(in));
      pgo_llvm_instr_free(in);
      pgo_llvm_module_free(m);
      return PGO_JIT_BAD;
    }
    pgo_llvm_instr_get_stats(in, &is);
  }
  pgo_llvm_jit_options jo;
  pgo_llvm_jit_options_init(&jo);
  jo.opt_level = o.opt_level;
  pgo_status st = pgo_llvm_jit_create(m, &jo, NULL, &the_jit);
  pgo_llvm_module_free(m);
  if (st == PGO_OK && in) {
    st = pgo_llvm_instr_attach(in, the_jit);
    if (st != PGO_OK) {
      fprintf(stderr, "pgo-jit: %s\n", pgo_llvm_instr_errmsg(in));
      return PGO_JIT_BAD;
    }
    fc.o = &o;
    fc.in = in;
    pgo_llvm_jit_set_exit_hook(the_jit, on_exit_hook, &fc);
  }
  if (st == PGO_OK)
    st = pgo_llvm_jit_compile(the_jit);
  if (st != PGO_OK) {
    fprintf(stderr, "pgo-jit: %s\n", pgo_llvm_jit_errmsg(the_jit));
    pgo_llvm_jit_free(the_jit);
    the_jit = NULL;
    return PGO_JIT_BAD;
  }
  if (o.verbose > 0 && in)
    fprintf(stderr,
            "pgo-jit: %s: %u methods probed (%u skipped), %u blocks, %u "
            "edges, %u counters (%u critical edges split), %u value sites, "
            "%s increments\n",
            o.file, is.methods, is.skipped, is.blocks, is.edges, is.counters,
            is.split, is.value_sites, is.atomic ? "atomic" : "plain");
  if (o.verbose > 0)
    fprintf(stderr, "pgo-jit: %s: compiled at -O%d in %.3f s\n", o.file,
            o.opt_level, pgo_llvm_jit_compile_seconds(the_jit));

  /* argv for the program: FILE, ARGS..., NULL. */
  static char **pargv; /* kept reachable: the program may keep argv */
  pargv = malloc(((size_t)o.prog_argc + 2) * sizeof *pargv);
  if (!pargv) {
    fprintf(stderr, "pgo-jit: out of memory\n");
    return PGO_JIT_BAD;
  }
  pargv[0] = (char *)o.file;
  for (int k = 0; k < o.prog_argc; k++)
    pargv[k + 1] = o.prog_argv[k];
  pargv[o.prog_argc + 1] = NULL;

  if (in)
    flush_on_signals(&fc);
  int status = 0;
  st = pgo_llvm_jit_run(the_jit, o.prog_argc + 1, pargv, environ, &status);
  if (st != PGO_OK) {
    fprintf(stderr, "pgo-jit: %s\n", pgo_llvm_jit_errmsg(the_jit));
    return PGO_JIT_BAD;
  }
  /* pargv stays: the program may keep pointers into it (atexit has run,
   * but its threads may not have stopped). */
  return status;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return PGO_JIT_BAD;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    usage(stdout);
    return 0;
  }
  if (!strcmp(argv[1], "--version")) {
    printf("pgo-jit %s (hash version %d)\n", pgo_version(), PGO_HASH_VERSION);
    return 0;
  }
  if (!strcmp(argv[1], "run"))
    return cmd_run(argc - 1, argv + 1);
  if (!strcmp(argv[1], "compile"))
    return pgo_jit_cmd_compile(argc - 1, argv + 1);
  fprintf(stderr, "pgo-jit: unknown subcommand '%s' (want: run, compile)\n",
          argv[1]);
  return PGO_JIT_BAD;
}
