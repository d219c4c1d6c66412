"""The parser: every cell of Table 1, the section tree, citations, other articles, bad input."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from source import DEFAULT_REVIEW, SourceParseError, build_passages, load_review
from source.files import read_review
from source.passages import split_long
from source.reader import parse_flat_text
from source.table import cut_cells, glue_cuts, split_header, split_tail
from source.text import build_lexicon, find_refs, parse_citation, slugify, split_sentences

DATA = Path(__file__).parent / "data"

# Table 1 as the article prints it, checked by hand against the PDF layout.
TABLE1 = [
    ('circRNAs', 'HCC cells', 'circUHRF1', 'Drive anti-PD1 resistance', 'Inhibit NK cell function by regulating miR-449c-5p/TIM-3 axis', 'In vitro and in vivo', '2020', '[14]'),
    ('circRNAs', 'HCC cells', 'circRNA-SORE', 'Sorafenib resistance', 'Block PRP19-mediated YBX1 degradation', 'In vitro and in vivo', '2020', '[15]'),
    ('circRNAs', 'HCC cells', 'cricTMEM181', 'Contribute to immunosuppression and anti-PD1 resistance', 'Regulate miR-488-3p/CD39/eATP-adenosine pathway', 'In vitro and in vivo', '2021', '[16]'),
    ('circRNAs', 'Cancer-associated fibroblast', 'circZFR', 'Enhance cisplatin (DDP) resistance', 'Promote HCC development and cisplatin-resistance by targeting STAT3/ NF-κB signaling pathway', 'In vitro and in vivo', '2022', '[17]'),
    ('circRNAs', 'HCC cells', 'circPAK1', 'Drive resistance to lenvatinib', 'CircPAK1 competitively binds 14-3-3 ζ with YAP, promoting YAP nucleus localization, leading to the inactivation of a Hippo signaling pathway', 'In vitro and in vivo', '2022', '[18]'),
    ('circRNAs', 'HCC cells', 'circCCAR1', 'Promote CD8 + T-cell dysfunction and anti-PD1 resistance', 'CircCCAR1 induces the upregulation of PD-L1 expression by binding β-catenin and triggers the dysfunction of CD8+ T cells by stabilization of PD-1', 'In vitro and in vivo', '2023', '[19]'),
    ('miRNAs', 'HCC cells', 'miR-21', 'Lead to sorafenib resistance', 'Inhibit autophagy activity by the PTEN/AKT pathway', 'In vitro and in vivo', '2015', '[20]'),
    ('miRNAs', 'Adipose tissue-derived mesenchymal stem cells', 'miR-122', 'Chemoresistance (Sorafenib and 5-fluorouracil)', 'Communicate between adipose tissue-derived mesenchymal stem cells (AMSCs) and HCC cells, rendering cancer cells sensitive to chemotherapeutic agents', 'In vitro and in vivo', '2015', '[21]'),
    ('miRNAs', 'HCC cells', 'miR-1247-3p', 'Enhance sorafenib resistance', 'MiR-1247-3p converts fibroblasts to CAFs via downregulating B4GALT3, to activate the β1-integrin–NF-κB signaling pathway, and the activated fibroblasts further promote stemness, EMT by IL-6 and IL-8 secretion', 'In vitro', '2018', '[22]'),
    ('miRNAs', 'M2 macrophage', 'miR-27a-3p', 'Drug resistance', 'MiR-27a-3p downregulates TXNIP to induce stemness of HCC cells', 'In vitro', '2021', '[23]'),
    ('miRNAs', 'HepG2 cells', 'miR-135a-5p', 'Promote chemoresistance', 'Inhibit Dox-induced apoptosis via the miR-135a-5p/VAMP2 axis', 'In vitro', '2021', '[24]'),
    ('miRNAs', 'HCC cells', 'miR-494-3p', 'Promote sorafenib resistance', 'Inhibit PTEN expression by directly targeting the 3` UTR of PTEN mRNA', 'In vitro', '2022', '[25]'),
    ('miRNAs', 'HCC cells', 'miR-4669', 'Lead to acquired sorafenib resistance', 'Induct M2 macrophage polarization to promote the immunosuppressive TME', 'In vitro', '2023', '[26]'),
    ('lncRNAs', 'HCC cells', 'linc-VLDLR', 'Induce chemotherapy resistance', 'Increase the expression of multidrug efflux transporter ABCG2', 'In vitro', '2014', '[27]'),
    ('lncRNAs', 'HCC cells', 'linc-ROR', 'Mediate TGFβ-dependent chemoresistance', 'TGFβ increased the expression of CD133+ cells and colony growth', 'In vitro', '2014', '[28]'),
    ('Protein', 'HCC patient sera and HCC cells', 'plgR', 'Promote sorafenib resistance', 'Activate the PDK1/Akt/GSK3β/β-catenin signaling axis', 'In vitro and in vivo', '2022', '[29]'),
    ('Protein', 'HCC cells', 'S100A10', 'Enhance chemoresistance including sorafenib, 5-FU, and cisplatin', 'Upregulated EGFR, AKT and ERK signaling to increase the stemness and EMT features of HCC cells', 'In vitro and in vivo', '2023', '[30]'),
    ('No classification', 'HCC cells', 'exosomes', 'Induce sorafenib resistance', 'Activate the HGF/c-Met/Akt signaling pathway', 'In vitro and in vivo', '2016', '[31]'),
    ('No classification', 'Liver cancer stem cells', 'exosomes', 'Induce regorafenib resistance', 'Induce Nanog expression to increase stemness features of HCC cells', 'In vitro and in vivo', '2021', '[32]'),
    ('No classification', 'HepG2 cells', 'exosomes', 'Transfer cisplatin resistance to cisplatin-sensitive cells', 'Upregulate the expression of drug efflux transporters P-glycoprotein P-gp', 'In vitro and in vivo', '2021', '[33]'),
    ('No classification', 'HCC cells', 'exosomes', 'Induce everolimus (EVE) resistance in EVE-sensitive HCC cells', 'Induce mesenchymal phenotype and deregulation of the mTOR pathway', 'In vitro and in vivo', '2022', '[34]'),]


@pytest.fixture(scope="module")
def review():
    return load_review(DEFAULT_REVIEW)


def test_front_matter(review):
    assert review.title == (
        "The role of exosomes in therapeutic resistance of hepatocellular carcinoma"
    )
    assert review.citation == "Hepatoma Res 2023;9:46"
    assert review.doi == "10.20517/2394-5079.2023.85"
    assert review.authors == "Wang J, Yang Y, Lu J, Wang X"
    assert review.keywords == ("Hepatocellular carcinoma", "exosome", "therapeutic resistance")
    assert review.abstract.startswith("Hepatocellular carcinoma (HCC) stands as one")
    # the line above the title: the kind of article and the date it gives
    assert review.article_type == "Review" and review.published == "29 Oct 2023"


def test_what_the_page_prints_about_the_article_is_a_passage(review):
    # "when was this review published?", "which journal?", "its DOI?" have a passage to cite
    first = build_passages(review)[0]
    assert first.id == "article-information/p1" and first.section == ("Article information",)
    assert first.text == ("This review was published in Hepatoma Res 2023;9:46 on 29 Oct 2023 "
                          "(DOI: 10.20517/2394-5079.2023.85) by Wang J, Yang Y, Lu J, Wang X.")
    # its keywords and the size of its reference list: "what are the keywords?"
    keywords, size = build_passages(review)[1:3]
    assert keywords.text == ("The keywords of this review are Hepatocellular carcinoma, "
                             "exosome, therapeutic resistance.")
    assert size.text == "The reference list of this review has 107 references."
    assert keywords.section == size.section == ("Article information",)
    assert first.refs == ()
    # the licence the back matter prints: "what license is it published under?"
    assert review.license == "Creative Commons Attribution 4.0 International License"
    assert ("This review is open access, licensed under a Creative Commons Attribution 4.0 "
            "International License.") in [p.text for p in build_passages(review)]
    # an article whose page prints none of it gets no such passage
    bare = dataclasses.replace(review, citation="", published="", doi="")
    assert build_passages(bare)[0].id != "article-information/p1"


def test_table1_columns_and_every_cell(review):
    table = review.tables[0]
    assert table.caption == "Exosomal contents involved in therapeutic resistance of HCC"
    assert table.columns == (
        "Contents classification", "Origin of exosome", "Exosomal contents", "Functions",
        "Mechanisms", "Study type", "Year", "References",
    )
    assert len(table.rows) == 21
    for row, expected in zip(table.rows, TABLE1, strict=True):
        assert tuple(row.cells[c] for c in table.columns) == expected


def test_table1_refs_are_integers_and_printed_row_kept(review):
    rows = review.tables[0].rows
    assert [r.refs for r in rows] == [(n,) for n in range(14, 35)]
    assert rows[4].printed.startswith("HCC cellscircPAK1Drive resistance to lenvatinib")
    # The label broken over two lines is glued back and carried down its group.
    assert rows[17].printed.startswith("No classificationHCC cellsexosomes")
    assert [r.cells["Contents classification"] for r in rows[17:]] == ["No classification"] * 4


def test_section_tree(review):
    tops = [s.title for s in review.sections]
    assert tops == [
        "INTRODUCTION", "EXOSOMES-MEDIATED THERAPEUTIC RESISTANCE IN HCC",
        "POTENTIAL CLINICAL APPLICATIONS OF EXOSOMES IN HCC THERAPEUTIC RESISTANCE",
        "CONCLUSIONS AND PERSPECTIVES", "DECLARATIONS",
    ]
    subs = [s.title for s in review.sections[1].subsections]
    assert subs == [
        "Exosomes induce molecular targeted therapy resistance in HCC",
        "Exosomes induce immunotherapy resistance in HCC",
        "Exosomes promote chemotherapy resistance in HCC",
        "Exosomes mediate radioresistance in radiotherapy of HCC",
        "Exosomes promote stemness-related characteristics and EMT in drug resistance of HCC",
        "Exosomes induce autophagy in drug resistance",
    ]
    counts = [len(s.paragraphs) for s in review.sections[1].subsections]
    assert counts == [4, 5, 4, 3, 4, 3]
    assert len(review.sections[0].paragraphs) == 2
    declarations = [s.title for s in review.sections[4].subsections]
    assert "Financial support and sponsorship" in declarations
    # "Wrote the manuscript: Wang J, Yang Y" is content, not a heading.
    contrib = review.sections[4].subsections[1]
    assert contrib.title == "Authors’ contributions"
    assert contrib.paragraphs[0].text == "Wrote the manuscript: Wang J, Yang Y"


def test_figure_and_references(review):
    assert [f.label for f in review.figures] == ["Figure 1"]
    assert review.figures[0].caption.startswith("Representative mechanisms of exosome-mediated")
    assert len(review.references) == 107
    assert sorted(review.references) == list(range(1, 108))
    assert review.references[14].text.startswith("Zhang PF, Gao C")
    assert review.report.warnings == ()


def test_every_citation_resolves(review):
    passages = build_passages(review)
    cited = {n for p in passages for n in p.refs}
    assert cited and cited <= set(review.references)
    assert cited == set(range(1, 108))


def test_page_furniture_dropped(review):
    texts = " ".join(p.text for p in build_passages(review))
    for junk in ("Views:", "Download PDF", "Cite This Article", "Comments must be written",
                 "Portico", "Scan the QR code"):
        assert junk not in texts
    assert review.report.furniture_skipped > 20


def test_article_wording_kept(review):
    texts = " ".join(p.text for p in build_passages(review))
    assert "cricTMEM181" in texts and "plgR" in texts and "pIgR" in texts


def test_passages_ids_kinds_and_rendering(review):
    passages = build_passages(review)
    ids = [p.id for p in passages]
    assert len(ids) == len(set(ids))
    assert ids == [p.id for p in build_passages(load_review(DEFAULT_REVIEW))]  # stable
    kinds = {k: sum(p.kind == k for p in passages) for k in ("paragraph", "table_row", "caption")}
    assert kinds["table_row"] == 21 and kinds["caption"] == 2 and kinds["paragraph"] >= 44
    row = next(p for p in passages if p.id == "table1/row-05")
    assert "Exosomal contents: circPAK1; Functions: Drive resistance to lenvatinib" in row.text
    assert "Study type: In vitro and in vivo; Year: 2022; References: [18]" in row.text
    assert row.text.startswith("Table 1 (Exosomal contents involved in therapeutic resistance")
    assert row.refs == (18,) and row.cells["Exosomal contents"] == "circPAK1"
    # Split paragraphs are exact substrings of the paragraph, cut between sentences.
    for p in passages:
        if p.kind == "paragraph":
            assert len(p.text.split()) <= 160
    assert [p.order for p in passages] == list(range(len(passages)))


def test_passages_cover_every_paragraph_sentence(review):
    passages = build_passages(review)
    joined = " ".join(p.text for p in passages)
    for top in review.sections:
        for _, sec in top.walk():
            for para in sec.paragraphs:
                for sentence in split_sentences(para.text):
                    assert sentence in joined


# -- helpers ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("body", "expected"),
    [("14", [14]), ("14,90", [14, 90]), ("56-58", [56, 57, 58]), ("105,107", [105, 107]),
     ("56–58", [56, 57, 58]), ("10, 40,41", [10, 40, 41])],
)
def test_parse_citation(body, expected):
    assert parse_citation(body) == expected


def test_find_refs_in_text():
    assert find_refs("a[14] b[56-58]. c[14,90]") == (14, 56, 57, 58, 90)
    assert find_refs("no citations [a]") == ()


def test_split_sentences_keeps_et_al_and_exact_spans():
    text = "Qu et al. indicated X[31]. Then Y happened. e.g. not split here."
    got = split_sentences(text)
    assert got == ["Qu et al. indicated X[31].", "Then Y happened. e.g. not split here."]
    assert all(s in text for s in got)


def test_a_dotted_initialism_ends_no_sentence():
    # ("Since the U.S. [1] (ref. 5) Food and Drug Administration ..." was how an answer
    # quoted the sorafenib approval: cut after "U.S.")
    text = "Since the U.S. Food and Drug Administration approved it in 2008, X grew. Then Y."
    assert split_sentences(text) == [
        "Since the U.S. Food and Drug Administration approved it in 2008, X grew.", "Then Y."]
    assert split_sentences("It was in the U.S. Then Y.") == ["It was in the U.S. Then Y."]


def test_split_long_never_mid_sentence():
    text = " ".join(f"Sentence number {i} has some words in it." for i in range(60))
    parts = split_long(text, max_words=50)
    assert len(parts) > 1
    assert all(p in text and p.endswith(".") for p in parts)
    assert " ".join(parts) == text


def test_slugify():
    assert slugify("Exosomes induce autophagy in drug resistance") == (
        "exosomes-induce-autophagy-in-drug-resistance"
    )
    assert slugify("Authors’ contributions") == "authors-contributions"


def test_split_header():
    assert split_header("PhylumBacterial taxonYearReferences") == [
        "Phylum", "Bacterial taxon", "Year", "References"]


@pytest.mark.parametrize(
    ("token", "pieces"),
    [
        ("resistanceInhibit", ["resistance", "Inhibit"]),
        ("cellscircUHRF1Drive", ["cells", "circUHRF1", "Drive"]),
        ("lenvatinibCircPAK1", ["lenvatinib", "CircPAK1"]),
        ("circRNA-SORESorafenib", ["circRNA-SORE", "Sorafenib"]),
        ("mTOR", ["mTOR"]),
        ("HepG2", ["HepG2"]),
        ("fibroblastcircZFR", ["fibroblast", "circZFR"]),
    ],
)
def test_glue_cuts(token, pieces):
    lex = build_lexicon(["The resistance of cells to inhibit and drive lenvatinib via circPAK1 "
                         "circUHRF1 circRNA-SORE sorafenib mTOR HepG2 fibroblasts circZFR"])
    cuts = glue_cuts(token, lex)
    bounds = [0, *cuts, len(token)]
    assert [token[a:b] for a, b in zip(bounds, bounds[1:], strict=False)] == pieces


def test_cut_cells_and_tail():
    head, tail = split_tail("HCC cellsmiR-21Lead to itIn vitro2015[20]",
                            ["text", "text", "text", "text", "year", "refs"])
    assert tail == ["2015", "[20]"]
    lex = build_lexicon(["HCC cells miR-21 lead to it in vitro"])
    assert cut_cells(head, lex) == ["HCC cells", "miR-21", "Lead to it", "In vitro"]


# -- other articles through the same code --------------------------------------------

def test_second_flat_article_with_other_table():
    review = read_review(DATA / "second-review.txt")
    assert review.title == "Gut bacteria and the response of melanoma to checkpoint blockade"
    table = review.tables[0]
    assert table.columns == ("Phylum", "Bacterial taxon", "Effect on response", "Model",
                             "Year", "References")
    got = [tuple(r.cells.values()) for r in table.rows]
    assert got == [
        ("Firmicutes", "Faecalibacterium prausnitzii", "Improved anti-PD-1 response",
         "Mouse model and patient cohort", "2018", "[3]"),
        ("Firmicutes", "Ruminococcaceae family", "Improved anti-CTLA-4 response",
         "Patient cohort", "2017", "[4]"),
        ("Firmicutes", "Enterococcus faecium", "Improved anti-PD-1 response", "Mouse model",
         "2018", "[5]"),
        ("Bacteroidetes", "Bacteroides fragilis", "Required for anti-CTLA-4 efficacy",
         "Mouse model", "2015", "[6]"),
        ("Bacteroidetes", "Bacteroides thetaiotaomicron", "Reduced response",
         "Patient cohort", "2017", "[4]"),
        ("Actinobacteria", "Bifidobacterium longum", "Improved tumor control with anti-PD-L1",
         "Mouse model", "2015", "[7]"),
        ("Actinobacteria", "Collinsella aerofaciens", "Improved anti-PD-1 response",
         "Patient cohort", "2018", "[5,8]"),
    ]
    assert table.rows[-1].refs == (5, 8)
    assert len(review.references) == 9 and review.report.warnings == ()
    assert [s.title for s in review.sections] == [
        "INTRODUCTION", "BACTERIA LINKED TO RESPONSE", "CONCLUSIONS"]


def test_markdown_article_same_model():
    review = read_review(DATA / "mini-review.md")
    assert review.title == "Exosomal cargo in drug resistance: a Markdown test review"
    assert review.abstract.startswith("Exosomes carry RNA")
    assert [s.title for s in review.sections] == ["INTRODUCTION", "CARGO AND RESISTANCE"]
    assert review.sections[1].subsections[0].title == "MicroRNAs"
    table = review.tables[0]
    assert table.caption == "Cargo linked to resistance"
    assert table.rows[1].cells == {"Cargo class": "miRNA", "Cargo": "miR-122",
                                   "Drug": "5-fluorouracil", "Year": "2015",
                                   "References": "[3-4]"}
    assert table.rows[1].refs == (3, 4)
    assert len(review.references) == 5
    kinds = sorted({p.kind for p in build_passages(review)})
    assert kinds == ["caption", "paragraph", "table_row"]


# -- bad input ----------------------------------------------------------------------

def test_empty_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("  \n\n")
    with pytest.raises(SourceParseError, match="empty"):
        read_review(f)


def test_non_utf8_names_the_line(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes("Title\n\nINTRODUCTION\n\ncaf\xe9 text\n".encode("latin-1"))
    with pytest.raises(SourceParseError, match=r"latin1.txt:5: not UTF-8"):
        read_review(f)


def test_no_headings(tmp_path):
    f = tmp_path / "plain.txt"
    f.write_text("Just a title\n\nSome text that is a paragraph. Another sentence here.\n")
    with pytest.raises(SourceParseError, match="no section headings"):
        read_review(f)


def test_missing_file_is_a_parse_error(tmp_path):
    with pytest.raises(SourceParseError, match="cannot read"):
        read_review(tmp_path / "nope.txt")


def test_unsplittable_row_is_kept_and_warned():
    text = (DATA / "second-review.txt").read_text()
    text = text.replace("Enterococcus faeciumImproved anti-PD-1 responseMouse model2018[5]",
                        "zzzz qqqq wwww2018[5]")
    review = parse_flat_text(text, path="x.txt")
    assert len(review.tables[0].rows) == 7
    assert any("could not be split" in w and "line" in w for w in review.report.warnings)
    kept = review.tables[0].rows[2]
    assert "zzzz qqqq wwww" in " ".join(kept.cells.values())


def test_citation_without_entry_is_warned():
    text = (DATA / "second-review.txt").read_text().replace("controlled trials are still "
                                                            "small[9]", "small[99]")
    review = parse_flat_text(text, path="x.txt")
    assert any("[99]" in w and "no entry" in w for w in review.report.warnings)


def test_row_tail_missing_is_warned():
    text = (DATA / "second-review.txt").read_text()
    text = text.replace("Collinsella aerofaciensImproved anti-PD-1 responsePatient cohort2018[5,8]",
                        "Collinsella aerofaciens with no tail")
    review = parse_flat_text(text, path="x.txt")
    assert any("ends no row" in w for w in review.report.warnings)
    assert len(review.tables[0].rows) == 6


def test_show_cli(capsys):
    from source.__main__ import main

    assert main(["show"]) == 0
    out = capsys.readouterr().out
    assert "Table 1" in out and "21 rows" in out and "References: 107 entries" in out
    assert main(["show", "--json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert len(data["tables"][0]["rows"]) == 21 and data["references"]["14"].startswith("Zhang")
    assert main(["show", "/nonexistent/file.txt"]) == 2
