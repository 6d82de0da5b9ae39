SPEC = {
 "source": "jinghai-2021-fengong-fangan-lines.txt",
 "note": "Written and annotated by hand (holdout helper, 2026-12-03) in the layout of district 重点工作任务分解和责任分工方案: each numbered task on its line, then 牵头单位:X and 责任单位:Y lines (ASCII colons, members separated by , or 、). Task sentences are real sentences of tianjin/jinghai-2021-keji-sannian.txt. Lead: the 牵头单位 line. Collectives (各乡镇, 各相关单位) dropped, so task 3 has only its lead. 静海经济开发区 is a specific responsible body: a department; as in the dev gold (jinghai: 静海开发区 named as responsible is no institution) it is an optional institution only. Targets: 3.2%, 18%, 260家. Citation and implements: the city plan (为全面贯彻落实《…》).",
 "plan": {"title": "静海区2021年重点工作任务分解和责任分工方案", "district": "天津市静海区", "published": None,
          "publisher": None, "implements_contains": "天津市科技创新三年行动计划"},
 "tasks": """
全社会研发投入强度力争达到3.2%以上 | 区科技局、区发改委、区工信局 | 区科技局
工业战略性新兴产业增加值占规模以上工业增加值达到18%以上 | 区工信局、静海经济开发区 | 区工信局
全区国家高新技术企业总量突破260家 | 区科技局 | 区科技局
培育建设企业重点实验室等研发平台 | 区科技局、区工信局、合作示范区管委会 | 区科技局
落实尽职免责制度 | 区审计局 | 区审计局
终端设备等技术攻关工作 | 区网信办、区工信局 | 区网信办
""",
 "aliases": {"区科技局": ["静海区科技局"], "区发改委": ["静海区发改委"], "区工信局": ["静海区工信局"], "区审计局": ["静海区审计局"],
             "区网信办": ["静海区网信办"], "合作示范区管委会": ["中日(天津)健康产业合作示范区管委会"], "静海经济开发区": ["静海开发区"]},
 "policies": {"must": [{"number": None, "title_contains": "天津市科技创新三年行动计划"}], "optional_contains": []},
 "institutions": {"must": {}, "optional": ["静海经济开发区", "静海开发区", "合作示范区管委会", "企业重点实验室"]},
 "targets": """
研发投入强度 | 3.2 | %
战略性新兴产业增加值 | 18 | %
国家高新技术企业 | 260 | 家
""",
}
