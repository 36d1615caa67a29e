from django.contrib import admin

from centers.models import Center


@admin.register(Center)
class CenterAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region", "municipality", "is_active"]
    list_filter = ["is_active", "region"]
    search_fields = ["name", "code", "municipality"]
    filter_horizontal = ["members"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Centers carry history: deactivate them instead.
        return False
