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


# --- at a glance --------------------------------------------------------------------------------------------

TOP_N = 5
#: The top/bottom lists of the city dashboard: (row key, title of the best, title of the worst, suffix).
RANKINGS = [
    ("quota_fill", gettext_lazy("Keterisian kuota tertinggi"), gettext_lazy("Keterisian kuota terendah"), "%"),
    ("score_mean", gettext_lazy("Skor nilai tertinggi"), gettext_lazy("Skor nilai terendah"), ""),
    ("open_response_rate", gettext_lazy("Respons siklus terbuka tertinggi"),
     gettext_lazy("Respons siklus terbuka terendah"), "%"),
]
#: Which column of the full table each ranking opens sorted by.
RANKING_SORT = {"quota_fill": "quota", "score_mean": "score", "open_response_rate": "response"}


def top_bottom(rows: list[dict], key: str, n: int = TOP_N) -> tuple[list[dict], list[dict]]:
    """The ``n`` rows with the highest ``key`` and the ``n`` with the lowest (lowest first), never the same row
    twice; rows without a figure (no quota, or hidden by the anonymity rule) are in neither."""
    present = sorted((r for r in rows if r.get(key) is not None),
                     key=lambda r: (-float(r[key]), (r.get("name") or "").lower()))
    top = present[:n]
    rest = present[n:]
    bottom = sorted(rest, key=lambda r: (float(r[key]), (r.get("name") or "").lower()))[:n]
    return top, bottom


def bottom_top(rows: list[dict], key: str, n: int = TOP_N) -> tuple[list[dict], list[dict]]:
    """The other way round: the ``n`` lowest (lowest first: what to follow up), then the ``n`` highest of the
    rest (highest first)."""
    present = sorted((r for r in rows if r.get(key) is not None),
                     key=lambda r: (float(r[key]), (r.get("name") or "").lower()))
    low = present[:n]
    high = sorted(present[n:], key=lambda r: (-float(r[key]), (r.get("name") or "").lower()))[:n]
    return low, high


def rankings(figures: dict) -> list[dict]:
    """The city dashboard's top-5 / bottom-5 lists, each with the sort key of its full table."""
    out = []
    rows = figures.get("agencies") or []
    if not rows:
        return out
    for key, best, worst, suffix in RANKINGS:
        if key == "score_mean" and not figures.get("cycle"):
            continue
        if key == "open_response_rate" and not figures.get("open_cycle"):
            continue
        top, bottom = top_bottom(rows, key)
        out.append({"key": key, "sort": RANKING_SORT[key], "best": str(best), "worst": str(worst),
                    "suffix": suffix, "top": top, "bottom": bottom,
                    "lists": [(str(best), top), (str(worst), bottom)],
                    "count": sum(1 for r in rows if r.get(key) is not None)})
    return out


def delta(value) -> dict | None:
    """A change as the page shows it: an arrow (▲ up, ▼ down, = none), its words for a screen reader, the number."""
    if value is None:
        return None
    value = float(value)
    if value > 0:
        return {"arrow": "▲", "word": str(_("naik")), "css": "up", "value": value, "text": "+" + fmt(value)}
    if value < 0:
        return {"arrow": "▼", "word": str(_("turun")), "css": "down", "value": value, "text": fmt(value)}
    return {"arrow": "=", "word": str(_("tetap")), "css": "same", "value": 0.0, "text": fmt(0.0)}


def value_scores(figures: dict) -> list[dict]:
    """The seven values: latest published score, its band and the change since the previous cycle."""
    from .selectors import band

    bands = tuple(figures.get("bands") or (75.0, 50.0, 25.0))
    deltas = (figures.get("glance") or {}).get("score_deltas") or {}
    out = []
    for v in figures.get("values") or []:
        score = (figures.get("scores") or {}).get(v["code"])
        out.append({"code": v["code"], "name": v["name"], "score": score, "band": band(score, bands),
                    "delta": delta(deltas.get(v["code"]))})
    return out


def attention(figures: dict, *, city: bool) -> list[dict]:
    """Where the program is behind, as (label, count, key) lines; a zero is listed too (the reader sees it was
    checked). ``key`` names the line for the page's links and tests."""
    g = figures.get("glance") or {}
    sections = figures["sections"]
    items = []
    if sections.get("agents"):
        if city:
            items.append({"key": "without_agents", "count": g.get("agencies_without_agents", 0),
                          "label": _("perangkat daerah belum punya agen perubahan")})
        items.append({"key": "stalled", "count": g.get("stalled", 0),
                      "label": _("nominasi tertahan melewati batas eskalasi")})
        items.append({"key": "reports_overdue", "count": g.get("reports_overdue", 0),
                      "label": _("rencana aksi terlambat melapor (laporan bulan lalu belum ada)")})
    if sections.get("evaluations") and figures.get("open_cycle"):
        if city:
            items.append({"key": "low_response", "count": g.get("agencies_low_response", 0),
                          "label": _("perangkat daerah dengan respons siklus terbuka di bawah %(rate)s")
                          % {"rate": fmt(g.get("low_response_rate", 50.0), "%")}})
        else:
            items.append({"key": "low_response", "count": 1 if g.get("open_cycle_low") else 0,
                          "label": _("siklus terbuka dengan respons di bawah %(rate)s")
                          % {"rate": fmt(g.get("low_response_rate", 50.0), "%")}})
    return items


def glance_context(figures: dict, *, city: bool) -> dict:
    """What the first screen (``_glance.html``) needs besides the figures."""
    items = attention(figures, city=city)
    glance = figures.get("glance") or {}
    return {
        "glance": glance,
        "glance_mean_delta": delta(glance.get("score_mean_delta")),
        "value_scores": value_scores(figures),
        "attention": items,
        "attention_total": sum(i["count"] for i in items),
        "attention_open": sum(1 for i in items if i["count"]),
    }


def search_agencies(rows: list[dict], q: str) -> list[dict]:
    """Rows whose name, abbreviation or code contains ``q`` (case-insensitive)."""
    q = (q or "").strip().lower()
    if not q:
        return rows
    return [r for r in rows if any(q in (r.get(k) or "").lower() for k in ("name", "abbreviation", "code"))]


# --- charts -------------------------------------------------------------------------------------------------

def period_label(figures: dict) -> str:
    """The program period (and evaluation cycle) the figures describe, for a PDF's header."""
    names = [(figures.get("period") or {}).get("name"), (figures.get("cycle") or {}).get("name")]
    return " · ".join(n for n in names if n)


def export_charts(figures: dict) -> list[tuple[str, list, list]]:
    """The page's charts for the PDF, as (title, labels, values): the scores per value. (The agencies come as
    top-5 / bottom-5 tables, as on the page, not as a bar per agency.)"""
    charts = []
    values = figures.get("values") or []
    if figures.get("cycle") and values:
        charts.append((_("Skor per nilai (0–100): %(cycle)s") % {"cycle": figures["cycle"].get("name", "")},
                       [v["name"] for v in values], [figures["scores"].get(v["code"]) for v in values]))
    return charts


MIN_TREND_POINTS = 2


def has_trend(figures: dict) -> bool:
    """A trend needs two published cycles: one point is no line."""
    return len(figures.get("trend") or []) >= MIN_TREND_POINTS


def chart_data(figures: dict) -> dict:
    """Data for static/dashboards/charts.js (passed with ``json_script``)."""
    values = figures.get("values") or []
    data: dict = {"labels": {
        "agents": _("Agen aktif"), "quota": _("Kuota"), "posts": _("Tulisan"),
        "latest": (figures.get("cycle") or {}).get("name") or _("Siklus terakhir"),
        "previous": (figures.get("previous_cycle") or {}).get("name") or _("Siklus sebelumnya"),
        "score": _("Skor (0–100)"),
    }}
    if figures.get("cycle") and values:
        data["scores"] = {
            "labels": [v["name"] for v in values],
            "latest": [figures["scores"].get(v["code"]) for v in values],
            "previous": [figures["previous_scores"].get(v["code"]) for v in values]
            if figures.get("previous_cycle") else None,
        }
    if has_trend(figures) and values:
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


def heatmap(figures: dict, rows: list[dict] | None = None) -> list[dict]:
    """Agencies (``rows``, default: every agency of the figures) × values with each cell's score and band (the
    band's colour comes from its letter)."""
    from .selectors import band

    bands = tuple(figures.get("bands") or (75.0, 50.0, 25.0))
    values = figures.get("values") or []
    out = []
    for row in figures.get("agencies") or [] if rows is None else rows:
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


def _ranking_tables(figures: dict) -> list[Table]:
    tables = []
    for ranking in rankings(figures):
        for title, rows in ((ranking["best"], ranking["top"]), (ranking["worst"], ranking["bottom"])):
            if not rows:
                continue
            table = Table(str(title), [_("Perangkat daerah"), _("Angka")],
                          note=_("Daftar lengkap ada di unduhan Excel."))
            table.rows += [[r["name"], r.get(ranking["key"])] for r in rows]
            tables.append(table)
    return tables


# --- tables (export) ----------------------------------------------------------------------------------------

@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""


def title_for(figures: dict, agency_name: str | None = None) -> str:
    return page_title(kind=figures["scope"].get("kind"), agency_name=agency_name)


def page_title(*, kind: str | None = None, agency_name: str | None = None, institution=None) -> str:
    """``institution``: the request's (``organization.chrome.institution``, read with the chrome's keys), else the
    current one is read."""
    if agency_name:
        return _("Dasbor %(agency)s") % {"agency": agency_name}
    if kind:
        return _("Dasbor kota — %(kind)s") % {"kind": kind_label(kind)}
    if institution is None:
        from organization.institution import current_institution

        institution = current_institution()
    return _("Dasbor %(institution)s") % {"institution": institution.display_short_name}


def export_tables(figures: dict, *, compact: bool = False) -> list[Table]:
    """Every figure of the dashboard as tables, in the order the page shows them. ``compact`` (the PDF) follows
    the page: top-5 / bottom-5 lists instead of one row per agency, the first agents and the sub-units with the
    lowest and highest response instead of every one; the workbook (not compact) keeps every row."""
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
    glance = figures.get("glance") or {}
    if glance:
        city = not figures.get("detail")
        summary.rows += [[_("Perlu perhatian: %(what)s") % {"what": item["label"]}, item["count"]]
                         for item in attention(figures, city=city)]
        since = date_label(glance.get("since"))
        if sections.get("agents"):
            summary.rows += [[_("Agen baru sejak %(date)s") % {"date": since}, glance.get("agents_new", 0)],
                             [_("Proyek selesai sejak %(date)s") % {"date": since}, glance.get("changes_new", 0)]]
        if glance.get("score_mean_delta") is not None:
            summary.rows.append([_("Perubahan skor rata-rata sejak siklus sebelumnya"), glance["score_mean_delta"]])
    if sections.get("forums"):
        summary.rows += [[_("Topik forum PD (12 minggu)"), t.get("topics", 0)],
                         [_("Tulisan forum PD (12 minggu)"), t.get("posts", 0)]]
    else:
        summary.rows.append([_("Forum"), missing])
    tables.append(summary)

    if compact and len(figures.get("agencies") or []) > 1:
        tables += _ranking_tables(figures)
    agencies = Table(_("Perangkat daerah"), [str(label) for _key, (_field, label) in SORT_COLUMNS.items()])
    for r in [] if compact else figures.get("agencies") or []:
        agencies.rows.append([
            r["name"], kind_label(r["kind"]), r.get("employees"), r.get("agents"), r.get("quota"),
            r.get("role_models"), r.get("pending"), r.get("projects_active"), r.get("pct_agents_with_change"),
            r.get("pct_integrated"), r.get("zi_grade"), r.get("open_response_rate"), r.get("score_mean"),
            r.get("posts"),
        ])
    if agencies.rows or not compact:
        tables.append(agencies)

    values = figures.get("values") or []
    if values:
        scores = Table(_("Skor per nilai"), [_("Nilai"), (figures.get("cycle") or {}).get("name", ""),
                                            (figures.get("previous_cycle") or {}).get("name") or _("Sebelumnya"),
                                            _("Perubahan")])
        for v in value_scores(figures):
            change = v["delta"]
            scores.rows.append([v["name"], v["score"], figures["previous_scores"].get(v["code"]),
                                f"{change['arrow']} {change['text']}" if change else None])
        tables.append(scores)

        if not compact or len(figures.get("agencies") or []) == 1:
            heat = Table(_("Skor perangkat daerah per nilai"), [_("Perangkat daerah"), *[v["name"] for v in values]],
                         note=_("Skor 0–100; kosong bila responden kurang dari ambang anonimitas."))
            for item in heatmap(figures):
                heat.rows.append([item["row"]["name"], *[c["score"] for c in item["cells"]]])
            tables.append(heat)

    if has_trend(figures) and values:
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
        shown_agents = detail["agents"][:TOP_N] if compact else detail["agents"]
        if compact and len(detail["agents"]) > TOP_N:
            agents.note = _("%(shown)d dari %(total)d agen; daftar lengkap ada di unduhan Excel dan di halaman "
                            "dasbor.") % {"shown": TOP_N, "total": len(detail["agents"])}
        for a in shown_agents:
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
        if compact and len(detail["nominations"]) > TOP_N:
            pending.note = _("%(shown)d terlama dari %(total)d; daftar lengkap ada di unduhan Excel.") % {
                "shown": TOP_N, "total": len(detail["nominations"])}
        for n in detail["nominations"][:TOP_N] if compact else detail["nominations"]:
            pending.rows.append([n["name"], n["nip"], str(labels.get(n["status"], n["status"])),
                                 date_label(n["submitted_at"])])
        tables.append(pending)
        units = Table(_("Respons pegawai per sub-unit"),
                      [_("Sub-unit"), _("Pegawai aktif"), _("Penilaian ditugaskan"), _("Penilaian dikirim"),
                       _("Tingkat respons (%)")],
                      note=(detail.get("units_cycle") or {}).get("name", ""))
        shown_units = detail["units"]
        if compact and len(shown_units) > 2 * TOP_N:
            top, bottom = top_bottom(shown_units, "response_rate")
            shown_units = bottom + top
            units.title = _("Respons pegawai: sub-unit terendah dan tertinggi")
            units.note = " · ".join(n for n in [units.note, _("Daftar lengkap ada di unduhan Excel.")] if n)
        for u in shown_units:
            units.rows.append([u["name"], u["employees"], u["assigned"], u["submitted"], u["response_rate"]])
        tables.append(units)
    return tables
