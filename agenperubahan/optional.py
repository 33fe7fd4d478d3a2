"""Optional imports of other apps' modules, for readers (reports, dashboards) that must work without them."""

from importlib import import_module


def optional_module(module: str):
    """The module, or None when its app does not exist (an error *inside* it still raises)."""
    try:
        return import_module(module)
    except ImportError as exc:
        if exc.name not in {module, module.split(".")[0]}:
            raise
        return None
