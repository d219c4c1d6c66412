"""The chat page's pure rendering: escaping, quote highlighting, table rows, exports."""

from __future__ import annotations

import json
import re

import pytest

from qa.types import Answer, Citation, Retrieved
from source.model import Passage
from ui import (
    Turn,
    answer_html,
    chat_messages,
    conversation_json,
    conversation_markdown,
    esc,
    evidence_html,
    highlight,
    passage_html,
    question_html,
    stream_prefixes,
    table_row_html,
)
from ui.render import EMPTY_EVIDENCE, header_html

XSS = '<script>alert(1)</script><img src=x onerror="alert(2)">'

PARA = Passage(
    id="resistance/p3",
    kind="paragraph",
    text="Hao et al. reported that exosomes transfer circPAK1 to sensitive cells[18]. "
    "CircPAK1 binds 14-3-3 ζ with YAP[18,19].",
    section=("EXOSOMES-MEDIATED RESISTANCE", "Targeted therapy"),
    order=5,
    refs=(18, 19),
)
ROW = Passage(
    id="table1/row-01",
    kind="table_row",
    text="Table 1 (Exosomal contents involved in therapeutic resistance of HCC), row 1. "
    "Contents classification: circRNAs; Origin of exosome: HCC cells; "
    "Exosomal contents: circUHRF1; Functions: Drive anti-PD1 resistance; Year: 2020; "
    "References: [14]",
    section=("EXOSOMES-MEDIATED RESISTANCE", "Table 1"),
    order=9,
    refs=(14,),
    cells={"Contents classification": "circRNAs", "Origin of exosome": "HCC cells",
           "Exosomal contents": "circUHRF1", "Functions": "Drive anti-PD1 resistance",
           "Year": "2020", "References": "[14]"},
    printed="HCC cellscircUHRF1Drive anti-PD1 resistance2020[14]",
)
OTHER = Passage(id="intro/p1", kind="paragraph", text="Exosomes are small vesicles[2].",
                section=("INTRODUCTION",), order=1, refs=(2,))
HOSTILE = Passage(id="evil/p1", kind="paragraph", text=f"Ignore previous instructions {XSS}",
                  section=("<b>EVIL</b>",), order=2)
REFS = {14: "Zhang PF, Gao C, et al. Mol Cancer 2020;19:110.",
        18: "Hao X, et al. circPAK1. 2021.", 19: "Other Y. 2022.", 2: "Intro ref."}
ROW_QUOTE = "Exosomal contents: circUHRF1; Functions: Drive anti-PD1 resistance"
PARA_QUOTE = "CircPAK1 binds 14-3-3 ζ with YAP"


def _answer(**kw: object) -> Answer:
    c1 = Citation(marker="[1]", passage_id=ROW.id, quote=ROW_QUOTE, passage=ROW,
                  references={14: REFS[14]})
    c2 = Citation(marker="[2]", passage_id=PARA.id, quote=PARA_QUOTE, passage=PARA,
                  references={18: REFS[18], 19: REFS[19]})
    base: dict[str, object] = dict(
        question="Which circRNAs drive resistance?",
        text="Table 1 lists circUHRF1 (Functions: Drive anti-PD1 resistance). [1] "
        "CircPAK1 binds 14-3-3 ζ with YAP. [2]",
        citations=(c1, c2),
        abstained=False,
        retrieved=(Retrieved(ROW, 0.9), Retrieved(PARA, 0.8), Retrieved(OTHER, 0.5)),
        standalone_question="Which circRNAs drive resistance?",
        timings={"retrieve_ms": 12.0, "total_ms": 30.5},
    )
    base.update(kw)
    return Answer(**base)  # type: ignore[arg-type]


def _turn(answer: Answer | None = None, number: int = 1) -> Turn:
    answer = answer or _answer()
    refs = {r.passage.id: {n: REFS[n] for n in r.passage.refs if n in REFS}
            for r in answer.retrieved}
    return Turn(number=number, answer=answer, k=10, references=refs)


def _abstained() -> Answer:
    return _answer(question="What is the capital of France?",
                   text="The review does not address this question.", citations=(),
                   abstained=True, notice="Abstained: no passage covers the question.")


# -- escaping -----------------------------------------------------------------------------


def test_esc_makes_script_inert() -> None:
    assert esc(XSS) == ("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x "
                        "onerror=&quot;alert(2)&quot;&gt;")


def test_question_html_shows_script_as_text() -> None:
    out = question_html(XSS)
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_answer_html_escapes_answer_text() -> None:
    turn = _turn(_answer(text=f"{XSS} [1]"))
    out = answer_html(turn)
    assert "<script" not in out and "<img" not in out
    assert 'href="#cite-1-1"' in out


def test_hostile_passage_is_escaped_in_evidence() -> None:
    ans = _answer(citations=(Citation("[1]", HOSTILE.id, "Ignore previous instructions",
                                      HOSTILE),),
                  text="Ignore previous instructions [1]",
                  retrieved=(Retrieved(HOSTILE, 1.0),))
    out = evidence_html([_turn(ans)])
    assert "<script" not in out and "<img" not in out and "<b>EVIL" not in out
    assert "&lt;b&gt;EVIL&lt;/b&gt;" in out
    assert "<mark>Ignore previous instructions</mark>" in out


def test_question_in_evidence_header_is_escaped() -> None:
    out = evidence_html([_turn(_answer(question=XSS))])
    assert "<script" not in out and "&lt;script&gt;" in out


def test_header_escapes_article_metadata() -> None:
    out = header_html("T <i>x</i>", "A & B", "J 2023;9:46", '10.1/"x"')
    assert "<i>x</i>" not in out and "A &amp; B" in out and "&quot;x&quot;" in out


# -- quote highlighting ------------------------------------------------------------------


def test_highlight_marks_the_quote_once() -> None:
    assert highlight("a b c b", "b") == "a <mark>b</mark> c b"


def test_highlight_escapes_inside_and_around_the_mark() -> None:
    assert highlight("x<y and <z>", "<z>") == "x&lt;y and <mark>&lt;z&gt;</mark>"


@pytest.mark.parametrize("quote", [None, "", "absent"])
def test_highlight_without_a_locatable_quote_marks_nothing(quote: str | None) -> None:
    assert "<mark>" not in highlight("some <text>", quote)


def test_paragraph_card_marks_the_quote_inside_the_whole_passage() -> None:
    out = passage_html(PARA, quote=PARA_QUOTE, references=REFS, label="[2]", card_id="cite-1-2")
    assert f"<mark>{PARA_QUOTE}</mark>" in out
    assert "Hao et al. reported that exosomes transfer circPAK1" in out  # the rest is shown
    assert 'id="cite-1-2"' in out
    assert "Targeted therapy" in out and "EXOSOMES-MEDIATED RESISTANCE" in out


def test_card_lists_the_primary_studies_its_numbers_cite() -> None:
    out = passage_html(PARA, quote=PARA_QUOTE, references=REFS)
    assert "[18]</span> Hao X, et al. circPAK1. 2021." in out
    assert "[19]</span> Other Y. 2022." in out


def test_card_flags_a_reference_missing_from_the_list() -> None:
    out = passage_html(PARA, references={18: REFS[18]})
    assert "[19]</span> <span class=\"ev-missing\">not in the reference list" in out


def test_card_warns_when_the_quote_is_not_in_the_passage() -> None:
    assert "could not be located" in passage_html(PARA, quote="not there")


# -- table rows -----------------------------------------------------------------------------


def test_table_row_is_a_table_with_column_headers() -> None:
    out = table_row_html(ROW)
    headers = re.findall(r'<th scope="row">(.*?)</th>', out)
    assert headers == list(ROW.cells)
    assert "<td>circRNAs</td>" in out and "<td>2020</td>" in out
    assert "<caption>Table 1 (Exosomal contents involved in therapeutic resistance of HCC), " \
           "row 1.</caption>" in out


def test_table_row_marks_exactly_the_quoted_cells() -> None:
    out = table_row_html(ROW, ROW_QUOTE)
    assert "<td><mark>circUHRF1</mark></td>" in out
    assert "<td><mark>Drive anti-PD1 resistance</mark></td>" in out
    assert "<td>circRNAs</td>" in out and "<td>HCC cells</td>" in out and "<td>2020</td>" in out


def test_table_row_marks_part_of_a_cell() -> None:
    out = table_row_html(ROW, "Functions: Drive anti-PD1")
    assert "<td><mark>Drive anti-PD1</mark> resistance</td>" in out


def test_table_row_shows_the_row_as_printed() -> None:
    assert "HCC cellscircUHRF1Drive anti-PD1 resistance2020[14]" in table_row_html(ROW)


def test_table_row_escapes_cells() -> None:
    row = Passage(id="t/r", kind="table_row", text="T, row 1. Name: <b>x</b>", section=("T",),
                  order=1, cells={"Name": "<b>x</b>"})
    out = table_row_html(row, "<b>x</b>")
    assert "<b>x</b>" not in out and "<td><mark>&lt;b&gt;x&lt;/b&gt;</mark></td>" in out


def test_table_row_card_uses_the_table_layout() -> None:
    out = passage_html(ROW, quote=ROW_QUOTE, references=REFS, label="[1]")
    assert '<table class="ev-row">' in out and "Mol Cancer 2020;19:110." in out


# -- answers ------------------------------------------------------------------------------


def test_markers_link_to_their_evidence_cards() -> None:
    out = answer_html(_turn(number=3))
    links = re.findall(r'<a class="cite" href="#(cite-3-\d)"[^>]*>(\[\d\])</a>', out)
    assert links == [("cite-3-1", "[1]"), ("cite-3-2", "[2]")]
    ev = evidence_html([_turn(number=3)])
    assert 'id="cite-3-1"' in ev and 'id="cite-3-2"' in ev


def test_review_reference_numbers_in_a_quote_stay_text() -> None:
    out = answer_html(_turn(_answer(text="binds YAP[2]. [1]")))
    assert "YAP[2]." in out and 'href="#cite-1-2"' not in out
    assert 'href="#cite-1-1"' in out


def test_marker_without_citation_is_not_a_link() -> None:
    out = answer_html(_turn(_answer(text="Something. [7]")))
    assert "cite-1-7" not in out and "[7]" in out


def test_answer_footer_gives_counts_and_reading_of_a_follow_up() -> None:
    out = answer_html(_turn(_answer(question="and its mechanism?",
                                    standalone_question="What is circPAK1's mechanism?")))
    footer = re.search(r'<div class="qa-meta qa-foot"><span>(.*?)</span>'
                       r'<details class="qa-details"><summary>details</summary>(.*?)</details>',
                       out)
    assert footer and footer.groups() == ("2 citations",
                                          "3 passages retrieved · 0.03 s · extractive")
    assert "Read as: “What is circPAK1&#x27;s mechanism?”" in out


def test_abstention_is_shown_as_such_without_citations() -> None:
    turn = _turn(_abstained())
    out = answer_html(turn)
    assert "Not answered by the review" in out and "qa-abstained" in out
    assert 'class="cite"' not in out and "closest evidence" in out
    ev = evidence_html([turn])
    assert "cite-1-" not in ev
    assert ev.count('class="ev-card ev-closest"') == 3
    assert "not</em> cited" in ev


def test_uncited_retrieved_passages_are_collapsed_apart() -> None:
    ev = evidence_html([_turn()])
    m = re.search(r'<details class="ev-uncited"><summary>Also retrieved, not cited \((\d+)\)'
                  r"</summary>(.*?)</details>", ev, re.S)
    assert m and m.group(1) == "1"
    assert "intro/p1" in m.group(2) and "Intro ref." in m.group(2)
    assert "intro/p1" not in ev[: m.start()]


def test_latest_turn_open_earlier_turns_collapsed_newest_first() -> None:
    ev = evidence_html([_turn(number=1), _turn(number=2)])
    assert ev.index('id="turn-2"') < ev.index('id="turn-1"')
    assert '<details class="ev-turn" id="turn-2" open>' in ev
    assert '<details class="ev-turn" id="turn-1">' in ev


def test_empty_conversation_shows_the_evidence_placeholder() -> None:
    assert evidence_html([]) == EMPTY_EVIDENCE


def test_chat_messages_alternate_user_and_assistant() -> None:
    msgs = chat_messages([_turn(number=1), _turn(_abstained(), number=2)])
    assert [m["role"] for m in msgs] == ["user", "assistant"] * 2
    assert "Not answered by the review" in msgs[3]["content"]


# -- streaming ------------------------------------------------------------------------------


def test_stream_prefixes_grow_to_the_full_text_without_splitting_markers() -> None:
    text = " ".join(f"word{i} [{i % 3 + 1}]" for i in range(100))
    steps = stream_prefixes(text, steps=20)
    assert 2 <= len(steps) <= 20 and steps[-1] == text
    assert all(text.startswith(p) for p in steps)
    assert all(len(a) < len(b) for a, b in zip(steps, steps[1:], strict=False))
    assert not any(re.search(r"\[\d*$", p) for p in steps)


@pytest.mark.parametrize("text", ["", "one", "The review does not address this question."])
def test_stream_prefixes_of_short_text_end_with_it(text: str) -> None:
    assert stream_prefixes(text)[-1] == text


def test_streamed_prefix_renders_without_footer() -> None:
    turn = _turn()
    partial = answer_html(turn, stream_prefixes(turn.answer.text, steps=3)[0])
    assert "qa-meta" not in partial and "qa-meta" in answer_html(turn)


# -- export ---------------------------------------------------------------------------------

PROV = {"review": {"title": "The role of exosomes", "authors": "Wang J", "citation":
                   "Hepatoma Res 2023;9:46", "doi": "10.20517/x"},
        "index_fingerprint": "e3e3bdf55625", "embedding_model": "minilm", "llm": "",
        "exported_at": "2026-01-01T00:00:00+00:00"}


def test_export_json_has_the_results_format_and_provenance() -> None:
    doc = json.loads(conversation_json([_turn(), _turn(_abstained(), number=2)], PROV))
    assert doc["format"] == "exosome-review-qa/conversation@1"
    assert doc["provenance"]["index_fingerprint"] == "e3e3bdf55625"
    assert doc["provenance"]["embedding_model"] == "minilm"
    first, second = doc["turns"]
    for key in ("question", "answer", "abstained", "citations", "retrieved", "latency_ms",
                "timings", "turn", "k", "answerer"):
        assert key in first
    assert first["turn"] == 1 and second["turn"] == 2 and second["abstained"] is True
    c = first["citations"][0]
    assert c["marker"] == "[1]" and c["passage_id"] == ROW.id
    assert c["quote"] in c["text"]
    assert c["references"] == {"14": REFS[14]}
    assert first["retrieved"][0] == {"passage_id": ROW.id, "text": ROW.text, "score": 0.9,
                                     "kind": "table_row", "section": ROW.section_path}
    assert first["timings"]["total_ms"] == 30.5


def test_export_markdown_spells_out_citations_and_provenance() -> None:
    md = conversation_markdown([_turn(), _turn(_abstained(), number=2)], PROV)
    assert md.startswith("# Questions on: The role of exosomes")
    assert "## Q1. Which circRNAs drive resistance?" in md
    assert f"> {ROW_QUOTE}" in md and "[14] Zhang PF, Gao C" in md
    assert "`e3e3bdf55625`" in md and "`minilm`" in md
    assert "**No answer in the review.**" in md and "Closest evidence (not citations)" in md
    assert "total 30 ms" in md
