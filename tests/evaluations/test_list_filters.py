"""The filters the evaluation lists use per row show what the template code they replace showed."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.utils import translation

from evaluations.scoring import Cell
from evaluations.templatetags.evaluations_tags import rate_cell, score_cells

pytestmark = pytest.mark.django_db

render = engines["django"].from_string


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("value", [
    dt.date(2026, 11, 28), dt.date(2026, 1, 1), dt.date(2026, 5, 9),
    dt.datetime(2026, 11, 27, 20, 30, tzinfo=ZoneInfo("UTC")),           # 28 November 03:30 in Jakarta
    dt.datetime(2026, 11, 28, 16, 59, tzinfo=ZoneInfo("UTC")),           # 28 November 23:59 in Jakarta
    None,
])
def test_long_date_shows_what_the_date_filter_shows(language, value):
    with translation.override(language):
        expected = render('{{ v|date:"j F Y" }}').render({"v": value})
        shown = render("{% load evaluations_tags %}{{ v|long_date }}").render({"v": value})
    assert shown == expected


def test_score_cells_show_one_decimal_with_a_comma_and_a_dash_when_not_reported():
    html = score_cells([Cell(score=87.54, band="A"), Cell(score=None, band=None), None])
    assert html == '<td class="band-A">87,5</td><td class="band-none">–</td><td class="band-none">–</td>'


def test_the_rate_cell_follows_the_language_of_the_page():
    rate = {"rate": 82.9, "submitted": 29, "assigned": 35}
    with translation.override("id"):
        assert rate_cell(rate) == '82,9% <span class="text-muted">(29/35)</span>'
    with translation.override("en"):
        assert rate_cell(rate) == '82.9% <span class="text-muted">(29/35)</span>'
