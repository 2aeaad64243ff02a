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
#include "pgo/oracle.h"
#include "pgo/store.h"

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

/* --- the JIT: running a program under ORC LLJIT (lib/llvm/jit.c,
 *     jit_exit.c; docs/pgo-jit.md) ---------------------------------------
 *
 * A pgo_llvm_jit holds its own copy of a module (a bitcode round trip into
 * a fresh LLVM context: the caller's module is never touched and may be
 * freed at once) compiled by LLJIT for the host, with three entry points
 * generated in IR: main with its arity, the @llvm.global_ctors in priority
 * order and the @llvm.global_dtors in reverse order.  Symbols the module
 * does not define come from the process (libc, libm, libpthread and the
 * libraries already loaded); the module's `exit`, `atexit` and
 * `__cxa_atexit` are pgo's (below; its declarations are renamed
 * __pgo_jit.NAME and those names defined in the JIT).
 *
 * Exit: the program's exit(status), from any depth and any of its calls
 * below, and the return of main (pgo_llvm_jit_run) run the exit sequence:
 * its atexit/__cxa_atexit handlers last first, its destructors, fflush of
 * every stdio stream, then the exit hook.  When that happens on the thread
 * inside a run call, the run call returns with the status; on another
 * thread (a program thread calling exit) libc's exit(status) ends the
 * process, as it would natively.  _exit, abort and signals end the process
 * at once (no handlers, no hook).  One JIT at a time may run a program in
 * a process (PGO_ERR_BUSY), from its first run call until it is freed.
 *
 * Errors are one line "NAME: text" in pgo_llvm_jit_errmsg (NAME is the
 * module's name); nothing is printed, LLVM's session errors included.
 * Ownership: _create/_free, _free(NULL) is a no-op; freeing a JIT frees
 * the program's code, so no program thread may still be running. */

typedef struct pgo_llvm_jit pgo_llvm_jit;

/* Option structs of this header grow by the rule of pgo_synth_options
 * (synth.h): struct_size first, set by the _init macro to the caller's
 * sizeof; fields the caller's struct does not cover take their defaults;
 * a struct_size below the first version's, or a newer header's unknown
 * field set, is PGO_ERR_INVALID. */
typedef struct pgo_llvm_jit_options {
  size_t struct_size; /* set by pgo_llvm_jit_options_init */
  int opt_level; /* 0..3: default<On> over the IR first when > 0 (loop and
                    SLP vectorization at 2 and 3, as clang), and LLVM's
                    code generation level; default 2 */
} pgo_llvm_jit_options;

#define PGO_LLVM_JIT_OPTIONS_SIZE_V1                                          \
  (offsetof(pgo_llvm_jit_options, opt_level) + sizeof(int))
PGO_API void pgo_llvm_jit_options_init_sized(pgo_llvm_jit_options *o,
                                             size_t struct_size);
#define pgo_llvm_jit_options_init(o)                                          \
  pgo_llvm_jit_options_init_sized((o), sizeof *(o))

/* Called once, at the end of the exit sequence, on the thread that runs
 * it, with the program's exit status; its counters are final then. */
typedef void (*pgo_llvm_jit_exit_fn)(void *ud, pgo_llvm_jit *j, int status);

/* A JIT for a copy of m (which stays the caller's).  opt and alloc may be
 * NULL.  Fails (PGO_ERR_NOT_FOUND) when m defines no main, PGO_ERR_INVALID
 * when main's signature is none of int main(void), (int, char **),
 * (int, char **, char **) (void main is accepted as returning 0),
 * PGO_ERR_LLVM when LLVM refuses.  *out is set whenever a handle could be
 * allocated, even on failure, for its message; free it either way. */
PGO_API pgo_status pgo_llvm_jit_create(const pgo_llvm_module *m,
                                       const pgo_llvm_jit_options *opt,
                                       const pgo_allocator *alloc,
                                       pgo_llvm_jit **out);
/* The same from an IR file (pgo_llvm_module_open's rules and messages). */
PGO_API pgo_status pgo_llvm_jit_create_file(const char *path,
                                            const pgo_llvm_jit_options *opt,
                                            const pgo_allocator *alloc,
                                            pgo_llvm_jit **out);
PGO_API void pgo_llvm_jit_free(pgo_llvm_jit *j);
PGO_API const char *pgo_llvm_jit_errmsg(const pgo_llvm_jit *j);

/* Define name as an absolute symbol at addr (a function or data of the
 * host the program calls or reads), before compilation; a definition wins
 * over the process's symbol of that name.  PGO_ERR_STATE after compile,
 * PGO_ERR_LLVM when name is already defined. */
PGO_API pgo_status pgo_llvm_jit_define(pgo_llvm_jit *j, const char *name,
                                       void *addr);
/* Resolve every symbol and generate the code (the first call does the
 * work; later ones return at once).  PGO_ERR_NOT_FOUND names the symbols
 * neither the module nor the process defines. */
PGO_API pgo_status pgo_llvm_jit_compile(pgo_llvm_jit *j);
/* Address of an external symbol of the program (compiles first). */
PGO_API pgo_status pgo_llvm_jit_lookup(pgo_llvm_jit *j, const char *name,
                                       uint64_t *addr);
/* Seconds spent preparing the IR (copy, entry points, optimization) and
 * generating code so far. */
PGO_API double pgo_llvm_jit_compile_seconds(const pgo_llvm_jit *j);

/* The hook run at the end of the exit sequence (NULL: none). */
PGO_API void pgo_llvm_jit_set_exit_hook(pgo_llvm_jit *j,
                                        pgo_llvm_jit_exit_fn fn, void *ud);

/* The steps of a run, each compiling first if needed.  A program that
 * calls exit() inside one makes it return PGO_OK after the exit sequence
 * (pgo_llvm_jit_exited then says so, pgo_llvm_jit_exit_status gives the
 * status); the later steps are then PGO_ERR_STATE (run_exit: a no-op).
 *   run_ctors  the constructors (once);
 *   run_main   main(argc, argv, envp) -> *status (argv[argc] must be NULL;
 *              envp may be NULL when main takes two arguments or none);
 *   run_exit   the exit sequence with status (unless it has run), *final =
 *              the status the program ends with (an atexit handler may
 *              call exit again).
 * pgo_llvm_jit_run = run_ctors, run_main, run_exit: what a native process
 * does; *status is the program's exit status. */
PGO_API pgo_status pgo_llvm_jit_run_ctors(pgo_llvm_jit *j);
PGO_API pgo_status pgo_llvm_jit_run_main(pgo_llvm_jit *j, int argc,
                                         char **argv, char **envp,
                                         int *status);
PGO_API pgo_status pgo_llvm_jit_run_exit(pgo_llvm_jit *j, int status,
                                         int *final);
PGO_API pgo_status pgo_llvm_jit_run(pgo_llvm_jit *j, int argc, char **argv,
                                    char **envp, int *status);
PGO_API bool pgo_llvm_jit_exited(const pgo_llvm_jit *j);
PGO_API int pgo_llvm_jit_exit_status(const pgo_llvm_jit *j);

/* --- Annotation: profile metadata from oracle answers only
 *     (lib/llvm/profile_md.c; docs/llvm.md "Annotation") -----------------
 *
 * The shapes are LLVM 19's own (those `opt -passes=pgo-instr-use` writes),
 * so LLVM's passes (BPI/BFI, inliner, block placement, hot/cold section
 * prefixes, loop passes) read them.  Oracles must be built over the graphs
 * of pgo_llvm_module_cfg of the same, unchanged function. */

typedef struct pgo_llvm_annotate_stats {
  uint32_t branches; /* conditional br and switch given branch_weights */
  uint32_t replaced; /* of which carried a !prof before (replaced) */
  bool entry_count;  /* function_entry_count written */
  uint32_t vp_sites; /* indirect calls given VP value-profile metadata */
} pgo_llvm_annotate_stats;

/* !prof branch_weights (pgo_oracle_branch_weights, successor order) on
 * every conditional br and switch of fn, replacing what is there; the
 * function's function_entry_count (rounded pgo_oracle_entry_count) when the
 * oracle's evidence is MEASURED or NEVER_RAN, none (an existing one
 * removed) when it is only ESTIMATED; !{!"VP", i32 0, i64 total,
 * i64 md5(target), i64 count, ...} (the 3 likeliest targets, LLVM's PGO
 * name hash) on each indirect call the oracle has targets for.  IL
 * offsets are the module's as it was when the graph was built: annotate
 * before pgo_llvm_strip_expect.  PGO_ERR_INVALID when the oracle's
 * shape (blocks, successors) is not fn's; nothing is guaranteed about
 * which terminators were written then.  stats may be NULL. */
PGO_API pgo_status pgo_llvm_annotate_function(pgo_llvm_module *m, uint32_t fn,
                                              const pgo_oracle *o,
                                              pgo_llvm_annotate_stats *stats);
/* The ProfileSummary module flag from a finished summary (PGO_ERR_STATE
 * when unfinished, or when the module has one already: the C API cannot
 * replace a module flag, so it is kept and nothing changes). */
PGO_API pgo_status pgo_llvm_annotate_summary(pgo_llvm_module *m,
                                             const pgo_oracle_summary *s);
/* Replace every llvm.expect.* call by its first argument and delete it
 * (LowerExpectIntrinsic's rewrite; the expectation was read as an
 * annotation when the graphs were built).  *nremoved may be NULL.  Graphs
 * built afterwards have other IL offsets: build them first. */
PGO_API pgo_status pgo_llvm_strip_expect(pgo_llvm_module *m,
                                         uint32_t *nremoved);
/* LLVMVerifyModule; PGO_ERR_LLVM with the first line of its message. */
PGO_API pgo_status pgo_llvm_verify(pgo_llvm_module *m);

/* --- Pipeline: optimization and code generation (lib/llvm/pipeline.c,
 *     codegen.c, compile.c; docs/pgo-jit.md "compile") ------------------
 *
 * triple: x86_64-linux-gnu or aarch64-linux-gnu (any vendor/environment of
 * those, normalised by LLVM); CPU as clang's default (x86-64, generic),
 * no host features, PIC.  A module built for another architecture is
 * refused (PGO_ERR_INVALID): build the IR for the target. */

/* default<On> (n = opt_level 0..3) with loop and SLP vectorization, loop
 * interleaving and unrolling at 2 and 3 (as clang -O2); sets the module's
 * data layout to the target's. */
PGO_API pgo_status pgo_llvm_optimize(pgo_llvm_module *m, const char *triple,
                                     int opt_level);

typedef enum pgo_llvm_emit_kind {
  PGO_LLVM_EMIT_OBJECT = 0, /* relocatable object (-c) */
  PGO_LLVM_EMIT_ASM,        /* assembly (-S) */
  PGO_LLVM_EMIT_IR_TEXT,    /* the IR as text (--emit-llvm -S) */
  PGO_LLVM_EMIT_BITCODE     /* the IR as bitcode (--emit-llvm -c) */
} pgo_llvm_emit_kind;

/* Write the module to path (via path.tmp, renamed on success) as kind;
 * triple and opt_level only matter for OBJECT and ASM. */
PGO_API pgo_status pgo_llvm_emit(pgo_llvm_module *m, const char *triple,
                                 int opt_level, pgo_llvm_emit_kind kind,
                                 const char *path);

/* The whole profile-guided compilation of a module (pgo-jit compile is
 * this plus option parsing):
 *   1. every defined function's graph (pgo_llvm_module_cfg), analysed, and
 *      synthesis (pgo_synth_run with pgo_llvm_synth_hints);
 *   2. with a profile: each method looked up by its key (name, hash,
 *      il_size) and its records laid onto the pfg (docs/pgo-jit.md
 *      "compile": block counts, blended edge probabilities, histograms);
 *      a method whose name is in the profile with another key is STALE and
 *      keeps synthesis (counted, the first named in the warning with both
 *      hashes); a method absent keeps synthesis too (ABSENT);
 *   3. one oracle per function, the program summary over the measured
 *      ones, llvm.expect calls removed, annotation, verification;
 *   4. pgo_llvm_optimize and pgo_llvm_emit to output.
 * The module is changed in place (annotated, optimised). */

typedef struct pgo_llvm_compile_options {
  size_t struct_size;        /* set by _init (growth rule: see
                                pgo_llvm_jit_options) */
  const char *target;        /* triple (required) */
  int opt_level;             /* 0..3; default 2 */
  pgo_llvm_emit_kind emit;   /* default OBJECT */
  const char *output;        /* required */
  const char *profile;       /* store or YAML profile; NULL: synthesis only */
  /* An unreadable profile: false (default) fails with its status and
   * profile_failed set; true compiles on synthesis alone, profile_failed
   * set and the reason in warning. */
  bool profile_errors_warn;
} pgo_llvm_compile_options;

#define PGO_LLVM_COMPILE_OPTIONS_SIZE_V1                                      \
  (offsetof(pgo_llvm_compile_options, profile_errors_warn) + sizeof(bool))
PGO_API void pgo_llvm_compile_options_init_sized(pgo_llvm_compile_options *o,
                                                 size_t struct_size);
#define pgo_llvm_compile_options_init(o)                                      \
  pgo_llvm_compile_options_init_sized((o), sizeof *(o))

typedef struct pgo_llvm_compile_result {
  size_t struct_size;  /* set by the caller: sizeof (0 = unknown, ignored) */
  uint32_t functions;  /* defined functions */
  uint32_t matched;    /* with a profile of their key (incl. never ran) */
  uint32_t never_ran;  /* matched with every count 0 */
  uint32_t stale;      /* name in the profile, other key: synthesis */
  uint32_t absent;     /* not in the profile: synthesis */
  uint32_t branches;   /* terminators given branch_weights */
  uint32_t vp_sites;   /* indirect calls given VP metadata */
  uint32_t expects;    /* llvm.expect calls removed */
  bool summary;        /* ProfileSummary written */
  bool profile_failed; /* the profile could not be read */
  char warning[512];   /* first stale method or the profile's error; "" */
} pgo_llvm_compile_result;

/* opt must be initialised (struct_size); res may be NULL.  Errors on the
 * module's message: PGO_ERR_INVALID (options, target), the profile's
 * status when it is unreadable (and not profile_errors_warn), what the
 * steps above return. */
PGO_API pgo_status pgo_llvm_compile(pgo_llvm_module *m,
                                    const pgo_llvm_compile_options *opt,
                                    pgo_llvm_compile_result *res);

/* --- tier-0 instrumentation (lib/llvm/instrument.c, instr_rt.c;
 *     docs/pgo-jit.md) ------------------------------------------------------
 *
 * pgo_llvm_instrument probes a module in place with pgo's own counters:
 * per defined function a probe plan of lib/ingest (pgo_plan_new over the
 * front door's graph, synthesized weights: one counter per edge off a
 * maximum spanning tree), critical edges split in IR, the counters of the
 * whole module in one slab (the global __pgo_jit.counters), and a top-K
 * value probe before every indirect call.  Method keys and IL offsets are
 * those of the module before probing (docs/keys.md), kept in the handle
 * with each method's graph, plan and slab range (the descriptor table the
 * runtime reads).  Then: pgo_llvm_jit_create on the probed module,
 * pgo_llvm_instr_attach before it compiles, run, and at exit (the JIT's
 * exit hook) pgo_llvm_instr_collect reconstructs every block and edge
 * count, resolves call targets to function names and adds the methods to a
 * pgo_profile (write it with pgo_store_write).
 *
 * Ownership: the handle is the caller's (pgo_llvm_instr_free, NULL no-op);
 * it borrows the module until pgo_llvm_instrument returns, and needs the
 * JIT it was attached to for collect.  The probed module must not be
 * instrumented again (PGO_ERR_STATE).  *out is set whenever a handle
 * could be allocated, for its message; free it either way.  After a
 * failure other than PGO_ERR_INVALID/RANGE/STATE the module may be
 * partly probed: do not run it. */

typedef struct pgo_llvm_instr pgo_llvm_instr;

typedef struct pgo_llvm_instr_options {
  size_t struct_size; /* set by pgo_llvm_instr_options_init (growth rule:
                         see pgo_llvm_jit_options) */
  int atomic;       /* 1: relaxed atomicrmw increments; 0: plain
                       load/add/store; -1 (default): atomic when the module
                       calls pthread_create, thrd_create or clone */
  bool values;      /* value probes on indirect calls (default true) */
  uint32_t value_capacity; /* K of each site, 1..PGO_STORE_MAX_CAPACITY;
                              0 (default) = PGO_PLAN_VALUE_CAPACITY */
} pgo_llvm_instr_options;

#define PGO_LLVM_INSTR_OPTIONS_SIZE_V1                                        \
  (offsetof(pgo_llvm_instr_options, value_capacity) + sizeof(uint32_t))
PGO_API void pgo_llvm_instr_options_init_sized(pgo_llvm_instr_options *o,
                                               size_t struct_size);
#define pgo_llvm_instr_options_init(o)                                        \
  pgo_llvm_instr_options_init_sized((o), sizeof *(o))

typedef struct pgo_llvm_instr_stats {
  uint32_t methods;     /* functions probed */
  uint32_t skipped;     /* defined functions left unprobed (a critical
                           edge out of indirectbr/callbr/an unwind edge,
                           available_externally, or no plan) */
  uint32_t blocks;      /* blocks of the probed functions */
  uint32_t edges;       /* their edges */
  uint32_t counters;    /* edge counters in the slab */
  uint32_t split;       /* critical edges split for a counter */
  uint32_t value_sites; /* indirect call sites probed */
  bool atomic;          /* increments are atomic */
} pgo_llvm_instr_stats;

typedef struct pgo_llvm_instr_result {
  uint32_t methods;   /* methods added to the profile (those that ran) */
  uint32_t repaired;  /* of which the counters did not balance (exit()
                         inside a call, threads still running...): repaired
                         by pgo_plan_reconstruct's rule */
  uint64_t imbalance; /* their total imbalance (ingest.h) */
} pgo_llvm_instr_result;

PGO_API pgo_status pgo_llvm_instrument(pgo_llvm_module *m,
                                       const pgo_llvm_instr_options *opt,
                                       pgo_llvm_instr **out);
PGO_API void pgo_llvm_instr_free(pgo_llvm_instr *in);
PGO_API const char *pgo_llvm_instr_errmsg(const pgo_llvm_instr *in);
PGO_API void pgo_llvm_instr_get_stats(const pgo_llvm_instr *in,
                                      pgo_llvm_instr_stats *out);
/* Define the runtime's symbols in j (made from the probed module), before
 * it compiles. */
PGO_API pgo_status pgo_llvm_instr_attach(pgo_llvm_instr *in, pgo_llvm_jit *j);
/* Read the counters of the program running (or run) in j and add every
 * method that ran to dst, weight 1: entry count, every block and edge
 * count by IL offset, value histograms of call targets by name.  Call it
 * when the program has stopped counting (the exit hook); it may be called
 * again (the counters are not reset: the same counts again).  res may be
 * NULL. */
PGO_API pgo_status pgo_llvm_instr_collect(pgo_llvm_instr *in, pgo_llvm_jit *j,
                                          pgo_profile *dst,
                                          pgo_llvm_instr_result *res);

#ifdef __cplusplus
}
#endif
#endif /* PGO_LLVM_H */
