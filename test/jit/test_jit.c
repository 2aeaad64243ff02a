/*
 * test_jit.c -- lib/llvm's JIT (pgo_llvm_jit_*): start-up and exit the way
 * a native process does them, and the errors.
 *
 * The programs are IR written here; they report what runs, in order, by
 * calling @rec(i32), a host function given to the JIT with
 * pgo_llvm_jit_define, which appends to `trace`.  Each test runs in its
 * own process (check's fork mode), which the JIT's one-program-per-process
 * rule needs.
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pgo/core.h"
#include "pgo/llvm.h"

static char trace[256];
static size_t ntrace;

static void rec(int v) {
  if (ntrace + 4 < sizeof trace)
    ntrace += (size_t)snprintf(trace + ntrace, sizeof trace - ntrace, "%s%d",
                               ntrace ? " " : "", v);
}

static void *rec_addr(void) {
  void (*f)(int) = rec;
  void *p;
  memcpy(&p, &f, sizeof p);
  return p;
}

static pgo_llvm_module *ir(const char *name, const char *text) {
  pgo_llvm_module *m = NULL;
  pgo_status st =
      pgo_llvm_module_open_buffer(name, text, strlen(text), NULL, &m);
  ck_assert_msg(st == PGO_OK, "%s", pgo_llvm_errmsg(m));
  return m;
}

/* A JIT for text with @rec defined; opt level 0 unless said. */
static pgo_llvm_jit *jit_of(const char *text, int opt) {
  pgo_llvm_module *m = ir("t.ll", text);
  pgo_llvm_jit_options o;
  pgo_llvm_jit_options_init(&o);
  ck_assert_int_eq(o.opt_level, 2);
  o.opt_level = opt;
  pgo_llvm_jit *j = NULL;
  pgo_status st = pgo_llvm_jit_create(m, &o, NULL, &j);
  ck_assert_msg(st == PGO_OK, "%s", pgo_llvm_jit_errmsg(j));
  pgo_llvm_module_free(m); /* the JIT has its own copy */
  ck_assert_int_eq(pgo_llvm_jit_define(j, "rec", rec_addr()), PGO_OK);
  ntrace = 0;
  trace[0] = 0;
  return j;
}

static int run(pgo_llvm_jit *j, int argc, char **argv) {
  int status = -1;
  pgo_status st = pgo_llvm_jit_run(j, argc, argv, NULL, &status);
  ck_assert_msg(st == PGO_OK, "%s", pgo_llvm_jit_errmsg(j));
  return status;
}

#define DECLS                                                                \
  "declare void @rec(i32)\n"                                                 \
  "declare void @exit(i32)\n"                                                \
  "declare i32 @atexit(ptr)\n"

/* --- main's forms and arguments ----------------------------------------- */

START_TEST(t_main_args) {
  /* argc, and argv[1][0] as a number: both reach main. */
  pgo_llvm_jit *j = jit_of(DECLS
      "define i32 @main(i32 %argc, ptr %argv) {\n"
      "  call void @rec(i32 %argc)\n"
      "  %p = getelementptr ptr, ptr %argv, i64 1\n"
      "  %s = load ptr, ptr %p\n"
      "  %c = load i8, ptr %s\n"
      "  %v = zext i8 %c to i32\n"
      "  call void @rec(i32 %v)\n"
      "  ret i32 7\n"
      "}\n", 0);
  char *argv[] = {"prog", "A", "b", NULL};
  ck_assert_int_eq(run(j, 3, argv), 7);
  ck_assert_str_eq(trace, "3 65");
  ck_assert(pgo_llvm_jit_exited(j));
  ck_assert_int_eq(pgo_llvm_jit_exit_status(j), 7);
  pgo_llvm_jit_free(j);
}
END_TEST

START_TEST(t_main_forms) {
  static const char *forms[] = {
      "define i32 @main() {\n  call void @rec(i32 1)\n  ret i32 3\n}\n",
      "define void @main() {\n  call void @rec(i32 1)\n  ret void\n}\n",
      "define i32 @main(i32 %a, ptr %b, ptr %e) {\n  call void @rec(i32 1)\n"
      "  %z = icmp eq ptr %e, null\n  %r = select i1 %z, i32 4, i32 5\n"
      "  ret i32 %r\n}\n"};
  static const int want[] = {3, 0, 5};
  for (int k = 0; k < 3; k++) {
    char text[600];
    snprintf(text, sizeof text, "%s%s", DECLS, forms[k]);
    pgo_llvm_jit *j = jit_of(text, k); /* opt levels 0, 1, 2 */
    char *argv[] = {"prog", NULL};
    char *envp[] = {"X=1", NULL};
    int status = -1;
    ck_assert_int_eq(pgo_llvm_jit_run(j, 1, argv, envp, &status), PGO_OK);
    ck_assert_int_eq(status, want[k]);
    ck_assert_str_eq(trace, "1");
    pgo_llvm_jit_free(j);
  }
}
END_TEST

START_TEST(t_main_bad) {
  pgo_llvm_jit *j = NULL;
  pgo_llvm_module *m = ir("nomain.ll", "define i32 @f() {\n  ret i32 0\n}\n");
  ck_assert_int_eq(pgo_llvm_jit_create(m, NULL, NULL, &j), PGO_ERR_NOT_FOUND);
  ck_assert_str_eq(pgo_llvm_jit_errmsg(j), "nomain.ll: no function main");
  pgo_llvm_jit_free(j);
  pgo_llvm_module_free(m);

  m = ir("decl.ll", "declare i32 @main(i32, ptr)\n");
  ck_assert_int_eq(pgo_llvm_jit_create(m, NULL, NULL, &j), PGO_ERR_NOT_FOUND);
  pgo_llvm_jit_free(j);
  pgo_llvm_module_free(m);

  m = ir("sig.ll", "define i64 @main(i64 %a) {\n  ret i64 %a\n}\n");
  ck_assert_int_eq(pgo_llvm_jit_create(m, NULL, NULL, &j), PGO_ERR_INVALID);
  ck_assert_ptr_nonnull(strstr(pgo_llvm_jit_errmsg(j), "sig.ll: main has an "
                                                      "unsupported signature"));
  pgo_llvm_jit_free(j);
  pgo_llvm_module_free(m);

  ck_assert_int_eq(pgo_llvm_jit_create(NULL, NULL, NULL, &j), PGO_ERR_INVALID);
  pgo_llvm_jit_free(j);
  ck_assert_int_eq(pgo_llvm_jit_create(NULL, NULL, NULL, NULL),
                   PGO_ERR_INVALID);
  pgo_llvm_jit_free(NULL);

  m = ir("o.ll", "define i32 @main() {\n  ret i32 0\n}\n");
  pgo_llvm_jit_options o;
  pgo_llvm_jit_options_init(&o);
  o.opt_level = 4;
  ck_assert_int_eq(pgo_llvm_jit_create(m, &o, NULL, &j), PGO_ERR_RANGE);
  pgo_llvm_jit_free(j);
  pgo_llvm_module_free(m);
}
END_TEST

/* --- symbols ------------------------------------------------------------- */

START_TEST(t_unresolved) {
  pgo_llvm_jit *j = jit_of(
      "declare void @no_such_function_anywhere(i32)\n"
      "define i32 @main() {\n"
      "  call void @no_such_function_anywhere(i32 1)\n"
      "  ret i32 0\n"
      "}\n", 0);
  ck_assert_int_eq(pgo_llvm_jit_compile(j), PGO_ERR_NOT_FOUND);
  const char *msg = pgo_llvm_jit_errmsg(j);
  ck_assert_msg(!strncmp(msg, "t.ll: ", 6), "%s", msg);
  ck_assert_msg(strstr(msg, "no_such_function_anywhere") != NULL, "%s", msg);
  ck_assert_msg(strchr(msg, '\n') == NULL, "%s", msg);
  /* Running is refused the same way. */
  int status = 0;
  ck_assert_int_eq(pgo_llvm_jit_run(j, 0, NULL, NULL, &status),
                   PGO_ERR_NOT_FOUND);
  pgo_llvm_jit_free(j);
}
END_TEST

START_TEST(t_define_lookup) {
  pgo_llvm_jit *j = jit_of(DECLS
      "@g = global i32 41\n"
      "define i32 @main() {\n  ret i32 0\n}\n", 0);
  /* Defined twice: refused. */
  ck_assert_int_eq(pgo_llvm_jit_define(j, "rec", rec_addr()), PGO_ERR_LLVM);
  uint64_t a = 0;
  ck_assert_int_eq(pgo_llvm_jit_lookup(j, "g", &a), PGO_OK);
  ck_assert_int_eq(*(int *)(uintptr_t)a, 41);
  ck_assert_int_eq(pgo_llvm_jit_compile(j), PGO_OK);
  ck_assert_int_eq(pgo_llvm_jit_compile(j), PGO_OK);
  ck_assert(pgo_llvm_jit_compile_seconds(j) > 0);
  ck_assert_int_eq(pgo_llvm_jit_define(j, "late", rec_addr()), PGO_ERR_STATE);
  ck_assert_int_eq(pgo_llvm_jit_lookup(j, "nothing_here", &a),
                   PGO_ERR_NOT_FOUND);
  ck_assert_int_eq(pgo_llvm_jit_lookup(j, NULL, &a), PGO_ERR_INVALID);
  pgo_llvm_jit_free(j);
}
END_TEST

/* libc through the process: strlen and a libm call give the right value. */
START_TEST(t_process_symbols) {
  pgo_llvm_jit *j = jit_of(DECLS
      "@s = constant [6 x i8] c\"hello\\00\"\n"
      "declare i64 @strlen(ptr)\n"
      "declare double @cbrt(double)\n"
      "define i32 @main() {\n"
      "  %n = call i64 @strlen(ptr @s)\n"
      "  %t = trunc i64 %n to i32\n"
      "  call void @rec(i32 %t)\n"
      "  %c = call double @cbrt(double 27.0)\n"
      "  %i = fptosi double %c to i32\n"
      "  call void @rec(i32 %i)\n"
      "  ret i32 0\n"
      "}\n", 2);
  ck_assert_int_eq(run(j, 0, NULL), 0);
  ck_assert_str_eq(trace, "5 3");
  pgo_llvm_jit_free(j);
}
END_TEST

/* --- start-up and exit --------------------------------------------------- */

/* ctors ascending priority, array order within one; dtors the reverse;
 * atexit handlers last first, before the dtors. */
#define STRUCTORS                                                            \
  "@llvm.global_ctors = appending global [3 x { i32, ptr, ptr }] [\n"        \
  "  { i32, ptr, ptr } { i32 200, ptr @c200, ptr null },\n"                  \
  "  { i32, ptr, ptr } { i32 101, ptr @c101, ptr null },\n"                  \
  "  { i32, ptr, ptr } { i32 200, ptr @c200b, ptr null }]\n"                 \
  "@llvm.global_dtors = appending global [2 x { i32, ptr, ptr }] [\n"        \
  "  { i32, ptr, ptr } { i32 101, ptr @d101, ptr null },\n"                  \
  "  { i32, ptr, ptr } { i32 300, ptr @d300, ptr null }]\n"                  \
  "define internal void @c200() {\n  call void @rec(i32 2)\n  ret void\n}\n" \
  "define internal void @c200b() {\n  call void @rec(i32 3)\n"               \
  "  %r = call i32 @atexit(ptr @h1)\n  ret void\n}\n"                        \
  "define internal void @c101() {\n  call void @rec(i32 1)\n  ret void\n}\n" \
  "define internal void @d101() {\n  call void @rec(i32 91)\n  ret void\n}\n"\
  "define internal void @d300() {\n  call void @rec(i32 93)\n  ret void\n}\n"\
  "define internal void @h1() {\n  call void @rec(i32 81)\n  ret void\n}\n"  \
  "define internal void @h2() {\n  call void @rec(i32 82)\n  ret void\n}\n"

static int hook_calls, hook_status;
static char hook_trace[256];
static void hook(void *ud, pgo_llvm_jit *j, int status) {
  ck_assert_ptr_eq(ud, &hook_calls);
  ck_assert_ptr_nonnull(j);
  hook_calls++;
  hook_status = status;
  snprintf(hook_trace, sizeof hook_trace, "%s", trace);
}

START_TEST(t_order_return) {
  pgo_llvm_jit *j = jit_of(DECLS STRUCTORS
      "define i32 @main() {\n"
      "  call void @rec(i32 50)\n"
      "  %r = call i32 @atexit(ptr @h2)\n"
      "  ret i32 9\n"
      "}\n", 0);
  hook_calls = 0;
  pgo_llvm_jit_set_exit_hook(j, hook, &hook_calls);
  ck_assert_int_eq(run(j, 0, NULL), 9);
  ck_assert_str_eq(trace, "1 2 3 50 82 81 93 91");
  ck_assert_int_eq(hook_calls, 1);
  ck_assert_int_eq(hook_status, 9);
  ck_assert_str_eq(hook_trace, trace); /* the hook comes last */
  /* Everything has run: the steps refuse, run_exit is a no-op. */
  int st = -1;
  ck_assert_int_eq(pgo_llvm_jit_run_main(j, 0, NULL, NULL, &st),
                   PGO_ERR_STATE);
  ck_assert_int_eq(pgo_llvm_jit_run_ctors(j), PGO_ERR_STATE);
  ck_assert_int_eq(pgo_llvm_jit_run_exit(j, 1, &st), PGO_OK);
  ck_assert_int_eq(st, 9);
  ck_assert_int_eq(hook_calls, 1);
  pgo_llvm_jit_free(j);
}
END_TEST

/* exit() three calls deep: nothing after it runs, the sequence does. */
START_TEST(t_exit_nested) {
  pgo_llvm_jit *j = jit_of(DECLS STRUCTORS
      "define internal void @deep(i32 %n) {\n"
      "  %z = icmp eq i32 %n, 0\n"
      "  br i1 %z, label %out, label %more\n"
      "more:\n"
      "  %m = sub i32 %n, 1\n"
      "  call void @deep(i32 %m)\n"
      "  call void @rec(i32 666)\n"
      "  ret void\n"
      "out:\n"
      "  call void @exit(i32 42)\n"
      "  unreachable\n"
      "}\n"
      "define i32 @main() {\n"
      "  call void @rec(i32 50)\n"
      "  %r = call i32 @atexit(ptr @h2)\n"
      "  call void @deep(i32 3)\n"
      "  call void @rec(i32 667)\n"
      "  ret i32 0\n"
      "}\n", 2);
  hook_calls = 0;
  pgo_llvm_jit_set_exit_hook(j, hook, &hook_calls);
  ck_assert_int_eq(run(j, 0, NULL), 42);
  ck_assert_str_eq(trace, "1 2 3 50 82 81 93 91");
  ck_assert_int_eq(hook_calls, 1);
  ck_assert_int_eq(hook_status, 42);
  pgo_llvm_jit_free(j);
}
END_TEST

/* exit() from a constructor: main never runs. */
START_TEST(t_exit_in_ctor) {
  pgo_llvm_jit *j = jit_of(DECLS
      "@llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [\n"
      "  { i32, ptr, ptr } { i32 65535, ptr @c, ptr null }]\n"
      "define internal void @c() {\n  call void @rec(i32 1)\n"
      "  call void @exit(i32 3)\n  unreachable\n}\n"
      "define i32 @main() {\n  call void @rec(i32 2)\n  ret i32 0\n}\n", 0);
  ck_assert_int_eq(run(j, 0, NULL), 3);
  ck_assert_str_eq(trace, "1");
  pgo_llvm_jit_free(j);
}
END_TEST

/* exit() inside an atexit handler: the new status, the remaining handlers
 * still run (glibc's behaviour); a handler registered by a handler too. */
START_TEST(t_exit_in_handler) {
  pgo_llvm_jit *j = jit_of(DECLS
      "define internal void @h1() {\n  call void @rec(i32 1)\n  ret void\n}\n"
      "define internal void @h3() {\n  call void @rec(i32 3)\n  ret void\n}\n"
      "define internal void @h2() {\n  call void @rec(i32 2)\n"
      "  %r = call i32 @atexit(ptr @h3)\n"
      "  call void @exit(i32 5)\n  unreachable\n}\n"
      "define i32 @main() {\n"
      "  %a = call i32 @atexit(ptr @h1)\n"
      "  %b = call i32 @atexit(ptr @h2)\n"
      "  ret i32 1\n"
      "}\n", 0);
  ck_assert_int_eq(run(j, 0, NULL), 5);
  ck_assert_str_eq(trace, "2 3 1");
  pgo_llvm_jit_free(j);
}
END_TEST

/* The steps one by one: run_main's status goes to run_exit. */
START_TEST(t_steps) {
  pgo_llvm_jit *j = jit_of(DECLS STRUCTORS
      "define i32 @main() {\n  call void @rec(i32 50)\n  ret i32 4\n}\n", 0);
  ck_assert_int_eq(pgo_llvm_jit_run_ctors(j), PGO_OK);
  ck_assert_str_eq(trace, "1 2 3");
  int st = -1;
  ck_assert_int_eq(pgo_llvm_jit_run_main(j, 0, NULL, NULL, &st), PGO_OK);
  ck_assert_int_eq(st, 4);
  ck_assert(!pgo_llvm_jit_exited(j));
  ck_assert_int_eq(pgo_llvm_jit_run_main(j, -1, NULL, NULL, &st),
                   PGO_ERR_INVALID);
  int fin = -1;
  ck_assert_int_eq(pgo_llvm_jit_run_exit(j, st, &fin), PGO_OK);
  ck_assert_int_eq(fin, 4);
  ck_assert_str_eq(trace, "1 2 3 50 81 93 91");
  ck_assert(pgo_llvm_jit_exited(j));
  pgo_llvm_jit_free(j);
}
END_TEST

/* One running JIT per process. */
START_TEST(t_busy) {
  pgo_llvm_jit *a = jit_of(DECLS "define i32 @main() {\n  ret i32 0\n}\n", 0);
  pgo_llvm_jit *b = jit_of(DECLS "define i32 @main() {\n  ret i32 1\n}\n", 0);
  ck_assert_int_eq(run(a, 0, NULL), 0);
  int st = -1;
  ck_assert_int_eq(pgo_llvm_jit_run(b, 0, NULL, NULL, &st), PGO_ERR_BUSY);
  pgo_llvm_jit_free(a);
  /* a freed: b may run now. */
  ck_assert_int_eq(run(b, 0, NULL), 1);
  pgo_llvm_jit_free(b);
}
END_TEST

/* A module from a file, and the file's errors. */
START_TEST(t_create_file) {
  char path[] = "/tmp/pgo_jit_test_XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  const char *text = "define i32 @main() {\n  ret i32 12\n}\n";
  FILE *f = fdopen(fd, "w");
  fputs(text, f);
  fclose(f);
  pgo_llvm_jit *j = NULL;
  ck_assert_int_eq(pgo_llvm_jit_create_file(path, NULL, NULL, &j), PGO_OK);
  ck_assert_int_eq(run(j, 0, NULL), 12);
  pgo_llvm_jit_free(j);
  unlink(path);
  ck_assert_int_eq(pgo_llvm_jit_create_file(path, NULL, NULL, &j),
                   PGO_ERR_IO);
  ck_assert_msg(!strncmp(pgo_llvm_jit_errmsg(j), path, strlen(path)), "%s",
                pgo_llvm_jit_errmsg(j));
  pgo_llvm_jit_free(j);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("jit");
  TCase *tc = tcase_create("jit");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, t_main_args);
  tcase_add_test(tc, t_main_forms);
  tcase_add_test(tc, t_main_bad);
  tcase_add_test(tc, t_unresolved);
  tcase_add_test(tc, t_define_lookup);
  tcase_add_test(tc, t_process_symbols);
  tcase_add_test(tc, t_order_return);
  tcase_add_test(tc, t_exit_nested);
  tcase_add_test(tc, t_exit_in_ctor);
  tcase_add_test(tc, t_exit_in_handler);
  tcase_add_test(tc, t_steps);
  tcase_add_test(tc, t_busy);
  tcase_add_test(tc, t_create_file);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *r = srunner_create(suite());
  srunner_run_all(r, CK_NORMAL);
  int failed = srunner_ntests_failed(r);
  srunner_free(r);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
