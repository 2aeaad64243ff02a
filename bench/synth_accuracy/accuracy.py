#!/usr/bin/env python3
"""accuracy.py -- compare pgo's synthesized profile and LLVM's static
estimates with the real profile of a run (docs/synth.md, "Accuracy").

Inputs per workload W (made by bench/synth_accuracy.sh in WORK):
  W.ll          plain IR  (clang-19 -O1 -Xclang -disable-llvm-passes
                           -fno-discard-value-names -g0)
  W.prof.ll     the same, with -fprofile-instr-use=W.profdata (truth)
  W.truth.bfi   opt-19 -passes='print<block-freq>' on W.prof.ll
  W.llvm.bpi    opt-19 -passes='lower-expect,print<branch-prob>' on W.ll
  W.llvm.bfi    opt-19 -passes='lower-expect,print<block-freq>' on W.ll
  W.pgo.json    pgo-show synth W.ll --format json

Metrics (per workload; the aggregate is the mean over workloads, each
workload weighing the same):
  miss   execution-weighted branch-direction miss rate: over the two-way
         conditional branches (two distinct targets) executed in the run,
         weight = the branch block's true count; a miss when the successor
         predicted more likely is not the one taken more often (a predicted
         tie counts half; a true tie counts as no miss).  A perfect static
         predictor scores 0.
  dyn    dynamic misprediction rate of a static predictor that always
         predicts the successor it gives the higher probability: the share
         of all executions of those branches that go the other way.
  bound  dyn of the perfect static predictor (each branch predicted its
         majority direction): what no static predictor can beat.
  overlap block-frequency overlap: per function, both profiles normalised
         to sum 1 over its blocks, overlap_f = sum_b min(t_b, p_b); the
         workload's overlap is sum_f share_f * overlap_f with share_f the
         function's share of all executed blocks (sum of true block
         counts).  1 = identical shape, 0 = disjoint.

Blocks correspond by function name + block label; a function whose labels
or successor lists differ between W.ll and W.prof.ll is reported and left
out of both metrics.
"""
import json
import re
import sys

DEF_RE = re.compile(r'^define\b.*?@("(?:[^"\\]|\\.)*"|[-\w.$]+)\(')
LABEL_RE = re.compile(r'^("(?:[^"\\]|\\.)*"|[-\w.$]+):')
LABEL_REF_RE = re.compile(r'label %("(?:[^"\\]|\\.)*"|[-\w.$]+)')
PROF_RE = re.compile(r'!prof !(\d+)')
MD_RE = re.compile(r'^!(\d+) = !\{(.*)\}\s*$')
TERMS = ('br ', 'switch ', 'ret', 'unreachable', 'indirectbr ', 'invoke ',
         'resume ', 'callbr ', 'cleanupret ', 'catchret ', 'catchswitch ')


def unq(name):
    return name[1:-1] if name.startswith('"') else name


def parse_ll(path):
    """{func: {'blocks': [labels], 'succ': {label: [labels]},
               'prof': {label: [weights]}, 'entry_count': int or None}}"""
    funcs, md = {}, {}
    cur = None
    block = None
    pending = None  # multi-line switch text
    with open(path) as f:
        lines = f.read().split('\n')
    for line in lines:
        m = MD_RE.match(line)
        if m:
            md[m.group(1)] = m.group(2)
    for line in lines:
        if cur is None:
            m = DEF_RE.match(line)
            if m:
                name = unq(m.group(1))
                cur = {'blocks': [], 'succ': {}, 'prof': {},
                       'entry_count': None, '_prof_md': None}
                pm = PROF_RE.search(line)
                if pm:
                    cur['_prof_md'] = pm.group(1)
                funcs[name] = cur
                block = None
            continue
        if line.startswith('}'):
            cur = None
            continue
        m = LABEL_RE.match(line)
        if m:
            block = unq(m.group(1))
            cur['blocks'].append(block)
            continue
        s = line.strip()
        if block is None and s and not s.startswith(';'):
            block = 'entry'  # unnamed first block
            cur['blocks'].append(block)
        if pending is not None:
            pending += ' ' + s
            if ']' in s:
                finish_term(cur, block, pending, md)
                pending = None
            continue
        if s.startswith('switch ') and ']' not in s:
            pending = s
            continue
        if s.startswith(TERMS) or re.match(r'^%[-\w.$"]+ = (invoke|callbr) ', s):
            finish_term(cur, block, s, md)
    for name, fn in funcs.items():
        if fn['_prof_md'] and fn['_prof_md'] in md:
            nums = re.findall(r'i64 (\d+)', md[fn['_prof_md']])
            if 'function_entry_count' in md[fn['_prof_md']] and nums:
                fn['entry_count'] = int(nums[0])
        del fn['_prof_md']
    return funcs


def finish_term(fn, block, text, md):
    body = text.split('!prof')[0]
    fn['succ'][block] = [unq(x) for x in LABEL_REF_RE.findall(body)]
    pm = PROF_RE.search(text)
    if pm and pm.group(1) in md and 'branch_weights' in md[pm.group(1)]:
        fn['prof'][block] = [int(x) for x in
                             re.findall(r'i(?:32|64) (\d+)', md[pm.group(1)])]


def parse_bfi(path):
    """{func: {label: int frequency}} from print<block-freq>."""
    out, cur = {}, None
    with open(path) as f:
        for line in f:
            m = re.match(r"^block-frequency-info: (.*)$", line.rstrip('\n'))
            if m:
                cur = out.setdefault(m.group(1), {})
                continue
            m = re.match(r'^ - (.*): float = [^,]*, int = (\d+)', line)
            if m and cur is not None:
                cur[unq(m.group(1).lstrip('%'))] = int(m.group(2))
    return out


def parse_bpi(path):
    """{func: {src: [(dst, prob)]}} in successor order."""
    out, cur = {}, None
    with open(path) as f:
        for line in f:
            m = re.match(r"^Printing analysis 'Branch Probability Analysis' "
                         r"for function '(.*)':", line)
            if m:
                cur = out.setdefault(m.group(1), {})
                continue
            m = re.match(r'^\s*edge %(.*) -> %(.*) probability is '
                         r'0x([0-9a-f]+) / 0x([0-9a-f]+)', line)
            if m and cur is not None:
                cur.setdefault(unq(m.group(1)), []).append(
                    (unq(m.group(2)), int(m.group(3), 16) / int(m.group(4), 16)))
    return out


def parse_pgo(path):
    """{func: {'freq': {label: f}, 'succ': {label: [(dst, prob)]}}}"""
    with open(path) as f:
        d = json.load(f)
    out = {}
    for m in d['methods']:
        labels = [b['label'] if b['label'] is not None else 'bb%d' % b['index']
                  for b in m['blocks']]
        freq, succ = {}, {}
        for b, lab in zip(m['blocks'], labels):
            freq[lab] = b['freq']
            succ[lab] = [(labels[s['target']], s['prob']) for s in b['succs']]
        out[m['name']] = {'freq': freq, 'succ': succ}
    return out


def direction(probs):
    """index of the larger of two, or None on a tie"""
    if probs[0] > probs[1]:
        return 0
    if probs[1] > probs[0]:
        return 1
    return None


def evaluate(work, name, pgo_json=None, cache=None):
    """Scores W.pgo.json (or pgo_json, another pgo-show synth output for
    the same W.ll) and LLVM's estimates against the truth.  cache: a dict
    kept between calls to parse the truth files once."""
    key = (work, name)
    if cache is not None and key in cache:
        plain, prof, tbfi, lbfi, lbpi = cache[key]
    else:
        plain = parse_ll('%s/%s.ll' % (work, name))
        prof = parse_ll('%s/%s.prof.ll' % (work, name))
        tbfi = parse_bfi('%s/%s.truth.bfi' % (work, name))
        lbfi = parse_bfi('%s/%s.llvm.bfi' % (work, name))
        lbpi = parse_bpi('%s/%s.llvm.bpi' % (work, name))
        if cache is not None:
            cache[key] = (plain, prof, tbfi, lbfi, lbpi)
    pgo = parse_pgo(pgo_json or '%s/%s.pgo.json' % (work, name))
    return score(name, plain, prof, tbfi, lbfi, lbpi, pgo)


def score(name, plain, prof, tbfi, lbfi, lbpi, pgo):
    mismatched, funcs = [], []
    for fname, pf in prof.items():
        ec = pf['entry_count']
        if not ec:
            continue
        fp = plain.get(fname)
        if (fp is None or fp['blocks'] != pf['blocks'] or
                fp['succ'] != pf['succ'] or fname not in pgo or
                fname not in tbfi or fname not in lbfi):
            mismatched.append(fname)
            continue
        pg = pgo[fname]
        if set(pg['freq']) != set(pf['blocks']):
            mismatched.append(fname)
            continue
        funcs.append(fname)
    # true counts
    total = 0.0
    tcount = {}
    for fname in funcs:
        bfi = tbfi[fname]
        entry = prof[fname]['blocks'][0]
        base = bfi.get(entry, 0)
        ec = prof[fname]['entry_count']
        tc = {b: (bfi.get(b, 0) / base * ec if base else 0.0)
              for b in prof[fname]['blocks']}
        tcount[fname] = tc
        total += sum(tc.values())
    res = {'name': name, 'functions': len(funcs), 'mismatched': mismatched,
           'branches': 0, 'weight': 0.0, 'miss_pgo': 0.0, 'miss_llvm': 0.0,
           'ov_pgo': 0.0, 'ov_llvm': 0.0, 'miss_bound': 0.0,
           'dyn_pgo': 0.0, 'dyn_llvm': 0.0}
    for fname in funcs:
        pf, tc = prof[fname], tcount[fname]
        fsum = sum(tc.values())
        if fsum <= 0:
            continue
        share = fsum / total
        # overlap
        pg = pgo[fname]['freq']
        lb = lbfi[fname]
        psum = sum(pg.values())
        lsum = sum(lb.get(b, 0) for b in pf['blocks'])
        ov_p = sum(min(tc[b] / fsum, pg[b] / psum if psum else 0)
                   for b in pf['blocks'])
        ov_l = sum(min(tc[b] / fsum, lb.get(b, 0) / lsum if lsum else 0)
                   for b in pf['blocks'])
        res['ov_pgo'] += share * ov_p
        res['ov_llvm'] += share * ov_l
        # branch directions
        for b in pf['blocks']:
            succ = pf['succ'].get(b, [])
            w = pf['prof'].get(b)
            if len(succ) != 2 or succ[0] == succ[1] or not w or len(w) != 2:
                continue
            cnt = tc[b]
            if cnt <= 0 or sum(w) <= 2:
                continue  # not executed (clang adds 1 to every weight)
            truth = direction(w)
            res['branches'] += 1
            res['weight'] += cnt
            if truth is None:
                continue
            # perfect static predictor: always the majority direction
            res['miss_bound'] += cnt * (min(w) - 1) / (sum(w) - 2)
            ps = pgo[fname]['succ'][b]
            lp = lbpi.get(fname, {}).get(b, [])
            lo = (min(w) - 1) / (sum(w) - 2)
            for key, pr in (('miss_pgo', [p for _, p in ps]),
                            ('miss_llvm', [p for _, p in lp])):
                dkey = 'dyn' + key[4:]
                if len(pr) != 2:
                    res[key] += 0.5 * cnt
                    res[dkey] += 0.5 * cnt
                    continue
                d = direction(pr)
                res[key] += cnt * (0.5 if d is None else float(d != truth))
                # dynamic: the share of the branch's executions that go
                # against the static prediction
                res[dkey] += cnt * (0.5 if d is None else
                                    (1 - lo if d != truth else lo))
    if res['weight'] > 0:
        res['miss_pgo'] /= res['weight']
        res['miss_llvm'] /= res['weight']
        res['miss_bound'] /= res['weight']
        res['dyn_pgo'] /= res['weight']
        res['dyn_llvm'] /= res['weight']
    return res


def heuristic_hits(work, names):
    """Per heuristic, over executed two-way branches where it fired: how
    often the successor it favoured was the more frequent one (static
    count, and weighted by the branch's executions)."""
    stats = {}
    for name in names:
        prof = parse_ll('%s/%s.prof.ll' % (work, name))
        with open('%s/%s.pgo.json' % (work, name)) as f:
            d = json.load(f)
        for m in d['methods']:
            pf = prof.get(m['name'])
            if not pf or not pf['entry_count']:
                continue
            for b in m['blocks']:
                w = pf['prof'].get(b['label'])
                if (not w or len(w) != 2 or len(b['succs']) != 2 or
                        sum(w) <= 2):
                    continue
                truth = direction(w)
                if truth is None:
                    continue
                cnt = sum(w) - 2
                for k, s in enumerate(b['succs']):
                    for h in s['heuristics']:
                        if h['vote'] != 'for':
                            continue
                        st = stats.setdefault(h['name'], [0, 0, 0.0, 0.0])
                        st[0] += 1
                        st[2] += cnt
                        if k == truth:
                            st[1] += 1
                            st[3] += cnt
    return stats


def main():
    work, names = sys.argv[1], sys.argv[2:]
    rows = [evaluate(work, n) for n in names]
    print('| workload | functions | 2-way branches | miss pgo | miss LLVM '
          '| overlap pgo | overlap LLVM |')
    print('|---|---:|---:|---:|---:|---:|---:|')
    for r in rows:
        print('| %s | %d | %d | %.2f%% | %.2f%% | %.3f | %.3f |' % (
            r['name'], r['functions'], r['branches'], 100 * r['miss_pgo'],
            100 * r['miss_llvm'], r['ov_pgo'], r['ov_llvm']))
    n = len(rows)
    if n:
        mp = sum(r['miss_pgo'] for r in rows) / n
        ml = sum(r['miss_llvm'] for r in rows) / n
        op = sum(r['ov_pgo'] for r in rows) / n
        ol = sum(r['ov_llvm'] for r in rows) / n
        print('| **mean** | %d | %d | **%.2f%%** | **%.2f%%** | **%.3f** | '
              '**%.3f** |' % (sum(r['functions'] for r in rows),
                              sum(r['branches'] for r in rows), 100 * mp,
                              100 * ml, op, ol))
        wins = sum(1 for r in rows if r['miss_pgo'] < r['miss_llvm'])
        owins = sum(1 for r in rows if r['ov_pgo'] > r['ov_llvm'])
        print()
        print('pgo has the lower miss rate on %d of %d workloads and the '
              'higher overlap on %d of %d.' % (wins, n, owins, n))
    stats = heuristic_hits(work, names)
    if stats:
        print()
        print('| heuristic (pgo) | branches fired | right | right, '
              'execution-weighted |')
        print('|---|---:|---:|---:|')
        for h in sorted(stats):
            n, hit, w, whit = stats[h]
            print('| %s | %d | %.1f%% | %.1f%% |' % (
                h, n, 100.0 * hit / n, 100.0 * whit / w if w else 0))
    for r in rows:
        if r['mismatched']:
            print('%s: functions whose blocks do not correspond (left out): %s'
                  % (r['name'], ' '.join(r['mismatched'])))
    return 0


if __name__ == '__main__':
    sys.exit(main())
