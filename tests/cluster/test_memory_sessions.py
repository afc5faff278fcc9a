"""In-process sessions behind a round-robin load balancer: the broken configuration, on purpose."""

import pytest

from infra.cluster.check import me_by_replica
from infra.cluster.client import SESSION_COOKIE, me, replica_of, session_cookie
from tests.cluster.conftest import assert_every_replica_answered, recognised_by, sign_in

pytestmark = pytest.mark.cluster


@pytest.fixture(scope="module")
def cluster(start_cluster):
    with start_cluster(store="memory") as cluster:
        yield cluster


def test_a_session_is_known_only_to_the_replica_that_created_it(cluster, password):
    client, home = sign_in(cluster, password)

    tally = me_by_replica(client, count=30, session_cookie=session_cookie(client))

    assert_every_replica_answered(tally, cluster, 30)
    # The replica that created the session knows it every time; every other replica, never:
    # its share of the requests (about (N-1)/N of them) is answered as anonymous.
    assert recognised_by(tally) == {home}
    assert tally.authenticated[home] == tally.total[home]


def test_a_browser_is_logged_out_by_the_first_replica_that_does_not_know_its_session(
    cluster, password
):
    client, home = sign_in(cluster, password)

    answers = [me(client) for _ in range(len(cluster.replicas))]
    stranger = next(answer for answer in answers if replica_of(answer) != home)

    assert stranger.status == 401
    # That replica found no such session and told the browser to delete the cookie ...
    assert f'{SESSION_COOKIE}=""; expires=Thu, 01 Jan 1970' in stranger.headers["Set-Cookie"]
    assert session_cookie(client) is None
    # ... so even the replica that holds the session sees an anonymous request from now on.
    assert all(me(client).status == 401 for _ in range(len(cluster.replicas)))


def test_a_session_dies_with_the_replica_that_held_it(cluster, password):
    client, home = sign_in(cluster, password)
    cookie = session_cookie(client)
    before = me_by_replica(client, count=6, session_cookie=cookie)
    assert before.authenticated[home] >= 1
    assert recognised_by(before) == {home}

    cluster.restart_replica(home)

    tally = me_by_replica(client, count=30, session_cookie=cookie)
    assert_every_replica_answered(tally, cluster, 30)
    assert recognised_by(tally) == set()
