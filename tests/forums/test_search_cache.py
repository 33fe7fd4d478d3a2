"""The cached search results (forums.selectors.search_results): a repeated search reads no forum table at any size,
every write to what a hit shows (a new, edited, hidden, deleted or moved post, a renamed topic or author, bulk
updates included) shows on the next search, and a reader never gets the hits of a forum they cannot read, whoever
searched the same words first."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums import selectors, services
from forums.models import Post, Topic
from organization.models import RoleAssignment

from .conftest import fresh
from .test_queries import fill
from .test_ux import HOSTILE

pytestmark = pytest.mark.django_db


def search(client, q, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("forums:search"), {"q": q, **extra})
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main"):html.index("</main>")], len(ctx.captured_queries)


def hits(html) -> list[int]:
    """The post ids the results link to, in order."""
    return [int(pk) for pk in re.findall(r'href="/forums/p/(\d+)/" data-testid="search-hit"', html)]


def signed_in(client, user):
    client.force_login(user)
    client.get(reverse("forums:index"))  # the session's first page caches the roles and the navbar
    return client


@pytest.mark.parametrize("size", [10, 300])
def test_a_repeated_search_reads_no_forum_table_at_any_size(size, client, diskominfo_forum, city_forum,
                                                            agen_diskominfo, agen2_diskominfo, kepala_diskominfo):
    authors = [agen_diskominfo, agen2_diskominfo, kepala_diskominfo]
    fill(diskominfo_forum, authors, size)
    fill(city_forum, authors, size)
    signed_in(client, agen_diskominfo)
    html, cold = search(client, "perubahan")
    assert cold == 4  # the user, the readable forums, the capped ids, the page's rows
    again, warm = search(client, "perubahan")
    assert warm == 1  # the user (the session, roles and results come from the cache)
    assert again == html and len(hits(html)) == 20
    _, page_2 = search(client, "perubahan", page=2)
    assert page_2 == 4  # another page is another entry
    _, spaced = search(client, "  perubahan ")
    assert spaced == 1  # the same search, the same entry


def test_a_new_post_an_edit_and_a_renamed_topic_show_on_the_next_search(client, diskominfo_forum, agen_diskominfo,
                                                                        agen2_diskominfo, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, title="Arsip digital", body="Pemindaian arsip lama.")
    signed_in(client, agen2_diskominfo)
    assert hits(search(client, "arsip")[0]) == [topic.first_post_id]
    reply = services.post_create(topic=topic, author=agen2_diskominfo, body="Arsip surat keluar juga.")
    assert hits(search(client, "arsip")[0]) == [reply.pk, topic.first_post_id]
    services.post_edit(post=reply, by=agen2_diskominfo, body="Penomoran otomatis.")
    assert hits(search(client, "penomoran")[0]) == [reply.pk]
    html, _ = search(client, "arsip")
    assert hits(html) == [reply.pk, topic.first_post_id]  # still found by the topic's title
    assert "Penomoran otomatis" in html and "Arsip surat keluar" not in html
    services.post_edit(post=topic.posts.order_by("pk").first(), by=agen_diskominfo, body="Pemindaian arsip lama.",
                       title="Dokumen kelurahan")
    html, _ = search(client, "arsip")
    assert hits(html) == [topic.first_post_id] and "Dokumen kelurahan" in html and "Arsip digital" not in html
    assert hits(search(client, "dokumen")[0]) == [reply.pk, topic.first_post_id]  # both posts, by the new title


def test_hidden_and_deleted_posts_and_topics_leave_the_results_at_once(client, diskominfo_forum, agen_diskominfo,
                                                                       agen2_diskominfo, kepala_diskominfo,
                                                                       new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, title="Antrean puskesmas", body="Antrean daring.")
    first = topic.first_post_id
    posts = [services.post_create(topic=topic, author=agen2_diskominfo, body=f"Antrean {i}").pk for i in range(3)]
    signed_in(client, agen2_diskominfo)
    assert hits(search(client, "antrean")[0]) == [*reversed(posts), first]
    services.post_set_hidden(post=Post.objects.get(pk=posts[0]), by=kepala_diskominfo, hidden=True)
    assert hits(search(client, "antrean")[0]) == [posts[2], posts[1], first]
    services.post_delete(post=Post.objects.get(pk=posts[1]), by=agen2_diskominfo)
    assert hits(search(client, "antrean")[0]) == [posts[2], first]
    Post.objects.filter(pk=posts[2]).update(is_hidden=True)  # a bulk update: no signal, no service
    assert hits(search(client, "antrean")[0]) == [first]
    Post.objects.filter(pk=posts[2]).update(is_hidden=False)
    assert hits(search(client, "antrean")[0]) == [posts[2], first]
    Topic.objects.filter(pk=topic.pk).update(is_hidden=True)
    assert hits(search(client, "antrean")[0]) == []
    Topic.objects.filter(pk=topic.pk).update(is_hidden=False)
    services.topic_set_hidden(topic=Topic.objects.get(pk=topic.pk), by=kepala_diskominfo, hidden=True)
    html, _ = search(client, "antrean")
    assert hits(html) == [] and "Tidak ada pesan yang cocok" in html


def test_a_bulk_edit_of_a_body_and_a_renamed_author_show_at_once(client, diskominfo_forum, agen_diskominfo,
                                                                 agen2_diskominfo, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, title="Layanan keliling", body="Mobil layanan keliling.")
    signed_in(client, agen2_diskominfo)
    assert hits(search(client, "mobil")[0]) == [topic.first_post_id]
    Post.objects.filter(pk=topic.first_post_id).update(body="Perahu layanan keliling.",
                                                       body_html="<p>Perahu layanan keliling.</p>")
    assert hits(search(client, "mobil")[0]) == []
    html, _ = search(client, "perahu")
    assert hits(html) == [topic.first_post_id]
    author = fresh(agen_diskominfo)
    author.first_name, author.last_name = "Wulandari", "Kusuma"
    author.save()
    assert "Wulandari Kusuma" in search(client, "perahu")[0]


@pytest.mark.parametrize("first", ["dinkes", "diskominfo", "sekda"])
def test_a_reader_never_gets_hits_of_a_forum_they_cannot_read(first, client, diskominfo_forum, dinkes_forum,
                                                              city_forum, agen_diskominfo, kepala_diskominfo,
                                                              agen_dinkes, sekda, new_topic):
    ours = new_topic(diskominfo_forum, agen_diskominfo, title="Antrean online", body="Antrean di Diskominfo").pk
    theirs = new_topic(dinkes_forum, agen_dinkes, title="Antrean obat", body="Antrean di Dinkes").pk
    city = new_topic(city_forum, agen_dinkes, title="Antrean kota", body="Antrean di balai kota").pk
    posts = {t: Topic.objects.get(pk=t).first_post_id for t in (ours, theirs, city)}
    readers = {"diskominfo": agen_diskominfo, "dinkes": agen_dinkes, "sekda": sekda}
    expected = {"diskominfo": {posts[ours], posts[city]}, "dinkes": {posts[theirs], posts[city]},
                "sekda": set(posts.values())}
    order = [first, *(name for name in readers if name != first)]
    for name in order:  # whoever searched first, each reader gets the hits of their own forums
        assert set(hits(search(signed_in(client, readers[name]), "antrean")[0])) == expected[name], name
    for name in order:  # and again, now from the cache
        assert set(hits(search(signed_in(client, readers[name]), "antrean")[0])) == expected[name], name
    # The kepala reads the same forums as the agent: the same entry, the same hits.
    assert set(hits(search(signed_in(client, kepala_diskominfo), "antrean")[0])) == expected["diskominfo"]


def test_a_reader_who_loses_an_agency_role_loses_its_hits_at_once(client, diskominfo_forum, city_forum,
                                                                  agen_diskominfo, agen2_diskominfo, new_topic):
    ours = new_topic(diskominfo_forum, agen_diskominfo, title="Antrean online", body="Antrean di Diskominfo")
    city = new_topic(city_forum, agen_diskominfo, title="Antrean kota", body="Antrean di balai kota")
    signed_in(client, agen2_diskominfo)
    assert set(hits(search(client, "antrean")[0])) == {ours.first_post_id, city.first_post_id}
    for assignment in RoleAssignment.objects.filter(user=agen2_diskominfo):
        assignment.is_active = False
        assignment.save()
    assert hits(search(client, "antrean")[0]) == [city.first_post_id]


def test_hostile_posts_and_queries_stay_escaped_when_served_from_the_cache(client, diskominfo_forum,
                                                                           agen_diskominfo, new_topic):
    for hostile in HOSTILE:
        topic = new_topic(diskominfo_forum, agen_diskominfo, title=f"Laporan {hostile} arsip",
                          body=f"Laporan arsip `{hostile}` dan {hostile} juga \ue000palsu\ue001")
        for i in range(20):  # two pages: the page links repeat the query
            services.post_create(topic=topic, author=agen_diskominfo, body=f"Laporan {i} {hostile}")
    signed_in(client, agen_diskominfo)
    for q in ("laporan", *HOSTILE, *(f"laporan {h}" for h in HOSTILE), "\ue000laporan\ue001"):
        cold, _ = search(client, q)
        warm, _ = search(client, q)
        assert warm == cold, q
        for html in (cold, warm):
            assert "<script>alert" not in html and "<img src=x" not in html, q
            assert html.count("<mark>") == html.count("</mark>"), q
            assert "<mark>palsu" not in html, q
    html, _ = search(client, "laporan")
    assert len(hits(html)) == 20 and "page=2" in html
    assert 'href="?q=laporan&amp;page=2"' in html
    html, _ = search(client, "laporan <script>")  # whatever the backend finds for it, the links carry it encoded
    assert "<script>" not in html
    for link in re.findall(r'class="page-link" href="([^"]*)"', html):
        assert link.startswith("?q=laporan%20%3Cscript%3E&amp;page="), link


def test_the_query_is_normalised_for_search_and_key():
    assert selectors.search_terms("  loket \t online\n") == "loket online"
    assert selectors.search_terms(None) == ""
    assert len(selectors.search_terms("kata " * 100)) <= selectors.SEARCH_MAX_CHARS


@pytest.mark.parametrize(("asked", "resolved"), [(None, 1), ("", 1), ("x", 1), ("2", 2), ("0", 0), ("-3", 0)])
def test_the_page_asked_is_keyed_as_the_paginator_resolves_it(asked, resolved):
    assert selectors._page_asked(asked) == resolved
