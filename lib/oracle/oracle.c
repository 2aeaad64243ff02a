/*
 * oracle.c -- the per-method oracle: a read-only copy of what a profiled
 * flow graph (pgo_pfg, include/pgo/core.h) says about one method, and the
 * queries over it (docs/oracle.md).
 *
 * What is copied (so the oracle owns everything and the pfg and its cfg may
 * be edited or freed afterwards; after a graph edit the oracle is rebuilt,
 * never patched, docs/design.md):
 *   - the CSR shape: successor offsets per block, the source of each edge,
 *     tombstones, and reachability from the entry, computed here by an
 *     iterative depth-first walk over successors (not pgo_cfg_reachable,
 *     which may recompute an analysis and so write the cfg);
 *   - block counts N_i and successor probabilities e_ij with provenance;
 *   - the method key and the value histograms (targets.c).
 *
 * The pfg is read through its getters, which bring it up to date with its
 * graph's edits first (core.h, lazy sync); if that sync runs out of memory
 * the getters answer NaN, reported here as PGO_ERR_NOMEM.
 *
 * Probabilities: each block's e_ij must sum to 1.  A sum within 1e-6 of 1 is
 * renormalised exactly (so E_ij = N_i e_ij sums to N_i); a sum further off is
 * PGO_ERR_CORRUPT naming the block, since the oracle would otherwise hand out
 * flows that do not balance.
 *
 * Evidence (AUTO): the method is measured when some block count carries
 * INSTRUMENTED, SAMPLED or BLENDED provenance, some block is held, or some
 * edge has a measured count; REPAIRED alone does not count, because repair
 * (lib/maint) also rescales synthesized profiles.  A measured method whose
 * every count is 0 NEVER_RAN; one with no measured value is ESTIMATED.
 *
 * Branch weights (for !prof branch_weights): w_k = E_k when the block ran
 * enough for counts to carry the ratio (N_i e_max >= 2^16), so hot branches
 * keep LLVM-style absolute weights; otherwise w_k = e_k / e_max * 2^20, so a
 * rarely run block still passes its probabilities on at 20-bit precision.
 * Weights above UINT32_MAX are scaled down uniformly; a weight rounds to 0
 * only when its probability is 0.
 */
#include "oracle_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#define ORACLE_SUM_TOL 1e-6

static void oracle_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void oracle_err(char *err, size_t errlen, const char *fmt, ...) {
  if (err == NULL || errlen == 0)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
}

static void options_defaults(pgo_oracle_options *o) {
  memset(o, 0, sizeof *o);
  o->struct_size = sizeof *o;
  o->cold_freq = PGO_ORACLE_DEFAULT_COLD_FREQ;
  o->hot_freq = PGO_ORACLE_DEFAULT_HOT_FREQ;
  o->evidence = PGO_ORACLE_EVIDENCE_AUTO;
}

PGO_API void pgo_oracle_options_init_sized(pgo_oracle_options *opts,
                                           size_t struct_size) {
  if (opts == NULL || struct_size < sizeof opts->struct_size)
    return;
  pgo_oracle_options d;
  options_defaults(&d);
  /* Only the caller's bytes: a struct from an older header is smaller. */
  size_t n = struct_size < sizeof d ? struct_size : sizeof d;
  memcpy(opts, &d, n);
  if (struct_size > sizeof d)
    memset((char *)opts + sizeof d, 0, struct_size - sizeof d);
  opts->struct_size = struct_size;
}

/* The caller's options over the defaults, read up to its struct_size. */
static bool read_options(const pgo_oracle_options *in,
                         pgo_oracle_options *out, char *err, size_t errlen) {
  options_defaults(out);
  if (in == NULL)
    return true;
  if (in->struct_size < PGO_ORACLE_OPTIONS_SIZE_V1) {
    oracle_err(err, errlen, "options: struct_size %zu is less than the %zu "
               "of the first version (initialise with pgo_oracle_options_init)",
               in->struct_size, (size_t)PGO_ORACLE_OPTIONS_SIZE_V1);
    return false;
  }
  if (in->struct_size > sizeof *out) {
    const unsigned char *extra = (const unsigned char *)in + sizeof *out;
    for (size_t i = 0; i < in->struct_size - sizeof *out; i++)
      if (extra[i]) {
        oracle_err(err, errlen, "options: a field of a newer header is set "
                   "(struct_size %zu, this library knows %zu)",
                   in->struct_size, sizeof *out);
        return false;
      }
  }
  out->cold_freq = in->cold_freq;
  out->hot_freq = in->hot_freq;
  out->evidence = in->evidence;
  return true;
}

static void oracle_release(pgo_oracle *o) {
  const pgo_allocator *a = &o->alloc;
  pgo__oracle_free_sites(o);
  oracle_free(a, o->name, o->name_len + 1, 1);
  oracle_free(a, o->succ_off, (size_t)o->nblocks + 1, sizeof(uint32_t));
  oracle_free(a, o->edge_src, o->nedges, sizeof(uint32_t));
  oracle_free(a, o->bflags, o->nblocks, 1);
  oracle_free(a, o->count, o->nblocks, sizeof(double));
  oracle_free(a, o->prob, o->nedges, sizeof(double));
  oracle_free(a, o->bprov, o->nblocks, 1);
  oracle_free(a, o->eprov, o->nedges, 1);
  pgo_allocator copy = o->alloc;
  oracle_free(&copy, o, 1, sizeof *o);
}

PGO_API void pgo_oracle_free(pgo_oracle *o) {
  if (o != NULL)
    oracle_release(o);
}

static bool prov_measured(pgo_provenance p) {
  return p == PGO_PROV_INSTRUMENTED || p == PGO_PROV_SAMPLED ||
         p == PGO_PROV_BLENDED;
}

/* Reachability from the entry: iterative DFS with an explicit stack. */
static pgo_status mark_reachable(pgo_oracle *o, const pgo_cfg *cfg) {
  if (o->nblocks == 0)
    return PGO_OK;
  uint32_t *stack = oracle_alloc(&o->alloc, o->nblocks, sizeof(uint32_t));
  if (stack == NULL)
    return PGO_ERR_NOMEM;
  uint32_t sp = 0;
  stack[sp++] = o->entry;
  o->bflags[o->entry] |= ORACLE_B_REACH;
  while (sp > 0) {
    uint32_t b = stack[--sp];
    for (uint32_t e = o->succ_off[b]; e < o->succ_off[b + 1]; e++) {
      uint32_t d = pgo_cfg_edge_dst(cfg, e);
      if (d < o->nblocks && !(o->bflags[d] & ORACLE_B_REACH)) {
        o->bflags[d] |= ORACLE_B_REACH;
        stack[sp++] = d;
      }
    }
  }
  oracle_free(&o->alloc, stack, o->nblocks, sizeof(uint32_t));
  return PGO_OK;
}

/* Copies shape, counts, probabilities; validates and renormalises. */
static pgo_status copy_graph(pgo_oracle *o, const pgo_pfg *pfg,
                             const pgo_cfg *cfg, bool *measured, char *err,
                             size_t errlen) {
  const pgo_allocator *a = &o->alloc;
  uint32_t nb = o->nblocks, ne = o->nedges;
  o->succ_off = oracle_alloc(a, (size_t)nb + 1, sizeof(uint32_t));
  o->edge_src = oracle_alloc(a, ne, sizeof(uint32_t));
  o->bflags = oracle_alloc(a, nb, 1);
  o->count = oracle_alloc(a, nb, sizeof(double));
  o->prob = oracle_alloc(a, ne, sizeof(double));
  o->bprov = oracle_alloc(a, nb, 1);
  o->eprov = oracle_alloc(a, ne, 1);
  if (!o->succ_off || !o->edge_src || !o->bflags || !o->count || !o->prob ||
      !o->bprov || !o->eprov) {
    oracle_err(err, errlen, "out of memory copying a %u-block graph", nb);
    return PGO_ERR_NOMEM;
  }
  *measured = false;
  uint32_t off = 0;
  for (uint32_t b = 0; b < nb; b++) {
    uint32_t begin = pgo_cfg_succ_begin(cfg, b), n = pgo_cfg_nsucc(cfg, b);
    if (begin != off || n > ne - off) {
      oracle_err(err, errlen, "block %u: successor edges %u+%u are not the "
                 "CSR numbering", b, begin, n);
      return PGO_ERR_CORRUPT;
    }
    o->succ_off[b] = off;
    o->bflags[b] = pgo_cfg_block_removed(cfg, b) ? ORACLE_B_REMOVED : 0;
    double c = pgo_pfg_block_count(pfg, b);
    if (!isfinite(c) || c < 0.0) {
      const char *why = pgo_pfg_errmsg(pfg);
      if (pgo_pfg_generation(pfg) != pgo_cfg_generation(cfg)) {
        /* the getter's lazy sync to the edited graph failed (core.h) */
        oracle_err(err, errlen, "the pfg could not follow its graph's "
                   "edits%s%s", *why ? ": " : "", why);
        return PGO_ERR_NOMEM;
      }
      oracle_err(err, errlen, "block %u: count %g is not a finite count%s%s",
                 b, c, *why ? ": " : "", why);
      return PGO_ERR_CORRUPT;
    }
    o->count[b] = c;
    pgo_provenance bp = pgo_pfg_block_prov(pfg, b);
    o->bprov[b] = (uint8_t)bp;
    if (prov_measured(bp) || pgo_pfg_block_held(pfg, b))
      *measured = true;
    double sum = 0.0;
    for (uint32_t k = 0; k < n; k++) {
      uint32_t e = off + k;
      double p = pgo_pfg_edge_prob(pfg, e);
      if (!isfinite(p) || p < 0.0 || p > 1.0) {
        oracle_err(err, errlen, "block %u successor %u: probability %g", b, k,
                   p);
        return PGO_ERR_CORRUPT;
      }
      o->prob[e] = p;
      o->eprov[e] = (uint8_t)pgo_pfg_edge_prov(pfg, e);
      o->edge_src[e] = b;
      sum += p;
      if (pgo_pfg_edge_measured_prov(pfg, e) != PGO_PROV_NONE ||
          pgo_pfg_edge_held(pfg, e))
        *measured = true;
    }
    if (n > 0) {
      if (!(fabs(sum - 1.0) <= ORACLE_SUM_TOL)) {
        oracle_err(err, errlen, "block %u: successor probabilities sum to "
                   "%.9g, not 1", b, sum);
        return PGO_ERR_CORRUPT;
      }
      for (uint32_t k = 0; k < n; k++)
        o->prob[off + k] /= sum;
    }
    off += n;
  }
  if (off != ne) {
    oracle_err(err, errlen, "graph has %u edges, blocks account for %u", ne,
               off);
    return PGO_ERR_CORRUPT;
  }
  o->succ_off[nb] = off;
  if (mark_reachable(o, cfg) != PGO_OK) {
    oracle_err(err, errlen, "out of memory walking a %u-block graph", nb);
    return PGO_ERR_NOMEM;
  }
  return PGO_OK;
}

PGO_API pgo_status pgo_oracle_new(const pgo_allocator *alloc,
                                  const pgo_pfg *pfg,
                                  const pgo_oracle_options *opts,
                                  pgo_oracle **out, char *errbuf,
                                  size_t errlen) {
  if (errbuf != NULL && errlen > 0)
    errbuf[0] = '\0';
  if (out == NULL) {
    oracle_err(errbuf, errlen, "NULL out pointer");
    return PGO_ERR_INVALID;
  }
  *out = NULL;
  if (pfg == NULL) {
    oracle_err(errbuf, errlen, "NULL pfg");
    return PGO_ERR_INVALID;
  }
  pgo_oracle_options def;
  if (!read_options(opts, &def, errbuf, errlen))
    return PGO_ERR_INVALID;
  opts = &def;
  if (!isfinite(opts->cold_freq) || !isfinite(opts->hot_freq) ||
      opts->cold_freq < 0.0 || !(opts->hot_freq > opts->cold_freq)) {
    oracle_err(errbuf, errlen, "options: need 0 <= cold_freq (%g) < hot_freq "
               "(%g)", opts->cold_freq, opts->hot_freq);
    return PGO_ERR_INVALID;
  }
  if ((unsigned)opts->evidence > (unsigned)PGO_ORACLE_EVIDENCE_ESTIMATED) {
    oracle_err(errbuf, errlen, "options: evidence %d out of range",
               (int)opts->evidence);
    return PGO_ERR_INVALID;
  }
  const pgo_cfg *cfg = pgo_pfg_cfg(pfg);
  if (cfg == NULL || !pgo_cfg_is_finished(cfg)) {
    oracle_err(errbuf, errlen, "the pfg's graph is not finished");
    return PGO_ERR_STATE;
  }
  if (alloc == NULL)
    alloc = pgo_default_allocator();
  if (alloc->realloc == NULL) {
    oracle_err(errbuf, errlen, "allocator without a realloc function");
    return PGO_ERR_INVALID;
  }
  pgo_oracle *o = oracle_alloc(alloc, 1, sizeof *o);
  if (o == NULL) {
    oracle_err(errbuf, errlen, "out of memory");
    return PGO_ERR_NOMEM;
  }
  memset(o, 0, sizeof *o);
  o->alloc = *alloc;
  o->nblocks = pgo_cfg_nblocks(cfg);
  o->nedges = pgo_cfg_nedges(cfg);
  o->entry = o->nblocks > 0 ? pgo_cfg_entry(cfg) : PGO_NONE;
  o->cold_freq = opts->cold_freq;
  o->hot_freq = opts->hot_freq;
  if (o->nblocks > 0 && o->entry >= o->nblocks) {
    oracle_release(o);
    oracle_err(errbuf, errlen, "entry block %u out of range", o->entry);
    return PGO_ERR_CORRUPT;
  }
  pgo_method_key key = pgo_cfg_key(cfg);
  const char *name = key.name ? key.name : "";
  o->name_len = strlen(name);
  o->name = oracle_alloc(alloc, o->name_len + 1, 1);
  if (o->name == NULL) {
    o->name_len = 0;
    oracle_release(o);
    oracle_err(errbuf, errlen, "out of memory");
    return PGO_ERR_NOMEM;
  }
  memcpy(o->name, name, o->name_len + 1);
  o->hash = key.hash;
  o->il_size = key.il_size;

  bool measured = false;
  pgo_status st = copy_graph(o, pfg, cfg, &measured, errbuf, errlen);
  if (st == PGO_OK)
    st = pgo__oracle_copy_sites(o, pfg, errbuf, errlen);
  if (st != PGO_OK) {
    oracle_release(o);
    return st;
  }
  o->entry_count = o->nblocks > 0 ? o->count[o->entry] : 0.0;
  o->max_count = 0.0;
  for (uint32_t b = 0; b < o->nblocks; b++)
    if (o->count[b] > o->max_count)
      o->max_count = o->count[b];
  if (opts->evidence != PGO_ORACLE_EVIDENCE_AUTO)
    o->evidence = opts->evidence;
  else if (!measured)
    o->evidence = PGO_ORACLE_EVIDENCE_ESTIMATED;
  else
    o->evidence = o->max_count > 0.0 ? PGO_ORACLE_EVIDENCE_MEASURED
                                     : PGO_ORACLE_EVIDENCE_NEVER_RAN;
  *out = o;
  return PGO_OK;
}

/* --- shape ----------------------------------------------------------- */

PGO_API pgo_method_key pgo_oracle_key(const pgo_oracle *o) {
  pgo_method_key k = {"", 0, 0};
  if (o != NULL) {
    k.name = o->name;
    k.hash = o->hash;
    k.il_size = o->il_size;
  }
  return k;
}
PGO_API uint32_t pgo_oracle_nblocks(const pgo_oracle *o) {
  return o ? o->nblocks : 0;
}
PGO_API uint32_t pgo_oracle_nedges(const pgo_oracle *o) {
  return o ? o->nedges : 0;
}
PGO_API uint32_t pgo_oracle_entry(const pgo_oracle *o) {
  return o ? o->entry : PGO_NONE;
}
PGO_API uint32_t pgo_oracle_nsucc(const pgo_oracle *o, uint32_t block) {
  if (o == NULL || block >= o->nblocks)
    return 0;
  return o->succ_off[block + 1] - o->succ_off[block];
}
PGO_API uint32_t pgo_oracle_succ_edge(const pgo_oracle *o, uint32_t block,
                                      uint32_t k) {
  if (o == NULL || block >= o->nblocks ||
      k >= o->succ_off[block + 1] - o->succ_off[block])
    return PGO_NONE;
  return o->succ_off[block] + k;
}
PGO_API uint32_t pgo_oracle_edge_src(const pgo_oracle *o, uint32_t edge) {
  return o && edge < o->nedges ? o->edge_src[edge] : PGO_NONE;
}
PGO_API bool pgo_oracle_reachable(const pgo_oracle *o, uint32_t block) {
  return o && block < o->nblocks && (o->bflags[block] & ORACLE_B_REACH);
}

/* --- method ---------------------------------------------------------- */

PGO_API pgo_oracle_evidence pgo_oracle_evidence_of(const pgo_oracle *o) {
  return o ? o->evidence : PGO_ORACLE_EVIDENCE_ESTIMATED;
}
PGO_API double pgo_oracle_entry_count(const pgo_oracle *o) {
  return o ? o->entry_count : 0.0;
}
PGO_API pgo_provenance pgo_oracle_entry_prov(const pgo_oracle *o) {
  return o && o->nblocks > 0 ? (pgo_provenance)o->bprov[o->entry]
                             : PGO_PROV_NONE;
}
PGO_API double pgo_oracle_max_count(const pgo_oracle *o) {
  return o ? o->max_count : 0.0;
}

/* --- blocks and edges ------------------------------------------------- */

PGO_API double pgo_oracle_block_count(const pgo_oracle *o, uint32_t block) {
  return o && block < o->nblocks ? o->count[block] : 0.0;
}
PGO_API double pgo_oracle_block_freq(const pgo_oracle *o, uint32_t block) {
  if (o == NULL || block >= o->nblocks || !(o->entry_count > 0.0))
    return 0.0;
  return o->count[block] / o->entry_count;
}
PGO_API pgo_provenance pgo_oracle_block_prov(const pgo_oracle *o,
                                             uint32_t block) {
  return o && block < o->nblocks ? (pgo_provenance)o->bprov[block]
                                 : PGO_PROV_NONE;
}
PGO_API double pgo_oracle_edge_prob(const pgo_oracle *o, uint32_t edge) {
  return o && edge < o->nedges ? o->prob[edge] : 0.0;
}
PGO_API double pgo_oracle_succ_prob(const pgo_oracle *o, uint32_t block,
                                    uint32_t k) {
  uint32_t e = pgo_oracle_succ_edge(o, block, k);
  return e == PGO_NONE ? 0.0 : o->prob[e];
}
PGO_API double pgo_oracle_edge_count(const pgo_oracle *o, uint32_t edge) {
  if (o == NULL || edge >= o->nedges)
    return 0.0;
  return o->count[o->edge_src[edge]] * o->prob[edge];
}
PGO_API pgo_provenance pgo_oracle_edge_prov(const pgo_oracle *o,
                                            uint32_t edge) {
  return o && edge < o->nedges ? (pgo_provenance)o->eprov[edge]
                               : PGO_PROV_NONE;
}

#define WEIGHT_COUNT_MIN 65536.0   /* 2^16: counts carry the ratio */
#define WEIGHT_PROB_SCALE 1048576.0 /* 2^20 */

PGO_API pgo_status pgo_oracle_branch_weights(const pgo_oracle *o,
                                             uint32_t block, uint32_t *weights,
                                             uint32_t n, uint32_t *nout) {
  if (nout != NULL)
    *nout = 0;
  if (o == NULL || weights == NULL || nout == NULL || block >= o->nblocks)
    return PGO_ERR_INVALID;
  uint32_t begin = o->succ_off[block], ns = o->succ_off[block + 1] - begin;
  if (n < ns)
    return PGO_ERR_RANGE;
  double pmax = 0.0;
  for (uint32_t k = 0; k < ns; k++)
    if (o->prob[begin + k] > pmax)
      pmax = o->prob[begin + k];
  double scale;
  double nb = o->count[block];
  if (nb * pmax >= WEIGHT_COUNT_MIN)
    scale = nb; /* w = N e = E */
  else
    scale = pmax > 0.0 ? WEIGHT_PROB_SCALE / pmax : 0.0;
  if (pmax * scale > (double)UINT32_MAX)
    scale = (double)UINT32_MAX / pmax;
  for (uint32_t k = 0; k < ns; k++) {
    double p = o->prob[begin + k];
    double w = floor(p * scale + 0.5);
    if (w > (double)UINT32_MAX)
      w = (double)UINT32_MAX;
    if (w < 1.0 && p > 0.0)
      w = 1.0;
    weights[k] = (uint32_t)w;
  }
  *nout = ns;
  return PGO_OK;
}
