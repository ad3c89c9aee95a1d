"""Value classes that cost next to nothing to define: ``@frozen`` for a frozen, slotted
dataclass, ``@record`` for a plain (mutable) one.

``dataclasses`` writes and compiles the source of five or six methods for every class it makes,
about half a millisecond a class, and imports ``inspect`` (with ``ast``, ``dis``, ``tokenize``)
to do it. The engine, the chat events and the command plumbing have some 170 small value classes
that every ``nemo say`` loads, so defining them took longer than Python's own start-up (issue
#12). Here every class shares the same few methods, which read the field names from the class:
defining one is making a class, nothing more, and ``dataclasses`` is not imported for it.

What a class gets, as a dataclass would: ``__init__`` (positional or keyword arguments,
defaults, ``field(default_factory=...)``), ``__repr__``, ``__eq__`` (same class, equal fields),
``__match_args__``, and to ``dataclasses`` it is a dataclass: ``replace``, ``fields``,
``asdict`` and ``is_dataclass`` take it (its ``__dataclass_fields__`` are made the first time
they are asked for). ``@frozen`` adds ``__hash__``, ``__slots__``, assignment refused with
``dataclasses.FrozenInstanceError``, pickling and ``copy``; ``@record`` is mutable, unhashable
(as a dataclass with ``eq``), keeps its ``__dict__`` (``cached_property`` works) and calls
``__post_init__`` if it has one. Fields are the class's annotations in order, less ``ClassVar``
ones; a default is a plain class attribute (immutable), ``field(default=...)`` or
``field(default_factory=...)`` (this module's or ``dataclasses``' with no other option).
``replace(value, **changes)`` copies either kind (or a dataclass) without importing
``dataclasses``. Type checkers see dataclasses (``dataclass_transform``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, dataclass_transform, get_origin

T = TypeVar("T")
_NO_FACTORY: dict[str, Callable[[], Any]] = {}


class _Default:
    """What ``field()`` returns: a default value or a factory, read by the decorators."""

    __slots__ = ("default", "factory")

    def __init__(self, default: Any, factory: Callable[[], Any] | None) -> None:
        self.default = default
        self.factory = factory


_MISSING: Any = object()


def field(*, default: Any = _MISSING, default_factory: Callable[[], Any] | None = None) -> Any:
    """A field's default (``default``) or what makes one for each value (``default_factory``)."""
    return _Default(default, default_factory)


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


def _init_record(self: Any, *args: Any, **kwargs: Any) -> None:
    _init(self, *args, **kwargs)
    post = getattr(self, "__post_init__", None)
    if post is not None:
        post()


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
    ``@dataclass`` would have made them, so its functions take these classes."""

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


_SHARED: dict[str, Any] = {
    "__repr__": _repr,
    "__eq__": _eq,
    "__replace__": _replace,
    "__dataclass_fields__": _DataclassFields(),
}
_FROZEN: dict[str, Any] = {
    **_SHARED,
    "__init__": _init,
    "__hash__": _hash,
    "__setattr__": _setattr,
    "__delattr__": _delattr,
    "__reduce__": _reduce,
}
_RECORD: dict[str, Any] = {**_SHARED, "__init__": _init_record, "__hash__": None}
_MUTABLE = (list, dict, set, bytearray)


def _is_classvar(annotation: object) -> bool:
    if isinstance(annotation, str):
        return annotation.startswith(("ClassVar", "typing.ClassVar"))
    return annotation is ClassVar or get_origin(annotation) is ClassVar


def _default_of(cls: type, name: str, value: Any) -> tuple[str, Any]:
    """("default", value) or ("factory", callable) for a class attribute given as default."""
    if isinstance(value, _Default):
        if value.factory is not None:
            return "factory", value.factory
        value = value.default
    elif type(value).__name__ == "Field" and hasattr(value, "default_factory"):
        import dataclasses

        plain = dataclasses.field()
        options = ("init", "repr", "hash", "compare", "metadata", "kw_only")
        if any(getattr(value, o, None) != getattr(plain, o, None) for o in options):
            raise TypeError(f"{cls.__name__}.{name}: only default or default_factory is taken")
        if value.default_factory is not dataclasses.MISSING:
            return "factory", value.default_factory
        value = value.default
    if isinstance(value, _MUTABLE):
        raise TypeError(f"{cls.__name__}.{name}: a mutable default (use default_factory)")
    return "default", value


def _fields(cls: type) -> tuple[list[str], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The class's own fields, and every field's default, factory and annotation."""
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
    return own, defaults, factories, types


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def frozen(cls: type[T]) -> type[T]:
    """The class as a frozen, slotted value (see the module's docstring)."""
    if "__post_init__" in cls.__dict__:
        raise TypeError(f"{cls.__name__}: @frozen has no __post_init__ (use @record)")
    own, defaults, factories, types = _fields(cls)
    space = {
        k: v
        for k, v in cls.__dict__.items()
        if k not in own and k not in ("__dict__", "__weakref__")
    }
    space.update(_FROZEN)
    space["__slots__"] = tuple(own)
    space["__match_args__"] = (*getattr(cls, "__match_args__", ()), *own)
    space["__frozen_defaults__"] = defaults
    space["__frozen_factories__"] = factories or _NO_FACTORY
    space["__frozen_types__"] = types
    made: type[T] = type(cls)(cls.__name__, cls.__bases__, space)  # type: ignore[misc]
    return made


@dataclass_transform(field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """The class as a plain (mutable) dataclass (see the module's docstring)."""
    own, defaults, factories, types = _fields(cls)
    for name, value in _RECORD.items():
        if name not in cls.__dict__ or name == "__dataclass_fields__":
            setattr(cls, name, value)
    for name in own:  # a default read from the class, as a dataclass leaves it
        if name in defaults:
            setattr(cls, name, defaults[name])
        elif name in cls.__dict__:
            delattr(cls, name)
    made: Any = cls
    setattr(made, "__match_args__", (*getattr(cls, "__match_args__", ()), *own))  # noqa: B010
    made.__frozen_defaults__ = defaults
    made.__frozen_factories__ = factories or _NO_FACTORY
    made.__frozen_types__ = types
    return cls


def replace(value: T, /, **changes: Any) -> T:
    """A copy of ``value`` with some fields changed: a ``@frozen`` or ``@record`` value, or a
    dataclass."""
    if hasattr(type(value), "__frozen_defaults__"):
        return _replace(value, **changes)
    import dataclasses

    return dataclasses.replace(value, **changes)  # type: ignore[type-var]
