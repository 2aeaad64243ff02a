/* vm: a stack-machine bytecode interpreter running generated programs.
 *
 * A seeded generator writes a small structured program (functions with
 * assignments, if/else, counted loops with data-dependent trip counts, memory
 * traffic and calls to lower-numbered functions, plus a hand-written recursive
 * fib), compiles it straight to bytecode, and the interpreter runs the entry
 * function SIZE times with different arguments.  The hot spot is the
 * switch-based dispatch loop; its case frequencies depend on INPUT:
 *   0  arithmetic-heavy programs, 1  branch-heavy programs,
 *   2  memory- and call-heavy programs.
 * Rare paths: division by zero, stack/frame overflow, step budget exhausted.
 * Usage: vm SIZE [INPUT]; prints a checksum line and a few stats.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t rng_next(void) {
  /* splitmix64 */
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static unsigned rng_below(unsigned n) { return (unsigned)(rng_next() % n); }

enum {
  OP_HALT, OP_PUSH, OP_LOAD, OP_STORE, OP_ADD, OP_SUB, OP_MUL, OP_DIV,
  OP_MOD, OP_AND, OP_OR, OP_XOR, OP_SHL, OP_SHR, OP_LT, OP_EQ,
  OP_NOT, OP_NEG, OP_JMP, OP_JZ, OP_JNZ, OP_CALL, OP_RET, OP_LOADM,
  OP_STOREM, OP_DUP, OP_POP, OP_INC, OP_DECJNZ, OP_EMIT, OP_MIN, OP_MAX,
  OP_COUNT
};

#define CODE_MAX 65536
#define NFUNC 10
#define NLOCAL 8
#define STACK_MAX 512
#define FRAME_MAX 128
#define MEM_WORDS 64

typedef struct {
  int32_t code[CODE_MAX];
  int ncode;
  int entry[NFUNC]; /* code offset of each function */
  int nfunc;
  int overflow; /* generator ran out of code space */
} program;

typedef struct {
  uint64_t stack[STACK_MAX];
  uint64_t locals[FRAME_MAX][NLOCAL];
  int ret_pc[FRAME_MAX];
  uint64_t mem[MEM_WORDS];
  uint64_t out_hash;
  uint64_t steps;
  uint64_t divzero;
  uint64_t errors;
  uint64_t op_count[OP_COUNT];
} machine;

/* Generator weights per input kind: assign, if, loop, store, call, emit. */
static const unsigned stmt_weight[3][6] = {
    {10, 2, 2, 1, 1, 1},
    {3, 10, 3, 1, 1, 1},
    {3, 2, 3, 6, 4, 1},
};

typedef struct {
  program *p;
  int kind;
  int func;       /* index of the function being generated */
  int calls_left; /* at most one call site per function: bounds run time */
} gen;

static void emit(gen *g, int32_t v) {
  if (g->p->ncode >= CODE_MAX) {
    g->p->overflow = 1;
    return;
  }
  g->p->code[g->p->ncode++] = v;
}

static void gen_expr(gen *g, int depth, int loop_depth) {
  unsigned r = rng_below(depth >= 3 ? 4 : 10);
  if (g->kind == 1 && depth >= 1 && rng_below(3) == 0) {
    /* Branch-heavy kind: short-circuit-like conditional value, a JZ per
     * evaluation. */
    int jz, jmp;
    gen_expr(g, depth + 2, loop_depth);
    emit(g, OP_JZ);
    jz = g->p->ncode;
    emit(g, 0);
    gen_expr(g, depth + 2, loop_depth);
    emit(g, OP_JMP);
    jmp = g->p->ncode;
    emit(g, 0);
    if (!g->p->overflow)
      g->p->code[jz] = g->p->ncode;
    emit(g, OP_PUSH);
    emit(g, 0);
    if (!g->p->overflow)
      g->p->code[jmp] = g->p->ncode;
    return;
  }
  if (r == 0) {
    emit(g, OP_PUSH);
    emit(g, (int32_t)rng_below(100));
  } else if (r <= 2 && g->kind == 2 && rng_below(2)) {
    /* Memory-heavy kind: half of the variable reads come from memory. */
    emit(g, OP_PUSH);
    emit(g, (int32_t)rng_below(MEM_WORDS));
    emit(g, OP_LOADM);
  } else if (r <= 2) {
    emit(g, OP_LOAD);
    emit(g, (int32_t)rng_below(5));
  } else if (r == 3) {
    if (loop_depth > 0) {
      emit(g, OP_LOAD);
      emit(g, 5 + (int32_t)rng_below((unsigned)loop_depth));
    } else {
      emit(g, OP_PUSH);
      emit(g, (int32_t)rng_below(7) + 1);
    }
  } else if (r == 4 && g->kind == 2) {
    gen_expr(g, depth + 1, loop_depth);
    emit(g, OP_LOADM);
  } else if (r == 5) {
    gen_expr(g, depth + 1, loop_depth);
    emit(g, rng_below(2) ? OP_NOT : OP_NEG);
  } else {
    static const int32_t arith[] = {OP_ADD, OP_ADD, OP_SUB, OP_MUL, OP_XOR,
                                    OP_AND, OP_OR,  OP_SHL, OP_SHR, OP_DIV,
                                    OP_MOD, OP_MIN, OP_MAX};
    static const int32_t cmp[] = {OP_LT, OP_EQ, OP_LT, OP_AND};
    gen_expr(g, depth + 1, loop_depth);
    gen_expr(g, depth + 1, loop_depth);
    if (g->kind == 1 && rng_below(2))
      emit(g, cmp[rng_below(4)]);
    else
      emit(g, arith[rng_below(sizeof arith / sizeof arith[0])]);
  }
}

static void gen_block(gen *g, int nstmt, int loop_depth, int nest);

static void gen_stmt(gen *g, int loop_depth, int nest) {
  const unsigned *w = stmt_weight[g->kind];
  unsigned total = 0, pick, k;
  for (k = 0; k < 6; k++)
    total += w[k];
  pick = rng_below(total);
  for (k = 0; pick >= w[k]; k++)
    pick -= w[k];
  if ((k == 1 || k == 2) && nest >= 3)
    k = 0; /* keep nesting shallow */
  if (k == 2 && loop_depth >= 2)
    k = 0; /* at most two nested loops */
  if (k == 4 && (g->func == 1 || loop_depth > 0 || g->calls_left == 0))
    k = 3;
  switch (k) {
  case 0: /* local = expr */
    gen_expr(g, 0, loop_depth);
    emit(g, OP_STORE);
    emit(g, 1 + (int32_t)rng_below(4));
    break;
  case 1: { /* if (expr) {...} else {...} */
    int jz, jmp;
    gen_expr(g, 1, loop_depth);
    emit(g, OP_JZ);
    jz = g->p->ncode;
    emit(g, 0);
    gen_block(g, 1 + (int)rng_below(3), loop_depth, nest + 1);
    if (rng_below(2)) {
      emit(g, OP_JMP);
      jmp = g->p->ncode;
      emit(g, 0);
      if (!g->p->overflow)
        g->p->code[jz] = g->p->ncode;
      gen_block(g, 1 + (int)rng_below(2), loop_depth, nest + 1);
      if (!g->p->overflow)
        g->p->code[jmp] = g->p->ncode;
    } else if (!g->p->overflow) {
      g->p->code[jz] = g->p->ncode;
    }
    break;
  }
  case 2: { /* counted loop: trip = (expr & 15) + 1, data dependent */
    int top, ctr = 5 + loop_depth;
    gen_expr(g, 2, loop_depth);
    emit(g, OP_PUSH);
    emit(g, 15);
    emit(g, OP_AND);
    emit(g, OP_PUSH);
    emit(g, 1);
    emit(g, OP_ADD);
    emit(g, OP_STORE);
    emit(g, ctr);
    top = g->p->ncode;
    gen_block(g, 1 + (int)rng_below(3), loop_depth + 1, nest + 1);
    emit(g, OP_DECJNZ);
    emit(g, ctr);
    emit(g, top);
    break;
  }
  case 3: /* mem[expr & 63] = expr */
    gen_expr(g, 1, loop_depth);
    gen_expr(g, 1, loop_depth);
    emit(g, OP_STOREM);
    break;
  case 4: /* local = call f(expr), f < current */
    gen_expr(g, 1, loop_depth);
    emit(g, OP_CALL);
    emit(g, 1 + (int32_t)rng_below((unsigned)g->func - 1));
    emit(g, OP_STORE);
    emit(g, 1 + (int32_t)rng_below(4));
    g->calls_left--;
    break;
  default: /* emit(expr) */
    gen_expr(g, 1, loop_depth);
    emit(g, OP_EMIT);
    break;
  }
}

static void gen_block(gen *g, int nstmt, int loop_depth, int nest) {
  for (int i = 0; i < nstmt; i++)
    gen_stmt(g, loop_depth, nest);
}

/* fib(n) = n < 2 ? n : fib(n-1) + fib(n-2), written by hand: recursion. */
static void gen_fib(gen *g) {
  int jz;
  emit(g, OP_LOAD); emit(g, 0);
  emit(g, OP_PUSH); emit(g, 2);
  emit(g, OP_LT);
  emit(g, OP_JZ);
  jz = g->p->ncode;
  emit(g, 0);
  emit(g, OP_LOAD); emit(g, 0);
  emit(g, OP_RET);
  g->p->code[jz] = g->p->ncode;
  emit(g, OP_LOAD); emit(g, 0);
  emit(g, OP_PUSH); emit(g, 1);
  emit(g, OP_SUB);
  emit(g, OP_CALL); emit(g, 0);
  emit(g, OP_LOAD); emit(g, 0);
  emit(g, OP_PUSH); emit(g, 2);
  emit(g, OP_SUB);
  emit(g, OP_CALL); emit(g, 0);
  emit(g, OP_ADD);
  emit(g, OP_RET);
}

static void generate(program *p, int kind, uint64_t seed) {
  gen g = {p, kind, 0, 1};
  rng_state = seed;
  p->ncode = 0;
  p->overflow = 0;
  p->nfunc = NFUNC;
  p->entry[0] = 0;
  gen_fib(&g);
  for (int f = 1; f < NFUNC; f++) {
    g.func = f;
    g.calls_left = 1;
    p->entry[f] = p->ncode;
    gen_block(&g, 4 + (int)rng_below(6), 0, 0);
    if (f == NFUNC - 1 || rng_below(3) == 0) {
      /* Exercise the recursive function with a small argument (larger for
       * the call-heavy kind, where CALL/RET then dominate). */
      emit(&g, OP_LOAD); emit(&g, 0);
      emit(&g, OP_PUSH); emit(&g, 7);
      emit(&g, OP_AND);
      emit(&g, OP_PUSH); emit(&g, kind == 2 ? 9 : 6);
      emit(&g, OP_ADD);
      emit(&g, OP_CALL); emit(&g, 0);
      emit(&g, OP_STORE); emit(&g, 4);
    }
    gen_expr(&g, 1, 0);
    emit(&g, OP_LOAD); emit(&g, 4);
    emit(&g, OP_ADD);
    emit(&g, OP_RET);
  }
}

#define STEP_BUDGET 50000000ull

/* Runs function `fn` with argument `arg`; returns its result.  Errors (stack
 * or frame overflow, budget) are counted and end the run with result 0. */
static uint64_t run(machine *m, const program *p, int fn, uint64_t arg) {
  const int32_t *code = p->code;
  uint64_t *sp = m->stack; /* next free slot */
  uint64_t *const sp_max = m->stack + STACK_MAX - 4;
  int fp = 0;
  int pc = p->entry[fn];
  uint64_t steps = 0, a, b;
  memset(m->locals[0], 0, sizeof m->locals[0]);
  m->locals[0][0] = arg;
  m->ret_pc[0] = -1;
  for (;;) {
    int32_t op = code[pc++];
    steps++;
    m->op_count[(uint32_t)op % OP_COUNT]++;
    if (sp > sp_max || steps > STEP_BUDGET) {
      m->errors++;
      m->steps += steps;
      return 0;
    }
    switch (op) {
    case OP_HALT:
      m->steps += steps;
      return sp > m->stack ? sp[-1] : 0;
    case OP_PUSH:
      *sp++ = (uint64_t)code[pc++];
      break;
    case OP_LOAD:
      *sp++ = m->locals[fp][code[pc++]];
      break;
    case OP_STORE:
      m->locals[fp][code[pc++]] = *--sp;
      break;
    case OP_ADD:
      b = *--sp;
      sp[-1] += b;
      break;
    case OP_SUB:
      b = *--sp;
      sp[-1] -= b;
      break;
    case OP_MUL:
      b = *--sp;
      sp[-1] *= b;
      break;
    case OP_DIV:
      b = *--sp;
      if (b == 0) {
        m->divzero++;
        sp[-1] = 0;
      } else {
        sp[-1] /= b;
      }
      break;
    case OP_MOD:
      b = *--sp;
      if (b == 0) {
        m->divzero++;
        sp[-1] = 0;
      } else {
        sp[-1] %= b;
      }
      break;
    case OP_AND:
      b = *--sp;
      sp[-1] &= b;
      break;
    case OP_OR:
      b = *--sp;
      sp[-1] |= b;
      break;
    case OP_XOR:
      b = *--sp;
      sp[-1] ^= b;
      break;
    case OP_SHL:
      b = *--sp;
      sp[-1] <<= (b & 15);
      break;
    case OP_SHR:
      b = *--sp;
      sp[-1] >>= (b & 63);
      break;
    case OP_LT:
      b = *--sp;
      sp[-1] = sp[-1] < b;
      break;
    case OP_EQ:
      b = *--sp;
      sp[-1] = sp[-1] == b;
      break;
    case OP_NOT:
      sp[-1] = !sp[-1];
      break;
    case OP_NEG:
      sp[-1] = 0 - sp[-1];
      break;
    case OP_MIN:
      b = *--sp;
      if (b < sp[-1])
        sp[-1] = b;
      break;
    case OP_MAX:
      b = *--sp;
      if (b > sp[-1])
        sp[-1] = b;
      break;
    case OP_JMP:
      pc = code[pc];
      break;
    case OP_JZ:
      if (*--sp == 0)
        pc = code[pc];
      else
        pc++;
      break;
    case OP_JNZ:
      if (*--sp != 0)
        pc = code[pc];
      else
        pc++;
      break;
    case OP_CALL: {
      int callee = code[pc++];
      if (fp + 1 >= FRAME_MAX) {
        m->errors++;
        m->steps += steps;
        return 0;
      }
      fp++;
      memset(m->locals[fp], 0, sizeof m->locals[fp]);
      m->locals[fp][0] = *--sp;
      m->ret_pc[fp] = pc;
      pc = p->entry[callee];
      break;
    }
    case OP_RET:
      a = *--sp;
      if (fp == 0) {
        m->steps += steps;
        return a;
      }
      pc = m->ret_pc[fp];
      fp--;
      *sp++ = a;
      break;
    case OP_LOADM:
      sp[-1] = m->mem[sp[-1] & (MEM_WORDS - 1)];
      break;
    case OP_STOREM:
      a = *--sp;
      b = *--sp;
      m->mem[b & (MEM_WORDS - 1)] = a;
      break;
    case OP_DUP:
      sp[0] = sp[-1];
      sp++;
      break;
    case OP_POP:
      sp--;
      break;
    case OP_INC:
      m->locals[fp][code[pc]] += (uint64_t)code[pc + 1];
      pc += 2;
      break;
    case OP_DECJNZ: {
      uint64_t *c = &m->locals[fp][code[pc]];
      if (--*c != 0)
        pc = code[pc + 1];
      else
        pc += 2;
      break;
    }
    case OP_EMIT:
      a = *--sp;
      m->out_hash = (m->out_hash ^ a) * 0x100000001b3ull;
      break;
    default:
      /* Corrupt bytecode: cannot happen with the generator above. */
      m->errors++;
      m->steps += steps;
      return 0;
    }
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
  static program prog;
  static machine m;
  long size;
  int input;
  uint64_t sum = 0;
  if (!parse_args(argc, argv, &size, &input)) {
    fprintf(stderr, "usage: vm SIZE [INPUT 0-2]\n");
    return 2;
  }
  /* Several programs, so a run is not dominated by one lucky generation. */
  for (int prog_no = 0; prog_no < 4; prog_no++) {
    generate(&prog, input, 0x5eed0000ull + (uint64_t)input * 97 + (uint64_t)prog_no);
    if (prog.overflow) {
      fprintf(stderr, "vm: program %d too large\n", prog_no);
      return 1;
    }
    for (long i = 0; i < size; i++) {
      uint64_t r = run(&m, &prog, NFUNC - 1, (uint64_t)i * 2654435761u);
      sum = (sum ^ r) * 0x100000001b3ull + (uint64_t)i;
    }
  }
  sum ^= m.out_hash;
  for (int k = 0; k < OP_COUNT; k++)
    sum = sum * 31 + m.op_count[k];
  printf("checksum %016" PRIx64 "\n", sum);
  printf("steps %" PRIu64 " divzero %" PRIu64 " errors %" PRIu64 "\n", m.steps,
         m.divzero, m.errors);
  return 0;
}
