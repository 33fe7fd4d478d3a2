"""Who may see and do what with the period documents. The only home of these rules.

Minutes and SK drafts (scores, NIPs, work in progress) are for city readers; a signed SK is published to the staff
roles of the city (operators, kepala, agents, role models). Tim RB (and administrators) issue, draft and upload.
The public verification page needs no sign-in and shows only a document's number, date, names and status.
"""

from __future__ import annotations

from django.db.models import QuerySet

from organization.models import Role, User
from organization.permissions import is_city_reader, is_tim_rb

from .models import Document

STAFF_ROLES = (Role.OPERATOR, Role.KEPALA, Role.AGEN, Role.ROLE_MODEL)


def visible_documents(user: User) -> QuerySet[Document]:
    qs = Document.objects.select_related("period", "agency", "created_by")
    if not user.is_authenticated:
        return qs.none()
    if is_city_reader(user):
        return qs
    if user.agency_ids_for(*STAFF_ROLES):
        return qs.filter(kind=Document.Kind.SK_SIGNED)
    return qs.none()


def can_list_documents(user: User) -> bool:
    return user.is_authenticated and (is_city_reader(user) or bool(user.agency_ids_for(*STAFF_ROLES)))


def can_issue_minutes(user: User) -> bool:
    return is_tim_rb(user)


def can_draft_decree(user: User) -> bool:
    return is_tim_rb(user)


def can_upload_signed_decree(user: User) -> bool:
    return is_tim_rb(user)
