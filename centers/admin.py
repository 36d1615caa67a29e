from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from centers.models import Center, EmploymentOutcome, HealthDataGrant, OutcomeBenchmark


@admin.register(Center)
class CenterAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region", "municipality", "is_active"]
    list_filter = ["is_active", "region"]
    search_fields = ["name", "code", "municipality"]
    filter_horizontal = ["members"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Centers carry history: deactivate them instead.
        return False


@admin.register(EmploymentOutcome)
class EmploymentOutcomeAdmin(admin.ModelAdmin):
    list_display = ["center", "year", "quarter", "served", "working", "entered_by", "entered_at"]
    list_filter = ["year", "quarter", "center__region"]
    search_fields = ["center__code", "center__name"]
    list_select_related = ["center", "entered_by"]
    readonly_fields = ["entered_by", "entered_at"]


@admin.register(OutcomeBenchmark)
class OutcomeBenchmarkAdmin(admin.ModelAdmin):
    list_display = ["label", "rate_percent", "order", "is_active"]


@admin.register(HealthDataGrant)
class HealthDataGrantAdmin(SimpleHistoryAdmin):
    """Admins grant and remove access to a center's participant data here or on the user page."""

    list_display = ["user", "center", "granted_by", "granted_at"]
    list_filter = ["center"]
    search_fields = ["user__username", "center__code", "center__name"]
    list_select_related = ["user", "center", "granted_by"]
    readonly_fields = ["granted_by", "granted_at"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
