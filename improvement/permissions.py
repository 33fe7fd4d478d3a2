"""Who sees and writes improvement plans.

City readers (administrator, Tim RB, pimpinan daerah) see every agency's weak values and plans; the kepala and the
operator of an agency see their agency's and write its plans (the operator on the kepala's behalf). Anyone else
has no plans page (403); an object outside the user's scope answers 404.
"""

from __future__ import annotations

from django.db.models import QuerySet

from organization.models import Role, User
from organization.permissions import is_admin, is_city_reader, is_tim_rb

from .models import ImprovementPlan, RecognitionProposal, WeakValue

PLAN_WRITERS = (Role.KEPALA, Role.OPERATOR)


def _agency_ids(user: User) -> set[int]:
    return user.agency_ids_for(*PLAN_WRITERS) if user.is_authenticated else set()


def can_view_plans(user: User) -> bool:
    return is_city_reader(user) or bool(_agency_ids(user))


def visible_weak_values(user: User) -> QuerySet[WeakValue]:
    if is_city_reader(user):
        return WeakValue.objects.all()
    return WeakValue.objects.filter(agency_id__in=_agency_ids(user))


def visible_plans(user: User) -> QuerySet[ImprovementPlan]:
    if is_city_reader(user):
        return ImprovementPlan.objects.all()
    return ImprovementPlan.objects.filter(agency_id__in=_agency_ids(user))


def can_write_plan(user: User, weak_value: WeakValue) -> bool:
    """Write a plan for a weak value: its agency's kepala or operator (or an administrator)."""
    return is_admin(user) or weak_value.agency_id in _agency_ids(user)


def can_update_plan(user: User, plan: ImprovementPlan) -> bool:
    """Add actions and progress: as writing, while the plan runs (a re-checked plan is closed)."""
    return plan.status == ImprovementPlan.Status.ACTIVE and (is_admin(user) or plan.agency_id in _agency_ids(user))


def can_view_rater_quality(user: User) -> bool:
    """The rater-bias analytics of a cycle: Tim RB (and administrators) only; as aggregates, never per rater."""
    return is_tim_rb(user)


def can_review_recognition(user: User) -> bool:
    """Review role-model proposals and designate: Tim RB (and administrators)."""
    return is_tim_rb(user)


def visible_recognitions(user: User) -> QuerySet[RecognitionProposal]:
    """Tim RB every proposal; a person their own accepted recognitions."""
    if can_review_recognition(user):
        return RecognitionProposal.objects.all()
    if not user.is_authenticated or not user.employee_id:
        return RecognitionProposal.objects.none()
    return RecognitionProposal.objects.filter(employee_id=user.employee_id, status=RecognitionProposal.Status.ACCEPTED)


def can_download_certificate(user: User, proposal: RecognitionProposal) -> bool:
    return proposal.status == RecognitionProposal.Status.ACCEPTED
