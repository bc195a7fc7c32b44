"""The graph of a corpus as plain sets of triples of N-Triples texts (what `kg build` writes).

kg.graph's GraphBuilder, writing into these instead of an rdflib Dataset: no store
indexes, and strings that hash and compare in C, so a million triples assemble in a
fraction of the time and memory; kg.export writes the same bytes from either.
"""
from __future__ import annotations

from collections.abc import Iterator

from kg.graph import GraphBuilder
from kg.types import Corpus


class _Triples(dict):
    """An insertion-ordered set of triples that answers `.identifier` like an rdflib Graph.

    The triples are made of N-Triples texts (plain strings, hashed and compared in C);
    `terms` maps each text back to its rdflib term (for kg.export and rdflib_graph).
    """

    add = dict.setdefault  # add(triple): keep the first insertion, in C

    def __init__(self, identifier, terms: dict) -> None:
        super().__init__()
        self.identifier = identifier
        self.terms = terms


class TripleDataset:
    """The default graph and named graphs as plain sets of triples of N-Triples texts.

    Enough of rdflib's Dataset for kg.graph.GraphBuilder and kg.export's canonical
    writers, without a store's indexes or rdflib's Python-level term hashing: assembling a
    million triples takes a fraction of the time and memory, and the Turtle, TriG and
    N-Triples bytes are the same.
    """

    def __init__(self) -> None:
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        self.terms: dict[str, object] = {}  # N-Triples text -> rdflib term
        self.default_graph = _Triples(DATASET_DEFAULT_GRAPH_ID, self.terms)
        self.named: dict = {}

    @property
    def default_context(self) -> _Triples:  # rdflib's older name
        return self.default_graph

    def graph(self, identifier) -> _Triples:
        found = self.named.get(identifier)
        if found is None:
            found = self.named[identifier] = _Triples(identifier, self.terms)
        return found

    def graphs(self) -> Iterator[_Triples]:
        yield self.default_graph
        yield from self.named.values()

    def rdflib_graph(self):
        """The merged statements as an rdflib Graph (for JSON-LD and the HTML view)."""
        from rdflib import Graph

        graph, terms = Graph(), self.terms
        for s, p, o in self.default_graph:
            graph.add((terms[s], terms[p], terms[o]))
        return graph


class _TripleBuilder(GraphBuilder):
    """kg.graph.GraphBuilder writing N-Triples texts into a TripleDataset, each IRI made once.

    Each term object is turned into text once (kg.graph makes each IRI, and each recent
    literal value, once).
    """

    def __init__(self, base_iri: str) -> None:
        from kg.export import TermWriter

        super().__init__(base_iri)
        self.dataset = TripleDataset()
        self.default = self.dataset.default_graph
        self.iris: dict[tuple[str, str], object] = {}
        self._format = TermWriter(None).format_term
        self._texts: dict[int, tuple] = {}  # id(term) -> (term, text); the term keeps its id taken
        self._graphs: dict[str, _Triples] = {}  # article id -> its named graph

    def _memo(self, kind: str, key: str, make):
        iri = self.iris.get((kind, key))
        if iri is None:
            iri = self.iris[(kind, key)] = make(key)
        return iri

    def article_iri(self, article_id: str):
        return self._memo("article", article_id, super().article_iri)

    def entity_iri(self, entity_id: str):
        return self._memo("entity", entity_id, super().entity_iri)

    def named(self, article_id: str):
        return self._memo("graph", article_id, super().named)

    def _text(self, term) -> str:
        found = self._texts.get(id(term))
        if found is None:
            text = self._format(term)
            self.dataset.terms.setdefault(text, term)
            found = self._texts[id(term)] = (term, text)
        return found[1]

    def add(self, triple: tuple, *article_ids: str) -> None:
        # The hot loop of assembly (a third of a million calls per 1,000 articles): inlined lookups.
        s, p, o = triple
        get = self._texts.get
        found_s, found_p, found_o = get(id(s)), get(id(p)), get(id(o))
        text = (found_s[1] if found_s else self._text(s), found_p[1] if found_p else self._text(p),
                found_o[1] if found_o else self._text(o))
        self.default.add(text)
        for a in article_ids:
            graph = self._graphs.get(a)
            if graph is None:
                graph = self._graphs[a] = self.named(a)
            graph.add(text)


def assemble(corpus: Corpus, *, base_iri: str) -> TripleDataset:
    """The triples kg.graph.build_dataset would put in an rdflib Dataset, in a TripleDataset."""
    builder = _TripleBuilder(base_iri)
    builder.add_corpus(corpus)
    return builder.dataset
