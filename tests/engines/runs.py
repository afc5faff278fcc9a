"""Which runs the engine suite makes: every engine and setting over http, and over https
(issue 17) each engine's default setting once more.

Why not all six over https: a run costs one engine launch and a minute or so of the page's
cells, and issue 16 allows Firefox and WebKit at most two minutes of `make test`; their six
http runs already take about that on this two-core machine. The default settings are the ones
a user has, and WebKit's is where https changes the most rules (Secure cookies come back, and
research section 5.6's visiting-order question is asked). `make matrix-all HTTPS=1` runs the
other three; infra/matrix/README.md has all twelve tables.
"""

from infra.matrix.settings import CHROMIUM, FIREFOX, SETTINGS, WEBKIT
from web_client.site_config import HTTP, HTTPS

HTTPS_SETTINGS = ((CHROMIUM, "blocked"), (FIREFOX, "default"), (WEBKIT, "default"))
RUNS = [(e, s, HTTP) for e, s in SETTINGS] + [(e, s, HTTPS) for e, s in HTTPS_SETTINGS]
RUN_IDS = [f"{e}-{s}-{scheme}" for e, s, scheme in RUNS]


def schemes_of(engine: str, setting: str) -> list[str]:
    """The schemes the suite runs `engine`/`setting` over."""
    return [scheme for e, s, scheme in RUNS if (e, s) == (engine, setting)]
