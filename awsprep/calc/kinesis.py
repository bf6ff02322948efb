"""Kinesis Data Streams shard count for a producer and its consumers.

Per shard (provisioned mode), from the Kinesis Data Streams developer guide, "Quotas and limits"
and "Develop enhanced fan-out consumers":
https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
https://docs.aws.amazon.com/streams/latest/dev/enhanced-consumers.html

- Writes: 1 MB/s and 1,000 records/s. A record's data blob is at most 1 MB.
- Reads, shared throughput: 2 MB/s per shard, split between all classic consumers.
- Reads, enhanced fan-out: every registered consumer gets its own 2 MB/s per shard.
MB here is 1,024 KB (MiB), KB 1,024 bytes.
"""

from __future__ import annotations

from fractions import Fraction

from awsprep.calc.result import CalcError, Result, brief, ceil, fmt
from awsprep.calc.parse import KB, kb

SHARD_WRITE_KB = 1024
SHARD_WRITE_RECORDS = 1000
SHARD_READ_KB = 2048
MAX_RECORD_BYTES = 1024 * KB
MAX_EFO_CONSUMERS = 20
MAX_CONSUMERS = 1000  # far past any shared-throughput design: each shard serves 5 reads a second in all
DOC = "https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html"


def shards(record_bytes: Fraction, records_per_second: Fraction, consumers: int = 1, enhanced_fan_out: bool = False) -> Result:
    """Shards needed to take the writes and serve `consumers` readers."""
    rate = Fraction(records_per_second)
    if record_bytes > MAX_RECORD_BYTES:
        raise CalcError(f"record size {fmt(kb(record_bytes))} KB is over the 1 MB (1,024 KB) record limit")
    if rate < 0:
        raise CalcError(f"records per second must not be negative (got {fmt(rate)})")
    if not 0 <= consumers <= MAX_CONSUMERS:
        raise CalcError(f"consumers must be between 0 (nobody reads yet) and {MAX_CONSUMERS:,} (got {brief(consumers)})")
    if enhanced_fan_out and consumers > MAX_EFO_CONSUMERS:
        raise CalcError(f"a stream takes at most {MAX_EFO_CONSUMERS} enhanced fan-out consumers (got {consumers})")
    in_kb = kb(record_bytes) * rate
    by_write = ceil(in_kb / SHARD_WRITE_KB)
    by_records = ceil(rate / SHARD_WRITE_RECORDS)
    steps = [
        f"Write volume: {fmt(kb(record_bytes))} KB x {fmt(rate)} records/s = {fmt(in_kb)} KB/s",
        f"Write throughput: {fmt(in_kb)} KB/s / 1,024 KB/s per shard = {fmt(in_kb / SHARD_WRITE_KB)} -> {by_write}",
        f"Record rate: {fmt(rate)} records/s / 1,000 per shard = {fmt(rate / SHARD_WRITE_RECORDS)} -> {by_records}",
    ]
    if enhanced_fan_out:
        by_read = ceil(in_kb / SHARD_READ_KB)
        steps.append(
            f"Reads (enhanced fan-out): each of {consumers} consumer(s) gets its own 2 MB/s per shard: "
            f"{fmt(in_kb)} / 2,048 = {fmt(in_kb / SHARD_READ_KB)} -> {by_read}"
        )
    else:
        out_kb = in_kb * consumers
        by_read = ceil(out_kb / SHARD_READ_KB)
        steps.append(
            f"Reads (shared): {consumers} consumer(s) x {fmt(in_kb)} KB/s = {fmt(out_kb)} KB/s out; "
            f"/ 2,048 KB/s per shard = {fmt(out_kb / SHARD_READ_KB)} -> {by_read}"
        )
    total = max(by_write, by_records, by_read, 1)
    steps.append(f"Shards = the largest requirement (at least 1) = {total}")
    notes = []
    if not enhanced_fan_out and consumers > 1:
        notes.append(
            "Shared consumers also split 5 GetRecords calls per second per shard; with several "
            "consumers, enhanced fan-out avoids both limits."
        )
    values = {
        "shards": total,
        "shards_for_write_throughput": by_write,
        "shards_for_record_rate": by_records,
        "shards_for_read_throughput": by_read,
    }
    mode = "enhanced fan-out" if enhanced_fan_out else "shared throughput"
    return Result(f"Kinesis Data Streams shards ({mode})", values, steps, notes, DOC)
