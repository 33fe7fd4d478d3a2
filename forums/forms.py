from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Category, Forum, Report
from .rendering import MAX_BODY_LENGTH

BODY_HELP = _("Mendukung Markdown: **tebal**, _miring_, daftar, tautan, > kutipan, `kode`. "
              "Sebut rekan: ketik @ lalu sebagian namanya dan pilih dari daftar; mereka mendapat notifikasi.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        accept = "image/jpeg,image/png,image/gif,image/webp,application/pdf"
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _body_field(label=_("Isi")):
    return forms.CharField(
        label=label, max_length=MAX_BODY_LENGTH, help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 8, "class": "js-markdown-source"}),
    )


def _attachments_field():
    return MultipleFileField(
        label=_("Lampiran"), required=False,
        help_text=_("Gambar (JPG, PNG, GIF, WebP) atau PDF, paling banyak 5 berkas."),
    )


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200, min_length=5)
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=Category.objects.none(), required=False,
                                      empty_label=_("(tanpa kategori)"))
    project = forms.ModelChoiceField(
        label=_("Proyek perubahan terkait"), queryset=None, required=False, empty_label=_("(tidak ada)"),
        help_text=_("Topik akan menampilkan kemajuan proyek ini."),
    )
    body = _body_field()
    attachments = _attachments_field()

    def __init__(self, *args, forum: Forum, can_moderate: bool = False, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if projects is not None and projects.exists():
            self.fields["project"].queryset = projects
        else:
            del self.fields["project"]
        categories = Category.objects.filter(forum=forum)
        if not can_moderate:
            categories = categories.filter(moderators_only=False)
        self.fields["category"].queryset = categories
        if not categories.exists():
            del self.fields["category"]


class ReplyForm(forms.Form):
    body = _body_field(_("Balasan Anda"))
    attachments = _attachments_field()


class EditForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200, min_length=5)
    body = _body_field()

    def __init__(self, *args, with_title: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Alasan"), choices=Report.Reason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Keterangan"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Wajib diisi bila memilih \"Lainnya\"."))


class MoveForm(forms.Form):
    forum = forms.ModelChoiceField(label=_("Forum tujuan"), queryset=Forum.objects.none())
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=Category.objects.none(), required=False,
                                      empty_label=_("(tanpa kategori)"))

    def __init__(self, *args, forums, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = forums
        self.fields["category"].queryset = Category.objects.filter(forum__in=forums).select_related("forum")
        self.fields["category"].label_from_instance = lambda c: f"{c.forum} — {c.name}"
