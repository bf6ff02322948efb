"""The DVA-C02 blueprint: domains, their weights and the 13 task statements (exam guide v2.1)."""

from __future__ import annotations

DOMAINS: dict[int, tuple[str, int]] = {
    1: ("Development with AWS Services", 32),
    2: ("Security", 26),
    3: ("Deployment", 24),
    4: ("Troubleshooting and Optimization", 18),
}

TASKS: dict[str, str] = {
    "1.1": "Develop code for applications hosted on AWS",
    "1.2": "Develop code for AWS Lambda",
    "1.3": "Use data stores in application development",
    "2.1": "Implement authentication and/or authorization for applications and AWS services",
    "2.2": "Implement encryption by using AWS services",
    "2.3": "Manage sensitive data in application code",
    "3.1": "Prepare application artifacts to be deployed to AWS",
    "3.2": "Test applications in development environments",
    "3.3": "Automate deployment testing",
    "3.4": "Deploy code by using AWS CI/CD services",
    "4.1": "Assist in a root cause analysis",
    "4.2": "Instrument code for observability",
    "4.3": "Optimize applications by using AWS services and features",
}


def domain_of(task: str) -> int:
    """The domain a task statement belongs to ("2.3" -> 2)."""
    return int(task.split(".")[0])


def quotas(total: int, domains: list[int] | None = None) -> dict[int, int]:
    """Questions per domain by the exam weights, largest remainder first (65 -> 21/17/15/12)."""
    weights = {d: w for d, (_, w) in DOMAINS.items() if not domains or d in domains}
    whole = sum(weights.values())
    exact = {d: total * w / whole for d, w in weights.items()}
    counts = {d: int(x) for d, x in exact.items()}
    for d in sorted(exact, key=lambda d: exact[d] - counts[d], reverse=True)[: total - sum(counts.values())]:
        counts[d] += 1
    return counts
