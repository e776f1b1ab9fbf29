"""Input files are decoded exactly, and bad bytes are reported where they are."""

import codecs

import pytest

from transbench.errors import InputError
from transbench.textio import read_text

TEXT = "قال المتحدث: «لا».\nسطر ثان"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom"],
)
def test_accepted_encodings_give_the_same_text(tmp_path, data: bytes) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    assert read_text(path) == TEXT


def test_invalid_utf8_names_file_and_byte_offset(tmp_path) -> None:
    path = tmp_path / "broken.txt"
    good = "خبر عاجل ".encode()
    path.write_bytes(good + b"\xff\xfe\xfd rest")
    with pytest.raises(InputError) as info:
        read_text(path)
    message = str(info.value)
    assert str(path) in message
    assert f"byte {len(good)}" in message


def test_windows_1256_is_rejected_with_a_clear_message(tmp_path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("قال المتحدث".encode("cp1256"))
    with pytest.raises(InputError, match=r"legacy\.txt: not valid UTF-8 at byte 0"):
        read_text(path)


def test_missing_file_and_folder(tmp_path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_text(tmp_path)
