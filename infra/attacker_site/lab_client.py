"""The attacker's *server* talking to the lab: CORS binds browsers, not servers.

Every request goes to 127.0.0.1 (the system resolver knows no *.localhost name) with the
lab's public name in the Host header, so nothing ever leaves this machine. Over https the
lab's certificates are checked against the lab's CA (they name 127.0.0.1 too).
"""

from urllib.parse import urlsplit

import requests

from infra.attacker_site.site_config import Settings

TIMEOUT_S = 5.0
ME = "/api/auth/me/"
NOTES = "/api/notes/"
REFRESH = "/api/auth/jwt/refresh/"


class LabClient:
    def __init__(self, site: Settings):
        self.site = site

    def _call(self, method: str, url: str, **kwargs) -> requests.Response:
        """`url` under its public name, sent to 127.0.0.1 on the same port."""
        parts = urlsplit(url)
        loopback = parts._replace(netloc=f"127.0.0.1:{parts.port}").geturl()
        headers = {"Host": parts.netloc, **kwargs.pop("headers", {})}
        return requests.request(
            method, loopback, headers=headers, timeout=TIMEOUT_S, allow_redirects=False,
            verify=self.site.verify, **kwargs,
        )  # fmt: skip

    def _api(self, method: str, path: str, **kwargs) -> requests.Response:
        return self._call(
            method, f"{self.site.scheme}://{self.site.api_host_header}{path}", **kwargs
        )

    def attack_log(self, marker: str) -> list[dict] | None:
        """What the API recorded for `marker`, or None when its attack log is off (404)."""
        answer = self._api("GET", f"/api/lab/attack-log/{marker}/")
        if answer.status_code == 404:
            return None
        answer.raise_for_status()
        return answer.json()["attempts"]

    def with_access(self, access: str) -> dict:
        """Who the API takes the bearer of `access` for, and how many notes it shows."""
        headers = {"Authorization": f"Bearer {access}"}
        me = self._api("GET", ME, headers=headers)
        notes = self._api("GET", NOTES, headers=headers)
        return {
            "me_status": me.status_code,
            "username": me.json().get("username") if me.ok else None,
            "refusal": None if me.ok else _detail(me),
            "notes_status": notes.status_code,
            "notes": len(notes.json()) if notes.ok and isinstance(notes.json(), list) else None,
        }

    def refresh(self, refresh: str) -> dict:
        """A refresh with `refresh`: the new pair (kept by the caller) or the API's refusal."""
        answer = self._api("POST", REFRESH, json={"refresh": refresh})
        body = answer.json() if "json" in answer.headers.get("Content-Type", "") else {}
        return {
            "status": answer.status_code,
            "code": body.get("code") if not answer.ok else None,
            "refusal": None if answer.ok else _detail(answer),
            "pair": {k: body[k] for k in ("access", "refresh") if k in body} if answer.ok else {},
        }

    def frame_headers(self, url: str) -> dict:
        """The headers that decide whether a browser may frame `url`."""
        answer = self._call("GET", url)
        return {
            "status": answer.status_code,
            "content_security_policy": answer.headers.get("Content-Security-Policy"),
            "x_frame_options": answer.headers.get("X-Frame-Options"),
        }


def _detail(answer: requests.Response) -> str:
    try:
        body = answer.json()
    except ValueError:
        return f"HTTP {answer.status_code}"
    return body.get("detail") if isinstance(body, dict) else str(body)
