/* rpn: a stack calculator driven by a switch over token characters.
 *
 * Generated programs in a reverse-Polish language (integers, + - * / %,
 * dup swap drop over rot, comparisons, `?` conditional select, `[` `]`
 * loop with a counter) are executed by an interpreter whose main loop is
 * a switch on the current character; stack underflow, overflow, division
 * by zero and unbalanced brackets abort the program with an error code.
 * INPUT: 0 arithmetic-heavy programs; 1 stack-shuffle-heavy with loops;
 *        2 programs with injected faults (underflow, division by zero).
 * Usage: rpn SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define STACK 64
#define PROG 512

enum { OK, E_UNDER, E_OVER, E_DIV, E_BRACKET, E_STEPS, E_CHAR };

static uint64_t seed;
static uint32_t rnd(uint32_t n) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 33) % n;
}

static int run(const char *p, int64_t *result, unsigned long *steps) {
  int64_t st[STACK];
  int sp = 0, loop_pc[8], loop_n[8], lp = 0;
  for (int pc = 0; p[pc]; pc++) {
    if (++*steps > 100000000ul)
      return E_STEPS;
    char c = p[pc];
    int64_t a, b;
    switch (c) {
    case ' ':
      break;
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9': {
      int64_t v = 0;
      while (p[pc] >= '0' && p[pc] <= '9')
        v = v * 10 + (p[pc++] - '0');
      pc--;
      if (sp == STACK)
        return E_OVER;
      st[sp++] = v;
      break;
    }
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
    case '<':
    case '=':
      if (sp < 2)
        return E_UNDER;
      b = st[--sp];
      a = st[sp - 1];
      switch (c) {
      case '+':
        a = (int64_t)((uint64_t)a + (uint64_t)b);
        break;
      case '-':
        a = (int64_t)((uint64_t)a - (uint64_t)b);
        break;
      case '*':
        a = (int64_t)((uint64_t)a * (uint64_t)b);
        break;
      case '<':
        a = a < b;
        break;
      case '=':
        a = a == b;
        break;
      default:
        if (b == 0 || (a == INT64_MIN && b == -1))
          return E_DIV;
        a = c == '/' ? a / b : a % b;
      }
      st[sp - 1] = a;
      break;
    case 'd':
      if (sp < 1)
        return E_UNDER;
      if (sp == STACK)
        return E_OVER;
      st[sp] = st[sp - 1];
      sp++;
      break;
    case 's':
      if (sp < 2)
        return E_UNDER;
      a = st[sp - 1];
      st[sp - 1] = st[sp - 2];
      st[sp - 2] = a;
      break;
    case 'x':
      if (sp < 1)
        return E_UNDER;
      sp--;
      break;
    case 'o':
      if (sp < 2)
        return E_UNDER;
      if (sp == STACK)
        return E_OVER;
      st[sp] = st[sp - 2];
      sp++;
      break;
    case 'r':
      if (sp < 3)
        return E_UNDER;
      a = st[sp - 3];
      st[sp - 3] = st[sp - 2];
      st[sp - 2] = st[sp - 1];
      st[sp - 1] = a;
      break;
    case '?':
      if (sp < 3)
        return E_UNDER;
      sp -= 2;
      st[sp - 1] = st[sp - 1] ? st[sp] : st[sp + 1];
      break;
    case '[':
      if (sp < 1)
        return E_UNDER;
      if (lp == 8)
        return E_BRACKET;
      a = st[--sp];
      loop_pc[lp] = pc;
      loop_n[lp++] = (int)((uint64_t)a % 8);
      break;
    case ']':
      if (lp == 0)
        return E_BRACKET;
      if (loop_n[lp - 1]-- > 0)
        pc = loop_pc[lp - 1];
      else
        lp--;
      break;
    default:
      return E_CHAR;
    }
  }
  if (lp != 0)
    return E_BRACKET;
  if (sp < 1)
    return E_UNDER;
  *result = st[sp - 1];
  return OK;
}

static int gen(char *o, int input) {
  int i = 0, depth = 0, open = 0;
  while (i < PROG - 40) {
    unsigned r = rnd(100);
    if (depth < 2 || r < 30) {
      i += sprintf(o + i, "%u ", rnd(input == 0 ? 1000 : 20));
      depth++;
    } else if (input == 1 && r < 70) {
      static const char sh[] = "dsxor";
      char c = sh[rnd(5)];
      if (c == 'r' && depth < 3)
        c = 's';
      o[i++] = c;
      o[i++] = ' ';
      depth += c == 'd' || c == 'o' ? 1 : c == 'x' ? -1 : 0;
    } else if (input == 1 && r < 78 && open < 3) {
      o[i++] = '[';
      depth--;
      open++;
    } else if (open > 0 && r < 84) {
      o[i++] = ']';
      open--;
    } else {
      o[i++] = "+-*+*-+/%<=?"[rnd(r < 90 ? 9 : 12)];
      o[i++] = ' ';
      depth -= o[i - 2] == '?' ? 2 : 1;
      if (o[i - 2] == '?' && depth < 1) {
        o[i - 2] = '+';
        depth += 1;
      }
    }
    if (depth > STACK - 4)
      break;
  }
  while (open-- > 0)
    o[i++] = ']';
  if (input == 2 && rnd(3) == 0) {
    size_t at = rnd((uint32_t)i);
    o[at] = "x/]0"[rnd(4)];
  }
  o[i] = '\0';
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
  if (!parse_args(argc, argv, &size, &input)) {
    fprintf(stderr, "usage: rpn SIZE(>=1) [INPUT 0-2]\n");
    return 2;
  }
  seed = 0x7b9ull + (uint64_t)input * 5;
  static char prog[PROG + 8];
  unsigned long errs[7] = {0}, steps = 0;
  uint64_t sum = 0;
  for (long k = 0; k < size; k++) {
    gen(prog, input);
    int64_t v = 0;
    int e = run(prog, &v, &steps);
    errs[e]++;
    sum = sum * 31 + (e == OK ? (uint64_t)v : (uint64_t)e * 0x1000);
  }
  printf("checksum %016" PRIx64 "\n", sum);
  printf("programs %ld ok %lu underflow %lu overflow %lu div0 %lu bracket %lu "
         "steps %lu\n",
         size, errs[OK], errs[E_UNDER], errs[E_OVER], errs[E_DIV],
         errs[E_BRACKET], steps);
  return 0;
}
