"""The Kivy client's core (mobile_client.apiclient) against the API over https: it trusts the
lab's CA because it is told to (LAB_CA_FILE in the app), signs in in every mode, and meets the
server's cookies under their https names."""

import pytest

from backend.authentication.cookie_names import PLAIN, PREFIXED
from mobile_client.apiclient import ApiClient
from mobile_client.apiclient.errors import NetworkError
from mobile_client.apiclient.server_cookies import (
    CSRF,
    JWT_ACCESS,
    JWT_REFRESH,
    SESSION,
    cookie_name,
)


def test_the_apps_cookie_names_mirror_the_apis_table():
    for plain, server_plain, server_prefixed in (
        (SESSION, PLAIN.session, PREFIXED.session),
        (CSRF, PLAIN.csrf, PREFIXED.csrf),
        (JWT_ACCESS, PLAIN.jwt_access, PREFIXED.jwt_access),
        (JWT_REFRESH, PLAIN.jwt_refresh, PREFIXED.jwt_refresh),
    ):
        assert cookie_name(plain, "http://127.0.0.1:8000") == server_plain
        assert cookie_name(plain, "https://127.0.0.1:8000") == server_prefixed


@pytest.mark.parametrize(
    ("mode", "jar"),
    [
        ("session", {PREFIXED.csrf, PREFIXED.session}),
        ("cookie-jwt", {PREFIXED.csrf, PREFIXED.jwt_access, PREFIXED.jwt_refresh}),
        ("jwt", set()),
    ],
)
def test_every_mode_signs_in_over_https_trusting_the_lab_ca(https_api, lab_tls, tmp_path, mode,
                                                             jar):  # fmt: skip
    client = ApiClient(https_api.base_url, mode, str(tmp_path), ca_file=str(lab_tls.ca_file))
    assert client.login("alice", https_api.password)["username"] == "alice"
    assert client.me()["username"] == "alice"
    note = client.create_note("from the Kivy client", "over https")
    assert note["title"] == "from the Kivy client"
    cookies = {cookie.name for cookie in client.transport.session.cookies}
    assert cookies == jar
    assert all(cookie.secure for cookie in client.transport.session.cookies)
    if mode != "jwt":
        assert client.auth.credential_cookie in cookies
    client.logout()


def test_without_the_lab_ca_the_client_refuses_the_server(https_api, tmp_path):
    client = ApiClient(https_api.base_url, "jwt", str(tmp_path))
    with pytest.raises(NetworkError, match="certificate is not trusted here"):
        client.login("alice", https_api.password)
