"""SpanSet answers exactly what scanning every kept span would, for any spans."""

from hypothesis import given
from hypothesis import strategies as st

from people.entities.spans import SpanSet

spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 8)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=25,
)


@given(kept=spans, probe=st.tuples(st.integers(0, 70), st.integers(1, 8)))
def test_overlaps_matches_a_scan_of_every_span(kept, probe):
    found = SpanSet(kept)
    start, end = probe[0], probe[0] + probe[1]
    assert found.overlaps(start, end) == any(s < end and start < e for s, e in kept)


@given(kept=spans, position=st.integers(0, 70))
def test_contains_point_matches_a_scan_of_every_span(kept, position):
    assert SpanSet(kept).contains_point(position) == any(s <= position < e for s, e in kept)


def test_contains_is_inside_one_of_disjoint_spans():
    kept = SpanSet([(0, 5), (10, 20)])
    assert kept.contains(10, 20)
    assert kept.contains(11, 12)
    assert not kept.contains(4, 11)
    assert not kept.contains(20, 21)


def test_touching_spans_stay_apart():
    kept = SpanSet([(0, 3), (3, 5)])
    assert len(kept) == 2
    assert not kept.overlaps(5, 6)
    assert kept.overlaps(2, 4)
