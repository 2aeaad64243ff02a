#!/usr/bin/env bash
# tools.sh PGO_MERGE PGO_SHOW SRC_DIR -- end-to-end tests of pgo-merge and
# the store views of pgo-show: every bad input of issue 4 (exit status 2,
# one line on stderr naming the file, the output untouched, no temporary
# left behind), weights, -f lists, --sparse, --failure-mode, --into,
# --jobs, and summary / counts / check / overlap / dot (with --ir).
# Crafted SQLite files are made with python3's sqlite3 module.
set -u
merge=$1 show=$2 src=$3
fix=$src/test/store/fixtures
tmp=$(mktemp -d /tmp/pgo-store-tools.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fails=0 n=0
ok() { n=$((n + 1)); }
bad() { n=$((n + 1)); fails=$((fails + 1)); echo "FAIL: $*"; }

sqlexec() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit(); c.close()' "$@"; }

# --- inputs ----------------------------------------------------------------
cat >a.yaml <<'EOF'
pgo-profile: 1
runs:
- {source: instrumented, weight: 1, time: 100, program: prog, tool: test}
methods:
- name: main
  hash: 0x1234
  il_size: 40
  entry: 10
  blocks: [[0, 10], [12, 7], [30, 3]]
  edges: [[0, 0, 7], [0, 1, 3]]
  values:
  - {offset: 17, capacity: 2, tail: 1, targets: [[foo, 5], [bar, 2]]}
  annotations: [[12, 0, 0.75, 1]]
  samples: [[5, 12]]
- {name: cold, hash: 7, il_size: 3, entry: 0, blocks: [[0, 0]]}
EOF
cat >b.yaml <<'EOF'
pgo-profile: 1
methods:
- {name: main, hash: 0x1234, il_size: 40, entry: 1, blocks: [[0, 1], [30, 1]]}
- {name: main, hash: 0x9999, il_size: 40, entry: 5}
EOF
"$merge" -o a.db a.yaml && ok || bad "merge a.yaml"
# a store big enough to truncate meaningfully
python3 - >big.yaml <<'EOF'
print("pgo-profile: 1\nmethods:")
for i in range(3000):
    print("- {name: f%d, hash: %d, il_size: 100, blocks: [%s]}" %
          (i, i, ", ".join("[%d, %d]" % (k, i * k) for k in range(0, 90, 3))))
EOF
"$merge" -o big.db big.yaml && ok || bad "merge big.yaml"

# --- bad inputs: exit 2, one line naming the file, OUT untouched -------------
expect_bad() { # name file [needle]
  local name=$1 file=$2 needle=${3:-}
  echo old >out.db
  "$merge" -o out.db a.db "$file" 2>err.txt >/dev/null
  local rc=$?
  local lines; lines=$(wc -l <err.txt)
  if [[ $rc -ne 2 ]]; then bad "$name: exit $rc"; return; fi
  if [[ $lines -ne 1 ]]; then bad "$name: $lines lines: $(cat err.txt)"; return; fi
  if ! grep -qF "$file" err.txt; then bad "$name: file not named: $(cat err.txt)"; return; fi
  if [[ -n $needle ]] && ! grep -qE "$needle" err.txt; then bad "$name: no '$needle' in $(cat err.txt)"; return; fi
  if [[ $(cat out.db) != old ]]; then bad "$name: output changed"; return; fi
  if ls | grep -q '\.tmp\.'; then bad "$name: temporary left"; return; fi
  # a new output is not created either
  rm -f new.db
  "$merge" -o new.db a.db "$file" 2>/dev/null
  if [[ -e new.db ]]; then bad "$name: new output created"; return; fi
  # pgo-show too
  "$show" summary "$file" >show.out 2>err.txt
  rc=$?
  if [[ $rc -ne 2 || $(wc -l <err.txt) -ne 1 || -s show.out ]]; then
    bad "$name: pgo-show summary exit $rc, stdout $(wc -c <show.out) bytes"; return
  fi
  ok
}

cp big.db trunc.db && truncate -s $(($(stat -c %s big.db) / 2)) trunc.db
expect_bad "truncated store" trunc.db "malformed|corrupt|truncated"
cp big.db garbage.db
python3 -c 'import sys; f=open(sys.argv[1],"r+b"); f.seek(int(sys.argv[2])); f.write(bytes((i*131)&255 for i in range(16384)))' garbage.db $(($(stat -c %s big.db) / 2))
expect_bad "corrupt store" garbage.db ""
head -c 4096 /dev/urandom >notsqlite.bin
expect_bad "not SQLite (binary)" notsqlite.bin ""
sqlexec other.db "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
expect_bad "other schema" other.db "not a pgo profile store"
cp a.db newer.db && sqlexec newer.db "PRAGMA user_version = 2;"
expect_bad "newer schema version" newer.db "newer"
cp a.db offset.db && sqlexec offset.db "UPDATE methods SET il_size = 20 WHERE name = 'main';"
expect_bad "out-of-range IL offset" offset.db "main.*out of range"
cp a.db succ.db && sqlexec succ.db "UPDATE methods SET edges = X'0100030100001001' WHERE name = 'main';"
expect_bad "out-of-range successor" succ.db "successor index 1048576"
cp a.db kind.db && sqlexec kind.db "ALTER TABLE methods ADD COLUMN bogus BLOB;"
expect_bad "unknown record kind (store)" kind.db "unknown record kind"
cp a.db neg.db && sqlexec neg.db "UPDATE methods SET il_size = -1 WHERE name = 'cold';"
expect_bad "negative number (store)" neg.db "il_size -1"
printf 'pgo-profile: 1\nmethods: [\n' >syntax.yaml
expect_bad "malformed YAML" syntax.yaml "syntax.yaml:3:1: "
printf 'pgo-profile: 1\nmethods:\n- {name: f, hash: 1, il_size: many}\n' >type.yaml
expect_bad "wrong type (YAML)" type.yaml "type.yaml:3:31: expected il_size"
printf 'pgo-profile: 1\nmethods:\n- {name: f, hash: 1, il_size: 4, entry: -3}\n' >negy.yaml
expect_bad "negative number (YAML)" negy.yaml "negy.yaml:3:41: .*non-negative"
printf 'pgo-profile: 1\nmethods:\n- {name: f, hash: 1, il_size: 4, blocks: [[9, 1]]}\n' >range.yaml
expect_bad "out-of-range offset (YAML)" range.yaml "range.yaml:3:43: .*out of range"
printf 'pgo-profile: 1\nmethods:\n- {name: f, hash: 1, il_size: 4, bogus: [[0, 1]]}\n' >kindy.yaml
expect_bad "unknown record kind (YAML)" kindy.yaml "kindy.yaml:3:34: .*unknown key 'bogus'"
expect_bad "missing file" /nonexistent/x.db "cannot open"

# --- merge semantics through the tool ----------------------------------------
"$merge" -o w.db --weighted-input=3,a.yaml b.yaml 2>/dev/null && ok || bad "weighted merge"
"$show" counts w.db --method main --hash 0x1234 >c.txt
grep -q "^  entry 31$" c.txt && grep -q "^  0 blocks 31$" c.txt && grep -q "^  30 blocks 10$" c.txt &&
  grep -q "^  17 values capacity 2 tail 3 foo=15 bar=6$" c.txt && ok || bad "weights: $(cat c.txt)"
"$show" counts w.db --method main >c2.txt
[[ $(grep -c '^method main' c2.txt) -eq 2 ]] && ok || bad "versions kept apart"
printf '# list\n3,%s\n\n%s\n' "$tmp/a.yaml" "$tmp/b.yaml" >list.txt
"$merge" -o l.db -f list.txt && "$show" counts l.db --method main --hash 0x1234 >c3.txt && cmp -s c.txt c3.txt && ok || bad "-f list"
printf '0,a.yaml\n' >badlist.txt
"$merge" -o x.db -f badlist.txt 2>err.txt; [[ $? -eq 2 && $(wc -l <err.txt) -eq 1 ]] && grep -q "badlist.txt:1" err.txt && ok || bad "-f weight 0: $(cat err.txt)"
"$merge" -o x.db --weighted-input=0,a.yaml 2>err.txt; [[ $? -eq 2 ]] && ok || bad "weight 0"
"$merge" -o s.db --sparse a.yaml && "$show" summary s.db >s.txt && grep -q "^methods 1$" s.txt && ok || bad "--sparse: $(cat s.txt)"
"$merge" -o f.db --failure-mode all a.yaml syntax.yaml 2>err.txt && grep -q "warning: skipping syntax.yaml" err.txt &&
  "$show" summary f.db | grep -q "^methods 2$" && ok || bad "--failure-mode all"
"$merge" -o f2.db --failure-mode all syntax.yaml type.yaml 2>/dev/null; [[ $? -eq 2 && ! -e f2.db ]] && ok || bad "all inputs bad"
# YAML output and exact round trip
"$merge" -o rt1.yaml a.db && "$merge" -o rt.db rt1.yaml && "$merge" -o rt2.yaml rt.db && cmp -s rt1.yaml rt2.yaml && ok || bad "round trip"
# --into: in place, twice
rm -f into.db
"$merge" --into into.db a.yaml && "$merge" --into into.db a.yaml &&
  "$show" counts into.db --method main | grep -q "^  0 blocks 20$" && ok || bad "--into"
# --jobs gives the same file content as one job
"$merge" -j1 -o j1.yaml a.yaml b.yaml big.db && "$merge" -j2 -o j2.yaml a.yaml b.yaml big.db && cmp -s j1.yaml j2.yaml && ok || bad "--jobs"
# saturation warning
printf 'pgo-profile: 1\nmethods:\n- {name: f, hash: 1, il_size: 4, entry: 18446744073709551615}\n' >max.yaml
"$merge" -o sat.db max.yaml max.yaml 2>err.txt && grep -q "saturated" err.txt &&
  "$show" counts sat.db --method f | grep -q "entry 18446744073709551615" && ok || bad "saturation"

# --- pgo-show views ----------------------------------------------------------
"$show" summary a.db --top 1 >sum.txt
grep -q "^total entry 10 blocks 20 edges 10 samples 12$" sum.txt && grep -q "100.00%  32  main" sum.txt && ok || bad "summary: $(cat sum.txt)"
"$show" summary a.db --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["totals"]["blocks"]==20' && ok || bad "summary json"
"$show" overlap a.db a.yaml | grep -q "^total 1.000000$" && ok || bad "overlap self"
"$show" overlap a.db w.db --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert 0 < d["total"] < 1 and d["both"]==2' && ok || bad "overlap json"
"$show" counts a.db --method main --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d[0]["records"])==8' && ok || bad "counts json"
"$show" counts a.db --method nope 2>err.txt; [[ $? -eq 2 && $(wc -l <err.txt) -eq 1 ]] && ok || bad "counts unknown method"
"$show" check a.db >/dev/null; [[ $? -eq 0 ]] && ok || bad "check clean"

# IR-aware views: the hash comes from lib/llvm at test time
key=$("$show" cfg "$fix/loop.ll" | awk '/^method f /{print $4, $6}')
hash=${key% *} il=${key#* }
cat >loop.yaml <<EOF
pgo-profile: 1
methods:
- name: f
  hash: 0x$hash
  il_size: $il
  entry: 1
  blocks: [[0, 1], [9, 11], [13, 1], [15, 10], [19, 5], [24, 5], [28, 10], [29, 10], [33, 1]]
  edges: [[0, 0, 1], [9, 0, 10], [9, 1, 1], [13, 0, 1], [15, 0, 5], [15, 1, 5], [19, 0, 5], [24, 0, 5], [28, 0, 10], [29, 0, 10]]
EOF
"$show" check loop.yaml --ir "$fix/loop.ll" >chk.txt; [[ $? -eq 0 ]] && grep -q "checked 1 skipped 0 flagged 0" chk.txt && ok || bad "check --ir clean: $(cat chk.txt)"
sed 's/\[24, 5\]/[24, 7]/' loop.yaml >loop2.yaml
"$show" check loop2.yaml --ir "$fix/loop.ll" >chk.txt; [[ $? -eq 1 ]] && grep -q "max residual 0.285714 at il 24" chk.txt && ok || bad "check --ir residual: $(cat chk.txt)"
sed "s/0x$hash/0x1/" loop.yaml >stale.yaml
"$show" check stale.yaml --ir "$fix/loop.ll" | grep -q "stale: profile hash 0x0000000000000001" && ok || bad "check --ir stale"
printf 'pgo-profile: 1\nmethods:\n- {name: w, hash: 1, il_size: 4, blocks: [[0, 4294967290]]}\n' >wrap.yaml
"$show" check wrap.yaml | grep -q "1 counters look wrapped" && ok || bad "check wrapped"
"$show" dot loop.yaml --ir "$fix/loop.ll" --method f >g.dot && grep -q 'b1 \[label="bb1\\nil 9\\n11"' g.dot &&
  grep -q 'b7 -> b1 \[taillabel="0", label="10"' g.dot && ok || bad "dot: $(head -5 g.dot)"
"$show" dot stale.yaml --ir "$fix/loop.ll" --method f >g.dot 2>err.txt; [[ $? -eq 2 && ! -s g.dot ]] && grep -q "stale profile" err.txt && ok || bad "dot stale"

# --- newcomer review (store views) ------------------------------------------
# check --ir skipped methods with no edge record: missing records are 0, so
# f's entry block (count 10, successors in the IR) has outflow 0
printf 'pgo-profile: 1\nmethods:\n- {name: f, hash: 0x%s, il_size: %s, entry: 10, blocks: [[0, 10]]}\n' "$hash" "$il" >noedge.yaml
"$show" check noedge.yaml --ir "$fix/loop.ll" >chk.txt; [[ $? -eq 1 ]] && grep -q "^method f .*max residual 1 at il 0 (bb0)" chk.txt &&
  grep -q "checked 1 skipped 0 flagged 1" chk.txt && ok || bad "check --ir, no edge records: $(cat chk.txt)"
# a one-block method: entry 10, block 999
printf 'define i32 @one(i32 %%x) {\n  %%y = add i32 %%x, 1\n  ret i32 %%y\n}\n' >one.ll
k1=$("$show" cfg one.ll | awk '/^method one /{print $4, $6}')
printf 'pgo-profile: 1\nmethods:\n- {name: one, hash: 0x%s, il_size: %s, entry: 10, blocks: [[0, 999]]}\n' "${k1% *}" "${k1#* }" >one.yaml
"$show" check one.yaml --ir one.ll >chk.txt; [[ $? -eq 1 ]] && grep -q "^method one .*max residual 0.98999 at il 0" chk.txt && ok || bad "check --ir one block: $(cat chk.txt)"
# skipped methods are named, with the reason (without --ir: no edges)
"$show" check noedge.yaml >chk.txt; [[ $? -eq 0 ]] && grep -q "^skipped method f hash 0x$hash il_size $il: no edge records" chk.txt &&
  grep -q "checked 0 skipped 1 flagged 0" chk.txt && ok || bad "check names skipped: $(cat chk.txt)"
"$show" check stale.yaml --ir "$fix/loop.ll" --format json | python3 -c '
import json,sys; d=json.load(sys.stdin)
assert d["skipped"][0]["name"]=="f" and "stale" in d["skipped"][0]["reason"], d
f=d["flagged"][0]; assert f["problems"][0]["kind"]=="stale" and f["residual"] is None and f["worst_il"] is None and f["worst_block"] is None and f["blocks_over"] is None and f["first_wrapped"] is None, f' && ok || bad "check json skipped / nulls"
# every problem of a method: a bad offset AND the residuals
sed 's/\[24, 5\]/[24, 7], [25, 3]/' loop.yaml >loop3.yaml
"$show" check loop3.yaml --ir "$fix/loop.ll" >chk.txt; [[ $? -eq 1 ]] && grep -q "bad offset: block record at IL offset 25 .*; max residual 0.285714 at il 24" chk.txt && ok || bad "check bad offset and residual: $(cat chk.txt)"
"$show" check loop3.yaml --ir "$fix/loop.ll" --format json | python3 -c '
import json,sys; d=json.load(sys.stdin); f=d["flagged"][0]
assert [p["kind"] for p in f["problems"]]==["bad offset"] and abs(f["residual"]-2/7)<1e-6 and f["worst_il"]==24, f' && ok || bad "check json bad offset and residual"

# counts --hash takes the 16 hex digits cfg prints, with or without 0x;
# the error repeats the hash asked for
"$show" counts a.db --method main --hash 0000000000001234 >c5.txt && "$show" counts a.db --method main --hash 0x0000000000001234 >c6.txt &&
  [[ $(grep -c '^method main' c5.txt) -eq 1 ]] && cmp -s c5.txt c6.txt && ok || bad "counts --hash as cfg prints it"
"$show" counts a.db --method main --hash 00000000000000ab 2>err.txt; [[ $? -eq 2 && $(wc -l <err.txt) -eq 1 ]] && grep -q "hash 0x00000000000000ab (--hash 00000000000000ab)" err.txt && ok || bad "counts --hash not found: $(cat err.txt)"
"$show" counts a.db --method main --hash 0x12g4 2>err.txt; [[ $? -eq 2 ]] && grep -q "found '0x12g4'" err.txt && ok || bad "counts bad --hash: $(cat err.txt)"
# probabilities: shortest %.15g..%.17g that reads back (0.1, not 0.10000000000000001)
printf 'pgo-profile: 1\nmethods:\n- {name: p, hash: 1, il_size: 4, annotations: [[0, 0, 0.1, 1], [0, 1, 0.30000000000000004, 1]]}\n' >prob.yaml
"$show" counts prob.yaml --method p >c7.txt && grep -q "^  0 annotations succ 0 prob 0.1 weight 1$" c7.txt &&
  grep -q "^  0 annotations succ 1 prob 0.30000000000000004 weight 1$" c7.txt && ok || bad "counts prob: $(cat c7.txt)"
"$show" counts prob.yaml --method p --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert [r["prob"] for r in d[0]["records"]]==[0.1, 0.30000000000000004]' && ok || bad "counts prob json"
# overlap lists the methods only in A, only in B and stale (by key), with il_size
printf 'pgo-profile: 1\nmethods:\n- {name: main, hash: 1, il_size: 4, blocks: [[0, 5]]}\n- {name: "only a", hash: 2, il_size: 4, blocks: [[0, 5]]}\n- {name: st, hash: 3, il_size: 4, blocks: [[0, 5]]}\n' >oa.yaml
printf 'pgo-profile: 1\nmethods:\n- {name: main, hash: 1, il_size: 4, blocks: [[0, 5]]}\n- {name: onlyb, hash: 2, il_size: 4, blocks: [[0, 5]]}\n- {name: st, hash: 4, il_size: 4, blocks: [[0, 5]]}\n' >ob.yaml
"$show" overlap oa.yaml ob.yaml >ov.txt && grep -q '^  1.000000  main hash 0x0000000000000001 il_size 4$' ov.txt &&
  grep -q '^only-a "only a" hash 0x0000000000000002 il_size 4$' ov.txt && grep -q '^only-b onlyb hash 0x0000000000000002 il_size 4$' ov.txt &&
  grep -q '^stale-a st hash 0x0000000000000003 il_size 4$' ov.txt && grep -q '^stale-b st hash 0x0000000000000004 il_size 4$' ov.txt &&
  grep -q '^methods both 1 only-a 1 only-b 1 stale 2$' ov.txt && ok || bad "overlap lists: $(cat ov.txt)"
"$show" overlap oa.yaml ob.yaml --format json | python3 -c '
import json,sys; d=json.load(sys.stdin)
assert [m["name"] for m in d["only_a_methods"]]==["only a"] and [m["name"] for m in d["only_b_methods"]]==["onlyb"]
assert [(m["side"], m["hash"]) for m in d["stale_methods"]]==[("a","0x0000000000000003"),("b","0x0000000000000004")]
assert d["methods"][0]["il_size"]==4' && ok || bad "overlap json lists"
# names print as one token on one line in every view (quoted, \XX escapes)
printf 'pgo-profile: 1\nmethods:\n- {name: "a b\\n\\"c", hash: 0x1234, il_size: 40, entry: 10, blocks: [[0, 10]], values: [{offset: 1, capacity: 2, tail: 0, targets: [["x y", 5]]}]}\n' >names.yaml
q='"a b\0A\22c"'
"$show" summary names.yaml | grep -qF "  $q hash 0x0000000000001234 il_size 40" && ok || bad "summary quotes names: $("$show" summary names.yaml)"
"$show" counts names.yaml --method "$(printf 'a b\n"c')" >cn.txt && grep -qF "method $q hash" cn.txt && grep -qF '1 values capacity 2 tail 0 "x y"=5' cn.txt && ok || bad "counts quotes names: $(cat cn.txt)"
"$show" check names.yaml >cn.txt; grep -qF "skipped method $q hash" cn.txt && ok || bad "check quotes names: $(cat cn.txt)"
"$show" overlap names.yaml a.yaml | grep -qF "only-a $q hash 0x0000000000001234 il_size 40" && ok || bad "overlap quotes names"
"$show" dot names.yaml --ir one.ll --method "a b" 2>err.txt; [[ $? -eq 2 ]] && grep -qF 'no function "a b"' err.txt && ok || bad "dot quotes names: $(cat err.txt)"
# --help lists the options; missing arguments and bad options: one line, exit 2
for sub in summary counts check overlap dot; do
  "$show" $sub --help >help.txt && grep -q -- "-f, --format" help.txt && grep -q -- "-h, --help" help.txt && ok || bad "$sub --help"
  "$show" $sub --x a.db 2>err.txt; [[ $? -eq 2 && $(cat err.txt) == "pgo-show $sub: bad option '--x' (see --help)" ]] && ok || bad "$sub bad option: $(cat err.txt)"
  "$show" $sub 2>err.txt; [[ $? -eq 2 && $(wc -l <err.txt) -eq 1 ]] && grep -q "required" err.txt && ok || bad "$sub no args: $(cat err.txt)"
done
"$show" summary --help | grep -q -- "-n, --top N" && "$show" counts --help | grep -q -- "-H, --hash H .*16 hex" &&
  "$show" check --help | grep -q -- "-t, --tolerance T" && "$show" check --help | grep -q -- "-i, --ir FILE" &&
  "$show" dot --help | grep -q -- "-m, --method NAME" && ok || bad "--help option lists"
"$show" counts a.db 2>err.txt; [[ $? -eq 2 && $(cat err.txt) == "pgo-show counts: --method is required (see --help)" ]] && ok || bad "counts no --method: $(cat err.txt)"
"$show" dot a.db --method f 2>err.txt; [[ $? -eq 2 && $(cat err.txt) == "pgo-show dot: --ir is required (see --help)" ]] && ok || bad "dot no --ir: $(cat err.txt)"
"$show" overlap a.db 2>err.txt; [[ $? -eq 2 && $(cat err.txt) == "pgo-show overlap: a second profile B is required (see --help)" ]] && ok || bad "overlap one arg: $(cat err.txt)"
"$show" summary a.db --top '' 2>err.txt; [[ $? -eq 2 ]] && ok || bad "summary --top ''"
# pgo-merge: --version, one-line option errors, docs/store.md lists every option of --help
"$merge" --version >ver.txt && grep -qE '^pgo-merge [0-9]+\.[0-9]+\.[0-9]+ \(store schema [0-9]+\)$' ver.txt && ok || bad "pgo-merge --version: $(cat ver.txt)"
"$merge" --bogus a.yaml 2>err.txt; [[ $? -eq 2 && $(cat err.txt) == "pgo-merge: bad option '--bogus' (see --help)" ]] && ok || bad "pgo-merge bad option: $(cat err.txt)"
"$merge" a.yaml 2>err.txt; [[ $? -eq 2 && $(wc -l <err.txt) -eq 1 ]] && ok || bad "pgo-merge no -o: $(cat err.txt)"
missing=""
for o in $("$merge" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
  grep -qF -- "$o" "$src/docs/store.md" || missing="$missing $o"
done
[[ -z $missing ]] && ok || bad "docs/store.md lacks pgo-merge options:$missing"
# IR given as a profile, a YAML profile or IR given as a store: say what it is
"$show" summary one.ll 2>err.txt; [[ $? -eq 2 && $(cat err.txt) == "pgo-show summary: one.ll: not a pgo profile (looks like LLVM IR)" ]] && ok || bad "IR as profile: $(cat err.txt)"
"$merge" -o x.db "$fix/loop.ll" 2>err.txt; [[ $? -eq 2 && ! -e x.db ]] && grep -q "loop.ll: not a pgo profile (looks like LLVM IR)" err.txt && ok || bad "IR as merge input: $(cat err.txt)"
cp a.yaml into.yaml && "$merge" --into into.yaml b.yaml 2>err.txt; [[ $? -eq 2 && $(cat err.txt) == "pgo-merge: into.yaml: not a pgo profile store (looks like a YAML profile)" ]] && cmp -s a.yaml into.yaml && ok || bad "YAML as --into store: $(cat err.txt)"
cp one.ll into.ll && "$merge" --into into.ll b.yaml 2>err.txt; [[ $? -eq 2 ]] && grep -q "into.ll: not a pgo profile store (looks like LLVM IR)" err.txt && cmp -s one.ll into.ll && ok || bad "IR as --into store: $(cat err.txt)"
# --- found in review --------------------------------------------------------
# An old OUT's leftover WAL (a writer killed after its commit, before the
# checkpoint) was replayed onto the new file renamed over it: the new store
# showed the old run.  pgo-merge now checkpoints it first.
cp a.db walout.db
python3 -c 'import sqlite3,os,sys; c=sqlite3.connect(sys.argv[1]); c.execute("pragma wal_autocheckpoint=0"); c.execute("insert into runs(source,weight,time,program,tool) values(2,1,5,\"old\",\"old\")"); c.commit(); os._exit(0)' walout.db
[[ -s walout.db-wal ]] && ok || bad "setup: no WAL left"
"$merge" -o walout.db b.yaml 2>err.txt && [[ ! -e walout.db-wal ]] &&
  "$show" summary walout.db | grep -q "^runs 0$" && "$merge" -o walout.yaml walout.db &&
  "$merge" -o b2.yaml b.yaml && cmp -s walout.yaml b2.yaml && ok || bad "stale WAL of OUT: $(cat err.txt; "$show" summary walout.db | head -3)"
# ... and an OUT another process has open is refused, not replaced under it
cp a.db busy.db && "$merge" -o busy.yaml busy.db
python3 -c 'import sqlite3,time,sys; c=sqlite3.connect(sys.argv[1]); c.execute("pragma journal_mode=wal"); c.execute("select count(*) from methods").fetchall(); open(sys.argv[2],"w").close(); time.sleep(5)' busy.db ready.txt &
holder=$!
for _ in $(seq 200); do [[ -e ready.txt ]] && break; sleep 0.05; done
"$merge" -o busy.db b.yaml 2>err.txt; rc=$?
kill $holder 2>/dev/null; wait $holder 2>/dev/null
"$merge" -o busy2.yaml busy.db
[[ $rc -eq 2 && $(wc -l <err.txt) -eq 1 ]] && grep -q "busy.db: in use by another process" err.txt &&
  cmp -s busy.yaml busy2.yaml && ! ls | grep -q '\.tmp\.' && ok || bad "OUT in use: rc $rc $(cat err.txt)"
# Temporaries of killed writers are removed by the next merge to the same
# OUT (their flock is free); a live writer's (flock held) is left alone.
echo x >dead.db.tmp.AbC123; echo x >dead.db.tmp.AbC123-journal; echo x >dead.db.tmp.LiVe99
python3 -c 'import fcntl,time,sys; f=open(sys.argv[1]); fcntl.flock(f,fcntl.LOCK_EX); open(sys.argv[2],"w").close(); time.sleep(5)' dead.db.tmp.LiVe99 locked.txt &
holder=$!
for _ in $(seq 200); do [[ -e locked.txt ]] && break; sleep 0.05; done
"$merge" -o dead.db a.yaml && [[ ! -e dead.db.tmp.AbC123 && ! -e dead.db.tmp.AbC123-journal && -e dead.db.tmp.LiVe99 ]] && ok || bad "stale temporaries: $(ls dead.db*)"
kill $holder 2>/dev/null; wait $holder 2>/dev/null; rm -f dead.db.tmp.LiVe99
# A real kill -9 mid-write leaves a temporary, which the next run removes.
"$merge" -o killed.db big.yaml big.db a.yaml &
victim=$!
for _ in $(seq 400); do ls killed.db.tmp.* >/dev/null 2>&1 && break; sleep 0.01; done
kill -9 $victim 2>/dev/null; wait $victim 2>/dev/null
"$merge" -o killed.db a.yaml && ! ls | grep -q '^killed.db.tmp' && ok || bad "temporary after kill -9: $(ls killed.db*)"
# A file-size limit (disk full) fails the write: exit 2, old OUT byte for
# byte, no temporary (SIGXFSZ used to kill pgo-merge, leaving it behind).
cp a.db lim.db && echo keep >lim.yaml && sha_db=$(sha256sum <lim.db)
(ulimit -f 64; "$merge" -o lim.db big.yaml 2>err.txt); rc=$?
[[ $rc -eq 2 && $(sha256sum <lim.db) == "$sha_db" ]] && ! ls | grep -q '^lim.db.tmp' && ok || bad "file-size limit, store: rc $rc $(cat err.txt)"
(ulimit -f 64; "$merge" -o lim.yaml big.yaml 2>err.txt); rc=$?
[[ $rc -eq 2 && $(cat lim.yaml) == keep ]] && ! ls | grep -q '^lim.yaml.tmp' && ok || bad "file-size limit, yaml: rc $rc $(cat err.txt)"
cp a.db limi.db && "$merge" -o limi.yaml limi.db
(ulimit -f 64; "$merge" --into limi.db big.yaml 2>err.txt); rc=$?
"$merge" -o limi2.yaml limi.db && [[ $rc -eq 2 ]] && cmp -s limi.yaml limi2.yaml && ok || bad "file-size limit, --into: rc $rc"
# OUT in a missing directory: exit 2, one line
"$merge" -o /nonexistent/dir/x.db a.yaml 2>err.txt; [[ $? -eq 2 && $(wc -l <err.txt) -eq 1 ]] && grep -q "/nonexistent/dir/x.db" err.txt && ok || bad "missing OUT dir"
# OUT equal to an input: OUT = OUT + other
"$merge" -o self.db a.yaml && "$merge" -o self.db self.db a.yaml && "$merge" -o self2.db a.yaml a.yaml &&
  "$merge" -o self.yaml self.db && "$merge" -o self2.yaml self2.db && cmp -s self.yaml self2.yaml && ok || bad "OUT = input"
# -f: blank lines, comments, CRLF, spaces after the comma; bad weights name
# LIST:LINE (a comma always means W,FILE, llvm-profdata's rule)
printf '\n  # c\r\n3, %s\r\n\n%s\n' "$tmp/a.yaml" "$tmp/b.yaml" >list2.txt
"$merge" -o l2.db -f list2.txt && "$show" counts l2.db --method main --hash 0x1234 >c4.txt && cmp -s c.txt c4.txt && ok || bad "-f with blanks, CRLF"
for w in -1 1.5 0x2 99999999999999999999 ""; do
  printf 'a.yaml\n%s,a.yaml\n' "$w" >badw.txt
  "$merge" -o x.db -f badw.txt 2>err.txt; rc=$?
  [[ $rc -eq 2 && $(wc -l <err.txt) -eq 1 && ! -e x.db ]] && grep -q "badw.txt:2: expected W,FILE" err.txt && ok || bad "-f weight '$w': rc $rc $(cat err.txt)"
done
printf '18446744073709551615,max.yaml\n' >hugew.txt
"$merge" -o x.db -f hugew.txt 2>err.txt; [[ $? -eq 2 ]] && ok || bad "-f weight 2^64-1 (20 digits) accepted"
printf '9999999999999999999,a.yaml\n' >bigw.txt
"$merge" -o bigw.db -f bigw.txt 2>err.txt && grep -q saturated err.txt &&
  "$show" counts bigw.db --method main --hash 0x1234 | grep -q "^  entry 18446744073709551615$" && ok || bad "huge weight saturates: $(cat err.txt)"
# Run weights past 2^63-1: the YAML output held the raw weight, which no
# reader accepts (and differed from the store's clamped one)
"$merge" -o hw.yaml --weighted-input=9999999999999999999,a.yaml 2>/dev/null && "$merge" -o hw.db hw.yaml 2>err.txt &&
  "$merge" -o hw2.db --weighted-input=9999999999999999999,a.yaml 2>/dev/null && "$merge" -o hw2.yaml hw2.db &&
  cmp -s hw.yaml hw2.yaml && grep -q "weight: 9223372036854775807" hw.yaml && ok || bad "run weight > 2^63-1: $(cat err.txt)"
# --failure-mode all, one bad input among good ones: OUT = the good ones
# exactly; every input byte for byte as before (stores included)
sha_in=$(sha256sum a.db big.db b.yaml trunc.db)
"$merge" -o fm.yaml --failure-mode all a.db trunc.db b.yaml big.db 2>err.txt; rc=$?
"$merge" -o fm2.yaml a.db b.yaml big.db
[[ $rc -eq 0 && $(grep -c "warning: skipping trunc.db" err.txt) -eq 1 ]] && cmp -s fm.yaml fm2.yaml &&
  [[ $(sha256sum a.db big.db b.yaml trunc.db) == "$sha_in" ]] && ok || bad "--failure-mode all: rc $rc $(cat err.txt)"
"$merge" -o fm3.yaml --failure-mode any a.db trunc.db b.yaml 2>err.txt; [[ $? -eq 2 && ! -e fm3.yaml ]] && ok || bad "--failure-mode any"
# concurrent --into: 6 writers x 3 rounds, totals exact
rm -f conc.db*
for p in 1 2 3 4 5 6; do (for r in 1 2 3; do "$merge" -j1 --into conc.db a.yaml b.yaml || echo fail >>conc.err; done) & done
wait
"$show" summary conc.db >conc.txt
[[ ! -e conc.err ]] && grep -q "^runs 18$" conc.txt && grep -q "^total entry 288 blocks 396 edges 180 samples 216$" conc.txt && ok || bad "concurrent --into: $(cat conc.txt conc.err 2>/dev/null)"
rm -f conc.db-wal conc.db-shm

# A store (WAL mode) in a directory the reader cannot write, with no -shm
# there: SQLite refused even to read it ("attempt to write a readonly
# database"); it is now read immutable.  Needs a non-root reader (setpriv
# when the tests run as root).
runas=()
[[ $(id -u) -eq 0 ]] && command -v setpriv >/dev/null && runas=(setpriv --reuid=65534 --regid=65534 --clear-groups)
if [[ $(id -u) -ne 0 || ${#runas[@]} -gt 0 ]]; then
  mkdir -p rodir rwdir && cp a.db rodir/ro.db && chmod 444 rodir/ro.db && chmod 555 rodir &&
    chmod 777 rwdir && chmod 755 .
  "${runas[@]}" "$show" summary rodir/ro.db >ro.txt 2>err.txt && grep -q "^methods 2$" ro.txt &&
    "${runas[@]}" "$merge" -o rwdir/ro.yaml rodir/ro.db 2>>err.txt && "$merge" -o ro2.yaml a.db &&
    cmp -s rwdir/ro.yaml ro2.yaml && [[ $(ls rodir) == ro.db ]] && ok || bad "read-only directory: $(cat ro.txt err.txt)"
  chmod 755 rodir && rm -rf rodir rwdir
else
  echo "skipped: read-only directory (root without setpriv)"
fi

# readers leave no SQLite sidecar files next to their inputs
ls ./*-wal ./*-shm ./*-journal >/dev/null 2>&1 && bad "sidecar files left: $(ls ./*-wal ./*-shm ./*-journal 2>/dev/null)" || ok

echo "$n checks, $fails failed"
[[ $fails -eq 0 ]]
