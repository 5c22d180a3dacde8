"""Every language's catalogue is complete and keeps each message's placeholders: a
missing translation shows English in the middle of a French page, a lost %(name)s
breaks the sentence."""
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.config import from_environment

CATALOGUES = sorted(Path("app/translations").glob("*/LC_MESSAGES/messages.po"))
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_every_language_the_server_offers_has_a_catalogue():
    offered = set(from_environment()["LANGUAGES"]) - {"en"}
    assert offered >= {"fr", "es", "ar", "zh", "ru"}
    assert {p.parts[2] for p in CATALOGUES} == offered


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[2])
def test_every_message_is_translated_with_its_placeholders(path):
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(texts):
            problems.append(("untranslated", ids[0]))
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        for text in texts:
            # a plural form may leave the count out ("one answer"), nothing else
            if set(PLACEHOLDER.findall(text)) - wanted or \
                    wanted - {"num", "count"} - set(PLACEHOLDER.findall(text)):
                problems.append(("placeholders", ids[0], text))
    assert problems == []
