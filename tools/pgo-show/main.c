/*
 * pgo-show -- inspect IR graphs, synthesized profiles and profile stores.
 *
 * The driver only dispatches: `pgo-show SUBCOMMAND ARGS...`.  Each
 * subcommand parses its own options with getopt_long and prints its own
 * --help.  Exit status: 0 ok, 1 findings, 2 bad input or usage.
 */
#include <stdio.h>
#include <string.h>

#include "pgo/core.h"
#include "show.h"

struct command {
  const char *name;
  int (*fn)(int argc, char **argv);
  const char *help;
};

static const struct command commands[] = {
#define PGO_SHOW_CMD(name, fn, help) {#name, fn, help},
#include "commands.def"
#undef PGO_SHOW_CMD
};

static void usage(FILE *out) {
  fprintf(out, "usage: pgo-show SUBCOMMAND [OPTIONS] ARGS...\n\n"
               "subcommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
  fprintf(out, "\n`pgo-show SUBCOMMAND --help` for a subcommand's options.\n"
               "options: --help, --version\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return PGO_SHOW_BAD_INPUT;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    usage(stdout);
    return PGO_SHOW_OK;
  }
  if (!strcmp(argv[1], "--version")) {
    printf("pgo-show %s (hash version %d)\n", pgo_version(), PGO_HASH_VERSION);
    return PGO_SHOW_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(argv[1], commands[i].name))
      return commands[i].fn(argc - 1, argv + 1);
  fprintf(stderr, "pgo-show: unknown subcommand '%s'\n", argv[1]);
  usage(stderr);
  return PGO_SHOW_BAD_INPUT;
}
