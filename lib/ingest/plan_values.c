/*
 * plan_values.c -- the value sites of a probe plan: one top-K histogram
 * slot per indirect call site.
 *
 * The IR-neutral graph flags the blocks that hold an indirect call
 * (PGO_BLOCK_INDIRECT_CALL) but does not know the call's IL offset, which
 * is the site's key in the store (docs/keys.md, record `values`); the
 * caller lists the offsets.  They are sorted and deduplicated, and slot i
 * is the i-th smallest, so the same sites always give the same slots.
 * Each slot also knows the block holding its offset (binary search over the
 * blocks sorted by IL offset; O(n log n) to build, O(log n) per site).
 * K (the capacity) is the one stored with every site's histogram.
 * When it cannot: PGO_ERR_INVALID (offset >= il_size, bad capacity),
 * PGO_ERR_NOMEM; the plan's old sites are kept.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest_int.h"

void pgo__plan_free_sites(pgo_plan *p) {
  pgo__plan_dealloc(&p->alloc, p->sites, p->sites_alloc, sizeof *p->sites);
  pgo__plan_dealloc(&p->alloc, p->site_block, p->sites_alloc,
                    sizeof *p->site_block);
  p->sites = p->site_block = NULL;
  p->nsites = p->sites_alloc = 0;
}

static int u32_cmp(const void *x, const void *y) {
  uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
  return a < b ? -1 : a > b;
}

typedef struct keyed {
  uint32_t off, block;
} keyed;

static int keyed_cmp(const void *x, const void *y) {
  const keyed *a = x, *b = y;
  if (a->off != b->off)
    return a->off < b->off ? -1 : 1;
  return a->block < b->block ? -1 : a->block > b->block;
}

pgo_status pgo_plan_set_value_sites(pgo_plan *p, const uint32_t *il_offsets,
                                    uint32_t n, uint32_t capacity) {
  if (!p)
    return PGO_ERR_INVALID;
  p->msg[0] = '\0';
  if (n > 0 && !il_offsets)
    return pgo__plan_fail(p, PGO_ERR_INVALID, "plan: NULL value sites");
  if (capacity == 0)
    capacity = PGO_PLAN_VALUE_CAPACITY;
  if (capacity > PGO_STORE_MAX_CAPACITY)
    return pgo__plan_fail(p, PGO_ERR_INVALID,
                          "plan: value capacity %u not in 1..%u", capacity,
                          PGO_STORE_MAX_CAPACITY);
  uint32_t il_size = pgo_cfg_key(p->cfg).il_size;
  for (uint32_t i = 0; i < n; i++)
    if (il_offsets[i] == PGO_NONE ||
        (il_size > 0 && il_offsets[i] >= il_size))
      return pgo__plan_fail(p, PGO_ERR_INVALID,
                            "plan: value site offset %u not below il_size %u",
                            il_offsets[i], il_size);
  const pgo_allocator *a = &p->alloc;
  uint32_t *sites = pgo__plan_alloc(a, n, sizeof *sites);
  uint32_t *blk = pgo__plan_alloc(a, n, sizeof *blk);
  keyed *kb = pgo__plan_alloc(a, p->nblocks, sizeof *kb);
  if (!sites || !blk || !kb) {
    pgo__plan_dealloc(a, sites, n, sizeof *sites);
    pgo__plan_dealloc(a, blk, n, sizeof *blk);
    pgo__plan_dealloc(a, kb, p->nblocks, sizeof *kb);
    return pgo__plan_fail(p, PGO_ERR_NOMEM, "plan: out of memory");
  }
  if (n)
    memcpy(sites, il_offsets, (size_t)n * sizeof *sites);
  qsort(sites, n, sizeof *sites, u32_cmp);
  uint32_t m = 0;
  for (uint32_t i = 0; i < n; i++)
    if (m == 0 || sites[m - 1] != sites[i])
      sites[m++] = sites[i];
  uint32_t nk = 0;
  for (uint32_t b = 0; b < p->nblocks; b++) {
    uint32_t off = pgo_cfg_il_offset(p->cfg, b);
    if (off != PGO_NONE) {
      kb[nk].off = off;
      kb[nk].block = b;
      nk++;
    }
  }
  qsort(kb, nk, sizeof *kb, keyed_cmp);
  for (uint32_t i = 0; i < m; i++) {
    /* last block starting at or before the site */
    uint32_t lo = 0, hi = nk;
    while (lo < hi) {
      uint32_t mid = lo + (hi - lo) / 2;
      if (kb[mid].off <= sites[i])
        lo = mid + 1;
      else
        hi = mid;
    }
    blk[i] = PGO_NONE;
    if (lo > 0) {
      const keyed *k = &kb[lo - 1];
      uint64_t end = (uint64_t)k->off + pgo_cfg_ninstr(p->cfg, k->block);
      if (sites[i] < end)
        blk[i] = k->block;
    }
  }
  pgo__plan_dealloc(a, kb, p->nblocks, sizeof *kb);
  pgo__plan_free_sites(p);
  /* keep the arrays at their allocated length n (freed with it) */
  p->sites = sites;
  p->site_block = blk;
  p->nsites = m;
  p->sites_alloc = n;
  p->capacity = capacity;
  return PGO_OK;
}

uint32_t pgo_plan_nvalue_sites(const pgo_plan *p) { return p ? p->nsites : 0; }

uint32_t pgo_plan_value_capacity(const pgo_plan *p) {
  return p ? p->capacity : 0;
}

uint32_t pgo_plan_value_site_offset(const pgo_plan *p, uint32_t i) {
  return p && i < p->nsites ? p->sites[i] : PGO_NONE;
}

uint32_t pgo_plan_value_site_block(const pgo_plan *p, uint32_t i) {
  return p && i < p->nsites ? p->site_block[i] : PGO_NONE;
}

uint32_t pgo_plan_value_slot(const pgo_plan *p, uint32_t il_offset) {
  if (!p)
    return PGO_NONE;
  uint32_t lo = 0, hi = p->nsites;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (p->sites[mid] < il_offset)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < p->nsites && p->sites[lo] == il_offset ? lo : PGO_NONE;
}
