"""Fields that show a stored list as text, items joined by ", ": tags here, people in names.py.

Two rules keep such a field from changing what it holds behind the person's back:

- **Untouched is kept.** A `KeptInput` remembers the stored value and the text it showed for it. While the text
  is as shown, the field stands for exactly the stored value (a tag with a comma in it stays one tag, an id
  stays that id), whatever reading the text back would give.
- **A comma inside a known item is no separator.** `split_items` splits typed text at its commas, except
  where the pieces between commas together make up an item it knows ("sailing, racing" as a tag the record
  has, "Kim, Lee" as a person's full name): that run stays one item. From the left, the longest known run wins.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..inputs import VisibleInput


def split_items(text: str, known: Callable[[str], bool]) -> list[str]:
    """`text` split at its commas, each item stripped, empty ones dropped; a run of pieces that `known`
    recognises as one item (tested stripped, with its commas) is kept whole."""
    pieces = text.split(",")
    items: list[str] = []
    start = 0
    while start < len(pieces):
        end = next((end for end in range(len(pieces), start + 1, -1)
                    if known(",".join(pieces[start:end]).strip())), start + 1)
        items.append(",".join(pieces[start:end]).strip())
        start = end
    return [item for item in items if item]


class KeptInput(VisibleInput):
    """An input prefilled with `shown`, the text for a stored value; `untouched` while the text is still that."""

    def __init__(self, stored: Any, shown: str, **kwargs: Any) -> None:
        super().__init__(shown, **kwargs)
        self.stored_value = stored
        self.shown_text = shown

    @property
    def untouched(self) -> bool:
        return self.value == self.shown_text


class TagsInput(KeptInput):
    """Tags separated by commas. Untouched: exactly the stored tags. Edited: a stored tag with a comma in it,
    left as it was, stays one tag; everything else splits at commas."""

    def __init__(self, tags: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(list(tags), ", ".join(tags), **kwargs)

    def tags(self) -> list[str]:
        if self.untouched:
            return list(self.stored_value)
        stored = set(self.stored_value)
        return split_items(self.value, stored.__contains__)
