/* events: discrete-event simulation of a queueing network on a binary heap.
 *
 * Customers arrive at a network of 8 stations, each with a FIFO ring
 * buffer and 1-3 servers; events (arrival, service done, breakdown,
 * repair) live in a binary min-heap keyed by time with a sequence number
 * breaking ties (sift-up/sift-down loops).  Routing after service is a
 * table of cumulative probabilities searched linearly; a full queue drops
 * the customer; a broken station holds its queue until repaired.
 * INPUT: 0 light load; 1 heavy load (long queues, drops);
 *        2 unreliable stations (frequent breakdowns).
 * Usage: events SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NST 8
#define QCAP 64
#define HEAP 4096

enum { EV_ARRIVE, EV_DONE, EV_BREAK, EV_REPAIR };

typedef struct ev {
  uint64_t time, seq;
  int kind, station, cust;
} ev;

static ev heap[HEAP];
static int hn;
static uint64_t seqno;

static int before(const ev *a, const ev *b) {
  return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static int push(uint64_t t, int kind, int st, int cust) {
  if (hn == HEAP)
    return 0;
  int i = hn++;
  ev e = {t, seqno++, kind, st, cust};
  while (i > 0 && before(&e, &heap[(i - 1) / 2])) {
    heap[i] = heap[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  heap[i] = e;
  return 1;
}

static ev pop(void) {
  ev top = heap[0], last = heap[--hn];
  int i = 0;
  for (;;) {
    int c = 2 * i + 1;
    if (c >= hn)
      break;
    if (c + 1 < hn && before(&heap[c + 1], &heap[c]))
      c++;
    if (!before(&heap[c], &last))
      break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = last;
  return top;
}

static uint64_t seed;
static uint32_t rnd(uint32_t n) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 33) % n;
}

typedef struct station {
  int q[QCAP], head, len, servers, busy, broken;
  unsigned route[NST + 1]; /* cumulative, per mille; last = exit */
  unsigned long served, dropped;
  uint64_t wait;
} station;

static station st[NST];

static int parse_args(int argc, char **argv, long *size, int *input) {
  char *end;
  long v;
  if (argc < 2 || argc > 3)
    return 0;
  *size = strtol(argv[1], &end, 10);
  if (end == argv[1] || *end || *size < 1 || *size > 1000000000L)
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

static void start(int s, uint64_t now, int input) {
  station *x = &st[s];
  while (!x->broken && x->busy < x->servers && x->len > 0) {
    int c = x->q[x->head];
    x->head = (x->head + 1) % QCAP;
    x->len--;
    x->busy++;
    push(now + 5 + rnd(input == 1 ? 60 : 30), EV_DONE, s, c);
  }
}

int main(int argc, char **argv) {
  long size;
  int input;
  if (!parse_args(argc, argv, &size, &input)) {
    fprintf(stderr, "usage: events SIZE(>=1) [INPUT 0-2]\n");
    return 2;
  }
  seed = 0xe7e47ull + (uint64_t)input * 11;
  for (int s = 0; s < NST; s++) {
    st[s].servers = 1 + (int)rnd(3);
    unsigned acc = 0;
    for (int k = 0; k < NST; k++) {
      acc += k > s ? rnd(200) : rnd(40);
      if (acc > 900)
        acc = 900;
      st[s].route[k] = acc;
    }
    st[s].route[NST] = 1000;
  }
  uint64_t sum = 0;
  int cust = 0;
  unsigned long processed = 0, exits = 0, breaks = 0;
  push(0, EV_ARRIVE, 0, cust++);
  for (int s = 0; s < NST; s++)
    push(1000 + rnd(100000), EV_BREAK, s, 0);
  while (processed < (unsigned long)size && hn > 0) {
    ev e = pop();
    processed++;
    station *x = &st[e.station];
    switch (e.kind) {
    case EV_ARRIVE:
      if (x->len == QCAP) {
        x->dropped++;
      } else {
        x->q[(x->head + x->len) % QCAP] = e.cust;
        x->len++;
        x->wait += (uint64_t)x->len;
        start(e.station, e.time, input);
      }
      if (e.station == 0 && e.cust == cust - 1)
        push(e.time + 1 + rnd(input == 1 ? 6 : 20), EV_ARRIVE, 0, cust++);
      break;
    case EV_DONE: {
      x->busy--;
      x->served++;
      unsigned r = rnd(1000);
      int k = 0;
      while (k < NST && r >= x->route[k])
        k++;
      if (k == NST)
        exits++;
      else
        push(e.time + 1, EV_ARRIVE, k, e.cust);
      start(e.station, e.time, input);
      sum = sum * 31 + (uint64_t)e.cust + e.time;
      break;
    }
    case EV_BREAK:
      x->broken = 1;
      breaks++;
      push(e.time + 200 + rnd(2000), EV_REPAIR, e.station, 0);
      break;
    default:
      x->broken = 0;
      start(e.station, e.time, input);
      push(e.time + (input == 2 ? 500 + rnd(3000) : 20000 + rnd(100000)),
           EV_BREAK, e.station, 0);
      break;
    }
  }
  unsigned long served = 0, dropped = 0;
  for (int s = 0; s < NST; s++) {
    served += st[s].served;
    dropped += st[s].dropped;
    sum = sum * 7 + st[s].wait;
  }
  printf("checksum %016" PRIx64 "\n", sum);
  printf("events %lu customers %d served %lu dropped %lu exits %lu breakdowns "
         "%lu\n",
         processed, cust, served, dropped, exits, breaks);
  return 0;
}
