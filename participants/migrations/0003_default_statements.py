"""The twelve statements of the seed paper's follow-up survey (Fyhn et al. 2020, Table 3)."""

from django.db import migrations

FACILITATORS = [
    "It was helpful that progress was quicker than in other vocational services",
    "Knowing that the IPS specialist was available for me was helpful",
    "The action steps along the way were specific, and this was helpful",
    "Being able to choose whether or not to be open about my illness was helpful",
    "The support plan I made with the IPS specialist when I got a job was helpful",
    "The regular follow-up from the IPS specialist in the job search was helpful",
]
BARRIERS = [
    "Progress was made too quickly",
    "It was too time-consuming",
    "I had challenges with my IPS specialist",
    "My illness was a barrier",
    "IPS was not what I expected",
    "Getting to the different places (to meet employers or the IPS specialist) was difficult",
]


def add_statements(apps, schema_editor):
    statement_model = apps.get_model("participants", "Statement")
    if statement_model.objects.exists():
        return
    for kind, texts in [("facilitator", FACILITATORS), ("barrier", BARRIERS)]:
        for position, text in enumerate(texts, start=1):
            statement_model.objects.create(kind=kind, text=text, position=position)


def remove_statements(apps, schema_editor):
    statement_model = apps.get_model("participants", "Statement")
    statement_model.objects.filter(answers__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("participants", "0002_roles")]

    operations = [migrations.RunPython(add_statements, remove_statements)]
