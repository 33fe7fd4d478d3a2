import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zi import permissions, services
from zi.models import Assessment, Indicator, ReviewRound

from .conftest import PDF

pytestmark = pytest.mark.django_db


def _i(code):
    return Indicator.objects.get(code=code)


def test_every_review_round_is_kept_and_readable_side_by_side(world, diskominfo, period, operator_diskominfo,
                                                                kepala_diskominfo, tim_rb, client):
    services.entry_save(by=operator_diskominfo, agency=diskominfo, period=period, indicator=_i("I.1"),
                        value="60", note="SK tim kerja terlampir.")
    services.assessment_submit(by=operator_diskominfo, agency=diskominfo, period=period)
    assessment = Assessment.objects.get(agency=diskominfo, period=period)
    services.assessment_review(by=tim_rb, assessment=assessment,
                               verdicts={_i("I.1").pk: ("returned", "SK belum ditandatangani.")})
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.RETURNED

    services.entry_save(by=kepala_diskominfo, agency=diskominfo, period=period, indicator=_i("I.1"),
                        value="90", note="SK bertanda tangan diunggah.")
    services.assessment_submit(by=kepala_diskominfo, agency=diskominfo, period=period, note="Sudah diperbaiki.")
    services.assessment_review(by=tim_rb, assessment=assessment, verdicts={})
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.ACCEPTED

    first, second = ReviewRound.objects.filter(assessment=assessment).order_by("number")
    assert first.snapshot["I.1"]["value"] == 60.0 and second.snapshot["I.1"]["value"] == 90.0
    assert first.notes.get(indicator=_i("I.1")).note == "SK belum ditandatangani."
    assert (first.outcome, second.outcome) == ("returned", "accepted")

    client.force_login(tim_rb)
    page = client.get(reverse("zi:workspace", args=[diskominfo.pk]) + f"?period={period.pk}").content.decode()
    assert "Putaran 1" in page and "Putaran 2" in page and "SK belum ditandatangani." in page
    assert "SK tim kerja terlampir." in page and "SK bertanda tangan diunggah." in page


def test_returning_an_indicator_needs_a_note(world, diskominfo, period, operator_diskominfo, tim_rb):
    services.assessment_submit(by=operator_diskominfo, agency=diskominfo, period=period)
    assessment = Assessment.objects.get(agency=diskominfo, period=period)
    with pytest.raises(ValidationError) as exc:
        services.assessment_review(by=tim_rb, assessment=assessment, verdicts={_i("I.2").pk: ("returned", " ")})
    assert services.RETURN_NEEDS_NOTE in exc.value.messages
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


def test_a_portal_filled_indicator_takes_no_typed_value(diskominfo, period, operator_diskominfo):
    with pytest.raises(ValidationError) as exc:
        services.entry_save(by=operator_diskominfo, agency=diskominfo, period=period, indicator=_i("I.4.a"),
                            value="100", note="")
    assert services.AUTO_VALUE in exc.value.messages


@pytest.mark.parametrize("value", ["101", "-1", "abc", "NaN"])
def test_a_value_outside_0_to_100_is_a_field_error(diskominfo, period, operator_diskominfo, value):
    with pytest.raises(ValidationError):
        services.entry_save(by=operator_diskominfo, agency=diskominfo, period=period, indicator=_i("I.1"),
                            value=value, note="")


def test_evidence_is_checked_by_content_and_links_stay_in_the_agency(world, diskominfo, dinkes, period,
                                                                     operator_diskominfo, operator_dinkes):
    with pytest.raises(ValidationError):
        services.evidence_add_file(by=operator_diskominfo, agency=diskominfo, period=period, indicator=_i("I.1"),
                                   upload=SimpleUploadedFile("sk.pdf", b"<html>not a pdf</html>"))
    ok = services.evidence_add_file(by=operator_diskominfo, agency=diskominfo, period=period, indicator=_i("I.1"),
                                    upload=SimpleUploadedFile("sk.pdf", PDF))
    assert ok.content_type == "application/pdf" and ok.file.name.startswith("zi/bukti/")
    link = services.evidence_add_link(by=operator_diskominfo, agency=diskominfo, period=period, indicator=_i("I.4.c"),
                                      link_kind="project", object_id=world["projects"][0].pk)
    assert link.label == world["projects"][0].title
    with pytest.raises(ValidationError):  # a record of another agency is not found
        services.evidence_add_link(by=operator_dinkes, agency=dinkes, period=period, indicator=_i("I.4.c"),
                                   link_kind="project", object_id=world["projects"][0].pk)


# --- the rules, each allowed and denied -------------------------------------------------------------------------

def test_the_agencys_people_and_tim_rb_reach_the_workspace(diskominfo, agen_diskominfo, tim_rb, kepala_dinkes,
                                                           pegawai_diskominfo, sekda):
    for user in (agen_diskominfo, tim_rb):
        assert permissions.visible_zi_agencies(user).filter(pk=diskominfo.pk).exists()
        assert permissions.can_build_pack(user, diskominfo.pk)
    for user in (kepala_dinkes, pegawai_diskominfo, sekda):
        assert not permissions.visible_zi_agencies(user).filter(pk=diskominfo.pk).exists()
        assert not permissions.can_build_pack(user, diskominfo.pk)


def test_kepala_and_operator_edit_while_draft_or_returned_but_agents_and_tim_rb_do_not(
        diskominfo, period, kepala_diskominfo, operator_diskominfo, agen_diskominfo, tim_rb, operator_dinkes):
    draft = Assessment(agency=diskominfo, period=period)
    assert permissions.can_edit_assessment(kepala_diskominfo, diskominfo.pk, draft)
    assert permissions.can_submit_assessment(operator_diskominfo, diskominfo.pk, None)
    for user in (agen_diskominfo, tim_rb, operator_dinkes):
        assert not permissions.can_edit_assessment(user, diskominfo.pk, draft)
    submitted = Assessment(agency=diskominfo, period=period, status=Assessment.Status.SUBMITTED)
    assert not permissions.can_edit_assessment(operator_diskominfo, diskominfo.pk, submitted)
    with pytest.raises(PermissionDenied):
        services.entry_save(by=agen_diskominfo, agency=diskominfo, period=period, indicator=_i("I.1"), value="1",
                            note="")


def test_only_tim_rb_reviews_and_only_a_submitted_workspace(diskominfo, period, tim_rb, kepala_diskominfo, sekda):
    submitted = Assessment(agency=diskominfo, period=period, status=Assessment.Status.SUBMITTED)
    assert permissions.can_review_assessment(tim_rb, submitted)
    assert not permissions.can_review_assessment(kepala_diskominfo, submitted)
    assert not permissions.can_review_assessment(sekda, submitted)
    assert not permissions.can_review_assessment(tim_rb, Assessment(agency=diskominfo, period=period))


def test_pimpinan_reads_the_city_scores_but_pegawai_do_not(sekda, pegawai_diskominfo, agen_diskominfo):
    assert permissions.can_view_city_scores(sekda) and permissions.can_open_zi(sekda)
    assert not permissions.can_open_zi(pegawai_diskominfo)
    assert permissions.can_open_zi(agen_diskominfo) and not permissions.can_view_city_scores(agen_diskominfo)
