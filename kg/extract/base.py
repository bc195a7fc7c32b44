"""The raw fact every relation extractor yields, and the lexicon they read."""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span, Token

from kg.extract.context import Ref

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Raw:
    """A fact as an extractor sees it: two resolved (or placeholder) refs and a sentence."""

    subject: Ref
    predicate: str
    object: Ref
    sent: Span
    confidence: float
    extractor: str
    event: str | None = None
    anchor: Token | None = None  # the trigger, used to find the event's date
    place: Ref | None = None
    tense: str = "past"  # "past" or "future": which way relative dates resolve


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, dict[str, list[str]]]:
    """The verb and noun lexicons of kg/data/lexicon.json (comments stripped)."""
    with open(DATA / "lexicon.json", encoding="utf-8") as fh:
        raw = json.load(fh)
    return {k.lstrip("_"): v for k, v in raw.items() if k != "_comment"}


@functools.lru_cache(maxsize=None)
def words(family: str, kind: str) -> frozenset[str]:
    """The lemmas of one lexicon family and kind ("verbs", "nouns", …)."""
    return frozenset(lexicon().get(family, {}).get(kind, []))


def pairs(subjects: list[Ref], objects: list[Ref]) -> list[tuple[Ref, Ref]]:
    """Every (subject, object) pair of distinct entities."""
    return [(s, o) for s in subjects for o in objects if s.key != o.key]
