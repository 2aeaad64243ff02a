/* store_internal.h -- private to lib/store: allocation helpers, the mutable
 * method (st_method), blob codec, the decode scratch.  Never installed. */
#ifndef PGO_STORE_INTERNAL_H
#define PGO_STORE_INTERNAL_H

#include <stdarg.h>
#include <string.h>

#include "pgo/store.h"

#define ST_MSG_LEN 512

/* --- allocation through the pgo_allocator hook ------------------------ */
void *pgo__st_alloc(const pgo_allocator *a, size_t n);
void *pgo__st_realloc(const pgo_allocator *a, void *p, size_t old_n, size_t new_n);
void pgo__st_free(const pgo_allocator *a, void *p, size_t n);
char *pgo__st_strndup(const pgo_allocator *a, const char *s, size_t n);
void pgo__st_strfree(const pgo_allocator *a, char *s);
/* Grow *arr (element size elt, capacity *cap) to hold at least need. */
bool pgo__st_grow(const pgo_allocator *a, void **arr, uint32_t *cap, size_t elt,
             size_t need);

/* memcpy / qsort that accept (NULL, 0), which libc declares nonnull. */
static inline void st_copy(void *d, const void *s, size_t n) {
  if (n)
    memcpy(d, s, n);
}
void pgo__st_sort(void *base, size_t n, size_t size,
             int (*cmp)(const void *, const void *));

/* --- saturating arithmetic: never wraps, counts each saturation --------- */
static inline uint64_t st_sat_add(uint64_t a, uint64_t b, uint64_t *sat) {
  uint64_t r;
  if (__builtin_add_overflow(a, b, &r)) {
    ++*sat;
    return UINT64_MAX;
  }
  return r;
}
static inline uint64_t st_sat_mul(uint64_t a, uint64_t w, uint64_t *sat) {
  uint64_t r;
  if (__builtin_mul_overflow(a, w, &r)) {
    ++*sat;
    return UINT64_MAX;
  }
  return r;
}

/* --- the mutable method: the public view plus array capacities ---------
 * v's arrays and strings (key.name, pair values) are owned; the const in
 * the public type is cast away only here.  Arrays are canonical: sorted by
 * key, unique keys; histogram pairs sorted by count desc then value, at
 * most capacity of them unless folding is deferred. */
typedef struct st_method {
  pgo_method_profile v;
  uint32_t cblocks, cedges, csites, cannots, csamples;
} st_method;

void pgo__st_method_clear(const pgo_allocator *a, st_method *m);
/* dst += w * src.  src must be canonical (sorted, unique, validated) except
 * that pair lists may exceed capacity.  fold: fold histograms to capacity
 * now.  On PGO_ERR_NOMEM dst may hold part of src. */
pgo_status pgo__st_method_merge(const pgo_allocator *a, st_method *dst,
                           const pgo_method_profile *src, uint64_t w,
                           bool fold, uint64_t *sat);
/* Fold every histogram of m to its capacity. */
pgo_status pgo__st_method_fold(const pgo_allocator *a, st_method *m);
/* Drop zero records; returns true when m is left without any record. */
bool pgo__st_method_sparsify(const pgo_allocator *a, st_method *m);
bool pgo__st_method_equal(const pgo_method_profile *x, const pgo_method_profile *y);

/* Validate a writer's method (any order, duplicates allowed).  msg gets
 * "method NAME: ..." on failure. */
pgo_status pgo__st_method_check(const pgo_method_profile *m, char *msg,
                           size_t msglen);
/* Is m already canonical (sorted, unique, pairs sorted and unique)? */
bool pgo__st_method_is_canonical(const pgo_method_profile *m);
/* Build a canonical copy of a validated, possibly unsorted method. */
pgo_status pgo__st_method_canonical(const pgo_allocator *a,
                               const pgo_method_profile *m, st_method *out,
                               uint64_t *sat);

int pgo__st_key_cmp(const pgo_method_key *x, const pgo_method_key *y);
int pgo__st_pair_cmp(const void *x, const void *y); /* count desc, value asc */
/* Whether the n pair values are distinct (n log n; false when n exceeds
 * PGO_STORE_MAX_CAPACITY, which no valid site does). */
bool pgo__st_pairs_unique(const pgo_value_pair *pairs, uint32_t n);

/* --- profile internals shared with the store and YAML readers ---------- */
st_method *pgo__st_profile_get(pgo_profile *p, const char *name, size_t name_len,
                          uint64_t hash, uint32_t il_size);
bool pgo__st_profile_defers(const pgo_profile *p);
uint64_t *pgo__st_profile_satp(pgo_profile *p);
const pgo_allocator *pgo__st_profile_alloc(const pgo_profile *p);
void pgo__st_msg_sanitize(char *msg);
void pgo__st_profile_set_msg(pgo_profile *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Move every method and run of src into dst (dst += w * src) and empty src. */
pgo_status pgo__st_profile_absorb(pgo_profile *dst, pgo_profile *src, uint64_t w);

/* --- blob codec (blob.c writes, blob_decode.c reads) ----------------- */
typedef struct st_buf {
  unsigned char *p;
  size_t n, cap;
} st_buf;
bool pgo__st_buf_reserve(const pgo_allocator *a, st_buf *b, size_t extra);
void pgo__st_buf_free(const pgo_allocator *a, st_buf *b);

/* Encode kind's records of canonical m into b (b->n reset first).  Returns
 * false when there is nothing of that kind (no row is stored). */
pgo_status pgo__st_encode(const pgo_allocator *a, int kind,
                     const pgo_method_profile *m, st_buf *b, bool *present);

/* Decode scratch: arrays reused across decodes. */
typedef struct st_scratch {
  pgo_count_rec *blocks, *samples;
  pgo_edge_rec *edges;
  pgo_value_site *sites;
  pgo_value_pair *pairs;
  pgo_annot_rec *annots;
  char *strs;
  uint32_t cblocks, csamples, cedges, csites, cpairs, cannots, cstrs;
  char *name;
  uint32_t cname;
} st_scratch;
void pgo__st_scratch_free(const pgo_allocator *a, st_scratch *s);

/* The fused read path for blocks, samples and edges: when the blob holds
 * exactly dst's keys (dst_n entries, same offsets and successors, in
 * order), add w times its counts into dst (saturating, counted in *sat)
 * and return 1; otherwise return 0 without touching dst, and the caller
 * decodes (and validates) the blob the long way.  Equal keys are valid
 * keys: dst's were validated against the same il_size. */
int pgo__st_decode_add(int kind, const void *data, size_t len, void *dst,
                  uint32_t dst_n, uint64_t w, uint64_t *sat);

/* Decode one record blob of kind into the scratch and set the matching
 * fields of *view (whose key.il_size bounds offsets).  Validates everything;
 * PGO_ERR_CORRUPT with a message (without file or method) on failure. */
pgo_status pgo__st_decode(const pgo_allocator *a, int kind, const void *data,
                     size_t len, st_scratch *s, pgo_method_profile *view,
                     char *msg, size_t msglen);

#endif
