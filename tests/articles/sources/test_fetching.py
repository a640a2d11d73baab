"""The fetcher against a real local server: limits, redirects, and every way of reaching the
newsroom's own network refused by default."""

import pytest

from articles.sources.fetching import FetchFailed, FetchRefused, Limits, address_allowed, fetch
from tests.articles.sources.conftest import LocalSite, running


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "224.0.0.1",
    ],
)
def test_private_loopback_link_local_and_reserved_addresses_are_refused(address):
    assert not address_allowed(address)


def test_public_addresses_are_allowed():
    assert address_allowed("93.184.215.14")
    assert address_allowed("2606:4700::6810:84e5")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.5/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost/",  # a host name that resolves to loopback
        "http://[::1]/",
        "http://2130706433/",  # 127.0.0.1 written as a number
    ],
)
def test_fetching_a_private_address_is_refused_before_anything_is_sent(url):
    with pytest.raises(FetchRefused):
        fetch(url)


def test_the_local_server_is_refused_unless_its_network_is_opened(local_site, settings):
    url = local_site.html("/page", "A page", "Some words.")
    settings.NEWSROOM_SOURCES_ALLOWED_NETWORKS = []

    with pytest.raises(FetchRefused):
        fetch(url)
    assert local_site.hits == []


def test_only_http_and_https_are_fetched():
    for url in ["file:///etc/passwd", "ftp://example.org/", "gopher://example.org/"]:
        with pytest.raises(FetchRefused, match="Only http and https"):
            fetch(url)


def test_a_page_is_fetched_with_a_descriptive_user_agent(local_site, settings):
    url = local_site.html("/page", "A page", "Some words.")

    response = fetch(url)

    assert (response.status, response.url, response.content_type) == (200, url, "text/html")
    assert b"Some words." in response.body
    assert local_site.hits[0].user_agent == settings.NEWSROOM_SOURCES_USER_AGENT
    assert "NewsroomSourceArchiver" in local_site.hits[0].user_agent


def test_redirects_are_followed_and_remembered(local_site):
    final = local_site.html("/new", "New", "Moved here.")
    start = local_site.move("/old", "/new")

    response = fetch(start)

    assert response.url == final and response.status == 200
    assert response.redirects == [(301, final)] and response.moved_permanently


def test_a_redirect_to_a_private_address_is_refused(local_site):
    start = local_site.move("/leak", "http://169.254.169.254/latest/meta-data/", status=302)

    with pytest.raises(FetchRefused, match=r"169\.254\.169\.254"):
        fetch(start)


def test_a_redirect_to_a_name_for_loopback_is_refused(settings):
    # A server on 127.0.0.2, the only address opened, sends the fetcher to "localhost"
    # (127.0.0.1 here), which stays refused.
    settings.NEWSROOM_SOURCES_ALLOWED_NETWORKS = ["127.0.0.2/32"]
    with running(LocalSite("127.0.0.2")) as site:
        start = site.move("/leak", "http://localhost/admin/")

        with pytest.raises(FetchRefused, match="localhost"):
            fetch(start)
        assert [hit.path for hit in site.hits] == ["/leak"]


def test_too_many_redirects_fail(local_site):
    for n in range(4):
        local_site.move(f"/r{n}", f"/r{n + 1}", status=302)

    with pytest.raises(FetchFailed, match="More than 2 redirects"):
        fetch(local_site.url("/r0"), limits=Limits(max_redirects=2))


def test_a_page_that_does_not_answer_in_time_fails(local_site):
    url = local_site.html("/slow", "Slow", "Late.", delay=3)

    with pytest.raises(FetchFailed, match="No answer within 1"):
        fetch(url, limits=Limits(timeout=1))


def test_a_page_over_the_size_limit_fails(local_site):
    url = local_site.set("/big", body=b"x" * 5000)

    with pytest.raises(FetchFailed, match="larger than"):
        fetch(url, limits=Limits(max_bytes=1000))


def test_a_type_not_archived_fails(local_site):
    url = local_site.set("/image", body=b"GIF89a", content_type="image/gif")

    with pytest.raises(FetchFailed, match="image/gif"):
        fetch(url, limits=Limits(content_types=("text/html",)))


def test_an_unknown_host_fails_clearly():
    with pytest.raises(FetchFailed, match="not known"):
        fetch("http://no-such-host.invalid/")
