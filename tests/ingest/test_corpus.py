"""kg.ingest.read_corpus on the seed articles and on made-up folders."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import UsageError
from kg.ingest import Skipped, article_id, read_corpus
from kg.types import Article

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
BOILERPLATE = ("Related posts", "cookies", "Site icon", "Exit mobile version", "| World |", "Accept Read More")

# seed prefix, first words of the body, last words of the body, title, date
SEED_CASES = [
    (
        "000",
        "On Friday, President Vladimir Putin engaged in a series of phone calls",
        "a commitment to neutrality, limitations on its military size, and a change of regime in Kyiv.",
        "Putin Engages China, India, and Allies in Update on Witkoff Diplomacy",
        None,
    ),
    (
        "001",
        "On Friday, August 8, 2025, Russian President Vladimir Putin engaged",
        "Putin is also scheduled to visit India later in 2025.",
        None,
        "2025-08-08",
    ),
    (
        "002",
        "Samarkand, Uzbekistan — Russian President Vladimir Putin on Friday",
        "“China will not decide whether Russia’s special military action is justified. No.”",
        "Putin is appeasing India over Ukraine as he backs key allies in court",
        "2022-10-05",
    ),
    (
        "003",
        "Russian President Vladimir Putin stated Moscow would secure Ukraine’s Donbas region",
        "“a highly fruitful and helpful session where … further advancement was attained.”",
        None,
        None,
    ),
    (
        "004",
        "Russian President Vladimir Putin’s visit to India will happen “soon,”",
        "He stated that the Kremlin is aware of these challenges and understands India’s position.",
        None,
        None,
    ),
]


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    articles = list(read_corpus([SEEDS]))
    assert all(isinstance(a, Article) for a in articles)
    return {Path(a.source).name[:3]: a for a in articles}


@pytest.mark.parametrize("prefix, first, last, title, date", SEED_CASES)
def test_seed(seeds: dict[str, Article], prefix: str, first: str, last: str, title: str | None, date: str | None) -> None:
    article = seeds[prefix]
    assert article.text.startswith(first)
    assert article.text.endswith(last)
    assert (article.title, article.date) == (title, date)
    assert not any(junk in article.text for junk in BOILERPLATE)
    if title:
        assert title not in article.text
    assert article.id == article_id(article.text)


def test_seed_section_headings_kept(seeds: dict[str, Article]) -> None:
    assert "\nChina's Perspective\n" in seeds["001"].text


def test_seed_caption_echo_dropped(seeds: dict[str, Article]) -> None:
    text = seeds["003"].text
    assert text.count("Putin met with Trump’s special envoy Steve Witkoff") == 1
    assert "Kormilitsyna" not in text


def test_seed_ids_are_stable_across_paths(tmp_path: Path, seeds: dict[str, Article]) -> None:
    name = "000_348f036c3fece290.txt"
    copy = tmp_path / "elsewhere.txt"
    copy.write_bytes((SEEDS / name).read_bytes())
    (article,) = read_corpus([copy])
    assert article.id == seeds["000"].id


def test_missing_path_raises_before_reading(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Mali and Niger signed a security pact in Niamey on Sunday.")
    missing = tmp_path / "nope" / "missing.txt"
    with pytest.raises(UsageError, match=f"^{missing}: no such file or directory$"):
        read_corpus([good, missing])  # raises on the call, not on iteration


def test_folders_recurse_sorted_and_skip_hidden_and_other_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    files = {
        "b/2.md": "Peru and Bolivia reopened a border post on Monday, officials said.",
        "b/1.txt": "Fiji hosted a regional summit in Suva on Tuesday, the government said.",
        "a.txt": "Nepal and Bhutan agreed to share hydropower data on Wednesday.",
        ".hidden.txt": "Hidden files are never read by the corpus reader at all.",
        ".git/x.txt": "Hidden folders are never read by the corpus reader at all.",
        "notes.pdf": "not a supported format",
        "c.HTM": "<html><body><article><p>Laos and Vietnam opened a railway link in Vientiane on Thursday, "
        "the state news agency reported after the ceremony.</p></article></body></html>",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    sources = [a.source for a in read_corpus([tmp_path])]
    assert sources == [str(tmp_path / n) for n in ("a.txt", "b/1.txt", "b/2.md", "c.HTM")]


def test_bad_files_become_skipped(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin.txt").write_bytes("Árbol caído en Sevilla.".encode("latin-1"))
    (tmp_path / "void.md").write_text("")
    (tmp_path / "ok.txt").write_text("Estonia and Latvia agreed to link their power grids on Friday.")
    explicit = tmp_path / "notes.pdf"
    explicit.write_text("x")
    items = list(read_corpus([tmp_path, explicit]))
    assert items[0] == Skipped(str(tmp_path / "bin.txt"), "binary file")
    assert items[1] == Skipped(str(tmp_path / "latin.txt"), "not UTF-8 text (byte 0xc1 at offset 0)")
    assert isinstance(items[2], Article)
    assert items[3] == Skipped(str(tmp_path / "void.md"), "empty")
    assert items[4].source == str(explicit) and items[4].reason.startswith("unsupported file type '.pdf'")


def test_duplicates_across_files_and_formats(tmp_path: Path) -> None:
    text = "Senegal and Gambia opened a bridge over the Gambia River on Monday."
    (tmp_path / "a.txt").write_text(f"Bridge opens | Africa | westafrica-daily.com\n\n{text}\n")
    (tmp_path / "b.md").write_text(f"# Bridge opens\n\n{text}\n")
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": text}) + "\n")
    items = list(read_corpus([tmp_path, tmp_path / "a.txt"]))  # a.txt twice: read once
    assert len(items) == 3
    first, *dupes = items
    assert isinstance(first, Article) and first.title == "Bridge opens"
    assert dupes == [
        Skipped(str(tmp_path / "b.md"), f"duplicate of {tmp_path / 'a.txt'}"),
        Skipped(f"{tmp_path / 'c.jsonl'}:1", f"duplicate of {tmp_path / 'a.txt'}"),
    ]
