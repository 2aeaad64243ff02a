#!/bin/sh
# make_store_seeds.sh PGO_MERGE YAML_SEED_DIR OUT_DIR
# The store fuzzer's seeds: every YAML seed turned into a store by
# pgo-merge (so both corpora cover every record kind), plus a foreign file
# and a truncated store.  Fails when the main seed could not be made.
set -eu
merge=$1 yaml=$2 out=$3
rm -rf "$out"; mkdir -p "$out"
for y in "$yaml"/*.yaml; do
  n=$(basename "$y" .yaml)
  "$merge" -o "$out/$n.db" "$y" 2>/dev/null || true
done
cp "$yaml/every_kind.yaml" "$out/not_sqlite"
[ -f "$out/every_kind.db" ] || { echo "store seeds: every_kind.db missing"; exit 1; }
head -c 8192 "$out/every_kind.db" >"$out/truncated.db"
