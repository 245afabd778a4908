<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AmountField</name>
    <message>
        <source>万元</source>
        <translation>10k yuan</translation>
    </message>
    <message>
        <source>＝ %1 万元</source>
        <translation>= %1 (10k yuan)</translation>
    </message>
</context>
<context>
    <name>AnnualPlanModel</name>
    <message>
        <source>镇街</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>计划企业数</source>
        <translation>Planned enterprises</translation>
    </message>
    <message>
        <source>计划投资（万元）</source>
        <translation>Investment (10k yuan)</translation>
    </message>
    <message>
        <source>%1 %2：%3</source>
        <translation>%1, %2: %3</translation>
    </message>
    <message>
        <source>%1 的计划刚被他人修改，已重新读取</source>
        <translation>Someone else just changed the plan for %1; it has been reloaded</translation>
    </message>
    <message>
        <source>应为整数，不是“%1”</source>
        <translation>Must be a whole number, not “%1”</translation>
    </message>
    <message>
        <source>不能为负数</source>
        <translation>Cannot be negative</translation>
    </message>
</context>
<context>
    <name>AnnualPlanWindow</name>
    <message>
        <source>年度计划</source>
        <translation>Annual plans</translation>
    </message>
    <message>
        <source>年度 </source>
        <translation>Year </translation>
    </message>
    <message>
        <source>直接输入数字即可修改，回车保存；投资可写 1,200、1200万元 或 0.12亿。</source>
        <translation>Type a number to change a cell and press Enter to save; investment may be written as 1,200, 1200万元 or 0.12亿.</translation>
    </message>
    <message>
        <source>只能查看：年度计划由管理员修改。</source>
        <translation>View only: annual plans are changed by an administrator.</translation>
    </message>
    <message>
        <source>%1 的计划已保存</source>
        <translation>Plan for %1 saved</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>备份与恢复</source>
        <translation>Backups and Restore</translation>
    </message>
    <message>
        <source>数据库：%1
备份文件夹：%2</source>
        <translation>Database: %1
Backup folder: %2</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>校验</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>还没有备份。</source>
        <translation>No backups yet.</translation>
    </message>
    <message>
        <source>立即备份(&amp;B)</source>
        <translation>&amp;Back Up Now</translation>
    </message>
    <message>
        <source>恢复所选(&amp;R)…</source>
        <translation>&amp;Restore Selected…</translation>
    </message>
    <message>
        <source>打开所在文件夹(&amp;O)</source>
        <translation>&amp;Open Folder</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>每日</source>
        <translation>Daily</translation>
    </message>
    <message>
        <source>手动</source>
        <translation>Manual</translation>
    </message>
    <message>
        <source>导入前</source>
        <translation>Before import</translation>
    </message>
    <message>
        <source>恢复前</source>
        <translation>Before restore</translation>
    </message>
    <message>
        <source>载入演示数据前</source>
        <translation>Before loading demo data</translation>
    </message>
    <message>
        <source>升级前</source>
        <translation>Before upgrade</translation>
    </message>
    <message>
        <source>升级前（%1）</source>
        <translation>Before upgrade (%1)</translation>
    </message>
    <message>
        <source>正在检查…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>通过</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>未通过</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>服务器数据库由服务器备份（pg_dump），不在这里备份或恢复</source>
        <translation>A server database is backed up on the server (pg_dump), not here</translation>
    </message>
    <message>
        <source>只有管理员可以恢复备份</source>
        <translation>Only an administrator can restore a backup</translation>
    </message>
    <message>
        <source>数据库已损坏，无法备份；请恢复一个完好的备份</source>
        <translation>The database is damaged and cannot be backed up; restore a good backup</translation>
    </message>
    <message>
        <source>立即做一份经完整性检查的备份</source>
        <translation>Make a backup now, verified by an integrity check</translation>
    </message>
    <message>
        <source>这个备份没有通过检查，不能用于恢复</source>
        <translation>This backup failed its check and cannot be restored</translation>
    </message>
    <message>
        <source>用所选备份替换当前数据库（当前数据库先备份）</source>
        <translation>Replace the current database with the selected backup (the current database is backed up first)</translation>
    </message>
    <message>
        <source>正在备份，请稍候…</source>
        <translation>Backing up, please wait…</translation>
    </message>
    <message>
        <source>已备份并通过完整性检查：%1</source>
        <translation>Backed up and verified: %1</translation>
    </message>
    <message>
        <source>备份没有完成：%1</source>
        <translation>The backup did not complete: %1</translation>
    </message>
    <message>
        <source>当前数据库已损坏，无法先备份；它会保留在原文件夹中（文件名含 .damaged-）。</source>
        <translation>The current database is damaged and cannot be backed up first; it stays in its folder (its name contains .damaged-).</translation>
    </message>
    <message>
        <source>当前数据库会先备份（原因：恢复前），需要时可以再恢复回来。</source>
        <translation>The current database is backed up first (reason: before restore), so you can restore it again if needed.</translation>
    </message>
    <message>
        <source>用 %1 的备份（%2）替换当前数据库？</source>
        <translation>Replace the current database with the backup of %1 (%2)?</translation>
    </message>
    <message>
        <source>恢复时窗口会关闭，恢复完成后重新打开。</source>
        <translation>The window closes while restoring and opens again when the restore is done.</translation>
    </message>
    <message>
        <source>恢复备份</source>
        <translation>Restore Backup</translation>
    </message>
</context>
<context>
    <name>BriefingDialog</name>
    <message>
        <source>智能化技改工作简报</source>
        <translation>Smart-manufacturing work briefing</translation>
    </message>
    <message>
        <source>%1 年</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>全市</source>
        <translation>Whole city</translation>
    </message>
    <message>
        <source>按实际竣工日期统计“本期”；可输入 2018、2018Q3、2018-09</source>
        <translation>The current period counts projects by actual completion date; type 2018, 2018Q3 or 2018-09</translation>
    </message>
    <message>
        <source>%1 年已发至第 %2 期</source>
        <translation>Issues of %1 so far: %2</translation>
    </message>
    <message>
        <source>计划年度</source>
        <translation>Plan year</translation>
    </message>
    <message>
        <source>镇街</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>本期</source>
        <translation>Current period</translation>
    </message>
    <message>
        <source>期号</source>
        <translation>Issue no.</translation>
    </message>
    <message>
        <source>编发单位</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <source>报</source>
        <translation>To (superiors)</translation>
    </message>
    <message>
        <source>送</source>
        <translation>Copy to</translation>
    </message>
    <message>
        <source>发</source>
        <translation>Distribute to</translation>
    </message>
    <message>
        <source>共印份数</source>
        <translation>Copies printed</translation>
    </message>
    <message>
        <source>简报内容</source>
        <translation>Contents</translation>
    </message>
    <message>
        <source>版头与报尾</source>
        <translation>Masthead and distribution</translation>
    </message>
    <message>
        <source>生成预览(&amp;G)</source>
        <translation>&amp;Generate preview</translation>
    </message>
    <message>
        <source>取消生成</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>打印(&amp;P)…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <source>保存(&amp;S)…</source>
        <translation>&amp;Save…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>（不设本期）</source>
        <translation>(no current period)</translation>
    </message>
    <message>
        <source>简报</source>
        <translation>Briefing</translation>
    </message>
    <message>
        <source>正在生成…</source>
        <translation>Generating…</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>第 %1 期，共 %2 页。</source>
        <translation>Issue %1, %2 pages.</translation>
    </message>
    <message>
        <source>字库中没有的字符以 □ 显示：%1</source>
        <translation>Characters missing from the font are shown as □: %1</translation>
    </message>
    <message>
        <source>已取消。</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <source>生成简报失败：%1</source>
        <translation>Could not generate the briefing: %1</translation>
    </message>
    <message>
        <source>无法写入 %1：%2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message>
        <source>已保存：%1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <source>智能化技改工作简报%1年第%2期.pdf</source>
        <translation>briefing-%1-no%2.pdf</translation>
    </message>
    <message>
        <source>保存简报</source>
        <translation>Save briefing</translation>
    </message>
</context>
<context>
    <name>BusyDialog</name>
    <message>
        <source>请稍候</source>
        <translation>Please Wait</translation>
    </message>
</context>
<context>
    <name>CardsExport</name>
    <message>
        <source>正在生成项目档案卡…</source>
        <translation>Writing project cards…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>项目档案卡</source>
        <translation>Project cards</translation>
    </message>
    <message>
        <source>无法写入 %1：%2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message>
        <source>生成项目档案卡失败：%1</source>
        <translation>Could not write the project cards: %1</translation>
    </message>
</context>
<context>
    <name>CommitPage</name>
    <message>
        <source>正在导入</source>
        <translation>Importing</translation>
    </message>
    <message>
        <source>全部写入或全部不写入；按“取消”可随时停止，数据库不会留下一半。</source>
        <translation>Everything is written or nothing is: press Cancel at any time to stop, and the database is never left half-written.</translation>
    </message>
    <message>
        <source>正在写入数据库…</source>
        <translation>Writing to the database…</translation>
    </message>
    <message>
        <source>导入完成</source>
        <translation>Import finished</translation>
    </message>
    <message>
        <source>导入完成：%1</source>
        <translation>Import finished: %1</translation>
    </message>
    <message>
        <source>没有导入</source>
        <translation>Nothing imported</translation>
    </message>
    <message>
        <source>已取消：数据库没有任何改动。</source>
        <translation>Cancelled: the database was not changed.</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>记录已被他人修改</source>
        <translation>Record changed by someone else</translation>
    </message>
    <message>
        <source>您编辑这条记录期间，有人先保存了修改。下面列出两边不同的字段，请逐项选择要保留的内容；未列出的字段两边相同。</source>
        <translation>While you were editing this record, someone else saved changes to it. The fields that differ are listed below: choose which value to keep for each. Fields not listed are the same in both versions.</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>我的版本</source>
        <translation>Mine</translation>
    </message>
    <message>
        <source>对方的版本</source>
        <translation>Theirs</translation>
    </message>
    <message>
        <source>全部保留我的</source>
        <translation>Keep all mine</translation>
    </message>
    <message>
        <source>全部采用对方的</source>
        <translation>Take all theirs</translation>
    </message>
    <message>
        <source>按所选保存</source>
        <translation>Save as chosen</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>%1（双方都改了）</source>
        <translation>%1 (changed by both)</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>程序出错</source>
        <translation>Program error</translation>
    </message>
    <message>
        <source>详细信息已保存到 %1。</source>
        <translation>The details were saved to %1.</translation>
    </message>
    <message>
        <source>详细信息无法写入日志文件，请复制下面的内容。</source>
        <translation>The details could not be written to the log file; please copy them below.</translation>
    </message>
    <message>
        <source>程序遇到了一个意外错误，刚才的操作可能没有完成；已保存的数据不受影响，可以继续使用。请把下面的详细信息发送给维护人员。</source>
        <translation>The program ran into an unexpected error and the last action may not have finished; saved data is not affected and you can go on working. Please send the details below to the maintainers.</translation>
    </message>
    <message>
        <source>复制详细信息</source>
        <translation>Copy details</translation>
    </message>
    <message>
        <source>没有权限</source>
        <translation>Not permitted</translation>
    </message>
</context>
<context>
    <name>DamagedDialog</name>
    <message>
        <source>数据库已损坏</source>
        <translation>Database Damaged</translation>
    </message>
    <message>
        <source>恢复会用这个备份替换已损坏的数据库，备份之后的修改会丢失；已损坏的文件仍留在原文件夹中（文件名含 .damaged-），可交维护人员抢救。</source>
        <translation>Restoring replaces the damaged database with this backup; changes made after the backup are lost. The damaged file stays in its folder (its name contains .damaged-) so that support staff can try to recover it.</translation>
    </message>
    <message>
        <source>请保留这个文件，交维护人员处理。</source>
        <translation>Keep this file and hand it to support staff.</translation>
    </message>
    <message>
        <source>在此之前，本窗口只能查看，不能修改。</source>
        <translation> Until then, this window can only view, not change.</translation>
    </message>
    <message>
        <source>恢复最新的完好备份(&amp;R)</source>
        <translation>&amp;Restore Newest Good Backup</translation>
    </message>
    <message>
        <source>打开所在文件夹(&amp;O)</source>
        <translation>&amp;Open Folder</translation>
    </message>
    <message>
        <source>只读查看(&amp;V)</source>
        <translation>&amp;View Read-Only</translation>
    </message>
    <message>
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
</context>
<context>
    <name>DashboardWidget</name>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>计划年度</source>
        <translation>Plan year</translation>
    </message>
    <message>
        <source>镇街</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>计划企业（家）</source>
        <translation>Planned enterprises</translation>
    </message>
    <message>
        <source>完成企业（家）</source>
        <translation>Enterprises completed</translation>
    </message>
    <message>
        <source>完成率</source>
        <translation>Completion rate</translation>
    </message>
    <message>
        <source>项目总投资</source>
        <translation>Total investment</translation>
    </message>
    <message>
        <source>核定补助</source>
        <translation>Approved subsidy</translation>
    </message>
    <message>
        <source>财政资金撬动比</source>
        <translation>Fiscal leverage</translation>
    </message>
    <message>
        <source>服务商（家）</source>
        <translation>Service providers</translation>
    </message>
    <message>
        <source>规上覆盖率</source>
        <translation>Above-scale coverage</translation>
    </message>
    <message>
        <source>计划企业</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>完成企业</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>开工项目</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>竣工项目</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>计划完成情况（企业数，点击镇街筛选台账）</source>
        <translation>Plan vs. completed (enterprises; click a town to filter the ledger)</translation>
    </message>
    <message>
        <source>各镇街项目总投资（万元，点击筛选）</source>
        <translation>Total investment by town (10k yuan; click to filter)</translation>
    </message>
    <message>
        <source>产业集群投资占比（点击筛选）</source>
        <translation>Investment share by cluster (click to filter)</translation>
    </message>
    <message>
        <source>月度趋势（按实际开工、竣工日期）</source>
        <translation>Monthly trend (actual start and completion dates)</translation>
    </message>
    <message>
        <source>财政资金绩效</source>
        <translation>Fiscal performance</translation>
    </message>
    <message>
        <source>各镇街规上企业覆盖率（点击筛选）</source>
        <translation>Above-scale coverage by town (click to filter)</translation>
    </message>
    <message>
        <source>全部年度</source>
        <translation>All years</translation>
    </message>
    <message>
        <source>%1 年</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>全市</source>
        <translation>Whole city</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>读取失败：%1</source>
        <translation>Could not read: %1</translation>
    </message>
    <message>
        <source>核定补助：%1</source>
        <translation>Approved subsidy: %1</translation>
    </message>
    <message>
        <source>已拨付：%1</source>
        <translation>Paid: %1</translation>
    </message>
    <message>
        <source>项目总投资：%1</source>
        <translation>Total investment: %1</translation>
    </message>
    <message>
        <source>设备投资：%1</source>
        <translation>Equipment investment: %1</translation>
    </message>
    <message>
        <source>撬动比（总投资 ÷ 补助）：1 : %1</source>
        <translation>Leverage (total investment ÷ subsidy): 1 : %1</translation>
    </message>
    <message>
        <source>撬动比（设备投资 ÷ 补助）：1 : %1</source>
        <translation>Leverage (equipment investment ÷ subsidy): 1 : %1</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>年-月-日</source>
        <translation>yyyy-mm-dd</translation>
    </message>
    <message>
        <source>选择日期（F4）</source>
        <translation>Choose a date (F4)</translation>
    </message>
</context>
<context>
    <name>EnterpriseForm</name>
    <message>
        <source>曾用名</source>
        <translation>Former names</translation>
    </message>
    <message>
        <source>多个曾用名用顿号（、）分开</source>
        <translation>Separate several former names with 、</translation>
    </message>
    <message>
        <source>18 位</source>
        <translation>18 characters</translation>
    </message>
    <message>
        <source>规模以上工业企业</source>
        <translation>Above-scale industrial enterprise</translation>
    </message>
    <message>
        <source>如 2016</source>
        <translation>e.g. 2016</translation>
    </message>
    <message>
        <source>企业信息</source>
        <translation>Enterprise details</translation>
    </message>
</context>
<context>
    <name>EnterprisePicker</name>
    <message>
        <source>输入企业名称、曾用名或统一社会信用代码</source>
        <translation>Type an enterprise name, former name or USCC</translation>
    </message>
    <message>
        <source>新建企业…</source>
        <translation>New enterprise…</translation>
    </message>
    <message>
        <source>登记一家新企业并选中它</source>
        <translation>Register a new enterprise and select it</translation>
    </message>
    <message>
        <source>曾用名：%1</source>
        <translation>Former names: %1</translation>
    </message>
    <message>
        <source>无信用代码</source>
        <translation>No USCC</translation>
    </message>
</context>
<context>
    <name>EnterprisesWindow</name>
    <message>
        <source>企业登记</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <source>按名称、曾用名或统一社会信用代码查找（Ctrl+F）</source>
        <translation>Find by name, former name or USCC (Ctrl+F)</translation>
    </message>
    <message>
        <source>为该企业新建项目</source>
        <translation>New project for this enterprise</translation>
    </message>
</context>
<context>
    <name>ExchangeDialog</name>
    <message>
        <source>合并冲突</source>
        <translation>Merge conflicts</translation>
    </message>
    <message>
        <source>全部保留本库(&amp;M)</source>
        <translation>Keep all of &amp;mine</translation>
    </message>
    <message>
        <source>全部采用交换包(&amp;T)</source>
        <translation>Take all of &amp;theirs</translation>
    </message>
    <message>
        <source>按所选处理(&amp;S)</source>
        <translation>Re&amp;solve as chosen</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>来自交换包 %1</source>
        <translation>From package %1</translation>
    </message>
    <message>
        <source>待处理的冲突：%1 条</source>
        <translation>Conflicts waiting: %1</translation>
    </message>
    <message>
        <source>按所选处理会违反规则，请换一种选择：%1</source>
        <translation>Resolving this way would break a rule; please choose differently: %1</translation>
    </message>
    <message>
        <source>未能处理</source>
        <translation>Not resolved</translation>
    </message>
</context>
<context>
    <name>ExchangePackages</name>
    <message>
        <source>交换包</source>
        <translation>Exchange package</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>enterprises</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>projects</translation>
    </message>
    <message>
        <source>服务商</source>
        <translation>service providers</translation>
    </message>
    <message>
        <source>年度计划</source>
        <translation>annual plans</translation>
    </message>
    <message>
        <source>补助拨付</source>
        <translation>payments</translation>
    </message>
    <message>
        <source>导出交换包</source>
        <translation>Export exchange package</translation>
    </message>
    <message>
        <source>上次导出交换包是在 %1。这次导出哪些记录？</source>
        <translation>The last package was exported at %1. Which records go in this one?</translation>
    </message>
    <message>
        <source>上次以来的修改(&amp;C)</source>
        <translation>&amp;Changes since then</translation>
    </message>
    <message>
        <source>全部记录(&amp;A)</source>
        <translation>&amp;All records</translation>
    </message>
    <message>
        <source>正在导出交换包…</source>
        <translation>Exporting the package…</translation>
    </message>
    <message>
        <source>已导出：%1
交换包：%2</source>
        <translation>Exported: %1
Package: %2</translation>
    </message>
    <message>
        <source>导入交换包</source>
        <translation>Import exchange package</translation>
    </message>
    <message>
        <source>正在读取并核对交换包…</source>
        <translation>Reading and checking the package…</translation>
    </message>
    <message>
        <source>交换包 %1 已于 %2 合并过，本次没有任何修改。</source>
        <translation>Package %1 was merged at %2; nothing changed this time.</translation>
    </message>
    <message>
        <source>交换包 %1 合并后：%2。
两边都改过的记录会保留为冲突，由您逐项选择。现在合并吗？</source>
        <translation>Merging package %1: %2.
Records changed on both sides are held as conflicts for you to choose field by field. Merge now?</translation>
    </message>
    <message>
        <source>合并(&amp;M)</source>
        <translation>&amp;Merge</translation>
    </message>
    <message>
        <source>正在合并…</source>
        <translation>Merging…</translation>
    </message>
    <message>
        <source>已合并：%1。
有 %2 条记录两边都改过，已保留待处理。现在处理吗？</source>
        <translation>Merged: %1.
%2 records changed on both sides are held. Resolve them now?</translation>
    </message>
    <message>
        <source>已合并：%1。</source>
        <translation>Merged: %1.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>导出 Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <source>正在导出到 %1 …</source>
        <translation>Exporting to %1…</translation>
    </message>
    <message>
        <source>打开所在文件夹(&amp;O)</source>
        <translation>&amp;Open containing folder</translation>
    </message>
    <message>
        <source>已导出 %1：项目明细 %2 行，工作表 %3 张。</source>
        <translation>Exported %1: %2 project rows, %3 worksheets.</translation>
    </message>
    <message>
        <source>以下单元格做了处理（也列在工作簿的“导出提示”表中）：</source>
        <translation>These cells were adjusted (they are also listed on the workbook&apos;s “导出提示” sheet):</translation>
    </message>
    <message>
        <source>已取消，没有写入文件（原有文件保持不变）。</source>
        <translation>Cancelled; nothing was written (an existing file is left unchanged).</translation>
    </message>
    <message>
        <source>导出失败：%1</source>
        <translation>Export failed: %1</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>FieldChoices</name>
    <message>
        <source>没有待处理的合并冲突</source>
        <translation>No merge conflicts waiting</translation>
    </message>
    <message>
        <source>导入交换包时两边都改过的记录会列在这里，由您逐项决定保留哪一边。</source>
        <translation>Records changed on both sides when a package is imported are listed here; you decide field by field which side to keep.</translation>
    </message>
    <message>
        <source>来自交换包 %1，%2 导入时发现两边都改过。下面列出不同的字段：</source>
        <translation>From package %1; imported %2 and found changed on both sides. The fields that differ:</translation>
    </message>
    <message>
        <source>处理后一并加入：%1</source>
        <translation>Added once resolved: %1</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>本库的值</source>
        <translation>This ledger</translation>
    </message>
    <message>
        <source>交换包中的值</source>
        <translation>In the package</translation>
    </message>
</context>
<context>
    <name>FieldLabels</name>
    <message>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>企业名称</source>
        <translation>Enterprise name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>USCC</translation>
    </message>
    <message>
        <source>所属镇街</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>产业集群</source>
        <translation>Industry cluster</translation>
    </message>
    <message>
        <source>国民经济行业（大类）</source>
        <translation>Industry (division)</translation>
    </message>
    <message>
        <source>是否规上</source>
        <translation>Above scale</translation>
    </message>
    <message>
        <source>列入规上年份</source>
        <translation>Above scale since</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>曾用名</source>
        <translation>Former names</translation>
    </message>
    <message>
        <source>项目编号</source>
        <translation>Project code</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Project name</translation>
    </message>
    <message>
        <source>计划年度</source>
        <translation>Plan year</translation>
    </message>
    <message>
        <source>项目类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>建设内容</source>
        <translation>Scope of work</translation>
    </message>
    <message>
        <source>项目总投资（万元）</source>
        <translation>Total investment (10k yuan)</translation>
    </message>
    <message>
        <source>其中设备投资（万元）</source>
        <translation>Of which equipment (10k yuan)</translation>
    </message>
    <message>
        <source>计划开工日期</source>
        <translation>Planned start</translation>
    </message>
    <message>
        <source>计划竣工日期</source>
        <translation>Planned completion</translation>
    </message>
    <message>
        <source>实际开工日期</source>
        <translation>Actual start</translation>
    </message>
    <message>
        <source>实际竣工日期</source>
        <translation>Actual completion</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>验收日期</source>
        <translation>Acceptance date</translation>
    </message>
    <message>
        <source>验收结论</source>
        <translation>Acceptance result</translation>
    </message>
    <message>
        <source>核定补助（万元）</source>
        <translation>Approved subsidy (10k yuan)</translation>
    </message>
    <message>
        <source>补助调整原因</source>
        <translation>Reason for the subsidy change</translation>
    </message>
    <message>
        <source>减少用工（人）</source>
        <translation>Jobs reduced</translation>
    </message>
    <message>
        <source>劳动生产率提升（%）</source>
        <translation>Productivity gain (%)</translation>
    </message>
    <message>
        <source>不良率下降（%）</source>
        <translation>Defect rate cut (%)</translation>
    </message>
    <message>
        <source>能耗下降（%）</source>
        <translation>Energy use cut (%)</translation>
    </message>
    <message>
        <source>服务商</source>
        <translation>Service providers</translation>
    </message>
    <message>
        <source>服务商名称</source>
        <translation>Provider name</translation>
    </message>
    <message>
        <source>所在镇街</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>擅长领域</source>
        <translation>Specialty</translation>
    </message>
    <message>
        <source>按规则计算补助（万元）</source>
        <translation>Calculated subsidy (10k yuan)</translation>
    </message>
    <message>
        <source>补助规则</source>
        <translation>Subsidy rule</translation>
    </message>
    <message>
        <source>拨付金额（万元）</source>
        <translation>Amount paid (10k yuan)</translation>
    </message>
    <message>
        <source>计划企业数</source>
        <translation>Planned enterprises</translation>
    </message>
    <message>
        <source>计划投资（万元）</source>
        <translation>Planned investment (10k yuan)</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>补助拨付</source>
        <translation>Subsidy payment</translation>
    </message>
    <message>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>排序</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>有效期起</source>
        <translation>Valid from</translation>
    </message>
    <message>
        <source>有效期止</source>
        <translation>Valid to</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>设置值</source>
        <translation>Value</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>选择要导入的表格</source>
        <translation>Choose the spreadsheet to import</translation>
    </message>
    <message>
        <source>支持 Excel、WPS、LibreOffice 表格（.xlsx .xls .ods）和 CSV 文件。</source>
        <translation>Excel, WPS and LibreOffice spreadsheets (.xlsx .xls .ods) and CSV files can be read.</translation>
    </message>
    <message>
        <source>文件路径</source>
        <translation>File path</translation>
    </message>
    <message>
        <source>浏览(&amp;B)…</source>
        <translation>Bro&amp;wse…</translation>
    </message>
    <message>
        <source>按表格（年度列或标题）</source>
        <translation>From the sheet (year column or title)</translation>
    </message>
    <message>
        <source>按表格（镇街列、分组行或标题）</source>
        <translation>From the sheet (town column, group rows or title)</translation>
    </message>
    <message>
        <source>自动识别</source>
        <translation>Detect automatically</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>工作表(&amp;S)</source>
        <translation>&amp;Sheet</translation>
    </message>
    <message>
        <source>计划年度(&amp;Y)</source>
        <translation>Plan &amp;year</translation>
    </message>
    <message>
        <source>镇街(&amp;T)</source>
        <translation>&amp;Town</translation>
    </message>
    <message>
        <source>列对应方案(&amp;P)</source>
        <translation>Column ma&amp;pping</translation>
    </message>
    <message>
        <source>选择表格文件</source>
        <translation>Choose a spreadsheet</translation>
    </message>
    <message>
        <source>表格文件 (%1);;所有文件 (*)</source>
        <translation>Spreadsheets (%1);;All files (*)</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>搜索企业名称、曾用名、信用代码、项目名称或编号</source>
        <translation>Search enterprise name, former names, credit code, project name or code</translation>
    </message>
    <message>
        <source>仅规上企业</source>
        <translation>Above-scale only</translation>
    </message>
    <message>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <source>已保存的视图：选择即可套用</source>
        <translation>Saved views: choose one to apply it</translation>
    </message>
    <message>
        <source>保存视图…</source>
        <translation>Save view…</translation>
    </message>
    <message>
        <source>删除视图</source>
        <translation>Delete view</translation>
    </message>
    <message>
        <source>镇街(&amp;T)</source>
        <translation>&amp;Town</translation>
    </message>
    <message>
        <source>产业集群</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>项目类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>状态(&amp;Z)</source>
        <translation>Stat&amp;us</translation>
    </message>
    <message>
        <source>计划年度(&amp;Y)</source>
        <translation>Plan &amp;year</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>服务商</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source>视图</source>
        <translation>View</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <source>（未选择）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>保存视图</source>
        <translation>Save view</translation>
    </message>
    <message>
        <source>视图名称（保存当前的筛选条件）：</source>
        <translation>View name (saves the current filters):</translation>
    </message>
    <message>
        <source>已有名为“%1”的视图，要替换它吗？</source>
        <translation>A view named “%1” exists. Replace it?</translation>
    </message>
    <message>
        <source>删除视图“%1”？筛选结果不受影响。</source>
        <translation>Delete the view “%1”? The current filters stay as they are.</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>修改记录</source>
        <translation>Changes</translation>
    </message>
    <message>
        <source>状态变更</source>
        <translation>Status changes</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>历史 — %1</source>
        <translation>History — %1</translation>
    </message>
    <message>
        <source>（已删除的记录）</source>
        <translation>(deleted record)</translation>
    </message>
</context>
<context>
    <name>HistoryModels</name>
    <message>
        <source>新建</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restored</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>原值</source>
        <translation>Old value</translation>
    </message>
    <message>
        <source>新值</source>
        <translation>New value</translation>
    </message>
    <message>
        <source>补助拨付·</source>
        <translation>Subsidy payment · </translation>
    </message>
    <message>
        <source>原状态</source>
        <translation>From status</translation>
    </message>
    <message>
        <source>新状态</source>
        <translation>To status</translation>
    </message>
    <message>
        <source>文号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <source>原因/说明</source>
        <translation>Reason / note</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>导入 Excel 台账</source>
        <translation>Import an Excel ledger</translation>
    </message>
    <message>
        <source>出错：%1</source>
        <translation>Error: %1</translation>
    </message>
</context>
<context>
    <name>IntegrityWatch</name>
    <message>
        <source>数据库已损坏：本窗口只能查看，不能修改</source>
        <translation>The database is damaged: this window can only view, not change</translation>
    </message>
</context>
<context>
    <name>LedgerColumns</name>
    <message>
        <source>项目编号</source>
        <translation>Project code</translation>
    </message>
    <message>
        <source>企业名称</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>USCC</translation>
    </message>
    <message>
        <source>所属镇街</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>产业集群</source>
        <translation>Industry cluster</translation>
    </message>
    <message>
        <source>是否规上</source>
        <translation>Above scale</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>计划年度</source>
        <translation>Plan year</translation>
    </message>
    <message>
        <source>项目类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>项目总投资（万元）</source>
        <translation>Total investment (10k yuan)</translation>
    </message>
    <message>
        <source>其中设备投资（万元）</source>
        <translation>Of which equipment (10k yuan)</translation>
    </message>
    <message>
        <source>计划开工日期</source>
        <translation>Planned start</translation>
    </message>
    <message>
        <source>计划竣工日期</source>
        <translation>Planned completion</translation>
    </message>
    <message>
        <source>实际开工日期</source>
        <translation>Actual start</translation>
    </message>
    <message>
        <source>实际竣工日期</source>
        <translation>Actual completion</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>验收日期</source>
        <translation>Acceptance date</translation>
    </message>
    <message>
        <source>验收结论</source>
        <translation>Acceptance result</translation>
    </message>
    <message>
        <source>核定补助（万元）</source>
        <translation>Approved subsidy (10k yuan)</translation>
    </message>
    <message>
        <source>已拨付（万元）</source>
        <translation>Paid (10k yuan)</translation>
    </message>
    <message>
        <source>服务商</source>
        <translation>Service providers</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>减少用工（人）</source>
        <translation>Jobs reduced</translation>
    </message>
    <message>
        <source>劳动生产率提升（%）</source>
        <translation>Productivity gain (%)</translation>
    </message>
    <message>
        <source>不良率下降（%）</source>
        <translation>Defect rate cut (%)</translation>
    </message>
    <message>
        <source>能耗下降（%）</source>
        <translation>Energy use cut (%)</translation>
    </message>
    <message>
        <source>建设内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>LedgerCopy</name>
    <message>
        <source>选中了 %1 行，一次最多复制 %2 行；更多的行请用导出。</source>
        <translation>%1 rows are selected; at most %2 rows can be copied at once. Use an export for more.</translation>
    </message>
</context>
<context>
    <name>LedgerView</name>
    <message>
        <source>恢复默认列</source>
        <translation>Restore default columns</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>登录 — 慈溪市智能化技改项目台账</source>
        <translation>Sign in — Cixi Smart Manufacturing Transformation Ledger</translation>
    </message>
    <message>
        <source>数据库：%1</source>
        <translation>Database: %1</translation>
    </message>
    <message>
        <source>用户名(&amp;U)</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Exit</translation>
    </message>
    <message>
        <source>请输入用户名</source>
        <translation>Enter a user name</translation>
    </message>
    <message>
        <source>%1（还可以再试 %2 次）</source>
        <translation>%1 (%2 attempts left)</translation>
    </message>
</context>
<context>
    <name>MainMenus</name>
    <message>
        <source>从 Excel 导入(&amp;I)…</source>
        <translation>&amp;Import from Excel…</translation>
    </message>
    <message>
        <source>导出 Excel(&amp;O)…</source>
        <translation>&amp;Export to Excel…</translation>
    </message>
    <message>
        <source>生成镇街采集模板(&amp;T)…</source>
        <translation>Town collection &amp;template…</translation>
    </message>
    <message>
        <source>工作简报(&amp;B)…</source>
        <translation>Work &amp;briefing…</translation>
    </message>
    <message>
        <source>导出项目卡片(&amp;C)…</source>
        <translation>Export project &amp;cards…</translation>
    </message>
    <message>
        <source>导出交换包(&amp;X)…</source>
        <translation>E&amp;xport exchange package…</translation>
    </message>
    <message>
        <source>导入交换包(&amp;G)…</source>
        <translation>Import exchan&amp;ge package…</translation>
    </message>
    <message>
        <source>合并交换包冲突(&amp;M)…</source>
        <translation>&amp;Merge conflicts from packages…</translation>
    </message>
    <message>
        <source>备份与恢复(&amp;K)…</source>
        <translation>Bac&amp;kups and Restore…</translation>
    </message>
    <message>
        <source>服务器数据库由服务器备份（pg_dump），不在这里备份或恢复</source>
        <translation>A server database is backed up on the server (pg_dump), not here</translation>
    </message>
    <message>
        <source>项目台账</source>
        <translation>Project ledger</translation>
    </message>
    <message>
        <source>统计分析</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>生成镇街采集模板</source>
        <translation>Town collection template</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>无法生成模板</source>
        <translation>Cannot create the template</translation>
    </message>
    <message>
        <source>已生成采集模板：</source>
        <translation>Collection template written: </translation>
    </message>
    <message>
        <source>导出项目卡片</source>
        <translation>Export project cards</translation>
    </message>
    <message>
        <source>请先在台账中选中要导出卡片的项目</source>
        <translation>First select in the ledger the projects to export cards for.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>慈溪市智能化技改项目台账</source>
        <translation>Cixi Smart Manufacturing Transformation Ledger</translation>
    </message>
    <message>
        <source>新建项目(&amp;N)…</source>
        <translation>&amp;New project…</translation>
    </message>
    <message>
        <source>录入一个新项目（Ctrl+N）</source>
        <translation>Enter a new project (Ctrl+N)</translation>
    </message>
    <message>
        <source>打开项目(&amp;O)</source>
        <translation>&amp;Open project</translation>
    </message>
    <message>
        <source>打开选中的项目（回车或双击）</source>
        <translation>Open the selected project (Enter or double-click)</translation>
    </message>
    <message>
        <source>只读查看(&amp;V)</source>
        <translation>&amp;View read-only</translation>
    </message>
    <message>
        <source>设置(&amp;S)…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>用户和登录(&amp;U)…</source>
        <translation>&amp;Users and sign-in…</translation>
    </message>
    <message>
        <source>修改我的密码(&amp;W)…</source>
        <translation>Change my pass&amp;word…</translation>
    </message>
    <message>
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>复制选中行(&amp;C)</source>
        <translation>&amp;Copy selected rows</translation>
    </message>
    <message>
        <source>查找(&amp;F)</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <source>清除筛选(&amp;E)</source>
        <translation>Cl&amp;ear filters</translation>
    </message>
    <message>
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>重新读取台账（F5）</source>
        <translation>Read the ledger again (F5)</translation>
    </message>
    <message>
        <source>显示筛选栏(&amp;B)</source>
        <translation>Show filter &amp;bar</translation>
    </message>
    <message>
        <source>恢复默认列(&amp;D)</source>
        <translation>Restore &amp;default columns</translation>
    </message>
    <message>
        <source>快捷键(&amp;K)</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>关于(&amp;A)</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>企业(&amp;E)…</source>
        <translation>&amp;Enterprises…</translation>
    </message>
    <message>
        <source>服务商(&amp;P)…</source>
        <translation>Service &amp;providers…</translation>
    </message>
    <message>
        <source>年度计划(&amp;Y)…</source>
        <translation>&amp;Annual plans…</translation>
    </message>
    <message>
        <source>参考数据(&amp;R)…</source>
        <translation>&amp;Reference data…</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>显示的列(&amp;L)</source>
        <translation>Co&amp;lumns</translation>
    </message>
    <message>
        <source>台账(&amp;L)</source>
        <translation>&amp;Ledger</translation>
    </message>
    <message>
        <source>登记(&amp;R)</source>
        <translation>&amp;Registers</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>合计：正在计算…</source>
        <translation>Totals: calculating…</translation>
    </message>
    <message>
        <source>项目 %1 个 · 企业 %2 家 · 总投资 %3 万元 · 核定补助 %4 万元</source>
        <translation>%1 projects · %2 enterprises · investment %3 (10k yuan) · subsidy %4 (10k yuan)</translation>
    </message>
    <message>
        <source>合计：无法计算</source>
        <translation>Totals: not available</translation>
    </message>
    <message>
        <source>正在读取台账…</source>
        <translation>Reading the ledger…</translation>
    </message>
    <message>
        <source>正在读取台账… 已读 %1 行</source>
        <translation>Reading the ledger… %1 rows so far</translation>
    </message>
    <message>
        <source>正在完成今天的自动备份…</source>
        <translation>Finishing today&apos;s automatic backup…</translation>
    </message>
    <message>
        <source>已复制 %1 行，可直接粘贴到 Excel 或 WPS 表格</source>
        <translation>Copied %1 rows; paste them into Excel or WPS</translation>
    </message>
    <message>
        <source>正在打开台账…</source>
        <translation>Opening the ledger…</translation>
    </message>
    <message>
        <source>界面语言已保存，重新启动程序后生效</source>
        <translation>Language saved; it applies when the program is restarted</translation>
    </message>
    <message>
        <source>密码已修改，下次登录请用新密码</source>
        <translation>Password changed; use the new one next time you sign in.</translation>
    </message>
    <message>
        <source>新建项目</source>
        <translation>New project</translation>
    </message>
    <message>
        <source>回车 / 双击</source>
        <translation>Enter / double-click</translation>
    </message>
    <message>
        <source>打开选中的项目</source>
        <translation>Open the selected project</translation>
    </message>
    <message>
        <source>只读查看选中的项目</source>
        <translation>View the selected project read-only</translation>
    </message>
    <message>
        <source>到搜索框（输入即筛选；↓ 或回车回到表格；Esc 清空）</source>
        <translation>Go to the search box (filters as you type; ↓ or Enter back to the table; Esc clears)</translation>
    </message>
    <message>
        <source>清除全部筛选条件</source>
        <translation>Clear all filters</translation>
    </message>
    <message>
        <source>复制选中行（粘贴到 Excel）</source>
        <translation>Copy the selected rows (paste into Excel)</translation>
    </message>
    <message>
        <source>撤销 / 重做</source>
        <translation>Undo / redo</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>第一行 / 最后一行</source>
        <translation>First row / last row</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Exit</translation>
    </message>
    <message>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <source>慈溪市智能化技改项目台账 %1
数据库：%2</source>
        <translation>Cixi Smart Manufacturing Transformation Ledger %1
Database: %2</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>核对列的对应关系</source>
        <translation>Check the column mapping</translation>
    </message>
    <message>
        <source>已按表头自动识别；如有不对，请在“导入为”一列中修改。</source>
        <translation>Columns were matched by their headers; correct any mismatch in the “Import as” column.</translation>
    </message>
    <message>
        <source>列</source>
        <translation>Col.</translation>
    </message>
    <message>
        <source>表头</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>示例</source>
        <translation>Sample</translation>
    </message>
    <message>
        <source>导入为</source>
        <translation>Import as</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>保存为方案(&amp;S)…</source>
        <translation>&amp;Save mapping…</translation>
    </message>
    <message>
        <source>正在读取表格…</source>
        <translation>Reading the spreadsheet…</translation>
    </message>
    <message>
        <source>表头在第 %1 行</source>
        <translation>Header on row %1</translation>
    </message>
    <message>
        <source>标题中的年度：%1</source>
        <translation>Year in the title: %1</translation>
    </message>
    <message>
        <source>标题中的镇街：%1</source>
        <translation>Town in the title: %1</translation>
    </message>
    <message>
        <source>金额单位：%1</source>
        <translation>Amount unit: %1</translation>
    </message>
    <message>
        <source>（不导入）</source>
        <translation>(not imported)</translation>
    </message>
    <message>
        <source>还没有对应的必填列：%1</source>
        <translation>Required fields with no column yet: %1</translation>
    </message>
    <message>
        <source>保存列对应方案</source>
        <translation>Save column mapping</translation>
    </message>
    <message>
        <source>方案名称（如镇街名）：</source>
        <translation>Mapping name (e.g. the town):</translation>
    </message>
    <message>
        <source>已保存方案“%1”</source>
        <translation>Mapping “%1” saved</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>文号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <source>如 慈经信〔2019〕12 号</source>
        <translation>e.g. 慈经信〔2019〕12 号</translation>
    </message>
    <message>
        <source>状态变更</source>
        <translation>Status change</translation>
    </message>
    <message>
        <source>确定变更</source>
        <translation>Change status</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>项目状态将由“%1”变为“%2”。</source>
        <translation>The project status will change from “%1” to “%2”.</translation>
    </message>
    <message>
        <source>变为“%1”需要填写：%2。</source>
        <translation>Moving to “%1” needs: %2.</translation>
    </message>
</context>
<context>
    <name>NewEnterpriseDialog</name>
    <message>
        <source>新建企业</source>
        <translation>New enterprise</translation>
    </message>
    <message>
        <source>保存并选用</source>
        <translation>Save and select</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>新建企业 %1</source>
        <translation>New enterprise %1</translation>
    </message>
</context>
<context>
    <name>OwnPasswordDialog</name>
    <message>
        <source>修改我的密码（%1）</source>
        <translation>Change my password (%1)</translation>
    </message>
    <message>
        <source>当前密码(&amp;C)</source>
        <translation>&amp;Current password</translation>
    </message>
</context>
<context>
    <name>PageView</name>
    <message>
        <source>生成后在此预览</source>
        <translation>The preview appears here once generated</translation>
    </message>
    <message>
        <source>无法显示第 %1 页</source>
        <translation>Cannot show page %1</translation>
    </message>
    <message>
        <source>第 %1 页</source>
        <translation>Page %1</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>重设 %1 的密码</source>
        <translation>Reset the password of %1</translation>
    </message>
</context>
<context>
    <name>PasswordFields</name>
    <message>
        <source>至少 %1 个字符</source>
        <translation>Min. %1 characters</translation>
    </message>
    <message>
        <source>密码(&amp;W)</source>
        <translation>Pass&amp;word</translation>
    </message>
    <message>
        <source>再输入一次(&amp;A)</source>
        <translation>Confirm p&amp;assword</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>登记补助拨付</source>
        <translation>Record subsidy payment</translation>
    </message>
    <message>
        <source>拨付日期</source>
        <translation>Payment date</translation>
    </message>
    <message>
        <source>拨付金额（万元）</source>
        <translation>Amount (10k yuan)</translation>
    </message>
    <message>
        <source>拨付文号</source>
        <translation>Payment document no.</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>核定补助 %1 万元，已拨付 %2 万元。</source>
        <translation>Approved subsidy %1, paid so far %2 (10k yuan).</translation>
    </message>
    <message>
        <source>本次拨付</source>
        <translation>This payment</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>必须填写</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>应大于 0</source>
        <translation>Must be greater than 0</translation>
    </message>
</context>
<context>
    <name>PdfPages</name>
    <message>
        <source>无法读取这份 PDF：%1</source>
        <translation>Cannot read this PDF: %1</translation>
    </message>
    <message>
        <source>PDF 已关闭。</source>
        <translation>The PDF is closed.</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>用系统阅读器打开</source>
        <translation>Open in the system reader</translation>
    </message>
    <message>
        <source>智能化技改工作简报</source>
        <translation>Smart-manufacturing work briefing</translation>
    </message>
    <message>
        <source>缩小 (Ctrl+-)</source>
        <translation>Zoom out (Ctrl+-)</translation>
    </message>
    <message>
        <source>放大 (Ctrl+=)</source>
        <translation>Zoom in (Ctrl+=)</translation>
    </message>
    <message>
        <source>适合宽度</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <source>适合宽度 (Ctrl+0)</source>
        <translation>Fit width (Ctrl+0)</translation>
    </message>
    <message>
        <source>输入页码后按回车跳转</source>
        <translation>Type a page number and press Enter to go to it</translation>
    </message>
    <message>
        <source>第 </source>
        <translation>Page </translation>
    </message>
    <message>
        <source>在系统的 PDF 阅读器中查看这份文件</source>
        <translation>View this file in the system&apos;s PDF reader</translation>
    </message>
    <message>
        <source> / %1 页</source>
        <translation> of %1</translation>
    </message>
    <message>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>打印失败：%1</source>
        <translation>Printing failed: %1</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>保存项目档案卡</source>
        <translation>Save project cards</translation>
    </message>
    <message>
        <source>项目档案卡</source>
        <translation>Project cards</translation>
    </message>
    <message>
        <source>已保存：%1</source>
        <translation>Saved: %1</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>预览：将要导入的内容和发现的问题</source>
        <translation>Preview: what will be imported and the problems found</translation>
    </message>
    <message>
        <source>此时尚未写入数据库。</source>
        <translation>Nothing has been written to the database yet.</translation>
    </message>
    <message>
        <source>开始导入(&amp;I)</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <source>停止(&amp;T)</source>
        <translation>S&amp;top</translation>
    </message>
    <message>
        <source>跳过有问题的行，只导入正确的行(&amp;K)</source>
        <translation>S&amp;kip rows with problems and import only the valid rows</translation>
    </message>
    <message>
        <source>库中已有的项目用表格内容更新（默认跳过）(&amp;U)</source>
        <translation>&amp;Update projects already in the ledger from the sheet (skipped by default)</translation>
    </message>
    <message>
        <source>导出问题清单(&amp;E)…</source>
        <translation>&amp;Export problem list…</translation>
    </message>
    <message>
        <source>正在逐行检查…</source>
        <translation>Checking row by row…</translation>
    </message>
    <message>
        <source>正在停止…</source>
        <translation>Stopping…</translation>
    </message>
    <message>
        <source>检查已停止。</source>
        <translation>Check stopped.</translation>
    </message>
    <message>
        <source>数据 %1 行：可导入 %2 行（新建 %3，更新 %4），库中已有 %5 行，有问题 %6 行。</source>
        <translation>%1 data rows: %2 can be imported (%3 new, %4 updates), %5 already in the ledger, %6 with problems.</translation>
    </message>
    <message>
        <source>新企业 %1 家：%2</source>
        <translation>%1 new enterprises: %2</translation>
    </message>
    <message>
        <source>；新服务商 %1 家</source>
        <translation>; %1 new service providers</translation>
    </message>
    <message>
        <source>导出问题清单</source>
        <translation>Export problem list</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>问题清单已保存：%1</source>
        <translation>Problem list saved: %1</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>错误（不导入）</source>
        <translation>Not imported</translation>
    </message>
    <message>
        <source>提示</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>ProjectDialog</name>
    <message>
        <source>历史</source>
        <translation>History</translation>
    </message>
    <message>
        <source>修改记录和状态变更</source>
        <translation>Changes and status moves</translation>
    </message>
    <message>
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>关闭 (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>新建项目</source>
        <translation>New project</translation>
    </message>
    <message>
        <source>保存后状态为“计划”；项目编号留空时自动生成。</source>
        <translation>Saved as “Planned”; a blank project code is generated automatically.</translation>
    </message>
    <message>
        <source>该项目已被删除（或撤销了新建），现只能查看。</source>
        <translation>This project was deleted (or its creation undone); it can only be viewed.</translation>
    </message>
    <message>
        <source>项目 %1 — %2</source>
        <translation>Project %1 — %2</translation>
    </message>
    <message>
        <source>第 %1 版 · 最后修改：%2 %3</source>
        <translation>Version %1 · last changed by %2, %3</translation>
    </message>
    <message>
        <source>这一步需要审核员或管理员来做</source>
        <translation>This step needs a reviewer or an administrator</translation>
    </message>
    <message>
        <source>该企业已被删除</source>
        <translation>This enterprise has been deleted</translation>
    </message>
    <message>
        <source>无信用代码</source>
        <translation>No USCC</translation>
    </message>
    <message>
        <source>规上</source>
        <translation>Above scale</translation>
    </message>
    <message>
        <source>规下</source>
        <translation>Below scale</translation>
    </message>
    <message>
        <source>曾用名：</source>
        <translation>Former names: </translation>
    </message>
    <message>
        <source>尚未拨付</source>
        <translation>Nothing paid yet</translation>
    </message>
    <message>
        <source>%1&#x3000;%2 万元</source>
        <translation>%1  %2 (10k yuan)</translation>
    </message>
    <message>
        <source>合计已拨付 %1 万元</source>
        <translation>Total paid: %1 (10k yuan)</translation>
    </message>
    <message>
        <source>还有 %1 处需要填写或修改</source>
        <translation>%1 fields still to fill in or correct</translation>
    </message>
    <message>
        <source>没有未保存的修改</source>
        <translation>No unsaved changes</translation>
    </message>
    <message>
        <source>填写企业、计划年度、项目类别和投资后自动计算</source>
        <translation>Calculated once the enterprise, plan year, category and investment are filled in</translation>
    </message>
    <message>
        <source>%1 年没有补助规则；如有补助请直接填写核定金额并说明依据</source>
        <translation>No subsidy rule for %1; for a subsidy, enter the approved amount and give the basis</translation>
    </message>
    <message>
        <source>%1 万元（%2）</source>
        <translation>%1 (10k yuan), %2</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>新建项目 %1</source>
        <translation>New project %1</translation>
    </message>
    <message>
        <source>修改项目 %1</source>
        <translation>Edit project %1</translation>
    </message>
    <message>
        <source>对方：%1，%2 保存（第 %3 版）</source>
        <translation>Theirs: saved by %1, %2 (version %3)</translation>
    </message>
    <message>
        <source>未保存：记录已被他人修改，您的输入仍保留在表单中。</source>
        <translation>Not saved: someone else changed the record; your input is still in the form.</translation>
    </message>
    <message>
        <source>已按您的选择保存</source>
        <translation>Saved with your choices</translation>
    </message>
    <message>
        <source>未保存，请按红字提示修改</source>
        <translation>Not saved: please correct what is marked in red</translation>
    </message>
    <message>
        <source>先保存</source>
        <translation>Save first</translation>
    </message>
    <message>
        <source>表单有未保存的修改，需先保存才能变更状态。现在保存吗？</source>
        <translation>The form has unsaved changes; they must be saved before the status can change. Save now?</translation>
    </message>
    <message>
        <source>需要补助拨付</source>
        <translation>Subsidy payment needed</translation>
    </message>
    <message>
        <source>转为“已拨付”需要先登记补助拨付。现在登记吗？</source>
        <translation>Moving to “Paid” needs a subsidy payment recorded first. Record it now?</translation>
    </message>
    <message>
        <source>拨付并转为“已拨付”</source>
        <translation>Record payment and move to “Paid”</translation>
    </message>
    <message>
        <source>项目刚被他人修改，已重新读取；请核对后再变更状态。</source>
        <translation>Someone else just changed the project and it has been reloaded; please check it before changing the status.</translation>
    </message>
    <message>
        <source>%1：%2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
    <message>
        <source>状态已变为“%1”</source>
        <translation>Status changed to “%1”</translation>
    </message>
    <message>
        <source>尚未核定补助</source>
        <translation>No approved subsidy yet</translation>
    </message>
    <message>
        <source>请先填写“核定补助”并保存，再登记拨付。</source>
        <translation>Fill in “Approved subsidy” and save before recording a payment.</translation>
    </message>
    <message>
        <source>登记拨付 %1 万元</source>
        <translation>Record payment of %1 (10k yuan)</translation>
    </message>
    <message>
        <source>此项目刚在别处被修改；保存时会列出两边的不同，请您核对。</source>
        <translation>This project was just changed elsewhere; when you save, the differences are listed for you to check.</translation>
    </message>
    <message>
        <source>未保存的修改</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>项目有未保存的修改，要保存吗？</source>
        <translation>The project has unsaved changes. Save them?</translation>
    </message>
</context>
<context>
    <name>ProjectSections</name>
    <message>
        <source>留空则自动编号</source>
        <translation>Leave blank to auto-number</translation>
    </message>
    <message>
        <source>如 2018</source>
        <translation>e.g. 2018</translation>
    </message>
    <message>
        <source>可输入 1,200、1200万元 或 0.12亿</source>
        <translation>e.g. 1,200, 1200万元 or 0.12亿</translation>
    </message>
    <message>
        <source>采用计算结果</source>
        <translation>Use calculated amount</translation>
    </message>
    <message>
        <source>把按规则计算的补助填入“核定补助”</source>
        <translation>Copy the calculated subsidy into “Approved subsidy”</translation>
    </message>
    <message>
        <source>登记拨付…</source>
        <translation>Record payment…</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>投资</source>
        <translation>Investment</translation>
    </message>
    <message>
        <source>进度</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <source>服务商</source>
        <translation>Service providers</translation>
    </message>
    <message>
        <source>验收与补助</source>
        <translation>Acceptance and subsidy</translation>
    </message>
    <message>
        <source>按规则计算</source>
        <translation>Calculated by rule</translation>
    </message>
    <message>
        <source>补助拨付</source>
        <translation>Subsidy payments</translation>
    </message>
    <message>
        <source>成效</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>ProviderForm</name>
    <message>
        <source>18 位，可不填</source>
        <translation>18 characters, optional</translation>
    </message>
    <message>
        <source>服务商信息</source>
        <translation>Provider details</translation>
    </message>
</context>
<context>
    <name>ProvidersField</name>
    <message>
        <source>输入服务商名称查找</source>
        <translation>Type a provider name to find it</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>移除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <source>服务商</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
</context>
<context>
    <name>ProvidersWindow</name>
    <message>
        <source>服务商登记</source>
        <translation>Service providers</translation>
    </message>
    <message>
        <source>按名称或信用代码查找（Ctrl+F）</source>
        <translation>Find by name or USCC (Ctrl+F)</translation>
    </message>
    <message>
        <source>只能查看：修改已登记的服务商需要审核员或管理员。</source>
        <translation>View only: changing a registered provider needs a reviewer or an administrator.</translation>
    </message>
</context>
<context>
    <name>RecordRegistry</name>
    <message>
        <source>新建</source>
        <translation>New</translation>
    </message>
    <message>
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>历史</source>
        <translation>History</translation>
    </message>
    <message>
        <source>共 %1 条</source>
        <translation>%1 records</translation>
    </message>
    <message>
        <source>%1 的项目（%2 个，双击打开）</source>
        <translation>Projects of %1 (%2; double-click to open)</translation>
    </message>
    <message>
        <source>新记录保存后，这里列出它的项目</source>
        <translation>Once the new record is saved, its projects are listed here</translation>
    </message>
    <message>
        <source>未保存的修改</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>“%1”有未保存的修改，要保存吗？</source>
        <translation>“%1” has unsaved changes. Save them?</translation>
    </message>
    <message>
        <source>新记录</source>
        <translation>New record</translation>
    </message>
    <message>
        <source>未保存，请按红字提示修改</source>
        <translation>Not saved: please correct what is marked in red</translation>
    </message>
    <message>
        <source>新建 %1</source>
        <translation>New %1</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>未保存：记录已被他人修改，您的输入仍保留。</source>
        <translation>Not saved: someone else changed the record; your input is kept.</translation>
    </message>
    <message>
        <source>修改 %1</source>
        <translation>Edit %1</translation>
    </message>
</context>
<context>
    <name>RefField</name>
    <message>
        <source>输入以查找</source>
        <translation>Type to search</translation>
    </message>
</context>
<context>
    <name>ReferenceModel</name>
    <message>
        <source>“%1”刚被他人修改，已重新读取</source>
        <translation>Someone else just changed “%1”; it has been reloaded</translation>
    </message>
</context>
<context>
    <name>ReferenceTab</name>
    <message>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>有效期起，如 2024-1-1</source>
        <translation>From, e.g. 2024-1-1</translation>
    </message>
    <message>
        <source>排序</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>所选行的历史</source>
        <translation>History of the selected row</translation>
    </message>
    <message>
        <source>参考数据由管理员修改</source>
        <translation>Reference data is changed by an administrator</translation>
    </message>
</context>
<context>
    <name>ReferenceWindow</name>
    <message>
        <source>参考数据</source>
        <translation>Reference data</translation>
    </message>
    <message>
        <source>镇街与开发区</source>
        <translation>Towns and development zones</translation>
    </message>
    <message>
        <source>产业集群</source>
        <translation>Industry clusters</translation>
    </message>
    <message>
        <source>项目类别</source>
        <translation>Project categories</translation>
    </message>
    <message>
        <source>代码被企业和项目引用，不能修改；停用的镇街请填写“有效期止”，不要删除。</source>
        <translation>Codes are used by enterprises and projects and cannot be changed. For a town no longer in use, fill in “Valid to” instead of deleting it.</translation>
    </message>
</context>
<context>
    <name>RegistryModels</name>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>企业名称</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>USCC</translation>
    </message>
    <message>
        <source>所属镇街</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>产业集群</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>规上</source>
        <translation>Above scale</translation>
    </message>
    <message>
        <source>项目数</source>
        <translation>Projects</translation>
    </message>
    <message>
        <source>服务商名称</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source>所在镇街</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>擅长领域</source>
        <translation>Specialty</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>项目编号</source>
        <translation>Project code</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>计划年度</source>
        <translation>Plan year</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>项目总投资（万元）</source>
        <translation>Total investment (10k yuan)</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
</context>
<context>
    <name>RestoreRunner</name>
    <message>
        <source>正在恢复备份 %1，请稍候…</source>
        <translation>Restoring backup %1, please wait…</translation>
    </message>
    <message>
        <source>恢复没有完成</source>
        <translation>The Restore Did Not Complete</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>界面语言(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>更改语言后，重新启动程序才会生效。</source>
        <translation>A change of language applies when the program is restarted.</translation>
    </message>
    <message>
        <source>无法保存设置到 %1：%2</source>
        <translation>Cannot save the settings to %1: %2</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>计划</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>在建</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>竣工</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>已验收</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>已拨付</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>验收不通过</source>
        <translation>Acceptance failed</translation>
    </message>
    <message>
        <source>整改</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <source>终止</source>
        <translation>Terminated</translation>
    </message>
</context>
<context>
    <name>Undo</name>
    <message>
        <source>无法撤销或重做</source>
        <translation>Cannot undo or redo</translation>
    </message>
</context>
<context>
    <name>UserEditor</name>
    <message>
        <source>新增用户</source>
        <translation>New user</translation>
    </message>
    <message>
        <source>修改用户</source>
        <translation>Edit user</translation>
    </message>
    <message>
        <source>用户名(&amp;U)</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <source>姓名(&amp;M)</source>
        <translation>Full &amp;name</translation>
    </message>
    <message>
        <source>角色(&amp;R)</source>
        <translation>&amp;Role</translation>
    </message>
    <message>
        <source>（所有镇街）</source>
        <translation>(all towns)</translation>
    </message>
    <message>
        <source>所属镇街(&amp;T)</source>
        <translation>&amp;Town</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>用户和登录</source>
        <translation>Users and sign-in</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
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
        <source>所属镇街</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>新增用户(&amp;N)…</source>
        <translation>&amp;New user…</translation>
    </message>
    <message>
        <source>修改(&amp;E)…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>重设密码(&amp;P)…</source>
        <translation>Reset &amp;password…</translation>
    </message>
    <message>
        <source>停用(&amp;D)</source>
        <translation>&amp;Disable</translation>
    </message>
    <message>
        <source>打开本台账时也要求登录(&amp;L)</source>
        <translation>Require sign-in to open this &amp;ledger</translation>
    </message>
    <message>
        <source>单机台账默认不要求登录；开启后每次打开都要输入用户名和密码。</source>
        <translation>A ledger on this computer needs no sign-in by default; when this is on, a user name and password are asked for every time it opens.</translation>
    </message>
    <message>
        <source>服务器数据库总是要求登录</source>
        <translation>A server database always requires sign-in</translation>
    </message>
    <message>
        <source>只有管理员可以管理用户（您的角色：%1）</source>
        <translation>Only an administrator can manage users (your role: %1)</translation>
    </message>
    <message>
        <source>启用</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>启用(&amp;D)</source>
        <translation>En&amp;able</translation>
    </message>
    <message>
        <source>停用用户</source>
        <translation>Disable user</translation>
    </message>
    <message>
        <source>停用 %1 后，此人不能再登录。已记录的修改保留。是否停用？</source>
        <translation>Once %1 is disabled, they can no longer sign in; the changes they made are kept. Disable?</translation>
    </message>
</context>
<context>
    <name>Values</name>
    <message>
        <source>（空）</source>
        <translation>(empty)</translation>
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
        <source>%1 万元</source>
        <translation>%1 (10k yuan)</translation>
    </message>
</context>
<context>
    <name>WorkflowBar</name>
    <message>
        <source>转为“%1”…</source>
        <translation>→ %1…</translation>
    </message>
</context>
</TS>
