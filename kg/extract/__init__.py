"""Extractors: generators over a spaCy Doc yielding entity and relation mentions."""
