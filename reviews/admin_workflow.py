"""The publishing workflow in the review admin, asked of `reviews.services`.

The admin states no rule of its own: which statuses the form offers, whether a
user may change or delete a review, and what a save may do all come from the
services' predicates (`review_status_choices`, `check_transition`,
`review_revert_refusal`), and a change is saved through `review_update`,
which checks again on the stored, locked row.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from reviews.models import Review, ReviewStatus
from reviews.roles import PUBLISH_REVIEW
from reviews.services import (
    PUBLISHER_FIELDS,
    check_transition,
    review_change_allowed,
    review_change_refusal,
    review_create_refusal,
    review_delete,
    review_delete_allowed,
    review_revert_refusal,
    review_status_choices,
    review_update,
)


def stored_status(review: Review) -> str | None:
    """The status in the database (None for a new review): the form's
    instance may be an old version (a history revert) or out of date."""
    if review.pk is None:
        return None
    return Review.objects.filter(pk=review.pk).values_list("status", flat=True).first()


class ReviewAdminForm(forms.ModelForm):
    """Offers only the statuses the user may move to, and refuses with the
    services' own message what the user may not save. ``user`` is set by
    `ReviewWorkflowMixin.get_form`."""

    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status_from = stored_status(self.instance)
        field = self.fields.get("status")
        if field is not None and self.user is not None:
            allowed = review_status_choices(user=self.user, status=self.status_from)
            # Only the widget is narrowed: a status posted anyway is refused
            # in clean() with the reason, not as "not a valid choice".
            field.widget.choices = [
                (value, label) for value, label in field.choices if value in allowed
            ]

    def clean(self):
        cleaned_data = super().clean()
        if self.user is None:
            return cleaned_data
        if self.status_from is None:
            status = cleaned_data.get("status", ReviewStatus.DRAFT)
            refusal = review_create_refusal(user=self.user, status=status)
        else:
            status = cleaned_data.get("status", self.status_from)
            refusal = review_change_refusal(
                user=self.user, status_from=self.status_from, status_to=status
            )
            if refusal is None:
                check_transition(self.status_from, status)
        if refusal is not None:
            raise ValidationError(refusal)
        return cleaned_data


class ScheduledFilter(admin.SimpleListFilter):
    """Published reviews whose ``published_at`` is still ahead."""

    title = "scheduled"
    parameter_name = "scheduled"

    def lookups(self, request, model_admin):
        return [("yes", "Scheduled"), ("no", "Not scheduled")]

    def queryset(self, request, queryset):
        scheduled = Review.objects.scheduled().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=scheduled)
        if self.value() == "no":
            return queryset.exclude(pk__in=scheduled)
        return queryset


class ReviewWorkflowMixin:
    """ReviewAdmin's permissions, form and saves, through `reviews.services`."""

    form = ReviewAdminForm

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_REVIEW)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return review_change_allowed(user=request.user, review=obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return review_delete_allowed(user=request.user, review=obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += [f for f in PUBLISHER_FIELDS if f not in fields]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user  # as SimpleHistoryAdmin does
        if not change:
            # A new review: the form's instance is the row the inlines and
            # themes attach to, so it is saved here, after the same refusal
            # review_create asks.
            refusal = review_create_refusal(user=request.user, status=obj.status)
            if refusal is not None:
                raise PermissionDenied(refusal)
            obj.save()
            return
        data = {
            name: value
            for name, value in form.cleaned_data.items()
            if name in EDITABLE_FIELDS
        }
        try:
            review_update(user=request.user, review=obj, data=data)
        except ValidationError as error:
            # Only a race gets here (the form checked the same rules): the
            # review changed status since the form was validated.
            raise PermissionDenied(" ".join(error.messages)) from error

    def revert_refusal(self, request, current, reverted=None):
        # The workflow first: its message says why (a published review).
        if current is not None:
            refusal = review_revert_refusal(
                user=request.user, review=current, reverted=reverted
            )
            if refusal is not None:
                return refusal
        return super().revert_refusal(request, current, reverted)

    def delete_model(self, request, obj):
        review_delete(user=request.user, review=obj)

    def delete_queryset(self, request, queryset):
        # All or none: a refusal part-way must not leave half the selection
        # deleted.
        with transaction.atomic():
            for review in queryset:
                review_delete(user=request.user, review=review)

    @admin.display(description="Status", ordering="status")
    def status_column(self, obj):
        if obj.is_scheduled:
            when = timezone.localtime(obj.published_at)
            return f"Scheduled for {date_format(when, 'DATETIME_FORMAT')}"
        return obj.get_status_display()


# What review_update may set from the form: concrete editable fields; themes
# are the form's many-to-many, saved after it.
EDITABLE_FIELDS = frozenset(
    field.name
    for field in Review._meta.concrete_fields
    if field.editable and not field.primary_key
)
