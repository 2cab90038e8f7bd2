"""``{% search_snippet review query %}``: the passage of a review matching a
search, highlighted (escaped, matches in ``<mark>``)."""

from django import template

from search.engine import review_snippet
from search.words import query_words

register = template.Library()


@register.simple_tag
def search_snippet(review, query: str):
    return review_snippet(review, query_words(query or ""))
