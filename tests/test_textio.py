"""Input files are decoded exactly, and bad bytes are reported where they are."""

import codecs

import pytest

from transbench.errors import InputError
from transbench.textio import decode_article, read_text

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


ARTICLE = "قال المتحدث باسم الحكومة إن الوضع هادئ في الحسكة اليوم. "


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_as_utf16(encoding) -> None:
    text = ARTICLE + "(AFP) 2020"
    assert decode_article(text.encode(encoding), "x.txt") == (text, encoding)


def test_utf8_with_a_few_damaged_bytes_is_refused_at_the_first_of_them() -> None:
    good = (ARTICLE * 3).encode()
    data = good + b"\xd8" + (ARTICLE * 3).encode()  # one byte of a letter lost
    with pytest.raises(InputError) as info:
        decode_article(data, "wire.txt")
    assert f"wire.txt: not valid UTF-8 at byte {len(good)}" in str(info.value)
    assert "damaged" in str(info.value)


def test_windows_1256_arabic_is_read_and_binary_is_refused() -> None:
    assert decode_article(ARTICLE.encode("cp1256"), "") == (ARTICLE, "windows-1256")
    with pytest.raises(InputError, match="binary data"):
        decode_article(bytes(range(256)) * 8, "photo.txt")


def test_translate_and_segment_read_what_a_batch_reads(tmp_path, tiny_model_dir) -> None:
    from transbench.cli import main

    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(ARTICLE.encode("cp1256"))
    assert main(["segment", str(legacy)]) == 0
    out = tmp_path / "legacy.en.txt"
    assert main(["translate", str(legacy), "-m", str(tiny_model_dir), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").strip()
