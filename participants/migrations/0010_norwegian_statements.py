"""Norwegian texts of the twelve statements of the seed paper's follow-up survey (0003).

Only statements still carrying their original English text get them, so a statement an
installation has edited keeps what its staff wrote.
"""

from django.db import migrations

NORWEGIAN = {
    "It was helpful that progress was quicker than in other vocational services": (
        "Det var til hjelp at det gikk raskere enn i andre arbeidsrettede tiltak"
    ),
    "Knowing that the IPS specialist was available for me was helpful": (
        "Det var til hjelp å vite at jobbspesialisten var tilgjengelig for meg"
    ),
    "The action steps along the way were specific, and this was helpful": (
        "Stegene underveis var konkrete, og det var til hjelp"
    ),
    "Being able to choose whether or not to be open about my illness was helpful": (
        "Det var til hjelp at jeg selv kunne velge om jeg ville være åpen om sykdommen min"
    ),
    "The support plan I made with the IPS specialist when I got a job was helpful": (
        "Oppfølgingsplanen jeg lagde sammen med jobbspesialisten da jeg fikk jobb, var til hjelp"
    ),
    "The regular follow-up from the IPS specialist in the job search was helpful": (
        "Den jevnlige oppfølgingen fra jobbspesialisten i jobbsøkingen var til hjelp"
    ),
    "Progress was made too quickly": "Det gikk for fort fram",
    "It was too time-consuming": "Det tok for mye tid",
    "I had challenges with my IPS specialist": "Jeg hadde utfordringer med jobbspesialisten min",
    "My illness was a barrier": "Sykdommen min var et hinder",
    "IPS was not what I expected": "IPS var ikke det jeg hadde forventet",
    "Getting to the different places (to meet employers or the IPS specialist) was difficult": (
        "Det var vanskelig å komme seg til de ulike stedene (for å møte arbeidsgivere eller "
        "jobbspesialisten)"
    ),
}


def add_norwegian(apps, schema_editor):
    statement_model = apps.get_model("participants", "Statement")
    for statement in statement_model.objects.filter(text__in=NORWEGIAN):
        if "nb" not in statement.translations:
            statement.translations = {
                **statement.translations,
                "nb": {"text": NORWEGIAN[statement.text]},
            }
            statement.save(update_fields=["translations"])


def remove_norwegian(apps, schema_editor):
    """Nothing to undo: 0009 reversed drops the field."""


class Migration(migrations.Migration):
    dependencies = [("participants", "0009_statement_languages_link_language")]

    operations = [migrations.RunPython(add_norwegian, remove_norwegian)]
