"""kg.ingest.clean: boilerplate rules on text from outlets other than the seeds', and idempotence."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest.clean import clean_body, clean_text, is_boilerplate, is_credit, normalize, pipe_header

COASTAL = """\
Storm Ciarán batters Brittany coast | Europe | atlantic-courier.fr

Storm Ciarán batters Brittany coast

By Marie Dubois

Winds of up to 200 km/h hit the coast of Brittany on Thursday, cutting power to 1.2 million homes, officials said.

ADVERTISEMENT

Share on Facebook Share on Twitter WhatsApp Email

The storm moved on towards the Channel Islands by the evening.
Firefighters clear a road near Brest on Thursday.
Firefighters clear a road near Brest on Thursday. (AP Photo/Jean-Luc Martin)

You may also like

Floods hit northern Italy

Heatwave grips Spain as temperatures soar

Sign up for our daily briefing newsletter

We use cookies to personalise content. By continuing to browse you agree to our Cookie Policy. Accept all cookies

© 2023 Atlantic Courier. All rights reserved.
"""

HARBOUR = """\
Skip to content
Menu
March 14, 2023
Harbour talks resume in Reykjavik

Norway and Iceland resumed talks on mackerel quotas on Tuesday, the first round in two years.

READ MORE: Fishing fleets wait for a deal

Read next
Ferry strike ends after three days
Oslo opens new opera wing
14 March 2023

The ministers will meet again in Oslo next month, according to a joint statement.
Photo: Nordic Press Agency
Follow us on Twitter and Facebook
"""


def test_other_outlet_boilerplate_is_dropped() -> None:
    body, title = clean_text(COASTAL)
    assert title == "Storm Ciarán batters Brittany coast"
    assert body == (
        "Winds of up to 200 km/h hit the coast of Brittany on Thursday, cutting power to 1.2 million "
        "homes, officials said.\n\nThe storm moved on towards the Channel Islands by the evening.\n"
        "Firefighters clear a road near Brest on Thursday."
    )


def test_headline_like_first_line_becomes_title_and_related_list_ends_at_prose() -> None:
    body, title = clean_text(HARBOUR)
    assert title == "Harbour talks resume in Reykjavik"
    assert body == (
        "Norway and Iceland resumed talks on mackerel quotas on Tuesday, the first round in two years.\n\n"
        "The ministers will meet again in Oslo next month, according to a joint statement."
    )


def test_given_title_wins_and_its_repeats_go() -> None:
    text = "Quiet Night in Lisbon\n\nQUIET NIGHT IN LISBON!\n\nThe city slept while the ministers talked."
    assert clean_text(text, title="Quiet night in Lisbon") == (
        "The city slept while the ministers talked.",
        "Quiet night in Lisbon",
    )


def test_prose_first_line_is_not_a_title() -> None:
    text = "The council met on Monday to discuss the budget.\nSection Two\nIt adjourned at noon."
    assert clean_text(text) == (text, None)


@pytest.mark.parametrize(
    "line",
    [
        "This site uses cookies. By continuing to use it you agree to their use. Accept",
        "We use cookies to improve your experience on our website. Manage preferences",
        "Site logo The Valley Ledger",
        "Exit mobile version",
        "Skip to main content",
        "Share this:",
        "Advertisement",
        "Story continues below advertisement",
        "Share on Facebook Twitter LinkedIn Email",
        "Sign up for our newsletter",
        "Get the best of the Ledger delivered to your inbox: sign up for our morning newsletter.",
        "Follow us on Telegram",
        "Photo: Reuters",
        "Photograph: Sean Smith/The Guardian",
        "(AP Photo/Evan Vucci)",
        "Jane Doe/AFP via Getty Images",
        "Copyright 2024 Valley Ledger",
        "Read more: Heatwave grips Spain",
        "Home | World | valley-ledger.co.uk",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line) or pipe_header(line)


@pytest.mark.parametrize(
    "line",
    [
        "European regulators said websites must let users reject cookies as easily as they accept them.",
        "Photographs released by the ministry showed damaged buildings in Kharkiv.",
        "Related talks will be held in Geneva next week.",
        "Share prices in Tokyo fell 3% on Monday.",
        "Copyright law in the EU is changing fast.",
        "The president met Prime Minister Anthony Albanese in Canberra.",
        "Subscribers to the Nikkei newspaper rose by 5% last year, the company said.",
        "Background",
        "China's Perspective",
    ],
)
def test_article_lines_are_kept(line: str) -> None:
    assert not is_boilerplate(line)
    assert clean_body(f"Opening sentence of the report.\n\n{line}\n\nClosing sentence.").count(line) == 1


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Kristina Kormilitsyna/Reuters", True),
        ("Reuters/Evelyn Hockstein", True),
        ("Picture by Mark Lee", True),
        ("Putin met Xi on Tuesday.", False),
        ("The talks resumed/ended", False),
        ("Photographs showed damage.", False),
    ],
)
def test_is_credit(line: str, expected: bool) -> None:
    assert is_credit(line) is expected


def test_caption_echo_with_credit_is_dropped_but_other_captions_stay() -> None:
    text = (
        "Lula met Macron in Brasília on Wednesday.\n"
        "Lula met Macron in Brasilia on Wednesday. Ana Lima/Agência Brasil\n"
        "Macron later flew to Belém. Ana Lima/Agência Brasil"
    )
    assert clean_body(text) == (
        "Lula met Macron in Brasília on Wednesday.\nMacron later flew to Belém. Ana Lima/Agência Brasil"
    )


def test_normalize_keeps_characters_inside_sentences() -> None:
    text = "\ufeff“Peace,” she said\u00a0— it’s near.\r\n\r\n\r\n\tNext  line.  "
    assert normalize(text) == "“Peace,” she said — it’s near.\n\nNext line."


def test_pipe_header() -> None:
    assert pipe_header("Rains return | Weather | www.monsoon-times.in") == "Rains return"
    assert pipe_header("Rains | return") is None


FRAGMENTS = [
    "",
    "Storm hits Brittany | Europe | courier.fr",
    "Storm hits Brittany",
    "October 5, 2022",
    "By Jane Doe",
    "Related articles",
    "Floods hit northern Italy",
    "The minister arrived in Oslo on Monday for talks.",
    "The minister arrived in Oslo on Monday for talks. John Roe/Reuters",
    "We use cookies on this website. Accept",
    "Exit mobile version",
    "Photo: AFP",
    "Section heading",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=14).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(texts, st.one_of(st.none(), st.sampled_from(["Storm hits Brittany", "", " A  title "])))
def test_clean_text_is_idempotent(text: str, title: str | None) -> None:
    body, found = clean_text(text, title=title)
    assert clean_text(body, title=found) == (body, found)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_clean_body_is_idempotent(text: str) -> None:
    once = clean_body(text)
    assert clean_body(once) == once
    assert normalize(once) == once


@pytest.mark.parametrize("paragraph, expected", [
    ("KYIV - European Commission President Ursula von der Leyen arrived.",
     "Kyiv -\nEuropean Commission President Ursula von der Leyen arrived."),
    ("BELEM, Brazil, March 26 (Reuters) - Brazilian President Lula met Macron.",
     "Belem, Brazil, March 26 (Reuters) -\nBrazilian President Lula met Macron."),
    ("NEW DELHI: Prime Minister Narendra Modi said on Friday.", "New Delhi:\nPrime Minister Narendra Modi said on Friday."),
    ("WASHINGTON (AP) — The White House said.", "Washington (AP) —\nThe White House said."),
    ("MOSCOW, August 5. /TASS/. Russian President Vladimir Putin spoke.",
     "Moscow, August 5. /TASS/.\nRussian President Vladimir Putin spoke."),
    # not datelines: an organisation the gazetteer knows, a word too short, a capital inside a sentence
    ("NATO - The alliance said on Monday.", "NATO - The alliance said on Monday."),
    ("UN - The body met.", "UN - The body met."),
    ("The PARIS - talks went on.", "The PARIS - talks went on."),
])
def test_dateline_becomes_a_place_on_its_own_line(paragraph: str, expected: str) -> None:
    body, title = clean_text(f"Talks go on in the capital\n\n{paragraph}\n\nA second paragraph follows here.")
    assert title == "Talks go on in the capital"
    assert body == f"{expected}\n\nA second paragraph follows here."
    assert len(body) == len(paragraph) + len("\n\nA second paragraph follows here.")  # same offsets
    assert clean_text(body, title=title) == (body, title)


def test_dateline_entities_are_not_glued(extract_text) -> None:
    from tests.conftest import facts

    body, _ = clean_text("Von der Leyen in Kyiv\n\nKYIV - European Commission President Ursula von der Leyen "
                         "arrived in Kyiv on Saturday.")
    found = facts(extract_text(body))
    assert ("Ursula von der Leyen", "leaderOf", "European Commission") in found
    assert ("Ursula von der Leyen", "visited", "Kyiv") in found


def test_a_dateline_capital_is_the_city_not_its_government(extract_text) -> None:
    body, _ = clean_text("Talks by phone\n\nMOSCOW, August 5. /TASS/. Russian President Vladimir Putin spoke with "
                         "Belarusian President Alexander Lukashenko.")
    keys = {e.key for e in extract_text(body).entities}
    assert "City:Moscow" in keys
