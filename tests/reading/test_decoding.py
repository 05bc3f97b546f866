"""Decoding is checked: the charset a file claims must agree with its bytes, and text
that reads as garbage (NULs, scripts mixed as bytes read two at a time) is decoded again
or refused with a typed error, never returned as ``ok`` with no skills."""

from __future__ import annotations

import pytest

from cvmatch.errors import UnknownEncoding, UnreadableDocument
from cvmatch.reading import decode, read_document
from cvmatch.reading.decode import decode_checked, implausible

PAGE = (
    "<html><head>{meta}<title>CV</title></head><body><h1>Skills</h1>"
    "<p>Zendesk, customer service, café rota</p></body></html>"
)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_html_and_text_without_a_byte_order_mark(encoding: str) -> None:
    html = read_document(PAGE.format(meta="").encode(encoding), name="cv.html").text
    assert "Zendesk, customer service, café rota" in html and "\x00" not in html
    text = read_document("Skills\nZendesk, café\n".encode(encoding), name="cv.txt").text
    assert text == "Skills\nZendesk, café"


@pytest.mark.parametrize("claim", ["utf-16", "UTF-16LE", "utf-32", "x-no-such-charset"])
def test_a_false_charset_claim_is_not_believed(claim: str) -> None:
    data = PAGE.format(meta=f'<meta charset="{claim}">').encode("utf-8")
    assert "Zendesk, customer service, café rota" in read_document(data, name="cv.html").text


def test_an_8bit_claim_on_utf8_bytes_reads_utf8_and_a_true_claim_is_kept() -> None:
    utf8 = PAGE.format(meta='<meta charset="windows-1252">').encode("utf-8")
    assert "café" in read_document(utf8, name="cv.html").text
    latin = PAGE.format(
        meta='<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    )
    assert "café" in read_document(latin.encode("cp1252"), name="cv.html").text


def test_implausible_text_is_recognised() -> None:
    words = "Skills: Zendesk and customer service, call centre, refunds. " * 3
    swapped = words.encode("utf-16-le").decode("utf-16-be")
    assert implausible(swapped) is not None
    utf8_as_16 = words.encode().decode("utf-16-le")
    assert implausible(utf8_as_16) is not None
    assert implausible("Skills\x00\x00\x00\x00: Zendesk") is not None
    for real in (
        "Kundenservice über Telefon und E-Mail, Beschwerden lösen, Rückerstattungen prüfen. ",
        "负责客户服务，处理电话和邮件咨询，解决投诉，办理退款，维护客户关系，培训新员工。",
        "お客様からの電話とメールに対応し、苦情を解決し、返金を処理しました。新人の研修も担当。",
        "고객 전화와 이메일 문의에 응대하고 불만을 해결하며 환불을 처리했습니다. 신입 교육 담당.",
        "Обслуживание клиентов по телефону и почте, решение жалоб, оформление возвратов.",
    ):
        assert implausible(real * 2) is None, real


def test_undecodable_text_is_a_typed_error(monkeypatch) -> None:
    monkeypatch.setattr(decode, "_ALTERNATIVES", ("utf-8", "cp1252"))
    data = b"\x81\x8d\x8f\x90\x9d" * 200  # bytes no 8-bit reading gives text for
    with pytest.raises(UnknownEncoding, match=r"cv\.txt: .*save the file as UTF-8") as caught:
        decode_checked(data, "cv.txt")
    assert isinstance(caught.value, UnreadableDocument)
