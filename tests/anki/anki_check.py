#!/usr/bin/env python3
"""Check kioku's Anki exports against the real Anki library.

Imports kioku's ``.apkg`` packages and Anki-format ``.csv`` text files into an
Anki collection with the official ``anki`` package from PyPI (the same Rust
backend the desktop app uses), and prints what Anki made of them as one JSON
object on stdout. Needs only the standard library and ``anki``
(``pip install anki``; tested with anki 26.9.3 on Python 3.11).

Usage::

    anki_check.py import COLLECTION_PATH FILE [FILE ...]
    anki_check.py inspect COLLECTION_PATH

``import`` opens (or creates) the collection at COLLECTION_PATH (a ``.anki2``
file) and imports each FILE in order: a ``.apkg`` through
``Collection.import_anki_package`` with the options the desktop import dialog
starts with (``Collection._backend.get_import_anki_package_presets()``: by
default update notes and note types "if newer", don't merge note types, no
scheduling, no deck presets); a ``.csv`` (or ``.txt``/``.tsv``) through
``Collection.get_csv_metadata`` + ``Collection.import_csv``, using the metadata
Anki derives from the file's ``#`` header lines exactly as the dialog would
(duplicates resolved by Anki's remembered setting, "update" by default). It
prints::

    {"imports": [{"file", "new", "updated", "duplicate", "conflicting",
                  "first_field_changed", "missing_notetype", "missing_deck",
                  "empty_first_field", "found_notes", ...}],
     "notes": N, "cards": N}

where each count is the length of the matching list in Anki's import log
(``first_field_changed`` is the log's ``first_field_match`` list) and
``found_notes`` lists the ids (in the collection) of the notes of the ``new``,
``updated`` and ``duplicate`` lists; ``found_notes_total`` is Anki's own count
of notes read from the file.

``inspect`` prints the collection's notes, cards, note types and decks, with
each card's question and answer rendered by Anki itself (``Card.question()`` /
``Card.answer()``), both as HTML and as text with the tags stripped (contents
of ``<style>`` and ``<script>`` dropped) and whitespace collapsed.

Exit status: 0 on success, 2 on a usage error, 1 when Anki raises an error
(the error is printed to stderr and as ``{"error": ...}`` on stdout).
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
import traceback
from html.parser import HTMLParser

USAGE = (
    "usage: anki_check.py import COLLECTION_PATH FILE [FILE ...]\n"
    "       anki_check.py inspect COLLECTION_PATH\n"
)

LOG_LISTS = {
    "new": "new",
    "updated": "updated",
    "duplicate": "duplicate",
    "conflicting": "conflicting",
    "first_field_changed": "first_field_match",
    "missing_notetype": "missing_notetype",
    "missing_deck": "missing_deck",
    "empty_first_field": "empty_first_field",
}

CSV_SUFFIXES = (".csv", ".tsv", ".txt")


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment, skipping <style>/<script>."""

    _SKIP = {"style", "script"}
    _BREAKS = {"br", "div", "p", "li", "ol", "ul", "hr", "tr", "td", "th",
               "h1", "h2", "h3", "h4", "h5", "h6", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag in self._BREAKS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in self._BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in self._BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment, whitespace collapsed to single spaces."""
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    text = html.unescape("".join(parser.parts))
    return re.sub(r"\s+", " ", text).strip()


def _open(path: str):
    from anki.collection import Collection

    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    return Collection(path)


def _log_note_id(note) -> int:  # noqa: ANN001
    return int(note.id.nid) if note.HasField("id") else 0


def _import_apkg(col, path: str) -> dict:  # noqa: ANN001
    from anki.collection import ImportAnkiPackageRequest

    # The options the desktop import dialog starts with (remembered by the
    # collection; a fresh one gives: merge_notetypes=False,
    # update_notes=IF_NEWER, update_notetypes=IF_NEWER, with_scheduling=False,
    # with_deck_configs=False).
    options = col._backend.get_import_anki_package_presets()
    response = col.import_anki_package(
        ImportAnkiPackageRequest(package_path=path, options=options)
    )
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition as Cond

    return {
        "kind": "apkg",
        "options": {
            "merge_notetypes": options.merge_notetypes,
            "update_notes": Cond.Name(options.update_notes),
            "update_notetypes": Cond.Name(options.update_notetypes),
            "with_scheduling": options.with_scheduling,
            "with_deck_configs": options.with_deck_configs,
        },
        "log": response.log,
    }


def _import_csv(col, path: str) -> dict:  # noqa: ANN001
    from anki.collection import CsvMetadata, ImportCsvRequest

    # delimiter=None: taken from the file's #separator line, as in the dialog.
    metadata = col.get_csv_metadata(path, None)
    response = col.import_csv(ImportCsvRequest(path=path, metadata=metadata))
    deck = metadata.WhichOneof("deck")
    notetype = metadata.WhichOneof("notetype")
    return {
        "kind": "csv",
        "metadata": {
            "delimiter": CsvMetadata.Delimiter.Name(metadata.delimiter),
            "is_html": metadata.is_html,
            "guid_column": metadata.guid_column,
            "tags_column": metadata.tags_column,
            "deck": {deck: getattr(metadata, deck)} if deck else None,
            "notetype": (
                {"notetype_column": metadata.notetype_column}
                if notetype == "notetype_column"
                else {
                    "global_notetype": {
                        "id": metadata.global_notetype.id,
                        "field_columns": list(
                            metadata.global_notetype.field_columns
                        ),
                    }
                }
                if notetype
                else None
            ),
            "dupe_resolution": CsvMetadata.DupeResolution.Name(
                metadata.dupe_resolution
            ),
            "match_scope": CsvMetadata.MatchScope.Name(metadata.match_scope),
        },
        "log": response.log,
    }


def cmd_import(col_path: str, files: list[str]) -> dict:
    col = _open(col_path)
    try:
        imports = []
        for path in files:
            path = os.path.abspath(path)
            if not os.path.isfile(path):
                raise FileNotFoundError(path)
            lower = path.lower()
            if lower.endswith(".apkg"):
                result = _import_apkg(col, path)
            elif lower.endswith(CSV_SUFFIXES):
                result = _import_csv(col, path)
            else:
                raise ValueError(f"not a .apkg or .csv file: {path}")
            log = result.pop("log")
            entry: dict = {"file": path}
            for key, field in LOG_LISTS.items():
                entry[key] = len(getattr(log, field))
            found: list[int] = []
            for field in ("new", "updated", "duplicate"):
                found.extend(_log_note_id(n) for n in getattr(log, field))
            entry["found_notes"] = found
            entry["found_notes_total"] = int(log.found_notes)
            entry["details"] = {
                key: [
                    {"id": _log_note_id(n), "first_field": n.fields[0] if n.fields else ""}
                    for n in getattr(log, field)
                ]
                for key, field in LOG_LISTS.items()
                if key not in ("new", "duplicate") and len(getattr(log, field))
            }
            entry.update(result)
            imports.append(entry)
        return {
            "imports": imports,
            "notes": col.note_count(),
            "cards": col.card_count(),
        }
    finally:
        col.close()


def cmd_inspect(col_path: str) -> dict:
    if not os.path.isfile(col_path):
        raise FileNotFoundError(col_path)
    col = _open(col_path)
    try:
        notetypes = []
        names_by_id = {}
        for model in col.models.all():
            names_by_id[int(model["id"])] = model["name"]
            notetypes.append(
                {
                    "name": model["name"],
                    "id": int(model["id"]),
                    "fields": [f["name"] for f in model["flds"]],
                    "templates": [t["name"] for t in model["tmpls"]],
                    "is_cloze": model["type"] == 1,
                    "mod": int(model.get("mod", 0)),
                }
            )
        decks = sorted(d.name for d in col.decks.all_names_and_ids())
        deck_names = {d.id: d.name for d in col.decks.all_names_and_ids()}

        note_list = []
        for nid in sorted(col.find_notes("")):
            note = col.get_note(nid)
            note_list.append(
                {
                    "id": int(note.id),
                    "guid": note.guid,
                    "notetype": names_by_id.get(int(note.mid), str(note.mid)),
                    "fields": dict(note.items()),
                    "tags": list(note.tags),
                    "mod": int(note.mod),
                }
            )

        cards_list = []
        for cid in sorted(col.find_cards("")):
            card = col.get_card(cid)
            question = card.question()
            answer = card.answer()
            cards_list.append(
                {
                    "id": int(card.id),
                    "nid": int(card.nid),
                    "ord": int(card.ord),
                    "deck": deck_names.get(card.did, str(card.did)),
                    "question_html": question,
                    "answer_html": answer,
                    "question_text": html_to_text(question),
                    "answer_text": html_to_text(answer),
                }
            )
        return {
            "notes": col.note_count(),
            "cards": col.card_count(),
            "notetypes": notetypes,
            "decks": decks,
            "note_list": note_list,
            "cards_list": cards_list,
        }
    finally:
        col.close()


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "import":
        run = lambda: cmd_import(argv[1], argv[2:])  # noqa: E731
    elif len(argv) == 2 and argv[0] == "inspect":
        run = lambda: cmd_inspect(argv[1])  # noqa: E731
    else:
        sys.stderr.write(USAGE)
        return 2
    try:
        result = run()
    except Exception as exc:  # anki's errors, missing files, bad input
        traceback.print_exc(file=sys.stderr)
        json.dump({"error": f"{type(exc).__name__}: {exc}"}, sys.stdout,
                  ensure_ascii=False)
        sys.stdout.write("\n")
        return 1
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
