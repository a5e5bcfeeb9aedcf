"""Passing along value: who would value a shared item, who could usefully meet whom, and the give and take
of each relationship.

Plain functions over model dataclasses, like `insights`, so they are tested without Textual or TinyDB. Kept
apart from `insights` because they share one idea (matching what someone offers against what someone values)
and one small word matcher.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from dataclasses import dataclass
from datetime import date, timedelta

from ..common.counted import counted, times
from ..common.folding import fold
from ..core.model import Contact, FocusGoal, Interaction, Share
from .facts import ENOUGH_TO_TELL, leaning

RECENT_TOPIC_DAYS = 90  # what you talked about lately says what someone cares about now
NOT_AGAIN_DAYS = 7  # the essays: pass things along, but less than once a week to any one person
BALANCE_DAYS = 90  # the window of the reciprocity view

# Words too common to say anything about what a person values.
_STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further get gets had has have having he
her here hers him his how i if in into is it its just like me more most my new no nor not now of off on once
only or other our out over own same she should so some such than that the their them then there these they
this those through to too under until up us very was we were what when where which while who whom why will with
would you your yours one two way ways make made good great best really thing things people use using used want
wants need needs looking look help find someone something anyone work working keep keeps kept take takes took
give gives gave come comes came know knows think say says said see sees lot lots much many every still well
day days week weeks month months year years time times minute minutes hour hours today part parts
first second third last next new old big small little long short early late
""".split())
COMMON_SHARE = 0.25  # a word in more than a quarter of the people's profiles says little about any one of them
_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*")


def stem(word: str) -> str:
    """A light English stem, enough for `golfing`, `golfer` and `golf`, or `charities` and `charity`, to meet."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ers", ""), ("er", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            base = word[: -len(suffix)] + keep
            if suffix in ("ing", "ed", "er", "ers") and base[-1] == base[-2] and base[-1] not in "aeiouls":
                base = base[:-1]  # running -> run, planned -> plan; but not fall -> fal
            return base
    return word


@lru_cache(maxsize=32768)
def words(text: str) -> dict[str, str]:
    """The telling words of a text: stem -> the word as first written (for reasons a person can read).

    Cached: the same notes and tags are matched against every queued item and every person's need. The
    result is shared between callers, so it must not be changed.
    """
    found: dict[str, str] = {}
    for word in _WORD.findall(fold(text)):  # folded: `café` is the word cafe, not `caf`
        if len(word) < 3 or word in _STOPWORDS or word.isdigit():
            continue
        found.setdefault(stem(word), word)
    return found


def _quoted(found: Iterable[str], most: int = 3) -> str:
    chosen = sorted(found)[:most]
    return ", ".join(f"'{w}'" for w in chosen)


# --- who would value a shared item ---------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    contact_id: str
    score: int
    reasons: tuple[str, ...]
    last_given: str | None  # the day they were last given something, when within NOT_AGAIN_DAYS

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)


def recently_given(interactions: Iterable[Interaction], today: date, days: int = NOT_AGAIN_DAYS) -> dict[str, str]:
    """Who was given something (a link, an introduction, any value) in the last `days` days, and when last."""
    since = (today - timedelta(days=days - 1)).isoformat()
    given: dict[str, str] = {}
    for interaction in interactions:
        if interaction.gave and interaction.date >= since:
            for contact_id in interaction.with_:
                if given.get(contact_id, "") < interaction.date:
                    given[contact_id] = interaction.date
    return given


def _recent_topics(interactions: Iterable[Interaction], today: date) -> dict[str, str]:
    """Per person, the text of what was talked about and learned lately."""
    since = (today - timedelta(days=RECENT_TOPIC_DAYS)).isoformat()
    topics: dict[str, list[str]] = {}
    for interaction in interactions:
        if interaction.date >= since and interaction.kind == "conversation":
            for contact_id in interaction.with_:
                topics.setdefault(contact_id, []).extend((interaction.topics, interaction.learned))
    return {contact_id: " ".join(texts) for contact_id, texts in topics.items()}


@dataclass(frozen=True)
class _Profile:
    """What one person values, as stems, worked out once per text (and cached) rather than once per match."""

    tags: tuple[tuple[str, str, frozenset[str]], ...]  # each interest: as written, case-folded, its stems
    tag_stems: frozenset[str]
    fields: tuple[tuple[int, str, dict[str, str]], ...]  # (weight, reason label, stem -> word) of other texts
    stems: frozenset[str]  # every stem anywhere in the profile


@lru_cache(maxsize=8192)
def _profile_of(tags: tuple[str, ...], needs: str, title: str, notes: str, talked: str) -> _Profile:
    tag_entries = tuple((tag, fold(tag), frozenset(words(tag))) for tag in tags)
    tag_stems = frozenset().union(*(entry[2] for entry in tag_entries))
    fields = tuple((weight, label, words(text)) for weight, label, text in (
        (3, "looking for", needs), (2, "their work", title), (1, "notes mention", notes),
        (1, "talked lately about", talked)) if text)
    stems = tag_stems.union(*(found.keys() for _, _, found in fields))
    return _Profile(tag_entries, tag_stems, fields, stems)


def _profile(person: Contact, talked: str = "") -> _Profile:
    return _profile_of(tuple(person.tags), person.needs, person.title, person.notes, talked)


def _without_common(item_words: dict[str, str], profiles: list[_Profile]) -> dict[str, str]:
    """The item's words less those that most people's profiles share ("data" in a network of analysts)."""
    if len(profiles) < 8:
        return item_words  # too few people to tell common from telling
    counts = dict.fromkeys(item_words, 0)
    wanted = counts.keys()
    for profile in profiles:
        for stemmed in profile.stems & wanted:
            counts[stemmed] += 1
    limit = COMMON_SHARE * len(profiles)
    return {stemmed: word for stemmed, word in item_words.items() if counts[stemmed] <= limit}


def _match(item_words: dict[str, str], item_tags: set[str], profile: _Profile,
           interest_words: dict[str, str] | None = None, skip: str = "") -> tuple[int, list[str]]:
    """How well an item (its words and tags) fits what a person values, and why, strongest reason first.

    `interest_words` are the item's words matched against interests (tags are chosen words, so common ones
    still count there); by default the same as `item_words`. `skip` leaves out one kind of reason.
    """
    interest_stems = (item_words if interest_words is None else interest_words).keys()
    score, reasons = 0, []
    matched_tags = []
    for tag, folded, stems in profile.tags:
        if folded in item_tags:
            score += 3
            matched_tags.append(tag)
        else:
            overlap = len(stems & interest_stems)
            if overlap:
                score += 2 * overlap
                matched_tags.append(tag)
    if matched_tags:
        reasons.append("interests: " + ", ".join(matched_tags[:3]))
    for weight, label, theirs in profile.fields:
        if label == skip:
            continue
        common = [theirs[s] for s in item_words if s in theirs and s not in profile.tag_stems]
        if common:
            score += weight * len(common)
            reasons.append(f"{label} {_quoted(common)}")
    return score, reasons


def suggest_recipients(share: Share, contacts: Iterable[Contact], interactions: list[Interaction], today: date,
                       limit: int = 10) -> list[Suggestion]:
    """Who would value a shared item, best first, each with the reason.

    The item's title, note and tags are matched against each active person's interests, what they are
    looking for, their work, their free-information notes and what you talked about in the last 90 days.
    People who already had this item are left out; people given something in the last week come after the
    others, marked, so nobody is flooded.
    """
    item_tags = {fold(tag) for tag in share.tags}
    item_words = words(" ".join([share.title, share.note, *share.tags]))
    already = {p.contact_id for p in share.passed}
    given = recently_given(interactions, today)
    talked = _recent_topics(interactions, today)
    people = [(p, _profile(p, talked.get(p.id, ""))) for p in contacts if not p.archived]
    telling = _without_common(item_words, [profile for _, profile in people])
    found: list[Suggestion] = []
    for person, profile in people:
        if person.id in already:
            continue
        score, reasons = _match(telling, item_tags, profile, interest_words=item_words)
        if score:
            found.append(Suggestion(person.id, score, tuple(reasons), given.get(person.id)))
    found.sort(key=lambda s: (s.last_given is not None, -s.score))
    return found[:limit]


# --- who could meet whom --------------------------------------------------------------------------


@dataclass(frozen=True)
class IntroductionMatch:
    needs_id: str  # the person looking for something
    offers_id: str  # the person whose interests or work meet it
    score: int
    reason: str


def introduction_matches(contacts: Iterable[Contact], introductions: Iterable[Interaction],
                         per_person: int = 3) -> list[IntroductionMatch]:
    """People who could meet because one's need meets another's interests, work or notes; best first.

    Pairs you already introduced are left out, and so is anyone archived.
    """
    active = [c for c in contacts if not c.archived]
    done = {frozenset(i.with_) for i in introductions if i.kind == "introduction"}
    profiles = {c.id: _profile(c) for c in active}
    # Who mentions each word, and whose interests hold it: a seeker is compared only with the people who share
    # a telling word with the need, not with the whole network (200 seekers x 2,000 people took seconds).
    mentions: dict[str, set[str]] = {}
    interested: dict[str, set[str]] = {}
    for contact_id, profile in profiles.items():
        for stemmed in profile.stems:
            mentions.setdefault(stemmed, set()).add(contact_id)
        for stemmed in profile.tag_stems:
            interested.setdefault(stemmed, set()).add(contact_id)
    too_common = COMMON_SHARE * len(active) if len(active) >= 8 else len(active)
    by_id = {c.id: c for c in active}
    matches: list[IntroductionMatch] = []
    for seeker in active:
        if not seeker.needs:
            continue
        need_words = words(seeker.needs)
        need_tags = {fold(t) for t in seeker.needs.split(",")}
        telling = {s: w for s, w in need_words.items() if len(mentions.get(s, ())) <= too_common}
        candidates = set().union(*(mentions.get(s, ()) for s in telling), *(interested.get(s, ()) for s in need_words))
        found = []
        for other_id in candidates:
            if other_id == seeker.id or frozenset((seeker.id, other_id)) in done:
                continue
            # What the other is looking for is no match for a need: two seekers do not help each other.
            score, reasons = _match(telling, need_tags, profiles[other_id], interest_words=need_words,
                                    skip="looking for")
            if score:
                found.append(IntroductionMatch(seeker.id, other_id, score, "; ".join(reasons)))
        found.sort(key=lambda m: (-m.score, by_id[m.offers_id].name.casefold()))
        matches.extend(found[:per_person])
    matches.sort(key=lambda m: (-m.score, by_id[m.needs_id].name.casefold()))
    return matches


# --- give and take ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Balance:
    """The give and take with one person over the reciprocity window."""

    contact_id: str
    gave: int  # interactions in which you passed along value
    got: int  # interactions in which they did
    you_started: int
    they_started: int

    @property
    def total(self) -> int:
        """Conversations, whoever started them."""
        return self.you_started + self.they_started

    @property
    def too_early(self) -> bool:
        """Too few conversations and too little passed along, either way, to say anything."""
        return self.total < ENOUGH_TO_TELL and self.gave + self.got < ENOUGH_TO_TELL

    def lean(self) -> tuple[str, str] | None:
        """What looks one-sided, in words, and a suggestion; None when it looks balanced or is too early to tell.

        One rule for both things counted (`facts.leaning`): one side more than three times the other, out of
        at least three. Patterns, not verdicts: the words say what the log shows and what you might try.
        """
        patterns, suggestions = [], []
        value = leaning(self.gave, self.got)
        if value == "they":
            back = "you passed nothing back" if not self.gave else f"you passed something back {times(self.gave)}"
            patterns.append(f"they passed you something {times(self.got)}, {back}")
            suggestions.append("offer value: something from the share queue, an introduction, your view on their "
                               "problem")
        elif value == "you":
            back = "nothing came back" if not self.got else f"they passed you something {times(self.got)}"
            patterns.append(f"you passed them something {times(self.gave)}, {back}")
            suggestions.append("ask them for their view on something they know well, or let it rest for a while")
        starts = leaning(self.you_started, self.they_started)
        if starts:
            first = self.you_started if starts == "you" else self.they_started
            share = "all" if first == self.total else f"{first} of"
            patterns.append(f"{starts} started {share} {counted(self.total, 'conversation')}")
            suggestions.append("leave room for them to reach out; if nothing comes, let it rest" if starts == "you"
                               else "reach out first next time, with something useful to them")
        if not patterns:
            return None
        return "; ".join(patterns), suggestions[0]  # what was passed along says most: its suggestion comes first

    def in_words(self) -> str:
        """The figures as a sentence: "you passed them something twice, they passed you nothing; you started 3 of
        5 conversations"."""
        if self.gave or self.got:
            value = (f"you passed them {'something ' + times(self.gave) if self.gave else 'nothing'}, "
                     f"they passed you {'something ' + times(self.got) if self.got else 'nothing'}")
        else:
            value = "nothing passed along either way"
        if self.total == 1:
            started = f"{'you' if self.you_started else 'they'} started the one conversation"
        elif self.total:
            started = f"you started {self.you_started} of {counted(self.total, 'conversation')}"
        else:
            started = "no conversations"
        return f"{value}; {started}"

    @property
    def looks(self) -> str:
        """One word or pattern for a table: the lean, else balanced, else too early."""
        lean = self.lean()
        return lean[0] if lean else "too early" if self.too_early else "balanced"


def balances(interactions: Iterable[Interaction], today: date, days: int = BALANCE_DAYS) -> dict[str, Balance]:
    """Per person, value given and received and who started, over the last `days` days."""
    since = (today - timedelta(days=days - 1)).isoformat()
    counts: dict[str, list[int]] = {}
    for interaction in interactions:
        if not since <= interaction.date <= today.isoformat():
            continue
        for contact_id in interaction.with_:
            figures = counts.setdefault(contact_id, [0, 0, 0, 0])
            figures[0] += bool(interaction.gave)
            figures[1] += bool(interaction.got)
            if interaction.kind == "conversation":  # a link passed on or an introduction starts no conversation
                figures[2 if interaction.initiated_by == "me" else 3] += 1
    return {contact_id: Balance(contact_id, *figures) for contact_id, figures in counts.items()}


@dataclass(frozen=True)
class OneSided:
    balance: Balance
    pattern: str
    suggestion: str


def one_sided(figures: dict[str, Balance], contacts: Iterable[Contact]) -> list[OneSided]:
    """The active people whose give and take leans one way, the most lopsided first."""
    found = []
    for person in contacts:
        balance = figures.get(person.id)
        lean = balance.lean() if balance and not person.archived else None
        if lean:
            found.append(OneSided(balance, *lean))  # type: ignore[arg-type]
    found.sort(key=lambda o: -(abs(o.balance.gave - o.balance.got) + abs(o.balance.you_started
                                                                         - o.balance.they_started)))
    return found


# --- critical goals --------------------------------------------------------------------------------


def goals_without_people(goals: Iterable[FocusGoal]) -> list[FocusGoal]:
    """Open critical goals with nobody written beside them: nobody to help, nobody to win over."""
    return [g for g in goals if not g.done and not g.helps and not g.hinders]
