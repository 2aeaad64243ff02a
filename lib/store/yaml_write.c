/*
 * yaml_write.c -- the YAML text twin of a profile, emitted with libyaml's
 * event API (docs/formats.md).  Exactness: integers are printed in full
 * (hashes in 16-digit hex), probabilities with the shortest %.{15,16,17}g
 * that strtod reads back to the same double, and every name or value as a
 * double-quoted scalar (so "null", "1e3" or "yes" stay strings).  Methods
 * come in key order and records in canonical order, so store -> YAML ->
 * store -> YAML gives identical text.  Fallback: an emitter or write error
 * returns PGO_ERR_IO with libyaml's reason.
 */
#include <stdlib.h>
#include <yaml.h>

#include "store_internal.h"

typedef struct em {
  yaml_emitter_t e;
  yaml_event_t ev;
  bool ok;
} em;

static void emit(em *m) {
  if (m->ok && !yaml_emitter_emit(&m->e, &m->ev))
    m->ok = false;
}

static void scalar(em *m, const char *s, bool quoted) {
  if (!m->ok)
    return;
  yaml_scalar_event_initialize(&m->ev, NULL, NULL, (yaml_char_t *)s,
                               (int)strlen(s), !quoted, quoted,
                               quoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
                                      : YAML_PLAIN_SCALAR_STYLE);
  emit(m);
}

static void u64(em *m, uint64_t v) {
  char b[32];
  snprintf(b, sizeof b, "%llu", (unsigned long long)v);
  scalar(m, b, false);
}

static void i64(em *m, int64_t v) {
  char b[32];
  snprintf(b, sizeof b, "%lld", (long long)v);
  scalar(m, b, false);
}

static void dbl(em *m, double v) {
  char b[40];
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(b, sizeof b, "%.*g", prec, v);
    if (strtod(b, NULL) == v)
      break;
  }
  scalar(m, b, false);
}

static void seq(em *m, bool flow) {
  if (!m->ok)
    return;
  yaml_sequence_start_event_initialize(
      &m->ev, NULL, NULL, 1,
      flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
  emit(m);
}

static void seq_end(em *m) {
  if (!m->ok)
    return;
  yaml_sequence_end_event_initialize(&m->ev);
  emit(m);
}

static void map(em *m) {
  if (!m->ok)
    return;
  yaml_mapping_start_event_initialize(&m->ev, NULL, NULL, 1,
                                      YAML_BLOCK_MAPPING_STYLE);
  emit(m);
}

static void map_end(em *m) {
  if (!m->ok)
    return;
  yaml_mapping_end_event_initialize(&m->ev);
  emit(m);
}

static void key(em *m, const char *k) { scalar(m, k, false); }

static void counts(em *m, const char *k, const pgo_count_rec *r, uint32_t n) {
  if (!n)
    return;
  key(m, k);
  seq(m, true);
  for (uint32_t i = 0; i < n; i++) {
    seq(m, true);
    u64(m, r[i].offset);
    u64(m, r[i].count);
    seq_end(m);
  }
  seq_end(m);
}

static void method(em *m, const pgo_method_profile *p) {
  map(m);
  key(m, "name");
  scalar(m, p->key.name, true);
  key(m, "hash");
  char h[24];
  snprintf(h, sizeof h, "0x%016llx", (unsigned long long)p->key.hash);
  scalar(m, h, false);
  key(m, "il_size");
  u64(m, p->key.il_size);
  if (p->has_entry) {
    key(m, pgo_record_kind_name(PGO_REC_ENTRY));
    u64(m, p->entry);
  }
  counts(m, pgo_record_kind_name(PGO_REC_BLOCKS), p->blocks, p->nblocks);
  if (p->nedges) {
    key(m, pgo_record_kind_name(PGO_REC_EDGES));
    seq(m, true);
    for (uint32_t i = 0; i < p->nedges; i++) {
      seq(m, true);
      u64(m, p->edges[i].offset);
      u64(m, p->edges[i].succ);
      u64(m, p->edges[i].count);
      seq_end(m);
    }
    seq_end(m);
  }
  if (p->nsites) {
    key(m, pgo_record_kind_name(PGO_REC_VALUES));
    seq(m, false);
    for (uint32_t i = 0; i < p->nsites; i++) {
      const pgo_value_site *s = &p->sites[i];
      map(m);
      key(m, "offset");
      u64(m, s->offset);
      key(m, "capacity");
      u64(m, s->capacity);
      key(m, "tail");
      u64(m, s->tail);
      key(m, "targets");
      seq(m, true);
      for (uint32_t k = 0; k < s->npairs; k++) {
        seq(m, true);
        scalar(m, s->pairs[k].value, true);
        u64(m, s->pairs[k].count);
        seq_end(m);
      }
      seq_end(m);
      map_end(m);
    }
    seq_end(m);
  }
  if (p->nannots) {
    key(m, pgo_record_kind_name(PGO_REC_ANNOTATIONS));
    seq(m, true);
    for (uint32_t i = 0; i < p->nannots; i++) {
      seq(m, true);
      u64(m, p->annots[i].offset);
      u64(m, p->annots[i].succ);
      dbl(m, p->annots[i].prob);
      u64(m, p->annots[i].weight);
      seq_end(m);
    }
    seq_end(m);
  }
  counts(m, pgo_record_kind_name(PGO_REC_SAMPLES), p->samples, p->nsamples);
  map_end(m);
}

static int write_handler(void *data, unsigned char *buffer, size_t size) {
  return fwrite(buffer, 1, size, (FILE *)data) == size;
}

pgo_status pgo_yaml_write(pgo_profile *p, FILE *out) {
  pgo_status st = pgo_profile_finish(p);
  if (st)
    return st;
  em m = {.ok = true};
  if (!yaml_emitter_initialize(&m.e)) {
    pgo__st_profile_set_msg(p, "cannot initialize the YAML emitter");
    return PGO_ERR_NOMEM;
  }
  yaml_emitter_set_output(&m.e, write_handler, out);
  yaml_emitter_set_width(&m.e, -1);
  yaml_emitter_set_unicode(&m.e, 1);
  yaml_stream_start_event_initialize(&m.ev, YAML_UTF8_ENCODING);
  emit(&m);
  if (m.ok) {
    yaml_document_start_event_initialize(&m.ev, NULL, NULL, NULL, 1);
    emit(&m);
  }
  map(&m);
  key(&m, "pgo-profile");
  u64(&m, PGO_YAML_VERSION);
  key(&m, "runs");
  seq(&m, false);
  for (size_t i = 0; i < pgo_profile_nruns(p); i++) {
    const pgo_run *r = pgo_profile_run(p, i);
    map(&m);
    key(&m, "source");
    scalar(&m, pgo_source_name(r->source), false);
    key(&m, "weight");
    u64(&m, r->weight);
    key(&m, "time");
    i64(&m, r->time);
    key(&m, "program");
    scalar(&m, r->program, true);
    key(&m, "tool");
    scalar(&m, r->tool, true);
    map_end(&m);
  }
  seq_end(&m);
  key(&m, "methods");
  seq(&m, false);
  for (size_t i = 0; i < pgo_profile_nmethods(p); i++)
    method(&m, pgo_profile_method(p, i));
  seq_end(&m);
  map_end(&m);
  if (m.ok) {
    yaml_document_end_event_initialize(&m.ev, 1);
    emit(&m);
  }
  if (m.ok) {
    yaml_stream_end_event_initialize(&m.ev);
    emit(&m);
  }
  if (m.ok && !yaml_emitter_flush(&m.e))
    m.ok = false;
  if (!m.ok) {
    pgo__st_profile_set_msg(p, "cannot write YAML: %s",
                       m.e.problem ? m.e.problem : "write error");
    st = PGO_ERR_IO;
  } else if (fflush(out) || ferror(out)) {
    pgo__st_profile_set_msg(p, "cannot write YAML: write error");
    st = PGO_ERR_IO;
  }
  yaml_emitter_delete(&m.e);
  return st;
}
