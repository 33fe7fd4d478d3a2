"""Keep the forums in step with the agencies: one city forum, one forum per top-level agency.

A new agency gets its forum; an agency that is no longer active (or became a sub-unit) keeps its forum, read-only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.models import Agency

from .. import cache
from ..models import Category, Forum

# [C] The categories a new forum starts with; editable afterwards in the admin. (name, description, moderators only)
DEFAULT_CATEGORIES = [
    ("Aksi Perubahan", "Rencana aksi, kemajuan, dan hasil proyek perubahan.", False),
    ("Tanya Jawab", "Pertanyaan dan jawaban seputar program agen perubahan.", False),
    ("Pengumuman", "Informasi resmi dari pimpinan, kepala perangkat daerah, dan Tim RB.", True),
]


def _default_categories():
    return getattr(settings, "FORUMS_DEFAULT_CATEGORIES", DEFAULT_CATEGORIES)


def _add_default_categories(forums: list[Forum]) -> None:
    cache.activity_changed()  # bulk writes send no signals; the topic lists cache the categories
    Category.objects.bulk_create([
        Category(forum=f, name=name, description=desc, moderators_only=mods_only, position=i)
        for f in forums for i, (name, desc, mods_only) in enumerate(_default_categories())
    ])


def _agency_is_live(agency: Agency, today) -> bool:
    return (
        agency.parent_id is None and agency.is_active
        and (agency.valid_from is None or agency.valid_from <= today)
        and (agency.valid_until is None or agency.valid_until >= today)
    )


#: The city forum's name as the first migration writes it; city_forum_ensure adds the institution's name.
UNNAMED_CITY_FORUM = "Forum Agen Perubahan"


def city_forum_name() -> str:
    from organization.institution import current_institution

    return _("Forum Agen Perubahan %(institution)s") % {"institution": current_institution().display_short_name}


@transaction.atomic
def city_forum_ensure() -> Forum:
    forum = Forum.objects.filter(kind=Forum.Kind.CITY).first()
    if forum is None:
        forum = Forum.objects.create(
            kind=Forum.Kind.CITY, name=city_forum_name(),
            description=_("Berbagi praktik baik antar perangkat daerah: semua ASN dapat membaca, "
                          "agen perubahan, role model, dan Tim RB dapat menulis."),
        )
        _add_default_categories([forum])
    elif forum.name == UNNAMED_CITY_FORUM:  # made by the first migration, before the institution was configured
        forum.name = city_forum_name()
        forum.save(update_fields=["name"])
    return forum


@transaction.atomic
def forum_sync_for_agency(*, agency: Agency) -> Forum | None:
    """Create or update the forum of one agency (called when an agency is saved)."""
    forum = Forum.objects.filter(agency=agency).first()
    live = _agency_is_live(agency, timezone.localdate())
    if forum is None:
        if agency.parent_id is not None:
            return None  # sub-units (bagian, bidang, UPT, kelurahan) share their agency's forum
        forum = Forum.objects.create(
            kind=Forum.Kind.AGENCY, agency=agency, name=_forum_name(agency), is_active=live,
            description=_("Ruang kerja agen perubahan, kepala, dan operator %(agency)s.") % {"agency": agency.name},
        )
        _add_default_categories([forum])
        return forum
    changed = []
    if forum.is_active != live:
        forum.is_active = live
        changed.append("is_active")
    if forum.name != _forum_name(agency):
        forum.name = _forum_name(agency)
        changed.append("name")
    if changed:
        forum.save(update_fields=changed)
    return forum


def _forum_name(agency: Agency) -> str:
    return _("Forum %(agency)s") % {"agency": agency.abbreviation or agency.name}


@transaction.atomic
def forum_sync_all() -> dict:
    """Bring every forum in line with the agency table (idempotent; a few queries whatever the size)."""
    city_forum_ensure()
    today = timezone.localdate()
    forums = {f.agency_id: f for f in Forum.objects.filter(kind=Forum.Kind.AGENCY)}
    agencies = list(Agency.objects.all())
    new = [
        Forum(kind=Forum.Kind.AGENCY, agency=a, name=_forum_name(a), is_active=_agency_is_live(a, today),
              description=_("Ruang kerja agen perubahan, kepala, dan operator %(agency)s.") % {"agency": a.name})
        for a in agencies if a.parent_id is None and a.pk not in forums
    ]
    created = Forum.objects.bulk_create(new)
    if created and not all(f.pk for f in created):  # backends without RETURNING ids
        created = list(Forum.objects.filter(agency_id__in=[f.agency_id for f in new]))
    _add_default_categories(created)
    changed = []
    for agency in agencies:
        forum = forums.get(agency.pk)
        if forum is None:
            continue
        live = _agency_is_live(agency, today)
        if forum.is_active != live or forum.name != _forum_name(agency):
            forum.is_active, forum.name = live, _forum_name(agency)
            changed.append(forum)
    Forum.objects.bulk_update(changed, ["is_active", "name"])
    if created or changed:
        cache.activity_changed()  # bulk writes send no signals; the home panel shows forum names
    return {"created": len(created), "updated": len(changed)}
