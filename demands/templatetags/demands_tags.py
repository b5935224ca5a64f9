"""`{% open_challenges %}`: the home page's block of open 揭榜挂帅 challenges."""

from django import template

from common import labels
from demands import matching, selectors

register = template.Library()


@register.inclusion_tag("demands/_open_challenges.html")
def open_challenges(limit: int = 5):
    return {"challenges": list(selectors.open_challenges(limit))}


@register.filter
def match_reasons(reasons) -> str:
    """A suggestion's reasons in words, in the page's language, joined."""
    return labels.semicolon().join(matching.reason_texts(reasons or []))
