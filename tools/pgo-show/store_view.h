/*
 * store_view.h -- private to the store views of pgo-show (summary, counts,
 * check, overlap, dot): the one-line errors they share, so every view
 * words a bad option, a missing argument or a bad --format / --hash the
 * same way `pgo-show cfg` does ("pgo-show SUB: bad option '--x' (see
 * --help)"), and the method-hash syntax `pgo-show cfg` prints (16 hex
 * digits, with or without 0x).  Header-only (static inline), like
 * tools/common/tool_output.h; names are printed with pgo_tool_text_name
 * from there (one token on one line, quoted and escaped when needed).
 */
#ifndef PGO_SHOW_STORE_VIEW_H
#define PGO_SHOW_STORE_VIEW_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* getopt_long must run with opterr = 0 and a leading ':' in the short
 * option string, so that a missing option argument comes back as ':' and
 * every other mistake as '?'; this prints the one line for either. */
static inline void sv_bad_option(const char *sub, int c, char **argv,
                                 int optind_now) {
  const char *arg = argv[optind_now - 1];
  if (c == ':')
    fprintf(stderr, "pgo-show %s: option '%s' needs an argument (see "
                    "--help)\n", sub, arg);
  else
    fprintf(stderr, "pgo-show %s: bad option '%s' (see --help)\n", sub, arg);
}

/* --format among text, yaml and json: 0, 1, 2, or -1 after the error. */
static inline int sv_format(const char *sub, const char *s) {
  int f = !strcmp(s, "text")   ? 0
          : !strcmp(s, "yaml") ? 1
          : !strcmp(s, "json") ? 2
                               : -1;
  if (f < 0)
    fprintf(stderr, "pgo-show %s: --format: expected text, yaml or json, "
                    "found '%s'\n", sub, s);
  return f;
}

/* A method hash as `pgo-show cfg` prints it: 1 to 16 hex digits, with or
 * without a 0x prefix (hex either way: cfg prints 16 digits without 0x,
 * and the decimal reading of such a string would be a different hash).
 * Returns 0, or -1 after printing the error, which repeats the argument. */
static inline int sv_parse_hash(const char *sub, const char *s,
                                uint64_t *out) {
  const char *p = s;
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    p += 2;
  size_t n = strspn(p, "0123456789abcdefABCDEF");
  if (!n || n > 16 || p[n]) {
    fprintf(stderr, "pgo-show %s: --hash: expected 1 to 16 hex digits "
                    "(optionally after 0x), found '%s'\n", sub, s);
    return -1;
  }
  errno = 0;
  *out = strtoull(p, NULL, 16);
  return 0;
}

#endif
