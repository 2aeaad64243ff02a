/*
 * tool_output.h -- helpers shared by the pgo command-line tools: the
 * --format option, JSON and DOT string quoting, and the printable names of
 * the pgo_cfg enumerations (terminators, flags, compare predicates, operand
 * kinds) so every subcommand spells them the same way (docs/pgo-show.md).
 *
 * Header-only (static inline): each tool is one executable built from its
 * own directory, and this keeps tools/common free of build rules.
 */
#ifndef PGO_TOOL_OUTPUT_H
#define PGO_TOOL_OUTPUT_H

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "pgo/core.h"

/* --- --format ------------------------------------------------------- */

typedef enum pgo_tool_format {
  PGO_FORMAT_TEXT = 1u << 0,
  PGO_FORMAT_JSON = 1u << 1,
  PGO_FORMAT_DOT = 1u << 2
} pgo_tool_format;

/* Parse s ("text", "json", "dot") among the formats in the `allowed` bit
 * set.  Returns 0 and sets *out, or -1 for an unknown or disallowed name. */
static inline int pgo_tool_parse_format(const char *s, unsigned allowed,
                                        pgo_tool_format *out) {
  static const struct {
    const char *name;
    pgo_tool_format f;
  } names[] = {{"text", PGO_FORMAT_TEXT},
               {"json", PGO_FORMAT_JSON},
               {"dot", PGO_FORMAT_DOT}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (s && !strcmp(s, names[i].name) && (allowed & names[i].f)) {
      *out = names[i].f;
      return 0;
    }
  return -1;
}

/* --- quoting -------------------------------------------------------- */

/* Length (2..4) of the well-formed UTF-8 sequence starting at p (whose
 * first byte is >= 0x80), 0 if it is not one (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF).  LLVM names are arbitrary
 * bytes, and JSON and DOT readers insist on UTF-8. */
static inline size_t pgo_tool_utf8_len(const unsigned char *p) {
  unsigned c = p[0];
  size_t n;
  unsigned lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0)
      lo = 0xA0;
    else if (c == 0xED)
      hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0)
      lo = 0x90;
    else if (c == 0xF4)
      hi = 0x8F;
  } else
    return 0;
  if (p[1] < lo || p[1] > hi)
    return 0;
  for (size_t i = 2; i < n; i++)
    if (p[i] < 0x80 || p[i] > 0xBF)
      return 0;
  return n;
}

/* s as a JSON string literal; NULL prints null.  Bytes that are not
 * well-formed UTF-8 become U+FFFD (JSON text must be Unicode). */
static inline void pgo_tool_json_str(FILE *out, const char *s) {
  if (!s) {
    fputs("null", out);
    return;
  }
  fputc('"', out);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\n': fputs("\\n", out); break;
    case '\r': fputs("\\r", out); break;
    case '\t': fputs("\\t", out); break;
    default:
      if (*p < 0x20 || *p == 0x7F) {
        fprintf(out, "\\u%04x", *p);
      } else if (*p < 0x80) {
        fputc(*p, out);
      } else {
        size_t n = pgo_tool_utf8_len(p);
        if (n) {
          fwrite(p, 1, n, out);
          p += n - 1;
        } else {
          fputs("\\ufffd", out);
        }
      }
    }
  }
  fputc('"', out);
}

/* A name for the line-oriented text formats: as is when it is non-empty
 * and has no space, control character, quote, backslash or ill-formed
 * UTF-8; otherwise in double quotes with those bytes as \XX (two hex
 * digits), the way LLVM prints such names, so one name stays one token on
 * one line.  NULL prints as "". */
static inline void pgo_tool_text_name(FILE *out, const char *s) {
  const unsigned char *u = (const unsigned char *)(s ? s : "");
  bool plain = *u != 0;
  for (const unsigned char *p = u; *p && plain; p++) {
    if (*p <= 0x20 || *p == 0x7F || *p == '"' || *p == '\\')
      plain = false;
    else if (*p >= 0x80) {
      size_t n = pgo_tool_utf8_len(p);
      if (!n)
        plain = false;
      else
        p += n - 1;
    }
  }
  if (plain) {
    fputs((const char *)u, out);
    return;
  }
  fputc('"', out);
  for (const unsigned char *p = u; *p; p++) {
    size_t n = *p >= 0x80 ? pgo_tool_utf8_len(p) : 1;
    if (*p < 0x20 || *p == 0x7F || *p == '"' || *p == '\\' || n == 0) {
      fprintf(out, "\\%02X", *p);
    } else {
      fwrite(p, 1, n, out);
      p += n - 1;
    }
  }
  fputc('"', out);
}

/* The one-line error about method `name` of `path`:
 * "pgo-show SUB: PATH: NAME: MSG", NAME as in the text formats so a name
 * with a newline cannot split the line. */
static inline void pgo_tool_method_error(const char *sub, const char *path,
                                         const char *name, const char *msg) {
  fprintf(stderr, "pgo-show %s: %s: ", sub, path);
  pgo_tool_text_name(stderr, name);
  fprintf(stderr, ": %s\n", msg);
}

/* A double for JSON: shortest form that round-trips is not in C11, so
 * %.17g; non-finite values print null (JSON has no NaN). */
static inline void pgo_tool_json_double(FILE *out, double v) {
  if (isfinite(v))
    fprintf(out, "%.17g", v);
  else
    fputs("null", out);
}

/* Characters of s for inside a DOT double-quoted string (no quotes):
 * quote and backslash escaped, newline as \n, other control characters
 * dropped, ill-formed UTF-8 as U+FFFD (Graphviz reads UTF-8). */
static inline void pgo_tool_dot_chars(FILE *out, const char *s) {
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    if (*p == '"' || *p == '\\') {
      fputc('\\', out);
      fputc(*p, out);
    } else if (*p == '\n') {
      fputs("\\n", out);
    } else if (*p < 0x20 || *p == 0x7F) {
      continue;
    } else if (*p < 0x80) {
      fputc(*p, out);
    } else {
      size_t n = pgo_tool_utf8_len(p);
      if (n) {
        fwrite(p, 1, n, out);
        p += n - 1;
      } else {
        fputs("\xEF\xBF\xBD", out);
      }
    }
  }
}

/* --- names of the pgo_cfg enumerations ------------------------------ */

static inline const char *pgo_tool_term_name(pgo_term t) {
  switch (t) {
  case PGO_TERM_NONE: return "none";
  case PGO_TERM_JUMP: return "jump";
  case PGO_TERM_BRANCH: return "branch";
  case PGO_TERM_SWITCH: return "switch";
  case PGO_TERM_INDIRECT: return "indirect";
  case PGO_TERM_RETURN: return "return";
  case PGO_TERM_THROW: return "throw";
  case PGO_TERM_UNREACHABLE: return "unreachable";
  case PGO_TERM_INVOKE: return "invoke";
  }
  return "?";
}

static inline const char *pgo_tool_cmp_name(pgo_cmp c) {
  /* Integer predicates as LLVM spells them; float ones with an "f" in
   * front (LLVM's fcmp ult and icmp ult would otherwise look alike). */
  static const char *const names[] = {
      "none", "eq",   "ne",   "slt",   "sle",   "sgt",   "sge",
      "ult",  "ule",  "ugt",  "uge",   "foeq",  "fone",  "folt",
      "fole", "fogt", "foge", "fueq",  "fune",  "fult",  "fule",
      "fugt", "fuge", "ford", "funo",  "ftrue", "ffalse"};
  /* One name per pgo_cmp value, in enum order: fails to compile if the
   * enumeration grows without this table. */
  _Static_assert(sizeof names / sizeof names[0] == PGO_CMP_FFALSE + 1,
                 "pgo_tool_cmp_name: one name per pgo_cmp");
  return (unsigned)c < sizeof names / sizeof names[0] ? names[c] : "?";
}

static inline const char *pgo_tool_operand_name(pgo_operand o) {
  switch (o) {
  case PGO_OPND_NONE: return "none";
  case PGO_OPND_POINTER: return "pointer";
  case PGO_OPND_NULL: return "null";
  case PGO_OPND_ZERO: return "zero";
  case PGO_OPND_NEGATIVE: return "negative";
  case PGO_OPND_CONST: return "const";
  case PGO_OPND_FLOAT: return "float";
  case PGO_OPND_OTHER: return "other";
  }
  return "?";
}

/* Name of block flag bit `bit` (one PGO_BLOCK_* value), NULL if unknown;
 * print flag lists by walking bits from low to high. */
static inline const char *pgo_tool_flag_name(unsigned bit) {
  switch (bit) {
  case PGO_BLOCK_ENTRY: return "entry";
  case PGO_BLOCK_CALLS: return "calls";
  case PGO_BLOCK_STORES: return "stores";
  case PGO_BLOCK_NORETURN: return "noreturn";
  case PGO_BLOCK_INDIRECT_CALL: return "indirect_call";
  case PGO_BLOCK_EH: return "eh";
  }
  return NULL;
}

#endif
