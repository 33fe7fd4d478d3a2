from celery import shared_task


@shared_task(soft_time_limit=120, time_limit=180)
def remind_raters(cycle_id: int, period: str) -> int:
    """Send one reminder round for a cycle (safe to run twice: the reminder log keeps it to once)."""
    from .models import Cycle
    from .reminders import remind_cycle

    cycle = Cycle.objects.filter(pk=cycle_id).first()
    return remind_cycle(cycle, period) if cycle else 0


@shared_task(soft_time_limit=120, time_limit=180)
def notify_report_published(cycle_id: int) -> int:
    """Tell each subject with an account that their report can be read (once per cycle)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from notifications.services import claim_reminder, notify
    from organization.models import User

    from .models import Assignment, Cycle

    cycle = Cycle.objects.filter(pk=cycle_id, status=Cycle.Status.PUBLISHED).first()
    if cycle is None:
        return 0
    subject_ids = Assignment.objects.filter(cycle=cycle).values("subject_id")
    sent = 0
    for user in User.objects.filter(employee_id__in=subject_ids, is_active=True).order_by("pk"):
        if claim_reminder(recipient=user, kind="evaluation_report", object_key=f"cycle:{cycle.pk}", period_key="published"):
            notify(recipients=[user], kind="evaluation_report",
                   title=_("Laporan penilaian Anda sudah terbit: %(cycle)s") % {"cycle": cycle.name},
                   body=_("Hasil penilaian perilaku BerAKHLAK Anda dapat dibaca di portal."),
                   url=reverse("evaluations:my_report", args=[cycle.pk]))
            sent += 1
    return sent
