"""The objects the robustness tests write to, and a fingerprint of the database to prove a rejected write left
nothing behind.

``build_world()`` makes one of everything a form or an API operation needs, in the Diskominfo agency, each in the
state its action expects (a draft nomination for the operator, a submitted one for the kepala, an endorsed one for
Tim RB, an open cycle with an assignment for the agent to answer ...). It is built inside the test's transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from agents import services as agent_services
from agents.models import ChangeAgent
from evaluations import services as evaluation_services
from evaluations.defaults import BEHAVIOUR_360_CODE, ensure_default_instruments
from evaluations.models import Assignment, Cycle, Instrument, Item
from forums import services as forum_services
from forums.models import Forum
from notifications.models import EmailPreference, Notification, Report
from notifications.services import notify
from organization.models import Agency, Employee, User
from tests.agents.conftest import make_agent, make_employee, make_period, make_project, walk

PROJECT_APPS = ("organization", "notifications", "agents", "forums", "evaluations", "dashboards")
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)
PDF_MIN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def project_tables() -> list[str]:
    tables = []
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            tables.append(model._meta.db_table)
    return sorted(set(tables))


_TABLES: list[str] = []


def row_counts() -> dict[str, int]:
    """Every project table's row count, in one query."""
    if not _TABLES:
        _TABLES.extend(project_tables())
    qn = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {qn(t)})" for t in _TABLES)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(_TABLES, cursor.fetchone(), strict=True))


def rows_digest(objects) -> str:
    """A digest of the current values of the given rows (model instances): an UPDATE shows up here."""
    h = hashlib.sha256()
    for obj in objects:
        values = list(type(obj).objects.filter(pk=obj.pk).values())
        h.update(repr(values).encode())
    return h.hexdigest()


def db_state(watched=()) -> tuple:
    return row_counts(), rows_digest(watched)


def describe_change(before: tuple, after: tuple) -> str:
    counts_b, digest_b = before
    counts_a, digest_a = after
    changed = {t: (counts_b[t], counts_a[t]) for t in counts_b if counts_b[t] != counts_a[t]}
    parts = [f"{t}: {b} → {a}" for t, (b, a) in changed.items()]
    if digest_b != digest_a:
        parts.append("a watched row was updated")
    return "; ".join(parts)


def user(username: str) -> User:
    return User.objects.select_related("employee").get(username=username)


def build_world(media_root) -> dict:
    """One of everything, in Diskominfo, in the state each write expects."""
    tim_rb, operator, kepala, agen = (user(u) for u in ("tim.rb", "operator.diskominfo", "kepala.diskominfo",
                                                         "agen.diskominfo"))
    diskominfo = Agency.objects.get(code="DISKOMINFO")
    today = timezone.localdate()
    w: dict = {"diskominfo": diskominfo, "tim_rb": tim_rb, "operator": operator, "kepala": kepala, "agen": agen}

    # organization
    w["employee"] = make_employee(diskominfo)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from organization.importing import services as import_services
    from organization.importing.template import template_csv

    w["import_job"] = import_services.import_job_create(
        by=operator, agency=diskominfo, upload=SimpleUploadedFile("simpeg.csv", template_csv(), content_type="text/csv"))
    w["superior"] = Employee.objects.filter(agency=diskominfo).exclude(pk=w["employee"].pk).order_by("pk").first()
    from organization.models import ActingHead
    from organization.services import acting_head_save

    w["acting_head"] = acting_head_save(acting=ActingHead(
        agency=diskominfo, employee=make_employee(diskominfo), kind=ActingHead.Kind.PLH, starts_on=today + dt.timedelta(days=100),
        ends_on=today + dt.timedelta(days=110), letter_number="800/1/Uji"), by=tim_rb)

    # agents: an open period, nominations in each state, agents, a project
    period = make_period(tim_rb, default_quota=50)
    w["period"] = period
    w["next_period"] = make_period(tim_rb, name="Periode berikutnya uji", nomination_opens=today + dt.timedelta(days=300),
                                   nomination_closes=today + dt.timedelta(days=330),
                                   term_start=today + dt.timedelta(days=400), term_end=today + dt.timedelta(days=760))
    w["candidate"] = make_employee(diskominfo)

    def nomination(status):
        n = agent_services.nomination_create(by=operator, period=period, candidate=make_employee(diskominfo),
                                             justification="Teladan disiplin dan integritas di unitnya.")
        return walk(n, status, operator=operator, kepala=kepala, tim_rb=tim_rb)

    w["draft"] = nomination("draft")
    w["submitted"] = nomination("submitted")
    w["endorsed"] = nomination("endorsed")
    w["criteria"] = list(period.criteria.all())
    w["agent_record"] = make_agent(agen.employee, period=period)
    w["other_agent"] = make_agent(make_employee(diskominfo), period=period)
    w["project"] = make_project(w["agent_record"])
    w["done_project"] = make_project(w["agent_record"], status="done", completed_on=today - dt.timedelta(days=5),
                                     result="Antrean turun menjadi 20 menit.")
    w["role_model_candidate"] = make_employee(diskominfo, position_type="administrator")

    # forums
    forum_services.forum_sync_all()
    forum = Forum.objects.get(agency=diskominfo)
    w["forum"] = forum
    w["city_forum"] = Forum.objects.get(kind=Forum.Kind.CITY)
    w["topic"] = forum_services.topic_create(forum=forum, author=agen, title="Uji ketahanan formulir",
                                             body="Isi topik pembuka.")
    w["reply"] = forum_services.post_create(topic=w["topic"], author=kepala, body="Balasan dari kepala.")
    w["opening_post"] = w["topic"].first_post
    w["forum_report"] = forum_services.report_create(post=w["reply"], reporter=agen, reason="spam", note="")

    # evaluations: an editable instrument, a draft cycle, an open cycle with an assignment for agen.diskominfo
    ensure_default_instruments()
    w["instrument_360"] = Instrument.objects.get(code=BEHAVIOUR_360_CODE, version=1)
    inst = evaluation_services.instrument_create(by=tim_rb, code="UJI-ROBUST", name="Instrumen uji",
                                                 scale_max=5, scale_labels=["1", "2", "3", "4", "5"])
    dim = evaluation_services.dimension_save(instrument=inst, by=tim_rb, code="D1", name="Dimensi uji")
    w["item"] = evaluation_services.item_save(instrument=inst, by=tim_rb, dimension=dim, text="Pernyataan uji",
                                              rater_groups=["self", "peer"])
    w["instrument"], w["dimension"] = inst, dim
    w["draft_cycle"] = evaluation_services.cycle_create(
        by=tim_rb, name="Siklus draf uji", instrument=w["instrument_360"], opens_on=today,
        closes_on=today + dt.timedelta(days=14))
    open_cycle = evaluation_services.cycle_create(
        by=tim_rb, name="Siklus terbuka uji", instrument=w["instrument_360"], opens_on=today - dt.timedelta(days=2),
        closes_on=today + dt.timedelta(days=12))
    Cycle.objects.filter(pk=open_cycle.pk).update(status=Cycle.Status.OPEN)
    open_cycle.refresh_from_db()
    w["open_cycle"] = open_cycle
    w["assignment"] = Assignment.objects.create(cycle=open_cycle, subject=w["employee"], rater=agen.employee,
                                                group="peer")
    w["draft_assignment"] = Assignment.objects.create(cycle=w["draft_cycle"], subject=w["employee"],
                                                      rater=kepala.employee, group="peer")
    w["colleague_nips"] = list(Employee.objects.filter(agency=diskominfo, is_active=True)
                               .exclude(pk__in=[w["employee"].pk, kepala.employee_id]).order_by("pk")
                               .values_list("nip", flat=True)[:5])
    w["peer_items"] = [i for i in Item.objects.filter(dimension__instrument=w["instrument_360"])
                       if "peer" in i.rater_groups]

    # notifications: preferences exist (the page creates them on first visit), one notification per writer
    for u in (tim_rb, operator, kepala, agen):
        EmailPreference.objects.get_or_create(user=u)
    notify(recipients=[tim_rb, operator, kepala, agen], kind="uji", title="Uji", body="Uji", url="/", email=False)
    w["notifications"] = {n.recipient.username: n for n in Notification.objects.filter(kind="uji")}

    report = Report(kind=Report.Kind.MONTHLY, agency=diskominfo, period_label="2026-10",
                    period_start=dt.date(2026, 10, 1), period_end=dt.date(2026, 10, 31))
    report.pdf.save("laporan.pdf", ContentFile(PDF_MIN), save=False)
    report.xlsx.save("laporan.xlsx", ContentFile(b"PK\x03\x04 not really"), save=False)
    report.save()
    w["report"] = report
    return w


def refreshed(obj):
    return type(obj).objects.get(pk=obj.pk)


__all__ = ["ChangeAgent", "build_world", "db_state", "describe_change", "refreshed", "row_counts", "PNG_1PX",
           "PDF_MIN"]
