/*
 * pgo/ingest.h -- layer 2: from measured data to a profiled flow graph.
 *
 * IR-neutral (no LLVM): a JIT with its own IR describes its graphs through
 * the pgo_cfg builder (pgo/core.h) and uses everything here unchanged.
 *
 * Sections (one concept per source file in lib/ingest/):
 *   - probe plans: where tier-0 counters go (maximum-weight spanning tree,
 *     Knuth; Ball & Larus "Optimally Profiling and Tracing Programs") and the
 *     reconstruction of every block and edge count from the counter values;
 *   - records -> pfg: a method's store records laid onto a pgo_pfg of the
 *     current graph by IL offset.
 */
#ifndef PGO_INGEST_H
#define PGO_INGEST_H

#include "pgo/core.h"
#include "pgo/store.h"
#include "pgo/synth.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- probe plans (lib/ingest/plan.c, reconstruct.c) ------------------- */

/* --- records -> pfg (lib/ingest/apply.c) ------------------------------ */

#ifdef __cplusplus
}
#endif
#endif /* PGO_INGEST_H */
