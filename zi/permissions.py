"""Who may see and do what in the ZI Area I workspace and its evidence pack.

Scope: Tim RB and administrators reach every agency; the agency's own people (kepala, operator, its agents and role
models) reach their agency. Anyone else gets 404 for an agency's workspace and pack. Pimpinan daerah read the
city's scores on the index. The agency (kepala or operator) fills and submits; Tim RB reviews.
"""

from __future__ import annotations

from django.db.models import QuerySet

from organization.models import Agency, Role, User
from organization.permissions import is_city_reader, is_tim_rb

from .models import Assessment, Evidence

AGENCY_PEOPLE = (Role.KEPALA, Role.OPERATOR, Role.AGEN, Role.ROLE_MODEL)
AGENCY_EDITORS = (Role.KEPALA, Role.OPERATOR)


def _ids(user: User, *roles: str) -> set[int]:
    if not user.is_authenticated:
        return set()
    return user.agency_ids_for(*roles)


def visible_zi_agencies(user: User) -> QuerySet[Agency]:
    """Top-level agencies whose workspace and pack the user may open."""
    qs = Agency.objects.top_level()
    if is_tim_rb(user):
        return qs
    return qs.filter(pk__in=_ids(user, *AGENCY_PEOPLE))


def can_open_zi(user: User) -> bool:
    return is_city_reader(user) or bool(_ids(user, *AGENCY_PEOPLE))


def can_view_city_scores(user: User) -> bool:
    return is_city_reader(user)


def can_edit_assessment(user: User, agency_id: int, assessment: Assessment | None) -> bool:
    """The agency's kepala or operator fill values, notes and evidence while the workspace is a draft or returned."""
    status = assessment.status if assessment is not None else Assessment.Status.DRAFT
    return status in Assessment.EDITABLE and agency_id in _ids(user, *AGENCY_EDITORS)


def can_submit_assessment(user: User, agency_id: int, assessment: Assessment | None) -> bool:
    return can_edit_assessment(user, agency_id, assessment)


def can_review_assessment(user: User, assessment: Assessment | None) -> bool:
    return assessment is not None and assessment.status == Assessment.Status.SUBMITTED and is_tim_rb(user)


def can_remove_evidence(user: User, evidence: Evidence) -> bool:
    assessment = evidence.entry.assessment
    return can_edit_assessment(user, assessment.agency_id, assessment)


def can_build_pack(user: User, agency_id: int) -> bool:
    """Everyone who reaches the workspace may have the pack built and download it."""
    return visible_zi_agencies(user).filter(pk=agency_id).exists()
