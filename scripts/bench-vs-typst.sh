#!/usr/bin/env bash
# Times `folio build` against the stock Typst CLI compiling the bundle folio emits (its source,
# the template as a local package, the fonts), side by side and interleaved so both see the same
# machine load, on D3.5 and on D3.5 scaled by folio-gen; prints the median wall time and peak
# memory of each, and their ratios.
#
#   cargo install typst-cli --version 0.15.1 --locked    # the stock compiler, same Typst version
#   cargo build --release --workspace                    # folio and folio-gen
#   scripts/bench-vs-typst.sh [RUNS] [SIZES...]          # default 5 runs of sizes 1 10 50 100
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
sizes=${*:-1 10 50 100}
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target=$(pwd)/$target ;; esac
folio=$target/release/folio
gen=$target/release/folio-gen
typst=${TYPST:-typst}
command -v "$typst" >/dev/null || { echo "no typst CLI (set TYPST=/path/to/typst)" >&2; exit 2; }
[ -x "$folio" ] && [ -x "$gen" ] || { echo "run cargo build --release --workspace first" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
templates=$(pwd)/templates
for size in $sizes; do
  mkdir -p "$work/$size/data"
  "$gen" "$size" > "$work/$size/data/doc.toml"
  "$folio" build -q --templates "$templates" --emit typst -o "$work/$size/out" "$work/$size/data/doc.toml"
  bundle="$work/$size/out/doc-typst"
  command=$(grep -m1 'typst compile' "$bundle/README.txt" | sed 's/^ *typst //')
  fw=(); fm=(); tw=(); tm=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$work/t" -f "%e %M" "$folio" build -q --templates "$templates" -o "$work/$size/out" \
      "$work/$size/data/doc.toml"
    read -r w m < "$work/t"; fw+=("$w"); fm+=("$m")
    # shellcheck disable=SC2086 # the README's command, word by word
    (cd "$bundle" && /usr/bin/time -o "$work/t" -f "%e %M" "$typst" $command stock.pdf)
    read -r w m < "$work/t"; tw+=("$w"); tm+=("$m")
  done
  a=$(printf '%s\n' "${fw[@]}" | median); b=$(printf '%s\n' "${tw[@]}" | median)
  c=$(printf '%s\n' "${fm[@]}" | median); d=$(printf '%s\n' "${tm[@]}" | median)
  awk -v s="$size" -v a="$a" -v b="$b" -v c="$c" -v d="$d" 'BEGIN {
    printf "%3sx D3.5: folio %.2f s, %.0f MiB; stock typst %.2f s, %.0f MiB; time ratio %.2f, memory ratio %.2f\n",
      s, a, c / 1024, b, d / 1024, a / b, c / d }'
done
