"""Reading the e-invoice files customers and the platform hand over, into a draft for the form.

- 数电票 XML: root ``EInvoice``; number in ``TaxSupervisionInfo/InvoiceNumber``, totals in
  ``EInvoiceData/BasicInformation``, buyer and seller in ``BuyerInformation`` /
  ``SellerInformation``, one ``IssuItemInformation`` per line.
- Legacy OFD e-invoice: a zip holding ``Doc_0/Attachs/original_invoice.xml`` (root ``eInvoice``
  in namespace ``http://www.edrm.org.cn/schema/e-invoice/2019``).

Elements are found by local name, so prefixes and namespaces do not matter. XML is parsed with
defusedxml, which refuses any DTD or entity declaration wherever it is in the file (a file from
outside is never trusted to expand itself); the XML inside an OFD is read with a size cap while
decompressing (zip_guard), so a zip bomb stops at the cap whatever its headers declare.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.core.identifiers import normalize_buyer_id
from invoicedesk.core.invoice import InvoiceDraft, LineDraft
from invoicedesk.core.limits import MAX_XML_BYTES
from invoicedesk.core.money import AmountError, parse_decimal
from invoicedesk.core.rates import RateError, TaxRate, parse_rate
from invoicedesk.exchange.zip_guard import ZipLimitError, read_member

CONTEXT = "Exchange"
OFD_INVOICE_PATH = "Doc_0/Attachs/original_invoice.xml"
OFD_NAMESPACE = "http://www.edrm.org.cn/schema/e-invoice/2019"
_DATE = re.compile(r"(\d{4})\D?(\d{1,2})\D?(\d{1,2})")
# A 12-digit legacy code's last two digits → the platform's kind.
_LEGACY_CODE_KINDS = {"11": "10", "12": "14", "13": "08", "04": "04", "05": "04", "06": "11"}


class EInvoiceFileError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def _error(source: str, **params: object) -> EInvoiceFileError:
    return EInvoiceFileError(Message(CONTEXT, source, dict(params)))


@dataclass
class EInvoiceFile:
    """What a file says: a draft to check and save, plus what the form does not hold."""

    draft: InvoiceDraft
    source: str  # "xml" (数电) or "ofd" (legacy)
    seller_name: str = ""
    seller_tax_id: str = ""
    total: Decimal | None = None  # 价税合计 as printed, to compare with the lines
    check_code: str = ""
    notes: list[Message] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(node: ET.Element | None, *path: str) -> ET.Element | None:
    """Descend by local names; each step searches the whole subtree."""
    for name in path:
        if node is None:
            return None
        node = next((n for n in node.iter() if _local(n.tag) == name and n is not node), None)
    return node


def _text(node: ET.Element | None, *path: str) -> str:
    found = _find(node, *path) if path else node
    return (found.text or "").strip() if found is not None else ""


def _all(node: ET.Element, name: str) -> list[ET.Element]:
    return [n for n in node.iter() if _local(n.tag) == name]


def _parse_xml(data: bytes) -> ET.Element:
    if len(data) > MAX_XML_BYTES:
        raise _error(QT_TRANSLATE_NOOP("Exchange", "文件太大，不像一张发票的 XML"))
    try:
        root: ET.Element = safe_fromstring(data, forbid_dtd=True)
        return root
    except DefusedXmlException as exc:
        raise _error(
            QT_TRANSLATE_NOOP("Exchange", "文件里含有不允许的 DTD 或实体声明，未读取")
        ) from exc
    except ET.ParseError as exc:
        raise _error(
            QT_TRANSLATE_NOOP("Exchange", "XML 格式有误，无法读取：{detail}"), detail=str(exc)
        ) from exc


def _date(text: str) -> date:
    match = _DATE.search(text)
    try:
        if match is None:
            raise ValueError(text)
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise _error(QT_TRANSLATE_NOOP("Exchange", "开票日期“{text}”无法识别"), text=text) from exc


def _decimal(text: str, what: str) -> Decimal | None:
    if not text:
        return None
    try:
        return parse_decimal(text)
    except AmountError as exc:
        raise _error(
            QT_TRANSLATE_NOOP("Exchange", "{what}“{text}”不是有效的数值"), what=what, text=text
        ) from exc


def _rate(text: str) -> TaxRate:
    try:
        return parse_rate(text or "0")
    except RateError as exc:
        raise _error(QT_TRANSLATE_NOOP("Exchange", "税率“{text}”无法识别"), text=text) from exc


def _line(
    name: str, spec: str, unit: str, qty: str, price: str, amount: str, rate: str, tax: str
) -> LineDraft:
    value = _decimal(amount, "金额")
    if value is None:
        raise _error(QT_TRANSLATE_NOOP("Exchange", "明细“{name}”缺少金额"), name=name)
    tax_rate = _rate(rate)
    tax_value = None if tax_rate.is_special else _decimal(tax.replace("*", ""), "税额")
    return LineDraft(
        name=name,
        amount=value,
        tax_rate=tax_rate,
        tax=tax_value,
        spec=spec,
        unit=unit,
        quantity=_decimal(qty, "数量"),
        unit_price=_decimal(price, "单价"),
        is_discount=value < 0,
    )


def read_digital_xml(data: bytes) -> EInvoiceFile:
    """A 数电票 XML (root ``EInvoice``)."""
    root = _parse_xml(data)
    if _local(root.tag) != "EInvoice":
        raise _error(
            QT_TRANSLATE_NOOP("Exchange", "这不是数电票 XML（根元素应为 EInvoice，实为 {tag}）"),
            tag=_local(root.tag),
        )
    number = _text(root, "TaxSupervisionInfo", "InvoiceNumber")
    if not number:
        raise _error(QT_TRANSLATE_NOOP("Exchange", "文件里没有发票号码（InvoiceNumber）"))
    basic = _find(root, "BasicInformation")
    buyer = _find(root, "BuyerInformation")
    seller = _find(root, "SellerInformation")
    issued = _text(root, "TaxSupervisionInfo", "IssueTime") or _text(basic, "RequestTime")
    label = _text(root, "GeneralOrSpecialVAT", "LabelCode")
    kind = "81" if label == "01" else "82"
    lines = [
        _line(
            _text(item, "ItemName"),
            _text(item, "SpecMod"),
            _text(item, "MeaUnits"),
            _text(item, "Quantity"),
            _text(item, "UnPrice"),
            _text(item, "Amount"),
            _text(item, "TaxRate"),
            _text(item, "ComTaxAm"),
        )
        for item in _all(root, "IssuItemInformation")
    ]
    if not lines:
        raise _error(QT_TRANSLATE_NOOP("Exchange", "文件里没有明细（IssuItemInformation）"))
    address = " ".join(t for t in (_text(buyer, "BuyerAddr"), _text(buyer, "BuyerTelNum")) if t)
    bank = " ".join(
        t for t in (_text(buyer, "BuyerBankName"), _text(buyer, "BuyerBankAccNum")) if t
    )
    draft = InvoiceDraft(
        kind=kind,
        code="",
        number=number,
        issue_date=_date(issued),
        buyer_name=_text(buyer, "BuyerName"),
        buyer_tax_id=normalize_buyer_id(_text(buyer, "BuyerIdNum")),
        buyer_address_phone=address,
        buyer_bank_account=bank,
        buyer_email=_text(buyer, "BuyerEmail"),
        issuer=_text(basic, "Drawer"),
        reviewer=_text(basic, "Checker") or _text(basic, "Reviewer"),
        payee=_text(basic, "Payee"),
        remarks=_text(root, "AdditionalInformation", "Remark"),
        lines=lines,
    )
    total = _decimal(_text(basic, "TotalTax-includedAmount"), "价税合计")
    return EInvoiceFile(
        draft=draft,
        source="xml",
        seller_name=_text(seller, "SellerName"),
        seller_tax_id=_text(seller, "SellerIdNum"),
        total=total,
    )


def read_legacy_xml(data: bytes) -> EInvoiceFile:
    """``original_invoice.xml`` of a legacy OFD e-invoice (root ``eInvoice``)."""
    root = _parse_xml(data)
    if _local(root.tag) != "eInvoice":
        raise _error(
            QT_TRANSLATE_NOOP("Exchange", "OFD 里的发票数据根元素应为 eInvoice，实为 {tag}"),
            tag=_local(root.tag),
        )
    code = _text(root, "InvoiceCode")
    number = _text(root, "InvoiceNo")
    if not number:
        raise _error(QT_TRANSLATE_NOOP("Exchange", "文件里没有发票号码（InvoiceNo）"))
    kind = _text(root, "TypeCode") or _LEGACY_CODE_KINDS.get(code[-2:], "10")
    buyer = _find(root, "Buyer")
    seller = _find(root, "Seller")
    lines = [
        _line(
            _text(item, "Item"),
            _text(item, "Specification"),
            _text(item, "MeasurementDimension"),
            _text(item, "Quantity"),
            _text(item, "Price"),
            _text(item, "Amount"),
            _text(item, "TaxScheme"),
            _text(item, "TaxAmount"),
        )
        for item in _all(root, "GoodsInfo")
    ]
    if not lines:
        raise _error(QT_TRANSLATE_NOOP("Exchange", "文件里没有明细（GoodsInfo）"))
    draft = InvoiceDraft(
        kind=kind,
        code=code,
        number=number,
        issue_date=_date(_text(root, "IssueDate")),
        buyer_name=_text(buyer, "BuyerName"),
        buyer_tax_id=normalize_buyer_id(_text(buyer, "BuyerTaxID")),
        buyer_address_phone=_text(buyer, "BuyerAddrTel"),
        buyer_bank_account=_text(buyer, "BuyerFinancialAccount"),
        issuer=_text(root, "InvoiceClerk"),
        reviewer=_text(root, "Checker"),
        payee=_text(root, "Payee"),
        remarks=_text(root, "Note"),
        lines=lines,
    )
    return EInvoiceFile(
        draft=draft,
        source="ofd",
        seller_name=_text(seller, "SellerName"),
        seller_tax_id=_text(seller, "SellerTaxID"),
        total=_decimal(_text(root, "TaxInclusiveTotalAmount"), "价税合计"),
        check_code=_text(root, "InvoiceCheckCode"),
    )


def read_ofd(data: bytes, name: str = "OFD") -> EInvoiceFile:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {name.lstrip("/"): name for name in archive.namelist()}
            inner = names.get(OFD_INVOICE_PATH)
            if inner is None:
                raise _error(
                    QT_TRANSLATE_NOOP(
                        "Exchange", "OFD 文件里没有发票数据（{path}），请改用数电票 XML"
                    ),
                    path=OFD_INVOICE_PATH,
                )
            xml = read_member(archive, inner, name, MAX_XML_BYTES)
    except ZipLimitError as exc:
        raise EInvoiceFileError(exc.message) from None
    except zipfile.BadZipFile as exc:
        raise _error(QT_TRANSLATE_NOOP("Exchange", "这不是有效的 OFD 文件（无法解压）")) from exc
    return read_legacy_xml(xml)


def read_einvoice(name: str, data: bytes) -> EInvoiceFile:
    """Any supported file, recognised by its content (names lie)."""
    if data[:2] == b"PK":
        return read_ofd(data, Path(name).name)
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        root_name = _local(_parse_xml(data).tag)
        if root_name == "eInvoice":
            return read_legacy_xml(data)
        return read_digital_xml(data)
    raise _error(
        QT_TRANSLATE_NOOP("Exchange", "无法识别文件“{name}”：请选择数电票 XML 或 OFD 文件"),
        name=Path(name).name,
    )
