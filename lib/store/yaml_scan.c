/*
 * yaml_scan.c -- the YAML reader's cursor over libyaml parser events and the
 * typing of its scalars (docs/formats.md, "Rules"); the grammar that walks
 * the events is yaml_read.c.
 *
 * Scalars are typed by the profile's own rules, not by YAML's resolution
 * (whose 1.1 and 1.2 schemas disagree on 010, 1_000, yes, 0x...): an
 * integer is an untagged or !!int-tagged plain scalar of decimal digits
 * without a leading zero, or 0x-hex; a probability is a plain decimal
 * fraction (no hex floats, inf or nan); anything else is an error naming
 * what was expected and what was found.  Positions: events carry their
 * own marks; libyaml's reader errors (bad UTF-8) carry only a byte offset,
 * turned into line:column here by counting newlines in the input.
 */
#include <errno.h>
#include <stdlib.h>

#include "yaml_rd.h"

/* Line and column of a byte offset of the input (reader errors). */
static mark offset_mark(const rd *r, size_t off) {
  mark m = {1, 1};
  for (size_t i = 0; i < off && i < r->len; i++) {
    if (r->data[i] == '\n') {
      m.line++;
      m.col = 1;
    } else if ((r->data[i] & 0xc0) != 0x80) {
      m.col++; /* count characters, not UTF-8 continuation bytes */
    }
  }
  return m;
}

/* An explicit tag other than want (the tag of the type being read), as in
 * `!!str 1` where an integer is expected. */
static bool foreign_tag(const rd *r, const char *want) {
  const char *tag = (const char *)r->ev.data.scalar.tag;
  return tag && strcmp(tag, want);
}

mark pgo__yr_here(const rd *r) {
  return (mark){(unsigned)r->ev.start_mark.line + 1,
                (unsigned)r->ev.start_mark.column + 1};
}

void pgo__yr_fail(rd *r, mark m, pgo_status st, const char *fmt, ...) {
  if (r->st)
    return;
  char b[ST_MSG_LEN];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(b, sizeof b, fmt, ap);
  va_end(ap);
  pgo__st_profile_set_msg(r->p, "%s:%u:%u: %s", r->file, m.line, m.col, b);
  r->st = st;
}

const char *pgo__yr_ev_name(const yaml_event_t *e) {
  switch (e->type) {
  case YAML_SCALAR_EVENT:
    return "a scalar";
  case YAML_SEQUENCE_START_EVENT:
    return "a sequence";
  case YAML_SEQUENCE_END_EVENT:
    return "the end of a sequence";
  case YAML_MAPPING_START_EVENT:
    return "a mapping";
  case YAML_MAPPING_END_EVENT:
    return "the end of a mapping";
  case YAML_ALIAS_EVENT:
    return "an alias";
  case YAML_DOCUMENT_END_EVENT:
  case YAML_STREAM_END_EVENT:
    return "the end of the document";
  default:
    return "something else";
  }
}

/* Advance to the next event (freeing the current one). */
bool pgo__yr_next(rd *r) {
  if (r->st)
    return false;
  if (r->have) {
    yaml_event_delete(&r->ev);
    r->have = false;
  }
  if (!yaml_parser_parse(&r->yp, &r->ev)) {
    mark m = {(unsigned)r->yp.problem_mark.line + 1,
              (unsigned)r->yp.problem_mark.column + 1};
    if (r->yp.error == YAML_READER_ERROR) {
      pgo__yr_fail(r, offset_mark(r, r->yp.problem_offset), PGO_ERR_PARSE,
              "expected UTF-8 text, found %s (byte 0x%02x)",
              r->yp.problem ? r->yp.problem : "an invalid byte",
              (unsigned)r->yp.problem_value & 0xff);
      return false;
    }
    pgo__yr_fail(r, m, PGO_ERR_PARSE, "%s%s%s",
            r->yp.problem ? r->yp.problem : "YAML syntax error",
            r->yp.context ? " " : "", r->yp.context ? r->yp.context : "");
    return false;
  }
  r->have = true;
  if (r->ev.type == YAML_ALIAS_EVENT) {
    pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE,
            "expected a value, found an alias (not supported)");
    return false;
  }
  return true;
}

bool pgo__yr_expect(rd *r, yaml_event_type_t t, const char *what) {
  if (!pgo__yr_next(r))
    return false;
  if (r->ev.type != t) {
    pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE, "expected %s, found %s", what,
            pgo__yr_ev_name(&r->ev));
    return false;
  }
  return true;
}

const char *pgo__yr_sval(const rd *r) {
  return (const char *)r->ev.data.scalar.value;
}

/* The current event must be a plain integer scalar <= max. */
bool pgo__yr_cur_uint(rd *r, uint64_t max, const char *what, uint64_t *out) {
  if (r->ev.type != YAML_SCALAR_EVENT) {
    pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE, "expected %s (an integer), found %s",
            what, pgo__yr_ev_name(&r->ev));
    return false;
  }
  const char *s = pgo__yr_sval(r);
  if (r->ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
    pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE,
            "expected %s (an integer), found the quoted string \"%.40s\"", what,
            s);
    return false;
  }
  if (s[0] == '-') {
    pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_RANGE,
            "expected %s (a non-negative integer), found %.40s", what, s);
    return false;
  }
  if (foreign_tag(r, YAML_INT_TAG)) {
    pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE,
            "expected %s (an integer), found a scalar tagged %.40s", what,
            (const char *)r->ev.data.scalar.tag);
    return false;
  }
  bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  if (!hex && s[0] == '0' && s[1]) {
    pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE,
            "expected %s (an integer without leading zeros: octal or "
            "decimal?), found %.40s",
            what, s);
    return false;
  }
  const char *digits = hex ? s + 2 : s;
  bool ok = *digits != 0;
  for (const char *c = digits; *c && ok; c++)
    ok = hex ? (*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f') ||
                   (*c >= 'A' && *c <= 'F')
             : *c >= '0' && *c <= '9';
  if (!ok) {
    pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE,
            "expected %s (an integer), found \"%.40s\"", what, s);
    return false;
  }
  errno = 0;
  unsigned long long v = strtoull(digits, NULL, hex ? 16 : 10);
  if (errno == ERANGE || v > max) {
    pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_RANGE, "%s %.40s out of range (max %llu)",
            what, s, (unsigned long long)max);
    return false;
  }
  *out = v;
  return true;
}

bool pgo__yr_uint(rd *r, uint64_t max, const char *what, uint64_t *out) {
  return pgo__yr_next(r) && pgo__yr_cur_uint(r, max, what, out);
}

bool pgo__yr_int64(rd *r, const char *what, int64_t *out) {
  if (!pgo__yr_next(r))
    return false;
  if (r->ev.type == YAML_SCALAR_EVENT &&
      r->ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
      pgo__yr_sval(r)[0] == '-') {
    const char *s = pgo__yr_sval(r);
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end || end == s + 1 || errno == ERANGE || s[1] < '0' || s[1] > '9' ||
        (s[1] == '0' && s[2]) || foreign_tag(r, YAML_INT_TAG)) {
      pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE,
              "expected %s (an integer), found %.40s", what, s);
      return false;
    }
    *out = v;
    return true;
  }
  uint64_t u;
  if (!pgo__yr_cur_uint(r, INT64_MAX, what, &u))
    return false;
  *out = (int64_t)u;
  return true;
}

bool pgo__yr_prob(rd *r, double *out) {
  if (!pgo__yr_next(r))
    return false;
  const char *s = r->ev.type == YAML_SCALAR_EVENT ? pgo__yr_sval(r) : "";
  char *end = NULL;
  double v = 0;
  if (r->ev.type == YAML_SCALAR_EVENT &&
      r->ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && *s &&
      !foreign_tag(r, YAML_FLOAT_TAG) &&
      strspn(s, "0123456789.eE+-") == strlen(s))
    v = strtod(s, &end);
  if (!end || *end) {
    pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE, "expected a probability, found %s",
            r->ev.type == YAML_SCALAR_EVENT ? s : pgo__yr_ev_name(&r->ev));
    return false;
  }
  /* the range [0, 1] is checked by the caller, which knows the method */
  *out = v;
  return true;
}

/* A string scalar, copied. */
bool pgo__yr_str(rd *r, const char *what, size_t maxlen, char **out) {
  if (!pgo__yr_next(r))
    return false;
  if (r->ev.type != YAML_SCALAR_EVENT) {
    pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE, "expected %s (a string), found %s",
            what, pgo__yr_ev_name(&r->ev));
    return false;
  }
  size_t n = r->ev.data.scalar.length;
  if (n > maxlen) {
    pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_RANGE, "%s longer than %zu bytes", what,
            maxlen);
    return false;
  }
  if (memchr(pgo__yr_sval(r), 0, n)) {
    pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_RANGE, "%s contains a NUL byte", what);
    return false;
  }
  *out = pgo__st_strndup(r->a, pgo__yr_sval(r), n);
  if (!*out) {
    pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_NOMEM, "out of memory");
    return false;
  }
  return true;
}

void *pgo__yr_vpush(rd *r, vec *v, size_t elt, mark m) {
  if (!pgo__st_grow(r->a, &v->p, &v->cap, elt, (size_t)v->n + 1) ||
      !pgo__st_grow(r->a, (void **)&v->marks, &v->mcap, sizeof(mark),
               (size_t)v->n + 1)) {
    pgo__yr_fail(r, m, PGO_ERR_NOMEM, "out of memory");
    return NULL;
  }
  v->marks[v->n] = m;
  return (char *)v->p + elt * v->n++;
}

void pgo__yr_vfree(rd *r, vec *v, size_t elt) {
  pgo__st_free(r->a, v->p, (size_t)v->cap * elt);
  pgo__st_free(r->a, v->marks, (size_t)v->mcap * sizeof(mark));
  memset(v, 0, sizeof *v);
}
