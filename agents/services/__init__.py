"""Every business write of the agents app. Views, serializers and tasks call these; none repeats their rules."""

from .nominations import (  # noqa: F401
    evidence_add,
    evidence_add_many,
    nomination_approve,
    nomination_create,
    nomination_endorse,
    nomination_reject,
    nomination_return,
    nomination_score,
    nomination_submit,
    nomination_update,
)
from .periods import period_save  # noqa: F401
from .projects import project_integrate, project_save, project_verify, report_submit  # noqa: F401
from .registry import (  # noqa: F401
    agent_end_term,
    agent_renew,
    ensure_user_for_employee,
    expire_terms,
    role_model_designate,
    sync_role_assignment,
)
