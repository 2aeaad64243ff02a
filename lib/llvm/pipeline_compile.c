/*
 * pipeline_compile.c -- pgo_llvm_compile: the profile-guided compilation
 * of a module from graphs to code (include/pgo/llvm.h "Pipeline";
 * docs/pgo-jit.md "compile").
 *
 * Per defined function: its graph (analysed) and the IR's hints; without
 * a profile synthesis with them, with one lib/ingest's pipeline
 * (pgo_ingest_method_profile: lookup by key, apply the records, blend with
 * synthesis as the prior, repair; docs/ingest.md "Records -> pfg,
 * blending, repair") with the same hints; then an oracle whose evidence
 * follows the ingest match (docs/oracle.md "Evidence"); over the program:
 * the summary of the measured methods.  Then every function is annotated from its oracle
 * (profile_md.c), llvm.expect calls are removed, the ProfileSummary flag
 * written when any method was measured, the module verified, optimised and
 * emitted (pipeline.c, codegen.c).
 *
 * Synthesis alone (no profile, or a method the profile does not have with
 * this key) gives ESTIMATED oracles: branch weights only, no entry counts
 * and no summary, so LLVM's ProfileSummaryInfo never mistakes estimates for
 * counts.  A method with no version in the profile (ABSENT) stays
 * ESTIMATED, not NEVER_RAN: a profile does not say which methods it
 * covers -- pgo-jit run leaves out both the methods that never ran and
 * those it could not probe (instrument.c: stats.skipped), and a clang
 * import those it could not map exactly -- so absence is no evidence of
 * coldness.  A method with the exact key and entry count 0 (ZERO) is
 * NEVER_RAN.  Nothing is printed; the counts and the first warning come back
 * in pgo_llvm_compile_result.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "llvm_int.h"
#include "pgo/ingest.h"
#include "pgo/store.h"
#include "pgo/synth.h"

static const pgo_llvm_compile_options compile_defaults = {
    .struct_size = sizeof(pgo_llvm_compile_options),
    .opt_level = 2,
    .emit = PGO_LLVM_EMIT_OBJECT};

void pgo_llvm_compile_options_init_sized(pgo_llvm_compile_options *o,
                                         size_t struct_size) {
  pgo_llvm__opts_init(o, struct_size, &compile_defaults,
                      sizeof compile_defaults);
}

typedef struct fn_state {
  pgo_cfg *cfg;
  pgo_pfg *pfg;
  pgo_oracle *oracle;
} fn_state;

/* Graph and synthesis options (the IR's hints) of function fn into f;
 * with run, synthesis itself into f->pfg. */
static pgo_status synthesize(pgo_llvm_module *m, uint32_t fn, pgo_synth *s,
                             bool run, fn_state *f, pgo_synth_options *so,
                             unsigned **hints, unsigned **bhints,
                             uint32_t **next, size_t *cap_e, size_t *cap_b) {
  const pgo_allocator *a = &m->alloc;
  pgo_status st = pgo_llvm_module_cfg(m, fn, NULL, &f->cfg);
  if (st != PGO_OK)
    return st;
  const char *name = pgo_llvm_function_name(m, fn);
  if ((st = pgo_cfg_analyze(f->cfg, PGO_ANALYSIS_ALL)) != PGO_OK ||
      (st = pgo_pfg_new(a, f->cfg, &f->pfg)) != PGO_OK)
    return pgo_llvm__fail(m, st, "%s: %s", name,
                          *pgo_cfg_errmsg(f->cfg) ? pgo_cfg_errmsg(f->cfg)
                                                  : pgo_status_text(st));
  size_t ne = pgo_cfg_nedges(f->cfg), nb = pgo_cfg_nblocks(f->cfg);
  if (ne + 1 > *cap_e) {
    pgo_llvm__free(a, *hints, *cap_e * sizeof **hints);
    *cap_e = 2 * ne + 1;
    *hints = pgo_llvm__alloc(a, *cap_e * sizeof **hints);
  }
  if (nb + 1 > *cap_b) {
    pgo_llvm__free(a, *bhints, *cap_b * sizeof **bhints);
    pgo_llvm__free(a, *next, *cap_b * sizeof **next);
    *cap_b = 2 * nb + 1;
    *bhints = pgo_llvm__alloc(a, *cap_b * sizeof **bhints);
    *next = pgo_llvm__alloc(a, *cap_b * sizeof **next);
  }
  if (!*hints || !*bhints || !*next) {
    *cap_e = *cap_b = 0; /* freed by the caller as NULL-safe */
    return pgo_llvm__fail(m, PGO_ERR_NOMEM, "out of memory");
  }
  st = pgo_llvm_synth_hints(m, fn, f->cfg, *hints, *bhints, *next);
  if (st != PGO_OK)
    return st;
  pgo_synth_options_init(so);
  so->edge_hints = *hints;
  so->block_hints = *bhints;
  so->continues_to = *next;
  if (!run)
    return PGO_OK;
  st = pgo_synth_run(s, f->cfg, so, f->pfg);
  if (st == PGO_ERR_NOT_CONVERGED)
    st = PGO_OK; /* finite, usable frequencies (pgo/synth.h) */
  if (st != PGO_OK)
    return pgo_llvm__fail(m, st, "%s: synthesis: %s", name,
                          pgo_synth_errmsg(s));
  return PGO_OK;
}

static void warn(pgo_llvm_compile_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void warn(pgo_llvm_compile_result *r, const char *fmt, ...) {
  if (r->warning[0])
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->warning, sizeof r->warning, fmt, ap);
  va_end(ap);
}

static pgo_status load_profile(pgo_llvm_module *m,
                               const pgo_llvm_compile_options *o,
                               pgo_llvm_compile_result *r, pgo_profile **out) {
  *out = NULL;
  pgo_profile *p = NULL;
  pgo_status st = pgo_profile_new(&m->alloc, &p);
  if (st != PGO_OK)
    return pgo_llvm__fail(m, st, "out of memory");
  st = pgo_profile_load(p, o->profile, 1);
  if (st == PGO_OK)
    st = pgo_profile_finish(p);
  if (st == PGO_OK) {
    *out = p;
    return PGO_OK;
  }
  r->profile_failed = true;
  char msg[400];
  snprintf(msg, sizeof msg, "%s", pgo_profile_errmsg(p));
  pgo_profile_free(p);
  if (o->profile_errors_warn) {
    warn(r, "profile %s unreadable (%s): compiled on synthesis alone",
         o->profile, msg);
    return PGO_OK;
  }
  return pgo_llvm__fail(m, st, "profile %s: %s", o->profile, msg);
}

/* The pipeline, on the library's own (full-size) options and result. */
static pgo_status compile(pgo_llvm_module *m,
                          const pgo_llvm_compile_options *opt,
                          pgo_llvm_compile_result *r) {
  if (!opt->target || !opt->output || opt->opt_level < 0 ||
      opt->opt_level > 3 || (unsigned)opt->emit > PGO_LLVM_EMIT_BITCODE)
    return pgo_llvm__fail(m, PGO_ERR_INVALID,
                          "compile options: target, output, -O0..3 needed");
  /* Refuse a wrong target before any work. */
  LLVMTargetMachineRef tm = NULL;
  pgo_status st = pgo_llvm__target_machine(m, opt->target, opt->opt_level, &tm);
  if (st != PGO_OK)
    return st;
  LLVMDisposeTargetMachine(tm);

  pgo_profile *prof = NULL;
  if (opt->profile && (st = load_profile(m, opt, r, &prof)) != PGO_OK)
    return st;

  const pgo_allocator *a = &m->alloc;
  uint32_t n = m->nfns;
  r->functions = n;
  fn_state *fs = pgo_llvm__alloc(a, (n ? n : 1) * sizeof *fs);
  pgo_ingest *ig = NULL;
  pgo_oracle_summary *sum = NULL;
  unsigned *hints = NULL, *bhints = NULL;
  uint32_t *next = NULL;
  size_t cap_e = 0, cap_b = 0;
  if (!fs) {
    pgo_profile_free(prof);
    return pgo_llvm__fail(m, PGO_ERR_NOMEM, "out of memory");
  }
  memset(fs, 0, (n ? n : 1) * sizeof *fs);
  if ((st = pgo_ingest_new(a, &ig)) != PGO_OK ||
      (st = pgo_oracle_summary_new(a, &sum)) != PGO_OK)
    st = pgo_llvm__fail(m, st, "out of memory");
  uint32_t measured = 0;
  for (uint32_t fn = 0; st == PGO_OK && fn < n; fn++) {
    fn_state *f = &fs[fn];
    pgo_synth_options so;
    st = synthesize(m, fn, pgo_ingest_synth(ig), prof == NULL, f, &so,
                    &hints, &bhints, &next, &cap_e, &cap_b);
    if (st != PGO_OK)
      break;
    pgo_oracle_options oo;
    pgo_oracle_options_init(&oo);
    oo.evidence = PGO_ORACLE_EVIDENCE_ESTIMATED;
    if (prof) {
      pgo_ingest_options io;
      pgo_ingest_options_init(&io);
      io.synth = &so; /* the IR's hints shape the prior */
      pgo_ingest_result ir;
      pgo_ingest_result_init(&ir);
      st = pgo_ingest_method_profile(ig, f->cfg, prof, &io, f->pfg, &ir);
      if (st == PGO_ERR_NOT_CONVERGED)
        st = PGO_OK; /* counts written, finite; the solver's report says */
      if (st != PGO_OK) {
        st = pgo_llvm__fail(m, st, "%s: profile: %s",
                            pgo_llvm_function_name(m, fn),
                            pgo_ingest_errmsg(ig));
        break;
      }
      switch (ir.match) {
      case PGO_INGEST_MATCHED:
      case PGO_INGEST_STALE_MATCHED:
        oo.evidence = PGO_ORACLE_EVIDENCE_AUTO; /* derives MEASURED */
        r->matched++;
        break;
      case PGO_INGEST_ZERO:
        oo.evidence = PGO_ORACLE_EVIDENCE_NEVER_RAN;
        r->matched++;
        break;
      case PGO_INGEST_MISMATCH:
        r->stale++;
        warn(r,
             "%s: stale profile (profile hash %016" PRIx64 " il_size %" PRIu32
             ", IR hash %016" PRIx64 " il_size %" PRIu32
             "): synthesis used",
             pgo_llvm_function_name(m, fn), ir.profile_hash,
             ir.profile_il_size, ir.graph_hash, ir.graph_il_size);
        break;
      case PGO_INGEST_ABSENT:
        r->absent++; /* ESTIMATED: see the header comment */
        break;
      }
    }
    char eb[256];
    st = pgo_oracle_new(a, f->pfg, &oo, &f->oracle, eb, sizeof eb);
    if (st != PGO_OK) {
      st = pgo_llvm__fail(m, st, "%s: oracle: %s",
                          pgo_llvm_function_name(m, fn), eb);
      break;
    }
    pgo_oracle_evidence ev = pgo_oracle_evidence_of(f->oracle);
    if (ev == PGO_ORACLE_EVIDENCE_NEVER_RAN)
      r->never_ran++;
    bool added = false;
    st = pgo_oracle_summary_add(sum, f->oracle, &added);
    if (st != PGO_OK)
      st = pgo_llvm__fail(m, st, "summary: %s", pgo_oracle_summary_errmsg(sum));
    measured += added;
  }
  if (st == PGO_OK && (st = pgo_oracle_summary_finish(sum)) != PGO_OK)
    st = pgo_llvm__fail(m, st, "summary: %s", pgo_oracle_summary_errmsg(sum));
  /* Everything read from the IR is read: now change it (annotation by
   * IL offset first, then the expect calls go). */
  for (uint32_t fn = 0; st == PGO_OK && fn < n; fn++) {
    pgo_llvm_annotate_stats as = {0, 0, false, 0};
    st = pgo_llvm_annotate_function(m, fn, fs[fn].oracle, &as);
    r->branches += as.branches;
    r->vp_sites += as.vp_sites;
  }
  if (st == PGO_OK)
    st = pgo_llvm_strip_expect(m, &r->expects);
  if (st == PGO_OK && measured > 0) {
    st = pgo_llvm_annotate_summary(m, sum);
    if (st == PGO_ERR_STATE) { /* the module's own summary is kept */
      warn(r, "%s", pgo_llvm_errmsg(m));
      st = PGO_OK;
    } else {
      r->summary = st == PGO_OK;
    }
  }
  for (uint32_t fn = 0; fn < n; fn++) {
    pgo_oracle_free(fs[fn].oracle);
    pgo_pfg_free(fs[fn].pfg);
    pgo_cfg_free(fs[fn].cfg);
  }
  pgo_llvm__free(a, fs, (n ? n : 1) * sizeof *fs);
  pgo_llvm__free(a, hints, cap_e * sizeof *hints);
  pgo_llvm__free(a, bhints, cap_b * sizeof *bhints);
  pgo_llvm__free(a, next, cap_b * sizeof *next);
  pgo_oracle_summary_free(sum);
  pgo_ingest_free(ig);
  pgo_profile_free(prof);
  if (st == PGO_OK)
    st = pgo_llvm_verify(m);
  if (st == PGO_OK)
    st = pgo_llvm_optimize(m, opt->target, opt->opt_level);
  if (st == PGO_OK)
    st = pgo_llvm_emit(m, opt->target, opt->opt_level, opt->emit, opt->output);
  return st;
}

pgo_status pgo_llvm_compile(pgo_llvm_module *m,
                            const pgo_llvm_compile_options *opt,
                            pgo_llvm_compile_result *res) {
  if (!m || !m->mod)
    return PGO_ERR_INVALID;
  /* Growth rule (llvm.h): the caller's options over the defaults, and the
   * result handed back in the caller's struct_size bytes only (0: the
   * caller's header is this one). */
  pgo_llvm_compile_options o;
  pgo_llvm_compile_result r;
  memset(&r, 0, sizeof r);
  if (!opt)
    return pgo_llvm__fail(m, PGO_ERR_INVALID, "compile options: NULL");
  const char *bad = pgo_llvm__opts_read(opt, &o, &compile_defaults,
                                        sizeof compile_defaults,
                                        PGO_LLVM_COMPILE_OPTIONS_SIZE_V1);
  pgo_status st = bad ? pgo_llvm__fail(m, PGO_ERR_INVALID, "compile %s", bad)
                      : compile(m, &o, &r);
  if (res) {
    size_t rsize = res->struct_size ? res->struct_size : sizeof r;
    r.struct_size = rsize;
    memcpy(res, &r, rsize < sizeof r ? rsize : sizeof r);
    if (rsize > sizeof r) /* a newer header's fields: nothing to report */
      memset((char *)res + sizeof r, 0, rsize - sizeof r);
  }
  return st;
}
