"""The default emergency plan (应急预案), drawn from the merchant guide, and the customer messages.

The guide asks for: named people for each part of the plan, a first check of whether the system is
really down (official notices, the hotline), technical support, working by hand, telling the person in
charge at once, someone who collects the affected invoices, apologising to customers and offering the
e-invoice, reporting to the tax office, and a written record with the lessons learned.
"""

from __future__ import annotations

from typing import Any

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP

CONTEXT = "Plan"

# Roles the plan names (the guide: "明确各个环节的责任人").
ROLES: dict[str, str] = {
    "in_charge": QT_TRANSLATE_NOOP("Plan", "负责人"),
    "collector": QT_TRANSLATE_NOOP("Plan", "收集人"),
    "liaison": QT_TRANSLATE_NOOP("Plan", "对外联络人"),
    "technical": QT_TRANSLATE_NOOP("Plan", "技术联系人"),
}

CONTACTS: dict[str, str] = {
    "support": QT_TRANSLATE_NOOP("Plan", "技术支持热线"),
    "tax_hotline": QT_TRANSLATE_NOOP("Plan", "纳税服务热线"),
    "tax_office": QT_TRANSLATE_NOOP("Plan", "主管税务机关"),
}

# Step keys the wizard knows how to render; a plan may add its own "custom-…" steps (a checklist).
STEP_KEYS: tuple[str, ...] = (
    "symptom",
    "verify",
    "checks",
    "declare",
    "outage",
    "notify",
    "collect",
    "customers",
    "tax_office",
    "recovery",
    "close",
)


def _step(
    key: str, title: str, role: str, minutes: int, required: bool, instruction: str
) -> dict[str, Any]:
    return {
        "key": key,
        "title": title,
        "role": role,
        "minutes": minutes,
        "required": required,
        "instruction": instruction,
    }


DEFAULT_STEPS: tuple[dict[str, Any], ...] = (
    _step(
        "symptom",
        QT_TRANSLATE_NOOP("Plan", "发生了什么"),
        "",
        1,
        True,
        QT_TRANSLATE_NOOP("Plan", "选出您看到的情况。不要慌，按步骤来，每一步都会记下来。"),
    ),
    _step(
        "verify",
        QT_TRANSLATE_NOOP("Plan", "核实客户说找不到的发票"),
        "collector",
        10,
        True,
        QT_TRANSLATE_NOOP(
            "Plan",
            "先核对客户说找不到的发票：发票号码、开具日期、金额。在台账中找到它，标记为“客户反映查不到”。",
        ),
    ),
    _step(
        "checks",
        QT_TRANSLATE_NOOP("Plan", "确认系统是否真的出了问题"),
        "technical",
        5,
        True,
        QT_TRANSLATE_NOOP(
            "Plan",
            "点“开始检查”。再打开电子发票服务平台和税务局官网，看有没有系统维护或故障的通知。",
        ),
    ),
    _step(
        "declare",
        QT_TRANSLATE_NOOP("Plan", "启动应急预案"),
        "in_charge",
        2,
        True,
        QT_TRANSLATE_NOOP("Plan", "确认情况属实：选择严重程度，记下发生时间，启动应急预案。"),
    ),
    _step(
        "outage",
        QT_TRANSLATE_NOOP("Plan", "柜台改为手工登记"),
        "in_charge",
        2,
        True,
        QT_TRANSLATE_NOOP(
            "Plan",
            "把柜台切换到停机登记模式：客户要发票时，先登记开票信息和联系方式，系统恢复后再开具。",
        ),
    ),
    _step(
        "notify",
        QT_TRANSLATE_NOOP("Plan", "通知负责人"),
        "in_charge",
        5,
        True,
        QT_TRANSLATE_NOOP("Plan", "马上给负责人打电话，说明发生了什么、从什么时候开始。"),
    ),
    _step(
        "collect",
        QT_TRANSLATE_NOOP("Plan", "收集受影响的发票"),
        "collector",
        20,
        True,
        QT_TRANSLATE_NOOP(
            "Plan",
            "按时间段从台账中选出受影响的发票，加上停机期间登记的开票申请，以及客户反映查不到的发票。",
        ),
    ),
    _step(
        "customers",
        QT_TRANSLATE_NOOP("Plan", "联系客户并致歉"),
        "liaison",
        30,
        True,
        QT_TRANSLATE_NOOP(
            "Plan",
            "逐个联系受影响的客户：先核对客户身份，真诚致歉，说明何时能拿到发票、如何下载电子发票。每联系一位就记一笔。",
        ),
    ),
    _step(
        "tax_office",
        QT_TRANSLATE_NOOP("Plan", "报告税务机关"),
        "in_charge",
        15,
        True,
        QT_TRANSLATE_NOOP(
            "Plan",
            "拨打主管税务机关或12366，照着下面的摘要说明情况，记下接听人和答复。",
        ),
    ),
    _step(
        "recovery",
        QT_TRANSLATE_NOOP("Plan", "系统恢复后补开和复核"),
        "collector",
        30,
        True,
        QT_TRANSLATE_NOOP(
            "Plan",
            "系统恢复后：把登记的开票申请逐一开成发票，并复核每张受影响的发票都能在系统中查到。",
        ),
    ),
    _step(
        "close",
        QT_TRANSLATE_NOOP("Plan", "总结经验并结案"),
        "in_charge",
        15,
        True,
        QT_TRANSLATE_NOOP(
            "Plan",
            "写下原因、处理办法和经验教训，安排后续改进事项（谁负责、何时完成）。",
        ),
    ),
)

SYMPTOMS: dict[str, str] = {
    "login": QT_TRANSLATE_NOOP("Plan", "无法登录开票系统"),
    "issue": QT_TRANSLATE_NOOP("Plan", "能登录，但开不出发票"),
    "not_found": QT_TRANSLATE_NOOP("Plan", "发票已开出，但系统里查不到"),
    "network": QT_TRANSLATE_NOOP("Plan", "网络断了"),
    "device": QT_TRANSLATE_NOOP("Plan", "电脑、打印机或税控设备故障"),
    "other": QT_TRANSLATE_NOOP("Plan", "其他情况"),
}

SEVERITIES: dict[str, str] = {
    "low": QT_TRANSLATE_NOOP("Plan", "一般（个别发票受影响）"),
    "high": QT_TRANSLATE_NOOP("Plan", "严重（柜台无法开票）"),
    "critical": QT_TRANSLATE_NOOP("Plan", "紧急（大量发票丢失或查不到）"),
}

# What to look for in the official notices (the guide: check the official platform and hotline).
NOTICE_HINTS = QT_TRANSLATE_NOOP(
    "Plan",
    "看官方通知：电子发票服务平台首页公告、国家税务总局及本地税务局网站的“通知公告”，"
    "或拨打12366询问是否正在维护。如正在维护，耐心等待恢复，期间保存好开票记录。",
)

# Customer message parts (the guide, step 1 and 3: apologise, explain, offer the e-invoice).
TEMPLATES: dict[str, str] = {
    "apology": QT_TRANSLATE_NOOP(
        "Plan",
        "{buyer}您好，我是{shop}的{sender}。我们深感抱歉给您带来了困扰，对此我们深表遗憾。",
    ),
    "what": QT_TRANSLATE_NOOP(
        "Plan",
        "由于开票系统异常，您的发票（{detail}）暂时无法在系统中查询或开具。",
    ),
    "when": QT_TRANSLATE_NOOP(
        "Plan",
        "我们会在系统恢复后第一时间为您开具或重新交付，预计{promise}完成，届时电话或邮件通知您查收。",
    ),
    "download": QT_TRANSLATE_NOOP(
        "Plan",
        "电子发票开具后，您可以登录电子发票服务平台或个人所得税App的“发票查询”下载，"
        "也可以回复您的邮箱，我们直接发送给您。如有问题请拨打{phone}。",
    ),
}
TEMPLATE_ORDER: tuple[str, ...] = ("apology", "what", "when", "download")

TAX_SUMMARY = QT_TRANSLATE_NOOP(
    "Plan",
    "您好，我是{shop}（纳税人识别号{tax_id}）的{caller}。本店于{declared_at}发现开票系统异常："
    "{symptom}。目前受影响的发票{invoices}张、待开票申请{requests}笔，涉及客户{buyers}位。"
    "{done}请问我们还需要办理哪些手续？",
)
# What was done, each said only when the recorded data shows it ({done} above). In a translation
# each sentence ends with its own trailing space.
TAX_DONE: dict[str, str] = {
    "outage": QT_TRANSLATE_NOOP("Plan", "柜台已改为手工登记开票申请。"),
    "all_told": QT_TRANSLATE_NOOP("Plan", "受影响的{n}位客户已逐一通知。"),
    "some_told": QT_TRANSLATE_NOOP("Plan", "已通知其中{n}位客户。"),
    "none_told": QT_TRANSLATE_NOOP("Plan", "客户还没有通知。"),
    "telling": QT_TRANSLATE_NOOP("Plan", "还有{n}位客户正在联系。"),
    "unreachable": QT_TRANSLATE_NOOP("Plan", "{n}位客户暂时联系不上。"),
    "requests": QT_TRANSLATE_NOOP(
        "Plan", "登记的开票申请已补开发票{issued}笔、取消{cancelled}笔。"
    ),
}


def default_plan() -> dict[str, Any]:
    """A fresh copy of the default plan: people and contacts empty, the guide's steps."""
    return {
        "roles": {key: {"name": "", "phone": ""} for key in ROLES},
        "contacts": {
            "support": {"name": "", "phone": ""},
            "tax_hotline": {"name": QT_TRANSLATE_NOOP("Plan", "纳税服务热线"), "phone": "12366"},
            "tax_office": {"name": "", "address": "", "phone": ""},
        },
        "steps": [dict(step) for step in DEFAULT_STEPS],
    }
