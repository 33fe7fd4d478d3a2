"""Writing: topics, replies, edits with history, soft deletes, quotes, attachments, reactions, preview."""


import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forums import services
from forums.models import Attachment, Category, Forum, Post, PostRevision, Reaction, Topic

pytestmark = pytest.mark.django_db

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_an_agent_opens_a_topic_from_the_form(login, agen_diskominfo, diskominfo_forum):
    category = Category.objects.get(forum=diskominfo_forum, name="Aksi Perubahan")
    response = login(agen_diskominfo).post(reverse("forums:topic_create", args=[diskominfo_forum.pk]), {
        "title": "Digitalisasi arsip surat masuk", "category": category.pk,
        "body": "Kami mulai memindai surat masuk **sejak Senin**.",
    })
    topic = Topic.objects.get(title="Digitalisasi arsip surat masuk")
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    assert topic.category == category
    assert topic.first_post.body_html == "<p>Kami mulai memindai surat masuk <strong>sejak Senin</strong>.</p>"
    assert topic.subscriptions.filter(user=agen_diskominfo).exists()


def test_a_too_short_title_and_empty_body_are_named_in_the_form(login, agen_diskominfo, diskominfo_forum):
    response = login(agen_diskominfo).post(reverse("forums:topic_create", args=[diskominfo_forum.pk]),
                                           {"title": "Hai", "body": "   "})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"title", "body"}
    assert not Topic.objects.filter(forum=diskominfo_forum).exists()


def test_the_api_names_the_field_on_bad_input(api, agen_diskominfo, diskominfo_forum):
    response = api(agen_diskominfo).post("/api/v1/topics/", {"forum": diskominfo_forum.pk, "title": "ab", "body": ""},
                                         format="json")
    assert response.status_code == 400
    assert "body" in response.json()


def test_the_api_creates_a_topic_and_returns_sanitised_html(api, agen_diskominfo, diskominfo_forum):
    response = api(agen_diskominfo).post("/api/v1/topics/", {
        "forum": diskominfo_forum.pk, "title": "SOP layanan pengaduan", "body": "Draf **SOP** <script>x</script>",
    }, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["body_html"] == "<p>Draf <strong>SOP</strong> </p>"
    assert response.json()["posts_count"] == 1


def test_only_moderators_open_topics_in_the_announcements_category(agen_diskominfo, kepala_diskominfo,
                                                                     diskominfo_forum, new_topic):
    announcements = Category.objects.get(forum=diskominfo_forum, name="Pengumuman")
    with pytest.raises(ValidationError) as exc:
        new_topic(diskominfo_forum, agen_diskominfo, category=announcements)
    assert "category" in exc.value.message_dict
    assert new_topic(diskominfo_forum, kepala_diskominfo, category=announcements).category == announcements


def test_the_author_edits_and_moderators_see_the_previous_version(login, agen_diskominfo, kepala_diskominfo,
                                                                  agen2_diskominfo, diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, body="Versi pertama")
    url = reverse("forums:post_edit", args=[topic.first_post_id])
    response = login(agen_diskominfo).post(url, {"title": "Digitalisasi arsip surat masuk (revisi)",
                                                 "body": "Versi kedua"})
    assert response.status_code == 302
    post = Post.objects.get(pk=topic.first_post_id)
    assert post.body == "Versi kedua" and post.edited_at is not None
    assert Topic.objects.get(pk=topic.pk).title.endswith("(revisi)")
    revision = PostRevision.objects.get(post=post)
    assert revision.body == "Versi pertama" and revision.title == "Digitalisasi arsip surat masuk"
    page = login(agen2_diskominfo).get(topic.get_absolute_url()).content.decode()
    assert 'data-testid="edited-mark"' in page
    history = reverse("forums:post_history", args=[post.pk])
    assert login(agen2_diskominfo).get(history).status_code == 403
    assert "Versi pertama" in login(kepala_diskominfo).get(history).content.decode()


def test_someone_else_cannot_edit_a_post(login, agen_diskominfo, agen2_diskominfo, diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    response = login(agen2_diskominfo).post(reverse("forums:post_edit", args=[topic.first_post_id]), {"body": "x"})
    assert response.status_code == 403


def test_a_deleted_reply_disappears_for_members_but_moderators_still_see_it(
        login, agen_diskominfo, agen2_diskominfo, kepala_diskominfo, diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    reply = services.post_create(topic=topic, author=agen2_diskominfo, body="Salah kirim")
    assert login(agen2_diskominfo).post(reverse("forums:post_delete", args=[reply.pk])).status_code == 302
    assert Post.objects.get(pk=reply.pk).is_deleted
    assert "Salah kirim" not in login(agen_diskominfo).get(topic.get_absolute_url()).content.decode()
    assert "Salah kirim" in login(kepala_diskominfo).get(topic.get_absolute_url()).content.decode()


def test_an_author_cannot_delete_a_topic_once_others_replied(agen_diskominfo, agen2_diskominfo, diskominfo_forum,
                                                             new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    services.post_create(topic=topic, author=agen2_diskominfo, body="Balasan")
    with pytest.raises(PermissionDenied):
        services.post_delete(post=topic.first_post, by=agen_diskominfo)


def test_an_author_deletes_their_own_unanswered_topic(agen_diskominfo, diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    services.post_delete(post=topic.first_post, by=agen_diskominfo)
    assert Topic.objects.get(pk=topic.pk).is_deleted


def test_quoting_prefills_the_reply_with_the_quoted_post(login, agen_diskominfo, agen2_diskominfo, diskominfo_forum,
                                                         new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, body="Target: 100% surat terpindai.")
    client = login(agen2_diskominfo)
    assert "&gt; Target" not in client.get(topic.get_absolute_url()).content.decode()  # the empty form first
    response = client.get(f"{topic.get_absolute_url()}?kutip={topic.first_post_id}")
    initial = response.context["reply_form"].initial["body"]
    assert initial.startswith("> **") and "> Target: 100% surat terpindai." in initial
    assert f"@{agen_diskominfo.username}" in initial
    assert "&gt; Target: 100% surat terpindai." in response.content.decode()  # in the reply box on the page


def test_the_preview_renders_markdown_for_htmx(login, agen_diskominfo):
    response = login(agen_diskominfo).post(reverse("forums:preview"), {"body": "_miring_"}, HTTP_HX_REQUEST="true")
    assert "<em>miring</em>" in response.content.decode()


def test_a_locked_topic_takes_no_replies_but_its_moderator_may_answer(
        agen_diskominfo, agen2_diskominfo, kepala_diskominfo, diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    services.topic_set_locked(topic=topic, by=kepala_diskominfo, locked=True)
    with pytest.raises(PermissionDenied):
        services.post_create(topic=topic, author=agen2_diskominfo, body="Masih bisa?")
    assert services.post_create(topic=topic, author=kepala_diskominfo, body="Ditutup, terima kasih.")


def test_an_inactive_agency_forum_is_read_only(login, agen_diskominfo, diskominfo, diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    diskominfo.is_active = False
    diskominfo.save()
    forum = Forum.objects.get(pk=diskominfo_forum.pk)
    assert forum.is_read_only
    client = login(agen_diskominfo)
    assert client.get(topic.get_absolute_url()).status_code == 200
    assert client.get(reverse("forums:topic_create", args=[forum.pk])).status_code == 403
    assert client.post(reverse("forums:reply", args=[topic.pk]), {"body": "x"}).status_code == 403


# --- attachments ----------------------------------------------------------------------------------------------

def test_images_and_pdfs_are_stored_under_a_safe_name(media_root, login, agen_diskominfo, diskominfo_forum):
    response = login(agen_diskominfo).post(reverse("forums:topic_create", args=[diskominfo_forum.pk]), {
        "title": "Foto papan antrean", "body": "Lihat lampiran",
        "attachments": [upload("../../etc/papan antrean.png", PNG), upload("notulen rapat.pdf", PDF)],
    })
    assert response.status_code == 302
    stored = list(Attachment.objects.order_by("pk"))
    assert [a.content_type for a in stored] == ["image/png", "application/pdf"]
    assert stored[0].original_name == "papan_antrean.png"
    assert ".." not in stored[0].file.name and stored[0].file.name.startswith("forums/")
    assert stored[0].file.name.endswith(".png") and "antrean" not in stored[0].file.name


def test_a_file_whose_content_is_not_an_image_or_pdf_is_refused(media_root, login, agen_diskominfo, diskominfo_forum):
    response = login(agen_diskominfo).post(reverse("forums:topic_create", args=[diskominfo_forum.pk]), {
        "title": "Lampiran palsu", "body": "x",
        "attachments": [upload("foto.png", b"<svg onload=alert(1)></svg>", "image/png")],
    })
    assert response.status_code == 200
    assert "attachments" in response.context["form"].errors
    assert not Topic.objects.filter(title="Lampiran palsu").exists()


def test_an_oversized_file_is_refused_with_the_limit_named(settings, media_root, agen_diskominfo, diskominfo_forum,
                                                           new_topic):
    settings.MAX_UPLOAD_MB = 1
    big = upload("besar.pdf", PDF + b"0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError) as exc:
        new_topic(diskominfo_forum, agen_diskominfo, files=[big])
    assert "1 MB" in exc.value.message_dict["attachments"][0]


def test_attachments_are_served_only_to_readers_of_the_forum(media_root, login, agen_diskominfo, agen_dinkes,
                                                             diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, files=[upload("bukti.png", PNG)])
    attachment = topic.first_post.attachments.get()
    url = reverse("forums:attachment", args=[attachment.pk])
    response = login(agen_diskominfo).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    assert login(agen_dinkes).get(url).status_code == 404



@pytest.mark.parametrize("stored_type", ["text/html", "image/svg+xml"])
def test_an_attachment_stored_as_markup_is_downloaded_as_plain_bytes(stored_type, media_root, login, agen_diskominfo,
                                                                     diskominfo_forum, new_topic):
    from django.core.files.base import ContentFile

    topic = new_topic(diskominfo_forum, agen_diskominfo)
    # A row written around the upload check (the admin, an old import): it must still never render in the browser.
    attachment = Attachment(post=topic.first_post, original_name="x.html", content_type=stored_type,
                            extension="html", size=10)
    attachment.file.save("x.html", ContentFile(b"<script>alert(1)</script>"), save=True)
    response = login(agen_diskominfo).get(reverse("forums:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"

# --- reactions ------------------------------------------------------------------------------------------------

def test_a_reaction_toggles_on_and_off_with_htmx(login, agen_diskominfo, agen2_diskominfo, diskominfo_forum,
                                                 new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    url = reverse("forums:post_react", args=[topic.first_post_id])
    client = login(agen2_diskominfo)
    response = client.post(url, {"kind": "terima_kasih"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'data-testid="react-count">1<' in response.content.decode()
    assert Reaction.objects.filter(post_id=topic.first_post_id, user=agen2_diskominfo).count() == 1
    client.post(url, {"kind": "terima_kasih"}, HTTP_HX_REQUEST="true")
    assert not Reaction.objects.filter(post_id=topic.first_post_id).exists()


def test_the_topic_page_offers_the_reactions_as_buttons_of_one_form_per_post(login, agen_diskominfo, agen2_diskominfo,
                                                                             diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    services.post_create(topic=topic, author=agen2_diskominfo, body="Balasan saya sendiri")
    page = login(agen2_diskominfo).get(topic.get_absolute_url()).content.decode()
    react_url = reverse("forums:post_react", args=[topic.first_post_id])
    assert page.count(f'action="{react_url}"') == 1  # the opening post; not the reader's own reply
    assert page.count('name="kind" value=') == len(Reaction.Kind.values)
    response = login(agen2_diskominfo).post(react_url, {"kind": "ide"})  # the button's name and value, no htmx
    assert response.status_code == 302
    assert Reaction.objects.get(post_id=topic.first_post_id).kind == "ide"


def test_nobody_reacts_to_their_own_post(agen_diskominfo, diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    with pytest.raises(PermissionDenied):
        services.reaction_toggle(post=topic.first_post, user=agen_diskominfo, kind="suka")


def test_an_unknown_reaction_is_a_400(login, agen_diskominfo, agen2_diskominfo, diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    response = login(agen2_diskominfo).post(reverse("forums:post_react", args=[topic.first_post_id]),
                                            {"kind": "<script>"})
    assert response.status_code == 400


def test_api_edit_and_delete_follow_the_same_rules(api, agen_diskominfo, agen2_diskominfo, diskominfo_forum,
                                                   new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    reply = services.post_create(topic=topic, author=agen2_diskominfo, body="Awal")
    assert api(agen_diskominfo).patch(f"/api/v1/posts/{reply.pk}/", {"body": "Bukan punya saya"},
                                      format="json").status_code == 403
    edited = api(agen2_diskominfo).patch(f"/api/v1/posts/{reply.pk}/", {"body": "Revisi _final_"}, format="json")
    assert edited.status_code == 200 and edited.json()["body_html"] == "<p>Revisi <em>final</em></p>"
    assert api(agen2_diskominfo).delete(f"/api/v1/posts/{reply.pk}/").status_code == 204
    assert api(agen_diskominfo).get(f"/api/v1/posts/{reply.pk}/").status_code == 404


def test_a_body_over_the_limit_is_refused(agen_diskominfo, diskominfo_forum, new_topic):
    with pytest.raises(ValidationError) as exc:
        new_topic(diskominfo_forum, agen_diskominfo, body="x" * 20_001)
    assert "body" in exc.value.message_dict


def test_uploads_are_checked_by_content_not_by_name():
    fake = SimpleUploadedFile("laporan.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.check_attachments([fake])
    good = SimpleUploadedFile("gambar.pdf", PNG, content_type="application/pdf")
    [(_f, mime, ext, name)] = services.check_attachments([good])
    assert (mime, ext, name) == ("image/png", "png", "gambar.png")
