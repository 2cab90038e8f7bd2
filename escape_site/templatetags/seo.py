"""What every public page says about itself to machines: its canonical
address, and schema.org JSON-LD built from the objects the page shows.

JSON-LD is escaped the way ``json_script`` escapes (``<``, ``>`` and ``&`` as
``\\uXXXX``), so no text of a review can close the script element.
"""

import json

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

register = template.Library()

SITE_NAME = "Escape · film reviews"
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _absolute(context, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The page's address without its query string, but for a page number
    beyond the first (a filtered or sorted list is the same page)."""
    request = context.get("request")
    if request is None:
        return ""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1 and len(page) < 7:
        url += f"?page={int(page)}"
    return url


@register.simple_tag(takes_context=True)
def absolute(context, path: str) -> str:
    return _absolute(context, path)


@register.filter
def ld_json(data) -> str:
    """``data`` as a JSON-LD script element (empty for no data)."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def _ld(data: dict) -> dict:
    return {"@context": "https://schema.org", **data}


def _person(context, person) -> dict:
    return {
        "@type": "Person",
        "name": person.name,
        "url": _absolute(context, person.get_absolute_url()),
    }


def _movie(context, film, *, cast=(), directors=(), score=None) -> dict:
    data = {
        "@type": "Movie",
        "name": film.title,
        "url": _absolute(context, film.get_absolute_url()),
    }
    if film.year:
        data["dateCreated"] = str(film.year)
    if film.synopsis:
        data["description"] = film.synopsis
    if directors:
        data["director"] = [_person(context, p) for p in directors]
    if cast:
        data["actor"] = [_person(context, credit.person) for credit in cast]
    if score and score.get("rated"):
        # This site's own reviews, rated by their tone from -1 to 1.
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": round(score["average"], 2),
            "bestRating": 1,
            "worstRating": -1,
            "ratingCount": score["rated"],
            "reviewCount": score["count"],
        }
    return data


@register.simple_tag(takes_context=True)
def movie_jsonld(context, film, cast=(), directors=(), score=None) -> str:
    return ld_json(
        _ld(_movie(context, film, cast=cast, directors=directors, score=score))
    )


@register.simple_tag(takes_context=True)
def review_jsonld(context, review) -> str:
    data = {
        "@type": "Review",
        "name": review.headline,
        "url": _absolute(context, review.get_absolute_url()),
        "itemReviewed": _movie(context, review.film),
    }
    if review.excerpt:
        data["description"] = review.excerpt
    if review.byline:
        data["author"] = {"@type": "Person", "name": review.byline}
    elif review.outlet:
        data["author"] = {"@type": "Organization", "name": review.outlet}
    if review.outlet:
        data["publisher"] = {"@type": "Organization", "name": review.outlet}
    if review.published_on:
        data["datePublished"] = review.published_on.isoformat()
    if review.tone_score is not None:
        data["reviewRating"] = {
            "@type": "Rating",
            "ratingValue": round(review.tone_score, 2),
            "bestRating": 1,
            "worstRating": -1,
            "ratingExplanation": f"Tone: {review.get_tone_display() or 'unrated'}",
        }
    return ld_json(_ld(data))


@register.simple_tag(takes_context=True)
def person_jsonld(context, person) -> str:
    data = _person(context, person)
    if person.aliases:
        data["alternateName"] = list(person.aliases)
    return ld_json(_ld(data))


@register.simple_tag(takes_context=True)
def character_jsonld(context, character, credits=()) -> str:
    """A character as the role an actor plays in a film (schema.org has no
    fictional-character type)."""
    roles = [
        {
            "@type": "PerformanceRole",
            "characterName": character.name,
            "actor": _person(context, credit.person),
        }
        for credit in credits
    ] or [{"@type": "PerformanceRole", "characterName": character.name}]
    data = {
        "@type": "WebPage",
        "name": f"{character.name} in {character.film}",
        "url": _absolute(context, context["request"].path),
        "about": {**_movie(context, character.film), "actor": roles},
    }
    return ld_json(_ld(data))


def _place(context, place, *, parents=()) -> dict:
    data = {
        "@type": "Place",
        "name": place.name,
        "url": _absolute(context, place.get_absolute_url()),
    }
    if place.aliases:
        data["alternateName"] = list(place.aliases)
    if place.latitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    if parents:
        data["containedInPlace"] = _place(context, parents[0], parents=parents[1:])
    return data


@register.simple_tag(takes_context=True)
def place_jsonld(context, place, parents=()) -> str:
    return ld_json(_ld(_place(context, place, parents=list(parents))))


@register.simple_tag(takes_context=True)
def collection_jsonld(context, name, items=(), page_type="CollectionPage") -> str:
    """A list page: its name and the addresses of the items it shows."""
    data = {
        "@type": page_type,
        "name": name,
        "url": _absolute(context, context["request"].path),
    }
    urls = [_absolute(context, item.get_absolute_url()) for item in items]
    if urls:
        data["mainEntity"] = {
            "@type": "ItemList",
            "numberOfItems": len(urls),
            "itemListElement": [
                {"@type": "ListItem", "position": i, "url": url}
                for i, url in enumerate(urls, start=1)
            ],
        }
    return ld_json(_ld(data))


@register.simple_tag(takes_context=True)
def website_jsonld(context) -> str:
    """The home page: the site, and how to search it."""
    search = _absolute(context, reverse("search"))
    data = {
        "@type": "WebSite",
        "name": SITE_NAME,
        "url": _absolute(context, "/"),
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{search}?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }
    return ld_json(_ld(data))
