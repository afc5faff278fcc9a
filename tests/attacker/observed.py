"""The table "attack x mode → outcome, stopped by" as this run observed it, per third-party
cookie setting: written to artifacts/observed.md at the end of the run (never edited by hand)."""

from collections import defaultdict
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SETTINGS = ("blocked", "allowed")


class Observed:
    def __init__(self):
        self.cells: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)

    def record(self, verdicts: list[dict], *, victim: str, third_party: str) -> None:
        for verdict in verdicts:
            stopped = " + ".join(verdict["stopped_by"]) or "—"
            outcome = "" if verdict["outcome"] == "refused" else f"{verdict['outcome'].upper()}: "
            self.cells[(verdict["label"], victim)][third_party] = f"{outcome}{stopped}"

    def markdown(self) -> str:
        """Victims down, attacks across; a cell names both settings only where they differ."""
        victims = sorted({victim for _, victim in self.cells})
        attacks = list(dict.fromkeys(label for label, _ in self.cells))  # in the order run
        lines = [
            f"| victim (mode, policy, lab page) | {' | '.join(attacks)} |",
            f"|---|{'---|' * len(attacks)}",
        ]
        for victim in victims:
            row = [self._cell(self.cells.get((label, victim), {})) for label in attacks]
            lines.append(f"| {victim} | {' | '.join(row)} |")
        return "\n".join(lines) + "\n"

    @staticmethod
    def _cell(by_setting: dict[str, str]) -> str:
        if not by_setting:
            return "n/a"
        values = [by_setting.get(setting, "(not run)") for setting in SETTINGS]
        if values[0] == values[1]:
            return values[0]
        return "; ".join(
            f"{setting}: {value}" for setting, value in zip(SETTINGS, values, strict=True)
        )

    def write(self) -> None:
        if self.cells:
            ARTIFACTS.mkdir(exist_ok=True)
            (ARTIFACTS / "observed.md").write_text(self.markdown())
