/*
 * cmd_synth.c -- `pgo-show synth FILE.ll|FILE.bc [--method NAME]
 *                [--format text|json] [--disable LIST]`
 *
 * Runs profile synthesis (lib/synth) on each defined function of an IR
 * module (or the one --method names) and prints, per block, its index,
 * LLVM label, IL offset and normalised frequency (entry = 1), and per
 * successor its index, target block, probability and the heuristics that
 * fired (+name: predicted taken, -name: predicted not taken; `annotation`
 * when llvm.expect / !prof decided).  The JSON schema is in
 * docs/pgo-show-synth.md.  Method names and block labels are quoted in
 * text and made valid UTF-8 in JSON exactly as `pgo-show cfg` does
 * (tools/common/tool_output.h), so one name is one token on one line.
 *
 * What a pgo_cfg does not carry -- whether a successor uses an operand of
 * the branch's comparison (guard heuristic), whether a block's calls all
 * go to functions of this module (call heuristic), and where clang's
 * cleanup dispatch certainly ends (loop-exit, loop-branch and return
 * heuristics) -- comes from the IR through pgo_llvm_synth_hints (lib/llvm,
 * the only layer that reads llvm-c; docs/llvm.md "Hints for synthesis").
 *
 * Every function is synthesised before anything is printed: a bad file or
 * method gives one line on stderr ("pgo-show synth: ..."), exit status 2
 * and no output.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgo/core.h"
#include "pgo/llvm.h"
#include "pgo/synth.h"
#include "show.h"
#include "ir_open.h"
#include "tool_output.h"

static void usage(FILE *out) {
  fputs("usage: pgo-show synth FILE.ll|FILE.bc [--method NAME] "
        "[--format text|json] [--disable LIST]\n"
        "       [--probs NAME=P,...] [--no-merge-hints]\n"
        "\n"
        "Synthesize a profile for each defined function (Ball-Larus\n"
        "heuristics, Dempster-Shafer, Wu-Larus / Gauss-Seidel frequencies)\n"
        "and print block frequencies and branch probabilities with the\n"
        "heuristics that fired (docs/synth.md, docs/pgo-show-synth.md).\n"
        "\n"
        "  -m, --method NAME   only the function NAME\n"
        "  -f, --format FMT    text (default) or json\n"
        "  -d, --disable LIST  heuristics not to apply, comma-separated:\n"
        "                      loop-branch, loop-exit, loop-header, pointer,\n"
        "                      opcode, guard, call, store, return, cold-path\n"
        "  -p, --probs LIST    heuristic probabilities instead of the table's,\n"
        "                      NAME=P comma-separated, each P in (0, 1); the\n"
        "                      heuristics not named keep the table's\n"
        "      --no-merge-hints  do not look through clang's short-circuit\n"
        "                      merges (pgo_llvm_synth_edge_hints)\n"
        "  -h, --help          this help\n",
        out);
}

/* "call,store" -> bit set of heuristics.  Returns 0, or -1 with the
 * offending item in bad[] (empty when an item, or the whole list, is
 * empty: "" and "call,," name nothing and are more likely a mistake than
 * a request to disable nothing). */
static int parse_disable(const char *list, uint32_t *out, char *bad,
                         size_t nbad) {
  const char *p = list;
  bad[0] = 0;
  for (;;) {
    size_t n = strcspn(p, ",");
    int found = -1;
    for (int h = 0; h < PGO_SYNTH_NHEURISTICS; h++) {
      const char *name = pgo_synth_heuristic_name((pgo_synth_heuristic)h);
      if (strlen(name) == n && !strncmp(p, name, n))
        found = h;
    }
    if (found < 0) {
      snprintf(bad, nbad, "%.*s", (int)(n < nbad ? n : nbad - 1), p);
      return -1;
    }
    *out |= 1u << found;
    p += n;
    if (!*p)
      return 0;
    p++; /* the comma; an item must follow */
  }
}

/* "call=0.7,store=0.6" -> probs[h] for the named heuristics (probs holds
 * the table's values on entry).  Returns 0, or -1 with the offending item
 * in bad[]. */
static int parse_probs(const char *list, double *probs, char *bad,
                       size_t nbad) {
  const char *p = list;
  bad[0] = 0;
  for (;;) {
    size_t n = strcspn(p, ",");
    size_t eq = strcspn(p, "=");
    int found = -1;
    if (eq < n)
      for (int h = 0; h < PGO_SYNTH_NHEURISTICS; h++) {
        const char *name = pgo_synth_heuristic_name((pgo_synth_heuristic)h);
        if (strlen(name) == eq && !strncmp(p, name, eq))
          found = h;
      }
    char num[64], *end = NULL;
    double v = 0;
    if (found >= 0 && n - eq - 1 > 0 && n - eq - 1 < sizeof num) {
      memcpy(num, p + eq + 1, n - eq - 1);
      num[n - eq - 1] = 0;
      v = strtod(num, &end);
    }
    if (found < 0 || !end || *end || !(v > 0 && v < 1)) {
      snprintf(bad, nbad, "%.*s", (int)(n < nbad ? n : nbad - 1), p);
      return -1;
    }
    probs[found] = v;
    p += n;
    if (!*p)
      return 0;
    p++;
  }
}

typedef struct method {
  pgo_cfg *cfg;
  pgo_pfg *pfg;
  uint32_t *for_mask, *against_mask; /* per edge */
  pgo_synth_report report;
  double *cp;    /* per loop: uncapped cyclic probability */
  double cp_cap; /* the cap it was run with */
} method;

static const char *block_name(const pgo_cfg *g, uint32_t b, char *buf,
                              size_t n) {
  const char *l = pgo_cfg_label(g, b);
  if (l)
    return l;
  snprintf(buf, n, "bb%" PRIu32, b);
  return buf;
}

/* --- text ------------------------------------------------------------ */

static void text_heuristics(FILE *out, uint32_t fm, uint32_t am) {
  bool any = false;
  if (fm & PGO_SYNTH_ANNOTATION_BIT) {
    fputs(" annotation", out);
    any = true;
  }
  for (int h = 0; h < PGO_SYNTH_NHEURISTICS; h++) {
    if (fm & (1u << h))
      fprintf(out, " +%s", pgo_synth_heuristic_name((pgo_synth_heuristic)h));
    if (am & (1u << h))
      fprintf(out, " -%s", pgo_synth_heuristic_name((pgo_synth_heuristic)h));
    any |= ((fm | am) & (1u << h)) != 0;
  }
  if (!any)
    fputs(" -", out);
}

static void print_text(FILE *out, const method *m) {
  const pgo_cfg *g = m->cfg;
  pgo_method_key k = pgo_cfg_key(g);
  char buf[32], buf2[32];
  const pgo_synth_report *r = &m->report;
  fputs("method ", out);
  pgo_tool_text_name(out, k.name);
  fprintf(out, " hash %016" PRIx64 " il_size %" PRIu32 "\n", k.hash,
          k.il_size);
  fprintf(out,
          "  solver %s loops %" PRIu32 " capped %" PRIu32 " regions %" PRIu32
          " unconverged %" PRIu32 " residual %.3g\n",
          r->status == PGO_OK ? "ok" : "not-converged", r->loops,
          r->capped_loops, r->regions, r->unconverged, r->max_residual);
  for (uint32_t l = 0; l < pgo_cfg_nloops(g); l++)
    fprintf(out, "  loop %" PRIu32 " header %" PRIu32 " cp %.6g%s\n", l,
            pgo_cfg_loop_header(g, l), m->cp[l],
            m->cp[l] > m->cp_cap ? " capped" : "");
  for (uint32_t b = 0; b < pgo_cfg_nblocks(g); b++) {
    fprintf(out, "  block %" PRIu32 " ", b);
    pgo_tool_text_name(out, block_name(g, b, buf, sizeof buf));
    fprintf(out, " il %" PRIu32 " freq %.6g\n", pgo_cfg_il_offset(g, b),
            pgo_pfg_block_count(m->pfg, b));
    uint32_t e0 = pgo_cfg_succ_begin(g, b);
    for (uint32_t s = 0; s < pgo_cfg_nsucc(g, b); s++) {
      uint32_t e = e0 + s, d = pgo_cfg_edge_dst(g, e);
      fprintf(out, "    succ %" PRIu32 " -> %" PRIu32 " ", s, d);
      pgo_tool_text_name(out, block_name(g, d, buf2, sizeof buf2));
      fprintf(out, " prob %.6g", pgo_pfg_edge_prob(m->pfg, e));
      if (pgo_cfg_nsucc(g, b) > 1)
        text_heuristics(out, m->for_mask[e], m->against_mask[e]);
      fputc('\n', out);
    }
  }
}

/* --- json ------------------------------------------------------------ */

static void print_json(FILE *out, const method *m, bool last) {
  const pgo_cfg *g = m->cfg;
  pgo_method_key k = pgo_cfg_key(g);
  const pgo_synth_report *r = &m->report;
  fputs("    {\"name\": ", out);
  pgo_tool_json_str(out, k.name);
  fprintf(out,
          ", \"hash\": \"%016" PRIx64 "\", \"il_size\": %" PRIu32
          ", \"entry\": %" PRIu32 ",\n     \"solver\": {\"status\": "
          "\"%s\", \"loops\": %" PRIu32 ", \"capped_loops\": %" PRIu32
          ", \"regions\": %" PRIu32 ", \"regions_eliminated\": %" PRIu32
          ", \"regions_capped\": %" PRIu32 ", \"unconverged\": %" PRIu32
          ", \"max_sweeps\": %" PRIu32 ", \"max_residual\": ",
          k.hash, k.il_size, pgo_cfg_entry(g),
          r->status == PGO_OK ? "ok" : "not-converged", r->loops,
          r->capped_loops, r->regions, r->regions_eliminated, r->regions_capped,
          r->unconverged, r->max_sweeps);
  pgo_tool_json_double(out, r->max_residual);
  fputs(", \"max_cp\": ", out);
  pgo_tool_json_double(out, r->max_cp);
  fprintf(out, ", \"saturated\": %" PRIu32, r->saturated);
  fputs("},\n     \"loops\": [", out);
  for (uint32_t l = 0; l < pgo_cfg_nloops(g); l++) {
    fprintf(out, "%s{\"id\": %" PRIu32 ", \"header\": %" PRIu32 ", \"cp\": ",
            l ? ", " : "", l, pgo_cfg_loop_header(g, l));
    pgo_tool_json_double(out, m->cp[l]);
    fprintf(out, ", \"capped\": %s}", m->cp[l] > m->cp_cap ? "true" : "false");
  }
  fputs("],\n     \"blocks\": [", out);
  for (uint32_t b = 0; b < pgo_cfg_nblocks(g); b++) {
    fprintf(out,
            "%s\n       {\"index\": %" PRIu32 ", \"label\": ", b ? "," : "", b);
    pgo_tool_json_str(out, pgo_cfg_label(g, b));
    fprintf(out, ", \"il_offset\": ");
    if (pgo_cfg_il_offset(g, b) == PGO_NONE)
      fputs("null", out);
    else
      fprintf(out, "%" PRIu32, pgo_cfg_il_offset(g, b));
    fputs(", \"freq\": ", out);
    pgo_tool_json_double(out, pgo_pfg_block_count(m->pfg, b));
    fprintf(out, ", \"provenance\": \"%s\", \"succs\": [",
            pgo_provenance_text(pgo_pfg_block_prov(m->pfg, b)));
    uint32_t e0 = pgo_cfg_succ_begin(g, b);
    for (uint32_t s = 0; s < pgo_cfg_nsucc(g, b); s++) {
      uint32_t e = e0 + s;
      fprintf(out,
              "%s{\"index\": %" PRIu32 ", \"target\": %" PRIu32 ", \"prob\": ",
              s ? ", " : "", s, pgo_cfg_edge_dst(g, e));
      pgo_tool_json_double(out, pgo_pfg_edge_prob(m->pfg, e));
      fprintf(out,
              ", \"provenance\": \"%s\", \"back\": %s, "
              "\"heuristics\": [",
              pgo_provenance_text(pgo_pfg_edge_prov(m->pfg, e)),
              pgo_cfg_is_back_edge(g, e) ? "true" : "false");
      bool first = true;
      if (m->for_mask[e] & PGO_SYNTH_ANNOTATION_BIT) {
        fputs("{\"name\": \"annotation\", \"vote\": \"for\"}", out);
        first = false;
      }
      for (int h = 0; h < PGO_SYNTH_NHEURISTICS; h++) {
        uint32_t bit = 1u << h;
        if (!((m->for_mask[e] | m->against_mask[e]) & bit))
          continue;
        fprintf(out, "%s{\"name\": \"%s\", \"vote\": \"%s\", \"prob\": ",
                first ? "" : ", ",
                pgo_synth_heuristic_name((pgo_synth_heuristic)h),
                (m->for_mask[e] & bit) ? "for" : "against");
        pgo_tool_json_double(out,
                             pgo_synth_heuristic_prob((pgo_synth_heuristic)h));
        fputc('}', out);
        first = false;
      }
      fputs("]}", out);
    }
    fputs("]}", out);
  }
  fprintf(out, "]}%s\n", last ? "" : ",");
}

/* --- driver ---------------------------------------------------------- */

static void method_free(method *m) {
  free(m->for_mask);
  free(m->against_mask);
  free(m->cp);
  pgo_pfg_free(m->pfg);
  pgo_cfg_free(m->cfg);
}

/* Build, synthesize and keep what printing needs.  Returns 0 or prints the
 * one-line error and returns -1. */
static int synthesize(pgo_llvm_module *mod, const char *path, uint32_t fn,
                      pgo_synth *s, uint32_t disabled, const double *probs,
                      bool merge_hints, method *m) {
  const char *name = pgo_llvm_function_name(mod, fn);
  pgo_status st = pgo_llvm_module_cfg(mod, fn, NULL, &m->cfg);
  if (st != PGO_OK) {
    fprintf(stderr, "pgo-show synth: %s\n", pgo_llvm_errmsg(mod));
    return -1;
  }
  if ((st = pgo_cfg_analyze(m->cfg, PGO_ANALYSIS_ALL)) != PGO_OK ||
      (st = pgo_pfg_new(NULL, m->cfg, &m->pfg)) != PGO_OK) {
    pgo_tool_method_error("synth", path, name,
                          *pgo_cfg_errmsg(m->cfg) ? pgo_cfg_errmsg(m->cfg)
                                                  : pgo_status_text(st));
    return -1;
  }
  uint32_t ne = pgo_cfg_nedges(m->cfg), nl = pgo_cfg_nloops(m->cfg);
  uint32_t nb = pgo_cfg_nblocks(m->cfg);
  unsigned *hints = calloc(ne ? ne : 1, sizeof *hints);
  unsigned *bhints = calloc(nb ? nb : 1, sizeof *bhints);
  uint32_t *next = calloc(nb ? nb : 1, sizeof *next);
  uint32_t *enext = calloc(ne ? ne : 1, sizeof *enext);
  m->for_mask = calloc(ne ? ne : 1, sizeof *m->for_mask);
  m->against_mask = calloc(ne ? ne : 1, sizeof *m->against_mask);
  m->cp = calloc(nl ? nl : 1, sizeof *m->cp);
  bool oom = !hints || !bhints || !next || !enext || !m->for_mask ||
             !m->against_mask || !m->cp;
  if (oom ||
      pgo_llvm_synth_hints(mod, fn, m->cfg, hints, bhints, next) != PGO_OK ||
      (merge_hints &&
       pgo_llvm_synth_edge_hints(mod, fn, m->cfg, enext) != PGO_OK)) {
    free(hints);
    free(bhints);
    free(next);
    free(enext);
    if (oom) /* pgo_llvm_errmsg already starts with the path */
      pgo_tool_method_error("synth", path, name, "out of memory");
    else
      fprintf(stderr, "pgo-show synth: %s\n", pgo_llvm_errmsg(mod));
    return -1;
  }
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  o.edge_hints = hints;
  o.block_hints = bhints;
  o.continues_to = next;
  o.disabled = disabled;
  o.heuristic_probs = probs;
  o.edge_continues_to = merge_hints ? enext : NULL;
  st = pgo_synth_run(s, m->cfg, &o, m->pfg);
  free(hints);
  free(bhints);
  free(next);
  free(enext);
  /* Not converging is reported in the output (solver.status), not an
   * error: the frequencies are still finite and usable. */
  if (st != PGO_OK && st != PGO_ERR_NOT_CONVERGED) {
    pgo_tool_method_error("synth", path, name, pgo_synth_errmsg(s));
    return -1;
  }
  for (uint32_t e = 0; e < ne; e++)
    pgo_synth_fired(s, e, &m->for_mask[e], &m->against_mask[e]);
  m->report = *pgo_synth_last_report(s);
  for (uint32_t l = 0; l < nl; l++)
    m->cp[l] = pgo_synth_loop_cp(s, l);
  m->cp_cap = o.cp_cap;
  return 0;
}

int pgo_show_cmd_synth(int argc, char **argv) {
  static const struct option longopts[] = {
      {"method", required_argument, NULL, 'm'},
      {"format", required_argument, NULL, 'f'},
      {"disable", required_argument, NULL, 'd'},
      {"probs", required_argument, NULL, 'p'},
      {"no-merge-hints", no_argument, NULL, 'M'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  const char *mname = NULL;
  uint32_t disabled = 0;
  double probs[PGO_SYNTH_NHEURISTICS];
  bool have_probs = false, merge_hints = true;
  for (int h = 0; h < PGO_SYNTH_NHEURISTICS; h++)
    probs[h] = pgo_synth_heuristic_prob((pgo_synth_heuristic)h);
  pgo_tool_format fmt = PGO_FORMAT_TEXT;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "m:f:d:p:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'm':
      mname = optarg;
      break;
    case 'd':
    {
      char bad[64];
      if (parse_disable(optarg, &disabled, bad, sizeof bad) != 0) {
        if (*bad)
          fprintf(stderr,
                  "pgo-show synth: --disable: unknown heuristic '%s' "
                  "(see --help)\n",
                  bad);
        else
          fprintf(stderr,
                  "pgo-show synth: --disable: empty heuristic name in '%s' "
                  "(see --help)\n",
                  optarg);
        return PGO_SHOW_BAD_INPUT;
      }
    }
      break;
    case 'M':
      merge_hints = false;
      break;
    case 'p': {
      char bad[64];
      if (parse_probs(optarg, probs, bad, sizeof bad) != 0) {
        fprintf(stderr,
                "pgo-show synth: --probs: bad item '%s' (NAME=P with a "
                "heuristic name and 0 < P < 1; see --help)\n",
                bad);
        return PGO_SHOW_BAD_INPUT;
      }
      have_probs = true;
    } break;
    case 'f':
      if (pgo_tool_parse_format(optarg, PGO_FORMAT_TEXT | PGO_FORMAT_JSON,
                                &fmt)) {
        fprintf(stderr,
                "pgo-show synth: unknown format '%s' "
                "(text or json)\n",
                optarg);
        return PGO_SHOW_BAD_INPUT;
      }
      break;
    case 'h':
      usage(stdout);
      return PGO_SHOW_OK;
    default:
      fprintf(stderr, "pgo-show synth: bad option '%s' (see --help)\n",
              argv[optind - 1]);
      return PGO_SHOW_BAD_INPUT;
    }
  }
  if (argc - optind != 1) {
    fprintf(stderr, "pgo-show synth: expected one IR file (see --help)\n");
    return PGO_SHOW_BAD_INPUT;
  }
  const char *path = argv[optind];
  pgo_llvm_module *mod = NULL;
  char open_msg[1024];
  uint32_t first = 0, count = 0;
  pgo_status st = tool_ir_select(path, mname, &mod, &first, &count, open_msg,
                                 sizeof open_msg);
  if (st != PGO_OK) {
    fprintf(stderr, "pgo-show synth: %s\n", open_msg);
    return PGO_SHOW_BAD_INPUT;
  }
  method *ms = calloc(count ? count : 1, sizeof *ms);
  pgo_synth *s = NULL;
  int rc = PGO_SHOW_OK;
  if (!ms || pgo_synth_new(NULL, &s) != PGO_OK) {
    fprintf(stderr, "pgo-show synth: %s: out of memory\n", path);
    rc = PGO_SHOW_BAD_INPUT;
  }
  for (uint32_t i = 0; rc == PGO_SHOW_OK && i < count; i++)
    if (synthesize(mod, path, first + i, s, disabled,
                    have_probs ? probs : NULL, merge_hints, &ms[i]) != 0)
      rc = PGO_SHOW_BAD_INPUT;
  if (rc == PGO_SHOW_OK) {
    if (fmt == PGO_FORMAT_JSON) {
      fputs("{\"schema\": \"pgo-show-synth/1\", \"file\": ", stdout);
      pgo_tool_json_str(stdout, path);
      fprintf(stdout, ",\n  \"methods\": [%s", count ? "\n" : "");
    }
    for (uint32_t i = 0; i < count; i++) {
      if (fmt == PGO_FORMAT_TEXT) {
        if (i)
          fputc('\n', stdout);
        print_text(stdout, &ms[i]);
      } else {
        print_json(stdout, &ms[i], i + 1 == count);
      }
    }
    if (fmt == PGO_FORMAT_JSON)
      fputs("  ]}\n", stdout);
    if (fflush(stdout) != 0 || ferror(stdout)) {
      fprintf(stderr, "pgo-show synth: write error on standard output\n");
      rc = PGO_SHOW_BAD_INPUT;
    }
  }
  for (uint32_t i = 0; ms && i < count; i++)
    method_free(&ms[i]);
  free(ms);
  pgo_synth_free(s);
  pgo_llvm_module_free(mod);
  return rc;
}
