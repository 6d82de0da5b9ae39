SPEC = {
 "source": "jinghai-2021-zhuyao-mubiao-longnames.txt",
 "note": "Written and annotated by hand (holdout helper, 2026-12-03) in the layout of district 主要目标任务责任分解方案: （一）… goal or task, a blank line, 责任单位:X, with departments in their full official names (区发展和改革委员会, 区科学技术局, 区人力资源和社会保障局). Goals are real sentences of tables/suzhou-2011 and tianjin/jinghai-2021. No lead marked. Targets: 12%, 18%, 17% growth and 350件. Institution: 天津中医药大学科技园; 中日(天津)健康产业合作示范区管理委员会 is a responsible body (department), its zone optional.",
 "plan": {"title": "静海区2021年区《政府工作报告》确定的主要目标任务责任分解方案", "district": "天津市静海区", "published": None,
          "publisher": None, "implements_contains": None},
 "tasks": """
地区生产总值增长12% | 区发展和改革委员会
全社会固定资产投资增长18% | 区发展和改革委员会、区统计局
社会消费品零售总额增长17% | 区商务局
全区有效发明专利达到350件 | 区知识产权局
推进天津中医药大学科技园建设 | 中日(天津)健康产业合作示范区管理委员会、区科学技术局
推动工程技术系列经纪人专业职称申报 | 区人力资源和社会保障局
""",
 "aliases": {"区发展和改革委员会": ["区发改委", "静海区发展和改革委员会"], "区科学技术局": ["区科技局", "静海区科学技术局"],
             "区人力资源和社会保障局": ["区人社局", "静海区人力资源和社会保障局"], "区统计局": ["静海区统计局"], "区商务局": ["静海区商务局"],
             "区知识产权局": ["静海区知识产权局"], "中日(天津)健康产业合作示范区管理委员会": ["合作示范区管委会", "中日(天津)健康产业合作示范区管委会"]},
 "policies": {"must": [], "optional_contains": ["政府工作报告"]},
 "institutions": {"must": {"天津中医药大学科技园": []}, "optional": ["天津中医药大学", "中日(天津)健康产业合作示范区", "中日(天津)健康产业合作示范区管理委员会"]},
 "targets": """
地区生产总值 | 12 | %
全社会固定资产投资 | 18 | %
社会消费品零售总额 | 17 | %
有效发明专利 | 350 | 件
""",
}
