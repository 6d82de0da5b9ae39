SPEC = {
 "source": "jinghai-2021-renwu-fenjie-text.txt",
 "note": "Written and annotated by hand (holdout helper, 2026-12-03): issue 15 forms 2 and 4. Rows are real tasks and annotations of tianjin/jinghai-2021-keji-sannian.txt laid out as a task table exported to text: one row per line, cells separated by runs of spaces, a 责任领导 column of posts beside the 责任单位 column, departments bare (科技局 for 区科技局). No 牵头 column and no 列第一位 rule: no lead. Posts (常务副区长, 区委常委、副区长) are never departments. Departments keyed by the printed bare form, the region's full forms as aliases. Targets: the four goals of rows 1, 2, 3, 5 (3.2%, 350件, 26亿元, 18%); deadlines are not targets. Institutions: 天津中医药大学科技园. Citation: the city plan, which this table carries out (按照…有关任务分工).",
 "plan": {"title": "静海区落实科技创新三年行动计划2021年重点任务分解表", "district": "天津市静海区", "published": None,
          "publisher": None, "implements_contains": "天津市科技创新三年行动计划"},
 "tasks": """
全社会研发投入强度力争达到3.2%以上 | 科技局、发改委、工信局
全区有效发明专利达到350件 | 知识产权局
全区技术合同交易额达到26亿元 | 科技局
推进天津中医药大学科技园建设 | 合作示范区管委会、科技局
工业战略性新兴产业增加值占规模以上工业增加值达到18%以上 | 工信局
推动工程技术系列经纪人专业职称申报 | 人社局
依规进行审计容错纠错免责认定 | 审计局
推动实施智能化改造 | 工信局、发改委、网信办、科技局
""",
 "aliases": {"科技局": ["区科技局", "静海区科技局"], "发改委": ["区发改委", "静海区发改委"], "工信局": ["区工信局", "静海区工信局"],
             "知识产权局": ["区知识产权局", "静海区知识产权局"], "合作示范区管委会": ["中日(天津)健康产业合作示范区管委会"],
             "人社局": ["区人社局", "静海区人社局"], "审计局": ["区审计局", "静海区审计局"], "网信办": ["区网信办", "静海区网信办"]},
 "policies": {"must": [{"number": None, "title_contains": "天津市科技创新三年行动计划"}], "optional_contains": []},
 "institutions": {"must": {"天津中医药大学科技园": []}, "optional": ["天津中医药大学", "合作示范区管委会"]},
 "targets": """
研发投入强度 | 3.2 | %
有效发明专利 | 350 | 件
技术合同交易额 | 26 | 亿元 | 2600000000 元;26 亿
战略性新兴产业增加值 | 18 | %
""",
}
