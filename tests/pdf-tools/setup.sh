#!/usr/bin/env bash
# Create (or reuse) a Python virtual environment holding the pinned PDF
# validation tools from requirements.txt (pdfua + pikepdf, ...).
#
#   usage: tests/pdf-tools/setup.sh VENV_DIR
#
# Prints the venv's bin directory on stdout (the only stdout line), e.g.
#   BIN=$(tests/pdf-tools/setup.sh "$HOME/.cache/folio-pdf-tools")
#   "$BIN/pdfua" report.pdf
#
# Idempotent: VENV_DIR/.requirements.sha256 records the sha256 of the
# requirements.txt it was built from; when it matches and the venv's python
# runs, nothing is done. When it differs (or the venv is broken), the venv is
# recreated from scratch.
#
# Environment: PYTHON (default python3) picks the interpreter. On Debian the
# `venv`/`ensurepip` modules come from the `python3-venv` package
# (apt-get install -y python3-venv).
set -euo pipefail

if [[ $# -ne 1 || -z "$1" ]]; then
    echo "usage: $0 VENV_DIR" >&2
    exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
req="$here/requirements.txt"
venv=$1
python=${PYTHON:-python3}
stamp="$venv/.requirements.sha256"

if [[ ! -f "$req" ]]; then
    echo "setup.sh: missing $req" >&2
    exit 1
fi

want=$( { sha256sum "$req" | cut -d' ' -f1; "$python" -c 'import sys; print(sys.version.split()[0])'; } | tr '\n' ' ')

have=""
if [[ -f "$stamp" ]]; then
    have=$(cat "$stamp")
fi

if [[ "$have" == "$want" ]] && "$venv/bin/python" -c 'import pdfua, pikepdf' >/dev/null 2>&1; then
    # Up to date.
    (cd "$venv/bin" && pwd)
    exit 0
fi

if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    echo "setup.sh: $python lacks the venv/ensurepip modules;" \
         "on Debian: apt-get install -y python3-venv" >&2
    exit 1
fi

echo "setup.sh: creating $venv from $req" >&2
rm -rf "$venv"
"$python" -m venv "$venv"

pip_args=(install --disable-pip-version-check --no-input -r "$req")
if grep -q -- '--hash=' "$req"; then
    pip_args+=(--require-hashes --only-binary=:all:)
fi
"$venv/bin/python" -m pip "${pip_args[@]}" >&2

# Sanity: the checker and the structure dumper's library import.
"$venv/bin/python" -c 'import pdfua, pikepdf' >&2

printf '%s' "$want" > "$stamp"
(cd "$venv/bin" && pwd)
