/*
 * cmd_check.c -- `pgo-show check PROFILE [--ir FILE] [--tolerance T]
 *                [--format text|yaml|json]`
 *
 * Inconsistencies of stored counts, per method:
 *   - flow conservation (Kirchhoff): for each block b with count N_b,
 *       out_b = sum_j E_bj (its successors' edge counts),
 *       in_b  = sum over predecessor edges (+ the invocations at the entry);
 *     with --ir judged by lib/maint's checker (pgo_maint_check over the
 *     measured edge counts, a missing record flowing 0: the one
 *     definition of "consistent", docs/maint.md), residual_b =
 *     max(|in_b - N_b|, |out_b - N_b|) / max(N_b, in_b, N_entry); without
 *     --ir (no graph) the outflow alone, / max(N_b, 1).
 *     Without --ir only out_b is known (edge targets live in the IR); with
 *     --ir the graph comes from lib/llvm (same keys: block = IL offset of
 *     its first instruction, edge = (offset, successor index)), missing
 *     records count as 0 (a method with no edge record at all is checked
 *     too: its blocks with successors have outflow 0), exits have no
 *     outflow.  Without --ir a method with no edge record cannot be
 *     balanced (which blocks have successors is unknown): it is listed as
 *     skipped, by name, as are methods skipped with --ir (stale, absent).
 *     A method is flagged when its worst residual exceeds the tolerance
 *     (default 0.01);
 *   - counters that look like wrapped values: 0xff000000..0xffffffff (a
 *     small negative 32-bit value read as unsigned) or >= 2^63 (a negative
 *     64-bit one);
 *   - with --ir: keys whose hash or il_size no longer match the IR (stale),
 *     methods absent from the IR, and records at offsets that are not block
 *     starts or at successor indices the block does not have (every problem
 *     of a method is reported: bad records are left out of the balance and
 *     the rest is still checked).
 * With --ir the mapping, the key comparison and the off-graph records come
 * from lib/ingest (pgo_ingest_apply), the function every consumer of a
 * profile uses, and the balance from lib/maint (pgo_maint_check); this
 * view only words their results.
 * Counts measured in one instrumented run balance by construction; the
 * view earns its keep on merged, sampled, edited and stale data.
 * Exit status: 0 clean, 1 findings, 2 bad input.
 */
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pgo/ingest.h"
#include "pgo/llvm.h"
#include "pgo/maint.h"
#include "pgo/store.h"
#include "ir_open.h"
#include "show.h"
#include "store_view.h"
#include "tool_output.h"

typedef struct finding {
  const pgo_method_profile *m;
  double residual;      /* worst residual, -1 when not checked */
  uint32_t worst_off;   /* IL offset of the worst block */
  char worst_name[64];  /* its label (with --ir) */
  uint32_t over;        /* blocks over tolerance */
  uint32_t wrapped;     /* counters that look wrapped */
  uint64_t wrapped_val; /* first one */
  /* stale / not in IR / bad offset / bad edge, each with its detail */
  struct {
    const char *kind; /* static text */
    char detail[160];
  } prob[4];
  uint32_t nprob;
  const char *skipped; /* why the balance was not checked, NULL if it was */
  bool stale;          /* key mismatch with the IR */
} finding;

/* Adds a problem of `kind`; a second one of the same kind only counts. */
static char *add_problem(finding *f, const char *kind) {
  for (uint32_t i = 0; i < f->nprob; i++)
    if (!strcmp(f->prob[i].kind, kind))
      return NULL;
  if (f->nprob == sizeof f->prob / sizeof f->prob[0])
    return NULL;
  f->prob[f->nprob].kind = kind;
  return f->prob[f->nprob++].detail;
}

static bool looks_wrapped(uint64_t c) {
  return (c >= 0xff000000u && c <= 0xffffffffu) || c >= (1ull << 63);
}

static void count_wrapped(const pgo_method_profile *m, finding *f) {
#define W(c)                                                                  \
  do {                                                                        \
    if (looks_wrapped(c)) {                                                   \
      if (!f->wrapped++)                                                      \
        f->wrapped_val = (c);                                                 \
    }                                                                         \
  } while (0)
  if (m->has_entry)
    W(m->entry);
  for (uint32_t i = 0; i < m->nblocks; i++)
    W(m->blocks[i].count);
  for (uint32_t i = 0; i < m->nedges; i++)
    W(m->edges[i].count);
  for (uint32_t i = 0; i < m->nsamples; i++)
    W(m->samples[i].count);
  for (uint32_t i = 0; i < m->nsites; i++) {
    W(m->sites[i].tail);
    for (uint32_t k = 0; k < m->sites[i].npairs; k++)
      W(m->sites[i].pairs[k].count);
  }
#undef W
}

static double resid(long double flow, long double n) {
  long double d = fabsl(flow - n) / (n > 1 ? n : 1);
  return (double)d;
}

static uint64_t block_count(const pgo_method_profile *m, uint32_t off) {
  size_t lo = 0, hi = m->nblocks;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (m->blocks[mid].offset == off)
      return m->blocks[mid].count;
    if (m->blocks[mid].offset < off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

/* Outflow only: blocks that have edge records (no IR). */
static void check_no_ir(const pgo_method_profile *m, double tol, finding *f) {
  if (!m->nedges) {
    f->skipped = "no edge records (outflow needs them, or --ir)";
    return;
  }
  f->residual = 0;
  for (uint32_t i = 0; i < m->nedges;) {
    uint32_t off = m->edges[i].offset;
    long double out = 0;
    for (; i < m->nedges && m->edges[i].offset == off; i++)
      out += (long double)m->edges[i].count;
    double r = resid(out, (long double)block_count(m, off));
    if (r > tol)
      f->over++;
    if (r > f->residual) {
      f->residual = r;
      f->worst_off = off;
    }
  }
}

/* The balance verdict of the records laid on g: lib/maint's checker, the
 * one definition of "consistent" in the tree (docs/maint.md "Checker"),
 * over measured edge counts (a missing record flows 0).  Fills residual,
 * over and the worst block; PGO_ERR_NOMEM when the checker cannot run. */
static pgo_status balance(const pgo_method_profile *m, pgo_cfg *g,
                          pgo_pfg *pfg, double tol, finding *f) {
  pgo_maint *mt = NULL;
  pgo_status st = pgo_maint_new(NULL, &mt);
  if (st)
    return st;
  pgo_maint_options o;
  pgo_maint_options_init(&o);
  o.use_measured = true;
  o.eps = tol;
  o.invocations = m->has_entry ? (double)m->entry : -1;
  pgo_maint_verdict v;
  st = pgo_maint_check(mt, g, pfg, &o, &v);
  if (st == PGO_OK) {
    const unsigned flow = PGO_MAINT_P_INFLOW | PGO_MAINT_P_OUTFLOW |
                          PGO_MAINT_P_INVOCATIONS | PGO_MAINT_P_NONFINITE |
                          PGO_MAINT_P_NEGATIVE;
    f->residual = v.max_rel;
    f->over = 0;
    for (uint32_t b = 0; b < pgo_cfg_nblocks(g); b++)
      f->over += (pgo_maint_check_block(mt, b)->problems & flow) != 0;
    if (v.worst_block != PGO_NONE) {
      f->worst_off = pgo_cfg_il_offset(g, v.worst_block);
      const char *l = pgo_cfg_label(g, v.worst_block);
      if (l)
        snprintf(f->worst_name, sizeof f->worst_name, "%s", l);
      else
        snprintf(f->worst_name, sizeof f->worst_name, "bb%" PRIu32,
                 v.worst_block);
    }
  }
  pgo_maint_free(mt);
  return st;
}

/* With --ir: the library's mapping (pgo_ingest_apply) lays the records
 * onto the function's graph and reports the records that do not fit and a
 * key mismatch; lib/maint's checker judges the balance (balance above);
 * this turns their results into the view's problems.  Returns PGO_OK, or
 * the library's status (message printed by the caller). */
static pgo_status check_ir(pgo_ingest *ig, const pgo_method_profile *m,
                           pgo_cfg *g, double tol, finding *f) {
  pgo_pfg *pfg = NULL;
  pgo_status st = pgo_pfg_new(NULL, g, &pfg);
  if (st)
    return st;
  pgo_ingest_options o;
  pgo_ingest_options_init(&o);
  o.tolerance = tol;
  pgo_ingest_result r;
  pgo_ingest_result_init(&r);
  st = pgo_ingest_apply(ig, g, m, &o, pfg, &r);
  if (st) {
    pgo_pfg_free(pfg);
    return st;
  }
  if (r.match == PGO_INGEST_MISMATCH) {
    pgo_pfg_free(pfg);
    char *d = add_problem(f, "stale");
    if (d)
      snprintf(d, sizeof f->prob[0].detail,
               "profile hash 0x%016" PRIx64 " il_size %" PRIu32
               ", IR hash 0x%016" PRIx64 " il_size %" PRIu32,
               r.profile_hash, r.profile_il_size, r.graph_hash,
               r.graph_il_size);
    f->skipped = "stale (the IR has another hash or il_size)";
    f->stale = true;
    return PGO_OK;
  }
  /* Records must sit on block starts and existing successors; the ones
   * that do not are reported and left out, and the rest is balanced. */
  if (r.bad_blocks) {
    char *d = add_problem(f, "bad offset");
    if (d)
      snprintf(d, sizeof f->prob[0].detail,
               "block record at IL offset %" PRIu32 " is not a block start"
               " (%" PRIu32 " such records)", r.bad_block_offset,
               r.bad_blocks);
  }
  if (r.bad_edges) {
    char *d = add_problem(f, "bad edge");
    if (d)
      snprintf(d, sizeof f->prob[0].detail,
               "edge record (%" PRIu32 ", %" PRIu32 ") is not an edge of the "
               "IR (%" PRIu32 " such records)", r.bad_edge_offset,
               r.bad_edge_succ, r.bad_edges);
  }
  /* nothing applied: not checked (residual stays -1) */
  if (r.residual >= 0)
    st = balance(m, g, pfg, tol, f);
  pgo_pfg_free(pfg);
  return st;
}

static void usage(FILE *out) {
  fputs("usage: pgo-show check PROFILE [--ir FILE] [--tolerance T] "
        "[--format text|yaml|json]\n"
        "\n"
        "Flow-conservation residuals per method (worst block, blocks over\n"
        "tolerance), counters that look like wrapped values, and with --ir\n"
        "stale keys, methods absent from the IR and records off the graph.\n"
        "Methods whose balance could not be checked are listed by name.\n"
        "PROFILE is a store or a YAML profile.\n"
        "\n"
        "options:\n"
        "  -i, --ir FILE        LLVM IR (.ll or .bc) the profile is for: full\n"
        "                       in/out balance, stale and off-graph records\n"
        "  -t, --tolerance T    residual above which a block is flagged, a\n"
        "                       number >= 0 (default 0.01 = 1%)\n"
        "  -f, --format F       text (default), yaml or json\n"
        "  -h, --help           this text\n"
        "\n"
        "Exit status: 0 nothing flagged, 1 something flagged, 2 bad input.\n",
        out);
}

/* The key of m, for the text lines. */
static void text_key(FILE *o, const pgo_method_profile *m) {
  fputs("method ", o);
  pgo_tool_text_name(o, m->key.name);
  fprintf(o, " hash 0x%016" PRIx64 " il_size %" PRIu32, m->key.hash,
          m->key.il_size);
}

static void struct_key(FILE *o, const pgo_method_profile *m, bool js) {
  const char *q = js ? "\"" : "";
  fprintf(o, "{%sname%s: ", q, q);
  pgo_tool_json_str(o, m->key.name);
  fprintf(o, ", %shash%s: \"0x%016" PRIx64 "\", %sil_size%s: %" PRIu32, q, q,
          m->key.hash, q, q, m->key.il_size);
}

/* --- arguments ----------------------------------------------------- */

typedef struct check_args {
  const char *path, *ir;
  double tol;
  int fmt; /* 0 text, 1 yaml, 2 json */
} check_args;

/* Returns -1 when the arguments are good, else the exit status. */
static int parse_args(int argc, char **argv, check_args *a) {
  static const struct option opts[] = {
      {"ir", required_argument, NULL, 'i'},
      {"tolerance", required_argument, NULL, 't'},
      {"format", required_argument, NULL, 'f'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  const char *fmts = "text";
  a->ir = NULL;
  a->tol = 0.01;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":i:t:f:h", opts, NULL)) != -1) {
    switch (c) {
    case 'i':
      a->ir = optarg;
      break;
    case 't': {
      char *end;
      a->tol = strtod(optarg, &end);
      if (*end || end == optarg || !(a->tol >= 0) || isinf(a->tol)) {
        fprintf(stderr, "pgo-show check: --tolerance: expected a number >= "
                        "0, found '%s'\n", optarg);
        return PGO_SHOW_BAD_INPUT;
      }
      break;
    }
    case 'f':
      fmts = optarg;
      break;
    case 'h':
      usage(stdout);
      return PGO_SHOW_OK;
    default:
      sv_bad_option("check", c, argv, optind);
      return PGO_SHOW_BAD_INPUT;
    }
  }
  a->fmt = sv_format("check", fmts);
  if (a->fmt < 0)
    return PGO_SHOW_BAD_INPUT;
  if (optind == argc) {
    fputs("pgo-show check: PROFILE is required (see --help)\n", stderr);
    return PGO_SHOW_BAD_INPUT;
  }
  if (optind + 1 != argc) {
    fprintf(stderr, "pgo-show check: one PROFILE expected, found extra "
                    "argument '%s' (see --help)\n", argv[optind + 1]);
    return PGO_SHOW_BAD_INPUT;
  }
  a->path = argv[optind];
  return -1;
}

/* --- checking ------------------------------------------------------- */

typedef struct totals {
  size_t n, flagged, stale, wrapped, checked, skipped;
} totals;

/* One method against the IR: absent from it, or mapped by the library.
 * Returns 0, or -1 after printing an error. */
static int check_method_ir(pgo_ingest *ig, pgo_llvm_module *mod,
                           const pgo_method_profile *m, double tol,
                           finding *f) {
  uint32_t fn = pgo_llvm_module_find(mod, m->key.name);
  if (fn == PGO_NONE) {
    add_problem(f, "not in IR");
    f->skipped = "not in the IR";
    return 0;
  }
  pgo_cfg *g = NULL;
  if (pgo_llvm_module_cfg(mod, fn, NULL, &g)) {
    fprintf(stderr, "pgo-show check: %s\n", pgo_llvm_errmsg(mod));
    return -1;
  }
  pgo_status st = check_ir(ig, m, g, tol, f);
  pgo_cfg_free(g);
  if (st) {
    fprintf(stderr, "pgo-show check: %s\n",
            pgo_ingest_errmsg(ig)[0] ? pgo_ingest_errmsg(ig)
                                     : pgo_status_text(st));
    return -1;
  }
  return 0;
}

/* Every method of p.  Returns 0, or -1 after printing an error. */
static int check_all(const pgo_profile *p, pgo_llvm_module *mod, double tol,
                     finding *fs, totals *t) {
  pgo_ingest *ig = NULL;
  if (mod && pgo_ingest_new(NULL, &ig)) {
    fputs("pgo-show check: out of memory\n", stderr);
    return -1;
  }
  int rc = 0;
  for (size_t i = 0; i < t->n; i++) {
    const pgo_method_profile *m = pgo_profile_method(p, i);
    finding *f = &fs[i];
    f->m = m;
    f->residual = -1;
    count_wrapped(m, f);
    if (!mod)
      check_no_ir(m, tol, f);
    else if ((rc = check_method_ir(ig, mod, m, tol, f)))
      break;
    if (f->stale)
      t->stale++;
    if (f->residual >= 0)
      t->checked++;
    else
      t->skipped++;
    if (f->wrapped)
      t->wrapped++;
  }
  pgo_ingest_free(ig);
  return rc;
}

/* --- output --------------------------------------------------------- */

static bool is_flagged(const finding *f, double tol) {
  return f->wrapped || f->nprob || f->residual > tol;
}

static void print_text(FILE *o, const finding *f, double tol) {
  text_key(o, f->m);
  fputc(':', o);
  const char *sep = " ";
  for (uint32_t k = 0; k < f->nprob; k++) {
    fprintf(o, "%s%s%s%s", sep, f->prob[k].kind,
            f->prob[k].detail[0] ? ": " : "", f->prob[k].detail);
    sep = "; ";
  }
  if (f->residual > tol) {
    fprintf(o, "%smax residual %.6g at ", sep, f->residual);
    if (f->worst_off != PGO_NONE)
      fprintf(o, "il %" PRIu32, f->worst_off);
    if (f->worst_name[0]) {
      fputs(f->worst_off != PGO_NONE ? " (" : "", o);
      pgo_tool_text_name(o, f->worst_name);
      fputs(f->worst_off != PGO_NONE ? ")" : "", o);
    }
    fprintf(o, ", %" PRIu32 " blocks over tolerance", f->over);
    sep = "; ";
  }
  if (f->wrapped)
    fprintf(o, "%s%" PRIu32 " counters look wrapped (e.g. %" PRIu64 ")", sep,
            f->wrapped, f->wrapped_val);
  fputc('\n', o);
}

/* One flagged method as a YAML or JSON object (after its list marker). */
static void print_struct(FILE *o, const finding *f, bool js) {
  const char *q = js ? "\"" : "";
  struct_key(o, f->m, js);
  fprintf(o, ", %sproblems%s: [", q, q);
  for (uint32_t k = 0; k < f->nprob; k++) {
    fprintf(o, "%s{%skind%s: ", k ? ", " : "", q, q);
    pgo_tool_json_str(o, f->prob[k].kind);
    fprintf(o, ", %sdetail%s: ", q, q);
    pgo_tool_json_str(o, f->prob[k].detail[0] ? f->prob[k].detail : NULL);
    fputc('}', o);
  }
  fprintf(o, "], %sresidual%s: ", q, q);
  if (f->residual >= 0)
    fprintf(o, "%.9g", f->residual);
  else
    fputs("null", o);
  /* the worst block exists only when some block is off balance */
  bool worst = f->residual > 0;
  fprintf(o, ", %sworst_il%s: ", q, q);
  if (worst && f->worst_off != PGO_NONE)
    fprintf(o, "%" PRIu32, f->worst_off);
  else
    fputs("null", o);
  fprintf(o, ", %sworst_block%s: ", q, q);
  pgo_tool_json_str(o, worst && f->worst_name[0] ? f->worst_name : NULL);
  fprintf(o, ", %sblocks_over%s: ", q, q);
  if (f->residual >= 0)
    fprintf(o, "%" PRIu32, f->over);
  else
    fputs("null", o);
  fprintf(o, ", %swrapped%s: %" PRIu32 ", %sfirst_wrapped%s: ", q, q,
          f->wrapped, q, q);
  if (f->wrapped)
    fprintf(o, "%" PRIu64, f->wrapped_val);
  else
    fputs("null", o);
  fputc('}', o);
}

/* Methods whose balance was not checked, by name, with the reason. */
static void print_skipped(FILE *o, const finding *fs, size_t n, int fmt) {
  bool js = fmt == 2;
  const char *q = js ? "\"" : "";
  if (fmt == 0) {
    for (size_t i = 0; i < n; i++)
      if (fs[i].skipped) {
        fputs("skipped ", o);
        text_key(o, fs[i].m);
        fprintf(o, ": %s\n", fs[i].skipped);
      }
    return;
  }
  fprintf(o, "  %sskipped%s:%s\n", q, q, js ? " [" : "");
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (fs[i].skipped) {
      fprintf(o, "%s    %s", k++ && js ? ",\n" : "", js ? "" : "- ");
      struct_key(o, fs[i].m, js);
      fprintf(o, ", %sreason%s: ", q, q);
      pgo_tool_json_str(o, fs[i].skipped);
      fprintf(o, "}%s", js ? "" : "\n");
    }
  if (js)
    fprintf(o, "%s  ],\n", k ? "\n" : "");
  else if (!k)
    fputs("    []\n", o);
}

static void print_totals(FILE *o, const totals *t, int fmt, double tol) {
  bool js = fmt == 2;
  const char *q = js ? "\"" : "";
  if (fmt == 0) {
    fprintf(o, "methods %zu checked %zu skipped %zu flagged %zu stale %zu "
               "wrapped %zu\n", t->n, t->checked, t->skipped, t->flagged,
            t->stale, t->wrapped);
    return;
  }
  fprintf(o,
          "  %smethods%s: %zu%s\n  %schecked%s: %zu%s\n"
          "  %sskipped_count%s: %zu%s\n  %sflagged_count%s: %zu%s\n"
          "  %sstale%s: %zu%s\n"
          "  %swrapped%s: %zu%s\n  %stolerance%s: %.17g\n%s",
          q, q, t->n, js ? "," : "", q, q, t->checked, js ? "," : "", q, q,
          t->skipped, js ? "," : "", q, q, t->flagged, js ? "," : "", q, q,
          t->stale, js ? "," : "", q, q, t->wrapped, js ? "," : "", q, q, tol,
          js ? "}\n" : "");
}

/* The report; sets t->flagged. */
static void print_report(FILE *o, const check_args *a, const finding *fs,
                         totals *t) {
  bool js = a->fmt == 2;
  const char *q = js ? "\"" : "";
  if (a->fmt == 0)
    fprintf(o, "check %s%s%s (tolerance %g)\n", a->path,
            a->ir ? " against " : "", a->ir ? a->ir : "", a->tol);
  else
    fprintf(o, "%s  %sflagged%s:%s\n", js ? "{\n" : "", q, q,
            js ? " [" : "");
  t->flagged = 0;
  for (size_t i = 0; i < t->n; i++) {
    if (!is_flagged(&fs[i], a->tol))
      continue;
    if (a->fmt == 0) {
      print_text(o, &fs[i], a->tol);
    } else {
      fprintf(o, "%s    %s", t->flagged && js ? ",\n" : "", js ? "" : "- ");
      print_struct(o, &fs[i], js);
      fputs(js ? "" : "\n", o);
    }
    t->flagged++;
  }
  if (a->fmt != 0) {
    if (js)
      fprintf(o, "%s  ],\n", t->flagged ? "\n" : "");
    else if (!t->flagged)
      fputs("    []\n", o);
  }
  print_skipped(o, fs, t->n, a->fmt);
  print_totals(o, t, a->fmt, a->tol);
}

int pgo_show_cmd_check(int argc, char **argv) {
  check_args a;
  int rc = parse_args(argc, argv, &a);
  if (rc >= 0)
    return rc;
  pgo_profile *p;
  if (pgo_profile_new(NULL, &p))
    return PGO_SHOW_BAD_INPUT;
  if (pgo_profile_load(p, a.path, 1) || pgo_profile_finish(p)) {
    fprintf(stderr, "pgo-show check: %s\n", pgo_profile_errmsg(p));
    pgo_profile_free(p);
    return PGO_SHOW_BAD_INPUT;
  }
  pgo_llvm_module *mod = NULL;
  char open_msg[1024];
  if (a.ir && tool_ir_open(a.ir, &mod, open_msg, sizeof open_msg)) {
    fprintf(stderr, "pgo-show check: %s\n", open_msg);
    pgo_profile_free(p);
    return PGO_SHOW_BAD_INPUT;
  }
  totals t = {0};
  t.n = pgo_profile_nmethods(p);
  finding *fs = calloc(t.n ? t.n : 1, sizeof *fs);
  rc = PGO_SHOW_BAD_INPUT;
  if (fs && !check_all(p, mod, a.tol, fs, &t)) {
    print_report(stdout, &a, fs, &t);
    rc = t.flagged ? PGO_SHOW_FINDINGS : PGO_SHOW_OK;
  }
  free(fs);
  pgo_llvm_module_free(mod);
  pgo_profile_free(p);
  return rc;
}
