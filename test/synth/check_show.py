#!/usr/bin/env python3
"""check_show.py PGO_SHOW FIXTURE.ll [SYNTH_JSON...] -- facts about
`pgo-show synth` output that regenerating golden files cannot bless
(run by golden.sh):

* names: on FIXTURE.ll, synth text is valid UTF-8 with no control
  character but the newline ending each line, every line starts with one
  of the record keywords (a name cannot split a line), and every method
  name and block label token is byte-identical to `pgo-show cfg`'s (same
  quoting); synth JSON is strict UTF-8 and its names and labels equal
  cfg JSON's.
* heuristics contract (docs/pgo-show-synth.md): in each SYNTH_JSON (and
  FIXTURE's), every successor has a "heuristics" list, empty when its
  block has fewer than two successors.
"""
import json
import re
import subprocess
import sys


def run(*args):
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.exit("FAIL: %s exited %d: %s" % (" ".join(args), p.returncode,
                                             p.stderr.decode(errors="replace")))
    return p.stdout


def fail(msg):
    print("FAIL: " + msg)
    return 1


def text_names(raw, what):
    """method and block tokens of a cfg/synth text output, in order."""
    out = []
    for line in raw.decode("utf-8").split("\n"):
        m = re.match(r"method (\S+) hash ", line)
        if m:
            out.append(("method", m.group(1)))
        m = re.match(r"  block (\d+) (\S+) il ", line)
        if m:
            out.append(("block " + m.group(1), m.group(2)))
    if not out:
        sys.exit("FAIL: no names found in %s output" % what)
    return out


def check_heuristics(doc, what):
    bad = 0
    for m in doc["methods"]:
        for b in m["blocks"]:
            for s in b["succs"]:
                h = s.get("heuristics")
                if not isinstance(h, list):
                    bad |= fail("%s: %r block %d succ %d has no heuristics list"
                                % (what, m["name"], b["index"], s["index"]))
                elif len(b["succs"]) < 2 and h:
                    bad |= fail("%s: %r block %d: heuristics on a single "
                                "successor" % (what, m["name"], b["index"]))
    return bad


def main():
    show, fixture = sys.argv[1], sys.argv[2]
    rc = 0
    synth_txt = run(show, "synth", fixture)
    cfg_txt = run(show, "cfg", fixture)
    try:
        text = synth_txt.decode("utf-8")
    except UnicodeDecodeError as e:
        return fail("synth text is not UTF-8: %s" % e)
    if not text.endswith("\n"):
        rc |= fail("synth text does not end with a newline")
    for n, line in enumerate(text[:-1].split("\n"), 1):
        if any(ord(c) < 0x20 or ord(c) == 0x7F for c in line):
            rc |= fail("synth text line %d has a control character: %r"
                       % (n, line))
        if line and not re.match(r"(method |  solver |  loop |  block |"
                                 r"    succ )", line):
            rc |= fail("synth text line %d is not a record: %r" % (n, line))
    s_names, c_names = (text_names(synth_txt, "synth"),
                        text_names(cfg_txt, "cfg"))
    if s_names != c_names:
        rc |= fail("synth and cfg print names differently:\n  synth %r\n"
                   "  cfg   %r" % (s_names, c_names))
    # succ targets carry the same token as the target block's line
    labels, method = {}, None
    for line in text.split("\n"):
        m = re.match(r"method (\S+) ", line)
        if m:
            method = m.group(1)
        m = re.match(r"  block (\d+) (\S+) il ", line)
        if m:
            labels[(method, m.group(1))] = m.group(2)
    for line in text.split("\n"):
        m = re.match(r"method (\S+) ", line)
        if m:
            method = m.group(1)
        m = re.match(r"    succ \d+ -> (\d+) (\S+) prob ", line)
        if m and labels.get((method, m.group(1))) != m.group(2):
            rc |= fail("succ label %r differs from block %s's" %
                       (m.group(2), m.group(1)))
    try:
        sj = json.loads(run(show, "synth", fixture, "--format",
                            "json").decode("utf-8"))
        cj = json.loads(run(show, "cfg", fixture, "--format",
                            "json").decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        return fail("JSON is not strict UTF-8 JSON: %s" % e)
    sn = [(m["name"], [b["label"] for b in m["blocks"]]) for m in sj["methods"]]
    cn = [(m["name"], [b["label"] for b in m["blocks"]]) for m in cj["methods"]]
    if sn != cn:
        rc |= fail("synth and cfg JSON names differ:\n  %r\n  %r" % (sn, cn))
    rc |= check_heuristics(sj, fixture)
    for path in sys.argv[3:]:
        with open(path, encoding="utf-8") as f:
            rc |= check_heuristics(json.load(f), path)
    if not rc:
        print("ok names (%d methods) and heuristics lists" % len(sn))
    return rc


if __name__ == "__main__":
    sys.exit(main())
