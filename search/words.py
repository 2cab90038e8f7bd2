"""How a query is read: words of letters and digits; everything else (quotes,
operators, punctuation, control characters) only separates words."""

import re

MAX_WORDS = 10
MAX_WORD_LENGTH = 64
# A last word this short matches too many words as a prefix to be useful.
MIN_PREFIX = 3

WORD = re.compile(r"[^\W_]+")


def query_words(query: str) -> list[str]:
    """The words of ``query`` that are searched for (at most ``MAX_WORDS``)."""
    return [word[:MAX_WORD_LENGTH] for word in WORD.findall(query)][:MAX_WORDS]


def is_prefix(words: list[str], index: int) -> bool:
    """Whether ``words[index]`` is matched as a prefix (the last, long enough)."""
    return index == len(words) - 1 and len(words[index]) >= MIN_PREFIX
