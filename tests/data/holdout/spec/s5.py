SPEC = {
 "source": "jinghai-2021-zhongdian-gongzuo-square-brackets.txt",
 "note": "Written and annotated by hand (holdout helper, 2026-12-03) in the layout of district 重点工作责任分解 lists whose annotations stand in square brackets with ASCII colons and semicolons ([牵头单位:X;责任单位:Y]); task sentences are real sentences of tianjin/jinghai-2021-keji-sannian.txt. The region is not printed in the title (区政府), only in the text (静海区). Lead: the 牵头单位 (two in item 4). Collectives dropped: 各乡镇人民政府 and 区疫情防控指挥部成员单位 (the members of a command, a set of bodies). Party bodies, mass organisations and a central body's branch named as responsible are departments (区委网信办, 区委宣传部, 区纪委监委机关, 团区委, 区妇联, 国家税务总局天津市静海区税务局). Targets: 26亿元. Citation: the 政府工作报告, optional (no title of its own beyond the genre).",
 "plan": {"title": "2021年区政府重点工作责任分解", "district": "天津市静海区", "published": None, "publisher": None, "implements_contains": None},
 "tasks": """
新能源新材料等产业创新发展 | 区工信局、区科技局、静海经济开发区管委会 | 区工信局
进行绘制技术、产业及生态图谱工作 | 区委网信办、区工信局 | 区委网信办
共建联合实验室、海外研发中心 | 区科技局、区商务局、区外办 | 区科技局
推动实施智能化改造 | 区工信局、区发改委、区委网信办、区科技局 | 区工信局、区发改委
依规进行审计容错纠错免责认定 | 区审计局、区纪委监委机关、区财政局 | 区审计局
扩大政策覆盖面 | 国家税务总局天津市静海区税务局、区科技局、区委宣传部 | 国家税务总局天津市静海区税务局
打造一支技术转移专业技术队伍 | 区科技局、区人社局、团区委、区妇联 | 区科技局
""",
 "aliases": {"区工信局": ["静海区工信局"], "区科技局": ["静海区科技局"], "静海经济开发区管委会": ["静海开发区管委会"], "区委网信办": ["区网信办"],
             "区商务局": ["静海区商务局"], "区外办": ["静海区外办"], "区发改委": ["静海区发改委"], "区审计局": ["静海区审计局"],
             "区财政局": ["静海区财政局"], "国家税务总局天津市静海区税务局": ["区税务局", "静海区税务局"], "区人社局": ["静海区人社局"],
             "区纪委监委机关": ["区纪委监委"], "区委宣传部": [], "团区委": [], "区妇联": []},
 "policies": {"must": [], "optional_contains": ["政府工作报告"]},
 "institutions": {"must": {}, "optional": ["静海经济开发区", "静海经济开发区管委会", "联合实验室", "海外研发中心"]},
 "targets": """
技术合同交易额 | 26 | 亿元 | 2600000000 元;26 亿
""",
}
