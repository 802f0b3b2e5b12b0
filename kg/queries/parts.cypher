// parts: the segments of a chain, industry or cluster ($iri): what is PART_OF it, recursively
// (at most 3 levels). Parameters: $iri. Columns: iri, name.
MATCH (s)-[:PART_OF*1..3]->(c:Industry|IndustryChain|IndustryCluster {iri: $iri})
RETURN DISTINCT s.iri AS iri, s.name AS name
ORDER BY name, iri
