"""A forum page's whole body is cached with its topic list (``selectors.topic_list(body=...)``): every reader gets
the buttons, hints and tabs of their own rights, the forms carry their own request's CSRF token, and a warm visit
makes three cache round trips of its own."""

from __future__ import annotations

import pickle  # nosec B403: reads back the test cache
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from agenperubahan import fragments
from forums.models import Subscription

pytestmark = pytest.mark.django_db

NEW_TOPIC = "Topik baru"
READ_ONLY_HINT = "Anda dapat membaca forum ini."
MODERATION_TAB = 'href="/forums/moderasi/"'


def _page(user, forum, client=None) -> str:
    client = client or Client()
    client.force_login(user)
    response = client.get(reverse("forums:forum", args=[forum.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("writer_first", [True, False])
def test_a_writer_and_a_reader_of_the_city_forum_each_see_their_own_rights(writer_first, city_forum,
                                                                           agen_diskominfo, pegawai_diskominfo):
    """The agent may start topics in the city forum, the employee only reads it: same list, different bodies."""
    order = [agen_diskominfo, pegawai_diskominfo] if writer_first else [pegawai_diskominfo, agen_diskominfo]
    pages = {user.pk: _page(user, city_forum) for user in order}
    assert NEW_TOPIC in pages[agen_diskominfo.pk] and READ_ONLY_HINT not in pages[agen_diskominfo.pk]
    assert NEW_TOPIC not in pages[pegawai_diskominfo.pk] and READ_ONLY_HINT in pages[pegawai_diskominfo.pk]


@pytest.mark.parametrize("moderator_first", [True, False])
def test_the_moderation_tab_shows_to_moderators_only(moderator_first, city_forum, kepala_diskominfo,
                                                     pegawai_diskominfo):
    """A kepala moderates their agency's forum, not the city's: on the city forum they and an employee differ only
    in the moderation tab of the forum's menu."""
    assert reverse("forums:moderation") == "/forums/moderasi/"
    order = [kepala_diskominfo, pegawai_diskominfo] if moderator_first else [pegawai_diskominfo, kepala_diskominfo]
    pages = {user.pk: _page(user, city_forum) for user in order}
    assert MODERATION_TAB in pages[kepala_diskominfo.pk]
    assert MODERATION_TAB not in pages[pegawai_diskominfo.pk]


def test_the_forms_of_a_cached_body_carry_this_requests_token_and_work(city_forum, agen_diskominfo):
    client = Client(enforce_csrf_checks=True)
    _page(agen_diskominfo, city_forum, client)  # builds and stores the body
    html = _page(agen_diskominfo, city_forum, client)  # from the cache
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(tokens) == 1 and "placeholder" not in tokens.pop()
    stored = [pickle.loads(v) for v in cache._cache.values()]  # the test settings' locmem cache  # noqa: S301
    bodies = [v for v in stored if isinstance(v, str) and "csrfmiddlewaretoken" in v]
    assert bodies and not any(fragments._holds_a_token(v) for v in bodies)  # only the placeholder is stored
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(reverse("forums:forum_subscribe", args=[city_forum.pk]),
                           {"on": "1", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Subscription.objects.filter(user=agen_diskominfo, forum=city_forum).exists()
    assert "Berhenti berlangganan" in _page(agen_diskominfo, city_forum, client)  # the reader's own state


def test_an_odd_query_string_is_rendered_afresh_and_escaped(city_forum, agen_diskominfo):
    client = Client()
    client.force_login(agen_diskominfo)
    response = client.get(reverse("forums:forum", args=[city_forum.pk]), {"x": '"><script>alert(1)</script>'})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def _counted_reads(monkeypatch) -> list:
    """Every read of the (locmem) test cache, one entry per round trip: (method, key or keys)."""
    from django.core.cache.backends.locmem import LocMemCache

    calls, depth = [], []

    def counting(name, original):
        def call(self, *args, **kwargs):
            if not depth:  # locmem's get_many calls get: one round trip
                calls.append((name, args[0]))
            depth.append(1)
            try:
                return original(self, *args, **kwargs)
            finally:
                depth.pop()
        return call

    for name in ("get", "get_many"):
        monkeypatch.setattr(LocMemCache, name, counting(name, getattr(LocMemCache, name)))
    return calls


def test_a_warm_visit_makes_three_round_trips_of_its_own(city_forum, agen_diskominfo, monkeypatch):
    client = Client()
    client.force_login(agen_diskominfo)
    url = reverse("forums:forum", args=[city_forum.pk])
    client.get(url)
    client.get(url)
    calls = _counted_reads(monkeypatch)
    assert client.get(url).status_code == 200
    keys = [str(key) for _name, key in calls]
    forum_reads = [k for k in keys if "forums:" in k or "frag:forums" in k]
    # the versions (with the reader's own and their roles), the forum with its categories and the reader's part,
    # the body; the chrome's own read and the session are not the page's
    assert len(forum_reads) == 3, keys


@pytest.mark.parametrize("name", ["index", "forum", "topic", "search", "home"])
def test_no_forum_page_reads_the_readers_version_or_roles_on_their_own(name, city_forum, agen_diskominfo,
                                                                       agen2_diskominfo, new_topic, monkeypatch):
    """The reader's own version and roles come with the page's first read of versions, never in a round trip of
    their own (``fragments.version_values(..., user=...)``, ``forums.cache.versions``)."""
    topic = new_topic(city_forum, agen2_diskominfo, title="Arsip digital kelurahan")
    url = {"index": reverse("forums:index"), "forum": reverse("forums:forum", args=[city_forum.pk]),
           "topic": reverse("forums:topic", args=[topic.pk]), "search": reverse("forums:search") + "?q=arsip",
           "home": reverse("home")}[name]
    client = Client()
    client.force_login(agen_diskominfo)
    client.get(url)
    client.get(url)
    calls = _counted_reads(monkeypatch)
    assert client.get(url).status_code == 200
    alone = [key for method, key in calls if method == "get" and str(key).startswith("user:")]
    assert alone == [], calls
