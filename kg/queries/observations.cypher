// observations: the figures reported about an entity ($iri, any label), by year.
// Parameters: $iri. Columns: metric, value, value_text, unit, year, kind, evidence, doc.
MATCH (o:Observation)-[:ABOUT]->(e {iri: $iri})
RETURN o.metric AS metric, o.value AS value, o.value_text AS value_text, o.unit AS unit,
       o.year AS year, o.kind AS kind, o.evidence AS evidence, o.doc AS doc
ORDER BY year, metric, value, evidence
