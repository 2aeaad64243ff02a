/*
 * store.c -- the indexed profile store in SQLite (docs/store.md): handle,
 * open and schema validation, transactions.  Records go in and out through
 * store_io.c.
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
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store_db.h"

const int pgo__st_all_kinds[ST_NKINDS] = {
#define ST_X(name, id, key, text) id,
    PGO_RECORD_KIND_LIST(ST_X)
#undef ST_X
};

const char *const pgo__st_q_sql[Q_N] = {
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

void pgo__st_db_msg(pgo_store *s, const char *fmt, ...) {
  int n = snprintf(s->msg, sizeof s->msg, "%s: ", s->path ? s->path : "?");
  if (n < 0 || (size_t)n >= sizeof s->msg)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(s->msg + n, sizeof s->msg - (size_t)n, fmt, ap);
  va_end(ap);
  pgo__st_msg_sanitize(s->msg);
}

/* Translate an SQLite result code at the boundary, keeping its text. */
pgo_status pgo__st_db_fail(pgo_store *s, int rc, const char *what) {
  int prim = rc & 0xff;
  pgo__st_db_msg(s, "%s: %s", what, s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
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

/* An open that failed.  SQLite's "file is not a database" says nothing of
 * what the file is; when it is a YAML profile or LLVM IR (given where a
 * store is expected, e.g. pgo-merge --into), say so instead. */
static pgo_status open_fail(pgo_store *s, int rc) {
  pgo_status st = pgo__st_db_fail(s, rc, "cannot open");
  FILE *f = (rc & 0xff) == SQLITE_NOTADB && s->path ? fopen(s->path, "rb")
                                                     : NULL;
  if (!f)
    return st;
  char b[4097];
  size_t n = fread(b, 1, sizeof b - 1, f);
  fclose(f);
  b[n] = 0;
  const char *what = NULL;
  if (n >= 4 && (!memcmp(b, "BC\xC0\xDE", 4) || !memcmp(b, "\xDE\xC0\x17\x0B", 4)))
    what = "LLVM bitcode";
  else if (memchr(b, 0, n))
    what = NULL; /* binary: SQLite's word stands */
  else if (strstr(b, "pgo-profile"))
    what = "a YAML profile";
  else if (b[strspn(b, " \t\r\n")] == ';' || strstr(b, "\ndefine ") ||
           !strncmp(b, "define ", 7) || strstr(b, "source_filename"))
    what = "LLVM IR";
  if (what)
    pgo__st_db_msg(s, "not a pgo profile store (looks like %s)", what);
  return st;
}

int pgo__st_db_exec(pgo_store *s, const char *sql) {
  return sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

/* Retry a statement that may meet SQLITE_BUSY although the busy handler is
 * set (e.g. while another connection recovers the WAL). */
int pgo__st_db_exec_retry(pgo_store *s, const char *sql) {
  int rc;
  for (int waited = 0;; waited += 10) {
    rc = pgo__st_db_exec(s, sql);
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
  int rc = pgo__st_db_exec(s, schema_sql);
  if (rc)
    return rc;
  char sql[256];
#define ST_X(name, id, key, text)                                             \
  snprintf(sql, sizeof sql, "INSERT INTO kinds VALUES(%d, '%s', '%s')", id,   \
           key, text);                                                        \
  if ((rc = pgo__st_db_exec(s, sql)))                                                    \
    return rc;
  PGO_RECORD_KIND_LIST(ST_X)
#undef ST_X
  snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
           PGO_STORE_APPLICATION_ID, PGO_STORE_SCHEMA_VERSION);
  return pgo__st_db_exec(s, sql);
}

/* Check application id, version and the table shape. */
static pgo_status check_schema(pgo_store *s, bool may_create) {
  /* The three reads form one snapshot (one read transaction): read one by
   * one, a writer creating the store between them could be seen half-way
   * -- tables there but application_id still 0 -- and the new store taken
   * for a foreign database (found by the concurrent --into test). */
  int rc = pgo__st_db_exec_retry(s, "BEGIN");
  if (rc)
    return pgo__st_db_fail(s, rc, "cannot read the store header");
  int64_t app = pragma_int(s, "PRAGMA application_id", &rc);
  int64_t ver = rc ? 0 : pragma_int(s, "PRAGMA user_version", &rc);
  int64_t ntab =
      rc ? 0 : pragma_int(s, "SELECT count(*) FROM sqlite_schema", &rc);
  if (rc) {
    pgo_status st = pgo__st_db_fail(s, rc, "cannot read the store header");
    pgo__st_db_exec(s, "ROLLBACK");
    return st;
  }
  if ((rc = pgo__st_db_exec(s, "COMMIT")))
    return pgo__st_db_fail(s, rc, "cannot read the store header");
  if (app == 0 && ver == 0 && ntab == 0) {
    if (!may_create) {
      pgo__st_db_msg(s, "empty database, not a pgo profile store");
      return PGO_ERR_SCHEMA;
    }
    if ((rc = pgo__st_db_exec_retry(s, "BEGIN IMMEDIATE")))
      return pgo__st_db_fail(s, rc, "cannot lock the new store");
    /* Another process may have created it meanwhile. */
    ntab = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &rc);
    if (!rc && ntab == 0)
      rc = create_schema(s);
    if (rc) {
      pgo_status st = pgo__st_db_fail(s, rc, "cannot create the schema");
      pgo__st_db_exec(s, "ROLLBACK");
      return st;
    }
    if ((rc = pgo__st_db_exec(s, "COMMIT"))) {
      pgo_status st = pgo__st_db_fail(s, rc, "cannot create the schema");
      pgo__st_db_exec(s, "ROLLBACK");
      return st;
    }
    app = pragma_int(s, "PRAGMA application_id", &rc);
    ver = pragma_int(s, "PRAGMA user_version", &rc);
  }
  if (app != PGO_STORE_APPLICATION_ID) {
    pgo__st_db_msg(s, "not a pgo profile store (application_id 0x%llx, expected "
               "0x%x)", (unsigned long long)app, PGO_STORE_APPLICATION_ID);
    return PGO_ERR_SCHEMA;
  }
  if (ver > PGO_STORE_SCHEMA_VERSION) {
    pgo__st_db_msg(s, "schema version %lld is newer than this build's %d",
            (long long)ver, PGO_STORE_SCHEMA_VERSION);
    return PGO_ERR_SCHEMA;
  }
  if (ver < 1) {
    pgo__st_db_msg(s, "unsupported schema version %lld", (long long)ver);
    return PGO_ERR_SCHEMA;
  }
  /* The exact column set: a column of an unknown record kind (or a missing
   * one) means another schema. */
  {
    sqlite3_stmt *ti;
    rc = sqlite3_prepare_v2(s->db, "PRAGMA table_info(methods)", -1, &ti,
                            NULL);
    if (rc)
      return pgo__st_db_fail(s, rc, "cannot read the schema");
    int ncol = 0;
    pgo_status st = PGO_OK;
    while (!st && (rc = sqlite3_step(ti)) == SQLITE_ROW) {
      const char *col = (const char *)sqlite3_column_text(ti, 1);
      bool known = col && (!strcmp(col, "id") || !strcmp(col, "name") ||
                           !strcmp(col, "hash") || !strcmp(col, "il_size"));
      for (int k = 0; k < ST_NKINDS && col && !known; k++)
        known = !strcmp(col, pgo_record_kind_name(pgo__st_all_kinds[k]));
      if (!known) {
        pgo__st_db_msg(s, "unknown record kind column '%s' in methods",
                col ? col : "?");
        st = PGO_ERR_SCHEMA;
      }
      ncol++;
    }
    sqlite3_finalize(ti);
    if (st)
      return st;
    if (ncol != ST_KCOL + ST_NKINDS) {
      pgo__st_db_msg(s, "store schema mismatch: methods has %d columns, expected %d",
              ncol, ST_KCOL + ST_NKINDS);
      return PGO_ERR_SCHEMA;
    }
  }
  for (int i = 0; i < Q_N; i++) {
    rc = sqlite3_prepare_v3(s->db, pgo__st_q_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                            &s->q[i], NULL);
    if (rc) {
      pgo_status st = pgo__st_db_fail(s, rc, "store schema mismatch");
      return st == PGO_ERR_IO ? PGO_ERR_SCHEMA : st;
    }
  }
  return PGO_OK;
}

/* A WAL store needs its -shm file to be read: in a directory this process
 * cannot write (an installed profile, a read-only mount) with no -shm
 * there, SQLite refuses even to read ("attempt to write a readonly
 * database").  Such a store is then opened immutable, read-only, which
 * needs no -shm -- but only when it has no -wal: a -wal means a writer
 * (with other rights) may be active, and its commits must not be missed.
 * Returns the SQLite code of the probe or of the reopen. */
static int reopen_immutable_if_needed(pgo_store *s) {
  int rc;
  pragma_int(s, "PRAGMA application_id", &rc);
  int prim = rc & 0xff;
  if (prim != SQLITE_READONLY && prim != SQLITE_CANTOPEN)
    return SQLITE_OK; /* readable, or an error check_schema will report */
  char side[4096];
  struct stat sb;
  if (snprintf(side, sizeof side, "%s-wal", s->path) >= (int)sizeof side ||
      stat(side, &sb) == 0)
    return rc;
  /* file: URI of the path, with the characters URIs reserve escaped. */
  size_t n = strlen(s->path);
  char *uri = pgo__st_alloc(s->a, 3 * n + 32);
  if (!uri)
    return SQLITE_NOMEM;
  char *o = uri + sprintf(uri, "file:");
  for (const char *c = s->path; *c; c++)
    o += (*c == '%' || *c == '?' || *c == '#')
             ? sprintf(o, "%%%02X", (unsigned char)*c)
             : sprintf(o, "%c", *c);
  sprintf(o, "?immutable=1");
  for (int i = 0; i < Q_N; i++)
    sqlite3_finalize(s->q[i]), s->q[i] = NULL;
  sqlite3_close_v2(s->db);
  s->db = NULL;
  rc = sqlite3_open_v2(uri, &s->db,
                       SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
                           SQLITE_OPEN_NOMUTEX,
                       s->vfs);
  pgo__st_free(s->a, uri, 3 * n + 32);
  if (rc)
    return rc;
  sqlite3_extended_result_codes(s->db, 1);
  sqlite3_busy_timeout(s->db, s->busy_ms);
  return pgo__st_db_exec(s, "PRAGMA cell_size_check = ON; PRAGMA query_only = 1;"
                       " PRAGMA mmap_size = 0");
}

static void options_defaults(pgo_store_options *o) {
  memset(o, 0, sizeof *o);
  o->struct_size = sizeof *o;
  o->busy_timeout_ms = 60000;
}

void pgo_store_options_init_sized(pgo_store_options *o, size_t struct_size) {
  if (!o || struct_size < sizeof o->struct_size)
    return;
  pgo_store_options d;
  options_defaults(&d);
  /* Only the caller's bytes: a struct from an older header is smaller. */
  size_t n = struct_size < sizeof d ? struct_size : sizeof d;
  memcpy(o, &d, n);
  if (struct_size > sizeof d)
    memset((char *)o + sizeof d, 0, struct_size - sizeof d);
  o->struct_size = struct_size;
}

/* The caller's options, read up to its struct_size, over the defaults. */
static bool read_options(const pgo_store_options *o, pgo_store_options *out) {
  options_defaults(out);
  if (!o)
    return true;
  if (o->struct_size < PGO_STORE_OPTIONS_SIZE_V1)
    return false;
  if (o->struct_size > sizeof *out) {
    /* Built against a newer header: fine while it left the fields this
     * library does not know at zero. */
    const unsigned char *extra = (const unsigned char *)o + sizeof *out;
    for (size_t i = 0; i < o->struct_size - sizeof *out; i++)
      if (extra[i])
        return false;
  }
  out->flags = o->flags;
  out->alloc = o->alloc;
  out->vfs = o->vfs;
  out->busy_timeout_ms = o->busy_timeout_ms;
  return true;
}

/* PRAGMA journal_mode = WAL, waiting out SQLITE_BUSY; *wal: whether the
 * pragma reports WAL afterwards. */
static int set_wal(pgo_store *s, bool *wal) {
  sqlite3_stmt *st = NULL;
  *wal = false;
  int rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st,
                              NULL);
  for (int waited = 0; !rc;) {
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
      const char *mode =
          rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
      *wal = mode && !strcmp(mode, "wal");
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
  return rc;
}

pgo_status pgo_store_open(const char *path, unsigned flags,
                          const pgo_allocator *alloc, pgo_store **out) {
  pgo_store_options o;
  pgo_store_options_init(&o);
  o.flags = flags;
  o.alloc = alloc;
  return pgo_store_open_with(path, &o, out);
}

pgo_status pgo_store_open_with(const char *path, const pgo_store_options *opt,
                               pgo_store **out) {
  pgo_store_options o;
  if (!out || !path)
    return PGO_ERR_INVALID;
  *out = NULL;
  if (!read_options(opt, &o))
    return PGO_ERR_INVALID;
  const pgo_allocator *alloc = o.alloc ? o.alloc : pgo_default_allocator();
  unsigned flags = o.flags;
  pgo_store *s = pgo__st_alloc(alloc, sizeof *s);
  if (!s)
    return PGO_ERR_NOMEM;
  memset(s, 0, sizeof *s);
  s->a = alloc;
  s->flags = flags;
  s->busy_ms = o.busy_timeout_ms;
  s->path = pgo__st_strndup(alloc, path, strlen(path));
  s->vfs = o.vfs ? pgo__st_strndup(alloc, o.vfs, strlen(o.vfs)) : NULL;
  if (!s->path || (o.vfs && !s->vfs)) {
    pgo__st_strfree(alloc, s->path);
    pgo__st_strfree(alloc, s->vfs);
    pgo__st_free(alloc, s, sizeof *s);
    return PGO_ERR_NOMEM;
  }
  *out = s;
  bool ro = flags & PGO_STORE_READONLY;
  if (ro && (flags & (PGO_STORE_CREATE | PGO_STORE_SCRATCH))) {
    pgo__st_db_msg(s, "read-only and create/scratch flags together");
    return PGO_ERR_INVALID;
  }
  /* Read-only handles still open the file read-write (SQLite falls back to
   * read-only when the OS says so) with query_only set: a read-only
   * connection cannot delete a WAL store's -wal/-shm files at close, and
   * readers would litter every input with them. */
  int oflags = SQLITE_OPEN_READWRITE |
               (flags & PGO_STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
  oflags |= SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path, &s->db, oflags, s->vfs);
  if (rc)
    return open_fail(s, rc);
  sqlite3_extended_result_codes(s->db, 1);
  sqlite3_busy_timeout(s->db, s->busy_ms);
  /* A file that is not SQLite shows up at the first read.  cell_size_check
   * validates every b-tree page as it is loaded: without it a corrupt index
   * page made look-ups return "not found" for methods a full scan lists
   * (found by fuzz_store); it costs ~1 % of a merge's instructions and
   * ~1 us per look-up. */
  if ((rc = pgo__st_db_exec(s, "PRAGMA cell_size_check = ON")))
    return open_fail(s, rc);
  if (ro) {
    /* No mmap: with cell_size_check every page taken from the mapping is
     * re-validated at each transaction (look-ups tripled to 10 us), while
     * the page cache validates a page once; whole-store reads were no
     * faster mapped either (1.55 G cycles read, 1.7 G mapped). */
    rc = pgo__st_db_exec(s, "PRAGMA query_only = 1; PRAGMA mmap_size = 0");
  } else if (flags & PGO_STORE_SCRATCH) {
    /* page_size applies only if the file is new (empty). */
    rc = pgo__st_db_exec(s, "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF;"
                 "PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;"
                 "PRAGMA locking_mode = EXCLUSIVE");
  } else {
    bool wal;
    rc = set_wal(s, &wal);
    if (!rc)
      rc = pgo__st_db_exec(s, "PRAGMA synchronous = NORMAL");
  }
  if (!rc && ro)
    rc = reopen_immutable_if_needed(s);
  if (rc)
    return open_fail(s, rc);
  pgo_status st = check_schema(s, flags & PGO_STORE_CREATE);
  if (st || ro || (flags & PGO_STORE_SCRATCH))
    return st;
  /* A new (empty) file takes its journal mode with its first transaction,
   * the schema's: when that one failed and check_schema's retry succeeded,
   * the store was left in rollback-journal mode without a word (found by
   * test_iofault: one failed xRead, xWrite or xSync while creating, and
   * pgo_store_open returned PGO_OK).  Make sure. */
  bool wal;
  if ((rc = set_wal(s, &wal)))
    return open_fail(s, rc);
  if (!wal) {
    pgo__st_db_msg(s, "cannot switch the store to WAL journal mode");
    return PGO_ERR_IO;
  }
  return PGO_OK;
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
      pgo__st_db_exec(s, "ROLLBACK");
    if ((s->flags & PGO_STORE_SCRATCH) && s->q[Q_FIND]) {
      /* Leave the file a normal WAL store, then make it durable. */
      int rc = pgo__st_db_exec(s, "PRAGMA locking_mode = NORMAL; "
                       "PRAGMA journal_mode = DELETE");
      if (!rc)
        rc = pgo__st_db_exec(s, "PRAGMA journal_mode = WAL");
      if (rc)
        st = pgo__st_db_fail(s, rc, "cannot finish the store");
    }
    sqlite3_close_v2(s->db);
    if ((s->flags & PGO_STORE_SCRATCH) && !st) {
      int fd = open(s->path, O_RDONLY);
      if (fd < 0 || fsync(fd)) {
        pgo__st_db_msg(s, "cannot sync the store");
        st = PGO_ERR_IO;
      }
      if (fd >= 0)
        close(fd);
    }
  }
  pgo__st_scratch_free(a, &s->scr);
  for (int k = 0; k < ST_NKINDS; k++)
    pgo__st_buf_free(a, &s->buf[k]);
  pgo__st_method_clear(a, &s->tmp);
  pgo__st_strfree(a, s->path);
  pgo__st_strfree(a, s->vfs);
  pgo__st_free(a, s, sizeof *s);
  return st;
}

/* ------------------------------------------------------- replacing a file */

/* Whether path's -wal or -journal exists.  After our own connection closed
 * as the last one, SQLite has deleted both: one still there means another
 * connection (a live writer or reader) has the file open. */
static bool has_log(const char *path, char *buf, size_t n) {
  struct stat sb;
  snprintf(buf, n, "%s-wal", path);
  if (stat(buf, &sb) == 0)
    return true;
  snprintf(buf, n, "%s-journal", path);
  return stat(buf, &sb) == 0;
}

pgo_status pgo_store_retire_log(const char *path, char *msg, size_t msglen) {
  char side[4096];
  if (!path || strlen(path) + 16 > sizeof side) {
    snprintf(msg, msglen, "%s: path too long", path ? path : "?");
    return PGO_ERR_INVALID;
  }
  if (!has_log(path, side, sizeof side))
    return PGO_OK;
  /* Open the old file as the log's owner would: reading rolls a hot journal
   * back and recovers the WAL; the checkpoint copies the WAL into the old
   * file; closing the last connection deletes it.  Wait briefly only: a
   * writer holding the old file for long is reported, not waited for. */
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (!rc) {
    sqlite3_busy_timeout(db, 2000);
    rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", NULL, NULL,
                      NULL);
  }
  if (!rc)
    rc = sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
                      NULL);
  if (rc) {
    snprintf(msg, msglen,
             "%s: cannot retire the old file's SQLite log %s: %s", path, side,
             db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    pgo__st_msg_sanitize(msg);
    sqlite3_close(db);
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return PGO_ERR_BUSY;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return PGO_ERR_CORRUPT;
    default:
      return PGO_ERR_IO;
    }
  }
  sqlite3_close(db);
  if (has_log(path, side, sizeof side)) {
    snprintf(msg, msglen,
             "%s: in use by another process (its SQLite log %s is live); "
             "add to it with --into, or retry when it is closed",
             path, side);
    pgo__st_msg_sanitize(msg);
    return PGO_ERR_BUSY;
  }
  return PGO_OK;
}

/* ------------------------------------------------------------ transactions */

/* All or nothing for the caller's transaction.  A write that fails inside
 * it may have changed part of what it was to write (pgo_store_write stops
 * after some methods), and SQLite rolls the whole transaction back by
 * itself after some errors (I/O, full disk), after which later statements
 * would each commit on their own: either way committing what is left would
 * store a mix.  So the first failed write dooms the transaction: later
 * writes fail with PGO_ERR_STATE and commit rolls back (found by the
 * careless-caller case of test_iofault, whose writes after an injected
 * xRead failure were committed one by one). */
static bool txn_doomed(pgo_store *s) {
  if (s->in_txn && !s->txn_failed && sqlite3_get_autocommit(s->db))
    s->txn_failed = true; /* SQLite already rolled it back */
  return s->in_txn && s->txn_failed;
}

pgo_status pgo_store_begin(pgo_store *s) {
  if (s->in_txn) {
    pgo__st_db_msg(s, "transaction already open");
    return PGO_ERR_STATE;
  }
  int rc = pgo__st_db_exec_retry(s, s->flags & PGO_STORE_READONLY ? "BEGIN"
                                                       : "BEGIN IMMEDIATE");
  if (rc)
    return pgo__st_db_fail(s, rc, "cannot begin a transaction");
  s->in_txn = true;
  s->txn_failed = false;
  return PGO_OK;
}

pgo_status pgo_store_commit(pgo_store *s) {
  if (!s->in_txn) {
    pgo__st_db_msg(s, "no transaction open");
    return PGO_ERR_STATE;
  }
  if (txn_doomed(s)) {
    pgo__st_db_exec(s, "ROLLBACK");
    s->in_txn = s->txn_failed = false;
    pgo__st_db_msg(s, "transaction rolled back: a write inside it failed");
    return PGO_ERR_STATE;
  }
  int rc = pgo__st_db_exec_retry(s, "COMMIT");
  if (rc) {
    pgo_status st = pgo__st_db_fail(s, rc, "cannot commit");
    pgo__st_db_exec(s, "ROLLBACK");
    s->in_txn = false;
    return st;
  }
  s->in_txn = false;
  return PGO_OK;
}

pgo_status pgo_store_rollback(pgo_store *s) {
  if (!s->in_txn)
    return PGO_OK;
  s->in_txn = s->txn_failed = false;
  if (sqlite3_get_autocommit(s->db))
    return PGO_OK; /* SQLite rolled it back already */
  int rc = pgo__st_db_exec(s, "ROLLBACK");
  return rc ? pgo__st_db_fail(s, rc, "cannot roll back") : PGO_OK;
}

/* Wrap a write in its own transaction unless the caller holds one. */
pgo_status pgo__st_db_begin(pgo_store *s, bool *mine) {
  *mine = false;
  if (s->flags & PGO_STORE_READONLY) {
    pgo__st_db_msg(s, "store opened read-only");
    return PGO_ERR_STATE;
  }
  if (txn_doomed(s)) {
    pgo__st_db_msg(s, "a write in this transaction failed: roll it back");
    return PGO_ERR_STATE;
  }
  if (s->in_txn)
    return PGO_OK;
  pgo_status st = pgo_store_begin(s);
  *mine = !st;
  return st;
}

pgo_status pgo__st_db_end(pgo_store *s, bool mine, pgo_status st) {
  if (!mine) {
    if (st && s->in_txn)
      s->txn_failed = true;
    return st;
  }
  if (st) {
    pgo_store_rollback(s);
    return st;
  }
  return pgo_store_commit(s);
}

