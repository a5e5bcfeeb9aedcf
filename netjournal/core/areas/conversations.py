"""Conversations and every other interaction: logging, correcting, first and last contact."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ..model import Interaction, Share, week_dates


class ConversationsArea:
    # --- interactions -----------------------------------------------------------------------

    def _check_interaction(self, interaction: Interaction) -> None:
        self._require_contacts(interaction.with_, "with")
        if interaction.day > self.today():
            raise ValueError(f"date: {interaction.date} is in the future; log conversations once they happened")

    def log_interaction(self, interaction: Interaction) -> Interaction:
        with self._change():
            self._check_interaction(interaction)
            self._insert(interaction)
        return interaction

    def update_interaction(self, interaction: Interaction) -> Interaction:
        """Correct a logged interaction; a pass it logged follows it to its corrected person and date."""
        with self._change():
            self._correct_interaction(interaction)
        return interaction

    def edit_interaction(self, base: Interaction, mine: Interaction,
                         resolutions: Mapping[str, str] | None = None) -> Interaction:
        """Save a correction made in a form on top of the newest saved conversation (see `_merged`).

        Who it was with merges as one value: two different corrections of who was there are a conflict.
        """
        what = {"share": "What you passed on", "introduction": "The introduction"}.get(
            base.kind, "The conversation") + f" of {base.date}"
        with self._change():
            _, interaction = self._merged(Interaction, base, mine, resolutions, self.edit_interaction, what=what,
                                          unordered=("with",), fixed=("kind",))
            self._correct_interaction(interaction)
        return interaction

    def _correct_interaction(self, interaction: Interaction) -> None:
        """Inside a change: a pass the interaction logged follows it to its corrected person and date."""
        self._check_interaction(interaction)
        for share in self._all(Share):
            passes = [p for p in share.passed if p.interaction_id == interaction.id]
            if not passes:
                continue
            person = interaction.with_[0]
            for other in share.passed:
                if other.contact_id == person and other.interaction_id != interaction.id:
                    raise ValueError(f"with: {self.contact(person).name} already had {share.title!r} "
                                     f"on {other.date}")
            passes[0].contact_id, passes[0].date = person, interaction.date
            self._replace(share)
        self._replace(interaction)

    def delete_interaction(self, interaction_id: str) -> None:
        """Delete a logged interaction; a share it passed on counts as not passed to that person again."""
        with self._change():
            self._remove("interactions", [interaction_id])
            self._unlink_interaction(interaction_id)

    def _unlink_interaction(self, interaction_id: str) -> None:
        """Inside a change, once a conversation is gone: nothing points at it any more."""
        self._unlink_follow_ups(interaction_id)
        self._unlink_month_notes([interaction_id])
        for share in self._all(Share):
            if any(p.interaction_id == interaction_id for p in share.passed):
                share.passed = [p for p in share.passed if p.interaction_id != interaction_id]
                self._replace(share)

    def interaction(self, interaction_id: str) -> Interaction:
        return self._get(Interaction, interaction_id)

    def interactions(
        self,
        contact_id: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> list[Interaction]:
        """Conversations, newest first, optionally with one person and between two dates (inclusive)."""
        low = since.isoformat() if since else ""
        high = until.isoformat() if until else "9999"
        found = [
            Interaction.from_stored(doc)
            for doc in self._stored_newest_first()
            if low <= doc["date"] <= high and (contact_id is None or contact_id in doc["with"])
        ]
        found.sort(key=lambda i: (i.date, i.created_at), reverse=True)
        return found

    def _stored_newest_first(self) -> Iterable[dict[str, Any]]:
        """The stored conversations, the one stored last first. created_at is kept to the second: of two logged
        for one day within a second, the later one is stored later, and a stable sort newest first, fed this
        order, keeps it first. In stored order, it came second or first by whether the clock's second turned
        between the two saves."""
        return reversed(self._docs("interactions"))  # type: ignore[call-overload]

    def interactions_in_week(self, week: str) -> list[Interaction]:
        days = week_dates(week)
        return self.interactions(since=days[0], until=days[-1])

    def week_interactions(self, week: str, people: frozenset[str]) -> tuple[Interaction, ...]:
        """The week's interactions with any of `people`, newest first, kept until the journal changes (Today
        redraws often); read-only: use `interactions_in_week` for records to change. Only theirs are built: a
        busy week holds hundreds."""
        def gather() -> tuple[Interaction, ...]:
            days = week_dates(week)
            low, high = days[0].isoformat(), days[-1].isoformat()
            found = [Interaction.from_stored(doc) for doc in self._stored_newest_first()
                     if low <= doc["date"] <= high and not people.isdisjoint(doc["with"])]
            found.sort(key=lambda i: (i.date, i.created_at), reverse=True)
            return tuple(found)

        return self._kept(("week", week, people), gather)

    def interactions_with_any(self, people: frozenset[str], limit: int | None = None) -> tuple[Interaction, ...]:
        """The interactions with any of `people` (an organisation's), newest first, at most `limit`; kept until
        the journal changes. Read-only. Only the ones returned are built: an organisation's share of 50,000."""
        def gather() -> tuple[Interaction, ...]:
            found = [doc for doc in self._stored_newest_first() if not people.isdisjoint(doc["with"])]
            found.sort(key=lambda doc: (doc["date"], doc.get("created_at", "")), reverse=True)
            return tuple(Interaction.from_stored(doc) for doc in found[:limit])

        return self._kept(("with any", people, limit), gather)

    def interactions_between(self, since: date, until: date) -> tuple[Interaction, ...]:
        """`interactions(since=, until=)` kept until the log changes (the Organisations screen asks for this
        month's on every redraw, the Prompts pane for half a year's after every save). Read-only. Conversations
        logged since are added to what was kept rather than the range built again."""
        self.refresh()
        key = (since, until)
        kept = self._ranges.get(key)
        now = self._log_stamp()
        if kept is not None and kept[0] == now:
            return kept[1]
        new = self._logged_since(kept[0]) if kept is not None else None
        if kept is None or new is None:
            found = tuple(self.interactions(since=since, until=until))
        else:
            low, high = since.isoformat(), until.isoformat()
            added = [Interaction.from_stored(doc) for doc in new if low <= doc["date"] <= high]
            found = _with_added(kept[1], added) if added else kept[1]
        if len(self._ranges) > 16:  # the ranges asked for are a handful; never grows without bound
            self._ranges.clear()
        self._ranges[key] = (now, found)
        return found

    def last_contact_dates(self) -> dict[str, str]:
        """The date of the newest conversation with each person."""
        return self._contact_dates("last")

    def first_contact_dates(self) -> dict[str, str]:
        """The date of the first conversation logged with each person (who is new this week or month)."""
        return self._contact_dates("first")

    def last_informal_dates(self) -> dict[str, str]:
        """The date of the newest informal conversation with each person (a decision maker never met informally
        is a flag on the Organisations screen)."""
        return self._contact_dates("informal")

    def _contact_dates(self, which: str) -> dict[str, str]:
        """First or last conversation dates per person: one pass over the log, kept until it changes; when only
        new conversations were logged since, they are folded into what was kept instead.

        A pass for each, not one for both: the Contacts pane's first frame waits for the last dates only, and
        a pass that keeps both takes a quarter longer (22 ms instead of 17 on 50,000 conversations).
        """
        self.refresh()
        cached = self._dates_cache.get(which)
        now = self._log_stamp()
        if cached is not None and cached[0] == now:
            return cached[1]
        new = self._logged_since(cached[0]) if cached is not None else None
        if cached is not None and new is not None:
            dates = dict(cached[1])  # a caller may still hold the old one
            _take_dates(dates, new, which)
        else:
            dates = {}
            _take_dates(dates, self._docs("interactions"), which)
        self._dates_cache[which] = (now, dates)
        return dates

    def interaction_count(self) -> int:
        return len(self._tables["interactions"])



def _take_dates(dates: dict[str, str], docs: Iterable[dict[str, Any]], which: str) -> None:
    """Fold conversations into first, last or last informal dates per person (ISO dates order as strings)."""
    if which == "last":
        for doc in docs:
            day = doc["date"]
            for contact_id in doc["with"]:
                if dates.get(contact_id, "") < day:
                    dates[contact_id] = day
    elif which == "informal":
        for doc in docs:
            if doc.get("formal") or doc.get("kind", "conversation") != "conversation":
                continue
            day = doc["date"]
            for contact_id in doc["with"]:
                if dates.get(contact_id, "") < day:
                    dates[contact_id] = day
    else:
        for doc in docs:
            day = doc["date"]
            for contact_id in doc["with"]:
                if dates.get(contact_id, "9999") > day:
                    dates[contact_id] = day


def _with_added(kept: tuple[Interaction, ...], added: list[Interaction]) -> tuple[Interaction, ...]:
    """`kept` (newest first) with `added` (in the order stored) each put where building it again would put it: a
    stable sort, newest first, of the stored conversations taken last-stored first, so among equals the ones
    added, stored after every kept one, come first, the last added first. A binary search each, not a sort of the
    half-year the Prompts pane keeps (9,000 conversations, 10 ms of key calls, after every save)."""
    result = list(kept)
    for item in added:
        key = (item.date, item.created_at)
        low, high = 0, len(result)
        while low < high:
            middle = (low + high) // 2
            if (result[middle].date, result[middle].created_at) > key:
                low = middle + 1
            else:
                high = middle
        result.insert(low, item)
    return tuple(result)
