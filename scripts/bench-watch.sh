#!/usr/bin/env bash
# folio watch on DATA (default D3.5): EDITS one-word edits, each waited for, then the median
# rebuild time against the median cold build (folio build, side by side), and the resident memory
# after the first and the last rebuild.
#
#   cargo build --release
#   scripts/bench-watch.sh [EDITS] [DATA]       # default 100 edits of data/d3.5-mexico.toml
set -euo pipefail
cd "$(dirname "$0")/.."
edits=${1:-100}
data=${2:-data/d3.5-mexico.toml}
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target=$(pwd)/$target ;; esac
folio=$target/release/folio
[ -x "$folio" ] || { echo "no $folio: run cargo build --release first" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/data"
cp "$data" "$work/data/doc.toml"
templates=$(pwd)/templates
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# Cold builds, each in a fresh process.
cold=()
for _ in 1 2 3 4 5; do
  s=$(date +%s%N); "$folio" build -q --templates "$templates" -o "$work/cold" "$work/data/doc.toml"; e=$(date +%s%N)
  cold+=($(( (e - s) / 1000000 )))
done
(cd "$work" && exec "$folio" -v watch --templates "$templates" data/doc.toml 2> "$work/log") &
pid=$!
until grep -q Watching "$work/log" 2>/dev/null; do sleep 0.1; done
# One word of the first paragraph, a different word each edit, from more words than the
# compilations watch keeps Typst's caches for (8), as folio-bench's EDIT_WORDS: no edit finds its
# result cached from an earlier one. Only the first occurrence changes (a generated document
# repeats the paragraph).
grep -q 'provide [a-z]* opportunities' "$work/data/doc.toml" || { echo "no phrase to edit in $data" >&2; exit 2; }
words=(major broad clear large real wide rich vast strong fresh solid ample notable sizable genuine useful
  tangible lasting shared timely)
for i in $(seq "$edits"); do
  new="provide ${words[i % ${#words[@]}]} opportunities"
  sed -i "0,/provide [a-z]* opportunities/s//$new/" "$work/data/doc.toml"
  until [ "$(grep -c Rebuilt "$work/log")" -ge "$i" ]; do sleep 0.02; done
done
kill -INT "$pid"; wait "$pid" || true
rebuilds=$(grep Rebuilt "$work/log" | sed -E 's/.* in ([0-9.]+)s.*/\1/' | awk '{ print $1 * 1000 }')
memory=$(grep Memory "$work/log" | awk '{ print $2 }')
cm=$(printf '%s\n' "${cold[@]}" | median)
rm=$(printf '%s\n' $rebuilds | median)
echo "cold build (process):  median ${cm} ms"
echo "watch rebuild:         median ${rm} ms over $edits one-word edits  (ratio $(awk -v a="$rm" -v b="$cm" 'BEGIN { printf "%.2f", a / b }'))"
echo "resident memory (MiB): after the first build $(echo "$memory" | head -1), after the first rebuild $(echo "$memory" | sed -n 2p), after the last $(echo "$memory" | tail -1), highest $(echo "$memory" | sort -n | tail -1)"
