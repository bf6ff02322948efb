"""Suspending, unsuspending and burying items by hand (and listing leeches); flagging items to look at again."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import col, select

from awsprep.srs.review import NEW, new_card
from awsprep.store.tables import CardState, Flag


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


def toggle_flag(session, item_id: str, now: datetime, note: str = "") -> bool:
    """Flag an item to look at again, or take its flag off; True when it is now flagged."""
    if unflag(session, [item_id]):
        return False
    flag(session, item_id, now, note)
    return True


def flag(session, item_id: str, now: datetime, note: str = "") -> None:
    """Flag an item (kept as it is if already flagged)."""
    if session.get(Flag, item_id) is None:
        session.add(Flag(item_id=item_id, flagged_at=now, note=note))


def unflag(session, item_ids: list[str]) -> int:
    """Take the flags off; returns how many there were."""
    rows = [row for row in (session.get(Flag, i) for i in item_ids) if row is not None]
    for row in rows:
        session.delete(row)
    return len(rows)


def flagged(session) -> list[Flag]:
    """Every flagged item, oldest flag first."""
    return list(session.exec(select(Flag).order_by(Flag.flagged_at, Flag.item_id)))
