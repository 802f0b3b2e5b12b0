// evidence: the sentence and file of relationships given by their keys ($aids: aid values),
// through their Assertion and Sentence nodes (for the hops of a path).
// Parameters: $aids. Columns: aid, evidence, doc.
UNWIND $aids AS aid
MATCH (prov:Assertion {iri: aid})
OPTIONAL MATCH (sen:Sentence {iri: prov.sentence})
RETURN aid, coalesce(sen.text, '') AS evidence, coalesce(sen.doc, '') AS doc
