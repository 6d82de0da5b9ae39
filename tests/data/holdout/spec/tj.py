SPEC = {
 "source": "tianjin-2020-keji-sannian-excerpt-traditional.txt",
 "note": "Annotated by hand (holdout helper, 2026-12-03) from tianjin/tianjin-2020-keji-sannian-excerpt-traditional.txt (traditional script, first part of the page only), which has no dev gold. No responsibility annotation. Targets: every goal of （二）工作目標: 3.2%, 4萬件, 8個左右 platforms, 10個左右 projects, 9000家, the 分別 list (3500家, 350家, 250家: three targets), 6家 unicorns, 1400億元, 5家 and 2家 university science parks. Keys in printed (traditional) script. No named institution (市級大學科技園 is a kind). No citation (the 印發 notice prints the plan's own title).",
 "plan": {"title": "天津市科技創新三年行動計劃(2020—2022年)", "district": "天津市", "published": "2020-11-21", "publisher": "天津市人民政府",
          "implements_contains": None},
 "tasks": "",
 "policies": {"must": [], "optional_contains": ["天津市科技創新三年行動計劃"]},
 "institutions": {"must": {}, "optional": []},
 "targets": """
研發投入強度 | 3.2 | %
有效發明專利 | 4 | 萬件 | 40000 件;4 萬
重大創新平臺和科技基礎設施 | 8 | 個
重大科技創新專項 | 10 | 個
高新技術企業 | 9000 | 家
雛鷹 | 3500 | 家
瞪羚 | 350 | 家
科技領軍 | 250 | 家
獨角獸 | 6 | 家
技術合同成交額 | 1400 | 億元 | 140000000000 元;1400 億
市級大學科技園 | 5 | 家
國家級大學科技園 | 2 | 家
""",
}
