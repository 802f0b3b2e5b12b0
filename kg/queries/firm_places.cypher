// firm_places: where every firm is: its direct locations (direct = 1) and every place above
// them through LOCATED_IN (direct = 0), at most 4 hops.
// Parameters: none. Columns: firm (IRI), place (IRI), name, direct.
MATCH (f:Enterprise)-[:LOCATED_IN]->(p)
RETURN f.iri AS firm, p.iri AS place, p.name AS name, 1 AS direct
UNION
MATCH (f:Enterprise)-[:LOCATED_IN*1..4]->(p)
RETURN f.iri AS firm, p.iri AS place, p.name AS name, 0 AS direct
