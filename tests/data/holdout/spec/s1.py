SPEC = {
 "source": "jinghai-2021-mubiao-zeren-fenjie-brackets.txt",
 "note": "Written and annotated by hand (holdout helper, 2026-12-03) in the layout of district 责任分解方案 of 政府工作报告 (numbered tasks under ——在…上… subheadings, each closed by （牵头单位：X；责任单位：Y）); the task sentences are real sentences of tianjin/jinghai-2021-keji-sannian.txt, the annotations written for this layout. Lead: the 牵头单位. 各乡镇 is a collective (dropped); 团泊镇人民政府 and 静海开发区管委会 are specific bodies, so departments. Targets: 26亿元 and 350件 of item 6; （共计7项） counts the document's own list, not a target. Institutions as in the jinghai gold: the university, the two academies' branches, the blood-disease institute, the company, the key laboratory.",
 "plan": {"title": "静海区2021年区《政府工作报告》确定的主要目标任务责任分解方案", "district": "天津市静海区", "published": None,
          "publisher": None, "implements_contains": None},
 "tasks": """
组分中药国家重点实验室 | 区科技局、合作示范区管委会 | 区科技局
研发费加计扣除等税收优惠政策 | 区税务局、区科技局 | 区税务局
以生物技术赋能生物医药、智能制造为重点 | 合作示范区管委会、静海开发区管委会、区科技局 | 合作示范区管委会
推动工程技术系列经纪人专业职称申报 | 区人社局 |
中日国际健康体检中心 | 合作示范区管委会、区卫健委、区科技局、团泊镇人民政府 | 合作示范区管委会
全区技术合同交易额达到26亿元 | 区科技局、区知识产权局 | 区科技局
推进中国中医科学院天津分院和中国医学科学院天津分院建设 | 区卫健委、区科技局、区发改委 | 区卫健委
""",
 "aliases": {"区科技局": ["静海区科技局", "科技局"], "区税务局": ["静海区税务局", "税务局"], "合作示范区管委会": ["中日(天津)健康产业合作示范区管委会"],
             "区人社局": ["静海区人社局"], "区卫健委": ["静海区卫健委"], "区知识产权局": ["静海区知识产权局"], "区发改委": ["静海区发改委"],
             "静海开发区管委会": ["静海经济开发区管委会"], "团泊镇人民政府": ["静海区团泊镇人民政府", "团泊镇政府"]},
 "policies": {"must": [], "optional_contains": ["政府工作报告"]},
 "institutions": {"must": {"天津中医药大学": [], "中国医学科学院血液病研究所": [], "天津协和博精医学诊断技术有限公司": [],
                           "中国中医科学院天津分院": [], "中国医学科学院天津分院": [], "组分中药国家重点实验室": []},
                  "optional": ["国家血液病医学中心", "再生医学协同创新中心", "国家血液病医学中心和再生医学协同创新中心", "中日国际健康体检中心",
                               "健康产业园", "团泊新城委", "团泊新城", "团泊新城委健康产业园", "二级生物实验室", "合作示范区管委会",
                               "静海开发区管委会", "静海开发区", "中国中医科学院", "中国医学科学院", "天津协和博精医学诊断技术有限公司二级生物实验室",
                               "中国医学科学院血液病研究所国家血液病医学中心"]},
 "targets": """
技术合同交易额 | 26 | 亿元 | 2600000000 元;26 亿
有效发明专利 | 350 | 件
""",
}
