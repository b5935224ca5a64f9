"""The matchmaking kernel: Chinese text segmented by jieba with a small dictionary of the
city's industries (稠油, 蒸汽驱, 压裂, 炼化, 光热 …), compared as TF-IDF vectors, and
combined with the technical field, the industry tags and the TRL. Pure functions on
plain values: the services feed them rows and store what they answer."""

import logging
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _

DICTIONARY = Path(__file__).resolve().parent / "data" / "domain_words.txt"
_lock = threading.Lock()

# Words that say nothing about the technology.
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "等",
        "在",
        "对",
        "为",
        "是",
        "将",
        "由",
        "中",
        "上",
        "下",
        "一种",
        "一个",
        "及其",
        "其",
        "以",
        "用",
        "于",
        "通过",
        "进行",
        "提高",
        "降低",
        "实现",
        "技术",
        "方法",
        "系统",
        "工艺",
        "装置",
        "研究",
        "应用",
        "开发",
        "需求",
        "问题",
        "现有",
        "目前",
        "要求",
        "达到",
        "解决",
        "方案",
        "提升",
        "基于",
        "采用",
        "需要",
        "希望",
        "可以",
        "能够",
        "我们",
        "公司",
        "单位",
        "项目",
        "企业",
        "一体化",
        "以上",
        "以下",
        "左右",
        "约",
        "不",
        "同时",
        "相关",
        "适用",
        "适应",
        "针对",
        "利用",
        "处理",
        "设计",
        "优化",
        "智能",
        "高效",
        "新型",
        "制备",
    ]
)
WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")

# How much each part weighs in the score (text similarity carries most).
TEXT_WEIGHT, FIELD_WEIGHT, TAG_WEIGHT, TRL_WEIGHT = 0.6, 0.2, 0.1, 0.1
HIGH_TRL = 6
MIN_SCORE = 0.12


@cache
def domain_words() -> frozenset[str]:
    return frozenset(
        line.split()[0] for line in DICTIONARY.read_text("utf-8").splitlines() if line.strip()
    )


@cache
def _tokenizer():
    import jieba

    # jieba logs "Building prefix dict…" and three more lines at DEBUG on its own stderr
    # handler (and through the root one) on every start: `make run` says nothing of it.
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(DICTIONARY))
    return tokenizer


def segment(text: str) -> list[str]:
    """The words of `text` that can carry meaning (no stop words, no single characters
    unless they are Latin letters or digits making a code such as CO2)."""
    if not text:
        return []
    with _lock:  # jieba's tokenizer initialises lazily and is not thread-safe then
        words = _tokenizer().lcut(text)
    out = []
    for word in words:
        word = word.strip()
        if not WORD.fullmatch(word) or word in STOPWORDS or word.isdigit():
            continue
        if len(word) < 2:
            continue
        out.append(word.upper() if word.isascii() else word)
    return out


@dataclass
class Side:
    """One side of a pair, as plain values."""

    text: str
    technical_fields: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    trl: int | None = None
    words: Counter = field(default_factory=Counter)

    def __post_init__(self):
        if not self.words:
            self.words = Counter(segment(self.text))


def idf_table(sides: list[Side]) -> dict[str, float]:
    """Inverse document frequency over the documents compared (smoothed)."""
    count = len(sides)
    frequency = Counter()
    for side in sides:
        frequency.update(set(side.words))
    return {word: math.log((1 + count) / (1 + n)) + 1 for word, n in frequency.items()}


def _vector(side: Side, idf: dict[str, float]) -> dict[str, float]:
    bonus = domain_words()
    return {
        word: (1 + math.log(n)) * idf.get(word, 1.0) * (2.0 if word in bonus else 1.0)
        for word, n in side.words.items()
    }


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    common = set(a) & set(b)
    if not common:
        return 0.0
    dot = sum(a[w] * b[w] for w in common)
    return dot / (
        math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    )


@dataclass(frozen=True)
class Scored:
    score: float
    reasons: list[dict]


def reason_texts(reasons: list) -> list[str]:
    """A suggestion's stored reasons in words, in the active language: "同一技术领域",
    "关键词：稠油、蒸汽驱", "TRL ≥ 6"."""
    english = not (get_language() or "zh-hans").startswith("zh")
    texts = []
    for reason in reasons:
        kind = reason.get("kind") if isinstance(reason, dict) else None
        if kind == "field":
            texts.append(_("同一技术领域"))
        elif kind == "tag":
            texts.append(_("同一行业"))
        elif kind == "words":
            words = (", " if english else "、").join(reason.get("words", []))
            texts.append(_("关键词：%(words)s") % {"words": words})
        elif kind == "trl":
            texts.append(_("TRL ≥ %(level)d") % {"level": reason.get("level", HIGH_TRL)})
    return texts


def score(demand: Side, target: Side, idf: dict[str, float]) -> Scored:
    """How well `target` answers `demand`, in 0–1, with the reasons a person can check."""
    a, b = _vector(demand, idf), _vector(target, idf)
    text = cosine(a, b)
    # Stored as codes with their values and put into words when shown (`reason_texts`), in
    # the reader's language: the worker that computes them has none.
    reasons = []
    same_field = bool(set(demand.technical_fields) & set(target.technical_fields))
    if same_field:
        reasons.append({"kind": "field"})
    shared_tags = set(demand.tags) & set(target.tags)
    if shared_tags:
        reasons.append({"kind": "tag"})
    shared = sorted(set(a) & set(b), key=lambda w: (-a[w] * b[w], w))[:3]
    if shared:
        reasons.append({"kind": "words", "words": shared})
    mature = target.trl is not None and target.trl >= HIGH_TRL
    if mature and text > 0:
        reasons.append({"kind": "trl", "level": HIGH_TRL})
    total = (
        TEXT_WEIGHT * min(1.0, text * 1.5)
        + FIELD_WEIGHT * same_field
        + TAG_WEIGHT * bool(shared_tags)
        + TRL_WEIGHT * (mature and text > 0)
    )
    # Without a shared word the rest is coincidence: no suggestion.
    if text == 0:
        return Scored(0.0, [])
    return Scored(round(total, 4), reasons)
