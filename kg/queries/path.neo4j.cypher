// path (Neo4j): the shortest connection between two entities ($a, $b: IRIs) through the
// graph's relations (documents and observations are not hops), at most 6 hops.
// Parameters: $a, $b. Columns: nodes (list of nodes), rels (list of relationships, in order).
// Ladybug variant: path.ladybug.cypher (`* SHORTEST 1..6` instead of shortestPath()).
MATCH (a {iri: $a})
MATCH (b {iri: $b})
MATCH p = shortestPath((a)-[:DEVELOPS|IN_INDUSTRY|ISSUED_BY|LEADING_ENTERPRISE|LOCATED_IN|PART_OF|SUPPORTS*1..6]-(b))
RETURN nodes(p) AS nodes, relationships(p) AS rels
LIMIT 1
