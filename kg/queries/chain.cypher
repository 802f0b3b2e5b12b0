// chain: an Industry, IndustryChain or IndustryCluster ($iri) and what the graph says about it.
// Parameters: $iri. Columns: section, name, located_in, issuer, date, evidence, doc.
// Every row carries the sentence (evidence) and the file (doc) of its relationship.
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})-[r:LEADING_ENTERPRISE]->(f:Enterprise)
OPTIONAL MATCH (f)-[:LOCATED_IN]->(p)
RETURN 'leading firm' AS section, f.name AS name, p.name AS located_in, '' AS issuer, '' AS date,
       r.evidence AS evidence, r.doc AS doc
UNION ALL
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})<-[r:IN_INDUSTRY]-(f:Enterprise)
OPTIONAL MATCH (f)-[:LOCATED_IN]->(p)
RETURN 'firm' AS section, f.name AS name, p.name AS located_in, '' AS issuer, '' AS date,
       r.evidence AS evidence, r.doc AS doc
UNION ALL
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})<-[r:DEVELOPS]-(p)
RETURN 'developed in' AS section, p.name AS name, '' AS located_in, '' AS issuer, '' AS date,
       r.evidence AS evidence, r.doc AS doc
UNION ALL
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})<-[r:SUPPORTS]-(pol:PolicyDocument)
OPTIONAL MATCH (pol)-[:ISSUED_BY]->(i)
RETURN 'policy' AS section, pol.name AS name, '' AS located_in, i.name AS issuer, pol.date AS date,
       r.evidence AS evidence, r.doc AS doc
UNION ALL
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})-[r:PART_OF]->(w)
RETURN 'part of' AS section, w.name AS name, '' AS located_in, '' AS issuer, '' AS date,
       r.evidence AS evidence, r.doc AS doc
UNION ALL
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})<-[r:PART_OF]-(w)
RETURN 'part' AS section, w.name AS name, '' AS located_in, '' AS issuer, '' AS date,
       r.evidence AS evidence, r.doc AS doc
UNION ALL
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})-[r:MENTIONED_IN]->(d:Document)
RETURN 'mentioned in' AS section, d.name AS name, '' AS located_in, '' AS issuer, '' AS date,
       r.evidence AS evidence, r.doc AS doc
