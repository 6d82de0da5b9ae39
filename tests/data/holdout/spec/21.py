SPEC = {
 "source": "21.html",
 "note": "Annotated by hand (holdout helper, 2026-12-03) from the visible text of guowuyuan/21.html, a 函 answering a province's requests. No responsibility annotation, no quantified goal (400亿元, 800万吨/年, 5亿元, 130根, 94台, 40根, 2分钱 are requests, capacities and facts). Institutions: every named enterprise, exchange and zone (大连实德集团, SABIC printed as 沙特SABIC, 中国国际工程咨询公司, 中国第一重型机械集团公司, 大连重工•起重集团公司 as one company, 大连船用柴油机厂, 上海船用曲轴公司, 大连商品交易所, 大连双岛湾工业区 printed as 大连双岛湾工业区 and 双岛湾工业区); power plants and the grid named as projects (庄河电厂, 营口电厂 …, 东北电网, 辽宁核电站) are optional. No 《》 citation: 国家电力发展规划 and 国家核电发展规划 are unbracketed, optional.",
 "plan": {"title": "国务院办公厅关于辽宁省在曾培炎副总理考察工作时所提问题和建议办理情况的函", "district": "国务院", "published": "2004-08-12",
          "publisher": "国务院办公厅", "implements_contains": None},
 "tasks": "",
 "policies": {"must": [], "optional_contains": ["国家电力发展规划", "国家核电发展规划", "专项规划", "振兴规划", "电价改革方案"]},
 "institutions": {"must": {"大连实德集团": [], "SABIC": ["沙特SABIC"], "中国国际工程咨询公司": [], "中国第一重型机械集团公司": [],
                           "大连重工•起重集团公司": ["大连重工·起重集团公司", "大连重工起重集团公司"], "大连船用柴油机厂": [], "上海船用曲轴公司": [],
                           "大连商品交易所": [], "大连双岛湾工业区": ["双岛湾工业区"]},
                  "optional": ["庄河电厂", "营口电厂", "丹东电厂", "元宝山电厂", "阜新电厂", "东北电网", "辽宁核电站", "大连新机场",
                               "黑龙江坑口电厂", "蒙东"]},
 "targets": "",
}
