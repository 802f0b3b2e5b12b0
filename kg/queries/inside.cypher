// inside: everything located in a place ($iri), directly or through places and zones between
// (LOCATED_IN, the division data's included), at most 4 hops.
// Parameters: $iri. Columns: iri, label (of the entity inside).
MATCH (x)-[:LOCATED_IN*1..4]->(p:City|County|Province|Region|Zone {iri: $iri})
RETURN DISTINCT x.iri AS iri
ORDER BY iri
