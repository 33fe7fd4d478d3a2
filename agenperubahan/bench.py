"""Benchmark support, active only when BENCH_MODE is set (never in normal deployments).

- ``QueryCountMiddleware`` adds ``X-Query-Count`` to every response, so the benchmark can report queries per request.
- ``baseline`` is the minimal signed-in page with the real ``base.html``, through the same middleware: the most a
  page of this portal can serve.
- ``oneline`` is a one-line template for the signed-in user through the whole stack (middleware, sessions, context
  processors); ``/bench/default/oneline/`` is the same page served by a second WSGI handler, in the same process,
  with what ``django-admin startproject`` gives: its middleware list, database sessions and its context processors.
  Their ratio is the stack's own cost (bench/run.py, "Stack cost").
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.backends import db as database_sessions
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template import Engine, RequestContext

DEFAULT_STACK_PREFIX = "/bench/default/"

# What `django-admin startproject` writes (Django 5.2), plus the query counter every bench page has.
DEFAULT_MIDDLEWARE = [
    "agenperubahan.bench.QueryCountMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "agenperubahan.bench.DatabaseSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DEFAULT_CONTEXT_PROCESSORS = [
    "django.template.context_processors.debug",
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
]


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response


class DatabaseSessionMiddleware(SessionMiddleware):
    """Django's session middleware with the default engine (database sessions), whatever SESSION_ENGINE says. The
    portal writes every session to the database too (cached_db), so both stacks read the same cookie."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.SessionStore = database_sessions.SessionStore


class DefaultStackHandler(WSGIHandler):
    def load_middleware(self, is_async=False):
        saved = settings.MIDDLEWARE
        settings.MIDDLEWARE = DEFAULT_MIDDLEWARE
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = saved


def with_default_stack(application):
    """The WSGI application, with ``/bench/default/…`` served through the default stack instead."""
    default = DefaultStackHandler()

    def dispatch(environ, start_response):
        if environ.get("PATH_INFO", "").startswith(DEFAULT_STACK_PREFIX):
            return default(environ, start_response)
        return application(environ, start_response)

    return dispatch


_default_engine = None


def _engine() -> Engine:
    global _default_engine
    if _default_engine is None:
        _default_engine = Engine(dirs=[settings.BASE_DIR / "templates"], context_processors=DEFAULT_CONTEXT_PROCESSORS)
    return _default_engine


@login_required
def baseline(request):
    return render(request, "bench/baseline.html")


@login_required
def oneline(request):
    return render(request, "bench/oneline.html")


@login_required
def default_oneline(request):
    """The same one-line template, rendered with startproject's context processors (served by the default stack)."""
    template = _engine().get_template("bench/oneline.html")
    return HttpResponse(template.render(RequestContext(request)))
