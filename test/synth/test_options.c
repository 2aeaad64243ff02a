/* test_options.c -- the contracts of pgo/synth.h around the numbers:
 * pgo_synth_options grows without breaking callers built against an older
 * (or newer) header (struct_size); fill_unheld_only leaves held values
 * alone and fills the rest around them; and the thread rules (several
 * handles on one analysed graph, each with its own pfg, concurrently). */
#include <check.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#include "synth_test_util.h"

/* A loop with a two-way body: 0 -> 1 (header) -> 2 / 3 -> 4 -> 1, 1 -> 5. */
static const uint32_t loop_edges[][2] = {{0, 1}, {1, 2}, {1, 5}, {2, 3},
                                         {2, 4}, {3, 4}, {4, 1}};
enum { LOOP_N = 6, LOOP_NE = 7 };

static pgo_cfg *loop_graph(void) {
  pgo_cfg *cfg = tu_graph(LOOP_N, loop_edges, LOOP_NE);
  ck_assert_ptr_nonnull(cfg);
  ck_assert_int_eq(tu_finish(cfg), PGO_OK);
  return cfg;
}

/* Runs synthesis with options o (may be NULL); returns the status and
 * copies the block counts to counts[LOOP_N] when it succeeded. */
static pgo_status run_opts(pgo_cfg *cfg, const pgo_synth_options *o,
                           double *counts, char *msg, size_t msgsz) {
  pgo_pfg *p = NULL;
  pgo_synth *s = NULL;
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &p), PGO_OK);
  ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
  pgo_status st = pgo_synth_run(s, cfg, o, p);
  if (st == PGO_OK && counts)
    for (uint32_t b = 0; b < LOOP_N; b++)
      counts[b] = pgo_pfg_block_count(p, b);
  if (msg)
    snprintf(msg, msgsz, "%s", pgo_synth_errmsg(s));
  pgo_synth_free(s);
  pgo_pfg_free(p);
  return st;
}

START_TEST(init_sets_size_and_defaults) {
  pgo_synth_options o;
  memset(&o, 0xa5, sizeof o);
  pgo_synth_options_init(&o);
  ck_assert_uint_eq(o.struct_size, sizeof o);
  ck_assert_double_eq(o.tolerance, 1e-13);
  ck_assert_uint_eq(o.max_iter, 20000);
  ck_assert_double_eq(o.cp_cap, 0.999);
  ck_assert_double_eq(o.floor, 1e-4);
  ck_assert_double_eq(o.entry_count, 1.0);
  ck_assert_uint_eq(o.disabled, 0);
  ck_assert_ptr_null(o.edge_hints);
  ck_assert_ptr_null(o.block_hints);
  ck_assert_ptr_null(o.continues_to);
  ck_assert_int_eq(o.solver, PGO_SYNTH_SOLVER_AUTO);
  ck_assert_int_eq(o.count_prov, PGO_PROV_SYNTHESIZED);
  ck_assert_ptr_null(o.heuristic_probs);
  ck_assert_ptr_null(o.edge_continues_to);
  /* NULL and a size too small to hold struct_size are no-ops */
  pgo_synth_options_init_sized(NULL, sizeof o);
  unsigned char tiny[sizeof(size_t)];
  memset(tiny, 0x5a, sizeof tiny);
  pgo_synth_options_init_sized((pgo_synth_options *)(void *)tiny,
                               sizeof(size_t) - 1);
  for (size_t i = 0; i < sizeof tiny; i++)
    ck_assert_uint_eq(tiny[i], 0x5a);
}
END_TEST

/* Default options through NULL, through init, and through an explicit
 * struct give the same counts. */
START_TEST(null_equals_init) {
  pgo_cfg *cfg = loop_graph();
  double a[LOOP_N], b[LOOP_N];
  ck_assert_int_eq(run_opts(cfg, NULL, a, NULL, 0), PGO_OK);
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  ck_assert_int_eq(run_opts(cfg, &o, b, NULL, 0), PGO_OK);
  for (uint32_t i = 0; i < LOOP_N; i++)
    ck_assert_double_eq(a[i], b[i]);
  pgo_cfg_free(cfg);
}
END_TEST

/* Never initialised (struct_size 0) or smaller than the first version:
 * PGO_ERR_INVALID with a message naming struct_size, pfg untouched. */
START_TEST(size_too_small) {
  pgo_cfg *cfg = loop_graph();
  size_t sizes[] = {0, sizeof(size_t), PGO_SYNTH_OPTIONS_SIZE_V1 - 1};
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    pgo_synth_options o;
    pgo_synth_options_init(&o);
    o.struct_size = sizes[i];
    char msg[256];
    pgo_pfg *p = NULL;
    pgo_synth *s = NULL;
    ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &p), PGO_OK);
    ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
    ck_assert_int_eq(pgo_synth_run(s, cfg, &o, p), PGO_ERR_INVALID);
    snprintf(msg, sizeof msg, "%s", pgo_synth_errmsg(s));
    ck_assert_msg(strstr(msg, "struct_size") != NULL, "%s", msg);
    ck_assert_msg(strstr(msg, "pgo_synth_options_init") != NULL, "%s", msg);
    for (uint32_t b = 0; b < LOOP_N; b++)
      ck_assert_int_eq(pgo_pfg_block_prov(p, b), PGO_PROV_NONE);
    /* each entry point checks on its own */
    ck_assert_int_eq(pgo_synth_probabilities(s, cfg, &o, p), PGO_ERR_INVALID);
    ck_assert_int_eq(pgo_synth_frequencies(s, cfg, &o, p), PGO_ERR_INVALID);
    pgo_synth_free(s);
    pgo_pfg_free(p);
  }
  pgo_cfg_free(cfg);
}
END_TEST

/* A caller built against a newer header: its struct is bigger.  The bytes
 * beyond this library's sizeof are fields it does not know: zero (their
 * defaults, as the newer init would leave them when unset) is accepted
 * and gives the same results; anything else is refused rather than
 * ignored. */
typedef struct newer_options {
  pgo_synth_options cur;
  uint64_t future_a;
  uint32_t future_b;
} newer_options;

START_TEST(newer_header) {
  pgo_cfg *cfg = loop_graph();
  double want[LOOP_N], got[LOOP_N];
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  o.cp_cap = 0.9;
  ck_assert_int_eq(run_opts(cfg, &o, want, NULL, 0), PGO_OK);

  newer_options n;
  memset(&n, 0xa5, sizeof n);
  pgo_synth_options_init_sized(&n.cur, sizeof n);
  ck_assert_uint_eq(n.cur.struct_size, sizeof n);
  /* init cleared the tail it does not know (no stale 0xa5) */
  ck_assert_uint_eq(n.future_a, 0);
  ck_assert_uint_eq(n.future_b, 0);
  n.cur.cp_cap = 0.9;
  ck_assert_int_eq(run_opts(cfg, &n.cur, got, NULL, 0), PGO_OK);
  for (uint32_t i = 0; i < LOOP_N; i++)
    ck_assert_double_eq(want[i], got[i]);

  n.future_b = 1;
  char msg[256];
  ck_assert_int_eq(run_opts(cfg, &n.cur, NULL, msg, sizeof msg),
                   PGO_ERR_INVALID);
  ck_assert_msg(strstr(msg, "newer") != NULL, "%s", msg);
  pgo_cfg_free(cfg);
}
END_TEST

/* init writes nothing beyond the size it is given: a struct from an older
 * header (a prefix of the current one) placed before guard bytes. */
START_TEST(init_stays_in_caller_struct) {
  unsigned char buf[sizeof(pgo_synth_options) + 16];
  size_t sizes[] = {sizeof(size_t), PGO_SYNTH_OPTIONS_SIZE_V1,
                    sizeof(pgo_synth_options)};
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    memset(buf, 0x5a, sizeof buf);
    pgo_synth_options_init_sized((pgo_synth_options *)(void *)buf, sizes[i]);
    size_t got;
    memcpy(&got, buf, sizeof got);
    ck_assert_uint_eq(got, sizes[i]);
    for (size_t k = sizes[i]; k < sizeof buf; k++)
      ck_assert_uint_eq(buf[k], 0x5a);
  }
}
END_TEST

/* The first version of the struct, as a caller compiled against the V1
 * header declares it: a prefix of the current one. */
typedef struct v1_options {
  size_t struct_size;
  double tolerance;
  uint32_t max_iter;
  double cp_cap;
  double floor;
  double entry_count;
  uint32_t disabled;
  const unsigned *edge_hints;
  const unsigned *block_hints;
  const uint32_t *continues_to;
  pgo_synth_solver solver;
  pgo_provenance count_prov;
} v1_options;

/* In memory the old struct is followed by whatever the caller has there:
 * here bytes that would read as fill_unheld_only = true. */
typedef struct v1_caller {
  v1_options o;
  unsigned char after[16];
} v1_caller;

static void hold_some(pgo_pfg *p, const pgo_cfg *cfg) {
  uint32_t exit_edge = tu_edge(cfg, 1, 1); /* header 1 -> 5 */
  ck_assert_int_eq(
      pgo_pfg_set_edge_prob(p, exit_edge, 0.25, PGO_PROV_INSTRUMENTED), PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_edge_held(p, exit_edge, true), PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 3, 123.0, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_block_held(p, 3, true), PGO_OK);
}

/* A caller built against the V1 header passes its smaller struct: the
 * library reads none of the bytes after it, and the newer field takes its
 * default (fill_unheld_only = false: every value written, held or not). */
START_TEST(old_header_prefix) {
  ck_assert_uint_eq(sizeof(v1_options), PGO_SYNTH_OPTIONS_SIZE_V1);
  ck_assert_uint_eq(offsetof(v1_options, count_prov),
                    offsetof(pgo_synth_options, count_prov));
  ck_assert_uint_gt(sizeof(pgo_synth_options), sizeof(v1_options));
  pgo_cfg *cfg = loop_graph();
  v1_caller c;
  memset(&c, 0xff, sizeof c);
  pgo_synth_options_init_sized((pgo_synth_options *)(void *)&c.o, sizeof c.o);
  for (size_t i = 0; i < sizeof c.after; i++)
    ck_assert_uint_eq(c.after[i], 0xff); /* init stayed in the struct */
  ck_assert_uint_eq(c.o.struct_size, sizeof c.o);
  ck_assert_double_eq(c.o.cp_cap, 0.999);
  c.o.disabled = ~0u; /* a V1 field, which must be read: no heuristic */

  pgo_synth_options cur;
  pgo_synth_options_init(&cur);
  cur.disabled = ~0u;
  pgo_pfg *pa = NULL, *pb = NULL;
  pgo_synth *s = NULL;
  ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &pa), PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &pb), PGO_OK);
  hold_some(pa, cfg);
  hold_some(pb, cfg);
  ck_assert_int_eq(
      pgo_synth_run(s, cfg, (const pgo_synth_options *)(void *)&c.o, pa),
      PGO_OK);
  ck_assert_int_eq(pgo_synth_run(s, cfg, &cur, pb), PGO_OK);
  uint32_t exit_edge = tu_edge(cfg, 1, 1);
  /* the held values were overwritten: fill_unheld_only defaulted to false */
  ck_assert_double_ne(pgo_pfg_edge_prob(pa, exit_edge), 0.25);
  ck_assert_int_eq(pgo_pfg_edge_prov(pa, exit_edge), PGO_PROV_SYNTHESIZED);
  ck_assert_int_eq(pgo_pfg_block_prov(pa, 3), PGO_PROV_SYNTHESIZED);
  for (uint32_t e = 0; e < LOOP_NE; e++)
    ck_assert_double_eq(pgo_pfg_edge_prob(pa, e), pgo_pfg_edge_prob(pb, e));
  for (uint32_t b = 0; b < LOOP_N; b++)
    ck_assert_double_eq(pgo_pfg_block_count(pa, b), pgo_pfg_block_count(pb, b));
  /* disabled was read from the old struct: every branch uniform */
  ck_assert_double_eq(pgo_pfg_edge_prob(pa, exit_edge), 0.5);
  pgo_synth_free(s);
  pgo_pfg_free(pa);
  pgo_pfg_free(pb);
  pgo_cfg_free(cfg);
}
END_TEST

/* --- fill_unheld_only --------------------------------------------------- */

/* Held edge and block stay exactly as set; the other successor of the held
 * edge's block gets the rest; the solve uses the held probability (header
 * 1 = 1 / 0.25 per entry: the held exit alone leaves the loop); the held
 * block count is not written, the others are. */
START_TEST(fill_unheld_keeps_held) {
  pgo_cfg *cfg = loop_graph();
  pgo_pfg *p = NULL;
  pgo_synth *s = NULL;
  ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &p), PGO_OK);
  hold_some(p, cfg);
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  ck_assert(!o.fill_unheld_only);
  o.fill_unheld_only = true;
  ck_assert_int_eq(pgo_synth_run(s, cfg, &o, p), PGO_OK);
  uint32_t ex = tu_edge(cfg, 1, 1), stay = tu_edge(cfg, 1, 0);
  ck_assert_double_eq(pgo_pfg_edge_prob(p, ex), 0.25);
  ck_assert_int_eq(pgo_pfg_edge_prov(p, ex), PGO_PROV_INSTRUMENTED);
  ck_assert(pgo_pfg_edge_held(p, ex));
  ck_assert_double_eq_tol(pgo_pfg_edge_prob(p, stay), 0.75, 1e-15);
  ck_assert_int_eq(pgo_pfg_edge_prov(p, stay), PGO_PROV_SYNTHESIZED);
  ck_assert_double_eq_tol(pgo_pfg_block_count(p, 1), 4.0, 1e-12);
  ck_assert_double_eq_tol(pgo_pfg_block_count(p, 5), 1.0, 1e-12);
  ck_assert_double_eq(pgo_pfg_block_count(p, 3), 123.0);
  ck_assert_int_eq(pgo_pfg_block_prov(p, 3), PGO_PROV_INSTRUMENTED);
  ck_assert(pgo_pfg_block_held(p, 3));
  ck_assert_int_eq(pgo_pfg_block_prov(p, 2), PGO_PROV_SYNTHESIZED);
  /* the unheld branch of block 2 was synthesized as without any hold */
  pgo_pfg *q = NULL;
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &q), PGO_OK);
  ck_assert_int_eq(pgo_synth_run(s, cfg, NULL, q), PGO_OK);
  for (uint32_t k = 0; k < 2; k++)
    ck_assert_double_eq(pgo_pfg_edge_prob(p, tu_edge(cfg, 2, k)),
                        pgo_pfg_edge_prob(q, tu_edge(cfg, 2, k)));
  /* without the option, the same pfg is overwritten */
  o.fill_unheld_only = false;
  ck_assert_int_eq(pgo_synth_run(s, cfg, &o, p), PGO_OK);
  for (uint32_t e = 0; e < LOOP_NE; e++)
    ck_assert_double_eq(pgo_pfg_edge_prob(p, e), pgo_pfg_edge_prob(q, e));
  ck_assert_double_eq(pgo_pfg_block_count(p, 3), pgo_pfg_block_count(q, 3));
  ck_assert_int_eq(pgo_pfg_verify(p), PGO_OK);
  pgo_pfg_free(q);
  pgo_pfg_free(p);
  pgo_synth_free(s);
  pgo_cfg_free(cfg);
}
END_TEST

/* A 4-way switch 0 -> {1, 2, 3, 4}, 1 returning at once, the others
 * going on through 5 to the return 6 (the return heuristic makes the
 * shares unequal).  Held successors keep their value;
 * the others share the rest in proportion to their synthesized values. */
START_TEST(fill_unheld_shares) {
  static const uint32_t e[][2] = {{0, 1}, {0, 2}, {0, 3}, {0, 4},
                                  {2, 5}, {3, 5}, {4, 5}, {5, 6}};
  pgo_cfg *cfg = tu_graph(7, e, 8);
  ck_assert_int_eq(tu_finish(cfg), PGO_OK);
  pgo_synth *s = NULL;
  pgo_pfg *ref = NULL, *p = NULL;
  ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &ref), PGO_OK);
  ck_assert_int_eq(pgo_synth_run(s, cfg, NULL, ref), PGO_OK);
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  o.fill_unheld_only = true;
  /* held: successor 1 at 0.1 and successor 2 at 0.3; unheld 0 (returns
   * at once, predicted rarer) and 3 */
  const double hv[4] = {-1, 0.1, 0.3, -1};
  for (int round = 0; round < 3; round++) {
    ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &p), PGO_OK);
    double held = 0;
    for (uint32_t k = 0; k < 4; k++) {
      double v = round == 1 ? 0.5 : round == 2 ? 0.25 : hv[k];
      if (round == 0 && v < 0)
        continue;
      ck_assert_int_eq(pgo_pfg_set_edge_prob(p, k, v, PGO_PROV_SAMPLED),
                       PGO_OK);
      ck_assert_int_eq(pgo_pfg_set_edge_held(p, k, true), PGO_OK);
      held += v;
      if (round == 1 && k == 1)
        break; /* round 1: 0.5 + 0.5 held, nothing left for 2 and 3 */
    }
    ck_assert_int_eq(pgo_synth_run(s, cfg, &o, p), PGO_OK);
    double unheld_ref = 0;
    for (uint32_t k = 0; k < 4; k++)
      if (!pgo_pfg_edge_held(p, k))
        unheld_ref += pgo_pfg_edge_prob(ref, k);
    double sum = 0;
    for (uint32_t k = 0; k < 4; k++) {
      double got = pgo_pfg_edge_prob(p, k);
      sum += got;
      if (pgo_pfg_edge_held(p, k)) {
        ck_assert_int_eq(pgo_pfg_edge_prov(p, k), PGO_PROV_SAMPLED);
        continue;
      }
      double want =
          (held < 1 ? 1 - held : 0) * pgo_pfg_edge_prob(ref, k) / unheld_ref;
      ck_assert_double_eq_tol(got, want, 1e-15);
      ck_assert_int_eq(pgo_pfg_edge_prov(p, k), PGO_PROV_SYNTHESIZED);
    }
    ck_assert_double_eq_tol(sum, 1.0, 1e-12);
    if (round == 0) /* the shares are really unequal: proportion matters */
      ck_assert_double_ne(pgo_pfg_edge_prob(p, 0), pgo_pfg_edge_prob(p, 3));
    if (round == 2) /* everything held: nothing written */
      for (uint32_t k = 0; k < 4; k++)
        ck_assert_double_eq(pgo_pfg_edge_prob(p, k), 0.25);
    pgo_pfg_free(p);
  }
  pgo_pfg_free(ref);
  pgo_synth_free(s);
  pgo_cfg_free(cfg);
}
END_TEST

/* A held entry count is the base: every other count scales with it, as
 * entry_count would scale them. */
START_TEST(fill_unheld_entry_base) {
  pgo_cfg *cfg = loop_graph();
  pgo_synth *s = NULL;
  pgo_pfg *p = NULL, *q = NULL;
  ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &p), PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &q), PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_block_count(p, 0, 1000.0, PGO_PROV_INSTRUMENTED),
                   PGO_OK);
  ck_assert_int_eq(pgo_pfg_set_block_held(p, 0, true), PGO_OK);
  pgo_synth_options o;
  pgo_synth_options_init(&o);
  o.fill_unheld_only = true;
  o.entry_count = 7; /* the held count wins */
  ck_assert_int_eq(pgo_synth_run(s, cfg, &o, p), PGO_OK);
  pgo_synth_options r;
  pgo_synth_options_init(&r);
  r.entry_count = 1000;
  ck_assert_int_eq(pgo_synth_run(s, cfg, &r, q), PGO_OK);
  ck_assert_int_eq(pgo_pfg_block_prov(p, 0), PGO_PROV_INSTRUMENTED);
  for (uint32_t b = 0; b < LOOP_N; b++)
    ck_assert_double_eq_tol(pgo_pfg_block_count(p, b),
                            pgo_pfg_block_count(q, b), 1e-9);
  pgo_pfg_free(p);
  pgo_pfg_free(q);
  pgo_synth_free(s);
  pgo_cfg_free(cfg);
}
END_TEST

/* After edits (a removed block, a split edge) the same pfg is synced and
 * refilled: the tombstone is skipped (0 / NONE), the new block is filled,
 * flow is conserved and the pfg verifies. */
START_TEST(edited_graph) {
  pgo_cfg *cfg = loop_graph();
  pgo_synth *s = NULL;
  pgo_pfg *p = NULL;
  ck_assert_int_eq(pgo_synth_new(NULL, &s), PGO_OK);
  ck_assert_int_eq(pgo_pfg_new(NULL, cfg, &p), PGO_OK);
  ck_assert_int_eq(pgo_synth_run(s, cfg, NULL, p), PGO_OK);
  ck_assert_int_eq(pgo_cfg_remove_block(cfg, 3), PGO_OK);
  uint32_t nb = PGO_NONE;
  ck_assert_int_eq(pgo_cfg_split_edge(cfg, tu_edge(cfg, 1, 1), &nb, NULL, NULL),
                   PGO_OK);
  ck_assert_uint_eq(nb, LOOP_N);
  ck_assert_int_eq(pgo_synth_run(s, cfg, NULL, p), PGO_OK);
  ck_assert_int_eq(pgo_pfg_verify(p), PGO_OK);
  ck_assert_double_eq(pgo_pfg_block_count(p, 3), 0);
  ck_assert_int_eq(pgo_pfg_block_prov(p, 3), PGO_PROV_NONE);
  ck_assert_int_eq(pgo_pfg_block_prov(p, nb), PGO_PROV_SYNTHESIZED);
  ck_assert_double_eq_tol(pgo_pfg_block_count(p, nb), 1.0, 1e-12);
  ck_assert_double_eq_tol(pgo_pfg_block_count(p, 5), 1.0, 1e-12);
  ck_assert_double_lt(pgo_pfg_max_residual(p, NULL), 1e-9);
  pgo_pfg_free(p);
  pgo_synth_free(s);
  pgo_cfg_free(cfg);
}
END_TEST

/* --- threads: one analysed cfg, one handle and one pfg per thread ------- */
enum { NTHREADS = 4, NROUNDS = 200 };

typedef struct job {
  pgo_cfg *cfg;
  double counts[LOOP_N];
  pgo_status st;
} job;

static void *worker(void *arg) {
  job *j = arg;
  pgo_synth *s = NULL;
  pgo_pfg *p = NULL;
  j->st = pgo_synth_new(NULL, &s);
  if (j->st == PGO_OK)
    j->st = pgo_pfg_new(NULL, j->cfg, &p);
  for (int r = 0; r < NROUNDS && j->st == PGO_OK; r++)
    j->st = pgo_synth_run(s, j->cfg, NULL, p);
  if (j->st == PGO_OK)
    for (uint32_t b = 0; b < LOOP_N; b++)
      j->counts[b] = pgo_pfg_block_count(p, b);
  pgo_pfg_free(p);
  pgo_synth_free(s);
  return NULL;
}

START_TEST(shared_analysed_cfg) {
  pgo_cfg *cfg = loop_graph(); /* tu_finish ran every analysis */
  ck_assert_uint_eq(pgo_cfg_valid_analyses(cfg), PGO_ANALYSIS_ALL);
  double want[LOOP_N];
  ck_assert_int_eq(run_opts(cfg, NULL, want, NULL, 0), PGO_OK);
  job jobs[NTHREADS];
  pthread_t th[NTHREADS];
  for (int i = 0; i < NTHREADS; i++) {
    jobs[i].cfg = cfg;
    ck_assert_int_eq(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
  }
  for (int i = 0; i < NTHREADS; i++) {
    ck_assert_int_eq(pthread_join(th[i], NULL), 0);
    ck_assert_int_eq(jobs[i].st, PGO_OK);
    for (uint32_t b = 0; b < LOOP_N; b++)
      ck_assert_double_eq(jobs[i].counts[b], want[b]);
  }
  ck_assert_uint_eq(pgo_cfg_valid_analyses(cfg), PGO_ANALYSIS_ALL);
  pgo_cfg_free(cfg);
}
END_TEST

/* Why the rule asks for an analysed cfg: on a finished graph without its
 * analyses a run computes them, i.e. writes the graph. */
START_TEST(unanalysed_cfg_is_written) {
  pgo_cfg *cfg = tu_graph(LOOP_N, loop_edges, LOOP_NE);
  ck_assert_int_eq(pgo_cfg_finish(cfg), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_valid_analyses(cfg) & PGO_ANALYSIS_LOOPS, 0);
  ck_assert_int_eq(run_opts(cfg, NULL, NULL, NULL, 0), PGO_OK);
  ck_assert_uint_eq(pgo_cfg_valid_analyses(cfg), PGO_ANALYSIS_ALL);
  pgo_cfg_free(cfg);
}
END_TEST

int main(void) {
  Suite *su = suite_create("synth_options");
  TCase *tc = tcase_create("options");
  tcase_add_test(tc, init_sets_size_and_defaults);
  tcase_add_test(tc, null_equals_init);
  tcase_add_test(tc, size_too_small);
  tcase_add_test(tc, newer_header);
  tcase_add_test(tc, init_stays_in_caller_struct);
  tcase_add_test(tc, old_header_prefix);
  suite_add_tcase(su, tc);
  TCase *tf = tcase_create("fill_unheld_only");
  tcase_add_test(tf, fill_unheld_keeps_held);
  tcase_add_test(tf, fill_unheld_shares);
  tcase_add_test(tf, fill_unheld_entry_base);
  tcase_add_test(tf, edited_graph);
  suite_add_tcase(su, tf);
  TCase *tt = tcase_create("threads");
  tcase_add_test(tt, shared_analysed_cfg);
  tcase_add_test(tt, unanalysed_cfg_is_written);
  suite_add_tcase(su, tt);
  SRunner *sr = srunner_create(su);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
