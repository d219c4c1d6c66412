"""The one inflection module (index/inflection.py): each way of relating word forms."""

from __future__ import annotations

import pytest

from index.inflection import (
    base_forms,
    check_key,
    family_key,
    inflected_forms,
    plural_stem,
    same_family,
)


@pytest.mark.parametrize(("word", "stem"), [
    ("exosomes", "exosome"), ("studies", "study"), ("axis", "axis"), ("mTOR", "mTOR"),
    ("cells", "cell"), ("ros", "ros")])
def test_plural_stem(word: str, stem: str) -> None:
    assert plural_stem(word) == stem


def test_family_key_joins_the_forms_of_a_word() -> None:
    assert family_key("degraded") == family_key("degradation") == "~degrad"
    assert family_key("knocked") == family_key("knocking")
    assert family_key("miR") is None
    # a noun in -ivity is its adjective's ("ER positivity" asked, "ER-positive" said)
    assert family_key("positivity") == family_key("positive")
    assert family_key("sensitivity") == family_key("sensitive")


def test_check_key_and_base_forms() -> None:
    # (its input is a BM25 token, plural already stemmed: "inhibits" -> "inhibit")
    assert check_key("inhibited") == check_key(plural_stem("inhibits")) == "inhibit"
    assert "study" in base_forms("studies") and "mop" in base_forms("mopping")


def test_same_family_finds_other_forms_in_a_sorted_vocabulary() -> None:
    vocab = sorted(["ubiquitination", "ubiquitin", "sorafenib"])
    assert list(same_family("ubiquitinated", vocab)) == ["ubiquitination"]
    assert list(same_family("short", vocab)) == []


def test_same_family_reads_an_adverb_as_its_adjective() -> None:
    vocab = sorted(["mechanism", "mechanisms", "epigenetic", "weekday"])
    assert list(same_family("mechanistically", vocab)) == ["mechanism", "mechanisms"]
    assert list(same_family("epigenetically", vocab)) == ["epigenetic"]
    assert list(same_family("weekly", vocab)) == []


def test_inflected_forms_of_a_base_word() -> None:
    assert {"carrying", "carried"} <= set(inflected_forms("carry"))
    assert "mopping" in inflected_forms("mop") and "relating" in inflected_forms("relate")
    assert "carry" not in inflected_forms("carry") and inflected_forms("5-FU") == []
    # the one who does it: "carry" -> "carrier(s)" (the review says "carriers"); a word
    # ending like one already has no such form
    assert {"carrier", "carriers"} <= set(inflected_forms("carry"))
    assert "helper" in inflected_forms("help") and "transferer" not in inflected_forms("transfer")
