/*
 * pgo/pgo.h -- the LLVM-free layers in one include: core (flow graph,
 * analyses, keys, profiled flow graph), synth (profile synthesis) and store
 * (profile store and YAML twin), ingest (probe plans, records -> pfg) and
 * oracle (read-only profile queries and the program summary).
 *
 * pgo/llvm.h, the front door for LLVM IR, is included separately because it
 * pulls in llvm-c/ headers: a JIT with its own IR links the layers below
 * without LLVM (../docs/design.md, "Components and layers").
 */
#ifndef PGO_PGO_H
#define PGO_PGO_H

#include "pgo/core.h"
#include "pgo/ingest.h"
#include "pgo/oracle.h"
#include "pgo/store.h"
#include "pgo/synth.h"

#endif
