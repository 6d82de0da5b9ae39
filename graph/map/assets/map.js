/* policykg network map: filters, search, legend, tooltips and details over vis-network.
   Every text from the documents is set with textContent (never innerHTML). */
(function () {
  "use strict";
  var state = { errors: [], ready: false, settleMs: null, t0: performance.now(), marks: {} };
  function mark(name) { state.marks[name] = Math.round(performance.now() - state.t0); }
  window.addEventListener("error", function (e) { state.errors.push("error: " + (e.message || e.type)); });
  window.addEventListener("unhandledrejection", function (e) { state.errors.push("unhandled: " + String(e.reason)); });
  document.addEventListener("securitypolicyviolation", function (e) {
    state.errors.push("csp: " + e.violatedDirective + " " + (e.blockedURI || ""));
  });

  var D = JSON.parse(document.getElementById("pkg-data").textContent);
  mark("parsed");
  var T = D.tasks, N = D.nodes, E = D.edges, P = D.plans, S = D.sections;
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  // the page's words, from graph/i18n/strings.tsv in the page's language: tr("map.more", {n: 3})
  function tr(key, values) {
    if (values && values.n === 1 && D.strings[key + ".n1"] !== undefined) key += ".n1";  // 1 plan, 2 plans
    var s = D.strings[key];
    if (s === undefined) { state.errors.push("no string " + key); return key; }
    return values ? s.replace(/\{(\w+)\}/g, function (m, k) { return values[k] !== undefined ? String(values[k]) : m; }) : s;
  }
  function clip(s, n) { s = String(s); return s.length > n ? s.slice(0, n) + "…" : s; }
  function fmt(x) { return Math.round(x * 1000) / 1000; }

  $("title").textContent = D.title;
  document.title = D.title;

  // ---- state derived from the filters ----
  var active = new Uint8Array(T.length);
  var cnt = new Int32Array(N.length);
  var ecnt = new Int32Array(E.length);
  var colorMode = D.defaultColor, sizeMode = "tasks", planNow = D.initialPlan;
  var weightMode = D.defaultWeight || "weight";
  var isDept = N.map(function (n) { return n.kind === "department"; });
  var leadSet = N.map(function (n) { var s = {}; (n.L || []).forEach(function (t) { s[t] = 1; }); return s; });
  var supSet = N.map(function (n) { var s = {}; (n.S || []).forEach(function (t) { s[t] = 1; }); return s; });
  var taskDepts = T.map(function () { return []; });
  N.forEach(function (n, i) { if (isDept[i]) n.tasks.forEach(function (t) { taskDepts[t].push(i); }); });

  function nodeColor(n) {
    var c = n.c ? (n.c[colorMode] || n.c.type) : n.color;
    return { background: c, border: "#3e4c59", highlight: { background: c, border: "#111" },
             hover: { background: c, border: "#111" } };
  }
  function edgeValue(e, c, mode) {
    if (e.kind !== "shared") return undefined;
    mode = mode || weightMode;
    if (mode === "jaccard") {
      var u = cnt[e.from] + cnt[e.to] - c;
      return u > 0 ? c / u : 0;
    }
    if (mode === "newman") {
      var w = 0;
      e.tasks.forEach(function (t) { if (active[t] && T[t].k > 1) w += 1 / (T[t].k - 1); });
      return w;
    }
    return c;
  }

  // ---- the network metrics of `policykg network` (graph/analysis/metrics.py), computed by the build of
  // the page: over all the map's plans, or, when one plan is chosen, in that plan alone ----
  var MI = {};
  (D.metrics || []).forEach(function (k, j) { MI[k] = j; });
  function metricRow(i) {
    var n = N[i];
    if (!n.m) return null;
    return planNow >= 0 && n.pm && n.pm[planNow] ? n.pm[planNow] : n.m;
  }
  function sizeValue(i) {
    if (sizeMode === "tasks" || !N[i].m) return Math.max(cnt[i], 1);
    var v = metricRow(i)[MI[sizeMode]];
    return v === null ? 0 : v;  // betweenness of a map of very many plans: per plan only
  }
  function visNode(i) {
    var n = N[i], v = { id: i, color: nodeColor(n) };

    if (n.shape) v.shape = n.shape;
    if (n.x !== undefined) { v.x = n.x; v.y = n.y; }
    if (n.size) v.size = n.size; else v.value = sizeValue(i);
    if (n.font) v.font = n.font;
    return v;
  }
  function visEdge(j) {
    var e = E[j], st = D.edgeStyles[e.kind + (e.role ? ":" + e.role : "")] || {};
    var v = { id: j, from: e.from, to: e.to };
    if (e.kind + (e.role ? ":" + e.role : "") !== D.baseEdge) {
      v.color = { color: st.color, opacity: st.opacity || 1, highlight: st.highlight || st.color,
                  hover: st.highlight || st.color };
    }
    if (st.dashes) v.dashes = st.dashes;
    if (st.arrows) v.arrows = st.arrows;
    if (st.smooth !== undefined) v.smooth = st.smooth;
    var val = edgeValue(e, ecnt[j]);
    if (val === undefined) v.width = st.width || 1; else v.value = val;
    return v;
  }

  function computeActive(p, s) {  // p: plan index, s: section index; -1 = all
    for (var t = 0; t < T.length; t++) {
      active[t] = (p < 0 || T[t].p === p) && (s < 0 || T[t].s.indexOf(s) >= 0) ? 1 : 0;
    }
    for (var i = 0; i < N.length; i++) {
      var c = 0, ts = N[i].tasks;
      for (var k = 0; k < ts.length; k++) c += active[ts[k]];
      cnt[i] = c;
    }
    for (var j = 0; j < E.length; j++) {
      var ce = 0, es = E[j].tasks;
      for (var m = 0; m < es.length; m++) ce += active[es[m]];
      ecnt[j] = ce;
    }
  }
  computeActive(D.initialPlan, -1);
  var roleFilter = "";

  // only what the filters let through lives in the data sets: a large map filtered to one plan
  // opens as fast as that plan's map, and a filter change adds and removes only the difference
  var minShared = D.minShared || 1;
  function nodeShown(i) {
    if (N[i].kind === "region") return planNow < 0 || N[i].plans.indexOf(planNow) >= 0;
    return cnt[i] > 0;
  }
  function edgeShown(j) {
    var e = E[j];
    if (e.kind === "role" && roleFilter && e.role !== roleFilter) return false;
    if (e.kind === "shared" && ecnt[j] < minShared) return false;
    return e.kind === "same_type" ? cnt[e.from] > 0 && cnt[e.to] > 0 : ecnt[j] > 0;
  }
  var shownN = new Uint8Array(N.length), shownE = new Uint8Array(E.length);
  var lastN = new Array(N.length), lastE = new Array(E.length);
  var first = [], firstE = [];
  for (var i0 = 0; i0 < N.length; i0++) if (nodeShown(i0)) { shownN[i0] = 1; first.push(visNode(i0)); lastN[i0] = first[first.length - 1].value; }
  for (var j0 = 0; j0 < E.length; j0++) if (edgeShown(j0)) { shownE[j0] = 1; firstE.push(visEdge(j0)); lastE[j0] = firstE[firstE.length - 1].value; }
  var nodesDS = new vis.DataSet(first);
  var edgesDS = new vis.DataSet(firstE);
  first = firstE = null;
  mark("datasets");
  var container = $("network");
  var network = new vis.Network(container, { nodes: nodesDS, edges: edgesDS }, D.options);
  mark("network");

  // ---- labels: the page draws them itself, each at the first place around its node where it covers
  // no other label (below, above, right, left, then the corners), most tasks first; a label with no
  // free place is left out and appears when zooming in. So no two labels are ever drawn on each other.
  var BASE_FONT = (D.options.nodes.font || {}).size || 15, FACE = (D.options.nodes.font || {}).face || "sans-serif";
  var MIN_PX = 12, MAX_PX = 22, CELL = 48, hoverNode = null, widthCache = {};
  var measureCtx = document.createElement("canvas").getContext("2d");
  measureCtx.font = "100px " + FACE;
  var FM = measureCtx.measureText("国Ag"), ASC = (FM.fontBoundingBoxAscent || 88) / 100, DESC = (FM.fontBoundingBoxDescent || 24) / 100;
  function subPx(px) { return Math.max(MIN_PX, Math.round(px * 0.85)); }
  function lineH(px) { return Math.ceil((ASC + DESC) * px) + 1; }
  function textWidth(s, px) {
    var w = widthCache[s];
    if (w === undefined) w = widthCache[s] = measureCtx.measureText(s).width;
    return w * px / 100;
  }
  function labelLines(i) { return String(N[i].display || N[i].label).split("\n"); }
  function Grid() { this.cells = {}; }
  Grid.prototype.keys = function (b) {
    var out = [];
    for (var gx = Math.floor(b[0] / CELL); gx <= Math.floor(b[2] / CELL); gx++)
      for (var gy = Math.floor(b[1] / CELL); gy <= Math.floor(b[3] / CELL); gy++) out.push(gx + ":" + gy);
    return out;
  };
  Grid.prototype.add = function (b) { var c = this.cells; this.keys(b).forEach(function (k) { (c[k] = c[k] || []).push(b); }); };
  Grid.prototype.hits = function (b, skip) {
    var ks = this.keys(b);
    for (var k = 0; k < ks.length; k++) {
      var list = this.cells[ks[k]];
      if (!list) continue;
      for (var m = 0; m < list.length; m++) {
        var o = list[m];
        if ((skip === undefined || o.owner !== skip) && b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) return true;
      }
    }
    return false;
  };
  function placeLabels() {
    var scale = network.getScale(), px = Math.max(MIN_PX, Math.min(MAX_PX, BASE_FONT * scale));
    var ids = nodesDS.getIds(), pos = network.getPositions(ids), labels = new Grid(), dots = new Grid();
    var order = [], placed = [], heads = [], sel = {}, lh = lineH(px), lh2 = lineH(subPx(px));
    var cw = container.clientWidth, ch = container.clientHeight;
    network.getSelectedNodes().forEach(function (i) { sel[i] = 1; });
    if (hoverNode !== null) sel[hoverNode] = 2;
    ids.forEach(function (i) {
      var body = network.body.nodes[i], p = network.canvasToDOM(pos[i]);
      if (!body || !p) return;
      if (N[i].kind === "region") { heads.push({ i: i, x: p.x, y: p.y }); return; }
      var r = Math.max(2, (body.options.size || 10) * scale);
      if (p.x < -r - 300 || p.y < -r - 100 || p.x > cw + r + 300 || p.y > ch + r + 100) return;  // far out of view
      var dot = [p.x - r, p.y - r, p.x + r, p.y + r];
      dot.owner = i;
      dots.add(dot);
      order.push({ i: i, x: p.x, y: p.y, r: r });
    });
    heads.forEach(function (o) {  // column headers: centred on their place, a box round the text
      var lines = labelLines(o.i), w = 0, h = lh + (lines.length - 1) * lh2 + 6;
      lines.forEach(function (l, k) { w = Math.max(w, textWidth(l, k ? subPx(px) : px)); });
      w = Math.ceil(w) + 12;
      // centred over its column, kept inside the canvas; raised a row when a neighbour's header is there
      var x0 = Math.max(2, Math.min(o.x - w / 2, cw - w - 2));
      for (var level = 0; level < 4; level++) {
        var top = o.y - h / 2 - level * (h + 4), b = [x0, top, x0 + w, top + h];
        if (labels.hits(b)) continue;
        labels.add(b);
        placed.push({ i: o.i, box: b, lines: lines, head: true });
        return;
      }
    });
    function rank(o) { return (sel[o.i] ? 1e9 : 0) + (N[o.i].kind === "department" ? 1e6 : 0) + cnt[o.i]; }
    order.sort(function (a, b) { return rank(b) - rank(a) || a.i - b.i; });
    order.forEach(function (o) {
      var lines = labelLines(o.i), w = 0, h = lines.length * lh, g = 2, r = o.r, d = r * 0.72;
      lines.forEach(function (l) { w = Math.max(w, textWidth(l, px)); });
      w = Math.ceil(w) + 2;
      var spots = [[o.x - w / 2, o.y + r + g], [o.x - w / 2, o.y - r - g - h], [o.x + r + g + 1, o.y - h / 2],
                   [o.x - r - g - 1 - w, o.y - h / 2], [o.x + d, o.y + d], [o.x - d - w, o.y + d],
                   [o.x + d, o.y - d - h], [o.x - d - w, o.y - d - h]];
      var best = null;
      for (var pass = 0; pass < 2 && !best; pass++) {
        for (var k = 0; k < spots.length; k++) {
          var b = [spots[k][0], spots[k][1], spots[k][0] + w, spots[k][1] + h];
          if (labels.hits(b) || (pass === 0 && dots.hits(b, o.i))) continue;
          best = b; break;
        }
      }
      if (!best && sel[o.i]) best = [o.x - w / 2, o.y + r + g, o.x + w / 2, o.y + r + g + h];  // chosen: always
      if (!best) return;
      labels.add(best);
      placed.push({ i: o.i, box: best, lines: lines });
    });
    return { px: px, lh: lh, lh2: lh2, placed: placed, total: order.length };
  }
  // placing is done again only when the scale, the nodes shown, their positions or the selection
  // change: a pan moves the labels with the map, without placing them again
  var lastLabels = { placed: [], total: 0 }, labelVersion = 0, labelKey = null;
  function labelsChanged() { labelVersion++; }
  nodesDS.on("*", labelsChanged);
  ["dragging", "dragEnd", "select", "deselectNode", "hoverNode", "blurNode", "resize"].forEach(function (ev) { network.on(ev, labelsChanged); });
  network.on("afterDrawing", function (ctx) {
    var o = network.canvasToDOM({ x: 0, y: 0 });  // a long pan brings new nodes in: place again
    var key = network.getScale() + "|" + labelVersion + "|" + Math.round(o.x / 250) + "," + Math.round(o.y / 120);
    if (!state.ready || key !== labelKey) { lastLabels = placeLabels(); lastLabels.origin = o; labelKey = key; }
    var L = lastLabels, ratio = ctx.canvas.width / ctx.canvas.clientWidth;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, ratio * (o.x - L.origin.x), ratio * (o.y - L.origin.y));
    ctx.font = L.px + "px " + FACE;
    ctx.textAlign = "left"; ctx.textBaseline = "alphabetic";
    ctx.lineJoin = "round"; ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)";
    L.placed.forEach(function (p) {
      if (p.head) {
        ctx.fillStyle = "#eef1f4"; ctx.strokeStyle = "#9aa5b1"; ctx.lineWidth = 1;
        ctx.fillRect(p.box[0], p.box[1], p.box[2] - p.box[0], p.box[3] - p.box[1]);
        ctx.strokeRect(p.box[0] + 0.5, p.box[1] + 0.5, p.box[2] - p.box[0] - 1, p.box[3] - p.box[1] - 1);
        ctx.textAlign = "center"; ctx.fillStyle = "#1f2933";
        p.lines.forEach(function (line, k) {
          var size = k ? subPx(L.px) : L.px;
          ctx.font = size + "px " + FACE;
          ctx.fillText(line, (p.box[0] + p.box[2]) / 2, p.box[1] + 3 + (k ? L.lh + (k - 1) * L.lh2 : 0) + ASC * size);
        });
        ctx.textAlign = "left"; ctx.font = L.px + "px " + FACE;
        ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)";
        return;
      }
      ctx.fillStyle = N[p.i].kind === "department" ? "#1f2933" : "#52606d";
      p.lines.forEach(function (line, k) {
        var y = p.box[1] + k * L.lh + ASC * L.px;
        ctx.strokeText(line, p.box[0] + 1, y);
        ctx.fillText(line, p.box[0] + 1, y);
      });
    });
    ctx.restore();
  });
  network.on("hoverNode", function (p) { hoverNode = p.node; });
  network.on("blurNode", function () { hoverNode = null; });

  function settle() {
    if (state.ready) return;
    mark("drawn");
    network.setOptions({ physics: { enabled: false } });
    state.ready = true;
    state.settleMs = performance.now() - state.t0;
    document.documentElement.setAttribute("data-ready", "1");
  }
  if (D.options.physics && D.options.physics.enabled && nodesDS.length > 0) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      network.once("afterDrawing", settle);
      network.redraw();
    });
    setTimeout(function () { if (!state.ready) { network.stopSimulation(); network.fit(); settle(); } }, 15000);
  } else {
    network.once("afterDrawing", settle);
  }

  function diff(items, shown, last, isShown, make) {
    var add = [], remove = [], update = [];
    for (var i = 0; i < items.length; i++) {
      var now = isShown(i);
      if (now && !shown[i]) { var v = make(i); add.push(v); last[i] = v.value; }
      else if (!now && shown[i]) remove.push(i);
      else if (now) {
        var w = make(i);
        if (w.value !== last[i]) { update.push(w); last[i] = w.value; }
      }
      shown[i] = now ? 1 : 0;
    }
    return { add: add, remove: remove, update: update, size: add.length + remove.length + update.length };
  }
  function apply(ds, d) {
    if (d.remove.length) ds.remove(d.remove);
    if (d.update.length) ds.update(d.update);
    if (d.add.length) ds.add(d.add);
  }
  var BIG_CHANGE = 3000, queue = [];  // changes this large take a few seconds: say so before the browser is busy
  function refresh() {
    planNow = +$("plan-filter").value;
    computeActive(planNow, +$("section-filter").value);
    var de = diff(E, shownE, lastE, edgeShown, visEdge), dn = diff(N, shownN, lastN, nodeShown, visNode);
    queue.push(function () { apply(edgesDS, de); apply(nodesDS, dn); updateStats(); renderMetrics(); });
    if (state.busy) return;  // a big change is about to be applied: this one follows it, in order
    if (de.size + dn.size > BIG_CHANGE) {
      $("stats").textContent = tr("map.drawing", { n: (nodesDS.length + dn.add.length - dn.remove.length).toLocaleString() });
      state.busy = true;
      requestAnimationFrame(function () { setTimeout(runQueue, 0); });
    } else runQueue();
  }
  function runQueue() {
    while (queue.length) queue.shift()();
    state.busy = false;
  }
  function recolor() {
    var upd = [];
    nodesDS.forEach(function (v) { upd.push({ id: v.id, color: nodeColor(N[v.id]) }); });
    nodesDS.update(upd);
    renderLegend();
  }
  function reweigh() {
    var upd = [];
    edgesDS.forEach(function (v) { var w = visEdge(v.id); lastE[v.id] = w.value; upd.push(w); });
    edgesDS.update(upd);
  }

  // ---- controls ----
  var planSel = $("plan-filter"), secSel = $("section-filter");
  function opt(sel, value, text) { var o = el("option", null, text); o.value = String(value); sel.appendChild(o); return o; }
  opt(planSel, -1, tr("map.all_plans", { n: P.length, note: D.allNote || "" }));
  P.forEach(function (p, i) { opt(planSel, i, clip((p.region ? p.region + " · " : "") + p.title, 60)).title = p.title; });
  planSel.value = String(D.initialPlan);
  if (P.length < 2) planSel.disabled = true;
  function fillSections() {
    while (secSel.firstChild) secSel.removeChild(secSel.firstChild);
    opt(secSel, -1, tr("map.all_sections"));
    var p = +planSel.value;
    if (p < 0 && P.length === 1) p = 0;
    S.forEach(function (s, i) {
      if (s.p === p) opt(secSel, i, "\u3000".repeat(Math.max(0, s.d - 1)) + clip(s.label, 40)).title = s.label;
    });
    secSel.disabled = secSel.options.length < 2;
  }
  fillSections();
  planSel.addEventListener("change", function () { fillSections(); refresh(); });
  secSel.addEventListener("change", refresh);

  var colorSel = $("color-mode");
  D.colorModes.forEach(function (m) { opt(colorSel, m[0], m[1]); });
  colorSel.value = colorMode;
  if (D.colorModes.length < 2) $("color-label").hidden = true;
  colorSel.addEventListener("change", function () { colorMode = colorSel.value; recolor(); });

  var sizeSel = $("size-mode");
  (D.sizes || []).forEach(function (m) { opt(sizeSel, m[0], m[1]); });
  if (!N.some(function (n) { return n.m; })) $("size-label").hidden = true;
  sizeSel.addEventListener("change", function () {
    sizeMode = sizeSel.value;
    var upd = [];
    nodesDS.forEach(function (v) { if (!N[v.id].size) { var w = sizeValue(v.id); lastN[v.id] = w; upd.push({ id: v.id, value: w }); } });
    nodesDS.update(upd);
    metricSort = sizeMode;
    renderMetrics();
    renderLegend();
  });

  var weightSel = $("weight-mode");
  D.weightModes.forEach(function (m) { opt(weightSel, m[0], m[1]); });
  weightSel.value = weightMode;
  if (!D.weightModes.length) $("weight-label").hidden = true;
  weightSel.addEventListener("change", function () { weightMode = weightSel.value; reweigh(); });
  var roleSel = $("role-filter"), roles = {};
  E.forEach(function (e) { if (e.kind === "role") roles[e.role] = 1; });
  ["", "lead", "support", "responsible"].forEach(function (r) {
    if (!r || roles[r]) opt(roleSel, r, tr("map.role." + (r || "all")));
  });
  if (roleSel.options.length < 3) $("role-label").hidden = true;
  roleSel.addEventListener("change", function () { roleFilter = roleSel.value; refresh(); });
  var sharedIn = $("min-shared");
  sharedIn.max = String(Math.max(1, D.maxShared || 1));
  sharedIn.value = String(minShared);
  $("min-shared-value").textContent = String(minShared);
  if (!D.maxShared || D.maxShared < 2) $("shared-label").hidden = true;
  sharedIn.addEventListener("input", function () {
    minShared = +sharedIn.value;
    $("min-shared-value").textContent = String(minShared);
    refresh();
  });
  $("fit").addEventListener("click", function () { network.fit({ animation: { duration: 400 } }); });

  function updateStats() {
    var byKind = {}, edges = 0;
    for (var i = 0; i < N.length; i++) if (cnt[i] > 0) byKind[N[i].kind] = (byKind[N[i].kind] || 0) + 1;
    var drawn = 0;
    for (var j = 0; j < E.length; j++) if (E[j].kind !== "same_type" && ecnt[j] > 0) { edges++; if (shownE[j]) drawn++; }
    var parts = [];
    D.kinds.forEach(function (k) { if (byKind[k]) parts.push(tr("map.count." + k, { n: byKind[k] })); });
    parts.push(tr(D.edgeCount, { n: edges }) + (drawn < edges ? tr("map.count.pruned", { k: minShared, d: drawn }) : ""));
    $("stats").textContent = parts.join(" · ");
  }
  updateStats();

  if (D.notice) { $("notice").textContent = D.notice; $("notice").hidden = false; }

  // ---- legend ----
  function legendRow(color, text, line) {
    var row = el("div", "legend-row"), sw = el("span", "swatch" + (line ? " line" + (line.dashes ? " dashed" : "") : ""));
    if (line) { sw.style.borderTopColor = color; sw.style.borderTopWidth = (line.width || 2) + "px"; }
    else sw.style.background = color;
    row.appendChild(sw); row.appendChild(el("span", null, text));
    return row;
  }
  function renderLegend() {
    var body = $("legend-body");
    while (body.firstChild) body.removeChild(body.firstChild);
    var L = D.legend;
    (L.nodes[colorMode] || []).forEach(function (r) { body.appendChild(legendRow(r[1], r[0])); });
    (L.kinds || []).forEach(function (r) { body.appendChild(legendRow(r[1], r[0])); });
    (L.edges || []).forEach(function (r) { body.appendChild(legendRow(r[1], r[0], r[2] || {})); });
    (L.notes || []).forEach(function (t, k) {
      if (k === 0 && sizeMode !== "tasks") t = t.replace(tr("map.note.size"), tr("map.note.size_by", { metric: tr("map.metric." + sizeMode) }));
      body.appendChild(el("p", "legend-note", t));
    });
  }
  renderLegend();

  // ---- the table of departments and their metrics, beside the map ----
  var metricSort = "tasks", MAX_ROWS = 300;
  function renderMetrics() {
    var box = $("metrics-body");
    if (!D.metrics || !N.some(function (n) { return n.m; })) return;
    $("metrics").hidden = false;
    while (box.firstChild) box.removeChild(box.firstChild);
    $("metrics-note").textContent = planNow >= 0 || P.length === 1 ? tr("map.metrics.one", { title: P[Math.max(planNow, 0)].title })
      : tr("map.metrics.all", { n: P.length });
    var rows = [];
    for (var i = 0; i < N.length; i++) if (isDept[i] && shownN[i] && metricRow(i)) rows.push(i);
    var k = MI[metricSort];
    rows.sort(function (a, b) {
      var x = metricRow(a)[k] || 0, y = metricRow(b)[k] || 0;
      return (metricSort === "community" ? x - y : y - x) || (N[a].label < N[b].label ? -1 : N[a].label > N[b].label ? 1 : a - b);
    });
    var table = el("table"), head = el("tr"), body = el("tbody");
    [["department"]].concat(D.metrics.map(function (m) { return [m]; })).forEach(function (c) {
      var th = el("th", c[0] === metricSort ? "sorted" : null, tr("map.col." + c[0]));
      th.dataset.key = c[0];
      if (c[0] !== "department") th.addEventListener("click", function () { metricSort = c[0]; renderMetrics(); });
      head.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    rows.slice(0, MAX_ROWS).forEach(function (i) {
      var tr_ = el("tr"), r = metricRow(i), name = el("td");
      var sw = el("span", "swatch"); sw.style.background = N[i].c ? N[i].c.community : "#ccc";
      name.appendChild(sw); name.appendChild(document.createTextNode(N[i].display ? N[i].display.replace("\n", " · ") : N[i].label));
      tr_.appendChild(name);
      tr_.dataset.node = N[i].id;
      D.metrics.forEach(function (m, j) { tr_.appendChild(el("td", null, m === "betweenness" ? (r[j] === null ? "–" : r[j].toFixed(3)) : r[j])); });
      tr_.addEventListener("click", function () { focusNode(i); });
      body.appendChild(tr_);
    });
    table.appendChild(body);
    box.appendChild(table);
    if (rows.length > MAX_ROWS) box.appendChild(el("div", "more", tr("map.metrics.more", { n: rows.length - MAX_ROWS })));
  }
  renderMetrics();

  // ---- tooltips and details (text only) ----
  var tip = $("tooltip");
  var MAX_TIP = 12;
  function planName(t) { var p = P[T[t].p]; return p ? (P.length > 1 ? clip(p.title, 24) + " · " : "") : ""; }
  function roleMark(i, t) { return leadSet[i][t] ? tr("map.mark.lead") : supSet[i][t] ? tr("map.mark.support") : ""; }
  function sectionPath(t) { return T[t].s.map(function (s) { return S[s].label; }).join(" › "); }
  function describe(kind, id) {
    // → {head, meta: [..], items: [[prefix, text, sub]]}
    var out = { head: "", meta: [], items: [] };
    if (kind === "node") {
      var n = N[id];
      out.head = n.label;
      if (n.kind === "department") {
        out.meta.push([n.region, n.type].filter(Boolean).join(" · "));
        var ts = n.tasks.filter(function (t) { return active[t]; });
        var nl = ts.filter(function (t) { return leadSet[id][t]; }).length;
        var ns = ts.filter(function (t) { return supSet[id][t]; }).length;
        out.meta.push(tr("map.tasks_of", { n: ts.length }) + (nl || ns ? tr("map.tasks_roles", { a: nl, b: ns }) : ""));
        ts.forEach(function (t) { out.items.push([roleMark(id, t) + planName(t), T[t].t, sectionPath(t)]); });
      } else if (n.kind === "task") {
        var t0 = n.tasks[0];
        out.meta.push(planName(t0) + sectionPath(t0));
        out.items.push(["", T[t0].t, ""]);
        var ds = taskDepts[t0].map(function (d) { return roleMark(d, t0) + N[d].label; });
        if (ds.length) out.meta.push(tr("map.responsible") + ds.join(tr("list.sep")));
      } else if (n.kind === "region") {
        out.head = n.region;
        n.plans.forEach(function (p) { out.items.push(["", P[p].title, P[p].id]); });
      } else {
        out.meta.push(tr("map.kind." + n.kind));
        n.tasks.filter(function (t) { return active[t]; }).forEach(function (t) {
          out.items.push([planName(t), T[t].t, sectionPath(t)]);
        });
      }
    } else {
      var e = E[id], a = N[e.from], b = N[e.to];
      if (e.kind === "shared") {
        out.head = a.label + " — " + b.label;
        var c = ecnt[id];
        out.meta.push(tr("map.shared_tasks", { n: c }) + " · Jaccard " + fmt(edgeValue(e, c, "jaccard")) +
          " · Newman " + fmt(edgeValue(e, c, "newman")));
        e.tasks.filter(function (t) { return active[t]; }).forEach(function (t) {
          var who = leadSet[e.from][t] ? a.label : leadSet[e.to][t] ? b.label : "";
          out.items.push([(who ? tr("map.mark.led_by", { who: who }) : "") + planName(t), T[t].t, sectionPath(t)]);
        });
      } else if (e.kind === "same_type") {
        out.head = a.label + " · " + b.label;
        out.meta.push(tr("map.same_type") + (a.type || ""));
      } else {
        out.head = a.label + " — " + b.label;
        out.meta.push(tr("map.edge." + e.kind + (e.role ? ":" + e.role : "")));
        e.tasks.forEach(function (t) { out.items.push([planName(t), T[t].t, sectionPath(t)]); });
      }
    }
    return out;
  }
  function renderInto(box, d, limit, clipLen) {
    while (box.firstChild) box.removeChild(box.firstChild);
    box.appendChild(el("div", "tt-head", d.head));
    d.meta.forEach(function (m) { if (m) box.appendChild(el("div", "meta", m)); });
    if (d.items.length) {
      var ol = el("ol");
      d.items.slice(0, limit).forEach(function (it) {
        var li = el("li", null, it[0] + (clipLen ? clip(it[1], clipLen) : it[1]));
        if (!clipLen && it[2]) { li.appendChild(el("div", "meta", it[2])); }
        ol.appendChild(li);
      });
      box.appendChild(ol);
      if (d.items.length > limit) box.appendChild(el("div", "more", tr("map.more", { n: d.items.length - limit })));
    }
  }
  var tipFor = null;
  function showTip(kind, id, pointer) {
    tipFor = kind + ":" + id;
    renderInto(tip, describe(kind, id), MAX_TIP, 90);
    tip.hidden = false;
    var r = container.getBoundingClientRect(), x = r.left + pointer.x + 14, y = r.top + pointer.y + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 4) x = Math.max(4, r.left + pointer.x - w - 14);
    if (y + h > window.innerHeight - 4) y = Math.max(4, window.innerHeight - h - 4);
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function hideTip() { tip.hidden = true; tipFor = null; }
  network.on("hoverNode", function (p) { showTip("node", p.node, p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTip("edge", p.edge, p.pointer.DOM); });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  container.addEventListener("mouseleave", hideTip);
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hideTip(); });

  function showDetails(kind, id) {
    var box = $("details-body");
    renderInto(box, describe(kind, id), Infinity, 0);
  }
  network.on("click", function (p) {
    if (p.nodes.length) showDetails("node", p.nodes[0]);
    else if (p.edges.length) showDetails("edge", p.edges[0]);
  });

  // ---- search ----
  var index = [];
  var list = $("search-list"), seen = {};
  N.forEach(function (n, i) {
    if (n.kind === "task") return;
    [n.label].concat(n.aliases || []).forEach(function (a) { index.push([a.toLowerCase(), i]); });
    if (n.kind === "department" && !seen[n.label]) { seen[n.label] = 1; var o = el("option"); o.value = n.label; list.appendChild(o); }
  });
  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    var exact = [], part = [];
    index.forEach(function (r) {
      if (r[0] === q) { if (exact.indexOf(r[1]) < 0) exact.push(r[1]); }
      else if (r[0].indexOf(q) >= 0 && part.indexOf(r[1]) < 0) part.push(r[1]);
    });
    return exact.concat(part.filter(function (i) { return exact.indexOf(i) < 0; }));
  }
  function focusNode(i) {
    if (cnt[i] === 0) {  // hidden by the filters: show the node's own plan (all plans if that was the choice)
      if (+planSel.value >= 0 && N[i].tasks.length) { planSel.value = String(T[N[i].tasks[0]].p); fillSections(); }
      secSel.value = "-1";
      refresh();
    }
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 1.3), animation: { duration: 450, easingFunction: "easeInOutQuad" } });
    showDetails("node", i);
  }
  $("search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var hits = find($("search-input").value);
    if (!hits.length) { $("stats").textContent = tr("map.not_found") + $("search-input").value; return; }
    focusNode(hits[0]);
    if (hits.length > 1) {
      $("stats").textContent = tr("map.matches", { n: hits.length }) + hits.slice(0, 6).map(function (i) { return N[i].label; }).join(tr("list.sep")) + (hits.length > 6 ? "…" : "");
    }
  });

  // ---- a check the page runs on itself (used by tests and benchmarks) ----
  function inked(ctx, x, y, ratio) {
    var r = 2, img;
    try { img = ctx.getImageData(Math.round(x * ratio) - r, Math.round(y * ratio) - r, 2 * r + 1, 2 * r + 1).data; }
    catch (e) { return false; }
    for (var k = 0; k < img.length; k += 4) {
      if (img[k + 3] > 0 && (img[k] < 235 || img[k + 1] < 235 || img[k + 2] < 235)) return true;
    }
    return false;
  }
  function selfCheck() {
    network.redraw();
    var canvas = container.querySelector("canvas"), ctx = canvas.getContext("2d");
    var rect = canvas.getBoundingClientRect(), ratio = canvas.width / rect.width;
    var pos = network.getPositions(), out = { ready: state.ready, settleMs: state.settleMs, errors: state.errors.slice(),
      resources: performance.getEntriesByType("resource").map(function (r) { return r.name; }),
      canvas: [rect.width, rect.height], nodes: [], edges: [] };
    function inView(p) { return p.x >= 0 && p.y >= 0 && p.x <= rect.width && p.y <= rect.height; }
    nodesDS.forEach(function (v) {
      var d = network.canvasToDOM(pos[v.id]);
      var body = network.body.nodes[v.id];
      out.nodes.push({ id: N[v.id].id, label: N[v.id].label, kind: N[v.id].kind, inView: inView(d), inked: inked(ctx, d.x, d.y, ratio),
                       shape: body.options.shape, size: body.options.size });
    });
    edgesDS.forEach(function (v) {
      if (E[v.id].kind === "same_type") return;
      var body = network.body.edges[v.id], a = network.canvasToDOM(pos[v.from]), b = network.canvasToDOM(pos[v.to]);
      var hits = 0, samples = [0.3, 0.4, 0.5, 0.6, 0.7];
      samples.forEach(function (s) {
        var pt = { x: a.x + (b.x - a.x) * s, y: a.y + (b.y - a.y) * s };
        try { if (body && body.edgeType && body.edgeType.getPoint) pt = network.canvasToDOM(body.edgeType.getPoint(s)); } catch (e) { /* straight line */ }
        if (inked(ctx, pt.x, pt.y, ratio)) hits++;
      });
      out.edges.push({ from: N[v.from].id, to: N[v.to].id, kind: E[v.id].kind, weight: ecnt[v.id],
        connected: !!(body && body.connected), inView: inView(a) && inView(b), inked: hits >= 3 });
    });
    return out;
  }
  function edgeMidpoint(j) {
    var body = network.body.edges[j], pos = network.getPositions([E[j].from, E[j].to]);
    var p = body && body.edgeType && body.edgeType.getPoint ? body.edgeType.getPoint(0.5)
      : { x: (pos[E[j].from].x + pos[E[j].to].x) / 2, y: (pos[E[j].from].y + pos[E[j].to].y) / 2 };
    var d = network.canvasToDOM(p), r = container.getBoundingClientRect();
    return { x: d.x + r.left, y: d.y + r.top };
  }

  window.pkgMap = {
    metricsTable: function () {  // the table as shown: header keys and rows of texts
      return { head: [].map.call(document.querySelectorAll("#metrics th"), function (th) { return th.dataset.key; }),
               rows: [].map.call(document.querySelectorAll("#metrics tbody tr"), function (r) {
                 return [r.dataset.node].concat([].map.call(r.children, function (td) { return td.textContent; }).slice(1)); }) };
    },
    setSize: function (k) { sizeSel.value = k; sizeSel.dispatchEvent(new Event("change")); },
    labels: function () {  // the labels of the last drawing: of how many nodes, which placed, which headers
      return { total: lastLabels.total, placed: lastLabels.placed.filter(function (p) { return !p.head; }).map(function (p) { return N[p.i].id; }),
               headers: lastLabels.placed.filter(function (p) { return p.head; }).map(function (p) { return N[p.i].label; }) };
    },
    setMinShared: function (k) { sharedIn.value = String(k); sharedIn.dispatchEvent(new Event("input")); },
    network: network, nodes: nodesDS, edges: edgesDS, data: D, state: state, selfCheck: selfCheck,
    find: find, focusNode: focusNode, edgeMidpoint: edgeMidpoint, describe: describe,
    setPlan: function (p) { planSel.value = String(p); fillSections(); refresh(); },
    setSection: function (s) { secSel.value = String(s); refresh(); },
    tooltipFor: function () { return tipFor; }
  };
})();
