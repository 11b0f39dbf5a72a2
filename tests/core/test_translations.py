"""Indonesian is the first language: every message of ours has an Indonesian translation."""

import polib

from kelurahan.management.commands.compile_translations import catalogs, unfinished


def test_indonesian_catalog_exists_and_is_complete():
    paths = catalogs()
    assert [path.parent.parent.name for path in paths] == ["id"]
    catalog = polib.pofile(str(paths[0]))
    assert len(catalog) > 400
    assert unfinished(catalog) == []


def test_translations_keep_their_placeholders():
    catalog = polib.pofile(str(catalogs()[0]))
    for entry in catalog.translated_entries():
        for placeholder in ("%(", "{{"):
            if entry.msgid.count(placeholder):
                translated = entry.msgstr or entry.msgstr_plural.get(0, "")
                assert translated.count(placeholder) == entry.msgid.count(placeholder), entry.msgid
