"""Personas, and the real parts the integration tests use: PostgreSQL, a Celery worker
fed through Redis, and Debian's Chromium.

Outside CI a test needing a part that is not there is skipped with the reason; in CI
(`CI=true`) it fails instead, so a green CI run means every real part was exercised.
"""

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from accounts.demo import demo_uscc
from accounts.models import EntityNature, OrganizationKind, Role, User
from accounts.services import organization_verify, signup

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR", ROOT / "test-artifacts"))
PASSWORD = "Correct-Horse-9"


def need(condition: bool, reason: str) -> None:
    if not condition:
        if IN_CI:
            pytest.fail(f"CI requires this: {reason}")
        pytest.skip(reason)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # Before pytest-django orders the tests (transactional ones last), so that it sees this.
    for item in items:
        if item.get_closest_marker("postgres") or item.get_closest_marker("worker"):
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(autouse=True)
def _real_part_requirements(request):
    if request.node.get_closest_marker("postgres"):
        need(
            settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
            "needs PostgreSQL: set DATABASE_URL=postgres://…",
        )


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in the thread; each test starts in
    the portal's default language (Simplified Chinese)."""
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _celery_join_flag():
    """Eager tasks run from several threads at once (the concurrency tests) can leave
    Celery's process-wide "joining would block" flag set, which then breaks `.get()` in a
    later test. The portal itself never joins a result; reset the flag between tests."""
    yield
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)


# ---- personas -----------------------------------------------------------------------

_counter = iter(range(1, 10_000_000))


def make_member(*, kind=OrganizationKind.ENTERPRISE, verified=True, name=None, by=None) -> User:
    """A user and organisation made through the sign-up service, as a real user would."""
    n = next(_counter)
    body = f"91650203MA{n:07d}"
    user = signup(
        username=f"user{n}",
        password=PASSWORD,
        email=f"user{n}@example.com",
        organization={
            "name": name or f"测试单位{n}有限公司",
            "uscc": demo_uscc(body),
            "kind": kind,
            "region_code": "650203",
            "entity_nature": EntityNature.LIMITED_LIABILITY
            if kind == OrganizationKind.ENTERPRISE
            else EntityNature.RESEARCH_INSTITUTE,
        },
    )
    if verified:
        organization_verify(organization=user.organization, by=by or make_reviewer())
    return user


def make_reviewer() -> User:
    n = next(_counter)
    user = User.objects.create_user(
        username=f"reviewer{n}", password=PASSWORD, email=f"reviewer{n}@example.com", is_staff=True
    )
    user.groups.add(Group.objects.get(name=Role.REVIEWER))
    return user


@pytest.fixture
def reviewer(db) -> User:
    return make_reviewer()


@pytest.fixture
def enterprise_user(db, reviewer) -> User:
    return make_member(kind=OrganizationKind.ENTERPRISE, by=reviewer)


@pytest.fixture
def unverified_enterprise_user(db) -> User:
    return make_member(kind=OrganizationKind.ENTERPRISE, verified=False)


@pytest.fixture
def institute_user(db, reviewer) -> User:
    return make_member(kind=OrganizationKind.INSTITUTE, by=reviewer)


@pytest.fixture
def outsider(db, reviewer) -> User:
    """Another verified enterprise: it must never see the first one's data."""
    return make_member(kind=OrganizationKind.ENTERPRISE, by=reviewer)


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()


def api_as(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


# ---- a real Celery worker fed through Redis ---------------------------------------------


def page_as(client, user, url, language="zh-hans") -> str:
    """The page at `url` as `user` sees it in `language` (asserting it answers 200)."""
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _database_url_for_worker() -> str:
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return ""
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@contextlib.contextmanager
def _running_worker(request, *pool_args: str):
    """A `celery worker` subprocess on the test database and the real broker; its log
    goes to test-artifacts/. Tasks sent meanwhile go through Redis, not in-process."""
    broker = settings.CELERY_BROKER_URL
    need(bool(broker), "needs a Redis broker: set CELERY_BROKER_URL=redis://…")
    from portal.celery import app

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "1",
        "DATABASE_URL": _database_url_for_worker(),
        "CELERY_BROKER_URL": broker,
        "LOG_FORMAT": "text",  # plain lines the tests search (JSON is the default)
    }
    hostname = f"test-{os.getpid()}-{time.monotonic_ns()}@localhost"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / f"celery-worker-{request.node.name}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", *pool_args,
             "--loglevel=INFO", f"--hostname={hostname}", "--without-gossip",
             "--without-mingle"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        old_eager = app.conf.task_always_eager
        app.conf.task_always_eager = False
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    pytest.fail(f"Celery worker exited at start-up:\n{log_path.read_text()}")
                if app.control.ping(destination=[hostname], timeout=0.5):
                    break
            else:
                pytest.fail("Celery worker did not answer a ping within 60 s")
            process.log_path = log_path
            yield process
        finally:
            app.conf.task_always_eager = old_eager
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def celery_worker(request, transactional_db):
    """One worker process running tasks itself (solo pool)."""
    with _running_worker(request, "--pool=solo") as process:
        yield process


@pytest.fixture
def celery_prefork_worker(request, transactional_db):
    """A worker whose task runs in a child process, which a test may kill mid-task."""
    with _running_worker(request, "--pool=prefork", "--concurrency=1") as process:
        yield process


# ---- a real browser -------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    need(Path(CHROMIUM).exists(), "needs Debian's Chromium (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    foreign: list[str] = []

    def watch(req):
        host = req.url.split("/")[2] if "://" in req.url else ""
        if not (
            host.startswith("localhost") or host.startswith("127.0.0.1")
        ) and not req.url.startswith(
            # Chromium's own PDF viewer (a PDF shown inline) loads from the browser itself.
            ("data:", "blob:", "chrome://", "chrome-extension://")
        ):
            foreign.append(req.url)

    page.on("request", watch)
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not foreign, f"the page loaded assets from another host: {foreign}"


def browser_login(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture(autouse=True)
def _fresh_statistics_cache():
    """Statistics and pages cached by an earlier test (the local-memory cache lives as long
    as the process) are not this test's: each test starts on new versions."""
    from common.cache import cache_version_bump
    from common.response_cache import LISTINGS_CACHE
    from contracts.models import STATS_CACHE

    cache_version_bump(STATS_CACHE)
    cache_version_bump(LISTINGS_CACHE)
