"""jingjian's canonical text, 2-gram shingles, template test and pair verdict, re-implemented in Python.

Mirrors crates/text/src/normalize.rs (normalize), crates/text/src/fingerprint/mod.rs (canonical, shingles,
jaccard, containment, verify) and crates/text/src/fingerprint/template.rs (differs_only_in_slot) so that the
datasketch side of the cross-post benchmark compares the same texts by the same rules. Differences that remain:
Python's str.isalnum / str.isspace and Rust's char::is_alphanumeric / char::is_whitespace differ on a few rare
code points (combining marks of Indic scripts), and Traditional→Simplified uses OpenCC's t2s table where
jingjian uses fast2s (both are character/phrase tables for the same conversion).
"""

from __future__ import annotations

import unicodedata

# Zero-width characters, direction marks, word joiners, BOM and soft hyphen (normalize.rs is_invisible).
_INVISIBLE = dict.fromkeys(
    [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065), *range(0x2066, 0x206A), 0xFEFF, 0xAD]
)
# jingjian lower-cases ASCII letters only (char::to_ascii_lowercase).
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
_FOLD = {**_INVISIBLE, **_ASCII_LOWER}

# normalize.rs RELAY_PREFIXES, in its order (the first that matches is cut).
RELAY_PREFIXES = ["【转发】", "【转】", "[转发]", "[转]", "转发:", "转:", "转自:", "fwd:", "fw:", "转发"]
# fingerprint/mod.rs RELAY_MARKS: dropped anywhere before comparing.
RELAY_MARKS = [
    "@所有人", "@all", "@everyone", "@channel", "@here", "转发", "转自", "转:", "fwd", "收到请回复", "请各单位认真落实",
    "请各村(社区)认真落实", "再次提醒:", "再次提醒", "请相互转告", "请各位高度重视",
]  # fmt: skip
# fingerprint/mod.rs RELAY_SOURCE_CHARS: the longest source name in a relay header 转发 X 通知:.
RELAY_SOURCE_CHARS = 12


def blank_relay_headers(n: str) -> str:
    """fingerprint/mod.rs `blank_relay_headers`: every 「转发 X 通知:」 (X letters only, at most
    RELAY_SOURCE_CHARS of them) becomes a space."""
    start = 0
    while (at := n.find("转发", start)) >= 0:
        body = at + 2
        end = body
        while end < len(n) and end - body < RELAY_SOURCE_CHARS + 2 and n[end].isalnum():
            end += 1
        if n[body:end].endswith("通知") and n[end:end + 1] == ":":
            n = n[:at] + " " + n[end + 1:]
            start = at + 1
        else:
            start = body
    return n
# normalize.rs Placeholder::spellings, every kind, in order.
PLACEHOLDERS = [
    "[图片]", "<media omitted>", "image omitted", "<image omitted>",
    "[表情]", "[动画表情]", "sticker omitted", "<sticker omitted>",
    "[红包]",
    "[语音]", "audio omitted", "<audio omitted>",
    "[视频]", "video omitted", "<video omitted>",
    "[文件]", "document omitted", "<document omitted>",
    "[链接]", "[小程序]",
    "[位置]",
]  # fmt: skip



class Canonicaliser:
    """jingjian's `normalize` and `canonical` for one run (holds the Traditional→Simplified converter)."""

    def __init__(self, t2s: bool = True) -> None:
        self._t2s = None
        if t2s:
            import opencc  # OpenCC's own Python binding (Apache-2.0)

            self._t2s = opencc.OpenCC("t2s.json")

    def normalize(self, text: str) -> str:
        """normalize.rs `normalize`: invisible marks dropped, NFKC, ASCII lower case, whitespace collapsed,
        Traditional→Simplified, relay prefixes at the start removed."""
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        s = " ".join(text.translate(_FOLD).split())
        if self._t2s is not None and not s.isascii():
            s = self._t2s.convert(s)
        return strip_relay_prefixes(s)

    def canonical(self, text: str) -> str:
        """fingerprint/mod.rs `canonical`: normalised, placeholders and relay marks removed, only letters, digits
        and Han characters kept."""
        n = blank_relay_headers(self.normalize(text))
        for p in PLACEHOLDERS:
            if p in n:
                n = n.replace(p, " ")
        for m in RELAY_MARKS:
            if m in n:
                n = n.replace(m, " ")
        return "".join(c for c in n if c.isalnum())


def strip_relay_prefixes(s: str) -> str:
    """normalize.rs `strip_relay_prefixes`: as many relay prefixes as stand at the start; a bare 转发 only when a
    separator or a space follows it (转发给… is a verb)."""
    while s and s[0] in "【转[f":
        p = next((p for p in RELAY_PREFIXES if s.startswith(p)), None)
        if p is None:
            return s
        cut = len(p)
        if p == "转发":
            if len(s) > cut and s[cut] in " 】]->":
                cut += 1
            else:
                return s
        s = s[cut:].lstrip()
    return s


def shingles(canon: str) -> frozenset[str]:
    """The set of character 2-grams (a one-character text gives itself, an empty text nothing)."""
    if len(canon) <= 1:
        return frozenset([canon]) if canon else frozenset()
    return frozenset(canon[i : i + 2] for i in range(len(canon) - 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    """|A ∩ B| / |A ∪ B| (0 when both are empty)."""
    i = len(a & b)
    u = len(a) + len(b) - i
    return i / u if u else 0.0


def containment(a: frozenset, b: frozenset) -> float:
    """|A ∩ B| / min(|A|, |B|)."""
    m = min(len(a), len(b))
    return len(a & b) / m if m else 0.0


MAX_SLOT_CHARS = 4


def differs_only_in_slot(a: str, b: str) -> bool:
    """template.rs `differs_only_in_slot`: the texts differ only in one substituted slot of at most 4 characters
    on each side, with at least max(slot, 2) characters shared around it."""
    if a == b:
        return False
    n = min(len(a), len(b))
    prefix = 0
    while prefix < n and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < n - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    la, lb = len(a) - prefix - suffix, len(b) - prefix - suffix
    return 0 < la <= MAX_SLOT_CHARS and 0 < lb <= MAX_SLOT_CHARS and prefix + suffix >= max(la, lb, 2)


def same_notice(ca: str, cb: str, sa: frozenset, sb: frozenset, jac: float, cont: float) -> bool:
    """crosspost.rs verification of one candidate pair of canonical texts: the same text, or not a template and
    near by fingerprint::verify's own floor (Jaccard ≥ 0.5 or containment ≥ 0.8) and by the configured
    thresholds (Jaccard ≥ `jac` or containment ≥ `cont`; jingjian's defaults are 0.6 and 0.8)."""
    if ca == cb:
        return True
    if differs_only_in_slot(ca, cb):
        return False
    j, c = jaccard(sa, sb), containment(sa, sb)
    return (j >= 0.5 or c >= 0.8) and (j >= jac or c >= cont)
