/* regex: a small regular-expression engine, two matchers cross-checked.
 *
 * Patterns (literals, '.', classes [a-z0-9_] and [^...], '*', '+', '?', '|',
 * groups, '^', '$', escapes \d \w \s) are parsed by recursive descent into a
 * tree, then compiled to a Thompson-style program (CHAR, ANY, CLASS, SPLIT,
 * JMP, BOL, EOL, MATCH).  Every generated text line is searched with
 *   the Pike VM: breadth-first simulation with a sparse-set thread list, no
 *     backtracking, linear in the line length, and
 *   a recursive backtracking matcher over the same program, with a step
 *     budget (exceeding it is counted; the Pike VM answer is then used).
 * The two must agree whenever the backtracker finished, else exit 1.
 * INPUT: 0 log lines and log-style patterns ("error [0-9]+", ...),
 *        1 source-like lines and identifier/alternation patterns,
 *        2 long lines and patterns with many '.*' (backtracking-heavy).
 * Usage: regex SIZE [INPUT]; SIZE is the number of lines.
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

/* ---- parse --------------------------------------------------------------- */

enum nkind { N_CHAR, N_ANY, N_CLASS, N_CAT, N_ALT, N_STAR, N_PLUS, N_QUEST, N_BOL, N_EOL, N_EMPTY };

#define MAX_NODES 512
#define MAX_CLASSES 32
#define MAX_INSTS 1024

typedef struct {
  enum nkind kind;
  int c;    /* N_CHAR: byte; N_CLASS: class index */
  int l, r; /* children */
} node;

typedef struct {
  const char *s;
  size_t pos;
  int error;
  node nodes[MAX_NODES];
  int nnodes;
  uint32_t classes[MAX_CLASSES][8];
  int nclasses;
} rparser;

static int new_node(rparser *p, enum nkind k, int c, int l, int r) {
  if (p->nnodes >= MAX_NODES) {
    p->error = 1;
    return 0;
  }
  p->nodes[p->nnodes] = (node){k, c, l, r};
  return p->nnodes++;
}

static void class_set(uint32_t *cls, unsigned c) { cls[c >> 5] |= 1u << (c & 31); }

static int escape_class(rparser *p, uint32_t *cls, int c) {
  switch (c) {
  case 'd':
    for (unsigned k = '0'; k <= '9'; k++)
      class_set(cls, k);
    return 1;
  case 'w':
    for (unsigned k = 0; k < 256; k++)
      if ((k >= 'a' && k <= 'z') || (k >= 'A' && k <= 'Z') || (k >= '0' && k <= '9') || k == '_')
        class_set(cls, k);
    return 1;
  case 's':
    class_set(cls, ' ');
    class_set(cls, '\t');
    return 1;
  default:
    (void)p;
    return 0;
  }
}

static int parse_alt(rparser *p, int depth);

static int parse_atom(rparser *p, int depth) {
  unsigned char c = (unsigned char)p->s[p->pos];
  if (depth > 50) {
    p->error = 1;
    return 0;
  }
  switch (c) {
  case '(': {
    int n;
    p->pos++;
    n = parse_alt(p, depth + 1);
    if (p->s[p->pos] != ')') {
      p->error = 1;
      return n;
    }
    p->pos++;
    return n;
  }
  case '.':
    p->pos++;
    return new_node(p, N_ANY, 0, -1, -1);
  case '^':
    p->pos++;
    return new_node(p, N_BOL, 0, -1, -1);
  case '$':
    p->pos++;
    return new_node(p, N_EOL, 0, -1, -1);
  case '[': {
    uint32_t *cls;
    int negate = 0, idx;
    if (p->nclasses >= MAX_CLASSES) {
      p->error = 1;
      return 0;
    }
    idx = p->nclasses++;
    cls = p->classes[idx];
    memset(cls, 0, 8 * sizeof *cls);
    p->pos++;
    if (p->s[p->pos] == '^') {
      negate = 1;
      p->pos++;
    }
    while (p->s[p->pos] && p->s[p->pos] != ']') {
      unsigned lo = (unsigned char)p->s[p->pos++], hi = lo;
      if (lo == '\\' && p->s[p->pos]) {
        lo = hi = (unsigned char)p->s[p->pos++];
        if (escape_class(p, cls, (int)lo))
          continue;
      }
      if (p->s[p->pos] == '-' && p->s[p->pos + 1] && p->s[p->pos + 1] != ']') {
        hi = (unsigned char)p->s[p->pos + 1];
        p->pos += 2;
      }
      for (unsigned k = lo; k <= hi; k++)
        class_set(cls, k);
    }
    if (p->s[p->pos] != ']') {
      p->error = 1;
      return 0;
    }
    p->pos++;
    if (negate)
      for (int k = 0; k < 8; k++)
        cls[k] = ~cls[k];
    return new_node(p, N_CLASS, idx, -1, -1);
  }
  case '\\': {
    unsigned char e = (unsigned char)p->s[p->pos + 1];
    if (!e) {
      p->error = 1;
      return 0;
    }
    p->pos += 2;
    if (e == 'd' || e == 'w' || e == 's') {
      int idx;
      if (p->nclasses >= MAX_CLASSES) {
        p->error = 1;
        return 0;
      }
      idx = p->nclasses++;
      memset(p->classes[idx], 0, sizeof p->classes[idx]);
      escape_class(p, p->classes[idx], e);
      return new_node(p, N_CLASS, idx, -1, -1);
    }
    return new_node(p, N_CHAR, e, -1, -1);
  }
  case '\0': case '*': case '+': case '?': case '|': case ')':
    p->error = 1; /* nothing to repeat, or empty atom */
    return 0;
  default:
    p->pos++;
    return new_node(p, N_CHAR, c, -1, -1);
  }
}

static int parse_repeat(rparser *p, int depth) {
  int n = parse_atom(p, depth);
  for (;;) {
    char c = p->s[p->pos];
    if (c == '*')
      n = new_node(p, N_STAR, 0, n, -1);
    else if (c == '+')
      n = new_node(p, N_PLUS, 0, n, -1);
    else if (c == '?')
      n = new_node(p, N_QUEST, 0, n, -1);
    else
      return n;
    p->pos++;
  }
}

static int parse_concat(rparser *p, int depth) {
  int n = -1;
  while (!p->error && p->s[p->pos] && p->s[p->pos] != '|' && p->s[p->pos] != ')') {
    int a = parse_repeat(p, depth);
    n = n < 0 ? a : new_node(p, N_CAT, 0, n, a);
  }
  return n < 0 ? new_node(p, N_EMPTY, 0, -1, -1) : n;
}

static int parse_alt(rparser *p, int depth) {
  int n = parse_concat(p, depth);
  while (!p->error && p->s[p->pos] == '|') {
    p->pos++;
    n = new_node(p, N_ALT, 0, n, parse_concat(p, depth));
  }
  return n;
}

/* ---- compile ------------------------------------------------------------- */

enum op { I_CHAR, I_ANY, I_CLASS, I_SPLIT, I_JMP, I_BOL, I_EOL, I_MATCH };

typedef struct {
  enum op op;
  int arg;  /* CHAR byte, CLASS index */
  int x, y; /* SPLIT targets (x preferred), JMP target x */
} inst;

typedef struct {
  inst code[MAX_INSTS];
  int n;
  int overflow;
  const uint32_t (*classes)[8];
} prog;

static int emit(prog *g, enum op op, int arg, int x, int y) {
  if (g->n >= MAX_INSTS) {
    g->overflow = 1;
    return MAX_INSTS - 1;
  }
  g->code[g->n] = (inst){op, arg, x, y};
  return g->n++;
}

static void gen(prog *g, const rparser *p, int ni) {
  const node *nd = &p->nodes[ni];
  int a, b;
  switch (nd->kind) {
  case N_CHAR:
    emit(g, I_CHAR, nd->c, 0, 0);
    break;
  case N_ANY:
    emit(g, I_ANY, 0, 0, 0);
    break;
  case N_CLASS:
    emit(g, I_CLASS, nd->c, 0, 0);
    break;
  case N_BOL:
    emit(g, I_BOL, 0, 0, 0);
    break;
  case N_EOL:
    emit(g, I_EOL, 0, 0, 0);
    break;
  case N_EMPTY:
    break;
  case N_CAT:
    gen(g, p, nd->l);
    gen(g, p, nd->r);
    break;
  case N_ALT:
    a = emit(g, I_SPLIT, 0, 0, 0);
    g->code[a].x = g->n;
    gen(g, p, nd->l);
    b = emit(g, I_JMP, 0, 0, 0);
    g->code[a].y = g->n;
    gen(g, p, nd->r);
    g->code[b].x = g->n;
    break;
  case N_STAR:
    a = emit(g, I_SPLIT, 0, 0, 0);
    g->code[a].x = g->n;
    gen(g, p, nd->l);
    emit(g, I_JMP, 0, a, 0);
    g->code[a].y = g->n;
    break;
  case N_PLUS:
    a = g->n;
    gen(g, p, nd->l);
    emit(g, I_SPLIT, 0, a, g->n + 1);
    break;
  case N_QUEST:
    a = emit(g, I_SPLIT, 0, 0, 0);
    g->code[a].x = g->n;
    gen(g, p, nd->l);
    g->code[a].y = g->n;
    break;
  }
}

static int compile(const char *re, rparser *p, prog *g) {
  int root;
  memset(p, 0, sizeof *p);
  p->s = re;
  root = parse_alt(p, 0);
  if (p->error || p->s[p->pos] != '\0')
    return 0;
  g->n = 0;
  g->overflow = 0;
  g->classes = (const uint32_t(*)[8])p->classes;
  gen(g, p, root);
  emit(g, I_MATCH, 0, 0, 0);
  return !g->overflow;
}

/* ---- Pike VM ------------------------------------------------------------- */

typedef struct {
  int dense[MAX_INSTS];
  int sparse[MAX_INSTS];
  int n;
} tlist;

static int class_has(const uint32_t *cls, unsigned c) { return (cls[c >> 5] >> (c & 31)) & 1; }

static void add_thread(const prog *g, tlist *l, int pc, const unsigned char *s, size_t i, size_t n) {
  /* Follows the epsilon moves (explicit stack: recursion depth is bounded
   * anyway, but this keeps it shallow). */
  int stack[MAX_INSTS * 2], sp = 0;
  stack[sp++] = pc;
  while (sp) {
    int k = stack[--sp];
    if (l->sparse[k] < l->n && l->dense[l->sparse[k]] == k)
      continue;
    l->sparse[k] = l->n;
    l->dense[l->n++] = k;
    switch (g->code[k].op) {
    case I_JMP:
      stack[sp++] = g->code[k].x;
      break;
    case I_SPLIT:
      stack[sp++] = g->code[k].y;
      stack[sp++] = g->code[k].x;
      break;
    case I_BOL:
      if (i == 0)
        stack[sp++] = k + 1;
      break;
    case I_EOL:
      if (i == n)
        stack[sp++] = k + 1;
      break;
    default:
      break;
    }
  }
  (void)s;
}

static int pike_search(const prog *g, const unsigned char *s, size_t n, tlist *cur, tlist *next) {
  cur->n = 0;
  for (size_t i = 0;; i++) {
    tlist *t;
    /* Unanchored search: start a new thread at every position. */
    add_thread(g, cur, 0, s, i, n);
    next->n = 0;
    for (int k = 0; k < cur->n; k++) {
      int pc = cur->dense[k];
      const inst *in = &g->code[pc];
      switch (in->op) {
      case I_MATCH:
        return 1;
      case I_CHAR:
        if (i < n && s[i] == (unsigned)in->arg)
          add_thread(g, next, pc + 1, s, i + 1, n);
        break;
      case I_ANY:
        if (i < n)
          add_thread(g, next, pc + 1, s, i + 1, n);
        break;
      case I_CLASS:
        if (i < n && class_has(g->classes[in->arg], s[i]))
          add_thread(g, next, pc + 1, s, i + 1, n);
        break;
      default:
        break; /* epsilon instructions were followed in add_thread */
      }
    }
    if (i >= n)
      return 0;
    t = cur;
    cur = next;
    next = t;
  }
}

/* ---- backtracking -------------------------------------------------------- */

typedef struct {
  const prog *g;
  const unsigned char *s;
  size_t n;
  uint64_t budget;
  int exhausted;
} bt;

static int bt_match(bt *b, int pc, size_t i, int depth) {
  for (;;) {
    const inst *in = &b->g->code[pc];
    if (b->budget == 0 || depth > 2000) {
      b->exhausted = 1;
      return 0;
    }
    b->budget--;
    switch (in->op) {
    case I_MATCH:
      return 1;
    case I_CHAR:
      if (i >= b->n || b->s[i] != (unsigned)in->arg)
        return 0;
      pc++;
      i++;
      break;
    case I_ANY:
      if (i >= b->n)
        return 0;
      pc++;
      i++;
      break;
    case I_CLASS:
      if (i >= b->n || !class_has(b->g->classes[in->arg], b->s[i]))
        return 0;
      pc++;
      i++;
      break;
    case I_BOL:
      if (i != 0)
        return 0;
      pc++;
      break;
    case I_EOL:
      if (i != b->n)
        return 0;
      pc++;
      break;
    case I_JMP:
      pc = in->x;
      break;
    case I_SPLIT:
      if (bt_match(b, in->x, i, depth + 1))
        return 1;
      if (b->exhausted)
        return 0;
      pc = in->y;
      break;
    }
  }
}

static int bt_search(const prog *g, const unsigned char *s, size_t n, int *exhausted) {
  bt b = {g, s, n, 200000, 0};
  for (size_t start = 0; start <= n; start++) {
    if (bt_match(&b, 0, start, 0))
      return 1;
    if (b.exhausted) {
      *exhausted = 1;
      return 0;
    }
  }
  return 0;
}

/* ---- inputs -------------------------------------------------------------- */

/* The last pattern of each set is malformed: it exercises the parser's
 * error path and is rejected. */
#define NPAT 9

static const char *const patterns[3][NPAT] = {
    {"error [0-9]+", "^WARN", "timeout|refused", "user=[a-z]+ id=\\d\\d+", "(GET|POST) /[a-z/]*",
     "[0-9]+ms$", "status=(2|4|5)0[0-9]", "a?b?c?d?e?f?g?h?abcdefgh", "(unclosed"},
    {"^static ", "[a-z_][a-z0-9_]*\\(", "(if|while|for) \\(", "0x[0-9a-f]+", "//.*TODO",
     "return [^;]*;$", "\"[^\"]*\"", "struct \\w+ \\*", "[z-"},
    {"a.*b.*c.*d", "(x|y|z)+.*q", "^.*k.*k.*k.*$", "[aeiou]+x|e.*e.*e.*z", "(ab|a)*c",
     ".*.*.*=", "m(a|b|c)*n(d|e|f)*o", "(a+)+b", "a|*b"},
};

static const char *const log_words[] = {"GET", "POST", "/index", "/api/v1/items", "user=alice",
                                        "user=bob", "id=42", "id=7", "status=200", "status=404",
                                        "status=503", "error", "timeout", "connection", "refused",
                                        "ok", "12ms", "350ms", "WARN", "INFO"};
static const char *const src_words[] = {"static", "int", "x", "=", "foo(", "bar(a,", "b);", "if (",
                                        "while (", "return", "0x1f", "0xdead", "\"str\"", "// TODO",
                                        "struct node *", "p->next;", "{", "}", ";", "for ("};

static size_t gen_line(unsigned char *buf, size_t cap, int input) {
  size_t n = 0;
  if (input == 2) {
    size_t len = 60 + rng_below(140);
    while (n < len && n < cap)
      buf[n++] = (unsigned char)("abcdefghijklmnopqrstuvwxyz =ab"[rng_below(30)]);
    return n;
  }
  for (unsigned w = 0, nw = 3 + rng_below(8); w < nw; w++) {
    const char *s = input == 0 ? log_words[rng_below(20)] : src_words[rng_below(20)];
    if (input == 0 && rng_below(6) == 0) {
      /* a number, sometimes after "error " */
      unsigned v = rng_below(100000);
      char tmp[12];
      int k = 0;
      do {
        tmp[k++] = (char)('0' + v % 10);
        v /= 10;
      } while (v);
      while (k && n < cap)
        buf[n++] = (unsigned char)tmp[--k];
    } else {
      while (*s && n < cap)
        buf[n++] = (unsigned char)*s++;
    }
    if (n < cap && w + 1 < nw)
      buf[n++] = ' ';
  }
  return n;
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (*end || *size < 1 || *size > 100000000)
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
  static rparser rp;
  static prog progs[NPAT];
  static tlist l1, l2;
  unsigned char line[256];
  long size;
  int input, nprog = 0;
  uint64_t matches[NPAT] = {0}, sum = 0, exhausted = 0, bad_patterns = 0;
  if (!parse_args(argc, argv, &size, &input)) {
    fprintf(stderr, "usage: regex SIZE [INPUT 0-2]\n");
    return 2;
  }
  for (int k = 0; k < NPAT; k++) {
    if (!compile(patterns[input][k], &rp, &progs[nprog])) {
      bad_patterns++;
      continue;
    }
    /* Class tables live in the parser; keep a private copy per program. */
    {
      uint32_t(*copy)[8] = malloc(sizeof rp.classes);
      if (!copy) {
        fprintf(stderr, "regex: out of memory\n");
        return 1;
      }
      memcpy(copy, rp.classes, sizeof rp.classes);
      progs[nprog].classes = (const uint32_t(*)[8])copy;
    }
    nprog++;
  }
  rng_state = 0x7e6e7ull * 131 + (uint64_t)input;
  for (long i = 0; i < size; i++) {
    size_t n = gen_line(line, sizeof line, input);
    for (int k = 0; k < nprog; k++) {
      int ex = 0;
      int a = pike_search(&progs[k], line, n, &l1, &l2);
      int b = bt_search(&progs[k], line, n, &ex);
      if (ex) {
        exhausted++;
      } else if (a != b) {
        fprintf(stderr, "regex: pattern %d line %ld: pike %d backtrack %d\n", k, i, a, b);
        return 1;
      }
      matches[k] += (uint64_t)a;
      sum = (sum * 31 + (uint64_t)a) ^ n;
    }
  }
  for (int k = 0; k < nprog; k++) {
    sum = sum * 0x100000001b3ull + matches[k];
    free((void *)progs[k].classes);
  }
  printf("checksum %016" PRIx64 "\n", sum);
  printf("patterns %d rejected %" PRIu64 " exhausted %" PRIu64 " matches", nprog, bad_patterns,
         exhausted);
  for (int k = 0; k < nprog; k++)
    printf(" %" PRIu64, matches[k]);
  printf("\n");
  return 0;
}
