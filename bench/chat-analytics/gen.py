#!/usr/bin/env python3
"""Hand-scaled test exports for trying bench/chat-analytics/run.sh before `jingjian simulate` writes them.

Writes either Telegram Desktop single-chat exports (`OUT/chats/<group>/result.json`, one per group, the
`{name, type, id, messages[]}` shape with one-space indentation, `date` + `date_unixtime`, `from`/`from_id`,
`text` + `text_entities`, a few service messages) or WhatsApp Android-style chats
(`OUT/WhatsApp Chat with <group>.txt`, `dd/mm/yyyy, HH:MM - Name: text`, a few multi-line and system lines).

The text is made up (word lists below); the output is deterministic for a given --seed.
Usage: gen.py --format telegram|whatsapp --messages N --out DIR [--groups G] [--seed S] [--roster CSV]
"""

import argparse
import json
import os
import random
from datetime import datetime, timedelta, timezone

WORDS_EN = (
    "meeting report deadline please check the file attached today tomorrow friday update draft budget review "
    "team client call notes agenda thanks ok sure done noted will do asap follow up on it by end of day morning "
    "lunch project plan schedule slides numbers approve sign form office room print send reply everyone"
).split()
WORDS_ZH = "收到 好的 明天 会议 报告 请 各位 老师 今天 下午 通知 材料 提交 检查 辛苦了 谢谢 领导 安排 落实 截止".split()
ACKS = ["ok", "收到", "👍", "received", "noted", "好的", "thanks!", "收到，谢谢"]
EMOJI = ["😀", "👍", "🙏", "🎉", "😂", "❤️", "👏"]
FIRST = "Alice Bob Carol Dave Erin Frank Grace Heidi Ivan Judy Mallory Niaj Olivia Peggy Rupert Sybil Trent Victor Walter Yan Li Wang Zhang Chen".split()


def text(rng):
    r = rng.random()
    if r < 0.25:
        return rng.choice(ACKS)
    words = WORDS_ZH if r < 0.45 else WORDS_EN
    n = rng.randint(3, 25)
    t = (" " if words is WORDS_EN else "").join(rng.choice(words) for _ in range(n))
    if rng.random() < 0.1:
        t += " " + rng.choice(EMOJI)
    if rng.random() < 0.03:
        t += " https://example.com/doc/" + str(rng.randint(1, 9999))
    return t


def plan(rng, messages, groups):
    """Split `messages` over `groups` unevenly (a few busy groups, many quiet ones)."""
    weights = [1.0 / (i + 1) ** 0.8 for i in range(groups)]
    total = sum(weights)
    counts = [max(1, int(messages * w / total)) for w in weights]
    counts[0] += messages - sum(counts)
    return counts


def members(rng, gi, previous):
    """Group members: 2000 people in 20 units of 100; a group draws most of its members from one unit (a
    department's group), and every third group mostly repeats the one before it (a redundant group)."""
    n = rng.randint(3, 30)
    if previous and gi % 3 == 2:
        keep = [p for p, _ in previous if rng.random() < 0.9]
        people = keep + rng.sample(range(2000), max(0, n - len(keep)))
    else:
        unit = rng.randrange(20)
        people = [unit * 100 + rng.randrange(100) if rng.random() < 0.85 else rng.randrange(2000) for _ in range(n)]
    people = list(dict.fromkeys(people))
    return [(p, f"{FIRST[p % len(FIRST)]} {p}") for p in people]


def times(rng, count):
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    span = 365 * 24 * 3600
    ts = sorted(rng.randrange(span) for _ in range(count))
    return [start + timedelta(seconds=s) for s in ts]


def telegram(out, counts, rng):
    ppl = None
    for gi, count in enumerate(counts):
        name = f"Group {gi:05d}"
        folder = os.path.join(out, "chats", f"chat_{gi:05d}")
        os.makedirs(folder, exist_ok=True)
        ppl = members(rng, gi, ppl)
        with open(os.path.join(folder, "result.json"), "w", encoding="utf-8") as f:
            f.write('{\n "name": %s,\n "type": "private_supergroup",\n "id": %d,\n "messages": [' % (
                json.dumps(name, ensure_ascii=False), 1000000 + gi))
            for mi, t in enumerate(times(rng, count)):
                pid, pname = rng.choice(ppl)
                m = {"id": mi + 1}
                if rng.random() < 0.01:
                    m.update(type="service", date=t.strftime("%Y-%m-%dT%H:%M:%S"),
                             date_unixtime=str(int(t.timestamp())), actor=pname, actor_id=f"user{pid}",
                             action="invite_members", members=[rng.choice(ppl)[1]], text="", text_entities=[])
                else:
                    body = text(rng)
                    m.update(type="message", date=t.strftime("%Y-%m-%dT%H:%M:%S"),
                             date_unixtime=str(int(t.timestamp())), **{"from": pname, "from_id": f"user{pid}"})
                    if mi > 0 and rng.random() < 0.05:
                        m["reply_to_message_id"] = rng.randint(1, mi)
                    m["text"] = body
                    m["text_entities"] = [{"type": "plain", "text": body}]
                sep = "\n" if mi == 0 else ",\n"
                f.write(sep + json.dumps(m, ensure_ascii=False, indent=1).replace("\n", "\n  ").join(["  ", ""]))
            f.write("\n ]\n}\n")


def whatsapp(out, counts, rng):
    os.makedirs(out, exist_ok=True)
    ppl = None
    for gi, count in enumerate(counts):
        ppl = members(rng, gi, ppl)
        path = os.path.join(out, f"WhatsApp Chat with Group {gi:05d}.txt")
        with open(path, "w", encoding="utf-8") as f:
            for mi, t in enumerate(times(rng, count)):
                stamp = t.strftime("%d/%m/%Y, %H:%M")
                _, pname = rng.choice(ppl)
                if mi == 0:
                    f.write(f"{stamp} - {pname} created group \"Group {gi:05d}\"\n")
                    continue
                r = rng.random()
                if r < 0.05:
                    f.write(f"{stamp} - {pname}: <Media omitted>\n")
                elif r < 0.08:
                    f.write(f"{stamp} - {pname}: {text(rng)}\n{text(rng)}\n")
                else:
                    f.write(f"{stamp} - {pname}: {text(rng)}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--format", choices=["telegram", "whatsapp"], required=True)
    ap.add_argument("--messages", type=int, required=True)
    ap.add_argument("--groups", type=int, default=0, help="default: messages/2000, between 10 and 2000")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--roster", help="also write a jingjian roster CSV (id,name,unit,role) of all 2000 people here")
    a = ap.parse_args()
    groups = a.groups or min(2000, max(10, a.messages // 2000))
    rng = random.Random(a.seed)
    counts = plan(rng, a.messages, groups)
    (telegram if a.format == "telegram" else whatsapp)(a.out, counts, rng)
    if a.roster:
        with open(a.roster, "w", encoding="utf-8") as f:
            f.write("id,name,unit,role\n")
            for p in range(2000):
                name = f"{FIRST[p % len(FIRST)]} {p}"
                # Telegram members are keyed by from_id, WhatsApp members by their shown name.
                mid = f"user{p}" if a.format == "telegram" else name
                f.write(f"{mid},{name},Unit {p // 100:02d},{'lead' if p % 50 == 0 else 'staff'}\n")
    print(f"{a.format}: {sum(counts)} messages in {groups} groups -> {a.out}")


if __name__ == "__main__":
    main()
