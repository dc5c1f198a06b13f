"""Trigger words per relation type and the words that set a fact's status."""
from __future__ import annotations

__all__ = [
    "VERB_TRIGGERS", "NOUN_TRIGGERS", "ROLE_NOUNS", "TITLE_NOUNS", "LIGHT_VERBS", "GROUP_NOUNS",
    "PLURAL_NOUNS", "PLANNED_WORDS", "PROPOSED_WORDS", "ENDED_WORDS", "DENIED_WORDS", "DONE_WORDS",
    "PROPOSED_MODIFIERS", "PLANNED_MODIFIERS", "ENDED_MODIFIERS", "REPORT_VERBS",
]

# verb lemma -> (relation type, prepositions introducing the object; "dobj" for a direct object)
VERB_TRIGGERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "acquire": ("acquires", ("dobj",)),
    "buy": ("acquires", ("dobj",)),
    "purchase": ("acquires", ("dobj",)),
    "takeover": ("acquires", ("dobj",)),
    "absorb": ("acquires", ("dobj",)),
    "spend": ("acquires", ("on",)),
    "invest": ("invests_in", ("in", "into")),
    "inject": ("invests_in", ("in", "into")),
    "fund": ("invests_in", ("dobj",)),
    "finance": ("invests_in", ("dobj",)),
    "merge": ("merges_with", ("with", "into")),
    "combine": ("merges_with", ("with",)),
    "partner": ("partners_with", ("with",)),
    "collaborate": ("partners_with", ("with",)),
    "cooperate": ("partners_with", ("with",)),
    "ally": ("partners_with", ("with",)),
    "team": ("partners_with", ("with",)),
    "work": ("partners_with", ("with",)),
    "co-develop": ("partners_with", ("with",)),
    "codevelop": ("partners_with", ("with",)),
    "supply": ("supplies", ("dobj", "to")),
    "provide": ("supplies", ("dobj", "to")),
    "assemble": ("supplies", ("for",)),
    "manufacture": ("supplies", ("for",)),
    "make": ("supplies", ("for",)),
    "build": ("supplies", ("for",)),
    "produce": ("supplies", ("for",)),
    "deliver": ("supplies", ("to",)),
    "own": ("owns_stake", ("dobj", "of", "in")),
    "control": ("owns_stake", ("dobj",)),
    "hold": ("owns_stake", ("in",)),
    "put": ("invests_in", ("into", "in")),
    "pour": ("invests_in", ("into", "in")),
    "join": ("member_of", ("dobj",)),
    "belong": ("member_of", ("to",)),
    "switch": ("member_of", ("to",)),
    "defect": ("member_of", ("to",)),
    "leave": ("member_of", ("dobj",)),
    "quit": ("member_of", ("dobj",)),
    "exit": ("member_of", ("dobj",)),
}
# noun lemma -> (relation type, prepositions introducing the other party)
NOUN_TRIGGERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "stake": ("owns_stake", ("in", "of")),
    "holding": ("owns_stake", ("in",)),
    "shareholding": ("owns_stake", ("in",)),
    "share": ("owns_stake", ("in",)),
    "position": ("owns_stake", ("in",)),
    "interest": ("owns_stake", ("in",)),
    "acquisition": ("acquires", ("of", "for")),
    "purchase": ("acquires", ("of", "for")),
    "takeover": ("acquires", ("of", "for")),
    "buyout": ("acquires", ("of", "for")),
    "pursuit": ("acquires", ("of",)),
    "bid": ("acquires", ("for",)),
    "offer": ("acquires", ("for",)),
    "investment": ("invests_in", ("in", "into")),
    "injection": ("invests_in", ("in", "into")),
    "funding": ("invests_in", ("for", "to")),
    "merger": ("merges_with", ("with", "between", "of")),
    "combination": ("merges_with", ("with", "between", "of")),
    "partnership": ("partners_with", ("with", "between")),
    "alliance": ("partners_with", ("with", "between")),
    "venture": ("partners_with", ("with", "between")),
    "collaboration": ("partners_with", ("with", "between")),
    "cooperation": ("partners_with", ("with", "between")),
    "tie": ("partners_with", ("with", "between")),
    "pact": ("partners_with", ("with", "between")),
    "deal": ("partners_with", ("with", "between")),
    "agreement": ("partners_with", ("with", "between")),
    "talk": ("partners_with", ("with",)),
    "contract": ("supplies", ("with", "from")),
    "order": ("supplies", ("from", "with")),
}
# relational nouns said of one party: noun -> (type, bearer is subject?)
ROLE_NOUNS: dict[str, tuple[str, bool]] = {
    "shareholder": ("owns_stake", True),
    "stakeholder": ("owns_stake", True),
    "owner": ("subsidiary_of", False),
    "co-owner": ("owns_stake", True),
    "investor": ("invests_in", True),
    "backer": ("invests_in", True),
    "partner": ("partners_with", True),
    "ally": ("partners_with", True),
    "supplier": ("supplies", True),
    "provider": ("supplies", True),
    "vendor": ("supplies", True),
    "customer": ("supplies", False),
    "client": ("supplies", False),
    "subsidiary": ("subsidiary_of", True),
    "unit": ("subsidiary_of", True),
    "division": ("subsidiary_of", True),
    "arm": ("subsidiary_of", True),
    "affiliate": ("owns_stake", False),
    "brand": ("subsidiary_of", True),
    "business": ("subsidiary_of", True),
    "spinoff": ("subsidiary_of", True),
    "spin-off": ("subsidiary_of", True),
    "part": ("subsidiary_of", True),
    "parent": ("subsidiary_of", False),
    "member": ("member_of", True),
    "acquirer": ("acquires", True),
    "buyer": ("acquires", True),
}
TITLE_NOUNS = frozenset(
    """ceo chief executive chairman chairwoman chairperson chair president cfo coo cto founder co-founder
    cofounder director boss head""".split()
)
LIGHT_VERBS = frozenset(
    """take hold own have buy acquire build raise increase boost lift cut reduce lower trim sell divest dispose
    announce complete close agree sign form create launch set establish enter seal strike reach finalise finalize
    make pursue consider explore seek end terminate abandon scrap unwind dissolve call expand extend renew deepen
    win secure place lead exit keep retain maintain double halve pare offload unload swap transfer forge
    strengthen conclude plan propose negotiate discuss weigh mull study eye launch submit table pay get gain
    receive purchase accumulate amass""".split()
)
GROUP_NOUNS = frozenset({"alliance", "consortium", "group", "coalition", "association", "cooperation", "bloc"})
PLURAL_NOUNS = frozenset(
    """company firm partner investor group carmaker automaker player rival business bank lender
    backer shareholder member supplier manufacturer maker""".split()
)
PLANNED_WORDS = frozenset(
    """will shall plan agree announce intend aim set expect schedule pledge commit prepare decide vow
    promise approve unveil""".split()
)
PROPOSED_WORDS = frozenset(
    """could may might talk consider explore seek want look hope weigh mull discuss negotiate approach
    propose pursue court eye study evaluate try push urge ask rumor rumour speculate bid lobby
    examine assess review contemplate float woo interest open""".split()
)
ENDED_WORDS = frozenset(
    """sell divest dispose exit end terminate scrap abandon unwind dissolve quit leave withdraw cancel
    drop collapse offload unload break sever block resign retire""".split()
)
DENIED_WORDS = frozenset({"deny", "reject", "dismiss", "refute", "rebuff"})
DONE_WORDS = frozenset({"complete", "close", "finalise", "finalize", "conclude", "seal", "finish"})
PROPOSED_MODIFIERS = frozenset(
    {"proposed", "potential", "possible", "rumoured", "rumored", "prospective", "mooted", "hostile",
     "unsolicited", "tentative"})
PLANNED_MODIFIERS = frozenset({"planned", "pending", "agreed", "upcoming", "forthcoming"})
ENDED_MODIFIERS = frozenset({"former", "ex", "failed", "collapsed", "abandoned", "aborted", "defunct", "scrapped",
                             "terminated", "previous", "erstwhile", "outgoing", "then"})
REPORT_VERBS = frozenset({"say", "report", "tell", "announce", "state", "confirm", "add", "note", "write"})
