/*
 * profile.c -- pgo_profile, the in-memory profile: runs plus methods keyed
 * by (name, hash, il_size) in an open-addressing hash table (linear probing,
 * load <= 1/2), so adding a method of any input is O(records).  It is the
 * accumulator of pgo-merge: memory is proportional to the merged output
 * (distinct methods and records), never to the number of inputs.
 * pgo_profile_finish sorts methods by key so that writers emit them in key
 * order (SQLite appends in B-tree order; YAML output is deterministic).
 * Fallback: on out-of-memory an add reports PGO_ERR_NOMEM and the profile
 * keeps what it held before that method.
 */
#include <stdio.h>
#include <stdlib.h>

#include "store_internal.h"

struct pgo_profile {
  const pgo_allocator *a;
  char msg[ST_MSG_LEN];
  bool defer;         /* histograms keep every value until finish */
  st_method *m;       /* methods, insertion order (key order after finish) */
  uint32_t n, cap;
  uint32_t *table;    /* slots: method index + 1, 0 = empty */
  uint32_t tcap;      /* power of two, >= 2 n */
  pgo_run *runs;      /* strings owned */
  uint32_t nruns, cruns;
  uint64_t sat;       /* saturated additions */
  uint32_t hint;      /* index after the last method found: inputs in key
                         order hit it without hashing */
};

static uint64_t key_hash(const char *name, size_t len, uint64_t hash,
                         uint32_t il) {
  uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a, then a final mix */
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)name[i]) * 0x100000001b3ull;
  h ^= hash * 0x9e3779b97f4a7c15ull;
  h ^= (uint64_t)il * 0xc2b2ae3d27d4eb4full;
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9ull;
  return h ^ (h >> 29);
}

pgo_status pgo_profile_new(const pgo_allocator *alloc, pgo_profile **out) {
  if (!out)
    return PGO_ERR_INVALID;
  *out = NULL;
  if (!alloc)
    alloc = pgo_default_allocator();
  pgo_profile *p = pgo__st_alloc(alloc, sizeof *p);
  if (!p)
    return PGO_ERR_NOMEM;
  memset(p, 0, sizeof *p);
  p->a = alloc;
  *out = p;
  return PGO_OK;
}

static void run_clear(const pgo_allocator *a, pgo_run *r) {
  pgo__st_strfree(a, (char *)r->program);
  pgo__st_strfree(a, (char *)r->tool);
}

void pgo_profile_free(pgo_profile *p) {
  if (!p)
    return;
  const pgo_allocator *a = p->a;
  for (uint32_t i = 0; i < p->n; i++)
    pgo__st_method_clear(a, &p->m[i]);
  for (uint32_t i = 0; i < p->nruns; i++)
    run_clear(a, &p->runs[i]);
  pgo__st_free(a, p->m, (size_t)p->cap * sizeof *p->m);
  pgo__st_free(a, p->table, (size_t)p->tcap * sizeof *p->table);
  pgo__st_free(a, p->runs, (size_t)p->cruns * sizeof *p->runs);
  pgo__st_free(a, p, sizeof *p);
}

const char *pgo_profile_errmsg(const pgo_profile *p) {
  return p ? p->msg : "no profile";
}

void pgo__st_profile_set_msg(pgo_profile *p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(p->msg, sizeof p->msg, fmt, ap);
  va_end(ap);
  pgo__st_msg_sanitize(p->msg);
}

/* Messages are one line: names and scalars from bad files may hold any
 * byte, so control characters become '?'. */
void pgo__st_msg_sanitize(char *m) {
  for (; *m; m++)
    if ((unsigned char)*m < 0x20 || *m == 0x7f)
      *m = '?';
}

void pgo_profile_defer_fold(pgo_profile *p, bool defer) { p->defer = defer; }
bool pgo__st_profile_defers(const pgo_profile *p) { return p->defer; }
uint64_t *pgo__st_profile_satp(pgo_profile *p) { return &p->sat; }
const pgo_allocator *pgo__st_profile_alloc(const pgo_profile *p) { return p->a; }
uint64_t pgo_profile_saturations(const pgo_profile *p) { return p->sat; }
size_t pgo_profile_nmethods(const pgo_profile *p) { return p->n; }
size_t pgo_profile_nruns(const pgo_profile *p) { return p->nruns; }

const pgo_method_profile *pgo_profile_method(const pgo_profile *p, size_t i) {
  return i < p->n ? &p->m[i].v : NULL;
}

const pgo_run *pgo_profile_run(const pgo_profile *p, size_t i) {
  return i < p->nruns ? &p->runs[i] : NULL;
}

static bool rehash(pgo_profile *p, uint32_t ncap) {
  uint32_t *t = pgo__st_alloc(p->a, (size_t)ncap * sizeof *t);
  if (!t)
    return false;
  memset(t, 0, (size_t)ncap * sizeof *t);
  for (uint32_t i = 0; i < p->n; i++) {
    const pgo_method_key *k = &p->m[i].v.key;
    uint64_t h = key_hash(k->name, strlen(k->name), k->hash, k->il_size);
    uint32_t s = (uint32_t)h & (ncap - 1);
    while (t[s])
      s = (s + 1) & (ncap - 1);
    t[s] = i + 1;
  }
  pgo__st_free(p->a, p->table, (size_t)p->tcap * sizeof *p->table);
  p->table = t;
  p->tcap = ncap;
  return true;
}

static uint32_t find_slot(const pgo_profile *p, const char *name, size_t len,
                          uint64_t hash, uint32_t il, bool *found) {
  uint64_t h = key_hash(name, len, hash, il);
  uint32_t s = (uint32_t)h & (p->tcap - 1);
  for (;;) {
    uint32_t e = p->table[s];
    if (!e) {
      *found = false;
      return s;
    }
    const pgo_method_key *k = &p->m[e - 1].v.key;
    if (k->hash == hash && k->il_size == il && !strncmp(k->name, name, len) &&
        k->name[len] == 0) {
      *found = true;
      return s;
    }
    s = (s + 1) & (p->tcap - 1);
  }
}

st_method *pgo__st_profile_get(pgo_profile *p, const char *name, size_t len,
                          uint64_t hash, uint32_t il) {
  bool found = false;
  if (p->hint < p->n) {
    const pgo_method_key *k = &p->m[p->hint].v.key;
    if (k->hash == hash && k->il_size == il && !strncmp(k->name, name, len) &&
        k->name[len] == 0)
      return &p->m[p->hint++];
  }
  if (p->tcap) {
    uint32_t s = find_slot(p, name, len, hash, il, &found);
    if (found) {
      p->hint = p->table[s];
      return &p->m[p->table[s] - 1];
    }
  }
  if ((size_t)(p->n + 1) * 2 > p->tcap &&
      !rehash(p, p->tcap ? p->tcap * 2 : 64))
    return NULL;
  void *arr = p->m;
  if (!pgo__st_grow(p->a, &arr, &p->cap, sizeof *p->m, (size_t)p->n + 1))
    return NULL;
  p->m = arr;
  st_method *m = &p->m[p->n];
  memset(m, 0, sizeof *m);
  m->v.key.name = pgo__st_strndup(p->a, name, len);
  if (!m->v.key.name)
    return NULL;
  m->v.key.hash = hash;
  m->v.key.il_size = il;
  uint32_t s = find_slot(p, name, len, hash, il, &found);
  p->table[s] = ++p->n;
  p->hint = p->n;
  return m;
}

const pgo_method_profile *pgo_profile_find(const pgo_profile *p,
                                           const char *name, uint64_t hash,
                                           uint32_t il_size) {
  if (!p->tcap || !name)
    return NULL;
  bool found;
  uint32_t s = find_slot(p, name, strlen(name), hash, il_size, &found);
  return found ? &p->m[p->table[s] - 1].v : NULL;
}

pgo_status pgo_profile_add(pgo_profile *p, const pgo_method_profile *m,
                           uint64_t weight) {
  if (!p || !m)
    return PGO_ERR_INVALID;
  if (weight == 0) {
    pgo__st_profile_set_msg(p, "weight 0 (must be >= 1)");
    return PGO_ERR_INVALID;
  }
  pgo_status st = pgo__st_method_check(m, p->msg, sizeof p->msg);
  if (st)
    return st;
  st_method canon;
  const pgo_method_profile *src = m;
  bool own = !pgo__st_method_is_canonical(m);
  uint64_t lsat = 0;
  if (own) {
    st = pgo__st_method_canonical(p->a, m, &canon, &lsat);
    if (st) {
      pgo__st_profile_set_msg(p, "method %s: out of memory", m->key.name);
      return st;
    }
    src = &canon.v;
  }
  st_method *d = pgo__st_profile_get(p, m->key.name, strlen(m->key.name),
                                m->key.hash, m->key.il_size);
  if (!d)
    st = PGO_ERR_NOMEM;
  else
    st = pgo__st_method_merge(p->a, d, src, weight, !p->defer, &lsat);
  if (own)
    pgo__st_method_clear(p->a, &canon);
  if (st)
    pgo__st_profile_set_msg(p, "method %s: out of memory", m->key.name);
  else
    p->sat += lsat;
  return st;
}

pgo_status pgo_profile_add_run(pgo_profile *p, const pgo_run *r,
                               uint64_t weight) {
  if (!p || !r)
    return PGO_ERR_INVALID;
  if (!pgo_source_name(r->source)) {
    pgo__st_profile_set_msg(p, "unknown run source %d", (int)r->source);
    return PGO_ERR_RANGE;
  }
  if (r->weight == 0 || weight == 0) {
    pgo__st_profile_set_msg(p, "run weight 0 (must be >= 1)");
    return PGO_ERR_RANGE;
  }
  void *arr = p->runs;
  if (!pgo__st_grow(p->a, &arr, &p->cruns, sizeof *p->runs, (size_t)p->nruns + 1))
    return PGO_ERR_NOMEM;
  p->runs = arr;
  const char *prog = r->program ? r->program : "";
  const char *tool = r->tool ? r->tool : "";
  pgo_run nr = *r;
  nr.weight = st_sat_mul(r->weight, weight, &p->sat);
  /* Run weights are SQLite integers in the store and bounded likewise in
   * YAML: clamp here, so a YAML output reads back and equals the store's. */
  if (nr.weight > INT64_MAX)
    nr.weight = INT64_MAX;
  nr.program = pgo__st_strndup(p->a, prog, strlen(prog));
  nr.tool = pgo__st_strndup(p->a, tool, strlen(tool));
  if (!nr.program || !nr.tool) {
    run_clear(p->a, &nr);
    return PGO_ERR_NOMEM;
  }
  p->runs[p->nruns++] = nr;
  return PGO_OK;
}

pgo_status pgo_profile_merge(pgo_profile *dst, const pgo_profile *src,
                             uint64_t weight) {
  if (!dst || !src || weight == 0)
    return PGO_ERR_INVALID;
  for (uint32_t i = 0; i < src->nruns; i++) {
    pgo_status st = pgo_profile_add_run(dst, &src->runs[i], weight);
    if (st)
      return st;
  }
  for (uint32_t i = 0; i < src->n; i++) {
    const pgo_method_key *k = &src->m[i].v.key;
    st_method *d =
        pgo__st_profile_get(dst, k->name, strlen(k->name), k->hash, k->il_size);
    if (!d)
      return PGO_ERR_NOMEM;
    pgo_status st =
        pgo__st_method_merge(dst->a, d, &src->m[i].v, weight, !dst->defer,
                        &dst->sat);
    if (st)
      return st;
  }
  dst->sat += src->sat;
  return PGO_OK;
}

pgo_status pgo__st_profile_absorb(pgo_profile *dst, pgo_profile *src, uint64_t w) {
  /* An empty destination with the same allocator can take src's storage. */
  if (dst->n == 0 && dst->nruns == 0 && w == 1 && dst->a == src->a &&
      dst->defer == src->defer) {
    pgo_profile tmp = *dst;
    uint64_t sat = dst->sat + src->sat;
    memcpy(tmp.msg, dst->msg, sizeof tmp.msg);
    *dst = *src;
    memcpy(dst->msg, tmp.msg, sizeof tmp.msg);
    dst->defer = tmp.defer;
    dst->sat = sat;
    *src = tmp;
    src->sat = 0;
    return PGO_OK;
  }
  return pgo_profile_merge(dst, src, w);
}

static int method_order(const void *x, const void *y) {
  const st_method *a = x, *b = y;
  return pgo__st_key_cmp(&a->v.key, &b->v.key);
}

/* Runs in a total order, so that merges with threads give the same file. */
static int run_order(const void *x, const void *y) {
  const pgo_run *a = x, *b = y;
  if (a->source != b->source)
    return a->source < b->source ? -1 : 1;
  if (a->time != b->time)
    return a->time < b->time ? -1 : 1;
  if (a->weight != b->weight)
    return a->weight < b->weight ? -1 : 1;
  int c = strcmp(a->program, b->program);
  return c ? c : strcmp(a->tool, b->tool);
}

pgo_status pgo_profile_finish(pgo_profile *p) {
  pgo__st_sort(p->runs, p->nruns, sizeof *p->runs, run_order);
  for (uint32_t i = 0; i < p->n; i++) {
    pgo_status st = pgo__st_method_fold(p->a, &p->m[i]);
    if (st) {
      pgo__st_profile_set_msg(p, "out of memory folding histograms");
      return st;
    }
  }
  pgo__st_sort(p->m, p->n, sizeof *p->m, method_order);
  if (p->tcap && !rehash(p, p->tcap)) {
    pgo__st_profile_set_msg(p, "out of memory");
    return PGO_ERR_NOMEM;
  }
  return PGO_OK;
}

void pgo_profile_sparsify(pgo_profile *p) {
  uint32_t k = 0;
  for (uint32_t i = 0; i < p->n; i++) {
    if (pgo__st_method_sparsify(p->a, &p->m[i]))
      pgo__st_method_clear(p->a, &p->m[i]);
    else
      p->m[k++] = p->m[i];
  }
  p->n = k;
  /* Rebuilding the table in place cannot fail at the same size. */
  if (p->tcap) {
    memset(p->table, 0, (size_t)p->tcap * sizeof *p->table);
    for (uint32_t i = 0; i < p->n; i++) {
      const pgo_method_key *key = &p->m[i].v.key;
      bool found;
      uint32_t s = find_slot(p, key->name, strlen(key->name), key->hash,
                             key->il_size, &found);
      p->table[s] = i + 1;
    }
  }
}

bool pgo_profile_equal(const pgo_profile *a, const pgo_profile *b) {
  if (a->n != b->n || a->nruns != b->nruns)
    return false;
  for (uint32_t i = 0; i < a->n; i++)
    if (!pgo__st_method_equal(&a->m[i].v, &b->m[i].v))
      return false;
  for (uint32_t i = 0; i < a->nruns; i++) {
    const pgo_run *x = &a->runs[i], *y = &b->runs[i];
    if (x->source != y->source || x->weight != y->weight ||
        x->time != y->time || strcmp(x->program, y->program) ||
        strcmp(x->tool, y->tool))
      return false;
  }
  return true;
}

#define ST_KIND_NAME(name, id, key, text)                                     \
  case id:                                                                    \
    return key;
const char *pgo_record_kind_name(int kind) {
  switch (kind) { PGO_RECORD_KIND_LIST(ST_KIND_NAME) }
  return NULL;
}
#undef ST_KIND_NAME

#define ST_SOURCE_NAME(name, id, text)                                        \
  case id:                                                                    \
    return text;
const char *pgo_source_name(int source) {
  switch (source) { PGO_SOURCE_LIST(ST_SOURCE_NAME) }
  return NULL;
}
#undef ST_SOURCE_NAME
