SPEC = {
 "source": "34.html",
 "note": "Annotated by hand (holdout helper, 2026-12-03) from the visible text of guowuyuan/34.html. Measures （四）–（十九） close with （X、Y负责）; several measures hold two or three annotations, and each annotation governs the text since the previous one (or the item number). No lead is marked: every lead is []. 北京冬奥组委 is named as responsible: a department here, an optional institution. Targets: the 2025 goals of （三）: 总规模 2万亿元, 100项 精品赛事, 100个 品牌. Institutions: none named as an organisation (北京冬奥会 is an event; 全国信用信息共享平台 and 国家企业信用信息公示系统 are named national systems, optional). No document cited (国办发〔2018〕121号 is its own number).",
 "plan": {"title": "国务院办公厅关于加快发展体育竞赛表演产业的指导意见", "district": "国务院", "published": "2018-12-11",
          "publisher": "国务院办公厅", "implements_contains": None},
 "tasks": """
建立具有独立法人资格的职业联赛理事会 | 体育总局、民政部、人力资源社会保障部
筹办好北京冬奥会、冬残奥会及赛前各级各类测试赛 | 体育总局、北京冬奥组委
创新社会力量举办业余体育赛事的组织方式 | 体育总局
大力发展高山滑雪、跳台滑雪 | 体育总局、北京冬奥组委
打造武术、围棋、象棋、龙舟等具有民族特色 | 体育总局、文化和旅游部
支持企业实现垂直、细分、专业发展 | 体育总局、市场监管总局
大力推进商事制度改革 | 市场监管总局
鼓励退役运动员投身体育竞赛表演产业 | 体育总局、教育部
重视和鼓励新型转播技术 | 体育总局、网信办、科技部、工业和信息化部
积极发展独立运行、治理规范、行为公正的体育竞赛表演行业组织 | 体育总局、民政部
优化彩票品种结构 | 体育总局、公安部、市场监管总局、财政部
推进现有场馆“改造功能、改革机制”工程 | 体育总局、教育部、住房城乡建设部
积极探索建立体育场馆安保等级评价制度 | 体育总局、公安部、应急部
支持金融机构创新体育竞赛表演消费支付产品 | 银保监会、人民银行、体育总局
引导传统制造业企业进军体育竞赛表演装备制造领域 | 发展改革委、工业和信息化部、体育总局
健全行业统计制度 | 体育总局、公安部、标准委、统计局
推进体育赛事制播分离 | 广电总局、版权局、司法部、体育总局
为参赛体育器材提供航空、铁路等托运服务 | 体育总局、外交部、公安部、海关总署、交通运输部
要进一步优化审批流程 | 公安部、工业和信息化部、交通运输部、水利部、海洋局、空管委办公室
建立“黑名单”制度 | 体育总局、发展改革委、公安部、市场监管总局
鼓励社会资本设立产业发展投资基金 | 体育总局、人民银行、银保监会、证监会、财政部
""",
 "policies": {"must": [], "optional_contains": []},
 "institutions": {"must": {}, "optional": ["北京冬奥组委", "全国信用信息共享平台", "国家企业信用信息公示系统", "北京冬奥会"]},
 "targets": """
体育竞赛表演产业总规模 | 2 | 万亿元 | 20000 亿元;2 万亿
体育精品赛事 | 100 | 项
体育竞赛表演品牌 | 100 | 个
""",
}
