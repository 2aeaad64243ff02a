/*
 * load.c -- pgo_profile_load: read a profile file of either format into a
 * pgo_profile, choosing the reader by content (an SQLite file starts with
 * the 16-byte header "SQLite format 3\0"; anything else is read as YAML),
 * never by file name.  Errors name the file; on a bad file dst keeps only
 * what it held before (stores are read into a private profile first).
 */
#include <errno.h>

#include "store_internal.h"

pgo_status pgo_profile_sniff(const char *path, bool *is_store,
                             char *msg, size_t msglen) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(msg, msglen, "%s: cannot open: %s", path, strerror(errno));
    return PGO_ERR_IO;
  }
  char h[16] = {0};
  size_t n = fread(h, 1, sizeof h, f);
  fclose(f);
  *is_store = n == 16 && !memcmp(h, "SQLite format 3", 16);
  return PGO_OK;
}

pgo_status pgo_profile_load(pgo_profile *dst, const char *path,
                            uint64_t weight) {
  bool is_store;
  char msg[ST_MSG_LEN];
  pgo_status st = pgo_profile_sniff(path, &is_store, msg, sizeof msg);
  if (st) {
    pgo__st_profile_set_msg(dst, "%s", msg);
    return st;
  }
  if (!is_store)
    return pgo_yaml_read_file(dst, path, weight);
  pgo_profile *tmp;
  if ((st = pgo_profile_new(pgo__st_profile_alloc(dst), &tmp)))
    return st;
  pgo_profile_defer_fold(tmp, pgo__st_profile_defers(dst));
  pgo_store *s = NULL;
  st = pgo_store_open(path, PGO_STORE_READONLY, pgo__st_profile_alloc(dst), &s);
  if (!st)
    st = pgo_store_read(s, tmp, 1);
  if (st)
    pgo__st_profile_set_msg(dst, "%s", s ? pgo_store_errmsg(s) : "out of memory");
  pgo_store_close(s);
  if (!st && (st = pgo__st_profile_absorb(dst, tmp, weight)))
    pgo__st_profile_set_msg(dst, "%s: out of memory", path);
  pgo_profile_free(tmp);
  return st;
}
