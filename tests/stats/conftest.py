from tests.contracts.conftest import _media_in_tmp  # noqa: F401  (the contracts fixture, reused)
