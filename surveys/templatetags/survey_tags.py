from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """``mapping[key]`` in a template, or "" (for a raw ranking or matrix answer)."""
    if isinstance(mapping, dict):
        return mapping.get(key, "")
    return ""


@register.filter
def chosen(raw, option_id):
    """Whether a raw answer (a string, a list or a single-choice dict) picks ``option_id``."""
    if isinstance(raw, dict):
        return raw.get("option") == option_id
    if isinstance(raw, list):
        return option_id in raw
    return str(raw) == str(option_id)
