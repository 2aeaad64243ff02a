#!/usr/bin/env python3
"""xcheck_opt.py -- cross-check lib/core's analyses against LLVM's own.

    xcheck_opt.py CFG_DUMP OPT CLANG WORK (--fixtures DIR | IR_FILE...)

For every IR file (with --fixtures: each DIR/*.c compiled by CLANG at -O0,
-O1 -Xclang -disable-llvm-passes, -O2, -O3 and -Os), names every value
with `opt -passes=instnamer` (after dropping `optnone`, which makes passes
skip a function) and compares, function by function, what cfg_dump prints
with `opt -passes='print<loops>,print<domtree>,print<postdomtree>'`:

  dominators       idom of every reachable block (LLVM's tree holds only
                   those), exactly;
  loops            the set of (header, depth, blocks contained), exactly;
  irreducible      the entry sets of pgo's irreducible regions against
                   print<cycles>' cycles with more than one entry, once
                   entries due only to predecessors unreachable from the
                   function entry are dropped (LLVM's CycleInfo counts
                   those; pgo analyses the reachable graph): exactly;
  post-dominators  ipdom of every block, exactly, except in functions with
                   blocks that reach no exit: LLVM connects those
                   (infinite loops) to its virtual root, which also
                   changes the post-dominators of blocks leading to them;
                   pgo leaves them without one and computes the others on
                   paths to real exits (docs/core.md) -- such functions
                   are counted as "convention" and skipped.

Prints one line per difference and a summary; exit status 1 on any
difference or if nothing was compared, 0 otherwise.
"""
import os
import re
import subprocess
import sys


def parse_opt(text):
    fns, cur, mode, stack = {}, None, None, []
    for line in text.splitlines():
        m = re.match(r"Loop info for function '(.*)':", line)
        if m:
            cur = fns.setdefault(m.group(1), dict(loops=[], dom={}, pdom={}))
            mode = "loops"
            continue
        m = re.match(r"CycleInfo for function: (.*)", line)
        if m:
            cur = fns.setdefault(m.group(1), dict(loops=[], dom={}, pdom={}))
            cur["cycles"], mode = [], "cycles"
            continue
        m = re.match(r"(Post)?DominatorTree for function: (.*)", line)
        if m:
            cur = fns.setdefault(m.group(2), dict(loops=[], dom={}, pdom={}))
            mode, stack = ("pdom" if m.group(1) else "dom"), []
            continue
        if mode == "loops":
            m = re.match(r"\s*(?:Parallel )?Loop at depth (\d+) containing: (.*)", line)
            if m:
                parts = m.group(2).split(",")
                names = [re.sub(r"<[a-z]+>", "", b).lstrip("%").strip('"') for b in parts]
                hdr = [n for n, p in zip(names, parts) if "<header>" in p][0]
                cur["loops"].append((hdr, int(m.group(1)), tuple(sorted(names))))
        elif mode == "cycles":
            m = re.match(r"\s*depth=\d+: entries\(([^)]*)\)(.*)", line)
            if m:
                ents = m.group(1).split()
                cur["cycles"].append((ents, set(ents + m.group(2).split())))
        elif mode in ("dom", "pdom"):
            m = re.match(r"\s*\[(\d+)\]\s+(.*?) \{", line)
            if m:
                lvl, nm = int(m.group(1)), m.group(2).strip()
                nm = "<exit>" if "exit node" in nm else nm.lstrip("%").strip('"')
                while stack and stack[-1][0] >= lvl:
                    stack.pop()
                parent = stack[-1][1] if stack else "-"
                if nm != "<exit>":
                    cur[mode][nm] = "-" if parent == "<exit>" else parent
                stack.append((lvl, nm))
    return fns


def parse_dump(text):
    fns, cur = {}, None
    for line in text.splitlines():
        t = line.split()
        if t[0] == "F":
            cur = fns[t[1]] = dict(dom={}, pdom={}, loops=[], reach={}, preds={}, irr=set())
        elif t[0] == "B":
            cur["dom"][t[1]], cur["reach"][t[1]] = t[2], t[3] == "r"
        elif t[0] == "P":
            cur["pdom"][t[1]] = t[2]
            cur["noexit"] = cur.get("noexit", False) or t[3] == "n"
        elif t[0] == "E":
            cur["preds"].setdefault(t[2], []).append(t[1])
        elif t[0] == "R":
            cur["irr"].add(frozenset(t[1:]))
        elif t[0] == "L":
            cur["loops"].append((t[1], int(t[2]), tuple(sorted(t[3:]))))
    return fns


def check(dump, opt, path, named, stats):
    if path.endswith(".bc"):
        text = subprocess.run([opt, "-S", path, "-o", "-"], capture_output=True, text=True,
                              errors="surrogateescape", check=True).stdout
    else:
        text = open(path, errors="surrogateescape").read()
    text = re.sub(r"\boptnone\b", "", text)
    subprocess.run([opt, "-passes=instnamer", "-S", "-", "-o", named],
                   input=text, text=True, errors="surrogateescape", check=True)
    o = subprocess.run([opt, "-passes=print<loops>,print<domtree>,print<postdomtree>,print<cycles>",
                        "-disable-output", named], capture_output=True, text=True, check=True).stderr
    d = subprocess.run([dump, named], capture_output=True, text=True)
    if d.returncode:
        print("FAIL cfg_dump %s: %s" % (path, d.stderr.strip()))
        stats["bad"] += 1
        return
    lo, pg = parse_opt(o), parse_dump(d.stdout)
    for fn, p in pg.items():
        ref = lo.get(fn)
        if ref is None:
            print("FAIL %s %s: not in opt's output" % (path, fn))
            stats["bad"] += 1
            continue
        stats["functions"] += 1
        dom = {b: i for b, i in p["dom"].items() if p["reach"][b]}
        if dom != ref["dom"]:
            stats["bad"] += 1
            print("FAIL dominators %s %s: %s" % (path, fn, sorted(
                (k, dom.get(k), ref["dom"].get(k)) for k in set(dom) | set(ref["dom"])
                if dom.get(k) != ref["dom"].get(k))))
        if sorted(p["loops"]) != sorted(ref["loops"]):
            stats["bad"] += 1
            print("FAIL loops %s %s: pgo %s llvm %s" % (path, fn, sorted(p["loops"]), sorted(ref["loops"])))
        stats["loops"] += len(p["loops"])
        entry = next(iter(p["dom"]))  # the entry block is printed first
        irr = set()
        for ents, blocks in ref.get("cycles", []):
            real = frozenset(x for x in ents if x == entry or any(
                p["reach"][q] and q not in blocks for q in p["preds"].get(x, [])))
            if len(real) > 1:
                irr.add(real)
            elif len(ents) > 1:
                stats["cycles_unreachable_entry"] += 1
        if irr != p["irr"]:
            stats["bad"] += 1
            print("FAIL irreducible %s %s: pgo %s llvm %s" % (path, fn, sorted(map(sorted, p["irr"])), sorted(map(sorted, irr))))
        stats["irreducible"] += len(p["irr"])
        if p["pdom"] == ref["pdom"]:
            stats["pdom_equal"] += 1
        elif p.get("noexit"):
            stats["pdom_convention"] += 1
        else:
            stats["bad"] += 1
            print("FAIL post-dominators %s %s: %s" % (path, fn, sorted(
                (k, p["pdom"].get(k), ref["pdom"].get(k)) for k in set(p["pdom"]) | set(ref["pdom"])
                if p["pdom"].get(k) != ref["pdom"].get(k))))


def main():
    if len(sys.argv) < 6:
        print(__doc__)
        return 2
    dump, opt, clang, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    files = sys.argv[5:]
    if files[0] == "--fixtures":
        src, files = files[1], []
        levels = {"O0": ["-O0"], "O1np": ["-O1", "-Xclang", "-disable-llvm-passes"],
                  "O2": ["-O2"], "O3": ["-O3"], "Os": ["-Os"]}
        for c in sorted(os.listdir(src)):
            if not c.endswith(".c"):
                continue
            for tag, flags in levels.items():
                out = os.path.join(work, "%s.%s.ll" % (c[:-2], tag))
                subprocess.run([clang] + flags + ["-target", "x86_64-pc-linux-gnu", "-w", "-S",
                                "-emit-llvm", os.path.join(src, c), "-o", out], check=True)
                files.append(out)
    stats = dict(files=0, functions=0, loops=0, irreducible=0, cycles_unreachable_entry=0,
                 pdom_equal=0, pdom_convention=0, bad=0)
    named = os.path.join(work, "named.ll")
    for f in files:
        stats["files"] += 1
        check(dump, opt, f, named, stats)
    print("xcheck: " + " ".join("%s=%d" % kv for kv in stats.items()))
    return 1 if stats["bad"] or not stats["functions"] else 0


if __name__ == "__main__":
    sys.exit(main())
