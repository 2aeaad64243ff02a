/*
 * pgo/llvm.h -- layer 4: the front door for LLVM IR.
 *
 * Reads a module from a .ll or .bc file (chosen by content: bitcode magic,
 * not the extension), verifies it, and describes each defined function as a
 * pgo_cfg with the keys of docs/keys.md:
 *
 *   IL offset  = ordinal of an instruction in layout order (blocks in layout
 *                order, then instructions), phis included, debug records and
 *                llvm.dbg.* calls excluded;
 *   block key  = IL offset of its first instruction;
 *   successor  = LLVMGetSuccessor order (switch: 0 = default, then cases);
 *   method key = (symbol name, structural hash PGO_HASH_VERSION, il_size).
 *
 * llvm.expect.* calls and !prof "branch_weights" found in the IR become
 * per-block annotations (pgo_cfg_set_annotation), never measured counts
 * (docs/llvm.md).
 *
 * This is the only component that includes llvm-c/.  It exposes the LLVM
 * handles underneath so that later layers (instrumentation, metadata
 * writing, the JIT) can work on the same module.
 *
 * Ownership: pgo_llvm_module_open/_free; _free(NULL) is a no-op.  The
 * module owns its LLVMContext and LLVMModule; the LLVM handles returned by
 * the accessors are borrowed until pgo_llvm_module_free.  Function indices
 * are fixed when the module is opened (defined functions in module order);
 * a caller that adds or deletes functions through the LLVM handles must not
 * use indices afterwards.  Graphs returned by pgo_llvm_module_cfg belong to
 * the caller (pgo_cfg_free).
 *
 * Threads (docs/llvm.md "Threads"): a pgo_llvm_module is used by one thread
 * at a time: calls on it are not synchronised, most go into its
 * LLVMContext (which LLVM does not make thread-safe) and they set the
 * handle's message.  Distinct modules may be opened, read and freed
 * concurrently from distinct threads: each owns its own LLVMContext, and
 * the one process-wide effect -- the LLVM option set by the first open --
 * is made once under pthread_once (a program that also drives LLVM itself
 * should open its first pgo module before starting LLVM threads of its
 * own, since LLVM's option parser is not synchronised).  The LLVM handles
 * the accessors return belong to the module's context and follow the
 * module's rule.  A pgo_cfg from pgo_llvm_module_cfg is independent of the
 * module once returned (pgo/core.h's rules; it may outlive the module).
 * pgo_llvm_counts_as_il reads only its argument, under the rule of the
 * context that argument belongs to.
 */
#ifndef PGO_LLVM_H
#define PGO_LLVM_H

#include <llvm-c/Core.h>

#include "pgo/core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pgo_llvm_module pgo_llvm_module;

/* Open and verify the IR in path (.ll text or .bc bitcode, by content).
 * On success *out is the module.  On failure the status says what went
 * wrong (PGO_ERR_IO: unreadable; PGO_ERR_PARSE: not IR / truncated bitcode;
 * PGO_ERR_LLVM: fails the verifier; PGO_ERR_NOMEM) and *out is still a
 * handle whose pgo_llvm_errmsg() is one line "PATH: <LLVM's message>"; the
 * caller frees it either way (*out is NULL only when even the handle could
 * not be allocated).  alloc may be NULL (libc); it is used for pgo's own
 * memory, LLVM allocates its own.
 * Process-wide effect: the first open (of either kind) sets LLVM's option
 * -disable-auto-upgrade-debug-info, whose upgrade would abort() on a broken
 * module carrying debug info; pgo upgrades debug info itself (docs/llvm.md).
 * Text IR may come from anyone; corrupt bitcode can crash LLVM's own
 * reader, so .bc input must be trusted (docs/llvm.md, "Untrusted input"). */
PGO_API pgo_status pgo_llvm_module_open(const char *path,
                                        const pgo_allocator *alloc,
                                        pgo_llvm_module **out);
/* The same from memory (data is copied); name is used in messages and as
 * the module identifier.  For fuzzing and for IR produced in memory. */
PGO_API pgo_status pgo_llvm_module_open_buffer(const char *name,
                                               const void *data, size_t size,
                                               const pgo_allocator *alloc,
                                               pgo_llvm_module **out);
PGO_API void pgo_llvm_module_free(pgo_llvm_module *m);
/* Last error message on this handle ("" if none); valid until the next
 * call on the handle. */
PGO_API const char *pgo_llvm_errmsg(const pgo_llvm_module *m);
/* The name given at open (the path). */
PGO_API const char *pgo_llvm_module_name(const pgo_llvm_module *m);

/* --- functions -------------------------------------------------------
 * Defined functions (those with a body) in module order, indexed 0..n-1. */
PGO_API uint32_t pgo_llvm_module_nfunctions(const pgo_llvm_module *m);
/* Symbol name of function fn; borrowed until the module is freed. */
PGO_API const char *pgo_llvm_function_name(const pgo_llvm_module *m,
                                           uint32_t fn);
/* Index of the defined function called name, PGO_NONE if there is none. */
PGO_API uint32_t pgo_llvm_module_find(const pgo_llvm_module *m,
                                      const char *name);

/* Build the flow graph of function fn: blocks in layout order with IL
 * offsets, sizes and labels, successors, terminator kinds, flags, branch
 * features, annotations and the method key.  *out is finished
 * (pgo_cfg_finish) and verified; analyses are left to the caller.
 * alloc may be NULL (the module's allocator).  On failure *out is NULL and
 * the message names the file and function. */
PGO_API pgo_status pgo_llvm_module_cfg(pgo_llvm_module *m, uint32_t fn,
                                       const pgo_allocator *alloc,
                                       pgo_cfg **out);
/* The same, finding the function by name (PGO_ERR_NOT_FOUND if absent). */
PGO_API pgo_status pgo_llvm_module_cfg_by_name(pgo_llvm_module *m,
                                               const char *name,
                                               const pgo_allocator *alloc,
                                               pgo_cfg **out);
/* Only the method key (same hash and il_size as the graph's key); name is
 * borrowed from the module. */
PGO_API pgo_status pgo_llvm_module_key(pgo_llvm_module *m, uint32_t fn,
                                       pgo_method_key *out);

/* --- the LLVM handles underneath (borrowed until pgo_llvm_module_free) -- */
PGO_API LLVMContextRef pgo_llvm_module_context(const pgo_llvm_module *m);
PGO_API LLVMModuleRef pgo_llvm_module_ref(const pgo_llvm_module *m);
/* The function value; NULL if fn is out of range. */
PGO_API LLVMValueRef pgo_llvm_function_ref(const pgo_llvm_module *m,
                                           uint32_t fn);
/* The basic block with pgo_cfg index block (layout order); NULL if out of
 * range.  O(block): walks the block list. */
PGO_API LLVMBasicBlockRef pgo_llvm_function_block(const pgo_llvm_module *m,
                                                  uint32_t fn, uint32_t block);
/* Fill blocks[0..n-1] with every basic block of fn in pgo_cfg index order
 * in one walk; *n gets the block count.  blocks may be NULL to ask for the
 * count only; otherwise it must hold cap entries (PGO_ERR_RANGE if fewer
 * than the function's block count). */
PGO_API pgo_status pgo_llvm_function_blocks(const pgo_llvm_module *m,
                                            uint32_t fn,
                                            LLVMBasicBlockRef *blocks,
                                            uint32_t cap, uint32_t *n);
/* The instruction with IL offset il_offset in fn; NULL if none.  O(n). */
PGO_API LLVMValueRef pgo_llvm_instruction_at(const pgo_llvm_module *m,
                                             uint32_t fn, uint32_t il_offset);

/* --- the IL-offset rule, for code walking LLVM handles itself ---------- */
/* true when inst counts as an IL instruction (docs/keys.md): every
 * instruction except calls to llvm.dbg.* intrinsics.  (LLVM 19 debug
 * records are not instructions at all.) */
PGO_API bool pgo_llvm_counts_as_il(LLVMValueRef inst);

/* --- hints for lib/synth (pgo/synth.h, pgo_synth_options) ------------- */
/* What synthesis needs that a pgo_cfg does not carry, read from fn's IR
 * (lib/llvm/synth_hints.c, docs/llvm.md "Hints for synthesis"):
 * edge_hints[pgo_cfg_nedges(g)] gets PGO_SYNTH_HINT_* bits,
 * block_hints[nblocks] PGO_SYNTH_BHINT_* bits and continues_to[nblocks]
 * the block each block certainly continues to (pgo_synth_options.
 * continues_to; PGO_NONE where unknown) -- in clang's unoptimised IR, where
 * a `return` or `break` through a scope's cleanup switch on
 * cleanup.dest.slot ends.  g must be fn's finished graph from
 * pgo_llvm_module_cfg.  The arrays are the caller's; all three are
 * written. */
PGO_API pgo_status pgo_llvm_synth_hints(pgo_llvm_module *m, uint32_t fn,
                                        const pgo_cfg *g,
                                        unsigned *edge_hints,
                                        unsigned *block_hints,
                                        uint32_t *continues_to);
/* Per edge (edge_continues_to[pgo_cfg_nedges(g)], the caller's): the block
 * control taking the edge certainly arrives at, for
 * pgo_synth_options.edge_continues_to; PGO_NONE where unknown.  Set for an
 * edge p -> m into a short-circuit merge of clang's unoptimised IR: m holds
 * only phis and a conditional branch on a phi whose value from p is a
 * constant (`a && b`'s false from a, `a || b`'s true), so the edge's
 * destination is the successor of m that constant selects
 * (lib/llvm/synth_hints.c).  g must be fn's finished graph. */
PGO_API pgo_status pgo_llvm_synth_edge_hints(pgo_llvm_module *m, uint32_t fn,
                                             const pgo_cfg *g,
                                             uint32_t *edge_continues_to);

#ifdef __cplusplus
}
#endif
#endif /* PGO_LLVM_H */
