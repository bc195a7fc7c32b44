"""Engine-neutral comparison of SPARQL answers: rows as sorted tuples of normalised terms."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from kg.results import NUMERIC, QueryResult, Term


def norm_term(term: Term | None) -> tuple | None:
    """A comparable form: numbers by value, xsd:string the same as a plain literal."""
    if term is None:
        return None
    if term.kind == "literal" and term.datatype in NUMERIC:
        try:
            return ("number", Decimal(term.value).normalize())
        except InvalidOperation:
            pass
    if term.kind == "literal":
        return ("literal", term.value, term.datatype or "", term.lang or "")
    return (term.kind, term.value)


def answer_set(result: QueryResult) -> list:
    """The rows of a SELECT (or triples of a CONSTRUCT) as a sorted list; [bool] for ASK."""
    if result.kind == "ask":
        return [result.boolean]
    return sorted((tuple(norm_term(t) for t in row) for row in result.terms), key=repr)


def describe_difference(a: list, b: list, names: tuple[str, str] = ("left", "right"), most: int = 10) -> str:
    """Rows only in one answer or the other, for an assertion message."""
    only_a = [r for r in a if r not in b]
    only_b = [r for r in b if r not in a]
    lines = [f"{len(a)} rows from {names[0]}, {len(b)} from {names[1]}"]
    lines += [f"  only in {names[0]}: {r}" for r in only_a[:most]]
    lines += [f"  only in {names[1]}: {r}" for r in only_b[:most]]
    return "\n".join(lines)
