/* calendar: date arithmetic with many small conditionals.
 *
 * Days since 1970-01-01 are converted to (year, month, day) by a loop over
 * years and a month table (leap-year rule with the 4/100/400 guards),
 * back again by a closed formula, and the two must agree; weekdays, ISO
 * week numbers, "nth weekday of month" holidays and business-day
 * additions (skipping weekends and holidays) are computed; generated date
 * strings "YYYY-MM-DD" are parsed and validated (bad month, bad day,
 * February 29 of a common year).
 * INPUT: 0 dates spread over 1970-2100; 1 dates clustered around leap
 *        days and year ends; 2 one date string in three malformed.
 * Usage: calendar SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t seed;
static uint32_t rnd(uint32_t n) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 33) % n;
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int mdays(int y, int m) {
  static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : d[m - 1];
}

static void to_ymd(long days, int *y, int *m, int *d) {
  int yy = 1970;
  for (;;) {
    int len = leap(yy) ? 366 : 365;
    if (days < len)
      break;
    days -= len;
    yy++;
  }
  int mm = 1;
  while (days >= mdays(yy, mm)) {
    days -= mdays(yy, mm);
    mm++;
  }
  *y = yy;
  *m = mm;
  *d = (int)days + 1;
}

/* days from civil (proleptic Gregorian), closed form */
static long from_ymd(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int weekday(long days) { return (int)((days + 3) % 7); } /* 0 = Monday */

static int iso_week(long days) {
  int y, m, d;
  long thursday = days - weekday(days) + 3;
  to_ymd(thursday, &y, &m, &d);
  return (int)((thursday - from_ymd(y, 1, 1)) / 7) + 1;
}

static int holiday(long days) {
  int y, m, d;
  to_ymd(days, &y, &m, &d);
  if ((m == 1 && d == 1) || (m == 12 && (d == 25 || d == 26)) ||
      (m == 5 && d == 1))
    return 1;
  /* first Monday of September, fourth Thursday of November */
  int wd = weekday(days);
  if (m == 9 && wd == 0 && d <= 7)
    return 1;
  if (m == 11 && wd == 3 && d > 21 && d <= 28)
    return 1;
  return 0;
}

static long add_business(long days, int n) {
  while (n > 0) {
    days++;
    if (weekday(days) < 5 && !holiday(days))
      n--;
  }
  return days;
}

static int parse_date(const char *s, int *y, int *m, int *d) {
  int v[3] = {0, 0, 0}, widths[3] = {4, 2, 2};
  const char *p = s;
  for (int f = 0; f < 3; f++) {
    for (int k = 0; k < widths[f]; k++, p++) {
      if (*p < '0' || *p > '9')
        return 0;
      v[f] = v[f] * 10 + (*p - '0');
    }
    if (f < 2 && *p++ != '-')
      return 0;
  }
  if (*p != '\0' || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
      v[2] > mdays(v[0], v[1]))
    return 0;
  *y = v[0];
  *m = v[1];
  *d = v[2];
  return 1;
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  long v;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (end == argv[1] || *end || *size < 1 || *size > 100000000L)
    return 0;
  *input = 0;
  if (argc == 3) {
    v = strtol(argv[2], &end, 10);
    if (end == argv[2] || *end || v < 0 || v > 2)
      return 0;
    *input = (int)v;
  }
  return 1;
}

int main(int argc, char **argv) {
  long size;
  int input;
  if (!parse_args(argc, argv, &size, &input)) {
    fprintf(stderr, "usage: calendar SIZE(>=1) [INPUT 0-2]\n");
    return 2;
  }
  seed = 0xca1e0ull + (uint64_t)input * 13;
  uint64_t sum = 0;
  unsigned long bad = 0, hol = 0;
  char buf[16];
  for (long k = 0; k < size; k++) {
    long days;
    if (input == 1) {
      int y = 1971 + (int)rnd(129);
      int mon = rnd(2) ? 3 : 1;
      days = from_ymd(y, mon, 1) - 3 + (long)rnd(6);
    } else {
      days = (long)rnd(47482);
    }
    int y, m, d;
    to_ymd(days, &y, &m, &d);
    if (from_ymd(y, m, d) != days) {
      fprintf(stderr, "calendar: conversions disagree at day %ld\n", days);
      return 1;
    }
    int w = iso_week(days);
    long b = add_business(days, 1 + (int)rnd(10));
    hol += (unsigned long)holiday(days);
    sum = sum * 31 + (uint64_t)(w * 7 + weekday(days)) + (uint64_t)(b - days);
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    if (input == 2 && rnd(3) == 0) {
      switch (rnd(4)) {
      case 0:
        buf[5] = '1';
        buf[6] = '3';
        break;
      case 1:
        buf[8] = '3';
        buf[9] = '2';
        break;
      case 2:
        buf[4] = '/';
        break;
      default:
        buf[5] = '0';
        buf[6] = '2';
        buf[8] = '2';
        buf[9] = '9';
        buf[3] = '1';
        break;
      }
    }
    int py, pm, pd;
    if (!parse_date(buf, &py, &pm, &pd))
      bad++;
    else
      sum += (uint64_t)(py + pm + pd);
  }
  printf("checksum %016" PRIx64 "\n", sum);
  printf("dates %ld holidays %lu rejected %lu\n", size, hol, bad);
  return 0;
}
