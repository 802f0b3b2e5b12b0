// graph_edges: every relationship with its endpoints, for networkx and the exports.
// Parameters: none. Columns: src, dst (IRIs), rel (properties and _type).
MATCH (a)-[r]->(b)
RETURN a.iri AS src, b.iri AS dst, r AS rel
ORDER BY src, dst, r.aid
