/*
 * cmd_dot.c -- `pgo-show dot PROFILE --ir FILE --method M`
 *
 * The flow graph of M (from lib/llvm, keyed as the store is: block = IL
 * offset of its first instruction, edge = (source offset, successor
 * index)) as graphviz DOT, each block labelled with its name, IL offset and
 * stored count, each edge with its stored count, and heat colours: a
 * block's or edge's heat is t = log(1 + c) / log(1 + max) (log scale, so a
 * hot loop does not wash everything else out), drawn as HSV hue
 * 0.66 (blue, cold) .. 0 (red, hot); edge pen width 1 + 4t.  Missing
 * records are 0 (docs/store.md).  The records are laid onto the graph by
 * lib/ingest (pgo_ingest_lookup, pgo_ingest_apply), the mapping every
 * consumer of a profile uses; records that fit no block or edge are not
 * drawn and do not count towards the heat scale.  The profile's method must have the IR's
 * exact key; another hash or il_size of the same name is a stale profile
 * and an error (exit 2), as is a method absent from either side.
 */
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pgo/ingest.h"
#include "pgo/llvm.h"
#include "pgo/store.h"
#include "ir_open.h"
#include "show.h"
#include "store_view.h"
#include "tool_output.h"

static double heat(double c, double max) {
  if (!(max > 0))
    return 0;
  return log1p(c) / log1p(max);
}

static void usage(FILE *out) {
  fputs("usage: pgo-show dot PROFILE --ir FILE --method NAME\n"
        "\n"
        "The method's flow graph with stored counts and heat colours, as\n"
        "graphviz DOT (pipe to `dot -Tsvg`).  PROFILE is a store or a YAML\n"
        "profile; its version of NAME must have the IR's hash and il_size.\n"
        "\n"
        "options:\n"
        "  -i, --ir FILE        LLVM IR (.ll or .bc) holding the function\n"
        "                       (required)\n"
        "  -m, --method NAME    the function (required)\n"
        "  -f, --format F       dot (the only format)\n"
        "  -h, --help           this text\n"
        "\n"
        "Exit status: 0 printed, 2 bad input, stale or missing method.\n",
        out);
}

/* The DOT text of g with the counts apply laid onto pfg. */
static void print_dot(FILE *o, const pgo_cfg *g, const pgo_pfg *pfg,
                      const pgo_ingest_result *r, const char *method) {
  pgo_method_key k = pgo_cfg_key(g);
  uint32_t nb = pgo_cfg_nblocks(g);
  double max = 0;
  for (uint32_t b = 0; b < nb; b++) {
    double n = pgo_pfg_block_count(pfg, b);
    if (n > max)
      max = n;
    for (uint32_t s = 0; s < pgo_cfg_nsucc(g, b); s++) {
      double ec = pgo_pfg_edge_measured(pfg, pgo_cfg_succ_begin(g, b) + s);
      if (ec > max)
        max = ec;
    }
  }
  fputs("digraph \"", o);
  pgo_tool_dot_chars(o, method);
  fputs("\" {\n  node [shape=box, style=filled, fontname=\"monospace\"];\n",
        o);
  fprintf(o, "  label=\"");
  pgo_tool_dot_chars(o, method);
  fprintf(o, " hash 0x%016" PRIx64 " il_size %" PRIu32 "%s\";\n", k.hash,
          k.il_size, r->has_entry ? "" : " (no entry count)");
  for (uint32_t b = 0; b < nb; b++) {
    uint32_t off = pgo_cfg_il_offset(g, b);
    double n = pgo_pfg_block_count(pfg, b);
    double t = heat(n, max);
    fprintf(o, "  b%" PRIu32 " [label=\"", b);
    const char *l = pgo_cfg_label(g, b);
    if (l)
      pgo_tool_dot_chars(o, l);
    else
      fprintf(o, "bb%" PRIu32, b);
    fprintf(o, "\\nil %" PRIu32 "\\n%.0f\", fillcolor=\"%.3f %.3f 1.000\"",
            off, n, 0.66 * (1 - t), 0.15 + 0.6 * t);
    if (b == pgo_cfg_entry(g) && r->has_entry)
      fprintf(o, ", xlabel=\"entry %" PRIu64 "\"", r->entry_count);
    fputs("];\n", o);
  }
  for (uint32_t b = 0; b < nb; b++) {
    for (uint32_t s = 0; s < pgo_cfg_nsucc(g, b); s++) {
      uint32_t e = pgo_cfg_succ_begin(g, b) + s;
      /* NaN: the store has no record of the edge (a count of 0) */
      double ec = pgo_pfg_edge_measured(pfg, e);
      bool have = !isnan(ec);
      double t = heat(have ? ec : 0, max);
      fprintf(o, "  b%" PRIu32 " -> b%" PRIu32 " [taillabel=\"%" PRIu32 "\"",
              b, pgo_cfg_edge_dst(g, e), s);
      if (have)
        fprintf(o, ", label=\"%.0f\"", ec);
      fprintf(o, ", color=\"%.3f 0.800 0.800\", penwidth=%.2f];\n",
              0.66 * (1 - t), 1 + 4 * t);
    }
  }
  fputs("}\n", o);
}

int pgo_show_cmd_dot(int argc, char **argv) {
  static const struct option opts[] = {
      {"ir", required_argument, NULL, 'i'},
      {"method", required_argument, NULL, 'm'},
      {"format", required_argument, NULL, 'f'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  const char *ir = NULL, *method = NULL;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":i:m:f:h", opts, NULL)) != -1) {
    switch (c) {
    case 'i':
      ir = optarg;
      break;
    case 'm':
      method = optarg;
      break;
    case 'f':
      if (strcmp(optarg, "dot")) {
        fprintf(stderr, "pgo-show dot: --format: only dot, found '%s'\n",
                optarg);
        return PGO_SHOW_BAD_INPUT;
      }
      break;
    case 'h':
      usage(stdout);
      return PGO_SHOW_OK;
    default:
      sv_bad_option("dot", c, argv, optind);
      return PGO_SHOW_BAD_INPUT;
    }
  }
  const char *missing = optind == argc ? "PROFILE"
                        : !ir          ? "--ir"
                        : !method      ? "--method"
                                       : NULL;
  if (missing) {
    fprintf(stderr, "pgo-show dot: %s is required (see --help)\n", missing);
    return PGO_SHOW_BAD_INPUT;
  }
  if (optind + 1 != argc) {
    fprintf(stderr, "pgo-show dot: one PROFILE expected, found extra "
                    "argument '%s' (see --help)\n", argv[optind + 1]);
    return PGO_SHOW_BAD_INPUT;
  }
  const char *path = argv[optind];
  int rc = PGO_SHOW_BAD_INPUT;
  pgo_llvm_module *mod = NULL;
  pgo_cfg *g = NULL;
  pgo_profile *p = NULL;
  pgo_ingest *ig = NULL;
  pgo_pfg *pfg = NULL;
  char open_msg[1024];
  if (tool_ir_open(ir, &mod, open_msg, sizeof open_msg)) {
    fprintf(stderr, "pgo-show dot: %s\n", open_msg);
    goto out;
  }
  pgo_status st = pgo_llvm_module_cfg_by_name(mod, method, NULL, &g);
  if (st) {
    if (st == PGO_ERR_NOT_FOUND) {
      fprintf(stderr, "pgo-show dot: %s: no function ", ir);
      pgo_tool_text_name(stderr, method);
      fputc('\n', stderr);
    } else
      fprintf(stderr, "pgo-show dot: %s\n", pgo_llvm_errmsg(mod));
    goto out;
  }
  pgo_method_key k = pgo_cfg_key(g);
  if (pgo_profile_new(NULL, &p) || pgo_profile_load(p, path, 1) ||
      pgo_profile_finish(p)) {
    fprintf(stderr, "pgo-show dot: %s\n",
            p ? pgo_profile_errmsg(p) : "out of memory");
    goto out;
  }
  /* the library's mapping: the record of the IR's key (or the version a
   * mismatch names), laid onto the graph */
  const pgo_method_profile *m = NULL;
  pgo_ingest_result r;
  pgo_ingest_result_init(&r);
  if (pgo_ingest_lookup(p, &k, &m, NULL) || pgo_ingest_new(NULL, &ig) ||
      pgo_pfg_new(NULL, g, &pfg) ||
      pgo_ingest_apply(ig, g, m, NULL, pfg, &r)) {
    fprintf(stderr, "pgo-show dot: %s\n",
            ig && pgo_ingest_errmsg(ig)[0] ? pgo_ingest_errmsg(ig)
                                           : "out of memory");
    goto out;
  }
  if (r.match != PGO_INGEST_MATCHED && r.match != PGO_INGEST_ZERO) {
    bool stale = r.match == PGO_INGEST_MISMATCH;
    fprintf(stderr, "pgo-show dot: %s: %s for ", path,
            stale ? "stale profile" : "no profile");
    pgo_tool_text_name(stderr, method);
    if (stale)
      fprintf(stderr,
              " (profile hash 0x%016" PRIx64 " il_size %" PRIu32
              ", IR hash 0x%016" PRIx64 " il_size %" PRIu32 ")",
              r.profile_hash, r.profile_il_size, r.graph_hash,
              r.graph_il_size);
    fputc('\n', stderr);
    goto out;
  }
  print_dot(stdout, g, pfg, &r, method);
  rc = PGO_SHOW_OK;
out:
  pgo_pfg_free(pfg);
  pgo_ingest_free(ig);
  pgo_profile_free(p);
  pgo_cfg_free(g);
  pgo_llvm_module_free(mod);
  return rc;
}
