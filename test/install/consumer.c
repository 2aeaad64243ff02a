/* An out-of-tree program built against the installed pgo package that uses
 * every installed library: core (a diamond, its dominator trees), synth
 * (its profile), store (a YAML profile written to a store file in a
 * temporary directory and loaded back), ingest (its component entry
 * point) and, when the package has lib/llvm (PGO_CONSUMER_LLVM), llvm (a
 * tiny IR function through the front door, synthesised with its hints).
 * Exit 0 and "consumer: ok" when every check holds. */
#define _POSIX_C_SOURCE 200809L
/* The libraries this program uses; install_test.sh fails when a library
 * is installed that is not listed here (so a new one gets a use). */
#define PGO_CONSUMER_USES "core synth store ingest llvm"
#include <pgo/core.h>
#include <pgo/ingest.h>
#include <pgo/store.h>
#include <pgo/synth.h>
#ifdef PGO_CONSUMER_LLVM
#include <pgo/llvm.h>
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK(c)                                                               \
  do {                                                                         \
    if (!(c)) {                                                                \
      fprintf(stderr, "consumer: %s:%d: %s\n", __FILE__, __LINE__, #c);        \
      return 1;                                                                \
    }                                                                          \
  } while (0)

static int use_core_synth(void) {
  pgo_cfg *g = NULL;
  uint32_t b[4];
  CHECK(pgo_cfg_new(NULL, &g) == PGO_OK);
  for (int i = 0; i < 4; i++)
    CHECK(pgo_cfg_add_block(g, (uint32_t)i * 3, 3, &b[i]) == PGO_OK);
  pgo_cfg_add_edge(g, b[0], b[1]);
  pgo_cfg_add_edge(g, b[0], b[2]);
  pgo_cfg_add_edge(g, b[1], b[3]);
  pgo_cfg_add_edge(g, b[2], b[3]);
  pgo_cfg_set_term(g, b[0], PGO_TERM_BRANCH);
  pgo_cfg_set_term(g, b[1], PGO_TERM_JUMP);
  pgo_cfg_set_term(g, b[2], PGO_TERM_JUMP);
  pgo_cfg_set_term(g, b[3], PGO_TERM_RETURN);
  CHECK(pgo_cfg_finish(g) == PGO_OK);
  CHECK(pgo_cfg_analyze(g, PGO_ANALYSIS_ALL) == PGO_OK);
  CHECK(pgo_cfg_idom(g, b[3]) == b[0] && pgo_cfg_ipdom(g, b[0]) == b[3]);
  CHECK(pgo_cfg_nloops(g) == 0);

  pgo_pfg *p = NULL;
  pgo_synth *s = NULL;
  CHECK(pgo_pfg_new(NULL, g, &p) == PGO_OK);
  CHECK(pgo_synth_new(NULL, &s) == PGO_OK);
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  CHECK(o.struct_size == sizeof o);
  CHECK(pgo_synth_run(s, g, &o, p) == PGO_OK);
  uint32_t e0 = pgo_cfg_succ_begin(g, b[0]);
  CHECK(fabs(pgo_pfg_edge_prob(p, e0) + pgo_pfg_edge_prob(p, e0 + 1) - 1) <
        1e-12);
  CHECK(fabs(pgo_pfg_block_count(p, b[3]) - 1) < 1e-12);
  pgo_synth_free(s);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  return 0;
}

static const char yaml[] =
    "pgo-profile: 1\n"
    "runs:\n"
    "- {source: instrumented, weight: 1, time: 0, program: consumer, "
    "tool: consumer}\n"
    "methods:\n"
    "- name: \"diamond\"\n"
    "  hash: 0x1\n"
    "  il_size: 12\n"
    "  entry: 10\n"
    "  blocks: [[0, 10], [3, 7], [6, 3], [9, 10]]\n"
    "  edges: [[0, 0, 7], [0, 1, 3]]\n";

static int use_store(void) {
  char dir[] = "/tmp/pgo_consumer_XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char path[sizeof dir + 16];
  snprintf(path, sizeof path, "%s/p.db", dir);

  pgo_profile *p = NULL, *back = NULL;
  pgo_store *st = NULL;
  int rc = 1;
  if (pgo_profile_new(NULL, &p) != PGO_OK ||
      pgo_yaml_read_mem(p, yaml, sizeof yaml - 1, "consumer.yaml", 1) !=
          PGO_OK ||
      pgo_profile_finish(p) != PGO_OK) {
    fprintf(stderr, "consumer: yaml: %s\n", pgo_profile_errmsg(p));
    goto out;
  }
  if (pgo_store_open(path, PGO_STORE_CREATE, NULL, &st) != PGO_OK ||
      pgo_store_write(st, p, 1) != PGO_OK) {
    fprintf(stderr, "consumer: store: %s\n", pgo_store_errmsg(st));
    pgo_store_close(st);
    goto out;
  }
  if (pgo_store_close(st) != PGO_OK)
    goto out;
  if (pgo_profile_new(NULL, &back) != PGO_OK ||
      pgo_profile_load(back, path, 1) != PGO_OK ||
      pgo_profile_finish(back) != PGO_OK) {
    fprintf(stderr, "consumer: load: %s\n", pgo_profile_errmsg(back));
    goto out;
  }
  if (pgo_profile_nmethods(back) != 1 || !pgo_profile_equal(p, back)) {
    fprintf(stderr, "consumer: the store did not give the profile back\n");
    goto out;
  }
  rc = 0;
out:
  pgo_profile_free(back);
  pgo_profile_free(p);
  unlink(path);
  /* SQLite's side files, if any were left */
  char side[sizeof path + 8];
  snprintf(side, sizeof side, "%s-wal", path);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", path);
  unlink(side);
  snprintf(side, sizeof side, "%s-journal", path);
  unlink(side);
  rmdir(dir);
  return rc;
}

/* lib/ingest: a probe plan for the diamond when the installed ingest.h has
 * them (install_test.sh defines PGO_CONSUMER_INGEST_PLAN); before that the
 * component's placeholder entry point, which its header does not declare. */
#ifdef PGO_CONSUMER_INGEST_PLAN
static int use_ingest(void) {
  pgo_cfg *g = NULL;
  uint32_t b[3];
  CHECK(pgo_cfg_new(NULL, &g) == PGO_OK);
  for (int i = 0; i < 3; i++)
    CHECK(pgo_cfg_add_block(g, (uint32_t)i * 2, 2, &b[i]) == PGO_OK);
  pgo_cfg_add_edge(g, b[0], b[1]);
  pgo_cfg_add_edge(g, b[0], b[2]);
  pgo_cfg_add_edge(g, b[1], b[2]);
  pgo_cfg_set_term(g, b[0], PGO_TERM_BRANCH);
  pgo_cfg_set_term(g, b[1], PGO_TERM_JUMP);
  pgo_cfg_set_term(g, b[2], PGO_TERM_RETURN);
  CHECK(pgo_cfg_finish(g) == PGO_OK);
  pgo_plan *plan = NULL;
  pgo_status st = pgo_plan_new(NULL, g, NULL, &plan);
  int ok = st == PGO_OK && pgo_plan_ncounters(plan) > 0;
  if (!ok)
    fprintf(stderr, "consumer: ingest: status %d\n", (int)st);
  pgo_plan_free(plan);
  pgo_cfg_free(g);
  return ok ? 0 : 1;
}
#else
PGO_API const char *pgo_ingest_component(void);
static int use_ingest(void) {
  CHECK(strcmp(pgo_ingest_component(), "ingest") == 0);
  return 0;
}
#endif

#ifdef PGO_CONSUMER_LLVM
static const char ir[] = "define i32 @f(i32 %x) {\n"
                         "entry:\n"
                         "  %c = icmp slt i32 %x, 0\n"
                         "  br i1 %c, label %neg, label %pos\n"
                         "neg:\n"
                         "  ret i32 0\n"
                         "pos:\n"
                         "  ret i32 1\n"
                         "}\n";

static int use_llvm(void) {
  pgo_llvm_module *m = NULL;
  pgo_cfg *g = NULL;
  if (pgo_llvm_module_open_buffer("consumer.ll", ir, sizeof ir - 1, NULL, &m) !=
          PGO_OK ||
      pgo_llvm_module_cfg_by_name(m, "f", NULL, &g) != PGO_OK) {
    fprintf(stderr, "consumer: llvm: %s\n", pgo_llvm_errmsg(m));
    pgo_llvm_module_free(m);
    return 1;
  }
  CHECK(pgo_llvm_module_nfunctions(m) == 1);
  CHECK(pgo_cfg_nblocks(g) == 3);
  unsigned eh[2], bh[3];
  uint32_t next[3];
  CHECK(pgo_llvm_synth_hints(m, 0, g, eh, bh, next) == PGO_OK);
  pgo_pfg *p = NULL;
  pgo_synth *s = NULL;
  CHECK(pgo_pfg_new(NULL, g, &p) == PGO_OK);
  CHECK(pgo_synth_new(NULL, &s) == PGO_OK);
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  o.edge_hints = eh;
  o.block_hints = bh;
  o.continues_to = next;
  CHECK(pgo_synth_run(s, g, &o, p) == PGO_OK);
  /* opcode heuristic: x < 0 fails, so "pos" (successor 1) is likelier */
  CHECK(pgo_pfg_edge_prob(p, pgo_cfg_succ_begin(g, 0) + 1) > 0.5);
  pgo_synth_free(s);
  pgo_pfg_free(p);
  pgo_cfg_free(g);
  pgo_llvm_module_free(m);
  return 0;
}
#endif

int main(void) {
  if (strcmp(pgo_version(), PGO_VERSION_STRING) != 0) {
    fprintf(stderr, "header %s vs library %s\n", PGO_VERSION_STRING,
            pgo_version());
    return 1;
  }
  int bad = use_core_synth() || use_store() || use_ingest();
#ifdef PGO_CONSUMER_LLVM
  bad = bad || use_llvm();
  const char *with = "core synth store ingest llvm";
#else
  const char *with = "core synth store ingest";
#endif
  printf("consumer (%s): %s\n", with, bad ? "FAILED" : "ok");
  return bad ? 1 : 0;
}
