<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name></name>
    <message>
        <source>Incident</source>
        <translation>Incident</translation>
    </message>
</context>
<context>
    <name>Accounts</name>
    <message>
        <source>账户与登录</source>
        <translation>Accounts and sign-in</translation>
    </message>
    <message>
        <source>一人使用，未启用登录：任何在这台电脑前的人都能做所有操作。添加第二个人的账户后，每人用自己的账户登录（账户 → 添加账户）</source>
        <translation>One person, no sign-in: anyone at this computer can do everything. Once a second person has an account, everyone signs in with their own (Accounts → Add account)</translation>
    </message>
    <message>
        <source>{people} 个账户，登录使用（店长 {owner}，会计 {bookkeeper}，店员 {clerk}）</source>
        <translation>{people} accounts, everyone signs in (owners {owner}, bookkeepers {bookkeeper}, clerks {clerk})</translation>
    </message>
</context>
<context>
    <name>AccountsController</name>
    <message>
        <source>切换操作人…</source>
        <translation>Switch person…</translation>
    </message>
    <message>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>添加账户…</source>
        <translation>Add account…</translation>
    </message>
    <message>
        <source>操作人：{name}（{role}）</source>
        <translation>Acting: {name} ({role})</translation>
    </message>
    <message>
        <source>已锁定</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>账户</source>
        <translation>Accounts</translation>
    </message>
</context>
<context>
    <name>AddAccountDialog</name>
    <message>
        <source>添加账户</source>
        <translation>Add account</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>密码（至少 6 位）</source>
        <translation>Password (at least 6 characters)</translation>
    </message>
    <message>
        <source>PIN（4 到 8 位数字，用于切换）</source>
        <translation>PIN (4 to 8 digits, for switching)</translation>
    </message>
</context>
<context>
    <name>ApologisePanel</name>
    <message>
        <source>复制致歉话术</source>
        <translation>Copy the apology</translation>
    </message>
    <message>
        <source>客户怎么说：诉求、要求、情绪（耐心倾听，如实记录）</source>
        <translation>What the customer says: their request, needs, mood (listen patiently, write it down as said)</translation>
    </message>
    <message>
        <source>致歉</source>
        <translation>Apology</translation>
    </message>
    <message>
        <source>客户说</source>
        <translation>Customer said</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>发票台账助手</source>
        <translation>InvoiceDesk</translation>
    </message>
    <message>
        <source>这个数据库已经在另一个发票台账助手窗口中打开（进程 {pid}，电脑 {host}）。
请切换到那个窗口；同一个数据库文件同时只能打开一次，以免数据冲突。

{target}</source>
        <translation>This database is already open in another InvoiceDesk window (process {pid}, computer {host}).
Please switch to that window; a database file can be open only once at a time, to avoid conflicts.

{target}</translation>
    </message>
    <message>
        <source>无法打开数据库 {target}：{reason}</source>
        <translation>Cannot open the database {target}: {reason}</translation>
    </message>
    <message>
        <source>当前安装的 PySide6 {version} 与 Python {python} 不兼容，程序会很快崩溃。请安装 PySide6 6.11 版（或使用 Python 3.12 以上）。</source>
        <translation>The installed PySide6 {version} does not work with Python {python}: the program would soon crash. Install PySide6 6.11 (or use Python 3.12 or newer).</translation>
    </message>
    <message>
        <source>发票台账助手已在运行</source>
        <translation>InvoiceDesk is already running</translation>
    </message>
    <message>
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <source>从备份恢复…</source>
        <translation>Restore from backup…</translation>
    </message>
    <message>
        <source>正在切换到恢复的数据库…</source>
        <translation>Switching to the restored database…</translation>
    </message>
    <message>
        <source>从备份恢复</source>
        <translation>Restore from backup</translation>
    </message>
</context>
<context>
    <name>ArchivePanel</name>
    <message>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <source>这次的经验教训：以后怎样避免，团队要知道什么</source>
        <translation>The lesson: how to avoid this next time, what the team should know</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Cause</translation>
    </message>
    <message>
        <source>经验教训</source>
        <translation>Lesson</translation>
    </message>
    <message>
        <source>归档后工单不再改动；工单记录（PDF）随数据库一起保存和备份。</source>
        <translation>An archived case no longer changes; its record (PDF) is kept and backed up with the database.</translation>
    </message>
</context>
<context>
    <name>Audit</name>
    <message>
        <source>审计记录第{seq}条缺失（链在此处断开）</source>
        <translation>Audit entry {seq} is missing (the chain breaks here)</translation>
    </message>
    <message>
        <source>审计记录第{seq}条与上一条的链接不符</source>
        <translation>Audit entry {seq} does not link to the one before it</translation>
    </message>
    <message>
        <source>审计记录第{seq}条的内容已被改动</source>
        <translation>Audit entry {seq} has been altered</translation>
    </message>
    <message>
        <source>审计记录最新的 {missing} 条缺失：{where}记录了第 {seq} 条，现在只剩 {length} 条</source>
        <translation>The newest {missing} audit entries are missing: {where} recorded entry {seq}, only {length} are left</translation>
    </message>
    <message>
        <source>审计记录第 {seq} 条的哈希与{where}记录的不同：审计链被改写后重新计算过</source>
        <translation>Audit entry {seq} no longer has the hash {where} recorded: the chain was rewritten and re-hashed</translation>
    </message>
    <message>
        <source>发票 {number}（内部编号 {id}）</source>
        <translation>Invoice {number} (internal no. {id})</translation>
    </message>
    <message>
        <source>开票申请 #{id}</source>
        <translation>Invoice request #{id}</translation>
    </message>
    <message>
        <source>{period} 的月份锁</source>
        <translation>the lock of {period}</translation>
    </message>
    <message>
        <source>设置 {key}</source>
        <translation>Setting {key}</translation>
    </message>
    <message>
        <source>{record} 没有审计记录：是在程序之外添加的（或曾被删除）</source>
        <translation>{record} has no audit entry: it was added outside the app (or had been deleted)</translation>
    </message>
    <message>
        <source>{record} 在程序之外被改动（与审计记录第 {seq} 条的指纹不符）</source>
        <translation>{record} was changed outside the app (it no longer matches the fingerprint in audit entry {seq})</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>{field} 应为 {logged}，现为 {live}</source>
        <translation>{field} should be {logged}, is {live}</translation>
    </message>
    <message>
        <source>{record} 在程序之外被改动（对照审计记录第 {seq} 条）：{changes}</source>
        <translation>{record} was changed outside the app (compared with audit entry {seq}): {changes}</translation>
    </message>
    <message>
        <source>{record} 在程序之外被删除（审计记录第 {seq} 条记录了它的最新内容）</source>
        <translation>{record} was deleted outside the app (audit entry {seq} holds its latest content)</translation>
    </message>
    <message>
        <source>另有 {count} 条{entity}记录与审计记录不符，未逐条列出</source>
        <translation>{count} more {entity} records differ from the audit log (not listed one by one)</translation>
    </message>
    <message>
        <source>备份 {id}</source>
        <translation>backup {id}</translation>
    </message>
    <message>
        <source>备份 {id} 的清单（{path}）</source>
        <translation>the manifest of backup {id} ({path})</translation>
    </message>
    <message>
        <source>审计链第 {seq} 条 {hash}</source>
        <translation>Audit chain entry {seq} {hash}</translation>
    </message>
    <message>
        <source>{field}：{before} → {after}</source>
        <translation>{field}: {before} → {after}</translation>
    </message>
    <message>
        <source>{field}：{after}</source>
        <translation>{field}: {after}</translation>
    </message>
    <message>
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>User</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>变化</source>
        <translation>Changes</translation>
    </message>
</context>
<context>
    <name>AuditFeature</name>
    <message>
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>审计日志…</source>
        <translation>Audit log…</translation>
    </message>
</context>
<context>
    <name>AuditField</name>
    <message>
        <source>发票种类</source>
        <translation>Invoice kind</translation>
    </message>
    <message>
        <source>发票代码</source>
        <translation>Invoice code</translation>
    </message>
    <message>
        <source>发票号码</source>
        <translation>Invoice number</translation>
    </message>
    <message>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>购买方名称</source>
        <translation>Buyer name</translation>
    </message>
    <message>
        <source>购买方税号</source>
        <translation>Buyer tax ID</translation>
    </message>
    <message>
        <source>购买方地址电话</source>
        <translation>Buyer address and phone</translation>
    </message>
    <message>
        <source>购买方开户行及账号</source>
        <translation>Buyer bank and account</translation>
    </message>
    <message>
        <source>购买方邮箱</source>
        <translation>Buyer e-mail</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>红字发票</source>
        <translation>Red invoice</translation>
    </message>
    <message>
        <source>对应蓝字发票</source>
        <translation>Blue invoice</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <source>价税合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>开票人</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>明细行</source>
        <translation>Lines</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>邮箱</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>承诺时间</source>
        <translation>Promised</translation>
    </message>
    <message>
        <source>故障记录</source>
        <translation>Incident</translation>
    </message>
    <message>
        <source>演练</source>
        <translation>Drill</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>锁定时间</source>
        <translation>Locked at</translation>
    </message>
    <message>
        <source>锁定人</source>
        <translation>Locked by</translation>
    </message>
    <message>
        <source>设置值</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Cause</translation>
    </message>
    <message>
        <source>发票</source>
        <translation>Invoice</translation>
    </message>
    <message>
        <source>红字发票编号</source>
        <translation>Red invoice id</translation>
    </message>
    <message>
        <source>红冲原因</source>
        <translation>Red-flush reason</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>发票张数</source>
        <translation>Invoices</translation>
    </message>
    <message>
        <source>月数</source>
        <translation>Months</translation>
    </message>
    <message>
        <source>红字张数</source>
        <translation>Red invoices</translation>
    </message>
    <message>
        <source>作废张数</source>
        <translation>Voided</translation>
    </message>
    <message>
        <source>随机种子</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>筛查项</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>行数</source>
        <translation>Lines</translation>
    </message>
    <message>
        <source>保存编号</source>
        <translation>Save key</translation>
    </message>
    <message>
        <source>存入本机时间</source>
        <translation>Kept on this computer at</translation>
    </message>
    <message>
        <source>登记人</source>
        <translation>Entered by</translation>
    </message>
    <message>
        <source>开票台</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>放弃时间</source>
        <translation>Given up at</translation>
    </message>
    <message>
        <source>放弃人</source>
        <translation>Given up by</translation>
    </message>
    <message>
        <source>台账中的同号发票</source>
        <translation>Invoice with the same number in the ledger</translation>
    </message>
    <message>
        <source>登记编号</source>
        <translation>Record id</translation>
    </message>
    <message>
        <source>开票申请</source>
        <translation>Invoice requests</translation>
    </message>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Setting</translation>
    </message>
    <message>
        <source>待同步记录</source>
        <translation>Waiting save</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>录入发票</source>
        <translation>Record invoice</translation>
    </message>
    <message>
        <source>批量生成发票</source>
        <translation>Invoices generated in bulk</translation>
    </message>
    <message>
        <source>更正发票</source>
        <translation>Correct invoice</translation>
    </message>
    <message>
        <source>作废发票</source>
        <translation>Void invoice</translation>
    </message>
    <message>
        <source>红冲发票</source>
        <translation>Red-flush invoice</translation>
    </message>
    <message>
        <source>重开发票</source>
        <translation>Reissue invoice</translation>
    </message>
    <message>
        <source>登记开票申请</source>
        <translation>Record invoice request</translation>
    </message>
    <message>
        <source>申请已开票</source>
        <translation>Request issued</translation>
    </message>
    <message>
        <source>取消开票申请</source>
        <translation>Cancel invoice request</translation>
    </message>
    <message>
        <source>锁定月份</source>
        <translation>Lock month</translation>
    </message>
    <message>
        <source>解锁月份</source>
        <translation>Unlock month</translation>
    </message>
    <message>
        <source>修改设置</source>
        <translation>Change setting</translation>
    </message>
    <message>
        <source>创建台账</source>
        <translation>Create ledger</translation>
    </message>
    <message>
        <source>升级台账</source>
        <translation>Upgrade ledger</translation>
    </message>
    <message>
        <source>放弃待同步发票</source>
        <translation>Give up a waiting invoice</translation>
    </message>
    <message>
        <source>同步断网期间的登记</source>
        <translation>Synced a save made while offline</translation>
    </message>
    <message>
        <source>生成演示数据</source>
        <translation>Generate demo data</translation>
    </message>
    <message>
        <source>台账已恢复为新数据库</source>
        <translation>Ledger restored into a new database</translation>
    </message>
    <message>
        <source>新数据库打不开，仍用本台账</source>
        <translation>New database would not open; this ledger stays in use</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>全部记录</source>
        <translation>All records</translation>
    </message>
    <message>
        <source>发票</source>
        <translation>Invoice</translation>
    </message>
    <message>
        <source>开票申请</source>
        <translation>Invoice requests</translation>
    </message>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Setting</translation>
    </message>
    <message>
        <source>记录编号</source>
        <translation>Record id</translation>
    </message>
    <message>
        <source>月份 YYYY-MM</source>
        <translation>Month YYYY-MM</translation>
    </message>
    <message>
        <source>筛选</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>返回发票</source>
        <translation>Back to invoice</translation>
    </message>
    <message>
        <source>导出 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>校验审计链与数据</source>
        <translation>Verify audit chain and data</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>User</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>变化</source>
        <translation>Changes</translation>
    </message>
    <message>
        <source>正在读取审计日志…</source>
        <translation>Reading the audit log…</translation>
    </message>
    <message>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>期间应写成 YYYY-MM，例如 2026-10</source>
        <translation>Write the period as YYYY-MM, e.g. 2026-10</translation>
    </message>
    <message>
        <source>全部人员</source>
        <translation>Everyone</translation>
    </message>
    <message>
        <source>全部操作</source>
        <translation>All actions</translation>
    </message>
    <message numerus="yes">
        <source>共 %n 条（最新的在前）</source>
        <translation>
            <numerusform>%n entry (newest first)</numerusform>
            <numerusform>%n entries (newest first)</numerusform>
        </translation>
    </message>
    <message>
        <source>导出审计日志</source>
        <translation>Export the audit log</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message numerus="yes">
        <source>已导出 %n 条到 {path}</source>
        <translation>
            <numerusform>Exported %n entry to {path}</numerusform>
            <numerusform>Exported %n entries to {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>正在校验审计链、数据与锚点…</source>
        <translation>Verifying the audit chain, the data and the anchors…</translation>
    </message>
    <message>
        <source>审计链完整：共 {entries} 条；{records} 条记录与审计记录一致；{anchors} 个锚点相符</source>
        <translation>Audit chain intact: {entries} entries; {records} records match the log; {anchors} anchors agree</translation>
    </message>
    <message numerus="yes">
        <source>发现 %n 处问题：</source>
        <translation>
            <numerusform>%n problem found:</numerusform>
            <numerusform>%n problems found:</numerusform>
        </translation>
    </message>
    <message>
        <source>校验完成</source>
        <translation>Verification finished</translation>
    </message>
    <message>
        <source>校验没有完成：{error}</source>
        <translation>Verification did not finish: {error}</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <source>找不到备份位置 {path}（U盘没插或网盘没连上？），未备份到此处；其他备份位置照常备份</source>
        <translation>Backup location {path} not found (USB drive unplugged or cloud drive offline?); nothing was backed up there, the other locations were backed up as usual</translation>
    </message>
    <message>
        <source>已备份到 {path}（{kind}，写入 {size}）</source>
        <translation>Backed up to {path} ({kind}, {size} written)</translation>
    </message>
    <message>
        <source>备份位置 {path} 的磁盘已满，本次备份没有完成（已清除未写完的部分）；之前的 {count} 个备份完好无损。请换一个更大的U盘或删除不需要的文件</source>
        <translation>The disk at backup location {path} is full; this backup did not finish (the partial copy was removed). The {count} earlier backups are intact. Use a larger USB drive or delete files you don&apos;t need</translation>
    </message>
    <message>
        <source>没有权限写入备份位置 {path}；之前的 {count} 个备份完好无损</source>
        <translation>No permission to write to backup location {path}; the {count} earlier backups are intact</translation>
    </message>
    <message>
        <source>已取消备份到 {path}，之前的备份不受影响</source>
        <translation>Backup to {path} cancelled; earlier backups are not affected</translation>
    </message>
    <message>
        <source>备份到 {path} 失败（{reason}）；之前的 {count} 个备份完好无损</source>
        <translation>Backup to {path} failed ({reason}); the {count} earlier backups are intact</translation>
    </message>
    <message>
        <source>完整备份</source>
        <translation>Full backup</translation>
    </message>
    <message>
        <source>增量备份</source>
        <translation>Incremental backup</translation>
    </message>
    <message>
        <source>{time}（{kind}）</source>
        <translation>{time} ({kind})</translation>
    </message>
    <message>
        <source>已备份到 {path}</source>
        <translation>Backed up to {path}</translation>
    </message>
    <message>
        <source>备份 {id} 的清单文件不见了（被删除或移走）：台账记录有这个备份，备份位置里却没有，它已不能恢复</source>
        <translation>The manifest of backup {id} is gone (deleted or moved): the ledger records this backup but the backup folder does not hold it; it can no longer be restored</translation>
    </message>
    <message>
        <source>备份 {id} 校验通过并已试恢复</source>
        <translation>Backup {id} verified and test-restored</translation>
    </message>
    <message>
        <source>备份 {id} 已损坏：{detail}</source>
        <translation>Backup {id} is damaged: {detail}</translation>
    </message>
    <message>
        <source>恢复演练成功：备份 {id} 可以完整恢复（发票 {count} 张）</source>
        <translation>Restore drill succeeded: backup {id} restores completely ({count} invoices)</translation>
    </message>
    <message>
        <source>恢复演练失败：备份 {id}：{detail}</source>
        <translation>Restore drill failed: backup {id}: {detail}</translation>
    </message>
    <message>
        <source>备份还从未验证过能恢复：请在“备份”页做一次恢复演练</source>
        <translation>No backup has ever been verified to restore: run a restore drill on the “Backups” page</translation>
    </message>
    <message>
        <source>上次验证备份可恢复已是 {days} 天前：请在“备份”页做一次恢复演练</source>
        <translation>A backup was last verified to restore {days} days ago: run a restore drill on the “Backups” page</translation>
    </message>
    <message>
        <source>上次验证备份可恢复：今天</source>
        <translation>Backup last verified to restore: today</translation>
    </message>
    <message>
        <source>上次验证备份可恢复：昨天</source>
        <translation>Backup last verified to restore: yesterday</translation>
    </message>
    <message>
        <source>上次验证备份可恢复：{days} 天前</source>
        <translation>Backup last verified to restore: {days} days ago</translation>
    </message>
    <message>
        <source>还没有设置备份位置</source>
        <translation>No backup location set yet</translation>
    </message>
    <message>
        <source>{count} 个备份的清单文件不见了（被删除或移走），已不能恢复：{ids}</source>
        <translation>The manifests of {count} backups are gone (deleted or moved); they can no longer be restored: {ids}</translation>
    </message>
    <message>
        <source>这些位置超过 {days} 天没有备份：{paths}</source>
        <translation>No backup for over {days} days at: {paths}</translation>
    </message>
    <message>
        <source>{count} 个备份位置都已按时备份；{age}</source>
        <translation>All {count} backup locations are backed up on time; {age}</translation>
    </message>
    <message>
        <source>待处理：开票申请 {requests} 条，未结束的事件 {incidents} 个，待办 {actions} 项</source>
        <translation>Pending: {requests} invoice requests, {incidents} open incidents, {actions} follow-up items</translation>
    </message>
    <message>
        <source>培训登记还是空的：员工可在练习模式中完成课程（练习 → 课程）</source>
        <translation>The training register is empty: staff can complete lessons in practice mode (Practice → Lessons)</translation>
    </message>
    <message>
        <source>培训登记 {people} 人，没有人需要复训（复训周期 {months} 个月）</source>
        <translation>{people} people in the training register, nobody due for a refresher (refresher every {months} months)</translation>
    </message>
    <message>
        <source>{count} 项培训需要复训：{listed}</source>
        <translation>{count} trainings due for a refresher: {listed}</translation>
    </message>
    <message>
        <source>员工培训与复训</source>
        <translation>Staff training and refreshers</translation>
    </message>
    <message>
        <source>备份与恢复验证</source>
        <translation>Backups and restore checks</translation>
    </message>
    <message>
        <source>待处理的申请和事件</source>
        <translation>Pending requests and incidents</translation>
    </message>
    <message>
        <source>这个台账已于 {time} 由 {actor} 从备份恢复为新数据库 {database}，这里不能再登记或修改。请关闭发票台账助手后重新打开：它会打开新数据库。</source>
        <translation>On {time} {actor} restored this ledger from a backup into the new database {database}; nothing can be recorded or changed here any more. Close InvoiceDesk and open it again: it will open the new database.</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <source>添加备份位置…</source>
        <translation>Add backup location…</translation>
    </message>
    <message>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>备份位置（U盘、网盘同步文件夹、共享文件夹，可以有多个）</source>
        <translation>Backup locations (USB drive, cloud sync folder, shared folder; several are fine)</translation>
    </message>
    <message>
        <source>立即备份 (Ctrl+B)</source>
        <translation>Back up now (Ctrl+B)</translation>
    </message>
    <message>
        <source>完整备份</source>
        <translation>Full backup</translation>
    </message>
    <message>
        <source>校验全部备份</source>
        <translation>Verify all backups</translation>
    </message>
    <message>
        <source>恢复演练</source>
        <translation>Restore drill</translation>
    </message>
    <message>
        <source>把最新的备份恢复到临时位置并检查，证明它能用</source>
        <translation>Restore the latest backup to a temporary place and check it, to prove it works</translation>
    </message>
    <message>
        <source>恢复所选备份…</source>
        <translation>Restore selected backup…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>退出程序时，如有改动就备份</source>
        <translation>Back up on exit if anything changed</translation>
    </message>
    <message>
        <source>保存备份规则</source>
        <translation>Save backup rules</translation>
    </message>
    <message>
        <source>备份规则</source>
        <translation>Backup rules</translation>
    </message>
    <message>
        <source>完整备份间隔（天）</source>
        <translation>Full backup every (days)</translation>
    </message>
    <message>
        <source>增量备份间隔（天）</source>
        <translation>Incremental backup every (days)</translation>
    </message>
    <message>
        <source>保留每日备份（份）</source>
        <translation>Daily backups to keep</translation>
    </message>
    <message>
        <source>保留每周备份（份）</source>
        <translation>Weekly backups to keep</translation>
    </message>
    <message>
        <source>保留每月备份（份）</source>
        <translation>Monthly backups to keep</translation>
    </message>
    <message>
        <source>还没有备份位置：按“添加备份位置…”选一个U盘或网盘文件夹，然后按“立即备份”。</source>
        <translation>No backup location yet: click “Add backup location…” to choose a USB drive or cloud folder, then click “Back up now”.</translation>
    </message>
    <message>
        <source>找不到（U盘没插？）</source>
        <translation>Not found (USB drive unplugged?)</translation>
    </message>
    <message>
        <source>上次备份 {last}，剩余空间 {free}</source>
        <translation>Last backup {last}, free space {free}</translation>
    </message>
    <message>
        <source>选择备份位置（U盘或网盘文件夹）</source>
        <translation>Choose a backup location (USB drive or cloud folder)</translation>
    </message>
    <message>
        <source>数据库已损坏，只读打开：不能备份到新的快照。请先恢复。</source>
        <translation>The database is damaged and open read-only: no new backup can be made. Please restore first.</translation>
    </message>
    <message>
        <source>未能完成。</source>
        <translation>Could not be completed.</translation>
    </message>
    <message>
        <source>正在备份…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>没有可校验的备份。</source>
        <translation>There are no backups to verify.</translation>
    </message>
    <message>
        <source>校验了 {count} 个备份，{bad} 个有问题：{names}</source>
        <translation>Verified {count} backups, {bad} with problems: {names}</translation>
    </message>
    <message>
        <source>校验了 {count} 个备份，全部完好并已试恢复。</source>
        <translation>Verified {count} backups; all are intact and test-restored.</translation>
    </message>
    <message>
        <source>正在校验：重算哈希、试恢复、完整性检查…</source>
        <translation>Verifying: recomputing hashes, test-restoring, checking integrity…</translation>
    </message>
    <message>
        <source>恢复演练成功：备份 {id} 可以完整恢复（发票 {count} 张）。</source>
        <translation>Restore drill succeeded: backup {id} restores completely ({count} invoices).</translation>
    </message>
    <message>
        <source>恢复演练失败：{problems}</source>
        <translation>Restore drill failed: {problems}</translation>
    </message>
    <message>
        <source>正在做恢复演练…</source>
        <translation>Running the restore drill…</translation>
    </message>
    <message>
        <source>还没有备份可以恢复。</source>
        <translation>There are no backups to restore yet.</translation>
    </message>
    <message>
        <source>备份规则已保存。</source>
        <translation>Backup rules saved.</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <source>备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>体检</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>从备份恢复…</source>
        <translation>Restore from backup…</translation>
    </message>
    <message>
        <source>去做恢复演练</source>
        <translation>Do a restore drill</translation>
    </message>
    <message>
        <source>备份(&amp;B)</source>
        <translation>&amp;Backups</translation>
    </message>
    <message>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>恢复演练</source>
        <translation>Restore drill</translation>
    </message>
    <message>
        <source>正在后台做每周一次的数据库完整检查，可以照常使用…</source>
        <translation>Running the weekly full database check in the background; you can keep working…</translation>
    </message>
    <message>
        <source>每周完整检查发现数据库文件损坏（{reason}）。请尽快从最新的已验证备份恢复；下次启动时将以只读方式打开。</source>
        <translation>The weekly full check found the database file damaged ({reason}). Restore the newest verified backup soon; the next start opens the file read-only.</translation>
    </message>
    <message>
        <source>备份从未验证恢复</source>
        <translation>No backup has been verified to restore yet</translation>
    </message>
    <message>
        <source>练习模式中不能从备份恢复正式台账。请先离开练习模式。</source>
        <translation>The real ledger cannot be restored from a backup in practice mode. Leave practice mode first.</translation>
    </message>
    <message>
        <source>已切换到恢复的数据库 {name}；原数据库 {previous} 未改动，仍在服务器上。</source>
        <translation>Switched to the restored database {name}; the previous database {previous} is unchanged and still on the server.</translation>
    </message>
    <message>
        <source>已切换到恢复的数据库；原数据库已改名保留在同一文件夹。</source>
        <translation>Switched to the restored database; the previous one was renamed and kept in the same folder.</translation>
    </message>
    <message>
        <source>原数据库已锁定的月份仍保持锁定：{periods}</source>
        <translation> Months the previous database had locked stay locked: {periods}</translation>
    </message>
</context>
<context>
    <name>BannerArea</name>
    <message>
        <source>收起提醒</source>
        <translation>Fewer reminders</translation>
    </message>
    <message>
        <source>另有 {n} 条提醒…</source>
        <translation>{n} more reminders…</translation>
    </message>
    <message>
        <source>展开或收起其余提醒</source>
        <translation>Show or hide the other reminders</translation>
    </message>
</context>
<context>
    <name>Case</name>
    <message>
        <source>新建</source>
        <translation>New</translation>
    </message>
    <message>
        <source>核实中</source>
        <translation>Checking</translation>
    </message>
    <message>
        <source>处理中</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>已交付</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>已归档</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>已撤销</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>确认客户和购买</source>
        <translation>Identify customer and purchase</translation>
    </message>
    <message>
        <source>致歉并倾听</source>
        <translation>Apologise and listen</translation>
    </message>
    <message>
        <source>核实原始交易</source>
        <translation>Check the original transaction</translation>
    </message>
    <message>
        <source>交付并告知客户</source>
        <translation>Deliver and tell the customer</translation>
    </message>
    <message>
        <source>归档并总结</source>
        <translation>Archive and write the lesson</translation>
    </message>
    <message>
        <source>柜台</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>邮件</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>线上</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>找到且有效：重新交付</source>
        <translation>Found and valid: deliver again</translation>
    </message>
    <message>
        <source>从未开具：补开发票</source>
        <translation>Never issued: issue it</translation>
    </message>
    <message>
        <source>开具有误：红冲后重开</source>
        <translation>Wrong: red-flush and reissue</translation>
    </message>
    <message>
        <source>非本店发票：向客户说明</source>
        <translation>Not ours: explain to the customer</translation>
    </message>
    <message>
        <source>平台同步延迟</source>
        <translation>Platform sync delay</translation>
    </message>
    <message>
        <source>客户不会查找或下载</source>
        <translation>Customer could not find or download it</translation>
    </message>
    <message>
        <source>本店漏开</source>
        <translation>Shop forgot to issue</translation>
    </message>
    <message>
        <source>开票信息有误</source>
        <translation>Wrong invoice details</translation>
    </message>
    <message>
        <source>开票系统故障</source>
        <translation>Invoicing system fault</translation>
    </message>
    <message>
        <source>交付未送达</source>
        <translation>Delivery did not arrive</translation>
    </message>
    <message>
        <source>非本店发票</source>
        <translation>Not our invoice</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>客户已确认收到</source>
        <translation>Customer confirmed receipt</translation>
    </message>
    <message>
        <source>客户拒绝接收（已记录）</source>
        <translation>Customer refused (recorded)</translation>
    </message>
    <message>
        <source>已向客户说明，客户已知悉</source>
        <translation>Explained; the customer understands</translation>
    </message>
    <message>
        <source>客户拒收</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>已说明</source>
        <translation>Explained</translation>
    </message>
    <message>
        <source>客户所问发票</source>
        <translation>Invoice asked about</translation>
    </message>
    <message>
        <source>补开的发票</source>
        <translation>Issued invoice</translation>
    </message>
    <message>
        <source>红字发票</source>
        <translation>Red invoice</translation>
    </message>
    <message>
        <source>重开的发票</source>
        <translation>Replacement invoice</translation>
    </message>
    <message>
        <source>修改了客户信息：{fields}</source>
        <translation>Changed the customer details: {fields}</translation>
    </message>
    <message>
        <source>关联{role}：{number}</source>
        <translation>Linked {role}: {number}</translation>
    </message>
    <message>
        <source>关联：{label}</source>
        <translation>Linked: {label}</translation>
    </message>
    <message>
        <source>核实开始后不能再取消关联</source>
        <translation>Links cannot be removed once checking has begun</translation>
    </message>
    <message>
        <source>找不到这个关联</source>
        <translation>This link was not found</translation>
    </message>
    <message>
        <source>取消关联：{label}</source>
        <translation>Unlinked: {label}</translation>
    </message>
    <message>
        <source>联系客户（{how}）：{said}</source>
        <translation>Contact with the customer ({how}): {said}</translation>
    </message>
    <message>
        <source>已撤销的工单不需要回访</source>
        <translation>A withdrawn case needs no call-back</translation>
    </message>
    <message>
        <source>取消回访</source>
        <translation>Call-back cancelled</translation>
    </message>
    <message>
        <source>约定回访：{when}{note}</source>
        <translation>Call-back arranged: {when}{note}</translation>
    </message>
    <message>
        <source>已回访：{said}</source>
        <translation>Called back: {said}</translation>
    </message>
    <message>
        <source>交付（{channel}{to}）：{status}{error}</source>
        <translation>Delivery ({channel}{to}): {status}{error}</translation>
    </message>
    <message>
        <source>找不到这次交付记录</source>
        <translation>This delivery record was not found</translation>
    </message>
    <message>
        <source>{period} 对账：{bucket}</source>
        <translation>{period} reconciliation: {bucket}</translation>
    </message>
    <message>
        <source>{period} 尚未与平台对账</source>
        <translation>{period} not yet reconciled with the platform</translation>
    </message>
    <message>
        <source>{period} 对账：一致</source>
        <translation>{period} reconciliation: matched</translation>
    </message>
    <message>
        <source>{at} 查验：{result}（{by}）</source>
        <translation>{at} verification: {result} ({by})</translation>
    </message>
    <message>
        <source>没有查验记录</source>
        <translation>No verification records</translation>
    </message>
    <message>
        <source>台账：{date} 开具，价税合计 {total}，状态 {status}</source>
        <translation>Ledger: issued {date}, total {total}, status {status}</translation>
    </message>
    <message>
        <source>只有“处理中”的工单可以开具、红冲或重开发票（当前：{state}）</source>
        <translation>Invoices can be issued, red-flushed or reissued only for a case being handled (now: {state})</translation>
    </message>
    <message>
        <source>核实结论为“{conclusion}”，不需要这一操作</source>
        <translation>The conclusion is &quot;{conclusion}&quot;: this is not needed</translation>
    </message>
    <message>
        <source>只能红冲本工单关联的发票</source>
        <translation>Only an invoice linked to this case can be red-flushed</translation>
    </message>
    <message>
        <source>请先红冲开错的发票，再重开</source>
        <translation>Red-flush the wrong invoice first, then reissue</translation>
    </message>
    <message>
        <source>本店电话</source>
        <translation>the shop&apos;s phone</translation>
    </message>
    <message>
        <source>本店</source>
        <translation>our shop</translation>
    </message>
    <message>
        <source>只能打印本工单关联的发票</source>
        <translation>Only an invoice linked to this case can be printed</translation>
    </message>
    <message>
        <source>只能发送本工单发票所附的文件</source>
        <translation>Only files kept with this case&apos;s invoices can be sent</translation>
    </message>
    <message>
        <source>只有发送失败的邮件可以重发</source>
        <translation>Only a failed e-mail can be sent again</translation>
    </message>
    <message>
        <source>只能给本工单关联的发票添加文件</source>
        <translation>Files can be added only to invoices linked to this case</translation>
    </message>
    <message>
        <source>应急事件第{id}号</source>
        <translation>Incident {id}</translation>
    </message>
    <message>
        <source>应急演练中不建立真实的客户工单</source>
        <translation>A drill opens no real customer case</translation>
    </message>
    <message>
        <source>开票系统异常期间受影响：{labels}</source>
        <translation>Affected while the invoicing system was down: {labels}</translation>
    </message>
    <message>
        <source>对账差异 #{id}（{number}）</source>
        <translation>Reconciliation difference #{id} ({number})</translation>
    </message>
    <message>
        <source>对账发现差异：发票 {number}（{note}）</source>
        <translation>Found by reconciliation: invoice {number} ({note})</translation>
    </message>
    <message>
        <source>客户工单 #{id}</source>
        <translation>Customer case #{id}</translation>
    </message>
    <message>
        <source>工单 #{id} 还没有归档记录</source>
        <translation>Case #{id} has no archived record yet</translation>
    </message>
    <message>
        <source>工单状态不能从{old}变为{new}</source>
        <translation>A case cannot go from {old} to {new}</translation>
    </message>
    <message>
        <source>已确认客户和购买</source>
        <translation>Customer and purchase identified</translation>
    </message>
    <message>
        <source>已致歉；客户说：{said}</source>
        <translation>Apologised; the customer said: {said}</translation>
    </message>
    <message>
        <source>核实结论：{conclusion}</source>
        <translation>Conclusion: {conclusion}</translation>
    </message>
    <message>
        <source>交付结果：{confirmed}</source>
        <translation>Delivery: {confirmed}</translation>
    </message>
    <message>
        <source>已归档；原因：{cause}</source>
        <translation>Archived; cause: {cause}</translation>
    </message>
    <message>
        <source>撤销工单：{reason}</source>
        <translation>Case withdrawn: {reason}</translation>
    </message>
    <message>
        <source>微信</source>
        <translation>WeChat</translation>
    </message>
    <message>
        <source>打印凭条</source>
        <translation>Printed slip</translation>
    </message>
    <message>
        <source>电话告知</source>
        <translation>Told by phone</translation>
    </message>
    <message>
        <source>当面交付</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>已发送</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>发送失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>已复制给客户</source>
        <translation>Copied to the customer</translation>
    </message>
    <message>
        <source>已交给客户</source>
        <translation>Handed to the customer</translation>
    </message>
    <message>
        <source>已告知客户</source>
        <translation>Customer told</translation>
    </message>
    <message>
        <source>找不到编号为 {id} 的客户工单</source>
        <translation>No customer case number {id}</translation>
    </message>
    <message>
        <source>受理：{customer}（{channel}）“{complaint}”</source>
        <translation>Received: {customer} ({channel}) &quot;{complaint}&quot;</translation>
    </message>
    <message>
        <source>开票申请 #{id} {buyer}</source>
        <translation>Invoice request #{id} {buyer}</translation>
    </message>
    <message>
        <source>工单 #{id} 已{state}，不能再更改</source>
        <translation>Case #{id} is {state} and can no longer change</translation>
    </message>
</context>
<context>
    <name>CaseForDifferenceDialog</name>
    <message>
        <source>客户工单</source>
        <translation>Customer case</translation>
    </message>
    <message>
        <source>新建客户工单</source>
        <translation>New customer case</translation>
    </message>
    <message>
        <source>关联已有工单</source>
        <translation>Link an existing case</translation>
    </message>
    <message>
        <source>处理说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>邮箱</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>差异：发票 {number}</source>
        <translation>Difference: invoice {number}</translation>
    </message>
</context>
<context>
    <name>CaseList</name>
    <message>
        <source>工单号</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>电话/邮箱</source>
        <translation>Phone/e-mail</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>承诺时间</source>
        <translation>Promised</translation>
    </message>
    <message>
        <source>发票</source>
        <translation>Invoices</translation>
    </message>
    <message>
        <source>受理人</source>
        <translation>Taken by</translation>
    </message>
    <message>
        <source>·逾期</source>
        <translation> · overdue</translation>
    </message>
</context>
<context>
    <name>CaseListPage</name>
    <message>
        <source>电话片段、客户名称、邮箱、工单号或发票号码</source>
        <translation>Phone fragment, customer name, e-mail, case number or invoice number</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>只看未办结</source>
        <translation>Open only</translation>
    </message>
    <message>
        <source>只看逾期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <source>全部人员</source>
        <translation>Everyone</translation>
    </message>
    <message>
        <source>受理日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>新建工单</source>
        <translation>New case</translation>
    </message>
    <message>
        <source>定期复盘</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>共 {total} 张工单；全部逾期 {overdue} 张</source>
        <translation>{total} cases; {overdue} overdue in all</translation>
    </message>
</context>
<context>
    <name>CasePdf</name>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>发票号码</source>
        <translation>Invoice number</translation>
    </message>
    <message>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>价税合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>一、处理经过</source>
        <translation>1. Timeline</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>What</translation>
    </message>
    <message>
        <source>二、处理前的发票</source>
        <translation>2. Invoices before</translation>
    </message>
    <message>
        <source>三、处理后的发票（红冲、重开、补开）</source>
        <translation>3. Invoices after (red-flushed, reissued, issued)</translation>
    </message>
    <message>
        <source>四、交付记录</source>
        <translation>4. Deliveries</translation>
    </message>
    <message>
        <source>方式/对象</source>
        <translation>How / to whom</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>五、与客户的沟通</source>
        <translation>5. Communication with the customer</translation>
    </message>
    <message>
        <source>六、结论和经验教训</source>
        <translation>6. Conclusion and lesson</translation>
    </message>
    <message>
        <source>制表人：{who}&#x3000;&#x3000;制表时间：{at}&#x3000;&#x3000;复核人：＿＿＿＿＿＿</source>
        <translation>Made by: {who}    Made at: {at}    Checked by: ________</translation>
    </message>
    <message>
        <source>{status}（红字）</source>
        <translation>{status} (red)</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>联系方式</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>客户反映</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>{at}，{channel}，受理人 {who}</source>
        <translation>{at}, {channel}, taken by {who}</translation>
    </message>
    <message>
        <source>承诺时间</source>
        <translation>Promised</translation>
    </message>
    <message>
        <source>相关记录</source>
        <translation>Related records</translation>
    </message>
    <message>
        <source>{at}&#x3000;致歉（{who}）</source>
        <translation>{at}  Apology ({who})</translation>
    </message>
    <message>
        <source>{apology}

客户说：{said}</source>
        <translation>{apology}

The customer said: {said}</translation>
    </message>
    <message>
        <source>核实结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Cause</translation>
    </message>
    <message>
        <source>经验教训</source>
        <translation>Lesson</translation>
    </message>
    <message>
        <source>撤销原因</source>
        <translation>Withdrawal reason</translation>
    </message>
    <message>
        <source>客户工单记录 #{id}</source>
        <translation>Customer case record #{id}</translation>
    </message>
</context>
<context>
    <name>CaseReport</name>
    <message>
        <source>工单号</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>受理人</source>
        <translation>Taken by</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>客户反映</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>承诺时间</source>
        <translation>Promised</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>核实结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Cause</translation>
    </message>
    <message>
        <source>交付时间</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>发票</source>
        <translation>Invoices</translation>
    </message>
</context>
<context>
    <name>CaseReviewDialog</name>
    <message>
        <source>客户工单复盘</source>
        <translation>Customer case review</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>工单数</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>受理日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>经验教训</source>
        <translation>Lesson</translation>
    </message>
    <message>
        <source>{h} 小时</source>
        <translation>{h} hours</translation>
    </message>
    <message>
        <source>共 {cases} 张工单，未办结 {open} 张，逾期 {overdue} 张；已交付 {delivered} 张，从受理到交付的中位时间 {median}；按时兑现承诺 {kept} 张，未按时 {broken} 张。</source>
        <translation>{cases} cases, {open} open, {overdue} overdue; {delivered} delivered, median time from receipt to delivery {median}; promises kept {kept}, broken {broken}.</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Cause</translation>
    </message>
    <message>
        <source>核实结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>这段时间还没有写下经验教训。</source>
        <translation>No lessons written down in this period yet.</translation>
    </message>
</context>
<context>
    <name>CaseText</name>
    <message>
        <source>{customer}您好，我是{shop}的{sender}。您反映的发票问题我们非常重视，我们深感抱歉给您带来了困扰，对此我们深表遗憾。请您说一下具体情况，我们马上核实处理。</source>
        <translation>Hello {customer}, this is {sender} from {shop}. We take the invoice problem you reported very seriously, and we are truly sorry for the trouble it has caused you. Please tell us what happened and we will check it right away.</translation>
    </message>
    <message>
        <source>{shop}：您的发票（{numbers}）</source>
        <translation>{shop}: your invoice ({numbers})</translation>
    </message>
    <message>
        <source>{customer}您好：

我是{shop}的{sender}。关于您反映的发票问题，再次向您致歉。您的发票已处理好：
{invoices}

{attachment_note}{guide}
如有任何问题，请拨打{phone}，我们会尽快帮您解决。

{shop}
{sender}</source>
        <translation>Hello {customer},

This is {sender} from {shop}. We apologise again for the invoice problem you reported. Your invoice is ready:
{invoices}

{attachment_note}{guide}
If anything is unclear, please call {phone} and we will help you at once.

{shop}
{sender}</translation>
    </message>
    <message>
        <source>发票文件已随本邮件附上（{files}）。

</source>
        <translation>The invoice files are attached to this e-mail ({files}).

</translation>
    </message>
    <message>
        <source>如何找到和打开电子发票：
1. 数电票（全面数字化的电子发票）开具后会自动归集到您的税务数字账户：个人可在“个人所得税”App 首页 → 我要查询 → 发票查询（或“票夹”）中查看和下载；单位可登录电子发票服务平台（各省税务局网站）→ 税务数字账户 → 发票查询统计 → 全量发票查询，按发票号码查询后下载。
2. 文件格式：PDF 用任意 PDF 阅读器打开；OFD 用“数科OFD阅读器”或“福昕OFD版式办公套件”等免费阅读器打开；XML 是报销入账用的结构化数据文件，一般不需要打开，直接上传给财务系统即可。
3. 查验真伪：国家税务总局全国增值税发票查验平台，输入发票号码、开票日期和价税合计即可。
</source>
        <translation>How to find and open your e-invoice:
1. A fully digital e-invoice (数电票) is collected in your tax digital account (税务数字账户) as soon as it is issued: individuals find it in the Individual Income Tax app (个人所得税) → 我要查询 → 发票查询 (or 票夹); companies log in to the e-invoice service platform (their province&apos;s tax bureau site) → 税务数字账户 → 发票查询统计 → 全量发票查询 and download it by number.
2. File formats: open a PDF with any PDF reader; an OFD with a free OFD reader (e.g. Suwell or Foxit OFD); the XML is structured data for expense and accounting systems: usually upload it as it is.
3. To verify it: the national VAT invoice verification platform, with the invoice number, issue date and total.
</translation>
    </message>
    <message>
        <source>您的发票是纸质发票，我们会按约定的方式把发票交给您；如需查验真伪，可在国家税务总局全国增值税发票查验平台输入发票代码、号码、开票日期和金额查询。
</source>
        <translation>Your invoice is on paper: we will hand it to you as agreed. To verify it, use the national VAT invoice verification platform with the invoice code, number, issue date and amount.
</translation>
    </message>
    <message>
        <source>· 发票号码 {number}，开票日期 {date}，价税合计 {total}</source>
        <translation>· Invoice number {number}, issued {date}, total {total}</translation>
    </message>
    <message>
        <source>{customer}您好，我是{shop}的{sender}。我们仔细核对了本店的开票记录，您所说的发票不是本店开具的：{explanation}。给您添麻烦了，如需帮助可拨打{phone}。</source>
        <translation>Hello {customer}, this is {sender} from {shop}. We carefully checked our invoicing records: the invoice you mentioned was not issued by our shop: {explanation}. Sorry for the trouble; if you need help, please call {phone}.</translation>
    </message>
</context>
<context>
    <name>CaseWindow</name>
    <message>
        <source>已确认客户和购买，下一步</source>
        <translation>Customer and purchase identified, next</translation>
    </message>
    <message>
        <source>已致歉并记录，下一步</source>
        <translation>Apologised and recorded, next</translation>
    </message>
    <message>
        <source>记录核实结论，下一步</source>
        <translation>Record the conclusion, next</translation>
    </message>
    <message>
        <source>确认交付结果</source>
        <translation>Confirm the delivery</translation>
    </message>
    <message>
        <source>归档工单</source>
        <translation>Archive the case</translation>
    </message>
    <message>
        <source>客户工单 #{id}</source>
        <translation>Customer case #{id}</translation>
    </message>
    <message>
        <source>备注、客户来电内容、回访结果或撤销原因</source>
        <translation>A note, what the customer said on the phone, a call-back result or why the case is withdrawn</translation>
    </message>
    <message>
        <source>添加备注</source>
        <translation>Add note</translation>
    </message>
    <message>
        <source>记录通话</source>
        <translation>Record call</translation>
    </message>
    <message>
        <source>约定回访</source>
        <translation>Arrange call-back</translation>
    </message>
    <message>
        <source>回访完成</source>
        <translation>Call-back done</translation>
    </message>
    <message>
        <source>撤销工单</source>
        <translation>Withdraw case</translation>
    </message>
    <message>
        <source>导出记录 PDF…</source>
        <translation>Export record PDF…</translation>
    </message>
    <message>
        <source>处理步骤</source>
        <translation>Steps</translation>
    </message>
    <message>
        <source>处理经过</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>（已逾期）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <source>#{id} {customer} · {state}{late}</source>
        <translation>#{id} {customer} · {state}{late}</translation>
    </message>
    <message>
        <source>未承诺</source>
        <translation>no promise</translation>
    </message>
    <message>
        <source>&#x3000;回访：{at}</source>
        <translation>  Call-back: {at}</translation>
    </message>
    <message>
        <source>“{complaint}”
{contact}&#x3000;{channel}&#x3000;受理：{received}（{by}）&#x3000;承诺：{promised}{callback}</source>
        <translation>&quot;{complaint}&quot;
{contact}  {channel}  Received: {received} ({by})  Promised: {promised}{callback}</translation>
    </message>
    <message>
        <source>（联系方式待补充）</source>
        <translation>(contact to be added)</translation>
    </message>
    <message>
        <source>第 {n} 步：{title}</source>
        <translation>Step {n}: {title}</translation>
    </message>
    <message>
        <source>已记录：{step}</source>
        <translation>Recorded: {step}</translation>
    </message>
    <message>
        <source>导出客户工单记录</source>
        <translation>Export the customer case record</translation>
    </message>
    <message>
        <source>已导出：{path}</source>
        <translation>Exported: {path}</translation>
    </message>
</context>
<context>
    <name>CasesFeature</name>
    <message>
        <source>客户工单</source>
        <translation>Customer cases</translation>
    </message>
    <message>
        <source>客户(&amp;C)</source>
        <translation>&amp;Customers</translation>
    </message>
    <message>
        <source>新建客户工单…</source>
        <translation>New customer case…</translation>
    </message>
    <message>
        <source>客户反映发票查不到、没收到或开错时，登记一张工单（Ctrl+Shift+K）</source>
        <translation>When a customer says an invoice cannot be found, did not arrive or is wrong, open a case (Ctrl+Shift+K)</translation>
    </message>
    <message>
        <source>客户工单列表</source>
        <translation>Customer cases</translation>
    </message>
    <message>
        <source>定期复盘…</source>
        <translation>Review…</translation>
    </message>
    <message>
        <source>邮箱设置…</source>
        <translation>Mailbox settings…</translation>
    </message>
    <message>
        <source>逾期工单 {n}</source>
        <translation>{n} overdue cases</translation>
    </message>
    <message>
        <source>待回访 {n}</source>
        <translation>{n} call-backs due</translation>
    </message>
    <message>
        <source>承诺时间已过、仍未交付的客户工单；点击查看</source>
        <translation>Customer cases past their promised time and not yet delivered; click to see them</translation>
    </message>
</context>
<context>
    <name>Check</name>
    <message>
        <source>数据库服务器响应正常</source>
        <translation>The database server responds normally</translation>
    </message>
    <message>
        <source>数据库文件完整</source>
        <translation>The database file is intact</translation>
    </message>
    <message>
        <source>数据库文件已损坏：{first}</source>
        <translation>The database file is damaged: {first}</translation>
    </message>
    <message>
        <source>审计链完整（{count} 条），{records} 条记录与之一致</source>
        <translation>Audit chain intact ({count} entries), {records} records match it</translation>
    </message>
    <message>
        <source>{first}（另有 {more} 处问题，见审计日志页）</source>
        <translation>{first} ({more} more problems: see the Audit log page)</translation>
    </message>
    <message>
        <source>磁盘剩余空间不足：仅剩 {free} GB（{path}）</source>
        <translation>Low disk space: only {free} GB left ({path})</translation>
    </message>
    <message>
        <source>磁盘剩余 {free} GB</source>
        <translation>{free} GB free on disk</translation>
    </message>
    <message>
        <source>未设置电子发票服务平台地址：请在应急预案中填写</source>
        <translation>The e-invoice service platform address is not set: enter it in the emergency plan</translation>
    </message>
    <message>
        <source>无法连接 {host}:{port}（{reason}）</source>
        <translation>Cannot connect to {host}:{port} ({reason})</translation>
    </message>
    <message>
        <source>可以连接 {host}:{port}</source>
        <translation>Can connect to {host}:{port}</translation>
    </message>
    <message>
        <source>数据库完整性</source>
        <translation>Database integrity</translation>
    </message>
    <message>
        <source>审计链</source>
        <translation>Audit chain</translation>
    </message>
    <message>
        <source>磁盘空间</source>
        <translation>Disk space</translation>
    </message>
    <message>
        <source>电子发票服务平台连通性</source>
        <translation>E-invoice platform connection</translation>
    </message>
    <message>
        <source>数据库维护</source>
        <translation>Database maintenance</translation>
    </message>
    <message>
        <source>数据库完整检查（每周）</source>
        <translation>Full database check (weekly)</translation>
    </message>
    <message>
        <source>备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>未完成事项</source>
        <translation>Open items</translation>
    </message>
    <message>
        <source>启动时</source>
        <translation>At start-up</translation>
    </message>
    <message>
        <source>后台</source>
        <translation>In the background</translation>
    </message>
    <message>
        <source>应急向导</source>
        <translation>Incident wizard</translation>
    </message>
    <message>
        <source>体检页</source>
        <translation>Health page</translation>
    </message>
    <message>
        <source>手动</source>
        <translation>manually</translation>
    </message>
    <message>
        <source>维护时段</source>
        <translation>maintenance window</translation>
    </message>
    <message>
        <source>关闭程序时</source>
        <translation>when the app closed</translation>
    </message>
    <message>
        <source>命令行</source>
        <translation>command line</translation>
    </message>
    <message>
        <source>找不到这个地址</source>
        <translation>address not found</translation>
    </message>
    <message>
        <source>连接超时</source>
        <translation>connection timed out</translation>
    </message>
    <message>
        <source>对方拒绝连接</source>
        <translation>connection refused</translation>
    </message>
    <message>
        <source>连接被中断</source>
        <translation>connection reset</translation>
    </message>
    <message>
        <source>网络错误（{detail}）</source>
        <translation>network error ({detail})</translation>
    </message>
    <message>
        <source>检查出错：{reason}</source>
        <translation>Check failed: {reason}</translation>
    </message>
    <message>
        <source>维护完成：{steps}</source>
        <translation>Maintenance done: {steps}</translation>
    </message>
</context>
<context>
    <name>CheckPanel</name>
    <message>
        <source>已核对原始交易：金额、品名、税额</source>
        <translation>Original transaction checked: amount, items, tax</translation>
    </message>
    <message>
        <source>非本店发票时：向客户说明的内容</source>
        <translation>If not ours: what to tell the customer</translation>
    </message>
    <message>
        <source>备注（例如：购买方名称写错）</source>
        <translation>Note (e.g. the buyer&apos;s name was wrong)</translation>
    </message>
    <message>
        <source>台账、对账和查验记录：</source>
        <translation>Ledger, reconciliation and verification:</translation>
    </message>
    <message>
        <source>没有关联发票或开票申请</source>
        <translation>No linked invoice or request</translation>
    </message>
</context>
<context>
    <name>ChecksPage</name>
    <message>
        <source>开始检查</source>
        <translation>Start checks</translation>
    </message>
    <message>
        <source>还没有检查。</source>
        <translation>Not checked yet.</translation>
    </message>
    <message>
        <source>正在检查，请稍候…</source>
        <translation>Checking, please wait…</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>应为正整数，收到“{text}”</source>
        <translation>must be a positive whole number, got “{text}”</translation>
    </message>
    <message>
        <source>参数错误：{message}（用 --help 查看用法）</source>
        <translation>Invalid arguments: {message} (see --help)</translation>
    </message>
    <message>
        <source>发票台账助手：不带子命令时打开图形界面。</source>
        <translation>InvoiceDesk: without a command it opens the window.</translation>
    </message>
    <message>
        <source>自检：Qt、中文字体、翻译、台账、Excel、PDF、备份（全部通过时退出码为 0）</source>
        <translation>Self-test: Qt, Chinese font, translations, ledger, Excel, PDF, backup (exit code 0 when all pass)</translation>
    </message>
    <message>
        <source>与 --selftest 一起：输出 JSON</source>
        <translation>with --selftest: print JSON</translation>
    </message>
    <message>
        <source>数据库文件或 postgresql:// 地址（默认：用户数据目录）</source>
        <translation>database file or postgresql:// address (default: the user data folder)</translation>
    </message>
    <message>
        <source>操作人（写入审计日志）；台账有账户后必填，密码取自 INVOICEDESK_PASSWORD 或终端输入</source>
        <translation>who is acting (written to the audit log); required once the ledger has accounts, the password from INVOICEDESK_PASSWORD or a terminal prompt</translation>
    </message>
    <message>
        <source>创建或升级数据库，设置本店名称和税号</source>
        <translation>create or upgrade the database, set the shop name and tax ID</translation>
    </message>
    <message>
        <source>本店名称</source>
        <translation>Shop name</translation>
    </message>
    <message>
        <source>本店统一社会信用代码</source>
        <translation>shop unified social credit code</translation>
    </message>
    <message>
        <source>生成演示数据</source>
        <translation>generate demo data</translation>
    </message>
    <message>
        <source>从 JSON 登记发票（全部成功或全部不登记）</source>
        <translation>record invoices from JSON (all or none)</translation>
    </message>
    <message>
        <source>文件，- 为标准输入</source>
        <translation>file, - for standard input</translation>
    </message>
    <message>
        <source>台账服务器连不上时，先存入本机待同步（服务器恢复后由下一次 add 或图形界面登记）</source>
        <translation>When the ledger server cannot be reached, keep the invoices on this computer (recorded by the next add or by the app once the server answers)</translation>
    </message>
    <message>
        <source>列出或搜索发票</source>
        <translation>list or search invoices</translation>
    </message>
    <message>
        <source>审计日志</source>
        <translation>audit log</translation>
    </message>
    <message>
        <source>校验审计链</source>
        <translation>verify the audit chain</translation>
    </message>
    <message>
        <source>期间格式应为 YYYY-MM，收到“{text}”</source>
        <translation>the period must be YYYY-MM, got “{text}”</translation>
    </message>
    <message>
        <source>参数错误：--json 只能与 --selftest 一起放在子命令之前</source>
        <translation>Invalid arguments: --json goes with --selftest, before any command</translation>
    </message>
    <message>
        <source>台账已从备份恢复为新数据库，已改用：{target}</source>
        <translation>The ledger was restored from a backup into a new database; using it: {target}</translation>
    </message>
    <message>
        <source>此台账已启用账户：请用 --user NAME 指明操作人（密码取自 INVOICEDESK_PASSWORD）</source>
        <translation>This ledger has accounts: name who is acting with --user NAME (password from INVOICEDESK_PASSWORD)</translation>
    </message>
    <message>
        <source>{name} 的密码：请设置环境变量 INVOICEDESK_PASSWORD，或在终端中运行</source>
        <translation>Password for {name}: set the environment variable INVOICEDESK_PASSWORD, or run this in a terminal</translation>
    </message>
    <message>
        <source>{name} 的密码：</source>
        <translation>Password for {name}: </translation>
    </message>
    <message>
        <source>{name} 的 PIN：请设置环境变量 INVOICEDESK_SECOND_PIN，或在终端中运行</source>
        <translation>PIN for {name}: set the environment variable INVOICEDESK_SECOND_PIN, or run this in a terminal</translation>
    </message>
    <message>
        <source>{name} 的 PIN：</source>
        <translation>PIN for {name}: </translation>
    </message>
    <message>
        <source>{problem}。未登记任何发票；请稍后重试，或用 add --queue 先存入本机</source>
        <translation>{problem}. No invoice was recorded; try again later, or use add --queue to keep them on this computer</translation>
    </message>
    <message>
        <source>输入有误：{problems}</source>
        <translation>Invalid input: {problems}</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>文件错误：{reason}（{file}）</source>
        <translation>File error: {reason} ({file})</translation>
    </message>
    <message>
        <source>内部错误：{error}；详情见日志 {log}</source>
        <translation>Internal error: {error}; details in the log {log}</translation>
    </message>
    <message>
        <source>数据库已就绪（结构版本 {version}）；本店：{name} {tax_id}</source>
        <translation>Database ready (schema version {version}); shop: {name} {tax_id}</translation>
    </message>
    <message>
        <source>数据库已就绪（结构版本 {version}）</source>
        <translation>Database ready (schema version {version})</translation>
    </message>
    <message>
        <source>已生成演示发票 {invoices} 张（其中红字 {red} 张，作废 {voided} 张），明细 {lines} 行，用时 {seconds} 秒</source>
        <translation>Generated {invoices} demo invoices ({red} red, {voided} voided), {lines} lines, in {seconds} s</translation>
    </message>
    <message>
        <source>文件 {source} 不是 UTF-8 编码的 JSON</source>
        <translation>File {source} is not JSON in UTF-8</translation>
    </message>
    <message>
        <source>JSON 格式错误（第{line}行第{column}列）：{reason}</source>
        <translation>Invalid JSON (line {line}, column {column}): {reason}</translation>
    </message>
    <message>
        <source>JSON 格式错误：对象或列表嵌套太深</source>
        <translation>JSON format error: objects or lists nested too deep</translation>
    </message>
    <message>
        <source>JSON 中有无法读取的数值：{reason}</source>
        <translation>JSON holds a number that cannot be read: {reason}</translation>
    </message>
    <message>
        <source>JSON 中没有发票</source>
        <translation>The JSON has no invoices</translation>
    </message>
    <message>
        <source>台账服务器连不上：发票 {count} 张已存入本机待同步（共 {pending} 张），服务器恢复后由下一次 add 或图形界面登记</source>
        <translation>Ledger server unreachable: {count} invoice(s) kept on this computer ({pending} waiting in all), recorded by the next add or by the app once the server answers</translation>
    </message>
    <message>
        <source>已同步本机待同步发票 {count} 张；冲突待处理 {conflicts} 张</source>
        <translation>Recorded {count} waiting invoice(s) from this computer; {conflicts} conflict(s) to resolve</translation>
    </message>
    <message>
        <source>已登记发票 {count} 张</source>
        <translation>Recorded {count} invoices</translation>
    </message>
    <message>
        <source>共 {count} 张；金额 {amount}，税额 {tax}，价税合计 {total}（不含作废 {voided} 张）</source>
        <translation>{count} invoices; amount {amount}, tax {tax}, total {total} ({voided} voided not included)</translation>
    </message>
    <message>
        <source>用法：invoicedesk audit verify [--json]</source>
        <translation>Usage: invoicedesk audit verify [--json]</translation>
    </message>
    <message>
        <source>审计链完整：共 {entries} 条，末条哈希 {head}；{records} 条记录与审计记录一致，{anchors} 个锚点相符</source>
        <translation>Audit chain intact: {entries} entries, last hash {head}; {records} records agree with the audit log, {anchors} anchors agree</translation>
    </message>
    <message>
        <source>审计链被截短或改写：{message}</source>
        <translation>Audit chain cut short or rewritten: {message}</translation>
    </message>
    <message>
        <source>数据在程序之外被改动：{finding}</source>
        <translation>Data changed outside the app: {finding}</translation>
    </message>
    <message>
        <source>审计链损坏：{problem}（此前 {entries} 条完好）</source>
        <translation>Audit chain broken: {problem} ({entries} entries intact before it)</translation>
    </message>
    <message>
        <source>备份：运行、校验、列出、恢复、演练</source>
        <translation>backups: run, verify, list, restore, drill</translation>
    </message>
    <message>
        <source>备份到所有备份位置（或 --to 指定的文件夹）</source>
        <translation>back up to every backup location (or the folder --to names)</translation>
    </message>
    <message>
        <source>完整备份</source>
        <translation>full backup</translation>
    </message>
    <message>
        <source>增量备份</source>
        <translation>incremental backup</translation>
    </message>
    <message>
        <source>只备份到这个文件夹</source>
        <translation>back up to this folder only</translation>
    </message>
    <message>
        <source>校验备份：重算哈希、试恢复、完整性检查</source>
        <translation>verify backups: recompute hashes, trial restore, integrity check</translation>
    </message>
    <message>
        <source>只校验这个文件夹里的备份</source>
        <translation>verify only the backups in this folder</translation>
    </message>
    <message>
        <source>只校验这一个备份</source>
        <translation>verify only this backup</translation>
    </message>
    <message>
        <source>列出备份</source>
        <translation>List backups</translation>
    </message>
    <message>
        <source>只列出这个文件夹里的备份</source>
        <translation>list only the backups in this folder</translation>
    </message>
    <message>
        <source>把一个备份恢复成新的数据库文件</source>
        <translation>restore a backup into a new database file</translation>
    </message>
    <message>
        <source>新的数据库文件（PostgreSQL：新数据库的名字，不填则用原名加时间）</source>
        <translation>the new database file (PostgreSQL: the new database&apos;s name; empty: the original name plus the time)</translation>
    </message>
    <message>
        <source>备份所在的文件夹</source>
        <translation>Folder with the backups</translation>
    </message>
    <message>
        <source>有账户时：确认恢复的另一位会计或店长（PIN 取自 INVOICEDESK_SECOND_PIN）</source>
        <translation>With accounts: the second bookkeeper or owner confirming the restore (PIN from INVOICEDESK_SECOND_PIN)</translation>
    </message>
    <message>
        <source>恢复演练：恢复到临时位置并检查，记入日志</source>
        <translation>restore drill: restore to a temporary place, check it, log it</translation>
    </message>
    <message>
        <source>备份位置：add DIR / remove DIR / list</source>
        <translation>backup locations: add DIR / remove DIR / list</translation>
    </message>
    <message>
        <source>体检：数据库、审计链、磁盘、备份、平台连通</source>
        <translation>health check: database, audit chain, disk, backups, platform connection</translation>
    </message>
    <message>
        <source>用法：invoicedesk backup run|verify|list|restore|drill|destination …</source>
        <translation>Usage: invoicedesk backup run|verify|list|restore|drill|destination …</translation>
    </message>
    <message>
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>完好  {snapshot}  {destination}（{seconds} 秒）</source>
        <translation>Intact  {snapshot}  {destination} ({seconds} s)</translation>
    </message>
    <message>
        <source>损坏  {what}  {destination}：{problems}</source>
        <translation>Damaged  {what}  {destination}: {problems}</translation>
    </message>
    <message>
        <source>没有找到备份</source>
        <translation>No backups found</translation>
    </message>
    <message>
        <source>共校验 {count} 个，损坏 {damaged} 个</source>
        <translation>{count} verified, {damaged} damaged</translation>
    </message>
    <message>
        <source>已损坏（清单无法读取）</source>
        <translation>damaged (manifest unreadable)</translation>
    </message>
    <message>
        <source>已验证</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>校验失败</source>
        <translation>verification failed</translation>
    </message>
    <message>
        <source>未验证</source>
        <translation>Not verified</translation>
    </message>
    <message>
        <source>发票 {count} 张</source>
        <translation>{count} invoices</translation>
    </message>
    <message>
        <source>共 {count} 个备份</source>
        <translation>{count} backups</translation>
    </message>
    <message>
        <source>发票 {invoices} 张，审计记录 {entries} 条</source>
        <translation>{invoices} invoices, {entries} audit entries</translation>
    </message>
    <message>
        <source>期间 {first} 至 {last}；最新发票 {number}（{buyer}）</source>
        <translation>Period {first} to {last}; latest invoice {number} ({buyer})</translation>
    </message>
    <message>
        <source>审计链末条 {head}</source>
        <translation>Last audit hash {head}</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>已恢复到新数据库</source>
        <translation>Restored into a new database</translation>
    </message>
    <message>
        <source>已恢复到新文件</source>
        <translation>Restored to a new file</translation>
    </message>
    <message>
        <source>已恢复，但检查发现问题</source>
        <translation>Restored, but the checks found problems</translation>
    </message>
    <message>
        <source>注意：当前台账已锁定的 {months} 在这个备份里尚未锁定（在程序里切换到恢复的文件时会保持锁定）</source>
        <translation>Note: {months}, locked in the current ledger, is not locked in this backup (switching to the restored file in the app keeps it locked)</translation>
    </message>
    <message>
        <source>用时 {seconds} 秒；当前数据库未改动</source>
        <translation>Took {seconds} s; the current database is unchanged</translation>
    </message>
    <message>
        <source>恢复演练成功</source>
        <translation>Restore drill passed</translation>
    </message>
    <message>
        <source>恢复演练失败</source>
        <translation>Restore drill failed</translation>
    </message>
    <message>
        <source>用法：invoicedesk backup destination {action} DIR</source>
        <translation>Usage: invoicedesk backup destination {action} DIR</translation>
    </message>
    <message>
        <source>已添加备份位置：{path}</source>
        <translation>Backup location added: {path}</translation>
    </message>
    <message>
        <source>已移除备份位置：{path}（已有的备份文件没有删除）</source>
        <translation>Backup location removed: {path} (existing backup files were not deleted)</translation>
    </message>
    <message>
        <source>可用</source>
        <translation>available</translation>
    </message>
    <message>
        <source>找不到</source>
        <translation>not found</translation>
    </message>
    <message>
        <source>上次备份 {at}</source>
        <translation>last backup {at}</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>异常</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>客户工单：登记、列出、查看、导出</source>
        <translation>customer cases: add, list, show, export</translation>
    </message>
    <message>
        <source>从 JSON 登记一张客户工单，输出工单号</source>
        <translation>add a customer case from JSON, print its number</translation>
    </message>
    <message>
        <source>列出客户工单（新的在前）</source>
        <translation>list customer cases (newest first)</translation>
    </message>
    <message>
        <source>只列未办结的</source>
        <translation>only cases not yet closed</translation>
    </message>
    <message>
        <source>只列已逾期的</source>
        <translation>only overdue cases</translation>
    </message>
    <message>
        <source>查看一张客户工单和处理经过</source>
        <translation>show a customer case and its history</translation>
    </message>
    <message>
        <source>导出客户工单记录（PDF）</source>
        <translation>export a case record (PDF)</translation>
    </message>
    <message>
        <source>工单号应为正整数，收到“{text}”</source>
        <translation>the case number must be a positive whole number, got “{text}”</translation>
    </message>
    <message>
        <source>用法：invoicedesk case add|list|show|export（用 --help 查看）</source>
        <translation>Usage: invoicedesk case add|list|show|export (see --help)</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>共 {count} 张工单；全部逾期 {overdue} 张</source>
        <translation>{count} cases; {overdue} overdue in all</translation>
    </message>
    <message>
        <source>客户工单 #{id}  {state}</source>
        <translation>Customer case #{id}  {state}</translation>
    </message>
    <message>
        <source>客户：{customer}  {phone} {email}</source>
        <translation>Customer: {customer}  {phone} {email}</translation>
    </message>
    <message>
        <source>反映：{complaint}</source>
        <translation>Reported: {complaint}</translation>
    </message>
    <message>
        <source>--out 应为文件路径，而 {out} 是一个文件夹</source>
        <translation>--out must be a file path, but {out} is a folder</translation>
    </message>
    <message>
        <source>已导出客户工单记录：{path}</source>
        <translation>Case record exported: {path}</translation>
    </message>
    <message>
        <source>导出月度台账（xlsx）、月度报告（pdf）或会计资料包（zip）</source>
        <translation>export the month ledger (xlsx), monthly report (pdf) or accounting pack (zip)</translation>
    </message>
    <message>
        <source>月度报告上的复核人</source>
        <translation>reviewer named on the monthly report</translation>
    </message>
    <message>
        <source>与 pack 一起：资料包附上员工培训登记</source>
        <translation>with pack: put the staff training register into the pack</translation>
    </message>
    <message>
        <source>结账锁定一个月（筛查结果须已处理）</source>
        <translation>lock a month at month-end (screening findings must be handled)</translation>
    </message>
    <message>
        <source>解除月份锁定（须填写原因）</source>
        <translation>unlock a month (a reason is required)</translation>
    </message>
    <message>
        <source>有账户时：确认解锁的另一位会计或店长（PIN 取自 INVOICEDESK_SECOND_PIN）</source>
        <translation>With accounts: the second bookkeeper or owner confirming the unlock (PIN from INVOICEDESK_SECOND_PIN)</translation>
    </message>
    <message>
        <source>锁定前筛查一个月</source>
        <translation>screen a month before locking</translation>
    </message>
    <message>
        <source>接受一条筛查结果并填写说明</source>
        <translation>accept a screening finding with an explanation</translation>
    </message>
    <message>
        <source>screen --json 给出的 key</source>
        <translation>the key that screen --json gives</translation>
    </message>
    <message>
        <source>--out 的扩展名应为 {suffix}，收到“{name}”</source>
        <translation>--out must end in {suffix}, got “{name}”</translation>
    </message>
    <message>
        <source>--with-training 只能与 pack 一起使用</source>
        <translation>--with-training goes with pack only</translation>
    </message>
    <message>
        <source>已导出 {period}（{count} 张发票）：{out}</source>
        <translation>Exported {period} ({count} invoices): {out}</translation>
    </message>
    <message>
        <source>{period} 已锁定（{by}）</source>
        <translation>{period} locked ({by})</translation>
    </message>
    <message>
        <source>{period} 已解锁，原因：{reason}</source>
        <translation>{period} unlocked, reason: {reason}</translation>
    </message>
    <message>
        <source>已说明</source>
        <translation>explained</translation>
    </message>
    <message>
        <source>未处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>共 {count} 条，未处理 {open} 条</source>
        <translation>{count} findings, {open} open</translation>
    </message>
    <message>
        <source>{period} 的筛查结果中没有 {key}</source>
        <translation>{period} has no screening finding {key}</translation>
    </message>
    <message>
        <source>已记录说明：{key}</source>
        <translation>Explanation recorded: {key}</translation>
    </message>
    <message>
        <source>导入电子发票服务平台的全量发票查询导出文件并对账</source>
        <translation>import the e-invoice platform’s full invoice query export and reconcile</translation>
    </message>
    <message>
        <source>.xlsx 或同列的 .csv</source>
        <translation>.xlsx, or .csv with the same columns</translation>
    </message>
    <message>
        <source>对账期间（默认：文件中最多的月份）</source>
        <translation>period to reconcile (default: the month most common in the file)</translation>
    </message>
    <message>
        <source>找不到文件：{file}</source>
        <translation>File not found: {file}</translation>
    </message>
    <message>
        <source>{period} 对账：平台 {platform} 张，台账 {ledger} 张，一致 {matched} 张；进项发票 {received} 张另计</source>
        <translation>{period} reconciliation: platform {platform}, ledger {ledger}, matching {matched}; {received} purchase invoices counted apart</translation>
    </message>
    <message>
        <source>台账 {ledger}，平台 {platform}</source>
        <translation>ledger {ledger}, platform {platform}</translation>
    </message>
    <message>
        <source>数据库维护：更新统计、整理索引、清空写入日志</source>
        <translation>database maintenance: statistics, search index, write-ahead log</translation>
    </message>
    <message>
        <source>只在维护时段内、且本时段还未维护时运行</source>
        <translation>Run only inside the maintenance window, and only if not yet done in this window</translation>
    </message>
    <message>
        <source>有人正在录入时最多等待的秒数</source>
        <translation>seconds to wait at most while someone is recording</translation>
    </message>
    <message>
        <source>设置维护时段（默认 02:00-05:00），不运行维护</source>
        <translation>set the maintenance window (default 02:00-05:00) without running maintenance</translation>
    </message>
    <message>
        <source>与 --window 一起：关闭程序时是否在超过 7 天未维护时顺便维护</source>
        <translation>with --window: whether to maintain when the app closes and the last run is over 7 days old</translation>
    </message>
    <message>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <source>维护时段：{start}-{end}；关闭程序时顺便维护：{at_exit}</source>
        <translation>Maintenance window: {start}-{end}; also when the app closes: {at_exit}</translation>
    </message>
    <message>
        <source>不在维护时段内，或本时段已维护过</source>
        <translation>Not in the maintenance window, or already done in this window</translation>
    </message>
    <message>
        <source>{step} {seconds} 秒</source>
        <translation>{step} {seconds} s</translation>
    </message>
    <message>
        <source>维护完成，用时 {seconds} 秒（{steps}）；写入日志 {before} MB → {after} MB</source>
        <translation>Maintenance done in {seconds} s ({steps}); write-ahead log {before} MB → {after} MB</translation>
    </message>
    <message>
        <source>培训登记：谁完成了哪门课程和演练，谁该复训</source>
        <translation>training register: who completed which lesson and drill, who is due for a refresher</translation>
    </message>
    <message>
        <source>列出培训登记（--due：只列该复训的）</source>
        <translation>list the training register (--due: only those due)</translation>
    </message>
    <message>
        <source>只列出到期该复训的</source>
        <translation>list only those due for a refresher</translation>
    </message>
    <message>
        <source>查看或设置复训周期（月）</source>
        <translation>show or set the refresher period (months)</translation>
    </message>
    <message>
        <source>没有需要复训的人</source>
        <translation>Nobody is due for a refresher</translation>
    </message>
    <message>
        <source>培训登记为空</source>
        <translation>The training register is empty</translation>
    </message>
    <message>
        <source>该复训</source>
        <translation>due</translation>
    </message>
    <message>
        <source>有效</source>
        <translation>valid</translation>
    </message>
    <message>
        <source>{minutes}分{seconds}秒</source>
        <translation>{minutes} min {seconds} s</translation>
    </message>
    <message>
        <source>复训日期 {date}</source>
        <translation>refresher on {date}</translation>
    </message>
    <message>
        <source>复训周期：{months} 个月</source>
        <translation>Refresher period: {months} months</translation>
    </message>
    <message>
        <source>逐条输出台账的变化（--follow：持续输出，Ctrl+C 结束）</source>
        <translation>print the ledger&apos;s changes one by one (--follow: keep printing until Ctrl+C)</translation>
    </message>
    <message>
        <source>持续输出新的变化，直到 Ctrl+C</source>
        <translation>keep printing new changes until Ctrl+C</translation>
    </message>
    <message>
        <source>每行一个 JSON 对象</source>
        <translation>one JSON object per line</translation>
    </message>
    <message>
        <source>参数错误：changes 需要 --follow（持续输出变化，Ctrl+C 结束）</source>
        <translation>Bad arguments: changes needs --follow (prints changes until Ctrl+C)</translation>
    </message>
    <message>
        <source>正在等待变化（Ctrl+C 结束）</source>
        <translation>Waiting for changes (Ctrl+C to end)</translation>
    </message>
    <message>
        <source>账户：添加、列出、停用（店员 clerk / 会计 bookkeeper / 店长 owner）</source>
        <translation>Accounts: add, list, disable (clerk / bookkeeper / owner)</translation>
    </message>
    <message>
        <source>添加账户（密码取自 INVOICEDESK_NEW_PASSWORD 或终端输入）</source>
        <translation>Add an account (password from INVOICEDESK_NEW_PASSWORD or typed in the terminal)</translation>
    </message>
    <message>
        <source>列出账户</source>
        <translation>List the accounts</translation>
    </message>
    <message>
        <source>停用账户（最后一位店长不能停用）</source>
        <translation>Disable an account (the last owner cannot be disabled)</translation>
    </message>
    <message>
        <source>查看或设置窗口无操作自动锁定的分钟数（默认 10）</source>
        <translation>Show or set the idle minutes before the window locks itself (default 10)</translation>
    </message>
    <message>
        <source>新账户的密码：请设置环境变量 INVOICEDESK_NEW_PASSWORD，或在终端中运行以输入</source>
        <translation>New account&apos;s password: set the environment variable INVOICEDESK_NEW_PASSWORD, or run this in a terminal to type it</translation>
    </message>
    <message>
        <source>新账户的密码：</source>
        <translation>New account&apos;s password: </translation>
    </message>
    <message>
        <source>再输入一次：</source>
        <translation>Type it again: </translation>
    </message>
    <message>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords differ</translation>
    </message>
    <message>
        <source>已添加账户 {name}（{role}）</source>
        <translation>Account {name} added ({role})</translation>
    </message>
    <message>
        <source>还没有账户：一人使用，无需登录</source>
        <translation>No accounts yet: one person uses the app, no sign-in needed</translation>
    </message>
    <message>
        <source>在用</source>
        <translation>active</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>disabled</translation>
    </message>
    <message>
        <source>已停用账户 {name}</source>
        <translation>Account {name} disabled</translation>
    </message>
    <message>
        <source>窗口无操作 {minutes} 分钟后自动锁定</source>
        <translation>The window locks itself after {minutes} idle minutes</translation>
    </message>
</context>
<context>
    <name>ClosePage</name>
    <message>
        <source>结案</source>
        <translation>Close incident</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Cause</translation>
    </message>
    <message>
        <source>处理办法</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <source>经验教训</source>
        <translation>Lessons learned</translation>
    </message>
    <message>
        <source>后续改进事项（事项、负责人、完成日期）：</source>
        <translation>Follow-up improvements (item, owner, due date):</translation>
    </message>
</context>
<context>
    <name>ClosedPanel</name>
    <message>
        <source>状态：{state}</source>
        <translation>State: {state}</translation>
    </message>
    <message>
        <source>核实结论：{c}</source>
        <translation>Conclusion: {c}</translation>
    </message>
    <message>
        <source>结果：{o}</source>
        <translation>Outcome: {o}</translation>
    </message>
    <message>
        <source>原因：{c}</source>
        <translation>Cause: {c}</translation>
    </message>
    <message>
        <source>经验教训：{l}</source>
        <translation>Lesson: {l}</translation>
    </message>
    <message>
        <source>撤销原因：{r}</source>
        <translation>Withdrawn because: {r}</translation>
    </message>
</context>
<context>
    <name>CollectPage</name>
    <message>
        <source>加入这段时间开出的发票</source>
        <translation>Add invoices issued in this period</translation>
    </message>
    <message>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <source>到</source>
        <translation>To</translation>
    </message>
    <message>
        <source>客户说查不到的发票号码</source>
        <translation>Invoice numbers the customer cannot find</translation>
    </message>
    <message>
        <source>标记为客户反映查不到</source>
        <translation>Mark as “customer cannot find”</translation>
    </message>
    <message>
        <source>加入停机期间登记的开票申请</source>
        <translation>Add invoice requests recorded during the outage</translation>
    </message>
    <message>
        <source>已收集：发票 {invoices} 张，开票申请 {requests} 笔</source>
        <translation>Collected: {invoices} invoices, {requests} invoice requests</translation>
    </message>
    <message>
        <source>发票</source>
        <translation>Invoice</translation>
    </message>
    <message>
        <source>申请</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>（客户反映查不到）</source>
        <translation> (customer cannot find it)</translation>
    </message>
</context>
<context>
    <name>CorrectDialog</name>
    <message>
        <source>更正发票</source>
        <translation>Correct invoice</translation>
    </message>
    <message>
        <source>必填：为什么更正</source>
        <translation>Required: why the correction</translation>
    </message>
    <message>
        <source>更正字段</source>
        <translation>Field to correct</translation>
    </message>
    <message>
        <source>新的内容</source>
        <translation>New value</translation>
    </message>
    <message>
        <source>更正原因</source>
        <translation>Reason for correction</translation>
    </message>
</context>
<context>
    <name>CounterFeature</name>
    <message>
        <source>去开票台</source>
        <translation>Go to the counter</translation>
    </message>
    <message>
        <source>待开具申请 {count} 张（最早已等 {age}）</source>
        <translation>{count} requests waiting (oldest for {age})</translation>
    </message>
    <message>
        <source>开票台</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>已登记一张发票</source>
        <translation>Invoice recorded</translation>
    </message>
    <message>
        <source>保存发票登记凭条</source>
        <translation>Save the invoice record slip</translation>
    </message>
    <message>
        <source>凭条已保存：{path}</source>
        <translation>Slip saved: {path}</translation>
    </message>
    <message>
        <source>更正(&amp;R)</source>
        <translation>Co&amp;rrections</translation>
    </message>
</context>
<context>
    <name>CounterPage</name>
    <message>
        <source>停机登记模式</source>
        <translation>Outage mode</translation>
    </message>
    <message>
        <source>开票系统不可用时打开：顾客的开票申请先登记下来，系统恢复后再开具</source>
        <translation>Turn on when the invoicing system is down: record customers&apos; invoice requests now and issue them once it is back</translation>
    </message>
    <message>
        <source>打开发票文件… (Ctrl+O)</source>
        <translation>Open invoice file… (Ctrl+O)</translation>
    </message>
    <message>
        <source>扫描或粘贴发票二维码内容，按回车填入（Ctrl+L）</source>
        <translation>Scan or paste the invoice QR code text, press Enter to fill in (Ctrl+L)</translation>
    </message>
    <message>
        <source>二维码：</source>
        <translation>QR code:</translation>
    </message>
    <message>
        <source>停机登记中（点此结束）</source>
        <translation>Outage mode on (click to end)</translation>
    </message>
    <message>
        <source>结束停机登记</source>
        <translation>End outage mode</translation>
    </message>
    <message>
        <source>开票系统已经恢复了吗？结束后本页恢复登记已开具的发票，待开具的申请仍在右侧列表中。</source>
        <translation>Is the invoicing system back? After ending, this page records issued invoices again; pending requests stay in the list on the right.</translation>
    </message>
    <message>
        <source>开始停机登记</source>
        <translation>Start outage mode</translation>
    </message>
    <message>
        <source>开票系统出了什么问题？（可不填）</source>
        <translation>What is wrong with the invoicing system? (optional)</translation>
    </message>
    <message>
        <source>停机登记模式（{since} 起，{who}）：开票系统不可用，请在“开票台”登记顾客的开票申请。</source>
        <translation>Outage mode (since {since}, {who}): the invoicing system is down; record customers&apos; invoice requests on the “Counter” page.</translation>
    </message>
    <message>
        <source>【演练】</source>
        <translation>[DRILL] </translation>
    </message>
    <message>
        <source>已从二维码填入票种、号码、日期和金额，请补全购买方和明细后保存。</source>
        <translation>Kind, number, date and amount filled in from the QR code; complete the buyer and lines, then save.</translation>
    </message>
    <message>
        <source>打开发票文件</source>
        <translation>Open invoice file</translation>
    </message>
    <message>
        <source>电子发票 (*.xml *.ofd *.XML *.OFD)</source>
        <translation>E-invoices (*.xml *.ofd *.XML *.OFD)</translation>
    </message>
    <message>
        <source>正在读取 {name}…</source>
        <translation>Reading {name}…</translation>
    </message>
    <message>
        <source>已从 {name} 填入发票，请核对后按 Ctrl+S 保存（文件会随发票保存）。</source>
        <translation>Invoice filled in from {name}; check it and press Ctrl+S to save (the file is saved with the invoice).</translation>
    </message>
    <message>
        <source>取消开票申请</source>
        <translation>Cancel invoice request</translation>
    </message>
    <message>
        <source>为什么取消 {buyer} 的申请（价税合计 {total}）？</source>
        <translation>Why cancel the request of {buyer} (total {total})?</translation>
    </message>
    <message>
        <source>开票申请 {id} 已取消。</source>
        <translation>Invoice request {id} cancelled.</translation>
    </message>
    <message>
        <source>保存开票申请回执</source>
        <translation>Save invoice request receipt</translation>
    </message>
    <message>
        <source>回执已保存：{path}</source>
        <translation>Receipt saved: {path}</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <source>客户都已联系，继续</source>
        <translation>All customers contacted, continue</translation>
    </message>
    <message>
        <source>明天下班前</source>
        <translation>Before closing time tomorrow</translation>
    </message>
    <message>
        <source>联系人（您）</source>
        <translation>Contact person (you)</translation>
    </message>
    <message>
        <source>承诺交付时间</source>
        <translation>Promised delivery</translation>
    </message>
    <message>
        <source>复制消息</source>
        <translation>Copy message</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>短信</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>微信</source>
        <translation>WeChat</translation>
    </message>
    <message>
        <source>邮件</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>当面</source>
        <translation>In person</translation>
    </message>
    <message>
        <source>客户怎么说</source>
        <translation>What the customer said</translation>
    </message>
    <message>
        <source>记录：已联系这位客户</source>
        <translation>Log: customer contacted</translation>
    </message>
    <message>
        <source>记录：联系不上…</source>
        <translation>Log: unreachable…</translation>
    </message>
    <message>
        <source>试过但联系不上时，写明原因记下来，这一步才能完成</source>
        <translation>If you tried but could not reach the customer, record why; then this step can be completed</translation>
    </message>
    <message>
        <source>建立客户工单</source>
        <translation>Open customer case</translation>
    </message>
    <message>
        <source>无联系方式</source>
        <translation>no contact details</translation>
    </message>
    <message>
        <source>联系不上</source>
        <translation>Unreachable</translation>
    </message>
    <message>
        <source>已联系 {contacted} 位，联系不上 {excused} 位，还有 {waiting} 位没联系</source>
        <translation>Contacted: {contacted}, unreachable: {excused}, not yet contacted: {waiting}</translation>
    </message>
    <message>
        <source>联系不上客户</source>
        <translation>Customer unreachable</translation>
    </message>
    <message>
        <source>记下：{name} 联系不上。写明试过什么、为什么联系不上；之后联系上了，再点“记录：已联系这位客户”。</source>
        <translation>Record that {name} could not be reached. Say what you tried and why it failed; if you reach them later, press &quot;Log: customer contacted&quot;.</translation>
    </message>
    <message>
        <source>电话无人接听，已发短信</source>
        <translation>No answer by phone; text message sent</translation>
    </message>
    <message>
        <source>没有留联系方式</source>
        <translation>No contact details were left</translation>
    </message>
    <message>
        <source>电话号码是空号或错误</source>
        <translation>The phone number does not exist or is wrong</translation>
    </message>
    <message>
        <source>记录：联系不上</source>
        <translation>Log: unreachable</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>已建立客户工单 #{id}</source>
        <translation>Customer case #{id} opened</translation>
    </message>
</context>
<context>
    <name>DeclarePage</name>
    <message>
        <source>启动应急预案</source>
        <translation>Activate emergency plan</translation>
    </message>
    <message>
        <source>简单说明看到的情况（可不填）</source>
        <translation>Briefly describe what you see (optional)</translation>
    </message>
</context>
<context>
    <name>DeliverPanel</name>
    <message>
        <source>处理发票</source>
        <translation>Fix the invoice</translation>
    </message>
    <message>
        <source>平台开具的发票号码</source>
        <translation>Number issued on the platform</translation>
    </message>
    <message>
        <source>按申请登记开具的发票</source>
        <translation>Record the invoice issued for the request</translation>
    </message>
    <message>
        <source>关联开票台已登记的发票</source>
        <translation>Link the invoice recorded at the counter</translation>
    </message>
    <message>
        <source>红字发票号码</source>
        <translation>Red invoice number</translation>
    </message>
    <message>
        <source>登记红冲</source>
        <translation>Record the red-flush</translation>
    </message>
    <message>
        <source>重开的发票号码</source>
        <translation>Replacement invoice number</translation>
    </message>
    <message>
        <source>登记重开的发票</source>
        <translation>Record the replacement</translation>
    </message>
    <message>
        <source>开票申请</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>发票号码</source>
        <translation>Invoice number</translation>
    </message>
    <message>
        <source>红冲原因</source>
        <translation>Red-flush reason</translation>
    </message>
    <message>
        <source>红字号码</source>
        <translation>Red number</translation>
    </message>
    <message>
        <source>新号码</source>
        <translation>New number</translation>
    </message>
    <message>
        <source>交付结果</source>
        <translation>Delivery result</translation>
    </message>
    <message>
        <source>客户的原话（拒收时必填）</source>
        <translation>The customer&apos;s words (required if they refuse)</translation>
    </message>
    <message>
        <source>客户邮箱</source>
        <translation>Customer&apos;s e-mail</translation>
    </message>
    <message>
        <source>收件人</source>
        <translation>To</translation>
    </message>
    <message>
        <source>主题</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>添加发票文件…</source>
        <translation>Add invoice file…</translation>
    </message>
    <message>
        <source>重新生成消息</source>
        <translation>Redraft message</translation>
    </message>
    <message>
        <source>发送邮件</source>
        <translation>Send e-mail</translation>
    </message>
    <message>
        <source>复制给微信</source>
        <translation>Copy for WeChat</translation>
    </message>
    <message>
        <source>打印凭条…</source>
        <translation>Print slip…</translation>
    </message>
    <message>
        <source>已电话告知</source>
        <translation>Told by phone</translation>
    </message>
    <message>
        <source>已当面交付</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>重发所选邮件</source>
        <translation>Resend selected e-mail</translation>
    </message>
    <message>
        <source>发票有效：无需重新开票，直接交付给客户。</source>
        <translation>The invoice is valid: nothing to issue, deliver it to the customer.</translation>
    </message>
    <message>
        <source>从未开具：在平台开具后，按开票申请登记号码；或先在开票台登记，再在此关联。</source>
        <translation>Never issued: after issuing it on the platform, record its number for the request, or record it at the counter and link it here.</translation>
    </message>
    <message>
        <source>开具有误：先在平台开红字发票并登记红冲，再登记重开的发票。</source>
        <translation>Wrong: issue the red invoice on the platform and record the red-flush, then record the replacement.</translation>
    </message>
    <message>
        <source>非本店发票：无需开票，向客户说明即可。</source>
        <translation>Not ours: nothing to issue; explain it to the customer.</translation>
    </message>
    <message>
        <source>还没有可交付的发票：请先处理发票</source>
        <translation>No invoice to deliver yet: fix the invoice first</translation>
    </message>
    <message>
        <source>选择客户的电子发票文件</source>
        <translation>Choose the customer&apos;s e-invoice file</translation>
    </message>
    <message>
        <source>电子发票 (*.pdf *.ofd *.xml);;所有文件 (*)</source>
        <translation>E-invoices (*.pdf *.ofd *.xml);;All files (*)</translation>
    </message>
    <message>
        <source>正在发送邮件…</source>
        <translation>Sending the e-mail…</translation>
    </message>
    <message>
        <source>邮件没有发出：{error}。工单和邮件内容已保留，可修正后点“重发所选邮件”。</source>
        <translation>The e-mail was not sent: {error}. The case and the message are kept; fix the problem and press &quot;Resend selected e-mail&quot;.</translation>
    </message>
    <message>
        <source>邮件已发送给 {to}</source>
        <translation>E-mail sent to {to}</translation>
    </message>
    <message>
        <source>请选中一封发送失败的邮件</source>
        <translation>Select an e-mail that failed</translation>
    </message>
    <message>
        <source>保存发票登记凭条</source>
        <translation>Save the invoice slip</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>选择一张发票查看详情</source>
        <translation>Select an invoice to see its details</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>单价</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>税率</source>
        <translation>Rate</translation>
    </message>
    <message>
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>发票号码</source>
        <translation>Invoice number</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>价税合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>User</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>明细</source>
        <translation>Lines</translation>
    </message>
    <message>
        <source>红冲链</source>
        <translation>Red-flush chain</translation>
    </message>
    <message>
        <source>操作记录</source>
        <translation>Activity log</translation>
    </message>
    <message>
        <source>查验</source>
        <translation>Verification</translation>
    </message>
    <message>
        <source>{kind}  {key}
{date}  {buyer}  {tax_id}
价税合计 {total}（{words}）  {status}  核对：{state}</source>
        <translation>{kind}  {key}
{date}  {buyer}  {tax_id}
Total {total} ({words})  {status}  Checked: {state}</translation>
    </message>
    <message>
        <source>红字</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>蓝字</source>
        <translation>Blue</translation>
    </message>
    <message>
        <source>没有红冲记录</source>
        <translation>No red-flush records</translation>
    </message>
    <message>
        <source>没有单独的操作记录（批量生成或导入）</source>
        <translation>No separate activity records (generated in bulk or imported)</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>磁盘空间已满，请清理磁盘后重试</source>
        <translation>The disk is full; free some space and try again</translation>
    </message>
    <message>
        <source>没有访问权限，请检查文件或文件夹的权限</source>
        <translation>Permission denied; check the permissions of the file or folder</translation>
    </message>
    <message>
        <source>找不到文件或文件夹</source>
        <translation>File or folder not found</translation>
    </message>
    <message>
        <source>文件正被其他程序占用，请关闭该程序后重试</source>
        <translation>The file is in use by another program; close it and try again</translation>
    </message>
    <message>
        <source>文件操作失败：{reason}</source>
        <translation>File operation failed: {reason}</translation>
    </message>
    <message>
        <source>数据库正被其他程序或另一台电脑占用，请稍后重试</source>
        <translation>The database is busy in another program or on another computer; try again in a moment</translation>
    </message>
    <message>
        <source>磁盘空间已满，数据未能保存，请清理磁盘后重试</source>
        <translation>The disk is full and the data was not saved; free some space and try again</translation>
    </message>
    <message>
        <source>数据库文件已损坏或无法读取，请停止录入并从最近一次验证过的备份恢复</source>
        <translation>The database file is damaged or unreadable; stop entering data and restore the latest verified backup</translation>
    </message>
    <message>
        <source>数据库文件是只读的，无法保存，请检查文件权限</source>
        <translation>The database file is read-only and cannot be saved; check its permissions</translation>
    </message>
    <message>
        <source>发票台账助手</source>
        <translation>InvoiceDesk</translation>
    </message>
    <message>
        <source>操作未完成</source>
        <translation>Not done</translation>
    </message>
    <message>
        <source>发生意外错误</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <source>程序遇到了意外错误，刚才的操作可能没有完成；已保存的数据不受影响。
如果问题重复出现，请把日志文件交给技术支持：
{path}</source>
        <translation>InvoiceDesk ran into an unexpected error. The last action may not have finished; data already saved is not affected.
If this happens again, please send the log file to support:
{path}</translation>
    </message>
</context>
<context>
    <name>Exchange</name>
    <message>
        <source>文件太大，不像一张发票的 XML</source>
        <translation>The file is too large to be an invoice XML</translation>
    </message>
    <message>
        <source>文件里含有不允许的 DTD 或实体声明，未读取</source>
        <translation>The file contains a DTD or entity declaration, which is not allowed; not read</translation>
    </message>
    <message>
        <source>XML 格式有误，无法读取：{detail}</source>
        <translation>The XML is malformed and cannot be read: {detail}</translation>
    </message>
    <message>
        <source>开票日期“{text}”无法识别</source>
        <translation>Issue date “{text}” cannot be read</translation>
    </message>
    <message>
        <source>{what}“{text}”不是有效的数值</source>
        <translation>{what} “{text}” is not a valid number</translation>
    </message>
    <message>
        <source>税率“{text}”无法识别</source>
        <translation>Tax rate “{text}” cannot be read</translation>
    </message>
    <message>
        <source>明细“{name}”缺少金额</source>
        <translation>Line “{name}” has no amount</translation>
    </message>
    <message>
        <source>这不是数电票 XML（根元素应为 EInvoice，实为 {tag}）</source>
        <translation>This is not a digital e-invoice XML (the root element should be EInvoice, not {tag})</translation>
    </message>
    <message>
        <source>文件里没有发票号码（InvoiceNumber）</source>
        <translation>The file has no invoice number (InvoiceNumber)</translation>
    </message>
    <message>
        <source>文件里没有明细（IssuItemInformation）</source>
        <translation>The file has no lines (IssuItemInformation)</translation>
    </message>
    <message>
        <source>OFD 里的发票数据根元素应为 eInvoice，实为 {tag}</source>
        <translation>The invoice data root element in the OFD should be eInvoice, not {tag}</translation>
    </message>
    <message>
        <source>文件里没有发票号码（InvoiceNo）</source>
        <translation>The file has no invoice number (InvoiceNo)</translation>
    </message>
    <message>
        <source>文件里没有明细（GoodsInfo）</source>
        <translation>The file has no lines (GoodsInfo)</translation>
    </message>
    <message>
        <source>OFD 文件里没有发票数据（{path}），请改用数电票 XML</source>
        <translation>The OFD file has no invoice data ({path}); use the digital e-invoice XML instead</translation>
    </message>
    <message>
        <source>这不是有效的 OFD 文件（无法解压）</source>
        <translation>This is not a valid OFD file (cannot be unzipped)</translation>
    </message>
    <message>
        <source>无法识别文件“{name}”：请选择数电票 XML 或 OFD 文件</source>
        <translation>Cannot recognise the file “{name}”: choose a digital e-invoice XML or OFD file</translation>
    </message>
    <message>
        <source>“{name}”解压后过大（其中的 {member} 超过 {limit} MB），未读取</source>
        <translation>“{name}” is too large once unpacked ({member} exceeds {limit} MB); not read</translation>
    </message>
    <message>
        <source>“{name}”已损坏（{member} 无法解压），未读取</source>
        <translation>“{name}” is damaged ({member} cannot be unpacked); not read</translation>
    </message>
    <message>
        <source>“{name}”含有 {count} 个文件，超过 {limit} 个，未读取</source>
        <translation>“{name}” holds {count} files, more than {limit}; not read</translation>
    </message>
    <message>
        <source>“{name}”中有超过 {limit} MB 的单个文本（{member}），不像发票数据，未读取</source>
        <translation>“{name}” holds a single text of more than {limit} MB ({member}), which is not invoice data; not read</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <source>发票票种</source>
        <translation>Invoice kind</translation>
    </message>
    <message>
        <source>发票代码</source>
        <translation>Invoice code</translation>
    </message>
    <message>
        <source>发票号码</source>
        <translation>Invoice number</translation>
    </message>
    <message>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>购买方名称</source>
        <translation>Buyer name</translation>
    </message>
    <message>
        <source>购买方纳税人识别号</source>
        <translation>Buyer taxpayer ID</translation>
    </message>
    <message>
        <source>销售方纳税人识别号</source>
        <translation>Seller taxpayer ID</translation>
    </message>
    <message>
        <source>购买方地址电话</source>
        <translation>Buyer address and phone</translation>
    </message>
    <message>
        <source>购买方开户行及账号</source>
        <translation>Buyer bank and account</translation>
    </message>
    <message>
        <source>购买方邮箱</source>
        <translation>Buyer e-mail</translation>
    </message>
    <message>
        <source>开票人</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <source>复核人</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>收款人</source>
        <translation>Payee</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>发票状态</source>
        <translation>Invoice status</translation>
    </message>
    <message>
        <source>是否红字发票</source>
        <translation>Red invoice</translation>
    </message>
    <message>
        <source>项目明细</source>
        <translation>Line items</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Item name</translation>
    </message>
    <message>
        <source>规格型号</source>
        <translation>Specification</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>单价</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>税率</source>
        <translation>Tax rate</translation>
    </message>
    <message>
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <source>价税合计</source>
        <translation>Total incl. tax</translation>
    </message>
    <message>
        <source>价税合计（大写）</source>
        <translation>Total in words</translation>
    </message>
    <message>
        <source>税收分类编码</source>
        <translation>Tax classification code</translation>
    </message>
    <message>
        <source>是否折扣行</source>
        <translation>Discount line</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>问题描述</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>其他联系方式</source>
        <translation>Other contact</translation>
    </message>
    <message>
        <source>邮箱</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>承诺开出时间</source>
        <translation>Promised time</translation>
    </message>
    <message>
        <source>纳税人识别号</source>
        <translation>Taxpayer ID</translation>
    </message>
</context>
<context>
    <name>FirstStart</name>
    <message>
        <source>没有写入权限</source>
        <translation>no permission to write</translation>
    </message>
    <message>
        <source>这个位置是只读的（U盘的写保护开关打开了？）</source>
        <translation>the place is read-only (is the USB drive&apos;s write-protect switch on?)</translation>
    </message>
    <message>
        <source>磁盘已满</source>
        <translation>the disk is full</translation>
    </message>
    <message>
        <source>超出了磁盘配额</source>
        <translation>the disk quota is exceeded</translation>
    </message>
    <message>
        <source>填写本店名称和税号：帮助 → 开店设置向导</source>
        <translation>Enter the shop&apos;s name and tax id: Help → Shop setup</translation>
    </message>
    <message>
        <source>添加备份位置（U盘或网盘同步文件夹）：“备份”页 → 添加位置</source>
        <translation>Add a backup place (a USB drive or a synced folder): Backup page → Add place</translation>
    </message>
    <message>
        <source>填写应急预案的负责人和电话：应急 → 应急预案设置</source>
        <translation>Name the emergency plan&apos;s people and phone numbers: Emergency → Emergency plan</translation>
    </message>
    <message>
        <source>按 Ctrl+N 登记第一张已开具的发票</source>
        <translation>Press Ctrl+N to record the first issued invoice</translation>
    </message>
    <message>
        <source>月底从电子发票服务平台导出发票，在“对账核验”页导入，与台账核对</source>
        <translation>At month-end, export the invoices from the tax platform and import them on the Reconciliation page to check the ledger</translation>
    </message>
</context>
<context>
    <name>FirstStartFeature</name>
    <message>
        <source>开店设置向导…</source>
        <translation>Shop setup…</translation>
    </message>
</context>
<context>
    <name>Forecast</name>
    <message>
        <source>季节性朴素法（去年同月）</source>
        <translation>Seasonal naive (same month last year)</translation>
    </message>
    <message>
        <source>线性趋势</source>
        <translation>Linear trend</translation>
    </message>
</context>
<context>
    <name>HealthModel</name>
    <message>
        <source>检查项</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>用时</source>
        <translation>Time taken</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>需处理</source>
        <translation>Needs action</translation>
    </message>
</context>
<context>
    <name>HealthPage</name>
    <message>
        <source>按“立即体检”检查数据库、审计链、磁盘、备份和平台连通。</source>
        <translation>Click “Check now” to check the database, audit chain, disk, backups and platform connection.</translation>
    </message>
    <message>
        <source>立即体检</source>
        <translation>Check now</translation>
    </message>
    <message>
        <source>各备份位置：</source>
        <translation>Backup locations:</translation>
    </message>
    <message>
        <source>正在体检…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>体检未能完成。</source>
        <translation>The health check could not be completed.</translation>
    </message>
    <message>
        <source>{when} 体检：{count} 项需要处理（见红字）。每次体检都已记入检查日志。</source>
        <translation>Health check at {when}: {count} items need action (in red). Every check is recorded in the check log.</translation>
    </message>
    <message>
        <source>{when} 体检：全部正常。</source>
        <translation>Health check at {when}: all OK.</translation>
    </message>
    <message>
        <source>{path}：找不到（U盘没插？）</source>
        <translation>{path}: not found (USB drive unplugged?)</translation>
    </message>
    <message>
        <source>{path}：上次备份 {last}，上次验证恢复 {verified}，剩余 {free}</source>
        <translation>{path}: last backup {last}, last restore check {verified}, {free} free</translation>
    </message>
    <message>
        <source>还没有设置备份位置。</source>
        <translation>No backup location set yet.</translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <source>发票台账助手 使用帮助</source>
        <translation>InvoiceDesk Help</translation>
    </message>
    <message>
        <source>搜索帮助（中文或英文，如 红冲、backup）</source>
        <translation>Search the help (English or Chinese words, e.g. red-flush)</translation>
    </message>
    <message>
        <source>没有找到相关主题。换个词试试，或清空搜索框查看全部主题。</source>
        <translation>No topic found. Try another word, or clear the search box to see every topic.</translation>
    </message>
    <message>
        <source>← 返回</source>
        <translation>← Back</translation>
    </message>
    <message>
        <source>回到上一个主题（Alt+←）</source>
        <translation>Back to the previous topic (Alt+←)</translation>
    </message>
    <message>
        <source>找不到帮助主题“{topic}”的文件：
{path}

安装可能不完整。请重新安装发票台账助手，或从左侧列表选择其他主题。</source>
        <translation>The file of the help topic &quot;{topic}&quot; cannot be found:
{path}

The installation may be incomplete. Please reinstall InvoiceDesk, or choose another topic from the list on the left.</translation>
    </message>
    <message>
        <source>使用帮助 — {title}</source>
        <translation>Help — {title}</translation>
    </message>
</context>
<context>
    <name>IdentifyPanel</name>
    <message>
        <source>电话、购买方名称、金额、日期或号码片段</source>
        <translation>Phone, buyer name, amount, date or number fragment</translation>
    </message>
    <message>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>关联所选发票</source>
        <translation>Link selected invoice</translation>
    </message>
    <message>
        <source>关联开票申请</source>
        <translation>Link request</translation>
    </message>
    <message>
        <source>取消所选关联</source>
        <translation>Remove selected link</translation>
    </message>
    <message>
        <source>还没有开票（写下是哪次购买）</source>
        <translation>No invoice yet (write down which purchase)</translation>
    </message>
    <message>
        <source>日期、金额、品名，例如：12月3日午餐 ¥128</source>
        <translation>Date, amount, items, e.g. lunch on 3 Dec ¥128</translation>
    </message>
    <message>
        <source>已关联：</source>
        <translation>Linked:</translation>
    </message>
</context>
<context>
    <name>Incident</name>
    <message>
        <source>本店</source>
        <translation>Our shop</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>开始应急演练</source>
        <translation>Start emergency drill</translation>
    </message>
    <message>
        <source>打开应急向导</source>
        <translation>Open emergency wizard</translation>
    </message>
    <message>
        <source>{check}：正常（{detail}）</source>
        <translation>{check}: OK ({detail})</translation>
    </message>
    <message>
        <source>{check}：异常（{detail}）</source>
        <translation>{check}: failed ({detail})</translation>
    </message>
    <message>
        <source>[演练] {text}</source>
        <translation>[Drill] {text}</translation>
    </message>
    <message>
        <source>误报，撤销事件：{reason}</source>
        <translation>False alarm, incident withdrawn: {reason}</translation>
    </message>
    <message>
        <source>台账中，状态：{status}</source>
        <translation>In the ledger, status: {status}</translation>
    </message>
    <message>
        <source>台账中找不到</source>
        <translation>Not found in the ledger</translation>
    </message>
    <message>
        <source>找不到该申请</source>
        <translation>Request not found</translation>
    </message>
    <message>
        <source>已开票（发票#{id}）</source>
        <translation>Issued (invoice #{id})</translation>
    </message>
    <message>
        <source>申请状态：{status}</source>
        <translation>Request status: {status}</translation>
    </message>
    <message>
        <source>联系不上客户：{name}（{reason}）</source>
        <translation>Customer unreachable: {name} ({reason})</translation>
    </message>
    <message>
        <source>{labels}，合计{total}</source>
        <translation>{labels}, total {total}</translation>
    </message>
    <message>
        <source>{labels}等，合计{total}</source>
        <translation>{labels} etc., total {total}</translation>
    </message>
    <message>
        <source>本店电话</source>
        <translation>Shop phone</translation>
    </message>
    <message>
        <source>已联系客户：{name}（{channel}）{note}</source>
        <translation>Customer contacted: {name} ({channel}) {note}</translation>
    </message>
    <message>
        <source>{y}年{m}月{d}日 {hm}</source>
        <translation>{y}-{m}-{d} {hm}</translation>
    </message>
    <message>
        <source>改进事项完成：{text}</source>
        <translation>Improvement done: {text}</translation>
    </message>
    <message>
        <source>发票</source>
        <translation>Invoice</translation>
    </message>
    <message>
        <source>开票申请</source>
        <translation>Invoice request</translation>
    </message>
    <message>
        <source>（客户反映查不到）</source>
        <translation> (customer cannot find it)</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>负责人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>税务机关</source>
        <translation>Tax office</translation>
    </message>
    <message>
        <source>联系不上的客户</source>
        <translation>Unreachable customer</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>发生情况</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>开始</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>启动预案</source>
        <translation>Plan activated</translation>
    </message>
    <message>
        <source>误报撤销</source>
        <translation>Withdrawn as false alarm</translation>
    </message>
    <message>
        <source>结案</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>联系客户</source>
        <translation>Customers contacted</translation>
    </message>
    <message>
        <source>共 {buyers} 位：已联系 {contacted} 位，联系不上 {unreachable} 位</source>
        <translation>{buyers} in all: {contacted} contacted, {unreachable} unreachable</translation>
    </message>
    <message>
        <source>共 {n} 笔：已开票 {issued} 笔，已取消 {cancelled} 笔，未处理 {open} 笔</source>
        <translation>{n} in all: {issued} issued, {cancelled} cancelled, {open} open</translation>
    </message>
    <message>
        <source>持续时间</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>{m} 分钟</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <source>（跳过）</source>
        <translation> (skipped)</translation>
    </message>
    <message>
        <source>（完成）</source>
        <translation> (done)</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>未完成</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>应急演练报告 第{id}号</source>
        <translation>Emergency drill report No. {id}</translation>
    </message>
    <message>
        <source>应急事件报告 第{id}号</source>
        <translation>Incident report No. {id}</translation>
    </message>
</context>
<context>
    <name>IncidentPdf</name>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>【应急演练】本报告记录的是演练，未改动任何真实发票或开票申请。</source>
        <translation>[EMERGENCY DRILL] This report records a drill; no real invoice or invoice request was changed.</translation>
    </message>
    <message>
        <source>一、处理经过</source>
        <translation>1. Course of events</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Entry</translation>
    </message>
    <message>
        <source>二、受影响的发票和开票申请</source>
        <translation>2. Affected invoices and invoice requests</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>号码/登记时间</source>
        <translation>Number / recorded at</translation>
    </message>
    <message>
        <source>购买方</source>
        <translation>Buyer</translation>
    </message>
    <message>
        <source>价税合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>复核结果</source>
        <translation>Recheck result</translation>
    </message>
    <message>
        <source>三、已联系的客户和单位</source>
        <translation>3. Customers and offices contacted</translation>
    </message>
    <message>
        <source>联系对象</source>
        <translation>Contacted</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>方式/联系人</source>
        <translation>Channel / contact</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>四、原因、处理办法和经验教训</source>
        <translation>4. Cause, resolution and lessons learned</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Cause</translation>
    </message>
    <message>
        <source>处理办法</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <source>经验教训</source>
        <translation>Lessons learned</translation>
    </message>
    <message>
        <source>五、后续改进事项</source>
        <translation>5. Follow-up improvements</translation>
    </message>
    <message>
        <source>负责人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>完成日期</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>制表人：{who}&#x3000;&#x3000;制表时间：{at}&#x3000;&#x3000;复核人：＿＿＿＿＿＿</source>
        <translation>Prepared by: {who}    Prepared at: {at}    Reviewed by: __________</translation>
    </message>
</context>
<context>
    <name>IncidentRegister</name>
    <message>
        <source>启动应急向导</source>
        <translation>Start emergency wizard</translation>
    </message>
    <message>
        <source>开始应急演练</source>
        <translation>Start emergency drill</translation>
    </message>
    <message>
        <source>应急预案设置</source>
        <translation>Emergency plan settings</translation>
    </message>
    <message>
        <source>导出所选事件的报告（PDF）</source>
        <translation>Export report of selected incident (PDF)</translation>
    </message>
    <message>
        <source>立即检查系统</source>
        <translation>Check system now</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>开始时间</source>
        <translation>Started at</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>发生情况</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>持续（分钟）</source>
        <translation>Duration (min)</translation>
    </message>
    <message>
        <source>受影响发票</source>
        <translation>Affected invoices</translation>
    </message>
    <message>
        <source>开票申请</source>
        <translation>Invoice requests</translation>
    </message>
    <message>
        <source>已联系客户</source>
        <translation>Customers contacted</translation>
    </message>
    <message>
        <source>未完成改进</source>
        <translation>Open improvements</translation>
    </message>
    <message>
        <source>事件登记簿</source>
        <translation>Incident log</translation>
    </message>
    <message>
        <source>完成日期</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>负责人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>事件编号</source>
        <translation>Incident No.</translation>
    </message>
    <message>
        <source>所选事项已完成</source>
        <translation>Selected item done</translation>
    </message>
    <message>
        <source>未完成的改进事项</source>
        <translation>Open improvement items</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>最近一次演练</source>
        <translation>Latest drill</translation>
    </message>
    <message>
        <source>参加演练次数</source>
        <translation>Drills taken part in</translation>
    </message>
    <message>
        <source>演练记录</source>
        <translation>Drill records</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>检查项</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>系统检查记录</source>
        <translation>System check log</translation>
    </message>
    <message>
        <source>演练</source>
        <translation>Drill</translation>
    </message>
    <message>
        <source>真实事件</source>
        <translation>Real incident</translation>
    </message>
    <message>
        <source>处理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已结案</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>误报已撤销</source>
        <translation>Withdrawn (false alarm)</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>异常</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>共 {n} 个事件，{a} 项改进事项未完成</source>
        <translation>{n} incidents, {a} improvement items open</translation>
    </message>
    <message>
        <source>请先在事件登记簿中选中一个事件。</source>
        <translation>Select an incident in the incident log first.</translation>
    </message>
    <message>
        <source>导出报告</source>
        <translation>Export report</translation>
    </message>
    <message>
        <source>导出事件报告</source>
        <translation>Export incident report</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>报告已保存：{path}</source>
        <translation>Report saved: {path}</translation>
    </message>
    <message>
        <source>请先选中一项改进事项。</source>
        <translation>Select an improvement item first.</translation>
    </message>
    <message>
        <source>改进事项</source>
        <translation>Improvement item</translation>
    </message>
    <message>
        <source>正在检查…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>检查完成：{n} 项异常</source>
        <translation>Check finished: {n} failed</translation>
    </message>
    <message>
        <source>检查完成：全部正常</source>
        <translation>Check finished: all OK</translation>
    </message>
</context>
<context>
    <name>IncidentWizard</name>
    <message>
        <source>先关闭（稍后继续）</source>
        <translation>Close for now (continue later)</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>应急演练（练习）</source>
        <translation>Emergency drill (practice)</translation>
    </message>
    <message>
        <source>应急处理向导</source>
        <translation>Emergency wizard</translation>
    </message>
    <message>
        <source>第{id}号</source>
        <translation>No. {id}</translation>
    </message>
    <message>
        <source>撤销这次演练…</source>
        <translation>Withdraw this drill…</translation>
    </message>
    <message>
        <source>误报？撤销这次事件…</source>
        <translation>False alarm? Withdraw this incident…</translation>
    </message>
    <message>
        <source>误按了 F9，或系统其实正常：撤销事件（记下原因，不会删除）</source>
        <translation>F9 pressed by mistake, or the system is fine: withdraw the incident (the reason is recorded; nothing is deleted)</translation>
    </message>
    <message>
        <source>备注（所有人都可以添加）：</source>
        <translation>Notes (anyone can add one):</translation>
    </message>
    <message>
        <source>例如：客户张先生来电</source>
        <translation>E.g.: Mr Zhang, a customer, called</translation>
    </message>
    <message>
        <source>添加备注</source>
        <translation>Add note</translation>
    </message>
    <message>
        <source>最近的记录：</source>
        <translation>Latest entries:</translation>
    </message>
    <message>
        <source>进度：{done}/{total}</source>
        <translation>Progress: {done}/{total}</translation>
    </message>
    <message>
        <source>先选出发生的情况</source>
        <translation>First choose what happened</translation>
    </message>
    <message>
        <source>确定这是误报吗？</source>
        <translation>Is this a false alarm?</translation>
    </message>
    <message>
        <source>撤销后，这次事件记为“误报已撤销”，连同原因、您的名字和时间留在事件登记簿中，不会删除；各柜台上的应急提示消失。</source>
        <translation>The incident will be recorded as &quot;withdrawn (false alarm)&quot; and stays in the incident register with the reason, your name and the time; nothing is deleted. The emergency notice disappears from every counter.</translation>
    </message>
    <message>
        <source>停机登记模式会结束；已经登记的开票申请仍留在开票台，照常处理。</source>
        <translation>Outage mode will end; invoice requests already recorded stay on the counter page and are handled as usual.</translation>
    </message>
    <message>
        <source>如果系统确实有问题，请点“不撤销，继续处理”。</source>
        <translation>If the system really has a problem, press &quot;Keep the incident&quot;.</translation>
    </message>
    <message>
        <source>撤销应急事件（误报）</source>
        <translation>Withdraw incident (false alarm)</translation>
    </message>
    <message>
        <source>误按了 F9</source>
        <translation>F9 pressed by mistake</translation>
    </message>
    <message>
        <source>系统正常，是误报</source>
        <translation>The system is working; false alarm</translation>
    </message>
    <message>
        <source>故障很快自行恢复，不影响开票</source>
        <translation>The fault cleared by itself; invoicing was not affected</translation>
    </message>
    <message>
        <source>确认撤销（误报）</source>
        <translation>Withdraw (false alarm)</translation>
    </message>
    <message>
        <source>不撤销，继续处理</source>
        <translation>Keep the incident</translation>
    </message>
    <message>
        <source>已记下：{text}</source>
        <translation>Noted: {text}</translation>
    </message>
</context>
<context>
    <name>IncidentsFeature</name>
    <message>
        <source>应急</source>
        <translation>Emergency</translation>
    </message>
    <message>
        <source>应急(&amp;E)</source>
        <translation>&amp;Emergency</translation>
    </message>
    <message>
        <source>启动应急向导…</source>
        <translation>Start emergency wizard…</translation>
    </message>
    <message>
        <source>开票系统出问题时，按步骤处理（F9）</source>
        <translation>Step-by-step handling when the invoicing system fails (F9)</translation>
    </message>
    <message>
        <source>开始应急演练…</source>
        <translation>Start emergency drill…</translation>
    </message>
    <message>
        <source>应急预案设置…</source>
        <translation>Emergency plan settings…</translation>
    </message>
    <message>
        <source>事件登记簿</source>
        <translation>Incident log</translation>
    </message>
    <message>
        <source>应急处理中：第{id}号事件（{symptom}），已收集受影响发票 {n} 张。按 F9 继续；误报可在向导中撤销。</source>
        <translation>Emergency in progress: incident {id} ({symptom}), {n} affected invoices collected. Press F9 to continue; a false alarm can be withdrawn in the wizard.</translation>
    </message>
    <message>
        <source>情况待确认</source>
        <translation>To be confirmed</translation>
    </message>
    <message>
        <source>（已逾期）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <source>改进事项未完成：{text}（{owner}，{due}前）{late}</source>
        <translation>Improvement item open: {text} ({owner}, due {due}){late}</translation>
    </message>
    <message>
        <source>还有 {n} 项改进事项未完成。</source>
        <translation>{n} improvement items are still open.</translation>
    </message>
</context>
<context>
    <name>InvoiceDetailDialog</name>
    <message>
        <source>发票详情</source>
        <translation>Invoice details</translation>
    </message>
    <message>
        <source>正在读取发票…</source>
        <translation>Reading the invoice…</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>规格型号</source>
        <translation>Specification</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>单价</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>税率</source>
        <translation>Rate</translation>
    </message>
    <message>
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <source>审计记录</source>
        <translation>Audit history</translation>
    </message>
    <message>
        <source>红冲链</source>
        <translation>Red-flush chain</translation>
    </message>
    <message>
        <source>随附文件：{names}</source>
        <translation>Attached files: {names}</translation>
    </message>
    <message>
        <source>蓝字</source>
        <translation>Blue</translation>
    </message>
    <message>
        <source>红字</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>重开</source>
        <translation>Reissue</translation>
    </message>
    <message>
        <source>{role} {key}（{note}）</source>
        <translation>{role} {key} ({note})</translation>
    </message>
    <message>
        <source>无法读取这张发票。</source>
        <translation>This invoice could not be read.</translation>
    </message>
    <message>
        <source>发票详情 - {number}</source>
        <translation>Invoice details - {number}</translation>
    </message>
    <message>
        <source>红字发票（{status}）</source>
        <translation>Red invoice ({status})</translation>
    </message>
    <message>
        <source>票种</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>发票代码</source>
        <translation>Invoice code</translation>
    </message>
    <message>
        <source>发票号码</source>
        <translation>Invoice number</translation>
    </message>
    <message>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>购买方名称</source>
        <translation>Buyer name</translation>
    </message>
    <message>
        <source>购买方识别号</source>
        <translation>Buyer tax ID</translation>
    </message>
    <message>
        <source>销售方</source>
        <translation>Seller</translation>
    </message>
    <message>
        <source>开票人</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>红冲原因</source>
        <translation>Red-flush reason</translation>
    </message>
    <message>
        <source>作废原因</source>
        <translation>Void reason</translation>
    </message>
    <message>
        <source>合计金额</source>
        <translation>Total amount</translation>
    </message>
    <message>
        <source>合计税额</source>
        <translation>Total tax</translation>
    </message>
    <message>
        <source>价税合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>价税合计（大写）</source>
        <translation>Total in words</translation>
    </message>
</context>
<context>
    <name>InvoiceForm</name>
    <message>
        <source>登记发票</source>
        <translation>Record invoice</translation>
    </message>
    <message>
        <source>数电票20位；税控发票8位</source>
        <translation>20 digits for digital invoices; 8 for legacy ones</translation>
    </message>
    <message>
        <source>个人可不填</source>
        <translation>May be empty for an individual</translation>
    </message>
    <message>
        <source>交付电子发票的邮箱</source>
        <translation>E-mail for delivering the e-invoice</translation>
    </message>
    <message>
        <source>开出后通知顾客</source>
        <translation>Notify the customer once issued</translation>
    </message>
    <message>
        <source>如：今天18点前、明天上午</source>
        <translation>E.g.: today before 18:00, tomorrow morning</translation>
    </message>
    <message>
        <source>含税金额 (Alt+I)</source>
        <translation>Amounts incl. tax (Alt+I)</translation>
    </message>
    <message>
        <source>勾选后，明细里的单价和金额按含税录入，自动拆分金额和税额</source>
        <translation>When ticked, line prices and amounts are entered including tax; amount and tax are split automatically</translation>
    </message>
    <message>
        <source>明细：Tab 逐格录入，最后一格按 Tab 增加一行，在空行上按 Tab 离开明细；Ctrl+D 在当前行下加折扣行</source>
        <translation>Lines: Tab goes to the next cell, adds a line at the end, leaves from an empty line; Ctrl+D adds a discount line</translation>
    </message>
    <message>
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>新建 (Ctrl+N)</source>
        <translation>New (Ctrl+N)</translation>
    </message>
    <message>
        <source>清空 (Esc)</source>
        <translation>Clear (Esc)</translation>
    </message>
    <message>
        <source>票种</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>发票代码</source>
        <translation>Invoice code</translation>
    </message>
    <message>
        <source>发票号码</source>
        <translation>Invoice number</translation>
    </message>
    <message>
        <source>购买方名称</source>
        <translation>Buyer name</translation>
    </message>
    <message>
        <source>购买方识别号</source>
        <translation>Buyer tax ID</translation>
    </message>
    <message>
        <source>地址、电话</source>
        <translation>Address, phone</translation>
    </message>
    <message>
        <source>开户行及账号</source>
        <translation>Bank and account</translation>
    </message>
    <message>
        <source>购买方邮箱</source>
        <translation>Buyer e-mail</translation>
    </message>
    <message>
        <source>顾客手机</source>
        <translation>Customer mobile</translation>
    </message>
    <message>
        <source>承诺开具时间</source>
        <translation>Promised issue time</translation>
    </message>
    <message>
        <source>开票人</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <source>复核人</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>收款人</source>
        <translation>Payee</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>交付电子发票，也用来通知顾客</source>
        <translation>Where the e-invoice goes; also used to tell the customer</translation>
    </message>
    <message>
        <source>停机登记模式：开票系统不可用，本页登记顾客的开票申请（不是发票），系统恢复后再开具。请留下顾客手机或邮箱。</source>
        <translation>Outage mode: the invoicing system is down. This page records customers&apos; invoice requests (not invoices), to be issued once it is back. Please take the customer&apos;s mobile or e-mail.</translation>
    </message>
    <message>
        <source>登记开票申请</source>
        <translation>Record invoice request</translation>
    </message>
    <message>
        <source>正在重开：按红冲前的内容预填，请填入平台重新开出的发票号码，核对后保存。新发票会与红字发票关联。</source>
        <translation>Reissuing: prefilled with the content before the red-flush. Enter the number of the invoice the platform issued again, check, then save. The new invoice is linked to the red invoice.</translation>
    </message>
    <message>
        <source>重开发票</source>
        <translation>Reissue invoice</translation>
    </message>
    <message>
        <source>正在为开票申请 {id}（{buyer}）登记正式发票：填入平台开出的发票号码后保存。</source>
        <translation>Recording the issued invoice for invoice request {id} ({buyer}): enter the number the platform issued, then save.</translation>
    </message>
    <message>
        <source>开具申请的发票</source>
        <translation>Issue requested invoice</translation>
    </message>
    <message>
        <source>清空发票</source>
        <translation>Clear invoice</translation>
    </message>
    <message>
        <source>当前填写的发票还没有保存，要清空吗？</source>
        <translation>This invoice has not been saved. Clear it?</translation>
    </message>
    <message>
        <source>数电票无发票代码</source>
        <translation>Digital invoices have no code</translation>
    </message>
    <message>
        <source>10位或12位数字</source>
        <translation>10 or 12 digits</translation>
    </message>
    <message>
        <source>20位数字，如 26112000000000012345</source>
        <translation>20 digits, e.g. 26112000000000012345</translation>
    </message>
    <message>
        <source>8位数字，如 01234567</source>
        <translation>8 digits, e.g. 01234567</translation>
    </message>
    <message>
        <source>合计金额 {amount}    合计税额 {tax}    价税合计 {total}</source>
        <translation>Amount {amount}    Tax {tax}    Total {total}</translation>
    </message>
    <message>
        <source>大写：{words}</source>
        <translation>In words: {words}</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>服务器暂时连不上：{buyer} 的开票申请已存入本机（待同步 {count} 张），恢复后自动登记。</source>
        <translation>The server cannot be reached: the invoice request for {buyer} is kept on this computer ({count} waiting to sync) and will be recorded when the server is back.</translation>
    </message>
    <message>
        <source>服务器暂时连不上：发票 {number} 已存入本机（待同步 {count} 张），恢复后自动登记并关闭这张开票申请。</source>
        <translation>The server cannot be reached: invoice {number} is kept on this computer ({count} waiting); it will be recorded and this request closed once the server answers.</translation>
    </message>
    <message>
        <source>服务器暂时连不上：发票 {number} 已存入本机（待同步 {count} 张），恢复后自动登记。</source>
        <translation>The server cannot be reached: invoice {number} is kept on this computer ({count} waiting to sync) and will be recorded when the server is back.</translation>
    </message>
    <message>
        <source>发票文件随发票一起存入本机，同步时一并保存。</source>
        <translation>The invoice file is kept on this computer with the invoice and saved with it when it is synchronised.</translation>
    </message>
    <message>
        <source>已登记开票申请 {id}（{buyer}，价税合计 {total}）。系统恢复后在右侧列表开具。</source>
        <translation>Invoice request {id} recorded ({buyer}, total {total}). Issue it from the list on the right once the system is back.</translation>
    </message>
    <message>
        <source>价税合计 {total} 与二维码上的 {expected} 不一致，请核对</source>
        <translation>Total {total} differs from {expected} on the QR code; please check</translation>
    </message>
    <message>
        <source>发票已保存，但文件没能保存：{error}</source>
        <translation>The invoice was saved, but the file could not be saved: {error}</translation>
    </message>
    <message>
        <source>已为开票申请登记发票 {number}，申请已完成。</source>
        <translation>Invoice {number} recorded for the invoice request; the request is done.</translation>
    </message>
    <message>
        <source>已保存发票 {number}，价税合计 {total}。</source>
        <translation>Invoice {number} saved, total {total}.</translation>
    </message>
    <message>
        <source>提示：{text}</source>
        <translation>Note: {text}</translation>
    </message>
    <message>
        <source>打开已登记的这张发票</source>
        <translation>Open this recorded invoice</translation>
    </message>
    <message>
        <source>保存失败：发生意外错误，请查看错误对话框。</source>
        <translation>Not saved: an unexpected error occurred; see the error dialog.</translation>
    </message>
</context>
<context>
    <name>Kind</name>
    <message>
        <source>增值税专用发票</source>
        <translation>Special VAT invoice</translation>
    </message>
    <message>
        <source>机动车销售统一发票</source>
        <translation>Motor vehicle sales invoice</translation>
    </message>
    <message>
        <source>增值税普通发票</source>
        <translation>Ordinary VAT invoice</translation>
    </message>
    <message>
        <source>增值税电子专用发票</source>
        <translation>Electronic special VAT invoice</translation>
    </message>
    <message>
        <source>增值税电子普通发票</source>
        <translation>Electronic ordinary VAT invoice</translation>
    </message>
    <message>
        <source>增值税普通发票（卷式）</source>
        <translation>Ordinary VAT invoice (roll)</translation>
    </message>
    <message>
        <source>道路通行费电子普通发票</source>
        <translation>Electronic road toll invoice</translation>
    </message>
    <message>
        <source>二手车销售统一发票</source>
        <translation>Used vehicle sales invoice</translation>
    </message>
    <message>
        <source>数电票（增值税专用发票）</source>
        <translation>Digital invoice (special VAT)</translation>
    </message>
    <message>
        <source>数电票（普通发票）</source>
        <translation>Digital invoice (ordinary)</translation>
    </message>
    <message>
        <source>数电纸质发票（增值税专用发票）</source>
        <translation>Digital paper invoice (special VAT)</translation>
    </message>
    <message>
        <source>数电纸质发票（普通发票）</source>
        <translation>Digital paper invoice (ordinary)</translation>
    </message>
</context>
<context>
    <name>LedgerCorrections</name>
    <message>
        <source>查看详情和红冲链</source>
        <translation>View details and red-flush chain</translation>
    </message>
    <message>
        <source>更正字段…</source>
        <translation>Correct fields…</translation>
    </message>
    <message>
        <source>作废…</source>
        <translation>Void…</translation>
    </message>
    <message>
        <source>红冲…</source>
        <translation>Red-flush…</translation>
    </message>
    <message>
        <source>为红字发票重开…</source>
        <translation>Reissue for red invoice…</translation>
    </message>
    <message>
        <source>打印登记凭条（PDF）…</source>
        <translation>Print record slip (PDF)…</translation>
    </message>
    <message>
        <source>作废（{why}）</source>
        <translation>Void ({why})</translation>
    </message>
</context>
<context>
    <name>LedgerModel</name>
    <message>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>票种</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>发票代码</source>
        <translation>Invoice code</translation>
    </message>
    <message>
        <source>发票号码</source>
        <translation>Invoice number</translation>
    </message>
    <message>
        <source>购买方名称</source>
        <translation>Buyer name</translation>
    </message>
    <message>
        <source>购买方识别号</source>
        <translation>Buyer tax ID</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <source>价税合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>开票人</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <source>专票</source>
        <translation>Special</translation>
    </message>
    <message>
        <source>机动车票</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <source>普票</source>
        <translation>Ordinary</translation>
    </message>
    <message>
        <source>电子专票</source>
        <translation>E-special</translation>
    </message>
    <message>
        <source>电子普票</source>
        <translation>E-ordinary</translation>
    </message>
    <message>
        <source>卷票</source>
        <translation>Roll</translation>
    </message>
    <message>
        <source>通行费电子票</source>
        <translation>E-toll</translation>
    </message>
    <message>
        <source>二手车票</source>
        <translation>Used vehicle</translation>
    </message>
    <message>
        <source>数电专票</source>
        <translation>Digital special</translation>
    </message>
    <message>
        <source>数电普票</source>
        <translation>Digital ordinary</translation>
    </message>
    <message>
        <source>数电纸质专票</source>
        <translation>Digital paper special</translation>
    </message>
    <message>
        <source>数电纸质普票</source>
        <translation>Digital paper ordinary</translation>
    </message>
    <message>
        <source>红字发票</source>
        <translation>Red invoice</translation>
    </message>
    <message>
        <source>冲销台账第 {id} 号发票；回车查看红冲链</source>
        <translation>Reverses ledger invoice No. {id}; press Enter for the red-flush chain</translation>
    </message>
    <message>
        <source>已被红冲；回车查看红冲链和重开的发票</source>
        <translation>Red-flushed; press Enter for the red-flush chain and the reissued invoice</translation>
    </message>
</context>
<context>
    <name>LedgerPage</name>
    <message>
        <source>搜索发票号码、购买方名称或识别号（Ctrl+F）</source>
        <translation>Search invoice number, buyer name or tax ID (Ctrl+F)</translation>
    </message>
    <message>
        <source>全部期间</source>
        <translation>All periods</translation>
    </message>
    <message>
        <source>期间：</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>共 {count} 张&#x3000;金额 {amount}&#x3000;税额 {tax}&#x3000;价税合计 {total}</source>
        <translation>{count} invoices   Amount {amount}   Tax {tax}   Total {total}</translation>
    </message>
    <message>
        <source>（其中作废 {voided} 张，不计金额）</source>
        <translation> ({voided} voided, not in the sums)</translation>
    </message>
    <message>
        <source>台账还是空的。先做这几件事：</source>
        <translation>The ledger is still empty. First:</translation>
    </message>
</context>
<context>
    <name>LedgerXlsx</name>
    <message>
        <source>发票代码</source>
        <translation>Invoice code</translation>
    </message>
    <message>
        <source>发票号码</source>
        <translation>Invoice number</translation>
    </message>
    <message>
        <source>发票票种</source>
        <translation>Invoice kind</translation>
    </message>
    <message>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>购买方名称</source>
        <translation>Buyer name</translation>
    </message>
    <message>
        <source>购买方识别号</source>
        <translation>Buyer tax ID</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <source>价税合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>发票状态</source>
        <translation>Invoice status</translation>
    </message>
    <message>
        <source>是否正数发票</source>
        <translation>Positive invoice</translation>
    </message>
    <message>
        <source>开票人</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>行号</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>货物或应税劳务名称</source>
        <translation>Goods or taxable services</translation>
    </message>
    <message>
        <source>规格型号</source>
        <translation>Specification</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>单价</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <source>税率</source>
        <translation>Rate</translation>
    </message>
    <message>
        <source>分组</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>张数</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>练习-</source>
        <translation>Practice-</translation>
    </message>
    <message>
        <source>练习台账导出，不是真实记录</source>
        <translation>Exported from the practice ledger, not a real record</translation>
    </message>
    <message>
        <source>发票</source>
        <translation>Invoice</translation>
    </message>
    <message>
        <source>{count} 张（不含作废）</source>
        <translation>{count} invoices (voided excluded)</translation>
    </message>
    <message>
        <source>明细</source>
        <translation>Lines</translation>
    </message>
    <message>
        <source>汇总</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>筛选条件</source>
        <translation>Filters</translation>
    </message>
    <message>
        <source>条件</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>值</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>导出范围</source>
        <translation>Exported</translation>
    </message>
    <message>
        <source>发票张数</source>
        <translation>Invoices</translation>
    </message>
</context>
<context>
    <name>Lesson</name>
    <message>
        <source>柜台开票员</source>
        <translation>Counter staff</translation>
    </message>
    <message>
        <source>会计</source>
        <translation>Bookkeeper</translation>
    </message>
    <message>
        <source>柜台：登记数电票、停机登记与补开</source>
        <translation>Counter: record a digital invoice, an outage request and its later invoice</translation>
    </message>
    <message>
        <source>只用键盘登记一张有两行明细的数电票</source>
        <translation>Record a digital invoice (数电票) with two lines, by keyboard alone</translation>
    </message>
    <message>
        <source>打开停机登记，记下一位顾客的开票申请</source>
        <translation>Switch on outage mode and write down a customer&apos;s invoice request</translation>
    </message>
    <message>
        <source>平台恢复后，把这条申请补开为发票（填入号码）</source>
        <translation>When the platform is back, turn that request into its invoice (type the number)</translation>
    </message>
    <message>
        <source>柜台：用买方名称的两个字找到发票并登记查验结果</source>
        <translation>Counter: find an invoice from two characters of the buyer&apos;s name and record a verification result</translation>
    </message>
    <message>
        <source>在查验页输入买方名称的两个字找到一张发票，登记查验结果</source>
        <translation>In Find invoices, type two characters of a buyer&apos;s name, pick an invoice and record its verification result</translation>
    </message>
    <message>
        <source>再为另一张发票登记一次查验结果</source>
        <translation>Record a verification result for a second invoice</translation>
    </message>
    <message>
        <source>会计：红冲一张发票并重开</source>
        <translation>Bookkeeper: red-flush an invoice and reissue it</translation>
    </message>
    <message>
        <source>在台账中选一张发票，登记全额红冲（写明原因）</source>
        <translation>Pick an invoice in the ledger and record a full red-flush (with its reason)</translation>
    </message>
    <message>
        <source>为这张被红冲的发票登记重开的新发票</source>
        <translation>Record the new invoice that reissues the red-flushed one</translation>
    </message>
    <message>
        <source>柜台：顾客说发票查不到，建工单并交付</source>
        <translation>Counter: a customer says the invoice cannot be found — open a case and deliver</translation>
    </message>
    <message>
        <source>在客户工单页为这位顾客建一张工单（留下联系方式）</source>
        <translation>On the Customer cases page, open a case for this customer (with a way to reach them)</translation>
    </message>
    <message>
        <source>按工单步骤查找、处理，直到交付给顾客</source>
        <translation>Follow the case&apos;s steps — check, handle — until it is delivered to the customer</translation>
    </message>
    <message>
        <source>会计：与平台导出对账，处理三处差异</source>
        <translation>Bookkeeper: reconcile with the platform export and resolve three differences</translation>
    </message>
    <message>
        <source>在对账核验页导入练习文件夹里的“练习-平台导出”文件并开始对账</source>
        <translation>On the Reconciliation page, import the “练习-平台导出” file from the practice folder and reconcile</translation>
    </message>
    <message>
        <source>逐条处理三处差异（暂缓处理不算）</source>
        <translation>Resolve the three differences one by one (postponing does not count)</translation>
    </message>
    <message>
        <source>演练：按停机应急向导走完一次演练</source>
        <translation>Drill: walk the outage incident wizard through a drill</translation>
    </message>
    <message>
        <source>打开停机应急向导，选择“演练”开始</source>
        <translation>Open the incident wizard and start it as a drill</translation>
    </message>
    <message>
        <source>按向导走完每一步，直到结束演练</source>
        <translation>Follow every step of the wizard until the drill is closed</translation>
    </message>
    <message>
        <source>演练：备份并做一次恢复演练</source>
        <translation>Drill: make a backup and run a restore drill</translation>
    </message>
    <message>
        <source>在备份页添加一个备份位置并立即备份</source>
        <translation>On the Backups page, add a backup place and back up now</translation>
    </message>
    <message>
        <source>做一次恢复演练，校验通过</source>
        <translation>Run a restore drill that passes</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>开始课程</source>
        <translation>Start lesson</translation>
    </message>
    <message>
        <source>岗位</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>课程</source>
        <translation>Lesson</translation>
    </message>
    <message>
        <source>还没有开始课程。课程只能在练习模式中进行。</source>
        <translation>No lesson started yet. Lessons run in practice mode only.</translation>
    </message>
    <message>
        <source>完成课程</source>
        <translation>Complete lesson</translation>
    </message>
    <message>
        <source>放弃</source>
        <translation>Abandon</translation>
    </message>
    <message>
        <source>课程完成，已记入培训登记（用时 {minutes} 分 {seconds} 秒）。</source>
        <translation>Lesson completed and entered in the training register (time taken {minutes} min {seconds} s).</translation>
    </message>
    <message>
        <source>已完成 {done}/{total} 步</source>
        <translation>{done}/{total} steps done</translation>
    </message>
    <message>
        <source>全部完成，请按“完成课程”。</source>
        <translation>All done: press “Complete lesson”.</translation>
    </message>
</context>
<context>
    <name>LinesTable</name>
    <message>
        <source>第{row}行{field}：{text}</source>
        <translation>Line {row}, {field}: {text}</translation>
    </message>
    <message>
        <source>按 ↓ 从最近用过的项目中选择</source>
        <translation>Press ↓ to pick from recently used items</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>规格型号</source>
        <translation>Specification</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>单价</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>税率</source>
        <translation>Rate</translation>
    </message>
    <message>
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <source>折扣行：金额填负数</source>
        <translation>Discount line: enter a negative amount</translation>
    </message>
    <message>
        <source>含税单价</source>
        <translation>Unit price incl. tax</translation>
    </message>
    <message>
        <source>含税金额</source>
        <translation>Amount incl. tax</translation>
    </message>
</context>
<context>
    <name>MailSettingsDialog</name>
    <message>
        <source>邮箱设置</source>
        <translation>Mailbox settings</translation>
    </message>
    <message>
        <source>SSL（端口 465）</source>
        <translation>SSL (port 465)</translation>
    </message>
    <message>
        <source>STARTTLS（端口 587）</source>
        <translation>STARTTLS (port 587)</translation>
    </message>
    <message>
        <source>授权码；留空则保留已保存的</source>
        <translation>Authorisation code; leave empty to keep the saved one</translation>
    </message>
    <message>
        <source>自建邮件服务器的证书（一般不用填）</source>
        <translation>A self-hosted mail server&apos;s certificate (usually empty)</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>发信服务器</source>
        <translation>SMTP server</translation>
    </message>
    <message>
        <source>加密方式</source>
        <translation>Encryption</translation>
    </message>
    <message>
        <source>端口</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>邮箱账号</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>密码（授权码）</source>
        <translation>Password (authorisation code)</translation>
    </message>
    <message>
        <source>发件人名称</source>
        <translation>Sender name</translation>
    </message>
    <message>
        <source>证书</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>密码保存在系统钥匙串中，不写入数据库。</source>
        <translation>The password is kept in the system&apos;s keyring, not in the database.</translation>
    </message>
    <message>
        <source>选择证书</source>
        <translation>Choose certificate</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>发票台账助手</source>
        <translation>InvoiceDesk</translation>
    </message>
    <message>
        <source>台账</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <source>正在读取台账…</source>
        <translation>Reading the ledger…</translation>
    </message>
    <message>
        <source>数据库：{path}</source>
        <translation>Database: {path}</translation>
    </message>
    <message>
        <source>登记发票</source>
        <translation>Record invoice</translation>
    </message>
    <message>
        <source>登记一张已开具的发票（Ctrl+N）</source>
        <translation>Record an invoice that was issued (Ctrl+N)</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>重新读取台账（F5）</source>
        <translation>Read the ledger again (F5)</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>发票(&amp;I)</source>
        <translation>&amp;Invoices</translation>
    </message>
    <message>
        <source>设置(&amp;S)</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>使用帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>关于发票台账助手</source>
        <translation>About InvoiceDesk</translation>
    </message>
    <message>
        <source>已登记一张发票</source>
        <translation>Invoice recorded</translation>
    </message>
    <message>
        <source>界面语言将在重新启动发票台账助手后生效。</source>
        <translation>The language changes when InvoiceDesk is started again.</translation>
    </message>
    <message>
        <source>发票台账助手 {version}

本店已开具发票的台账。正式发票请在电子发票服务平台开具。</source>
        <translation>InvoiceDesk {version}

The shop’s ledger of the invoices it has issued. Official invoices are issued on the national e-invoice platform.</translation>
    </message>
    <message>
        <source>登记发票窗口里还有没保存的内容，确定要退出吗？</source>
        <translation>The invoice form has unsaved input. Quit anyway?</translation>
    </message>
</context>
<context>
    <name>Maintenance</name>
    <message>
        <source>立即维护数据库</source>
        <translation>Maintain the database now</translation>
    </message>
    <message>
        <source>正在维护数据库，可以照常使用…</source>
        <translation>Maintaining the database; you can keep working…</translation>
    </message>
    <message>
        <source>数据库维护完成，用时 {seconds} 秒</source>
        <translation>Database maintenance done in {seconds} s</translation>
    </message>
    <message>
        <source>更新统计信息</source>
        <translation>Statistics updated</translation>
    </message>
    <message>
        <source>整理搜索索引</source>
        <translation>Search index merged</translation>
    </message>
    <message>
        <source>写入日志归档并清空</source>
        <translation>Write-ahead log logged and emptied</translation>
    </message>
    <message>
        <source>整理表并更新统计信息</source>
        <translation>Tables vacuumed and analysed</translation>
    </message>
    <message>
        <source>有人正在录入，维护推迟到下次</source>
        <translation>Someone is recording: maintenance postponed to the next time</translation>
    </message>
</context>
<context>
    <name>MonthEnd</name>
    <message>
        <source>锁定后：{status}</source>
        <translation>After locking: {status}</translation>
    </message>
    <message>
        <source>红字发票</source>
        <translation>Red invoice</translation>
    </message>
    <message>
        <source>多种税率</source>
        <translation>Several rates</translation>
    </message>
    <message>
        <source>{locked}（{after}）</source>
        <translation>{locked} ({after})</translation>
    </message>
    <message>
        <source>筛选结果</source>
        <translation>Filter results</translation>
    </message>
    <message>
        <source>按票种</source>
        <translation>By kind</translation>
    </message>
    <message>
        <source>按税率</source>
        <translation>By tax rate</translation>
    </message>
    <message>
        <source>按状态</source>
        <translation>By status</translation>
    </message>
    <message>
        <source>红冲与作废</source>
        <translation>Red-flushes and voids</translation>
    </message>
    <message>
        <source>锁定后的变化</source>
        <translation>Changes after locking</translation>
    </message>
</context>
<context>
    <name>MonthEndFeature</name>
    <message>
        <source>月结</source>
        <translation>Month-end</translation>
    </message>
    <message>
        <source>趋势</source>
        <translation>Trends</translation>
    </message>
    <message>
        <source>这一功能尚未安装。</source>
        <translation>This feature is not installed.</translation>
    </message>
    <message>
        <source>台账正显示：{what}（修改搜索或期间即恢复普通列表）</source>
        <translation>Ledger shows: {what} (change the search or period to return to the normal list)</translation>
    </message>
    <message>
        <source>月结(&amp;M)</source>
        <translation>&amp;Month-end</translation>
    </message>
    <message>
        <source>月结与锁定</source>
        <translation>Month-end and lock</translation>
    </message>
    <message>
        <source>开票趋势</source>
        <translation>Invoicing trends</translation>
    </message>
    <message>
        <source>导出当前台账列表到 Excel…</source>
        <translation>Export current ledger list to Excel…</translation>
    </message>
    <message>
        <source>只导出台账当前显示的发票，筛选条件写在第二张工作表</source>
        <translation>Exports only the invoices the ledger shows now; the filters go on the second sheet</translation>
    </message>
    <message>
        <source>导出当前列表</source>
        <translation>Export current list</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>MonthPack</name>
    <message>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>对账功能尚未安装：本期没有对账报告。</source>
        <translation>Reconciliation is not installed: no reconciliation report for this period.</translation>
    </message>
    <message>
        <source>本期尚未与平台导出对账。</source>
        <translation>This period has not been reconciled with a platform export yet.</translation>
    </message>
    <message>
        <source>本期没有审计记录。</source>
        <translation>No audit records for this period.</translation>
    </message>
    <message>
        <source>本期没有客户工单。</source>
        <translation>No customer cases in this period.</translation>
    </message>
    <message>
        <source>还没有培训记录。</source>
        <translation>No training recorded yet.</translation>
    </message>
</context>
<context>
    <name>MonthPage</name>
    <message>
        <source>正在导出到 {name}…</source>
        <translation>Exporting to {name}…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在导出到 {name}：{done:,} / {total:,} 张</source>
        <translation>Exporting to {name}: {done:,} / {total:,} invoices</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>已导出 {count:,} 张发票：
{path}</source>
        <translation>Exported {count:,} invoices:
{path}</translation>
    </message>
    <message>
        <source>导出完成</source>
        <translation>Export finished</translation>
    </message>
    <message>
        <source>导出已取消，没有留下文件。</source>
        <translation>Export cancelled; no file was left behind.</translation>
    </message>
    <message>
        <source>导出失败：{reason}</source>
        <translation>Export failed: {reason}</translation>
    </message>
    <message>
        <source>期间(&amp;P)：</source>
        <translation>&amp;Period:</translation>
    </message>
    <message>
        <source>重新筛查 (F5)</source>
        <translation>Screen again (F5)</translation>
    </message>
    <message>
        <source>填写说明…</source>
        <translation>Add explanation…</translation>
    </message>
    <message>
        <source>查看发票</source>
        <translation>View invoices</translation>
    </message>
    <message>
        <source>锁定本月…</source>
        <translation>Lock this month…</translation>
    </message>
    <message>
        <source>解锁…</source>
        <translation>Unlock…</translation>
    </message>
    <message>
        <source>导出台账 Excel…</source>
        <translation>Export ledger to Excel…</translation>
    </message>
    <message>
        <source>导出月度报告 PDF…</source>
        <translation>Export monthly report PDF…</translation>
    </message>
    <message>
        <source>导出会计资料包…</source>
        <translation>Export accounting pack…</translation>
    </message>
    <message>
        <source>附培训登记</source>
        <translation>Include the training register</translation>
    </message>
    <message>
        <source>会计资料包里附上员工培训登记（谁完成了哪门课程、何时该复训）</source>
        <translation>Put the staff training register into the accounting pack (who completed which lesson, when a refresher is due)</translation>
    </message>
    <message>
        <source>筛查结果全部更正或填写说明后才能锁定（Ctrl+L）</source>
        <translation>Locking needs every screening result corrected or explained (Ctrl+L)</translation>
    </message>
    <message>
        <source>本月汇总（回车查看对应发票）</source>
        <translation>Month summary (Enter shows the invoices)</translation>
    </message>
    <message>
        <source>锁定前筛查</source>
        <translation>Screening before lock</translation>
    </message>
    <message>
        <source>正在汇总和筛查 {period}…</source>
        <translation>Summarising and screening {period}…</translation>
    </message>
    <message>
        <source>{period}：共 {count} 张&#x3000;金额 {amount}&#x3000;税额 {tax}&#x3000;价税合计 {total}</source>
        <translation>{period}: {count} invoices   Amount {amount}   Tax {tax}   Total {total}</translation>
    </message>
    <message>
        <source>已锁定：{at} 由 {by} 锁定（{note}）</source>
        <translation>Locked: {at} by {by} ({note})</translation>
    </message>
    <message>
        <source>未锁定</source>
        <translation>Not locked</translation>
    </message>
    <message>
        <source>筛查未发现问题，可以锁定。</source>
        <translation>Screening found no problems; the month can be locked.</translation>
    </message>
    <message>
        <source>发现 {count} 条，{open} 条未处理：请更正发票，或选中一条按“填写说明”接受它。</source>
        <translation>{count} found, {open} not handled: correct the invoice, or select one and click “Add explanation” to accept it.</translation>
    </message>
    <message>
        <source>{count} 条筛查结果都已填写说明，可以锁定。</source>
        <translation>All {count} screening results are explained; the month can be locked.</translation>
    </message>
    <message>
        <source>本月已锁定：不能再登记或更正该月的发票。如需更改，请先解锁（须填写原因）。</source>
        <translation>This month is locked: its invoices cannot be recorded or corrected. To change anything, unlock it first (a reason is required).</translation>
    </message>
    <message>
        <source>（对账功能未安装：未检查“未对账”）</source>
        <translation> (reconciliation not installed: “not reconciled” was not checked)</translation>
    </message>
    <message>
        <source>按票种</source>
        <translation>By kind</translation>
    </message>
    <message>
        <source>按税率</source>
        <translation>By tax rate</translation>
    </message>
    <message>
        <source>按状态</source>
        <translation>By status</translation>
    </message>
    <message>
        <source>红冲与作废</source>
        <translation>Red-flushes and voids</translation>
    </message>
    <message>
        <source>锁定后的变化</source>
        <translation>After lock</translation>
    </message>
    <message>
        <source>待办</source>
        <translation>To do</translation>
    </message>
    <message>
        <source>未开票的开票申请</source>
        <translation>Invoice requests not yet issued</translation>
    </message>
    <message>
        <source>未解决的对账差异</source>
        <translation>Unresolved reconciliation differences</translation>
    </message>
    <message>
        <source>请先在筛查结果中选中一条。</source>
        <translation>Select a screening result first.</translation>
    </message>
    <message>
        <source>填写说明</source>
        <translation>Add explanation</translation>
    </message>
    <message>
        <source>为什么可以接受这条结果？
{text}</source>
        <translation>Why is this result acceptable?
{text}</translation>
    </message>
    <message>
        <source>锁定 {period}</source>
        <translation>Lock {period}</translation>
    </message>
    <message>
        <source>锁定后该月不能再登记或更正发票。请填写锁定说明（例如“十月结账”）：</source>
        <translation>After locking, no invoice of this month can be recorded or corrected. Enter a lock note (e.g. “October close”):</translation>
    </message>
    <message>
        <source>{period} 结账</source>
        <translation>{period} close</translation>
    </message>
    <message>
        <source>解锁 {period}</source>
        <translation>Unlock {period}</translation>
    </message>
    <message>
        <source>解锁会记入审计日志。请填写原因：</source>
        <translation>Unlocking is written to the audit log. Enter the reason:</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>ZIP 压缩包 (*.zip)</source>
        <translation>ZIP archive (*.zip)</translation>
    </message>
    <message>
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>全部期间</source>
        <translation>All periods</translation>
    </message>
    <message>
        <source>票种</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>指定发票</source>
        <translation>Selected invoices</translation>
    </message>
    <message>
        <source>{count} 张</source>
        <translation>{count} invoices</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>导出日期</source>
        <translation>Export date</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
</context>
<context>
    <name>MonthPdf</name>
    <message>
        <source>张数</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <source>价税合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>预测（虚线）</source>
        <translation>Forecast (dashed)</translation>
    </message>
    <message>
        <source>万元</source>
        <translation>¥10k</translation>
    </message>
    <message>
        <source>{year}年{month}月 发票台账月度报告</source>
        <translation>Invoice ledger monthly report {year}-{month}</translation>
    </message>
    <message>
        <source>【练习】{title}（练习台账，不是真实记录）</source>
        <translation>[PRACTICE] {title} (practice ledger, not a real record)</translation>
    </message>
    <message>
        <source>单位：{company}&#x3000;&#x3000;纳税人识别号：{tax_id}&#x3000;&#x3000;期间：{period}&#x3000;&#x3000;编制日期：{today}</source>
        <translation>Company: {company} · Taxpayer ID: {tax_id} · Period: {period} · Prepared: {today}</translation>
    </message>
    <message>
        <source>本月已于 {at} 由 {by} 锁定。{note}</source>
        <translation>This month was locked on {at} by {by}. {note}</translation>
    </message>
    <message>
        <source>本月尚未锁定：数字在锁定前仍可能变化。</source>
        <translation>This month is not locked yet: the figures may still change.</translation>
    </message>
    <message>
        <source>一、本月汇总（不含作废发票的金额）</source>
        <translation>1. Month summary (amounts exclude voided invoices)</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>票种</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>状态（张数含作废）</source>
        <translation>Status (counts include voided)</translation>
    </message>
    <message>
        <source>红冲与作废</source>
        <translation>Red-flushes and voids</translation>
    </message>
    <message>
        <source>锁定后的变化（不计入上表）</source>
        <translation>Changes after locking (not counted above)</translation>
    </message>
    <message>
        <source>二、税率明细（按发票明细行）</source>
        <translation>2. By tax rate (from invoice lines)</translation>
    </message>
    <message>
        <source>税率</source>
        <translation>Rate</translation>
    </message>
    <message>
        <source>三、对账与待办</source>
        <translation>3. Reconciliation and open items</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>与平台导出对账</source>
        <translation>Reconciled with the platform export</translation>
    </message>
    <message>
        <source>已完成（{at}）</source>
        <translation>Done ({at})</translation>
    </message>
    <message>
        <source>未完成（{sessions} 次对账）</source>
        <translation>Not done ({sessions} sessions)</translation>
    </message>
    <message>
        <source>未解决的对账差异</source>
        <translation>Unresolved reconciliation differences</translation>
    </message>
    <message>
        <source>未开票的开票申请</source>
        <translation>Invoice requests not yet issued</translation>
    </message>
    <message>
        <source>四、锁定前筛查</source>
        <translation>4. Screening before locking</translation>
    </message>
    <message>
        <source>筛查未发现问题。</source>
        <translation>Screening found no problems.</translation>
    </message>
    <message>
        <source>共 {count} 条，其中 {open} 条尚未处理。</source>
        <translation>{count} findings, {open} still open.</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>处理</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>{note}（{by}）</source>
        <translation>{note} ({by})</translation>
    </message>
    <message>
        <source>未处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>另有 {more} 条未列出，见程序中的月结页面。</source>
        <translation>{more} more not listed: see the month-end page in the app.</translation>
    </message>
    <message>
        <source>五、开票趋势（价税合计，按票种）</source>
        <translation>5. Invoicing trend (total incl. tax, by kind)</translation>
    </message>
    <message>
        <source>预测（{method}）：{values}。回测平均绝对误差 {mae}，平均百分比误差 {mape}（基于 {points} 个回测点）。预测仅供参考。</source>
        <translation>Forecast ({method}): {values}. Back-test mean absolute error {mae}, mean percentage error {mape} (from {points} back-test points). The forecast is a guide only.</translation>
    </message>
    <message>
        <source>历史不足三个月，暂不预测。</source>
        <translation>Less than three months of history: no forecast yet.</translation>
    </message>
    <message>
        <source>没有历史数据。</source>
        <translation>No history.</translation>
    </message>
    <message>
        <source>制表人：{name}</source>
        <translation>Prepared by: {name}</translation>
    </message>
    <message>
        <source>复核人：{name}</source>
        <translation>Checked by: {name}</translation>
    </message>
    <message>
        <source>日期：＿＿＿＿＿＿</source>
        <translation>Date: ______</translation>
    </message>
    <message>
        <source>审计链锚点：第 {seq} 条，哈希 {hash}。日后运行“审计校验”时，该条的哈希应与此一致。</source>
        <translation>Audit chain anchor: entry {seq}, hash {hash}. When the audit is verified later, that entry&apos;s hash must still be this one.</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <source>新建客户工单</source>
        <translation>New customer case</translation>
    </message>
    <message>
        <source>例如：王女士、小米科技财务</source>
        <translation>e.g. Ms Wang, Xiaomi accounts</translation>
    </message>
    <message>
        <source>微信号或其他联系方式</source>
        <translation>WeChat ID or another contact</translation>
    </message>
    <message>
        <source>客户的原话，例如：说发票在系统里查不到</source>
        <translation>The customer&apos;s words, e.g. says the invoice cannot be found in the system</translation>
    </message>
    <message>
        <source>已向客户承诺</source>
        <translation>Promised to the customer</translation>
    </message>
    <message>
        <source>发票号码（可留空，多个用逗号分隔；核实时也可关联）</source>
        <translation>Invoice numbers (optional, separated by commas; can also be linked later)</translation>
    </message>
    <message>
        <source>建立工单（Ctrl+S）</source>
        <translation>Open case (Ctrl+S)</translation>
    </message>
    <message>
        <source>关闭（保留草稿）</source>
        <translation>Close (keep draft)</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>邮箱</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>微信/其他</source>
        <translation>WeChat/other</translation>
    </message>
    <message>
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>客户反映</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>承诺时间</source>
        <translation>Promised</translation>
    </message>
    <message>
        <source>相关发票</source>
        <translation>Invoices</translation>
    </message>
</context>
<context>
    <name>NotifyPage</name>
    <message>
        <source>已通知负责人</source>
        <translation>Owner notified</translation>
    </message>
    <message>
        <source>请拨打 {phone}</source>
        <translation>Please call {phone}</translation>
    </message>
    <message>
        <source>预案中没有负责人电话：请填写您通知的人和电话</source>
        <translation>The plan has no phone number for the owner: enter whom you notified and their number</translation>
    </message>
    <message>
        <source>例如：已接通，负责人马上到店</source>
        <translation>E.g.: got through, the owner is coming to the shop</translation>
    </message>
    <message>
        <source>通知了谁</source>
        <translation>Who was notified</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>OutagePage</name>
    <message>
        <source>演练：记录“已切换”</source>
        <translation>Drill: record “switched”</translation>
    </message>
    <message>
        <source>切换到手工登记</source>
        <translation>Switch to manual recording</translation>
    </message>
    <message>
        <source>切换后，所有柜台都会显示“停机登记中”，收银员改为登记开票申请。</source>
        <translation>After switching, every counter shows “Outage mode on” and cashiers record invoice requests instead.</translation>
    </message>
</context>
<context>
    <name>OutboxFeature</name>
    <message>
        <source>处理冲突…</source>
        <translation>Resolve conflicts…</translation>
    </message>
    <message>
        <source>连不上台账服务器：开票台照常登记，发票和开票申请先存在本机（待同步 {count} 张），服务器恢复后自动按顺序登记。</source>
        <translation>Cannot reach the ledger server: keep recording at the counter. Invoices and requests are kept on this computer ({count} waiting to sync) and recorded in order when the server is back.</translation>
    </message>
    <message>
        <source>{count} 张待同步发票的号码已被别人登记，未能同步，请处理。</source>
        <translation>{count} waiting invoices could not sync because someone else recorded their numbers: please resolve them.</translation>
    </message>
    <message>
        <source>另有 {count} 张冲突待处理。</source>
        <translation>{count} more conflicts to resolve.</translation>
    </message>
    <message>
        <source>连不上台账服务器：这一页要读取台账，服务器恢复后自动显示。
开票台照常登记，发票和开票申请先存在本机。</source>
        <translation>Cannot reach the ledger server: this page reads the ledger and will show once the server answers.
The counter works as usual; invoices and requests are kept on this computer meanwhile.</translation>
    </message>
    <message>
        <source>待同步发票的冲突</source>
        <translation>Conflicts of waiting invoices</translation>
    </message>
    <message>
        <source>改号重新登记…</source>
        <translation>Record again under another number…</translation>
    </message>
    <message>
        <source>放弃这张</source>
        <translation>Give up this one</translation>
    </message>
    <message>
        <source>这些发票在断网期间登记，同步时台账中已有同号发票。请核对纸质发票：号码输错了就改号重新登记；确是同一张就放弃。</source>
        <translation>These invoices were recorded while the server was gone, and the ledger already had invoices with the same numbers when they synced. Check the paper invoices: if a number was typed wrong, record it again under the right one; if it is the same invoice, give it up.</translation>
    </message>
    <message>
        <source>{number}  {buyer}  {total}  （{who} 存于 {at}）
原因：{reason}</source>
        <translation>{number}  {buyer}  {total}  (kept by {who} at {at})
Reason: {reason}</translation>
    </message>
    <message>
        <source>改号重新登记</source>
        <translation>Record again under another number</translation>
    </message>
    <message>
        <source>纸质发票上的号码：</source>
        <translation>Number on the paper invoice:</translation>
    </message>
    <message>
        <source>已放弃；服务器恢复后记入审计日志</source>
        <translation>Given up; written to the audit log once the server answers</translation>
    </message>
    <message>
        <source>服务器已恢复：已同步 {count} 张</source>
        <translation>The server is back: {count} synced</translation>
    </message>
    <message>
        <source>台账服务器未连接：合计待连上后显示</source>
        <translation>Ledger server not connected: totals will show once it answers</translation>
    </message>
    <message>
        <source>待同步 {count} 张</source>
        <translation>{count} waiting to sync</translation>
    </message>
</context>
<context>
    <name>Pdf</name>
    <message>
        <source>第 {page} 页 / 共 {pages} 页</source>
        <translation>Page {page} of {pages}</translation>
    </message>
</context>
<context>
    <name>Plan</name>
    <message>
        <source>负责人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>收集人</source>
        <translation>Collector</translation>
    </message>
    <message>
        <source>对外联络人</source>
        <translation>External contact</translation>
    </message>
    <message>
        <source>技术联系人</source>
        <translation>Technical contact</translation>
    </message>
    <message>
        <source>技术支持热线</source>
        <translation>Technical support hotline</translation>
    </message>
    <message>
        <source>纳税服务热线</source>
        <translation>Taxpayer service hotline</translation>
    </message>
    <message>
        <source>主管税务机关</source>
        <translation>Competent tax office</translation>
    </message>
    <message>
        <source>发生了什么</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>选出您看到的情况。不要慌，按步骤来，每一步都会记下来。</source>
        <translation>Choose what you see. Don&apos;t panic: go step by step; every step is recorded.</translation>
    </message>
    <message>
        <source>核实客户说找不到的发票</source>
        <translation>Check the invoice the customer cannot find</translation>
    </message>
    <message>
        <source>先核对客户说找不到的发票：发票号码、开具日期、金额。在台账中找到它，标记为“客户反映查不到”。</source>
        <translation>First check the invoice the customer cannot find: number, issue date, amount. Find it in the ledger and mark it “customer cannot find”.</translation>
    </message>
    <message>
        <source>确认系统是否真的出了问题</source>
        <translation>Confirm the system really has a problem</translation>
    </message>
    <message>
        <source>点“开始检查”。再打开电子发票服务平台和税务局官网，看有没有系统维护或故障的通知。</source>
        <translation>Click “Start checks”. Then open the e-invoice service platform and the tax bureau website and look for maintenance or outage notices.</translation>
    </message>
    <message>
        <source>启动应急预案</source>
        <translation>Activate emergency plan</translation>
    </message>
    <message>
        <source>确认情况属实：选择严重程度，记下发生时间，启动应急预案。</source>
        <translation>The problem is real: choose the severity, note when it started, and activate the emergency plan.</translation>
    </message>
    <message>
        <source>柜台改为手工登记</source>
        <translation>Counter switches to manual recording</translation>
    </message>
    <message>
        <source>把柜台切换到停机登记模式：客户要发票时，先登记开票信息和联系方式，系统恢复后再开具。</source>
        <translation>Switch the counter to outage mode: when a customer asks for an invoice, record the invoice details and contact first, and issue it once the system is back.</translation>
    </message>
    <message>
        <source>通知负责人</source>
        <translation>Notify the owner</translation>
    </message>
    <message>
        <source>马上给负责人打电话，说明发生了什么、从什么时候开始。</source>
        <translation>Call the owner right away: say what happened and since when.</translation>
    </message>
    <message>
        <source>收集受影响的发票</source>
        <translation>Collect affected invoices</translation>
    </message>
    <message>
        <source>按时间段从台账中选出受影响的发票，加上停机期间登记的开票申请，以及客户反映查不到的发票。</source>
        <translation>Pick the affected invoices from the ledger by time range, plus the invoice requests recorded during the outage and the invoices customers cannot find.</translation>
    </message>
    <message>
        <source>联系客户并致歉</source>
        <translation>Contact customers and apologise</translation>
    </message>
    <message>
        <source>逐个联系受影响的客户：先核对客户身份，真诚致歉，说明何时能拿到发票、如何下载电子发票。每联系一位就记一笔。</source>
        <translation>Contact each affected customer: confirm who they are, apologise sincerely, and say when they will get the invoice and how to download the e-invoice. Log each contact.</translation>
    </message>
    <message>
        <source>报告税务机关</source>
        <translation>Report to the tax office</translation>
    </message>
    <message>
        <source>拨打主管税务机关或12366，照着下面的摘要说明情况，记下接听人和答复。</source>
        <translation>Call the competent tax office or 12366, explain using the summary below, and note who answered and what they said.</translation>
    </message>
    <message>
        <source>系统恢复后补开和复核</source>
        <translation>Issue and recheck after recovery</translation>
    </message>
    <message>
        <source>系统恢复后：把登记的开票申请逐一开成发票，并复核每张受影响的发票都能在系统中查到。</source>
        <translation>Once the system is back: issue each recorded invoice request as an invoice, and recheck that every affected invoice can be found in the system.</translation>
    </message>
    <message>
        <source>总结经验并结案</source>
        <translation>Review and close</translation>
    </message>
    <message>
        <source>写下原因、处理办法和经验教训，安排后续改进事项（谁负责、何时完成）。</source>
        <translation>Write down the cause, the resolution and the lessons learned, and plan follow-up improvements (who, and by when).</translation>
    </message>
    <message>
        <source>无法登录开票系统</source>
        <translation>Cannot log in to the invoicing system</translation>
    </message>
    <message>
        <source>能登录，但开不出发票</source>
        <translation>Can log in, but cannot issue invoices</translation>
    </message>
    <message>
        <source>发票已开出，但系统里查不到</source>
        <translation>Invoice issued, but not found in the system</translation>
    </message>
    <message>
        <source>网络断了</source>
        <translation>Network down</translation>
    </message>
    <message>
        <source>电脑、打印机或税控设备故障</source>
        <translation>Computer, printer or tax device failure</translation>
    </message>
    <message>
        <source>其他情况</source>
        <translation>Something else</translation>
    </message>
    <message>
        <source>一般（个别发票受影响）</source>
        <translation>Minor (a few invoices affected)</translation>
    </message>
    <message>
        <source>严重（柜台无法开票）</source>
        <translation>Serious (counter cannot issue invoices)</translation>
    </message>
    <message>
        <source>紧急（大量发票丢失或查不到）</source>
        <translation>Critical (many invoices lost or not found)</translation>
    </message>
    <message>
        <source>看官方通知：电子发票服务平台首页公告、国家税务总局及本地税务局网站的“通知公告”，或拨打12366询问是否正在维护。如正在维护，耐心等待恢复，期间保存好开票记录。</source>
        <translation>Check official notices: the announcements on the e-invoice service platform home page, the “Notices” on the State Taxation Administration and local tax bureau websites, or call 12366 to ask about maintenance. If it is maintenance, wait patiently for recovery and keep records of the invoicing meanwhile.</translation>
    </message>
    <message>
        <source>{buyer}您好，我是{shop}的{sender}。我们深感抱歉给您带来了困扰，对此我们深表遗憾。</source>
        <translation>Hello {buyer}, this is {sender} from {shop}. We are very sorry for the trouble this has caused you.</translation>
    </message>
    <message>
        <source>由于开票系统异常，您的发票（{detail}）暂时无法在系统中查询或开具。</source>
        <translation>Because of a fault in the invoicing system, your invoice ({detail}) cannot be looked up or issued at the moment.</translation>
    </message>
    <message>
        <source>我们会在系统恢复后第一时间为您开具或重新交付，预计{promise}完成，届时电话或邮件通知您查收。</source>
        <translation>We will issue or deliver it again as soon as the system is back, expected by {promise}, and will let you know by phone or e-mail.</translation>
    </message>
    <message>
        <source>电子发票开具后，您可以登录电子发票服务平台或个人所得税App的“发票查询”下载，也可以回复您的邮箱，我们直接发送给您。如有问题请拨打{phone}。</source>
        <translation>Once the e-invoice is issued, you can download it under “Invoice query” on the e-invoice service platform or in the Individual Income Tax app, or reply with your e-mail address and we will send it to you. If you have questions, please call {phone}.</translation>
    </message>
    <message>
        <source>您好，我是{shop}（纳税人识别号{tax_id}）的{caller}。本店于{declared_at}发现开票系统异常：{symptom}。目前受影响的发票{invoices}张、待开票申请{requests}笔，涉及客户{buyers}位。{done}请问我们还需要办理哪些手续？</source>
        <translation>Hello, this is {caller} from {shop} (taxpayer ID {tax_id}). At {declared_at} we found a fault in the invoicing system: {symptom}. So far {invoices} invoices and {requests} pending invoice requests are affected, involving {buyers} customers. {done}What further procedures do we need to complete?</translation>
    </message>
    <message>
        <source>柜台已改为手工登记开票申请。</source>
        <translation>The counter has switched to recording invoice requests by hand. </translation>
    </message>
    <message>
        <source>受影响的{n}位客户已逐一通知。</source>
        <translation>All {n} affected customers have been notified one by one. </translation>
    </message>
    <message>
        <source>已通知其中{n}位客户。</source>
        <translation>{n} of the customers have been notified. </translation>
    </message>
    <message>
        <source>客户还没有通知。</source>
        <translation>The customers have not been notified yet. </translation>
    </message>
    <message>
        <source>还有{n}位客户正在联系。</source>
        <translation>{n} more customers are being contacted. </translation>
    </message>
    <message>
        <source>{n}位客户暂时联系不上。</source>
        <translation>{n} customers could not be reached so far. </translation>
    </message>
    <message>
        <source>登记的开票申请已补开发票{issued}笔、取消{cancelled}笔。</source>
        <translation>Of the recorded invoice requests, {issued} have been issued and {cancelled} cancelled. </translation>
    </message>
</context>
<context>
    <name>PlanSettings</name>
    <message>
        <source>应急预案设置</source>
        <translation>Emergency plan settings</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>技术支持热线</source>
        <translation>Technical support hotline</translation>
    </message>
    <message>
        <source>纳税服务热线</source>
        <translation>Taxpayer service hotline</translation>
    </message>
    <message>
        <source>主管税务机关</source>
        <translation>Competent tax office</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>检查连通性的平台地址</source>
        <translation>Platform address for connection check</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>步骤</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>负责角色</source>
        <translation>Role in charge</translation>
    </message>
    <message>
        <source>预计分钟</source>
        <translation>Est. minutes</translation>
    </message>
    <message>
        <source>必做</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>新步骤的名称，例如：拍照留存报错画面</source>
        <translation>Name of the new step, e.g.: photograph the error screen</translation>
    </message>
    <message>
        <source>添加步骤</source>
        <translation>Add step</translation>
    </message>
    <message>
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <source>删除自定义步骤</source>
        <translation>Delete custom step</translation>
    </message>
    <message>
        <source>保存预案</source>
        <translation>Save plan</translation>
    </message>
    <message>
        <source>保存（Ctrl+S）</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>（不指定）</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <source>只能删除自己添加的步骤；预案自带的步骤可以改为“非必做”。</source>
        <translation>Only steps you added can be deleted; the plan&apos;s built-in steps can be made “not required”.</translation>
    </message>
</context>
<context>
    <name>PlatformExport</name>
    <message>
        <source>第{row}行发票号码：{problem}</source>
        <translation>Row {row}, invoice number: {problem}</translation>
    </message>
    <message>
        <source>第{row}行“{column}”：{problem}</source>
        <translation>Row {row}, “{column}”: {problem}</translation>
    </message>
    <message>
        <source>第{row}行“{column}”含有不允许的控制字符（{char}）</source>
        <translation>Row {row}, “{column}”: contains a control character that is not allowed ({char})</translation>
    </message>
    <message>
        <source>第{row}行“{column}”太长：{length}个字，最多{limit}个字</source>
        <translation>Row {row}, “{column}”: too long, {length} characters (at most {limit})</translation>
    </message>
    <message>
        <source>第{row}行“开票日期”无法识别：“{value}”</source>
        <translation>Row {row}: “Issue date” cannot be read: “{value}”</translation>
    </message>
    <message>
        <source>第{row}行“发票状态”无法识别：“{value}”</source>
        <translation>Row {row}: “Invoice status” cannot be read: “{value}”</translation>
    </message>
    <message>
        <source>“{name}”是压缩文件，但不是Excel工作簿（缺少工作表）</source>
        <translation>“{name}” is a compressed file but not an Excel workbook (no worksheets)</translation>
    </message>
    <message>
        <source>“{name}”中的XML含有不允许的DTD或实体声明，不像平台导出文件，未读取</source>
        <translation>The XML in “{name}” contains a DTD or entity declaration, which no platform export has; not read</translation>
    </message>
    <message>
        <source>“{name}”不是全量发票查询导出文件：前{rows}行中找不到包含这些列的表头：{columns}</source>
        <translation>“{name}” is not a full invoice query export: no header with these columns in the first {rows} rows: {columns}</translation>
    </message>
    <message>
        <source>“{name}”既不是Excel工作簿（.xlsx），也不是CSV文本文件，请从电子发票服务平台重新导出</source>
        <translation>“{name}” is neither an Excel workbook (.xlsx) nor a CSV text file; export it again from the e-invoice service platform</translation>
    </message>
    <message>
        <source>“{name}”是空文件</source>
        <translation>“{name}” is empty</translation>
    </message>
    <message>
        <source>“{name}”有表头，但没有发票行</source>
        <translation>“{name}” has a header but no invoice rows</translation>
    </message>
</context>
<context>
    <name>PracticeFeature</name>
    <message>
        <source>练习模式</source>
        <translation>Practice mode</translation>
    </message>
    <message>
        <source>打开练习台账：随便练，不会影响正式台账、备份和审计链（再点一次回到正式台账）</source>
        <translation>Open the practice ledger: practise freely, the real ledger, its backups and audit chain are not touched (click again to return to the real ledger)</translation>
    </message>
    <message>
        <source>重置练习台账…</source>
        <translation>Reset the practice ledger…</translation>
    </message>
    <message>
        <source>课程</source>
        <translation>Lessons</translation>
    </message>
    <message>
        <source>培训登记…</source>
        <translation>Training register…</translation>
    </message>
    <message>
        <source>练习(&amp;P)</source>
        <translation>&amp;Practice</translation>
    </message>
    <message>
        <source>练习模式：这里登记的一切只进练习台账，不影响正式台账、它的备份和审计链。打印和导出的文件都标有“练习”。</source>
        <translation>Practice mode: everything recorded here goes into the practice ledger only; the real ledger, its backups and its audit chain are not touched. Printouts and exports are marked “Practice”.</translation>
    </message>
    <message>
        <source>离开练习模式</source>
        <translation>Leave practice mode</translation>
    </message>
    <message>
        <source>正在打开练习台账…</source>
        <translation>Opening the practice ledger…</translation>
    </message>
    <message>
        <source>已进入练习模式（练习台账 {count} 张发票）</source>
        <translation>Practice mode on (practice ledger: {count} invoices)</translation>
    </message>
    <message>
        <source>练习台账已损坏，已重新生成。</source>
        <translation>The practice ledger was damaged and has been rebuilt. </translation>
    </message>
    <message>
        <source>已回到正式台账</source>
        <translation>Back on the real ledger</translation>
    </message>
    <message>
        <source>重置练习台账</source>
        <translation>Reset the practice ledger</translation>
    </message>
    <message>
        <source>把练习台账恢复成新的演示数据？练习中登记的内容和进行中的课程都会清除。</source>
        <translation>Start the practice ledger afresh with new demo data? What was recorded in practice and the lesson in progress are cleared.</translation>
    </message>
    <message>
        <source>练习台账已重置</source>
        <translation>Practice ledger reset</translation>
    </message>
    <message>
        <source>课程要在练习模式中做：先点工具栏上的“练习模式”，再开始课程。</source>
        <translation>Lessons are done in practice mode: click “Practice mode” on the toolbar first, then start a lesson.</translation>
    </message>
    <message>
        <source>【练习】{title} — 练习模式</source>
        <translation>[PRACTICE] {title} — practice mode</translation>
    </message>
    <message>
        <source>练习台账：{path}</source>
        <translation>Practice ledger: {path}</translation>
    </message>
</context>
<context>
    <name>Problem</name>
    <message>
        <source>“{text}”不是号码</source>
        <translation>“{text}” is not a number</translation>
    </message>
    <message>
        <source>“{text}”应只包含数字</source>
        <translation>“{text}” should contain digits only</translation>
    </message>
    <message>
        <source>“{text}”不是整数号码</source>
        <translation>“{text}” is not a whole number</translation>
    </message>
    <message>
        <source>号码“{text}”已被电子表格转换成数字，末尾几位已经丢失，无法恢复；请把该列设为文本后重新导出</source>
        <translation>The number “{text}” was turned into a numeric value by a spreadsheet and its last digits are lost; format the column as text and export again</translation>
    </message>
    <message>
        <source>发票号码不能为空</source>
        <translation>The invoice number is required</translation>
    </message>
    <message>
        <source>发票号码只能包含数字，当前为“{number}”</source>
        <translation>The invoice number may contain digits only (got “{number}”)</translation>
    </message>
    <message>
        <source>数电票没有发票代码，请清空发票代码（当前为“{code}”）</source>
        <translation>Digital invoices have no invoice code; clear the code (got “{code}”)</translation>
    </message>
    <message>
        <source>发票号码应为20位数字，当前为{length}位</source>
        <translation>The invoice number should have 20 digits; it has {length}</translation>
    </message>
    <message>
        <source>发票号码第1–2位表示{year}年，晚于今年（{this_year}年）</source>
        <translation>Digits 1–2 of the invoice number mean {year}, which is after this year ({this_year})</translation>
    </message>
    <message>
        <source>发票号码第3–4位的地区代码{region}不在省级地区表中，请核对</source>
        <translation>Digits 3–4 of the invoice number ({region}) are not a known province code; please check</translation>
    </message>
    <message>
        <source>发票代码不能为空，应为10位或12位数字</source>
        <translation>The invoice code is required: 10 or 12 digits</translation>
    </message>
    <message>
        <source>发票代码只能包含数字，当前为“{code}”</source>
        <translation>The invoice code may contain digits only (got “{code}”)</translation>
    </message>
    <message>
        <source>10位发票代码的第9位应为2–9、第10位应为0–4，请核对</source>
        <translation>In a 10-digit invoice code digit 9 should be 2–9 and digit 10 should be 0–4; please check</translation>
    </message>
    <message>
        <source>12位发票代码应以0开头</source>
        <translation>A 12-digit invoice code starts with 0</translation>
    </message>
    <message>
        <source>发票代码应为10位或12位数字，当前为{length}位</source>
        <translation>The invoice code should have 10 or 12 digits; it has {length}</translation>
    </message>
    <message>
        <source>发票号码应为8位数字，当前为{length}位</source>
        <translation>The invoice number should have 8 digits; it has {length}</translation>
    </message>
    <message>
        <source>{label}应为18位，当前为{length}位</source>
        <translation>{label} should have 18 characters; it has {length}</translation>
    </message>
    <message>
        <source>{label}第{position}位的“{char}”不是允许的字符（统一社会信用代码不使用I、O、Z、S、V）</source>
        <translation>{label}: “{char}” at position {position} is not allowed (credit codes never use I, O, Z, S, V)</translation>
    </message>
    <message>
        <source>{label}校验位（第18位）不正确，请逐位核对</source>
        <translation>{label}: the check character (18th) is wrong; please check every character</translation>
    </message>
    <message>
        <source>{label}第9–17位的组织机构代码校验位不符，请核对是否抄错</source>
        <translation>{label}: the organisation code in positions 9–17 does not check out; please check for a typo</translation>
    </message>
    <message>
        <source>{label}只能包含数字和大写字母</source>
        <translation>{label} may contain only digits and capital letters</translation>
    </message>
    <message>
        <source>{label}应为18位统一社会信用代码（旧税号为15、17或20位），当前为{length}位</source>
        <translation>{label} should be an 18-character credit code (older ids have 15, 17 or 20); it has {length}</translation>
    </message>
    <message>
        <source>缺少{label}（{key}）</source>
        <translation>{label} ({key}) is missing</translation>
    </message>
    <message>
        <source>第{row}行缺少{label}（{key}）</source>
        <translation>Line {row}: {label} ({key}) is missing</translation>
    </message>
    <message>
        <source>无法识别的字段“{key}”，已忽略</source>
        <translation>Unknown field “{key}” was ignored</translation>
    </message>
    <message>
        <source>{label}应为文本，当前为{type}</source>
        <translation>{label} should be text, not {type}</translation>
    </message>
    <message>
        <source>{label}应为 true 或 false</source>
        <translation>{label} should be true or false</translation>
    </message>
    <message>
        <source>第{row}行{label}：{reason}</source>
        <translation>Line {row}, {label}: {reason}</translation>
    </message>
    <message>
        <source>第{row}行应为一个对象（键值表）</source>
        <translation>Line {row} should be an object (key-value map)</translation>
    </message>
    <message>
        <source>{label}“{given}”与明细合计{computed}不一致，已按明细计算</source>
        <translation>{label} “{given}” differs from the sum of the lines {computed}; the lines were used</translation>
    </message>
    <message>
        <source>价税合计（大写）“{given}”与明细合计{expected}不一致</source>
        <translation>The total in words “{given}” differs from the sum of the lines {expected}</translation>
    </message>
    <message>
        <source>发票数据应为一个对象（键值表）</source>
        <translation>An invoice should be an object (key-value map)</translation>
    </message>
    <message>
        <source>开票日期“{value}”无法识别，应为YYYY-MM-DD格式</source>
        <translation>Issue date “{value}” cannot be read; use YYYY-MM-DD</translation>
    </message>
    <message>
        <source>项目明细（lines）应为列表</source>
        <translation>The line items (lines) should be a list</translation>
    </message>
    <message>
        <source>请选择发票票种</source>
        <translation>Choose the invoice kind</translation>
    </message>
    <message>
        <source>未知的发票票种“{kind}”</source>
        <translation>Unknown invoice kind “{kind}”</translation>
    </message>
    <message>
        <source>开票日期{date}晚于今天（{today}）</source>
        <translation>Issue date {date} is after today ({today})</translation>
    </message>
    <message>
        <source>发票号码显示开具于{number_year}年，开票日期却在{date_year}年，请核对</source>
        <translation>The invoice number says {number_year} but the issue date is in {date_year}; please check</translation>
    </message>
    <message>
        <source>购买方名称不能为空</source>
        <translation>The buyer name is required</translation>
    </message>
    <message>
        <source>{where}{label}含有不允许的控制字符（{char}），请删除</source>
        <translation>{where}{label} contains a control character that is not allowed ({char}); remove it</translation>
    </message>
    <message>
        <source>{where}{label}最长{limit}个字，当前为{length}个字</source>
        <translation>{where}{label} may have at most {limit} characters; it has {length}</translation>
    </message>
    <message>
        <source>第{row}行</source>
        <translation>Line {row}: </translation>
    </message>
    <message>
        <source>第{row}行{label}不能是无穷大或非数字</source>
        <translation>Line {row}: {label} cannot be infinite or not a number</translation>
    </message>
    <message>
        <source>第{row}行{label}超出上限：绝对值应小于{limit}</source>
        <translation>Line {row}: {label} is over the limit; it must be less than {limit} in absolute value</translation>
    </message>
    <message>
        <source>第{row}行{label}最多{places}位小数，当前为{count}位</source>
        <translation>Line {row}: {label} may have at most {places} decimal places; it has {count}</translation>
    </message>
    <message>
        <source>新登记的发票不能是“{status}”状态：红冲状态只由登记红字发票产生</source>
        <translation>A newly recorded invoice cannot have the status “{status}”: only recording a red invoice gives that status</translation>
    </message>
    <message>
        <source>开票日期{date}太早：应在{first}及以后</source>
        <translation>Issue date {date} is too early: it must be {first} or later</translation>
    </message>
    <message>
        <source>购买方邮箱“{email}”格式不正确，应类似 name@example.com</source>
        <translation>Buyer e-mail “{email}” is not valid; it should look like name@example.com</translation>
    </message>
    <message>
        <source>未知的发票状态“{status}”</source>
        <translation>Unknown invoice status “{status}”</translation>
    </message>
    <message>
        <source>第{row}行金额应为负数（红字发票）</source>
        <translation>Line {row}: the amount should be negative (red invoice)</translation>
    </message>
    <message>
        <source>第{row}行金额应大于0</source>
        <translation>Line {row}: the amount should be more than 0</translation>
    </message>
    <message>
        <source>第{row}行数量应为负数（红字发票）</source>
        <translation>Line {row}: the quantity should be negative (red invoice)</translation>
    </message>
    <message>
        <source>第{row}行数量应大于0</source>
        <translation>Line {row}: the quantity should be more than 0</translation>
    </message>
    <message>
        <source>第{row}行是折扣行，必须紧跟在被折扣的项目行之后</source>
        <translation>Line {row} is a discount line and must follow the line it discounts</translation>
    </message>
    <message>
        <source>第{row}行是红字发票的折扣行，金额应为正数</source>
        <translation>Line {row} is a discount line of a red invoice; its amount should be positive</translation>
    </message>
    <message>
        <source>第{row}行是折扣行，金额应为负数</source>
        <translation>Line {row} is a discount line; its amount should be negative</translation>
    </message>
    <message>
        <source>第{row}行折扣金额{discount}超过了被折扣的第{target}行金额{amount}</source>
        <translation>Line {row}: the discount {discount} is more than the amount {amount} of line {target}</translation>
    </message>
    <message>
        <source>第{row}行折扣行的税率应与被折扣的第{target}行相同</source>
        <translation>Line {row}: a discount line needs the same rate as line {target}</translation>
    </message>
    <message>
        <source>第{row}行项目名称不能为空</source>
        <translation>Line {row}: the item is required</translation>
    </message>
    <message>
        <source>第{row}行项目名称应为“*简称*名称”的形式，例如“*餐饮服务*餐费”</source>
        <translation>Line {row}: the item should read “*category*name”, e.g. “*餐饮服务*餐费”</translation>
    </message>
    <message>
        <source>第{row}行金额最多两位小数</source>
        <translation>Line {row}: the amount may have at most two decimals</translation>
    </message>
    <message>
        <source>第{row}行单价不能为负数</source>
        <translation>Line {row}: the unit price cannot be negative</translation>
    </message>
    <message>
        <source>第{row}行单价×数量为{product}，与金额{amount}相差超过{tolerance}</source>
        <translation>Line {row}: unit price × quantity is {product}, more than {tolerance} away from the amount {amount}</translation>
    </message>
    <message>
        <source>第{row}行税率{rate}不在税率表中，请核对</source>
        <translation>Line {row}: rate {rate} is not in the rate table; please check</translation>
    </message>
    <message>
        <source>第{row}行税额最多两位小数</source>
        <translation>Line {row}: the tax may have at most two decimals</translation>
    </message>
    <message>
        <source>第{row}行税率为“{rate}”，税额应为0</source>
        <translation>Line {row}: with rate “{rate}” the tax should be 0</translation>
    </message>
    <message>
        <source>第{row}行税额{tax}与金额×税率（{expected}）相差超过{tolerance}</source>
        <translation>Line {row}: tax {tax} is more than {tolerance} away from amount × rate ({expected})</translation>
    </message>
    <message>
        <source>第{row}行税收分类编码应为19位数字，当前为“{code}”</source>
        <translation>Line {row}: the tax classification code should have 19 digits (got “{code}”)</translation>
    </message>
    <message>
        <source>发票至少需要一行项目</source>
        <translation>An invoice needs at least one line</translation>
    </message>
    <message>
        <source>一张发票最多{limit}行项目，当前为{count}行</source>
        <translation>An invoice may have at most {limit} lines; it has {count}</translation>
    </message>
    <message>
        <source>各行税额合计与金额×税率合计相差{difference}，超过允许的{tolerance}</source>
        <translation>The lines’ taxes differ from amount × rate by {difference}, more than the allowed {tolerance}</translation>
    </message>
    <message>
        <source>价税合计不能为0</source>
        <translation>The total cannot be 0</translation>
    </message>
    <message>
        <source>价税合计{total}超出可以大写的范围（不足一万亿元）</source>
        <translation>The total {total} is too large to write in words (it must be under one trillion yuan)</translation>
    </message>
    <message>
        <source>数电票不能作废，如需冲销请开具红字发票（红冲）</source>
        <translation>Digital invoices cannot be voided; issue a red invoice to cancel one</translation>
    </message>
    <message>
        <source>电子发票不能作废，如需冲销请开具红字发票（红冲）</source>
        <translation>Electronic invoices cannot be voided; issue a red invoice to cancel one</translation>
    </message>
    <message>
        <source>纸质发票只能在开具当月作废（本张开具于{year}年{month}月），请开具红字发票（红冲）</source>
        <translation>Paper invoices can be voided only in the month of issue (this one is from {year}-{month}); issue a red invoice instead</translation>
    </message>
    <message>
        <source>未知的发票票种“{kind}”，无法判断能否作废</source>
        <translation>Unknown invoice kind “{kind}”: cannot tell whether it may be voided</translation>
    </message>
    <message>
        <source>数值不能是无穷大或非数字</source>
        <translation>A number cannot be infinite or not a number</translation>
    </message>
    <message>
        <source>数值太大：整数部分有{count}位，最多{limit}位</source>
        <translation>Number too large: {count} digits before the decimal point, at most {limit}</translation>
    </message>
    <message>
        <source>数值的小数位太多：有{count}位，最多{limit}位</source>
        <translation>Too many decimal places: {count}, at most {limit}</translation>
    </message>
    <message>
        <source>请填写数值</source>
        <translation>Enter a number</translation>
    </message>
    <message>
        <source>数值应为数字或文本</source>
        <translation>A number should be a number or text</translation>
    </message>
    <message>
        <source>“{text}”不是有效的数值</source>
        <translation>“{text}” is not a valid number</translation>
    </message>
    <message>
        <source>税率不能为空</source>
        <translation>The rate is required</translation>
    </message>
    <message>
        <source>“{text}”不是有效的税率</source>
        <translation>“{text}” is not a valid rate</translation>
    </message>
    <message>
        <source>税率应为数字或文本</source>
        <translation>A rate should be a number or text</translation>
    </message>
    <message>
        <source>税率不能是无穷大或非数字</source>
        <translation>A rate cannot be infinite or not a number</translation>
    </message>
    <message>
        <source>税率{rate}超出范围，应在0%到100%之间</source>
        <translation>Rate {rate} is out of range; it should be between 0% and 100%</translation>
    </message>
    <message>
        <source>税率{rate}过于精细：百分数最多{places}位小数</source>
        <translation>Tax rate {rate} is too fine: at most {places} decimal places as a percentage</translation>
    </message>
    <message>
        <source>请填写本店名称</source>
        <translation>Enter the shop&apos;s name</translation>
    </message>
    <message>
        <source>公司名称不能超过200个字符</source>
        <translation>The company name may have at most 200 characters</translation>
    </message>
    <message>
        <source>本店名称和税号必须先填写，不能跳过</source>
        <translation>The shop&apos;s name and tax id come first and cannot be skipped</translation>
    </message>
    <message>
        <source>请先填写本店名称和税号</source>
        <translation>Enter the shop&apos;s name and tax id first</translation>
    </message>
    <message>
        <source>第{index}张发票与第{other}张号码重复</source>
        <translation>Invoice {index} has the same number as invoice {other}</translation>
    </message>
    <message>
        <source>第{index}项不是发票对象</source>
        <translation>Item {index} is not an invoice object</translation>
    </message>
    <message>
        <source>请填写原因：每一次更改都要留下理由</source>
        <translation>Give a reason: every change must say why</translation>
    </message>
    <message>
        <source>字段“{field}”不能更正；金额请通过红冲处理</source>
        <translation>Field “{field}” cannot be corrected; amounts are changed by a red invoice</translation>
    </message>
    <message>
        <source>开票日期格式应为 YYYY-MM-DD，收到“{value}”</source>
        <translation>The issue date should be YYYY-MM-DD (got “{value}”)</translation>
    </message>
    <message>
        <source>红冲原因应为 01、02、03 或 04，收到“{value}”</source>
        <translation>The red-flush reason should be 01, 02, 03 or 04 (got “{value}”)</translation>
    </message>
    <message>
        <source>第{row}行没有可红冲的金额</source>
        <translation>Line {row} has nothing left to red-flush</translation>
    </message>
    <message>
        <source>第{row}行红冲金额应大于0且不超过剩余的{left}</source>
        <translation>Line {row}: the red-flush amount should be more than 0 and at most the remaining {left}</translation>
    </message>
    <message>
        <source>请选择发生的情况</source>
        <translation>Choose what happened</translation>
    </message>
    <message>
        <source>请选择严重程度</source>
        <translation>Choose the severity</translation>
    </message>
    <message>
        <source>请填写通知了谁</source>
        <translation>Enter who was notified</translation>
    </message>
    <message>
        <source>请填写税务机关的接听人</source>
        <translation>Enter who answered at the tax office</translation>
    </message>
    <message>
        <source>请填写原因</source>
        <translation>Enter the cause</translation>
    </message>
    <message>
        <source>请填写处理办法</source>
        <translation>Enter the resolution</translation>
    </message>
    <message>
        <source>请填写经验教训</source>
        <translation>Enter the lessons learned</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{names}等 {n} 个</source>
        <translation>{names} and others ({n} in all)</translation>
    </message>
    <message>
        <source>还有 {n} 位客户没有联系：{names}。联系后点“记录：已联系这位客户”；联系不上的，点“记录：联系不上”并写明原因。</source>
        <translation>{n} customers have not been contacted: {names}. After contacting one, press &quot;Log: customer contacted&quot;; for one you cannot reach, press &quot;Log: unreachable&quot; and give the reason.</translation>
    </message>
    <message>
        <source>还有 {n} 笔开票申请没有处理：{names}。请在开票台把每笔申请开成发票，或取消并写明原因（例如客户不需要了），再完成这一步。</source>
        <translation>{n} invoice requests are still open: {names}. On the counter page, issue an invoice for each request or cancel it with a reason (for example, the customer no longer needs it), then complete this step.</translation>
    </message>
    <message>
        <source>这一步现在不能完成：请先完成前面的步骤</source>
        <translation>This step cannot be completed yet: complete the earlier steps first</translation>
    </message>
    <message>
        <source>必做步骤“{title}”还没有完成</source>
        <translation>Required step “{title}” is not done yet</translation>
    </message>
    <message>
        <source>这一步现在不能跳过：请先完成前面的步骤</source>
        <translation>This step cannot be skipped yet: complete the earlier steps first</translation>
    </message>
    <message>
        <source>“{title}”是预案规定的必做步骤，不能跳过</source>
        <translation>“{title}” is a required step in the plan and cannot be skipped</translation>
    </message>
    <message>
        <source>这不是发票二维码的内容（应以“01,”开头，用逗号分隔）</source>
        <translation>This is not an invoice QR code (it should start with “01,” and be comma-separated)</translation>
    </message>
    <message>
        <source>二维码里的票种“{kind}”无法识别</source>
        <translation>The invoice kind “{kind}” in the QR code is not recognised</translation>
    </message>
    <message>
        <source>数电票二维码的发票号码应为20位数字，收到“{number}”</source>
        <translation>The invoice number in a digital e-invoice QR code should be 20 digits; got “{number}”</translation>
    </message>
    <message>
        <source>二维码里的发票代码应为10或12位数字，收到“{code}”</source>
        <translation>The invoice code in the QR code should be 10 or 12 digits; got “{code}”</translation>
    </message>
    <message>
        <source>二维码里的发票号码应为8位数字，收到“{number}”</source>
        <translation>The invoice number in the QR code should be 8 digits; got “{number}”</translation>
    </message>
    <message>
        <source>二维码里的校验码应为20位数字，收到“{check}”</source>
        <translation>The check code in the QR code should be 20 digits; got “{check}”</translation>
    </message>
    <message>
        <source>二维码里的金额“{text}”无法读取</source>
        <translation>The amount “{text}” in the QR code cannot be read</translation>
    </message>
    <message>
        <source>二维码里的开票日期“{text}”应为8位日期（yyyymmdd）</source>
        <translation>The issue date “{text}” in the QR code should be an 8-digit date (yyyymmdd)</translation>
    </message>
    <message>
        <source>第{no}项改进事项没有内容</source>
        <translation>Improvement item {no} has no text</translation>
    </message>
    <message>
        <source>第{no}项改进事项没有负责人</source>
        <translation>Improvement item {no} has no owner</translation>
    </message>
    <message>
        <source>第{no}项改进事项的完成日期不对</source>
        <translation>Improvement item {no} has an invalid due date</translation>
    </message>
    <message>
        <source>未知的关联类别</source>
        <translation>Unknown link role</translation>
    </message>
    <message>
        <source>备注不能为空</source>
        <translation>The note cannot be empty</translation>
    </message>
    <message>
        <source>请记录客户怎么说</source>
        <translation>Write down what the customer said</translation>
    </message>
    <message>
        <source>请记录回访时客户怎么说</source>
        <translation>Write down what the customer said on the call-back</translation>
    </message>
    <message>
        <source>请写明为什么是误报</source>
        <translation>Please say why this is a false alarm</translation>
    </message>
    <message>
        <source>备注不能超过2000个字符</source>
        <translation>The note cannot exceed 2000 characters</translation>
    </message>
    <message>
        <source>结束日期不能早于开始日期</source>
        <translation>The end date cannot be before the start date</translation>
    </message>
    <message>
        <source>台账中没有号码为{number}的发票</source>
        <translation>There is no invoice numbered {number} in the ledger</translation>
    </message>
    <message>
        <source>请选择联系不上的客户</source>
        <translation>Please choose the customer who could not be reached</translation>
    </message>
    <message>
        <source>请写明为什么联系不上（例如：电话无人接听，没有留联系方式）</source>
        <translation>Please say why the customer could not be reached (for example: no answer by phone, no contact details left)</translation>
    </message>
    <message>
        <source>请填写联系的客户</source>
        <translation>Enter the customer contacted</translation>
    </message>
    <message>
        <source>请填写说明：为什么这条筛查结果可以接受</source>
        <translation>Enter an explanation: why this screening result is acceptable</translation>
    </message>
    <message>
        <source>期间格式应为 YYYY-MM，收到“{value}”</source>
        <translation>The period should be YYYY-MM; got “{value}”</translation>
    </message>
    <message>
        <source>解锁必须填写原因</source>
        <translation>Unlocking requires a reason</translation>
    </message>
    <message>
        <source>电话号码“{phone}”格式不对：只能有数字、+、-、括号和空格</source>
        <translation>Phone number “{phone}” is invalid: only digits, +, -, brackets and spaces are allowed</translation>
    </message>
    <message>
        <source>姓名或名称不能超过50个字符</source>
        <translation>The name may have at most 50 characters</translation>
    </message>
    <message>
        <source>第{no}步没有名称</source>
        <translation>Step {no} has no name</translation>
    </message>
    <message>
        <source>第{no}步的角色不存在</source>
        <translation>Step {no} has a role that does not exist</translation>
    </message>
    <message>
        <source>第{no}步的预计分钟数应在0到1440之间</source>
        <translation>The estimated minutes of step {no} should be between 0 and 1440</translation>
    </message>
    <message>
        <source>第{no}步重复了</source>
        <translation>Step {no} is a duplicate</translation>
    </message>
    <message>
        <source>第一步和结案步骤必须是必做步骤</source>
        <translation>The first step and the closing step must be required</translation>
    </message>
    <message>
        <source>平台地址格式不对</source>
        <translation>The platform address is invalid</translation>
    </message>
    <message>
        <source>未知的处理方式“{action}”</source>
        <translation>Unknown action “{action}”</translation>
    </message>
    <message>
        <source>请填写说明：每个差异的处理都要留下理由</source>
        <translation>Enter an explanation: every difference needs a reason for how it was handled</translation>
    </message>
    <message>
        <source>未知的票种“{value}”</source>
        <translation>Unknown invoice kind “{value}”</translation>
    </message>
    <message>
        <source>请留下手机号或邮箱，发票开出后好交付给顾客</source>
        <translation>Take a mobile number or e-mail so the invoice can be delivered to the customer once issued</translation>
    </message>
    <message>
        <source>时间“{value}”格式不对，应为 2026-12-05T18:00:00+08:00</source>
        <translation>Time &quot;{value}&quot; is not valid; expected like 2026-12-05T18:00:00+08:00</translation>
    </message>
    <message>
        <source>请填写客户的称呼或单位名称</source>
        <translation>Enter the customer&apos;s name or company</translation>
    </message>
    <message>
        <source>客户名称不能超过200个字符</source>
        <translation>The customer name cannot exceed 200 characters</translation>
    </message>
    <message>
        <source>请用客户的原话写下问题</source>
        <translation>Write down the problem in the customer&apos;s words</translation>
    </message>
    <message>
        <source>问题描述不能超过4000个字符</source>
        <translation>The complaint cannot exceed 4000 characters</translation>
    </message>
    <message>
        <source>渠道应为 counter、phone、email 或 online，收到“{value}”</source>
        <translation>The channel must be counter, phone, email or online, got &quot;{value}&quot;</translation>
    </message>
    <message>
        <source>联系电话“{value}”不像电话号码</source>
        <translation>Contact number “{value}” does not look like a phone number</translation>
    </message>
    <message>
        <source>邮箱“{value}”格式不对</source>
        <translation>E-mail “{value}” is invalid</translation>
    </message>
    <message>
        <source>其他联系方式不能超过200个字符</source>
        <translation>The other contact cannot exceed 200 characters</translation>
    </message>
    <message>
        <source>请至少留下一种联系方式（电话、邮箱或微信），以便回复客户</source>
        <translation>Leave at least one way to reach the customer (phone, e-mail or WeChat)</translation>
    </message>
    <message>
        <source>台账中没有发票“{number}”，不能关联</source>
        <translation>Invoice &quot;{number}&quot; is not in the ledger and cannot be linked</translation>
    </message>
    <message>
        <source>找不到编号为 {id} 的开票申请</source>
        <translation>No invoice request number {id}</translation>
    </message>
    <message>
        <source>应为一个客户工单对象（JSON 对象）</source>
        <translation>Expected one customer case (a JSON object)</translation>
    </message>
    <message>
        <source>不认识的字段“{key}”</source>
        <translation>Unknown field &quot;{key}&quot;</translation>
    </message>
    <message>
        <source>应为文字</source>
        <translation>Expected text</translation>
    </message>
    <message>
        <source>应为发票列表</source>
        <translation>Expected a list of invoices</translation>
    </message>
    <message>
        <source>请给出发票号码（number）</source>
        <translation>Give the invoice number (number)</translation>
    </message>
    <message>
        <source>取消开票申请请填写原因</source>
        <translation>Cancelling an invoice request requires a reason</translation>
    </message>
    <message>
        <source>请选择查验结果（收到“{result}”）</source>
        <translation>Choose the verification result (got “{result}”)</translation>
    </message>
    <message>
        <source>校验码应填后6位数字（或完整的20位）</source>
        <translation>Enter the last 6 digits of the check code (or all 20)</translation>
    </message>
    <message>
        <source>请补充客户的联系方式（电话、邮箱或微信）</source>
        <translation>Add the customer&apos;s contact (phone, e-mail or WeChat)</translation>
    </message>
    <message>
        <source>请关联客户所问的发票或开票申请，或注明“还没有开票”</source>
        <translation>Link the invoice or request the customer asks about, or tick &quot;No invoice yet&quot;</translation>
    </message>
    <message>
        <source>还没有开票时，请写下是哪次购买（日期、金额、品名）</source>
        <translation>Without an invoice, write down which purchase it was (date, amount, items)</translation>
    </message>
    <message>
        <source>请写下向客户致歉的话</source>
        <translation>Write down the apology</translation>
    </message>
    <message>
        <source>请记录客户怎么说（诉求和要求）</source>
        <translation>Write down what the customer said (their request and needs)</translation>
    </message>
    <message>
        <source>请选择客户找不到发票的原因</source>
        <translation>Choose why the customer could not find the invoice</translation>
    </message>
    <message>
        <source>请写下这次的经验教训</source>
        <translation>Write down the lesson</translation>
    </message>
    <message>
        <source>请选择核实的结论</source>
        <translation>Choose the conclusion</translation>
    </message>
    <message>
        <source>请先核对原始交易（金额、品名、税额）</source>
        <translation>Check the original transaction first (amount, items, tax)</translation>
    </message>
    <message>
        <source>没有关联状态正常的发票，不能按“找到且有效”重新交付</source>
        <translation>No linked invoice is valid: &quot;Found and valid&quot; is not possible</translation>
    </message>
    <message>
        <source>请先关联开错的那张发票（状态正常），才能红冲重开</source>
        <translation>Link the wrong invoice (still valid) first, then red-flush and reissue</translation>
    </message>
    <message>
        <source>已关联的发票在台账中有效，不能判为“从未开具”</source>
        <translation>A linked invoice is valid in the ledger: it cannot be &quot;Never issued&quot;</translation>
    </message>
    <message>
        <source>请写下向客户说明的内容（为什么不是本店的发票）</source>
        <translation>Write down what to tell the customer (why it is not the shop&apos;s invoice)</translation>
    </message>
    <message>
        <source>请选择交付的结果</source>
        <translation>Choose how delivery ended</translation>
    </message>
    <message>
        <source>客户拒绝接收时，请记录客户的原话和原因</source>
        <translation>If the customer refuses, write down their words and reason</translation>
    </message>
    <message>
        <source>非本店发票无需交付：请选择“已向客户说明”</source>
        <translation>Nothing to deliver for an invoice that is not ours: choose &quot;Explained&quot;</translation>
    </message>
    <message>
        <source>请交付发票后选择“客户已确认收到”</source>
        <translation>Deliver the invoice, then choose &quot;Customer confirmed receipt&quot;</translation>
    </message>
    <message>
        <source>还没有登记补开的发票：请先开具并关联</source>
        <translation>No issued invoice recorded yet: issue and link it first</translation>
    </message>
    <message>
        <source>还没有红冲开错的发票</source>
        <translation>The wrong invoice has not been red-flushed yet</translation>
    </message>
    <message>
        <source>还没有登记重开的发票</source>
        <translation>No replacement invoice recorded yet</translation>
    </message>
    <message>
        <source>关联的发票已不再有效，不能交付</source>
        <translation>The linked invoice is no longer valid and cannot be delivered</translation>
    </message>
    <message>
        <source>还没有一次成功的交付或告知记录（邮件、微信、电话、当面）</source>
        <translation>No delivery has reached the customer yet (e-mail, WeChat, phone, in person)</translation>
    </message>
    <message>
        <source>未知的步骤“{key}”</source>
        <translation>Unknown step &quot;{key}&quot;</translation>
    </message>
    <message>
        <source>这一步现在不能完成（工单状态：{state}）</source>
        <translation>This step cannot be completed now (case state: {state})</translation>
    </message>
    <message>
        <source>{state}的工单不能撤销</source>
        <translation>A case that is {state} cannot be withdrawn</translation>
    </message>
    <message>
        <source>撤销工单请填写原因</source>
        <translation>Give a reason to withdraw the case</translation>
    </message>
    <message>
        <source>未知的交付方式“{value}”</source>
        <translation>Unknown delivery channel &quot;{value}&quot;</translation>
    </message>
    <message>
        <source>请填写客户的邮箱地址</source>
        <translation>Enter the customer&apos;s e-mail address</translation>
    </message>
    <message>
        <source>请填写发信服务器（SMTP）地址</source>
        <translation>Enter the SMTP server address</translation>
    </message>
    <message>
        <source>端口应在 1–65535 之间</source>
        <translation>The port must be between 1 and 65535</translation>
    </message>
    <message>
        <source>加密方式应为 SSL 或 STARTTLS（不支持明文发送）</source>
        <translation>Encryption must be SSL or STARTTLS (plain sending is not supported)</translation>
    </message>
    <message>
        <source>请填写完整的邮箱账号</source>
        <translation>Enter the full mailbox account</translation>
    </message>
    <message>
        <source>发件地址格式不对</source>
        <translation>The sender address is not valid</translation>
    </message>
    <message>
        <source>邮箱密码（授权码）只能包含英文字母、数字和符号</source>
        <translation>The mailbox password (authorisation code) may contain only Latin letters, digits and symbols</translation>
    </message>
    <message>
        <source>请填写本店统一社会信用代码</source>
        <translation>Enter the shop&apos;s unified social credit code</translation>
    </message>
    <message>
        <source>金额超出上限：绝对值应小于{limit}</source>
        <translation>Amount over the limit: it must be less than {limit} in absolute value</translation>
    </message>
    <message>
        <source>维护时段应写成“开始-结束”，例如 02:00-05:00</source>
        <translation>Write the maintenance window as “start-end”, e.g. 02:00-05:00</translation>
    </message>
    <message>
        <source>维护时段的开始和结束不能相同</source>
        <translation>The maintenance window cannot start and end at the same time</translation>
    </message>
    <message>
        <source>姓名不能为空，最多 50 个字</source>
        <translation>The name is required, at most 50 characters</translation>
    </message>
    <message>
        <source>角色应为 clerk、bookkeeper 或 owner</source>
        <translation>The role should be clerk, bookkeeper or owner</translation>
    </message>
    <message>
        <source>密码至少 6 位</source>
        <translation>The password needs at least 6 characters</translation>
    </message>
    <message>
        <source>PIN 应为 4 到 8 位数字</source>
        <translation>The PIN should be 4 to 8 digits</translation>
    </message>
    <message>
        <source>自动锁定时间应为 1 到 240 之间的整数（分钟）</source>
        <translation>The idle lock should be a whole number of minutes from 1 to 240</translation>
    </message>
</context>
<context>
    <name>Rate</name>
    <message>
        <source>免税</source>
        <translation>Exempt</translation>
    </message>
    <message>
        <source>不征税</source>
        <translation>Not taxable</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>原因（可选一个，也可以自己写）：</source>
        <translation>Reason (choose one or type your own):</translation>
    </message>
    <message>
        <source>请写明原因</source>
        <translation>Please give a reason</translation>
    </message>
</context>
<context>
    <name>Reconcile</name>
    <message>
        <source>一致</source>
        <translation>Match</translation>
    </message>
    <message>
        <source>平台缺失</source>
        <translation>Missing on platform</translation>
    </message>
    <message>
        <source>台账缺失</source>
        <translation>Missing in ledger</translation>
    </message>
    <message>
        <source>信息不符</source>
        <translation>Details differ</translation>
    </message>
    <message>
        <source>状态不同</source>
        <translation>Status differs</translation>
    </message>
    <message>
        <source>文件内重复</source>
        <translation>Duplicate in file</translation>
    </message>
    <message>
        <source>明细不符</source>
        <translation>Lines differ</translation>
    </message>
    <message>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>购买方名称</source>
        <translation>Buyer name</translation>
    </message>
    <message>
        <source>购买方识别号</source>
        <translation>Buyer tax ID</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <source>价税合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>发票号码</source>
        <translation>Invoice number</translation>
    </message>
    <message>
        <source>差异</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>处理</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>台账“{ledger}”，平台“{platform}”</source>
        <translation>Ledger “{ledger}”, platform “{platform}”</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>已更正台账</source>
        <translation>Ledger corrected</translation>
    </message>
    <message>
        <source>已按平台数据补录</source>
        <translation>Added from platform data</translation>
    </message>
    <message>
        <source>已建客户工单</source>
        <translation>Customer ticket opened</translation>
    </message>
    <message>
        <source>待与税务机关核实</source>
        <translation>To check with tax office</translation>
    </message>
    <message>
        <source>接受差异</source>
        <translation>Difference accepted</translation>
    </message>
    <message>
        <source>暂缓处理</source>
        <translation>Deferred</translation>
    </message>
    <message>
        <source>已取消导入，未保存任何数据</source>
        <translation>Import cancelled; nothing was saved</translation>
    </message>
    <message>
        <source>“{name}”是文件夹，不是导出文件</source>
        <translation>“{name}” is a folder, not an export file</translation>
    </message>
    <message>
        <source>请先设置本店的统一社会信用代码：要用它区分销项发票和进项发票</source>
        <translation>First set the shop&apos;s unified social credit code: it tells issued invoices from received ones</translation>
    </message>
    <message>
        <source>找不到编号为 {id} 的导入文件</source>
        <translation>No imported file with id {id}</translation>
    </message>
    <message>
        <source>找不到编号为 {id} 的对账记录</source>
        <translation>No reconciliation with id {id}</translation>
    </message>
    <message>
        <source>找不到编号为 {id} 的差异</source>
        <translation>No difference with id {id}</translation>
    </message>
    <message>
        <source>文件中这张发票的明细无法读取（{reason}），请手工登记</source>
        <translation>This invoice&apos;s lines in the file cannot be read ({reason}); please record it by hand</translation>
    </message>
    <message>
        <source>文件中没有这张发票的明细（信息汇总表），且无法从金额和税额推出税率，请手工登记</source>
        <translation>The file has no lines for this invoice (summary sheet) and the tax rate cannot be derived from amount and tax; please record it by hand</translation>
    </message>
    <message>
        <source>无法判断这张发票的票种（“{kind}”），请手工登记</source>
        <translation>Cannot tell the kind of this invoice (“{kind}”); please record it by hand</translation>
    </message>
    <message>
        <source>该对账已完成，不能再更改处理结果</source>
        <translation>This reconciliation is finished; its handling can no longer be changed</translation>
    </message>
    <message>
        <source>只有“台账缺失”的发票可以按平台数据补录</source>
        <translation>Only invoices “missing in ledger” can be added from platform data</translation>
    </message>
    <message>
        <source>已按平台数据补录（台账编号 {id}）</source>
        <translation>Added from platform data (ledger No. {id})</translation>
    </message>
    <message>
        <source>只有“信息不符”的差异可以按平台数据更正</source>
        <translation>Only “details differ” differences can be corrected from platform data</translation>
    </message>
    <message>
        <source>{fields}不能直接更正：金额不符要通过红冲和重开处理；处理后请选择“已更正台账”并写明说明</source>
        <translation>{fields} cannot be corrected directly: a wrong amount needs a red-letter reversal (红冲) and a reissue; afterwards choose “Ledger corrected” and write an explanation</translation>
    </message>
    <message>
        <source>按电子发票服务平台数据更正（对账）</source>
        <translation>Corrected from e-invoice service platform data (reconciliation)</translation>
    </message>
    <message>
        <source>还有 {count} 个差异未处理（暂缓的也算未处理），不能完成对账</source>
        <translation>{count} differences are still open (deferred ones count as open); the reconciliation cannot be finished</translation>
    </message>
    <message>
        <source>未处理</source>
        <translation>Open</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <source>复核完成，恢复正常开票</source>
        <translation>Recheck done, back to normal invoicing</translation>
    </message>
    <message>
        <source>1. 在柜台的“开票申请”中，把每一笔申请开成发票。
2. 点下面的按钮：逐一复核受影响的发票和申请，并结束停机登记模式。</source>
        <translation>1. Under “Invoice requests” at the counter, issue an invoice for each request.
2. Click the button below: recheck each affected invoice and request one by one, and end outage mode.</translation>
    </message>
    <message>
        <source>开票申请：已开票 {issued} 笔，已取消 {cancelled} 笔，未处理 {open} 笔</source>
        <translation>Invoice requests: {issued} issued, {cancelled} cancelled, {open} open</translation>
    </message>
    <message>
        <source>待复核</source>
        <translation>to re-check</translation>
    </message>
</context>
<context>
    <name>RedFlushDialog</name>
    <message>
        <source>红冲发票</source>
        <translation>Red-flush invoice</translation>
    </message>
    <message>
        <source>平台开出的红字发票号码</source>
        <translation>Number of the red invoice the platform issued</translation>
    </message>
    <message>
        <source>红冲</source>
        <translation>Red-flush</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>原金额</source>
        <translation>Original amount</translation>
    </message>
    <message>
        <source>红冲金额</source>
        <translation>Red-flush amount</translation>
    </message>
    <message>
        <source>留空：冲销这一行剩余的全部金额</source>
        <translation>Leave empty to reverse all that is left on this line</translation>
    </message>
    <message>
        <source>红冲原因</source>
        <translation>Red-flush reason</translation>
    </message>
    <message>
        <source>红字发票代码</source>
        <translation>Red invoice code</translation>
    </message>
    <message>
        <source>红字发票号码</source>
        <translation>Red invoice number</translation>
    </message>
    <message>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>按行红冲：取消勾选不冲的行；部分冲销填红冲金额（不含税）</source>
        <translation>Red-flush by line: untick lines not to reverse; for a partial reversal enter the amount (excl. tax)</translation>
    </message>
    <message>
        <source>请至少勾选一行</source>
        <translation>Tick at least one line</translation>
    </message>
</context>
<context>
    <name>RedReason</name>
    <message>
        <source>开票有误</source>
        <translation>Issued in error</translation>
    </message>
    <message>
        <source>销货退回</source>
        <translation>Goods returned</translation>
    </message>
    <message>
        <source>服务中止</source>
        <translation>Service stopped</translation>
    </message>
    <message>
        <source>销售折让</source>
        <translation>Sales allowance</translation>
    </message>
</context>
<context>
    <name>Region</name>
    <message>
        <source>北京</source>
        <translation>Beijing</translation>
    </message>
    <message>
        <source>天津</source>
        <translation>Tianjin</translation>
    </message>
    <message>
        <source>河北</source>
        <translation>Hebei</translation>
    </message>
    <message>
        <source>山西</source>
        <translation>Shanxi</translation>
    </message>
    <message>
        <source>内蒙古</source>
        <translation>Inner Mongolia</translation>
    </message>
    <message>
        <source>辽宁</source>
        <translation>Liaoning</translation>
    </message>
    <message>
        <source>吉林</source>
        <translation>Jilin</translation>
    </message>
    <message>
        <source>黑龙江</source>
        <translation>Heilongjiang</translation>
    </message>
    <message>
        <source>上海</source>
        <translation>Shanghai</translation>
    </message>
    <message>
        <source>江苏</source>
        <translation>Jiangsu</translation>
    </message>
    <message>
        <source>浙江</source>
        <translation>Zhejiang</translation>
    </message>
    <message>
        <source>安徽</source>
        <translation>Anhui</translation>
    </message>
    <message>
        <source>福建</source>
        <translation>Fujian</translation>
    </message>
    <message>
        <source>江西</source>
        <translation>Jiangxi</translation>
    </message>
    <message>
        <source>山东</source>
        <translation>Shandong</translation>
    </message>
    <message>
        <source>河南</source>
        <translation>Henan</translation>
    </message>
    <message>
        <source>湖北</source>
        <translation>Hubei</translation>
    </message>
    <message>
        <source>湖南</source>
        <translation>Hunan</translation>
    </message>
    <message>
        <source>广东</source>
        <translation>Guangdong</translation>
    </message>
    <message>
        <source>广西</source>
        <translation>Guangxi</translation>
    </message>
    <message>
        <source>海南</source>
        <translation>Hainan</translation>
    </message>
    <message>
        <source>重庆</source>
        <translation>Chongqing</translation>
    </message>
    <message>
        <source>四川</source>
        <translation>Sichuan</translation>
    </message>
    <message>
        <source>贵州</source>
        <translation>Guizhou</translation>
    </message>
    <message>
        <source>云南</source>
        <translation>Yunnan</translation>
    </message>
    <message>
        <source>西藏</source>
        <translation>Tibet</translation>
    </message>
    <message>
        <source>陕西</source>
        <translation>Shaanxi</translation>
    </message>
    <message>
        <source>甘肃</source>
        <translation>Gansu</translation>
    </message>
    <message>
        <source>青海</source>
        <translation>Qinghai</translation>
    </message>
    <message>
        <source>宁夏</source>
        <translation>Ningxia</translation>
    </message>
    <message>
        <source>新疆</source>
        <translation>Xinjiang</translation>
    </message>
</context>
<context>
    <name>Request</name>
    <message>
        <source>待开具</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>已开具</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
</context>
<context>
    <name>RequestList</name>
    <message>
        <source>开具发票 (Enter)</source>
        <translation>Issue invoice (Enter)</translation>
    </message>
    <message>
        <source>取消申请…</source>
        <translation>Cancel request…</translation>
    </message>
    <message>
        <source>回执 PDF…</source>
        <translation>Receipt PDF…</translation>
    </message>
    <message>
        <source>待开具的开票申请：{count} 张（最早的已等 {age}）</source>
        <translation>Invoice requests to issue: {count} (oldest waiting {age})</translation>
    </message>
    <message>
        <source>没有待开具的开票申请</source>
        <translation>No invoice requests to issue</translation>
    </message>
</context>
<context>
    <name>RequestsModel</name>
    <message>
        <source>{n}分钟</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>{n}小时</source>
        <translation>{n} h</translation>
    </message>
    <message>
        <source>{n}天</source>
        <translation>{n} d</translation>
    </message>
    <message>
        <source>等待</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>登记时间</source>
        <translation>Recorded at</translation>
    </message>
    <message>
        <source>购买方</source>
        <translation>Buyer</translation>
    </message>
    <message>
        <source>价税合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>联系方式</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>承诺</source>
        <translation>Promised</translation>
    </message>
    <message>
        <source>（演练）</source>
        <translation> (drill)</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>从备份恢复</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <source>选择文件夹…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <source>列出备份</source>
        <translation>List backups</translation>
    </message>
    <message>
        <source>备份位置：</source>
        <translation>Backup location:</translation>
    </message>
    <message>
        <source>恢复到新文件</source>
        <translation>Restore to new file</translation>
    </message>
    <message>
        <source>恢复到新数据库</source>
        <translation>Restore to a new database</translation>
    </message>
    <message>
        <source>新数据库的名字（留空：原名加恢复时间）</source>
        <translation>Name of the new database (empty: the original name plus the restore time)</translation>
    </message>
    <message>
        <source>恢复为：</source>
        <translation>Restore as:</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>切换到恢复的数据库</source>
        <translation>Switch to restored database</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>备份所在的文件夹</source>
        <translation>Folder with the backups</translation>
    </message>
    <message>
        <source>正在读取备份列表…</source>
        <translation>Reading the list of backups…</translation>
    </message>
    <message>
        <source>选择一个备份（最新的在最上面），按“{button}”。</source>
        <translation>Choose a backup (newest at the top) and press “{button}”.</translation>
    </message>
    <message>
        <source>共 {count} 个备份。选择一个，按“{button}”。</source>
        <translation>{count} backups. Choose one and press “{button}”.</translation>
    </message>
    <message>
        <source>这个文件夹里还没有备份。</source>
        <translation>This folder has no backups yet.</translation>
    </message>
    <message>
        <source>请先选择一个完好的备份。</source>
        <translation>Choose an intact backup first.</translation>
    </message>
    <message>
        <source>正在恢复并检查…</source>
        <translation>Restoring and checking…</translation>
    </message>
    <message>
        <source>恢复备份</source>
        <translation>Restoring a backup</translation>
    </message>
    <message>
        <source>已恢复到新数据库：{url}（当前数据库未改动）</source>
        <translation>Restored to a new database: {url} (the current database is unchanged)</translation>
    </message>
    <message>
        <source>已恢复到新数据库：{url}（当前数据库未改动；要使用它，用这个地址打开）</source>
        <translation>Restored into a new database: {url} (the current database is unchanged; open this address to use it)</translation>
    </message>
    <message>
        <source>已恢复到新文件：{path}</source>
        <translation>Restored to new file: {path}</translation>
    </message>
    <message>
        <source>发票 {invoices} 张，审计记录 {audit} 条</source>
        <translation>{invoices} invoices, {audit} audit records</translation>
    </message>
    <message>
        <source>期间 {first} 至 {last}；最新发票 {number}，{buyer}，{total}</source>
        <translation>Periods {first} to {last}; latest invoice {number}, {buyer}, {total}</translation>
    </message>
    <message>
        <source>检查通过：数据库恢复完整，行数和审计链与备份清单一致。</source>
        <translation>Check passed: the database restored completely; row counts and audit chain match the backup manifest.</translation>
    </message>
    <message>
        <source>检查通过：文件完整，行数和审计链与备份清单一致。</source>
        <translation>Check passed: the file is intact; row counts and audit chain match the backup manifest.</translation>
    </message>
    <message>
        <source>检查发现问题：{problems}</source>
        <translation>Check found problems: {problems}</translation>
    </message>
    <message>
        <source>未能完成。</source>
        <translation>Could not be completed.</translation>
    </message>
    <message>
        <source>改用恢复出的数据库？
当前数据库不会被改动，仍保留在服务器上（{name}）；以后启动时打开恢复出的数据库。</source>
        <translation>Use the restored database?
The current database is not changed and stays on the server ({name}); from now on the app opens the restored database at start.</translation>
    </message>
    <message>
        <source>切换数据库</source>
        <translation>Switch database</translation>
    </message>
    <message>
        <source>改用恢复出的数据库？
当前数据库不会被覆盖，会改名保留在同一文件夹（…before-restore-时间）。</source>
        <translation>Use the restored database?
The current database is not overwritten; it is renamed and kept in the same folder (…before-restore-time).</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>店员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>会计</source>
        <translation>Bookkeeper</translation>
    </message>
    <message>
        <source>店长</source>
        <translation>Owner</translation>
    </message>
</context>
<context>
    <name>Screening</name>
    <message>
        <source>号码断号</source>
        <translation>Number gap</translation>
    </message>
    <message>
        <source>税额尾差</source>
        <translation>Tax rounding difference</translation>
    </message>
    <message>
        <source>疑似重复</source>
        <translation>Possible duplicate</translation>
    </message>
    <message>
        <source>购买方识别号无效</source>
        <translation>Invalid buyer tax id</translation>
    </message>
    <message>
        <source>日期不在本期</source>
        <translation>Date outside the period</translation>
    </message>
    <message>
        <source>未对账</source>
        <translation>Not reconciled</translation>
    </message>
    <message>
        <source>{after} 与 {before} 之间缺少 {missing} 个号码（{first}…{last}）</source>
        <translation>{missing} numbers missing between {after} and {before} ({first}…{last})</translation>
    </message>
    <message>
        <source>发票 {key} 税额与金额×税率不一致：单行最大差 {worst}，累计差 {sum}（允许单行 {line_limit}、整张 {invoice_limit}）</source>
        <translation>Invoice {key}: tax does not match amount × rate: largest line difference {worst}, total difference {sum} (allowed: {line_limit} per line, {invoice_limit} per invoice)</translation>
    </message>
    <message>
        <source>{count} 张发票购买方、日期和金额都相同（{buyer}，{date}，{total}）：{keys}</source>
        <translation>{count} invoices have the same buyer, date and amount ({buyer}, {date}, {total}): {keys}</translation>
    </message>
    <message>
        <source>发票 {key} 的购买方识别号 {tax_id} 无效：{reason}</source>
        <translation>Invoice {key}: buyer tax ID {tax_id} is invalid: {reason}</translation>
    </message>
    <message>
        <source>发票 {key} 的开票日期 {date} 不在本期</source>
        <translation>Invoice {key} is dated {date}, outside the period</translation>
    </message>
    <message>
        <source>发票 {key} 的号码年份（20{digits}年）与开票日期 {date} 不符</source>
        <translation>Invoice {key}: the year in its number (20{digits}) does not match the issue date {date}</translation>
    </message>
    <message>
        <source>{count} 张发票还没有在已完成的对账中核对：其中 {waiting} 张在未完成的对账中已一致，完成那次对账即可；其余：{keys}</source>
        <translation>{count} invoices are not yet checked in a finished reconciliation: {waiting} of them already match in an unfinished one (finish it to count them); the others: {keys}</translation>
    </message>
    <message>
        <source>{count} 张发票尚未与平台导出对账：{keys}</source>
        <translation>{count} invoices not yet reconciled with the platform export: {keys}</translation>
    </message>
</context>
<context>
    <name>ScreeningModel</name>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>处理</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>未处理</source>
        <translation>Open</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>登记</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <source>更正</source>
        <translation>Corrected</translation>
    </message>
    <message>
        <source>作废</source>
        <translation>Voided</translation>
    </message>
    <message>
        <source>红冲</source>
        <translation>Red-flush</translation>
    </message>
    <message>
        <source>查验</source>
        <translation>Verification</translation>
    </message>
    <message>
        <source>号码片段、购买方名称或识别号、金额（如 1234.5 或 ¥1,234.50）（Ctrl+F）</source>
        <translation>Part of a number, buyer name or tax ID, amount (e.g. 1234.5 or ¥1,234.50) (Ctrl+F)</translation>
    </message>
    <message>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>全部票种</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>全部核对状态</source>
        <translation>All check states</translation>
    </message>
    <message>
        <source>最低价税合计</source>
        <translation>Min. total</translation>
    </message>
    <message>
        <source>最高价税合计</source>
        <translation>Max. total</translation>
    </message>
    <message>
        <source>开票人</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <source>清除条件</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>{field}：{problem}</source>
        <translation>{field}: {problem}</translation>
    </message>
    <message>
        <source>找到 {count} 张，价税合计 {total}</source>
        <translation>{count} found, total {total}</translation>
    </message>
</context>
<context>
    <name>SecondPersonDialog</name>
    <message>
        <source>第二人确认</source>
        <translation>Second person</translation>
    </message>
    <message>
        <source>确认人</source>
        <translation>Confirmed by</translation>
    </message>
    <message>
        <source>确认人的 PIN</source>
        <translation>Their PIN</translation>
    </message>
    <message>
        <source>{what}需要另一位会计或店长确认（四眼原则）：请确认人输入自己的 PIN</source>
        <translation>{what} needs another bookkeeper or owner to confirm (four eyes): they type their own PIN</translation>
    </message>
</context>
<context>
    <name>Service</name>
    <message>
        <source>发票 {key} 已在台账中（{date}，{buyer}），不能重复登记</source>
        <translation>Invoice {key} is already in the ledger ({date}, {buyer}) and cannot be recorded twice</translation>
    </message>
    <message>
        <source>找不到编号为 {id} 的发票</source>
        <translation>There is no invoice with id {id}</translation>
    </message>
    <message>
        <source>发票 {key} 已被 {who} 于 {time} 修改，请看过最新内容后再改</source>
        <translation>Invoice {key} was changed by {who} at {time}; review the current version before changing it</translation>
    </message>
    <message>
        <source>只有状态为“正常”的发票可以作废</source>
        <translation>Only invoices with status “Normal” can be voided</translation>
    </message>
    <message>
        <source>红字发票不能再被红冲</source>
        <translation>A red invoice cannot itself be red-flushed</translation>
    </message>
    <message>
        <source>该发票状态为“{status}”，不能红冲</source>
        <translation>This invoice’s status is “{status}”; it cannot be red-flushed</translation>
    </message>
    <message>
        <source>{period} 已结账锁定，不能新增或更正该月的发票</source>
        <translation>{period} is closed and locked: invoices of that month cannot be added or corrected</translation>
    </message>
    <message>
        <source>{period} 还有 {count} 条筛查结果未处理：请先更正或逐条填写说明后再锁定</source>
        <translation>{period} still has {count} open screening results: correct them or explain each one before locking</translation>
    </message>
    <message>
        <source>{period} 已经锁定</source>
        <translation>{period} is already locked</translation>
    </message>
    <message>
        <source>{period} 的发票大多由 {actor} 登记，需由另一人复核后锁定（四眼原则）</source>
        <translation>Most invoices of {period} were recorded by {actor}; another person must review and lock it (four-eyes principle)</translation>
    </message>
    <message>
        <source>{period} 没有锁定</source>
        <translation>{period} is not locked</translation>
    </message>
    <message>
        <source>备份间隔至少为 1 天</source>
        <translation>The backup interval must be at least 1 day</translation>
    </message>
    <message>
        <source>保留份数不能为负数</source>
        <translation>The number of backups to keep cannot be negative</translation>
    </message>
    <message>
        <source>请选择备份位置（一个文件夹）</source>
        <translation>Choose a backup location (a folder)</translation>
    </message>
    <message>
        <source>备份位置必须是完整路径：{path}</source>
        <translation>The backup location must be a full path: {path}</translation>
    </message>
    <message>
        <source>备份位置不能是数据库所在的文件夹：电脑坏了备份也一起丢失，请选U盘或网盘</source>
        <translation>The backup location cannot be the database&apos;s own folder: if the computer fails the backup is lost too. Choose a USB drive or cloud folder</translation>
    </message>
    <message>
        <source>已有这个备份位置：{path}</source>
        <translation>This backup location already exists: {path}</translation>
    </message>
    <message>
        <source>没有这个备份位置：{path}</source>
        <translation>No such backup location: {path}</translation>
    </message>
    <message>
        <source>还没有设置备份位置：请在“备份”页添加U盘或网盘文件夹</source>
        <translation>No backup location set yet: add a USB drive or cloud folder on the “Backups” page</translation>
    </message>
    <message>
        <source>备份 {id} 的清单已损坏，无法恢复（校验也会报告它）：请选更早的备份</source>
        <translation>The manifest of backup {id} is damaged, it cannot be restored (verification reports it too): choose an earlier backup</translation>
    </message>
    <message>
        <source>备份 {id} 的清单文件已不在 {path}（被删除或移走），无法恢复：请选别的备份</source>
        <translation>The manifest of backup {id} is no longer in {path} (deleted or moved), it cannot be restored: choose another backup</translation>
    </message>
    <message>
        <source>找不到备份 {id}（备份位置没接上，或已按保留规则删除）</source>
        <translation>Backup {id} not found (backup location not connected, or deleted by the keep rules)</translation>
    </message>
    <message>
        <source>文件 {path} 已存在：恢复只写入新文件，请换一个文件名</source>
        <translation>File {path} already exists: a restore only writes a new file; choose another name</translation>
    </message>
    <message>
        <source>备份 {id} 已损坏，无法恢复（{detail}）：请选更早的备份</source>
        <translation>Backup {id} is damaged and cannot be restored ({detail}): choose an earlier backup</translation>
    </message>
    <message>
        <source>磁盘空间不足，无法恢复到 {path}</source>
        <translation>Not enough disk space to restore to {path}</translation>
    </message>
    <message>
        <source>已取消恢复</source>
        <translation>Restore cancelled</translation>
    </message>
    <message>
        <source>恢复备份 {id} 失败：{detail}</source>
        <translation>Restoring backup {id} failed: {detail}</translation>
    </message>
    <message>
        <source>文件夹 {path} 里没有发票台账助手的备份</source>
        <translation>Folder {path} has no InvoiceDesk backups</translation>
    </message>
    <message>
        <source>请指定恢复到的新文件（--to NEWPATH）</source>
        <translation>Name the new file to restore into (--to NEWPATH)</translation>
    </message>
    <message>
        <source>没有可演练的备份：请先备份一次</source>
        <translation>No backup to drill with: make a backup first</translation>
    </message>
    <message>
        <source>找不到恢复出的文件 {path}</source>
        <translation>Restored file {path} not found</translation>
    </message>
    <message>
        <source>只能为红字发票重开新发票：请选中红冲产生的红字发票</source>
        <translation>A new invoice can be reissued only for a red invoice: select the red invoice a red-flush produced</translation>
    </message>
    <message>
        <source>这张红字发票已经重开过（发票编号 {id}）</source>
        <translation>This red invoice has already been reissued (invoice id {id})</translation>
    </message>
    <message>
        <source>只能为红字发票重开新发票</source>
        <translation>A new invoice can be reissued only for a red invoice</translation>
    </message>
    <message>
        <source>重开的发票应为蓝字发票</source>
        <translation>The reissued invoice should be a blue invoice</translation>
    </message>
    <message>
        <source>找不到第{id}号事件</source>
        <translation>Incident No. {id} not found</translation>
    </message>
    <message>
        <source>第{id}号事件已作为误报撤销，不能再修改</source>
        <translation>Incident {id} was withdrawn as a false alarm and can no longer be changed</translation>
    </message>
    <message>
        <source>第{id}号事件已结案，不能再修改</source>
        <translation>Incident No. {id} is closed and can no longer be changed</translation>
    </message>
    <message>
        <source>第{id}号事件已经联系过客户或税务机关，不能作为误报撤销：请在最后一步结案，原因写“误报”</source>
        <translation>Customers or the tax office have already been contacted about incident {id}, so it cannot be withdrawn as a false alarm: close it in the last step and give &quot;false alarm&quot; as the cause</translation>
    </message>
    <message>
        <source>这条受影响记录已不存在</source>
        <translation>This affected record no longer exists</translation>
    </message>
    <message>
        <source>找不到这项改进事项</source>
        <translation>Improvement item not found</translation>
    </message>
    <message>
        <source>这项改进事项已经完成</source>
        <translation>This improvement item is already done</translation>
    </message>
    <message>
        <source>{period} 已结账锁定，不能给该月的发票添加附件</source>
        <translation>{period} is closed and locked: files cannot be attached to its invoices</translation>
    </message>
    <message>
        <source>文件“{name}”太大（超过 20 MB），没有保存</source>
        <translation>File “{name}” is too large (over 20 MB); not saved</translation>
    </message>
    <message>
        <source>找不到编号为 {id} 的附件</source>
        <translation>No attachment with id {id}</translation>
    </message>
    <message>
        <source>附件“{name}”的文件不见了：{path}</source>
        <translation>The file of attachment “{name}” is missing: {path}</translation>
    </message>
    <message>
        <source>附件“{name}”已损坏（内容与登记时不符）</source>
        <translation>Attachment “{name}” is damaged (its content differs from when it was recorded)</translation>
    </message>
    <message>
        <source>{period} 没有发票</source>
        <translation>{period} has no invoices</translation>
    </message>
    <message>
        <source>已处于停机登记模式</source>
        <translation>Outage mode is already on</translation>
    </message>
    <message>
        <source>当前不在停机登记模式</source>
        <translation>Outage mode is not on</translation>
    </message>
    <message>
        <source>找不到编号为 {id} 的开票申请</source>
        <translation>No invoice request with id {id}</translation>
    </message>
    <message>
        <source>还没有设置发信邮箱：请在“邮箱设置”中填写</source>
        <translation>No mailbox is set up: fill in &quot;Mailbox settings&quot;</translation>
    </message>
    <message>
        <source>系统钥匙串不可用（{reason}），无法读取或保存邮箱密码</source>
        <translation>The system&apos;s keyring is not available ({reason}): the mailbox password cannot be read or saved</translation>
    </message>
    <message>
        <source>还没有保存邮箱 {account} 的密码：请在“邮箱设置”中填写</source>
        <translation>No password saved for {account}: fill it in under &quot;Mailbox settings&quot;</translation>
    </message>
    <message>
        <source>无法读取证书文件 {path}：{reason}</source>
        <translation>Cannot read the certificate file {path}: {reason}</translation>
    </message>
    <message>
        <source>邮件服务器 {host}:{port} 不提供加密连接（STARTTLS）：为保护密码，不会以明文发送；请检查加密方式和端口</source>
        <translation>The mail server {host}:{port} offers no encryption (STARTTLS): to protect the password nothing is sent in plain text; check the encryption and the port</translation>
    </message>
    <message>
        <source>与邮件服务器 {host}:{port} 建立加密连接失败（{reason}）：请检查加密方式（SSL 或 STARTTLS）和端口</source>
        <translation>No encrypted connection to the mail server {host}:{port} ({reason}): check the encryption (SSL or STARTTLS) and the port</translation>
    </message>
    <message>
        <source>邮件服务器拒绝登录（{reason}）：邮箱账号或密码（授权码）不对</source>
        <translation>The mail server refused the login ({reason}): the account or password (authorisation code) is wrong</translation>
    </message>
    <message>
        <source>邮件服务器拒收这封邮件（{reason}）：请检查收件地址</source>
        <translation>The mail server refused the message ({reason}): check the recipient address</translation>
    </message>
    <message>
        <source>无法连接邮件服务器 {host}:{port}（{reason}）：请检查服务器地址、端口和网络</source>
        <translation>Cannot reach the mail server {host}:{port} ({reason}): check the server address, the port and the network</translation>
    </message>
    <message>
        <source>发送邮件失败：{reason}</source>
        <translation>Sending the e-mail failed: {reason}</translation>
    </message>
    <message>
        <source>不能写入备份位置 {path}：{reason}</source>
        <translation>Cannot write to the backup place {path}: {reason}</translation>
    </message>
    <message>
        <source>找不到文件夹 {path}（U盘没插好，或同步文件夹还没有建？）</source>
        <translation>Folder {path} not found (is the USB drive plugged in, or the synced folder not created yet?)</translation>
    </message>
    <message>
        <source>{path} 不是文件夹</source>
        <translation>{path} is not a folder</translation>
    </message>
    <message>
        <source>这个备份位置不能用：{reason}</source>
        <translation>This backup place cannot be used: {reason}</translation>
    </message>
    <message>
        <source>此账本已有 {count} 张非演示发票：演示数据只能生成在新的空账本或演示账本中</source>
        <translation>This ledger already holds {count} invoices that are not demo data: demo data goes only into a new empty ledger or a demo ledger</translation>
    </message>
    <message>
        <source>{period} 已结账锁定，演示数据不能写入锁定的月份</source>
        <translation>{period} is closed and locked: demo data cannot be written into a locked month</translation>
    </message>
    <message>
        <source>没有这个课程：{lesson}</source>
        <translation>No such lesson: {lesson}</translation>
    </message>
    <message>
        <source>现在没有进行中的课程</source>
        <translation>No lesson is in progress</translation>
    </message>
    <message>
        <source>课程还没完成：第 {number} 步“{step}”还没做到（步骤要按顺序完成）</source>
        <translation>The lesson is not complete: step {number} “{step}” has not been done yet (steps count in order)</translation>
    </message>
    <message>
        <source>当前打开的已经是练习台账</source>
        <translation>The practice ledger is already open</translation>
    </message>
    <message>
        <source>课程只能在练习模式中进行，以免练习的登记进入正式台账。请先点“练习模式”（菜单 练习 → 进入练习模式），再开始课程。</source>
        <translation>Lessons run in practice mode only, so that practice entries never reach the real ledger. Click “Practice mode” (menu Practice) first, then start the lesson.</translation>
    </message>
    <message>
        <source>复训周期必须是 1 到 60 之间的整数（月）：{value}</source>
        <translation>The refresher period must be a whole number of months from 1 to 60: {value}</translation>
    </message>
    <message>
        <source>请填写完成培训的人</source>
        <translation>Enter who completed the training</translation>
    </message>
    <message>
        <source>已有名为 {name} 的账户</source>
        <translation>There is already an account named {name}</translation>
    </message>
    <message>
        <source>没有名为 {name} 的账户</source>
        <translation>There is no account named {name}</translation>
    </message>
    <message>
        <source>{name} 是最后一位店长，不能停用</source>
        <translation>{name} is the last owner and cannot be disabled</translation>
    </message>
    <message>
        <source>{name} 是最后一位店长，不能改为其他角色</source>
        <translation>{name} is the last owner and cannot be given another role</translation>
    </message>
    <message>
        <source>登录失败次数过多：请 {seconds} 秒后再试</source>
        <translation>Too many failed sign-ins: try again in {seconds} s</translation>
    </message>
    <message>
        <source>姓名或 PIN 不正确</source>
        <translation>Wrong name or PIN</translation>
    </message>
    <message>
        <source>姓名或密码不正确</source>
        <translation>Wrong name or password</translation>
    </message>
    <message>
        <source>账户 {name} 已停用</source>
        <translation>Account {name} is disabled</translation>
    </message>
    <message>
        <source>需要另一位会计或店长（不是 {name} 本人）输入 PIN 确认</source>
        <translation>Another bookkeeper or owner (not {name}) must confirm with their PIN</translation>
    </message>
    <message>
        <source>{name} 是店员：确认人须为会计或店长</source>
        <translation>{name} is a clerk: the second person must be a bookkeeper or owner</translation>
    </message>
    <message>
        <source>请先登录：此操作需要{role}或以上的账户</source>
        <translation>Sign in first: this needs a {role} account or higher</translation>
    </message>
    <message>
        <source>账户 {name} 已停用或不存在：请重新登录</source>
        <translation>Account {name} is disabled or gone: sign in again</translation>
    </message>
    <message>
        <source>{name}（{current}）无权执行此操作：需要{role}或以上</source>
        <translation>{name} ({current}) may not do this: it needs {role} or higher</translation>
    </message>
    <message>
        <source>该差异已被 {who} 于 {time} 修改，请看过最新结果后再处理</source>
        <translation>This difference was changed by {who} at {time}; review the current result before resolving it</translation>
    </message>
    <message>
        <source>已开票</source>
        <translation>invoiced</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>开票申请 {id} 已被 {who} 于 {time} 处理（{status}），不能再次处理</source>
        <translation>Invoice request {id} was already handled by {who} at {time} ({status}); it cannot be handled again</translation>
    </message>
    <message>
        <source>找不到 PostgreSQL 的 {tool}：请安装与数据库服务器同一主版本（或更新）的 PostgreSQL 客户端工具，或把它所在的文件夹加入 PATH</source>
        <translation>PostgreSQL&apos;s {tool} was not found: install the PostgreSQL client tools of the server&apos;s major version (or newer), or add their folder to PATH</translation>
    </message>
    <message>
        <source>{tool} 的版本 {version} 比数据库服务器的 {server} 旧，不能用它备份或恢复（旧版本读不全新服务器的数据）：请安装 PostgreSQL {major} 或更新版本的客户端工具</source>
        <translation>{tool} is version {version}, older than the database server&apos;s {server}, and cannot back it up or restore it (an older version cannot read all of a newer server&apos;s data): install the PostgreSQL {major} client tools or newer</translation>
    </message>
    <message>
        <source>数据库 {name} 已存在：恢复只写入新数据库，请换一个名字</source>
        <translation>Database {name} already exists: a restore only writes a new database, please choose another name</translation>
    </message>
    <message>
        <source>PostgreSQL 操作失败：{detail}</source>
        <translation>PostgreSQL operation failed: {detail}</translation>
    </message>
    <message>
        <source>这是 PostgreSQL 台账的备份：请在连接 PostgreSQL 台账时校验或恢复它</source>
        <translation>This is a backup of a PostgreSQL ledger: verify or restore it while connected to a PostgreSQL ledger</translation>
    </message>
    <message>
        <source>连不上台账服务器，请检查网络或服务器（{reason}）；恢复后再试</source>
        <translation>Cannot reach the ledger server: check the network or the server ({reason}), then try again</translation>
    </message>
    <message>
        <source>服务器连接中断：更正需联网后进行</source>
        <translation>Connection to the server lost: corrections need the server</translation>
    </message>
    <message>
        <source>待同步记录 {seq} 不存在或已处理</source>
        <translation>Waiting entry {seq} does not exist or was already handled</translation>
    </message>
    <message>
        <source>开票申请没有发票号码，不能改号；请放弃后重新登记</source>
        <translation>An invoice request has no invoice number to change: give it up and record it again</translation>
    </message>
</context>
<context>
    <name>SetupBackupPage</name>
    <message>
        <source>第一个备份位置</source>
        <translation>The first backup place</translation>
    </message>
    <message>
        <source>选一个不在这台电脑硬盘上的文件夹：U盘，或网盘（坚果云、OneDrive等）的同步文件夹。点“下一步”会马上试写并做第一次备份。</source>
        <translation>Choose a folder that is not on this computer&apos;s disk: a USB drive, or a cloud drive&apos;s synced folder (Nutstore, OneDrive…). &quot;Next&quot; tries writing there at once and makes the first backup.</translation>
    </message>
    <message>
        <source>文件夹的完整路径</source>
        <translation>Full path of the folder</translation>
    </message>
    <message>
        <source>选择文件夹…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <source>以后再设置</source>
        <translation>Set up later</translation>
    </message>
    <message>
        <source>选择备份位置</source>
        <translation>Choose the backup place</translation>
    </message>
    <message>
        <source>正在试写并做第一次备份…</source>
        <translation>Trying to write and making the first backup…</translation>
    </message>
</context>
<context>
    <name>SetupDonePage</name>
    <message>
        <source>设置好了</source>
        <translation>All set</translation>
    </message>
    <message>
        <source>本店：{name}（{tax_id}）</source>
        <translation>Shop: {name} ({tax_id})</translation>
    </message>
    <message>
        <source>备份位置：{path}</source>
        <translation>Backup place: {path}</translation>
    </message>
    <message>
        <source>备份位置：还没有设置（以后在“备份”页添加）</source>
        <translation>Backup place: not set yet (add one later on the Backup page)</translation>
    </message>
    <message>
        <source>应急预案人员：已填写 {count} 位</source>
        <translation>Emergency plan: {count} people filled in</translation>
    </message>
    <message>
        <source>台账是空的。接下来：</source>
        <translation>The ledger is empty. Next:</translation>
    </message>
</context>
<context>
    <name>SetupPeoplePage</name>
    <message>
        <source>应急预案的人员</source>
        <translation>The emergency plan&apos;s people</translation>
    </message>
    <message>
        <source>开票系统出故障时谁负责、谁收集发票、谁联系客户和税务机关。可以以后再填。</source>
        <translation>Who is in charge when the invoicing system fails, who collects the invoices, who talks to customers and the tax office. This can be filled in later.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>以后再填</source>
        <translation>Fill in later</translation>
    </message>
</context>
<context>
    <name>SetupShopPage</name>
    <message>
        <source>本店</source>
        <translation>Your shop</translation>
    </message>
    <message>
        <source>本店名称和统一社会信用代码：对账时用它分辨本店开出的发票和收到的发票。</source>
        <translation>The shop&apos;s name and unified social credit code: reconciliation uses it to tell the invoices the shop issued from those it received.</translation>
    </message>
    <message>
        <source>例如：北京某某餐饮有限公司</source>
        <translation>e.g. 北京某某餐饮有限公司</translation>
    </message>
    <message>
        <source>18位统一社会信用代码</source>
        <translation>18-character unified social credit code</translation>
    </message>
    <message>
        <source>本店名称</source>
        <translation>Shop name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>开店设置</source>
        <translation>Shop setup</translation>
    </message>
    <message>
        <source>关闭，下次继续</source>
        <translation>Close, continue next time</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>开始使用</source>
        <translation>Start</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>切换操作人</source>
        <translation>Switch person</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>输入你的 PIN 切换为你本人操作</source>
        <translation>Type your PIN to act as yourself</translation>
    </message>
    <message>
        <source>本台账已启用账户：请用自己的账户登录</source>
        <translation>This ledger has accounts: sign in with your own</translation>
    </message>
</context>
<context>
    <name>Slip</name>
    <message>
        <source>本凭条不是发票，不能用于报销或抵扣</source>
        <translation>This slip is not an invoice and cannot be used for expense claims or tax deduction</translation>
    </message>
    <message>
        <source>价税合计：{total}</source>
        <translation>Total incl. tax: {total}</translation>
    </message>
    <message>
        <source>（大写）{words}</source>
        <translation>(amount in words) {words}</translation>
    </message>
    <message>
        <source>练习</source>
        <translation>PRACTICE</translation>
    </message>
    <message>
        <source>练习模式打印，仅供培训，不是真实记录</source>
        <translation>Printed in practice mode, for training only, not a real record</translation>
    </message>
    <message>
        <source>申请编号</source>
        <translation>Request No.</translation>
    </message>
    <message>
        <source>登记时间</source>
        <translation>Recorded at</translation>
    </message>
    <message>
        <source>购买方</source>
        <translation>Buyer</translation>
    </message>
    <message>
        <source>识别号</source>
        <translation>Tax ID</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>邮箱</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>承诺开具时间</source>
        <translation>Promised issue time</translation>
    </message>
    <message>
        <source>经办人</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>开票系统暂时无法使用，本店已登记您的开票申请，开具后将按上述方式交付。</source>
        <translation>The invoicing system is temporarily unavailable. We have recorded your invoice request and will deliver the invoice as above once it is issued.</translation>
    </message>
    <message>
        <source>开票申请回执</source>
        <translation>Invoice request receipt</translation>
    </message>
    <message>
        <source>发票代码</source>
        <translation>Invoice code</translation>
    </message>
    <message>
        <source>发票号码</source>
        <translation>Invoice number</translation>
    </message>
    <message>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>以上为本店台账记录。正式发票以电子发票服务平台为准，可凭号码下载或查验。</source>
        <translation>The above is from our shop&apos;s ledger. The official invoice is the one on the e-invoice service platform; it can be downloaded or verified by its number.</translation>
    </message>
    <message>
        <source>发票登记凭条</source>
        <translation>Invoice record slip</translation>
    </message>
</context>
<context>
    <name>SnapshotModel</name>
    <message>
        <source>备份时间</source>
        <translation>Backed up at</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>发票数</source>
        <translation>Invoices</translation>
    </message>
    <message>
        <source>写入大小</source>
        <translation>Size written</translation>
    </message>
    <message>
        <source>校验</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>备份位置</source>
        <translation>Backup location</translation>
    </message>
    <message>
        <source>清单已损坏</source>
        <translation>Manifest damaged</translation>
    </message>
    <message>
        <source>已验证</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>损坏</source>
        <translation>Damaged</translation>
    </message>
    <message>
        <source>未验证</source>
        <translation>Not verified</translation>
    </message>
</context>
<context>
    <name>Splash</name>
    <message>
        <source>正在打开主窗口…</source>
        <translation>Opening the main window…</translation>
    </message>
    <message>
        <source>正在检查数据库…</source>
        <translation>Checking the database…</translation>
    </message>
    <message>
        <source>{step}（{seconds:.1f} 秒）</source>
        <translation>{step} ({seconds:.1f} s)</translation>
    </message>
    <message>
        <source>正在启动，请稍候</source>
        <translation>Starting, please wait</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>数据库文件已损坏（{reason}）：已改为只读打开，不能登记或修改。请从最新的已验证备份恢复</source>
        <translation>The database file is damaged ({reason}): opened read-only, nothing can be recorded or changed. Restore the latest verified backup</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>正常</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>已作废</source>
        <translation>Voided</translation>
    </message>
    <message>
        <source>已红冲-部分</source>
        <translation>Red-flushed (partly)</translation>
    </message>
    <message>
        <source>已红冲-全额</source>
        <translation>Red-flushed (fully)</translation>
    </message>
</context>
<context>
    <name>StepPage</name>
    <message>
        <source>应急演练：这是练习，不会改动任何真实发票、开票申请或停机状态</source>
        <translation>Emergency drill: this is practice; no real invoice, invoice request or outage state is changed</translation>
    </message>
    <message>
        <source>跳过此步</source>
        <translation>Skip this step</translation>
    </message>
    <message>
        <source>完成这一步，继续</source>
        <translation>Done, continue</translation>
    </message>
    <message>
        <source>（预案中未填写）</source>
        <translation>(not in the plan)</translation>
    </message>
    <message>
        <source>负责：{role} {name}</source>
        <translation>In charge: {role} {name}</translation>
    </message>
    <message>
        <source>&#x3000;电话 {phone}</source>
        <translation>  Phone {phone}</translation>
    </message>
    <message>
        <source>第 {n} 步：{title}</source>
        <translation>Step {n}: {title}</translation>
    </message>
    <message>
        <source>约 {m} 分钟</source>
        <translation>About {m} min</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>已跳过</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>{verb}：{by}，{at}</source>
        <translation>{verb}: {by}, {at}</translation>
    </message>
</context>
<context>
    <name>Store</name>
    <message>
        <source>连不上台账服务器 {target}：{reason}</source>
        <translation>Cannot reach the ledger server {target}: {reason}</translation>
    </message>
    <message>
        <source>{target} 不是可用的发票台账数据库（{reason}），请从备份恢复</source>
        <translation>{target} is not a usable InvoiceDesk database ({reason}); please restore it from a backup</translation>
    </message>
    <message>
        <source>无法打开数据库 {target}：{reason}</source>
        <translation>Cannot open the database {target}: {reason}</translation>
    </message>
    <message>
        <source>数据库版本（{found}）比本程序新（{known}），请升级发票台账助手</source>
        <translation>The database version ({found}) is newer than this program ({known}); please upgrade InvoiceDesk</translation>
    </message>
    <message>
        <source>另一个程序正在写入台账（已等待 {seconds} 秒），本次没有保存，请稍后再试</source>
        <translation>Another program is writing to the ledger (waited {seconds} s). Nothing was saved; please try again shortly</translation>
    </message>
    <message>
        <source>这个台账已于 {time} 由 {actor} 从备份恢复为新数据库 {database}，这里不再记录，刚才的内容没有保存。请关闭发票台账助手后重新打开：它会打开新数据库。</source>
        <translation>On {time} {actor} restored this ledger from a backup into the new database {database}; nothing more is recorded here, and what you just entered was not saved. Close InvoiceDesk and open it again: it will open the new database.</translation>
    </message>
</context>
<context>
    <name>SummaryModel</name>
    <message>
        <source>分组</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>张数</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <source>价税合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>回车或双击：在台账中查看这些发票</source>
        <translation>Enter or double-click: show these invoices in the ledger</translation>
    </message>
</context>
<context>
    <name>TaxOfficePage</name>
    <message>
        <source>已报告税务机关</source>
        <translation>Tax office informed</translation>
    </message>
    <message>
        <source>主管税务机关</source>
        <translation>Competent tax office</translation>
    </message>
    <message>
        <source>纳税服务热线</source>
        <translation>Taxpayer service hotline</translation>
    </message>
    <message>
        <source>请拨打：</source>
        <translation>Please call:</translation>
    </message>
    <message>
        <source>照着读：</source>
        <translation>Read out:</translation>
    </message>
    <message>
        <source>复制摘要</source>
        <translation>Copy summary</translation>
    </message>
    <message>
        <source>例如：海淀区税务局 李科员</source>
        <translation>E.g.: Haidian district tax bureau, officer Li</translation>
    </message>
    <message>
        <source>接听人</source>
        <translation>Answered by</translation>
    </message>
    <message>
        <source>答复</source>
        <translation>Reply</translation>
    </message>
    <message>
        <source>拨打的电话</source>
        <translation>Number called</translation>
    </message>
</context>
<context>
    <name>Text</name>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{label}：</source>
        <translation>{label}: </translation>
    </message>
    <message>
        <source>zh_CN</source>
        <translation>en</translation>
    </message>
    <message>
        <source>{sentence}{next}</source>
        <translation>{sentence} {next}</translation>
    </message>
    <message>
        <source>{text}（{note}）</source>
        <translation>{text} ({note})</translation>
    </message>
</context>
<context>
    <name>TrainingDialog</name>
    <message>
        <source>培训登记</source>
        <translation>Training register</translation>
    </message>
    <message>
        <source>正在读取培训登记…</source>
        <translation>Reading the training register…</translation>
    </message>
    <message>
        <source>只看该复训的</source>
        <translation>Due for a refresher only</translation>
    </message>
    <message>
        <source>员工</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>课程或演练</source>
        <translation>Lesson or drill</translation>
    </message>
    <message>
        <source>完成时间</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>用时</source>
        <translation>Time taken</translation>
    </message>
    <message>
        <source>复训日期</source>
        <translation>Refresher due</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source> 个月</source>
        <translation> months</translation>
    </message>
    <message>
        <source>保存复训周期</source>
        <translation>Save refresher period</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>复训周期：</source>
        <translation>Refresher period:</translation>
    </message>
    <message>
        <source>{m} 分 {s} 秒</source>
        <translation>{m} min {s} s</translation>
    </message>
    <message>
        <source>该复训</source>
        <translation>Refresher due</translation>
    </message>
    <message>
        <source>有效</source>
        <translation>Current</translation>
    </message>
    <message>
        <source>共 {count} 条记录，{due} 条该复训（复训周期 {months} 个月）</source>
        <translation>{count} records, {due} due for a refresher (refresher every {months} months)</translation>
    </message>
</context>
<context>
    <name>TrainingPack</name>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>课程或演练</source>
        <translation>Lesson or drill</translation>
    </message>
    <message>
        <source>最近完成时间</source>
        <translation>Last completed</translation>
    </message>
    <message>
        <source>用时（秒）</source>
        <translation>Time taken (s)</translation>
    </message>
    <message>
        <source>完成次数</source>
        <translation>Times</translation>
    </message>
    <message>
        <source>复训日期</source>
        <translation>Refresher due on</translation>
    </message>
    <message>
        <source>是否到期</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>到期</source>
        <translation>due</translation>
    </message>
</context>
<context>
    <name>TrendsPage</name>
    <message>
        <source>按票种</source>
        <translation>By kind</translation>
    </message>
    <message>
        <source>按税率</source>
        <translation>By tax rate</translation>
    </message>
    <message>
        <source>价税合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>张数</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>分组(&amp;G)：</source>
        <translation>&amp;Group by:</translation>
    </message>
    <message>
        <source>指标(&amp;M)：</source>
        <translation>&amp;Measure:</translation>
    </message>
    <message>
        <source>正在读取历史…</source>
        <translation>Reading history…</translation>
    </message>
    <message>
        <source>还没有发票</source>
        <translation>No invoices yet</translation>
    </message>
    <message>
        <source>万元</source>
        <translation>¥10k</translation>
    </message>
    <message>
        <source>张</source>
        <translation>invoices</translation>
    </message>
    <message>
        <source>预测</source>
        <translation>Forecast</translation>
    </message>
    <message>
        <source>每月价税合计</source>
        <translation>Monthly total incl. tax</translation>
    </message>
    <message>
        <source>每月发票张数</source>
        <translation>Monthly invoice count</translation>
    </message>
    <message>
        <source>（最近 {n} 个月）</source>
        <translation> (last {n} months)</translation>
    </message>
    <message>
        <source>&#x3000;* 本月尚未结束。</source>
        <translation>  * This month is not over yet.</translation>
    </message>
    <message>
        <source>完整的月份不足，暂不预测（至少需要4个月）。</source>
        <translation>Not enough complete months for a forecast (at least 4 needed).</translation>
    </message>
    <message>
        <source>无法计算（有为零的月份）</source>
        <translation>Cannot compute (some months are zero)</translation>
    </message>
    <message>
        <source>预测（{method}，按回测误差较小者选择）：{values}。回测平均绝对误差 {mae}，平均百分比误差 {mape}，基于 {points} 个回测点。预测仅供参考。</source>
        <translation>Forecast ({method}, chosen by the smaller back-test error): {values}. Back-test mean absolute error {mae}, mean percentage error {mape}, from {points} back-test points. For reference only.</translation>
    </message>
    <message>
        <source>{period}：{value}</source>
        <translation>{period}: {value}</translation>
    </message>
</context>
<context>
    <name>Verification</name>
    <message>
        <source>查验成功</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>查无此票</source>
        <translation>No such invoice</translation>
    </message>
    <message>
        <source>信息不一致</source>
        <translation>Details differ</translation>
    </message>
    <message>
        <source>查验次数超限</source>
        <translation>Too many checks</translation>
    </message>
    <message>
        <source>当天票不能查验</source>
        <translation>Issued today, not yet checkable</translation>
    </message>
    <message>
        <source>超过五年</source>
        <translation>Over five years old</translation>
    </message>
    <message>
        <source>已作废</source>
        <translation>Voided</translation>
    </message>
    <message>
        <source>已红冲</source>
        <translation>Red-flushed</translation>
    </message>
    <message>
        <source>未核对</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <source>已核对一致</source>
        <translation>Checked, matches</translation>
    </message>
    <message>
        <source>有问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>发票号码</source>
        <translation>Invoice number</translation>
    </message>
    <message>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>价税合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>发票代码</source>
        <translation>Invoice code</translation>
    </message>
    <message>
        <source>开具金额（不含税）</source>
        <translation>Amount (excl. tax)</translation>
    </message>
    <message>
        <source>（请看发票上校验码的后6位）</source>
        <translation>(see the last 6 digits of the check code on the invoice)</translation>
    </message>
    <message>
        <source>校验码后6位</source>
        <translation>Last 6 digits of check code</translation>
    </message>
    <message>
        <source>这张发票今天才开具，查验网站从明天（{day}）起才能查到</source>
        <translation>This invoice was issued today; the verification site can find it from tomorrow ({day})</translation>
    </message>
    <message>
        <source>这张发票今天已查验{count}次，每张发票每天最多查验5次，请明天再查</source>
        <translation>This invoice was checked {count} times today; each invoice can be checked at most 5 times a day. Try again tomorrow</translation>
    </message>
    <message>
        <source>这张发票开具已超过五年，查验网站不再提供查验</source>
        <translation>This invoice was issued more than five years ago; the verification site no longer checks it</translation>
    </message>
</context>
<context>
    <name>VerificationFeature</name>
    <message>
        <source>查找发票</source>
        <translation>Find invoices</translation>
    </message>
    <message>
        <source>对账核验</source>
        <translation>Reconciliation</translation>
    </message>
    <message>
        <source>查找发票…</source>
        <translation>Find invoices…</translation>
    </message>
    <message>
        <source>与电子发票服务平台对账…</source>
        <translation>Reconcile with the tax platform…</translation>
    </message>
    <message>
        <source>核对(&amp;C)</source>
        <translation>&amp;Check</translation>
    </message>
</context>
<context>
    <name>VerificationPage</name>
    <message>
        <source>导入平台导出文件…（Ctrl+O）</source>
        <translation>Import platform export… (Ctrl+O)</translation>
    </message>
    <message>
        <source>期间 YYYY-MM（空=文件中最多的月份）</source>
        <translation>Period YYYY-MM (empty = the month most common in the file)</translation>
    </message>
    <message>
        <source>还没有对账记录：请导入电子发票服务平台“全量发票查询”导出的文件</source>
        <translation>No reconciliations yet: import a file exported from “Full invoice query” on the e-invoice service platform</translation>
    </message>
    <message>
        <source>完成对账</source>
        <translation>Finish reconciliation</translation>
    </message>
    <message>
        <source>已读取 %v 行</source>
        <translation>%v rows read</translation>
    </message>
    <message>
        <source>取消导入</source>
        <translation>Cancel import</translation>
    </message>
    <message>
        <source>在差异中查找号码或购买方</source>
        <translation>Find a number or buyer in the differences</translation>
    </message>
    <message>
        <source>只看未处理</source>
        <translation>Open only</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>台账</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <source>电子发票服务平台</source>
        <translation>E-invoice platform</translation>
    </message>
    <message>
        <source>处理说明（必填；补录和按平台更正可不填）</source>
        <translation>Explanation (required; optional when adding or correcting from platform data)</translation>
    </message>
    <message>
        <source>“已更正台账”时按平台数据更正日期和购买方</source>
        <translation>With “Ledger corrected”, correct date and buyer from platform data</translation>
    </message>
    <message>
        <source>对账记录：</source>
        <translation>Reconciliations:</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>{period}  {file}（{state}）</source>
        <translation>{period}  {file} ({state})</translation>
    </message>
    <message>
        <source>{period} 对账已完成（{who}，{when}）：一致 {matched} 张，差异 {diffs} 个均已处理</source>
        <translation>{period} reconciliation finished ({who}, {when}): {matched} matched, all {diffs} differences handled</translation>
    </message>
    <message>
        <source>{period} 对账进行中：平台 {platform} 张，台账 {ledger} 张，一致 {matched} 张；还有 {open} 个差异未处理。全部处理后点“完成对账”。进项发票 {received} 张另计。</source>
        <translation>{period} reconciliation in progress: platform {platform}, ledger {ledger}, matched {matched}; {open} differences still open. When all are handled, click “Finish reconciliation”. {received} received invoices are counted separately.</translation>
    </message>
    <message>
        <source>全部差异（{count}）</source>
        <translation>All differences ({count})</translation>
    </message>
    <message>
        <source>{label}（{count}）</source>
        <translation>{label} ({count})</translation>
    </message>
    <message>
        <source>已处理：{action}（{who}）{note}</source>
        <translation>Handled: {action} ({who}) {note}</translation>
    </message>
    <message>
        <source>按数字键 1–6 处理选中的差异</source>
        <translation>Press 1–6 to handle the selected difference</translation>
    </message>
    <message>
        <source>请先填写处理说明，再选择处理方式</source>
        <translation>Enter an explanation first, then choose how to handle it</translation>
    </message>
    <message>
        <source>选择电子发票服务平台导出的文件</source>
        <translation>Choose a file exported from the e-invoice service platform</translation>
    </message>
    <message>
        <source>全量发票查询导出 (*.xlsx *.csv);;所有文件 (*)</source>
        <translation>Full invoice query export (*.xlsx *.csv);;All files (*)</translation>
    </message>
    <message>
        <source>期间应为 YYYY-MM，例如 2026-10</source>
        <translation>The period should be YYYY-MM, e.g. 2026-10</translation>
    </message>
    <message>
        <source>这个文件（{name}）以前导入过，已用其中的数据重新对账。</source>
        <translation>This file ({name}) was imported before; reconciled again with its data.</translation>
    </message>
</context>
<context>
    <name>VerificationPanel</name>
    <message>
        <source>查验网站要填写的内容</source>
        <translation>What to enter on the verification site</translation>
    </message>
    <message>
        <source>复制查验信息</source>
        <translation>Copy verification details</translation>
    </message>
    <message>
        <source>查验网站：&lt;a href=&quot;{url}&quot;&gt;{url}&lt;/a&gt;</source>
        <translation>Verification site: &lt;a href=&quot;{url}&quot;&gt;{url}&lt;/a&gt;</translation>
    </message>
    <message>
        <source>请选择网站的答复…</source>
        <translation>Choose the site’s answer…</translation>
    </message>
    <message>
        <source>校验码后6位（普票才需要）</source>
        <translation>Last 6 digits of check code (ordinary invoices only)</translation>
    </message>
    <message>
        <source>备注（可选）</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <source>记录查验结果</source>
        <translation>Record verification result</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>查验人</source>
        <translation>Checked by</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>网站答复：</source>
        <translation>Site&apos;s answer:</translation>
    </message>
    <message>
        <source>校验码：</source>
        <translation>Check code:</translation>
    </message>
    <message>
        <source>备注：</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>查验记录</source>
        <translation>Verification records</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>作废发票</source>
        <translation>Void invoice</translation>
    </message>
    <message>
        <source>必填：作废原因</source>
        <translation>Required: reason for voiding</translation>
    </message>
    <message>
        <source>只有当月开具、全部联次收回的纸质发票可以作废；数电票请红冲。</source>
        <translation>Only paper invoices issued this month with all copies returned can be voided; for digital e-invoices use a red-letter reversal (红冲).</translation>
    </message>
    <message>
        <source>作废原因</source>
        <translation>Void reason</translation>
    </message>
</context>
<context>
    <name>_ChangeDialog</name>
    <message>
        <source>{buyer}&#x3000;{date}&#x3000;价税合计 {total}</source>
        <translation>{buyer}   {date}   Total {total}</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
</context>
</TS>
