"""Write places.txt from cpca 0.5.5's adcodes.csv (MIT): python make_places.py places.txt CPCA/resources/"""
import csv, logging, sys
import jieba
logging.getLogger("jieba").setLevel(logging.WARNING)
tk = jieba.Tokenizer(); tk.initialize()
tags, freq = {}, {}
with tk.get_dict_file() as f:
    for raw in f:
        p = raw.decode().split()
        if len(p) >= 3: tags[p[0]] = p[2]; freq[p[0]] = int(p[1])
R = sys.argv[2] if len(sys.argv) > 2 else 'cpca/resources/'  # the unpacked cpca-0.5.5 wheel
nations = [l.strip() for l in open(R + '56_nations.csv', encoding='utf-8') if l.strip()]
nat = sorted({n for n in nations} | {n[:-1] for n in nations if len(n) > 2}, key=len, reverse=True)
ENDS = ['特别行政区', '自治区', '自治州', '自治县', '自治旗', '地区', '林区', '新区', '矿区', '特区', '省', '市', '县', '区', '盟', '旗']
full, short, major = set(), {}, set()
for row in csv.DictReader(open(R + 'adcodes.csv', encoding='utf-8')):
    name = row['name'].strip()
    if not name or len(name) < 2:
        continue
    full.add(name)
    s = name
    for e in ENDS:
        if s.endswith(e) and len(s) > len(e):
            s = s[: -len(e)]
            break
    for n in nat:  # 昌吉回族 → 昌吉, 新疆维吾尔 → 新疆
        if s.endswith(n) and len(s) - len(n) >= 2:
            s = s[: -len(n)]
            break
    if len(s) >= 2 and s != name:
        short[s] = name
        if row['adcode'][4:] == '0' * 8:  # provinces and prefectures: their short forms are kept whatever jieba says
            major.add(s)
BAD_TAGS = {'v','vn','vd','a','ad','an','d','c','m','mq','q','t','s','f','b','r','i','j','l','z','p','u','nt'}
EXCLUDE = {'市中', '市北', '市南'}
kept, dropped = [], []
for s, name in sorted(short.items()):
    t = tags.get(s)
    # a short form that jieba knows as a common non-place word (和平, 新华, 市中 …) is not kept
    common = t in BAD_TAGS or (t == 'n' and freq[s] >= 200)
    if s in EXCLUDE or (t is not None and common and s not in full and s not in major):
        dropped.append(f"{s}/{t}/{freq.get(s)}")
    else:
        kept.append(s)
sys.stderr.write("dropped %d: %s\n" % (len(dropped), " ".join(dropped)))
names = sorted(full | set(kept))
print(len(full), len(kept), len(names), file=sys.stderr)
with open(sys.argv[1], 'w', encoding='utf-8') as out:
    out.write("# source: PyPI package cpca 0.5.5 (github DQinYuan/chinese_province_city_area_mapper), file cpca/resources/adcodes.csv\n")
    out.write("# license: MIT (Copyright (c) 2018 QinYuan Du; the notice is kept in extract/data/gazetteer/LICENSE-cpca.txt)\n")
    out.write("# content: every administrative division name of adcodes.csv (provinces, prefectures, counties, districts),\n")
    out.write("#   then its short form without the level ending (省/市/县/区/自治州 …) and ethnic name (昌吉回族自治州 → 昌吉),\n")
    out.write("#   kept when at least two characters; a county-level short form is dropped when it is a common non-place word\n")
    out.write("#   (dropped: a jieba word tagged as a verb, adjective, direction ... or a noun of frequency >= 200,\n")
    out.write("#   and 市中/市北/市南, which would read 市中医院 as a place)\n")
    out.write(f"# entries: {len(names)}\n")
    for n in names:
        out.write(n + "\n")
