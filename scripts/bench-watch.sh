#!/usr/bin/env bash
# folio watch on DATA (default D3.5): EDITS one-word edits, each waited for, then the median
# rebuild time against the median cold build (folio build, side by side), and the resident memory
# after the first and the last rebuild. With TYPST set to the stock Typst CLI, the same edits are
# then made to the Typst source folio emits for DATA under `typst watch`, for comparison.
#
#   cargo build --release
#   scripts/bench-watch.sh [EDITS] [DATA]       # default 100 edits of data/d3.5-mexico.toml
#   TYPST=~/.cache/folio-typst-cli/bin/typst scripts/bench-watch.sh 11 big.toml   # folio-gen 50 > big.toml
set -euo pipefail
cd "$(dirname "$0")/.."
edits=${1:-100}
data=${2:-data/d3.5-mexico.toml}
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target=$(pwd)/$target ;; esac
folio=$target/release/folio
[ -x "$folio" ] || { echo "no $folio: run cargo build --release first" >&2; exit 2; }
work=$(mktemp -d)
pid=; tpid=
trap 'kill $pid $tpid 2>/dev/null || true; rm -rf "$work"' EXIT
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
# One word of the first paragraph, a different word each edit, from more words than any rounds
# of Typst's caches a watcher keeps: no edit finds its result cached from an earlier one. The
# words have five letters, as `great` has, so that the stock side below can write them in place.
# Only the first occurrence changes (a generated document repeats the paragraph).
grep -q 'provide great opportunities' "$work/data/doc.toml" || { echo "no phrase to edit in $data" >&2; exit 2; }
words=(major broad clear large vital ample solid fresh sound prime rapid quick fixed noble civic novel basic
  chief grand total)
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

[ -n "${TYPST:-}" ] || exit 0
# The stock compiler on the source folio emits (the same template, fonts and standards), under
# `typst watch`, with the same edits in the source's string literals.
"$folio" build -q --templates "$templates" --emit typst -o "$work/emit" "$work/data/doc.toml"
bundle="$work/emit/doc-typst"
command=$(grep -m1 'typst compile' "$bundle/README.txt" | sed 's/^ *typst compile //')
sed -i "0,/provide [a-z]* opportunities/s//provide great opportunities/" "$bundle/main.typ"
# Where the word is: typst watch can lose a file saved by rename, so its edits overwrite the
# five bytes in place.
at=$(( $(grep -bo 'provide great opportunities' "$bundle/main.typ" | head -1 | cut -d: -f1) + 8 ))
# shellcheck disable=SC2086 # the README's command, word by word
(cd "$bundle" && exec "$TYPST" watch $command stock.pdf > "$work/tlog" 2>&1) &
tpid=$!
compiled() { grep -c 'compiled successfully' "$work/tlog" 2>/dev/null || true; }
until [ "$(compiled)" -ge 1 ]; do sleep 0.1; done
first_rss=$(awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$tpid/status")
for i in $(seq "$edits"); do
  printf '%s' "${words[i % ${#words[@]}]}" | dd of="$bundle/main.typ" bs=1 seek="$at" conv=notrunc status=none
  until [ "$(compiled)" -gt "$i" ]; do sleep 0.1; done
done
last_rss=$(awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$tpid/status")
kill "$tpid"; wait "$tpid" 2>/dev/null || true
# "compiled successfully in 3.85 s" or "in 845.2 ms", in milliseconds.
times=$(grep -o 'compiled successfully in [0-9.]* m\?s' "$work/tlog" | awk '{ print ($5 == "s") ? $4 * 1000 : $4 }')
tc=$(echo "$times" | head -1)
tr=$(echo "$times" | tail -n +2 | median)
echo "stock typst watch:     first compile ${tc} ms, rebuild median ${tr} ms (ratio $(awk -v a="$tr" -v b="$tc" 'BEGIN { printf "%.2f", a / b }')); folio's rebuild / stock's $(awk -v a="$rm" -v b="$tr" 'BEGIN { printf "%.2f", a / b }')"
echo "stock resident (MiB):  after the first compile $first_rss, after the last $last_rss"
