"""RDF terms as N-Triples strings, and Turtle written from them, without building rdflib objects.

A corpus of thousands of plans is millions of triples; formatting strings directly is an order of
magnitude faster than creating rdflib terms and lets a build stream plan by plan. Output is fully
determined by the input (sorted subjects, predicates and objects), so builds are byte-identical.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

Triple = tuple[str, str, str]  # N-Triples terms: "<iri>", "\"lit\"@zh", "\"1\"^^<…#integer>"

_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LIT_ESC = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_LIT_BAD = re.compile(r'[\\"\n\r\t]')
_INT_SUFFIX = f"^^<{XSD}integer>"


def iri(s: str) -> str:
    """An IRI term; characters IRIs forbid are percent-encoded."""
    return "<" + _IRI_BAD.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), s) + ">"


def _escape(m: re.Match) -> str:
    return _LIT_ESC[m.group()]


def _esc(s: str) -> str:
    if '"' in s or "\\" in s or "\n" in s or "\r" in s or "\t" in s:  # rare: five scans cost less than a sub
        return _LIT_BAD.sub(_escape, s)
    return s


def lit(s: str, lang: str | None = None) -> str:
    """A plain or language-tagged literal."""
    return f'"{_esc(s)}"@{lang}' if lang else f'"{_esc(s)}"'


def zh(s: str) -> str:
    return f'"{_esc(s)}"@zh'


def typed(value: str, datatype: str) -> str:
    return f'"{_esc(value)}"^^<{XSD}{datatype}>'


def integer(n: int) -> str:
    return f'"{int(n)}"{_INT_SUFFIX}'  # digits need no escaping


def decimal(s: str) -> str:
    """An xsd:decimal without redundant zeros (350 → 350, 3.20 → 3.2)."""
    d = Decimal(s)
    text = format(d.normalize(), "f") if d != d.to_integral() else str(int(d))
    return typed(text, "decimal")


def boolean(b: bool) -> str:
    return typed("true" if b else "false", "boolean")


def date(s: str) -> str:
    return typed(s, "date")


_UNESCAPE = re.compile(r"\\(.)")
_UNESC = {"\\": "\\", '"': '"', "n": "\n", "r": "\r", "t": "\t"}


def value_of(term: str) -> tuple[str, str, str | None, str | None]:
    """What a term written here holds: (``uri`` or ``literal``, its value, its language, its datatype
    IRI), the value unescaped as a parser gives it back (the inverse of :func:`iri`, :func:`lit`,
    :func:`typed` and the others; a datatype only for typed literals)."""
    if term[0] == "<":
        return "uri", term[1:-1], None, None
    end = term.rfind('"')  # the closing quote: nothing after it (@lang, ^^<datatype>) holds a quote
    value = term[1:end]
    if "\\" in value:
        value = _UNESCAPE.sub(lambda m: _UNESC[m.group(1)], value)
    rest = term[end + 1:]
    if rest.startswith("@"):
        return "literal", value, rest[1:], None
    if rest.startswith("^^<"):
        return "literal", value, None, rest[3:-1]
    return "literal", value, None, None


def _lines(triples: Iterable[Triple]) -> Iterable[str]:
    """``s p o`` of each distinct triple, sorted (duplicates dropped in order: a sort is faster on the runs
    of a subject's triples as they were written than on a set's order)."""
    return map(" ".join, sorted(dict.fromkeys(triples)))


def ntriples(triples: Iterable[Triple]) -> str:
    """N-Triples lines, sorted and without duplicates."""
    text = " .\n".join(_lines(triples))
    return text + " .\n" if text else ""


def nquads(triples: Iterable[Triple], graph_iri: str) -> str:
    end = f" {iri(graph_iri)} .\n"
    text = end.join(_lines(triples))
    return text + end if text else ""


# --- Turtle ------------------------------------------------------------------------------------

# Turtle's PN_CHARS_BASE, PN_CHARS_U and PN_CHARS (W3C Turtle grammar [163]-[166]): characters such as
# • (U+2022) or — (U+2014) are not name characters, and a local name holding one is written as <IRI>
_BASE = "A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D" \
        "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF"
_CHARS = _BASE + "_0-9\\-\u00B7\u0300-\u036F\u203F-\u2040"
_PN_LOCAL = re.compile(f"^[{_BASE}_0-9](?:[{_CHARS}.]*[{_CHARS}])?$")


class TurtleWriter:
    """Writes triples as Turtle blocks (one per subject) with the given prefixes."""

    def __init__(self, prefixes: dict[str, str]):
        self.by_ns = {ns: p for p, ns in prefixes.items()}
        self.header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items())) + "\n"
        self._memo: dict[str, str] = {RDF_TYPE: "a"}

    def term(self, t: str) -> str:
        """The Turtle form of an N-Triples term: a prefixed name where one is valid, else as is."""
        hit = self._memo.get(t)
        if hit is not None:
            return hit
        if t[0] != "<":  # a literal: an integer is written bare; literals mostly do not recur, not memoised
            return t[1:t.index('"', 1)] if t.endswith(_INT_SUFFIX) else t
        out = t
        cut = max(t.rfind("/"), t.rfind("#"), 0) + 1  # of <IRI>: namespace t[1:cut], local name t[cut:-1]
        p = self.by_ns.get(t[1:cut])
        if p is not None:
            local = t[cut:-1]
            if local and "%" not in local and _PN_LOCAL.match(local):
                out = f"{p}:{local}"
        if len(self._memo) > 50_000:  # IRIs recur (predicates, classes, departments)
            self._memo.clear()
            self._memo[RDF_TYPE] = "a"
        self._memo[t] = out
        return out

    def blocks(self, triples: Iterable[Triple]) -> str:
        """Turtle for ``triples``: subjects sorted, ``a`` first, objects sorted and distinct.

        The pieces go to one list joined once: Chinese text makes the output a wide string, and every
        intermediate join would copy (and widen) it again."""
        by_s: dict[str, dict[str, list[str]]] = {}
        for s, p, o in triples:
            preds = by_s.get(s)
            if preds is None:
                by_s[s] = {p: [o]}
            elif p in preds:
                preds[p].append(o)
            else:
                preds[p] = [o]
        get, term = self._memo.get, self.term
        out: list[str] = []
        add = out.append
        for s in sorted(by_s):
            preds = by_s[s]
            add(get(s) or term(s))
            order = sorted(preds)
            if RDF_TYPE in preds:
                order.remove(RDF_TYPE)
                order.insert(0, RDF_TYPE)
            sep = " "
            for p in order:
                objs = preds[p]
                add(sep)
                add(get(p) or term(p))
                add(" ")
                if len(objs) == 1:
                    o = objs[0]
                    if o[-1] != ">":  # a literal without a datatype: as is
                        add(o)
                    elif o[0] == '"' and o.endswith(_INT_SUFFIX):  # an integer: bare (as term, without a call)
                        add(o[1:o.index('"', 1)])
                    else:
                        add(get(o) or term(o))
                else:
                    add(",\n        ".join([o if o[-1] != ">" else get(o) or term(o) for o in sorted(set(objs))]))
                sep = " ;\n    "
            add(" .\n\n")
        return "".join(out)
