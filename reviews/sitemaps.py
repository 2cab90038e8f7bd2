"""Sitemap of published reviews (the same rule as the pages)."""

from django.contrib.sitemaps import Sitemap

from reviews import selectors


class ReviewSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return selectors.review_list().order_by("pk")

    def lastmod(self, item):
        return item.updated_at
