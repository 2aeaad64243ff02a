/*
 * instrument.c -- tier-0 instrumentation of an LLVM module: pgo's probe
 * plans (lib/ingest, pgo_plan_*) materialised in IR.
 *
 * For each defined function, on the graph lib/llvm's front door builds
 * (pgo_llvm_module_cfg: IL offsets and the method key of the IR as it was
 * before any probe, docs/keys.md), a probe plan: a maximum-weight spanning
 * tree over the synthesized frequencies plus a virtual exit->entry edge
 * (Knuth; Ball & Larus, "Optimally Profiling and Tracing Programs", TOPLAS
 * 1994), one 64-bit counter per non-tree edge.  The counters live in ONE
 * slab per module, the external global __pgo_jit.counters ([N x i64]):
 * method after method, each method's counters in plan order, then one
 * top-K table (pgo_topk, PGO_TOPK_BYTES(K) bytes) per indirect call site,
 * its capacity word set in the initializer.  The descriptor table (method
 * key, graph, plan, first counter, first value table) is this handle's:
 * the runtime is in this process (instr_rt.c reads it at exit).
 *
 * Increments, by the plan's placement:
 *   SOURCE  before the source block's terminator;
 *   DEST    at the destination's first insertion point (after its phis
 *           and a landing pad);
 *   ENTRY   at the top of the entry block;
 *   SPLIT   in a new block on the critical edge: the terminator's
 *           successor is redirected to it, it branches on to the old
 *           destination, and the destination's phis are rebuilt (LLVM's C
 *           API cannot rewrite a phi's incoming block in place) with one
 *           incoming entry from the source moved to the new block per
 *           split edge (two edges from one source carry the same value).
 * An increment is load/add/store, or `atomicrmw add monotonic` when the
 * options ask or the module may run threads (it calls pthread_create,
 * thrd_create or clone).  An indirect call (call/invoke of a value that is
 * not a function, an alias of one, or inline asm) first calls
 * __pgo_jit.value(ptr table, ptr target), which records the target in the
 * site's top-K table (pgo_topk_record, instr_rt.c).
 *
 * When a function cannot be instrumented -- a critical edge leaves an
 * indirectbr, callbr or an invoke's unwind side (no block can be put
 * there), or its plan fails -- it is left untouched, counted in
 * stats.skipped, and has no records (docs/pgo-jit.md).  The check runs
 * before the function is changed, so a function is either fully probed or
 * not at all.  Other failures (out of memory) leave the module partly
 * instrumented: the caller must not run it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instr_int.h"

static const pgo_llvm_instr_options instr_defaults = {
    .struct_size = sizeof(pgo_llvm_instr_options),
    .atomic = -1,
    .values = true,
    .value_capacity = 0};

void pgo_llvm_instr_options_init_sized(pgo_llvm_instr_options *o,
                                       size_t struct_size) {
  pgo_llvm__opts_init(o, struct_size, &instr_defaults, sizeof instr_defaults);
}

pgo_status pgo_llvm__instr_fail(pgo_llvm_instr *in, pgo_status st,
                                const char *fmt, ...) {
  char text[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  snprintf(in->msg, sizeof in->msg, "%s: %s", in->name, text);
  return st;
}

const char *pgo_llvm_instr_errmsg(const pgo_llvm_instr *in) {
  return in ? in->msg : "out of memory";
}

/* Does the module call one of the thread-creating functions? */
static bool may_run_threads(LLVMModuleRef mod) {
  static const char *names[] = {"pthread_create", "thrd_create", "clone",
                                "__clone", "clone3"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    LLVMValueRef f = LLVMGetNamedFunction(mod, names[i]);
    if (f && LLVMGetFirstUse(f))
      return true;
  }
  return false;
}

/* An indirect call site: call/invoke/callbr of something that is neither a
 * function, an alias of one, nor inline asm. */
static bool is_indirect_call(LLVMValueRef inst) {
  if (!pgo_llvm__is_call_site(inst))
    return false;
  LLVMValueRef c = LLVMGetCalledValue(inst);
  if (!c || pgo_llvm__direct_callee(inst))
    return false;
  if (LLVMIsAInlineAsm(c) || LLVMIsAFunction(c) || LLVMIsAGlobalAlias(c))
    return false;
  return true;
}

/* First instruction before which code may go in bb: after phis and a
 * landing pad. */
static LLVMValueRef first_insertion(LLVMBasicBlockRef bb) {
  LLVMValueRef i = LLVMGetFirstInstruction(bb);
  while (i && (LLVMIsAPHINode(i) || LLVMIsALandingPadInst(i)))
    i = LLVMGetNextInstruction(i);
  return i;
}

/* The TBAA access tag of a counter: a scalar type "pgo counter" under
 * clang's "omnipotent char" in clang's root "Simple C/C++ TBAA" (metadata
 * is uniqued, so these are clang's own nodes when the module has them).
 * It tells LLVM that the program's typed loads and stores never touch the
 * slab -- true, the program cannot name it -- so its values stay in
 * registers across an increment and LICM may keep a loop's counter in a
 * register.  Char accesses still may alias it. */
static LLVMValueRef counter_tbaa(LLVMContextRef ctx) {
  LLVMTypeRef i64 = LLVMInt64TypeInContext(ctx);
  LLVMMetadataRef zero = LLVMValueAsMetadata(LLVMConstInt(i64, 0, 0));
  LLVMMetadataRef rname = LLVMMDStringInContext2(ctx, "Simple C/C++ TBAA", 17);
  LLVMMetadataRef root = LLVMMDNodeInContext2(ctx, &rname, 1);
  LLVMMetadataRef cn[3] = {LLVMMDStringInContext2(ctx, "omnipotent char", 15),
                           root, zero};
  LLVMMetadataRef chr = LLVMMDNodeInContext2(ctx, cn, 3);
  LLVMMetadataRef pn[3] = {LLVMMDStringInContext2(ctx, "pgo counter", 11),
                           chr, zero};
  LLVMMetadataRef ty = LLVMMDNodeInContext2(ctx, pn, 3);
  LLVMMetadataRef tn[3] = {ty, ty, zero};
  return LLVMMetadataAsValue(ctx, LLVMMDNodeInContext2(ctx, tn, 3));
}

/* Emit slab[idx] += 1 before `before`. */
static void emit_increment(pgo_llvm_instr *in, LLVMBuilderRef b,
                           LLVMValueRef before, uint32_t idx) {
  LLVMContextRef ctx = LLVMGetModuleContext(in->mod);
  LLVMTypeRef i64 = LLVMInt64TypeInContext(ctx);
  LLVMPositionBuilderBefore(b, before);
  LLVMValueRef ix[2] = {LLVMConstInt(i64, 0, 0), LLVMConstInt(i64, idx, 0)};
  LLVMValueRef p = LLVMConstInBoundsGEP2(in->slab_type, in->slab, ix, 2);
  LLVMValueRef one = LLVMConstInt(i64, 1, 0);
  if (in->stats.atomic) {
    LLVMBuildAtomicRMW(b, LLVMAtomicRMWBinOpAdd, p, one,
                       LLVMAtomicOrderingMonotonic, 0);
  } else {
    LLVMValueRef v = LLVMBuildLoad2(b, i64, p, "pgo.c");
    LLVMValueRef n = LLVMBuildAdd(b, v, one, "pgo.c1");
    LLVMValueRef st = LLVMBuildStore(b, n, p);
    if (!in->tbaa)
      in->tbaa = counter_tbaa(ctx);
    unsigned kind = LLVMGetMDKindIDInContext(ctx, "tbaa", 4);
    LLVMSetMetadata(v, kind, in->tbaa);
    LLVMSetMetadata(st, kind, in->tbaa);
  }
}

/* Replace one incoming entry from `from` in every phi of dst by `to`. */
static pgo_status retarget_phis(pgo_llvm_instr *in, LLVMBuilderRef b,
                                LLVMBasicBlockRef dst, LLVMBasicBlockRef from,
                                LLVMBasicBlockRef to) {
  LLVMValueRef phi = LLVMGetFirstInstruction(dst);
  while (phi && LLVMIsAPHINode(phi)) {
    LLVMValueRef next = LLVMGetNextInstruction(phi);
    unsigned n = LLVMCountIncoming(phi);
    LLVMPositionBuilderBefore(b, phi);
    LLVMValueRef np = LLVMBuildPhi(b, LLVMTypeOf(phi), "");
    bool done = false;
    for (unsigned k = 0; k < n; k++) {
      LLVMValueRef v = LLVMGetIncomingValue(phi, k);
      LLVMBasicBlockRef bb = LLVMGetIncomingBlock(phi, k);
      if (!done && bb == from) {
        bb = to;
        done = true;
      }
      LLVMAddIncoming(np, &v, &bb, 1);
    }
    size_t len = 0;
    const char *nm = LLVMGetValueName2(phi, &len);
    char *name = len ? pgo_llvm__alloc(in->alloc, len + 1) : NULL;
    if (len && !name)
      return pgo_llvm__instr_fail(in, PGO_ERR_NOMEM, "out of memory");
    if (name) {
      memcpy(name, nm, len);
      name[len] = 0;
    }
    LLVMReplaceAllUsesWith(phi, np);
    LLVMInstructionEraseFromParent(phi);
    if (name) {
      LLVMSetValueName2(np, name, len);
      pgo_llvm__free(in->alloc, name, len + 1);
    }
    phi = next;
  }
  return PGO_OK;
}

/* Can every counter of the plan be placed?  (Nothing is changed.) */
static bool placeable(const pgo_plan *plan, LLVMBasicBlockRef *bbs) {
  uint32_t nc = pgo_plan_ncounters(plan);
  for (uint32_t c = 0; c < nc; c++) {
    pgo_plan_counter ci;
    if (pgo_plan_counter_info(plan, c, &ci) != PGO_OK)
      return false;
    if (ci.place != PGO_PLAN_PLACE_SPLIT)
      continue;
    if (ci.unwind)
      return false;
    LLVMValueRef t = LLVMGetBasicBlockTerminator(bbs[ci.src]);
    LLVMOpcode op = LLVMGetInstructionOpcode(t);
    if (op != LLVMBr && op != LLVMSwitch)
      return false;
  }
  return true;
}

/* Probe one method.  m->base and m->vbase are set. */
static pgo_status probe_method(pgo_llvm_instr *in, LLVMBuilderRef b,
                               pgo_llvm__instr_method *m,
                               LLVMBasicBlockRef *bbs, LLVMValueRef *sites) {
  LLVMContextRef ctx = LLVMGetModuleContext(in->mod);
  const pgo_cfg *g = m->cfg;
  uint32_t nc = pgo_plan_ncounters(m->plan);
  for (uint32_t c = 0; c < nc; c++) {
    pgo_plan_counter ci;
    pgo_plan_counter_info(m->plan, c, &ci);
    uint32_t idx = m->base + c;
    switch (ci.place) {
    case PGO_PLAN_PLACE_SOURCE:
      emit_increment(in, b, LLVMGetBasicBlockTerminator(bbs[ci.src]), idx);
      break;
    case PGO_PLAN_PLACE_DEST:
      emit_increment(in, b, first_insertion(bbs[ci.dst]), idx);
      break;
    case PGO_PLAN_PLACE_ENTRY:
      emit_increment(in, b, first_insertion(bbs[0]), idx);
      break;
    case PGO_PLAN_PLACE_SPLIT: {
      LLVMBasicBlockRef src = bbs[ci.src], dst = bbs[ci.dst];
      LLVMBasicBlockRef nb = LLVMAppendBasicBlockInContext(
          ctx, LLVMGetBasicBlockParent(src), "pgo.split");
      LLVMMoveBasicBlockAfter(nb, src);
      LLVMPositionBuilderAtEnd(b, nb);
      LLVMValueRef br = LLVMBuildBr(b, dst);
      emit_increment(in, b, br, idx);
      LLVMSetSuccessor(LLVMGetBasicBlockTerminator(src), ci.succ, nb);
      pgo_status st = retarget_phis(in, b, dst, src, nb);
      if (st != PGO_OK)
        return st;
      in->stats.split++;
      break;
    }
    default:
      return pgo_llvm__instr_fail(in, PGO_ERR_STATE,
                                  "function %s: counter %u has no place",
                                  pgo_cfg_key(g).name, c);
    }
  }
  /* Value probes: __pgo_jit.value(table, target) before the call. */
  LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0);
  LLVMTypeRef i64 = LLVMInt64TypeInContext(ctx);
  LLVMTypeRef args[2] = {ptr, ptr};
  LLVMTypeRef vt = LLVMFunctionType(LLVMVoidTypeInContext(ctx), args, 2, 0);
  for (uint32_t s = 0; s < m->nsites; s++) {
    LLVMValueRef call = sites[s];
    LLVMPositionBuilderBefore(b, call);
    LLVMValueRef ix[2] = {LLVMConstInt(i64, 0, 0),
                          LLVMConstInt(i64, m->vbase + s * in->vwords, 0)};
    LLVMValueRef table = LLVMConstInBoundsGEP2(in->slab_type, in->slab, ix, 2);
    LLVMValueRef a[2] = {table, LLVMGetCalledValue(call)};
    LLVMBuildCall2(b, vt, in->value_fn, a, 2, "");
  }
  return PGO_OK;
}

/* Plan one function (nothing changed yet).  *ok false: skip it. */
static pgo_status plan_method(pgo_llvm_instr *in, pgo_llvm_module *mod,
                              uint32_t fn, pgo_llvm__instr_method *m,
                              bool *ok) {
  *ok = false;
  pgo_status st = pgo_llvm_module_cfg(mod, fn, in->alloc, &m->cfg);
  if (st == PGO_ERR_NOMEM)
    return pgo_llvm__instr_fail(in, st, "out of memory");
  if (st != PGO_OK)
    return PGO_OK;
  st = pgo_plan_new(in->alloc, m->cfg, NULL, &m->plan);
  if (st == PGO_ERR_NOMEM)
    return pgo_llvm__instr_fail(in, st, "out of memory");
  if (st != PGO_OK)
    return PGO_OK;
  m->fn = fn;
  m->key = pgo_cfg_key(m->cfg);
  m->ncounters = pgo_plan_ncounters(m->plan);
  /* Indirect call sites by IL offset. */
  LLVMValueRef f = pgo_llvm_function_ref(mod, fn);
  uint32_t il = 0, n = 0;
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb;
       bb = LLVMGetNextBasicBlock(bb))
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i;
         i = LLVMGetNextInstruction(i)) {
      if (!pgo_llvm_counts_as_il(i))
        continue;
      if (in->opt.values && is_indirect_call(i))
        n++;
      il++;
    }
  if (n) {
    uint32_t *offs = pgo_llvm__alloc(in->alloc, n * sizeof *offs);
    if (!offs)
      return pgo_llvm__instr_fail(in, PGO_ERR_NOMEM, "out of memory");
    il = 0;
    uint32_t k = 0;
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb;
         bb = LLVMGetNextBasicBlock(bb))
      for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i;
           i = LLVMGetNextInstruction(i)) {
        if (!pgo_llvm_counts_as_il(i))
          continue;
        if (is_indirect_call(i))
          offs[k++] = il;
        il++;
      }
    st = pgo_plan_set_value_sites(m->plan, offs, n, in->opt.value_capacity);
    pgo_llvm__free(in->alloc, offs, n * sizeof *offs);
    if (st == PGO_ERR_NOMEM)
      return pgo_llvm__instr_fail(in, st, "out of memory");
    if (st != PGO_OK)
      return PGO_OK;
  }
  m->nsites = pgo_plan_nvalue_sites(m->plan);
  *ok = true;
  return PGO_OK;
}

static void free_method(pgo_llvm_instr *in, pgo_llvm__instr_method *m) {
  pgo_plan_free(m->plan);
  pgo_cfg_free(m->cfg);
  m->plan = NULL;
  m->cfg = NULL;
  (void)in;
}

/* The slab's initializer: zero but for each value table's capacity. */
static LLVMValueRef slab_init(pgo_llvm_instr *in, LLVMTypeRef i64,
                              uint64_t nwords, bool little) {
  if (!in->stats.value_sites)
    return LLVMConstNull(in->slab_type);
  LLVMValueRef *w = pgo_llvm__alloc(in->alloc, nwords * sizeof *w);
  if (!w)
    return NULL;
  LLVMValueRef zero = LLVMConstInt(i64, 0, 0);
  for (uint64_t k = 0; k < nwords; k++)
    w[k] = zero;
  uint64_t cap = in->capacity;
  LLVMValueRef head = LLVMConstInt(i64, little ? cap : cap << 32, 0);
  for (uint32_t i = 0; i < in->nmethods; i++)
    for (uint32_t s = 0; s < in->methods[i].nsites; s++)
      w[in->methods[i].vbase + (uint64_t)s * in->vwords] = head;
  LLVMValueRef c = LLVMConstArray2(i64, w, nwords);
  pgo_llvm__free(in->alloc, w, nwords * sizeof *w);
  return c;
}

static void unique_global(LLVMModuleRef mod, const char *base, char *out,
                          size_t cap) {
  snprintf(out, cap, "%s", base);
  for (unsigned k = 1;
       LLVMGetNamedGlobal(mod, out) || LLVMGetNamedFunction(mod, out); k++)
    snprintf(out, cap, "%s.%u", base, k);
}

pgo_status pgo_llvm_instrument(pgo_llvm_module *mod,
                               const pgo_llvm_instr_options *opt,
                               pgo_llvm_instr **out) {
  if (!out)
    return PGO_ERR_INVALID;
  *out = NULL;
  const pgo_allocator *a = mod ? &mod->alloc : pgo_default_allocator();
  pgo_llvm_instr *in = a->realloc(a->ud, NULL, 0, sizeof *in);
  if (!in)
    return PGO_ERR_NOMEM;
  memset(in, 0, sizeof *in);
  in->allocator = *a;
  in->alloc = &in->allocator;
  *out = in;
  snprintf(in->name, sizeof in->name, "%s",
           mod ? pgo_llvm_module_name(mod) : "<module>");
  const char *bad = pgo_llvm__opts_read(opt, &in->opt, &instr_defaults,
                                        sizeof instr_defaults,
                                        PGO_LLVM_INSTR_OPTIONS_SIZE_V1);
  if (bad)
    return pgo_llvm__instr_fail(in, PGO_ERR_INVALID, "%s", bad);
  if (!mod || !mod->mod)
    return pgo_llvm__instr_fail(in, PGO_ERR_INVALID, "no module");
  if (in->opt.value_capacity > PGO_STORE_MAX_CAPACITY)
    return pgo_llvm__instr_fail(in, PGO_ERR_RANGE,
                                "value capacity %u not in 1..%u",
                                in->opt.value_capacity,
                                PGO_STORE_MAX_CAPACITY);
  if (LLVMGetNamedGlobal(mod->mod, "__pgo_jit.counters") ||
      LLVMGetNamedFunction(mod->mod, "__pgo_jit.value"))
    return pgo_llvm__instr_fail(in, PGO_ERR_STATE, "already instrumented");
  in->mod = mod->mod;
  in->capacity =
      in->opt.value_capacity ? in->opt.value_capacity : PGO_PLAN_VALUE_CAPACITY;
  in->vwords = (uint32_t)(PGO_TOPK_BYTES(in->capacity) / 8);
  in->stats.atomic =
      in->opt.atomic > 0 || (in->opt.atomic < 0 && may_run_threads(mod->mod));

  uint32_t nf = pgo_llvm_module_nfunctions(mod);
  in->methods = pgo_llvm__alloc(a, (nf ? nf : 1) * sizeof *in->methods);
  if (!in->methods)
    return pgo_llvm__instr_fail(in, PGO_ERR_NOMEM, "out of memory");
  memset(in->methods, 0, (nf ? nf : 1) * sizeof *in->methods);
  in->capmethods = nf;

  /* 1. Plans, on the IR as it is. */
  pgo_status st = PGO_OK;
  uint64_t words = 0;
  LLVMBasicBlockRef **blocks = pgo_llvm__alloc(a, (nf ? nf : 1) * sizeof *blocks);
  LLVMValueRef **sites = pgo_llvm__alloc(a, (nf ? nf : 1) * sizeof *sites);
  if (!blocks || !sites) {
    pgo_llvm__free(a, blocks, (nf ? nf : 1) * sizeof *blocks);
    pgo_llvm__free(a, sites, (nf ? nf : 1) * sizeof *sites);
    return pgo_llvm__instr_fail(in, PGO_ERR_NOMEM, "out of memory");
  }
  memset(blocks, 0, (nf ? nf : 1) * sizeof *blocks);
  memset(sites, 0, (nf ? nf : 1) * sizeof *sites);
  for (uint32_t fn = 0; st == PGO_OK && fn < nf; fn++) {
    LLVMValueRef f = pgo_llvm_function_ref(mod, fn);
    LLVMLinkage l = LLVMGetLinkage(f);
    if (l == LLVMAvailableExternallyLinkage) {
      in->stats.skipped++;
      continue;
    }
    pgo_llvm__instr_method *m = &in->methods[in->nmethods];
    bool ok = false;
    st = plan_method(in, mod, fn, m, &ok);
    if (st != PGO_OK || !ok) {
      free_method(in, m);
      if (st == PGO_OK)
        in->stats.skipped++;
      continue;
    }
    uint32_t nb = pgo_cfg_nblocks(m->cfg), got = 0;
    LLVMBasicBlockRef *bbs = pgo_llvm__alloc(a, nb * sizeof *bbs);
    LLVMValueRef *sv =
        m->nsites ? pgo_llvm__alloc(a, m->nsites * sizeof *sv) : NULL;
    if (!bbs || (m->nsites && !sv)) {
      pgo_llvm__free(a, bbs, nb * sizeof *bbs);
      pgo_llvm__free(a, sv, m->nsites * sizeof *sv);
      free_method(in, m);
      st = pgo_llvm__instr_fail(in, PGO_ERR_NOMEM, "out of memory");
      break;
    }
    pgo_llvm_function_blocks(mod, fn, bbs, nb, &got);
    if (!placeable(m->plan, bbs)) {
      pgo_llvm__free(a, bbs, nb * sizeof *bbs);
      pgo_llvm__free(a, sv, m->nsites * sizeof *sv);
      free_method(in, m);
      in->stats.skipped++;
      continue;
    }
    for (uint32_t s = 0; s < m->nsites; s++)
      sv[s] = pgo_llvm_instruction_at(mod, fn,
                                      pgo_plan_value_site_offset(m->plan, s));
    m->base = (uint32_t)words;
    words += m->ncounters;
    blocks[in->nmethods] = bbs;
    sites[in->nmethods] = sv;
    in->nmethods++;
    in->stats.methods++;
    in->stats.blocks += nb;
    in->stats.edges += pgo_cfg_nedges(m->cfg);
    in->stats.counters += m->ncounters;
    in->stats.value_sites += m->nsites;
  }
  for (uint32_t i = 0; i < in->nmethods; i++) {
    in->methods[i].vbase = (uint32_t)words;
    words += (uint64_t)in->methods[i].nsites * in->vwords;
  }
  if (st == PGO_OK && words > UINT32_MAX)
    st = pgo_llvm__instr_fail(in, PGO_ERR_RANGE, "too many counters");
  in->nwords = words;

  /* 2. The slab, the value function, the address table. */
  LLVMContextRef ctx = mod->ctx;
  LLVMTypeRef i64 = LLVMInt64TypeInContext(ctx);
  LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0);
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  if (st == PGO_OK) {
    in->slab_type = LLVMArrayType2(i64, words ? words : 1);
    unique_global(mod->mod, "__pgo_jit.counters", in->slab_name,
                  sizeof in->slab_name);
    in->slab = LLVMAddGlobal(mod->mod, in->slab_type, in->slab_name);
    const char *dl = LLVMGetDataLayoutStr(mod->mod);
    bool little = !(dl && dl[0] == 'E');
    LLVMValueRef init = slab_init(in, i64, words ? words : 1, little);
    if (!init)
      st = pgo_llvm__instr_fail(in, PGO_ERR_NOMEM, "out of memory");
    else
      LLVMSetInitializer(in->slab, init);
    LLVMSetAlignment(in->slab, 8);
  }
  if (st == PGO_OK) {
    LLVMTypeRef args[2] = {ptr, ptr};
    LLVMTypeRef vt = LLVMFunctionType(LLVMVoidTypeInContext(ctx), args, 2, 0);
    unique_global(mod->mod, "__pgo_jit.value", in->value_name,
                  sizeof in->value_name);
    in->value_fn = LLVMAddFunction(mod->mod, in->value_name, vt);
    st = pgo_llvm__instr_names(in, mod->mod);
  }
  /* 3. Probes. */
  for (uint32_t i = 0; st == PGO_OK && i < in->nmethods; i++)
    st = probe_method(in, b, &in->methods[i], blocks[i], sites[i]);
  LLVMDisposeBuilder(b);
  for (uint32_t i = 0; i < in->nmethods; i++) {
    pgo_llvm__free(a, blocks[i],
                   pgo_cfg_nblocks(in->methods[i].cfg) * sizeof **blocks);
    pgo_llvm__free(a, sites[i], in->methods[i].nsites * sizeof **sites);
  }
  pgo_llvm__free(a, blocks, (nf ? nf : 1) * sizeof *blocks);
  pgo_llvm__free(a, sites, (nf ? nf : 1) * sizeof *sites);
  return st;
}

void pgo_llvm_instr_free(pgo_llvm_instr *in) {
  if (!in)
    return;
  pgo_allocator a = in->allocator;
  for (uint32_t i = 0; i < in->nmethods; i++)
    free_method(in, &in->methods[i]);
  pgo_llvm__free(&a, in->methods,
                 (in->capmethods ? in->capmethods : 1) * sizeof *in->methods);
  pgo_llvm__instr_names_free(in);
  a.realloc(a.ud, in, sizeof *in, 0);
}

void pgo_llvm_instr_get_stats(const pgo_llvm_instr *in,
                              pgo_llvm_instr_stats *out) {
  if (!out)
    return;
  memset(out, 0, sizeof *out);
  if (in)
    *out = in->stats;
}
