"""The institution the portal serves: its name, head, letterhead, signatory and colours, configured, not coded.

One row (django-solo's singleton), edited by Tim RB on the portal's "Identitas instansi" page or by an administrator
in the Django admin. Pages (through ``context_processors.institution``), e-mails, PDFs (``documents.letterhead``) and
exports read it with ``current_institution()``: django-solo keeps the row in the cache (``SOLO_CACHE``) and replaces
it on save, so a warm request reads it with no database query.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from solo.models import SingletonModel

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Warna ditulis sebagai kode heksadesimal, misalnya #0B3D91."))


class Institution(SingletonModel):
    class Kind(models.TextChoices):
        KOTA = "kota", _("Pemerintah Kota")
        KABUPATEN = "kabupaten", _("Pemerintah Kabupaten")
        PROVINSI = "provinsi", _("Pemerintah Provinsi")
        KEMENTERIAN = "kementerian", _("Kementerian / lembaga")

    #: The head's usual title for each kind, offered when the field is left empty.
    HEAD_TITLES = {Kind.KOTA: _("Wali Kota"), Kind.KABUPATEN: _("Bupati"), Kind.PROVINSI: _("Gubernur"),
                   Kind.KEMENTERIAN: _("Menteri")}

    kind = models.CharField(_("jenis instansi"), max_length=20, choices=Kind.choices, default=Kind.KOTA)
    name = models.CharField(_("nama resmi"), max_length=200, default="Pemerintah Daerah",
                            help_text=_("Seperti pada kop surat, mis. \"Pemerintah Kabupaten Contoh\"."))
    short_name = models.CharField(_("nama singkat"), max_length=100, blank=True,
                                  help_text=_("Dipakai di judul halaman dan forum, mis. \"Kabupaten Contoh\"."))
    head_title = models.CharField(_("jabatan kepala daerah / pimpinan"), max_length=150, blank=True,
                                  help_text=_("Lengkap dengan wilayahnya, mis. \"Bupati Contoh\"."))
    logo = models.ImageField(_("logo"), upload_to="instansi/", blank=True,
                             help_text=_("PNG atau JPEG, sebaiknya persegi; dipakai di halaman dan kop PDF."))
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    phone = models.CharField(_("telepon"), max_length=60, blank=True)
    website = models.CharField(_("situs web"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    signatory_name = models.CharField(_("nama penanda tangan SK"), max_length=150, blank=True)
    signatory_title = models.CharField(_("jabatan penanda tangan SK"), max_length=150, blank=True,
                                       help_text=_("Kosong: jabatan kepala daerah / pimpinan."))
    signatory_nip = models.CharField(_("NIP penanda tangan SK"), max_length=18, blank=True)
    reform_team_name = models.CharField(_("nama tim reformasi birokrasi"), max_length=150,
                                        default="Tim Reformasi Birokrasi")
    primary_colour = models.CharField(_("warna utama"), max_length=7, default="#0B3D91", validators=[hex_colour])
    secondary_colour = models.CharField(_("warna kedua"), max_length=7, default="#F2A900", validators=[hex_colour])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("identitas instansi")
        verbose_name_plural = _("identitas instansi")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from .chrome import bump  # the cached navbar and footer show the name and logo

        bump()

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name

    @property
    def initials(self) -> str:
        """The logo mark when no logo is uploaded: "Kota Bandung" -> "KB", "Kabupaten Sumedang" -> "KS"."""
        skip = {"pemerintah", "pemkot", "pemkab", "pemprov", "dan", "of", "the"}
        words = [w for w in self.display_short_name.replace("-", " ").split() if w.lower().strip(".,") not in skip]
        return "".join(w[0] for w in words[:2]).upper() or "AP"

    @property
    def theme_css(self) -> str:
        """The CSS variables of the institution's colours (base.html's head; validated hex codes, so safe to inline)."""
        def rgb(hex_code: str) -> str:
            return ", ".join(str(int(hex_code[i:i + 2], 16)) for i in (1, 3, 5))

        def darker(hex_code: str) -> str:  # the navbar and hover shade: 78% of each channel
            return "#" + "".join(f"{int(int(hex_code[i:i + 2], 16) * 0.78):02x}" for i in (1, 3, 5))

        return (f":root{{--bs-primary:{self.primary_colour};--bs-primary-rgb:{rgb(self.primary_colour)};"
                f"--ap-primary-dark:{darker(self.primary_colour)};"
                f"--ap-accent:{self.secondary_colour};--ap-accent-rgb:{rgb(self.secondary_colour)}}}")

    @property
    def head_display(self) -> str:
        return self.head_title or str(self.HEAD_TITLES.get(self.kind, ""))

    @property
    def default_signatory(self) -> str:
        """What an SK's "signed by" says unless the approver writes another."""
        return self.signatory_title or self.head_display

    @property
    def letterhead_lines(self) -> list[str]:
        contact = " · ".join(x for x in (self.phone, self.website, self.email) if x)
        return [line for line in (self.address, contact) if line]


def current_institution() -> Institution:
    """The institution, from the cache when warm (no query), else one query (creating the row on first use)."""
    return Institution.get_solo()
