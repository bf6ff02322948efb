"""Suspending, unsuspending and burying items by hand (and listing leeches)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import col, select

from awsprep.srs.review import NEW, new_card
from awsprep.store.tables import CardState


def _state(session, item_id: str, kind: str, now: datetime) -> CardState:
    """The item's row; a new item gets a state-0 row so it can carry the flag."""
    state = session.get(CardState, item_id)
    if state is None:
        state = CardState(item_id=item_id, kind=kind, card=new_card(item_id, now).to_json(), state=NEW, due=now)
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
