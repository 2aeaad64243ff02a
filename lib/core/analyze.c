/*
 * analyze.c -- the analysis driver: computes what pgo_cfg_analyze is asked
 * for plus its prerequisites, in dependency order
 *     RPO  <-  DOM  <-  LOOPS (natural loops, then irreducible regions)
 *     PDOM (independent: reversed graph with a virtual exit)
 * and caches the results until the next edit (pgo__cfg_invalidate).  Each
 * analysis is all-or-nothing: on failure its partial results are freed,
 * the ones already valid stay valid, and the status (PGO_ERR_NOMEM) and the
 * handle's message say which analysis failed.
 *
 * Queries call pgo__cfg_ensure, which runs the driver for an analysis that
 * is not valid (dropped by a change of the graph): a query never answers
 * from a stale analysis.  That writes through a const handle -- legal, the
 * handle is never a const object -- which is why core.h allows concurrent
 * queries only once pgo_cfg_analyze made the needed analyses valid.
 */
#include "cfg_impl.h"

PGO_API pgo_status pgo_cfg_analyze(pgo_cfg *cfg, unsigned what) {
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  if (what & ~(unsigned)PGO_ANALYSIS_ALL)
    return pgo__core_seterr(cfg, PGO_ERR_INVALID,
                       "pgo_cfg_analyze: unknown analysis bits 0x%x",
                       what & ~(unsigned)PGO_ANALYSIS_ALL);
  if (!cfg->finished)
    return pgo__core_seterr(cfg, PGO_ERR_STATE,
                       "pgo_cfg_analyze: the graph is not finished "
                       "(call pgo_cfg_finish after editing)");
  if (what & PGO_ANALYSIS_LOOPS)
    what |= PGO_ANALYSIS_DOM;
  if (what & PGO_ANALYSIS_DOM)
    what |= PGO_ANALYSIS_RPO;
  pgo_status s;
  if ((what & PGO_ANALYSIS_RPO) && !(cfg->valid & PGO_ANALYSIS_RPO) &&
      (s = pgo__dom_compute_rpo(cfg)) != PGO_OK)
    return s;
  if ((what & PGO_ANALYSIS_DOM) && !(cfg->valid & PGO_ANALYSIS_DOM) &&
      (s = pgo__dom_compute_dom(cfg)) != PGO_OK)
    return s;
  if ((what & PGO_ANALYSIS_PDOM) && !(cfg->valid & PGO_ANALYSIS_PDOM) &&
      (s = pgo__dom_compute_pdom(cfg)) != PGO_OK)
    return s;
  if ((what & PGO_ANALYSIS_LOOPS) && !(cfg->valid & PGO_ANALYSIS_LOOPS)) {
    if ((s = pgo__loops_compute(cfg)) != PGO_OK)
      return s;
    /* Loops and regions are one public analysis: both or neither. */
    if ((s = pgo__irr_compute(cfg)) != PGO_OK) {
      pgo__loops_free(cfg);
      return s;
    }
  }
  return PGO_OK;
}

bool pgo__cfg_ensure(const pgo_cfg *ccfg, unsigned bits) {
  if (ccfg == NULL)
    return false;
  unsigned need = bits;
  if (need & PGO_ANALYSIS_LOOPS)
    need |= CFG_ANALYSIS_IRR;
  if ((ccfg->valid & need) == need)
    return true;
  pgo_cfg *cfg = (pgo_cfg *)ccfg;
  return pgo_cfg_analyze(cfg, bits & PGO_ANALYSIS_ALL) == PGO_OK;
}

PGO_API unsigned pgo_cfg_valid_analyses(const pgo_cfg *cfg) {
  return cfg ? cfg->valid & PGO_ANALYSIS_ALL : 0;
}
