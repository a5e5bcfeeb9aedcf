"""What the person should know about each organisation: who is there, when anyone there was last met, this
month's contact (formal and informal), and the flags the partners guide would have them act on."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from ..common.folding import fold
from ..core.journal import Journal
from ..core.model import LINK_WORDS, Contact, Interaction, Organisation, month_dates, month_key

# The flags, in the order they are shown, with the words for them.
SINGLE_THREADED = "single-threaded"
DECIDER_NOT_INFORMAL = "decision maker never met informally"
NO_CONTACT_THIS_MONTH = "no contact this month"
ISSUE_NOT_FOLLOWED = "open issue not followed up"
FLAGS = (SINGLE_THREADED, DECIDER_NOT_INFORMAL, NO_CONTACT_THIS_MONTH, ISSUE_NOT_FOLLOWED)
# The same flags in a few letters, for a table column (the full words and what they ask are shown beside it).
FLAG_SHORT = {
    SINGLE_THREADED: "1 person",
    DECIDER_NOT_INFORMAL: "decider formal",
    NO_CONTACT_THIS_MONTH: "quiet month",
    ISSUE_NOT_FOLLOWED: "open issue",
}
FLAG_HELP = {
    SINGLE_THREADED: "only one person known there: meet a second",
    DECIDER_NOT_INFORMAL: "a decision maker you have only met formally (or never)",
    NO_CONTACT_THIS_MONTH: "a ranked organisation nobody there heard from this month",
    ISSUE_NOT_FOLLOWED: "an issue they raised, with no conversation there since",
}


@dataclass
class OrgSummary:
    organisation: Organisation
    people: list[Contact]  # decision makers first
    last_contact: str | None  # the newest conversation with anyone there
    formal_this_month: int = 0
    informal_this_month: int = 0
    flags: list[str] = field(default_factory=list)

    @property
    def contacts_this_month(self) -> int:
        return self.formal_this_month + self.informal_this_month


def org_summaries(journal: Journal, today: date | None = None, include_archived: bool = False,
                  only: str | None = None) -> list[OrgSummary]:
    """Every organisation (or the one with id `only`), by rank then name, with its people, contact and flags.

    One pass over this month's conversations (the month so far, kept by the journal) and the kept per-person
    dates: no pass over the whole log per organisation.
    """
    day = today or journal.today()
    organisations = journal.organisations(include_archived=include_archived or only is not None)
    if only is not None:
        organisations = [o for o in organisations if o.id == only]
    people: dict[str, list[Contact]] = {o.id: [] for o in organisations}
    for person in journal.everyone():
        if person.org_id in people and not person.archived:
            people[person.org_id].append(person)
    last = journal.last_contact_dates()
    informal = journal.last_informal_dates()
    first_of_month, _ = month_dates(month_key(day))  # the month so far: its first day to `day`
    summaries = {o.id: OrgSummary(o, sorted(people[o.id], key=lambda c: (not c.decision_maker, fold(c.name))),
                                  max((last[p.id] for p in people[o.id] if p.id in last), default=None))
                 for o in organisations}
    org_of = {p.id: p.org_id for members in people.values() for p in members}
    for talk in journal.interactions_between(first_of_month, day):
        if talk.kind != "conversation":
            continue
        for org_id in {org_of[c] for c in talk.with_ if c in org_of}:
            summary = summaries[org_id]
            if talk.formal:
                summary.formal_this_month += 1
            else:
                summary.informal_this_month += 1
    for summary in summaries.values():
        summary.flags = _flags(summary, informal)
    return list(summaries.values())


def _flags(summary: OrgSummary, informal: dict[str, str]) -> list[str]:
    organisation, flags = summary.organisation, []
    if len(summary.people) == 1:
        flags.append(SINGLE_THREADED)
    if any(p.decision_maker and p.id not in informal for p in summary.people):
        flags.append(DECIDER_NOT_INFORMAL)
    if organisation.rank is not None and summary.contacts_this_month == 0:
        flags.append(NO_CONTACT_THIS_MONTH)
    if any(summary.last_contact is None or summary.last_contact <= issue.date
           for issue in organisation.open_issues):
        flags.append(ISSUE_NOT_FOLLOWED)
    return flags


# --- introductions to ask for --------------------------------------------------------------------------


@dataclass(frozen=True)
class AskIntroduction:
    """A decision maker you have never talked with, and someone you have, linked to them: who to ask."""

    decision_maker: Contact
    via: Contact
    kind: str  # the link between them: knows, works_with, influences, reports_to, family
    via_first: bool  # the link reads from `via` to the decision maker ("Bo reports to Kwame")

    @property
    def text(self) -> str:
        verb = LINK_WORDS[self.kind]
        first, second = (self.via, self.decision_maker) if self.via_first else (self.decision_maker, self.via)
        return (f"{first.name} {verb} {second.name}: ask {self.via.name} to introduce you"
                + (f" ({self.decision_maker.org})" if self.decision_maker.org else ""))


def introductions_to_ask(journal: Journal, org_id: str | None = None) -> list[AskIntroduction]:
    """For each decision maker (of `org_id`, or anywhere) never met, the people you have met who are linked to
    them, the closest link first (works with, knows, family, then influence and reporting lines)."""
    people = {c.id: c for c in journal.everyone() if not c.archived}
    met = journal.last_contact_dates()
    unmet = {c.id for c in people.values()
             if c.decision_maker and c.id not in met and (org_id is None or c.org_id == org_id)}
    if not unmet:
        return []
    closeness = ("works_with", "knows", "family", "influences", "reports_to")
    found: dict[tuple[str, str], AskIntroduction] = {}
    for link in journal.links():
        for target, other in ((link.to_id, link.from_id), (link.from_id, link.to_id)):
            if target in unmet and other in met and other in people:
                key = (target, other)
                if key not in found or closeness.index(link.kind) < closeness.index(found[key].kind):
                    found[key] = AskIntroduction(people[target], people[other], link.kind,
                                                 link.mutual or other == link.from_id)
    return sorted(found.values(), key=lambda a: (a.decision_maker.name.casefold(), closeness.index(a.kind),
                                                 a.via.name.casefold()))


# --- themes heard ----------------------------------------------------------------------------------------
# The partners guide asks the person to hear a stakeholder's people on their issues and trends, and to report
# back the common themes: the words that recur in what was talked about and learned there lately.

THEME_DAYS = 90  # "lately": the window of conversations themes are heard in, today included
THEME_MOST = 8
THEME_EXCERPT = 60  # characters of a source's topic kept beside it

# Words that carry no theme: English function words, and the words of talking itself ("talked about the budget
# at the meeting" is heard as budget). Compared folded; contractions are dropped whole (any word with an
# apostrophe left after a possessive 's).
_THEME_STOPWORDS = frozenset("""
a about above across after again against ago all almost along already also although always am among an and
another any anyone anything are around as at away back be because been before being below between both but by
can cannot could did do does doing done down during each either else enough etc even ever every few for from
further get gets getting got had has have having he her here hers herself him himself his how however i if in
into is it its itself just least less like many may maybe me might more most much must my myself near need needs
neither never no nobody none nor not nothing now of off often on once one only onto or other others otherwise our
ours ourselves out over own per perhaps quite rather really same shall she should since so some somebody someone
something soon still such than that the their theirs them themselves then there these they thing things this
those though through thus to too toward towards under until up upon us very via was we well were what whatever
when where whether which while who whom whose why will with within without would yes yet you your yours yourself
lot lots bit kind sort way
talk talks talked talking chat chats chatted chatting say says said saying tell tells told telling speak speaks
spoke spoken speaking discuss discussed discusses discussing discussion mention mentions mentioned ask asks asked
asking hear heard hearing learn learned learnt meet meets met meeting meetings call calls called calling catch
caught catchup update updates updated send sends sent sending email emailed emails wrote reply replied follow
followed following quick brief briefly today yesterday tomorrow week weeks weekly month months monthly year years
day days daily time times again going goes went come came make made take took want wants wanted think thought
know knew see saw seen look looked new next last first good great nice
""".split())
_APOSTROPHES = frozenset("'\u2019\u02bc")
_PHRASE_JOINERS = frozenset("-\u2010\u2011")  # "long-term funding": a hyphen joins words like a space
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")  # where str.splitlines() breaks
_SENTENCE_ENDS = frozenset(".!?:;") | _LINE_BREAKS  # after these a capital says nothing about how a word is spelt


@dataclass(frozen=True)
class ThemeSource:
    """A conversation a theme was heard in."""

    interaction_id: str
    date: str
    names: tuple[str, ...]  # who it was with, as the conversation lists them
    excerpt: str  # what it was about (its topics, else what was learned), on one line and shortened


@dataclass(frozen=True)
class Theme:
    word: str  # a word or a two-word phrase, as most often written
    count: int  # the conversations it was heard in
    sources: tuple[ThemeSource, ...]  # those conversations, newest first


@lru_cache(maxsize=16384)
def _word_runs(text: str) -> tuple[tuple[tuple[str, str, bool], ...], ...]:
    """The words of `text` (NFC, as written), in runs that punctuation breaks (a phrase never spans a comma): each
    with what joins it to the word before (a space, or a hyphen: "long-term"), and whether it starts a sentence.

    A word is letters and digits with their combining marks (a vowel sign, an NFD accent) and apostrophes between
    letters ("council's"); a space, or a hyphen within a word, goes on to the next word of the run, anything
    else ends the run. Cached: an organisation's view is drawn again at each change, over the same topics.
    """
    text = unicodedata.normalize("NFC", text)
    runs: list[tuple[tuple[str, str, bool], ...]] = []
    run: list[tuple[str, str, bool]] = []
    word: list[str] = []
    joiner, initial = " ", True
    for index, ch in enumerate(text):
        if ch.isalnum() or (word and unicodedata.category(ch)[0] == "M"):
            word.append(ch)
            continue
        if ch in _APOSTROPHES and word and index + 1 < len(text) and text[index + 1].isalnum():
            word.append("'")
            continue
        ended = bool(word)
        if word:
            run.append(("".join(word), joiner, initial))
            word, joiner, initial = [], " ", False
        if ch in _SENTENCE_ENDS:
            initial = True
        if ch in _PHRASE_JOINERS and ended and index + 1 < len(text) and text[index + 1].isalnum():
            joiner = "-"
        elif not ch.isspace() or ch in _LINE_BREAKS:  # punctuation, a line break, a dash between spaces
            if run:
                runs.append(tuple(run))
                run = []
            joiner = " "
    if word:
        run.append(("".join(word), joiner, initial))
    if run:
        runs.append(tuple(run))
    return tuple(runs)


def _theme_word(written: str, ignore: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """`(folded key, spelling)` of a word that can be a theme; None for a stop word, a number, a short word, or
    one of `ignore` (folded)."""
    key = fold(written)
    if key.endswith("'s"):  # the council's budget: the council
        key, written = key[:-2], written[:-2]
    if len(written) < 3 or not key or key[0].isdigit() or "'" in key or key in _THEME_STOPWORDS or key in ignore:
        return None
    return key, written


def _heard(text: str, ignore: frozenset[str] = frozenset()) -> list[tuple[str, str, bool]]:
    """The theme words and two-word phrases of one text, as `(key, spelling, starts a sentence)`, in the order
    written. A word left out (a stop word, a number) breaks a phrase: "cuts to the budget" is no phrase."""
    found: list[tuple[str, str, bool]] = []
    for run in _word_runs(text):
        previous: tuple[str, str, bool] | None = None
        for written, joiner, initial in run:
            word = _theme_word(written, ignore)
            if word is None:
                previous = None
                continue
            found.append((*word, initial))
            if previous is not None:  # two theme words side by side: "port budget", "long-term"
                found.append((f"{previous[0]} {word[0]}", f"{previous[1]}{joiner}{word[1]}", previous[2]))
            previous = (*word, initial)
    return found


def _name_words(texts: Iterable[str]) -> frozenset[str]:
    """The folded words of names (of people, of an organisation), possessive or not: no theme in themselves."""
    return frozenset(fold(written).removesuffix("'s") for text in texts for run in _word_runs(text)
                     for written, _, _ in run)


def _excerpt(text: str, limit: int = THEME_EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def themes_in(conversations: Iterable[Interaction], names: Mapping[str, str], most: int = THEME_MOST,
              ignore: Iterable[str] = ()) -> list[Theme]:
    """The themes heard in `conversations` (newest first): the words and two-word phrases of their topics and
    of what was learned that are heard in two or more of them, by conversations, then the most recently heard.

    Words are matched folded (case, accents) and shown as most often written (a capital that starts a sentence
    counts only when no other spelling is there). Stop words, numbers, words shorter than 3 letters, the names
    of the people talked with and the words of `ignore` (the organisation's name) are no themes. A word only
    ever heard within one phrase shows as that phrase ("port budget", not also "port" and "budget"), and of two
    phrases sharing a word and heard in the same conversations the first stands for both ("port budget cuts"
    is heard as "port budget").
    """
    talks = list(conversations)
    skip = _name_words([*ignore, *(names.get(c, "") for talk in talks for c in talk.with_)])
    heard_in: dict[str, list[int]] = {}  # key -> the indexes in `talks` it was heard in, newest first
    spellings: dict[tuple[str, bool], dict[str, int]] = {}  # (key, starts a sentence) -> spelling -> times
    order: dict[str, int] = {}  # key -> when first met: newest conversation first, in reading order
    for index, talk in enumerate(talks):
        seen: set[str] = set()
        for key, written, initial in _heard(f"{talk.topics}\n{talk.learned}", skip):
            counts = spellings.setdefault((key, initial), {})
            counts[written] = counts.get(written, 0) + 1
            order.setdefault(key, len(order))
            if key not in seen:
                seen.add(key)
                heard_in.setdefault(key, []).append(index)
    recurring = {key: tuple(found) for key, found in heard_in.items() if len(found) >= 2}

    def rank(key: str) -> tuple[int, int, int]:
        return -len(recurring[key]), recurring[key][0], order[key]

    dropped: set[str] = set()
    taken: set[tuple[str, tuple[int, ...]]] = set()  # (word, conversations) of the phrases kept so far
    for phrase in sorted((key for key in recurring if " " in key), key=rank):
        heard = recurring[phrase]
        words = phrase.split(" ")
        if any((word, heard) in taken for word in words):
            dropped.add(phrase)
        else:
            taken.update((word, heard) for word in words)
        # Its words go with it, whether it shows or a phrase standing for it does.
        dropped.update(word for word in words if recurring.get(word) == heard)
    chosen = sorted((key for key in recurring if key not in dropped), key=rank)[:most]
    themes = []
    for key in chosen:
        counts = spellings.get((key, False)) or spellings[key, True]
        # Of equal counts, `max` keeps the first met (in the newest conversation).
        spelling = max(counts.items(), key=lambda item: item[1])[0]
        sources = tuple(ThemeSource(talks[i].id, talks[i].date, tuple(names.get(c, "?") for c in talks[i].with_),
                                    _excerpt(talks[i].topics or talks[i].learned))
                        for i in recurring[key])
        themes.append(Theme(spelling, len(sources), sources))
    return themes


def _since(today: date, days: int) -> date:
    return today - timedelta(days=days - 1)


def themes_heard(journal: Journal, org_id: str, today: date, days: int = THEME_DAYS,
                 most: int = THEME_MOST) -> list[Theme]:
    """The common themes heard at one organisation: in conversations with anyone there (archived people aside,
    as in its view) in the last `days` days, today included. See `themes_in`."""
    people = frozenset(p.id for p in journal.everyone() if p.org_id == org_id and not p.archived)
    if not people:
        return []
    since, until = _since(today, days).isoformat(), today.isoformat()
    window: list[Interaction] = []
    for talk in journal.interactions_with_any(people):  # kept by the journal, newest first
        if talk.date < since:
            break
        if talk.date <= until and talk.kind == "conversation":
            window.append(talk)
    return themes_in(window, {c.id: c.name for c in journal.everyone()}, most,
                     ignore=[journal.organisation(org_id).name])


def themes_by_organisation(journal: Journal, today: date, days: int = THEME_DAYS,
                           most: int = THEME_MOST) -> dict[str, list[Theme]]:
    """`themes_heard` for every organisation at once (the Markdown export): one pass over the window's
    conversations instead of one over the log per organisation. Organisations with no themes are left out."""
    people = journal.everyone()
    org_of = {p.id: p.org_id for p in people if p.org_id and not p.archived}
    talks: dict[str, list[Interaction]] = {}
    for talk in journal.interactions_between(_since(today, days), today):  # kept, newest first
        if talk.kind == "conversation":
            for org_id in dict.fromkeys(org_of[c] for c in talk.with_ if c in org_of):
                talks.setdefault(org_id, []).append(talk)
    names = {c.id: c.name for c in people}
    org_names = {o.id: o.name for o in journal.organisations(include_archived=True)}
    found = {org_id: themes_in(heard, names, most, ignore=[org_names.get(org_id, "")])
             for org_id, heard in talks.items()}
    return {org_id: themes for org_id, themes in found.items() if themes}
