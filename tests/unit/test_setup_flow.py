"""The first-start flow without Qt or a database: order, postponing, resuming, finishing."""

from __future__ import annotations

import pytest

from invoicedesk.core import setup_flow as flow
from invoicedesk.core.identifiers import check_uscc


def test_steps_in_order_and_resumable_from_json() -> None:
    state = flow.SetupState()
    assert flow.current_step(state) == "shop"
    state = flow.complete(state, "shop")
    assert (state.status, flow.current_step(state)) == ("in_progress", "backup")
    state = flow.postpone(state, "backup")
    assert flow.current_step(state) == "people"
    again = flow.SetupState.from_json(state.to_json())
    assert again == state
    state = flow.complete(again, "backup")  # a postponed step can still be done later
    assert state.postponed == () and flow.current_step(state) == "people"
    state = flow.complete(state, "people")
    assert flow.current_step(state) == flow.DONE
    assert flow.finish(state).status == flow.FINISHED


def test_the_shop_cannot_be_skipped_nor_the_setup_finished_without_it() -> None:
    with pytest.raises(flow.SetupError) as raised:
        flow.postpone(flow.SetupState(), "shop")
    assert raised.value.problems[0].field == "step"
    later = flow.postpone(flow.postpone(flow.SetupState(), "backup"), "people")
    assert flow.current_step(later) == "shop"
    with pytest.raises(flow.SetupError):
        flow.finish(later)


def test_who_gets_the_wizard() -> None:
    new, under_way, finished = (
        flow.SetupState(),
        flow.SetupState(flow.IN_PROGRESS, ("shop",)),
        flow.SetupState(flow.FINISHED, ("shop",)),
    )
    assert flow.wanted(new, empty_ledger=True, shop_known=False)
    assert not flow.wanted(new, empty_ledger=False, shop_known=False)  # an existing ledger
    assert not flow.wanted(new, empty_ledger=True, shop_known=True)  # set up by `init`
    assert flow.wanted(under_way, empty_ledger=True, shop_known=True)
    assert not flow.wanted(finished, empty_ledger=True, shop_known=False)


def test_shop_fields_are_checked() -> None:
    assert [p.field for p in flow.check_shop("", [])] == ["company"]
    assert [p.field for p in flow.check_shop("店" * 201, [])] == ["company"]
    bad_id = check_uscc("91110108551385082X", field="tax_id")
    assert [p.field for p in flow.check_shop("小满餐饮", bad_id)] == ["tax_id"]
    assert flow.check_shop("小满餐饮", check_uscc("91110108551385082Q", field="tax_id")) == []


def test_garbage_in_the_stored_state_is_tolerated() -> None:
    state = flow.SetupState.from_json(
        {"status": "??", "done": ["shop", "x"], "postponed": ["shop"]}
    )
    assert state == flow.SetupState(flow.IN_PROGRESS, ("shop",), ())
