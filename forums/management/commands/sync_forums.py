from django.core.management.base import BaseCommand

from forums.services import forum_sync_all


class Command(BaseCommand):
    help = "Buat forum kota dan forum tiap perangkat daerah, dan jadikan forum PD nonaktif hanya-baca (idempoten)."

    def handle(self, *args, **options):
        result = forum_sync_all()
        self.stdout.write(self.style.SUCCESS(
            f"Forum: {result['created']} dibuat, {result['updated']} diperbarui."))
