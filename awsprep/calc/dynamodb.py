"""DynamoDB capacity: read/write units and the classic partition estimate.

Rules from the DynamoDB developer guide, "DynamoDB read and write operations" and
"Read/write capacity mode":
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/capacity-mode.html

- A read unit covers one strongly consistent read per second of an item up to 4 KB; sizes round up
  to the next 4 KB per item. Eventually consistent reads cost half, transactional reads double.
- A write unit covers one write per second of an item up to 1 KB; sizes round up to the next 1 KB.
  Transactional writes double.
- Items are at most 400 KB.
- Partitions: the long-standing estimate of 3,000 RCU, 1,000 WCU and 10 GB per partition.
"""

from __future__ import annotations

from fractions import Fraction

from awsprep.calc.result import CalcError, Result, ceil, fmt
from awsprep.calc.parse import KB, kb

MAX_ITEM_BYTES = 400 * KB
READ_BLOCK = 4 * KB
WRITE_BLOCK = KB
CONSISTENCY = ("strong", "eventual", "transactional")
RCU_DOC = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html"
PARTITION_DOC = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.Partitions.html"


def _check(item_bytes: Fraction, rate: Fraction) -> None:
    if item_bytes > MAX_ITEM_BYTES:
        raise CalcError(f"item size {fmt(kb(item_bytes))} KB is over DynamoDB's 400 KB item limit")
    if rate < 0:
        raise CalcError(f"rate must not be negative (got {fmt(rate)})")


def _blocks(item_bytes: Fraction, block: int, unit: str) -> tuple[int, str]:
    blocks = ceil(item_bytes / block)
    step = (
        f"Item size {fmt(kb(item_bytes))} KB rounds up to the next {block // KB} KB: "
        f"{blocks} x {block // KB} KB = {blocks * block // KB} KB -> {blocks} {unit}"
    )
    return blocks, step


def rcu(item_bytes: Fraction, rate: Fraction, consistency: str = "strong", on_demand: bool = False) -> Result:
    """Read capacity for `rate` reads per second of items of `item_bytes` bytes."""
    if consistency not in CONSISTENCY:
        raise CalcError(f"unknown consistency {consistency!r}: use strong, eventual or transactional")
    rate = Fraction(rate)
    _check(item_bytes, rate)
    blocks, step = _blocks(item_bytes, READ_BLOCK, "read unit(s) per strongly consistent read")
    steps = [step]
    factor = {"strong": Fraction(1), "eventual": Fraction(1, 2), "transactional": Fraction(2)}[consistency]
    per_read = blocks * factor
    if consistency == "eventual":
        steps.append(f"Eventually consistent: half of that -> {fmt(per_read)} unit(s) per read")
    elif consistency == "transactional":
        steps.append(f"Transactional: twice that -> {fmt(per_read)} unit(s) per read")
    return _capacity(f"DynamoDB read capacity ({consistency})", "read", "rcu", per_read, rate, on_demand, steps)


def wcu(item_bytes: Fraction, rate: Fraction, transactional: bool = False, on_demand: bool = False) -> Result:
    """Write capacity for `rate` writes per second of items of `item_bytes` bytes."""
    rate = Fraction(rate)
    _check(item_bytes, rate)
    blocks, step = _blocks(item_bytes, WRITE_BLOCK, "write unit(s) per standard write")
    steps = [step]
    per_write = blocks * (2 if transactional else 1)
    if transactional:
        steps.append(f"Transactional: twice that -> {per_write} unit(s) per write")
    kind = "transactional" if transactional else "standard"
    return _capacity(f"DynamoDB write capacity ({kind})", "write", "wcu", per_write, rate, on_demand, steps)


def _capacity(title: str, verb: str, key: str, per: Fraction, rate: Fraction, on_demand: bool, steps: list[str]) -> Result:
    """Units per operation x rate: provisioned capacity rounds up, on-demand request units do not."""
    total = per * rate
    values: dict[str, object] = {f"units_per_{verb}": per}
    if on_demand:
        steps.append(f"{fmt(per)} x {fmt(rate)} {verb}s/s = {fmt(total)} {verb} request units per second")
        values[f"{verb}_request_units_per_second"] = total
        return Result(title, values, steps, [f"On-demand mode bills {verb} request units per request; nothing is provisioned."], RCU_DOC)
    rounded = "" if total.denominator == 1 else f" -> round up to {ceil(total)}"
    steps.append(f"{fmt(per)} x {fmt(rate)} {verb}s/s = {fmt(total)}{rounded} {key.upper()}")
    values[key] = ceil(total)
    return Result(title, values, steps, [], RCU_DOC)


def partitions(rcu: Fraction, wcu: Fraction, storage_gb: Fraction) -> Result:
    """The classic estimate: capacity / (3,000 RCU, 1,000 WCU) against storage / 10 GB."""
    rcu, wcu, storage_gb = Fraction(rcu), Fraction(wcu), Fraction(storage_gb)
    for name, value in (("rcu", rcu), ("wcu", wcu), ("storage", storage_gb)):
        if value < 0:
            raise CalcError(f"{name} must not be negative (got {fmt(value)})")
    load = rcu / 3000 + wcu / 1000
    by_capacity = ceil(load)
    by_size = ceil(storage_gb / 10)
    total = max(by_capacity, by_size, 1)
    steps = [
        f"By capacity: {fmt(rcu)} / 3,000 + {fmt(wcu)} / 1,000 = {fmt(load)} -> {by_capacity}",
        f"By size: {fmt(storage_gb)} GB / 10 GB = {fmt(storage_gb / 10)} -> {by_size}",
        f"Partitions = the larger of the two (at least 1) = {total}",
    ]
    notes = [
        "This is an estimate from the long-standing rule of thumb; DynamoDB manages partitions itself "
        "and does not publish these figures as hard limits."
    ]
    values = {"partitions": total, "partitions_by_capacity": by_capacity, "partitions_by_size": by_size}
    return Result("DynamoDB partitions (estimate)", values, steps, notes, PARTITION_DOC)
