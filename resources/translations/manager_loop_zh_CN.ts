<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApprovalPage</name>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="24"/>
        <source>Comment (a rejection must say why)</source>
        <translation>意见（驳回须说明原因）</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="25"/>
        <source>&amp;Submit for approval</source>
        <translation>提交审批(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="26"/>
        <source>A&amp;pprove</source>
        <translation>批准(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="27"/>
        <source>Re&amp;ject</source>
        <translation>驳回(&amp;J)</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="42"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="42"/>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="43"/>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="43"/>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="56"/>
        <source>Planned at</source>
        <translation>筛选时间</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="56"/>
        <source>By</source>
        <translation>筛选人</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="56"/>
        <source>Targets</source>
        <translation>目标客户</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="56"/>
        <source>Not assigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="57"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="57"/>
        <source>Submitted by</source>
        <translation>提交人</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="57"/>
        <source>Reviewed by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="58"/>
        <source>Comment</source>
        <translation>意见</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/manager/pages/approval.py" line="62"/>
        <source>%n plan(s).</source>
        <translation>
            <numerusform>共 %n 个营销计划。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="63"/>
        <source>No plans yet: plan the campaign first.</source>
        <translation>尚无营销计划：请先筛选目标客户。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="69"/>
        <source>Select a plan first.</source>
        <translation>请先选择一个营销计划。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="85"/>
        <source>Say why in the comment before rejecting.</source>
        <translation>驳回前请在意见中说明原因。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/approval.py" line="94"/>
        <source>The plan is now: %1</source>
        <translation>营销计划当前状态：%1</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <source>Submit the selected plan for approval</source>
        <translation>提交所选营销计划审批</translation>
    </message>
    <message>
        <source>Approve the selected plan (with the comment)</source>
        <translation>批准所选营销计划（附意见）</translation>
    </message>
    <message>
        <source>Reject the selected plan (the comment says why)</source>
        <translation>驳回所选营销计划（意见说明原因）</translation>
    </message>
    <message>
        <source>Publish the quiz as a new version</source>
        <translation>将考核发布为新版本</translation>
    </message>
    <message>
        <source>Start the pilot on the chosen agents</source>
        <translation>在所选坐席上开始试呼</translation>
    </message>
    <message>
        <source>Pilot decision: go (the rest may be assigned)</source>
        <translation>试呼决定：全面执行（其余名单可分配）</translation>
    </message>
    <message>
        <source>Pilot decision: change (plan again)</source>
        <translation>试呼决定：调整（重新筛选）</translation>
    </message>
    <message>
        <source>Pilot decision: stop</source>
        <translation>试呼决定：停止</translation>
    </message>
    <message>
        <source>Save the team&apos;s caps and targets</source>
        <translation>保存班组的上限和目标</translation>
    </message>
    <message>
        <location filename="../../ui/training_quiz.py" line="172"/>
        <source>Take a campaign&apos;s training quiz (its queue opens after you pass)</source>
        <translation>参加营销活动的培训考核（通过后开放该营销活动的队列）</translation>
    </message>
</context>
<context>
    <name>LoopPage</name>
    <message>
        <location filename="../../ui/loop_page.py" line="80"/>
        <source>Enter a campaign code.</source>
        <translation>请输入营销活动代码。</translation>
    </message>
    <message>
        <location filename="../../ui/loop_page.py" line="41"/>
        <source>Campaign code, e.g. DATAPK</source>
        <translation>营销活动代码，例如 DATAPK</translation>
    </message>
    <message>
        <location filename="../../ui/loop_page.py" line="43"/>
        <source>&amp;Load</source>
        <translation>载入(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/loop_page.py" line="49"/>
        <source>&amp;Campaign:</source>
        <translation>营销活动(&amp;C)：</translation>
    </message>
</context>
<context>
    <name>PilotPage</name>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="31"/>
        <source>e.g. Pilot 1: two senior agents, 14:00-16:00</source>
        <translation>例如：试呼一：两名资深坐席，14:00-16:00</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="34"/>
        <source>usernames, separated by commas</source>
        <translation>用户名，以逗号分隔</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="41"/>
        <source>Start the &amp;pilot</source>
        <translation>开始试呼(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="44"/>
        <source>Pilot na&amp;me:</source>
        <translation>试呼名称(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="45"/>
        <source>Ag&amp;ents:</source>
        <translation>坐席(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="46"/>
        <source>&amp;Share of the plan:</source>
        <translation>占计划比例(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="53"/>
        <source>Comment on the decision</source>
        <translation>决定的说明</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="54"/>
        <source>&amp;Go</source>
        <translation>全面执行(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="55"/>
        <source>Cha&amp;nge</source>
        <translation>调整(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="56"/>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="70"/>
        <source>Go</source>
        <translation>全面执行</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="70"/>
        <source>Change</source>
        <translation>调整</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="70"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="91"/>
        <source>Pilot</source>
        <translation>试呼</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="91"/>
        <source>Agents</source>
        <translation>坐席</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="91"/>
        <source>Items</source>
        <translation>队列项数</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="91"/>
        <source>Called</source>
        <translation>已拨打</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="92"/>
        <source>Reached</source>
        <translation>接通</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="92"/>
        <source>Success
(confirmed)</source>
        <translation>成功
（回访确认）</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="92"/>
        <source>Objections</source>
        <translation>异议原因</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="93"/>
        <source>Average talk (s)</source>
        <translation>平均通话（秒）</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="93"/>
        <source>QA average</source>
        <translation>质检平均分</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="93"/>
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="94"/>
        <source>Comment</source>
        <translation>意见</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="99"/>
        <source>Waiting</source>
        <translation>待决定</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="102"/>
        <source>No approved plan: a pilot needs an approved plan.</source>
        <translation>没有已批准的营销计划：试呼需要已批准的计划。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/manager/pages/pilot.py" line="104"/>
        <source>%n pilot(s) of the newest approved plan.</source>
        <translation>
            <numerusform>最新已批准计划的试呼 %n 次。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="110"/>
        <source>Load an approved plan, then name the pilot and its agents.</source>
        <translation>请先载入已批准的计划，再填写试呼名称和坐席。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/pilot.py" line="121"/>
        <source>Select a pilot first.</source>
        <translation>请先选择一次试呼。</translation>
    </message>
    <message>
        <source>Awaiting
verification</source>
        <translation>待回访</translation>
    </message>
    <message>
        <source>Reversed</source>
        <translation>回访撤销</translation>
    </message>
    <message>
        <source>%1: %2 sales confirmed by verification (of %3 customers reached); %4 awaiting verification, %5 reversed by it.</source>
        <translation>%1：经回访确认的成功 %2 单（接通客户 %3 位）；%4 单待回访，%5 单被回访撤销。</translation>
    </message>
</context>
<context>
    <name>TargetsPage</name>
    <message>
        <location filename="../../ui/manager/pages/targets.py" line="22"/>
        <source>&amp;Team:</source>
        <translation>班组(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/targets.py" line="24"/>
        <source>Team name</source>
        <translation>班组名称</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/targets.py" line="27"/>
        <source>New items a day per agent (&amp;cap):</source>
        <translation>每名坐席每日新增队列项（上限）(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/targets.py" line="28"/>
        <source>New items a day for the tea&amp;m (cap):</source>
        <translation>全组每日新增队列项（上限）(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/targets.py" line="29"/>
        <source>Calls a &amp;day (target):</source>
        <translation>每日呼出（目标）(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/targets.py" line="30"/>
        <source>Calls a &amp;week (target):</source>
        <translation>每周呼出（目标）(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/targets.py" line="35"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/targets.py" line="40"/>
        <source>&amp;Save caps and targets</source>
        <translation>保存上限和目标(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/targets.py" line="52"/>
        <location filename="../../ui/manager/pages/targets.py" line="69"/>
        <source>Enter a team name.</source>
        <translation>请输入班组名称。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/targets.py" line="60"/>
        <source>The team&apos;s caps and targets.</source>
        <translation>班组的上限和目标。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/targets.py" line="75"/>
        <source>Saved: the next assign and the lead&apos;s monitor use them.</source>
        <translation>已保存：下次分配和班组长监控将使用这些设置。</translation>
    </message>
</context>
<context>
    <name>TrainingEntry</name>
    <message>
        <location filename="../../ui/training_quiz.py" line="168"/>
        <source>&amp;Training quiz...</source>
        <translation>培训考核(&amp;T)...</translation>
    </message>
</context>
<context>
    <name>TrainingPage</name>
    <message>
        <location filename="../../ui/manager/pages/training.py" line="50"/>
        <source>&amp;Publish as a new version</source>
        <translation>发布为新版本(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/training.py" line="66"/>
        <source>Not valid YAML: %1</source>
        <translation>YAML 格式有误：%1</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/training.py" line="78"/>
        <source>Offer terms</source>
        <translation>产品条款</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/training.py" line="78"/>
        <source>Mandatory</source>
        <translation>必须告知</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/training.py" line="79"/>
        <source>Pass mark: %1 of %2</source>
        <translation>及格线：%2 题中答对 %1 题</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/training.py" line="97"/>
        <location filename="../../ui/manager/pages/training.py" line="112"/>
        <source>Enter a campaign code.</source>
        <translation>请输入营销活动代码。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/training.py" line="105"/>
        <source>Version %1 is in force.</source>
        <translation>当前生效的是第 %1 版。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/pages/training.py" line="122"/>
        <source>Published version %1: agents take it before their queue of this campaign opens.</source>
        <translation>已发布第 %1 版：坐席通过考核后才开放该营销活动的队列。</translation>
    </message>
</context>
<context>
    <name>TrainingQuizDialog</name>
    <message>
        <location filename="../../ui/training_quiz.py" line="38"/>
        <source>Training quiz</source>
        <translation>培训考核</translation>
    </message>
    <message>
        <location filename="../../ui/training_quiz.py" line="54"/>
        <source>&amp;Submit answers</source>
        <translation>提交答案(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/training_quiz.py" line="63"/>
        <source>Campaign:</source>
        <translation>营销活动：</translation>
    </message>
    <message>
        <location filename="../../ui/training_quiz.py" line="70"/>
        <source>Loading...</source>
        <translation>正在载入...</translation>
    </message>
    <message>
        <location filename="../../ui/training_quiz.py" line="82"/>
        <location filename="../../ui/training_quiz.py" line="150"/>
        <source>passed</source>
        <translation>已通过</translation>
    </message>
    <message>
        <location filename="../../ui/training_quiz.py" line="82"/>
        <location filename="../../ui/training_quiz.py" line="150"/>
        <source>to take</source>
        <translation>待考核</translation>
    </message>
    <message>
        <location filename="../../ui/training_quiz.py" line="85"/>
        <source>None of your campaigns has a quiz.</source>
        <translation>你的营销活动都没有培训考核。</translation>
    </message>
    <message>
        <location filename="../../ui/training_quiz.py" line="121"/>
        <source>Pass mark: %1 of %2 correct.</source>
        <translation>及格线：%2 题中答对 %1 题。</translation>
    </message>
    <message>
        <location filename="../../ui/training_quiz.py" line="137"/>
        <source>Answer every question first.</source>
        <translation>请先回答所有题目。</translation>
    </message>
    <message>
        <location filename="../../ui/training_quiz.py" line="145"/>
        <source>%1 of %2 correct.</source>
        <translation>%2 题中答对 %1 题。</translation>
    </message>
    <message>
        <location filename="../../ui/training_quiz.py" line="152"/>
        <source>Passed: the campaign&apos;s customers arrive with the next sync.</source>
        <translation>已通过：该营销活动的客户将在下次同步时到达。</translation>
    </message>
    <message>
        <location filename="../../ui/training_quiz.py" line="156"/>
        <source>Not passed yet: look again at question(s) %1 and try again.</source>
        <translation>尚未通过：请复习第 %1 题后再试。</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>No clear preference</source>
        <translation>无明显偏好</translation>
    </message>
</context>
<!-- issue 22: big customers and cause-analysis tasks -->
<context>
    <name>ChurnTasksPage</name>
    <message>
        <source>Open tasks</source>
        <translation>未结任务</translation>
    </message>
    <message>
        <source>Closed tasks</source>
        <translation>已结任务</translation>
    </message>
    <message>
        <source>All tasks</source>
        <translation>全部任务</translation>
    </message>
    <message>
        <source>Sho&amp;w:</source>
        <translation>显示(&amp;W)：</translation>
    </message>
    <message>
        <source>F&amp;inding (the cause and the measures):</source>
        <translation>分析结论（原因与措施）(&amp;I)：</translation>
    </message>
    <message>
        <source>C&amp;lose the task with this finding</source>
        <translation>以此结论结案(&amp;L)</translation>
    </message>
    <message>
        <source>Spend or use down</source>
        <translation>消费或用量下降</translation>
    </message>
    <message>
        <source>Service fees down</source>
        <translation>业务费用下降</translation>
    </message>
    <message>
        <source>Diamond</source>
        <translation>钻石</translation>
    </message>
    <message>
        <source>Emerald</source>
        <translation>翡翠</translation>
    </message>
    <message>
        <source>Platinum</source>
        <translation>白金</translation>
    </message>
    <message>
        <source>Gem</source>
        <translation>宝石</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>黄金</translation>
    </message>
    <message>
        <source>Crystal</source>
        <translation>水晶</translation>
    </message>
    <message>
        <source>voice</source>
        <translation>语音</translation>
    </message>
    <message>
        <source>data</source>
        <translation>流量</translation>
    </message>
    <message>
        <source>broadband</source>
        <translation>宽带</translation>
    </message>
    <message>
        <source>TV</source>
        <translation>电视</translation>
    </message>
    <message>
        <source>value-added</source>
        <translation>增值业务</translation>
    </message>
    <message>
        <source>one service %1 % (%2), all fees %3 %</source>
        <translation>单项业务 %1 %（%2），总费用 %3 %</translation>
    </message>
    <message>
        <source>spend %1 %, data %2 %, voice %3 %</source>
        <translation>消费 %1 %，流量 %2 %，语音 %3 %</translation>
    </message>
    <message>
        <source>Loading the tasks...</source>
        <translation>正在读取任务……</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Big-customer tier</source>
        <translation>大客户等级</translation>
    </message>
    <message>
        <source>Value tier</source>
        <translation>价值等级</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>预警原因</translation>
    </message>
    <message>
        <source>Drops</source>
        <translation>变动</translation>
    </message>
    <message>
        <source>Account manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>分析结论</translation>
    </message>
    <message>
        <source>(none: admins)</source>
        <translation>（无：由管理员处理）</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>open</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <source>%1 tasks, %2 overdue.</source>
        <translation>共 %1 个任务，%2 个已超时。</translation>
    </message>
    <message>
        <source>%1 (%2): %3; opened %4, due %5.</source>
        <translation>%1（%2）：%3；开立于 %4，须在 %5 前完成。</translation>
    </message>
    <message>
        <source>Choose an open task.</source>
        <translation>请选择一个未结任务。</translation>
    </message>
    <message>
        <source>Write the finding: the cause and the measures.</source>
        <translation>请填写分析结论：原因与措施。</translation>
    </message>
    <message>
        <source>Closed with the finding (audited).</source>
        <translation>已结案并记录结论（已审计）。</translation>
    </message>
</context>
<context>
    <name>SegmentsPage</name>
    <message>
        <source>Diamond</source>
        <translation>钻石</translation>
    </message>
    <message>
        <source>Emerald</source>
        <translation>翡翠</translation>
    </message>
    <message>
        <source>Platinum</source>
        <translation>白金</translation>
    </message>
    <message>
        <source>Gem</source>
        <translation>宝石</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>黄金</translation>
    </message>
    <message>
        <source>Crystal</source>
        <translation>水晶</translation>
    </message>
    <message>
        <source>On a churn warning line</source>
        <translation>处于流失预警线</translation>
    </message>
    <message>
        <source>Big-customer tiers (%1 fee warnings)</source>
        <translation>大客户等级（%1 户费用预警）</translation>
    </message>
</context>
<context>
    <name>ManagerKeys</name>
    <message>
        <source>Cause-analysis tasks (churn warnings)</source>
        <translation>原因分析任务（流失预警）</translation>
    </message>
</context>
<context>
    <name>ManagerWindow</name>
    <message>
        <source>Ca&amp;use-analysis tasks</source>
        <translation>原因分析任务(&amp;U)</translation>
    </message>
    <message>
        <source>Cause analysis</source>
        <translation>原因分析</translation>
    </message>
</context>
</TS>
