"""The fixed cost of every page (issue 19): one masked CSRF token per response, one round trip to the cache for the
chrome (navbar, footer, theme), static URLs worked out once per process. Each saving keeps what it replaced: every
form of a page works with its token, each response gets another, a changed institution or role shows at once."""

import re

import pytest
from django.core.cache import caches
from django.middleware.csrf import _unmask_cipher_token, rotate_token
from django.test import Client, RequestFactory
from django.urls import reverse
from whitenoise.storage import CompressedManifestStaticFilesStorage

from agenperubahan import csrf
from agenperubahan.storage import StaticStorage
from organization.institution import Institution, current_institution
from organization.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db

TOKENS = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


def tokens(html: str) -> list[str]:
    return [a or b for a, b in TOKENS.findall(html)]


def test_every_form_of_a_page_carries_the_same_token_and_each_response_another(agen_diskominfo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agen_diskominfo)
    first = tokens(client.get(reverse("forums:index")).content.decode())
    second = tokens(client.get(reverse("forums:index")).content.decode())
    # the htmx header, the navbar's sign-out form and the footer's language form
    assert len(first) >= 3 and len(set(first)) == 1
    assert len(set(second)) == 1 and second[0] != first[0]  # masked anew per response (BREACH)
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": first[0]})
    assert response.status_code == 302  # an older response's token is still good for the same secret


def test_a_page_with_a_cached_body_and_forms_shares_the_one_token(login, operator_diskominfo):
    html = login(operator_diskominfo).get(reverse("agents:nomination_list")).content.decode()
    found = tokens(html)
    assert found and len(set(found)) == 1 and "fragment-csrf-placeholder" not in html


def test_a_rotated_secret_gets_a_token_of_its_own():
    request = RequestFactory().get("/")
    rotate_token(request)
    old_secret = request.META["CSRF_COOKIE"]
    first = csrf.token(request)
    assert csrf.token(request) == first
    assert _unmask_cipher_token(first) == old_secret
    rotate_token(request)  # e.g. at sign-in
    fresh = csrf.token(request)
    assert fresh != first and _unmask_cipher_token(fresh) == request.META["CSRF_COOKIE"] != old_secret


def _counting_reads(monkeypatch):
    """The keys of each read of the cache (a round trip with Redis); reads a backend makes inside another (the local
    memory cache's get_many calls get) are part of that one."""
    backend = caches["default"]
    reads, depth = [], [0]
    for name in ("get", "get_many"):
        real = getattr(backend, name)

        def counted(keys, *args, _real=real, **kwargs):
            if not depth[0]:
                reads.append(keys if isinstance(keys, list) else [keys])
            depth[0] += 1
            try:
                return _real(keys, *args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(backend, name, counted)
    return reads


def test_the_chrome_and_the_theme_read_the_cache_once_per_page(login, agen_diskominfo, monkeypatch):
    client = login(agen_diskominfo)
    client.get(reverse("forums:index"))  # warm: fragments rendered and kept
    reads = _counting_reads(monkeypatch)
    page = client.get(reverse("forums:index")).content.decode()
    chrome_reads = [keys for keys in reads
                    if any(k.startswith("chrome:") or k == Institution.get_cache_key() for k in keys)]
    assert len(chrome_reads) == 1, chrome_reads
    assert Institution.get_cache_key() in chrome_reads[0]
    assert "--bs-primary:" in page


def test_a_changed_institution_and_a_new_role_show_on_the_next_page_of_the_same_process(
        login, pegawai_diskominfo, diskominfo):
    client = login(pegawai_diskominfo)
    client.get("/")
    client.get("/")  # the fragments are now held by this process as well as by the cache
    institution = current_institution()
    institution.primary_colour = "#1A7F37"
    institution.save()
    assert "--bs-primary:#1A7F37;" in client.get("/").content.decode()
    assert 'href="/pegawai/"' not in client.get("/").content.decode()
    RoleAssignment.objects.create(user=pegawai_diskominfo, role=Role.OPERATOR, agency=diskominfo)
    assert 'href="/pegawai/"' in client.get("/").content.decode()


def test_static_urls_are_worked_out_once_per_name(monkeypatch, settings):
    settings.DEBUG = False
    calls = []

    def url(self, name, force=False):
        calls.append(name)
        if name == "missing.css":
            raise ValueError("Missing staticfiles manifest entry for 'missing.css'")
        return f"/static/{name.replace('.css', '.abc123.css')}"

    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "url", url)
    storage = StaticStorage()
    assert storage.url("css/app.css") == storage.url("css/app.css") == "/static/css/app.abc123.css"
    assert calls == ["css/app.css"]
    for _ in range(2):
        with pytest.raises(ValueError):
            storage.url("missing.css")
    assert calls.count("missing.css") == 2  # an error is never remembered
    settings.DEBUG = True
    storage.url("css/app.css")
    assert calls.count("css/app.css") == 2  # no memo while developing (files change under the server)
