"""Autocomplete for the buyer name from remembered buyers; choosing one fills the tax id,
address and phone, bank and account, email."""

from __future__ import annotations

from PySide6.QtCore import QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from invoicedesk.gui.worker import DbOp
from invoicedesk.services import invoices
from invoicedesk.services.dto import BuyerView

DELAY_MS = 150
LIMIT = 20


class BuyerCompleter(QObject):
    """Asks the worker for buyers matching what was typed (after a pause), shows them in a popup.

    Picking one (or typing a remembered name exactly) fills an empty tax id field.
    """

    chosen = Signal(str)  # the buyer's name

    def __init__(
        self,
        name: QLineEdit,
        tax_id: QLineEdit,
        others: dict[str, QLineEdit] | None = None,
    ) -> None:
        """``others`` maps BuyerView fields (address_phone, bank_account, email, phone) to the
        line edits they fill, like the tax id."""
        super().__init__(name)
        self._name = name
        self._tax_id = tax_id
        self._others = others or {}
        self._buyers: dict[str, BuyerView] = {}
        self._model = QStringListModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        name.setCompleter(self.completer)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self._fetch)
        name.textEdited.connect(self._timer.start)
        name.editingFinished.connect(self._fill_known)
        self.completer.activated.connect(self._choose)

    def popup_visible(self) -> bool:
        popup = self.completer.popup()
        return popup is not None and popup.isVisible()

    def hide_popup(self) -> None:
        popup = self.completer.popup()
        if popup is not None:
            popup.hide()

    def _fetch(self) -> None:
        prefix = self._name.text().strip()
        if prefix:
            DbOp(self, lambda: invoices.buyers_matching(prefix, LIMIT)).success(
                lambda found: self._show(prefix, found)
            ).run()

    def _show(self, prefix: str, found: list[BuyerView]) -> None:
        if self._name.text().strip() != prefix or not self._name.hasFocus():
            return  # typed on, or moved on
        self._buyers.update({buyer.name: buyer for buyer in found})
        names = [buyer.name for buyer in found]
        self._model.setStringList(names)
        if names and names != [prefix]:
            self.completer.complete()

    def _choose(self, name: str) -> None:
        buyer = self._buyers.get(name)
        if buyer is not None:
            self._name.setText(buyer.name)
            self._tax_id.setText(buyer.tax_id)
            for key, edit in self._others.items():
                edit.setText(str(getattr(buyer, key)))
            self.chosen.emit(buyer.name)

    def _fill_known(self) -> None:
        buyer = self._buyers.get(self._name.text().strip())
        if buyer is not None and not self._tax_id.text().strip():
            self._tax_id.setText(buyer.tax_id)
            for key, edit in self._others.items():
                if not edit.text().strip():
                    edit.setText(str(getattr(buyer, key)))
