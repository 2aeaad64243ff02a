/*
 * cmd_compile.c -- `pgo-jit compile FILE [--profile DB] --target TRIPLE
 *                  [-S|-c|--emit-llvm] [-O0..3] [-v] -o OUT`
 *
 * Option parsing only: the compilation is pgo_llvm_compile (lib/llvm,
 * include/pgo/llvm.h; docs/pgo-jit.md "compile").  Exit status: 0 on
 * success; 125 when the profile cannot be read (unless
 * --profile-errors=warn, which compiles on synthesis and says so on
 * stderr); 2 for pgo-jit's other failures (bad options, unreadable or
 * invalid IR, a target the IR was not built for), one line on stderr.
 */
#include <stdio.h>
#include <string.h>

#include "pgo/llvm.h"
#include "ir_open.h"

#define COMPILE_BAD 2
#define COMPILE_BAD_PROFILE 125

int pgo_jit_cmd_compile(int argc, char **argv);

static void usage(FILE *out) {
  fputs("usage: pgo-jit compile FILE.ll|FILE.bc --target TRIPLE -o OUT\n"
        "         [--profile DB] [--profile-errors=fail|warn]\n"
        "         [-S|-c] [--emit-llvm] [-O0|-O1|-O2|-O3] [-v]\n"
        "\n"
        "Profile-guided compilation ahead of time: pgo's oracles (the\n"
        "profile DB, a store or YAML file, where a method's key matches;\n"
        "synthesis elsewhere, or for everything without --profile) annotate\n"
        "the IR, LLVM's default<On> optimises it and the target's back end\n"
        "writes OUT (position-independent).\n"
        "\n"
        "  --target T     x86_64-linux-gnu or aarch64-linux-gnu (required);\n"
        "                 the IR must be built for it\n"
        "  -c             an object file (default)\n"
        "  -S             assembly\n"
        "  --emit-llvm    the annotated, optimised IR (text with -S, bitcode\n"
        "                 otherwise)\n"
        "  -O0..-O3       optimization level (default -O2)\n"
        "  --profile-errors=warn  compile on synthesis when DB is unreadable\n"
        "                 (default fail: exit status 125)\n"
        "  -v             how many methods matched the profile, fell back, ...\n",
        out);
}

int pgo_jit_cmd_compile(int argc, char **argv) {
  pgo_llvm_compile_options o;
  pgo_llvm_compile_options_init(&o);
  const char *file = NULL;
  bool asm_ = false, obj = false, ir = false;
  int verbose = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *val = NULL;
#define TAKE(opt)                                                             \
  (!strcmp(a, opt) ? (i + 1 < argc ? (val = argv[++i]) != NULL : -1)          \
                   : (!strncmp(a, opt "=", sizeof opt) ? (val = a + sizeof opt) != NULL : 0))
    int t;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      return 0;
    } else if (!strcmp(a, "-S")) {
      asm_ = true;
    } else if (!strcmp(a, "-c")) {
      obj = true;
    } else if (!strcmp(a, "--emit-llvm")) {
      ir = true;
    } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
      verbose = 1;
    } else if (a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '3' &&
               !a[3]) {
      o.opt_level = a[2] - '0';
    } else if ((t = TAKE("-o")) != 0 || (t = TAKE("--output")) != 0) {
      if (t < 0)
        goto missing;
      o.output = val;
    } else if ((t = TAKE("--target")) != 0) {
      if (t < 0)
        goto missing;
      o.target = val;
    } else if ((t = TAKE("--profile")) != 0) {
      if (t < 0)
        goto missing;
      o.profile = val;
    } else if ((t = TAKE("--profile-errors")) != 0) {
      if (t < 0)
        goto missing;
      if (!strcmp(val, "warn"))
        o.profile_errors_warn = true;
      else if (strcmp(val, "fail")) {
        fprintf(stderr, "pgo-jit compile: --profile-errors: want fail or "
                        "warn, not '%s'\n", val);
        return COMPILE_BAD;
      }
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "pgo-jit compile: unknown option '%s' (see --help)\n",
              a);
      return COMPILE_BAD;
    } else if (!file) {
      file = a;
    } else {
      fprintf(stderr, "pgo-jit compile: more than one input ('%s')\n", a);
      return COMPILE_BAD;
    }
    continue;
  missing:
    fprintf(stderr, "pgo-jit compile: %s needs a value\n", a);
    return COMPILE_BAD;
#undef TAKE
  }
  if (!file || !o.output || !o.target) {
    fprintf(stderr, "pgo-jit compile: %s\n",
            !file ? "no IR file given"
                  : !o.output ? "no output (-o OUT)" : "no --target");
    return COMPILE_BAD;
  }
  if (asm_ && obj) {
    fprintf(stderr, "pgo-jit compile: -S and -c exclude each other\n");
    return COMPILE_BAD;
  }
  o.emit = ir ? (asm_ ? PGO_LLVM_EMIT_IR_TEXT : PGO_LLVM_EMIT_BITCODE)
              : (asm_ ? PGO_LLVM_EMIT_ASM : PGO_LLVM_EMIT_OBJECT);

  char msg[1024];
  pgo_llvm_module *m = NULL;
  if (tool_ir_open(file, &m, msg, sizeof msg) != PGO_OK) {
    fprintf(stderr, "pgo-jit: %s\n", msg);
    return COMPILE_BAD;
  }
  pgo_llvm_compile_result r;
  r.struct_size = sizeof r;
  pgo_status st = pgo_llvm_compile(m, &o, &r);
  if (st != PGO_OK) {
    fprintf(stderr, "pgo-jit: %s\n", pgo_llvm_errmsg(m));
    pgo_llvm_module_free(m);
    return r.profile_failed ? COMPILE_BAD_PROFILE : COMPILE_BAD;
  }
  if (r.warning[0])
    fprintf(stderr, "pgo-jit: warning: %s\n", r.warning);
  if (verbose) {
    if (o.profile && !r.profile_failed)
      fprintf(stderr,
              "pgo-jit: %s: %u functions: %u matched the profile (%u never "
              "ran), %u fell back to synthesis (stale key), %u absent; "
              "%u branches annotated, %u indirect calls with VP, %u llvm.expect "
              "removed%s\n",
              file, r.functions, r.matched, r.never_ran, r.stale, r.absent,
              r.branches, r.vp_sites, r.expects, r.summary ? ", ProfileSummary" : "");
    else
      fprintf(stderr,
              "pgo-jit: %s: %u functions on synthesis alone; %u branches "
              "annotated, %u llvm.expect removed\n",
              file, r.functions, r.branches, r.expects);
  }
  pgo_llvm_module_free(m);
  return 0;
}
