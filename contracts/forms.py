"""The contract form: types and shapes only; every rule is the services' and validators'."""

import copy

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from common.forms import PleaseChooseMixin
from contracts import brokers, codes
from contracts.choices import SUBTYPES, ContractType
from contracts.models import (
    BUYER_FIELDS,
    EDITABLE_FIELDS,
    IMPORT_FIELDS,
    ChangeKind,
    Contract,
    ObjectionParty,
    ObjectionStatus,
    Recommendation,
)

_MODEL_FIELDS = fields_for_model(
    Contract, fields=[f for f in EDITABLE_FIELDS if f != "patent_numbers"]
)
SECTIONS = (
    (_("合同"), ("title", "contract_type", "subtype", "signed_on", "valid_from", "valid_until")),
    (_("技术进口（卖方在境外时填写）"), IMPORT_FIELDS),
    (_("买方（受让方、委托方）"), BUYER_FIELDS),
    (
        _("金额"),
        ("contract_amount", "technology_amount", "expected_investment", "expected_output"),
    ),
    (_("技术与知识产权"), ("technical_field", "ip_type", "patent_numbers")),
    (_("合同文本"), ("attachment",)),
)


class AmountField(forms.DecimalField):
    """An amount in yuan typed as people write it: "1,200,000.00" or "1 200 000" too. A
    text box (not type=number), so that whatever was typed is shown again after an error."""

    widget = forms.TextInput

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace("，", "").replace(" ", "").strip()
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        return attrs


def grouped_subtypes() -> list:
    """Sub-types under their type, so the choice reads right even without JavaScript."""
    groups = [("", [("", "---------")])]
    for contract_type, subtypes in SUBTYPES.items():
        groups.append((ContractType(contract_type).label, [(s.value, s.label) for s in subtypes]))
    return groups


class ContractForm(PleaseChooseMixin, forms.Form):
    """Fields as the model declares them; no model validation (the services decide)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in copy.deepcopy(_MODEL_FIELDS).items():
            field.required = name == "title"
            if isinstance(field, forms.DecimalField):
                field = AmountField(
                    label=field.label,
                    required=field.required,
                    max_digits=field.max_digits,
                    decimal_places=field.decimal_places,
                    help_text=field.help_text,
                )
            self.fields[name] = field
        self.fields["subtype"] = forms.ChoiceField(
            label=_("合同子类"),
            choices=grouped_subtypes(),
            required=False,
            help_text=_("只能选择所选合同类型下的子类；技术咨询合同无需选择。"),
        )
        # JJ-001 codes chosen by name; the codes are what is stored (ISO 3166, GB/T 2260).
        current_region = self._current("buyer_region_code")
        current_country = self._current("buyer_country_code")
        countries = codes.country_choices()
        if current_country and not codes.is_country_code(current_country):
            countries.append((current_country, f"{current_country}（原代码）"))
        self.fields["buyer_country_code"] = forms.ChoiceField(
            label=_("买方国别"),
            choices=countries,
            required=False,
            help_text=_("按名称选择，保存 3 位数字代码（中国为 156）。"),
        )
        self.fields["buyer_region_code"] = forms.ChoiceField(
            label=_("买方行政区划"),
            choices=codes.region_choices(current_region),
            required=False,
            help_text=_("依次选择省、市、区县（如克拉玛依区 650203）；境外买方不填。"),
            widget=forms.Select(
                attrs={
                    "data-region-picker": "1",
                    "data-label-province": _("省（自治区、直辖市）"),
                    "data-label-city": _("市（地区、自治州）"),
                    "data-label-district": _("区县"),
                }
            ),
        )
        current_seller_country = self._current("seller_country_code")
        seller_countries = codes.country_choices()
        if current_seller_country and not codes.is_country_code(current_seller_country):
            seller_countries.append((current_seller_country, f"{current_seller_country}（原代码）"))
        self.fields["seller_country_code"] = forms.ChoiceField(
            label=_("卖方国别"),
            choices=seller_countries,
            required=False,
            help_text=_(
                "卖方在境内时保持“中国”。卖方在境外（技术进口）时选择其国别：本单位作为买方登记，"
                "买方信息按本单位资料填写。"
            ),
        )
        self.fields["seller_name"].label = _("境外卖方名称")
        self.fields["seller_name"].help_text = _("仅技术进口填写；境外卖方无需统一社会信用代码。")
        self.fields["buyer_entity_nature"].help_text = _("按 JJ-001 法人性质代码表选择。")
        for name in ("expected_investment", "expected_output"):
            self.fields[name].help_text = _("仅技术转让合同填写，单位：元；可填 0。")
            self.fields[name].widget.attrs.update({"data-transfer-only": "1"})
        self.fields["buyer_uscc"].help_text = _("18 位；境外单位或个人可不填。")
        self.fields["contract_amount"].help_text = _("合同约定的全部价款，单位：元。")
        self.fields["technology_amount"].help_text = _(
            "合同成交额中扣除购置设备、仪器、零部件、原材料等非技术性费用后的金额，"
            "单位：元；应大于 0 且不超过合同成交额。"
        )
        self.fields["patent_numbers"] = forms.CharField(
            label=_("专利号（申请号）"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
            help_text=_("每行一个，如 ZL202110344405.7 或 202210702228.X；会核对校验位。"),
        )
        self.fields["attachment"] = forms.FileField(
            label=_("双方签章的合同文本（PDF）"),
            required=False,
            widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
            help_text=_("只接受 PDF，最大 20 MB。提交前必须上传。"),
        )
        for name in ("signed_on", "valid_from", "valid_until"):
            self.fields[name].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        for name in ("buyer_uscc",):
            self.fields[name].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        current_broker = self._current("broker")
        self.fields["broker"] = forms.ModelChoiceField(
            label=_("技术经理人"),
            queryset=brokers.approved_brokers(
                keep_id=int(current_broker) if current_broker.isdigit() else None
            ),
            required=False,
            empty_label=_("（无）"),
            help_text=_(
                "促成本合同的技术经理人（须已在本中心登记通过）；由其在个人页面确认后计入其业绩。"
            ),
        )

    def _current(self, name: str) -> str:
        """The value shown: posted, or the saved one (kept selectable if not in the table)."""
        if self.is_bound:
            return (self.data.get(name) or "").strip()
        return str(self.initial.get(name) or "")

    @classmethod
    def for_contract(cls, contract: Contract | None, *args, **kwargs) -> "ContractForm":
        if contract is not None and not args:
            initial = {f: getattr(contract, f) for f in EDITABLE_FIELDS}
            initial["patent_numbers"] = "\n".join(contract.patent_numbers or [])
            initial["broker"] = contract.broker_id
            if not contract.is_import:
                initial["seller_name"] = ""  # the organisation's own name, filled in
            kwargs["initial"] = initial
        elif contract is None and not args:
            kwargs["initial"] = {"buyer_country_code": "156", "seller_country_code": "156"}
        return cls(*args, **kwargs)

    def values(self) -> dict:
        """The cleaned values for the services (the file is handled apart)."""
        data = {name: self.cleaned_data.get(name) for name in EDITABLE_FIELDS}
        data["patent_numbers"] = self.cleaned_data.get("patent_numbers") or ""
        if (data.get("seller_country_code") or "156") == "156":
            data.pop("seller_name")  # a domestic seller is the organisation itself
        if "broker" in self.fields:
            data["broker"] = self.cleaned_data.get("broker")
        return data

    def sections(self):
        for legend, names in SECTIONS:
            if names == ("attachment",):
                yield _("技术经理人"), [self["broker"]]
            yield legend, [self[name] for name in names]

    def add_problems(self, problems: dict) -> None:
        """Service errors next to their field; `attachments` belongs to the upload."""
        for key, messages in problems.items():
            field = "attachment" if key in {"attachments", "file"} else key
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class ReviewForm(PleaseChooseMixin, forms.Form):
    """The reviewer's decision in the admin (one contract)."""

    DECISIONS = (
        ("register", _("认定登记")),
        ("return", _("退回补正")),
        ("reject", _("不予登记")),
    )
    decision = forms.ChoiceField(label=_("审核结论"), choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回补正和不予登记必须填写，企业会看到这段说明。"),
    )
    technology_amount = forms.DecimalField(
        label=_("核定技术交易额（元）"), required=False, max_digits=16, decimal_places=2
    )
    contract_type = forms.ChoiceField(
        label=_("核定合同类型"), required=False, choices=[("", "—"), *ContractType.choices]
    )
    subtype = forms.ChoiceField(label=_("核定合同子类"), required=False, choices=grouped_subtypes())


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("企业会在“我的合同”和邮件中看到这段说明。"),
    )


# ---- the 2026 workflow ------------------------------------------------------------------


class OpinionForm(forms.Form):
    """An expert's opinion on the portal (the API takes the same values)."""

    conflict = forms.BooleanField(
        label=_("声明回避（与合同当事人存在利益冲突）"),
        required=False,
        help_text=_("勾选后无需填写评审建议；请在意见中简要说明回避原因。"),
    )
    recommendation = forms.ChoiceField(
        label=_("评审建议"),
        choices=Recommendation.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    technology_amount = forms.DecimalField(
        label=_("建议技术交易额（元）"),
        required=False,
        max_digits=16,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    opinion = forms.CharField(
        label=_("评审意见"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def add_problems(self, problems: dict) -> None:
        for key, messages in problems.items():
            for message in messages:
                self.add_error(key if key in self.fields else None, message)


class ChangeForm(ContractForm):
    """A change (变更) or cancellation (注销) of a registration: the contract's fields as
    registered, edited where they change, with the reason and the signed supplement."""

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        del self.fields["attachment"]
        del self.fields["broker"]  # the broker is named while filing, not changed later
        if kind == ChangeKind.CANCEL:
            for name in EDITABLE_FIELDS:
                del self.fields[name]
        self.fields["reason"] = forms.CharField(
            label=_("申请理由"), widget=forms.Textarea(attrs={"rows": 4})
        )
        self.fields["supplement"] = forms.FileField(
            label=_("双方签章的补充协议或终止协议（PDF）"),
            required=kind == ChangeKind.CHANGE,
            widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
            help_text=_("只接受 PDF，最大 20 MB。"),
        )

    def sections(self):
        if self.kind == ChangeKind.CHANGE:
            for legend, names in SECTIONS:
                names = [name for name in names if name in self.fields]
                if names:
                    yield legend, [self[name] for name in names]
        yield _("申请"), [self["reason"], self["supplement"]]

    def values(self) -> dict:
        return super().values() if self.kind == ChangeKind.CHANGE else {}


class ObjectionForm(forms.Form):
    registration_number = forms.CharField(
        label=_("登记编号"), max_length=30, help_text=_("见技术合同登记证明。")
    )
    verification_code = forms.CharField(
        label=_("验证码"), max_length=20, help_text=_("登记证明上的 8 位验证码。")
    )
    filed_by = forms.ChoiceField(label=_("提出方"), choices=ObjectionParty.choices)
    name = forms.CharField(label=_("提出人（姓名或单位）"), max_length=100)
    contact = forms.CharField(
        label=_("联系方式"), max_length=200, help_text=_("电话或电子邮箱，用于告知复核结果。")
    )
    grounds = forms.CharField(
        label=_("异议的事实和理由"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("registration_number", "verification_code"):
            self.fields[name].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})


class ResolveForm(forms.Form):
    """A reviewer closes an objection in the admin."""

    outcome = forms.ChoiceField(
        label=_("复核结论"),
        choices=[
            (ObjectionStatus.STANDS, ObjectionStatus.STANDS.label),
            (ObjectionStatus.REVOKED, ObjectionStatus.REVOKED.label),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("复核意见"), widget=forms.Textarea(attrs={"rows": 4}))


class ExpertsForm(forms.Form):
    """A reviewer picks one to three experts in the admin."""

    experts = forms.ModelMultipleChoiceField(
        label=_("评审专家"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("选择 1 至 3 位与合同当事人无利益关系的专家。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = (
            User.objects.filter(groups__name=Role.EXPERT, is_active=True)
            .select_related("expert_profile")
            .order_by("username")
        )
        self.fields["experts"].label_from_instance = _expert_label


def _expert_label(user) -> str:
    profile = getattr(user, "expert_profile", None)
    return str(profile) if profile else user.get_username()


class VerifyForm(forms.Form):
    """The public verification page: both values are printed on the certificate."""

    number = forms.CharField(
        label=_("登记编号"),
        max_length=32,
        error_messages={"required": _("请填写登记编号。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "numeric"}
        ),
        help_text=_("证明上方的 16 位编号。"),
    )
    code = forms.CharField(
        label=_("验证码"),
        max_length=16,
        error_messages={"required": _("请填写验证码。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
        help_text=_("证明左下角二维码旁的 8 位字符。"),
    )


class IncomeForm(forms.Form):
    """技术性收入核定: one year's technology income actually received, with evidence."""

    year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=())
    amount = forms.DecimalField(
        label=_("实际收到的技术性收入（元）"),
        max_digits=16,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    file = forms.FileField(
        label=_("收入凭证（PDF）"),
        help_text=_("发票、银行回单等，合并为一个 PDF，最大 20 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
