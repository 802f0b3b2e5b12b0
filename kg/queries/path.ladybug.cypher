// path (Ladybug): the shortest connection between two entities ($a, $b: IRIs) through the
// graph's relations (documents and observations are not hops), at most 6 hops.
// Parameters: $a, $b, $limit (paths). One row per shortest path (ties: all of them, up to
// $limit; the caller picks one by a stable key, so both engines give the same path).
// Columns: nodes (list of nodes), rels (list of relationships, in order).
// Neo4j variant: path.neo4j.cypher (allShortestPaths() instead of `* ALL SHORTEST`).
MATCH (a {iri: $a})
MATCH (b {iri: $b})
MATCH p = (a)-[:DEVELOPS|IN_INDUSTRY|ISSUED_BY|LEADING_ENTERPRISE|LOCATED_IN|PART_OF|SUPPORTS* ALL SHORTEST 1..6]-(b)
RETURN nodes(p) AS nodes, relationships(p) AS rels
LIMIT $limit
