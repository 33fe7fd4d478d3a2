from django.conf import settings
from django.http import FileResponse, QueryDict
from django.utils.translation import gettext_lazy as _


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy (no inline scripts) and a Permissions-Policy to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class StripNullCharactersMiddleware:
    """Keeps NUL characters away from the database: PostgreSQL refuses them in every text parameter (a 500).

    NUL has no meaning in a search box or a filter, so it is dropped from the query string's keys and values before
    any view reads them (``?q=%00`` would otherwise fail every list page that searches). A cookie or an
    ``Authorization`` header with a NUL is never one the portal issued, so it is ignored: the request goes on
    as anonymous (a crafted ``sessionid`` would otherwise fail every page in the session lookup).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        if any("\x00" in k or "\x00" in v for k, v in request.COOKIES.items()):  # also a quoted "\\000"
            request.COOKIES = {k: v for k, v in request.COOKIES.items() if "\x00" not in k and "\x00" not in v}
        if "\x00" in request.META.get("HTTP_AUTHORIZATION", ""):
            del request.META["HTTP_AUTHORIZATION"]
        return self.get_response(request)


class IndonesianFirstLocaleMiddleware:
    """Indonesian first: the language comes from the user's explicit choice (the language cookie set by the
    switch in the footer), never from the browser's Accept-Language. Replaces Django's LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on what is personal: every response to a signed-in user (session or an
    ``Authorization`` header) that does not set its own Cache-Control, and every file download whatever it set.

    Personal pages and exports must not stay in a shared proxy or in the browser cache of a shared computer
    (issue 14). Placed after the authentication middleware; static files (WhiteNoise) never get here.
    """

    VALUE = "private, no-store"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.headers.get("Content-Disposition") or isinstance(response, FileResponse):
            response.headers["Cache-Control"] = self.VALUE  # a file (attachment or inline), whatever it set
        elif "Cache-Control" not in response.headers and self._signed_in(request):
            response.headers["Cache-Control"] = self.VALUE
        return response

    @staticmethod
    def _signed_in(request) -> bool:
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META


class RequestErrorMiddleware:
    """Turns the database's refusals that a request (not the code) caused into an answer a person can act on,
    instead of a 500 (issue 14):

    - a number in the query string too large for the database (``?agency=99999999999999999999``: SQLite raises
      OverflowError, PostgreSQL "out of range") → 400 "angka terlalu besar";
    - SQLite's "database is locked" when two people write at the same moment (e.g. two approvals) → 409, try again.

    Pages get a small page, the API ``{"detail": …}``. Everything else is left to Django's handlers.
    """

    MSG_TOO_BIG = _("Kiriman terlalu besar: paling besar %(mb)s MB sekaligus (berkas paling besar %(file_mb)s MB "
                    "masing-masing). Perkecil berkasnya atau kirim lebih sedikit berkas sekaligus.")
    MSG_TOO_MANY = _("Kiriman berisi terlalu banyak isian atau berkas sekaligus. Kirim dalam beberapa bagian.")
    MSG_NUMBER = _("Salah satu angka pada alamat atau penyaring terlalu besar. Periksa penyaringnya, lalu coba lagi.")
    MSG_LOCKED = _("Data ini sedang diubah oleh orang lain pada saat yang sama. Muat ulang halaman, lalu coba lagi.")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Checked before anything reads the body (the CSRF check reads forms; DRF reads JSON without Django's
        # DATA_UPLOAD_MAX_MEMORY_SIZE): a form or JSON body is capped by that setting, a multipart upload by
        # MAX_REQUEST_MB.
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        limit = settings.MAX_REQUEST_MB * 1024 * 1024 if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length > limit:
            return self._too_big(request)
        return self.get_response(request)

    def _too_big(self, request):
        message = self.MSG_TOO_BIG % {"mb": settings.MAX_REQUEST_MB, "file_mb": settings.MAX_UPLOAD_MB}
        return self._answer(request, 413, _("Kiriman terlalu besar"), message)

    def process_exception(self, request, exception):
        from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
        from django.db import DataError, OperationalError

        if isinstance(exception, RequestDataTooBig):
            return self._too_big(request)
        if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
            return self._answer(request, 400, _("Terlalu banyak isian"), self.MSG_TOO_MANY)
        text = str(exception).lower()
        if isinstance(exception, OverflowError) or (isinstance(exception, DataError) and "out of range" in text):
            return self._answer(request, 400, _("Angka terlalu besar"), self.MSG_NUMBER)
        if isinstance(exception, OperationalError) and "database is locked" in text:
            return self._answer(request, 409, _("Sedang diubah orang lain"), self.MSG_LOCKED)
        return None

    @staticmethod
    def _answer(request, status: int, title, message):
        from django.http import JsonResponse
        from django.shortcuts import render

        if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"detail": str(message)}, status=status)
        return render(request, "request_error.html", {"title": title, "message": message}, status=status)
