"""newskg: build a provenance-rich RDF knowledge graph from English news articles."""

__version__ = "0.1.0"
EXTRACTOR_VERSION = "1"
