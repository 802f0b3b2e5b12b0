// policy: a PolicyDocument ($iri): who issued it, what it supports, where it is cited.
// Parameters: $iri. Columns: section, name, date, doc_type, evidence, doc.
MATCH (pol:PolicyDocument {iri: $iri})-[r:ISSUED_BY]->(i)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'issued by' AS section, i.name AS name, pol.date AS date, pol.doc_type AS doc_type,
       coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (pol:PolicyDocument {iri: $iri})-[r:SUPPORTS]->(t)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'supports' AS section, t.name AS name, pol.date AS date, pol.doc_type AS doc_type,
       coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (pol:PolicyDocument {iri: $iri})-[r:MENTIONED_IN]->(d:Document)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'cited in' AS section, d.name AS name, pol.date AS date, pol.doc_type AS doc_type,
       coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
