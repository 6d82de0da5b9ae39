SPEC = {
 "source": "09.html",
 "note": "Annotated by hand (holdout helper, 2026-12-03) from the visible text of guowuyuan/09.html. Seventeen numbered measures, each closed by one annotation （X、Y…等和各（有关）省级人民政府负责）; a task runs from its item number to its annotation. No lead is marked (no 牵头, no 列第一位 rule): every lead is []. 'X等' keeps X (等 is the generic tail, as 人民银行等部门 in gold/57); 各（有关）省级人民政府 is a collective and dropped. Mass organisations named as responsible (全国总工会, 全国工商联, 共青团中央, 全国妇联) and 供销合作总社 are departments here and optional institutions. Institutions: the two named national platforms (中国社会扶贫网, 国家农产品质量安全追溯平台). No quantified goal. Citation: the central document it carries out.",
 "plan": {"title": "国务院办公厅关于深入开展消费扶贫助力打赢脱贫攻坚战的指导意见", "district": "国务院", "published": "2018-12-30",
          "publisher": "国务院办公厅", "implements_contains": "关于打赢脱贫攻坚战三年行动的指导意见"},
 "tasks": """
推动各级机关和国有企事业单位等带头参与消费扶贫 | 扶贫办、中央统战部、中央和国家机关工委、教育部、卫生健康委、人民银行、国资委、国管局、中央军委政治工作部、全国总工会
推动东西部地区建立消费扶贫协作机制 | 扶贫办、发展改革委、人力资源社会保障部、商务部
动员民营企业等社会力量参与消费扶贫 | 全国工商联、发展改革委、民政部、农业农村部、扶贫办、全国总工会、共青团中央、全国妇联
打通供应链条 | 商务部、发展改革委、农业农村部
拓展销售途径 | 商务部、扶贫办、发展改革委、工业和信息化部、财政部、交通运输部、农业农村部、文化和旅游部、粮食和储备局、供销合作总社
加快流通服务网点建设 | 商务部、发展改革委、交通运输部、邮政局、供销合作总社
加快农产品标准化体系建设 | 农业农村部、科技部、市场监管总局
提升农产品规模化供给水平 | 农业农村部、财政部、商务部
统一制定区域性扶贫产品标识 | 中央宣传部、农业农村部、商务部、发展改革委、人民银行、市场监管总局
加大基础设施建设力度 | 农业农村部、文化和旅游部、住房城乡建设部、发展改革委、自然资源部、交通运输部
提升服务能力 | 农业农村部、文化和旅游部、人力资源社会保障部、市场监管总局、扶贫办、发展改革委
做好规划设计 | 农业农村部、文化和旅游部
加强宣传推介 | 农业农村部、文化和旅游部、中央宣传部、广电总局、商务部
加强组织领导 | 发展改革委、扶贫办、农业农村部、商务部、文化和旅游部、供销合作总社、财政部
完善利益机制 | 农业农村部、文化和旅游部、扶贫办、财政部
加大政策激励 | 发展改革委、财政部、自然资源部、农业农村部、商务部、文化和旅游部、人民银行、扶贫办
强化督促落实 | 发展改革委、扶贫办、农业农村部、商务部、文化和旅游部、供销合作总社、财政部
""",
 "aliases": {},
 "policies": {"must": [{"number": None, "title_contains": "中共中央国务院关于打赢脱贫攻坚战三年行动的指导意见"}],
              "optional_contains": []},
 "institutions": {"must": {"中国社会扶贫网": [], "国家农产品质量安全追溯平台": []},
                  "optional": ["全国总工会", "全国工商联", "共青团中央", "全国妇联", "供销合作总社", "中国农民丰收节"]},
 "targets": "",
}
