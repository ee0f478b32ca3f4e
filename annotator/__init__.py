"""annotator: annotate Arabic news articles for NLP training data."""

__version__ = "0.1.0"
