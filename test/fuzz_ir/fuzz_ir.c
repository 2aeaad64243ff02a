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
 * Graph recipes: mutated text rarely gets past LLVM's parser, so an input
 * whose first byte is 0 (never the start of IR text or bitcode) is read as
 * a recipe instead and turned into valid IR -- up to 64 blocks, each
 * ending in ret, unreachable, br, a conditional br on an icmp (some
 * through llvm.expect, some with !prof weights), a switch or an
 * indirectbr, with targets chosen by the bytes -- so every graph shape,
 * irreducible ones included, reaches lib/llvm and lib/core.
 *
 * Built by run_fuzz_ir.sh with clang-19 -fsanitize=fuzzer,address,undefined
 * (the main build uses gcc, whose sanitizer runtime cannot link libFuzzer).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgo/llvm.h"

/* An invariant of the graph or the key failed: crash so libFuzzer keeps
 * the input. */
#define CHECK(c)                                                               \
  do {                                                                         \
    if (!(c))                                                                  \
      abort();                                                                 \
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
    CHECK(parent == PGO_NONE ||
          (parent < l && pgo_cfg_loop_contains(g, parent, h)));
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
  return n >= 4 &&
         ((p[0] == 'B' && p[1] == 'C' && p[2] == 0xC0 && p[3] == 0xDE) ||
          (p[0] == 0xDE && p[1] == 0xC0 && p[2] == 0x17 && p[3] == 0x0B));
}

/* Bytes consumed from a recipe; 0 once it runs out. */
typedef struct recipe {
  const uint8_t *p;
  size_t n;
} recipe;

static unsigned take(recipe *r) {
  if (!r->n)
    return 0;
  r->n--;
  return *r->p++;
}

/* Valid IR for the recipe in r (header comment), into buf[cap]; returns
 * the length.  Block 0 is the entry and never a target (LLVM forbids
 * predecessors of the entry). */
static size_t make_ir(recipe *r, char *buf, size_t cap) {
  static const char *const preds[] = {"eq",  "ne",  "slt", "sle", "sgt",
                                      "sge", "ult", "ule", "ugt", "uge"};
  unsigned nb = 1 + take(r) % 64, o = 0;
#define EMIT(...)                                                              \
  do {                                                                         \
    int k_ = snprintf(buf + o, cap - o, __VA_ARGS__);                          \
    if (k_ < 0 || (size_t)k_ >= cap - o)                                       \
      return 0;                                                                \
    o += (unsigned)k_;                                                         \
  } while (0)
#define TARGET() (nb > 1 ? 1 + take(r) % (nb - 1) : 0)
  EMIT("declare i32 @llvm.expect.i32(i32, i32)\n"
       "declare void @g(ptr)\n"
       "define i32 @f(i32 %%x, ptr %%p) {\n");
  for (unsigned b = 0; b < nb; b++) {
    EMIT("b%u:\n", b);
    unsigned kind = take(r) % 8;
    if (nb == 1 && kind >= 2)
      kind = kind % 2;
    switch (kind) {
    case 0:
      EMIT("  ret i32 %u\n", b);
      break;
    case 1:
      EMIT("  call void @g(ptr %%p)\n  unreachable\n");
      break;
    case 2:
      EMIT("  br label %%b%u\n", TARGET());
      break;
    case 3:
    case 4: {
      unsigned pr = take(r), c = take(r), t = TARGET(), e = TARGET();
      if (pr & 0x80) {
        EMIT("  %%e%u = call i32 @llvm.expect.i32(i32 %%x, i32 %u)\n", b, c);
        EMIT("  %%c%u = icmp %s i32 %%e%u, %d\n", b, preds[pr % 10], b,
             (int)c - 128);
      } else {
        EMIT("  %%c%u = icmp %s i32 %%x, %d\n", b, preds[pr % 10],
             (int)c - 128);
      }
      EMIT("  br i1 %%c%u, label %%b%u, label %%b%u", b, t, e);
      if (pr & 0x40)
        EMIT(", !prof !{!\"branch_weights\", i32 %u, i32 %u}", c, pr);
      EMIT("\n");
      break;
    }
    case 5:
    case 6: {
      unsigned ncase = take(r) % 8;
      EMIT("  switch i32 %%x, label %%b%u [", TARGET());
      for (unsigned k = 0; k < ncase; k++)
        EMIT(" i32 %u, label %%b%u", k * 3 + take(r) % 3, TARGET());
      EMIT(" ]\n");
      break;
    }
    default: {
      unsigned nd = take(r) % 4;
      EMIT("  indirectbr ptr %%p, [");
      for (unsigned k = 0; k < nd; k++)
        EMIT("%slabel %%b%u", k ? ", " : "", TARGET());
      EMIT("]\n");
    }
    }
  }
  EMIT("}\n");
#undef TARGET
#undef EMIT
  return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int bitcode = -1;
  if (bitcode < 0) {
    const char *e = getenv("PGO_FUZZ_BITCODE");
    bitcode = e && *e == '1';
  }
  if (!bitcode && is_bitcode(data, size))
    return 0;
  static char ir[1 << 16];
  if (size > 0 && data[0] == 0) {
    recipe r = {data + 1, size - 1};
    size = make_ir(&r, ir, sizeof ir);
    if (!size)
      return 0;
    data = (const uint8_t *)ir;
  }
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
