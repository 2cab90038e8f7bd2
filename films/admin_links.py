"""Links between admin pages, for read-only fields and changelist columns."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join


def admin_change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def admin_change_link(obj, label=None):
    """An HTML link to ``obj``'s admin change page, or "-" without an object."""
    if obj is None:
        return "-"
    return format_html(
        '<a href="{}">{}</a>', admin_change_url(obj), obj if label is None else label
    )


def admin_changelist_url(model, **filters) -> str:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    if not filters:
        return url
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    return f"{url}?{query}"


def link_list(rows, *, total: int, more_url: str):
    """A list of links to ``rows``' admin pages, with a link to all ``total``
    of them when ``rows`` is only the first few."""
    if not rows:
        return "-"
    items = format_html_join(
        "", "<li>{}</li>", ((admin_change_link(row),) for row in rows)
    )
    more = ""
    if total > len(rows):
        more = format_html('<li><a href="{}">All {}</a></li>', more_url, total)
    return format_html('<ul class="admin-links">{}{}</ul>', items, more)


class PublicPageMixin:
    """ "View on site" only for a row whose public page visitors can open: an
    imported entry no public evidence backs yet (``visible()``) would answer
    404. ``public_page_of`` names the relation whose page the row links to
    (a credit's person); None: the row's own page."""

    public_page_of: str | None = None

    def view_on_site(self, obj):
        page = obj if self.public_page_of is None else getattr(obj, self.public_page_of)
        if not type(page)._default_manager.visible().filter(pk=page.pk).exists():
            return None  # no link
        return obj.get_absolute_url()
