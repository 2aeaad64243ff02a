/*
 * version.c -- placeholder translation unit so libpgo_ingest exists before
 * its first concept lands; removed when plan.c arrives.
 */
#include <pgo/ingest.h>

PGO_API const char *pgo_ingest_component(void) { return "ingest"; }
