/*
 * dempster_shafer.c -- combining the evidence of several heuristics on one
 * branch (Wu & Larus, "Static Branch Frequency and Program Profile
 * Analysis", MICRO 27, 1994, section 3.2).
 *
 * Each heuristic that fires on a branch is a piece of evidence: "the branch
 * goes to one of the successors in S, with belief p".  With no evidence the
 * belief is uniform.  Dempster's rule for one basic probability assignment
 * per heuristic concentrated on singletons gives, for n successors,
 *
 *     m(k) = prod_h m_h(k) / sum_j prod_h m_h(j),
 *     m_h(k) = p_h / |S_h|  for k in S_h,  (1 - p_h) / (n - |S_h|) otherwise,
 *
 * which for a two-way branch and one successor per heuristic is the familiar
 *
 *     b = b1 b2 / (b1 b2 + (1 - b1)(1 - b2)).
 *
 * The product is renormalised after every factor so that long chains of
 * evidence cannot underflow.  Evidence with p in {0, 1} would be absorbing;
 * the table never holds such values and synth_ds_floor keeps the result
 * away from 0 and 1 (no harsh predictions; docs/synth.md "Floor").
 *
 * Fallbacks: an empty or full S carries no information and is ignored; a
 * degenerate sum (all zero, not finite) resets to uniform.
 */
#include <math.h>

#include "synth_int.h"

void synth_ds_uniform(double *m, uint32_t n) {
  for (uint32_t k = 0; k < n; k++)
    m[k] = 1.0 / (double)n;
}

void synth_ds_combine(double *m, uint32_t n, const unsigned char *inset,
                      double p) {
  uint32_t in = 0;
  for (uint32_t k = 0; k < n; k++)
    in += inset[k] ? 1u : 0u;
  if (in == 0 || in == n)
    return;
  double yes = p / (double)in, no = (1.0 - p) / (double)(n - in);
  double sum = 0;
  for (uint32_t k = 0; k < n; k++) {
    m[k] *= inset[k] ? yes : no;
    sum += m[k];
  }
  if (!(sum > 0) || !isfinite(sum)) {
    synth_ds_uniform(m, n);
    return;
  }
  for (uint32_t k = 0; k < n; k++)
    m[k] /= sum;
}

/* Water-filling: the successors below the floor are raised to it and the
 * others share what is left in proportion to their belief.  Raising can push
 * another successor under the floor only through the rescale, so repeat
 * until stable (at most n rounds; in practice one or two). */
void synth_ds_floor(double *m, uint32_t n, double floor) {
  if (n < 2)
    return;
  double f = floor;
  if (f * (double)n > 0.5)
    f = 0.5 / (double)n;
  for (uint32_t round = 0; round < n; round++) {
    double high = 0;
    uint32_t nlow = 0;
    for (uint32_t k = 0; k < n; k++) {
      if (m[k] <= f)
        nlow++;
      else
        high += m[k];
    }
    if (nlow == 0)
      return;
    double rest = 1.0 - f * (double)nlow;
    bool again = false;
    for (uint32_t k = 0; k < n; k++) {
      if (m[k] <= f) {
        m[k] = f;
      } else {
        m[k] = m[k] * rest / high;
        if (m[k] < f)
          again = true;
      }
    }
    if (!again)
      return;
  }
}
