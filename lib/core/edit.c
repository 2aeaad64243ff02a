/*
 * edit.c -- edits on a finished pgo_cfg: split edges (one or a batch),
 * redirect an edge, remove an edge, remove a block, duplicate a block.
 *
 * Model (cfg_impl.h): the builder form is the source of truth.  Block ids
 * are stable (a removed block becomes a tombstone); every builder edge has
 * a stable id, its index in bedges (a removed edge becomes a tombstone).  A
 * block's successor order is the insertion order of its live edges, so
 *   - split keeps the stable edge as src -> new block (same slot) and
 *     appends new block -> dst;
 *   - redirect changes the destination of the stable edge (same slot);
 *   - a removal tombstones edges, shifting the later successor indices of
 *     their sources down; a terminator left with fewer successors than its
 *     kind needs is narrowed (branch/invoke -> jump -> unreachable, switch
 *     -> unreachable) and an annotation loses the removed entries and is
 *     rescaled, so the graph still verifies.
 * After the change the CSR form is rebuilt (cfg.c, pgo__csr_install):
 * O(n + m) per edit, which is why k critical edges are split in one call.
 * The origin of every new block and edge is recorded for pgo_pfg (pfg.c).
 *
 * All or nothing: every edit validates its arguments, then reserves builder
 * capacity and allocates every array it will need (new annotations, the
 * new CSR form) before it changes anything.  A failure at any of those
 * points (PGO_ERR_INVALID / PGO_ERR_STATE / PGO_ERR_NOMEM) returns with the
 * graph exactly as it was -- same generation, blocks, edges, ids and valid
 * analyses (a grown capacity is not observable).  Only then the old
 * analyses and CSR form are freed and the change is applied; that part
 * cannot fail.
 */
#include "cfg_impl.h"

#include <string.h>

/* --- shared steps ---------------------------------------------------------- */

static pgo_status need_finished(pgo_cfg *cfg, const char *fn) {
  if (!cfg->finished)
    return pgo__core_seterr(cfg, PGO_ERR_STATE,
                            "%s: the graph is not finished (edits take the "
                            "edge ids of a finished graph)",
                            fn);
  return PGO_OK;
}

static pgo_status bad_edge(pgo_cfg *cfg, const char *fn, uint32_t e) {
  return pgo__core_seterr(cfg, PGO_ERR_INVALID,
                          "%s: edge %u does not exist (graph has %u edges)",
                          fn, e, cfg->nedges);
}

static pgo_status bad_block(pgo_cfg *cfg, const char *fn, uint32_t b) {
  if (b < cfg->nblocks)
    return pgo__core_seterr(cfg, PGO_ERR_INVALID, "%s: block %u was removed",
                            fn, b);
  return pgo__core_seterr(cfg, PGO_ERR_INVALID,
                          "%s: block %u does not exist (graph has %u blocks)",
                          fn, b, cfg->nblocks);
}

#define LIVE(cfg, b) ((b) < (cfg)->nblocks && !(cfg)->blocks[(b)].removed)

/* Room for nb_add more blocks and ne_add more builder edges. */
static pgo_status reserve(pgo_cfg *cfg, uint32_t nb_add, uint32_t ne_add,
                          const char *fn) {
  if (nb_add > PGO_INVALID - 1 - cfg->nblocks ||
      ne_add > PGO_INVALID - 1 - cfg->nbedges)
    return pgo__core_seterr(cfg, PGO_ERR_RANGE, "%s: too many blocks or edges",
                            fn);
  uint32_t needb = cfg->nblocks + nb_add, neede = cfg->nbedges + ne_add;
  if (needb > cfg->cap_blocks) {
    uint32_t cap = cfg->cap_blocks;
    while (cap < needb)
      cap = core_grown_cap(cap);
    cfg_block *nb = pgo__core_mem_realloc(&cfg->alloc, cfg->blocks,
                                          cfg->cap_blocks, cap,
                                          sizeof(cfg_block));
    if (nb == NULL)
      return pgo__core_nomem(cfg, "growing the block array");
    cfg->blocks = nb;
    cfg->cap_blocks = cap;
  }
  if (neede > cfg->cap_edges) {
    uint32_t cap = cfg->cap_edges;
    while (cap < neede)
      cap = core_grown_cap(cap);
    cfg_edge *ne = pgo__core_mem_realloc(&cfg->alloc, cfg->bedges,
                                         cfg->cap_edges, cap,
                                         sizeof(cfg_edge));
    if (ne == NULL)
      return pgo__core_nomem(cfg, "growing the edge array");
    cfg->bedges = ne;
    cfg->cap_edges = cap;
  }
  return PGO_OK;
}

/* Capacity must be reserved. */
static uint32_t append_block(pgo_cfg *cfg, uint8_t kind, uint32_t origin) {
  uint32_t b = cfg->nblocks++;
  cfg_block *blk = &cfg->blocks[b];
  memset(blk, 0, sizeof *blk);
  blk->il_offset = PGO_NONE;
  blk->origin_kind = kind;
  blk->origin = origin;
  return b;
}

static void append_edge(pgo_cfg *cfg, uint32_t src, uint32_t dst,
                        uint8_t kind, uint32_t origin) {
  cfg_edge *ed = &cfg->bedges[cfg->nbedges++];
  memset(ed, 0, sizeof *ed);
  ed->src = src;
  ed->dst = dst;
  ed->origin_kind = kind;
  ed->origin = origin;
  cfg->nedges++;
  cfg->blocks[src].nsucc++;
}

/* The change is applied (counts already the new ones): free the analyses
 * and CSR form of the old counts, install the new form, bump the
 * generation. */
static void commit(pgo_cfg *cfg, uint32_t old_nb, uint32_t old_ne,
                   cfg_csr *c) {
  uint32_t nb = cfg->nblocks, ne = cfg->nedges;
  cfg->nblocks = old_nb;
  cfg->nedges = old_ne;
  pgo__cfg_invalidate(cfg);
  cfg->nblocks = nb;
  cfg->nedges = ne;
  pgo__csr_install(cfg, c);
  cfg->generation++;
  cfg->errmsg[0] = '\0';
}

/* --- split ----------------------------------------------------------------- */

PGO_API pgo_status pgo_cfg_split_edges(pgo_cfg *cfg, const uint32_t *edges,
                                       uint32_t n, uint32_t *out_blocks) {
  static const char fn[] = "pgo_cfg_split_edges";
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  pgo_status s = need_finished(cfg, fn);
  if (s != PGO_OK || n == 0)
    return s;
  if (edges == NULL)
    return pgo__core_seterr(cfg, PGO_ERR_INVALID, "%s: NULL edge list", fn);
  uint32_t ne = cfg->nedges;
  for (uint32_t i = 0; i < n; i++)
    if (edges[i] >= ne)
      return bad_edge(cfg, fn, edges[i]);
  if (n > 1) {
    uint8_t *seen = CORE_ALLOC(cfg, ne, uint8_t);
    if (seen == NULL)
      return pgo__core_nomem(cfg, "checking the edge list");
    memset(seen, 0, ne);
    uint32_t dup = PGO_NONE;
    for (uint32_t i = 0; i < n && dup == PGO_NONE; i++) {
      if (seen[edges[i]])
        dup = edges[i];
      seen[edges[i]] = 1;
    }
    CORE_FREE(cfg, seen, ne);
    if (dup != PGO_NONE)
      return pgo__core_seterr(cfg, PGO_ERR_INVALID,
                              "%s: edge %u is listed twice", fn, dup);
  }
  if (n > PGO_INVALID - 1 - ne)
    return pgo__core_seterr(cfg, PGO_ERR_RANGE, "%s: too many edges", fn);
  if ((s = reserve(cfg, n, n, fn)) != PGO_OK)
    return s;
  cfg_csr c;
  if ((s = pgo__csr_alloc(cfg, cfg->nblocks + n, ne + n, cfg->nkeyed, &c)) !=
      PGO_OK)
    return s;

  uint32_t nb0 = cfg->nblocks;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t st = cfg->edge_stable[edges[i]];
    uint32_t dst = cfg->bedges[st].dst;
    uint32_t b = append_block(cfg, CFG_ORIGIN_SPLIT, st);
    cfg->blocks[b].term = PGO_TERM_JUMP;
    cfg->bedges[st].dst = b;
    append_edge(cfg, b, dst, CFG_ORIGIN_SPLIT, st);
    if (out_blocks)
      out_blocks[i] = b;
  }
  commit(cfg, nb0, ne, &c);
  return PGO_OK;
}

PGO_API pgo_status pgo_cfg_split_edge(pgo_cfg *cfg, uint32_t edge,
                                      uint32_t *out_block,
                                      uint32_t *out_in_edge,
                                      uint32_t *out_out_edge) {
  uint32_t b;
  pgo_status s = pgo_cfg_split_edges(cfg, &edge, 1, &b);
  if (s != PGO_OK)
    return s;
  if (out_block)
    *out_block = b;
  if (out_in_edge)
    *out_in_edge = edge; /* the edge keeps its id and slot */
  if (out_out_edge)
    *out_out_edge = cfg->succ_off[b];
  return PGO_OK;
}

/* --- redirect -------------------------------------------------------------- */

PGO_API pgo_status pgo_cfg_redirect_edge(pgo_cfg *cfg, uint32_t edge,
                                         uint32_t new_dst) {
  static const char fn[] = "pgo_cfg_redirect_edge";
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  pgo_status s = need_finished(cfg, fn);
  if (s != PGO_OK)
    return s;
  if (edge >= cfg->nedges)
    return bad_edge(cfg, fn, edge);
  if (!LIVE(cfg, new_dst))
    return bad_block(cfg, fn, new_dst);
  cfg_csr c;
  if ((s = pgo__csr_alloc(cfg, cfg->nblocks, cfg->nedges, cfg->nkeyed, &c)) !=
      PGO_OK)
    return s;
  cfg->bedges[cfg->edge_stable[edge]].dst = new_dst;
  commit(cfg, cfg->nblocks, cfg->nedges, &c);
  return PGO_OK;
}

/* --- removal --------------------------------------------------------------- */

/* What a removal will do, all allocated before anything changes. */
typedef struct removal {
  uint32_t ne;        /* CSR edges of the old form */
  uint8_t *kill;      /* ne: CSR edge is removed */
  uint32_t nkill;
  uint32_t nalloc;    /* length of src, annot, nannot */
  uint32_t nsrc;      /* live sources that lose edges (not the removed
                         block), filled so far */
  uint32_t *src;      /* block ids */
  double **annot;     /* new annotation, NULL = none */
  uint32_t *nannot;
} removal;

static void removal_free(pgo_cfg *cfg, removal *r, bool free_annots) {
  if (free_annots && r->annot != NULL)
    for (uint32_t i = 0; i < r->nsrc; i++)
      if (r->annot[i] != NULL)
        pgo__core_mem_free(&cfg->alloc, r->annot[i], r->nannot[i],
                           sizeof(double));
  CORE_FREE(cfg, r->kill, r->ne);
  CORE_FREE(cfg, r->src, r->nalloc);
  CORE_FREE(cfg, r->annot, r->nalloc);
  CORE_FREE(cfg, r->nannot, r->nalloc);
}

/* r->kill is marked; find the sources that lose edges (other than `gone`,
 * the block being removed, or PGO_NONE) and build their new annotations:
 * the kept entries rescaled to sum 1, or none when nothing (or only zeros)
 * is kept. */
static pgo_status plan_removal(pgo_cfg *cfg, removal *r, uint32_t gone) {
  uint32_t nb = cfg->nblocks, cnt = 0;
  for (uint32_t b = 0; b < nb; b++) {
    if (b == gone)
      continue;
    for (uint32_t e = cfg->succ_off[b]; e < cfg->succ_off[b + 1]; e++)
      if (r->kill[e]) {
        cnt++;
        break;
      }
  }
  r->nsrc = 0;
  if (cnt == 0)
    return PGO_OK;
  r->nalloc = cnt;
  r->src = CORE_ALLOC(cfg, cnt, uint32_t);
  r->annot = CORE_ALLOC(cfg, cnt, double *);
  r->nannot = CORE_ALLOC(cfg, cnt, uint32_t);
  if (!r->src || !r->annot || !r->nannot)
    return pgo__core_nomem(cfg, "planning a removal");
  for (uint32_t b = 0; b < nb; b++) {
    if (b == gone)
      continue;
    uint32_t lo = cfg->succ_off[b], hi = cfg->succ_off[b + 1], kept = 0;
    bool hit = false;
    double sum = 0.0;
    const cfg_block *blk = &cfg->blocks[b];
    for (uint32_t e = lo; e < hi; e++) {
      if (r->kill[e]) {
        hit = true;
      } else {
        kept++;
        if (blk->nannot)
          sum += blk->annot[e - lo];
      }
    }
    if (!hit)
      continue;
    uint32_t k = r->nsrc;
    r->src[k] = b;
    r->annot[k] = NULL;
    r->nannot[k] = 0;
    if (blk->nannot != 0 && kept > 0 && sum > 0.0) {
      double *a = CORE_ALLOC(cfg, kept, double);
      if (a == NULL)
        return pgo__core_nomem(cfg, "rescaling an annotation");
      uint32_t j = 0;
      for (uint32_t e = lo; e < hi; e++)
        if (!r->kill[e])
          a[j++] = blk->annot[e - lo] / sum;
      r->annot[k] = a;
      r->nannot[k] = kept;
    }
    r->nsrc++;
  }
  return PGO_OK;
}

/* Fewer successors than the terminator needs: narrow it. */
static void narrow_term(cfg_block *blk) {
  uint8_t t = blk->term;
  if ((t == PGO_TERM_BRANCH || t == PGO_TERM_INVOKE) && blk->nsucc < 2)
    t = blk->nsucc == 1 ? PGO_TERM_JUMP : PGO_TERM_UNREACHABLE;
  else if ((t == PGO_TERM_JUMP || t == PGO_TERM_SWITCH) && blk->nsucc == 0)
    t = PGO_TERM_UNREACHABLE;
  if (t != blk->term) {
    blk->term = t;
    blk->cmp = PGO_CMP_NONE; /* branch features belong to a branch */
    blk->lhs = blk->rhs = PGO_OPND_NONE;
  }
}

/* Applies a planned removal to the builder form (cannot fail); the old CSR
 * form is still installed and is read here. */
static void apply_removal(pgo_cfg *cfg, removal *r) {
  for (uint32_t e = 0; e < r->ne; e++) {
    if (!r->kill[e])
      continue;
    cfg->bedges[cfg->edge_stable[e]].removed = 1;
    cfg->blocks[cfg->edge_src[e]].nsucc--;
    cfg->nedges--;
  }
  for (uint32_t i = 0; i < r->nsrc; i++) {
    cfg_block *blk = &cfg->blocks[r->src[i]];
    CORE_FREE(cfg, blk->annot, blk->nannot);
    blk->annot = r->annot[i];
    blk->nannot = r->nannot[i];
    r->annot[i] = NULL;
    narrow_term(blk);
  }
}

/* Removes the marked edges (and, if gone != PGO_NONE, makes that block a
 * tombstone).  r->kill and r->nkill are set by the caller. */
static pgo_status remove_marked(pgo_cfg *cfg, removal *r, uint32_t gone) {
  pgo_status s = plan_removal(cfg, r, gone);
  uint32_t nkeyed = cfg->nkeyed;
  if (gone != PGO_NONE && cfg->blocks[gone].il_offset != PGO_NONE)
    nkeyed--;
  cfg_csr c;
  if (s == PGO_OK)
    s = pgo__csr_alloc(cfg, cfg->nblocks, cfg->nedges - r->nkill, nkeyed, &c);
  if (s != PGO_OK) {
    removal_free(cfg, r, true);
    return s;
  }
  uint32_t ne0 = cfg->nedges;
  apply_removal(cfg, r);
  if (gone != PGO_NONE) {
    cfg_block *blk = &cfg->blocks[gone];
    PGO_ASSERT(blk->nsucc == 0);
    pgo__core_mem_strfree(&cfg->alloc, blk->label);
    blk->label = NULL;
    CORE_FREE(cfg, blk->annot, blk->nannot);
    blk->nannot = 0;
    blk->removed = 1;
    blk->il_offset = PGO_NONE;
    blk->ninstr = 0;
    blk->flags = 0;
    blk->term = PGO_TERM_NONE;
    blk->cmp = PGO_CMP_NONE;
    blk->lhs = blk->rhs = PGO_OPND_NONE;
    cfg->nremoved++;
  }
  removal_free(cfg, r, false);
  commit(cfg, cfg->nblocks, ne0, &c);
  return PGO_OK;
}

PGO_API pgo_status pgo_cfg_remove_edge(pgo_cfg *cfg, uint32_t edge) {
  static const char fn[] = "pgo_cfg_remove_edge";
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  pgo_status s = need_finished(cfg, fn);
  if (s != PGO_OK)
    return s;
  if (edge >= cfg->nedges)
    return bad_edge(cfg, fn, edge);
  removal r;
  memset(&r, 0, sizeof r);
  r.ne = cfg->nedges;
  if ((r.kill = CORE_ALLOC(cfg, r.ne, uint8_t)) == NULL)
    return pgo__core_nomem(cfg, "removing an edge");
  memset(r.kill, 0, r.ne);
  r.kill[edge] = 1;
  r.nkill = 1;
  return remove_marked(cfg, &r, PGO_NONE);
}

PGO_API pgo_status pgo_cfg_remove_block(pgo_cfg *cfg, uint32_t block) {
  static const char fn[] = "pgo_cfg_remove_block";
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  pgo_status s = need_finished(cfg, fn);
  if (s != PGO_OK)
    return s;
  if (!LIVE(cfg, block))
    return bad_block(cfg, fn, block);
  if (block == cfg->entry)
    return pgo__core_seterr(cfg, PGO_ERR_INVALID,
                            "%s: block %u is the entry (set another entry "
                            "first)",
                            fn, block);
  removal r;
  memset(&r, 0, sizeof r);
  r.ne = cfg->nedges;
  if ((r.kill = CORE_ALLOC(cfg, r.ne, uint8_t)) == NULL)
    return pgo__core_nomem(cfg, "removing a block");
  memset(r.kill, 0, r.ne);
  for (uint32_t e = cfg->succ_off[block]; e < cfg->succ_off[block + 1]; e++)
    r.kill[e] = 1;
  for (uint32_t k = cfg->pred_off[block]; k < cfg->pred_off[block + 1]; k++)
    r.kill[cfg->pred_edge[k]] = 1;
  for (uint32_t e = 0; e < r.ne; e++)
    r.nkill += r.kill[e];
  return remove_marked(cfg, &r, block);
}

/* --- duplicate ------------------------------------------------------------- */

PGO_API pgo_status pgo_cfg_duplicate_block(pgo_cfg *cfg, uint32_t block,
                                           uint32_t *out_block) {
  static const char fn[] = "pgo_cfg_duplicate_block";
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  pgo_status s = need_finished(cfg, fn);
  if (s != PGO_OK)
    return s;
  if (!LIVE(cfg, block))
    return bad_block(cfg, fn, block);
  uint32_t k = cfg->blocks[block].nsucc, na = cfg->blocks[block].nannot;
  if (k > PGO_INVALID - 1 - cfg->nedges)
    return pgo__core_seterr(cfg, PGO_ERR_RANGE, "%s: too many edges", fn);
  if ((s = reserve(cfg, 1, k, fn)) != PGO_OK)
    return s;
  double *annot = NULL;
  if (na != 0) {
    if ((annot = CORE_ALLOC(cfg, na, double)) == NULL)
      return pgo__core_nomem(cfg, "copying an annotation");
    memcpy(annot, cfg->blocks[block].annot, (size_t)na * sizeof(double));
  }
  cfg_csr c;
  if ((s = pgo__csr_alloc(cfg, cfg->nblocks + 1, cfg->nedges + k, cfg->nkeyed,
                          &c)) != PGO_OK) {
    CORE_FREE(cfg, annot, na);
    return s;
  }
  uint32_t nb0 = cfg->nblocks, ne0 = cfg->nedges;
  uint32_t d = append_block(cfg, CFG_ORIGIN_COPY, block);
  const cfg_block *src = &cfg->blocks[block];
  cfg_block *dup = &cfg->blocks[d];
  dup->ninstr = src->ninstr;
  dup->flags = src->flags;
  dup->term = src->term;
  dup->cmp = src->cmp;
  dup->lhs = src->lhs;
  dup->rhs = src->rhs;
  dup->annot = annot;
  dup->nannot = na;
  for (uint32_t e = cfg->succ_off[block]; e < cfg->succ_off[block + 1]; e++)
    append_edge(cfg, d, cfg->edge_dst[e], CFG_ORIGIN_COPY,
                cfg->edge_stable[e]);
  commit(cfg, nb0, ne0, &c);
  if (out_block)
    *out_block = d;
  return PGO_OK;
}
