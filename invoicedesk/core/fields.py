"""Field names in the user's words, for messages that point at a field."""

from __future__ import annotations

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message

FIELD_CONTEXT = "Field"

FIELD_LABELS: dict[str, str] = {
    "kind": QT_TRANSLATE_NOOP("Field", "发票票种"),
    "code": QT_TRANSLATE_NOOP("Field", "发票代码"),
    "number": QT_TRANSLATE_NOOP("Field", "发票号码"),
    "issue_date": QT_TRANSLATE_NOOP("Field", "开票日期"),
    "buyer_name": QT_TRANSLATE_NOOP("Field", "购买方名称"),
    "buyer_tax_id": QT_TRANSLATE_NOOP("Field", "购买方纳税人识别号"),
    "seller_tax_id": QT_TRANSLATE_NOOP("Field", "销售方纳税人识别号"),
    "buyer_address_phone": QT_TRANSLATE_NOOP("Field", "购买方地址电话"),
    "buyer_bank_account": QT_TRANSLATE_NOOP("Field", "购买方开户行及账号"),
    "buyer_email": QT_TRANSLATE_NOOP("Field", "购买方邮箱"),
    "issuer": QT_TRANSLATE_NOOP("Field", "开票人"),
    "reviewer": QT_TRANSLATE_NOOP("Field", "复核人"),
    "payee": QT_TRANSLATE_NOOP("Field", "收款人"),
    "remarks": QT_TRANSLATE_NOOP("Field", "备注"),
    "status": QT_TRANSLATE_NOOP("Field", "发票状态"),
    "is_red": QT_TRANSLATE_NOOP("Field", "是否红字发票"),
    "lines": QT_TRANSLATE_NOOP("Field", "项目明细"),
    "name": QT_TRANSLATE_NOOP("Field", "项目名称"),
    "spec": QT_TRANSLATE_NOOP("Field", "规格型号"),
    "unit": QT_TRANSLATE_NOOP("Field", "单位"),
    "quantity": QT_TRANSLATE_NOOP("Field", "数量"),
    "unit_price": QT_TRANSLATE_NOOP("Field", "单价"),
    "amount": QT_TRANSLATE_NOOP("Field", "金额"),
    "tax_rate": QT_TRANSLATE_NOOP("Field", "税率"),
    "tax": QT_TRANSLATE_NOOP("Field", "税额"),
    "total": QT_TRANSLATE_NOOP("Field", "价税合计"),
    "amount_in_words": QT_TRANSLATE_NOOP("Field", "价税合计（大写）"),
    "tax_code": QT_TRANSLATE_NOOP("Field", "税收分类编码"),
    "is_discount": QT_TRANSLATE_NOOP("Field", "是否折扣行"),
    "customer": QT_TRANSLATE_NOOP("Field", "客户"),
    "complaint": QT_TRANSLATE_NOOP("Field", "问题描述"),
    "other_contact": QT_TRANSLATE_NOOP("Field", "其他联系方式"),
    "email": QT_TRANSLATE_NOOP("Field", "邮箱"),
    "promised_at": QT_TRANSLATE_NOOP("Field", "承诺开出时间"),
}
_TAX_ID_LABEL = QT_TRANSLATE_NOOP("Field", "纳税人识别号")


def field_label(field: str) -> Message:
    """The label of a field path ("lines[2].amount" -> 金额), translated when shown.

    Passed as a message parameter, it is formatted with ``str()`` and so translated lazily.
    """
    name = field.rsplit(".", 1)[-1]
    return Message(
        FIELD_CONTEXT, FIELD_LABELS.get(name, _TAX_ID_LABEL if "tax_id" in name else name)
    )
