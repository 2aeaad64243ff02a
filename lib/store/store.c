/*
 * store.c -- the indexed profile store in SQLite (docs/store.md).
 *
 * Schema (user_version 1, application_id "PGOS"):
 *   runs(id, source, weight, time, program, tool)
 *   methods(id INTEGER PRIMARY KEY, name, hash, il_size,
 *           entry, blocks, edges, "values", annotations, samples,
 *           UNIQUE(name, hash, il_size))   -- the (name, hash) look-up
 *   kinds(id, name, meaning)               -- decoding aid for SQL users
 * One row per method and one BLOB column per record kind
 * (PGO_RECORD_KIND_LIST; NULL = no record of that kind), each a packed
 * array (blob.c) rather than a row per counter: 50 M counters are 1 M rows,
 * a full read is one sequential scan, a look-up one indexed row.  (A row per
 * (method, kind) costs three times the SQLite row overhead, which dominated
 * the merge; see docs/store.md.)
 *
 * Safety: WAL journal; every write is one transaction (BEGIN IMMEDIATE,
 * waiting on a busy timeout and retrying); readers see a snapshot.  A
 * crash mid-transaction leaves the store as before (SQLite's WAL recovery).
 * Scratch stores (a new temporary file renamed into place by the caller)
 * skip the journal and per-transaction fsync, and are synced on close.
 *
 * Validation on open: application_id, user_version (newer = PGO_ERR_SCHEMA),
 * the exact column set (a column for an unknown record kind is an error);
 * on every read: negative or oversized integers, wrong column types, and
 * every blob bound (blob.c).  Errors name the file and the method.
 */
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "store_internal.h"

#define ST_NKINDS 6
static const int all_kinds[ST_NKINDS] = {
#define ST_X(name, id, key, text) id,
    PGO_RECORD_KIND_LIST(ST_X)
#undef ST_X
};

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

static const char *const q_sql[Q_N] = {
    "SELECT id FROM methods WHERE name = ?1 AND hash = ?2 AND il_size = ?3",
    ST_SELECT " WHERE name = ?1 AND hash = ?2 AND il_size = ?3",
    "INSERT INTO methods(name, hash, il_size" ST_KIND_COLS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    "UPDATE methods SET (id" ST_KIND_COLS
    ") = (?1, ?4, ?5, ?6, ?7, ?8, ?9) WHERE id = ?1",
    "INSERT INTO runs(source, weight, time, program, tool) "
    "VALUES (?1, ?2, ?3, ?4, ?5)",
    "SELECT (SELECT count(*) FROM methods), (SELECT count(*) FROM runs)",
};

struct pgo_store {
  const pgo_allocator *a;
  sqlite3 *db;
  char *path;
  unsigned flags;
  int busy_ms;
  bool in_txn;      /* explicit transaction open (pgo_store_begin) */
  char msg[ST_MSG_LEN];
  sqlite3_stmt *q[Q_N];
  st_scratch scr;   /* decode scratch for look-ups */
  st_buf buf[ST_NKINDS]; /* encode buffers, one per kind */
  st_method tmp;    /* read-modify-write method (owns its arrays) */
  pgo_method_profile look; /* view returned by look-up (borrows scr) */
  uint64_t sat;
};

static void set_msg(pgo_store *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void set_msg(pgo_store *s, const char *fmt, ...) {
  int n = snprintf(s->msg, sizeof s->msg, "%s: ", s->path ? s->path : "?");
  if (n < 0 || (size_t)n >= sizeof s->msg)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(s->msg + n, sizeof s->msg - (size_t)n, fmt, ap);
  va_end(ap);
  st_msg_sanitize(s->msg);
}

/* Translate an SQLite result code at the boundary, keeping its text. */
static pgo_status sql_fail(pgo_store *s, int rc, const char *what) {
  int prim = rc & 0xff;
  set_msg(s, "%s: %s", what, s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
  switch (prim) {
  case SQLITE_NOMEM:
    return PGO_ERR_NOMEM;
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB:
    return PGO_ERR_CORRUPT;
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return PGO_ERR_BUSY;
  case SQLITE_CANTOPEN:
  case SQLITE_IOERR:
  case SQLITE_FULL:
  case SQLITE_READONLY:
  case SQLITE_PERM:
    return PGO_ERR_IO;
  default:
    return PGO_ERR_IO;
  }
}

static int exec(pgo_store *s, const char *sql) {
  return sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

/* Retry a statement that may meet SQLITE_BUSY although the busy handler is
 * set (e.g. while another connection recovers the WAL). */
static int exec_retry(pgo_store *s, const char *sql) {
  int rc;
  for (int waited = 0;; waited += 10) {
    rc = exec(s, sql);
    if ((rc & 0xff) != SQLITE_BUSY || waited >= s->busy_ms)
      return rc;
    sqlite3_sleep(10);
  }
}

const char *pgo_store_errmsg(const pgo_store *s) {
  return s ? s->msg : "no store";
}
const char *pgo_store_path(const pgo_store *s) { return s->path; }
uint64_t pgo_store_saturations(const pgo_store *s) { return s->sat; }

void pgo_store_set_busy_timeout(pgo_store *s, int ms) {
  s->busy_ms = ms;
  sqlite3_busy_timeout(s->db, ms);
}

static int64_t pragma_int(pgo_store *s, const char *sql, int *rc) {
  sqlite3_stmt *st;
  int64_t v = 0;
  *rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
  if (*rc)
    return 0;
  *rc = sqlite3_step(st);
  if (*rc == SQLITE_ROW) {
    v = sqlite3_column_int64(st, 0);
    *rc = SQLITE_OK;
  } else if (*rc == SQLITE_DONE) {
    *rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  return v;
}

static const char schema_sql[] =
    "CREATE TABLE runs(id INTEGER PRIMARY KEY, source INTEGER NOT NULL,"
    " weight INTEGER NOT NULL, time INTEGER NOT NULL,"
    " program TEXT NOT NULL, tool TEXT NOT NULL);"
    "CREATE TABLE methods(id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " hash INTEGER NOT NULL, il_size INTEGER NOT NULL,"
    " \"entry\" BLOB, \"blocks\" BLOB, \"edges\" BLOB, \"values\" BLOB,"
    " \"annotations\" BLOB, \"samples\" BLOB,"
    " UNIQUE(name, hash, il_size));"
    "CREATE TABLE kinds(id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " meaning TEXT NOT NULL);"
    "CREATE VIEW method_sizes AS SELECT name, printf('0x%016x', hash) AS hash,"
    " il_size, length(\"entry\") AS entry_bytes,"
    " length(\"blocks\") AS blocks_bytes, length(\"edges\") AS edges_bytes,"
    " length(\"values\") AS values_bytes,"
    " length(\"annotations\") AS annotations_bytes,"
    " length(\"samples\") AS samples_bytes FROM methods;";

/* Create the schema (inside the caller's write transaction). */
static int create_schema(pgo_store *s) {
  int rc = exec(s, schema_sql);
  if (rc)
    return rc;
  char sql[256];
#define ST_X(name, id, key, text)                                             \
  snprintf(sql, sizeof sql, "INSERT INTO kinds VALUES(%d, '%s', '%s')", id,   \
           key, text);                                                        \
  if ((rc = exec(s, sql)))                                                    \
    return rc;
  PGO_RECORD_KIND_LIST(ST_X)
#undef ST_X
  snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
           PGO_STORE_APPLICATION_ID, PGO_STORE_SCHEMA_VERSION);
  return exec(s, sql);
}

/* Check application id, version and the table shape. */
static pgo_status check_schema(pgo_store *s, bool may_create) {
  int rc;
  int64_t app = pragma_int(s, "PRAGMA application_id", &rc);
  if (rc)
    return sql_fail(s, rc, "cannot read the store header");
  int64_t ver = pragma_int(s, "PRAGMA user_version", &rc);
  if (rc)
    return sql_fail(s, rc, "cannot read the store header");
  int64_t ntab = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &rc);
  if (rc)
    return sql_fail(s, rc, "cannot read the schema");
  if (app == 0 && ver == 0 && ntab == 0) {
    if (!may_create) {
      set_msg(s, "empty database, not a pgo profile store");
      return PGO_ERR_SCHEMA;
    }
    if ((rc = exec_retry(s, "BEGIN IMMEDIATE")))
      return sql_fail(s, rc, "cannot lock the new store");
    /* Another process may have created it meanwhile. */
    ntab = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &rc);
    if (!rc && ntab == 0)
      rc = create_schema(s);
    if (rc) {
      pgo_status st = sql_fail(s, rc, "cannot create the schema");
      exec(s, "ROLLBACK");
      return st;
    }
    if ((rc = exec(s, "COMMIT"))) {
      pgo_status st = sql_fail(s, rc, "cannot create the schema");
      exec(s, "ROLLBACK");
      return st;
    }
    app = pragma_int(s, "PRAGMA application_id", &rc);
    ver = pragma_int(s, "PRAGMA user_version", &rc);
  }
  if (app != PGO_STORE_APPLICATION_ID) {
    set_msg(s, "not a pgo profile store (application_id 0x%llx, expected "
               "0x%x)", (unsigned long long)app, PGO_STORE_APPLICATION_ID);
    return PGO_ERR_SCHEMA;
  }
  if (ver > PGO_STORE_SCHEMA_VERSION) {
    set_msg(s, "schema version %lld is newer than this build's %d",
            (long long)ver, PGO_STORE_SCHEMA_VERSION);
    return PGO_ERR_SCHEMA;
  }
  if (ver < 1) {
    set_msg(s, "unsupported schema version %lld", (long long)ver);
    return PGO_ERR_SCHEMA;
  }
  /* The exact column set: a column of an unknown record kind (or a missing
   * one) means another schema. */
  {
    sqlite3_stmt *ti;
    rc = sqlite3_prepare_v2(s->db, "PRAGMA table_info(methods)", -1, &ti,
                            NULL);
    if (rc)
      return sql_fail(s, rc, "cannot read the schema");
    int ncol = 0;
    pgo_status st = PGO_OK;
    while (!st && (rc = sqlite3_step(ti)) == SQLITE_ROW) {
      const char *col = (const char *)sqlite3_column_text(ti, 1);
      bool known = col && (!strcmp(col, "id") || !strcmp(col, "name") ||
                           !strcmp(col, "hash") || !strcmp(col, "il_size"));
      for (int k = 0; k < ST_NKINDS && col && !known; k++)
        known = !strcmp(col, pgo_record_kind_name(all_kinds[k]));
      if (!known) {
        set_msg(s, "unknown record kind column '%s' in methods",
                col ? col : "?");
        st = PGO_ERR_SCHEMA;
      }
      ncol++;
    }
    sqlite3_finalize(ti);
    if (st)
      return st;
    if (ncol != ST_KCOL + ST_NKINDS) {
      set_msg(s, "store schema mismatch: methods has %d columns, expected %d",
              ncol, ST_KCOL + ST_NKINDS);
      return PGO_ERR_SCHEMA;
    }
  }
  for (int i = 0; i < Q_N; i++) {
    rc = sqlite3_prepare_v3(s->db, q_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                            &s->q[i], NULL);
    if (rc) {
      pgo_status st = sql_fail(s, rc, "store schema mismatch");
      return st == PGO_ERR_IO ? PGO_ERR_SCHEMA : st;
    }
  }
  return PGO_OK;
}

pgo_status pgo_store_open(const char *path, unsigned flags,
                          const pgo_allocator *alloc, pgo_store **out) {
  if (!out || !path)
    return PGO_ERR_INVALID;
  *out = NULL;
  if (!alloc)
    alloc = pgo_default_allocator();
  pgo_store *s = st_alloc(alloc, sizeof *s);
  if (!s)
    return PGO_ERR_NOMEM;
  memset(s, 0, sizeof *s);
  s->a = alloc;
  s->flags = flags;
  s->busy_ms = 60000;
  s->path = st_strndup(alloc, path, strlen(path));
  if (!s->path) {
    st_free(alloc, s, sizeof *s);
    return PGO_ERR_NOMEM;
  }
  *out = s;
  bool ro = flags & PGO_STORE_READONLY;
  if (ro && (flags & (PGO_STORE_CREATE | PGO_STORE_SCRATCH))) {
    set_msg(s, "read-only and create/scratch flags together");
    return PGO_ERR_INVALID;
  }
  /* Read-only handles still open the file read-write (SQLite falls back to
   * read-only when the OS says so) with query_only set: a read-only
   * connection cannot delete a WAL store's -wal/-shm files at close, and
   * readers would litter every input with them. */
  int oflags = SQLITE_OPEN_READWRITE |
               (flags & PGO_STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
  oflags |= SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path, &s->db, oflags, NULL);
  if (rc) {
    pgo_status st = sql_fail(s, rc, "cannot open");
    return st;
  }
  sqlite3_extended_result_codes(s->db, 1);
  sqlite3_busy_timeout(s->db, s->busy_ms);
  /* A file that is not SQLite shows up at the first read. */
  if (ro) {
    /* Reads of whole stores: map the file rather than copy page by page. */
    rc = exec(s, "PRAGMA query_only = 1; PRAGMA mmap_size = 1073741824");
  } else if (flags & PGO_STORE_SCRATCH) {
    /* page_size applies only if the file is new (empty). */
    rc = exec(s, "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF;"
                 "PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;"
                 "PRAGMA locking_mode = EXCLUSIVE");
  } else {
    sqlite3_stmt *st = NULL;
    rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
    for (int waited = 0; !rc;) {
      rc = sqlite3_step(st);
      if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
        rc = SQLITE_OK;
        break;
      }
      if ((rc & 0xff) != SQLITE_BUSY || waited >= s->busy_ms)
        break;
      sqlite3_reset(st);
      sqlite3_sleep(10);
      waited += 10;
      rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (!rc)
      rc = exec(s, "PRAGMA synchronous = NORMAL");
  }
  if (rc)
    return sql_fail(s, rc, "cannot open");
  return check_schema(s, flags & PGO_STORE_CREATE);
}

pgo_status pgo_store_close(pgo_store *s) {
  if (!s)
    return PGO_OK;
  pgo_status st = PGO_OK;
  const pgo_allocator *a = s->a;
  for (int i = 0; i < Q_N; i++)
    sqlite3_finalize(s->q[i]);
  if (s->db) {
    if (s->in_txn)
      exec(s, "ROLLBACK");
    if ((s->flags & PGO_STORE_SCRATCH) && s->q[Q_FIND]) {
      /* Leave the file a normal WAL store, then make it durable. */
      int rc = exec(s, "PRAGMA locking_mode = NORMAL; "
                       "PRAGMA journal_mode = DELETE");
      if (!rc)
        rc = exec(s, "PRAGMA journal_mode = WAL");
      if (rc)
        st = sql_fail(s, rc, "cannot finish the store");
    }
    sqlite3_close_v2(s->db);
    if ((s->flags & PGO_STORE_SCRATCH) && !st) {
      int fd = open(s->path, O_RDONLY);
      if (fd < 0 || fsync(fd)) {
        set_msg(s, "cannot sync the store");
        st = PGO_ERR_IO;
      }
      if (fd >= 0)
        close(fd);
    }
  }
  st_scratch_free(a, &s->scr);
  for (int k = 0; k < ST_NKINDS; k++)
    st_buf_free(a, &s->buf[k]);
  st_method_clear(a, &s->tmp);
  st_strfree(a, s->path);
  st_free(a, s, sizeof *s);
  return st;
}

/* ------------------------------------------------------------ transactions */

pgo_status pgo_store_begin(pgo_store *s) {
  if (s->in_txn) {
    set_msg(s, "transaction already open");
    return PGO_ERR_STATE;
  }
  int rc = exec_retry(s, s->flags & PGO_STORE_READONLY ? "BEGIN"
                                                       : "BEGIN IMMEDIATE");
  if (rc)
    return sql_fail(s, rc, "cannot begin a transaction");
  s->in_txn = true;
  return PGO_OK;
}

pgo_status pgo_store_commit(pgo_store *s) {
  if (!s->in_txn) {
    set_msg(s, "no transaction open");
    return PGO_ERR_STATE;
  }
  int rc = exec_retry(s, "COMMIT");
  if (rc) {
    pgo_status st = sql_fail(s, rc, "cannot commit");
    exec(s, "ROLLBACK");
    s->in_txn = false;
    return st;
  }
  s->in_txn = false;
  return PGO_OK;
}

pgo_status pgo_store_rollback(pgo_store *s) {
  if (!s->in_txn)
    return PGO_OK;
  s->in_txn = false;
  int rc = exec(s, "ROLLBACK");
  return rc ? sql_fail(s, rc, "cannot roll back") : PGO_OK;
}

/* Wrap a write in its own transaction unless the caller holds one. */
static pgo_status auto_begin(pgo_store *s, bool *mine) {
  *mine = false;
  if (s->flags & PGO_STORE_READONLY) {
    set_msg(s, "store opened read-only");
    return PGO_ERR_STATE;
  }
  if (s->in_txn)
    return PGO_OK;
  pgo_status st = pgo_store_begin(s);
  *mine = !st;
  return st;
}

static pgo_status auto_end(pgo_store *s, bool mine, pgo_status st) {
  if (!mine)
    return st;
  if (st) {
    pgo_store_rollback(s);
    return st;
  }
  return pgo_store_commit(s);
}

/* --------------------------------------------------------------- reading */

/* Column as a bounded non-negative integer, else a corrupt-store error. */
static bool col_uint(pgo_store *s, sqlite3_stmt *q, int col, uint64_t max,
                     const char *what, const char *method, uint64_t *out) {
  if (sqlite3_column_type(q, col) != SQLITE_INTEGER) {
    set_msg(s, "%s%s%s is not an integer", method ? "method " : "",
            method ? method : "", what);
    return false;
  }
  int64_t v = sqlite3_column_int64(q, col);
  if (v < 0 || (uint64_t)v > max) {
    set_msg(s, "%s%s: %s %lld out of range", method ? "method " : "",
            method ? method : "", what, (long long)v);
    return false;
  }
  *out = (uint64_t)v;
  return true;
}

/* Decode the current method row of q (id, name, hash, il_size) into view,
 * name copied into the scratch. */
static pgo_status read_key(pgo_store *s, sqlite3_stmt *q, st_scratch *scr,
                           pgo_method_profile *v, int64_t *id) {
  memset(v, 0, sizeof *v);
  *id = sqlite3_column_int64(q, 0);
  const char *name = (const char *)sqlite3_column_text(q, 1);
  int nl = sqlite3_column_bytes(q, 1);
  if (!name || nl < 1 || (unsigned)nl > PGO_STORE_MAX_NAME_LEN ||
      sqlite3_column_type(q, 1) != SQLITE_TEXT || memchr(name, 0, nl)) {
    set_msg(s, "method id %lld: bad name", (long long)*id);
    return PGO_ERR_CORRUPT;
  }
  void *p = scr->name;
  if (!st_grow(s->a, &p, &scr->cname, 1, (size_t)nl + 1))
    return PGO_ERR_NOMEM;
  scr->name = p;
  memcpy(scr->name, name, (size_t)nl + 1);
  v->key.name = scr->name;
  if (sqlite3_column_type(q, 2) != SQLITE_INTEGER) {
    set_msg(s, "method %s: hash is not an integer", scr->name);
    return PGO_ERR_CORRUPT;
  }
  v->key.hash = (uint64_t)sqlite3_column_int64(q, 2);
  uint64_t il;
  if (!col_uint(s, q, 3, UINT32_MAX, "il_size", scr->name, &il))
    return PGO_ERR_CORRUPT;
  v->key.il_size = (uint32_t)il;
  return PGO_OK;
}

/* Decode every record-kind column of the current row of q into view. */
static pgo_status read_records(pgo_store *s, sqlite3_stmt *q,
                               st_scratch *scr, pgo_method_profile *v) {
  for (int k = 0; k < ST_NKINDS; k++) {
    int col = ST_KCOL + k, type = sqlite3_column_type(q, col);
    if (type == SQLITE_NULL)
      continue;
    int kind = all_kinds[k];
    if (type != SQLITE_BLOB) {
      set_msg(s, "method %s: %s record is not a blob", v->key.name,
              pgo_record_kind_name(kind));
      return PGO_ERR_CORRUPT;
    }
    const void *data = sqlite3_column_blob(q, col);
    int len = sqlite3_column_bytes(q, col);
    char m[256];
    pgo_status st = st_decode(s->a, kind, data, (size_t)len, scr, v, m,
                              sizeof m);
    if (st == PGO_ERR_CORRUPT) {
      set_msg(s, "method %s: %s record: %s", v->key.name,
              pgo_record_kind_name(kind), m);
      return st;
    }
    if (st) {
      set_msg(s, "out of memory");
      return st;
    }
  }
  return PGO_OK;
}

pgo_status pgo_store_lookup(pgo_store *s, const char *name, uint64_t hash,
                            uint32_t il_size, const pgo_method_profile **out) {
  static pgo_method_profile none;
  *out = &none;
  if (!name)
    return PGO_ERR_INVALID;
  sqlite3_stmt *q = s->q[Q_GET];
  sqlite3_reset(q);
  sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 2, (int64_t)hash);
  sqlite3_bind_int64(q, 3, il_size);
  int rc = sqlite3_step(q);
  pgo_status st = PGO_OK;
  pgo_method_profile *v = &s->look; /* borrows the scratch until next call */
  memset(v, 0, sizeof *v);
  if (rc == SQLITE_DONE) {
    set_msg(s, "method %s (hash 0x%016llx, il_size %u) not found", name,
            (unsigned long long)hash, il_size);
    st = PGO_ERR_NOT_FOUND;
  } else if (rc != SQLITE_ROW) {
    st = sql_fail(s, rc, "cannot look up a method");
  } else {
    int64_t id;
    st = read_key(s, q, &s->scr, v, &id);
    if (!st)
      st = read_records(s, q, &s->scr, v);
  }
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
  if (st) {
    memset(v, 0, sizeof *v);
    return st;
  }
  *out = v;
  return PGO_OK;
}

/* Full read: one sequential scan of methods in id order.
 * dst += weight * store. */
pgo_status pgo_store_read(pgo_store *s, pgo_profile *dst, uint64_t weight) {
  if (weight == 0)
    return PGO_ERR_INVALID;
  bool mine = false;
  if (!s->in_txn) {
    int rc = exec_retry(s, "BEGIN");
    if (rc)
      return sql_fail(s, rc, "cannot read");
    mine = true;
  }
  sqlite3_stmt *qm = NULL, *qrun = NULL;
  pgo_status st = PGO_OK;
  int rc = sqlite3_prepare_v2(s->db, ST_SELECT " ORDER BY id", -1, &qm, NULL);
  if (!rc)
    rc = sqlite3_prepare_v2(s->db,
                            "SELECT source, weight, time, program, tool "
                            "FROM runs ORDER BY id",
                            -1, &qrun, NULL);
  if (rc) {
    st = sql_fail(s, rc, "cannot read");
    goto done;
  }
  while ((rc = sqlite3_step(qrun)) == SQLITE_ROW) {
    uint64_t src, w;
    if (!col_uint(s, qrun, 0, 1000, "run source", NULL, &src) ||
        !pgo_source_name((int)src) ||
        !col_uint(s, qrun, 1, INT64_MAX, "run weight", NULL, &w) || w == 0 ||
        sqlite3_column_type(qrun, 2) != SQLITE_INTEGER ||
        sqlite3_column_type(qrun, 3) != SQLITE_TEXT ||
        sqlite3_column_type(qrun, 4) != SQLITE_TEXT) {
      if (!strstr(s->msg, "out of range"))
        set_msg(s, "bad run row (source, weight, time, program, tool)");
      st = PGO_ERR_CORRUPT;
      goto done;
    }
    pgo_run r = {(pgo_source)src, w, sqlite3_column_int64(qrun, 2),
                 (const char *)sqlite3_column_text(qrun, 3),
                 (const char *)sqlite3_column_text(qrun, 4)};
    if ((st = pgo_profile_add_run(dst, &r, weight))) {
      set_msg(s, "%s", pgo_profile_errmsg(dst));
      goto done;
    }
  }
  if (rc != SQLITE_DONE) {
    st = sql_fail(s, rc, "cannot read runs");
    goto done;
  }
  bool fold = !st_profile_defers(dst);
  uint64_t *sat = st_profile_satp(dst);
  while ((rc = sqlite3_step(qm)) == SQLITE_ROW) {
    pgo_method_profile v;
    int64_t id;
    if ((st = read_key(s, qm, &s->scr, &v, &id)) ||
        (st = read_records(s, qm, &s->scr, &v)))
      goto done;
    st_method *d = st_profile_get(dst, v.key.name, strlen(v.key.name),
                                  v.key.hash, v.key.il_size);
    if (!d || st_method_merge(s->a, d, &v, weight, fold, sat)) {
      st = PGO_ERR_NOMEM;
      set_msg(s, "out of memory");
      goto done;
    }
  }
  if (rc != SQLITE_DONE)
    st = sql_fail(s, rc, "cannot read methods");
done:
  sqlite3_finalize(qm);
  sqlite3_finalize(qrun);
  if (mine)
    exec(s, "COMMIT");
  return st;
}

pgo_status pgo_store_count(pgo_store *s, uint64_t *nmethods, uint64_t *nruns) {
  sqlite3_stmt *q = s->q[Q_COUNT];
  sqlite3_reset(q);
  int rc = sqlite3_step(q);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(q);
    return sql_fail(s, rc, "cannot count");
  }
  *nmethods = (uint64_t)sqlite3_column_int64(q, 0);
  *nruns = (uint64_t)sqlite3_column_int64(q, 1);
  sqlite3_reset(q);
  return PGO_OK;
}

/* --------------------------------------------------------------- iterator */

struct pgo_store_iter {
  pgo_store *s;
  sqlite3_stmt *q;
  st_scratch scr;
  pgo_method_profile v;
};

pgo_status pgo_store_iter_new(pgo_store *s, const char *name,
                              pgo_store_iter **out) {
  *out = NULL;
  pgo_store_iter *it = st_alloc(s->a, sizeof *it);
  if (!it)
    return PGO_ERR_NOMEM;
  memset(it, 0, sizeof *it);
  it->s = s;
  int rc = sqlite3_prepare_v2(
      s->db,
      name ? ST_SELECT " WHERE name = ?1 ORDER BY name, hash, il_size"
           : ST_SELECT " ORDER BY name, hash, il_size",
      -1, &it->q, NULL);
  if (rc) {
    st_free(s->a, it, sizeof *it);
    return sql_fail(s, rc, "cannot iterate");
  }
  if (name)
    sqlite3_bind_text(it->q, 1, name, -1, SQLITE_TRANSIENT);
  *out = it;
  return PGO_OK;
}

pgo_status pgo_store_iter_next(pgo_store_iter *it,
                               const pgo_method_profile **m) {
  *m = NULL;
  int rc = sqlite3_step(it->q);
  if (rc == SQLITE_DONE)
    return PGO_OK;
  if (rc != SQLITE_ROW)
    return sql_fail(it->s, rc, "cannot iterate");
  int64_t id;
  pgo_status st = read_key(it->s, it->q, &it->scr, &it->v, &id);
  if (!st)
    st = read_records(it->s, it->q, &it->scr, &it->v);
  if (!st)
    *m = &it->v;
  return st;
}

void pgo_store_iter_free(pgo_store_iter *it) {
  if (!it)
    return;
  sqlite3_finalize(it->q);
  st_scratch_free(it->s->a, &it->scr);
  st_free(it->s->a, it, sizeof *it);
}

/* --------------------------------------------------------------- writing */

/* Bind the record blobs of canonical m to parameters 4..9 of q. */
static pgo_status bind_records(pgo_store *s, sqlite3_stmt *q,
                               const pgo_method_profile *m) {
  for (int k = 0; k < ST_NKINDS; k++) {
    bool present;
    pgo_status st = st_encode(s->a, all_kinds[k], m, &s->buf[k], &present);
    if (st) {
      set_msg(s, "out of memory");
      return st;
    }
    if (present)
      sqlite3_bind_blob(q, 4 + k, s->buf[k].p, (int)s->buf[k].n,
                        SQLITE_STATIC);
    else
      sqlite3_bind_null(q, 4 + k);
  }
  return PGO_OK;
}

static pgo_status insert_method(pgo_store *s, const pgo_method_profile *m) {
  sqlite3_stmt *q = s->q[Q_INS_METHOD];
  pgo_status st = bind_records(s, q, m);
  if (st)
    return st;
  sqlite3_bind_text(q, 1, m->key.name, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 2, (int64_t)m->key.hash);
  sqlite3_bind_int64(q, 3, m->key.il_size);
  int rc = sqlite3_step(q);
  sqlite3_reset(q);
  return rc == SQLITE_DONE ? PGO_OK : sql_fail(s, rc, "cannot insert a method");
}

static pgo_status update_method(pgo_store *s, int64_t id,
                                const pgo_method_profile *m) {
  sqlite3_stmt *q = s->q[Q_UPD_METHOD];
  pgo_status st = bind_records(s, q, m);
  if (st)
    return st;
  sqlite3_bind_int64(q, 1, id);
  int rc = sqlite3_step(q);
  sqlite3_reset(q);
  return rc == SQLITE_DONE ? PGO_OK : sql_fail(s, rc, "cannot update a method");
}

/* Write canonical m: replace (put) or add w * m into the stored records. */
static pgo_status write_method(pgo_store *s, const pgo_method_profile *m,
                               uint64_t w, bool replace, bool fresh) {
  if (fresh && w == 1)
    return insert_method(s, m);
  sqlite3_stmt *q = s->q[Q_GET];
  pgo_status st = PGO_OK;
  int rc = SQLITE_DONE;
  if (!fresh) {
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, m->key.name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, (int64_t)m->key.hash);
    sqlite3_bind_int64(q, 3, m->key.il_size);
    rc = sqlite3_step(q);
  }
  if (rc == SQLITE_DONE && w == 1) {
    sqlite3_reset(q);
    return insert_method(s, m);
  }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    st = sql_fail(s, rc, "cannot look up a method");
    sqlite3_reset(q);
    return st;
  }
  /* Read-modify-write through tmp (owns its arrays; borrows m's name). */
  bool exists = rc == SQLITE_ROW;
  int64_t id = exists ? sqlite3_column_int64(q, 0) : 0;
  st_method *t = &s->tmp;
  t->v.key = m->key;
  if (exists && !replace) {
    pgo_method_profile old = {.key = m->key};
    st = read_records(s, q, &s->scr, &old);
    if (!st && st_method_merge(s->a, t, &old, 1, true, &s->sat))
      st = PGO_ERR_NOMEM;
  }
  sqlite3_reset(q);
  if (!st && st_method_merge(s->a, t, m, w, true, &s->sat))
    st = PGO_ERR_NOMEM;
  if (st == PGO_ERR_NOMEM)
    set_msg(s, "out of memory");
  if (!st)
    st = exists ? update_method(s, id, &t->v) : insert_method(s, &t->v);
  t->v.key.name = NULL;
  st_method_clear(s->a, t);
  return st;
}

static pgo_status one_method(pgo_store *s, const pgo_method_profile *m,
                             uint64_t w, bool replace) {
  if (w == 0) {
    set_msg(s, "weight 0 (must be >= 1)");
    return PGO_ERR_INVALID;
  }
  pgo_profile *p;
  pgo_status st = pgo_profile_new(s->a, &p);
  if (st)
    return st;
  st = pgo_profile_add(p, m, 1); /* validates and canonicalizes */
  if (st) {
    set_msg(s, "%s", pgo_profile_errmsg(p));
    pgo_profile_free(p);
    return st;
  }
  bool mine;
  if (!(st = auto_begin(s, &mine))) {
    st = write_method(s, pgo_profile_method(p, 0), w, replace, false);
    st = auto_end(s, mine, st);
  }
  pgo_profile_free(p);
  return st;
}

pgo_status pgo_store_put(pgo_store *s, const pgo_method_profile *m) {
  return one_method(s, m, 1, true);
}

pgo_status pgo_store_add(pgo_store *s, const pgo_method_profile *m,
                         uint64_t weight) {
  return one_method(s, m, weight, false);
}

static pgo_status insert_run(pgo_store *s, const pgo_run *r) {
  if (!pgo_source_name(r->source) || r->weight == 0) {
    set_msg(s, "bad run (source %d, weight %llu)", (int)r->source,
            (unsigned long long)r->weight);
    return PGO_ERR_RANGE;
  }
  sqlite3_stmt *q = s->q[Q_INS_RUN];
  sqlite3_bind_int(q, 1, r->source);
  /* Stored weights stay non-negative: saturate at 2^63-1. */
  sqlite3_bind_int64(q, 2, r->weight > INT64_MAX ? INT64_MAX
                                                 : (int64_t)r->weight);
  sqlite3_bind_int64(q, 3, r->time);
  sqlite3_bind_text(q, 4, r->program ? r->program : "", -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 5, r->tool ? r->tool : "", -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  sqlite3_reset(q);
  return rc == SQLITE_DONE ? PGO_OK : sql_fail(s, rc, "cannot add a run");
}

pgo_status pgo_store_add_run(pgo_store *s, const pgo_run *r) {
  bool mine;
  pgo_status st = auto_begin(s, &mine);
  if (st)
    return st;
  return auto_end(s, mine, insert_run(s, r));
}

pgo_status pgo_store_write(pgo_store *s, pgo_profile *p, uint64_t weight) {
  if (weight == 0) {
    set_msg(s, "weight 0 (must be >= 1)");
    return PGO_ERR_INVALID;
  }
  pgo_status st = pgo_profile_finish(p);
  if (st) {
    set_msg(s, "%s", pgo_profile_errmsg(p));
    return st;
  }
  bool mine;
  if ((st = auto_begin(s, &mine)))
    return st;
  uint64_t nm = 0, nr = 0;
  st = pgo_store_count(s, &nm, &nr);
  bool fresh = nm == 0;
  for (size_t i = 0; !st && i < pgo_profile_nruns(p); i++) {
    pgo_run r = *pgo_profile_run(p, i);
    r.weight = st_sat_mul(r.weight, weight, &s->sat);
    st = insert_run(s, &r);
  }
  for (size_t i = 0; !st && i < pgo_profile_nmethods(p); i++)
    st = write_method(s, pgo_profile_method(p, i), weight, false, fresh);
  return auto_end(s, mine, st);
}
