"""Forums follow the agency table: a new agency gets its forum, an inactive one's forum becomes read-only."""

import datetime as dt

import pytest
from django.core.management import call_command

from forums import services
from forums.models import Category, Forum
from organization.models import Agency

pytestmark = pytest.mark.django_db


def test_every_top_level_agency_and_the_city_have_one_forum():
    assert Forum.objects.filter(kind=Forum.Kind.CITY).count() == 1
    top = Agency.objects.top_level()
    assert Forum.objects.filter(kind=Forum.Kind.AGENCY).count() == top.count()
    assert not Forum.objects.filter(agency__parent__isnull=False).exists()


def test_a_new_agency_gets_its_forum_with_default_categories():
    agency = Agency.objects.create(code="DISPERKIM", name="Dinas Perumahan dan Kawasan Permukiman",
                                   abbreviation="Disperkim", kind=Agency.Kind.DINAS)
    forum = Forum.objects.get(agency=agency)
    assert forum.name == "Forum Disperkim" and forum.is_active
    assert list(Category.objects.filter(forum=forum).values_list("name", flat=True)) == [
        "Aksi Perubahan", "Tanya Jawab", "Pengumuman"]


def test_a_new_sub_unit_gets_no_forum(diskominfo):
    unit = Agency.objects.create(code="DISKOMINFO-BARU", name="Bidang Baru", kind=Agency.Kind.BIDANG,
                                 parent=diskominfo)
    assert not Forum.objects.filter(agency=unit).exists()


def test_an_agency_past_its_validity_makes_its_forum_read_only(diskominfo, diskominfo_forum):
    diskominfo.valid_until = dt.date(2020, 12, 31)
    diskominfo.save()
    assert Forum.objects.get(pk=diskominfo_forum.pk).is_read_only
    diskominfo.valid_until = None
    diskominfo.save()
    assert not Forum.objects.get(pk=diskominfo_forum.pk).is_read_only


def test_sync_all_is_idempotent_and_catches_up_after_bulk_changes(diskominfo):
    assert services.forum_sync_all() == {"created": 0, "updated": 0}
    Agency.objects.filter(pk=diskominfo.pk).update(is_active=False)  # bulk update: no signal
    Agency.objects.bulk_create([Agency(code="BARU1", name="Badan Baru", kind=Agency.Kind.BADAN)])
    assert services.forum_sync_all() == {"created": 1, "updated": 1}
    assert not Forum.objects.get(agency=diskominfo).is_active
    call_command("sync_forums")
    assert services.forum_sync_all() == {"created": 0, "updated": 0}


def test_renaming_an_agency_renames_its_forum(diskominfo):
    diskominfo.abbreviation = "Diskominfotik"
    diskominfo.save()
    assert Forum.objects.get(agency=diskominfo).name == "Forum Diskominfotik"
