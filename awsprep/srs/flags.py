"""Suspending, unsuspending and burying items by hand (and listing leeches)."""

from __future__ import annotations

import zlib
from datetime import date, datetime

from sqlmodel import col, select

from awsprep.srs.review import NEW
from awsprep.store.tables import CardState


def _state(session, item_id: str, kind: str, now: datetime) -> CardState:
    """The item's row; a new item gets a state-0 row so it can carry the flag."""
    import fsrs

    state = session.get(CardState, item_id)
    if state is None:
        card = fsrs.Card(card_id=zlib.crc32(item_id.encode()), due=now)
        state = CardState(item_id=item_id, kind=kind, card=card.to_json(), state=NEW, due=now)
    return state


def suspend(session, item_id: str, kind: str, now: datetime, on: bool = True) -> None:
    state = _state(session, item_id, kind, now)
    state.suspended = on
    if not on:
        state.leech = False
    session.add(state)


def bury(session, item_id: str, kind: str, now: datetime, until: date) -> None:
    state = _state(session, item_id, kind, now)
    state.buried_until = until
    session.add(state)


def suspended(session, leeches_only: bool = False) -> list[CardState]:
    query = select(CardState).where(col(CardState.suspended).is_(True))
    if leeches_only:
        query = query.where(col(CardState.leech).is_(True))
    return list(session.exec(query.order_by(CardState.item_id)))
