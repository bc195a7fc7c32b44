"""Enrich countries.csv with the ISO 3166 names that pycountry knows (run by hand, not at runtime).

    python kg/data/make_countries.py [PATH]

For every row whose `iso2` is an ISO 3166-1 code (or a former ISO 3166-3 code), the
pycountry `name`, `official_name` and `common_name` are added to `aliases` when they
are not already the canonical name or an alias; names written "Korea, Republic of"
(inverted, with a comma) are skipped because news never writes them so, and so is
a name that is already another row's alias ("Congo" stays with the DR Congo). The script
also fails when an `iso2` is unknown to pycountry, so typos cannot slip in.
Idempotent: running it twice changes nothing. Comment lines (`# ...`) are kept.
"""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent
# Codes outside ISO 3166-1 that the file uses on purpose: Kosovo's user-assigned code.
NOT_ISO = {"XK", ""}


def iso_names(iso2: str) -> list[str]:
    """Return pycountry's English names for `iso2`; raise ValueError when it is unknown."""
    country = pycountry.countries.get(alpha_2=iso2)
    if country is None:
        country = next((c for c in pycountry.historic_countries if c.alpha_2 == iso2), None)
    if country is None:
        raise ValueError(f"iso2 {iso2!r} is not an ISO 3166 code")
    names = [getattr(country, attr, None) for attr in ("name", "official_name", "common_name")]
    return [n for n in names if n and "," not in n and "(" not in n]


def _key(name: str) -> str:
    """Case- and article-insensitive key, enough to spot an alias already present."""
    name = name.lstrip("=").casefold()
    return name[4:] if name.startswith("the ") else name


def enrich(path: Path) -> None:
    """Rewrite `path` in place with pycountry names merged into each row's aliases."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    comments = [line for line in lines if line.startswith("#")]
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    owner = {}  # alias key -> the row's name that has it (an ISO name never moves an alias)
    for row in rows:
        for alias in [row["name"], *row["aliases"].split("|")]:
            owner.setdefault(_key(alias), row["name"])
    for row in rows:
        if row["iso2"] in NOT_ISO:
            continue
        aliases = [a for a in row["aliases"].split("|") if a]
        for name in iso_names(row["iso2"]):
            if owner.setdefault(_key(name), row["name"]) == row["name"] and not any(
                _key(a) == _key(name) for a in [row["name"], *aliases]
            ):
                aliases.append(name)
        row["aliases"] = "|".join(aliases)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text("".join(comments) + out.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    enrich(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "countries.csv")
