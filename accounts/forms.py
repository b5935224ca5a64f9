from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import EntityNature, Organization, User
from accounts.services import signup, signup_errors
from accounts.validators import normalize_uscc
from common import mail
from common.forms import PLEASE_CHOOSE, PleaseChooseMixin

ORG_FIELDS = (
    "name",
    "uscc",
    "kind",
    "region_code",
    "entity_nature",
    "contact_name",
    "contact_phone",
)


class UsccField(forms.CharField):
    """A credit code as pasted: the invisible characters a copy brings along (zero-width
    space, NBSP, full-width space, tabs) are dropped before any check counts them, so the
    box takes no `maxlength` that would cut a pasted code short."""

    def to_python(self, value):
        return normalize_uscc(super().to_python(value))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class OrganizationSignupForm(PleaseChooseMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ORG_FIELDS
        field_classes = {"uscc": UsccField}
        widgets = {
            "uscc": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "region_code": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No nature chosen for the applicant: a preselected one would be kept by whoever
        # does not look, and skew the statistics by seller nature.
        nature = self.fields["entity_nature"]
        nature.choices = [("", PLEASE_CHOOSE), *EntityNature.choices]
        nature.required = True
        nature.initial = None
        self.initial.pop("entity_nature", None)

    def validate_unique(self) -> None:
        """Uniqueness is checked, with a friendlier message, by the sign-up service."""


class SignupForm(UserCreationForm):
    """User and organisation in one form; the sign-up service decides what is valid."""

    email = forms.EmailField(label=_("电子邮箱"), help_text=_("用于接收审核结果和找回密码。"))

    class Meta:
        model = User
        fields = ("username", "email")

    def clean_username(self):
        """Taken or reserved names are refused by the sign-up service, in one wording."""
        return self.cleaned_data.get("username")

    def validate_unique(self) -> None:
        """The sign-up service checks, without telling which e-mails have accounts."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.org_form = OrganizationSignupForm(*args, prefix="org", **kwargs)

    def is_valid(self) -> bool:
        valid = self._is_valid()
        self._keep_passwords()
        return valid

    def _keep_passwords(self) -> None:
        """When both passwords were fine and only other fields are wrong, show them again
        rather than make the person type them twice more."""
        if self.errors.get("password1") or self.errors.get("password2"):
            return
        if not (self.data.get("password1") and self.data.get("password2")):
            return
        for name in ("password1", "password2"):
            self.fields[name].widget.render_value = True

    def _is_valid(self) -> bool:
        valid = super().is_valid()
        org_valid = self.org_form.is_valid()
        if not (valid and org_valid):
            return False
        errors = signup_errors(
            username=self.cleaned_data["username"],
            password=self.cleaned_data["password1"],
            email=self.cleaned_data["email"],
            organization=self.organization_data(),
        )
        for key, messages in errors.items():
            target, _sep, field = key.partition(".")
            form, name = (self.org_form, field) if target == "organization" else (self, key)
            form_field = name if name in form.fields else None
            if name == "password":
                form_field = "password2"
            for message in messages:
                form.add_error(form_field, message)
        return not errors

    def organization_data(self) -> dict:
        return {name: self.org_form.cleaned_data.get(name, "") for name in ORG_FIELDS}

    def save(self, commit: bool = True) -> User:
        try:
            return signup(
                username=self.cleaned_data["username"],
                password=self.cleaned_data["password1"],
                email=self.cleaned_data["email"],
                organization=self.organization_data(),
            )
        except ValidationError as exc:  # a race with another sign-up of the same code
            raise ValueError(exc.messages) from exc


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the e-mail is the portal's own (templates in the portal's
    language, the link on SITE_URL, the center's signature) and goes through the outbox:
    the request never waits on the mail server, whether or not the address exists."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        path = reverse(
            "password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("【北疆技术交易中心】重置门户登录密码")
        mail.send_after_commit(
            mail.compose(
                template="registration/password_reset_email",
                subject=subject,
                to=[to_email],
                context={"username": context["user"].get_username()},
                url=path,
            )
        )


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(
        label=_("显示名称"),
        max_length=30,
        required=False,
        help_text=_("登记员办理记录中向企业显示的名称，例如姓氏加职务；不填则只显示“登记员”。"),
    )


class LicenceForm(forms.Form):
    """The business licence for the online verification; what the file is, is checked by
    `organization_licence_upload` (its bytes), not here."""

    licence = forms.FileField(
        label=_("营业执照"),
        help_text=_("营业执照（或法人登记证书）的扫描件或照片：PDF、JPEG 或 PNG，不超过 10 MB。"),
        error_messages={
            "required": _("请选择要上传的营业执照文件。"),
            "empty": _("上传的文件是空的。"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
