// firm: an Enterprise ($iri): the industries and chains it leads or works in, where it is.
// Parameters: $iri. Columns: section, name, evidence, doc.
MATCH (f:Enterprise {iri: $iri})<-[r:LEADING_ENTERPRISE]-(s)
RETURN 'leads' AS section, s.name AS name, r.evidence AS evidence, r.doc AS doc
UNION ALL
MATCH (f:Enterprise {iri: $iri})-[r:IN_INDUSTRY]->(s)
RETURN 'works in' AS section, s.name AS name, r.evidence AS evidence, r.doc AS doc
UNION ALL
MATCH (f:Enterprise {iri: $iri})-[r:LOCATED_IN]->(p)
RETURN 'located in' AS section, p.name AS name, r.evidence AS evidence, r.doc AS doc
UNION ALL
MATCH (f:Enterprise {iri: $iri})-[r:MENTIONED_IN]->(d:Document)
RETURN 'mentioned in' AS section, d.name AS name, r.evidence AS evidence, r.doc AS doc
