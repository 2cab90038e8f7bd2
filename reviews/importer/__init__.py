"""The seed importer: plain-text film documents to a natural-key fixture.

read (`documents`) → extract per document (`extract`, using `people`,
`places`, `ratings`, `titles`, `assess`) → resolve across documents
(`resolve`) → write records (`fixture`, `mentions`) → optionally load them
into the database without overwriting editors' changes (`load`).
`pipeline.import_documents` runs it all.
"""
