#!/usr/bin/env python3
"""compare_irpgo.py CFG_JSON OURS.yaml USE.ll

pgo's own counts (pgo-jit run, exported as YAML) against LLVM's own
IR-level instrumentation of the same IR and input: USE.ll is the IR
annotated by `opt-19 -passes=pgo-instr-use` from a profile of the program
instrumented by `-passes=pgo-instr-gen,instrprof`.  Its branch_weights on
every conditional branch and switch are the measured edge counts
(successor order = pgo's successor index), and function_entry_count the
measured entry count.  Every such edge and entry count must equal pgo's
(a method or record pgo did not store counts 0).  Blocks map by function
name and label through CFG_JSON (`pgo-show cfg --format json`).
Prints one summary line; exit 1 on any difference.
"""
import json
import re
import sys

import yaml


def main(argv):
    with open(argv[1]) as f:
        cfg = json.load(f)
    with open(argv[2]) as f:
        prof = yaml.safe_load(f)
    ours = {}
    for m in prof.get('methods') or []:
        ours[m['name']] = m
    offsets = {}
    for m in cfg['methods']:
        offsets[m['name']] = {b['label']: b['il_offset']
                              for b in m['blocks'] if b.get('label')}
    md = {}
    fn_lines = []
    with open(argv[3]) as f:
        text = f.read()
    for m in re.finditer(r'^!(\d+) = !\{!"(branch_weights|function_entry_count)"'
                         r'((?:, i(?:32|64) \d+)+)\}', text, re.M):
        md[m.group(1)] = [int(x) for x in re.findall(r'i(?:32|64) (\d+)',
                                                      m.group(3))]
    fn = label = None
    checked_edges = checked_entries = 0
    fail = []
    for line in text.split('\n'):
        m = re.match(r'^define .*@("?)([^"( ]+)\1\(.*?(?:!prof !(\d+))?.*\{$',
                     line)
        if m:
            fn, label = m.group(2), 'entry'
            pm = re.search(r'!prof !(\d+)', line)
            if pm and pm.group(1) in md:
                want = md[pm.group(1)][0]
                got = ours.get(fn, {}).get('entry', 0)
                checked_entries += 1
                if want != got:
                    fail.append('%s: entry pgo %d llvm %d' % (fn, got, want))
            continue
        if line.startswith('}'):
            fn = None
            continue
        if fn is None:
            continue
        m = re.match(r'^([-a-zA-Z$._0-9]+|"[^"]*"):', line)
        if m:
            label = m.group(1).strip('"')
            continue
        if not re.match(r'^\s+(br i1|switch) ', line):
            continue
        pm = re.search(r'!prof !(\d+)', line)
        if not pm or pm.group(1) not in md:
            continue
        off = offsets.get(fn, {}).get(label)
        if off is None:
            fail.append('%s: block %s not in the cfg' % (fn, label))
            continue
        edges = {(e[0], e[1]): e[2] for e in ours.get(fn, {}).get('edges') or []}
        for k, want in enumerate(md[pm.group(1)]):
            got = edges.get((off, k), 0)
            checked_edges += 1
            if got != want:
                fail.append('%s: edge %s.%d (@%d) pgo %d llvm %d' %
                            (fn, label, k, off, got, want))
    for f in fail[:20]:
        print('FAIL ' + f)
    if checked_edges + checked_entries == 0:
        print('FAIL: nothing compared')
        fail.append('nothing')
    print('compared %d entry counts and %d branch edge counts with LLVM IR '
          'PGO: %d differ' % (checked_entries, checked_edges, len(fail)))
    return 1 if fail else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
