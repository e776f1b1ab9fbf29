"""The degenerate-draft detector (`mt.degenerate`): what constrained searches wrote on the
example article (issue #30), and fluent English that must not be flagged."""

import pytest

from transbench.mt.degenerate import is_degenerate, problems, worse

from .conftest import SHARED

MT_OUTPUTS = SHARED / "testsets" / "mt-outputs-flores-dev"
QAHTANIYAH = [("al-Qahtaniyah",), ("Hasakah",)]
PENTAGON = [("northeast Syria",), ("Washington",), ("Pentagon",)]


@pytest.mark.parametrize(
    ("text", "terms", "kind"),
    [
        (
            "a new patrol near the national security and and and and and and and al-Qahtaniyah",
            QAHTANIYAH,
            "stutter",
        ),
        (
            "Russian forces crossed the line between Moscow and Washington, and "
            "Washington, and Washington, and Washington.",
            [("Moscow",), ("Washington",)],
            "loop",
        ),
        ("US troops are deployed in Syria Syria Syria Pentagon.", PENTAGON, "stutter"),
        ("in HASASASASAKAH province", QAHTANIYAH, "subword"),
        ("according to Pentaentagon figures", PENTAGON, "subword"),
        ("the deconflictiontion line", [("deconfliction line",)], "subword"),
        ("US forces patrolled near Hasakahtaniyah.", QAHTANIYAH, "glued"),
        (
            "US and that that a Hasakah on on in in in.......... al-Qahtaniyah",
            QAHTANIYAH,
            "stutter",
        ),
        ("a patrol near al-Qahtaniyah,,, in Hasakah", QAHTANIYAH, "punctuation"),
    ],
)
def test_what_the_searches_wrote_is_degenerate(text, terms, kind) -> None:
    assert kind in {k for k, _ in problems(text, terms=terms)}


def test_a_hyphenated_stutter_only_counts_three_times() -> None:
    assert not is_degenerate("their great-great-grandchildren")
    assert is_degenerate("a p-p-p-p-p-p of it")


def test_runaway_length_against_the_source_and_the_plain_draft() -> None:
    source = "وصل الرتل إلى الحسكة."
    long = " ".join(f"word{i}" for i in range(30))
    assert ("runaway", "source") in problems(long, source)
    assert not problems("The convoy reached Hasakah.", source)
    assert ("runaway", "plain") in problems(long, plain="The convoy reached Hasakah.")


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("US patrols near al-Qahtaniyah in Hasakah, northeast Syria.", QAHTANIYAH),
        ("Syrian and Kurdish fighters met Americans in Washington's office.", PENTAGON),
        ("The Pentagon said Washington had had enough.", PENTAGON),
        ("Now for Japan. Japan was an island nation, just like Britain.", ()),
        ("The game is played on the grass, the grass around the hole is cut.", ()),
        (
            "Turkey is surrounded by seas on three sides: the Aegean Sea to the west, the "
            "Black Sea to the north and the Mediterranean Sea to the south.",
            (),
        ),
        ("the Ngorongoro Conservation Area and Mississippi, Starstar", ()),
        ('He said: "The situation is calm for now..."', ()),
        ("Tomb of Tutankhamun (KV62). KV62 may be the most famous.", ()),
        ("In 2,000 2,000-strong units, he said that that was 10 10 times more.", ()),
    ],
)
def test_fluent_english_is_not_degenerate(text, terms) -> None:
    assert problems(text, terms=terms) == set()


def test_a_rewrite_is_worse_where_it_makes_a_fluent_draft_degenerate() -> None:
    plain = "forces forces sent a patrol near the town."
    # The model babbled already: a babble that has the term is no worse, unless it runs away.
    assert not worse("forces forces sent a patrol near al-Qahtaniyah.", plain, terms=QAHTANIYAH)
    assert not worse("forces sent a patrol near Syria Syria al-Qahtaniyah.", plain)
    assert worse(plain + " and and" * 30, plain)
    fluent = "US troops are deployed in the northeast, according to Pentagon figures."
    assert worse("US troops are deployed in in Syria Syria Syria.", fluent)
    assert not worse("US troops are deployed in northeast Syria, the Pentagon said.", fluent)


def test_real_mt_output_is_almost_never_flagged() -> None:
    """Seven systems and the human reference on FLORES dev: the human English is never
    flagged; the systems' lines are flagged at most 0.3% of the time (those flagged are
    the systems' own stutters: `record record`, `blah, blah, blah, …`)."""
    if not MT_OUTPUTS.is_dir():
        pytest.skip("../shared/testsets is not present (it is in CI)")
    sources = (MT_OUTPUTS / "source.ar").read_text(encoding="utf-8").splitlines()
    flagged = total = 0
    for path in sorted(MT_OUTPUTS.glob("*.en")):
        lines = path.read_text(encoding="utf-8").splitlines()
        hits = [t for s, t in zip(sources, lines, strict=True) if is_degenerate(t, s)]
        if path.stem == "reference":
            assert hits == []
        flagged, total = flagged + len(hits), total + len(lines)
    assert total > 7000
    assert flagged / total <= 0.003
