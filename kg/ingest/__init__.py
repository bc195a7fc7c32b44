"""Ingestion: paths → cleaned `Article`s, one reader per format, bad inputs reported as `Skipped`.

`read_corpus` is the entry point; `readers` owns the formats, `clean` the text
cleaning, `dates` the publication dates.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import UsageError
from kg.types import Article


@dataclass(frozen=True)
class Skipped:
    """An input file or line that was not read, and why (one line)."""

    source: str
    reason: str


def article_id(text: str) -> str:
    """Return the id of a cleaned article text: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# Imported after Skipped and article_id, which the readers use.
from kg.ingest.readers import READERS, Unreadable  # noqa: E402

SUFFIXES = tuple(sorted(READERS))


def _walk(folder: str) -> list[str]:
    """Return the readable files under `folder`, recursively, in sorted order, hidden ones left out."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [
            os.path.join(root, f)
            for f in files
            if not f.startswith(".") and Path(f).suffix.lower() in READERS
        ]
    return sorted(found, key=lambda p: Path(p).relative_to(folder).parts)


def _read_file(source: str) -> Iterator[Article | Skipped]:
    """Yield the Article(s) of one file, or a Skipped saying why it was not read."""
    suffix = Path(source).suffix
    reader = READERS.get(suffix.lower())
    if reader is None:
        expected = ", ".join(SUFFIXES)
        yield Skipped(source, f"unsupported file type {suffix!r} (expected one of {expected})")
        return
    try:
        result = reader(source)
        yield from (result if isinstance(result, Iterator) else [result])
    except Unreadable as e:
        yield Skipped(e.source, e.reason)
    except OSError as e:
        yield Skipped(source, f"cannot read: {e.strerror or e}")


def _read_all(paths: list[str]) -> Iterator[Article | Skipped]:
    """Read every file under `paths` once, yielding each article id once."""
    seen_files: set[Path] = set()
    first_source: dict[str, str] = {}
    for path in paths:
        for file in _walk(path) if os.path.isdir(path) else [path]:
            if Path(file).resolve() in seen_files:
                continue
            seen_files.add(Path(file).resolve())
            for item in _read_file(file):
                if isinstance(item, Article) and item.id in first_source:
                    item = Skipped(item.source, f"duplicate of {first_source[item.id]}")
                elif isinstance(item, Article):
                    first_source[item.id] = item.source
                yield item


def read_corpus(paths: Iterable[str | Path]) -> Iterator[Article | Skipped]:
    """Return an iterator over the Articles of `paths` (files or folders) and the inputs skipped.

    Folders are read recursively in sorted order (.txt .md .markdown .html .htm
    .jsonl; hidden files and other extensions are ignored). An article seen
    before (same cleaned text) is yielded as Skipped("duplicate of …").
    Raises UsageError for a path that does not exist, before reading anything.
    """
    given = [os.fspath(p) for p in paths]  # sources keep the paths as given
    for path in given:
        if not os.path.exists(path):
            raise UsageError(f"{path}: no such file or directory")
    return _read_all(given)


__all__ = ["Skipped", "article_id", "read_corpus"]
