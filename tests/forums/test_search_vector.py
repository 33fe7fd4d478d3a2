"""Forum search on PostgreSQL reads a stored tsvector kept up to date by triggers (migration 0005): a new post, an
edited post and a renamed topic are found by their new words at once. SQLite keeps a substring match."""

import pytest
from django.db import connection

from forums import selectors, services
from forums.paging import CappedPaginator

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored tsvector is PostgreSQL's")


def found(user, q):
    return [p.pk for p in selectors.search_posts(user, q)]


def test_a_new_post_is_found_by_its_words(agen_diskominfo, diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, title="Antrean puskesmas", body="Pendaftaran daring.")
    post = services.post_create(topic=topic, author=agen_diskominfo, body="Kios swalayan di lobi kecamatan")
    assert post.pk in found(agen_diskominfo, "swalayan")


def test_an_edited_post_is_found_by_its_new_words_only(agen_diskominfo, diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, title="Arsip surat", body="Pemindaian arsip lama.")
    post = topic.posts.get()
    services.post_edit(post=post, by=agen_diskominfo, body="Penomoran otomatis surat keluar.")
    assert post.pk in found(agen_diskominfo, "penomoran")
    assert post.pk not in found(agen_diskominfo, "pemindaian")


def test_a_renamed_topic_is_found_by_its_new_title(agen_diskominfo, diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, title="Judul sementara", body="Isi pesan pertama.")
    services.post_edit(post=topic.posts.get(), by=agen_diskominfo, body="Isi pesan pertama.",
                       title="Layanan kependudukan keliling")
    assert topic.posts.get().pk in found(agen_diskominfo, "kependudukan keliling")


@postgres_only
def test_postgres_search_uses_the_stored_vector_and_stems_indonesian_words(agen_diskominfo, diskominfo_forum,
                                                                          new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, title="Pelayanan terpadu", body="Kami melayani warga.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector IS NOT NULL FROM forums_post WHERE topic_id = %s", [topic.pk])
        assert cursor.fetchone() == (True,)
        cursor.execute("SELECT forums_search_config()::text")
        config = cursor.fetchone()[0]
    assert config in {"indonesian", "simple"}
    if config == "indonesian":  # "pelayanan", "melayani" and "layanan" share the stem "layan"
        assert topic.posts.get().pk in found(agen_diskominfo, "layanan")


def test_the_result_count_stops_at_the_cap(agen_diskominfo, diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, title="Hasil banyak", body="kata umum")
    for i in range(4):
        services.post_create(topic=topic, author=agen_diskominfo, body=f"kata umum {i}")
    paginator = CappedPaginator(selectors.search_posts(agen_diskominfo, "umum"), 2, cap=3)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (3, True, 2)
    exact = CappedPaginator(selectors.search_posts(agen_diskominfo, "umum"), 2, cap=10)
    assert (exact.count, exact.capped) == (5, False)
