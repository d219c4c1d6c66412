"""The studies a review cites: its reference list read as records, each with the passages
that cite it, and the reference-manager formats (BibTeX, RIS) to take them away.

Reference entries are read in the Vancouver/NLM form most biomedical reviews use
("Zhang PF, Gao C, Huang XY, et al. Title. Mol Cancer 2020;19:110."). An entry that does
not read that way (a book chapter, a web page, a cut-off line, another style) still
becomes a `Study`: whatever could be read is filled in, the title falls back to the
entry's text, and `parsed` says which parts were read. Nothing here raises on an entry.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import quote_plus

from source.model import Passage, Reference, Review
from source.passages import build_passages
from source.text import find_refs, split_sentences

# A literature search for a title, opened by the user's browser (the app fetches nothing).
SEARCH_URL = "https://pubmed.ncbi.nlm.nih.gov/?term={query}"
EXCERPT_CHARS = 240

# "Zhang PF", "Hervás-stubbs S", "Jaffar Ali D", "El-Awady R": a surname of up to four
# words, then initials. Bounded repeats keep the match linear on any line.
_NAME = r"[^\W\d_][\w'’.\-]{0,40}(?: [^\W\d_][\w'’\-]{0,40}){0,3}"
_AUTHOR = rf"{_NAME} [A-Z]{{1,4}}"
_AUTHORS_RE = re.compile(
    rf"^(?P<authors>{_AUTHOR}(?:,\s*{_AUTHOR}){{0,60}}(?P<etal>,\s*et al)?)\.\s+(?P<rest>.+)$"
)
# "RESORCE Investigators." after the authors is a group name, not the title.
_GROUP_RE = re.compile(r"^(?P<group>[^.]{2,80}\b(?:Investigators|Group|Consortium|"
                       r"Collaborators|Committee))\.\s+(?P<rest>.+)$")
# "Title. Journal Abbrev 2020;19:110." -- the journal (no full stops in NLM
# abbreviations) sits right before the year; the title is everything before it.
_TAIL_RE = re.compile(
    r"^(?P<title>.+[.?!])\s+(?P<journal>[^.?!;]{2,90}?)\.?\s+(?P<year>(?:19|20)\d{2})"
    r"(?P<tail>(?:[;:,.(].*)?)$"
)
_VOLUME_RE = re.compile(r"^\s*;\s*(?P<volume>[^:;.\s]{1,12})(?:\s*:\s*(?P<pages>[^.;\s]+))?")
_BOOK_RE = re.compile(r"^(?P<title>.+?[.?!])\s+In:\s*(?P<container>.+)$")
_YEAR_RE = re.compile(r"\b((?:19|20)\d{2})\b")
_DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s|]+[^\s|.,;])")
_ACCESSED_RE = re.compile(r"\[?\b(?:last )?accessed(?: on)? [^\]]*\]?", re.IGNORECASE)
_URL_RE = re.compile(r"https?://\S+[^\s.,;)]")


@dataclass(frozen=True)
class Mention:
    """A passage of the review that cites a study: where, and the words that cite it."""

    passage_id: str
    kind: str
    section: str
    excerpt: str


@dataclass(frozen=True)
class Study:
    """One entry of the reference list, read into its parts.

    `authors` are as printed ("Zhang PF"); `et_al` is true when the list was cut with
    "et al."; `parsed` names what could be read ("authors", "title", "journal", "year").
    """

    n: int
    text: str
    authors: tuple[str, ...] = ()
    et_al: bool = False
    title: str = ""
    journal: str = ""
    year: int | None = None
    volume: str = ""
    pages: str = ""
    doi: str = ""
    url: str = ""
    kind: str = "article"  # article | chapter | other
    parsed: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = field(default=(), hash=False)

    @property
    def first_author(self) -> str:
        return self.authors[0] if self.authors else ""

    @property
    def short(self) -> str:
        """"Zhang et al. 2020", "Galle 2008", or "ref. 40" when no author was read."""
        if not self.authors:
            return f"ref. {self.n}"
        surname = self.authors[0].rsplit(" ", 1)[0]
        who = surname + (" et al." if self.et_al or len(self.authors) > 2 else
                         f" and {self.authors[1].rsplit(' ', 1)[0]}"
                         if len(self.authors) == 2 else "")
        return f"{who} {self.year}" if self.year else who

    @property
    def search_url(self) -> str:
        """A PubMed search for the study's title (or its entry when no title was read)."""
        return SEARCH_URL.format(query=quote_plus(self.title or self.text))

    def to_json(self) -> dict[str, object]:
        return {
            "n": self.n, "authors": list(self.authors), "et_al": self.et_al,
            "title": self.title, "journal": self.journal, "year": self.year,
            "volume": self.volume, "pages": self.pages, "doi": self.doi, "url": self.url,
            "kind": self.kind, "parsed": list(self.parsed), "text": self.text,
            "search_url": self.search_url,
            "cited_in": [{"passage_id": m.passage_id, "kind": m.kind, "section": m.section,
                          "excerpt": m.excerpt} for m in self.mentions],
        }


# -- reading one entry ---------------------------------------------------------------------


def parse_reference(n: int, text: str) -> Study:
    """`text` (one reference-list entry) read into a `Study`; never raises."""
    text = " ".join(str(text).split())
    doi = m.group(1) if (m := _DOI_RE.search(text)) else ""
    url = m.group(0) if (m := _URL_RE.search(text)) else ""
    m = _AUTHORS_RE.match(text)
    if not m:
        year = _year_in(text)
        return Study(n=n, text=text, title=text, year=year, doi=doi, url=url, kind="other",
                     parsed=("year",) if year else ())
    authors = tuple(a.strip() for a in m.group("authors").split(",")
                    if a.strip() and a.strip() != "et al")
    rest = m.group("rest")
    if g := _GROUP_RE.match(rest):
        rest = g.group("rest")
    base = Study(n=n, text=text, authors=authors, et_al=bool(m.group("etal")), doi=doi, url=url)
    return _read_rest(base, rest)


def _read_rest(base: Study, rest: str) -> Study:
    """Title, journal, year, volume and pages of what follows the authors."""
    parsed = ["authors"]
    if book := _BOOK_RE.match(rest):
        year = _year_in(book.group("container"))
        parsed += ["title"] + (["year"] if year else [])
        return _replace(base, title=_strip_end(book.group("title")), year=year,
                        journal=_book_name(book.group("container")), kind="chapter",
                        parsed=tuple(parsed))
    tail = _TAIL_RE.match(rest)
    if not tail:
        first = split_sentences(rest)[0] if rest else rest
        year = _year_in(rest)
        parsed += ["title"] + (["year"] if year else [])
        return _replace(base, title=_strip_end(first), year=year, kind="other",
                        parsed=tuple(parsed))
    vol = _VOLUME_RE.match(tail.group("tail") or "")
    return _replace(
        base, title=_strip_end(tail.group("title")), journal=tail.group("journal").strip(),
        year=int(tail.group("year")), volume=vol.group("volume") if vol else "",
        pages=(vol.group("pages") or "") if vol else "",
        parsed=(*parsed, "title", "journal", "year"))


def _replace(study: Study, **changes: object) -> Study:
    return replace(study, **changes)  # type: ignore[arg-type]


def _year_in(text: str) -> int | None:
    """The last year named in `text`, not counting a web page's "accessed on" date or URL."""
    text = _URL_RE.sub(" ", _ACCESSED_RE.sub(" ", text))
    years = _YEAR_RE.findall(text)
    return int(years[-1]) if years else None


def _strip_end(title: str) -> str:
    title = title.strip()
    return title[:-1] if title.endswith(".") else title


def _book_name(container: str) -> str:
    """"Xu J, editor. Regulation of cancer immune checkpoints. Singapore: ..." -> the book."""
    parts = [p.strip() for p in split_sentences(container)]
    for p in parts:
        if "editor" not in p.lower() and not _YEAR_RE.search(p):
            return _strip_end(p)
    return _strip_end(parts[0]) if parts else ""


# -- the studies of a review ---------------------------------------------------------------


def excerpt_for(passage: Passage, n: int, limit: int = EXCERPT_CHARS) -> str:
    """The words of `passage` that cite reference `n`: its citing sentences (a table row:
    its cells), cut to about `limit` characters."""
    if passage.kind == "table_row" and passage.cells:
        cells = [v for k, v in passage.cells.items() if v and k.lower() != "references"]
        text = " · ".join(cells)
    else:
        sentences = [s for s in split_sentences(passage.text) if n in find_refs(s)]
        text = " ".join(sentences) or passage.text
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def mentions_of(passages: Iterable[Passage]) -> dict[int, list[Mention]]:
    """Reference number -> the passages citing it, in reading order."""
    out: dict[int, list[Mention]] = {}
    for p in passages:
        for n in p.refs:
            out.setdefault(n, []).append(
                Mention(p.id, p.kind, p.section_path, excerpt_for(p, n)))
    return out


def build_studies(references: Mapping[int, Reference | str],
                  passages: Iterable[Passage] = ()) -> list[Study]:
    """Every reference-list entry as a `Study`, in number order, with its citing passages."""
    cited = mentions_of(passages)
    out = []
    for n in sorted(references):
        entry = references[n]
        text = entry.text if isinstance(entry, Reference) else str(entry)
        study = parse_reference(n, text)
        out.append(_replace(study, mentions=tuple(cited.get(n, ()))))
    return out


def studies_of(review: Review, passages: Sequence[Passage] | None = None) -> list[Study]:
    """The studies `review` cites (passages built from it unless given)."""
    if passages is None:
        passages = build_passages(review)
    return build_studies(review.references, passages)


# -- searching -----------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without accents, for matching ("Hervás" ~ "hervas")."""
    norm = unicodedata.normalize("NFKD", text)
    return "".join(c for c in norm if not unicodedata.combining(c)).lower()


def search_studies(studies: Iterable[Study], query: str) -> list[Study]:
    """The studies matching every word of `query`: a number ("14", "[14]", "ref 14") or a
    year matches exactly; other words match inside authors, title, journal or entry."""
    words = [w for w in re.findall(r"[^\s,;\[\]()]+", fold(query or "")) if w not in {"ref",
             "ref.", "refs", "reference"}]
    out = []
    for s in studies:
        hay = fold(" ".join((*s.authors, s.title, s.journal, s.text)))
        if all(_matches(s, hay, w) for w in words):
            out.append(s)
    return out


def _matches(study: Study, hay: str, word: str) -> bool:
    if word.isdigit():
        return int(word) == study.n or (study.year is not None and int(word) == study.year)
    return word in hay


def studies_for_refs(studies: Iterable[Study], refs: Iterable[int]) -> list[Study]:
    """The studies with the given numbers, in first-seen order, each once."""
    by_n = {s.n: s for s in studies}
    seen: dict[int, None] = {}
    for n in refs:
        if n in by_n:
            seen.setdefault(n, None)
    return [by_n[n] for n in seen]
