"""The studies a review cites: reading reference entries, the passages citing each,
search, the BibTeX/RIS exports and `python -m source studies`."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest

from source import DEFAULT_REVIEW, build_passages, load_review
from source.__main__ import main
from source.bibliography import name_parts, to_bibtex, to_ris
from source.model import Passage
from source.studies import (
    build_studies,
    excerpt_for,
    parse_reference,
    search_studies,
    studies_for_refs,
    studies_of,
)

DATA = Path(__file__).parent / "data"
REVIEWS = [DEFAULT_REVIEW, DATA / "gut-microbiota" / "gut-microbiota-review.txt",
           DATA / "second-review.txt", DATA / "mini-review.md"]


@pytest.fixture(scope="module")
def studies() -> list:
    return studies_of(load_review(DEFAULT_REVIEW))


# -- one entry ------------------------------------------------------------------------------


def test_a_vancouver_entry_is_read_into_its_parts() -> None:
    s = parse_reference(14, "Zhang PF, Gao C, Huang XY, et al. Cancer cell-derived exosomal "
                        "circUHRF1 induces natural killer cell exhaustion. Mol Cancer "
                        "2020;19:110.")
    assert s.authors == ("Zhang PF", "Gao C", "Huang XY") and s.et_al
    assert s.title == "Cancer cell-derived exosomal circUHRF1 induces natural killer cell exhaustion"
    assert (s.journal, s.year, s.volume, s.pages) == ("Mol Cancer", 2020, "19", "110")
    assert s.short == "Zhang et al. 2020"
    assert s.parsed == ("authors", "title", "journal", "year")


def test_a_year_in_the_title_is_not_the_study_year() -> None:
    s = parse_reference(1, "Sung H, Ferlay J. Global cancer statistics 2020: globocan "
                        "estimates. CA Cancer J Clin 2021;71:209-49.")
    assert s.year == 2021 and s.journal == "CA Cancer J Clin"
    assert s.title == "Global cancer statistics 2020: globocan estimates"


@pytest.mark.parametrize(("entry", "title", "journal"), [
    ("Galle PR. Sorafenib in advanced HCC - we have won a battle not the war. J Hepatol "
     "2008;49:871-3.", "Sorafenib in advanced HCC - we have won a battle not the war",
     "J Hepatol"),
    ("Bang A, Dawson LA. Radiotherapy for HCC: ready for prime time? JHEP Rep 2019;1:131-7.",
     "Radiotherapy for HCC: ready for prime time?", "JHEP Rep"),
    ("Bruix J, Qin S, et al. RESORCE Investigators. Regorafenib after sorafenib (RESORCE). "
     "Lancet 2017;389:56-66.", "Regorafenib after sorafenib (RESORCE)", "Lancet"),
    ("Hervás-stubbs S, Jaffar Ali D. Advances. Nat Rev 2021;18:525-43.", "Advances", "Nat Rev"),
    ("Ladd AD. Mechanisms of drug resistance in HCC. Hepatology 2023:online ahead of print.",
     "Mechanisms of drug resistance in HCC", "Hepatology"),
])
def test_entries_of_other_shapes_are_read(entry: str, title: str, journal: str) -> None:
    s = parse_reference(1, entry)
    assert (s.title, s.journal) == (title, journal) and s.year and s.authors


def test_a_web_page_takes_no_year_from_its_access_date() -> None:
    s = parse_reference(40, "Ping L. Sorafenib plus capecitabine. Available from: "
                        "https://example.org/x?y=2019 [Last accessed on 27 Oct 2023].")
    assert s.authors == ("Ping L",) and s.title == "Sorafenib plus capecitabine"
    assert s.year is None and s.url.startswith("https://example.org/x")


def test_a_book_chapter_names_its_book() -> None:
    s = parse_reference(43, "Zhang Y, Zheng J. Functions beyond immune evasion. In: Xu J, "
                        "editor. Regulation of cancer immune checkpoints. Singapore: "
                        "Springer; 2020. pp. 201-26.")
    assert s.kind == "chapter" and s.journal == "Regulation of cancer immune checkpoints"
    assert s.year == 2020 and s.title == "Functions beyond immune evasion"


@pytest.mark.parametrize("entry", ["", "   ", "National Cancer Institute. A trial.",
                                   "???", "a" * 5000, "Smith J." , "Smith J. " + "x. " * 400])
def test_an_entry_that_does_not_parse_falls_back_to_its_text(entry: str) -> None:
    s = parse_reference(9, entry)
    assert s.n == 9 and s.text == " ".join(entry.split())
    assert s.title or not entry.strip()


# -- the studies of a review ----------------------------------------------------------------


@pytest.mark.parametrize("path", REVIEWS, ids=lambda p: Path(p).name)
def test_every_reference_of_each_review_becomes_a_study(path: Path) -> None:
    review = load_review(path)
    studies = studies_of(review)
    assert [s.n for s in studies] == sorted(review.references)
    read = [s for s in studies if {"authors", "title", "year"} <= set(s.parsed)]
    assert len(read) >= 0.95 * len(studies)
    by_n = {s.n: {m.passage_id for m in s.mentions} for s in studies}
    for p in build_passages(review):
        for n in p.refs:
            if n in by_n:
                assert p.id in by_n[n], (n, p.id)


def test_a_study_lists_every_passage_and_table_row_citing_it(studies: list) -> None:
    zhang = studies[13]
    assert zhang.n == 14 and zhang.first_author == "Zhang PF"
    ids = [m.passage_id for m in zhang.mentions]
    assert "table1/row-01" in ids
    assert any(m.kind == "paragraph" and "circUHRF1" in m.excerpt for m in zhang.mentions)
    row = next(m for m in zhang.mentions if m.passage_id == "table1/row-01")
    assert "circUHRF1" in row.excerpt and "[14]" not in row.excerpt
    assert row.section.endswith("Table 1")


def test_excerpt_is_the_citing_sentence() -> None:
    p = Passage(id="s/p1", kind="paragraph", text="First claim[1]. Second claim[2]. Third.",
                section=("S",), order=0, refs=(1, 2))
    assert excerpt_for(p, 2) == "Second claim[2]."
    assert excerpt_for(p, 1, limit=10).endswith("…")


def test_build_studies_takes_plain_strings_and_uncited_entries() -> None:
    out = build_studies({2: "Second B. Vesicles. J Test 2021;2:2."})
    assert out[0].mentions == () and out[0].journal == "J Test"


def test_search_by_author_title_year_and_number(studies: list) -> None:
    assert 14 in [s.n for s in search_studies(studies, "zhang pf")]
    assert [s.n for s in search_studies(studies, "14")] == [14]
    assert [s.n for s in search_studies(studies, "[14]")] == [14]
    assert [s.n for s in search_studies(studies, "ref 14")] == [14]
    assert all(s.year == 2020 or s.n == 2020 for s in search_studies(studies, "2020"))
    assert [s.n for s in search_studies(studies, "circUHRF1")] == [14]
    assert [s.n for s in search_studies(studies, "hervas")] == [45]  # accents folded
    assert search_studies(studies, "") == studies
    assert search_studies(studies, "no-such-author-xyz") == []


def test_studies_for_refs_keeps_order_and_drops_unknown(studies: list) -> None:
    assert [s.n for s in studies_for_refs(studies, [18, 14, 18, 9999])] == [18, 14]


def test_search_url_is_a_literature_search_for_the_title(studies: list) -> None:
    url = studies[13].search_url
    assert url.startswith("https://pubmed.ncbi.nlm.nih.gov/?term=Cancer+cell-derived")


# -- exports ----------------------------------------------------------------------------------


def test_bibtex_parses_with_one_entry_per_study(studies: list) -> None:
    chosen = studies_for_refs(studies, [14, 18, 40, 43])
    lib = bibtexparser.parse_string(to_bibtex(chosen, "Hepatoma Res 2023;9:46"))
    assert not lib.failed_blocks
    assert [e.key for e in lib.entries] == ["zhang2020ref14", "hao2022ref18", "pingref40",
                                            "zhang2020ref43"]
    zhang = lib.entries[0].fields_dict
    assert zhang["author"].value == "Zhang, P. F. and Gao, C. and Huang, X. Y. and others"
    assert zhang["journal"].value == "Mol Cancer" and zhang["year"].value == "2020"
    assert "Reference [14] of Hepatoma Res 2023;9:46" in zhang["note"].value
    assert lib.entries[3].entry_type == "incollection"


@pytest.mark.parametrize("path", REVIEWS, ids=lambda p: Path(p).name)
def test_bibtex_of_every_study_of_each_review_parses(path: Path) -> None:
    studies = studies_of(load_review(path))
    lib = bibtexparser.parse_string(to_bibtex(studies))
    assert not lib.failed_blocks and len(lib.entries) == len(studies)
    assert len({e.key for e in lib.entries}) == len(studies)


def test_bibtex_escapes_tex_specials() -> None:
    s = parse_reference(1, "Li A. 50% of {cells} & more_x. J Test 2020;1:1.")
    lib = bibtexparser.parse_string(to_bibtex([s]))
    assert not lib.failed_blocks and len(lib.entries) == 1
    assert r"50\% of \{cells\} \& more\_x" in lib.entries[0].fields_dict["title"].value


def test_ris_has_one_record_per_study(studies: list) -> None:
    text = to_ris(studies_for_refs(studies, [14, 41]))
    assert text.count("TY  - JOUR") == 2 and text.count("ER  - ") == 2
    assert "AU  - Zhang, P. F.\n" in text and "SP  - 56\nEP  - 66" in text
    assert to_ris([]) == ""


def test_name_parts() -> None:
    assert name_parts("Zhang PF") == ("Zhang", "P. F.")
    assert name_parts("National Cancer Institute") == ("National Cancer Institute", "")


# -- the CLI ------------------------------------------------------------------------------------


def test_cli_lists_the_studies(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["studies"]) == 0
    out = capsys.readouterr().out
    assert "[14] Zhang PF, Gao C, Huang XY, et al. (2020)" in out
    assert "Mol Cancer 2020;19:110 - cited in: table1/row-01" in out
    assert "107 studies;" in out


def test_cli_json_for_a_markdown_review(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["studies", str(DATA / "mini-review.md"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["n"] for d in data] == [1, 2, 3, 4, 5]
    assert data[2]["title"] == "miR-21" and data[2]["cited_in"]


def test_cli_says_what_is_wrong_with_a_bad_file(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["studies", str(tmp_path / "missing.txt")]) == 2
    assert "cannot read the file" in capsys.readouterr().err
