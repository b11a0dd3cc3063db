"""Reading 数电票 XML and legacy OFD e-invoices, built here from the documented structure."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest

from invoicedesk.core.invoice import invoice_totals, validate_invoice
from invoicedesk.exchange.einvoice_files import (
    OFD_INVOICE_PATH,
    EInvoiceFileError,
    read_einvoice,
)

DIGITAL_NUMBER = "26112000000000012345"

DIGITAL_XML = f"""<?xml version="1.0" encoding="utf-8"?>
<EInvoice>
  <Header>
    <EIid>{DIGITAL_NUMBER}</EIid>
    <InherentLabel><GeneralOrSpecialVAT><LabelCode>02</LabelCode>
      <LabelName>普通发票</LabelName></GeneralOrSpecialVAT></InherentLabel>
  </Header>
  <EInvoiceData>
    <SellerInformation><SellerIdNum>91110000802100433B</SellerIdNum>
      <SellerName>北京演示餐饮有限公司</SellerName></SellerInformation>
    <BuyerInformation><BuyerIdNum>91110108551385082Q</BuyerIdNum>
      <BuyerName>小米科技有限责任公司</BuyerName><BuyerAddr>北京市海淀区</BuyerAddr>
      <BuyerTelNum>010-60606666</BuyerTelNum><BuyerBankName>招商银行</BuyerBankName>
      <BuyerBankAccNum>110900000000001</BuyerBankAccNum></BuyerInformation>
    <BasicInformation><TotalAmWithoutTax>150.00</TotalAmWithoutTax><TotalTaxAm>9.00</TotalTaxAm>
      <TotalTax-includedAmount>159.00</TotalTax-includedAmount>
      <TotalTax-includedAmountInChinese>壹佰伍拾玖圆整</TotalTax-includedAmountInChinese>
      <Drawer>王五</Drawer><RequestTime>2026-11-20 10:00:00</RequestTime></BasicInformation>
    <IssuItemInformation><ItemName>*餐饮服务*餐费</ItemName><SpecMod></SpecMod><MeaUnits>次</MeaUnits>
      <Quantity>2</Quantity><UnPrice>50</UnPrice><Amount>100.00</Amount><TaxRate>0.06</TaxRate>
      <ComTaxAm>6.00</ComTaxAm></IssuItemInformation>
    <IssuItemInformation><ItemName>*餐饮服务*酒水</ItemName><Amount>50.00</Amount>
      <TaxRate>6%</TaxRate><ComTaxAm>3.00</ComTaxAm></IssuItemInformation>
    <AdditionalInformation><Remark>包间 3</Remark></AdditionalInformation>
  </EInvoiceData>
  <TaxSupervisionInfo><InvoiceNumber>{DIGITAL_NUMBER}</InvoiceNumber>
    <IssueTime>2026-11-20 10:00:05</IssueTime><TaxBureauCode>11100000000</TaxBureauCode>
  </TaxSupervisionInfo>
</EInvoice>
""".encode()

LEGACY_XML = """<?xml version="1.0" encoding="UTF-8"?>
<fp:eInvoice xmlns:fp="http://www.edrm.org.cn/schema/e-invoice/2019" Version="1.0">
  <fp:InvoiceCode>011002000111</fp:InvoiceCode>
  <fp:InvoiceNo>01234567</fp:InvoiceNo>
  <fp:IssueDate>2024年06月03日</fp:IssueDate>
  <fp:InvoiceCheckCode>12345678901234567890</fp:InvoiceCheckCode>
  <fp:Buyer><fp:BuyerName>北京百度网讯科技有限公司</fp:BuyerName>
    <fp:BuyerTaxID>91110000802100433B</fp:BuyerTaxID></fp:Buyer>
  <fp:Seller><fp:SellerName>北京演示餐饮有限公司</fp:SellerName>
    <fp:SellerTaxID>91110000802100433B</fp:SellerTaxID></fp:Seller>
  <fp:GoodsInfos><fp:GoodsInfo><fp:Item>*餐饮服务*餐费</fp:Item><fp:Quantity>1</fp:Quantity>
    <fp:Price>88.00</fp:Price><fp:Amount>88.00</fp:Amount><fp:TaxScheme>6%</fp:TaxScheme>
    <fp:TaxAmount>5.28</fp:TaxAmount></fp:GoodsInfo></fp:GoodsInfos>
  <fp:TaxExclusiveTotalAmount>88.00</fp:TaxExclusiveTotalAmount>
  <fp:TaxTotalAmount>5.28</fp:TaxTotalAmount>
  <fp:TaxInclusiveTotalAmount>93.28</fp:TaxInclusiveTotalAmount>
  <fp:InvoiceClerk>赵六</fp:InvoiceClerk><fp:Note>午餐</fp:Note>
</fp:eInvoice>
""".encode()


def make_ofd(xml: bytes = LEGACY_XML, inner: str = OFD_INVOICE_PATH) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
        archive.writestr("Doc_0/Document.xml", "<ofd:Document xmlns:ofd='x'/>")
        archive.writestr(inner, xml)
    return buffer.getvalue()


def test_digital_xml_fills_a_valid_draft() -> None:
    found = read_einvoice("dzfp_26112000000000012345.xml", DIGITAL_XML)
    draft = found.draft
    assert found.source == "xml" and draft.kind == "82" and draft.code == ""
    assert draft.number == DIGITAL_NUMBER and draft.issue_date == date(2026, 11, 20)
    assert (draft.buyer_name, draft.buyer_tax_id) == ("小米科技有限责任公司", "91110108551385082Q")
    assert draft.buyer_address_phone == "北京市海淀区 010-60606666"
    assert draft.buyer_bank_account == "招商银行 110900000000001"
    assert draft.issuer == "王五" and draft.remarks == "包间 3"
    assert [line.amount for line in draft.lines] == [Decimal("100.00"), Decimal("50.00")]
    assert draft.lines[0].quantity == 2 and draft.lines[0].unit == "次"
    assert invoice_totals(draft.lines).total == found.total == Decimal("159.00")
    assert found.seller_tax_id == "91110000802100433B"
    assert not [p for p in validate_invoice(draft, date(2026, 11, 28)) if p.is_error]


def test_special_vat_label_gives_kind_81() -> None:
    xml = DIGITAL_XML.replace(b"<LabelCode>02</LabelCode>", b"<LabelCode>01</LabelCode>")
    assert read_einvoice("a.xml", xml).draft.kind == "81"


def test_legacy_ofd_reads_the_attached_invoice_xml() -> None:
    found = read_einvoice("invoice.ofd", make_ofd())
    draft = found.draft
    assert found.source == "ofd" and draft.kind == "10"
    assert (draft.code, draft.number) == ("011002000111", "01234567")
    assert draft.issue_date == date(2024, 6, 3) and found.check_code.endswith("567890")
    assert draft.lines[0].tax == Decimal("5.28") and found.total == Decimal("93.28")
    assert draft.issuer == "赵六" and draft.remarks == "午餐"
    assert not [p for p in validate_invoice(draft, date(2026, 11, 28)) if p.is_error]


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("a.ofd", make_ofd(inner="Doc_0/Other.xml"), "original_invoice.xml"),
        ("a.ofd", b"PK\x03\x04broken", "无法解压"),
        ("a.xml", b"<EInvoice><broken>", "XML 格式有误"),
        ("a.xml", b"<Other/>", "根元素应为 EInvoice"),
        ("a.xml", DIGITAL_XML.replace(DIGITAL_NUMBER.encode(), b""), "InvoiceNumber"),
        ("a.pdf", b"%PDF-1.7", "无法识别文件"),
        (
            "a.xml",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><EInvoice>&a;</EInvoice>',
            "DTD",
        ),
    ],
)
def test_unreadable_files_say_why(name: str, data: bytes, words: str) -> None:
    with pytest.raises(EInvoiceFileError) as caught:
        read_einvoice(name, data)
    assert words in str(caught.value.message)
