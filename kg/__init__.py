"""kg: Chinese industrial-policy documents to a knowledge graph."""

__version__ = "0.1.0"
