// graph_nodes: every node of the property graph (entities, documents, observations; not the
// provenance records, Assertion and Sentence), for networkx and the exports.
// Parameters: none. Columns: node (properties and _label).
MATCH (n:City|County|Enterprise|Industry|IndustryChain|IndustryCluster|InnovationPlatform|Organization|PolicyDocument|Province|Region|Zone|Document|Observation)
RETURN n AS node
ORDER BY n.iri
