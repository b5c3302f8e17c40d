<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>SipSettingsBox</name>
    <message>
        <location filename="../../ui/sip_settings.py"/>
        <source>Telephone (SIP)</source>
        <translation>电话（SIP）</translation>
    </message>
    <message>
        <location filename="../../ui/sip_settings.py"/>
        <source>Your extension at the call centre's phone system. Leave empty to dial through the softphone that opens tel: links.</source>
        <translation>您在呼叫中心电话系统中的分机。留空则通过打开 tel: 链接的软电话拨号。</translation>
    </message>
    <message>
        <location filename="../../ui/sip_settings.py"/>
        <source>&amp;Encrypt the voice (SRTP)</source>
        <translation>加密通话语音(&amp;E)（SRTP）</translation>
    </message>
    <message>
        <location filename="../../ui/sip_settings.py"/>
        <source>unchanged</source>
        <translation>不变</translation>
    </message>
    <message>
        <location filename="../../ui/sip_settings.py"/>
        <source>Kept in the system keyring, never in the settings file. Leave empty to keep the saved one.</source>
        <translation>保存在系统密钥环中，绝不写入设置文件。留空则保留已保存的密码。</translation>
    </message>
    <message>
        <location filename="../../ui/sip_settings.py"/>
        <source>SIP &amp;address</source>
        <translation>SIP 地址(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/sip_settings.py"/>
        <source>&amp;Registrar</source>
        <translation>注册服务器(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/sip_settings.py"/>
        <source>Outbound &amp;proxy</source>
        <translation>出站代理(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/sip_settings.py"/>
        <source>Tra&amp;nsport</source>
        <translation>传输协议(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/sip_settings.py"/>
        <source>SIP pass&amp;word</source>
        <translation>SIP 密码(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../ui/sip_settings.py"/>
        <source>Enter the SIP address as sip:extension@host, e.g. sip:1001@pbx.example.com</source>
        <translation>请按 sip:分机@主机 的格式输入 SIP 地址，例如 sip:1001@pbx.example.com</translation>
    </message>
    <message>
        <location filename="../../ui/sip_settings.py"/>
        <source>Enter the registrar and the proxy as sip:host, e.g. sip:pbx.example.com</source>
        <translation>请按 sip:主机 的格式输入注册服务器和代理，例如 sip:pbx.example.com</translation>
    </message>
</context>
<context>
    <name>CallControls</name>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>Answered - this call is being recorded</source>
        <translation>已接通 - 本次通话正在录音</translation>
    </message>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>Transferring to %1...</source>
        <translation>正在转接到 %1……</translation>
    </message>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>Transferred to %1</source>
        <translation>已转接到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>Transfer to %1 failed: you are still on the call</source>
        <translation>转接到 %1 失败：您仍在通话中</translation>
    </message>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>trying again in %1 s</source>
        <translation>%1 秒后重试</translation>
    </message>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>Dialling...</source>
        <translation>正在拨号...</translation>
    </message>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>Ringing...</source>
        <translation>正在振铃...</translation>
    </message>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>Answered</source>
        <translation>已接通</translation>
    </message>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>Busy</source>
        <translation>忙音/占线</translation>
    </message>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>Declined</source>
        <translation>对方拒接</translation>
    </message>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>No answer</source>
        <translation>无人接听</translation>
    </message>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>Call failed</source>
        <translation>呼叫失败</translation>
    </message>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>The customer hung up</source>
        <translation>客户已挂断</translation>
    </message>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>Hung up</source>
        <translation>已挂断</translation>
    </message>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>On hold</source>
        <translation>通话保持中</translation>
    </message>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>Off hold</source>
        <translation>已恢复通话</translation>
    </message>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>SIP: registered</source>
        <translation>SIP：已注册</translation>
    </message>
    <message>
        <location filename="../../ui/call_controls.py"/>
        <source>SIP: not registered</source>
        <translation>SIP：未注册</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/about.py" line="117"/>
        <source>About Callsheet</source>
        <translation>关于 Callsheet</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="119"/>
        <source>&lt;b&gt;Callsheet %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;Callsheet %1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="121"/>
        <source>Offline-first desktop for outbound calling. If support asks for diagnostics, copy them below: they hold no password or token, and phone numbers are masked.</source>
        <translation>离线优先的外呼桌面程序。技术支持需要诊断信息时，请在下方复制：其中不含密码或令牌，电话号码已打码。</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="128"/>
        <source>&amp;Copy diagnostics</source>
        <translation>复制诊断信息(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="140"/>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>AgentBar</name>
    <message>
        <location filename="../../ui/agent_bar.py" line="66"/>
        <source>Calls</source>
        <translation>呼出</translation>
    </message>
    <message>
        <location filename="../../ui/agent_bar.py" line="67"/>
        <source>Reached</source>
        <translation>接通</translation>
    </message>
    <message>
        <location filename="../../ui/agent_bar.py" line="68"/>
        <source>Sales</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../../ui/agent_bar.py" line="69"/>
        <source>Conversion</source>
        <translation>成功率</translation>
    </message>
    <message>
        <location filename="../../ui/agent_bar.py" line="70"/>
        <source>Talk</source>
        <translation>通话</translation>
    </message>
    <message>
        <location filename="../../ui/agent_bar.py" line="71"/>
        <source>Left</source>
        <translation>剩余</translation>
    </message>
    <message>
        <location filename="../../ui/agent_bar.py" line="1"/>
        <source>Today on this desktop: calls made, customers reached, sales confirmed by verification (those still awaiting it, or reversed by it, beside them), conversion (confirmed sales / reached), total talk time and what is left in the queue. Verification results arrive with the next sync.</source>
        <translation>本机今日：呼出次数、接通客户、回访确认的成功办理（待回访或被回访撤销的另列）、成功率（确认成功 / 接通）、累计通话时长和队列剩余数量。回访结果在下次同步时到达。</translation>
    </message>
    <message>
        <location filename="../../ui/agent_bar.py" line="1"/>
        <source>Awaiting verification</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location filename="../../ui/agent_bar.py" line="1"/>
        <source>Reversed</source>
        <translation>回访撤销</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../ui/agent_bar.py" line="92"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>Callback</name>
    <message>
        <location filename="../../ui/callback_times.py" line="41"/>
        <source>In 1 hour</source>
        <translation>1 小时后</translation>
    </message>
    <message>
        <location filename="../../ui/callback_times.py" line="42"/>
        <source>In 2 hours</source>
        <translation>2 小时后</translation>
    </message>
    <message>
        <location filename="../../ui/callback_times.py" line="43"/>
        <source>Tomorrow 10:00 customer time</source>
        <translation>明天 10:00（客户当地时间）</translation>
    </message>
    <message>
        <location filename="../../ui/callback_times.py" line="45"/>
        <source>Next workday 10:00 customer time</source>
        <translation>下个工作日 10:00（客户当地时间）</translation>
    </message>
    <message>
        <location filename="../../ui/callback_times.py" line="58"/>
        <source>%1 customer time / %2 yours</source>
        <translation>客户当地 %1 / 您的时间 %2</translation>
    </message>
</context>
<context>
    <name>Customer</name>
    <message>
        <location filename="../../ui/detail_html.py" line="29"/>
        <location filename="../../ui/detail_html.py" line="34"/>
        <source>%n year(s)</source>
        <translation>%n 年</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="31"/>
        <location filename="../../ui/detail_html.py" line="35"/>
        <source>%n month(s)</source>
        <translation>%n 个月</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="84"/>
        <source>Phone</source>
        <translation>电话号码</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="85"/>
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="87"/>
        <source>Customer&apos;s local time</source>
        <translation>客户当地时间</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="91"/>
        <source>Preferred channel</source>
        <translation>偏好渠道</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="94"/>
        <source>Consent basis</source>
        <translation>营销授权依据</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="96"/>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="99"/>
        <source>Star level</source>
        <translation>星级</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="102"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="103"/>
        <source>Value score / tier</source>
        <translation>价值评分/价值等级</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="104"/>
        <source>Tenure in network</source>
        <translation>在网时长</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="105"/>
        <source>ARPU (3 months)</source>
        <translation>ARPU（近 3 个月）</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="106"/>
        <source>Lifecycle stage</source>
        <translation>生命周期阶段</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="108"/>
        <source>Arrears / credit</source>
        <translation>欠费/信用等级</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="111"/>
        <source>Complaints</source>
        <translation>投诉次数</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="114"/>
        <source>Plan</source>
        <translation>主资费/套餐</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="116"/>
        <source>Included</source>
        <translation>套餐内含</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="118"/>
        <source>%1 min, %2 data</source>
        <translation>%1 分钟通话，%2 流量</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="123"/>
        <source>Plan fit</source>
        <translation>套餐匹配度</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="125"/>
        <source>Contract end</source>
        <translation>合约期到期</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="128"/>
        <source>Handset</source>
        <translation>终端机型</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="129"/>
        <source>Network</source>
        <translation>网络制式</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="131"/>
        <source>Value-added services</source>
        <translation>增值业务</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="148"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="149"/>
        <source>Data in plan</source>
        <translation>套餐内流量</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="150"/>
        <source>Data out of plan</source>
        <translation>套餐外流量</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="151"/>
        <source>Minutes in plan</source>
        <translation>套餐内通话(分钟)</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="152"/>
        <source>Minutes out of plan</source>
        <translation>套餐外通话(分钟)</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="153"/>
        <source>Spend</source>
        <translation>消费</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="155"/>
        <source>Usage, last 3 months</source>
        <translation>近 3 个月使用情况</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="173"/>
        <source>Contact</source>
        <translation>联系信息</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="172"/>
        <source>Value</source>
        <translation>客户价值</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="170"/>
        <source>Plan and handset</source>
        <translation>套餐与终端</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="179"/>
        <source>No earlier contact.</source>
        <translation>暂无接触记录。</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="207"/>
        <source>The latest %1 of %2 contacts.</source>
        <translation>显示最近 %1 条，共 %2 条接触记录。</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="209"/>
        <source>Show all</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="189"/>
        <source>objection: %1</source>
        <translation>异议：%1</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="192"/>
        <source>offer: %1</source>
        <translation>产品：%1</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="207"/>
        <source>No offer is recommended.</source>
        <translation>暂无推荐产品。</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="210"/>
        <source>Why: </source>
        <translation>推荐理由：</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="221"/>
        <source>no fixed term</source>
        <translation>无固定期限</translation>
    </message>
    <message>
        <source>order: %1</source>
        <translation>订单：%1</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="1" />
        <source>Age band</source>
        <translation>年龄段</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="1" />
        <source>District / community</source>
        <translation>区县 / 小区</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="1" />
        <source>Broadband</source>
        <translation>宽带</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="1" />
        <source>%1 Mbit/s</source>
        <translation>%1 Mbit/s</translation>
    </message>
    <message>
        <location filename="../../ui/detail_html.py" line="1" />
        <source>Package history</source>
        <translation>套餐历史</translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <location filename="../../ui/customer_panel.py" line="70"/>
        <source>Profile</source>
        <translation>客户画像</translation>
    </message>
    <message>
        <location filename="../../ui/customer_panel.py" line="71"/>
        <source>Contact history</source>
        <translation>接触记录</translation>
    </message>
    <message>
        <location filename="../../ui/customer_panel.py" line="75"/>
        <source>Recommended offers</source>
        <translation>推荐产品</translation>
    </message>
    <message>
        <location filename="../../ui/customer_panel.py" line="77"/>
        <source>Script</source>
        <translation>话术</translation>
    </message>
    <message>
        <location filename="../../ui/customer_panel.py" line="148"/>
        <source>Call-back at %1: not due yet</source>
        <translation>回拨时间 %1：尚未到时间</translation>
    </message>
    <message>
        <location filename="../../ui/customer_panel.py" line="150"/>
        <source>Call-back due (%1)</source>
        <translation>回拨已到时间（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/customer_panel.py" line="157"/>
        <source>No customer selected</source>
        <translation>未选择客户</translation>
    </message>
    <message>
        <location filename="../../ui/customer_panel.py" line="158"/>
        <source>Choose a customer in the queue (Ctrl+N: next).</source>
        <translation>请在外呼队列中选择客户（Ctrl+N：下一位）。</translation>
    </message>
    <message>
        <location filename="../../ui/customer_panel.py" line="172"/>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <location filename="../../ui/customer_panel.py" line="175"/>
        <source>local time %1</source>
        <translation>当地时间 %1</translation>
    </message>
    <message>
        <location filename="../../ui/customer_panel.py" line="135"/>
        <source>attempt %1</source>
        <translation>第 %1 次外呼</translation>
    </message>
    <message>
        <location filename="../../ui/customer_panel.py" line="138"/>
        <source>Callable now</source>
        <translation>现在可以外呼</translation>
    </message>
    <message>
        <location filename="../../ui/customer_panel.py" line="1" />
        <source>Script: %1</source>
        <translation>话术：%1</translation>
    </message>
</context>
<context>
    <name>DncDialog</name>
    <message>
        <location filename="../../ui/dnc_dialog.py" line="12"/>
        <source>Do not call</source>
        <translation>免打扰</translation>
    </message>
    <message>
        <location filename="../../ui/dnc_dialog.py" line="14"/>
        <source>Put %1 on the do-not-call list?
The number will never be dialled again from any desktop. This cannot be undone.</source>
        <translation>将 %1 加入营销黑名单（免打扰）？
任何坐席都将无法再拨打此号码，且无法撤销。</translation>
    </message>
    <message>
        <location filename="../../ui/dnc_dialog.py" line="17"/>
        <source>Customer asked not to be called</source>
        <translation>客户要求不再接收营销电话</translation>
    </message>
    <message>
        <location filename="../../ui/dnc_dialog.py" line="19"/>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/dnc_dialog.py" line="23"/>
        <source>Put on do-not-call list</source>
        <translation>加入营销黑名单</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <location filename="../../ui/shortcuts.py"/>
        <source>Survey: go to the first question (digits 1-5 score it, Tab goes to the next)</source>
        <translation>满意度调查：转到第一题（数字1-5评分，Tab转到下一题）</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py"/>
        <source>Transfer the call to the campaign's verifier or supervisor (SIP telephone)</source>
        <translation>将通话转接给本营销活动的回访员或主管（SIP 电话）</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py"/>
        <source>Progressive dialling: pause / go on with the countdown</source>
        <translation>渐进式拨号：暂停/继续倒计时</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py"/>
        <source>Progressive dialling: cancel the automatic call</source>
        <translation>渐进式拨号：取消自动呼叫</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py"/>
        <source>Hold / resume the call (SIP telephone)</source>
        <translation>保持 / 恢复通话（SIP 电话）</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py"/>
        <source>Mute / unmute your microphone (SIP telephone)</source>
        <translation>静音 / 取消静音麦克风（SIP 电话）</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py"/>
        <source>Send key presses to the call: digits, * and # (SIP telephone)</source>
        <translation>向通话发送按键：数字、* 和 #（SIP 电话）</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="51"/>
        <source>Outcome: %1</source>
        <translation>外呼结果：%1</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="58"/>
        <source>Select the next callable customer</source>
        <translation>选择下一位可外呼客户</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="62"/>
        <source>Go to the queue list (arrows move, Enter opens)</source>
        <translation>转到外呼队列（方向键移动）</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="64"/>
        <source>Search by name or number (Enter or Down: the first match)</source>
        <translation>按姓名或号码搜索（回车或下方向键：转到第一个结果）</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="65"/>
        <source>Call the selected customer</source>
        <translation>外呼所选客户</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="66"/>
        <source>Hang up and start wrap-up</source>
        <translation>挂机并开始话后处理</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="67"/>
        <source>Tick the next mandatory disclosure</source>
        <translation>勾选下一条必读告知</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="68"/>
        <source>Show the profile</source>
        <translation>显示客户画像</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="69"/>
        <source>Show the contact history</source>
        <translation>显示接触记录</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="70"/>
        <source>Go to the recommended offers</source>
        <translation>转到推荐产品</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="71"/>
        <source>Go to the script</source>
        <translation>转到话术脚本</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="78"/>
        <source>Set the call-back time (quick picks: arrow keys; last = custom)</source>
        <translation>设置回拨时间（快捷选项用方向键选择；最后一项为自定义）</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="99"/>
        <source>Show the quality feedback on my calls</source>
        <translation>查看我的通话质检反馈</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="108"/>
        <source>Refresh the monitor now</source>
        <translation>立即刷新监控</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="109"/>
        <source>Show agents, alerts and charts</source>
        <translation>显示坐席、告警和图表</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="110"/>
        <source>Show the campaigns</source>
        <translation>显示营销活动</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="111"/>
        <source>Show the queues</source>
        <translation>显示呼叫队列</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="113"/>
        <source>On an agent: open that agent&apos;s queue</source>
        <translation>在坐席行上：打开该坐席的队列</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="115"/>
        <source>Reassign the selected queue items to another agent</source>
        <translation>将选中的队列项改派给其他坐席</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="117"/>
        <source>Raise the priority of the selected queue items</source>
        <translation>提高选中队列项的优先级</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="119"/>
        <source>Rebalance a campaign evenly across chosen agents</source>
        <translation>将一个营销活动的队列平均分配给选定坐席</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="121"/>
        <source>Pause or release the selected agent&apos;s queue</source>
        <translation>暂停或恢复选中坐席的队列</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="116"/>
        <source>Export the table shown as CSV or Excel</source>
        <translation>将当前表格导出为 CSV 或 Excel</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="118"/>
        <source>Wallboard for a floor screen, full screen (F11 again or Esc: back)</source>
        <translation>现场大屏看板，全屏显示（再按 F11 或 Esc 返回）</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="149"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="73"/>
        <source>Choose the objection</source>
        <translation>选择异议原因</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="74"/>
        <source>Choose the offer accepted</source>
        <translation>选择办理产品</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="80"/>
        <source>Write notes</source>
        <translation>填写备注</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="84"/>
        <source>Save the outcome and go to the next</source>
        <translation>保存结果并转到下一位</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="86"/>
        <source>Put the customer on the do-not-call list</source>
        <translation>将客户加入营销黑名单</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="90"/>
        <source>Pause with a reason (break, training, ...) / resume</source>
        <translation>示忙并选择原因（休息、培训等）/ 恢复置闲</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="92"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="96"/>
        <source>Show what the server did not accept, and why</source>
        <translation>查看服务器未接受的记录及原因</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="100"/>
        <location filename="../../ui/shortcuts.py" line="123"/>
        <source>Show the keyboard shortcuts</source>
        <translation>显示快捷键</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="101"/>
        <location filename="../../ui/shortcuts.py" line="124"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Show the cause-analysis tasks of the customers you manage (churn warnings)</source>
        <translation>显示您负责客户的原因分析任务（流失预警）</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>Rating 1-5</source>
        <translation>评分 1-5</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>Customer's words</source>
        <translation>客户原话</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>Issue resolved</source>
        <translation>问题已解决</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>Still unhappy - escalate</source>
        <translation>仍不满意 - 升级处理</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>Promised to pay</source>
        <translation>承诺缴费</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>Paid already</source>
        <translation>已缴费</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>Disputes the bill</source>
        <translation>对账单有异议</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>Survey done</source>
        <translation>调查完成</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>Survey declined</source>
        <translation>拒绝调查</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>Won back</source>
        <translation>挽回成功</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>This outcome does not belong to this kind of campaign.</source>
        <translation>此结果不属于该类型的营销活动。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>A promise to pay needs the date the customer will pay.</source>
        <translation>承诺缴费须填写客户承诺的缴费日期。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>The survey answers do not fit the survey's questions.</source>
        <translation>调查答案与调查问题不符。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>Choose the date the customer promised to pay.</source>
        <translation>请选择客户承诺的缴费日期。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>Survey answers go with a completed survey only.</source>
        <translation>只有完成的调查才能附带调查答案。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>Score every question of the survey (1-5) before saving it as completed.</source>
        <translation>请先为每道调查题评分（1-5），再保存为调查完成。</translation>
    </message>
    <message>
        <source>No keyring: password needed at each start</source>
        <translation>无密钥环：每次启动需输入密码</translation>
    </message>
    <message>
        <source>No system keyring is available: you will be asked for your password at every start. The session token is kept in memory only.</source>
        <translation>系统没有可用的密钥环：每次启动都需要输入密码，会话令牌只保存在内存中。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>The customer never answered this call; choose a not-reached outcome.</source>
        <translation>客户未接听此次呼叫，请选择未接通结果。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="32"/>
        <source>No answer</source>
        <translation>无人接听</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="33"/>
        <source>Busy</source>
        <translation>忙音/占线</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="34"/>
        <source>Switched off / unreachable</source>
        <translation>关机/无法接通</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="35"/>
        <source>Wrong number</source>
        <translation>错号</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="36"/>
        <source>Voicemail</source>
        <translation>语音信箱</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="37"/>
        <source>Accepted (sale)</source>
        <translation>成功办理</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="38"/>
        <source>Interested - call back</source>
        <translation>有意向-预约回拨</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="39"/>
        <source>Considering - follow up</source>
        <translation>考虑中-待跟进</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="40"/>
        <source>Not interested</source>
        <translation>不感兴趣</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="41"/>
        <source>Refuses marketing calls</source>
        <translation>拒绝营销来电</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="42"/>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="43"/>
        <source>Hung up</source>
        <translation>挂断</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="53"/>
        <source>Price</source>
        <translation>价格高</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="54"/>
        <source>No need</source>
        <translation>没有需要</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="55"/>
        <source>Already has it</source>
        <translation>已经办理</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="56"/>
        <source>Competitor</source>
        <translation>使用竞争对手产品</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="57"/>
        <source>Bad timing</source>
        <translation>时机不合适</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="58"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="68"/>
        <source>To call</source>
        <translation>待外呼</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="69"/>
        <source>Call-back</source>
        <translation>回拨</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="70"/>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="76"/>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="77"/>
        <source>Team lead</source>
        <translation>班组长</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="78"/>
        <source>Quality checker</source>
        <translation>质检员</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="79"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="85"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="86"/>
        <source>Syncing...</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="87"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="88"/>
        <source>Needs login</source>
        <translation>需要重新登录</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="89"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="97"/>
        <source>&amp;Break</source>
        <translation>休息(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="98"/>
        <source>&amp;Lunch</source>
        <translation>午餐(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="99"/>
        <source>&amp;Personal</source>
        <translation>个人事务(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="100"/>
        <source>T&amp;echnical problem</source>
        <translation>技术故障(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="101"/>
        <source>&amp;Training</source>
        <translation>培训(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="102"/>
        <source>&amp;Meeting</source>
        <translation>会议(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="103"/>
        <source>&amp;Coaching</source>
        <translation>辅导(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="126"/>
        <source>Available</source>
        <translation>置闲</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="127"/>
        <source>Paused</source>
        <translation>示忙</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="128"/>
        <source>On call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="129"/>
        <source>Wrap-up</source>
        <translation>话后处理</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="135"/>
        <source>Call outcome</source>
        <translation>通话结果</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="136"/>
        <source>Do-not-call request</source>
        <translation>营销黑名单申请</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="137"/>
        <source>Agent status</source>
        <translation>坐席状态</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="143"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="144"/>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="145"/>
        <source>Web</source>
        <translation>网厅/App</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="146"/>
        <source>Store</source>
        <translation>营业厅</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="152"/>
        <source>A - far under plan (suggest cheaper)</source>
        <translation>A - 远低于套餐（建议降档）</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="153"/>
        <source>B - slightly under plan (fits)</source>
        <translation>B - 略低于套餐（合适）</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="154"/>
        <source>C - slightly over plan (add-on)</source>
        <translation>C - 略超套餐（可加叠加包）</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="155"/>
        <source>D - far over plan (upgrade)</source>
        <translation>D - 远超套餐（建议升档）</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="156"/>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="162"/>
        <source>Say</source>
        <translation>陈述</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="163"/>
        <source>Question</source>
        <translation>提问</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="164"/>
        <source>Disclosure</source>
        <translation>告知</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="165"/>
        <source>Pitch</source>
        <translation>产品推介</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="166"/>
        <source>Objection</source>
        <translation>异议处理</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="167"/>
        <source>Close</source>
        <translation>促成</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="174"/>
        <source>The customer is on the do-not-call list.</source>
        <translation>该客户在营销黑名单（免打扰）中。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="176"/>
        <source>The do-not-call list has not been refreshed recently; sync before dialling.</source>
        <translation>营销黑名单近期未更新，请先同步再外呼。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="179"/>
        <source>The campaign of this item is unknown.</source>
        <translation>未找到该队列项所属的营销活动。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="181"/>
        <source>The campaign is not active.</source>
        <translation>该营销活动未启用。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="182"/>
        <source>This item is closed.</source>
        <translation>该队列项已结案。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="183"/>
        <source>The campaign&apos;s attempt limit is reached.</source>
        <translation>已达到该营销活动的外呼次数上限。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="185"/>
        <source>Outside the calling window in the customer&apos;s local time.</source>
        <translation>不在客户当地时间的允许外呼时段内。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="187"/>
        <source>The campaign&apos;s retry spacing has not passed.</source>
        <translation>未到该营销活动规定的再次外呼间隔。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="189"/>
        <source>Contact cap reached: too many calls to this number in 24 hours.</source>
        <translation>已达接触上限：24 小时内对该号码外呼次数过多。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="191"/>
        <source>Contact cap reached: too many calls to this number in 30 days.</source>
        <translation>已达接触上限：30 天内对该号码外呼次数过多。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="193"/>
        <source>The call-back is not due yet.</source>
        <translation>回拨尚未到时间。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="195"/>
        <source>You are paused; resume before dialling.</source>
        <translation>您正处于示忙状态，请先置闲再外呼。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="197"/>
        <source>Your team lead has paused your queue.</source>
        <translation>班组长已暂停你的队列。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="205"/>
        <source>This campaign does not allow that outcome.</source>
        <translation>该营销活动不允许此外呼结果。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="207"/>
        <source>The notes are too long.</source>
        <translation>备注过长。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="208"/>
        <source>The customer is on the do-not-call list; a sale cannot be recorded.</source>
        <translation>该客户在营销黑名单中，不能记录成功办理。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="210"/>
        <source>Choose the offer the customer accepted.</source>
        <translation>请选择客户办理的产品。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="212"/>
        <source>Tick every mandatory disclosure before saving a sale.</source>
        <translation>保存成功办理前，请勾选所有必读告知事项。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="214"/>
        <source>Choose the customer&apos;s objection.</source>
        <translation>请选择客户的异议原因。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="216"/>
        <source>Choose a call-back time.</source>
        <translation>请选择回拨时间。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="217"/>
        <source>The call-back time is in the past.</source>
        <translation>回拨时间已过。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="218"/>
        <source>The call-back time is outside the calling window in the customer&apos;s local time.</source>
        <translation>回拨时间不在客户当地时间的允许外呼时段内。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="227"/>
        <source>Server unreachable</source>
        <translation>无法连接服务器</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="228"/>
        <source>Unexpected answer from the server</source>
        <translation>服务器返回异常</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="230"/>
        <source>Login failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="231"/>
        <source>Please log in again</source>
        <translation>请重新登录</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="232"/>
        <source>Not allowed</source>
        <translation>无权操作</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="233"/>
        <source>Please check the input</source>
        <translation>请检查输入</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="234"/>
        <source>Cannot dial</source>
        <translation>无法外呼</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="235"/>
        <source>Local database problem</source>
        <translation>本地数据库问题</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="240"/>
        <source>The previous password does not match the one last used on this computer. Each wrong try makes the next check wait longer (next: %1 s).</source>
        <translation>原密码与本机上次使用的密码不一致。每输错一次，下次核对的等待时间就会更长（下次：%1 秒）。</translation>
    </message>
    <message>
        <source>Your password was changed since you last worked on this computer, and the work kept here is locked with the previous one. Enter the previous password as well, once, to carry it over.</source>
        <translation>自您上次在本机工作以来密码已被修改，本机保存的工作仍由原密码加密。请同时输入一次原密码，以便将其转移到新密码下。</translation>
    </message>
    <message>
        <source>Cannot save on this computer</source>
        <translation>无法在本机保存</translation>
    </message>
    <message>
        <source>Wrong password</source>
        <translation>密码错误</translation>
    </message>
    <message>
        <source>Nothing was saved: the disk is full or the data folder %1 cannot be written. Free some disk space or ask IT to make the folder writable, then try again; everything saved before is still on this computer.</source>
        <translation>未保存任何内容：磁盘已满，或数据文件夹 %1 无法写入。请释放磁盘空间或请IT人员开放该文件夹的写入权限，然后重试；之前保存的内容仍在本机。</translation>
    </message>
    <message>
        <source>This account has never logged in on this computer, so it cannot start without the server.</source>
        <translation>该账号从未在本机登录过，因此无法在没有服务器的情况下启动。</translation>
    </message>
    <message>
        <source>The server cannot be reached, so the password was checked against the one last used on this computer, and it does not match. Each wrong try makes the next check wait longer (next: %1 s).</source>
        <translation>无法连接服务器，因此已将密码与本机上次使用的密码核对，两者不一致。每输错一次，下次核对的等待时间就会更长（下次：%1 秒）。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="222"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="250"/>
        <source>Wrong username or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="252"/>
        <location filename="../../ui/labels.py" line="251"/>
        <source>The server is checking many logins at once. Try again in a moment.</source>
        <translation>服务器正在同时核验大量登录，请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="254"/>
        <source>Too many failed logins. Try again in %1 minutes.</source>
        <translation>登录失败次数过多，请 %1 分钟后再试。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="257"/>
        <source>Too many failed logins. Try again in %1 seconds.</source>
        <translation>登录失败次数过多，请 %1 秒后再试。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="234"/>
        <source>Cannot reach the server. Check the address and your network; work already saved stays on this computer.</source>
        <translation>无法连接服务器。请检查地址和网络；已保存的工作仍保留在本机。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="256"/>
        <source>This address does not answer like a Callsheet server.</source>
        <translation>该地址不是 Callsheet 服务器。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="259"/>
        <source>Your session has expired. Please log in again.</source>
        <translation>会话已过期，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="266"/>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="267"/>
        <source>An unexpected error occurred. It has been written to the log file.</source>
        <translation>发生意外错误，详情已写入日志文件。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="180"/>
        <source>This desktop has not measured the server&apos;s clock yet; sync before dialling.</source>
        <translation>本机尚未校准服务器时间，请先同步再拨号。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="180"/>
        <source>The computer&apos;s clock changed since the last sync; sync before dialling.</source>
        <translation>上次同步后电脑时钟被更改，请先同步再拨号。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="180"/>
        <source>Hang up the current call before dialling another.</source>
        <translation>请先挂断当前通话再拨打下一个。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="180"/>
        <source>Nothing was dialled, so the customer was not reached: dial first (F5) or choose a not-reached outcome.</source>
        <translation>尚未拨号，客户未接通：请先拨号（F5）或选择未接通结果。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="180"/>
        <source>Disclosures are ticked while on the call (after F5, before hang-up).</source>
        <translation>必读告知只能在通话中勾选（拨号后、挂断前）。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>This queue item was never yours.</source>
        <translation>此队列项从未分配给您。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>The customer or campaign does not match the queue item.</source>
        <translation>客户或营销活动与该队列项不符。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>The campaign does not allow this outcome.</source>
        <translation>该营销活动不允许此结果。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>The customer was recorded as reached, but nothing was dialled.</source>
        <translation>记录为已接通，但并未拨号。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>The offer is not one of this campaign&apos;s.</source>
        <translation>该产品不属于此营销活动。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>A sale must name the offer accepted.</source>
        <translation>成功办理必须注明客户接受的产品。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>The customer was on the do-not-call list before this call began.</source>
        <translation>此次呼叫开始前，客户已在营销黑名单中。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>Your role may not do this.</source>
        <translation>您的角色无权执行此操作。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>No such customer.</source>
        <translation>没有该客户。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>This customer is not on your lists.</source>
        <translation>该客户不在您的名单中。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>A pause needs one of the server&apos;s reasons.</source>
        <translation>暂停需选择服务器提供的原因之一。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>The record was not valid (a newer or damaged desktop?).</source>
        <translation>该记录无效（桌面端版本较新或已损坏？）。</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py"/>
        <source>Another account already sent a record with the same id.</source>
        <translation>另一个账号已发送过相同编号的记录。</translation>
    </message>
    <message>
        <source>Verifier</source>
        <translation>回访员</translation>
    </message>
    <message>
        <source>awaiting verification</source>
        <translation>待回访</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>activated</source>
        <translation>已开通</translation>
    </message>
    <message>
        <source>activation failed</source>
        <translation>开通失败</translation>
    </message>
    <message>
        <source>email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>letter</source>
        <translation>信函</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login_dialog.py" line="62"/>
        <source>Callsheet - log in</source>
        <translation>Callsheet - 登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="67"/>
        <source>Callsheet</source>
        <translation>Callsheet 外呼工作台</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="69"/>
        <source>Log in to your call list</source>
        <translation>登录以开始今天的外呼任务</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="82"/>
        <source>Demo &amp;account</source>
        <translation>演示账号(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="85"/>
        <source>&amp;Server</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="86"/>
        <source>&amp;Username</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="87"/>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="101"/>
        <source>No system keyring is available: you will be asked for your password at every start. The session token is kept in memory only.</source>
        <translation>系统没有可用的密钥环：每次启动都需要输入密码，会话令牌只保存在内存中。</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="108"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="171"/>
        <source>Resuming your session...</source>
        <translation>正在恢复会话…</translation>
    </message>
    <message>
        <source>P&amp;revious password</source>
        <translation>原密码(&amp;R)</translation>
    </message>
    <message>
        <source>The server cannot be reached. Enter your password to open your work on this computer; what you do is sent to the server when it is back.</source>
        <translation>无法连接服务器。请输入密码以打开本机上的工作；您的操作会在服务器恢复后发送。</translation>
    </message>
    <message>
        <source>Unlock offline</source>
        <translation>离线解锁</translation>
    </message>
    <message>
        <source>Checking the password on this computer...</source>
        <translation>正在本机核对密码…</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="204"/>
        <source>Enter the server address, username and password.</source>
        <translation>请输入服务器地址、用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="207"/>
        <source>Logging in...</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="250"/>
        <source>Local database damaged</source>
        <translation>本地数据库已损坏</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="251"/>
        <source>The local database on this computer is damaged. Callsheet can set it aside (it is kept, not deleted, so support can recover anything that was not yet synced) and download a fresh copy of your queue from the server.</source>
        <translation>本机的本地数据库已损坏。Callsheet 可以将其移到一旁（文件会保留而不会删除，技术支持可从中恢复尚未同步的内容），并从服务器重新下载您的外呼队列。</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="257"/>
        <source>Set it aside and start fresh</source>
        <translation>移到一旁并重新开始</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>&amp;Transfer to the verifier / supervisor</source>
        <translation>转接给回访员/主管(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>Cancel the automatic call</source>
        <translation>取消自动呼叫</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>Pause / go on with the countdown</source>
        <translation>暂停/继续倒计时</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>Skipped %1: %2</source>
        <translation>已跳过 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>Automatic calling stopped: %1</source>
        <translation>自动呼叫已停止：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>Automatic call cancelled: press F5 to call.</source>
        <translation>已取消自动呼叫：按 F5 拨打。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>The wrap-up time of this campaign is up: choose the outcome and save it (Ctrl+Enter).</source>
        <translation>本营销活动的话后处理时间已到：请选择结果并保存（Ctrl+Enter）。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>This campaign has no transfer target; your administrator sets it.</source>
        <translation>本营销活动未设置转接目标，请联系管理员设置。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>Transferring to %1...</source>
        <translation>正在转接到 %1……</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>Only during a call with the SIP telephone.</source>
        <translation>仅在使用 SIP 电话通话时可用。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>No automatic call is counting down.</source>
        <translation>没有正在倒计时的自动呼叫。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>Hold / &amp;resume</source>
        <translation>保持 / 恢复通话(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>&amp;Mute / unmute</source>
        <translation>静音 / 取消静音(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>Send &amp;key presses...</source>
        <translation>发送按键(&amp;K)...</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>Hold, mute and key presses are your softphone's own buttons; set up the SIP telephone in Settings to use them here.</source>
        <translation>保持、静音和按键请使用软电话自己的按钮；在设置中配置 SIP 电话后即可在此使用。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>Only during a call.</source>
        <translation>仅在通话中可用。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>Microphone muted (F8 to unmute)</source>
        <translation>麦克风已静音（按 F8 取消静音）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>Microphone on</source>
        <translation>麦克风已打开</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>Send key presses</source>
        <translation>发送按键</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>Keys to send to the call (0-9, * and #):</source>
        <translation>要发送到通话中的按键（0-9、* 和 #）：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>SIP: registering...</source>
        <translation>SIP：正在注册...</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py"/>
        <source>SIP: unavailable (tel: links)</source>
        <translation>SIP：不可用（使用 tel: 链接）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="75"/>
        <source>Callsheet - %1 (%2)</source>
        <translation>Callsheet - %1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="172"/>
        <source>&amp;Next customer</source>
        <translation>下一位客户(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="172"/>
        <source>&amp;Call</source>
        <translation>外呼(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="173"/>
        <source>&amp;Hang up</source>
        <translation>挂机(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="173"/>
        <source>&amp;Save and next</source>
        <translation>保存并下一位(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174"/>
        <source>&amp;Do not call...</source>
        <translation>免打扰(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174"/>
        <source>S&amp;ync now</source>
        <translation>立即同步(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="175"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="175"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176"/>
        <location filename="../../ui/main_window.py" line="567"/>
        <source>&amp;Pause...</source>
        <translation>示忙(&amp;P)...</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176"/>
        <source>&amp;Rejected by the server...</source>
        <translation>被服务器拒绝的记录(&amp;R)...</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="200"/>
        <source>Call (F5)</source>
        <translation>外呼 (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="201"/>
        <source>Hang up (F6)</source>
        <translation>挂机 (F6)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="204"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="205"/>
        <source>&amp;Log in again...</source>
        <translation>重新登录(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="208"/>
        <location filename="../../ui/main_window.py" line="195"/>
        <source>Log &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="196"/>
        <source>C&amp;all</source>
        <translation>外呼(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="212"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="214"/>
        <source>&amp;About Callsheet / copy diagnostics...</source>
        <translation>关于 Callsheet / 复制诊断信息(&amp;A)...</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="252"/>
        <source>Please log in again</source>
        <translation>请重新登录</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="253"/>
        <source>Your session has expired. Password for %1:</source>
        <translation>会话已过期，请输入 %1 的密码：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="325"/>
        <source>Log in to sync</source>
        <translation>登录以同步</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="326"/>
        <source>Work done offline is kept and sent once you log in. Password for %1:</source>
        <translation>离线完成的工作已保存，登录后即发送。请输入 %1 的密码：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="291"/>
        <source>Your team lead %1 has paused your queue: dialling is stopped.</source>
        <translation>班组长 %1 已暂停你的队列：停止外呼。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="294"/>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="297"/>
        <source>Your team lead has released your queue.</source>
        <translation>班组长已恢复你的队列。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="361"/>
        <source>No softphone answered the tel: link; dial %1 by hand (the number is on the clipboard: Ctrl+V).</source>
        <translation>没有软电话响应 tel: 链接，请手动拨打 %1（号码已复制到剪贴板：Ctrl+V）。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="377"/>
        <source>Every mandatory disclosure is ticked.</source>
        <translation>所有必读告知事项均已勾选。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="385"/>
        <source>On call %1</source>
        <translation>通话中 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="387"/>
        <source>Wrap-up %1 (talk %2)</source>
        <translation>话后处理 %1（通话 %2）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="398"/>
        <source>Choose a customer in the queue first (Ctrl+N).</source>
        <translation>请先在队列中选择客户（Ctrl+N）。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="399"/>
        <source>You are on a call: hang up first (F6).</source>
        <translation>正在通话中：请先挂机（F6）。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="405"/>
        <source>No call in progress.</source>
        <translation>当前没有通话。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="430"/>
        <source>Choose an outcome first (Alt+1 ... Alt+=).</source>
        <translation>请先选择外呼结果（Alt+1 … Alt+=）。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="471"/>
        <source>Saved. It will be sent to the server with the next sync.</source>
        <translation>已保存，将在下次同步时上传到服务器。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="515"/>
        <source>Paused (%1): no calls until you resume with Ctrl+Shift+P.</source>
        <translation>示忙中（%1）：按 Ctrl+Shift+P 恢复置闲之前不能外呼。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="567"/>
        <source>&amp;Resume</source>
        <translation>恢复置闲(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="568"/>
        <source>Resume</source>
        <translation>恢复置闲</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="568"/>
        <source>Pause</source>
        <translation>示忙</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="141"/>
        <source>S&amp;ettings...</source>
        <translation>设置(&amp;E)...</translation>
    </message>
</context>
<context>
    <name>Notify</name>
    <message>
        <location filename="../../ui/notifier.py" line="41"/>
        <source>%n call-back(s) due</source>
        <translation>%n 个回拨已到时间</translation>
    </message>
    <message>
        <location filename="../../ui/notifier.py" line="42"/>
        <source>%1 - at the top of your queue.</source>
        <translation>%1 —— 已排在队列最前面。</translation>
    </message>
</context>
<context>
    <name>OutcomePanel</name>
    <message>
        <location filename="../../ui/outcome_panel.py"/>
        <source>Promised payment date</source>
        <translation>承诺缴费日期</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_panel.py" line="44"/>
        <source>Outcome</source>
        <translation>外呼结果</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_panel.py" line="62"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_panel.py" line="71"/>
        <location filename="../../ui/outcome_panel.py" line="171"/>
        <source>- none -</source>
        <translation>- 无 -</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_panel.py" line="83"/>
        <source>In the customer&apos;s local time</source>
        <translation>按客户当地时间</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_panel.py" line="110"/>
        <source>&amp;Objection</source>
        <translation>异议原因(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_panel.py" line="112"/>
        <source>Offer acce&amp;pted</source>
        <translation>办理产品(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_panel.py" line="116"/>
        <source>Call &amp;back</source>
        <translation>回拨(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_panel.py" line="164"/>
        <source>This campaign does not allow this outcome.</source>
        <translation>本营销活动不允许此外呼结果。</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_panel.py" line="165"/>
        <source>Choose a customer in the queue first (Ctrl+N).</source>
        <translation>请先在队列中选择客户（Ctrl+N）。</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_panel.py" line="195"/>
        <source>Notes %1/%2</source>
        <translation>备注 %1/%2</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_panel.py" line="224"/>
        <source>Custom time...</source>
        <translation>自定义时间...</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_panel.py" line="274"/>
        <source>Outside the calling window (%1-%2 customer time).</source>
        <translation>不在外呼时段内（客户当地时间 %1-%2）。</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_panel.py" line="126"/>
        <source>Save &amp;&amp; next</source>
        <translation>保存并下一位</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_panel.py" line="90"/>
        <source>Notes for the record (what was said, what was agreed; up to %1 characters)</source>
        <translation>记录备注（沟通内容、约定事项；最多 %1 个字符）</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_panel.py" line="128"/>
        <source>Do not call...</source>
        <translation>免打扰…</translation>
    </message>
</context>
<context>
    <name>PauseDialog</name>
    <message>
        <location filename="../../ui/pause_dialog.py" line="30"/>
        <location filename="../../ui/pause_dialog.py" line="56"/>
        <source>Pause</source>
        <translation>示忙</translation>
    </message>
    <message>
        <location filename="../../ui/pause_dialog.py" line="32"/>
        <source>Why do you pause? (keys 1-%1, Enter) No calls are dialled until you resume with Ctrl+Shift+P.</source>
        <translation>暂停原因？（按 1-%1 键选择，回车确认）在按 Ctrl+Shift+P 恢复之前不会外呼。</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../ui/queue_model.py" line="81"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="81"/>
        <source>Phone</source>
        <translation>号码</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="82"/>
        <source>Campaign</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="82"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="82"/>
        <source>Tier</source>
        <translation>价值等级</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="82"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="83"/>
        <source>Attempts</source>
        <translation>外呼次数</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="81"/>
        <source>Call-back</source>
        <translation>回拨时间</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="81"/>
        <source>Callable</source>
        <translation>可外呼</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="83"/>
        <source>Top offer</source>
        <translation>首推产品</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="86"/>
        <source>Call-back time: the customer&apos;s clock / yours</source>
        <translation>回拨时间：客户当地时间 / 您的时间</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="87"/>
        <source>When the number may be dialled</source>
        <translation>何时可以拨打该号码</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="107"/>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="110"/>
        <source>later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="113"/>
        <source>from %1</source>
        <translation>%1 起</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="114"/>
        <source>Callable from %1</source>
        <translation>%1 起可外呼</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="119"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="120"/>
        <source>Not callable now</source>
        <translation>现在不可外呼</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="125"/>
        <source>Call-back due (%1)</source>
        <translation>回拨已到时间（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/queue_model.py" line="126"/>
        <source>Call-back at %1</source>
        <translation>回拨时间 %1</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../ui/queue_panel.py" line="50"/>
        <location filename="../../ui/queue_panel.py" line="110"/>
        <source>All campaigns</source>
        <translation>全部营销活动</translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="53"/>
        <source>All open</source>
        <translation>全部未结案</translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="59"/>
        <source>Search name or number (Ctrl+F)</source>
        <translation>搜索姓名或号码（Ctrl+F）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/queue_panel.py" line="144"/>
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n 位客户</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/queue_panel.py" line="145"/>
        <source>%n callable now</source>
        <translation>
            <numerusform>%n 位现在可外呼</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RejectedDialog</name>
    <message>
        <location filename="../../ui/rejected_dialog.py" line="35"/>
        <source>Not accepted by the server</source>
        <translation>服务器未接受的记录</translation>
    </message>
    <message>
        <location filename="../../ui/rejected_dialog.py" line="40"/>
        <source>Recorded at</source>
        <translation>记录时间</translation>
    </message>
    <message>
        <location filename="../../ui/rejected_dialog.py" line="40"/>
        <source>What</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/rejected_dialog.py" line="40"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/rejected_dialog.py" line="40"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/rejected_dialog.py" line="41"/>
        <source>Why the server refused it</source>
        <translation>服务器拒绝原因</translation>
    </message>
    <message>
        <location filename="../../ui/rejected_dialog.py" line="61"/>
        <source>These records did not count: the server refused them. They stay here so that you can tell your team lead.</source>
        <translation>以下记录未被计入：服务器拒绝了它们。记录保留在此，便于您告知班组长。</translation>
    </message>
    <message>
        <location filename="../../ui/rejected_dialog.py" line="64"/>
        <source>The server has accepted everything you recorded.</source>
        <translation>您记录的内容服务器已全部接受。</translation>
    </message>
</context>
<context>
    <name>ScriptView</name>
    <message>
        <location filename="../../ui/script_view.py" line="45"/>
        <source>No script for this campaign.</source>
        <translation>该营销活动暂无话术。</translation>
    </message>
    <message>
        <location filename="../../ui/script_view.py" line="79"/>
        <source>Read out (mandatory disclosure)</source>
        <translation>已宣读（必读告知）</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py"/>
        <source>The SIP password could not be stored: no system keyring is available.</source>
        <translation>无法保存 SIP 密码：没有可用的系统密钥环。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="65"/>
        <source>Callsheet - settings</source>
        <translation>Callsheet - 设置</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="68"/>
        <source>Welcome. Enter the address of your team&apos;s Callsheet server; ask your team lead or IT if you do not know it.</source>
        <translation>欢迎使用。请输入您团队的 Callsheet 服务器地址；如不清楚，请咨询班组长或 IT。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="70"/>
        <source>Changes to the server, language or telephone take effect at the next start.</source>
        <translation>服务器地址、语言或电话设置的更改将在下次启动时生效。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="76"/>
        <source>&amp;Test</source>
        <translation>测试(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="83"/>
        <source>System language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="90"/>
        <source>&amp;Keep customer data on this computer between sessions</source>
        <translation>退出后在本机保留客户数据(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="93"/>
        <source>When off, the local copy of your queue is deleted when you log out. Actions not yet sent to the server are never deleted.</source>
        <translation>关闭后，退出登录时将删除本机的外呼队列副本。尚未上传到服务器的操作绝不会被删除。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="97"/>
        <source>&amp;Server address</source>
        <translation>服务器地址(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="102"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="128"/>
        <source>Enter an address starting with http:// or https://, e.g. https://callsheet.example.com</source>
        <translation>请输入以 http:// 或 https:// 开头的地址，例如 https://callsheet.example.com</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="138"/>
        <source>Testing %1...</source>
        <translation>正在测试 %1...</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="150"/>
        <source>The server answered.</source>
        <translation>服务器已响应。</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../../ui/status_bar.py" line="44"/>
        <source>The server refused these records; click to see which and why.</source>
        <translation>服务器拒绝了这些记录；点击查看是哪些以及原因。</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="62"/>
        <source>No keyring: password needed at each start</source>
        <translation>无密钥环：每次启动需输入密码</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="64"/>
        <source>No system keyring is available: you will be asked for your password at every start. The session token is kept in memory only.</source>
        <translation>系统没有可用的密钥环：每次启动都需要输入密码，会话令牌只保存在内存中。</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="75"/>
        <source>Next try in %1 s</source>
        <translation>%1 秒后重试</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="79"/>
        <source>Last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="80"/>
        <source>Not synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/status_bar.py" line="82"/>
        <source>%n action(s) waiting to be pushed</source>
        <translation>
            <numerusform>%n 条操作待上传</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/status_bar.py" line="84"/>
        <source>%n rejected</source>
        <translation>
            <numerusform>%n 条被拒绝</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="91"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="91"/>
        <source>%1 h ago</source>
        <translation>%1 小时前</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="93"/>
        <source>Do-not-call list out of date (refreshed: %1): dialling stopped until a sync succeeds</source>
        <translation>营销黑名单已过期（上次更新：%1）：同步成功前暂停外呼</translation>
    </message>
</context>
<context>
    <name>SyncTray</name>
    <message>
        <location filename="../../ui/tray.py" line="48"/>
        <source>&amp;Show Callsheet</source>
        <translation>显示 Callsheet(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="50"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="69"/>
        <source>Callsheet: %1</source>
        <translation>Callsheet：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/tray.py" line="71"/>
        <source>%n action(s) waiting to be pushed</source>
        <translation>
            <numerusform>%n 条操作待上传</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PacingView</name>
    <message>
        <location filename="../../ui/pacing_view.py"/>
        <source>Calling %1 in %2 s - Esc: cancel, F4: pause</source>
        <translation>%2 秒后呼叫 %1 - Esc：取消，F4：暂停</translation>
    </message>
    <message>
        <location filename="../../ui/pacing_view.py"/>
        <source>Countdown paused at %2 s before calling %1 - F4: go on, Esc: cancel</source>
        <translation>倒计时已暂停，还剩 %2 秒呼叫 %1 - F4：继续，Esc：取消</translation>
    </message>
    <message>
        <location filename="../../ui/pacing_view.py"/>
        <source>Skipped: %1</source>
        <translation>已跳过：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pacing_view.py"/>
        <source>Wrap-up time left: %1</source>
        <translation>话后处理剩余时间：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pacing_view.py"/>
        <source>Wrap-up time is up, %1 over: save the outcome (Ctrl+Enter)</source>
        <translation>话后处理时间已到，已超时 %1：请保存结果（Ctrl+Enter）</translation>
    </message>
</context>
<context>
    <name>SurveyForm</name>
    <message>
        <location filename="../../ui/survey_form.py"/>
        <source>1 very dissatisfied</source>
        <translation>1 非常不满意</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py"/>
        <source>2 dissatisfied</source>
        <translation>2 不满意</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py"/>
        <source>3 neutral</source>
        <translation>3 一般</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py"/>
        <source>4 satisfied</source>
        <translation>4 满意</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py"/>
        <source>5 very satisfied</source>
        <translation>5 非常满意</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py"/>
        <source>The customer's words</source>
        <translation>客户原话</translation>
    </message>
</context>
</TS>
