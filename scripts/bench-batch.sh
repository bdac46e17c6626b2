#!/usr/bin/env bash
# How well `folio build -j N` keeps the cores busy: builds COPIES copies of D3.5 with -j 1, 2,
# cores and twice the cores, RUNS times each (interleaved, so all see the same machine load), and
# prints for each the median wall time, the median CPU time and their ratio to the ideal,
# wall / (CPU / cores): 1.00 means every core was busy all the time.
#
#   cargo build --release
#   scripts/bench-batch.sh [RUNS] [COPIES]     # default 5 runs of 8 copies
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
copies=${2:-8}
# The release binary, where cargo put it (CARGO_TARGET_DIR may be absolute).
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target=$(pwd)/$target ;; esac
folio=$target/release/folio
[ -x "$folio" ] || { echo "no $folio: run cargo build --release first" >&2; exit 2; }
cores=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/data"
for i in $(seq "$copies"); do cp data/d3.5-mexico.toml "$work/data/d$i.toml"; done
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
jobs=$(printf '%s\n' 1 2 "$cores" $((2 * cores)) | sort -nu | tr '\n' ' ')
declare -A wall cpu
for _ in $(seq "$runs"); do
  for j in $jobs; do
    # GNU time: elapsed, user and system seconds of the whole run.
    /usr/bin/time -o "$work/time" -f "%e %U %S" "$folio" build -q -j "$j" --templates "$(pwd)/templates" \
      -o "$work/out" "$work"/data/*.toml >/dev/null 2>&1
    read -r e u s < "$work/time"
    wall[$j]+="$e "; cpu[$j]+="$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }') "
  done
done
echo "$copies copies of D3.5, $runs runs, $cores cores"
for j in $jobs; do
  w=$(printf '%s\n' ${wall[$j]} | median); c=$(printf '%s\n' ${cpu[$j]} | median)
  awk -v j="$j" -v w="$w" -v c="$c" -v n="$cores" \
    'BEGIN { printf "-j %-2s  wall %.2f s  cpu %.2f s  wall/(cpu/cores) %.2f\n", j, w, c, w / (c / n) }'
done
