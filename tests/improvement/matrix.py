"""Improvement entries for the access matrices (tests/proof/matrix.py and tests/proof/api_matrix.py).

Rules (improvement/permissions.py): city readers (admin, Tim RB, pimpinan) read every agency's weak values and
plans; the kepala and operator of an agency read and write their agency's (another agency's → 404); everyone else
has no plans page (403). Tim RB and pimpinan read but do not write (403). Writes send an empty form (400).
The rater-bias analytics of a cycle: Tim RB and administrators only (403 for everyone else).
"""

from __future__ import annotations

from django.urls import reverse

from tests.proof.api_expect import ANON, ANONYMOUS, CITY

PAGE_READERS = (*CITY, "kepala.diskominfo", "operator.diskominfo")
WRITERS = ("admin", "kepala.diskominfo", "operator.diskominfo")
OTHER_AGENCY = ("kepala.dinkes", "operator.dinkes")
NAME = "Matriks akses perbaikan"


def weak_value(code="kompeten"):
    """Diskominfo's weak values of a published matrix cycle: ``kompeten`` gets a plan, ``loyal`` has none."""
    from improvement.models import WeakValue
    from organization.models import Agency
    from tests.improvement.builders import published_with_weak_values

    diskominfo = Agency.objects.get(code="DISKOMINFO")
    found = WeakValue.objects.filter(cycle__name=NAME, agency=diskominfo, code=code).first()
    if found is None:
        from improvement.models import ImprovementSettings

        conf = ImprovementSettings.get_solo()
        conf.lowest_count = 2
        conf.save()
        published_with_weak_values(NAME, {diskominfo.pk: {"kompeten": 50.0, "loyal": 55.0}})
        found = WeakValue.objects.get(cycle__name=NAME, agency=diskominfo, code=code)
    return found


def plan():
    from decimal import Decimal

    from improvement.models import ImprovementPlan
    from improvement.services import plan_create
    from organization.models import User

    wv = weak_value()
    found = ImprovementPlan.objects.filter(weak_value=wv).first()
    return found or plan_create(weak_value=wv, by=User.objects.get(username="kepala.diskominfo"),
                                summary="Matriks", target_score=Decimal("70"))


def proposal():
    """An accepted role-model proposal for agen.diskominfo's employee from the matrix cycle."""
    from improvement.models import RecognitionProposal
    from organization.models import User

    employee = User.objects.get(username="agen.diskominfo").employee
    found = RecognitionProposal.objects.filter(cycle__name=NAME, employee=employee).first()
    if found is None:
        found = RecognitionProposal.objects.create(cycle=weak_value().cycle, employee=employee, code="kompeten",
                                                   name="Kompeten", score=91.0,
                                                   status=RecognitionProposal.Status.ACCEPTED)
    return found


TIM = {"admin": 200, "tim.rb": 200}


def _page(allowed: dict) -> dict:
    return {"anonymous": "login", "*": 403, **dict.fromkeys(OTHER_AGENCY, 404), **allowed}


IMPROVEMENT_MATRIX = {
    "improvement:index": {"url": lambda o: reverse("improvement:index"),
                          "expect": {"anonymous": "login", "*": 403,
                                     **dict.fromkeys((*PAGE_READERS, *OTHER_AGENCY), 200)}},
    "improvement:plan_create": {"url": lambda o: reverse("improvement:plan_create", args=[weak_value("loyal").pk]),
                                "expect": _page(dict.fromkeys(WRITERS, 200))},
    "improvement:plan_detail": {"url": lambda o: reverse("improvement:plan_detail", args=[plan().pk]),
                                "expect": _page(dict.fromkeys(PAGE_READERS, 200))},
    "improvement:action_add": {"url": lambda o: reverse("improvement:action_add", args=[plan().pk]),
                               "method": "post", "data": {}, "expect": _page(dict.fromkeys(WRITERS, 400))},
    "improvement:progress_add": {"url": lambda o: reverse("improvement:progress_add", args=[plan().pk]),
                                 "method": "post", "data": {}, "expect": _page(dict.fromkeys(WRITERS, 400))},
    # the rater-bias analytics of a cycle: Tim RB and administrators only
    "improvement:rater_quality": {"url": lambda o: reverse("improvement:rater_quality", args=[weak_value().cycle_id]),
                                  "expect": {"anonymous": "login", "*": 403, "admin": 200, "tim.rb": 200}},
    # the straight-lining exclusion of a cycle: Tim RB and administrators; a published cycle refuses (400)
    "improvement:straight_lining": {"url": lambda o: reverse("improvement:straight_lining",
                                                             args=[weak_value().cycle_id]),
                                    "method": "post", "data": {},
                                    "expect": {"anonymous": "login", "*": 403, "admin": 400, "tim.rb": 400}},
    # role models: Tim RB reviews and designates; the person and Tim RB download the certificate
    "improvement:recognition_list": {"url": lambda o: reverse("improvement:recognition_list"),
                                     "expect": {"anonymous": "login", "*": 403, **TIM}},
    "improvement:recognition_review": {"url": lambda o: reverse("improvement:recognition_review",
                                                                args=[proposal().pk]),
                                       "method": "post", "data": {},
                                       "expect": {"anonymous": "login", "*": 403, "admin": 400, "tim.rb": 400}},
    "improvement:recognition_designate": {"url": lambda o: reverse("improvement:recognition_designate",
                                                                   args=[proposal().pk]),
                                          "expect": {"anonymous": "login", "*": 403, **TIM}},
    "improvement:recognition_certificate": {"url": lambda o: reverse("improvement:recognition_certificate",
                                                                     args=[proposal().pk]),
                                            "expect": {"anonymous": "login", "*": 404, **TIM, "agen.diskominfo": 200}},
}

V1 = "/api/v1"


def _api(allowed: tuple, *, other=404) -> dict:
    return {ANON: ANONYMOUS, "*": 403, **dict.fromkeys(OTHER_AGENCY, other), **dict.fromkeys(allowed, 200)}


IMPROVEMENT_API = {
    "GET /api/v1/improvement-plans/": {"url": lambda: f"{V1}/improvement-plans/", "expect": _api(PAGE_READERS, other=200),
                                       "sees": (lambda: plan().pk, PAGE_READERS)},
    "GET /api/v1/improvement-plans/{id}/": {"url": lambda: f"{V1}/improvement-plans/{plan().pk}/",
                                            "expect": _api(PAGE_READERS)},
    "GET /api/v1/recognitions/": {"url": lambda: f"{V1}/recognitions/", "expect": {ANON: ANONYMOUS, "*": 200},
                                  "sees": (lambda: proposal().pk, ("admin", "tim.rb", "agen.diskominfo"))},
    "GET /api/v1/recognitions/{id}/": {"url": lambda: f"{V1}/recognitions/{proposal().pk}/",
                                       "expect": {ANON: ANONYMOUS, "*": 404, "admin": 200, "tim.rb": 200,
                                                  "agen.diskominfo": 200}},
    "GET /api/v1/cycles/{id}/rater-quality/": {"url": lambda: f"{V1}/cycles/{weak_value().cycle_id}/rater-quality/",
                                               "expect": {ANON: ANONYMOUS, "*": 403, "admin": 200, "tim.rb": 200}},
}
