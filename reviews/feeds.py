"""Atom feeds of published reviews: all of them, of one film, of one theme.

Items come from `reviews.selectors.review_list`, so a feed shows what the
pages show and nothing else.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from films.models import Film
from reviews import selectors

FEED_ITEMS = 30


class LatestReviewsFeed(Feed):
    feed_type = Atom1Feed
    title = "Escape · latest film reviews"
    subtitle = "Critics' reviews and essays, newest first."

    def link(self, obj=None):
        return reverse("reviews:review_list")

    def reviews(self, obj):
        return selectors.review_list()

    def items(self, obj=None):
        return self.reviews(obj)[:FEED_ITEMS]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.excerpt or item.body[:500]

    def item_author_name(self, item):
        return item.byline or item.outlet or None

    def item_pubdate(self, item):
        if item.published_on:
            return datetime.datetime.combine(
                item.published_on, datetime.time(), tzinfo=datetime.UTC
            )
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]

    def feed_updated(self):
        return timezone.now()


class FilmReviewsFeed(LatestReviewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Film.objects.visible(), slug=slug)

    def title(self, obj):
        return f"Escape · reviews of {obj}"

    def subtitle(self, obj):
        return f"Published reviews of {obj}, newest first."

    def link(self, obj):
        return f"{reverse('reviews:review_list')}?film={obj.slug}"

    def reviews(self, obj):
        return selectors.review_list().filter(film=obj)


class ThemeReviewsFeed(LatestReviewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(selectors.theme_list(), slug=slug)

    def title(self, obj):
        return f"Escape · reviews about {obj.name.lower()}"

    def subtitle(self, obj):
        return f"Published reviews tagged {obj.name}, newest first."

    def link(self, obj):
        return f"{reverse('reviews:review_list')}?theme={obj.slug}"

    def reviews(self, obj):
        return selectors.review_list().filter(themes=obj)
