"""The shared version-keyed fragment cache (agenperubahan/fragments.py)."""

from __future__ import annotations

from django.utils import translation

from agenperubahan import fragments


def _builder(calls: list, text: str):
    def build():
        calls.append(text)
        return f"<p>{text}</p>"
    return build


def test_it_renders_once_and_serves_from_the_cache_until_a_version_is_bumped(db):
    calls: list = []
    first = fragments.cached_html("t:frag", versions=("t:v",), build=_builder(calls, "a"))
    again = fragments.cached_html("t:frag", versions=("t:v",), build=_builder(calls, "b"))
    assert first == again == "<p>a</p>"
    fragments.bump("t:v")
    assert fragments.cached_html("t:frag", versions=("t:v",), build=_builder(calls, "c")) == "<p>c</p>"
    assert calls == ["a", "c"]


def test_it_keeps_scopes_and_languages_apart(db, operator_diskominfo, operator_dinkes, tim_rb):
    scopes = {fragments.scope_of(u) for u in (operator_diskominfo, operator_dinkes, tim_rb)}
    assert len(scopes) == 3
    seen = [fragments.cached_html("t:scope", versions=("t:v",), vary=(scope,), build=lambda s=scope: s)
            for scope in sorted(scopes)]
    assert seen == sorted(scopes)
    with translation.override("en"):
        assert fragments.cached_html("t:scope", versions=("t:v",), vary=(sorted(scopes)[0],),
                                     build=lambda: "english") == "english"


def test_it_never_stores_a_csrf_token(db):
    html = '<input name="csrfmiddlewaretoken" value="x">'
    assert fragments.cached_html("t:csrf", versions=("t:v",), build=lambda: html) == html
    assert fragments.cached_html("t:csrf", versions=("t:v",), build=lambda: "fresh") == "fresh"


def test_anonymous_readers_have_their_own_scope(db):
    from django.contrib.auth.models import AnonymousUser

    assert fragments.scope_of(AnonymousUser()) == "anon"


def test_every_kind_of_write_to_a_tracked_app_bumps_its_data_version(db, diskominfo):
    from django.core.cache import cache

    from agenperubahan import data_versions
    from organization.models import Agency, Employee

    def version():
        return cache.get(data_versions.ORGANIZATION)

    before = version()
    Agency.objects.filter(pk=diskominfo.pk).update(name=diskominfo.name)  # a queryset update (no signal)
    after_update = version()
    assert after_update != before
    Employee.objects.filter(agency=diskominfo).values_list("pk", flat=True).first()  # a read bumps nothing
    assert version() == after_update
    Agency.objects.bulk_create([Agency(code="ZZTEST", name="Uji", abbreviation="UJI")])
    assert version() != after_update


def test_writes_elsewhere_leave_the_version_alone(db, agen_diskominfo):
    from django.core.cache import cache
    from django.utils import timezone

    from agenperubahan import data_versions

    before = cache.get(data_versions.ORGANIZATION)
    agen_diskominfo.last_login = timezone.now()
    agen_diskominfo.save(update_fields=["last_login"])
    assert cache.get(data_versions.ORGANIZATION) == before
