/*
 * profile_md_vp.c -- value-profile (VP) metadata on indirect calls, from
 * the oracle's call targets (include/pgo/llvm.h "Annotation").
 *
 * LLVM's shape (llvm/ProfileData/InstrProf.h, annotateValueSite):
 *   !prof !{!"VP", i32 0, i64 total, i64 hash_1, i64 count_1, ...}
 * with kind 0 = IPVK_IndirectCallTarget, at most 3 targets (LLVM's
 * -icp-max-prom default MaxNumValueData for promotion), hottest first.
 * A target is keyed by the MD5 of its PGO function name (the low 64 bits
 * of the digest read little-endian, MD5Hash in llvm/Support/MD5.h): the
 * symbol name, or "SOURCE_FILE;name" for a function with local linkage
 * defined in this module (getIRPGOFuncName).  A target the module does not
 * define is keyed by its plain name.  Nothing in default<O2> reads VP
 * (indirect-call promotion runs in clang's PGO pipeline only), so this
 * records the profile for LLVM tools and later passes; pgo's own
 * devirtualization asks the oracle.
 *
 * MD5: RFC 1321, written from the specification.
 */
#include <string.h>

#include "llvm_int.h"

#define VP_MAX_TARGETS 3

static const uint32_t K[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
    0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
    0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
    0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
    0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
    0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
    0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
    0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
    0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};
static const unsigned R[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                               7, 12, 17, 22, 5, 9,  14, 20, 5, 9,  14, 20,
                               5, 9,  14, 20, 5, 9,  14, 20, 4, 11, 16, 23,
                               4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                               6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
                               6, 10, 15, 21};

static void md5_block(uint32_t h[4], const unsigned char *p) {
  uint32_t w[16];
  for (int i = 0; i < 16; i++)
    w[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
           (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
  for (unsigned i = 0; i < 64; i++) {
    uint32_t f;
    unsigned g;
    if (i < 16) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) % 16;
    } else if (i < 48) {
      f = b ^ c ^ d;
      g = (3 * i + 5) % 16;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) % 16;
    }
    uint32_t t = d;
    d = c;
    c = b;
    uint32_t x = a + f + K[i] + w[g];
    b = b + ((x << R[i]) | (x >> (32 - R[i])));
    a = t;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
}

/* Two strings a || b (b may be NULL), MD5, low 64 bits little-endian. */
static uint64_t md5_low64(const char *a, size_t na, const char *b, size_t nb) {
  uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  unsigned char buf[64];
  size_t fill = 0;
  uint64_t total = (uint64_t)(na + nb);
  const char *parts[2] = {a, b};
  size_t lens[2] = {na, nb};
  for (int k = 0; k < 2; k++)
    for (size_t i = 0; i < lens[k]; i++) {
      buf[fill++] = (unsigned char)parts[k][i];
      if (fill == 64) {
        md5_block(h, buf);
        fill = 0;
      }
    }
  buf[fill++] = 0x80;
  if (fill > 56) {
    memset(buf + fill, 0, 64 - fill);
    md5_block(h, buf);
    fill = 0;
  }
  memset(buf + fill, 0, 56 - fill);
  uint64_t bits = total * 8;
  for (int i = 0; i < 8; i++)
    buf[56 + i] = (unsigned char)(bits >> (8 * i));
  md5_block(h, buf);
  return (uint64_t)h[0] | (uint64_t)h[1] << 32;
}

uint64_t pgo_llvm__md5_low64(const char *s, size_t n) {
  return md5_low64(s, n, NULL, 0);
}

/* LLVM's PGO name hash of a call target called name. */
static uint64_t target_hash(pgo_llvm_module *m, const char *name) {
  LLVMValueRef f = LLVMGetNamedFunction(m->mod, name);
  size_t n = strlen(name);
  if (f && !LLVMIsDeclaration(f)) {
    LLVMLinkage l = LLVMGetLinkage(f);
    if (l == LLVMInternalLinkage || l == LLVMPrivateLinkage) {
      size_t fl = 0;
      const char *file = LLVMGetSourceFileName(m->mod, &fl);
      char *key = pgo_llvm__alloc(&m->alloc, fl + 1 + n);
      if (key) {
        memcpy(key, file, fl);
        key[fl] = ';';
        memcpy(key + fl + 1, name, n);
        uint64_t h = md5_low64(key, fl + 1 + n, NULL, 0);
        pgo_llvm__free(&m->alloc, key, fl + 1 + n);
        return h;
      }
    }
  }
  return md5_low64(name, n, NULL, 0);
}

pgo_status pgo_llvm__annotate_vp(pgo_llvm_module *m, uint32_t fn,
                                 const pgo_oracle *o, uint32_t *nsites) {
  uint32_t ns = pgo_oracle_nsites(o), done = 0;
  LLVMContextRef c = m->ctx;
  LLVMTypeRef i32 = LLVMInt32TypeInContext(c), i64 = LLVMInt64TypeInContext(c);
  for (uint32_t i = 0; i < ns; i++) {
    uint32_t off = pgo_oracle_site_offset(o, i);
    LLVMValueRef call = pgo_llvm_instruction_at(m, fn, off);
    if (!call || !LLVMIsACallInst(call) || pgo_llvm__direct_callee(call))
      continue; /* only indirect calls carry VP */
    pgo_oracle_target t[VP_MAX_TARGETS];
    pgo_oracle_site site;
    uint32_t nt = 0;
    if (pgo_oracle_call_targets(o, off, VP_MAX_TARGETS, t, &nt, &site) !=
            PGO_OK ||
        !(site.total >= 1))
      continue;
    LLVMMetadataRef ops[3 + 2 * VP_MAX_TARGETS];
    uint32_t k = 0;
    ops[k++] = LLVMMDStringInContext2(c, "VP", 2);
    ops[k++] = LLVMValueAsMetadata(LLVMConstInt(i32, 0, 0));
    ops[k++] = LLVMValueAsMetadata(
        LLVMConstInt(i64, (unsigned long long)(site.total + 0.5), 0));
    for (uint32_t j = 0; j < nt; j++) {
      if (!(t[j].count >= 1))
        continue;
      ops[k++] = LLVMValueAsMetadata(
          LLVMConstInt(i64, target_hash(m, t[j].name), 0));
      ops[k++] = LLVMValueAsMetadata(
          LLVMConstInt(i64, (unsigned long long)(t[j].count + 0.5), 0));
    }
    if (k == 3)
      continue;
    LLVMSetMetadata(call, m->prof_kind,
                    LLVMMetadataAsValue(c, LLVMMDNodeInContext2(c, ops, k)));
    done++;
  }
  if (nsites)
    *nsites = done;
  return PGO_OK;
}
