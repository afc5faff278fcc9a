"""One request and its response, as the log pane shows them (like a browser's network inspector)."""

import json
from dataclasses import dataclass, field

REDACTED = "********"
SECRET_FIELDS = frozenset({"password"})


@dataclass
class Exchange:
    """What was sent and what came back; `error` is set when no response arrived."""

    method: str
    url: str
    request_headers: list[tuple[str, str]]
    request_body: str | None
    note: str = ""
    status: int | None = None
    reason: str = ""
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    response_body: str | None = None
    elapsed_ms: float = 0.0
    error: str | None = None

    @property
    def outcome(self) -> str:
        if self.error:
            return "failed"
        return f"{self.status} {self.reason}".strip()

    def summary(self) -> str:
        """One line: method, path, outcome and time, e.g. `POST /api/notes/  201 Created  12 ms`."""
        path = self.url.split("://", 1)[-1].partition("/")[2]
        note = f"  ({self.note})" if self.note else ""
        return f"{self.method} /{path}  {self.outcome}  {self.elapsed_ms:.0f} ms{note}"

    def describe(self) -> str:
        """The full exchange as plain text: request line, headers, body, then the response."""
        lines = [f"> {self.method} {self.url}"]
        if self.note:
            lines.append(f"  why: {self.note}")
        lines += [f"> {name}: {value}" for name, value in self.request_headers]
        if self.request_body:
            lines += [">", self.request_body]
        lines.append("")
        if self.error:
            lines.append(f"< no response: {self.error}")
        else:
            lines.append(f"< {self.status} {self.reason}  ({self.elapsed_ms:.0f} ms)")
            lines += [f"< {name}: {value}" for name, value in self.response_headers]
            if self.response_body:
                lines += ["<", self.response_body]
        return "\n".join(lines)


def body_for_log(payload: dict | None) -> str | None:
    """The JSON body as sent, with passwords replaced so a screenshot of the log leaks nothing."""
    if payload is None:
        return None
    shown = {key: REDACTED if key in SECRET_FIELDS else value for key, value in payload.items()}
    return json.dumps(shown, ensure_ascii=False)
