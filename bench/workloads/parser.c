/* parser: recursive-descent parsing of generated text.
 *
 * Each round generates a document, then parses and evaluates it:
 *   arithmetic expressions with variables, unary minus, parentheses and
 *   calls to min/max/abs/clamp/sel (evaluated on the fly), and
 *   JSON-like documents (objects, arrays, strings with escapes, integers,
 *   true/false/null) folded into a structural hash.
 * INPUT selects the mix: 0 expressions only, 1 JSON only, 2 both with a few
 * injected syntax errors, so the error paths (normally cold) are exercised.
 * Usage: parser SIZE [INPUT]; SIZE is the number of documents.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t rng_next(void) {
  /* xorshift64* */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545f4914f6cdd1dull;
}

static unsigned rng_below(unsigned n) { return (unsigned)((rng_next() >> 33) % n); }

/* ---- text buffer --------------------------------------------------------- */

#define TEXT_MAX (1 << 16)

typedef struct {
  char buf[TEXT_MAX];
  size_t len;
} text;

static void put_char(text *t, char c) {
  if (t->len + 1 < TEXT_MAX)
    t->buf[t->len++] = c;
}

static void put_str(text *t, const char *s) {
  while (*s)
    put_char(t, *s++);
}

static void put_uint(text *t, unsigned v) {
  char tmp[16];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n)
    put_char(t, tmp[--n]);
}

static const char *const var_names[] = {"x", "y", "zeta", "count", "acc", "n0", "tmp", "limit"};
static const int64_t var_values[] = {3, -7, 12, 100, 0, 5, -1, 64};
#define NVARS 8

static void gen_expr(text *t, int depth) {
  unsigned r = rng_below(depth > 5 ? 3 : 12);
  if (rng_below(8) == 0)
    put_char(t, ' ');
  switch (r) {
  case 0:
    put_uint(t, rng_below(rng_below(4) == 0 ? 100000 : 10));
    break;
  case 1:
    put_str(t, var_names[rng_below(NVARS)]);
    break;
  case 2:
    put_char(t, '(');
    gen_expr(t, depth + 1);
    put_char(t, ')');
    break;
  case 3:
    put_char(t, '-');
    gen_expr(t, depth + 1);
    break;
  case 4: {
    static const char *const fn[] = {"min", "max", "abs", "clamp", "sel"};
    static const int arity[] = {2, 2, 1, 3, 3};
    unsigned f = rng_below(5);
    put_str(t, fn[f]);
    put_char(t, '(');
    for (int i = 0; i < arity[f]; i++) {
      if (i)
        put_str(t, rng_below(2) ? ", " : ",");
      gen_expr(t, depth + 1);
    }
    put_char(t, ')');
    break;
  }
  default: {
    static const char ops[] = "+-*+-*/%<";
    gen_expr(t, depth + 1);
    put_char(t, ops[rng_below(9)]);
    if (rng_below(4) == 0)
      put_char(t, ' ');
    gen_expr(t, depth + 1);
  }
  }
}

static void gen_json(text *t, int depth) {
  unsigned r = rng_below(depth > 4 ? 5 : 8);
  switch (r) {
  case 0:
    put_uint(t, rng_below(1000000));
    break;
  case 1:
    put_str(t, rng_below(2) ? "true" : (rng_below(2) ? "false" : "null"));
    break;
  case 2:
  case 3: {
    unsigned n = 1 + rng_below(12);
    put_char(t, '"');
    for (unsigned i = 0; i < n; i++) {
      unsigned c = rng_below(40);
      if (c == 0)
        put_str(t, "\\n");
      else if (c == 1)
        put_str(t, "\\\"");
      else if (c == 2)
        put_str(t, "\\u00e9");
      else
        put_char(t, (char)('a' + c % 26));
    }
    put_char(t, '"');
    break;
  }
  case 4:
    put_char(t, '-');
    put_uint(t, rng_below(5000));
    break;
  case 5:
  case 6: {
    unsigned n = rng_below(6);
    put_char(t, '{');
    for (unsigned i = 0; i < n; i++) {
      if (i)
        put_char(t, ',');
      put_str(t, "\"k");
      put_uint(t, rng_below(50));
      put_str(t, "\": ");
      gen_json(t, depth + 1);
    }
    put_char(t, '}');
    break;
  }
  default: {
    unsigned n = rng_below(8);
    put_char(t, '[');
    for (unsigned i = 0; i < n; i++) {
      if (i)
        put_str(t, ", ");
      gen_json(t, depth + 1);
    }
    put_char(t, ']');
  }
  }
}

/* ---- parser state -------------------------------------------------------- */

typedef struct {
  const char *s;
  size_t pos, len;
  int error;     /* 0 = ok */
  size_t errpos; /* where the first error was seen */
} parser;

static void fail(parser *p) {
  if (!p->error) {
    p->error = 1;
    p->errpos = p->pos;
  }
}

static int peek(parser *p) {
  while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\n' || p->s[p->pos] == '\t'))
    p->pos++;
  return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static int accept(parser *p, int c) {
  if (peek(p) == c) {
    p->pos++;
    return 1;
  }
  return 0;
}

static void expect(parser *p, int c) {
  if (!accept(p, c))
    fail(p);
}

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

/* ---- expressions: wrap-around 64-bit arithmetic, no UB ------------------- */

static uint64_t parse_sum(parser *p, int depth);

static uint64_t parse_number(parser *p) {
  uint64_t v = 0;
  while (p->pos < p->len && is_digit((unsigned char)p->s[p->pos]))
    v = v * 10 + (uint64_t)(p->s[p->pos++] - '0');
  return v;
}

static int64_t as_signed(uint64_t v) {
  /* Two's complement reinterpretation without implementation-defined casts. */
  return v <= (uint64_t)INT64_MAX ? (int64_t)v : -(int64_t)(~v) - 1;
}

static uint64_t call_builtin(parser *p, const char *name, size_t n, uint64_t *a, int argc) {
  int64_t x = argc > 0 ? as_signed(a[0]) : 0, y = argc > 1 ? as_signed(a[1]) : 0;
  if (n == 3 && !memcmp(name, "min", 3) && argc == 2)
    return x < y ? a[0] : a[1];
  if (n == 3 && !memcmp(name, "max", 3) && argc == 2)
    return x > y ? a[0] : a[1];
  if (n == 3 && !memcmp(name, "abs", 3) && argc == 1)
    return x < 0 ? 0 - a[0] : a[0];
  if (n == 5 && !memcmp(name, "clamp", 5) && argc == 3) {
    int64_t z = as_signed(a[2]);
    return x < y ? a[1] : (x > z ? a[2] : a[0]);
  }
  if (n == 3 && !memcmp(name, "sel", 3) && argc == 3)
    return a[0] ? a[1] : a[2];
  fail(p); /* unknown function or wrong arity */
  return 0;
}

static uint64_t parse_primary(parser *p, int depth) {
  int c = peek(p);
  if (depth > 200) {
    fail(p);
    return 0;
  }
  if (is_digit(c))
    return parse_number(p);
  if (c == '(') {
    uint64_t v;
    p->pos++;
    v = parse_sum(p, depth + 1);
    expect(p, ')');
    return v;
  }
  if (c == '-') {
    p->pos++;
    return 0 - parse_primary(p, depth + 1);
  }
  if (is_alpha(c)) {
    size_t start = p->pos, n;
    const char *name = p->s + start;
    while (p->pos < p->len && (is_alpha((unsigned char)p->s[p->pos]) || is_digit((unsigned char)p->s[p->pos])))
      p->pos++;
    n = p->pos - start;
    if (accept(p, '(')) {
      uint64_t args[4] = {0, 0, 0, 0};
      int argc = 0;
      if (!accept(p, ')')) {
        do {
          uint64_t v = parse_sum(p, depth + 1);
          if (argc < 4)
            args[argc] = v;
          argc++;
        } while (!p->error && accept(p, ','));
        expect(p, ')');
      }
      return call_builtin(p, name, n, args, argc);
    }
    for (int i = 0; i < NVARS; i++)
      if (strlen(var_names[i]) == n && !memcmp(var_names[i], name, n))
        return (uint64_t)var_values[i];
    fail(p); /* undefined variable */
    return 0;
  }
  fail(p);
  return 0;
}

static uint64_t parse_product(parser *p, int depth) {
  uint64_t v = parse_primary(p, depth);
  for (;;) {
    int c = peek(p);
    uint64_t r;
    if (c != '*' && c != '/' && c != '%')
      return v;
    p->pos++;
    r = parse_primary(p, depth);
    if (c == '*') {
      v *= r;
    } else {
      int64_t a = as_signed(v), b = as_signed(r);
      if (b == 0 || (b == -1 && a == INT64_MIN))
        v = 0; /* defined result for the undefined cases */
      else
        v = (uint64_t)(c == '/' ? a / b : a % b);
    }
  }
}

static uint64_t parse_sum(parser *p, int depth) {
  uint64_t v = parse_product(p, depth);
  for (;;) {
    int c = peek(p);
    if (c == '+') {
      p->pos++;
      v += parse_product(p, depth);
    } else if (c == '-') {
      p->pos++;
      v -= parse_product(p, depth);
    } else if (c == '<') {
      p->pos++;
      v = as_signed(v) < as_signed(parse_product(p, depth));
    } else {
      return v;
    }
  }
}

/* ---- JSON ---------------------------------------------------------------- */

typedef struct {
  unsigned objects, arrays, strings, numbers, literals, max_depth;
} json_stats;

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ull; }

static int hexval(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static uint64_t parse_string(parser *p) {
  uint64_t h = 0xcbf29ce484222325ull;
  if (!accept(p, '"')) {
    fail(p);
    return 0;
  }
  while (p->pos < p->len) {
    unsigned char c = (unsigned char)p->s[p->pos++];
    if (c == '"')
      return h;
    if (c == '\\') {
      if (p->pos >= p->len)
        break;
      c = (unsigned char)p->s[p->pos++];
      switch (c) {
      case 'n': h = mix(h, '\n'); break;
      case 't': h = mix(h, '\t'); break;
      case '"': h = mix(h, '"'); break;
      case '\\': h = mix(h, '\\'); break;
      case '/': h = mix(h, '/'); break;
      case 'u': {
        unsigned cp = 0;
        for (int i = 0; i < 4; i++) {
          int d = p->pos < p->len ? hexval((unsigned char)p->s[p->pos]) : -1;
          if (d < 0) {
            fail(p);
            return h;
          }
          cp = cp * 16 + (unsigned)d;
          p->pos++;
        }
        h = mix(h, cp);
        break;
      }
      default:
        fail(p);
        return h;
      }
    } else if (c < 0x20) {
      fail(p);
      return h;
    } else {
      h = mix(h, c);
    }
  }
  fail(p); /* unterminated */
  return h;
}

static uint64_t parse_value(parser *p, json_stats *st, unsigned depth) {
  int c = peek(p);
  uint64_t h;
  if (depth > st->max_depth)
    st->max_depth = depth;
  if (depth > 64) {
    fail(p);
    return 0;
  }
  switch (c) {
  case '{':
    p->pos++;
    st->objects++;
    h = 0x7b;
    if (accept(p, '}'))
      return h;
    do {
      uint64_t k = parse_string(p);
      expect(p, ':');
      /* Member order is significant in the hash: keeps it simple. */
      h = mix(h, k ^ (parse_value(p, st, depth + 1) << 1));
    } while (!p->error && accept(p, ','));
    expect(p, '}');
    return h;
  case '[': {
    uint64_t i = 0;
    p->pos++;
    st->arrays++;
    h = 0x5b;
    if (accept(p, ']'))
      return h;
    do
      h = mix(h, parse_value(p, st, depth + 1) + i++);
    while (!p->error && accept(p, ','));
    expect(p, ']');
    return h;
  }
  case '"':
    st->strings++;
    return parse_string(p);
  case 't':
  case 'f':
  case 'n': {
    static const char *const lit[] = {"true", "false", "null"};
    int k = c == 't' ? 0 : (c == 'f' ? 1 : 2);
    size_t n = strlen(lit[k]);
    st->literals++;
    if (p->pos + n <= p->len && !memcmp(p->s + p->pos, lit[k], n)) {
      p->pos += n;
      return (uint64_t)k + 1;
    }
    fail(p);
    return 0;
  }
  default:
    if (c == '-' || is_digit(c)) {
      int neg = accept(p, '-');
      uint64_t v;
      if (!is_digit(peek(p))) {
        fail(p);
        return 0;
      }
      v = parse_number(p);
      st->numbers++;
      return neg ? 0 - v : v;
    }
    fail(p);
    return 0;
  }
}

/* ---- driver -------------------------------------------------------------- */

static void corrupt(text *t) {
  /* Replace one character with something that usually breaks the syntax. */
  static const char junk[] = ")(,:]}\"#@";
  if (t->len) {
    unsigned at = rng_below((unsigned)t->len); /* sequenced: same on all compilers */
    t->buf[at] = junk[rng_below(sizeof junk - 1)];
  }
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (*end || *size < 1)
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
  static text t;
  json_stats st = {0, 0, 0, 0, 0, 0};
  long size;
  int input;
  uint64_t sum = 0, errors = 0, bytes = 0, err_pos_sum = 0;
  if (!parse_args(argc, argv, &size, &input)) {
    fprintf(stderr, "usage: parser SIZE [INPUT 0-2]\n");
    return 2;
  }
  rng_state = 0x9a55e7ull + (uint64_t)input;
  for (long i = 0; i < size; i++) {
    int json = input == 1 || (input == 2 && (i & 1));
    parser p;
    uint64_t v;
    t.len = 0;
    if (json) {
      put_char(&t, '[');
      for (int k = 0; k < 12; k++) {
        if (k)
          put_str(&t, ",\n");
        gen_json(&t, 1);
      }
      put_char(&t, ']');
    } else {
      for (int k = 0; k < 8; k++) {
        if (k)
          put_str(&t, "+\n");
        gen_expr(&t, 0);
      }
    }
    if (input == 2 && rng_below(16) == 0)
      corrupt(&t);
    bytes += t.len;
    p.s = t.buf;
    p.len = t.len;
    p.pos = 0;
    p.error = 0;
    p.errpos = 0;
    v = json ? parse_value(&p, &st, 0) : parse_sum(&p, 0);
    if (!p.error && peek(&p) != -1)
      fail(&p); /* trailing garbage */
    if (p.error) {
      errors++;
      err_pos_sum += p.errpos;
    } else {
      sum = mix(sum, v);
    }
  }
  printf("checksum %016" PRIx64 "\n", sum ^ (err_pos_sum << 32));
  printf("bytes %" PRIu64 " errors %" PRIu64 " objects %u arrays %u strings %u numbers %u depth %u\n",
         bytes, errors, st.objects, st.arrays, st.strings, st.numbers, st.max_depth);
  return 0;
}
