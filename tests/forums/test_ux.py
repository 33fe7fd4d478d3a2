"""The forum UX of issue 18: @mention lookup by name, labelled reactions, file cards, WIB times, highlighted search
hits, "ke pesan belum dibaca" only when something is unread, and the home card's count for its own forum."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forums import selectors, services
from forums.models import ModerationLog, Post, Topic
from forums.search import START, STOP, highlight_text, marked
from forums.templatetags.forums_tags import wib, wib_text
from organization.models import Employee, Role, RoleAssignment, User

from .conftest import fresh

pytestmark = pytest.mark.django_db

HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>']
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002"
                    "000154a24f5d0000000049454e44ae426082")


def person(username: str, name: str, agency=None, role: str | None = Role.AGEN) -> User:
    """An account called ``name`` for an employee of ``agency`` (any agency when None: then without a role; the name
    on the account is the employee's)."""
    employees = Employee.objects.filter(user__isnull=True, is_active=True).order_by("pk")
    employee = (employees.filter(agency=agency) if agency else employees).first()
    role = role if agency else None
    Employee.objects.filter(pk=employee.pk).update(name=name)
    first, _sp, last = name.partition(" ")
    user = User.objects.create_user(username=username, password="x", first_name=first, last_name=last,
                                    employee=employee)
    if role:
        RoleAssignment.objects.create(user=user, role=role, agency=agency)
    return fresh(user)


def lookup(client, forum, q):
    return client.get(reverse("forums:mention_lookup", args=[forum.pk]), {"q": q})


# --- @mention lookup ------------------------------------------------------------------------------------------

def test_a_writer_finds_a_colleague_by_part_of_the_name_with_agency_and_no_nip(login, agen_diskominfo, diskominfo,
                                                                               diskominfo_forum):
    wulan = person("wulan.sari", "Xaverina Sasmita", diskominfo)
    response = lookup(login(agen_diskominfo), diskominfo_forum, "sasmi")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    results = response.json()["results"]
    assert results == [{"username": "wulan.sari", "name": "Xaverina Sasmita",
                        "agency": diskominfo.abbreviation or diskominfo.name}]
    assert wulan.employee.nip not in response.content.decode()
    assert "nip" not in response.content.decode().lower()


def test_the_lookup_offers_only_people_a_mention_in_that_forum_reaches(login, agen_diskominfo, diskominfo, dinkes,
                                                                      diskominfo_forum, city_forum):
    person("wulan.kominfo", "Xaverina Kominfo", diskominfo)
    person("wulan.dinkes", "Xaverina Dinkes", dinkes)
    person("wulan.pegawai", "Xaverina Pegawai", diskominfo, role=None)  # an employee without a forum role
    client = login(agen_diskominfo)
    in_agency = {r["username"] for r in lookup(client, diskominfo_forum, "xaverina").json()["results"]}
    assert in_agency == {"wulan.kominfo"}  # the Dinkes agent and the plain employee do not read this forum
    in_city = {r["username"] for r in lookup(client, city_forum, "xaverina").json()["results"]}
    assert in_city == {"wulan.kominfo", "wulan.dinkes", "wulan.pegawai"}  # everyone reads the city forum


def test_the_lookup_leaves_out_the_writer_inactive_accounts_and_employees_who_left(login, agen_diskominfo,
                                                                                  diskominfo, diskominfo_forum):
    gone = person("wulan.pergi", "Xaverina Pergi", diskominfo)
    User.objects.filter(pk=gone.pk).update(is_active=False)
    left = person("wulan.pensiun", "Xaverina Pensiun", diskominfo)
    Employee.objects.filter(pk=left.employee_id).update(is_active=False)
    me = agen_diskominfo.employee.name
    client = login(agen_diskominfo)
    assert lookup(client, diskominfo_forum, "xaverina").json()["results"] == []
    assert agen_diskominfo.username not in {r["username"] for r in lookup(client, diskominfo_forum, me).json()["results"]}


def test_the_lookup_needs_two_characters_and_gives_at_most_ten_names_starting_with_the_query_first(
        login, agen_diskominfo, diskominfo, city_forum):
    for i in range(12):
        person(f"orang.{i}", f"Ardi Qornugraha{i:02d}")
    person("kanugraha", "Qornugraha Pratama")
    client = login(agen_diskominfo)
    assert lookup(client, city_forum, "n").json()["results"] == []
    assert lookup(client, city_forum, "").json()["results"] == []
    results = lookup(client, city_forum, "qornugraha").json()["results"]
    assert len(results) == 10
    # The words that start with it first, by name: "Ardi Qornugraha00…" < "Qornugraha Pratama"; then the rest.
    assert [r["name"] for r in results] == [f"Ardi Qornugraha{i:02d}" for i in range(10)]
    assert [r["name"] for r in lookup(client, city_forum, "qornugraha p").json()["results"]] == ["Qornugraha Pratama"]


def test_a_word_starting_with_the_query_comes_before_a_match_inside_a_word(login, agen_diskominfo, city_forum):
    person("budi.a", "Budi Azefanya")
    person("zefanya.p", "Zefanya Putri")
    person("ani.z", "Ani Zefanya")
    names = [r["name"] for r in lookup(login(agen_diskominfo), city_forum, "zefanya").json()["results"]]
    assert names == ["Ani Zefanya", "Zefanya Putri", "Budi Azefanya"]


@pytest.mark.parametrize("q", [*HOSTILE, "%%", "__", "a%b_c", "' OR 1=1 --", "\x00\x01", "ä" * 500])
def test_hostile_or_odd_input_to_the_lookup_answers_calmly(q, login, agen_diskominfo, city_forum):
    response = lookup(login(agen_diskominfo), city_forum, q)
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_hostile_name_is_sent_as_json_text(login, agen_diskominfo, diskominfo, diskominfo_forum):
    person("nama.aneh", 'Budi <img src=x onerror=alert(1)>', diskominfo)
    response = lookup(login(agen_diskominfo), diskominfo_forum, "budi <img")
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["results"][0]["name"] == "Budi <img src=x onerror=alert(1)>"


def test_readers_who_may_not_write_get_403_and_strangers_404(login, sekda, agen_dinkes, diskominfo_forum):
    assert lookup(login(sekda), diskominfo_forum, "ag").status_code == 403
    assert lookup(login(agen_dinkes), diskominfo_forum, "ag").status_code == 404


def test_the_lookup_is_rate_limited(settings, login, agen_diskominfo, diskominfo_forum):
    settings.FORUM_MENTION_LOOKUPS_PER_MINUTE = 3
    client = login(agen_diskominfo)
    assert [lookup(client, diskominfo_forum, "ag").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert "Tunggu sebentar" in lookup(client, diskominfo_forum, "ag").json()["error"]


@pytest.mark.parametrize("extra", [0, 40])
def test_the_lookup_is_one_query_whatever_the_number_of_people(extra, agen_diskominfo, diskominfo, city_forum,
                                                               django_assert_num_queries):
    for i in range(extra):
        person(f"banyak.{i}", f"Sari Qbanyak{i:02d}")
    user = fresh(agen_diskominfo)
    user.role_assignments  # noqa: B018 -- loaded by the session in a request
    with django_assert_num_queries(1):
        results = selectors.mention_candidates(user, city_forum, "qbanyak")
    assert len(results) == min(10, extra) or extra == 0


def test_a_chosen_mention_is_rendered_and_notifies(login, agen_diskominfo, diskominfo, diskominfo_forum, new_topic):
    wulan = person("wulan.sari", "Xaverina Sasmita", diskominfo)
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    username = lookup(login(agen_diskominfo), diskominfo_forum, "xaveri").json()["results"][0]["username"]
    post = services.post_create(topic=topic, author=agen_diskominfo, body=f"Mohon dicek, @{username} terima kasih")
    assert f'<span class="mention">@{username}</span>' in post.body_html
    assert wulan.forum_mentions.filter(post=post).exists()


def test_the_editors_carry_the_lookup_and_its_script(login, agen_diskominfo, diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    client = login(agen_diskominfo)
    url = reverse("forums:mention_lookup", args=[diskominfo_forum.pk])
    for page in (topic.get_absolute_url(), reverse("forums:topic_create", args=[diskominfo_forum.pk]),
                 reverse("forums:post_edit", args=[topic.first_post_id])):
        html = client.get(page).content.decode()
        assert f'data-mention-url="{url}"' in html and "forums/mentions.js" in html, page


# --- reactions ------------------------------------------------------------------------------------------------

def test_reactions_show_their_labels_and_counts_and_mark_the_readers_own(login, agen_diskominfo, agen2_diskominfo,
                                                                        kepala_diskominfo, diskominfo_forum,
                                                                        new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    services.reaction_toggle(post=topic.first_post, user=agen2_diskominfo, kind="setuju")
    services.reaction_toggle(post=topic.first_post, user=kepala_diskominfo, kind="setuju")
    html = login(agen2_diskominfo).get(topic.get_absolute_url()).content.decode()
    button = re.search(r'<button[^>]*data-testid="react-setuju".*?</button>', html, re.S).group(0)
    assert 'aria-pressed="true"' in button
    assert '<span class="reaction-label">Setuju</span>' in button  # a visible label, not only an icon
    assert 'data-testid="react-count">2<' in button
    assert "visually-hidden" not in button
    other = re.search(r'<button[^>]*data-testid="react-suka".*?</button>', html, re.S).group(0)
    assert 'aria-pressed="false"' in other and '<span class="reaction-label">Suka</span>' in other
    assert 'role="group" aria-label="Reaksi"' in html
    # The author cannot react to their own post: they see the labelled counts.
    own = login(agen_diskominfo).get(topic.get_absolute_url()).content.decode()
    given = re.search(r'<span class="badge[^"]*reaction-given" data-testid="reaction-setuju">.*?</span></span>', own,
                      re.S).group(0)
    assert "Setuju" in given and ">2<" in given


# --- attachments ----------------------------------------------------------------------------------------------

def test_a_pdf_is_a_file_card_and_an_image_a_preview(media_root, login, agen_diskominfo, agen2_diskominfo,
                                                     diskominfo_forum, new_topic):
    files = [SimpleUploadedFile("notulen rapat.pdf", PDF + b"0" * 1500, content_type="application/pdf"),
             SimpleUploadedFile("papan.png", PNG, content_type="image/png")]
    topic = new_topic(diskominfo_forum, agen_diskominfo, files=files)
    html = login(agen2_diskominfo).get(topic.get_absolute_url()).content.decode()
    pdf, png = topic.first_post.attachments.order_by("pk")
    card = re.search(r'<div class="file-card.*?</a>\s*</div>', html, re.S).group(0)
    assert "notulen_rapat.pdf" in card and "bi-file-earmark-pdf" in card
    assert "1,5\xa0KB" in card or "1,5 KB" in card  # the size, formatted in Indonesian
    assert f'href="{pdf.get_absolute_url()}" download' in card and "Unduh" in card
    assert f'<img src="{pdf.get_absolute_url()}"' not in html  # no empty image box for the PDF
    assert f'<img src="{png.get_absolute_url()}"' in html
    assert html.count('data-testid="file-card"') == 1


# --- WIB ------------------------------------------------------------------------------------------------------

def test_the_wib_filter_gives_jakarta_time_whatever_the_active_zone():
    moment = dt.datetime(2026, 11, 28, 7, 5, tzinfo=dt.UTC)
    with timezone.override("UTC"):
        assert wib_text(moment) == "28 November 2026 14:05 WIB"
        assert wib(moment) == ('<time datetime="2026-11-28T14:05+07:00" title="Waktu Indonesia Barat (UTC+7)">'
                               "28 November 2026 14:05 WIB</time>")
    assert wib_text(dt.datetime(2026, 11, 28, 23, 30, tzinfo=dt.UTC)) == "29 November 2026 06:30 WIB"
    assert wib(None) == "" and wib("") == "" and wib("bukan waktu") == ""


def test_forum_pages_show_times_in_wib(login, tim_rb, agen_diskominfo, agen2_diskominfo, diskominfo_forum,
                                       new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, title="Antrean daring puskesmas")
    reply = services.post_create(topic=topic, author=agen2_diskominfo, body="Antrean sudah jalan")
    services.post_edit(post=reply, by=agen2_diskominfo, body="Antrean sudah jalan di tiga lokasi")
    services.post_set_hidden(post=reply, by=tim_rb, hidden=True, detail="uji")
    services.post_set_hidden(post=reply, by=tim_rb, hidden=False)
    pages = {
        "forum list": reverse("forums:forum", args=[diskominfo_forum.pk]),
        "forum index": reverse("forums:index"),
        "topic": topic.get_absolute_url(),
        "search": reverse("forums:search") + "?q=antrean",
        "history": reverse("forums:post_history", args=[reply.pk]),
        "moderation log": reverse("forums:moderation_log"),
    }
    client = login(tim_rb)
    for name, url in pages.items():
        html = client.get(url).content.decode()
        assert re.search(r'<time datetime="[^"]+\+07:00" title="[^"]+">\d{1,2} \w+ \d{4} \d\d:\d\d WIB</time>', html), name
    assert ModerationLog.objects.exists()


# --- search ---------------------------------------------------------------------------------------------------

def _search(client, q):
    return client.get(reverse("forums:search"), {"q": q}).content.decode()


def test_search_marks_the_words_found_in_title_and_excerpt(login, agen_diskominfo, diskominfo_forum, new_topic):
    new_topic(diskominfo_forum, agen_diskominfo, title="Arsip digital kelurahan",
              body="Kami memindai arsip surat masuk sejak Januari.")
    html = _search(login(agen_diskominfo), "arsip")
    assert re.search(r"<mark>arsip</mark>", html, re.I)
    hit = re.search(r'data-testid="search-hit">(.*?)</a>', html, re.S).group(1)
    assert re.search(r"<mark>Arsip</mark> digital kelurahan", hit)
    assert re.search(r"memindai <mark>arsip</mark> surat", hit)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_posts_and_queries_never_reach_the_results_as_markup(hostile, login, agen_diskominfo,
                                                                     diskominfo_forum, new_topic):
    new_topic(diskominfo_forum, agen_diskominfo, title=f"Laporan {hostile} arsip",
              body=f"Laporan arsip `{hostile}` dan {hostile} juga \ue000palsu\ue001")
    client = login(agen_diskominfo)
    for q in ("laporan", hostile, f"laporan {hostile}", "\ue000laporan\ue001"):
        html = _search(client, q)
        main = html[html.index("<main"):]
        assert "<script>alert" not in main and "<img src=x" not in main, q
        assert "onerror=alert(1)>" not in main.replace("&gt;", "").replace("onerror=alert(1)&", ""), q
        assert main.count("<mark>") == main.count("</mark>"), q
        assert "<mark>palsu" not in main
    html = _search(client, "laporan")
    assert "<mark>Laporan</mark>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_text_highlighter_escapes_before_marking():
    text = '<b>Arsip</b> & "arsip" ' + START + "palsu" + STOP
    out = highlight_text(text, ["arsip", "<b>"])
    assert out == ('<mark>&lt;b&gt;</mark><mark>Arsip</mark>&lt;/b&gt; &amp; &quot;<mark>arsip</mark>&quot; palsu')
    assert marked(START + "<i>x</i>") == "<mark>&lt;i&gt;x&lt;/i&gt;</mark>"  # an unclosed mark is closed
    assert marked("a &lt;b&gt;", entities=True) == "a &lt;b&gt;"  # from HTML: not escaped twice
    long = "kata " * 200 + "arsip di akhir " + "kata " * 200
    excerpt = highlight_text(long, ["arsip"], excerpt=True)
    assert excerpt.startswith("… ") and excerpt.endswith(" …") and "<mark>arsip</mark>" in excerpt
    assert len(excerpt) < 400


def test_the_search_page_keeps_its_query_count(login, agen_diskominfo, diskominfo_forum, new_topic):
    for i in range(3):
        new_topic(diskominfo_forum, agen_diskominfo, title=f"Arsip digital {i}", body="arsip arsip")
    client = login(agen_diskominfo)
    client.get(reverse("forums:index"))  # the session and roles are cached, as on a second page
    with CaptureQueriesContext(connection) as ctx:
        _search(client, "arsip")
    small = len(ctx.captured_queries)
    for i in range(25):
        new_topic(diskominfo_forum, agen_diskominfo, title=f"Arsip kelurahan {i}", body="arsip lagi")
    with CaptureQueriesContext(connection) as ctx:
        html = _search(client, "arsip")
    assert len(ctx.captured_queries) == small
    assert html.count('data-testid="search-hit"') == 20


# --- jump to the first unread post ----------------------------------------------------------------------------

def _posts(topic, author, n):
    User.objects.all().update(date_joined=timezone.now() - dt.timedelta(days=1))  # older posts would count as read
    base = timezone.now() - dt.timedelta(hours=2)
    Post.objects.bulk_create([Post(topic=topic, author=author, body=f"Balasan {i}", body_html=f"<p>Balasan {i}</p>",
                                   created_at=base + dt.timedelta(minutes=i)) for i in range(n)])
    services.recount(topic_id=topic.pk, forum_ids=[topic.forum_id])


def test_the_jump_to_unread_shows_only_when_something_unread_lies_beyond_the_page(
        login, agen_diskominfo, agen2_diskominfo, diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    client = login(agen_diskominfo)
    assert 'data-testid="jump-unread"' not in client.get(topic.get_absolute_url()).content.decode()  # all read
    Topic.objects.filter(pk=topic.pk).update(created_at=timezone.now() - dt.timedelta(hours=3))
    Post.objects.filter(pk=topic.first_post_id).update(created_at=timezone.now() - dt.timedelta(hours=3))
    from forums.models import TopicReadState
    TopicReadState.objects.filter(user=agen_diskominfo, topic=topic).update(
        last_read_at=timezone.now() - dt.timedelta(hours=3))
    _posts(topic, agen2_diskominfo, 30)  # 31 posts: two pages, the unread ones on both
    first_page = client.get(topic.get_absolute_url()).content.decode()
    assert 'data-testid="jump-unread"' in first_page  # the rest of the unread posts are on page 2
    last_page = client.get(topic.get_absolute_url() + "?page=last").content.decode()
    assert 'data-testid="jump-unread"' not in last_page  # everything is on screen (and now read)
    assert 'data-testid="jump-unread"' not in client.get(topic.get_absolute_url()).content.decode()


def test_marking_the_forum_read_hides_the_jump(login, agen_diskominfo, agen2_diskominfo, diskominfo_forum,
                                              new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo)
    Post.objects.filter(pk=topic.first_post_id).update(created_at=timezone.now() - dt.timedelta(hours=3))
    _posts(topic, agen2_diskominfo, 30)
    services.forum_mark_read(user=agen_diskominfo, forum=diskominfo_forum)
    html = login(agen_diskominfo).get(topic.get_absolute_url()).content.decode()
    assert 'data-testid="jump-unread"' not in html
    assert 'data-testid="new-post-mark"' not in html  # nor are the posts before the mark shown as new


# --- the home card --------------------------------------------------------------------------------------------

def test_the_home_card_counts_the_unread_topics_of_the_forum_it_names(login, agen_diskominfo, agen2_diskominfo,
                                                                     diskominfo_forum, city_forum, new_topic):
    new_topic(city_forum, agen2_diskominfo, title="Topik forum kota satu")
    new_topic(city_forum, agen2_diskominfo, title="Topik forum kota dua")
    panel = selectors.home_panel(fresh(agen_diskominfo))
    assert panel["forum"]["name"] == diskominfo_forum.name
    assert panel["unread_count"] == 0 and panel["unread_elsewhere"] == 2
    new_topic(diskominfo_forum, agen2_diskominfo, title="Topik forum Diskominfo")
    panel = selectors.home_panel(fresh(agen_diskominfo))
    assert panel["unread_count"] == 1 and panel["unread_elsewhere"] == 2
    html = login(agen_diskominfo).get(reverse("home")).content.decode()
    card = re.search(r'data-testid="forum-panel">.*?</section>', html, re.S).group(0)
    assert diskominfo_forum.name in card
    assert re.search(r'data-testid="forum-unread-count">1 topik belum dibaca<', card)
    assert re.search(r'data-testid="forum-unread-elsewhere">2 topik belum dibaca di forum lain<', card)


def test_a_reader_of_the_city_forum_alone_sees_its_count(login, pegawai_diskominfo, agen2_diskominfo, city_forum,
                                                        new_topic):
    new_topic(city_forum, agen2_diskominfo, title="Topik forum kota")
    panel = selectors.home_panel(fresh(pegawai_diskominfo))
    assert panel["forum"]["pk"] == city_forum.pk
    assert panel["unread_count"] == 1 and panel["unread_elsewhere"] == 0



def test_the_new_labels_speak_english_when_chosen(login, agen_diskominfo, agen2_diskominfo, diskominfo_forum,
                                                  new_topic):
    from django.utils import translation

    with translation.override("en"):
        assert 'title="Western Indonesia Time (UTC+7)"' in wib(timezone.now())
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    client = login(agen2_diskominfo)
    client.post(reverse("set_language"), {"language": "en"})
    html = client.get(topic.get_absolute_url()).content.decode()
    assert 'aria-label="Reactions"' in html and 'title="React with Agree"' in html
    assert 'data-mention-none="No matching name."' in html
