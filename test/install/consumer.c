/* An out-of-tree program built against the installed pgo package: builds a
 * diamond, analyses it and checks the dominator tree. */
#include <pgo/core.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  if (strcmp(pgo_version(), PGO_VERSION_STRING) != 0) {
    fprintf(stderr, "header %s vs library %s\n", PGO_VERSION_STRING, pgo_version());
    return 1;
  }
  pgo_cfg *g = NULL;
  uint32_t b[4];
  if (pgo_cfg_new(NULL, &g) != PGO_OK) return 1;
  for (int i = 0; i < 4; i++) pgo_cfg_add_block(g, (uint32_t)i * 3, 3, &b[i]);
  pgo_cfg_add_edge(g, b[0], b[1]);
  pgo_cfg_add_edge(g, b[0], b[2]);
  pgo_cfg_add_edge(g, b[1], b[3]);
  pgo_cfg_add_edge(g, b[2], b[3]);
  pgo_cfg_set_term(g, b[0], PGO_TERM_BRANCH);
  pgo_cfg_set_term(g, b[1], PGO_TERM_JUMP);
  pgo_cfg_set_term(g, b[2], PGO_TERM_JUMP);
  pgo_cfg_set_term(g, b[3], PGO_TERM_RETURN);
  int ok = pgo_cfg_finish(g) == PGO_OK &&
           pgo_cfg_analyze(g, PGO_ANALYSIS_ALL) == PGO_OK &&
           pgo_cfg_idom(g, b[3]) == b[0] && pgo_cfg_ipdom(g, b[0]) == b[3] &&
           pgo_cfg_nloops(g) == 0;
  pgo_cfg_free(g);
  printf("consumer: %s\n", ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
