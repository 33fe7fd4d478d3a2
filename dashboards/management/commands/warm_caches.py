from django.core.management.base import BaseCommand

from dashboards.warming import warm_dashboards


class Command(BaseCommand):
    help = ("Compute the dashboards' figures and load the closed cycles' results into the shared cache (run on "
            "deploy, before traffic).")

    def handle(self, *args, **options):
        done = warm_dashboards()
        self.stdout.write(f"Dasbor dihangatkan: kota dan {done['agencies']} perangkat daerah, {done['seconds']} detik.")
        from evaluations.disclosure import warm_snapshots

        self.stdout.write(f"Hasil siklus 360° dihangatkan: {warm_snapshots()} siklus.")
