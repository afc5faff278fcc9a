"""Medians over rounds, and each case's throughput as a ratio to the baseline runs around it."""

from itertools import pairwise
from statistics import mean, median

from infra.bench.cases import CASES_BY_NAME
from infra.bench.rounds import Sample

BASELINE = "noauth"


def summarize(samples: list[Sample]) -> list[dict]:
    """One entry per case (baseline first), with the medians and the target verdict."""
    by_case: dict[str, list[Sample]] = {}
    for sample in samples:
        by_case.setdefault(sample.case, []).append(sample)
    around = _baseline_around(by_case[BASELINE])
    entries = []
    for name, case_samples in by_case.items():
        if name == BASELINE:
            ratios, cpu_ratios = [1.0] * len(case_samples), [1.0] * len(case_samples)
        else:
            bases = [around(s.sequence) for s in case_samples]
            ratios = [s.result.rps / rps for s, (rps, _) in zip(case_samples, bases, strict=True)]
            # The same price, read from our processes' CPU instead of wall-clock throughput.
            cpu_ratios = [
                cpu / s.cpu_us_per_request
                for s, (_, cpu) in zip(case_samples, bases, strict=True)
                if s.cpu_us_per_request > 0
            ]
        case = CASES_BY_NAME[name]
        ratio_median = round(median(ratios), 3)
        entries.append(
            {
                "name": name,
                "label": case.label,
                "rounds": len(case_samples),
                "rps_median": round(median(s.result.rps for s in case_samples), 1),
                "p50_ms": round(median(s.result.p50_ms for s in case_samples), 3),
                "p99_ms": round(median(s.result.p99_ms for s in case_samples), 3),
                "ratio_median": ratio_median,
                "ratio_per_round": [round(r, 3) for r in ratios],
                "cpu_us_per_request": round(median(s.cpu_us_per_request for s in case_samples), 1),
                "cpu_ratio_median": round(median(cpu_ratios), 3) if cpu_ratios else None,
                "target": case.target,
                "target_reason": case.target_reason,
                "meets_target": None if case.target is None else ratio_median >= case.target,
                "meets_target_by_cpu": _meets(case.target, cpu_ratios),
            }
        )
    return entries


def _baseline_around(baseline: list[Sample]):
    """sequence -> (req/s, CPU µs per request) of the baseline: the mean of its nearest runs
    before and after that point in time (one side only at either end of the run)."""
    runs = sorted(baseline, key=lambda s: s.sequence)

    def around(sequence: int) -> tuple[float, float]:
        before = [s for s in runs if s.sequence < sequence][-1:]
        after = [s for s in runs if s.sequence > sequence][:1]
        near = before + after
        return (
            mean(s.result.rps for s in near),
            mean(s.cpu_us_per_request for s in near),
        )

    return around


def _meets(target: float | None, ratios: list[float]) -> bool | None:
    if target is None or not ratios:
        return None
    return median(ratios) >= target


def missed_targets(entries: list[dict]) -> list[dict]:
    return [entry for entry in entries if entry["meets_target"] is False]


def baseline_spread(samples: list[Sample]) -> float:
    """(max - min) / median of the baseline's req/s over rounds: how noisy the machine was."""
    values = [s.result.rps for s in samples if s.case == BASELINE]
    return round((max(values) - min(values)) / median(values), 3)


def baseline_neighbour_change(samples: list[Sample]) -> float:
    """Median relative change between consecutive baseline runs: the noise each bracketed ratio
    still carries (drift slower than one case's run is taken out by the bracketing)."""
    values = [s.result.rps for s in sorted(samples, key=lambda s: s.sequence) if s.case == BASELINE]
    changes = [abs(a - b) / ((a + b) / 2) for a, b in pairwise(values)]
    return round(median(changes), 3) if changes else 0.0
