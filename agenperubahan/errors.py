"""The designed error pages (400, 403, 404, CSRF failure; 500 is the standalone templates/500.html).

Django's defaults are bare English pages; these speak Indonesian first, keep the navigation for a signed-in user
and offer a way back. Wired in urls.py (``handler400`` …) and settings (``CSRF_FAILURE_VIEW``).
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _


def _page(request, status: int, *, title: str, text: str, icon: str, detail: str = ""):
    return render(request, "errors/page.html",
                  {"status": status, "title": title, "text": text, "icon": icon, "detail": detail}, status=status)


def bad_request(request, exception=None):
    return _page(request, 400, icon="exclamation-octagon", title=_("Permintaan tidak dapat diproses"),
                 text=_("Alamat atau isian yang dikirim tidak sesuai. Periksa tautannya, lalu coba lagi dari "
                        "halaman sebelumnya."))


def permission_denied(request, exception=None):
    # A PermissionDenied raised with a message (e.g. "Halaman ini khusus moderator forum.") says why.
    detail = str(exception.args[0]) if exception is not None and exception.args and exception.args[0] else ""
    return _page(request, 403, icon="shield-lock", title=_("Akses ditolak"), detail=detail,
                 text=_("Halaman atau tindakan ini bukan wewenang peran Anda. Jika menurut Anda seharusnya boleh, "
                        "hubungi Tim RB atau operator kepegawaian perangkat daerah Anda."))


def page_not_found(request, exception=None):
    return _page(request, 404, icon="signpost-split", title=_("Halaman tidak ditemukan"),
                 text=_("Halaman ini tidak ada, sudah dipindahkan, atau berada di luar cakupan akses Anda."))


def csrf_failure(request, reason=""):
    return _page(request, 403, icon="clock-history", title=_("Formulir kedaluwarsa"),
                 text=_("Demi keamanan, formulir ini tidak dapat dikirim: halamannya terlalu lama terbuka atau "
                        "Anda sudah keluar dan masuk lagi. Muat ulang halaman, isi kembali, lalu kirim."))
