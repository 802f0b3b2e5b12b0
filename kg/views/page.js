/* kg views: draws the network in #kg-data with vis-network.
 * Document text (names, aliases, evidence) is only ever put into the page with textContent:
 * tooltips are DOM elements, never HTML strings. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var TIP_EVIDENCE = 3, TIP_CHARS = 160;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clip(s, n) { return n && s.length > n ? s.slice(0, n - 1) + "…" : s; }
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

  data.nodes.forEach(function (n) { n.title = nodeInfo(n, false); });
  data.edges.forEach(function (e) { e.title = edgeInfo(e, false); });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var status = document.getElementById("kg-status");
  var details = document.getElementById("kg-details");
  // read by tests and handy in the console
  window.network = network;
  window.kgView = { nodes: data.nodes.length, edges: data.edges.length, kind: data.kind, stabilized: false };

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
  if (data.nodes.length === 0) { settled(); }

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
})();
