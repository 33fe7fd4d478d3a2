from django.core.management.base import BaseCommand

from notifications.schedules import setup_schedules


class Command(BaseCommand):
    help = ("Buat jadwal Celery beat bawaan (pengingat, ringkasan mingguan, laporan bulanan). Jadwal yang sudah ada "
            "(mungkin sudah diubah di admin) tidak ditimpa, kecuali dengan --reset.")

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Kembalikan jadwal bawaan ke nilai awalnya.")

    def handle(self, *args, reset, **options):
        result = setup_schedules(reset=reset)
        for name in result["created"]:
            self.stdout.write(f"dibuat: {name}")
        for name in result["reset"]:
            self.stdout.write(f"dikembalikan ke bawaan: {name}")
        for name in result["kept"]:
            self.stdout.write(f"tetap (sudah ada): {name}")
        self.stdout.write(self.style.SUCCESS(
            f"Jadwal: {len(result['created'])} dibuat, {len(result['reset'])} dikembalikan, "
            f"{len(result['kept'])} tetap."
        ))
