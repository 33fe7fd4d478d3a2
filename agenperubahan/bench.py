"""Benchmark support, active only when BENCH_MODE is set (never in normal deployments).

- ``QueryCountMiddleware`` adds ``X-Query-Count`` to every response, so the benchmark can report queries per request.
- ``baseline`` is the minimal signed-in template page through the same middleware: the most this stack can serve.
"""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.shortcuts import render


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


@login_required
def baseline(request):
    return render(request, "bench/baseline.html")
