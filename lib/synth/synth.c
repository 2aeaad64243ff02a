/*
 * synth.c -- the synth handle: allocation, messages, options, the heuristic
 * table accessors and pgo_synth_run (probabilities, then frequencies).
 *
 * The passes themselves live one per file: heuristics.c (which Ball-Larus
 * heuristics fire and their combination), dempster_shafer.c (the
 * combination rule), wu_larus.c (frequencies: acyclic pass, loops inner to
 * outer) and gauss_seidel.c (irreducible regions).
 */
#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "synth_int.h"

static const struct {
  const char *name;
  double prob;
} heuristic_table[] = {
#define PGO_X_(name, text, prob) {text, prob},
    PGO_SYNTH_HEURISTIC_LIST(PGO_X_)
#undef PGO_X_
};

const char *pgo_synth_heuristic_name(pgo_synth_heuristic h) {
  if ((unsigned)h >= PGO_SYNTH_NHEURISTICS)
    return "?";
  return heuristic_table[h].name;
}

double pgo_synth_heuristic_prob(pgo_synth_heuristic h) {
  if ((unsigned)h >= PGO_SYNTH_NHEURISTICS)
    return 0;
  return heuristic_table[h].prob;
}

/* The defaults, every field. */
static void defaults(pgo_synth_options *o) {
  memset(o, 0, sizeof *o);
  o->struct_size = sizeof *o;
  o->tolerance = 1e-13;
  o->max_iter = 20000;
  o->cp_cap = 0.999;
  o->floor = 1e-4;
  o->entry_count = 1.0;
  o->disabled = 0;
  o->edge_hints = NULL;
  o->block_hints = NULL;
  o->continues_to = NULL;
  o->solver = PGO_SYNTH_SOLVER_AUTO;
  o->count_prov = PGO_PROV_SYNTHESIZED;
  o->fill_unheld_only = false;
  o->heuristic_probs = NULL;
  o->edge_continues_to = NULL;
}

_Static_assert(offsetof(pgo_synth_options, struct_size) == 0,
               "struct_size is the first field");

/* Field f of the caller's struct is there when struct_size covers it. */
#define COVERS(size, f)                                                        \
  (offsetof(pgo_synth_options, f) + sizeof(((pgo_synth_options *)0)->f) <=    \
   (size))
#define FIELDS(X)                                                              \
  X(tolerance) X(max_iter) X(cp_cap) X(floor) X(entry_count) X(disabled)       \
  X(edge_hints) X(block_hints) X(continues_to) X(solver) X(count_prov)       \
  X(fill_unheld_only) X(heuristic_probs) X(edge_continues_to)
/* The last field of FIELDS: a field appended to the struct must be added to
 * both, which this assertion reminds of. */
#define LAST_FIELD edge_continues_to
_Static_assert(sizeof(pgo_synth_options) -
                       (offsetof(pgo_synth_options, LAST_FIELD) +
                        sizeof(((pgo_synth_options *)0)->LAST_FIELD)) <
                   _Alignof(pgo_synth_options),
               "a field was appended to pgo_synth_options: add it to FIELDS");

void pgo_synth_options_init_sized(pgo_synth_options *o, size_t struct_size) {
  if (!o || struct_size < sizeof o->struct_size)
    return;
  pgo_synth_options d;
  defaults(&d);
  /* Only the caller's bytes: a struct from an older header is smaller. */
  size_t n = struct_size < sizeof d ? struct_size : sizeof d;
  memcpy(o, &d, n);
  if (struct_size > sizeof d)
    memset((char *)o + sizeof d, 0, struct_size - sizeof d);
  o->struct_size = struct_size;
}

pgo_status pgo__synth_check_options(pgo_synth *s, const pgo_synth_options *o,
                               pgo_synth_options *out) {
  defaults(out);
  if (!o)
    return PGO_OK;
  size_t size = o->struct_size;
  if (size < PGO_SYNTH_OPTIONS_SIZE_V1)
    return pgo__synth_fail(
        s, PGO_ERR_INVALID,
        "synth: options.struct_size is %zu, less than the %zu of the first "
        "version (initialise options with pgo_synth_options_init)",
        size, (size_t)PGO_SYNTH_OPTIONS_SIZE_V1);
  if (size > sizeof *out) {
    /* Built against a newer header: fine while it left the fields this
     * library does not know at zero. */
    const unsigned char *extra = (const unsigned char *)o + sizeof *out;
    for (size_t i = 0; i < size - sizeof *out; i++)
      if (extra[i])
        return pgo__synth_fail(
            s, PGO_ERR_INVALID,
            "synth: options.struct_size is %zu and sets fields beyond the "
            "%zu bytes this library knows (built against a newer pgo/synth.h)",
            size, sizeof *out);
  }
#define TAKE_(f)                                                               \
  if (COVERS(size, f))                                                         \
    out->f = o->f;
  FIELDS(TAKE_)
#undef TAKE_
  if (!(out->tolerance > 0) || !isfinite(out->tolerance))
    return pgo__synth_fail(s, PGO_ERR_INVALID, "synth: tolerance must be > 0");
  if (out->max_iter == 0)
    return pgo__synth_fail(s, PGO_ERR_INVALID, "synth: max_iter must be > 0");
  if (!(out->cp_cap > 0 && out->cp_cap < 1))
    return pgo__synth_fail(s, PGO_ERR_INVALID, "synth: cp_cap must be in (0, 1)");
  if (!(out->floor >= 0 && out->floor < 0.5))
    return pgo__synth_fail(s, PGO_ERR_INVALID, "synth: floor must be in [0, 0.5)");
  if (out->solver != PGO_SYNTH_SOLVER_AUTO &&
      out->solver != PGO_SYNTH_SOLVER_GAUSS_SEIDEL)
    return pgo__synth_fail(s, PGO_ERR_INVALID, "synth: unknown solver %d",
                      (int)out->solver);
  if (!(out->entry_count >= 0) || !isfinite(out->entry_count))
    return pgo__synth_fail(s, PGO_ERR_INVALID,
                      "synth: entry_count must be finite and >= 0");
  if (out->heuristic_probs)
    for (int h = 0; h < PGO_SYNTH_NHEURISTICS; h++)
      if (!(out->heuristic_probs[h] > 0 && out->heuristic_probs[h] < 1))
        return pgo__synth_fail(s, PGO_ERR_INVALID,
                               "synth: heuristic_probs[%d] (%s) must be in "
                               "(0, 1)",
                               h, pgo_synth_heuristic_name(
                                      (pgo_synth_heuristic)h));
  return PGO_OK;
}

pgo_status pgo__synth_begin(pgo_synth *s, pgo_cfg *cfg,
                       const pgo_synth_options *opts, pgo_pfg *pfg,
                       pgo_synth_options *o) {
  s->msg[0] = 0;
  if (!cfg || !pfg)
    return pgo__synth_fail(s, PGO_ERR_INVALID, "synth: NULL graph or profile");
  if (pgo_pfg_cfg(pfg) != cfg)
    return pgo__synth_fail(s, PGO_ERR_INVALID,
                      "synth: the profile was not made over this graph");
  if (!pgo_cfg_is_finished(cfg))
    return pgo__synth_fail(s, PGO_ERR_STATE, "synth: graph is not finished");
  pgo_status st = pgo__synth_check_options(s, opts, o);
  if (st != PGO_OK)
    return st;
  st = pgo_cfg_analyze(cfg, PGO_ANALYSIS_ALL);
  if (st != PGO_OK)
    return pgo__synth_fail(s, st, "synth: %s", pgo_cfg_errmsg(cfg));
  /* the pfg follows the graph's edits (core.h): bring it up to date here,
   * so that a failure is this call's status and not a getter's NaN */
  st = pgo_pfg_sync(pfg);
  if (st != PGO_OK)
    return pgo__synth_fail(s, st, "synth: %s", pgo_pfg_errmsg(pfg));
  return PGO_OK;
}

/* --- allocation ---------------------------------------------------- */

void *pgo__synth_alloc(pgo_synth *s, size_t n, size_t size) {
  if (n == 0)
    n = 1;
  if (size && n > SIZE_MAX / size)
    return NULL;
  return s->alloc.realloc(s->alloc.ud, NULL, 0, n * size);
}

void *pgo__synth_calloc(pgo_synth *s, size_t n, size_t size) {
  void *p = pgo__synth_alloc(s, n, size);
  if (p)
    memset(p, 0, (n ? n : 1) * size);
  return p;
}

void pgo__synth_dealloc(pgo_synth *s, void *p, size_t n, size_t size) {
  if (!p)
    return;
  if (n == 0)
    n = 1;
  s->alloc.realloc(s->alloc.ud, p, n * size, 0);
}

pgo_status pgo__synth_fail(pgo_synth *s, pgo_status st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(s->msg, sizeof s->msg, fmt, ap);
  va_end(ap);
  return st;
}

/* --- the handle ---------------------------------------------------- */

pgo_status pgo_synth_new(const pgo_allocator *alloc, pgo_synth **out) {
  if (!out)
    return PGO_ERR_INVALID;
  *out = NULL;
  pgo_allocator a;
  if (alloc && alloc->realloc) {
    a = *alloc;
  } else {
    a = *pgo_default_allocator();
  }
  pgo_synth *s = a.realloc(a.ud, NULL, 0, sizeof *s);
  if (!s)
    return PGO_ERR_NOMEM;
  memset(s, 0, sizeof *s);
  s->alloc = a;
  s->report.status = PGO_OK;
  *out = s;
  return PGO_OK;
}

void pgo__synth_free_masks(pgo_synth *s) {
  pgo__synth_dealloc(s, s->for_mask, s->nmask, sizeof *s->for_mask);
  pgo__synth_dealloc(s, s->against_mask, s->nmask, sizeof *s->against_mask);
  s->for_mask = s->against_mask = NULL;
  s->nmask = 0;
}

void pgo_synth_free(pgo_synth *s) {
  if (!s)
    return;
  pgo__synth_free_masks(s);
  pgo__synth_dealloc(s, s->loop_cp, s->nloop_cp, sizeof *s->loop_cp);
  pgo_allocator a = s->alloc;
  a.realloc(a.ud, s, sizeof *s, 0);
}

const char *pgo_synth_errmsg(const pgo_synth *s) {
  return s ? s->msg : "synth: NULL handle";
}

void pgo_synth_fired(const pgo_synth *s, uint32_t edge, uint32_t *for_mask,
                     uint32_t *against_mask) {
  uint32_t f = 0, a = 0;
  if (s && edge < s->nmask) {
    f = s->for_mask[edge];
    a = s->against_mask[edge];
  }
  if (for_mask)
    *for_mask = f;
  if (against_mask)
    *against_mask = a;
}

const pgo_synth_report *pgo_synth_last_report(const pgo_synth *s) {
  return s ? &s->report : NULL;
}

double pgo_synth_loop_cp(const pgo_synth *s, uint32_t loop) {
  if (!s || loop >= s->nloop_cp)
    return -1;
  return s->loop_cp[loop];
}

pgo_status pgo_synth_run(pgo_synth *s, pgo_cfg *cfg, const pgo_synth_options *o,
                         pgo_pfg *pfg) {
  pgo_status st = pgo_synth_probabilities(s, cfg, o, pfg);
  if (st != PGO_OK)
    return st;
  return pgo_synth_frequencies(s, cfg, o, pfg);
}
