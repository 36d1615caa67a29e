"""Final reviews keep a copy of their item scores for the dashboards (Review.item_scores)."""

import importlib

import pytest
from django.apps import apps

from reviews.demo import TABLE_5
from reviews.models import Review
from reviews.services.reviews import review_reopen
from tests.factories import ReviewFactory, final_review

pytestmark = pytest.mark.django_db
fill = importlib.import_module("reviews.migrations.0004_review_item_scores").fill


def test_finalizing_stores_the_item_scores_and_reopening_empties_them(center, lead, admin):
    review = final_review(center, [lead], TABLE_5["C3"])
    review.refresh_from_db()
    assert review.item_scores == TABLE_5["C3"]
    review_reopen(review=review, actor=admin, reason="Item 18 was mistyped.")
    review.refresh_from_db()
    assert review.item_scores == []


def test_the_migration_fills_in_the_scores_of_reviews_that_were_final_already(center, lead):
    review = final_review(center, [lead], TABLE_5["C5"])
    unfinished = ReviewFactory(center=center, reviewers=[lead])
    Review.objects.update(item_scores=[])
    fill(apps, None)
    assert Review.objects.get(pk=review.pk).item_scores == TABLE_5["C5"]
    assert Review.objects.get(pk=unfinished.pk).item_scores == []
