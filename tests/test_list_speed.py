"""The review list stays fast at any size: its queries do not grow with the
reviews, the default order is served by an index, deep pages are bounded
with a hint, and its cached counts move the moment the content does."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from films.models import Location
from reviews import views
from reviews.models import Review
from reviews.selectors import mentions_of, review_list
from tests.factories import (
    CreditFactory,
    FilmFactory,
    LocationFactory,
    MentionFactory,
    PersonFactory,
    ReviewFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_queries_do_not_grow_with_the_reviews(client):
    film, theme, person = FilmFactory(), ThemeFactory(), PersonFactory()
    urls = ["/reviews/", f"/reviews/?theme={theme.slug}&person={person.slug}"]

    def add(n):
        for _ in range(n):
            review = ReviewFactory(film=film, themes=[theme])
            MentionFactory(review=review, person=person)

    add(5)
    few = [queries_for(client, url) for url in urls]
    add(40)
    assert [queries_for(client, url) for url in urls] == few


def test_undated_review_lists_after_dated_ones_newest_added_first():
    dated = ReviewFactory(published_on=datetime.date(2017, 6, 1))
    older = ReviewFactory(published_on=None)
    newer = ReviewFactory(published_on=None)
    assert list(review_list()) == [dated, newer, older]
    assert list(Review.objects.all()) == [dated, newer, older]


def test_person_facet_counts_a_review_once_whether_mentioned_or_credited(client):
    film, person = FilmFactory(), PersonFactory()
    CreditFactory(film=film, person=person)
    both = ReviewFactory(film=film)
    MentionFactory(review=both, person=person)
    ReviewFactory(film=film)  # credited only
    MentionFactory(review=ReviewFactory(), person=person)  # mentioned only
    ReviewFactory()  # neither

    facets = client.get("/reviews/").context["facets"]
    counts = {option.value: option.count for option in facets["person"]}
    assert counts[person.slug] == 3


def test_pages_stop_at_the_bound_with_a_hint_to_refine(client, monkeypatch):
    monkeypatch.setattr(views, "MAX_PAGES", 2)
    monkeypatch.setattr(views.ReviewListView, "paginate_by", 2)
    for _ in range(5):
        ReviewFactory()

    last = client.get("/reviews/?page=2")
    assert last.status_code == 200
    assert last.context["total"] == 5
    assert last.context["page_obj"].paginator.num_pages == 2
    assert b"refine your filters" in last.content

    beyond = client.get("/reviews/?page=3")
    assert beyond.status_code == 404
    assert b"refine your filters" in beyond.content
    assert b"Go to the first page" in beyond.content


def test_short_list_has_no_refine_hint(client):
    ReviewFactory()
    assert b"refine your filters" not in client.get("/reviews/").content


def test_default_order_is_read_from_its_index():
    ReviewFactory()
    sql, params = review_list().query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        else:
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "review_newest_idx" in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.django_db(transaction=True)
def test_cached_counts_and_facets_change_at_once_on_publish(client):
    theme = ThemeFactory()
    ReviewFactory(themes=[theme])
    draft = ReviewFactory(themes=[theme], status=Review.Status.DRAFT)
    url = f"/reviews/?theme={theme.slug}"

    before = client.get(url).context
    assert before["total"] == 1
    draft.status = Review.Status.PUBLISHED
    draft.tone = Review.Tone.POSITIVE
    draft.save()
    after = client.get(url).context
    assert after["total"] == 2
    tones = {o.value: o.count for o in after["facets"]["tone"]}
    assert tones[Review.Tone.POSITIVE] == 1


def _counts(response, name) -> dict:
    return {o.value: o.count for o in response.context["facets"][name]}


def test_place_facet_counts_a_mention_for_each_place_above_it(client):
    country = LocationFactory(name="France", kind=Location.Kind.COUNTRY)
    city = LocationFactory(name="Paris", parent=country)
    district = LocationFactory(name="Marais", parent=city, kind=Location.Kind.DISTRICT)
    venue = LocationFactory(name="Cafe", parent=district, kind=Location.Kind.VENUE)
    elsewhere = LocationFactory(name="Kent", kind=Location.Kind.COUNTRY)
    in_district = ReviewFactory()
    MentionFactory(review=in_district, of_location=True, location=district)
    # A review naming the city and a place inside it counts once for each.
    both = ReviewFactory()
    MentionFactory(review=both, of_location=True, location=city)
    MentionFactory(review=both, of_location=True, location=venue)
    MentionFactory(review=ReviewFactory(), of_location=True, location=elsewhere)
    draft = ReviewFactory(status=Review.Status.DRAFT)
    MentionFactory(review=draft, of_location=True, location=venue)

    counts = _counts(client.get("/reviews/"), "location")
    places = [country, city, district, venue, elsewhere]
    assert counts == dict(zip([p.slug for p in places], [2, 2, 2, 1, 1], strict=True))
    # Each count is what the filter gives, with the other filters too.
    for place in places:
        response = client.get(f"/reviews/?location={place.slug}")
        assert response.context["total"] == counts[place.slug]
    narrowed = client.get(f"/reviews/?film={in_district.film.slug}")
    assert _counts(narrowed, "location") == dict(
        zip([p.slug for p in places], [1, 1, 1, 0, 0], strict=True)
    )


def test_long_facets_show_the_top_options_and_say_how_many_more(client):
    people = [PersonFactory(name=f"Person {i:02}") for i in range(14)]
    for i, person in enumerate(people):
        for _ in range(1 + (i == 13) * 3):  # the last person: 4 reviews
            MentionFactory(review=ReviewFactory(), person=person)
    rare = PersonFactory(name="Zed Nobody")  # no review

    response = client.get("/reviews/")
    shown = response.context["facets"]["person"]
    assert len(shown) == views.selectors.FACET_LIMIT
    assert [o.value for o in shown[:3]] == [
        people[13].slug,
        people[0].slug,
        people[1].slug,
    ]
    assert shown.more == 4
    assert "and 4 more: use the" in response.content.decode()

    # A chosen option always shows (even with no review) and labels its chip.
    response = client.get(f"/reviews/?person={rare.slug}")
    shown = response.context["facets"]["person"]
    assert rare.slug in [o.value for o in shown if o.selected]
    assert [c["label"] for c in response.context["chips"]] == ["Person: Zed Nobody"]
    assert f'<option value="{rare.slug}" selected>' in response.content.decode()
    response = client.get(f"/reviews/?person={people[5].slug}")
    labels = [c["label"] for c in response.context["chips"]]
    assert labels == [f"Person: {people[5].name}"]


def test_place_and_person_pages_show_only_visible_mentions():
    person = PersonFactory()
    shown = MentionFactory(review=ReviewFactory(), person=person)
    MentionFactory(review=ReviewFactory(status=Review.Status.DRAFT), person=person)
    scheduled = ReviewFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    MentionFactory(review=scheduled, person=person)
    past = ReviewFactory(published_at=timezone.now() - datetime.timedelta(days=1))
    earlier = MentionFactory(review=past, person=person)
    assert set(mentions_of(person=person)) == {shown, earlier}
