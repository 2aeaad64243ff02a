/*
 * plan_topk.c -- the run-time side of value probes: a fixed-size top-K
 * table that instrumented code records values (call targets) into, and
 * the flush that turns it into the store's histogram (names, counts,
 * tail; docs/formats.md record `values`).
 *
 * Replacement policy: Misra & Gries, "Finding repeated elements", Science
 * of Computer Programming 2(2), 1982 (the "Frequent" algorithm).  With K
 * slots: a value present gets +1; a new value takes a free slot; when the
 * table is full every slot and the new value lose one unit, which go to
 * the tail.  Invariants: sum(counts) + tail = values recorded; each count
 * is a lower bound of its value's true count and misses it by at most
 * total / (K + 1); at most K distinct values are counted exactly.  The
 * decrement-all step costs O(K) but removes K + 1 units, so it is O(1)
 * amortised.  Slots stay sorted by count descending (a hit swaps its slot
 * with the first slot of equal count), so a monomorphic site hits slot 0.
 *
 * No allocation, no failure in record; bad headers are ignored (a runtime
 * must never crash the program over a profile).  Not atomic: concurrent
 * records may lose counts but only index below `used` <= capacity.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest_int.h"

static bool header_ok(const pgo_topk *t) {
  return t && t->capacity >= 1 && t->capacity <= PGO_STORE_MAX_CAPACITY &&
         t->used <= t->capacity;
}

static uint64_t sat_add(uint64_t a, uint64_t b) {
  return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

pgo_status pgo_topk_init(pgo_topk *t, uint32_t capacity) {
  if (!t || capacity < 1 || capacity > PGO_STORE_MAX_CAPACITY)
    return PGO_ERR_INVALID;
  memset(t, 0, PGO_TOPK_BYTES(capacity));
  t->capacity = capacity;
  return PGO_OK;
}

void pgo_topk_record(pgo_topk *t, uint64_t value) {
  if (!header_ok(t))
    return;
  uint32_t cap = t->capacity, used = t->used;
  pgo_topk_slot *s = pgo_topk_slots(t);
  for (uint32_t i = 0; i < used; i++) {
    if (s[i].value != value)
      continue;
    uint64_t c = s[i].count;
    if (c == UINT64_MAX)
      return;
    /* first slot with the same count: the hit moves there (order kept) */
    uint32_t j = i;
    while (j > 0 && s[j - 1].count == c)
      j--;
    if (j != i) {
      s[i] = s[j];
      s[j].value = value;
    }
    s[j].count = c + 1;
    return;
  }
  if (used < cap) {
    s[used].value = value;
    s[used].count = 1; /* <= every count in use: order kept */
    t->used = used + 1;
    return;
  }
  /* full: every slot and the new value lose one unit */
  t->tail = sat_add(t->tail, (uint64_t)cap + 1);
  uint32_t keep = 0;
  for (uint32_t i = 0; i < used; i++) {
    if (s[i].count != UINT64_MAX)
      s[i].count--;
    if (s[i].count > 0)
      keep = i + 1; /* sorted descending: the zeros are at the end */
  }
  t->used = keep;
}

uint64_t pgo_topk_total(const pgo_topk *t) {
  if (!header_ok(t))
    return 0;
  uint64_t sum = t->tail;
  const pgo_topk_slot *s = pgo_topk_cslots(t);
  for (uint32_t i = 0; i < t->used; i++)
    sum = sat_add(sum, s[i].count);
  return sum;
}

static int pair_by_name(const void *x, const void *y) {
  const pgo_value_pair *a = x, *b = y;
  return strcmp(a->value, b->value);
}

/* The store's order: count descending, then name. */
static int pair_by_count(const void *x, const void *y) {
  const pgo_value_pair *a = x, *b = y;
  if (a->count != b->count)
    return a->count > b->count ? -1 : 1;
  return strcmp(a->value, b->value);
}

static bool name_ok(const char *name) {
  if (!name || !name[0])
    return false;
  size_t n = 0;
  while (name[n] && n <= PGO_STORE_MAX_VALUE_LEN)
    n++;
  return n <= PGO_STORE_MAX_VALUE_LEN;
}

pgo_status pgo_topk_flush(const pgo_topk *t, uint32_t il_offset,
                          pgo_topk_resolve_fn resolve, void *ud,
                          pgo_value_pair *pairs, uint32_t room,
                          pgo_value_site *out) {
  if (out)
    memset(out, 0, sizeof *out);
  if (!header_ok(t) || !out || (!pairs && t->used > 0) || room < t->used)
    return PGO_ERR_INVALID;
  const pgo_topk_slot *s = pgo_topk_cslots(t);
  uint64_t tail = t->tail;
  uint32_t n = 0;
  for (uint32_t i = 0; i < t->used; i++) {
    if (s[i].count == 0)
      continue;
    const char *name = resolve ? resolve(ud, s[i].value) : NULL;
    if (!name_ok(name)) {
      tail = sat_add(tail, s[i].count);
      continue;
    }
    pairs[n].value = name;
    pairs[n].count = s[i].count;
    n++;
  }
  /* one pair per name */
  if (n > 1) {
    qsort(pairs, n, sizeof *pairs, pair_by_name);
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++) {
      if (m > 0 && strcmp(pairs[m - 1].value, pairs[i].value) == 0)
        pairs[m - 1].count = sat_add(pairs[m - 1].count, pairs[i].count);
      else
        pairs[m++] = pairs[i];
    }
    n = m;
    qsort(pairs, n, sizeof *pairs, pair_by_count);
  }
  out->offset = il_offset;
  out->capacity = t->capacity;
  out->tail = tail;
  out->npairs = n;
  out->pairs = n ? pairs : NULL;
  return PGO_OK;
}
