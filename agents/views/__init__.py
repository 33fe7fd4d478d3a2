from .nominations import (  # noqa: F401
    candidate_search,
    eligibility_panel,
    nomination_action,
    nomination_create,
    nomination_detail,
    nomination_edit,
    nomination_evidence,
    nomination_evidence_add,
    nomination_history_page,
    nomination_list,
    nomination_ranking,
    nomination_score,
    nomination_stalled,
)
from .periods import period_create, period_detail, period_edit, period_list  # noqa: F401
from .projects import (  # noqa: F401
    project_create,
    project_detail,
    project_edit,
    project_integrate,
    project_list,
    project_verify,
    report_create,
    report_evidence,
)
from .registry import (  # noqa: F401
    agent_detail,
    agent_end_term,
    agent_export,
    agent_history,
    agent_list,
    agent_renew,
    role_model_create,
)
from .votes import vote  # noqa: F401
from .workspace import index, zi_figures  # noqa: F401
