#define _POSIX_C_SOURCE 200809L
/* test_iofault.c -- SQLite I/O fault injection (issue 8).
 *
 * A test-only VFS shim ("pgo-fault", registered with sqlite3_vfs_register
 * over the default VFS, reached through pgo_store_options.vfs) fails the
 * Nth call of one kind -- xOpen, xRead, xWrite, xTruncate, xSync, xLock,
 * xShmMap, xShmLock (lock requests only; unlocks never fail) -- once, every
 * other call passing through.  For each writing operation of store.h
 * (create + write, write into a fresh store, write merging into a store
 * with content, put, add, add_run, an explicit transaction of several
 * writes, and the same transaction by a caller who ignores the statuses of
 * the writes inside it), and each kind, N runs 1, 2, ... until the
 * operation completes without reaching an Nth call.  After each injected
 * failure:
 *   - the operation returned a non-OK status whose message names the file
 *     (or, when SQLite absorbed the error itself and the operation
 *     returned PGO_OK, the store holds the new content: counted apart);
 *   - the store opens again (through the default VFS, no faults);
 *   - PRAGMA integrity_check says ok;
 *   - its content (every method's records and every run, read through
 *     pgo_store_read and compared with pgo_profile_equal) equals exactly
 *     the content before the operation or the content a fault-free run of
 *     the operation leaves, never a mix.
 * The counts are printed ("fault injection: N failures injected, N
 * survived") and any failure not survived fails the test. */
#include <sqlite3.h>
#include <stddef.h>
#include <sys/stat.h>

#include "store_test_util.h"

/* ------------------------------------------------------------- the shim */

enum {
  F_OPEN,
  F_READ,
  F_WRITE,
  F_TRUNCATE,
  F_SYNC,
  F_LOCK,
  F_SHMMAP,
  F_SHMLOCK,
  F_N
};
static const char *const fault_name[F_N] = {
    "xOpen", "xRead", "xWrite", "xTruncate",
    "xSync", "xLock", "xShmMap", "xShmLock"};

typedef struct fault_state {
  bool armed;
  int kind;
  long calls, fail_at; /* fail the fail_at-th call of kind (from 1) */
  long injected;       /* in the current run (0 or 1) */
} fault_state;
static fault_state fi;

static bool fault(int kind) {
  if (!fi.armed || kind != fi.kind)
    return false;
  if (++fi.calls != fi.fail_at)
    return false;
  fi.injected++;
  return true;
}

typedef struct shim_file {
  sqlite3_file base;
  sqlite3_file *real; /* the default VFS's file, right after this struct */
} shim_file;

static sqlite3_vfs *base_vfs;
static sqlite3_vfs shim_vfs;

#define REAL(f) (((shim_file *)(f))->real)
#define RM(f) (REAL(f)->pMethods)

static int sh_close(sqlite3_file *f) { return RM(f)->xClose(REAL(f)); }
static int sh_read(sqlite3_file *f, void *b, int n, sqlite3_int64 off) {
  return fault(F_READ) ? SQLITE_IOERR_READ : RM(f)->xRead(REAL(f), b, n, off);
}
static int sh_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 off) {
  return fault(F_WRITE) ? SQLITE_IOERR_WRITE
                        : RM(f)->xWrite(REAL(f), b, n, off);
}
static int sh_truncate(sqlite3_file *f, sqlite3_int64 n) {
  return fault(F_TRUNCATE) ? SQLITE_IOERR_TRUNCATE
                           : RM(f)->xTruncate(REAL(f), n);
}
static int sh_sync(sqlite3_file *f, int flags) {
  return fault(F_SYNC) ? SQLITE_IOERR_FSYNC : RM(f)->xSync(REAL(f), flags);
}
static int sh_size(sqlite3_file *f, sqlite3_int64 *n) {
  return RM(f)->xFileSize(REAL(f), n);
}
static int sh_lock(sqlite3_file *f, int l) {
  return fault(F_LOCK) ? SQLITE_IOERR_LOCK : RM(f)->xLock(REAL(f), l);
}
static int sh_unlock(sqlite3_file *f, int l) {
  return RM(f)->xUnlock(REAL(f), l);
}
static int sh_reserved(sqlite3_file *f, int *out) {
  return RM(f)->xCheckReservedLock(REAL(f), out);
}
static int sh_fcntl(sqlite3_file *f, int op, void *arg) {
  return RM(f)->xFileControl(REAL(f), op, arg);
}
static int sh_sector(sqlite3_file *f) { return RM(f)->xSectorSize(REAL(f)); }
static int sh_devchar(sqlite3_file *f) {
  return RM(f)->xDeviceCharacteristics(REAL(f));
}
static int sh_shmmap(sqlite3_file *f, int pg, int sz, int ext,
                     void volatile **pp) {
  if (fault(F_SHMMAP))
    return SQLITE_IOERR_SHMMAP;
  return RM(f)->xShmMap(REAL(f), pg, sz, ext, pp);
}
static int sh_shmlock(sqlite3_file *f, int off, int n, int flags) {
  if ((flags & SQLITE_SHM_LOCK) && fault(F_SHMLOCK))
    return SQLITE_IOERR_SHMLOCK;
  return RM(f)->xShmLock(REAL(f), off, n, flags);
}
static void sh_shmbarrier(sqlite3_file *f) { RM(f)->xShmBarrier(REAL(f)); }
static int sh_shmunmap(sqlite3_file *f, int del) {
  return RM(f)->xShmUnmap(REAL(f), del);
}
static int sh_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp) {
  return RM(f)->xFetch(REAL(f), off, n, pp);
}
static int sh_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p) {
  return RM(f)->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods shim_io = {
    3,           sh_close,    sh_read,      sh_write,       sh_truncate,
    sh_sync,     sh_size,     sh_lock,      sh_unlock,      sh_reserved,
    sh_fcntl,    sh_sector,   sh_devchar,   sh_shmmap,      sh_shmlock,
    sh_shmbarrier, sh_shmunmap, sh_fetch,   sh_unfetch};

static int sh_open(sqlite3_vfs *v, const char *name, sqlite3_file *f,
                   int flags, int *out) {
  (void)v;
  shim_file *sf = (shim_file *)f;
  sf->real = (sqlite3_file *)(sf + 1);
  sf->base.pMethods = NULL;
  if (fault(F_OPEN))
    return SQLITE_CANTOPEN;
  sf->real->pMethods = NULL;
  int rc = base_vfs->xOpen(base_vfs, name, sf->real, flags, out);
  if (sf->real->pMethods) {
    /* every method of the default VFS's files is version 3 */
    ck_assert_int_ge(sf->real->pMethods->iVersion, 3);
    sf->base.pMethods = &shim_io;
  }
  return rc;
}

static void shim_register(void) {
  if (base_vfs)
    return;
  base_vfs = sqlite3_vfs_find(NULL);
  ck_assert_ptr_nonnull(base_vfs);
  shim_vfs = *base_vfs; /* the other methods ignore the vfs argument's
                           identity (the unix VFS reads mxPathname only) */
  shim_vfs.pNext = NULL;
  shim_vfs.zName = "pgo-fault";
  shim_vfs.szOsFile = (int)sizeof(shim_file) + base_vfs->szOsFile;
  shim_vfs.xOpen = sh_open;
  ck_assert_int_eq(sqlite3_vfs_register(&shim_vfs, 0), SQLITE_OK);
}

/* ------------------------------------------------------- the operations */

static char path[256];
static pgo_profile *A, *B; /* the profile written; the store's old content */

/* Open through the shim; the first non-OK status of the sequence wins and
 * its message is kept. */
typedef struct op_run {
  pgo_status st;
  char msg[600];
} op_run;

static void note(op_run *r, pgo_status st, const char *msg) {
  if (st && !r->st) {
    r->st = st;
    snprintf(r->msg, sizeof r->msg, "%s", msg);
  }
}

static pgo_store *shim_open(op_run *r, unsigned flags) {
  pgo_store_options o;
  pgo_store_options_init(&o);
  o.flags = flags;
  o.vfs = "pgo-fault";
  o.busy_timeout_ms = 100;
  pgo_store *s = NULL;
  pgo_status st = pgo_store_open_with(path, &o, &s);
  note(r, st, pgo_store_errmsg(s));
  if (st) {
    pgo_store_close(s);
    return NULL;
  }
  return s;
}

static long injected_in_close;

static void shim_close(op_run *r, pgo_store *s) {
  /* pgo_store_close's message lives on the handle it frees */
  long before = fi.injected;
  pgo_status st = pgo_store_close(s);
  injected_in_close += fi.injected - before;
  note(r, st, path);
}

/* A method of A (for put / add): A's second method, weight 3. */
static const pgo_method_profile *some_method(void) {
  return pgo_profile_method(A, 1);
}
static const pgo_run run1 = {PGO_SOURCE_SAMPLED, 5, 1234, "p", "t"};

static void op_create(op_run *r) {
  pgo_store *s = shim_open(r, PGO_STORE_CREATE);
  if (!s)
    return;
  note(r, pgo_store_write(s, A, 1), pgo_store_errmsg(s));
  shim_close(r, s);
}

static void op_write(op_run *r) { /* into a fresh or a filled store */
  pgo_store *s = shim_open(r, 0);
  if (!s)
    return;
  note(r, pgo_store_write(s, A, 2), pgo_store_errmsg(s));
  shim_close(r, s);
}

static void op_put(op_run *r) {
  pgo_store *s = shim_open(r, 0);
  if (!s)
    return;
  note(r, pgo_store_put(s, some_method()), pgo_store_errmsg(s));
  shim_close(r, s);
}

static void op_add(op_run *r) {
  pgo_store *s = shim_open(r, 0);
  if (!s)
    return;
  note(r, pgo_store_add(s, some_method(), 3), pgo_store_errmsg(s));
  shim_close(r, s);
}

static void op_add_run(op_run *r) {
  pgo_store *s = shim_open(r, 0);
  if (!s)
    return;
  note(r, pgo_store_add_run(s, &run1), pgo_store_errmsg(s));
  shim_close(r, s);
}

/* begin; add; add_run; put; write; commit -- stopping at the first error
 * (and rolling back) when careful, else ignoring every status until the
 * commit, as a careless caller would. */
static void txn(op_run *r, bool careful) {
  pgo_store *s = shim_open(r, 0);
  if (!s)
    return;
  pgo_status st = pgo_store_begin(s);
  note(r, st, pgo_store_errmsg(s));
  if (!st || !careful) {
    for (int step = 0; step < 4; step++) {
      switch (step) {
      case 0: st = pgo_store_add(s, some_method(), 2); break;
      case 1: st = pgo_store_add_run(s, &run1); break;
      case 2: st = pgo_store_put(s, pgo_profile_method(A, 0)); break;
      case 3: st = pgo_store_write(s, A, 1); break;
      }
      note(r, st, pgo_store_errmsg(s));
      if (st && careful)
        break;
    }
    if (st && careful)
      note(r, pgo_store_rollback(s), pgo_store_errmsg(s));
    else
      note(r, pgo_store_commit(s), pgo_store_errmsg(s));
  }
  shim_close(r, s);
}
static void op_txn(op_run *r) { txn(r, true); }
static void op_txn_careless(op_run *r) { txn(r, false); }

/* Initial states. */
enum { S_NONE, S_EMPTY, S_FILLED };

static void write_store(const pgo_profile *p) {
  pgo_store *s;
  ck_assert_int_eq(pgo_store_open(path, PGO_STORE_CREATE, NULL, &s), PGO_OK);
  if (p)
    ck_assert_int_eq(pgo_store_write(s, (pgo_profile *)p, 1), PGO_OK);
  ck_assert_int_eq(pgo_store_close(s), PGO_OK);
}

static void set_up_state(int state) {
  tu_unlink_db(path);
  if (state != S_NONE)
    write_store(state == S_FILLED ? B : NULL);
}

/* A scratch store (pgo-merge -o's temporary, renamed into place only on
 * success): no journal, so a failed write is not rolled back; the
 * guarantee is the status naming the file (the caller then deletes it). */
static void op_scratch(op_run *r) {
  pgo_store *s = shim_open(r, PGO_STORE_CREATE | PGO_STORE_SCRATCH);
  if (!s)
    return;
  note(r, pgo_store_write(s, A, 1), pgo_store_errmsg(s));
  shim_close(r, s);
}

typedef struct op {
  const char *name;
  int state;
  void (*run)(op_run *);
  bool scratch; /* no content guarantee after a failure */
} op;

static const op ops[] = {
    {"create+write", S_NONE, op_create, false},
    {"write (fresh store)", S_EMPTY, op_write, false},
    {"write (merge)", S_FILLED, op_write, false},
    {"put", S_FILLED, op_put, false},
    {"add", S_FILLED, op_add, false},
    {"add_run", S_FILLED, op_add_run, false},
    {"transaction", S_FILLED, op_txn, false},
    {"transaction, statuses ignored", S_FILLED, op_txn_careless, false},
    {"scratch create+write", S_NONE, op_scratch, true},
};
#define NOPS (sizeof ops / sizeof ops[0])

/* --------------------------------------------------------- the checks */

static bool file_exists(const char *p) {
  struct stat sb;
  return stat(p, &sb) == 0;
}

/* The store's content (NULL when the file is absent, i.e. never created),
 * through the default VFS; asserts it opens, reads and is intact. */
static pgo_profile *content(const char *what) {
  if (!file_exists(path))
    return NULL;
  pgo_store *s = NULL;
  /* a create that failed half-way may leave an empty database: CREATE
   * finishes it, as a retry would */
  pgo_status st = pgo_store_open(path, PGO_STORE_CREATE, NULL, &s);
  ck_assert_msg(st == PGO_OK, "%s: store does not open again: %s", what,
                pgo_store_errmsg(s));
  pgo_profile *p;
  ck_assert_int_eq(pgo_profile_new(NULL, &p), PGO_OK);
  st = pgo_store_read(s, p, 1);
  ck_assert_msg(st == PGO_OK, "%s: store does not read: %s", what,
                pgo_store_errmsg(s));
  ck_assert_int_eq(pgo_profile_finish(p), PGO_OK);
  ck_assert_int_eq(pgo_store_close(s), PGO_OK);
  sqlite3 *db;
  ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL),
                   SQLITE_OK);
  sqlite3_stmt *q;
  ck_assert_int_eq(
      sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL),
      SQLITE_OK);
  ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
  const char *ok = (const char *)sqlite3_column_text(q, 0);
  ck_assert_msg(ok && !strcmp(ok, "ok"), "%s: integrity_check: %s", what,
                ok ? ok : "?");
  ck_assert_int_eq(sqlite3_step(q), SQLITE_DONE);
  sqlite3_finalize(q);
  sqlite3_close(db);
  return p;
}

static bool same(const pgo_profile *x, const pgo_profile *y) {
  if (!x || !y) /* absent file == never created == empty */
    return (!x || (!pgo_profile_nmethods(x) && !pgo_profile_nruns(x))) &&
           (!y || (!pgo_profile_nmethods(y) && !pgo_profile_nruns(y)));
  return pgo_profile_equal(x, y);
}

/* Whether the store is in WAL journal mode (asked of SQLite, which reads
 * a WAL left by a failed checkpoint too): 1, 0, or -1 without a file. */
static int is_wal(void) {
  if (!file_exists(path))
    return -1;
  sqlite3 *db;
  sqlite3_stmt *q;
  int wal = -2; /* unreadable (a scratch store after a failure) */
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL) ==
          SQLITE_OK) {
    if (sqlite3_step(q) == SQLITE_ROW) {
      const char *m = (const char *)sqlite3_column_text(q, 0);
      wal = m && !strcmp(m, "wal");
    }
    sqlite3_finalize(q);
  }
  sqlite3_close(db);
  return wal;
}

typedef struct tally {
  long injected, failed_cleanly, absorbed, absorbed_in_close, survived;
  long per_kind[F_N];
} tally;

/* Run op o with the Nth call of kind failing, for N = 1, 2, ... until the
 * operation no longer reaches an Nth call. */
static void inject(const op *o, int kind, const pgo_profile *old,
                   const pgo_profile *new, tally *t) {
  for (long n = 1;; n++) {
    set_up_state(o->state);
    op_run r = {0};
    injected_in_close = 0;
    fi = (fault_state){.armed = true, .kind = kind, .fail_at = n};
    o->run(&r);
    fi.armed = false;
    int wal = is_wal();
    /* a store written without an error is a WAL store (the
     * concurrency rules of store.h rest on it) */
    ck_assert_msg(r.st || wal == 1 || (o->scratch && wal == 0),
                  "%s, %s #%ld: PGO_OK, not in WAL mode", o->name,
                  fault_name[kind], n);
    if (!fi.injected) {
      /* the fault-free end: the operation completed with the new content */
      ck_assert_msg(r.st == PGO_OK, "%s: %s", o->name, r.msg);
      pgo_profile *c = content(o->name);
      ck_assert_msg(same(c, new), "%s: fault-free run differs", o->name);
      pgo_profile_free(c);
      return;
    }
    char what[160];
    snprintf(what, sizeof what, "%s, %s #%ld failed", o->name,
             fault_name[kind], n);
    t->injected++;
    t->per_kind[kind]++;
    if (o->scratch && r.st) {
      ck_assert_msg(strstr(r.msg, path) != NULL,
                    "%s: %s: message does not name the file: %s", what,
                    pgo_status_name(r.st), r.msg);
      t->failed_cleanly++;
      t->survived++;
      continue;
    }
    pgo_profile *c = content(what);
    if (r.st) {
      ck_assert_msg(strstr(r.msg, path) != NULL,
                    "%s: %s: message does not name the file: %s", what,
                    pgo_status_name(r.st), r.msg);
      ck_assert_msg(same(c, old) || same(c, new),
                    "%s (%s: %s): content is neither old nor new", what,
                    pgo_status_name(r.st), r.msg);
      t->failed_cleanly++;
    } else {
      /* SQLite absorbed the error (e.g. retried); the write must be in */
      ck_assert_msg(same(c, new), "%s: PGO_OK but the content is not new",
                    what);
      t->absorbed++;
      t->absorbed_in_close += injected_in_close;
      if (getenv("PGO_IOFAULT_VERBOSE"))
        fprintf(stderr, "absorbed: %s%s wal=%d\n", what,
                injected_in_close ? " (in close)" : "", wal);
    }
    t->survived++;
    pgo_profile_free(c);
  }
}

START_TEST(every_write_under_io_faults) {
  shim_register();
  tu_tmppath(path, sizeof path, ".db");
  A = tu_profile(7, 6, 4, 6, 1000);
  B = tu_profile(8, 5, 4, 6, 1000);
  tally t = {0};
  for (size_t i = 0; i < NOPS; i++) {
    const op *o = &ops[i];
    /* old content, then a fault-free run for the new content */
    set_up_state(o->state);
    pgo_profile *old = content("initial state");
    op_run r = {0};
    o->run(&r);
    ck_assert_msg(r.st == PGO_OK, "%s without faults: %s", o->name, r.msg);
    pgo_profile *new = content(o->name);
    ck_assert_msg(!same(old, new), "%s changes nothing", o->name);
    long before = t.injected;
    for (int k = 0; k < F_N; k++)
      inject(o, k, old, new, &t);
    printf("fault injection: %-30s %4ld failures injected\n", o->name,
           t.injected - before);
    fflush(stdout);
    pgo_profile_free(old);
    pgo_profile_free(new);
  }
  printf("fault injection: by kind:");
  for (int k = 0; k < F_N; k++)
    printf(" %s %ld", fault_name[k], t.per_kind[k]);
  printf("\nfault injection: %ld failures injected, %ld survived (%ld "
         "returned an error naming the file, %ld absorbed by SQLite with the "
         "write complete, %ld of them in pgo_store_close's checkpoint)\n",
         t.injected, t.survived, t.failed_cleanly, t.absorbed,
         t.absorbed_in_close);
  fflush(stdout);
  ck_assert_int_gt(t.injected, 0);
  ck_assert_int_eq(t.survived, t.injected);
  tu_unlink_db(path);
  pgo_profile_free(A);
  pgo_profile_free(B);
}
END_TEST

/* All or nothing for the caller's transaction, without faults: a bad
 * argument leaves it usable; a write that fails after it began to write
 * (here: merging into a method whose stored records are corrupt) dooms it;
 * the store keeps what it held before begin. */
START_TEST(doomed_transaction) {
  tu_tmppath(path, sizeof path, ".db");
  pgo_profile *p = tu_profile(9, 4, 4, 6, 1000);
  write_store(p);
  const pgo_method_profile *m = pgo_profile_method(p, 0);
  sqlite3 *db;
  ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
  sqlite3_stmt *q;
  ck_assert_int_eq(sqlite3_prepare_v2(db,
                                      "UPDATE methods SET \"entry\" = x'ff' "
                                      "WHERE name = ?1",
                                      -1, &q, NULL),
                   SQLITE_OK);
  sqlite3_bind_text(q, 1, m->key.name, -1, SQLITE_STATIC);
  ck_assert_int_eq(sqlite3_step(q), SQLITE_DONE);
  sqlite3_finalize(q);
  sqlite3_close(db);
  pgo_store *s;
  ck_assert_int_eq(pgo_store_open(path, 0, NULL, &s), PGO_OK);
  uint64_t nm0, nr0, nm, nr;
  ck_assert_int_eq(pgo_store_count(s, &nm0, &nr0), PGO_OK);
  ck_assert_int_eq(pgo_store_begin(s), PGO_OK);
  pgo_run bad = {(pgo_source)99, 1, 0, "", ""};
  ck_assert_int_eq(pgo_store_add_run(s, &bad), PGO_ERR_RANGE);
  ck_assert_int_eq(pgo_store_add_run(s, &run1), PGO_OK); /* still usable */
  ck_assert_int_eq(pgo_store_add(s, m, 1), PGO_ERR_CORRUPT);
  ck_assert_int_eq(pgo_store_add_run(s, &run1), PGO_ERR_STATE);
  ck_assert_int_eq(pgo_store_commit(s), PGO_ERR_STATE);
  ck_assert_ptr_nonnull(strstr(pgo_store_errmsg(s), "rolled back"));
  ck_assert_int_eq(pgo_store_count(s, &nm, &nr), PGO_OK);
  ck_assert_uint_eq(nm, nm0);
  ck_assert_uint_eq(nr, nr0);
  /* and the handle is usable again */
  ck_assert_int_eq(pgo_store_add_run(s, &run1), PGO_OK);
  ck_assert_int_eq(pgo_store_count(s, &nm, &nr), PGO_OK);
  ck_assert_uint_eq(nr, nr0 + 1);
  /* rollback of a doomed transaction is PGO_OK */
  ck_assert_int_eq(pgo_store_begin(s), PGO_OK);
  ck_assert_int_eq(pgo_store_add(s, m, 1), PGO_ERR_CORRUPT);
  ck_assert_int_eq(pgo_store_rollback(s), PGO_OK);
  ck_assert_int_eq(pgo_store_close(s), PGO_OK);
  pgo_profile_free(p);
  tu_unlink_db(path);
}
END_TEST

/* Options growth: init writes only the caller's bytes; a struct_size below
 * the first version's is refused; a caller built against a newer header
 * (a larger struct) is served while the fields this library does not know
 * are zero, refused when one is set. */
START_TEST(options_struct_size) {
  char p[256];
  tu_tmppath(p, sizeof p, ".db");
  pgo_store_options o;
  pgo_store_options_init(&o);
  ck_assert_uint_eq(o.struct_size, sizeof o);
  ck_assert_int_eq(o.busy_timeout_ms, 60000);
  o.flags = PGO_STORE_CREATE;
  pgo_store *s = NULL;
  o.struct_size = offsetof(pgo_store_options, flags);
  ck_assert_int_eq(pgo_store_open_with(p, &o, &s), PGO_ERR_INVALID);
  ck_assert_ptr_null(s);
  struct {
    pgo_store_options o;
    unsigned char newer[64];
  } big;
  memset(big.newer, 0xa5, sizeof big.newer);
  pgo_store_options_init_sized(&big.o, sizeof big);
  ck_assert_uint_eq(big.o.struct_size, sizeof big);
  for (size_t i = 0; i < sizeof big.newer; i++)
    ck_assert_uint_eq(big.newer[i], 0); /* init zeroed the unknown tail */
  union {
    pgo_store_options o;
    unsigned char bytes[sizeof(pgo_store_options)];
  } old;
  memset(old.bytes, 0xa5, sizeof old.bytes);
  /* an "old" caller whose struct ends before flags: nothing past it */
  pgo_store_options_init_sized(&old.o, offsetof(pgo_store_options, flags));
  ck_assert_uint_eq(old.o.struct_size, offsetof(pgo_store_options, flags));
  ck_assert_uint_eq(old.bytes[offsetof(pgo_store_options, flags)], 0xa5);
  big.o.flags = PGO_STORE_CREATE;
  ck_assert_int_eq(pgo_store_open_with(p, &big.o, &s), PGO_OK);
  ck_assert_int_eq(pgo_store_close(s), PGO_OK);
  big.newer[3] = 1; /* a newer setting this library cannot honour */
  ck_assert_int_eq(pgo_store_open_with(p, &big.o, &s), PGO_ERR_INVALID);
  pgo_store_close(s);
  s = NULL;
  ck_assert_int_eq(pgo_store_open_with(p, NULL, &s), PGO_OK); /* defaults */
  ck_assert_int_eq(pgo_store_close(s), PGO_OK);
  tu_unlink_db(p);
}
END_TEST

/* The option itself: an unknown VFS name fails the open, naming it. */
START_TEST(unknown_vfs) {
  char p[256];
  tu_tmppath(p, sizeof p, ".db");
  pgo_store_options o;
  pgo_store_options_init(&o);
  o.flags = PGO_STORE_CREATE;
  o.vfs = "no-such-vfs";
  pgo_store *s = NULL;
  ck_assert_int_eq(pgo_store_open_with(p, &o, &s), PGO_ERR_IO);
  ck_assert_ptr_nonnull(strstr(pgo_store_errmsg(s), p));
  ck_assert_ptr_nonnull(strstr(pgo_store_errmsg(s), "no-such-vfs"));
  pgo_store_close(s);
  tu_unlink_db(p);
}
END_TEST

int main(void) {
  Suite *s = suite_create("store_iofault");
  TCase *tc = tcase_create("iofault");
  tcase_set_timeout(tc, 600);
  tcase_add_test(tc, every_write_under_io_faults);
  tcase_add_test(tc, unknown_vfs);
  tcase_add_test(tc, doomed_transaction);
  tcase_add_test(tc, options_struct_size);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int nf = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nf ? 1 : 0;
}
