/*
 * core_assert.h -- PGO_ASSERT, the internal-invariant check of the pgo
 * libraries.  Never installed.
 *
 * Active when PGO_DEBUG is defined (CMake defines it for the sanitizer
 * build, -DPGO_SANITIZE=ON) or when NDEBUG is not defined; compiled out
 * otherwise (the RelWithDebInfo release build defines NDEBUG).  It checks
 * the library's own invariants, never the caller's input: bad input is a
 * status, a failed PGO_ASSERT is a bug in pgo, reported on stderr with the
 * expression and the position, then abort().
 */
#ifndef PGO_CORE_ASSERT_H
#define PGO_CORE_ASSERT_H

#if defined(PGO_DEBUG) || !defined(NDEBUG)
#define PGO_ASSERT_ACTIVE 1
void pgo__assert_fail(const char *expr, const char *file, int line)
    __attribute__((noreturn));
#define PGO_ASSERT(c)                                                         \
  ((c) ? (void)0 : pgo__assert_fail(#c, __FILE__, __LINE__))
#else
#define PGO_ASSERT_ACTIVE 0
#define PGO_ASSERT(c) ((void)0)
#endif

#endif /* PGO_CORE_ASSERT_H */
