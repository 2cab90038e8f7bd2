"""Hostile query input never gives a 500, on SQLite or PostgreSQL.

A NUL byte in a URL is refused with 400 before any view runs (PostgreSQL
cannot store or compare text holding one); numbers too large for any column
and out-of-range pages give 404, an empty page, or the admin's standard
"invalid lookup" redirect (``?e=1``).
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from films.admin import GuardedAdminMixin
from reviews.models import Review, Theme

pytestmark = pytest.mark.django_db

NUL = "\x00"
NUL_INSIDE = "a\x00b"
CONTROL = "a\x1bb"  # ESC: no legitimate parameter carries a C0 control
LONG = "x" * 10_240
OVERFLOW = "99999999999999999999"  # above the signed 64-bit maximum
REFUSED = [NUL, NUL_INSIDE, CONTROL]
ODD = [LONG, OVERFLOW, "-1", "abc"]


# Every public page, by the address it has in the shared ``catalogue`` fixture.
PUBLIC_PAGES = {
    "home": lambda catalogue: reverse("home"),
    "film_list": lambda catalogue: reverse("films:film_list"),
    "film_detail": lambda catalogue: catalogue.film.get_absolute_url(),
    "person_detail": lambda catalogue: catalogue.actor.get_absolute_url(),
    "location_detail": lambda catalogue: catalogue.paris.get_absolute_url(),
    "review_list": lambda catalogue: reverse("reviews:review_list"),
    "review_detail": lambda catalogue: catalogue.review.get_absolute_url(),
}
PUBLIC_PARAMETERS = ["film", "theme", "page", "q"]


def public_url(catalogue, page):
    return PUBLIC_PAGES[page](catalogue)


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_page_refuses_control_characters(client, catalogue, page):
    url = public_url(catalogue, page)
    for value in REFUSED:
        for parameter in PUBLIC_PARAMETERS:
            response = client.get(url, {parameter: value})
            assert response.status_code == 400, (parameter, value)
            assert b"control character" in response.content
            assert response["Content-Type"].startswith("text/html")
        response = client.get(url, {f"film{value}": "x"})
        assert response.status_code == 400, ("in a parameter name", value)


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_page_survives_odd_values(client, catalogue, page):
    url = public_url(catalogue, page)
    for value in ODD:
        for parameter in PUBLIC_PARAMETERS:
            response = client.get(url, {parameter: value})
            assert response.status_code in {200, 404}, (parameter, value)


@pytest.mark.parametrize("value", ["99999", "-1", "abc", OVERFLOW, "0", "1.5"])
@pytest.mark.parametrize("page", ["film_list", "review_list"])
def test_list_page_out_of_range_is_not_found(client, catalogue, page, value):
    response = client.get(public_url(catalogue, page), {"page": value})
    assert response.status_code == 404


def test_review_list_filters_still_work(client, catalogue):
    url = reverse("reviews:review_list")
    response = client.get(url, {"film": catalogue.film.slug, "theme": "marriage"})
    assert list(response.context["object_list"]) == [catalogue.review]
    response = client.get(url, {"film": LONG, "theme": OVERFLOW})
    assert response.status_code == 200
    assert list(response.context["object_list"]) == []
    # Tabs and line breaks are allowed: pasted text carries them.
    assert client.get(url, {"film": "a\tb\nc"}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/films/%00/",
        "/films/people/a%00b/",
        "/reviews/%00/",
        "/reviews/%1b/",
        "/%00",
        "/admin/films/film/%00/change/",
    ],
)
def test_control_character_in_path_is_refused(admin_client, catalogue, path):
    response = admin_client.get(path)
    assert response.status_code == 400
    assert b"control character" in response.content


def test_api_paths_are_refused_as_json(client, db):
    response = client.get("/api/v1/reviews/", {"film": NUL})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "control character" in response.json()["detail"]


# --- The admin ---------------------------------------------------------------

ADMINS = sorted(
    (
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in {"films", "reviews"}
    ),
    key=lambda model_admin: model_admin.model.__name__,
)


def changelist_url(model):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def changelist_parameters(admin_client, model_admin):
    """Every query parameter the changelist reads: its filters' own, the date
    hierarchy's, search, page and ordering, and a plain field lookup."""
    response = admin_client.get(changelist_url(model_admin.model))
    assert response.status_code == 200
    parameters = {"q", "p", "o", "id__exact", "id__in", "id__gte", "id__lt"}
    for spec in response.context["cl"].filter_specs:
        parameters.update(spec.expected_parameters())
    if model_admin.date_hierarchy:
        parameters.update(
            f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")
        )
    return sorted(parameters)


def assert_admin_answer(response, value):
    """200, or the admin's "invalid lookup" redirect to ``?e=1``."""
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1"), response["Location"]
    else:
        assert response.status_code == 200, value


def integer_lookups(model):
    """Lookups on every integer column and foreign key of ``model``."""
    for field in model._meta.concrete_fields:
        if field.get_internal_type().endswith(("IntegerField", "AutoField")):
            names = [field.name]
        elif field.many_to_one or field.one_to_one:
            names = [field.name, field.attname]
        else:
            continue
        for name in names:
            for lookup in ("", "__in", "__gt"):
                yield f"{name}{lookup}"


@pytest.mark.parametrize("model_admin", ADMINS, ids=lambda a: a.model.__name__)
def test_changelist_refuses_control_characters(admin_client, catalogue, model_admin):
    url = changelist_url(model_admin.model)
    for parameter in changelist_parameters(admin_client, model_admin):
        for value in REFUSED:
            response = admin_client.get(url, {parameter: value})
            assert response.status_code == 400, (parameter, value)


@pytest.mark.parametrize("model_admin", ADMINS, ids=lambda a: a.model.__name__)
def test_changelist_survives_odd_values(admin_client, catalogue, model_admin):
    url = changelist_url(model_admin.model)
    parameters = changelist_parameters(admin_client, model_admin)
    for parameter in [*parameters, *integer_lookups(model_admin.model)]:
        for value in [OVERFLOW, f"-{OVERFLOW}", f"1,{OVERFLOW}", LONG]:
            response = admin_client.get(url, {parameter: value})
            assert_admin_answer(response, (parameter, value[:24]))
    # An ordinary bad value is still the admin's own business.
    assert_admin_answer(admin_client.get(url, {"id__exact": "abc"}), "abc")


@pytest.mark.parametrize(
    "date",
    [
        {"year": OVERFLOW},
        {"year": "9999"},
        {"year": "10000"},
        {"year": "0"},
        {"year": "-1"},
        {"year": "2017", "month": OVERFLOW},
        {"year": "2017", "month": "13"},
        {"year": "9999", "month": "12"},
        {"year": "9999", "month": "12", "day": "31"},
        {"year": "2017", "month": "1", "day": OVERFLOW},
        {"year": "2017", "month": "2", "day": "30"},
    ],
    ids=lambda date: "-".join(v[:8] for v in date.values()),
)
@pytest.mark.parametrize(
    "model_admin",
    [model_admin for model_admin in ADMINS if model_admin.date_hierarchy],
    ids=lambda a: a.model.__name__,
)
def test_date_hierarchy_out_of_range_is_an_invalid_lookup(
    admin_client, catalogue, model_admin, date
):
    field = model_admin.date_hierarchy
    params = {f"{field}__{part}": value for part, value in date.items()}
    response = admin_client.get(changelist_url(model_admin.model), params)
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_date_hierarchy_still_filters(admin_client, catalogue):
    published = catalogue.review.published_on
    response = admin_client.get(
        changelist_url(Review),
        {"published_on__year": published.year, "published_on__month": published.month},
    )
    assert response.status_code == 200
    assert catalogue.review in response.context["cl"].result_list


def test_changelist_page_beyond_the_last_is_an_invalid_lookup(admin_client, db):
    Theme.objects.bulk_create(
        Theme(name=f"Theme {n}", slug=f"theme-{n}") for n in range(101)
    )
    url = changelist_url(Theme)
    assert admin_client.get(url, {"p": "2"}).status_code == 200
    for page in ["99999", OVERFLOW, "-1", "0"]:
        response = admin_client.get(url, {"p": page})
        assert response.status_code == 302, page
        assert response["Location"].endswith("?e=1")


def autocomplete_fields():
    """(app_label, model_name, field_name) of every autocomplete widget."""
    fields = set()
    for model_admin in ADMINS:
        for owner in [model_admin, *model_admin.inlines]:
            model = owner.model
            for field_name in owner.autocomplete_fields:
                fields.add((model._meta.app_label, model._meta.model_name, field_name))
    return sorted(fields)


@pytest.mark.parametrize("field", autocomplete_fields(), ids="-".join)
def test_autocomplete_refuses_control_characters(admin_client, catalogue, field):
    app_label, model_name, field_name = field
    query = {"app_label": app_label, "model_name": model_name, "field_name": field_name}
    url = reverse("admin:autocomplete")
    assert admin_client.get(url, {**query, "term": "a"}).status_code == 200
    for value in REFUSED:
        for parameter in query.keys() | {"term", "page"}:
            response = admin_client.get(url, {**query, parameter: value})
            assert response.status_code == 400, (parameter, value)


@pytest.mark.parametrize("field", autocomplete_fields(), ids="-".join)
def test_autocomplete_survives_odd_values(admin_client, catalogue, field):
    app_label, model_name, field_name = field
    query = {"app_label": app_label, "model_name": model_name, "field_name": field_name}
    url = reverse("admin:autocomplete")
    for value in ODD:
        assert admin_client.get(url, {**query, "term": value}).status_code == 200
        response = admin_client.get(url, {**query, "page": value})
        assert response.status_code in {200, 404}, value


@pytest.mark.parametrize("view", ["change", "delete", "history"])
@pytest.mark.parametrize("model_admin", ADMINS, ids=lambda a: a.model.__name__)
def test_admin_object_pages_with_overflowing_ids(
    admin_client, catalogue, model_admin, view
):
    opts = model_admin.model._meta
    for pk in [OVERFLOW, f"-{OVERFLOW}", "abc"]:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[pk])
        response = admin_client.get(url)
        # The admin's "object doesn't exist" answer: back to the index.
        assert response.status_code == 302, (pk, view)


def test_admin_form_post_with_nul_is_a_form_error(admin_client, catalogue):
    theme = catalogue.marriage
    url = reverse("admin:reviews_theme_change", args=[theme.pk])
    data = {"name": "Mar\x00riage", "slug": "marriage", "description": "x\x00"}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["name"] == ["Null characters are not allowed."]
    assert errors["description"] == ["Null characters are not allowed."]
    theme.refresh_from_db()
    assert theme.name == "Marriage"


def test_admin_form_post_with_escaped_nul_in_json_is_a_form_error(
    admin_client, catalogue
):
    # JSON spells NUL as \u0000: the raw POST holds no NUL byte, but the
    # decoded list does, and PostgreSQL's jsonb refuses it.
    person = catalogue.director
    url = reverse("admin:films_person_change", args=[person.pk])
    data = {"name": person.name, "slug": person.slug, "aliases": '["D.\\u0000S."]'}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["aliases"] == ["Null characters are not allowed."]
    person.refresh_from_db()
    assert person.aliases == ["D. Savage"]


def test_admin_action_with_a_forged_selection_changes_nothing(admin_client, catalogue):
    url = changelist_url(Theme)
    for selected in [NUL, OVERFLOW, "abc"]:
        response = admin_client.post(
            url,
            {"action": "delete_selected", "_selected_action": [selected]},
            follow=True,
        )
        assert response.redirect_chain == [(url, 302)], selected
        assert "not in this list" in response.content.decode()
    assert Theme.objects.count() == 2


def test_every_admin_guards_its_input():
    for model_admin in ADMINS:
        assert isinstance(model_admin, GuardedAdminMixin), model_admin


def test_djangos_own_bad_request_uses_the_site_page(client, db):
    # Too many query parameters is Django's own SuspiciousOperation: the same
    # 400 page, without a message of ours.
    response = client.get("/", {f"p{n}": "1" for n in range(1_001)})
    assert response.status_code == 400
    assert b"Bad request" in response.content
