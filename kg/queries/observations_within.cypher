// observations_within: the figures reported about the places and zones inside a place ($iri),
// through LOCATED_IN (the division data's included), for the region rollup.
// Parameters: $iri. Columns: via (the place inside), metric, value, value_text, unit, year, kind,
// evidence, doc.
MATCH (m)-[:LOCATED_IN*1..3]->(p:City|County|Province|Region|Zone {iri: $iri})
MATCH (o:Observation)-[:ABOUT]->(m)
RETURN DISTINCT m.name AS via, o.metric AS metric, o.value AS value, o.value_text AS value_text,
       o.unit AS unit, o.year AS year, o.kind AS kind, o.evidence AS evidence, o.doc AS doc
ORDER BY via, year, metric, value, evidence
