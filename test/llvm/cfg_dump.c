/*
 * cfg_dump.c -- prints, for every defined function of an IR file, what
 * lib/core computes on the graph lib/llvm builds, in a form xcheck_opt.py
 * compares with opt-19's print<domtree>, print<postdomtree>, print<loops>
 * and print<cycles> (docs/core.md, "Cross-check against LLVM"):
 *
 *   F NAME                      a function
 *   B BLOCK IDOM r|u            immediate dominator, reachable or not
 *   P BLOCK IPDOM x|n           immediate post-dominator; whether the
 *                               block reaches an exit
 *   L HEADER DEPTH BLOCK...     a loop and every block it contains
 *   E SRC DST                   an edge
 *   R ENTRY...                  an irreducible region, by its entries
 *
 * Blocks are named by label ("-" for none); a block without a label prints
 * as bb<index>, so run the IR through `opt -passes=instnamer` first to
 * give both sides the same names.  Exit status 2 when the file does not
 * load or a graph fails to build, analyse or verify.
 */
#include <stdio.h>

#include "pgo/llvm.h"

static const char *name(const pgo_cfg *g, uint32_t b, char *buf, size_t n) {
  if (b == PGO_NONE)
    return "-";
  const char *l = pgo_cfg_label(g, b);
  if (l)
    return l;
  snprintf(buf, n, "bb%u", b);
  return buf;
}

static int dump(pgo_llvm_module *m, uint32_t f) {
  pgo_cfg *g = NULL;
  char b1[32], b2[32];
  if (pgo_llvm_module_cfg(m, f, NULL, &g) != PGO_OK) {
    fprintf(stderr, "%s\n", pgo_llvm_errmsg(m));
    return 2;
  }
  if (pgo_cfg_analyze(g, PGO_ANALYSIS_ALL) != PGO_OK ||
      pgo_cfg_verify(g) != PGO_OK) {
    fprintf(stderr, "%s: %s\n", pgo_llvm_function_name(m, f),
            pgo_cfg_errmsg(g));
    pgo_cfg_free(g);
    return 2;
  }
  uint32_t nb = pgo_cfg_nblocks(g);
  printf("F %s\n", pgo_llvm_function_name(m, f));
  for (uint32_t b = 0; b < nb; b++)
    printf("B %s %s %s\n", name(g, b, b1, sizeof b1),
           name(g, pgo_cfg_idom(g, b), b2, sizeof b2),
           pgo_cfg_reachable(g, b) ? "r" : "u");
  for (uint32_t b = 0; b < nb; b++)
    printf("P %s %s %s\n", name(g, b, b1, sizeof b1),
           name(g, pgo_cfg_ipdom(g, b), b2, sizeof b2),
           pgo_cfg_postdominates(g, b, b) ? "x" : "n");
  for (uint32_t l = 0; l < pgo_cfg_nloops(g); l++) {
    printf("L %s %u", name(g, pgo_cfg_loop_header(g, l), b1, sizeof b1),
           pgo_cfg_loop_depth(g, l));
    for (uint32_t b = 0; b < nb; b++)
      if (pgo_cfg_loop_contains(g, l, b))
        printf(" %s", name(g, b, b2, sizeof b2));
    printf("\n");
  }
  for (uint32_t e = 0; e < pgo_cfg_nedges(g); e++)
    printf("E %s %s\n", name(g, pgo_cfg_edge_src(g, e), b1, sizeof b1),
           name(g, pgo_cfg_edge_dst(g, e), b2, sizeof b2));
  for (uint32_t r = 0; r < pgo_cfg_nirreducible(g); r++) {
    uint32_t n;
    const uint32_t *v = pgo_cfg_irreducible_entries(g, r, &n);
    printf("R");
    for (uint32_t i = 0; i < n; i++)
      printf(" %s", name(g, v[i], b1, sizeof b1));
    printf("\n");
  }
  pgo_cfg_free(g);
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: cfg_dump FILE.ll|FILE.bc\n");
    return 2;
  }
  pgo_llvm_module *m = NULL;
  if (pgo_llvm_module_open(argv[1], NULL, &m) != PGO_OK) {
    fprintf(stderr, "%s\n", m ? pgo_llvm_errmsg(m) : "out of memory");
    pgo_llvm_module_free(m);
    return 2;
  }
  int rc = 0;
  for (uint32_t f = 0; rc == 0 && f < pgo_llvm_module_nfunctions(m); f++)
    rc = dump(m, f);
  pgo_llvm_module_free(m);
  return rc;
}
