"""What tab completes a typed path to (common.files.complete_path), without the UI."""

from __future__ import annotations

import pytest

from netjournal.common.files import complete_path


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "Downloads").mkdir()
    (tmp_path / "Downloads" / "contacts.vcf").write_text("")
    (tmp_path / "Documents").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data2.csv").write_text("")
    (tmp_path / "notes.md").write_text("")
    (tmp_path / ".hidden").mkdir()
    return tmp_path


def test_a_name_completes_as_far_as_its_matches_agree_and_a_folder_gets_its_slash(folder):
    assert complete_path(f"{folder}/Dow") == f"{folder}/Downloads/"  # the only match, a folder
    assert complete_path(f"{folder}/Downloads/c") == f"{folder}/Downloads/contacts.vcf"  # a file: no slash
    assert complete_path(f"{folder}/no") == f"{folder}/notes.md"
    assert complete_path(f"{folder}/D") == f"{folder}/Do"  # Documents and Downloads agree on "Do"
    assert complete_path(f"{folder}/Do") == f"{folder}/Documents/"  # then the first of them, whole
    assert complete_path(f"{folder}/da") == f"{folder}/data"  # data/ and data2.csv agree on "data"
    assert complete_path(f"{folder}/data") == f"{folder}/data/"  # then the folder that is exactly that


def test_nothing_to_complete(folder):
    assert complete_path("") is None
    assert complete_path(f"{folder}/zzz") is None  # no match
    assert complete_path(f"{folder}/notes.md") is None  # complete already
    assert complete_path(f"{folder}/") is None  # nothing typed after the slash, and the names share nothing
    assert complete_path(f"{folder}/nowhere/x") is None  # no such folder
    assert complete_path(f"{folder}/notes.md/x") is None  # not a folder
    assert complete_path("~nosuchuser1234/x") is None  # an unknown user: no traceback
    assert complete_path(f"{folder}/a\x00b") is None


def test_hidden_names_only_when_a_dot_is_typed(folder):
    (folder / "hid").mkdir()
    assert complete_path(f"{folder}/h") == f"{folder}/hid/"
    assert complete_path(f"{folder}/.h") == f"{folder}/.hidden/"


def test_tilde_is_the_home_folder_and_stays_tilde(folder, monkeypatch):
    monkeypatch.setenv("HOME", str(folder))
    assert complete_path("~") == "~/"
    assert complete_path("~/Dow") == "~/Downloads/"
    assert complete_path("~/Downloads/con") == "~/Downloads/contacts.vcf"


def test_a_relative_name_completes_in_the_working_folder(folder, monkeypatch):
    monkeypatch.chdir(folder)
    assert complete_path("no") == "notes.md"
    assert complete_path("Downloads/c") == "Downloads/contacts.vcf"
