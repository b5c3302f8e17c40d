<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChartsPanel</name>
    <message>
        <location filename="../../ui/lead/charts.py" line="83"/>
        <location filename="../../ui/lead/charts.py" line="113"/>
        <source>Calls</source>
        <translation>外呼数</translation>
    </message>
    <message>
        <location filename="../../ui/lead/charts.py" line="84"/>
        <source>Successes</source>
        <translation>成功数</translation>
    </message>
    <message>
        <location filename="../../ui/lead/charts.py" line="93"/>
        <source>Calls and successes per hour (today)</source>
        <translation>每小时外呼与成功（今日）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/charts.py" line="120"/>
        <source>Outcome mix (today)</source>
        <translation>结果分布（今日）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/charts.py" line="140"/>
        <source>Success rate of reached calls (%)</source>
        <translation>接通成功率（%）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/charts.py" line="148"/>
        <source>Success by value tier (campaigns to date)</source>
        <translation>按价值等级的成功率（活动累计）</translation>
    </message>
</context>
<context>
    <name>LeadWindow</name>
    <message>
        <location filename="../../ui/lead/window.py" line="105"/>
        <source>Callsheet - %1 (%2)</source>
        <translation>Callsheet - %1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="114"/>
        <source>Connecting...</source>
        <translation>正在连接...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="159"/>
        <source>Team monitor</source>
        <translation>班组监控</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="163"/>
        <source>&amp;Team:</source>
        <translation>班组(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="167"/>
        <source>All my teams</source>
        <translation>我的全部班组</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="170"/>
        <source>&amp;Idle alert after:</source>
        <translation>空闲告警阈值(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="175"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="191"/>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="206"/>
        <source>&amp;Rebalance campaign...</source>
        <translation>重新均衡活动(&amp;R)...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="216"/>
        <source>Agent:</source>
        <translation>坐席：</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="218"/>
        <source>All agents</source>
        <translation>全部坐席</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="220"/>
        <source>Campaign:</source>
        <translation>活动：</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="222"/>
        <source>All campaigns</source>
        <translation>全部活动</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="228"/>
        <source>Reassign...</source>
        <translation>改派...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="229"/>
        <source>Raise priority...</source>
        <translation>提高优先级...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="238"/>
        <source>Agents</source>
        <translation>坐席</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="239"/>
        <source>Campaigns</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="240"/>
        <source>Queues</source>
        <translation>呼叫队列</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="266"/>
        <source>&amp;Refresh now</source>
        <translation>立即刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="266"/>
        <source>&amp;Agents</source>
        <translation>坐席(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="267"/>
        <source>&amp;Campaigns</source>
        <translation>营销活动(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="267"/>
        <location filename="../../ui/lead/window.py" line="294"/>
        <source>&amp;Queues</source>
        <translation>呼叫队列(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="268"/>
        <source>Open the agent&apos;s &amp;queue</source>
        <translation>打开该坐席的队列(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="269"/>
        <source>&amp;Reassign selected items...</source>
        <translation>改派选中项(&amp;R)...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="270"/>
        <source>Raise &amp;priority...</source>
        <translation>提高优先级(&amp;P)...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="271"/>
        <source>Re&amp;balance campaign...</source>
        <translation>重新均衡活动(&amp;B)...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="272"/>
        <source>&amp;Pause / release agent&apos;s queue...</source>
        <translation>暂停/恢复坐席队列(&amp;P)...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="273"/>
        <source>&amp;Export table as CSV...</source>
        <translation>导出表格为 CSV(&amp;E)...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="274"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="274"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="287"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="291"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="297"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="299"/>
        <source>&amp;About Callsheet / copy diagnostics...</source>
        <translation>关于 Callsheet / 复制诊断信息(&amp;A)...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="309"/>
        <location filename="../../ui/lead/window.py" line="374"/>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="310"/>
        <source>Team</source>
        <translation>班组</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="311"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="313"/>
        <source>For</source>
        <translation>持续</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="317"/>
        <location filename="../../ui/lead/window.py" line="360"/>
        <source>Calls</source>
        <translation>外呼数</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="319"/>
        <source>Reached</source>
        <translation>接通数</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="321"/>
        <source>Successes</source>
        <translation>成功数</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="323"/>
        <source>Conversion</source>
        <translation>转化率</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="328"/>
        <source>Avg talk</source>
        <translation>平均通话</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="330"/>
        <source>Queue left</source>
        <translation>剩余队列</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="332"/>
        <source>Do-not-call today</source>
        <translation>今日营销黑名单</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="334"/>
        <source>Last sync</source>
        <translation>最近同步</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="336"/>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="336"/>
        <source>paused by lead</source>
        <translation>班组长已暂停</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="337"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="356"/>
        <location filename="../../ui/lead/window.py" line="378"/>
        <source>Campaign</source>
        <translation>活动</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="358"/>
        <source>Worked</source>
        <translation>已处理</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="362"/>
        <source>Connect rate</source>
        <translation>接通率</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="364"/>
        <source>Success rate</source>
        <translation>成功率</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="366"/>
        <source>Success by tier</source>
        <translation>按等级成功率</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="367"/>
        <source>Success by offer</source>
        <translation>按产品成功率</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="368"/>
        <source>Outcome mix</source>
        <translation>结果分布</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="375"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="376"/>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="377"/>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="379"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="380"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="382"/>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="384"/>
        <source>Call-back</source>
        <translation>回拨</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="389"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="389"/>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="390"/>
        <source>On a call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="390"/>
        <source>Wrap-up</source>
        <translation>话后处理</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="391"/>
        <source>Paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="461"/>
        <source>Updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="462"/>
        <source>Live: %1 agents, refreshed every %2 s (server %3 ms)</source>
        <translation>实时：%1 名坐席，每 %2 秒刷新（服务器 %3 毫秒）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="477"/>
        <source>Not live: %1 Showing the figures of %2.</source>
        <translation>未连线：%1 显示的是 %2 的数据。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="514"/>
        <source>No alerts: every agent is working within the limits.</source>
        <translation>无告警：所有坐席都在正常范围内工作。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="516"/>
        <source>Alerts (%1)</source>
        <translation>告警（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="522"/>
        <source>%1 has been idle for %2 minutes (limit %3).</source>
        <translation>%1 已空闲 %2 分钟（阈值 %3）。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="526"/>
        <source>%1 converts %2 of reached calls today; the team converts %3.</source>
        <translation>%1 今日接通转化率 %2，班组为 %3。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="530"/>
        <source>%1 do-not-call flags today; usually %2 a day.</source>
        <translation>今日营销黑名单 %1 个；平时每天 %2 个。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="532"/>
        <source>Conflict: %1 recorded an outcome for a customer %2 had already called (both kept).</source>
        <translation>冲突：%1 为 %2 已呼叫过的客户记录了结果（两条均保留）。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="577"/>
        <source>Loading...</source>
        <translation>正在加载...</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="586"/>
        <source>%1 open items</source>
        <translation>%1 个未完成项</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="588"/>
        <source>(first %1 shown)</source>
        <translation>（显示前 %1 个）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="627"/>
        <source>Select queue items first (Shift/Ctrl with the arrow keys or the mouse).</source>
        <translation>请先选择队列项（Shift/Ctrl 配合方向键或鼠标）。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="639"/>
        <source>Reassign %1 items to:</source>
        <translation>将 %1 项改派给：</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="645"/>
        <source>%1 items reassigned to %2.</source>
        <translation>%1 项已改派给 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="653"/>
        <source>Raise priority</source>
        <translation>提高优先级</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="654"/>
        <source>New priority for %1 items (higher is called first, 0-100):</source>
        <translation>%1 项的新优先级（越高越先呼叫，0-100）：</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="660"/>
        <source>Priority of %1 items set to %2.</source>
        <translation>%1 项的优先级已设为 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="679"/>
        <source>%1 items moved; %2 with a promised call-back stayed.</source>
        <translation>已调整 %1 项；%2 项已约定回拨，保留原坐席。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="686"/>
        <source>Select an agent first.</source>
        <translation>请先选择一名坐席。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="690"/>
        <source>Release queue</source>
        <translation>恢复队列</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="691"/>
        <source>Release %1&apos;s queue so they can dial again?</source>
        <translation>恢复 %1 的队列，使其可以继续外呼？</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="695"/>
        <source>%2&apos;s queue is released.</source>
        <translation>%2 的队列已恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="698"/>
        <source>Pause queue</source>
        <translation>暂停队列</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="699"/>
        <source>Pause %1&apos;s queue: their desktop stops dialling at its next sync.</source>
        <translation>暂停 %1 的队列：其桌面在下次同步后停止外呼。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="700"/>
        <source>Reason (shown to the agent):</source>
        <translation>原因（坐席可见）：</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="704"/>
        <source>%2&apos;s queue is paused.</source>
        <translation>%2 的队列已暂停。</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="732"/>
        <source>Export table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="733"/>
        <source>CSV for Excel (*.csv)</source>
        <translation>Excel 用 CSV（*.csv）</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="747"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="748"/>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/lead/window.py" line="751"/>
        <source>%1 rows exported to %2</source>
        <translation>已导出 %1 行到 %2</translation>
    </message>
</context>
<context>
    <name>PickAgentDialog</name>
    <message>
        <location filename="../../ui/lead/dialogs.py" line="26"/>
        <source>Reassign</source>
        <translation>改派</translation>
    </message>
    <message>
        <location filename="../../ui/lead/dialogs.py" line="31"/>
        <source>%1 (%2, %3 left)</source>
        <translation>%1（%2，剩余 %3）</translation>
    </message>
</context>
<context>
    <name>RebalanceDialog</name>
    <message>
        <location filename="../../ui/lead/dialogs.py" line="57"/>
        <source>Rebalance campaign</source>
        <translation>重新均衡活动</translation>
    </message>
    <message>
        <location filename="../../ui/lead/dialogs.py" line="59"/>
        <source>&amp;Campaign:</source>
        <translation>活动(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/lead/dialogs.py" line="67"/>
        <source>Spread its open items evenly across the ticked agents (Space ticks). Items with a call-back promised by their agent stay with that agent.</source>
        <translation>将该活动的未完成项平均分配给勾选的坐席（空格键勾选）。已约定回拨的项保留在原坐席。</translation>
    </message>
</context>
</TS>
