"""web_client/server.py over plain HTTP: which names it answers to and what it serves."""

from tests.browser.servers import get


def test_config_follows_the_host_the_page_was_loaded_from(lab):
    cross = get(lab.web_port, "/config.json", "app.localhost").json()
    same = get(lab.web_port, "/config.json", "app.lab.localhost").json()
    assert cross["topology"] == "cross-site"
    assert cross["apiBaseUrl"] == f"http://api.localhost:{lab.api_port}"
    assert same["topology"] == "same-site"
    assert same["apiBaseUrl"] == f"http://api.lab.localhost:{lab.api_port}"
    expected_links = {
        "cross-site": lab.cross_site,
        "same-site": lab.same_site,
        "same-origin": lab.same_origin,
    }
    assert cross["topologies"] == same["topologies"] == expected_links


def test_connect_src_names_only_this_pages_api(lab):
    policy = get(lab.web_port, "/", "app.lab.localhost").headers["Content-Security-Policy"]
    connect_src = next(d for d in policy.split("; ") if d.startswith("connect-src"))
    assert connect_src == f"connect-src 'self' http://api.lab.localhost:{lab.api_port}"


def test_other_host_names_are_sent_to_the_cross_site_page(lab):
    response = get(lab.web_port, "/", "127.0.0.1")
    assert response.status_code == 307
    assert response.headers["Location"] == lab.cross_site


def test_only_the_client_files_are_served(lab):
    assert get(lab.web_port, "/scripts/main.js", "app.localhost").status_code == 200
    for path in ("/server.py", "/site_config.py", "/tests/", "/scripts/../server.py"):
        assert get(lab.web_port, path, "app.localhost").status_code == 404, path
