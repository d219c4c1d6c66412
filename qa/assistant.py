"""The assistant: question (+ history) -> standalone query -> hybrid retrieval ->
extractive answer -> citation check -> `Answer`, as one LCEL chain.

    from qa import Assistant
    answer = Assistant().ask("Which exosomal circRNA drives lenvatinib resistance?")
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

import numpy as np
from langchain_core.runnables import Runnable, RunnableLambda

from index.lexical import STOPWORDS, WORD_RE, tokenize
from qa.asks import asks, compared_pair, side_by_side
from qa.companions import Companions
from qa.conversation import (
    INSTITUTION_RE,
    KIND_WORDS,
    OTHERS,
    History,
    Lexicon,
    Resolved,
    beside,
    class_kind,
    kind_of,
    resolve,
    switches_topic,
    without_discourse,
)
from qa.cooccur import Cooccurrence, stem
from qa.dates import (
    REVIEW_RE,
    evidence_year,
    first_study_ask,
    first_study_lead,
    gap_events,
    order_events,
    order_lead,
    stated_year,
    years_apart_lead,
)
from qa.english import dictionary, is_everyday, one_edit_words
from qa.errors import QuestionError
from qa.extractive import (
    _NAMES_ITS_THING_RE,
    _PRONOUN_RE,
    YEARS_APART_RE,
    Draft,
    ExtractiveAnswerer,
    Unit,
    unknown_technical_words,
    year_of,
)
from qa.literature import (
    SAID_THING_RE,
    Literature,
    first_surname,
    fragment_ask,
    of_that_study,
    printing_variants,
    ref_note,
    short_name,
    shorten_while,
)
from qa.llm import LLMAnswerer, LLMOutcome, answerer_for, finish_answer, resolve_answerer
from qa.llm import structured_table_question as _table_question
from qa.neighbours import WordNeighbours
from qa.normalise import Speller
from qa.prompts import ABSTAIN_TEXT, CHOICE_LEAD, EMPTY_QUESTION, TOO_LONG_QUESTION
from qa.retriever import HybridRetriever
from qa.sentences import SentenceRef, SentenceVectors
from qa.support import SupportModel, load_ranker, load_support_model
from qa.tables import TABLE_WORD_RE, TableAnswerPlan, TableQA
from qa.terms import QUESTION_WORDS, TermStats, content_terms, make_is_technical
from qa.types import Answer, Citation, Retrieved
from qa.verify import quote_is_exact, strip_ref_brackets
from qa.vocabulary import DRUG_RE, SpellingVariants, expand_query_parts, find_abbreviations
from settings import Settings, get_settings
from source import load_review
from source.model import Passage, Review
from source.passages import ARTICLE_INFORMATION_ID, quote_refs
from source.table import column_role

# "&" or "n" for "and" between two words: "who published that n where"
_CHAT_AND_RE = re.compile(r"(?<=[A-Za-z])\s+(?:&|n)\s+(?=[A-Za-z])")
# An answer about one reference ("Ref. 57 is Levchenko A, ..."): "that paper" is that one
_ONE_REF_RE = re.compile(r"(?:^|[.)]\s)Ref\. \d+ is ")
# "who published that one?", "who showed that?", "which study is that claim from?": the
# study behind what was just said, not a name
_THAT_ONE_RE = re.compile(
    r"\b(?:that|this)\s+(?:one|claim|finding|result|statement|observation)\b"
    r"|\b(?:that|this)\s*[?.!]*\s*$", re.I)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_question(question: object, max_chars: int) -> str:
    """The question with control characters removed (and chat's "&" or "n" between two
    words read as "and": "who wrote it & where"), or a QuestionError saying why not."""
    if not isinstance(question, str):
        raise QuestionError(EMPTY_QUESTION)
    if len(question) > max_chars:
        raise QuestionError(TOO_LONG_QUESTION.format(n=len(question), limit=max_chars))
    text = _CONTROL_RE.sub(" ", question)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QuestionError(EMPTY_QUESTION)
    return _CHAT_AND_RE.sub(" and ", text)


# A question setting two things apart, not asking of one finding that names both
_SETS_APART_RE = re.compile(
    r"\b(?:compar\w*|vs\.?|versus|differ\w*|difference|between|better|worse|which\s+(?:one|of)|"
    r"each|both|either|apart|same|alike|similar\w*|contrast)\b", re.I)


# A question asking for a study (or paper) rather than a thing the table lists
_STUDY_ASKED_RE = re.compile(r"\b(?:stud(?:y|ies)|papers?|publications?|articles?|reports?)\b",
                             re.I)

class Assistant:
    """Loads the index and the review once; answers many questions."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        index: Any = None,
        review: Review | None = None,
        notify: Callable[[str], None] | None = None,
        chat_model: Any = None,
    ) -> None:
        """`chat_model`: any LangChain chat model for answerer="llm" (default: the one
        the QA_LLM setting names, built on first use)."""
        self.settings = settings or get_settings()
        self._chat_model = chat_model
        self._llm: LLMAnswerer | None = None
        if index is None:
            from index.store import ensure_index

            index = ensure_index(self.settings, notify=notify)
        self.index = index
        self.review = review or load_review(self.settings.source)
        passages = sorted(self.index.passages.values(), key=lambda p: p.order)
        self.passages: list[Passage] = passages
        self.stats = TermStats(p.text for p in passages)
        self.abbreviations = find_abbreviations(p.text for p in passages)
        self.is_technical = make_is_technical(_wordpiece_counter(self.index.embeddings))
        dictionary()  # the everyday-word list (qa/english.py), read once, here
        self.variants = SpellingVariants(p.text for p in passages)
        # (a table's misprint of a name the text spells otherwise is that name:
        # "cricTMEM181" in Table 1 is the text's circTMEM181)
        self.variants.add(printing_variants(
            (v for p in passages if p.kind == "table_row" for v in p.cells.values()),
            (m.group() for p in passages if p.kind != "table_row"
             for m in WORD_RE.finditer(p.text))))
        self.speller = Speller((p.text for p in passages), is_everyday,
                              slips=one_edit_words)
        self.tables = TableQA(passages, self.is_technical, self.variants.canonical,
                              self.abbreviations)
        self.companions = Companions(passages, self.tables.label_of, self.variants.canonical)
        cache_dir = self.settings.index_dir if self.settings.index_dir.is_dir() else None
        self.sentences = SentenceVectors.build(passages, self.index.embeddings, cache_dir,
                                               self.fingerprint)
        common = 0.25 * max(1, self.stats.n)
        self.neighbours = WordNeighbours.build(
            (w for w, n in self.stats.df.items()
             if w.isalpha() and len(w) >= 3 and n <= common and w not in STOPWORDS),
            self.index.embeddings, cache_dir, self.fingerprint)
        self.answerer = ExtractiveAnswerer(self.stats, self.is_technical, self.abbreviations,
                                           passages, self.variants.canonical,
                                           self.neighbours.near_many,
                                           self.tables.class_members(),
                                           support=self.support_model(),
                                           cfg=self.settings.answer,
                                           ranker=load_ranker(
                                               self.settings.answer.weights_file,
                                               self._model_identity(), self.settings.answer),
                                           cited_words=(w.lower() for r in
                                                        self.review.references.values()
                                                        for w in WORD_RE.findall(r.text)))
        self.answerer.nearest = self.neighbours.nearest
        self.retriever = HybridRetriever(index=self.index, k=self.settings.k)
        self._conversation_lexicon: Lexicon | None = None
        self._sentence_by_display: dict[str, SentenceRef] | None = None
        # where the review uses each word ("which one is about immunotherapy?")
        self.cooccur = Cooccurrence(passages)
        self.chain: Runnable[dict[str, Any], Answer] = self._build_chain()
        if self.settings.query_threads > 0:
            # Measured: with 2 threads a question's embedding jumps from ~10 ms to
            # hundreds when other work shares the 2 cores; 1 thread stays steady.
            import torch

            torch.set_num_threads(self.settings.query_threads)

    # -- public API ------------------------------------------------------------------
    def ask(self, question: str, history: History | None = None, k: int | None = None,
            answerer: str | None = None) -> Answer:
        """Answer one question; `history` holds earlier (question, answer text) turns.

        `answerer`: "extractive" (default) or "llm" (qa/llm.py; when no LLM is configured
        or it fails, the extractive answer comes with a notice saying why).
        """
        text = clean_question(question, self.settings.max_question_chars)
        return self.chain.invoke({"question": text, "history": list(history or []),
                                  "k": k or self.settings.k,
                                  "answerer": resolve_answerer(answerer)})

    # -- LLM answerer (qa/llm.py) -------------------------------------------------------
    def stream(self, question: str, history: History | None = None, k: int | None = None,
               answerer: str | None = None) -> Iterator[str | Answer]:
        """Like `ask`, streamed: with answerer="llm", the model's reply in text chunks as
        it is written (a draft: markers are its passage numbers, nothing checked yet),
        then the final, checked Answer. The extractive answerer yields only the Answer."""
        text = clean_question(question, self.settings.max_question_chars)
        state: dict[str, Any] = {"question": text, "history": list(history or []),
                                 "k": k or self.settings.k,
                                 "answerer": resolve_answerer(answerer)}
        if state["answerer"] != "llm":
            yield self.chain.invoke(state)
            return
        state = self._retrieve(self._standalone(state))
        if not _table_question(state["plan"]):
            for item in self.llm_answerer().compose_stream(state["standalone"],
                                                          state["retrieved"]):
                if isinstance(item, str):
                    yield item
                else:
                    state["llm_outcome"] = item
        yield self._verify(self._compose(state))

    def llm_answerer(self) -> LLMAnswerer:
        """The LLM answerer (built on first use; its chat model on first question)."""
        if self._llm is None:
            self._llm = answerer_for(self, self._chat_model)
        return self._llm
    # -- end LLM answerer ---------------------------------------------------------------

    def support_model(self) -> SupportModel:
        """The answerability model fitted for this embedding model (qa/support.py)."""
        return load_support_model(self.settings.answer.weights_file, self._model_identity())

    def _model_identity(self) -> str:
        return str(getattr(self.index.embeddings, "identity", "") or "")

    @property
    def fingerprint(self) -> str:
        return str(getattr(self.index, "fingerprint", ""))

    def references_of(self, passage: Passage) -> dict[int, str]:
        """Reference-list entries for the [n] numbers a passage cites."""
        refs = self.review.references
        return {n: refs[n].text for n in passage.refs if n in refs}

    # -- the chain -------------------------------------------------------------------
    def _build_chain(self) -> Runnable[dict[str, Any], Answer]:
        # -- literature (qa/literature.py): a question about the studies is answered for
        # its claim, then names the studies behind the cited spans; notes on citations.
        literature = self.literature = Literature(self.review, self.passages,
                                                  max_words=self.settings.answer.max_words)
        by_author: dict[str, set[int]] = {}
        for n, study in literature.studies.items():
            by_author.setdefault(first_surname(study).lower(), set()).add(n)
        # ("the Shi et al. study": the references of Shi's studies)
        self.answerer.study_refs = lambda name: by_author.get(name.lower(), set())

        def verify(state: dict[str, Any]) -> Answer:
            told = getattr(state.get("resolved"), "told", "")
            answer = literature.finish(self._verify(state), state, reserve=len(told.split()))
            # (the parts composed one by one, a row and the sentence on its study, the
            # studies' references: whatever ran over the word cap ends at a marker within it)
            answer = _within_cap(answer, self.settings.answer.max_words - len(told.split()))
            if told and not answer.abstained and not answer.text.startswith(told):
                # what the reading found leads ("Of the studies the earlier answer cites,
                # the first is Takahashi et al. (2014; ref. 28) ..."), within the cap
                cap = self.settings.answer.max_words
                answer = shorten_while(
                    answer, lambda a: len(told.split()) + len(a.text.split()) > cap)
                if len(told.split()) + len(answer.text.split()) > cap and OTHERS in told:
                    told = told.split(OTHERS)[0] + "."  # (the others go before the study)
                answer = replace(answer, text=f"{told} {answer.text}", notice=told)
            return answer

        return (
            RunnableLambda(literature.read, name="literature_question")
            | RunnableLambda(self._standalone, name="standalone_question")
            | RunnableLambda(self._follow_up_literature, name="follow_up_literature")
            | RunnableLambda(self._retrieve, name="retrieve")
            | RunnableLambda(self._compose_reading, name="compose_answer")
            | RunnableLambda(verify, name="verify_citations")
        )

    def _follow_up_literature(self, state: dict[str, Any]) -> dict[str, Any]:
        """A follow-up read as a question about the literature ("which of those came
        first?" -> "What is reference 28 about?") is answered as one."""
        literature = self.literature
        resolved = state.get("resolved")
        ask = state.get("literature")
        described = literature.claim_described(state)
        last_answer = state["history"][-1][1] if state.get("history") else ""
        if described and resolved is not None:
            # ("who wrote the acid one?": the sentence of the talk so described)
            asked = state.get("literature_asked") or state["question"]
            return {**state, **self._reading(described, resolved), "claimed": True,
                    "shown": literature.shown_with(asked, described)}
        if resolved is not None and (resolved.how == "standalone" or (
                ask is not None and ((not ask.claim and _THAT_ONE_RE.search(ask.question))
                                     or fragment_ask(ask.question) is not None
                                     or (of_that_study(ask)
                                         and not _ONE_REF_RE.search(last_answer))))):
            # ("what journal was that in?", "year?", "who published that one?": the
            # claim the last answer made first, or its first naming what the
            # conversation read "it" as)
            claim, shown = literature.claim_before(state, resolved.chosen)
            history = list(state.get("history") or ())
            cited = bool(history) and "(ref" in history[-1][1]
            # ("which study is that claim from?": what was just said, whether or not
            # the review gives a study for it; a bare "who showed that?" may be
            # answered by a study the review cites for the same elsewhere)
            that = SAID_THING_RE.search(state["question"]) is not None
            if claim and (cited or that or resolved.how == "standalone"):
                return {**state, **self._reading(claim, resolved), "claimed": True,
                        "shown": shown or state.get("shown", "") or resolved.question}
            if not claim:
                return state
            # (the last answer cites no study: "which study showed that?" is read as
            # the conversation reads it, where the review may cite one for the same)
        if resolved is None:
            return state
        reread = literature.read_titled(resolved.question) if ask is None and \
            resolved.question != state["question"] else literature.read_ask(resolved.question)
        if ask is not None and not (reread is not None and (
                (reread.ref_number is not None and ask.ref_number is None)
                or (reread.claim and not ask.claim))):
            return state
        if reread is None:
            return state
        if reread.claim and not (ask and ask.claim) and any(
                self.answerer.is_technical(w) for w in WORD_RE.findall(reread.claim)):
            # ("which year was it published?" -> "... the GRP78 study ...": the name it
            # was read as is retrieved for, as when asked on its own; "which study showed
            # that?" -> "... combination?" is read whole)
            return {**state, **self._reading(reread.claim, resolved), "literature": reread,
                    "shown": state.get("shown") or resolved.question}
        # (read in the chat, it names a study by number: "that paper" -> "the
        # Levchenko et al. study", cited in the text only as [57])
        return {**state, "literature": reread}

    def _standalone(self, state: dict[str, Any]) -> dict[str, Any]:
        t0 = time.perf_counter()
        # normalise: every word read as the review's own ("regorafinib" -> regorafenib)
        normal = self.speller.normalise(without_discourse(state["question"]))
        # ("unrelated, what did they use ...?" starts anew: nothing earlier is read into it)
        history = [] if switches_topic(state["question"]) else \
            [(self.speller.normalise(q).text, a) for q, a in state["history"]]
        resolved = resolve(normal.text, history, self._lexicon())
        asked = state.get("literature_asked")
        shown = state.get("shown", "")
        if asked and asked != state["question"]:  # a question about the literature
            whole = resolve(self.speller.normalise(asked).text, history, self._lexicon())
            resolved = replace(resolved, alternatives=(*resolved.alternatives, whole.question))
            # (its claim is what is retrieved for; the page shows the question, read in
            # the conversation: "which paper showed it?" -> "which paper showed circZFR
            # ...?", not the claim "circZFR ...")
            shown = shown or (whole.question if whole.how != "standalone" else asked)
        return {**state, **self._reading(resolved.question, resolved), "resolved": resolved,
                "readings": normal.readings, "normalised": normal.text,
                "timings": {"t0": t0, "standalone_ms": _ms(t0)},
                **({"shown": shown} if shown else {})}

    def _reading(self, standalone: str, resolved: Resolved) -> dict[str, Any]:
        """A reading of the question as the retriever and answerer take it."""
        expanded, replaced = expand_query_parts(standalone, self.abbreviations)
        # (and a species named by its genus, "akkermansia", in its short form "A.
        # muciniphila"; the answerer reads the review's species once)
        others = self.variants.others(standalone) + self.answerer.binomials.others(standalone)
        if others:  # the other spellings of its names, for the lexical ranker
            expanded += " " + " ".join(others)
        if resolved.how != "standalone" and resolved.context:
            expanded += " " + resolved.context  # the topic a follow-up goes on with
        return {"standalone": standalone, "expanded": expanded, "replaced": replaced}

    def _compose_reading(self, state: dict[str, Any]) -> dict[str, Any]:
        """The answer draft; for an elliptical follow-up read several ways ("and in
        vivo?": the last question narrowed, or its topic so qualified), the reading
        whose evidence the answerability model (qa/support.py) rates best."""
        out = self._compose(state)
        resolved = state.get("resolved")
        if resolved is None or not resolved.alternatives or state.get("answerer") == "llm" \
                or state.get("claimed"):
            # (a question about a claim the conversation made is read as that claim)
            return out
        best, best_score = out, _draft_score(out["draft"])
        base = {k: v for k, v in state.items()
                if k not in ("retrieved", "plan", "outer_plan", "draft")}
        for text in resolved.alternatives:
            other = self._compose(self._retrieve({**base, **self._reading(text, resolved)}))
            score = _draft_score(other["draft"])
            if score > best_score:
                best, best_score = other, score
        return best

    def _lexicon(self) -> Lexicon:
        """What the conversation reader needs of the review (qa/conversation.py)."""
        if self._conversation_lexicon is None:
            common_df = 0.25 * max(1, self.stats.n)

            def common(word: str) -> bool:
                toks = tokenize(word)
                return not toks or self.stats.df.get(toks[0], 0) > common_df

            def rarity(word: str) -> float:
                toks = tokenize(word)
                return self.stats.idf(toks[0]) if toks else 0.0

            # (a row by its printed name and by the text's spelling of it, "plgR" and
            # "pIgR": the latter is the one shown)
            canonical = self.answerer.canonical
            rows = {n: rid for rid, name in self.tables.row_names.items() if name
                    for n in dict.fromkeys((name, canonical(name)))}
            kinds: dict[str, str] = {}
            for value, names in self.tables.class_members().items():
                kind = class_kind(value)
                kinds.update({n: kind for n in names if kind})
            studies = self.literature.studies  # (the reference list, read once)
            self._conversation_lexicon = Lexicon(
                common=common, rarity=rarity, embed=self._embed_word, rows=rows,
                known=lambda w: any(self.stats.known(t) for t in tokenize(w)),
                row_kinds=kinds, row_ids=frozenset(self.tables.row_names),
                cited=self._cited_in,
                years={n: st.year for n, st in studies.items() if st.year},
                study_names={n: short_name(st) for n, st in studies.items()},
                institutions=frozenset(a for a, long in self.abbreviations.items()
                                       if INSTITUTION_RE.search(long)),
                together=self._said_together(),
                beside=lambda noun, name: any(beside(noun, name, p.text) for p in self.passages
                                              if name in p.text))
        return self._conversation_lexicon

    def _said_together(self) -> Callable[[str, Sequence[str]], float]:
        """`together(name, words)`: the best share of the words' rarity that one sentence
        (or table row) of the review naming `name` holds; a word counts in any of its
        forms ("approved", "approval")."""
        units = [frozenset(stem(t) for t in tokenize(r.display)) for r in self.sentences.refs]
        df = Counter(k for u in units for k in u)
        # (a word weighs by how rare its forms are: "therapeutically" is as common as
        # "therapy", "therapeutic")
        rarity = lambda w: math.log((1 + len(units)) / (1 + df[stem(w)]))  # noqa: E731

        @lru_cache(maxsize=4096)
        def holding(name: str) -> tuple[frozenset[str], ...]:
            toks = tokenize(name)
            key = stem(toks[0]) if toks else ""
            return tuple(u for u in units if key and key in u)

        def together(name: str, words: Sequence[str]) -> float:
            weights = {stem(w): rarity(w) for w in words}
            total = sum(weights.values())
            if total <= 0:
                return 0.0
            return max((sum(v for k, v in weights.items() if k in u) / total
                        for u in holding(name)), default=0.0)

        return together

    def _cited_in(self, answer_text: str) -> tuple[str, ...]:
        """Ids of the passages an answer text quotes (its sentences before a marker)."""
        pieces = [q.strip(" ;.") for q in re.split(r"\[\d+\]", answer_text)]
        found: list[str] = []
        for piece in pieces:
            q = piece.split(": ", 1)[-1]
            probe = q[:80]
            hit = next((p.id for p in self.passages if probe in p.text), None) \
                if len(q) >= 20 else None
            hit = hit or self._row_listed(piece) or self._row_named(q)
            if hit and hit not in found:
                found.append(hit)
        return tuple(found)

    def _row_named(self, piece: str) -> str | None:
        """The one table row an item of a listing names bare ("... 6 circRNAs: circUHRF1
        [1] (ref. 14); circRNA-SORE [2] ..." -> the circRNA-SORE row)."""
        name = re.sub(r"^\s*(?:\(refs?\.[^)]*\)\s*)?[;,]?\s*", "", piece).strip(" ;.")
        canonical = self.answerer.canonical  # (the table's misprints as the text spells them)
        ids = [rid for rid, n in self.tables.row_names.items()
               if n and canonical(n) == canonical(name)]
        return ids[0] if len(ids) == 1 else None

    def _row_listed(self, piece: str) -> str | None:
        """The table row an item of a listing names: "exosomes (Liver cancer stem cells;
        Functions: Induce regorafenib resistance)" -> the row whose name and cells those
        are (rows sharing a name, "exosomes", are told apart by their cells: the row names
        carry one of those cells, "exosomes (Liver cancer stem cells)")."""
        m = re.search(r"([^\s(;:][^(;:]*?)\s+\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*$", piece)
        if m is None:
            return None
        name, shown = m.group(1).strip(), m.group(2)
        # (a row's own unit: "(ref. 24) Table 1 lists miR-210 (Cargo type: ...)")
        name = re.sub(r"^(?:ref[^)]*\)\s*)?(?:Table \d+ lists\s+)?", "", name)
        # (split before each "Column: ", not at a cell's own "; ": "Effect on resistance:
        # Increases; represses FGFRL1 ...")
        values = [v.split(": ", 1)[-1].strip()
                  for v in re.split(r"; (?=[^;:()]{1,40}: )", shown)]
        canonical = self.answerer.canonical  # ("pIgR" for the table's "plgR")
        fits = [p.id for p in self.passages if p.kind == "table_row"
                and canonical(re.sub(r"\s*\(.*", "", self.tables.row_names.get(p.id, ""))).lower()
                == canonical(name).lower()
                and all(v in p.cells.values() for v in values if v)]
        return fits[0] if len(fits) == 1 else None

    def _embed_word(self, word: str) -> np.ndarray:
        return np.asarray(self.index.embed_query(word), dtype=np.float32)

    def _retrieve(self, state: dict[str, Any]) -> dict[str, Any]:
        t = time.perf_counter()
        # Table questions (filter, count, list) select rows structurally; those rows are
        # retrieved first, the fused text ranking follows.
        resolved = state.get("resolved")
        scope = resolved.scope if resolved is not None else ()
        prior = resolved.prior if resolved is not None and resolved.how != "standalone" \
            else ()
        plan = self.tables.plan(state["standalone"], state["expanded"], scope=scope)
        plan, outer = self._count_plans(state["standalone"], plan)
        if outer is not None:
            state = {**state, "outer_plan": outer}
        pinned = [p.id for p in (outer or plan).rows] if plan is not None and plan.explicit \
            else []
        retrieved = self.retriever.retrieve(state["expanded"], dense_query=state["standalone"],
                                            pinned=pinned, k=state["k"], prior=prior)
        state["timings"]["retrieve_ms"] = _ms(t)
        return {**state, "retrieved": retrieved, "plan": plan}

    def _count_plans(self, question: str, plan: TableAnswerPlan | None,
                     ) -> tuple[TableAnswerPlan | None, TableAnswerPlan | None]:
        """(plan, outer) for "How many X ..., and which of them Y?": the first ask's count
        (X) as the outer plan when it keeps more rows than X-and-Y. When X-and-Y keeps
        none ("... which of them were tested only in vitro?"), X's count answers, showing
        the columns the later asks are about."""
        parts = asks(question)
        first = self.tables.plan(parts[0]) if len(parts) > 1 else None
        if first is None or not first.count or not first.rows:
            return plan, None
        if plan is None:
            shown = [c for c in self.tables.hinted_columns(first.table_id, " ".join(parts[1:]))
                     if c != first.label_column and c not in {f for f, _ in first.filters}]
            return replace(first, show_columns=tuple(shown)), None
        if not plan.explicit or not plan.rows or first.table_id != plan.table_id:
            return plan, None
        inner_ids = {p.id for p in plan.rows}
        return plan, (first if inner_ids < {p.id for p in first.rows} else None)

    def _compose(self, state: dict[str, Any]) -> dict[str, Any]:
        t = time.perf_counter()
        question = state["standalone"]
        plan = state["plan"]
        # -- LLM answerer (qa/llm.py): its checked draft; when it fails (or the question
        # filters/counts table rows) the extractive answer below, with a notice (_verify).
        if state.get("answerer") == "llm":
            if _table_question(plan):
                outcome = LLMOutcome(skipped="A table filter or count: answered from the "
                                     "table's rows, not by the LLM.")
            else:
                outcome = state.get("llm_outcome") or self.llm_answerer().compose(
                    question, state["retrieved"])
            state = {**state, "llm_outcome": outcome}
            if outcome.draft is not None:
                state["timings"]["compose_ms"] = _ms(t)
                return {**state, "draft": outcome.draft}
        # -- end LLM answerer
        draft: Draft | None = None
        if (mode := self._column_mode_draft(question)) is not None:
            draft = mode
        elif (stated := self._stated_count(question, state, plan)) is not None:
            draft = stated
        elif (said := self._figure_said(state)) is not None:
            draft = said
        elif state.get("outer_plan") is not None:
            draft = self.answerer.nested_table_answer(state["outer_plan"], plan)
        elif (dated := self._dates_apart_draft(question, state)) is not None:
            draft = dated
        elif (ordered := self._order_draft(question, state)) is not None:
            draft = ordered
        elif (first := self._first_study_draft(question, state)) is not None:
            draft = first
        elif (values := self._column_values_draft(question)) is not None:
            draft = values
        elif (span := self._years_span_draft(question, plan)) is not None:
            draft = span
        elif plan is not None and plan.rows and plan.explicit and not (
                len(asks(question)) > 1 and self.answerer.names_absent_from(
                    question, state["replaced"], plan.rows)):
            draft = self._studies_named(question, self._years_apart(
                question, plan, self.answerer.table_answer(plan)))
        elif (picked := self._among_draft(state)) is not None:
            draft = picked
        elif (chosen := self._choice_draft(question, state)) is not None:
            draft = chosen
        elif (pair := compared_pair(question, self.answerer.is_term,
                                    self.answerer.is_review_word)) and (
                compared := self._side_by_side_draft(question, state, pair)) is not None:
            draft = compared
        else:
            # (A question with several asks whose names no row of the plan mentions,
            # "GOLPH3 raises an exosomal miRNA. What does it promote, and what year does
            # Table 1 give for it?", is answered from the text; its rows follow.)
            draft = self._text_draft(question, state)
            # A cited passage that the sentence vectors (not the fused ranking) brought in
            # is listed as retrieved too, after the ranking and scored below it.
            have = {r.passage.id for r in state["retrieved"]}
            floor = min((r.score for r in state["retrieved"]), default=1.0)
            added: list[Retrieved] = []
            for u in draft.units:
                if u.passage.id not in have:
                    have.add(u.passage.id)
                    floor *= 0.99
                    added.append(Retrieved(passage=u.passage, score=floor))
            state = {**state, "retrieved": [*state["retrieved"], *added]}
            if plan is not None and plan.rows and not draft.certain:
                draft = self._rows_over_text(question, state, plan, draft)
        draft = self.answerer.weighed(question, self._with_row_detail(
            question, state, self._second_step(
                question, state, self._complete_asks(question, state, draft))))
        state["timings"]["compose_ms"] = _ms(t)
        return {**state, "draft": draft}

    def _stated_count(self, question: str, state: dict[str, Any],
                      plan: TableAnswerPlan | None) -> Draft | None:
        """"How many of the Table 1 studies used animals?": when the review itself counts
        its table in a sentence ("Of the 18 studies summarized in Table 1, 10 included in
        vivo experiments, and only two analyzed patient samples."), that sentence, which
        says what the rows' cells may not (a model column need not name animals); None
        otherwise."""
        outer = state.get("outer_plan")
        if not ((plan is not None and plan.count) or (outer is not None and outer.count)) \
                or not re.match(r"\W*(?:\w+\W+){0,9}?how\s+many\b", question, re.I):
            return None
        terms = self.answerer.terms(question, state["expanded"], state["replaced"])
        sims = self._similarity(question)[1]
        best: tuple[float, float, SentenceRef] | None = None
        for i, ref in enumerate(self.sentences.refs):
            p = self.index.passages[ref.passage_id]
            if p.kind != "paragraph" or not (TABLE_WORD_RE.search(ref.display) and
                                             _COUNT_WORD_RE.search(_TABLE_NUMBER_RE.sub(
                                                 " ", ref.display))):
                continue
            # (of two that cover it, the one closer to the question: the whole table's
            # count before "Only one of the miRNA studies in Table 1 ...")
            here = (terms.coverage(ref.display), float(sims[i]), ref)
            if best is None or here[:2] > best[:2]:
                best = here
        if best is None or best[0] < self.settings.answer.stated_count_cover:
            return None
        ref = best[2]
        unit = Unit(ref.display, self.index.passages[ref.passage_id], ref.quote)
        # ... and the rows it counts, when they are few enough to name ("only two": which)
        counted = outer if outer is not None and outer.count else plan
        rows = counted.rows if counted is not None else ()
        tail = tuple(self.answerer.row_unit(
            row, self.tables.hinted_columns(self.tables.table_of(row), question),
            self.tables.label_column_of(row)) for row in rows) if len(rows) <= 3 else ()
        return Draft(units=(unit,), abstained=False, joiner=" ", coverage=best[0], tail=tail)

    def _figure_said(self, state: dict[str, Any]) -> Draft | None:
        """A follow-up asking a figure of what was just said ("how many patients was
        that?", "and the AUC?", "what was its hazard ratio?"): the one sentence of the
        last answer giving that figure (and naming whatever the follow-up names); None
        when none or several do, or the question stands alone."""
        resolved, history = state.get("resolved"), state.get("history")
        if resolved is None or resolved.how == "standalone" or not history:
            return None
        # (the question as typed, its words read as the review's: _standalone's reading)
        asked = state.get("normalised") or state["question"]
        # ("and the AUC?": the figure itself asked)
        asked = re.sub(r"^\s*(?:and|also|so|(?:what|how)\s+about)\s+(?:the\s+)?", "", asked,
                       flags=re.I)
        gives = self.answerer.figure_asked(asked)
        if gives is None and not _ASKING_WORD_RE.match(asked):
            # a fragment naming the figure: "ic50 change?", "its hazard ratio for os?"
            gives = self.answerer.figure_asked(f"what is {asked}")
        if gives is None:
            return None
        names = self.answerer.names_in(asked)

        def giving_of(refs: Sequence[SentenceRef]) -> list[SentenceRef]:
            return [ref for ref in refs if gives(ref.display)
                    and all(n.lower() in ref.display.lower() for n in names)]

        giving: list[SentenceRef] = []
        for _, answer in history[::-1][:2]:  # (the last answer, else the one before)
            giving = giving_of(self._said_sentences(answer))
            if giving:
                break
        if not giving:
            # ... else the rest of the paragraphs the last answer quoted: the study it
            # told of gives the figure a sentence further on ("ic50 change?")
            cited = {r.passage_id for r in self._said_sentences(history[-1][1])}
            giving = giving_of([r for r in self.sentences.refs if r.passage_id in cited
                                and self.index.passages[r.passage_id].kind == "paragraph"])
        if len({ref.quote for ref in giving}) != 1:
            return None
        ref = giving[0]
        unit = Unit(ref.display, self.index.passages[ref.passage_id], ref.quote)
        return Draft(units=(unit,), abstained=False, joiner=" ", coverage=1.0)

    def _said_sentences(self, answer_text: str) -> list[SentenceRef]:
        """The review's sentences an answer text shows (each before its marker)."""
        if self._sentence_by_display is None:
            self._sentence_by_display = {}
            for ref in self.sentences.refs:
                self._sentence_by_display.setdefault(ref.display, ref)
        found: list[SentenceRef] = []
        for piece in re.split(r"\[\d+\](?:\s*\(refs?\.[^)]*\))?", answer_text):
            piece = piece.strip()
            # (after a lead: "Yes. ...", "What it does say: ...")
            for start in (0, *(m.end() for m in re.finditer(r"(?:\.|:)\s+", piece))):
                hit = self._sentence_by_display.get(piece[start:])
                if hit is not None:
                    found.append(hit)
                    break
        return found

    def _rows_over_text(self, question: str, state: dict[str, Any], plan: TableAnswerPlan,
                        draft: Draft) -> Draft:
        """"Which circRNAs ...?" asks for a list: when the table's rows answer it and the
        text names fewer of them, or the text answers poorly, the rows are listed."""
        named = {p.id for u in draft.units for p in [u.passage] if p.kind == "table_row"}
        # (as is a sentence in which the review tells of itself: "We then summarize the
        # vesicular cargos, including miRNAs, ... linked to resistance to ... osimertinib"
        # names them as a topic)
        weak = draft.abstained or draft.coverage < 0.45 or bool(
            draft.units and draft.units[0].features.get("signpost"))
        # ... unless the text covers the question better than the rows can ("Which
        # pro-EMT proteins were found in exosomes of Slug-transfected cells?": Protein
        # rows exist, but the answer is in the text).
        terms = self.answerer.terms(question, state["expanded"], state["replaced"])
        rows_cover = terms.coverage(" ".join(p.text for p in plan.rows))
        if weak or (len(plan.rows) > 1 and len(named & {p.id for p in plan.rows})
                    < len(plan.rows) and (rows_cover >= draft.coverage or plan.framed)):
            return self.answerer.table_answer(plan)
        return draft

    def _dates_apart_draft(self, question: str, state: dict[str, Any]) -> Draft | None:
        """"How many years between A and B?" (qa/dates.py): each event read as a
        question of its own, dated by its best evidence; the difference said first, each
        year's evidence cited. None when the question asks no such thing or an event has
        no dated evidence."""
        events = gap_events(question)
        if events is None:
            return None
        first, second = (self._dated(event, state) for event in events)
        return _two_dated(first, second, years_apart_lead)

    def _order_draft(self, question: str, state: dict[str, Any]) -> Draft | None:
        """"S100A10 vs pIgR - which paper came out first?", "was lenvatinib approved
        before sorafenib?": each thing dated as for a time between two (`_dated`), the
        order said first, each year's evidence cited. None when the question asks no
        such thing or a thing has no dated evidence."""
        events = order_events(question, lambda text: (
            pair[:2] if (pair := compared_pair(text, self.answerer.is_term)) else None))
        if events is None:
            return None
        first, second = (self._row_dated(name) or self._dated(
            f"{name} {events.verb}".strip(), state) for name in (events.a, events.b))
        return _two_dated(first, second, lambda a, b: order_lead(events, a, b))

    def _row_dated(self, name: str) -> tuple[int, Unit] | None:
        """A name with one row of a table that gives a year: that year, the row cited (the
        table dates the study it summarises; the text may also cite later work on it)."""
        rows = self.companions.rows_in(name)
        if len(rows) != 1:
            return None
        row = rows[0]
        year = stated_year("", row.cells)
        if year is None:
            return None
        tid = self.tables.table_of(row)
        shown = [*self.tables.described_columns(tid)[:1],
                 *(c for c in row.cells if column_role(c) == "year")]
        return year, self.answerer.row_unit(row, shown, self.tables.label_column_of(row))

    def _years_span_draft(self, question: str, plan: TableAnswerPlan | None) -> Draft | None:
        """"What span of years do the Table 1 studies cover?": the first and the last
        year of the rows (those a condition selects, else the whole table), each cited
        to a row giving it."""
        if not _SPAN_RE.search(question) or not TABLE_WORD_RE.search(question):
            return None
        rows = list(plan.rows) if plan is not None and plan.filters else [
            r for rows in self.tables.tables.values() for r in rows]
        dated = sorted((int(y), r.order, r, c) for r in rows for c, y in r.cells.items()
                       if column_role(c) == "year" and y.strip().isdigit())
        if len({d[0] for d in dated}) < 2:
            return None
        (first, _, row_a, col_a), (last, _, row_b, col_b) = dated[0], dated[-1]
        units = tuple(Unit(f"{y} ({self.tables.label_of(r)})", r, f"{c}: {y}")
                      for y, r, c in ((first, row_a, col_a), (last, row_b, col_b)))
        return Draft(units, False, lead=f"From {first} to {last} ({last - first} years):",
                     coverage=1.0)

    def _column_values_draft(self, question: str) -> Draft | None:
        """"List every cell source of exosomes in Table 1": the column's distinct values,
        most rows first, each cited to a row giving it."""
        found = self.tables.column_values(question)
        if found is None:
            return None
        column, groups = found
        units = []
        for value, rows in groups:
            row = rows[0]
            quote = f"{column}: {row.cells[column]}"
            if quote not in row.text:
                return None
            shown = value if len(rows) == 1 else f"{value} ({len(rows)} rows)"
            units.append(Unit(shown, row, quote))
        table = groups[0][1][0].section[-1] if groups[0][1][0].section else "The table"
        lead = f"{table} gives {len(groups)} different values of {column}:"
        return Draft(tuple(units), False, lead=lead, coverage=1.0)

    def _column_mode_draft(self, question: str) -> Draft | None:
        """"Which study type is most common in Table 1?": the commonest value of the column
        (the rarest for "least common"), how many rows give it of all, the next values'
        counts, and the rows giving it, each cited."""
        found = self.tables.column_mode(question)
        if found is None:
            return self._drug_mode_draft(question)
        column, groups, rarest = found
        n, top, rest = _commonest(groups)
        total = sum(len(r) for _, r in groups)
        units = self._mode_units(top, lambda _value, _row: column)
        if units is None:
            return None
        table = top[0][1][0].section[-1] if top[0][1][0].section else "The table"
        values = " and ".join(v for v, _ in top)
        others = "; ".join(f"{v} {len(r)}" for v, r in rest[:4])
        lead = (f"The {'least' if rarest else 'most'} common {column.lower()}"
                + (f" in {table} is {values}: {n} of its {total} entries" if len(top) == 1
                   else f"s in {table} are {values}: {n} of its {total} entries each")
                + (f" (then {others})" if others else "") + ":")
        return Draft(tuple(units), False, lead=lead, coverage=1.0)

    def _drug_mode_draft(self, question: str) -> Draft | None:
        """"Which drug shows up the most in Table 1?": the drug the most rows name, how
        many of all, the next drugs' counts, and its rows, each cited by the cell naming
        it."""
        found = self.tables.drug_mode(question)
        if found is None:
            return None
        groups, rarest = found
        n, top, rest = _commonest(groups)
        units = self._mode_units(top, lambda drug, row: next(
            c for c, v in row.cells.items() if drug.lower() in v.lower()))
        if units is None:
            return None
        table = top[0][1][0].section[-1] if top[0][1][0].section else "the table"
        total = len({r.id for _, rows in groups for r in rows})
        names = [d for d, _ in top]
        drugs = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        others = "; ".join(f"{d} {len(r)}" for d, r in rest[:4])
        verb = "is the drug" if len(top) == 1 else "are the drugs"
        most = "fewest" if rarest else "most"
        lead = (f"{drugs[:1].upper()}{drugs[1:]} {verb} named by the {most} entries of "
                f"{table}: {n} of the {total} entries naming a drug"
                + (" each" if len(top) > 1 else "")
                + (f" (then {others})" if others else "") + ":")
        return Draft(tuple(units), False, lead=lead, coverage=1.0)

    def _mode_units(self, top: Sequence[tuple[str, Sequence[Passage]]],
                    cell: Callable[[str, Passage], str]) -> list[Unit] | None:
        """The rows of the commonest value(s) (of a column, or a drug the cells name),
        each cited by the cell `cell` picks; labelled with the value when several tie.
        None when a cell is not quoted as the row prints it."""
        units = []
        for value, rows in top:
            for row in rows:
                column = cell(value, row)
                quote = f"{column}: {row.cells[column]}"
                if quote not in row.text:
                    return None
                label = self.variants.canonical(self.tables.label_of(row)) or value
                units.append(Unit(f"{label} ({value})" if len(top) > 1 else label, row, quote))
        return units

    def _dated(self, event: str, state: dict[str, Any]) -> tuple[int, Unit] | None:
        """The year of one event and the evidence giving it: the review's own date for
        "this review", else the first unit of the event's answer that gives a year."""
        if REVIEW_RE.match(event):
            info = self.index.passages.get(ARTICLE_INFORMATION_ID)
            year = stated_year(info.text, {}) if info is not None else None
            return (year, Unit(info.text, info, info.text)) if info and year else None
        by_author = self._dated_study(event)
        if by_author is not None:
            return by_author
        # the best of the first candidates that gives a year ("miR-21 was found ... in
        # 2015" below "Based on these findings, we hypothesize ... miR-21 ...")
        for u in self._ranked_for(event, state)[:self.settings.answer.dated_candidates]:
            year = self._year_of(u)
            if year is not None:
                return year, u
        return None

    def _year_of(self, unit: Unit) -> int | None:
        """The year a candidate gives: its row's Year cell, its sentence's one year, or
        the year of the one study it cites (qa/dates.py `evidence_year`)."""
        studies = self.literature.studies
        return evidence_year(unit.display, unit.passage.cells,
                             quote_refs(unit.passage, unit.quote),
                             lambda n: studies[n].year if n in studies else None)

    def _ranked_for(self, text: str, state: dict[str, Any]) -> list[Unit]:
        """The answerer's candidates for `text` read as a question of its own, best
        first (none when it names something the review never mentions)."""
        reading = self._reading(text, Resolved(text))
        retrieved = self.retriever.retrieve(reading["expanded"], dense_query=text,
                                            k=state["k"])
        return self.answerer.ranked(text, reading["expanded"], reading["replaced"],
                                    retrieved, *self._answer_inputs(
                                        text, {**reading, "retrieved": retrieved}))

    def _first_study_draft(self, question: str, state: dict[str, Any]) -> Draft | None:
        """"first paper showing EVs pass on tamoxifen resistance?" (qa/dates.py): of the
        candidates for the finding itself, those scoring within `topic_margin` of the
        best and giving a year (a row's Year cell, the sentence's year, or its one
        study's), the earliest (or the most recent) is the answer, the years of the
        others said in its lead. None when the question asks no such thing or no such
        candidate is dated."""
        literature = state.get("literature")
        ask = first_study_ask((state.get("literature_asked") or question) if literature
                              else question)
        if ask is None or (literature is not None and not ask.who) \
                or TABLE_WORD_RE.search(question):
            # (the studies a question about the literature asks of are the reference
            # list's to date, but for who found a thing first; the table's rows are its
            # plan's)
            return None
        ranked = self._ranked_for(ask.claim, state)
        studies = self.literature.studies
        cfg = self.settings.answer
        dated = [(year, u) for u in ranked[:cfg.dated_candidates]
                 if u.score >= ranked[0].score - cfg.topic_margin
                 and (year := self._year_of(u)) is not None]
        if not dated:
            return None
        # (one study told in two sentences is one study: its refs, or its passage, say so;
        # of one year, the sentence saying the year itself: "As early as 2011, ...")
        year, pick = (max if ask.late else min)(dated, key=lambda d: (
            d[0], stated_year(d[1].display, d[1].passage.cells) is None))
        def study(u: Unit) -> tuple[object, ...]:
            return tuple(quote_refs(u.passage, u.quote)) or (u.passage.id,)
        others = list({study(u): y for y, u in dated if study(u) != study(pick)}.values())
        refs = quote_refs(pick.passage, pick.quote)
        name = f"{short_name(studies[refs[0]])} ({year}; ref. {refs[0]})" \
            if len(refs) == 1 and refs[0] in studies else ""
        # (asked who: the reference list's lead names the study, qa/literature.py)
        lead = "" if ask.who and literature is not None \
            else first_study_lead(ask, year, others, name)
        return Draft((pick,), False, lead=lead, joiner=" ", coverage=pick.coverage)

    def _dated_study(self, event: str) -> tuple[int, Unit] | None:
        """An event naming a study's first author ("shi et al.'s adriamycin paper"): the
        year of that study (of those by the author, the one whose citing sentence fits
        the event best) and that sentence."""
        terms = self.answerer.terms(event, event, ())
        best: tuple[float, int, Unit] | None = None
        for n in self.literature.studies_named(event):
            year = self.literature.studies[n].year
            if year is None:
                continue
            for p, quote in self.literature.citing(n):
                fit = terms.coverage(quote)
                if best is None or fit > best[0]:
                    best = (fit, year, Unit(strip_ref_brackets(quote), p, quote))
        return (best[1], best[2]) if best is not None else None

    def _text_draft(self, question: str, state: dict[str, Any],
                    text: str | None = None) -> Draft:
        """The extractive answerer's sentences for `text` (default: the question), over
        the passages retrieved for the question and the sentences closest to `text`."""
        text = text or question
        expanded = state["expanded"] if text == question else text
        avoid = getattr(state.get("resolved"), "avoid", "")  # ("any others?")
        return self.answerer.answer(text, expanded, state["replaced"], state["retrieved"],
                                    *self._answer_inputs(text, state), avoid=avoid,
                                    digest=text == question and state.get("literature") is None,
                                    rows_fit=self.tables.fitting_rows(text))

    def _answer_inputs(self, text: str, state: dict[str, Any]) -> tuple[
            Callable[[Passage], list[str]], Callable[[Passage], str],
            Callable[[Passage, str], float], list[Passage]]:
        """What the extractive answerer reads beside the retrieved passages: the columns
        `text` asks of each table, the tables' label columns, a sentence's similarity to
        `text`, and the passages of the sentences closest to it or naming its names."""
        tables = self.tables

        def asked(p: Passage) -> list[str]:
            tid = tables.table_of(p)
            return tables.hinted_columns(tid, text) if tid in tables.columns else []

        similarity, sims = self._similarity(text)
        vectors = self.sentences
        top: list[int] = [int(i) for i in
                          np.argsort(-sims)[:self.settings.answer.sentence_candidates]]
        extra = [self.index.passages[vectors.refs[i].passage_id] for i in top]
        read = [*extra, *(r.passage for r in state["retrieved"][:self.settings.answer
                                                                  .candidate_passages])]
        extra += self.answerer.passages_naming(text, state["replaced"], read)
        return asked, tables.label_column_of, similarity, extra

    def _among_draft(self, state: dict[str, Any]) -> Draft | None:
        """"which one is about immunotherapy?" after an answer of two sentences: the one
        of them the criterion fits clearly best, by meaning and by its words; None when
        none stands out (the question is then answered from the whole review)."""
        resolved = state.get("resolved")
        if resolved is None or len(resolved.among) < 2 or not resolved.criterion:
            return None
        refs = self.sentences.refs
        by_display = {strip_ref_brackets(r.display).strip(): i for i, r in enumerate(refs)}
        found = [by_display.get(s.strip()) for s in resolved.among]
        picks = [i for i in dict.fromkeys(found) if i is not None]
        if len(picks) < 2:
            return None
        _, sims = self._similarity(resolved.criterion)
        words = {stem(w) for w in content_terms(resolved.criterion)}
        # (a framing word only one of them holds tells it too: "which of them made the
        # table?" of the authors' lines, one "Prepared the table and figure: ...")
        held = [set(tokenize(refs[i].display)) for i in picks]
        words |= {stem(t) for t in tokenize(resolved.criterion) if t in QUESTION_WORDS
                  and t not in STOPWORDS and sum(t in h for h in held) == 1}
        fits = []
        shares: dict[int, float] = {}
        for i in picks:
            toks = {stem(t) for t in tokenize(refs[i].display)}
            shared = sum(self.cooccur.association(w, toks) for w in words) / max(
                1, len(words))
            shares[i] = shared
            fits.append((float(sims[i]) + self.settings.answer.among_words * shared, i))
        fits.sort(reverse=True)
        (best, i), (second, _) = fits[0], fits[1]
        if best - second < self.settings.answer.among_margin \
                or shares[i] < self.settings.answer.among_floor:
            return None  # (none stands out, or none holds the criterion's words)
        ref = refs[i]
        unit = Unit(ref.display, self.index.passages[ref.passage_id], ref.quote)
        return Draft((unit,), False, coverage=1.0)

    def _choice_draft(self, question: str, state: dict[str, Any]) -> Draft | None:
        """"Which of oxaliplatin, cisplatin and gemcitabine has an exosomal circRNA linked
        to it?": each option asked in turn ("cisplatin has an exosomal circRNA ..."); the
        one whose evidence names it and rates best answers, led by its name. None when
        the question offers no choice of names or no option's evidence names it."""
        m = _CHOICE_RE.match(question)
        if m is None:
            return None
        options = [o.strip() for o in re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+",
                                                m.group(1)) if o.strip()]
        predicate = m.group(2).strip(" ?.!")
        if not 2 <= len(options) <= 8 or any(len(o.split()) > 4 for o in options) \
                or not content_terms(predicate):
            return None
        if unknown_technical_words(" ".join(options), self.answerer.stats,
                                   self.answerer.is_technical, state["replaced"]):
            return None  # (an option the review never names: that is said, not chosen past)
        # (the names the predicate asks about must be in the evidence too: "which of
        # circUHRF1 and circRNA-SORE is about lenvatinib?" is answered by neither)
        asked = [w.lower() for w in re.findall(r"[\w-]+", predicate) if self.answerer.is_term(w)]
        fitting = self._options_the_table_fits(options, predicate)
        if fitting is not None and len(fitting) == len(options):
            # ("which of miR-223-3p and circUBAP2 had in vivo work?": the table's study
            # type says both did)
            drafts = [self._text_draft(question, state, text=f"{o} {predicate}?")
                      for o in fitting]
            units = tuple(d.units[0] for d in drafts if d.units and not d.abstained)
            if len(units) == len(fitting):
                lead = "Both:" if len(units) == 2 else f"All {len(units)}:"
                return Draft(units, False, lead=lead, joiner=" ", coverage=min(
                    d.coverage for d in drafts))
        if fitting == []:
            # (the table says none does: that, and the rows that do)
            whole = self._condition_plan(predicate, None)
            shown = self.answerer.table_answer(whole) if whole is not None else None
            return replace(shown, lead="None of those.", joiner=" ") \
                if shown is not None and not shown.abstained else None
        if fitting:
            options = fitting  # (the one the table says fits)
        best: tuple[float, str, Draft] | None = None
        for option in options:
            draft = self._text_draft(question, state, text=f"{option} {predicate}?")
            said = " ".join(u.display for u in draft.units).lower()
            if draft.abstained or option.lower() not in said \
                    or any(w not in said for w in asked):
                continue
            score = _draft_score(draft) + draft.coverage
            if best is None or score > best[0]:
                best = (score, option, draft)
        if best is None:
            return None
        _, option, draft = best
        return replace(draft, lead=CHOICE_LEAD.format(option), joiner=" ")

    def _options_the_table_fits(self, options: Sequence[str], predicate: str) -> list[str] | None:
        """Options that are all rows of a table, read against the predicate as a condition
        on those rows ("had in vivo work": the study type): the options it keeps; None
        when the options are no rows or the predicate is no condition the table states."""
        labels: dict[str, Passage] = {}
        for rows in self.tables.tables.values():
            for r in rows:
                # (by the text's spelling too: the table prints circTMEM181 "cricTMEM181")
                label = self.tables.label_of(r)
                for name in (label, self.answerer.canonical(label)):
                    labels.setdefault(name.lower(), r)
        picked = [labels.get(o.lower()) for o in options]
        if any(p is None for p in picked):
            return None
        # (of the options; else of the whole table, when no option holds the value the
        # condition names: "which of circUHRF1 and circRNA-SORE comes from fibroblasts?")
        plan = self._condition_plan(predicate, [p.id for p in picked if p is not None]) \
            or self._condition_plan(predicate, None)
        if plan is None:
            return None
        kept = {r.id for r in plan.rows}
        return [o for o, p in zip(options, picked, strict=True) if p is not None and p.id in kept]

    def _condition_plan(self, predicate: str,
                        scope: Sequence[str] | None) -> TableAnswerPlan | None:
        """The table plan of "which rows <predicate>?" (within `scope`, row ids), when the
        predicate is a condition on a column it points at ("had in vivo work" at the study
        type, "came from TAMs" at the origin; "makes cancer cells more stem like" points at
        none, whatever the origin column says of cancer cells); else None."""
        plan = self.tables.plan(f"which rows {predicate}?", scope=scope or ())
        pointed = set(self.tables.hinted_columns(plan.table_id, re.sub(
            r"\b(?:from|by)\b", "source", predicate))) if plan is not None else set()
        if plan is None or not plan.filters or any(c not in pointed for c, _ in plan.filters):
            return None
        return plan

    def _similarity(self, text: str) -> tuple[Callable[[Passage, str], float], np.ndarray]:
        """Cosine of each review sentence (or row) with `text`, as a lookup, and all of
        them in the sentence vectors' order."""
        qvec = self._embed_word(text)  # cached: the dense search embedded the question
        sims = self.sentences.similarities(qvec)
        vectors = self.sentences

        def similarity(p: Passage, quote: str) -> float:
            if p.kind == "table_row":
                idx = vectors.by_passage.get(p.id, [])
                return float(sims[idx[0]]) if idx else 0.0
            i = vectors.index_of.get((p.id, quote))
            return float(sims[i]) if i is not None else 0.0

        return similarity, sims

    def _with_row_detail(self, question: str, state: dict[str, Any], draft: Draft) -> Draft:
        """A row is the table's summary of a study; the text gives its detail. An answer
        that is one row, to a question not asking the table, gets the sentence of the
        study's discussion (qa/companions.py) that best fits the question."""
        if draft.abstained or draft.lead not in ("", "Yes.", "No.") or draft.tail \
                or not draft.units:
            return draft
        if len(draft.units) > 1 or draft.units[0].passage.kind != "table_row":
            return self._with_row_summary(question, draft)
        if any(TABLE_WORD_RE.search(a) for a in asks(question)):
            return draft
        row = draft.units[0].passage
        similarity, _ = self._similarity(question)
        detail = self.answerer.detail_for(question, state["expanded"], state["replaced"],
                                          self.companions.of_row(row), similarity,
                                          self.variants.canonical(self.tables.label_of(row)))
        return replace(draft, units=(*draft.units, detail)) if detail is not None else draft

    def _with_row_summary(self, question: str, draft: Draft) -> Draft:
        """The other way round: a text answer to what one name does ("what does pIgR do
        in HCC exosomes?") gets the name's own row after its first sentence, the table's
        summary of its function and mechanism, when the answer stays under the cap."""
        names = [n for n in self.answerer.names_in_order(question)
                 if len(self.companions.rows_in(n)) == 1]
        if not _ROLE_ASK_RE.search(question) or len(names) != 1:
            return draft
        row = self.companions.rows_in(names[0])[0]
        if any(u.passage.id == row.id for u in draft.units):
            return draft
        tid = self.tables.table_of(row)
        described = [c for c in self.tables.described_columns(tid) if row.cells.get(c)]
        if not described:  # (a row saying nothing of what it does adds nothing)
            return draft
        unit = self.answerer.row_unit(row, described, self.tables.label_column_of(row))
        words = sum(len(u.display.split()) for u in (*draft.units[:1], unit))
        if words > self.settings.answer.max_words:
            return draft
        kept: list[Unit] = [draft.units[0], unit]
        for u in draft.units[1:]:
            words += len(u.display.split())
            if words > self.settings.answer.max_words:
                break
            kept.append(u)
        return replace(draft, units=tuple(kept))

    def _side_by_side_draft(self, question: str, state: dict[str, Any],
                            pair: tuple[str, str, int, int]) -> Draft | None:
        """"linc-VLDLR vs linc-ROR", "how many years apart are the miR-21 and miR-494-3p
        studies?": each name's own best sentence or row, one after the other; a
        difference of the years they give is worked out."""
        units: list[Unit] = []
        subs = side_by_side(question, lambda word: word in pair[:2])
        names = [self.answerer.tokens(n) for n in pair[:2]]
        if "/" in question[pair[2]:pair[3]] and not _SETS_APART_RE.search(question):
            # "was the miR-210-3p / talazoparib effect shown in vivo?": a finding whose
            # best evidence names both is one thing asked of, not two set side by side
            whole = self._text_draft(question, state)
            if whole.units and all(n & self.answerer.tokens(whole.units[0].display)
                                   for n in names):
                return None
        budget = self.settings.answer.max_words // 2
        partial: list[Draft] = []  # (sides whose figure asked the review does not give)

        def own_of(i: int, sub: str) -> list[Unit]:
            found = self._text_draft(question, state, sub)
            if found.partial:
                partial.append(found)
            fresh = [u for u in found.units if all(u.quote != c.quote for c in units)]
            # a name's own sentences first: one naming only the other is not its answer
            return [] if found.abstained else [
                u for u in fresh if not (names[1 - i] & self.answerer.tokens(u.display))
                or names[i] & self.answerer.tokens(u.display)]

        for i, sub in enumerate(subs):
            # ("miR-21 vs miR-21-5p - same story?": a side the chatty rest leaves
            # unanswered is still the name's own best sentence)
            own = own_of(i, sub) or own_of(i, str(pair[i]))
            if not own:
                return None
            # A name with its own row of a table is compared first by that row: the
            # rows of two names describe them column by column, alike.
            rows = self.companions.rows_in(str(pair[i]))
            if len(rows) == 1 and all(u.passage.id != rows[0].id for u in units):
                row, tid = rows[0], self.tables.table_of(rows[0])
                shown = [*self.tables.described_columns(tid),
                         *self.tables.hinted_columns(tid, question)]
                own = [self.answerer.row_unit(row, shown, self.tables.label_column_of(row)),
                    *(u for u in own if u.passage.id != row.id)]
            words = 0
            for u in own:
                n = len(u.display.split())
                if words and words + n > budget:
                    break
                units.append(u)
                words += n
        if len(partial) >= 2 and partial[0].lead == partial[1].lead:
            # ("compare overall survival on sorafenib vs lenvatinib": given for neither,
            # said so, then what the review says of each)
            return replace(partial[0], units=tuple(units[:2]))
        lead = ""
        # (the two years the sides give; a sentence going on about one gives none)
        years = sorted({int(y) for u in units if (y := year_of(u))})
        if YEARS_APART_RE.search(question) and len(years) == 2:
            a, b = years
            lead = f"{b - a} years apart ({a} and {b}):"
        return Draft(tuple(units), False, lead=lead, joiner=" ", coverage=1.0)

    def _studies_named(self, question: str, draft: Draft) -> Draft:
        """"what's the earliest study in table 1?": a study asked for is named as the
        reference list names it ("Marchetti et al. (2014; ref. 40)") before the rows that
        answer, when they are one or two, each citing one study."""
        rows = [u for u in draft.units if u.passage.kind == "table_row"]
        if draft.lead or not rows or len(rows) > 2 or len(rows) != len(draft.units) \
                or not _STUDY_ASKED_RE.search(question):
            return draft
        studies = self.literature.studies
        named = []
        for u in rows:
            refs = u.passage.refs
            if len(refs) != 1 or refs[0] not in studies:
                return draft
            year = studies[refs[0]].year
            named.append(f"{short_name(studies[refs[0]])} ({year}; ref. {refs[0]})" if year
                         else f"{short_name(studies[refs[0]])} (ref. {refs[0]})")
        return replace(draft, lead=" and ".join(named) + ":", joiner=" ")

    @staticmethod
    def _years_apart(question: str, plan: TableAnswerPlan, draft: Draft) -> Draft:
        """"How many years separate the oldest and newest rows?": the difference of the
        two years the rows give, worked out before them."""
        years = sorted({int(y) for p in plan.rows for c, y in p.cells.items()
                        if column_role(c) == "year" and y.isdigit()})
        if _SPAN_RE.search(question) and len(years) >= 2:
            # "what span of years do the Table 1 studies cover?": the first and the last
            lead = f"From {years[0]} to {years[-1]} ({years[-1] - years[0]} years)."
        elif YEARS_APART_RE.search(question) and len(years) == 2:
            lead = f"{years[1] - years[0]} years apart ({years[0]} and {years[1]})."
        else:
            return draft
        return replace(draft, lead=f"{lead} {draft.lead}".strip())

    def _complete_asks(self, question: str, state: dict[str, Any], draft: Draft) -> Draft:
        """Asks an answer leaves, answered after it. A table answer to a question with
        further asks the rows do not answer ("The lncRNA that raises ABCG2: to which drugs
        does it reduce sensitivity, and in which year was it reported in Table 1?"):
        each such ask gets the text's sentence (a pronoun in it stands for the rows'
        names). A text answer to a question asking the table too: the rows of what the
        answer names."""
        parts = asks(question)
        if len(parts) < 2 or draft.abstained or not draft.units:
            return draft
        shown = " ".join([draft.lead, *(u.display for u in draft.units)])
        rows = [u.passage for u in draft.units if u.passage.kind == "table_row"]
        names = " ".join(dict.fromkeys(self.tables.label_of(p) for p in rows[:2]))
        tail = list(draft.tail)
        for ask in parts:
            if TABLE_WORD_RE.search(ask):
                if not rows:  # "..., and in what year was it reported in Table 1?"
                    for row in self.companions.rows_in(shown)[:2]:
                        tail.append(self.answerer.row_unit(
                            row, self.tables.hinted_columns(self.tables.table_of(row), ask),
                            self.tables.label_column_of(row)))
                        rows.append(row)
                continue  # the rows answer what the table is asked
            if not all(u.passage.kind == "table_row" for u in draft.units):
                continue  # a text answer had its sentence for each ask already
            part = self.answerer.terms(ask, ask, state["replaced"])
            if len(part.own) < 2 or part.coverage(shown) >= 0.5:
                continue
            text = f"{ask} {names}" if _PRONOUN_RE.search(ask) else ask
            found = self._text_draft(question, state, text)
            pick = [u for u in found.units if u.passage.kind != "table_row"
                    and all(u.quote != t.quote for t in tail)][:1]
            if found.abstained or not pick:
                continue
            tail += pick
            shown += " " + pick[0].display
        return replace(draft, tail=tuple(tail)) if len(tail) > len(draft.tail) else draft

    def _second_step(self, question: str, state: dict[str, Any], draft: Draft) -> Draft:
        """A two-step question ("the protein raised in circulating exosomes of late-stage
        patients - how can it be targeted?"): the answer's first sentence finds the thing
        described (pIgR); the ask's pronoun stands for it, and the text is read again for
        the ask ("how can pIgR be targeted?"). Its best sentence follows the answer."""
        parts = asks(question)
        last = parts[-1] if parts else ""
        noun = _BRIDGE_NOUN_RE.search(last)
        # ("When exosomes carry that same protein, what does it do ...?": named in an ask)
        # ... or in a statement before it: "circPAK1 kicks a certain protein off YAP. that
        # same protein is also shipped in HCC exosomes - what does it do there?"
        named = noun or _BRIDGE_NOUN_RE.search(" ".join(parts)) or _BRIDGE_NOUN_RE.search(
            question)
        if ((draft.abstained and not draft.partial) or not draft.units
                or not (_PRONOUN_RE.search(last) or noun)
                or len(last) > 0.8 * len(question)
                or (not draft.abstained and not named
                    and any(u.passage.kind == "table_row" for u in draft.units))):
            return draft
        if _NAMES_ITS_THING_RE.search(" ".join(parts[:-1]) or question[:question.find(last)]):
            return draft  # ("the cells called macrophages - ... they ...": named already)
        asked = self.answerer.tokens(question)
        first = draft.units[0].display
        # (a year or an everyday word is no thing found: "In 2019, ...", "oncogenic")
        found = [n for n in [*self.answerer.names_in_order(first),
                             *(m.group() for m in DRUG_RE.finditer(first))]
                 if not self.answerer.tokens(n) & asked and not n.isdigit()
                 and not is_everyday(n.lower())]
        # ("what was the first pill approved ...": the name of the kind the first ask
        # wants, sorafenib, not the FDA that approved it)
        # (the thing is described before the last ask: "the first targeted drug the FDA
        # approved - what pathway ...?" wants a drug, not a pathway)
        at = question.find(last) if last else -1  # (where the last ask starts)
        described = question[:at] if at > 0 else parts[0]
        kind = next((k for w in re.findall(r"[a-z]+", described.lower()) if (
            k := KIND_WORDS.get(w, "")) not in ("", "any", "row", "study")), "")
        # ("... a miRNA to switch on a transcription factor. which one, and what other
        # gene is co-targeted with it ...?": "other gene" says it is a gene)
        other = re.search(r"\bother\s+([a-z]+)", last.lower())
        if other and KIND_WORDS.get(other.group(1), "") not in ("", "any", "row", "study"):
            kind = KIND_WORDS[other.group(1)]
        found = [n for n in found if kind_of(n, self._lexicon()) == kind] or found \
            if kind else found
        if not found:
            return draft
        if named:  # (rows of other things of that kind go; one of the thing found answers)
            draft = replace(draft, units=tuple(
                u for i, u in enumerate(draft.units) if i == 0 or u.passage.kind != "table_row"
                or found[0].lower() in u.display.lower()))
            if any(u.passage.kind == "table_row" for u in draft.units[1:]):
                return draft
        # ("... a particular exosomal miRNA. What year does Table 1 give for that miRNA?")
        sub = last[:noun.start()] + found[0] + last[noun.end():] if noun else \
            _BRIDGE_PRONOUN_RE.sub(lambda m: f"{found[0]}'s" if m.group().lower() in (
                "its", "their") else found[0], last, count=1)
        if named is not None and noun is None and named.start() < at:
            # (the statement naming it goes along: "14-3-3 ζ is also shipped in HCC
            # exosomes - what does 14-3-3 ζ do there?")
            start = max(question.rfind(c, 0, named.start()) for c in ".?!;") + 1
            said = question[start:at].strip(" -–—,:")
            sub = f"{said.replace(named.group(), found[0], 1)}: {sub}"
        # read and retrieved again, as a question of its own, for the thing found
        reading = self._reading(sub, Resolved(sub))
        again = self._text_draft(sub, {**state, **reading, "retrieved": self.retriever.retrieve(
            reading["expanded"], dense_query=sub, k=state["k"])})
        have = {u.quote for u in [*draft.units, *draft.tail]}
        pick = [u for u in again.units if u.quote not in have][:1]
        if again.abstained or not pick:
            return draft
        if draft.abstained:  # the first step found the thing; the second answers for it
            return replace(draft, units=(draft.units[0], *pick), tail=(), abstained=False,
                           partial=False, lead="")
        # (the first step's sentence found the thing; the sentences after it answered the
        # question as first read, and give way to the second step's within the cap)
        kept = list(draft.units)
        while len(kept) > 1 and sum(len(u.display.split()) for u in [*kept, *draft.tail,
                                                                       *pick]) \
                > self.settings.answer.max_words - 10:
            kept.pop()
        return replace(draft, units=tuple(kept), tail=(*draft.tail, *pick))

    def _verify(self, state: dict[str, Any]) -> Answer:
        t = time.perf_counter()
        draft: Draft = state["draft"]
        retrieved: list[Retrieved] = state["retrieved"]
        # The check every answerer shares: a unit whose quote is not an exact span of
        # its passage is dropped, never shown as cited.
        units = [u for u in draft.units if quote_is_exact(u.quote, u.passage)]
        tail = [u for u in draft.tail if quote_is_exact(u.quote, u.passage)]
        dropped = len(draft.units) + len(draft.tail) - len(units) - len(tail)
        abstained = draft.abstained or not units
        citations: list[Citation] = []
        parts: list[str] = []
        cited_at: dict[str, int] = {}  # passage id -> its citation's place
        if not abstained or (draft.partial and units):
            for u in [*units, *tail]:
                i = cited_at.get(u.passage.id)
                if i is None:
                    i = cited_at[u.passage.id] = len(citations)
                    citations.append(Citation(marker=f"[{i + 1}]", passage_id=u.passage.id,
                                              quote=u.quote, passage=u.passage,
                                              references=self.references_of(u.passage)))
                else:  # a second sentence of a cited passage: the quote spans both
                    citations[i] = replace(citations[i], quote=_spanning(
                        u.passage.text, citations[i].quote, u.quote))
                parts.append(f"{u.display} {citations[i].marker}{ref_note(u.passage, u.quote)}")
            parts, after = parts[:len(units)], parts[len(units):]
            if draft.lead and draft.joiner == "; ":
                text = draft.lead + " " + "; ".join(parts) + "."
            elif draft.lead:
                text = draft.lead + " " + draft.joiner.join(parts)
            else:
                text = " ".join(parts)
            text = " ".join([text, *after])  # sentences for asks a table answer leaves
            units += tail
        else:
            text = ABSTAIN_TEXT
        if citations:
            retrieved = rerank_by_citations(
                retrieved, [c.passage for c in citations],
                self.companions.of_cited([c.passage for c in citations]))
        timings = state["timings"]
        timings["verify_ms"] = _ms(t)
        timings["total_ms"] = _ms(timings.pop("t0"))
        resolved = state.get("resolved")
        notice = resolved.note if resolved is not None else ""
        if state.get("claimed") and resolved is not None and not resolved.told:
            # (a question read as a claim the conversation made shows that claim; which
            # name "it" might have been is no longer the reading: "journal?" after an
            # answer quoting "Low dCK, ... high RRM1/RRM2 ..." assumed no RRM2 over RRM1)
            notice = ""
        if abstained and draft.reason:
            notice += f" Abstained: {draft.reason}."
        if dropped:
            notice += f" {dropped} sentence(s) failed the citation check and were dropped."
        answer = Answer(
            question=state["question"],
            text=text,
            citations=tuple(citations),
            abstained=abstained,
            retrieved=tuple(retrieved),
            standalone_question=state.get("shown") or state["standalone"],
            timings=timings,
            notice=notice.strip(),
            readings=tuple(state.get("readings", ())),
            support=dict(draft.features),
        )
        # -- LLM answerer (qa/llm.py): its sentences in order, unsupported ones flagged
        if state.get("llm_outcome") is not None:
            answer = finish_answer(answer, state["llm_outcome"])
        return answer


# "what span of years do the studies cover?", "the range of years", "years covered"
_SPAN_RE = re.compile(r"\b(?:span|range)\s+of\s+(?:publication\s+)?years?\b|\byears?\s+"
                      r"(?:span|range|covered)\b|\bwhich\s+years\b.*\bcover", re.I)


def _two_dated(first: tuple[int, Unit] | None, second: tuple[int, Unit] | None,
               lead: Callable[[int, int], str]) -> Draft | None:
    """Two dated things as a draft: the lead their years make, then each year's evidence
    (once when one piece dates both); None when either has no year."""
    if first is None or second is None:
        return None
    (year_a, unit_a), (year_b, unit_b) = first, second
    units = (unit_a,) if unit_a.quote == unit_b.quote else (unit_a, unit_b)
    return Draft(units, False, lead=lead(year_a, year_b), joiner=" ", coverage=1.0)


def _within_cap(answer: Answer, cap: int) -> Answer:
    """The answer cut after its last citation marker that keeps it within `cap` words
    (markers not counted); as it is when one citation is left or no cut is clean."""
    def words(text: str) -> int:  # (as the eval counts them: tokens with a letter or digit)
        return sum(1 for t in re.sub(r"\[[\d,\s\-–]+\]", " ", text).split()
                   if any(ch.isalnum() for ch in t))

    return shorten_while(answer, lambda a: words(a.text) > cap)


# "which of A, B and C <predicate>?", "which one of A or B ...": a choice among names.
_CHOICE_RE = re.compile(
    r"^\s*(?:which|what)\s+(?:one\s+)?of\s+((?:[\w\-+]+(?:\s+[\w\-+]+){0,3}\s*,\s*)*"
    r"[\w\-+]+(?:\s+[\w\-+]+){0,3}\s+(?:and|or)\s+[\w\-+]+(?:\s+[\w\-+]+){0,3}?)\s+"
    r"((?:is|are|was|were|has|have|had|does|do|did|can|could|will|would|\w+s|\w+ed|"
    # (English irregular pasts: "which of A and B came from patient sera?")
    r"came|come|went|got|gave|made|took|led|drove|bound|held|kept|began|grew|brought|"
    r"showed|shown|found|told|left|lost|met|ran|saw|sent|set|won)\b.*)$",
    re.I)


# A count stated in words or digits ("10 included in vivo experiments", "only two")
_COUNT_WORD_RE = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|"
                            r"eleven|twelve|a\s+(?:few|handful)|most|half)\b", re.I)


# A question's opening word that asks (a fragment has none: "hazard ratio?")
_ASKING_WORD_RE = re.compile(r"\W*(?:what|which|how|who|whom|whose|when|where|why|is|are|was|"
                             r"were|do|does|did|can|could|has|have|had|will|would|should)\b",
                             re.I)
_TABLE_NUMBER_RE = re.compile(r"\b(?:table|figure)\s+\d+\b", re.I)  # (no count)


def _commonest(groups: list[tuple[str, list[Passage]]],
               ) -> tuple[int, list[tuple[str, list[Passage]]], list[tuple[str, list[Passage]]]]:
    """(how many rows the first group has, the groups with that many (a tie: each so
    counted), the rest) of groups sorted commonest (or rarest) first."""
    n = len(groups[0][1])
    top = [(v, rows) for v, rows in groups if len(rows) == n]
    return n, top, groups[len(top):]


def _draft_score(draft: Any) -> float:
    """How well a draft answers: abstentions lowest, then the answerability model's
    probability (a table answer, chosen structurally, counts as sure)."""
    if draft is None or draft.abstained:
        return -1.0 if draft is None or not getattr(draft, "partial", False) else -0.5
    return float(draft.features.get("p_answerable", 1.0))


def rerank_by_citations(retrieved: list[Retrieved], cited: list[Passage],
                        companions: list[Passage] | None = None) -> list[Retrieved]:
    """The rerank step: the passages the answer cites lead the evidence list, in citation
    order (the answerer read them sentence by sentence, a finer test than the fused
    ranking's; a cited table row the ranking missed joins it), then their `companions`
    (qa/companions.py: the text discussing a cited row's study); the rest keep their
    order. Scores stay descending. Companions take places, they do not add any: the
    list grows only by cited passages the ranking missed."""
    by_id = {r.passage.id: r for r in retrieved}
    limit = len(retrieved) + len({p.id for p in cited} - set(by_id))
    top = max((r.score for r in retrieved), default=0.0)
    lead: list[Retrieved] = []
    for p in [*cited, *(companions or ())]:
        if p.id in {r.passage.id for r in lead}:
            continue
        base = by_id.get(p.id) or Retrieved(passage=p, score=0.0)
        lead.append(replace(base, score=top + 1.0 / (1 + len(lead))))
    lead_ids = {r.passage.id for r in lead}
    return (lead + [r for r in retrieved if r.passage.id not in lead_ids])[:limit]


def _spanning(text: str, a: str, b: str) -> str:
    """The exact span of `text` from the first of two quotes in it to the end of the
    later one ("These exosomes ..." after the sentence before it: one quote for both)."""
    i, j = text.find(a), text.find(b)
    if i < 0 or j < 0:
        return a
    return text[min(i, j): max(i + len(a), j + len(b))]


_BRIDGE_PRONOUN_RE = re.compile(r"\b(?:it|its|they|them|their)\b", re.I)
# ... or a thing of a kind the premise described: "that miRNA", "this protein"
_BRIDGE_NOUN_RE = re.compile(r"\b(?:that|this)\s+(?:same\s+)?(?:" + "|".join(
    k for k, v in KIND_WORDS.items() if v not in ("any", "row", "study") and not k.endswith("s"))
    + r")\b", re.I)


# "what does pIgR do", "the role of miR-21", "how does S100A10 work", "pIgR's function"
_ROLE_ASK_RE = re.compile(
    r"\bwhat\s+(?:does|do|did)\s+(?:exosomal\s+)?[\w-]+\s+do\b|\b(?:role|function)s?\s+of\b"
    r"|\bhow\s+(?:does|do)\s+(?:exosomal\s+)?[\w-]+\s+work\b|'s\s+(?:role|function)\b", re.I)


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000.0


def _wordpiece_counter(embeddings: Any) -> Callable[[str], int] | None:
    """Counts the model tokenizer's word pieces for a word, when the model has one
    (`SentenceTransformerEmbeddings.word_pieces`: one tokenizer use at a time)."""
    pieces = getattr(embeddings, "word_pieces", None)
    if not callable(pieces):
        return None

    @lru_cache(maxsize=4096)
    def count(word: str) -> int:
        return int(pieces(word))

    return count

