// path_via_docs (Neo4j): like `path`, but a shared document (MENTIONED_IN) or observation
// (ABOUT) may be a hop: the fallback when two entities are connected by no relation.
// Parameters: $a, $b. Columns: nodes, rels. Ladybug variant: path_via_docs.ladybug.cypher.
MATCH (a {iri: $a})
MATCH (b {iri: $b})
MATCH p = shortestPath((a)-[*1..6]-(b))
RETURN nodes(p) AS nodes, relationships(p) AS rels
LIMIT 1
