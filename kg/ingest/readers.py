"""Readers: one function per input format, each returning cleaned `Article`s.

A file that cannot be read raises `Unreadable` (an `InputError`) with a one-line
reason; `read_jsonl` instead yields a `Skipped` for each bad line and goes on.
"""
from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.ingest import Skipped, article_id
from kg.ingest.clean import clean_text
from kg.ingest.dates import find_date, parse_date
from kg.ingest.markdown import split_front_matter, to_text
from kg.types import Article

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


# spaCy's own limit (Language.max_length): its parser and NER need about 1 GB of memory per
# 100,000 characters. A news article is a few thousand; a longer "article" is a dump.
MAX_CHARS = 1_000_000


class Unreadable(InputError):
    """One file or line cannot be read: `source` says where, `reason` says why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


def _read_bytes(path: str | Path) -> bytes:
    """Return the file's bytes; raise Unreadable for a binary file (one with NUL bytes)."""
    data = Path(path).read_bytes()
    if b"\x00" in data:
        raise Unreadable(str(path), "binary file")
    return data


def decode(data: bytes, source: str, encoding: str = "utf-8") -> str:
    """Return `data` decoded (a leading BOM dropped); raise Unreadable naming the first bad byte."""
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        name = "UTF-8" if encoding == "utf-8" else encoding
        raise Unreadable(source, f"not {name} text (byte 0x{data[e.start]:02x} at offset {e.start})") from e


def _article(
    raw: str, source: str, *, title: str | None = None, date: str | None = None, url: str | None = None
) -> Article:
    """Clean `raw` into an Article; the date is `date` or the one the text states."""
    if len(raw) > 2 * MAX_CHARS:  # not worth cleaning
        raise _too_long(source, len(raw))
    body, title = clean_text(raw, title=title)
    if not body:
        raise Unreadable(source, "empty")
    if len(body) > MAX_CHARS:
        raise _too_long(source, len(body))
    date = date or find_date(raw, title)
    return Article(id=article_id(body), text=body, source=source, title=title, date=date, url=url)


def _too_long(source: str, chars: int) -> Unreadable:
    return Unreadable(source, f"too long for one article ({chars:,} characters, at most {MAX_CHARS:,}); "
                              "give one article per file or per JSON Lines record")


def read_text(path: str | Path) -> Article:
    """Return the Article of a plain-text file. Raises Unreadable."""
    source = str(path)
    return _article(decode(_read_bytes(path), source), source)


def read_markdown(path: str | Path) -> Article:
    """Return the Article of a Markdown file; front matter gives title, date and url. Raises Unreadable."""
    source = str(path)
    meta, markdown = split_front_matter(decode(_read_bytes(path), source))
    text, heading = to_text(markdown)
    date = next((parse_date(meta[k]) for k in ("date", "published", "pubdate") if k in meta), None)
    url = meta.get("url") or meta.get("link")
    return _article(text, source, title=meta.get("title") or heading, date=date, url=url)


def _decode_html(data: bytes, source: str) -> str:
    """Decode HTML as UTF-8, else in the charset its <meta> declares. Raises Unreadable."""
    try:
        return decode(data, source)
    except Unreadable:
        m = _CHARSET.search(data[:4096])
        try:
            encoding = codecs.lookup(m.group(1).decode("ascii")).name if m else "utf-8"
        except LookupError:
            encoding = "utf-8"
        if encoding == "utf-8":
            raise
        return decode(data, source, encoding)


def read_html(path: str | Path) -> Article:
    """Return the Article of an HTML page: main text, title and date via trafilatura. Raises Unreadable."""
    import trafilatura  # slow to import; only HTML needs it

    source = str(path)
    html = _decode_html(_read_bytes(path), source)
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None or not (doc.text or "").strip():
        raise Unreadable(source, "empty")
    date = parse_date(doc.date) if doc.date else None
    return _article(doc.text, source, title=doc.title or None, date=date, url=doc.url or None)


def _string(obj: dict[str, Any], key: str) -> str | None:
    """Return obj[key] if it is a string, else None (optional fields of a record)."""
    value = obj.get(key)
    return value if isinstance(value, str) else None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(obj: dict[str, Any]) -> dict[str, Any]:
    """JSON may escape half a UTF-16 pair ("\\ud800"), which no UTF-8 file can hold: U+FFFD instead."""
    return {k: _SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v for k, v in obj.items()}


def _record(line: bytes, source: str) -> Article:
    """Return the Article of one JSON Lines record. Raises Unreadable."""
    try:
        obj: Any = json.loads(decode(line, source), object_hook=_without_surrogates)
    except json.JSONDecodeError as e:
        raise Unreadable(source, f"not valid JSON: {e.msg} (column {e.colno})") from e
    if not isinstance(obj, dict):
        raise Unreadable(source, "not a JSON object")
    if "text" not in obj:
        raise Unreadable(source, "missing 'text' field")
    if not isinstance(obj["text"], str):
        raise Unreadable(source, "'text' is not a string")
    if obj.get("id") is not None:
        source = f"{source}#{obj['id']}"
    title, date, url = (_string(obj, key) for key in ("title", "date", "url"))
    date = parse_date(date) if date else None
    return _article(obj["text"], source, title=title, date=date, url=url)


def read_jsonl(path: str | Path) -> Iterator[Article | Skipped]:
    """Yield an Article per JSON Lines record, or a Skipped("path:line", reason) for a bad one.

    Blank lines are ignored. Raises Unreadable if the whole file is binary.
    """
    records = 0
    for lineno, line in enumerate(_read_bytes(path).split(b"\n"), start=1):
        if not line.strip():
            continue
        records += 1
        try:
            yield _record(line, f"{path}:{lineno}")
        except Unreadable as e:
            yield Skipped(e.source, e.reason)
    if not records:
        yield Skipped(str(path), "empty (no JSON Lines records)")


READERS = {
    ".txt": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
}
