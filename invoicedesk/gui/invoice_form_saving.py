"""Saving what the invoice form holds, on the database worker: an invoice (new, for a request, or
a reissue), or a request in outage mode; then what the form says and shows next.

A server out of reach is not a failure: the save waits in the outbox and the form says so. Its
strings are filed under the form's context ("InvoiceForm"), as when they were its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings

from invoicedesk.core import clock
from invoicedesk.core.invoice import InvoiceDraft, validate_invoice
from invoicedesk.core.money import format_money
from invoicedesk.core.problems import Problem
from invoicedesk.gui.errors import known_error_text, show_error
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import corrections, invoice_files, outbox
from invoicedesk.services.dto import InvoiceView
from invoicedesk.services.errors import DuplicateInvoice, PeriodLocked, ValidationFailed
from invoicedesk.services.requests import RequestView, request_draft

if TYPE_CHECKING:
    from invoicedesk.gui.invoice_form import InvoiceForm


class InvoiceSaver:
    """The save flow of one InvoiceForm: one save at a time, each with its idempotency key."""

    def __init__(self, form: InvoiceForm) -> None:
        self.form = form
        self.saving = False
        # The idempotency key of the invoice being typed: made at its first save attempt, kept
        # until it is recorded, so a save retried (or replayed from the outbox) records once.
        self.client_key: str | None = None
        self._remembered_header: tuple[str, str] | None = None

    def save(self) -> None:
        if self.saving:
            return
        self.form.lines.commit_editor()
        self.form.feedback.clear_all()
        draft, problems = self.form.build_draft()
        if draft is None:
            self.form.feedback.show_problems(problems)
            return
        self.saving = True
        self.form.save_button.setEnabled(False)
        self.form.feedback.set_message(QCoreApplication.translate("InvoiceForm", "正在保存…"), "")
        actor = self.form.actor
        if self.form.mode == "request":
            phone, email = self.form.contact_phone.text(), self.form.contact_email.text()
            promised = self.form.promised_at.text()

            key = self.client_key = self.client_key or outbox.new_key()

            def write_request() -> outbox.RequestSaveResult:
                return outbox.save_request(
                    draft.buyer_name,
                    draft.lines,
                    actor,
                    client_key=key,
                    kind=draft.kind,
                    buyer_tax_id=draft.buyer_tax_id,
                    buyer_address_phone=draft.buyer_address_phone,
                    buyer_bank_account=draft.buyer_bank_account,
                    buyer_email=draft.buyer_email,
                    phone=phone,
                    email=email,
                    promised_at=promised,
                    remarks=draft.remarks,
                )

            DbOp(self.form, write_request).success(self._request_written).failure(
                self._save_failed
            ).run()
            return
        request_id = self.form.request_id if self.form.mode == "convert" else None
        red_id = self.form.red_id if self.form.mode == "reissue" else None
        kept = self.form.pending_file
        key = self.client_key = self.client_key or outbox.new_key()

        files = (kept,) if kept is not None else ()

        def record() -> tuple[InvoiceView | outbox.SaveResult, Exception | None]:
            if red_id is not None:  # acts on the red invoice as it is now: never kept
                view = outbox.online_only(lambda: corrections.reissue(red_id, draft, actor))
            else:
                if request_id is not None:
                    result = outbox.save_conversion(
                        request_id, draft, actor, client_key=key, files=files
                    )
                else:
                    result = outbox.save_invoice(draft, actor, client_key=key, files=files)
                if result.view is None:  # kept in the outbox, its file with it
                    return result, None
                view = result.view
            if kept is None:
                return view, None
            try:  # the invoice stands even if its file cannot be kept: say so
                name, data = kept
                invoice_files.attach_file(
                    view.id, name, data, invoice_files.default_folder(), actor
                )
            except Exception as exc:
                return view, exc
            return view, None

        DbOp(self.form, record).success(lambda result: self._recorded(draft, *result)).failure(
            self._save_failed
        ).run()

    def _recorded(
        self,
        draft: InvoiceDraft,
        result: InvoiceView | outbox.SaveResult,
        file_error: Exception | None,
    ) -> None:
        if isinstance(result, InvoiceView):
            self._saved(draft, result, file_error)
        else:
            self._queued(result)

    def _queued(self, result: outbox.SaveResult | outbox.RequestSaveResult) -> None:
        """The server could not be reached: the save is safe in the outbox; the next one."""
        self._done_saving()
        item = result.queued
        assert item is not None
        had_file = self.form.pending_file is not None
        self.form.reset()
        if item.kind == outbox.REQUEST:
            text = QCoreApplication.translate(
                "InvoiceForm",
                "服务器暂时连不上：{buyer} 的开票申请已存入本机（待同步 {count} 张），"
                "恢复后自动登记。",
            ).format(buyer=item.buyer_name, count=result.pending)
        elif item.kind == outbox.CONVERT:
            text = QCoreApplication.translate(
                "InvoiceForm",
                "服务器暂时连不上：发票 {number} 已存入本机（待同步 {count} 张），"
                "恢复后自动登记并关闭这张开票申请。",
            ).format(number=item.number, count=result.pending)
        else:
            text = QCoreApplication.translate(
                "InvoiceForm",
                "服务器暂时连不上：发票 {number} 已存入本机（待同步 {count} 张），恢复后自动登记。",
            ).format(number=item.number, count=result.pending)
        if had_file:
            text += "\n" + QCoreApplication.translate(
                "InvoiceForm", "发票文件随发票一起存入本机，同步时一并保存。"
            )
        self.form.feedback.set_message(text, "warning")
        self.form.focus_first()
        self.form.queued.emit(result)

    def _done_saving(self) -> None:
        self.saving = False
        self.form.save_button.setEnabled(True)

    def _request_written(self, result: outbox.RequestSaveResult) -> None:
        if result.view is not None:
            self._request_saved(result.view)
        else:
            self._queued(result)

    def _request_saved(self, view: RequestView) -> None:
        self._done_saving()
        self.form.remember_names(request_draft(view))
        self.form.reset()
        self.form.feedback.set_message(
            QCoreApplication.translate(
                "InvoiceForm",
                "已登记开票申请 {id}（{buyer}，价税合计 {total}）。系统恢复后在右侧列表开具。",
            ).format(id=view.id, buyer=view.buyer_name, total=format_money(view.total)),
            "ok",
        )
        self.form.focus_first()
        self.form.request_saved.emit(view.id)

    def _saved(self, draft: InvoiceDraft, view: InvoiceView, file_error: Exception | None) -> None:
        self._done_saving()
        self.form.last_request_id = self.form.request_id if self.form.mode == "convert" else None
        self.form.remember_names(draft)
        if (view.kind, view.issuer) != self._remembered_header:
            # Only when they change: writing the settings file costs milliseconds per save.
            settings = QSettings()
            settings.setValue("form/kind", view.kind)
            settings.setValue("form/issuer", view.issuer)
            self._remembered_header = (view.kind, view.issuer)
        warnings = [p.text() for p in validate_invoice(draft, clock.today()) if not p.is_error]
        if self.form.expected_total is not None and self.form.expected_total != view.total:
            warnings.append(
                QCoreApplication.translate(
                    "InvoiceForm", "价税合计 {total} 与二维码上的 {expected} 不一致，请核对"
                ).format(
                    total=format_money(view.total), expected=format_money(self.form.expected_total)
                )
            )
        if file_error is not None:
            warnings.append(
                QCoreApplication.translate(
                    "InvoiceForm", "发票已保存，但文件没能保存：{error}"
                ).format(error=known_error_text(file_error) or str(file_error))
            )
        if self.form.mode == "convert":
            text = QCoreApplication.translate(
                "InvoiceForm", "已为开票申请登记发票 {number}，申请已完成。"
            ).format(number=view.number)
        else:
            text = QCoreApplication.translate(
                "InvoiceForm", "已保存发票 {number}，价税合计 {total}。"
            ).format(number=view.number, total=format_money(view.total))
        if warnings:
            text += "\n" + "\n".join(
                QCoreApplication.translate("InvoiceForm", "提示：{text}").format(text=w)
                for w in warnings
            )
        self.form.reset()
        self.form.feedback.set_message(text, "warning" if warnings else "ok")
        self.form.focus_first()
        self.form.saved_view.emit(view)
        self.form.saved.emit(view.id)

    def _save_failed(self, exc: Exception) -> None:
        self._done_saving()
        if isinstance(exc, ValidationFailed):
            self.form.feedback.show_problems(exc.problems)
        elif isinstance(exc, DuplicateInvoice):
            self.form.feedback.show_problems([Problem("number", exc.message)])
            self.form.feedback.show_duplicate(exc.existing_id)
        elif isinstance(exc, PeriodLocked):
            self.form.feedback.show_problems([Problem("issue_date", exc.message)])
        elif known_error_text(exc) is not None:
            self.form.feedback.set_message(known_error_text(exc) or "", "error")
        else:
            self.form.feedback.set_message(
                QCoreApplication.translate(
                    "InvoiceForm", "保存失败：发生意外错误，请查看错误对话框。"
                ),
                "error",
            )
            show_error(self.form, exc)
