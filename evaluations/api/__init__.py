"""API: instruments, cycles (with open/close/publish, results, assignment review), the caller's assignments."""

from .assignments import AssignmentViewSet
from .cycles import CycleViewSet
from .instruments import InstrumentViewSet

routes = [
    ("instruments", InstrumentViewSet, "instrument"),
    ("cycles", CycleViewSet, "cycle"),
    ("assignments", AssignmentViewSet, "assignment"),
]
