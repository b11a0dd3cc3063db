from datetime import date
from decimal import Decimal

import pytest

from invoicedesk.core.identifiers import (
    REGIONS,
    DigitalNumber,
    IdentifierError,
    check_buyer_id,
    check_invoice_key,
    check_uscc,
    normalize_buyer_id,
    normalize_invoice_key,
    normalize_text,
    org_code_check_char,
    parse_digital_number,
    restore_digits,
    uscc_check_char,
)
from invoicedesk.core.problems import Problem

TODAY = date(2026, 11, 28)
DIGITAL = "26112000001272487786"

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def gb32100_check(first17: str) -> str:
    """The formula from the domain notes, written out independently of the code under test."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def summary(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.field, p.severity) for p in problems]


# normalize_text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("９１１１０１０８５５１３８５０８２ｑ", "91110108551385082Q"),
        (" 9111 0108\u30005513\u00a085082q\t", "91110108551385082Q"),
        ("\ufeff0110\u200b02680026", "011002680026"),
        (None, ""),
        (123, "123"),
    ],
)
def test_normalize_text(raw: object, expected: str) -> None:
    assert normalize_text(raw) == expected
    assert normalize_buyer_id(raw) == expected


# restore_digits -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "lengths", "expected"),
    [
        (11002680026, (12, 10), "011002680026"),
        ("11002680026", (12, 10), "011002680026"),
        ("1.1002680026E10", (12, 10), "011002680026"),
        ("1.1002680026e+10", (12, 10), "011002680026"),
        (1.1002680026e10, (12, 10), "011002680026"),
        (11002680026.0, (12, 10), "011002680026"),
        ("11002680026.0", (12, 10), "011002680026"),
        (Decimal("1.1002680026E+10"), (12, 10), "011002680026"),
        ("１１００２６８００２６", (12, 10), "011002680026"),
        ("1100268002", (12, 10), "1100268002"),  # already the 10-digit length
        (1234, (8,), "00001234"),
        ("1.234567E7", (8,), "12345670"),  # Java-style text of a number ending in 0
        ("26112000001272487786.0", (20,), DIGITAL),
        ("26112000001272487786", (20,), DIGITAL),
        (26112000001272487786, (20,), DIGITAL),  # a Python int is exact
        ("2.6112000001272487786E19", (20,), DIGITAL),  # every digit still present
        ("", (20,), ""),
        (None, (20,), ""),
        ("  ", (8,), ""),
        ("123456789", (8,), "123456789"),  # longer than expected: left for validation
    ],
)
def test_restore_digits(raw: object, lengths: tuple[int, ...], expected: str) -> None:
    assert restore_digits(raw, lengths) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "2.61120000012725E+19",
        "2.6112E+19",
        2.6112000001272488e19,  # the float itself lost the last digits
        26112000001272487786.0,
    ],
)
def test_restore_digits_refuses_a_number_a_float_destroyed(raw: object) -> None:
    with pytest.raises(IdentifierError) as info:
        restore_digits(raw, (20,))
    text = str(info.value)
    assert "电子表格" in text
    assert "文本" in text  # tells the user to re-export the column as text


@pytest.mark.parametrize("raw", ["abc", "12.5", "-12", True, float("nan"), "1,234"])
def test_restore_digits_refuses_non_numbers(raw: object) -> None:
    with pytest.raises(IdentifierError):
        restore_digits(raw, (8,))


# normalize_invoice_key ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "code", "number", "expected"),
    [
        ("82", "", DIGITAL, ("", DIGITAL)),
        ("81", None, "２６１１２０００００１２７２４８７７８６", ("", DIGITAL)),
        ("82", "", "26112000001272487786.0", ("", DIGITAL)),
        ("82", "", " 2611 2000 0012 7248 7786 ", ("", DIGITAL)),
        ("82", "", "2611200000127248778", ("", "2611200000127248778")),  # never padded
        ("04", 11002680026, 1234, ("011002680026", "00001234")),
        ("10", "1.1002680026E10", "00001234", ("011002680026", "00001234")),
        ("01", "1100261320", 12345678.0, ("1100261320", "12345678")),
        ("04", "", "1234", ("", "00001234")),
        (None, "", DIGITAL, ("", DIGITAL)),
        (None, 11002680026, 1234, ("011002680026", "00001234")),
        ("82", "", "No.123", ("", "NO.123")),  # not a number: left for validation to name
    ],
)
def test_normalize_invoice_key(
    kind: str | None, code: object, number: object, expected: tuple[str, str]
) -> None:
    assert normalize_invoice_key(kind, code, number) == expected


def test_normalize_invoice_key_names_the_destroyed_field() -> None:
    with pytest.raises(IdentifierError) as info:
        normalize_invoice_key("82", "", "2.61120000012725E+19")
    assert info.value.field == "number"


# check_invoice_key ---------------------------------------------------------------------------


def test_valid_keys() -> None:
    assert check_invoice_key("82", "", DIGITAL, TODAY) == []
    assert check_invoice_key("81", "", "25442000000123456789", TODAY) == []
    assert check_invoice_key("85", "", DIGITAL, TODAY) == []
    assert check_invoice_key("04", "011002680026", "00001234", TODAY) == []
    assert check_invoice_key("01", "1100261320", "12345678", TODAY) == []


@pytest.mark.parametrize(
    ("kind", "code", "number", "expected", "words"),
    [
        ("82", "", "2611200000127248778", [("number", "error")], "应为20位数字，当前为19位"),
        ("82", "", "", [("number", "error")], "不能为空"),
        ("82", "", "2611200000127248778X", [("number", "error")], "只能包含数字"),
        ("82", "011002680026", DIGITAL, [("code", "error")], "数电票没有发票代码"),
        ("82", "", "27112000001272487786", [("number", "error")], "2027年"),
        ("82", "", "26992000001272487786", [("number", "warning")], "99"),
        ("04", "", "12345678", [("code", "error")], "发票代码不能为空"),
        ("04", "01100268002", "12345678", [("code", "error")], "当前为11位"),
        ("04", "111002680026", "12345678", [("code", "error")], "应以0开头"),
        ("01", "1100261310", "12345678", [("code", "error")], "第9位"),
        ("01", "1100261325", "12345678", [("code", "error")], "第10位"),
        ("01", "11002613A0", "12345678", [("code", "error")], "只能包含数字"),
        ("04", "011002680026", "1234567", [("number", "error")], "应为8位数字，当前为7位"),
    ],
)
def test_key_problems(
    kind: str,
    code: str,
    number: str,
    expected: list[tuple[str, str]],
    words: str,
) -> None:
    problems = check_invoice_key(kind, code, number, TODAY)
    assert summary(problems) == expected
    assert words in problems[0].text()


def test_key_reports_code_and_number_together() -> None:
    problems = check_invoice_key("04", "", "123", TODAY)
    assert summary(problems) == [("code", "error"), ("number", "error")]


def test_unknown_kind_is_judged_by_shape() -> None:
    assert check_invoice_key("99", "", DIGITAL, TODAY) == []
    assert check_invoice_key("99", "011002680026", "00001234", TODAY) == []


def test_region_table_has_the_31_provinces() -> None:
    assert len(REGIONS) == 31
    assert REGIONS["11"] == "北京"
    assert REGIONS["65"] == "新疆"
    assert "20" not in REGIONS


def test_parse_digital_number() -> None:
    assert parse_digital_number(DIGITAL) == DigitalNumber(
        year=2026,
        region_code="11",
        region_name="北京",
        channel="2",
        sequence="000001272487786",
    )
    unknown_region = parse_digital_number("25992000001272487786")
    assert unknown_region is not None
    assert unknown_region.region_name is None
    assert parse_digital_number("2611200000127248778") is None
    assert parse_digital_number("") is None


# USCC and buyer ids --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["91110108551385082Q", "91110000802100433B", "914403001922038216"]
)
def test_valid_uscc(value: str) -> None:
    assert check_uscc(value) == []
    assert check_buyer_id(value) == []
    assert uscc_check_char(value[:17]) == value[17] == gb32100_check(value[:17])


def test_invalid_check_character() -> None:
    problems = check_uscc("914403001922038217")
    assert summary(problems) == [("buyer_tax_id", "error")]
    assert problems[0].text().startswith("购买方纳税人识别号")
    assert "校验位" in problems[0].text()


def test_forbidden_letter() -> None:
    problems = check_uscc("9111010855138508IQ")
    assert summary(problems) == [("buyer_tax_id", "error")]
    assert "第17位" in problems[0].text()
    assert "I" in problems[0].text()


def test_letter_leading_uscc_is_accepted_with_a_correct_checksum() -> None:
    # python-stdnum refuses these; authority codes N (农业), Y (其他) and A exist.
    for first17 in ("N1110108551385082", "Y1110108551385082", "A1110000802100433"):
        value = first17 + gb32100_check(first17)
        assert check_uscc(value) == [], value
        assert check_buyer_id(value) == [], value
    wrong = "N1110108551385082" + ("0" if gb32100_check("N1110108551385082") != "0" else "1")
    assert summary(check_uscc(wrong)) == [("buyer_tax_id", "error")]


def test_org_code_mismatch_is_only_a_warning() -> None:
    first17 = "91110108551385083"  # organisation code 55138508-3, whose check digit is 2
    assert org_code_check_char("55138508") == "2"
    value = first17 + gb32100_check(first17)
    problems = check_uscc(value)
    assert summary(problems) == [("buyer_tax_id", "warning")]
    assert "组织机构代码" in problems[0].text()


def test_org_code_check_char_special_values() -> None:
    # 11 - (sum mod 11): 10 is written X, 11 is written 0
    assert org_code_check_char("00000001") == "9"
    assert org_code_check_char("00000000") == "0"
    assert org_code_check_char("00000005") == "1"
    assert org_code_check_char("00000030") == "X"  # 3 x 4 = 12, 11 - 1 = 10
    assert org_code_check_char("0000000A") == "2"  # letters count from A = 10


def test_uscc_length_and_field() -> None:
    problems = check_uscc("9111010855138508", field="seller_tax_id")
    assert summary(problems) == [("seller_tax_id", "error")]
    assert problems[0].text() == "销售方纳税人识别号应为18位，当前为16位"
    assert check_uscc("123", field="tax_id")[0].text().startswith("纳税人识别号")


@pytest.mark.parametrize(
    "value",
    [
        "",  # a natural person
        "110105194912310",  # 15 characters
        "11010519491231002",  # 17
        "11010519491231002X00",  # 20
        "11010519491231002X",  # an 18-digit identity card number with a valid checksum
    ],
)
def test_buyer_ids_accepted(value: str) -> None:
    assert check_buyer_id(value) == []


@pytest.mark.parametrize(
    ("value", "length"),
    [("1234", 4), ("9111010855138508", 16), ("91110108551385082QQ", 19), ("1" * 21, 21)],
)
def test_buyer_id_wrong_length_names_the_length(value: str, length: int) -> None:
    problems = check_buyer_id(value)
    assert summary(problems) == [("buyer_tax_id", "error")]
    assert f"当前为{length}位" in problems[0].text()
    assert problems[0].text().startswith("购买方纳税人识别号")


def test_old_id_with_odd_characters() -> None:
    assert summary(check_buyer_id("11010519491231-")) == [("buyer_tax_id", "error")]


def test_full_width_and_spaces_normalised_before_checking() -> None:
    assert check_buyer_id(normalize_buyer_id(" ９１１１０１０８ ５５１３８５０８２ｑ ")) == []
