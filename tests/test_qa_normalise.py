"""The normalise stage: question words read as the review's own spelling."""

from __future__ import annotations

import pytest

from qa.english import is_everyday
from qa.normalise import Speller, edit_distance, max_edits

TEXT = (
    "Sorafenib and regorafenib are TKIs. Doxorubicin, cisplatin and oxaliplatin cause "
    "chemoresistance. Exosomes carry circPAK1 and miR-93 and PD-L1. 5-FU is a drug. "
    "Pembrolizumab blocks PD-1. Immune checkpoint inhibitors (ICIs) help. sorafenib "
    "resistance in HCC; Atezolizumab with bevacizumab; B cells and T-cell responses. "
    "Resistant cells. About 75% to 85% of cancers; 2014 and 2018. Everolimus resistance. It affected the effects."
)


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller([TEXT], is_everyday)


@pytest.mark.parametrize(("typed", "read"), [
    ("regorafinib", "regorafenib"),     # one substitution
    ("doxorubicine", "doxorubicin"),    # one letter added
    ("cisplatinum", "cisplatin"),       # two added, a long word
    ("chemoresistence", "chemoresistance"),
    ("exosomse", "exosomes"),           # two neighbours swapped
    ("sorefenib", "sorafenib"),
    ("resistent", "resistant"),         # a misspelled ending is no other form of the word
    ("exosoms", "exosomes"),            # a plural a letter off is no form of its own
])
def test_misspelled_names_are_read_as_the_reviews(speller: Speller, typed: str,
                                                  read: str) -> None:
    n = speller.normalise(f"does {typed} matter")
    assert n.text == f"does {read} matter"
    assert [(r.typed, r.read_as, r.how) for r in n.readings] == [(typed, read, "spelling")]


@pytest.mark.parametrize(("typed", "read", "how"), [
    ("pembro", "pembrolizumab", "prefix"),   # a clipped name
    ("sora", "sorafenib", "prefix"),         # a dictionary word, but half the name's length
    ("5fu", "5-FU", "join"),                 # hyphens ignored
    ("pdl1", "PD-L1", "join"),
])
def test_clipped_and_joined_names(speller: Speller, typed: str, read: str, how: str) -> None:
    n = speller.normalise(f"{typed} resistance")
    assert n.text == f"{read} resistance"
    assert n.readings[0].how == how


def test_two_typed_words_the_review_writes_as_one_name(speller: Speller) -> None:
    n = speller.normalise("what does circ pak1 do")
    assert n.text == "what does circPAK1 do"
    assert n.shown == "circ pak1 → circPAK1"


def test_two_names_joined_by_a_plus_are_read_apart(speller: Speller) -> None:
    # ("atezolizumab+" was read as one unknown marker name, and the question abstained)
    n = speller.normalise("atezo+bevacizumab whats special")
    assert n.text == "atezolizumab + bevacizumab whats special"
    # a marker's plus stays: "CD8+T", "TIM-1+"
    assert speller.normalise("CD8+T cells").text == "CD8+T cells"


def test_chat_shorthand_is_read_as_the_word_the_review_uses() -> None:
    sp = Speller(["The reference list has 107 references; patients with HCC."], is_everyday)
    n = sp.normalise("how many refs does this review cite? what % of pts")
    assert n.text == "how many references does this review cite? what % of patients"
    assert [(r.typed, r.how) for r in n.readings] == [("refs", "shorthand"),
                                                       ("pts", "shorthand")]
    # (only when the review uses the full word)
    assert Speller(["No such word here."], is_everyday).normalise("pts").text == "pts"
    # ordinals in figures and "gen" are no names the review lacks
    gens = Speller(["After first- or second-generation inhibitors, ..."], is_everyday)
    assert gens.normalise("and after 1st/2nd gen TKIs?").text == \
        "and after first/second generation TKIs?"
    # "exo", the field's clip of exosome, too short to be read as a prefix
    exo = Speller(["Exosomes carry an exosome cargo."], is_everyday)
    assert exo.normalise("lenva resistance - which exo cargo?").text.endswith(
        "which exosome cargo?")
    assert Speller(["EVs carry cargo."], is_everyday).normalise("exo cargo").text == "exo cargo"


@pytest.mark.parametrize(("typed", "read"), [
    ("what are exosomes in plain words?", "what are exosomes?"),
    ("explain EMT in simple terms", "explain EMT"),
    ("simply put, what is EMT", "what is EMT"),
])
def test_words_asking_how_to_answer_are_not_what_is_asked(speller: Speller, typed: str,
                                                          read: str) -> None:
    assert speller.normalise(typed).text == read


def test_case_restores_a_names_shape_without_telling(speller: Speller) -> None:
    n = speller.normalise("circpak1 and hcc")
    assert n.text == "circPAK1 and HCC"
    assert n.readings == ()


def test_a_name_in_the_other_number(speller: Speller) -> None:
    assert speller.normalise("what is ICI short for").text == "what is ICIs short for"


@pytest.mark.parametrize("question", [
    "miR-99 in liver",            # digits are never changed (miR-93 is another RNA)
    "does it resist",             # an everyday word is no typo
    "tiny bubbles cells release",
    "what about B-cell",          # a compound is not edited into T-cell
    "cels",                       # too short to correct safely
    "what concentration was used",
    "are chemoresistant cells",   # another form of the review's "chemoresistance"
    "rows never tested in mice",  # "never" is no clipped "nevertheless"
    "was it ever tested in mice",  # a function word is no clipped name ("everolimus")
    "which one affects t cells",  # a form of the review's "affected", not "effects"
])
def test_words_left_alone(speller: Speller, question: str) -> None:
    n = speller.normalise(question)
    assert n.text == question
    assert n.readings == ()


def test_two_equally_close_words_read_nothing() -> None:
    s = Speller(["alphatinib and alphatonib are drugs"], is_everyday)
    assert s.normalise("alphatunib").text == "alphatunib"


@pytest.mark.parametrize(("a", "b", "d"), [
    ("kitten", "sitting", 3), ("abcd", "abdc", 1), ("same", "same", 0), ("ab", "abcdef", 3)])
def test_edit_distance(a: str, b: str, d: int) -> None:
    assert edit_distance(a, b, 2) == min(d, 3)


def test_edits_grow_with_length() -> None:
    assert [max_edits(n) for n in (4, 5, 8, 12)] == [0, 1, 2, 3]


def test_swapped_digits_of_a_long_name_are_read() -> None:
    s = Speller(["exosomal circTMEM181 and circRNA-SORE bind"], is_everyday)
    assert s.normalise("circTMEM118").text == "circTMEM181"
    assert s.normalise("circrna-sor").text == "circRNA-SORE"


def test_swapped_digits_of_a_short_names_number_are_read() -> None:
    # few letters ("mir", "p") allow no edit of their own; a three-digit number typed
    # with two neighbouring digits swapped is still that name; a two-digit one is not
    s = Speller(["exosomal miR-1247-3p and miR-21 act"], is_everyday)
    assert s.normalise("what does mir-1274-3p do").text == "what does miR-1247-3p do"
    assert s.normalise("what does mir-12 do").text == "what does mir-12 do"
    assert s.normalise("what does mir-7421-3p do").text == "what does mir-7421-3p do"


@pytest.mark.parametrize(("review", "typed", "read"), [
    # two edits at the front make another word, not a typo of it
    ("treated patients had monotherapy", "untreated patients", "untreated patients"),
    ("treated patients had monotherapy", "with immunotherapy", "with immunotherapy"),
    ("treated patients had monotherapy", "with monotherapyy", "with monotherapy"),
    # swapped digits, a hyphen typed or dropped
    ("the inhibitor GW4869 and miR-1247-3p", "what does GW-4689 inhibit",
     "what does GW4869 inhibit"),
    ("the inhibitor GW4869 and miR-1247-3p", "what does mir1274-3p do",
     "what does miR-1247-3p do"),
])
def test_a_misread_keeps_its_first_letter_and_swapped_digits_are_read(
        review: str, typed: str, read: str) -> None:
    assert Speller([review], is_everyday).normalise(typed).text == read


def test_another_form_of_a_review_word_is_left_alone() -> None:
    s = Speller(["YBX1 ubiquitination and degradation"], is_everyday)
    assert s.normalise("keeps it from being ubiquitinated").readings == ()


def test_an_abbreviation_list_defines_its_entries() -> None:
    from qa.vocabulary import abbreviation_list, find_abbreviations

    text = ("Figure 1. Mechanisms. HCC: hepatocellular carcinoma; CMA: Chaperone-mediated "
            "autophagy; TAM, tumor-associated macrophage; XYZ: not spelled here.")
    entries = abbreviation_list(text)
    assert [(a, text[s:e]) for a, _, (s, e) in entries] == [
        ("HCC", "HCC: hepatocellular carcinoma"), ("CMA", "CMA: Chaperone-mediated autophagy"),
        ("TAM", "TAM, tumor-associated macrophage")]
    assert find_abbreviations([text])["CMA"] == "Chaperone-mediated autophagy"
    assert abbreviation_list("A sentence: with one colon; and a semicolon.") == []


def test_the_cli_tells_what_it_read() -> None:
    from qa.__main__ import format_answer
    from qa.normalise import Reading
    from qa.types import Answer

    answer = Answer(question="sorefenib?", text="The review does not address this question.",
                    citations=(), abstained=True, retrieved=(),
                    standalone_question="sorafenib?",
                    readings=(Reading("sorefenib", "sorafenib", "spelling"),))
    lines = format_answer(answer).splitlines()
    assert lines[0] == "(read as the review spells it: sorefenib -> sorafenib)"
    assert lines[1] == "(understood as: sorafenib?)"


def test_an_abbreviation_typed_in_lower_case_and_the_other_number_is_read() -> None:
    # the review writes "CAFs" and "ICIs": "caf" and "ici" are those names, while an
    # everyday word is never read as an abbreviation
    s = Speller(["exosomes from CAFs, and ICIs; the cells"], is_everyday)
    assert s.normalise("caf exosomes").text == "CAFs exosomes"
    assert s.normalise("which ici").text == "which ICIs"
    assert s.normalise("the cell").text == "the cell"
    # ... while an RNA class keeps the number typed ("the microrna" is one microRNA)
    s = Speller(["EVs carry microRNAs and circRNAs"], is_everyday)
    assert s.normalise("the microrna - what does it do").text == "the microRNA - what does it do"


def test_a_clipped_word_counts_every_form_of_its_word_together() -> None:
    # "exosomal", "exosome", "exosomes" are one word's forms: "exoso" clips it
    s = Speller(["exosomal exosomal exosomal exosome exosomes exosome-mediated"], is_everyday)
    assert s.normalise("exoso cargo").text == "exosome cargo"


def test_a_dashed_range_is_read_as_the_review_writes_ranges(speller: Speller) -> None:
    assert speller.normalise("where does the 75-85% number come from").text == \
        "where does the 75% to 85% number come from"
    # years stay as typed (a table's year bounds read them), and so do numbers the
    # review never uses
    assert speller.normalise("studies 2014-2018").text == "studies 2014-2018"
    assert speller.normalise("a 30-40% drop").text == "a 30-40% drop"


@pytest.mark.parametrize(("question", "read"), [
    ("what are exosomes per this review", "what are exosomes"),
    ("what does circPAK1 do, according to the paper?", "what does circPAK1 do?"),
    ("According to the review, which drug did Qu et al. study?",
     "Which drug did Qu et al. study?"),
])
def test_the_review_named_as_the_source_is_no_word_of_the_question(
        speller: Speller, question: str, read: str) -> None:
    assert speller.normalise(question).text == read
    # a question about the review itself keeps it
    kept = "what is discussed in this review"
    assert speller.normalise(kept).text == kept


def test_a_filler_adverb_is_no_word_of_the_question(speller: Speller) -> None:
    assert speller.normalise("what is ABCG2 exactly?").text == "what is ABCG2?"
    # how sure the review is, asked, keeps its adverb
    assert "actually" in speller.normalise("is it actually shown?").text


def test_a_compound_of_words_is_no_misspelling_of_another_compound() -> None:
    speller = Speller(["Exosome-derived signals and HCC-derived cells."], is_everyday)
    assert not speller.normalise("exosome-driven resistance").readings
    # a part that is no word is still read ("exosome-derivd")
    n = speller.normalise("exosome-derivd resistance")
    assert [r.read_as.lower() for r in n.readings] == ["exosome-derived"]


def test_an_everyday_word_a_letter_off_is_read_as_the_word_the_review_uses():
    from qa.english import one_edit_words

    s = Speller(["Lenvatinib was approved by the FDA in 2018; the oldest study."],
                is_everyday, slips=one_edit_words)
    assert one_edit_words("aproval") == ["approval"]
    # "approval" is a form of the review's "approved": read, and told
    assert s.normalise("lenvatinib fda aproval year").text == "lenvatinib FDA approval year"
    # a slip near no word the review uses is left as typed ("oldest" is no "eldest")
    assert s.read("oldest") is None
    assert one_edit_words("chemo") == ["hemo"] and s.read("chemo") is None
    # short words reach too many dictionary words to tell which was meant
    assert one_edit_words("tumr") == []


def test_a_contraction_typed_without_its_apostrophe_is_read_with_it():
    s = Speller(["Exosomes from HCC cells and other cells."], is_everyday)
    assert s.normalise("which ones arent from hcc cells").text == \
        "which ones aren't from HCC cells"
    assert s.normalise("doesnt it work").text.startswith("doesn't")


def test_an_abbreviation_the_review_never_uses_is_read_as_the_long_form_it_writes() -> None:
    from qa.normalise import load_abbreviations, written_long_forms
    text = ("Signatures reached an area under the curve of 0.65. Progression-free survival "
            "was longer. Tumor-associated macrophages (TAMs) were enriched.")
    speller = Speller([text], is_everyday=lambda w: w in {"what", "did", "reach", "the"})
    read = speller.normalise("what AUC did the signatures reach")
    assert read.text == "what area under the curve did the signatures reach"
    assert [(r.typed, r.read_as, r.how) for r in read.readings] == [
        ("AUC", "area under the curve", "abbreviation")]
    assert speller.normalise("pfs?").text == "progression-free survival?"
    # (an abbreviation typed as trials print it: "iDFS", the lexicon's own case)
    trial = Speller(["Abemaciclib improved 4-year invasive disease-free survival."],
                    is_everyday=lambda w: w in {"numbers"})
    assert trial.normalise("KESTREL 4y iDFS numbers?").text \
        == "KESTREL 4y invasive disease-free survival numbers?"
    # an abbreviation the review uses itself stays; one whose long form it never writes
    # is left for the abstention check ("never mentions ORR")
    assert speller.normalise("which TAMs").text == "which TAMs"
    assert speller.normalise("what ORR").text == "what ORR"
    # the lexicon ships and every line parses
    lexicon = load_abbreviations()
    assert lexicon["auc"] == "area under the curve" and len(lexicon) >= 50
    assert written_long_forms({"auc": "area under the curve"}, "An Area under the curve",
                              lambda w: False) == {"auc": "area under the curve"}


def test_a_six_letter_name_two_edits_off_is_read_when_its_start_is_kept() -> None:
    sp = Speller(["HOTAIR binds AR; the lncRNA HOTAIR is carried by EVs. MicroRNAs and "
                  "micro RNAs."], is_everyday)
    # one edit more than six letters allow, the first four letters kept, nothing as near
    assert sp.normalise("what does HOTARE do").text == "what does HOTAIR do"
    # a longer word is not cut down to a short one ("microrna" is no "micro")
    assert "micro " not in sp.normalise("which microrna is it").text


def test_three_letters_clip_a_drug_name_the_review_uses() -> None:
    sp = Speller(["Bevacizumab raised hypoxia; abiraterone and carmustine were given. "
                  "Bevacizumab again."], is_everyday)
    assert sp.normalise("bev vs abi").text == "bevacizumab vs abiraterone"
    # an everyday word of three letters is never a clip ("car" is no carmustine), nor
    # three letters typed in capitals (an abbreviation of its own)
    assert sp.normalise("the car").text == "the car"
    assert sp.normalise("BEV").text == "BEV"
