/*
 * journal.c -- the edit journal of a pgo_cfg and the registry of the
 * pgo_pfg built on it.
 *
 * Why: a pfg follows the edits of its graph lazily.  Its values must not
 * depend on when it syncs (split an edge then remove a block: the split
 * block must get the same count whether the pfg looked in between or not).
 * So every change that moves pfg values appends an entry (cfg_impl.h,
 * CFG_J_*): what it created (id ranges; the origin of each new block and
 * edge is recorded in the graph and never changes) or what it removed (the
 * stable edge ids, and the block).  pgo_pfg_sync (pfg_sync.c) replays the
 * entries after its own generation in order, each exactly as a sync right
 * after that change would have done it.  The entries carry everything the
 * replay reads that a later change could overwrite; the rest (a stable
 * edge's source, a block's or edge's origin) never changes.
 *
 * Memory: entries are kept only while a registered pfg still needs them
 * (its generation is older); with no pfg registered nothing is recorded.
 * Each entry creates or removes at least one id and an id is created once
 * and removed at most once, so the journal holds at most
 * 2 * (blocks + stable edges) entries and at most one pool slot per stable
 * edge: it is bounded by the size of the graph's own builder arrays, however
 * long a pfg goes without syncing.  Trimming (after each sync that moved,
 * and when a pfg is freed) finds the oldest registered pfg and shifts the
 * kept entries down: O(registered pfgs + kept entries).
 *
 * Failure: an edit reserves its entry (pgo__journal_reserve) together with
 * its other allocations, before it changes anything, so an edit whose
 * journal append would fail fails as a whole with PGO_ERR_NOMEM and changes
 * nothing; the append itself cannot fail.
 *
 * Threads: the registry and the journal are written through a const graph
 * (pgo_pfg_new, pgo_pfg_free, a pgo_pfg_sync that moves): core.h's thread
 * rules make those calls need the graph and all its pfgs to themselves.
 */
#include "pfg_impl.h"

#include <string.h>

pgo_status pgo__journal_reserve(pgo_cfg *cfg, uint32_t npool) {
  if (cfg->pfgs == NULL)
    return PGO_OK;
  if (cfg->njent == cfg->cap_jent) {
    uint32_t cap = core_grown_cap(cfg->cap_jent);
    cfg_jentry *j = pgo__core_mem_realloc(&cfg->alloc, cfg->jent,
                                          cfg->cap_jent, cap,
                                          sizeof(cfg_jentry));
    if (j == NULL)
      return pgo__core_nomem(cfg, "growing the edit journal");
    cfg->jent = j;
    cfg->cap_jent = cap;
  }
  if (npool > PGO_INVALID - 1 - cfg->njpool)
    return pgo__core_seterr(cfg, PGO_ERR_RANGE, "edit journal too large");
  uint32_t need = cfg->njpool + npool;
  if (need > cfg->cap_jpool) {
    uint32_t cap = cfg->cap_jpool;
    while (cap < need)
      cap = core_grown_cap(cap);
    uint32_t *j = pgo__core_mem_realloc(&cfg->alloc, cfg->jpool,
                                        cfg->cap_jpool, cap, sizeof(uint32_t));
    if (j == NULL)
      return pgo__core_nomem(cfg, "growing the edit journal");
    cfg->jpool = j;
    cfg->cap_jpool = cap;
  }
  return PGO_OK;
}

static cfg_jentry *next_entry(pgo_cfg *cfg, uint8_t kind, uint64_t gen) {
  PGO_ASSERT(cfg->njent < cfg->cap_jent);
  PGO_ASSERT(cfg->njent == 0 || cfg->jent[cfg->njent - 1].gen < gen);
  cfg_jentry *j = &cfg->jent[cfg->njent++];
  memset(j, 0, sizeof *j);
  j->kind = kind;
  j->gen = gen;
  return j;
}

void pgo__journal_add(pgo_cfg *cfg, uint8_t kind, uint64_t gen,
                      uint32_t block_lo, uint32_t block_hi, uint32_t edge_lo,
                      uint32_t edge_hi) {
  if (cfg->pfgs == NULL)
    return;
  cfg_jentry *j = next_entry(cfg, kind, gen);
  j->block_lo = block_lo;
  j->block_hi = block_hi;
  j->edge_lo = edge_lo;
  j->edge_hi = edge_hi;
}

void pgo__journal_add_removal(pgo_cfg *cfg, uint64_t gen, uint32_t block,
                              const uint8_t *kill, uint32_t ne) {
  if (cfg->pfgs == NULL)
    return;
  cfg_jentry *j = next_entry(cfg, block == PGO_NONE ? CFG_J_REMOVE_EDGE
                                                    : CFG_J_REMOVE_BLOCK,
                             gen);
  j->block_lo = block;
  j->block_hi = block == PGO_NONE ? block : block + 1;
  j->edge_lo = cfg->njpool;
  for (uint32_t e = 0; e < ne; e++)
    if (kill[e]) {
      PGO_ASSERT(cfg->njpool < cfg->cap_jpool);
      cfg->jpool[cfg->njpool++] = cfg->edge_stable[e];
    }
  j->edge_hi = cfg->njpool;
}

void pgo__journal_trim(pgo_cfg *cfg) {
  if (cfg->njent == 0)
    return;
  uint32_t drop = cfg->njent;
  if (cfg->pfgs != NULL) {
    uint64_t oldest = UINT64_MAX;
    for (const pgo_pfg *p = cfg->pfgs; p != NULL; p = p->reg_next)
      if (p->generation < oldest)
        oldest = p->generation;
    drop = 0;
    while (drop < cfg->njent && cfg->jent[drop].gen <= oldest)
      drop++;
  }
  if (drop == 0)
    return;
  /* Pool slots belong to removal entries, in entry order: the first kept
   * removal entry's edge_lo is the first pool slot still needed. */
  uint32_t pool0 = cfg->njpool;
  for (uint32_t i = drop; i < cfg->njent && pool0 == cfg->njpool; i++)
    if (cfg->jent[i].kind >= CFG_J_REMOVE_EDGE)
      pool0 = cfg->jent[i].edge_lo;
  memmove(cfg->jent, cfg->jent + drop,
          (size_t)(cfg->njent - drop) * sizeof(cfg_jentry));
  cfg->njent -= drop;
  if (pool0 > 0) {
    memmove(cfg->jpool, cfg->jpool + pool0,
            (size_t)(cfg->njpool - pool0) * sizeof(uint32_t));
    cfg->njpool -= pool0;
    for (uint32_t i = 0; i < cfg->njent; i++)
      if (cfg->jent[i].kind >= CFG_J_REMOVE_EDGE) {
        cfg->jent[i].edge_lo -= pool0;
        cfg->jent[i].edge_hi -= pool0;
      }
  }
}

void pgo__journal_register(pgo_cfg *cfg, pgo_pfg *p) {
  p->reg_cfg = cfg;
  p->reg_prev = NULL;
  p->reg_next = cfg->pfgs;
  if (cfg->pfgs != NULL)
    cfg->pfgs->reg_prev = p;
  cfg->pfgs = p;
}

void pgo__journal_unregister(pgo_pfg *p) {
  pgo_cfg *cfg = p->reg_cfg;
  if (cfg == NULL)
    return;
  if (p->reg_prev != NULL)
    p->reg_prev->reg_next = p->reg_next;
  else
    cfg->pfgs = p->reg_next;
  if (p->reg_next != NULL)
    p->reg_next->reg_prev = p->reg_prev;
  p->reg_cfg = NULL;
  p->reg_prev = p->reg_next = NULL;
  pgo__journal_trim(cfg);
}

void pgo__journal_free(pgo_cfg *cfg) {
  pgo_pfg *p = cfg->pfgs;
  while (p != NULL) {
    pgo_pfg *next = p->reg_next;
    p->reg_cfg = NULL;
    p->reg_prev = p->reg_next = NULL;
    p = next;
  }
  cfg->pfgs = NULL;
  CORE_FREE(cfg, cfg->jent, cfg->cap_jent);
  CORE_FREE(cfg, cfg->jpool, cfg->cap_jpool);
  cfg->njent = cfg->cap_jent = cfg->njpool = cfg->cap_jpool = 0;
}

PGO_API uint32_t pgo_cfg_journal_entries(const pgo_cfg *cfg) {
  return cfg ? cfg->njent : 0;
}
