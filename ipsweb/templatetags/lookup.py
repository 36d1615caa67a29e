from django import template

register = template.Library()


@register.filter
def value_of(mapping, key):
    """``mapping[key]``, or None: a dict read by a key the template has in hand."""
    return mapping.get(key) if mapping else None
