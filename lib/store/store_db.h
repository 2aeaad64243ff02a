/* store_db.h -- private to lib/store: the SQLite side shared by store.c
 * (open, schema, transactions) and store_io.c (records in and out). */
#ifndef PGO_STORE_DB_H
#define PGO_STORE_DB_H

#include <sqlite3.h>

#include "store_internal.h"

#define ST_NKINDS 6
extern const int pgo__st_all_kinds[ST_NKINDS];

/* Record-kind columns, in PGO_RECORD_KIND_LIST order, after the key. */
#define ST_COL(name, id, key, text) ", \"" key "\""
#define ST_KIND_COLS PGO_RECORD_KIND_LIST(ST_COL)
#define ST_SELECT "SELECT id, name, hash, il_size" ST_KIND_COLS " FROM methods"
#define ST_KCOL 4 /* column of the first kind */

enum {
  Q_FIND,       /* id of a key */
  Q_GET,        /* whole row of a key */
  Q_INS_METHOD, /* insert key and records */
  Q_UPD_METHOD, /* replace the records of an id */
  Q_INS_RUN,
  Q_COUNT,
  Q_N
};

extern const char *const pgo__st_q_sql[Q_N];

struct pgo_store {
  const pgo_allocator *a;
  sqlite3 *db;
  char *path;
  char *vfs;        /* VFS name (pgo_store_options.vfs), NULL: default */
  unsigned flags;
  int busy_ms;
  bool in_txn;      /* explicit transaction open (pgo_store_begin) */
  bool txn_failed;  /* a write inside it failed: only rollback is left */
  char msg[ST_MSG_LEN];
  sqlite3_stmt *q[Q_N];
  st_scratch scr;   /* decode scratch for look-ups */
  st_buf buf[ST_NKINDS]; /* encode buffers, one per kind */
  st_method tmp;    /* read-modify-write method (owns its arrays) */
  pgo_method_profile look; /* view returned by look-up (borrows scr) */
  uint64_t sat;
};

void pgo__st_db_msg(pgo_store *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Translate an SQLite result code at the boundary, keeping its text. */
pgo_status pgo__st_db_fail(pgo_store *s, int rc, const char *what);
int pgo__st_db_exec(pgo_store *s, const char *sql);
int pgo__st_db_exec_retry(pgo_store *s, const char *sql);
/* Wrap a write in its own transaction unless the caller holds one. */
pgo_status pgo__st_db_begin(pgo_store *s, bool *mine);
pgo_status pgo__st_db_end(pgo_store *s, bool mine, pgo_status st);

#endif
