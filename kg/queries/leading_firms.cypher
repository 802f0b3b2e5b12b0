// leading_firms: the firms some industry, chain or cluster names as its leading enterprise.
// Parameters: none. Columns: iri.
MATCH (:Industry|IndustryChain|IndustryCluster)-[:LEADING_ENTERPRISE]->(f:Enterprise)
RETURN DISTINCT f.iri AS iri
ORDER BY iri
