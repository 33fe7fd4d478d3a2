from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Each app may offer ``<app>.demo.seed(seed=..., stdout=...)``; they run in dependency order.
DEMO_APPS = ["organization", "notifications", "agents", "forums", "evaluations", "dashboards"]


class Command(BaseCommand):
    help = "Load the demo data (idempotent; deterministic for a given --seed). Never under production settings."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=2000, help="Number of synthetic employees (ASN).")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, employees, seed, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError("Data demo tidak boleh dimuat dengan pengaturan produksi (ALLOW_DEMO_DATA=False).")
        for app in DEMO_APPS:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            kwargs = {"seed": seed, "stdout": self.stdout}
            if app == "organization":
                kwargs["employees"] = employees
            module.seed(**kwargs)
        self.stdout.write(self.style.SUCCESS("Data demo siap. Kata sandi semua akun demo: " + settings.DEMO_PASSWORD))
