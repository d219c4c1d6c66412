"""Studies as reference-manager files: BibTeX and RIS, one entry per study.

Each entry carries what was read from the reference list (authors, title, journal, year,
volume, pages, DOI) and a note naming its number in the review, so an entry whose parts
could not all be read still says where it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from source.studies import Study, fold

# Characters with a meaning in (La)TeX that must be escaped inside BibTeX field values.
_TEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
                "^": r"\textasciicircum{}"}
_TEX_RE = re.compile("|".join(re.escape(c) for c in _TEX_SPECIAL))


def _tex(text: str) -> str:
    return _TEX_RE.sub(lambda m: _TEX_SPECIAL[m.group(0)], " ".join(text.split()))


def name_parts(author: str) -> tuple[str, str]:
    """"Zhang PF" -> ("Zhang", "P. F."); "Hervás-stubbs S" -> ("Hervás-stubbs", "S.")."""
    surname, _, initials = author.rpartition(" ")
    if not surname or not initials.isupper():
        return author, ""
    return surname, " ".join(f"{c}." for c in initials)


def _page_range(pages: str) -> tuple[str, str]:
    """"209-49" -> ("209", "249"); "110" -> ("110", "")."""
    first, sep, last = pages.partition("-")
    if not sep:
        return first, ""
    if last.isdigit() and first.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return first, last


def bibtex_key(study: Study, used: set[str]) -> str:
    """An ASCII key, "zhang2020ref14"; unique within `used` (which it updates)."""
    surname = name_parts(study.first_author)[0] if study.authors else "ref"
    base = re.sub(r"[^a-z0-9]", "", fold(surname)) or "ref"
    key = f"{base}{study.year or ''}ref{study.n}"
    while key in used:
        key += "x"
    used.add(key)
    return key


def _note(study: Study, source: str) -> str:
    where = f" of {source}" if source else ""
    return f"Reference [{study.n}]{where}. As printed: {study.text}"


def bibtex_entry(study: Study, key: str, source: str = "") -> str:
    """One BibTeX entry (@article when a journal was read, @incollection for a chapter,
    else @misc)."""
    kind = {"chapter": "incollection"}.get(study.kind, "article" if study.journal else "misc")
    authors = [", ".join(x for x in name_parts(a) if x) for a in study.authors]
    if study.et_al:
        authors.append("others")
    fields: list[tuple[str, str]] = []
    if authors:
        fields.append(("author", " and ".join(_tex(a) for a in authors)))
    fields.append(("title", "{" + _tex(study.title or study.text) + "}"))
    if study.journal:
        fields.append(("booktitle" if kind == "incollection" else "journal", _tex(study.journal)))
    if study.year:
        fields.append(("year", str(study.year)))
    if study.volume:
        fields.append(("volume", _tex(study.volume)))
    if study.pages:
        first, last = _page_range(study.pages)
        fields.append(("pages", _tex(f"{first}--{last}" if last else first)))
    if study.doi:
        fields.append(("doi", _tex(study.doi)))
    if study.url:
        fields.append(("url", _tex(study.url)))
    fields.append(("note", _tex(_note(study, source))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def to_bibtex(studies: Iterable[Study], source: str = "") -> str:
    """A BibTeX file of `studies`, one entry each; `source` names the citing review."""
    used: set[str] = set()
    return "\n".join(bibtex_entry(s, bibtex_key(s, used), source) for s in studies)


def ris_entry(study: Study, source: str = "") -> str:
    """One RIS record (TY JOUR / CHAP / GEN ... ER)."""
    kind = {"chapter": "CHAP"}.get(study.kind, "JOUR" if study.journal else "GEN")
    lines: list[tuple[str, str]] = [("TY", kind)]
    lines += [("AU", ", ".join(x for x in name_parts(a) if x)) for a in study.authors]
    lines.append(("TI", study.title or study.text))
    if study.journal:
        lines.append(("T2", study.journal))
    if study.year:
        lines.append(("PY", str(study.year)))
    if study.volume:
        lines.append(("VL", study.volume))
    if study.pages:
        first, last = _page_range(study.pages)
        lines.append(("SP", first))
        if last:
            lines.append(("EP", last))
    if study.doi:
        lines.append(("DO", study.doi))
    if study.url:
        lines.append(("UR", study.url))
    lines.append(("N1", _note(study, source)))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {' '.join(value.split())}" for tag, value in lines)


def to_ris(studies: Sequence[Study], source: str = "") -> str:
    """A RIS file of `studies`, one record each."""
    return "\n\n".join(ris_entry(s, source) for s in studies) + ("\n" if studies else "")
