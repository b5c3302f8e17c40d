<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AssignPage</name>
    <message>
        <location filename="../../ui/ui/manager/pages/assign.py" line="43" />
        <source>all planned targets</source>
        <translation>全部计划目标</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/assign.py" line="45" />
        <source>&amp;Campaign:</source>
        <translation>营销活动(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/assign.py" line="46" />
        <source>&amp;Team:</source>
        <translation>班组(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/assign.py" line="47" />
        <source>At &amp;most:</source>
        <translation>最多(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/assign.py" line="48" />
        <source>Assi&amp;gn the planned targets</source>
        <translation>分配计划目标(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/assign.py" line="50" />
        <source>&amp;Rebalance...</source>
        <translation>重新均衡(&amp;R)...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/assign.py" line="60" />
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/assign.py" line="60" />
        <source>Items assigned</source>
        <translation>已分配条数</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/assign.py" line="94" />
        <source>Choose a campaign and a team first.</source>
        <translation>请先选择营销活动和班组。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/assign.py" line="97" />
        <source>Assigning...</source>
        <translation>正在分配...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/assign.py" line="104" />
        <source>%1 items assigned to %2 agents; left out: %3 busy with another campaign, %4 on the do-not-call list.</source>
        <translation>已向 %2 名坐席分配 %1 条；未分配：%3 条正在其他营销活动中，%4 条在营销黑名单上。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/assign.py" line="133" />
        <source>%1 items moved; %2 with a promised call-back stayed.</source>
        <translation>已移动 %1 条；%2 条已约定回拨，保留原坐席。</translation>
    </message>
</context>
<context>
    <name>DncPage</name>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="42" />
        <source>Search a number</source>
        <translation>查询号码</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="44" />
        <source>e.g. 138 0013 8000 or +86 138...</source>
        <translation>例如 138 0013 8000 或 +86 138...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="46" />
        <source>&amp;Search</source>
        <translation>查询(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="58" />
        <source>Import numbers</source>
        <translation>导入号码</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="60" />
        <source>Registry (营销黑名单)</source>
        <translation>黑名单登记库</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="60" />
        <source>Agents</source>
        <translation>坐席</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="61" />
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="64" />
        <source>Choose file and &amp;import...</source>
        <translation>选择文件并导入(&amp;I)...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="67" />
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="68" />
        <source>Why the row was refused</source>
        <translation>该行被拒绝的原因</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="70" />
        <source>A CSV or XLSX file with a column "phone".</source>
        <translation>含“phone”列的 CSV 或 XLSX 文件。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="74" />
        <source>S&amp;ource:</source>
        <translation>来源(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="81" />
        <source>Export the list</source>
        <translation>导出名单</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="82" />
        <source>Export &amp;masked...</source>
        <translation>脱敏导出(&amp;M)...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="84" />
        <source>Export with f&amp;ull numbers (audited)...</source>
        <translation>导出完整号码（操作留痕）(&amp;U)...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="90" />
        <source>A full export is written to the audit log with your name.</source>
        <translation>完整导出会以您的名义记入审计日志。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="119" />
        <source>"%1" is not a phone number.</source>
        <translation>“%1”不是电话号码。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="123" />
        <source>%1 is on the do-not-call list (since %2, source: %3). %4</source>
        <translation>%1 在营销黑名单上（自 %2 起，来源：%3）。%4</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="127" />
        <source>%1 is not on the do-not-call list.</source>
        <translation>%1 不在营销黑名单上。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="132" />
        <source>Choose the do-not-call file</source>
        <translation>选择营销黑名单文件</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="133" />
        <source>Number lists (*.csv *.xlsx *.txt)</source>
        <translation>号码清单 (*.csv *.xlsx *.txt)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="140" />
        <source>Importing %1...</source>
        <translation>正在导入 %1...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="150" />
        <source>%1 rows: %2 added, %3 already listed, %4 refused; %5 open queue items closed.</source>
        <translation>共 %1 行：新增 %2，已在名单 %3，拒绝 %4；关闭未完成队列项 %5 条。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="162" />
        <source>Export the do-not-call list</source>
        <translation>导出营销黑名单</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="164" />
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/dnc.py" line="182" />
        <source>Written: %1</source>
        <translation>已写入：%1</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="48" />
        <source>No file chosen. Ctrl+O chooses a CSV or XLSX file.</source>
        <translation>尚未选择文件。按 Ctrl+O 选择 CSV 或 XLSX 文件。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="51" />
        <source>&amp;Choose file...</source>
        <translation>选择文件(&amp;C)...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="56" />
        <source>Saved &amp;mapping:</source>
        <translation>已存映射(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="58" />
        <source>&amp;Save mapping...</source>
        <translation>保存映射(&amp;S)...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="60" />
        <source>&amp;Dry run</source>
        <translation>试运行(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="62" />
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="64" />
        <source>Cance&amp;l import</source>
        <translation>取消导入(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="77" />
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="77" />
        <source>Column in file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="81" />
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="81" />
        <source>Customer id</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="81" />
        <source>Why the row was refused</source>
        <translation>该行被拒绝的原因</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="88" />
        <source>First rows</source>
        <translation>前几行</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="91" />
        <source>Dry run report</source>
        <translation>试运行报告</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="98" />
        <source>Column mapping</source>
        <translation>列映射</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="127" />
        <source>Choose the customer file</source>
        <translation>选择客户文件</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="128" />
        <source>Customer files (*.csv *.xlsx *.txt)</source>
        <translation>客户文件 (*.csv *.xlsx *.txt)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="138" />
        <source>Reading %1...</source>
        <translation>正在读取 %1...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="152" />
        <source>First rows: %1 of %2, read as %3</source>
        <translation>前几行：%2 行中的 %1 行，按 %3 读取</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="166" />
        <source>Dry run report: press Ctrl+Enter for a dry run.</source>
        <translation>试运行报告：按 Ctrl+Enter 进行试运行。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="167" />
        <source>%1 rows, %2. Check the mapping, then do a dry run.</source>
        <translation>共 %1 行，%2。请核对映射，然后试运行。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="180" />
        <source>(not in the file)</source>
        <translation>（文件中没有）</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="217" />
        <source>(as the file names them)</source>
        <translation>（按文件列名）</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="230" />
        <source>Save the column mapping</source>
        <translation>保存列映射</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="231" />
        <source>Name of the mapping:</source>
        <translation>映射名称：</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="240" />
        <source>Mapping "%1" saved.</source>
        <translation>映射“%1”已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="247" />
        <source>Dry run: checking every row; nothing is changed...</source>
        <translation>试运行：正在检查每一行，不做任何更改...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="260" />
        <source>Dry run: %1 rows; %2 new, %3 changed, %4 unchanged, %5 refused. Nothing was changed.</source>
        <translation>试运行：共 %1 行；新增 %2，变更 %3，未变 %4，拒绝 %5。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="262" />
        <source>Imported: %1 rows; %2 new, %3 changed, %4 unchanged, %5 refused.</source>
        <translation>已导入：共 %1 行；新增 %2，变更 %3，未变 %4，拒绝 %5。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="267" />
        <source>Fix the refused rows in the file, choose it again and do another dry run.</source>
        <translation>请在文件中修正被拒绝的行，重新选择文件后再试运行一次。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="279" />
        <source>Importing %1... (Cancel rolls everything back)</source>
        <translation>正在导入 %1...（取消将全部回滚）</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/importing.py" line="311" />
        <source>Cancelling: the import is rolled back, nothing of it is kept...</source>
        <translation>正在取消：导入将回滚，不保留任何内容...</translation>
    </message>
</context>
<context>
    <name>ManagerKeys</name>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="149" />
        <source>Import customers (wizard)</source>
        <translation>导入客户（向导）</translation>
    </message>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="150" />
        <source>Do-not-call lists</source>
        <translation>营销黑名单</translation>
    </message>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="151" />
        <source>Segments and charts</source>
        <translation>客户细分与图表</translation>
    </message>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="152" />
        <source>Plan a campaign (funnel)</source>
        <translation>策划营销活动（漏斗）</translation>
    </message>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="153" />
        <source>Script editor</source>
        <translation>话术编辑器</translation>
    </message>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="154" />
        <source>Assign and rebalance</source>
        <translation>分配与重新均衡</translation>
    </message>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="155" />
        <source>Choose a file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="157" />
        <source>Dry run / preview the funnel / check the script / search the number</source>
        <translation>试运行 / 预览漏斗 / 检查话术 / 查询号码</translation>
    </message>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="160" />
        <source>Import / save the plan / publish the script / assign</source>
        <translation>导入 / 保存计划 / 发布话术 / 分配</translation>
    </message>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="162" />
        <source>Cancel the running import or preview</source>
        <translation>取消正在进行的导入或预览</translation>
    </message>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="164" />
        <source>Save the column mapping under a name</source>
        <translation>将列映射以名称保存</translation>
    </message>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="166" />
        <source>Search a number on the do-not-call list</source>
        <translation>在营销黑名单中查询号码</translation>
    </message>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="168" />
        <source>Export the do-not-call list, masked</source>
        <translation>导出营销黑名单（脱敏）</translation>
    </message>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="170" />
        <source>Export the do-not-call list with full numbers (audited)</source>
        <translation>导出含完整号码的营销黑名单（操作留痕）</translation>
    </message>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="173" />
        <source>Rebalance a campaign across chosen agents</source>
        <translation>在选定坐席间重新均衡营销活动</translation>
    </message>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="174" />
        <source>Refresh the page shown</source>
        <translation>刷新当前页面</translation>
    </message>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="175" />
        <source>Show the keyboard shortcuts</source>
        <translation>显示键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../ui/ui/shortcuts.py" line="176" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Approval of plans</source>
        <translation>营销计划审批</translation>
    </message>
    <message>
        <source>Training quiz</source>
        <translation>培训考核</translation>
    </message>
    <message>
        <source>Pilot and its decision</source>
        <translation>试呼及其决定</translation>
    </message>
    <message>
        <source>Caps and targets</source>
        <translation>上限和目标</translation>
    </message>
</context>
<context>
    <name>ManagerWindow</name>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="42" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="43" />
        <source>Do-not-call</source>
        <translation>营销黑名单</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="44" />
        <source>Segments</source>
        <translation>客户细分</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="45" />
        <source>Plan</source>
        <translation>策划</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="46" />
        <source>Script</source>
        <translation>话术</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="47" />
        <source>Assign</source>
        <translation>分配</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="70" />
        <source>Callsheet - %1 (%2) - campaign manager</source>
        <translation>Callsheet - %1（%2）- 营销策划</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="131" />
        <source>&amp;Import customers</source>
        <translation>导入客户(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="131" />
        <source>&amp;Do-not-call</source>
        <translation>营销黑名单(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="132" />
        <source>&amp;Segments</source>
        <translation>客户细分(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="132" />
        <source>&amp;Plan a campaign</source>
        <translation>策划营销活动(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="133" />
        <source>Sc&amp;ript editor</source>
        <translation>话术编辑器(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="134" />
        <source>&amp;Assign and rebalance</source>
        <translation>分配与重新均衡(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="135" />
        <source>&amp;Open a file to import...</source>
        <translation>打开要导入的文件(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="136" />
        <source>&amp;Check (dry run, preview, search)</source>
        <translation>检查（试运行、预览、查询）(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="137" />
        <source>&amp;Apply (import, save, publish, assign)</source>
        <translation>执行（导入、保存、发布、分配）(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="138" />
        <source>&amp;Cancel the running import or preview</source>
        <translation>取消正在进行的导入或预览(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="139" />
        <source>&amp;Save the column mapping...</source>
        <translation>保存列映射(&amp;S)...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="140" />
        <source>&amp;Find a number on the do-not-call list</source>
        <translation>在营销黑名单中查询号码(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="141" />
        <source>&amp;Export the do-not-call list (masked)...</source>
        <translation>导出营销黑名单（脱敏）(&amp;E)...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="142" />
        <source>Export the do-not-call list (&amp;full numbers, audited)...</source>
        <translation>导出营销黑名单（完整号码，操作留痕）(&amp;F)...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="143" />
        <source>&amp;Rebalance a campaign...</source>
        <translation>重新均衡营销活动(&amp;R)...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="144" />
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="144" />
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="145" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="157" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="162" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="165" />
        <source>&amp;Actions</source>
        <translation>操作(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="168" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/window.py" line="170" />
        <source>&amp;About Callsheet / copy diagnostics...</source>
        <translation>关于 Callsheet / 复制诊断信息(&amp;A)...</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>审批</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>培训考核</translation>
    </message>
    <message>
        <source>Pilot</source>
        <translation>试呼</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>上限和目标</translation>
    </message>
    <message>
        <source>Appro&amp;val of plans</source>
        <translation>营销计划审批(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Training quiz</source>
        <translation>培训考核(&amp;T)</translation>
    </message>
    <message>
        <source>Pi&amp;lot and decision</source>
        <translation>试呼及决定(&amp;L)</translation>
    </message>
    <message>
        <source>Caps and &amp;targets</source>
        <translation>上限和目标(&amp;T)</translation>
    </message>
</context>
<context>
    <name>PlanPage</name>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="70" />
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="77" />
        <source>&amp;Campaign:</source>
        <translation>营销活动(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="78" />
        <source>Leave out if contacted with&amp;in:</source>
        <translation>排除近期已联系(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="79" />
        <source>Compare &amp;with:</source>
        <translation>对比(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="82" />
        <source>Filters (each is one step of the funnel)</source>
        <translation>筛选条件（每条为漏斗的一步）</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="84" />
        <source>Offers</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="90" />
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="90" />
        <source>Kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="90" />
        <source>Dropped</source>
        <translation>剔除</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="90" />
        <location filename="../../ui/ui/manager/pages/plan.py" line="317" />
        <source>Previous plan</source>
        <translation>上一计划</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="91" />
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="102" />
        <source>&amp;Preview the funnel</source>
        <translation>预览漏斗(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="104" />
        <source>&amp;Save the plan</source>
        <translation>保存计划(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="106" />
        <source>Cance&amp;l</source>
        <translation>取消(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="146" />
        <source>(the server's rule table for this campaign)</source>
        <translation>（服务器上该营销活动的规则表）</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="172" />
        <source>(no comparison)</source>
        <translation>（不对比）</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="175" />
        <source>%1: %2 targets</source>
        <translation>%1：%2 个目标</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="215" />
        <source>Counting the funnel over every customer...</source>
        <translation>正在对全部客户计算漏斗...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="216" />
        <source>Saving the plan...</source>
        <translation>正在保存计划...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="231" />
        <source>Plan saved: %1 targets. Assign them on the Assign page.</source>
        <translation>计划已保存：%1 个目标。请在“分配”页分配。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="235" />
        <source>Preview: %1 targets. Nothing was saved.</source>
        <translation>预览：%1 个目标。未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="251" />
        <source>The plan is being saved; it cannot be cancelled now.</source>
        <translation>计划正在保存，现在无法取消。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="256" />
        <source>Cancelled: the preview's answer is dropped.</source>
        <translation>已取消：预览结果已丢弃。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="270" />
        <source>customers on file</source>
        <translation>在册客户</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="271" />
        <source>still in the network</source>
        <translation>仍在网</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="272" />
        <source>not on the do-not-call list</source>
        <translation>不在营销黑名单上</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="273" />
        <source>does not hold the product already</source>
        <translation>尚未持有该产品</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="274" />
        <source>not on an open call list</source>
        <translation>不在未完成的外呼清单中</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="275" />
        <source>an offer matches</source>
        <translation>有匹配的产品</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="281" />
        <source>not contacted in the last %1 days</source>
        <translation>近 %1 天未联系</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="283" />
        <source>no contract running more than %1 days</source>
        <translation>无剩余超过 %1 天的合约</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="305" />
        <source>Funnel: customers kept at each step</source>
        <translation>漏斗：每一步保留的客户</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/plan.py" line="310" />
        <source>This plan</source>
        <translation>本计划</translation>
    </message>
</context>
<context>
    <name>ScriptPage</name>
    <message>
        <location filename="../../ui/ui/manager/pages/script.py" line="115" />
        <source>&amp;New script</source>
        <translation>新建话术(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/script.py" line="117" />
        <source>&amp;Publish</source>
        <translation>发布(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/script.py" line="120" />
        <source>&amp;Campaign:</source>
        <translation>营销活动(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/script.py" line="140" />
        <source>Checks</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/script.py" line="155" />
        <source>Versions (select two to compare; Enter edits one)</source>
        <translation>版本（选两个进行对比；回车编辑所选版本）</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/script.py" line="160" />
        <source>Agent's view</source>
        <translation>坐席视图</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/script.py" line="161" />
        <source>History and diff</source>
        <translation>历史与差异</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/script.py" line="196" />
        <source>Version %1 – %2 (%3 steps)</source>
        <translation>版本 %1 – %2（%3 步）</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/script.py" line="239" />
        <source>Line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/script.py" line="245" />
        <source>Checks: no errors; %1 steps, ready to publish.</source>
        <translation>检查：无错误；共 %1 步，可以发布。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/script.py" line="250" />
        <source>Checks: %1 errors (Enter on one goes to its line)</source>
        <translation>检查：%1 个错误（在错误上按回车跳到该行）</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/script.py" line="274" />
        <source>Publishing...</source>
        <translation>正在发布...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/script.py" line="279" />
        <source>Published version %1 of %2's script (%3 steps); agents get it with their next sync.</source>
        <translation>已发布 %2 话术的第 %1 版（%3 步）；坐席下次同步时获取。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/script.py" line="303" />
        <location filename="../../ui/ui/manager/pages/script.py" line="307" />
        <location filename="../../ui/ui/manager/pages/script.py" line="308" />
        <source>version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/script.py" line="304" />
        <source>editor</source>
        <translation>编辑器</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/script.py" line="314" />
        <source>No difference.</source>
        <translation>没有差异。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/script.py" line="1" />
        <source>%1 variants by segment.</source>
        <translation>另有 %1 个按客户分群的话术分支。</translation>
    </message>
</context>
<context>
    <name>SegmentsPage</name>
    <message>
        <location filename="../../ui/ui/manager/pages/segments.py" line="38" />
        <source>Segments</source>
        <translation>客户细分</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/segments.py" line="47" />
        <source>Plan fit: A far under the plan, B slightly under, C slightly over, D far over; - no usage on file.</source>
        <translation>套餐匹配度：A 远低于套餐，B 略低，C 略超，D 远超；- 无用量数据。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/segments.py" line="73" />
        <source>Counting the customers...</source>
        <translation>正在统计客户...</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/segments.py" line="87" />
        <source>Segments of %1 customers (%2 VIP, %3 on the churn warning line)</source>
        <translation>%1 位客户的细分（VIP %2 位，流失预警 %3 位）</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/segments.py" line="93" />
        <location filename="../../ui/ui/manager/pages/segments.py" line="118" />
        <source>Fit %1</source>
        <translation>匹配度 %1</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/segments.py" line="94" />
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/segments.py" line="94" />
        <source>Churn warning</source>
        <translation>流失预警</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/segments.py" line="101" />
        <source>Tier %1</source>
        <translation>价值等级 %1</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/segments.py" line="113" />
        <source>Counted on the server in %1 ms.</source>
        <translation>服务器统计用时 %1 毫秒。</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/segments.py" line="123" />
        <source>Customers per value tier and plan fit</source>
        <translation>按价值等级与套餐匹配度的客户数</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/segments.py" line="130" />
        <source>On the churn warning line</source>
        <translation>流失预警客户</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/segments.py" line="137" />
        <source>Churn warning per value tier</source>
        <translation>各价值等级的流失预警</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/segments.py" line="146" />
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/segments.py" line="153" />
        <source>Star levels (big customers: 4-5 stars)</source>
        <translation>星级（大客户：4-5 星）</translation>
    </message>
    <message>
        <location filename="../../ui/ui/manager/pages/segments.py" line="156" />
        <source>%1 stars</source>
        <translation>%1 星</translation>
    </message>
</context>
<context>
    <name>SamplePreview</name>
    <message>
        <location filename="../../ui/manager/pages/script_sample.py" line="1" />
        <source>Mbit/s</source>
        <translation>Mbit/s</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/script_sample.py" line="1" />
        <source>A&amp;ge band:</source>
        <translation>年龄段(&amp;G)：</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/script_sample.py" line="1" />
        <source>&amp;Region:</source>
        <translation>地区(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/script_sample.py" line="1" />
        <source>Net&amp;work:</source>
        <translation>网络(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/script_sample.py" line="1" />
        <source>Plan f&amp;it:</source>
        <translation>套餐匹配(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/script_sample.py" line="1" />
        <source>&amp;Broadband:</source>
        <translation>宽带(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/script_sample.py" line="1" />
        <source>Sample customer (variants are chosen by these fields):</source>
        <translation>示例客户（按以下字段选择话术分支）：</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/script_sample.py" line="1" />
        <source>This script has no variants: every customer hears these steps.</source>
        <translation>此话术没有分支：所有客户都听这些步骤。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/script_sample.py" line="1" />
        <source>Read to this sample: the default steps (no variant's rule holds).</source>
        <translation>对此示例客户使用：默认步骤（没有分支的规则成立）。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/script_sample.py" line="1" />
        <source>Read to this sample: variant %1 (%2).</source>
        <translation>对此示例客户使用：分支 %1（%2）。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/script_sample.py" line="1" />
        <source>Variants in order (first match): %1</source>
        <translation>分支顺序（首个匹配）：%1</translation>
    </message>
</context>
</TS>