"""Text cleaning: strip the boilerplate that scraping leaves around an article's body.

Every rule is general — a pattern found on many news sites (cookie banners,
"Related posts" lists, share buttons, photo credits, "Headline | Section |
site.tld" headers) — never a string of one particular site. Rules remove whole
lines only and never edit characters inside a sentence, because evidence
offsets refer to the cleaned text. Cleaning is idempotent: `clean_text` runs
its rules to a fixpoint, so cleaning a cleaned body changes nothing.
"""
from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable
from difflib import SequenceMatcher

from kg.ingest.dates import date_line

Lines = list[str]

_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u2060\u00ad"))  # BOM, zero-width, soft hyphen
_HSPACE = re.compile(r"[^\S\n]+")
_WORD = re.compile(r"\w+")
_SOCIAL_TOKEN = re.compile(r"[\w+]+")
_SENTENCE_END = re.compile(r"[.,;:][\"'”’)\]]*$")  # a line ending like this is prose
_DOMAIN = re.compile(r"(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}", re.I)

_NAV = re.compile(
    r"(?:skip to (?:the )?(?:main )?(?:content|navigation)|exit mobile version|toggle (?:navigation|menu)"
    r"|(?:back|go|return) to top|(?:open |close |main )?menu|search|close|home|loading|print"
    r"|e-?mail|advertisements?|advert|sponsored(?: content| post)?|paid content|promoted content"
    r"|(?:story|article) continues (?:below|after (?:this )?advertisement)(?: advertisement)?"
    r"|continue reading(?: below| the main story)?|scroll (?:down )?to continue(?: with content)?"
    r"|share(?: this)?(?: article| story| post| page)?(?: on| via)?|all rights reserved"
    r"|leave a (?:comment|reply)|\d* ?comments?|(?:log|sign) ?in|subscribe(?: now)?)\W*",
    re.I,
)
_SITE_ICON = re.compile(r"site (?:icon|logo)\b.*", re.I)
_COPYRIGHT = re.compile(r"(?:©|copyright\s*(?:©|\(c\)|\d{4})).*|.*\ball rights reserved\b.*", re.I)
_COOKIE = re.compile(r"\bcookies?\b", re.I)
_COOKIE_BANNER = re.compile(
    r"\b(?:we use|this (?:web)?site|our (?:web)?site|by (?:continuing|using|clicking)"
    r"|your (?:browsing )?experience|accept(?: all)?(?: cookies)?\W*$|opt[- ]?out|cookie (?:policy|settings))",
    re.I,
)
_NEWSLETTER = re.compile(r"\b(?:newsletters?|inbox)\b", re.I)
_SIGN_UP = re.compile(r"\b(?:sign(?:\s|-)?up|subscribe|join|register|delivered)\b", re.I)
_SIGN_UP_LINE = re.compile(r"(?:sign up|subscribe|register)(?: now| today| here)? (?:for|to)\b[^.]*", re.I)
_RELATED = re.compile(
    r"(?:related(?: posts?| articles?| stories| news| content| coverage| reading| links| topics)?"
    r"|read (?:more|also|next)|also read|see also|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)"
    r"|recommended(?: for you| stories| articles| reading| videos?)?|(?:further|suggested) reading"
    r"|more (?:stories|news|articles|coverage|from [^.]{1,40}|on this (?:story|topic))"
    r"|trending(?: now| stories)?|most (?:read|popular|viewed)|popular (?:posts|stories|now)"
    r"|top stories|latest (?:news|stories|posts)|don[’']?t miss|editor[’']?s picks)\W*",
    re.I,
)
_LINK_LINE = re.compile(
    r"(?:read more|read also|also read|related|see also|watch|listen|recommended)\s*[:|»›>]+.*", re.I
)
_BYLINE = re.compile(r"(?i:by)\s+[A-Z][\w.'’-]*(?:[\s,]+(?:[A-Z][\w.'’-]*|and|&|in|for|of))*")
_PHOTO_CREDIT = re.compile(
    r"\(?(?:[A-Z]{2,6}\s+)?(?:photo credits?|image credits?|photo(?:graph)?s?|images?|pictures?|pic"
    r"|credits?|illustration|file photo)\s*(?::|/|\bby\b)\s*[^.!?]{1,80}\)?",
    re.I,
)
_CREDIT_GLUE = {"via", "and", "&", "for", "of", "the", "de", "van", "von"}
_SOCIAL = {
    "facebook", "twitter", "x", "linkedin", "whatsapp", "telegram", "reddit", "pinterest",
    "instagram", "youtube", "tiktok", "bluesky", "flipboard", "messenger", "tumblr", "vk", "threads",
}  # fmt: skip
_SOCIAL_GLUE = {
    "share", "shares", "tweet", "on", "this", "article", "story", "via", "email", "e", "mail",
    "print", "copy", "link", "sms", "follow", "us", "and", "or", "the", "google", "news",
    "opens", "in", "new", "window", "tab",
}  # fmt: skip


def normalize(text: str) -> str:
    """Return `text` as NFC with one kind of newline, single spaces and at most one blank line in a row.

    Characters inside sentences are kept (curly quotes stay curly); only control
    and invisible characters go, and runs of spaces/tabs become one space.
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROL.sub("", text).translate(_INVISIBLE)
    text = _HSPACE.sub(" ", unicodedata.normalize("NFC", text))
    return _join(text.split("\n"))


def _join(lines: Lines) -> str:
    """Join lines, stripping each and collapsing 3+ newlines into 2."""
    text = "\n".join(line.strip(" ") for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


@functools.lru_cache(maxsize=4096)
def _key(s: str) -> str:
    """Comparison key: lower-cased words only, so punctuation and case do not matter."""
    return " ".join(_WORD.findall(s.casefold()))


def _similar(a: str, b: str) -> bool:
    """True if `a` and `b` are the same line, or nearly (a typo, a changed quote mark)."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    return ka == kb or (min(len(ka), len(kb)) >= 20 and SequenceMatcher(None, ka, kb).ratio() >= 0.9)


def _words(line: str) -> int:
    """Number of whitespace-separated words in `line`."""
    return len(line.split())


def headline_like(line: str) -> bool:
    """True for a short line that does not end like a sentence: a title, a heading, a link text."""
    return 0 < _words(line) <= 20 and not _SENTENCE_END.search(line)


def pipe_header(line: str) -> str | None:
    """Return the headline of a "Headline | Section | site.tld" line, or None if `line` is not one."""
    parts = [p.strip() for p in line.split("|")]
    if len(parts) < 2 or not all(parts) or not any(_DOMAIN.fullmatch(p) for p in parts):
        return None
    return next((p for p in parts if not _DOMAIN.fullmatch(p)), None) or None


def is_credit(line: str) -> bool:
    """True if `line` is only a photo credit ("Photo: Reuters", "Jane Doe/AFP", "(AP Photo/John Roe)")."""
    line = line.strip()
    if not line or _words(line) > 12:
        return False
    if _PHOTO_CREDIT.fullmatch(line):
        return True
    if "/" not in line or line[-1] in ".!?:;,":
        return False
    tokens = [t for t in re.split(r"[\s/]+", line.strip("()")) if t]
    left = line.strip("()").split("/")[0].split()
    return 1 <= len(left) <= 4 and all(t[:1].isupper() or t.lower() in _CREDIT_GLUE for t in tokens)


def _is_social(line: str) -> bool:
    """True for a row of share/follow buttons ("Share on Facebook Twitter WhatsApp Email")."""
    tokens = [m.group() for m in itertools.islice(_SOCIAL_TOKEN.finditer(line.casefold()), 15)]
    return 0 < len(tokens) <= 14 and any(t in _SOCIAL for t in tokens) and all(
        t in _SOCIAL or t in _SOCIAL_GLUE for t in tokens
    )


def _is_cookie_banner(line: str) -> bool:
    """True for a consent banner: mentions cookies in a site's voice ("we use", "accept")."""
    return bool(_COOKIE.search(line) and _COOKIE_BANNER.search(line)) and _words(line) <= 80


def _is_newsletter(line: str) -> bool:
    """True for a newsletter or sign-up prompt."""
    if _words(line) <= 15 and _SIGN_UP_LINE.fullmatch(line):
        return True
    return _words(line) <= 40 and bool(_NEWSLETTER.search(line) and _SIGN_UP.search(line))


BOILERPLATE: tuple[Callable[[str], bool], ...] = (
    lambda s: bool(_NAV.fullmatch(s)),
    lambda s: _words(s) <= 8 and bool(_SITE_ICON.fullmatch(s)),
    lambda s: _words(s) <= 20 and bool(_COPYRIGHT.fullmatch(s)),
    lambda s: _words(s) <= 30 and bool(_LINK_LINE.fullmatch(s)),
    _is_cookie_banner,
    _is_newsletter,
    _is_social,
    is_credit,
)


def is_boilerplate(line: str) -> bool:
    """True if `line`, on its own, is site furniture rather than article text."""
    return any(rule(line) for rule in BOILERPLATE)


def drop_boilerplate(lines: Lines) -> Lines:
    """Drop lines that are boilerplate wherever they stand (banners, buttons, credits)."""
    return [line for line in lines if not line or not is_boilerplate(line)]


def drop_related(lines: Lines) -> Lines:
    """Drop "Related posts"-like headings and the headline-like lines listed after them.

    The list ends at the first line that reads like prose (or at the end).
    """
    out: Lines = []
    in_list = False
    for line in lines:
        if _words(line) <= 8 and _RELATED.fullmatch(line):
            in_list = True
        elif in_list and (not line or headline_like(line) or date_line(line)):
            continue
        else:
            in_list = False
            out.append(line)
    return out


def drop_title_repeats(lines: Lines, title: str | None) -> Lines:
    """Drop lines that repeat the title: the title is kept apart from the body."""
    key = _key(title or "")
    return [line for line in lines if not key or _key(line) != key]


def _repeats(line: str, prev: str) -> bool:
    """True if `line` is `prev` again, or nearly `prev` plus a photo credit (a caption echo)."""
    key = _key(prev)
    if key and _key(line) == key:
        return True
    words = line.split()
    if not key or not words or words[-1][-1] in ".!?":  # no credit ends like a sentence
        return False
    for k in range(1, min(12, len(words) - 1) + 1):
        head, tail = " ".join(words[:-k]), " ".join(words[-k:])
        if is_credit(tail) and _similar(head, prev):
            return True
    return False


def drop_repeats(lines: Lines) -> Lines:
    """Drop a line that repeats the previous non-blank line (exactly, nearly, or plus a credit)."""
    out: Lines = []
    prev = ""
    for line in lines:
        if line and prev and _repeats(line, prev):
            continue
        out.append(line)
        prev = line or prev
    return out


def _first(lines: Lines) -> int | None:
    """Index of the first non-blank line, or None."""
    return next((i for i, line in enumerate(lines) if line), None)


def _top_furniture(line: str) -> bool:
    """True for a line that is furniture when it heads the text: a pipe header, a lone date, a byline."""
    is_byline = _words(line) <= 12 and bool(_BYLINE.fullmatch(line))
    return bool(pipe_header(line) or date_line(line) or is_byline)


def drop_top_furniture(lines: Lines) -> tuple[Lines, str | None]:
    """Drop the header lines at the top: "Headline | Section | site.tld", a lone date, a byline.

    Returns the remaining lines and the headline of the first pipe header (or None).
    """
    headline = None
    i = _first(lines)
    while i is not None and _top_furniture(lines[i]):
        headline = headline or pipe_header(lines[i])
        lines = lines[:i] + lines[i + 1 :]
        i = _first(lines)
    return lines, headline


def _pass(lines: Lines, title: str | None) -> tuple[Lines, str | None]:
    """Apply every rule once; return the lines and the title (set from a header if it was None)."""
    lines, headline = drop_top_furniture(drop_boilerplate(lines))
    title = title or headline
    lines = [line for line in lines if pipe_header(line) is None]  # also lower down
    lines = drop_title_repeats(lines, title)
    lines = drop_related(lines)
    lines = drop_repeats(lines)
    return _join(lines).split("\n"), title


def _fixpoint(lines: Lines, title: str | None) -> tuple[Lines, str | None]:
    """Apply the rules until nothing changes (each pass only removes lines, so this ends)."""
    while True:
        new, title = _pass(lines, title)
        if new == lines:
            return lines, title
        lines = new


def take_title(lines: Lines) -> tuple[Lines, str | None]:
    """Take a headline-like first line followed by more text as the title."""
    i = _first(lines)
    if i is None or not any(lines[i + 1 :]):
        return lines, None
    top = lines[i]
    initial = next((c for c in top if c.isalnum()), "")
    if _words(top) < 2 or not headline_like(top) or not (initial.isupper() or initial.isdigit()):
        return lines, None
    return lines[:i] + lines[i + 1 :], top


def _norm_title(title: str | None) -> str | None:
    """Normalise a title like body text (one line); an empty title is no title."""
    title = re.sub(r"\s+", " ", normalize(title or ""))
    return title or None


def clean_body(text: str, *, title: str | None = None) -> str:
    """Return the cleaned body of `text`; lines repeating `title` are dropped. Idempotent."""
    lines, _ = _fixpoint(normalize(text).split("\n"), _norm_title(title))
    return _join(lines)


# "KYIV -", "NEW DELHI:", "BELEM, Brazil, March 26 (Reuters) -", "WASHINGTON (AP) —",
# "MOSCOW, August 5. /TASS/." opening a paragraph.
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3})"
    r"(?P<rest>(?:, ?[A-Z][\w.'’ -]{1,30}?){0,2}(?: ?\([A-Z][\w.&' -]{0,30}\))?)"
    r" ?(?:[-–—]{1,2}|:|\. ?/[A-Z][A-Za-z-]+/\.) (?=[\"“‘'(]?[A-Z0-9])"  # "MOSCOW, August 5. /TASS/."
)
_DATELINE_LINES = 3  # a dateline opens one of the first paragraphs (after a byline, say)


def mark_dateline(lines: Lines) -> Lines:
    """Write an upper-case dateline as a place name on a line of its own: "KYIV - Ursula von
    der Leyen arrived" becomes "Kyiv -" and "Ursula von der Leyen arrived" (same length, so
    offsets hold), or NER reads "KYIV - Ursula von der Leyen" as one name and BELEM as an
    organisation. An upper-case word the gazetteer knows as an organisation ("NATO -") is
    not a dateline."""
    from kg.gazetteer import load

    out, seen = list(lines), 0
    for i, line in enumerate(out):
        if not line:
            continue
        seen += 1
        if seen > _DATELINE_LINES:
            break
        m = _DATELINE.match(line)
        if not m or sum(c.isalpha() for c in m["place"]) < 3:
            continue
        known = load().lookup(m["place"])
        if known is not None and known.cls not in ("City", "Country"):
            continue
        head = m.group()
        out[i] = m["place"].title() + head[len(m["place"]):-1] + "\n" + line[m.end():]
    return out


def clean_text(text: str, *, title: str | None = None) -> tuple[str, str | None]:
    """Return (body, title) of a scraped article.

    The title is `title` if given, else the headline of a "Headline | Section |
    site.tld" header, else a headline-like first line. It never stays in the body.
    `clean_text(body, title=title)` returns the same pair again.
    """
    title = _norm_title(title)
    lines, title = _fixpoint(normalize(text).split("\n"), title)
    if title is None:
        lines, title = take_title(lines)
        lines, title = _fixpoint(lines, title)
    return _join(mark_dateline(lines)), title
