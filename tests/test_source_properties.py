"""Property tests: the row splitter and the citation parser never crash on any text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from source.errors import SourceParseError
from source.reader import parse_flat_text
from source.table import RowSplitter, cut_cells, glue_cuts, split_header, split_tail
from source.text import build_lexicon, find_refs, split_sentences

LEXICON = build_lexicon(["HCC cells drive sorafenib resistance via circPAK1 and miR-21 in vitro"])
COLUMNS = ["Class", "Origin", "Contents", "Functions", "Study type", "Year", "References"]
ROLES = ["text", "text", "text", "text", "text", "year", "refs"]

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
rowish = st.text(alphabet="abcXYZ -()[]0123456789,;βζ+/", max_size=120)

relaxed = settings(max_examples=300, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow])


@relaxed
@given(text)
def test_glue_cuts_are_inside_the_token(s: str) -> None:
    for tok in s.split():
        cuts = glue_cuts(tok, LEXICON)
        assert cuts == sorted(set(cuts))
        assert all(0 < c < len(tok) for c in cuts)


@relaxed
@given(st.one_of(text, rowish))
def test_cut_cells_keeps_every_character(s: str) -> None:
    pieces = cut_cells(s, LEXICON)
    assert "".join("".join(p.split()) for p in pieces) == "".join(s.split())


@relaxed
@given(st.lists(st.one_of(text, rowish), max_size=6))
def test_row_splitter_never_raises_and_fits_or_gives_up(rows: list[str]) -> None:
    splitter = RowSplitter(COLUMNS, LEXICON)
    out = splitter.split_all(rows)
    assert len(out) == len(rows)
    for r in out:
        assert r.cells is None or len(r.cells) == splitter.n_text


@relaxed
@given(st.one_of(text, rowish))
def test_split_tail_and_header_never_raise(s: str) -> None:
    split_tail(s, ROLES)
    split_header(s)


@relaxed
@given(text)
def test_sentences_are_exact_spans_and_refs_are_ints(s: str) -> None:
    for sentence in split_sentences(s):
        assert sentence in s
    try:
        refs = find_refs(s)
    except ValueError:
        return  # an absurd range such as [1-999] is refused, not expanded
    assert all(isinstance(n, int) for n in refs)


@relaxed
@given(text)
def test_reader_raises_only_its_own_error(s: str) -> None:
    try:
        parse_flat_text(s, path="fuzz.txt")
    except SourceParseError:
        pass
