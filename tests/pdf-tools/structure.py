#!/usr/bin/env python3
"""Print a tagged PDF's logical structure as JSON.

    usage: structure.py [--summary] [--no-text] [--max-text N] PDF

Run it with the venv made by setup.sh (it needs pikepdf):

    "$(tests/pdf-tools/setup.sh VENV)/python" tests/pdf-tools/structure.py report/x.pdf

Output (one JSON object on stdout):

  file, pages, pdf_version
  catalog   /Lang, /MarkInfo, /ViewerPreferences/DisplayDocTitle, has_struct_tree,
            /RoleMap
  info      /Title of the document information dictionary
  xmp       dc:title, dc:language, pdfaid:part / conformance, pdfuaid:part
  elements  (omitted with --summary) every structure element in reading
            order (pre-order of the structure tree), each with
              i, depth, type (/S as written), std (after /RoleMap), page,
              mcids / objrs (counts of content items and annotation refs),
              alt, actual_text, lang, expansion (/E), title (/T), id (/ID),
              for TH/TD: scope, headers, rowspan, colspan,
              text (the marked content it covers, best effort; --no-text
              skips it, --max-text N truncates it, 0 = no limit)
  summary   counts by standard type, headings in order (with level skips and
            empty headings), tables (rows, TH/TD, scopes, headers),
            figures (with/without /Alt), notes, links, languages,
            non-standard types, and problems met while walking
  warnings  anything odd (cycles, depth limit, malformed objects)

The walk is iterative with cycle detection and depth/node limits, so a
malformed or hostile file cannot crash it by recursion. Exit codes: 0 ok,
1 the file could not be opened, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from decimal import Decimal
from typing import Any

import pikepdf

MAX_DEPTH = 256
MAX_NODES = 500_000
MAX_FORM_DEPTH = 8

# PDF 1.7 (ISO 32000-1, 14.8.4) standard structure types: the ones PDF/UA-1
# knows. Anything else must reach one of these through the /RoleMap.
STANDARD_TYPES = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC",
    "TOCI", "Index", "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4",
    "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead",
    "TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry", "Code",
    "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure",
    "Formula", "Form",
}
HEADING_RE = re.compile(r"^H([1-6])$")

NS_PDFAID = "http://www.aiim.org/pdfa/ns/id/"
NS_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
NS_DC = "http://purl.org/dc/elements/1.1/"


# --------------------------------------------------------------------------
# small helpers


def name(obj: Any) -> str | None:
    """'/Foo' -> 'Foo'; None for anything that is not a Name."""
    if isinstance(obj, pikepdf.Name):
        return str(obj)[1:]
    return None


def text_of(obj: Any) -> str | None:
    if isinstance(obj, pikepdf.String):
        try:
            return str(obj)
        except Exception:  # undecodable bytes
            return bytes(obj).decode("latin-1", "replace")
    if isinstance(obj, pikepdf.Name):
        return str(obj)[1:]
    return None


def as_int(obj: Any) -> int | None:
    if isinstance(obj, bool):
        return None
    if isinstance(obj, int):
        return obj
    if isinstance(obj, pikepdf.Object):
        try:
            if obj._type_code == pikepdf.ObjectType.integer:  # noqa: SLF001
                return int(obj)
        except Exception:
            return None
    return None


def as_bool(obj: Any) -> bool | None:
    if isinstance(obj, bool):
        return obj
    try:
        if isinstance(obj, pikepdf.Object) and obj._type_code == pikepdf.ObjectType.boolean:  # noqa: SLF001
            return bool(obj)
    except Exception:
        pass
    return None


def as_float(obj: Any) -> float:
    if isinstance(obj, (int, float, Decimal)) and not isinstance(obj, bool):
        return float(obj)
    try:
        return float(obj)
    except Exception:
        return 0.0


def objkey(obj: Any) -> tuple[int, int] | None:
    """(objnum, gen) for an indirect object, None for a direct one."""
    try:
        if obj.is_indirect:
            return tuple(obj.objgen)  # type: ignore[return-value]
    except Exception:
        pass
    return None


def dget(obj: Any, key: str) -> Any:
    """Dictionary lookup that never raises."""
    try:
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            return obj.get(key)
    except Exception:
        return None
    return None


def items(obj: Any) -> list[Any]:
    """An array's items, or [obj] for a single value, or [] for None."""
    if obj is None:
        return []
    if isinstance(obj, pikepdf.Array):
        try:
            return list(obj)
        except Exception:
            return []
    return [obj]


# --------------------------------------------------------------------------
# marked-content text (best effort: ToUnicode CMaps, Tj/TJ/'/")


class ToUnicode:
    """A parsed /ToUnicode CMap (bfchar and bfrange), with code widths."""

    HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")

    def __init__(self, data: bytes) -> None:
        self.map: dict[bytes, str] = {}
        self.widths: set[int] = set()
        for block in re.findall(rb"begincodespacerange(.*?)endcodespacerange", data, re.S):
            for lo in self.HEX.findall(block)[::2]:
                self.widths.add(len(self._b(lo)))
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
            hexes = self.HEX.findall(block)
            for src, dst in zip(hexes[::2], hexes[1::2]):
                self.map[self._b(src)] = self._u(self._b(dst))
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
            for m in re.finditer(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]*>)", block):
                lo, hi, dst = self._b(m.group(1)), self._b(m.group(2)), m.group(3)
                n_lo, n_hi = int.from_bytes(lo, "big"), int.from_bytes(hi, "big")
                if n_hi < n_lo or n_hi - n_lo > 65535:
                    continue
                if dst.startswith(b"["):
                    for off, d in enumerate(self.HEX.findall(dst)):
                        self.map[(n_lo + off).to_bytes(len(lo), "big")] = self._u(self._b(d))
                else:
                    base = self._b(dst[1:-1])
                    n_base = int.from_bytes(base, "big")
                    for off in range(n_hi - n_lo + 1):
                        val = (n_base + off).to_bytes(max(len(base), 2), "big")
                        self.map[(n_lo + off).to_bytes(len(lo), "big")] = self._u(val)

    @staticmethod
    def _b(h: bytes) -> bytes:
        h = re.sub(rb"\s", b"", h)
        if len(h) % 2:
            h += b"0"
        return bytes.fromhex(h.decode())

    @staticmethod
    def _u(b: bytes) -> str:
        return b.decode("utf-16-be", "replace")


class FontInfo:
    """Enough of a font to turn shown strings into text and advances."""

    def __init__(self, font: Any) -> None:
        self.type0 = name(dget(font, "/Subtype")) == "Type0"
        self.tounicode: ToUnicode | None = None
        tu = dget(font, "/ToUnicode")
        if isinstance(tu, pikepdf.Stream):
            try:
                self.tounicode = ToUnicode(tu.read_bytes())
            except Exception:
                self.tounicode = None
        self.width_of: dict[int, float] = {}
        self.default_width = 500.0
        if self.type0:
            desc = items(dget(font, "/DescendantFonts"))
            cid = desc[0] if desc else None
            self.default_width = as_float(dget(cid, "/DW")) if dget(cid, "/DW") is not None else 1000.0
            w = items(dget(cid, "/W"))
            i = 0
            while i < len(w) - 1 and len(self.width_of) < 200_000:
                first = as_int(w[i])
                if first is None:
                    break
                if isinstance(w[i + 1], pikepdf.Array):
                    for off, v in enumerate(items(w[i + 1])):
                        self.width_of[first + off] = as_float(v)
                    i += 2
                elif i + 2 < len(w):
                    last = as_int(w[i + 1])
                    if last is None or last < first or last - first > 65535:
                        break
                    for c in range(first, last + 1):
                        self.width_of[c] = as_float(w[i + 2])
                    i += 3
                else:
                    break
        else:
            fc = as_int(dget(font, "/FirstChar")) or 0
            for off, v in enumerate(items(dget(font, "/Widths"))):
                self.width_of[fc + off] = as_float(v)

    def codes(self, raw: bytes) -> list[bytes]:
        if self.tounicode and self.tounicode.widths:
            widths = sorted(self.tounicode.widths)
        else:
            widths = [2 if self.type0 else 1]
        out = []
        i = 0
        while i < len(raw):
            for w in widths:
                code = raw[i : i + w]
                if len(code) == w and (len(widths) == 1 or (self.tounicode and code in self.tounicode.map)):
                    break
            else:
                w = widths[-1]
            out.append(raw[i : i + w])
            i += w
        return out

    def text(self, code: bytes) -> str:
        if self.tounicode is not None:
            return self.tounicode.map.get(code, "")
        if self.type0:
            return ""
        return code.decode("latin-1", "replace")

    def width(self, code: bytes) -> float:
        return self.width_of.get(int.from_bytes(code, "big"), self.default_width)


class FontCache:
    def __init__(self) -> None:
        self.cache: dict[Any, FontInfo] = {}

    def get(self, font: Any) -> FontInfo:
        key = objkey(font) or id(font)
        if key not in self.cache:
            self.cache[key] = FontInfo(font)
        return self.cache[key]


def mul(a: list[float], b: list[float]) -> list[float]:
    """Product a*b of [a b c d e f] affine matrices."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


# One shown string: (y, x_start, x_end, font size, text), in device space.
Run = tuple[float, float, float, float, str]


def join_runs(runs: list[Run]) -> str:
    """Concatenate runs, adding a space at line breaks and visible gaps."""
    text = ""
    prev: Run | None = None
    for run in runs:
        y, x0, _x1, size, s = run
        if not s:
            continue
        if text and prev is not None and not text[-1].isspace() and not s[0].isspace():
            new_line = abs(y - prev[0]) > max(1.0, 0.3 * size)
            gap = x0 - prev[2] > 0.15 * max(size, prev[3], 1.0)
            if new_line or gap:
                text += " "
        text += s
        prev = run
    return text


class McText:
    """The runs of text of each MCID on one page (best effort)."""

    def __init__(self, fonts: FontCache, warnings: list[str]) -> None:
        self.fonts = fonts
        self.warnings = warnings
        self.runs: dict[int, list[Run]] = {}

    def run(self, page: Any) -> dict[int, list[Run]]:
        try:
            self._stream(page, dget(page, "/Resources"), [1.0, 0, 0, 1, 0, 0], 0, [None])
        except Exception as e:  # a broken content stream loses only text
            self.warnings.append(f"content stream of a page not fully read: {type(e).__name__}: {e}")
        return self.runs

    def _stream(self, obj: Any, resources: Any, ctm0: list[float], level: int, mc_stack: list[int | None]) -> None:
        if level > MAX_FORM_DEPTH:
            return
        ctm = list(ctm0)
        gstack: list[tuple[list[float], tuple]] = []
        tm = [1.0, 0, 0, 1, 0, 0]
        tlm = list(tm)
        # text state: leading, char spacing, word spacing, horizontal scale, font, size
        leading, tc, tw, th = 0.0, 0.0, 0.0, 1.0
        font: FontInfo | None = None
        size = 0.0
        fonts = dget(resources, "/Font")
        for ins in pikepdf.parse_content_stream(obj):
            op = str(getattr(ins, "operator", ""))
            ops = list(getattr(ins, "operands", []))
            if op == "q":
                gstack.append((list(ctm), (leading, tc, tw, th, font, size)))
            elif op == "Q":
                if gstack:
                    ctm, (leading, tc, tw, th, font, size) = gstack.pop()
                else:
                    ctm = list(ctm0)
            elif op == "cm" and len(ops) == 6:
                ctm = mul([as_float(x) for x in ops], ctm)
            elif op == "BT":
                tm = [1.0, 0, 0, 1, 0, 0]
                tlm = list(tm)
            elif op == "Tm" and len(ops) == 6:
                tm = [as_float(x) for x in ops]
                tlm = list(tm)
            elif op in ("Td", "TD") and len(ops) == 2:
                tx, ty = as_float(ops[0]), as_float(ops[1])
                if op == "TD":
                    leading = -ty
                tlm = mul([1, 0, 0, 1, tx, ty], tlm)
                tm = list(tlm)
            elif op == "TL" and ops:
                leading = as_float(ops[0])
            elif op == "Tc" and ops:
                tc = as_float(ops[0])
            elif op == "Tw" and ops:
                tw = as_float(ops[0])
            elif op == "Tz" and ops:
                th = as_float(ops[0]) / 100.0
            elif op == "T*":
                tlm = mul([1, 0, 0, 1, 0, -leading], tlm)
                tm = list(tlm)
            elif op == "Tf" and len(ops) >= 2:
                f = dget(fonts, str(ops[0])) if fonts is not None else None
                font = self.fonts.get(f) if f is not None else None
                size = as_float(ops[1])
            elif op in ("BDC", "BMC"):
                mcid = mc_stack[-1]
                if op == "BDC" and len(ops) >= 2:
                    props = ops[1]
                    if isinstance(props, pikepdf.Name):
                        props = dget(dget(resources, "/Properties"), str(props))
                    m = as_int(dget(props, "/MCID"))
                    if m is not None:
                        mcid = m
                mc_stack.append(mcid)
            elif op == "EMC":
                if len(mc_stack) > 1:
                    mc_stack.pop()
            elif op in ("Tj", "TJ", "'", '"'):
                if op in ("'", '"'):
                    if op == '"' and len(ops) == 3:
                        tw, tc = as_float(ops[0]), as_float(ops[1])
                    tlm = mul([1, 0, 0, 1, 0, -leading], tlm)
                    tm = list(tlm)
                if not ops:
                    continue
                arg = ops[-1]
                trm = mul(tm, ctm)
                y, x0 = trm[5], trm[4]
                dev_size = abs(size) * ((trm[2] ** 2 + trm[3] ** 2) ** 0.5)
                parts: list[str] = []
                for p in (items(arg) if isinstance(arg, pikepdf.Array) else [arg]):
                    if isinstance(p, pikepdf.String):
                        for code in (font.codes(bytes(p)) if font else [bytes([b]) for b in bytes(p)]):
                            parts.append(font.text(code) if font else code.decode("latin-1"))
                            w = (font.width(code) if font else 500.0) / 1000.0
                            adv = (w * size + tc + (tw if code == b" " else 0.0)) * th
                            tm = mul([1, 0, 0, 1, adv, 0], tm)
                    else:
                        n = as_float(p)
                        if n < -250 and parts and not parts[-1].endswith(" "):
                            parts.append(" ")  # a wide negative kern reads as a space
                        tm = mul([1, 0, 0, 1, -n / 1000.0 * size * th, 0], tm)
                mcid = mc_stack[-1]
                if mcid is not None:
                    x1 = mul(tm, ctm)[4]
                    self.runs.setdefault(mcid, []).append((y, x0, x1, dev_size, "".join(parts)))
            elif op == "Do" and ops:
                xo = dget(dget(resources, "/XObject"), str(ops[0]))
                if isinstance(xo, pikepdf.Stream) and name(dget(xo, "/Subtype")) == "Form":
                    m = dget(xo, "/Matrix")
                    fm = [as_float(x) for x in items(m)] if m is not None else [1.0, 0, 0, 1, 0, 0]
                    if len(fm) != 6:
                        fm = [1.0, 0, 0, 1, 0, 0]
                    res = dget(xo, "/Resources") or resources
                    depth = len(mc_stack)
                    self._stream(xo, res, mul(fm, ctm), level + 1, mc_stack)
                    del mc_stack[depth:]


# --------------------------------------------------------------------------
# the structure tree


class Walker:
    def __init__(self, pdf: pikepdf.Pdf, want_text: bool, max_text: int) -> None:
        self.pdf = pdf
        self.want_text = want_text
        self.max_text = max_text
        self.warnings: list[str] = []
        self.page_index: dict[tuple[int, int], int] = {}
        for i, page in enumerate(pdf.pages, start=1):
            key = objkey(page.obj)
            if key:
                self.page_index[key] = i
        self.mc_cache: dict[int, dict[int, list[Run]]] = {}
        self.fonts = FontCache()
        root = dget(pdf.Root, "/StructTreeRoot")
        self.root = root
        self.role_map: dict[str, str] = {}
        rm = dget(root, "/RoleMap")
        if isinstance(rm, pikepdf.Dictionary):
            for k in list(rm.keys()):
                v = name(dget(rm, k))
                if v:
                    self.role_map[k[1:]] = v
        self.class_map = dget(root, "/ClassMap")

    # -- helpers

    def std_type(self, s: str) -> str:
        seen = set()
        cur = s
        while cur not in STANDARD_TYPES and cur in self.role_map and cur not in seen:
            seen.add(cur)
            cur = self.role_map[cur]
        return cur

    def page_no(self, pg: Any) -> int | None:
        key = objkey(pg)
        return self.page_index.get(key) if key else None

    def mc_runs(self, page_no: int | None, mcid: int) -> list[Run]:
        if not self.want_text or page_no is None:
            return []
        if page_no not in self.mc_cache:
            try:
                page = self.pdf.pages[page_no - 1]
                self.mc_cache[page_no] = McText(self.fonts, self.warnings).run(page.obj)
            except Exception as e:
                self.warnings.append(f"page {page_no}: text not read: {e}")
                self.mc_cache[page_no] = {}
        return self.mc_cache[page_no].get(mcid, [])

    def attributes(self, elem: Any) -> dict[str, Any]:
        """Table attributes from /A (dict, array with revisions) and /C classes."""
        found: dict[str, Any] = {}
        dicts = [a for a in items(dget(elem, "/A")) if isinstance(a, pikepdf.Dictionary)]
        for cls in items(dget(elem, "/C")):
            cname = text_of(cls)
            if cname and isinstance(self.class_map, pikepdf.Dictionary):
                dicts += [a for a in items(dget(self.class_map, "/" + cname)) if isinstance(a, pikepdf.Dictionary)]
        for a in dicts:
            if "scope" not in found and dget(a, "/Scope") is not None:
                found["scope"] = name(dget(a, "/Scope")) or text_of(dget(a, "/Scope"))
            if "headers" not in found and dget(a, "/Headers") is not None:
                found["headers"] = [text_of(h) for h in items(dget(a, "/Headers"))]
            for key, out in (("/RowSpan", "rowspan"), ("/ColSpan", "colspan")):
                if out not in found and as_int(dget(a, key)) is not None:
                    found[out] = as_int(dget(a, key))
        return found

    # -- the walk

    def walk(self) -> list[dict[str, Any]]:
        elements: list[dict[str, Any]] = []
        if not isinstance(self.root, pikepdf.Dictionary):
            return elements
        seen: set[tuple[int, int]] = set()
        # stack of (node, depth, inherited page, parent record or None)
        stack: list[tuple[Any, int, Any, dict[str, Any] | None]] = []
        for kid in reversed(items(dget(self.root, "/K"))):
            stack.append((kid, 0, None, None))
        # per element: content pieces in order, for text
        pieces: dict[int, list[tuple[int | None, int]]] = {}
        parents: dict[int, dict[str, Any] | None] = {}
        count = 0
        while stack:
            node, depth, pg, parent = stack.pop()
            count += 1
            if count > MAX_NODES:
                self.warnings.append(f"stopped after {MAX_NODES} nodes")
                break
            # content items
            mcid = as_int(node)
            if mcid is not None:
                self._add_content(parent, pieces, parents, self.page_no(pg), mcid)
                continue
            if not isinstance(node, pikepdf.Dictionary):
                if node is not None:
                    self.warnings.append(f"unexpected /K item {repr(node)[:40]} at depth {depth}")
                continue
            typ = name(dget(node, "/Type"))
            if typ == "MCR":
                m = as_int(dget(node, "/MCID"))
                if m is not None:
                    self._add_content(parent, pieces, parents, self.page_no(dget(node, "/Pg") or pg), m)
                continue
            if typ == "OBJR":
                if parent is not None:
                    parent["objrs"] += 1
                    annot = dget(node, "/Obj")
                    sub = name(dget(annot, "/Subtype"))
                    if sub:
                        parent.setdefault("annots", []).append(sub)
                    contents = text_of(dget(annot, "/Contents"))
                    if contents and "annot_contents" not in parent:
                        parent["annot_contents"] = contents
                continue
            key = objkey(node)
            if key:
                if key in seen:
                    self.warnings.append(f"cycle or shared element at object {key[0]} {key[1]} R; not revisited")
                    continue
                seen.add(key)
            if depth > MAX_DEPTH:
                self.warnings.append(f"depth limit {MAX_DEPTH} reached; subtree skipped")
                continue
            s = name(dget(node, "/S"))
            if s is None:
                self.warnings.append(f"structure element without /S at depth {depth}")
                s = "?"
            own_pg = dget(node, "/Pg")
            pg = own_pg if own_pg is not None else pg
            rec: dict[str, Any] = {"i": len(elements), "depth": depth, "parent": parent["i"] if parent else None,
                                   "type": s, "std": self.std_type(s)}
            rec["page"] = self.page_no(pg)
            for key_, out in (("/Alt", "alt"), ("/ActualText", "actual_text"), ("/Lang", "lang"),
                              ("/E", "expansion"), ("/T", "title"), ("/ID", "id")):
                v = text_of(dget(node, key_))
                if v is not None:
                    rec[out] = v
            if rec["std"] in ("TH", "TD"):
                rec.update(self.attributes(node))
            rec["mcids"] = 0
            rec["objrs"] = 0
            elements.append(rec)
            parents[rec["i"]] = parent
            pieces[rec["i"]] = []
            for kid in reversed(items(dget(node, "/K"))):
                stack.append((kid, depth + 1, pg, rec))
        for rec in elements:
            rec["content"] = len(pieces[rec["i"]])  # content items in the subtree
        if self.want_text:
            self._texts(elements, pieces)
        return elements

    def _add_content(self, parent, pieces, parents, page_no, mcid) -> None:
        rec = parent
        if rec is None:
            self.warnings.append("content item directly under the StructTreeRoot")
            return
        rec["mcids"] += 1
        # the content belongs to this element and all its ancestors; an
        # element without its own /Pg is placed on its first content's page
        hops = 0
        while rec is not None and hops <= MAX_DEPTH + 1:
            pieces[rec["i"]].append((page_no, mcid))
            if rec.get("page") is None:
                rec["page"] = page_no
            rec = parents.get(rec["i"])
            hops += 1

    def _texts(self, elements, pieces) -> None:
        for rec in elements:
            runs: list[Run] = []
            for page_no, mcid in pieces[rec["i"]]:
                runs.extend(self.mc_runs(page_no, mcid))
            text = re.sub(r"\s+", " ", join_runs(runs)).strip()
            if text:
                if self.max_text and len(text) > self.max_text:
                    text = text[: self.max_text - 1] + "…"
                rec["text"] = text


# --------------------------------------------------------------------------
# document-level facts


def xmp_facts(pdf: pikepdf.Pdf, warnings: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"present": False}
    md = dget(pdf.Root, "/Metadata")
    if not isinstance(md, pikepdf.Stream):
        return out
    try:
        from lxml import etree

        data = md.read_bytes()
        start = data.find(b"<x:xmpmeta")
        if start < 0:
            start = data.find(b"<rdf:RDF")
        end = data.rfind(b"</x:xmpmeta>")
        chunk = data[start : end + len(b"</x:xmpmeta>")] if start >= 0 and end > start else data
        tree = etree.fromstring(chunk, etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False))
    except Exception as e:
        warnings.append(f"XMP not parsed: {e}")
        out["present"] = True
        return out
    out["present"] = True

    def prop(ns: str, local: str) -> str | None:
        for desc in tree.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description"):
            v = desc.get(f"{{{ns}}}{local}")
            if v is not None:
                return v.strip()
        for el in tree.iter(f"{{{ns}}}{local}"):
            lis = [li.text or "" for li in el.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}li")]
            if lis:
                return ", ".join(x.strip() for x in lis)
            return (el.text or "").strip()
        return None

    out["dc_title"] = prop(NS_DC, "title")
    out["dc_language"] = prop(NS_DC, "language")
    out["pdfaid_part"] = prop(NS_PDFAID, "part")
    out["pdfaid_conformance"] = prop(NS_PDFAID, "conformance")
    out["pdfuaid_part"] = prop(NS_PDFUAID, "part")
    return out


def catalog_facts(pdf: pikepdf.Pdf, walker: Walker) -> dict[str, Any]:
    root = pdf.Root
    vp = dget(root, "/ViewerPreferences")
    mi = dget(root, "/MarkInfo")
    return {
        "lang": text_of(dget(root, "/Lang")),
        "display_doc_title": as_bool(dget(vp, "/DisplayDocTitle")),
        "marked": as_bool(dget(mi, "/Marked")),
        "suspects": as_bool(dget(mi, "/Suspects")),
        "has_struct_tree": isinstance(walker.root, pikepdf.Dictionary),
        "role_map": walker.role_map,
    }


def summarize(elements: list[dict[str, Any]]) -> dict[str, Any]:
    by_std = Counter(e["std"] for e in elements)
    # headings
    headings = []
    skips = []
    prev = 0
    for e in elements:
        m = HEADING_RE.match(e["std"])
        if m or e["std"] == "H":
            level = int(m.group(1)) if m else None
            h = {"i": e["i"], "level": level, "type": e["type"], "page": e.get("page"), "text": e.get("text")}
            if e["content"] == 0 and not e.get("actual_text"):
                h["empty"] = True
            headings.append(h)
            if level is not None:
                if level > prev + 1:
                    skips.append(f"H{prev or '-'} -> H{level} at element {e['i']} ({e.get('text') or ''})".strip())
                prev = level
    # tables: group cells by nearest enclosing Table (elements are pre-order)
    tables = []
    stack: list[tuple[int, dict[str, Any]]] = []
    for e in elements:
        while stack and stack[-1][0] >= e["depth"]:
            stack.pop()
        if e["std"] == "Table":
            t = {"i": e["i"], "page": e.get("page"), "rows": 0, "th": 0, "td": 0,
                 "th_scopes": Counter(), "td_with_headers": 0, "thead": False, "caption": False}
            tables.append(t)
            stack.append((e["depth"], t))
            continue
        if not stack:
            continue
        t = stack[-1][1]
        if e["std"] == "TR":
            t["rows"] += 1
        elif e["std"] == "TH":
            t["th"] += 1
            t["th_scopes"][e.get("scope") or "none"] += 1
        elif e["std"] == "TD":
            t["td"] += 1
            if e.get("headers"):
                t["td_with_headers"] += 1
        elif e["std"] == "THead":
            t["thead"] = True
        elif e["std"] == "Caption":
            t["caption"] = True
    children: dict[int | None, list[dict[str, Any]]] = {}
    for e in elements:
        children.setdefault(e.get("parent"), []).append(e)
    for t in tables:
        t["th_scopes"] = dict(t["th_scopes"])
        # a caption inside the table, or beside it in the enclosing Div(s)
        # (Typst wraps a figure as Div > [Caption, Div > Table])
        node: int | None = t["i"]
        for _ in range(3):
            if node is None:
                break
            if any(c["std"] == "Caption" for c in children.get(node, [])):
                t["caption"] = True
                break
            node = elements[node].get("parent")
            if node is None or elements[node]["std"] not in ("Div", "Table"):
                break
    figures = [e for e in elements if e["std"] == "Figure"]
    links = [e for e in elements if e["std"] == "Link"]
    notes = [e for e in elements if e["std"] in ("Note", "FENote")]
    langs = Counter(e["lang"] for e in elements if e.get("lang"))
    return {
        "elements": len(elements),
        "max_depth": max((e["depth"] for e in elements), default=0),
        "by_type": dict(sorted(by_std.items())),
        "non_standard_types": sorted({e["type"] for e in elements if e["std"] not in STANDARD_TYPES}),
        "headings": headings,
        "heading_levels": "".join(str(h["level"]) if h["level"] else "H" for h in headings),
        "heading_level_skips": skips,
        "empty_headings": [h["i"] for h in headings if h.get("empty")],
        "tables": tables,
        "tables_total": len(tables),
        "tables_with_th": sum(1 for t in tables if t["th"]),
        "figures": {
            "total": len(figures),
            "with_alt": sum(1 for f in figures if f.get("alt")),
            "without_alt": [f["i"] for f in figures if not f.get("alt") and not f.get("actual_text")],
            "without_content": [f["i"] for f in figures if not f["content"]],
            "alts": [f.get("alt") for f in figures],
        },
        "notes": {"total": len(notes), "ids": [n.get("id") for n in notes][:50],
                  "types": dict(Counter(n["type"] for n in notes))},
        "links": {"total": len(links), "with_annotation": sum(1 for link in links if link["objrs"]),
                  "with_alt": sum(1 for link in links if link.get("alt") or link.get("annot_contents"))},
        "lists": {"L": by_std.get("L", 0), "LI": by_std.get("LI", 0), "Lbl": by_std.get("Lbl", 0), "LBody": by_std.get("LBody", 0)},
        "element_langs": dict(langs),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Print a tagged PDF's structure tree as JSON.")
    ap.add_argument("pdf")
    ap.add_argument("--summary", action="store_true", help="omit the flat element list")
    ap.add_argument("--no-text", action="store_true", help="do not read page content for element text")
    ap.add_argument("--max-text", type=int, default=160, metavar="N", help="truncate element text to N characters (0: no limit)")
    args = ap.parse_args(argv)
    try:
        pdf = pikepdf.open(args.pdf)
    except Exception as e:
        print(f"structure.py: cannot open {args.pdf}: {e}", file=sys.stderr)
        return 1
    with pdf:
        walker = Walker(pdf, want_text=not args.no_text, max_text=args.max_text)
        try:
            elements = walker.walk()
        except Exception as e:  # last resort: report, don't crash
            walker.warnings.append(f"walk aborted: {type(e).__name__}: {e}")
            elements = []
        info_title = text_of(dget(pdf.trailer.get("/Info"), "/Title")) if pdf.trailer.get("/Info") is not None else None
        out: dict[str, Any] = {
            "file": args.pdf,
            "pages": len(pdf.pages),
            "pdf_version": pdf.pdf_version,
            "catalog": catalog_facts(pdf, walker),
            "info": {"title": info_title},
            "xmp": xmp_facts(pdf, walker.warnings),
        }
        out["summary"] = summarize(elements)
        if not args.summary:
            out["elements"] = elements
        # dedupe warnings, keep order
        out["warnings"] = list(dict.fromkeys(walker.warnings))[:200]
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 2000))
    sys.exit(main())
