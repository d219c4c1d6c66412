"""The review's references in real answers (slow: the REAL shipped model and Chroma).

- Every citation over the whole development set (eval/questions.jsonl answered by the
  real assistant) carries, in `refs` of the results format, exactly the references of
  its quoted span, worked out here from the whole paragraph the passage was cut from.
- The answer text carries those numbers behind each cited sentence ("[1] (ref. 42)").
- Questions about the literature name the studies behind the claim, cited.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from qa import Assistant
from qa.types import Answer
from settings import Settings
from source.text import find_refs, sentence_spans

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    a = Assistant(Settings(index_dir=tmp_path_factory.mktemp("lit-index")),
                  notify=lambda _msg: None)
    try:
        yield a
    finally:
        a.index.close()


def _follow(assistant: Assistant, first: str, follow_up: str) -> Answer:
    """`follow_up` asked after `first` and the assistant's answer to it."""
    return assistant.ask(follow_up, history=[(first, assistant.ask(first).text)])


@pytest.fixture(scope="module")
def dev_answers(assistant: Assistant) -> list[Answer]:
    questions = [json.loads(line) for line in
                 (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    return [assistant.ask(q["question"]) for q in questions]


def paragraph_texts(review) -> list[str]:
    out = [review.abstract] if review.abstract else []
    for top in review.sections:
        for _, sec in top.walk():
            out += [p.text for p in sec.paragraphs]
    out += [f"{f.label}. {f.caption}" for f in review.figures]
    return out


def expected_refs(review, citation) -> tuple[int, ...]:
    """The rule, on the whole paragraph: per sentence the quote touches, the refs in the
    quoted part, else the sentence's, else (opening on "These ...") the sentence before's,
    else the next citing sentence's in the paragraph."""
    p = citation.passage
    if p.kind == "table_row":
        return next(tuple(r.refs) for t in review.tables for r in t.rows
                    if r.printed == p.printed)
    paragraph = next(t for t in paragraph_texts(review) if p.text in t)
    start = paragraph.index(p.text) + p.text.index(citation.quote)
    end = start + len(citation.quote)
    spans = sentence_spans(paragraph)
    out: list[int] = []
    for i, (a, b) in enumerate(spans):
        if b <= start or a >= end:
            continue
        refs = find_refs(paragraph[max(a, start):min(b, end)]) or find_refs(paragraph[a:b])
        if not refs and i > 0 and re.match(
                r"\s*(?:(?:[A-Z][a-z]+ly|In addition|Moreover|Furthermore|However|Further|"
                r"Besides|Likewise),\s+)?(?:[Tt]hese|[Tt]his|[Ss]uch|[Tt]hose|[Tt]hey|[Tt]heir|"
                r"[Ii]ts|(?:[a-z][\w-]*\s+){1,3}(?:these|those))\b(?!\s+(?:review|article)\b)",
                paragraph[a:b]):
            # a sentence going on about the one before ("These exosomes ...") has its refs
            refs = find_refs(paragraph[spans[i - 1][0]:spans[i - 1][1]])
        if not refs:
            refs = next((find_refs(paragraph[x:y]) for x, y in spans[i + 1:]
                         if find_refs(paragraph[x:y])), ())
        out += [n for n in refs if n not in out]
    return tuple(out)


def test_every_dev_citation_carries_the_refs_of_its_quoted_span(
        assistant: Assistant, dev_answers: list[Answer]) -> None:
    checked = with_refs = 0
    for answer in dev_answers:
        out = answer.to_json()
        for c, j in zip(answer.citations, out["citations"], strict=True):
            want = expected_refs(assistant.review, c)
            assert tuple(j["refs"]) == want, (answer.question, c.passage_id, c.quote)
            assert set(j["refs"]) <= set(j["passage_refs"])
            assert all(str(n) in j["references"] for n in j["refs"])
            checked += 1
            with_refs += bool(want)
    assert checked > 150 and with_refs > 100


def test_answer_text_carries_the_refs_behind_each_cited_sentence(
        dev_answers: list[Answer]) -> None:
    notes = 0
    for answer in dev_answers:
        for c in answer.citations:
            after = re.findall(re.escape(c.marker) + r"( \(refs?\. [\d, -]+\))?", answer.text)
            assert after, (answer.text, c.marker)
            if not c.refs:
                assert not any(after), (answer.text, c.marker)
            for note in filter(None, after):
                assert expand(note) <= set(c.refs), (note, c.refs)
                notes += 1
    assert notes > 100


def expand(note: str) -> set[int]:
    """The numbers a note shows: " (refs. 3, 10-12)" -> {3, 10, 11, 12}."""
    out: set[int] = set()
    for a, b in re.findall(r"(\d+)(?:-(\d+))?", note):
        out |= set(range(int(a), int(b or a) + 1))
    return out


def test_who_showed_names_the_study_and_cites_the_claim(assistant: Assistant) -> None:
    a = assistant.ask("Who showed that circUHRF1 induces NK cell exhaustion?")
    assert not a.abstained
    # (ref. 14's title says the claim: its whole entry leads)
    assert a.text.startswith("Ref. 14 is Zhang PF"), a.text
    assert "Mol Cancer 2020" in a.text
    assert any(14 in c.refs and "circUHRF1" in c.quote for c in a.citations)
    assert a.question == "Who showed that circUHRF1 induces NK cell exhaustion?"
    # a claim no title says: the study behind the cited sentence leads
    b = assistant.ask("Who showed that liver cancer exosomes transfer drug resistance?")
    assert b.text.startswith("The review cites ") and "et al." in b.text, b.text


def test_which_journal_and_year_come_from_the_reference_list(assistant: Assistant) -> None:
    a = assistant.ask("In which journal was the circZFR study published, and when?")
    assert "Bioengineered" in a.text and "2022" in a.text and "ref. 17" in a.text, a.text


def test_what_is_reference_n_about_quotes_the_entry_and_its_citing_sentences(
        assistant: Assistant) -> None:
    a = assistant.ask("What is reference 31 about?")
    assert a.text.startswith("Ref. 31 is Qu Z"), a.text
    assert a.citations and all(31 in c.refs and c.quote in c.passage.text
                               for c in a.citations)
    assert a.retrieved[0].passage.id == a.citations[0].passage_id


def test_a_trial_named_only_in_a_reference_title_is_that_reference(
        assistant: Assistant) -> None:
    # the text never says "RESORCE"; reference 41's title does
    a = assistant.ask("regorafenib resorce trial ref")
    assert a.text.startswith("Ref. 41 is Bruix J"), a.text
    assert a.citations and all(41 in c.refs for c in a.citations)
    # a form of a word the text uses ("MSCs" of "BMMSCs") names no reference by itself
    b = assistant.ask("Which reference does the review give for CD38 siRNA-loaded exosomes "
                      "from bone marrow MSCs?")
    assert "ref. 104" in b.text, b.text


def test_a_name_only_a_reference_title_uses_answers_with_that_reference_whatever_is_asked(
        assistant: Assistant) -> None:
    # not phrased as a question about the literature: before, "the review never
    # mentions RESORCE" abstained
    a = assistant.ask("what was the RESORCE trial about?")
    assert not a.abstained and a.text.startswith("Ref. 41 is Bruix J"), a.text
    b = assistant.ask("what is the GO30140 study")
    assert not b.abstained and "Ref. 8 is Lee MS" in b.text, b.text
    # a result of the trial the review does not give: said so, then the reference
    c = assistant.ask("median overall survival in the RESORCE trial?")
    assert c.abstained and c.text.startswith("The review does not give"), c.text
    assert "Ref. 41 is Bruix J" in c.text and c.citations


def test_a_word_only_a_title_uses_names_that_reference_in_a_question_about_the_literature(
        assistant: Assistant) -> None:
    # the reference list prints "globocan" in lower case, and the text never uses it
    a = assistant.ask("globocan 2020 ref - how many cancers and countries?")
    assert a.text.startswith("Ref. 1 is Sung H"), a.text
    assert "36 cancers in 185 countries" in a.text
    # ... but a form of a word the text uses names no reference: "tumour" is "tumor",
    # "stabilizing" is "stabilization"
    b = assistant.ask("Who reported that circCCAR1 drives anti-PD1 resistance by stabilizing "
                      "PD-1 in CD8+ T cells?")
    assert "Hu Z et al." in b.text and "Ref. 15" not in b.text, b.text
    assert not assistant.literature.named_by_title("how do tumours resist", loose=True)


def test_a_claim_one_reference_title_says_names_that_reference(assistant: Assistant) -> None:
    # the text cites refs. 48 and 49 together for exosomal PD-L1; ref. 49's title says
    # "suppress T cell killing of breast cancer cells" (before: ref. 47, a melanoma study)
    a = assistant.ask("which reference shows exosomal PD-L1 suppresses T cell killing of "
                      "breast cancer cells")
    assert a.text.startswith("Ref. 49 is Yang Y"), a.text
    assert a.citations and all(49 in c.refs for c in a.citations)
    b = assistant.ask("what source is cited for global cancer statistics")
    assert b.text.startswith("Ref. 1 is Sung H"), b.text
    # too few words, or two titles saying the claim about as well: no title decides
    lit = assistant.literature
    assert lit.titled_claim("exosomal PD-L1") is None
    assert lit.titled_claim("exosomal PD-L1 immunosuppression") is None
    assert lit.titled_claim("exosomal PD-L1 anti-PD-1 response") == 47
    # a name is one word, matched whole: "miR-199a" (a year asked of its study) is not
    # three words of ref. 102's "MiR-199a-modified"
    assert lit.titled_claim("the miR-199a study") is None
    assert lit.titled_claim("exosomal PD-L1 breast cancer T cell killing") == 49


def test_a_study_named_and_asked_what_it_is_about_is_answered_by_its_entry(
        assistant: Assistant) -> None:
    # two Fang papers in the list (refs. 22 and 70): the one the text calls "Fang et al."
    a = assistant.ask("what was the fang paper actually about")
    assert a.text.startswith("Ref. 22 is Fang T"), a.text
    assert "lung metastasis" in a.text and a.citations
    # named by words only its title has; asked a word only the title says ("pathway")
    b = assistant.ask("the asiatic acid paper - what pathway")
    assert b.text.startswith("Ref. 107 is Chen T") and "smad" in b.text, b.text
    # a result the entry does not give: not given, then the entry
    c = assistant.ask("what dose of vitamin D did they use in the everolimus study")
    assert c.abstained and c.text.startswith("The review does not give"), c.text
    assert "Ref. 34 is Negri M" in c.text
    # what the text says of the study is the text's to answer
    d = assistant.ask("what did the Fang et al. study show")
    assert d.text.startswith("In 2018, Fang et al. demonstrated"), d.text


def test_the_authors_asked_for_are_listed_as_the_reference_prints_them(
        assistant: Assistant) -> None:
    a = assistant.ask("who were the authors of the circPAK1 study")
    assert "Hao X, Zhang Y, Shi X, et al. (2022" in a.text, a.text


def test_a_sentence_going_on_about_a_study_is_that_studys_for_a_literature_question(
        assistant: Assistant) -> None:
    # "In HCC cells, circPAK1 interacts with YAP ..." cites nothing and nothing after it
    # does: it goes on with "Hao et al. reported ...[18]"
    a = assistant.ask("which reference says circPAK1 interacts with YAP in HCC cells")
    assert "ref. 18" in a.text and "cites no study" not in a.text, a.text


def test_the_oldest_and_newest_study_come_from_the_reference_list(
        assistant: Assistant) -> None:
    years = {n: s.year for n, s in assistant.literature.studies.items() if s.year}
    oldest = min(years, key=lambda n: (years[n], n))
    a = assistant.ask("what is the oldest paper the review cites?")
    assert a.text.startswith("The oldest study the review cites is "), a.text
    assert f"({years[oldest]}; ref. {oldest})" in a.text and not a.abstained
    assert a.citations and all(oldest in c.refs for c in a.citations)
    assert a.standalone_question == "what is the oldest paper the review cites?"
    newest = assistant.ask("which is the most recent reference?")
    assert f"({max(years.values())}; ref. " in newest.text, newest.text
    # a claim of its own is not the whole list's: the pipeline answers it
    own = assistant.ask("what is the most recent study on linc-ROR?")
    assert "study the review cites is" not in own.text


def test_a_literature_follow_up_with_no_name_asks_about_the_last_claim(
        assistant: Assistant) -> None:
    first = assistant.ask("how does exosomal circZFR cause cisplatin resistance?")
    follow = assistant.ask("what journal was that in", history=[(first.question, first.text)])
    assert "Bioengineered" in follow.text and "ref. 17" in follow.text, follow.text
    assert follow.standalone_question.startswith("what journal was the study behind “")
    assert all(c.quote in c.passage.text for c in follow.citations)


def test_the_claim_a_literature_follow_up_asks_about_is_not_read_another_way(
        assistant: Assistant) -> None:
    # the last answer's claim is Tian et al.'s [88]; read with the talk's topic instead
    # ("..., for miR-21 and sorafenib?") it would give the miR-21 row's study [20]
    history = []
    for question in ("whats the deal with mir-21 and sorafenib", "and in acidic conditions?"):
        history.append((question, assistant.ask(question, history=list(history)).text))
    assert "Tian et al." in history[-1][1]
    follow = assistant.ask("what journal was that in", history=history)
    assert "Theranostics" in follow.text and "ref. 88" in follow.text, follow.text


def test_who_made_the_review_is_asked_of_the_review_not_of_the_last_claim(
        assistant: Assistant) -> None:
    history = []
    for question in ("who wrote this review", "which of them started the study"):
        history.append((question, assistant.ask(question, history=list(history)).text))
    assert "Wang X" in history[-1][1] and "Yang Y" not in history[-1][1]
    wrote = assistant.ask("and who wrote the manuscript?", history=history)
    assert "Wang J" in wrote.text and "Yang Y" in wrote.text, wrote.text


def test_a_study_told_over_two_passage_parts_is_one_study(assistant: Assistant) -> None:
    # "Ying-Hong Shi" and "chloroquine" are in two parts of one paragraph, one study [84]
    a = assistant.ask("when did ying-hong shi report that blocking autophagy (e.g. "
                      "chloroquine) makes sorafenib kill hcc better")
    assert not a.abstained and "2011" in a.text and "ref. 84" in a.text, a.text


def test_a_list_the_question_names_is_asked_about(assistant: Assistant) -> None:
    # (the question names three items of the sentence's list: not one of them in passing)
    a = assistant.ask("who showed slug overexpressing hcc cells put pro-EMT proteins like "
                      "FN1, COL2A1 and FGG into their exosomes?")
    assert not a.abstained and "Karaosmanoğlu O et al. (2018, Cell Oncol; ref. 76)" in a.text, \
        a.text


def test_a_field_the_reference_list_lacks_is_a_partial_answer(assistant: Assistant) -> None:
    a = assistant.ask("What is the DOI of the circPAK1 study?")
    assert a.abstained and a.text.startswith("The review does not give the DOI"), a.text
    assert "ref. 18" in a.text


def test_a_misprinted_table_row_citation_carries_a_note(assistant: Assistant) -> None:
    a = assistant.ask("Which exosomal circRNAs drive anti-PD1 resistance?")
    citations = a.to_json()["citations"]
    row = next(c for c in citations if "cricTMEM181" in c["text"])
    assert row["note"] == "printed as cricTMEM181 in Table 1"
    assert all("note" not in c for c in citations if c is not row)


@pytest.mark.parametrize(("question", "number"), [
    ("what is the first reference?", "Ref. 1 is"),
    ("which paper is cited first", "Ref. 1 is"),
    ("what's the last reference in the list", "Ref. 107 is"),
])
def test_a_place_in_the_reference_list_is_that_reference(
        assistant: Assistant, question: str, number: str) -> None:
    assert assistant.ask(question).text.startswith(number)


def test_which_trial_is_cited_names_the_trial_by_its_title(assistant: Assistant) -> None:
    # a question about a citation is no clinical status ("any clinical trial of it?"),
    # and a trial is known by the name its title gives (GO30140)
    a = assistant.ask("which trial is cited for atezolizumab plus bevacizumab")
    assert not a.abstained, a.text
    assert a.text.startswith("The review cites Lee MS et al., “Atezolizumab with or without "
                             "bevacizumab"), a.text
    assert "GO30140" in a.text and "ref. 8" in a.text


def test_that_papers_title_is_read_whole_not_left_dangling(assistant: Assistant) -> None:
    # "that paper" stands for the study behind the last claim: it was "what's the study
    # behind “...” paper's title about?", a possessive with nothing after it
    answer = _follow(assistant, "which exosomes cause everolimus resistance?",
                     "what's that paper's title about?")
    assert "Vitamin D" in answer.text, answer.text
    assert "” paper's" not in answer.standalone_question, answer.standalone_question
    journal = _follow(assistant, "which exosomes cause everolimus resistance?",
                      "what journal is that paper in?")
    assert "Front Oncol" in journal.text
    assert "” paper" not in journal.standalone_question, journal.standalone_question


def test_a_follow_up_on_a_study_known_by_its_title_reads_its_entry(
        assistant: Assistant) -> None:
    # "it" read as RESORCE, a name only ref. 41's title gives: the entry answers what it
    # says ("phase 3 trial") and is a partial answer for what it does not (a benefit)
    first = "which reference is the resorce trial"
    said = assistant.ask(first)
    history = [(first, said.text)]
    phase = assistant.ask("what phase was it", history=history)
    assert not phase.abstained and "phase 3" in phase.text and "Ref. 41" in phase.text
    benefit = assistant.ask("what was the OS benefit in it", history=history)
    assert benefit.text.startswith("The review does not give this study's findings"), \
        benefit.text
    assert assistant.ask("anything on exosomal circGSE1").text.startswith("Ref. 90 is")


def test_who_wrote_that_names_the_studies_behind_the_last_answer(
        assistant: Assistant) -> None:
    # "that" is what was just said, not the one drug of the list it was read as
    follow = _follow(assistant, "exosome encapsulated paclitaxel?", "who wrote that")
    assert follow.text.startswith("The review cites Dai J"), follow.text
    assert "Kim MS" in follow.text and "ref. 106" in follow.text


def test_a_study_described_in_a_word_is_the_one_the_talk_named(assistant: Assistant) -> None:
    # "the acid one": the sentence of the last answers whose words begin so ("acidic"),
    # not the review's other "acid" (asiatic acid) nor its own authors ("who wrote")
    follow = _follow(assistant, "what did the acidic environment study find about mir-21",
                     "who wrote the acid one and in what journal")
    assert follow.text.startswith("The review cites Tian XP"), follow.text
    assert "Theranostics" in follow.text


def test_that_paper_s_title_is_the_title_of_the_study_behind_the_last_answer(
        assistant: Assistant) -> None:
    # "that paper" with only everyday words of its own ("pathway") asks of the study the
    # talk named, not of whatever sentence "pathway" finds
    follow = _follow(assistant, "asiatic acid exosomes??",
                     "what pathway does that paper's title mention")
    assert "smad" in follow.text.lower(), follow.text
    assert follow.standalone_question.startswith(
        "what pathway does the title of the study behind “In HCC, exosomes encapsulating")
    from qa.literature import LiteratureAsk, of_that_study
    assert not of_that_study(LiteratureAsk("what is the circPAK1 paper's title",
                                           "circPAK1", frozenset({"title"})))


@pytest.mark.parametrize(("question", "read", "said"), [
    ("authors?", "who are the authors of this review?", "Initiated the study"),
    ("journal?", "what journal is this review published in?", "Hepatoma Res"),
    ("Year?", "when was this review published?", "2023"),
])
def test_a_field_asked_alone_opening_a_conversation_is_the_reviews_own(
        assistant: Assistant, question: str, read: str, said: str) -> None:
    # no study was spoken of yet: "authors?" asks who wrote the review, shown as read
    answer = assistant.ask(question)
    assert not answer.abstained and said in answer.text, answer.text
    assert answer.question == question and answer.standalone_question == read
    # after an answer, the same word asks of the study behind it
    first = assistant.ask("what did Qu et al. find about sorafenib")
    follow = assistant.ask(question, history=[("what did Qu et al. find about sorafenib",
                                               first.text)])
    assert "ref. 31" in follow.text and said not in follow.text, follow.text


@pytest.mark.parametrize("follow_up", ["who showed that?", "which paper is that finding from?"])
def test_that_claim_is_the_claim_the_last_answer_made(assistant: Assistant,
                                                      follow_up: str) -> None:
    first = "the first approved combination of a targeted drug and an immune inhibitor"
    said = assistant.ask(first)
    assert "Atezolizumab" in said.text
    follow = assistant.ask(follow_up, history=[(first, said.text)])
    assert "Lee MS" in follow.text and "Lancet Oncol" in follow.text, follow.text
    # the question as read quotes the claim, whole words, and still asks
    assert "“" in follow.standalone_question and follow.standalone_question.endswith("?")


def test_that_claim_with_no_study_behind_it_is_said_to_have_none(assistant: Assistant) -> None:
    first = "is autophagy always good for liver cancer cells?"
    said = assistant.ask(first)
    assert "double-edged" in said.text.split("[1]")[0]  # a sentence citing nothing
    follow = assistant.ask("which study is that claim from?", history=[(first, said.text)])
    assert follow.text.startswith("The review cites no study for this"), follow.text
    assert "double-edged" in follow.text and not follow.abstained


def test_a_year_asked_of_it_is_the_year_of_the_study_it_was_read_as(
        assistant: Assistant) -> None:
    # "it" read as "the GRP78 study": the claim about GRP78 is looked up (the review
    # writes "siGRP78"), not any table row with a year
    follow = _follow(assistant, "what does GRP78 siRNA do when delivered by exosomes in HCC?",
                     "which year was it published?")
    assert follow.text.startswith("The review cites Li H et al. (2018"), follow.text
    assert "GRP78" in follow.standalone_question


def test_an_ask_after_a_dash_is_of_the_study_named_before_it(assistant: Assistant) -> None:
    # (not the review's own "Wrote the manuscript" line)
    answer = assistant.ask("the everolimus exosome paper - who wrote it and what was its "
                           "main point")
    assert answer.text.startswith("The review cites Negri M"), answer.text
    assert "everolimus" in answer.text
