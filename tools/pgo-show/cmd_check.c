/*
 * cmd_check.c -- `pgo-show check PROFILE [--ir FILE] [--tolerance T]
 *                [--format text|yaml|json]`
 *
 * Inconsistencies of stored counts, per method:
 *   - flow conservation (Kirchhoff): for each block b with count N_b,
 *       out_b = sum_j E_bj (its successors' edge counts),
 *       in_b  = sum over predecessor edges (+ the entry count at the entry);
 *     residual_b = max(|in_b - N_b|, |out_b - N_b|) / max(N_b, 1).
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
 * Counts measured in one instrumented run balance by construction; the
 * view earns its keep on merged, sampled, edited and stale data.
 * Exit status: 0 clean, 1 findings, 2 bad input.
 */
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pgo/llvm.h"
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

static void check_ir(const pgo_method_profile *m, const pgo_cfg *g, double tol,
                     finding *f) {
  /* Records must sit on block starts and existing successors; the ones
   * that do not are reported and left out, and the rest is balanced. */
  uint32_t nbad = 0, first = 0;
  for (uint32_t i = 0; i < m->nblocks; i++)
    if (pgo_cfg_block_at(g, m->blocks[i].offset) == PGO_NONE && !nbad++)
      first = i;
  if (nbad) {
    char *d = add_problem(f, "bad offset");
    if (d)
      snprintf(d, sizeof f->prob[0].detail,
               "block record at IL offset %" PRIu32 " is not a block start"
               " (%" PRIu32 " such records)", m->blocks[first].offset, nbad);
  }
  nbad = 0;
  for (uint32_t i = 0; i < m->nedges; i++) {
    uint32_t b = pgo_cfg_block_at(g, m->edges[i].offset);
    if ((b == PGO_NONE || m->edges[i].succ >= pgo_cfg_nsucc(g, b)) &&
        !nbad++)
      first = i;
  }
  if (nbad) {
    char *d = add_problem(f, "bad edge");
    if (d)
      snprintf(d, sizeof f->prob[0].detail,
               "edge record (%" PRIu32 ", %" PRIu32 ") is not an edge of the "
               "IR (%" PRIu32 " such records)", m->edges[first].offset,
               m->edges[first].succ, nbad);
  }
  uint32_t nb = pgo_cfg_nblocks(g), ne = pgo_cfg_nedges(g);
  long double *ec = calloc(ne ? ne : 1, sizeof *ec);
  if (!ec) {
    f->skipped = "out of memory";
    return;
  }
  for (uint32_t i = 0; i < m->nedges; i++) {
    uint32_t b = pgo_cfg_block_at(g, m->edges[i].offset);
    if (b != PGO_NONE && m->edges[i].succ < pgo_cfg_nsucc(g, b))
      ec[pgo_cfg_succ_begin(g, b) + m->edges[i].succ] =
          (long double)m->edges[i].count;
  }
  f->residual = 0;
  for (uint32_t b = 0; b < nb; b++) {
    uint32_t off = pgo_cfg_il_offset(g, b);
    long double n = off == PGO_NONE ? 0 : (long double)block_count(m, off);
    double r = 0;
    if (pgo_cfg_nsucc(g, b) > 0) {
      long double out = 0;
      for (uint32_t k = 0; k < pgo_cfg_nsucc(g, b); k++)
        out += ec[pgo_cfg_succ_begin(g, b) + k];
      r = resid(out, n);
    }
    bool entry = b == pgo_cfg_entry(g);
    if (!entry || m->has_entry) {
      long double in = entry ? (long double)m->entry : 0;
      const uint32_t *pe = pgo_cfg_preds(g, b);
      for (uint32_t k = 0; k < pgo_cfg_npred(g, b); k++)
        in += ec[pe[k]];
      double ri = resid(in, n);
      if (ri > r)
        r = ri;
    }
    if (r > tol)
      f->over++;
    if (r > f->residual) {
      f->residual = r;
      f->worst_off = off;
      const char *l = pgo_cfg_label(g, b);
      if (l)
        snprintf(f->worst_name, sizeof f->worst_name, "%s", l);
      else
        snprintf(f->worst_name, sizeof f->worst_name, "bb%" PRIu32, b);
    }
  }
  free(ec);
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

int pgo_show_cmd_check(int argc, char **argv) {
  static const struct option opts[] = {
      {"ir", required_argument, NULL, 'i'},
      {"tolerance", required_argument, NULL, 't'},
      {"format", required_argument, NULL, 'f'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  const char *ir = NULL, *fmts = "text";
  double tol = 0.01;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":i:t:f:h", opts, NULL)) != -1) {
    switch (c) {
    case 'i':
      ir = optarg;
      break;
    case 't': {
      char *end;
      tol = strtod(optarg, &end);
      if (*end || end == optarg || !(tol >= 0) || isinf(tol)) {
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
  int fmt = sv_format("check", fmts);
  if (fmt < 0)
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
  const char *path = argv[optind];
  pgo_profile *p;
  if (pgo_profile_new(NULL, &p))
    return PGO_SHOW_BAD_INPUT;
  if (pgo_profile_load(p, path, 1) || pgo_profile_finish(p)) {
    fprintf(stderr, "pgo-show check: %s\n", pgo_profile_errmsg(p));
    pgo_profile_free(p);
    return PGO_SHOW_BAD_INPUT;
  }
  pgo_llvm_module *mod = NULL;
  char open_msg[1024];
  if (ir && tool_ir_open(ir, &mod, open_msg, sizeof open_msg)) {
    fprintf(stderr, "pgo-show check: %s\n", open_msg);
    pgo_profile_free(p);
    return PGO_SHOW_BAD_INPUT;
  }
  size_t n = pgo_profile_nmethods(p);
  finding *fs = calloc(n ? n : 1, sizeof *fs);
  if (!fs) {
    pgo_llvm_module_free(mod);
    pgo_profile_free(p);
    return PGO_SHOW_BAD_INPUT;
  }
  int rc = PGO_SHOW_OK;
  size_t nflag = 0, nstale = 0, nwrapped = 0, nchecked = 0, nskipped = 0;
  for (size_t i = 0; i < n; i++) {
    const pgo_method_profile *m = pgo_profile_method(p, i);
    finding *f = &fs[i];
    f->m = m;
    f->residual = -1;
    count_wrapped(m, f);
    if (!mod) {
      check_no_ir(m, tol, f);
    } else {
      uint32_t fn = pgo_llvm_module_find(mod, m->key.name);
      pgo_method_key k;
      if (fn == PGO_NONE) {
        add_problem(f, "not in IR");
        f->skipped = "not in the IR";
      } else if (pgo_llvm_module_key(mod, fn, &k)) {
        fprintf(stderr, "pgo-show check: %s\n", pgo_llvm_errmsg(mod));
        rc = PGO_SHOW_BAD_INPUT;
        break;
      } else if (k.hash != m->key.hash || k.il_size != m->key.il_size) {
        char *d = add_problem(f, "stale");
        if (d)
          snprintf(d, sizeof f->prob[0].detail,
                 "profile hash 0x%016" PRIx64 " il_size %" PRIu32
                 ", IR hash 0x%016" PRIx64 " il_size %" PRIu32,
                 m->key.hash, m->key.il_size, k.hash, k.il_size);
        f->skipped = "stale (the IR has another hash or il_size)";
        nstale++;
      } else {
        pgo_cfg *g = NULL;
        if (pgo_llvm_module_cfg(mod, fn, NULL, &g)) {
          fprintf(stderr, "pgo-show check: %s\n", pgo_llvm_errmsg(mod));
          rc = PGO_SHOW_BAD_INPUT;
          break;
        }
        check_ir(m, g, tol, f);
        pgo_cfg_free(g);
      }
    }
    if (f->residual >= 0)
      nchecked++;
    else
      nskipped++;
    if (f->wrapped)
      nwrapped++;
  }
  if (rc == PGO_SHOW_BAD_INPUT) {
    free(fs);
    pgo_llvm_module_free(mod);
    pgo_profile_free(p);
    return rc;
  }
  FILE *o = stdout;
  bool js = fmt == 2;
  const char *q = js ? "\"" : "";
  if (fmt == 0)
    fprintf(o, "check %s%s%s (tolerance %g)\n", path, ir ? " against " : "",
            ir ? ir : "", tol);
  else
    fprintf(o, "%s  %sflagged%s:%s\n", js ? "{\n" : "", q, q,
            js ? " [" : "");
  for (size_t i = 0; i < n; i++) {
    finding *f = &fs[i];
    bool flagged = f->wrapped || f->nprob || f->residual > tol;
    if (!flagged)
      continue;
    const pgo_method_profile *m = f->m;
    if (fmt == 0) {
      text_key(o, m);
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
        fprintf(o, "%s%" PRIu32 " counters look wrapped (e.g. %" PRIu64 ")",
                sep, f->wrapped, f->wrapped_val);
      fputc('\n', o);
    } else {
      fprintf(o, "%s    %s", nflag && js ? ",\n" : "", js ? "" : "- ");
      struct_key(o, m, js);
      fprintf(o, ", %sproblems%s: [", q, q);
      for (uint32_t k = 0; k < f->nprob; k++) {
        fprintf(o, "%s{%skind%s: ", k ? ", " : "", q, q);
        pgo_tool_json_str(o, f->prob[k].kind);
        fprintf(o, ", %sdetail%s: ", q, q);
        pgo_tool_json_str(o, f->prob[k].detail[0] ? f->prob[k].detail
                                                  : NULL);
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
      fprintf(o, "}%s", js ? "" : "\n");
    }
    nflag++;
  }
  /* methods whose balance was not checked, by name, with the reason */
  if (fmt == 0) {
    for (size_t i = 0; i < n; i++)
      if (fs[i].skipped) {
        fputs("skipped ", o);
        text_key(o, fs[i].m);
        fprintf(o, ": %s\n", fs[i].skipped);
      }
  } else {
    if (js)
      fprintf(o, "%s  ],\n", nflag ? "\n" : "");
    else if (!nflag)
      fputs("    []\n", o);
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
  if (fmt == 0)
    fprintf(o, "methods %zu checked %zu skipped %zu flagged %zu stale %zu "
               "wrapped %zu\n", n, nchecked, nskipped, nflag, nstale,
            nwrapped);
  else
    fprintf(o,
            "  %smethods%s: %zu%s\n  %schecked%s: %zu%s\n"
            "  %sskipped_count%s: %zu%s\n  %sflagged_count%s: %zu%s\n"
            "  %sstale%s: %zu%s\n"
            "  %swrapped%s: %zu%s\n  %stolerance%s: %.17g\n%s",
            q, q, n, js ? "," : "", q, q, nchecked, js ? "," : "", q, q,
            nskipped, js ? "," : "", q, q, nflag, js ? "," : "", q, q,
            nstale, js ? "," : "", q, q, nwrapped, js ? "," : "", q, q, tol,
            js ? "}\n" : "");
  free(fs);
  pgo_llvm_module_free(mod);
  pgo_profile_free(p);
  return nflag ? PGO_SHOW_FINDINGS : PGO_SHOW_OK;
}
