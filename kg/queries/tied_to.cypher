// tied_to: the entities a set of places ($iris) develops, or that support them or are issued by
// them (policies): what `kg list --in PLACE` counts as the place's beside what lies in it.
// Parameters: $iris (list of IRIs). Columns: iri.
MATCH (m)-[:DEVELOPS]->(x)
WHERE m.iri IN $iris
RETURN DISTINCT x.iri AS iri
UNION
MATCH (x:PolicyDocument)-[:SUPPORTS|ISSUED_BY]->(m)
WHERE m.iri IN $iris
RETURN DISTINCT x.iri AS iri
