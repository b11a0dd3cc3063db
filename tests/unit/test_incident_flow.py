"""The incident wizard's flow without Qt: paths by symptom, required steps, resume state."""

from __future__ import annotations

from typing import Any

import pytest

from invoicedesk.core import incident_flow as flow
from invoicedesk.core.plan_defaults import SEVERITIES, SYMPTOMS, default_plan

STEPS = flow.plan_steps(default_plan()["steps"])

RECORDS: dict[str, dict[str, Any]] = {
    "declare": {"severity": "high"},
    "notify": {"person": "王店长", "phone": "13800000000"},
    "tax_office": {"spoke_to": "李科员"},
    "close": {"cause": "平台维护", "fix": "等待恢复", "lessons": "提前看公告"},
}


def walk(symptom: str, steps: list[flow.PlanStep] = STEPS) -> tuple[flow.FlowState, list[str]]:
    state = flow.FlowState()
    seen: list[str] = []
    while (step := flow.current_step(steps, state)) is not None:
        seen.append(step.key)
        record = {"symptom": symptom} if step.key == "symptom" else RECORDS.get(step.key, {})
        state = flow.complete(steps, state, step.key, record, at=f"t{len(seen)}", by="张三")
        assert len(seen) < 30
    return state, seen


@pytest.mark.parametrize("symptom", list(SYMPTOMS))
def test_every_symptom_path_reaches_close(symptom: str) -> None:
    state, seen = walk(symptom)
    assert seen[0] == "symptom" and seen[-1] == "close"
    assert set(seen) == set(state.done)
    assert flow.progress(STEPS, state) == (len(seen), len(seen))
    assert state.done["close"].by == "张三"


def test_the_symptom_shapes_the_path() -> None:
    _, not_found = walk("not_found")
    assert not_found[:2] == ["symptom", "verify"], "verification comes first"
    assert "outage" not in not_found
    _, login = walk("login")
    assert "verify" not in login and "outage" in login
    assert login.index("checks") < login.index("declare") < login.index("outage")
    _, other = walk("other")
    assert "verify" in other and "outage" in other


def test_only_the_current_step_can_be_completed() -> None:
    state = flow.complete(STEPS, flow.FlowState(), "symptom", {"symptom": "login"}, at="t", by="a")
    with pytest.raises(flow.FlowError):
        flow.complete(STEPS, state, "close", RECORDS["close"], at="t", by="a")
    with pytest.raises(flow.FlowError):
        flow.complete(STEPS, state, "declare", RECORDS["declare"], at="t", by="a")


def test_required_steps_cannot_be_skipped() -> None:
    state = flow.complete(STEPS, flow.FlowState(), "symptom", {"symptom": "login"}, at="t", by="a")
    with pytest.raises(flow.FlowError) as err:
        flow.skip(STEPS, state, "checks", at="t", by="a")
    assert "不能跳过" in str(err.value.problems[0].message)


def test_a_step_the_plan_makes_optional_can_be_skipped_and_close_still_checks() -> None:
    raw = default_plan()["steps"]
    for s in raw:
        if s["key"] == "tax_office":
            s["required"] = False
    raw.insert(3, {"key": "custom-1", "title": "拍照留存屏幕报错", "required": False})
    steps = flow.plan_steps(raw)
    state = flow.FlowState()
    skipped = []
    while (step := flow.current_step(steps, state)) is not None:
        if not step.required:
            state = flow.skip(steps, state, step.key, at="t", by="李四")
            skipped.append(step.key)
            continue
        record = {"symptom": "issue"} if step.key == "symptom" else RECORDS.get(step.key, {})
        state = flow.complete(steps, state, step.key, record, at="t", by="李四")
    assert skipped == ["custom-1", "tax_office"]
    assert "close" in state.done


def test_close_refuses_while_a_required_step_is_missing() -> None:
    # A plan edited so that a required step sits after close cannot close early: plan_steps puts
    # close last; a state whose required step is neither done nor skipped cannot close.
    state, _ = walk("network")
    partial = flow.FlowState(
        state.symptom,
        {k: v for k, v in state.done.items() if k not in ("notify", "close")},
        {"notify": flow.StepMark("t", "x")},
        {},
    )
    assert flow.current_step(STEPS, partial) is not None
    assert flow.current_step(STEPS, partial).key == "close"  # type: ignore[union-attr]
    with pytest.raises(flow.FlowError) as err:
        flow.complete(STEPS, partial, "close", RECORDS["close"], at="t", by="a")
    assert any("通知负责人" in str(p.message) for p in err.value.problems)


@pytest.mark.parametrize(
    ("key", "record", "field"),
    [
        ("symptom", {"symptom": "?"}, "symptom"),
        ("declare", {}, "severity"),
        ("notify", {"person": "  "}, "person"),
        ("tax_office", {}, "spoke_to"),
        ("close", {"cause": "x", "fix": "y"}, "lessons"),
    ],
)
def test_each_step_says_what_it_needs(key: str, record: dict[str, Any], field: str) -> None:
    assert [p.field for p in flow.check_record(key, record)] == [field]


def test_state_round_trips_through_json_for_resume() -> None:
    state, _ = walk("device")
    again = flow.FlowState.from_json(state.to_json())
    assert again == state
    half = flow.FlowState.from_json({"symptom": "device", "done": {"symptom": ["t", "a"]}})
    assert flow.current_step(STEPS, half).key == "checks"  # type: ignore[union-attr]


def test_plan_order_is_kept_with_symptom_first_and_close_last() -> None:
    raw = list(reversed(default_plan()["steps"]))
    keys = [s.key for s in flow.plan_steps(raw)]
    assert keys[0] == "symptom" and keys[-1] == "close"
    assert keys[1:-1] == [s["key"] for s in raw if s["key"] not in ("symptom", "close")]
    assert set(SEVERITIES) == {"low", "high", "critical"}


def test_a_claiming_step_completes_only_when_the_facts_say_so() -> None:
    state = flow.FlowState()
    for key in ("symptom", "checks", "declare", "outage", "notify", "collect"):
        record = {"symptom": "login"} if key == "symptom" else RECORDS.get(key, {})
        state = flow.complete(STEPS, state, key, record, at="t", by="张三")
    assert flow.current_step(STEPS, state).key == "customers"  # type: ignore[union-attr]
    names = tuple(f"客户{n}" for n in range(7))
    with pytest.raises(flow.FlowError) as err:
        flow.complete(
            STEPS, state, "customers", {}, at="t", by="张三", facts=flow.Facts(not_contacted=names)
        )
    text = str(err.value.problems[0].message)
    assert err.value.problems[0].field == "customers"
    assert "还有 7 位客户没有联系" in text and "客户0、客户1" in text and "等 7 个" in text
    assert "客户6" not in text
    # No facts given counts as nothing outstanding only through the service; here it is true.
    state = flow.complete(STEPS, state, "customers", {}, at="t", by="张三", facts=flow.Facts())
    state = flow.complete(STEPS, state, "tax_office", RECORDS["tax_office"], at="t", by="张三")
    with pytest.raises(flow.FlowError) as err:
        flow.complete(
            STEPS,
            state,
            "recovery",
            {},
            at="t",
            by="张三",
            facts=flow.Facts(open_requests=("华为（10-06 12:00）",)),
        )
    assert err.value.problems[0].field == "requests"
    assert "还有 1 笔开票申请没有处理：华为（10-06 12:00）" in str(err.value.problems[0].message)
