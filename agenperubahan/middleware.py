from django.conf import settings


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy (no inline scripts) and a Permissions-Policy to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class RejectNulCharactersMiddleware:
    """A NUL character in the query string is never a real request, and PostgreSQL refuses it in any text
    comparison (every search box would answer 500): answer 400 before a view sees it. Form fields already refuse
    NUL in posted data with a field error."""

    MESSAGE = "Permintaan tidak valid: alamat berisi karakter NUL."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            from django.http import HttpResponseBadRequest, JsonResponse

            if request.path.startswith("/api/"):
                return JsonResponse({"detail": self.MESSAGE}, status=400)
            return HttpResponseBadRequest(self.MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
