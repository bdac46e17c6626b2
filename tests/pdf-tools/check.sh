#!/usr/bin/env bash
# Run the outside PDF validators on built PDFs and fail on any finding.
#
#   usage: tests/pdf-tools/check.sh PDF...
#
# Per file: qpdf --check, poppler pdfinfo, mupdf (mutool draw of every page),
# pdfua (machine-checkable PDF/UA-1 + WCAG), and structure.py's summary with a
# few structural assertions pdfua 0.1.3 does not make (or cannot, see README).
# Needs qpdf, poppler-utils, mupdf-tools and python3-venv (Debian packages).
# The pinned Python tools live in $PDF_TOOLS_VENV (default
# ~/.cache/folio-pdf-tools), made or reused by setup.sh.
# Reports are written next to nothing: pdfua's JSON and structure.py's summary
# go to $PDF_TOOLS_OUT (default: a temporary folder), one pair per PDF.
# Prints "pdf-checks: N passed, M failed" last; exits 1 if any file failed.
set -uo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 PDF..." >&2
    exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
venv=${PDF_TOOLS_VENV:-$HOME/.cache/folio-pdf-tools}
bin=$("$here/setup.sh" "$venv") || { echo "check.sh: setup.sh failed" >&2; exit 1; }
out=${PDF_TOOLS_OUT:-$(mktemp -d)}
mkdir -p "$out"

for tool in qpdf pdfinfo mutool; do
    command -v "$tool" >/dev/null || { echo "check.sh: $tool not found (apt-get install qpdf poppler-utils mupdf-tools)" >&2; exit 1; }
done

passed=0
failed=0
for pdf in "$@"; do
    base=$(basename "$pdf" .pdf)
    problems=()

    # qpdf: 0 clean, 2 errors, 3 warnings — both are failures here.
    if ! qout=$(qpdf --check "$pdf" 2>&1); then
        problems+=("qpdf --check: $(grep -v -e '^checking' -e '^PDF Version' -e '^File is not' <<<"$qout" | head -5)")
    fi

    # pdfinfo (poppler 22.12) prints a spurious "Suspects object is wrong type
    # (boolean)" for /MarkInfo << /Suspects false >>; anything else is real.
    perr=$(pdfinfo "$pdf" 2>&1 >/dev/null); prc=$?
    perr=$(grep -v 'Suspects object is wrong type (boolean)' <<<"$perr" | sed '/^$/d')
    if [[ $prc -ne 0 || -n "$perr" ]]; then
        problems+=("pdfinfo (rc $prc): $(head -5 <<<"$perr")")
    fi

    # mupdf: interpret every page; Debian's mupdf warns that it lacks ICC support.
    merr=$(mutool draw -q -F txt -o /dev/null "$pdf" 2>&1 >/dev/null); mrc=$?
    merr=$(grep -v 'ICC support is not available' <<<"$merr" | sed '/^$/d')
    if [[ $mrc -ne 0 || -n "$merr" ]]; then
        problems+=("mutool draw (rc $mrc): $(head -5 <<<"$merr")")
    fi

    # pdfua: 0 no findings, 1 info, 2 warning, 3 error, 4 unreadable, 5 usage.
    "$bin/pdfua" check --format json "$pdf" >"$out/$base.pdfua.json"; urc=$?
    if [[ $urc -ne 0 ]]; then
        problems+=("pdfua (rc $urc):
$("$bin/pdfua" check "$pdf" 2>&1 | grep -E '^\s+\[(ERROR|WARN |INFO )\]' -A1 | grep -v '^--$')")
    fi

    # structure.py: what pdfua 0.1.3 does not check, or skips (UA-14-001).
    sproblems=""
    if ! "$bin/python" "$here/structure.py" --summary "$pdf" >"$out/$base.structure.json"; then
        problems+=("structure.py could not read the file")
    else
        sproblems=$("$bin/python" - "$out/$base.structure.json" "$out/$base.pdfua.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
try:
    u = json.load(open(sys.argv[2]))
except Exception:
    u = {"skipped": []}
c, x, m = s["catalog"], s["xmp"], s["summary"]
out = []
if not c.get("lang"): out.append("no /Lang in the catalog")
if c.get("display_doc_title") is not True: out.append("/ViewerPreferences/DisplayDocTitle is not true")
if c.get("marked") is not True: out.append("/MarkInfo/Marked is not true")
if not c.get("has_struct_tree"): out.append("no structure tree")
if x.get("pdfuaid_part") != "1": out.append(f"XMP pdfuaid:part is {x.get('pdfuaid_part')!r}, not '1'")
if not (x.get("dc_title") or "").strip(): out.append("no XMP dc:title")
if m["non_standard_types"]: out.append(f"structure types not role-mapped to standard ones: {m['non_standard_types']}")
if m["empty_headings"]: out.append(f"headings without content (elements {m['empty_headings']})")
levels = [h["level"] for h in m["headings"] if h["level"]]
if levels and levels[0] != 1: out.append(f"first numbered heading is H{levels[0]}, not H1")
if m["heading_level_skips"]: out.append(f"heading levels skipped: {m['heading_level_skips']}")
if m["figures"]["without_alt"]: out.append(f"figures without /Alt (elements {m['figures']['without_alt']})")
no_th = [t["i"] for t in m["tables"] if not t["th"]]
if no_th: out.append(f"tables without TH (elements {no_th})")
no_scope = [t["i"] for t in m["tables"] if t["th_scopes"].get("none")]
if no_scope: out.append(f"tables with TH lacking /Scope (elements {no_scope})")
for sk in u.get("skipped", []):
    # pdfua 0.1.3 crashes in UA-14-001 on any heading whose /K is an array
    # (all of Typst's); the empty-heading check above stands in for it.
    if sk.get("rule_id") != "UA-14-001":
        out.append(f"pdfua skipped {sk.get('rule_id')}: {sk.get('reason')}")
for w in s.get("warnings", []):
    out.append(f"structure: {w}")
print("\n".join(out))
EOF
)
    fi
    [[ -n "$sproblems" ]] && problems+=("structure:
$sproblems")

    if [[ ${#problems[@]} -eq 0 ]]; then
        echo "ok   $pdf"
        passed=$((passed + 1))
    else
        echo "FAIL $pdf"
        for p in "${problems[@]}"; do sed 's/^/     /' <<<"$p"; done
        failed=$((failed + 1))
    fi
done

echo "reports in $out"
echo "pdf-checks: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
