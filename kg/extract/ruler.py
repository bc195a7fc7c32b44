"""A pipeline component that types gazetteer names (countries, places, organizations).

It runs after the statistical NER and corrects it: "Uzbekistan" tagged NORP becomes a
GPE, "the Kremlin" tagged FAC becomes an ORG. A gazetteer match never breaks up a PERSON
span that contains it ("Jordan Peterson"), but replaces any other overlapping entity.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg import gazetteer

LABELS = {"Country": "GPE", "City": "GPE", "Organization": "ORG"}


def _surfaces(name: str) -> Iterator[str]:
    """The written forms of one gazetteer name or alias worth matching (exact case)."""
    yield name
    if name.lower().startswith("the "):
        yield name[4:]


@Language.factory("newskg_gazetteer")
def make_gazetteer_ruler(nlp: Language, name: str) -> "GazetteerRuler":
    return GazetteerRuler(nlp)


class GazetteerRuler:
    """Match every gazetteer name/alias (exact case) and merge the matches into doc.ents."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        gaz = gazetteer.load()
        by_label: dict[str, set[str]] = {}
        for entry in gaz.entries():
            label = LABELS.get(entry.cls, "GPE")
            for surface in (entry.name, *entry.aliases):
                if len(surface) <= 2 and entry.kind == "platform":
                    continue  # "X" is matched only in context ("on X"), by the mention collector
                by_label.setdefault(label, set()).update(_surfaces(surface))
        for label, surfaces in sorted(by_label.items()):
            self.matcher.add(label, [nlp.make_doc(s) for s in sorted(surfaces)])

    def __call__(self, doc: Doc) -> Doc:
        matches = [Span(doc, s, e, label=m) for m, s, e in self.matcher(doc)]
        matches = filter_spans(matches)
        kept: list[Span] = []
        taken: set[int] = set()
        for ent in doc.ents:
            overlapping = [m for m in matches if m.start < ent.end and ent.start < m.end]
            inside = all(ent.start <= m.start and m.end <= ent.end for m in overlapping)
            longer = all(len(ent) > len(m) for m in overlapping)
            # A longer name may contain a gazetteer word ("Jordan Peterson", "Shanghai
            # University", "Sputnik Television"): keep it, unless it joins two names.
            keep_longer = (ent.label_ in {"PERSON", "ORG", "FAC"} and inside and longer
                           and len(overlapping) == 1 and "\n" not in ent.text)
            if not overlapping or keep_longer:
                kept.append(ent)
                taken.update(range(ent.start, ent.end))
        for m in matches:
            if not taken.intersection(range(m.start, m.end)):
                kept.append(m)
                taken.update(range(m.start, m.end))
        doc.ents = sorted(kept, key=lambda s: s.start)
        return doc
