"""Sitemaps of the catalogue's visible pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from films import selectors


class FilmSitemap(Sitemap):
    priority = 0.8

    def items(self):
        return selectors.film_list().order_by("pk")


class PersonSitemap(Sitemap):
    def items(self):
        return selectors.person_list().order_by("pk")


class CharacterSitemap(Sitemap):
    def items(self):
        return selectors.character_list().order_by("pk")

    def location(self, item):
        return reverse("films:character_detail", kwargs={"slug": item.slug})


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
