/*
 * dempster_shafer.c -- combining the evidence of several heuristics on one
 * branch (Wu & Larus, "Static Branch Frequency and Program Profile
 * Analysis", MICRO 27, 1994, section 3.2).
 *
 * Each heuristic h that fires on a branch is a simple support function on
 * the branch's successors Theta: mass p_h on the set S_h of successors it
 * predicts, 1 - p_h on the complement.  Dempster's rule combines them; the
 * focal elements of the result are the non-empty intersections
 * A_sigma = cap_h (S_h or its complement), with
 *
 *     m(A_sigma) = prod_h (p_h if sigma_h = in else 1 - p_h) / K,
 *
 * K normalising over the non-empty intersections (the conflict removed).
 * A probability per successor is the pignistic transform (Smets): the mass
 * of a focal element is shared equally by its members, so successor k in
 * class A_sigma(k) gets m(A_sigma(k)) / |A_sigma(k)|.  With no evidence the
 * only focal element is Theta: uniform.  For a two-way branch every class
 * is a singleton and this is the familiar Wu-Larus formula
 *
 *     b = b1 b2 / (b1 b2 + (1 - b1)(1 - b2)).
 *
 * For a multi-way branch it keeps the heuristic's meaning "the branch goes
 * into S with probability p" whatever |S| is.  (A Bayesian shortcut that
 * gives each member of S the mass p / |S| does not: two heuristics saying
 * "stay in the loop" on a 33-way switch with one exit case made that exit
 * the likeliest successor, 0.76.)
 *
 * Implementation: per successor the running product
 * prod_h (k in S_h ? p_h : 1 - p_h) (renormalised after every factor so
 * that long chains of evidence cannot underflow) and its signature, the
 * bit set of heuristics whose S_h holds it; pgo__synth_ds_finish divides by the
 * class sizes.  Evidence with p in {0, 1} would be absorbing; the table
 * never holds such values and pgo__synth_ds_floor keeps the result away from 0
 * and 1 (no harsh predictions; docs/synth.md "Floor").
 *
 * Fallbacks: an empty or full S carries no information and is ignored; a
 * degenerate sum (all zero, not finite) resets to uniform.
 */
#include <math.h>

#include "synth_int.h"

void pgo__synth_ds_uniform(double *m, uint32_t *sig, uint32_t n) {
  for (uint32_t k = 0; k < n; k++) {
    m[k] = 1.0 / (double)n;
    sig[k] = 0;
  }
}

void pgo__synth_ds_combine(double *m, uint32_t *sig, uint32_t n,
                      const unsigned char *inset, double p, uint32_t bit) {
  uint32_t in = 0;
  for (uint32_t k = 0; k < n; k++)
    in += inset[k] ? 1u : 0u;
  if (in == 0 || in == n)
    return;
  double sum = 0;
  for (uint32_t k = 0; k < n; k++) {
    m[k] *= inset[k] ? p : 1.0 - p;
    if (inset[k])
      sig[k] |= bit;
    sum += m[k];
  }
  if (!(sum > 0) || !isfinite(sum)) {
    pgo__synth_ds_uniform(m, sig, n);
    return;
  }
  for (uint32_t k = 0; k < n; k++)
    m[k] /= sum;
}

void pgo__synth_ds_finish(double *m, const uint32_t *sig, uint32_t n,
                     uint32_t *scratch) {
  if (n < 2)
    return;
  if (n == 2 && sig[0] != sig[1])
    return; /* two singletons: already the pignistic probabilities */
  bool one_class = true;
  for (uint32_t k = 1; k < n && one_class; k++)
    one_class = sig[k] == sig[0];
  if (one_class)
    return; /* equal shares already (no evidence told them apart) */
  /* Class sizes by counting: a signature is below 1 << NHEURISTICS, and
   * scratch (that long, zero between calls) is cleared through the same
   * entries afterwards: O(n) per branch. */
  for (uint32_t k = 0; k < n; k++)
    scratch[sig[k]]++;
  double sum = 0;
  for (uint32_t k = 0; k < n; k++) {
    m[k] /= (double)scratch[sig[k]];
    sum += m[k];
  }
  for (uint32_t k = 0; k < n; k++)
    scratch[sig[k]] = 0;
  if (!(sum > 0) || !isfinite(sum)) {
    for (uint32_t k = 0; k < n; k++)
      m[k] = 1.0 / (double)n;
    return;
  }
  for (uint32_t k = 0; k < n; k++)
    m[k] /= sum;
}

/* Water-filling: the successors below the floor are raised to it and the
 * others share what is left in proportion to their belief.  Raising can push
 * another successor under the floor only through the rescale, so repeat
 * until stable (at most n rounds; in practice one or two). */
void pgo__synth_ds_floor(double *m, uint32_t n, double floor) {
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
