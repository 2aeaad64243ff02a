/*
 * cfg.c -- the flow graph: handle, builder, finish (CSR), verify and the
 * structural queries.
 *
 * Finish turns the builder's edge list (insertion order) into compressed
 * sparse rows: a counting sort by source block, stable, so that the edges of
 * block b are succ_begin(b) .. succ_begin(b)+nsucc(b)-1 in successor-index
 * order (successor index = rank among b's edges in insertion order, which is
 * the terminator operand order of docs/keys.md).  Predecessor lists are a
 * second counting sort by destination, so each is in ascending edge id.
 * Blocks are indexed by IL offset with a stable LSD radix sort (skipped when
 * the offsets are already ascending, the common case of layout order), and
 * pgo_cfg_block_at is a binary search over it.  All O(n + m).
 *
 * Bad input never crashes: out-of-range blocks give PGO_ERR_INVALID with a
 * message, queries on an unfinished graph give PGO_NONE / 0 / NULL, and
 * allocation failure gives PGO_ERR_NOMEM leaving the graph as it was (a
 * failed finish leaves it unfinished).
 */
#include "cfg_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

PGO_API pgo_status pgo_cfg_new(const pgo_allocator *alloc, pgo_cfg **out) {
  if (out == NULL)
    return PGO_ERR_INVALID;
  *out = NULL;
  if (alloc == NULL)
    alloc = pgo_default_allocator();
  if (alloc->realloc == NULL)
    return PGO_ERR_INVALID;
  pgo_cfg *cfg = pgo__core_mem_alloc(alloc, 1, sizeof *cfg);
  if (cfg == NULL)
    return PGO_ERR_NOMEM;
  memset(cfg, 0, sizeof *cfg);
  cfg->alloc = *alloc;
  cfg->entry = PGO_NONE;
  *out = cfg;
  return PGO_OK;
}

static void free_finished(pgo_cfg *cfg) {
  uint32_t nb = cfg->nblocks, ne = cfg->nedges;
  CORE_FREE(cfg, cfg->succ_off, (size_t)nb + 1);
  CORE_FREE(cfg, cfg->edge_src, ne);
  CORE_FREE(cfg, cfg->edge_dst, ne);
  CORE_FREE(cfg, cfg->edge_idx, ne);
  CORE_FREE(cfg, cfg->pred_off, (size_t)nb + 1);
  CORE_FREE(cfg, cfg->pred_edge, ne);
  CORE_FREE(cfg, cfg->pred_src, ne);
  CORE_FREE(cfg, cfg->by_offset, cfg->nkeyed);
  CORE_FREE(cfg, cfg->edge_stable, ne);
  cfg->nkeyed = 0;
  cfg->finished = false;
}

/* Frees every analysis, keeping the finished form. */
static void drop_analyses(pgo_cfg *cfg) {
  if (cfg->valid == 0)
    return;
  pgo__irr_free(cfg);
  pgo__loops_free(cfg);
  pgo__dom_free_pdom(cfg);
  pgo__dom_free_dom(cfg);
  pgo__dom_free_rpo(cfg);
  cfg->valid = 0;
}

void pgo__cfg_invalidate(pgo_cfg *cfg) {
  /* Analyses exist only on a finished graph: the builder's hot path (one
   * call per added block or edge) returns here. */
  if (!cfg->finished && cfg->valid == 0)
    return;
  drop_analyses(cfg);
  free_finished(cfg);
}

PGO_API void pgo_cfg_free(pgo_cfg *cfg) {
  if (cfg == NULL)
    return;
  pgo__cfg_invalidate(cfg);
  for (uint32_t b = 0; b < cfg->nblocks; b++) {
    pgo__core_mem_strfree(&cfg->alloc, cfg->blocks[b].label);
    CORE_FREE(cfg, cfg->blocks[b].annot, cfg->blocks[b].nannot);
  }
  CORE_FREE(cfg, cfg->blocks, cfg->cap_blocks);
  CORE_FREE(cfg, cfg->bedges, cfg->cap_edges);
  pgo__core_mem_strfree(&cfg->alloc, cfg->name);
  pgo_allocator a = cfg->alloc;
  pgo__core_mem_free(&a, cfg, 1, sizeof *cfg);
}

PGO_API const char *pgo_cfg_errmsg(const pgo_cfg *cfg) {
  return cfg ? cfg->errmsg : "no graph (NULL handle)";
}

PGO_API pgo_status pgo_cfg_set_key(pgo_cfg *cfg, const char *name,
                                   uint64_t hash, uint32_t il_size) {
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  char *copy = NULL;
  if (name != NULL && (copy = pgo__core_mem_strdup(&cfg->alloc, name)) == NULL)
    return pgo__core_nomem(cfg, "copying the method name");
  pgo__core_mem_strfree(&cfg->alloc, cfg->name);
  cfg->name = copy;
  cfg->hash = hash;
  cfg->il_size = il_size;
  return PGO_OK;
}

PGO_API pgo_method_key pgo_cfg_key(const pgo_cfg *cfg) {
  pgo_method_key k = {"", 0, 0};
  if (cfg != NULL) {
    k.name = cfg->name ? cfg->name : "";
    k.hash = cfg->hash;
    k.il_size = cfg->il_size;
  }
  return k;
}

/* --- builder ------------------------------------------------------------- */

static pgo_status bad_block(pgo_cfg *cfg, const char *fn, uint32_t b) {
  if (b < cfg->nblocks)
    return pgo__core_seterr(cfg, PGO_ERR_INVALID,
                            "%s: block %u was removed", fn, b);
  return pgo__core_seterr(cfg, PGO_ERR_INVALID,
                     "%s: block %u does not exist (graph has %u blocks)", fn,
                     b, cfg->nblocks);
}

/* b names a block that exists and was not removed. */
#define LIVE(cfg, b) ((b) < (cfg)->nblocks && !(cfg)->blocks[(b)].removed)

PGO_API pgo_status pgo_cfg_add_block(pgo_cfg *cfg, uint32_t il_offset,
                                     uint32_t ninstr, uint32_t *out_block) {
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  if (cfg->nblocks >= PGO_INVALID - 1)
    return pgo__core_seterr(cfg, PGO_ERR_RANGE, "pgo_cfg_add_block: too many blocks");
  if (cfg->nblocks == cfg->cap_blocks) {
    uint32_t old = cfg->cap_blocks, cap = core_grown_cap(old);
    cfg_block *nb = pgo__core_mem_realloc(&cfg->alloc, cfg->blocks, old, cap,
                                     sizeof(cfg_block));
    if (nb == NULL)
      return pgo__core_nomem(cfg, "adding a block");
    cfg->blocks = nb;
    cfg->cap_blocks = cap;
  }
  pgo__cfg_invalidate(cfg);
  uint32_t b = cfg->nblocks++;
  cfg_block *blk = &cfg->blocks[b];
  memset(blk, 0, sizeof *blk);
  blk->il_offset = il_offset;
  blk->ninstr = ninstr;
  blk->origin = PGO_NONE;
  if (cfg->entry == PGO_NONE)
    cfg->entry = b;
  cfg->generation++;
  if (out_block)
    *out_block = b;
  return PGO_OK;
}

PGO_API pgo_status pgo_cfg_add_edge(pgo_cfg *cfg, uint32_t src, uint32_t dst) {
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  if (!LIVE(cfg, src))
    return bad_block(cfg, "pgo_cfg_add_edge (source)", src);
  if (!LIVE(cfg, dst))
    return bad_block(cfg, "pgo_cfg_add_edge (destination)", dst);
  if (cfg->nbedges >= PGO_INVALID - 1)
    return pgo__core_seterr(cfg, PGO_ERR_RANGE, "pgo_cfg_add_edge: too many edges");
  if (cfg->nbedges == cfg->cap_edges) {
    uint32_t old = cfg->cap_edges, cap = core_grown_cap(old);
    cfg_edge *ne = pgo__core_mem_realloc(&cfg->alloc, cfg->bedges, old, cap,
                                    sizeof(cfg_edge));
    if (ne == NULL)
      return pgo__core_nomem(cfg, "adding an edge");
    cfg->bedges = ne;
    cfg->cap_edges = cap;
  }
  pgo__cfg_invalidate(cfg);
  cfg_edge *ed = &cfg->bedges[cfg->nbedges++];
  memset(ed, 0, sizeof *ed);
  ed->src = src;
  ed->dst = dst;
  ed->origin = PGO_NONE;
  ed->origin_kind = CFG_ORIGIN_ADDED;
  cfg->nedges++;
  cfg->blocks[src].nsucc++;
  cfg->generation++;
  return PGO_OK;
}

PGO_API pgo_status pgo_cfg_set_entry(pgo_cfg *cfg, uint32_t block) {
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  if (!LIVE(cfg, block))
    return bad_block(cfg, "pgo_cfg_set_entry", block);
  if (cfg->entry != block) {
    /* The CSR form does not depend on the entry; every analysis does. */
    drop_analyses(cfg);
    cfg->entry = block;
    cfg->generation++;
  }
  return PGO_OK;
}

PGO_API pgo_status pgo_cfg_set_label(pgo_cfg *cfg, uint32_t block,
                                     const char *label) {
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  if (!LIVE(cfg, block))
    return bad_block(cfg, "pgo_cfg_set_label", block);
  char *copy = NULL;
  if (label != NULL && (copy = pgo__core_mem_strdup(&cfg->alloc, label)) == NULL)
    return pgo__core_nomem(cfg, "copying a block label");
  pgo__core_mem_strfree(&cfg->alloc, cfg->blocks[block].label);
  cfg->blocks[block].label = copy;
  return PGO_OK;
}

PGO_API pgo_status pgo_cfg_set_term(pgo_cfg *cfg, uint32_t block,
                                    pgo_term term) {
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  if (!LIVE(cfg, block))
    return bad_block(cfg, "pgo_cfg_set_term", block);
  if ((unsigned)term > (unsigned)PGO_TERM_INVOKE)
    return pgo__core_seterr(cfg, PGO_ERR_INVALID,
                       "pgo_cfg_set_term: block %u: unknown terminator %d",
                       block, (int)term);
  if (cfg->blocks[block].term != (uint8_t)term) {
    /* Exits follow the terminator: post-dominators are out of date. */
    if (cfg->valid & PGO_ANALYSIS_PDOM)
      pgo__dom_free_pdom(cfg);
    cfg->blocks[block].term = (uint8_t)term;
  }
  cfg->generation++;
  return PGO_OK;
}

#define KNOWN_FLAGS                                                           \
  (PGO_BLOCK_ENTRY | PGO_BLOCK_CALLS | PGO_BLOCK_STORES | PGO_BLOCK_NORETURN | \
   PGO_BLOCK_INDIRECT_CALL | PGO_BLOCK_EH)

/* PGO_BLOCK_ENTRY is derived from the entry, so setting it on a block makes
 * that block the entry (there is exactly one). */
PGO_API pgo_status pgo_cfg_set_flags(pgo_cfg *cfg, uint32_t block,
                                     unsigned flags) {
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  if (!LIVE(cfg, block))
    return bad_block(cfg, "pgo_cfg_set_flags", block);
  if (flags & ~(unsigned)KNOWN_FLAGS)
    return pgo__core_seterr(cfg, PGO_ERR_INVALID,
                       "pgo_cfg_set_flags: block %u: unknown flag bits 0x%x",
                       block, flags & ~(unsigned)KNOWN_FLAGS);
  if (flags & PGO_BLOCK_ENTRY)
    (void)pgo_cfg_set_entry(cfg, block);
  cfg->blocks[block].flags = flags & ~(unsigned)PGO_BLOCK_ENTRY;
  cfg->generation++;
  return PGO_OK;
}

PGO_API pgo_status pgo_cfg_set_branch(pgo_cfg *cfg, uint32_t block,
                                      const pgo_branch_features *f) {
  if (cfg == NULL || f == NULL)
    return cfg ? pgo__core_seterr(cfg, PGO_ERR_INVALID,
                             "pgo_cfg_set_branch: NULL features")
               : PGO_ERR_INVALID;
  if (!LIVE(cfg, block))
    return bad_block(cfg, "pgo_cfg_set_branch", block);
  if ((unsigned)f->cmp > (unsigned)PGO_CMP_FFALSE ||
      (unsigned)f->lhs > (unsigned)PGO_OPND_OTHER ||
      (unsigned)f->rhs > (unsigned)PGO_OPND_OTHER)
    return pgo__core_seterr(cfg, PGO_ERR_INVALID,
                       "pgo_cfg_set_branch: block %u: predicate or operand "
                       "kind out of range",
                       block);
  cfg->blocks[block].cmp = (uint8_t)f->cmp;
  cfg->blocks[block].lhs = (uint8_t)f->lhs;
  cfg->blocks[block].rhs = (uint8_t)f->rhs;
  cfg->generation++;
  return PGO_OK;
}

PGO_API pgo_status pgo_cfg_set_annotation(pgo_cfg *cfg, uint32_t block,
                                          const double *probs,
                                          uint32_t nsucc) {
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  if (!LIVE(cfg, block))
    return bad_block(cfg, "pgo_cfg_set_annotation", block);
  cfg_block *blk = &cfg->blocks[block];
  if (probs == NULL || nsucc == 0) {
    CORE_FREE(cfg, blk->annot, blk->nannot);
    blk->nannot = 0;
    cfg->generation++;
    return PGO_OK;
  }
  /* Edges can still be added before finish; afterwards the size is fixed. */
  if (cfg->finished && nsucc != blk->nsucc)
    return pgo__core_seterr(cfg, PGO_ERR_INVALID,
                       "pgo_cfg_set_annotation: block %u has %u successors, "
                       "annotation has %u",
                       block, blk->nsucc, nsucc);
  for (uint32_t k = 0; k < nsucc; k++)
    if (!isfinite(probs[k]) || probs[k] < 0.0 || probs[k] > 1.0)
      return pgo__core_seterr(cfg, PGO_ERR_INVALID,
                         "pgo_cfg_set_annotation: block %u: probability %u is "
                         "not in [0, 1]",
                         block, k);
  double *copy = CORE_ALLOC(cfg, nsucc, double);
  if (copy == NULL)
    return pgo__core_nomem(cfg, "copying an annotation");
  memcpy(copy, probs, (size_t)nsucc * sizeof(double));
  CORE_FREE(cfg, blk->annot, blk->nannot);
  blk->annot = copy;
  blk->nannot = nsucc;
  cfg->generation++;
  return PGO_OK;
}

/* --- finish -------------------------------------------------------------- */

/* Stable LSD radix sort of block ids by il_offset, four 8-bit digits (a
 * 1 KiB count table: library code may run on small thread stacks). */
static void sort_by_offset(const pgo_cfg *cfg, uint32_t *ids, uint32_t *tmp,
                           uint32_t n) {
  uint32_t count[256 + 1];
  for (unsigned sh = 0; sh < 32; sh += 8) {
    memset(count, 0, sizeof count);
    for (uint32_t i = 0; i < n; i++)
      count[((cfg->blocks[ids[i]].il_offset >> sh) & 0xffu) + 1]++;
    for (uint32_t d = 0; d < 256; d++)
      count[d + 1] += count[d];
    for (uint32_t i = 0; i < n; i++)
      tmp[count[(cfg->blocks[ids[i]].il_offset >> sh) & 0xffu]++] = ids[i];
    memcpy(ids, tmp, (size_t)n * sizeof(uint32_t));
  }
}

uint32_t pgo__cfg_count_keyed(const pgo_cfg *cfg) {
  uint32_t nkeyed = 0;
  for (uint32_t b = 0; b < cfg->nblocks; b++)
    nkeyed += cfg->blocks[b].il_offset != PGO_NONE && !cfg->blocks[b].removed;
  return nkeyed;
}

void pgo__csr_discard(pgo_cfg *cfg, cfg_csr *c) {
  size_t nb1 = (size_t)c->nb + 1;
  CORE_FREE(cfg, c->succ_off, nb1);
  CORE_FREE(cfg, c->pred_off, nb1);
  CORE_FREE(cfg, c->edge_src, c->ne);
  CORE_FREE(cfg, c->edge_dst, c->ne);
  CORE_FREE(cfg, c->edge_idx, c->ne);
  CORE_FREE(cfg, c->pred_edge, c->ne);
  CORE_FREE(cfg, c->pred_src, c->ne);
  CORE_FREE(cfg, c->edge_stable, c->ne);
  CORE_FREE(cfg, c->by_offset, c->nkeyed);
  CORE_FREE(cfg, c->cursor, nb1);
  CORE_FREE(cfg, c->tmp, c->nkeyed);
}

pgo_status pgo__csr_alloc(pgo_cfg *cfg, uint32_t nb, uint32_t ne,
                          uint32_t nkeyed, cfg_csr *c) {
  memset(c, 0, sizeof *c);
  c->nb = nb;
  c->ne = ne;
  c->nkeyed = nkeyed;
  size_t nb1 = (size_t)nb + 1;
  c->succ_off = CORE_ALLOC(cfg, nb1, uint32_t);
  c->pred_off = CORE_ALLOC(cfg, nb1, uint32_t);
  c->edge_src = CORE_ALLOC(cfg, ne, uint32_t);
  c->edge_dst = CORE_ALLOC(cfg, ne, uint32_t);
  c->edge_idx = CORE_ALLOC(cfg, ne, uint32_t);
  c->pred_edge = CORE_ALLOC(cfg, ne, uint32_t);
  c->pred_src = CORE_ALLOC(cfg, ne, uint32_t);
  c->edge_stable = CORE_ALLOC(cfg, ne, uint32_t);
  c->by_offset = CORE_ALLOC(cfg, nkeyed, uint32_t);
  c->cursor = CORE_ALLOC(cfg, nb1, uint32_t);
  c->tmp = CORE_ALLOC(cfg, nkeyed, uint32_t);
  if (!c->succ_off || !c->pred_off || !c->edge_src || !c->edge_dst ||
      !c->edge_idx || !c->pred_edge || !c->pred_src || !c->edge_stable ||
      !c->by_offset || !c->cursor || !c->tmp) {
    pgo__csr_discard(cfg, c);
    return pgo__core_nomem(cfg, "building the successor tables");
  }
  return PGO_OK;
}

void pgo__csr_install(pgo_cfg *cfg, cfg_csr *c) {
  uint32_t nb = c->nb, ne = c->ne;
  PGO_ASSERT(!cfg->finished && nb == cfg->nblocks && ne == cfg->nedges);
  uint32_t *cursor = c->cursor;

  /* Successors: counting sort by source over the live builder edges,
   * stable in insertion order. */
  c->succ_off[0] = 0;
  for (uint32_t b = 0; b < nb; b++)
    c->succ_off[b + 1] = c->succ_off[b] + cfg->blocks[b].nsucc;
  PGO_ASSERT(c->succ_off[nb] == ne);
  memcpy(cursor, c->succ_off, ((size_t)nb + 1) * sizeof(uint32_t));
  for (uint32_t i = 0; i < cfg->nbedges; i++) {
    if (cfg->bedges[i].removed)
      continue;
    uint32_t s = cfg->bedges[i].src;
    uint32_t e = cursor[s]++;
    c->edge_src[e] = s;
    c->edge_dst[e] = cfg->bedges[i].dst;
    c->edge_idx[e] = e - c->succ_off[s];
    c->edge_stable[e] = i;
  }

  /* Predecessors: counting sort by destination over ascending edge ids. */
  memset(c->pred_off, 0, ((size_t)nb + 1) * sizeof(uint32_t));
  for (uint32_t e = 0; e < ne; e++)
    c->pred_off[c->edge_dst[e] + 1]++;
  for (uint32_t b = 0; b < nb; b++)
    c->pred_off[b + 1] += c->pred_off[b];
  memcpy(cursor, c->pred_off, ((size_t)nb + 1) * sizeof(uint32_t));
  for (uint32_t e = 0; e < ne; e++) {
    uint32_t p = cursor[c->edge_dst[e]]++;
    c->pred_edge[p] = e;
    c->pred_src[p] = c->edge_src[e];
  }

  /* IL offset index. */
  uint32_t k = 0;
  bool sorted = true;
  for (uint32_t b = 0; b < nb; b++) {
    uint32_t off = cfg->blocks[b].il_offset;
    if (off == PGO_NONE || cfg->blocks[b].removed)
      continue;
    if (k > 0 && cfg->blocks[c->by_offset[k - 1]].il_offset > off)
      sorted = false;
    c->by_offset[k++] = b;
  }
  PGO_ASSERT(k == c->nkeyed);
  if (!sorted)
    sort_by_offset(cfg, c->by_offset, c->tmp, c->nkeyed);

  size_t nb1 = (size_t)nb + 1;
  CORE_FREE(cfg, c->cursor, nb1);
  CORE_FREE(cfg, c->tmp, c->nkeyed);
  cfg->succ_off = c->succ_off;
  cfg->pred_off = c->pred_off;
  cfg->edge_src = c->edge_src;
  cfg->edge_dst = c->edge_dst;
  cfg->edge_idx = c->edge_idx;
  cfg->pred_edge = c->pred_edge;
  cfg->pred_src = c->pred_src;
  cfg->edge_stable = c->edge_stable;
  cfg->by_offset = c->by_offset;
  cfg->nkeyed = c->nkeyed;
  memset(c, 0, sizeof *c);
  cfg->finished = true;
  cfg->valid = 0;
}

PGO_API pgo_status pgo_cfg_finish(pgo_cfg *cfg) {
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  if (cfg->finished)
    return PGO_OK;
  uint32_t nb = cfg->nblocks;
  if (nb == 0)
    return pgo__core_seterr(cfg, PGO_ERR_INVALID,
                       "pgo_cfg_finish: the graph has no blocks");
  for (uint32_t b = 0; b < nb; b++)
    if (cfg->blocks[b].nannot != 0 && cfg->blocks[b].nannot != cfg->blocks[b].nsucc)
      return pgo__core_seterr(cfg, PGO_ERR_INVALID,
                         "pgo_cfg_finish: block %u has %u successors but its "
                         "annotation has %u probabilities",
                         b, cfg->blocks[b].nsucc, cfg->blocks[b].nannot);
  cfg_csr c;
  pgo_status s = pgo__csr_alloc(cfg, nb, cfg->nedges,
                                pgo__cfg_count_keyed(cfg), &c);
  if (s != PGO_OK)
    return s;
  pgo__csr_install(cfg, &c);
  return PGO_OK;
}

PGO_API bool pgo_cfg_is_finished(const pgo_cfg *cfg) {
  return cfg != NULL && cfg->finished;
}

/* --- verify -------------------------------------------------------------- */

/* "block 3 (loop.body)" or "block 3 (bb3)". */
static const char *block_name(const pgo_cfg *cfg, uint32_t b, char *buf,
                              size_t n) {
  if (cfg->blocks[b].label)
    snprintf(buf, n, "block %u (%s)", b, cfg->blocks[b].label);
  else
    snprintf(buf, n, "block %u (bb%u)", b, b);
  return buf;
}

static const char *term_name(unsigned t) {
  static const char *const names[] = {"none",   "jump",        "branch",
                                      "switch", "indirect",    "return",
                                      "throw",  "unreachable", "invoke"};
  return t < sizeof names / sizeof names[0] ? names[t] : "?";
}

PGO_API pgo_status pgo_cfg_verify(pgo_cfg *cfg) {
  if (cfg == NULL)
    return PGO_ERR_INVALID;
  char nm[160];
  uint32_t nb = cfg->nblocks;
  if (nb == 0)
    return pgo__core_seterr(cfg, PGO_ERR_CORRUPT, "verify: the graph has no blocks");
  if (cfg->entry >= nb)
    return pgo__core_seterr(cfg, PGO_ERR_CORRUPT, "verify: no entry block");
  if (cfg->blocks[cfg->entry].removed)
    return pgo__core_seterr(cfg, PGO_ERR_CORRUPT,
                            "verify: the entry block %u was removed",
                            cfg->entry);
  uint32_t live = 0;
  for (uint32_t i = 0; i < cfg->nbedges; i++) {
    const cfg_edge *ed = &cfg->bedges[i];
    if (ed->removed)
      continue;
    live++;
    if (ed->src >= nb || ed->dst >= nb)
      return pgo__core_seterr(cfg, PGO_ERR_CORRUPT,
                         "verify: edge %u (%u -> %u) leaves the graph", i,
                         ed->src, ed->dst);
    if (cfg->blocks[ed->src].removed || cfg->blocks[ed->dst].removed)
      return pgo__core_seterr(cfg, PGO_ERR_CORRUPT,
                              "verify: edge %u (%u -> %u) touches a removed "
                              "block",
                              i, ed->src, ed->dst);
  }
  if (live != cfg->nedges)
    return pgo__core_seterr(cfg, PGO_ERR_CORRUPT,
                            "verify: %u live edges but the count says %u",
                            live, cfg->nedges);
  for (uint32_t b = 0; b < nb; b++) {
    const cfg_block *blk = &cfg->blocks[b];
    if (blk->removed) {
      if (blk->nsucc != 0 || blk->nannot != 0 || blk->il_offset != PGO_NONE)
        return pgo__core_seterr(cfg, PGO_ERR_CORRUPT,
                                "verify: removed block %u still has "
                                "successors, an annotation or an IL offset",
                                b);
      continue;
    }
    if (blk->nannot != 0) {
      if (blk->nannot != blk->nsucc)
        return pgo__core_seterr(cfg, PGO_ERR_CORRUPT,
                           "verify: %s has %u successors but its annotation "
                           "has %u probabilities",
                           block_name(cfg, b, nm, sizeof nm), blk->nsucc,
                           blk->nannot);
      double sum = 0;
      for (uint32_t k = 0; k < blk->nannot; k++)
        sum += blk->annot[k];
      if (!(fabs(sum - 1.0) <= 1e-6))
        return pgo__core_seterr(cfg, PGO_ERR_CORRUPT,
                           "verify: %s: annotated probabilities sum to %.9g, "
                           "not 1",
                           block_name(cfg, b, nm, sizeof nm), sum);
    }
    int want = -1; /* exact successor count, -1 = any */
    bool at_least_one = false;
    switch ((pgo_term)blk->term) {
    case PGO_TERM_JUMP:
      want = 1;
      break;
    case PGO_TERM_BRANCH:
    case PGO_TERM_INVOKE:
      want = 2;
      break;
    case PGO_TERM_SWITCH:
      at_least_one = true;
      break;
    case PGO_TERM_RETURN:
    case PGO_TERM_THROW:
    case PGO_TERM_UNREACHABLE:
      want = 0;
      break;
    case PGO_TERM_NONE:
    case PGO_TERM_INDIRECT:
      break;
    }
    if ((want >= 0 && blk->nsucc != (uint32_t)want) ||
        (at_least_one && blk->nsucc == 0))
      return pgo__core_seterr(cfg, PGO_ERR_CORRUPT,
                         "verify: %s ends in %s but has %u successors",
                         block_name(cfg, b, nm, sizeof nm),
                         term_name(blk->term), blk->nsucc);
    if (cfg->il_size != 0 && blk->il_offset != PGO_NONE &&
        ((uint64_t)blk->il_offset + blk->ninstr > cfg->il_size))
      return pgo__core_seterr(cfg, PGO_ERR_CORRUPT,
                         "verify: %s spans IL offsets %u..%u beyond the "
                         "method's IL size %u",
                         block_name(cfg, b, nm, sizeof nm), blk->il_offset,
                         blk->il_offset + blk->ninstr, cfg->il_size);
  }
  /* Unique IL offsets: a block key must name one block. */
  if (cfg->finished) {
    for (uint32_t i = 1; i < cfg->nkeyed; i++) {
      uint32_t a = cfg->by_offset[i - 1], b = cfg->by_offset[i];
      if (cfg->blocks[a].il_offset == cfg->blocks[b].il_offset)
        return pgo__core_seterr(cfg, PGO_ERR_CORRUPT,
                           "verify: %s starts at IL offset %u like block %u",
                           block_name(cfg, b, nm, sizeof nm),
                           cfg->blocks[b].il_offset, a);
    }
    for (uint32_t b = 0; b < nb; b++)
      if (cfg->succ_off[b + 1] - cfg->succ_off[b] != cfg->blocks[b].nsucc ||
          (cfg->blocks[b].removed &&
           cfg->pred_off[b + 1] != cfg->pred_off[b]))
        return pgo__core_seterr(cfg, PGO_ERR_CORRUPT,
                           "verify: %s: successor table out of date",
                           block_name(cfg, b, nm, sizeof nm));
    for (uint32_t e = 0; e < cfg->nedges; e++) {
      const cfg_edge *ed = &cfg->bedges[cfg->edge_stable[e]];
      if (ed->removed || ed->src != cfg->edge_src[e] ||
          ed->dst != cfg->edge_dst[e])
        return pgo__core_seterr(cfg, PGO_ERR_CORRUPT,
                                "verify: edge %u: table out of date", e);
    }
  } else {
    /* Unfinished: a quadratic scan would be too slow on big graphs, so the
     * uniqueness check needs the offset index built by finish. */
  }
  cfg->errmsg[0] = '\0';
  return PGO_OK;
}

/* --- structural queries ------------------------------------------------- */

PGO_API uint32_t pgo_cfg_nblocks(const pgo_cfg *cfg) {
  return cfg ? cfg->nblocks : 0;
}
PGO_API uint32_t pgo_cfg_nedges(const pgo_cfg *cfg) {
  return cfg ? cfg->nedges : 0;
}
PGO_API uint32_t pgo_cfg_entry(const pgo_cfg *cfg) {
  return cfg ? cfg->entry : PGO_NONE;
}

#define BLOCK_OK(cfg, b) ((cfg) != NULL && (b) < (cfg)->nblocks)
#define EDGE_OK(cfg, e) ((cfg) != NULL && (cfg)->finished && (e) < (cfg)->nedges)

PGO_API uint32_t pgo_cfg_il_offset(const pgo_cfg *cfg, uint32_t block) {
  return BLOCK_OK(cfg, block) ? cfg->blocks[block].il_offset : PGO_NONE;
}
PGO_API uint32_t pgo_cfg_ninstr(const pgo_cfg *cfg, uint32_t block) {
  return BLOCK_OK(cfg, block) ? cfg->blocks[block].ninstr : 0;
}
PGO_API const char *pgo_cfg_label(const pgo_cfg *cfg, uint32_t block) {
  return BLOCK_OK(cfg, block) ? cfg->blocks[block].label : NULL;
}
PGO_API pgo_term pgo_cfg_term(const pgo_cfg *cfg, uint32_t block) {
  return BLOCK_OK(cfg, block) ? (pgo_term)cfg->blocks[block].term
                              : PGO_TERM_NONE;
}
PGO_API unsigned pgo_cfg_flags(const pgo_cfg *cfg, uint32_t block) {
  if (!BLOCK_OK(cfg, block))
    return 0;
  return cfg->blocks[block].flags |
         (block == cfg->entry ? (unsigned)PGO_BLOCK_ENTRY : 0u);
}
PGO_API pgo_branch_features pgo_cfg_branch(const pgo_cfg *cfg,
                                           uint32_t block) {
  pgo_branch_features f = {PGO_CMP_NONE, PGO_OPND_NONE, PGO_OPND_NONE};
  if (BLOCK_OK(cfg, block)) {
    f.cmp = (pgo_cmp)cfg->blocks[block].cmp;
    f.lhs = (pgo_operand)cfg->blocks[block].lhs;
    f.rhs = (pgo_operand)cfg->blocks[block].rhs;
  }
  return f;
}
PGO_API const double *pgo_cfg_annotation(const pgo_cfg *cfg, uint32_t block) {
  return BLOCK_OK(cfg, block) ? cfg->blocks[block].annot : NULL;
}

PGO_API uint32_t pgo_cfg_block_at(const pgo_cfg *cfg, uint32_t il_offset) {
  if (cfg == NULL || il_offset == PGO_NONE)
    return PGO_NONE;
  if (!cfg->finished) {
    for (uint32_t b = 0; b < cfg->nblocks; b++)
      if (cfg->blocks[b].il_offset == il_offset && !cfg->blocks[b].removed)
        return b;
    return PGO_NONE;
  }
  /* Lower bound: the first (lowest id) block at that offset. */
  uint32_t lo = 0, hi = cfg->nkeyed;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (cfg->blocks[cfg->by_offset[mid]].il_offset < il_offset)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < cfg->nkeyed &&
      cfg->blocks[cfg->by_offset[lo]].il_offset == il_offset)
    return cfg->by_offset[lo];
  return PGO_NONE;
}

static bool holds(const cfg_block *blk, uint32_t off) {
  return !blk->removed && blk->il_offset != PGO_NONE &&
         blk->il_offset <= off && off - blk->il_offset < blk->ninstr;
}

PGO_API uint32_t pgo_cfg_block_containing(const pgo_cfg *cfg,
                                          uint32_t il_offset) {
  if (cfg == NULL || il_offset == PGO_NONE)
    return PGO_NONE;
  if (!cfg->finished) {
    for (uint32_t b = 0; b < cfg->nblocks; b++)
      if (holds(&cfg->blocks[b], il_offset))
        return b;
    return PGO_NONE;
  }
  /* Upper bound: the first block starting after il_offset; the candidate
   * is the run of blocks starting at the greatest offset <= il_offset
   * (lowest id first, as pgo_cfg_block_at). */
  uint32_t lo = 0, hi = cfg->nkeyed;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (cfg->blocks[cfg->by_offset[mid]].il_offset <= il_offset)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0)
    return PGO_NONE;
  uint32_t start = cfg->blocks[cfg->by_offset[lo - 1]].il_offset;
  uint32_t i = lo - 1;
  while (i > 0 && cfg->blocks[cfg->by_offset[i - 1]].il_offset == start)
    i--;
  for (; i < lo; i++)
    if (holds(&cfg->blocks[cfg->by_offset[i]], il_offset))
      return cfg->by_offset[i];
  return PGO_NONE;
}

PGO_API bool pgo_cfg_block_removed(const pgo_cfg *cfg, uint32_t block) {
  return BLOCK_OK(cfg, block) && cfg->blocks[block].removed;
}

PGO_API uint64_t pgo_cfg_generation(const pgo_cfg *cfg) {
  return cfg ? cfg->generation : 0;
}

PGO_API uint32_t pgo_cfg_edge_at(const pgo_cfg *cfg, uint32_t block,
                                 uint32_t succ_index) {
  if (!BLOCK_OK(cfg, block) || !cfg->finished ||
      succ_index >= cfg->blocks[block].nsucc)
    return PGO_NONE;
  return cfg->succ_off[block] + succ_index;
}

PGO_API uint32_t pgo_cfg_nsucc(const pgo_cfg *cfg, uint32_t block) {
  return BLOCK_OK(cfg, block) ? cfg->blocks[block].nsucc : 0;
}
PGO_API uint32_t pgo_cfg_succ_begin(const pgo_cfg *cfg, uint32_t block) {
  return BLOCK_OK(cfg, block) && cfg->finished ? cfg->succ_off[block]
                                               : PGO_NONE;
}
PGO_API uint32_t pgo_cfg_npred(const pgo_cfg *cfg, uint32_t block) {
  return BLOCK_OK(cfg, block) && cfg->finished
             ? cfg->pred_off[block + 1] - cfg->pred_off[block]
             : 0;
}
PGO_API const uint32_t *pgo_cfg_preds(const pgo_cfg *cfg, uint32_t block) {
  return BLOCK_OK(cfg, block) && cfg->finished
             ? cfg->pred_edge + cfg->pred_off[block]
             : NULL;
}
PGO_API uint32_t pgo_cfg_edge_src(const pgo_cfg *cfg, uint32_t edge) {
  return EDGE_OK(cfg, edge) ? cfg->edge_src[edge] : PGO_NONE;
}
PGO_API uint32_t pgo_cfg_edge_dst(const pgo_cfg *cfg, uint32_t edge) {
  return EDGE_OK(cfg, edge) ? cfg->edge_dst[edge] : PGO_NONE;
}
PGO_API uint32_t pgo_cfg_edge_index(const pgo_cfg *cfg, uint32_t edge) {
  return EDGE_OK(cfg, edge) ? cfg->edge_idx[edge] : PGO_NONE;
}

bool pgo__cfg_block_is_exit(const pgo_cfg *cfg, uint32_t b) {
  const cfg_block *blk = &cfg->blocks[b];
  if (blk->removed)
    return false;
  return blk->term == PGO_TERM_RETURN || blk->term == PGO_TERM_THROW ||
         blk->term == PGO_TERM_UNREACHABLE || blk->nsucc == 0;
}

PGO_API bool pgo_cfg_is_exit(const pgo_cfg *cfg, uint32_t block) {
  return BLOCK_OK(cfg, block) && pgo__cfg_block_is_exit(cfg, block);
}
