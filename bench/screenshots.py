"""`make screenshots`: every main page at desk (1366 px) and phone (390 px) width, in
Chinese and English, as each role sees it, saved under var/screenshots/ (git-ignored).

It builds a fresh SQLite database in a temporary folder, loads the demo data with
`seed_demo`, serves it with `runserver` on a free port and drives Debian's Chromium with
Playwright. Nothing touches var/portal.sqlite3.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"desk": 1366, "phone": 390}
LANGUAGES = {"zh-hans": "zh-CN", "en": "en-US"}
PASSWORD = "Beijiang-2025"
CHALLENGE_STAGES = ("open", "evaluating", "publicity", "awarded", "no_award", "cancelled")

PUBLIC = {
    "home": "/",
    "guide": "/guide/",
    "search": "/search/?q=油藏",
    "patents": "/patents/",
    "patent": "{patent}",
    "results": "/results/",
    "result": "{result}",
    "institutions": "/institutions/",
    "institution": "{institution}",
    "stats": "/stats/",
    "verify": "/verify/",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
    "not-found": "/no-such-page/",
    "demands": "/demands/",
    "demand": "{demand}",
    "challenges": "/challenges/",
    **{f"challenge-{stage}": f"{{challenge_{stage}}}" for stage in CHALLENGE_STAGES},
    "managers": "/managers/",
    "manager": "{manager}",
    "instruments": "/instruments/",
    "instrument": "{instrument}",
}
ROLES = {
    "demo-enterprise": {
        "my-contracts": "/contracts/",
        "contract-form": "/contracts/new/",
        "contract": "{contract}",
        "inbox": "/notifications/",
        "my-demands": "/demands/mine/",
        "my-demand": "{demand}",
        "my-challenges": "/challenges/mine/",
        "my-bookings": "/instruments/bookings/",
    },
    "demo-institute": {
        "dashboard": "/institutions/dashboard/",
        "bookings": "/instruments/bookings/",
        "instrument": "{instrument}",
    },
    "demo-lab": {"challenge-open": "{challenge_open}", "my-challenges": "/challenges/mine/"},
    "demo-manager": {"manager": "{own_manager}", "inbox": "/managers/inbox/"},
    "demo-reviewer": {
        "admin": "/admin/",
        "admin-contract": "{admin_contract}",
        "admin-demands": "/admin/demands/demand/",
        "admin-challenge": "{admin_challenge}",
        "admin-managers": "/admin/managers/manager/",
        "admin-bookings": "/admin/instruments/booking/",
    },
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def _objects(env) -> dict[str, str]:
    """Pages of one object of each kind, looked up in the seeded database."""
    code = (
        "import json;"
        "from contracts.models import Contract;"
        "from demands.models import Challenge, Demand;"
        "from institutions.models import Institution, Result;"
        "from instruments.models import Instrument;"
        "from managers.models import Manager;"
        "from patents.models import Patent;"
        "from accounts.models import User;"
        "org = User.objects.get(username='demo-enterprise').organization_id;"
        "c = Contract.objects.filter(seller_id=org, registration_number__isnull=False)"
        ".order_by('pk').first() or Contract.objects.order_by('pk').first();"
        "stages = {f'challenge_{c.status}': f'/challenges/{c.pk}/' for c in Challenge.objects.all()};"
        "print(json.dumps({'contract': f'/contracts/{c.pk}/',"
        " 'admin_contract': f'/admin/contracts/contract/{c.pk}/change/',"
        " 'result': f'/results/{Result.objects.published().first().pk}/',"
        " 'institution': f'/institutions/{Institution.objects.first().pk}/',"
        " 'patent': f'/patents/{Patent.objects.first().application_number}/',"
        " 'demand': f'/demands/{Demand.objects.public().filter(organization_id=org).first().pk}/',"
        " 'manager': f'/managers/{Manager.objects.approved().first().pk}/',"
        " 'own_manager': f'/managers/{Manager.objects.get(user__username=\"demo-manager\").pk}/',"
        " 'instrument': f'/instruments/{Instrument.objects.order_by(\"pk\").first().pk}/',"
        " 'admin_challenge': '/admin/demands/challenge/%d/change/'"
        " % Challenge.objects.get(status='evaluating').pk, **stages}))"
    )
    out = _manage(env, "shell", "-c", code, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _wait(url: str, server) -> None:
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit("runserver stopped")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer")


def _shoot(browser, base: str, objects: dict, user: str | None, pages: dict) -> int:
    wanted = sys.argv[1:]  # `python bench/screenshots.py demand challenge-`: names starting so
    pages = {k: v for k, v in pages.items() if not wanted or k.startswith(tuple(wanted))}
    taken = 0
    if not pages:
        return taken
    for lang, locale in LANGUAGES.items():
        for label, width in WIDTHS.items():
            context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
            page = context.new_page()
            if user:
                page.goto(f"{base}/accounts/login/")
                page.fill("input[name=username]", user)
                page.fill("input[name=password]", PASSWORD)
                page.click("main button[type=submit]")
                page.wait_for_load_state()
            # The language as the switch in the header sets it: Django's language cookie.
            context.add_cookies([{"name": "django_language", "value": lang, "url": base}])
            for name, path in pages.items():
                page.goto(base + path.format(**objects))
                who = f"{user.removeprefix('demo-')}-" if user else ""
                short = lang.split("-")[0]
                shot = OUT / f"{who}{name}-{short}-{label}.png"
                page.screenshot(path=str(shot), full_page=True)
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                if overflow > 0:
                    print(f"{shot.name}: {overflow} px wider than the window")
                taken += 1
            context.close()
    return taken


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{folder}/screens.sqlite3",
            "MEDIA_ROOT": f"{folder}/media",
            "CELERY_BROKER_URL": "",
            "REDIS_URL": "",
            "LOG_LEVEL": "WARNING",
            "DJANGO_RUNSERVER_HIDE_WARNING": "true",
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        _manage(env, "migrate", "--noinput", "-v", "0")
        _manage(env, "seed_demo", "-v", "0")
        objects = _objects(env)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait(base + "/healthz/?live", server)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
                )
                taken = _shoot(browser, base, objects, None, PUBLIC)
                for user, pages in ROLES.items():
                    taken += _shoot(browser, base, objects, user, pages)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"{taken} screenshots in {OUT}/")


if __name__ == "__main__":
    main()
