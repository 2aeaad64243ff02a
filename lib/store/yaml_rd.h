/* yaml_rd.h -- private to lib/store: the YAML reader's event cursor and
 * scalar typing (yaml_scan.c), shared with its grammar (yaml_read.c). */
#ifndef PGO_YAML_RD_H
#define PGO_YAML_RD_H

#include <yaml.h>

#include "store_internal.h"

typedef struct rd {
  yaml_parser_t yp;
  yaml_event_t ev;
  bool have; /* ev holds an event */
  const char *file;
  const unsigned char *data; /* the input, to place reader errors */
  size_t len;
  pgo_profile *p; /* private profile being filled */
  const pgo_allocator *a;
  pgo_status st; /* first error */
} rd;

/* 1-based line and column of an event. */
typedef struct mark {
  unsigned line, col;
} mark;

/* A growable array that remembers each element's position, so range checks
 * made after a method is complete still point at the offending entry. */
typedef struct vec {
  void *p;
  uint32_t n, cap;
  mark *marks;
  uint32_t mcap;
} vec;

mark pgo__yr_here(const rd *r);
/* Record the first error: "FILE:LINE:COLUMN: message". */
void pgo__yr_fail(rd *r, mark m, pgo_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
const char *pgo__yr_ev_name(const yaml_event_t *e);
/* Advance to the next event; false on a syntax error or an alias. */
bool pgo__yr_next(rd *r);
/* Advance and require an event of type t. */
bool pgo__yr_expect(rd *r, yaml_event_type_t t, const char *what);
const char *pgo__yr_sval(const rd *r);
/* The current event (pgo__yr_cur_uint) or the next (pgo__yr_uint) as a plain
 * decimal or 0x-hex integer <= max. */
bool pgo__yr_cur_uint(rd *r, uint64_t max, const char *what, uint64_t *out);
bool pgo__yr_uint(rd *r, uint64_t max, const char *what, uint64_t *out);
/* The next event as a signed 64-bit decimal integer. */
bool pgo__yr_int64(rd *r, const char *what, int64_t *out);
/* The next event as a plain decimal probability in [0, 1]. */
bool pgo__yr_prob(rd *r, double *out);
/* The next event as a string of 1..maxlen bytes without NUL, copied. */
bool pgo__yr_str(rd *r, const char *what, size_t maxlen, char **out);
void *pgo__yr_vpush(rd *r, vec *v, size_t elt, mark m);
void pgo__yr_vfree(rd *r, vec *v, size_t elt);

#endif
