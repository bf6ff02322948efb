"""Calculator drill problems: realistic random numbers, graded against awsprep.calc.

Each problem type is one schedulable item (`calc-rcu`, ...): the learner practises the skill,
and every appearance draws fresh numbers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from awsprep import calc
from awsprep.calc.result import Result, fmt
from awsprep.calc.parse import KB


@dataclass(frozen=True)
class Problem:
    id: str
    title: str
    prompt: str
    key: str  # which figure of the result the learner types
    result: Result

    @property
    def task(self) -> str:
        return TASKS[self.id]

    @property
    def expected(self) -> Fraction:
        return Fraction(self.result.values[self.key])


def _rcu(rng: random.Random) -> Problem:
    size = rng.choice([rng.randint(1, 40) * 512, rng.randint(1, 20) * KB])
    rate = rng.choice([5, 10, 25, 50, 80, 100, 120, 250, 400])
    consistency = rng.choice(["strong", "eventual", "transactional"])
    result = calc.rcu(Fraction(size), rate, consistency)
    prompt = (f"An application reads {rate} items per second, each {fmt(Fraction(size, KB))} KB, "
              f"with {consistency}ly consistent reads." if consistency != "transactional" else
              f"An application reads {rate} items per second, each {fmt(Fraction(size, KB))} KB, inside transactions.")
    return Problem("calc-rcu", "DynamoDB RCU", prompt + " How many RCU must the table provision?", "rcu", result)


def _wcu(rng: random.Random) -> Problem:
    size = rng.choice([rng.randint(1, 16) * 512, rng.randint(1, 12) * KB, 300 + rng.randint(0, 9) * 100])
    rate = rng.choice([5, 10, 20, 40, 75, 100, 150, 300])
    transactional = rng.random() < 0.3
    result = calc.wcu(Fraction(size), rate, transactional)
    how = " inside transactions" if transactional else ""
    prompt = f"An application writes {rate} items per second{how}, each {fmt(Fraction(size, KB))} KB. How many WCU are needed?"
    return Problem("calc-wcu", "DynamoDB WCU", prompt, "wcu", result)


def _partitions(rng: random.Random) -> Problem:
    rcu, wcu, gb = rng.choice([1000, 3000, 6000, 7500, 12000]), rng.choice([500, 1000, 2000, 2500, 4000]), rng.choice([5, 20, 45, 80, 150])
    result = calc.partitions(rcu, wcu, gb)
    prompt = f"A table has {rcu:,} RCU, {wcu:,} WCU and holds {gb} GB. Using the classic rule of thumb, how many partitions does it have?"
    return Problem("calc-partitions", "DynamoDB partitions", prompt, "partitions", result)


def _kinesis(rng: random.Random) -> Problem:
    size = rng.choice([512, KB, 2 * KB, 5 * KB, 50 * KB, 200 * KB])
    rate = rng.choice([200, 500, 1000, 1500, 3000, 4500])
    consumers = rng.choice([1, 2, 3, 5])
    efo = consumers > 1 and rng.random() < 0.4
    result = calc.shards(Fraction(size), rate, consumers, efo)
    readers = f"{consumers} consumer application(s)" + (" using enhanced fan-out" if efo else " using shared throughput")
    prompt = f"Producers write {rate:,} records per second of {fmt(Fraction(size, KB))} KB each, read by {readers}. How many shards are needed?"
    return Problem("calc-kinesis", "Kinesis shards", prompt, "shards", result)


def _ebs(rng: random.Random) -> Problem:
    size = rng.choice([10, 20, 50, 100, 300, 500, 800, 2000, 6000])
    result = calc.volume("gp2", size)
    prompt = f"What is the baseline IOPS of a {size:,} GiB gp2 volume?"
    return Problem("calc-ebs", "EBS gp2 IOPS", prompt, "baseline_iops", result)


def _lambda(rng: random.Random) -> Problem:
    rps = rng.choice([20, 50, 100, 150, 300, 500, 1200])
    ms = rng.choice([200, 250, 500, 800, 1100, 1500, 2000, 3000])
    result = calc.concurrency(rps, ms)
    prompt = f"A function receives {rps:,} requests per second and each runs for {ms:,} ms on average. What concurrency does it need?"
    return Problem("calc-lambda", "Lambda concurrency", prompt, "concurrency", result)


GENERATORS = {"calc-rcu": _rcu, "calc-wcu": _wcu, "calc-partitions": _partitions, "calc-kinesis": _kinesis,
              "calc-ebs": _ebs, "calc-lambda": _lambda}
# the exam guide v2.1 skills each problem type practises; its task statement follows from the first
SKILLS = {"calc-rcu": ("1.3.2", "1.3.6"), "calc-wcu": ("1.3.6",), "calc-partitions": ("1.3.1", "1.3.6"),
          "calc-kinesis": ("1.1.10",), "calc-ebs": ("4.3.7",), "calc-lambda": ("4.3.1", "1.2.2")}
TASKS = {problem: skills[0].rsplit(".", 1)[0] for problem, skills in SKILLS.items()}


def generate(problem_id: str, rng: random.Random | None = None) -> Problem:
    return GENERATORS[problem_id](rng or random.Random())
