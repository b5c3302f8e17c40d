<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>VerifierKeys</name>
    <message>
        <location filename="../../ui/verifier/keys.py" line="24" />
        <source>Confirmed</source>
        <translation>确认办理</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/keys.py" line="25" />
        <source>Denied: did not agree</source>
        <translation>否认：未同意办理</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/keys.py" line="26" />
        <source>Wants to cancel</source>
        <translation>要求退订</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/keys.py" line="27" />
        <source>Wrong details</source>
        <translation>信息有误</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/keys.py" line="28" />
        <source>Not reached</source>
        <translation>未接通</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/keys.py" line="35" />
        <source>Next item</source>
        <translation>下一条</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/keys.py" line="36" />
        <source>Previous item</source>
        <translation>上一条</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/keys.py" line="38" />
        <source>Outcome: %1</source>
        <translation>回访结果：%1</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/keys.py" line="40" />
        <source>Write a note</source>
        <translation>填写备注</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/keys.py" line="42" />
        <source>Save the outcome and go to the next item</source>
        <translation>保存回访结果并转到下一条</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/keys.py" line="43" />
        <source>Refresh the list</source>
        <translation>刷新列表</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/keys.py" line="44" />
        <source>Show the keyboard shortcuts</source>
        <translation>显示快捷键</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/keys.py" line="45" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>VerifierWindow</name>
    <message>
        <location filename="../../ui/verifier/window.py" line="85" />
        <source>Callsheet verification - %1 (%2)</source>
        <translation>Callsheet 回访 - %1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="91" />
        <source>Verification</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="101" />
        <source>Due</source>
        <translation>应回访时间</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="101" />
        <source>Check</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="101" />
        <location filename="../../ui/verifier/window.py" line="288" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="101" />
        <location filename="../../ui/verifier/window.py" line="290" />
        <source>Offer</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="102" />
        <location filename="../../ui/verifier/window.py" line="297" />
        <source>Tries</source>
        <translation>已拨次数</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="123" />
        <source>Outcome</source>
        <translation>回访结果</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="134" />
        <source>Note (Ctrl+E): what the customer said</source>
        <translation>备注（Ctrl+E）：客户的原话</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="135" />
        <source>Save and next (Ctrl+Enter)</source>
        <translation>保存并下一条（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="171" />
        <source>Alt+1 ... Alt+5 the outcome</source>
        <translation>Alt+1 … Alt+5 选择回访结果</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="193" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="195" />
        <source>&amp;Item</source>
        <translation>回访(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="199" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="201" />
        <source>&amp;About Callsheet / copy diagnostics...</source>
        <translation>关于 Callsheet / 复制诊断信息(&amp;A)...</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="234" />
        <source>Open items due now: %1</source>
        <translation>当前待回访：%1 条</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="255" />
        <source>Sale</source>
        <translation>成交确认</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="256" />
        <source>Trial ending</source>
        <translation>体验期将满</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="274" />
        <source>Nothing to verify now.</source>
        <translation>目前没有需要回访的记录。</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="285" />
        <source>%1 days, until %2</source>
        <translation>%1 天，至 %2</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="286" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="289" />
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="291" />
        <source>Price</source>
        <translation>资费</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="291" />
        <source>%1 yuan a month</source>
        <translation>每月 %1 元</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="292" />
        <source>Term</source>
        <translation>合约期</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="292" />
        <source>%1 months</source>
        <translation>%1 个月</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="293" />
        <source>Free trial</source>
        <translation>免费体验</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="294" />
        <source>Sold by</source>
        <translation>办理坐席</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="295" />
        <source>Disclosures ticked</source>
        <translation>已告知条款数</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="296" />
        <source>Recording</source>
        <translation>录音</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="296" />
        <source>yes</source>
        <translation>有</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="296" />
        <source>no</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="304" />
        <source>Seller notes</source>
        <translation>坐席备注</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="305" />
        <source>Verification script</source>
        <translation>回访话术</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="315" />
        <source>Hello, am I speaking with %1? This is %2 of the customer service centre, calling back about your order. You can check this call through the official hotline 10000.</source>
        <translation>您好，请问是%1吗？我是客服中心的%2，就您办理的业务做一次回访。您可以拨打官方客服热线10000核实本次来电。</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="320" />
        <source>Your free trial of %1 ends on %2; after that it costs %3 yuan a month.</source>
        <translation>您的“%1”免费体验将于%2结束，之后每月收费%3元。</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="324" />
        <source>Would you like to keep it? (Confirmed: keeps it; or wants to cancel)</source>
        <translation>请问您是否继续使用？（确认办理：继续使用；或要求退订）</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="327" />
        <source>On %1 our colleague %2 called you and you agreed to %3 at %4 yuan a month for %5 months.</source>
        <translation>%1我们的同事%2致电您，您同意办理“%3”，每月%4元，合约期%5个月。</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="333" />
        <source>It starts with a free trial until %1: cancel before then and nothing is charged.</source>
        <translation>开通后先免费体验至%1，在此之前退订不收取任何费用。</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="336" />
        <source>Do you confirm this order, and are the details right?</source>
        <translation>请问您确认办理吗？以上信息是否正确？</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="337" />
        <source>There is nothing to pay on this call: we never ask for card numbers, passwords or verification codes. You can cancel at any time through 10000.</source>
        <translation>本次通话无需支付任何费用，我们不会索要银行卡号、密码或验证码。您可随时拨打10000退订。</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="352" />
        <source>Choose an outcome first (Alt+1 ... Alt+5).</source>
        <translation>请先选择回访结果（Alt+1 … Alt+5）。</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="375" />
        <source>Saved: %1. The order is now: %2.</source>
        <translation>已保存：%1。订单状态：%2。</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="379" />
        <source>Not reached (%1 of %2 tries): the item comes back later.</source>
        <translation>未接通（第 %1 次，共 %2 次）：稍后再次回访。</translation>
    </message>
    <message>
        <location filename="../../ui/verifier/window.py" line="383" />
        <source>A notice was sent by %1: %2</source>
        <translation>已通过%1发送通知：%2</translation>
    </message>
</context>
</TS>