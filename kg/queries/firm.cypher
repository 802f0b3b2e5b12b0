// firm: an Enterprise ($iri): the industries and chains it leads or works in, where it is.
// Parameters: $iri. Columns: section, name, evidence, doc.
MATCH (f:Enterprise {iri: $iri})<-[r:LEADING_ENTERPRISE]-(s)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'leads' AS section, s.name AS name, coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (f:Enterprise {iri: $iri})-[r:IN_INDUSTRY]->(s)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'works in' AS section, s.name AS name, coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (f:Enterprise {iri: $iri})-[r:LOCATED_IN]->(p)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'located in' AS section, p.name AS name, coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (f:Enterprise {iri: $iri})-[r:MENTIONED_IN]->(d:Document)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'mentioned in' AS section, d.name AS name, coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
