"""Bundled data files (label schemas, sample articles, translations, icons)."""
