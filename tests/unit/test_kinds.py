from datetime import date

import pytest

from invoicedesk.core.kinds import (
    CHECK_CODE_KINDS,
    DIGITAL_KINDS,
    ELECTRONIC_KINDS,
    KINDS,
    LEGACY_KINDS,
    PAPER_KINDS,
    RED_REASONS,
    SPECIAL_VAT_KINDS,
    STATUSES,
    status_from_platform,
    void_refusal,
)

ISSUED = date(2026, 10, 5)


def test_kind_sets() -> None:
    assert set(KINDS) == {"01", "03", "04", "08", "10", "11", "14", "15", "81", "82", "85", "86"}
    assert KINDS["82"] == "数电票（普通发票）"
    assert KINDS["11"] == "增值税普通发票（卷式）"
    assert {"81", "82", "85", "86"} == DIGITAL_KINDS
    assert set(KINDS) - DIGITAL_KINDS == LEGACY_KINDS
    assert {"01", "03", "04", "11", "15", "85", "86"} == PAPER_KINDS
    assert {"08", "10", "14", "81", "82"} == ELECTRONIC_KINDS
    assert {"01", "08", "81", "85"} == SPECIAL_VAT_KINDS
    assert {"04", "10", "11", "14"} == CHECK_CODE_KINDS


def test_statuses_and_reasons() -> None:
    assert STATUSES == {
        "normal": "正常",
        "voided": "已作废",
        "red_partial": "已红冲-部分",
        "red_full": "已红冲-全额",
    }
    assert RED_REASONS == {"01": "开票有误", "02": "销货退回", "03": "服务中止", "04": "销售折让"}


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("正常", "normal"),
        (" 正常 ", "normal"),
        ("已作废", "voided"),
        ("作废", "voided"),
        ("已红冲-部分", "red_partial"),
        ("已红冲－部分", "red_partial"),  # full-width hyphen
        ("已红冲—全额", "red_full"),  # em dash
        ("已红冲-全额", "red_full"),
        ("全额红冲", "red_full"),
        ("red_partial", "red_partial"),
        ("已红冲", None),  # partial or full? the caller has to ask
        ("失控", None),
        ("", None),
    ],
)
def test_status_from_platform(text: str, status: str | None) -> None:
    assert status_from_platform(text) == status


@pytest.mark.parametrize("kind", ["81", "82"])
def test_digital_invoices_cannot_be_voided(kind: str) -> None:
    refusal = void_refusal(kind, ISSUED, ISSUED)
    assert refusal is not None
    assert refusal.field == "status"
    assert refusal.is_error
    assert "数电票不能作废" in refusal.text()
    assert "红冲" in refusal.text()


@pytest.mark.parametrize("kind", ["08", "10", "14"])
def test_electronic_invoices_cannot_be_voided(kind: str) -> None:
    refusal = void_refusal(kind, ISSUED, ISSUED)
    assert refusal is not None
    assert "电子发票不能作废" in refusal.text()
    assert "红冲" in refusal.text()


@pytest.mark.parametrize("kind", ["85", "86"])
def test_digital_paper_can_be_voided_any_time(kind: str) -> None:
    assert void_refusal(kind, ISSUED, ISSUED) is None
    assert void_refusal(kind, ISSUED, date(2027, 3, 1)) is None


@pytest.mark.parametrize("kind", ["01", "03", "04", "11", "15"])
def test_legacy_paper_only_in_the_month_of_issue(kind: str) -> None:
    assert void_refusal(kind, ISSUED, ISSUED) is None
    assert void_refusal(kind, ISSUED, date(2026, 10, 31)) is None
    assert void_refusal(kind, date(2026, 10, 1), date(2026, 10, 31)) is None
    late = void_refusal(kind, ISSUED, date(2026, 11, 1))
    assert late is not None
    assert late.field == "status"
    assert "2026年10月" in late.text()
    assert "红冲" in late.text()
    # Same month number a year later is still another month.
    assert void_refusal(kind, ISSUED, date(2027, 10, 5)) is not None


def test_unknown_kind_is_refused() -> None:
    refusal = void_refusal("99", ISSUED, ISSUED)
    assert refusal is not None
    assert "99" in refusal.text()
