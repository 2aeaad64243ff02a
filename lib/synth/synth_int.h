/* synth_int.h -- private to lib/synth: the handle, allocation helpers and the
 * functions the files of the component share.  Never installed. */
#ifndef PGO_SYNTH_INT_H
#define PGO_SYNTH_INT_H

#include <stddef.h>

#include "pgo/synth.h"

struct pgo_synth {
  pgo_allocator alloc;     /* copied at _new; never NULL functions */
  char msg[256];           /* last error message, "" if none */
  uint32_t *for_mask;      /* per edge of the last probabilities run */
  uint32_t *against_mask;  /* per edge; same length as for_mask */
  uint32_t nmask;          /* edges in the two masks */
  double *loop_cp;         /* per loop: uncapped cyclic probability */
  uint32_t nloop_cp;       /* loops in loop_cp */
  pgo_synth_report report; /* of the last frequencies run */
};

/* Allocation through the handle's allocator; NULL on failure (the caller
 * turns it into PGO_ERR_NOMEM).  Sizes are element counts times size. */
void *pgo__synth_alloc(pgo_synth *s, size_t n, size_t size);
void *pgo__synth_calloc(pgo_synth *s, size_t n, size_t size);
void pgo__synth_dealloc(pgo_synth *s, void *p, size_t n, size_t size);

/* Sets the message and returns st. */
pgo_status pgo__synth_fail(pgo_synth *s, pgo_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Frees the per-edge heuristic masks of the last run. */
void pgo__synth_free_masks(pgo_synth *s);

/* The common prologue of the entry points: clears the message, checks
 * that pfg was made over cfg and cfg is finished, fills *o from opts
 * (pgo__synth_check_options), runs every cfg analysis and syncs pfg to the
 * graph's generation.  s is not NULL. */
pgo_status pgo__synth_begin(pgo_synth *s, pgo_cfg *cfg,
                       const pgo_synth_options *opts, pgo_pfg *pfg,
                       pgo_synth_options *o);

/* Options with defaults filled when o is NULL; checks ranges. */
pgo_status pgo__synth_check_options(pgo_synth *s, const pgo_synth_options *o,
                               pgo_synth_options *out);

/* dempster_shafer.c: belief over the n successors of one branch; sig[k]
 * is successor k's signature (bits of the heuristics predicting it). */
void pgo__synth_ds_uniform(double *m, uint32_t *sig, uint32_t n);
/* Combines the simple support function "the branch goes to a successor k
 * with inset[k]" with belief p (Dempster's rule, Wu-Larus MICRO 94 3.2),
 * marking bit in the signatures of the successors in the set.  No-op when
 * the set is empty or full. */
void pgo__synth_ds_combine(double *m, uint32_t *sig, uint32_t n,
                      const unsigned char *inset, double p, uint32_t bit);
/* Pignistic transform: the mass of each class of successors with equal
 * signatures is shared equally by its members.  scratch holds
 * SYNTH_NSIGNATURES words, zero on entry and on return. */
#define SYNTH_NSIGNATURES (1u << PGO_SYNTH_NHEURISTICS)
_Static_assert(PGO_SYNTH_NHEURISTICS <= 16,
               "signatures index a 1 << NHEURISTICS table");
void pgo__synth_ds_finish(double *m, const uint32_t *sig, uint32_t n,
                     uint32_t *scratch);
/* Raises every probability to at least the effective floor (min(floor,
 * 1/(2n))) and rescales the rest so that they still sum to 1. */
void pgo__synth_ds_floor(double *m, uint32_t n, double floor);

/* --- the frequency solver's state (wu_larus.c, gauss_seidel.c) -------
 * A "level" is a loop (or the method, the root) seen with its inner loops
 * collapsed: its nodes are its own blocks and its child loops.  A node is
 * encoded as a block id (< n) or n + loop id. */
typedef struct solver {
  pgo_synth *s;
  const pgo_cfg *cfg;
  const pgo_pfg *pfg;
  const pgo_synth_options *o;
  uint32_t n, ne, nl;
  double *rel;         /* per block: frequency relative to its level's base */
  double *in;          /* per block: inflow gathered so far in its level */
  double *inl;         /* per loop: inflow gathered into the loop node */
  double *cp;          /* per loop: cyclic probability, capped */
  double *cpraw;       /* per loop: cyclic probability, uncapped */
  double *fh;          /* per loop: header frequency relative to parent base */
  double *exitrel;     /* per edge: flow leaving a loop, header = 1 */
  unsigned char *done; /* per node: value final in its level */
  uint32_t *lvl_start; /* nl + 2: level li's entries [lvl_start[li],
                          lvl_start[li+1]); li = loop + 1, root = 0 */
  uint32_t *lvl_node;  /* entries: nodes in RPO order per level */
  uint32_t *lvl_group; /* per entry: Gauss-Seidel group, PGO_NONE if none */
  uint32_t nentries;
  uint32_t ngroups;
  uint32_t *grp_start; /* ngroups + 1 */
  uint32_t *grp_entry; /* entry positions, grouped, RPO order inside */
  /* Gauss-Seidel scratch, sized once for the largest group */
  int32_t *memb;      /* per node: member index in the current group or -1 */
  double *x;          /* per member: current value */
  double *ext;        /* per member: inflow from outside the group */
  double *d;          /* per member: residual inflow not yet pushed */
  uint32_t *queue;    /* per member: FIFO ring of members to push */
  unsigned char *inq; /* per member: in the queue */
  uint32_t *oe_start; /* per member + 1: out-edge list offsets */
  uint32_t *oe_dst;   /* out-edge target member */
  double *oe_w;       /* out-edge weight */
  uint32_t *ie_start; /* per member + 1: in-edge list offsets */
  uint32_t *ie_src;   /* in-edge source member */
  double *ie_w;       /* in-edge weight */
  uint32_t ie_cap;
  double cur_cp; /* back-edge flow gathered by the current level pass */
} solver;

/* wu_larus.c: the node of level loop lv (PGO_NONE = root) that contains
 * block d, PGO_NONE if d is outside lv. */
uint32_t pgo__synth_node_at(const solver *v, uint32_t d, uint32_t lv);
/* wu_larus.c: a node's value is final: record it and push its outflow. */
void pgo__synth_emit(solver *v, uint32_t lv, uint32_t node, double x);
/* eliminate.c: solve the group whose in-edge lists and ext are set up
 * (k members) into v->x; false when it declines (too much fill, or out of
 * memory: *nomem).  *capped: some pivot's cyclic probability was capped. */
bool pgo__synth_eliminate_group(solver *v, uint32_t k, bool *nomem, bool *capped);
/* gauss_seidel.c: solve group g of level lv, then emit its members. */
pgo_status pgo__synth_solve_group(solver *v, uint32_t lv, uint32_t g);

#endif
