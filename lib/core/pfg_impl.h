/*
 * pfg_impl.h -- private layout of pgo_pfg, shared by pfg.c (values, sync,
 * verify) and pfg_hist.c (call-site histograms).  Never installed.
 *
 * Values are stored by stable identity (cfg_impl.h): per block id, and per
 * stable edge id (the graph's bedges index), not per CSR edge id, so that
 * they follow blocks and edges across graph edits.  The public edge ids are
 * mapped through cfg->edge_stable.
 */
#ifndef PGO_CORE_PFG_IMPL_H
#define PGO_CORE_PFG_IMPL_H

#include "cfg_impl.h"

/* One call site's value histogram. */
typedef struct pfg_hist {
  uint32_t il_offset;
  uint32_t n;       /* named targets */
  char **targets;   /* n owned strings */
  double *counts;   /* n */
  double other;     /* tail */
  uint8_t prov;
} pfg_hist;

struct pgo_pfg {
  pgo_allocator alloc;
  const pgo_cfg *cfg; /* borrowed */
  char errmsg[256];
  uint64_t generation; /* graph generation the values match */

  uint32_t nblocks; /* blocks known (= cfg->nblocks once synced) */
  double *count;    /* N_i */
  uint8_t *bprov;   /* pgo_provenance */
  uint8_t *bheld;

  uint32_t nedges;  /* stable edges known (= cfg->nbedges once synced) */
  double *prob;     /* e_ij */
  uint8_t *eprov;
  uint8_t *eheld;
  double *mcount;   /* measured count (NaN when mprov is NONE) */
  uint8_t *mprov;
  uint8_t *elive;   /* edge was live at the last sync */

  pfg_hist *hist;   /* sorted by il_offset, distinct */
  uint32_t nhist, cap_hist;
};

pgo_status pgo__pfg_seterr(pgo_pfg *p, pgo_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* pgo_pfg_verify's part for histograms (pfg_hist.c). */
pgo_status pgo__pfg_hist_verify(pgo_pfg *p);
/* Frees every histogram (pfg_free). */
void pgo__pfg_hist_free_all(pgo_pfg *p);

static inline bool pfg_prov_ok(int prov) {
  return prov >= 0 && prov <= (int)PGO_PROV_REPAIRED;
}

#endif /* PGO_CORE_PFG_IMPL_H */
