/*
 * eliminate.c -- exact frequencies of an irreducible group by sparse
 * Gaussian elimination, the first choice before Gauss-Seidel.
 *
 * The group's equations (gauss_seidel.c) are x_i = IN_i + sum_j a_ij x_j
 * with a_ij = w_ji >= 0 the in-group weights.  They are eliminated in the
 * group's order (RPO), left-looking, one equation at a time:
 *
 *   for p = 0 .. k-1:
 *     start from equation p; while it mentions some x_j with j < p, take
 *     the smallest such j and substitute j's finished form
 *         x_j = b'_j + sum_{l > j} u_jl x_l;
 *     then fold its own term c x_p:  x_p = (rest) / (1 - c),
 *     which is p's finished form (only x_l with l > p remain);
 *   back-substitute for p = k-1 .. 0.
 *
 * Every coefficient stays non-negative (W >= 0 and 1 - c > 0), so nothing
 * cancels: the result is exact to rounding, with no pivoting needed (the
 * matrix I - W^T is column diagonally dominant).  Rows are kept sparse
 * (a dense accumulator touched through an index list, a binary heap for the
 * pending lower indices), so a group in RPO with bounded "bandwidth" -- an
 * irreducible ladder of any length, the small regions of real code -- is
 * solved in linear time, where Gauss-Seidel needs a number of sweeps that
 * grows with the ladder's length (docs/synth.md, scaling).
 *
 * Cap: the pivot's c is the probability that flow leaving p comes back to
 * p through the nodes eliminated before it -- a cyclic probability.  As for
 * loops it is held at cp_cap (default 0.999) when larger: a cycle with no
 * modelled exit (c = 1) or an almost-impossible one stays bounded, and the
 * group then loses flow (it never creates any); *capped reports it.
 *
 * Fallback: fill beyond a budget of 16 entries per original equation
 * means elimination would cost too much; the function returns false and
 * the caller uses Gauss-Seidel.
 */
#include <math.h>
#include <string.h>

#include "synth_int.h"

typedef struct elim {
  pgo_synth *s;
  double *acc;           /* k: coefficient accumulator */
  unsigned char *mark;   /* k: index is in `touched` */
  uint32_t *touched, nt; /* indices with a coefficient in this row */
  uint32_t *heap, nh;    /* pending indices < p, min-heap */
  uint32_t *ustart;      /* k + 1: finished rows */
  uint32_t *ucol;        /* finished row entries */
  double *uval;
  size_t ucap, un;
  double *bp; /* k: b'_p */
} elim;

static void heap_push(elim *e, uint32_t x) {
  uint32_t i = e->nh++;
  while (i > 0) {
    uint32_t p = (i - 1) / 2;
    if (e->heap[p] <= x)
      break;
    e->heap[i] = e->heap[p];
    i = p;
  }
  e->heap[i] = x;
}

static uint32_t heap_pop(elim *e) {
  uint32_t top = e->heap[0], x = e->heap[--e->nh], i = 0;
  for (;;) {
    uint32_t c = 2 * i + 1;
    if (c >= e->nh)
      break;
    if (c + 1 < e->nh && e->heap[c + 1] < e->heap[c])
      c++;
    if (e->heap[c] >= x)
      break;
    e->heap[i] = e->heap[c];
    i = c;
  }
  if (e->nh)
    e->heap[i] = x;
  return top;
}

static void add(elim *e, uint32_t j, double val, uint32_t p) {
  if (!e->mark[j]) {
    e->mark[j] = 1;
    e->touched[e->nt++] = j;
    if (j < p)
      heap_push(e, j);
  }
  e->acc[j] += val;
}

static bool grow(elim *e, size_t need, size_t budget) {
  if (need <= e->ucap)
    return true;
  if (need > budget)
    return false;
  size_t cap = e->ucap * 2 > need ? e->ucap * 2 : need;
  if (cap > budget)
    cap = budget;
  uint32_t *c = pgo__synth_alloc(e->s, cap, sizeof *c);
  double *v = pgo__synth_alloc(e->s, cap, sizeof *v);
  if (!c || !v) {
    pgo__synth_dealloc(e->s, c, cap, sizeof *c);
    pgo__synth_dealloc(e->s, v, cap, sizeof *v);
    return false;
  }
  if (e->un) {
    memcpy(c, e->ucol, e->un * sizeof *c);
    memcpy(v, e->uval, e->un * sizeof *v);
  }
  pgo__synth_dealloc(e->s, e->ucol, e->ucap, sizeof *c);
  pgo__synth_dealloc(e->s, e->uval, e->ucap, sizeof *v);
  e->ucol = c;
  e->uval = v;
  e->ucap = cap;
  return true;
}

bool pgo__synth_eliminate_group(solver *v, uint32_t k, bool *nomem, bool *capped) {
  pgo_synth *s = v->s;
  elim e;
  memset(&e, 0, sizeof e);
  e.s = s;
  *nomem = false;
  *capped = false;
  size_t nnz = v->ie_start[k];
  size_t budget = 16 * (nnz + k) + 64;
  e.acc = pgo__synth_calloc(s, k, sizeof *e.acc);
  e.mark = pgo__synth_calloc(s, k, 1);
  e.touched = pgo__synth_alloc(s, k, sizeof *e.touched);
  e.heap = pgo__synth_alloc(s, k, sizeof *e.heap);
  e.ustart = pgo__synth_alloc(s, (size_t)k + 1, sizeof *e.ustart);
  e.bp = pgo__synth_alloc(s, k, sizeof *e.bp);
  bool ok = e.acc && e.mark && e.touched && e.heap && e.ustart && e.bp &&
            grow(&e, nnz + k + 16, budget);
  if (!ok)
    *nomem = true;
  for (uint32_t p = 0; ok && p < k; p++) {
    double b = v->ext[p];
    e.nt = 0;
    e.nh = 0;
    for (uint32_t j = v->ie_start[p]; j < v->ie_start[p + 1]; j++)
      add(&e, v->ie_src[j], v->ie_w[j], p);
    while (e.nh > 0) {
      uint32_t j = heap_pop(&e);
      double c = e.acc[j];
      e.acc[j] = 0;
      if (c == 0)
        continue;
      b += c * e.bp[j];
      for (size_t q = e.ustart[j]; q < e.ustart[j + 1]; q++)
        add(&e, e.ucol[q], c * e.uval[q], p);
    }
    double denom = 1.0 - e.acc[p];
    if (!(denom >= 1.0 - v->o->cp_cap)) {
      /* The cap, as for loops: acc[p] is the probability that flow at p
       * comes back to p through the nodes eliminated so far, a cyclic
       * probability; above cp_cap (or 1: no exit) it is held at cp_cap,
       * which bounds p at 1 / (1 - cp_cap) times its inflow. */
      denom = 1.0 - v->o->cp_cap;
      *capped = true;
    }
    e.bp[p] = b / denom;
    e.ustart[p] = (uint32_t)e.un;
    uint32_t upper = 0;
    for (uint32_t t = 0; t < e.nt; t++)
      if (e.touched[t] > p && e.acc[e.touched[t]] != 0)
        upper++;
    if (!grow(&e, e.un + upper, budget)) {
      ok = false;
      break;
    }
    for (uint32_t t = 0; t < e.nt; t++) {
      uint32_t l = e.touched[t];
      if (l > p && e.acc[l] != 0) {
        e.ucol[e.un] = l;
        e.uval[e.un] = e.acc[l] / denom;
        e.un++;
      }
      e.acc[l] = 0;
      e.mark[l] = 0;
    }
    e.ustart[p + 1] = (uint32_t)e.un;
  }
  if (ok) {
    for (uint32_t p = k; p-- > 0;) {
      double x = e.bp[p];
      for (size_t q = e.ustart[p]; q < e.ustart[p + 1]; q++)
        x += e.uval[q] * v->x[e.ucol[q]];
      v->x[p] = x;
    }
  }
  pgo__synth_dealloc(s, e.acc, k, sizeof *e.acc);
  pgo__synth_dealloc(s, e.mark, k, 1);
  pgo__synth_dealloc(s, e.touched, k, sizeof *e.touched);
  pgo__synth_dealloc(s, e.heap, k, sizeof *e.heap);
  pgo__synth_dealloc(s, e.ustart, (size_t)k + 1, sizeof *e.ustart);
  pgo__synth_dealloc(s, e.bp, k, sizeof *e.bp);
  pgo__synth_dealloc(s, e.ucol, e.ucap, sizeof *e.ucol);
  pgo__synth_dealloc(s, e.uval, e.ucap, sizeof *e.uval);
  return ok;
}
