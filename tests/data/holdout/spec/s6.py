SPEC = {
 "source": "suzhou-2011-mubiao-leading-annotations.txt",
 "note": "Written and annotated by hand (holdout helper, 2026-12-03) in the layout where the annotation opens each numbered item and governs the goal after it (1.（X牵头，Y配合）goal), the form of issue 11's '(市环保局牵头)城市建成区绿化覆盖率'; the goals are real sentences of tables/suzhou-2011 and guowuyuan/07 (item 7 in traditional script, OpenCC). Lead: the bodies before 牵头; 按职责分工负责 marks none. Targets: every goal (12%, 12%, 1.5个百分点, 5个百分点, 17%, 10%, 85%); indicators without the annotation.",
 "plan": {"title": "苏州市2011年经济社会发展主要预期目标责任分解", "district": "苏州市", "published": None, "publisher": None, "implements_contains": None},
 "tasks": """
地区生产总值增长12% | 市发改委、市统计局 | 市发改委
地方财政一般预算收入增长12%以上 | 市财政局、市国税局、市地税局 | 市财政局
服务业增加值占地区生产总值的比重提高1.5个百分点 | 市发改委 | 市发改委
新兴产业产值占规模以上工业总产值的比重提高5个百分点 | 市经信委、市发改委、市统计局 | 市经信委
社会消费品零售总额增长17% | 市商务局 | 市商务局
进出口总额增长10% | 市商务局、苏州海关 |
秸稈綜合利用率達到85%以上 | 市农业农村局 | 市农业农村局
""",
 "aliases": {"市发改委": ["苏州市发改委"], "市统计局": ["苏州市统计局"], "市财政局": ["苏州市财政局"], "市国税局": ["苏州市国税局"],
             "市地税局": ["苏州市地税局"], "市经信委": ["苏州市经信委"], "市商务局": ["苏州市商务局"], "苏州海关": [],
             "市农业农村局": ["市農業農村局", "苏州市农业农村局"]},
 "policies": {"must": [], "optional_contains": []},
 "institutions": {"must": {}, "optional": []},
 "targets": """
地区生产总值 | 12 | %
地方财政一般预算收入 | 12 | %
服务业增加值占地区生产总值的比重 | 1.5 | 个百分点
新兴产业产值占规模以上工业总产值的比重 | 5 | 个百分点
社会消费品零售总额 | 17 | %
进出口总额 | 10 | %
秸稈綜合利用率 | 85 | %
""",
}
