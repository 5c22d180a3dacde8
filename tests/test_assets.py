"""What a browser gets for the built files, the pages and the message catalogue: compressed,
and cached for a year exactly when the URL changes with the content."""
import json
import re

import brotli
import pytest

from app.assets import FOREVER, MANIFEST

BR = {"Accept-Encoding": "gzip, deflate, br"}

pytestmark = pytest.mark.skipif(not MANIFEST.exists(), reason="make assets builds static/dist")


def catalogue_url(page: str) -> str:
    return re.search(r'<script src="(/messages/[^"]+)"', page)[1]


def test_built_files_are_sent_compressed_and_kept_for_a_year(app):
    http = app.test_client()
    for entry, built in json.loads(MANIFEST.read_text()).items():
        response = http.get(f"/static/dist/{built}", headers=BR)
        assert response.status_code == 200, entry
        assert response.headers["Content-Encoding"] == "br"
        assert response.headers["Vary"] == "Accept-Encoding"
        assert response.headers["Cache-Control"] == FOREVER
        plain = http.get(f"/static/dist/{built}", headers={"Accept-Encoding": "identity"})
        assert "Content-Encoding" not in plain.headers
        assert brotli.decompress(response.data) == plain.data


def test_pages_name_the_current_build_and_are_compressed(app):
    http = app.test_client()
    response = http.get("/join", headers=BR)
    assert response.headers["Content-Encoding"] == "br"
    page = brotli.decompress(response.data).decode()
    built = json.loads(MANIFEST.read_text())
    assert f'src="/static/dist/{built["join.js"]}"' in page
    assert f'href="/static/dist/{built["app.css"]}"' in page
    assert 'id="messages"' not in page  # the catalogue is not inlined any more


def test_the_catalogue_is_a_script_per_language_under_its_hash(app):
    http = app.test_client()
    url = catalogue_url(http.get("/join?lang=ru").get_data(as_text=True))
    assert re.fullmatch(r"/messages/ru-[0-9a-f]{12}\.js", url)
    response = http.get(url, headers=BR)
    assert response.headers["Cache-Control"] == FOREVER
    assert response.headers["Content-Encoding"] == "br"
    assert response.mimetype == "text/javascript"
    script = brotli.decompress(response.data).decode()
    messages = json.loads(script.removeprefix("self.workshopMessages=").removesuffix(";"))
    assert messages["status.online"] == "Подключено"
    # Russian counts in three forms, one key per CLDR category the browser picks from
    assert {key: messages[f"board.dots.{key}"] for key in ("one", "few", "many")} == {
        "one": "%(count)s голос", "few": "%(count)s голоса", "many": "%(count)s голосов"}
    assert url != catalogue_url(http.get("/join?lang=zh").get_data(as_text=True))


def test_an_outdated_catalogue_hash_gets_todays_text_uncached(app):
    http = app.test_client()
    response = http.get("/messages/fr-000000000000.js")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    assert "Connecté" in response.get_data(as_text=True)
    assert http.get("/messages/xx-000000000000.js").status_code == 404


def test_arabic_counts_in_its_six_forms(app):
    http = app.test_client()
    url = catalogue_url(http.get("/join?lang=ar").get_data(as_text=True))
    messages = json.loads(http.get(url).get_data(as_text=True)
                          .removeprefix("self.workshopMessages=").removesuffix(";"))
    assert {k.rsplit(".", 1)[1] for k in messages if k.startswith("board.dots.")} == {
        "zero", "one", "two", "few", "many", "other"}


@pytest.mark.parametrize(("accept", "tag", "heading"), [
    ("zh-CN,zh;q=0.9,en;q=0.5", "zh-Hans", "加入研讨会"),
    ("ru-RU,ru;q=0.9", "ru", "Присоединиться к семинару"),
])
def test_a_browser_asking_for_chinese_or_russian_gets_it(app, accept, tag, heading):
    page = app.test_client().get("/join", headers={"Accept-Language": accept}).get_data(
        as_text=True)
    assert f'<html lang="{tag}" dir="ltr">' in page
    assert f"<h1>{heading}</h1>" in page
