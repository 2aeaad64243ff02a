/*
 * devirt.c -- guarded devirtualization driven by a call site's value
 * histogram (issue 11, "Used for real": `if (fp == hot) hot(...) else
 * fp(...)`, up to two guarded targets, the guard's probability equal to the
 * histogram share, only on sites with two or more live targets).  The
 * profile half of the transformation; the front end (pgo-jit) emits the
 * compare and the direct call into the blocks pgo_maint_guard_call makes.
 *
 * Shares: total T = sum of the named counts + the tail; target t's share
 * s_t = c_t / T.  The first guard's probability is s_1; the second guard
 * sits on the first's fallback, which runs T (1 - s_1) times, so its
 * probability is s_2 / (1 - s_1): the direct call to t_2 then runs
 * T s_2 times, as the histogram says.  Counts follow from
 * pgo_maint_guard_call (exact).  When the histogram cannot be read the
 * call fails before any change.
 */
#include "maint_impl.h"

#include <math.h>

PGO_API pgo_status pgo_maint_devirtualize(pgo_maint *m, pgo_cfg *cfg,
                                          pgo_pfg *pfg, uint32_t block,
                                          uint32_t call_il_offset,
                                          double min_share,
                                          uint32_t max_targets,
                                          pgo_maint_devirt *out) {
  const char *op = "devirtualize";
  pgo_status s = pgo__maint_args(m, cfg, pfg, block, op);
  if (s != PGO_OK)
    return s;
  if (out == NULL || max_targets < 1 || max_targets > 2 ||
      !(min_share >= 0 && min_share <= 1))
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "%s: need out, 1 <= max_targets <= 2 and "
                             "min_share in [0, 1]",
                             op);
  memset(out, 0, sizeof *out);
  if (!(pgo_cfg_flags(cfg, block) & PGO_BLOCK_INDIRECT_CALL))
    return pgo__maint_seterr(m, PGO_ERR_INVALID,
                             "%s: block %u has no indirect call", op, block);
  pgo_pfg_histogram h;
  if ((s = pgo_pfg_histogram_get(pfg, call_il_offset, &h)) != PGO_OK)
    return pgo__maint_seterr(m, s, "%s: no histogram at IL offset %u", op,
                             call_il_offset);
  double total = h.other;
  uint32_t live = h.other > 0;
  for (uint32_t i = 0; i < h.n; i++) {
    total += h.counts[i];
    live += h.counts[i] > 0;
  }
  if (live < 2 || !(total > 0))
    return PGO_OK;
  /* the two most frequent named targets (ties by name) */
  uint32_t best[2] = {PGO_NONE, PGO_NONE};
  for (uint32_t i = 0; i < h.n; i++) {
    if (!(h.counts[i] > 0))
      continue;
    for (uint32_t k = 0; k < 2; k++) {
      uint32_t b = best[k];
      if (b == PGO_NONE || h.counts[i] > h.counts[b] ||
          (h.counts[i] == h.counts[b] &&
           strcmp(h.targets[i], h.targets[b]) < 0)) {
        if (k == 0)
          best[1] = best[0];
        best[k] = i;
        break;
      }
    }
  }
  uint32_t n = 0;
  for (uint32_t k = 0; k < max_targets; k++)
    if (best[k] != PGO_NONE && h.counts[best[k]] / total >= min_share)
      n = k + 1;
    else
      break;
  double used = 0;
  uint32_t at = block;
  for (uint32_t k = 0; k < n; k++) {
    double share = h.counts[best[k]] / total;
    double p = used < 1 ? share / (1 - used) : 0;
    if (p > 1)
      p = 1;
    if ((s = pgo_maint_guard_call(m, cfg, pfg, at, p, h.prov,
                                  &out->guards[k])) != PGO_OK)
      return s;
    out->targets[k] = h.targets[best[k]];
    out->shares[k] = share;
    out->n = k + 1;
    used += share;
    at = out->guards[k].fallback;
  }
  return PGO_OK;
}
