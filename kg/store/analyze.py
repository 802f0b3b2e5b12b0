"""Graph analytics on the property graph with networkx: centrality and communities.

- :func:`to_networkx` — the whole property graph (entities, documents, observations) as a
  ``MultiDiGraph``: nodes keyed by IRI with ``label``, ``name`` and their other properties; one
  edge per relationship, keyed by its assertion ``aid``, with ``type``, ``evidence``, ``doc``, …;
- :func:`entity_graph` — the entities and the relations between them only (documents and
  observations left out, or every entity would be two hops from every other), as an undirected
  weighted ``Graph`` (weight = number of assertions between the two);
- :func:`analyze` — degree, betweenness and PageRank centrality of firms, places and chains and
  communities (Louvain, seeded; greedy modularity where Louvain is missing), deterministic.

Example::

    from kg.store.analyze import analyze, to_networkx
    from kg.store.ladybug import connect
    with connect("out") as db:
        result = analyze(to_networkx(db), top=5)
    result["centrality"]["places"][0]   # {'name': '河南省', 'label': 'Province', 'degree': ...}
"""

from __future__ import annotations

from typing import Any

from kg.queries import runner
from kg.queries.runner import Backend

GROUPS = {
    "firms": ("Enterprise",),
    "places": ("Province", "City", "County", "Region", "Zone"),
    "chains": ("IndustryChain", "IndustryCluster", "Industry"),
}
NOT_ENTITIES = ("Document", "Observation")
NOT_RELATIONS = ("MENTIONED_IN", "ABOUT")


def to_networkx(backend: Backend):
    """The property graph of ``backend`` as a ``networkx.MultiDiGraph`` (sorted, deterministic)."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for row in runner.run(backend, "graph_nodes"):
        node = row["node"]
        attrs = {k: v for k, v in node.items() if not k.startswith("_") and k != "iri"}
        attrs["label"] = node.get("_label", "")
        attrs.setdefault("name", node.get("metric", ""))
        g.add_node(node["iri"], **attrs)
    for row in runner.run(backend, "graph_edges"):
        rel = row["rel"]
        attrs = {k: v for k, v in rel.items() if not k.startswith("_")}
        attrs.update({k: v for k, v in (row.get("prov") or {}).items()
                      if not k.startswith("_") and k not in ("iri", "sentence")})
        attrs.update(evidence=row.get("evidence", ""), doc=row.get("doc", ""))
        attrs["type"] = rel.get("_type", "")
        g.add_edge(row["src"], row["dst"], key=rel.get("aid") or None, **attrs)
    return g


def entity_graph(g):
    """Entities and their relations as an undirected ``networkx.Graph`` weighted by assertions."""
    import networkx as nx

    h = nx.Graph()
    h.add_nodes_from((n, d) for n, d in g.nodes(data=True) if d.get("label") not in NOT_ENTITIES)
    for u, v, d in g.edges(data=True):
        if d.get("type") in NOT_RELATIONS or u not in h or v not in h or u == v:
            continue
        if h.has_edge(u, v):
            h[u][v]["weight"] += 1
        else:
            h.add_edge(u, v, weight=1)
    return h


def _communities(h, seed: int) -> list[set]:
    import networkx as nx

    louvain = getattr(nx.community, "louvain_communities", None)
    if louvain is not None:
        return louvain(h, weight="weight", seed=seed)
    return list(nx.community.greedy_modularity_communities(h, weight="weight"))


def pagerank(g, alpha: float = 0.85, tol: float = 1.0e-10, max_iter: int = 200) -> dict:
    """Weighted PageRank of a ``networkx.DiGraph`` by power iteration (pure Python: networkx's
    own needs scipy, which kg does not depend on). Dangling nodes spread their rank evenly."""
    nodes = list(g)
    n = len(nodes)
    if not n:
        return {}
    out_w = {u: sum(d.get("weight", 1) for _, _, d in g.out_edges(u, data=True)) for u in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in nodes if not out_w[u]) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u, v, d in g.edges(data=True):
            new[v] += alpha * rank[u] * d.get("weight", 1) / out_w[u]
        err = sum(abs(new[u] - rank[u]) for u in nodes)
        rank = new
        if err < n * tol:
            break
    return rank


def analyze(g, top: int = 10, seed: int = 42, min_community: int = 3) -> dict[str, Any]:
    """Centrality of firms, places and chains and the communities of the entity graph.

    ``g`` is :func:`to_networkx`'s graph. Degree centrality and betweenness (exact up to 2,000
    nodes, else sampled with ``seed``) are computed on the undirected entity graph, PageRank on
    its directed form. Returns ``{"summary": {...}, "centrality": {group: [row, ...]},
    "communities": [row, ...]}``, rows sorted by PageRank (then name) and by size.
    """
    import networkx as nx

    h = entity_graph(g)
    directed = nx.DiGraph()
    directed.add_nodes_from(h.nodes)
    for u, v, d in g.edges(data=True):
        if u in h and v in h and d.get("type") not in NOT_RELATIONS and u != v:
            w = directed[u][v]["weight"] + 1 if directed.has_edge(u, v) else 1
            directed.add_edge(u, v, weight=w)
    degree = nx.degree_centrality(h) if len(h) > 1 else dict.fromkeys(h, 0.0)
    k = None if len(h) <= 2000 else 500
    between = nx.betweenness_centrality(h, k=k, seed=seed) if len(h) > 2 else dict.fromkeys(h, 0.0)
    rank = pagerank(directed)

    def row(n: str) -> dict:
        d = h.nodes[n]
        return {"name": d.get("name", ""), "label": d.get("label", ""), "links": h.degree(n),
                "degree": round(degree.get(n, 0.0), 4), "betweenness": round(between.get(n, 0.0), 4),
                "pagerank": round(rank.get(n, 0.0), 4), "iri": n}

    centrality = {}
    for group, labels in GROUPS.items():
        rows = [row(n) for n, d in h.nodes(data=True) if d.get("label") in labels and h.degree(n) > 0]
        rows.sort(key=lambda r: (-r["pagerank"], -r["betweenness"], -r["links"], r["name"], r["iri"]))
        centrality[group] = rows[:top] if top else rows
    connected = h.subgraph([n for n in h if h.degree(n) > 0]).copy()
    found = _communities(connected, seed) if len(connected) else []
    communities = []
    for members in found:
        if len(members) < min_community:
            continue
        ranked = sorted(members, key=lambda n: (-connected.degree(n, weight="weight"), h.nodes[n].get("name", ""), n))
        labels: dict[str, int] = {}
        for n in members:
            lbl = h.nodes[n].get("label", "")
            labels[lbl] = labels.get(lbl, 0) + 1
        communities.append({
            "size": len(members),
            "labels": ", ".join(f"{k} {v}" for k, v in sorted(labels.items(), key=lambda kv: (-kv[1], kv[0]))),
            "members": ", ".join(h.nodes[n].get("name", "") for n in ranked[:8]),
            "hub": h.nodes[ranked[0]].get("name", ""),
        })
    communities.sort(key=lambda c: (-c["size"], c["hub"], c["members"]))
    sizable = len(communities)
    for i, c in enumerate(communities, 1):
        c["community"] = i
    if top:
        communities = communities[:top]
    return {
        "summary": {"entities": h.number_of_nodes(), "relations": h.number_of_edges(),
                    "connected_entities": connected.number_of_nodes(),
                    "communities": len(found), "communities_min_size": sizable, "algorithm": "louvain" if hasattr(nx.community, "louvain_communities")
                    else "greedy_modularity", "seed": seed},
        "centrality": centrality,
        "communities": communities,
    }
