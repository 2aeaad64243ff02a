/*
 * pgo/store.h -- layer 1: the indexed profile store (SQLite), its YAML text
 * twin, and merge semantics.  Depends on core only (never on LLVM).
 *
 * Data model (docs/store.md, docs/formats.md):
 *   a profile is a set of runs (metadata) and of methods keyed by
 *   (name, hash, il_size); each method holds records of the kinds in
 *   PGO_RECORD_KIND_LIST, each keyed by IL offset:
 *     entry        the method entry count;
 *     blocks       (offset, count), offset = IL offset of a block's first
 *                  instruction;
 *     edges        (source block offset, successor index, count);
 *     values       per site (offset, capacity, tail, (value, count)...):
 *                  a histogram of up to `capacity` values -- call targets by
 *                  function name, never addresses; other values in decimal --
 *                  plus the count of everything else (tail);
 *     annotations  (offset, successor index, probability, weight): a user's
 *                  Likely/Unlikely probability of a successor;
 *     samples      (offset, count): sample hits at an instruction.
 *   Counts are full counts (never probe layouts), so runs add up; a missing
 *   record means zero.
 *
 * Merge semantics (pgo_profile_add / pgo_profile_merge / pgo_store_add):
 *   counts add, multiplied by an integer weight >= 1, saturating at
 *   2^64-1 (each saturation is counted, never wrapped); histograms add value
 *   by value, keep the larger capacity and fold the smallest values into the
 *   tail (ties broken by value name); annotations combine as a
 *   weight-weighted mean of the probabilities; the same name with another
 *   hash or il_size is another method (a separate version).
 *
 * Threads (verified against the code; test_concurrency.c runs them):
 *   - No handle locks itself.  A pgo_profile, a pgo_store and a
 *     pgo_store_iter are each used by one thread at a time; a handle may
 *     move to another thread when the caller orders the hand-over.  An
 *     iterator runs on its store's SQLite connection: an iterator and its
 *     store count as one handle.  Pointers borrowed from a handle
 *     (pgo_store_lookup's view, a profile's methods) follow its rules.
 *   - Separate store handles may be used concurrently, on one file or on
 *     several: each has its own SQLite connection (opened
 *     SQLITE_OPEN_NOMUTEX, which needs a thread-safe libsqlite3 build,
 *     sqlite3_threadsafe() != 0, as every distribution's is) and its own
 *     page cache (no shared-cache mode), decode scratch and message.  They
 *     coordinate like separate processes, through SQLite's file locks:
 *     WAL lets readers proceed while one writer writes; writers serialize
 *     (BEGIN IMMEDIATE, the busy timeout); each read (pgo_store_read, one
 *     look-up, one iterator) sees one committed state.  Separate processes
 *     may likewise read and write one store.
 *   - A finished pgo_profile may be shared by threads that only call the
 *     functions taking it as const (nmethods, method, find, nruns, run,
 *     saturations, equal, and the source of pgo_profile_merge): they write
 *     nothing.  Everything taking a non-const pgo_profile modifies it --
 *     including pgo_store_write and pgo_yaml_write, which finish p first --
 *     and needs the profile to itself.
 *   - lib/store has no mutable global state; pgo_record_kind_name and
 *     pgo_source_name are pure.  The allocator and the SQLite VFS given at
 *     creation are called from whichever thread uses the handle: one
 *     shared by handles in different threads must be thread-safe (the
 *     default allocator and SQLite's default VFS are).
 *
 * Ownership: every _new/_open has a _free/_close; _free(NULL) is a no-op.
 * Pointers returned by getters are borrowed: from a pgo_profile until it is
 * modified or freed, from a store until the next call on that store.
 * Errors: a status code, details through pgo_*_errmsg(); nothing printed.
 */
#ifndef PGO_STORE_H
#define PGO_STORE_H

#include <stddef.h>
#include <stdio.h>

#include "pgo/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Store schema: PRAGMA user_version and PRAGMA application_id ("PGOS"). */
#define PGO_STORE_SCHEMA_VERSION 1
#define PGO_STORE_APPLICATION_ID 0x50474f53
/* YAML twin format version (the `pgo-profile:` key). */
#define PGO_YAML_VERSION 1

/* Bounds checked on every read and write (docs/formats.md). */
#define PGO_STORE_MAX_SUCC (1u << 20)     /* successor index < this */
#define PGO_STORE_MAX_CAPACITY 1024u      /* histogram capacity 1..this */
#define PGO_STORE_MAX_VALUE_LEN 4096u     /* histogram value length 1..this */
#define PGO_STORE_MAX_NAME_LEN 65536u     /* method name length 1..this */

/* Record kinds: X(enum, stored id, YAML key, meaning). */
#define PGO_RECORD_KIND_LIST(X)                                               \
  X(PGO_REC_ENTRY, 1, "entry", "method entry count")                          \
  X(PGO_REC_BLOCKS, 2, "blocks", "block counts by IL offset")                 \
  X(PGO_REC_EDGES, 3, "edges", "edge counts by (source offset, successor)")   \
  X(PGO_REC_VALUES, 4, "values", "value histograms by IL offset")             \
  X(PGO_REC_ANNOTATIONS, 5, "annotations",                                    \
    "annotated successor probabilities")                                      \
  X(PGO_REC_SAMPLES, 6, "samples", "sample counts by IL offset")

typedef enum pgo_record_kind {
#define PGO_X_(name, id, key, text) name = id,
  PGO_RECORD_KIND_LIST(PGO_X_)
#undef PGO_X_
} pgo_record_kind;

/* YAML key of a kind ("blocks"), NULL for an unknown kind. */
PGO_API const char *pgo_record_kind_name(int kind);

/* Source of a run: X(enum, stored id, name). */
#define PGO_SOURCE_LIST(X)                                                    \
  X(PGO_SOURCE_INSTRUMENTED, 1, "instrumented")                               \
  X(PGO_SOURCE_SAMPLED, 2, "sampled")                                         \
  X(PGO_SOURCE_ANNOTATED, 3, "annotated")

typedef enum pgo_source {
#define PGO_X_(name, id, text) name = id,
  PGO_SOURCE_LIST(PGO_X_)
#undef PGO_X_
} pgo_source;

PGO_API const char *pgo_source_name(int source); /* NULL if unknown */

/* ------------------------------------------------------------------ */
/* Records of one method.  Arrays are sorted by their key and hold no
 * duplicate keys when returned by the library; writers may pass them in any
 * order (duplicates are added up). */

typedef struct pgo_count_rec {
  uint32_t offset; /* IL offset, < il_size */
  uint64_t count;
} pgo_count_rec;

typedef struct pgo_edge_rec {
  uint32_t offset; /* source block's IL offset, < il_size */
  uint32_t succ;   /* successor index, < PGO_STORE_MAX_SUCC */
  uint64_t count;
} pgo_edge_rec;

typedef struct pgo_value_pair {
  const char *value; /* function name or decimal value; NUL-terminated */
  uint64_t count;
} pgo_value_pair;

typedef struct pgo_value_site {
  uint32_t offset;   /* IL offset of the probed instruction, < il_size */
  uint32_t capacity; /* stored capacity, 1..PGO_STORE_MAX_CAPACITY */
  uint64_t tail;     /* count of every value not in pairs */
  uint32_t npairs;   /* <= capacity; sorted by count desc, then value */
  const pgo_value_pair *pairs;
} pgo_value_site;

typedef struct pgo_annot_rec {
  uint32_t offset; /* branch block's IL offset, < il_size */
  uint32_t succ;   /* successor index, < PGO_STORE_MAX_SUCC */
  double prob;     /* in [0, 1] */
  uint64_t weight; /* >= 1: how many (weighted) annotations agree */
} pgo_annot_rec;

typedef struct pgo_method_profile {
  pgo_method_key key;
  bool has_entry; /* false: no entry record (means 0) */
  uint64_t entry;
  uint32_t nblocks, nedges, nsites, nannots, nsamples;
  const pgo_count_rec *blocks;
  const pgo_edge_rec *edges;
  const pgo_value_site *sites;
  const pgo_annot_rec *annots;
  const pgo_count_rec *samples;
} pgo_method_profile;

/* Run metadata. */
typedef struct pgo_run {
  pgo_source source;
  uint64_t weight;     /* >= 1; held saturated at 2^63-1 (SQLite's range) */
  int64_t time;        /* seconds since the epoch; 0 if unknown */
  const char *program; /* may be "" */
  const char *tool;    /* producer and its version; may be "" */
} pgo_run;

/* ------------------------------------------------------------------ */
/* pgo_profile: an in-memory profile (runs + methods), the unit that the
 * YAML reader fills, merges accumulate into and stores are written from. */

typedef struct pgo_profile pgo_profile;

PGO_API pgo_status pgo_profile_new(const pgo_allocator *alloc,
                                   pgo_profile **out);
PGO_API void pgo_profile_free(pgo_profile *p);
PGO_API const char *pgo_profile_errmsg(const pgo_profile *p);

/* Histogram folding: by default every add folds each histogram to its
 * capacity at once.  With defer=true histograms keep every value until
 * pgo_profile_finish, which makes a many-input merge independent of input
 * order (the fold happens once, over exact sums). */
PGO_API void pgo_profile_defer_fold(pgo_profile *p, bool defer);

/* Validate m (offsets < il_size, successor and capacity bounds, probability
 * range, names) and add it, multiplied by weight (>= 1), into the method of
 * the same key (created if absent).  PGO_ERR_RANGE / PGO_ERR_INVALID name the
 * method on failure; p is then unchanged. */
PGO_API pgo_status pgo_profile_add(pgo_profile *p, const pgo_method_profile *m,
                                   uint64_t weight);
/* Append a run, its weight multiplied by weight. */
PGO_API pgo_status pgo_profile_add_run(pgo_profile *p, const pgo_run *r,
                                       uint64_t weight);
/* dst += weight * src (methods and runs). */
PGO_API pgo_status pgo_profile_merge(pgo_profile *dst, const pgo_profile *src,
                                     uint64_t weight);
/* Fold deferred histograms and sort methods by key (name, hash, il_size);
 * method indices are stable only after this and until the next add. */
PGO_API pgo_status pgo_profile_finish(pgo_profile *p);
/* Drop zero records (count 0, empty histograms) and methods left empty. */
PGO_API void pgo_profile_sparsify(pgo_profile *p);

PGO_API size_t pgo_profile_nmethods(const pgo_profile *p);
/* i-th method (borrowed). */
PGO_API const pgo_method_profile *pgo_profile_method(const pgo_profile *p,
                                                     size_t i);
/* Method by key, NULL if absent. */
PGO_API const pgo_method_profile *
pgo_profile_find(const pgo_profile *p, const char *name, uint64_t hash,
                 uint32_t il_size);
PGO_API size_t pgo_profile_nruns(const pgo_profile *p);
PGO_API const pgo_run *pgo_profile_run(const pgo_profile *p, size_t i);
/* Additions that saturated at 2^64-1 so far. */
PGO_API uint64_t pgo_profile_saturations(const pgo_profile *p);
/* Exact equality of two finished profiles (methods, records, runs). */
PGO_API bool pgo_profile_equal(const pgo_profile *a, const pgo_profile *b);

/* ------------------------------------------------------------------ */
/* The YAML twin (libyaml).  Errors: PGO_ERR_PARSE with
 * "file:line:column: expected X, found Y" in pgo_profile_errmsg(dst);
 * PGO_ERR_RANGE for out-of-range values (also with file:line:column).  On
 * a parse or range error dst is left unchanged (the file is parsed into a
 * private profile first); on PGO_ERR_NOMEM while adding it in, dst may hold
 * part of the input and should be discarded. */

PGO_API pgo_status pgo_yaml_read_file(pgo_profile *dst, const char *path,
                                      uint64_t weight);
PGO_API pgo_status pgo_yaml_read_mem(pgo_profile *dst, const void *data,
                                     size_t len, const char *name,
                                     uint64_t weight);
/* p must be finished.  Exact: reading the output back gives an equal
 * profile. */
PGO_API pgo_status pgo_yaml_write(pgo_profile *p, FILE *out);

/* Either format, chosen by content (SQLite header, else YAML): dst +=
 * weight * file.  Errors name the file. */
PGO_API pgo_status pgo_profile_load(pgo_profile *dst, const char *path,
                                    uint64_t weight);
/* Whether path holds an SQLite file (by its header).  PGO_ERR_IO with
 * "PATH: cannot open: ..." in msg when it cannot be read. */
PGO_API pgo_status pgo_profile_sniff(const char *path, bool *is_store,
                                     char *msg, size_t msglen);

/* ------------------------------------------------------------------ */
/* The store. */

typedef struct pgo_store pgo_store;

enum {
  PGO_STORE_READONLY = 1u << 0, /* open read-only (never writes) */
  PGO_STORE_CREATE = 1u << 1,   /* create the file and schema if absent */
  /* A private new file (e.g. a temporary renamed into place later): no
   * journal, no fsync per transaction; pgo_store_close syncs and switches
   * the file to WAL.  Not crash-safe until closed: never use on a shared
   * store. */
  PGO_STORE_SCRATCH = 1u << 2
};

/* Open (and with PGO_STORE_CREATE create) a store; checks the application
 * id, the schema version (PGO_ERR_SCHEMA when newer or foreign) and the
 * tables.  *out is set whenever a handle could be allocated, even on
 * failure, so that pgo_store_errmsg explains; always pgo_store_close it.
 * alloc may be NULL.  Same as pgo_store_open_with with the defaults of
 * pgo_store_options_init and these flags and allocator. */
PGO_API pgo_status pgo_store_open(const char *path, unsigned flags,
                                  const pgo_allocator *alloc,
                                  pgo_store **out);

/* Options of pgo_store_open_with.  Growth rule (the one every public
 * option struct of pgo follows; see pgo_synth_options in synth.h):
 * struct_size comes first and is set by pgo_store_options_init, a macro
 * that passes the sizeof the CALLER was compiled with, so a library built
 * later never writes past an older caller's struct; new fields are only
 * ever appended, and the library reads only the fields that the caller's
 * struct_size covers, the others taking their defaults.  A struct_size
 * larger than the library knows (a caller built against a newer header) is
 * accepted while the fields the library does not know are all zero, and
 * refused (PGO_ERR_INVALID) otherwise: a setting the library cannot honour
 * is never ignored silently.  struct_size smaller than the first version's
 * (PGO_STORE_OPTIONS_SIZE_V1) is PGO_ERR_INVALID.  Always initialise with
 * pgo_store_options_init before setting fields. */
typedef struct pgo_store_options {
  size_t struct_size;         /* sizeof(pgo_store_options), set by init */
  unsigned flags;             /* PGO_STORE_*; default 0 (read-write) */
  const pgo_allocator *alloc; /* NULL: pgo_default_allocator() */
  /* Name of a registered SQLite VFS (sqlite3_vfs_register) to do the file
   * I/O through, e.g. a fault-injecting or encrypting shim; NULL: SQLite's
   * default VFS.  Copied at open; an unknown name fails the open
   * (PGO_ERR_IO, "no such vfs"). */
  const char *vfs;
  int busy_timeout_ms; /* how long a writer waits for another; 60000 */
} pgo_store_options;

/* Size of the first version of pgo_store_options (through busy_timeout_ms). */
#define PGO_STORE_OPTIONS_SIZE_V1                                             \
  (offsetof(pgo_store_options, busy_timeout_ms) + sizeof(int))

/* Defaults: struct_size = the caller's sizeof, flags 0, alloc NULL, vfs
 * NULL, busy_timeout_ms 60000.  Writes only struct_size bytes. */
PGO_API void pgo_store_options_init_sized(pgo_store_options *o,
                                          size_t struct_size);
#define pgo_store_options_init(o)                                             \
  pgo_store_options_init_sized((o), sizeof *(o))
/* Open with options (o must come from pgo_store_options_init; see the
 * growth rule above; NULL means the defaults).  Otherwise as
 * pgo_store_open. */
PGO_API pgo_status pgo_store_open_with(const char *path,
                                       const pgo_store_options *o,
                                       pgo_store **out);
/* Closes; rolls back an open transaction.  For a PGO_STORE_SCRATCH store,
 * returns PGO_ERR_IO when the final sync fails. */
PGO_API pgo_status pgo_store_close(pgo_store *s);
PGO_API const char *pgo_store_errmsg(const pgo_store *s);
PGO_API const char *pgo_store_path(const pgo_store *s);

/* Before a new file is renamed over path (pgo-merge -o): retire path's own
 * SQLite log.  A -wal (or hot -journal) left next to the old file by a
 * crashed or still-open connection would otherwise be replayed onto the new
 * file that takes its name, mixing old pages into it.  Rolls a hot journal
 * back, checkpoints the WAL into the old file and lets SQLite delete it.
 * PGO_OK when path is absent or has no log left; PGO_ERR_BUSY when another
 * connection still has the old file open (its log stays); PGO_ERR_IO /
 * PGO_ERR_CORRUPT when it cannot be read.  One line in msg. */
PGO_API pgo_status pgo_store_retire_log(const char *path, char *msg,
                                        size_t msglen);

/* Busy handling: how long a writer waits for another (default 60000 ms). */
PGO_API void pgo_store_set_busy_timeout(pgo_store *s, int ms);

/* Explicit transaction: writes between begin and commit are atomic.  Writes
 * outside one are each wrapped in their own.  begin takes the write lock at
 * once (BEGIN IMMEDIATE), waiting for other writers.
 * All or nothing: a write that fails before it changes anything (bad
 * arguments: PGO_ERR_INVALID / PGO_ERR_RANGE; memory for the validated
 * copy) leaves the transaction usable; a failure once it has begun to
 * write (I/O, full disk, out of memory, corrupt stored records) dooms the
 * transaction, because part of that write may be in it and SQLite may
 * have rolled it back already:
 * later writes return PGO_ERR_STATE, pgo_store_commit rolls back and
 * returns PGO_ERR_STATE, pgo_store_rollback returns PGO_OK.  The store then
 * holds exactly what it held before begin. */
PGO_API pgo_status pgo_store_begin(pgo_store *s);
PGO_API pgo_status pgo_store_commit(pgo_store *s);
PGO_API pgo_status pgo_store_rollback(pgo_store *s);

/* Replace the method's records by m's. */
PGO_API pgo_status pgo_store_put(pgo_store *s, const pgo_method_profile *m);
/* Add weight * m into the stored method (merge semantics above). */
PGO_API pgo_status pgo_store_add(pgo_store *s, const pgo_method_profile *m,
                                 uint64_t weight);
PGO_API pgo_status pgo_store_add_run(pgo_store *s, const pgo_run *r);
/* Add a whole profile (runs and methods) in one transaction (or inside the
 * caller's).  Fast path for a new, empty store: appends without reading. */
PGO_API pgo_status pgo_store_write(pgo_store *s, pgo_profile *p,
                                   uint64_t weight);
/* Additions into the store that saturated (pgo_store_add/write). */
PGO_API uint64_t pgo_store_saturations(const pgo_store *s);

/* Look one method up by its key (indexed).  PGO_ERR_NOT_FOUND if absent;
 * PGO_ERR_CORRUPT if its records fail validation.  *out is borrowed until
 * the next call on s. */
PGO_API pgo_status pgo_store_lookup(pgo_store *s, const char *name,
                                    uint64_t hash, uint32_t il_size,
                                    const pgo_method_profile **out);

/* Read every method and run into dst (dst += weight * store), validating
 * everything.  On failure dst may hold part of the store: read into a fresh
 * profile when that matters (pgo_profile_load does). */
PGO_API pgo_status pgo_store_read(pgo_store *s, pgo_profile *dst,
                                  uint64_t weight);

/* Iterate methods in key order (name, hash, il_size); name != NULL keeps
 * only that name's versions.  next sets *m to NULL at the end. */
typedef struct pgo_store_iter pgo_store_iter;
PGO_API pgo_status pgo_store_iter_new(pgo_store *s, const char *name,
                                      pgo_store_iter **out);
PGO_API pgo_status pgo_store_iter_next(pgo_store_iter *it,
                                       const pgo_method_profile **m);
PGO_API void pgo_store_iter_free(pgo_store_iter *it);

PGO_API pgo_status pgo_store_count(pgo_store *s, uint64_t *nmethods,
                                   uint64_t *nruns);

#ifdef __cplusplus
}
#endif
#endif /* PGO_STORE_H */
