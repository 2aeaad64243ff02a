/*
 * yaml_read.c -- reader of the YAML text twin (docs/formats.md): the
 * grammar, a recursive-descent walk over libyaml parser events (never
 * hand-parsed text; the event cursor and scalar typing are yaml_scan.c).
 * Grammar: a mapping {pgo-profile: 1, runs: [run...], methods:
 * [method...]}; a method has name, hash, il_size and one key per
 * record kind (PGO_RECORD_KIND_LIST).  Integers are plain decimal or 0x-hex
 * scalars; negatives, overflow, quoted numbers, aliases, duplicate keys and
 * unknown keys are errors.  Every error reads "FILE:LINE:COLUMN: MESSAGE"
 * (1-based): "expected WHAT, found WHAT" for types, keys and syntax, and
 * "method NAME: WHAT" for range checks inside a method (offset < il_size,
 * probabilities, capacities...), which point at the offending entry and
 * are reported at the method's end, once its name is known.  The whole file is
 * parsed into a private profile first, so a failure leaves dst unchanged.
 * Fallback: a file that looks like LLVM IR or bitcode is reported as
 * "FILE: not a pgo profile (looks like LLVM IR)" before any parsing.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>

#include "yaml_rd.h"

/* A range error found inside a method before its name may be known (keys
 * come in any order): the first one is kept, with its position, and
 * reported by method_finish as "method NAME: ..." like the other range
 * errors. */
typedef struct deferred {
  bool set;
  mark at;
  char msg[160];
} deferred;

static void defer(deferred *d, mark at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void defer(deferred *d, mark at, const char *fmt, ...) {
  if (d->set)
    return;
  d->set = true;
  d->at = at;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(d->msg, sizeof d->msg, fmt, ap);
  va_end(ap);
}

/* Read a flow/ block sequence of tuples of `arity` items; fills fields via
 * the callback-free switch below.  kind selects the layout. */
static bool tuples(rd *r, int kind, vec *v, deferred *d) {
  const char *what = pgo_record_kind_name(kind);
  if (!pgo__yr_expect(r, YAML_SEQUENCE_START_EVENT, "a sequence of entries"))
    return false;
  for (;;) {
    if (!pgo__yr_next(r))
      return false;
    if (r->ev.type == YAML_SEQUENCE_END_EVENT)
      return true;
    if (r->ev.type != YAML_SEQUENCE_START_EVENT) {
      pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE, "expected a %s entry [%s], found %s",
              what,
              kind == PGO_REC_EDGES         ? "offset, successor, count"
              : kind == PGO_REC_ANNOTATIONS ? "offset, successor, prob, weight"
                                            : "offset, count",
              pgo__yr_ev_name(&r->ev));
      return false;
    }
    mark m = pgo__yr_here(r);
    uint64_t off, succ = 0, cnt = 0, w = 0;
    double prob = 0;
    if (!pgo__yr_uint(r, UINT32_MAX, "an offset", &off))
      return false;
    if (kind == PGO_REC_EDGES || kind == PGO_REC_ANNOTATIONS)
      if (!pgo__yr_uint(r, UINT32_MAX, "a successor index", &succ))
        return false;
    if (kind == PGO_REC_ANNOTATIONS) {
      if (!pgo__yr_prob(r, &prob))
        return false;
      if (!(prob >= 0 && prob <= 1))
        defer(d, pgo__yr_here(r), "probability %.17g not in [0, 1]", prob);
      if (!pgo__yr_uint(r, UINT64_MAX, "a weight", &w))
        return false;
    } else if (!pgo__yr_uint(r, UINT64_MAX, "a count", &cnt)) {
      return false;
    }
    if (!pgo__yr_expect(r, YAML_SEQUENCE_END_EVENT, "the end of the entry"))
      return false;
    if (kind == PGO_REC_EDGES) {
      pgo_edge_rec *e = pgo__yr_vpush(r, v, sizeof *e, m);
      if (!e)
        return false;
      *e = (pgo_edge_rec){(uint32_t)off, (uint32_t)succ, cnt};
    } else if (kind == PGO_REC_ANNOTATIONS) {
      pgo_annot_rec *e = pgo__yr_vpush(r, v, sizeof *e, m);
      if (!e)
        return false;
      *e = (pgo_annot_rec){(uint32_t)off, (uint32_t)succ, prob, w};
    } else {
      pgo_count_rec *e = pgo__yr_vpush(r, v, sizeof *e, m);
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
  deferred err;
} mbuild;

static void mb_free(rd *r, mbuild *b) {
  pgo__st_strfree(r->a, b->name);
  for (uint32_t i = 0; i < b->pairs.n; i++)
    pgo__st_strfree(r->a, (char *)((pgo_value_pair *)b->pairs.p)[i].value);
  pgo__yr_vfree(r, &b->blocks, sizeof(pgo_count_rec));
  pgo__yr_vfree(r, &b->samples, sizeof(pgo_count_rec));
  pgo__yr_vfree(r, &b->edges, sizeof(pgo_edge_rec));
  pgo__yr_vfree(r, &b->annots, sizeof(pgo_annot_rec));
  pgo__yr_vfree(r, &b->sites, sizeof(pgo_value_site));
  pgo__yr_vfree(r, &b->pairs, sizeof(pgo_value_pair));
  pgo__yr_vfree(r, &b->site_first, sizeof(uint32_t));
}

static bool site(rd *r, mbuild *b) {
  mark m = pgo__yr_here(r);
  bool has_off = false, has_cap = false, has_tail = false, has_t = false;
  uint64_t off = 0, cap = 0, tail = 0;
  uint32_t first = b->pairs.n;
  for (;;) {
    if (!pgo__yr_next(r))
      return false;
    if (r->ev.type == YAML_MAPPING_END_EVENT)
      break;
    if (r->ev.type != YAML_SCALAR_EVENT) {
      pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE, "expected a value-site key, found %s",
              pgo__yr_ev_name(&r->ev));
      return false;
    }
    const char *k = pgo__yr_sval(r);
    mark km = pgo__yr_here(r);
    bool *seen = !strcmp(k, "offset")     ? &has_off
                 : !strcmp(k, "capacity") ? &has_cap
                 : !strcmp(k, "tail")     ? &has_tail
                 : !strcmp(k, "targets")  ? &has_t
                                          : NULL;
    if (!seen) {
      pgo__yr_fail(r, km, PGO_ERR_PARSE,
              "expected offset, capacity, tail or targets, found '%.40s'", k);
      return false;
    }
    if (*seen) {
      pgo__yr_fail(r, km, PGO_ERR_PARSE, "duplicate key '%.40s'", k);
      return false;
    }
    *seen = true;
    if (seen == &has_off) {
      if (!pgo__yr_uint(r, UINT32_MAX, "an offset", &off))
        return false;
    } else if (seen == &has_cap) {
      if (!pgo__yr_uint(r, UINT64_MAX, "a capacity", &cap))
        return false;
      if (cap == 0 || cap > PGO_STORE_MAX_CAPACITY) {
        defer(&b->err, pgo__yr_here(r), cap ? "value site capacity %llu out of "
              "range (max %u)" : "value site capacity %llu (must be >= 1)",
              (unsigned long long)cap, (unsigned)PGO_STORE_MAX_CAPACITY);
        cap = PGO_STORE_MAX_CAPACITY; /* reported at the method's end */
      }
    } else if (seen == &has_tail) {
      if (!pgo__yr_uint(r, UINT64_MAX, "a tail count", &tail))
        return false;
    } else {
      if (!pgo__yr_expect(r, YAML_SEQUENCE_START_EVENT, "a sequence of [value, count]"))
        return false;
      for (;;) {
        if (!pgo__yr_next(r))
          return false;
        if (r->ev.type == YAML_SEQUENCE_END_EVENT)
          break;
        if (r->ev.type != YAML_SEQUENCE_START_EVENT) {
          pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE,
                  "expected a target [value, count], found %s",
                  pgo__yr_ev_name(&r->ev));
          return false;
        }
        mark pm = pgo__yr_here(r);
        char *val;
        uint64_t cnt;
        if (!pgo__yr_str(r, "a value", PGO_STORE_MAX_VALUE_LEN, &val))
          return false;
        if (!*val) {
          pgo__st_strfree(r->a, val);
          pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_RANGE, "empty value name");
          return false;
        }
        pgo_value_pair *pp = pgo__yr_vpush(r, &b->pairs, sizeof *pp, pm);
        if (!pp) {
          pgo__st_strfree(r->a, val);
          return false;
        }
        pp->value = val;
        pp->count = 0;
        if (!pgo__yr_uint(r, UINT64_MAX, "a count", &cnt))
          return false;
        pp->count = cnt;
        if (!pgo__yr_expect(r, YAML_SEQUENCE_END_EVENT, "the end of the target"))
          return false;
      }
    }
  }
  if (!has_off || !has_cap) {
    pgo__yr_fail(r, m, PGO_ERR_PARSE, "expected offset and capacity in a value site");
    return false;
  }
  if (b->pairs.n - first > cap)
    defer(&b->err, m, "value site at offset %llu: %u targets exceed capacity "
          "%llu", (unsigned long long)off, b->pairs.n - first,
          (unsigned long long)cap);
  pgo_value_site *s = pgo__yr_vpush(r, &b->sites, sizeof *s, m);
  uint32_t *f = s ? pgo__yr_vpush(r, &b->site_first, sizeof *f, m) : NULL;
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
    pgo__yr_fail(r, m, PGO_ERR_PARSE, "expected name, hash and il_size in a method");
    return false;
  }
  uint32_t il = (uint32_t)b->il;
  const char *nm = b->name;
  if (b->err.set) {
    pgo__yr_fail(r, b->err.at, PGO_ERR_RANGE, "method %s: %s", nm, b->err.msg);
    return false;
  }
#define CHK(vecn, T, cond, ...)                                               \
  for (uint32_t i = 0; i < b->vecn.n; i++) {                                  \
    const T *e = (const T *)b->vecn.p + i;                                    \
    if (!(cond)) {                                                            \
      pgo__yr_fail(r, b->vecn.marks[i], PGO_ERR_RANGE, __VA_ARGS__);               \
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
    pgo__yr_fail(r, m, st, "%s", msg);
    return false;
  }
  return true;
}

static bool method(rd *r) {
  mark m = pgo__yr_here(r);
  mbuild b;
  memset(&b, 0, sizeof b);
  bool ok = false;
  unsigned kinds_seen = 0;
  for (;;) {
    if (!pgo__yr_next(r))
      goto out;
    if (r->ev.type == YAML_MAPPING_END_EVENT)
      break;
    if (r->ev.type != YAML_SCALAR_EVENT) {
      pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE, "expected a method key, found %s",
              pgo__yr_ev_name(&r->ev));
      goto out;
    }
    mark km = pgo__yr_here(r);
    char k[64];
    snprintf(k, sizeof k, "%s", pgo__yr_sval(r));
    if (!strcmp(k, "name")) {
      if (b.has_name) {
        pgo__yr_fail(r, km, PGO_ERR_PARSE, "duplicate key 'name'");
        goto out;
      }
      if (!pgo__yr_str(r, "a method name", PGO_STORE_MAX_NAME_LEN, &b.name))
        goto out;
      b.has_name = true;
      if (!*b.name) {
        pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_RANGE, "empty method name");
        goto out;
      }
      continue;
    }
    if (!strcmp(k, "hash") || !strcmp(k, "il_size")) {
      bool h = k[0] == 'h';
      if (h ? b.has_hash : b.has_il) {
        pgo__yr_fail(r, km, PGO_ERR_PARSE, "duplicate key '%s'", k);
        goto out;
      }
      if (!pgo__yr_uint(r, h ? UINT64_MAX : UINT32_MAX, h ? "a hash" : "il_size",
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
      pgo__yr_fail(r, km, PGO_ERR_PARSE,
              "expected name, hash, il_size or a record kind (entry, blocks, "
              "edges, values, annotations, samples), found unknown key "
              "'%.40s'", k);
      goto out;
    }
    if (kinds_seen & (1u << kind)) {
      pgo__yr_fail(r, km, PGO_ERR_PARSE, "duplicate key '%s'", k);
      goto out;
    }
    kinds_seen |= 1u << kind;
    switch (kind) {
    case PGO_REC_ENTRY:
      if (!pgo__yr_uint(r, UINT64_MAX, "an entry count", &b.entry))
        goto out;
      b.has_entry = true;
      break;
    case PGO_REC_BLOCKS:
      if (!tuples(r, kind, &b.blocks, &b.err))
        goto out;
      break;
    case PGO_REC_SAMPLES:
      if (!tuples(r, kind, &b.samples, &b.err))
        goto out;
      break;
    case PGO_REC_EDGES:
      if (!tuples(r, kind, &b.edges, &b.err))
        goto out;
      break;
    case PGO_REC_ANNOTATIONS:
      if (!tuples(r, kind, &b.annots, &b.err))
        goto out;
      break;
    case PGO_REC_VALUES:
      if (!pgo__yr_expect(r, YAML_SEQUENCE_START_EVENT, "a sequence of value sites"))
        goto out;
      for (;;) {
        if (!pgo__yr_next(r))
          goto out;
        if (r->ev.type == YAML_SEQUENCE_END_EVENT)
          break;
        if (r->ev.type != YAML_MAPPING_START_EVENT) {
          pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE,
                  "expected a value site (a mapping), found %s",
                  pgo__yr_ev_name(&r->ev));
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
  mark m = pgo__yr_here(r);
  pgo_run run = {.source = 0, .weight = 1};
  char *prog = NULL, *tool = NULL;
  bool has_src = false, ok = false;
  unsigned seen = 0;
  for (;;) {
    if (!pgo__yr_next(r))
      goto out;
    if (r->ev.type == YAML_MAPPING_END_EVENT)
      break;
    if (r->ev.type != YAML_SCALAR_EVENT) {
      pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE, "expected a run key, found %s",
              pgo__yr_ev_name(&r->ev));
      goto out;
    }
    static const char *const keys[] = {"source", "weight", "time", "program",
                                       "tool"};
    unsigned k = 0;
    while (k < 5 && strcmp(pgo__yr_sval(r), keys[k]))
      k++;
    if (k == 5) {
      pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE,
              "expected source, weight, time, program or tool, found '%.40s'",
              pgo__yr_sval(r));
      goto out;
    }
    if (seen & (1u << k)) {
      pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE, "duplicate key '%s'", keys[k]);
      goto out;
    }
    seen |= 1u << k;
    if (k == 0) {
      if (!pgo__yr_expect(r, YAML_SCALAR_EVENT, "a source name"))
        goto out;
      int src = 0;
#define ST_X(name, id, text)                                                  \
  if (!strcmp(pgo__yr_sval(r), text))                                                 \
    src = id;
      PGO_SOURCE_LIST(ST_X)
#undef ST_X
      if (!src) {
        pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE,
                "expected instrumented, sampled or annotated, found '%.40s'",
                pgo__yr_sval(r));
        goto out;
      }
      run.source = (pgo_source)src;
      has_src = true;
    } else if (k == 1) {
      if (!pgo__yr_uint(r, INT64_MAX, "a weight", &run.weight))
        goto out;
      if (run.weight == 0) {
        pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_RANGE, "run weight 0 (must be >= 1)");
        goto out;
      }
    } else if (k == 2) {
      if (!pgo__yr_int64(r, "a time", &run.time))
        goto out;
    } else if (!pgo__yr_str(r, keys[k], 4096, k == 3 ? &prog : &tool)) {
      goto out;
    }
  }
  if (!has_src) {
    pgo__yr_fail(r, m, PGO_ERR_PARSE, "expected a source in a run");
    goto out;
  }
  run.program = prog ? prog : "";
  run.tool = tool ? tool : "";
  if (pgo_profile_add_run(r->p, &run, 1)) {
    pgo__yr_fail(r, m, PGO_ERR_NOMEM, "out of memory");
    goto out;
  }
  ok = true;
out:
  pgo__st_strfree(r->a, prog);
  pgo__st_strfree(r->a, tool);
  return ok;
}

static bool seq_of_maps(rd *r, bool (*item)(rd *), const char *what) {
  if (!pgo__yr_expect(r, YAML_SEQUENCE_START_EVENT, what))
    return false;
  for (;;) {
    if (!pgo__yr_next(r))
      return false;
    if (r->ev.type == YAML_SEQUENCE_END_EVENT)
      return true;
    if (r->ev.type != YAML_MAPPING_START_EVENT) {
      pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE, "expected a mapping in %s, found %s",
              what, pgo__yr_ev_name(&r->ev));
      return false;
    }
    if (!item(r))
      return false;
  }
}

static bool document(rd *r) {
  if (!pgo__yr_expect(r, YAML_STREAM_START_EVENT, "a YAML stream") ||
      !pgo__yr_expect(r, YAML_DOCUMENT_START_EVENT, "a pgo-profile document") ||
      !pgo__yr_expect(r, YAML_MAPPING_START_EVENT, "a mapping with pgo-profile"))
    return false;
  bool ver = false, runs = false, methods = false;
  for (;;) {
    if (!pgo__yr_next(r))
      return false;
    if (r->ev.type == YAML_MAPPING_END_EVENT)
      break;
    if (r->ev.type != YAML_SCALAR_EVENT) {
      pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE, "expected a top-level key, found %s",
              pgo__yr_ev_name(&r->ev));
      return false;
    }
    mark km = pgo__yr_here(r);
    if (!strcmp(pgo__yr_sval(r), "pgo-profile") && !ver) {
      uint64_t v;
      if (!pgo__yr_uint(r, UINT32_MAX, "a format version", &v))
        return false;
      if (v != PGO_YAML_VERSION) {
        pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_SCHEMA,
                "expected pgo-profile version %d, found %llu",
                PGO_YAML_VERSION, (unsigned long long)v);
        return false;
      }
      ver = true;
    } else if (!strcmp(pgo__yr_sval(r), "runs") && !runs) {
      if (!seq_of_maps(r, run, "runs"))
        return false;
      runs = true;
    } else if (!strcmp(pgo__yr_sval(r), "methods") && !methods) {
      if (!seq_of_maps(r, method, "methods"))
        return false;
      methods = true;
    } else {
      pgo__yr_fail(r, km, PGO_ERR_PARSE,
              "expected pgo-profile, runs or methods (once each), found "
              "'%.40s'", pgo__yr_sval(r));
      return false;
    }
  }
  if (!ver) {
    pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE,
            "expected a 'pgo-profile: %d' key in the document",
            PGO_YAML_VERSION);
    return false;
  }
  if (!pgo__yr_expect(r, YAML_DOCUMENT_END_EVENT, "the end of the document"))
    return false;
  if (!pgo__yr_next(r))
    return false;
  if (r->ev.type != YAML_STREAM_END_EVENT) {
    pgo__yr_fail(r, pgo__yr_here(r), PGO_ERR_PARSE,
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
  r.data = data;
  r.len = len;
  r.a = pgo__st_profile_alloc(dst);
  pgo_status st = pgo_profile_new(r.a, &r.p);
  if (st)
    return st;
  pgo_profile_defer_fold(r.p, pgo__st_profile_defers(dst));
  if (!yaml_parser_initialize(&r.yp)) {
    pgo_profile_free(r.p);
    pgo__st_profile_set_msg(dst, "%s: cannot initialize the YAML parser", r.file);
    return PGO_ERR_NOMEM;
  }
  yaml_parser_set_input_string(&r.yp, data, len);
  document(&r);
  if (r.have)
    yaml_event_delete(&r.ev);
  yaml_parser_delete(&r.yp);
  st = r.st;
  if (st)
    pgo__st_profile_set_msg(dst, "%s", pgo_profile_errmsg(r.p));
  else if ((st = pgo__st_profile_absorb(dst, r.p, weight)))
    pgo__st_profile_set_msg(dst, "%s: out of memory", r.file);
  pgo_profile_free(r.p);
  return st;
}

/* What a file that cannot be a YAML profile looks like, so the error
 * names it instead of quoting the YAML parser about its first line: LLVM
 * bitcode (raw or wrapped magic) or textual IR (a first line that is a
 * ';' comment or a module-level keyword -- none of which can start a
 * profile, a mapping).  NULL when it may be YAML. */
static const char *looks_like(const char *b, size_t n) {
  static const char *const ir_starts[] = {
      "source_filename", "target datalayout", "target triple", "define ",
      "declare ", "@"};
  if (n >= 4 && (!memcmp(b, "BC\xC0\xDE", 4) || !memcmp(b, "\xDE\xC0\x17\x0B", 4)))
    return "LLVM bitcode";
  size_t i = 0;
  while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
    i++;
  if (i < n && b[i] == ';')
    return "LLVM IR";
  for (size_t k = 0; k < sizeof ir_starts / sizeof ir_starts[0]; k++) {
    size_t l = strlen(ir_starts[k]);
    if (n - i >= l && !memcmp(b + i, ir_starts[k], l))
      return "LLVM IR";
  }
  return NULL;
}

pgo_status pgo_yaml_read_file(pgo_profile *dst, const char *path,
                              uint64_t weight) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    pgo__st_profile_set_msg(dst, "%s: cannot open: %s", path, strerror(errno));
    return PGO_ERR_IO;
  }
  const pgo_allocator *a = pgo__st_profile_alloc(dst);
  size_t cap = 1 << 16, n = 0;
  char *buf = pgo__st_alloc(a, cap);
  pgo_status st = PGO_OK;
  while (buf) {
    if (n == cap) {
      char *nb = pgo__st_realloc(a, buf, cap, cap * 2);
      if (!nb) {
        pgo__st_free(a, buf, cap);
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
    pgo__st_profile_set_msg(dst, "%s: out of memory", path);
    st = PGO_ERR_NOMEM;
  } else if (ferror(f)) {
    pgo__st_profile_set_msg(dst, "%s: read error", path);
    st = PGO_ERR_IO;
  }
  fclose(f);
  const char *what = st ? NULL : looks_like(buf, n);
  if (what) {
    pgo__st_profile_set_msg(dst, "%s: not a pgo profile (looks like %s)", path,
                       what);
    st = PGO_ERR_PARSE;
  }
  if (!st)
    st = pgo_yaml_read_mem(dst, buf, n, path, weight);
  pgo__st_free(a, buf, cap);
  return st;
}
