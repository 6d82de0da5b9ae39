"""What a SPARQL request is, read before anything runs it.

The text is parsed as SPARQL 1.1 by a private copy of rdflib's grammar, after SPARQL's codepoint
escapes (``\\u0053`` = ``S``) are decoded, as the specification says they are before parsing. Its form
(SELECT, CONSTRUCT, DESCRIBE, ASK), whether it is an update (INSERT, DELETE, LOAD, CLEAR, …) and
whether it calls another endpoint (a ``SERVICE`` pattern anywhere: in OPTIONAL, UNION, subqueries,
EXISTS) are read off the parse tree, never off the text, so no spelling (escapes, case, comments,
prefixes) hides them.

A syntax error is placed at the first token that cannot continue the request: the furthest point
where any token of the grammar failed to match (rdflib's own error names the start of the clause
that failed, often far before). Lines and columns count characters of the text as written (before
escapes are decoded), 1-based.

Parsing costs 10-100 ms of pure Python for a query of a page; ``read`` remembers the last few hundred
texts it read.
"""
from __future__ import annotations

import copy
import re
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass

FORMS = {"SelectQuery": "SELECT", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE", "AskQuery": "ASK"}
UPDATES = {"Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD", "Move": "MOVE",
           "Copy": "COPY", "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA",
           "DeleteWhere": "DELETE WHERE", "Modify": "DELETE/INSERT … WHERE"}
SERVICE = "ServiceCall"  # our name for rdflib's ServiceGraphPattern (see _grammar)

# what a failed grammar element stands for, in an error message (others are named by their keyword or
# punctuation, or not at all)
_WANTED = {
    "Var": "a variable", "VAR1": "a variable", "VAR2": "a variable",
    "IRIREF": "an IRI", "PrefixedName": "an IRI", "PNAME_LN": "an IRI", "PNAME_NS": "an IRI",
    "String": "a literal", "RDFLiteral": "a literal", "NumericLiteral": "a literal",
    "STRING_LITERAL1": "a literal", "STRING_LITERAL2": "a literal", "INTEGER": "a literal",
    "BrackettedExpression": "an expression", "Expression": "an expression", "BuiltInCall": "an expression",
}
_TOKEN_PUNCT = {"a variable": ("?", "$"), "an IRI": ("<", ":"), "a literal": ("+", "-", '"', "'", "TRUE", "FALSE")}
_SHOWN = 8  # expectations listed in a message


@dataclass(frozen=True)
class Problem:
    """A syntax error: the message and where (1-based line and column, in characters of the text)."""

    message: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Reading:
    """A request as parsed: its form, its update operations, whether it calls SERVICE, its error."""

    form: str | None = None            # SELECT, CONSTRUCT, DESCRIBE or ASK (a query that parsed)
    update: bool = False               # an update request (well-formed or not)
    operations: tuple[str, ...] = ()   # the update's operations, e.g. ("LOAD",)
    service: bool = False              # a SERVICE pattern anywhere in the query
    error: Problem | None = None


# ---------------------------------------------------------------- codepoint escapes

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def decode_escapes(text: str) -> tuple[str, list[int] | None]:
    """The text with ``\\uXXXX`` and ``\\UXXXXXXXX`` decoded, and where each character of the result
    starts in ``text`` (None when there was nothing to decode). Raises ``ValueError`` naming the
    position of an escape that is no Unicode code point."""
    if "\\u" not in text and "\\U" not in text:
        return text, None
    out: list[str] = []
    where: list[int] = []
    last = 0
    for m in _ESCAPE.finditer(text):
        out.append(text[last:m.start()])
        where.extend(range(last, m.start()))
        code = int(m.group(1) or m.group(2), 16)
        if code > 0x10FFFF:
            raise ValueError(m.start())
        out.append(chr(code))
        where.append(m.start())
        last = m.end()
    out.append(text[last:])
    where.extend(range(last, len(text) + 1))  # and one past the end
    return "".join(out), where


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


# ---------------------------------------------------------------- the grammar (private copies)

class _Grammar:
    """rdflib's query and update grammars, deep-copied so that changing them touches nobody else's
    rdflib. ``instrument`` adds what error reporting needs: every token records where it failed, and
    prefixed names where they were read."""

    def __init__(self, instrument: bool):
        import pyparsing as pp
        from rdflib.plugins.sparql import parser as P

        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 20000))  # the grammar is a deep graph of objects
        try:
            memo: dict = {}
            self.query = copy.deepcopy(P.Query, memo)
            self.update = copy.deepcopy(P.UpdateUnit, memo)
        finally:
            sys.setrecursionlimit(limit)
        self.query.parse_with_tabs()  # pyparsing expands tabs by default, which moves every position after one
        self.update.parse_with_tabs()
        names = {id(memo[id(v)]): k for k, v in vars(P).items()
                 if isinstance(v, pp.ParserElement) and id(v) in memo}
        self.far, self.wanted, self.pnames = -1, [], []
        # one parse at a time: the instrumented grammar records into self, and rdflib's grammar is not
        # safe in threads (20 threads parsing at once fail with "Param.postParse2() missing … tokenList")
        self._busy = threading.Lock()
        for e in self._elements(pp):
            if getattr(e, "name", None) == "ServiceGraphPattern":
                # rdflib's Comp searches the whole text again for a ServiceGraphPattern (to keep its text),
                # and fails on prefixed names inside it; renamed, it is a plain node of the tree
                e.set_name(SERVICE)
            if not instrument:
                continue
            if isinstance(e, pp.Token):
                e.set_fail_action(self._failed(self._describe(pp, e)))
            elif names.get(id(e)) in _WANTED:
                e.set_fail_action(self._failed(_WANTED[names[id(e)]]))
            if getattr(e, "name", None) == "pname":
                e.add_parse_action(self._pname)

    def _elements(self, pp):
        seen, stack = set(), [self.query, self.update]
        while stack:
            e = stack.pop()
            if id(e) in seen or not isinstance(e, pp.ParserElement):
                continue
            seen.add(id(e))
            yield e
            stack.extend(getattr(e, "exprs", None) or [])
            if getattr(e, "expr", None) is not None:
                stack.append(e.expr)

    @staticmethod
    def _describe(pp, e) -> str | None:
        if isinstance(e, (pp.CaselessKeyword, pp.Keyword)):
            return e.match.upper()
        if isinstance(e, pp.Literal) and e.match:
            return e.match
        return None

    def _failed(self, what: str | None):
        def action(s, loc, expr, err):
            if loc > self.far:
                self.far, self.wanted = loc, []
            if loc == self.far and what and what not in self.wanted:
                self.wanted.append(what)
        return action

    def _pname(self, s, loc, toks):
        self.pnames.append(loc)

    def parse(self, grammar, text: str):
        """``grammar`` (``self.query`` or ``self.update``) applied to the whole of ``text``."""
        with self._busy:
            return grammar.parse_string(text, parse_all=True)

    def furthest(self, grammar, text: str) -> tuple[int, list[str], list[int]]:
        """Where parsing ``text`` stopped (the furthest failed token), what was wanted there, and where
        prefixed names were read."""
        import pyparsing as pp
        with self._busy:
            self.far, self.wanted, self.pnames = -1, [], []
            try:
                grammar.parse_string(text, parse_all=True)
            except pp.ParseBaseException as e:
                if self.far < 0:
                    self.far = e.loc
            return self.far, list(self.wanted), sorted(self.pnames)


_grammars: dict[bool, _Grammar] = {}
_lock = threading.Lock()


def _grammar(instrument: bool = False) -> _Grammar:
    with _lock:
        if instrument not in _grammars:
            _grammars[instrument] = _Grammar(instrument)
        return _grammars[instrument]


def warm() -> None:
    """Build the grammar now (a worker process forked afterwards shares it)."""
    _grammar(False)
    _grammar(True)


# ---------------------------------------------------------------- reading a request

def _walk(node, seen_names: set[str], prefixes_used: list[str], prefixes_declared: set[str]) -> None:
    from rdflib.plugins.sparql.parserutils import CompValue
    if isinstance(node, CompValue):
        seen_names.add(node.name)
        if node.name == "pname":
            prefixes_used.append(str(node.get("prefix") or ""))
        elif node.name == "PrefixDecl":
            prefixes_declared.add(str(node.get("prefix") or ""))
        for v in node.values():
            _walk(v, seen_names, prefixes_used, prefixes_declared)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for v in node:
            _walk(v, seen_names, prefixes_used, prefixes_declared)


def _summary(tree) -> tuple[set[str], list[str], set[str]]:
    names: set[str] = set()
    used: list[str] = []
    declared: set[str] = set()
    _walk(tree, names, used, declared)
    return names, used, declared


def _problem(text: str, where: list[int] | None, decoded: str, pos: int, message: str) -> Problem:
    """A problem at ``pos`` of the decoded text, placed in the original text."""
    orig = where[pos] if where is not None and pos < len(where) else pos
    line, col = _line_col(text, orig)
    return Problem(message, line, col)


def _found(decoded: str, pos: int) -> str:
    rest = decoded[pos:]
    if not rest.strip():
        return "the end of the query"
    if rest[0].isspace():
        return "a space" if rest[0] == " " else repr(rest[0])
    token = re.match(r"[\w:?$<>\"'-]+|\S", rest).group(0)
    return repr(token[:30])


def _expected(wanted: list[str], at_end: bool = False) -> str:
    items = list(wanted)
    if at_end:  # what is missing at the end is most often a closing bracket
        items.sort(key=lambda w: w not in ("}", ")", "]"))
    if "an expression" in items:  # every function name is a way to start one: say so once
        items = [w for w in items if not (w.isupper() and len(w) > 1) and w not in ("+", "-", "!", "(")]
    for kind, punct in _TOKEN_PUNCT.items():
        if kind in items:
            items = [w for w in items if w not in punct]
    items = [w if w[0].isalpha() and (w.isupper() or " " in w) else repr(w) for w in items]
    items = list(dict.fromkeys(items))
    if not items:
        return ""
    shown = ", ".join(items[:_SHOWN]) + (", …" if len(items) > _SHOWN else "")
    return f"; expected {shown}" if len(items) > 1 else f"; expected {items[0]}"


def _syntax_problem(text: str, decoded: str, where: list[int] | None, update: bool) -> Problem:
    g = _grammar(True)
    pos, wanted, _ = g.furthest(g.update if update else g.query, decoded)
    pos = max(0, min(pos, len(decoded)))
    at_end = not decoded[pos:].strip()
    return _problem(text, where, decoded, pos, f"found {_found(decoded, pos)}{_expected(wanted, at_end)}")


def _undeclared(text: str, decoded: str, where: list[int] | None, prefix: str) -> Problem:
    g = _grammar(True)
    _, _, pnames = g.furthest(g.query, decoded)
    for loc in pnames:
        if decoded.startswith(prefix + ":", loc):
            return _problem(text, where, decoded, loc, f"undeclared prefix {prefix}: "
                                                        f"(add PREFIX {prefix}: <…>)")
    return Problem(f"undeclared prefix {prefix}:")


def _read(text: str) -> Reading:
    import pyparsing as pp
    try:
        decoded, where = decode_escapes(text)
    except ValueError as e:
        line, col = _line_col(text, e.args[0])
        return Reading(error=Problem("this escape is no Unicode code point", line, col))
    g = _grammar(False)
    try:
        tree = g.parse(g.query, decoded)
    except pp.ParseBaseException:
        tree = None
    except RecursionError:
        return Reading(error=Problem("the query is nested too deeply to be read"))
    if tree is None:
        try:
            update = g.parse(g.update, decoded)
        except pp.ParseBaseException:
            update = None
        except RecursionError:
            return Reading(error=Problem("the request is nested too deeply to be read"))
        if update is not None:
            names, _, _ = _summary(update)
            ops = tuple(v for k, v in UPDATES.items() if k in names)
            return Reading(update=True, operations=ops, service=SERVICE in names)
        gi = _grammar(True)
        q_far = gi.furthest(gi.query, decoded)[0]
        u_far = gi.furthest(gi.update, decoded)[0]
        if u_far > q_far:  # it reads further as an update: a malformed update is still an update
            return Reading(update=True, error=_syntax_problem(text, decoded, where, update=True))
        return Reading(error=_syntax_problem(text, decoded, where, update=False))
    names, used, declared = _summary(tree)
    form = next((f for k, f in FORMS.items() if k in names), None)
    service = SERVICE in names
    for prefix in used:
        if prefix not in declared:
            return Reading(form=form, service=service, error=_undeclared(text, decoded, where, prefix))
    return Reading(form=form, service=service)


_CACHE_SIZE, _CACHE_MAX_TEXT = 512, 64 * 1024
_cache: OrderedDict[str, Reading] = OrderedDict()


def read(text: str) -> Reading:
    """The request ``text`` as parsed (see the module's docstring); remembers recent texts."""
    with _lock:
        hit = _cache.get(text)
        if hit is not None:
            _cache.move_to_end(text)
            return hit
    reading = _read(text)
    if len(text) <= _CACHE_MAX_TEXT:
        with _lock:
            _cache[text] = reading
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    return reading
