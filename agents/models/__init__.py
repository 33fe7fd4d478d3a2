"""Program periods, nominations and their workflow, change agents, change projects (rencana aksi).

Rules a period holds (quota, eligibility, scoring criteria) are data an administrator edits, never constants.
"""

from .common import (  # noqa: F401
    DEFAULT_CRITERIA,
    DEFAULT_QUOTA,
    AgentRole,
    EvidenceFile,
    ReformArea,
    evidence_path,
    weighted_total,
)
from .nominations import Nomination, NominationEvidence, NominationScore, NominationTransition  # noqa: F401
from .periods import AgencyQuota, ChainStep, Criterion, ProgramPeriod, ProgramPeriodQuerySet, chain_errors  # noqa: F401
from .projects import ChangeProject, ProgressReport, ReportEvidence  # noqa: F401
from .registry import ChangeAgent, ChangeAgentQuerySet  # noqa: F401

# django-simple-history puts each history model in the module that declares its model (agents.models.registry …)
# but names the app package ("agents") as its __module__, so Django 5.2's `manage.py shell` cannot auto-import it
# and warns on every start. Point each at the module that really holds it (tables and migrations do not change).
for _model in (ChangeAgent, ChangeProject, Nomination, ProgramPeriod):
    _model.history.model.__module__ = _model.__module__
del _model
