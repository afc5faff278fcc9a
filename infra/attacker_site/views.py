"""The Attacks page, its configuration, the auto-submitting forms, and the verdicts.

The page is static (static/index.html + ES modules); the server adds what only a server can
do here: read the API's record of an attack (server-to-server, no CORS involved) and read the
framing headers of the lab's pages.
"""

import json

from django.conf import settings
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from django.views.static import serve

from backend.lab.attack_marker import MARKER_PARAM
from infra.attacker_site import attacks, frames
from infra.attacker_site.lab_client import LabClient
from infra.attacker_site.verdicts import csrf_verdict
from infra.config import demo_password
from web_client.site_config import PAGE_HOSTS, SAME_ORIGIN

SITE = settings.SITE
TOPOLOGIES = [*(topology for topology, _ in PAGE_HOSTS.values()), SAME_ORIGIN]
STATIC_SUFFIXES = (".html", ".js", ".css", ".png")


def content_security_policy() -> str:
    """Scripts from here only; requests, forms and frames towards the lab's origins only."""
    lab = sorted({*SITE.api_origins.values(), *SITE.page_origins.values()})
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            " ".join(["connect-src 'self'", *lab]),
            " ".join(["form-action 'self'", *lab]),
            " ".join(["frame-src 'self'", *lab]),
            "base-uri 'none'",
            # The site frames its own form pages; nobody else frames it.
            "frame-ancestors 'self'",
        ]
    )


def _secure(response):
    response["Content-Security-Policy"] = content_security_policy()
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


@require_GET
def page(request):
    return _secure(serve(request, "index.html", document_root=settings.STATIC_DIR))


@require_GET
def static_file(request, path: str):
    if not path.endswith(STATIC_SUFFIXES) or ".." in path.split("/"):
        raise Http404("Not part of the attacker's page.")
    return _secure(serve(request, path, document_root=settings.STATIC_DIR))


@require_GET
def config(request):
    """Everything the page needs: the attacks, their targets per mode and topology."""
    targets = {
        attack.id: {
            mode: {
                topology: attacks.target_url(SITE, attack, mode=mode, topology=topology)
                for topology in TOPOLOGIES
            }
            for mode in attacks.MODES
        }
        for attack in attacks.ATTACKS
    }
    return JsonResponse(
        {
            "origin": SITE.origin,
            "markerParam": MARKER_PARAM,
            "attacks": attacks.catalog(),
            "modes": list(attacks.MODES),
            "topologies": TOPOLOGIES,
            "targets": targets,
            "frameTargets": frames.targets(SITE),
            # The attacker's own account, for the login CSRF (the lab's demo password).
            "attackerAccount": {"username": attacks.ATTACKER_ACCOUNT, "password": demo_password()},
            # For this page's own POSTs (Django's CSRF check guards this site too).
            "csrfToken": get_token(request),
        }
    )


@require_GET
def attack_form(request):
    """A form that submits itself on load (static/autosubmit.js), aimed at a lab address."""
    attack = attacks.BY_ID.get(request.GET.get("attack", ""))
    mode, topology = request.GET.get("mode"), request.GET.get("topology")
    marker = request.GET.get("marker", "")
    if attack is None or mode not in attacks.MODES or topology not in TOPOLOGIES:
        return HttpResponseBadRequest("Unknown attack, mode or topology.")
    target = attacks.target_url(SITE, attack, mode=mode, topology=topology)
    if target is None or not marker.isalnum():
        return HttpResponseBadRequest("No such target, or a malformed marker.")
    body = attacks.fields(attack, marker=marker, password=demo_password())
    if attack.enctype == attacks.TEXT_PLAIN:
        # The text/plain trick: one field whose name and value join, around "=", into JSON.
        # The browser sends `name=value` unescaped: {"title": …, "pad": "="}.
        inputs = [(f'{json.dumps(body)[:-1]}, "pad": "', '"}')]
    else:
        inputs = list(body.items())
    context = {
        "action": f"{target}?{MARKER_PARAM}={marker}",
        "enctype": attack.enctype,
        "inputs": inputs,
        "label": attack.label,
        "marker": marker,
    }
    return _secure(render(request, "attack_form.html", context))


@require_POST
def verdict(request):
    """Reads the API's record of one attack's marker and judges it (verdicts.py)."""
    try:
        asked = json.loads(request.body)
        attack = attacks.BY_ID[asked["attack"]]
        marker, mode, topology = asked["marker"], asked["mode"], asked["topology"]
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest("Expected JSON: attack, marker, mode, topology.")
    if not marker.isalnum() or topology not in TOPOLOGIES or mode not in attacks.MODES:
        return HttpResponseBadRequest("Malformed marker, mode or topology.")
    attempts = LabClient(SITE).attack_log(marker)
    # The BFF of the web client's server is another process: the API sees only what it forwards.
    bff_elsewhere = mode == "bff" and topology != SAME_ORIGIN
    judged = csrf_verdict(attack, attempts, mode=mode, policy=asked.get("policy") or None,
                          reaches_api_process=not bff_elsewhere)  # fmt: skip
    return JsonResponse({"attack": attack.id, "mode": mode, "topology": topology,
                         "policy": asked.get("policy") or None, "attempts": attempts,
                         **judged})  # fmt: skip


@require_GET
def frame_headers(request):
    return JsonResponse({"frames": frames.judge_all(SITE, LabClient(SITE))})
