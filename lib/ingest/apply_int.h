/* apply_int.h -- private to lib/ingest's records -> pfg files (apply.c,
 * apply_lookup.c, apply_method.c, blend.c, repair.c): the pgo_ingest
 * handle, allocation and message helpers, and the option / result copies
 * that let both structs grow by struct_size.  Never installed. */
#ifndef PGO_INGEST_APPLY_INT_H
#define PGO_INGEST_APPLY_INT_H

#include <stddef.h>

#include "pgo/ingest.h"

struct pgo_ingest {
  pgo_allocator alloc; /* copied at _new */
  pgo_synth *synth;    /* owned: the prior and the repair solver */
  char msg[320];       /* last error message, "" if none */
};

/* n * size bytes (n == 0: one element) through the handle's allocator;
 * NULL on overflow or failure. */
void *pgo__ingest_alloc(pgo_ingest *ig, size_t n, size_t size);
void *pgo__ingest_calloc(pgo_ingest *ig, size_t n, size_t size);
void pgo__ingest_dealloc(pgo_ingest *ig, void *p, size_t n, size_t size);

/* Sets the handle's message and returns st. */
pgo_status pgo__ingest_fail(pgo_ingest *ig, pgo_status st, const char *fmt,
                            ...) __attribute__((format(printf, 3, 4)));

/* The caller's options (NULL: defaults) as a whole struct of this
 * library's version, validated.  PGO_ERR_INVALID with the message. */
pgo_status pgo__ingest_opts(pgo_ingest *ig, const pgo_ingest_options *o,
                            pgo_ingest_options *out);

/* The caller's result as a whole struct (fields its struct_size does not
 * cover at their initial values; NULL: a fresh one) and back.  store
 * copies only what the caller's struct_size covers. */
void pgo__ingest_res_load(const pgo_ingest_result *r, pgo_ingest_result *out);
void pgo__ingest_res_store(const pgo_ingest_result *full,
                           pgo_ingest_result *r);

/* Common argument checks: ig, cfg finished, pfg over cfg.  Sets the
 * message; `what` names the function. */
pgo_status pgo__ingest_check_graph(pgo_ingest *ig, const char *what,
                                   const pgo_cfg *cfg, const pgo_pfg *pfg);

/* Measured provenances (the values a profile supplied). */
static inline bool pgo__ingest_is_measured(pgo_provenance p) {
  return p == PGO_PROV_INSTRUMENTED || p == PGO_PROV_SAMPLED ||
         p == PGO_PROV_ANNOTATED;
}

#endif
