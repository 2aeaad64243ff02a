/*
 * maint_impl.h -- private layout of pgo_maint and the helpers shared by the
 * files of lib/maint.  Never installed.
 *
 * Memory: every allocation goes through the handle's allocator with element
 * counts, so the exact byte size is handed back on free and OOM tests can
 * refuse the Nth allocation (lib/core's helpers are hidden in its shared
 * library, so the few lines are repeated here, as in lib/oracle).
 */
#ifndef PGO_MAINT_IMPL_H
#define PGO_MAINT_IMPL_H

#include <pgo/maint.h>
#include <pgo/synth.h>

#include <stdint.h>
#include <string.h>

struct pgo_maint {
  pgo_allocator alloc;
  char errmsg[256];
  pgo_synth *synth;              /* solver for check (cp) and repair */
  pgo_maint_block_check *checks; /* last check, nchecks entries */
  uint32_t nchecks;
};

static inline size_t maint_bytes(size_t count, size_t size) {
  if (size != 0 && count > SIZE_MAX / size)
    return 0;
  size_t n = count * size;
  return n ? n : 1;
}
static inline void *maint_alloc(const pgo_maint *m, size_t count, size_t size) {
  size_t n = maint_bytes(count, size);
  void *p = n ? m->alloc.realloc(m->alloc.ud, NULL, 0, n) : NULL;
  if (p)
    memset(p, 0, n);
  return p;
}
static inline void maint_free(const pgo_maint *m, void *p, size_t count,
                              size_t size) {
  if (p != NULL)
    (void)m->alloc.realloc(m->alloc.ud, p, maint_bytes(count, size), 0);
}

pgo_status pgo__maint_seterr(pgo_maint *m, pgo_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Message from a failed core or synth call: "<what>: <their message>". */
pgo_status pgo__maint_from_cfg(pgo_maint *m, pgo_status s, const pgo_cfg *cfg,
                               const char *what);
pgo_status pgo__maint_from_pfg(pgo_maint *m, pgo_status s, const pgo_pfg *p,
                               const char *what);
/* Common argument check: handles non-NULL, pfg over cfg, cfg finished,
 * block (when not PGO_NONE) live. */
pgo_status pgo__maint_args(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                           uint32_t block, const char *op);
/* Effective options (defaults where o is NULL or short). */
void pgo__maint_opts(const pgo_maint_options *o, pgo_maint_options *eff);
void pgo__maint_result(pgo_maint_result *out, uint32_t first, uint32_t nnew,
                       bool exact);

/* Sum of the flows entering block (N_src * e over its in-edges). */
double pgo__maint_inflow(const pgo_cfg *cfg, const pgo_pfg *pfg,
                         uint32_t block);
/* Makes the out-edges of d take measured counts from block's out-edges
 * (same successor index) scaled by f, and scales block's own by (1 - f);
 * provenance REPAIRED.  Edges without a measured count are left alone. */
pgo_status pgo__maint_split_measured(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                                     uint32_t block, uint32_t d, double f);
/* Copies probability + provenance of src's successor i to dst's. */
pgo_status pgo__maint_copy_probs(pgo_maint *m, pgo_pfg *pfg, uint32_t src,
                                 uint32_t dst);
/* Duplicates block and moves edges[0..n) to the copy; counts split (the
 * engine of duplicate, tail duplication and rotation). *exact is cleared
 * when a moved edge comes from block itself. */
pgo_status pgo__maint_dup_move(pgo_maint *m, pgo_cfg *cfg, pgo_pfg *pfg,
                               uint32_t block, const uint32_t *edges,
                               uint32_t n, uint32_t *out_dup, bool *exact);
/* pfg setters that cannot fail on valid input; failures are reported. */
pgo_status pgo__maint_set_count(pgo_maint *m, pgo_pfg *pfg, uint32_t b,
                                double v, pgo_provenance prov);
pgo_status pgo__maint_set_prob(pgo_maint *m, pgo_pfg *pfg, uint32_t e, double v,
                               pgo_provenance prov);

#endif
