"""Read-only views in the Django admin: every change goes through the app's own pages and
services, which keep statement history, scope and logs right."""

from django.contrib import admin

from participants.models import EraseLog, ExportLog, ImportLog, Participant, ReadLog, Statement


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["study_code", "center", "arm", "included_on", "status"]
    list_filter = ["status", "arm", "center"]
    search_fields = ["study_code"]


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ["text", "kind", "position", "is_active"]
    list_filter = ["kind", "is_active"]


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "format", "row_count", "filters"]
    list_filter = ["format"]


@admin.register(EraseLog)
class EraseLogAdmin(ReadOnlyAdmin):
    list_display = ["erased_at", "participant", "erased_by"]


@admin.register(ReadLog)
class ReadLogAdmin(ReadOnlyAdmin):
    list_display = ["read_at", "user", "kind", "participant", "center", "path"]
    list_filter = ["kind", "center"]
    list_select_related = ["user", "participant", "center"]


@admin.register(ImportLog)
class ImportLogAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "user",
        "file_name",
        "row_count",
        "participants_created",
        "answers_changed",
    ]
    list_select_related = ["user"]
