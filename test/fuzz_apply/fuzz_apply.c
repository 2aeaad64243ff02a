/*
 * fuzz_apply.c -- libFuzzer target for the profile -> graph mapping
 * (lib/ingest records -> pfg, as `pgo-show check --ir` and `dot` use it):
 * a YAML profile applied to IR, then the whole pipeline (apply -> prior ->
 * blend -> repair).
 *
 * Input: YAML profile bytes, a NUL byte, then LLVM IR text (the first NUL
 * splits them).  Without a NUL the whole input is the profile and the IR
 * is a built-in module of a few shapes (a diamond, a loop, a switch, an
 * irreducible pair, a one-block function), so that mutating the profile
 * alone reaches the mapping; the seeds (corpus/) carry the built-in
 * functions' real keys, so exact, mismatching and absent keys are all
 * exercised.  Bitcode is never used (LLVM 19's bitcode reader crashes on
 * corrupt input; see fuzz_ir.c).
 *
 * For every defined function: its graph, pgo_ingest_apply (the result's
 * counts must be consistent with the records: applied + misfit = records)
 * and pgo_ingest_method_profile; then pgo_pfg_verify must hold, every
 * count be finite and >= 0, every probability of a branch be in (0, 1),
 * and, when the solver converged without saturating, the pfg balance
 * (residual < 1e-6).  A bad profile or bad IR must come back as a status;
 * anything else (a crash, a sanitizer report, a leak, a broken invariant,
 * which aborts on purpose) is a finding.
 *
 * Built by run_fuzz_apply.sh with clang-19 -fsanitize=fuzzer,address,
 * undefined (the main build uses gcc, whose sanitizer runtime cannot link
 * libFuzzer).
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgo/ingest.h"
#include "pgo/llvm.h"

#define CHECK(c)                                                               \
  do {                                                                         \
    if (!(c)) {                                                                \
      fprintf(stderr, "fuzz_apply: check failed: %s (line %d)\n", #c,         \
              __LINE__);                                                       \
      abort();                                                                 \
    }                                                                          \
  } while (0)

static const char builtin_ir[] =
    "define i32 @diamond(i32 %x) {\n"
    "entry:\n  %c = icmp sgt i32 %x, 0\n  br i1 %c, label %a, label %b\n"
    "a:\n  br label %j\n"
    "b:\n  br label %j\n"
    "j:\n  %r = phi i32 [ 1, %a ], [ 2, %b ]\n  ret i32 %r\n}\n"
    "define i32 @loop(i32 %n) {\n"
    "entry:\n  br label %h\n"
    "h:\n  %i = phi i32 [ 0, %entry ], [ %i1, %body ]\n"
    "  %c = icmp slt i32 %i, %n\n  br i1 %c, label %body, label %exit\n"
    "body:\n  %i1 = add i32 %i, 1\n  br label %h\n"
    "exit:\n  ret i32 %i\n}\n"
    "define i32 @sw(i32 %x) {\n"
    "entry:\n  switch i32 %x, label %d [ i32 1, label %one\n"
    "                                  i32 2, label %two ]\n"
    "one:\n  ret i32 10\n"
    "two:\n  br label %d\n"
    "d:\n  ret i32 0\n}\n"
    "define i32 @irr(i1 %p, i32 %n) {\n"
    "entry:\n  br i1 %p, label %x, label %y\n"
    "x:\n  %a = phi i32 [ 0, %entry ], [ %b1, %y ]\n  %a1 = add i32 %a, 1\n"
    "  %c = icmp slt i32 %a1, %n\n  br i1 %c, label %y, label %out\n"
    "y:\n  %b = phi i32 [ 0, %entry ], [ %a1, %x ]\n  %b1 = add i32 %b, 2\n"
    "  %d = icmp slt i32 %b1, %n\n  br i1 %d, label %x, label %out\n"
    "out:\n  ret i32 %n\n}\n"
    "define void @one() {\n  ret void\n}\n";

static void check_pfg(pgo_pfg *pfg, const pgo_cfg *g) {
  CHECK(pgo_pfg_verify(pfg) == PGO_OK);
  for (uint32_t b = 0; b < pgo_cfg_nblocks(g); b++) {
    double c = pgo_pfg_block_count(pfg, b);
    CHECK(isfinite(c) && c >= 0);
    uint32_t ns = pgo_cfg_nsucc(g, b), e0 = pgo_cfg_succ_begin(g, b);
    for (uint32_t k = 0; k < ns; k++) {
      double p = pgo_pfg_edge_prob(pfg, e0 + k);
      CHECK(ns < 2 || (p > 0 && p < 1));
    }
  }
}

static void one_function(pgo_ingest *ig, pgo_llvm_module *mod, uint32_t fn,
                         const pgo_profile *p) {
  pgo_cfg *g = NULL;
  if (pgo_llvm_module_cfg(mod, fn, NULL, &g))
    return;
  pgo_method_key k = pgo_cfg_key(g);
  const pgo_method_profile *m = NULL;
  uint32_t nv = 0;
  CHECK(pgo_ingest_lookup(p, &k, &m, &nv) == PGO_OK);
  CHECK(!m || !strcmp(m->key.name, k.name));
  CHECK((m != NULL) == (nv > 0));
  pgo_pfg *pfg = NULL;
  if (pgo_pfg_new(NULL, g, &pfg)) {
    pgo_cfg_free(g);
    return;
  }
  pgo_ingest_result r;
  pgo_ingest_result_init(&r);
  pgo_status st = pgo_ingest_apply(ig, g, m, NULL, pfg, &r);
  CHECK(st == PGO_OK);
  if (r.match == PGO_INGEST_MATCHED || r.match == PGO_INGEST_ZERO) {
    CHECK(r.blocks_applied <= pgo_cfg_nblocks(g));
    CHECK(r.bad_blocks <= m->nblocks && r.bad_edges <= m->nedges);
    CHECK(r.edges_applied + r.bad_edges <= m->nedges);
    CHECK(r.sites_applied + r.bad_sites == m->nsites);
    CHECK(r.residual >= 0 && !isnan(r.residual));
    CHECK((r.residual > 0.01) == r.inconsistent);
    CHECK(r.worst_block == PGO_NONE || r.worst_block < pgo_cfg_nblocks(g));
  } else {
    CHECK(r.blocks_applied == 0 && r.edges_applied == 0);
  }
  CHECK(memchr(r.message, 0, sizeof r.message));
  pgo_pfg_free(pfg);
  pfg = NULL;
  if (pgo_pfg_new(NULL, g, &pfg)) {
    pgo_cfg_free(g);
    return;
  }
  pgo_ingest_result_init(&r);
  st = pgo_ingest_method_profile(ig, g, p, NULL, pfg, &r);
  CHECK(st == PGO_OK || st == PGO_ERR_NOT_CONVERGED);
  check_pfg(pfg, g);
  const pgo_synth_report *rep = pgo_synth_last_report(pgo_ingest_synth(ig));
  if (st == PGO_OK && rep->saturated == 0)
    CHECK(r.residual_after < 1e-6);
  pgo_pfg_free(pfg);
  pgo_cfg_free(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *nul = memchr(data, 0, size);
  size_t ylen = nul ? (size_t)(nul - data) : size;
  const char *ir = nul ? (const char *)nul + 1 : builtin_ir;
  size_t irlen = nul ? size - ylen - 1 : sizeof builtin_ir - 1;
  if (irlen >= 4 && !memcmp(ir, "BC\xc0\xde", 4))
    return 0; /* bitcode: see the header */
  pgo_profile *p = NULL;
  if (pgo_profile_new(NULL, &p))
    return 0;
  if (pgo_yaml_read_mem(p, data, ylen, "fuzz.yaml", 1) ||
      pgo_profile_finish(p)) {
    CHECK(pgo_profile_errmsg(p)[0]);
    pgo_profile_free(p);
    return 0;
  }
  pgo_llvm_module *mod = NULL;
  if (pgo_llvm_module_open_buffer("fuzz.ll", ir, irlen, NULL, &mod)) {
    pgo_llvm_module_free(mod);
    pgo_profile_free(p);
    return 0;
  }
  pgo_ingest *ig = NULL;
  if (!pgo_ingest_new(NULL, &ig)) {
    for (uint32_t fn = 0; fn < pgo_llvm_module_nfunctions(mod); fn++)
      one_function(ig, mod, fn, p);
    pgo_ingest_free(ig);
  }
  pgo_llvm_module_free(mod);
  pgo_profile_free(p);
  return 0;
}
