// policy: a PolicyDocument ($iri): who issued it, what it supports, where it is cited.
// Parameters: $iri. Columns: section, name, date, doc_type, evidence, doc.
MATCH (pol:PolicyDocument {iri: $iri})-[r:ISSUED_BY]->(i)
RETURN 'issued by' AS section, i.name AS name, pol.date AS date, pol.doc_type AS doc_type,
       r.evidence AS evidence, r.doc AS doc
UNION ALL
MATCH (pol:PolicyDocument {iri: $iri})-[r:SUPPORTS]->(t)
RETURN 'supports' AS section, t.name AS name, pol.date AS date, pol.doc_type AS doc_type,
       r.evidence AS evidence, r.doc AS doc
UNION ALL
MATCH (pol:PolicyDocument {iri: $iri})-[r:MENTIONED_IN]->(d:Document)
RETURN 'cited in' AS section, d.name AS name, pol.date AS date, pol.doc_type AS doc_type,
       r.evidence AS evidence, r.doc AS doc
