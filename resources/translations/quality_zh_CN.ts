<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>FeedbackDialog</name>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="51"/>
        <source>Quality feedback on my calls</source>
        <translation>我的通话质检反馈</translation>
    </message>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="57"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="68"/>
        <source>Loading...</source>
        <translation>正在加载……</translation>
    </message>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="71"/>
        <source>Shown from this computer: the server cannot be reached now.</source>
        <translation>当前无法连接服务器，显示的是本机保存的反馈。</translation>
    </message>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="73"/>
        <source>%1 scored call(s), newest first.</source>
        <translation>已评分通话 %1 通，最新的在前。</translation>
    </message>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="77"/>
        <source>No call of yours has been scored yet.</source>
        <translation>您的通话尚未被质检评分。</translation>
    </message>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="83"/>
        <source>passed</source>
        <translation>合格</translation>
    </message>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="83"/>
        <source>below standard</source>
        <translation>不合格</translation>
    </message>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="84"/>
        <source>Call</source>
        <translation>通话</translation>
    </message>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="84"/>
        <source>checked by</source>
        <translation>质检员</translation>
    </message>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="85"/>
        <source>Critical:</source>
        <translation>严重违规：</translation>
    </message>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="85"/>
        <source>Comment:</source>
        <translation>评语：</translation>
    </message>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="108"/>
        <source>A coaching session was opened for this call; your team lead will set it up.</source>
        <translation>已为此通话创建辅导任务，班组长会安排辅导。</translation>
    </message>
</context>
<context>
    <name>FeedbackEntry</name>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="123"/>
        <source>Quality &amp;feedback...</source>
        <translation>质检反馈(&amp;F)...</translation>
    </message>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="144"/>
        <source>Feedback</source>
        <translation>质检反馈</translation>
    </message>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="149"/>
        <source>Quality feedback on my calls (%1)</source>
        <translation>我的通话质检反馈（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="168"/>
        <source>Feedback cannot be fetched now (offline).</source>
        <translation>当前离线，无法获取反馈。</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <location filename="../../ui/feedback_dialog.py" line="127"/>
        <source>Show the quality feedback on my calls</source>
        <translation>查看我的通话质检反馈</translation>
    </message>
</context>
<context>
    <name>QualityKeys</name>
    <message>
        <location filename="../../ui/quality/keys.py" line="14"/>
        <source>Next sample</source>
        <translation>下一条样本</translation>
    </message>
    <message>
        <location filename="../../ui/quality/keys.py" line="15"/>
        <source>Previous sample</source>
        <translation>上一条样本</translation>
    </message>
    <message>
        <location filename="../../ui/quality/keys.py" line="16"/>
        <source>Play / pause the replay</source>
        <translation>播放 / 暂停回放</translation>
    </message>
    <message>
        <location filename="../../ui/quality/keys.py" line="17"/>
        <source>Step to the next event</source>
        <translation>跳到下一事件</translation>
    </message>
    <message>
        <location filename="../../ui/quality/keys.py" line="18"/>
        <source>Step back one event</source>
        <translation>退回上一事件</translation>
    </message>
    <message>
        <location filename="../../ui/quality/keys.py" line="20"/>
        <source>Replay speed: 1x, 2x, 4x, 8x</source>
        <translation>回放速度：1倍、2倍、4倍、8倍</translation>
    </message>
    <message>
        <location filename="../../ui/quality/keys.py" line="21"/>
        <source>Go to the scoring form</source>
        <translation>转到评分表</translation>
    </message>
    <message>
        <location filename="../../ui/quality/keys.py" line="23"/>
        <source>Submit the score (final)</source>
        <translation>提交评分（提交后不可更改）</translation>
    </message>
    <message>
        <location filename="../../ui/quality/keys.py" line="25"/>
        <source>Take the selected call to score it</source>
        <translation>领取所选通话进行评分</translation>
    </message>
    <message>
        <location filename="../../ui/quality/keys.py" line="27"/>
        <source>Give the sample back to the pool</source>
        <translation>将样本退回样本池</translation>
    </message>
    <message>
        <location filename="../../ui/quality/keys.py" line="29"/>
        <source>Search calls of your teams</source>
        <translation>检索所负责班组的通话</translation>
    </message>
    <message>
        <location filename="../../ui/quality/keys.py" line="31"/>
        <source>Add an annotation to the call record</source>
        <translation>为通话记录添加批注</translation>
    </message>
    <message>
        <location filename="../../ui/quality/keys.py" line="33"/>
        <source>Show the full number (if allowed; audited)</source>
        <translation>显示完整号码（需有权限，操作留痕）</translation>
    </message>
    <message>
        <location filename="../../ui/quality/keys.py" line="34"/>
        <source>Refresh and draw today&apos;s samples</source>
        <translation>刷新并抽取今日样本</translation>
    </message>
    <message>
        <location filename="../../ui/quality/keys.py" line="35"/>
        <source>Show the keyboard shortcuts</source>
        <translation>显示键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../ui/quality/keys.py" line="36"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>QualityTexts</name>
    <message>
        <location filename="../../ui/quality/texts.py" line="14"/>
        <source>Sale</source>
        <translation>成交</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="15"/>
        <source>Do-not-call</source>
        <translation>营销黑名单</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="16"/>
        <source>Reached</source>
        <translation>已接通</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="17"/>
        <source>Not reached</source>
        <translation>未接通</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="18"/>
        <source>Found by search</source>
        <translation>检索抽取</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="24"/>
        <source>Call opened</source>
        <translation>开始呼叫</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="25"/>
        <source>Script step</source>
        <translation>话术步骤</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="26"/>
        <source>Disclosure ticked</source>
        <translation>已勾选告知</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="27"/>
        <source>Offer presented</source>
        <translation>推荐产品</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="28"/>
        <source>Customer&apos;s answer</source>
        <translation>客户答复</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="29"/>
        <source>Hung up, wrap-up begins</source>
        <translation>挂机，开始话后处理</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="30"/>
        <source>Mandatory disclosure NOT ticked</source>
        <translation>必要告知未勾选</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="31"/>
        <source>Outcome recorded</source>
        <translation>记录结果</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="32"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="33"/>
        <source>Call-back set</source>
        <translation>已约回拨</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="34"/>
        <source>Saved and synced</source>
        <translation>已保存并同步</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="42"/>
        <source>Recordings cannot play on this computer: its sound system is not installed. Ask IT to install sound support. The timeline replays without sound.</source>
        <translation>本机无法播放录音：未安装声音系统。请联系 IT 安装声音支持。时间线照常回放，但没有声音。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="46"/>
        <source>No speakers or headset found. Plug one in and open the call again. The timeline replays without sound.</source>
        <translation>未找到扬声器或耳机。请接上后重新打开这通电话。时间线照常回放，但没有声音。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="49"/>
        <source>This recording&apos;s format cannot be played on this computer (no decoder for it). The timeline replays without sound.</source>
        <translation>本机无法播放此录音的格式（缺少解码器）。时间线照常回放，但没有声音。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="52"/>
        <source>The recording file is missing on the server. The timeline replays without sound; tell the team lead if recordings should be kept.</source>
        <translation>服务器上缺少这段录音文件。时间线照常回放，但没有声音；如录音应当保留，请告知班组长。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="55"/>
        <source>The recording could not be fetched: the server cannot be reached. The timeline replays without sound.</source>
        <translation>无法获取录音：连不上服务器。时间线照常回放，但没有声音。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/texts.py" line="59"/>
        <source>The recording cannot be played. The timeline replays without sound.</source>
        <translation>录音无法播放。时间线照常回放，但没有声音。</translation>
    </message>
</context>
<context>
    <name>QualityWindow</name>
    <message>
        <location filename="../../ui/quality/window.py" line="88"/>
        <source>Callsheet quality - %1 (%2)</source>
        <translation>Callsheet 质检 - %1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="94"/>
        <source>Quality workspace</source>
        <translation>质检工作台</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="99"/>
        <source>My samples</source>
        <translation>我的样本</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="99"/>
        <source>Pool</source>
        <translation>样本池</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="99"/>
        <source>All samples</source>
        <translation>全部样本</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="103"/>
        <source>Search calls of your teams: agent or customer (Enter)</source>
        <translation>检索所负责班组的通话：坐席或客户（回车）</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="175"/>
        <source>&amp;Next sample</source>
        <translation>下一条样本(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="175"/>
        <source>&amp;Previous sample</source>
        <translation>上一条样本(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="176"/>
        <source>&amp;Play / pause</source>
        <translation>播放 / 暂停(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="176"/>
        <source>&amp;Step</source>
        <translation>下一步(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="177"/>
        <source>Step &amp;back</source>
        <translation>上一步(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="177"/>
        <source>Replay s&amp;peed</source>
        <translation>回放速度(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="178"/>
        <source>S&amp;ubmit score</source>
        <translation>提交评分(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="178"/>
        <source>&amp;Take call</source>
        <translation>领取通话(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="179"/>
        <source>&amp;Give back</source>
        <translation>退回样本池(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="179"/>
        <source>&amp;Annotate...</source>
        <translation>添加批注(&amp;A)...</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="180"/>
        <source>Show full &amp;number</source>
        <translation>显示完整号码(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="181"/>
        <source>&amp;Refresh and draw today&apos;s samples</source>
        <translation>刷新并抽取今日样本(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="182"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="182"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="193"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="195"/>
        <source>&amp;Sample</source>
        <translation>样本(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="198"/>
        <source>&amp;Replay</source>
        <translation>回放(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="200"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="202"/>
        <source>&amp;About Callsheet / copy diagnostics...</source>
        <translation>关于 Callsheet / 复制诊断信息(&amp;A)...</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="237"/>
        <source>Open claims: %1 of %2 (each expires after %3 h)</source>
        <translation>已领取：%1 / %2（每条 %3 小时后过期）</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="376"/>
        <source>passed</source>
        <translation>合格</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="377"/>
        <source>failed: a coaching task was opened for the agent</source>
        <translation>不合格：已为坐席创建辅导任务</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="378"/>
        <source>Score %1 submitted, %2.</source>
        <translation>评分 %1 已提交，%2。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="394"/>
        <source>Submit final score</source>
        <translation>提交最终评分</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="395"/>
        <source>Submit a score of %1 / 100?</source>
        <translation>提交评分 %1 / 100？</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="398"/>
        <source>Scores are final: you cannot change it afterwards, and the agent sees it as feedback.</source>
        <translation>评分提交后不可修改，坐席会看到它作为反馈。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="401"/>
        <source>It fails: a coaching task is opened for the agent.</source>
        <translation>不合格：将为坐席创建辅导任务。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="403"/>
        <source>&amp;Submit final score</source>
        <translation>提交最终评分(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="405"/>
        <source>&amp;Back to the form</source>
        <translation>返回评分表(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="419"/>
        <source>You may not see full numbers; they stay masked.</source>
        <translation>您无权查看完整号码，号码保持脱敏显示。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="431"/>
        <source>Full number shown; this was recorded in the audit log.</source>
        <translation>已显示完整号码，此操作已记入审计日志。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="441"/>
        <source>Annotate the call record</source>
        <translation>批注通话记录</translation>
    </message>
    <message>
        <location filename="../../ui/quality/window.py" line="442"/>
        <source>The record stays as the agent saved it; this note is kept beside it:</source>
        <translation>通话记录保持坐席保存时的原样，批注另行保存：</translation>
    </message>
</context>
<context>
    <name>ReplayPanel</name>
    <message>
        <location filename="../../ui/quality/replay.py" line="66"/>
        <source>Show number</source>
        <translation>显示号码</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="75"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="75"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="75"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="86"/>
        <location filename="../../ui/quality/replay.py" line="336"/>
        <source>▶ Play</source>
        <translation>▶ 播放</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="92"/>
        <source>Step back one event</source>
        <translation>退回上一事件</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="97"/>
        <source>Step to the next event</source>
        <translation>跳到下一事件</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="102"/>
        <source>Replay speed</source>
        <translation>回放速度</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="125"/>
        <source>Add annotation...</source>
        <translation>添加批注...</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="162"/>
        <source>Choose a sample on the left to replay the call.</source>
        <translation>请在左侧选择样本以回放通话。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="176"/>
        <source>Recording: loading...</source>
        <translation>录音：正在加载……</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="177"/>
        <source>No recording on the server for this call: timeline only.</source>
        <translation>服务器上没有此通话的录音：仅回放时间线。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="188"/>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="189"/>
        <source>Campaign</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="190"/>
        <source>Call began</source>
        <translation>呼叫开始</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="191"/>
        <source>Talk / wrap-up</source>
        <translation>通话 / 话后处理</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="193"/>
        <source>Offer</source>
        <translation>推荐产品</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="194"/>
        <source>Outcome</source>
        <translation>外呼结果</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="199"/>
        <source>masked</source>
        <translation>已脱敏</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="211"/>
        <source>Mandatory disclosure not ticked: %1</source>
        <translation>必要告知未勾选：%1</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="213"/>
        <source>the number was on the do-not-call list before the call</source>
        <translation>呼叫前该号码已在营销黑名单中</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="214"/>
        <source>the call began outside the calling window (%1-%2, customer&apos;s local time)</source>
        <translation>呼叫时间超出允许外呼时段（%1-%2，客户当地时间）</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="220"/>
        <source>Found in the record:</source>
        <translation>记录中发现：</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="240"/>
        <source>mandatory</source>
        <translation>必要</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="254"/>
        <source>Estimated: the desktop records the order of the steps, not the second of each.</source>
        <translation>估算时间：桌面端记录步骤顺序，不记录每步的具体秒数。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="265"/>
        <source>Annotations: none. The record itself can never be changed; add a note beside it.</source>
        <translation>批注：无。通话记录本身永远不可修改，可在旁添加批注。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="270"/>
        <source>Annotations</source>
        <translation>批注</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="280"/>
        <source>Recording: plays in step with the timeline.</source>
        <translation>录音：与时间线同步播放。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="336"/>
        <source>⏸ Pause</source>
        <translation>⏸ 暂停</translation>
    </message>
    <message>
        <location filename="../../ui/quality/replay.py" line="1" />
        <source>script variant %1</source>
        <translation>话术分支 %1</translation>
    </message>
</context>
<context>
    <name>SampleTable</name>
    <message>
        <location filename="../../ui/quality/samples.py" line="24"/>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <location filename="../../ui/quality/samples.py" line="24"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/quality/samples.py" line="24"/>
        <source>Outcome</source>
        <translation>外呼结果</translation>
    </message>
    <message>
        <location filename="../../ui/quality/samples.py" line="25"/>
        <source>Sample</source>
        <translation>样本类别</translation>
    </message>
    <message>
        <location filename="../../ui/quality/samples.py" line="25"/>
        <source>Talk</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <location filename="../../ui/quality/samples.py" line="25"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/quality/samples.py" line="40"/>
        <source>Scored</source>
        <translation>已评分</translation>
    </message>
    <message>
        <location filename="../../ui/quality/samples.py" line="42"/>
        <source>Until %1</source>
        <translation>至 %1</translation>
    </message>
    <message>
        <location filename="../../ui/quality/samples.py" line="45"/>
        <source>Taken</source>
        <translation>已被领取</translation>
    </message>
    <message>
        <location filename="../../ui/quality/samples.py" line="47"/>
        <source>Not sampled</source>
        <translation>未抽样</translation>
    </message>
    <message>
        <location filename="../../ui/quality/samples.py" line="48"/>
        <source>In the pool</source>
        <translation>样本池中</translation>
    </message>
    <message>
        <location filename="../../ui/quality/samples.py" line="64"/>
        <source>A recording is on the server</source>
        <translation>服务器上有录音</translation>
    </message>
</context>
<context>
    <name>ScoringPanel</name>
    <message>
        <location filename="../../ui/quality/scoring.py" line="45"/>
        <location filename="../../ui/quality/scoring.py" line="246"/>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="50"/>
        <source>Critical compliance items (any one scores 0)</source>
        <translation>严重违规项（任一项即计 0 分）</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="54"/>
        <source>Overall comment for the agent</source>
        <translation>给坐席的总体评语</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="58"/>
        <source>Submit score (Ctrl+Enter)</source>
        <translation>提交评分（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="279"/>
        <location filename="../../ui/quality/scoring.py" line="314"/>
        <source>Criterion</source>
        <translation>评分项</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="125"/>
        <location filename="../../ui/quality/scoring.py" line="279"/>
        <source>Rating</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="125"/>
        <source>Criterion (weight)</source>
        <translation>评分项（权重）</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="126"/>
        <location filename="../../ui/quality/scoring.py" line="143"/>
        <location filename="../../ui/quality/scoring.py" line="279"/>
        <source>Comment</source>
        <translation>评语</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="135"/>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="138"/>
        <location filename="../../ui/quality/scoring.py" line="273"/>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="180"/>
        <source>No sample selected.</source>
        <translation>未选择样本。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="182"/>
        <source>You scored this call. Scores are final; the agent sees them as feedback.</source>
        <translation>您已为此通话评分。评分提交后不可更改，坐席可看到反馈。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="185"/>
        <source>Take this call (Ctrl+T) to score it. Several checkers may score the same call blind, for calibration.</source>
        <translation>领取此通话（Ctrl+T）后即可评分。多名质检员可对同一通话背靠背评分，用于校准。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="189"/>
        <source>Score each criterion, tick any critical item, then submit. Other checkers&apos; scores show after yours.</source>
        <translation>逐项评分，勾选严重违规项后提交。提交后才能看到其他质检员的评分。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="203"/>
        <source>Found in the call record by the server.</source>
        <translation>服务器在通话记录中发现。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="215"/>
        <source>Rate every criterion (or choose n/a) first.</source>
        <translation>请先为每一项评分（或选择“不适用”）。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="240"/>
        <source>Score: –</source>
        <translation>评分：–</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="244"/>
        <source>fail: opens a coaching task</source>
        <translation>不合格：将创建辅导任务</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="244"/>
        <source>pass</source>
        <translation>合格</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="247"/>
        <source>pass mark %1</source>
        <translation>合格线 %1</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="268"/>
        <source>passed</source>
        <translation>合格</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="269"/>
        <source>failed: a coaching task was opened for the agent</source>
        <translation>不合格：已为坐席创建辅导任务</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="278"/>
        <source>Your score (final)</source>
        <translation>你的评分（最终）</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="280"/>
        <source>Overall comment</source>
        <translation>总评</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="303"/>
        <source>%1 checker(s) scored this call. Their scores stay hidden until you submit yours (blind calibration).</source>
        <translation>已有 %1 名质检员为此通话评分。在您提交之前，他们的评分不可见（背靠背校准）。</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="314"/>
        <source>Spread</source>
        <translation>分差</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="314"/>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="277"/>
        <location filename="../../ui/quality/scoring.py" line="337"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="341"/>
        <source>Calibration: %1 checker(s)</source>
        <translation>评分校准：%1 名质检员</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="280"/>
        <location filename="../../ui/quality/scoring.py" line="342"/>
        <source>Critical items</source>
        <translation>严重违规项</translation>
    </message>
    <message>
        <location filename="../../ui/quality/scoring.py" line="343"/>
        <source>A spread of 2 or more is marked: talk it through so the team scores alike.</source>
        <translation>分差达到 2 分及以上已标红：请讨论统一评分标准。</translation>
    </message>
</context>
</TS>
