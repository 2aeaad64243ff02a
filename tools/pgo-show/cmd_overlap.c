/*
 * cmd_overlap.c -- `pgo-show overlap A B [--format text|yaml|json]`
 *
 * Overlap between two profiles, as llvm-profdata's `overlap` defines it:
 * with every counter (block, edge and sample counts) normalized by its
 * profile's total, overlap = sum over counters of min(a_i / A, b_i / B),
 * 1 for identical distributions and 0 for disjoint ones.  Per method, the
 * same with the method's own totals (methods keyed by (name, hash,
 * il_size); the same name with another key is reported as stale, a
 * missing counter counts as 0).  Methods are listed from the least to the
 * most overlapping, then by name the methods only in A, only in B, and the
 * stale versions (a key of either side whose name the other side has with
 * another key).  Either input may be a store or YAML.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "pgo/store.h"
#include "show.h"
#include "store_view.h"
#include "tool_output.h"

static long double total(const pgo_method_profile *m) {
  long double t = 0;
  for (uint32_t i = 0; i < m->nblocks; i++)
    t += (long double)m->blocks[i].count;
  for (uint32_t i = 0; i < m->nedges; i++)
    t += (long double)m->edges[i].count;
  for (uint32_t i = 0; i < m->nsamples; i++)
    t += (long double)m->samples[i].count;
  return t;
}

static long double minl2(long double a, long double b) { return a < b ? a : b; }

/* sum_i min(a_i / ta, b_i / tb) over the counters of two versions of one
 * method (each array sorted by key). */
static long double method_overlap(const pgo_method_profile *a,
                                  const pgo_method_profile *b, long double ta,
                                  long double tb) {
  if (ta <= 0 && tb <= 0)
    return 1; /* both empty: the same (zero) distribution */
  if (ta <= 0 || tb <= 0)
    return 0;
  long double s = 0;
  for (int pass = 0; pass < 2; pass++) {
    const pgo_count_rec *x = pass ? a->samples : a->blocks;
    const pgo_count_rec *y = pass ? b->samples : b->blocks;
    uint32_t nx = pass ? a->nsamples : a->nblocks;
    uint32_t ny = pass ? b->nsamples : b->nblocks;
    for (uint32_t i = 0, j = 0; i < nx && j < ny;) {
      if (x[i].offset < y[j].offset)
        i++;
      else if (x[i].offset > y[j].offset)
        j++;
      else {
        s += minl2((long double)x[i].count / ta, (long double)y[j].count / tb);
        i++, j++;
      }
    }
  }
  for (uint32_t i = 0, j = 0; i < a->nedges && j < b->nedges;) {
    const pgo_edge_rec *x = &a->edges[i], *y = &b->edges[j];
    if (x->offset < y->offset || (x->offset == y->offset && x->succ < y->succ))
      i++;
    else if (x->offset != y->offset || x->succ != y->succ)
      j++;
    else {
      s += minl2((long double)x->count / ta, (long double)y->count / tb);
      i++, j++;
    }
  }
  return s;
}

typedef struct res {
  const pgo_method_profile *m;
  long double overlap;
} res;

static int res_cmp(const void *x, const void *y) {
  const res *a = x, *b = y;
  if (a->overlap != b->overlap)
    return a->overlap < b->overlap ? -1 : 1;
  return strcmp(a->m->key.name, b->m->key.name);
}

static bool has_name(const pgo_profile *p, const char *name) {
  /* methods are sorted by key: binary search on the name */
  size_t lo = 0, hi = pgo_profile_nmethods(p);
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(pgo_profile_method(p, mid)->key.name, name);
    if (c == 0)
      return true;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return false;
}

static pgo_profile *load(const char *path) {
  pgo_profile *p;
  if (pgo_profile_new(NULL, &p)) {
    fprintf(stderr, "pgo-show overlap: out of memory\n");
    return NULL;
  }
  if (pgo_profile_load(p, path, 1) || pgo_profile_finish(p)) {
    fprintf(stderr, "pgo-show overlap: %s\n", pgo_profile_errmsg(p));
    pgo_profile_free(p);
    return NULL;
  }
  return p;
}

static void usage(FILE *out) {
  fputs("usage: pgo-show overlap A B [--format text|yaml|json]\n"
        "\n"
        "Per-method and total overlap of two profiles (llvm-profdata's:\n"
        "sum of min(a_i/A, b_i/B) over counters, 1 = same distribution),\n"
        "least-overlapping methods first, then the methods only in A, only\n"
        "in B, and stale (same name, other hash or il_size).  A and B are\n"
        "stores or YAML profiles.\n"
        "\n"
        "options:\n"
        "  -f, --format F       text (default), yaml or json\n"
        "  -h, --help           this text\n"
        "\n"
        "Exit status: 0 printed, 2 bad input.\n",
        out);
}

/* A method that is in one side only (by key), with where it is from. */
typedef struct lone {
  const pgo_method_profile *m;
  char side;   /* 'a' or 'b' */
  bool stale;  /* the other side has the name with another key */
} lone;

static void key_text(FILE *o, const pgo_method_profile *m) {
  pgo_tool_text_name(o, m->key.name);
  fprintf(o, " hash 0x%016" PRIx64 " il_size %" PRIu32, m->key.hash,
          m->key.il_size);
}

static void key_struct(FILE *o, const pgo_method_profile *m, bool js) {
  const char *q = js ? "\"" : "";
  fprintf(o, "{%sname%s: ", q, q);
  pgo_tool_json_str(o, m->key.name);
  fprintf(o, ", %shash%s: \"0x%016" PRIx64 "\", %sil_size%s: %" PRIu32, q, q,
          m->key.hash, q, q, m->key.il_size);
}

/* One list of lone methods (those with `side` and `stale` as asked). */
static void lone_list(FILE *o, const char *key, const lone *l, size_t n,
                      char side, bool stale, bool js, bool last) {
  const char *q = js ? "\"" : "";
  size_t k = 0;
  fprintf(o, "  %s%s%s:%s", q, key, q, js ? " [" : "");
  for (size_t i = 0; i < n; i++) {
    if (l[i].stale != stale || (!stale && l[i].side != side))
      continue;
    fprintf(o, "%s\n    %s", k++ && js ? "," : "", js ? "" : "- ");
    key_struct(o, l[i].m, js);
    if (stale)
      fprintf(o, ", %sside%s: \"%c\"", q, q, l[i].side);
    fputc('}', o);
  }
  if (js)
    fprintf(o, "%s]%s\n", k ? "\n  " : "", last ? "" : ",");
  else
    fputs(k ? "\n" : " []\n", o);
}

int pgo_show_cmd_overlap(int argc, char **argv) {
  static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *fmts = "text";
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":f:h", opts, NULL)) != -1) {
    if (c == 'f')
      fmts = optarg;
    else if (c == 'h') {
      usage(stdout);
      return PGO_SHOW_OK;
    } else {
      sv_bad_option("overlap", c, argv, optind);
      return PGO_SHOW_BAD_INPUT;
    }
  }
  int fmt = sv_format("overlap", fmts);
  if (fmt < 0)
    return PGO_SHOW_BAD_INPUT;
  if (optind + 2 > argc) {
    fprintf(stderr, "pgo-show overlap: %s required (see --help)\n",
            optind == argc ? "profiles A and B are" : "a second profile B is");
    return PGO_SHOW_BAD_INPUT;
  }
  if (optind + 2 != argc) {
    fprintf(stderr, "pgo-show overlap: two profiles expected, found extra "
                    "argument '%s' (see --help)\n", argv[optind + 2]);
    return PGO_SHOW_BAD_INPUT;
  }
  pgo_profile *a = load(argv[optind]);
  if (!a)
    return PGO_SHOW_BAD_INPUT;
  pgo_profile *b = load(argv[optind + 1]);
  if (!b) {
    pgo_profile_free(a);
    return PGO_SHOW_BAD_INPUT;
  }
  size_t na = pgo_profile_nmethods(a), nb = pgo_profile_nmethods(b);
  long double ta = 0, tb = 0;
  for (size_t i = 0; i < na; i++)
    ta += total(pgo_profile_method(a, i));
  for (size_t i = 0; i < nb; i++)
    tb += total(pgo_profile_method(b, i));
  res *r = calloc(na ? na : 1, sizeof *r);
  lone *l = calloc(na + nb ? na + nb : 1, sizeof *l);
  if (!r || !l) {
    fprintf(stderr, "pgo-show overlap: out of memory\n");
    free(r);
    free(l);
    pgo_profile_free(a);
    pgo_profile_free(b);
    return PGO_SHOW_BAD_INPUT;
  }
  size_t nboth = 0, only_a = 0, only_b = 0, stale = 0, nl = 0;
  long double tot = 0;
  for (size_t i = 0; i < na; i++) {
    const pgo_method_profile *x = pgo_profile_method(a, i);
    const pgo_method_profile *y =
        pgo_profile_find(b, x->key.name, x->key.hash, x->key.il_size);
    if (!y) {
      bool st = has_name(b, x->key.name);
      l[nl++] = (lone){x, 'a', st};
      if (st)
        stale++;
      else
        only_a++;
      continue;
    }
    r[nboth].m = x;
    r[nboth].overlap = method_overlap(x, y, total(x), total(y));
    tot += method_overlap(x, y, ta, tb);
    nboth++;
  }
  for (size_t i = 0; i < nb; i++) {
    const pgo_method_profile *y = pgo_profile_method(b, i);
    if (pgo_profile_find(a, y->key.name, y->key.hash, y->key.il_size))
      continue;
    bool st = has_name(a, y->key.name);
    l[nl++] = (lone){y, 'b', st};
    if (st)
      stale++;
    else
      only_b++;
  }
  qsort(r, nboth, sizeof *r, res_cmp);
  FILE *o = stdout;
  if (fmt == 0) {
    fprintf(o, "overlap %s %s\n", argv[optind], argv[optind + 1]);
    fprintf(o, "total %.6Lf\n", tot);
    fprintf(o, "methods both %zu only-a %zu only-b %zu stale %zu\n", nboth,
            only_a, only_b, stale);
    for (size_t i = 0; i < nboth; i++) {
      fprintf(o, "  %.6Lf  ", r[i].overlap);
      key_text(o, r[i].m);
      fputc('\n', o);
    }
    /* lone methods in key order, A's first (the profiles are key-sorted) */
    for (size_t i = 0; i < nl; i++) {
      if (l[i].stale)
        fprintf(o, "stale-%c ", l[i].side);
      else
        fprintf(o, "only-%c ", l[i].side);
      key_text(o, l[i].m);
      fputc('\n', o);
    }
  } else {
    bool js = fmt == 2;
    const char *q = js ? "\"" : "";
    if (js)
      fputs("{\n", o);
    fprintf(o, "  %sa%s: ", q, q);
    pgo_tool_json_str(o, argv[optind]);
    fprintf(o, "%s\n  %sb%s: ", js ? "," : "", q, q);
    pgo_tool_json_str(o, argv[optind + 1]);
    fprintf(o, "%s\n  %stotal%s: %.6Lf%s\n", js ? "," : "", q, q, tot,
            js ? "," : "");
    fprintf(o, "  %sboth%s: %zu%s\n  %sonly_a%s: %zu%s\n  %sonly_b%s: %zu%s\n"
               "  %sstale%s: %zu%s\n",
            q, q, nboth, js ? "," : "", q, q, only_a, js ? "," : "", q, q,
            only_b, js ? "," : "", q, q, stale, js ? "," : "");
    fprintf(o, "  %smethods%s:%s\n", q, q, js ? " [" : nboth ? "" : " []");
    for (size_t i = 0; i < nboth; i++) {
      fprintf(o, "    %s", js ? "" : "- ");
      key_struct(o, r[i].m, js);
      fprintf(o, ", %soverlap%s: %.6Lf}%s\n", q, q, r[i].overlap,
              js && i + 1 < nboth ? "," : "");
    }
    if (js)
      fputs("  ],\n", o);
    lone_list(o, "only_a_methods", l, nl, 'a', false, js, false);
    lone_list(o, "only_b_methods", l, nl, 'b', false, js, false);
    lone_list(o, "stale_methods", l, nl, 0, true, js, true);
    if (js)
      fputs("}\n", o);
  }
  free(l);
  free(r);
  pgo_profile_free(a);
  pgo_profile_free(b);
  return PGO_SHOW_OK;
}
