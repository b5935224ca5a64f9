import pytest
from django.core.cache import cache

from tests.institutions.conftest import institution, patent, published_result  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # throttles count in the cache
    yield
    cache.clear()
