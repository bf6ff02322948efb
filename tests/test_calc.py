"""Calculator rules, table-driven from the AWS documentation's worked examples and classic exam sums."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awsprep.calc import CalcError, concurrency, parse_number, parse_size, partitions, rcu, shards, volume, wcu


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3500B", 3500), ("6KB", 6144), ("6.5KB", 6656), ("6", 6144), ("1MB", 1048576), (" 4 kb ", 4096)],
)
def test_parse_size(text, expected):
    assert parse_size(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "-4KB", "4GB", "0", "0KB", "1e3"])
def test_parse_size_rejects(text):
    with pytest.raises(CalcError):
        parse_size(text)


def test_parse_number_is_exact():
    assert parse_number("1.1", "rate") == Fraction(11, 10)
    with pytest.raises(CalcError, match="rate"):
        parse_number("-3", "rate")


@pytest.mark.parametrize(
    ("size", "rate", "consistency", "per_read", "total"),
    [
        ("3500B", 1, "strong", 1, 1),  # docs: a 3,500-byte read costs the same as 4 KB
        ("8KB", 1, "strong", 2, 2),  # docs: 8 KB strongly consistent = 2 units
        ("8KB", 1, "eventual", 1, 1),  # docs: eventually consistent = 1 unit
        ("8KB", 1, "transactional", 4, 4),  # docs: transactional = 4 units
        ("10KB", 1, "strong", 3, 3),  # docs: 10 KB rounds to 12 KB
        ("4KB", 10, "strong", 1, 10),  # exact multiple of 4 KB
        ("4.1KB", 10, "strong", 2, 20),  # just over a block
        ("1B", 10, "strong", 1, 10),  # tiny item
        ("6KB", 10, "eventual", 1, 10),  # classic: 6 KB, 10/s eventual -> 10
        ("4KB", 3, "eventual", Fraction(1, 2), 2),  # 1.5 rounds up once, on the total
        ("12KB", 0, "strong", 3, 0),  # zero rate
        ("400KB", 1, "strong", 100, 100),  # the largest item
    ],
)
def test_rcu(size, rate, consistency, per_read, total):
    result = rcu(parse_size(size), rate, consistency)
    assert result.values["units_per_read"] == per_read
    assert result.values["rcu"] == total


def test_rcu_on_demand_reports_request_units():
    values = rcu(parse_size("8KB"), 5, "eventual", on_demand=True).to_dict()
    assert values == {"units_per_read": 1, "read_request_units_per_second": 5}


def test_rcu_rejects_items_over_400kb():
    with pytest.raises(CalcError, match="400 KB"):
        rcu(parse_size("401KB"), 1)


@pytest.mark.parametrize(
    ("size", "rate", "transactional", "per_write", "total"),
    [
        ("1KB", 1, False, 1, 1),
        ("500B", 10, False, 1, 10),
        ("1.5KB", 10, False, 2, 20),
        ("2KB", 10, False, 2, 20),  # exact multiple
        ("2.5KB", 100, True, 6, 600),  # transactional doubles
        ("6.5KB", 0, False, 7, 0),
    ],
)
def test_wcu(size, rate, transactional, per_write, total):
    result = wcu(parse_size(size), rate, transactional)
    assert result.values["units_per_write"] == per_write
    assert result.values["wcu"] == total


def test_wcu_on_demand():
    assert wcu(parse_size("3KB"), 7, on_demand=True).to_dict() == {"units_per_write": 3, "write_request_units_per_second": 21}


@pytest.mark.parametrize(
    ("r", "w", "gb", "capacity", "size", "total"),
    [
        (7500, 2000, 45, 5, 5, 5),  # 2.5 + 2 = 4.5 -> 5; 45 / 10 -> 5
        (1000, 500, 100, 1, 10, 10),  # storage decides
        (6000, 3000, 5, 5, 1, 5),  # capacity decides
        (0, 0, 0, 0, 0, 1),  # at least one
    ],
)
def test_partitions(r, w, gb, capacity, size, total):
    values = partitions(r, w, gb).to_dict()
    assert values == {"partitions": total, "partitions_by_capacity": capacity, "partitions_by_size": size}


@pytest.mark.parametrize(
    ("size", "rate", "consumers", "efo", "expected"),
    [
        ("1KB", 100, 1, False, (1, 1, 1, 1)),
        ("2KB", 3000, 3, False, (9, 6, 3, 9)),  # three shared consumers decide
        ("2KB", 3000, 3, True, (6, 6, 3, 3)),  # enhanced fan-out: write decides
        ("100B", 5000, 1, False, (5, 1, 5, 1)),  # the record-rate limit decides
        ("512KB", 4, 1, False, (2, 2, 1, 1)),
        ("1KB", 0, 1, False, (1, 0, 0, 0)),  # at least one shard
    ],
)
def test_kinesis(size, rate, consumers, efo, expected):
    values = shards(parse_size(size), rate, consumers, efo).to_dict()
    got = tuple(values[k] for k in ("shards", "shards_for_write_throughput", "shards_for_record_rate", "shards_for_read_throughput"))
    assert got == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [(("1025KB", 1, 1, False), "1 MB"), (("1KB", 1, -1, False), "between 0"), (("1KB", 1, 21, True), "20"),
     (("1KB", 1, 10**400, False), "between 0")],
)
def test_kinesis_rejects(args, message):
    size, rate, consumers, efo = args
    with pytest.raises(CalcError, match=message):
        shards(parse_size(size), rate, consumers, efo)


@pytest.mark.parametrize(
    ("size", "baseline", "can_burst", "throughput"),
    [(20, 100, True, 128), (33, 100, True, 128), (100, 300, True, 128), (500, 1500, True, 250),
     (1000, 3000, False, 250), (5334, 16000, False, 250), (16384, 16000, False, 250)],
)
def test_gp2(size, baseline, can_burst, throughput):
    values = volume("gp2", size).to_dict()
    assert values["baseline_iops"] == baseline
    assert values["can_burst"] is can_burst
    assert values["burst_iops"] == (3000 if can_burst else baseline)
    assert values["max_throughput_mibps"] == throughput


@pytest.mark.parametrize(
    ("size", "baseline_throughput"),
    [(1, 25), (100, 75), (170, 127.5), (171, 128.25), (300, 225), (334, 250), (1000, 250)],
)
def test_gp2_baseline_throughput_is_baseline_iops_at_256_kib(size, baseline_throughput):
    """250 MiB/s without burst credits from 334 GiB; smaller volumes reach their ceiling only on credits."""
    result = volume("gp2", size)
    assert result.to_dict()["baseline_throughput_mibps"] == baseline_throughput
    assert any("Baseline throughput" in step for step in result.steps)


def test_kinesis_with_no_consumers_sizes_for_the_writes():
    values = shards(parse_size("2KB"), 3000, 0).to_dict()
    assert values == {"shards": 6, "shards_for_write_throughput": 6, "shards_for_record_rate": 3, "shards_for_read_throughput": 0}


@pytest.mark.parametrize("text", [str(10**400), "9" * 5000, "1" + "0" * 12, "0." + "0" * 9 + "1"])
def test_huge_or_overlong_numbers_are_refused(text):
    with pytest.raises(CalcError, match="too large|too many decimals") as caught:
        parse_number(text, "rate")
    assert len(str(caught.value)) < 150
    with pytest.raises(CalcError):
        parse_size(text + "KB")


def test_the_largest_numbers_accepted_still_give_working_and_json():
    import json

    big = parse_number("999999999999.999999999", "rate")
    for result in (partitions(big, big, big), rcu(4096, big), concurrency(big, 900_000, 1_000_000), shards(1024, big, 1000)):
        json.dumps(result.to_dict())
        assert result.steps


def test_gp3_defaults_and_limits():
    values = volume("gp3", 100).to_dict()
    assert (values["iops"], values["throughput_mibps"], values["max_iops_for_size"]) == (3000, 125, 50000)
    big = volume("gp3", 65536, 80000, 2000).to_dict()
    assert (big["iops"], big["throughput_mibps"], big["max_throughput_for_iops"]) == (80000, 2000, 2000)
    assert volume("gp3", 1).to_dict()["max_iops_for_size"] == 3000  # 3,000 included at any size


@pytest.mark.parametrize(
    ("kind", "size", "iops", "throughput", "message"),
    [
        ("gp3", 100, 50001, None, "50,000"),  # 500 IOPS per GiB
        ("gp3", 1000, 90000, None, "80,000"),
        ("gp3", 100, 4000, 1001, "1,000 MiB/s"),  # 0.25 MiB/s per IOPS
        ("gp3", 65537, None, None, "65,536"),
        ("gp2", 17000, None, None, "16,384"),
        ("gp2", 100, 500, None, "--iops"),
        ("io1", 100, 5001, None, "50 IOPS per GiB"),
        ("io1", 100, None, None, "--iops"),
        ("io2", 10, 10001, None, "1000 IOPS per GiB"),
        ("io2", 1000, 300000, None, "256,000"),
        ("io2", 3, 100, None, "4 to"),
        ("st1", 100, None, None, "125"),
        ("sc1", 500, None, 100, "--throughput"),
    ],
)
def test_ebs_rejects(kind, size, iops, throughput, message):
    with pytest.raises(CalcError, match=message):
        volume(kind, size, iops, throughput)


@pytest.mark.parametrize(
    ("kind", "size", "iops", "throughput"),
    [("io1", 1000, 2000, 500), ("io1", 1000, 1000, 250), ("io1", 1280, 64000, 1000), ("io2", 256, 256000, 4000), ("io2", 100, 10000, 2560)],
)
def test_provisioned_iops_throughput(kind, size, iops, throughput):
    assert volume(kind, size, iops).to_dict()["throughput_mibps"] == throughput


@pytest.mark.parametrize(
    ("kind", "size", "baseline", "burst"),
    [("st1", 1024, 40, 250), ("st1", 2048, 80, 500), ("st1", 16384, 500, 500), ("sc1", 1024, 12, 80), ("sc1", 16384, 192, 250)],
)
def test_hdd(kind, size, baseline, burst):
    values = volume(kind, size).to_dict()
    assert (values["baseline_throughput_mibps"], values["burst_throughput_mibps"]) == (baseline, burst)


@pytest.mark.parametrize(
    ("rps", "ms", "limit", "reserved", "needed", "throttled"),
    [
        (100, 1100, 1000, None, 110, False),  # exact: 110, not 111
        (Fraction(1, 10), 1, 1000, None, 1, False),
        (2000, 500, 1000, None, 1000, False),
        (2001, 500, 1000, None, 1001, True),
        (100, 1000, 1000, 50, 100, True),  # reserved concurrency caps the function
        (20000, 10, 1000, None, 200, True),  # over 10 x 1,000 requests per second
        (0, 100, 1000, None, 0, False),
    ],
)
def test_lambda(rps, ms, limit, reserved, needed, throttled):
    values = concurrency(rps, ms, limit, reserved).to_dict()
    assert values["concurrency"] == needed
    assert values["throttled"] is throttled
    assert ("reason" in values) is throttled


def test_lambda_rejects_reservations_that_leave_under_100():
    with pytest.raises(CalcError, match="900"):
        concurrency(10, 100, 1000, 901)
    with pytest.raises(CalcError, match="900,000"):
        concurrency(10, 900_001)


sizes = st.integers(min_value=1, max_value=400 * 1024)
rates = st.integers(min_value=0, max_value=100_000)


@given(sizes, sizes, rates, rates)
def test_rcu_monotonic(size_a, size_b, rate_a, rate_b):
    small, large = sorted((size_a, size_b))
    low, high = sorted((rate_a, rate_b))
    for consistency in ("strong", "eventual", "transactional"):
        assert 0 <= rcu(small, low, consistency).values["rcu"] <= rcu(large, high, consistency).values["rcu"]


@given(sizes, rates)
def test_eventual_le_strong_le_transactional(size, rate):
    got = [rcu(size, rate, c).values["rcu"] for c in ("eventual", "strong", "transactional")]
    assert got == sorted(got)


@given(sizes, sizes, rates, rates)
def test_wcu_monotonic(size_a, size_b, rate_a, rate_b):
    small, large = sorted((size_a, size_b))
    low, high = sorted((rate_a, rate_b))
    assert 0 <= wcu(small, low).values["wcu"] <= wcu(large, high).values["wcu"] <= wcu(large, high, True).values["wcu"]


@given(st.integers(1, 1024 * 1024), st.integers(0, 50_000), st.integers(1, 20))
def test_kinesis_never_below_one_and_efo_never_needs_more(size, rate, consumers):
    shared = shards(size, rate, consumers).values["shards"]
    efo = shards(size, rate, consumers, True).values["shards"]
    assert 1 <= efo <= shared


@given(st.integers(0, 10_000), st.integers(1, 900_000))
def test_lambda_concurrency_covers_the_load(rps, ms):
    values = concurrency(rps, ms).values
    assert values["concurrency"] >= values["concurrency_exact"] >= 0
    assert values["concurrency"] - values["concurrency_exact"] < 1
