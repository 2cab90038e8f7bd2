"""History in the admin: who changed what and when, compared with the
previous version, and reverted (django-simple-history's admin views).

Every save of a model with ``history = HistoricalRecords()`` writes a
historical row; ``HistoryRequestMiddleware`` names the user of the request
(the admin's session user, or the API's token or session user: DRF sets the
user it authenticated on the request the middleware holds).

A revert is an edit: the version page is a change form holding the old
values, and saving it obeys the rules of editing the current row (the change
permission, and whatever an admin's `revert_refusal` adds: the review admin
asks the workflow of `reviews.services`), refuses to overwrite a version the
page was not opened with (`films.admin_conflicts`), and is itself recorded,
with the reverted version as its change reason.
Only the row's own fields are reverted: many-to-many fields (a review's
themes) and inline rows keep their current values, as history does not
track them.
"""

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import mark_safe
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from films.admin_conflicts import without_version
from films.admin_guards import lookup_value


def history_date_label(record) -> str:
    return formats.date_format(
        timezone.localtime(record.history_date), "DATETIME_FORMAT"
    )


# --- The Changes column ---------------------------------------------------------


class ReadableChangesHelper(HistoricalRecordContextHelper):
    """Changes as editors read them: choice labels, "(empty)" for no value
    (foreign keys already show the related object's name)."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return "(empty)"
        if field.choices and not field.is_relation:
            return dict(field.flatchoices).get(value, value)
        return value


# --- The admin ------------------------------------------------------------------


class HistoryAdminMixin(SimpleHistoryAdmin):
    """Every ModelAdmin of a model with ``history = HistoricalRecords()``
    (its last base: it is a ModelAdmin)."""

    history_list_per_page = 50

    def history_view(self, request, object_id, extra_context=None):
        pk = lookup_value(self.model._meta.pk, unquote(object_id))
        if pk is None:  # the admin's own "doesn't exist" answer, as change views
            return self._get_obj_does_not_exist_redirect(
                request, self.model._meta, object_id
            )
        exists = self.model._base_manager.filter(pk=pk).exists()
        context = {"change_url": self._change_url(pk) if exists else ""}
        return super().history_view(
            request, object_id, {**context, **(extra_context or {})}
        )

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChangesHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        # The oldest row of a page is compared with the newest of the next.
        records = list(historical_records)
        if records and historical_records.has_next():
            end = historical_records.end_index()
            records += list(historical_records.paginator.object_list[end : end + 1])
        super().set_history_delta_changes(request, records, **kwargs)

    # --- Reverting --------------------------------------------------------------

    def revert_refusal(self, request, current, reverted=None) -> str | None:
        """Why ``request.user`` may not make ``current`` (the stored row, None
        when deleted) hold the values of ``reverted`` (None: any version), or
        None: the rules of editing ``current``. An admin whose model has rules
        of its own (the review workflow) extends it."""
        name = self.model._meta.verbose_name
        if current is None:
            return f"This {name} was deleted: its history can be read, not restored."
        if not self.has_change_permission(request, current):
            return f"You do not have permission to change this {name}."
        return None

    def get_history_record(self, object_id: str, version_id: str):
        """Version ``version_id`` of row ``object_id``; 404 when either is
        malformed or no such version exists."""
        history_model = getattr(
            self.model, self.model._meta.simple_history_manager_attribute
        ).model
        pk = lookup_value(self.model._meta.pk, unquote(object_id))
        history_id = lookup_value(history_model._meta.pk, version_id)
        if pk is None or history_id is None:
            raise Http404
        try:
            return history_model.objects.select_related("history_user").get(
                **{self.model._meta.pk.attname: pk, "history_id": history_id}
            )
        except history_model.DoesNotExist:
            raise Http404 from None

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Like the change view, in one transaction: the edit-conflict check
        # and the workflow rules lock the row until the revert is saved.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return self._history_form_view(
                request, object_id, version_id, extra_context
            )

    def _history_form_view(self, request, object_id, version_id, extra_context):
        request.current_app = self.admin_site.name
        record = self.get_history_record(object_id, version_id)
        version = record.instance
        version._state.adding = False
        current = self.get_object(request, unquote(object_id))
        version._edit_conflict_base = current  # see films.admin_conflicts
        if not self.has_view_history_or_change_history_permission(
            request, current or version
        ):
            raise PermissionDenied
        refusal = self.revert_refusal(request, current)
        if request.method == "POST" and refusal is not None:
            raise PermissionDenied(refusal)

        # The form and its fields are those of editing the stored row (a
        # version's old status must not decide what the user may edit).
        form_class = self.get_form(request, current or version, change=True)
        if request.method == "POST":
            form = form_class(request.POST, request.FILES, instance=version)
            if form.is_valid():
                reverted = self.save_form(request, form, change=True)
                save_refusal = self.revert_refusal(request, current, reverted)
                if save_refusal is None:
                    return self._save_revert(request, form, reverted, record)
                form.add_error(None, save_refusal)
        else:
            form = form_class(instance=version)
        return self._render_revert_form(
            request, form, version, current, record, refusal, extra_context
        )

    def _save_revert(self, request, form, reverted, record):
        reverted._change_reason = (
            f"Reverted to the version of {history_date_label(record)}"
        )[:100]
        self.save_model(request, reverted, form, change=True)
        form.save_m2m()
        self.log_change(
            request, reverted, self.construct_change_message(request, form, [])
        )
        self.message_user(
            request,
            f"{self.model._meta.verbose_name.capitalize()} “{reverted}” was "
            f"reverted to the version of {history_date_label(record)}.",
            messages.SUCCESS,
        )
        return self.response_change(request, reverted)

    def _change_url(self, pk) -> str:
        opts = self.model._meta
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
            args=[pk],
        )

    def _render_revert_form(
        self, request, form, version, current, record, refusal, extra_context
    ):
        opts = self.model._meta
        revert_disabled = refusal is not None or self.revert_disabled(request, current)
        fieldsets = self.get_fieldsets(request, current or version)
        if revert_disabled:  # shown read-only, as the change view does
            fieldsets = [
                (name, {**options, "fields": without_version(options["fields"])})
                for name, options in fieldsets
            ]
            prepopulated, readonly = {}, flatten_fieldsets(fieldsets)
        else:
            prepopulated = self.get_prepopulated_fields(request, current)
            readonly = self.get_readonly_fields(request, current)
        admin_form = helpers.AdminForm(
            form, fieldsets, prepopulated, readonly, model_admin=self
        )
        site = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "title": (_("View %s") if revert_disabled else _("Revert %s"))
            % str(version),
            "adminform": admin_form,
            "object_id": version.pk,
            "original": version,
            "record": record,
            "record_date": history_date_label(record),
            "current": current,
            "revert_refusal": refusal,
            "is_popup": False,
            "media": mark_safe(self.media + admin_form.media),
            "errors": helpers.AdminErrorList(form, []),
            "app_label": opts.app_label,
            "original_opts": opts,
            "changelist_url": reverse(
                f"{site}:{opts.app_label}_{opts.model_name}_changelist"
            ),
            "change_url": self._change_url(version.pk),
            "history_url": reverse(
                f"{site}:{opts.app_label}_{opts.model_name}_history",
                args=[version.pk],
            ),
            "change_history": False,
            "revert_disabled": revert_disabled,
            "add": False,
            "change": True,
            "has_add_permission": self.has_add_permission(request),
            "has_view_permission": self.has_view_history_permission(request, current),
            "has_change_permission": not revert_disabled,
            "has_delete_permission": False,
            "has_editable_inline_admin_formsets": False,
            "has_file_field": True,
            "has_absolute_url": False,
            "form_url": "",
            "opts": getattr(
                self.model, opts.simple_history_manager_attribute
            ).model._meta,
            "content_type_id": self.content_type_model_cls.objects.get_for_model(
                self.model
            ).id,
            "save_as": False,
            "save_on_top": self.save_on_top,
            "root_path": getattr(self.admin_site, "root_path", None),
            **(extra_context or {}),
        }
        return self.render_history_view(
            request, self.object_history_form_template, context
        )
