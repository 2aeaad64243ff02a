/* ingest_int.h -- private to lib/ingest's probe-plan files (plan.c,
 * plan_values.c, plan_topk.c, reconstruct.c): the plan handle's layout and
 * the allocation and message helpers they share.  Never installed. */
#ifndef PGO_INGEST_INT_H
#define PGO_INGEST_INT_H

#include <stddef.h>

#include "pgo/ingest.h"

#ifndef __SIZEOF_INT128__
#error "lib/ingest needs a compiler with __int128 (every 64-bit GCC / Clang target)"
#endif
/* Signed flow values: a derived edge count is a sum of up to E counter
 * values of 64 bits each, with signs, so 128 bits never overflow. */
__extension__ typedef __int128 pgo__i128;

/* States of a plan edge. */
enum {
  PLAN_ABSENT = 0,  /* not in the plan graph (unreachable, no exit edge) */
  PLAN_TREE = 1,    /* spanning-tree edge: derived by conservation */
  PLAN_COUNTER = 2  /* non-tree edge: measured by a counter */
};

/* Plan edge ids: cfg edges [0, nedges), exit edges nedges + b, the entry
 * edge nedges + nblocks.  Nodes: blocks [0, nblocks), X = nblocks. */
struct pgo_plan {
  pgo_allocator alloc; /* copied at _new; never NULL functions */
  char msg[256];       /* last error message, "" if none */
  pgo_cfg *cfg;        /* borrowed, finished */
  uint32_t nblocks, nedges, entry;
  uint32_t npe;        /* nedges + nblocks + 1 */

  uint32_t *pe_src;    /* npe: source node of each plan edge */
  uint32_t *pe_dst;    /* npe: destination node */
  uint8_t *state;      /* npe: PLAN_* */
  uint32_t *pe_counter;/* npe: counter index, PGO_NONE for tree/absent */
  uint32_t ncounters;
  uint32_t *counter_pe;    /* ncounters: plan edge, ascending */
  uint8_t *counter_place;  /* ncounters: pgo_plan_place */

  /* Peeling order of the tree: tree edge peel_edge[k] is determined by the
   * conservation equation of node peel_node[k] (its only unknown incident
   * edge at that point); leaves first, X's edges last. */
  uint32_t ntree;
  uint32_t *peel_edge;
  uint32_t *peel_node;

  /* Scratch of pgo_plan_reconstruct (allocated at _new, so reconstruction
   * never fails): values per plan edge, inflow/outflow per node. */
  pgo__i128 *val; /* npe */
  pgo__i128 *in;  /* nblocks + 1 */
  pgo__i128 *out; /* nblocks + 1 */
  uint8_t *reach; /* nblocks: reachable from the entry */

  /* value sites (plan_values.c) */
  uint32_t nsites, capacity;
  uint32_t sites_alloc; /* allocated length of sites / site_block */
  uint32_t *sites;      /* nsites IL offsets, ascending, distinct */
  uint32_t *site_block; /* nsites */

  pgo_plan_stats stats;
};

/* Endpoints of a plan edge (cached at _new: cfg edge ends, b -> X,
 * X -> entry). */
static inline uint32_t pgo__plan_src(const pgo_plan *p, uint32_t pe) {
  return p->pe_src[pe];
}
static inline uint32_t pgo__plan_dst(const pgo_plan *p, uint32_t pe) {
  return p->pe_dst[pe];
}

/* Allocation through the plan's allocator: NULL on failure or overflow;
 * sizes are element counts times size (n == 0 allocates one element). */
void *pgo__plan_alloc(const pgo_allocator *a, size_t n, size_t size);
void *pgo__plan_calloc(const pgo_allocator *a, size_t n, size_t size);
void pgo__plan_dealloc(const pgo_allocator *a, void *p, size_t n, size_t size);

/* Sets the message and returns st. */
pgo_status pgo__plan_fail(pgo_plan *p, pgo_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* plan_values.c: frees the value sites. */
void pgo__plan_free_sites(pgo_plan *p);

#endif
