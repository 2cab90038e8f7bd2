"""Sentence splitting, and the other extraction passes, on worst-case text.

A document may be up to 2 MB of anything. These tests pin down that the work
each pass does grows in step with the text (counted, never timed), and that
the linear versions give the same results as the rules they replaced:

1. Splitting reads a bounded tail before each full stop, not the whole
   pending sentence (a run of initials was quadratic).
2. VADER's helpers read a window of words, not the whole sentence, and the
   scores do not change (a sentence of sentiment words was quadratic).
3. Name, title, place and credit patterns read each word one way only (some
   words could be read two ways, and a failed match tried every combination).
4. Release words, theme terms and mention lookups: one pass per sentence or
   text, the same answers.

The end-to-end figures for 2 MB documents are in ``bench/bench_worst_case.py``.
"""

import random
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
)

from reviews.importer import text as text_module
from reviews.importer.assess import LinearSentimentAnalyzer, themes_of
from reviews.importer.documents import Document
from reviews.importer.extract import extract_document
from reviews.importer.mentions import _offsets
from reviews.importer.people import _VERB_RE, _WORK_RE, extract_people
from reviews.importer.places import (
    _ALIAS_INNER_RE,
    _LONG_INNER,
    _RELEASE_WORDS,
    _after_release_word,
    extract_filming_locations,
    extract_settings,
)
from reviews.importer.text import (
    CAP,
    MAX_SENTENCE_CHARS,
    longest_matches,
    longest_phrase_from,
    split_sentences,
)
from reviews.importer.titles import _ELISION, find_titles
from reviews.importer.vocabulary import THEMES


def doc(text: str) -> Document:
    return Document(Path("doc.txt"), "doc.txt", "0" * 64, text, {})


# --- 1. Splitting -----------------------------------------------------------


def _inspected_chars(monkeypatch, text: str) -> int:
    """Characters `_ends_with_abbreviation` is given while ``text`` is split."""
    inspected = []
    real = text_module._ends_with_abbreviation

    def counting(tail, *args, **kwargs):
        inspected.append(len(tail))
        return real(tail, *args, **kwargs)

    monkeypatch.setattr(text_module, "_ends_with_abbreviation", counting)
    split_sentences(text)
    monkeypatch.undo()
    return sum(inspected)


@pytest.mark.parametrize(
    "unit",
    ["A. ", "J. Smith, ", "Mr. Dr. St. ", "(K.) ", "A. . . "],
    ids=["initials", "credits", "abbreviations", "bracketed", "dots"],
)
def test_abbreviation_checks_do_work_linear_in_the_text(monkeypatch, unit):
    """Re-reading everything since the last sentence end at each full stop
    made a run of initials quadratic: 6 s at 40 KB, minutes at 1 MB."""
    small = _inspected_chars(monkeypatch, unit * 2_000)
    large = _inspected_chars(monkeypatch, unit * 4_000)
    assert small > 0
    assert large <= 2.2 * small, (small, large)
    # A bounded number of characters per full stop, whatever the text.
    assert large <= 70 * (unit * 4_000).count(".")


def originals(text: str) -> list[str]:
    return [s.original for s in split_sentences(text)]


def test_initials_and_abbreviations_do_not_end_a_sentence():
    assert originals("John F. Kennedy was elected in 1960. He was young.") == [
        "John F. Kennedy was elected in 1960.",
        "He was young.",
    ]
    assert originals("Mr. Smith goes to Washington. Dr. Who does not.") == [
        "Mr. Smith goes to Washington.",
        "Dr. Who does not.",
    ]
    assert originals('She met (Mr. Hale) and "St. Agnes" there. Then rain.') == [
        'She met (Mr. Hale) and "St. Agnes" there.',
        "Then rain.",
    ]


def test_a_long_word_ending_like_an_abbreviation_still_ends_a_sentence():
    # Only the end of the word is inside the tail that is read: it must not
    # be mistaken for the abbreviation it ends with.
    for word in ("q" * 100 + "Mr", "q" * 100 + "A", "(" + "q" * 80 + "Dr"):
        assert originals(f"It was {word}. Then more.") == [
            f"It was {word}.",
            "Then more.",
        ]


def test_a_run_of_initials_is_cut_into_pieces_of_at_most_the_limit():
    text = "A. " * 5_000
    sentences = split_sentences(text)
    assert len(sentences) > 1
    assert all(0 < len(s.original) <= MAX_SENTENCE_CHARS for s in sentences)
    # Cut between initials, never inside one, and nothing is lost.
    assert all(set(s.original.split()) == {"A."} for s in sentences)
    assert " ".join(s.original for s in sentences) == text.strip()


def test_an_over_long_sentence_is_capped():
    text = "The camera lingers on the water " * 200 + "and then it ends."
    sentences = split_sentences(text)
    assert len(sentences) > 5
    assert max(len(s.original) for s in sentences) <= MAX_SENTENCE_CHARS
    assert " ".join(s.original for s in sentences) == " ".join(text.split())


def _reference_split(original: str) -> list[tuple]:
    """The rule as first written: the whole pending sentence is re-read at
    each full stop (quadratic, fine for short texts)."""
    normalised = text_module.normalise(original)
    out: list = []
    start = 0
    for match in text_module._SENTENCE_END_RE.finditer(normalised):
        end = match.end()
        if match.group().startswith("."):
            words = normalised[start:end].rstrip(".\"')] ").split()
            last = words[-1].casefold().lstrip("(\"'") if words else ""
            if last in text_module._ABBREVIATIONS or (
                len(last) == 1 and last.isalpha()
            ):
                continue
        text_module._append_capped(out, original, normalised, start, end)
        start = end
    text_module._append_capped(out, original, normalised, start, len(normalised))
    return [(s.start, s.end, s.text, s.original) for s in out]


_PIECES = st.sampled_from(
    ["Mr", "Dr", "A", "b", "St", "etc", "e.g", "U.S", "word", "Kennedy", "(Mr",
     '"Dr', ".", ". ", "..", " ", "  ", "\t", "\n", "\n\n", '"', "'", ")", "]",
     "[4]", "!", "?", ",", "i.e", "q" * 70 + "Mr", "w" * 61 + " A", "ß", "É"]
)  # fmt: skip


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=120).map("".join))
def test_reading_a_tail_splits_like_reading_the_whole_sentence(text):
    assert [
        (s.start, s.end, s.text, s.original) for s in split_sentences(text)
    ] == _reference_split(text)


# --- 2. Sentiment -------------------------------------------------------------

_LIBRARY = SentimentIntensityAnalyzer()
_LINEAR = LinearSentimentAnalyzer()
_SENTIMENT_WORDS = (
    ["but", "BUT", "no", "never", "so", "this", "without", "doubt", "least", "at",
     "very", "kind", "of", "or", "nor", "the", "a", "film", "GOOD", "good", "bad",
     "!", "??", "isn't", "sad", "happy", "love", "😀", ":)", "é"]
    + list(BOOSTER_DICT)[:30]
    + NEGATE[:20]
    + [w for phrase in SPECIAL_CASES for w in phrase.split()]
    + sorted(_LIBRARY.lexicon)[::400]
)  # fmt: skip


@hypothesis_settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SENTIMENT_WORDS), max_size=60).map(" ".join))
def test_sentiment_scores_are_the_librarys(sentence):
    assert _LINEAR.polarity_scores(sentence) == _LIBRARY.polarity_scores(sentence)
    assert _LINEAR.compound(sentence) == _LIBRARY.polarity_scores(sentence)["compound"]


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["x", "but", "But"]), min_size=1, max_size=30),
    st.data(),
)
def test_the_but_rule_is_the_librarys_step_for_step(words, data):
    # Repeated scores are where the library's list.index and a position
    # index could part ways.
    values = st.sampled_from([0, 0.0, 1.9, 3.8, 0.95, -1.9, 2.85, 1.425, -3.8])
    scores = data.draw(st.lists(values, min_size=len(words), max_size=len(words)))
    expected = SentimentIntensityAnalyzer._but_check(words, list(scores))
    actual = LinearSentimentAnalyzer._but_check(words, list(scores))
    assert actual == expected
    assert [type(v) for v in actual] == [type(v) for v in expected]


def test_sentiment_rules_read_a_window_of_words(monkeypatch):
    """The library lower-cased the whole sentence for every sentiment word."""
    widths = []
    real = SentimentIntensityAnalyzer._special_idioms_check

    def recording(valence, words, i):
        widths.append(len(words))
        return real(valence, words, i)

    monkeypatch.setattr(
        SentimentIntensityAnalyzer, "_special_idioms_check", staticmethod(recording)
    )
    sentence = " ".join(["a", "good", "film", "but", "not", "bad"] * 60)
    score = _LINEAR.compound(sentence)
    monkeypatch.undo()
    assert widths and max(widths) <= 6
    assert score == _LIBRARY.polarity_scores(sentence)["compound"]


# --- 3. Patterns read each word one way ---------------------------------------


def test_names_are_still_read_whole():
    """CAP's small letters are possessive: a name never ends inside a word."""
    assert "*+" in CAP and "++" in CAP
    sentences = split_sentences(
        "Jean-Luc McAuley plays Inspector O'Brien. Ana María de la Cruz "
        "(Łucja Ébert) is superb."
    )
    credits, pairs, _ = extract_people(sentences, set())
    found = {(c.person, c.character) for c in credits} | {
        (p.right, p.left) for p in pairs
    }
    assert ("Jean-Luc McAuley", "Inspector O'Brien") in found
    assert {"Ana María de la Cruz", "Łucja Ébert"} & {n for pair in found for n in pair}


def test_a_capital_elision_is_read_as_part_of_the_title_word():
    """ "D'Aaa" was both an elision and a title word: 2**n readings of n."""
    assert re.fullmatch(_ELISION, "L'") is None
    assert re.fullmatch(_ELISION, "d'")
    text = (
        "Unlike L'Avventura (1960) and Chant d'Amour (1950), it borrows from "
        "Der Himmel über Berlin (1987)."
    )
    with_year, _, _, _ = find_titles(split_sentences(text))
    assert set(with_year) == {
        ("L'Avventura", 1960),
        ("Chant d'Amour", 1950),
        ("Der Himmel über Berlin", 1987),
    }


def test_compound_credit_phrases_are_left_to_the_list():
    """ "written and directed" was one phrase and also a list of two."""
    assert r"written\s+and\s+directed" not in _WORK_RE.pattern
    assert r"wrote\s+and\s+directed" not in _VERB_RE.pattern
    facts = extract_document(
        doc(
            "The film was written and directed by Jane Roe. Tom Hale wrote and "
            "directed the film."
        )  # fmt: skip
    )
    roles = {(c.person, c.role) for c in facts.credits}
    assert {("Jane Roe", "writer"), ("Jane Roe", "director")} <= roles
    assert {("Tom Hale", "writer"), ("Tom Hale", "director")} <= roles


def test_alias_joining_words_are_read_one_way():
    """A short joining word ("de") was both a known joiner and a short word."""
    assert all(len(word) > 4 for word in _LONG_INNER.split("|"))
    for alias in ("Museo de la Ciudad", "Céibh an Chapaill", "Musée royale des Arts"):
        assert _ALIAS_INNER_RE.search(f"({alias})")["name"] == alias
    sentence = split_sentences(
        "Filming took place in Lyon (Ville de la Lumière), notably at the Old Port."
    )[0]
    places = {f.name: f.aliases for f in extract_filming_locations(sentence)}
    assert places["Lyon"] == ("Ville de la Lumière",)


# --- 4. One pass per sentence or text -----------------------------------------

_RELEASE_RE = re.compile(rf"{_RELEASE_WORDS}[^,;]*$", re.IGNORECASE)


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "premiered",
                "Released",
                "shown",
                "festival",
                "in",
                "Lyon",
                ",",
                ";",
                "the",
                "screening",
                "sold",
                "x",
                "to",
            ]
        ),  # fmt: skip
        max_size=40,
    ).map(" ".join)
)
def test_the_release_word_test_is_the_regexs(text):
    """Searching the text before each place again was quadratic."""
    follows = _after_release_word(text)
    for match in re.finditer(r"\b\w", text):  # places start a word
        position = match.start()
        assert follows(position) == bool(_RELEASE_RE.search(text, 0, position))


def test_places_after_a_release_word_in_the_same_clause_are_not_settings():
    sentence = split_sentences(
        "It premiered in Venice and was shown in Cannes, then travels to Lyon."
    )[0]
    assert [f.name for f in extract_settings(sentence)] == ["Lyon"]


@hypothesis_settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "marriage",
                "MARRIAGE",
                "marriages",
                "art",
                "start",
                "grief",
                "griefs",
                "self-discovery",
                "mental health",
                "war",
                "warden",
                "kids",
                "x",
                ",",
                "ſex",
                "Kids",
            ]
        ),  # fmt: skip
        max_size=200,
    ).map(" ".join)
)
def test_themes_are_those_of_one_flat_alternation(text):
    parts = [
        rf"\b{re.escape(term)}\b" if len(term) <= 4 else rf"\b{re.escape(term)}"
        for terms in THEMES.values()
        for term in terms
    ]
    flat = re.compile("|".join(sorted(parts, key=len, reverse=True)), re.I)
    theme_of = {t.casefold(): theme for theme, ts in THEMES.items() for t in ts}
    hits: dict[str, int] = {}
    for match in flat.finditer(text):
        theme = theme_of[match.group().casefold()]
        hits[theme] = hits.get(theme, 0) + 1
    needed = max(2, max(text_module.word_count(text), 1) // 300)
    expected = sorted((t for t, n in hits.items() if n >= needed),
                      key=lambda t: (-hits[t], t))[:5]  # fmt: skip
    assert themes_of(text) == expected


def _reference_longest_matches(words, longest_from, lookup):
    i = 0
    while i < len(words):
        for n in range(min(longest_from.get(words[i], 0), len(words) - i), 0, -1):
            value = lookup(tuple(words[i : i + n]))
            if value is not None:
                yield i, value
                i += n
                break
        else:
            i += 1


def test_phrase_matching_visits_only_words_that_start_a_phrase():
    rng = random.Random(3)
    phrases = {("a", "b"): 1, ("b",): 2, ("a", "b", "c"): 3, ("c", "a"): 4}
    longest = longest_phrase_from(phrases)
    for _ in range(300):
        words = [rng.choice("abcx") for _ in range(rng.randint(0, 30))]
        assert list(longest_matches(words, longest, phrases.get)) == list(
            _reference_longest_matches(words, longest, phrases.get)
        )
    looked_up = []

    def lookup(key):
        looked_up.append(key)
        return phrases.get(key)

    list(longest_matches(["x"] * 10_000 + ["b"], longest, lookup))
    assert looked_up == [("b",)]


def test_mention_offsets_are_read_only_as_far_as_needed():
    text = "alpha beta-gamma  delta epsilon"
    assert _offsets(text, {"b": 1, "d": 3, "a": 0}) == {"a": 0, "b": 6, "d": 24}
