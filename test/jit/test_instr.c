/*
 * test_instr.c -- lib/llvm's tier-0 instrumentation (pgo_llvm_instrument,
 * _attach, _collect) on programs whose counts are known by hand.
 *
 * KNOWN: a loop run 10 times around a switch with two cases to one block
 * (a duplicated, critical edge into a block with a phi), a phi in the latch
 * fed by the three arms, and an indirect call whose target is @a 3 times
 * and @b 7 times.  Every block, edge, entry and value count is asserted
 * exactly, at -O0 and -O2, with plain and with atomic increments, and the
 * program's exit status (39) must not change under instrumentation.
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgo/core.h"
#include "pgo/llvm.h"
#include "pgo/store.h"

static const char *KNOWN =
    "define internal i32 @a(i32 %x) {\n"
    "  ret i32 1\n"
    "}\n"
    "define internal i32 @b(i32 %x) {\n"
    "  ret i32 2\n"
    "}\n"
    "define i32 @main() {\n"
    "entry:\n"                                              /* il 0 */
    "  br label %loop\n"
    "loop:\n"                                               /* il 1 */
    "  %i = phi i32 [ 0, %entry ], [ %i1, %latch ]\n"
    "  %acc = phi i32 [ 0, %entry ], [ %acc2, %latch ]\n"
    "  %r = urem i32 %i, 5\n"
    "  switch i32 %r, label %def [ i32 0, label %c0\n"
    "                              i32 1, label %c1\n"
    "                              i32 3, label %c1 ]\n"
    "c0:\n"                                                 /* il 5 */
    "  br label %latch\n"
    "c1:\n"                                                 /* il 6 */
    "  %k = phi i32 [ 2, %loop ], [ 2, %loop ]\n"
    "  br label %latch\n"
    "def:\n"                                                /* il 8 */
    "  br label %latch\n"
    "latch:\n"                                              /* il 9 */
    "  %w = phi i32 [ 1, %c0 ], [ %k, %c1 ], [ 3, %def ]\n"
    "  %t = icmp ult i32 %i, 3\n"
    "  %f = select i1 %t, ptr @a, ptr @b\n"
    "  %v = call i32 %f(i32 %i)\n"                          /* il 12 */
    "  %s = add i32 %w, %v\n"
    "  %acc2 = add i32 %acc, %s\n"
    "  %i1 = add i32 %i, 1\n"
    "  %c = icmp ult i32 %i1, 10\n"
    "  br i1 %c, label %loop, label %exit\n"
    "exit:\n"                                               /* il 18 */
    "  ret i32 %acc2\n"
    "}\n";

static pgo_llvm_module *ir(const char *name, const char *text) {
  pgo_llvm_module *m = NULL;
  pgo_status st =
      pgo_llvm_module_open_buffer(name, text, strlen(text), NULL, &m);
  ck_assert_msg(st == PGO_OK, "%s", pgo_llvm_errmsg(m));
  return m;
}

static pgo_profile *collected;

static void hook(void *ud, pgo_llvm_jit *j, int status) {
  (void)status;
  pgo_llvm_instr_result res;
  ck_assert_int_eq(pgo_llvm_instr_collect(ud, j, collected, &res), PGO_OK);
  ck_assert_uint_eq(res.repaired, 0);
}

/* Instrument text, run it, return the profile; *status its exit status,
 * keys[] the method keys of a, b, main taken before probing. */
static pgo_profile *run_instrumented(const char *text, int opt, int atomic,
                                     int *status, pgo_llvm_instr_stats *is,
                                     char **ir_text) {
  pgo_llvm_module *m = ir("known.ll", text);
  pgo_llvm_instr_options io;
  pgo_llvm_instr_options_init(&io);
  ck_assert_int_eq(io.atomic, -1);
  io.atomic = atomic;
  pgo_llvm_instr *in = NULL;
  ck_assert_msg(pgo_llvm_instrument(m, &io, &in) == PGO_OK, "%s",
                pgo_llvm_instr_errmsg(in));
  pgo_llvm_instr_get_stats(in, is);
  if (ir_text)
    *ir_text = LLVMPrintModuleToString(pgo_llvm_module_ref(m));
  /* Instrumenting twice is refused. */
  pgo_llvm_instr *again = NULL;
  ck_assert_int_eq(pgo_llvm_instrument(m, &io, &again), PGO_ERR_STATE);
  pgo_llvm_instr_free(again);

  pgo_llvm_jit_options jo;
  pgo_llvm_jit_options_init(&jo);
  jo.opt_level = opt;
  pgo_llvm_jit *j = NULL;
  ck_assert_msg(pgo_llvm_jit_create(m, &jo, NULL, &j) == PGO_OK, "%s",
                pgo_llvm_jit_errmsg(j));
  pgo_llvm_module_free(m);
  ck_assert_int_eq(pgo_llvm_instr_attach(in, j), PGO_OK);
  ck_assert_int_eq(pgo_profile_new(NULL, &collected), PGO_OK);
  pgo_llvm_jit_set_exit_hook(j, hook, in);
  ck_assert_msg(pgo_llvm_jit_run(j, 0, NULL, NULL, status) == PGO_OK, "%s",
                pgo_llvm_jit_errmsg(j));
  /* Collect again after the run: the same counts once more. */
  pgo_profile *p2 = NULL;
  ck_assert_int_eq(pgo_profile_new(NULL, &p2), PGO_OK);
  ck_assert_int_eq(pgo_llvm_instr_collect(in, j, p2, NULL), PGO_OK);
  ck_assert_int_eq(pgo_profile_finish(p2), PGO_OK);
  ck_assert_int_eq(pgo_profile_finish(collected), PGO_OK);
  ck_assert(pgo_profile_equal(p2, collected));
  pgo_profile_free(p2);
  pgo_llvm_jit_free(j);
  pgo_llvm_instr_free(in);
  return collected;
}

static uint64_t block(const pgo_method_profile *mp, uint32_t off) {
  for (uint32_t i = 0; i < mp->nblocks; i++)
    if (mp->blocks[i].offset == off)
      return mp->blocks[i].count;
  return 0;
}

static uint64_t edge(const pgo_method_profile *mp, uint32_t off,
                     uint32_t succ) {
  for (uint32_t i = 0; i < mp->nedges; i++)
    if (mp->edges[i].offset == off && mp->edges[i].succ == succ)
      return mp->edges[i].count;
  return 0;
}

static const pgo_method_profile *method(pgo_profile *p, const char *name) {
  pgo_llvm_module *m = ir("known.ll", KNOWN);
  pgo_method_key k;
  ck_assert_int_eq(
      pgo_llvm_module_key(m, pgo_llvm_module_find(m, name), &k), PGO_OK);
  const pgo_method_profile *mp = pgo_profile_find(p, name, k.hash, k.il_size);
  pgo_llvm_module_free(m);
  ck_assert_msg(mp != NULL, "no method %s", name);
  return mp;
}

static void check_known(pgo_profile *p) {
  const pgo_method_profile *mp = method(p, "main");
  ck_assert_uint_eq(mp->entry, 1);
  ck_assert_uint_eq(block(mp, 0), 1);   /* entry */
  ck_assert_uint_eq(block(mp, 1), 10);  /* loop */
  ck_assert_uint_eq(block(mp, 5), 2);   /* c0: i = 0, 5 */
  ck_assert_uint_eq(block(mp, 6), 4);   /* c1: i = 1, 3, 6, 8 */
  ck_assert_uint_eq(block(mp, 8), 4);   /* def: i = 2, 4, 7, 9 */
  ck_assert_uint_eq(block(mp, 9), 10);  /* latch */
  ck_assert_uint_eq(block(mp, 18), 1);  /* exit */
  ck_assert_uint_eq(edge(mp, 0, 0), 1);
  ck_assert_uint_eq(edge(mp, 1, 0), 4); /* default */
  ck_assert_uint_eq(edge(mp, 1, 1), 2); /* case 0 */
  ck_assert_uint_eq(edge(mp, 1, 2), 2); /* case 1 -> c1 */
  ck_assert_uint_eq(edge(mp, 1, 3), 2); /* case 3 -> c1 */
  ck_assert_uint_eq(edge(mp, 5, 0), 2);
  ck_assert_uint_eq(edge(mp, 6, 0), 4);
  ck_assert_uint_eq(edge(mp, 8, 0), 4);
  ck_assert_uint_eq(edge(mp, 9, 0), 9);  /* back edge */
  ck_assert_uint_eq(edge(mp, 9, 1), 1);  /* loop exit */
  ck_assert_uint_eq(mp->nsites, 1);
  const pgo_value_site *vs = &mp->sites[0];
  ck_assert_uint_eq(vs->offset, 12);
  ck_assert_uint_eq(vs->tail, 0);
  ck_assert_uint_eq(vs->npairs, 2);
  ck_assert_str_eq(vs->pairs[0].value, "b");
  ck_assert_uint_eq(vs->pairs[0].count, 7);
  ck_assert_str_eq(vs->pairs[1].value, "a");
  ck_assert_uint_eq(vs->pairs[1].count, 3);
  ck_assert_uint_eq(method(p, "a")->entry, 3);
  ck_assert_uint_eq(method(p, "b")->entry, 7);
  ck_assert_uint_eq(block(method(p, "b"), 0), 7);
}

START_TEST(t_known_counts) {
  static const int opt[] = {0, 2, 0, 2};
  static const int atomic[] = {0, 0, 1, 1};
  int k = _i;
  int status = -1;
  pgo_llvm_instr_stats is;
  char *text = NULL;
  pgo_profile *p =
      run_instrumented(KNOWN, opt[k], atomic[k], &status, &is, &text);
  ck_assert_int_eq(status, 39); /* the program is unchanged */
  ck_assert_uint_eq(is.methods, 3);
  ck_assert_uint_eq(is.skipped, 0);
  ck_assert_uint_eq(is.value_sites, 1);
  ck_assert_uint_eq(is.atomic, atomic[k] == 1);
  ck_assert_uint_ge(is.counters, 1);
  /* main: 10 cfg edges + exit->X + X->entry = 12 plan edges over 8 nodes
   * (7 blocks + X): 12 - 7 = 5 counters; a and b: one each. */
  ck_assert_uint_eq(is.counters, 5 + 1 + 1);
  ck_assert_uint_eq(is.blocks, 7 + 1 + 1);
  ck_assert_uint_eq(is.edges, 10);
  ck_assert_int_eq(strstr(text, "atomicrmw add") != NULL, atomic[k] == 1);
  LLVMDisposeMessage(text);
  check_known(p);
  pgo_profile_free(p);
}
END_TEST

/* Threads detected: a module calling pthread_create gets atomic
 * increments by default. */
START_TEST(t_detect_threads) {
  pgo_llvm_module *m = ir("thr.ll",
      "declare i32 @pthread_create(ptr, ptr, ptr, ptr)\n"
      "define internal ptr @body(ptr %x) {\n  ret ptr null\n}\n"
      "define i32 @main() {\n"
      "  %t = alloca i64\n"
      "  %r = call i32 @pthread_create(ptr %t, ptr null, ptr @body, ptr null)\n"
      "  ret i32 0\n"
      "}\n");
  pgo_llvm_instr *in = NULL;
  ck_assert_int_eq(pgo_llvm_instrument(m, NULL, &in), PGO_OK);
  pgo_llvm_instr_stats is;
  pgo_llvm_instr_get_stats(in, &is);
  ck_assert(is.atomic);
  pgo_llvm_instr_free(in);
  pgo_llvm_module_free(m);

  m = ir("nothr.ll", "define i32 @main() {\n  ret i32 0\n}\n");
  ck_assert_int_eq(pgo_llvm_instrument(m, NULL, &in), PGO_OK);
  pgo_llvm_instr_get_stats(in, &is);
  ck_assert(!is.atomic);
  ck_assert_uint_eq(is.value_sites, 0);
  pgo_llvm_instr_free(in);
  pgo_llvm_module_free(m);
}
END_TEST

/* exit() from inside a call: main's counters do not balance; the rule
 * repairs them and the callee's counts are exact. */
static pgo_llvm_instr_result exit_res;
static void exit_hook(void *ud, pgo_llvm_jit *j, int status) {
  ck_assert_int_eq(status, 4);
  ck_assert_int_eq(pgo_llvm_instr_collect(ud, j, collected, &exit_res),
                   PGO_OK);
}

START_TEST(t_exit_inside_call) {
  pgo_llvm_module *m = ir("exit.ll",
      "declare void @exit(i32)\n"
      "define internal void @stop(i32 %n) {\n"
      "  %z = icmp eq i32 %n, 5\n"
      "  br i1 %z, label %out, label %back\n"
      "out:\n"
      "  call void @exit(i32 4)\n"
      "  unreachable\n"
      "back:\n"
      "  ret void\n"
      "}\n"
      "define i32 @main() {\n"
      "entry:\n"
      "  br label %loop\n"
      "loop:\n"
      "  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]\n"
      "  call void @stop(i32 %i)\n"
      "  %i1 = add i32 %i, 1\n"
      "  %c = icmp ult i32 %i1, 10\n"
      "  br i1 %c, label %loop, label %done\n"
      "done:\n"
      "  ret i32 0\n"
      "}\n");
  pgo_method_key ks;
  ck_assert_int_eq(pgo_llvm_module_key(m, pgo_llvm_module_find(m, "stop"),
                                       &ks), PGO_OK);
  pgo_llvm_instr *in = NULL;
  ck_assert_int_eq(pgo_llvm_instrument(m, NULL, &in), PGO_OK);
  pgo_llvm_jit *j = NULL;
  ck_assert_int_eq(pgo_llvm_jit_create(m, NULL, NULL, &j), PGO_OK);
  ck_assert_int_eq(pgo_llvm_instr_attach(in, j), PGO_OK);
  ck_assert_int_eq(pgo_profile_new(NULL, &collected), PGO_OK);
  pgo_llvm_jit_set_exit_hook(j, exit_hook, in);
  int status = -1;
  ck_assert_int_eq(pgo_llvm_jit_run(j, 0, NULL, NULL, &status), PGO_OK);
  ck_assert_int_eq(status, 4);
  ck_assert_int_eq(pgo_profile_finish(collected), PGO_OK);
  const pgo_method_profile *sp =
      pgo_profile_find(collected, "stop", ks.hash, ks.il_size);
  ck_assert_ptr_nonnull(sp);
  ck_assert_uint_eq(sp->entry, 6); /* i = 0..5 */
  ck_assert_uint_eq(exit_res.methods, 2);
  pgo_profile_free(collected);
  pgo_llvm_jit_free(j);
  pgo_llvm_instr_free(in);
  pgo_llvm_module_free(m);
}
END_TEST

/* Four threads counting into one slab: atomic increments (detected from
 * pthread_create) make every count exact, at -O2 too. */
static const char *THREADS =
    "declare i32 @pthread_create(ptr, ptr, ptr, ptr)\n"
    "declare i32 @pthread_join(i64, ptr)\n"
    "define internal ptr @body(ptr %x) {\n"
    "entry:\n"
    "  br label %loop\n"
    "loop:\n"                                                 /* il 1 */
    "  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]\n"
    "  %i1 = add i32 %i, 1\n"
    "  %c = icmp ult i32 %i1, 100000\n"
    "  br i1 %c, label %loop, label %done\n"
    "done:\n"
    "  ret ptr null\n"
    "}\n"
    "define i32 @main() {\n"
    "entry:\n"
    "  %t = alloca [4 x i64]\n"
    "  br label %mk\n"
    "mk:\n"
    "  %k = phi i64 [ 0, %entry ], [ %k1, %mk ]\n"
    "  %p = getelementptr [4 x i64], ptr %t, i64 0, i64 %k\n"
    "  %r = call i32 @pthread_create(ptr %p, ptr null, ptr @body, ptr null)\n"
    "  %k1 = add i64 %k, 1\n"
    "  %c = icmp ult i64 %k1, 4\n"
    "  br i1 %c, label %mk, label %jn\n"
    "jn:\n"
    "  %j = phi i64 [ 0, %mk ], [ %j1, %jn ]\n"
    "  %q = getelementptr [4 x i64], ptr %t, i64 0, i64 %j\n"
    "  %h = load i64, ptr %q\n"
    "  %z = call i32 @pthread_join(i64 %h, ptr null)\n"
    "  %j1 = add i64 %j, 1\n"
    "  %d = icmp ult i64 %j1, 4\n"
    "  br i1 %d, label %jn, label %out\n"
    "out:\n"
    "  ret i32 0\n"
    "}\n";

START_TEST(t_threads) {
  int status = -1;
  pgo_llvm_instr_stats is;
  pgo_profile *p = run_instrumented(THREADS, 2, -1, &status, &is, NULL);
  ck_assert_int_eq(status, 0);
  ck_assert(is.atomic);
  pgo_llvm_module *m = ir("thr.ll", THREADS);
  pgo_method_key k;
  ck_assert_int_eq(
      pgo_llvm_module_key(m, pgo_llvm_module_find(m, "body"), &k), PGO_OK);
  pgo_llvm_module_free(m);
  const pgo_method_profile *mp = pgo_profile_find(p, "body", k.hash,
                                                  k.il_size);
  ck_assert_ptr_nonnull(mp);
  ck_assert_uint_eq(mp->entry, 4);
  ck_assert_uint_eq(block(mp, 1), 400000);
  ck_assert_uint_eq(edge(mp, 1, 0), 4 * 99999);
  pgo_profile_free(p);
}
END_TEST

START_TEST(t_bad_args) {
  pgo_llvm_instr *in = NULL;
  ck_assert_int_eq(pgo_llvm_instrument(NULL, NULL, &in), PGO_ERR_INVALID);
  pgo_llvm_instr_free(in);
  ck_assert_int_eq(pgo_llvm_instrument(NULL, NULL, NULL), PGO_ERR_INVALID);
  pgo_llvm_instr_free(NULL);
  pgo_llvm_module *m = ir("k.ll", KNOWN);
  pgo_llvm_instr_options io;
  pgo_llvm_instr_options_init(&io);
  io.value_capacity = PGO_STORE_MAX_CAPACITY + 1;
  ck_assert_int_eq(pgo_llvm_instrument(m, &io, &in), PGO_ERR_RANGE);
  ck_assert_ptr_nonnull(strstr(pgo_llvm_instr_errmsg(in), "k.ll: "));
  pgo_llvm_instr_free(in);
  ck_assert_int_eq(pgo_llvm_instr_attach(NULL, NULL), PGO_ERR_INVALID);
  ck_assert_int_eq(pgo_llvm_instr_collect(NULL, NULL, NULL, NULL),
                   PGO_ERR_INVALID);
  pgo_llvm_instr_stats is;
  pgo_llvm_instr_get_stats(NULL, &is);
  ck_assert_uint_eq(is.methods, 0);
  pgo_llvm_module_free(m);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("instr");
  TCase *tc = tcase_create("instr");
  tcase_set_timeout(tc, 60);
  tcase_add_loop_test(tc, t_known_counts, 0, 4);
  tcase_add_test(tc, t_detect_threads);
  tcase_add_test(tc, t_threads);
  tcase_add_test(tc, t_exit_inside_call);
  tcase_add_test(tc, t_bad_args);
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
