"""Scales and reviews in the Django admin, read-only.

Changes go through the app's own pages and services, which keep published scale versions
immutable and reviews consistent (status, totals, versions); the Django admin is for looking.
One exception: the review cadence (months to the next review per band), which changes no score.
"""

from django.contrib import admin

from reviews.models import (
    ActionItem,
    DataRequest,
    FidelityScale,
    ReportDelivery,
    Review,
    ReviewAssignment,
    ReviewFact,
    ScaleBand,
    ScaleItem,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ScaleItemInline(ReadOnlyInline):
    model = ScaleItem
    fields = ["number", "section", "name", "short_name", "data_sources"]


@admin.register(FidelityScale)
class FidelityScaleAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "version", "status", "published_at"]
    list_filter = ["status", "code"]
    inlines = [ScaleItemInline]


class AssignmentInline(ReadOnlyInline):
    model = ReviewAssignment
    fields = ["reviewer", "is_lead", "rating_completed_at"]


class FactInline(ReadOnlyInline):
    model = ReviewFact
    fields = ["key", "value", "source", "updated_at", "updated_by"]


class DataRequestInline(ReadOnlyInline):
    model = DataRequest
    fields = ["created_at", "created_by", "expires_at", "submitted_at", "revoked_at"]


class ActionInline(ReadOnlyInline):
    model = ActionItem
    fields = ["item", "action", "owner", "due_date", "status"]


class DeliveryInline(ReadOnlyInline):
    model = ReportDelivery
    fields = ["sent_at", "sent_by", "recipients", "language", "pdf_size", "pdf_sha256"]
    readonly_fields = fields


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["center", "visit_start", "kind", "scale", "status", "total", "band_label"]
    list_filter = ["status", "kind", "scale"]
    search_fields = ["center__name", "center__code"]
    list_select_related = ["center", "scale"]
    inlines = [AssignmentInline, FactInline, DataRequestInline, ActionInline, DeliveryInline]


@admin.register(ScaleBand)
class ScaleBandAdmin(admin.ModelAdmin):
    """Only the months to the next review can be changed: they set when the portfolio shows a
    center's next review as due, and change no score or band."""

    list_display = ["scale", "label", "min_total", "max_total", "review_interval_months"]
    list_editable = ["review_interval_months"]
    list_filter = ["scale"]
    fields = ["scale", "label", "min_total", "max_total", "review_interval_months"]
    readonly_fields = ["scale", "label", "min_total", "max_total"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
