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
