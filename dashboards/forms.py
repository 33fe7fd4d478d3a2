from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import Filters, cycle_choices, period_choices, top_level_kinds


class DashboardFilterForm(forms.Form):
    """Program period, evaluation cycle and agency kind (query string: ``period``, ``cycle``, ``kind``).

    Every field is optional: an empty period means the current one, an empty cycle the latest published one.
    """

    def __init__(self, *args, with_kind: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        periods = period_choices()
        if hasattr(periods, "model"):
            self.fields["period"] = forms.ModelChoiceField(
                periods, required=False, label=_("Periode program"), empty_label=_("Periode berjalan"),
                error_messages={"invalid_choice": _("Periode tidak ditemukan. Pilih salah satu dari daftar.")},
            )
        cycles = cycle_choices()
        if hasattr(cycles, "model"):
            self.fields["cycle"] = forms.ModelChoiceField(
                cycles, required=False, label=_("Siklus evaluasi"), empty_label=_("Siklus terbit terakhir"),
                error_messages={"invalid_choice": _(
                    "Siklus tidak ditemukan atau belum diterbitkan. Pilih salah satu dari daftar.")},
            )
        if with_kind:
            self.fields["kind"] = forms.ChoiceField(
                choices=self.kind_choices(), required=False,
                label=_("Jenis perangkat daerah"),
                error_messages={"invalid_choice": _("Jenis perangkat daerah tidak dikenal.")},
            )

        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-select form-select-sm js-autosubmit"})

    @staticmethod
    def kind_choices() -> list[tuple[str, str]]:
        return [("", _("Semua jenis"))] + top_level_kinds()

    @classmethod
    def kind_of(cls, data) -> str:
        """The agency kind asked for in ``data`` (a query dict) as the bound form would clean it ("" when absent or
        not a choice), without building the form: what a cached page needs for its title."""
        kind = data.get("kind") or ""
        return kind if kind in dict(cls.kind_choices()) else ""

    def filters(self) -> Filters:
        """The valid choices; a field with an error falls back to its default."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return Filters(period=data.get("period"), cycle=data.get("cycle"), kind=data.get("kind") or "")

    def query(self) -> str:
        """The filters as a query string, to carry them into links (drill-down, sorting, export)."""
        from urllib.parse import urlencode

        f = self.filters()
        params = {"period": getattr(f.period, "pk", ""), "cycle": getattr(f.cycle, "pk", ""), "kind": f.kind}
        return urlencode({k: v for k, v in params.items() if v})
