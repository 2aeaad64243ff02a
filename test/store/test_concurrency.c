#define _POSIX_C_SOURCE 200809L
/* test_concurrency.c -- several processes writing one store wait for each
 * other and lose nothing (including the race to create it); a writer
 * killed with SIGKILL in the middle of a transaction leaves the store as it
 * was, and the next writer proceeds.  Threads (store.h's thread rules):
 * threads with a handle each on one store -- writers and readers at once --
 * lose nothing and every read sees one committed state; threads share one
 * finished profile through its const functions. */
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include "store_test_util.h"

enum { NPROC = 4, NADD = 40 };

static int child_writer(const char *path, int who) {
  pgo_store *s;
  if (pgo_store_open(path, PGO_STORE_CREATE, NULL, &s)) {
    fprintf(stderr, "child %d: %s\n", who, pgo_store_errmsg(s));
    return 1;
  }
  pgo_count_rec b[] = {{0, 1}, {3, 2}};
  for (int i = 0; i < NADD; i++) {
    pgo_method_profile hot = {.key = {"hot", 7, 8}, .blocks = b,
                              .nblocks = 2};
    char name[32];
    snprintf(name, sizeof name, "own_%d_%d", who, i);
    pgo_method_profile own = {.key = {name, 1, 8}, .blocks = b, .nblocks = 1};
    /* two writes in one transaction: both or neither */
    if (pgo_store_begin(s) || pgo_store_add(s, &hot, 1) ||
        pgo_store_add(s, &own, 1) || pgo_store_commit(s)) {
      fprintf(stderr, "child %d: %s\n", who, pgo_store_errmsg(s));
      pgo_store_close(s);
      return 1;
    }
  }
  pgo_run r = {PGO_SOURCE_INSTRUMENTED, 1, who, "p", "t"};
  int rc = pgo_store_add_run(s, &r) != PGO_OK;
  pgo_store_close(s);
  return rc;
}

START_TEST(concurrent_writers_lose_nothing) {
  char path[256];
  tu_tmppath(path, sizeof path, ".db");
  pid_t pids[NPROC];
  for (int i = 0; i < NPROC; i++) {
    pids[i] = fork();
    ck_assert_int_ge(pids[i], 0);
    if (pids[i] == 0)
      _exit(child_writer(path, i));
  }
  for (int i = 0; i < NPROC; i++) {
    int status;
    ck_assert_int_eq(waitpid(pids[i], &status, 0), pids[i]);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "writer %d failed", i);
  }
  pgo_store *s;
  ck_assert_int_eq(pgo_store_open(path, PGO_STORE_READONLY, NULL, &s), PGO_OK);
  const pgo_method_profile *m;
  ck_assert_int_eq(pgo_store_lookup(s, "hot", 7, 8, &m), PGO_OK);
  ck_assert_uint_eq(m->nblocks, 2);
  ck_assert_uint_eq(m->blocks[0].count, NPROC * NADD);
  ck_assert_uint_eq(m->blocks[1].count, 2 * NPROC * NADD);
  uint64_t nm, nr;
  ck_assert_int_eq(pgo_store_count(s, &nm, &nr), PGO_OK);
  ck_assert_uint_eq(nm, 1 + NPROC * NADD);
  ck_assert_uint_eq(nr, NPROC);
  pgo_store_close(s);
  tu_unlink_db(path);
}
END_TEST

static pgo_profile *read_all(const char *path) {
  pgo_store *s;
  ck_assert_int_eq(pgo_store_open(path, PGO_STORE_READONLY, NULL, &s), PGO_OK);
  pgo_profile *p;
  ck_assert_int_eq(pgo_profile_new(NULL, &p), PGO_OK);
  ck_assert_msg(pgo_store_read(s, p, 1) == PGO_OK, "%s", pgo_store_errmsg(s));
  pgo_store_close(s);
  ck_assert_int_eq(pgo_profile_finish(p), PGO_OK);
  return p;
}

START_TEST(killed_writer_leaves_store_unchanged) {
  char path[256];
  tu_tmppath(path, sizeof path, ".db");
  pgo_profile *before = tu_profile(9, 50, 4, 6, 1000);
  pgo_store *s;
  ck_assert_int_eq(pgo_store_open(path, PGO_STORE_CREATE, NULL, &s), PGO_OK);
  ck_assert_int_eq(pgo_store_write(s, before, 1), PGO_OK);
  pgo_store_close(s);
  pgo_profile *want = read_all(path);

  int fds[2];
  ck_assert_int_eq(pipe(fds), 0);
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    pgo_store *w;
    if (pgo_store_open(path, 0, NULL, &w) || pgo_store_begin(w))
      _exit(1);
    pgo_count_rec b[64];
    for (int k = 0; k < 64; k++)
      b[k] = (pgo_count_rec){(uint32_t)k, 1000u + (uint64_t)k};
    /* Change existing methods and add new ones, forever, never
     * committing; tell the parent once plenty is written. */
    for (long i = 0;; i++) {
      const pgo_method_profile *m =
          pgo_profile_method(before, (size_t)i % pgo_profile_nmethods(before));
      if (pgo_store_add(w, m, 3))
        _exit(1);
      char name[32];
      snprintf(name, sizeof name, "new%ld", i);
      pgo_method_profile nm = {.key = {name, 1, 100}, .blocks = b,
                               .nblocks = 64};
      if (pgo_store_add(w, &nm, 1))
        _exit(1);
      if (i == 3000 && write(fds[1], "x", 1) != 1)
        _exit(1);
    }
  }
  close(fds[1]);
  char c;
  ck_assert_int_eq(read(fds[0], &c, 1), 1);
  ck_assert_int_eq(kill(pid, SIGKILL), 0);
  int status;
  ck_assert_int_eq(waitpid(pid, &status, 0), pid);
  ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  close(fds[0]);

  pgo_profile *after = read_all(path);
  ck_assert_msg(pgo_profile_equal(want, after),
                "killed transaction changed the store");
  /* the next writer is not blocked by the dead one */
  ck_assert_int_eq(pgo_store_open(path, 0, NULL, &s), PGO_OK);
  pgo_store_set_busy_timeout(s, 5000);
  pgo_count_rec b[] = {{0, 1}};
  pgo_method_profile m = {.key = {"after", 1, 2}, .blocks = b, .nblocks = 1};
  ck_assert_msg(pgo_store_add(s, &m, 1) == PGO_OK, "%s", pgo_store_errmsg(s));
  pgo_store_close(s);
  pgo_profile *final = read_all(path);
  ck_assert_uint_eq(pgo_profile_nmethods(final),
                    pgo_profile_nmethods(want) + 1);
  pgo_profile_free(before);
  pgo_profile_free(want);
  pgo_profile_free(after);
  pgo_profile_free(final);
  tu_unlink_db(path);
}
END_TEST

/* A busy store makes a short-timeout writer wait and then report BUSY,
 * never corrupt anything. */
START_TEST(busy_reports_busy) {
  char path[256];
  tu_tmppath(path, sizeof path, ".db");
  pgo_store *a, *b;
  ck_assert_int_eq(pgo_store_open(path, PGO_STORE_CREATE, NULL, &a), PGO_OK);
  ck_assert_int_eq(pgo_store_open(path, 0, NULL, &b), PGO_OK);
  pgo_store_set_busy_timeout(b, 100);
  ck_assert_int_eq(pgo_store_begin(a), PGO_OK);
  pgo_count_rec r[] = {{0, 1}};
  pgo_method_profile m = {.key = {"f", 1, 2}, .blocks = r, .nblocks = 1};
  ck_assert_int_eq(pgo_store_add(a, &m, 1), PGO_OK);
  ck_assert_int_eq(pgo_store_add(b, &m, 1), PGO_ERR_BUSY);
  ck_assert_int_eq(pgo_store_commit(a), PGO_OK);
  ck_assert_int_eq(pgo_store_add(b, &m, 1), PGO_OK);
  const pgo_method_profile *got;
  ck_assert_int_eq(pgo_store_lookup(a, "f", 1, 2, &got), PGO_OK);
  ck_assert_uint_eq(got->blocks[0].count, 2);
  pgo_store_close(a);
  pgo_store_close(b);
  tu_unlink_db(path);
}
END_TEST

/* ------------------------------------------------------------ threads */

enum { NWRITERS = 3, NREADERS = 3, NTXN = 30 };

typedef struct thr {
  const char *path;
  int who;
  const pgo_profile *shared; /* one finished profile, read by every thread */
  pgo_profile *own;          /* this thread's merge of shared */
  int reads;
  char err[600]; /* first failure; check's asserts stay in the main thread */
} thr;

static void *writer_thread(void *arg) {
  thr *t = arg;
  pgo_store *s;
  if (pgo_store_open(t->path, 0, NULL, &s)) {
    snprintf(t->err, sizeof t->err, "open: %s", pgo_store_errmsg(s));
    pgo_store_close(s);
    return NULL;
  }
  pgo_count_rec b[] = {{0, 1}, {3, 2}};
  for (int i = 0; i < NTXN && !t->err[0]; i++) {
    pgo_method_profile hot = {.key = {"hot", 7, 8}, .blocks = b,
                              .nblocks = 2};
    char name[32];
    snprintf(name, sizeof name, "own_%d_%d", t->who, i);
    pgo_method_profile own = {.key = {name, 1, 8}, .blocks = b, .nblocks = 1};
    if (pgo_store_begin(s) || pgo_store_add(s, &hot, 1) ||
        pgo_store_add(s, &own, 1) || pgo_store_commit(s))
      snprintf(t->err, sizeof t->err, "writer %d: %s", t->who,
               pgo_store_errmsg(s));
  }
  pgo_store_close(s);
  return NULL;
}

/* One snapshot is one committed state: n transactions in, hot's counts
 * are (n, 2n) and there are n own_* methods. */
static void check_snapshot(thr *t, const pgo_profile *p) {
  const pgo_method_profile *hot = pgo_profile_find(p, "hot", 7, 8);
  uint64_t n = pgo_profile_nmethods(p) - 1;
  if (!hot || hot->nblocks != 2 || hot->blocks[0].count != n ||
      hot->blocks[1].count != 2 * n)
    snprintf(t->err, sizeof t->err,
             "reader %d: a read mixes states (%llu own methods, hot %llu/%llu)",
             t->who, (unsigned long long)n,
             hot ? (unsigned long long)hot->blocks[0].count : 0ull,
             hot && hot->nblocks > 1 ? (unsigned long long)hot->blocks[1].count
                                     : 0ull);
}

static void *reader_thread(void *arg) {
  thr *t = arg;
  pgo_store *s;
  if (pgo_store_open(t->path, PGO_STORE_READONLY, NULL, &s)) {
    snprintf(t->err, sizeof t->err, "open: %s", pgo_store_errmsg(s));
    pgo_store_close(s);
    return NULL;
  }
  for (int i = 0; i < 40 && !t->err[0]; i++, t->reads++) {
    pgo_profile *p;
    if (pgo_profile_new(NULL, &p))
      break;
    if (pgo_store_read(s, p, 1) || pgo_profile_finish(p))
      snprintf(t->err, sizeof t->err, "reader %d: %s", t->who,
               pgo_store_errmsg(s));
    else
      check_snapshot(t, p);
    pgo_profile_free(p);
    const pgo_method_profile *m;
    pgo_status st = pgo_store_lookup(s, "hot", 7, 8, &m);
    if (st && st != PGO_ERR_NOT_FOUND)
      snprintf(t->err, sizeof t->err, "reader %d: look-up: %s", t->who,
               pgo_store_errmsg(s));
  }
  pgo_store_close(s);
  return NULL;
}

/* Every thread also merges the shared profile into its own, through
 * pgo_profile_merge's const source, and looks methods up in it. */
static void use_shared(thr *t) {
  if (pgo_profile_new(NULL, &t->own) ||
      pgo_profile_merge(t->own, t->shared, 1) ||
      pgo_profile_finish(t->own)) {
    snprintf(t->err, sizeof t->err, "thread %d: merge of the shared profile",
             t->who);
    return;
  }
  for (size_t i = 0; i < pgo_profile_nmethods(t->shared); i++) {
    const pgo_method_profile *m = pgo_profile_method(t->shared, i);
    if (pgo_profile_find(t->shared, m->key.name, m->key.hash,
                         m->key.il_size) != m)
      snprintf(t->err, sizeof t->err, "thread %d: find", t->who);
  }
}

static void *any_thread(void *arg) {
  thr *t = arg;
  use_shared(t);
  return t->who < NWRITERS ? writer_thread(t) : reader_thread(t);
}

START_TEST(threads_with_own_handles) {
  ck_assert_int_ne(sqlite3_threadsafe(), 0); /* store.h's precondition */
  char path[256];
  tu_tmppath(path, sizeof path, ".db");
  pgo_store *s;
  ck_assert_int_eq(pgo_store_open(path, PGO_STORE_CREATE, NULL, &s), PGO_OK);
  pgo_count_rec b0[] = {{0, 0}, {3, 0}};
  pgo_method_profile hot = {.key = {"hot", 7, 8}, .blocks = b0, .nblocks = 2};
  ck_assert_int_eq(pgo_store_put(s, &hot), PGO_OK);
  ck_assert_int_eq(pgo_store_close(s), PGO_OK);
  pgo_profile *shared = tu_profile(5, 20, 4, 6, 1000);
  thr t[NWRITERS + NREADERS];
  pthread_t tid[NWRITERS + NREADERS];
  for (int i = 0; i < NWRITERS + NREADERS; i++) {
    t[i] = (thr){.path = path, .who = i, .shared = shared};
    ck_assert_int_eq(pthread_create(&tid[i], NULL, any_thread, &t[i]), 0);
  }
  for (int i = 0; i < NWRITERS + NREADERS; i++)
    pthread_join(tid[i], NULL);
  int reads = 0;
  for (int i = 0; i < NWRITERS + NREADERS; i++) {
    ck_assert_msg(!t[i].err[0], "%s", t[i].err);
    ck_assert(pgo_profile_equal(t[i].own, shared));
    pgo_profile_free(t[i].own);
    reads += t[i].reads;
  }
  ck_assert_int_eq(reads, NREADERS * 40);
  pgo_profile *p;
  ck_assert_int_eq(pgo_profile_new(NULL, &p), PGO_OK);
  ck_assert_int_eq(pgo_store_open(path, PGO_STORE_READONLY, NULL, &s), PGO_OK);
  ck_assert_int_eq(pgo_store_read(s, p, 1), PGO_OK);
  ck_assert_int_eq(pgo_profile_finish(p), PGO_OK);
  ck_assert_uint_eq(pgo_profile_nmethods(p), 1 + NWRITERS * NTXN);
  const pgo_method_profile *h = pgo_profile_find(p, "hot", 7, 8);
  ck_assert_ptr_nonnull(h);
  ck_assert_uint_eq(h->blocks[0].count, NWRITERS * NTXN);
  ck_assert_uint_eq(h->blocks[1].count, 2 * NWRITERS * NTXN);
  pgo_store_close(s);
  pgo_profile_free(p);
  pgo_profile_free(shared);
  tu_unlink_db(path);
}
END_TEST

int main(void) {
  Suite *s = suite_create("store_concurrency");
  TCase *tc = tcase_create("concurrency");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, concurrent_writers_lose_nothing);
  tcase_add_test(tc, killed_writer_leaves_store_unchanged);
  tcase_add_test(tc, busy_reports_busy);
  tcase_add_test(tc, threads_with_own_handles);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
