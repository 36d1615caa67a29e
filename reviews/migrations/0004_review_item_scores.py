"""Final reviews keep a copy of their item scores (Review.item_scores), filled in here for the
reviews that are final already; the index for "a center's latest final review" follows the visit
start date, which is what those queries order by."""

from django.db import migrations, models

from reviews.scoring import scores_list


def fill(apps, schema_editor):
    review_model = apps.get_model("reviews", "Review")
    score_model = apps.get_model("reviews", "ConsensusScore")
    scores = {}
    for review_id, number, score in score_model.objects.filter(review__status="final").values_list(
        "review_id", "item__number", "score"
    ):
        scores.setdefault(review_id, {})[number] = score
    finals = list(review_model.objects.filter(status="final"))
    for review in finals:
        review.item_scores = scores_list(scores.get(review.pk, {}))
    review_model.objects.bulk_update(finals, ["item_scores"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_ips25")]

    operations = [
        migrations.RemoveIndex(model_name="review", name="review_center_status_date"),
        migrations.AddIndex(
            model_name="review",
            index=models.Index(
                fields=["center", "status", "visit_start"], name="review_center_status_start"
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="item_scores",
            field=models.JSONField(
                blank=True, default=list, verbose_name="item scores when finalized"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
