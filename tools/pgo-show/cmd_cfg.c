/*
 * cmd_cfg.c -- `pgo-show cfg FILE.ll|FILE.bc [--method NAME]
 *              [--format text|json|dot]`
 *
 * Prints, for each defined function of an IR module (or the one --method
 * names), the graph lib/llvm builds: the method key (name, hash as 16 hex
 * digits, il_size), blocks (index, LLVM label or bb<index>, IL offset,
 * size, terminator, flags, branch features, annotations), edges (source,
 * successor index, target, back-edge mark), natural loops (id, header,
 * depth, parent, own blocks, back edges, exits) and irreducible regions
 * (blocks, entries).  The formats are specified in docs/pgo-show.md.
 *
 * Every graph is built and analysed before anything is printed, so a bad
 * file or method gives one line on stderr ("pgo-show cfg: ..."), exit
 * status 2 and no output.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgo/core.h"
#include "pgo/llvm.h"
#include "show.h"
#include "ir_open.h"
#include "tool_output.h"

static void usage(FILE *out) {
  fputs("usage: pgo-show cfg FILE.ll|FILE.bc [--method NAME] "
        "[--format text|json|dot]\n"
        "\n"
        "Print each defined function's method key, blocks, edges, loops and\n"
        "irreducible regions, as lib/llvm sees them (docs/pgo-show.md).\n"
        "\n"
        "  -m, --method NAME   only the function NAME\n"
        "  -f, --format FMT    text (default), json or dot\n"
        "  -h, --help          this help\n",
        out);
}

/* Block name as shown everywhere: the LLVM label, else bb<index>. */
static const char *block_name(const pgo_cfg *g, uint32_t b, char *buf,
                              size_t n) {
  const char *l = pgo_cfg_label(g, b);
  if (l)
    return l;
  snprintf(buf, n, "bb%" PRIu32, b);
  return buf;
}

/* --- text ------------------------------------------------------------ */

static void text_edge(FILE *out, const pgo_cfg *g, uint32_t e) {
  fprintf(out, " %" PRIu32 ".%" PRIu32 "->%" PRIu32, pgo_cfg_edge_src(g, e),
          pgo_cfg_edge_index(g, e), pgo_cfg_edge_dst(g, e));
}

static void text_list(FILE *out, const char *what, const uint32_t *v,
                      uint32_t n) {
  fprintf(out, " %s", what);
  if (!n)
    fputs(" -", out);
  for (uint32_t i = 0; i < n; i++)
    fprintf(out, " %" PRIu32, v[i]);
}

static void print_text(FILE *out, const pgo_cfg *g) {
  pgo_method_key k = pgo_cfg_key(g);
  uint32_t nb = pgo_cfg_nblocks(g);
  char buf[32];
  fputs("method ", out);
  pgo_tool_text_name(out, k.name);
  fprintf(out, " hash %016" PRIx64 " il_size %" PRIu32 "\n", k.hash,
          k.il_size);
  fprintf(out, "  blocks %" PRIu32 " edges %" PRIu32 " loops %" PRIu32
               " irreducible %" PRIu32 "\n",
          nb, pgo_cfg_nedges(g), pgo_cfg_nloops(g), pgo_cfg_nirreducible(g));
  for (uint32_t b = 0; b < nb; b++) {
    fprintf(out, "  block %" PRIu32 " ", b);
    pgo_tool_text_name(out, block_name(g, b, buf, sizeof buf));
    fprintf(out, " il %" PRIu32 " size %" PRIu32 " term %s",
            pgo_cfg_il_offset(g, b), pgo_cfg_ninstr(g, b),
            pgo_tool_term_name(pgo_cfg_term(g, b)));
    unsigned flags = pgo_cfg_flags(g, b);
    fputs(" flags ", out);
    if (!flags)
      fputc('-', out);
    for (unsigned bit = 1, first = 1; bit && bit <= flags; bit <<= 1)
      if ((flags & bit) && pgo_tool_flag_name(bit)) {
        fprintf(out, "%s%s", first ? "" : ",", pgo_tool_flag_name(bit));
        first = 0;
      }
    if (pgo_cfg_term(g, b) == PGO_TERM_BRANCH) {
      pgo_branch_features f = pgo_cfg_branch(g, b);
      fprintf(out, " cmp %s %s %s", pgo_tool_cmp_name(f.cmp),
              pgo_tool_operand_name(f.lhs), pgo_tool_operand_name(f.rhs));
    }
    const double *a = pgo_cfg_annotation(g, b);
    if (a) {
      fputs(" annotated", out);
      for (uint32_t s = 0; s < pgo_cfg_nsucc(g, b); s++)
        fprintf(out, " %.6g", a[s]);
    }
    if (!pgo_cfg_reachable(g, b))
      fputs(" unreachable", out);
    fputc('\n', out);
  }
  for (uint32_t e = 0; e < pgo_cfg_nedges(g); e++) {
    fputs("  edge", out);
    text_edge(out, g, e);
    fputs(pgo_cfg_is_back_edge(g, e) ? " back\n" : "\n", out);
  }
  for (uint32_t l = 0; l < pgo_cfg_nloops(g); l++) {
    uint32_t n, parent = pgo_cfg_loop_parent(g, l);
    fprintf(out, "  loop %" PRIu32 " header %" PRIu32 " depth %" PRIu32
                 " parent ",
            l, pgo_cfg_loop_header(g, l), pgo_cfg_loop_depth(g, l));
    if (parent == PGO_NONE)
      fputc('-', out);
    else
      fprintf(out, "%" PRIu32, parent);
    const uint32_t *v = pgo_cfg_loop_blocks(g, l, &n);
    text_list(out, "blocks", v, n);
    v = pgo_cfg_loop_back_edges(g, l, &n);
    fputs(" back", out);
    for (uint32_t i = 0; i < n; i++)
      text_edge(out, g, v[i]);
    v = pgo_cfg_loop_exits(g, l, &n);
    fputs(" exits", out);
    if (!n)
      fputs(" -", out);
    for (uint32_t i = 0; i < n; i++)
      text_edge(out, g, v[i]);
    fputc('\n', out);
  }
  for (uint32_t r = 0; r < pgo_cfg_nirreducible(g); r++) {
    uint32_t n;
    fprintf(out, "  irreducible %" PRIu32, r);
    const uint32_t *v = pgo_cfg_irreducible_blocks(g, r, &n);
    text_list(out, "blocks", v, n);
    v = pgo_cfg_irreducible_entries(g, r, &n);
    text_list(out, "entries", v, n);
    fputc('\n', out);
  }
}

/* --- json ------------------------------------------------------------ */

static void json_u32s(FILE *out, const uint32_t *v, uint32_t n) {
  fputc('[', out);
  for (uint32_t i = 0; i < n; i++)
    fprintf(out, "%s%" PRIu32, i ? ", " : "", v[i]);
  fputc(']', out);
}

static void json_edge(FILE *out, const pgo_cfg *g, uint32_t e) {
  fprintf(out, "{\"src\": %" PRIu32 ", \"succ\": %" PRIu32
               ", \"dst\": %" PRIu32,
          pgo_cfg_edge_src(g, e), pgo_cfg_edge_index(g, e),
          pgo_cfg_edge_dst(g, e));
}

static void json_edges(FILE *out, const pgo_cfg *g, const uint32_t *v,
                       uint32_t n) {
  fputc('[', out);
  for (uint32_t i = 0; i < n; i++) {
    fputs(i ? ", " : "", out);
    json_edge(out, g, v[i]);
    fputc('}', out);
  }
  fputc(']', out);
}

static void print_json(FILE *out, const pgo_cfg *g, bool last) {
  pgo_method_key k = pgo_cfg_key(g);
  uint32_t nb = pgo_cfg_nblocks(g), ne = pgo_cfg_nedges(g);
  fputs("    {\"name\": ", out);
  pgo_tool_json_str(out, k.name);
  fprintf(out, ", \"hash\": \"%016" PRIx64 "\", \"il_size\": %" PRIu32
               ", \"entry\": %" PRIu32 ",\n     \"blocks\": [",
          k.hash, k.il_size, pgo_cfg_entry(g));
  for (uint32_t b = 0; b < nb; b++) {
    fprintf(out, "%s\n       {\"index\": %" PRIu32 ", \"label\": ",
            b ? "," : "", b);
    pgo_tool_json_str(out, pgo_cfg_label(g, b));
    fprintf(out, ", \"il_offset\": %" PRIu32 ", \"size\": %" PRIu32
                 ", \"term\": \"%s\", \"flags\": [",
            pgo_cfg_il_offset(g, b), pgo_cfg_ninstr(g, b),
            pgo_tool_term_name(pgo_cfg_term(g, b)));
    unsigned flags = pgo_cfg_flags(g, b);
    for (unsigned bit = 1, first = 1; bit && bit <= flags; bit <<= 1)
      if ((flags & bit) && pgo_tool_flag_name(bit)) {
        fprintf(out, "%s\"%s\"", first ? "" : ", ", pgo_tool_flag_name(bit));
        first = 0;
      }
    fprintf(out, "], \"reachable\": %s",
            pgo_cfg_reachable(g, b) ? "true" : "false");
    if (pgo_cfg_term(g, b) == PGO_TERM_BRANCH) {
      pgo_branch_features f = pgo_cfg_branch(g, b);
      fprintf(out, ", \"branch\": {\"cmp\": \"%s\", \"lhs\": \"%s\", "
                   "\"rhs\": \"%s\"}",
              pgo_tool_cmp_name(f.cmp), pgo_tool_operand_name(f.lhs),
              pgo_tool_operand_name(f.rhs));
    }
    const double *a = pgo_cfg_annotation(g, b);
    if (a) {
      fputs(", \"annotation\": [", out);
      for (uint32_t s = 0; s < pgo_cfg_nsucc(g, b); s++) {
        fputs(s ? ", " : "", out);
        pgo_tool_json_double(out, a[s]);
      }
      fputc(']', out);
    }
    fputc('}', out);
  }
  fputs("],\n     \"edges\": [", out);
  for (uint32_t e = 0; e < ne; e++) {
    fputs(e ? ",\n       " : "\n       ", out);
    json_edge(out, g, e);
    fprintf(out, ", \"back\": %s}",
            pgo_cfg_is_back_edge(g, e) ? "true" : "false");
  }
  fputs("],\n     \"loops\": [", out);
  for (uint32_t l = 0; l < pgo_cfg_nloops(g); l++) {
    uint32_t n, parent = pgo_cfg_loop_parent(g, l);
    fprintf(out, "%s\n       {\"id\": %" PRIu32 ", \"header\": %" PRIu32
                 ", \"depth\": %" PRIu32 ", \"parent\": ",
            l ? "," : "", l, pgo_cfg_loop_header(g, l),
            pgo_cfg_loop_depth(g, l));
    if (parent == PGO_NONE)
      fputs("null", out);
    else
      fprintf(out, "%" PRIu32, parent);
    fputs(", \"blocks\": ", out);
    const uint32_t *v = pgo_cfg_loop_blocks(g, l, &n);
    json_u32s(out, v, n);
    fputs(", \"children\": ", out);
    v = pgo_cfg_loop_children(g, l, &n);
    json_u32s(out, v, n);
    fputs(", \"back_edges\": ", out);
    v = pgo_cfg_loop_back_edges(g, l, &n);
    json_edges(out, g, v, n);
    fputs(", \"exits\": ", out);
    v = pgo_cfg_loop_exits(g, l, &n);
    json_edges(out, g, v, n);
    fputc('}', out);
  }
  fputs("],\n     \"irreducible\": [", out);
  for (uint32_t r = 0; r < pgo_cfg_nirreducible(g); r++) {
    uint32_t n;
    fprintf(out, "%s\n       {\"id\": %" PRIu32 ", \"blocks\": ",
            r ? "," : "", r);
    const uint32_t *v = pgo_cfg_irreducible_blocks(g, r, &n);
    json_u32s(out, v, n);
    fputs(", \"entries\": ", out);
    v = pgo_cfg_irreducible_entries(g, r, &n);
    json_u32s(out, v, n);
    fputc('}', out);
  }
  fprintf(out, "]}%s\n", last ? "" : ",");
}

/* --- dot ------------------------------------------------------------- */

static void print_dot(FILE *out, const pgo_cfg *g, uint32_t m) {
  pgo_method_key k = pgo_cfg_key(g);
  char buf[32];
  fprintf(out, "  subgraph \"cluster_%" PRIu32 "\" {\n    label=\"", m);
  pgo_tool_dot_chars(out, k.name);
  fprintf(out, "\\nhash %016" PRIx64 " il_size %" PRIu32 "\";\n", k.hash,
          k.il_size);
  for (uint32_t b = 0; b < pgo_cfg_nblocks(g); b++) {
    fprintf(out, "    m%" PRIu32 "_b%" PRIu32 " [label=\"%" PRIu32 " ", m, b,
            b);
    pgo_tool_dot_chars(out, block_name(g, b, buf, sizeof buf));
    fprintf(out, "\\nil %" PRIu32 " size %" PRIu32 "\"", pgo_cfg_il_offset(g, b),
            pgo_cfg_ninstr(g, b));
    uint32_t l = pgo_cfg_block_loop(g, b);
    if (l != PGO_NONE && pgo_cfg_loop_header(g, l) == b)
      fputs(" peripheries=2", out);
    if (pgo_cfg_block_irreducible(g, b) != PGO_NONE)
      fputs(" color=red", out);
    if (!pgo_cfg_reachable(g, b))
      fputs(" style=dotted", out);
    fputs("];\n", out);
  }
  for (uint32_t e = 0; e < pgo_cfg_nedges(g); e++) {
    fprintf(out, "    m%" PRIu32 "_b%" PRIu32 " -> m%" PRIu32 "_b%" PRIu32
                 " [label=\"%" PRIu32 "\"%s];\n",
            m, pgo_cfg_edge_src(g, e), m, pgo_cfg_edge_dst(g, e),
            pgo_cfg_edge_index(g, e),
            pgo_cfg_is_back_edge(g, e) ? " style=dashed color=blue" : "");
  }
  fputs("  }\n", out);
}

/* --- driver ---------------------------------------------------------- */

int pgo_show_cmd_cfg(int argc, char **argv) {
  static const struct option longopts[] = {
      {"method", required_argument, NULL, 'm'},
      {"format", required_argument, NULL, 'f'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  const char *method = NULL;
  pgo_tool_format fmt = PGO_FORMAT_TEXT;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "m:f:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'm':
      method = optarg;
      break;
    case 'f':
      if (pgo_tool_parse_format(optarg,
                                PGO_FORMAT_TEXT | PGO_FORMAT_JSON |
                                    PGO_FORMAT_DOT,
                                &fmt)) {
        fprintf(stderr, "pgo-show cfg: unknown format '%s' "
                        "(text, json or dot)\n", optarg);
        return PGO_SHOW_BAD_INPUT;
      }
      break;
    case 'h':
      usage(stdout);
      return PGO_SHOW_OK;
    default:
      fprintf(stderr, "pgo-show cfg: bad option '%s' (see --help)\n",
              argv[optind - 1]);
      return PGO_SHOW_BAD_INPUT;
    }
  }
  if (argc - optind != 1) {
    fprintf(stderr, "pgo-show cfg: expected one IR file (see --help)\n");
    return PGO_SHOW_BAD_INPUT;
  }
  const char *path = argv[optind];

  pgo_llvm_module *mod = NULL;
  char open_msg[1024];
  uint32_t first = 0, count = 0;
  pgo_status st = tool_ir_select(path, method, &mod, &first, &count, open_msg,
                                 sizeof open_msg);
  if (st != PGO_OK) {
    fprintf(stderr, "pgo-show cfg: %s\n", open_msg);
    return PGO_SHOW_BAD_INPUT;
  }
  pgo_cfg **graphs = calloc(count ? count : 1, sizeof *graphs);
  int rc = PGO_SHOW_OK;
  if (!graphs) {
    fprintf(stderr, "pgo-show cfg: %s: out of memory\n", path);
    rc = PGO_SHOW_BAD_INPUT;
  }
  for (uint32_t i = 0; rc == PGO_SHOW_OK && i < count; i++) {
    st = pgo_llvm_module_cfg(mod, first + i, NULL, &graphs[i]);
    if (st != PGO_OK) {
      fprintf(stderr, "pgo-show cfg: %s\n", pgo_llvm_errmsg(mod));
      rc = PGO_SHOW_BAD_INPUT;
    } else if ((st = pgo_cfg_analyze(graphs[i], PGO_ANALYSIS_ALL)) !=
               PGO_OK) {
      pgo_tool_method_error("cfg", path,
                            pgo_llvm_function_name(mod, first + i),
                            *pgo_cfg_errmsg(graphs[i]) ? pgo_cfg_errmsg(graphs[i])
                                                       : pgo_status_text(st));
      rc = PGO_SHOW_BAD_INPUT;
    }
  }
  if (rc == PGO_SHOW_OK) {
    if (fmt == PGO_FORMAT_JSON) {
      fputs("{\"file\": ", stdout);
      pgo_tool_json_str(stdout, path);
      fprintf(stdout, ", \"hash_version\": %d,\n  \"methods\": [%s",
              PGO_HASH_VERSION, count ? "\n" : "]}\n");
    } else if (fmt == PGO_FORMAT_DOT) {
      fputs("digraph \"", stdout);
      pgo_tool_dot_chars(stdout, path);
      fputs("\" {\n  node [shape=box fontname=\"monospace\"];\n", stdout);
    }
    for (uint32_t i = 0; i < count; i++) {
      if (fmt == PGO_FORMAT_TEXT) {
        if (i)
          fputc('\n', stdout);
        print_text(stdout, graphs[i]);
      } else if (fmt == PGO_FORMAT_JSON) {
        print_json(stdout, graphs[i], i + 1 == count);
      } else {
        print_dot(stdout, graphs[i], i);
      }
    }
    if (fmt == PGO_FORMAT_JSON && count)
      fputs("  ]}\n", stdout);
    else if (fmt == PGO_FORMAT_DOT)
      fputs("}\n", stdout);
    if (fflush(stdout) != 0 || ferror(stdout)) {
      fprintf(stderr, "pgo-show cfg: write error on standard output\n");
      rc = PGO_SHOW_BAD_INPUT;
    }
  }
  for (uint32_t i = 0; graphs && i < count; i++)
    pgo_cfg_free(graphs[i]);
  free(graphs);
  pgo_llvm_module_free(mod);
  return rc;
}
