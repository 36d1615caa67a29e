"""``{{ group.name|role_label }}``: a role group's name as the reader's language says it."""

from django import template

from centers.roles import Role

register = template.Library()


@register.filter
def role_label(name: str) -> str:
    """The role's label ("Program manager", "Leder"); a group that is no role keeps its name."""
    try:
        return Role(name).label
    except ValueError:
        return name
