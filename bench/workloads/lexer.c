/* lexer: a C-like tokenizer built on large switches.
 *
 * The generator writes SIZE bytes of C-like source (declarations,
 * statements, expressions, comments, string and character literals, numbers
 * in several bases).  The lexer dispatches on the current character with one
 * switch of 60+ cases, recognises keywords with a switch on the first letter,
 * and a second pass runs a token-level state machine (a switch over 50+
 * token kinds) that tracks nesting, counts statements and declarations and
 * validates bracket balance.  Malformed input (unterminated comments or
 * strings, stray characters) takes rarely-executed error paths.
 * INPUT: 0 ordinary code, 1 comment- and string-heavy text,
 *        2 operator- and number-heavy expressions with a few stray bytes.
 * Usage: lexer SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t rng_next(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545f4914f6cdd1dull;
}

static unsigned rng_below(unsigned n) { return (unsigned)((rng_next() >> 32) % n); }

enum tok {
  T_EOF, T_IDENT, T_INT, T_HEX, T_FLOAT, T_CHAR, T_STRING, T_ERROR,
  /* keywords */
  K_IF, K_ELSE, K_WHILE, K_FOR, K_DO, K_RETURN, K_BREAK, K_CONTINUE, K_INT, K_CHAR,
  K_VOID, K_STRUCT, K_SWITCH, K_CASE, K_DEFAULT, K_STATIC, K_CONST, K_SIZEOF, K_UNSIGNED,
  K_GOTO,
  /* punctuation and operators */
  P_LPAREN, P_RPAREN, P_LBRACE, P_RBRACE, P_LBRACK, P_RBRACK, P_SEMI, P_COMMA, P_DOT,
  P_ARROW, P_PLUS, P_PLUSPLUS, P_PLUSEQ, P_MINUS, P_MINUSMINUS, P_MINUSEQ, P_STAR,
  P_STAREQ, P_SLASH, P_SLASHEQ, P_PERCENT, P_AMP, P_ANDAND, P_PIPE, P_OROR, P_CARET,
  P_TILDE, P_BANG, P_NE, P_ASSIGN, P_EQ, P_LT, P_LE, P_SHL, P_GT, P_GE, P_SHR,
  P_QUESTION, P_COLON, P_HASH,
  T_COUNT
};

typedef struct {
  const unsigned char *s;
  size_t pos, n;
  unsigned line;
  uint64_t errors;
  uint64_t comments;
} lexer;

static int is_ident(unsigned c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int kw_is(const unsigned char *p, size_t n, const char *kw) {
  return strlen(kw) == n && memcmp(p, kw, n) == 0;
}

static enum tok keyword(const unsigned char *p, size_t n) {
  switch (p[0]) {
  case 'b':
    return kw_is(p, n, "break") ? K_BREAK : T_IDENT;
  case 'c':
    if (kw_is(p, n, "case"))
      return K_CASE;
    if (kw_is(p, n, "char"))
      return K_CHAR;
    if (kw_is(p, n, "const"))
      return K_CONST;
    return kw_is(p, n, "continue") ? K_CONTINUE : T_IDENT;
  case 'd':
    if (kw_is(p, n, "do"))
      return K_DO;
    return kw_is(p, n, "default") ? K_DEFAULT : T_IDENT;
  case 'e':
    return kw_is(p, n, "else") ? K_ELSE : T_IDENT;
  case 'f':
    return kw_is(p, n, "for") ? K_FOR : T_IDENT;
  case 'g':
    return kw_is(p, n, "goto") ? K_GOTO : T_IDENT;
  case 'i':
    if (kw_is(p, n, "if"))
      return K_IF;
    return kw_is(p, n, "int") ? K_INT : T_IDENT;
  case 'r':
    return kw_is(p, n, "return") ? K_RETURN : T_IDENT;
  case 's':
    if (kw_is(p, n, "struct"))
      return K_STRUCT;
    if (kw_is(p, n, "switch"))
      return K_SWITCH;
    if (kw_is(p, n, "static"))
      return K_STATIC;
    return kw_is(p, n, "sizeof") ? K_SIZEOF : T_IDENT;
  case 'u':
    return kw_is(p, n, "unsigned") ? K_UNSIGNED : T_IDENT;
  case 'v':
    return kw_is(p, n, "void") ? K_VOID : T_IDENT;
  case 'w':
    return kw_is(p, n, "while") ? K_WHILE : T_IDENT;
  default:
    return T_IDENT;
  }
}

static int peek_is(lexer *l, unsigned char c) {
  if (l->pos < l->n && l->s[l->pos] == c) {
    l->pos++;
    return 1;
  }
  return 0;
}

/* Returns the next token kind; *value receives a hash or numeric value. */
static enum tok next_token(lexer *l, uint64_t *value) {
  *value = 0;
  for (;;) {
    size_t start;
    unsigned c;
    if (l->pos >= l->n)
      return T_EOF;
    start = l->pos;
    c = l->s[l->pos++];
    *value = 0;
    switch (c) {
    case '\n':
      l->line++;
      continue;
    case ' ':
    case '\t':
    case '\r':
      continue;
    case 'a': case 'b': case 'c': case 'd': case 'e': case 'f': case 'g': case 'h':
    case 'i': case 'j': case 'k': case 'l': case 'm': case 'n': case 'o': case 'p':
    case 'q': case 'r': case 's': case 't': case 'u': case 'v': case 'w': case 'x':
    case 'y': case 'z': case '_':
    case 'A': case 'B': case 'C': case 'D': case 'E': case 'F': case 'G': case 'H':
    case 'I': case 'J': case 'K': case 'L': case 'M': case 'N': case 'O': case 'P':
    case 'Q': case 'R': case 'S': case 'T': case 'U': case 'V': case 'W': case 'X':
    case 'Y': case 'Z': {
      uint64_t h = c;
      while (l->pos < l->n && is_ident(l->s[l->pos]))
        h = h * 131 + l->s[l->pos++];
      *value = h;
      return keyword(l->s + start, l->pos - start);
    }
    case '0':
      if (peek_is(l, 'x') || peek_is(l, 'X')) {
        uint64_t v = 0;
        for (;;) {
          unsigned d = l->pos < l->n ? l->s[l->pos] : 0u;
          if (d >= '0' && d <= '9')
            v = v * 16 + (d - '0');
          else if (d >= 'a' && d <= 'f')
            v = v * 16 + (d - 'a' + 10);
          else if (d >= 'A' && d <= 'F')
            v = v * 16 + (d - 'A' + 10);
          else
            break;
          l->pos++;
        }
        *value = v;
        return T_HEX;
      }
      /* Octal-looking numbers are read as decimal here. */
      /* fall through */
    case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8':
    case '9': {
      uint64_t v = c - '0';
      enum tok kind = T_INT;
      while (l->pos < l->n && l->s[l->pos] >= '0' && l->s[l->pos] <= '9')
        v = v * 10 + (unsigned)(l->s[l->pos++] - '0');
      if (l->pos < l->n && l->s[l->pos] == '.') {
        l->pos++;
        kind = T_FLOAT;
        while (l->pos < l->n && l->s[l->pos] >= '0' && l->s[l->pos] <= '9')
          v = v * 10 + (unsigned)(l->s[l->pos++] - '0');
      }
      while (l->pos < l->n && (l->s[l->pos] == 'u' || l->s[l->pos] == 'U' ||
                               l->s[l->pos] == 'l' || l->s[l->pos] == 'L'))
        l->pos++;
      *value = v;
      return kind;
    }
    case '"':
    case '\'': {
      uint64_t h = c;
      while (l->pos < l->n && l->s[l->pos] != c) {
        if (l->s[l->pos] == '\n')
          break; /* unterminated literal: error below */
        if (l->s[l->pos] == '\\' && l->pos + 1 < l->n)
          l->pos++;
        h = h * 33 + l->s[l->pos++];
      }
      if (l->pos >= l->n || l->s[l->pos] != c) {
        l->errors++;
        return T_ERROR;
      }
      l->pos++;
      *value = h;
      return c == '"' ? T_STRING : T_CHAR;
    }
    case '/':
      if (peek_is(l, '/')) {
        while (l->pos < l->n && l->s[l->pos] != '\n')
          l->pos++;
        l->comments++;
        continue;
      }
      if (peek_is(l, '*')) {
        for (;;) {
          if (l->pos + 1 >= l->n) {
            l->pos = l->n;
            l->errors++; /* unterminated comment */
            return T_ERROR;
          }
          if (l->s[l->pos] == '*' && l->s[l->pos + 1] == '/') {
            l->pos += 2;
            break;
          }
          if (l->s[l->pos] == '\n')
            l->line++;
          l->pos++;
        }
        l->comments++;
        continue;
      }
      return peek_is(l, '=') ? P_SLASHEQ : P_SLASH;
    case '(': return P_LPAREN;
    case ')': return P_RPAREN;
    case '{': return P_LBRACE;
    case '}': return P_RBRACE;
    case '[': return P_LBRACK;
    case ']': return P_RBRACK;
    case ';': return P_SEMI;
    case ',': return P_COMMA;
    case '.': return P_DOT;
    case '~': return P_TILDE;
    case '?': return P_QUESTION;
    case ':': return P_COLON;
    case '#': return P_HASH;
    case '^': return P_CARET;
    case '%': return P_PERCENT;
    case '+':
      if (peek_is(l, '+'))
        return P_PLUSPLUS;
      return peek_is(l, '=') ? P_PLUSEQ : P_PLUS;
    case '-':
      if (peek_is(l, '-'))
        return P_MINUSMINUS;
      if (peek_is(l, '>'))
        return P_ARROW;
      return peek_is(l, '=') ? P_MINUSEQ : P_MINUS;
    case '*':
      return peek_is(l, '=') ? P_STAREQ : P_STAR;
    case '&':
      return peek_is(l, '&') ? P_ANDAND : P_AMP;
    case '|':
      return peek_is(l, '|') ? P_OROR : P_PIPE;
    case '!':
      return peek_is(l, '=') ? P_NE : P_BANG;
    case '=':
      return peek_is(l, '=') ? P_EQ : P_ASSIGN;
    case '<':
      if (peek_is(l, '<'))
        return P_SHL;
      return peek_is(l, '=') ? P_LE : P_LT;
    case '>':
      if (peek_is(l, '>'))
        return P_SHR;
      return peek_is(l, '=') ? P_GE : P_GT;
    default:
      l->errors++; /* stray byte */
      *value = c;
      return T_ERROR;
    }
  }
}

/* ---- token-level state machine ------------------------------------------- */

typedef struct {
  int depth, paren, bracket;
  uint64_t statements, decls, calls, controls, unbalanced, max_depth;
  enum tok prev;
} shape;

static void observe(shape *s, enum tok t) {
  switch (t) {
  case P_LBRACE:
    if (++s->depth > (int)s->max_depth)
      s->max_depth = (uint64_t)s->depth;
    break;
  case P_RBRACE:
    if (s->depth == 0)
      s->unbalanced++;
    else
      s->depth--;
    break;
  case P_LPAREN:
    if (s->prev == T_IDENT)
      s->calls++;
    s->paren++;
    break;
  case P_RPAREN:
    if (s->paren == 0)
      s->unbalanced++;
    else
      s->paren--;
    break;
  case P_LBRACK:
    s->bracket++;
    break;
  case P_RBRACK:
    if (s->bracket == 0)
      s->unbalanced++;
    else
      s->bracket--;
    break;
  case P_SEMI:
    if (s->paren == 0)
      s->statements++;
    break;
  case K_INT: case K_CHAR: case K_VOID: case K_UNSIGNED: case K_STRUCT: case K_CONST:
  case K_STATIC:
    if (s->prev == P_SEMI || s->prev == P_LBRACE || s->prev == P_RBRACE || s->prev == T_EOF ||
        s->prev == P_LPAREN || s->prev == P_COMMA)
      s->decls++;
    break;
  case K_IF: case K_WHILE: case K_FOR: case K_DO: case K_SWITCH:
    s->controls++;
    break;
  case K_ELSE: case K_RETURN: case K_BREAK: case K_CONTINUE: case K_GOTO: case K_CASE:
  case K_DEFAULT:
    s->controls += s->prev == P_SEMI || s->prev == P_RBRACE || s->prev == P_COLON;
    break;
  case T_IDENT: case T_INT: case T_HEX: case T_FLOAT: case T_CHAR: case T_STRING:
  case K_SIZEOF:
    break;
  case P_COMMA: case P_DOT: case P_ARROW: case P_PLUS: case P_PLUSPLUS: case P_PLUSEQ:
  case P_MINUS: case P_MINUSMINUS: case P_MINUSEQ: case P_STAR: case P_STAREQ:
  case P_SLASH: case P_SLASHEQ: case P_PERCENT: case P_AMP: case P_ANDAND: case P_PIPE:
  case P_OROR: case P_CARET: case P_TILDE: case P_BANG: case P_NE: case P_ASSIGN:
  case P_EQ: case P_LT: case P_LE: case P_SHL: case P_GT: case P_GE: case P_SHR:
  case P_QUESTION: case P_COLON: case P_HASH:
    break;
  case T_ERROR:
  case T_EOF:
  case T_COUNT:
    break;
  }
  s->prev = t;
}

/* ---- source generator ---------------------------------------------------- */

typedef struct {
  unsigned char *buf;
  size_t len, cap;
} out;

static void put(out *o, const char *s) {
  while (*s && o->len < o->cap)
    o->buf[o->len++] = (unsigned char)*s++;
}

static void put_num(out *o, uint64_t v, int hex) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v % (hex ? 16u : 10u)];
    v /= hex ? 16u : 10u;
  } while (v);
  if (hex)
    put(o, "0x");
  while (n && o->len < o->cap)
    o->buf[o->len++] = (unsigned char)tmp[--n];
}

static const char *const idents[] = {"count", "i", "j", "node", "next", "buf", "len", "x",
                                     "result", "table", "ptr", "size", "tmp", "flags", "key"};
static const char *const ops[] = {" + ", " - ", " * ", " / ", " % ", " << ", " >> ", " & ",
                                  " | ",  " ^ ", " && ", " || ", " == ", " != ", " < ", " <= ",
                                  " > ",  " >= ", "->", "."};

static void gen_expr(out *o, int input, int depth) {
  unsigned r = rng_below(depth > 3 ? 4 : 9);
  switch (r) {
  case 0:
  case 1:
    put(o, idents[rng_below(15)]);
    break;
  case 2:
  {
    /* Separate statements: argument evaluation order is unspecified. */
    uint64_t v = rng_below(input == 2 ? 1000000 : 100);
    put_num(o, v, input == 2 && rng_below(3) == 0);
  }
    if (input == 2 && rng_below(4) == 0) {
      put(o, ".");
      put_num(o, rng_below(1000), 0);
    }
    break;
  case 3:
    if (input == 1 || rng_below(4) == 0) {
      if (rng_below(5)) {
        put(o, "\"text");
        if (rng_below(3) == 0)
          put(o, "\\n");
        if (rng_below(4) == 0)
          put(o, " \\\"quoted\\\" more words");
        put(o, "\"");
      } else {
        put(o, rng_below(2) ? "'c'" : "'\\n'");
      }
    } else {
      put(o, idents[rng_below(15)]);
    }
    break;
  case 4:
    put(o, idents[rng_below(15)]);
    put(o, "(");
    gen_expr(o, input, depth + 1);
    put(o, ", ");
    gen_expr(o, input, depth + 1);
    put(o, ")");
    break;
  case 5:
    put(o, "(");
    gen_expr(o, input, depth + 1);
    put(o, ")");
    break;
  default:
    gen_expr(o, input, depth + 1);
    put(o, ops[rng_below(input == 2 ? 20 : 18)]);
    gen_expr(o, input, depth + 1);
  }
}

static void gen_stmt(out *o, int input, int depth) {
  unsigned r = rng_below(depth > 3 ? 5 : 10);
  if (input == 1 && rng_below(3) == 0) {
    if (rng_below(2))
      put(o, "// a line comment about the code below, with words\n");
    else
      put(o, "/* block comment\n * spanning lines, \"quoted\" *\n */\n");
  }
  switch (r) {
  case 0:
  case 1:
    put(o, rng_below(2) ? "int " : "unsigned ");
    put(o, idents[rng_below(15)]);
    put(o, " = ");
    gen_expr(o, input, 0);
    put(o, ";\n");
    break;
  case 2:
  case 3:
    put(o, idents[rng_below(15)]);
    put(o, rng_below(3) ? " = " : " += ");
    gen_expr(o, input, 0);
    put(o, ";\n");
    break;
  case 4:
    put(o, "return ");
    gen_expr(o, input, 1);
    put(o, ";\n");
    break;
  case 5:
  case 6:
    put(o, "if (");
    gen_expr(o, input, 1);
    put(o, ") {\n");
    gen_stmt(o, input, depth + 1);
    put(o, "} else {\n");
    gen_stmt(o, input, depth + 1);
    put(o, "}\n");
    break;
  case 7:
    put(o, "for (i = 0; i < ");
    gen_expr(o, input, 2);
    put(o, "; i++) {\n");
    gen_stmt(o, input, depth + 1);
    gen_stmt(o, input, depth + 1);
    put(o, "}\n");
    break;
  case 8:
    put(o, "while (");
    gen_expr(o, input, 2);
    put(o, ") {\n");
    gen_stmt(o, input, depth + 1);
    put(o, "break;\n}\n");
    break;
  default:
    put(o, "switch (key) {\ncase 1:\n");
    gen_stmt(o, input, depth + 1);
    put(o, "default:\ncontinue;\n}\n");
  }
}

static void gen_source(out *o, int input) {
  while (o->len < o->cap) {
    put(o, rng_below(3) ? "static int " : "void ");
    put(o, idents[rng_below(15)]);
    put_num(o, rng_below(1000), 0);
    put(o, "(struct node *p, const char *s) {\n");
    for (unsigned k = 0; k < 2 + rng_below(6); k++)
      gen_stmt(o, input, 0);
    put(o, "}\n");
    if (input == 2 && rng_below(8) == 0)
      put(o, "@$`\n"); /* stray bytes: lexer error path */
  }
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (*end || *size < 1 || *size > 1000000000)
    return 0;
  *input = 0;
  if (argc == 3) {
    long v = strtol(argv[2], &end, 10);
    if (*end || v < 0 || v > 2)
      return 0;
    *input = (int)v;
  }
  return 1;
}

int main(int argc, char **argv) {
  long size;
  int input;
  out o;
  lexer l;
  shape sh;
  uint64_t kinds[T_COUNT] = {0}, sum = 0, ntok = 0, value = 0;
  if (!parse_args(argc, argv, &size, &input)) {
    fprintf(stderr, "usage: lexer SIZE [INPUT 0-2]\n");
    return 2;
  }
  o.cap = (size_t)size;
  o.len = 0;
  o.buf = malloc(o.cap + 1);
  if (!o.buf) {
    fprintf(stderr, "lexer: out of memory\n");
    return 1;
  }
  rng_state = 0x1e8e7ull * 977 + (uint64_t)input;
  gen_source(&o, input);
  /* Lex the text several times, as a compiler front end re-reads headers. */
  for (int pass = 0; pass < 4; pass++) {
    enum tok t;
    memset(&l, 0, sizeof l);
    memset(&sh, 0, sizeof sh);
    l.s = o.buf;
    l.n = o.len;
    l.line = 1;
    do {
      t = next_token(&l, &value);
      kinds[t]++;
      ntok++;
      observe(&sh, t);
      sum = (sum ^ value ^ (uint64_t)t) * 0x100000001b3ull;
    } while (t != T_EOF);
  }
  for (int k = 0; k < T_COUNT; k++)
    sum = sum * 31 + kinds[k];
  printf("checksum %016" PRIx64 "\n", sum);
  printf("tokens %" PRIu64 " lines %u errors %" PRIu64 " comments %" PRIu64
         " statements %" PRIu64 " decls %" PRIu64 " calls %" PRIu64 " controls %" PRIu64
         " depth %" PRIu64 " unbalanced %" PRIu64 "\n",
         ntok, l.line, l.errors, l.comments, sh.statements, sh.decls, sh.calls, sh.controls,
         sh.max_depth, sh.unbalanced);
  free(o.buf);
  return 0;
}
