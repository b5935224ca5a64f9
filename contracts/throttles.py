"""Throttles shared by an API view and its web form (one budget per client address)."""

from rest_framework.throttling import SimpleRateThrottle


class ObjectionThrottle(SimpleRateThrottle):
    """Filing an objection needs a registration number and its code: the budget keeps
    anyone from guessing codes. The address comes from DRF, which believes
    X-Forwarded-For only as far as settings.NUM_PROXIES says."""

    scope = "objection"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
