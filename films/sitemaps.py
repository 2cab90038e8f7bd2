"""Sitemaps of the catalogue's visible pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from films import selectors
from films.models import Film


class FilmSitemap(Sitemap):
    priority = 0.8

    def items(self):
        return Film.objects.visible().order_by("pk")  # no counts: nothing reads them


class PersonSitemap(Sitemap):
    def items(self):
        return selectors.person_list().order_by("pk")


class CharacterSitemap(Sitemap):
    def items(self):
        return selectors.character_list().order_by("pk")


class LocationSitemap(Sitemap):
    def items(self):
        return selectors.location_list().order_by("pk")


class IndexSitemap(Sitemap):
    """The home page and the indexes."""

    priority = 0.6
    changefreq = "daily"

    def items(self):
        return [
            "home",
            "films:film_list",
            "reviews:review_list",
            "films:person_list",
            "films:character_list",
            "films:location_list",
        ]

    def location(self, item):
        return reverse(item)
