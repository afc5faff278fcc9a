"""`python -m infra.bench`: run the benchmark, write the results, say which targets were missed."""

import sys

from infra.bench.cli import parse_options
from infra.bench.run import progress, publish, run

EXIT_TARGET_MISSED = 3


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    results = run(options)
    written = publish(results, options)
    print((options.out / f"{options.stem}.md").read_text())
    for path in written:
        progress(f"wrote {path}")
    missed = [case for case in results["cases"] if case["meets_target"] is False]
    for case in missed:
        print(
            f"TARGET MISSED: {case['name']} ran at {case['ratio_median']:.2f}x the baseline "
            f"(CPU ratio {case['cpu_ratio_median'] or 0:.2f}x); the target is "
            f"≥ {case['target']:.2f}x ({case['target_reason']}).",
            file=sys.stderr,
        )
    if not missed:
        progress("every case meets its target")
    progress(f"finished in {results['elapsed_seconds']} s")
    return EXIT_TARGET_MISSED if missed and options.strict else 0


if __name__ == "__main__":
    sys.exit(main())
