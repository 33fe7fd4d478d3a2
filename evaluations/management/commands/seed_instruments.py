from django.core.management.base import BaseCommand

from evaluations.defaults import ensure_default_instruments


class Command(BaseCommand):
    help = "Buat instrumen bawaan (360° BerAKHLAK dan survei budaya kerja) bila belum ada. Aman dijalankan berulang."

    def handle(self, *args, **options):
        created = ensure_default_instruments()
        if created:
            for instrument in created:
                self.stdout.write(self.style.SUCCESS(f"Dibuat: {instrument}"))
        else:
            self.stdout.write("Instrumen bawaan sudah ada; tidak ada yang diubah.")
