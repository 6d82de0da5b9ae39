"""The network map in a real headless browser (Debian's chromium), offline.

Chromium is driven over the DevTools protocol through ``--remote-debugging-pipe`` (stdlib only: JSON
messages on file descriptors 3 and 4). The page runs with outside hosts unresolvable and the
network emulated offline; every request, dialog, exception and console error is recorded.
"""
from __future__ import annotations

import base64
import fcntl
import itertools
import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium_path() -> str | None:
    for name in (os.environ.get("POLICYKG_CHROMIUM"), *CHROMIUM_NAMES):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


class Chromium:
    """A headless Chromium with one page, driven over the DevTools protocol on a pipe.

    ``events`` collects what the page did: ``requests`` (URLs), ``dialogs``, ``exceptions`` and
    ``console_errors``.
    """

    def __init__(self, width: int = 1400, height: int = 900, offline: bool = True, binary: str | None = None):
        binary = binary or chromium_path()
        if not binary:
            raise RuntimeError("chromium not found")
        self.profile = tempfile.mkdtemp(prefix="policykg-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        args = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-sync", "--mute-audio", "--hide-scrollbars",
                "--remote-debugging-pipe", f"--user-data-dir={self.profile}", f"--window-size={width},{height}",
                "--force-device-scale-factor=1", "--lang=zh-CN"]
        if offline:
            args.append("--host-resolver-rules=MAP * ~NOTFOUND")
        args.append("about:blank")

        def fds():  # the child reads commands on fd 3 and writes replies on fd 4
            r, w = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.proc = subprocess.Popen(args, preexec_fn=fds, pass_fds=(3, 4),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self._ids = itertools.count(1)
        self._replies: dict[int, queue.Queue] = {}
        self._lock = threading.Lock()
        self.events = {"requests": [], "dialogs": [], "exceptions": [], "console_errors": [], "loaded": 0}
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.session = None
        try:
            target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
            self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                     session=False)["sessionId"]
            for domain in ("Page", "Runtime", "Network", "Log"):
                self.send(f"{domain}.enable")
            if offline:
                self.send("Network.emulateNetworkConditions", {"offline": True, "latency": 0,
                                                               "downloadThroughput": -1, "uploadThroughput": -1})
            self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                                                             "deviceScaleFactor": 1, "mobile": False})
        except BaseException:
            self.close()
            raise

    # -- protocol --
    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 20)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                if "id" in msg:
                    with self._lock:
                        q = self._replies.get(msg["id"])
                    if q:
                        q.put(msg)
                else:
                    self._event(msg)

    def _event(self, msg: dict) -> None:
        m, p = msg.get("method"), msg.get("params", {})
        if m == "Network.requestWillBeSent":
            self.events["requests"].append(p["request"]["url"])
        elif m == "Page.javascriptDialogOpening":
            self.events["dialogs"].append(p.get("message"))
            threading.Thread(target=lambda: self.send("Page.handleJavaScriptDialog", {"accept": True}),
                             daemon=True).start()
        elif m == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            self.events["exceptions"].append(d.get("exception", {}).get("description") or d.get("text"))
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            self.events["console_errors"].append(" ".join(str(a.get("value", a.get("description")))
                                                          for a in p.get("args", [])))
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            self.events["console_errors"].append(p["entry"].get("text"))
        elif m == "Page.loadEventFired":
            self.events["loaded"] += 1

    def send(self, method: str, params: dict | None = None, session: bool = True, timeout: float = 30) -> dict:
        mid = next(self._ids)
        q: queue.Queue = queue.Queue()
        with self._lock:
            self._replies[mid] = q
        msg = {"id": mid, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        try:
            reply = q.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"{method}: no reply in {timeout} s") from None
        finally:
            with self._lock:
                self._replies.pop(mid, None)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    # -- page helpers --
    def eval(self, expression: str, timeout: float = 30):
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True},
                      timeout=timeout)
        if "exceptionDetails" in r:
            raise RuntimeError(f"page error: {r['exceptionDetails']}")
        return r["result"].get("value")

    def open(self, path: Path, ready: str = "document.documentElement.dataset.ready === '1'",
             timeout: float = 60) -> float:
        """Open a file and wait until ``ready`` is true in the page; the seconds it took."""
        loaded = self.events["loaded"]
        t0 = time.perf_counter()
        self.send("Page.navigate", {"url": Path(path).resolve().as_uri()})
        while self.events["loaded"] == loaded:
            if time.perf_counter() - t0 > timeout:
                raise TimeoutError(f"{path}: not loaded after {timeout} s")
            time.sleep(0.01)
        while not self.eval(f"!!({ready})"):
            if time.perf_counter() - t0 > timeout:
                raise TimeoutError(f"{path}: not ready after {timeout} s")
            time.sleep(0.02)
        return time.perf_counter() - t0

    def mouse_move(self, x: float, y: float) -> None:
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})

    def click(self, x: float, y: float) -> None:
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)

    def close(self) -> None:
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def reset_events(self) -> None:
        self.events.update(requests=[], dialogs=[], exceptions=[], console_errors=[])


# ---------------------------------------------------------------------------------------------
# tests

from rdflib import Graph, Literal, URIRef  # noqa: E402
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS  # noqa: E402

from graph.map import page as mapview  # noqa: E402
from graph.map import network as gn  # noqa: E402
from graph.model.vocab import ID_BASE, POL  # noqa: E402

KEJI = ID_BASE + "dept/天津市静海区/科技局"
HEZUO = ID_BASE + "dept/天津市静海区/合作示范区-管委会"


@pytest.fixture(scope="module")
def browser():
    if not chromium_path():
        pytest.skip("chromium is not installed and could not be found on PATH "
                    "(apt-get install chromium fonts-wqy-microhei; .ci/run installs it when missing)")
    with Chromium() as c:
        yield c


@pytest.fixture(scope="module")
def ref_map(reference_build, tmp_path_factory):
    out, _ = reference_build
    G = gn.department_graph(Graph().parse(out / "graph.ttl"))
    path = mapview.write_html(G, tmp_path_factory.mktemp("map") / "reference.html")
    return G, path


@pytest.fixture()
def ref_page(browser, ref_map):
    G, path = ref_map
    browser.reset_events()
    browser.open(path, timeout=30)
    return G, path


def assert_clean(browser, page_url: str) -> None:
    """No request but the page itself, no dialog, no exception, no console or CSP error."""
    ev = browser.events
    assert ev["requests"] == [page_url], ev["requests"]
    assert ev["dialogs"] == []
    assert ev["exceptions"] == []
    assert ev["console_errors"] == []
    state = browser.eval("({errors: pkgMap.state.errors, resources: performance.getEntriesByType('resource').length})")
    assert state == {"errors": [], "resources": 0}


def test_reference_map_draws_all_departments_and_pairs_offline(browser, ref_page):
    G, path = ref_page
    check = browser.eval("pkgMap.selfCheck()")
    assert check["ready"] is True
    drawn = {n["id"]: n for n in check["nodes"] if n["kind"] == "department"}
    assert set(drawn) == set(G.nodes) and len(drawn) == 17
    assert all(n["inView"] and n["inked"] for n in drawn.values()), [n for n in drawn.values() if not n["inked"]]
    assert {n["shape"] for n in drawn.values()} == {"dot"}
    sizes = {n["id"]: n["size"] for n in drawn.values()}  # sized by number of tasks: 区科技局 has most
    assert sizes[KEJI] == max(sizes.values()) > min(sizes.values())
    assert sizes[KEJI] > sizes[HEZUO] > min(sizes.values())
    pairs = {frozenset((e["from"], e["to"])): e for e in check["edges"] if e["kind"] == "shared"}
    assert set(pairs) == {frozenset(e) for e in G.edges} and len(pairs) == 23
    assert all(e["connected"] and e["inView"] and e["inked"] for e in pairs.values())
    assert pairs[frozenset((KEJI, HEZUO))]["weight"] == 7
    assert browser.eval("document.getElementById('stats').textContent") == "17 个部门 · 23 对协同部门"
    # physics is off once the layout has settled: nothing moves any more
    before = browser.eval("JSON.stringify(pkgMap.network.getPositions())")
    time.sleep(0.3)
    assert browser.eval("JSON.stringify(pkgMap.network.getPositions())") == before
    assert browser.eval("pkgMap.network.physics.physicsEnabled") is False
    assert_clean(browser, path.resolve().as_uri())


def test_hovering_the_heaviest_edge_lists_its_seven_tasks(browser, ref_page):
    G, _ = ref_page
    j = browser.eval(f"pkgMap.data.edges.findIndex(e => new Set([pkgMap.data.nodes[e.from].id, "
                     f"pkgMap.data.nodes[e.to].id]).has({json.dumps(KEJI)}) && new Set([pkgMap.data.nodes[e.from].id, "
                     f"pkgMap.data.nodes[e.to].id]).has({json.dumps(HEZUO)}))")
    assert j >= 0
    pt = browser.eval(f"pkgMap.edgeMidpoint({j})")
    browser.mouse_move(pt["x"] - 30, pt["y"] - 30)
    browser.mouse_move(pt["x"], pt["y"])
    t0 = time.time()
    while browser.eval("pkgMap.tooltipFor()") != f"edge:{j}" and time.time() - t0 < 5:
        time.sleep(0.05)
    assert browser.eval("pkgMap.tooltipFor()") == f"edge:{j}"
    tip = browser.eval("({head: document.querySelector('#tooltip .tt-head').textContent, "
                       "meta: document.querySelector('#tooltip .meta').textContent, "
                       "items: [...document.querySelectorAll('#tooltip li')].map(li => li.textContent), "
                       "hidden: document.getElementById('tooltip').hidden})")
    assert tip["hidden"] is False
    assert tip["head"] == "区科技局 — 合作示范区管委会"
    assert tip["meta"].startswith("共同任务 7 项")
    texts = [G.graph["tasks"][t]["text"] for t in G.edges[KEJI, HEZUO]["tasks"]]
    assert len(tip["items"]) == 7
    for item, text in zip(tip["items"], texts):
        assert item.rstrip("…") == text[:90]
    # clicking the edge lists the same tasks, with their sections, in the side panel
    browser.mouse_move(5, 5)
    browser.click(pt["x"], pt["y"])
    details = browser.eval("[...document.querySelectorAll('#details-body li')].map(li => li.firstChild.textContent)")
    assert details == texts
    browser.mouse_move(5, 5)  # leaving the map hides the tooltip
    assert browser.eval("document.getElementById('tooltip').hidden") is True
    if os.environ.get("POLICYKG_SCREENSHOT"):  # the README's picture: POLICYKG_SCREENSHOT=docs/map-reference.png
        browser.screenshot(Path(os.environ["POLICYKG_SCREENSHOT"]))


def test_search_finds_and_focuses_a_department(browser, ref_page):
    G, _ = ref_page
    browser.eval("document.getElementById('search-input').value = '合作示范区';"
                 "document.getElementById('search').requestSubmit(); true")
    sel = browser.eval("pkgMap.network.getSelectedNodes().map(i => pkgMap.data.nodes[i].id)")
    assert sel == [HEZUO]
    details = browser.eval("({head: document.querySelector('#details-body .tt-head').textContent,"
                           " n: document.querySelectorAll('#details-body li').length})")
    assert details == {"head": "合作示范区管委会", "n": G.nodes[HEZUO]["n_tasks"]}
    browser.eval("document.getElementById('search-input').value = '不存在的局';"
                 "document.getElementById('search').requestSubmit(); true")
    assert browser.eval("document.getElementById('stats').textContent").startswith("未找到")


def test_section_filter_shows_only_that_sections_departments(browser, ref_page):
    G, _ = ref_page
    data = mapview.map_data(G)
    per_section = {}
    for t in data["tasks"]:
        for s in t["s"]:
            per_section.setdefault(s, []).append(t)
    s = max(per_section, key=lambda k: (len(per_section[k]) < len(data["tasks"]), len(per_section[k])))
    tasks = {i for i, t in enumerate(data["tasks"]) if s in t["s"]}
    want_nodes = {n["id"] for n in data["nodes"] if tasks & set(n["tasks"])}
    want_pairs = {frozenset((data["nodes"][e["from"]]["id"], data["nodes"][e["to"]]["id"]))
                  for e in data["edges"] if tasks & set(e["tasks"])}
    assert 0 < len(want_nodes) < 17
    browser.eval(f"pkgMap.setSection({s}); true")
    check = browser.eval("pkgMap.selfCheck()")
    assert {n["id"] for n in check["nodes"]} == want_nodes
    assert {frozenset((e["from"], e["to"])) for e in check["edges"]} == want_pairs
    browser.eval("pkgMap.setSection(-1); true")
    assert len(browser.eval("pkgMap.selfCheck()")["nodes"]) == 17


P_SCRIPT = "</script><script>alert(1)</script>"
P_IMG = "<img src=x onerror=alert(1)>"


def hostile_graph() -> Graph:
    """A plan whose every text field carries script and HTML payloads."""
    g = Graph()
    plan = URIRef(ID_BASE + "plan/xss")
    g.add((plan, RDF.type, POL.Plan))
    g.add((plan, DCTERMS.title, Literal(f"关于{P_SCRIPT}的实施方案{P_IMG}", lang="zh")))
    g.add((plan, POL.region, Literal("测试区")))
    sec = URIRef(ID_BASE + "section/xss/1")
    for p, o in ((RDF.type, POL.Section), (POL.inPlan, plan), (RDFS.label, Literal(P_IMG + "重点任务")),
                 (POL.marker, Literal("一、")), (POL.depth, Literal(1)), (POL.position, Literal(1))):
        g.add((sec, p, o))
    depts = {}
    for key, label in (("a", "区科技局"), ("b", f"区{P_IMG}局"), ("c", f"{P_SCRIPT}办")):
        d = URIRef(ID_BASE + f"dept/测试区/{key}")
        depts[key] = d
        t = URIRef(ID_BASE + f"type/{key}")
        g.add((d, RDF.type, POL.Department))
        g.add((d, RDFS.label, Literal(label, lang="zh")))
        g.add((d, SKOS.altLabel, Literal(P_SCRIPT + key)))
        g.add((d, POL.region, Literal("测试区")))
        g.add((d, POL.departmentType, t))
        g.add((t, SKOS.prefLabel, Literal(label + "类", lang="zh")))
    inst = URIRef(ID_BASE + "inst/xss")
    g.add((inst, RDF.type, POL.Institution))
    g.add((inst, RDFS.label, Literal(P_IMG + "研究院")))
    texts = [f"推进{P_SCRIPT}建设{P_IMG}", "&lt;b&gt; & <!-- \u2028 \u2029 <svg onload=alert(1)>", P_IMG]
    for n, (text, ds) in enumerate(zip(texts, (("a", "b"), ("a", "c"), ("b", "c"))), 1):
        t = URIRef(ID_BASE + f"task/xss/{n}")
        for p, o in ((RDF.type, POL.Task), (POL.inPlan, plan), (POL.text, Literal(text, lang="zh")),
                     (POL.position, Literal(n)), (POL.inSection, sec), (POL.mentions, inst)):
            g.add((t, p, o))
        g.add((t, POL.leadDepartment, depts[ds[0]]))
        for d in ds:
            g.add((t, POL.responsibleDepartment, depts[d]))
    return g


def _hover_everything(browser) -> list[str]:
    """Hover every visible node and edge; the tooltip texts seen."""
    seen = []
    items = browser.eval("""(() => { const n = pkgMap.network, r = document.getElementById('network').getBoundingClientRect();
      const pos = n.getPositions(); const out = [];
      pkgMap.nodes.forEach(v => { if (!v.hidden) { const d = n.canvasToDOM(pos[v.id]); out.push(['node:' + v.id, d.x + r.left, d.y + r.top]); } });
      pkgMap.edges.forEach(v => { if (!v.hidden) { const m = pkgMap.edgeMidpoint(v.id); out.push(['edge:' + v.id, m.x, m.y]); } });
      return out; })()""")
    for key, x, y in items:
        browser.mouse_move(1, 1)
        browser.mouse_move(x, y)
        t0 = time.time()
        while browser.eval("pkgMap.tooltipFor()") is None and time.time() - t0 < 2:
            time.sleep(0.03)
        seen.append(browser.eval("document.getElementById('tooltip').textContent"))
        browser.eval("document.getElementById('details-body').textContent.length")
    return seen


@pytest.mark.parametrize("view", ["departments", "bipartite"])
def test_hostile_text_is_shown_as_text_and_runs_nothing(browser, tmp_path, view):
    g = hostile_graph()
    path = mapview.write_map(g, tmp_path / f"xss-{view}.html", view=view,
                             include=("institutions",) if view == "bipartite" else ())
    html = path.read_text(encoding="utf-8")
    assert P_SCRIPT not in html and P_IMG not in html and "<svg" not in html
    # the same page without its Content-Security-Policy: escaping alone must hold
    bare = tmp_path / f"xss-{view}-no-csp.html"
    bare.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html), encoding="utf-8")
    for page in (path, bare):
        browser.reset_events()
        browser.open(page, timeout=30)
        seen = _hover_everything(browser)
        browser.eval("pkgMap.network.selectNodes([0]); pkgMap.focusNode(0); const c = document.getElementById('color-mode');"
                     "c.value = 'type'; c.dispatchEvent(new Event('change')); true")
        assert any(P_SCRIPT in s for s in seen) and any(P_IMG in s for s in seen)  # shown, as text
        page_state = browser.eval("""({title: document.title, h1: document.getElementById('title').textContent,
            scripts: document.scripts.length, injected: document.querySelectorAll('img, svg, iframe, object, embed').length,
            legend: document.getElementById('legend-body').textContent,
            options: [...document.querySelectorAll('option')].map(o => o.textContent + o.value).join(' ')})""")
        assert page_state["scripts"] == 3 and page_state["injected"] == 0
        assert P_SCRIPT in page_state["h1"] and P_IMG in page_state["title"]
        assert P_IMG in page_state["legend"]  # department types
        assert P_IMG in page_state["options"]
        time.sleep(0.2)
        assert browser.events["dialogs"] == [], page
        assert_clean(browser, page.resolve().as_uri())


def test_large_map_stays_responsive(browser, tmp_path):
    """A 2,000-department map opens with physics off, settles at once and answers a search quickly."""
    g = _bench().synthetic_graph(2000)
    G = gn.department_graph(g)
    assert G.number_of_nodes() == 2000
    path = mapview.write_html(G, tmp_path / "large.html")
    browser.reset_events()
    seconds = browser.open(path, timeout=60)
    assert seconds < 20
    assert browser.eval("pkgMap.network.physics.physicsEnabled") is False
    check = browser.eval("pkgMap.selfCheck()")
    assert len(check["nodes"]) == 2000 and all(n["inView"] for n in check["nodes"])
    t0 = time.perf_counter()
    browser.eval("pkgMap.setPlan(0); pkgMap.setPlan(-1); true")
    assert time.perf_counter() - t0 < 5
    assert_clean(browser, path.resolve().as_uri())


def _bench():
    import importlib.util
    spec = importlib.util.spec_from_file_location("map_open", Path(__file__).resolve().parents[1] / "bench" / "map_open.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def test_map_above_max_nodes_opens_on_one_plan_and_focus_follows(browser, tmp_path):
    G = gn.department_graph(_bench().synthetic_graph(100))  # 5 plans of 20 departments
    path = mapview.write_html(G, tmp_path / "big.html", max_nodes=50)
    browser.reset_events()
    browser.open(path, timeout=30)
    data = mapview.map_data(G, max_nodes=50)
    first = data["initialPlan"]
    want = {n["id"] for n in data["nodes"] if any(data["tasks"][t]["p"] == first for t in n["tasks"])}
    page = browser.eval("({plan: +document.getElementById('plan-filter').value, notice: document.getElementById('notice').hidden"
                        " ? '' : document.getElementById('notice').textContent, shown: pkgMap.selfCheck().nodes.map(n => n.id)})")
    assert page["plan"] == first and "图较大" in page["notice"]
    assert set(page["shown"]) == want and len(want) == 20
    # focusing a department of another plan (as the search does) switches to that plan
    other = next(i for i, n in enumerate(data["nodes"]) if n["id"] not in want)
    browser.eval(f"pkgMap.focusNode({other}); true")
    assert browser.eval("pkgMap.network.getSelectedNodes()") == [other]
    shown = {n["id"] for n in browser.eval("pkgMap.selfCheck().nodes")}
    assert data["nodes"][other]["id"] in shown and len(shown) == 20
    browser.eval("pkgMap.setPlan(-1); true")
    assert len(browser.eval("pkgMap.selfCheck().nodes")) == 100
    assert_clean(browser, path.resolve().as_uri())


def test_empty_map_opens_at_once_and_says_why(browser, tmp_path):
    g = Graph()
    plan = URIRef(ID_BASE + "plan/empty")
    g.add((plan, RDF.type, POL.Plan))
    g.add((plan, DCTERMS.title, Literal("没有任务分工的通知", lang="zh")))
    for view in ("departments", "bipartite", "plans"):
        path = mapview.write_map(g, tmp_path / f"{view}.html", view=view)
        browser.reset_events()
        assert browser.open(path, timeout=10) < 5
        assert "没有标注责任部门" in browser.eval("document.getElementById('notice').textContent")
        assert_clean(browser, path.resolve().as_uri())


def test_bipartite_role_filter_and_lead_marks(browser, tmp_path):
    g = hostile_graph()  # three tasks, each with a lead department and one other responsible
    path = mapview.write_map(g, tmp_path / "roles.html", view="bipartite")
    browser.reset_events()
    browser.open(path, timeout=30)
    def roles():
        return sorted(browser.eval("pkgMap.edges.get().map(v => pkgMap.data.edges[v.id].role)"))
    assert roles() == ["lead"] * 3 + ["responsible"] * 3
    browser.eval("const r = document.getElementById('role-filter'); r.value = 'lead'; r.dispatchEvent(new Event('change')); true")
    assert roles() == ["lead"] * 3
    assert browser.eval("pkgMap.edges.get().every(v => v.width === 3.5 && v.arrows === 'to')")
    assert_clean(browser, path.resolve().as_uri())
    # departments view: an edge's tooltip says who led each shared task
    path = mapview.write_map(g, tmp_path / "depts.html")
    browser.reset_events()
    browser.open(path, timeout=30)
    d = browser.eval("pkgMap.describe('edge', pkgMap.data.edges.findIndex(e => pkgMap.data.nodes[e.from].label === '区科技局' || pkgMap.data.nodes[e.to].label === '区科技局'))")
    assert all(item[0].startswith("［区科技局牵头］") for item in d["items"])
    assert_clean(browser, path.resolve().as_uri())


def test_edge_width_by_jaccard_or_newman(browser, ref_map, tmp_path):
    G, _ = ref_map
    path = mapview.write_html(G, tmp_path / "jaccard.html", weight="jaccard")
    browser.reset_events()
    browser.open(path, timeout=30)
    find = (f"pkgMap.data.edges.findIndex(e => [pkgMap.data.nodes[e.from].id, pkgMap.data.nodes[e.to].id].sort().join() "
            f"=== {json.dumps(','.join(sorted((KEJI, HEZUO))))})")
    j = browser.eval(find)
    e = G.edges[KEJI, HEZUO]
    assert browser.eval(f"pkgMap.edges.get({j}).value") == pytest.approx(e["jaccard"])
    for mode, want in (("newman", e["newman"]), ("weight", 7)):
        browser.eval(f"{{ const w = document.getElementById('weight-mode'); w.value = '{mode}'; "
                     "w.dispatchEvent(new Event('change')); } true")
        assert browser.eval(f"pkgMap.edges.get({j}).value") == pytest.approx(want)
    assert_clean(browser, path.resolve().as_uri())
