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
 *     records count as 0, exits have no outflow, and methods without any
 *     edge record are skipped (nothing to balance).  A method is flagged
 *     when its worst residual exceeds the tolerance (default 0.01);
 *   - counters that look like wrapped values: 0xff000000..0xffffffff (a
 *     small negative 32-bit value read as unsigned) or >= 2^63 (a negative
 *     64-bit one);
 *   - with --ir: keys whose hash or il_size no longer match the IR (stale),
 *     methods absent from the IR, and records at offsets that are not block
 *     starts or at successor indices the block does not have.
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
#include "tool_output.h"

typedef struct finding {
  const pgo_method_profile *m;
  double residual;      /* worst residual, -1 when not checked */
  uint32_t worst_off;   /* IL offset of the worst block */
  char worst_name[64];  /* its label (with --ir) */
  uint32_t over;        /* blocks over tolerance */
  uint32_t wrapped;     /* counters that look wrapped */
  uint64_t wrapped_val; /* first one */
  const char *problem;  /* stale / not in IR / bad key (static text) */
  char detail[160];
} finding;

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
  if (!m->nedges)
    return;
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
  /* records must sit on block starts and existing successors */
  for (uint32_t i = 0; i < m->nblocks; i++)
    if (pgo_cfg_block_at(g, m->blocks[i].offset) == PGO_NONE) {
      f->problem = "bad offset";
      snprintf(f->detail, sizeof f->detail,
               "block record at IL offset %" PRIu32 " is not a block start",
               m->blocks[i].offset);
      return;
    }
  for (uint32_t i = 0; i < m->nedges; i++) {
    uint32_t b = pgo_cfg_block_at(g, m->edges[i].offset);
    if (b == PGO_NONE || m->edges[i].succ >= pgo_cfg_nsucc(g, b)) {
      f->problem = "bad edge";
      snprintf(f->detail, sizeof f->detail,
               "edge record (%" PRIu32 ", %" PRIu32 ") is not an edge of the "
               "IR", m->edges[i].offset, m->edges[i].succ);
      return;
    }
  }
  if (!m->nedges)
    return;
  uint32_t nb = pgo_cfg_nblocks(g), ne = pgo_cfg_nedges(g);
  long double *ec = calloc(ne ? ne : 1, sizeof *ec);
  if (!ec)
    return;
  for (uint32_t i = 0; i < m->nedges; i++) {
    uint32_t b = pgo_cfg_block_at(g, m->edges[i].offset);
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
        "tolerance T, default 0.01), counters that look like wrapped values,\n"
        "and with --ir keys whose hash no longer matches the IR.\n"
        "Exit status 1 when anything is flagged.\n",
        out);
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
  while ((c = getopt_long(argc, argv, "i:t:f:h", opts, NULL)) != -1) {
    switch (c) {
    case 'i':
      ir = optarg;
      break;
    case 't': {
      char *end;
      tol = strtod(optarg, &end);
      if (*end || !(tol >= 0)) {
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
      usage(stderr);
      return PGO_SHOW_BAD_INPUT;
    }
  }
  int fmt = !strcmp(fmts, "text") ? 0
            : !strcmp(fmts, "yaml") ? 1
            : !strcmp(fmts, "json") ? 2
                                    : -1;
  if (fmt < 0) {
    fprintf(stderr, "pgo-show check: --format: expected text, yaml or json, "
                    "found '%s'\n", fmts);
    return PGO_SHOW_BAD_INPUT;
  }
  if (optind + 1 != argc) {
    usage(stderr);
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
  size_t nflag = 0, nstale = 0, nwrapped = 0, nchecked = 0;
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
        f->problem = "not in IR";
      } else if (pgo_llvm_module_key(mod, fn, &k)) {
        fprintf(stderr, "pgo-show check: %s\n", pgo_llvm_errmsg(mod));
        rc = PGO_SHOW_BAD_INPUT;
        break;
      } else if (k.hash != m->key.hash || k.il_size != m->key.il_size) {
        f->problem = "stale";
        snprintf(f->detail, sizeof f->detail,
                 "profile hash 0x%016" PRIx64 " il_size %" PRIu32
                 ", IR hash 0x%016" PRIx64 " il_size %" PRIu32,
                 m->key.hash, m->key.il_size, k.hash, k.il_size);
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
    bool flagged = f->wrapped || f->problem || f->residual > tol;
    if (!flagged)
      continue;
    const pgo_method_profile *m = f->m;
    if (fmt == 0) {
      fprintf(o, "method %s hash 0x%016" PRIx64 " il_size %" PRIu32 ":",
              m->key.name, m->key.hash, m->key.il_size);
      const char *sep = " ";
      if (f->problem) {
        fprintf(o, "%s%s%s%s", sep, f->problem, f->detail[0] ? ": " : "",
                f->detail);
        sep = "; ";
      }
      if (f->residual > tol) {
        fprintf(o, "%smax residual %.6g at il %" PRIu32, sep, f->residual,
                f->worst_off);
        if (f->worst_name[0])
          fprintf(o, " (%s)", f->worst_name);
        fprintf(o, ", %" PRIu32 " blocks over tolerance", f->over);
        sep = "; ";
      }
      if (f->wrapped)
        fprintf(o, "%s%" PRIu32 " counters look wrapped (e.g. %" PRIu64 ")",
                sep, f->wrapped, f->wrapped_val);
      fputc('\n', o);
    } else {
      fprintf(o, "%s    %s{%sname%s: ", nflag && js ? ",\n" : "",
              js ? "" : "- ", q, q);
      pgo_tool_json_str(o, m->key.name);
      fprintf(o, ", %shash%s: \"0x%016" PRIx64 "\", %sil_size%s: %" PRIu32,
              q, q, m->key.hash, q, q, m->key.il_size);
      fprintf(o, ", %sproblem%s: ", q, q);
      pgo_tool_json_str(o, f->problem ? f->problem : "");
      fprintf(o, ", %sdetail%s: ", q, q);
      pgo_tool_json_str(o, f->detail);
      fprintf(o, ", %sresidual%s: ", q, q);
      if (f->residual >= 0)
        fprintf(o, "%.9g", f->residual);
      else
        fputs("null", o);
      fprintf(o, ", %sworst_il%s: %" PRIu32 ", %sworst_block%s: ", q, q,
              f->worst_off, q, q);
      pgo_tool_json_str(o, f->worst_name);
      fprintf(o, ", %sblocks_over%s: %" PRIu32 ", %swrapped%s: %" PRIu32 "}%s",
              q, q, f->over, q, q, f->wrapped, js ? "" : "\n");
    }
    nflag++;
  }
  if (fmt == 0)
    fprintf(o, "methods %zu checked %zu flagged %zu stale %zu wrapped %zu\n",
            n, nchecked, nflag, nstale, nwrapped);
  else {
    if (js)
      fprintf(o, "%s  ],\n", nflag ? "\n" : "");
    else if (!nflag)
      fputs("    []\n", o);
    fprintf(o,
            "  %smethods%s: %zu%s\n  %schecked%s: %zu%s\n  %sstale%s: %zu%s\n"
            "  %swrapped%s: %zu%s\n  %stolerance%s: %g\n%s",
            q, q, n, js ? "," : "", q, q, nchecked, js ? "," : "", q, q,
            nstale, js ? "," : "", q, q, nwrapped, js ? "," : "", q, q, tol,
            js ? "}\n" : "");
  }
  free(fs);
  pgo_llvm_module_free(mod);
  pgo_profile_free(p);
  return nflag ? PGO_SHOW_FINDINGS : PGO_SHOW_OK;
}
