#!/usr/bin/env python3
"""fit.py -- per-heuristic probabilities fitted on a training corpus
(evidence-based static branch prediction: Calder, Grunwald, Lindsay, Martin,
Mozer, Zorn, "Evidence-based Static Branch Prediction using Machine
Learning", TOPLAS 1997 -- here in its simplest form: each heuristic's
probability is its measured hit rate, as Ball & Larus and Wu & Larus
measured theirs, but on programs the evaluation does not use).

  fit.py WORK MODE NAME...      print the table fitted on the NAMEs as
                                PGO_SYNTH_HEURISTIC_LIST-style X() lines
                                and as a --probs argument

Inputs per workload W in WORK (bench/synth_accuracy.sh): W.prof.ll (the
truth, clang's instrumented run on W.arg) and W.hand.json or W.pgo.json
(pgo-show synth: which heuristics fired on which successor; what fires does
not depend on the probabilities, so any run with no heuristic disabled
will do).

Over the executed two-way conditional branches whose true direction is not
a tie, a heuristic h that voted "for" successor k scores a hit when k is
the successor taken more often.  MODE:
  count     p_h = (hits + 1) / (fired + 2)       (Laplace; every branch
                                                  weighs the same)
  weighted  p_h = (H + 0.5) / (F + 1), where a branch weighs its executions
            divided by the executions of all counted branches of its
            program (so each program weighs at most 1, as in the miss-rate
            mean the evaluation reports) and H, F sum those weights over
            hits and firings; the +0.5 / +1 is one program's worth of
            prior at p = 1/2.
  direct    the probabilities that minimise the training programs' mean
            execution-weighted direction miss (the metric reported) when
            combined as synthesis combines them: for a two-way branch,
            Dempster-Shafer over simple support functions is Bayes'
            rule, so the predicted direction is the sign of the sum of
            log-odds log(p/(1-p)) of the heuristics voting each way -- a
            linear model over the votes.  Coordinate descent from the hand
            values over a grid of probabilities, three passes.
A probability is clamped to [0.01, 0.9999]; a heuristic that never fired
on the training programs keeps its hand value.
"""
import math
import json
import sys

import accuracy

# The hand values pgo shipped before fitting (Wu & Larus Table 1 and
# pgo's own; include/pgo/synth.h history), the baseline of every
# comparison.
HAND = {
    'loop-branch': 0.88, 'loop-exit': 0.80, 'loop-header': 0.75,
    'pointer': 0.60, 'opcode': 0.84, 'guard': 0.62, 'call': 0.78,
    'store': 0.55, 'return': 0.72, 'cold-path': 0.9999,
}
ORDER = ['loop-branch', 'loop-exit', 'loop-header', 'pointer', 'opcode',
         'guard', 'call', 'store', 'return', 'cold-path']

_votes_cache = {}


def votes(work, name):
    """[(heuristic, hit, executions)] for program name, one entry per
    heuristic voting on a counted branch."""
    key = (work, name)
    if key in _votes_cache:
        return _votes_cache[key]
    prof = accuracy.parse_ll('%s/%s.prof.ll' % (work, name))
    path = '%s/%s.hand.json' % (work, name)
    try:
        f = open(path)
    except OSError:
        f = open('%s/%s.pgo.json' % (work, name))
    with f:
        d = json.load(f)
    out = []
    for m in d['methods']:
        pf = prof.get(m['name'])
        if not pf or not pf['entry_count']:
            continue
        for b in m['blocks']:
            w = pf['prof'].get(b['label'])
            if (not w or len(w) != 2 or len(b['succs']) != 2 or
                    sum(w) <= 2):
                continue
            truth = accuracy.direction(w)
            if truth is None:
                continue
            cnt = sum(w) - 2
            for k, s in enumerate(b['succs']):
                for h in s['heuristics']:
                    if h['vote'] == 'for':
                        out.append((h['name'], k == truth, cnt))
    _votes_cache[key] = out
    return out


_branch_cache = {}


def branches(work, name):
    """[(executions, truth, [(heuristic, successor voted for)])] over the
    program's counted two-way branches."""
    key = (work, name)
    if key in _branch_cache:
        return _branch_cache[key]
    prof = accuracy.parse_ll('%s/%s.prof.ll' % (work, name))
    path = '%s/%s.hand.json' % (work, name)
    try:
        f = open(path)
    except OSError:
        f = open('%s/%s.pgo.json' % (work, name))
    with f:
        d = json.load(f)
    out = []
    for m in d['methods']:
        pf = prof.get(m['name'])
        if not pf or not pf['entry_count']:
            continue
        for b in m['blocks']:
            w = pf['prof'].get(b['label'])
            if (not w or len(w) != 2 or len(b['succs']) != 2 or
                    sum(w) <= 2):
                continue
            truth = accuracy.direction(w)
            if truth is None:
                continue
            vs = [(h['name'], k) for k, s in enumerate(b['succs'])
                  for h in s['heuristics'] if h['vote'] == 'for']
            if any(h not in HAND for h, _ in vs):
                continue  # an annotation decided
            out.append((sum(w) - 2, truth, vs))
    _branch_cache[key] = out
    return out


GRID = [0.51, 0.53, 0.55, 0.58, 0.6, 0.63, 0.66, 0.7, 0.73, 0.76, 0.8, 0.84,
        0.88, 0.91, 0.94, 0.96, 0.98, 0.99, 0.995, 0.999, 0.9999]


def direct_miss(progs, lo):
    """mean over programs of the execution-weighted direction miss with
    log-odds lo"""
    tot = 0.0
    for bs in progs:
        miss = weight = 0.0
        for cnt, truth, vs in bs:
            s = 0.0
            for h, k in vs:
                s += lo[h] if k == 0 else -lo[h]
            weight += cnt
            if abs(s) < 1e-12:
                miss += 0.5 * cnt
            elif (s > 0) != (truth == 0):
                miss += cnt
        tot += miss / weight if weight else 0.0
    return tot / len(progs) if progs else 0.0


def fit_direct(work, names):
    progs = [branches(work, n) for n in names]
    table = dict(HAND)
    logit = lambda p: math.log(p / (1 - p))
    lo = {h: logit(p) for h, p in table.items()}
    best = direct_miss(progs, lo)
    for _ in range(3):
        changed = False
        for h in ORDER:
            keep = table[h]
            for p in GRID:
                lo[h] = logit(p)
                m = direct_miss(progs, lo)
                if m < best - 1e-12:
                    best, table[h], changed = m, p, True
            lo[h] = logit(table[h])
            del keep
        if not changed:
            break
    fired = {}
    for bs in progs:
        for _, _, vs in bs:
            for h, _ in vs:
                fired[h] = fired.get(h, 0) + 1
    return table, fired


def fit(work, names, mode):
    """{heuristic: probability} fitted on names; plus {heuristic: fired}."""
    if mode == 'direct':
        return fit_direct(work, names)
    hits, fired = {}, {}
    for name in names:
        v = votes(work, name)
        if mode == 'count':
            for h, hit, _ in v:
                fired[h] = fired.get(h, 0) + 1
                hits[h] = hits.get(h, 0) + (1 if hit else 0)
        else:
            total = sum(c for _, _, c in v)
            if total <= 0:
                continue
            for h, hit, c in v:
                fired[h] = fired.get(h, 0.0) + c / total
                hits[h] = hits.get(h, 0.0) + (c / total if hit else 0.0)
    table = {}
    for h in ORDER:
        if not fired.get(h):
            table[h] = HAND[h]
            continue
        if mode == 'count':
            p = (hits[h] + 1.0) / (fired[h] + 2.0)
        else:
            p = (hits[h] + 0.5) / (fired[h] + 1.0)
        table[h] = min(0.9999, max(0.01, p))
    return table, fired


def probs_arg(table):
    return ','.join('%s=%.4f' % (h, table[h]) for h in ORDER)


def main():
    if len(sys.argv) < 4 or sys.argv[2] not in ('count', 'weighted',
                                                'direct'):
        sys.stderr.write('usage: fit.py WORK count|weighted|direct '
                         'NAME...\n')
        return 2
    work, mode, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    table, fired = fit(work, names, mode)
    print('/* fitted by bench/synth_accuracy/fit.py (%s) on %d programs:'
          ' %s */' % (mode, len(names), ' '.join(names)))
    for h in ORDER:
        print('  %-12s %.4f   (hand %.4f, fired %s)' % (
            h, table[h], HAND[h],
            ('%d' % fired.get(h, 0)) if mode != 'weighted'
            else '%.2f programs' % fired.get(h, 0.0)))
    print('--probs ' + probs_arg(table))
    return 0


if __name__ == '__main__':
    sys.exit(main())
