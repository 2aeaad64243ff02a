/*
 * oracle_impl.h -- private layout of pgo_oracle and pgo_oracle_summary and
 * the helpers shared by the files of lib/oracle.  Never installed.
 *
 * Memory: every allocation goes through the handle's pgo_allocator with
 * element counts, so the exact byte size is handed back on free (the
 * Lua-style allocator is told old sizes) and OOM tests can refuse the Nth
 * allocation.  lib/core's helpers are hidden in its shared library, so the
 * few lines are repeated here as static inline functions.
 *
 * Immutability: after pgo_oracle_new returns, nothing writes a pgo_oracle;
 * after pgo_oracle_summary_finish, nothing writes a pgo_oracle_summary
 * (queries never touch errmsg).  That is the whole thread-safety argument.
 */
#ifndef PGO_ORACLE_IMPL_H
#define PGO_ORACLE_IMPL_H

#include <pgo/oracle.h>

#include <stdint.h>
#include <string.h>

/* --- memory ------------------------------------------------------------ */

/* count*size bytes, at least 1 (NULL is reserved for failure); 0 on
 * overflow. */
static inline size_t oracle_bytes(size_t count, size_t size) {
  if (size != 0 && count > SIZE_MAX / size)
    return 0;
  size_t n = count * size;
  return n ? n : 1;
}
static inline void *oracle_alloc(const pgo_allocator *a, size_t count,
                                 size_t size) {
  size_t n = oracle_bytes(count, size);
  return n ? a->realloc(a->ud, NULL, 0, n) : NULL;
}
static inline void *oracle_realloc(const pgo_allocator *a, void *p,
                                   size_t oldcount, size_t newcount,
                                   size_t size) {
  if (p == NULL)
    return oracle_alloc(a, newcount, size);
  size_t n = oracle_bytes(newcount, size);
  return n ? a->realloc(a->ud, p, oracle_bytes(oldcount, size), n) : NULL;
}
static inline void oracle_free(const pgo_allocator *a, void *p, size_t count,
                               size_t size) {
  if (p != NULL)
    (void)a->realloc(a->ud, p, oracle_bytes(count, size), 0);
}

/* --- the per-method oracle ------------------------------------------- */

/* One value-profiled call site; its targets are targets[first..first+n),
 * sorted by count descending, then name ascending. */
typedef struct oracle_site {
  uint32_t il_offset; /* call instruction; sites sorted ascending, distinct */
  uint32_t first;     /* index of its first target in pgo_oracle.targets */
  uint32_t n;         /* named targets */
  uint8_t prov;       /* pgo_provenance of the histogram */
  double total;       /* sum of the named counts + tail */
  double tail;        /* the histogram's "other" count */
} oracle_site;

typedef struct oracle_target {
  const char *name; /* points into pgo_oracle.names */
  double count;     /* finite, >= 0 */
} oracle_target;

struct pgo_oracle {
  pgo_allocator alloc; /* copied at construction */

  /* method key; name owned (name_len + 1 bytes), "" when none */
  char *name;
  size_t name_len;
  uint64_t hash;
  uint32_t il_size;

  /* shape: CSR of the cfg at construction */
  uint32_t nblocks, nedges;
  uint32_t entry;     /* entry block (< nblocks when nblocks > 0) */
  uint32_t *succ_off; /* nblocks+1: successors of b are edges [off[b], off[b+1]) */
  uint32_t *edge_src; /* nedges */
  uint8_t *bflags;    /* nblocks: ORACLE_B_* */

  /* profile, copied from the pfg */
  double *count;  /* nblocks: N_b, finite, >= 0 */
  double *prob;   /* nedges: e_ij, each block's sum exactly renormalised */
  uint8_t *bprov; /* nblocks: pgo_provenance */
  uint8_t *eprov; /* nedges: pgo_provenance */
  double entry_count; /* count[entry] */
  double max_count;   /* max over blocks */
  pgo_oracle_evidence evidence; /* never AUTO */
  double cold_freq, hot_freq;   /* rule 4 */

  /* value histograms */
  uint32_t nsites, ntargets;
  oracle_site *sites;     /* nsites */
  oracle_target *targets; /* ntargets */
  char *names;            /* names_len bytes: NUL-terminated target names */
  size_t names_len;
};

enum {
  ORACLE_B_REACH = 1u << 0,  /* reachable from the entry by structure */
  ORACLE_B_REMOVED = 1u << 1 /* a tombstone of a graph edit */
};

/* Copies the pfg's histograms into o (targets.c).  On failure o's site
 * fields stay empty (NULL, 0) and a message goes to err. */
pgo_status pgo__oracle_copy_sites(pgo_oracle *o, const pgo_pfg *pfg,
                                  char *err, size_t errlen);
void pgo__oracle_free_sites(pgo_oracle *o);

/* --- the summary ---------------------------------------------------- */

struct pgo_oracle_summary {
  pgo_allocator alloc;
  char errmsg[256]; /* last error of a building call; "" if none */
  bool finished;
  uint32_t hot_cutoff, cold_cutoff; /* per million, hot <= cold */

  /* building: every count added, rounded (freed at finish) */
  uint64_t *raw;
  size_t nraw, capraw;

  /* finished: distinct values descending with their multiplicity and the
   * running sums, so any cutoff is a binary search */
  size_t nvals;
  uint64_t *vals;  /* nvals, strictly descending */
  uint64_t *cumn;  /* nvals: how many counts are >= vals[i] */
  uint64_t *cumsum;/* nvals: sum of the counts >= vals[i] (saturating) */

  pgo_oracle_summary_totals totals;
  pgo_oracle_summary_entry entries[PGO_ORACLE_SUMMARY_NCUTOFFS];
  uint64_t hot_threshold, cold_threshold;
};

/* Count rounded to the nearest integer, saturating at UINT64_MAX (inputs
 * are finite and >= 0; anything else reads as 0). */
uint64_t pgo__oracle_round_count(double c);

#endif /* PGO_ORACLE_IMPL_H */
