"""Settings for the test suite: the real settings, plus fast hashing and a fixed key."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault(
    "SECRET_KEY", "test-only-secret-key-that-is-long-enough-for-checks-0123456789"
)

from portal.settings import *

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = VAR_DIR / "test-media"
# Unit tests run tasks in-process; tests marked `worker` switch to the real broker.
CELERY_TASK_ALWAYS_EAGER = True
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        "anon_write": "1000/hour",
        "signup": "1000/hour",
        "enquiry": "1000/hour",
        "objection": "1000/hour",
        "verify": "1000/hour",
    },
}
