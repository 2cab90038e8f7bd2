"""WhiteNoise serves collectstatic's hashed files compressed with brotli (and
gzip) and cached for ten years, under production settings."""

import re

import pytest

from tests.serving_env import run_script

FETCH_STATIC = """
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client
client = Client()
url = staticfiles_storage.url("css/site.css")
answers = {}
for encoding in ("br", "gzip", "identity"):
    response = client.get(url, HTTP_ACCEPT_ENCODING=encoding,
                          HTTP_HOST="reviews.example.org", secure=True)
    answers[encoding] = {
        "status": response.status_code,
        "headers": dict(response.headers),
        "length": len(b"".join(response.streaming_content)),
    }
print(json.dumps({"url": url, "answers": answers}))
"""


@pytest.fixture(scope="module")
def site(production_site):
    return production_site


def test_collectstatic_writes_brotli_and_gzip_copies(site):
    tmp, _ = site
    hashed = [
        path
        for path in (tmp / "static" / "css").glob("site.*.css")
        if re.fullmatch(r"site\.[0-9a-f]{12}\.css", path.name)
    ]
    assert len(hashed) == 1
    assert hashed[0].with_name(hashed[0].name + ".br").is_file()
    assert hashed[0].with_name(hashed[0].name + ".gz").is_file()


def test_hashed_file_is_served_with_brotli_and_cached_for_ten_years(site):
    _, env = site
    fetched = run_script(FETCH_STATIC, env)
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", fetched["url"])
    brotli, gzip, plain = (fetched["answers"][e] for e in ("br", "gzip", "identity"))
    assert brotli["status"] == gzip["status"] == plain["status"] == 200
    assert brotli["headers"]["Content-Encoding"] == "br"
    assert gzip["headers"]["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain["headers"]
    assert brotli["length"] < gzip["length"] < plain["length"]
    for answer in (brotli, gzip, plain):
        assert (
            answer["headers"]["Cache-Control"] == "max-age=315360000, public, immutable"
        )
        assert "Accept-Encoding" in answer["headers"]["Vary"]
