/*
 * test_compile.c -- profile-guided compilation in lib/llvm
 * (profile_md.c, pipeline.c, codegen.c, pipeline_compile.c with lib/ingest):
 * annotation from oracles, llvm.expect removal, the
 * ProfileSummary flag, target checks, pgo_llvm_compile with and without a
 * profile (matched, stale, absent, zeros, unreadable), emission.
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pgo/core.h"
#include "pgo/llvm.h"
#include "pgo/oracle.h"
#include "pgo/synth.h"

/* A loop with a biased branch inside, a switch, and an expect. */
#define X86 "target triple = \"x86_64-pc-linux-gnu\"\n"
#define A64 "target triple = \"aarch64-unknown-linux-gnu\"\n"
static const char *BODY =
    "declare i64 @llvm.expect.i64(i64, i64)\n"
    "define i32 @f(i32 %n, i32 %k) {\n"
    "entry:\n"
    "  br label %head\n"
    "head:\n"
    "  %i = phi i32 [ 0, %entry ], [ %i1, %latch ]\n"
    "  %s = phi i32 [ 0, %entry ], [ %s2, %latch ]\n"
    "  %c = icmp slt i32 %i, %n\n"
    "  br i1 %c, label %body, label %exit, !prof !0\n"
    "body:\n"
    "  %r = srem i32 %i, 7\n"
    "  %z = icmp eq i32 %r, 0\n"
    "  br i1 %z, label %rare, label %latch\n"
    "rare:\n"
    "  %s1 = add i32 %s, 3\n"
    "  br label %latch\n"
    "latch:\n"
    "  %s2 = phi i32 [ %s, %body ], [ %s1, %rare ]\n"
    "  %i1 = add i32 %i, 1\n"
    "  br label %head\n"
    "exit:\n"
    "  switch i32 %k, label %d [ i32 1, label %one\n"
    "                            i32 2, label %two ]\n"
    "one:\n"
    "  ret i32 1\n"
    "two:\n"
    "  ret i32 2\n"
    "d:\n"
    "  ret i32 %s\n"
    "}\n"
    "define i32 @g(i64 %x) {\n"
    "entry:\n"
    "  %e = call i64 @llvm.expect.i64(i64 %x, i64 0)\n"
    "  %t = icmp ne i64 %e, 0\n"
    "  br i1 %t, label %a, label %b\n"
    "a:\n"
    "  ret i32 1\n"
    "b:\n"
    "  ret i32 0\n"
    "}\n"
    "define i32 @main(i32 %argc, ptr %argv) {\n"
    "  %r = call i32 @f(i32 %argc, i32 1)\n"
    "  ret i32 %r\n"
    "}\n"
    "!0 = !{!\"branch_weights\", i32 1, i32 1}\n";
static const char *IR = X86;

/* The test function bodies after a triple line (IR or A64). */
static pgo_llvm_module *open_ir(const char *triple) {
  size_t a = strlen(triple), b = strlen(BODY);
  char *text = malloc(a + b + 1);
  memcpy(text, triple, a);
  memcpy(text + a, BODY, b + 1);
  pgo_llvm_module *m = NULL;
  ck_assert_int_eq(pgo_llvm_module_open_buffer("t.ll", text, a + b, NULL, &m),
                   PGO_OK);
  free(text);
  return m;
}

/* Oracle from synthesis of fn. */
static pgo_oracle *synth_oracle(pgo_llvm_module *m, uint32_t fn,
                                pgo_cfg **gout, pgo_pfg **pout) {
  pgo_cfg *g = NULL;
  pgo_pfg *p = NULL;
  pgo_synth *s = NULL;
  ck_assert_int_eq(pgo_llvm_module_cfg(m, fn, NULL, &g), PGO_OK);
  ck_assert_int_eq(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL), PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(NULL, g, &p), PGO_OK);
  ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
  ck_assert_int_eq(pgo_synth_run(s, g, NULL, p), PGO_OK);
  pgo_synth_free(s);
  pgo_oracle *o = NULL;
  ck_assert_int_eq(pgo_oracle_new(NULL, p, NULL, &o, NULL, 0), PGO_OK);
  *gout = g;
  *pout = p;
  return o;
}

static char *module_text(pgo_llvm_module *m) {
  return LLVMPrintModuleToString(pgo_llvm_module_ref(m));
}

static int count_of(const char *hay, const char *needle) {
  int n = 0;
  for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
    n++;
  return n;
}

START_TEST(annotate_replaces_weights) {
  pgo_llvm_module *m = open_ir(IR);
  uint32_t fn = pgo_llvm_module_find(m, "f");
  pgo_cfg *g;
  pgo_pfg *p;
  pgo_oracle *o = synth_oracle(m, fn, &g, &p);
  pgo_llvm_annotate_stats st;
  ck_assert_int_eq(pgo_llvm_annotate_function(m, fn, o, &st), PGO_OK);
  ck_assert_uint_eq(st.branches, 3); /* head, body, switch */
  ck_assert_uint_eq(st.replaced, 1); /* head's 1:1 */
  ck_assert(!st.entry_count);        /* estimated: no entry count */
  char *t = module_text(m);
  ck_assert_ptr_null(strstr(t, "i32 1, i32 1}"));
  ck_assert_int_eq(count_of(t, "!\"branch_weights\""), 3);
  ck_assert_ptr_null(strstr(t, "function_entry_count"));
  LLVMDisposeMessage(t);
  ck_assert_int_eq(pgo_llvm_verify(m), PGO_OK);
  /* Weights are the oracle's (body: block 2). */
  uint32_t w[2], nw = 0;
  ck_assert_int_eq(pgo_oracle_branch_weights(o, 2, w, 2, &nw), PGO_OK);
  ck_assert_uint_ne(w[0], w[1]);
  LLVMValueRef term =
      LLVMGetBasicBlockTerminator(pgo_llvm_function_block(m, fn, 2));
  LLVMValueRef md = LLVMGetMetadata(
      term, LLVMGetMDKindIDInContext(pgo_llvm_module_context(m), "prof", 4));
  ck_assert_ptr_nonnull(md);
  ck_assert_uint_eq(LLVMGetMDNodeNumOperands(md), 3);
  ck_assert_uint_eq(LLVMConstIntGetZExtValue(LLVMGetOperand(md, 1)), w[0]);
  ck_assert_uint_eq(LLVMConstIntGetZExtValue(LLVMGetOperand(md, 2)), w[1]);
  /* A shape mismatch (another function's oracle) is refused. */
  ck_assert_int_eq(
      pgo_llvm_annotate_function(m, pgo_llvm_module_find(m, "g"), o, NULL),
      PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_llvm_annotate_function(m, 99, o, NULL), PGO_ERR_RANGE);
  ck_assert_int_eq(pgo_llvm_annotate_function(NULL, 0, o, NULL),
                   PGO_ERR_INVALID);
  pgo_oracle_free(o);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_llvm_module_free(m);
}
END_TEST

START_TEST(strip_expect_keeps_value) {
  pgo_llvm_module *m = open_ir(IR);
  uint32_t n = 9;
  ck_assert_int_eq(pgo_llvm_strip_expect(m, &n), PGO_OK);
  ck_assert_uint_eq(n, 1);
  char *t = module_text(m);
  ck_assert_ptr_null(strstr(t, "call i64 @llvm.expect"));
  ck_assert_ptr_nonnull(strstr(t, "icmp ne i64 %x, 0"));
  LLVMDisposeMessage(t);
  ck_assert_int_eq(pgo_llvm_verify(m), PGO_OK);
  ck_assert_int_eq(pgo_llvm_strip_expect(m, &n), PGO_OK);
  ck_assert_uint_eq(n, 0);
  pgo_llvm_module_free(m);
}
END_TEST

START_TEST(summary_flag_shape) {
  pgo_llvm_module *m = open_ir(IR);
  pgo_oracle_summary *s = NULL;
  ck_assert_int_eq(pgo_oracle_summary_new(NULL, &s), PGO_OK);
  ck_assert_int_eq(pgo_llvm_annotate_summary(m, s), PGO_ERR_STATE);
  double counts[3] = {1000, 10, 0};
  ck_assert_int_eq(pgo_oracle_summary_add_counts(s, 5, counts, 3), PGO_OK);
  ck_assert_int_eq(pgo_oracle_summary_finish(s), PGO_OK);
  ck_assert_int_eq(pgo_llvm_annotate_summary(m, s), PGO_OK);
  char *t = module_text(m);
  ck_assert_ptr_nonnull(strstr(t, "!\"ProfileSummary\""));
  ck_assert_ptr_nonnull(strstr(t, "!{!\"ProfileFormat\", !\"InstrProf\"}"));
  ck_assert_ptr_nonnull(strstr(t, "!{!\"TotalCount\", i64 1015}"));
  ck_assert_ptr_nonnull(strstr(t, "!{!\"MaxCount\", i64 1000}"));
  ck_assert_ptr_nonnull(strstr(t, "!{!\"MaxFunctionCount\", i64 5}"));
  ck_assert_ptr_nonnull(strstr(t, "!{!\"NumCounts\", i64 4}"));
  ck_assert_ptr_nonnull(strstr(t, "!{!\"NumFunctions\", i64 1}"));
  ck_assert_ptr_nonnull(strstr(t, "!{i32 10000, i64 1000, i32 1}"));
  LLVMDisposeMessage(t);
  ck_assert_int_eq(pgo_llvm_verify(m), PGO_OK);
  /* A second one is refused: the first is kept. */
  ck_assert_int_eq(pgo_llvm_annotate_summary(m, s), PGO_ERR_STATE);
  pgo_oracle_summary_free(s);
  pgo_llvm_module_free(m);
}
END_TEST

static char tmpdir[256];

static void setup(void) {
  snprintf(tmpdir, sizeof tmpdir, "/tmp/pgo-test-compile-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void) {
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
  ck_assert_int_eq(system(cmd), 0);
}

static char *path_in(const char *name) {
  static char buf[4][300];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
  return buf[k];
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
  s[n] = 0;
  fclose(f);
  return s;
}

/* A YAML profile for f: loop of 1000 iterations, `rare` every 7th; main
 * once; g absent or (stale) with another hash. */
static void write_profile(const char *path, bool stale_g, bool zeros) {
  pgo_llvm_module *m = open_ir(IR);
  pgo_method_key kf, km, kg;
  ck_assert_int_eq(pgo_llvm_module_key(m, pgo_llvm_module_find(m, "f"), &kf),
                   PGO_OK);
  ck_assert_int_eq(
      pgo_llvm_module_key(m, pgo_llvm_module_find(m, "main"), &km), PGO_OK);
  ck_assert_int_eq(pgo_llvm_module_key(m, pgo_llvm_module_find(m, "g"), &kg),
                   PGO_OK);
  pgo_cfg *g = NULL;
  ck_assert_int_eq(pgo_llvm_module_cfg(m, pgo_llvm_module_find(m, "f"), NULL,
                                       &g),
                   PGO_OK);
  uint32_t off[9];
  for (uint32_t b = 0; b < 9; b++)
    off[b] = pgo_cfg_il_offset(g, b);
  pgo_cfg_free(g);
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  unsigned z = zeros ? 0 : 1;
  fprintf(f,
          "pgo-profile: 1\nruns:\n- source: instrumented\n  weight: 1\n"
          "  time: 0\n  program: \"t\"\n  tool: \"test\"\nmethods:\n");
  fprintf(f,
          "- name: \"f\"\n  hash: 0x%016" PRIx64 "\n  il_size: %" PRIu32
          "\n  entry: %u\n",
          kf.hash, kf.il_size, z);
  /* blocks: entry head body rare latch exit one two d */
  unsigned bc[9] = {1, 1001, 1000, 143, 1000, 1, 1, 0, 0};
  fprintf(f, "  blocks: [");
  for (int b = 0; b < 9; b++)
    fprintf(f, "%s[%u, %u]", b ? ", " : "", off[b], bc[b] * z);
  fprintf(f, "]\n  edges: [[%u, 0, %u], [%u, 1, %u], [%u, 0, %u], "
             "[%u, 1, %u], [%u, 1, %u]]\n",
          off[1], 1000 * z, off[1], z, off[2], 143 * z, off[2], 857 * z,
          off[5], z);
  fprintf(f,
          "- name: \"main\"\n  hash: 0x%016" PRIx64 "\n  il_size: %" PRIu32
          "\n  entry: %u\n  blocks: [[0, %u]]\n",
          km.hash, km.il_size, z, z);
  if (stale_g)
    fprintf(f,
            "- name: \"g\"\n  hash: 0x%016" PRIx64 "\n  il_size: %" PRIu32
            "\n  entry: 5\n  blocks: [[0, 5]]\n",
            kg.hash ^ 1, kg.il_size);
  fclose(f);
  pgo_llvm_module_free(m);
}

static pgo_status compile(const char *profile, bool warn,
                          pgo_llvm_emit_kind kind, const char *out,
                          const char *target, pgo_llvm_compile_result *r,
                          char *msg, size_t msglen) {
  pgo_llvm_module *m = open_ir(IR);
  pgo_llvm_compile_options o;
  pgo_llvm_compile_options_init(&o);
  o.target = target;
  o.output = out;
  o.emit = kind;
  o.profile = profile;
  o.profile_errors_warn = warn;
  r->struct_size = sizeof *r;
  pgo_status st = pgo_llvm_compile(m, &o, r);
  snprintf(msg, msglen, "%s", pgo_llvm_errmsg(m));
  pgo_llvm_module_free(m);
  return st;
}

START_TEST(compile_synthesis_only) {
  pgo_llvm_compile_result r;
  char msg[512];
  const char *out = path_in("s.ll");
  ck_assert_int_eq(compile(NULL, false, PGO_LLVM_EMIT_IR_TEXT, out,
                           "x86_64-linux-gnu", &r, msg, sizeof msg),
                   PGO_OK);
  ck_assert_uint_eq(r.functions, 3);
  ck_assert_uint_eq(r.matched, 0);
  ck_assert_uint_eq(r.expects, 1);
  ck_assert_uint_eq(r.branches, 4);
  ck_assert(!r.summary);
  char *t = slurp(out);
  ck_assert_ptr_nonnull(t);
  ck_assert_ptr_null(strstr(t, "ProfileSummary"));
  ck_assert_ptr_null(strstr(t, "llvm.expect"));
  free(t);
  ck_assert_int_eq(access(path_in("s.ll.tmp"), F_OK), -1);
}
END_TEST

START_TEST(compile_with_profile) {
  const char *prof = path_in("p.yaml");
  write_profile(prof, true, false);
  pgo_llvm_compile_result r;
  char msg[512];
  const char *out = path_in("p.ll");
  ck_assert_int_eq(compile(prof, false, PGO_LLVM_EMIT_IR_TEXT, out,
                           "x86_64-linux-gnu", &r, msg, sizeof msg),
                   PGO_OK);
  ck_assert_uint_eq(r.matched, 2);
  ck_assert_uint_eq(r.stale, 1);
  ck_assert_uint_eq(r.absent, 0);
  ck_assert(r.summary);
  ck_assert_ptr_nonnull(strstr(r.warning, "g: stale profile"));
  char *t = slurp(out);
  ck_assert_ptr_nonnull(strstr(t, "!\"ProfileSummary\""));
  ck_assert_ptr_nonnull(strstr(t, "!{!\"MaxCount\", i64 1001}"));
  ck_assert_ptr_nonnull(strstr(t, "!{!\"function_entry_count\", i64 1}"));
  free(t);
  /* Without g in the profile: absent. */
  write_profile(prof, false, false);
  ck_assert_int_eq(compile(prof, false, PGO_LLVM_EMIT_ASM, path_in("p.s"),
                           "x86_64-linux-gnu", &r, msg, sizeof msg),
                   PGO_OK);
  ck_assert_uint_eq(r.matched, 2);
  ck_assert_uint_eq(r.absent, 1);
  ck_assert_str_eq(r.warning, "");
  /* An absent method is no evidence that it never ran (pgo-jit run leaves
   * out methods it could not probe): g stays estimated -- no entry count
   * (NEVER_RAN would give it entry count 0, cold) -- and is not counted as
   * never ran.  (f's entry count may read 0 here: LLVM's inliner subtracts
   * the inlined call's count from the callee's.) */
  ck_assert_int_eq(compile(prof, false, PGO_LLVM_EMIT_IR_TEXT, out,
                           "x86_64-linux-gnu", &r, msg, sizeof msg),
                   PGO_OK);
  ck_assert_uint_eq(r.absent, 1);
  ck_assert_uint_eq(r.never_ran, 0);
  t = slurp(out);
  ck_assert_ptr_nonnull(t);
  const char *dg = t;
  while ((dg = strstr(dg, "\ndefine ")) != NULL) {
    const char *eol = strchr(dg + 1, '\n');
    const char *name = strstr(dg, "@g(");
    if (name && eol && name < eol)
      break;
    dg = eol;
  }
  ck_assert_ptr_nonnull(dg); /* g's define line */
  const char *eol = strchr(dg + 1, '\n');
  const char *pr = strstr(dg, "!prof");
  ck_assert(pr == NULL || (eol && pr > eol)); /* it has no entry count */
  free(t);
}
END_TEST

START_TEST(compile_zero_profile) {
  const char *prof = path_in("z.yaml");
  write_profile(prof, false, true);
  pgo_llvm_compile_result r;
  char msg[512];
  const char *out = path_in("z.ll");
  ck_assert_int_eq(compile(prof, false, PGO_LLVM_EMIT_IR_TEXT, out,
                           "x86_64-linux-gnu", &r, msg, sizeof msg),
                   PGO_OK);
  ck_assert_uint_eq(r.matched, 2);
  ck_assert_uint_eq(r.never_ran, 2);
  char *t = slurp(out);
  ck_assert_ptr_nonnull(strstr(t, "!{!\"function_entry_count\", i64 0}"));
  free(t);
}
END_TEST

START_TEST(compile_bad_profile) {
  pgo_llvm_compile_result r;
  char msg[512];
  const char *prof = path_in("bad.db");
  FILE *f = fopen(prof, "w");
  fputs("SQLite format 3\0garbage", f);
  fclose(f);
  const char *out = path_in("b.o");
  pgo_status st = compile(prof, false, PGO_LLVM_EMIT_OBJECT, out,
                          "x86_64-linux-gnu", &r, msg, sizeof msg);
  ck_assert_int_ne(st, PGO_OK);
  ck_assert(r.profile_failed);
  ck_assert_ptr_nonnull(strstr(msg, "bad.db"));
  ck_assert_int_eq(access(out, F_OK), -1);
  ck_assert_int_eq(compile(path_in("none"), true, PGO_LLVM_EMIT_OBJECT, out,
                           "x86_64-linux-gnu", &r, msg, sizeof msg),
                   PGO_OK);
  ck_assert(r.profile_failed);
  ck_assert_ptr_nonnull(strstr(r.warning, "synthesis alone"));
  ck_assert_int_eq(access(out, F_OK), 0);
}
END_TEST

START_TEST(compile_targets) {
  pgo_llvm_compile_result r;
  char msg[512];
  /* x86-64 IR for AArch64: refused, nothing written. */
  const char *out = path_in("a.o");
  ck_assert_int_eq(compile(NULL, false, PGO_LLVM_EMIT_OBJECT, out,
                           "aarch64-linux-gnu", &r, msg, sizeof msg),
                   PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(msg, "not aarch64-linux-gnu"));
  ck_assert_int_eq(access(out, F_OK), -1);
  ck_assert_int_eq(compile(NULL, false, PGO_LLVM_EMIT_OBJECT, out,
                           "riscv64-linux-gnu", &r, msg, sizeof msg),
                   PGO_ERR_INVALID);
  /* The same IR retargeted to AArch64 compiles there (generic CPU). */
  pgo_llvm_module *m = open_ir(A64);
  pgo_llvm_compile_options o;
  pgo_llvm_compile_options_init(&o);
  o.target = "aarch64-linux-gnu";
  o.output = path_in("a.s");
  o.emit = PGO_LLVM_EMIT_ASM;
  ck_assert_int_eq(pgo_llvm_compile(m, &o, NULL), PGO_OK);
  pgo_llvm_module_free(m);
  char *t = slurp(path_in("a.s"));
  ck_assert_ptr_nonnull(strstr(t, "ret"));
  ck_assert_ptr_null(strstr(t, "%rsp"));
  free(t);
}
END_TEST

START_TEST(compile_bad_options) {
  pgo_llvm_module *m = open_ir(IR);
  pgo_llvm_compile_options o;
  memset(&o, 0, sizeof o);
  ck_assert_int_eq(pgo_llvm_compile(m, &o, NULL), PGO_ERR_INVALID);
  pgo_llvm_compile_options_init(&o);
  ck_assert_int_eq(pgo_llvm_compile(m, &o, NULL), PGO_ERR_INVALID); /* no target */
  o.target = "x86_64-linux-gnu";
  o.output = path_in("x.o");
  o.opt_level = 4;
  ck_assert_int_eq(pgo_llvm_compile(m, &o, NULL), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_llvm_compile(NULL, &o, NULL), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_llvm_emit(m, "x86_64-linux-gnu", 2, PGO_LLVM_EMIT_OBJECT,
                                 "/nonexistent-dir/x.o"),
                   PGO_ERR_LLVM);
  ck_assert_int_eq(pgo_llvm_optimize(m, "x86_64-linux-gnu", 7),
                   PGO_ERR_INVALID);
  pgo_llvm_compile_options_init(NULL);
  /* Growth rule: a newer header's struct is served while its unknown
   * fields are zero, refused when one is set; the result is written only
   * in the caller's struct_size bytes. */
  struct {
    pgo_llvm_compile_options o;
    unsigned char newer[16];
  } big;
  memset(&big, 0xa5, sizeof big);
  pgo_llvm_compile_options_init_sized(&big.o, sizeof big);
  ck_assert_uint_eq(big.o.struct_size, sizeof big);
  for (size_t i = 0; i < sizeof big.newer; i++)
    ck_assert_uint_eq(big.newer[i], 0);
  big.o.target = "x86_64-linux-gnu";
  big.o.output = path_in("big.o");
  struct {
    pgo_llvm_compile_result r;
    unsigned char after[16];
  } res;
  memset(&res, 0xa5, sizeof res);
  res.r.struct_size = offsetof(pgo_llvm_compile_result, matched);
  ck_assert_int_eq(pgo_llvm_compile(m, &big.o, &res.r), PGO_OK);
  ck_assert_uint_gt(res.r.functions, 0);
  ck_assert_uint_eq(((unsigned char *)&res.r)[offsetof(pgo_llvm_compile_result,
                                                        matched)],
                    0xa5); /* past the caller's struct: untouched */
  big.newer[2] = 7;
  ck_assert_int_eq(pgo_llvm_compile(m, &big.o, NULL), PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(pgo_llvm_errmsg(m), "newer header"));
  pgo_llvm_compile_options_init(&o);
  o.struct_size = PGO_LLVM_COMPILE_OPTIONS_SIZE_V1 - 1;
  ck_assert_int_eq(pgo_llvm_compile(m, &o, NULL), PGO_ERR_INVALID);
  pgo_llvm_module_free(m);
}
END_TEST


/* VP: an indirect call with a measured histogram gets LLVM's value-profile
 * node, targets keyed by the MD5 of their PGO names (external: the name;
 * internal: "SOURCE;name"), hottest first. */
static const char *VP_IR =
    "target triple = \"x86_64-pc-linux-gnu\"\n"
    "source_filename = \"t.ll\"\n"
    "define i32 @f(i32 %x) {\n  ret i32 %x\n}\n"
    "define internal i32 @loc(i32 %x) {\n  %y = add i32 %x, 1\n  ret i32 %y\n}\n"
    "define i32 @h(ptr %fp) {\n  %r = call i32 %fp(i32 1)\n  ret i32 %r\n}\n"
    "define i32 @main() {\n  %a = call i32 @h(ptr @f)\n"
    "  %b = call i32 @h(ptr @loc)\n  %c = add i32 %a, %b\n  ret i32 %c\n}\n";

START_TEST(compile_value_profile) {
  size_t len = strlen(VP_IR);
  pgo_llvm_module *m = NULL;
  ck_assert_int_eq(pgo_llvm_module_open_buffer("t.ll", VP_IR, len, NULL, &m),
                   PGO_OK);
  pgo_method_key kh;
  ck_assert_int_eq(pgo_llvm_module_key(m, pgo_llvm_module_find(m, "h"), &kh),
                   PGO_OK);
  const char *prof = path_in("vp.yaml");
  FILE *f = fopen(prof, "w");
  fprintf(f,
          "pgo-profile: 1\nruns:\n- source: instrumented\n  weight: 1\n"
          "  time: 0\n  program: \"t\"\n  tool: \"test\"\nmethods:\n"
          "- name: \"h\"\n  hash: 0x%016" PRIx64 "\n  il_size: %" PRIu32
          "\n  entry: 10\n  blocks: [[0, 10]]\n  values:\n  - offset: 0\n"
          "    capacity: 8\n    tail: 1\n    targets: [[\"loc\", 7], "
          "[\"f\", 2]]\n",
          kh.hash, kh.il_size);
  fclose(f);
  pgo_llvm_compile_options o;
  pgo_llvm_compile_options_init(&o);
  o.target = "x86_64-linux-gnu";
  o.output = path_in("vp.ll");
  o.emit = PGO_LLVM_EMIT_IR_TEXT;
  o.opt_level = 0;
  o.profile = prof;
  pgo_llvm_compile_result r;
  r.struct_size = sizeof r;
  ck_assert_int_eq(pgo_llvm_compile(m, &o, &r), PGO_OK);
  ck_assert_uint_eq(r.vp_sites, 1);
  pgo_llvm_module_free(m);
  char *t = slurp(o.output);
  /* md5("t.ll;loc") and md5("f"), low 64 bits little-endian, signed. */
  ck_assert_ptr_nonnull(strstr(t, "!{!\"VP\", i32 0, i64 10, "
                                  "i64 -1323466849561821611, i64 7, "
                                  "i64 -3706093650706652785, i64 2}"));
  free(t);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("compile");
  TCase *t = tcase_create("annotate");
  tcase_add_test(t, annotate_replaces_weights);
  tcase_add_test(t, strip_expect_keeps_value);
  tcase_add_test(t, summary_flag_shape);
  suite_add_tcase(s, t);
  t = tcase_create("compile");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_add_test(t, compile_synthesis_only);
  tcase_add_test(t, compile_with_profile);
  tcase_add_test(t, compile_zero_profile);
  tcase_add_test(t, compile_bad_profile);
  tcase_add_test(t, compile_targets);
  tcase_add_test(t, compile_bad_options);
  tcase_add_test(t, compile_value_profile);
  suite_add_tcase(s, t);
  return s;
}

int main(void) {
  SRunner *r = srunner_create(suite());
  srunner_run_all(r, CK_NORMAL);
  int failed = srunner_ntests_failed(r);
  srunner_free(r);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
