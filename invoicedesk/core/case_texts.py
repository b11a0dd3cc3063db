"""What staff say and send to a customer, as templates (Chinese sources, translatable).

The guide's wording for the apology; the delivery message with the download guide for 数电票
(where the buyer finds it on the platform and in the 税务数字账户, how to open OFD, PDF and XML);
the explanation when the invoice is not the shop's. Parameters are filled by services.cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message

CONTEXT = "CaseText"

APOLOGY = QT_TRANSLATE_NOOP(
    "CaseText",
    "{customer}您好，我是{shop}的{sender}。您反映的发票问题我们非常重视，"
    "我们深感抱歉给您带来了困扰，对此我们深表遗憾。请您说一下具体情况，我们马上核实处理。",
)

DELIVERY_SUBJECT = QT_TRANSLATE_NOOP("CaseText", "{shop}：您的发票（{numbers}）")

DELIVERY_BODY = QT_TRANSLATE_NOOP(
    "CaseText",
    "{customer}您好：\n\n"
    "我是{shop}的{sender}。关于您反映的发票问题，再次向您致歉。您的发票已处理好：\n"
    "{invoices}\n\n"
    "{attachment_note}"
    "{guide}\n"
    "如有任何问题，请拨打{phone}，我们会尽快帮您解决。\n\n"
    "{shop}\n{sender}",
)

ATTACHED = QT_TRANSLATE_NOOP("CaseText", "发票文件已随本邮件附上（{files}）。\n\n")

# 数电票: never lost, can always be downloaded again.
GUIDE_DIGITAL = QT_TRANSLATE_NOOP(
    "CaseText",
    "如何找到和打开电子发票：\n"
    "1. 数电票（全面数字化的电子发票）开具后会自动归集到您的税务数字账户：个人可在"
    "“个人所得税”App 首页 → 我要查询 → 发票查询（或“票夹”）中查看和下载；单位可登录"
    "电子发票服务平台（各省税务局网站）→ 税务数字账户 → 发票查询统计 → 全量发票查询，"
    "按发票号码查询后下载。\n"
    "2. 文件格式：PDF 用任意 PDF 阅读器打开；OFD 用“数科OFD阅读器”或“福昕OFD版式办公套件”"
    "等免费阅读器打开；XML 是报销入账用的结构化数据文件，一般不需要打开，直接上传给财务系统即可。\n"
    "3. 查验真伪：国家税务总局全国增值税发票查验平台，输入发票号码、开票日期和价税合计即可。\n",
)

GUIDE_PAPER = QT_TRANSLATE_NOOP(
    "CaseText",
    "您的发票是纸质发票，我们会按约定的方式把发票交给您；如需查验真伪，可在国家税务总局"
    "全国增值税发票查验平台输入发票代码、号码、开票日期和金额查询。\n",
)

INVOICE_LINE = QT_TRANSLATE_NOOP(
    "CaseText", "· 发票号码 {number}，开票日期 {date}，价税合计 {total}"
)

NOT_OURS = QT_TRANSLATE_NOOP(
    "CaseText",
    "{customer}您好，我是{shop}的{sender}。我们仔细核对了本店的开票记录，您所说的发票"
    "不是本店开具的：{explanation}。给您添麻烦了，如需帮助可拨打{phone}。",
)


def text(source: str, params: Mapping[str, Any]) -> str:
    """A template filled in the interface language."""
    return str(Message(CONTEXT, source, dict(params)))
