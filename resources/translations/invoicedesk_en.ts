<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>App</name>
    <message>
        <location filename="../../invoicedesk/gui/app.py" line="104"/>
        <source>发票台账助手</source>
        <translation>InvoiceDesk</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/app.py" line="136"/>
        <source>无法打开数据库 {target}：{reason}</source>
        <translation>Cannot open the database {target}: {reason}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/app.py" line="147"/>
        <source>当前安装的 PySide6 {version} 与 Python {python} 不兼容，程序会很快崩溃。请安装 PySide6 6.11 版（或使用 Python 3.12 以上）。</source>
        <translation>The installed PySide6 {version} does not work with Python {python}: the program would soon crash. Install PySide6 6.11 (or use Python 3.12 or newer).</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/app.py" line="173"/>
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
</context>
<context>
    <name>Audit</name>
    <message>
        <location filename="../../invoicedesk/store/audit.py" line="121"/>
        <source>审计记录第{seq}条缺失（链在此处断开）</source>
        <translation>Audit entry {seq} is missing (the chain breaks here)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/store/audit.py" line="125"/>
        <source>审计记录第{seq}条与上一条的链接不符</source>
        <translation>Audit entry {seq} does not link to the one before it</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/store/audit.py" line="129"/>
        <source>审计记录第{seq}条的内容已被改动</source>
        <translation>Audit entry {seq} has been altered</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../invoicedesk/gui/errors.py" line="52"/>
        <source>磁盘空间已满，请清理磁盘后重试</source>
        <translation>The disk is full; free some space and try again</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/errors.py" line="55"/>
        <source>没有访问权限，请检查文件或文件夹的权限</source>
        <translation>Permission denied; check the permissions of the file or folder</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/errors.py" line="58"/>
        <source>找不到文件或文件夹</source>
        <translation>File or folder not found</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/errors.py" line="61"/>
        <source>文件正被其他程序占用，请关闭该程序后重试</source>
        <translation>The file is in use by another program; close it and try again</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/errors.py" line="64"/>
        <source>文件操作失败：{reason}</source>
        <translation>File operation failed: {reason}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/errors.py" line="74"/>
        <source>数据库正被其他程序或另一台电脑占用，请稍后重试</source>
        <translation>The database is busy in another program or on another computer; try again in a moment</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/errors.py" line="78"/>
        <source>磁盘空间已满，数据未能保存，请清理磁盘后重试</source>
        <translation>The disk is full and the data was not saved; free some space and try again</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/errors.py" line="80"/>
        <source>数据库文件已损坏或无法读取，请停止录入并从最近一次验证过的备份恢复</source>
        <translation>The database file is damaged or unreadable; stop entering data and restore the latest verified backup</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/errors.py" line="84"/>
        <source>数据库文件是只读的，无法保存，请检查文件权限</source>
        <translation>The database file is read-only and cannot be saved; check its permissions</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/errors.py" line="111"/>
        <source>发票台账助手</source>
        <translation>InvoiceDesk</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/errors.py" line="136"/>
        <source>操作未完成</source>
        <translation>Not done</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/errors.py" line="157"/>
        <source>发生意外错误</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/errors.py" line="158"/>
        <source>程序遇到了意外错误，刚才的操作可能没有完成；已保存的数据不受影响。
如果问题重复出现，请把日志文件交给技术支持：
{path}</source>
        <translation>InvoiceDesk ran into an unexpected error. The last action may not have finished; data already saved is not affected.
If this happens again, please send the log file to support:
{path}</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="10"/>
        <source>发票票种</source>
        <translation>Invoice kind</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="11"/>
        <source>发票代码</source>
        <translation>Invoice code</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="12"/>
        <source>发票号码</source>
        <translation>Invoice number</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="13"/>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="14"/>
        <source>购买方名称</source>
        <translation>Buyer name</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="15"/>
        <source>购买方纳税人识别号</source>
        <translation>Buyer taxpayer ID</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="16"/>
        <source>销售方纳税人识别号</source>
        <translation>Seller taxpayer ID</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="17"/>
        <source>购买方地址电话</source>
        <translation>Buyer address and phone</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="18"/>
        <source>购买方开户行及账号</source>
        <translation>Buyer bank and account</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="19"/>
        <source>购买方邮箱</source>
        <translation>Buyer e-mail</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="20"/>
        <source>开票人</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="21"/>
        <source>复核人</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="22"/>
        <source>收款人</source>
        <translation>Payee</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="23"/>
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="24"/>
        <source>发票状态</source>
        <translation>Invoice status</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="25"/>
        <source>是否红字发票</source>
        <translation>Red invoice</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="26"/>
        <source>项目明细</source>
        <translation>Line items</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="27"/>
        <source>项目名称</source>
        <translation>Item name</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="28"/>
        <source>规格型号</source>
        <translation>Specification</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="29"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="30"/>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="31"/>
        <source>单价</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="32"/>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="33"/>
        <source>税率</source>
        <translation>Tax rate</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="34"/>
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="35"/>
        <source>价税合计</source>
        <translation>Total incl. tax</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="36"/>
        <source>价税合计（大写）</source>
        <translation>Total in words</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="37"/>
        <source>税收分类编码</source>
        <translation>Tax classification code</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="38"/>
        <source>是否折扣行</source>
        <translation>Discount line</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/fields.py" line="40"/>
        <source>纳税人识别号</source>
        <translation>Taxpayer ID</translation>
    </message>
</context>
<context>
    <name>InvoiceDetailDialog</name>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="50"/>
        <source>发票详情</source>
        <translation>Invoice details</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="52"/>
        <source>正在读取发票…</source>
        <translation>Reading the invoice…</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="58"/>
        <source>项目名称</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="59"/>
        <source>规格型号</source>
        <translation>Specification</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="60"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="61"/>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="62"/>
        <source>单价</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="63"/>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="64"/>
        <source>税率</source>
        <translation>Rate</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="65"/>
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="90"/>
        <source>无法读取这张发票。</source>
        <translation>This invoice could not be read.</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="96"/>
        <source>发票详情 - {number}</source>
        <translation>Invoice details - {number}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="99"/>
        <source>红字发票（{status}）</source>
        <translation>Red invoice ({status})</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="106"/>
        <source>票种</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="107"/>
        <source>发票代码</source>
        <translation>Invoice code</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="108"/>
        <source>发票号码</source>
        <translation>Invoice number</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="109"/>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="110"/>
        <source>购买方名称</source>
        <translation>Buyer name</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="111"/>
        <source>购买方识别号</source>
        <translation>Buyer tax ID</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="112"/>
        <source>销售方</source>
        <translation>Seller</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="113"/>
        <source>开票人</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="114"/>
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="118"/>
        <source>红冲原因</source>
        <translation>Red-flush reason</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="120"/>
        <source>作废原因</source>
        <translation>Void reason</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="131"/>
        <source>合计金额</source>
        <translation>Total amount</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="132"/>
        <source>合计税额</source>
        <translation>Total tax</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="133"/>
        <source>价税合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_detail.py" line="134"/>
        <source>价税合计（大写）</source>
        <translation>Total in words</translation>
    </message>
</context>
<context>
    <name>InvoiceForm</name>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="80"/>
        <source>登记发票</source>
        <translation>Record invoice</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="93"/>
        <source>数电票20位；税控发票8位</source>
        <translation>20 digits for digital invoices; 8 for legacy ones</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="102"/>
        <source>个人可不填</source>
        <translation>May be empty for an individual</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="109"/>
        <source>明细：Tab 逐格录入，最后一格按 Tab 增加一行，在空行上按 Tab 离开明细</source>
        <translation>Lines: Tab moves from cell to cell, Tab in the last cell adds a line, Tab on an empty line leaves the lines</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="120"/>
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="122"/>
        <source>新建 (Ctrl+N)</source>
        <translation>New (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="123"/>
        <source>清空 (Esc)</source>
        <translation>Clear (Esc)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="149"/>
        <source>票种</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="150"/>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="151"/>
        <source>发票代码</source>
        <translation>Invoice code</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="152"/>
        <source>发票号码</source>
        <translation>Invoice number</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="153"/>
        <source>购买方名称</source>
        <translation>Buyer name</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="154"/>
        <source>购买方识别号</source>
        <translation>Buyer tax ID</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="171"/>
        <source>开票人</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="171"/>
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="302"/>
        <source>清空发票</source>
        <translation>Clear invoice</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="303"/>
        <source>当前填写的发票还没有保存，要清空吗？</source>
        <translation>This invoice has not been saved. Clear it?</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="318"/>
        <source>数电票无发票代码</source>
        <translation>Digital invoices have no code</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="325"/>
        <source>合计金额 {amount}    合计税额 {tax}    价税合计 {total}</source>
        <translation>Amount {amount}    Tax {tax}    Total {total}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="335"/>
        <source>大写：{words}</source>
        <translation>In words: {words}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="386"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="402"/>
        <source>已保存发票 {number}，价税合计 {total}。</source>
        <translation>Invoice {number} saved, total {total}.</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="406"/>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="435"/>
        <source>提示：{text}</source>
        <translation>Note: {text}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/invoice_form.py" line="423"/>
        <source>保存失败：发生意外错误，请查看错误对话框。</source>
        <translation>Not saved: an unexpected error occurred; see the error dialog.</translation>
    </message>
</context>
<context>
    <name>Kind</name>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="13"/>
        <source>增值税专用发票</source>
        <translation>Special VAT invoice</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="14"/>
        <source>机动车销售统一发票</source>
        <translation>Motor vehicle sales invoice</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="15"/>
        <source>增值税普通发票</source>
        <translation>Ordinary VAT invoice</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="16"/>
        <source>增值税电子专用发票</source>
        <translation>Electronic special VAT invoice</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="17"/>
        <source>增值税电子普通发票</source>
        <translation>Electronic ordinary VAT invoice</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="18"/>
        <source>增值税普通发票（卷式）</source>
        <translation>Ordinary VAT invoice (roll)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="19"/>
        <source>道路通行费电子普通发票</source>
        <translation>Electronic road toll invoice</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="20"/>
        <source>二手车销售统一发票</source>
        <translation>Used vehicle sales invoice</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="21"/>
        <source>数电票（增值税专用发票）</source>
        <translation>Digital invoice (special VAT)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="22"/>
        <source>数电票（普通发票）</source>
        <translation>Digital invoice (ordinary)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="23"/>
        <source>数电纸质发票（增值税专用发票）</source>
        <translation>Digital paper invoice (special VAT)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="24"/>
        <source>数电纸质发票（普通发票）</source>
        <translation>Digital paper invoice (ordinary)</translation>
    </message>
</context>
<context>
    <name>LedgerModel</name>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="57"/>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="58"/>
        <source>票种</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="59"/>
        <source>发票代码</source>
        <translation>Invoice code</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="60"/>
        <source>发票号码</source>
        <translation>Invoice number</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="61"/>
        <source>购买方名称</source>
        <translation>Buyer name</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="62"/>
        <source>购买方识别号</source>
        <translation>Buyer tax ID</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="63"/>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="64"/>
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="65"/>
        <source>价税合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="66"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="67"/>
        <source>开票人</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="74"/>
        <source>专票</source>
        <translation>Special</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="75"/>
        <source>机动车票</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="76"/>
        <source>普票</source>
        <translation>Ordinary</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="77"/>
        <source>电子专票</source>
        <translation>E-special</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="78"/>
        <source>电子普票</source>
        <translation>E-ordinary</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="79"/>
        <source>卷票</source>
        <translation>Roll</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="80"/>
        <source>通行费电子票</source>
        <translation>E-toll</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="81"/>
        <source>二手车票</source>
        <translation>Used vehicle</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="82"/>
        <source>数电专票</source>
        <translation>Digital special</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="83"/>
        <source>数电普票</source>
        <translation>Digital ordinary</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="84"/>
        <source>数电纸质专票</source>
        <translation>Digital paper special</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="85"/>
        <source>数电纸质普票</source>
        <translation>Digital paper ordinary</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_model.py" line="88"/>
        <source>红字发票</source>
        <translation>Red invoice</translation>
    </message>
</context>
<context>
    <name>LedgerPage</name>
    <message>
        <location filename="../../invoicedesk/gui/ledger_page.py" line="76"/>
        <source>搜索发票号码、购买方名称或识别号（Ctrl+F）</source>
        <translation>Search invoice number, buyer name or tax ID (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_page.py" line="79"/>
        <source>全部期间</source>
        <translation>All periods</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_page.py" line="86"/>
        <source>期间：</source>
        <translation>Period:</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_page.py" line="176"/>
        <source>共 {count} 张&#x3000;金额 {amount}&#x3000;税额 {tax}&#x3000;价税合计 {total}</source>
        <translation>{count} invoices   Amount {amount}   Tax {tax}   Total {total}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/ledger_page.py" line="183"/>
        <source>（其中作废 {voided} 张，不计金额）</source>
        <translation> ({voided} voided, not in the sums)</translation>
    </message>
</context>
<context>
    <name>LinesTable</name>
    <message>
        <location filename="../../invoicedesk/gui/lines_table.py" line="55"/>
        <source>第{row}行{field}：{text}</source>
        <translation>Line {row}, {field}: {text}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/lines_table.py" line="131"/>
        <source>项目名称</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/lines_table.py" line="132"/>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/lines_table.py" line="133"/>
        <source>单价</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/lines_table.py" line="134"/>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/lines_table.py" line="135"/>
        <source>税率</source>
        <translation>Rate</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/lines_table.py" line="136"/>
        <source>税额</source>
        <translation>Tax</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="23"/>
        <source>发票台账助手</source>
        <translation>InvoiceDesk</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="30"/>
        <source>正在读取台账…</source>
        <translation>Reading the ledger…</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="33"/>
        <source>数据库：{path}</source>
        <translation>Database: {path}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="44"/>
        <source>登记发票</source>
        <translation>Record invoice</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="47"/>
        <source>登记一张已开具的发票（Ctrl+N）</source>
        <translation>Record an invoice that was issued (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="49"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="52"/>
        <source>重新读取台账（F5）</source>
        <translation>Read the ledger again (F5)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="54"/>
        <location filename="../../invoicedesk/gui/main_window.py" line="158"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="58"/>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="66"/>
        <source>发票(&amp;I)</source>
        <translation>&amp;Invoices</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="72"/>
        <source>设置(&amp;S)</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="73"/>
        <location filename="../../invoicedesk/gui/main_window.py" line="114"/>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="83"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="84"/>
        <location filename="../../invoicedesk/gui/main_window.py" line="124"/>
        <source>关于发票台账助手</source>
        <translation>About InvoiceDesk</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="107"/>
        <source>已登记一张发票</source>
        <translation>Invoice recorded</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="113"/>
        <source>界面语言将在重新启动发票台账助手后生效。</source>
        <translation>The language changes when InvoiceDesk is started again.</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="122"/>
        <source>发票台账助手 {version}

本店已开具发票的台账。正式发票请在电子发票服务平台开具。</source>
        <translation>InvoiceDesk {version}

The shop’s ledger of the invoices it has issued. Official invoices are issued on the national e-invoice platform.</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/gui/main_window.py" line="159"/>
        <source>登记发票窗口里还有没保存的内容，确定要退出吗？</source>
        <translation>The invoice form has unsaved input. Quit anyway?</translation>
    </message>
</context>
<context>
    <name>Problem</name>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="99"/>
        <location filename="../../invoicedesk/core/identifiers.py" line="102"/>
        <source>“{text}”不是号码</source>
        <translation>“{text}” is not a number</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="120"/>
        <source>“{text}”应只包含数字</source>
        <translation>“{text}” should contain digits only</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="129"/>
        <source>“{text}”不是整数号码</source>
        <translation>“{text}” is not a whole number</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="136"/>
        <source>号码“{text}”已被电子表格转换成数字，末尾几位已经丢失，无法恢复；请把该列设为文本后重新导出</source>
        <translation>The number “{text}” was turned into a numeric value by a spreadsheet and its last digits are lost; format the column as text and export again</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="205"/>
        <source>发票号码不能为空</source>
        <translation>The invoice number is required</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="210"/>
        <source>发票号码只能包含数字，当前为“{number}”</source>
        <translation>The invoice number may contain digits only (got “{number}”)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="221"/>
        <source>数电票没有发票代码，请清空发票代码（当前为“{code}”）</source>
        <translation>Digital invoices have no invoice code; clear the code (got “{code}”)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="229"/>
        <source>发票号码应为20位数字，当前为{length}位</source>
        <translation>The invoice number should have 20 digits; it has {length}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="238"/>
        <source>发票号码第1–2位表示{year}年，晚于今年（{this_year}年）</source>
        <translation>Digits 1–2 of the invoice number mean {year}, which is after this year ({this_year})</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="245"/>
        <source>发票号码第3–4位的地区代码{region}不在省级地区表中，请核对</source>
        <translation>Digits 3–4 of the invoice number ({region}) are not a known province code; please check</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="255"/>
        <source>发票代码不能为空，应为10位或12位数字</source>
        <translation>The invoice code is required: 10 or 12 digits</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="259"/>
        <source>发票代码只能包含数字，当前为“{code}”</source>
        <translation>The invoice code may contain digits only (got “{code}”)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="266"/>
        <source>10位发票代码的第9位应为2–9、第10位应为0–4，请核对</source>
        <translation>In a 10-digit invoice code digit 9 should be 2–9 and digit 10 should be 0–4; please check</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="270"/>
        <source>12位发票代码应以0开头</source>
        <translation>A 12-digit invoice code starts with 0</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="274"/>
        <source>发票代码应为10位或12位数字，当前为{length}位</source>
        <translation>The invoice code should have 10 or 12 digits; it has {length}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="280"/>
        <source>发票号码应为8位数字，当前为{length}位</source>
        <translation>The invoice number should have 8 digits; it has {length}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="335"/>
        <source>{label}应为18位，当前为{length}位</source>
        <translation>{label} should have 18 characters; it has {length}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="344"/>
        <source>{label}第{position}位的“{char}”不是允许的字符（统一社会信用代码不使用I、O、Z、S、V）</source>
        <translation>{label}: “{char}” at position {position} is not allowed (credit codes never use I, O, Z, S, V)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="356"/>
        <source>{label}校验位（第18位）不正确，请逐位核对</source>
        <translation>{label}: the check character (18th) is wrong; please check every character</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="362"/>
        <source>{label}第9–17位的组织机构代码校验位不符，请核对是否抄错</source>
        <translation>{label}: the organisation code in positions 9–17 does not check out; please check for a typo</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="390"/>
        <source>{label}只能包含数字和大写字母</source>
        <translation>{label} may contain only digits and capital letters</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="397"/>
        <source>{label}应为18位统一社会信用代码（旧税号为15、17或20位），当前为{length}位</source>
        <translation>{label} should be an 18-character credit code (older ids have 15, 17 or 20); it has {length}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_dict.py" line="81"/>
        <source>缺少{label}（{key}）</source>
        <translation>{label} ({key}) is missing</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_dict.py" line="88"/>
        <source>第{row}行缺少{label}（{key}）</source>
        <translation>Line {row}: {label} ({key}) is missing</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_dict.py" line="99"/>
        <source>无法识别的字段“{key}”，已忽略</source>
        <translation>Unknown field “{key}” was ignored</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_dict.py" line="113"/>
        <location filename="../../invoicedesk/core/invoice_dict.py" line="129"/>
        <source>{label}应为文本，当前为{type}</source>
        <translation>{label} should be text, not {type}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_dict.py" line="142"/>
        <source>{label}应为 true 或 false</source>
        <translation>{label} should be true or false</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_dict.py" line="161"/>
        <location filename="../../invoicedesk/core/invoice_dict.py" line="178"/>
        <source>第{row}行{label}：{reason}</source>
        <translation>Line {row}, {label}: {reason}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_dict.py" line="200"/>
        <source>第{row}行应为一个对象（键值表）</source>
        <translation>Line {row} should be an object (key-value map)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_dict.py" line="243"/>
        <location filename="../../invoicedesk/core/invoice_dict.py" line="299"/>
        <source>{label}“{given}”与明细合计{computed}不一致，已按明细计算</source>
        <translation>{label} “{given}” differs from the sum of the lines {computed}; the lines were used</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_dict.py" line="316"/>
        <source>价税合计（大写）“{given}”与明细合计{expected}不一致</source>
        <translation>The total in words “{given}” differs from the sum of the lines {expected}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_dict.py" line="333"/>
        <source>发票数据应为一个对象（键值表）</source>
        <translation>An invoice should be an object (key-value map)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_dict.py" line="356"/>
        <source>开票日期“{value}”无法识别，应为YYYY-MM-DD格式</source>
        <translation>Issue date “{value}” cannot be read; use YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_dict.py" line="373"/>
        <source>项目明细（lines）应为列表</source>
        <translation>The line items (lines) should be a list</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="41"/>
        <source>请选择发票票种</source>
        <translation>Choose the invoice kind</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="44"/>
        <source>未知的发票票种“{kind}”</source>
        <translation>Unknown invoice kind “{kind}”</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="51"/>
        <source>开票日期{date}晚于今天（{today}）</source>
        <translation>Issue date {date} is after today ({today})</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="59"/>
        <source>发票号码显示开具于{number_year}年，开票日期却在{date_year}年，请核对</source>
        <translation>The invoice number says {number_year} but the issue date is in {date_year}; please check</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="69"/>
        <source>购买方名称不能为空</source>
        <translation>The buyer name is required</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="73"/>
        <source>购买方名称最长{limit}个字，当前为{length}个字</source>
        <translation>The buyer name may have at most {limit} characters; it has {length}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="82"/>
        <source>购买方邮箱“{email}”格式不正确，应类似 name@example.com</source>
        <translation>Buyer e-mail “{email}” is not valid; it should look like name@example.com</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="89"/>
        <source>未知的发票状态“{status}”</source>
        <translation>Unknown invoice status “{status}”</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="109"/>
        <source>第{row}行金额应为负数（红字发票）</source>
        <translation>Line {row}: the amount should be negative (red invoice)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="114"/>
        <source>第{row}行金额应大于0</source>
        <translation>Line {row}: the amount should be more than 0</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="120"/>
        <source>第{row}行数量应为负数（红字发票）</source>
        <translation>Line {row}: the quantity should be negative (red invoice)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="125"/>
        <source>第{row}行数量应大于0</source>
        <translation>Line {row}: the quantity should be more than 0</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="136"/>
        <source>第{row}行是折扣行，必须紧跟在被折扣的项目行之后</source>
        <translation>Line {row} is a discount line and must follow the line it discounts</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="144"/>
        <source>第{row}行是红字发票的折扣行，金额应为正数</source>
        <translation>Line {row} is a discount line of a red invoice; its amount should be positive</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="150"/>
        <source>第{row}行是折扣行，金额应为负数</source>
        <translation>Line {row} is a discount line; its amount should be negative</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="157"/>
        <source>第{row}行折扣金额{discount}超过了被折扣的第{target}行金额{amount}</source>
        <translation>Line {row}: the discount {discount} is more than the amount {amount} of line {target}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="168"/>
        <source>第{row}行折扣行的税率应与被折扣的第{target}行相同</source>
        <translation>Line {row}: a discount line needs the same rate as line {target}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="180"/>
        <source>第{row}行项目名称不能为空</source>
        <translation>Line {row}: the item is required</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="185"/>
        <source>第{row}行项目名称应为“*简称*名称”的形式，例如“*餐饮服务*餐费”</source>
        <translation>Line {row}: the item should read “*category*name”, e.g. “*餐饮服务*餐费”</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="193"/>
        <source>第{row}行金额最多两位小数</source>
        <translation>Line {row}: the amount may have at most two decimals</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="197"/>
        <source>第{row}行单价不能为负数</source>
        <translation>Line {row}: the unit price cannot be negative</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="204"/>
        <source>第{row}行单价×数量为{product}，与金额{amount}相差超过{tolerance}</source>
        <translation>Line {row}: unit price × quantity is {product}, more than {tolerance} away from the amount {amount}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="216"/>
        <source>第{row}行税率{rate}不在税率表中，请核对</source>
        <translation>Line {row}: rate {rate} is not in the rate table; please check</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="224"/>
        <source>第{row}行税额最多两位小数</source>
        <translation>Line {row}: the tax may have at most two decimals</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="230"/>
        <source>第{row}行税率为“{rate}”，税额应为0</source>
        <translation>Line {row}: with rate “{rate}” the tax should be 0</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="237"/>
        <source>第{row}行税额{tax}与金额×税率（{expected}）相差超过{tolerance}</source>
        <translation>Line {row}: tax {tax} is more than {tolerance} away from amount × rate ({expected})</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="248"/>
        <source>第{row}行税收分类编码应为19位数字，当前为“{code}”</source>
        <translation>Line {row}: the tax classification code should have 19 digits (got “{code}”)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="257"/>
        <source>发票至少需要一行项目</source>
        <translation>An invoice needs at least one line</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="262"/>
        <source>一张发票最多{limit}行项目，当前为{count}行</source>
        <translation>An invoice may have at most {limit} lines; it has {count}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="283"/>
        <source>各行税额合计与金额×税率合计相差{difference}，超过允许的{tolerance}</source>
        <translation>The lines’ taxes differ from amount × rate by {difference}, more than the allowed {tolerance}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="290"/>
        <source>价税合计不能为0</source>
        <translation>The total cannot be 0</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/invoice_rules.py" line="294"/>
        <source>价税合计{total}超出可以大写的范围（不足一万亿元）</source>
        <translation>The total {total} is too large to write in words (it must be under one trillion yuan)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="85"/>
        <source>数电票不能作废，如需冲销请开具红字发票（红冲）</source>
        <translation>Digital invoices cannot be voided; issue a red invoice to cancel one</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="90"/>
        <source>电子发票不能作废，如需冲销请开具红字发票（红冲）</source>
        <translation>Electronic invoices cannot be voided; issue a red invoice to cancel one</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="97"/>
        <source>纸质发票只能在开具当月作废（本张开具于{year}年{month}月），请开具红字发票（红冲）</source>
        <translation>Paper invoices can be voided only in the month of issue (this one is from {year}-{month}); issue a red invoice instead</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="108"/>
        <source>未知的发票票种“{kind}”，无法判断能否作废</source>
        <translation>Unknown invoice kind “{kind}”: cannot tell whether it may be voided</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/money.py" line="39"/>
        <source>数值不能是无穷大或非数字</source>
        <translation>A number cannot be infinite or not a number</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/money.py" line="59"/>
        <location filename="../../invoicedesk/core/money.py" line="71"/>
        <source>请填写数值</source>
        <translation>Enter a number</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/money.py" line="68"/>
        <source>数值应为数字或文本</source>
        <translation>A number should be a number or text</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/money.py" line="75"/>
        <location filename="../../invoicedesk/core/money.py" line="80"/>
        <source>“{text}”不是有效的数值</source>
        <translation>“{text}” is not a valid number</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/rates.py" line="112"/>
        <location filename="../../invoicedesk/core/rates.py" line="121"/>
        <source>税率不能为空</source>
        <translation>The rate is required</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/rates.py" line="127"/>
        <location filename="../../invoicedesk/core/rates.py" line="132"/>
        <source>“{text}”不是有效的税率</source>
        <translation>“{text}” is not a valid rate</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/rates.py" line="135"/>
        <source>税率应为数字或文本</source>
        <translation>A rate should be a number or text</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/rates.py" line="137"/>
        <source>税率不能是无穷大或非数字</source>
        <translation>A rate cannot be infinite or not a number</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/rates.py" line="142"/>
        <source>税率{rate}超出范围，应在0%到100%之间</source>
        <translation>Rate {rate} is out of range; it should be between 0% and 100%</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/services/company.py" line="49"/>
        <source>公司名称不能超过200个字符</source>
        <translation>The company name may have at most 200 characters</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/services/invoices.py" line="379"/>
        <source>第{index}张发票与第{other}张号码重复</source>
        <translation>Invoice {index} has the same number as invoice {other}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/services/invoices.py" line="410"/>
        <source>第{index}项不是发票对象</source>
        <translation>Item {index} is not an invoice object</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/services/invoices.py" line="513"/>
        <source>请填写原因：每一次更改都要留下理由</source>
        <translation>Give a reason: every change must say why</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/services/invoices.py" line="534"/>
        <source>字段“{field}”不能更正；金额请通过红冲处理</source>
        <translation>Field “{field}” cannot be corrected; amounts are changed by a red invoice</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/services/invoices.py" line="589"/>
        <source>开票日期格式应为 YYYY-MM-DD，收到“{value}”</source>
        <translation>The issue date should be YYYY-MM-DD (got “{value}”)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/services/invoices.py" line="660"/>
        <source>红冲原因应为 01、02、03 或 04，收到“{value}”</source>
        <translation>The red-flush reason should be 01, 02, 03 or 04 (got “{value}”)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/services/invoices.py" line="687"/>
        <source>第{row}行没有可红冲的金额</source>
        <translation>Line {row} has nothing left to red-flush</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/services/invoices.py" line="697"/>
        <source>第{row}行红冲金额应大于0且不超过剩余的{left}</source>
        <translation>Line {row}: the red-flush amount should be more than 0 and at most the remaining {left}</translation>
    </message>
</context>
<context>
    <name>Rate</name>
    <message>
        <location filename="../../invoicedesk/core/rates.py" line="35"/>
        <source>免税</source>
        <translation>Exempt</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/rates.py" line="36"/>
        <source>不征税</source>
        <translation>Not taxable</translation>
    </message>
</context>
<context>
    <name>RedReason</name>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="59"/>
        <source>开票有误</source>
        <translation>Issued in error</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="60"/>
        <source>销货退回</source>
        <translation>Goods returned</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="61"/>
        <source>服务中止</source>
        <translation>Service stopped</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="62"/>
        <source>销售折让</source>
        <translation>Sales allowance</translation>
    </message>
</context>
<context>
    <name>Region</name>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="28"/>
        <source>北京</source>
        <translation>Beijing</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="29"/>
        <source>天津</source>
        <translation>Tianjin</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="30"/>
        <source>河北</source>
        <translation>Hebei</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="31"/>
        <source>山西</source>
        <translation>Shanxi</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="32"/>
        <source>内蒙古</source>
        <translation>Inner Mongolia</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="33"/>
        <source>辽宁</source>
        <translation>Liaoning</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="34"/>
        <source>吉林</source>
        <translation>Jilin</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="35"/>
        <source>黑龙江</source>
        <translation>Heilongjiang</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="36"/>
        <source>上海</source>
        <translation>Shanghai</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="37"/>
        <source>江苏</source>
        <translation>Jiangsu</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="38"/>
        <source>浙江</source>
        <translation>Zhejiang</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="39"/>
        <source>安徽</source>
        <translation>Anhui</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="40"/>
        <source>福建</source>
        <translation>Fujian</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="41"/>
        <source>江西</source>
        <translation>Jiangxi</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="42"/>
        <source>山东</source>
        <translation>Shandong</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="43"/>
        <source>河南</source>
        <translation>Henan</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="44"/>
        <source>湖北</source>
        <translation>Hubei</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="45"/>
        <source>湖南</source>
        <translation>Hunan</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="46"/>
        <source>广东</source>
        <translation>Guangdong</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="47"/>
        <source>广西</source>
        <translation>Guangxi</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="48"/>
        <source>海南</source>
        <translation>Hainan</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="49"/>
        <source>重庆</source>
        <translation>Chongqing</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="50"/>
        <source>四川</source>
        <translation>Sichuan</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="51"/>
        <source>贵州</source>
        <translation>Guizhou</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="52"/>
        <source>云南</source>
        <translation>Yunnan</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="53"/>
        <source>西藏</source>
        <translation>Tibet</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="54"/>
        <source>陕西</source>
        <translation>Shaanxi</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="55"/>
        <source>甘肃</source>
        <translation>Gansu</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="56"/>
        <source>青海</source>
        <translation>Qinghai</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="57"/>
        <source>宁夏</source>
        <translation>Ningxia</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/identifiers.py" line="58"/>
        <source>新疆</source>
        <translation>Xinjiang</translation>
    </message>
</context>
<context>
    <name>Service</name>
    <message>
        <location filename="../../invoicedesk/services/invoices.py" line="257"/>
        <source>发票 {key} 已在台账中（{date}，{buyer}），不能重复登记</source>
        <translation>Invoice {key} is already in the ledger ({date}, {buyer}) and cannot be recorded twice</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/services/invoices.py" line="430"/>
        <source>找不到编号为 {id} 的发票</source>
        <translation>There is no invoice with id {id}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/services/invoices.py" line="613"/>
        <source>只有状态为“正常”的发票可以作废</source>
        <translation>Only invoices with status “Normal” can be voided</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/services/invoices.py" line="668"/>
        <source>红字发票不能再被红冲</source>
        <translation>A red invoice cannot itself be red-flushed</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/services/invoices.py" line="671"/>
        <source>该发票状态为“{status}”，不能红冲</source>
        <translation>This invoice’s status is “{status}”; it cannot be red-flushed</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/services/periods.py" line="21"/>
        <source>{period} 已结账锁定，不能新增或更正该月的发票</source>
        <translation>{period} is closed and locked: invoices of that month cannot be added or corrected</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="41"/>
        <source>正常</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="42"/>
        <source>已作废</source>
        <translation>Voided</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="43"/>
        <source>已红冲-部分</source>
        <translation>Red-flushed (partly)</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/core/kinds.py" line="44"/>
        <source>已红冲-全额</source>
        <translation>Red-flushed (fully)</translation>
    </message>
</context>
<context>
    <name>Store</name>
    <message>
        <location filename="../../invoicedesk/store/database.py" line="88"/>
        <source>{target} 不是可用的发票台账数据库（{reason}），请从备份恢复</source>
        <translation>{target} is not a usable InvoiceDesk database ({reason}); please restore it from a backup</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/store/database.py" line="92"/>
        <source>无法打开数据库 {target}：{reason}</source>
        <translation>Cannot open the database {target}: {reason}</translation>
    </message>
    <message>
        <location filename="../../invoicedesk/store/migrations.py" line="94"/>
        <source>数据库版本（{found}）比本程序新（{known}），请升级发票台账助手</source>
        <translation>The database version ({found}) is newer than this program ({known}); please upgrade InvoiceDesk</translation>
    </message>
</context>
</TS>
