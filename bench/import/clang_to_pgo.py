#!/usr/bin/env python3
"""clang_to_pgo.py -- bring a clang-19 instrumented profile into pgo's YAML
profile format, keyed by pgo's own method identity and IL offsets.

Until pgo's own tier-0 instrumentation exists, this is how real measured
counts reach the store in the demo and the benchmarks.  It is a bench-side
bridge, not part of the product: it only re-keys data that clang measured.

Inputs (all for the same C source, built with the same flags):
  CFG_JSON   `pgo-show cfg PLAIN.ll --format json` -- method keys, blocks
             (label, IL offset), edges (source, successor index, target)
  PROF_LL    the IR built with -fprofile-instr-use (branch_weights and
             function_entry_count metadata)
  TRUTH_BFI  `opt-19 -passes='print<block-freq>' PROF_LL` (block counts)

Blocks correspond by function name + label (the IR is built with
-fno-discard-value-names, so every block has one; the harness in
bench/synth_accuracy checks the correspondence).  Edge counts come from the
branch weights, which clang writes as measured count + 1 (scaled down
together when a count of the function passes 2^32: then they are used as a
ratio of the block count); a single-successor block passes its count on; block counts
are the inflow (plus the entry count at the entry), solved from the
profile-driven BFI counts as the starting point.
Functions clang never ran are written with entry 0 only when --all is given.

Honest labels: the profile's run says `source: instrumented`, and the store
has no per-value provenance, so every value written must be measured.  A
method where some count could only be estimated from BFI (parallel paths
clang does not instrument, e.g. a cleanup switch) is left out, named on
stderr; --estimated writes it anyway (its estimates then pass as measured:
only for experiments, never in the demo or a benchmark's truth).

Usage: clang_to_pgo.py [--all] [--estimated] CFG_JSON PROF_LL TRUTH_BFI PROGRAM > OUT.yaml
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'synth_accuracy'))
import re  # noqa: E402

from accuracy import parse_ll, unq  # noqa: E402


def parse_counts(path):
    """{func: {label: count}} from print<block-freq> of profiled IR."""
    out, cur = {}, None
    with open(path) as f:
        for line in f:
            m = re.match(r'^block-frequency-info: (.*)$', line.rstrip('\n'))
            if m:
                cur = out.setdefault(m.group(1), {})
                continue
            m = re.match(r'^ - (.*): float = .*, count = (\d+)', line)
            if m and cur is not None:
                cur[unq(m.group(1).lstrip('%'))] = int(m.group(2))
    return out


def quote(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def main(argv):
    args = [a for a in argv[1:] if not a.startswith('--')]
    want_all = '--all' in argv
    keep_estimated = '--estimated' in argv
    unknown = [a for a in argv[1:] if a.startswith('--')
               and a not in ('--all', '--estimated')]
    if unknown:
        sys.stderr.write('clang_to_pgo: unknown option %s\n' % unknown[0])
        return 2
    if len(args) != 4:
        sys.stderr.write(__doc__.split('Usage: ')[1])
        return 2
    cfg_json, prof_ll, truth_bfi, program = args
    with open(cfg_json) as f:
        cfg = json.load(f)
    prof = parse_ll(prof_ll)
    truth = parse_counts(truth_bfi)
    out = ['pgo-profile: 1', 'runs:', '- source: instrumented',
           '  weight: 1', '  time: 0', '  program: ' + quote(program),
           '  tool: "clang-19 -fprofile-instr-generate (imported)"',
           'methods:']
    skipped = left_out = 0
    for m in cfg['methods']:
        name = m['name']
        p = prof.get(name)
        counts = truth.get(name, {})
        entry = p['entry_count'] if p and p['entry_count'] is not None else 0
        if entry == 0 and not want_all:
            continue
        blocks = m['blocks']
        label_of = [b['label'] or 'bb%d' % b['index'] for b in blocks]
        if p is not None and set(label_of) != set(p['blocks']):
            sys.stderr.write('clang_to_pgo: %s: blocks differ between %s and '
                             '%s; method skipped\n' % (name, cfg_json, prof_ll))
            skipped += 1
            continue
        bfi = [int(counts.get(lbl, 0)) for lbl in label_of]
        succ = {}
        for e in m['edges']:
            succ.setdefault(e['src'], []).append(e)
        for i in succ:
            succ[i].sort(key=lambda e: e['succ'])
        # Measured split of each branch.  clang writes weight = count + 1
        # (so that no weight is 0) and, when a count of the function passes
        # 2^32 - 1, divides every count by scale = max / (2^32 - 1) + 1
        # first, which leaves the largest weight at 2^31 or more.  Below
        # that the weights minus one are the measured counts; above it they
        # are only a ratio, applied to the block's count.
        ws = {}
        for i, es in succ.items():
            w = p['prof'].get(label_of[i]) if p else None
            if len(es) >= 2 and w and len(w) == len(es):
                ws[i] = w
        scaled = any(max(w) >= 1 << 31 for w in ws.values())
        exact, ratio = {}, {}
        for i, w in ws.items():
            if scaled:
                ratio[i] = w
            else:
                exact[i] = [max(x - 1, 0) for x in w]
        # Counts from flow conservation (inflow = count = outflow, the
        # entry count flowing into the entry): the measured branch edges are
        # known; single-successor edges and the splits clang does not
        # instrument (e.g. the switch of a cleanup block) are unknowns,
        # solved wherever a block has exactly one unknown edge on a side, as
        # in spanning-tree count reconstruction.  What stays unknown keeps
        # BFI's count and zero edges, and pgo-show check reports it.
        # A virtual exit takes every exit block's outflow; it totals the
        # entry count (the exit -> entry edge of the spanning-tree method).
        vexit = len(blocks)
        edges = list(m['edges'])
        for b in blocks:
            if b['index'] not in succ:
                edges.append({'src': b['index'], 'succ': -1, 'dst': vexit})
        ecount = [None] * len(edges)
        eid = {}
        for k, e in enumerate(edges):
            eid[(e['src'], e['succ'])] = k
            if e['src'] in exact:
                ecount[k] = exact[e['src']][e['succ']]
        ins, outs = {}, {}
        for k, e in enumerate(edges):
            outs.setdefault(e['src'], []).append(k)
            ins.setdefault(e['dst'], []).append(k)
        count = [None] * len(blocks) + [entry]
        entry_b = m['entry']
        guessed = 0
        changed = True
        while changed:
            changed = False
            for i in range(len(blocks) + 1):
                base = entry if i == entry_b else 0
                ie, oe = ins.get(i, []), outs.get(i, [])
                if count[i] is None:
                    if all(ecount[k] is not None for k in ie):
                        count[i] = base + sum(ecount[k] for k in ie)
                    elif oe and all(ecount[k] is not None for k in oe):
                        count[i] = sum(ecount[k] for k in oe)
                    else:
                        continue
                    changed = True
                if i in ratio and any(ecount[k] is None for k in oe):
                    w = ratio[i]
                    for k in oe:
                        ecount[k] = count[i] * w[edges[k]['succ']] // sum(w)
                    changed = True
                for side, extra in ((ie, base), (oe, 0)):
                    unk = [k for k in side if ecount[k] is None]
                    if len(unk) == 1:
                        rest = sum(ecount[k] for k in side if k != unk[0])
                        ecount[unk[0]] = max(count[i] - extra - rest, 0)
                        changed = True
            if changed:
                continue
            # Stuck: parallel unmeasured paths (e.g. a cleanup switch and
            # the block it falls back to) leave the system underdetermined.
            # Split one known block's remaining outflow by the successors'
            # BFI counts -- an estimate, counted and reported -- and go on.
            for i in range(len(blocks)):
                oe = [k for k in outs.get(i, []) if ecount[k] is None]
                if count[i] is None or not oe:
                    continue
                rest = count[i] - sum(ecount[k] for k in outs[i]
                                      if ecount[k] is not None)
                wts = [bfi[edges[k]['dst']] if edges[k]['dst'] < vexit
                       else 1 for k in oe]
                if not any(wts):
                    wts = [1] * len(oe)  # BFI says 0 everywhere: split evenly
                for k, wt in zip(oe, wts):
                    ecount[k] = max(rest, 0) * wt // sum(wts)
                ecount[oe[-1]] += max(rest, 0) - sum(ecount[k] for k in oe)
                guessed += len(oe)
                changed = True
                break
            else:
                # No known block left with an open split: take BFI's count
                # for a block still unknown (clang writes no weights where
                # every count of a branch is 0, and BFI then says 0 too).
                for i in range(len(blocks)):
                    if count[i] is None:
                        count[i] = bfi[i]
                        guessed += 1
                        changed = True
                        break
        unsolved = sum(1 for c in ecount if c is None)
        if (guessed or unsolved) and not keep_estimated:
            sys.stderr.write('clang_to_pgo: %s: left out: %d counts only '
                             'estimated from BFI, %d not determined '
                             '(--estimated keeps it)\n'
                             % (name, guessed, unsolved))
            left_out += 1
            continue
        if guessed:
            sys.stderr.write('clang_to_pgo: %s: %d unmeasured counts '
                             'estimated from BFI (kept: --estimated)\n'
                             % (name, guessed))
        n = [bfi[i] if count[i] is None else count[i]
             for i in range(len(blocks))]
        if unsolved:
            sys.stderr.write('clang_to_pgo: %s: %d edge counts not '
                             'determined by the profile\n' % (name, unsolved))
        brecs, erecs = [], []
        for b in blocks:
            i = b['index']
            brecs.append('[%d, %d]' % (b['il_offset'], n[i]))
            for k in outs.get(i, []):
                if ecount[k] is not None and edges[k]['succ'] >= 0:
                    erecs.append('[%d, %d, %d]' % (b['il_offset'],
                                                   edges[k]['succ'], ecount[k]))
        out.append('- name: ' + quote(name))
        out.append('  hash: 0x' + m['hash'])
        out.append('  il_size: %d' % m['il_size'])
        out.append('  entry: %d' % entry)
        out.append('  blocks: [' + ', '.join(brecs) + ']')
        if erecs:
            out.append('  edges: [' + ', '.join(erecs) + ']')
    sys.stdout.write('\n'.join(out) + '\n')
    return 1 if skipped else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
