"""The production shape, in a subprocess: DEBUG=0, collected static files, HTTPS only."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import django
django.setup()
from django.core.management import call_command
call_command("check", deploy=True, fail_level="WARNING")
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from django.test import Client
client = Client()
for url in ("/", "/stats/", "/patents/", "/institutions/", "/results/", "/accounts/login/",
            "/api/docs/", "/api/v1/stats/summary/?year=2025"):
    response = client.get(url, secure=True, HTTP_HOST="portal.example.gov.cn")
    print(url, response.status_code)
    assert response.status_code == 200, (url, response.status_code)
insecure = client.get("/", HTTP_HOST="portal.example.gov.cn")
assert insecure.status_code == 301 and insecure["Location"].startswith("https://"), insecure
page = client.get("/", secure=True, HTTP_HOST="portal.example.gov.cn")
assert "Strict-Transport-Security" in page.headers
policy = page.headers["Content-Security-Policy"]
assert "default-src 'self'" in policy and "unsafe-inline" not in policy, policy
live = client.get("/healthz/?live", secure=True, HTTP_HOST="portal.example.gov.cn")
assert live.status_code == 200, live
huge = client.generic("POST", "/api/v1/auth/signup/", b"", secure=True,
                      HTTP_HOST="portal.example.gov.cn", CONTENT_LENGTH=str(26 * 1024 * 1024))
assert huge.status_code == 413, huge
static = client.get("/static/css/portal.css", secure=True, HTTP_HOST="portal.example.gov.cn")
print("unhashed static", static.status_code)
print("OK")
"""


def test_the_portal_serves_in_production_mode(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "CELERY_BROKER_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="0",
        SECRET_KEY="production-check-" + "k" * 50,
        ALLOWED_HOSTS="portal.example.gov.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
        CELERY_BROKER_URL="",
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK" in result.stdout
