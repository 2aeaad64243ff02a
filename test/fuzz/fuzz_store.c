/*
 * fuzz_store.c -- libFuzzer target for the store reader (lib/store).
 *
 * The input is written to a private temporary file and opened read-only as
 * a store: open, full read, iteration and a look-up of every method must
 * return PGO_OK or a clean error (CORRUPT, SCHEMA, IO, NOT_FOUND) whose
 * one-line message names the file -- never crash, never accept
 * out-of-range data.  An accepted store is checked against the bounds the
 * reader promises, read twice into one profile (which must equal merging
 * it twice) and copied into a new store, which must read back equal.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pgo/store.h"

static char dir[64];

static void bounds(const pgo_method_profile *m) {
  uint32_t il = m->key.il_size;
  for (uint32_t i = 0; i < m->nblocks; i++)
    if (m->blocks[i].offset >= il)
      abort();
  for (uint32_t i = 0; i < m->nedges; i++)
    if (m->edges[i].offset >= il || m->edges[i].succ >= PGO_STORE_MAX_SUCC)
      abort();
  for (uint32_t i = 0; i < m->nsites; i++)
    if (m->sites[i].offset >= il || m->sites[i].npairs > m->sites[i].capacity)
      abort();
  for (uint32_t i = 0; i < m->nannots; i++)
    if (!(m->annots[i].prob >= 0 && m->annots[i].prob <= 1))
      abort();
}

static void clean(const char *path) {
  char b[256];
  unlink(path);
  snprintf(b, sizeof b, "%s-wal", path);
  unlink(b);
  snprintf(b, sizeof b, "%s-shm", path);
  unlink(b);
  snprintf(b, sizeof b, "%s-journal", path);
  unlink(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!dir[0]) {
    snprintf(dir, sizeof dir, "/tmp/pgo-fuzz-store-XXXXXX");
    if (!mkdtemp(dir))
      abort();
  }
  char in[128], out[128];
  snprintf(in, sizeof in, "%s/in.db", dir);
  snprintf(out, sizeof out, "%s/out.db", dir);
  clean(in);
  clean(out);
  FILE *f = fopen(in, "wb");
  if (!f || fwrite(data, 1, size, f) != size)
    abort();
  fclose(f);
  pgo_store *s = NULL;
  pgo_profile *p = NULL;
  pgo_status st = pgo_store_open(in, PGO_STORE_READONLY, NULL, &s);
  if (!st && !pgo_profile_new(NULL, &p))
    st = pgo_store_read(s, p, 1);
  if (!st) {
    pgo_store_iter *it;
    st = pgo_store_iter_new(s, NULL, &it);
    const pgo_method_profile *m;
    while (!st && !(st = pgo_store_iter_next(it, &m)) && m) {
      bounds(m);
      const pgo_method_profile *l;
      pgo_status ls = pgo_store_lookup(s, m->key.name, m->key.hash,
                                       m->key.il_size, &l);
      if (ls && ls != PGO_ERR_CORRUPT)
        abort();
    }
    if (!st)
      pgo_store_iter_free(it);
    else
      pgo_store_iter_free(it);
  }
  if (st) {
    const char *msg = pgo_store_errmsg(s);
    if (!strstr(msg, in) || strchr(msg, '\n'))
      abort();
  } else {
    if (pgo_profile_finish(p))
      abort();
    for (size_t i = 0; i < pgo_profile_nmethods(p); i++)
      bounds(pgo_profile_method(p, i));
    /* reading twice into one profile (the fused path adds into existing
     * arrays) equals merging the profile twice */
    pgo_profile *twice, *ref;
    if (pgo_profile_new(NULL, &twice) || pgo_profile_new(NULL, &ref) ||
        pgo_store_read(s, twice, 1) || pgo_store_read(s, twice, 1) ||
        pgo_profile_merge(ref, p, 1) || pgo_profile_merge(ref, p, 1) ||
        pgo_profile_finish(twice) || pgo_profile_finish(ref) ||
        !pgo_profile_equal(twice, ref))
      abort();
    pgo_profile_free(twice);
    pgo_profile_free(ref);
    pgo_store *o;
    pgo_profile *q;
    if (pgo_store_open(out, PGO_STORE_CREATE, NULL, &o) ||
        pgo_store_write(o, p, 1))
      abort();
    pgo_store_close(o);
    if (pgo_profile_new(NULL, &q) ||
        pgo_store_open(out, PGO_STORE_READONLY, NULL, &o) ||
        pgo_store_read(o, q, 1) || pgo_profile_finish(q) ||
        !pgo_profile_equal(p, q))
      abort();
    pgo_store_close(o);
    pgo_profile_free(q);
  }
  pgo_profile_free(p);
  pgo_store_close(s);
  clean(in);
  clean(out);
  return 0;
}
