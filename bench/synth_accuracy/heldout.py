#!/usr/bin/env python3
"""heldout.py -- held-out accuracy of pgo's synthesis against LLVM's static
estimates (docs/synth.md, "Accuracy, held out").

  heldout.py PGO_SHOW WORK [--folds K] [--jobs J] [--no-ablation] NAME...

WORK holds, per workload, what bench/synth_accuracy.sh made (W.ll, the
truth W.prof.ll / W.truth.bfi, LLVM's W.llvm.bpi / W.llvm.bfi).  The
workloads are split into K folds (default 5) by a hash of their names
(stable: adding a workload moves no other).  For every fold, each
probability table is fitted (fit.py) on the other K-1 folds only and pgo
synthesises the fold's programs with it (pgo-show synth --probs); so every
pgo figure printed is for programs that took no part in fitting the
probabilities it was made with.  Tables:

  hand      the published probabilities (fit.HAND), fitted on nothing here
            -- but chosen, in earlier pgo versions, while looking at the
            twelve original workloads; the "new workloads only" row
            excludes those;
  count     fit.py count mode per fold;
  weighted  fit.py weighted mode per fold;
  direct    fit.py direct mode per fold (the probabilities minimising the
            training folds' mean miss).

Printed: per program (held out) the perfect-static bound, LLVM's and pgo's
miss rates and overlaps; per table the mean over programs and the spread
of the per-fold means (min / median / max); the worst program against
LLVM; and, for the table with the lowest held-out mean miss, an ablation:
the same held-out run with each heuristic disabled in turn.
"""
import hashlib
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import accuracy
import fit

MODES = ('count', 'weighted', 'direct')
TABLES = ('hand',) + MODES

ORIGINAL = {'bignum', 'compress', 'fptr', 'graph', 'hashtab', 'lexer',
            'numeric', 'parser', 'regex', 'sort', 'strmatch', 'vm'}


# Extra pgo-show synth arguments, e.g. PGO_SYNTH_EXTRA=--no-merge-hints.
EXTRA = os.environ.get('PGO_SYNTH_EXTRA', '').split()


def fold_of(name, k):
    return int(hashlib.sha1(name.encode()).hexdigest(), 16) % k


def synth(show, work, name, tag, probs, disable=None):
    out = '%s/%s.%s.json' % (work, name, tag)
    cmd = [show, 'synth', '%s/%s.ll' % (work, name), '--format', 'json',
           '--probs', fit.probs_arg(probs)]
    if disable:
        cmd += ['--disable', disable]
    cmd += EXTRA
    with open(out, 'w') as f:
        subprocess.run(cmd, stdout=f, check=True)
    return out


def median(xs):
    s = sorted(xs)
    n = len(s)
    if not n:
        return float('nan')
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def mean(xs):
    return sum(xs) / len(xs) if xs else float('nan')


def run_table(show, work, names, folds, k, tag, table_of, pool, cache,
              disable=None):
    """{name: score} with each fold's programs synthesised by
    table_of(fold)."""
    jobs = []
    for f in range(k):
        probs = table_of(f)
        for n in folds[f]:
            jobs.append((n, pool.submit(synth, show, work, n, tag, probs,
                                        disable)))
    res = {}
    for n, fut in jobs:
        res[n] = accuracy.evaluate(work, n, fut.result(), cache)
    return res


def spread(rows, folds, k, key, names):
    per = [mean([rows[n][key] for n in folds[f] if n in names])
           for f in range(k) if any(n in names for n in folds[f])]
    return min(per), median(per), max(per)


def main():
    args = sys.argv[1:]
    if len(args) < 3:
        sys.stderr.write(__doc__)
        return 2
    show, work = args[0], args[1]
    k, jobs, ablation, names = 5, 2, True, []
    i = 2
    while i < len(args):
        if args[i] == '--folds':
            k = int(args[i + 1])
            i += 2
        elif args[i] == '--jobs':
            jobs = int(args[i + 1])
            i += 2
        elif args[i] == '--no-ablation':
            ablation = False
            i += 1
        else:
            names.append(args[i])
            i += 1
    names = sorted(names)
    folds = [[n for n in names if fold_of(n, k) == f] for f in range(k)]
    cache = {}
    pool = ThreadPoolExecutor(max_workers=jobs)
    # The votes come from a run with the hand table (what fires does not
    # depend on the probabilities).
    hand_rows = run_table(show, work, names, folds, k, 'hand',
                          lambda f: fit.HAND, pool, cache)
    tables = {'hand': {f: fit.HAND for f in range(k)}}
    rows = {'hand': hand_rows}
    for mode in MODES:
        tables[mode] = {}
        for f in range(k):
            train = [n for n in names if fold_of(n, k) != f]
            tables[mode][f] = fit.fit(work, train, mode)[0]
        rows[mode] = run_table(show, work, names, folds, k, mode,
                               lambda f, m=mode: tables[m][f], pool, cache)

    new = [n for n in names if n not in ORIGINAL]
    print('%d programs (%d new), %d folds by name hash: %s' % (
        len(names), len(new), k,
        '; '.join(' '.join(fl) for fl in folds)))
    print()
    print('| program | fold | miss LLVM | ' +
          ' | '.join('miss ' + t for t in TABLES) + ' | dyn bound | dyn LLVM | ' +
          ' | '.join('dyn ' + t for t in TABLES) + ' | overlap LLVM | ' +
          ' | '.join('overlap ' + t for t in TABLES) + ' |')
    print('|---|---:|' + '---:|' * (3 + 3 * len(TABLES)))
    for n in names:
        h = rows['hand'][n]
        print('| %s%s | %d | %.3f | %s | %.3f | %.3f | %s | %.3f | %s |' % (
            n, '' if n in new else ' (orig.)', fold_of(n, k), h['miss_llvm'],
            ' | '.join('%.3f' % rows[t][n]['miss_pgo'] for t in TABLES),
            h['miss_bound'], h['dyn_llvm'],
            ' | '.join('%.3f' % rows[t][n]['dyn_pgo'] for t in TABLES),
            h['ov_llvm'],
            ' | '.join('%.3f' % rows[t][n]['ov_pgo'] for t in TABLES)))
    print()
    print('| predictor | programs | mean miss | per-fold miss min / median '
          '/ max | mean dyn | mean overlap | per-fold overlap min / median / '
          'max | programs > LLVM + 0.02 miss | worst vs LLVM (miss) |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|---|')
    for label, subset in (('all', names), ('new only', new)):
        sset = set(subset)
        r = rows['hand']
        mb = mean([r[n]['miss_bound'] for n in subset])
        lo, md, hi = spread(r, folds, k, 'miss_bound', sset)
        print('| perfect static, %s | %d | 0 | - | %.3f (%.3f / %.3f / %.3f '
              'per fold) | - | - | - | - |' % (label, len(subset), mb, lo, md,
                                               hi))
        ml = mean([r[n]['miss_llvm'] for n in subset])
        ol = mean([r[n]['ov_llvm'] for n in subset])
        a = spread(r, folds, k, 'miss_llvm', sset)
        b = spread(r, folds, k, 'ov_llvm', sset)
        dl = mean([r[n]['dyn_llvm'] for n in subset])
        print('| LLVM 19 BPI/BFI, %s | %d | %.3f | %.3f / %.3f / %.3f | %.3f '
              '| %.3f | %.3f / %.3f / %.3f | - | - |' % (
                  label, len(subset), ml, a[0], a[1], a[2], dl, ol, b[0],
                  b[1], b[2]))
        for t in TABLES:
            r = rows[t]
            mp = mean([r[n]['miss_pgo'] for n in subset])
            op = mean([r[n]['ov_pgo'] for n in subset])
            a = spread(r, folds, k, 'miss_pgo', sset)
            b = spread(r, folds, k, 'ov_pgo', sset)
            worse = [n for n in subset
                     if r[n]['miss_pgo'] > r[n]['miss_llvm'] + 0.02]
            worst = max(subset, key=lambda n: r[n]['miss_pgo'] -
                        r[n]['miss_llvm'])
            dp = mean([r[n]['dyn_pgo'] for n in subset])
            print('| pgo %s, %s | %d | %.3f | %.3f / %.3f / %.3f | %.3f | '
                  '%.3f | %.3f / %.3f / %.3f | %d | %s %+.3f |' % (
                      t, label, len(subset), mp, a[0], a[1], a[2], dp, op,
                      b[0], b[1], b[2], len(worse), worst,
                      r[worst]['miss_pgo'] - r[worst]['miss_llvm']))
    print()
    best = min(TABLES,
               key=lambda t: mean([rows[t][n]['miss_pgo'] for n in names]))
    print('lowest held-out mean miss: %s' % best)
    print()
    print('Per-fold fitted probabilities (min / max over folds), and the '
          'table fitted on all %d programs:' % len(names))
    print()
    print('| heuristic | hand | ' + ' | '.join(
        '%s folds | %s all' % (t, t) for t in MODES) + ' |')
    print('|---|---:|' + '---:|---:|' * len(MODES))
    alls = {t: fit.fit(work, names, t)[0] for t in MODES}
    for h in fit.ORDER:
        cells = []
        for t in MODES:
            cs = [tables[t][f][h] for f in range(k)]
            cells.append('%.3f-%.3f | %.4f' % (min(cs), max(cs), alls[t][h]))
        print('| %s | %.4f | %s |' % (h, fit.HAND[h], ' | '.join(cells)))
    for t in MODES:
        print()
        print('%s fitted on all: --probs %s' % (t, fit.probs_arg(alls[t])))
    if not ablation:
        return 0
    print()
    print('Ablation (table %s, held out): each heuristic disabled in turn.'
          % best)
    print()
    print('| disabled | mean miss | change | mean overlap | change |')
    print('|---|---:|---:|---:|---:|')
    base = rows[best]
    bm = mean([base[n]['miss_pgo'] for n in names])
    bo = mean([base[n]['ov_pgo'] for n in names])
    print('| (none) | %.3f | - | %.3f | - |' % (bm, bo))
    for h in fit.ORDER:
        r = run_table(show, work, names, folds, k, 'abl-' + h,
                      lambda f: tables[best][f], pool, cache, disable=h)
        m = mean([r[n]['miss_pgo'] for n in names])
        o = mean([r[n]['ov_pgo'] for n in names])
        print('| %s | %.3f | %+.3f | %.3f | %+.3f |' % (h, m, m - bm, o,
                                                        o - bo))
    for n in names:
        for t in list(TABLES) + ['abl-' + h
                                                  for h in fit.ORDER]:
            p = '%s/%s.%s.json' % (work, n, t)
            if t.startswith('abl-') and os.path.exists(p):
                os.remove(p)
    return 0


if __name__ == '__main__':
    sys.exit(main())
