"""The review's references behind each quoted span, the reference list read, and
questions about the literature read (fast: no model, no index).

The rule a citation's refs follow: the references inside the quoted span; for a sentence
citing none, those closing its run of sentences in the *paragraph* (not the passage part:
a part must never cut a sentence from the reference closing its run); a table row's own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.literature import (
    Literature,
    age_superlative,
    cite,
    claim_of,
    claims,
    first_surname,
    fragment_ask,
    printing_variants,
    read_question,
    ref_note,
    refs_label,
    short_name,
)
from source import PARSER_VERSION, build_passages, load_review
from source.model import Passage
from source.passages import (
    ARTICLE_INFORMATION,
    closing_refs,
    passage_refs,
    quote_refs,
    span_refs,
)
from source.studies import parse_reference
from source.text import find_refs, split_sentences

ROOT = Path(__file__).resolve().parents[1]
GUT = ROOT / "tests" / "data" / "gut-microbiota" / "gut-microbiota-review.txt"


@pytest.fixture(scope="module")
def review():
    return load_review()


@pytest.fixture(scope="module")
def passages(review):
    return build_passages(review)


def run_refs(paragraph: str, sentence_index: int) -> tuple[int, ...]:
    """The rule, stated on a whole paragraph's sentences: a sentence's own refs; else,
    for one opening on "These", "This", "Such", ... (after an opening adverb, "these" a
    few words in: "Intriguingly, exosomes from these cells"), the sentence before's; else
    those of the next sentence that cites any, else none."""
    sentences = split_sentences(paragraph)
    this = sentences[sentence_index]
    adverb = r"(?:[A-Z][a-z]+ly|In addition|Moreover|Furthermore|However|Further|Besides|" \
             r"Likewise), "
    goes_on = re.match(r"(These|This|Such|Those|They|Their|Its) ", this.strip()) or re.match(
        adverb + r"(?:these|this|such|those|they|their|its|(?:[a-z][\w-]* ){1,3}"
        r"(?:these|those)) (?!review|article)", this.strip())
    if not find_refs(this) and sentence_index > 0 and goes_on and \
            find_refs(sentences[sentence_index - 1]):
        return find_refs(sentences[sentence_index - 1])
    for s in sentences[sentence_index:]:
        if find_refs(s):
            return find_refs(s)
    return ()


def paragraphs(review) -> list[str]:
    out = [review.abstract] if review.abstract else []
    for top in review.sections:
        for _, sec in top.walk():
            out += [p.text for p in sec.paragraphs]
    return out


# -- the rule on spans ------------------------------------------------------------------


def test_a_sentence_citing_nothing_takes_the_refs_closing_its_run() -> None:
    text = "A is so. B follows from it. C closes the run[14,15]. D stands alone[16]. E ends."
    sentences = split_sentences(text)
    got = [span_refs(text, text.index(s), text.index(s) + len(s)) for s in sentences]
    assert got == [(14, 15), (14, 15), (14, 15), (16,), ()]


def test_a_sentence_going_on_about_the_one_before_takes_its_refs() -> None:
    # "These exosomes ..." goes on about the study just cited, not the next one
    text = "Regorafenib acts via exosomes[32]. These exosomes induce Nanog. Li et al. found X[23]."
    sentences = split_sentences(text)
    got = [span_refs(text, text.index(s), text.index(s) + len(s)) for s in sentences]
    assert got == [(32,), (32,), (23,)]
    # after a sentence citing nothing, it is part of the run as before
    text = "A is so. These B follow. C closes[14]."
    assert span_refs(text, text.index("These"), text.index("C closes")) == (14,)
    # ... and after an opening adverb: "Intriguingly, exosomes from these cells ..."
    text = ("Karaosmanoglu et al. found Slug cells resistant[76]. Intriguingly, exosomes "
            "from these HCC cells contained FN1. Fang et al. found Y[22].")
    start = text.index("Intriguingly")
    assert span_refs(text, start, text.index(" Fang")) == (76,)
    text = "A is so[3]. However, this review asks more. B closes[4]."
    assert span_refs(text, text.index("However"), text.index(" B closes")) == (4,)


def test_refs_inside_a_span_are_its_own() -> None:
    text = "X binds Y[3], and Z binds W[4]. Then more[5]."
    assert span_refs(text, 0, text.index(",")) == (3,)
    assert span_refs(text, 0, len(text)) == (3, 4, 5)


def test_run_beyond_a_part_comes_from_the_paragraph() -> None:
    paragraph = "First part ends uncited. Second part cites it[7]. Later[8]."
    part = "First part ends uncited."
    assert closing_refs(paragraph, part, 0) == (7,)
    assert closing_refs(paragraph, "Second part cites it[7].", paragraph.index("Second")) == ()
    p = Passage(id="s/p1-1", kind="paragraph", text=part, section=("S",), order=0,
                closing_refs=(7,))
    assert quote_refs(p, part) == (7,) and passage_refs(p) == (7,)


def test_every_sentence_of_every_passage_gets_its_paragraph_run_refs(review, passages) -> None:
    """Over the whole review: a passage part's sentence has the refs the whole paragraph
    gives it, so a split never cuts a sentence from its closing reference."""
    paras = paragraphs(review)
    checked = parts = 0
    for p in passages:
        if p.kind != "paragraph" or p.section == (ARTICLE_INFORMATION,):
            continue  # (what the page prints about the article is no paragraph of it)
        paragraph = next(t for t in paras if p.text in t)
        parts += paragraph != p.text
        sentences = split_sentences(paragraph)
        for i, s in enumerate(sentences):
            if s in p.text:
                assert quote_refs(p, s) == run_refs(paragraph, i), (p.id, s)
                checked += 1
    assert checked > 200 and parts > 10


def test_a_table_row_quote_has_the_rows_refs(passages) -> None:
    row = next(p for p in passages if p.id == "table1/row-05")
    assert quote_refs(row, row.text[:20]) == row.refs == (18,)


def test_parser_version_is_bumped_for_the_closing_refs() -> None:
    assert PARSER_VERSION != "2"


# -- notes in the answer text --------------------------------------------------------------


@pytest.mark.parametrize("refs, label", [
    ((42,), "ref. 42"), ((14, 15), "refs. 14, 15"), ((56, 57, 58), "refs. 56-58"),
    ((3, 10, 11, 12, 20), "refs. 3, 10-12, 20"), ((), ""),
])
def test_refs_label(refs, label) -> None:
    assert refs_label(refs) == label


def test_ref_note_is_empty_when_the_span_cites_nothing() -> None:
    p = Passage(id="x/p1", kind="paragraph", text="Nothing cited here. Cited[9].",
                section=("S",), order=0)
    assert ref_note(p, "Cited[9].") == " (ref. 9)"
    assert ref_note(p, "Nothing cited here.") == " (ref. 9)"  # its run closes with [9]
    q = Passage(id="x/p2", kind="paragraph", text="Cited[9]. Nothing after.",
                section=("S",), order=1)
    assert ref_note(q, "Nothing after.") == ""


# -- the reference list --------------------------------------------------------------------


def test_reference_entries_read_first_author_year_journal_title(review) -> None:
    qu = parse_reference(31, review.references[31].text)
    assert (first_surname(qu), qu.year, qu.journal) == ("Qu", 2016, "J Exp Clin Cancer Res")
    assert qu.title.startswith("Exosomes derived from HCC cells induce sorafenib resistance")
    assert cite(qu) == "Qu Z et al. (2016, J Exp Clin Cancer Res; ref. 31)"
    galle = parse_reference(38, review.references[38].text)
    assert short_name(galle) == "Galle" and galle.journal == "J Hepatol"
    pnas = parse_reference(57, review.references[57].text)
    assert pnas.journal == "Proc Natl Acad Sci U S A" and pnas.year == 2005


def test_an_entry_that_does_not_read_keeps_what_it_can(review) -> None:
    web = parse_reference(40, review.references[40].text)  # a web page, "accessed 2023"
    assert first_surname(web) == "Ping" and web.year is None
    odd = parse_reference(1, "Guidelines for everyone (no authors, no year)")
    assert first_surname(odd) == "" and cite(odd).endswith("(ref. 1)")


@pytest.mark.parametrize("path", [None, GUT])
def test_nearly_every_entry_of_both_reviews_reads(path) -> None:
    review = load_review(path)
    studies = [parse_reference(n, r.text) for n, r in review.references.items()]
    read = [s for s in studies if first_surname(s) and s.year and s.journal]
    assert len(studies) > 50 and len(read) >= len(studies) - 2


# -- questions about the literature ---------------------------------------------------------


@pytest.mark.parametrize("question, claim", [
    ("Which reference supports the claim that exosomes carry PD-L1?", "exosomes carry PD-L1"),
    ("who showed hcc exosomes cause sorafenib resistance", "hcc exosomes cause sorafenib resistance"),
    ("When was the study on linc-VLDLR published?", "linc-VLDLR"),
    ("In which journal was the circZFR study published?", "circZFR"),
    ("first author, year, journal of the study showing that vitamin D reverts resistance?",
     "vitamin D reverts resistance"),
    ("mir-1247-3p fibroblast paper, which journal?", "mir-1247-3p fibroblast"),
    ("How many patients were in the Qu et al. study?", "How many patients were in the Qu"),
])
def test_the_claim_is_the_question_without_its_literature_part(question, claim) -> None:
    assert claim_of(question) == claim


@pytest.mark.parametrize("question, wants", [
    ("Which reference supports the claim that exosomes carry PD-L1?", {"number"}),
    ("Who found that exosomes raise P-gp?", {"author"}),
    ("In what year did Shi and colleagues first report that X?", {"year"}),
    ("what yr did zhi et al show X", {"year"}),
    ("Where was Tey et al.'s study published?", {"journal"}),
    ("Which studies support the role of exosomal PD-L1?", {"studies"}),
    ("ref 14 title?", {"number", "title"}),
    ("The review says 'the same group' later showed X. Which group is that?", {"author"}),
    ("who wrote the acid one and in what journal", {"author", "journal"}),
    ("who did the everolimus one", {"author"}),
    ("where does the 75% to 85% number come from", {"number"}),
    ("where's that incidence figure from?", {"number"}),
    # a bare ask after the claim, set off by a dash, colon or comma
    ("the Nature paper on exosomal PD-L1 — who and what year?", {"author", "year"}),
    ("Linc-ROR adriamycin study - authors?", {"author"}),
])
def test_literature_questions_are_read_by_what_they_ask(question, wants) -> None:
    ask = read_question(question)
    assert ask is not None and wants <= ask.wants


@pytest.mark.parametrize("question", [
    "According to Zhi et al., which microRNA does lincRNA-ROR soak up?",
    "How many patients were enrolled in Hu et al.'s circCCAR1 study?",
    "For which group of HCC patients do the authors say biomarkers help?",
    "Who are the authors of this review?",
    "Which journal published this review?",
    "What is the DOI of this review?",
    "what is the doi",  # (of no study: the review's own, which it prints)
    "When did the review come out?",
    "How many of the studies in Table 1 were published in 2022?",
    "Which study type is most common in Table 1?",
    "sorafenib resistance - what is it",  # (a tail asking no field of a study)
])
def test_questions_naming_a_study_but_not_asking_about_it_are_not_literature(question) -> None:
    assert read_question(question) is None


def test_reference_numbers_and_unprinted_fields_are_read() -> None:
    ask = read_question("What is reference 31 about?")
    assert ask is not None and ask.ref_number == 31 and ask.claim == ""
    doi = read_question("What is the DOI of the circPAK1 study?")
    assert doi is not None and doi.absent == "the DOI" and doi.claim == "circPAK1"
    assert read_question("What is the DOI of the circPAK1 study?", prints_doi=True).absent == ""


# -- spelling notes -----------------------------------------------------------------------


def test_printing_variants_are_table_tokens_close_to_a_text_name() -> None:
    got = printing_variants(["cricTMEM181", "plgR", "circPAK1", "Drive resistance"],
                            ["circTMEM181", "pIgR", "circPAK1", "resistance", "circUHRF1"])
    assert got == {"cricTMEM181": "circTMEM181", "plgR": "pIgR"}
    # two short names two edits apart are two names
    assert printing_variants(["EGFR, AKT"], ["VEGF", "AKT"]) == {}


def test_the_reviews_table_misprints_are_found(review, passages) -> None:
    lit = Literature(review, passages)
    assert lit.variants.get("cricTMEM181") == "circTMEM181"
    assert lit.variants.get("plgR") == "pIgR"
    row = next(p for p in passages if "cricTMEM181" in p.text)
    assert lit.note_for(row, row.text) == "printed as cricTMEM181 in Table 1"
    text = next(p for p in passages if p.kind == "paragraph")
    assert lit.note_for(text, text.text) == ""


def test_a_reference_question_cites_the_sentences_citing_it(review, passages) -> None:
    lit = Literature(review, passages)
    for p, quote in lit.citing(31):
        assert quote in p.text and 31 in quote_refs(p, quote)
    assert lit.citing(31)


def test_a_question_about_one_study_keeps_the_span_that_cites_it() -> None:
    from qa.literature import _first_citation_only
    from qa.types import Answer, Citation

    p = Passage(id="s/p1", kind="paragraph", text="A holds[3]. B holds too[4].",
                section=("S",), order=0)
    cites = (Citation("[1]", p.id, "A holds", p), Citation("[2]", p.id, "B holds too", p))
    answer = Answer("who showed A?", "A holds. [1] (ref. 3) B holds too. [2] (ref. 4)",
                    cites, False, ())
    out = _first_citation_only(answer)
    assert out.text == "A holds. [1] (ref. 3)" and [c.marker for c in out.citations] == ["[1]"]


def test_a_literature_answer_keeps_to_the_word_cap() -> None:
    from qa.literature import keep_citations
    from qa.types import Answer, Citation

    p = Passage(id="s/p1", kind="paragraph", text="A holds[3]. B holds[4]. C holds[5].",
                section=("S",), order=0)
    cites = tuple(Citation(f"[{i}]", p.id, q, p) for i, q in
                  enumerate(("A holds", "B holds", "C holds"), start=1))
    answer = Answer("which studies?", "A holds. [1] (ref. 3) B holds. [2] (ref. 4) C holds. [3]",
                    cites, False, ())
    two = keep_citations(answer, 2)
    assert two.text == "A holds. [1] (ref. 3) B holds. [2] (ref. 4)" and len(two.citations) == 2
    assert keep_citations(answer, 3) is answer


def test_what_a_reference_is_about_keeps_to_the_word_cap(review, passages) -> None:
    from qa.types import Answer

    ask = read_question("what is reference 31 about?")
    assert ask is not None and ask.ref_number == 31

    def about(cap: int, reserve: int = 0) -> Answer:
        lit = Literature(review, passages, max_words=cap)
        return lit.finish(Answer(ask.question, "", (), False, ()), {"literature": ask},
                          reserve=reserve)

    roomy, tight = about(400), about(40)
    assert len(Literature(review, passages).citing(31)) >= 2
    assert roomy.text.count(" (ref") == 2  # two citing sentences fit
    assert tight.text.count(" (ref") == 1 and tight.citations  # the first always shows
    # words the caller leads with ("Of the studies the earlier answers cite, ...") count
    reserved = about(400, reserve=360)
    assert reserved.text.count(" (ref") == 1 and reserved.citations


def _answer_quoting(passages, sentence: str, question: str):
    from qa.types import Answer, Citation

    p = next(p for p in passages if p.kind == "paragraph" and sentence in p.text)
    start = p.text.index(sentence)
    quote = p.text[start:p.text.index(".", start + len(sentence)) + 1]
    return Answer(question, f"{quote} [1]", (Citation("[1]", p.id, quote, p),), False, ())


def test_the_studies_on_a_topic_are_every_study_naming_it(review, passages) -> None:
    # "Linc-ROR" in the question; the review also writes "lincRNA-ROR" and "LincRNA-ROR"
    question = "What studies does the review draw on for Linc-ROR's role in drug resistance?"
    ask = read_question(question)
    assert ask is not None and ask.plural
    answer = _answer_quoting(passages, "These findings suggest that Linc-ROR", question)
    lit = Literature(review, passages)
    out = lit.finish(answer, {"literature": ask})
    refs = {n for c in out.citations for n in c.refs}
    assert {78, 28} <= refs, out.text  # the answer's own, then Takahashi et al.'s lincRNA-ROR
    assert "Takahashi et al. 2014 (ref. 28)" in out.text.split(" for this:")[0]
    assert len(out.text.split()) <= lit.max_words
    assert all(c.quote in c.passage.text for c in out.citations)


def test_the_studies_behind_a_statement_are_only_those_behind_it(review, passages) -> None:
    question = ("Which studies does the review cite for exosomal PD-L1 compromising the "
                "effectiveness of antibody blockade of the PD-1/PD-L1 interaction?")
    ask = read_question(question)
    answer = _answer_quoting(passages, "Moreover, exosomal PD-L1 was observed", question)
    out = Literature(review, passages).finish(answer, {"literature": ask})
    assert {n for c in out.citations for n in c.refs} == set(answer.citations[0].refs)


def test_a_names_spellings_share_one_key() -> None:
    from qa.literature import _NAME_RE, _name_key

    def keys(text: str) -> list[str]:
        return [_name_key(m.group()) for m in _NAME_RE.finditer(text)]

    assert keys("Linc-ROR's role") == keys("lincRNA-ROR") == keys("LincRNA-ROR") == ["linc-ror"]
    assert keys("miR-21-enriched exosomes") == ["mir-21"] and keys("circPAK1") == ["circpak1"]


@pytest.mark.parametrize(("question", "word"), [
    ("what is the oldest paper the review cites?", "earliest"),
    ("is that the oldest paper they cite?", "earliest"),
    ("which is the most recent reference?", "latest"),
    ("newest study cited?", "latest"),
    ("what is the most recent study on linc-ROR?", ""),  # about linc-ROR
    ("which is the oldest row in table 1?", ""),  # no study, no reference
    ("who is the first author of ref. 3?", ""),  # "first" is no age
])
def test_an_age_superlative_of_the_whole_reference_list(question: str, word: str) -> None:
    assert age_superlative(question) == word


@pytest.mark.parametrize(("answer", "claim"), [
    ("Qu et al. showed X in HCC. [1] (ref. 31) More. [2]", "Qu et al. showed X in HCC."),
    ("The review cites Qu et al. (2016, J Exp Clin Cancer Res; ref. 31) for this: Qu et al. "
     "showed X. [1] (ref. 31)", "Qu et al. showed X."),
    ("The oldest study the review cites is L et al. (2005; ref. 57). Ref. 57 is L A. T. "
     "J 2005. The review cites it for: Exosomes regulate efflux. [1]", "Exosomes regulate "
     "efflux."),
    ("The review does not address this question.", ""),
])
def test_the_first_claim_of_an_answer(answer: str, claim: str) -> None:
    assert (claims(answer) or [""])[0] == claim


def test_one_passages_two_sentences_over_the_cap_keep_the_first() -> None:
    from qa.literature import shorten_while
    from qa.types import Answer, Citation
    p = Passage(id="s/p1", kind="paragraph", section=("S",), text="First claim[3]. Second "
                "claim goes on and on[3].", order=0)
    c = Citation("[1]", p.id, "First claim[3]. Second claim goes on and on[3].", p)
    a = Answer(question="q", text="First claim. [1] (ref. 3) Second claim goes on and on. "
               "[1] (ref. 3)", abstained=False, retrieved=(), citations=(c,))
    short = shorten_while(a, lambda x: len(x.text.split()) > 6)
    assert short.text == "First claim. [1] (ref. 3)"
    assert short.citations[0].quote == "First claim[3]." and short.citations[0].quote in p.text


@pytest.mark.parametrize(("question", "wants"), [
    ("year?", {"year"}), ("journal?", {"journal"}), ("ref #?", {"number"}),
    ("and the authors?", {"author"}), ("source?", {"number"}),
    ("what study did they cite for it?", {"number"}), ("which paper backs that up?", {"number"}),
])
def test_a_bare_literature_noun_asks_it_of_what_was_said(question: str, wants: set[str]) -> None:
    ask = read_question(question)
    assert ask is not None and ask.claim == "" and ask.wants == wants


@pytest.mark.parametrize("question", [
    "what year was sorafenib approved", "mechanism?", "and lenvatinib?", "which year did the "
    "FDA approve the first combination of an ICI and a targeted drug for HCC",
    "who are the authors of the review", "what study did they cite for circZFR",
])
def test_a_fragment_naming_anything_else_is_no_bare_literature_ask(question: str) -> None:
    assert fragment_ask(question) is None


def test_what_year_was_that_one_asks_the_year_of_a_study() -> None:
    ask = read_question("what year was the mir-199a one")
    assert ask is not None and ask.wants == {"year"} and ask.claim == "mir-199a"


def test_the_claims_of_an_answer_are_its_quoted_sentences_without_lead_or_references() -> None:
    text = ("The review cites Qu et al. (2016, J Exp Clin Cancer Res; ref. 31) for this: Table "
            "1 lists exosomes (Functions: x). [1] (ref. 31) Then this. [2] (refs. 3, 4) And "
            "that. [1]")
    assert claims(text) == ["Table 1 lists exosomes (Functions: x).", "Then this.", "And that."]
    # (the lead naming the first study of a finding is no claim: "who wrote it?" after it
    # asks of the sentence quoted)
    first = ("The earliest of the 3 studies the review gives for this is Takahashi et al. "
             "(2014; ref. 27); the others are from 2020 and 2022: The transfer of linc-VLDLR "
             "was correlated with X. [1] (ref. 27)")
    assert claims(first) == ["The transfer of linc-VLDLR was correlated with X."]
    # (nor is a yes/no verdict: "journal?" after "Yes. Hirsch et al. showed ..." asks of
    # the study behind "Hirsch et al. showed ...", not of "Yes. Hirsch ...")
    for verdict in ("Yes.", "No.", "None of those."):
        assert claims(f"{verdict} Hirsch et al. showed X. [1] (ref. 58)") == [
            "Hirsch et al. showed X."]


@pytest.mark.parametrize(("question", "plural"), [
    ("ref for the mechanisms list", False),
    ("list the references for linc-ROR", True),
    ("which studies support this", True),
])
def test_list_asks_for_several_studies_only_as_a_verb(question: str, plural: bool) -> None:
    ask = read_question(question)
    assert ask is not None and ask.plural is plural


@pytest.mark.parametrize(("question", "claim"), [
    ("source for exosomal PD-L1 predicting anti-PD-1 response?",
     "exosomal PD-L1 predicting anti-PD-1 response"),
    ("what is the source for circPAK1 causing lenvatinib resistance",
     "circPAK1 causing lenvatinib resistance"),
])
def test_the_source_for_a_claim_asks_its_reference(question: str, claim: str) -> None:
    ask = read_question(question)
    assert ask is not None and ask.wants == {"number"} and ask.claim == claim
    # where a thing comes from is no reference
    assert read_question("what is the main source of exosomes") is None


def test_a_claim_is_quoted_without_the_choice_it_answered() -> None:
    assert claims("Of those, pIgR: Table 1 lists pIgR (Functions: x). [1] (ref. 29)") == [
        "Table 1 lists pIgR (Functions: x)."]
