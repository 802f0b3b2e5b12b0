/* kg views: draws the network in #kg-data with vis-network, and the figures chart as inline SVG.
 * The data is compact (kg/views/render.py, page_data): each entity once, referred to by its index;
 * every sentence and document name once, in data.sents and data.docs, referred to by index.
 *   nodes:   [iri after data.base, name, class, degree, aliases, [doc], [sentence], href after data.root]
 *   edges:   [from node, to node, type, assertions, confidence, [sentence]]
 *   sents:   [text, doc]
 *   figures: [metric, base unit, axis factor, axis unit, [[year, 0 actual | 1 target, value, as stated, [sentence]]]]
 * Document text (names, aliases, evidence) is only ever put into the page with textContent:
 * tooltips are DOM elements, never HTML strings. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var TIP_EVIDENCE = 3, TIP_CHARS = 160, SVG = "http://www.w3.org/2000/svg";
  var style = data.style;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clip(s, n) { return n && s.length > n ? s.slice(0, n - 1) + "…" : s; }
  function sentence(i) { var s = data.sents[i]; return [s[0], data.docs[s[1]]]; }
  function evidence(items, limit, chars) {
    var ul = el("ul", "kg-ev");
    items.slice(0, limit || items.length).forEach(function (it) {
      var li = el("li");
      li.appendChild(el("span", "kg-ev-text", clip(it[0], chars)));
      if (it[1]) { li.appendChild(el("span", "kg-ev-doc", it[1])); }
      ul.appendChild(li);
    });
    if (limit && items.length > limit) { ul.appendChild(el("li", "kg-hint", "+" + (items.length - limit) + " more (click)")); }
    return ul;
  }
  function nodeInfo(node, full) {
    var k = node.kg, box = el("div", "kg-tip");
    box.appendChild(el("div", "kg-tip-name", k.name));
    box.appendChild(el("div", "kg-tip-type", k.cls_zh + " · " + k.cls + " · degree " + k.degree));
    if (k.aliases.length) { box.appendChild(el("div", "kg-tip-aliases", "别名 aliases: " + k.aliases.join("、"))); }
    if (k.docs.length) { box.appendChild(el("div", "kg-tip-type", "文档 documents: " + k.docs.join(", "))); }
    if (k.evidence.length) {
      box.appendChild(el("div", "kg-tip-h", "证据 evidence"));
      box.appendChild(full ? evidence(k.evidence) : evidence(k.evidence, TIP_EVIDENCE, TIP_CHARS));
    }
    if (full) { box.appendChild(el("div", "kg-tip-iri", k.iri)); }
    if (full && k.href && !k.center) {
      var a = el("a", null, "open its page →");
      a.href = k.href;
      box.appendChild(a);
    }
    return box;
  }
  function edgeInfo(edge, full) {
    var k = edge.kg, box = el("div", "kg-tip");
    box.appendChild(el("div", "kg-tip-name", k.type + (k.type_zh ? " " + k.type_zh : "")));
    box.appendChild(el("div", "kg-tip-aliases", k.from + " → " + k.to));
    box.appendChild(el("div", "kg-tip-type", k.count + " assertion" + (k.count > 1 ? "s" : "") + ", confidence ≤ " + k.confidence));
    if (k.evidence.length) {
      box.appendChild(el("div", "kg-tip-h", "证据 evidence"));
      box.appendChild(full ? evidence(k.evidence) : evidence(k.evidence, TIP_EVIDENCE, TIP_CHARS));
    }
    return box;
  }

  // -- the network: vis-network nodes and edges from the compact data --------------------------
  var hubs = {};
  data.hubs.forEach(function (i) { hubs[i] = true; });
  function short(name) {
    var chars = Array.from(name);
    return chars.length > style.labelMax ? chars.slice(0, style.labelMax - 1).join("") + "…" : name;
  }
  var visNodes = data.nodes.map(function (r, i) {
    var cls = data.classes[r[2]], centre = i === data.center, color = cls[1];
    var node = {
      id: i, label: short(r[1]) || "?", shape: cls[0],
      size: Math.round(10 * Math.min(48, 9 + 4 * Math.sqrt(r[3]))) / 10 + (centre ? 4 : 0),
      color: { background: color, border: centre ? "#111111" : color,
               highlight: { background: color, border: "#111111" }, hover: { background: color, border: "#111111" } },
      borderWidth: centre ? 2 : 1,
      kg: { iri: data.base + r[0], name: r[1], cls: r[2], cls_zh: cls[2], degree: r[3], aliases: r[4],
            docs: r[5].map(function (d) { return data.docs[d]; }), evidence: r[6].map(sentence),
            href: r[7] ? data.root + r[7] : "", center: centre }
    };
    if (hubs[i]) { node.font = { size: style.hubFont, strokeWidth: 6 }; }
    node.title = nodeInfo(node, false);
    return node;
  });
  var visEdges = data.edges.map(function (r, i) {
    var rel = data.rels[r[2]];
    var edge = {
      id: "e" + i, from: r[0], to: r[1], label: r[2], color: rel[0],
      width: Math.round(100 * (1 + Math.log2(r[3]))) / 100,
      kg: { type: r[2], type_zh: rel[1], count: r[3], from: data.nodes[r[0]][1], to: data.nodes[r[1]][1],
            confidence: r[4], evidence: r[5].map(sentence) }
    };
    edge.title = edgeInfo(edge, false);
    return edge;
  });
  function options(n) {
    var big = n > 100;
    return {
      autoResize: true,
      layout: { randomSeed: style.seed, improvedLayout: !big },
      nodes: { borderWidth: 1, font: { size: 14, face: style.font, strokeWidth: 3, strokeColor: "#ffffff" } },
      edges: {
        arrows: { to: { enabled: true, scaleFactor: 0.5 } },
        color: { inherit: false },
        font: { size: 10, face: style.font, color: "#444444", strokeWidth: 3, align: "middle" },
        smooth: false
      },
      physics: {
        enabled: true, solver: "forceAtlas2Based",
        forceAtlas2Based: { gravitationalConstant: big ? -70 : -50, centralGravity: 0.012, springLength: big ? 120 : 100,
                            springConstant: 0.06, damping: 0.5, avoidOverlap: 0.5 },
        maxVelocity: 40, minVelocity: 1.0, timestep: 0.4,
        stabilization: { enabled: true, iterations: big ? 400 : 250, updateInterval: 20, fit: true }
      },
      interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, keyboard: false,
                     navigationButtons: false, multiselect: false }
    };
  }

  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options(visNodes.length));
  var status = document.getElementById("kg-status");
  var details = document.getElementById("kg-details");
  // read by tests and handy in the console
  window.network = network;
  window.kgView = { nodes: visNodes.length, edges: visEdges.length, kind: data.kind, stabilized: false,
                    figures: data.figures.length };

  var settling = false;
  function settled() {
    if (settling) { return; }
    settling = true;
    network.setOptions({ physics: { enabled: false } });
    // fit once vis-network has finished its own end-of-stabilization work
    window.setTimeout(function () {
      network.fit({ animation: false });
      window.kgView.stabilized = true;
      document.body.setAttribute("data-stabilized", "1");
      status.textContent = "";
    }, 0);
  }
  network.on("stabilizationProgress", function (p) {
    status.textContent = "layout " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", settled);
  network.once("stabilized", settled);
  if (visNodes.length === 0) { settled(); }

  function show(box) {
    while (details.firstChild) { details.removeChild(details.firstChild); }
    details.appendChild(box);
  }
  network.on("click", function (p) {
    if (p.nodes.length) { show(nodeInfo(nodes.get(p.nodes[0]), true)); }
    else if (p.edges.length) { show(edgeInfo(edges.get(p.edges[0]), true)); }
  });
  network.on("doubleClick", function (p) {
    if (p.nodes.length) {
      var n = nodes.get(p.nodes[0]);
      if (n.kg.href) { window.location.href = n.kg.href; }
    }
  });
  if (data.center !== null && nodes.get(data.center)) {
    show(nodeInfo(nodes.get(data.center), true));
    network.selectNodes([data.center]);
  }

  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) { e.textContent = String(text); }
    return e;
  }

  // -- the legend: the classes and relationship types on the page, with their counts -----------
  var SHAPES = {
    hexagon: "7,1 12.2,4 12.2,10 7,13 1.8,10 1.8,4", triangle: "7,1 13,13 1,13", triangleDown: "1,1 13,1 7,13",
    diamond: "7,0.5 13.5,7 7,13.5 0.5,7", star: "7,0.5 8.8,5 13.5,5.2 9.8,8.2 11.1,13 7,10.3 2.9,13 4.2,8.2 0.5,5.2 5.2,5"
  };
  function symbol(shape, color) {
    var s = svg("svg", { width: 14, height: 14, viewBox: "0 0 14 14", "aria-hidden": "true" });
    if (shape === "square") { s.appendChild(svg("rect", { x: 1.5, y: 1.5, width: 11, height: 11, fill: color })); }
    else if (SHAPES[shape]) { s.appendChild(svg("polygon", { points: SHAPES[shape], fill: color })); }
    else { s.appendChild(svg("circle", { cx: 7, cy: 7, r: 6, fill: color })); }
    return s;
  }
  function counts(rows, col) {
    var n = {};
    rows.forEach(function (r) { n[r[col]] = (n[r[col]] || 0) + 1; });
    return n;
  }
  var byClass = counts(data.nodes, 2), byType = counts(data.edges, 2);
  var classList = document.querySelector("#kg-legend ul.kg-classes");
  Object.keys(data.classes).forEach(function (label) {
    var c = data.classes[label], li = el("li");
    li.setAttribute("data-label", label);
    li.appendChild(symbol(c[0], c[1]));
    li.appendChild(el("span", null, c[2]));
    li.appendChild(el("span", "kg-en", c[3]));
    li.appendChild(el("span", "kg-count", byClass[label]));
    classList.appendChild(li);
  });
  var relList = document.querySelector("#kg-legend ul.kg-rels");
  Object.keys(data.rels).forEach(function (type) {
    var r = data.rels[type], li = el("li"), swatch = el("span", "kg-swatch");
    li.setAttribute("data-type", type);
    swatch.style.background = r[0];
    li.appendChild(swatch);
    li.appendChild(el("code", null, type));
    li.appendChild(el("span", null, r[1]));
    li.appendChild(el("span", "kg-count", byType[type]));
    relList.appendChild(li);
  });

  // -- the figures chart: one metric's values by year, each point with its sentences ----------
  var W = 306, H = 180, M = { left: 46, right: 10, top: 20, bottom: 24 };
  function num(v) { return String(Number(v.toPrecision(4))); }
  function ticks(lo, hi) {
    if (lo === hi) { lo = lo > 0 ? 0 : lo - 1; hi = hi > 0 ? hi : hi + 1; }
    var step = Math.pow(10, Math.floor(Math.log10((hi - lo) / 3)));
    [1, 2, 2.5, 5, 10].some(function (m) { if ((hi - lo) / (step * m) <= 4) { step *= m; return true; } return false; });
    var out = [];
    for (var t = Math.floor(lo / step) * step; t <= hi + step * 1e-9; t += step) { out.push(Number(t.toPrecision(10))); }
    if (out[out.length - 1] < hi) { out.push(Number((out[out.length - 1] + step).toPrecision(10))); }
    return out;
  }
  function pointText(series, p) {
    var ev = p[4].map(sentence);
    var head = p[0] + "年 " + p[3] + (p[1] ? "（目标 target）" : "（实际 actual）") + " · " + series[0];
    return { head: head, evidence: ev };
  }
  function pointInfo(series, p) {
    var t = pointText(series, p), box = el("div", "kg-tip");
    box.appendChild(el("div", "kg-tip-name", t.head));
    box.appendChild(el("div", "kg-tip-type", "= " + num(p[2]) + " " + series[1]));
    box.appendChild(el("div", "kg-tip-h", "证据 evidence"));
    box.appendChild(evidence(t.evidence));
    return box;
  }
  function chart(series) {
    var box = document.getElementById("kg-chart");
    while (box.firstChild) { box.removeChild(box.firstChild); }
    var pts = series[4], f = series[2];
    var years = pts.map(function (p) { return p[0]; });
    var y0 = Math.min.apply(null, years), y1 = Math.max.apply(null, years);
    var vals = pts.map(function (p) { return p[2] / f; });
    var yt = ticks(Math.min(0, Math.min.apply(null, vals)), Math.max(0, Math.max.apply(null, vals)));
    var lo = yt[0], hi = yt[yt.length - 1];
    var pw = W - M.left - M.right, ph = H - M.top - M.bottom;
    function x(year) { return M.left + (y1 === y0 ? pw / 2 : pw * (year - y0) / (y1 - y0)); }
    function y(v) { return M.top + ph * (1 - (v - lo) / (hi - lo)); }
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img", "class": "kg-chart-svg" });
    root.appendChild(svg("title", {}, series[0] + " (" + series[3] + ")"));
    root.appendChild(svg("text", { x: 4, y: 12, "class": "kg-axis" }, series[3]));
    yt.forEach(function (t) {
      root.appendChild(svg("line", { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t), "class": "kg-grid" }));
      root.appendChild(svg("text", { x: M.left - 4, y: y(t) + 4, "text-anchor": "end", "class": "kg-axis" }, num(t)));
    });
    var step = Math.max(1, Math.ceil((y1 - y0 + 1) / 6));
    for (var yr = y0; yr <= y1; yr += step) {
      root.appendChild(svg("text", { x: x(yr), y: H - 6, "text-anchor": "middle", "class": "kg-axis" }, yr));
    }
    [0, 1].forEach(function (kind) {
      // one line per kind through each year's best-attested value
      var best = {};
      pts.forEach(function (p) {
        if (p[1] === kind && (!best[p[0]] || p[4].length > best[p[0]][4].length)) { best[p[0]] = p; }
      });
      var line = Object.keys(best).map(Number).sort(function (a, b) { return a - b; })
        .map(function (yr) { return x(yr) + "," + y(best[yr][2] / f); });
      if (line.length > 1) {
        root.appendChild(svg("polyline", { points: line.join(" "), "class": kind ? "kg-line kg-target" : "kg-line" }));
      }
    });
    pts.forEach(function (p) {
      var t = pointText(series, p);
      var c = svg("circle", { cx: x(p[0]), cy: y(p[2] / f), r: 4.5, "class": p[1] ? "kg-pt kg-target" : "kg-pt",
                              "data-year": p[0], tabindex: 0 });
      c.appendChild(svg("title", {}, t.head + "\n" + t.evidence.map(function (e) {
        return e[0] + (e[1] ? " — " + e[1] : "");
      }).join("\n")));
      c.addEventListener("click", function () { show(pointInfo(series, p)); });
      root.appendChild(c);
    });
    box.appendChild(root);
  }
  if (data.figures.length) {
    var select = document.getElementById("kg-metric");
    data.figures.forEach(function (s, i) {
      var years = {};
      s[4].forEach(function (p) { years[p[0]] = true; });
      var n = Object.keys(years).length;
      select.appendChild(el("option", null, s[0] + " (" + s[3] + ") · " + n + (n > 1 ? " years" : " year"))).value = String(i);
    });
    select.addEventListener("change", function () { chart(data.figures[Number(select.value)]); });
    chart(data.figures[0]);
  }
})();
