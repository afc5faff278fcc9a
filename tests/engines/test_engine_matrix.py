"""The live matrix in each engine under each of its settings, run as `make matrix` runs it, over
http and over https (the lab's CA trusted by the engine, never certificate errors ignored).

Every planned cell must come back with an outcome, in the engine the file names; the page's
own third-party-cookie witness must report what the setting does; and every cell must be what
the page's model of *that* engine expected (contract16.md: the cell's `expected`). A cell the
engine did differently fails the test, named with the model's reason. Each run's table is
printed for the reader.
"""

import pytest

from infra.matrix import verdict
from infra.matrix.settings import SETTINGS, WEBKIT_DRIVER
from tests.engines.runs import RUN_IDS, RUNS

pytestmark = pytest.mark.browser

USER_AGENT_TOKEN = {"chromium": "Chrome/", "firefox": "Firefox/", "webkit": "AppleWebKit/"}


@pytest.mark.parametrize(("engine", "setting", "scheme"), RUNS, ids=RUN_IDS)
def test_the_matrix_runs_every_cell_and_says_where_it_ran(engine, setting, scheme, matrix, plan,
                                                          engine_lab):  # fmt: skip
    result = matrix(engine, setting, scheme)

    cells = {(c["topology"], c["cookiePolicy"], c["mode"]): c for c in result["cells"]}
    assert len(cells) == len(result["cells"]), "a cell ran twice"
    assert set(cells) == plan
    for cell in cells.values():
        assert cell["outcome"] in ("pass", "fail"), cell
        assert cell["outcome"] == "pass" or cell["failedStep"], cell
    harness = result["harness"]
    assert harness["setting"] == setting
    assert harness["engine"]["version"]
    assert harness["pageUrl"] == engine_lab(scheme).page_url
    assert harness["scheme"] == scheme
    # The page's cells ran in the engine the file names (its own user agent says so) ...
    assert USER_AGENT_TOKEN[engine] in result["userAgent"]
    if engine == "webkit":
        assert (
            harness["engine"]["browserOptionsArgs"] == SETTINGS[(engine, setting)].options["args"]
        )
        assert WEBKIT_DRIVER in harness["engine"]["driver"]
    # ... and the page saw the same engine and the same scheme.
    assert result["engine"]["name"] == engine, result["engine"]
    assert result["scheme"] == scheme


@pytest.mark.parametrize(("engine", "setting", "scheme"), RUNS, ids=RUN_IDS)
def test_the_pages_witness_reports_what_the_setting_does_to_third_party_cookies(
    engine, setting, scheme, matrix
):
    """The probe cookie of its own (not a matrix cell) says allowed or blocked as the setting
    means it; Firefox's default counts as allowed: stored, in the page site's partition."""
    result = matrix(engine, setting, scheme)

    expected = SETTINGS[(engine, setting)].witness
    assert verdict.witness(result) == expected, result.get("witness")
    assert result["thirdPartyCookies"] == expected  # the export's older key says the same


@pytest.mark.parametrize(("engine", "setting", "scheme"), RUNS, ids=RUN_IDS)
def test_every_cell_is_what_the_pages_model_of_the_engine_expected(engine, setting, scheme,
                                                                    matrix):  # fmt: skip
    result = matrix(engine, setting, scheme)

    unpredicted = [verdict.describe(c) for c in verdict.unpredicted(result)]
    assert not unpredicted, "the page made no prediction for:\n" + "\n".join(unpredicted)
    surprising = [verdict.describe(c) for c in verdict.surprises(result)]
    assert not surprising, (
        f"{engine}/{setting} over {scheme} did otherwise than the page's model in "
        f"{len(surprising)} cells:\n" + "\n".join(surprising)
    )
    # The page outlines no cell either (its own flag agrees with the comparison here).
    flagged = [verdict.cell_key(c) for c in result["cells"] if c.get("surprise")]
    assert flagged == []
