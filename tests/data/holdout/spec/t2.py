SPEC = {
 "source": "tiyu-2018-zhongdian-renwu-fengong-text.txt",
 "note": "Written and annotated by hand (holdout helper, 2026-12-03): issue 15 forms 5 and 6. Items are real measures of guowuyuan/34.html (some shortened) with their annotations written as a 责任单位： line after each task; a 列第一位 rule stated once in the preamble makes the first-listed body the lead; item 四 and its unit line are in traditional script. 各省级人民政府 is a collective, dropped. Targets: 100项 精品赛事 and 100个 品牌 (2025 is a year). Citation: the 指导意见 this list carries out. Institutions: none (北京冬奥组委 is a responsible body, optional).",
 "plan": {"title": "加快发展体育竞赛表演产业重点任务分工", "district": "国务院", "published": None,
          "publisher": None, "implements_contains": "关于加快发展体育竞赛表演产业的指导意见"},
 "tasks": """
建立具有独立法人资格的职业联赛理事会 | 体育总局、民政部、人力资源社会保障部 | 体育总局
筹办好北京冬奥会、冬残奥会及赛前各级各类测试赛 | 体育总局、北京冬奥组委 | 体育总局
创新社会力量举办业余体育赛事的组织方式 | 体育总局 | 体育总局
鼓勵退役運動員投身體育競賽表演產業 | 体育总局、教育部 | 体育总局
优化彩票品种结构 | 体育总局、公安部、市场监管总局、财政部 | 体育总局
积极探索建立体育场馆安保等级评价制度 | 体育总局、公安部、应急部 | 体育总局
推进体育赛事制播分离 | 广电总局、版权局、司法部、体育总局 | 广电总局
推出100项具有较大知名度的体育精品赛事 | 体育总局 | 体育总局
""",
 "aliases": {"体育总局": ["體育總局", "国家体育总局"], "教育部": ["教育部"]},
 "policies": {"must": [{"number": None, "title_contains": "国务院办公厅关于加快发展体育竞赛表演产业的指导意见"}], "optional_contains": []},
 "institutions": {"must": {}, "optional": ["北京冬奥组委", "北京冬奥会"]},
 "targets": """
体育精品赛事 | 100 | 项
体育竞赛表演品牌 | 100 | 个
""",
}
