"""The portal is never framed (X-Frame-Options DENY, CSP frame-ancestors 'none'), except
the few views that show a stored document inside the portal's own pages: the reviewer
reads a contract's PDF or a business licence beside the decision form."""

from csp.decorators import csp_replace
from django.views.decorators.clickjacking import xframe_options_sameorigin


def framable_by_own_pages(view):
    """Let the portal's own pages (same origin) show this view in an <iframe>; no other
    site may frame it."""
    return xframe_options_sameorigin(csp_replace({"frame-ancestors": ["'self'"]})(view))
