"""kg.ingest.dates: publication dates stated by an article, and metadata date strings."""
from __future__ import annotations

import pytest

from kg.ingest.dates import date_line, find_date, parse_date

PROSE = "The ministers of both countries met to discuss the fishing agreement in detail."


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"October 5, 2022\n\n{PROSE}", "2022-10-05"),
        (f"5 October 2022\n\n{PROSE}", "2022-10-05"),
        (f"2022-10-05\n{PROSE}", "2022-10-05"),
        (f"Oct. 5, 2022\n{PROSE}", "2022-10-05"),
        (f"Storm hits coast\n\nPublished: Sept. 30, 2021 10:45 AM\n\n{PROSE}", "2021-09-30"),
        (f"Tuesday, 3rd March 2020\n{PROSE}", "2020-03-03"),
        ("On Friday, August 8, 2025, the president spoke with leaders of five countries.", "2025-08-08"),
        ("BRASÍLIA, 12 June 2023 — Lula met Macron in the capital on Monday for talks.", "2023-06-12"),
        (PROSE, None),
        ("On Friday, the president spoke with leaders of five countries by phone.", None),
        ("The agreement, signed in August 2019, expires next year, officials said.", None),
        (f"{PROSE}\n\nOn March 3, 2020, the talks collapsed, the agency reported.", None),
        ("February 30, 2022\n" + PROSE, None),
        ("", None),
    ],
)
def test_find_date(text: str, expected: str | None) -> None:
    assert find_date(text) == expected


def test_find_date_only_reads_the_start_of_the_first_paragraph() -> None:
    late = " ".join(["The talks went on for hours without any result at all."] * 8)
    assert find_date(f"{late} They had begun on May 2, 2021.") is None


@pytest.mark.parametrize(
    "line, expected",
    [
        ("October 5, 2022", "2022-10-05"),
        ("Updated on 5 Oct 2022, 14:02 GMT", "2022-10-05"),
        ("October 5, 2022: ministers meet", None),
        ("Ministers meet", None),
    ],
)
def test_date_line(line: str, expected: str | None) -> None:
    assert date_line(line) == expected


@pytest.mark.parametrize(
    "s, expected",
    [
        ("2023-03-14T09:30:00+01:00", "2023-03-14"),
        ("2023-03-14", "2023-03-14"),
        ("2023-03-14 09:30", "2023-03-14"),
        ("Tue, 14 Mar 2023 09:30:00 +0000", "2023-03-14"),
        ("20230314", "2023-03-14"),
        ("March 14, 2023", "2023-03-14"),
        ("2023-13-40", None),
        ("soon", None),
        ("", None),
    ],
)
def test_parse_date(s: str, expected: str | None) -> None:
    assert parse_date(s) == expected
