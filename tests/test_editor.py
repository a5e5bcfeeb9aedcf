"""Editing a text in the person's own editor (common/editor.py), with small shell scripts as the editor."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netjournal.common.editor import (EditorProblem, edit_text, editor_command, filesystem_type,
                                     memory_backed_folder)


def script(folder: Path, name: str, body: str) -> Path:
    """An executable `#!/bin/sh` script: the editor, called with the file to edit as $1."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def temp_root(tmp_path: Path) -> Path:
    """Where the editing folders are made, so a test can see that none is left behind."""
    root = tmp_path / "tmp"
    root.mkdir()
    return root


def test_editor_comes_from_editor_then_visual_split_as_a_shell_would(tmp_path):
    assert editor_command({"EDITOR": "code --wait", "VISUAL": "vim"}) == ["code", "--wait"]
    assert editor_command({"EDITOR": "'/opt/my editor/bin/ed' -n"}) == ["/opt/my editor/bin/ed", "-n"]
    assert editor_command({"EDITOR": "  ", "VISUAL": "emacs -nw"}) == ["emacs", "-nw"]
    with pytest.raises(EditorProblem, match=r"\$EDITOR cannot be read as a command"):
        editor_command({"EDITOR": "vim 'unclosed"})


def test_without_editor_or_visual_a_default_on_the_path_is_used(tmp_path):
    bin_folder = tmp_path / "bin"
    nano = script(bin_folder, "nano", "exit 0")
    script(bin_folder, "vi", "exit 0")
    assert editor_command({"PATH": str(bin_folder)}) == [str(nano)]  # the gentler one first
    with pytest.raises(EditorProblem, match=r"No editor found: set \$EDITOR"):
        editor_command({"PATH": str(tmp_path / "empty")})


def test_what_the_editor_saves_comes_back_and_the_private_folder_goes(tmp_path, temp_root):
    record = tmp_path / "record"
    editor = script(tmp_path, "editor", f"""
stat -c '%a' "$(dirname "$1")" > "{record}"
stat -c '%a' "$1" >> "{record}"
basename "$1" >> "{record}"
printf ' and her garden.\\n' >> "$1"
""")
    text = edit_text("Sam keeps bees", [str(editor)], "reflection-2026-W48-answer-1.md", str(temp_root))
    # The editor's newline at the end of the last line is dropped: the answer had none.
    assert text == "Sam keeps bees and her garden."
    assert record.read_text().split() == ["700", "600", "reflection-2026-W48-answer-1.md"]
    assert list(temp_root.iterdir()) == []  # the folder, and whatever the editor left in it, is gone


def test_an_editor_command_with_arguments(tmp_path, temp_root):
    editor = script(tmp_path, "editor", 'printf "%s" "$1" > "$2"')  # the file comes after the arguments
    assert edit_text("old", [str(editor), "new text"], temp_root=str(temp_root)) == "new text"


def test_a_text_saved_unchanged_is_no_change(tmp_path, temp_root):
    rewrite = script(tmp_path, "rewrite", 'content=$(cat "$1"); printf "%s\\n" "$content" > "$1"')  # as vim :wq
    assert edit_text("Sam keeps bees", [str(rewrite)], temp_root=str(temp_root)) is None
    assert edit_text("two\nlines\n", [str(rewrite)], temp_root=str(temp_root)) is None
    assert list(temp_root.iterdir()) == []


@pytest.mark.parametrize("body, message", [
    ('echo changed > "$1"; exit 1', "The editor exited with code 1"),
    ('echo changed > "$1"; kill -9 $$', r"The editor was stopped \(signal 9\)"),
    ('rm "$1"', "The editor left no file behind"),
    ("printf '\\377\\376' > \"$1\"", "The editor saved something that is not UTF-8 text"),
])
def test_an_editor_that_fails_changes_nothing_and_leaves_nothing(tmp_path, temp_root, body, message):
    editor = script(tmp_path, "editor", body)
    with pytest.raises(EditorProblem, match=message):
        edit_text("Sam keeps bees", [str(editor)], temp_root=str(temp_root))
    assert list(temp_root.iterdir()) == []


def test_an_editor_that_is_not_there(tmp_path, temp_root):
    with pytest.raises(EditorProblem, match="Cannot start the editor .*no-such-editor"):
        edit_text("text", [str(tmp_path / "no-such-editor")], temp_root=str(temp_root))
    not_executable = tmp_path / "plain-file"
    not_executable.write_text("#!/bin/sh\n")
    with pytest.raises(EditorProblem, match="Permission denied"):
        edit_text("text", [str(not_executable)], temp_root=str(temp_root))
    assert list(temp_root.iterdir()) == []


def test_the_folder_goes_even_when_netjournal_raises(tmp_path, temp_root, monkeypatch):
    editor = script(tmp_path, "editor", 'echo new > "$1"')

    def broken(self):
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(Path, "read_bytes", broken)
    with pytest.raises(RuntimeError, match="the disk went away"):
        edit_text("text", [str(editor)], temp_root=str(temp_root))
    assert list(temp_root.iterdir()) == []


def test_the_folder_is_private_whatever_the_umask(tmp_path, temp_root):
    record = tmp_path / "record"
    editor = script(tmp_path, "editor", f'stat -c "%a" "$(dirname "$1")" "$1" > "{record}"')
    old = os.umask(0o222)  # would take the write bits away from a folder made without chmod
    try:
        edit_text("text", [str(editor)], temp_root=str(temp_root))
    finally:
        os.umask(old)
    assert record.read_text().split() == ["700", "600"]


# --- a memory-backed folder for an encrypted journal's text -------------------------------------------------------

def mount_table(folder: Path, fs_type: str) -> str:
    """A /proc/self/mountinfo with the disk at / and `folder`'s device mounted with `fs_type` (and an optional
    field, as systemd's `shared:1` is, before the separator)."""
    device = os.stat(folder).st_dev
    return (f"27 1 254:99 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
            f"40 27 {os.major(device)}:{os.minor(device)} / {folder} rw,nosuid shared:7 - {fs_type} none rw,mode=700\n")


def test_a_memory_file_system_is_told_by_its_device_not_its_name(tmp_path):
    folder = tmp_path / "run"
    folder.mkdir()
    assert filesystem_type(folder, mount_table(folder, "tmpfs")) == "tmpfs"
    assert filesystem_type(folder, mount_table(folder, "ramfs")) == "ramfs"
    assert filesystem_type(folder, mount_table(tmp_path, "tmpfs")) == "tmpfs"  # another name, the same device
    assert filesystem_type(folder, "27 1 999:9 / / rw - ext4 /dev/vda rw\n") is None


@pytest.mark.parametrize("fs_type, found", [("tmpfs", True), ("ramfs", True), ("ext4", False)])
def test_xdg_runtime_dir_is_used_only_when_it_is_in_memory(tmp_path, fs_type, found):
    runtime = tmp_path / "run-user-1000"
    runtime.mkdir(mode=0o700)
    table = tmp_path / "mountinfo"
    table.write_text(mount_table(runtime, fs_type))
    # /dev/shm is the second choice: on this table it is on no known device (or on the disk), so not taken.
    assert memory_backed_folder({"XDG_RUNTIME_DIR": str(runtime)}, table) == (runtime if found else None)


def test_no_folder_when_the_mount_table_cannot_be_read_or_the_folder_is_no_use(tmp_path):
    runtime = tmp_path / "run"
    runtime.mkdir()
    table = tmp_path / "mountinfo"
    table.write_text(mount_table(runtime, "tmpfs"))
    assert memory_backed_folder({"XDG_RUNTIME_DIR": str(runtime)}, tmp_path / "no-proc") is None  # as on macOS
    assert memory_backed_folder({"XDG_RUNTIME_DIR": "run"}, table) is None  # relative: ignored, as XDG says
    assert memory_backed_folder({"XDG_RUNTIME_DIR": str(tmp_path / "gone")}, table) is None
    (runtime / "file").write_text("")
    assert memory_backed_folder({"XDG_RUNTIME_DIR": str(runtime / "file")}, table) is None  # not a folder


@pytest.mark.skipif(not Path("/proc/self/mountinfo").exists() or not Path("/dev/shm").is_dir(),
                    reason="no /proc or no /dev/shm here")
def test_on_this_machine_dev_shm_is_found_when_it_is_tmpfs(tmp_path):
    table = Path("/proc/self/mountinfo").read_text()
    expected = Path("/dev/shm") if filesystem_type(Path("/dev/shm"), table) in ("tmpfs", "ramfs") else None
    assert memory_backed_folder({}) == expected
    assert memory_backed_folder({"XDG_RUNTIME_DIR": str(tmp_path)}) == expected  # tmp_path is on the disk here


def test_an_edit_in_a_memory_folder_leaves_nothing_there(tmp_path):
    memory = memory_backed_folder({})
    if memory is None:
        pytest.skip("no memory-backed folder on this machine")
    before = set(memory.iterdir())
    seen = tmp_path / "seen"
    editor = script(tmp_path, "editor", f'dirname "$1" > "{seen}"; printf "in memory" > "$1"')
    assert edit_text("on disk?", [str(editor)], temp_root=str(memory)) == "in memory"
    assert Path(seen.read_text().strip()).parent == memory
    assert set(memory.iterdir()) == before
