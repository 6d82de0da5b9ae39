SPEC = {
 "source": "13.html",
 "note": "Annotated by hand (holdout helper, 2026-12-03) from the visible text of guowuyuan/13.html. No responsibility annotation: 司法部负责制定… and 省级人民政府要… are prose, so tasks and departments are empty. Targets: the two time limits of （六） (20个工作日, 7个工作日) and the staffing floor of （十一） (法制审核人员不少于执法人员总数的5%); not targets: 每年1月31日前 and 2019年3月底前 (dates). Citations: the two documents the opening paragraph names, no 文号; 国办发〔2018〕118号 is its own number; the 意见 says they made the 部署, not that it carries them out, so implements is null. Institutions: none named (全国一体化在线政务服务平台 is a named national platform: optional).",
 "plan": {"title": "国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见", "district": "国务院",
          "published": "2018-12-05", "publisher": "国务院办公厅", "implements_contains": None},
 "tasks": "",
 "policies": {"must": [{"number": None, "title_contains": "中共中央关于全面推进依法治国若干重大问题的决定"},
                       {"number": None, "title_contains": "法治政府建设实施纲要"}],
              "optional_contains": ["三项制度", "法治政府建设考评指标体系", "年底效能目标考核体系"]},
 "institutions": {"must": {}, "optional": ["全国一体化在线政务服务平台", "全国行政执法信息资源库", "行政执法数据中心"]},
 "targets": """
向社会公布执法机关、执法对象、执法类别、执法结论等信息 | 20 | 工作日 | 20 个工作日
行政许可、行政处罚的执法决定信息要在执法决定作出之日起7个工作日内公开 | 7 | 工作日 | 7 个工作日
法制审核人员不少于本单位执法人员总数的5% | 5 | %
""",
}
