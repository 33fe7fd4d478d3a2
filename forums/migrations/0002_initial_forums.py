"""Create the city forum and a forum for each existing top-level agency (later ones come from the Agency signal)."""

from django.db import migrations

CATEGORIES = [
    ("Aksi Perubahan", "Rencana aksi, kemajuan, dan hasil proyek perubahan.", False),
    ("Tanya Jawab", "Pertanyaan dan jawaban seputar program agen perubahan.", False),
    ("Pengumuman", "Informasi resmi dari pimpinan, kepala perangkat daerah, dan Tim RB.", True),
]


def create_forums(apps, schema_editor):
    Forum = apps.get_model("forums", "Forum")
    Category = apps.get_model("forums", "Category")
    Agency = apps.get_model("organization", "Agency")
    forums = []
    if not Forum.objects.filter(kind="city").exists():
        forums.append(Forum.objects.create(
            kind="city", name="Forum Agen Perubahan",
            description="Berbagi praktik baik antar perangkat daerah: semua ASN dapat membaca, agen perubahan, "
                        "role model, dan Tim RB dapat menulis.",
        ))
    for agency in Agency.objects.filter(parent__isnull=True, forum__isnull=True):
        forums.append(Forum.objects.create(
            kind="agency", agency=agency, name=f"Forum {agency.abbreviation or agency.name}",
            is_active=agency.is_active,
            description=f"Ruang kerja agen perubahan, kepala, dan operator {agency.name}.",
        ))
    Category.objects.bulk_create([
        Category(forum=f, name=n, description=d, moderators_only=m, position=i)
        for f in forums for i, (n, d, m) in enumerate(CATEGORIES)
    ])


class Migration(migrations.Migration):
    dependencies = [("forums", "0001_initial"), ("organization", "0001_initial")]

    operations = [migrations.RunPython(create_forums, migrations.RunPython.noop)]
