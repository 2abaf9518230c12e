#!/usr/bin/env python3
"""Checks that xpcanon.py gives the results jingjian's own unit tests expect (normalize.rs, fingerprint/mod.rs,
fingerprint/template.rs), so the datasketch side compares the same texts by the same rules. Plain asserts; run
with `python3 test_xpcanon.py`."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from xpcanon import Canonicaliser, containment, differs_only_in_slot, jaccard, same_notice, shingles  # noqa: E402

C = Canonicaliser()
NOTICE = "关于开展2024年度防汛安全隐患排查的通知：请各村各社区于6月5日前完成辖区内河道、山塘、水库的隐患排查，并将排查台账报送镇应急办。"


def test_normalize() -> None:
    assert C.normalize("請各單位於６月５日前報送") == "请各单位于6月5日前报送"
    assert C.normalize("ＯＫ！收到，謝謝") == "ok!收到,谢谢"
    assert C.normalize("Good   Morning\n\tTeam ") == "good morning team"
    assert C.normalize("【转发】【轉】 关于开展安全检查的通知") == "关于开展安全检查的通知"
    assert C.normalize("Fwd: FW: Q3 planning") == "q3 planning"
    assert C.normalize("轉發：請查收") == "请查收"
    assert C.normalize("[转]收\u200b到\u202e") == "收到"
    assert C.normalize("转发给各村") == "转发给各村", "转发 as a verb stays"
    assert C.normalize("[圖片] [紅包]　恭喜發財") == "[图片] [红包] 恭喜发财"


def test_canonical() -> None:
    assert C.canonical("【转发】收到！[圖片] OK") == "收到ok"
    assert C.canonical("👍👍") == ""
    assert C.canonical("@所有人 【转发】请各村于周五前报送") == C.canonical("请各村于周五前报送")
    assert Canonicaliser(t2s=False).canonical("請各單位報送") == "請各單位報送"
    # fingerprint/mod.rs relay_headers_naming_the_source_are_dropped
    notice = "【通知】5月10日视频会议参会人员请接龙报名。"
    assert C.canonical(f"转发泉湖镇通知：{notice}请各位高度重视。") == C.canonical(notice)
    assert C.canonical(f"@所有人 转发湾龙区应急管理局通知:{notice}") == C.canonical(notice)
    assert C.canonical("转发通知的时间改了") == "通知的时间改了"
    assert C.canonical("转发区通知：转发镇通知：明天开会") == "明天开会"
    assert C.canonical("转发湾龙区应急管理局综合科室通知：明天开会") == "明天开会"
    assert C.canonical("转发湾龙区应急管理局综合科室甲通知：明天开会") == "湾龙区应急管理局综合科室甲通知明天开会"


def test_shingles_jaccard_containment() -> None:
    assert len(shingles("收到")) == 1 and len(shingles("收到收到")) == 2
    assert len(shingles("")) == 0 and len(shingles("好")) == 1
    a, b = shingles("请各村于周五前报送材料"), shingles("请各村于周五前报送材料请认真落实")
    assert jaccard(a, a) == 1.0 and containment(a, b) == 1.0 and jaccard(a, b) < 1.0
    assert jaccard(frozenset(), frozenset()) == 0.0


def test_templates() -> None:
    assert differs_only_in_slot("张三已完成", "李四已完成")
    assert differs_only_in_slot("东村已走访32户", "东村已走访7户")
    assert differs_only_in_slot("thanksbob", "thanksamy")
    assert not differs_only_in_slot("收到", "收到")
    assert not differs_only_in_slot("请各村周五前报送材料", "请各社区下周一前上报台账")
    assert not differs_only_in_slot("ab", "cd"), "nothing shared"
    assert not differs_only_in_slot("请各村周五前报送材料", "转发请各村周五前报送材料"), "an insertion is no slot"


def verdict(a: str, b: str, jac: float = 0.6, cont: float = 0.8) -> bool:
    ca, cb = C.canonical(a), C.canonical(b)
    return same_notice(ca, cb, shingles(ca), shingles(cb), jac, cont)


def test_verdicts() -> None:
    assert verdict("收到", "收到！")
    assert not verdict("李家村张三已完成入户走访32户", "李家村李四已完成入户走访32户"), "a template"
    assert not verdict("今天中午吃什么", "季度财务报表请尽快提交")
    assert verdict(NOTICE, f"转发: {NOTICE}请各村认真落实"), "a relay with a suffix is contained"
    assert verdict(NOTICE, NOTICE.replace("請", "请").replace("隐患排查", "隱患排查")), "Traditional relay"
    # Jaccard 0.5..0.6 passes fingerprint::verify's floor but not the 0.6 default.
    a, b = "abcdefghijklmnopqrstu", "abcdefghijklmno123456"
    j = jaccard(shingles(a), shingles(b))
    assert 0.5 <= j < 0.6 and containment(shingles(a), shingles(b)) < 0.8
    assert not verdict(a, b) and verdict(a, b, jac=0.5)


if __name__ == "__main__":
    tests = [v for k, v in sorted(globals().items()) if k.startswith("test_")]
    for t in tests:
        t()
    print(f"{len(tests)} passed, 0 failed")
