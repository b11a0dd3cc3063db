"""The customer case's flow without Qt or a database: states, order, conclusions, requirements."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest

from invoicedesk.core import case_flow as cf
from invoicedesk.core import clock

VALID = cf.LinkedInvoice(1, "concerned", "normal", False)
RECORDS: dict[str, dict[str, Any]] = {
    "identify": {},
    "apologise": {"apology": "非常抱歉", "said": "说查不到发票"},
    "deliver": {"confirmed": "received"},
    "archive": {"cause": "customer_lookup", "lesson": "交付时附上下载说明"},
}


def facts_for(conclusion: str) -> cf.CaseFacts:
    extra = {
        "found": (),
        "never_issued": (cf.LinkedInvoice(2, "issued", "normal", False),),
        "wrong": (
            cf.LinkedInvoice(3, "red", "normal", True),
            cf.LinkedInvoice(4, "replacement", "normal", False),
        ),
        "not_ours": (),
    }[conclusion]
    concerned = () if conclusion in ("never_issued", "not_ours") else (VALID,)
    return cf.CaseFacts(invoices=concerned + extra, requests=1, attempts=1)


def check_record(conclusion: str) -> dict[str, Any]:
    if conclusion == "not_ours":
        return {"conclusion": conclusion, "explanation": "号码属于另一家店"}
    return {"conclusion": conclusion, "transaction_checked": True}


def walk(conclusion: str) -> tuple[cf.CaseFlow, list[str]]:
    flow, states = cf.CaseFlow(), [cf.state_of(cf.CaseFlow())]
    facts = facts_for(conclusion)
    while (step := cf.current_step(flow)) is not None:
        record = check_record(conclusion) if step == "check" else dict(RECORDS[step])
        if step == "deliver" and conclusion == "not_ours":
            record = {"confirmed": "explained"}
        flow = cf.complete(flow, step, record, facts, at=f"t-{step}", by="李四")
        states.append(cf.state_of(flow))
    return flow, states


@pytest.mark.parametrize("conclusion", list(cf.CONCLUSIONS))
def test_every_conclusion_walks_from_new_to_archived(conclusion: str) -> None:
    flow, states = walk(conclusion)
    assert states == ["new", "new", "checking", "handling", "delivered", "archived"]
    assert list(flow.done) == list(cf.STEP_ORDER)
    assert flow.done["archive"] == cf.StepMark("t-archive", "李四")
    assert flow.conclusion == conclusion
    assert cf.outcome(flow) == ("explained" if conclusion == "not_ours" else "received")
    # Every state change was an allowed transition.
    for old, new in itertools.pairwise(states):
        assert old == new or cf.can_move(old, new)


def test_json_round_trip_keeps_everything() -> None:
    flow, _ = walk("wrong")
    flow = cf.CaseFlow.from_json(flow.to_json())
    assert cf.state_of(flow) == "archived" and flow.conclusion == "wrong"
    withdrawn = cf.withdraw(cf.CaseFlow(), "客户自己找到了", at="t", by="王五")
    again = cf.CaseFlow.from_json(withdrawn.to_json())
    assert cf.state_of(again) == "withdrawn" and again.withdraw_reason == "客户自己找到了"


def test_only_the_current_step_can_be_completed() -> None:
    with pytest.raises(cf.FlowError) as caught:
        cf.complete(
            cf.CaseFlow(), "check", check_record("found"), facts_for("found"), at="t", by="a"
        )
    assert caught.value.problems[0].field == "step"
    with pytest.raises(cf.FlowError):
        cf.complete(cf.CaseFlow(), "nonsense", {}, facts_for("found"), at="t", by="a")


def test_identify_needs_a_link_or_a_written_purchase() -> None:
    empty = cf.CaseFacts()
    with pytest.raises(cf.FlowError) as caught:
        cf.complete(cf.CaseFlow(), "identify", {}, empty, at="t", by="a")
    assert [p.field for p in caught.value.problems] == ["invoices"]
    with pytest.raises(cf.FlowError) as caught:
        cf.complete(cf.CaseFlow(), "identify", {"no_invoice": True}, empty, at="t", by="a")
    assert [p.field for p in caught.value.problems] == ["purchase"]
    flow = cf.complete(
        cf.CaseFlow(),
        "identify",
        {"no_invoice": True, "purchase": "  昨天午餐 ¥128  "},
        empty,
        at="t",
        by="a",
    )
    assert flow.data["identify"]["purchase"] == "昨天午餐 ¥128"


def test_apology_records_what_the_customer_said() -> None:
    flow = cf.complete(cf.CaseFlow(), "identify", {}, facts_for("found"), at="t", by="a")
    with pytest.raises(cf.FlowError) as caught:
        cf.complete(
            flow, "apologise", {"apology": "抱歉", "said": " "}, cf.CaseFacts(), at="t", by="a"
        )
    assert [p.field for p in caught.value.problems] == ["said"]


def _at_check(facts: cf.CaseFacts) -> cf.CaseFlow:
    flow = cf.complete(cf.CaseFlow(), "identify", {}, facts, at="t", by="a")
    return cf.complete(flow, "apologise", RECORDS["apologise"], facts, at="t", by="a")


@pytest.mark.parametrize(
    ("record", "facts", "field"),
    [
        ({}, facts_for("found"), "conclusion"),
        ({"conclusion": "found"}, facts_for("found"), "transaction_checked"),
        # A voided or fully red-flushed invoice is not delivered again.
        (
            {"conclusion": "found", "transaction_checked": True},
            cf.CaseFacts((cf.LinkedInvoice(1, "concerned", "red_full", False),), 0, 0),
            "conclusion",
        ),
        (
            {"conclusion": "wrong", "transaction_checked": True},
            cf.CaseFacts((cf.LinkedInvoice(1, "concerned", "voided", False),), 0, 0),
            "conclusion",
        ),
        # An invoice that stands was issued: "never issued" would be false.
        (
            {"conclusion": "never_issued", "transaction_checked": True},
            facts_for("found"),
            "conclusion",
        ),
        ({"conclusion": "not_ours"}, facts_for("not_ours"), "explanation"),
    ],
)
def test_each_conclusion_requires_its_facts(
    record: dict[str, Any], facts: cf.CaseFacts, field: str
) -> None:
    flow = _at_check(facts_for("found"))
    with pytest.raises(cf.FlowError) as caught:
        cf.complete(flow, "check", record, facts, at="t", by="a")
    assert field in [p.field for p in caught.value.problems]


def _at_deliver(conclusion: str) -> cf.CaseFlow:
    facts = facts_for(conclusion)
    return cf.complete(_at_check(facts), "check", check_record(conclusion), facts, at="t", by="a")


def test_delivery_needs_the_new_invoices_and_an_attempt() -> None:
    flow = _at_deliver("wrong")
    only_red = cf.CaseFacts((VALID, cf.LinkedInvoice(3, "red", "normal", True)), 0, 0)
    with pytest.raises(cf.FlowError) as caught:
        cf.complete(flow, "deliver", {"confirmed": "received"}, only_red, at="t", by="a")
    assert [p.field for p in caught.value.problems] == ["invoices", "attempts"]
    flow = _at_deliver("never_issued")
    with pytest.raises(cf.FlowError) as caught:
        cf.complete(flow, "deliver", {"confirmed": "received"}, cf.CaseFacts(), at="t", by="a")
    assert "invoices" in [p.field for p in caught.value.problems]


def test_a_refusal_closes_delivery_with_the_customers_words() -> None:
    flow = _at_deliver("found")
    with pytest.raises(cf.FlowError) as caught:
        cf.complete(flow, "deliver", {"confirmed": "refused"}, cf.CaseFacts(), at="t", by="a")
    assert [p.field for p in caught.value.problems] == ["note"]
    done = cf.complete(
        flow, "deliver", {"confirmed": "refused", "note": "不要了"}, cf.CaseFacts(), at="t", by="a"
    )
    assert cf.state_of(done) == "delivered" and cf.outcome(done) == "refused"


def test_not_ours_is_explained_not_delivered() -> None:
    flow = _at_deliver("not_ours")
    facts = facts_for("not_ours")
    with pytest.raises(cf.FlowError):
        cf.complete(flow, "deliver", {"confirmed": "received"}, facts, at="t", by="a")
    with pytest.raises(cf.FlowError):
        cf.complete(
            _at_deliver("found"), "deliver", {"confirmed": "explained"}, facts, at="t", by="a"
        )


def test_archive_needs_cause_and_lesson() -> None:
    flow = cf.complete(
        _at_deliver("found"),
        "deliver",
        {"confirmed": "received"},
        facts_for("found"),
        at="t",
        by="a",
    )
    with pytest.raises(cf.FlowError) as caught:
        cf.complete(flow, "archive", {"cause": "?"}, cf.CaseFacts(), at="t", by="a")
    assert [p.field for p in caught.value.problems] == ["cause", "lesson"]


def test_withdraw_needs_a_reason_and_an_open_case() -> None:
    with pytest.raises(cf.FlowError) as caught:
        cf.withdraw(cf.CaseFlow(), "  ", at="t", by="a")
    assert caught.value.problems[0].field == "reason"
    delivered = cf.complete(
        _at_deliver("found"),
        "deliver",
        {"confirmed": "received"},
        facts_for("found"),
        at="t",
        by="a",
    )
    with pytest.raises(cf.FlowError) as caught:
        cf.withdraw(delivered, "不用了", at="t", by="a")
    assert caught.value.problems[0].field == "state"
    withdrawn = cf.withdraw(_at_check(facts_for("found")), "客户自己找到了", at="t", by="a")
    assert cf.current_step(withdrawn) is None
    with pytest.raises(cf.FlowError):
        cf.complete(withdrawn, "check", check_record("found"), facts_for("found"), at="t", by="a")


def test_transitions_table_is_the_documented_one() -> None:
    assert not cf.can_move("new", "delivered")
    assert not cf.can_move("archived", "withdrawn")
    assert not cf.can_move("delivered", "withdrawn")
    assert cf.can_move("handling", "withdrawn")
    assert set(cf.TRANSITIONS) == set(cf.STATES)


def test_overdue_is_an_open_case_past_its_promise() -> None:
    now = clock.now()
    past, future = now - timedelta(minutes=1), now + timedelta(hours=2)
    assert cf.is_overdue("new", past, now)
    assert cf.is_overdue("handling", past, now)
    assert not cf.is_overdue("handling", future, now)
    assert not cf.is_overdue("handling", None, now)
    assert not cf.is_overdue("delivered", past, now)
    assert not cf.is_overdue("withdrawn", past, now)


def test_identify_asks_for_a_way_to_reach_the_customer() -> None:
    no_contact = cf.CaseFacts(invoices=(VALID,), contact=False)
    with pytest.raises(cf.FlowError) as caught:
        cf.complete(cf.CaseFlow(), "identify", {}, no_contact, at="t", by="a")
    assert [p.field for p in caught.value.problems] == ["phone"]
