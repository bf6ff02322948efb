"""Progress figures for `awsprep stats`, aggregated in SQL (indexed) and returned as plain data.

Exam readiness is an estimate: for each domain, the mean FSRS-predicted recall over every item of
the domain (an item never studied counts as 0), blended half and half with recent question accuracy
when there is any. The overall figure weights domains 32/26/24/18 and is mapped to the 100-1000
scale like the mock exam.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone

from sqlalchemy import text

from awsprep.content.exam import DOMAINS, TASKS
from awsprep.srs import queue
from awsprep.srs.catalog import Entry
from awsprep.srs.exam import scaled
from awsprep.srs.review import aware, scheduler
from awsprep.srs.settings import Settings

STATES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}


def _offset(now: datetime) -> str:
    """SQLite date modifier turning stored UTC into the learner's local time."""
    seconds = int(now.astimezone().utcoffset().total_seconds())
    return f"{seconds:+d} seconds"


def compute(session, entries: list[Entry], settings: Settings, now: datetime, *, forecast_days: int = 30,
            calendar_days: int = 119) -> dict:
    """Every figure of the dashboard as one JSON-ready dict."""
    import fsrs

    known = {e.id: e for e in entries}
    offset = _offset(now)
    today = queue.local_day(now)
    rows = session.execute(text(
        "SELECT item_id, card, state, suspended, leech, due FROM card_state")).all()
    fsrs_scheduler = scheduler(settings)
    recall: dict[str, float] = {}
    counts: Counter = Counter()
    end_of_today = queue.day_start(now) + timedelta(days=1)
    due_today = 0
    orphans = []
    for item_id, card_json, state, suspended, leech, due in rows:
        if item_id not in known:
            orphans.append(item_id)
            continue
        if suspended:
            counts["suspended"] += 1
            continue
        counts[STATES[state]] += 1
        if state > 0:
            card = fsrs.Card.from_json(card_json)
            recall[item_id] = fsrs_scheduler.get_card_retrievability(card, now)
            due_today += aware(_parse(due)) < end_of_today
    counts["new"] += len(known) - sum(1 for r in rows if r[0] in known)

    accuracy = _question_accuracy(session, now)
    by_domain, by_task, by_topic = _mastery(entries, recall, accuracy)
    readiness = {d: _readiness(v) for d, v in by_domain.items()}
    overall = sum(DOMAINS[d][1] * readiness[d]["score"] for d in readiness) / 100
    exam_days = (settings.exam_date - today).days if settings.exam_date else None
    return {
        "generated_at": now.isoformat(),
        "items": dict(counts) | {"total": len(known), "due_today": due_today},
        "retention": {f"{days}d": _retention(session, now, days) for days in (7, 30)}
        | {"desired": settings.desired_retention},
        "domains": {str(d): readiness[d] | {"title": DOMAINS[d][0]} for d in sorted(readiness)},
        "tasks": {t: _summary(by_task[t]) | {"title": TASKS[t]} for t in TASKS if t in by_task},
        "weakest_topics": sorted(({"topic": t} | _summary(v) for t, v in by_topic.items()), key=lambda r: r["recall"])[:8],
        "forecast": _forecast(session, now, offset, forecast_days),
        "calendar": _calendar(session, now, offset, calendar_days),
        "streak_days": _streak(session, now, offset),
        "time_studied": _time_studied(session, now),
        "readiness": {"score": round(overall, 3), "scaled_estimate": scaled(round(overall * 1000), 1000),
                      "exam_date": settings.exam_date.isoformat() if settings.exam_date else None,
                      "days_left": exam_days},
        "exams": _exams(session),
        "orphaned_items": sorted(orphans),
    }


def _parse(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _question_accuracy(session, now: datetime) -> dict[str, tuple[int, int]]:
    """Per question over the last 30 days: (correct, answered), all modes."""
    since = (now - timedelta(days=30)).astimezone(timezone.utc).replace(tzinfo=None)
    rows = session.execute(text(
        "SELECT item_id, SUM(correct), COUNT(correct) FROM review_log "
        "WHERE kind = 'question' AND correct IS NOT NULL AND reviewed_at >= :since GROUP BY item_id"), {"since": str(since)})
    return {item_id: (int(right), int(total)) for item_id, right, total in rows}


def _mastery(entries, recall, accuracy):
    by_domain, by_task, by_topic = defaultdict(list), defaultdict(list), defaultdict(list)
    for entry in entries:
        point = (recall.get(entry.id, 0.0), accuracy.get(entry.id))
        by_domain[entry.domain].append(point)
        by_task[entry.task].append(point)
        by_topic[entry.topic].append(point)
    return by_domain, by_task, by_topic


def _summary(points) -> dict:
    answered = [a for _, a in points if a]
    right, total = sum(a[0] for a in answered), sum(a[1] for a in answered)
    return {"items": len(points), "recall": round(sum(r for r, _ in points) / len(points), 3) if points else 0.0,
            "question_accuracy": round(right / total, 3) if total else None}


def _readiness(points) -> dict:
    summary = _summary(points)
    accuracy = summary["question_accuracy"]
    score = summary["recall"] if accuracy is None else (summary["recall"] + accuracy) / 2
    return summary | {"score": round(score, 3)}


def _retention(session, now: datetime, days: int) -> dict:
    """True retention: share of reviews of cards in the review state that were not failed."""
    since = (now - timedelta(days=days)).astimezone(timezone.utc).replace(tzinfo=None)
    passed, total = session.execute(text(
        "SELECT SUM(rating > 1), COUNT(*) FROM review_log WHERE mode = 'drill' AND reviewed_at >= :since "
        "AND json_extract(before, '$.state') = 2"), {"since": str(since)}).one()
    return {"reviews": total, "retention": round(passed / total, 3) if total else None}


def _forecast(session, now: datetime, offset: str, days: int) -> list[dict]:
    today = queue.local_day(now)
    rows = dict(session.execute(text(
        "SELECT date(due, :offset) AS day, COUNT(*) FROM card_state WHERE suspended = 0 AND state > 0 "
        "GROUP BY day"), {"offset": offset}).all())
    overdue = sum(n for day, n in rows.items() if day < today.isoformat())
    result = []
    for i in range(days):
        day = (today + timedelta(days=i)).isoformat()
        result.append({"date": day, "due": rows.get(day, 0) + (overdue if i == 0 else 0)})
    return result


def _calendar(session, now: datetime, offset: str, days: int) -> list[dict]:
    today = queue.local_day(now)
    since = (queue.day_start(now) - timedelta(days=days)).astimezone(timezone.utc).replace(tzinfo=None)
    rows = dict(session.execute(text(
        "SELECT date(reviewed_at, :offset) AS day, COUNT(*) FROM review_log WHERE reviewed_at >= :since GROUP BY day"),
        {"offset": offset, "since": str(since)}).all())
    return [{"date": (d := (today - timedelta(days=i)).isoformat()), "reviews": rows.get(d, 0)} for i in range(days, -1, -1)]


def _streak(session, now: datetime, offset: str) -> int:
    """Days in a row with at least one answer, ending today (or yesterday, if today is still empty)."""
    since = (now - timedelta(days=400)).astimezone(timezone.utc).replace(tzinfo=None)
    days = {row[0] for row in session.execute(text(
        "SELECT DISTINCT date(reviewed_at, :offset) FROM review_log WHERE reviewed_at >= :since"),
        {"offset": offset, "since": str(since)})}
    day = queue.local_day(now)
    if day.isoformat() not in days:
        day -= timedelta(days=1)
    streak = 0
    while day.isoformat() in days:
        streak, day = streak + 1, day - timedelta(days=1)
    return streak


def _time_studied(session, now: datetime) -> dict:
    start = queue.day_start(now).astimezone(timezone.utc).replace(tzinfo=None)
    today, total, answers = session.execute(text(
        "SELECT SUM(CASE WHEN reviewed_at >= :start THEN duration_ms ELSE 0 END), SUM(duration_ms), COUNT(*) FROM review_log"),
        {"start": str(start)}).one()
    return {"today_minutes": round((today or 0) / 60000, 1), "total_minutes": round((total or 0) / 60000, 1), "answers": answers}


def _exams(session) -> list[dict]:
    rows = session.execute(text(
        "SELECT finished_at, correct, total, scaled, status FROM exam_session WHERE status IN ('submitted', 'timeout') "
        "ORDER BY id DESC LIMIT 10")).all()
    return [{"finished_at": str(f), "correct": c, "total": t, "scaled": s, "timed_out": st == "timeout"} for f, c, t, s, st in rows]
