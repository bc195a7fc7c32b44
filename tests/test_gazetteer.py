"""Tests for kg.gazetteer and the knowledge files it reads (kg/data/*.csv)."""
from __future__ import annotations

import csv
import re
import shutil
import time
from pathlib import Path

import pycountry
import pytest

from kg.errors import KgError
from kg.gazetteer import DATA_DIR, ROLES, SCOPES, Gazetteer, fold, load


def rows(name: str) -> list[dict[str, str]]:
    """Return the data rows of a knowledge file, its `#` header comments skipped."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def split(field: str) -> list[str]:
    return [part.removeprefix("=") for part in field.split("|") if part]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load()


# --- look-ups -----------------------------------------------------------------------------

@pytest.mark.parametrize("surface, name, cls", [
    ("Russia", "Russia", "Country"),
    ("Russian Federation", "Russia", "Country"),
    ("the Russian Federation", "Russia", "Country"),
    ("Russia's", "Russia", "Country"),
    ("Russia’s", "Russia", "Country"),
    ("US", "United States", "Country"),
    ("U.S.", "United States", "Country"),
    ("USA", "United States", "Country"),
    ("U.S.A.", "United States", "Country"),
    ("America", "United States", "Country"),
    ("the United States of America", "United States", "Country"),
    ("the  United   States", "United States", "Country"),
    ("UNITED STATES", "United States", "Country"),
    ("Britain", "United Kingdom", "Country"),
    ("Great Britain", "United Kingdom", "Country"),
    ("U.K.", "United Kingdom", "Country"),
    ("Türkiye", "Turkey", "Country"),
    ("Turkiye", "Turkey", "Country"),
    ("Czechia", "Czech Republic", "Country"),
    ("Burma", "Myanmar", "Country"),
    ("DPRK", "North Korea", "Country"),
    ("Republic of Korea", "South Korea", "Country"),
    ("People's Republic of China", "China", "Country"),
    ("PRC", "China", "Country"),
    ("UAE", "United Arab Emirates", "Country"),
    ("KSA", "Saudi Arabia", "Country"),
    ("Islamic Republic of Iran", "Iran", "Country"),
    ("Côte d'Ivoire", "Ivory Coast", "Country"),
    ("Cote d’Ivoire", "Ivory Coast", "Country"),
    ("DR Congo", "Democratic Republic of the Congo", "Country"),
    ("Congo-Brazzaville", "Republic of the Congo", "Country"),
    ("Holland", "Netherlands", "Country"),
    ("The Gambia", "Gambia", "Country"),
    ("Swaziland", "Eswatini", "Country"),
    ("Timor-Leste", "East Timor", "Country"),
    ("Viet Nam", "Vietnam", "Country"),
    ("Kazakstan", "Kazakhstan", "Country"),
    ("USSR", "Soviet Union", "Country"),
    ("GDR", "East Germany", "Country"),
    ("Georgia", "Georgia", "Country"),
    ("Singapore", "Singapore", "Country"),  # a city-state: the country wins
    ("Kiev", "Kyiv", "City"),
    ("Kyiv", "Kyiv", "City"),
    ("Washington", "Washington", "City"),
    ("Washington, D.C.", "Washington", "City"),
    ("Washington DC", "Washington", "City"),
    ("New Delhi", "New Delhi", "City"),
    ("Delhi", "Delhi", "City"),
    ("Bombay", "Mumbai", "City"),
    ("Nur-Sultan", "Astana", "City"),
    ("Saint Petersburg", "St. Petersburg", "City"),
    ("St Petersburg", "St. Petersburg", "City"),
    ("Ulan Bator", "Ulaanbaatar", "City"),
    ("Chisinau", "Chișinău", "City"),
    ("the Hague", "The Hague", "City"),
    ("Malé", "Malé", "City"),
    ("New York City", "New York", "City"),
    ("Samarkand", "Samarkand", "City"),
    ("Crimea", "Crimea", "City"),
    ("Donetsk Oblast", "Donetsk region", "City"),
    ("Donetsk", "Donetsk", "City"),
    ("Gaza", "Gaza Strip", "City"),
    ("Donbass", "Donbas", "City"),
    ("NATO", "NATO", "Organization"),
    ("Nato", "NATO", "Organization"),
    ("the European Union", "European Union", "Organization"),
    ("EU", "European Union", "Organization"),
    ("U.N.", "United Nations", "Organization"),
    ("UN", "United Nations", "Organization"),
    ("Shanghai Cooperation Organisation", "Shanghai Cooperation Organization", "Organization"),
    ("G-20", "G20", "Organization"),
    ("Quad", "Quad", "Organization"),
    ("Quadrilateral Security Dialogue", "Quad", "Organization"),
    ("OPEC+", "OPEC+", "Organization"),
    ("OPEC", "OPEC", "Organization"),
    ("WHO", "World Health Organization", "Organization"),
    ("the Kremlin", "Kremlin", "Organization"),
    ("U.S. State Department", "State Department", "Organization"),
    ("Elysee", "Élysée Palace", "Organization"),
    ("MEA", "Ministry of External Affairs", "Organization"),
    ("Congress", "U.S. Congress", "Organization"),
    ("Duma", "State Duma", "Organization"),
    ("Agence France-Presse", "Agence France-Presse", "Organization"),
    ("AP", "Associated Press", "Organization"),
    ("the New York Times", "The New York Times", "Organization"),
    ("The Hindu", "The Hindu", "Organization"),
    ("the Hindu", "The Hindu", "Organization"),
    ("Dawn", "Dawn", "Organization"),
    ("Chinese Communist Party", "Communist Party of China", "Organization"),
    ("BJP", "Bharatiya Janata Party", "Organization"),
    ("Twitter", "X", "Organization"),
    ("X", "X", "Organization"),
    ("ISW", "Institute for the Study of War", "Organization"),
    ("Houthi", "Houthis", "Organization"),
])
def test_lookup(gaz, surface, name, cls):
    entry = gaz.lookup(surface)
    assert entry is not None, surface
    assert (entry.name, entry.cls) == (name, cls)


@pytest.mark.parametrize("surface", [
    "us", "Us", "who", "x", "turkey", "china", "dawn", "congress", "male", "nice",
    "Hindu", "Hague", "Europe", "Foo", "", "the", "General", "President",
])
def test_lookup_misses(gaz, surface):
    assert gaz.lookup(surface) is None


def test_lookup_fields(gaz):
    russia = gaz.lookup("Russia")
    assert (russia.kind, russia.capital, russia.wikidata) == ("country", "Moscow", "Q159")
    assert "Russian" in russia.demonyms and "Russian Federation" in russia.aliases
    kremlin = gaz.lookup("Kremlin")
    assert (kremlin.kind, kremlin.country) == ("government", "Russia")
    kyiv = gaz.lookup("Kiev")
    assert (kyiv.kind, kyiv.country, kyiv.wikidata) == ("capital", "Ukraine", "Q1899")
    assert gaz.lookup("Crimea").kind == "region"
    assert gaz.lookup("Reuters").kind == "media"
    assert not any(alias.startswith("=") for e in gaz.entries() for alias in e.aliases)


@pytest.mark.parametrize("text, key", [
    ("U.S.", "us"),
    ("the United States", "united states"),
    ("The  Kremlin's", "kremlin"),
    ("Türkiye", "turkiye"),
    ("Russia’s", "russia"),
    ("Washington, D.C.", "washington dc"),
    ("Guinea-Bissau", "guinea bissau"),
])
def test_fold(text, key):
    assert fold(text) == key


# --- demonyms -----------------------------------------------------------------------------

@pytest.mark.parametrize("word, country", [
    ("Russian", "Russia"), ("Russians", "Russia"), ("American", "United States"),
    ("Chinese", "China"), ("Indian", "India"), ("British", "United Kingdom"),
    ("Briton", "United Kingdom"), ("Kazakh", "Kazakhstan"), ("Kazakhstani", "Kazakhstan"),
    ("Uzbek", "Uzbekistan"), ("Uzbekistani", "Uzbekistan"), ("Kyrgyz", "Kyrgyzstan"),
    ("Tajik", "Tajikistan"), ("Turkmen", "Turkmenistan"), ("Belarusian", "Belarus"),
    ("Ukrainian", "Ukraine"), ("Pakistani", "Pakistan"), ("Iranian", "Iran"),
    ("South African", "South Africa"), ("South Africans", "South Africa"),
    ("Turkish", "Turkey"), ("Emirati", "United Arab Emirates"), ("Saudi", "Saudi Arabia"),
    ("Israeli", "Israel"), ("Palestinian", "Palestine"), ("Soviet", "Soviet Union"),
    ("Filipino", "Philippines"), ("Filipinos", "Philippines"), ("Brazilian", "Brazil"),
    ("North Korean", "North Korea"), ("South Korean", "South Korea"), ("Swiss", "Switzerland"),
    ("Dutch", "Netherlands"), ("Frenchmen", "France"), ("Ivorian", "Ivory Coast"),
    ("Nigerien", "Niger"), ("Nigerian", "Nigeria"), ("Azeri", "Azerbaijan"),
    ("Burmese", "Myanmar"), ("Congolese", "Democratic Republic of the Congo"),
    ("Kosovar", "Kosovo"), ("East German", "East Germany"), ("Yugoslav", "Yugoslavia"),
])
def test_demonym(gaz, word, country):
    entry = gaz.demonym(word)
    assert entry is not None and entry.name == country


@pytest.mark.parametrize("word", ["russian", "american", "Korean", "Arab", "Russia", "", "Moscow"])
def test_demonym_misses(gaz, word):
    assert gaz.demonym(word) is None


# --- titles -------------------------------------------------------------------------------

@pytest.mark.parametrize("phrase, role, scope", [
    ("president", "leader", "any"),
    ("President", "leader", "any"),
    ("the former Prime Minister", "leader", "country"),
    ("acting president", "leader", "any"),
    ("interim premier", "leader", "country"),
    ("then-Chancellor", "leader", "country"),
    ("President-elect", "leader", "country"),
    ("Crown Prince", "leader", "country"),
    ("Supreme Leader", "leader", "country"),
    ("Secretary-General", "leader", "org"),
    ("secretary general", "leader", "org"),
    ("Taoiseach", "leader", "country"),
    ("special envoy", "representative", "any"),
    ("ambassador", "representative", "country"),
    ("spokeswoman", "representative", "any"),
    ("National Security Advisor", "representative", "country"),
    ("foreign minister", "representative", "country"),
    ("Secretary of State", "representative", "country"),
    ("deputy prime minister", "affiliated", "country"),
    ("Defence Minister", "affiliated", "country"),
    ("defense minister", "affiliated", "country"),
    ("CEO", "affiliated", "org"),
    ("professor", "affiliated", "org"),
    ("MP", "affiliated", "country"),
    ("son-in-law", "relative", "person"),
    ("ex-wife", "relative", "person"),
    ("first lady", "relative", "person"),
])
def test_title(gaz, phrase, role, scope):
    title = gaz.title(phrase)
    assert title is not None, phrase
    assert (title.role, title.scope) == (role, scope)


@pytest.mark.parametrize("phrase", ["table", "the", "", "former", "Moscow", "mr"])
def test_title_misses(gaz, phrase):
    assert gaz.title(phrase) is None


def test_titles_sorted_longest_first(gaz):
    lengths = [len(t.phrase) for t in gaz.titles_sorted()]
    assert lengths == sorted(lengths, reverse=True)
    assert len(lengths) == len(rows("titles.csv")) >= 120


# --- countries and capitals ---------------------------------------------------------------

@pytest.mark.parametrize("country, capital", [
    ("India", "New Delhi"), ("Russia", "Moscow"), ("United States", "Washington"),
    ("China", "Beijing"), ("Ukraine", "Kyiv"), ("Kazakhstan", "Astana"),
    ("South Africa", "Pretoria"), ("Soviet Union", "Moscow"), ("Singapore", "Singapore"),
])
def test_capital_of(gaz, country, capital):
    entry = gaz.capital_of(country)
    assert entry is not None and entry.name == capital and entry.cls == "City"


def test_country(gaz):
    assert gaz.country("Russia").wikidata == "Q159"
    assert gaz.country("Chad").name == "Chad"
    assert gaz.country("U.S.").name == "United States"
    assert gaz.country("Moscow") is None
    assert gaz.capital_of("Atlantis") is None


def test_load_is_cached():
    assert load() is load()


def test_construction_is_fast():
    best = min(_timed(Gazetteer) for _ in range(3))
    assert best < 0.2


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# --- the data files themselves ------------------------------------------------------------

FILES = ["countries.csv", "places.csv", "organizations.csv", "titles.csv"]


@pytest.mark.parametrize("name", FILES)
def test_file_has_source_header(name):
    first = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ")
    assert "Source:" in (DATA_DIR / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", FILES)
def test_no_duplicate_canonical_names(name):
    key = "phrase" if name == "titles.csv" else "name"
    names = [row[key] for row in rows(name)]
    assert len(names) == len(set(names)), {n for n in names if names.count(n) > 1}


@pytest.mark.parametrize("name", FILES[:3])
def test_wikidata_ids_look_right(name):
    ids = [row["wikidata"] for row in rows(name) if row["wikidata"]]
    assert all(re.fullmatch(r"Q[1-9]\d*", q) for q in ids)
    assert len(ids) == len(set(ids)), {q for q in ids if ids.count(q) > 1}


def test_all_sovereign_states_present():
    countries = rows("countries.csv")
    assert len(countries) >= 195
    iso = {row["iso2"] for row in countries}
    # Every UN member in ISO 3166-1 is a row (ISO also lists dependencies, which we skip).
    for code in ["AF", "BR", "CN", "FJ", "IN", "KZ", "NG", "RU", "TV", "US", "VA", "ZW"]:
        assert code in iso


def test_iso2_agrees_with_pycountry():
    for row in rows("countries.csv"):
        code = row["iso2"]
        if not code or code == "XK":
            continue
        known = pycountry.countries.get(alpha_2=code) or any(
            c.alpha_2 == code for c in pycountry.historic_countries)
        assert known, (row["name"], code)


def test_no_demonym_names_two_countries():
    seen: dict[str, str] = {}
    for row in rows("countries.csv"):
        for demonym in split(row["demonyms"]):
            assert seen.setdefault(fold(demonym), row["name"]) == row["name"], demonym


def test_every_place_country_exists():
    countries = {row["name"] for row in rows("countries.csv")}
    for name in ("places.csv", "organizations.csv"):
        for row in rows(name):
            assert not row["country"] or row["country"] in countries, (name, row["name"])


def test_every_capital_is_a_place():
    places = {row["name"]: row for row in rows("places.csv")}
    for row in rows("countries.csv"):
        if row["capital"]:
            assert row["capital"] in places, (row["name"], row["capital"])
    capitals = {row["capital"] for row in rows("countries.csv")}
    for place in places.values():
        if place["kind"] == "capital":
            assert place["name"] in capitals, place["name"]


def test_place_kinds_and_title_vocabularies():
    assert {row["kind"] for row in rows("places.csv")} == {"capital", "city", "region"}
    for row in rows("titles.csv"):
        assert row["phrase"] == row["phrase"].lower()
        assert row["role"] in ROLES and row["scope"] in SCOPES


def test_aliases_do_not_shadow_other_countries():
    """An alias of one country must not be another country's name ("Congo" only once)."""
    names = {fold(row["name"]): row["name"] for row in rows("countries.csv")}
    for row in rows("countries.csv"):
        for alias in split(row["aliases"]):
            assert names.get(fold(alias), row["name"]) == row["name"], (row["name"], alias)


# --- malformed data -----------------------------------------------------------------------

def _copy_data(tmp_path: Path) -> Path:
    for name in FILES:
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def test_bad_wikidata_is_reported_with_line(tmp_path):
    data = _copy_data(tmp_path)
    path = data / "organizations.csv"
    path.write_text(path.read_text(encoding="utf-8") + "Foo,,media,,159\n", encoding="utf-8")
    with pytest.raises(KgError, match=r"organizations\.csv:\d+: wikidata id '159'"):
        Gazetteer(data)


def test_bad_title_role_lists_choices(tmp_path):
    data = _copy_data(tmp_path)
    path = data / "titles.csv"
    path.write_text(path.read_text(encoding="utf-8") + "boss,ruler,any\n", encoding="utf-8")
    with pytest.raises(KgError, match="leader, representative, affiliated, relative"):
        Gazetteer(data)


def test_missing_column_is_reported(tmp_path):
    data = _copy_data(tmp_path)
    (data / "places.csv").write_text("# c\nname,aliases\nParis,\n", encoding="utf-8")
    with pytest.raises(KgError, match=r"places\.csv:2: missing column"):
        Gazetteer(data)
