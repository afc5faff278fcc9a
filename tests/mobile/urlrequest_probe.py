"""Logs in with Kivy's own UrlRequest, then calls /me, and prints what happened as JSON.

Run by test_urlrequest.py in a subprocess: it is the evidence behind the client's
naive-session mode, which claims to behave like UrlRequest (no cookie jar).

    python -m tests.mobile.urlrequest_probe BASE_URL PASSWORD
"""

import json
import os
import sys
import time
from http.cookies import SimpleCookie

os.environ["KIVY_NO_ARGS"] = "1"

from kivy.clock import Clock
from kivy.network.urlrequest import UrlRequest


def call(url: str, method: str = "GET", body: dict | None = None, headers: dict | None = None):
    request = UrlRequest(
        url,
        method=method,
        req_body=json.dumps(body) if body is not None else None,
        req_headers={"Content-Type": "application/json", **(headers or {})},
        timeout=10,
    )
    # UrlRequest.wait() never returns on a connection error; this loop gives up in time.
    deadline = time.monotonic() + 15
    while not request.is_finished:
        if time.monotonic() > deadline:
            raise TimeoutError(f"UrlRequest to {url} did not finish")
        Clock.tick()  # dispatches UrlRequest's callbacks without an app running
        time.sleep(0.02)
    if request.error is not None:
        raise RuntimeError(f"UrlRequest to {url} failed: {request.error}")
    return request


def main() -> None:
    base_url, password = sys.argv[1], sys.argv[2]
    csrf = call(f"{base_url}/api/auth/session/csrf/")
    cookie = SimpleCookie(csrf.resp_headers.get("Set-Cookie", ""))
    login = call(
        f"{base_url}/api/auth/session/login/",
        method="POST",
        body={"username": "alice", "password": password},
        headers={
            "X-CSRFToken": csrf.result["csrfToken"],
            "Origin": base_url,
            # Copied by hand, as naive code does after Django says "CSRF cookie not set".
            "Cookie": f"csrftoken={cookie['csrftoken'].value}",
        },
    )
    me = call(f"{base_url}/api/auth/me/")
    echo = call(f"{base_url}/api/lab/echo/")
    print(
        json.dumps(
            {
                "login_status": login.resp_status,
                "login_user": login.result["user"]["username"],
                "me_status": me.resp_status,
                "cookies_received": echo.result["cookies_received"],
            }
        )
    )


if __name__ == "__main__":
    main()
