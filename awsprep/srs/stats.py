"""Progress figures for `awsprep stats`, aggregated in SQL (indexed) and returned as plain data.

Exam readiness is an estimate: for each domain, the mean FSRS-predicted recall over every item of
the domain (an item never studied counts as 0), blended half and half with recent question accuracy
when there is any. The overall figure weights domains 32/26/24/18 and is mapped to the 100-1000
scale like the mock exam. Mastery per task, topic and exam skill is worked out the same way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import text

from awsprep.content.exam import DOMAINS, TASKS
from awsprep.content.skills import SKILLS
from awsprep.srs import fit, queue
from awsprep.srs.catalog import Entry
from awsprep.srs.exam import scaled
from awsprep.srs.review import aware, card_of, scheduler
from awsprep.srs.settings import Settings

STATES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}


def compute(session, entries: list[Entry], settings: Settings, now: datetime, *, forecast_days: int = 30,
            calendar_days: int = 119) -> dict:
    """Every figure of the dashboard as one JSON-ready dict."""
    known = {e.id: e for e in entries}
    starts_at = settings.day_starts_at  # the learner's day (srs/day.py) for today, the calendar and streaks
    today = queue.local_day(now, starts_at)
    exam_time = _exam_time(session)
    daily = _daily(session, now, max(calendar_days, 400), exam_time, starts_at)
    rows = session.execute(text(
        "SELECT item_id, card, state, suspended, leech, due FROM card_state")).all()
    fsrs_scheduler = scheduler(settings)
    recall: dict[str, float] = {}
    counts: Counter = Counter({name: 0 for name in (*STATES.values(), "suspended")})
    due_days: Counter = Counter()
    end_of_today = queue.day_start(now, starts_at) + timedelta(days=1)
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
            card = card_of(session, item_id, card_json, settings)
            recall[item_id] = fsrs_scheduler.get_card_retrievability(card, now)
            due_at = aware(_parse(due))
            due_today += due_at < end_of_today
            due_days[max(queue.local_day(due_at, starts_at), today)] += 1
    counts["new"] += len(known) - sum(1 for r in rows if r[0] in known)

    accuracy = _question_accuracy(session, now)
    by_domain, by_task, by_topic, by_skill = _mastery(entries, recall, accuracy)
    left = queue.snapshot(session, list(known), settings, now)
    readiness = {d: _readiness(v) for d, v in by_domain.items()}
    overall = sum(DOMAINS[d][1] * readiness[d]["score"] for d in readiness) / 100
    exam_days = (settings.exam_date - today).days if settings.exam_date else None
    return {
        "generated_at": now.isoformat(),
        "items": dict(counts) | {"total": len(known), "due_today": due_today},
        "today": {"due": len(left.due) + len(left.ahead), "learning": left.learning, "review": left.reviews,
                  "new_left": len(left.new), "unseen": left.unseen},
        "retention": {f"{days}d": _retention(session, now, days) for days in (7, 30)}
        | {"desired": settings.desired_retention},
        "domains": {str(d): readiness[d] | {"title": DOMAINS[d][0]} for d in sorted(readiness)},
        "tasks": {t: _summary(by_task[t]) | {"title": TASKS[t]} for t in TASKS if t in by_task},
        "weakest_topics": _weakest(by_topic, "topic", "awsprep drill --topic {}"),
        "skills": {k: _readiness(by_skill[k]) | {"title": title, "studied": sum(p[2] for p in by_skill[k])}
                   for k, title in SKILLS.items()},
        "weakest_skills": _weakest(by_skill, "skill", "awsprep drill --skill {}", count=5),
        "forecast": [{"date": (d := today + timedelta(days=i)).isoformat(), "due": due_days[d]} for i in range(forecast_days)],
        "calendar": _calendar(daily, today, calendar_days),
        "streak_days": _streak(daily, today),
        "time_studied": _time_studied(session, daily, today, exam_time),
        "readiness": {"score": round(overall, 3), "scaled_estimate": scaled(round(overall * 1000), 1000),
                      "exam_date": settings.exam_date.isoformat() if settings.exam_date else None,
                      "days_left": exam_days},
        "exams": _exams(session),
        "orphaned_items": sorted(orphans),
        "optimize": fit.suggestion(session),
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
    """Per domain, task, topic and exam skill: a point per item (predicted recall, question
    accuracy, studied). An item counts once for each of its skills."""
    by_domain, by_task, by_topic, by_skill = defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list)
    for entry in entries:
        point = (recall.get(entry.id, 0.0), accuracy.get(entry.id), entry.id in recall or entry.id in accuracy)
        by_domain[entry.domain].append(point)
        by_task[entry.task].append(point)
        by_topic[entry.topic].append(point)
        for skill in entry.skills:
            by_skill[skill].append(point)
    return by_domain, by_task, by_topic, by_skill


def _summary(points) -> dict:
    answered = [a for _, a, _ in points if a]
    right, total = sum(a[0] for a in answered), sum(a[1] for a in answered)
    return {"items": len(points), "recall": round(sum(r for r, _, _ in points) / len(points), 3) if points else 0.0,
            "question_accuracy": round(right / total, 3) if total else None}


def _readiness(points) -> dict:
    summary = _summary(points)
    accuracy = summary["question_accuracy"]
    score = summary["recall"] if accuracy is None else (summary["recall"] + accuracy) / 2
    return summary | {"score": round(score, 3)}


def _weakest(groups: dict, name: str, command: str, count: int = 8) -> list[dict]:
    """The topics (or skills) the learner has studied, weakest first: readiness over the items
    studied (an unstudied group is not weak, only new), with the command that drills the group."""
    rows = []
    for key, points in groups.items():
        studied = [p for p in points if p[2]]
        if studied:
            rows.append(_readiness(studied) | {name: key, "items": len(points), "studied": len(studied),
                                               "command": command.format(key)})
    return sorted(rows, key=lambda r: (r["score"], r[name]))[:count]


def _retention(session, now: datetime, days: int) -> dict:
    """True retention: share of reviews of cards in the review state that were not failed."""
    since = (now - timedelta(days=days)).astimezone(timezone.utc).replace(tzinfo=None)
    passed, total = session.execute(text(
        "SELECT SUM(rating > 1), COUNT(*) FROM review_log WHERE mode = 'drill' AND reviewed_at >= :since "
        "AND state_before = 2"), {"since": str(since)}).one()
    return {"reviews": total, "retention": round(passed / total, 3) if total else None}


def _exam_time(session) -> list[tuple[datetime, int]]:
    """Per finished mock exam: when it ended, and its milliseconds that no logged answer carries
    (time on questions left unanswered, and on the review grid)."""
    rows = session.execute(text(
        "SELECT s.finished_at, s.elapsed_s - COALESCE(SUM(CASE WHEN a.chosen != '' THEN a.seconds END), 0) "
        "FROM exam_session s LEFT JOIN exam_answer a ON a.exam_id = s.id "
        "WHERE s.status IN ('submitted', 'timeout') GROUP BY s.id"))
    return [(aware(_parse(finished)), max(0, round(1000 * seconds))) for finished, seconds in rows]


def _daily(session, now: datetime, days: int, exam_time: list[tuple[datetime, int]],
           starts_at: int) -> dict[date, tuple[int, int]]:
    """Answers and milliseconds per local day over the last `days` days (with the exam time no
    answer carries). Grouped in SQL by 10-minute UTC buckets (a cheap prefix of the stored text,
    served by an index), then shifted into the learner's time zone here."""
    since = (queue.day_start(now, starts_at) - timedelta(days=days)).astimezone(timezone.utc).replace(tzinfo=None)
    rows = session.execute(text(
        "SELECT substr(reviewed_at, 1, 15), COUNT(*), SUM(duration_ms) FROM review_log "
        "WHERE reviewed_at >= :since GROUP BY 1"), {"since": str(since)})
    daily: dict[date, tuple[int, int]] = {}
    for bucket, count, ms in rows:
        day = queue.local_day(datetime.fromisoformat(bucket + "0").replace(tzinfo=timezone.utc), starts_at)
        answers, total = daily.get(day, (0, 0))
        daily[day] = (answers + count, total + (ms or 0))
    for finished, ms in exam_time:
        day = queue.local_day(finished, starts_at)
        if finished >= since.replace(tzinfo=timezone.utc):
            answers, total = daily.get(day, (0, 0))
            daily[day] = (answers, total + ms)
    return daily


def _calendar(daily: dict, today: date, days: int) -> list[dict]:
    return [{"date": (d := today - timedelta(days=i)).isoformat(), "reviews": daily.get(d, (0, 0))[0]}
            for i in range(days, -1, -1)]


def _streak(daily: dict, today: date) -> int:
    """Days in a row with at least one answer, ending today (or yesterday, if today is still empty)."""
    day = today if today in daily else today - timedelta(days=1)
    streak = 0
    while day in daily:
        streak, day = streak + 1, day - timedelta(days=1)
    return streak


def _time_studied(session, daily: dict, today: date, exam_time: list[tuple[datetime, int]]) -> dict:
    """Minutes today and in all (answers' own times plus mock-exam time), and answers given."""
    total, answers = session.execute(text("SELECT SUM(duration_ms), COUNT(*) FROM review_log")).one()
    total = (total or 0) + sum(ms for _, ms in exam_time)
    return {"today_minutes": round(daily.get(today, (0, 0))[1] / 60000, 1),
            "total_minutes": round(total / 60000, 1), "answers": answers}


def _exams(session) -> list[dict]:
    rows = session.execute(text(
        "SELECT finished_at, correct, total, scaled, status, form FROM exam_session "
        "WHERE status IN ('submitted', 'timeout') ORDER BY id DESC LIMIT 10")).all()
    return [{"finished_at": str(f), "correct": c, "total": t, "scaled": s, "timed_out": st == "timeout", "form": form}
            for f, c, t, s, st, form in rows]
