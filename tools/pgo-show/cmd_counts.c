/*
 * cmd_counts.c -- `pgo-show counts PROFILE --method M [--hash H]
 *                 [--format text|yaml|json]`
 *
 * Every record of method M (every stored version: same name, other hash or
 * il_size, unless --hash picks one), ordered by IL offset and, at one
 * offset, by record kind (PGO_RECORD_KIND_LIST order): this is the decoded
 * view of the packed blobs of docs/formats.md.  On a store the look-up goes
 * through the (name, hash) index; a YAML profile is read whole.
 * Bad input or an unknown method: one line, exit status 2.
 */
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pgo/store.h"
#include "show.h"
#include "store_view.h"
#include "tool_output.h"

typedef struct row {
  uint32_t offset;
  int kind;
  uint32_t idx; /* index into that kind's array */
} row;

static int row_cmp(const void *x, const void *y) {
  const row *a = x, *b = y;
  if (a->offset != b->offset)
    return a->offset < b->offset ? -1 : 1;
  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;
  return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Shortest of %.15g, %.16g, %.17g that reads back to v (as the YAML
 * writer prints probabilities, docs/formats.md); non-finite as null in
 * JSON and YAML, as nan/inf in text. */
static void print_prob(FILE *o, double v, bool structured) {
  if (!isfinite(v)) {
    fputs(structured ? "null" : (isnan(v) ? "nan" : "inf"), o);
    return;
  }
  char b[40];
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(b, sizeof b, "%.*g", prec, v);
    if (strtod(b, NULL) == v)
      break;
  }
  fputs(b, o);
}

static void print_method(FILE *o, const pgo_method_profile *m, int fmt,
                         bool first) {
  size_t n = (size_t)m->nblocks + m->nedges + m->nsites + m->nannots +
             m->nsamples;
  row *rows = calloc(n ? n : 1, sizeof *rows);
  if (!rows)
    return;
  size_t k = 0;
  for (uint32_t i = 0; i < m->nblocks; i++)
    rows[k++] = (row){m->blocks[i].offset, PGO_REC_BLOCKS, i};
  for (uint32_t i = 0; i < m->nedges; i++)
    rows[k++] = (row){m->edges[i].offset, PGO_REC_EDGES, i};
  for (uint32_t i = 0; i < m->nsites; i++)
    rows[k++] = (row){m->sites[i].offset, PGO_REC_VALUES, i};
  for (uint32_t i = 0; i < m->nannots; i++)
    rows[k++] = (row){m->annots[i].offset, PGO_REC_ANNOTATIONS, i};
  for (uint32_t i = 0; i < m->nsamples; i++)
    rows[k++] = (row){m->samples[i].offset, PGO_REC_SAMPLES, i};
  qsort(rows, n, sizeof *rows, row_cmp);
  bool js = fmt == 2, yaml = fmt == 1;
  if (!js && !yaml) {
    fputs("method ", o);
    pgo_tool_text_name(o, m->key.name);
    fprintf(o, " hash 0x%016" PRIx64 " il_size %" PRIu32 "\n", m->key.hash,
            m->key.il_size);
    if (m->has_entry)
      fprintf(o, "  entry %" PRIu64 "\n", m->entry);
  } else {
    const char *q = js ? "\"" : "";
    fprintf(o, "%s%s{%sname%s: ", js && !first ? ",\n" : "",
            js ? "  " : "- ", q, q);
    pgo_tool_json_str(o, m->key.name);
    fprintf(o, ", %shash%s: \"0x%016" PRIx64 "\", %sil_size%s: %" PRIu32, q,
            q, m->key.hash, q, q, m->key.il_size);
    if (m->has_entry)
      fprintf(o, ", %sentry%s: %" PRIu64, q, q, m->entry);
    fprintf(o, ", %srecords%s: [", q, q);
  }
  for (size_t i = 0; i < n; i++) {
    const row *r = &rows[i];
    const char *kn = pgo_record_kind_name(r->kind);
    if (!js && !yaml) {
      fprintf(o, "  %" PRIu32 " %s", r->offset, kn);
      switch (r->kind) {
      case PGO_REC_BLOCKS:
        fprintf(o, " %" PRIu64, m->blocks[r->idx].count);
        break;
      case PGO_REC_SAMPLES:
        fprintf(o, " %" PRIu64, m->samples[r->idx].count);
        break;
      case PGO_REC_EDGES:
        fprintf(o, " succ %" PRIu32 " %" PRIu64, m->edges[r->idx].succ,
                m->edges[r->idx].count);
        break;
      case PGO_REC_ANNOTATIONS:
        fprintf(o, " succ %" PRIu32 " prob ", m->annots[r->idx].succ);
        print_prob(o, m->annots[r->idx].prob, false);
        fprintf(o, " weight %" PRIu64, m->annots[r->idx].weight);
        break;
      case PGO_REC_VALUES: {
        const pgo_value_site *s = &m->sites[r->idx];
        fprintf(o, " capacity %" PRIu32 " tail %" PRIu64, s->capacity,
                s->tail);
        for (uint32_t v = 0; v < s->npairs; v++) {
          fputc(' ', o);
          pgo_tool_text_name(o, s->pairs[v].value);
          fprintf(o, "=%" PRIu64, s->pairs[v].count);
        }
        break;
      }
      }
      fputc('\n', o);
      continue;
    }
    const char *q = js ? "\"" : "";
    fprintf(o, "%s{%soffset%s: %" PRIu32 ", %skind%s: \"%s\"", i ? ", " : "",
            q, q, r->offset, q, q, kn);
    switch (r->kind) {
    case PGO_REC_BLOCKS:
    case PGO_REC_SAMPLES: {
      const pgo_count_rec *c = r->kind == PGO_REC_BLOCKS
                                   ? &m->blocks[r->idx]
                                   : &m->samples[r->idx];
      fprintf(o, ", %scount%s: %" PRIu64, q, q, c->count);
      break;
    }
    case PGO_REC_EDGES:
      fprintf(o, ", %ssucc%s: %" PRIu32 ", %scount%s: %" PRIu64, q, q,
              m->edges[r->idx].succ, q, q, m->edges[r->idx].count);
      break;
    case PGO_REC_ANNOTATIONS:
      fprintf(o, ", %ssucc%s: %" PRIu32 ", %sprob%s: ", q, q,
              m->annots[r->idx].succ, q, q);
      print_prob(o, m->annots[r->idx].prob, true);
      fprintf(o, ", %sweight%s: %" PRIu64, q, q, m->annots[r->idx].weight);
      break;
    case PGO_REC_VALUES: {
      const pgo_value_site *s = &m->sites[r->idx];
      fprintf(o, ", %scapacity%s: %" PRIu32 ", %stail%s: %" PRIu64
                 ", %stargets%s: [", q, q, s->capacity, q, q, s->tail, q, q);
      for (uint32_t v = 0; v < s->npairs; v++) {
        fprintf(o, "%s[", v ? ", " : "");
        pgo_tool_json_str(o, s->pairs[v].value);
        fprintf(o, ", %" PRIu64 "]", s->pairs[v].count);
      }
      fputc(']', o);
      break;
    }
    }
    fputc('}', o);
  }
  if (js || yaml)
    fprintf(o, "]}%s", yaml ? "\n" : "");
  free(rows);
}

static void usage(FILE *out) {
  fputs("usage: pgo-show counts PROFILE --method NAME [--hash H] "
        "[--format text|yaml|json]\n"
        "\n"
        "Every record of a method by IL offset, then record kind (all stored\n"
        "versions of NAME unless --hash picks one).  PROFILE is a store or a\n"
        "YAML profile.\n"
        "\n"
        "options:\n"
        "  -m, --method NAME    the method (required; its name as stored)\n"
        "  -H, --hash H         only the version with this hash: 1 to 16 hex\n"
        "                       digits, with or without 0x (as `pgo-show cfg`\n"
        "                       and the views print it)\n"
        "  -f, --format F       text (default), yaml or json\n"
        "  -h, --help           this text\n"
        "\n"
        "Exit status: 0 printed, 2 bad input or no such method.\n",
        out);
}

int pgo_show_cmd_counts(int argc, char **argv) {
  static const struct option opts[] = {
      {"method", required_argument, NULL, 'm'},
      {"hash", required_argument, NULL, 'H'},
      {"format", required_argument, NULL, 'f'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  const char *method = NULL, *fmts = "text", *hash_arg = NULL;
  uint64_t hash = 0;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":m:H:f:h", opts, NULL)) != -1) {
    switch (c) {
    case 'm':
      method = optarg;
      break;
    case 'H':
      if (sv_parse_hash("counts", optarg, &hash))
        return PGO_SHOW_BAD_INPUT;
      hash_arg = optarg;
      break;
    case 'f':
      fmts = optarg;
      break;
    case 'h':
      usage(stdout);
      return PGO_SHOW_OK;
    default:
      sv_bad_option("counts", c, argv, optind);
      return PGO_SHOW_BAD_INPUT;
    }
  }
  bool has_hash = hash_arg != NULL;
  int fmt = sv_format("counts", fmts);
  if (fmt < 0)
    return PGO_SHOW_BAD_INPUT;
  if (optind == argc) {
    fputs("pgo-show counts: PROFILE is required (see --help)\n", stderr);
    return PGO_SHOW_BAD_INPUT;
  }
  if (optind + 1 != argc) {
    fprintf(stderr, "pgo-show counts: one PROFILE expected, found extra "
                    "argument '%s' (see --help)\n", argv[optind + 1]);
    return PGO_SHOW_BAD_INPUT;
  }
  if (!method) {
    fputs("pgo-show counts: --method is required (see --help)\n", stderr);
    return PGO_SHOW_BAD_INPUT;
  }
  const char *path = argv[optind];
  bool is_store;
  char msg[600];
  if (pgo_profile_sniff(path, &is_store, msg, sizeof msg)) {
    fprintf(stderr, "pgo-show counts: %s\n", msg);
    return PGO_SHOW_BAD_INPUT;
  }
  /* Collect the versions first, print after: an error prints nothing. */
  pgo_profile *p;
  if (pgo_profile_new(NULL, &p)) {
    fprintf(stderr, "pgo-show counts: out of memory\n");
    return PGO_SHOW_BAD_INPUT;
  }
  int rc = PGO_SHOW_BAD_INPUT;
  pgo_profile *found = NULL;
  if (pgo_profile_new(NULL, &found))
    goto out;
  if (is_store) {
    pgo_store *s = NULL;
    pgo_store_iter *it = NULL;
    pgo_status st = pgo_store_open(path, PGO_STORE_READONLY, NULL, &s);
    if (!st)
      st = pgo_store_iter_new(s, method, &it);
    const pgo_method_profile *m;
    while (!st && !(st = pgo_store_iter_next(it, &m)) && m)
      if (!has_hash || m->key.hash == hash)
        st = pgo_profile_add(found, m, 1);
    if (st)
      fprintf(stderr, "pgo-show counts: %s\n",
              s ? pgo_store_errmsg(s) : "out of memory");
    pgo_store_iter_free(it);
    pgo_store_close(s);
    if (st)
      goto out;
  } else {
    if (pgo_profile_load(p, path, 1)) {
      fprintf(stderr, "pgo-show counts: %s\n", pgo_profile_errmsg(p));
      goto out;
    }
    for (size_t i = 0; i < pgo_profile_nmethods(p); i++) {
      const pgo_method_profile *m = pgo_profile_method(p, i);
      if (!strcmp(m->key.name, method) && (!has_hash || m->key.hash == hash))
        pgo_profile_add(found, m, 1);
    }
  }
  pgo_profile_finish(found);
  if (pgo_profile_nmethods(found) == 0) {
    fprintf(stderr, "pgo-show counts: %s: no method ", path);
    pgo_tool_text_name(stderr, method);
    if (has_hash)
      fprintf(stderr, " with hash 0x%016" PRIx64 " (--hash %s)", hash,
              hash_arg);
    fputc('\n', stderr);
    goto out;
  }
  if (fmt == 2)
    fputs("[\n", stdout);
  for (size_t i = 0; i < pgo_profile_nmethods(found); i++)
    print_method(stdout, pgo_profile_method(found, i), fmt, i == 0);
  if (fmt == 2)
    fputs("\n]\n", stdout);
  rc = PGO_SHOW_OK;
out:
  pgo_profile_free(found);
  pgo_profile_free(p);
  return rc;
}
