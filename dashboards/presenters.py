"""Turn the figures (``dashboards.selectors``) into what the page, the charts and the exports show.

The page, the PDF and the workbook all read the tables built here from one figures dict, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from organization.models import Agency

NOT_AVAILABLE = "—"

NOMINATION_STATUSES = [
    ("draft", gettext_lazy("Draf")),
    ("submitted", gettext_lazy("Diajukan")),
    ("endorsed", gettext_lazy("Disetujui kepala PD")),
    ("approved", gettext_lazy("Ditetapkan")),
    ("rejected", gettext_lazy("Ditolak")),
]
PROJECT_STATUSES = {
    "planned": gettext_lazy("Direncanakan"),
    "ongoing": gettext_lazy("Berjalan"),
    "done": gettext_lazy("Selesai"),
    "cancelled": gettext_lazy("Dibatalkan"),
}
AGENT_KINDS = {"agen": pgettext_lazy("peran", "Agen perubahan"), "role_model": gettext_lazy("Role model")}
BAND_LABELS = {
    "A": gettext_lazy("Sehat"),
    "B": gettext_lazy("Cukup Sehat"),
    "C": gettext_lazy("Tidak Sehat"),
    "D": gettext_lazy("Sangat Tidak Sehat"),
}
ZI_GRADE_LABELS = {
    "A": gettext_lazy("Agen ditetapkan dan berkontribusi"),
    "B": gettext_lazy("Agen ditetapkan, belum berkontribusi"),
    "C": gettext_lazy("Belum ada agen"),
}

# Sortable columns of the agency table: query-string key -> (row key, label).
SORT_COLUMNS = {
    "name": ("name", gettext_lazy("Perangkat daerah")),
    "kind": ("kind", gettext_lazy("Jenis")),
    "employees": ("employees", gettext_lazy("Pegawai")),
    "agents": ("agents", gettext_lazy("Agen")),
    "quota": ("quota", gettext_lazy("Kuota")),
    "role_models": ("role_models", gettext_lazy("Role model")),
    "pending": ("pending", gettext_lazy("Nominasi menunggu")),
    "projects": ("projects_active", gettext_lazy("Proyek aktif")),
    "change": ("pct_agents_with_change", gettext_lazy("Agen dengan perubahan (%)")),
    "integrated": ("pct_integrated", gettext_lazy("Perubahan terintegrasi (%)")),
    "grade": ("zi_grade", gettext_lazy("Predikat ZI")),
    "response": ("open_response_rate", gettext_lazy("Respons siklus terbuka (%)")),
    "score": ("score_mean", gettext_lazy("Skor rata-rata")),
    "posts": ("posts", gettext_lazy("Tulisan forum")),
}
DEFAULT_SORT = "name"


def kind_label(kind: str) -> str:
    return str(dict(Agency.Kind.choices).get(kind, kind))


def short_name(row: dict) -> str:
    return row.get("abbreviation") or row.get("name") or ""


def fmt(value, suffix: str = "") -> str:
    """A number as the page shows it (Indonesian decimal comma), or a dash when there is none."""
    if value is None or value == "":
        return NOT_AVAILABLE
    if isinstance(value, float):
        return formats.number_format(value, 1) + suffix
    return f"{value}{suffix}"


def date_label(value: str | None) -> str:
    if not value:
        return NOT_AVAILABLE
    day = dt.date.fromisoformat(value[:10])
    return formats.date_format(day, "j F Y")


# --- sorting ------------------------------------------------------------------------------------------------

def sort_agencies(rows: list[dict], sort: str, direction: str) -> tuple[list[dict], str, str]:
    """Rows sorted by a known column (unknown keys fall back to the name); empty values always last."""
    if sort not in SORT_COLUMNS:
        sort = DEFAULT_SORT
    direction = "desc" if direction == "desc" else "asc"
    key = SORT_COLUMNS[sort][0]
    present = [r for r in rows if r.get(key) is not None]
    missing = [r for r in rows if r.get(key) is None]

    def sort_key(r):
        value = r.get(key)
        return (value.lower() if isinstance(value, str) else value, r.get("name", "").lower())

    present.sort(key=sort_key, reverse=direction == "desc")
    missing.sort(key=lambda r: r.get("name", "").lower())
    return present + missing, sort, direction


# --- charts -------------------------------------------------------------------------------------------------

def period_label(figures: dict) -> str:
    """The program period (and evaluation cycle) the figures describe, for a PDF's header."""
    names = [(figures.get("period") or {}).get("name"), (figures.get("cycle") or {}).get("name")]
    return " · ".join(n for n in names if n)


def export_charts(figures: dict, top: int = 20) -> list[tuple[str, list, list]]:
    """The page's charts for the PDF, as (title, labels, values): scores per value, and agents per agency (the
    ``top`` agencies with the most agents; the table after them lists all)."""
    charts = []
    values = figures.get("values") or []
    if figures.get("cycle") and values:
        charts.append((_("Skor per nilai (0–100): %(cycle)s") % {"cycle": figures["cycle"].get("name", "")},
                       [v["name"] for v in values], [figures["scores"].get(v["code"]) for v in values]))
    rows = figures.get("agencies") or []
    if figures["sections"].get("agents") and rows:
        most = sorted(rows, key=lambda r: -(r.get("agents") or 0))[:top]
        charts.append((_("Agen aktif per perangkat daerah"), [short_name(r) for r in most],
                       [r.get("agents", 0) for r in most]))
    return charts


def chart_data(figures: dict) -> dict:
    """Data for static/dashboards/charts.js (passed with ``json_script``)."""
    values = figures.get("values") or []
    rows = figures.get("agencies") or []
    data: dict = {"labels": {
        "agents": _("Agen aktif"), "quota": _("Kuota"), "posts": _("Tulisan"),
        "latest": (figures.get("cycle") or {}).get("name") or _("Siklus terakhir"),
        "previous": (figures.get("previous_cycle") or {}).get("name") or _("Siklus sebelumnya"),
        "score": _("Skor (0–100)"),
    }}
    if figures["sections"].get("agents"):
        data["agents"] = {
            "labels": [short_name(r) for r in rows],
            "agents": [r.get("agents", 0) for r in rows],
            "quota": [r.get("quota", 0) for r in rows],
        }
    if figures.get("cycle") and values:
        data["scores"] = {
            "labels": [v["name"] for v in values],
            "latest": [figures["scores"].get(v["code"]) for v in values],
            "previous": [figures["previous_scores"].get(v["code"]) for v in values]
            if figures.get("previous_cycle") else None,
        }
    if len(figures.get("trend") or []) > 0 and values:
        data["trend"] = {
            "labels": [t["cycle"]["name"] for t in figures["trend"]],
            "series": [{"label": v["name"], "data": [t["scores"].get(v["code"]) for t in figures["trend"]]}
                       for v in values],
        }
    if figures["sections"].get("forums"):
        data["weekly"] = {
            "labels": [formats.date_format(dt.date.fromisoformat(w["week_start"]), "j M") for w in figures["weekly"]],
            "posts": [w["posts"] for w in figures["weekly"]],
        }
    return data


def heatmap(figures: dict) -> list[dict]:
    """Agencies × values with each cell's score and band (the band's colour comes from its letter)."""
    from .selectors import band

    bands = tuple(figures.get("bands") or (75.0, 50.0, 25.0))
    values = figures.get("values") or []
    out = []
    for row in figures.get("agencies") or []:
        cells = []
        for v in values:
            score = (row.get("scores") or {}).get(v["code"])
            cells.append({"score": score, "band": band(score, bands)})
        out.append({"row": row, "cells": cells})
    return out


def nomination_stages(nominations: dict) -> list[tuple[str, int]]:
    return [(str(label), nominations.get(status, 0)) for status, label in NOMINATION_STATUSES]


def band_legend(figures: dict) -> list[dict]:
    a, b, c = figures.get("bands") or (75.0, 50.0, 25.0)
    ranges = {"A": f"≥ {fmt(float(a))}", "B": f"{fmt(float(b))}–{fmt(float(a) - 0.1)}",
              "C": f"{fmt(float(c))}–{fmt(float(b) - 0.1)}", "D": f"< {fmt(float(c))}"}
    return [{"band": k, "label": str(BAND_LABELS[k]), "range": ranges[k]} for k in "ABCD"]


# --- tables (export) ----------------------------------------------------------------------------------------

@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""


def title_for(figures: dict, agency_name: str | None = None) -> str:
    return page_title(kind=figures["scope"].get("kind"), agency_name=agency_name)


def page_title(*, kind: str | None = None, agency_name: str | None = None) -> str:
    if agency_name:
        return _("Dasbor %(agency)s") % {"agency": agency_name}
    if kind:
        return _("Dasbor kota — %(kind)s") % {"kind": kind_label(kind)}
    from organization.institution import current_institution

    return _("Dasbor %(institution)s") % {"institution": current_institution().display_short_name}


def export_tables(figures: dict) -> list[Table]:
    """Every figure of the dashboard as tables, in the order the page shows them."""
    t = figures["totals"]
    sections = figures["sections"]
    missing = _("Data belum tersedia.")
    tables = []

    filters = Table(_("Cakupan dan filter"), [_("Uraian"), _("Nilai")])
    filters.rows += [
        [_("Periode program"), (figures.get("period") or {}).get("name") or NOT_AVAILABLE],
        [_("Siklus evaluasi"), (figures.get("cycle") or {}).get("name") or NOT_AVAILABLE],
        [_("Siklus sebelumnya"), (figures.get("previous_cycle") or {}).get("name") or NOT_AVAILABLE],
        [_("Siklus terbuka"), (figures.get("open_cycle") or {}).get("name") or NOT_AVAILABLE],
        [_("Jenis perangkat daerah"), kind_label(figures["scope"]["kind"]) if figures["scope"].get("kind")
         else _("Semua")],
        [_("Dihitung pada"), figures.get("generated_at", "")[:16].replace("T", " ")],
    ]
    tables.append(filters)

    summary = Table(_("Ringkasan"), [_("Uraian"), _("Nilai")])
    summary.rows += [[_("Perangkat daerah"), t.get("agencies", 0)], [_("Pegawai aktif"), t.get("employees", 0)]]
    if sections.get("agents"):
        summary.rows += [
            [_("Agen perubahan aktif"), t.get("agents", 0)],
            [_("Kuota agen"), t.get("quota", 0)],
            [_("Keterisian kuota (%)"), t.get("quota_fill")],
            [_("Role model"), t.get("role_models", 0)],
            *[[_("Nominasi: %(stage)s") % {"stage": label}, n] for label, n in nomination_stages(t["nominations"])],
            [_("Proyek perubahan aktif"), t.get("projects_active", 0)],
            [_("Perubahan nyata (12 bulan)"), t.get("changes", 0)],
            [_("Agen dengan perubahan nyata (%)"), t.get("pct_agents_with_change")],
            [_("Perubahan terintegrasi (%)"), t.get("pct_integrated")],
            [_("Predikat ZI (agen perubahan)"), t.get("zi_grade")],
            *[[_("Perangkat daerah berpredikat %(grade)s") % {"grade": g}, n]
              for g, n in (t.get("zi_grades") or {}).items()],
        ]
    else:
        summary.rows.append([_("Agen perubahan"), missing])
    if sections.get("evaluations"):
        summary.rows += [
            [_("Respons siklus terbuka (%)"), t.get("open_response_rate")],
            [_("Respons siklus yang ditampilkan (%)"), t.get("response_rate")],
            [_("Skor rata-rata nilai"), t.get("score_mean")],
        ]
    else:
        summary.rows.append([_("Evaluasi"), missing])
    if sections.get("forums"):
        summary.rows += [[_("Topik forum PD (12 minggu)"), t.get("topics", 0)],
                         [_("Tulisan forum PD (12 minggu)"), t.get("posts", 0)]]
    else:
        summary.rows.append([_("Forum"), missing])
    tables.append(summary)

    agencies = Table(_("Perangkat daerah"), [str(label) for _key, (_field, label) in SORT_COLUMNS.items()])
    for r in figures.get("agencies") or []:
        agencies.rows.append([
            r["name"], kind_label(r["kind"]), r.get("employees"), r.get("agents"), r.get("quota"),
            r.get("role_models"), r.get("pending"), r.get("projects_active"), r.get("pct_agents_with_change"),
            r.get("pct_integrated"), r.get("zi_grade"), r.get("open_response_rate"), r.get("score_mean"),
            r.get("posts"),
        ])
    tables.append(agencies)

    values = figures.get("values") or []
    if values:
        scores = Table(_("Skor per nilai"), [_("Nilai"), (figures.get("cycle") or {}).get("name", ""),
                                            (figures.get("previous_cycle") or {}).get("name") or _("Sebelumnya")])
        for v in values:
            scores.rows.append([v["name"], figures["scores"].get(v["code"]), figures["previous_scores"].get(v["code"])])
        tables.append(scores)

        heat = Table(_("Skor perangkat daerah per nilai"), [_("Perangkat daerah"), *[v["name"] for v in values]],
                     note=_("Skor 0–100; kosong bila responden kurang dari ambang anonimitas."))
        for item in heatmap(figures):
            heat.rows.append([item["row"]["name"], *[c["score"] for c in item["cells"]]])
        tables.append(heat)

    if figures.get("trend") and values:
        trend = Table(_("Tren antar siklus"), [_("Siklus"), *[v["name"] for v in values]])
        for entry in figures["trend"]:
            trend.rows.append([entry["cycle"]["name"], *[entry["scores"].get(v["code"]) for v in values]])
        tables.append(trend)

    if sections.get("forums") and figures.get("weekly"):
        weekly = Table(_("Aktivitas forum per minggu"), [_("Minggu mulai"), _("Tulisan")])
        weekly.rows += [[date_label(w["week_start"]), w["posts"]] for w in figures["weekly"]]
        tables.append(weekly)

    detail = figures.get("detail")
    if detail:
        agents = Table(_("Agen perubahan dan proyeknya"),
                       [_("Nama"), _("NIP"), _("Jenis"), _("Akhir masa tugas"), _("Proyek"), _("Status proyek"),
                        _("Kemajuan (%)"), _("Terintegrasi")])
        for a in detail["agents"]:
            projects = a["projects"] or [None]
            for p in projects:
                agents.rows.append([
                    a["name"], a["nip"], str(AGENT_KINDS.get(a["kind"], a["kind"])), date_label(a["term_end"]),
                    p["title"] if p else NOT_AVAILABLE,
                    str(PROJECT_STATUSES.get(p["status"], p["status"])) if p else NOT_AVAILABLE,
                    p["progress"] if p else None, (_("Ya") if p["integrated"] else _("Tidak")) if p else NOT_AVAILABLE,
                ])
        tables.append(agents)
        pending = Table(_("Nominasi menunggu keputusan"), [_("Nama"), _("NIP"), _("Status"), _("Diajukan")])
        labels = dict(NOMINATION_STATUSES)
        for n in detail["nominations"]:
            pending.rows.append([n["name"], n["nip"], str(labels.get(n["status"], n["status"])),
                                 date_label(n["submitted_at"])])
        tables.append(pending)
        units = Table(_("Respons pegawai per sub-unit"),
                      [_("Sub-unit"), _("Pegawai aktif"), _("Penilaian ditugaskan"), _("Penilaian dikirim"),
                       _("Tingkat respons (%)")],
                      note=(detail.get("units_cycle") or {}).get("name", ""))
        for u in detail["units"]:
            units.rows.append([u["name"], u["employees"], u["assigned"], u["submitted"], u["response_rate"]])
        tables.append(units)
    return tables
