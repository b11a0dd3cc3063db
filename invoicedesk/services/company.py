"""The shop itself: its name and tax id (which tells issued invoices from received ones)."""

from __future__ import annotations

import json
from typing import Any

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.identifiers import check_uscc, normalize_buyer_id
from invoicedesk.core.problems import problem
from invoicedesk.services.dto import Company
from invoicedesk.services.errors import ValidationFailed
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.models import Setting, database

COMPANY_KEY = "company"


def get_setting(key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    return json.loads(row.value) if row else default


def put_setting(key: str, value: Any, actor: str) -> None:
    """Write one business setting, audited."""
    with database.atomic():
        before = get_setting(key)
        text = json.dumps(value, ensure_ascii=False)
        Setting.insert(key=key, value=text).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: text}
        ).execute()
        audit.append(actor, "setting.change", "setting", key, {"value": before}, {"value": value})


def get_company() -> Company:
    data = get_setting(COMPANY_KEY, {}) or {}
    return Company(name=data.get("name", ""), tax_id=data.get("tax_id", ""))


@guarded("settings.edit")
def set_company(name: str | None, tax_id: str | None, actor: str) -> Company:
    current = get_company()
    new_name = current.name if name is None else name.strip()
    new_tax_id = current.tax_id if tax_id is None else normalize_buyer_id(tax_id)
    problems = []
    if new_tax_id:
        problems = [p for p in check_uscc(new_tax_id, field="tax_id") if p.is_error]
    if len(new_name) > 200:
        problems.append(
            problem("company", QT_TRANSLATE_NOOP("Problem", "公司名称不能超过200个字符"))
        )
    if problems:
        raise ValidationFailed(problems)
    put_setting(COMPANY_KEY, {"name": new_name, "tax_id": new_tax_id}, actor)
    return Company(new_name, new_tax_id)
