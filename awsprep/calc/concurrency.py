"""Lambda concurrency: how many execution environments a request rate needs.

From the Lambda developer guide, "Understanding Lambda function scaling" and "Lambda quotas":
https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html

- Concurrency = requests per second x average duration in seconds.
- The default account limit is 1,000 concurrent executions per Region; reserved concurrency caps a
  function and at least 100 must stay unreserved.
- Requests per second are limited to 10 x the available concurrency.
- A function runs for at most 900 seconds.
"""

from __future__ import annotations

from fractions import Fraction

from awsprep.calc.result import CalcError, Result, brief, ceil, fmt

UNRESERVED_FLOOR = 100
MAX_ACCOUNT_LIMIT = 1_000_000  # quota increases reach tens of thousands
MAX_DURATION_MS = 900_000
DOC = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html"


def concurrency(rps: Fraction, duration_ms: Fraction, account_limit: int = 1000, reserved: int | None = None) -> Result:
    """Concurrency for `rps` requests per second lasting `duration_ms` each, and whether it throttles."""
    rps, duration_ms = Fraction(rps), Fraction(duration_ms)
    if rps < 0:
        raise CalcError(f"requests per second must not be negative (got {fmt(rps)})")
    if not 0 < duration_ms <= MAX_DURATION_MS:
        raise CalcError(f"duration must be between 1 and 900,000 ms (Lambda's 15-minute timeout), got {fmt(duration_ms)}")
    if not 1 <= account_limit <= MAX_ACCOUNT_LIMIT:
        raise CalcError(f"account limit must be between 1 and {fmt(MAX_ACCOUNT_LIMIT)} (got {brief(account_limit)})")
    if reserved is not None and not 0 <= reserved <= account_limit - UNRESERVED_FLOOR:
        raise CalcError(
            f"reserved concurrency must be between 0 and {fmt(account_limit - UNRESERVED_FLOOR)} "
            f"(the account limit {fmt(account_limit)} minus the 100 that stay unreserved), got {brief(reserved)}"
        )
    exact = rps * duration_ms / 1000
    needed = ceil(exact)
    limit = account_limit if reserved is None else reserved
    limit_name = "account limit" if reserved is None else "reserved concurrency"
    rps_limit = 10 * limit
    steps = [
        f"Concurrency = {fmt(rps)} requests/s x {fmt(duration_ms / 1000)} s = {fmt(exact)} -> {needed}",
        f"Available: {limit_name} = {fmt(limit)}",
        f"Request-rate limit = 10 x {fmt(limit)} = {fmt(rps_limit)} requests/s",
    ]
    reasons = []
    if needed > limit:
        reasons.append(f"needs {fmt(needed)} concurrent executions but the {limit_name} is {fmt(limit)}")
    if rps > rps_limit:
        reasons.append(f"{fmt(rps)} requests/s is over the {fmt(rps_limit)} requests/s limit (10 x concurrency)")
    throttled = bool(reasons)
    steps.append("Throttled: " + "; ".join(reasons) if throttled else "Not throttled: both limits hold")
    values: dict[str, object] = {
        "concurrency": needed,
        "concurrency_exact": exact,
        "rps_limit": rps_limit,
        "throttled": throttled,
    }
    if throttled:
        values["reason"] = "; ".join(reasons)
    notes = ["Synchronous callers get 429 TooManyRequestsException; async events are retried by Lambda."] if throttled else []
    return Result("Lambda concurrency", values, steps, notes, DOC)
