"""Clickjacking: which lab addresses the Attacks page frames, and the header that forbids it.

The page frames each target (the browser refuses, and says why in its console); the server
reads the same address's headers, since a page cannot read why a cross-origin frame stayed
empty. A browser obeys CSP frame-ancestors and ignores X-Frame-Options when both are present
(CSP Level 2, §7.7.1; Chromium logs which one it applied).
"""

from web_client.site_config import CROSS_SITE, SAME_ORIGIN, SAME_SITE

FRAME_ANCESTORS = "frame-ancestors"


def targets(site) -> dict[str, str]:
    pages = site.page_urls
    api = site.api_origins[SAME_ORIGIN]
    return {
        "lab page, cross-site": pages[CROSS_SITE],
        "lab page, same-site": pages[SAME_SITE],
        "lab page, same-origin (/app/)": pages[SAME_ORIGIN],
        "API docs (/api/docs/)": f"{api}/api/docs/",
        "API (/api/auth/me/)": f"{api}/api/auth/me/",
    }


def frame_ancestors(policy: str | None) -> str | None:
    for directive in (policy or "").split(";"):
        if directive.strip().startswith(FRAME_ANCESTORS):
            return directive.strip()
    return None


def judge(headers: dict) -> dict:
    """The header a browser applies to a framing of this answer, and whether it forbids it."""
    ancestors = frame_ancestors(headers["content_security_policy"])
    xfo = headers["x_frame_options"]
    if ancestors:
        refused = "'none'" in ancestors
        ignored = f"; X-Frame-Options: {xfo} is also sent, and ignored" if xfo else ""
        return {"refused": refused, "stopped_by": f"CSP {ancestors}{ignored}"}
    if xfo and xfo.upper() in ("DENY", "SAMEORIGIN"):
        return {"refused": True, "stopped_by": f"X-Frame-Options: {xfo.upper()}"}
    return {"refused": False, "stopped_by": None}


def judge_all(site, client) -> list[dict]:
    results = []
    for name, url in targets(site).items():
        headers = client.frame_headers(url)
        results.append({"name": name, "url": url, **headers, **judge(headers)})
    return results
