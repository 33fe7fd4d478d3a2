"""API of the agents app: ``periods/``, ``nominations/`` (+ submit/endorse/approve/reject/return, history),
``agents/`` and ``projects/``. Every write calls a service; scope comes from ``visible_*`` (404 out of scope)."""

from .nominations import NominationViewSet
from .periods import PeriodViewSet
from .projects import ProjectViewSet
from .registry import ChangeAgentViewSet

routes = [
    ("periods", PeriodViewSet, "period"),
    ("nominations", NominationViewSet, "nomination"),
    ("agents", ChangeAgentViewSet, "changeagent"),
    ("projects", ProjectViewSet, "project"),
]
