// graph_nodes: every node of the property graph (entities, documents, observations), for
// networkx and the exports. Parameters: none. Columns: node (properties and _label).
MATCH (n)
RETURN n AS node
ORDER BY n.iri
