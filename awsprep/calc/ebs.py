"""EBS volume performance: IOPS and throughput by volume type and size (limits as of 2025-2026).

From the Amazon EBS user guide, "Amazon EBS volume types", "General Purpose SSD volumes",
"Provisioned IOPS SSD volumes" and "Throughput Optimized HDD and Cold HDD volumes":
https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html
https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html
https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html
https://docs.aws.amazon.com/ebs/latest/userguide/hdd-vols.html

- gp2: 1 GiB-16 TiB; 3 IOPS per GiB, at least 100 and at most 16,000; volumes below 1,000 GiB burst
  to 3,000 IOPS; throughput up to 128 MiB/s at 170 GiB or less, else up to 250 MiB/s (below 334 GiB
  only while burst credits last). Baseline throughput = baseline IOPS x 256 KiB, within that ceiling.
- gp3: 1 GiB-64 TiB; 3,000 IOPS and 125 MiB/s included; provision up to 80,000 IOPS (500 per GiB)
  and 2,000 MiB/s (0.25 MiB/s per provisioned IOPS). Raised from 16,000 IOPS / 1,000 MiB/s / 16 TiB in 2025.
- io1: 4 GiB-16 TiB; 100-64,000 IOPS at most 50 per GiB; throughput 256 KiB per IOPS up to
  500 MiB/s at 32,000 IOPS or less, then 16 KiB per IOPS up to 1,000 MiB/s.
- io2 (all Block Express): 4 GiB-64 TiB; 100-256,000 IOPS at most 1,000 per GiB; throughput
  0.256 MiB/s per IOPS up to 4,000 MiB/s.
- st1: 125 GiB-16 TiB; 40 MiB/s per TiB baseline, 250 MiB/s per TiB burst, at most 500 MiB/s (500 IOPS).
- sc1: 125 GiB-16 TiB; 12 MiB/s per TiB baseline, 80 MiB/s per TiB burst, at most 250 MiB/s (250 IOPS).
"""

from __future__ import annotations

from fractions import Fraction

from awsprep.calc.result import CalcError, Result, brief, fmt

TYPES = ("gp2", "gp3", "io1", "io2", "st1", "sc1")
SIZE_RANGE = {"gp2": (1, 16384), "gp3": (1, 65536), "io1": (4, 16384), "io2": (4, 65536), "st1": (125, 16384), "sc1": (125, 16384)}
DOC = "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html"


def _reject(volume_type: str, iops: int | None, throughput: int | None, *, iops_ok: bool, throughput_ok: bool) -> None:
    if iops is not None and not iops_ok:
        raise CalcError(f"{volume_type} IOPS are not provisioned separately; --iops applies to gp3, io1 and io2")
    if throughput is not None and not throughput_ok:
        raise CalcError(f"{volume_type} throughput is not provisioned separately; --throughput applies to gp3 only")


def _check_range(name: str, value: int, low: int, high: int, why: str) -> None:
    if not low <= value <= high:
        raise CalcError(f"{name} {brief(value)} is out of range: {why} allows {fmt(low)} to {fmt(high)}")


def volume(volume_type: str, size_gib: int, iops: int | None = None, throughput: int | None = None) -> Result:
    """Performance figures for one EBS volume; out-of-range input raises CalcError naming the limit."""
    if volume_type not in TYPES:
        raise CalcError(f"unknown volume type {volume_type!r}: use one of {', '.join(TYPES)}")
    low, high = SIZE_RANGE[volume_type]
    _check_range("size", size_gib, low, high, f"{volume_type} size (GiB)")
    builder = {"gp2": _gp2, "gp3": _gp3, "io1": _io1, "io2": _io2, "st1": _hdd, "sc1": _hdd}[volume_type]
    values, steps, notes = builder(volume_type, size_gib, iops, throughput)
    return Result(f"EBS {volume_type}, {fmt(size_gib)} GiB", values, steps, notes, DOC)


def _gp2(kind: str, size: int, iops: int | None, throughput: int | None):
    _reject(kind, iops, throughput, iops_ok=False, throughput_ok=False)
    raw = 3 * size
    baseline = min(max(raw, 100), 16000)
    can_burst = baseline < 3000
    max_tp = 128 if size <= 170 else 250
    baseline_tp = min(Fraction(max_tp), Fraction(baseline * 256, 1024))
    steps = [f"Baseline = 3 IOPS x {fmt(size)} GiB = {fmt(raw)}"]
    if raw < 100:
        steps.append("Below the 100 IOPS floor -> 100")
    if raw > 16000:
        steps.append("Above the 16,000 IOPS cap -> 16,000")
    steps.append(
        "Baseline under 3,000 -> can burst to 3,000 IOPS on I/O credits" if can_burst
        else "Baseline at or above 3,000 -> no bursting needed"
    )
    steps.append(f"Throughput ceiling: {max_tp} MiB/s ({'170 GiB or less' if size <= 170 else 'over 170 GiB'})")
    steps.append(f"Baseline throughput = min({max_tp}, {fmt(baseline)} IOPS x 256 KiB) = {fmt(baseline_tp)} MiB/s"
                 + ("" if baseline_tp == max_tp else f"; up to {max_tp} MiB/s while burst credits last"))
    values = {"baseline_iops": baseline, "burst_iops": 3000 if can_burst else baseline, "can_burst": can_burst,
              "max_iops": 16000, "baseline_throughput_mibps": baseline_tp, "max_throughput_mibps": max_tp}
    notes = ["gp3 gives 3,000 IOPS and 125 MiB/s at any size for less money; prefer it for new volumes."]
    return values, steps, notes


def _gp3(kind: str, size: int, iops: int | None, throughput: int | None):
    iops = 3000 if iops is None else iops
    throughput = 125 if throughput is None else throughput
    for_size = min(80000, max(3000, 500 * size))
    _check_range("IOPS", iops, 3000, 80000, "gp3")
    if iops > for_size:
        raise CalcError(f"IOPS {fmt(iops)} is over the 500 IOPS per GiB limit: a {fmt(size)} GiB gp3 volume allows {fmt(for_size)}")
    for_iops = min(Fraction(2000), max(Fraction(125), Fraction(iops) / 4))
    _check_range("throughput", throughput, 125, 2000, "gp3 throughput (MiB/s)")
    if throughput > for_iops:
        raise CalcError(f"throughput {fmt(throughput)} MiB/s is over 0.25 MiB/s per provisioned IOPS: {fmt(iops)} IOPS allow {fmt(for_iops)} MiB/s")
    steps = [
        "Included at any size: 3,000 IOPS and 125 MiB/s (gp3 does not burst)",
        f"Max IOPS for size = min(80,000, 500 x {fmt(size)} GiB) = {fmt(for_size)}",
        f"Max throughput for {fmt(iops)} IOPS = min(2,000, {fmt(iops)} x 0.25) = {fmt(for_iops)} MiB/s",
        f"Provisioned: {fmt(iops)} IOPS, {fmt(throughput)} MiB/s",
    ]
    values = {"baseline_iops": 3000, "iops": iops, "max_iops": 80000, "max_iops_for_size": for_size,
              "throughput_mibps": throughput, "baseline_throughput_mibps": 125, "max_throughput_mibps": 2000,
              "max_throughput_for_iops": for_iops, "can_burst": False}
    notes = ["Limits raised in 2025 (from 16,000 IOPS, 1,000 MiB/s and 16 TiB); older notes still quote the old figures."]
    return values, steps, notes


def _provisioned(kind: str, size: int, iops: int | None, throughput: int | None, *, max_iops: int, ratio: int):
    _reject(kind, None, throughput, iops_ok=True, throughput_ok=False)
    if iops is None:
        raise CalcError(f"{kind} volumes need --iops (100 to {fmt(max_iops)})")
    _check_range("IOPS", iops, 100, max_iops, kind)
    for_size = min(max_iops, ratio * size)
    if iops > for_size:
        raise CalcError(f"IOPS {fmt(iops)} is over the {ratio} IOPS per GiB limit: a {fmt(size)} GiB {kind} volume allows {fmt(for_size)}")
    steps = [f"Max IOPS for size = min({fmt(max_iops)}, {ratio} x {fmt(size)} GiB) = {fmt(for_size)}",
             f"Provisioned: {fmt(iops)} IOPS (delivered consistently, no bursting)"]
    values = {"iops": iops, "max_iops": max_iops, "max_iops_for_size": for_size}
    return values, steps


def _io1(kind: str, size: int, iops: int | None, throughput: int | None):
    values, steps = _provisioned(kind, size, iops, throughput, max_iops=64000, ratio=50)
    iops = values["iops"]
    if iops <= 32000:
        tp = min(Fraction(500), Fraction(iops * 256, 1024))
        steps.append(f"Throughput = min(500, {fmt(iops)} x 256 KiB) = {fmt(tp)} MiB/s")
    else:
        tp = Fraction(iops * 16, 1024)
        steps.append(f"Throughput above 32,000 IOPS = {fmt(iops)} x 16 KiB = {fmt(tp)} MiB/s")
    values.update(throughput_mibps=tp, max_throughput_mibps=1000)
    return values, steps, ["64,000 IOPS needs a Nitro-based instance; others reach 32,000."]


def _io2(kind: str, size: int, iops: int | None, throughput: int | None):
    values, steps = _provisioned(kind, size, iops, throughput, max_iops=256000, ratio=1000)
    iops = values["iops"]
    tp = min(Fraction(4000), Fraction(iops) * Fraction(256, 1000))
    steps.append(f"Throughput = min(4,000, {fmt(iops)} x 0.256) = {fmt(tp)} MiB/s")
    values.update(throughput_mibps=tp, max_throughput_mibps=4000)
    notes = ["All io2 volumes are Block Express now: up to 64 TiB, 256,000 IOPS and 1,000 IOPS per GiB."]
    return values, steps, notes


def _hdd(kind: str, size: int, iops: int | None, throughput: int | None):
    _reject(kind, iops, throughput, iops_ok=False, throughput_ok=False)
    base_rate, burst_rate, cap, max_iops = {"st1": (40, 250, 500, 500), "sc1": (12, 80, 250, 250)}[kind]
    tib = Fraction(size, 1024)
    baseline = min(Fraction(cap), base_rate * tib)
    burst = min(Fraction(cap), burst_rate * tib)
    steps = [
        f"Size = {fmt(size)} GiB = {fmt(tib)} TiB",
        f"Baseline = min({cap}, {base_rate} MiB/s x {fmt(tib)} TiB) = {fmt(baseline)} MiB/s",
        f"Burst = min({cap}, {burst_rate} MiB/s x {fmt(tib)} TiB) = {fmt(burst)} MiB/s",
    ]
    values = {"baseline_throughput_mibps": baseline, "burst_throughput_mibps": burst, "can_burst": burst > baseline,
              "max_throughput_mibps": cap, "max_iops": max_iops}
    notes = [f"{kind} is HDD: large sequential I/O only, and it cannot be a boot volume."]
    return values, steps, notes
