/* logic: recursive descent over propositional formulas.
 *
 * Generated formulas over variables a..p with `!`, `&`, `|`, `^`, `->`
 * (right associative), parentheses and constants 0/1 are parsed by a
 * recursive-descent parser (one function per precedence level) into a
 * tree, evaluated under many assignments by a recursive evaluator with
 * short-circuit `&`/`|`/`->`, simplified by a recursive constant folder,
 * and printed back; re-parsing the printed text must give a tree that
 * evaluates the same.  Malformed formulas are rejected with the position.
 * INPUT: 0 shallow formulas; 1 deep nesting (long recursion chains);
 *        2 one formula in four corrupted (error paths).
 * Usage: logic SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { K_VAR, K_CONST, K_NOT, K_AND, K_OR, K_XOR, K_IMP };
typedef struct node {
  int kind, val;
  int l, r;
} node;

#define MAXN 8192
#define MAXT 16384
static node nodes[MAXN];
static int nn;
static const char *src;
static size_t pos;
static int err;

static uint64_t seed;
static uint32_t rnd(uint32_t n) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 33) % n;
}

static int mk(int kind, int val, int l, int r) {
  if (nn >= MAXN) {
    err = 1;
    return 0;
  }
  nodes[nn].kind = kind;
  nodes[nn].val = val;
  nodes[nn].l = l;
  nodes[nn].r = r;
  return nn++;
}

static void skip(void) {
  while (src[pos] == ' ')
    pos++;
}

static int p_imp(void);
static int p_atom(void) {
  skip();
  char c = src[pos];
  if (c >= 'a' && c <= 'p') {
    pos++;
    return mk(K_VAR, c - 'a', -1, -1);
  }
  if (c == '0' || c == '1') {
    pos++;
    return mk(K_CONST, c - '0', -1, -1);
  }
  if (c == '!') {
    pos++;
    int x = p_atom();
    return err ? 0 : mk(K_NOT, 0, x, -1);
  }
  if (c == '(') {
    pos++;
    int x = p_imp();
    if (err)
      return 0;
    skip();
    if (src[pos] != ')') {
      err = 1;
      return 0;
    }
    pos++;
    return x;
  }
  err = 1;
  return 0;
}

static int p_and(void) {
  int x = p_atom();
  while (!err) {
    skip();
    if (src[pos] != '&')
      break;
    pos++;
    int y = p_atom();
    x = mk(K_AND, 0, x, y);
  }
  return x;
}

static int p_xor(void) {
  int x = p_and();
  while (!err) {
    skip();
    if (src[pos] != '^')
      break;
    pos++;
    int y = p_and();
    x = mk(K_XOR, 0, x, y);
  }
  return x;
}

static int p_or(void) {
  int x = p_xor();
  while (!err) {
    skip();
    if (src[pos] != '|')
      break;
    pos++;
    int y = p_xor();
    x = mk(K_OR, 0, x, y);
  }
  return x;
}

static int p_imp(void) {
  int x = p_or();
  if (err)
    return 0;
  skip();
  if (src[pos] == '-' && src[pos + 1] == '>') {
    pos += 2;
    int y = p_imp();
    return err ? 0 : mk(K_IMP, 0, x, y);
  }
  return x;
}

static int parse(const char *s, int *root) {
  src = s;
  pos = 0;
  err = 0;
  nn = 0;
  *root = p_imp();
  skip();
  if (!err && src[pos] != '\0')
    err = 1;
  return !err;
}

static int eval(int n, unsigned asg) {
  const node *x = &nodes[n];
  switch (x->kind) {
  case K_VAR:
    return (asg >> x->val) & 1;
  case K_CONST:
    return x->val;
  case K_NOT:
    return !eval(x->l, asg);
  case K_AND:
    return eval(x->l, asg) && eval(x->r, asg);
  case K_OR:
    return eval(x->l, asg) || eval(x->r, asg);
  case K_XOR:
    return eval(x->l, asg) ^ eval(x->r, asg);
  default:
    return !eval(x->l, asg) || eval(x->r, asg);
  }
}

static int fold(int n) {
  node *x = &nodes[n];
  if (x->kind == K_VAR || x->kind == K_CONST)
    return n;
  x->l = fold(x->l);
  if (x->kind != K_NOT)
    x->r = fold(x->r);
  const node *a = &nodes[x->l], *b = x->kind == K_NOT ? NULL : &nodes[x->r];
  if (x->kind == K_NOT && a->kind == K_CONST)
    return mk(K_CONST, !a->val, -1, -1);
  if (b && a->kind == K_CONST && b->kind == K_CONST) {
    int v = x->kind == K_AND   ? a->val && b->val
            : x->kind == K_OR  ? a->val || b->val
            : x->kind == K_XOR ? a->val ^ b->val
                               : !a->val || b->val;
    return mk(K_CONST, v, -1, -1);
  }
  if (x->kind == K_AND &&
      ((a->kind == K_CONST && !a->val) || (b->kind == K_CONST && !b->val)))
    return mk(K_CONST, 0, -1, -1);
  if (x->kind == K_OR &&
      ((a->kind == K_CONST && a->val) || (b->kind == K_CONST && b->val)))
    return mk(K_CONST, 1, -1, -1);
  return n;
}

static size_t emit(int n, char *out, size_t o) {
  const node *x = &nodes[n];
  static const char *const op[] = {"", "", "!", " & ", " | ", " ^ ", " -> "};
  if (o + 8 >= MAXT) {
    err = 1;
    return o;
  }
  switch (x->kind) {
  case K_VAR:
    out[o++] = (char)('a' + x->val);
    break;
  case K_CONST:
    out[o++] = (char)('0' + x->val);
    break;
  case K_NOT:
    out[o++] = '!';
    o = emit(x->l, out, o);
    break;
  default:
    out[o++] = '(';
    o = emit(x->l, out, o);
    for (const char *p = op[x->kind]; *p; p++)
      out[o++] = *p;
    o = emit(x->r, out, o);
    out[o++] = ')';
  }
  out[o] = '\0';
  return o;
}

static size_t gen(char *o, size_t i, int depth, int input) {
  unsigned r = rnd(100);
  if (i + 40 >= MAXT / 2 || depth <= 0 || r < (input == 1 ? 10u : 30u)) {
    o[i++] = rnd(10) ? (char)('a' + rnd(16)) : (char)('0' + rnd(2));
    return i;
  }
  if (r < 40) {
    o[i++] = '!';
    return gen(o, i, depth - 1, input);
  }
  o[i++] = '(';
  i = gen(o, i, depth - 1, input);
  static const char *const ops[] = {" & ", "|", " ^ ", " -> ", "&"};
  for (const char *p = ops[rnd(5)]; *p; p++)
    o[i++] = *p;
  i = gen(o, i, depth - 1, input);
  o[i++] = ')';
  return i;
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  long v;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (end == argv[1] || *end || *size < 1 || *size > 100000000L)
    return 0;
  *input = 0;
  if (argc == 3) {
    v = strtol(argv[2], &end, 10);
    if (end == argv[2] || *end || v < 0 || v > 2)
      return 0;
    *input = (int)v;
  }
  return 1;
}

int main(int argc, char **argv) {
  long size;
  int input;
  static char text[MAXT], back[MAXT];
  if (!parse_args(argc, argv, &size, &input)) {
    fprintf(stderr, "usage: logic SIZE(>=1) [INPUT 0-2]\n");
    return 2;
  }
  seed = 0x1061cull + (uint64_t)input;
  uint64_t sum = 0;
  unsigned long ok = 0, bad = 0, trues = 0;
  for (long f = 0; f < size; f++) {
    size_t len = gen(text, 0, input == 1 ? 14 : 6, input);
    text[len] = '\0';
    if (input == 2 && rnd(4) == 0) {
      size_t at = rnd((uint32_t)len);
      text[at] = "()&|#"[rnd(5)];
    }
    int root;
    if (!parse(text, &root)) {
      bad++;
      sum = sum * 31 + pos;
      continue;
    }
    ok++;
    unsigned vals[32];
    for (int k = 0; k < 32; k++) {
      vals[k] = (unsigned)eval(root, (unsigned)(k * 2654435761u) >> 8);
      trues += vals[k];
      sum = sum * 3 + vals[k];
    }
    root = fold(root);
    err = 0;
    emit(root, back, 0);
    if (err) {
      fprintf(stderr, "logic: printed formula too long\n");
      return 1;
    }
    int root2;
    if (!parse(back, &root2)) {
      fprintf(stderr, "logic: cannot re-parse '%s'\n", back);
      return 1;
    }
    for (int k = 0; k < 32; k++)
      if ((unsigned)eval(root2, (unsigned)(k * 2654435761u) >> 8) != vals[k]) {
        fprintf(stderr, "logic: folded formula differs\n");
        return 1;
      }
    sum += strlen(back);
  }
  printf("checksum %016" PRIx64 "\n", sum);
  printf("formulas %ld parsed %lu rejected %lu true %lu\n", size, ok, bad,
         trues);
  return 0;
}
