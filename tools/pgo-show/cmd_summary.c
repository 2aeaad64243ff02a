/*
 * cmd_summary.c -- `pgo-show summary PROFILE [--top N] [--format FMT]`
 *
 * For a store or YAML profile (chosen by content): runs, methods, record
 * counts per kind, total counts (entry, block, edge, sample), and the
 * hottest N methods with their share.  A method's heat is the sum of its
 * block counts plus its sample counts (dynamic work), its share that heat
 * over the profile's total; ties are broken by key so output is stable.
 * Formats: text (default), yaml, json (docs/store.md, "pgo-show").
 * Bad input: one line naming the file, exit status 2, nothing on stdout.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "pgo/store.h"
#include "show.h"
#include "store_view.h"
#include "tool_output.h"

typedef struct hot {
  const pgo_method_profile *m;
  long double heat;
} hot;

static long double method_heat(const pgo_method_profile *m) {
  long double h = 0;
  for (uint32_t i = 0; i < m->nblocks; i++)
    h += (long double)m->blocks[i].count;
  for (uint32_t i = 0; i < m->nsamples; i++)
    h += (long double)m->samples[i].count;
  return h;
}

static int hot_cmp(const void *x, const void *y) {
  const hot *a = x, *b = y;
  if (a->heat != b->heat)
    return a->heat > b->heat ? -1 : 1;
  int c = strcmp(a->m->key.name, b->m->key.name);
  if (c)
    return c;
  return a->m->key.hash < b->m->key.hash   ? -1
         : a->m->key.hash > b->m->key.hash ? 1
                                           : 0;
}

static void usage(FILE *out) {
  fputs("usage: pgo-show summary PROFILE [--top N] [--format text|yaml|json]\n"
        "\n"
        "Methods, total counts and the hottest N methods (default 10) of a\n"
        "profile store or YAML profile, with each one's share of all block\n"
        "and sample counts.\n"
        "\n"
        "options:\n"
        "  -n, --top N          how many hottest methods to list, an integer\n"
        "                       >= 0 (default 10; 0 lists none)\n"
        "  -f, --format F       text (default), yaml or json\n"
        "  -h, --help           this text\n"
        "\n"
        "Exit status: 0 printed, 2 bad input.\n",
        out);
}

int pgo_show_cmd_summary(int argc, char **argv) {
  static const struct option opts[] = {{"top", required_argument, NULL, 't'},
                                       {"format", required_argument, NULL, 'f'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  long top = 10;
  const char *fmt = "text";
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":n:f:h", opts, NULL)) != -1) {
    switch (c) {
    case 't':
    case 'n': {
      char *end;
      top = strtol(optarg, &end, 10);
      if (*end || end == optarg || top < 0) {
        fprintf(stderr, "pgo-show summary: --top: expected a count, found "
                        "'%s'\n", optarg);
        return PGO_SHOW_BAD_INPUT;
      }
      break;
    }
    case 'f':
      fmt = optarg;
      break;
    case 'h':
      usage(stdout);
      return PGO_SHOW_OK;
    default:
      sv_bad_option("summary", c, argv, optind);
      return PGO_SHOW_BAD_INPUT;
    }
  }
  if (sv_format("summary", fmt) < 0)
    return PGO_SHOW_BAD_INPUT;
  if (optind == argc) {
    fputs("pgo-show summary: PROFILE is required (see --help)\n", stderr);
    return PGO_SHOW_BAD_INPUT;
  }
  if (optind + 1 != argc) {
    fprintf(stderr, "pgo-show summary: one PROFILE expected, found extra "
                    "argument '%s' (see --help)\n", argv[optind + 1]);
    return PGO_SHOW_BAD_INPUT;
  }
  const char *path = argv[optind];
  pgo_profile *p;
  if (pgo_profile_new(NULL, &p)) {
    fprintf(stderr, "pgo-show summary: out of memory\n");
    return PGO_SHOW_BAD_INPUT;
  }
  if (pgo_profile_load(p, path, 1) || pgo_profile_finish(p)) {
    fprintf(stderr, "pgo-show summary: %s\n", pgo_profile_errmsg(p));
    pgo_profile_free(p);
    return PGO_SHOW_BAD_INPUT;
  }
  size_t n = pgo_profile_nmethods(p);
  hot *h = calloc(n ? n : 1, sizeof *h);
  if (!h) {
    fprintf(stderr, "pgo-show summary: out of memory\n");
    pgo_profile_free(p);
    return PGO_SHOW_BAD_INPUT;
  }
  /* totals in long double: exact below 2^64 per term, never wraps */
  long double tot_entry = 0, tot_blocks = 0, tot_edges = 0, tot_samples = 0,
              heat = 0;
  uint64_t nrec[7] = {0};
  for (size_t i = 0; i < n; i++) {
    const pgo_method_profile *m = pgo_profile_method(p, i);
    h[i].m = m;
    h[i].heat = method_heat(m);
    heat += h[i].heat;
    if (m->has_entry) {
      tot_entry += (long double)m->entry;
      nrec[PGO_REC_ENTRY]++;
    }
    for (uint32_t k = 0; k < m->nblocks; k++)
      tot_blocks += (long double)m->blocks[k].count;
    for (uint32_t k = 0; k < m->nedges; k++)
      tot_edges += (long double)m->edges[k].count;
    for (uint32_t k = 0; k < m->nsamples; k++)
      tot_samples += (long double)m->samples[k].count;
    nrec[PGO_REC_BLOCKS] += m->nblocks;
    nrec[PGO_REC_EDGES] += m->nedges;
    nrec[PGO_REC_VALUES] += m->nsites;
    nrec[PGO_REC_ANNOTATIONS] += m->nannots;
    nrec[PGO_REC_SAMPLES] += m->nsamples;
  }
  qsort(h, n, sizeof *h, hot_cmp);
  size_t ntop = (size_t)top < n ? (size_t)top : n;
  FILE *o = stdout;
  if (!strcmp(fmt, "text")) {
    fprintf(o, "profile %s\n", path);
    fprintf(o, "runs %zu\nmethods %zu\n", pgo_profile_nruns(p), n);
    fprintf(o, "records");
    for (int k = 1; k <= 6; k++)
      fprintf(o, " %s %" PRIu64, pgo_record_kind_name(k), nrec[k]);
    fprintf(o, "\ntotal entry %.0Lf blocks %.0Lf edges %.0Lf samples %.0Lf\n",
            tot_entry, tot_blocks, tot_edges, tot_samples);
    fprintf(o, "hottest %zu (share of block + sample counts):\n", ntop);
    for (size_t i = 0; i < ntop; i++) {
      fprintf(o, "  %6.2Lf%%  %.0Lf  ",
              heat > 0 ? 100 * h[i].heat / heat : 0.0L, h[i].heat);
      pgo_tool_text_name(o, h[i].m->key.name);
      fprintf(o, " hash 0x%016" PRIx64 " il_size %" PRIu32 "\n",
              h[i].m->key.hash, h[i].m->key.il_size);
    }
  } else {
    bool js = !strcmp(fmt, "json");
    const char *q = js ? "\"" : "";
    fprintf(o, js ? "{\n" : "");
    fprintf(o, "  %sprofile%s: ", q, q);
    pgo_tool_json_str(o, path);
    fprintf(o, "%s\n  %sruns%s: %zu%s\n  %smethods%s: %zu%s\n", js ? "," : "",
            q, q, pgo_profile_nruns(p), js ? "," : "", q, q, n, js ? "," : "");
    fprintf(o, "  %srecords%s: {", q, q);
    for (int k = 1; k <= 6; k++)
      fprintf(o, "%s%s%s%s: %" PRIu64, k > 1 ? ", " : "", q,
              pgo_record_kind_name(k), q, nrec[k]);
    fprintf(o, "}%s\n", js ? "," : "");
    fprintf(o,
            "  %stotals%s: {%sentry%s: %.0Lf, %sblocks%s: %.0Lf, "
            "%sedges%s: %.0Lf, %ssamples%s: %.0Lf}%s\n",
            q, q, q, q, tot_entry, q, q, tot_blocks, q, q, tot_edges, q, q,
            tot_samples, js ? "," : "");
    fprintf(o, "  %shottest%s:%s\n", q, q, js ? " [" : "");
    for (size_t i = 0; i < ntop; i++) {
      fprintf(o, "    %s{%sname%s: ", js ? "" : "- ", q, q);
      pgo_tool_json_str(o, h[i].m->key.name);
      fprintf(o,
              ", %shash%s: \"0x%016" PRIx64 "\", %sil_size%s: %" PRIu32
              ", %sheat%s: %.0Lf, %sshare%s: %.6Lf}%s\n",
              q, q, h[i].m->key.hash, q, q, h[i].m->key.il_size, q, q,
              h[i].heat, q, q, heat > 0 ? h[i].heat / heat : 0.0L,
              js && i + 1 < ntop ? "," : "");
    }
    if (js)
      fprintf(o, "  ]\n}\n");
    else if (ntop == 0)
      fprintf(o, "    []\n");
  }
  free(h);
  pgo_profile_free(p);
  return PGO_SHOW_OK;
}
