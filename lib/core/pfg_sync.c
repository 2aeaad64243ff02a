/*
 * pfg_sync.c -- bringing a pgo_pfg up to its graph's current generation by
 * replaying the graph's edit journal (journal.c), one change at a time.
 *
 * Rule: the values a pfg ends up with must not depend on when it syncs.  A
 * sync right after each change and one sync after many changes give the
 * same values, provenances and held flags, bit for bit, because both run
 * the same per-change step below, in generation order, on the pfg's own
 * values of that time.
 *
 * One step (one journal entry), the value rules of core.h:
 *   creation (add_block, add_edge, split, duplicate): each new stable edge,
 *     in id order, gets values from its origin -- split: probability 1, the
 *     split edge's probability provenance and measured count; copy: the
 *     original's probability and provenance; added: 0 / NONE -- and its
 *     source is marked; the marked blocks are rescaled; then each new block
 *     gets its count -- split: the split edge's measured count if it has
 *     one, else N_src * e_ij with the source's provenance (0 / NONE if
 *     either provenance is NONE); others 0 / NONE;
 *   removal (remove_edge, remove_block): each removed edge is cleared and
 *     its source marked; a removed block is cleared; the marked blocks are
 *     rescaled.
 * Rescaling a block (its edges live at that step, in stable-id order):
 * when its probabilities do not sum to 1 within 1e-6 the values not held
 * are scaled to fill 1 - (sum held) (those that really change become
 * PGO_PROV_REPAIRED, unless NONE, and lose their held flag), all of them
 * when nothing free is left or the held ones exceed 1, and a block whose
 * values are all 0 becomes uniform with provenance NONE.
 *
 * What a step reads: the entry (ids created or removed), the pfg's values
 * at that step, and parts of today's graph that no later change alters --
 * a stable edge's source, a block's or edge's origin.  Which edges were
 * live at that step is the pfg's own `elive`, kept step by step.  No past
 * graph state is needed, so nothing is approximated.
 *
 * Cost: O(n + m) to allocate and index once per sync, plus per entry the
 * ids it names and the edges of the blocks it marks; O(1) when the
 * generation did not move.  Everything is allocated before the first step,
 * so PGO_ERR_NOMEM leaves the pfg exactly as it was (the steps cannot
 * fail); a successful sync trims the journal (journal.c).
 */
#include "pfg_impl.h"

#include <math.h>
#include <string.h>

#define PROB_EPS 1e-6

/* Work space of one sync. */
typedef struct replay {
  uint32_t *src_off;   /* nb+1: stable edges of block b are */
  uint32_t *src_edges; /* src_edges[src_off[b] .. src_off[b+1]), ascending */
  uint8_t *mark;       /* nb: block is in todo */
  uint32_t *todo;      /* nb: marked blocks */
  uint32_t ntodo;
} replay;

static void touch(replay *w, uint32_t b) {
  if (!w->mark[b]) {
    w->mark[b] = 1;
    w->todo[w->ntodo++] = b;
  }
}

/* Values of the new stable edge s from its origin; it is live. */
static void init_edge(pgo_pfg *p, uint32_t s) {
  const cfg_edge *ed = &p->cfg->bedges[s];
  pgo__pfg_clear_edge(p, s);
  p->elive[s] = 1;
  uint32_t o = ed->origin;
  if (ed->origin_kind == CFG_ORIGIN_SPLIT) {
    p->prob[s] = 1.0; /* the split block's only successor */
    p->eprov[s] = p->eprov[o];
    p->mcount[s] = p->mcount[o]; /* the same flow passes both halves */
    p->mprov[s] = p->mprov[o];
  } else if (ed->origin_kind == CFG_ORIGIN_COPY) {
    p->prob[s] = p->prob[o];
    p->eprov[s] = p->eprov[o];
  }
}

/* Values of the new block b from its origin (its edges are done). */
static void init_block(pgo_pfg *p, uint32_t b) {
  const cfg_block *blk = &p->cfg->blocks[b];
  pgo__pfg_clear_block(p, b);
  if (blk->origin_kind != CFG_ORIGIN_SPLIT)
    return;
  uint32_t o = blk->origin, src = p->cfg->bedges[o].src;
  if (p->mprov[o] != PGO_PROV_NONE) {
    p->count[b] = p->mcount[o];
    p->bprov[b] = p->mprov[o];
  } else if (p->bprov[src] != PGO_PROV_NONE &&
             p->eprov[o] != PGO_PROV_NONE) {
    p->count[b] = p->count[src] * p->prob[o];
    p->bprov[b] = p->bprov[src];
  }
}

enum { RS_FREE = 1, RS_ALL, RS_UNIFORM };

/* Rescales block b's live edges so they sum to 1 (rules above). */
static void rescale_block(pgo_pfg *p, const replay *w, uint32_t b) {
  uint32_t lo = w->src_off[b], hi = w->src_off[b + 1], k = 0;
  double fsum = 0.0, hsum = 0.0;
  for (uint32_t i = lo; i < hi; i++) {
    uint32_t s = w->src_edges[i];
    if (!p->elive[s])
      continue;
    k++;
    if (p->eheld[s])
      hsum += p->prob[s];
    else
      fsum += p->prob[s];
  }
  double total = fsum + hsum, f;
  int mode;
  if (k == 0 || fabs(total - 1.0) <= PROB_EPS)
    return;
  if (fsum > 0.0 && hsum <= 1.0) {
    mode = RS_FREE;
    f = (1.0 - hsum) / fsum; /* factor for the values not held */
  } else if (total > 0.0) {
    mode = RS_ALL;
    f = 1.0 / total;
  } else {
    mode = RS_UNIFORM;
    f = 1.0 / (double)k;
  }
  for (uint32_t i = lo; i < hi; i++) {
    uint32_t s = w->src_edges[i];
    if (!p->elive[s] || (mode == RS_FREE && p->eheld[s]))
      continue;
    if (mode == RS_UNIFORM) {
      p->prob[s] = f;
      p->eprov[s] = PGO_PROV_NONE;
      p->eheld[s] = 0;
      continue;
    }
    double v = p->prob[s] * f;
    if (v > 1.0)
      v = 1.0;
    if (v != p->prob[s]) {
      p->prob[s] = v;
      if (p->eprov[s] != PGO_PROV_NONE)
        p->eprov[s] = PGO_PROV_REPAIRED;
      p->eheld[s] = 0; /* no longer the measured value */
    }
  }
}

static void rescale_marked(pgo_pfg *p, replay *w) {
  for (uint32_t i = 0; i < w->ntodo; i++) {
    rescale_block(p, w, w->todo[i]);
    w->mark[w->todo[i]] = 0;
  }
  w->ntodo = 0;
}

/* One journal entry, as a sync right after that change would do it. */
static void step(pgo_pfg *p, replay *w, const cfg_jentry *j) {
  const pgo_cfg *cfg = p->cfg;
  if (j->kind == CFG_J_REMOVE_EDGE || j->kind == CFG_J_REMOVE_BLOCK) {
    for (uint32_t i = j->edge_lo; i < j->edge_hi; i++) {
      uint32_t s = cfg->jpool[i];
      touch(w, cfg->bedges[s].src);
      pgo__pfg_clear_edge(p, s);
    }
    if (j->kind == CFG_J_REMOVE_BLOCK)
      pgo__pfg_clear_block(p, j->block_lo); /* no live edge left to scale */
    rescale_marked(p, w);
    return;
  }
  for (uint32_t s = j->edge_lo; s < j->edge_hi; s++) {
    init_edge(p, s); /* an origin is always older: already has values */
    touch(w, cfg->bedges[s].src);
  }
  rescale_marked(p, w);
  for (uint32_t b = j->block_lo; b < j->block_hi; b++)
    init_block(p, b);
}

static void replay_free(const pgo_allocator *a, replay *w, uint32_t nb,
                        uint32_t ne) {
  pgo__core_mem_free(a, w->src_off, (size_t)nb + 1, sizeof(uint32_t));
  pgo__core_mem_free(a, w->src_edges, ne, sizeof(uint32_t));
  pgo__core_mem_free(a, w->mark, nb, 1);
  pgo__core_mem_free(a, w->todo, nb, sizeof(uint32_t));
}

PGO_API pgo_status pgo_pfg_sync(pgo_pfg *p) {
  if (p == NULL)
    return PGO_ERR_INVALID;
  const pgo_cfg *cfg = p->cfg;
  if (p->generation == cfg->generation)
    return PGO_OK;
  if (p->reg_cfg == NULL) /* cannot happen while the graph lives */
    return pgo__pfg_seterr(p, PGO_ERR_STATE, "the graph was freed");
  uint32_t nb = cfg->nblocks, ne = cfg->nbedges;
  uint32_t ob = p->nblocks, oe = p->nedges;
  PGO_ASSERT(nb >= ob && ne >= oe); /* ids are never reused */

  /* Everything is allocated before anything changes. */
  pfg_arrays grown;
  bool grow = nb > ob || ne > oe;
  if (grow && !pgo__pfg_arrays_alloc(&p->alloc, &grown, nb, ne))
    return pgo__pfg_seterr(p, PGO_ERR_NOMEM,
                           "out of memory growing the profile to %u blocks",
                           nb);
  replay w;
  memset(&w, 0, sizeof w);
  w.src_off = pgo__core_mem_alloc(&p->alloc, (size_t)nb + 1, sizeof(uint32_t));
  w.src_edges = pgo__core_mem_alloc(&p->alloc, ne, sizeof(uint32_t));
  w.mark = pgo__core_mem_alloc(&p->alloc, nb, 1);
  w.todo = pgo__core_mem_alloc(&p->alloc, nb, sizeof(uint32_t));
  if (!w.src_off || !w.src_edges || !w.mark || !w.todo) {
    if (grow)
      pgo__pfg_arrays_free(&p->alloc, &grown);
    replay_free(&p->alloc, &w, nb, ne);
    return pgo__pfg_seterr(p, PGO_ERR_NOMEM,
                           "out of memory bringing the profile up to date");
  }
  if (grow) {
    memcpy(grown.count, p->count, (size_t)ob * sizeof(double));
    memcpy(grown.bprov, p->bprov, ob);
    memcpy(grown.bheld, p->bheld, ob);
    memcpy(grown.prob, p->prob, (size_t)oe * sizeof(double));
    memcpy(grown.mcount, p->mcount, (size_t)oe * sizeof(double));
    memcpy(grown.eprov, p->eprov, oe);
    memcpy(grown.eheld, p->eheld, oe);
    memcpy(grown.mprov, p->mprov, oe);
    memcpy(grown.elive, p->elive, oe);
    pfg_arrays x = pgo__pfg_own_arrays(p);
    pgo__pfg_arrays_free(&p->alloc, &x);
    pgo__pfg_take_arrays(p, &grown);
    /* Ids a later step creates: not live, no value, until then. */
    for (uint32_t b = ob; b < nb; b++)
      pgo__pfg_clear_block(p, b);
    for (uint32_t s = oe; s < ne; s++)
      pgo__pfg_clear_edge(p, s);
  }
  /* Stable edges by source (counting sort: ascending ids per block). */
  memset(w.src_off, 0, ((size_t)nb + 1) * sizeof(uint32_t));
  memset(w.mark, 0, nb);
  for (uint32_t s = 0; s < ne; s++)
    w.src_off[cfg->bedges[s].src + 1]++;
  for (uint32_t b = 0; b < nb; b++)
    w.src_off[b + 1] += w.src_off[b];
  memcpy(w.todo, w.src_off, (size_t)nb * sizeof(uint32_t)); /* cursors */
  for (uint32_t s = 0; s < ne; s++)
    w.src_edges[w.todo[cfg->bedges[s].src]++] = s;

  /* The registry guarantees the journal holds every entry after the
   * pfg's generation (journal.c). */
  uint32_t i = 0;
  while (i < cfg->njent && cfg->jent[i].gen <= p->generation)
    i++;
  for (; i < cfg->njent; i++) {
    PGO_ASSERT(cfg->jent[i].gen <= cfg->generation);
    step(p, &w, &cfg->jent[i]);
  }

  replay_free(&p->alloc, &w, nb, ne);
  p->generation = cfg->generation;
  pgo__journal_trim(p->reg_cfg);
  return PGO_OK;
}
