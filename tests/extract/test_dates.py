"""Relative date resolution against the article date."""
from __future__ import annotations

import pytest

from kg.extract.dates import resolve, xsd_type

# 2025-08-08 is a Friday.
CASES = [
    ("Friday", "2025-08-08", False, "2025-08-08"),
    ("on Tuesday", "2025-08-08", False, "2025-08-05"),
    ("Thursday", "2025-08-08", True, "2025-08-14"),
    ("next Friday", "2025-08-08", True, "2025-08-15"),
    ("last Friday", "2025-08-08", False, "2025-08-01"),
    ("yesterday", "2025-08-08", False, "2025-08-07"),
    ("in July", "2025-08-08", False, "2025-07"),
    ("in September", "2025-08-08", False, "2024-09"),
    ("in September", "2025-08-08", True, "2025-09"),
    ("later this year", "2025-08-08", True, "2025"),
    ("a year ago", "2025-08-08", False, "2024"),
    ("last month", "2025-01-15", False, "2024-12"),
    ("next month", "2025-12-15", True, "2026-01"),
    ("August 8, 2025", None, False, "2025-08-08"),
    ("5 October 2022", None, False, "2022-10-05"),
    ("November 2024", None, False, "2024-11"),
    ("later in 2025", None, True, "2025"),
    ("2018", None, False, "2018"),
    ("20 years", None, False, None),
    ("on Friday", None, False, None),
    ("last week", "2025-08-08", False, None),
    ("the coming days", "2025-08-08", True, None),
]


@pytest.mark.parametrize("expression, article_date, future, expected", CASES)
def test_resolve(expression, article_date, future, expected):
    assert resolve(expression, article_date, future=future) == expected


@pytest.mark.parametrize("value, kind", [("2025-08-08", "date"), ("2025-08", "gYearMonth"), ("2025", "gYear")])
def test_xsd_type(value, kind):
    assert xsd_type(value) == kind


def test_event_date_comes_from_its_clause(extract_text):
    x = extract_text("French President Emmanuel Macron spoke with German Chancellor Olaf Scholz on Tuesday.",
                     date="2025-08-08")
    (talk,) = [r for r in x.relations if r.predicate == "spokeWith"]
    assert talk.evidence.date == "2025-08-05"


def test_no_article_date_no_relative_date(extract_text):
    x = extract_text("French President Emmanuel Macron spoke with German Chancellor Olaf Scholz on Tuesday.", date=None)
    (talk,) = [r for r in x.relations if r.predicate == "spokeWith"]
    assert talk.evidence.date is None
