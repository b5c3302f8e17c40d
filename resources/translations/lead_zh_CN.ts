<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChartsPanel</name>
    <message>
        <location filename="../../ui/lead/charts.py" line="110"/>
        <location filename="../../ui/lead/charts.py" line="130"/>
        <source>Calls</source>
        <translation>外呼数</translation>
    </message>
    <message>
        <location filename="../../ui/lead/charts.py" line="138"/>
        <source>Outcome mix (today)</source>
        <translation>结果分布（今日）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/charts.py" line="148"/>
        <source>Success rate of reached calls (%)</source>
        <translation>接通成功率（%）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/charts.py" line="156"/>
        <source>Success by value tier (campaigns to date)</source>
        <translation>按价值等级的成功率（营销活动累计）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/charts.py" line="1"/>
        <source>Sales (confirmed)</source>
        <translation>成功数（回访确认）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/charts.py" line="1"/>
        <source>Awaiting verification</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location filename="../../ui/lead/charts.py" line="1"/>
        <source>Calls and confirmed sales per hour (today)</source>
        <translation>每小时外呼与确认成功（今日）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/charts.py" line="1"/>
        <source>Sale awaiting verification</source>
        <translation>成功待回访</translation>
    </message>
    <message>
        <location filename="../../ui/lead/charts.py" line="1"/>
        <source>Sale reversed by verification</source>
        <translation>成功被回访撤销</translation>
    </message>
</context>
<context>
    <name>LeadWindow</name>
    <message>
        <location filename="../../ui/lead/window.py" line="113"/>
        <source>Callsheet - %1 (%2)</source>
        <translation>Callsheet - %1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="122"/>
        <source>Connecting...</source>
        <translation>正在连接...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="167"/>
        <source>Team monitor</source>
        <translation>班组监控</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="171"/>
        <source>&amp;Team:</source>
        <translation>班组(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="175"/>
        <source>All my teams</source>
        <translation>我的全部班组</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="178"/>
        <source>&amp;Idle alert after:</source>
        <translation>空闲告警阈值(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="183"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="248"/>
        <source>Agents</source>
        <translation>坐席</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="249"/>
        <source>Campaigns</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="250"/>
        <source>Queues</source>
        <translation>呼叫队列</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="277"/>
        <source>&amp;Refresh now</source>
        <translation>立即刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="277"/>
        <source>&amp;Agents</source>
        <translation>坐席(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="278"/>
        <source>&amp;Campaigns</source>
        <translation>营销活动(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="278"/>
        <location filename="../../ui/lead/window.py" line="308"/>
        <source>&amp;Queues</source>
        <translation>呼叫队列(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="279"/>
        <source>Open the agent&apos;s &amp;queue</source>
        <translation>打开该坐席的队列(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="280"/>
        <source>&amp;Reassign selected items...</source>
        <translation>改派选中项(&amp;R)...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="281"/>
        <source>Raise &amp;priority...</source>
        <translation>提高优先级(&amp;P)...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="282"/>
        <source>Re&amp;balance campaign...</source>
        <translation>重新均衡营销活动(&amp;B)...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="283"/>
        <source>&amp;Pause / release agent&apos;s queue...</source>
        <translation>暂停/恢复坐席队列(&amp;P)...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="286"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="286"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="299"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="305"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="311"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="313"/>
        <source>&amp;About Callsheet / copy diagnostics...</source>
        <translation>关于 Callsheet / 复制诊断信息(&amp;A)...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="284"/>
        <source>&amp;Export table (CSV or Excel)...</source>
        <translation>导出表格（CSV 或 Excel）(&amp;E)...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="285"/>
        <source>&amp;Wallboard (full screen)</source>
        <translation>大屏看板（全屏）(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="301"/>
        <source>Export daily &amp;summary...</source>
        <translation>导出日报汇总(&amp;S)...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="500"/>
        <source>Updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="501"/>
        <source>Live: %1 agents, refreshed every %2 s (server %3 ms)</source>
        <translation>实时：%1 名坐席，每 %2 秒刷新（服务器 %3 毫秒）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="516"/>
        <source>Not live: %1 Showing the figures of %2.</source>
        <translation>未连线：%1 显示的是 %2 的数据。</translation>
    </message>
    <message>
        <source>Cause analysis</source>
        <translation>原因分析</translation>
    </message>
    <message>
        <source>Ca&amp;use-analysis tasks</source>
        <translation>原因分析任务(&amp;U)</translation>
    </message>
    <message>
        <source>The cause-analysis tasks have no export.</source>
        <translation>原因分析任务不提供导出。</translation>
    </message>
</context>
<context>
    <name>PickAgentDialog</name>
    <message>
        <location filename="../../ui/lead/dialogs.py" line="24"/>
        <source>Reassign</source>
        <translation>改派</translation>
    </message>
    <message>
        <location filename="../../ui/lead/dialogs.py" line="29"/>
        <source>%1 (%2, %3 left)</source>
        <translation>%1（%2，剩余 %3）</translation>
    </message>
</context>
<context>
    <name>RebalanceDialog</name>
    <message>
        <location filename="../../ui/lead/rebalance.py" line="46"/>
        <source>Rebalance campaign</source>
        <translation>重新均衡营销活动</translation>
    </message>
    <message>
        <location filename="../../ui/lead/rebalance.py" line="59"/>
        <source>&amp;Campaign:</source>
        <translation>营销活动(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/lead/rebalance.py" line="61"/>
        <source>Spread its open items evenly across the ticked agents (Space ticks). Online agents are ticked; items with a call-back promised by their agent stay with that agent.</source>
        <translation>把该营销活动的未完成队列项平均分给勾选的坐席（空格键勾选）。默认勾选在线坐席；坐席已约定回拨的队列项留在该坐席。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/rebalance.py" line="70"/>
        <source>%1 (%2, offline)</source>
        <translation>%1（%2，离线）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/rebalance.py" line="79"/>
        <source>What will move</source>
        <translation>将要移动的队列项</translation>
    </message>
    <message>
        <location filename="../../ui/lead/rebalance.py" line="84"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/lead/rebalance.py" line="84"/>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../ui/lead/rebalance.py" line="85"/>
        <source>Items</source>
        <translation>队列项数</translation>
    </message>
    <message>
        <location filename="../../ui/lead/rebalance.py" line="98"/>
        <source>&amp;Move items</source>
        <translation>移动队列项(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/rebalance.py" line="126"/>
        <source>Working out what would move...</source>
        <translation>正在计算将要移动的队列项...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/rebalance.py" line="135"/>
        <source>Tick at least one agent.</source>
        <translation>请至少勾选一名坐席。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/rebalance.py" line="152"/>
        <source>%1 items move; %2 with a promised call-back stay with their agent.</source>
        <translation>将移动 %1 条；%2 条已约定回拨，留在原坐席。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/rebalance.py" line="155"/>
        <source>Nothing to move: the queues are already even (%1 with a promised call-back stay).</source>
        <translation>无需移动：各队列已均衡（%1 条已约定回拨，保持不动）。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/rebalance.py" line="158"/>
        <source>&amp;Move %1 items</source>
        <translation>移动 %1 条(&amp;M)</translation>
    </message>
</context>
<context>
    <name>SummaryRangeDialog</name>
    <message>
        <location filename="../../ui/lead/summary.py" line="30"/>
        <source>Export daily summary</source>
        <translation>导出日报汇总</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="32"/>
        <source>Per agent and per campaign: calls, reached, sales, conversion, average talk, do-not-call flags and pause time by reason.</source>
        <translation>按坐席和按营销活动：外呼数、接通数、成功数、转化率、平均通话、营销黑名单标记及按原因的暂停时长。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="44"/>
        <source>&amp;From:</source>
        <translation>从(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="45"/>
        <source>&amp;To:</source>
        <translation>到(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="61"/>
        <source>The last day is before the first day.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="63"/>
        <source>At most %1 days at a time.</source>
        <translation>一次最多 %1 天。</translation>
    </message>
</context>
<context>
    <name>SummaryTables</name>
    <message>
        <location filename="../../ui/lead/summary.py"/>
        <source>Survey calls</source>
        <translation>调查电话数</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py"/>
        <source>Satisfaction (mean 1-5)</source>
        <translation>满意度（平均 1-5）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="89"/>
        <source>Calls</source>
        <translation>外呼数</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="89"/>
        <source>Reached</source>
        <translation>接通数</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="89"/>
        <source>Sales</source>
        <translation>成功数</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="90"/>
        <source>Conversion</source>
        <translation>转化率</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="90"/>
        <source>Avg talk</source>
        <translation>平均通话</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="90"/>
        <source>Do-not-call flags</source>
        <translation>营销黑名单标记</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="92"/>
        <source>Paused: %1 (min)</source>
        <translation>暂停：%1（分钟）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="108"/>
        <source>Agents</source>
        <translation>坐席</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="108"/>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="108"/>
        <source>Team</source>
        <translation>班组</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="108"/>
        <location filename="../../ui/lead/summary.py" line="110"/>
        <source>Days</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="110"/>
        <source>Campaigns</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <location filename="../../ui/lead/summary.py" line="110"/>
        <source>Campaign</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Sales (confirmed)</source>
        <translation>成功数（回访确认）</translation>
    </message>
    <message>
        <source>Awaiting verification</source>
        <translation>待回访</translation>
    </message>
    <message>
        <source>Reversed at verification</source>
        <translation>回访撤销</translation>
    </message>
    <message>
        <source>Renewal rate after trial</source>
        <translation>体验期后续订率</translation>
    </message>
    <message>
        <source>Packs kept</source>
        <translation>在用套餐数</translation>
    </message>
</context>
<context>
    <name>Wallboard</name>
    <message>
        <location filename="../../ui/lead/wallboard.py" line="91"/>
        <source>Callsheet wallboard</source>
        <translation>Callsheet 大屏看板</translation>
    </message>
    <message>
        <location filename="../../ui/lead/wallboard.py" line="98"/>
        <source>Today on the floor</source>
        <translation>今日现场</translation>
    </message>
    <message>
        <location filename="../../ui/lead/wallboard.py" line="109"/>
        <source>F11: full screen · Esc: back to the monitor</source>
        <translation>F11：全屏 · Esc：返回监控</translation>
    </message>
    <message>
        <location filename="../../ui/lead/wallboard.py" line="112"/>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <location filename="../../ui/lead/wallboard.py" line="133"/>
        <source>%1 · not live</source>
        <translation>%1 · 未实时</translation>
    </message>
    <message>
        <location filename="../../ui/lead/wallboard.py" line="144"/>
        <source>Calls</source>
        <translation>外呼数</translation>
    </message>
    <message>
        <location filename="../../ui/lead/wallboard.py" line="144"/>
        <source>Reached</source>
        <translation>接通数</translation>
    </message>
    <message>
        <location filename="../../ui/lead/wallboard.py" line="145"/>
        <source>Sales</source>
        <translation>成功数</translation>
    </message>
    <message>
        <location filename="../../ui/lead/wallboard.py" line="145"/>
        <source>Conversion</source>
        <translation>转化率</translation>
    </message>
    <message>
        <location filename="../../ui/lead/wallboard.py" line="150"/>
        <source>On a call %1 · Idle %2 · Paused %3 · Offline %4</source>
        <translation>通话中 %1 · 空闲 %2 · 暂停 %3 · 离线 %4</translation>
    </message>
</context>
<context>
    <name>QueueActions</name>
    <message>
        <source>Raise priority</source>
        <translation>提高优先级</translation>
    </message>
    <message>
        <source>Pause queue</source>
        <translation>暂停队列</translation>
    </message>
    <message>
        <source>Select queue items first (Shift/Ctrl with the arrow keys or the mouse).</source>
        <translation>请先选择队列项（Shift/Ctrl 配合方向键或鼠标）。</translation>
    </message>
    <message>
        <source>Priority of %1 items set to %2.</source>
        <translation>%1 项的优先级已设为 %2。</translation>
    </message>
    <message>
        <source>%1 items moved; %2 with a promised call-back stayed.</source>
        <translation>已调整 %1 项；%2 项已约定回拨，保留原坐席。</translation>
    </message>
    <message>
        <source>Select an agent first.</source>
        <translation>请先选择一名坐席。</translation>
    </message>
    <message>
        <source>Release queue</source>
        <translation>恢复队列</translation>
    </message>
    <message>
        <source>Reason (shown to the agent):</source>
        <translation>原因（坐席可见）：</translation>
    </message>
    <message>
        <source>%2&apos;s queue is paused.</source>
        <translation>%2 的队列已暂停。</translation>
    </message>
    <message>
        <source>Reassign %1 items to:</source>
        <translation>将 %1 项改派给：</translation>
    </message>
    <message>
        <source>%1 items reassigned to %2.</source>
        <translation>%1 项已改派给 %2。</translation>
    </message>
    <message>
        <source>New priority for %1 items (higher is called first, 0-100):</source>
        <translation>%1 项的新优先级（越高越先呼叫，0-100）：</translation>
    </message>
    <message>
        <source>Release %1&apos;s queue so they can dial again?</source>
        <translation>恢复 %1 的队列，使其可以继续外呼？</translation>
    </message>
    <message>
        <source>%2&apos;s queue is released.</source>
        <translation>%2 的队列已恢复。</translation>
    </message>
    <message>
        <source>Pause %1&apos;s queue: their desktop stops dialling at its next sync.</source>
        <translation>暂停 %1 的队列：其桌面在下次同步后停止外呼。</translation>
    </message>
</context>
<context>
    <name>CampaignsPage</name>
    <message>
        <source>&amp;Rebalance campaign...</source>
        <translation>重新均衡营销活动(&amp;R)...</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Worked</source>
        <translation>已处理</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>外呼数</translation>
    </message>
    <message>
        <source>Connect rate</source>
        <translation>接通率</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>成功率</translation>
    </message>
    <message>
        <source>Success by tier</source>
        <translation>按价值等级的成功率</translation>
    </message>
    <message>
        <source>Success by offer</source>
        <translation>按产品成功率</translation>
    </message>
    <message>
        <source>Outcome mix</source>
        <translation>结果分布</translation>
    </message>
    <message>
        <source>Sales (confirmed)</source>
        <translation>成功数（回访确认）</translation>
    </message>
    <message>
        <source>Confirmed sales of reached calls</source>
        <translation>接通呼叫中经回访确认的成功比例</translation>
    </message>
    <message>
        <source>Awaiting verification</source>
        <translation>待回访</translation>
    </message>
    <message>
        <source>Reversed</source>
        <translation>回访撤销</translation>
    </message>
    <message>
        <source>Sales the verification reversed: denied, cancelled or wrong details</source>
        <translation>回访撤销的成交：客户否认、要求退订或信息有误</translation>
    </message>
    <message>
        <source>Renewal rate</source>
        <translation>续订率</translation>
    </message>
    <message>
        <source>%1 of %2 trials kept past their end; cancelled within the trial %3, after it %4</source>
        <translation>%2 个体验期已满的订单中 %1 个继续使用；体验期内退订 %3 个，期满后退订 %4 个</translation>
    </message>
    <message>
        <source>Packs kept</source>
        <translation>在用套餐数</translation>
    </message>
</context>
<context>
    <name>Exports</name>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿（*.xlsx）</translation>
    </message>
    <message>
        <source>CSV for Excel (*.csv)</source>
        <translation>Excel 用 CSV（*.csv）</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Adding up the summary...</source>
        <translation>正在汇总...</translation>
    </message>
    <message>
        <source>Export table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <source>Export daily summary</source>
        <translation>导出日报汇总</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>%1 rows exported to %2</source>
        <translation>已导出 %1 行到 %2</translation>
    </message>
</context>
<context>
    <name>MonitorPage</name>
    <message>
        <source>%1: calls today %2, this week %3</source>
        <translation>%1：今日呼出 %2，本周 %3</translation>
    </message>
    <message>
        <source> (daily caps: %1 per agent, %2 per team)</source>
        <translation>（每日上限：每名坐席 %1，全组 %2）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/pages/monitor.py"/>
        <source>Escalate: %1 customer(s) of %2 are still unhappy after a complaint follow-up today.</source>
        <translation>需升级处理：%2 今天的投诉回访中有 %1 位客户仍不满意。</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>话后处理</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>For</source>
        <translation>持续</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>外呼数</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>接通数</translation>
    </message>
    <message>
        <source>Successes</source>
        <translation>成功数</translation>
    </message>
    <message>
        <source>Conversion</source>
        <translation>转化率</translation>
    </message>
    <message>
        <source>Avg talk</source>
        <translation>平均通话</translation>
    </message>
    <message>
        <source>Queue left</source>
        <translation>剩余队列</translation>
    </message>
    <message>
        <source>Do-not-call today</source>
        <translation>今日营销黑名单</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>班组</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>%1 小时前</translation>
    </message>
    <message>
        <source>No alerts: every agent is working within the limits.</source>
        <translation>无告警：所有坐席都在正常范围内工作。</translation>
    </message>
    <message>
        <source>Alerts (%1)</source>
        <translation>告警（%1）</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>%1 秒前</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>%1 分钟前</translation>
    </message>
    <message>
        <source>Conflict: %1 recorded an outcome for a customer %2 had already called (both kept).</source>
        <translation>冲突：%1 为 %2 已呼叫过的客户记录了结果（两条均保留）。</translation>
    </message>
    <message>
        <source>paused by lead</source>
        <translation>班组长已暂停</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>%1 do-not-call flags today; usually %2 a day.</source>
        <translation>今日营销黑名单 %1 个；平时每天 %2 个。</translation>
    </message>
    <message>
        <source>Last contact with the server at %1</source>
        <translation>最近一次与服务器联系：%1</translation>
    </message>
    <message>
        <source>%1 has been idle for %2 minutes (limit %3).</source>
        <translation>%1 已空闲 %2 分钟（阈值 %3）。</translation>
    </message>
    <message>
        <source>%1 converts %2 of reached calls today; the team converts %3.</source>
        <translation>%1 今日接通转化率 %2，班组为 %3。</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>确认成功</translation>
    </message>
    <message>
        <source>Sales a verifier confirmed; %1 await verification, %2 were reversed</source>
        <translation>经回访确认的成功数；%1 单待回访，%2 单已撤销</translation>
    </message>
    <message>
        <source>Awaiting verification</source>
        <translation>待回访</translation>
    </message>
    <message>
        <source>Customers denied %1 of %2's sales verified this week (%3): a possible fraud signal.</source>
        <translation>本周回访中客户否认了%2的 %1 单成交（%3）：可能存在违规办理。</translation>
    </message>
</context>
<context>
    <name>QueuesPage</name>
    <message>
        <source>All agents</source>
        <translation>全部坐席</translation>
    </message>
    <message>
        <source>All campaigns</source>
        <translation>全部营销活动</translation>
    </message>
    <message>
        <source>Reassign...</source>
        <translation>改派...</translation>
    </message>
    <message>
        <source>Raise priority...</source>
        <translation>提高优先级...</translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation>正在加载...</translation>
    </message>
    <message>
        <source>Agent:</source>
        <translation>坐席：</translation>
    </message>
    <message>
        <source>Campaign:</source>
        <translation>营销活动：</translation>
    </message>
    <message>
        <source>%1 open items</source>
        <translation>%1 个未完成队列项</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>价值等级</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Call-back</source>
        <translation>回拨</translation>
    </message>
    <message>
        <source>(first %1 shown)</source>
        <translation>（显示前 %1 个）</translation>
    </message>
</context>
<context>
    <name>SurveyFiguresBox</name>
    <message>
        <location filename="../../ui/lead/pages/survey_figures.py"/>
        <source>Survey answers of the selected campaign</source>
        <translation>所选营销活动的满意度调查结果</translation>
    </message>
    <message>
        <location filename="../../ui/lead/pages/survey_figures.py"/>
        <source>Whole campaign</source>
        <translation>整个营销活动</translation>
    </message>
    <message>
        <location filename="../../ui/lead/pages/survey_figures.py"/>
        <source>Per region</source>
        <translation>按地区</translation>
    </message>
    <message>
        <location filename="../../ui/lead/pages/survey_figures.py"/>
        <source>Per agent</source>
        <translation>按坐席</translation>
    </message>
    <message>
        <location filename="../../ui/lead/pages/survey_figures.py"/>
        <source>&amp;Group by</source>
        <translation>分组方式(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/pages/survey_figures.py"/>
        <source>Choose a campaign above.</source>
        <translation>请在上方选择营销活动。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/pages/survey_figures.py"/>
        <source>No survey answers for this campaign.</source>
        <translation>该营销活动暂无调查结果。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/pages/survey_figures.py"/>
        <source>%1 survey calls</source>
        <translation>调查电话 %1 通</translation>
    </message>
    <message>
        <location filename="../../ui/lead/pages/survey_figures.py"/>
        <source>mean %1</source>
        <translation>平均 %1</translation>
    </message>
    <message>
        <location filename="../../ui/lead/pages/survey_figures.py"/>
        <source>%1 answers</source>
        <translation>%1 条回答</translation>
    </message>
</context>
</TS>
