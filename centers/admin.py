from django.contrib import admin

from centers.models import Center, EmploymentOutcome, OutcomeBenchmark


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
