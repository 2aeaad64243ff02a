/*
 * options.c -- the growth rule of lib/llvm's public option structs
 * (pgo_llvm_jit_options, pgo_llvm_instr_options, pgo_llvm_compile_options),
 * the rule every option struct of pgo follows (include/pgo/synth.h,
 * "Options"): struct_size is the first field and is set by the _init macro
 * to the sizeof the CALLER was compiled with, so a library built later
 * never writes past an older caller's struct; fields are only appended; the
 * library reads the fields the caller's struct_size covers over its
 * defaults; a struct_size below the first version's is refused, and so is
 * a larger one (a newer header) whose fields unknown here are not zero --
 * a setting the library cannot honour is never dropped silently.
 *
 * Generic over the struct: a prefix of a struct whose fields are only ever
 * appended is exactly the struct of an older header, so copying the first
 * min(struct_size, sizeof) bytes reads precisely the fields the caller had.
 */
#include <string.h>

#include "llvm_int.h"

void pgo_llvm__opts_init(void *o, size_t struct_size, const void *defaults,
                         size_t dsize) {
  if (!o || struct_size < sizeof(size_t))
    return;
  size_t n = struct_size < dsize ? struct_size : dsize;
  memcpy(o, defaults, n);
  if (struct_size > dsize)
    memset((char *)o + dsize, 0, struct_size - dsize);
  memcpy(o, &struct_size, sizeof struct_size);
}

const char *pgo_llvm__opts_read(const void *in, void *out,
                                const void *defaults, size_t dsize,
                                size_t v1size) {
  memcpy(out, defaults, dsize);
  if (!in)
    return NULL;
  size_t size;
  memcpy(&size, in, sizeof size);
  if (size < v1size)
    return "options.struct_size is less than the first version's "
           "(initialise the options with their _init macro)";
  if (size > dsize) {
    const unsigned char *extra = (const unsigned char *)in + dsize;
    for (size_t i = 0; i < size - dsize; i++)
      if (extra[i])
        return "options set a field of a newer header than this library's";
  }
  memcpy(out, in, size < dsize ? size : dsize);
  memcpy(out, &dsize, sizeof dsize);
  return NULL;
}
