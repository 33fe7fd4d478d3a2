"""ZI entries for the page access matrix (tests/proof/matrix.py: ``MATRIX.update(ZI_MATRIX)``).

The rules (zi/permissions.py, docs/zi.md): the agency's own people (kepala, operator, agents) and Tim RB/admin reach
a Diskominfo workspace and its pack; anyone else gets 404 (pimpinan daerah read only the index's scores). The kepala
and operator fill and submit while the workspace is a draft or returned; Tim RB reviews a submitted one. Writes use
a workspace already submitted (so editing answers 403) or invalid data, so the table checks the rule, not the effect.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.agents.matrix import PDF, _user

CITY = ("admin", "tim.rb", "sekda")
TIM_RB = ("admin", "tim.rb")
EDITORS = ("kepala.diskominfo", "operator.diskominfo")
SCOPE = (*TIM_RB, *EDITORS, "agen.diskominfo")
ZI_USERS = (*CITY, "kepala.diskominfo", "operator.diskominfo", "agen.diskominfo", "kepala.dinkes", "operator.dinkes",
            "agen.dinkes")


def _diskominfo():
    from organization.models import Agency

    return Agency.objects.get(code="DISKOMINFO")


def _period(name: str):
    import datetime as dt

    from agents.models import ProgramPeriod
    from tests.agents.conftest import make_period, today

    t = today()
    return ProgramPeriod.objects.filter(name=name).first() or make_period(
        _user("tim.rb"), name=name, nomination_opens=t - dt.timedelta(days=240),
        nomination_closes=t - dt.timedelta(days=220), term_start=t - dt.timedelta(days=200),
        term_end=t + dt.timedelta(days=165))


def draft_period():
    """A period whose Diskominfo workspace is a draft (nothing submitted)."""
    return _period("Matriks akses: ZI draf")


def submitted_period():
    """A period whose Diskominfo workspace is submitted, with one evidence file and a finished pack."""
    from zi import services
    from zi.models import Assessment, Indicator, PackBuild

    period = _period("Matriks akses: ZI diajukan")
    _indicator()
    if not Assessment.objects.filter(agency=_diskominfo(), period=period).exists():
        operator = _user("operator.diskominfo")
        services.evidence_add_file(by=operator, agency=_diskominfo(), period=period,
                                   indicator=Indicator.objects.get(code="I.1"),
                                   upload=SimpleUploadedFile("sk.pdf", PDF))
        services.assessment_submit(by=operator, agency=_diskominfo(), period=period)
        build = PackBuild.objects.create(agency=_diskominfo(), period=period)
        from zi.pack import pack_build_run

        pack_build_run(build_id=build.pk)
    return period


def evidence():
    from zi.models import Evidence

    period = submitted_period()
    return Evidence.objects.filter(entry__assessment__period=period).first()


def pack_build():
    from zi.models import PackBuild

    return PackBuild.objects.filter(period=submitted_period()).first()


def only(allowed: dict, default=404) -> dict:
    return {"anonymous": "login", "*": default, **allowed}


def _ws(name, *args, period=draft_period):
    return lambda o: f"{reverse(name, args=[_diskominfo().pk, *args])}?period={period().pk}"


def _indicator():
    from zi.defaults import seed_default_tree
    from zi.models import Indicator

    seed_default_tree(Indicator)
    return Indicator.objects.get(code="I.1").pk


ZI_MATRIX: dict[str, dict] = {
    "zi:index": {"url": lambda o: reverse("zi:index"), "expect": only(dict.fromkeys(ZI_USERS, 200), default=403)},
    "zi:workspace": {"url": _ws("zi:workspace"), "expect": only(dict.fromkeys(SCOPE, 200))},
    "zi:export": {"url": _ws("zi:export"), "expect": only(dict.fromkeys(SCOPE, 200))},
    # A value that is not a number: the editors get their field message (302 back), the others the rule.
    "zi:entry_save": {"url": lambda o: _ws("zi:entry_save", _indicator())(o), "method": "post",
                      "data": {"value": "abc"},
                      "expect": only({**dict.fromkeys(EDITORS, 302), **dict.fromkeys((*TIM_RB, "agen.diskominfo"),
                                                                                     403)})},
    "zi:evidence_add": {"url": lambda o: _ws("zi:evidence_add", _indicator())(o), "method": "post", "data": {},
                        "expect": only({**dict.fromkeys(EDITORS, 302),
                                        **dict.fromkeys((*TIM_RB, "agen.diskominfo"), 403)})},
    "zi:evidence_download": {"url": lambda o: reverse("zi:evidence_download", args=[_diskominfo().pk, evidence().pk]),
                             "expect": only(dict.fromkeys(SCOPE, 200))},
    # The workspace is submitted: nobody may remove its evidence or submit it again.
    "zi:evidence_remove": {"url": lambda o: reverse("zi:evidence_remove", args=[_diskominfo().pk, evidence().pk]),
                           "method": "post", "expect": only(dict.fromkeys(SCOPE, 403))},
    "zi:submit": {"url": _ws("zi:submit", period=submitted_period), "method": "post",
                  "expect": only(dict.fromkeys(SCOPE, 403))},
    # Tim RB may review: an unknown verdict is a message (302 back), nothing is recorded.
    "zi:review": {"url": _ws("zi:review", period=submitted_period), "method": "post",
                  "data": lambda: {f"verdict_{_indicator()}": "x"},
                  "expect": only({**dict.fromkeys(TIM_RB, 302), **dict.fromkeys((*EDITORS, "agen.diskominfo"),
                                                                                403)})},
    "zi:pack_build": {"url": _ws("zi:pack_build", period=submitted_period), "method": "post",
                      "expect": only(dict.fromkeys(SCOPE, 302))},
    "zi:pack_status": {"url": lambda o: reverse("zi:pack_status", args=[_diskominfo().pk, pack_build().pk]),
                       "expect": only(dict.fromkeys(SCOPE, 200))},
    "zi:pack_download": {"url": lambda o: reverse("zi:pack_download", args=[_diskominfo().pk, pack_build().pk]),
                         "expect": only(dict.fromkeys(SCOPE, 200))},
}
