SPEC = {
 "source": "jinghai-2021-mubiao-pair-lists.txt",
 "note": "Written and annotated by hand (holdout helper, 2026-12-03): goals of tianjin/jinghai-2021 and tianjin-2020 written as lists of indicator-value pairs after one verb (培育A51家、B27家、C12家; 新建A8个左右、B3个), the form district goal lists use. One target per pair; the indicator is the thing before its own value. Responsibilities: （X负责） after each item.",
 "plan": {"title": "静海区科技创新主要目标分解", "district": "天津市静海区", "published": None, "publisher": None, "implements_contains": None},
 "tasks": """
全区国家高新技术企业总量突破260家 | 区科技局
新建市级以上研发平台8个左右 | 区科技局、区发改委
全区有效发明专利达到350件 | 区知识产权局、区科技局
""",
 "aliases": {"区科技局": ["静海区科技局"], "区发改委": ["静海区发改委"], "区知识产权局": ["静海区知识产权局"]},
 "policies": {"must": [], "optional_contains": []},
 "institutions": {"must": {}, "optional": []},
 "targets": """
国家高新技术企业 | 260 | 家
雏鹰企业 | 51 | 家
瞪羚企业 | 27 | 家
科技领军 | 12 | 家
市级以上研发平台 | 8 | 个
科技基础设施 | 3 | 个
有效发明专利 | 350 | 件
技术合同交易额 | 26 | 亿元 | 2600000000 元;26 亿
""",
}
