SPEC = {
 "source": "25.html",
 "note": "Annotated by hand (holdout helper, 2026-12-03) from the visible text of guowuyuan/25.html, a 复函. No responsibility annotation; no quantified goal (4800万元, 1700多万吨, 900万元, 70.7%, 80.9%, 42% are past figures, 每年可实现经济效益4200多万元 an estimate). Institutions: 太原钢铁（集团）有限公司 (alias 太钢, defined by the text) and the steel companies named by their short forms 宝钢 and 莱钢. Citation: 《清洁生产促进法》.",
 "plan": {"title": "国务院办公厅关于科技节水建议的复函", "district": "国务院", "published": "2005-03-03", "publisher": "国务院办公厅",
          "implements_contains": None},
 "tasks": "",
 "policies": {"must": [{"number": None, "title_contains": "清洁生产促进法"}], "optional_contains": []},
 "institutions": {"must": {"太原钢铁（集团）有限公司": ["太钢", "太原钢铁(集团)有限公司", "太原钢铁集团有限公司"], "宝钢": [], "莱钢": []},
                  "optional": []},
 "targets": "",
}
