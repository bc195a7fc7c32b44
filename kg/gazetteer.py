"""World knowledge for typing and normalising names: countries, places, organisations, titles.

The knowledge lives in `kg/data/*.csv` (see each file's header for its source); this module
only reads it and answers look-ups:

- `lookup("U.S.")` → the United States entry: names and aliases are compared after `fold`
  (case, accents, dots, a leading "the", a possessive "'s" and spacing do not matter);
- `demonym("Kazakhs")` → Kazakhstan; `title("former Prime Minister")` → prime minister.

Case still matters for short or ambiguous aliases, because news text is full of words that
look like names once lowercased: an alias of three characters or fewer ("US", "WHO", "X"),
or one marked with a leading "=" in the data ("=Turkey", "=Dawn"), matches only with its
exact case, so the pronoun "us" is not the United States and "dawn" is not the newspaper.
A name written with a capital "The " ("The Hindu", "The Hague") keeps its article.
When one surface names several entries, countries win over places and places over
organisations (so "Georgia" is the country, "Washington" the capital city).
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.errors import KgError
from kg.types import CITY, COUNTRY, ORGANIZATION

# Lower-case words inside personal names ("Ursula von der Leyen", "Mohammed bin Salman").
NAME_PARTICLES = frozenset({"bin", "al", "el", "van", "von", "de", "da", "di", "du", "la", "le", "der", "ibn", "bint", "al-"})

DATA_DIR = Path(__file__).resolve().parent / "data"

ROLES = ("leader", "representative", "affiliated", "relative")
SCOPES = ("country", "org", "person", "any")
PLACE_KINDS = ("capital", "city", "region")

# Columns each file must have; extra columns are ignored.
_COLUMNS = {
    "countries.csv": ("name", "aliases", "demonyms", "capital", "iso2", "wikidata"),
    "places.csv": ("name", "aliases", "kind", "country", "wikidata"),
    "organizations.csv": ("name", "aliases", "kind", "country", "wikidata"),
    "titles.csv": ("phrase", "role", "scope"),
}
_EXACT_MARK = "="
_SHORT = 3  # aliases this long or shorter (after folding) match only with their exact case

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "ʻ": "'", "`": "'", "´": "'"})
_DASHES = re.compile(r"[-‐‑‒–—]")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")
_EDGE_PUNCT = " \t\n,;:!?\"“”()[]'"
_SPACES = re.compile(r"\s+")
_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
_WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")

# Words in front of a title that do not change the office ("the former prime minister").
_TITLE_PREFIXES = re.compile(
    r"^(?:the|a|an|former|acting|interim|outgoing|incoming|late|then|ex)\b[\s-]*"
)
# British → American spellings, so both spellings of a title find the same row.
_SPELLINGS = {"defence": "defense", "advisor": "adviser", "counsellor": "counselor",
              "labour": "labor", "organisation": "organization"}


@dataclass(frozen=True)
class GazEntry:
    """One country, place or organisation of the gazetteer."""

    name: str  # canonical name
    cls: str  # "Country" | "City" | "Organization" (regions count as "City")
    kind: str  # "country" | "capital" | "city" | "region" | "intergovernmental" | ...
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...] = ()
    country: str | None = None  # places and national bodies: the country's canonical name
    capital: str | None = None  # countries: the capital's canonical name
    wikidata: str | None = None  # "Q159"


@dataclass(frozen=True)
class TitleEntry:
    """A title or role noun: what holding it says about a person."""

    phrase: str  # lowercase
    role: str  # one of ROLES
    scope: str  # one of SCOPES


def _normalise(text: str, *, keep_the: bool, keep_case: bool) -> str:
    """Fold `text` as `fold` does, optionally keeping a leading "the" and the case."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _POSSESSIVE.sub("", text.replace(".", ""))
    text = _DASHES.sub(" ", text).replace(",", " ")
    text = _SPACES.sub(" ", text).strip(_EDGE_PUNCT)
    if not keep_the:
        text = _ARTICLE.sub("", text)
    return text if keep_case else text.casefold()


def fold(text: str) -> str:
    """Return the comparison key of a name: "the U.S.’s" → "us", "Türkiye" → "turkiye".

    Lowercased, accents stripped, dots and a possessive "'s" removed, hyphens and commas
    made spaces, a leading "the" dropped, whitespace collapsed.
    """
    return _normalise(text, keep_the=False, keep_case=False)


def _title_key(phrase: str) -> str:
    """Return the key titles are compared by: lowercase, one spelling, hyphens as spaces."""
    text = _SPACES.sub(" ", phrase.translate(_QUOTES).casefold()).strip(_EDGE_PUNCT + ".")
    while (stripped := _TITLE_PREFIXES.sub("", text, count=1)) != text and stripped:
        text = stripped
    text = _DASHES.sub(" ", text)
    return " ".join(_SPELLINGS.get(word, word) for word in text.split())


def _split(field: str | None) -> list[str]:
    return [part.strip() for part in (field or "").split("|") if part.strip()]


def _read(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) of a CSV file whose leading lines may be `#` comments.

    Raises KgError when the file is missing or lacks a required column.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise KgError(f"{path}: cannot read gazetteer file: {e}") from e
    first = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    reader = csv.DictReader(lines[first:])
    missing = [c for c in _COLUMNS[path.name] if c not in (reader.fieldnames or ())]
    if missing:
        raise KgError(f"{path}:{first + 1}: missing column(s) {', '.join(missing)}")
    for row in reader:
        yield first + reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}


def _wikidata(value: str, where: str) -> str | None:
    if value and not _WIKIDATA.match(value):
        raise KgError(f"{where}: wikidata id {value!r} is not of the form Q123")
    return value or None


def _entry(row: dict[str, str], cls: str, kind: str, where: str) -> GazEntry:
    if not row["name"]:
        raise KgError(f"{where}: empty name")
    aliases = [a.removeprefix(_EXACT_MARK) for a in _split(row["aliases"])]
    return GazEntry(
        name=row["name"],
        cls=cls,
        kind=kind,
        aliases=tuple(dict.fromkeys(a for a in aliases if a != row["name"])),
        demonyms=tuple(_split(row.get("demonyms"))),
        country=row.get("country") or None,
        capital=row.get("capital") or None,
        wikidata=_wikidata(row["wikidata"], where),
    )


def _surfaces(row: dict[str, str]) -> list[tuple[str, bool]]:
    """Return (surface, marked exact-case) for a row's name and aliases."""
    surfaces = [(row["name"], False)]
    surfaces += [(a.removeprefix(_EXACT_MARK), a.startswith(_EXACT_MARK))
                 for a in _split(row["aliases"])]
    return surfaces


class Gazetteer:
    """Countries, places, organisations and titles, indexed for look-up by surface form."""

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        """Read the four CSV files of `data_dir`; raise KgError on a malformed row."""
        self._entries: list[GazEntry] = []
        self._rank: dict[GazEntry, int] = {}
        self._exact: dict[str, GazEntry] = {}  # case kept: short and marked aliases
        self._folded: dict[str, GazEntry] = {}  # everything else, by `fold`
        self._demonyms: dict[str, GazEntry] = {}
        self._countries: dict[str, GazEntry] = {}
        self._places: dict[str, GazEntry] = {}
        self._titles: dict[str, TitleEntry] = {}
        self._title_rows: list[TitleEntry] = []
        rows: list[tuple[GazEntry, dict[str, str]]] = []
        for name, cls in (("countries.csv", COUNTRY), ("places.csv", CITY),
                          ("organizations.csv", ORGANIZATION)):
            path = data_dir / name
            for line, row in _read(path):
                where = f"{path}:{line}"
                kind = "country" if cls == COUNTRY else row["kind"]
                if cls == CITY and kind not in PLACE_KINDS:
                    raise KgError(f"{where}: kind {kind!r} is not one of {', '.join(PLACE_KINDS)}")
                if not kind:
                    raise KgError(f"{where}: empty kind")
                rows.append((_entry(row, cls, kind, where), row))
        self._index(rows)
        self._read_titles(data_dir / "titles.csv")

    def _index(self, rows: list[tuple[GazEntry, dict[str, str]]]) -> None:
        marked = {fold(s) for _, row in rows for s, exact in _surfaces(row) if exact}
        for rank, (entry, row) in enumerate(rows):
            self._entries.append(entry)
            self._rank[entry] = rank
            key = fold(entry.name)
            if entry.cls == COUNTRY:
                self._countries.setdefault(key, entry)
                for demonym in entry.demonyms:
                    self._demonyms.setdefault(fold(demonym), entry)
            elif entry.cls == CITY:
                self._places.setdefault(key, entry)
            for surface, exact in _surfaces(row):
                keep_the = surface.startswith("The ")
                cased = _normalise(surface, keep_the=keep_the, keep_case=True)
                folded = cased.casefold()
                if exact or folded in marked or len(folded) <= _SHORT:
                    self._exact.setdefault(cased, entry)
                else:
                    self._folded.setdefault(folded, entry)

    def _read_titles(self, path: Path) -> None:
        for line, row in _read(path):
            title = TitleEntry(row["phrase"].casefold(), row["role"], row["scope"])
            if title.role not in ROLES:
                raise KgError(f"{path}:{line}: role {title.role!r} is not one of {', '.join(ROLES)}")
            if title.scope not in SCOPES:
                raise KgError(f"{path}:{line}: scope {title.scope!r} is not one of {', '.join(SCOPES)}")
            self._title_rows.append(title)
            self._titles.setdefault(_title_key(title.phrase), title)

    def lookup(self, surface: str) -> GazEntry | None:
        """Return the entry that `surface` names (its name or an alias), or None."""
        for keep_the in (True, False):
            cased = _normalise(surface, keep_the=keep_the, keep_case=True)
            hits = [self._exact.get(cased), self._folded.get(cased.casefold())]
            found = [hit for hit in hits if hit is not None]
            if found:
                return min(found, key=self._rank.__getitem__)
        return None

    def demonym(self, word: str) -> GazEntry | None:
        """Return the country of a demonym ("Russian", "Russians", "South African"), or None.

        Only capitalised words count: "french fries" is not France.
        """
        word = word.strip()
        if not word or not word[0].isupper():
            return None
        key = fold(word)
        candidates = [key]
        if key.endswith("men"):
            candidates.append(key[:-3] + "man")  # Frenchmen → Frenchman
        if key.endswith("s"):
            candidates.append(key[:-1])  # Russians → Russian
        return next((self._demonyms[c] for c in candidates if c in self._demonyms), None)

    def title(self, phrase: str) -> TitleEntry | None:
        """Return the title `phrase` is ("the former Prime Minister" → prime minister), or None.

        A leading "the", "former", "acting", "interim", "then-", "ex-", "late", "outgoing"
        or "incoming" is ignored, and British and American spellings are the same title.
        """
        return self._titles.get(_title_key(phrase))

    def titles_sorted(self) -> list[TitleEntry]:
        """Return every title row, longest phrase first (for greedy matchers)."""
        return sorted(self._title_rows, key=lambda t: (-len(t.phrase), t.phrase))

    def entries(self) -> Iterable[GazEntry]:
        """Return all countries, places and organisations, in file order."""
        return tuple(self._entries)

    def country(self, name: str) -> GazEntry | None:
        """Return the country of canonical name `name` (or, failing that, of an alias)."""
        entry = self._countries.get(fold(name))
        if entry is None:
            entry = self.lookup(name)
        return entry if entry is not None and entry.cls == COUNTRY else None

    def capital_of(self, country_name: str) -> GazEntry | None:
        """Return the capital city of the country named `country_name`, or None."""
        country = self.country(country_name)
        if country is None or country.capital is None:
            return None
        return self._places.get(fold(country.capital))


@lru_cache(maxsize=None)
def load(data_dir: Path = DATA_DIR) -> Gazetteer:
    """Return the gazetteer of `data_dir` (read once per process); raise KgError if malformed."""
    return Gazetteer(data_dir)
