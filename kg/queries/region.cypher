// region: a place ($iri: a Province, City, County, Region or Zone) and what is in it.
// Parameters: $iri. Columns: section, name, via, evidence, doc. Observations about the place
// are the separate questions `observations` and `observations_within`.
// `via` names the place or zone in between when a fact belongs to something inside the place
// (its counties, its zones, through LOCATED_IN, the division data's included): the rollup.
MATCH (p:City|County|Province|Region|Zone {iri: $iri})-[r:DEVELOPS]->(s)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'develops' AS section, s.name AS name, '' AS via, coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (m)-[:LOCATED_IN*1..3]->(p:City|County|Province|Region|Zone {iri: $iri})
MATCH (m)-[r:DEVELOPS]->(s)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'develops' AS section, s.name AS name, m.name AS via, coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (z:Zone)-[r:LOCATED_IN]->(m)
MATCH (m)-[:LOCATED_IN*0..3]->(p:City|County|Province|Region|Zone {iri: $iri})
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'zone' AS section, z.name AS name, CASE WHEN m.iri = $iri THEN '' ELSE m.name END AS via,
       coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (x:InnovationPlatform)-[r:LOCATED_IN]->(m)
MATCH (m)-[:LOCATED_IN*0..3]->(p:City|County|Province|Region|Zone {iri: $iri})
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'platform' AS section, x.name AS name, CASE WHEN m.iri = $iri THEN '' ELSE m.name END AS via,
       coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (f:Enterprise)-[r:LOCATED_IN]->(m)
MATCH (m)-[:LOCATED_IN*0..3]->(p:City|County|Province|Region|Zone {iri: $iri})
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'firm' AS section, f.name AS name, CASE WHEN m.iri = $iri THEN '' ELSE m.name END AS via,
       coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (x:City|County|Region|Organization|IndustryCluster)-[r:LOCATED_IN]->(p:City|County|Province|Region|Zone {iri: $iri})
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'contains' AS section, x.name AS name, '' AS via, coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (p:City|County|Province|Region|Zone {iri: $iri})-[r:LOCATED_IN]->(x)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'located in' AS section, x.name AS name, '' AS via, coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (pol:PolicyDocument)-[r:SUPPORTS]->(p:City|County|Province|Region|Zone {iri: $iri})
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'policy for it' AS section, pol.name AS name, '' AS via, coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (pol:PolicyDocument)-[r:ISSUED_BY]->(p:City|County|Province|Region|Zone {iri: $iri})
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'policy it issued' AS section, pol.name AS name, '' AS via, coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (p:City|County|Province|Region|Zone {iri: $iri})-[r:MENTIONED_IN]->(d:Document)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'mentioned in' AS section, d.name AS name, '' AS via, coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
