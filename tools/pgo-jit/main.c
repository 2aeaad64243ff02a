/*
 * pgo-jit -- run an LLVM IR program under pgo's JIT.
 *
 *   pgo-jit run FILE.ll|FILE.bc [OPTIONS] [--] [ARGS...]
 *
 * The program runs in this process (lib/llvm: pgo_llvm_jit_*) with argv =
 * FILE ARGS...; its stdin, stdout, stderr and exit status are its own.
 * pgo-jit's options are read before FILE and after it, up to `--` or the
 * first argument that is not one of them; the rest goes to the program.
 * pgo-jit's own failures (unreadable or corrupt IR, no main, a symbol
 * nobody defines, bad options) print one line "pgo-jit: ..." naming the
 * file and exit with status 2 before the program starts; nothing of
 * pgo-jit's ever goes to stdout.  docs/pgo-jit.md.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgo/core.h"
#include "pgo/llvm.h"
#include "ir_open.h"

#define PGO_JIT_BAD 2

int pgo_jit_cmd_compile(int argc, char **argv); /* cmd_compile.c */

extern char **environ;

/* Kept reachable until the process ends: the program's threads may still
 * run its code while exit() runs, so the JIT is never freed here. */
static pgo_llvm_jit *the_jit;

static void usage(FILE *out) {
  fputs("usage: pgo-jit run FILE.ll|FILE.bc [-O0|-O1|-O2|-O3] [-q|-v] "
        "[--] [ARGS...]\n"
        "\n"
        "Run the IR program FILE under pgo's JIT (LLVM ORC) with ARGS;\n"
        "argv[0] is FILE.  Its output and exit status are its own.\n"
        "\n"
        "  -O0..-O3      optimize the IR with default<On> first (default -O2;\n"
        "                -O0: none) and generate code at that level\n"
        "  -q, --quiet   no warnings\n"
        "  -v, --verbose a report on stderr (compile time)\n"
        "  -h, --help    this help\n"
        "  --version     the version\n"
        "\n"
        "Exit status: the program's; 2 when pgo-jit itself fails (one line\n"
        "on stderr naming the file).\n",
        out);
}

typedef struct opts {
  const char *file;
  int opt_level;
  int verbose; /* -1 quiet, 0, 1 */
  int prog_argc;
  char **prog_argv; /* into argv, after FILE */
} opts;

/* 1: consumed one argument, 0: not an option of ours, -1: bad. */
static int parse_opt(opts *o, const char *a) {
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

static int cmd_run(int argc, char **argv) {
  opts o = {NULL, 2, 0, 0, NULL};
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
    int r = parse_opt(&o, a);
    if (r == 1)
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

  char msg[1024];
  pgo_llvm_module *m = NULL;
  if (tool_ir_open(o.file, &m, msg, sizeof msg) != PGO_OK) {
    fprintf(stderr, "pgo-jit: %s\n", msg);
    return PGO_JIT_BAD;
  }
  pgo_llvm_jit_options jo;
  pgo_llvm_jit_options_init(&jo);
  jo.opt_level = o.opt_level;
  pgo_status st = pgo_llvm_jit_create(m, &jo, NULL, &the_jit);
  pgo_llvm_module_free(m);
  if (st == PGO_OK)
    st = pgo_llvm_jit_compile(the_jit);
  if (st != PGO_OK) {
    fprintf(stderr, "pgo-jit: %s\n", pgo_llvm_jit_errmsg(the_jit));
    pgo_llvm_jit_free(the_jit);
    the_jit = NULL;
    return PGO_JIT_BAD;
  }
  if (o.verbose > 0)
    fprintf(stderr, "pgo-jit: %s: compiled at -O%d in %.3f s\n", o.file,
            o.opt_level, pgo_llvm_jit_compile_seconds(the_jit));

  /* argv for the program: FILE, ARGS..., NULL. */
  char **pargv = malloc(((size_t)o.prog_argc + 2) * sizeof *pargv);
  if (!pargv) {
    fprintf(stderr, "pgo-jit: out of memory\n");
    return PGO_JIT_BAD;
  }
  pargv[0] = (char *)o.file;
  for (int k = 0; k < o.prog_argc; k++)
    pargv[k + 1] = o.prog_argv[k];
  pargv[o.prog_argc + 1] = NULL;

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
