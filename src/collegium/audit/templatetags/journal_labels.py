"""Template filters for the journal page: codes and object types in the reader's language."""

from django import template

from collegium.audit import labels

register = template.Library()


@register.filter
def code_title(code: str) -> str:
    return labels.code_title(code)


@register.filter
def object_label(object_type: str) -> str:
    return labels.object_label(object_type)
