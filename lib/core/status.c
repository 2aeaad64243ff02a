/*
 * status.c -- library version, the text of status codes and provenances
 * (both generated from the X-macro lists in pgo/core.h so names, values and
 * strings cannot drift), the default libc allocator, the allocation helpers
 * every other file of lib/core goes through, and per-handle messages.
 *
 * Fallbacks: an unknown status or provenance value maps to a fixed "unknown"
 * string, never NULL.  Size computations that would overflow size_t are
 * reported as allocation failures (PGO_ERR_NOMEM), never wrapped.
 */
#include "cfg_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

PGO_API const char *pgo_version(void) { return PGO_VERSION_STRING; }

PGO_API const char *pgo_status_text(pgo_status s) {
  switch (s) {
#define PGO_X_(name, value, text)                                             \
  case name:                                                                  \
    return text;
    PGO_STATUS_LIST(PGO_X_)
#undef PGO_X_
  }
  return "unknown status";
}

PGO_API const char *pgo_status_name(pgo_status s) {
  switch (s) {
#define PGO_X_(name, value, text)                                             \
  case name:                                                                  \
    return #name;
    PGO_STATUS_LIST(PGO_X_)
#undef PGO_X_
  }
  return "PGO_ERR_UNKNOWN";
}

PGO_API const char *pgo_provenance_text(pgo_provenance p) {
  switch (p) {
#define PGO_X_(name, value, text)                                             \
  case name:                                                                  \
    return text;
    PGO_PROVENANCE_LIST(PGO_X_)
#undef PGO_X_
  }
  return "unknown";
}

/* --- the default allocator ----------------------------------------------- */

static void *libc_realloc(void *ud, void *ptr, size_t old_size,
                          size_t new_size) {
  (void)ud;
  (void)old_size;
  if (new_size == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, new_size);
}

static const pgo_allocator default_allocator = {libc_realloc, NULL};

PGO_API const pgo_allocator *pgo_default_allocator(void) {
  return &default_allocator;
}

/* --- helpers -------------------------------------------------------------- */

/* Byte size of count elements, at least 1 so that a zero-length array is
 * still a distinct live allocation (NULL is reserved for failure); 0 on
 * overflow. */
static size_t bytes_of(size_t count, size_t size) {
  if (size != 0 && count > SIZE_MAX / size)
    return 0;
  size_t n = count * size;
  return n ? n : 1;
}

void *pgo__core_mem_alloc(const pgo_allocator *a, size_t count, size_t size) {
  size_t n = bytes_of(count, size);
  if (n == 0)
    return NULL;
  return a->realloc(a->ud, NULL, 0, n);
}

void *pgo__core_mem_realloc(const pgo_allocator *a, void *p, size_t oldcount,
                       size_t newcount, size_t size) {
  if (p == NULL)
    return pgo__core_mem_alloc(a, newcount, size);
  size_t n = bytes_of(newcount, size);
  if (n == 0)
    return NULL;
  return a->realloc(a->ud, p, bytes_of(oldcount, size), n);
}

void pgo__core_mem_free(const pgo_allocator *a, void *p, size_t count,
                   size_t size) {
  if (p != NULL)
    (void)a->realloc(a->ud, p, bytes_of(count, size), 0);
}

char *pgo__core_mem_strdup(const pgo_allocator *a, const char *s) {
  size_t n = strlen(s) + 1;
  char *p = pgo__core_mem_alloc(a, n, 1);
  if (p != NULL)
    memcpy(p, s, n);
  return p;
}

void pgo__core_mem_strfree(const pgo_allocator *a, char *s) {
  if (s != NULL)
    pgo__core_mem_free(a, s, strlen(s) + 1, 1);
}

pgo_status pgo__core_seterr(pgo_cfg *cfg, pgo_status s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(cfg->errmsg, sizeof cfg->errmsg, fmt, ap);
  va_end(ap);
  return s;
}

pgo_status pgo__core_nomem(pgo_cfg *cfg, const char *what) {
  return pgo__core_seterr(cfg, PGO_ERR_NOMEM, "out of memory %s", what);
}

/* The one place a pgo library writes to stderr and aborts: a broken
 * internal invariant (core_assert.h), i.e. a bug in pgo, never bad input. */
void pgo__assert_fail(const char *expr, const char *file, int line) {
  fprintf(stderr, "pgo: internal invariant failed: %s (%s:%d)\n", expr, file,
          line);
  abort();
}
