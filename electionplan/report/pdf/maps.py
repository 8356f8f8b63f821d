"""A constituency's map as the plan prints it: the map, its key, the map in words, and an enlargement of
any part too crowded to number every station."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from electionplan.report.map_drawing import map_description, map_drawing, outline_enlargement
from electionplan.report.map_key import legend_drawing, legend_words
from electionplan.report.mapscene import enlargement
from electionplan.report.pdf.core import CONTENT_W, para
from electionplan.report.pdf.tagging import figure


def seat_map_story(seat, styles) -> list:
    """The constituency's map, its key, and the map in words (which is also the figure's alternative text);
    where stations stand too close together to number, an enlargement of that part follows."""
    drawing = map_drawing(seat.map, CONTENT_W, 118 * mm)
    crowded = drawing.__dict__["unnumbered"]
    inset = enlargement(seat.map, set(crowded), CONTENT_W / (80 * mm)) if crowded else None
    if inset is not None:
        outline_enlargement(drawing, inset.bounds)
    words = map_description(seat.map, seat.name, drawing.__dict__["drawn_labels"], crowded,
                            drawing.__dict__["wards_named"])
    story = [figure(drawing, words), Spacer(1, 2 * mm),
             figure(legend_drawing(CONTENT_W, scene=seat.map), legend_words(seat.map)), para(words, styles["Note"])]
    if inset is not None:
        larger = map_drawing(inset, CONTENT_W, 80 * mm)
        inset_words = map_description(inset, f"the dashed box on the map of {seat.name}, enlarged",
                                      larger.__dict__["drawn_labels"], None, larger.__dict__["wards_named"])
        left = larger.__dict__["unnumbered"]
        if left:  # still too close even here: named, so no number is looked for in vain
            inset_words = inset_words[:-1] + (f"; still too close to number: {', '.join(left)}, placed by "
                                              "their grid references in the table.")
        # Its own block: the map stays with its heading, and the enlargement follows where it fits.
        return [KeepTogether(story), Spacer(1, 2 * mm),
                KeepTogether([figure(larger, inset_words), para(inset_words, styles["Note"])])]
    return [KeepTogether(story)]
