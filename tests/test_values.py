"""``@frozen`` and ``@record``: dataclasses made cheaply, and dataclasses to ``dataclasses``."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import field
from functools import cached_property
from typing import ClassVar

import pytest

from nemo_cli.values import field as vfield
from nemo_cli.values import frozen, record, replace


@frozen
class Point:
    x: int
    y: int = 0


@frozen
class Shape:
    """A docstring of its own."""

    name: str
    points: tuple[Point, ...] = ()
    tags: list[str] = field(default_factory=list)
    origin: Point = field(default_factory=lambda: Point(0))
    kind: ClassVar[str] = "shape"


@dataclasses.dataclass(frozen=True, slots=True)
class Twin:
    """The stdlib's own, to compare with."""

    name: str
    points: tuple[Point, ...] = ()
    tags: list[str] = field(default_factory=list)
    origin: Point = field(default_factory=lambda: Point(0))
    kind: ClassVar[str] = "shape"


def test_init_repr_eq_hash_like_a_dataclass() -> None:
    a, b = Shape("s", (Point(1, 2),)), Twin("s", (Point(1, 2),))
    assert repr(a) == repr(b).replace("Twin", "Shape")
    assert a == Shape("s", (Point(1, 2),)) and a != Shape("t") and a != b
    assert Point(1) == Point(1, 0) and hash(Point(1)) == hash(Point(1, 0)) == hash((1, 0))
    assert Shape.kind == a.kind == "shape" and Shape.__doc__ == "A docstring of its own."
    assert Shape("s").tags is not Shape("s").tags
    assert not hasattr(a, "__dict__") and Point.__match_args__ == ("x", "y")
    match Point(3, 4):
        case Point(x, y):
            assert (x, y) == (3, 4)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Point(), "missing required argument: 'x'"),
        (lambda: Point(1, 2, 3), "takes 2 positional arguments but 3 were given"),
        (lambda: Point(1, x=2), "got multiple values for argument 'x'"),
        (lambda: Point(1, z=2), "got an unexpected keyword argument 'z'"),
    ],
)
def test_wrong_arguments(make: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        make()  # type: ignore[operator]


def test_frozen_and_copyable() -> None:
    p = Point(1, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 5  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del p.y  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(p)) == p == copy.copy(p) == copy.deepcopy(p)


def test_dataclasses_functions_take_it() -> None:
    a = Shape("s", (Point(1, 2),), ["t"])
    assert dataclasses.is_dataclass(a) and dataclasses.is_dataclass(Shape)
    assert [f.name for f in dataclasses.fields(a)] == [f.name for f in dataclasses.fields(Twin)]
    assert dataclasses.replace(a, name="n") == Shape("n", (Point(1, 2),), ["t"])
    assert dataclasses.asdict(a) == {
        "name": "s",
        "points": ({"x": 1, "y": 2},),
        "tags": ["t"],
        "origin": {"x": 0, "y": 0},
    }
    assert replace(a, tags=[]) == Shape("s", (Point(1, 2),))
    assert replace(Twin("t"), name="u") == Twin("u")


def test_what_it_refuses() -> None:
    with pytest.raises(TypeError, match="mutable default"):

        @frozen
        class A:
            items: list[int] = []  # noqa: RUF012

    with pytest.raises(TypeError, match="only default or default_factory"):

        @frozen
        class B:
            x: int = field(default=1, repr=False)

    with pytest.raises(TypeError, match="without a default after defaults"):

        @frozen
        class C:
            x: int = 1
            y: int  # type: ignore[misc]


# ---------------------------------------------------------------- @record: a plain dataclass


@record
class Settings:
    name: str
    tags: list[str] = vfield(default_factory=list)
    level: int = 1
    seen: ClassVar[int] = 0

    def __post_init__(self) -> None:
        self.name = self.name.strip()

    @cached_property
    def shout(self) -> str:
        return self.name.upper()


@dataclasses.dataclass
class Plain:
    name: str
    tags: list[str] = field(default_factory=list)
    level: int = 1


def test_record_is_a_mutable_dataclass() -> None:
    s = Settings(" a ")
    assert (s.name, s.tags, s.level, s.shout) == ("a", [], 1, "A")
    assert repr(Settings("b", ["x"], 2)) == repr(Plain("b", ["x"], 2)).replace("Plain", "Settings")
    s.level = 5
    assert s == Settings("a", [], 5) and s != Settings("a") and Settings.level == 1
    assert Settings("a").tags is not Settings("a").tags
    with pytest.raises(TypeError):
        hash(s)
    assert dataclasses.replace(s, level=2) == Settings("a", [], 2)
    assert replace(s, name=" c ").name == "c"  # __post_init__ runs again, as for a dataclass
    assert [f.name for f in dataclasses.fields(s)] == ["name", "tags", "level"]
    assert dataclasses.asdict(s) == {"name": "a", "tags": [], "level": 5}
    assert Settings.__match_args__ == ("name", "tags", "level")
