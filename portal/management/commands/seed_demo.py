import importlib
import io
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from common.response_cache import listings_changed

# Each part's `demo.seed(out)` creates its demonstration data through the same services
# users go through, skips what is already there, and returns the accounts it wants printed.
DEMO_MODULES = (
    "accounts.demo",
    "patents.demo",
    "institutions.demo",
    # History first: its numbers are taken, so portal registrations number after them.
    "contracts.demo_history",
    "contracts.demo",
    "demands.demo",
    "managers.demo",
    "instruments.demo",
)


class Command(BaseCommand):
    help = "加载演示数据（可重复运行，不会重复创建）。Loads the demonstration data; idempotent."

    # Demo organisations are verified by the same service as real ones; nobody to e-mail.
    @override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    def handle(self, *args, **options):
        accounts: list[tuple[str, str, str]] = []
        # What each part made, at -v 2; `make run` shows only the accounts (issue 15).
        out = self.stdout if options["verbosity"] >= 2 else io.StringIO()
        started = time.monotonic()
        for module_name in DEMO_MODULES:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            with transaction.atomic():
                accounts += module.seed(out) or []
        listings_changed()  # the demo banner, and whatever the demo data lists
        if options["verbosity"] >= 2:
            out.write(f"  {time.monotonic() - started:.1f} s")
        if options["verbosity"] == 0:
            return
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / Demo data ready."))
        if accounts:
            self.stdout.write("演示账户 / Demo accounts (username / password — role):")
            for username, password, role in accounts:
                self.stdout.write(f"  {username:<22} {password:<18} {role}")
