"""Looking ahead: follow-ups (something to do for a person by a date) and meetings ahead from a calendar."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from ..errors import JournalError
from ..model import FollowUp, Meeting, parse_iso_date


class FollowUpNotFound(JournalError):
    pass


class AheadArea:
    # --- follow-ups ---------------------------------------------------------------------------

    def add_follow_up(self, follow_up: FollowUp) -> FollowUp:
        with self._change():
            self._require_contacts([follow_up.contact_id], "contact_id")
            if follow_up.from_interaction:
                self._doc_id("interactions", follow_up.from_interaction)
            self._insert(follow_up)
        return follow_up

    def follow_up(self, follow_up_id: str) -> FollowUp:
        return self._get(FollowUp, follow_up_id)

    def find_follow_up(self, text: str) -> FollowUp:
        """A follow-up by its id or the start of it (`netjournal done 3f2a`): exactly one, or a clear error."""
        wanted = text.strip().lower()
        if not wanted:
            raise FollowUpNotFound("give the id of a follow-up (netjournal follow-ups lists them)")
        matches = [doc for doc in self._docs("follow_ups") if doc["id"] == wanted]
        matches = matches or [doc for doc in self._docs("follow_ups") if doc["id"].startswith(wanted)]
        if not matches:
            raise FollowUpNotFound(f"no follow-up with id {text!r}; netjournal follow-ups lists them")
        if len(matches) > 1:
            raise FollowUpNotFound(f"{text!r} is the start of {len(matches)} follow-ups' ids; give more of it")
        return FollowUp.from_stored(matches[0])

    def follow_ups(self, contact_id: str | None = None, include_done: bool = False) -> list[FollowUp]:
        """Open follow-ups (and done ones too with `include_done`), soonest due first."""
        found = [FollowUp.from_stored(doc) for doc in self._docs("follow_ups")
                 if (include_done or doc.get("done_on") is None)
                 and (contact_id is None or doc["contact_id"] == contact_id)]
        found.sort(key=lambda f: (f.done_on is not None, f.due, f.created_at))
        return found

    def complete_follow_ups(self, follow_up_ids: Iterable[str], on: date | None = None) -> list[FollowUp]:
        """Mark follow-ups done (on `on`, today by default); one already done keeps its day."""
        day = (on or self.today()).isoformat()
        done: list[FollowUp] = []
        with self._change():
            for follow_up_id in follow_up_ids:
                follow_up = self.follow_up(follow_up_id)
                if follow_up.done_on is None:
                    follow_up.done_on = day
                    self._replace(follow_up)
                done.append(follow_up)
        return done

    def complete_follow_up(self, follow_up_id: str, on: date | None = None) -> FollowUp:
        return self.complete_follow_ups([follow_up_id], on)[0]

    def reopen_follow_up(self, follow_up_id: str) -> FollowUp:
        with self._change():
            follow_up = self.follow_up(follow_up_id)
            follow_up.done_on = None
            self._replace(follow_up)
        return follow_up

    def snooze_follow_up(self, follow_up_id: str, until: date | int) -> FollowUp:
        """Move a follow-up's due date: to a day, or by a number of days from today (never earlier than today)."""
        today = self.today()
        day = today + timedelta(days=until) if isinstance(until, int) else until
        if day < today:
            raise ValueError(f"due: {day.isoformat()} is in the past; snooze to today or later")
        with self._change():
            follow_up = self.follow_up(follow_up_id)
            follow_up.due = parse_iso_date(day.isoformat(), "due").isoformat()  # in the years a journal holds
            self._replace(follow_up)
        return follow_up

    def edit_follow_up(self, follow_up: FollowUp) -> FollowUp:
        with self._change():
            self._require_contacts([follow_up.contact_id], "contact_id")
            self._replace(FollowUp.from_record(follow_up.to_record()))
        return follow_up

    def drop_follow_up(self, follow_up_id: str) -> None:
        with self._change():
            self._remove("follow_ups", [follow_up_id])

    # --- meetings ahead, from a calendar ------------------------------------------------------

    def meetings(self, day: date | None = None) -> list[Meeting]:
        """Meetings ahead kept from an imported calendar (on `day` only, when given) that nobody logged yet."""
        wanted = day.isoformat() if day else None
        docs = [doc for doc in self._docs("meetings") if wanted is None or doc["start"][:10] == wanted]
        if not docs:
            return []
        # A meeting is logged on its own day (from Today, or by a calendar import of that day's occurrence).
        logged = self.logged_events(on=wanted) if wanted else self.logged_events()
        found = [Meeting.from_stored(doc) for doc in docs if doc["event"] not in logged]
        found.sort(key=lambda m: m.start)
        return found

    def keep_meetings(self, meetings: Iterable[Meeting], replace_from: date | None = None) -> None:
        """Keep the meetings ahead that a calendar import found. Meetings already kept from `replace_from` on are
        replaced (a calendar exported again is the newer word on what is ahead); past ones are let go."""
        today = self.today().isoformat()
        keep_from = (replace_from or self.today()).isoformat()
        with self._change():
            stale = [doc["id"] for doc in self._docs("meetings")
                     if doc["start"][:10] < today or doc["start"][:10] >= keep_from]
            self._remove("meetings", stale)
            for meeting in meetings:
                self._require_contacts(meeting.with_, "with")
                self._insert(meeting)

    def logged_events(self, on: str | None = None) -> frozenset[str]:
        """The calendar events already logged as conversations (`UID@start`), on one day (YYYY-MM-DD) or any."""
        if on is not None:
            return self._kept(("logged_events", on), lambda: frozenset(
                doc["event"] for doc in self._docs("interactions") if doc["date"] == on and doc.get("event")))
        return self._kept("logged_events", lambda: frozenset(
            doc["event"] for doc in self._docs("interactions") if doc.get("event")))

    def _forget_in_ahead(self, contact_id: str) -> None:
        """Inside a change, when a person is forgotten: their follow-ups go, and they leave meetings ahead."""
        self._remove("follow_ups", [d["id"] for d in self._docs("follow_ups") if d["contact_id"] == contact_id])
        for meeting in self._all(Meeting):
            if contact_id in meeting.with_:
                if meeting.with_ == [contact_id]:
                    self._remove("meetings", [meeting.id])
                else:
                    meeting.with_.remove(contact_id)
                    self._replace(meeting)

    def _unlink_follow_ups(self, interaction_id: str) -> None:
        """Inside a change, when an interaction is deleted: follow-ups it gave rise to stay, unlinked."""
        for follow_up in self._all(FollowUp):
            if follow_up.from_interaction == interaction_id:
                follow_up.from_interaction = None
                self._replace(follow_up)

