/* stubs_tmp.c -- TEMPORARY: declarations of the issue-8 API compile and link
 * while the implementation is written; every function fails with
 * PGO_ERR_STATE.  Removed by the implementation commits. */
#include "cfg_impl.h"
#include <math.h>
PGO_API const char *pgo_pfg_errmsg(const pgo_pfg *p) { (void)p; return ""; }
PGO_API uint64_t pgo_pfg_generation(const pgo_pfg *p) { (void)p; return 0; }
PGO_API pgo_status pgo_pfg_sync(pgo_pfg *p) { (void)p; return PGO_ERR_STATE; }
PGO_API double pgo_pfg_edge_measured(const pgo_pfg *p, uint32_t e) { (void)p; (void)e; return NAN; }
PGO_API pgo_provenance pgo_pfg_edge_measured_prov(const pgo_pfg *p, uint32_t e) { (void)p; (void)e; return PGO_PROV_NONE; }
PGO_API pgo_status pgo_pfg_set_edge_measured(pgo_pfg *p, uint32_t e, double c, pgo_provenance v) { (void)p; (void)e; (void)c; (void)v; return PGO_ERR_STATE; }
PGO_API bool pgo_pfg_block_held(const pgo_pfg *p, uint32_t b) { (void)p; (void)b; return false; }
PGO_API pgo_status pgo_pfg_set_block_held(pgo_pfg *p, uint32_t b, bool h) { (void)p; (void)b; (void)h; return PGO_ERR_STATE; }
PGO_API bool pgo_pfg_edge_held(const pgo_pfg *p, uint32_t b) { (void)p; (void)b; return false; }
PGO_API pgo_status pgo_pfg_set_edge_held(pgo_pfg *p, uint32_t b, bool h) { (void)p; (void)b; (void)h; return PGO_ERR_STATE; }
PGO_API pgo_status pgo_pfg_set_histogram(pgo_pfg *p, uint32_t o, const char *const *t, const double *c, uint32_t n, double x, pgo_provenance v) { (void)p; (void)o; (void)t; (void)c; (void)n; (void)x; (void)v; return PGO_ERR_STATE; }
PGO_API pgo_status pgo_pfg_remove_histogram(pgo_pfg *p, uint32_t o) { (void)p; (void)o; return PGO_ERR_STATE; }
PGO_API uint32_t pgo_pfg_nhistograms(const pgo_pfg *p) { (void)p; return 0; }
PGO_API pgo_status pgo_pfg_histogram_at(const pgo_pfg *p, uint32_t i, pgo_pfg_histogram *o) { (void)p; (void)i; (void)o; return PGO_ERR_STATE; }
PGO_API pgo_status pgo_pfg_histogram_get(const pgo_pfg *p, uint32_t i, pgo_pfg_histogram *o) { (void)p; (void)i; (void)o; return PGO_ERR_STATE; }
PGO_API pgo_status pgo_pfg_verify(pgo_pfg *p) { (void)p; return PGO_ERR_STATE; }
