"""Pure calculators for the exam's arithmetic. No I/O and no imports from the rest of awsprep."""

from awsprep.calc.concurrency import concurrency
from awsprep.calc.dynamodb import partitions, rcu, wcu
from awsprep.calc.ebs import volume
from awsprep.calc.kinesis import shards
from awsprep.calc.result import CalcError, Result
from awsprep.calc.parse import parse_number, parse_size

__all__ = ["CalcError", "Result", "concurrency", "parse_number", "parse_size", "partitions", "rcu", "shards", "volume", "wcu"]
