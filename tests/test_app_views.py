"""The page's new views without a browser: evidence cards with the quoted words' refs
first and spelling notes, "(ref. n)" after markers, the Studies and Article tabs' HTML,
the studies export, and the wiring that makes examples send."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from test_app_render import PARA, REFS, ROW, ROW_QUOTE, _answer, _turn
from test_app_wiring import FakeAssistant

import app
from qa.types import Citation
from settings import Settings
from source import build_passages, load_review
from source.studies import studies_of
from ui import answer_html, evidence_html, passage_html
from ui.article import article_html
from ui.render import anchor_id, citation_info
from ui.service import ChatService
from ui.studies import behind_html, studies_html


@dataclass(frozen=True)
class NotedCitation(Citation):
    """A hand-made citation whose results-format dict carries `refs` and a `note`, as the
    answering engine will write them."""

    refs: tuple[int, ...] = ()
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        out["refs"] = list(self.refs)
        if self.note:
            out["note"] = self.note
        return out


def _noted(**kw: Any) -> NotedCitation:
    base: dict[str, Any] = dict(marker="[1]", passage_id=PARA.id, quote="CircPAK1 binds 14-3-3 ζ",
                                passage=PARA, references={18: REFS[18], 19: REFS[19]},
                                refs=(19,), note="printed as cricTMEM181 in Table 1")
    base.update(kw)
    return NotedCitation(**base)


# -- evidence cards ------------------------------------------------------------------------


def test_card_lists_the_citation_refs_first_and_folds_the_rest() -> None:
    out = passage_html(PARA, quote="CircPAK1", references=REFS, primary_refs=(19,))
    m = re.search(r'Studies behind the quoted words</div><ul class="ev-refs-primary">(.*?)</ul>'
                  r'<details class="ev-refs-rest"><summary>Other references of this passage '
                  r"\((\d+)\)</summary><ul>(.*?)</ul></details>", out)
    assert m, out
    assert "[19]" in m.group(1) and "[18]" not in m.group(1)
    assert m.group(2) == "1" and "[18]</span> Hao X" in m.group(3)


def test_card_says_when_the_quoted_words_cite_no_study() -> None:
    out = passage_html(PARA, references=REFS, primary_refs=())
    assert "The quoted words cite no study" in out and "Other references of this passage (2)" in out


def test_card_shows_a_spelling_note() -> None:
    out = passage_html(ROW, quote=ROW_QUOTE, note="printed as cricTMEM181 in Table 1")
    assert '<p class="ev-note"><span>Note</span> printed as cricTMEM181 in Table 1</p>' in out
    assert "ev-note" not in passage_html(ROW, quote=ROW_QUOTE)


def test_card_note_is_escaped() -> None:
    out = passage_html(PARA, note="<img src=x onerror=alert(1)>")
    assert "<img" not in out and "&lt;img" in out


def test_card_ids_and_scores_sit_behind_details_and_it_can_show_the_article() -> None:
    out = passage_html(PARA, score=0.8312)
    details = re.search(r'<details class="ev-details"><summary>details</summary>'
                        r"<code>(.*?)</code></details>", out)
    assert details and details.group(1) == "resistance/p3 · score 0.831"
    assert out.count("resistance/p3") == 1  # nowhere else on the card
    assert f'class="ev-show" data-anchor="{anchor_id(PARA.id)}"' in out


def test_citation_info_reads_refs_and_note_from_the_results_dict() -> None:
    assert citation_info(_noted()) == ((19,), "printed as cricTMEM181 in Table 1")
    plain = Citation("[1]", PARA.id, "CircPAK1", PARA, {18: REFS[18]})
    assert citation_info(plain) == ((18, 19), "")  # today: the passage's refs, no note


def test_evidence_uses_a_hand_made_citation_with_refs_and_note() -> None:
    turn = _turn(_answer(citations=(_noted(),), text="CircPAK1 binds 14-3-3 ζ. [1]"))
    ev = evidence_html([turn])
    assert "printed as cricTMEM181 in Table 1" in ev
    primary = re.search(r'<ul class="ev-refs-primary">(.*?)</ul>', ev)
    assert primary and "[19]" in primary.group(1) and "[18]" not in primary.group(1)


# -- (ref. n) after markers -------------------------------------------------------------------


def test_answer_shows_the_refs_behind_each_marker() -> None:
    turn = _turn(_answer(citations=(_noted(),), text="CircPAK1 binds 14-3-3 ζ. [1]"))
    out = answer_html(turn)
    assert re.search(r'>\[1\]</a> <span class="qa-ref">\(ref\. <span title="Other 2022">19'
                     r"</span>\)</span>", out), out


def test_answer_with_two_refs_behind_a_marker() -> None:
    out = answer_html(_turn())  # [1] cites the row (ref 14); [2] PARA (refs 18, 19)
    assert re.findall(r'>(\[\d\])</a> <span class="qa-ref">(.*?\))</span>', out) == [
        ("[1]", '(ref. <span title="Zhang et al. 2020">14</span>)'),
        ("[2]", '(refs. <span title="Hao et al. 2021">18</span>, '
                '<span title="Other 2022">19</span>)')]


def test_refs_already_in_the_answer_text_are_not_repeated() -> None:
    turn = _turn(_answer(citations=(_noted(),), text="CircPAK1 binds 14-3-3 ζ. [1] (ref. 19)"))
    out = answer_html(turn)
    assert "qa-ref" not in out and out.count("(ref. 19)") == 1


def test_answer_text_itself_is_left_as_it_comes() -> None:
    turn = _turn()
    assert "(ref." not in turn.answer.text
    assert turn.to_json()["answer"] == turn.answer.text


# -- the Studies and Article tabs ---------------------------------------------------------


@pytest.fixture(scope="module")
def review() -> Any:
    return load_review()


@pytest.fixture(scope="module")
def studies(review: Any) -> list:
    return studies_of(review)


def test_studies_html_lists_every_study_with_a_search_link(studies: list) -> None:
    out = studies_html(studies)
    assert out.count('<article class="st-card"') == len(studies) == 107
    assert "107 studies cited by the review" in out
    card = re.search(r'<article class="st-card" id="study-14".*?</article>', out, re.S)
    assert card
    assert "Zhang PF, Gao C, Huang XY, et al." in card.group(0)
    assert "Mol Cancer 2020;19:110" in card.group(0)
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/?term=Cancer+cell-derived' in card.group(0)
    assert 'target="_blank" rel="noopener noreferrer"' in card.group(0)
    assert "Cited in 3 passages" in card.group(0)
    assert f'data-anchor="{anchor_id("table1/row-01")}"' in card.group(0)


def test_studies_html_filters_and_says_when_nothing_matches(studies: list) -> None:
    out = studies_html(studies, "Zhang PF")
    assert "2 of 107 studies match “Zhang PF”" in out
    assert re.findall(r'id="study-(\d+)"', out) == ["14", "16"]
    assert "No study matches “&lt;b&gt;”" in studies_html(studies, "<b>")


def test_behind_html(studies: list) -> None:
    assert "Ask a question" in behind_html([], "")
    assert "cites no study" in behind_html([], "What is HCC?")
    out = behind_html(studies[13:14], "Which circRNAs?")
    assert 'href="#study-14"' in out and "Zhang et al. 2020" in out


@pytest.mark.parametrize("path", [None, Path(__file__).parent / "data" / "mini-review.md",
                                  Path(__file__).parent / "data" / "gut-microbiota"
                                  / "gut-microbiota-review.txt"], ids=["bundled", "md", "gut"])
def test_article_gives_every_passage_an_element_id(path: Path | None) -> None:
    review = load_review(path)
    passages = build_passages(review)
    out = article_html(review, passages)
    ids = re.findall(r'\sid="(src-[^"]+)"', out)
    assert set(ids) >= {anchor_id(p.id) for p in passages}
    assert len(ids) == len(set(ids))


def test_article_shows_table_1_with_its_column_names(review: Any) -> None:
    out = article_html(review, build_passages(review))
    heads = re.findall(r'class="src-sort" data-col="\d+" title="Sort by [^"]*">([^<]*)</button>',
                       out)
    assert heads == list(review.tables[0].columns)
    assert out.count('<tr class="src-passage"') == len(review.tables[0].rows) == 21
    assert 'class="src-filter" data-grid="src-table1-grid"' in out
    assert re.search(r'<tr class="src-passage" id="src-table1_row-01"><td>circRNAs</td>', out)


def test_article_keeps_a_split_paragraph_in_one_paragraph(review: Any) -> None:
    out = article_html(review, build_passages(review))
    para = re.search(r'<p class="src-para">(<span[^>]*id="src-introduction_p1-1">.*?)</p>', out)
    assert para and 'id="src-introduction_p1-2"' in para.group(1)


def test_anchor_ids_are_safe_and_distinct() -> None:
    assert anchor_id("table1/row-01") == "src-table1_row-01"
    assert re.fullmatch(r"[A-Za-z0-9_-]+", anchor_id('x/"><script>'))


# -- the service and wiring --------------------------------------------------------------


class ReviewAssistant(FakeAssistant):
    """The fake assistant over the real bundled review and its passages."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.review = load_review()
        self.passages = build_passages(self.review)


def test_studies_export_is_one_entry_per_study_behind_the_answer(tmp_path: Path) -> None:
    service = ChatService(ReviewAssistant(Settings()), export_root=tmp_path)
    turn = _turn(_answer())  # citations: table1/row-01 (ref 14) and PARA (refs 18, 19)
    assert [s.n for s in service.studies_behind(turn)] == [14, 18, 19]
    paths = service.export_studies([turn])
    assert paths is not None
    bib, ris = (Path(p).read_text("utf-8") for p in paths)
    lib = bibtexparser.parse_string(bib)
    assert not lib.failed_blocks
    assert [e.key for e in lib.entries] == ["zhang2020ref14", "hao2022ref18", "hu2023ref19"]
    assert ris.count("TY  - JOUR") == 3


def test_no_studies_export_without_an_answer_citing_one(tmp_path: Path) -> None:
    service = ChatService(FakeAssistant(Settings()), export_root=tmp_path)
    assert service.studies == [] and service.export_studies([]) is None


def _fn(demo: Any, name: str) -> Any:
    return next(f for f in demo.fns.values() if f.name == name)


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(app, "STREAM_DELAY_S", 0.0)
    return app.build_app(ReviewAssistant(Settings()))  # type: ignore[arg-type]


def test_an_example_click_fills_the_box_then_asks(demo: Any) -> None:
    fns = demo.fns
    pick = next(k for k, f in fns.items() if f.name == "_example")
    assert fns[pick].fn(["What does circPAK1 do?"]) == "What does circPAK1 do?"
    assert [t[1] for t in fns[pick].targets] == ["click"]
    asks = [k for k, f in fns.items() if f.name == "respond" and f.trigger_after == pick]
    assert asks, "a clicked example does not ask"
    assert any(f.name == "export_studies" and f.trigger_after == asks[0] for f in fns.values())


def test_studies_search_and_export_handlers(demo: Any) -> None:
    out = _fn(demo, "search_studies").fn("Hervas")
    assert re.findall(r'id="study-(\d+)"', out) == ["45"]
    turns = list(_fn(demo, "respond").fn("What does circPAK1 do?", [], 10, "extractive"))[-1][2]
    bib, ris, listed = _fn(demo, "export_studies").fn(turns)
    assert bib["interactive"] and bib["value"].endswith(".bib") and ris["value"].endswith(".ris")
    assert "Studies behind the answer" in listed
    off = _fn(demo, "export_studies").fn([])
    assert off[0]["interactive"] is False and "Ask a question" in off[2]


def test_the_question_box_does_not_grab_focus_on_load(demo: Any) -> None:
    box = next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "question")
    assert box.autofocus is False
