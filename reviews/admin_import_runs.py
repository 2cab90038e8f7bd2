"""Import runs in the admin: what each import changed, and undoing it.

Registered from `ReviewsConfig.ready()`, so it does not depend on
`reviews/admin.py`. The list is read-only; Editors (``reviews.publish_review``)
may undo a run from its page or with the changelist action, both through a
confirmation page that shows what the undo would do, or why it cannot.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from films.admin_guards import GuardedAdminMixin
from reviews.importer.history import changed_rows
from reviews.importer.undo import UndoRefused, import_run_undo, undo_conflicts
from reviews.models import ImportRun
from reviews.roles import PUBLISH_REVIEW

ROWS_SHOWN = 200  # changed rows listed on a run's page


def _counts(counts: dict) -> str:
    return ", ".join(f"{n} {label.split('.')[1]}" for label, n in counts.items())


@admin.register(ImportRun)
class ImportRunAdmin(GuardedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "started_at", "user", "status", "changes", "files"]
    list_filter = ["status", "source"]
    list_select_related = ["user", "undone_by"]
    ordering = ["-started_at", "-pk"]
    actions = ["undo_action"]
    fields = [
        ("source", "status"),
        ("started_at", "finished_at", "user"),
        ("undone_at", "undone_by"),
        "files",
        "created",
        "updated",
        "changed_rows",
    ]
    readonly_fields = [
        name
        for line in fields
        for name in (line if isinstance(line, tuple) else [line])
    ]

    # --- read-only, but visible to Editors ----------------------------------

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a run is the record of what happened

    def delete_view(self, request, object_id, extra_context=None):
        # Like every admin page of a missing object: back to the index, not 403.
        if self.get_object(request, unquote(object_id)) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        raise PermissionDenied

    def has_view_permission(self, request, obj=None):
        return self.has_undo_permission(request) or super().has_view_permission(
            request, obj
        )

    def has_undo_permission(self, request):
        return request.user.has_perm(PUBLISH_REVIEW)

    # --- columns -------------------------------------------------------------

    @admin.display(description="Changes")
    def changes(self, obj):
        created, updated = _counts(obj.created), _counts(obj.updated)
        return (
            "; ".join(
                part
                for part in (
                    created and f"created {created}",
                    updated and f"updated {updated}",
                )
                if part
            )
            or "-"
        )

    @admin.display(description="Documents")
    def files(self, obj):
        names = ", ".join(obj.documents)
        more = obj.document_count - len(obj.documents)
        return f"{names} (+{more} more)" if more > 0 else names or "-"

    @admin.display(description="Rows it created or updated")
    def changed_rows(self, obj):
        rows = []
        for model, entry, row in changed_rows(obj, limit=ROWS_SHOWN + 1):
            if len(rows) == ROWS_SHOWN:
                rows.append(("…", "", "", f"only the first {ROWS_SHOWN} are listed"))
                break
            opts = model._meta
            history = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[entry.id]
            )
            change = "created" if entry.history_type == "+" else "updated"
            rows.append((opts.verbose_name, change, history, str(row)))
        if not rows:
            return "-"
        body = format_html_join(
            "",
            '<tr><td>{}</td><td>{}</td><td><a href="{}">{}</a></td></tr>',
            rows,
        )
        return format_html("<table><tbody>{}</tbody></table>", body)

    # --- undo ----------------------------------------------------------------

    def get_urls(self):
        undo = path(
            "<path:object_id>/undo/",
            self.admin_site.admin_view(self.undo_view),
            name="reviews_importrun_undo",
        )
        return [undo, *super().get_urls()]

    @admin.action(description="Undo the selected import", permissions=["undo"])
    def undo_action(self, request, queryset):
        runs = list(queryset[:2])
        if len(runs) != 1:
            self.message_user(
                request, "Select one import to undo at a time.", messages.WARNING
            )
            return None
        return HttpResponseRedirect(
            reverse("admin:reviews_importrun_undo", args=[runs[0].pk])
        )

    def undo_view(self, request, object_id):
        """GET: what the undo would do, or why it cannot. POST: undo."""
        if not self.has_undo_permission(request):
            raise Http404  # like the admin's own pages for hidden objects
        run = (
            self.get_object(request, object_id)
            if self.is_primary_key(object_id)
            else None
        )
        if run is None:
            raise Http404
        change_url = reverse("admin:reviews_importrun_change", args=[run.pk])
        if request.method == "POST":
            try:
                report = import_run_undo(run=run, user=request.user)
            except UndoRefused as refused:
                self.message_user(request, str(refused), messages.ERROR)
                for row in refused.rows[:20]:
                    self.message_user(request, row, messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"Undid {run}: reverted {sum(report.reverted.values())} row(s), "
                    f"deleted {sum(report.deleted.values())}.",
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Undo {run}?",
            "run": run,
            "conflicts": undo_conflicts(run),
            "change_url": change_url,
        }
        return TemplateResponse(
            request, "admin/reviews/importrun/undo_confirmation.html", context
        )

    def render_change_form(self, request, context, *args, **kwargs):
        context["can_undo"] = self.has_undo_permission(request)
        return super().render_change_form(request, context, *args, **kwargs)
