/*
 * repair.c -- block counts re-solved from a pfg's probabilities so that
 * every block balances (include/pgo/ingest.h, "Repair"; docs/ingest.md).
 *
 * The solver is synthesis' own (pgo_synth_frequencies: N = IN + E^T N;
 * one RPO pass for acyclic code, Wu-Larus cyclic probabilities inner to
 * outer for reducible loops, sparse elimination or Gauss-Seidel for
 * irreducible regions) with entry_count = the measured entry count and
 * cp_cap = repair_cp_cap (default 1 - 1e-9, far above synthesis' 0.999, so
 * a measured hot loop keeps its trip count).  Its counts replace every
 * block count; provenance: a count that had a provenance and moved by at
 * most repair_tolerance * max(old, 1) keeps it, one that moved more becomes
 * REPAIRED, one that had none (PGO_PROV_NONE) becomes SYNTHESIZED.
 *
 * The old counts and provenances are saved first; when the solver fails
 * (other than PGO_ERR_NOT_CONVERGED, whose counts are usable) they are
 * written back, so a failure leaves the pfg as it was.
 */
#include <math.h>
#include <string.h>

#include "apply_int.h"

pgo_status pgo_ingest_repair(pgo_ingest *ig, pgo_cfg *cfg, double entry_count,
                             const pgo_ingest_options *o, pgo_pfg *pfg,
                             pgo_ingest_result *res) {
  if (!ig)
    return PGO_ERR_INVALID;
  ig->msg[0] = '\0';
  pgo_status st = pgo__ingest_check_graph(ig, "pgo_ingest_repair", cfg, pfg);
  if (st)
    return st;
  if (!(entry_count >= 0) || isinf(entry_count))
    return pgo__ingest_fail(ig, PGO_ERR_INVALID,
                            "pgo_ingest_repair: entry_count must be finite "
                            "and >= 0");
  pgo_ingest_options opt;
  if ((st = pgo__ingest_opts(ig, o, &opt)))
    return st;
  pgo_synth_options so;
  pgo_synth_options_init(&so);
  if (opt.synth)
    so = *opt.synth;
  so.entry_count = entry_count;
  so.cp_cap = opt.repair_cp_cap;
  so.count_prov = PGO_PROV_REPAIRED;
  if ((st = pgo_pfg_sync(pfg)))
    return pgo__ingest_fail(ig, st, "ingest: %s", pgo_pfg_errmsg(pfg));
  uint32_t nb = pgo_cfg_nblocks(cfg);
  double *old = pgo__ingest_alloc(ig, nb, sizeof *old);
  uint8_t *oprov = pgo__ingest_alloc(ig, nb, 1);
  if (!old || !oprov) {
    pgo__ingest_dealloc(ig, old, nb, sizeof *old);
    pgo__ingest_dealloc(ig, oprov, nb, 1);
    return pgo__ingest_fail(ig, PGO_ERR_NOMEM, "ingest: out of memory");
  }
  for (uint32_t b = 0; b < nb; b++) {
    old[b] = pgo_pfg_block_count(pfg, b);
    oprov[b] = (uint8_t)pgo_pfg_block_prov(pfg, b);
  }
  pgo_ingest_result r;
  pgo__ingest_res_load(res, &r);
  r.residual_before = pgo_pfg_max_residual(pfg, NULL);
  st = pgo_synth_frequencies(ig->synth, cfg, &so, pfg);
  if (st && st != PGO_ERR_NOT_CONVERGED) {
    for (uint32_t b = 0; b < nb; b++)
      if (!pgo_cfg_block_removed(cfg, b))
        pgo_pfg_set_block_count(pfg, b, old[b] >= 0 ? old[b] : 0,
                                (pgo_provenance)oprov[b]);
    pgo__ingest_fail(ig, st, "ingest: repair: %s",
                     pgo_synth_errmsg(ig->synth));
    goto out;
  }
  r.solver_status = st;
  r.blocks_repaired = 0;
  for (uint32_t b = 0; b < nb; b++) {
    if (pgo_cfg_block_removed(cfg, b))
      continue;
    double now = pgo_pfg_block_count(pfg, b);
    pgo_provenance p = (pgo_provenance)oprov[b];
    if (p == PGO_PROV_NONE) {
      p = PGO_PROV_SYNTHESIZED;
    } else {
      double was = old[b] >= 0 ? old[b] : 0;
      double lim = opt.repair_tolerance * (was > 1 ? was : 1);
      if (!(fabs(now - was) <= lim)) {
        p = PGO_PROV_REPAIRED;
        r.blocks_repaired++;
      }
    }
    pgo_pfg_set_block_count(pfg, b, now, p);
  }
  r.residual_after = pgo_pfg_max_residual(pfg, NULL);
  pgo__ingest_res_store(&r, res);
  if (st)
    pgo__ingest_fail(ig, st, "ingest: repair: %s",
                     pgo_synth_errmsg(ig->synth));
out:
  pgo__ingest_dealloc(ig, old, nb, sizeof *old);
  pgo__ingest_dealloc(ig, oprov, nb, 1);
  return st;
}
