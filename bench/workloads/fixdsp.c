/* fixdsp: fixed-point signal processing in Q15 with saturation.
 *
 * A generated signal (sum of square/triangle waves, noise, bursts) goes
 * through a 32-tap FIR low-pass (Q15 coefficients, 32-bit accumulator with
 * saturation to 16 bits), a cascade of two biquad IIR sections (Q14
 * coefficients, clamped state), a first-order DC blocker, an envelope
 * follower with attack/release, a noise gate with hysteresis and a hard
 * limiter; a zero-crossing counter and a peak detector run on the output.
 * INPUT: 0 moderate levels; 1 loud input (saturation and limiting paths);
 *        2 quiet input with bursts (gate opens and closes).
 * Usage: fixdsp SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define TAPS 32

static uint64_t seed;
static int32_t noise(int32_t amp) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (int32_t)((seed >> 33) % (uint32_t)(2 * amp + 1)) - amp;
}

static int16_t sat16(int32_t v) {
  if (v > 32767)
    return 32767;
  if (v < -32768)
    return -32768;
  return (int16_t)v;
}

typedef struct biquad {
  int32_t b0, b1, b2, a1, a2; /* Q14 */
  int32_t x1, x2, y1, y2;
} biquad;

static int16_t biquad_step(biquad *q, int16_t x) {
  int64_t acc = (int64_t)q->b0 * x + (int64_t)q->b1 * q->x1 +
                (int64_t)q->b2 * q->x2 - (int64_t)q->a1 * q->y1 -
                (int64_t)q->a2 * q->y2;
  int32_t y = (int32_t)(acc / 16384);
  int16_t out = sat16(y);
  q->x2 = q->x1;
  q->x1 = x;
  q->y2 = q->y1;
  q->y1 = out;
  return out;
}

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  long v;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (end == argv[1] || *end || *size < 64 || *size > 1000000000L)
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
    fprintf(stderr, "usage: fixdsp SIZE(>=64) [INPUT 0-2]\n");
    return 2;
  }
  seed = 0xd5bull + (uint64_t)input * 7;
  int32_t coef[TAPS];
  int32_t csum = 0;
  for (int k = 0; k < TAPS; k++) {
    int d = k - TAPS / 2;
    coef[k] = 1200 - 4 * d * d; /* a crude parabolic window */
    csum += coef[k];
  }
  for (int k = 0; k < TAPS; k++)
    coef[k] = coef[k] * 32767 / csum;
  int16_t hist[TAPS] = {0};
  biquad q1 = {4096, 8192, 4096, -12000, 4500, 0, 0, 0, 0};
  biquad q2 = {6000, -9000, 6000, -8000, 3000, 0, 0, 0, 0};
  int32_t amp = input == 1 ? 40000 : input == 2 ? 600 : 9000;
  int32_t dc_x = 0, dc_y = 0, env = 0, peak = 0;
  int gate = 0, last_sign = 0;
  unsigned long sat = 0, limited = 0, gate_flips = 0, zc = 0, burst = 0;
  uint64_t sum = 0;
  int hp = 0;
  for (long n = 0; n < size; n++) {
    int32_t phase = (int32_t)(n % 400);
    int32_t sq = phase < 200 ? amp : -amp;
    int32_t tri =
        phase < 200 ? -amp + amp * phase / 100 : 3 * amp - amp * phase / 100;
    int32_t s = sq / 3 + tri / 2 + noise(amp / 4 + 1);
    if (burst == 0 && noise(1000) > 995)
      burst = 300;
    if (burst > 0) {
      burst--;
      s += input == 2 ? noise(20000) : noise(amp);
    }
    int16_t x = sat16(s);
    if (x != s)
      sat++;
    hist[hp] = x;
    int32_t acc = 0;
    for (int k = 0; k < TAPS; k++) {
      int idx = hp - k;
      if (idx < 0)
        idx += TAPS;
      acc += (coef[k] * hist[idx]) >> 4;
    }
    hp = hp + 1 == TAPS ? 0 : hp + 1;
    int16_t y = sat16(acc >> 11);
    y = biquad_step(&q1, y);
    y = biquad_step(&q2, y);
    /* DC blocker: y[n] = x[n] - x[n-1] + 0.995 y[n-1] */
    int32_t dc = y - dc_x + (dc_y * 32604) / 32768;
    dc_x = y;
    dc_y = dc;
    int32_t a = dc < 0 ? -dc : dc;
    if (a > env)
      env += (a - env) / 8;
    else
      env -= (env - a) / 256;
    if (!gate && env > 1500) {
      gate = 1;
      gate_flips++;
    } else if (gate && env < 800) {
      gate = 0;
      gate_flips++;
    }
    int32_t out = gate ? dc : dc / 16;
    if (out > 24000) {
      out = 24000;
      limited++;
    } else if (out < -24000) {
      out = -24000;
      limited++;
    }
    int sign = out > 0 ? 1 : out < 0 ? -1 : 0;
    if (sign != 0 && sign != last_sign) {
      if (last_sign != 0)
        zc++;
      last_sign = sign;
    }
    if (out > peak)
      peak = out;
    sum = sum * 0x100000001b3ull + (uint32_t)out;
  }
  printf("checksum %016" PRIx64 "\n", sum);
  printf("samples %ld saturated %lu limited %lu gate-flips %lu zero-crossings "
         "%lu peak %ld\n",
         size, sat, limited, gate_flips, zc, (long)peak);
  return 0;
}
