"""Publication dates: the date an article states for itself, as an ISO date string.

Only explicit full dates count (day, month and year). When the text does not
state one, the answer is None: a guess would date every fact of the article.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# "October 5, 2022", "5 October 2022", "2022-10-05": each its own pattern, since
# named groups cannot repeat across alternatives of one pattern.
DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)", re.I),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}(?!\d)", re.I),
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
)
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+)?"
_PREFIX = r"(?:(?:published|updated|posted|last updated|first published|date)(?:\s+on)?\s*:?\s*)?"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?)?"
_HEAD_LINES = 6  # a header date sits in the first few lines
_DATELINE_CHARS = 400  # a dateline sits at the start of the first paragraph
_PROSE_END = re.compile(r"[.!?][\"'”’)\]]*$")


def _iso(year: str, month: str, day: str) -> str | None:
    """Return `year-month-day` as an ISO date, or None if it is no calendar date."""
    m = int(month) if month.isdigit() else MONTHS[month[:3].lower()]
    try:
        return date(int(year), m, int(day)).isoformat()
    except ValueError:
        return None


def first_date(text: str) -> str | None:
    """Return the earliest explicit full date written in `text`, as ISO, or None."""
    found = [m for p in DATE_PATTERNS for m in p.finditer(text)]
    for m in sorted(found, key=lambda m: m.start()):
        iso = _iso(m["year"], m["month"], m["day"])
        if iso:
            return iso
    return None


def date_line(line: str) -> str | None:
    """Return the ISO date if `line` is nothing but a date ("Published: Oct. 5, 2022"), else None."""
    line = line.strip(" \t*_|-–—·•()[]")
    for p in DATE_PATTERNS:
        pattern = rf"{_PREFIX}{_WEEKDAY}(?:{p.pattern}){_TIME}\W*"
        m = re.fullmatch(pattern, line, flags=p.flags)
        if m:
            return _iso(m["year"], m["month"], m["day"])
    return None


def _is_prose(line: str) -> bool:
    """True for a line that reads like a paragraph: several words, ending a sentence."""
    return len(line.split()) >= 8 and "|" not in line and bool(_PROSE_END.search(line))


def find_date(text: str, title: str | None = None) -> str | None:
    """Return the publication date the article states, as ISO, or None.

    Looks for a header line that is only a date among the first lines, then for
    a dateline: the first full date in the first ~400 characters of the first
    paragraph ("On Friday, August 8, 2025, …"). Lines repeating `title` are ignored.
    """
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if title:
        lines = [ln for ln in lines if ln.casefold() != title.strip().casefold()]
    for line in lines[:_HEAD_LINES]:
        iso = date_line(line)
        if iso:
            return iso
    first_paragraph = next((ln for ln in lines if _is_prose(ln)), "")
    return first_date(first_paragraph[:_DATELINE_CHARS])


def parse_date(s: str) -> str | None:
    """Return the ISO date of a metadata string (ISO timestamp, RFC 2822, "5 Oct 2022"), or None."""
    s = s.strip()
    m = re.match(r"((?:19|20)\d\d)-(\d\d)-(\d\d)(?:$|[T ]\d)", s)
    if m:
        return _iso(*m.groups())
    if re.fullmatch(r"(?:19|20)\d{6}", s):  # 20221005
        return _iso(s[:4], s[4:6], s[6:])
    try:
        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(s).date().isoformat()
    except ValueError:
        return date_line(s)
