/*
 * apply_handle.c -- the pgo_ingest handle (allocator, synth handle,
 * message), the option defaults and their validation, and the result
 * struct's init and struct_size-bounded copies (include/pgo/ingest.h,
 * "records -> pfg").  Options and results grow as pgo_synth_options does:
 * the caller's struct_size says which fields it knows; the library reads
 * (writes) only those and uses defaults for the rest.  Nothing here can
 * fail except pgo_ingest_new (PGO_ERR_NOMEM) and option validation
 * (PGO_ERR_INVALID with a message naming the field).
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "apply_int.h"

/* --- allocation ------------------------------------------------------ */

void *pgo__ingest_alloc(pgo_ingest *ig, size_t n, size_t size) {
  if (n == 0)
    n = 1;
  if (size && n > SIZE_MAX / size)
    return NULL;
  return ig->alloc.realloc(ig->alloc.ud, NULL, 0, n * size);
}

void *pgo__ingest_calloc(pgo_ingest *ig, size_t n, size_t size) {
  void *p = pgo__ingest_alloc(ig, n, size);
  if (p)
    memset(p, 0, (n ? n : 1) * size);
  return p;
}

void pgo__ingest_dealloc(pgo_ingest *ig, void *p, size_t n, size_t size) {
  if (!p)
    return;
  if (n == 0)
    n = 1;
  ig->alloc.realloc(ig->alloc.ud, p, n * size, 0);
}

pgo_status pgo__ingest_fail(pgo_ingest *ig, pgo_status st, const char *fmt,
                            ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ig->msg, sizeof ig->msg, fmt, ap);
  va_end(ap);
  return st;
}

/* --- handle ---------------------------------------------------------- */

pgo_status pgo_ingest_new(const pgo_allocator *alloc, pgo_ingest **out) {
  if (!out)
    return PGO_ERR_INVALID;
  *out = NULL;
  const pgo_allocator *a = alloc ? alloc : pgo_default_allocator();
  if (!a->realloc)
    return PGO_ERR_INVALID;
  pgo_ingest *ig = a->realloc(a->ud, NULL, 0, sizeof *ig);
  if (!ig)
    return PGO_ERR_NOMEM;
  memset(ig, 0, sizeof *ig);
  ig->alloc = *a;
  pgo_status st = pgo_synth_new(&ig->alloc, &ig->synth);
  if (st) {
    a->realloc(a->ud, ig, sizeof *ig, 0);
    return st;
  }
  *out = ig;
  return PGO_OK;
}

void pgo_ingest_free(pgo_ingest *ig) {
  if (!ig)
    return;
  pgo_synth_free(ig->synth);
  ig->alloc.realloc(ig->alloc.ud, ig, sizeof *ig, 0);
}

const char *pgo_ingest_errmsg(const pgo_ingest *ig) {
  return ig ? ig->msg : "no ingest handle";
}

pgo_synth *pgo_ingest_synth(pgo_ingest *ig) { return ig ? ig->synth : NULL; }

const char *pgo_ingest_match_name(pgo_ingest_match m) {
  switch (m) {
#define PGO_X_(name, value, text)                                             \
  case name:                                                                  \
    return text;
    PGO_INGEST_MATCH_LIST(PGO_X_)
#undef PGO_X_
  }
  return "?";
}

/* --- options --------------------------------------------------------- */

static void opts_defaults(pgo_ingest_options *o) {
  memset(o, 0, sizeof *o);
  o->struct_size = sizeof *o;
  o->prov = PGO_PROV_INSTRUMENTED;
  o->tolerance = 0.01;
  o->prior_strength = 4;
  o->min_prob = 1e-9;
  o->measured_weight = 1e-6;
  o->repair_tolerance = 1e-3;
  o->repair_cp_cap = 1 - 1e-9;
  o->synth = NULL;
  o->stale = NULL;
  o->stale_ud = NULL;
}

void pgo_ingest_options_init_sized(pgo_ingest_options *o,
                                   size_t struct_size) {
  if (!o || struct_size < sizeof(size_t))
    return;
  pgo_ingest_options d;
  opts_defaults(&d);
  size_t n = struct_size < sizeof d ? struct_size : sizeof d;
  memcpy(o, &d, n);
  if (struct_size > sizeof d)
    memset((char *)o + sizeof d, 0, struct_size - sizeof d);
  o->struct_size = struct_size;
}

pgo_status pgo__ingest_opts(pgo_ingest *ig, const pgo_ingest_options *o,
                            pgo_ingest_options *out) {
  opts_defaults(out);
  if (!o)
    return PGO_OK;
  size_t sz = o->struct_size;
  if (sz < PGO_INGEST_OPTIONS_SIZE_V1)
    return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                            "ingest: options.struct_size %zu is below the "
                            "first version's %zu (call "
                            "pgo_ingest_options_init first)",
                            sz, (size_t)PGO_INGEST_OPTIONS_SIZE_V1);
  if (sz > sizeof *out) {
    const unsigned char *extra = (const unsigned char *)o + sizeof *out;
    for (size_t i = 0; i < sz - sizeof *out; i++)
      if (extra[i])
        return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                                "ingest: options set fields this library "
                                "(struct_size %zu) does not know (caller's "
                                "%zu)", sizeof *out, sz);
    sz = sizeof *out;
  }
  memcpy(out, o, sz);
  out->struct_size = sizeof *out;
  if (out->prov != PGO_PROV_INSTRUMENTED && out->prov != PGO_PROV_SAMPLED &&
      out->prov != PGO_PROV_ANNOTATED)
    return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                            "ingest: options.prov must be instrumented, "
                            "sampled or annotated");
  if (!(out->tolerance >= 0) || isinf(out->tolerance))
    return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                            "ingest: options.tolerance must be finite and "
                            ">= 0");
  if (!(out->prior_strength > 0) || isinf(out->prior_strength))
    return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                            "ingest: options.prior_strength must be finite "
                            "and > 0");
  if (!(out->min_prob > 0 && out->min_prob <= 0.25))
    return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                            "ingest: options.min_prob must be in (0, 0.25]");
  if (!(out->measured_weight >= 0 && out->measured_weight < 1))
    return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                            "ingest: options.measured_weight must be in "
                            "[0, 1)");
  if (!(out->repair_tolerance >= 0) || isinf(out->repair_tolerance))
    return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                            "ingest: options.repair_tolerance must be "
                            "finite and >= 0");
  if (!(out->repair_cp_cap > 0 && out->repair_cp_cap < 1))
    return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                            "ingest: options.repair_cp_cap must be in "
                            "(0, 1)");
  return PGO_OK;
}

/* --- results --------------------------------------------------------- */

static void res_defaults(pgo_ingest_result *r) {
  memset(r, 0, sizeof *r);
  r->struct_size = sizeof *r;
  r->match = PGO_INGEST_ABSENT;
  r->bad_block_offset = PGO_NONE;
  r->bad_edge_offset = PGO_NONE;
  r->bad_edge_succ = PGO_NONE;
  r->bad_site_offset = PGO_NONE;
  r->residual = -1;
  r->worst_block = PGO_NONE;
  r->residual_before = -1;
  r->residual_after = -1;
  r->solver_status = PGO_OK;
}

void pgo_ingest_result_init_sized(pgo_ingest_result *r, size_t struct_size) {
  if (!r || struct_size < sizeof(size_t))
    return;
  pgo_ingest_result d;
  res_defaults(&d);
  size_t n = struct_size < sizeof d ? struct_size : sizeof d;
  memcpy(r, &d, n);
  if (struct_size > sizeof d)
    memset((char *)r + sizeof d, 0, struct_size - sizeof d);
  r->struct_size = struct_size;
}

void pgo__ingest_res_load(const pgo_ingest_result *r, pgo_ingest_result *out) {
  res_defaults(out);
  if (!r || r->struct_size < sizeof(size_t))
    return;
  size_t n = r->struct_size < sizeof *out ? r->struct_size : sizeof *out;
  memcpy(out, r, n);
  out->struct_size = sizeof *out;
}

void pgo__ingest_res_store(const pgo_ingest_result *full,
                           pgo_ingest_result *r) {
  if (!r || r->struct_size < sizeof(size_t))
    return;
  size_t sz = r->struct_size;
  size_t n = sz < sizeof *full ? sz : sizeof *full;
  memcpy(r, full, n);
  r->struct_size = sz;
  /* a cut message stays a string */
  if (sz < sizeof *full && sz > offsetof(pgo_ingest_result, message))
    ((char *)r)[sz - 1] = '\0';
}

/* --- argument checks ------------------------------------------------- */

pgo_status pgo__ingest_check_graph(pgo_ingest *ig, const char *what,
                                   const pgo_cfg *cfg, const pgo_pfg *pfg) {
  if (!cfg || !pfg)
    return pgo__ingest_fail(ig, PGO_ERR_INVALID, "%s: NULL %s", what,
                            !cfg ? "graph" : "pfg");
  if (!pgo_cfg_is_finished(cfg))
    return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                            "%s: the graph is not finished", what);
  if (pgo_pfg_cfg(pfg) != cfg)
    return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                            "%s: the pfg is over another graph", what);
  return PGO_OK;
}
