"""Targets: every quantified goal of a plan, in the forms Chinese plans state them.

Each quantity (``quantities``) is read in its clause, on the normalised view:

* indicator, verb, value: ``全区有效发明专利达到350件``, ``平均担保费率降至1%以下``, ``下降20%``,
  ``办结时限压缩至14个工作日``, ``不低于采购金额的30%`` (``data/target_verbs.tsv`` gives the comparator);
* verb, value, counted thing: ``建设50所高水平高等职业学校和150个骨干专业``, ``选择北京……西安11个城市``,
  ``试点城市各派1名代表`` (``data/target_actions.tsv``); verb, thing, value: ``新建重大创新平台8个左右``;
* indicator and value alone, where the sentence or table row states goals: ``铁路投资8000亿元以上``;
* 分别 lists, one target per value: ``花生、油菜种植机械化率分别达到65%、50%``;
* a clause with no indicator of its own takes the one before it: ``合法性审核时间一般不少于5个工作日,
  最长不超过15个工作日``.

Refused: years and periods (5年内), baselines (从9600元, 以1445名为基数), qualifiers (200张床位以上的医院,
在3家及以上的), numbers in names (“三项制度”, 第一批), counts of the document's own list (共23项, 15项工作目标),
frequencies (每年召开两次), and sentences that report or define rather than set goals (截至, 是指, a year
before the plan's own).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from . import indicators as ind
from .indicators import indicator_key
from .quantities import Quantity, find_quantities, fmt, printed_unit
from .records import Span, Target
from .resources import role_table
from .listed_words import ListedWords
from .spans import Stab
from .target_lists import list_items, shared_parts

__all__ = ["find_targets", "indicator_key"]

_CLAUSE_END = ",;:。!?\n\t|"
_COUNT_UNITS = {"项", "条", "个", "类", "批", "方面"}
_TIME_UNITS = {"工作日", "小时", "天"}
_DURATION_UNITS = {"个月", "工作日", "小时", "天"}
_POST_COMPARATOR = {"以上": ">=", "及以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<=", "之内": "<=",
                    "内": "<=", "左右": "~", "上下": "~"}
_GOAL_YEAR = re.compile(r"(?:到|至|于)\s*(?:19|20)\d\d\s*年|\s*(?:19|20)\d\d\s*年(?:底|末)?(?:前|以前)")
_YEAR = re.compile(r"(?<![比较从自])(?:到|至|在|于)?\s*((?:19|20)\d\d)\s*年(?!起|开始|以来)")
_QUALIFIER = re.compile(r"^(?:[^,;。的]{0,6}?(?:及)?(?:以上|以下)|/[^,;。的]{1,3})的")
_DATE = re.compile(r"\d+月\d+日|\d+年\d+月")
_BASELINE_BEFORE = ("从", "由", "比", "较", "以", "与")
_DOC_BEFORE = ("(", "(共", "方面", "分解为", "以下", "如下", "包括")
_ONE_OK = ("至少", "不少于", "最少", "最多", "不超过", "仅", "只")
_LIST_BASELINE = re.compile(r"(?:比|较)(?:\s*(?:19|20)\d\d\s*年(?:底|末)?|上年|去年|上一年|同期)(?:同期)?")
_CONJ = ("、", "和", "及", "与", "以及", "并")
_PER = re.compile(r"每(?:个|名|家|所|位|户|十万|万|百|千)?")
_HEADING_WITH_STOP = 12  # (三)工作目标。 is a heading; a longer line ending in 。 is a sentence
_WEAK_VERBS = ("为", "约", "近", "占")  # they set goals only where goals are stated


@lru_cache(maxsize=None)
def _verbs() -> tuple[tuple[str, str], ...]:
    """Indicator-to-value verbs and their comparators, longest first."""
    return tuple(sorted(role_table("target_verbs.tsv").items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=None)
def _verb_endings() -> ListedWords:
    return ListedWords(role_table("target_verbs.tsv"))


@lru_cache(maxsize=None)
def _actions() -> tuple[tuple[str, str], ...]:
    """Verbs before a counted thing and their comparators, longest first."""
    return tuple(sorted(role_table("target_actions.tsv").items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=None)
def _norm_then_act() -> re.Pattern:
    """的标准建设: a norm the quantity sets, then the verb of what it counts (1所的标准建设社区卫生服务中心)."""
    norms = "|".join(map(re.escape, ind.context_words("norm")))
    return re.compile(rf"的(?:{norms})(?:{ind.action_rx().pattern})")


@dataclass
class _Read:
    """What the clause around a quantity says: the indicator's printed parts and the statement's span."""

    parts: list[Span]
    span: Span
    comparator: str
    per: str | None = None


def find_targets(text: str, norm: str, skip: list[Span], year: int | None = None) -> list[Target]:
    """The targets of a text, in document order (none inside ``skip``: annotations, citations).

    ``year``, the plan's own year when known, refuses sentences about years before it (achievements).
    """
    return _Reader(text, norm, skip, year)()


class _Reader:
    """One pass over one text: 分别 lists first, then every other quantity in its clause."""

    def __init__(self, text: str, norm: str, skip: list[Span], year: int | None) -> None:
        self.text, self.norm, self.skip, self.year = text, norm, sorted(skip), year
        self.last: tuple[int, Target, list[Span]] | None = None  # sentence start, target, indicator parts

    def __call__(self) -> list[Target]:
        self.ends = [m.start() for m in re.finditer(r"[。!?\n]", self.norm)]
        self.skipped = Stab(self.skip)
        self.skip_starts = self.skipped.starts
        qs = [q for q in find_quantities(self.text, self.norm) if not self._skipped(q.start)]
        self.starts = [q.start for q in qs]
        out: list[Target] = []
        done: set[int] = set()
        for targets, used in self._lists(qs):
            out += targets
            done |= used
        for q in qs:
            if q.start in done:
                continue
            read = self._read(q)
            if read is not None:
                out.append(read[0])
                self.last = (self._sentence_start(q.start), *read)
        out.sort(key=lambda t: (t.span, t.value))
        for i, t in enumerate(out, 1):
            t.index = i
        return out

    # ------------------------------------------------------------------ text structure

    def _skipped(self, pos: int) -> bool:
        return pos in self.skipped

    def _sentence_start(self, pos: int) -> int:
        k = bisect_right(self.ends, pos - 1)
        return self.ends[k - 1] + 1 if k else 0

    def _is_cut(self, i: int) -> bool:
        """Whether ``norm[i]`` separates clauses: punctuation, or white space between table cells."""
        n = self.norm
        c = n[i]
        if c in _CLAUSE_END:
            return True
        if not c.isspace():
            return False
        a = n[i - 1] if i else "\n"
        b = n[i + 1] if i + 1 < len(n) else "\n"
        if a.isspace() or b.isspace():
            return True
        return not (a.isascii() or b.isascii())

    def _clause_start(self, pos: int, floor: int) -> int:
        """Back to punctuation, a cell boundary, an unclosed ( (立即上报(最迟不超过4个小时), or the end of an
        annotation before it ((区科技局牵头,区财政局配合)全区有效发明专利: its comma is the annotation's)."""
        n = self.norm
        k = bisect_right(self.skip_starts, pos - 1)
        if k and self.skip[k - 1][1] <= pos:
            floor = max(floor, self.skip[k - 1][1])
        i, depth = pos - 1, 0
        while i >= floor and not self._is_cut(i):
            if n[i] == ")":
                depth += 1
            elif n[i] == "(":
                if depth == 0:
                    break
                depth -= 1
            i -= 1
        return max(i + 1, floor)

    def _clause_end(self, pos: int) -> int:
        """The end of the clause after a quantity: punctuation, an annotation, or the next quantity
        (建设50所高水平高等职业学校和150个骨干专业: the first ends before 和)."""
        n = self.norm
        i = pos
        limit = min(len(n), pos + 60)
        j = bisect_left(self.skip_starts, pos)
        nxt = self.skip_starts[j] if j < len(self.skip_starts) else len(n)
        k = bisect_right(self.starts, pos)
        if k < len(self.starts):
            nq = self.starts[k]
            conj = next((c for c in _CONJ if n.endswith(c, pos, nq)), "")
            nxt = min(nxt, nq - len(conj))
        limit = min(limit, nxt)
        while i < limit and not self._is_cut(i):
            i += 1
        return i

    def _floor(self, pos: int) -> int:
        """Where the clause of a quantity may start: not before its sentence or the last target in it."""
        sent = self._sentence_start(pos)
        if self.last and self.last[0] == sent and self.last[1].span[1] <= pos:
            return self.last[1].span[1]
        return sent

    # ------------------------------------------------------------------ one quantity

    def _read(self, q: Quantity) -> tuple[Target, list[Span]] | None:
        n = self.norm
        floor = self._floor(q.start)
        cs = self._clause_start(q.start, floor)
        ce = self._clause_end(q.end)
        left, right = n[cs:q.start], n[q.end:ce]
        if self._refused(q, cs, left, right):
            return None
        right = self._past_norm_noun(right)
        if left.strip() in ("和", "及", "与", "以及", "、") and self.last and self.last[1].span[1] == cs:
            r = self._counted(q, cs, ce, None, self._last_action())  # 建设50所X和150个Y: the verb goes on
        else:
            r = self._form(q, cs, ce, left, right)
            if r is None and left.startswith(("、", "和", "及")) and self.last and self.last[1].span[1] == cs:
                r = self._counted(q, cs, ce, None, self._last_action())  # 培育A100家、B30家: the verb goes on
        if r is None:
            return None
        t = self._target(q, r)
        return (t, r.parts) if t is not None else None

    def _refused(self, q: Quantity, cs: int, left: str, right: str) -> bool:
        """Quantities that are no goal whatever their clause says."""
        n = self.norm
        sent = self._sentence_start(q.start)
        before = n[sent:q.start]
        if q.chinese and q.value == "1" and q.unit != "番" and (q.unit == "批" or not (
                "每" in left or re.search(r"各\w{1,2}$", left) or left.endswith(_ONE_OK))):
            return True  # 打造一支队伍, 建设一批: an article, not a count
        if q.unit == "次" and "每" in left:
            return True  # 每年召开两次会议: a frequency
        if any(w in before for w in ind.context_words("past")) or left.endswith("了"):
            return True
        years = _YEAR.findall(before)
        if self.year and years and int(years[-1]) < self.year:
            return True  # 2003年全国城市污水处理率达到42%, in a plan of 2005: an achievement
        if self._quoted(q, sent):
            return True
        if q.unit in _COUNT_UNITS and (left.endswith(_DOC_BEFORE) or self._counts_document(q, right)):
            return True  # (共23项), 15项工作目标: what the document itself lists
        if left.endswith(_BASELINE_BEFORE) or right.startswith(("为基数", "为基准", "为起点")):
            return True  # 从9600元起, 以1445名为基数: where a goal starts from
        if right.startswith("的") and not self._norm_noun(right[1:]) and not self._share_of(q, cs, ce_hint=q.end + len(right)):
            return True  # 入围生产企业为2家的, 500万元及以下的小微企业, 不超过1%的担保业务
        if _QUALIFIER.match(right):
            return True  # 200张床位以上的医院
        k = bisect_right(self.starts, q.end)
        if k < len(self.starts) and re.fullmatch(r"[^,;。:\s、和及与]{1,10}", n[q.end:self.starts[k]]) and \
                not ind.action_rx().search(n, q.end, self.starts[k]):
            return True  # 实施10亿元以上项目20个, 由现有的24家增加到50家: it qualifies the next or is its baseline
        if q.post in ("内", "之内") and q.unit not in _TIME_UNITS:
            return True  # 3个月内: a period
        return False

    def _share_of(self, q: Quantity, cs: int, ce_hint: int) -> bool:
        """推动80%以上的规上工业企业开展数字化转型: a share of things where goals are stated, unless a
        comparator before it makes it a qualifier (平均担保费率不超过1%的担保业务)."""
        if q.unit not in ("%", "‰") or self._verb_at_end(q, cs):
            return False
        return self._goal_context(q, cs, ce_hint)

    def _quoted(self, q: Quantity, sent: int) -> bool:
        """Inside a short quotation (“三项制度”, “两个维护”): part of a name."""
        n = self.norm
        o = max(n.rfind("“", sent, q.start), n.rfind('"', sent, q.start), n.rfind("「", sent, q.start))
        if o < 0 or q.start - o > 12:
            return False
        c = max(n.rfind("”", o, q.start), n.rfind("」", o, q.start))
        if c > o:
            return False
        close = re.search(r"[”」\"]", n[q.end:q.end + 12])
        return close is not None

    def _counts_document(self, q: Quantity, right: str) -> bool:
        """15项工作目标, 30项督查激励措施, (15项): a count of what the document itself lists."""
        if right.startswith(")") or right.startswith(":"):
            return True
        s, e = ind.after(self.norm, q.end, q.end + len(right))
        thing = self.norm[s:e]
        return any(w in thing for w in ind.context_words("doc"))

    @staticmethod
    def _norm_noun(s: str) -> bool:
        """Whether what follows 的 is a norm the quantity sets (的标准, 的基础上, 的招生规模), not a thing it
        qualifies (的小微企业)."""
        s = re.split(r"[,;。:\s]", s, maxsplit=1)[0]
        words = ind.context_words("norm")
        return s.startswith(words) or s.endswith(words)

    @staticmethod
    def _past_norm_noun(right: str) -> str:
        """达到12000元的基础上: the clause ends with the quantity (but 达到2000名的招生规模 names what is measured)."""
        if right.startswith("的基础"):
            return ""
        return right

    def _last_action(self) -> tuple[str, int, int] | None:
        if not self.last:
            return None
        t = self.last[1]
        m = None
        for m in ind.action_rx().finditer(self.norm, t.span[0], t.span[1]):
            pass
        return (m.group(), m.start(), m.end()) if m else None

    # ------------------------------------------------------------------ forms

    def _form(self, q: Quantity, cs: int, ce: int, left: str, right: str) -> _Read | None:
        n = self.norm
        verb = self._verb_at_end(q, cs)
        thing = ind.after(n, q.end, ce) if q.end < ce else (q.end, q.end)
        action = self._action_in(cs, q.start, ind.meaningful(n[thing[0]:thing[1]]))
        if q.post in ("内", "之内") and (r := self._time_limit(q, cs, ce)) is not None:
            return r
        if q.unit == "番":  # 地区生产总值比2020年翻一番
            return self._indicator_verb(q, cs, ce, "翻", "=", q.start)
        if left.endswith("等"):  # 对北京市大力推进……等130项经验: a list summed up; only a verb heading it counts
            first = ind.action_rx().search(n, cs, q.start)
            action = action if first and first.start() <= ind.before(n, cs, q.start)[0] else None
            verb = None
        if verb and verb[0] in _WEAK_VERBS and not self._goal_context(q, cs, ce, paragraph=True):
            return None  # 延伸长度一般为0.5-2米: a description
        if verb:
            v, comp, vs = verb
            if action and action[2] == q.start and right and v == action[0]:
                return self._counted(q, cs, ce, None, action)  # 新增51家企业
            if action and action[2] == vs and ind.meaningful(n[thing[0]:thing[1]]):  # 安排不少于4000万元专项资金
                r = self._counted(q, cs, ce, None, action)
                return _Read(r.parts, r.span, comp, r.per) if r else None
            return self._indicator_verb(q, cs, ce, v, comp, vs)
        if action:
            return self._counted(q, cs, ce, None, action)
        m = re.search(r"各(\w{1,2})$", n[cs:q.start])  # 试点城市各派1名代表
        if m and right:
            return self._counted(q, cs, ce, n[cs:cs + m.start()], (m.group(1), cs + m.start(), q.start))
        return self._bare(q, cs, ce, right)

    def _time_limit(self, q: Quantity, cs: int, ce: int) -> _Read | None:
        """行政执法机关要在执法决定作出之日起20个工作日内,向社会公布执法信息: who acts and what they do,
        within the time limit."""
        n = self.norm
        if ce == q.end and ce < len(n) and n[ce] == ",":  # the act is the next clause
            ce = self._clause_end(ce + 1)
        thing = ind.after(n, q.end, ce)
        if not ind.meaningful(n[thing[0]:thing[1]]):
            return None
        m = re.search(r"(?:要|应|应当|须|必须)?(?:在|于|自|从)", n[cs:q.start])
        parts = [thing]
        start = q.start
        if m:
            subj = ind.before(n, cs, cs + m.start())
            if ind.meaningful(n[subj[0]:subj[1]]):
                parts, start = [subj, thing], subj[0]
        return _Read(parts, (start, thing[1]), "<=")

    def _verb_at_end(self, q: Quantity, cs: int) -> tuple[str, str, int] | None:
        """The indicator verb just before the quantity (达到, 不低于 …), also across a base of a rate
        (不低于采购金额的30%)."""
        n = self.norm
        left = n[cs:q.start]
        v = _verb_endings().ending(left)
        if v is not None:
            return v, role_table("target_verbs.tsv")[v], q.start - len(v)
        if q.unit in ("%", "‰") and left.endswith("的"):
            best = None
            for v, comp in _verbs():
                i = left.rfind(v, max(0, len(left) - 24))
                if i >= 0 and (best is None or i + len(v) > best[2] + len(best[0])) and \
                        not re.search(r"[,;。]", left[i + len(v):]):
                    best = (v, comp, cs + i)
            if best:
                return best
            i = left.rfind("占")
            if i > 0:
                return "占", "=", cs + i
        return None

    def _action_in(self, cs: int, qs: int, counted: bool = False) -> tuple[str, int, int] | None:
        """The goal-setting verb of the clause before the quantity: the last one, with the verbs joined to
        it (新建改造, 新建、改扩建); the one before it when the last ends a noun just before the quantity
        (完成高标准农田建设10万亩, unless a ``counted`` thing follows the quantity). None if it reports the past
        (新增了)."""
        n = self.norm
        suffix = ind.context_words("suffix")
        ms = [m for m in ind.action_rx().finditer(n, cs, qs) if not n.startswith(suffix, m.end())]  # 孵化器
        if not ms or n.startswith("了", ms[-1].end()):
            return None
        i = len(ms) - 1
        while i > 0 and n[ms[i - 1].end():ms[i].start()] in ("", "、", "和", "及"):
            i -= 1
        if not counted and ms[-1].end() == qs and i > 0 and ms[-1].start() > cs and n[ms[-1].start() - 1] not in "、和及":
            i -= 1
            while i > 0 and n[ms[i - 1].end():ms[i].start()] in ("", "、", "和", "及"):
                i -= 1
            return n[ms[i].start():ms[i].end()], ms[i].start(), ms[i].end()
        return n[ms[i].start():ms[-1].end()], ms[i].start(), ms[-1].end()

    def _indicator_verb(self, q: Quantity, cs: int, ce: int, v: str, comp: str, vs: int) -> _Read | None:
        """全区有效发明专利达到350件; 占 keeps its base (研发投入占营业收入的3%)."""
        n = self.norm
        end = q.start - 1 if v == "占" else vs
        s, e = ind.before(n, cs, end if v != "占" else end)
        if v == "占" and n[e - 1:e] == "的":
            e -= 1
        thing = ind.after(n, q.end, ce) if q.end < ce else (q.end, q.end)
        has_thing = ind.meaningful(n[thing[0]:thing[1]])
        if ind.meaningful(n[s:e]):
            parts = [(s, e)]
            if has_thing and q.unit in _DURATION_UNITS:  # 教师每年至少1个月在企业或实训基地实训
                parts.append(thing)
            per = self._per(s, e)
            return _Read(parts, (s, max(q.end, thing[1] if len(parts) > 1 else q.end)), comp, per)
        if has_thing:  # 按不低于采购金额的30%提前预付给医疗机构
            return _Read([thing], (vs, thing[1]), comp)
        return self._inherit(q, cs, comp)

    def _counted(self, q: Quantity, cs: int, ce: int, per_text: str | None,
                 action: tuple[str, int, int] | None) -> _Read | None:
        """建设50所高水平高等职业学校, 选择……西安11个城市, 新建重大创新平台8个左右, 城镇新增就业1000万人."""
        if action is None:
            return None
        n = self.norm
        verb, a_s, a_e = action
        comp = next((c for v, c in _actions() if verb.endswith(v)), "=")
        thing = ind.after(n, q.end, ce) if q.end < ce else (q.end, q.end)
        if per_text is None and a_s > cs and n[a_s - 1] == "各":  # (由)试点城市各派1名代表
            by = max(n.rfind(c, cs, a_s - 1) for c in "由对向从在")
            p = ind.before(n, max(cs, by + 1), a_s - 1)
            per_text = "".join(self.text[p[0]:p[1]].split()) if ind.meaningful(n[p[0]:p[1]]) else None
        per = per_text.strip() if per_text else self._per(cs, a_s)
        start = a_s if a_s >= cs else cs
        last_end = self.last[1].span[1] if self.last else -1
        b0 = last_end if a_e <= last_end <= q.start else a_e  # after the list's previous target
        between = ind.before(n, b0, q.start) if b0 < q.start else (q.start, q.start)
        pairs = n.startswith("、", q.end) and ind.meaningful(n[between[0]:between[1]])
        if ind.meaningful(n[thing[0]:thing[1]]) and not pairs:  # 新增A50家、B100家: B is the next value's
            if re.fullmatch(r"“[^”]*”", n[thing[0]:thing[1]]):
                return None  # 推出3个“信贷通”: named schemes, not a count of things
            return _Read([thing], (start, thing[1]), comp, per or None)
        pre = ind.before(n, cs, a_s) if a_s > cs else (a_s, a_s)
        if ind.meaningful(n[between[0]:between[1]]):
            if ind.meaningful(n[pre[0]:pre[1]]) and not self._per(pre[0], pre[1]):
                return _Read([(pre[0], between[1])], (pre[0], q.end), comp, per)  # 城镇新增就业
            return _Read([between], (start, q.end), comp, per)
        if ind.meaningful(n[pre[0]:pre[1]]) and pre[1] - pre[0] <= 16 and "、" not in n[pre[0]:pre[1]]:
            # 中央预算内投资安排5000亿元 (a level: what is allocated); 棚户区改造3000套 (a change: what is done)
            return _Read([(pre[0], a_e if comp == "+" else pre[1])], (pre[0], q.end), comp, per)
        return self._inherit(q, cs, comp)

    def _bare(self, q: Quantity, cs: int, ce: int, right: str) -> _Read | None:
        """No verb: 铁路投资8000亿元以上 where goals are stated; 2家获批国家级大学科技园; 按……的60%估算采购总量."""
        n = self.norm
        start = q.end + len(m.group()) if (m := _norm_then_act().match(n, q.end, ce)) else q.end
        thing = ind.after(n, start, ce) if start < ce else (q.end, q.end)
        has_thing = ind.meaningful(n[thing[0]:thing[1]])
        s, e = ind.before(n, cs, q.start)
        per = self._per(cs, q.start)
        if has_thing and q.unit in ("%", "‰") and re.match(r"(?:按照|按|依照|依据)\S*的$", n[cs:q.start].strip(" ,")):
            return _Read([thing], (cs, thing[1]), "=")  # 按照……年度药品总用量的60%—70%估算采购总量
        if has_thing and per and (m or self._goal_context(q, cs, ce)):  # (按照)每个街(镇)1所(的标准建设)X
            return _Read([thing], (n.find("每", cs), thing[1]), "=", per)
        if not self._goal_context(q, cs, ce):
            return None
        if has_thing:
            if ind.action_rx().match(n, thing[0]) or (q.unit in ("%", "‰") and (
                    n[cs:q.start].endswith("的") or n.startswith("的", q.end))):
                return _Read([thing], (s if ind.meaningful(n[s:e]) else q.start, thing[1]), "=")
            return None
        if ind.meaningful(n[s:e]):
            return _Read([(s, e)], (s, q.end), "=", self._per(s, e))
        return self._inherit(q, cs, "=")

    def _inherit(self, q: Quantity, cs: int, comp: str) -> _Read | None:
        """A clause without an indicator of its own (最长不超过15个工作日, 2016年安排500亿元) takes the
        indicator of the target before it in the sentence, else the clause before it."""
        n = self.norm
        sent = self._sentence_start(q.start)
        start = cs
        while start < q.start and n[start] in " ,;:":
            start += 1
        last = self.last if self.last and self.last[0] == sent else None
        if cs - 1 > sent:
            pcs = self._clause_start(cs - 1, sent)
            if last and last[1].span[1] > pcs:  # the clause before is the last target's
                return _Read(last[2], (start, q.end), comp, last[1].per)
            s, e = ind.before(n, pcs, cs - 1)
            if ind.meaningful(n[s:e]) and e - s <= 30 and "、" not in n[s:e] and not _DATE.search(n[s:e]) \
                    and not any(w in n[s:e] for w in ind.context_words("verb")):
                return _Read([(s, e)], (s if cs - e <= 2 else start, q.end), comp)  # 研发投入强度：3.5%
        if last:
            return _Read(last[2], (start, q.end), comp, last[1].per)
        return None

    def _goal_context(self, q: Quantity, cs: int, ce: int, paragraph: bool = False) -> bool:
        """Whether a quantity without a verb is a goal: the sentence (or its paragraph) states goals
        (到2022年, 力争, 目标), a target came before it in the sentence, or it stands alone in a table cell."""
        n = self.norm
        sent = self._sentence_start(q.start)
        before = n[n.rfind("\n", 0, q.start) + 1 if paragraph else sent:q.start]
        if _GOAL_YEAR.search(before) or any(w in before for w in ind.context_words("goal")):
            return True
        if self.last and self.last[0] == sent:
            return True
        if self._under_goal_heading(q.start):
            return True
        left_cell = cs == 0 or n[cs - 1] in "\n\t" or (n[cs - 1].isspace() and self._is_cut(cs - 1))
        right_cell = ce >= len(n) or n[ce] in "\n\t" or (n[ce].isspace() and self._is_cut(ce))
        return left_cell and right_cell

    def _under_goal_heading(self, pos: int) -> bool:
        """Whether one of the two nearest headings above ``pos`` (short lines without a full stop inside)
        names goals: (二)主要目标, 发展目标, 主要指标. Annotation lines (牵头单位:X) and items that are
        sentences (1.(区发改委牵头)单位地区生产总值能耗下降3.5%。) are no headings."""
        n = self.norm
        i = n.rfind("\n", 0, pos)
        seen = 0
        for _ in range(40):
            if i <= 0 or seen == 2:
                return False
            j = n.rfind("\n", 0, i)
            raw = n[j + 1:i]
            line = raw.strip()
            if line and self._skipped(j + 1 + len(raw) - len(raw.lstrip())):
                i = j
                continue
            if line and len(line) <= 30 and "。" not in line.rstrip("。") and \
                    (not line.endswith("。") or len(line) <= _HEADING_WITH_STOP):
                if any(w in line for w in ("目标", "指标")):
                    return True
                seen += 1
            i = j
        return False

    def _per(self, s: int, e: int) -> str | None:
        """每个街(镇), 每万人口, 每年: the unit a norm applies to, when the text before the value names one."""
        n = self.norm
        i = n.find("每", s, e)
        if i < 0:
            return None
        m = _PER.match(n, i, e)
        j = m.end()
        while j < e and j - m.end() < 4 and n[j] not in ",;。的每(" and not self._word_at(j):
            j += 1
        if j < e and n[j] == "(":
            close = n.find(")", j, min(e, j + 16))
            j = close + 1 if close > 0 else j
        per = "".join(self.text[i:j].split())
        return per if len(per) >= 2 else None

    def _word_at(self, j: int) -> bool:
        """Whether a verb or a filler starts at ``norm[j]`` (it ends a 每… phrase)."""
        n = self.norm
        if ind.action_rx().match(n, j):
            return True
        words = ind.context_words("lead") + ind.context_words("trail")
        return any(n.startswith(w, j) for w in words) or any(n.startswith(v, j) for v, _ in _verbs())

    # ------------------------------------------------------------------ records

    def _target(self, q: Quantity, r: _Read) -> Target | None:
        indicator = "".join("".join(self.text[s:e].split()) for s, e in r.parts)
        if not ind.meaningful(indicator):
            return None
        comp = r.comparator
        if q.post in _POST_COMPARATOR and comp in ("=", ">=", "<=", "~", ">"):
            comp = _POST_COMPARATOR[q.post] if comp in ("=", ">=", "<=") or q.post in ("左右", "上下") else comp
        if q.more and comp == "=":
            comp = ">"
        s, e = r.span
        s = min(s, q.start)
        e = max(e, q.end)
        return _make(self.text, q, (s, e), indicator, comp, self._year_of(q.start), r.per)

    def _year_of(self, pos: int) -> int | None:
        years = _YEAR.findall(self.norm, self._sentence_start(pos), pos)
        return int(years[-1]) if years else None

    # ------------------------------------------------------------------ 分别 lists

    def _lists(self, qs: list[Quantity]):
        """``A、B和C分别达到x、y和z``: one target per value; a head the items share is given to each
        (花生、油菜种植机械化率 → 花生种植机械化率, 油菜种植机械化率); one indicator with values per year."""
        n = self.norm
        by_start = {q.start: q for q in qs}
        for m in re.finditer("分别", n):
            pos = m.end()
            base = _LIST_BASELINE.match(n, pos)  # 分别比2020年增长10%和8%
            pos = base.end() if base else pos
            verb, comp = next(((v, c) for v, c in _verbs() if n.startswith(v, pos)), ("", "="))
            pos += len(verb)
            values: list[Quantity] = []
            while True:
                while pos < len(n) and n[pos] in " 、,和及与以":
                    pos += 1
                q = by_start.get(pos)
                if q is None:
                    break
                values.append(q)
                pos = q.end
            if len(values) < 2:
                continue
            floor = self._sentence_start(m.start())
            cs = self._clause_start(m.start(), floor)
            items, years = list_items(n, cs, m.start())
            if len(items) == 1:
                items = items * len(values)
            if len(items) != len(values):
                continue
            inds = self._distribute(items)
            out = []
            for k, (q, parts) in enumerate(zip(values, inds)):
                c = comp
                post = q.post or values[-1].post
                if post in _POST_COMPARATOR and c in ("=", ">=", "<="):
                    c = _POST_COMPARATOR[post]
                indicator = "".join("".join(self.text[s:e].split()) for s, e in parts)
                if not ind.meaningful(indicator):
                    break
                year = years[k] if len(years) == len(values) else self._year_of(m.start())
                t = _make(self.text, q, (parts[0][0], q.end), indicator, c, year, None)
                out.append(t)
            else:
                yield out, {q.start for q in values}

    def _distribute(self, items: list[Span]) -> list[list[Span]]:
        """Give the head of the last item to the others, and the prefix of the first to the others, when
        they lack them (see ``target_lists``)."""
        n = self.norm
        if len(set(items)) == 1 or len(items) < 2:
            return [[it] for it in items]
        prefix, head = shared_parts(n[items[0][0]:items[0][1]], n[items[-1][0]:items[-1][1]])
        if not head:
            return [[it] for it in items]
        pre = [(items[0][0], items[0][0] + len(prefix))] if prefix else []
        tail = [(items[-1][1] - len(head), items[-1][1])]
        return [[it] + (tail if k < len(items) - 1 else []) if k == 0 else pre + [it] + (tail if k < len(items) - 1 else [])
                for k, it in enumerate(items)]


def _make(text: str, q: Quantity, span: Span, indicator: str, comp: str, year: int | None,
          per: str | None) -> Target:
    """A ``Target`` record from a quantity and what its clause said."""
    if q.unit == "番":  # 翻一番: twice the baseline
        normalized, base, unit = fmt(Decimal(2) ** int(q.value)), "倍", "番"
    else:
        normalized, base, unit = q.normalized(), q.unit, printed_unit(text, q)
    return Target(index=0, span=span, indicator=indicator, indicator_key=indicator_key(indicator), value=q.value,
                  unit=unit, comparator=comp, normalized_value=normalized, base_unit=base, year=year,
                  upper_value=q.upper, normalized_upper=q.normalized(q.upper) if q.upper else None, per=per,
                  text="".join(text[span[0]:span[1]].split()))
