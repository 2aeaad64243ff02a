/*
 * yaml_read.c -- reader of the YAML text twin (docs/formats.md), a
 * recursive-descent walk over libyaml parser events (never hand-parsed
 * text).  Grammar: a mapping {pgo-profile: 1, runs: [run...],
 * methods: [method...]}; a method has name, hash, il_size and one key per
 * record kind (PGO_RECORD_KIND_LIST).  Integers are plain decimal or 0x-hex
 * scalars; negatives, overflow, quoted numbers, aliases, duplicate keys and
 * unknown keys are errors.  Every error reads
 * "FILE:LINE:COLUMN: expected WHAT, found WHAT" (1-based).  Range checks
 * (offset < il_size etc.) point at the offending entry.  The whole file is
 * parsed into a private profile first, so a failure leaves dst unchanged.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <yaml.h>

#include "store_internal.h"

typedef struct rd {
  yaml_parser_t yp;
  yaml_event_t ev;
  bool have;          /* ev holds an event */
  const char *file;
  pgo_profile *p;     /* private profile being filled */
  const pgo_allocator *a;
  pgo_status st;      /* first error */
} rd;

typedef struct mark {
  unsigned line, col;
} mark;

static mark here(const rd *r) {
  return (mark){(unsigned)r->ev.start_mark.line + 1,
                (unsigned)r->ev.start_mark.column + 1};
}

static void fail_at(rd *r, mark m, pgo_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void fail_at(rd *r, mark m, pgo_status st, const char *fmt, ...) {
  if (r->st)
    return;
  char b[ST_MSG_LEN];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(b, sizeof b, fmt, ap);
  va_end(ap);
  st_profile_set_msg(r->p, "%s:%u:%u: %s", r->file, m.line, m.col, b);
  r->st = st;
}

static const char *ev_name(const yaml_event_t *e) {
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
static bool next(rd *r) {
  if (r->st)
    return false;
  if (r->have) {
    yaml_event_delete(&r->ev);
    r->have = false;
  }
  if (!yaml_parser_parse(&r->yp, &r->ev)) {
    mark m = {(unsigned)r->yp.problem_mark.line + 1,
              (unsigned)r->yp.problem_mark.column + 1};
    fail_at(r, m, PGO_ERR_PARSE, "%s%s%s",
            r->yp.problem ? r->yp.problem : "YAML syntax error",
            r->yp.context ? " " : "", r->yp.context ? r->yp.context : "");
    return false;
  }
  r->have = true;
  if (r->ev.type == YAML_ALIAS_EVENT) {
    fail_at(r, here(r), PGO_ERR_PARSE,
            "expected a value, found an alias (not supported)");
    return false;
  }
  return true;
}

static bool expect(rd *r, yaml_event_type_t t, const char *what) {
  if (!next(r))
    return false;
  if (r->ev.type != t) {
    fail_at(r, here(r), PGO_ERR_PARSE, "expected %s, found %s", what,
            ev_name(&r->ev));
    return false;
  }
  return true;
}

static const char *sval(const rd *r) {
  return (const char *)r->ev.data.scalar.value;
}

/* The current event must be a plain integer scalar <= max. */
static bool cur_uint(rd *r, uint64_t max, const char *what, uint64_t *out) {
  if (r->ev.type != YAML_SCALAR_EVENT) {
    fail_at(r, here(r), PGO_ERR_PARSE, "expected %s (an integer), found %s",
            what, ev_name(&r->ev));
    return false;
  }
  const char *s = sval(r);
  if (r->ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
    fail_at(r, here(r), PGO_ERR_PARSE,
            "expected %s (an integer), found the quoted string \"%.40s\"",
            what, s);
    return false;
  }
  if (s[0] == '-') {
    fail_at(r, here(r), PGO_ERR_RANGE,
            "expected %s (a non-negative integer), found %.40s", what, s);
    return false;
  }
  bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  const char *digits = hex ? s + 2 : s;
  bool ok = *digits != 0;
  for (const char *c = digits; *c && ok; c++)
    ok = hex ? (*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f') ||
                   (*c >= 'A' && *c <= 'F')
             : *c >= '0' && *c <= '9';
  if (!ok) {
    fail_at(r, here(r), PGO_ERR_PARSE,
            "expected %s (an integer), found \"%.40s\"", what, s);
    return false;
  }
  errno = 0;
  unsigned long long v = strtoull(digits, NULL, hex ? 16 : 10);
  if (errno == ERANGE || v > max) {
    fail_at(r, here(r), PGO_ERR_RANGE, "%s %.40s out of range (max %llu)",
            what, s, (unsigned long long)max);
    return false;
  }
  *out = v;
  return true;
}

static bool get_uint(rd *r, uint64_t max, const char *what, uint64_t *out) {
  return next(r) && cur_uint(r, max, what, out);
}

static bool get_int64(rd *r, const char *what, int64_t *out) {
  if (!next(r))
    return false;
  if (r->ev.type == YAML_SCALAR_EVENT &&
      r->ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && sval(r)[0] == '-') {
    const char *s = sval(r);
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end || end == s + 1 || errno == ERANGE) {
      fail_at(r, here(r), PGO_ERR_PARSE, "expected %s (an integer), found %.40s",
              what, s);
      return false;
    }
    *out = v;
    return true;
  }
  uint64_t u;
  if (!cur_uint(r, INT64_MAX, what, &u))
    return false;
  *out = (int64_t)u;
  return true;
}

static bool get_prob(rd *r, double *out) {
  if (!next(r))
    return false;
  const char *s = r->ev.type == YAML_SCALAR_EVENT ? sval(r) : "";
  char *end = NULL;
  double v = 0;
  if (r->ev.type == YAML_SCALAR_EVENT &&
      r->ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && *s)
    v = strtod(s, &end);
  if (!end || *end) {
    fail_at(r, here(r), PGO_ERR_PARSE, "expected a probability, found %s",
            r->ev.type == YAML_SCALAR_EVENT ? s : ev_name(&r->ev));
    return false;
  }
  if (!(v >= 0 && v <= 1)) {
    fail_at(r, here(r), PGO_ERR_RANGE, "probability %.40s not in [0, 1]", s);
    return false;
  }
  *out = v;
  return true;
}

/* A string scalar, copied. */
static bool get_str(rd *r, const char *what, size_t maxlen, char **out) {
  if (!next(r))
    return false;
  if (r->ev.type != YAML_SCALAR_EVENT) {
    fail_at(r, here(r), PGO_ERR_PARSE, "expected %s (a string), found %s",
            what, ev_name(&r->ev));
    return false;
  }
  size_t n = r->ev.data.scalar.length;
  if (n > maxlen || memchr(sval(r), 0, n)) {
    fail_at(r, here(r), PGO_ERR_RANGE, "%s longer than %zu bytes or has NUL",
            what, maxlen);
    return false;
  }
  *out = st_strndup(r->a, sval(r), n);
  if (!*out) {
    fail_at(r, here(r), PGO_ERR_NOMEM, "out of memory");
    return false;
  }
  return true;
}

/* -------------------------------------------------------------- growable */

typedef struct vec {
  void *p;
  uint32_t n, cap;
  mark *marks;
  uint32_t mcap;
} vec;

static void *vpush(rd *r, vec *v, size_t elt, mark m) {
  if (!st_grow(r->a, &v->p, &v->cap, elt, (size_t)v->n + 1) ||
      !st_grow(r->a, (void **)&v->marks, &v->mcap, sizeof(mark),
               (size_t)v->n + 1)) {
    fail_at(r, m, PGO_ERR_NOMEM, "out of memory");
    return NULL;
  }
  v->marks[v->n] = m;
  return (char *)v->p + elt * v->n++;
}

static void vfree(rd *r, vec *v, size_t elt) {
  st_free(r->a, v->p, (size_t)v->cap * elt);
  st_free(r->a, v->marks, (size_t)v->mcap * sizeof(mark));
  memset(v, 0, sizeof *v);
}

/* Read a flow/ block sequence of tuples of `arity` items; fills fields via
 * the callback-free switch below.  kind selects the layout. */
static bool tuples(rd *r, int kind, vec *v) {
  const char *what = pgo_record_kind_name(kind);
  if (!expect(r, YAML_SEQUENCE_START_EVENT, "a sequence of entries"))
    return false;
  for (;;) {
    if (!next(r))
      return false;
    if (r->ev.type == YAML_SEQUENCE_END_EVENT)
      return true;
    if (r->ev.type != YAML_SEQUENCE_START_EVENT) {
      fail_at(r, here(r), PGO_ERR_PARSE, "expected a %s entry [%s], found %s",
              what,
              kind == PGO_REC_EDGES         ? "offset, successor, count"
              : kind == PGO_REC_ANNOTATIONS ? "offset, successor, prob, weight"
                                            : "offset, count",
              ev_name(&r->ev));
      return false;
    }
    mark m = here(r);
    uint64_t off, succ = 0, cnt = 0, w = 0;
    double prob = 0;
    if (!get_uint(r, UINT32_MAX, "an offset", &off))
      return false;
    if (kind == PGO_REC_EDGES || kind == PGO_REC_ANNOTATIONS)
      if (!get_uint(r, UINT32_MAX, "a successor index", &succ))
        return false;
    if (kind == PGO_REC_ANNOTATIONS) {
      if (!get_prob(r, &prob) || !get_uint(r, UINT64_MAX, "a weight", &w))
        return false;
    } else if (!get_uint(r, UINT64_MAX, "a count", &cnt)) {
      return false;
    }
    if (!expect(r, YAML_SEQUENCE_END_EVENT, "the end of the entry"))
      return false;
    if (kind == PGO_REC_EDGES) {
      pgo_edge_rec *e = vpush(r, v, sizeof *e, m);
      if (!e)
        return false;
      *e = (pgo_edge_rec){(uint32_t)off, (uint32_t)succ, cnt};
    } else if (kind == PGO_REC_ANNOTATIONS) {
      pgo_annot_rec *e = vpush(r, v, sizeof *e, m);
      if (!e)
        return false;
      *e = (pgo_annot_rec){(uint32_t)off, (uint32_t)succ, prob, w};
    } else {
      pgo_count_rec *e = vpush(r, v, sizeof *e, m);
      if (!e)
        return false;
      *e = (pgo_count_rec){(uint32_t)off, cnt};
    }
  }
}

/* ---------------------------------------------------------------- method */

typedef struct mbuild {
  char *name;
  bool has_name, has_hash, has_il;
  uint64_t hash, il;
  bool has_entry;
  uint64_t entry;
  vec blocks, edges, annots, samples;
  vec sites;   /* pgo_value_site; pairs point into pairs_store */
  vec pairs;   /* pgo_value_pair, names owned */
  vec site_first; /* uint32_t: first pair index of each site */
} mbuild;

static void mb_free(rd *r, mbuild *b) {
  st_strfree(r->a, b->name);
  for (uint32_t i = 0; i < b->pairs.n; i++)
    st_strfree(r->a, (char *)((pgo_value_pair *)b->pairs.p)[i].value);
  vfree(r, &b->blocks, sizeof(pgo_count_rec));
  vfree(r, &b->samples, sizeof(pgo_count_rec));
  vfree(r, &b->edges, sizeof(pgo_edge_rec));
  vfree(r, &b->annots, sizeof(pgo_annot_rec));
  vfree(r, &b->sites, sizeof(pgo_value_site));
  vfree(r, &b->pairs, sizeof(pgo_value_pair));
  vfree(r, &b->site_first, sizeof(uint32_t));
}

static bool site(rd *r, mbuild *b) {
  mark m = here(r);
  bool has_off = false, has_cap = false, has_tail = false, has_t = false;
  uint64_t off = 0, cap = 0, tail = 0;
  uint32_t first = b->pairs.n;
  for (;;) {
    if (!next(r))
      return false;
    if (r->ev.type == YAML_MAPPING_END_EVENT)
      break;
    if (r->ev.type != YAML_SCALAR_EVENT) {
      fail_at(r, here(r), PGO_ERR_PARSE, "expected a value-site key, found %s",
              ev_name(&r->ev));
      return false;
    }
    const char *k = sval(r);
    mark km = here(r);
    bool *seen = !strcmp(k, "offset")     ? &has_off
                 : !strcmp(k, "capacity") ? &has_cap
                 : !strcmp(k, "tail")     ? &has_tail
                 : !strcmp(k, "targets")  ? &has_t
                                          : NULL;
    if (!seen) {
      fail_at(r, km, PGO_ERR_PARSE,
              "expected offset, capacity, tail or targets, found '%.40s'", k);
      return false;
    }
    if (*seen) {
      fail_at(r, km, PGO_ERR_PARSE, "duplicate key '%.40s'", k);
      return false;
    }
    *seen = true;
    if (seen == &has_off) {
      if (!get_uint(r, UINT32_MAX, "an offset", &off))
        return false;
    } else if (seen == &has_cap) {
      if (!get_uint(r, PGO_STORE_MAX_CAPACITY, "a capacity", &cap))
        return false;
      if (cap == 0) {
        fail_at(r, here(r), PGO_ERR_RANGE, "capacity 0 (must be >= 1)");
        return false;
      }
    } else if (seen == &has_tail) {
      if (!get_uint(r, UINT64_MAX, "a tail count", &tail))
        return false;
    } else {
      if (!expect(r, YAML_SEQUENCE_START_EVENT, "a sequence of [value, count]"))
        return false;
      for (;;) {
        if (!next(r))
          return false;
        if (r->ev.type == YAML_SEQUENCE_END_EVENT)
          break;
        if (r->ev.type != YAML_SEQUENCE_START_EVENT) {
          fail_at(r, here(r), PGO_ERR_PARSE,
                  "expected a target [value, count], found %s",
                  ev_name(&r->ev));
          return false;
        }
        mark pm = here(r);
        char *val;
        uint64_t cnt;
        if (!get_str(r, "a value", PGO_STORE_MAX_VALUE_LEN, &val))
          return false;
        if (!*val) {
          st_strfree(r->a, val);
          fail_at(r, here(r), PGO_ERR_RANGE, "empty value name");
          return false;
        }
        pgo_value_pair *pp = vpush(r, &b->pairs, sizeof *pp, pm);
        if (!pp) {
          st_strfree(r->a, val);
          return false;
        }
        pp->value = val;
        pp->count = 0;
        if (!get_uint(r, UINT64_MAX, "a count", &cnt))
          return false;
        pp->count = cnt;
        if (!expect(r, YAML_SEQUENCE_END_EVENT, "the end of the target"))
          return false;
      }
    }
  }
  if (!has_off || !has_cap) {
    fail_at(r, m, PGO_ERR_PARSE, "expected offset and capacity in a value site");
    return false;
  }
  if (b->pairs.n - first > cap) {
    fail_at(r, m, PGO_ERR_RANGE, "%u targets exceed capacity %llu",
            b->pairs.n - first, (unsigned long long)cap);
    return false;
  }
  pgo_value_site *s = vpush(r, &b->sites, sizeof *s, m);
  uint32_t *f = s ? vpush(r, &b->site_first, sizeof *f, m) : NULL;
  if (!f)
    return false;
  *s = (pgo_value_site){(uint32_t)off, (uint32_t)cap, tail,
                        b->pairs.n - first, NULL};
  *f = first;
  return true;
}

/* Range checks with the entry's position, then hand over to the profile. */
static bool method_finish(rd *r, mbuild *b, mark m) {
  if (!b->has_name || !b->has_hash || !b->has_il) {
    fail_at(r, m, PGO_ERR_PARSE, "expected name, hash and il_size in a method");
    return false;
  }
  uint32_t il = (uint32_t)b->il;
  const char *nm = b->name;
#define CHK(vecn, T, cond, ...)                                               \
  for (uint32_t i = 0; i < b->vecn.n; i++) {                                  \
    const T *e = (const T *)b->vecn.p + i;                                    \
    if (!(cond)) {                                                            \
      fail_at(r, b->vecn.marks[i], PGO_ERR_RANGE, __VA_ARGS__);               \
      return false;                                                           \
    }                                                                         \
  }
  CHK(blocks, pgo_count_rec, e->offset < il,
      "method %s: block offset %u out of range (il_size %u)", nm, e->offset, il)
  CHK(samples, pgo_count_rec, e->offset < il,
      "method %s: sample offset %u out of range (il_size %u)", nm, e->offset,
      il)
  CHK(edges, pgo_edge_rec, e->offset < il,
      "method %s: edge offset %u out of range (il_size %u)", nm, e->offset, il)
  CHK(edges, pgo_edge_rec, e->succ < PGO_STORE_MAX_SUCC,
      "method %s: successor index %u out of range (< %u)", nm, e->succ,
      PGO_STORE_MAX_SUCC)
  CHK(annots, pgo_annot_rec, e->offset < il,
      "method %s: annotation offset %u out of range (il_size %u)", nm,
      e->offset, il)
  CHK(annots, pgo_annot_rec, e->succ < PGO_STORE_MAX_SUCC,
      "method %s: successor index %u out of range (< %u)", nm, e->succ,
      PGO_STORE_MAX_SUCC)
  CHK(annots, pgo_annot_rec, e->weight >= 1,
      "method %s: annotation weight 0 (must be >= 1)", nm)
  CHK(sites, pgo_value_site, e->offset < il,
      "method %s: value site offset %u out of range (il_size %u)", nm,
      e->offset, il)
#undef CHK
  pgo_value_site *sites = b->sites.p;
  uint32_t *first = b->site_first.p;
  for (uint32_t i = 0; i < b->sites.n; i++)
    sites[i].pairs = b->pairs.p ? (pgo_value_pair *)b->pairs.p + first[i] : NULL;
  pgo_method_profile mp = {
      .key = {b->name, b->hash, il},
      .has_entry = b->has_entry,
      .entry = b->entry,
      .blocks = b->blocks.p,
      .nblocks = b->blocks.n,
      .edges = b->edges.p,
      .nedges = b->edges.n,
      .sites = sites,
      .nsites = b->sites.n,
      .annots = b->annots.p,
      .nannots = b->annots.n,
      .samples = b->samples.p,
      .nsamples = b->samples.n,
  };
  pgo_status st = pgo_profile_add(r->p, &mp, 1);
  if (st) {
    char msg[ST_MSG_LEN];
    snprintf(msg, sizeof msg, "%s", pgo_profile_errmsg(r->p));
    fail_at(r, m, st, "%s", msg);
    return false;
  }
  return true;
}

static bool method(rd *r) {
  mark m = here(r);
  mbuild b;
  memset(&b, 0, sizeof b);
  bool ok = false;
  unsigned kinds_seen = 0;
  for (;;) {
    if (!next(r))
      goto out;
    if (r->ev.type == YAML_MAPPING_END_EVENT)
      break;
    if (r->ev.type != YAML_SCALAR_EVENT) {
      fail_at(r, here(r), PGO_ERR_PARSE, "expected a method key, found %s",
              ev_name(&r->ev));
      goto out;
    }
    mark km = here(r);
    char k[64];
    snprintf(k, sizeof k, "%s", sval(r));
    if (!strcmp(k, "name")) {
      if (b.has_name) {
        fail_at(r, km, PGO_ERR_PARSE, "duplicate key 'name'");
        goto out;
      }
      if (!get_str(r, "a method name", PGO_STORE_MAX_NAME_LEN, &b.name))
        goto out;
      b.has_name = true;
      if (!*b.name) {
        fail_at(r, here(r), PGO_ERR_RANGE, "empty method name");
        goto out;
      }
      continue;
    }
    if (!strcmp(k, "hash") || !strcmp(k, "il_size")) {
      bool h = k[0] == 'h';
      if (h ? b.has_hash : b.has_il) {
        fail_at(r, km, PGO_ERR_PARSE, "duplicate key '%s'", k);
        goto out;
      }
      if (!get_uint(r, h ? UINT64_MAX : UINT32_MAX, h ? "a hash" : "il_size",
                    h ? &b.hash : &b.il))
        goto out;
      *(h ? &b.has_hash : &b.has_il) = true;
      continue;
    }
    int kind = 0;
#define ST_X(name, id, key, text)                                             \
  if (!strcmp(k, key))                                                        \
    kind = id;
    PGO_RECORD_KIND_LIST(ST_X)
#undef ST_X
    if (!kind) {
      fail_at(r, km, PGO_ERR_PARSE,
              "expected name, hash, il_size or a record kind (entry, blocks, "
              "edges, values, annotations, samples), found unknown key "
              "'%.40s'", k);
      goto out;
    }
    if (kinds_seen & (1u << kind)) {
      fail_at(r, km, PGO_ERR_PARSE, "duplicate key '%s'", k);
      goto out;
    }
    kinds_seen |= 1u << kind;
    switch (kind) {
    case PGO_REC_ENTRY:
      if (!get_uint(r, UINT64_MAX, "an entry count", &b.entry))
        goto out;
      b.has_entry = true;
      break;
    case PGO_REC_BLOCKS:
      if (!tuples(r, kind, &b.blocks))
        goto out;
      break;
    case PGO_REC_SAMPLES:
      if (!tuples(r, kind, &b.samples))
        goto out;
      break;
    case PGO_REC_EDGES:
      if (!tuples(r, kind, &b.edges))
        goto out;
      break;
    case PGO_REC_ANNOTATIONS:
      if (!tuples(r, kind, &b.annots))
        goto out;
      break;
    case PGO_REC_VALUES:
      if (!expect(r, YAML_SEQUENCE_START_EVENT, "a sequence of value sites"))
        goto out;
      for (;;) {
        if (!next(r))
          goto out;
        if (r->ev.type == YAML_SEQUENCE_END_EVENT)
          break;
        if (r->ev.type != YAML_MAPPING_START_EVENT) {
          fail_at(r, here(r), PGO_ERR_PARSE,
                  "expected a value site (a mapping), found %s",
                  ev_name(&r->ev));
          goto out;
        }
        if (!site(r, &b))
          goto out;
      }
      break;
    }
  }
  ok = method_finish(r, &b, m);
out:
  mb_free(r, &b);
  return ok;
}

static bool run(rd *r) {
  mark m = here(r);
  pgo_run run = {.source = 0, .weight = 1};
  char *prog = NULL, *tool = NULL;
  bool has_src = false, ok = false;
  unsigned seen = 0;
  for (;;) {
    if (!next(r))
      goto out;
    if (r->ev.type == YAML_MAPPING_END_EVENT)
      break;
    if (r->ev.type != YAML_SCALAR_EVENT) {
      fail_at(r, here(r), PGO_ERR_PARSE, "expected a run key, found %s",
              ev_name(&r->ev));
      goto out;
    }
    static const char *const keys[] = {"source", "weight", "time", "program",
                                       "tool"};
    unsigned k = 0;
    while (k < 5 && strcmp(sval(r), keys[k]))
      k++;
    if (k == 5) {
      fail_at(r, here(r), PGO_ERR_PARSE,
              "expected source, weight, time, program or tool, found '%.40s'",
              sval(r));
      goto out;
    }
    if (seen & (1u << k)) {
      fail_at(r, here(r), PGO_ERR_PARSE, "duplicate key '%s'", keys[k]);
      goto out;
    }
    seen |= 1u << k;
    if (k == 0) {
      if (!expect(r, YAML_SCALAR_EVENT, "a source name"))
        goto out;
      int src = 0;
#define ST_X(name, id, text)                                                  \
  if (!strcmp(sval(r), text))                                                 \
    src = id;
      PGO_SOURCE_LIST(ST_X)
#undef ST_X
      if (!src) {
        fail_at(r, here(r), PGO_ERR_PARSE,
                "expected instrumented, sampled or annotated, found '%.40s'",
                sval(r));
        goto out;
      }
      run.source = (pgo_source)src;
      has_src = true;
    } else if (k == 1) {
      if (!get_uint(r, INT64_MAX, "a weight", &run.weight))
        goto out;
      if (run.weight == 0) {
        fail_at(r, here(r), PGO_ERR_RANGE, "run weight 0 (must be >= 1)");
        goto out;
      }
    } else if (k == 2) {
      if (!get_int64(r, "a time", &run.time))
        goto out;
    } else if (!get_str(r, keys[k], 4096, k == 3 ? &prog : &tool)) {
      goto out;
    }
  }
  if (!has_src) {
    fail_at(r, m, PGO_ERR_PARSE, "expected a source in a run");
    goto out;
  }
  run.program = prog ? prog : "";
  run.tool = tool ? tool : "";
  if (pgo_profile_add_run(r->p, &run, 1)) {
    fail_at(r, m, PGO_ERR_NOMEM, "out of memory");
    goto out;
  }
  ok = true;
out:
  st_strfree(r->a, prog);
  st_strfree(r->a, tool);
  return ok;
}

static bool seq_of_maps(rd *r, bool (*item)(rd *), const char *what) {
  if (!expect(r, YAML_SEQUENCE_START_EVENT, what))
    return false;
  for (;;) {
    if (!next(r))
      return false;
    if (r->ev.type == YAML_SEQUENCE_END_EVENT)
      return true;
    if (r->ev.type != YAML_MAPPING_START_EVENT) {
      fail_at(r, here(r), PGO_ERR_PARSE, "expected a mapping in %s, found %s",
              what, ev_name(&r->ev));
      return false;
    }
    if (!item(r))
      return false;
  }
}

static bool document(rd *r) {
  if (!expect(r, YAML_STREAM_START_EVENT, "a YAML stream") ||
      !expect(r, YAML_DOCUMENT_START_EVENT, "a pgo-profile document") ||
      !expect(r, YAML_MAPPING_START_EVENT, "a mapping with pgo-profile"))
    return false;
  bool ver = false, runs = false, methods = false;
  for (;;) {
    if (!next(r))
      return false;
    if (r->ev.type == YAML_MAPPING_END_EVENT)
      break;
    if (r->ev.type != YAML_SCALAR_EVENT) {
      fail_at(r, here(r), PGO_ERR_PARSE, "expected a top-level key, found %s",
              ev_name(&r->ev));
      return false;
    }
    mark km = here(r);
    if (!strcmp(sval(r), "pgo-profile") && !ver) {
      uint64_t v;
      if (!get_uint(r, UINT32_MAX, "a format version", &v))
        return false;
      if (v != PGO_YAML_VERSION) {
        fail_at(r, here(r), PGO_ERR_SCHEMA,
                "expected pgo-profile version %d, found %llu",
                PGO_YAML_VERSION, (unsigned long long)v);
        return false;
      }
      ver = true;
    } else if (!strcmp(sval(r), "runs") && !runs) {
      if (!seq_of_maps(r, run, "runs"))
        return false;
      runs = true;
    } else if (!strcmp(sval(r), "methods") && !methods) {
      if (!seq_of_maps(r, method, "methods"))
        return false;
      methods = true;
    } else {
      fail_at(r, km, PGO_ERR_PARSE,
              "expected pgo-profile, runs or methods (once each), found "
              "'%.40s'", sval(r));
      return false;
    }
  }
  if (!ver) {
    fail_at(r, here(r), PGO_ERR_PARSE,
            "expected a 'pgo-profile: %d' key in the document",
            PGO_YAML_VERSION);
    return false;
  }
  if (!expect(r, YAML_DOCUMENT_END_EVENT, "the end of the document"))
    return false;
  if (!next(r))
    return false;
  if (r->ev.type != YAML_STREAM_END_EVENT) {
    fail_at(r, here(r), PGO_ERR_PARSE,
            "expected the end of the stream, found another document");
    return false;
  }
  return true;
}

pgo_status pgo_yaml_read_mem(pgo_profile *dst, const void *data, size_t len,
                             const char *name, uint64_t weight) {
  if (!dst || (!data && len) || weight == 0)
    return PGO_ERR_INVALID;
  rd r;
  memset(&r, 0, sizeof r);
  r.file = name ? name : "<memory>";
  r.a = st_profile_alloc(dst);
  pgo_status st = pgo_profile_new(r.a, &r.p);
  if (st)
    return st;
  pgo_profile_defer_fold(r.p, st_profile_defers(dst));
  if (!yaml_parser_initialize(&r.yp)) {
    pgo_profile_free(r.p);
    st_profile_set_msg(dst, "%s: cannot initialize the YAML parser", r.file);
    return PGO_ERR_NOMEM;
  }
  yaml_parser_set_input_string(&r.yp, data, len);
  document(&r);
  if (r.have)
    yaml_event_delete(&r.ev);
  yaml_parser_delete(&r.yp);
  st = r.st;
  if (st)
    st_profile_set_msg(dst, "%s", pgo_profile_errmsg(r.p));
  else if ((st = st_profile_absorb(dst, r.p, weight)))
    st_profile_set_msg(dst, "%s: out of memory", r.file);
  pgo_profile_free(r.p);
  return st;
}

pgo_status pgo_yaml_read_file(pgo_profile *dst, const char *path,
                              uint64_t weight) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    st_profile_set_msg(dst, "%s: cannot open: %s", path, strerror(errno));
    return PGO_ERR_IO;
  }
  const pgo_allocator *a = st_profile_alloc(dst);
  size_t cap = 1 << 16, n = 0;
  char *buf = st_alloc(a, cap);
  pgo_status st = PGO_OK;
  while (buf) {
    if (n == cap) {
      char *nb = st_realloc(a, buf, cap, cap * 2);
      if (!nb) {
        st_free(a, buf, cap);
        buf = NULL;
        break;
      }
      buf = nb;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0)
      break;
  }
  if (!buf) {
    st_profile_set_msg(dst, "%s: out of memory", path);
    st = PGO_ERR_NOMEM;
  } else if (ferror(f)) {
    st_profile_set_msg(dst, "%s: read error", path);
    st = PGO_ERR_IO;
  }
  fclose(f);
  if (!st)
    st = pgo_yaml_read_mem(dst, buf, n, path, weight);
  st_free(a, buf, cap);
  return st;
}
