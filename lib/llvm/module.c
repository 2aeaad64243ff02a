/*
 * module.c -- opening, verifying and indexing an IR module.
 *
 * The format is chosen by content: a buffer starting with the bitcode magic
 * ('B' 'C' 0xC0 0xDE) or the bitcode wrapper magic (0x0B17C0DE, little
 * endian) is read with LLVMParseBitcodeInContext2, anything else with the
 * textual parser LLVMParseIRInContext.  The module is then checked with
 * LLVMVerifyModule(LLVMReturnStatusAction).
 *
 * LLVM reports bitcode errors through the context's diagnostic handler, and
 * the default handler of an error diagnostic calls exit(1); we install our
 * own handler first so a library never exits.  LLVM's messages are kept but
 * made one line: a parser diagnostic ("file:line:col: error: text" followed
 * by the source line and a caret) keeps its first line; any other message
 * (the verifier's list) has its lines trimmed and joined with "; ", and is
 * cut at PGO_LLVM_MSG_MAX bytes.  Messages name the file: "NAME: text",
 * unless LLVM's own text already starts with "NAME:".
 *
 * Debug-info upgrade: both LLVM readers end with llvm::UpgradeDebugInfo,
 * which aborts the process on a broken module carrying debug info (found
 * by fuzzing).  The first open sets LLVM's process-wide option
 * -disable-auto-upgrade-debug-info (once, with pthread_once; LLVM's
 * options are process-wide anyway) and load() does the upgrade itself
 * (debuginfo.c), then verifies; when that fails it strips the debug info
 * and verifies again -- success means only the debug info was broken (LLVM
 * strips it with a warning), failure is a broken module (PGO_ERR_LLVM).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/BitReader.h>
#include <llvm-c/DebugInfo.h>
#include <llvm-c/IRReader.h>
#include <llvm-c/Support.h>

#include "llvm_int.h"

#define PGO_LLVM_MSG_MAX 480

/* --- memory --------------------------------------------------------- */

void *pgo_llvm__alloc(const pgo_allocator *a, size_t n) {
  if (n == 0)
    n = 1;
  return a->realloc(a->ud, NULL, 0, n);
}

void pgo_llvm__free(const pgo_allocator *a, void *p, size_t n) {
  if (p)
    a->realloc(a->ud, p, n ? n : 1, 0);
}

char *pgo_llvm__strdup(const pgo_allocator *a, const char *s) {
  size_t n = strlen(s) + 1;
  char *d = pgo_llvm__alloc(a, n);
  if (d)
    memcpy(d, s, n);
  return d;
}

void pgo_llvm__strfree(const pgo_allocator *a, char *s) {
  if (s)
    pgo_llvm__free(a, s, strlen(s) + 1);
}

/* --- messages ------------------------------------------------------- */

/* Make LLVM's (possibly multi-line) message one line into out[cap]. */
static void collapse(const char *in, char *out, size_t cap) {
  size_t o = 0;
  bool diag = false;
  const char *nl = strchr(in, '\n');
  size_t first = nl ? (size_t)(nl - in) : strlen(in);
  /* A SourceMgr diagnostic: the lines after the first are the quoted
   * source and a caret, which say nothing on one line. */
  for (size_t i = 0; i + 9 <= first; i++)
    if (!memcmp(in + i, ": error: ", 9)) {
      diag = true;
      break;
    }
  const char *p = in;
  while (*p && o + 1 < cap) {
    const char *e = strchr(p, '\n');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    const char *s = p;
    while (len && (*s == ' ' || *s == '\t' || *s == '\r'))
      s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
                   s[len - 1] == '\r'))
      len--;
    if (len) {
      if (o && o + 2 < cap) {
        out[o++] = ';';
        out[o++] = ' ';
      }
      for (size_t i = 0; i < len && o + 1 < cap; i++)
        out[o++] = s[i];
    }
    if (diag || !e)
      break;
    p = e + 1;
  }
  out[o] = 0;
  if (o + 1 >= cap && cap > 4)
    memcpy(out + cap - 4, "...", 4);
}

pgo_status pgo_llvm__fail(pgo_llvm_module *m, pgo_status st, const char *fmt,
                          ...) {
  char text[PGO_LLVM_MSG_MAX + 1], line[2 * PGO_LLVM_MSG_MAX + 64];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  char flat[PGO_LLVM_MSG_MAX + 1];
  collapse(text, flat, sizeof flat);
  const char *name = m->name ? m->name : "<module>";
  size_t nl = strlen(name);
  if (!strncmp(flat, name, nl) && flat[nl] == ':')
    snprintf(line, sizeof line, "%s", flat);
  else
    snprintf(line, sizeof line, "%s: %s", name, flat);
  pgo_llvm__strfree(&m->alloc, m->msg);
  m->msg = pgo_llvm__strdup(&m->alloc, line);
  return st;
}

const char *pgo_llvm_errmsg(const pgo_llvm_module *m) {
  if (!m)
    return "out of memory";
  return m->msg ? m->msg : "";
}

const char *pgo_llvm_module_name(const pgo_llvm_module *m) {
  return m && m->name ? m->name : "";
}

/* Keeps the first error LLVM reports; warnings and remarks (for instance
 * "ignoring debug info with an invalid version") do not stop the load. */
static void on_diagnostic(LLVMDiagnosticInfoRef di, void *ud) {
  pgo_llvm_module *m = ud;
  if (LLVMGetDiagInfoSeverity(di) != LLVMDSError || m->diag)
    return;
  char *d = LLVMGetDiagInfoDescription(di);
  m->diag = pgo_llvm__strdup(&m->alloc, d ? d : "error");
  LLVMDisposeMessage(d);
}

/* --- open ----------------------------------------------------------- */

static pthread_once_t options_once = PTHREAD_ONCE_INIT;

static void set_llvm_options(void) {
  const char *argv[] = {"pgo", "-disable-auto-upgrade-debug-info"};
  LLVMParseCommandLineOptions(2, argv, NULL);
}

static bool is_bitcode(const unsigned char *p, size_t n) {
  if (n < 4)
    return false;
  if (p[0] == 'B' && p[1] == 'C' && p[2] == 0xC0 && p[3] == 0xDE)
    return true;
  return p[0] == 0xDE && p[1] == 0xC0 && p[2] == 0x17 && p[3] == 0x0B;
}

static pgo_status new_handle(const char *name, const pgo_allocator *alloc,
                             pgo_llvm_module **out) {
  if (!out)
    return PGO_ERR_INVALID;
  pthread_once(&options_once, set_llvm_options);
  if (!alloc)
    alloc = pgo_default_allocator();
  *out = NULL;
  pgo_llvm_module *m = alloc->realloc(alloc->ud, NULL, 0, sizeof *m);
  if (!m)
    return PGO_ERR_NOMEM;
  memset(m, 0, sizeof *m);
  m->alloc = *alloc;
  m->name = pgo_llvm__strdup(alloc, name ? name : "<buffer>");
  *out = m;
  if (!m->name)
    return PGO_ERR_NOMEM;
  m->ctx = LLVMContextCreate();
  LLVMContextSetDiagnosticHandler(m->ctx, on_diagnostic, m);
  m->prof_kind = LLVMGetMDKindIDInContext(m->ctx, "prof", 4);
  return PGO_OK;
}

static pgo_status index_functions(pgo_llvm_module *m) {
  uint32_t n = 0;
  for (LLVMValueRef f = LLVMGetFirstFunction(m->mod); f;
       f = LLVMGetNextFunction(f))
    if (!LLVMIsDeclaration(f))
      n++;
  m->fns = pgo_llvm__alloc(&m->alloc, n * sizeof *m->fns);
  if (!m->fns)
    return pgo_llvm__fail(m, PGO_ERR_NOMEM, "out of memory");
  m->nfns = 0;
  for (LLVMValueRef f = LLVMGetFirstFunction(m->mod); f;
       f = LLVMGetNextFunction(f))
    if (!LLVMIsDeclaration(f))
      m->fns[m->nfns++] = f;
  return PGO_OK;
}

/* Parse buf (consumed) into m->mod, verify it and index its functions. */
static pgo_status load(pgo_llvm_module *m, LLVMMemoryBufferRef buf) {
  const unsigned char *p = (const unsigned char *)LLVMGetBufferStart(buf);
  size_t n = LLVMGetBufferSize(buf);
  char *err = NULL;
  if (is_bitcode(p, n)) {
    LLVMBool bad = LLVMParseBitcodeInContext2(m->ctx, buf, &m->mod);
    LLVMDisposeMemoryBuffer(buf);
    if (bad) {
      m->mod = NULL;
      return pgo_llvm__fail(m, PGO_ERR_PARSE, "%s",
                            m->diag ? m->diag : "invalid bitcode");
    }
  } else {
    /* LLVMParseIRInContext takes ownership of buf. */
    if (LLVMParseIRInContext(m->ctx, buf, &m->mod, &err)) {
      m->mod = NULL;
      pgo_status st = pgo_llvm__fail(m, PGO_ERR_PARSE, "%s",
                                     err ? err : m->diag ? m->diag
                                                         : "invalid IR");
      LLVMDisposeMessage(err);
      return st;
    }
    LLVMDisposeMessage(err);
  }
  /* llvm::UpgradeDebugInfo without its abort (header comment). */
  pgo_llvm__upgrade_debug_info(m->ctx, m->mod);
  err = NULL;
  if (LLVMVerifyModule(m->mod, LLVMReturnStatusAction, &err)) {
    LLVMDisposeMessage(err);
    err = NULL;
    if (!LLVMStripModuleDebugInfo(m->mod) ||
        LLVMVerifyModule(m->mod, LLVMReturnStatusAction, &err)) {
      if (!err)
        LLVMVerifyModule(m->mod, LLVMReturnStatusAction, &err);
      pgo_status st = pgo_llvm__fail(m, PGO_ERR_LLVM, "invalid module: %s",
                                     err && *err ? err : "verifier failed");
      LLVMDisposeMessage(err);
      return st;
    }
  }
  LLVMDisposeMessage(err);
  return index_functions(m);
}

pgo_status pgo_llvm_module_open(const char *path, const pgo_allocator *alloc,
                                pgo_llvm_module **out) {
  pgo_status st = new_handle(path, alloc, out);
  if (st != PGO_OK)
    return st;
  pgo_llvm_module *m = *out;
  if (!path)
    return pgo_llvm__fail(m, PGO_ERR_INVALID, "no file name");
  LLVMMemoryBufferRef buf = NULL;
  char *err = NULL;
  if (LLVMCreateMemoryBufferWithContentsOfFile(path, &buf, &err)) {
    st = pgo_llvm__fail(m, PGO_ERR_IO, "%s", err ? err : "cannot read");
    LLVMDisposeMessage(err);
    return st;
  }
  return load(m, buf);
}

pgo_status pgo_llvm_module_open_buffer(const char *name, const void *data,
                                       size_t size, const pgo_allocator *alloc,
                                       pgo_llvm_module **out) {
  pgo_status st = new_handle(name, alloc, out);
  if (st != PGO_OK)
    return st;
  pgo_llvm_module *m = *out;
  if (!data && size)
    return pgo_llvm__fail(m, PGO_ERR_INVALID, "no data");
  /* The copy is NUL-terminated, which the text parser requires. */
  LLVMMemoryBufferRef buf = LLVMCreateMemoryBufferWithMemoryRangeCopy(
      data ? data : "", size, m->name);
  return load(m, buf);
}

void pgo_llvm_module_free(pgo_llvm_module *m) {
  if (!m)
    return;
  pgo_allocator a = m->alloc;
  if (m->mod)
    LLVMDisposeModule(m->mod);
  if (m->ctx)
    LLVMContextDispose(m->ctx);
  pgo_llvm__free(&a, m->fns, m->nfns * sizeof *m->fns);
  pgo_llvm__strfree(&a, m->name);
  pgo_llvm__strfree(&a, m->diag);
  pgo_llvm__strfree(&a, m->msg);
  a.realloc(a.ud, m, sizeof *m, 0);
}

/* --- functions and handles ------------------------------------------ */

uint32_t pgo_llvm_module_nfunctions(const pgo_llvm_module *m) {
  return m ? m->nfns : 0;
}

const char *pgo_llvm_function_name(const pgo_llvm_module *m, uint32_t fn) {
  if (!m || fn >= m->nfns)
    return NULL;
  size_t len;
  return LLVMGetValueName2(m->fns[fn], &len);
}

uint32_t pgo_llvm_module_find(const pgo_llvm_module *m, const char *name) {
  if (!m || !name || !m->mod)
    return PGO_NONE;
  LLVMValueRef f = LLVMGetNamedFunction(m->mod, name);
  if (!f || LLVMIsDeclaration(f))
    return PGO_NONE;
  for (uint32_t i = 0; i < m->nfns; i++)
    if (m->fns[i] == f)
      return i;
  return PGO_NONE;
}

LLVMContextRef pgo_llvm_module_context(const pgo_llvm_module *m) {
  return m ? m->ctx : NULL;
}

LLVMModuleRef pgo_llvm_module_ref(const pgo_llvm_module *m) {
  return m ? m->mod : NULL;
}

LLVMValueRef pgo_llvm_function_ref(const pgo_llvm_module *m, uint32_t fn) {
  return m && fn < m->nfns ? m->fns[fn] : NULL;
}

LLVMBasicBlockRef pgo_llvm_function_block(const pgo_llvm_module *m,
                                          uint32_t fn, uint32_t block) {
  LLVMValueRef f = pgo_llvm_function_ref(m, fn);
  if (!f)
    return NULL;
  uint32_t i = 0;
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb;
       bb = LLVMGetNextBasicBlock(bb), i++)
    if (i == block)
      return bb;
  return NULL;
}

pgo_status pgo_llvm_function_blocks(const pgo_llvm_module *m, uint32_t fn,
                                    LLVMBasicBlockRef *blocks, uint32_t cap,
                                    uint32_t *n) {
  LLVMValueRef f = pgo_llvm_function_ref(m, fn);
  if (!f || !n)
    return PGO_ERR_INVALID;
  uint32_t count = LLVMCountBasicBlocks(f);
  *n = count;
  if (!blocks)
    return PGO_OK;
  if (cap < count)
    return PGO_ERR_RANGE;
  uint32_t i = 0;
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb;
       bb = LLVMGetNextBasicBlock(bb))
    blocks[i++] = bb;
  return PGO_OK;
}

LLVMValueRef pgo_llvm_instruction_at(const pgo_llvm_module *m, uint32_t fn,
                                     uint32_t il_offset) {
  LLVMValueRef f = pgo_llvm_function_ref(m, fn);
  if (!f)
    return NULL;
  uint32_t il = 0;
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb;
       bb = LLVMGetNextBasicBlock(bb))
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i;
         i = LLVMGetNextInstruction(i)) {
      if (!pgo_llvm_counts_as_il(i))
        continue;
      if (il++ == il_offset)
        return i;
    }
  return NULL;
}
