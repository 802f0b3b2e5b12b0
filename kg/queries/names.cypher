// names: every entity with its names (for "did you mean" suggestions when `resolve` finds
// nothing close). Parameters: none. Columns: node (properties and _label).
MATCH (n:City|County|Enterprise|Industry|IndustryChain|IndustryCluster|InnovationPlatform|Organization|PolicyDocument|Province|Region|Zone)
RETURN n AS node
ORDER BY n.iri
