"""Event dates: relative expressions resolved against the article's date.

"on Friday" → the Friday on or before the article date (after it, for future events);
"in July" → xsd:gYearMonth; "later this year" → xsd:gYear; "August 8, 2025" → xsd:date.
What cannot be resolved (no article date, "last week") is left out rather than guessed.
"""
from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_FULL = re.compile(
    r"\b(?P<m>[A-Z][a-z]+)\.? (?P<d>\d{1,2}),? (?P<y>\d{4})\b|\b(?P<d2>\d{1,2}) (?P<m2>[A-Z][a-z]+) (?P<y2>\d{4})\b"
)
_MONTH_YEAR = re.compile(r"\b(?P<m>[A-Z][a-z]+) (?P<y>\d{4})\b")
_YEAR = re.compile(r"\b(?:in|since|by|of|later in|early|late) (?P<y>(?:19|20)\d{2})\b", re.I)


def _month(name: str) -> int | None:
    name = name.lower()
    for i, m in enumerate(MONTHS, 1):
        if m == name or (len(name) >= 3 and m.startswith(name)):
            return i
    return None


def _iso(day: dt.date) -> str:
    return day.isoformat()


def absolute(text: str) -> str | None:
    """An explicit date in `text`: 'August 8, 2025' / '8 August 2025' → '2025-08-08'."""
    for match in _FULL.finditer(text):
        month = _month(match.group("m") or match.group("m2"))
        day = int(match.group("d") or match.group("d2"))
        year = int(match.group("y") or match.group("y2"))
        if month:
            try:
                return _iso(dt.date(year, month, day))
            except ValueError:
                continue
    for match in _MONTH_YEAR.finditer(text):
        month = _month(match.group("m"))
        if month:
            return f"{match.group('y')}-{month:02d}"
    match = _YEAR.search(text) or re.fullmatch(r"\s*(?P<y>(?:19|20)\d{2})\s*", text)
    return match.group("y") if match else None


def resolve(expression: str, article_date: str | None, *, future: bool = False) -> str | None:
    """Resolve a DATE expression to an xsd:date / gYearMonth / gYear lexical form, or None."""
    found = absolute(expression)
    if found:
        return found
    if not article_date:
        return None
    try:
        ref = dt.date.fromisoformat(article_date[:10])
    except ValueError:
        return None
    low = expression.lower()
    for i, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", low):
            return _iso(_weekday(ref, i, future=future, last="last" in low, next_="next" in low))
    if re.search(r"\btoday\b|\btonight\b|\bthis morning\b", low):
        return _iso(ref)
    if "yesterday" in low:
        return _iso(ref - dt.timedelta(days=1))
    if "tomorrow" in low:
        return _iso(ref + dt.timedelta(days=1))
    for i, name in enumerate(MONTHS, 1):
        if re.search(rf"\b{name}\b", low):
            year = ref.year
            if future and i < ref.month:
                year += 1
            elif not future and i > ref.month:
                year -= 1
            return f"{year}-{i:02d}"
    month_shift = {"last month": -1, "this month": 0, "next month": 1}
    for phrase, shift in month_shift.items():
        if phrase in low:
            index = ref.year * 12 + ref.month - 1 + shift
            return f"{index // 12}-{index % 12 + 1:02d}"
    if re.search(r"\bthis year\b", low):
        return str(ref.year)
    if re.search(r"\blast year\b|\ba year ago\b", low):
        return str(ref.year - 1)
    if re.search(r"\bnext year\b", low):
        return str(ref.year + 1)
    return None


def _weekday(ref: dt.date, weekday: int, *, future: bool, last: bool, next_: bool) -> dt.date:
    """The named weekday nearest the reference date, in the direction the tense says."""
    if future or next_:
        delta = (weekday - ref.weekday()) % 7
        if next_ and delta == 0:
            delta = 7
        return ref + dt.timedelta(days=delta)
    delta = (ref.weekday() - weekday) % 7
    if last and delta == 0:
        delta = 7
    return ref - dt.timedelta(days=delta)


def xsd_type(value: str) -> str:
    """The XSD datatype local name of a resolved date's lexical form."""
    return {10: "date", 7: "gYearMonth", 4: "gYear"}.get(len(value), "string")
