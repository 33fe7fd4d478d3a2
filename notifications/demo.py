"""Demo notifications: a welcome note for every demo account, and for leaders a pointer to the reports page.

Idempotent (one note per account and kind) and deterministic; no e-mail is sent.
"""

from __future__ import annotations

from django.urls import reverse

from organization.demo import DEMO_ACCOUNTS
from organization.models import User
from organization.user_cache import forget_unread

from .models import Notification
from .permissions import can_view_reports


def seed(*, seed: int = 2026, stdout=None) -> None:
    users = User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS]).order_by("pk")
    have = set(Notification.objects.filter(recipient__in=users, kind__in=["welcome", "reports_available"])
               .values_list("recipient_id", "kind"))
    notes = []
    for user in users:
        if (user.pk, "welcome") not in have:
            notes.append(Notification(
                recipient=user, kind="welcome", url=reverse("notifications:preferences"),
                title="Selamat datang di Portal Agen Perubahan",
                body="Notifikasi tentang nominasi, forum dan penilaian muncul di sini. Atur e-mail yang ingin Anda "
                     "terima di halaman Preferensi e-mail.",
            ))
        if can_view_reports(user) and (user.pk, "reports_available") not in have:
            notes.append(Notification(
                recipient=user, kind="reports_available", url=reverse("notifications:reports"),
                title="Laporan ringkas program Agen Perubahan",
                body="Ringkasan mingguan dibuat setiap Senin pagi dan laporan bulanan setiap tanggal 1, dalam "
                     "format PDF dan Excel, di menu Laporan.",
            ))
    Notification.objects.bulk_create(notes)
    forget_unread(n.recipient_id for n in notes)
    if stdout is not None:
        stdout.write(f"Notifikasi demo: {len(notes)} dibuat.")
