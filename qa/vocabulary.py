"""Query understanding: the review's own abbreviations, and researchers' paraphrases.

The abbreviation map is read from the review ("tumor microenvironment (TME)"), so it
works for any review. The paraphrase table holds general oncology and cell-biology
wording (lay or British terms -> the terms papers use); it is not keyed on any
particular question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

# Drug names by the international nonproprietary name stems (kinase inhibitors -nib,
# antibodies -mab, platins, anthracyclines, ...): true of any biomedical text.
DRUG_RE = re.compile(
    r"\b[a-z]\w*(?:tinib|nib|mab|platin|rubicin|uracil|limus|taxel|citabine|tecan|"
    r"mustine|trexate|oquine|mycin|fenib|ciclib|parib|lisib|xifene?|strant|trozole|stane|"
    r"dronate|relin|lutamide|zomib|formin|degib|sertib|(?<!s)terone|relix|arabine|trexed|"
    r"sulfan|inostat|metostat|lidomide|phamide|zolomide|leukin|leucel)\b", re.I)

GLOSSARY = Path(__file__).with_name("data") / "paraphrases.tsv"

# "long form (ABBR)" with ABBR of 2-10 characters including at least one capital.
# "cancer stem cells (CSCs)"; inside parentheses a definition takes square brackets:
# "(hazard ratio [HR] 2.14, 95% confidence interval [CI] 1.22-3.75)"
_PAREN_RE = re.compile(r"\(([A-Za-z][A-Za-z0-9\-]{1,9})\)|\[([A-Za-z][A-Za-z0-9\-]{1,9})\]")


def _long_form(before: str, abbr: str) -> str | None:
    """Schwartz-Hearst: the shortest run of words ending `before` whose letters spell abbr.

    Matches abbreviation characters from the end, each at a word start for the
    first character; returns None when the words cannot spell it.
    """
    core = abbr[:-1] if abbr.endswith("s") and abbr[:-1].isupper() else abbr
    letters = [c.lower() for c in core if c.isalnum()]
    if len(letters) < 2:
        return None
    words = before.split()[-(len(letters) + 5):]
    text = " ".join(words)
    a = len(letters) - 1
    i = len(text) - 1
    while a >= 0:
        c = letters[a]
        while i >= 0 and (
            text[i].lower() != c or (a == 0 and i > 0 and text[i - 1].isalnum())
        ):
            i -= 1
        if i < 0:
            return None
        i -= 1
        a -= 1
    start = text.rfind(" ", 0, i + 1) + 1
    long = text[start:].strip(" ,;:([")
    if len(long.split()) > len(letters) + 3 or long.lower() == abbr.lower() \
            or long.count("(") != long.count(")"):  # ("... (TME) dominated by regulatory T cells")
        return None
    return long


_NAME_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
# A word shaped as a name: a digit, an inner capital, or two capitals ("miR-21", "pIgR", "YAP")
NAME_SHAPE_RE = re.compile(r"\d|[a-z][A-Z]|[A-Z]{2}")
_GREEK_GAP_RE = re.compile(r"(-\d+) ([\u03b1-\u03c9])(?![^\W\d_])")
_CONFUSABLE = str.maketrans({"l": "i", "0": "o"})


class SpellingVariants:
    """Names the text spells two ways that differ only by a look-alike letter ("pIgR" in
    the text, "plgR" in the table: a lower-case l for a capital I). Each such group is
    matched as one name; the text's most frequent spelling is the canonical one."""

    def __init__(self, texts: Iterable[str]) -> None:
        counts: dict[str, dict[str, int]] = {}
        for text in texts:
            for w in _NAME_WORD_RE.findall(text):
                if not NAME_SHAPE_RE.search(w) or len(w) < 3:
                    continue
                key = w.lower().translate(_CONFUSABLE)
                forms = counts.setdefault(key, {})
                forms[w] = forms.get(w, 0) + 1
        self.canon: dict[str, str] = {}  # lower-case spelling -> canonical spelling
        self.forms: dict[str, list[str]] = {}  # lower-case spelling -> every spelling
        for forms in counts.values():
            lowers = {f.lower() for f in forms}
            if len(lowers) < 2:
                continue
            best = max(forms, key=lambda f: (forms[f], f))
            for f in forms:
                self.canon[f.lower()] = best
                self.forms[f.lower()] = sorted(forms)
        self._rx = re.compile(  # a part of a compound too: "pIgR-containing"
            r"(?<![^\W_])(" + "|".join(re.escape(f) for f in sorted(self.canon, key=len,
                                                                        reverse=True))
            + r")(?![^\W_])", re.I) if self.canon else None

    def add(self, printed: Mapping[str, str]) -> None:
        """More variants: a printed spelling -> the text's ("cricTMEM181" -> "circTMEM181",
        a table's misprint), matched as one name with the text's spelling canonical."""
        for variant, spelled in printed.items():
            group = sorted({*self.forms.get(spelled.lower(), [spelled]), variant})
            for f in group:
                self.canon[f.lower()] = self.canon.get(spelled.lower(), spelled)
                self.forms[f.lower()] = group
        self._rx = re.compile(
            r"(?<![^\W_])(" + "|".join(re.escape(f) for f in sorted(self.canon, key=len,
                                                                    reverse=True))
            + r")(?![^\W_])", re.I) if self.canon else None

    def canonical(self, text: str) -> str:
        """`text` with every variant spelling replaced by its canonical one."""
        text = _GREEK_GAP_RE.sub(r"\1\2", text)  # "14-3-3 ζ" is "14-3-3ζ"
        if self._rx is None:
            return text
        return self._rx.sub(lambda m: self.canon[m.group(1).lower()], text)

    def others(self, text: str) -> list[str]:
        """The other spellings of the variant names in `text` (for query expansion)."""
        if self._rx is None:
            return []
        out: list[str] = []
        for m in self._rx.finditer(text):
            out += [f for f in self.forms[m.group(1).lower()] if f.lower() != m.group(1).lower()]
        return list(dict.fromkeys(out))


# A species in full ("Akkermansia muciniphila") and with its genus cut to the initial
# ("A. muciniphila"), as biology texts write a species after first naming it
_BINOMIAL_RE = re.compile(r"\b([A-Z][a-z]{3,})\s+([a-z]{4,})\b")
_SHORT_BINOMIAL_RE = re.compile(r"(?<![\w.])([A-Z])\.\s?([a-z]{4,})\b")


class Binomials:
    """The species a text names in full and again with the genus cut to its initial:
    each short form's genus ("A. muciniphila" -> Akkermansia), and each genus's short
    forms, so that a question saying "akkermansia" finds the sentences that say only
    "A. muciniphila". A short form whose initial fits two genera of one epithet names
    neither."""

    def __init__(self, texts: Iterable[str]) -> None:
        texts = list(texts)
        short = {(m.group(1), m.group(2)) for t in texts for m in _SHORT_BINOMIAL_RE.finditer(t)}
        genera: dict[tuple[str, str], set[str]] = {}
        for t in texts:
            for m in _BINOMIAL_RE.finditer(t):
                genera.setdefault((m.group(1)[0], m.group(2)), set()).add(m.group(1))
        # (initial, epithet) -> genus, e.g. ("A", "muciniphila") -> "Akkermansia": of the
        # short forms the text writes, and of any species it writes in full (a question
        # may cut "Bacteroides fragilis" to "B. fragilis" where the text never does)
        once = {k: next(iter(v)) for k, v in genera.items() if len(v) == 1}
        self.genus = {k: g for k, g in once.items() if k in short}
        self._full = once
        self._rx = re.compile(r"(?<![\w-])(" + "|".join(sorted(
            {re.escape(g) for g in self.genus.values()}, key=len, reverse=True))
            + r")(?![\w-])", re.I) if self.genus else None

    def genera_in(self, text: str) -> list[str]:
        """The genera `text` names by a short form only ("A. muciniphila": Akkermansia)."""
        return [g for m in _SHORT_BINOMIAL_RE.finditer(text)
                if (g := self.genus.get((m.group(1), m.group(2))))]

    def others(self, text: str) -> list[str]:
        """For query expansion: the short forms of the genera `text` names ("akkermansia"
        -> "A. muciniphila"), and the full names of its short forms ("B. fragilis" ->
        "Bacteroides fragilis")."""
        full = [f"{g} {m.group(2)}" for m in _SHORT_BINOMIAL_RE.finditer(text)
                if (g := self._full.get((m.group(1), m.group(2))))]
        if self._rx is None:
            return full
        named = {m.group(1).lower() for m in self._rx.finditer(text)}
        return full + [f"{i}. {e}" for (i, e), g in self.genus.items() if g.lower() in named]


def find_abbreviations(texts: Iterable[str]) -> dict[str, str]:
    """ABBR -> long form, as the text defines them: "cancer stem cells (CSCs)", or in an
    abbreviation list ("HCC: hepatocellular carcinoma; CMA: Chaperone-mediated autophagy")."""
    out: dict[str, str] = {}
    texts_seen: list[str] = []
    for text in texts:
        texts_seen.append(text)
        for m in _PAREN_RE.finditer(text):
            abbr = m.group(1) or m.group(2)
            if not any(c.isupper() for c in abbr):
                continue
            long = _long_form(text[: m.start()], abbr)
            if long and abbr not in out:
                out[abbr] = long
        for abbr, long, _ in abbreviation_list(text):
            out.setdefault(abbr, long)
    out.update({k: v for k, v in binomials(texts_seen).items() if k not in out})
    out.update({k: v for k, v in prefixed(texts_seen).items() if k not in out})
    return out


_PREFIXED_ABBR_RE = re.compile(r"(?<![\w-])(\d+-)([A-Z]{2,4})(?![\w-])")


def prefixed(texts: Iterable[str]) -> dict[str, str]:
    """"5-FU" -> "5-fluorouracil": an abbreviation with a locant ("5-", "6-") the text
    never defines, linked to the word of the text with the same locant whose letters
    hold the abbreviation's in order (the most used such word; none when none). Without
    a locant, two or three letters fit too many words to link by letters alone."""
    texts = list(texts)
    words: dict[str, int] = {}
    for text in texts:
        for w in re.findall(r"(?<![\w-])\d+-[a-z]\w{5,}(?![\w-])", text):
            words[w] = words.get(w, 0) + 1
    out: dict[str, str] = {}
    for text in texts:
        for m in _PREFIXED_ABBR_RE.finditer(text):
            locant, letters = m.group(1), m.group(2).lower()
            fits = [w for w in words if w.startswith(locant + letters[0])
                    and _in_order(letters, w[len(locant):])
                    and len(w) - len(locant) >= 3 * len(letters)]
            if fits:
                # (a tie goes to the longer word: a misprint more often drops a letter)
                out.setdefault(m.group(), max(fits, key=lambda w: (words[w], len(w), w)))
    return out


def _in_order(letters: str, word: str) -> bool:
    it = iter(word)
    return all(c in it for c in letters)




def binomials(texts: Iterable[str]) -> dict[str, str]:
    """"A. muciniphila" -> "Akkermansia muciniphila": a species name with its genus
    abbreviated, linked to the full name the same text spells out (a binomial seen both
    ways; a species never written in full stays unlinked)."""
    full: dict[tuple[str, str], str] = {}
    short: set[tuple[str, str]] = set()
    for text in texts:
        for m in _BINOMIAL_RE.finditer(text):
            full.setdefault((m.group(1)[0], m.group(2)), f"{m.group(1)} {m.group(2)}")
        short.update((m.group(1), m.group(2)) for m in _SHORT_BINOMIAL_RE.finditer(text))
    return {f"{g}. {sp}": full[(g, sp)] for g, sp in sorted(short) if (g, sp) in full}


# One entry of an abbreviation list: "CMA: Chaperone-mediated autophagy" or "TAM, tumor-
# associated macrophage", between semicolons (or the list's start and end).
_LIST_ENTRY_RE = re.compile(r"(?:(?<=[;.]\s)|^)([A-Za-z][A-Za-z0-9\-]{1,9})[:,]\s+"
                            r"([A-Za-z][^;:.]{2,80}?)(?=\s*[;.]|\s*$)")


def abbreviation_list(text: str) -> list[tuple[str, str, tuple[int, int]]]:
    """The entries of an abbreviation list in `text` (a run of 3+ "ABBR: long form;"),
    each as (ABBR, long form, span of the entry in `text`); an entry counts only when its
    long form spells the abbreviation."""
    if text.count(":") + text.count(";") < 4:
        return []
    out = []
    for m in _LIST_ENTRY_RE.finditer(text):
        abbr, long = m.group(1), m.group(2).strip()
        if any(c.isupper() for c in abbr) and _long_form(long, abbr) == long:
            out.append((abbr, long, m.span()))
    return out


def load_glossary(path: Path = GLOSSARY) -> dict[str, str]:
    """The lay-wording glossary (qa/data/paraphrases.tsv): `phrase<TAB>wording` lines,
    `#` comments. A malformed line is an error naming it: the file ships with the code."""
    return read_pairs(path, "phrase<TAB>wording")


def read_pairs(path: Path, shape: str) -> dict[str, str]:
    """A shipped two-column file (`key<TAB>value` lines, `#` comments): lower-case key ->
    value; a malformed line is an error naming it and the `shape` expected."""
    out: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition("\t")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(f"{path.name} line {number}: expected '{shape}'")
        out[key.strip().lower()] = value.strip()
    return out


# Paraphrases researchers use -> wording reviews use. Keys are matched as whole words,
# case-insensitively; values are appended to the query, never replace it. The glossary
# file adds a few hundred more; these entries win where both have a phrase.
_CORE: dict[str, str] = {
    "liver cancer": "hepatocellular carcinoma HCC",
    "liver tumor": "hepatocellular carcinoma HCC",
    "liver tumour": "hepatocellular carcinoma HCC",
    "hepatoma": "hepatocellular carcinoma HCC",
    "self-eating": "autophagy",
    "self eating": "autophagy",
    "self-digestion": "autophagy",
    "drug pump": "drug efflux transporters ABC transporter P-glycoprotein",
    "drug pumps": "drug efflux transporters ABC transporter P-glycoprotein",
    "pump out": "efflux",
    "pumps": "efflux transporters",
    "chemo": "chemotherapy chemotherapeutic",
    "radiation": "radiotherapy irradiation radioresistance",
    "irradiation": "radiotherapy radioresistance",
    "checkpoint blockade": "immune checkpoint inhibitors immunotherapy anti-PD1",
    "checkpoint blockers": "immune checkpoint inhibitors immunotherapy",
    "immune therapy": "immunotherapy",
    "cell suicide": "apoptosis",
    "programmed cell death": "apoptosis",
    "cell death": "apoptosis",
    "vesicles": "exosomes extracellular vesicles",
    "vesicle": "exosome extracellular vesicles",
    "vesicular": "exosomal",
    "extracellular vesicles": "exosomes",
    "evs": "exosomes extracellular vesicles",
    "stem-like": "stemness stem cell-like",
    "stem cell like": "stemness",
    "spread": "metastasis",
    "immune escape": "immunosuppression immune evasion",
    "immune evasion": "immunosuppression",
    "blood test": "biomarkers serum",
    "liquid biopsy": "biomarkers serum circulating",
    "microrna": "miRNA miRNAs",
    "micrornas": "miRNA miRNAs",
    "circular rna": "circRNA circRNAs",
    "circular rnas": "circRNA circRNAs",
    "long noncoding rna": "lncRNA lncRNAs",
    "long non-coding rna": "lncRNA lncRNAs",
    "noncoding rna": "ncRNA non-coding RNA",
    "targeted drugs": "molecular targeted therapy TKIs",
    "targeted therapy": "molecular targeted therapy",
    "kinase inhibitor": "tyrosine kinase inhibitor TKI multikinase",
    "kinase inhibitors": "tyrosine kinase inhibitors TKIs multikinase",
    "exhaustion": "dysfunction exhaustion",
    "epithelial to mesenchymal": "epithelial-mesenchymal transition EMT",
    "mesenchymal transition": "epithelial-mesenchymal transition EMT",
    "delivery vehicle": "delivery vehicles carriers",
    "drug carrier": "delivery vehicles",
    "drug carriers": "delivery vehicles",
    "gene editing": "CRISPR",
    "resistant": "resistance",
    "insensitive": "resistance",
    "sensitivity": "sensitive sensitivity",
    "cargo": "cargo cargos contents",
    "cargoes": "cargos contents",
    "predict": "predictive biomarkers",
    "prognosis": "prognostic prognosis",
    "macrophages": "macrophage TAM",
    "fibroblasts": "fibroblast CAFs cancer-associated fibroblasts",
    "lab": "in vitro",
    "animal": "in vivo",
    "animals": "in vivo",
    "mice": "in vivo",
    "mouse": "in vivo",
    "cell culture": "in vitro",
    "funding": "financial support sponsorship",
    "funded": "financial support sponsorship",
    "conflict": "conflicts of interest",
    "competing interests": "conflicts of interest",
}
PARAPHRASES: dict[str, str] = {**load_glossary(), **_CORE}

# Words of size people use alike ("little packages" is what "tiny packages" is).
_SIZE_WORDS = ("tiny", "little", "small", "minute", "teeny", "microscopic", "wee")
_SIZE_RE = re.compile(r"\b(?:" + "|".join(_SIZE_WORDS) + r")\b")


# Words of degree or frequency people put inside a phrase: "found so late", "caught
# very late", "spread too quickly"
_FILLERS = ("so", "very", "really", "too", "quite", "usually", "often", "always",
            "typically", "generally", "frequently", "commonly", "mostly", "just", "even",
            "still", "actually", "only", "sometimes")
_FILLER_RE = re.compile(r"\s+(?:" + "|".join(_FILLERS) + r")(?=\s)", re.I)


def _key_pattern(key: str) -> str:
    pattern = _SIZE_RE.sub(lambda _m: "(?:" + "|".join(_SIZE_WORDS) + ")", re.escape(key))
    # (a filler word may stand between the phrase's words)
    return pattern.replace(r"\ ", r"\s+(?:(?:" + "|".join(_FILLERS) + r")\s+)?")


_PARA_RE = re.compile(
    r"(?<![\w-])(" + "|".join(_key_pattern(k) for k in sorted(PARAPHRASES, key=len,
                                                             reverse=True))
    + r")(?!\w)",  # also the head of a compound: "CRISPR-carrying"
    re.I,
)


def _paraphrase_of(phrase: str) -> str:
    """The glossary's wording for a phrase matched, its size word read as any other."""
    key = _FILLER_RE.sub("", re.sub(r"\s+", " ", phrase.lower()))
    if key in PARAPHRASES:
        return PARAPHRASES[key]
    for size in _SIZE_WORDS:
        other = _SIZE_RE.sub(size, key)
        if other in PARAPHRASES:
            return PARAPHRASES[other]
    return ""


# British -> American spelling, applied before matching (papers mostly use the latter).
SPELLING = {"tumour": "tumor", "tumours": "tumors", "haemato": "hemato", "oestrogen": "estrogen",
            "anaemia": "anemia", "leukaemia": "leukemia", "signalling": "signaling",
            "characterisation": "characterization", "metastasise": "metastasize"}
_SPELL_RE = re.compile(r"(?i)\b(" + "|".join(SPELLING) + r")")


def american(text: str) -> str:
    """British spellings of common oncology words turned American ("tumour" -> "tumor")."""
    def repl(m: re.Match[str]) -> str:
        us = SPELLING[m.group(1).lower()]
        return us[:1].upper() + us[1:] if m.group(1)[:1].isupper() else us

    return _SPELL_RE.sub(repl, text)


def paraphrase_pairs(question: str) -> list[tuple[str, str]]:
    """(phrase as written, the review's wording) for each paraphrase in the question."""
    return [(m.group(1), _paraphrase_of(m.group(1)))
            for m in _PARA_RE.finditer(american(question))]


def expand_query(question: str, abbreviations: dict[str, str]) -> str:
    """The question plus the review's long forms / abbreviations and paraphrase targets.

    "What do CSCs do?" -> "... cancer stem cells"; "tumour microenvironment" -> "... TME".
    """
    return expand_query_parts(question, abbreviations)[0]


def expand_query_parts(question: str, abbreviations: dict[str, str]) -> tuple[str, list[str]]:
    """Like expand_query, and also the paraphrased phrases of the question that were
    translated (their own words need not appear in the review)."""
    replaced: list[str] = []
    extra: list[str] = []
    if american(question) != question:
        extra.append(american(question))
    question_us = american(question)
    for m in _PARA_RE.finditer(question_us):
        extra.append(_paraphrase_of(m.group(1)))
        replaced.append(m.group(1))
    probe = question_us + " " + " ".join(extra)
    low = probe.lower()
    for abbr, long in abbreviations.items():
        if re.search(r"(?<![\w-])" + re.escape(abbr) + r"(?![\w-])", probe):
            extra.append(long)
        elif abbr.endswith("s") and re.search(
            r"(?<![\w-])" + re.escape(abbr[:-1]) + r"(?![\w-])", probe
        ):
            extra.append(long)
        elif long.lower() in low or long.lower().rstrip("s") in low:
            extra.append(abbr)
    if not extra:
        return question, replaced
    return question + " " + " ".join(dict.fromkeys(extra)), replaced
