/*
 * pgo-merge -- merge profile stores and YAML profiles into one store
 * (docs/store.md, "pgo-merge").
 *
 *   pgo-merge -o OUT [--weighted-input=W,FILE]... [-f LIST] [INPUT]...
 *   pgo-merge --into DB ...
 *
 * Semantics are lib/store's (counts add with weights, saturating with a
 * warning; histograms folded to capacity once, after all inputs, so the
 * result does not depend on input order; same name + other hash kept
 * apart).  Inputs are read by --jobs worker threads, each into its own
 * accumulator (memory ~ jobs x merged size, independent of the number of
 * inputs); the accumulators are merged at the end.  A new OUT is written to
 * a temporary file in OUT's directory, synced and renamed into place, so a
 * failed merge leaves no OUT and never touches the inputs; --into adds to
 * an existing store in one transaction, so concurrent writers serialize
 * and lose nothing.  Bad input: one line naming the file on stderr, exit
 * status 2, nothing written (--failure-mode all: bad inputs are skipped
 * with a warning unless every input is bad).
 */
#define _GNU_SOURCE /* getline, mkstemp, fdopen, O_DIRECTORY */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pgo/store.h"

enum { EXIT_OK = 0, EXIT_BAD = 2 };

typedef struct input {
  char *path;
  uint64_t weight;
  char err[600];   /* set when reading failed */
  pgo_status st;
} input;

typedef struct job {
  input *in;
  size_t nin;
  atomic_size_t next;
  atomic_size_t done;
  atomic_bool abort;
  bool fail_any;
} job;

typedef struct worker {
  job *j;
  pgo_profile *acc;
  pthread_t tid;
  pgo_status st; /* out of memory in the accumulator itself */
} worker;

static void usage(FILE *out) {
  fputs(
      "usage: pgo-merge -o OUT [options] [--weighted-input=W,FILE]... "
      "[-f LIST] [INPUT]...\n"
      "       pgo-merge --into DB [options] INPUT...\n"
      "\n"
      "Merge profile stores and YAML profiles (docs/store.md).\n"
      "\n"
      "  -o, --output OUT         write a new store (or YAML if OUT ends in\n"
      "                           .yaml/.yml) via a temporary file + rename\n"
      "      --into DB            add into DB in place, in one transaction\n"
      "                           (created if absent)\n"
      "  -w, --weighted-input=W,FILE   input with integer weight W >= 1\n"
      "  -f, --input-files LIST   file listing inputs, one [W,]FILE per line\n"
      "      --sparse             drop zero records and empty methods\n"
      "      --failure-mode any|all   fail if any input is bad (default), or\n"
      "                           only if all are (bad ones skipped)\n"
      "  -j, --jobs N             reader threads (default: CPUs, <= inputs)\n"
      "      --output-format store|yaml   override the OUT suffix rule\n"
      "  -h, --help               this help\n"
      "  -V, --version            print the version and exit\n"
      "\n"
      "Exit status: 0 merged (warnings possible), 2 bad input or usage.\n",
      out);
}

static bool is_yaml_name(const char *p) {
  size_t n = strlen(p);
  return (n > 5 && !strcmp(p + n - 5, ".yaml")) ||
         (n > 4 && !strcmp(p + n - 4, ".yml"));
}

static bool parse_weight(const char *s, size_t len, uint64_t *w) {
  if (len == 0 || len > 19)
    return false;
  uint64_t v = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    v = v * 10 + (uint64_t)(s[i] - '0');
  }
  if (v == 0)
    return false;
  *w = v;
  return true;
}

typedef struct inputs {
  input *v;
  size_t n, cap;
} inputs;

static int add_input(inputs *in, const char *path, uint64_t w) {
  if (in->n == in->cap) {
    size_t nc = in->cap ? in->cap * 2 : 16;
    input *nv = realloc(in->v, nc * sizeof *nv);
    if (!nv)
      return -1;
    in->v = nv;
    in->cap = nc;
  }
  input *x = &in->v[in->n++];
  memset(x, 0, sizeof *x);
  x->path = strdup(path);
  x->weight = w;
  return x->path ? 0 : -1;
}

static int add_weighted(inputs *in, const char *arg, const char *where) {
  const char *comma = strchr(arg, ',');
  uint64_t w;
  if (!comma || !parse_weight(arg, (size_t)(comma - arg), &w) || !comma[1]) {
    fprintf(stderr,
            "pgo-merge: %s: expected W,FILE with an integer weight W >= 1, "
            "found '%s'\n",
            where, arg);
    return -1;
  }
  return add_input(in, comma + 1, w);
}

static int read_list(inputs *in, const char *list) {
  FILE *f = fopen(list, "r");
  if (!f) {
    fprintf(stderr, "pgo-merge: %s: cannot open: %s\n", list, strerror(errno));
    return -1;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  unsigned lineno = 0;
  int rc = 0;
  while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
    lineno++;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
                       line[len - 1] == ' ' || line[len - 1] == '\t'))
      line[--len] = 0;
    char *s = line;
    while (*s == ' ' || *s == '\t')
      s++;
    if (!*s || *s == '#')
      continue;
    /* llvm-profdata's rule: a line with a comma is W,FILE (a file name with
     * a comma is written "1,name,with,commas"). */
    const char *comma = strchr(s, ',');
    uint64_t w = 1;
    if (comma) {
      char *fn = line + (comma + 1 - line);
      while (*fn == ' ' || *fn == '\t')
        fn++;
      if (!parse_weight(s, (size_t)(comma - s), &w) || !*fn) {
        fprintf(stderr,
                "pgo-merge: %s:%u: expected W,FILE with an integer weight W "
                ">= 1, found '%s'\n",
                list, lineno, s);
        rc = -1;
        break;
      }
      s = fn;
    }
    if ((rc = add_input(in, s, w)))
      fprintf(stderr, "pgo-merge: out of memory\n");
  }
  free(line);
  fclose(f);
  return rc;
}

/* Read one input into acc (directly, or through a private profile when a
 * bad input must not leave a partial contribution). */
static pgo_status read_input(input *x, pgo_profile *acc, bool direct) {
  bool kind; /* a store (by its SQLite header), else YAML */
  if (pgo_profile_sniff(x->path, &kind, x->err, sizeof x->err))
    return PGO_ERR_IO;
  pgo_profile *dst = acc;
  pgo_status st = PGO_OK;
  if (!direct) {
    if ((st = pgo_profile_new(NULL, &dst)))
      return st;
    pgo_profile_defer_fold(dst, true);
  }
  if (kind) {
    pgo_store *s = NULL;
    st = pgo_store_open(x->path, PGO_STORE_READONLY, NULL, &s);
    if (!st)
      st = pgo_store_read(s, dst, direct ? x->weight : 1);
    if (st)
      snprintf(x->err, sizeof x->err, "%s",
               s ? pgo_store_errmsg(s) : "out of memory");
    pgo_store_close(s);
  } else {
    st = pgo_yaml_read_file(dst, x->path, direct ? x->weight : 1);
    if (st)
      snprintf(x->err, sizeof x->err, "%s", pgo_profile_errmsg(dst));
  }
  if (!direct) {
    if (!st && (st = pgo_profile_merge(acc, dst, x->weight)))
      snprintf(x->err, sizeof x->err, "%s: out of memory", x->path);
    pgo_profile_free(dst);
  }
  return st;
}

/* Take the next input of j and read it into acc; false when there is none
 * left (or a bad one stopped the merge). */
static bool read_next(job *j, pgo_profile *acc) {
  if (atomic_load(&j->abort))
    return false;
  size_t i = atomic_fetch_add(&j->next, 1);
  if (i >= j->nin)
    return false;
  input *x = &j->in[i];
  x->st = read_input(x, acc, j->fail_any);
  if (x->st && j->fail_any)
    atomic_store(&j->abort, true);
  atomic_fetch_add(&j->done, 1);
  return true;
}

static void *work(void *arg) {
  worker *w = arg;
  while (read_next(w->j, w->acc))
    ;
  return NULL;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* ------------------------------------------------------ the temporary OUT
 *
 * OUT is written as OUT.tmp.XXXXXX in OUT's directory and renamed into
 * place.  The writer holds an flock on the temporary for its whole life, so
 * a temporary whose lock can be taken belongs to a dead writer (kill -9,
 * power loss): every later pgo-merge -o OUT removes those before it starts.
 * SIGINT/SIGTERM/SIGHUP remove the temporary at once; SIGXFSZ is ignored so
 * that a file-size limit fails a write (and the merge) instead of killing
 * the process with the temporary left behind. */

enum { SIDE_N = 4 };
static const char *const side_sfx[SIDE_N] = {"", "-journal", "-wal", "-shm"};
static char tmp_names[SIDE_N][4200]; /* the temporary and its sidecars */
static volatile sig_atomic_t tmp_live;

static void unlink_tmp(void) {
  for (int i = 0; i < SIDE_N; i++)
    unlink(tmp_names[i]);
}

static void on_signal(int sig) {
  if (tmp_live)
    unlink_tmp(); /* async-signal-safe; the names were built beforehand */
  signal(sig, SIG_DFL);
  raise(sig);
}

static void install_signals(void) {
  signal(SIGXFSZ, SIG_IGN);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
}

/* Remove OUT.tmp.XXXXXX files (and their sidecars) whose writer is gone:
 * their flock can be taken.  A live writer's cannot. */
static void remove_stale_tmps(const char *dir, const char *base) {
  DIR *d = opendir(dir);
  if (!d)
    return;
  size_t bl = strlen(base);
  struct dirent *e;
  while ((e = readdir(d))) {
    const char *n = e->d_name;
    if (strncmp(n, base, bl) || strncmp(n + bl, ".tmp.", 5) ||
        strlen(n + bl + 5) != 6)
      continue;
    char path[4200];
    if (snprintf(path, sizeof path, "%s/%s", dir, n) >= (int)sizeof path)
      continue;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
      continue;
    struct stat a, b;
    if (flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &a) == 0 &&
        stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
      char side[4220];
      for (int i = 0; i < SIDE_N; i++) {
        snprintf(side, sizeof side, "%s%s", path, side_sfx[i]);
        unlink(side);
      }
    }
    close(fd);
  }
  closedir(d);
}

/* Write p to a new file OUT: temporary in OUT's directory, sync, retire
 * the old OUT's SQLite log, rename, sync the directory. */
static int write_new(pgo_profile *p, const char *out, bool yaml) {
  char *dirbuf = strdup(out), *basebuf = strdup(out);
  if (!dirbuf || !basebuf || strlen(out) + 32 > sizeof tmp_names[0]) {
    fprintf(stderr, "pgo-merge: %s: %s\n", out,
            dirbuf && basebuf ? "path too long" : "out of memory");
    free(dirbuf);
    free(basebuf);
    return EXIT_BAD;
  }
  const char *dir = dirname(dirbuf), *base = basename(basebuf);
  remove_stale_tmps(dir, base);
  char *tmp = tmp_names[0];
  snprintf(tmp, sizeof tmp_names[0], "%s.tmp.XXXXXX", out);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    fprintf(stderr, "pgo-merge: %s: cannot create a temporary file: %s\n",
            out, strerror(errno));
    free(dirbuf);
    free(basebuf);
    return EXIT_BAD;
  }
  for (int i = 1; i < SIDE_N; i++) /* fits: strlen(out) + 32 checked above */
    if (snprintf(tmp_names[i], sizeof tmp_names[i], "%s%s", tmp,
                 side_sfx[i]) >= (int)sizeof tmp_names[i])
      tmp_names[i][0] = 0;
  tmp_live = 1;
  /* Ours until we exit: tells a later pgo-merge this temporary is live.
   * (flock and SQLite's fcntl locks do not interact on Linux.) */
  flock(fd, LOCK_EX | LOCK_NB);
  int rc = EXIT_BAD;
  if (yaml) {
    int wfd = dup(fd);
    FILE *f = wfd >= 0 ? fdopen(wfd, "w") : NULL;
    pgo_status st = f ? pgo_yaml_write(p, f) : PGO_ERR_IO;
    if (st)
      fprintf(stderr, "pgo-merge: %s: %s\n", out,
              f ? pgo_profile_errmsg(p) : strerror(errno));
    else if (fflush(f) || fsync(fileno(f)))
      fprintf(stderr, "pgo-merge: %s: cannot write: %s\n", out,
              strerror(errno));
    else
      rc = EXIT_OK;
    if (f) {
      if (fclose(f) && rc == EXIT_OK) {
        fprintf(stderr, "pgo-merge: %s: cannot write: %s\n", out,
                strerror(errno));
        rc = EXIT_BAD;
      }
    } else if (wfd >= 0) {
      close(wfd);
    }
  } else {
    pgo_store *s = NULL;
    pgo_status st =
        pgo_store_open(tmp, PGO_STORE_CREATE | PGO_STORE_SCRATCH, NULL, &s);
    if (!st)
      st = pgo_store_write(s, p, 1);
    if (st)
      fprintf(stderr, "pgo-merge: %s: %s\n", out,
              s ? pgo_store_errmsg(s) : "out of memory");
    pgo_status cst = pgo_store_close(s);
    if (!st && cst)
      fprintf(stderr, "pgo-merge: %s: cannot finish the store\n", out);
    if (!st && !cst)
      rc = EXIT_OK;
  }
  if (rc == EXIT_OK) {
    /* An old store's WAL would be replayed onto the file that takes its
     * name: retire it first (refuse when a live writer still owns it). */
    char msg[4400];
    if (pgo_store_retire_log(out, msg, sizeof msg)) {
      fprintf(stderr, "pgo-merge: %s\n", msg);
      rc = EXIT_BAD;
    }
  }
  if (rc == EXIT_OK) {
    fchmod(fd, 0644);
    if (rename(tmp, out)) {
      fprintf(stderr, "pgo-merge: %s: cannot rename into place: %s\n", out,
              strerror(errno));
      rc = EXIT_BAD;
    } else {
      tmp_live = 0;
      int dfd = open(dir, O_RDONLY | O_DIRECTORY);
      if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
      }
    }
  }
  if (rc != EXIT_OK) {
    tmp_live = 0;
    unlink_tmp();
  }
  close(fd); /* after SQLite closed the file: drops our flock last */
  free(dirbuf);
  free(basebuf);
  return rc;
}

/* ------------------------------------------------------------ options */

typedef struct options {
  const char *out, *into, *ofmt;
  bool sparse, fail_any;
  long jobs; /* 0: one per CPU */
  inputs in; /* -w, -f and positional inputs, in command-line order */
} options;

/* Values of the options that take one.  -1 with a message on error. */
static int parse_failure_mode(options *o, const char *arg) {
  if (!strcmp(arg, "any"))
    o->fail_any = true;
  else if (!strcmp(arg, "all"))
    o->fail_any = false;
  else {
    fprintf(stderr, "pgo-merge: --failure-mode: expected any or all, "
                    "found '%s'\n", arg);
    return -1;
  }
  return 0;
}

static int parse_jobs(options *o, const char *arg) {
  char *end;
  o->jobs = strtol(arg, &end, 10);
  if (*end || o->jobs < 1 || o->jobs > 256) {
    fprintf(stderr, "pgo-merge: --jobs: expected 1..256, found '%s'\n", arg);
    return -1;
  }
  return 0;
}

static int parse_format(options *o, const char *arg) {
  if (strcmp(arg, "store") && strcmp(arg, "yaml")) {
    fprintf(stderr, "pgo-merge: --output-format: expected store or yaml, "
                    "found '%s'\n", arg);
    return -1;
  }
  o->ofmt = arg;
  return 0;
}

/* Parse argv into o, expanding -w, -f and the positional inputs into
 * o->in.  Returns -1 to go on, else the exit status (--help, --version, a
 * usage error). */
static int parse_options(int argc, char **argv, options *o) {
  static const struct option opts[] = {
      {"output", required_argument, NULL, 'o'},
      {"into", required_argument, NULL, 'I'},
      {"weighted-input", required_argument, NULL, 'w'},
      {"input-files", required_argument, NULL, 'f'},
      {"sparse", no_argument, NULL, 's'},
      {"failure-mode", required_argument, NULL, 'F'},
      {"jobs", required_argument, NULL, 'j'},
      {"output-format", required_argument, NULL, 'O'},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0}};
  int c, bad = 0;
  opterr = 0;
  while (!bad && (c = getopt_long(argc, argv, ":o:w:f:j:hV", opts, NULL)) !=
                     -1) {
    switch (c) {
    case 'o': o->out = optarg; break;
    case 'I': o->into = optarg; break;
    case 'w': bad = add_weighted(&o->in, optarg, "--weighted-input"); break;
    case 'f': bad = read_list(&o->in, optarg); break;
    case 's': o->sparse = true; break;
    case 'F': bad = parse_failure_mode(o, optarg); break;
    case 'j': bad = parse_jobs(o, optarg); break;
    case 'O': bad = parse_format(o, optarg); break;
    case 'h':
      usage(stdout);
      return EXIT_OK;
    case 'V':
      printf("pgo-merge %s (store schema %d)\n", PGO_VERSION_STRING,
             PGO_STORE_SCHEMA_VERSION);
      return EXIT_OK;
    case ':':
      fprintf(stderr, "pgo-merge: option '%s' needs an argument (see "
                      "--help)\n", argv[optind - 1]);
      return EXIT_BAD;
    default:
      fprintf(stderr, "pgo-merge: bad option '%s' (see --help)\n",
              argv[optind - 1]);
      return EXIT_BAD;
    }
  }
  if (bad)
    return EXIT_BAD;
  for (int i = optind; i < argc; i++)
    if (add_input(&o->in, argv[i], 1)) {
      fprintf(stderr, "pgo-merge: out of memory\n");
      return EXIT_BAD;
    }
  return -1;
}

/* The combinations parse_options cannot see one option at a time. */
static int check_options(options *o) {
  if (!o->out == !o->into) {
    fprintf(stderr, "pgo-merge: exactly one of -o OUT and --into DB is "
                    "required (see --help)\n");
    return -1;
  }
  if (o->in.n == 0) {
    fprintf(stderr, "pgo-merge: no inputs (see --help)\n");
    return -1;
  }
  if (o->into && o->ofmt && strcmp(o->ofmt, "store")) {
    fprintf(stderr, "pgo-merge: --into writes a store\n");
    return -1;
  }
  if (o->jobs == 0) {
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = ncpu > 0 ? ncpu : 1;
  }
  if ((size_t)o->jobs > o->in.n)
    o->jobs = (long)o->in.n;
  return 0;
}

/* ------------------------------------------------------ reading inputs */

/* The main thread's share of the reading, with progress on a terminal when
 * the merge takes more than a second. */
static void read_with_progress(job *j, pgo_profile *acc) {
  bool tty = isatty(2);
  double t0 = now(), last = 0;
  while (read_next(j, acc)) {
    double t = now();
    if (tty && t - t0 > 1.0 && t - last > 0.2) {
      fprintf(stderr, "\rpgo-merge: %zu/%zu inputs", atomic_load(&j->done),
              j->nin);
      last = t;
    }
  }
  if (tty && last > 0)
    fputs("\r\033[K", stderr);
}

/* Read every input of o with o->jobs threads (the main one included), each
 * into its own accumulator ws[t].acc (ws has o->jobs entries, freed by the
 * caller).  -1 when the accumulators cannot be allocated. */
static int read_all(const options *o, worker *ws) {
  job j = {.in = o->in.v, .nin = o->in.n, .fail_any = o->fail_any};
  atomic_init(&j.next, 0);
  atomic_init(&j.done, 0);
  atomic_init(&j.abort, false);
  for (long t = 0; t < o->jobs; t++) {
    ws[t].j = &j;
    if (pgo_profile_new(NULL, &ws[t].acc)) {
      fprintf(stderr, "pgo-merge: out of memory\n");
      return -1;
    }
    pgo_profile_defer_fold(ws[t].acc, true);
  }
  long started = 0;
  for (long t = 1; t < o->jobs; t++) {
    if (pthread_create(&ws[t].tid, NULL, work, &ws[t]))
      break;
    started = t;
  }
  read_with_progress(&j, ws[0].acc);
  for (long t = 1; t <= started; t++)
    pthread_join(ws[t].tid, NULL);
  return 0;
}

/* Bad inputs: with --failure-mode any the first one is the error; with all
 * each is a warning, and all of them bad is the error.  0: go on. */
static int report_bad_inputs(const options *o) {
  size_t nbad = 0;
  for (size_t i = 0; i < o->in.n; i++) {
    const input *x = &o->in.v[i];
    if (!x->st)
      continue;
    nbad++;
    if (o->fail_any) {
      fprintf(stderr, "pgo-merge: %s\n", x->err);
      return -1;
    }
    fprintf(stderr, "pgo-merge: warning: skipping %s\n", x->err);
  }
  if (nbad == o->in.n) {
    fprintf(stderr, "pgo-merge: every input is bad\n");
    return -1;
  }
  return 0;
}

/* ---------------------------------------------------------- the merge */

/* Merge the accumulators into ws[0].acc, fold once, sparsify on request;
 * the result, or NULL with a message. */
static pgo_profile *combine(const options *o, worker *ws) {
  pgo_profile *acc = ws[0].acc;
  for (long t = 1; t < o->jobs; t++)
    if (ws[t].acc && pgo_profile_merge(acc, ws[t].acc, 1)) {
      fprintf(stderr, "pgo-merge: out of memory\n");
      return NULL;
    }
  if (pgo_profile_finish(acc)) {
    fprintf(stderr, "pgo-merge: %s\n", pgo_profile_errmsg(acc));
    return NULL;
  }
  if (o->sparse)
    pgo_profile_sparsify(acc);
  return acc;
}

/* ------------------------------------------------------------- output */

/* --into: add acc into the store in one transaction; *sat += the store's
 * saturations. */
static int write_into(const char *into, pgo_profile *acc, uint64_t *sat) {
  pgo_store *s = NULL;
  pgo_status st = pgo_store_open(into, PGO_STORE_CREATE, NULL, &s);
  if (!st)
    st = pgo_store_write(s, acc, 1);
  if (st)
    fprintf(stderr, "pgo-merge: %s\n",
            s ? pgo_store_errmsg(s) : "out of memory");
  else
    *sat += pgo_store_saturations(s);
  pgo_store_close(s);
  return st ? EXIT_BAD : EXIT_OK;
}

static int write_output(const options *o, pgo_profile *acc) {
  uint64_t sat = pgo_profile_saturations(acc);
  int rc;
  if (o->out) {
    bool yaml = o->ofmt ? !strcmp(o->ofmt, "yaml") : is_yaml_name(o->out);
    rc = write_new(acc, o->out, yaml);
  } else {
    rc = write_into(o->into, acc, &sat);
  }
  if (rc == EXIT_OK && sat)
    fprintf(stderr,
            "pgo-merge: warning: %llu count additions saturated at "
            "2^64-1\n",
            (unsigned long long)sat);
  return rc;
}

/* --------------------------------------------------------------- main */

int main(int argc, char **argv) {
  options o = {.fail_any = true};
  worker *ws = NULL;
  int rc = parse_options(argc, argv, &o);
  if (rc >= 0)
    goto done;
  rc = EXIT_BAD;
  if (check_options(&o))
    goto done;
  install_signals();
  ws = calloc((size_t)o.jobs, sizeof *ws);
  if (!ws) {
    fprintf(stderr, "pgo-merge: out of memory\n");
    goto done;
  }
  if (read_all(&o, ws) || report_bad_inputs(&o))
    goto done;
  pgo_profile *acc = combine(&o, ws);
  if (acc)
    rc = write_output(&o, acc);
done:
  for (long t = 0; ws && t < o.jobs; t++)
    pgo_profile_free(ws[t].acc);
  free(ws);
  for (size_t i = 0; i < o.in.n; i++)
    free(o.in.v[i].path);
  free(o.in.v);
  return rc;
}
