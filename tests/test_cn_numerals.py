"""Chinese numerals read from policykg's table are the numbers cn2an reads; the rest still go to cn2an."""
from __future__ import annotations

from decimal import Decimal

import cn2an

from extract import cn_numerals
from extract.quantities import fmt, number


def test_every_listed_spelling_is_read_as_cn2an_reads_it():
    table = cn_numerals._table()
    assert len(table) > 10000 and table["两百"] == 200 and table["一千零五十"] == 1050
    differ = [(s, n) for s, n in table.items() if fmt(Decimal(str(cn2an.cn2an(s, "smart")))) != str(n)]
    assert differ == []
    assert [s for s, n in table.items() if cn_numerals.value(s) != n] == []


def test_numerals_outside_the_table_are_read_by_cn2an():
    assert cn_numerals.value("一点五") is None and number("一点五") == "1.5"
    assert cn_numerals.value("一十五") is None and number("一十五") == "15"
    assert cn_numerals.value("十十") is None and cn_numerals.value("五千五千") is None and cn_numerals.value("万") is None
    assert number("十五") == "15" and number("百") is None  # a magnitude alone is an idiom, not a number
