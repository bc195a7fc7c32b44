"""Markdown to plain text: front matter, headings, emphasis, links, images, code.

Only what news exports use; the result is plain paragraphs, one per line, ready
for `clean.clean_text`.
"""
from __future__ import annotations

import re

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_KEY_VALUE = re.compile(r"([A-Za-z_][\w-]*)\s*:\s*(.*)")
_FENCE = re.compile(r"\s{0,3}(```|~~~)")
_HEADING = re.compile(r"\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*")
_SETEXT = re.compile(r"\s{0,3}(=+|-+)\s*")
_RULE = re.compile(r"\s{0,3}([-*_])(?:\s*\1){2,}\s*")
_REF_DEF = re.compile(r"\s{0,3}\[[^\]]+\]:\s*\S+.*")
_BLOCK_START = re.compile(r"\s*(?:>\s?)+|\s*(?:[-*+]|\d{1,3}[.)])\s+")
_INLINE = (  # order matters: images before links, strong before emphasis
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>\n]*>"), ""),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])"), r"\1"),
)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Return the `key: value` pairs of a leading `---` YAML block (keys lower-cased) and the rest."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    meta = {}
    for line in m.group(1).splitlines():
        kv = _KEY_VALUE.fullmatch(line.strip())
        if kv and kv.group(2).strip():
            meta[kv.group(1).lower()] = kv.group(2).strip().strip("'\"").strip()
    return meta, text[m.end() :]


def strip_inline(line: str) -> str:
    """Return `line` without inline markup: links keep their text, images go."""
    for pattern, repl in _INLINE:
        line = pattern.sub(repl, line)
    return line


def _blocks(text: str) -> list[tuple[str, str]]:
    """Split Markdown into (kind, text) lines: kind is "h1", "head", "item", "text" or "blank"."""
    out: list[tuple[str, str]] = []
    fenced = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced  # code is not article prose: drop the block
        elif fenced or _REF_DEF.fullmatch(line):
            out.append(("blank", ""))
        elif _SETEXT.fullmatch(line) and out and out[-1][0] == "text":
            out[-1] = ("h1" if line.strip()[0] == "=" else "head", out[-1][1])
        elif _RULE.fullmatch(line):
            out.append(("blank", ""))
        elif m := _HEADING.fullmatch(line):
            out.append(("h1" if len(m.group(1)) == 1 else "head", m.group(2)))
        elif m := _BLOCK_START.match(line):
            out.append(("item", line[m.end() :].strip()))
        else:
            out.append(("text" if line.strip() else "blank", line.strip()))
    return out


def to_text(markdown: str) -> tuple[str, str | None]:
    """Return (plain text, first level-1 heading or None) of a Markdown document.

    Soft-wrapped lines of a paragraph are joined into one line.
    """
    lines: list[str] = []
    title = None
    prev_kind = "blank"
    for kind, text in _blocks(markdown):
        if kind == "h1" and title is None:
            title = strip_inline(text).strip() or None
        if kind == "text" and prev_kind in ("text", "item"):
            lines[-1] = f"{lines[-1]} {text}"
        else:
            lines.append(text)
            prev_kind = kind
    return "\n".join(strip_inline(line).strip() for line in lines).strip(), title
