// path_via_docs (Ladybug): like `path`, but a shared document (MENTIONED_IN) or observation
// (ABOUT) may be a hop: the fallback when two entities are connected by no relation.
// Parameters: $a, $b, $limit (paths). One row per shortest path (ties: all of them, up to
// $limit; the caller picks one by a stable key, so both engines give the same path).
// Columns: nodes, rels. Neo4j variant: path_via_docs.neo4j.cypher.
MATCH (a {iri: $a})
MATCH (b {iri: $b})
MATCH p = (a)-[* ALL SHORTEST 1..6]-(b)
RETURN nodes(p) AS nodes, relationships(p) AS rels
LIMIT $limit
