// path_via_docs (Neo4j): like `path`, but a shared document (MENTIONED_IN) or observation
// (ABOUT) may be a hop: the fallback when two entities are connected by no relation.
// Parameters: $a, $b, $limit (paths). One row per shortest path (ties: all of them, up to
// $limit; the caller picks one by a stable key, so both engines give the same path).
// Columns: nodes, rels. Ladybug variant: path_via_docs.ladybug.cypher.
MATCH (a {iri: $a})
MATCH (b {iri: $b})
MATCH p = allShortestPaths((a)-[*1..6]-(b))
RETURN nodes(p) AS nodes, relationships(p) AS rels
LIMIT $limit
