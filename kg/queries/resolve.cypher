// resolve: entities of any label whose name or alias matches $name, best first.
// Parameters: $name (what the user typed), $limit (rows).
// Columns: node (the entity: its properties and _label), rank:
//   0 same name (case-insensitive), 1 same alias, 2 name starts with $name,
//   3 name contains $name, 4 $name contains the name (e.g. "河南省郑州市" → 郑州市).
MATCH (n:City|County|Enterprise|Industry|IndustryChain|IndustryCluster|InnovationPlatform|Organization|PolicyDocument|Province|Region|Zone)
WITH n, CASE
    WHEN toLower(n.name) = toLower($name) THEN 0
    WHEN $name IN n.aliases THEN 1
    WHEN toLower(n.name) STARTS WITH toLower($name) THEN 2
    WHEN toLower(n.name) CONTAINS toLower($name) THEN 3
    WHEN size(n.name) >= 2 AND toLower($name) CONTAINS toLower(n.name) THEN 4
    ELSE 9
  END AS rank
WHERE rank < 9
RETURN n AS node, rank
ORDER BY rank, size(n.docs) DESC, size(n.name), n.name, n.iri
LIMIT $limit
