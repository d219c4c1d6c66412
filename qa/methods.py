"""A detail of a study's methods asked for: which cell line, mouse strain, supplier,
sequencing platform, passage number, seed sequence, editing efficiency, kit or protocol,
isolation method, machine or reporter.

A review tells what studies found; it seldom tells how they worked. A question asking
for such a detail is answered only by evidence that names it: the detail's own word
("strain", "platform", "passage"), or a thing of its kind by its form (a cell line
"HepG2 cells", mice "in NSG mice", a sequence "UGCUGCA"). Evidence that speaks of the
study without it is no answer ("which cell lines did the miR-4669 study use?" of a row
whose origin cell reads "HCC cells").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The detail asked for, after "which"/"what" and up to four words ("which hcc cell lines",
# "what passage number", "which brand of exosome precipitation kit"), each alternative
# named by its kind.
# "Which models ..." alone, "what line of therapy" are not methods.
_ASKED = {
    "cell": r"cell\s+lines?",
    # (a strain of mice is a named kind of mice, "NSG mice"; "in mice" names a model)
    "strain": r"(?:mouse|mice|murine|rat)\s+strains?",
    "animal": r"(?:mouse|mice|murine|animal|rat)\s+models?|strains?",
    "passage": r"passage\s+numbers?",
    "supplier": r"compan(?:y|ies)|suppliers?|vendors?|manufacturers?",
    "platform": r"(?:sequencing\s+|array\s+)?platforms?|sequencers?",
    "sequence": r"(?:seed\s+)?sequences?",
    "efficiency": r"(?:editing|transfection|knockdown|knockout|loading|delivery)\s+"
                  r"efficienc(?:y|ies)",
    "primer": r"primers?",
    "clone": r"(?:antibody\s+)?clones?",
    "kit": r"(?:isolation\s+)?kits?",
    "protocol": r"(?:isolation\s+)?protocols?",
    # how vesicles were isolated, on what machine, with which reporter construct
    "isolation": r"(?:isolation|purification|extraction|enrichment)\s+(?:methods?|techniques?)",
    "instrument": r"machines?|instruments?|devices?|brands?|(?:SEC|size[\s-]exclusion|"
                  r"chromatography)\s+columns?",
    "reporter": r"reporters?(?:\s+(?:genes?|constructs?|plasmids?))?",
}
_ASK_RE = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+){0,4}?(?:"
                     + "|".join(f"(?P<{k}>{v})" for k, v in _ASKED.items()) + r")\b", re.I)

# What names each detail: its own word, or a thing of its kind by its form.
_CELL_LINE_RE = re.compile(
    r"\b[A-Za-z]+-?\d+[\w/+-]*\s+(?:[a-z]+\s+)?(?:cells?|cell\s+lines?)\b|\bcell\s+lines?\b")
_ANIMAL_RE = re.compile(r"\b(?:mice|mouse|murine|rats?|xenografts?|strains?|zebrafish)\b",
                        re.I)
# Mice or rats of a named strain: "NSG mice", "nude mice", "BALB/c", "C57BL/6J"
_STRAIN_RE = re.compile(
    r"\b(?:[A-Z][\w/-]*[A-Z0-9][\w/-]*|nude|athymic|immunodeficient|transgenic|knockout)"
    r"\s+(?:mice|mouse|rats?)\b|\bBALB/c\b|\bC57BL/?\d\w*|\b(?:mouse|mice|murine|rat)\s+strains?\b")
_SEQUENCE_RE = re.compile(r"\bsequences?\b|\b[ACGTU]{6,}\b")
_GIVES = {
    "cell": _CELL_LINE_RE,
    "animal": _ANIMAL_RE,
    "strain": _STRAIN_RE,
    "passage": re.compile(r"\bpassages?\b", re.I),
    "supplier": re.compile(r"\b(?:compan(?:y|ies)|suppliers?|vendors?|manufacturers?|"
                           r"purchased|Inc|Ltd|GmbH)\b", re.I),
    "platform": re.compile(r"\b(?:platforms?|sequencers?|Illumina|NanoString|microarrays?)\b",
                           re.I),
    "sequence": _SEQUENCE_RE,
    "efficiency": re.compile(r"\befficienc(?:y|ies)\b", re.I),
    "primer": re.compile(r"\bprimers?\b", re.I),
    "clone": re.compile(r"\bclones?\b", re.I),
    "kit": re.compile(r"\bkits?\b", re.I),
    "protocol": re.compile(r"\bprotocols?\b", re.I),
    "isolation": re.compile(r"\b(?:ultracentrifug\w*|precipitat\w*|size[\s-]exclusion|"
                            r"density[\s-]gradient|immunoaffinity|immunocapture|affinity\s+"
                            r"capture|microfluidic\w*|filtration|kits?)\b", re.I),
    "instrument": re.compile(r"\b(?:machines?|instruments?|devices?|columns?|brands?|"
                             r"purchased|Inc|Ltd|GmbH)\b", re.I),
    "reporter": re.compile(r"\b(?:reporters?|luciferase|GFP|mCherry|tdTomato|Cre)\b"),
}


@dataclass(frozen=True)
class MethodAsk:
    """A method detail asked for: the words as asked and what names it."""

    what: str  # "cell lines", "mouse strain"
    kind: str  # a key of _GIVES

    def given_by(self, text: str) -> bool:
        """Does `text` name the detail (its word, or a thing of its kind)?"""
        return bool(_GIVES[self.kind].search(text))


def method_asked(question: str) -> MethodAsk | None:
    """The method detail a question asks for, or None."""
    m = _ASK_RE.search(question)
    if m is None or m.lastgroup is None:
        return None
    return MethodAsk(re.sub(r"\s+", " ", m.group(m.lastgroup).lower()), m.lastgroup)
