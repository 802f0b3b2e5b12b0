// chain: an Industry, IndustryChain or IndustryCluster ($iri) and what the graph says about it.
// Parameters: $iri. Columns: section, name, located_in, issuer, date, evidence, doc.
// Every row carries the sentence (evidence) and the file (doc) of its relationship, joined by key
// from the relationship's Assertion node (r.aid) and that one's Sentence node (as in every question).
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})-[r:LEADING_ENTERPRISE]->(f:Enterprise)
OPTIONAL MATCH (f)-[:LOCATED_IN]->(p)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'leading firm' AS section, f.name AS name, p.name AS located_in, '' AS issuer, '' AS date,
       coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})<-[r:IN_INDUSTRY]-(f:Enterprise)
OPTIONAL MATCH (f)-[:LOCATED_IN]->(p)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'firm' AS section, f.name AS name, p.name AS located_in, '' AS issuer, '' AS date,
       coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})<-[r:DEVELOPS]-(p)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'developed in' AS section, p.name AS name, '' AS located_in, '' AS issuer, '' AS date,
       coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})<-[r:SUPPORTS]-(pol:PolicyDocument)
OPTIONAL MATCH (pol)-[:ISSUED_BY]->(i)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'policy' AS section, pol.name AS name, '' AS located_in, i.name AS issuer, pol.date AS date,
       coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})-[r:PART_OF]->(w)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'part of' AS section, w.name AS name, '' AS located_in, '' AS issuer, '' AS date,
       coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})<-[r:PART_OF]-(w)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'part' AS section, w.name AS name, '' AS located_in, '' AS issuer, '' AS date,
       coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
UNION ALL
MATCH (s:Industry|IndustryChain|IndustryCluster {iri: $iri})-[r:MENTIONED_IN]->(d:Document)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN 'mentioned in' AS section, d.name AS name, '' AS located_in, '' AS issuer, '' AS date,
       coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
