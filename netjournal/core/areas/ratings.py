"""Relationship ratings, 1 to 4."""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Rating


class RatingsArea:
    # --- ratings ----------------------------------------------------------------------------

    def rate(self, rating: Rating) -> Rating:
        with self._change():
            self._require_contacts([rating.contact_id], "contact_id")
            self._insert(rating)
        return rating

    def update_rating(self, rating: Rating) -> Rating:
        """Add details to a rating (barriers, action, improve-by date, plan) or correct it."""
        with self._change():
            self._require_contacts([rating.contact_id], "contact_id")
            self._replace(rating)
        return rating

    def edit_rating(self, base: Rating, mine: Rating, resolutions: Mapping[str, str] | None = None) -> Rating:
        """Add details to a rating on top of the newest saved one (see `_merged`)."""
        with self._change():
            _, rating = self._merged(Rating, base, mine, resolutions, self.edit_rating,
                                     what=f"The rating of {base.date}")
            self._require_contacts([rating.contact_id], "contact_id")
            self._replace(rating)
        return rating

    def delete_rating(self, rating_id: str) -> None:
        with self._change():
            self._remove("ratings", [rating_id])

    def ratings(self, contact_id: str | None = None) -> list[Rating]:
        found = [Rating.from_stored(doc) for doc in self._docs("ratings")
                 if contact_id is None or doc["contact_id"] == contact_id]
        return sorted(found, key=lambda r: r.date)

    def latest_ratings(self) -> dict[str, Rating]:
        latest: dict[str, Rating] = {}
        for rating in self.ratings():
            latest[rating.contact_id] = rating  # sorted by date, so the last one wins
        return latest

