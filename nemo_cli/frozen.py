"""Frozen value classes that cost next to nothing to define: ``@frozen`` instead of
``@dataclass(frozen=True)`` (and ``slots=True``).

``dataclasses`` writes and compiles the source of five or six methods for every class it makes:
about half a millisecond a class. The local engine and the events of a chat turn have some 150
small value classes that every ``nemo say`` loads, so defining them took longer than Python's
own start-up (issue #12). Here every class shares the same few methods, which read the field
names from the class: defining one is making a class, nothing more.

A ``@frozen`` class behaves as a frozen, slotted dataclass: ``__init__`` (positional or keyword
arguments, defaults, ``field(default_factory=...)``), ``__repr__``, ``__eq__`` (same class, equal
fields), ``__hash__``, ``__match_args__``, assignment refused with
``dataclasses.FrozenInstanceError``, pickling and ``copy``. It is a dataclass to ``dataclasses``
too: ``replace``, ``fields``, ``asdict`` and ``is_dataclass`` work on it (its
``__dataclass_fields__`` are made the first time they are asked for). Fields are the class's
annotations in order, less ``ClassVar`` ones; a default is a plain class attribute (immutable)
or ``field(default=...)`` / ``field(default_factory=...)`` with no other option; no
``__post_init__``. Type checkers see a frozen dataclass (``dataclass_transform``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, dataclass_transform, get_origin

T = TypeVar("T")
_NO_FACTORY: dict[str, Callable[[], Any]] = {}


def _values(self: Any) -> tuple[Any, ...]:
    return tuple([getattr(self, name) for name in self.__match_args__])


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    cls = type(self)
    names: tuple[str, ...] = cls.__match_args__
    if len(args) > len(names):
        raise TypeError(
            f"{cls.__name__}() takes {len(names)} positional arguments but {len(args)} were given"
        )
    put = object.__setattr__
    for name, value in zip(names, args, strict=False):
        put(self, name, value)
    defaults: dict[str, Any] = cls.__frozen_defaults__
    factories: dict[str, Callable[[], Any]] = cls.__frozen_factories__
    for name in names[len(args) :]:
        if name in kwargs:
            put(self, name, kwargs.pop(name))
        elif name in defaults:
            put(self, name, defaults[name])
        elif name in factories:
            put(self, name, factories[name]())
        else:
            raise TypeError(f"{cls.__name__}() missing required argument: '{name}'")
    if kwargs:
        name = next(iter(kwargs))
        how = "got multiple values for" if name in names else "got an unexpected keyword"
        raise TypeError(f"{cls.__name__}() {how} argument '{name}'")


def _repr(self: Any) -> str:
    inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__match_args__)
    return f"{type(self).__qualname__}({inner})"


def _eq(self: Any, other: object) -> object:
    if other.__class__ is self.__class__:
        same: bool = _values(self) == _values(other)
        return same
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(_values(self))


def _frozen_error(message: str) -> AttributeError:
    from dataclasses import FrozenInstanceError  # (only when someone tries)

    return FrozenInstanceError(message)


def _setattr(self: Any, name: str, value: object) -> None:
    raise _frozen_error(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise _frozen_error(f"cannot delete field {name!r}")


def _reduce(self: Any) -> tuple[type, tuple[Any, ...]]:
    return type(self), _values(self)


def _replace(self: T, **changes: Any) -> T:
    fields = dict(zip(self.__match_args__, _values(self), strict=True))  # type: ignore[attr-defined]
    fields.update(changes)
    return type(self)(**fields)


class _DataclassFields:
    """``__dataclass_fields__``, made on first use: ``dataclasses``' own ``Field`` objects, as
    ``@dataclass`` would have made them, so its functions take a ``@frozen`` value."""

    def __get__(self, instance: object, owner: type) -> dict[str, Any]:
        import dataclasses

        cls: Any = owner
        made: dict[str, Any] = {}
        for name in cls.__match_args__:
            if name in cls.__frozen_defaults__:
                spec = dataclasses.field(default=cls.__frozen_defaults__[name])
            elif name in cls.__frozen_factories__:
                spec = dataclasses.field(default_factory=cls.__frozen_factories__[name])
            else:
                spec = dataclasses.field()
            spec.name = name
            spec.type = cls.__frozen_types__[name]
            spec._field_type = dataclasses._FIELD  # type: ignore[attr-defined]
            spec.kw_only = False
            made[name] = spec
        type.__setattr__(cls, "__dataclass_fields__", made)  # made once per class
        return made


_METHODS: dict[str, Any] = {
    "__init__": _init,
    "__repr__": _repr,
    "__eq__": _eq,
    "__hash__": _hash,
    "__setattr__": _setattr,
    "__delattr__": _delattr,
    "__reduce__": _reduce,
    "__replace__": _replace,
    "__dataclass_fields__": _DataclassFields(),
}
_MUTABLE = (list, dict, set, bytearray)


def _is_classvar(annotation: object) -> bool:
    if isinstance(annotation, str):
        return annotation.startswith(("ClassVar", "typing.ClassVar"))
    return annotation is ClassVar or get_origin(annotation) is ClassVar


def _default_of(cls: type, name: str, value: Any) -> tuple[str, Any]:
    """("default", value) or ("factory", callable) for a class attribute given as default."""
    if type(value).__name__ == "Field" and hasattr(value, "default_factory"):
        import dataclasses

        plain = dataclasses.field()
        options = ("init", "repr", "hash", "compare", "metadata", "kw_only")
        if any(getattr(value, o, None) != getattr(plain, o, None) for o in options):
            raise TypeError(f"{cls.__name__}.{name}: @frozen takes only default(_factory)")
        if value.default_factory is not dataclasses.MISSING:
            return "factory", value.default_factory
        value = value.default
    if isinstance(value, _MUTABLE):
        raise TypeError(f"{cls.__name__}.{name}: a mutable default (use default_factory)")
    return "default", value


@dataclass_transform(frozen_default=True)
def frozen(cls: type[T]) -> type[T]:
    """The class as a frozen, slotted value (see the module's docstring)."""
    if "__post_init__" in cls.__dict__:
        raise TypeError(f"{cls.__name__}: @frozen has no __post_init__")
    inherited: tuple[str, ...] = getattr(cls, "__match_args__", ())
    defaults: dict[str, Any] = dict(getattr(cls, "__frozen_defaults__", {}))
    factories: dict[str, Callable[[], Any]] = dict(getattr(cls, "__frozen_factories__", {}))
    types: dict[str, Any] = dict(getattr(cls, "__frozen_types__", {}))
    own: list[str] = []
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if _is_classvar(annotation):
            continue
        if name in cls.__dict__:
            how, value = _default_of(cls, name, cls.__dict__[name])
            (factories if how == "factory" else defaults)[name] = value
        elif (defaults or factories) and name not in inherited:
            raise TypeError(f"{cls.__name__}.{name}: a field without a default after defaults")
        types[name] = annotation
        if name not in inherited:
            own.append(name)
    space = {k: v for k, v in cls.__dict__.items()
             if k not in own and k not in ("__dict__", "__weakref__")}  # fmt: skip
    space.update(_METHODS)
    space["__slots__"] = tuple(own)
    space["__match_args__"] = (*inherited, *own)
    space["__frozen_defaults__"] = defaults
    space["__frozen_factories__"] = factories or _NO_FACTORY
    space["__frozen_types__"] = types
    made: type[T] = type(cls)(cls.__name__, cls.__bases__, space)  # type: ignore[misc]
    return made


def replace(value: T, /, **changes: Any) -> T:
    """A copy of ``value`` with some fields changed: a ``@frozen`` value, or a dataclass."""
    if hasattr(type(value), "__frozen_defaults__"):
        return _replace(value, **changes)
    import dataclasses

    return dataclasses.replace(value, **changes)  # type: ignore[type-var]
