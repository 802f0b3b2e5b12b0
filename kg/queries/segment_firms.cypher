// segment_firms: the firms the documents tie to a sector ($iri): its leading enterprises and the
// firms in it. Parameters: $iri. Columns: role, iri, name, evidence, doc.
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})-[r:LEADING_ENTERPRISE]->(f:Enterprise)
RETURN 'leading' AS role, f.iri AS iri, f.name AS name, r.evidence AS evidence, r.doc AS doc
UNION ALL
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})<-[r:IN_INDUSTRY]-(f:Enterprise)
RETURN 'in it' AS role, f.iri AS iri, f.name AS name, r.evidence AS evidence, r.doc AS doc
