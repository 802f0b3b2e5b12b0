// entities: every entity with the number of facts (relationships read from a sentence) it takes
// part in and of observations about it: what the name search ranks and `kg list` counts.
// Parameters: none. Columns: node (properties and _label), facts, figures.
MATCH (n:City|County|Enterprise|Industry|IndustryChain|IndustryCluster|InnovationPlatform|Organization|PolicyDocument|Province|Region|Zone)
OPTIONAL MATCH (n)-[r:DEVELOPS|IN_INDUSTRY|ISSUED_BY|LEADING_ENTERPRISE|LOCATED_IN|PART_OF|SUPPORTS]-()
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
WITH n, count(CASE WHEN prov.sentence <> '' THEN 1 END) AS facts
OPTIONAL MATCH (o:Observation)-[:ABOUT]->(n)
RETURN n AS node, facts, count(o) AS figures
ORDER BY n.iri
