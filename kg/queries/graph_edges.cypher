// graph_edges: every relationship with its endpoints and its provenance, for networkx and the
// exports. Parameters: none. Columns: src, dst (IRIs), rel (properties and _type), prov (its
// Assertion node: rule, confidence, start, end), evidence, doc (its sentence and file).
MATCH (a)-[r]->(b)
OPTIONAL MATCH (prov:Assertion {iri: r.aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN a.iri AS src, b.iri AS dst, r AS rel, prov, coalesce(sen.text, '') AS evidence,
       coalesce(sen.doc, '') AS doc
ORDER BY src, dst, r.aid
