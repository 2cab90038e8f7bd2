"""Public review pages: thin views over the selectors. Visitors only ever see
`Review.objects.published()`, filtered by the one `ReviewFilter`."""

import re

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from reviews import selectors
from reviews.filters import DEFAULT_ORDERING, ORDERING_CHOICES, RELEVANCE
from reviews.models import Mention, Review, ReviewStatus

# The filters a visitor sets, in the order their chips are shown, with the
# name each is shown under.
FILTER_LABELS = {
    "q": "Text",
    "tone": "Tone",
    "theme": "Theme",
    "film": "Film",
    "kind": "Kind",
    "featured": "Featured",
    "person": "Person",
    "character": "Character",
    "location": "Place",
    "outlet": "Outlet",
    "byline": "Critic",
    "published_after": "Published after",
    "published_before": "Published before",
}
CHIP_LENGTH = 60  # characters of a value shown in a chip or an error


MAX_PAGES = 50  # of a list: past them, visitors refine their filters


class BoundedPaginator(Paginator):
    """Pages of a list whose ``total`` is known (cached), at most
    ``MAX_PAGES`` of them: a deep page would make the database skip every row
    before it, and nobody reads page 4,000; the first pages of a narrower
    filter serve them better."""

    def __init__(self, object_list, per_page, *, total: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.total = total

    @cached_property
    def count(self) -> int:
        return min(self.total, MAX_PAGES * self.per_page)

    @property
    def bounded(self) -> bool:
        """Whether reviews lie beyond the last page offered."""
        return self.total > self.count


class ReviewListView(ListView):
    """Published reviews, filtered by the query string, with facet counts,
    removable chips for the active filters, and numbered pages that keep the
    filters, up to `MAX_PAGES` (past them a hint says to refine the filters).
    A bad value is shown as a form error with no results; a page beyond the
    last answers 404 with the same page and a way back."""

    template_name = "reviews/review_list.html"
    paginate_by = 20
    missing_page = None

    def get_paginator(self, queryset, per_page, orphans=0, **kwargs):
        total = selectors.review_count(self.filterset, queryset)
        return BoundedPaginator(queryset, per_page, total=total, orphans=orphans)

    def get_queryset(self):
        self.filterset = selectors.review_filter(self.request.GET)
        if not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def paginate_queryset(self, queryset, page_size):
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:
            self.missing_page = Truncator(self.request.GET.get("page", "")).chars(12)
            paginator = self.get_paginator(queryset, page_size)
            return paginator, paginator.page(1), [], False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        facets = selectors.cached_review_facets(filterset)
        paginator, page = context["paginator"], context["page_obj"]
        context.update(
            filter=filterset,
            facets=facets,
            chips=active_filters(self.request, facets),
            errors=filter_errors(filterset),
            error_names=list(filterset.errors),
            values={
                name: self.request.GET.get(name, "")[: CHIP_LENGTH * 4]
                for name in ("q", "published_after", "published_before")
            },
            orderings=ORDERING_CHOICES,
            ordering=current_ordering(filterset),
            total=paginator.total,
            max_pages=MAX_PAGES,
            hidden_offset=-paginator.count,
            page_range=(
                paginator.get_elided_page_range(page.number, on_each_side=2)
                if context["is_paginated"]
                else []
            ),
            missing_page=self.missing_page,
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.missing_page is not None:
            response_kwargs["status"] = 404
        return super().render_to_response(context, **response_kwargs)


def current_ordering(filterset) -> str:
    """The ordering in force: the chosen one, else best match for a search,
    else newest (as `ReviewFilter.qs` orders)."""
    cleaned = getattr(filterset.form, "cleaned_data", {})
    if cleaned.get("ordering"):
        return cleaned["ordering"]
    return RELEVANCE if cleaned.get("q") else DEFAULT_ORDERING


def active_filters(request, facets) -> list[dict]:
    """A chip per active filter value: its label and the address of the same
    list without it (and back on page 1)."""
    chips = []
    for name, label in FILTER_LABELS.items():
        for value in request.GET.getlist(name):
            if not value.strip():
                continue
            remaining = request.GET.copy()
            remaining.setlist(name, [v for v in remaining.getlist(name) if v != value])
            remaining.pop("page", None)
            options = {option.value: option.label for option in facets.get(name, [])}
            shown = options.get(value) or options.get(value.lower(), value)
            if name == "q":
                shown = f"“{value}”"
            chips.append(
                {
                    "name": name,
                    "label": f"{label}: {Truncator(shown).chars(CHIP_LENGTH)}",
                    "url": f"?{remaining.urlencode()}" if remaining else "?",
                }
            )
    return chips


def filter_errors(filterset) -> list[dict]:
    """The form's errors, each with the filter's label and the value refused."""
    errors = []
    for name, messages in filterset.errors.items():
        value = filterset.data.get(name, "")
        errors.append(
            {
                "name": name,
                "label": FILTER_LABELS.get(name, name.capitalize()),
                "value": Truncator(value).chars(CHIP_LENGTH),
                "messages": list(messages),
            }
        )
    return errors


class ReviewDetailView(DetailView):
    template_name = "reviews/review_detail.html"

    def get_queryset(self):
        return selectors.review_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = self.object
        mentions = list(review.mentions.all())
        groups = {kind: [] for kind, _ in Mention.Kind.choices}
        for mention in mentions:
            groups[mention.kind].append((mention, mention.target.get_absolute_url()))
        context.update(
            mention_groups=[
                (label, groups[kind])
                for kind, label in MENTION_HEADINGS
                if groups[kind]
            ],
            body=linked_body(review.body, mentions),
            related=selectors.related_reviews(review),
        )
        return context


@method_decorator(never_cache, name="dispatch")
class ReviewPreviewView(ReviewDetailView):
    """A review as visitors will see it, whatever its status, for staff who
    may view reviews: the admin's "view on site" for a review that is not
    public. Never cached, never indexed. A review that is public redirects to
    its public page."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not (user.is_staff and user.has_perm("reviews.view_review")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.review_detail(also_statuses=ReviewStatus.values)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if Review.objects.published().filter(pk=self.object.pk).exists():
            return redirect(self.object)
        context = self.get_context_data(object=self.object, preview=True)
        response = self.render_to_response(context)
        response["X-Robots-Tag"] = "noindex"
        return response


MENTION_HEADINGS = [
    (Mention.Kind.PERSON, "People"),
    (Mention.Kind.CHARACTER, "Characters"),
    (Mention.Kind.LOCATION, "Places"),
    (Mention.Kind.FILM, "Films"),
]


def mention_names(mention) -> list[str]:
    target = mention.target
    names = [target.title if mention.kind == Mention.Kind.FILM else target.name]
    names += [alias for alias in getattr(target, "aliases", None) or [] if alias]
    return [name for name in names if len(name) >= 3]


def linked_body(body: str, mentions) -> str:
    """The review's text as paragraphs, each mentioned person, character,
    place and film linked to its page where the text first names it."""
    urls = {}
    for mention in mentions:
        for name in mention_names(mention):
            urls.setdefault(name, mention.target.get_absolute_url())
    paragraphs = [p for p in re.split(r"\n\s*\n", body.replace("\r\n", "\n")) if p]
    if not urls:
        return mark_safe("".join(f"<p>{escape(p.strip())}</p>" for p in paragraphs))
    names = sorted(urls, key=len, reverse=True)  # "Paris Métro" before "Paris"
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
    linked = set()
    html = []
    for paragraph in paragraphs:
        parts, position = [], 0
        for match in pattern.finditer(paragraph):
            url = urls[match.group(0)]
            if url in linked:
                continue
            linked.add(url)
            parts.append(escape(paragraph[position : match.start()]))
            parts.append(format_html('<a href="{}">{}</a>', url, match.group(0)))
            position = match.end()
        parts.append(escape(paragraph[position:]))
        text = "".join(parts).strip().replace("\n", "<br>")
        html.append(f"<p>{text}</p>")
    return mark_safe("".join(html))
