from django.core.management.base import BaseCommand, CommandError

from notifications import reminders


class Command(BaseCommand):
    help = ("Jalankan pengingat sekarang (semua jenis, atau satu dengan --kind). Aman dijalankan dua kali: "
            "pengingat yang sudah terkirim tidak dikirim lagi.")

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", help="Jenis pengingat (boleh diulang). Lihat --list.")
        parser.add_argument("--force", action="store_true", help="Kirim juga di luar jam kerja (WIB).")
        parser.add_argument("--list", action="store_true", help="Tampilkan jenis pengingat yang terdaftar.")

    def handle(self, *args, kind, force, list, **options):
        if list:
            if not reminders.REGISTRY:
                self.stdout.write("Belum ada pengingat yang terdaftar.")
            for reminder in sorted(reminders.REGISTRY.values(), key=lambda r: r.kind):
                schedule = " ".join(reminder.crontab.get(k, "*") for k in ("minute", "hour", "day_of_month",
                                                                           "month_of_year", "day_of_week"))
                self.stdout.write(f"{reminder.kind:35} {schedule:20} {reminder.description}")
            return
        kinds = kind or sorted(reminders.REGISTRY)
        unknown = [k for k in kinds if k not in reminders.REGISTRY]
        if unknown:
            raise CommandError(
                f"Jenis pengingat tidak dikenal: {', '.join(unknown)}. Terdaftar: {', '.join(sorted(reminders.REGISTRY))}"
            )
        if not force and not reminders.in_working_hours():
            self.stdout.write(self.style.WARNING("Di luar jam kerja (WIB): tidak ada yang dikirim. Pakai --force."))
            return
        total = 0
        for k in kinds:
            sent = reminders.run(k, force=force)
            total += sent
            self.stdout.write(f"{k}: {sent} terkirim")
        self.stdout.write(self.style.SUCCESS(f"Selesai: {total} pengingat terkirim."))
