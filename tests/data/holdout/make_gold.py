"""Hand-annotation helper: turns a compact hand-written spec into the gold JSON format of ../shared/eval/gold.
Tasks are written as: key | departments (、-separated, as I read them) | leads (、-separated or empty)."""
import json, sys
def build(spec):
    tasks = []
    for line in spec["tasks"].strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        key, depts = parts[0], [d for d in parts[1].split("、") if d]
        lead = [d for d in (parts[2].split("、") if len(parts) > 2 else []) if d]
        tasks.append({"key": key, "departments": depts, "lead": lead})
    depts = {}
    for t in tasks:
        for d in t["departments"]:
            depts.setdefault(d, [])
    for k, v in spec.get("aliases", {}).items():
        depts[k] = v
    targets = []
    for line in spec.get("targets", "").strip().splitlines():
        if not line.strip() or line.strip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        t = {"key": parts[0], "value": float(parts[1]) if "." in parts[1] else int(parts[1]), "unit": parts[2]}
        if len(parts) > 3 and parts[3]:
            t["alt"] = [[float(a.split(" ")[0]), a.split(" ")[1]] for a in parts[3].split(";")]
        targets.append(t)
    out = {"source": spec["source"], "note": spec["note"], "plan": spec["plan"], "departments": depts,
           "tasks": tasks, "policies": spec["policies"], "institutions": spec["institutions"], "targets": targets}
    return out
if __name__ == "__main__":
    ns = {}
    exec(open(sys.argv[1], encoding="utf-8").read(), ns)
    g = build(ns["SPEC"])
    json.dump(g, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    # sanity: every key occurs exactly once in the text
    text = open(sys.argv[3], encoding="utf-8").read()
    for t in g["tasks"] + g["targets"]:
        n = text.count(t["key"])
        if n != 1 and t in g["tasks"]:
            print("key count", n, t["key"])
        if n == 0:
            print("key missing", t["key"])
    print(len(g["tasks"]), "tasks", sum(len(t["departments"]) for t in g["tasks"]), "pairs", len(g["departments"]), "depts",
          len(g["targets"]), "targets", len(g["institutions"]["must"]), "inst", len(g["policies"]["must"]), "cites")
