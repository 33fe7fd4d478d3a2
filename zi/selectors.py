"""Reads for the ZI workspace: the live figures from agents and evaluations, the tree with its entries, evidence and
rounds, and the scores per agency and for the city, each in a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from agents import selectors as agent_selectors
from agents.models import ChangeAgent, ChangeProject, ProgramPeriod, ProgressReport
from organization.models import Agency

from .models import Assessment, Entry, Evidence, Indicator, PackBuild, ReviewRound

GRADE_VALUES = {"A": 100.0, "B": 50.0, "C": 0.0}


def evaluation_figures(agency_ids: list[int] | None) -> tuple[object | None, dict[int, dict]]:
    """The one place zi reads 360° results: the agency-level summary of the latest *published* cycle, through the
    evaluations app's public selectors (which apply its disclosure rules; scores under the anonymity threshold come
    back as None). Never an individual's result."""
    from evaluations import selectors as ev

    cycle = ev.latest_published_cycle()
    if cycle is None:
        return None, {}
    summary = ev.cycle_summary(cycle=cycle, agency_ids=agency_ids)
    figures = {}
    for agency_id, row in summary["by_agency"].items():
        scores = dict(row.get("scores") or {})
        known = [s for s in scores.values() if s is not None]
        figures[agency_id] = {"response_rate": row.get("response_rate"), "scores": scores,
                              "score": round(sum(known) / len(known), 1) if known else None}
    return cycle, figures


def portal_values(agency_ids: list[int] | None, period: ProgramPeriod | None) -> tuple[object | None, dict[int, dict]]:
    """Per agency: the agents' ZI figures, the 360° figures and the value (0–100) of each portal-filled source."""
    summary = agent_selectors.agency_summary(agency_ids=agency_ids, period=period)
    cycle, evals = evaluation_figures(list(summary))
    result = {}
    for agency_id, row in summary.items():
        ev = evals.get(agency_id, {})
        result[agency_id] = {"agents": row, "eval": ev, "values": {
            Indicator.Source.AGENT_GRADE: GRADE_VALUES[row["zi_grade"]],
            Indicator.Source.ROLE_MODEL: 100.0 if row["role_models"] else 0.0,
            Indicator.Source.CHANGES: float(row["pct_agents_with_change"]),
            Indicator.Source.INTEGRATED: float(row["pct_integrated"]),
            Indicator.Source.EVAL_RESPONSE: ev.get("response_rate"),
            Indicator.Source.EVAL_SCORE: ev.get("score"),
        }}
    return cycle, result


def active_indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(active=True).order_by("order", "code"))


def indicator_value(indicator: Indicator, values: dict, entry: Entry | None) -> float | None:
    if indicator.is_manual:
        return float(entry.value) if entry is not None and entry.value is not None else None
    value = values.get(indicator.source)
    return None if value is None else float(value)


def compute_score(indicators: list[Indicator], values: dict, entries: dict[int, Entry]) -> dict:
    """Score = Σ weight × value ÷ 100 over the indicators (a missing value counts 0); ``percent`` of the maximum."""
    total, maximum, rows = Decimal(0), Decimal(0), []
    for indicator in indicators:
        value = indicator_value(indicator, values, entries.get(indicator.pk))
        points = indicator.weight * Decimal(str(value or 0)) / 100
        total += points
        maximum += indicator.weight
        rows.append({"indicator": indicator, "value": value, "points": points.quantize(Decimal("0.01"))})
    percent = float(total / maximum * 100) if maximum else 0.0
    return {"score": total.quantize(Decimal("0.01")), "max": maximum, "percent": round(percent, 1), "rows": rows}


def default_period() -> ProgramPeriod | None:
    """The period whose term is running today (ZI evidence is about the agents at work), else the current one."""
    today = timezone.localdate()
    running = (ProgramPeriod.objects.filter(term_start__lte=today, term_end__gte=today)
               .order_by("-term_start", "-pk").first())
    return running or ProgramPeriod.objects.current()


def workspace(agency: Agency, period: ProgramPeriod) -> dict:
    """Everything the workspace page shows, in a fixed number of queries whatever the size of the agency."""
    cycle, per_agency = portal_values([agency.pk], period)
    figures = per_agency.get(agency.pk, {"agents": {}, "eval": {}, "values": {}})
    assessment = Assessment.objects.filter(agency=agency, period=period).first()
    entries: dict[int, Entry] = {}
    rounds: list[ReviewRound] = []
    if assessment is not None:
        entries = {e.indicator_id: e for e in assessment.entries.prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("added_at", "pk")))}
        rounds = list(assessment.rounds.select_related("submitted_by", "reviewed_by").prefetch_related("notes"))
    indicators = active_indicators()
    score = compute_score(indicators, figures["values"], entries)
    notes_by_round = {r.pk: {n.indicator_id: n for n in r.notes.all()} for r in rounds}
    rows = []
    for row in score["rows"]:
        indicator = row["indicator"]
        entry = entries.get(indicator.pk)
        rows.append({**row, "entry": entry, "evidence": list(entry.evidence.all()) if entry else [],
                     "history": [{"round": r, "snapshot": r.snapshot.get(indicator.code, {}),
                                  "note": notes_by_round[r.pk].get(indicator.pk)} for r in rounds]})
    return {"assessment": assessment, "status": assessment.status if assessment else Assessment.Status.DRAFT,
            "rows": rows, "score": score, "figures": figures, "cycle": cycle, "rounds": rounds,
            "pack": latest_pack(agency, period)}


def latest_pack(agency: Agency, period: ProgramPeriod) -> PackBuild | None:
    return PackBuild.objects.filter(agency=agency, period=period).order_by("-created_at", "-pk").first()


def link_choices(agency: Agency) -> dict[str, list[tuple[int, str]]]:
    """Portal records of the agency an indicator may link to (three queries)."""
    projects = [(pk, title) for pk, title in ChangeProject.objects.filter(agency=agency)
                .order_by("-created_at").values_list("pk", "title")[:200]]
    reports = [(pk, f"{month:%m/%Y} · {title}") for pk, month, title in ProgressReport.objects
               .filter(project__agency=agency).order_by("-month", "-pk")
               .values_list("pk", "month", "project__title")[:200]]
    decrees = [(pk, f"{number} · {name}") for pk, number, name in ChangeAgent.objects.filter(agency=agency)
               .order_by("-decree_date", "pk").values_list("pk", "decree_number", "employee__name")[:200]]
    return {Evidence.LinkKind.PROJECT: projects, Evidence.LinkKind.REPORT: reports, Evidence.LinkKind.DECREE: decrees}


def city_scores(period: ProgramPeriod | None, agency_ids: list[int] | None = None) -> dict:
    """Live score of every top-level agency (or ``agency_ids``) and the city's mean, in a fixed number of queries."""
    _cycle, per_agency = portal_values(agency_ids, period)
    indicators = active_indicators()
    entries: dict[int, dict[int, Entry]] = {aid: {} for aid in per_agency}
    statuses = {}
    if period is not None:
        for entry in Entry.objects.filter(assessment__period=period, assessment__agency_id__in=list(per_agency)) \
                .select_related("assessment"):
            entries[entry.assessment.agency_id][entry.indicator_id] = entry
        statuses = dict(Assessment.objects.filter(period=period, agency_id__in=list(per_agency))
                        .values_list("agency_id", "status"))
    names = dict(Agency.objects.filter(pk__in=list(per_agency)).values_list("pk", "name"))
    rows = []
    for agency_id, figures in per_agency.items():
        score = compute_score(indicators, figures["values"], entries[agency_id])
        rows.append({"agency_id": agency_id, "name": names.get(agency_id, ""), "score": score["score"],
                     "max": score["max"], "percent": score["percent"],
                     "status": Assessment.Status(statuses.get(agency_id, Assessment.Status.DRAFT)).label})
    rows.sort(key=lambda r: r["name"])
    city = round(sum(r["percent"] for r in rows) / len(rows), 1) if rows else 0.0
    return {"rows": rows, "city_percent": city}
