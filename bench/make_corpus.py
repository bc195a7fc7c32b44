"""Write N realistic diplomatic-news articles for the benchmark (`bench/run.py`).

Each article recombines sentence templates of diplomatic reporting (calls, meetings,
visits, briefings, tariffs, sanctions, alliances, statements) with offices from
kg/data/titles.csv, countries, capitals and cities from kg/data/countries.csv and
places.csv, bodies from organizations.csv, dates, and invented people (none of them the
seed articles' people), so that every extractor has real work. The same seed gives the
same corpus.

    python bench/make_corpus.py -n 1000 -o /tmp/corpus.jsonl   # one JSON Lines file
    python bench/make_corpus.py -n 100 -o /tmp/corpus/         # one .txt file per article
"""
from __future__ import annotations

import argparse
import csv
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "kg" / "data"

# Invented people: first and last names recombined (no real office-holder intended).
FIRST = ("Amara Bence Caius Dalia Emre Farida Gustav Halima Ilse Jarek Kaveh Leonie Matthias Nadia "
         "Oskar Priya Quentin Rasa Soren Tamsin Ugo Vesna Wendell Ximena Yusuf Zofia Anselm Beatriz "
         "Cormac Delphine Eitan Fenna Goran Hiroko Ignacio Jovana Kasimir Lucinda Mateo Nilufar Orla "
         "Pavlo Rosalind Stellan Teodora Umberto Valeska Wilhelmina Yannick Zarina").split()
LAST = ("Albrecht Bergquist Castellanos Dimitrescu Eskandari Fairweather Galbraith Haddadin Ilunga "
        "Jankowski Kettleborough Lindqvist Mbatha Nakashima Okonkwo Pellegrino Quispe Rautenberg "
        "Szabolcs Thorvaldsen Umarova Varga-Lenz Whitcombe Yamaguchi-Ortiz Zelenkova Abernathy Brannigan "
        "Cuthbertson Drummond Ekwueme Faraday Gulliksen Hallorann Ivashchenko Jespersen Kowalewski "
        "Lachance Montague Norrington Ostrovsky Pemberton Ravensworth Sandoval Tremblay Underhill "
        "Vasconcelos Wainwright Ysebaert Zamorano").split()
OFFICES = ("president", "prime minister", "foreign minister", "defence minister", "finance minister",
           "trade minister", "special envoy", "ambassador", "national security adviser", "chancellor")
TOPICS = ("energy security", "grain exports", "the regional security situation", "trade and investment",
          "a ceasefire proposal", "nuclear non-proliferation", "climate finance", "migration",
          "debt relief", "critical minerals", "maritime security", "visa liberalisation")
# Bodies that countries join (all rows of organizations.csv); acronyms take no article.
BLOCS = ("NATO", "European Union", "African Union", "ASEAN", "BRICS", "Shanghai Cooperation Organization",
         "G20", "Arab League", "OPEC", "Commonwealth of Nations", "Organization of American States",
         "Gulf Cooperation Council", "Eurasian Economic Union", "Mercosur", "ECOWAS", "OECD", "APEC",
         "World Trade Organization")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@dataclass(frozen=True)
class Person:
    name: str
    office: str
    country: str
    demonym: str

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


class World:
    """The gazetteer-drawn cast: countries with capitals and demonyms, cities, bodies, people."""

    def __init__(self, rng: random.Random, people: int = 240) -> None:
        countries = [r for r in _rows("countries.csv") if r["capital"] and r["demonyms"] and r["iso2"]]
        self.countries = {r["name"]: (r["demonyms"].split("|")[0], r["capital"]) for r in countries}
        cities = [r for r in _rows("places.csv") if r["kind"] == "city" and r["country"] in self.countries]
        self.cities = [(r["name"], r["country"]) for r in cities]
        orgs = _rows("organizations.csv")
        known = {r["name"] for r in orgs}
        self.blocs = [b if b.isupper() or b[1:].isdigit() else f"the {b}" for b in BLOCS if b in known]
        self.bodies = [(r["name"], r["country"]) for r in orgs
                       if r["kind"] in {"government", "media", "thinktank"} and r["country"] in self.countries]
        names = sorted({f"{f} {ln}" for f in FIRST for ln in LAST})
        rng.shuffle(names)
        busy = sorted(self.countries)[:60]  # most people come from a few dozen countries
        self.people = []
        for name in names[:people]:
            country = rng.choice(busy)
            self.people.append(Person(name, rng.choice(OFFICES), country, self.countries[country][0]))


def _intro(p: Person) -> str:
    return f"{p.demonym} {p.office.title() if p.office != 'ambassador' else 'Ambassador'} {p.name}"


def _sentences(w: World, rng: random.Random, a: Person, b: Person, c: Person, day: str, when: str) -> tuple[list[str], list[str]]:
    """One article's lead sentences (fixed order) and body sentences (shuffled, some dropped)."""
    city, city_country = rng.choice(w.cities)
    ca, cb = w.countries[a.country][1], w.countries[b.country][1]
    bloc, bloc2 = rng.sample(w.blocs, 2)
    body, body_country = rng.choice(w.bodies)
    topic, topic2, topic3 = rng.sample(TOPICS, 3)
    pct = rng.choice((10, 15, 20, 25, 30, 50))
    lead = [
        f"On {day}, {_intro(a)} held a phone call with {_intro(b)} to discuss {topic}, "
        f"the latest in a series of contacts between the two governments this year.",
        f"{a.surname} told {b.surname} that {a.country} remained committed to {topic2}, according to a "
        f"statement released by the presidential office in {ca} after the conversation.",
        f"{_intro(c)}, who was not on the call, said in {c.country} that the talks were useful and that "
        f"{c.country} hoped to join future discussions on {topic3}.",
        f"The two leaders agreed to meet in {city} {when}, {a.surname}'s office said, without giving a date.",
    ]
    rest = [
        f"{city} is the largest city in the north of {city_country} and has hosted several rounds of talks.",
        f"Last month, {a.surname} visited {b.country} and met {b.surname} in {cb} for more than two hours.",
        f"{b.surname} hosted {a.surname} at a state dinner attended by {c.surname} and senior ministers.",
        f"{a.surname} also briefed {c.surname} on the outcome of the talks, according to diplomats familiar with the call.",
        f"{b.country} is a member of {bloc}, and {a.country} joined {bloc2} in {rng.randint(1992, 2021)}.",
        f"Separately, {b.country} imposed tariffs of {pct} percent on steel imports from {c.country} on {rng.choice(WEEKDAYS)}.",
        f"{body if body.startswith('The ') else 'The ' + body}, based in {body_country}, said the measures would hurt exporters and raise prices for consumers.",
        f"{c.surname} criticized {b.country} over the tariffs, calling them a breach of trade rules that "
        f"would damage confidence across the region.",
        f"{a.country} sanctioned three companies accused of supplying drones and spare parts to armed groups.",
        f"{b.surname} said {b.country} supports {a.country}'s bid to host the next summit of {bloc}.",
        f"{a.surname} is expected to travel to {c.country} {when} for talks with {c.surname} on {topic3}.",
        f"Analysts in {ca} said the contacts showed a cautious thaw after months of tension over {topic}.",
        f"Trade between {a.country} and {b.country} reached ${rng.randint(2, 90)} billion last year, "
        f"official data show, most of it in energy, machinery and farm goods.",
        f"Neither side gave details of the timetable, and officials in {cb} declined to comment on {topic2}.",
        f"{c.surname} spoke with {a.surname} by telephone on {rng.choice(WEEKDAYS)} about {topic2} and {topic3}.",
        f"Ministers from both countries will meet again in {cb} before the end of the year to prepare the visit.",
        f"Observers noted that {bloc} has struggled to agree on a common position on {topic}, "
        f"with several members calling for a slower approach.",
        f"In a post on social media, {b.surname} described the conversation as frank and constructive.",
        f"The {a.demonym} foreign ministry said both sides had stressed the importance of dialogue and "
        f"of respecting international law.",
        f"Diplomats said a joint statement on {topic3} could be signed when the leaders meet in {city}.",
        f"{a.surname} and {b.surname} last met on the sidelines of a summit of {bloc2} two years ago.",
        f"Opposition lawmakers in {cb} urged the government to publish the full text of any agreement.",
        f"The call came a day after {c.surname} warned that {topic} could dominate the agenda for months.",
        f"Markets in {ca} rose slightly after the statement, and the currency gained against the dollar.",
    ]
    return lead, rest


def article(w: World, rng: random.Random, i: int, start: date) -> dict[str, str]:
    """One article as a JSON Lines record: id, title, date, url, text (about 400 to 600 words)."""
    a, b, c = rng.sample(w.people, 3)
    published = start + timedelta(days=rng.randrange(900))
    day = WEEKDAYS[(published.weekday() - rng.randint(1, 3)) % 7]
    when = rng.choice(("next month", "later this year", f"in {rng.choice(('March', 'June', 'October'))}"))
    lead, rest = _sentences(w, rng, a, b, c, day, when)
    rng.shuffle(rest)
    body = lead + rest[: rng.randint(14, len(rest))]
    paragraphs = [" ".join(body[k:k + 3]) for k in range(0, len(body), 3)]
    title = f"{a.surname} and {b.surname} discuss {rng.choice(TOPICS)} in call"
    return {"id": f"bench-{i:07d}", "title": title, "date": published.isoformat(),
            "url": f"https://news.example.org/{published:%Y/%m}/{i}", "text": "\n\n".join(paragraphs)}


def generate(n: int, *, seed: int = 13) -> Iterator[dict[str, str]]:
    """The n articles of a seed, as records."""
    rng = random.Random(seed)
    world = World(rng)
    for i in range(n):
        yield article(world, rng, i, date(2023, 1, 1))


def write(n: int, out: Path, *, seed: int = 13) -> Path:
    """Write n articles to `out`: one .jsonl file, or a folder of .txt files. Returns `out`."""
    if out.suffix == ".jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf-8") as fh:
            for rec in generate(n, seed=seed):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return out
    out.mkdir(parents=True, exist_ok=True)
    for rec in generate(n, seed=seed):
        (out / f"{rec['id']}.txt").write_text(f"{rec['title']}\n\n{rec['date']}\n\n{rec['text']}\n", encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100, help="number of articles")
    parser.add_argument("-o", "--out", type=Path, required=True, help="a .jsonl file or a folder for .txt files")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    print(write(args.n, args.out, seed=args.seed))


if __name__ == "__main__":
    main()
