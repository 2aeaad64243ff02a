/* show.h -- private to pgo-show: subcommand entry points. */
#ifndef PGO_SHOW_H
#define PGO_SHOW_H

#define PGO_SHOW_CMD(name, fn, help) int fn(int argc, char **argv);
#include "commands.def"
#undef PGO_SHOW_CMD

/* Exit statuses shared by every subcommand. */
enum { PGO_SHOW_OK = 0, PGO_SHOW_FINDINGS = 1, PGO_SHOW_BAD_INPUT = 2 };

#endif
