<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全部写入或全部不写入；按“取消”可随时停止，数据库不会留下一半。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在写入数据库…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导入完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导入完成：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有导入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已取消：数据库没有任何改动。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>记录已被他人修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>您编辑这条记录期间，有人先保存了修改。下面列出两边不同的字段，请逐项选择要保留的内容；未列出的字段两边相同。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>字段</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>我的版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>对方的版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全部保留我的</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全部采用对方的</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按所选保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>%1（双方都改了）</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择日期（F4）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnterpriseForm</name>
    <message>
        <source>曾用名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>多个曾用名用顿号（、）分开</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>18 位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>规模以上工业企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如 2016</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>企业信息</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnterprisePicker</name>
    <message>
        <source>输入企业名称、曾用名或统一社会信用代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新建企业…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登记一家新企业并选中它</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无信用代码</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>导出 Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在导出到 %1 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打开所在文件夹(&amp;O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已导出 %1：项目明细 %2 行，工作表 %3 张。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>以下单元格做了处理（也列在工作簿的“导出提示”表中）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已取消，没有写入文件（原有文件保持不变）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出失败：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation type="unfinished">Cancelling…</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FieldLabels</name>
    <message>
        <source>企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>企业名称</source>
        <translation type="unfinished">Enterprise</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation type="unfinished">Unified social credit code</translation>
    </message>
    <message>
        <source>所属镇街</source>
        <translation type="unfinished">Town</translation>
    </message>
    <message>
        <source>产业集群</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>国民经济行业（大类）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>是否规上</source>
        <translation type="unfinished">Above scale</translation>
    </message>
    <message>
        <source>列入规上年份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>联系人</source>
        <translation type="unfinished">Contact</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation type="unfinished">Phone</translation>
    </message>
    <message>
        <source>地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备注</source>
        <translation type="unfinished">Notes</translation>
    </message>
    <message>
        <source>曾用名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>项目编号</source>
        <translation type="unfinished">Project code</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation type="unfinished">Project</translation>
    </message>
    <message>
        <source>计划年度</source>
        <translation type="unfinished">Plan year</translation>
    </message>
    <message>
        <source>项目类别</source>
        <translation type="unfinished">Category</translation>
    </message>
    <message>
        <source>建设内容</source>
        <translation type="unfinished">Content</translation>
    </message>
    <message>
        <source>项目总投资（万元）</source>
        <translation type="unfinished">Total investment (10k yuan)</translation>
    </message>
    <message>
        <source>其中设备投资（万元）</source>
        <translation type="unfinished">Of which equipment (10k yuan)</translation>
    </message>
    <message>
        <source>计划开工日期</source>
        <translation type="unfinished">Planned start</translation>
    </message>
    <message>
        <source>计划竣工日期</source>
        <translation type="unfinished">Planned completion</translation>
    </message>
    <message>
        <source>实际开工日期</source>
        <translation type="unfinished">Actual start</translation>
    </message>
    <message>
        <source>实际竣工日期</source>
        <translation type="unfinished">Actual completion</translation>
    </message>
    <message>
        <source>状态</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <source>验收日期</source>
        <translation type="unfinished">Acceptance date</translation>
    </message>
    <message>
        <source>验收结论</source>
        <translation type="unfinished">Acceptance result</translation>
    </message>
    <message>
        <source>核定补助（万元）</source>
        <translation type="unfinished">Approved subsidy (10k yuan)</translation>
    </message>
    <message>
        <source>补助调整原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>减少用工（人）</source>
        <translation type="unfinished">Jobs reduced</translation>
    </message>
    <message>
        <source>劳动生产率提升（%）</source>
        <translation type="unfinished">Productivity gain (%)</translation>
    </message>
    <message>
        <source>不良率下降（%）</source>
        <translation type="unfinished">Defect rate cut (%)</translation>
    </message>
    <message>
        <source>能耗下降（%）</source>
        <translation type="unfinished">Energy use cut (%)</translation>
    </message>
    <message>
        <source>服务商</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>服务商名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>所在镇街</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>擅长领域</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按规则计算补助（万元）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补助规则</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>拨付金额（万元）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>计划企业数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>计划投资（万元）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补助拨付</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>排序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有效期起</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有效期止</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>删除</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>设置值</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>选择要导入的表格</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>支持 Excel、WPS、LibreOffice 表格（.xlsx .xls .ods）和 CSV 文件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件路径</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>浏览(&amp;B)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按表格（年度列或标题）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按表格（镇街列、分组行或标题）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>自动识别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation type="unfinished">&amp;File</translation>
    </message>
    <message>
        <source>工作表(&amp;S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>计划年度(&amp;Y)</source>
        <translation type="unfinished">Plan &amp;year</translation>
    </message>
    <message>
        <source>镇街(&amp;T)</source>
        <translation type="unfinished">&amp;Town</translation>
    </message>
    <message>
        <source>列对应方案(&amp;P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择表格文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>表格文件 (%1);;所有文件 (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation type="unfinished">Reading…</translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>状态变更</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished">Close</translation>
    </message>
    <message>
        <source>历史 — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（已删除的记录）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>导入 Excel 台账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>出错：%1</source>
        <translation type="unfinished"></translation>
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
        <translation>Unified social credit code</translation>
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
        <translation>Annual plans (&amp;Y)…</translation>
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
        <source>已复制 %1 行，可直接粘贴到 Excel 或 WPS 表格</source>
        <translation>Copied %1 rows; paste them into Excel or WPS</translation>
    </message>
    <message>
        <source>界面语言已保存，重新启动程序后生效</source>
        <translation>Language saved; it applies when the program is restarted</translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已按表头自动识别；如有不对，请在“导入为”一列中修改。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>列</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>表头</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>示例</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导入为</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>保存为方案(&amp;S)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取表格…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>表头在第 %1 行</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>标题中的年度：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>标题中的镇街：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>金额单位：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（不导入）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>还没有对应的必填列：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>保存列对应方案</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>方案名称（如镇街名）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已保存方案“%1”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如 慈经信〔2019〕12 号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>状态变更</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>确定变更</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>项目状态将由“%1”变为“%2”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>变为“%1”需要填写：%2。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewEnterpriseDialog</name>
    <message>
        <source>新建企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>保存并选用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>新建企业 %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>登记补助拨付</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>拨付日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>拨付金额（万元）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>拨付文号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核定补助 %1 万元，已拨付 %2 万元。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本次拨付</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>必须填写</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>应大于 0</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>本机缺少 PDF 预览组件（PySide6-Pdf），请保存后用系统的 PDF 阅读器查看。</source>
        <translation>The PDF preview component (PySide6-Pdf) is missing; save the file and open it in your PDF reader.</translation>
    </message>
    <message>
        <source>用系统阅读器打开</source>
        <translation>Open in the system reader</translation>
    </message>
    <message>
        <source>智能化技改工作简报</source>
        <translation>Smart-manufacturing work briefing</translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>此时尚未写入数据库。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>开始导入(&amp;I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>停止(&amp;T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>跳过有问题的行，只导入正确的行(&amp;K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>库中已有的项目用表格内容更新（默认跳过）(&amp;U)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出问题清单(&amp;E)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在逐行检查…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在停止…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>检查已停止。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据 %1 行：可导入 %2 行（新建 %3，更新 %4），库中已有 %5 行，有问题 %6 行。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新企业 %1 家：%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>；新服务商 %1 家</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出问题清单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>问题清单已保存：%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <source>行号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>字段</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>问题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>错误（不导入）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>提示</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProjectDialog</name>
    <message>
        <source>历史</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>修改记录和状态变更</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>保存 (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭 (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新建项目</source>
        <translation type="unfinished">New project</translation>
    </message>
    <message>
        <source>保存后状态为“计划”；项目编号留空时自动生成。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该项目已被删除（或撤销了新建），现只能查看。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>项目 %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第 %1 版 · 最后修改：%2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该企业已被删除</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无信用代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>规上</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>规下</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>曾用名：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚未拨付</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>合计已拨付 %1 万元</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>还有 %1 处需要填写或修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有未保存的修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>填写企业、计划年度、项目类别和投资后自动计算</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 年没有补助规则；如有补助请直接填写核定金额并说明依据</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 万元（%2）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新建项目 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>修改项目 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>对方：%1，%2 保存（第 %3 版）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未保存：记录已被他人修改，您的输入仍保留在表单中。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已按您的选择保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未保存，请按红字提示修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>先保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>表单有未保存的修改，需先保存才能变更状态。现在保存吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>需要补助拨付</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>转为“已拨付”需要先登记补助拨付。现在登记吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>拨付并转为“已拨付”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>项目刚被他人修改，已重新读取；请核对后再变更状态。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1：%2 → %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>状态已变为“%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚未核定补助</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先填写“核定补助”并保存，再登记拨付。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登记拨付 %1 万元</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>此项目刚在别处被修改；保存时会列出两边的不同，请您核对。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未保存的修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>项目有未保存的修改，要保存吗？</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProjectSections</name>
    <message>
        <source>留空则自动编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如 2018</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>可输入 1,200、1200万元 或 0.12亿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>采用计算结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>把按规则计算的补助填入“核定补助”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登记拨付…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>项目</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投资</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>进度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>服务商</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>验收与补助</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按规则计算</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补助拨付</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>成效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备注</source>
        <translation type="unfinished">Notes</translation>
    </message>
</context>
<context>
    <name>ProvidersField</name>
    <message>
        <source>输入服务商名称查找</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>添加</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>移除所选</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>服务商</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>角色</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefField</name>
    <message>
        <source>输入以查找</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>在建</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>竣工</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已验收</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已拨付</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>验收不通过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>整改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>终止</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkflowBar</name>
    <message>
        <source>转为“%1”…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
