#include "maint_test_util.h"
START_TEST(x) {} END_TEST
static Suite *suite(void) { Suite *s = suite_create("x"); TCase *t = tcase_create("x"); tcase_add_test(t, x); suite_add_tcase(s, t); return s; }
RUN_SUITE(suite())
