/*
 * instr_rt.c -- the run-time side of tier-0 instrumentation: what the
 * probed program calls, and the profile made from its counters.
 *
 * Value probes call __pgo_jit.value(table, target), defined in the JIT
 * (pgo_llvm_instr_attach) as rt_value below: pgo_topk_record of the
 * target's address into the site's top-K table (Misra-Gries, lib/ingest).
 * When the module may run threads (atomic counters) the record holds one
 * process-wide mutex, so no record is lost.
 *
 * Target names: the instrumenter adds the external constant
 * __pgo_jit.fns, an array of the address of every function of the module
 * (defined, or declared and used; intrinsics excluded), whose names it
 * keeps in the same order.  At the first collect the JIT's addresses are
 * read from it and sorted; a recorded target resolves to the function at
 * exactly that address, and any other address (code outside the module's
 * functions) goes to the site's tail (pgo_topk_flush).
 *
 * Collect (at exit, from the JIT's exit hook): the slab is copied, each
 * method's counters are reconstructed into every block and edge count
 * (pgo_plan_reconstruct: flow conservation over the spanning tree; values
 * that do not balance, e.g. after exit() from inside a call, are repaired
 * by ingest's documented rule and counted in result.repaired), turned into
 * store records keyed by IL offset (pgo_plan_records), value histograms
 * added, and the method (entry, blocks, edges, values) added to the
 * caller's profile.  Methods that never ran (entry 0, every count 0) are
 * not added.
 */
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include "instr_int.h"

static pthread_mutex_t value_lock = PTHREAD_MUTEX_INITIALIZER;

static void rt_value(void *table, void *target) {
  pgo_topk_record(table, (uint64_t)(uintptr_t)target);
}

static void rt_value_locked(void *table, void *target) {
  pthread_mutex_lock(&value_lock);
  pgo_topk_record(table, (uint64_t)(uintptr_t)target);
  pthread_mutex_unlock(&value_lock);
}

/* --- the address table ------------------------------------------------ */

static bool wants_address(LLVMValueRef f) {
  size_t len = 0;
  const char *n = LLVMGetValueName2(f, &len);
  if (!n || !len || LLVMGetIntrinsicID(f))
    return false;
  if (len >= 5 && !memcmp(n, "llvm.", 5))
    return false;
  if (len >= 9 && !memcmp(n, "__pgo_jit", 9))
    return false;
  if (LLVMIsDeclaration(f) && !LLVMGetFirstUse(f))
    return false;
  return true;
}

pgo_status pgo_llvm__instr_names(pgo_llvm_instr *in, LLVMModuleRef mod) {
  uint32_t n = 0;
  for (LLVMValueRef f = LLVMGetFirstFunction(mod); f;
       f = LLVMGetNextFunction(f))
    if (wants_address(f))
      n++;
  in->fnames = pgo_llvm__alloc(in->alloc, (n ? n : 1) * sizeof *in->fnames);
  in->capfnames = n;
  LLVMValueRef *vals = pgo_llvm__alloc(in->alloc, (n ? n : 1) * sizeof *vals);
  if (!in->fnames || !vals) {
    pgo_llvm__free(in->alloc, vals, (n ? n : 1) * sizeof *vals);
    return pgo_llvm__instr_fail(in, PGO_ERR_NOMEM, "out of memory");
  }
  memset(in->fnames, 0, (n ? n : 1) * sizeof *in->fnames);
  uint32_t k = 0;
  for (LLVMValueRef f = LLVMGetFirstFunction(mod); f;
       f = LLVMGetNextFunction(f)) {
    if (!wants_address(f))
      continue;
    size_t len = 0;
    const char *nm = LLVMGetValueName2(f, &len);
    char *c = pgo_llvm__alloc(in->alloc, len + 1);
    if (!c) {
      pgo_llvm__free(in->alloc, vals, (n ? n : 1) * sizeof *vals);
      in->nfnames = k;
      return pgo_llvm__instr_fail(in, PGO_ERR_NOMEM, "out of memory");
    }
    memcpy(c, nm, len);
    c[len] = 0;
    in->fnames[k] = c;
    vals[k] = f;
    k++;
  }
  in->nfnames = k;
  LLVMContextRef ctx = LLVMGetModuleContext(mod);
  LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0);
  LLVMTypeRef at = LLVMArrayType2(ptr, k ? k : 1);
  snprintf(in->fns_name, sizeof in->fns_name, "__pgo_jit.fns");
  for (unsigned u = 1; LLVMGetNamedGlobal(mod, in->fns_name); u++)
    snprintf(in->fns_name, sizeof in->fns_name, "__pgo_jit.fns.%u", u);
  LLVMValueRef g = LLVMAddGlobal(mod, at, in->fns_name);
  LLVMSetInitializer(g, k ? LLVMConstArray2(ptr, vals, k) : LLVMConstNull(at));
  LLVMSetGlobalConstant(g, 1);
  pgo_llvm__free(in->alloc, vals, (n ? n : 1) * sizeof *vals);
  return PGO_OK;
}

void pgo_llvm__instr_names_free(pgo_llvm_instr *in) {
  for (uint32_t i = 0; i < in->nfnames; i++)
    pgo_llvm__strfree(in->alloc, in->fnames[i]);
  pgo_llvm__free(in->alloc, in->fnames,
                 (in->capfnames ? in->capfnames : 1) * sizeof *in->fnames);
  pgo_llvm__free(in->alloc, in->byaddr,
                 (in->nfnames ? in->nfnames : 1) * sizeof *in->byaddr);
  in->fnames = NULL;
  in->byaddr = NULL;
  in->nfnames = in->nbyaddr = 0;
}

/* --- attach and collect ------------------------------------------------ */

pgo_status pgo_llvm_instr_attach(pgo_llvm_instr *in, pgo_llvm_jit *j) {
  if (!in || !j)
    return PGO_ERR_INVALID;
  if (!in->nmethods && !in->value_fn)
    return pgo_llvm__instr_fail(in, PGO_ERR_STATE, "nothing instrumented");
  void (*f)(void *, void *) = in->stats.atomic ? rt_value_locked : rt_value;
  void *p;
  memcpy(&p, &f, sizeof p);
  pgo_status st = pgo_llvm_jit_define(j, in->value_name, p);
  if (st != PGO_OK)
    return pgo_llvm__instr_fail(in, st, "%s", pgo_llvm_jit_errmsg(j));
  return PGO_OK;
}

static int byaddr_cmp(const void *a, const void *b) {
  const pgo_llvm__fn_name *x = a, *y = b;
  return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static const char *resolve(void *ud, uint64_t value) {
  pgo_llvm_instr *in = ud;
  size_t lo = 0, hi = in->nbyaddr;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (in->byaddr[mid].addr < value)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < in->nbyaddr && in->byaddr[lo].addr == value
             ? in->byaddr[lo].name
             : NULL;
}

static pgo_status build_byaddr(pgo_llvm_instr *in, pgo_llvm_jit *j) {
  if (in->byaddr)
    return PGO_OK;
  uint64_t ta = 0;
  pgo_status st = pgo_llvm_jit_lookup(j, in->fns_name, &ta);
  if (st != PGO_OK)
    return pgo_llvm__instr_fail(in, st, "%s", pgo_llvm_jit_errmsg(j));
  in->byaddr = pgo_llvm__alloc(
      in->alloc, (in->nfnames ? in->nfnames : 1) * sizeof *in->byaddr);
  if (!in->byaddr)
    return pgo_llvm__instr_fail(in, PGO_ERR_NOMEM, "out of memory");
  const void *const *table = (const void *const *)(uintptr_t)ta;
  for (uint32_t i = 0; i < in->nfnames; i++) {
    in->byaddr[i].addr = (uint64_t)(uintptr_t)table[i];
    in->byaddr[i].name = in->fnames[i];
  }
  in->nbyaddr = in->nfnames;
  qsort(in->byaddr, in->nbyaddr, sizeof *in->byaddr, byaddr_cmp);
  return PGO_OK;
}

pgo_status pgo_llvm_instr_collect(pgo_llvm_instr *in, pgo_llvm_jit *j,
                                  pgo_profile *dst,
                                  pgo_llvm_instr_result *res) {
  if (res)
    memset(res, 0, sizeof *res);
  if (!in || !j || !dst)
    return PGO_ERR_INVALID;
  uint64_t sa = 0;
  pgo_status st = pgo_llvm_jit_lookup(j, in->slab_name, &sa);
  if (st != PGO_OK)
    return pgo_llvm__instr_fail(in, st, "%s", pgo_llvm_jit_errmsg(j));
  if ((st = build_byaddr(in, j)) != PGO_OK)
    return st;
  const pgo_allocator *a = in->alloc;
  uint64_t nwords = in->nwords ? in->nwords : 1;
  uint32_t maxb = 1, maxe = 1, maxs = 1;
  for (uint32_t i = 0; i < in->nmethods; i++) {
    const pgo_cfg *g = in->methods[i].cfg;
    if (pgo_cfg_nblocks(g) > maxb)
      maxb = pgo_cfg_nblocks(g);
    if (pgo_cfg_nedges(g) > maxe)
      maxe = pgo_cfg_nedges(g);
    if (in->methods[i].nsites > maxs)
      maxs = in->methods[i].nsites;
  }
  /* One copy of the slab: a thread still counting cannot change the
   * values between a method's reconstruction and its records. */
  uint64_t *slab = pgo_llvm__alloc(a, nwords * 8);
  uint64_t *bc = pgo_llvm__alloc(a, maxb * sizeof *bc);
  uint64_t *ec = pgo_llvm__alloc(a, maxe * sizeof *ec);
  pgo_count_rec *br = pgo_llvm__alloc(a, maxb * sizeof *br);
  pgo_edge_rec *er = pgo_llvm__alloc(a, maxe * sizeof *er);
  pgo_value_site *vs = pgo_llvm__alloc(a, maxs * sizeof *vs);
  pgo_value_pair *vp =
      pgo_llvm__alloc(a, (size_t)maxs * in->capacity * sizeof *vp);
  if (!slab || !bc || !ec || !br || !er || !vs || !vp) {
    st = pgo_llvm__instr_fail(in, PGO_ERR_NOMEM, "out of memory");
    goto out;
  }
  memcpy(slab, (const void *)(uintptr_t)sa, nwords * 8);
  for (uint32_t i = 0; i < in->nmethods && st == PGO_OK; i++) {
    pgo_llvm__instr_method *m = &in->methods[i];
    pgo_plan_result pr;
    st = pgo_plan_reconstruct(m->plan, slab + m->base, m->ncounters, bc, ec,
                              NULL, &pr);
    if (st != PGO_OK) {
      st = pgo_llvm__instr_fail(in, st, "function %s: %s", m->key.name,
                                pgo_plan_errmsg(m->plan));
      break;
    }
    uint32_t nb = 0, ne = 0;
    st = pgo_plan_records(m->plan, bc, ec, br, &nb, er, &ne);
    if (st != PGO_OK) {
      st = pgo_llvm__instr_fail(in, st, "function %s: %s", m->key.name,
                                pgo_plan_errmsg(m->plan));
      break;
    }
    bool any = pr.entry != 0;
    for (uint32_t k = 0; !any && k < nb; k++)
      any = br[k].count != 0;
    uint32_t ns = 0;
    for (uint32_t s = 0; s < m->nsites && st == PGO_OK; s++) {
      const pgo_topk *t =
          (const pgo_topk *)(const void *)(slab + m->vbase +
                                           (uint64_t)s * in->vwords);
      if (!pgo_topk_total(t))
        continue;
      st = pgo_topk_flush(t, pgo_plan_value_site_offset(m->plan, s), resolve,
                          in, vp + (size_t)ns * in->capacity, in->capacity,
                          &vs[ns]);
      if (st != PGO_OK)
        st = pgo_llvm__instr_fail(in, st, "function %s: value site %u: "
                                  "bad table", m->key.name, s);
      else
        ns++;
    }
    if (st != PGO_OK || (!any && !ns))
      continue;
    pgo_method_profile mp;
    memset(&mp, 0, sizeof mp);
    mp.key = m->key;
    mp.has_entry = true;
    mp.entry = pr.entry;
    mp.nblocks = nb;
    mp.blocks = br;
    mp.nedges = ne;
    mp.edges = er;
    mp.nsites = ns;
    mp.sites = vs;
    st = pgo_profile_add(dst, &mp, 1);
    if (st != PGO_OK) {
      st = pgo_llvm__instr_fail(in, st, "%s", pgo_profile_errmsg(dst));
      break;
    }
    if (res) {
      res->methods++;
      if (pr.repaired) {
        res->repaired++;
        res->imbalance += pr.imbalance;
      }
    }
  }
out:
  pgo_llvm__free(a, slab, nwords * 8);
  pgo_llvm__free(a, bc, maxb * sizeof *bc);
  pgo_llvm__free(a, ec, maxe * sizeof *ec);
  pgo_llvm__free(a, br, maxb * sizeof *br);
  pgo_llvm__free(a, er, maxe * sizeof *er);
  pgo_llvm__free(a, vs, maxs * sizeof *vs);
  pgo_llvm__free(a, vp, (size_t)maxs * in->capacity * sizeof *vp);
  return st;
}
