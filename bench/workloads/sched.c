/* sched: a process scheduler as a switch-driven state machine per task.
 *
 * Tasks move between states NEW, READY, RUNNING, BLOCKED (on one of 4
 * devices), SLEEPING and DONE; each tick the scheduler picks the highest
 * priority READY task from per-priority ring queues (first non-empty
 * level, a scan with an early exit), runs its next "instruction" from a
 * generated script (compute, I/O, sleep, yield, fork, exit) through a
 * switch, and services device completions and timers.  Priorities decay
 * with CPU use and are boosted after I/O.  Queue overflow and task-table
 * exhaustion are handled (fork fails).
 * INPUT: 0 CPU-bound scripts; 1 I/O-bound scripts (blocked/woken often);
 *        2 fork-heavy scripts (table full, failures).
 * Usage: sched SIZE [INPUT]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define MAXT 64
#define NPRIO 8
#define QCAP 64
#define NDEV 4

enum { T_FREE, T_NEW, T_READY, T_RUNNING, T_BLOCKED, T_SLEEPING, T_DONE };
enum { I_COMPUTE, I_IO, I_SLEEP, I_YIELD, I_FORK, I_EXIT };

typedef struct task {
  int state, prio, pc, dev, wake, used, len;
  unsigned char script[32];
} task;

static task tasks[MAXT];
static int q[NPRIO][QCAP], qh[NPRIO], qn[NPRIO];
static int devq[NDEV][QCAP], dh[NDEV], dn[NDEV], dbusy[NDEV];

static uint64_t seed;
static uint32_t rnd(uint32_t n) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 33) % n;
}

static int enqueue(int t) {
  int p = tasks[t].prio;
  if (qn[p] == QCAP)
    return 0;
  q[p][(qh[p] + qn[p]) % QCAP] = t;
  qn[p]++;
  tasks[t].state = T_READY;
  return 1;
}

static int pick(void) {
  for (int p = 0; p < NPRIO; p++)
    if (qn[p] > 0) {
      int t = q[p][qh[p]];
      qh[p] = (qh[p] + 1) % QCAP;
      qn[p]--;
      return t;
    }
  return -1;
}

static void make_script(task *t, int input) {
  t->len = 8 + (int)rnd(24);
  for (int i = 0; i < t->len; i++) {
    unsigned r = rnd(100);
    int op;
    if (input == 1)
      op = r < 40 ? I_COMPUTE : r < 85 ? I_IO : r < 95 ? I_SLEEP : I_YIELD;
    else if (input == 2)
      op = r < 50 ? I_COMPUTE : r < 75 ? I_FORK : r < 85 ? I_IO : I_YIELD;
    else
      op = r < 85 ? I_COMPUTE : r < 90 ? I_IO : r < 95 ? I_YIELD : I_SLEEP;
    t->script[i] = (unsigned char)op;
  }
  t->script[t->len - 1] = I_EXIT;
}

static int spawn(int input) {
  for (int t = 0; t < MAXT; t++)
    if (tasks[t].state == T_FREE) {
      tasks[t].state = T_NEW;
      tasks[t].prio = (int)rnd(NPRIO);
      tasks[t].pc = tasks[t].used = 0;
      make_script(&tasks[t], input);
      return t;
    }
  return -1;
}

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

int main(int argc, char **argv) {
  long size;
  int input;
  if (!parse_args(argc, argv, &size, &input)) {
    fprintf(stderr, "usage: sched SIZE(>=1) [INPUT 0-2]\n");
    return 2;
  }
  seed = 0x5c4edull + (uint64_t)input * 37;
  uint64_t sum = 0;
  unsigned long done = 0, forks_failed = 0, idle = 0, ios = 0, dropped = 0;
  int running = -1, slice = 0;
  for (long now = 0; now < size; now++) {
    /* arrivals */
    if (rnd(input == 2 ? 50 : 10) == 0) {
      int t = spawn(input);
      if (t >= 0 && !enqueue(t)) {
        tasks[t].state = T_FREE;
        dropped++;
      }
    }
    /* devices and timers */
    for (int d = 0; d < NDEV; d++) {
      if (dbusy[d] > 0 && --dbusy[d] == 0 && dn[d] > 0) {
        int t = devq[d][dh[d]];
        dh[d] = (dh[d] + 1) % QCAP;
        dn[d]--;
        if (tasks[t].prio > 0)
          tasks[t].prio--; /* I/O boost */
        if (!enqueue(t)) {
          tasks[t].state = T_FREE;
          dropped++;
        }
        if (dn[d] > 0)
          dbusy[d] = 3 + (int)rnd(20);
      }
    }
    if ((now & 7) == 0)
      for (int t = 0; t < MAXT; t++)
        if (tasks[t].state == T_SLEEPING && tasks[t].wake <= now &&
            !enqueue(t)) {
          tasks[t].state = T_FREE;
          dropped++;
        }
    if (running < 0) {
      running = pick();
      slice = 0;
      if (running < 0) {
        idle++;
        continue;
      }
      tasks[running].state = T_RUNNING;
    }
    task *t = &tasks[running];
    int op = t->script[t->pc];
    int keep = 1;
    switch (op) {
    case I_COMPUTE:
      t->used++;
      sum = sum * 31 + (uint64_t)running + (uint64_t)t->pc;
      if (rnd(4) == 0)
        t->pc++;
      break;
    case I_IO: {
      int d = (int)rnd(NDEV);
      t->pc++;
      if (dn[d] == QCAP) {
        break; /* device queue full: retry later as compute */
      }
      devq[d][(dh[d] + dn[d]) % QCAP] = running;
      dn[d]++;
      if (dbusy[d] == 0)
        dbusy[d] = 3 + (int)rnd(20);
      t->state = T_BLOCKED;
      ios++;
      keep = 0;
      break;
    }
    case I_SLEEP:
      t->pc++;
      t->wake = (int)(now + 10 + rnd(100));
      t->state = T_SLEEPING;
      keep = 0;
      break;
    case I_YIELD:
      t->pc++;
      keep = 0;
      if (!enqueue(running)) {
        t->state = T_FREE;
        dropped++;
      }
      break;
    case I_FORK: {
      t->pc++;
      int c = spawn(input);
      if (c < 0)
        forks_failed++;
      else if (!enqueue(c)) {
        tasks[c].state = T_FREE;
        dropped++;
      }
      break;
    }
    default:
      t->state = T_FREE;
      done++;
      sum ^= (uint64_t)t->used << 7;
      keep = 0;
      break;
    }
    if (keep && ++slice >= 8) {
      if (t->prio < NPRIO - 1)
        t->prio++; /* decay */
      keep = 0;
      if (!enqueue(running)) {
        t->state = T_FREE;
        dropped++;
      }
    }
    if (!keep)
      running = -1;
  }
  printf("checksum %016" PRIx64 "\n", sum);
  printf("ticks %ld done %lu io %lu idle %lu fork-failed %lu dropped %lu\n",
         size, done, ios, idle, forks_failed, dropped);
  return 0;
}
