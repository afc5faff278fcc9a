"""Medians over rounds, each case's throughput as a ratio to the baseline runs around it, and
each tuned case's gain over its stock twin, read from the two runs of the same bracket."""

from itertools import pairwise
from statistics import mean, median

from infra.bench.cases import BASELINE, CASES_BY_NAME, STOCK_SUFFIX
from infra.bench.rounds import Sample


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
        entry = {
            "name": name,
            "label": case.label,
            "style": case.style,
            "tuned": case.tuned,
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
        stock = by_case.get(f"{name}{STOCK_SUFFIX}") if case.tuned else None
        if stock:
            entry.update(_gain(case_samples, stock, stock_name=f"{name}{STOCK_SUFFIX}"))
        entries.append(entry)
    return entries


def _gain(tuned: list[Sample], stock: list[Sample], *, stock_name: str) -> dict:
    """Tuned ÷ stock per round (the two runs of one bracket), in throughput and in CPU."""
    stock_by_round = {s.round: s for s in stock}
    pairs = [(t, stock_by_round[t.round]) for t in tuned if t.round in stock_by_round]
    gains = [t.result.rps / s.result.rps for t, s in pairs]
    cpu_gains = [
        s.cpu_us_per_request / t.cpu_us_per_request for t, s in pairs if t.cpu_us_per_request > 0
    ]
    return {
        "stock": stock_name,
        "gain_median": round(median(gains), 3) if gains else None,
        "gain_per_round": [round(g, 3) for g in gains],
        "cpu_gain_median": round(median(cpu_gains), 3) if cpu_gains else None,
    }


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
