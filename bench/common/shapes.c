/*
 * bench/common/shapes.c -- builds flow graphs of the shapes described in
 * shapes.h through the public pgo_cfg builder API only.
 *
 * Construction uses a "pending" list: the blocks whose next successor is
 * whatever block is placed next.  place() creates a block and links every
 * pending block to it, so structured pieces (diamond, chain, loop, switch,
 * two-entry cycle) compose by appending.  Successor indices follow the
 * order edges are added per block, as the builder defines them.
 */
#include "shapes.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAXPEND 64

typedef struct bld {
  pgo_cfg *g;
  pgo_status st;    /* first failure; later calls are no-ops */
  uint64_t rng;     /* xorshift64 state */
  uint32_t nextoff; /* IL offset of the next block */
  uint32_t limit;   /* blocks wanted */
  uint32_t pend[MAXPEND];
  uint32_t npend;
} bld;

static uint32_t rnd(bld *b, uint32_t bound) {
  b->rng ^= b->rng << 13;
  b->rng ^= b->rng >> 7;
  b->rng ^= b->rng << 17;
  return (uint32_t)((b->rng >> 11) % bound);
}

static uint32_t nblk(const bld *b) { return pgo_cfg_nblocks(b->g); }

static uint32_t blk(bld *b) {
  uint32_t id = 0;
  if (b->st != PGO_OK)
    return 0;
  uint32_t ninstr = 1 + rnd(b, 8);
  b->st = pgo_cfg_add_block(b->g, b->nextoff, ninstr, &id);
  b->nextoff += ninstr;
  return id;
}

static void edge(bld *b, uint32_t s, uint32_t d) {
  if (b->st == PGO_OK)
    b->st = pgo_cfg_add_edge(b->g, s, d);
}

static uint32_t place(bld *b) {
  uint32_t x = blk(b);
  for (uint32_t i = 0; i < b->npend; i++)
    edge(b, b->pend[i], x);
  b->npend = 0;
  return x;
}

static void pend1(bld *b, uint32_t x) {
  b->pend[0] = x;
  b->npend = 1;
}

/* A diamond: cond -> {then, else}; both pending. 3 blocks. */
static void diamond(bld *b) {
  uint32_t c = place(b);
  uint32_t t = blk(b), e = blk(b);
  edge(b, c, t);
  edge(b, c, e);
  b->pend[0] = t;
  b->pend[1] = e;
  b->npend = 2;
}

/* Straight-line / diamond body of exactly k blocks. */
static void body(bld *b, uint32_t k) {
  while (k >= 3 && b->st == PGO_OK) {
    diamond(b);
    k -= 3;
  }
  while (k-- > 0 && b->st == PGO_OK)
    pend1(b, place(b));
}

/* Sets terminators from successor counts, and seeded features. */
static void finalize(bld *b) {
  static const pgo_cmp cmps[] = {PGO_CMP_EQ, PGO_CMP_NE, PGO_CMP_SLT,
                                 PGO_CMP_SGT, PGO_CMP_ULT, PGO_CMP_FLT};
  static const pgo_operand opnds[] = {PGO_OPND_POINTER, PGO_OPND_NULL,
                                      PGO_OPND_ZERO, PGO_OPND_CONST,
                                      PGO_OPND_OTHER, PGO_OPND_FLOAT};
  uint32_t n = nblk(b);
  for (uint32_t i = 0; i < n && b->st == PGO_OK; i++) {
    uint32_t k = pgo_cfg_nsucc(b->g, i);
    pgo_term t = k == 0   ? PGO_TERM_RETURN
                 : k == 1 ? PGO_TERM_JUMP
                 : k == 2 ? PGO_TERM_BRANCH
                          : PGO_TERM_SWITCH;
    b->st = pgo_cfg_set_term(b->g, i, t);
    if (k == 2 && b->st == PGO_OK) {
      pgo_branch_features f = {cmps[rnd(b, 6)], opnds[rnd(b, 6)],
                               opnds[rnd(b, 6)]};
      b->st = pgo_cfg_set_branch(b->g, i, &f);
    }
    unsigned flags = 0;
    if (rnd(b, 5) == 0)
      flags |= PGO_BLOCK_CALLS;
    if (rnd(b, 3) == 0)
      flags |= PGO_BLOCK_STORES;
    if (flags && b->st == PGO_OK)
      b->st = pgo_cfg_set_flags(b->g, i, flags);
  }
}

/* --- shapes --------------------------------------------------------------- */

static void shape_diamonds(bld *b) {
  uint32_t n = b->limit;
  pend1(b, blk(b)); /* entry */
  body(b, n - 2);
  place(b); /* exit */
}

static void shape_loop_nest(bld *b) {
  uint32_t n = b->limit;
  uint32_t depth = n / 100;
  if (depth < 1)
    depth = 1;
  uint32_t per = (n - 2 - 2 * depth) / depth;
  uint32_t extra = (n - 2 - 2 * depth) % depth;
  uint32_t *head = malloc((size_t)depth * sizeof *head);
  if (head == NULL) {
    b->st = PGO_ERR_NOMEM;
    return;
  }
  pend1(b, blk(b)); /* entry */
  for (uint32_t i = 0; i < depth && b->st == PGO_OK; i++) {
    head[i] = place(b);
    pend1(b, head[i]);
    body(b, per + (i < extra));
  }
  /* Latches, innermost first: back edge, then fall out to the next level;
   * each header's second successor skips to its latch (a guarded loop). */
  for (uint32_t i = depth; i-- > 0 && b->st == PGO_OK;) {
    uint32_t l = place(b);
    edge(b, head[i], l);
    edge(b, l, head[i]);
    pend1(b, l);
  }
  place(b); /* exit */
  free(head);
}

static void shape_switch(bld *b) {
  uint32_t n = b->limit;
  uint32_t ncase = n / 10;
  if (ncase < 1)
    ncase = 1;
  uint32_t casebl = n - 4; /* blocks inside the cases */
  uint32_t per = casebl / ncase, extra = casebl % ncase;
  /* Up to two tail blocks per case go to the join. */
  uint32_t *tails = malloc((size_t)ncase * 2 * sizeof *tails);
  uint32_t *first = malloc((size_t)ncase * sizeof *first);
  if (tails == NULL || first == NULL) {
    free(tails);
    free(first);
    b->st = PGO_ERR_NOMEM;
    return;
  }
  uint32_t ntails = 0;
  pend1(b, blk(b)); /* entry */
  uint32_t sw = place(b);
  for (uint32_t c = 0; c < ncase && b->st == PGO_OK; c++) {
    pend1(b, sw); /* the switch's next successor index is this case */
    /* Every 16th case value shares the previous case's block: a duplicate
     * successor, as `case 3: case 4:` gives. */
    if (c > 0 && c % 16 == 0)
      edge(b, sw, first[c - 1]);
    uint32_t k = per + (c < extra);
    first[c] = nblk(b);
    body(b, k);
    for (uint32_t i = 0; i < b->npend; i++)
      tails[ntails++] = b->pend[i];
    b->npend = 0;
  }
  uint32_t join = blk(b);
  for (uint32_t i = 0; i < ntails; i++)
    edge(b, tails[i], join);
  edge(b, join, sw); /* dispatch loop */
  pend1(b, join);
  place(b); /* exit */
  free(tails);
  free(first);
}

static void shape_ladder(bld *b) {
  uint32_t n = b->limit;
  uint32_t k = (n - 2) / 2;
  uint32_t entry = blk(b);
  /* a_i = base + 2i, b_i = base + 2i + 1 */
  uint32_t base = nblk(b);
  for (uint32_t i = 0; i < 2 * k; i++)
    blk(b);
  /* Pad an odd count with a straight block before the exit. */
  uint32_t pad = (n - 2) % 2 ? blk(b) : PGO_NONE;
  uint32_t exitb = blk(b);
  edge(b, entry, base);
  edge(b, entry, base + 1);
  for (uint32_t i = 0; i < k && b->st == PGO_OK; i++) {
    uint32_t a = base + 2 * i, bb = a + 1;
    uint32_t out = pad != PGO_NONE ? pad : exitb;
    bool last = i + 1 == k;
    edge(b, a, last ? out : a + 2); /* a_i -> a_{i+1} */
    edge(b, a, bb);                 /* rung a_i -> b_i */
    edge(b, bb, last ? out : bb + 2); /* b_i -> b_{i+1} */
    if (i > 0)
      edge(b, bb, a - 2); /* b_i -> a_{i-1}: retreating, not a back edge */
  }
  if (pad != PGO_NONE)
    edge(b, pad, exitb);
}

static void shape_random(bld *b) {
  uint32_t n = b->limit;
  uint32_t stack[256], sp = 0;
  pend1(b, blk(b)); /* entry */
  /* Reserve room to close every open loop and place the exit. */
  while (b->st == PGO_OK && nblk(b) + sp + 24 < n) {
    uint32_t r = rnd(b, 100);
    if (r < 30) {
      diamond(b);
    } else if (r < 42 && sp < 256) {
      stack[sp++] = place(b); /* open a loop: header */
      pend1(b, stack[sp - 1]);
    } else if (r < 54 && sp > 0) {
      uint32_t l = place(b); /* close: latch with back edge + exit */
      edge(b, l, stack[--sp]);
      pend1(b, l);
    } else if (r < 62) {
      /* small switch with 3..10 cases */
      uint32_t sw = place(b), m = 3 + rnd(b, 8);
      uint32_t tails[MAXPEND], nt = 0;
      for (uint32_t c = 0; c < m; c++) {
        pend1(b, sw);
        pend1(b, place(b));
        tails[nt++] = b->pend[0];
      }
      memcpy(b->pend, tails, nt * sizeof *tails);
      b->npend = nt;
    } else if (r < 68) {
      /* two-entry cycle x <-> y */
      uint32_t c = place(b);
      uint32_t x = blk(b), y = blk(b);
      edge(b, c, x);
      edge(b, c, y);
      edge(b, x, y);
      edge(b, y, x);
      b->pend[0] = x;
      b->pend[1] = y;
      b->npend = 2;
    } else if (r < 71 && nblk(b) > 2) {
      /* goto: one of the last 64 blocks (a loop or an irreducible cycle).
       * Local, as in real code: gotos to arbitrary far blocks nest tens of
       * thousands of loops whose exit lists then grow as m x depth. */
      uint32_t s = place(b), back = nblk(b) - 1 < 64 ? nblk(b) - 1 : 64;
      edge(b, s, nblk(b) - 1 - rnd(b, back));
      pend1(b, s);
    } else {
      pend1(b, place(b));
    }
  }
  while (sp > 0 && b->st == PGO_OK) {
    uint32_t l = place(b);
    edge(b, l, stack[--sp]);
    pend1(b, l);
  }
  while (b->st == PGO_OK && nblk(b) + 1 < n)
    pend1(b, place(b));
  place(b); /* exit */
}

/* --- API ------------------------------------------------------------------ */

static const char *const names[BENCH_SHAPE_COUNT] = {
    "diamonds", "loop-nest", "switch", "irreducible-ladder", "random"};

const char *bench_shape_name(enum bench_shape s) {
  return (unsigned)s < BENCH_SHAPE_COUNT ? names[s] : "?";
}

int bench_shape_from_name(const char *name) {
  for (int i = 0; i < BENCH_SHAPE_COUNT; i++)
    if (strcmp(name, names[i]) == 0)
      return i;
  return -1;
}

pgo_status bench_shape_build(enum bench_shape shape, uint32_t nblocks,
                             uint64_t seed, pgo_cfg **out) {
  if (out == NULL)
    return PGO_ERR_INVALID;
  *out = NULL;
  if ((unsigned)shape >= BENCH_SHAPE_COUNT || nblocks < 8)
    return PGO_ERR_INVALID;
  bld b;
  memset(&b, 0, sizeof b);
  b.rng = seed * UINT64_C(0x9E3779B97F4A7C15) + 0x2545F4914F6CDD1DULL;
  if (b.rng == 0)
    b.rng = 1;
  b.limit = nblocks;
  b.st = pgo_cfg_new(NULL, &b.g);
  if (b.st != PGO_OK)
    return b.st;
  switch (shape) {
  case BENCH_SHAPE_DIAMONDS:
    shape_diamonds(&b);
    break;
  case BENCH_SHAPE_LOOP_NEST:
    shape_loop_nest(&b);
    break;
  case BENCH_SHAPE_SWITCH:
    shape_switch(&b);
    break;
  case BENCH_SHAPE_IRREDUCIBLE:
    shape_ladder(&b);
    break;
  case BENCH_SHAPE_RANDOM:
  case BENCH_SHAPE_COUNT:
    shape_random(&b);
    break;
  }
  finalize(&b);
  if (b.st == PGO_OK)
    b.st = pgo_cfg_set_key(b.g, bench_shape_name(shape), seed, b.nextoff);
  if (b.st == PGO_OK && nblk(&b) != nblocks)
    b.st = PGO_ERR_RANGE; /* a generator bug, reported, not hidden */
  if (b.st != PGO_OK) {
    pgo_cfg_free(b.g);
    return b.st;
  }
  *out = b.g;
  return PGO_OK;
}
