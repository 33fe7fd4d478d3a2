from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from notifications.models import Report
from notifications.report_services import build_period


class Command(BaseCommand):
    help = ("Buat laporan ringkas (PDF + Excel) untuk kota dan setiap perangkat daerah, lalu kabari pimpinannya. "
            "Tanpa --period: bulan lalu (atau minggu lalu dengan --weekly). Aman dijalankan dua kali.")

    def add_arguments(self, parser):
        parser.add_argument("--period", help="TTTT-BB untuk laporan bulanan, TTTT-Wmm untuk ringkasan mingguan.")
        parser.add_argument("--weekly", action="store_true", help="Ringkasan mingguan (dikirim lewat e-mail).")
        parser.add_argument("--no-deliver", action="store_true", help="Hanya buat berkas; jangan kabari siapa pun.")

    def handle(self, *args, period, weekly, no_deliver, **options):
        kind = Report.Kind.WEEKLY_DIGEST if weekly or (period and "-W" in period.upper()) else Report.Kind.MONTHLY
        try:
            reports = build_period(kind=kind, period_label=period.upper() if period else None,
                                   deliver=not no_deliver)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        label = reports[0].period_label if reports else period
        self.stdout.write(self.style.SUCCESS(
            f"{Report.Kind(kind).label} {label}: {len(reports)} laporan dibuat (kota + perangkat daerah)."
        ))
