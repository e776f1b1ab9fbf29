"""Saved news pages: the article is translated, the page around it is not."""

import json
from pathlib import Path

import pytest

from transbench.batch.extract import DocumentError, extract
from transbench.cli import main

PAGES = Path(__file__).parent / "data" / "html"
CNN = PAGES / "cnn-arabic-syria-clashes.html"
ASSABAH = PAGES / "assabah-sudan-interview.html"


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def test_the_article_of_a_real_news_page_and_nothing_around_it() -> None:
    gold = paragraphs((PAGES / "cnn-arabic-syria-clashes.article.txt").read_text(encoding="utf-8"))
    page = extract(CNN.read_bytes(), CNN.name)
    got = paragraphs(page.text)
    assert got[0] == "معارضون يسيطرون على مخازن للصواريخ بريف دمشق"  # the headline leads
    assert page.title == got[0]
    assert all(g in got for g in gold)  # every paragraph of the story, whole
    whole = paragraphs(extract(CNN.read_bytes(), CNN.name, html="whole").text)
    assert len(whole) > 4 * len(gold)  # the page is mostly not the story
    left_out = [p for p in whole if p not in got]
    assert {
        "الصفحة الرئيسية",
        "الأكثر تصفحاً",
        "شروط الخدمة | بيان الخصوصية | الإعلانات | من نحن؟",
    } <= set(left_out)  # the menu, the "most read" box, the footer
    assert len(got) <= len(gold) + 3


def test_sidebars_weather_and_comment_forms_are_left_out() -> None:
    page = extract(ASSABAH.read_bytes(), ASSABAH.name)
    whole = extract(ASSABAH.read_bytes(), ASSABAH.name, html="whole").text
    # In the article, as trafilatura's own evaluation of this page expects.
    for inside in ("منذ بدء", "كل المجالات", "وماذا عن حقيقة"):
        assert inside in page.text
    # The comment form, the weather box, the latest-news list, the copyright footer.
    for outside in ("إضافة تعليق جديد", "الأحوال الجوية", "آخر الأخبار", "جميع الحقوق ©"):
        assert outside not in page.text and outside in whole
    assert page.title.startswith("الناشط الحقوقي السوداني خالد عبد الكريم ماسا")
    assert page.text.startswith(page.title)  # the headline once, not twice
    assert page.date.startswith("2019-02-")  # the page says الجمعة 8 فيفري 2019


def test_inline_markup_stays_inside_its_sentence() -> None:
    html = (
        "<html><head><title>دوريات قرب القحطانية</title></head><body>"
        "<nav><a href='/'>الرئيسية</a> <a href='/sport'>رياضة</a></nav>"
        "<article><h1>دوريات قرب القحطانية</h1>"
        "<p>وصل الرتل إلى <b>الحسكة</b> صباح <a href='/x'>الأحد</a>.</p></article>"
        "</body></html>"
    )
    text = extract(html.encode(), "p.html").text
    assert paragraphs(text)[-1] == "وصل الرتل إلى الحسكة صباح الأحد."


def test_a_page_with_no_article_says_so() -> None:
    html = "<html><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(DocumentError, match="no article text found"):
        extract(html.encode(), "menu.html")


def test_batch_reports_the_title_and_date_of_each_page(tmp_path, ending_model_dir, capsys):
    out = tmp_path / "out"
    args = ["translate", str(CNN), str(ASSABAH), "-o", str(out), "-m", str(ending_model_dir)]
    assert main([*args, "--no-glossary"]) == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    titles = {Path(d["key"]).name: (d["title"], d["date"]) for d in report["documents"]}
    assert titles[CNN.name][0] == "معارضون يسيطرون على مخازن للصواريخ بريف دمشق"
    assert titles[ASSABAH.name][1].startswith("20")
    english = (out / "cnn-arabic-syria-clashes.en.txt").read_text(encoding="utf-8")
    assert len(paragraphs(english)) < 12  # the story's paragraphs, not the page's 40 blocks
    capsys.readouterr()
    assert main([*args, "--no-glossary", "--html", "whole"]) == 0  # new settings: redone
    english = (out / "cnn-arabic-syria-clashes.en.txt").read_text(encoding="utf-8")
    assert len(paragraphs(english)) > 30
