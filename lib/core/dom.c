/*
 * dom.c -- depth-first order, reverse post-order, dominators and
 * post-dominators of a finished pgo_cfg.
 *
 * RPO: iterative depth-first search from the entry, successors in
 * successor-index order; RPO is the reverse of the post-order.
 *
 * Dominators: Lengauer & Tarjan, "A fast algorithm for finding dominators in
 * a flowgraph", TOPLAS 1(1), 1979 -- the "simple" version (EVAL with path
 * compression, LINK without balancing), O(m log n).  Semidominators are
 * computed in reverse DFS pre-order, immediate dominators are implicitly
 * defined through the buckets and fixed up in a final pre-order pass
 * (Theorem 4 / Corollary 1 of the paper).  Everything is iterative: the DFS
 * keeps an explicit stack with an edge cursor per node, and COMPRESS walks
 * the ancestor chain onto an explicit stack and unwinds it, so a
 * 1,000,000-deep chain uses heap, not the C stack.
 *
 * Post-dominators: the same routine on the reversed graph with a virtual
 * exit node (id = nblocks) whose reversed successors are the exit blocks
 * (pgo_cfg_is_exit).  Blocks that reach no exit (infinite loops) are not
 * reached from the virtual exit and get no post-dominator.
 *
 * O(1) queries: the dominator tree is numbered by an iterative DFS; a dom b
 * iff pre(a) <= pre(b) and post(b) <= post(a).
 *
 * Fallbacks: none needed -- the algorithm is exact; allocation failure
 * returns PGO_ERR_NOMEM and leaves the previous state (analysis invalid).
 */
#include "cfg_impl.h"

#include <string.h>

/* Iterative DFS over (off, adj) from root.  pre[node] = preorder number or
 * PGO_NONE; vertex[i] = node numbered i; parent[i] = preorder number of the
 * DFS parent of vertex[i] (may be NULL); postlist gets the nodes in
 * post-order (may be NULL).  stk and cur are n-element work arrays.
 * Returns the number of nodes reached. */
static uint32_t dfs(uint32_t n, uint32_t root, const uint32_t *off,
                    const uint32_t *adj, uint32_t *pre, uint32_t *vertex,
                    uint32_t *parent, uint32_t *postlist, uint32_t *stk,
                    uint32_t *cur) {
  for (uint32_t v = 0; v < n; v++)
    pre[v] = PGO_NONE;
  uint32_t npre = 0, npost = 0, sp = 0;
  pre[root] = npre;
  vertex[npre] = root;
  if (parent)
    parent[npre] = PGO_NONE;
  npre++;
  stk[sp] = root;
  cur[sp] = off[root];
  sp++;
  while (sp > 0) {
    uint32_t v = stk[sp - 1];
    if (cur[sp - 1] < off[v + 1]) {
      uint32_t w = adj[cur[sp - 1]++];
      if (pre[w] == PGO_NONE) {
        pre[w] = npre;
        vertex[npre] = w;
        if (parent)
          parent[npre] = pre[v];
        npre++;
        stk[sp] = w;
        cur[sp] = off[w];
        sp++;
      }
    } else {
      if (postlist)
        postlist[npost++] = v;
      sp--;
    }
  }
  return npre;
}

/* Work space for one dominator computation on n nodes. */
enum { W_PRE, W_VERTEX, W_PARENT, W_STK, W_CUR, W_SEMI, W_IDOM, W_ANC,
       W_LABEL, W_BHEAD, W_BNEXT, W_COFF, W_KIDS, W_COUNT };

/* COMPRESS (Lengauer-Tarjan, section 3) without recursion: collect the path
 * to the forest root, then apply the updates from the root end down. */
static void compress(uint32_t v, uint32_t *anc, uint32_t *label,
                     const uint32_t *semi, uint32_t *stk) {
  uint32_t sp = 0;
  while (anc[anc[v]] != PGO_NONE) {
    stk[sp++] = v;
    v = anc[v];
  }
  while (sp > 0) {
    uint32_t x = stk[--sp];
    uint32_t a = anc[x];
    if (semi[label[a]] < semi[label[x]])
      label[x] = label[a];
    anc[x] = anc[a];
  }
}

static inline uint32_t eval(uint32_t v, uint32_t *anc, uint32_t *label,
                            const uint32_t *semi, uint32_t *stk) {
  if (anc[v] == PGO_NONE)
    return v;
  if (anc[anc[v]] != PGO_NONE)
    compress(v, anc, label, semi, stk);
  return label[v];
}

/* Dominator tree of the graph (n nodes, root, successor and predecessor
 * adjacency).  Writes idom[node] (PGO_NONE for the root and unreached
 * nodes) and tree pre/post numbers tpre/tpost (PGO_NONE when unreached). */
static pgo_status dominators(pgo_cfg *cfg, uint32_t n, uint32_t root,
                             const uint32_t *soff, const uint32_t *sadj,
                             const uint32_t *poff, const uint32_t *padj,
                             uint32_t *idom, uint32_t *tpre, uint32_t *tpost,
                             const char *what) {
  size_t stride = (size_t)n + 1;
  uint32_t *work = pgo__core_mem_alloc(&cfg->alloc, stride * W_COUNT,
                                  sizeof(uint32_t));
  if (work == NULL)
    return pgo__core_nomem(cfg, what);
  uint32_t *pre = work + stride * W_PRE, *vertex = work + stride * W_VERTEX;
  uint32_t *parent = work + stride * W_PARENT, *stk = work + stride * W_STK;
  uint32_t *cur = work + stride * W_CUR, *semi = work + stride * W_SEMI;
  uint32_t *idp = work + stride * W_IDOM, *anc = work + stride * W_ANC;
  uint32_t *label = work + stride * W_LABEL;
  uint32_t *bhead = work + stride * W_BHEAD, *bnext = work + stride * W_BNEXT;
  uint32_t *coff = work + stride * W_COFF, *kids = work + stride * W_KIDS;

  uint32_t nr = dfs(n, root, soff, sadj, pre, vertex, parent, NULL, stk, cur);

  /* Everything below works on preorder numbers 0..nr-1 (0 = root). */
  for (uint32_t i = 0; i < nr; i++) {
    semi[i] = i;
    label[i] = i;
    anc[i] = PGO_NONE;
    bhead[i] = PGO_NONE;
    idp[i] = PGO_NONE;
  }
  for (uint32_t w = nr - 1; w >= 1; w--) {
    uint32_t node = vertex[w];
    /* Step 2: semidominator from the predecessors. */
    for (uint32_t k = poff[node]; k < poff[node + 1]; k++) {
      uint32_t v = pre[padj[k]];
      if (v == PGO_NONE)
        continue; /* predecessor not reachable */
      uint32_t u = eval(v, anc, label, semi, stk);
      if (semi[u] < semi[w])
        semi[w] = semi[u];
    }
    bnext[w] = bhead[semi[w]];
    bhead[semi[w]] = w;
    uint32_t p = parent[w];
    anc[w] = p; /* LINK(parent(w), w) */
    /* Step 3: implicitly define the idoms of the bucket of parent(w). */
    for (uint32_t v = bhead[p]; v != PGO_NONE; v = bnext[v]) {
      uint32_t u = eval(v, anc, label, semi, stk);
      idp[v] = semi[u] < semi[v] ? u : p;
    }
    bhead[p] = PGO_NONE;
  }
  /* Step 4: explicit idoms in preorder. */
  for (uint32_t w = 1; w < nr; w++)
    if (idp[w] != semi[w])
      idp[w] = idp[idp[w]];

  for (uint32_t v = 0; v < n; v++) {
    idom[v] = PGO_NONE;
    tpre[v] = PGO_NONE;
    tpost[v] = PGO_NONE;
  }
  for (uint32_t w = 1; w < nr; w++)
    idom[vertex[w]] = vertex[idp[w]];

  /* Number the tree: children lists by counting sort on the parent (in
   * preorder space), then an iterative DFS. */
  memset(coff, 0, stride * sizeof(uint32_t));
  for (uint32_t w = 1; w < nr; w++)
    coff[idp[w] + 1]++;
  for (uint32_t i = 0; i < nr; i++)
    coff[i + 1] += coff[i];
  memcpy(cur, coff, stride * sizeof(uint32_t));
  for (uint32_t w = 1; w < nr; w++)
    kids[cur[idp[w]]++] = w;
  uint32_t sp = 0, npre = 0, npost = 0;
  stk[sp] = 0;
  cur[sp] = coff[0];
  sp++;
  tpre[vertex[0]] = npre++;
  while (sp > 0) {
    uint32_t v = stk[sp - 1];
    if (cur[sp - 1] < coff[v + 1]) {
      uint32_t c = kids[cur[sp - 1]++];
      tpre[vertex[c]] = npre++;
      stk[sp] = c;
      cur[sp] = coff[c];
      sp++;
    } else {
      tpost[vertex[v]] = npost++;
      sp--;
    }
  }
  pgo__core_mem_free(&cfg->alloc, work, stride * W_COUNT, sizeof(uint32_t));
  return PGO_OK;
}

/* --- RPO ------------------------------------------------------------------ */

void pgo__dom_free_rpo(pgo_cfg *cfg) {
  CORE_FREE(cfg, cfg->rpo, cfg->nblocks);
  CORE_FREE(cfg, cfg->rpo_index, cfg->nblocks);
  cfg->nrpo = 0;
  cfg->valid &= ~(unsigned)PGO_ANALYSIS_RPO;
}

pgo_status pgo__dom_compute_rpo(pgo_cfg *cfg) {
  uint32_t n = cfg->nblocks;
  uint32_t *work = CORE_ALLOC(cfg, (size_t)n * 4, uint32_t);
  cfg->rpo = CORE_ALLOC(cfg, n, uint32_t);
  cfg->rpo_index = CORE_ALLOC(cfg, n, uint32_t);
  if (work == NULL || cfg->rpo == NULL || cfg->rpo_index == NULL) {
    CORE_FREE(cfg, work, (size_t)n * 4);
    pgo__dom_free_rpo(cfg);
    return pgo__core_nomem(cfg, "computing the reverse post-order");
  }
  uint32_t *pre = work, *vertex = work + n, *stk = work + 2 * (size_t)n,
           *cur = work + 3 * (size_t)n;
  /* The post-order goes into rpo, then is reversed in place. */
  uint32_t nr = dfs(n, cfg->entry, cfg->succ_off, cfg->edge_dst, pre, vertex,
                    NULL, cfg->rpo, stk, cur);
  for (uint32_t i = 0, j = nr - 1; i < j; i++, j--) {
    uint32_t t = cfg->rpo[i];
    cfg->rpo[i] = cfg->rpo[j];
    cfg->rpo[j] = t;
  }
  for (uint32_t v = 0; v < n; v++)
    cfg->rpo_index[v] = PGO_NONE;
  for (uint32_t i = 0; i < nr; i++)
    cfg->rpo_index[cfg->rpo[i]] = i;
  cfg->nrpo = nr;
  CORE_FREE(cfg, work, (size_t)n * 4);
  cfg->valid |= PGO_ANALYSIS_RPO;
  return PGO_OK;
}

/* --- dominators ----------------------------------------------------------- */

void pgo__dom_free_dom(pgo_cfg *cfg) {
  CORE_FREE(cfg, cfg->idom, cfg->nblocks);
  CORE_FREE(cfg, cfg->dom_pre, cfg->nblocks);
  CORE_FREE(cfg, cfg->dom_post, cfg->nblocks);
  cfg->valid &= ~(unsigned)PGO_ANALYSIS_DOM;
}

pgo_status pgo__dom_compute_dom(pgo_cfg *cfg) {
  uint32_t n = cfg->nblocks;
  cfg->idom = CORE_ALLOC(cfg, n, uint32_t);
  cfg->dom_pre = CORE_ALLOC(cfg, n, uint32_t);
  cfg->dom_post = CORE_ALLOC(cfg, n, uint32_t);
  if (!cfg->idom || !cfg->dom_pre || !cfg->dom_post) {
    pgo__dom_free_dom(cfg);
    return pgo__core_nomem(cfg, "computing dominators");
  }
  pgo_status s = dominators(cfg, n, cfg->entry, cfg->succ_off, cfg->edge_dst,
                            cfg->pred_off, cfg->pred_src, cfg->idom,
                            cfg->dom_pre, cfg->dom_post,
                            "computing dominators");
  if (s != PGO_OK) {
    pgo__dom_free_dom(cfg);
    return s;
  }
  cfg->valid |= PGO_ANALYSIS_DOM;
  return PGO_OK;
}

/* --- post-dominators ------------------------------------------------------ */

/* Arrays have nblocks+1 entries: node nblocks is the virtual exit. */
void pgo__dom_free_pdom(pgo_cfg *cfg) {
  size_t n1 = (size_t)cfg->nblocks + 1;
  CORE_FREE(cfg, cfg->ipdom, n1);
  CORE_FREE(cfg, cfg->pdom_pre, n1);
  CORE_FREE(cfg, cfg->pdom_post, n1);
  cfg->valid &= ~(unsigned)PGO_ANALYSIS_PDOM;
}

pgo_status pgo__dom_compute_pdom(pgo_cfg *cfg) {
  uint32_t nb = cfg->nblocks, ne = cfg->nedges, vx = nb;
  size_t n1 = (size_t)nb + 1;
  uint32_t nexit = 0;
  for (uint32_t b = 0; b < nb; b++)
    nexit += pgo__cfg_block_is_exit(cfg, b);
  size_t m1 = (size_t)ne + nexit;
  /* Reversed graph: rsucc(b) = predecessors of b, rsucc(vx) = exits;
   * rpred(b) = successors of b, plus vx when b is an exit. */
  uint32_t *rsoff = CORE_ALLOC(cfg, n1 + 1, uint32_t);
  uint32_t *rsadj = CORE_ALLOC(cfg, m1, uint32_t);
  uint32_t *rpoff = CORE_ALLOC(cfg, n1 + 1, uint32_t);
  uint32_t *rpadj = CORE_ALLOC(cfg, m1, uint32_t);
  cfg->ipdom = CORE_ALLOC(cfg, n1, uint32_t);
  cfg->pdom_pre = CORE_ALLOC(cfg, n1, uint32_t);
  cfg->pdom_post = CORE_ALLOC(cfg, n1, uint32_t);
  pgo_status s = PGO_OK;
  if (!rsoff || !rsadj || !rpoff || !rpadj || !cfg->ipdom || !cfg->pdom_pre ||
      !cfg->pdom_post) {
    s = pgo__core_nomem(cfg, "computing post-dominators");
    goto done;
  }
  memcpy(rsoff, cfg->pred_off, n1 * sizeof(uint32_t));
  memcpy(rsadj, cfg->pred_src, (size_t)ne * sizeof(uint32_t));
  uint32_t k = ne;
  for (uint32_t b = 0; b < nb; b++)
    if (pgo__cfg_block_is_exit(cfg, b))
      rsadj[k++] = b;
  rsoff[vx + 1] = k;

  k = 0;
  for (uint32_t b = 0; b < nb; b++) {
    rpoff[b] = k;
    for (uint32_t e = cfg->succ_off[b]; e < cfg->succ_off[b + 1]; e++)
      rpadj[k++] = cfg->edge_dst[e];
    if (pgo__cfg_block_is_exit(cfg, b))
      rpadj[k++] = vx;
  }
  rpoff[vx] = k;
  rpoff[vx + 1] = k;

  s = dominators(cfg, nb + 1, vx, rsoff, rsadj, rpoff, rpadj, cfg->ipdom,
                 cfg->pdom_pre, cfg->pdom_post,
                 "computing post-dominators");
  if (s == PGO_OK)
    for (uint32_t b = 0; b < nb; b++)
      if (cfg->ipdom[b] == vx)
        cfg->ipdom[b] = PGO_NONE;
done:
  CORE_FREE(cfg, rsoff, n1 + 1);
  CORE_FREE(cfg, rsadj, m1);
  CORE_FREE(cfg, rpoff, n1 + 1);
  CORE_FREE(cfg, rpadj, m1);
  if (s != PGO_OK) {
    pgo__dom_free_pdom(cfg);
    return s;
  }
  cfg->valid |= PGO_ANALYSIS_PDOM;
  return PGO_OK;
}

/* --- queries -------------------------------------------------------------- */

/* Each query makes its analysis valid first (pgo__cfg_ensure): never a
 * stale answer; PGO_INVALID / false / NULL when that fails. */

PGO_API const uint32_t *pgo_cfg_rpo(const pgo_cfg *cfg, uint32_t *n) {
  if (!pgo__cfg_ensure(cfg, PGO_ANALYSIS_RPO)) {
    if (n)
      *n = 0;
    return NULL;
  }
  if (n)
    *n = cfg->nrpo;
  return cfg->rpo;
}

PGO_API uint32_t pgo_cfg_rpo_index(const pgo_cfg *cfg, uint32_t block) {
  if (cfg == NULL || block >= cfg->nblocks)
    return PGO_NONE;
  if (!pgo__cfg_ensure(cfg, PGO_ANALYSIS_RPO))
    return PGO_INVALID;
  return cfg->rpo_index[block];
}

PGO_API bool pgo_cfg_reachable(const pgo_cfg *cfg, uint32_t block) {
  return pgo_cfg_rpo_index(cfg, block) < PGO_INVALID;
}

PGO_API uint32_t pgo_cfg_idom(const pgo_cfg *cfg, uint32_t block) {
  if (cfg == NULL || block >= cfg->nblocks)
    return PGO_NONE;
  if (!pgo__cfg_ensure(cfg, PGO_ANALYSIS_DOM))
    return PGO_INVALID;
  return cfg->idom[block];
}

PGO_API bool pgo_cfg_dominates(const pgo_cfg *cfg, uint32_t a, uint32_t b) {
  if (cfg == NULL || a >= cfg->nblocks || b >= cfg->nblocks ||
      !pgo__cfg_ensure(cfg, PGO_ANALYSIS_DOM))
    return false;
  return core_dom_fast(cfg, a, b);
}

PGO_API uint32_t pgo_cfg_ipdom(const pgo_cfg *cfg, uint32_t block) {
  if (cfg == NULL || block >= cfg->nblocks)
    return PGO_NONE;
  if (!pgo__cfg_ensure(cfg, PGO_ANALYSIS_PDOM))
    return PGO_INVALID;
  return cfg->ipdom[block];
}

PGO_API bool pgo_cfg_postdominates(const pgo_cfg *cfg, uint32_t a,
                                   uint32_t b) {
  if (cfg == NULL || a >= cfg->nblocks || b >= cfg->nblocks ||
      !pgo__cfg_ensure(cfg, PGO_ANALYSIS_PDOM))
    return false;
  const uint32_t *pre = cfg->pdom_pre, *post = cfg->pdom_post;
  return pre[a] != PGO_NONE && pre[b] != PGO_NONE && pre[a] <= pre[b] &&
         post[b] <= post[a];
}
