"""The pure chart builder: figures in, a PNG out, labelled in the user's language."""

from __future__ import annotations

import io
from decimal import Decimal

from matplotlib import image

from bot.charts import MAX_BARS, bar_chart, value_label
from bot.cogs.charts import CHART_ID, ChartSpec, chart_spec
from knowledge.answer import Answer, FigureRef

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def figure(entity: str, value: int, approximate: bool = False) -> FigureRef:
    return FigureRef(entity.lower(), entity, "hopper-gpus", "Hopper chips", "2024",
                     Decimal(value), "chips", approximate, "ft")  # fmt: skip


def test_bar_chart_is_a_png_of_sensible_size() -> None:
    png = bar_chart([figure("Microsoft", 485000, True), figure("Meta", 224000)],
                    title="Nvidia Hopper chips bought, 2024", language="en")  # fmt: skip
    assert png.startswith(PNG_SIGNATURE)
    pixels = image.imread(io.BytesIO(png))
    height, width = pixels.shape[:2]
    assert width == 800
    assert 200 <= height <= 1000


def test_more_figures_make_a_taller_chart_capped_at_25_bars() -> None:
    few = image.imread(
        io.BytesIO(bar_chart([figure("A", 1), figure("B", 2)], title="t", language="en"))
    )
    many_figures = [figure(f"E{i}", 1000 + i) for i in range(40)]
    many = image.imread(io.BytesIO(bar_chart(many_figures, title="t", language="fr")))
    capped = image.imread(io.BytesIO(bar_chart(many_figures[:MAX_BARS], title="t", language="fr")))
    assert many.shape[0] > few.shape[0]
    assert many.shape == capped.shape


def test_values_are_written_the_language_s_way() -> None:
    assert value_label(Decimal(485000), "en") == "485,000"
    assert value_label(Decimal(485000), "fr") == "485\u202f000"


def test_different_titles_give_different_images() -> None:
    figures = [figure("Microsoft", 485000), figure("Meta", 224000)]
    english = bar_chart(figures, title="Nvidia Hopper chips bought", language="en")
    french = bar_chart(figures, title="Puces Nvidia Hopper achetées", language="fr")
    assert english != french


def _answer_with(entities: list[str], *, metric: str = "hopper-gpus") -> Answer:
    figures = [
        FigureRef(
            entity=key,
            entity_name=key.title(),
            metric=metric,
            metric_label="Nvidia Hopper chips bought",
            period="2024",
            value=Decimal(1000 + i),
            unit="chips",
            approximate=False,
            source="omdia-2024",
        )
        for i, key in enumerate(entities)
    ]
    return Answer(
        question="q", language="en", answered=True, intent="ranking", text="t",
        interpretation="i", figures=figures, sources=[], suggestions=[],
    )  # fmt: skip


def test_chart_button_carries_what_it_draws_in_its_custom_id() -> None:
    spec = chart_spec(_answer_with(["microsoft", "meta"]))
    assert spec is not None
    assert spec.custom_id == "tally:chart:en:hopper-gpus:2024:microsoft,meta"
    match = CHART_ID.fullmatch(spec.custom_id)
    assert match is not None and ChartSpec.parse(match) == spec


def test_chart_button_falls_back_to_the_ranking_when_names_do_not_fit() -> None:
    spec = chart_spec(_answer_with([f"company-number-{i}" for i in range(10)]))
    assert spec is not None
    assert spec.custom_id == "tally:chart:en:hopper-gpus:2024:*"
    assert spec.entities == ()
    assert chart_spec(_answer_with(["microsoft"])) is None  # one figure: nothing to chart
