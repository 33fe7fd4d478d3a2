import pytest
from django.urls import reverse

from notifications.models import EmailPreference, Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db


def note_for(user, **kwargs):
    defaults = {"kind": "test", "title": "Nominasi menunggu keputusan", "body": "Ada 2 nominasi.", "url": "/agents/"}
    return Notification.objects.create(recipient=user, **{**defaults, **kwargs})


def test_unread_count_shows_in_the_navigation_bar(login, pegawai_diskominfo):
    note_for(pegawai_diskominfo)
    note_for(pegawai_diskominfo)
    note_for(pegawai_diskominfo, read_at="2026-11-01T08:00:00+07:00")
    response = login(pegawai_diskominfo).get(reverse("notifications:index"))
    assert response.context["unread_notifications"] == 2
    assert b'data-testid="unread-count">2<' in response.content


def test_opening_a_notification_marks_it_read_and_follows_its_link(login, pegawai_diskominfo):
    note = note_for(pegawai_diskominfo)
    response = login(pegawai_diskominfo).get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/agents/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_opening_a_notification_with_an_outside_link_stays_in_the_portal(login, pegawai_diskominfo):
    note = note_for(pegawai_diskominfo, url="https://evil.example.com/")
    response = login(pegawai_diskominfo).get(reverse("notifications:open", args=[note.pk]))
    assert response["Location"] == reverse("notifications:index")


def test_nobody_can_open_someone_elses_notification(login, pegawai_diskominfo, agen_diskominfo):
    note = note_for(agen_diskominfo)
    assert login(pegawai_diskominfo).get(reverse("notifications:open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_read_all_marks_every_notification_read(login, pegawai_diskominfo):
    note_for(pegawai_diskominfo)
    note_for(pegawai_diskominfo)
    login(pegawai_diskominfo).post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=pegawai_diskominfo, read_at__isnull=True).exists()


def test_the_unread_filter_lists_only_unread_notifications(login, pegawai_diskominfo):
    note_for(pegawai_diskominfo, title="Belum dibaca")
    note_for(pegawai_diskominfo, title="Sudah dibaca", read_at="2026-11-01T08:00:00+07:00")
    page = login(pegawai_diskominfo).get(reverse("notifications:index") + "?unread=1").context["page"]
    assert [n.title for n in page.object_list] == ["Belum dibaca"]


@pytest.mark.parametrize("size", [3, 30])
def test_the_notification_list_runs_a_fixed_number_of_queries(login, pegawai_diskominfo, size,
                                                               django_assert_num_queries):
    Notification.objects.bulk_create([Notification(recipient=pegawai_diskominfo, kind="t", title=f"N {i}")
                                      for i in range(size)])
    client = login(pegawai_diskominfo)
    # session, user, role assignments (navigation), unread count, page count, page rows, and the institution (cold
    # cache: later requests read it from the cache)
    with django_assert_num_queries(7):
        assert client.get(reverse("notifications:index")).status_code == 200


def test_the_api_lists_only_the_callers_notifications(api, pegawai_diskominfo, agen_diskominfo):
    note_for(pegawai_diskominfo, title="Milik saya")
    note_for(agen_diskominfo, title="Milik orang lain")
    data = api(pegawai_diskominfo).get("/api/v1/notifications/").json()
    assert [n["title"] for n in data["results"]] == ["Milik saya"]


# --- e-mail -----------------------------------------------------------------------------------------------------

def test_a_mandatory_notification_is_emailed_in_indonesian_html_and_text(
        kepala_diskominfo, mailoutbox, run_on_commit):
    kepala_diskominfo.email = "kepala@diskominfo.example.go.id"
    kepala_diskominfo.save()
    with run_on_commit():
        [note] = notify(recipients=[kepala_diskominfo], kind="nominations_pending_endorsement",
                        title="2 nominasi menunggu dukungan Anda", body="Sejak 28 November 2026 & belum diputus.",
                        url="/agents/")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "[Agen Perubahan] 2 nominasi menunggu dukungan Anda"
    assert message.to == ["kepala@diskominfo.example.go.id"]
    assert "Yth." in message.body and "Buka di portal: http://" in message.body
    assert "& belum diputus" in message.body  # plain text is not HTML-escaped
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and '<html lang="id">' in html and "&amp; belum diputus" in html
    note.refresh_from_db()
    assert note.emailed_at is not None and note.email_status == Notification.EmailStatus.SENT


def test_a_user_who_turned_off_digests_gets_no_digest_email_but_still_the_in_app_note(
        kepala_diskominfo, mailoutbox, run_on_commit):
    EmailPreference.objects.create(user=kepala_diskominfo, digests=False)
    with run_on_commit():
        notify(recipients=[kepala_diskominfo], kind="weekly_digest", title="Ringkasan", email_category="digests")
    assert mailoutbox == []
    note = Notification.objects.get(recipient=kepala_diskominfo, kind="weekly_digest")
    assert note.email_status == Notification.EmailStatus.NONE


def test_turning_off_optional_emails_does_not_stop_mandatory_ones(kepala_diskominfo, mailoutbox, run_on_commit):
    EmailPreference.objects.create(user=kepala_diskominfo, digests=False, subscriptions=False, mentions=False)
    with run_on_commit():
        notify(recipients=[kepala_diskominfo], kind="rating_pending", title="Penilaian menunggu Anda")
    assert len(mailoutbox) == 1


def test_notify_checks_preferences_in_one_query_for_any_number_of_recipients(
        db, django_assert_num_queries, run_on_commit):
    from organization.models import User

    users = list(User.objects.exclude(email="")[:20])
    with django_assert_num_queries(2):  # preferences, insert
        notify(recipients=users, kind="forum_mention", title="Anda disebut", email=True, email_category="mentions")


def test_the_preferences_page_turns_off_optional_emails(login, pegawai_diskominfo):
    client = login(pegawai_diskominfo)
    page = client.get(reverse("notifications:preferences"))
    assert "selalu dikirim" in page.content.decode()
    client.post(reverse("notifications:preferences"), {"subscriptions": "on"})
    pref = EmailPreference.objects.get(user=pegawai_diskominfo)
    assert (pref.digests, pref.subscriptions, pref.mentions) == (False, True, False)


def test_the_demo_notifications_are_created_once(db):
    from notifications import demo

    demo.seed(seed=2026)
    count = Notification.objects.count()
    demo.seed(seed=2026)
    assert Notification.objects.count() == count
    assert Notification.objects.filter(recipient__username="sekda", kind="reports_available").exists()
    assert not Notification.objects.filter(recipient__username="pegawai.diskominfo", kind="reports_available").exists()


def test_administrators_see_task_outcomes_with_the_failure_reason_in_the_admin(login, admin_user):
    from django_celery_results.models import TaskResult

    TaskResult.objects.create(task_id="abc-123", task_name="notifications.tasks.send_notification_email",
                              status="FAILURE", result='{"exc_type": "SMTPServerDisconnected"}',
                              traceback="smtplib.SMTPServerDisconnected: Connection unexpectedly closed")
    note = Notification.objects.create(recipient=admin_user, kind="t", title="Gagal", email_status="failed",
                                       email_error="SMTPServerDisconnected: Connection unexpectedly closed")
    client = login(admin_user)
    page = client.get("/admin/django_celery_results/taskresult/").content.decode()
    assert "abc-123" in page and "FAILURE" in page
    page = client.get("/admin/notifications/notification/?email_status=failed").content.decode()
    assert "Gagal" in page
    detail = client.get(f"/admin/notifications/notification/{note.pk}/change/").content.decode()
    assert "Connection unexpectedly closed" in detail
