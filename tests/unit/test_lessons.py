"""Lesson steps checked from plain audit facts: in order, per person, each lesson well formed."""

from __future__ import annotations

from invoicedesk.core import lessons
from invoicedesk.core.lessons import Fact, evaluate


def fact(seq: int, action: str, entity_id: str = "1", actor: str = "a", **after: object) -> Fact:
    return Fact(seq, actor, action, entity_id, None, after)


def invoice(seq: int, lines: int, kind: str = "82", actor: str = "a") -> Fact:
    return fact(seq, "invoice.create", str(seq), actor, kind=kind, is_red=False,
                lines=[{"name": "x"}] * lines)  # fmt: skip


def done(progress: lessons.Progress) -> list[bool]:
    return [s.done for s in progress.steps]


def test_every_lesson_has_a_role_steps_and_unique_ids() -> None:
    assert len({lesson.id for lesson in lessons.LESSONS}) == len(lessons.LESSONS)
    for lesson in lessons.LESSONS:
        assert lesson.role in lessons.ROLES and lesson.kind in ("lesson", "drill")
        assert lesson.steps and len({s.id for s in lesson.steps}) == len(lesson.steps)
    assert {lesson.role for lesson in lessons.LESSONS} == set(lessons.ROLES)
    assert lessons.for_role("counter") and lessons.for_role("bookkeeper")


def test_outage_lesson_in_order_only() -> None:
    lesson = lessons.BY_ID["counter-outage"]
    assert done(evaluate(lesson, [])) == [False, False, False]
    # One line, or a paper kind, is not the step.
    assert done(evaluate(lesson, [invoice(1, 1), invoice(2, 2, kind="04")])) == [False] * 3
    # Request and issue before the invoice: skipped step 1 blocks the rest.
    early = [fact(1, "request.create", "7"), fact(2, "request.issue", "7"), invoice(3, 2)]
    assert done(evaluate(lesson, early)) == [True, False, False]
    # The issued request must be the one written for step 2.
    wrong = [invoice(1, 2), fact(2, "request.create", "7"), fact(3, "request.issue", "8")]
    assert done(evaluate(lesson, wrong)) == [True, True, False]
    right = [*wrong, fact(4, "request.issue", "7")]
    progress = evaluate(lesson, right)
    assert progress.complete and [s.seq for s in progress.steps] == [1, 2, 4]


def test_only_the_learners_entries_count() -> None:
    lesson = lessons.BY_ID["counter-outage"]
    facts = [invoice(1, 2, actor="b"), fact(2, "request.create", "7", actor="a")]
    assert done(evaluate(lesson, facts, actor="a")) == [False, False, False]
    assert done(evaluate(lesson, facts, actor="b")) == [True, False, False]


def test_verify_lesson_needs_two_different_invoices() -> None:
    lesson = lessons.BY_ID["counter-verify"]
    same = [fact(1, "verification.record", "5", result="success")] * 2
    assert done(
        evaluate(lesson, [same[0], fact(2, "verification.record", "5", result="success")])
    ) == [True, False]
    other = fact(3, "verification.record", "6", result="not_found")
    assert evaluate(lesson, [same[0], other]).complete


def test_red_flush_then_reissue_of_that_invoice() -> None:
    lesson = lessons.BY_ID["bookkeeper-red"]
    red = fact(1, "invoice.red_flush", "10", red_invoice_id=11)
    assert not evaluate(
        lesson, [red, fact(2, "invoice.reissue", "11", blue_invoice_id=99)]
    ).complete
    assert evaluate(lesson, [red, fact(2, "invoice.reissue", "11", blue_invoice_id=10)]).complete


def test_drills() -> None:
    incident = lessons.BY_ID["drill-incident"]
    real = fact(1, "incident.start", "3", drill=False)
    assert not evaluate(incident, [real, fact(2, "incident.step", "3", step="close")]).complete
    drill = fact(3, "incident.start", "4", drill=True)
    assert evaluate(incident, [drill, fact(4, "incident.step", "4", step="close")]).complete
    restore = lessons.BY_ID["drill-restore"]
    failed = [fact(1, "backup.run"), fact(2, "backup.verify", ok=False)]
    assert done(evaluate(restore, failed)) == [True, False]
    assert evaluate(restore, [*failed, fact(3, "backup.verify", ok=True)]).complete


def test_customer_case_to_delivery() -> None:
    lesson = lessons.BY_ID["counter-case"]
    opened = fact(1, "case.open", "8")
    other = fact(2, "case.step", "9", state="delivered")
    assert done(evaluate(lesson, [opened, other])) == [True, False]
    handling = fact(3, "case.step", "8", state="handling")
    assert not evaluate(lesson, [opened, other, handling]).complete
    assert evaluate(
        lesson, [opened, handling, fact(4, "case.step", "8", state="delivered")]
    ).complete


def test_three_differences_resolved_postponed_ones_do_not_count() -> None:
    lesson = lessons.BY_ID["bookkeeper-reconcile"]
    facts = [fact(1, "reconcile_session.create", "1")]
    facts += [fact(2, "reconcile_difference.resolve", "1", resolution="accepted")]
    facts += [fact(3, "reconcile_difference.resolve", "2", resolution="postponed")]
    facts += [fact(4, "reconcile_difference.resolve", "3", resolution="ledger_corrected")]
    progress = evaluate(lesson, facts)
    assert done(progress) == [True, False] and progress.steps[1].count == 2
    facts += [fact(5, "reconcile_difference.resolve", "2", resolution="added_from_platform")]
    assert evaluate(lesson, facts).complete
