#!/usr/bin/env bash
# Times `folio build` of D3.5 against the stock Typst CLI compiling the source folio emits, side by
# side (interleaved, so both see the same machine load), and prints medians and their ratio.
#
#   cargo install typst-cli --version 0.15.1 --locked   # the stock compiler, same Typst version
#   cargo build --release
#   scripts/bench-vs-typst.sh [RUNS]                     # default 5 runs each
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target=$(pwd)/$target ;; esac
folio=$target/release/folio
typst=${TYPST:-typst}
command -v "$typst" >/dev/null || { echo "no typst CLI (set TYPST=/path/to/typst)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The bundle folio emits (source, template as a local package, fonts): what the stock CLI compiles.
"$folio" build data/d3.5-mexico.toml --emit typst -o "$out" 2>/dev/null
bundle="$out/d3.5-mexico-typst"

now() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
f=(); t=()
for _ in $(seq "$runs"); do
  s=$(now); "$folio" build data/d3.5-mexico.toml -o "$out" 2>/dev/null; e=$(now); f+=($(( (e - s) / 1000000 )))
  s=$(now); (cd "$bundle" && "$typst" compile --root . --package-path packages --ignore-system-fonts \
    --font-path fonts --features a11y-extras --pdf-standard a-2a,ua-1 main.typ "$out/stock.pdf"); e=$(now)
  t+=($(( (e - s) / 1000000 )))
done
fm=$(printf '%s\n' "${f[@]}" | median); tm=$(printf '%s\n' "${t[@]}" | median)
echo "folio build:   ${f[*]} ms  (median $fm ms)"
echo "typst compile: ${t[*]} ms  (median $tm ms)"
awk -v a="$fm" -v b="$tm" 'BEGIN { printf "ratio folio/typst: %.2f\n", a / b }'
