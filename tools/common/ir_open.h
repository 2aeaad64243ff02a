/*
 * ir_open.h -- private to the tools: open an IR file, surviving LLVM.
 *
 * LLVM 19's bitcode reader crashes (SIGSEGV) on some corrupt .bc files
 * instead of reporting an error (docs/llvm.md, test/fuzz_ir/llvm_crashes),
 * and nothing in-process can catch that.  A library must not fork, but a
 * tool may: for a file that starts with the bitcode magic, a child process
 * parses it first; if the child dies, the tool reports the file as corrupt
 * bitcode (exit status 2) instead of crashing.  Text IR is parsed in
 * process: its reader is fuzzed and reports errors (test/fuzz_ir).
 *
 * tool_ir_open returns PGO_OK with *out set, or a status with a one-line
 * message in msg ("PATH: ...") and *out NULL.
 */
#ifndef PGO_TOOL_IR_OPEN_H
#define PGO_TOOL_IR_OPEN_H

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pgo/llvm.h"

/* 'BC' 0xC0DE, or the 0x0B17C0DE wrapper, little-endian. */
static inline int tool_ir_is_bitcode(const char *path) {
  unsigned char b[4] = {0, 0, 0, 0};
  FILE *f = fopen(path, "rb");
  if (!f)
    return 0;
  size_t n = fread(b, 1, 4, f);
  fclose(f);
  if (n != 4)
    return 0;
  return (b[0] == 'B' && b[1] == 'C' && b[2] == 0xC0 && b[3] == 0xDE) ||
         (b[0] == 0xDE && b[1] == 0xC0 && b[2] == 0x17 && b[3] == 0x0B);
}

static inline pgo_status tool_ir_open(const char *path, pgo_llvm_module **out,
                                      char *msg, size_t msglen) {
  *out = NULL;
  msg[0] = '\0';
  if (tool_ir_is_bitcode(path)) {
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
      /* Quiet child: a sanitizer's report of LLVM's crash is not ours. */
      FILE *null = freopen("/dev/null", "w", stderr);
      (void)null;
      pgo_llvm_module *m = NULL;
      pgo_status st = pgo_llvm_module_open(path, NULL, &m);
      pgo_llvm_module_free(m);
      _exit(st == PGO_OK ? 0 : 3);
    }
    if (pid > 0) {
      int ws = 0;
      while (waitpid(pid, &ws, 0) < 0) {
        /* EINTR: wait again */
      }
      /* 0: parsed, 3: a reported error; anything else (a signal, or a
       * sanitizer's exit after catching one) means the reader crashed. */
      if (WIFSIGNALED(ws) ||
          (WIFEXITED(ws) && WEXITSTATUS(ws) != 0 && WEXITSTATUS(ws) != 3)) {
        snprintf(msg, msglen,
                 "%s: corrupt bitcode: LLVM's bitcode reader crashed on it",
                 path);
        return PGO_ERR_CORRUPT;
      }
    }
    /* fork failed or the child finished: parse in process, which reports
     * the reader's own error if there is one. */
  }
  pgo_status st = pgo_llvm_module_open(path, NULL, out);
  if (st != PGO_OK) {
    snprintf(msg, msglen, "%s", *out ? pgo_llvm_errmsg(*out) : "out of memory");
    pgo_llvm_module_free(*out);
    *out = NULL;
  }
  return st;
}

/* Open path and select the functions to show: all of them, or the one
 * named method (NULL = all).  On failure *out is NULL and msg holds the
 * line to print. */
static inline pgo_status tool_ir_select(const char *path, const char *method,
                                        pgo_llvm_module **out, uint32_t *first,
                                        uint32_t *count, char *msg,
                                        size_t msglen) {
  pgo_status st = tool_ir_open(path, out, msg, msglen);
  if (st != PGO_OK)
    return st;
  *first = 0;
  *count = pgo_llvm_module_nfunctions(*out);
  if (method) {
    *first = pgo_llvm_module_find(*out, method);
    if (*first == PGO_NONE) {
      /* The name as the user typed it, escaped LLVM's way (\XX) so that
       * the message stays one line whatever the argument holds. */
      char esc[256];
      size_t k = 0;
      for (const unsigned char *c = (const unsigned char *)method;
           *c && k + 4 < sizeof esc; c++) {
        if (*c < 0x20 || *c >= 0x7f || *c == '\\' || *c == '\'')
          k += (size_t)snprintf(esc + k, sizeof esc - k, "\\%02X", *c);
        else
          esc[k++] = (char)*c;
      }
      esc[k] = '\0';
      snprintf(msg, msglen, "%s: no defined function '%s'", path, esc);
      pgo_llvm_module_free(*out);
      *out = NULL;
      return PGO_ERR_NOT_FOUND;
    }
    *count = 1;
  }
  return PGO_OK;
}

#endif
