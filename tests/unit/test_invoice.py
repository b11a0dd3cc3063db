import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from invoicedesk.core.invoice import (
    InvoiceDraft,
    LineDraft,
    Totals,
    invoice_from_dict,
    invoice_to_dict,
    invoice_totals,
    validate_invoice,
)
from invoicedesk.core.problems import Problem
from invoicedesk.core.rates import parse_rate

TODAY = date(2026, 11, 28)
NUMBER = "26112000001272487786"
XIAOMI = ("小米科技有限责任公司", "91110108551385082Q")


def line(amount: str = "100.00", rate: str = "0.06", **extra: Any) -> LineDraft:
    fields: dict[str, Any] = {"name": "*餐饮服务*餐费"} | extra
    return LineDraft(amount=Decimal(amount), tax_rate=parse_rate(rate), **fields)


def draft(*lines: LineDraft, **extra: Any) -> InvoiceDraft:
    fields: dict[str, Any] = {
        "kind": "82",
        "code": "",
        "number": NUMBER,
        "issue_date": date(2026, 10, 5),
        "buyer_name": XIAOMI[0],
        "buyer_tax_id": XIAOMI[1],
        "issuer": "张三",
    } | extra
    return InvoiceDraft(lines=list(lines) or [line()], **fields)


def fields(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.field, p.severity) for p in problems]


def errors_at(problems: list[Problem]) -> set[str]:
    return {p.field for p in problems if p.is_error}


def only(problems: list[Problem], field: str) -> Problem:
    found = [p for p in problems if p.field == field]
    assert len(found) == 1, fields(problems)
    return found[0]


# Lines and totals ---------------------------------------------------------------------------


def test_line_effective_tax_and_total() -> None:
    computed = line("100.00", "0.06")
    assert computed.effective_tax == Decimal("6.00")
    assert computed.total == Decimal("106.00")
    given = line("100.00", "0.06", tax=Decimal("5.99"))
    assert given.effective_tax == Decimal("5.99")
    assert given.total == Decimal("105.99")
    assert line("100.00", "免税").effective_tax == 0


def test_invoice_totals() -> None:
    lines = [line("100.00", "0.06"), line("0.50", "0.13"), line("50.00", "免税")]
    assert invoice_totals(lines) == Totals(Decimal("150.50"), Decimal("6.07"), Decimal("156.57"))
    assert invoice_totals([]) == Totals(Decimal(0), Decimal(0), Decimal(0))


# Validation ---------------------------------------------------------------------------------


def test_valid_invoices() -> None:
    assert validate_invoice(draft(), TODAY) == []
    legacy = draft(kind="04", code="011002680026", number="00001234")
    assert validate_invoice(legacy, TODAY) == []
    red = draft(line("-100.00", quantity=Decimal("-2"), unit_price=Decimal("50")), is_red=True)
    assert validate_invoice(red, TODAY) == []
    natural_person = draft(buyer_name="王先生", buyer_tax_id="")
    assert validate_invoice(natural_person, TODAY) == []


def test_every_problem_is_reported_at_once() -> None:
    bad = draft(
        line("0", quantity=Decimal("0"), name=""),
        line("10.00", "0.13", tax=Decimal("5.00"), tax_code="123"),
        kind="99",
        code="123",
        number="123",
        issue_date=date(2026, 12, 1),
        buyer_name="  ",
        buyer_tax_id="9111010855138508IQ",
        buyer_email="not-an-email",
        status="lost",
    )
    problems = validate_invoice(bad, TODAY)
    assert errors_at(problems) >= {
        "kind",
        "code",
        "number",
        "issue_date",
        "buyer_name",
        "buyer_tax_id",
        "buyer_email",
        "status",
        "lines[1].name",
        "lines[1].amount",
        "lines[1].quantity",
        "lines[2].tax",
        "lines[2].tax_code",
    }
    for problem in problems:
        assert problem.text()  # every message formats without a missing parameter


def test_kind() -> None:
    assert fields(validate_invoice(draft(kind="99"), TODAY)) == [("kind", "error")]
    assert "99" in only(validate_invoice(draft(kind="99"), TODAY), "kind").text()
    assert "kind" in errors_at(validate_invoice(draft(kind=""), TODAY))


def test_key_is_checked_through_check_invoice_key() -> None:
    problems = validate_invoice(draft(number=NUMBER[:-1]), TODAY)
    assert only(problems, "number").text() == "发票号码应为20位数字，当前为19位"
    problems = validate_invoice(draft(kind="04", code="", number="1234"), TODAY)
    assert fields(problems) == [("code", "error"), ("number", "error")]


def test_issue_date() -> None:
    future = validate_invoice(draft(issue_date=date(2026, 11, 29)), TODAY)
    assert fields(future) == [("issue_date", "error")]
    assert validate_invoice(draft(issue_date=TODAY), TODAY) == []
    # The number says 2026, the date says 2025: probably a typo, so only a warning.
    mismatch = validate_invoice(draft(issue_date=date(2025, 12, 31)), TODAY)
    assert fields(mismatch) == [("issue_date", "warning")]
    assert "2026" in mismatch[0].text() and "2025" in mismatch[0].text()


def test_buyer() -> None:
    assert "不能为空" in only(validate_invoice(draft(buyer_name=""), TODAY), "buyer_name").text()
    long_name = validate_invoice(draft(buyer_name="甲" * 101), TODAY)
    assert "101" in only(long_name, "buyer_name").text()
    assert validate_invoice(draft(buyer_name="甲" * 100), TODAY) == []
    bad_id = validate_invoice(draft(buyer_tax_id="914403001922038217"), TODAY)
    assert fields(bad_id) == [("buyer_tax_id", "error")]
    old_id = validate_invoice(draft(buyer_tax_id="110105194912310"), TODAY)
    assert old_id == []
    assert validate_invoice(draft(buyer_email="a@b.cn"), TODAY) == []
    for email in ("a@b", "a b@c.cn", "@c.cn", "a@@c.cn"):
        problems = validate_invoice(draft(buyer_email=email), TODAY)
        assert fields(problems) == [("buyer_email", "error")], email


def test_lines_required_and_limited() -> None:
    empty = draft()
    empty.lines = []
    assert fields(validate_invoice(empty, TODAY)) == [("lines", "error")]
    many = draft(*[line("1.00") for _ in range(101)])
    assert fields(validate_invoice(many, TODAY)) == [("lines", "error")]
    assert "101" in validate_invoice(many, TODAY)[0].text()
    assert validate_invoice(draft(*[line("1.00") for _ in range(100)]), TODAY) == []


def test_line_name() -> None:
    problems = validate_invoice(draft(line(), line(name=" ")), TODAY)
    assert fields(problems) == [("lines[2].name", "error")]
    assert problems[0].text() == "第2行项目名称不能为空"
    plain = validate_invoice(draft(line(name="餐费")), TODAY)
    assert fields(plain) == [("lines[1].name", "warning")]
    assert "*餐饮服务*餐费" in plain[0].text()


def test_blue_amounts_and_quantities_positive() -> None:
    problems = validate_invoice(
        draft(line(), line("-5.00", quantity=Decimal("-1"), unit_price=Decimal("5"))), TODAY
    )
    assert ("lines[2].amount", "error") in fields(problems)
    assert ("lines[2].quantity", "error") in fields(problems)
    assert only(problems, "lines[2].quantity").text() == "第2行数量应大于0"
    zero = validate_invoice(draft(line("0.00")), TODAY)
    assert ("lines[1].amount", "error") in fields(zero)


def test_red_invoice_amounts_negative() -> None:
    problems = validate_invoice(
        draft(line("100.00", quantity=Decimal("2"), unit_price=Decimal("50")), is_red=True), TODAY
    )
    assert errors_at(problems) == {"lines[1].amount", "lines[1].quantity"}
    assert "红字" in only(problems, "lines[1].amount").text()


def test_discount_lines() -> None:
    ok = draft(line("100.00"), line("-10.00", is_discount=True, name="*餐饮服务*餐费"))
    assert validate_invoice(ok, TODAY) == []
    assert invoice_totals(ok.lines).amount == Decimal("90.00")

    first = validate_invoice(draft(line("-10.00", is_discount=True), line()), TODAY)
    assert ("lines[1].is_discount", "error") in fields(first)

    after_discount = draft(line(), line("-1.00", is_discount=True), line("-1.00", is_discount=True))
    assert ("lines[3].is_discount", "error") in fields(validate_invoice(after_discount, TODAY))

    positive = validate_invoice(draft(line(), line("10.00", is_discount=True)), TODAY)
    assert fields(positive) == [("lines[2].amount", "error")]

    too_big = validate_invoice(draft(line(), line("-100.01", is_discount=True)), TODAY)
    assert fields(too_big) == [("lines[2].amount", "error")]
    assert "100.01" in too_big[0].text() and "100.00" in too_big[0].text()
    whole = validate_invoice(draft(line(), line("-100.00", is_discount=True)), TODAY)
    assert fields(whole) == [("invoice", "error")]  # allowed as a discount, but the total is 0

    other_rate = validate_invoice(draft(line(), line("-1.00", "0.13", is_discount=True)), TODAY)
    assert fields(other_rate) == [("lines[2].tax_rate", "error")]

    red = draft(line("-100.00"), line("10.00", is_discount=True), is_red=True)
    assert validate_invoice(red, TODAY) == []


def test_unit_price() -> None:
    negative = validate_invoice(
        draft(line(quantity=Decimal("2"), unit_price=Decimal("-50"))), TODAY
    )
    assert ("lines[1].unit_price", "error") in fields(negative)
    within = draft(line("33.33", quantity=Decimal("3"), unit_price=Decimal("11.1133")))
    assert validate_invoice(within, TODAY) == []  # 33.3399 vs 33.33
    off = validate_invoice(draft(line(quantity=Decimal("3"), unit_price=Decimal("33.34"))), TODAY)
    assert fields(off) == [("lines[1].amount", "error")]
    assert "100.02" in off[0].text()
    only_price = draft(line(unit_price=Decimal("7")))  # nothing to compare without a quantity
    assert validate_invoice(only_price, TODAY) == []


def test_given_tax_within_line_tolerance() -> None:
    assert validate_invoice(draft(line("100.00", tax=Decimal("6.06"))), TODAY) == []
    assert validate_invoice(draft(line("100.00", tax=Decimal("5.94"))), TODAY) == []
    off = validate_invoice(draft(line("100.00", tax=Decimal("6.07"))), TODAY)
    assert fields(off) == [("lines[1].tax", "error")]
    assert "6.07" in off[0].text() and "6.00" in off[0].text()
    exempt = validate_invoice(draft(line("100.00", "免税", tax=Decimal("1.00"))), TODAY)
    assert fields(exempt) == [("lines[1].tax", "error")]
    assert validate_invoice(draft(line("100.00", "免税", tax=Decimal("0"))), TODAY) == []
    sub_fen = validate_invoice(draft(line("100.00", tax=Decimal("6.001"))), TODAY)
    assert fields(sub_fen) == [("lines[1].tax", "error")]


def test_invoice_wide_tax_tolerance() -> None:
    # 22 lines each 0.06 over: every line passes, the invoice (1.32 > 1.27) does not.
    over = draft(*[line("100.00", tax=Decimal("6.06")) for _ in range(22)])
    problems = validate_invoice(over, TODAY)
    assert fields(problems) == [("invoice", "error")]
    assert "1.32" in problems[0].text()
    within = draft(*[line("100.00", tax=Decimal("6.06")) for _ in range(21)])  # 1.26
    assert validate_invoice(within, TODAY) == []


def test_unknown_rate_warns() -> None:
    problems = validate_invoice(draft(line("100.00", "2.5%")), TODAY)
    assert fields(problems) == [("lines[1].tax_rate", "warning")]
    assert "2.5%" in problems[0].text()


def test_tax_code_and_amount_scale() -> None:
    assert validate_invoice(draft(line(tax_code="3070401000000000000")), TODAY) == []
    bad = validate_invoice(draft(line(tax_code="307040100000000000")), TODAY)
    assert fields(bad) == [("lines[1].tax_code", "error")]
    sub_fen = validate_invoice(draft(line("100.005")), TODAY)
    assert ("lines[1].amount", "error") in fields(sub_fen)


def test_status() -> None:
    for status in ("normal", "red_partial", "red_full"):
        assert validate_invoice(draft(status=status), TODAY) == []
    assert fields(validate_invoice(draft(status="已作废"), TODAY)) == [("status", "error")]
    # A 数电票 can never have been voided; a legacy paper invoice can.
    digital_void = validate_invoice(draft(status="voided"), TODAY)
    assert fields(digital_void) == [("status", "error")]
    paper = draft(kind="04", code="011002680026", number="00001234", status="voided")
    assert validate_invoice(paper, TODAY) == []


def test_total_not_zero() -> None:
    problems = validate_invoice(draft(line("100.00"), line("-100.00", is_discount=True)), TODAY)
    assert fields(problems) == [("invoice", "error")]
    assert problems[0].text() == "价税合计不能为0"


# The dict shape -----------------------------------------------------------------------------


def sample() -> dict[str, Any]:
    return {
        "kind": "82",
        "code": "",
        "number": NUMBER,
        "issue_date": "2026-10-05",
        "buyer_name": XIAOMI[0],
        "buyer_tax_id": XIAOMI[1],
        "issuer": "张三",
        "remarks": "",
        "lines": [
            {
                "name": "*餐饮服务*餐费",
                "quantity": "2",
                "unit_price": "50.00",
                "amount": "100.00",
                "tax_rate": "0.06",
            }
        ],
    }


def test_from_dict_sample() -> None:
    parsed, problems = invoice_from_dict(sample(), TODAY)
    assert problems == []
    assert parsed == draft(line(quantity=Decimal("2"), unit_price=Decimal("50.00")), remarks="")


def test_from_dict_reads_numbers_and_normalises_identifiers() -> None:
    data = sample() | {
        "kind": 4,
        "code": 11002680026,
        "number": 1234,
        "buyer_tax_id": " ９１１１０１０８５５１３８５０８２ｑ ",
        "status": "已红冲-部分",
        "is_red": False,
        "buyer_email": "a@b.cn",
        "reviewer": "李四",
        "payee": "王五",
        "buyer_address_phone": "北京 010-1234",
        "buyer_bank_account": "工行 123",
    }
    data["lines"] = [
        {
            "name": "*餐饮服务*餐费",
            "amount": 100,
            "tax_rate": 6,
            "tax": 6.0,
            "quantity": 2,
            "unit_price": 50.0,
            "spec": "大份",
            "unit": "份",
            "tax_code": 3070401000000000000,
            "is_discount": False,
        }
    ]
    parsed, problems = invoice_from_dict(data, TODAY)
    assert problems == []
    assert parsed is not None
    assert (parsed.kind, parsed.code, parsed.number) == ("04", "011002680026", "00001234")
    assert parsed.buyer_tax_id == "91110108551385082Q"
    assert parsed.status == "red_partial"
    first = parsed.lines[0]
    assert (first.amount, first.tax, first.tax_rate.code) == (100, Decimal("6.0"), "0.06")
    assert (first.spec, first.unit, first.tax_code) == ("大份", "份", "3070401000000000000")
    assert (parsed.reviewer, parsed.payee, parsed.buyer_email) == ("李四", "王五", "a@b.cn")


def test_from_dict_unknown_keys_warn() -> None:
    data = sample() | {"colour": "red"}
    data["lines"][0]["discount"] = "1"
    parsed, problems = invoice_from_dict(data, TODAY)
    assert parsed is not None
    assert fields(problems) == [("colour", "warning"), ("lines[1].discount", "warning")]
    assert "colour" in problems[0].text()


def test_from_dict_parse_errors_name_their_fields() -> None:
    data: dict[str, Any] = {
        "kind": ["82"],
        "number": "2.61120000012725E+19",
        "issue_date": "2026-13-01",
        "buyer_tax_id": 3.5,
        "issuer": 12,
        "is_red": "no",
        "status": "normal",
        "lines": [
            {"name": "*餐饮服务*餐费", "amount": "abc", "tax_rate": "150%", "quantity": "x"},
            {"amount": "1.00"},
            "not a line",
            {"name": "*a*b", "amount": "1", "tax_rate": "0.06", "is_discount": "yes"},
        ],
    }
    parsed, problems = invoice_from_dict(data, TODAY)
    assert parsed is None
    assert errors_at(problems) == {
        "kind",
        "number",
        "issue_date",
        "buyer_name",
        "buyer_tax_id",
        "issuer",
        "is_red",
        "lines[1].amount",
        "lines[1].tax_rate",
        "lines[1].quantity",
        "lines[2].name",
        "lines[2].tax_rate",
        "lines[3]",
        "lines[4].is_discount",
    }
    assert "第1行金额" in only(problems, "lines[1].amount").text()
    assert "第1行税率" in only(problems, "lines[1].tax_rate").text()
    assert "购买方名称" in only(problems, "buyer_name").text()
    for problem in problems:
        assert problem.text()


@pytest.mark.parametrize("missing", ["kind", "number", "issue_date", "buyer_name", "lines"])
def test_from_dict_missing_required_key(missing: str) -> None:
    data = sample()
    del data[missing]
    parsed, problems = invoice_from_dict(data, TODAY)
    assert parsed is None
    assert errors_at(problems) == {missing}


def test_from_dict_lines_must_be_a_list() -> None:
    parsed, problems = invoice_from_dict(sample() | {"lines": "x"}, TODAY)
    assert parsed is None
    assert errors_at(problems) == {"lines"}
    parsed, problems = invoice_from_dict([], TODAY)  # type: ignore[arg-type]
    assert parsed is None
    assert errors_at(problems) == {"invoice"}


@pytest.mark.parametrize(
    "raw", ["2026-10-05", "2026/10/05", "2026.10.5", "2026年10月5日", "20261005", date(2026, 10, 5)]
)
def test_from_dict_dates(raw: object) -> None:
    parsed, _ = invoice_from_dict(sample() | {"issue_date": raw}, TODAY)
    assert parsed is not None
    assert parsed.issue_date == date(2026, 10, 5)


def test_from_dict_then_validation_problems() -> None:
    parsed, problems = invoice_from_dict(sample() | {"buyer_tax_id": "914403001922038217"}, TODAY)
    assert parsed is not None  # it parses; validation speaks
    assert fields(problems) == [("buyer_tax_id", "error")]


def test_from_dict_special_rate_tax_stars() -> None:
    data = sample()
    data["lines"][0] |= {"tax_rate": "免税", "tax": "***"}
    parsed, problems = invoice_from_dict(data, TODAY)
    assert problems == []
    assert parsed is not None
    assert parsed.lines[0].tax is None
    assert parsed.lines[0].effective_tax == 0


def test_to_dict() -> None:
    inv = draft(
        line("100.00", quantity=Decimal("2"), unit_price=Decimal("50")),
        line("0.5", "0.13"),
        status="red_partial",
    )
    data = invoice_to_dict(inv)
    assert data["amount"] == "100.50"
    assert data["tax"] == "6.07"
    assert data["total"] == "106.57"
    assert data["amount_in_words"] == "壹佰零陆圆伍角柒分"
    assert data["status"] == "red_partial"
    assert data["is_red"] is False
    assert data["issue_date"] == "2026-10-05"
    assert data["lines"][0] | {} == {
        "name": "*餐饮服务*餐费",
        "spec": "",
        "unit": "",
        "quantity": "2",
        "unit_price": "50",
        "amount": "100.00",
        "tax_rate": "0.06",
        "tax": "6.00",
        "tax_code": "",
        "is_discount": False,
    }
    assert data["lines"][1]["amount"] == "0.50"
    assert data["lines"][1]["quantity"] is None
    json.dumps(data, ensure_ascii=False)  # JSON-ready


def test_dict_round_trip() -> None:
    inv = draft(
        line("100.00", quantity=Decimal("2"), unit_price=Decimal("50.00"), tax=Decimal("6.00")),
        line("-10.00", tax=Decimal("-0.60"), is_discount=True),
        line(
            "12.34",
            "免税",
            tax=Decimal("0.00"),
            spec="A",
            unit="个",
            tax_code="3070401000000000000",
        ),
        buyer_email="a@b.cn",
        reviewer="李四",
        payee="王五",
        remarks="备注",
        status="red_full",
    )
    data = invoice_to_dict(inv)
    back, problems = invoice_from_dict(json.loads(json.dumps(data)), TODAY)
    assert problems == []
    assert back == inv
    # With computed taxes the draft gains explicit taxes, and the dict stays the same.
    computed = draft(line("100.00"), is_red=False)
    again, problems = invoice_from_dict(invoice_to_dict(computed), TODAY)
    assert problems == []
    assert again is not None
    assert invoice_to_dict(again) == invoice_to_dict(computed)
    assert again == replace(computed, lines=[replace(computed.lines[0], tax=Decimal("6.00"))])


def test_red_round_trip() -> None:
    red = draft(line("-100.00", quantity=Decimal("-2"), unit_price=Decimal("50")), is_red=True)
    data = invoice_to_dict(red)
    assert data["total"] == "-106.00"
    assert data["amount_in_words"] == "（负数）壹佰零陆圆整"
    back, problems = invoice_from_dict(data, TODAY)
    assert problems == []
    assert back is not None and back.is_red


def test_from_dict_warns_when_given_totals_disagree() -> None:
    data = invoice_to_dict(draft())
    data |= {"total": "999.00", "amount_in_words": "玖佰玖拾玖圆整"}
    data["lines"][0]["total"] = "1.00"
    parsed, problems = invoice_from_dict(data, TODAY)
    assert parsed is not None
    assert fields(problems) == [
        ("lines[1].total", "warning"),
        ("total", "warning"),
        ("amount_in_words", "warning"),
    ]
    # 元 for 圆 is the same amount in words.
    data = invoice_to_dict(draft()) | {"amount_in_words": "壹佰零陆元整"}
    assert invoice_from_dict(data, TODAY)[1] == []
