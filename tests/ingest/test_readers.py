"""kg.ingest.readers: one reader per format, on files written to tmp_path."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import Skipped, article_id
from kg.ingest.markdown import split_front_matter, to_text
from kg.ingest.readers import read_html, read_jsonl, read_markdown, read_text

HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour talks resume | Coastal Herald</title>
<meta property="og:title" content="Harbour talks resume between Norway and Iceland">
<meta property="article:published_time" content="2023-03-14T09:30:00+01:00">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<header><h1>Harbour talks resume between Norway and Iceland</h1></header>
<article>
<p>Norwegian Prime Minister Jonas Gahr Støre met Icelandic Prime Minister Katrín Jakobsdóttir in Reykjavik
on Monday to resume talks on fishing rights in the North Atlantic.</p>
<p>The two leaders agreed to set up a joint commission that will report within six months, officials said.</p>
<p>Fishing communities on both sides have waited years for a settlement of the dispute over mackerel quotas.</p>
</article>
<aside><h3>Related articles</h3><ul><li><a href="/a">Storm hits coast</a></li></ul></aside>
<footer><p>© 2023 Coastal Herald. All rights reserved.</p>
<p>This website uses cookies to improve your experience. Accept</p></footer>
</body></html>
"""

MARKDOWN = """---
title: "Ferry strike ends"
date: 2024-02-01
url: https://example.org/ferry
---

# Ferry strike ends

Ferry crews in **Helsinki** ended their strike on Thursday after
[a three-day walkout](https://example.org/strike), the union said.

![Ferries in port](ferries.jpg)

## What changes

- Crews get a *4%* pay rise.
- The `night shift` bonus stays.

```
not = "prose"
```
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_html_text_title_and_date(tmp_path: Path) -> None:
    article = read_html(write(tmp_path, "page.html", HTML))
    assert article.title == "Harbour talks resume between Norway and Iceland"
    assert article.date == "2023-03-14"
    assert article.text.startswith("Norwegian Prime Minister Jonas Gahr Støre met Icelandic")
    assert article.text.endswith("the dispute over mackerel quotas.")
    for junk in ("Home", "Sport", "Related articles", "Storm hits coast", "cookies", "©"):
        assert junk not in article.text
    assert article.id == article_id(article.text)


def test_html_in_a_declared_legacy_charset(tmp_path: Path) -> None:
    html = HTML.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("©", "(c)")
    article = read_html(write(tmp_path, "legacy.htm", html.encode("latin-1")))
    assert "Katrín Jakobsdóttir" in article.text


def test_html_without_text_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty"):
        read_html(write(tmp_path, "blank.html", "<html><body><nav>Home</nav></body></html>"))


def test_markdown_front_matter_and_syntax(tmp_path: Path) -> None:
    article = read_markdown(write(tmp_path, "ferry.md", MARKDOWN))
    assert (article.title, article.date, article.url) == (
        "Ferry strike ends",
        "2024-02-01",
        "https://example.org/ferry",
    )
    assert article.text == (
        "Ferry crews in Helsinki ended their strike on Thursday after a three-day walkout, the union said.\n\n"
        "What changes\n\nCrews get a 4% pay rise.\nThe night shift bonus stays."
    )


def test_markdown_title_from_heading_without_front_matter() -> None:
    text, title = to_text("Intro\n=====\n\nSome *snake_case* words and __strong__ text.\n")
    assert title == "Intro"
    assert text == "Intro\n\nSome snake_case words and strong text."
    assert split_front_matter("no front matter") == ({}, "no front matter")


def test_text_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "June 1, 2021\n\nKenya and Uganda signed a rail deal in Nairobi on Tuesday.\n")
    article = read_text(path)
    assert (article.text, article.date, article.source) == (
        "Kenya and Uganda signed a rail deal in Nairobi on Tuesday.",
        "2021-06-01",
        str(path),
    )


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("Caf\u00e9 owners in Lyon protested on Monday.".encode("latin-1"), "not UTF-8 text (byte 0xe9 at offset 3)"),
        (b"", "empty"),
        (b"\n\n  \nAdvertisement\nExit mobile version\n", "empty"),
    ],
)
def test_unreadable_text_files(tmp_path: Path, content: bytes, reason: str) -> None:
    path = write(tmp_path, "bad.txt", content)
    with pytest.raises(InputError) as info:
        read_text(path)
    assert info.value.reason == reason
    assert str(info.value) == f"{path}: {reason}"


def test_jsonl_bad_lines_are_skipped_and_the_rest_read(tmp_path: Path) -> None:
    good = {"text": "Chile and Peru agreed on a new border crossing on Friday.", "title": "Border deal"}
    lines = [
        json.dumps(good),
        '{"text": "Unfinished',
        json.dumps({"title": "No body here"}),
        "",
        json.dumps({"id": "ap-17", "text": "Ghana opened a new port in Tema.", "date": "2022-05-04T08:00Z"}),
        "[1, 2]",
    ]
    path = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    items = list(read_jsonl(path))
    assert [type(i).__name__ for i in items] == ["Article", "Skipped", "Skipped", "Article", "Skipped"]
    first, bad_json, no_text, second, not_object = items
    assert (first.source, first.title, first.text) == (f"{path}:1", "Border deal", good["text"])
    assert bad_json.source == f"{path}:2" and bad_json.reason.startswith("not valid JSON: ")
    assert no_text == Skipped(f"{path}:3", "missing 'text' field")
    assert (second.source, second.date) == (f"{path}:5#ap-17", "2022-05-04")
    assert second.id == article_id(second.text)
    assert not_object == Skipped(f"{path}:6", "not a JSON object")


def test_jsonl_non_utf8_line(tmp_path: Path) -> None:
    path = write(tmp_path, "feed.jsonl", b'{"text": "ok text here."}\n{"text": "caf\xe9"}\n')
    items = list(read_jsonl(path))
    assert items[1] == Skipped(f"{path}:2", "not UTF-8 text (byte 0xe9 at offset 13)")


def test_an_article_longer_than_spacy_takes_is_skipped_with_a_reason(tmp_path: Path) -> None:
    sentence = "Kenyan President William Ruto met Tanzanian President Samia Suluhu Hassan in Arusha. "
    big = tmp_path / "dump.txt"
    big.write_text("A long dump\n\n" + sentence * 12_000, encoding="utf-8")
    with pytest.raises(InputError, match=r"too long for one article \(1,0\d\d,\d{3} characters, at most 1,000,000\)"):
        read_text(big)
    lines = tmp_path / "feed.jsonl"
    lines.write_text(json.dumps({"text": sentence * 12_000}) + "\n" + json.dumps({"text": sentence}) + "\n",
                     encoding="utf-8")
    items = list(read_jsonl(lines))
    assert isinstance(items[0], Skipped) and items[0].source == f"{lines}:1" and "too long" in items[0].reason
    assert items[1].text == sentence.strip()


def test_jsonl_half_surrogate_pairs_become_replacement_characters(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "Putin met Modi \\ud800 in Moscow.", "title": "Bad \\udc00 pair"}\n', encoding="utf-8")
    (article,) = read_jsonl(feed)
    assert article.text == "Putin met Modi \ufffd in Moscow." and article.title == "Bad \ufffd pair"
    article.text.encode("utf-8")  # what every writer does


def test_an_empty_jsonl_file_is_reported(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n  \n", encoding="utf-8")
    assert list(read_jsonl(feed)) == [Skipped(str(feed), "empty (no JSON Lines records)")]
