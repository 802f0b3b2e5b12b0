// segment_firms: the firms the documents tie to a sector ($iri): its leading enterprises and the
// firms in it. Parameters: $iri. Columns: role, iri, name, evidence, doc.
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})-[r:LEADING_ENTERPRISE]->(f:Enterprise)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'leading' AS role, f.iri AS iri, f.name AS name, coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})<-[r:IN_INDUSTRY]-(f:Enterprise)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'in it' AS role, f.iri AS iri, f.name AS name, coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
