// path_via_docs (Ladybug): like `path`, but a shared document (MENTIONED_IN) or observation
// (ABOUT) may be a hop: the fallback when two entities are connected by no relation.
// Parameters: $a, $b. Columns: nodes, rels. Neo4j variant: path_via_docs.neo4j.cypher.
MATCH (a {iri: $a})
MATCH (b {iri: $b})
MATCH p = (a)-[* SHORTEST 1..6]-(b)
RETURN nodes(p) AS nodes, relationships(p) AS rels
LIMIT 1
