/* fsmtab: a table-driven state machine recognising a small record format.
 *
 * The input is generated text of records `name=value;` where a name is
 * letters and digits starting with a letter, a value is a decimal number
 * (optional sign), a quoted string with backslash escapes, or a list
 * `[n,n,...]`; `#` starts a comment to the end of the line.  A character
 * class table maps bytes to 10 classes and a 12-state transition table
 * drives the scanner; actions are small and looked up per transition.  The
 * error state resynchronises at the next ';' or newline.
 * INPUT: 0 clean numeric records; 1 string- and comment-heavy;
 *        2 10% corrupted bytes (error recovery).
 * Usage: fsmtab SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum {
  C_ALPHA,
  C_DIGIT,
  C_EQ,
  C_SEMI,
  C_QUOTE,
  C_BSL,
  C_LBR,
  C_RBR,
  C_COMMA,
  C_HASH,
  C_NL,
  C_SIGN,
  C_OTHER,
  NCLASS
};
enum {
  S_START,
  S_NAME,
  S_EQ,
  S_SIGN,
  S_NUM,
  S_STR,
  S_ESC,
  S_LIST,
  S_LNUM,
  S_END,
  S_COMMENT,
  S_ERR,
  NSTATE
};
/* actions */
enum {
  A_NONE,
  A_NAME,
  A_DIGIT,
  A_LDIGIT,
  A_LITEM,
  A_STRCH,
  A_DONE,
  A_ERR,
  A_NEG
};

static unsigned char cls[256];
static unsigned char next_state[NSTATE][NCLASS];
static unsigned char action[NSTATE][NCLASS];

static void set(int s, int c, int t, int a) {
  next_state[s][c] = (unsigned char)t;
  action[s][c] = (unsigned char)a;
}

static void init_tables(void) {
  for (int b = 0; b < 256; b++) {
    int c = C_OTHER;
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_')
      c = C_ALPHA;
    else if (b >= '0' && b <= '9')
      c = C_DIGIT;
    else
      switch (b) {
      case '=':
        c = C_EQ;
        break;
      case ';':
        c = C_SEMI;
        break;
      case '"':
        c = C_QUOTE;
        break;
      case '\\':
        c = C_BSL;
        break;
      case '[':
        c = C_LBR;
        break;
      case ']':
        c = C_RBR;
        break;
      case ',':
        c = C_COMMA;
        break;
      case '#':
        c = C_HASH;
        break;
      case '\n':
        c = C_NL;
        break;
      case '-':
      case '+':
        c = C_SIGN;
        break;
      default:
        break;
      }
    cls[b] = (unsigned char)c;
  }
  for (int s = 0; s < NSTATE; s++)
    for (int c = 0; c < NCLASS; c++)
      set(s, c, S_ERR, A_ERR);
  set(S_START, C_ALPHA, S_NAME, A_NAME);
  set(S_START, C_NL, S_START, A_NONE);
  set(S_START, C_HASH, S_COMMENT, A_NONE);
  set(S_NAME, C_ALPHA, S_NAME, A_NAME);
  set(S_NAME, C_DIGIT, S_NAME, A_NAME);
  set(S_NAME, C_EQ, S_EQ, A_NONE);
  set(S_EQ, C_DIGIT, S_NUM, A_DIGIT);
  set(S_EQ, C_SIGN, S_SIGN, A_NEG);
  set(S_EQ, C_QUOTE, S_STR, A_NONE);
  set(S_EQ, C_LBR, S_LIST, A_NONE);
  set(S_SIGN, C_DIGIT, S_NUM, A_DIGIT);
  set(S_NUM, C_DIGIT, S_NUM, A_DIGIT);
  set(S_NUM, C_SEMI, S_START, A_DONE);
  for (int c = 0; c < NCLASS; c++) {
    set(S_STR, c, S_STR, A_STRCH);
    set(S_ESC, c, S_STR, A_STRCH);
    set(S_COMMENT, c, S_COMMENT, A_NONE);
    set(S_ERR, c, S_ERR, A_NONE);
  }
  set(S_STR, C_BSL, S_ESC, A_NONE);
  set(S_STR, C_QUOTE, S_END, A_NONE);
  set(S_STR, C_NL, S_ERR, A_ERR);
  set(S_END, C_SEMI, S_START, A_DONE);
  set(S_LIST, C_DIGIT, S_LNUM, A_LDIGIT);
  set(S_LIST, C_RBR, S_END, A_NONE);
  set(S_LNUM, C_DIGIT, S_LNUM, A_LDIGIT);
  set(S_LNUM, C_COMMA, S_LIST, A_LITEM);
  set(S_LNUM, C_RBR, S_END, A_LITEM);
  set(S_COMMENT, C_NL, S_START, A_NONE);
  set(S_ERR, C_SEMI, S_START, A_NONE);
  set(S_ERR, C_NL, S_START, A_NONE);
}

static uint64_t seed;
static uint32_t rnd(uint32_t n) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 33) % n;
}

static size_t gen(unsigned char *t, size_t n, int input) {
  size_t i = 0;
  while (i + 64 < n) {
    unsigned kind = rnd(100);
    if (input == 1 && kind < 20) {
      t[i++] = '#';
      for (unsigned k = rnd(30); k > 0; k--)
        t[i++] = (unsigned char)('a' + rnd(26));
      t[i++] = '\n';
      continue;
    }
    t[i++] = (unsigned char)('a' + rnd(26));
    for (unsigned k = rnd(8); k > 0; k--)
      t[i++] = (unsigned char)(rnd(4) ? 'a' + rnd(26) : '0' + rnd(10));
    t[i++] = '=';
    unsigned v = rnd(100);
    if ((input == 1 && v < 60) || v < 10) {
      t[i++] = '"';
      for (unsigned k = rnd(20); k > 0; k--) {
        if (rnd(10) == 0)
          t[i++] = '\\';
        t[i++] = (unsigned char)(' ' + 1 + rnd(90));
        if (t[i - 1] == '"' || t[i - 1] == '\\')
          t[i - 1] = 'q';
      }
      t[i++] = '"';
    } else if (v < 30) {
      t[i++] = '[';
      for (unsigned k = rnd(6); k > 0; k--) {
        for (unsigned d = 1 + rnd(4); d > 0; d--)
          t[i++] = (unsigned char)('0' + rnd(10));
        if (k > 1)
          t[i++] = ',';
      }
      t[i++] = ']';
    } else {
      if (rnd(4) == 0)
        t[i++] = '-';
      for (unsigned d = 1 + rnd(6); d > 0; d--)
        t[i++] = (unsigned char)('0' + rnd(10));
    }
    t[i++] = ';';
    if (rnd(4) == 0)
      t[i++] = '\n';
  }
  if (input == 2)
    for (size_t k = 0; k < i / 10; k++) {
      size_t at = rnd((uint32_t)i);
      t[at] = (unsigned char)rnd(256);
    }
  return i;
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  long v;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (end == argv[1] || *end || *size < 256 || *size > 1000000000L)
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
    fprintf(stderr, "usage: fsmtab SIZE(>=256) [INPUT 0-2]\n");
    return 2;
  }
  unsigned char *text = malloc((size_t)size);
  if (!text) {
    fprintf(stderr, "fsmtab: out of memory\n");
    return 1;
  }
  init_tables();
  seed = 0xf5a7ull + (uint64_t)input;
  size_t n = gen(text, (size_t)size, input);
  uint64_t sum = 0, name = 0, val = 0, strh = 0;
  unsigned long records = 0, errors = 0, items = 0;
  int neg = 0, st = S_START;
  for (size_t i = 0; i < n; i++) {
    unsigned c = cls[text[i]];
    unsigned a = action[st][c];
    st = next_state[st][c];
    switch (a) {
    case A_NONE:
      break;
    case A_NAME:
      name = name * 131 + text[i];
      break;
    case A_NEG:
      neg = text[i] == '-';
      break;
    case A_DIGIT:
      val = val * 10 + (text[i] - '0');
      break;
    case A_LDIGIT:
      val = val * 10 + (text[i] - '0');
      break;
    case A_LITEM:
      sum += val * 7;
      val = 0;
      items++;
      break;
    case A_STRCH:
      strh = (strh ^ text[i]) * 0x100000001b3ull;
      break;
    case A_DONE:
      sum = (sum ^ name) * 0x9e3779b97f4a7c15ull + (neg ? 0 - val : val) + strh;
      records++;
      name = val = strh = 0;
      neg = 0;
      break;
    default:
      errors++;
      name = val = strh = 0;
      neg = 0;
      break;
    }
  }
  printf("checksum %016" PRIx64 "\n", sum);
  printf("bytes %zu records %lu list-items %lu errors %lu\n", n, records, items,
         errors);
  free(text);
  return 0;
}
