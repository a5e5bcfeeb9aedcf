"""The demo network (data/demo.yaml) turned into a journal, its relative dates resolved against today."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from ..settings.content import ContentError, check_keys, data_file, load_yaml, where
from ..core.journal import Journal
from ..core.model import (
    Contact,
    FocusGoal,
    FollowUp,
    ImportantDate,
    Interaction,
    Link,
    Meeting,
    Organisation,
    OrgIssue,
    OrgPlan,
    Rating,
    Reflection,
    Share,
    WeekGoal,
    week_key,
)

_CONTACT_KEYS = {"org", "title", "email", "phone", "side", "network", "level", "tags", "notes", "needs", "how_met",
                 "introduced_by", "key_influencer", "cadence_days", "roles", "decision_maker"}
_ORGANISATION_KEYS = {"kind", "rank", "involvement", "mandate", "needs", "issues", "plan", "cadence_days"}
_INTERACTION_KEYS = {"channel", "formal", "business", "initiated_by", "topics", "disclosure", "thanked", "gave",
                     "got", "learned", "response", "next_time"}


class _DemoBuilder:
    """Resolves the file's contact keys and relative days while records are added."""

    def __init__(self, journal: Journal, path: Path) -> None:
        self.journal, self.path, self.today = journal, path, journal.today()
        self.ids: dict[str, str] = {}

    def person(self, key: str, item: object) -> str:
        try:
            return self.ids[key]
        except (KeyError, TypeError):
            raise ContentError(f"{where(self.path, item)}: no contact with key {key!r}") from None

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=int(days))

    def ahead(self, days: int | None) -> str | None:
        return None if days is None else (self.today + timedelta(days=int(days))).isoformat()

    def week(self, weeks_ago: int) -> str:
        return week_key(self.ago(7 * int(weeks_ago)))

    def build(self, document: dict) -> None:
        journal, path, person = self.journal, self.path, self.person
        contacts = document.get("contacts", [])
        for item in contacts:
            check_keys(path, item, {"key", "name"}, _CONTACT_KEYS)
            self.ids[item["key"]] = Contact(name=item["name"]).id
        created = self.ago(120).isoformat() + "T09:00:00+00:00"
        for item in contacts:
            fields = {k: v for k, v in item.items() if k in _CONTACT_KEYS}
            if fields.get("introduced_by"):
                fields["introduced_by"] = person(fields["introduced_by"], item)
            journal.add_contact(Contact(name=item["name"], id=self.ids[item["key"]], created_at=created,
                                        updated_at=created, **fields))
        for item in document.get("interactions", []):
            check_keys(path, item, {"days_ago", "with"}, _INTERACTION_KEYS)
            fields = {k: v for k, v in item.items() if k in _INTERACTION_KEYS}
            journal.log_interaction(Interaction(date=self.ago(item["days_ago"]),
                                                with_=[person(k, item) for k in item["with"]], **fields))
        for item in document.get("ratings", []):
            check_keys(path, item, {"contact", "days_ago", "score"}, {"barriers", "action", "improve_by_days", "plan"})
            journal.rate(Rating(
                contact_id=person(item["contact"], item), date=self.ago(item["days_ago"]), score=item["score"],
                barriers=item.get("barriers", ""), action=item.get("action", ""), plan=item.get("plan", ""),
                improve_by=self.ahead(item.get("improve_by_days")),
            ))
        for item in document.get("week_goals", []):
            check_keys(path, item, {"weeks_ago", "contact"}, {"intent"})
            journal.set_week_goal(WeekGoal(week=self.week(item["weeks_ago"]), contact_id=person(item["contact"], item),
                                           intent=item.get("intent", "")))
        for item in document.get("reflections", []):
            check_keys(path, item, {"weeks_ago", "answers"}, {"notes"})
            journal.save_reflection(Reflection(week=self.week(item["weeks_ago"]),
                                               answers=[dict(a) for a in item["answers"]], notes=item.get("notes", "")))
        for item in document.get("shares", []):
            check_keys(path, item, {"title"}, {"link", "note", "tags", "passed"})
            share = journal.add_share(Share(title=item["title"], link=item.get("link", ""),
                                            note=item.get("note", ""), tags=item.get("tags", [])))
            for passed in item.get("passed", []):
                journal.pass_on(share.id, person(passed["contact"], passed), self.ago(passed["days_ago"]))
        for item in document.get("introductions", []):
            check_keys(path, item, {"between", "because", "days_ago"}, {"channel"})
            first, second = (person(key, item) for key in item["between"])
            journal.introduce(first, second, item["because"], self.ago(item["days_ago"]),
                              channel=item.get("channel", "email"))
        for item in document.get("dates", []):
            # A yearly date `in_days` from today, so that Today always has one coming round.
            check_keys(path, item, {"contact", "kind", "in_days"}, {"born", "label"})
            day = self.today + timedelta(days=int(item["in_days"]))
            stored = f"{int(item['born']):04d}-{day:%m-%d}" if item.get("born") else f"--{day:%m-%d}"
            contact = journal.contact(person(item["contact"], item))
            contact.dates.append(ImportantDate(item["kind"], stored, item.get("label", "")))
            journal.update_contact(contact)
        for item in document.get("follow_ups", []):
            check_keys(path, item, {"contact", "what", "due_days"}, {"done_days_ago"})
            done = item.get("done_days_ago")
            journal.add_follow_up(FollowUp(contact_id=person(item["contact"], item), what=item["what"],
                                           due=self.ahead(item["due_days"]),
                                           done_on=None if done is None else self.ago(done)))
        for n, item in enumerate(document.get("meetings", [])):
            check_keys(path, item, {"with", "title", "at"}, {"channel", "formal"})
            start = f"{self.today.isoformat()}T{item['at']}"
            journal.keep_meetings([Meeting(event=f"demo-{n}@netjournal@{start}", start=start, title=item["title"],
                                           with_=[person(k, item) for k in item["with"]],
                                           channel=item.get("channel", "in_person"),
                                           formal=item.get("formal", False))], replace_from=self.today + timedelta(1))
        for item in document.get("organisations", []):
            # An organisation the people's `org` made, described: what it is to the person, what it raised.
            check_keys(path, item, {"name"}, _ORGANISATION_KEYS)
            base = journal.organisation_named(item["name"])
            if base is None:
                raise ContentError(f"{where(path, item)}: no contact works at {item['name']!r}")
            plan = item.get("plan") or {}
            fields = {k: v for k, v in item.items() if k in _ORGANISATION_KEYS - {"issues", "plan"}}
            issues = [OrgIssue(self.ago(i["days_ago"]).isoformat(), i["text"], i.get("resolved", False))
                      for i in item.get("issues", [])]
            journal.edit_organisation(base, Organisation.from_record({
                **base.to_record(), **fields, "issues": [i.__dict__ for i in issues],
                "plan": OrgPlan(plan.get("objectives", ""), plan.get("measures", ""),
                                self.ahead(plan.get("by_days")),
                                person(plan["contact"], item) if plan.get("contact") else None).__dict__}))
        for item in document.get("links", []):
            check_keys(path, item, {"from", "to", "kind"}, {"note"})
            journal.add_link(Link(item["kind"], person(item["from"], item), person(item["to"], item),
                                  note=item.get("note", "")))
        for item in document.get("focus_goals", []):
            check_keys(path, item, {"text"}, {"due_days", "helps", "hinders", "done"})
            journal.add_focus_goal(FocusGoal(
                text=item["text"], due=self.ahead(item.get("due_days")),
                helps=[person(k, item) for k in item.get("helps", [])],
                hinders=[person(k, item) for k in item.get("hinders", [])], done=item.get("done", False),
            ))


def build_demo(journal: Journal, path: Path | None = None) -> None:
    """Fill a journal with the demo network in one save; a broken demo file names the file and line."""
    path = path or data_file("demo.yaml")
    document = load_yaml(path)
    if not isinstance(document, dict):
        raise ContentError(f"{path}: expected a mapping of contacts, interactions, ratings, ...")
    try:
        with journal.batch():
            _DemoBuilder(journal, path).build(document)
    except ContentError:
        raise
    except (TypeError, ValueError, KeyError) as error:
        raise ContentError(f"{path}: {error}") from None
