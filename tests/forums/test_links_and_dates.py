"""Row links and dates are made without reverse() and the date filter per row, and read exactly the same."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix
from django.utils import timezone, translation

from forums.links import url_for


@pytest.mark.parametrize("name, args", [
    ("forums:topic", [7]), ("forums:post_react", [123456]), ("forums:post_moderate", [42, "sembunyikan"]),
    ("forums:attachment", [1]),
])
def test_row_links_read_the_same_as_reverse(name, args):
    assert url_for(name, *args) == reverse(name, args=args)


def test_row_links_follow_the_script_prefix():
    try:
        set_script_prefix("/portal/")
        assert url_for("forums:topic", 5) == reverse("forums:topic", args=[5]) == "/portal/forums/t/5/"
    finally:
        set_script_prefix("/")
    assert url_for("forums:topic", 5) == "/forums/t/5/"


@pytest.mark.parametrize("language", ["id", "en"])
def test_long_dates_read_like_the_date_filter(language):
    values = [
        timezone.make_aware(dt.datetime(2026, 11, 7, 23, 5)),
        dt.datetime(2026, 1, 31, 18, 30, tzinfo=dt.UTC),  # another day in Jakarta (UTC+7)
    ]
    ours = Template("{% load forums_tags %}{{ v|long_date }}|{{ v|long_datetime }}")
    django = Template('{{ v|date:"j F Y" }}|{{ v|date:"j F Y H:i" }}')
    with translation.override(language):
        for value in values:
            assert ours.render(Context({"v": value})) == django.render(Context({"v": value}))
        assert ours.render(Context({"v": None})) == "|"
        assert Template("{% load forums_tags %}{{ d|long_date }}").render(Context({"d": dt.date(2026, 3, 1)})) \
            == Template('{{ d|date:"j F Y" }}').render(Context({"d": dt.date(2026, 3, 1)}))
