/*
 * fuzz_ir.c -- libFuzzer target for the IR front door (DESIGN.md: a fuzz
 * target for every reader).
 *
 * Bytes -> pgo_llvm_module_open_buffer (text or bitcode, by content) ->
 * for every defined function: pgo_llvm_module_cfg (built, finished and
 * verified by lib/llvm), pgo_llvm_module_key, every analysis, then
 * pgo_cfg_verify again and a walk over every query -> free.  A bad input
 * must come back as a status with a message naming the buffer; anything
 * else (a crash, a sanitizer report, a leak, a broken invariant, which
 * aborts on purpose) is a finding.
 *
 * Bitcode: LLVM 19's bitcode reader is not robust against corrupt input --
 * it dereferences wild pointers and leaks on mutated .bc files (the same
 * inputs crash llvm-dis-19; see docs/llvm.md, "Untrusted input") -- so
 * mutated bitcode would only keep finding LLVM's crashes, not ours.
 * Inputs with the bitcode magic are skipped unless PGO_FUZZ_BITCODE=1 is
 * set in the environment (for hunting LLVM bugs by hand); the text reader,
 * our error path and everything after parsing are fuzzed either way.
 *
 * Built by run_fuzz_ir.sh with clang-19 -fsanitize=fuzzer,address,undefined
 * (the main build uses gcc, whose sanitizer runtime cannot link libFuzzer).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pgo/llvm.h"

/* An invariant of the graph or the key failed: crash so libFuzzer keeps
 * the input. */
#define CHECK(c)                                                             \
  do {                                                                       \
    if (!(c))                                                                \
      abort();                                                               \
  } while (0)

static void check_queries(const pgo_cfg *g, const pgo_method_key *key) {
  pgo_method_key k = pgo_cfg_key(g);
  CHECK(k.hash == key->hash && k.il_size == key->il_size);
  uint32_t nb = pgo_cfg_nblocks(g), ne = pgo_cfg_nedges(g), n;
  CHECK(nb > 0 && pgo_cfg_entry(g) == 0);
  uint32_t il = 0;
  for (uint32_t b = 0; b < nb; b++) {
    /* Layout order: offsets are consecutive, every block has at least its
     * terminator, and the block key finds the block. */
    CHECK(pgo_cfg_il_offset(g, b) == il && pgo_cfg_ninstr(g, b) >= 1);
    CHECK(pgo_cfg_block_at(g, il) == b);
    il += pgo_cfg_ninstr(g, b);
    for (uint32_t e = pgo_cfg_succ_begin(g, b);
         e < pgo_cfg_succ_begin(g, b) + pgo_cfg_nsucc(g, b); e++)
      CHECK(pgo_cfg_edge_src(g, e) == b && pgo_cfg_edge_dst(g, e) < nb);
    const uint32_t *p = pgo_cfg_preds(g, b);
    for (uint32_t i = 0; i < pgo_cfg_npred(g, b); i++)
      CHECK(p[i] < ne && pgo_cfg_edge_dst(g, p[i]) == b);
    uint32_t d = pgo_cfg_idom(g, b);
    CHECK(d == PGO_NONE || (pgo_cfg_dominates(g, d, b) && d != b));
    CHECK(pgo_cfg_reachable(g, b) == pgo_cfg_dominates(g, 0, b));
    uint32_t pd = pgo_cfg_ipdom(g, b);
    CHECK(pd == PGO_NONE || pgo_cfg_postdominates(g, pd, b));
    uint32_t l = pgo_cfg_block_loop(g, b);
    CHECK(l == PGO_NONE || pgo_cfg_loop_contains(g, l, b));
  }
  CHECK(il == key->il_size);
  for (uint32_t l = 0; l < pgo_cfg_nloops(g); l++) {
    uint32_t h = pgo_cfg_loop_header(g, l);
    const uint32_t *v = pgo_cfg_loop_blocks(g, l, &n);
    CHECK(n >= 1 && v[0] == h);
    for (uint32_t i = 0; i < n; i++)
      CHECK(pgo_cfg_dominates(g, h, v[i]) && pgo_cfg_block_loop(g, v[i]) == l);
    v = pgo_cfg_loop_back_edges(g, l, &n);
    CHECK(n >= 1);
    for (uint32_t i = 0; i < n; i++)
      CHECK(pgo_cfg_edge_dst(g, v[i]) == h && pgo_cfg_is_back_edge(g, v[i]));
    v = pgo_cfg_loop_exits(g, l, &n);
    for (uint32_t i = 0; i < n; i++)
      CHECK(pgo_cfg_loop_contains(g, l, pgo_cfg_edge_src(g, v[i])) &&
            !pgo_cfg_loop_contains(g, l, pgo_cfg_edge_dst(g, v[i])));
    uint32_t parent = pgo_cfg_loop_parent(g, l);
    CHECK(parent == PGO_NONE || (parent < l && pgo_cfg_loop_contains(
                                                   g, parent, h)));
  }
  for (uint32_t r = 0; r < pgo_cfg_nirreducible(g); r++) {
    const uint32_t *v = pgo_cfg_irreducible_blocks(g, r, &n);
    CHECK(n >= 2);
    for (uint32_t i = 0; i < n; i++)
      CHECK(pgo_cfg_block_irreducible(g, v[i]) == r);
    pgo_cfg_irreducible_entries(g, r, &n);
    CHECK(n >= 2);
  }
}

static bool is_bitcode(const uint8_t *p, size_t n) {
  return n >= 4 && ((p[0] == 'B' && p[1] == 'C' && p[2] == 0xC0 &&
                     p[3] == 0xDE) ||
                    (p[0] == 0xDE && p[1] == 0xC0 && p[2] == 0x17 &&
                     p[3] == 0x0B));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int bitcode = -1;
  if (bitcode < 0) {
    const char *e = getenv("PGO_FUZZ_BITCODE");
    bitcode = e && *e == '1';
  }
  if (!bitcode && is_bitcode(data, size))
    return 0;
  pgo_llvm_module *m = NULL;
  pgo_status st = pgo_llvm_module_open_buffer("fuzz.ll", data, size, NULL, &m);
  if (st != PGO_OK) {
    /* One line naming the buffer ("fuzz.ll: ..." or LLVM's own
     * "fuzz.ll:LINE:COL: error: ..."). */
    const char *msg = pgo_llvm_errmsg(m);
    CHECK(m == NULL || (!strncmp(msg, "fuzz.ll:", 8) && !strchr(msg, '\n')));
    pgo_llvm_module_free(m);
    return 0;
  }
  for (uint32_t f = 0; f < pgo_llvm_module_nfunctions(m); f++) {
    pgo_cfg *g = NULL;
    pgo_method_key key;
    CHECK(pgo_llvm_module_key(m, f, &key) == PGO_OK);
    if (pgo_llvm_module_cfg(m, f, NULL, &g) != PGO_OK) {
      /* Valid IR must always give a graph. */
      abort();
    }
    CHECK(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL) == PGO_OK);
    CHECK(pgo_cfg_verify(g) == PGO_OK);
    check_queries(g, &key);
    pgo_cfg_free(g);
  }
  pgo_llvm_module_free(m);
  return 0;
}
