/*
 * store_io.c -- records in and out of the store (schema in store.c):
 * look-up of one method through the UNIQUE(name, hash, il_size) index, the
 * full read (one sequential scan of methods, every blob decoded and
 * validated by blob.c, merged into a pgo_profile), iteration in key order,
 * and writes: insert on a fresh store, read-modify-write (merge semantics
 * of method.c) on an existing one, always inside one transaction.
 * Fallbacks: a failed write rolls its transaction back; NOMEM leaves
 * nothing half-written.
 */
#include <stdlib.h>

#include "store_db.h"

/* --------------------------------------------------------------- reading */

/* Columns are fetched once each with sqlite3_column_value and read through
 * the sqlite3_value_* accessors: every sqlite3_column_* call re-locates the
 * column and runs SQLite's API exit check, which cost ~15 % of a merge
 * when a column was asked for its type, blob and size in turn.  The values
 * are used before the next step on a statement of one thread's handle, as
 * SQLite requires of these unprotected values. */

/* Column as a bounded non-negative integer, else a corrupt-store error. */
static bool col_uint(pgo_store *s, sqlite3_stmt *q, int col, uint64_t max,
                     const char *what, const char *method, uint64_t *out) {
  sqlite3_value *cv = sqlite3_column_value(q, col);
  if (sqlite3_value_type(cv) != SQLITE_INTEGER) {
    pgo__st_db_msg(s, "%s%s%s is not an integer", method ? "method " : "",
            method ? method : "", what);
    return false;
  }
  int64_t v = sqlite3_value_int64(cv);
  if (v < 0 || (uint64_t)v > max) {
    pgo__st_db_msg(s, "%s%s: %s %lld out of range", method ? "method " : "",
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
  sqlite3_value *nv = sqlite3_column_value(q, 1);
  bool is_text = sqlite3_value_type(nv) == SQLITE_TEXT;
  const char *name = (const char *)sqlite3_value_text(nv);
  int nl = sqlite3_value_bytes(nv);
  if (!name || nl < 1 || (unsigned)nl > PGO_STORE_MAX_NAME_LEN || !is_text ||
      memchr(name, 0, nl)) {
    pgo__st_db_msg(s, "method id %lld: bad name", (long long)*id);
    return PGO_ERR_CORRUPT;
  }
  void *p = scr->name;
  if (!pgo__st_grow(s->a, &p, &scr->cname, 1, (size_t)nl + 1))
    return PGO_ERR_NOMEM;
  scr->name = p;
  memcpy(scr->name, name, (size_t)nl + 1);
  v->key.name = scr->name;
  sqlite3_value *hv = sqlite3_column_value(q, 2);
  if (sqlite3_value_type(hv) != SQLITE_INTEGER) {
    pgo__st_db_msg(s, "method %s: hash is not an integer", scr->name);
    return PGO_ERR_CORRUPT;
  }
  v->key.hash = (uint64_t)sqlite3_value_int64(hv);
  uint64_t il;
  if (!col_uint(s, q, 3, UINT32_MAX, "il_size", scr->name, &il))
    return PGO_ERR_CORRUPT;
  v->key.il_size = (uint32_t)il;
  return PGO_OK;
}

/* Decode column value cv (record kind `kind`) into view. */
static pgo_status read_one(pgo_store *s, sqlite3_value *cv, int kind,
                           st_scratch *scr, pgo_method_profile *v) {
  if (sqlite3_value_type(cv) != SQLITE_BLOB) {
    pgo__st_db_msg(s, "method %s: %s record is not a blob", v->key.name,
              pgo_record_kind_name(kind));
    return PGO_ERR_CORRUPT;
  }
  const void *data = sqlite3_value_blob(cv);
  int len = sqlite3_value_bytes(cv);
  char m[256];
  pgo_status st = pgo__st_decode(s->a, kind, data, (size_t)len, scr, v, m,
                            sizeof m);
  if (st == PGO_ERR_CORRUPT)
    pgo__st_db_msg(s, "method %s: %s record: %s", v->key.name,
              pgo_record_kind_name(kind), m);
  else if (st)
    pgo__st_db_msg(s, "out of memory");
  return st;
}

/* Decode every record-kind column of the current row of q into view. */
static pgo_status read_records(pgo_store *s, sqlite3_stmt *q,
                               st_scratch *scr, pgo_method_profile *v) {
  for (int k = 0; k < ST_NKINDS; k++) {
    sqlite3_value *cv = sqlite3_column_value(q, ST_KCOL + k);
    if (sqlite3_value_type(cv) == SQLITE_NULL)
      continue;
    pgo_status st = read_one(s, cv, pgo__st_all_kinds[k], scr, v);
    if (st)
      return st;
  }
  return PGO_OK;
}

/* read_records for the full read: the bulk kinds whose keys equal the
 * accumulator's are added straight into it (pgo__st_decode_add); the rest are
 * decoded into view for pgo__st_method_merge. */
static pgo_status read_records_into(pgo_store *s, sqlite3_stmt *q,
                                    st_method *d, pgo_method_profile *v,
                                    uint64_t w, uint64_t *sat) {
  for (int k = 0; k < ST_NKINDS; k++) {
    sqlite3_value *cv = sqlite3_column_value(q, ST_KCOL + k);
    int type = sqlite3_value_type(cv);
    if (type == SQLITE_NULL)
      continue;
    int kind = pgo__st_all_kinds[k];
    if (type == SQLITE_BLOB) {
      void *arr = NULL;
      uint32_t n = 0;
      if (kind == PGO_REC_BLOCKS)
        arr = (void *)d->v.blocks, n = d->v.nblocks;
      else if (kind == PGO_REC_SAMPLES)
        arr = (void *)d->v.samples, n = d->v.nsamples;
      else if (kind == PGO_REC_EDGES)
        arr = (void *)d->v.edges, n = d->v.nedges;
      if (n) {
        const void *data = sqlite3_value_blob(cv);
        if (pgo__st_decode_add(kind, data, (size_t)sqlite3_value_bytes(cv), arr,
                          n, w, sat))
          continue;
      }
    }
    pgo_status st = read_one(s, cv, kind, &s->scr, v);
    if (st)
      return st;
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
    pgo__st_db_msg(s, "method %s (hash 0x%016llx, il_size %u) not found", name,
            (unsigned long long)hash, il_size);
    st = PGO_ERR_NOT_FOUND;
  } else if (rc != SQLITE_ROW) {
    st = pgo__st_db_fail(s, rc, "cannot look up a method");
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
    int rc = pgo__st_db_exec_retry(s, "BEGIN");
    if (rc)
      return pgo__st_db_fail(s, rc, "cannot read");
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
    st = pgo__st_db_fail(s, rc, "cannot read");
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
        pgo__st_db_msg(s, "bad run row (source, weight, time, program, tool)");
      st = PGO_ERR_CORRUPT;
      goto done;
    }
    pgo_run r = {(pgo_source)src, w, sqlite3_column_int64(qrun, 2),
                 (const char *)sqlite3_column_text(qrun, 3),
                 (const char *)sqlite3_column_text(qrun, 4)};
    if ((st = pgo_profile_add_run(dst, &r, weight))) {
      pgo__st_db_msg(s, "%s", pgo_profile_errmsg(dst));
      goto done;
    }
  }
  if (rc != SQLITE_DONE) {
    st = pgo__st_db_fail(s, rc, "cannot read runs");
    goto done;
  }
  bool fold = !pgo__st_profile_defers(dst);
  uint64_t *sat = pgo__st_profile_satp(dst);
  while ((rc = sqlite3_step(qm)) == SQLITE_ROW) {
    pgo_method_profile v;
    int64_t id;
    if ((st = read_key(s, qm, &s->scr, &v, &id)))
      goto done;
    st_method *d = pgo__st_profile_get(dst, v.key.name, strlen(v.key.name),
                                  v.key.hash, v.key.il_size);
    if (!d) {
      st = PGO_ERR_NOMEM;
      pgo__st_db_msg(s, "out of memory");
      goto done;
    }
    if ((st = read_records_into(s, qm, d, &v, weight, sat)))
      goto done;
    if (pgo__st_method_merge(s->a, d, &v, weight, fold, sat)) {
      st = PGO_ERR_NOMEM;
      pgo__st_db_msg(s, "out of memory");
      goto done;
    }
  }
  if (rc != SQLITE_DONE)
    st = pgo__st_db_fail(s, rc, "cannot read methods");
done:
  sqlite3_finalize(qm);
  sqlite3_finalize(qrun);
  if (mine)
    pgo__st_db_exec(s, "COMMIT");
  return st;
}

pgo_status pgo_store_count(pgo_store *s, uint64_t *nmethods, uint64_t *nruns) {
  sqlite3_stmt *q = s->q[Q_COUNT];
  sqlite3_reset(q);
  int rc = sqlite3_step(q);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(q);
    return pgo__st_db_fail(s, rc, "cannot count");
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
  pgo_store_iter *it = pgo__st_alloc(s->a, sizeof *it);
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
    pgo__st_free(s->a, it, sizeof *it);
    return pgo__st_db_fail(s, rc, "cannot iterate");
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
    return pgo__st_db_fail(it->s, rc, "cannot iterate");
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
  pgo__st_scratch_free(it->s->a, &it->scr);
  pgo__st_free(it->s->a, it, sizeof *it);
}

/* --------------------------------------------------------------- writing */

/* Bind the record blobs of canonical m to parameters 4..9 of q. */
static pgo_status bind_records(pgo_store *s, sqlite3_stmt *q,
                               const pgo_method_profile *m) {
  for (int k = 0; k < ST_NKINDS; k++) {
    bool present;
    pgo_status st = pgo__st_encode(s->a, pgo__st_all_kinds[k], m, &s->buf[k], &present);
    if (st) {
      pgo__st_db_msg(s, "out of memory");
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
  return rc == SQLITE_DONE ? PGO_OK : pgo__st_db_fail(s, rc, "cannot insert a method");
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
  return rc == SQLITE_DONE ? PGO_OK : pgo__st_db_fail(s, rc, "cannot update a method");
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
    st = pgo__st_db_fail(s, rc, "cannot look up a method");
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
    if (!st && pgo__st_method_merge(s->a, t, &old, 1, true, &s->sat))
      st = PGO_ERR_NOMEM;
  }
  sqlite3_reset(q);
  if (!st && pgo__st_method_merge(s->a, t, m, w, true, &s->sat))
    st = PGO_ERR_NOMEM;
  if (st == PGO_ERR_NOMEM)
    pgo__st_db_msg(s, "out of memory");
  if (!st)
    st = exists ? update_method(s, id, &t->v) : insert_method(s, &t->v);
  t->v.key.name = NULL;
  pgo__st_method_clear(s->a, t);
  return st;
}

static pgo_status one_method(pgo_store *s, const pgo_method_profile *m,
                             uint64_t w, bool replace) {
  if (w == 0) {
    pgo__st_db_msg(s, "weight 0 (must be >= 1)");
    return PGO_ERR_INVALID;
  }
  pgo_profile *p;
  pgo_status st = pgo_profile_new(s->a, &p);
  if (st)
    return st;
  st = pgo_profile_add(p, m, 1); /* validates and canonicalizes */
  if (st) {
    pgo__st_db_msg(s, "%s", pgo_profile_errmsg(p));
    pgo_profile_free(p);
    return st;
  }
  bool mine;
  if (!(st = pgo__st_db_begin(s, &mine))) {
    st = write_method(s, pgo_profile_method(p, 0), w, replace, false);
    st = pgo__st_db_end(s, mine, st);
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

static pgo_status check_run(pgo_store *s, const pgo_run *r) {
  if (!pgo_source_name(r->source) || r->weight == 0) {
    pgo__st_db_msg(s, "bad run (source %d, weight %llu)", (int)r->source,
            (unsigned long long)r->weight);
    return PGO_ERR_RANGE;
  }
  return PGO_OK;
}

/* r was checked by check_run. */
static pgo_status insert_run(pgo_store *s, const pgo_run *r) {
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
  return rc == SQLITE_DONE ? PGO_OK : pgo__st_db_fail(s, rc, "cannot add a run");
}

pgo_status pgo_store_add_run(pgo_store *s, const pgo_run *r) {
  bool mine;
  pgo_status st = check_run(s, r);
  if (st)
    return st;
  st = pgo__st_db_begin(s, &mine);
  if (st)
    return st;
  return pgo__st_db_end(s, mine, insert_run(s, r));
}

pgo_status pgo_store_write(pgo_store *s, pgo_profile *p, uint64_t weight) {
  if (weight == 0) {
    pgo__st_db_msg(s, "weight 0 (must be >= 1)");
    return PGO_ERR_INVALID;
  }
  pgo_status st = pgo_profile_finish(p);
  if (st) {
    pgo__st_db_msg(s, "%s", pgo_profile_errmsg(p));
    return st;
  }
  /* Arguments first: a bad one must not leave half a profile behind. */
  for (size_t i = 0; i < pgo_profile_nruns(p); i++)
    if ((st = check_run(s, pgo_profile_run(p, i))))
      return st;
  bool mine;
  if ((st = pgo__st_db_begin(s, &mine)))
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
  return pgo__st_db_end(s, mine, st);
}
