SPEC = {
 "source": "jinghai-2021-renwu-qingdan-labels.txt",
 "note": "Written and annotated by hand (holdout helper, 2026-12-03) in the layout of district 任务清单 whose annotations use the column words of task tables as labels (责任主体, 牵头部门, 参与部门, 牵头责任主体, 承办单位) beside a person label (联系领导, 包保领导, 分管领导), the pairs separated by ；or by white space; task sentences are real sentences of tianjin/jinghai-2021-keji-sannian.txt. Lead: 牵头部门, 牵头责任主体. Posts are no departments; 各街镇 is a collective; 2021年12月底 a deadline. Target: 26亿元.",
 "plan": {"title": "静海区2021年科技创新重点任务清单", "district": "天津市静海区", "published": None, "publisher": None, "implements_contains": None},
 "tasks": """
新能源新材料等产业创新发展 | 区工信局、区科技局 |
共建联合实验室、海外研发中心 | 区科技局、区商务局 | 区科技局
推动工程技术系列经纪人专业职称申报 | 区人社局 |
落实尽职免责制度 | 区审计局、区财政局 | 区审计局
全区技术合同交易额达到26亿元 | 区科技局 |
""",
 "aliases": {"区工信局": ["静海区工信局"], "区科技局": ["静海区科技局"], "区商务局": ["静海区商务局"], "区人社局": ["静海区人社局"],
             "区审计局": ["静海区审计局"], "区财政局": ["静海区财政局"]},
 "policies": {"must": [], "optional_contains": []},
 "institutions": {"must": {}, "optional": ["联合实验室", "海外研发中心"]},
 "targets": """
技术合同交易额 | 26 | 亿元 | 2600000000 元;26 亿
""",
}
