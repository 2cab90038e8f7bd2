"""Highlighted snippets: the passage of a text holding most of the searched
words, escaped, with each match in ``<mark>``.

Done in Python on the few rows shown, the same on every database, and
matching words as the index does (case and accents ignored, the last word a
prefix), so what is marked is what matched.
"""

import unicodedata
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.words import MIN_PREFIX, WORD


@lru_cache(maxsize=4096)
def fold(word: str) -> str:
    """``word`` without accents, case-folded ("Musée" -> "musee")."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _matcher(words: list[str]):
    folded = [fold(word) for word in words]
    exact = set(folded)
    prefix = folded[-1] if folded and len(folded[-1]) >= MIN_PREFIX else None

    def matches(token: str) -> bool:
        token = fold(token)
        return token in exact or (prefix is not None and token.startswith(prefix))

    return matches


def highlight(text: str, words: list[str], *, size: int | None = 30) -> SafeString:
    """``text`` (or its ``size``-word passage with most matches), escaped,
    with the words matching ``words`` marked; "…" shows where it was cut."""
    text = text or ""
    tokens = list(WORD.finditer(text))
    matches = _matcher(words)
    hits = [matches(token.group()) for token in tokens]
    start, end = 0, len(tokens)
    if size is not None and len(tokens) > size:
        best, count = 0, sum(hits[:size])
        most = count
        for first in range(1, len(tokens) - size + 1):
            count += hits[first + size - 1] - hits[first - 1]
            if count > most:
                best, most = first, count
        start, end = best, best + size
    if not tokens:
        return escape(text)
    begin = 0 if start == 0 else tokens[start].start()
    finish = len(text) if end == len(tokens) else tokens[end - 1].end()
    out, position = [], begin
    for token, hit in zip(tokens[start:end], hits[start:end], strict=True):
        if hit:
            out.append(escape(text[position : token.start()]))
            out.append(f"<mark>{escape(token.group())}</mark>")
            position = token.end()
    out.append(escape(text[position:finish]))
    html = "".join(out).strip()
    if begin > 0:
        html = "… " + html
    if finish < len(text):
        html += " …"
    return mark_safe(html)  # noqa: S308 - every piece of text is escaped above
