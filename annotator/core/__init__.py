"""Pure-Python domain layer: model, offsets, Arabic text, formats, metrics (no Qt, no SQL)."""
