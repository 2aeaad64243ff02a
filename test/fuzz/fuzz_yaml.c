/*
 * fuzz_yaml.c -- libFuzzer target for the YAML reader (lib/store).
 *
 * Any input must give PGO_OK or a clean error (PARSE, RANGE, SCHEMA,
 * INVALID) with a one-line "name:line:column: ..." message and leave the
 * destination untouched; an accepted input must round-trip exactly
 * (profile -> YAML -> profile is equal), which checks the writer too.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgo/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  pgo_profile *p;
  if (pgo_profile_new(NULL, &p))
    return 0;
  pgo_status st = pgo_yaml_read_mem(p, data, size, "fuzz.yaml", 1);
  if (st) {
    const char *msg = pgo_profile_errmsg(p);
    if (strncmp(msg, "fuzz.yaml:", 10) || strchr(msg, '\n') ||
        pgo_profile_nmethods(p) || pgo_profile_nruns(p))
      abort();
    pgo_profile_free(p);
    return 0;
  }
  if (pgo_profile_finish(p))
    abort();
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f || pgo_yaml_write(p, f))
    abort();
  fclose(f);
  pgo_profile *q;
  if (pgo_profile_new(NULL, &q) ||
      pgo_yaml_read_mem(q, buf, len, "round-trip", 1) ||
      pgo_profile_finish(q) || !pgo_profile_equal(p, q)) {
    fprintf(stderr, "round trip failed: %s\n", pgo_profile_errmsg(q));
    abort();
  }
  free(buf);
  pgo_profile_free(p);
  pgo_profile_free(q);
  return 0;
}
