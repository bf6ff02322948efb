"""`awsprep calc ...`: the exam calculators, each printing its working."""

from __future__ import annotations

from enum import Enum

import typer

from awsprep import calc
from awsprep.cli.common import group
from awsprep.calc.parse import parse_number, parse_size
from awsprep.ui.calc_view import show

app = group("Calculators for the exam's arithmetic; each shows its working. Add --json for scripts.")

JSON = typer.Option(False, "--json", help="Print one JSON object and nothing else.")


class Consistency(str, Enum):
    strong = "strong"
    eventual = "eventual"
    transactional = "transactional"


class VolumeType(str, Enum):
    gp2 = "gp2"
    gp3 = "gp3"
    io1 = "io1"
    io2 = "io2"
    st1 = "st1"
    sc1 = "sc1"


@app.command(epilog="Example: awsprep calc rcu --item-size 6.5KB --rate 10 --consistency eventual")
def rcu(
    item_size: str = typer.Option(..., help="Item size: 3500B, 6KB, 6.5KB or a number of KB (1 KB = 1,024 bytes)."),
    rate: str = typer.Option(..., help="Reads per second."),
    consistency: Consistency = typer.Option(Consistency.strong, help="Read consistency."),
    on_demand: bool = typer.Option(False, "--on-demand", help="On-demand mode: read request units instead of RCU."),
    as_json: bool = JSON,
) -> None:
    """DynamoDB read capacity units for a read rate and item size."""
    show(calc.rcu(parse_size(item_size), parse_number(rate, "rate"), consistency.value, on_demand), as_json)


@app.command(epilog="Example: awsprep calc wcu --item-size 2.5KB --rate 100 --transactional")
def wcu(
    item_size: str = typer.Option(..., help="Item size: 3500B, 6KB, 6.5KB or a number of KB (1 KB = 1,024 bytes)."),
    rate: str = typer.Option(..., help="Writes per second."),
    transactional: bool = typer.Option(False, "--transactional", help="Writes inside transactions (double cost)."),
    on_demand: bool = typer.Option(False, "--on-demand", help="On-demand mode: write request units instead of WCU."),
    as_json: bool = JSON,
) -> None:
    """DynamoDB write capacity units for a write rate and item size."""
    show(calc.wcu(parse_size(item_size), parse_number(rate, "rate"), transactional, on_demand), as_json)


@app.command(epilog="Example: awsprep calc partitions --rcu 7500 --wcu 2000 --storage-gb 45")
def partitions(
    rcu: str = typer.Option(..., help="Provisioned read capacity units."),
    wcu: str = typer.Option(..., help="Provisioned write capacity units."),
    storage_gb: str = typer.Option(..., help="Table size in GB."),
    as_json: bool = JSON,
) -> None:
    """Estimate DynamoDB partitions from capacity and table size (the classic rule of thumb)."""
    show(calc.partitions(parse_number(rcu, "rcu"), parse_number(wcu, "wcu"), parse_number(storage_gb, "storage")), as_json)


@app.command(epilog="Example: awsprep calc kinesis --record-size 2KB --records-per-second 3000 --consumers 3")
def kinesis(
    record_size: str = typer.Option(..., help="Record size: 512B, 2KB, 1.5KB or a number of KB."),
    records_per_second: str = typer.Option(..., help="Records written per second."),
    consumers: int = typer.Option(1, help="Applications reading every record."),
    enhanced_fan_out: bool = typer.Option(False, "--enhanced-fan-out", help="Consumers use enhanced fan-out."),
    as_json: bool = JSON,
) -> None:
    """Kinesis Data Streams shards for a write rate and its consumers."""
    rate = parse_number(records_per_second, "records per second")
    show(calc.shards(parse_size(record_size), rate, consumers, enhanced_fan_out), as_json)


@app.command(epilog="Examples: awsprep calc ebs --type gp2 --size 500 | awsprep calc ebs --type gp3 --size 200 --iops 20000 --throughput 1000")
def ebs(
    volume_type: VolumeType = typer.Option(..., "--type", help="EBS volume type."),
    size: int = typer.Option(..., help="Volume size in GiB."),
    iops: int | None = typer.Option(None, help="Provisioned IOPS (gp3, io1, io2)."),
    throughput: int | None = typer.Option(None, help="Provisioned throughput in MiB/s (gp3)."),
    as_json: bool = JSON,
) -> None:
    """EBS IOPS and throughput for a volume type and size, with today's limits."""
    show(calc.volume(volume_type.value, size, iops, throughput), as_json)


@app.command("lambda", epilog="Example: awsprep calc lambda --rps 100 --duration-ms 1100 --reserved 50")
def lambda_(
    rps: str = typer.Option(..., help="Requests per second."),
    duration_ms: str = typer.Option(..., help="Average duration of one invocation in milliseconds."),
    account_limit: int = typer.Option(1000, help="Concurrent executions allowed in the Region."),
    reserved: int | None = typer.Option(None, help="Reserved concurrency of the function."),
    as_json: bool = JSON,
) -> None:
    """Lambda concurrency for a request rate and duration, and whether it throttles."""
    show(calc.concurrency(parse_number(rps, "rps"), parse_number(duration_ms, "duration"), account_limit, reserved), as_json)
