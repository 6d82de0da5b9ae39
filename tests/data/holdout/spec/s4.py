SPEC = {
 "source": "wufei-2019-renwu-fengong-traditional.txt",
 "note": "Written and annotated by hand (holdout helper, 2026-12-03) in traditional script, in the layout of city 重点任务分工 (numbered tasks closed by （X牽頭，Y按職責分工負責）, （X牽頭，Y配合）, （X、Y按職責分工負責）); the tasks are real sentences of guowuyuan/07.html converted to traditional script with OpenCC, the annotations written for this layout at city level (市生态环境局 …). Lead: the bodies before 牽頭 (two in items 2 and 4). Collectives (各縣區政府, 市級各有關部門) dropped. Targets: 85% and 80%. Citation and implements: 《“无废城市”建设试点工作方案》. Keys are printed (traditional) text; departments keyed in simplified script with traditional aliases.",
 "plan": {"title": "无废城市建设2019年重点任务分工", "district": None, "published": None, "publisher": None,
          "implements_contains": "“无废城市”建设试点工作方案"},
 "tasks": """
健全固體廢物統計制度 | 市生态环境局、市发展改革委、市工业和信息化局、市统计局 | 市生态环境局
秸稈綜合利用率達到85%以上 | 市农业农村局、市发展改革委 | 市农业农村局、市发展改革委
重點用膜區當季地膜回收率達到80%以上 | 市农业农村局、市市场监管局 | 市农业农村局
全面實施危險廢物電子轉移聯單制度 | 市生态环境局、市交通运输局 | 市生态环境局、市交通运输局
落實好現有資源綜合利用增值稅等稅收優惠政策 | 市财政局、市税务局 |
""",
 "aliases": {"市生态环境局": ["市生態環境局"], "市发展改革委": ["市發展改革委"], "市工业和信息化局": ["市工業和信息化局"],
             "市统计局": ["市統計局"], "市农业农村局": ["市農業農村局"], "市市场监管局": ["市市場監管局"], "市交通运输局": ["市交通運輸局"],
             "市财政局": ["市財政局"], "市税务局": ["市稅務局"]},
 "policies": {"must": [{"number": None, "title_contains": "“无废城市”建设试点工作方案"}], "optional_contains": []},
 "institutions": {"must": {}, "optional": []},
 "targets": """
秸秆综合利用率 | 85 | %
当季地膜回收率 | 80 | %
""",
}
