/*
 * bench/common/shapes.h -- generators of flow graphs of a given shape and
 * size, for the scaling benchmarks (cfg_scale, synth_scale).
 *
 *   BENCH_SHAPE_DIAMONDS     a long chain of if-then-else diamonds
 *   BENCH_SHAPE_LOOP_NEST    nblocks/100 perfectly nested loops (10,000 deep
 *                            at 1,000,000 blocks), each level a guarded
 *                            while loop with a diamond-chain body
 *   BENCH_SHAPE_SWITCH       a dispatch loop around one nblocks/10-way
 *                            switch (100,000-way at 1,000,000 blocks), with
 *                            some duplicate case successors
 *   BENCH_SHAPE_IRREDUCIBLE  an irreducible ladder: two rails a_i, b_i,
 *                            rungs a_i -> b_i and b_{i+1} -> a_i, both rails
 *                            entered from the entry: one strongly connected
 *                            region of (nblocks-2) blocks, no natural loop
 *   BENCH_SHAPE_RANDOM       a seeded mix of diamonds, nested loops,
 *                            switches, two-entry cycles and local gotos
 *
 * The graph has exactly nblocks blocks (nblocks >= 8), IL offsets in layout
 * order, terminators set from the successor counts (return / jump / branch
 * / switch), branch features and block flags drawn from the seed, and a
 * method key named after the shape.  It is NOT finished: call
 * pgo_cfg_finish (the benchmark times that step separately).
 */
#ifndef PGO_BENCH_SHAPES_H
#define PGO_BENCH_SHAPES_H

#include <pgo/core.h>

enum bench_shape {
  BENCH_SHAPE_DIAMONDS,
  BENCH_SHAPE_LOOP_NEST,
  BENCH_SHAPE_SWITCH,
  BENCH_SHAPE_IRREDUCIBLE,
  BENCH_SHAPE_RANDOM,
  BENCH_SHAPE_COUNT
};

/* "diamonds", "loop-nest", "switch", "irreducible-ladder", "random". */
const char *bench_shape_name(enum bench_shape s);
/* Parses a name as printed by bench_shape_name; -1 if unknown. */
int bench_shape_from_name(const char *name);

/* Builds the graph with the default allocator.  PGO_ERR_INVALID for an
 * unknown shape or nblocks < 8; PGO_ERR_NOMEM if memory runs out (nothing
 * leaks). */
pgo_status bench_shape_build(enum bench_shape shape, uint32_t nblocks,
                             uint64_t seed, pgo_cfg **out);

#endif
