"""Import and export formats (pure Python): native JSONL, Prodigy/spaCy, doccano, plain text."""
